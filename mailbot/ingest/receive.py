"""Ingest: the one way in: store the raw message, then parse, classify and act on it in the same transaction."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import bindparam, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from mailbot.classify import classify
from mailbot.errors import TemporaryError
from mailbot.parse import ParsedMail, content_key, parse
from mailbot.store.models import Message, Ticket, TicketMessage
from mailbot.store.rows import Rows, write_changed
from mailbot.workflow import intake
from mailbot.workflow.triage import triage

log = logging.getLogger(__name__)

# A message whose processing fails is tried this many times, then parked for a person (Mailman's habit):
# one poison message never blocks the ones after it, and a passing fault gets another chance.
MAX_ATTEMPTS = 3


class ProcessingFailed(TemporaryError):
    """Processing failed for now; the message is stored and will be tried again (it is not lost)."""


@dataclass(frozen=True)
class Received:
    """What happened to one message: the line `mailbot ingest` prints."""

    message_id: str | None
    duplicate: bool
    ticket: str | None
    tickets: list[str]
    kind: str | None
    state: str | None
    action: str

    def as_json(self) -> dict:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Incoming:
    """One message for receive_many(): its bytes, where it came from, and its parse when made beforehand."""

    raw: bytes
    source: str
    mail: ParsedMail | None = None


def receive(app, raw: bytes, source: str) -> Received:
    """Store the message and act on it.

    The raw message is committed whatever happens to its processing: a failure of acting on it rolls back only
    what the acting did. Raises ProcessingFailed when acting failed and it will be tried again: the caller keeps
    it (IMAP leaves it in the inbox, SMTP answers 451) or calls again (`receive_retrying`).
    """
    outcome = receive_many(app, [Incoming(raw, source)])[0]
    if isinstance(outcome, Exception):
        raise outcome
    return outcome


def receive_many(app, incoming: list[Incoming], *, before_commit=None) -> list[Received | Exception]:
    """receive() for several messages in one transaction (one commit, not one each): what happened to each,
    in order, or the exception receive() would have raised for it (ProcessingFailed, or a TemporaryError
    from acting). One message's failure rolls back only its own work. `before_commit(session)` runs last, in
    the same transaction. Raises TemporaryError, with nothing committed, when the database fails."""
    # Parsed before the transaction opens: a slow message (up to MAILBOT_PARSE_SECONDS) never holds the write
    # lock. A message seen before is parsed for nothing, which is rare (a mailbox read again after a crash).
    mails = [item.mail or parse(item.raw, app.settings.limits, app.rules.zone) for item in incoming]
    # Acted on without a savepoint for each message, which costs statements and a flush of the session each:
    # when acting on one of them fails, the whole transaction is rolled back and the messages are acted on
    # again, each in a savepoint of its own, so that the failure rolls back only its own message's work.
    try:
        return _receive_group(app, incoming, mails, before_commit, careful=False)
    except _ActingFailed:
        return _receive_group(app, incoming, mails, before_commit, careful=True)


def _receive_group(app, incoming: list[Incoming], mails: list[ParsedMail], before_commit, *,
                   careful: bool) -> list[Received | Exception]:
    with app.tx() as session:
        outcomes = [_receive_one(session, app, item, mail, careful) for item, mail in zip(incoming, mails)]
        if before_commit is not None:
            before_commit(session)
    return outcomes


class _ActingFailed(Exception):
    """Acting on a message failed on the pass without savepoints: the transaction is rolled back whole."""


def _receive_one(session, app, item: Incoming, mail: ParsedMail, careful: bool) -> Received | Exception:
    message, duplicate = _store(session, app, item, mail)
    if message.status != "stored":  # done before, here or by another process
        return _result(session, message, duplicate=True, action="duplicate")
    if not careful:
        try:
            return _act(session, app, message, duplicate, mail)
        except Exception as e:
            raise _ActingFailed from e
    try:
        with session.begin_nested():
            return _act(session, app, message, duplicate, mail)
    except Exception as e:  # the boundary of the runner: retry, then park it for a person; never drop it
        session.expire(message, ["status", "kind"])  # as the database has them again
        if isinstance(e, TemporaryError):
            return e
        parked = _failed(session, app, message, mail, e)
        if parked is not None:
            return parked
    # Stored, still `stored`, once committed: processing it again later picks it up.
    return ProcessingFailed(f"processing {message.message_id or 'a message'} failed: {message.error}")


def _act(session, app, message: Message, duplicate: bool, mail: ParsedMail) -> Received:
    outcome = intake.act(session, app, message, mail, classify(session, app.rules, mail))
    # Written as rows, past the session's unit of work: the tickets' changes are complete, and nothing else of the
    # message changes.
    write_changed(session, Ticket)
    _PROCESSED.run(session, {"pk": message.id, "kind": outcome.kind})
    set_committed_value(message, "status", "processed")
    set_committed_value(message, "kind", outcome.kind)
    tickets = sorted(outcome.tickets, key=lambda t: t.id)
    return Received(message.message_id, duplicate, tickets[0].ref if tickets else None, [t.ref for t in tickets],
                    message.kind, tickets[0].state if tickets else None, outcome.action)


def _failed(session, app, message: Message, mail: ParsedMail, e: Exception) -> Received | None:
    """Count a failed attempt; after the last one, park the message for a person (its Received), else None."""
    error = f"{type(e).__name__}: {e}"
    log.debug("the failure in full", exc_info=True)
    message.attempts += 1
    message.error = error
    if message.attempts < MAX_ATTEMPTS:
        log.warning("processing message %s failed (%s), attempt %d of %d: it will be tried again",
                    mail.message_id, error, message.attempts, MAX_ATTEMPTS)
        return None
    log.error("processing message %s failed %d times (%s): parked for a person", mail.message_id,
              message.attempts, error)
    message.status, message.kind = "failed", "triage"
    ticket = triage(session, app, message, f"the bot could not process this message after "
                                                  f"{message.attempts} attempts ({error})")
    return Received(message.message_id, False, ticket.ref, [ticket.ref], message.kind, ticket.state, "parked")


def receive_retrying(app, raw: bytes, source: str) -> Received:
    """receive(), tried again at once until it succeeds or the message is parked (for files and stdin)."""
    for _ in range(MAX_ATTEMPTS):
        try:
            return receive(app, raw, source)
        except ProcessingFailed:
            continue
    return receive(app, raw, source)


def _store(session, app, item: Incoming, mail: ParsedMail) -> tuple[Message, bool]:
    """(the stored row, whether it was there already), locked for this transaction."""
    values = {"direction": "in", "source": item.source, "content_key": content_key(item.raw), "raw": item.raw,
              "received_at": app.clock.now(), "status": "stored", "kind": None, "error": None, "attempts": 0,
              **_described(mail)}
    # Stored by one statement, which does nothing when the message is there already. On PostgreSQL, the same
    # message being stored by another process meanwhile makes it wait for that one to end.
    row = _STORE[session.get_bind().dialect.name].run(session, values).fetchone()
    if row is None:
        query = (select(Message).where(Message.direction == "in", Message.content_key == values["content_key"])
                 .with_for_update())
        return session.scalar(query), True
    message = Message(id=row[0], **values)
    make_transient_to_detached(message)  # the row just written, as if read back: no query for it
    session.add(message)
    return message, False


# Built once: making a statement costs more than running it.
_PROCESSED = Rows(update(Message.__table__).where(Message.__table__.c.id == bindparam("pk"))
                  .values(status="processed", kind=bindparam("kind")))
_STORE = {name: Rows(dialect.insert(Message.__table__).on_conflict_do_nothing().returning(Message.__table__.c.id))
          for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))}


def _described(mail: ParsedMail) -> dict:
    # PostgreSQL's text cannot hold NUL, which a hostile header can: shown as U+FFFD (the raw bytes keep it),
    # or the message could never be processed, nor parked.
    return {
        "message_id": mail.message_id[:998].replace("\x00", "\ufffd") if mail.message_id else None,
        "from_addr": (mail.sender or (mail.from_addrs[0][1] if mail.from_addrs else None)
                      or "")[:998].replace("\x00", "\ufffd") or None,
        "subject": mail.subject[:2000].replace("\x00", "\ufffd"),
    }


def _result(session, message: Message, *, duplicate: bool, action: str) -> Received:
    rows = session.execute(
        select(Ticket.ref, Ticket.state)
        .join(TicketMessage, TicketMessage.ticket_id == Ticket.id)
        .where(TicketMessage.message_id == message.id)
        .order_by(Ticket.id)
    ).all()
    return Received(
        message_id=message.message_id,
        duplicate=duplicate,
        ticket=rows[0].ref if rows else None,
        tickets=[r.ref for r in rows],
        kind=message.kind,
        state=rows[0].state if rows else None,
        action=action,
    )
