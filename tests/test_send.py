"""Sending the outbox: to a real SMTP relay on loopback (plain, and STARTTLS with AUTH), or to a Maildir."""

from __future__ import annotations

import mailbox
from datetime import timedelta

from mailbot.outbox.send import MaildirTransport, SMTPTransport, send_due
from tests.mails import OPERATORS, outbox, request


def statuses(app):
    return {o.template: o.status for o in outbox(app)}


def test_relay_receives_each_message_once_with_its_envelope(registry, smtp_peer):
    request(registry)
    transport = SMTPTransport(smtp_peer.url)
    assert [r.status for r in send_due(registry, transport)] == ["sent", "sent"]
    assert send_due(registry, transport) == []  # nothing is sent twice
    assert len(smtp_peer.received) == 2
    envelope = smtp_peer.received[0]
    assert envelope.mail_from == "registrylock@registry.example"
    assert envelope.rcpt_tos == ["requests@registrar.example"]
    assert b"Subject: [RL-000001]" in envelope.original_content
    assert set(statuses(registry).values()) == {"sent"}


def test_starttls_and_auth(registry, tls_relay):
    request(registry)
    results = send_due(registry, SMTPTransport(tls_relay.url))
    assert [r.status for r in results] == ["sent", "sent"]
    assert tls_relay.logins == [(b"mailbot", True), (b"mailbot", True)]


def test_wrong_password_keeps_the_mail_for_later(registry, tls_relay):
    request(registry)
    results = send_due(registry, SMTPTransport(tls_relay.url.replace("s3cret%20pass", "wrong")))
    assert {r.status for r in results} == {"pending"}
    assert "refused our login" in results[0].error
    assert tls_relay.received == []


def test_temporary_refusal_is_retried_with_backoff(registry, smtp_peer, clock):
    request(registry)
    smtp_peer.answers = ["451 4.3.0 try again later"]
    transport = SMTPTransport(smtp_peer.url)
    first = send_due(registry, transport)
    assert [r.status for r in first] == ["pending", "sent"]
    assert send_due(registry, transport) == []  # not due yet: backing off
    clock.advance(timedelta(seconds=31))
    assert [r.status for r in send_due(registry, transport)] == ["sent"]
    assert len(smtp_peer.received) == 2
    assert {o.attempts for o in outbox(registry)} == {1, 2}


def test_relay_down_then_back(registry, smtp_peer, clock):
    request(registry)
    down = SMTPTransport(smtp_peer.url.replace(str(smtp_peer.port), "1"))
    assert {r.status for r in send_due(registry, down)} == {"pending"}
    clock.advance(timedelta(minutes=1))
    assert {r.status for r in send_due(registry, SMTPTransport(smtp_peer.url))} == {"sent"}


def test_permanent_refusal_fails_the_message_and_alerts_the_operators(registry, smtp_peer):
    request(registry)
    smtp_peer.answers = ["550 5.1.1 no such user"]
    results = send_due(registry, SMTPTransport(smtp_peer.url))
    # The acknowledgement fails; the operators' task goes, and so does the alert about the failure.
    assert [r.status for r in results] == ["failed", "sent", "sent"] and "550" in results[0].error
    alerts = outbox(registry, "operator_notice")
    assert len(alerts) == 1 and alerts[0].to == [OPERATORS] and alerts[0].status == "sent"
    assert "could not be delivered" in alerts[0].subject
    assert send_due(registry, SMTPTransport(smtp_peer.url)) == []  # a failed message is not tried again
    assert outbox(registry, "change_received")[0].status == "failed"


def test_maildir_is_written_once_and_readable_by_a_mail_client(registry, tmp_path):
    request(registry)
    transport = MaildirTransport(tmp_path / "outbox")
    send_due(registry, transport)
    item = outbox(registry)[0]
    transport.deliver(item, item.message.raw, "x")  # a crash after writing, before marking sent: no copy
    box = mailbox.Maildir(tmp_path / "outbox", create=False)
    subjects = sorted(m["Subject"] for m in box)
    assert len(subjects) == 2 and all(s.startswith("[RL-000001]") for s in subjects)


def test_a_claim_left_by_a_dead_sender_is_taken_over(registry, smtp_peer, clock):
    request(registry)
    with registry.tx() as session:
        from mailbot.store.models import OutboxItem

        for row in session.query(OutboxItem):
            row.status, row.claimed_at = "sending", clock.now()
    transport = SMTPTransport(smtp_peer.url)
    assert send_due(registry, transport) == []
    clock.advance(timedelta(minutes=6))
    assert len(send_due(registry, transport)) == 2
    assert len(smtp_peer.received) == 2
    in_doubt = [e for e in _events(registry) if e["kind"] == "mail_in_doubt"]
    assert len(in_doubt) == 2 and "sending it again" in in_doubt[0]["reason"]


def _events(app):
    from mailbot import views
    from mailbot.store import queries

    with app.sessions() as session:
        return views.ticket_detail(session, queries.ticket_by_ref(session, "RL-000001"))["events"]
