"""The ticket histories show tampering: an attacker with the database and without MAILBOT_AUDIT_KEY cuts, edits,
re-hashes and rewinds them, and `mailbot audit verify` (alone, and against a digest kept by GDS) reports each."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta

import pytest
from sqlalchemy import delete, select, update

from mailbot import audit
from mailbot.ingest.receive import receive
from mailbot.store import db
from mailbot.store.models import HistoryEntry, OutboxItem, Ticket
from mailbot.workflow import history_digest, operators, tickets
from tests.support.cli import run_cli
from tests.support.mails import GDS, SECURITY, build


@pytest.fixture
def shell(registry, env, monkeypatch):
    """The command line, as a person runs it against the test's database, with a ticket of six events or so:
    a change request (RL-000001) and a verified call."""
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    receive(registry, build(), "file")
    operators.record_call(registry, "RL-000001", outcome="verified", contact=SECURITY, operator="Sam Jones")
    return registry


def verify(capsys, *args) -> tuple[int, dict | None, list[str]]:
    """`mailbot audit verify ARGS`: the exit code, what it printed on success, and each problem line."""
    code, out, err = run_cli(["audit", "verify", *args], capsys)
    return code, json.loads(out) if out.strip() else None, err.splitlines()


def events(app, ref: str = "RL-000001") -> list[HistoryEntry]:
    with app.sessions() as session:
        return session.scalars(select(HistoryEntry).join(Ticket, Ticket.id == HistoryEntry.ticket_id)
                               .where(Ticket.ref == ref).order_by(HistoryEntry.seq)).all()


def columns(e: HistoryEntry) -> dict:
    return {c.key: getattr(e, c.key) for c in HistoryEntry.__table__.c}


def plain_sha256(ref: str, prev: str, e: dict) -> str:
    """The event hashed as the history hashes it, with SHA-256 in place of the HMAC: all an attacker can do."""
    body = {"ticket": ref, "seq": e["seq"], "at": e["at"].isoformat(), "kind": e["kind"], "actor": e["actor"],
            "reason": e["reason"], "before": e["state_before"], "after": e["state_after"], "data": e["data"],
            "message": e["message_pk"]}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True, default=str)
    return hashlib.sha256(f"event|{prev}|{text}".encode()).hexdigest()


def old_unkeyed(ref: str, prev: str, e: dict) -> str:
    """The hash of the history before 0010: unkeyed SHA-256 of the event as written then."""
    body = {"ticket": ref, "seq": e["seq"], "at": e["at"].isoformat(), "kind": e["kind"], "actor": e["actor"],
            "reason": e["reason"], "before": e["state_before"], "after": e["state_after"], "data": e["data"],
            "message": e["message_pk"]}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(f"{prev}|{text}".encode()).hexdigest()


def rehash_from(app, seq: int, hasher, ref: str = "RL-000001") -> str:
    """Re-hash the chain from event `seq` to the end with `hasher`, as an attacker without the key would: the
    new last hash."""
    chain = events(app, ref)
    prev = chain[seq - 2].hash if seq > 1 else audit.GENESIS
    with app.tx() as session:
        for e in chain[seq - 1:]:
            values = {**columns(e), "prev_hash": prev}
            values["hash"] = hasher(ref, prev, values)
            session.execute(update(HistoryEntry).where(HistoryEntry.id == e.id)
                            .values(prev_hash=prev, hash=values["hash"]))
            prev = values["hash"]
    return prev


def rewind(app, count: int, head: str, ref: str = "RL-000001") -> None:
    with app.tx() as session:
        session.execute(update(Ticket).where(Ticket.ref == ref).values(history_count=count, history_head=head))


def cut(app, keep: int, ref: str = "RL-000001") -> None:
    """Delete every event after the first `keep`."""
    with app.tx() as session:
        ticket_id = session.scalar(select(Ticket.id).where(Ticket.ref == ref))
        session.execute(delete(HistoryEntry).where(HistoryEntry.ticket_id == ticket_id, HistoryEntry.seq > keep))


def test_an_untouched_history_verifies(shell, capsys):
    code, result, problems = verify(capsys)
    assert (code, problems) == (0, [])
    assert result == {"events": len(events(shell)), "ok": True}
    with shell.sessions() as session:
        ticket = session.scalar(select(Ticket).where(Ticket.ref == "RL-000001"))
        assert (ticket.history_count, ticket.history_head) == (len(events(shell)), events(shell)[-1].hash)


def test_cutting_the_last_events_off_a_history_is_reported_as_a_missing_tail(shell, capsys):
    total = len(events(shell))
    cut(shell, 3)
    code, _, problems = verify(capsys)
    assert code == 1
    assert problems == [f"mailbot: audit: RL-000001 event 4: missing: the history ends at event 3 and the ticket "
                        f"counts {total} (its last events were removed)"]


def test_a_removed_event_is_reported(shell, capsys):
    with shell.tx() as session:
        session.execute(delete(HistoryEntry).where(HistoryEntry.seq == 2))
    code, _, problems = verify(capsys)
    assert code == 1 and problems == ["mailbot: audit: RL-000001 event 2: removed (the sequence skips it)"]


@pytest.mark.parametrize("hasher", [plain_sha256, old_unkeyed], ids=["sha256", "old-unkeyed-digest"])
def test_an_event_edited_and_hashed_again_without_the_key_is_reported(shell, capsys, hasher):
    with shell.tx() as session:
        session.execute(update(HistoryEntry).where(HistoryEntry.seq == 2).values(reason="nothing to see here"))
    head = rehash_from(shell, 2, hasher)
    code, _, problems = verify(capsys)
    assert code == 1
    assert problems[0] == ("mailbot: audit: RL-000001 event 2: was altered and hashed again without the key "
                           "(plain SHA-256, not the history's HMAC)")
    assert "is not the ticket's head (the history was rewritten)" in problems[1]
    # The thorough attacker moves the ticket's head too: the seal gives it away.
    rewind(shell, len(events(shell)), head)
    code, _, problems = verify(capsys)
    assert code == 1 and len(problems) == 2 and "event 2: was altered and hashed again" in problems[0]
    assert problems[1].endswith("the ticket's seal does not match its count and head (changed without the key)")


def test_an_event_edited_and_left_is_reported(shell, capsys):
    with shell.tx() as session:
        session.execute(update(HistoryEntry).where(HistoryEntry.seq == 3).values(actor="someone else"))
    code, _, problems = verify(capsys)
    assert code == 1
    assert problems == ["mailbot: audit: RL-000001 event 3: was altered after it was written (its hash is not the "
                        "history's HMAC of it)"]


def test_cutting_the_tail_and_rewinding_the_ticket_is_reported_by_the_seal(shell, capsys):
    cut(shell, 3)
    rewind(shell, 3, events(shell)[-1].hash)
    with shell.tx() as session:  # the state as the shortened history leaves it
        session.execute(update(Ticket).where(Ticket.ref == "RL-000001").values(state=events(shell)[-1].state_after))
    code, _, problems = verify(capsys)
    assert code == 1
    assert problems == ["mailbot: audit: RL-000001 event 3: the ticket's seal does not match its count and head "
                        "(changed without the key)"]


def test_events_written_after_tampering_never_seal_it_again(shell, capsys):
    cut(shell, 3)
    rewind(shell, 3, events(shell)[-1].hash)
    code, out, err = run_cli(["--now", "2026-11-27T11:00:00+00:00", "withdraw", "RL-000001", "--operator", "Sam"],
                             capsys)
    assert code == 0, err
    assert len(events(shell)) > 3
    code, _, problems = verify(capsys)
    assert code == 1 and any("seal does not match" in p for p in problems)


def test_a_removed_seal_is_reported_and_not_made_again(shell, capsys):
    with shell.tx() as session:
        session.execute(update(Ticket).where(Ticket.ref == "RL-000001").values(history_seal=None))
    code, _, problems = verify(capsys)
    assert code == 1 and len(problems) == 1 and "RL-000001" in problems[0] and "not sealed" in problems[0]
    code, out, err = run_cli(["audit", "seal"], capsys)
    assert code == 1 and json.loads(out) == {"sealed": [], "refused": ["RL-000001"]}
    assert "its seal was removed (it was sealed when it was made): not sealed again" in err
    assert verify(capsys)[0] == 1


def test_a_lone_surrogate_in_an_event_is_hashed_and_verified(shell, capsys):
    # What undecodable header bytes become once decoded with surrogateescape, carried into an event's data (a
    # JSON column, which keeps them escaped); the old unkeyed hash could not encode them, and acting failed.
    with pytest.raises(UnicodeEncodeError):
        old_unkeyed("RL-000001", audit.GENESIS, {**columns(events(shell)[0]), "data": {"subject": "caf\udce9"}})
    with shell.tx() as session:
        ticket = session.scalar(select(Ticket).where(Ticket.ref == "RL-000001").with_for_update())
        tickets.note(session, shell, ticket, "note", actor="bot", reason="a subject that is not UTF-8",
                     data={"subject": "caf\udce9 \ud800", "from": "\udcff@example"})
    assert verify(capsys)[:2] == (0, {"events": len(events(shell)), "ok": True})
    assert events(shell)[-1].data["subject"] == "caf\udce9 \ud800"


def test_several_events_in_one_transaction_are_sealed_once_as_it_commits(shell, capsys, db_url):
    statements: list[str] = []
    with shell.tx() as session:
        # The history's statements run on the transaction's DBAPI connection: SQLite's own trace sees them all.
        dbapi = session.connection().connection.driver_connection
        if db_url.startswith("sqlite"):
            dbapi.set_trace_callback(statements.append)
        ticket = session.scalar(select(Ticket).where(Ticket.ref == "RL-000001").with_for_update())
        for n in range(5):
            tickets.note(session, shell, ticket, "note", actor="bot", reason=f"note {n}")
    if db_url.startswith("sqlite"):
        dbapi.set_trace_callback(None)
        assert sum(s.lstrip().upper().startswith("UPDATE TICKETS") for s in statements) == 1
    assert verify(capsys)[:2] == (0, {"events": len(events(shell)), "ok": True})
    with shell.sessions() as session:
        assert session.scalar(select(Ticket.history_count).where(Ticket.ref == "RL-000001")) == len(events(shell))


def test_a_savepoint_rolled_back_leaves_the_events_before_it_sealed(shell, capsys):
    with shell.tx() as session:
        ticket = session.scalar(select(Ticket).where(Ticket.ref == "RL-000001").with_for_update())
        tickets.note(session, shell, ticket, "note", actor="bot", reason="kept")
        with pytest.raises(RuntimeError):
            with session.begin_nested():
                tickets.note(session, shell, ticket, "note", actor="bot", reason="rolled back")
                raise RuntimeError
    assert [e.reason for e in events(shell)][-1] == "kept"
    assert verify(capsys)[:2] == (0, {"events": len(events(shell)), "ok": True})


# -- the digest kept by GDS ---------------------------------------------------------------------------------


def digest_file(capsys, tmp_path, name="digest.json"):
    code, out, err = run_cli(["--now", "2026-11-27T10:00:00+00:00", "audit", "digest"], capsys)
    assert code == 0, err
    path = tmp_path / name
    path.write_text(out)
    return path, json.loads(out)


def test_the_digest_lists_every_head_and_verifies_against_the_database(shell, capsys, tmp_path):
    path, found = digest_file(capsys, tmp_path)
    chain = events(shell)
    assert found["tickets"] == [{"ticket": "RL-000001", "count": len(chain), "head": chain[-1].hash}]
    assert found["at"] == "2026-11-27T10:00:00+00:00" and len(found["seal"]) == 64
    # Tickets made after the digest are fine, and so are histories grown since.
    receive(shell, build(sender="someone@elsewhere.example", subject="Hello", message_id="<later@elsewhere.example>",
                         body="Who do I ask about a domain?\n"), "file")
    with shell.sessions() as session:
        assert session.scalars(select(Ticket.ref).order_by(Ticket.id)).all() == ["RL-000001", "RL-000002"]
    code, _, err = run_cli(["--now", "2026-11-27T11:00:00+00:00", "withdraw", "RL-000001", "--operator", "Sam"],
                           capsys)
    assert code == 0, err
    code, result, problems = verify(capsys, "--against", str(path))
    assert (code, problems) == (0, [])
    assert result["digest"] == {"at": "2026-11-27T10:00:00+00:00", "tickets": 1}


def test_an_older_copy_of_the_database_put_back_is_reported_against_the_digest(shell, capsys, tmp_path):
    with shell.sessions() as session:  # the ticket as a backup taken now holds it, validly sealed
        ticket = session.scalar(select(Ticket).where(Ticket.ref == "RL-000001"))
        backup = {"state": ticket.state, "history_count": ticket.history_count, "history_head": ticket.history_head,
                  "history_keyed_from": ticket.history_keyed_from, "history_seal": ticket.history_seal}
    kept = len(events(shell))
    code, _, err = run_cli(["--now", "2026-11-27T11:00:00+00:00", "withdraw", "RL-000001", "--operator", "Sam"],
                           capsys)
    assert code == 0, err
    path, found = digest_file(capsys, tmp_path)
    # The backup put back: the events since gone, the ticket as it was.
    cut(shell, kept)
    with shell.tx() as session:
        session.execute(update(Ticket).where(Ticket.ref == "RL-000001").values(**backup))
    assert verify(capsys)[0] == 0  # by itself, a consistent older copy
    code, _, problems = verify(capsys, "--against", str(path))
    assert code == 1
    assert problems == [f"mailbot: audit: RL-000001 event {kept + 1}: missing: the history ends at event {kept}, "
                        f"and the digest of {found['at']} has {found['tickets'][0]['count']} (cut short, or an "
                        "older copy put back)"]


def test_a_chain_cut_or_rewritten_since_the_digest_is_reported_against_it(shell, capsys, tmp_path):
    path, found = digest_file(capsys, tmp_path)
    count = found["tickets"][0]["count"]
    with shell.tx() as session:
        session.execute(update(HistoryEntry).where(HistoryEntry.seq == count).values(reason="rewritten"))
    head = rehash_from(shell, count, plain_sha256)
    rewind(shell, count, head)
    code, _, problems = verify(capsys, "--against", str(path))
    assert code == 1
    assert f"mailbot: audit: RL-000001 event {count}: differs from the digest of {found['at']} (the history was " \
           "rewritten since)" in problems
    cut(shell, count - 2)
    code, _, problems = verify(capsys, "--against", str(path))
    assert code == 1 and any(f"event {count - 1}: missing: the history ends at event {count - 2}" in p
                             for p in problems)


def test_a_digest_altered_to_match_is_refused(shell, capsys, tmp_path):
    path, found = digest_file(capsys, tmp_path)
    found["tickets"][0]["count"] -= 2
    path.write_text(json.dumps(found))
    code, out, err = run_cli(["audit", "verify", "--against", str(path)], capsys)
    assert code == 2
    assert err == (f"mailbot: error: {path}: the digest's seal does not match: it was altered, or made with another "
                   "MAILBOT_AUDIT_KEY\n")
    path.write_text("not a digest")
    code, _, err = run_cli(["audit", "verify", "--against", str(path)], capsys)
    assert code == 2 and err.count("\n") == 1 and "neither a history digest nor a mail carrying one" in err


def test_the_days_digest_goes_to_gds_once_a_day_and_can_be_checked_from_the_mail(shell, capsys, tmp_path, clock):
    first = history_digest.send_daily(shell)
    assert first is not None
    assert history_digest.send_daily(shell) is None  # once a day
    with shell.sessions() as session:
        item = session.get(OutboxItem, first)
        assert (item.to, item.cc, item.ticket_id, item.template, item.status) == (
            [GDS], [], None, "history_digest", "pending")
        raw = item.message.raw
    from email import message_from_bytes
    from email.policy import default

    mail = message_from_bytes(raw, policy=default)
    assert mail["Subject"] == "Ticket history digest for Friday 27 November 2026"
    [attachment] = list(mail.iter_attachments())
    assert attachment.get_filename() == "history-digest-2026-11-27.json"
    assert json.loads(attachment.get_content())["tickets"][0]["ticket"] == "RL-000001"
    (tmp_path / "digest.eml").write_bytes(raw)
    assert verify(capsys, "--against", str(tmp_path / "digest.eml"))[0] == 0
    cut(shell, 2)
    code, _, problems = verify(capsys, "--against", str(tmp_path / "digest.eml"))
    assert code == 1 and any("RL-000001 event 3: missing" in p and "digest of" in p for p in problems)
    clock.advance(timedelta(days=1))
    assert history_digest.send_daily(shell) is not None


# -- histories from before keyed hashing --------------------------------------------------------------------


def test_a_history_from_before_0010_is_counted_by_the_upgrade_sealed_once_and_then_guarded(shell, capsys, db_url):
    # The history as 0009 wrote it: unkeyed SHA-256, and nothing on the ticket.
    rehash_from(shell, 1, old_unkeyed)
    with shell.tx() as session:
        session.execute(update(Ticket).values(history_count=None, history_head=None, history_keyed_from=None,
                                              history_seal=None))
    shell.engine.dispose()
    engine = db.make_engine(db_url)
    try:
        db.downgrade(engine, "0009")
        db.upgrade(engine)
    finally:
        engine.dispose()
    legacy = len(events(shell))
    with shell.sessions() as session:
        ticket = session.scalar(select(Ticket).where(Ticket.ref == "RL-000001"))
        assert (ticket.history_count, ticket.history_head, ticket.history_keyed_from, ticket.history_seal) == (
            legacy, events(shell)[-1].hash, legacy + 1, None)
    code, _, problems = verify(capsys)
    assert code == 1 and len(problems) == 1 and "not sealed" in problems[0] and "mailbot audit seal" in problems[0]
    # An event written before the seal: keyed, and the ticket is still not sealed.
    code, _, err = run_cli(["--now", "2026-11-27T11:00:00+00:00", "withdraw", "RL-000001", "--operator", "Sam"],
                           capsys)
    assert code == 0, err
    code, out, err = run_cli(["audit", "seal"], capsys)
    assert code == 0, err
    assert json.loads(out) == {"sealed": ["RL-000001"], "refused": []}
    assert verify(capsys)[:2] == (0, {"events": len(events(shell)), "ok": True})
    # From now on, an old event edited and the chain re-hashed the old way is caught by the first keyed event.
    with shell.tx() as session:
        session.execute(update(HistoryEntry).where(HistoryEntry.seq == 1).values(actor="someone else"))
    rehash_from(shell, 1, old_unkeyed)
    code, _, problems = verify(capsys)
    assert code == 1
    assert problems[0].startswith(f"mailbot: audit: RL-000001 event {legacy + 1}: was altered and hashed again "
                                  "without the key")


def test_run_until_idle_queues_the_days_digest_for_gds_last_and_once(shell, capsys):
    code, out, err = run_cli(["--now", "2026-11-28T00:30:00+00:00", "run", "--until-idle"], capsys)
    assert code == 0, err
    code, out, err = run_cli(["--now", "2026-11-28T00:40:00+00:00", "run", "--until-idle"], capsys)
    assert code == 0, err
    assert json.loads(out)["sent"] == 1  # the digest the pass before queued last
    code, out, err = run_cli(["outbox", "list", "--json"], capsys)
    digests = [row for row in json.loads(out) if row["template"] == "history_digest"]
    assert [(row["to"], row["ticket"], row["status"]) for row in digests] == [([GDS], None, "sent")]
    assert digests[0]["subject"] == "Ticket history digest for Saturday 28 November 2026"


def test_the_key_is_made_once_for_the_embedded_default_readable_by_its_owner_alone(tmp_path):
    from mailbot.errors import ConfigError
    from mailbot.settings import load_settings

    settings = load_settings({"MAILBOT_SECRET": "s" * 20}, cwd=tmp_path)
    key_file = tmp_path / "var" / "audit-key"
    assert settings.audit_key == key_file.read_bytes().strip() and len(settings.audit_key) == 64
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert settings.audit_key != settings.secret
    assert load_settings({"MAILBOT_SECRET": "s" * 20}, cwd=tmp_path).audit_key == settings.audit_key
    with pytest.raises(ConfigError, match="^MAILBOT_AUDIT_KEY: must be at least 16 characters$"):
        load_settings({"MAILBOT_SECRET": "s" * 20, "MAILBOT_AUDIT_KEY": "short"}, cwd=tmp_path)
