"""Sending the outbox: to a real SMTP relay on loopback (plain, and STARTTLS with AUTH), or to a Maildir."""

from __future__ import annotations

import mailbox
from datetime import timedelta

from mailbot.outbox.send import MaildirTransport, SMTPTransport, send_due
from mailbot.runner import send_round
from mailbot.workflow import delivery
from tests.support.mails import OPERATORS, heading, outbox, request


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
    # The acknowledgement fails and the operators' task goes; the sender records the failure, and tells nobody.
    assert [r.status for r in results] == ["failed", "sent"] and "550" in results[0].error
    assert outbox(registry, "operator_notice") == [] and not _events_of(registry, "mail_failed")
    [result] = _results(registry)
    assert (result.status, result.acted_at) == ("failed", None) and "550 " in result.reason
    # The workflow acts on it: noted on the ticket, the operators told, once.
    assert [(a.status, a.told) for a in delivery.act_on_results(registry)] == [("failed", True)]
    assert delivery.act_on_results(registry) == []
    [failed] = _events_of(registry, "mail_failed")
    assert failed["reason"].startswith("change_received: 550")
    assert [r.status for r in send_due(registry, SMTPTransport(smtp_peer.url))] == ["sent"]
    alerts = outbox(registry, "operator_notice")
    assert len(alerts) == 1 and alerts[0].to == [OPERATORS] and alerts[0].status == "sent"
    assert "could not be delivered" in heading(alerts[0])
    assert send_due(registry, SMTPTransport(smtp_peer.url)) == []  # a failed message is not tried again
    assert outbox(registry, "change_received")[0].status == "failed"


def test_a_round_of_sending_tells_the_operators_of_a_failure_in_the_same_round(registry, smtp_peer):
    request(registry)
    smtp_peer.answers = ["550 5.1.1 no such user"]
    results = send_round(registry, SMTPTransport(smtp_peer.url))
    assert [r.status for r in results] == ["failed", "sent", "sent"]
    assert [o.status for o in outbox(registry, "operator_notice")] == ["sent"]


def test_an_alert_that_fails_is_not_alerted_about(registry, smtp_peer):
    request(registry)
    smtp_peer.answers = ["550 5.1.1 no such user"]
    transport = SMTPTransport(smtp_peer.url)
    assert [r.status for r in send_due(registry, transport)] == ["failed", "sent"]
    assert [(a.status, a.told) for a in delivery.act_on_results(registry)] == [("failed", True)]
    smtp_peer.answers = ["550 5.1.1 no such user"]  # the alert fails in turn
    assert [r.status for r in send_due(registry, transport)] == ["failed"]
    assert [(a.status, a.told) for a in delivery.act_on_results(registry)] == [("failed", False)]
    assert len(outbox(registry, "operator_notice")) == 1 and send_due(registry, transport) == []
    assert all(r.acted_at is not None for r in _results(registry))


def test_a_result_is_acted_on_once_and_a_crash_while_acting_loses_nothing(registry, smtp_peer, monkeypatch):
    import pytest

    from mailbot.workflow import notices

    request(registry)
    smtp_peer.answers = ["550 5.1.1 no such user"]
    send_due(registry, SMTPTransport(smtp_peer.url))
    real = notices.tell_operators

    def dies(*args, **kwargs):
        real(*args, **kwargs)
        raise RuntimeError("the process died before its transaction committed")

    monkeypatch.setattr(notices, "tell_operators", dies)
    with pytest.raises(RuntimeError):
        delivery.act_on_results(registry)
    assert outbox(registry, "operator_notice") == [] and not _events_of(registry, "mail_failed")  # rolled back
    monkeypatch.setattr(notices, "tell_operators", real)
    assert len(delivery.act_on_results(registry)) == 1 and delivery.act_on_results(registry) == []
    assert len(outbox(registry, "operator_notice")) == 1 and len(_events_of(registry, "mail_failed")) == 1


def test_maildir_is_written_once_and_readable_by_a_mail_client(registry, tmp_path):
    request(registry)
    transport = MaildirTransport(tmp_path / "outbox")
    send_due(registry, transport)
    item = outbox(registry)[0]
    transport.deliver(item, item.message.raw, "x")  # a crash after writing, before marking sent: no copy
    box = mailbox.Maildir(tmp_path / "outbox", create=False)
    subjects = sorted(m["Subject"] for m in box)
    assert len(subjects) == 2 and all(s.startswith("[RL-000001]") for s in subjects)


def _set(app, **values):
    from mailbot.store.models import OutboxItem

    with app.tx() as session:
        for row in session.query(OutboxItem):
            for name, value in values.items():
                setattr(row, name, value)


def test_a_claim_left_before_the_relay_could_have_it_is_taken_over_and_sent_once(registry, smtp_peer, clock):
    request(registry)
    _set(registry, status="sending", claimed_at=clock.now(), claim="a-sender-that-died")
    transport = SMTPTransport(smtp_peer.url)
    assert send_due(registry, transport) == []  # it may still be alive: its claim is young
    clock.advance(timedelta(minutes=6))
    assert [r.status for r in send_due(registry, transport)] == ["sent", "sent"]
    assert len(smtp_peer.received) == 2
    assert not [e for e in _events(registry) if e["kind"] == "mail_in_doubt"]


def test_mail_left_handing_over_by_a_dead_sender_is_in_doubt_and_never_sent_again_by_itself(
        registry, smtp_peer, clock, env, monkeypatch, capsys):
    import json

    from tests.support.cli import run_cli

    request(registry)
    first, second = (o.id for o in outbox(registry))
    _set(registry, status="handing_over", claimed_at=clock.now(), claim="a-sender-that-died")
    clock.advance(timedelta(minutes=6))
    results = send_round(registry, SMTPTransport(smtp_peer.url))  # the sender records, the workflow tells
    assert [r.status for r in results] == ["in_doubt", "in_doubt", "sent", "sent"]
    assert smtp_peer.received and all(b"may or may not have been sent" in e.original_content
                                      for e in smtp_peer.received)  # only the operators' notices went
    doubts = [e for e in _events(registry) if e["kind"] == "mail_in_doubt"]
    assert len(doubts) == 2 and "the relay may or may not have it" in doubts[0]["reason"]
    clock.advance(timedelta(hours=2))
    assert send_due(registry, SMTPTransport(smtp_peer.url)) == []  # a person settles it, not the bot

    for key, value in env.items():
        monkeypatch.setenv(key, value)
    now = clock.now().isoformat()
    code, out, err = run_cli(["--now", now, "outbox", "mark-sent", str(first), "--operator", "Sam"], capsys)
    assert code == 0 and json.loads(out) == {"id": first, "status": "sent"}
    code, out, err = run_cli(["--now", now, "outbox", "resend", str(second), "--operator", "Sam"], capsys)
    assert code == 0 and json.loads(out) == {"id": second, "status": "pending"}
    code, out, err = run_cli(["outbox", "resend", str(first), "--operator", "Sam"], capsys)
    assert code != 0 and f"no outbox message {first} in doubt" in err
    before = len(smtp_peer.received)
    assert [r.status for r in send_due(registry, SMTPTransport(smtp_peer.url))] == ["sent"]
    assert len(smtp_peer.received) == before + 1
    settled = [e for e in _events(registry) if e["kind"] == "mail_settled"]
    assert [e["actor"] for e in settled] == ["Sam", "Sam"] and "reached the relay" in settled[0]["reason"]


def test_a_stalled_sender_loses_its_claim_and_stops_before_the_relay_takes_the_message(registry, smtp_peer, clock):
    request(registry)

    class Stalling(SMTPTransport):
        """A sender that stalls after its claim, long enough for another to take its message over."""

        stalled = False

        def deliver(self, item, raw, sender, commit_point=lambda: True):
            if not self.stalled:
                self.stalled = True
                clock.advance(timedelta(minutes=6))
                send_due(registry, SMTPTransport(smtp_peer.url))  # the other sender
            return super().deliver(item, raw, sender, commit_point)

    results = send_due(registry, Stalling(smtp_peer.url))
    assert results[0].status == "taken_over"
    ids = [e.original_content.split(b"Message-ID: ", 1)[1].split(b"\r\n", 1)[0] for e in smtp_peer.received]
    assert len(ids) == 2 and len(set(ids)) == 2  # each message once, though two senders had it in hand
    assert set(statuses(registry).values()) == {"sent"}


def test_a_relay_silent_after_the_end_of_data_leaves_the_mail_in_doubt(registry, smtp_peer, clock):
    request(registry)
    smtp_peer.delay = 1.5
    results = send_due(registry, SMTPTransport(smtp_peer.url, timeout=0.5), limit=1)
    assert [r.status for r in results] == ["in_doubt"]
    smtp_peer.delay = 0
    clock.advance(timedelta(hours=1))
    send_round(registry, SMTPTransport(smtp_peer.url))  # the operators' task, and their notice of the mail in doubt
    [in_doubt] = [o for o in outbox(registry) if o.status == "in_doubt"]  # a resend could double it: it stays
    header = f"Message-ID: {in_doubt.message_id}".encode()
    assert not [e for e in smtp_peer.received if header in e.original_content]  # never sent again by itself
    [notice] = [e for e in smtp_peer.received if b"may or may not have been sent" in e.original_content]
    assert in_doubt.message_id.encode() in notice.original_content  # what to look for in the relay's log


def _events(app):
    from mailbot import views
    from mailbot.store import queries

    with app.sessions() as session:
        return views.ticket_detail(session, queries.ticket_by_ref(session, "RL-000001"))["events"]


def _events_of(app, kind: str) -> list[dict]:
    return [e for e in _events(app) if e["kind"] == kind]


def _results(app):
    from sqlalchemy import select

    from mailbot.store.models import OutboxResult

    with app.sessions() as session:
        return list(session.scalars(select(OutboxResult).order_by(OutboxResult.id)))
