"""Automatic mail (RFC 3834) is stored and recorded, never answered and never taken as a request or a reply."""

from __future__ import annotations

import pytest

from mailbot.ingest.receive import receive
from mailbot.outbox.send import SMTPTransport, send_due
from mailbot.workflow import operators
from tests.mails import OPERATORS, REGISTRAR, SECURITY, build, outbox, reply_to, request
from tests.support.tickets import ticket

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
    operators.record_call(registry, "RL-000001", outcome="verified", contact=SECURITY, operator="Sam")
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


def dsn(original_message_id: str, recipient: str, action: str = "failed", status: str = "5.1.1") -> bytes:
    """A delivery status notification as Postfix writes one (RFC 3464), without In-Reply-To."""
    return (
        "From: MAILER-DAEMON@mx.hmrc.gov.uk (Mail Delivery System)\r\n"
        "To: registrylock@registry.example\r\nSubject: Undelivered Mail Returned to Sender\r\n"
        "Message-ID: <20261127120000.ABC@mx.hmrc.gov.uk>\r\nAuto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n\r\n'
        "--B\r\nContent-Type: text/plain\r\n\r\nI'm sorry to have to inform you that your message could not\r\n"
        "be delivered to one or more recipients.\r\n\r\n"
        "--B\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.hmrc.gov.uk\r\n\r\n"
        f"Final-Recipient: rfc822; {recipient}\r\nOriginal-Recipient: rfc822;{recipient}\r\n"
        f"Action: {action}\r\nStatus: {status}\r\nDiagnostic-Code: smtp; 550 5.1.1 User unknown\r\n\r\n"
        "--B\r\nContent-Type: text/rfc822-headers\r\n\r\n"
        "From: .gov.uk Registry Lock <registrylock@registry.example>\r\n"
        f"To: {recipient}\r\nSubject: [RL-000001] Confirm the change\r\nMessage-ID: {original_message_id}\r\n\r\n"
        "--B--\r\n"
    ).encode()


def test_a_bounced_confirmation_alerts_the_operators_and_gds_and_changes_nothing(registry):
    from tests.mails import GDS

    request(registry)
    operators.record_call(registry, "RL-000001", outcome="verified", contact=SECURITY, operator="Sam")
    coa = next(o for o in outbox(registry, "confirmation_of_authorisation") if SECURITY in o.to)
    result = receive(registry, dsn(coa.message_id, SECURITY), "smtp")
    assert (result.kind, result.ticket, result.action) == ("automatic", "RL-000001", "bounce")
    t = ticket(registry)
    assert t["state"] == "awaiting_confirmation"
    bounce = next(e for e in t["events"] if e["kind"] == "bounce")
    assert bounce["data"]["failed"] == [SECURITY]
    alert = outbox(registry, "operator_notice")[-1]
    assert alert.to == [OPERATORS] and alert.cc == [GDS] and "cannot be reached by email" in alert.subject


def test_a_delayed_delivery_is_recorded_without_alarm(registry):
    request(registry)
    ack = outbox(registry, "change_received")[0]
    result = receive(registry, dsn(ack.message_id, REGISTRAR, action="delayed", status="4.4.1"), "smtp")
    assert result.action == "bounce"
    assert outbox(registry, "operator_notice") == []
    assert "delayed for" in ticket(registry)["events"][-1]["reason"]


# -- look-alike domains: never a match, always a possible attack -------------------------------------------


def test_a_request_for_a_look_alike_of_a_locked_domain_is_flagged_and_gds_told(registry):
    from tests.mails import GDS

    result = request(registry, subject="Name servers", body="Please update the name servers for "
                     "hmr\u0441.gov.uk to ns1.evil.example and ns2.evil.example.\n")  # Cyrillic "с"
    assert (result.kind, result.state) == ("triage", "triage")
    t = ticket(registry, result.ticket)
    assert t["domains"] == ["xn--hmr-6ed.gov.uk"]
    assert "possible attack" in t["events"][0]["reason"] and "looks like hmrc.gov.uk" in t["events"][0]["reason"]
    assert any(e["kind"] == "possible_attack" for e in t["events"])
    [notice] = outbox(registry, "triage_notice")
    assert notice.to == [OPERATORS] and notice.cc == [GDS]
    assert outbox(registry, "operator_task") == []


def test_mail_from_a_look_alike_of_a_registrar_domain_is_flagged(registry):
    import idna

    from tests.mails import GDS

    lookalike = idna.encode("registr\u0430r.example", uts46=True).decode()  # Cyrillic "а", as sent: an A-label
    result = request(registry, sender=f"requests@{lookalike}")
    assert result.kind == "triage"
    assert "possible attack" in ticket(registry, result.ticket)["events"][0]["reason"]
    assert outbox(registry, "triage_notice")[0].cc == [GDS]


def test_an_ordinary_unknown_domain_is_not_called_an_attack(registry):
    result = request(registry, subject="NS", body="Please update the name servers for nosuch.gov.uk to ns1.a.example\n")
    assert "possible attack" not in ticket(registry, result.ticket)["events"][0]["reason"]
    assert outbox(registry, "triage_notice")[0].cc == []


# -- automatic answers are bounded, in the database ------------------------------------------------------


def test_answers_to_one_address_stop_at_the_day_s_limit_and_the_operators_are_told_once(registry, clock):
    from datetime import timedelta

    from tests.mails import GDS

    registry.rules = registry.rules.model_copy(update={"limits": registry.rules.limits.model_copy(
        update={"answers_per_address_per_day": 4})})
    for n in range(7):  # a robot we did not recognise sends sign-up forms with mistakes, again and again
        receive(registry, build(sender="robot@example.org", to=GDS, subject="Registry Lock sign-up",
                                body=f"Request: Sign up\nOrganisation: Loop {n}\n"), "smtp")
    assert len(outbox(registry, "signup_rejected")) == 4
    notices = [o for o in outbox(registry, "operator_notice") if "have stopped for today" in o.subject]
    assert len(notices) == 1
    clock.advance(timedelta(days=1, minutes=1))  # the limit is a day's: tomorrow it answers again
    receive(registry, build(sender="robot@example.org", to=GDS, subject="Registry Lock sign-up",
                            body="Request: Sign up\nOrganisation: Loop 8\n"), "smtp")
    assert len(outbox(registry, "signup_rejected")) == 5


def test_answers_about_one_ticket_are_bounded_too(registry):
    for n in range(5):  # the registrar's system re-sends changed versions of its request
        request(registry, subject=f"NS {n}", body=f"Please update the name servers for hmrc.gov.uk to ns1.v{n}.example "
                                                        f"and ns2.v{n}.example\n")
    assert len(outbox(registry, "change_received")) == 3
    assert len(outbox(registry, "operator_task")) == 5  # the operators still get every version


# -- a registrar's team list: a person's request relayed, read as any request from its address of record --------

DNS_DESK = "hostmaster@registrar.example"  # a person's own address at the registrar, never its address of record

OWN_LISTS = {
    # Mailman 3 with DMARC mitigation: the From is the list's address, which is the registrar's address of record.
    "mailman": {"From": '"Priya Shah via Requests" <requests@registrar.example>',
                "Sender": "requests-bounces@registrar.example",
                "List-Id": "Registrar change requests <requests.registrar.example>",
                "List-Post": "<mailto:requests@registrar.example>",
                "List-Unsubscribe": "<mailto:requests-leave@registrar.example>",
                "X-Mailman-Version": "3.3.9", "Precedence": "list"},
    # Google Groups rewriting the From, the writer in Reply-To.
    "google-groups": {"From": "\"'Priya Shah' via Registrar DNS desk\" <requests@registrar.example>",
                      "Reply-To": DNS_DESK, "X-Original-Sender": "requests@registrar.example",
                      "List-Id": "<requests.registrar.example>", "List-Post": "<mailto:requests@registrar.example>",
                      "List-Unsubscribe": "<mailto:requests+unsubscribe@registrar.example>",
                      "Precedence": "list"},
    # The registrar's address of record writing to its own operations list, which has us as a member.
    "list-in-its-domain": {"From": REGISTRAR, "List-Id": "<dns-ops.lists.registrar.example>",
                           "List-Help": "<mailto:dns-ops-request@lists.registrar.example?subject=help>"},
}


def through_list(list_headers: dict, *, subject: str = "[dns-ops] NS update for hmrc.gov.uk",
                 body: str = "Hello, could hmrc.gov.uk be moved to ns1.newdns.co.uk and ns2.newdns.co.uk?\n"
                             "Thanks, Priya\n\n-- \ndns-ops mailing list\n") -> bytes:
    headers = dict(list_headers)
    sender = headers.pop("From", REGISTRAR)
    return build(sender=sender, subject=subject, body=body, headers=headers)


@pytest.mark.parametrize("style", list(OWN_LISTS))
def test_a_request_relayed_by_the_registrar_s_own_list_is_read_and_answered_at_its_address_of_record(registry, style):
    result = receive(registry, through_list(OWN_LISTS[style]), "smtp")
    assert (result.kind, result.state, result.action) == ("change", "awaiting_verification", "opened")
    t = ticket(registry, result.ticket)
    assert t["change"] == {"hmrc.gov.uk": {"nameservers": ["ns1.newdns.co.uk", "ns2.newdns.co.uk"]}}
    assert "through its own mailing list" in t["events"][0]["reason"]
    # Answered where any request from that registrar is: the address of record; never the writer's Reply-To, never
    # the list's bounce address.
    assert [o.to for o in outbox(registry, "change_received")] == [[REGISTRAR]]
    assert all(DNS_DESK not in o.to and "requests-bounces@registrar.example" not in o.to for o in outbox(registry))


def test_the_list_s_copy_of_our_answer_is_never_answered(registry):
    """The bot is a member of the registrar's list: the acknowledgement it sent there comes back through it."""
    receive(registry, through_list(OWN_LISTS["mailman"]), "smtp")
    ack = outbox(registry, "change_received")[0].message.raw
    echoed = b"".join(f"{k}: {v}\r\n".encode() for k, v in OWN_LISTS["mailman"].items() if k != "From") + ack
    before = len(outbox(registry))
    result = receive(registry, echoed, "smtp")
    assert result.kind in ("loop", "automatic")
    assert len(outbox(registry)) == before


NOT_OWN = {
    # An industry list the registrar posts to: nobody's request to us.
    "someone else's list": {"From": REGISTRAR, "List-Id": "<dns-operations.lists.example>",
                            "List-Post": "<mailto:dns-operations@lists.example>", "Precedence": "list"},
    # An announcement list in the registrar's own domain: nobody posts to it but its owner.
    "announcements": {"From": REGISTRAR, "List-Id": "<customers.registrar.example>", "List-Post": "NO"},
    "bulk": {"From": REGISTRAR, "List-Id": "<requests.registrar.example>", "Precedence": "bulk"},
    "a program through the list": {**OWN_LISTS["mailman"], "Auto-Submitted": "auto-generated"},
    # A person's address that is nobody's address of record, through its own organisation's list.
    "not a registrar": {"From": "Ops via Ops <ops@hmrc.gov.uk>", "List-Id": "<ops.hmrc.gov.uk>",
                        "List-Post": "<mailto:ops@hmrc.gov.uk>", "Precedence": "list"},
}


@pytest.mark.parametrize("case", list(NOT_OWN))
def test_other_list_mail_stays_automatic_and_only_a_person_is_told(registry, case):
    result = receive(registry, through_list(NOT_OWN[case]), "smtp")
    assert (result.kind, result.action) == ("automatic", "triaged")
    assert [o.to for o in outbox(registry)] == [[OPERATORS]]


def test_a_list_copy_on_a_ticket_s_thread_is_recorded_not_acted_on(registry):
    request(registry)
    ack = outbox(registry, "change_received")[0]
    raw = reply_to(ack, sender=REGISTRAR, text="Please withdraw this request.", signed=False)
    raw = b"".join(f"{k}: {v}\r\n".encode() for k, v in OWN_LISTS["list-in-its-domain"].items() if k != "From") + raw
    before = len(outbox(registry))
    result = receive(registry, raw, "smtp")
    assert (result.kind, result.state, result.action) == ("automatic", "awaiting_verification", "recorded")
    assert len(outbox(registry)) == before
