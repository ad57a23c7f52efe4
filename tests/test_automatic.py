"""Automatic mail (RFC 3834) is stored and recorded, never answered and never taken as a request or a reply."""

from __future__ import annotations

import pytest

from mailbot.ingest.receive import receive
from mailbot.outbox.send import SMTPTransport, send_due
from mailbot.workflow import service
from tests.mails import OPERATORS, REGISTRAR, SECURITY, build, outbox, reply_to, request


def ticket(app, ref="RL-000001"):
    from mailbot import views
    from mailbot.store import queries

    with app.sessions() as session:
        return views.ticket_detail(session, queries.ticket_by_ref(session, ref))


AUTOMATIC = [
    ({"Auto-Submitted": "auto-replied"}, "Auto-Submitted: auto-replied"),
    ({"Auto-Submitted": "auto-generated; owner-email=x@y.example"}, "Auto-Submitted: auto-generated"),
    ({"Precedence": "bulk"}, "Precedence: bulk"),
    ({"Precedence": "junk"}, "Precedence: junk"),
    ({"Precedence": "list"}, "Precedence: list"),
    ({"List-Id": "<dns-ops.lists.example>"}, "mailing list"),
    ({"List-Unsubscribe": "<mailto:leave@lists.example>"}, "mailing list"),
    ({"X-Auto-Response-Suppress": "OOF"}, "X-Auto-Response-Suppress"),
    ({"Return-Path": "<>"}, "null reverse path"),
]


@pytest.mark.parametrize("headers, why", AUTOMATIC)
def test_an_out_of_office_reply_to_a_confirmation_request_confirms_nothing(registry, headers, why):
    request(registry)
    service.record_call(registry, "RL-000001", outcome="verified", contact=SECURITY, operator="Sam")
    coa = next(o for o in outbox(registry, "confirmation_of_authorisation") if SECURITY in o.to)
    before = len(outbox(registry))
    raw = reply_to(coa, sender=SECURITY, text="I am out of the office. I confirm receipt of your message.")
    for name, value in headers.items():
        raw = f"{name}: {value}\n".encode() + raw
    result = receive(registry, raw, "imap")
    assert (result.kind, result.state, result.action) == ("automatic", "awaiting_confirmation", "recorded")
    event = ticket(registry)["events"][-1]
    assert event["kind"] == "automatic_message" and why in event["reason"]
    assert len(outbox(registry)) == before  # nobody is answered, nobody is told


@pytest.mark.parametrize("sender", ["MAILER-DAEMON@mx.registrar.example", "postmaster@registrar.example"])
def test_mail_from_a_mail_system_is_never_answered(registry, sender):
    result = receive(registry, build(sender=sender, subject="Undelivered Mail Returned to Sender"), "smtp")
    assert (result.kind, result.action) == ("automatic", "triaged")
    assert [o.to for o in outbox(registry)] == [[OPERATORS]]  # a person is told; the robot is not answered


def test_an_automated_request_from_a_registrar_goes_to_a_person_not_back_to_the_robot(registry):
    result = request(registry, headers={"Auto-Submitted": "auto-generated"})
    assert (result.kind, result.state) == ("automatic", "triage")
    assert all(REGISTRAR not in o.to for o in outbox(registry))


def test_a_bounce_report_of_ticket_mail_is_recorded_on_its_ticket(registry):
    request(registry)
    ack = outbox(registry, "change_received")[0]
    report = (b"From: MAILER-DAEMON@mx.registrar.example\r\nTo: registrylock@registry.example\r\n"
              b"Subject: Delivery Status Notification (Failure)\r\nMessage-ID: <dsn-1@mx.registrar.example>\r\n"
              b"In-Reply-To: " + ack.message_id.encode() + b"\r\nMIME-Version: 1.0\r\n"
              b"Content-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n"
              b"--b\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n--b--\r\n")
    result = receive(registry, report, "smtp")
    assert (result.kind, result.ticket, result.action) == ("automatic", "RL-000001", "recorded")
    assert ticket(registry)["state"] == "awaiting_verification"


def test_an_auto_responder_gets_no_reply_however_long_it_writes(registry, smtp_peer):
    """A peer that answers everything automatically: the bot's replies stay bounded (here: none to it)."""
    request(registry)
    send_due(registry, SMTPTransport(smtp_peer.url))
    for round_ in range(5):
        for envelope in list(smtp_peer.received):
            if REGISTRAR in envelope.rcpt_tos:
                original = envelope.original_content
                msg_id = original.split(b"Message-ID: ", 1)[1].split(b"\r\n", 1)[0]
                auto = build(sender=REGISTRAR, subject="Auto: we have received your message",
                             body=f"Thank you. Ticket {round_} logged.\n",
                             headers={"Auto-Submitted": "auto-replied", "In-Reply-To": msg_id.decode()})
                receive(registry, auto, "smtp")
        send_due(registry, SMTPTransport(smtp_peer.url))
    to_registrar = [e for e in smtp_peer.received if REGISTRAR in e.rcpt_tos]
    assert len(to_registrar) == 1  # the one acknowledgement of the request, never an answer to the robot
