"""Reading a real mailbox: a private Dovecot, the bot's IMAP reader, nothing lost or done twice."""

from __future__ import annotations

import logging
import threading
import time

import pytest
from imapclient import IMAPClient
from sqlalchemy import func, select

from mailbot.ingest import imap as imap_module
from mailbot.ingest.imap import ImapIngester, TokenSource
from mailbot.settings import imap_settings
from mailbot.store.models import ImapFolder, Message, Ticket
from tests.support.mails import build, outbox


def reader(app, server, **env) -> ImapIngester:
    settings = imap_settings(server.url(**({"tls": True} if env.pop("tls", False) else {})),
                             {"MAILBOT_IMAP_POLL_SECONDS": "0.2", "MAILBOT_IMAP_IDLE_SECONDS": "30", **env})
    return ImapIngester(app, settings)


def count(app, model, *where) -> int:
    with app.sessions() as session:
        return session.scalar(select(func.count()).select_from(model).where(*where))


def wait_for(condition, seconds: float = 20) -> bool:
    """Until `condition()` holds, for at most `seconds`: the reader works in its own thread."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def request_mail(n: int) -> bytes:
    return build(subject=f"NS change {n}",
                 body=f"Please update the name servers for hmrc.gov.uk to ns1.n{n}.example and ns2.n{n}.example\n")


def test_catch_up_stores_acts_and_moves_each_message(registry, imap_server):
    imap_server.append(build())
    imap_server.append(build(sender="stranger@example.org", subject="hello", body="hi\n"))
    r = reader(registry, imap_server)
    try:
        results = r.catch_up()
    finally:
        r.close()
    assert [x.kind for x in results] == ["change", "triage"]
    assert imap_server.messages("INBOX") == []
    assert len(imap_server.messages("Processed")) == 2 and imap_server.messages("Quarantine") == []
    with registry.sessions() as session:
        folder = session.scalar(select(ImapFolder))
        assert folder.last_uid == 2 and folder.uidvalidity == imap_server.uidvalidity()
        assert "secret" not in folder.mailbox


def test_a_backlog_is_read_in_groups_that_start_small_so_the_first_mail_is_done_first(registry, imap_server,
                                                                                      monkeypatch):
    for n in range(40):
        imap_server.append(request_mail(n))
    big = build(subject="NS change big",
                body="Please update the name servers for hmrc.gov.uk to ns1.big.example and ns2.big.example\n"
                + ("x" * 70 + "\n") * 2000)
    imap_server.append(big)
    monkeypatch.setattr(imap_module, "FETCH_BYTES", len(big) + 1)
    r = reader(registry, imap_server)
    moved = []
    move = IMAPClient.move  # Dovecot has MOVE (RFC 6851): each move of the reader is one

    def counted(client, uids, folder):
        moved.append(len(uids))
        return move(client, uids, folder)

    monkeypatch.setattr(IMAPClient, "move", counted)
    try:
        results = r.catch_up()
    finally:
        r.close()
    assert len(results) == 41 and imap_server.messages("INBOX") == []
    # Acted on, committed and moved five at a time first, then twice as many each time: the first mail of a
    # backlog is answered after five have been fetched and read, not fifty.
    assert moved[:3] == [5, 10, 20] and sum(moved) == 41 and max(moved) <= imap_module.MOVE_BATCH
    assert moved[-1] == 1  # with the big one, the last group would have passed FETCH_BYTES: it went on its own


def test_the_imap_conversation_is_made_into_log_lines_only_when_someone_reads_them(registry, imap_server,
                                                                                  monkeypatch, caplog):
    imap_server.append(build(body="a body the log must not be made of\n" * 2000))
    made = []
    real_debug = logging.LoggerAdapter.debug

    def debug(adapter, msg, *args, **kwargs):
        made.append(msg)
        real_debug(adapter, msg, *args, **kwargs)

    monkeypatch.setattr(logging.LoggerAdapter, "debug", debug)
    r = reader(registry, imap_server)
    try:
        [result] = r.catch_up()
    finally:
        r.close()
    assert result.action != "duplicate"
    # Nobody reads imaplib's wire log: not one line of it was made, so no message was turned into text for it.
    assert made == []

    imap_server.append(build(subject="another", body="the wire log is wanted now\n"))
    with caplog.at_level(logging.DEBUG, logger="imapclient.imaplib"):
        r = reader(registry, imap_server)
        try:
            r.catch_up()
        finally:
            r.close()
    assert any("FETCH" in str(line) for line in made)
    assert any(rec.name == "imapclient.imaplib" and "FETCH" in rec.getMessage() for rec in caplog.records)


def test_a_crash_between_commit_and_move_leaves_the_message_and_nothing_is_done_twice(registry, imap_server,
                                                                                       monkeypatch):
    imap_server.append(build())
    r = reader(registry, imap_server)

    def crash(*args):
        raise ConnectionResetError("the connection died before the move")

    monkeypatch.setattr(IMAPClient, "move", crash)  # Dovecot has MOVE (RFC 6851): the reader moves with it
    with pytest.raises(ConnectionResetError):
        r.catch_up()
    r.close()
    assert len(imap_server.messages("INBOX")) == 1  # still there
    assert count(registry, Ticket) == 1
    monkeypatch.undo()
    r = reader(registry, imap_server)
    try:
        [again] = r.catch_up()
    finally:
        r.close()
    assert again.duplicate is True and again.action == "duplicate"
    assert imap_server.messages("INBOX") == [] and len(imap_server.messages("Processed")) == 1
    assert count(registry, Ticket) == 1 and len(outbox(registry, "change_received")) == 1


def test_a_poison_message_is_retried_then_quarantined_and_does_not_block_the_next(registry, imap_server,
                                                                                  monkeypatch):
    from mailbot.workflow import intake

    real = intake.act

    def act(session, app, message, mail, c):
        if mail.subject == "poison":
            raise RuntimeError("cannot cope")
        return real(session, app, message, mail, c)

    monkeypatch.setattr(intake, "act", act)
    imap_server.append(build(subject="poison", body="Please update the name servers for hmrc.gov.uk to ns1.x.example "
                                                    "and ns2.x.example\n"))
    imap_server.append(request_mail(2))
    r = reader(registry, imap_server)
    try:
        first = r.catch_up()
        assert [x.action for x in first] == ["opened"]  # the poison one stays for another try
        assert len(imap_server.messages("INBOX")) == 1
        r.catch_up()
        [parked] = r.catch_up()
    finally:
        r.close()
    assert parked.action == "parked" and parked.kind == "triage"
    assert imap_server.messages("INBOX") == []
    assert len(imap_server.messages("Quarantine")) == 1


def test_uidvalidity_change_reads_the_folder_again_without_doing_anything_twice(registry, imap_server):
    r = reader(registry, imap_server)
    try:
        imap_server.append(request_mail(1))
        r.catch_up()
        new_validity = imap_server.reset_uidvalidity()
        imap_server.append(request_mail(2))
        r.close()  # a new session sees the new UIDVALIDITY
        results = r.catch_up()
    finally:
        r.close()
    assert [x.action for x in results] == ["amended"]
    with registry.sessions() as session:
        assert session.scalar(select(ImapFolder.uidvalidity)) == new_validity
    assert count(registry, Message, Message.direction == "in") == 2


def test_a_20_mb_attachment_is_stored_exactly(registry, imap_server):
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "requests@registrar.example", "registrylock@registry.example", "NS"
    msg["Message-ID"] = "<big@registrar.example>"
    msg.set_content("Please update the name servers for hmrc.gov.uk to ns1.big.example and ns2.big.example\n")
    msg.add_attachment(b"\x00\x01" * (10 * 1024 * 1024), maintype="application", subtype="octet-stream",
                       filename="zone.bin")
    raw = msg.as_bytes()
    imap_server.append(raw)
    r = reader(registry, imap_server)
    try:
        [result] = r.catch_up()
    finally:
        r.close()
    assert result.action == "opened"
    with registry.sessions() as session:
        stored = session.scalar(select(Message.raw).where(Message.direction == "in"))
    assert stored.replace(b"\r\n", b"\n") == raw.replace(b"\r\n", b"\n") and len(stored) > 20_000_000


@pytest.mark.parametrize("mode", ["idle", "polling"])
def test_new_mail_is_read_as_it_arrives(registry, imap_server, monkeypatch, mode):
    r = reader(registry, imap_server)
    if mode == "polling":
        real_connect = r.connect

        def without_idle():
            client = real_connect()
            r.capabilities.discard(b"IDLE")
            return client

        monkeypatch.setattr(r, "connect", without_idle)
    stop = threading.Event()
    thread = threading.Thread(target=r.run, args=(stop,))
    thread.start()
    try:
        assert wait_for(lambda: r.state in ("idle", "polling"))
        assert r.state == mode
        imap_server.append(request_mail(1))
        assert wait_for(lambda: count(registry, Ticket) == 1)
    finally:
        stop.set()
        thread.join(timeout=20)
    assert not thread.is_alive() and r.state == "stopped"


def test_dovecot_restarting_during_idle_is_survived(registry, imap_server, monkeypatch):
    monkeypatch.setattr(imap_module.random, "uniform", lambda a, b: 0.1)  # reconnect quickly in the test
    r = reader(registry, imap_server)
    stop = threading.Event()
    thread = threading.Thread(target=r.run, args=(stop,))
    thread.start()
    try:
        assert wait_for(lambda: r.state == "idle")
        imap_server.restart()
        imap_server.append(request_mail(1))
        assert wait_for(lambda: count(registry, Ticket) == 1, 30), (r.state, r.last_error)
    finally:
        stop.set()
        thread.join(timeout=20)
    assert imap_server.messages("INBOX") == []


def test_imaps_with_a_private_ca(registry, imap_server):
    imap_server.append(build())
    r = reader(registry, imap_server, tls=True)
    try:
        assert [x.action for x in r.catch_up()] == ["opened"]
    finally:
        r.close()


def test_without_move_the_reader_copies_flags_and_expunges_only_its_own(registry, imap_server, monkeypatch):
    imap_server.append(build())
    r = reader(registry, imap_server)
    real_connect = r.connect

    def without_move():
        client = real_connect()
        r.capabilities.discard(b"MOVE")
        return client

    monkeypatch.setattr(r, "connect", without_move)
    try:
        r.catch_up()
    finally:
        r.close()
    assert imap_server.messages("INBOX") == [] and len(imap_server.messages("Processed")) == 1


def test_two_readers_on_one_mailbox_do_each_message_once(registry, imap_server):
    for n in range(12):
        imap_server.append(build(sender="stranger@example.org", subject=f"note {n}", body=f"note {n}\n"))
    readers = [reader(registry, imap_server), reader(registry, imap_server)]
    barrier = threading.Barrier(2)
    errors = []

    def work(r):
        barrier.wait()
        try:
            for _ in range(3):
                r.catch_up()
        except Exception as e:  # a reader that loses a race must not lose mail: recorded, checked below
            errors.append(e)
        finally:
            r.close()

    threads = [threading.Thread(target=work, args=(r,)) for r in readers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    leftover = reader(registry, imap_server)
    try:
        leftover.catch_up()
    finally:
        leftover.close()
    assert imap_server.messages("INBOX") == []
    assert len(imap_server.messages("Processed")) == 12
    assert count(registry, Message, Message.direction == "in") == 12
    assert count(registry, Ticket) == 12


def test_run_until_idle_reads_the_mailbox(registry, imap_server, env, monkeypatch, capsys):
    import json

    from tests.support.cli import run_cli

    for key, value in {**env, "MAILBOT_IMAP_URL": imap_server.url()}.items():
        monkeypatch.setenv(key, value)
    imap_server.append(build())
    code, out, err = run_cli(["run", "--until-idle"], capsys)
    assert code == 0, err
    assert json.loads(out)["received"] == 1 and json.loads(out)["sent"] == 2


def test_oauth2_tokens_come_from_a_command_and_are_fetched_again_when_they_expire(tmp_path):
    script = tmp_path / "token"
    counter = tmp_path / "n"
    counter.write_text("0")
    script.write_text(f"#!/bin/sh\nn=$(($(cat {counter}) + 1)); echo $n > {counter}\n"
                      'echo "{\\"access_token\\": \\"tok$n\\", \\"expires_in\\": 3600}"\n')
    script.chmod(0o755)
    now = [0.0]
    settings = imap_settings("imaps://bot@outlook.office365.com/INBOX", {"MAILBOT_IMAP_TOKEN_COMMAND": str(script)})
    tokens = TokenSource(settings, clock=lambda: now[0])
    assert tokens.token() == "tok1" and tokens.token() == "tok1"
    now[0] = 3600 - 59  # within a minute of expiry: fetched again
    assert tokens.token() == "tok2"
    assert tokens.token(fresh=True) == "tok3"


def test_bad_imap_settings_are_refused_by_name():
    from mailbot.errors import ConfigError

    with pytest.raises(ConfigError, match="MAILBOT_IMAP_URL"):
        imap_settings("pop3://x@y/INBOX", {})
    with pytest.raises(ConfigError, match="password, or MAILBOT_IMAP_TOKEN_COMMAND"):
        imap_settings("imaps://bot@mail.example/INBOX", {})
    with pytest.raises(ConfigError, match="under 29 minutes"):
        imap_settings("imaps://bot:pw@mail.example/INBOX", {"MAILBOT_IMAP_IDLE_SECONDS": "1800"})
