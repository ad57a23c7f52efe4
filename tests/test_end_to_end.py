"""End to end: mail in through the real SMTP listener, out through the Maildir, driven by the command line."""

from __future__ import annotations

import json
import mailbox
import os
import signal
import smtplib
import subprocess
import sys
import time
from email import message_from_bytes
from email.policy import default
from pathlib import Path

import pytest

from mailbot.cli import main
from mailbot.ingest.receive import receive
from mailbot.ingest.smtp import start_listener
from mailbot.outbox.send import MaildirTransport, send_due
from mailbot.store.db import head_revision
from tests.support.cli import run_cli
from tests.support.constants import EXAMPLES
from tests.support.mails import GDS, REGISTRAR, SECURITY, build, dkim_sign, outbox
from tests.support.servers import free_port


def cli(capsys, *args) -> list:
    """Run the command line in-process; the JSON lines it printed."""
    code, out, err = run_cli(args, capsys)
    assert code == 0, err
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def maildir(path: Path) -> list:
    return sorted((message_from_bytes(m.as_bytes(), policy=default) for m in mailbox.Maildir(path, create=False)),
                  key=lambda m: m["Date"] + m["Message-ID"])


def test_request_reply_and_change_through_smtp_into_the_maildir(registry, tmp_path):
    app = registry
    port = free_port()
    listener = start_listener(app, "127.0.0.1", port)
    try:
        with smtplib.SMTP("127.0.0.1", port) as client:
            refused = client.sendmail(REGISTRAR, [app.rules.addresses.bot],
                                      (EXAMPLES / "change-request.eml").read_bytes())
        assert refused == {}
        outdir = tmp_path / "outbox"
        send_due(app, MaildirTransport(outdir))
        first = maildir(outdir)
        assert sorted(m["To"] for m in first) == ["registry-operators@registry.example", REGISTRAR]

        from mailbot.workflow import operators

        operators.record_call(app, "RL-000001", outcome="verified", contact=SECURITY, operator="Sam Jones")
        send_due(app, MaildirTransport(outdir))
        coa = next(m for m in maildir(outdir) if m["To"].startswith(SECURITY))
        reply = dkim_sign(build(sender=SECURITY, to=str(coa["Reply-To"].addresses[0].addr_spec),
                                subject="Re: " + coa["Subject"], body="I confirm this change.\n",
                                headers={"In-Reply-To": coa["Message-ID"]}))
        with smtplib.SMTP("127.0.0.1", port) as client:
            client.sendmail(SECURITY, [coa["Reply-To"].addresses[0].addr_spec], reply)
        operators.applied(app, "RL-000001", operator="Sam Jones")
        send_due(app, MaildirTransport(outdir))
    finally:
        listener.stop()
    subjects = [m["Subject"] for m in maildir(outdir)]
    # acknowledgement, task, two confirmations, "confirmed" notice, notification, outcome
    assert len(subjects) == 7, subjects
    assert set(subjects) == {"[RL-000001] hmrc.gov.uk: change request"}  # one conversation in any mail client
    notification = next(m for m in maildir(outdir) if "made" in m.get_body(("plain",)).get_content().split("\n")[0]
                        and GDS in (m["Cc"] or ""))
    assert "ns1.newdns.co.uk" in notification.get_body(("plain",)).get_content()


def test_listener_answers_4xx_when_it_cannot_store(registry):
    port = free_port()
    registry.engine.dispose()
    listener = start_listener(registry, "127.0.0.1", port)
    broken = registry.sessions.kw["bind"]
    registry.sessions.configure(bind=None)  # no database: nothing can be stored
    try:
        with smtplib.SMTP("127.0.0.1", port) as client:
            with pytest.raises(smtplib.SMTPDataError) as refused:
                client.sendmail(REGISTRAR, ["registrylock@registry.example"], build())
        assert refused.value.smtp_code == 451
    finally:
        registry.sessions.configure(bind=broken)
        listener.stop()


def test_the_json_interface(registry, env, monkeypatch, capsys, tmp_path):
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    eml = tmp_path / "request.eml"
    eml.write_bytes((EXAMPLES / "change-request.eml").read_bytes())
    [line] = cli(capsys, "--now", "2026-11-27T10:00:00Z", "ingest", str(eml))
    assert line == {"message_id": "<20261127100000.1@registrar.example>", "duplicate": False, "ticket": "RL-000001",
                    "tickets": ["RL-000001"], "kind": "change", "state": "awaiting_verification", "action": "opened"}
    [again] = cli(capsys, "ingest", str(eml))
    assert again["duplicate"] is True and again["action"] == "duplicate"

    [[summary]] = cli(capsys, "tickets", "list", "--json")
    assert summary == {"ref": "RL-000001", "kind": "change", "state": "awaiting_verification",
                       "domains": ["hmrc.gov.uk"], "urgent": False, "opened_at": "2026-11-27T10:00:00+00:00",
                       "next_deadline": "2026-11-30T10:00:00+00:00", "escalated": False}
    [called] = cli(capsys, "--now", "2026-11-27T11:00:00+00:00", "call", "RL-000001", "--outcome", "verified",
                   "--contact", SECURITY, "--operator", "Sam Jones", "--note", "spoke to the duty officer")
    assert called == {"ticket": "RL-000001", "state": "awaiting_confirmation"}
    [detail] = cli(capsys, "tickets", "show", "RL-000001", "--json")
    assert [e["kind"] for e in detail["events"] if e["kind"] != "mail_queued"] == ["open", "call_verified"]
    call = next(e for e in detail["events"] if e["kind"] == "call_verified")
    assert call["at"] == "2026-11-27T11:00:00+00:00" and call["actor"] == "Sam Jones"
    assert call["data"]["note"] == "spoke to the duty officer"
    assert [m["direction"] for m in detail["messages"]] == ["in", "out", "out", "out", "out"]
    [rows] = cli(capsys, "outbox", "list", "--json")
    assert {tuple(sorted(r)) for r in rows} == {("attempts", "cc", "id", "last_error", "message_id", "reply_to",
                                                   "status", "subject", "template", "ticket", "to")}
    assert all(r["reply_to"].startswith("registrylock+RL-000001.") for r in rows)
    assert [r["template"] for r in rows] == ["change_received", "operator_task", "confirmation_of_authorisation",
                                             "authorisation_for_gds"]
    [sent] = cli(capsys, "send")
    assert sent == {"sent": 4, "retrying": 0, "failed": 0, "in_doubt": 0}
    assert len(mailbox.Maildir(Path(env["MAILBOT_DATA_DIR"]) / "outbox", create=False)) == 4
    [verified] = cli(capsys, "audit", "verify")
    assert verified["ok"] is True and verified["events"] == len(detail["events"])


@pytest.mark.parametrize(
    "args, message",
    [
        (["tickets", "show", "RL-424242"], "no ticket 'RL-424242'"),
        (["applied", "RL-000001", "--operator", "Sam"], "cannot applied a ticket that is awaiting_verification"),
        (["call", "RL-000001", "--outcome", "maybe", "--contact", "x@y.z", "--operator", "S"], "'maybe' is not one of"),
        (["ingest", "/nonexistent.eml"], "/nonexistent.eml: no such file or Maildir"),
        (["--now", "2026-11-27T10:00", "tickets", "list"], "give a time zone"),
        (["registry", "import", "/nonexistent.json"], "cannot read"),
    ],
)
def test_errors_are_one_line_and_a_non_zero_exit(registry, env, monkeypatch, capsys, args, message):
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    from mailbot.ingest.receive import receive

    receive(registry, build(), "file")
    with pytest.raises(SystemExit) as exit_:
        main(args)
    err = capsys.readouterr().err
    assert exit_.value.code != 0
    assert err.startswith("mailbot: error: ") and message in err and err.count("\n") == 1, err
    assert "Traceback" not in err


def test_audit_verify_names_the_first_altered_event(registry, env, monkeypatch, capsys):
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    from sqlalchemy import update

    from mailbot.ingest.receive import receive
    from mailbot.store.models import HistoryEntry

    receive(registry, build(), "file")
    with registry.tx() as session:
        session.execute(update(HistoryEntry).where(HistoryEntry.seq == 2).values(reason="nothing to see here"))
    with pytest.raises(SystemExit) as exit_:
        main(["audit", "verify"])
    assert exit_.value.code == 1
    assert "RL-000001 event 2: was altered after it was written" in capsys.readouterr().err


def test_audit_verify_names_a_removed_event(registry, env, monkeypatch, capsys):
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    from sqlalchemy import delete

    from mailbot.ingest.receive import receive
    from mailbot.store.models import HistoryEntry

    receive(registry, build(), "file")
    with registry.tx() as session:
        session.execute(delete(HistoryEntry).where(HistoryEntry.seq == 2))
    with pytest.raises(SystemExit):
        main(["audit", "verify"])
    assert "RL-000001 event 2: removed" in capsys.readouterr().err


def test_mailbot_run_serves_smtp_and_writes_the_maildir_until_sigterm(tmp_path):
    """The service as `make run` starts it, on the embedded default, in its own process."""
    port = free_port()
    environ = {**os.environ, "MAILBOT_DATA_DIR": str(tmp_path / "var"), "MAILBOT_LISTEN": f"127.0.0.1:{port}",
               "MAILBOT_SEND_INTERVAL": "0.2"}
    subprocess.run([sys.executable, "-m", "mailbot", "registry", "import", str(EXAMPLES / "registry.json")],
                   env=environ, cwd=tmp_path, check=True, capture_output=True)
    with subprocess.Popen([sys.executable, "-m", "mailbot", "run"], env=environ, cwd=tmp_path,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc:
        try:
            banner = [proc.stdout.readline() for _ in range(4)]
            assert f"127.0.0.1:{port}" in banner[1] and "outbox" in banner[2], banner
            with smtplib.SMTP("127.0.0.1", port) as client:
                client.sendmail(REGISTRAR, ["registrylock@registry.example"], build())
            outbox = tmp_path / "var" / "outbox" / "new"
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline and len(list(outbox.glob("*"))) < 2:
                time.sleep(0.1)
            assert len(list(outbox.glob("*"))) == 2
        finally:
            proc.send_signal(signal.SIGTERM)
            _, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err


def test_lmtp_delivery_from_an_mta_answers_for_each_recipient(registry):
    import socket

    port = free_port()
    listener = start_listener(registry, "127.0.0.1", port, protocol="lmtp")
    try:
        # As an MTA speaks it (RFC 2033): after the data, one reply for each accepted recipient.
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock, sock.makefile("rwb") as f:
            def say(line: bytes) -> None:
                f.write(line + b"\r\n")
                f.flush()

            def reply() -> bytes:
                lines = [f.readline()]
                while lines[-1][3:4] == b"-":
                    lines.append(f.readline())
                return lines[-1]

            assert reply().startswith(b"220")
            for command in (b"LHLO mta.registry.example", b"MAIL FROM:<" + REGISTRAR.encode() + b">",
                            b"RCPT TO:<registrylock@registry.example>", b"RCPT TO:<gds-copy@registry.example>"):
                say(command)
                assert reply().startswith(b"250"), command
            say(b"DATA")
            assert reply().startswith(b"354")
            f.write(build().replace(b"\n", b"\r\n") + b".\r\n")
            f.flush()
            assert [reply()[:3], reply()[:3]] == [b"250", b"250"]
            say(b"QUIT")
            assert reply().startswith(b"221")
    finally:
        listener.stop()
    assert len(outbox(registry, "change_received")) == 1


def test_a_message_over_the_size_limit_is_refused_with_552_and_not_stored(registry):
    from sqlalchemy import func, select

    from mailbot.store.models import Message

    port = free_port()
    listener = start_listener(registry, "127.0.0.1", port, max_bytes=100_000)
    try:
        with smtplib.SMTP("127.0.0.1", port) as client:
            with pytest.raises(smtplib.SMTPResponseException) as refused:
                client.sendmail(REGISTRAR, ["registrylock@registry.example"],
                                build(body="x" * 200_000 + "\n"))
        assert refused.value.smtp_code == 552
    finally:
        listener.stop()
    with registry.sessions() as session:
        assert session.scalar(select(func.count(Message.id))) == 0


def test_status_reports_the_backlog_and_the_oldest_unsent_message(registry, env, monkeypatch, capsys):
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    receive(registry, build(), "file")
    code, out, err = run_cli(["status"], capsys)
    assert code == 0, err
    report = json.loads(out)
    assert report["outbox"] == {"backlog": 2, "failed": 0, "held": 0, "oldest_unsent": "2026-11-27T10:00:00+00:00"}
    assert report["tickets"]["open"] == 1 and report["database"]["revision"] == head_revision()
    assert "password" not in report["database"]["url"] and "postgres:postgres@" not in report["database"]["url"]


def test_run_until_idle_does_what_is_waiting_and_exits(registry, env, monkeypatch, capsys):
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    receive(registry, build(), "file")
    code, out, err = run_cli(["--now", "2026-11-30T10:00:00Z", "run", "--until-idle"], capsys)
    assert code == 0, err
    assert json.loads(out) == {"received": 0, "actions": 1, "sent": 3, "retrying": 0, "failed": 0, "in_doubt": 0}


def test_a_service_started_acts_on_its_first_request_with_every_statement_compiled_already(registry):
    from sqlalchemy import event

    from mailbot.runner import prepare

    prepare(registry)  # as `mailbot run` starts
    compiled_now = []

    def executed(conn, cursor, statement, params, context, executemany):
        if getattr(context, "compiled", None) is not None and str(context.cache_hit).endswith("CACHE_MISS"):
            compiled_now.append(statement)

    event.listen(registry.engine, "before_cursor_execute", executed)
    try:
        first = receive(registry, build(), "imap")
        again = receive(registry, build(body="Please update the name servers for hmrc.gov.uk to ns9.example and "
                                              "ns10.example\n"), "imap")
    finally:
        event.remove(registry.engine, "before_cursor_execute", executed)
    assert (first.action, again.action) == ("opened", "amended")
    # The ticket counter's row is made by the first ticket a database ever has, once in its life.
    assert [sql for sql in compiled_now if not sql.startswith("INSERT INTO counters")] == []
