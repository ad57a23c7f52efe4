"""Ingest: the one way in: store the raw message, then parse, classify and act on it in the same transaction.

A message that acting fails on never stops the others: its group's transaction is rolled back whole and done
again without acting on it, and its failure is then counted, and after the last attempt the message is parked
for a person, each in a transaction of its own (see docs/operations.md).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import bindparam, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from mailbot.classify import classify
from mailbot.errors import MailbotError, TemporaryError
from mailbot.parse.exchange import parse
from mailbot.parse.mail import ParsedMail, content_key
from mailbot.services import Services
from mailbot.store import records
from mailbot.store.models import Message, Ticket, TicketMessage
from mailbot.store.rows import Rows, write_changed
from mailbot.store.values import MailKind, MessageStatus
from mailbot.workflow import intake
from mailbot.workflow.triage import triage

log = logging.getLogger(__name__)

# A message whose processing fails is tried this many times, then parked for a person (Mailman's habit):
# one poison message never blocks the ones after it, and a passing fault gets another chance.
MAX_ATTEMPTS = 3

# A database that is gone or locked: the whole group waits for it (a TemporaryError), no message is blamed.
_DATABASE_GONE = (OperationalError, InterfaceError, DisconnectionError)


class ProcessingFailed(TemporaryError):
    """Processing failed for now; the message is stored and will be tried again (it is not lost)."""


class NotStored(MailbotError):
    """A message that could not even be stored, while the database works: only its sender or its mailbox keeps
    it (SMTP answers 451, IMAP moves it to the quarantine folder, `mailbot ingest` leaves the file and says so)."""


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
    error: str | None = None  # why it was parked or quarantined

    def as_json(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "error" or v is not None}


@dataclass(frozen=True)
class Incoming:
    """One message for receive_many(): its bytes, where it came from, and its parse when made beforehand."""

    raw: bytes
    source: str
    mail: ParsedMail | None = None


def receive(app: Services, raw: bytes, source: str) -> Received:
    """Store the message and act on it.

    The raw message is committed whatever happens to its processing: a failure of acting on it rolls back only
    what the acting did. Raises ProcessingFailed when acting failed and it will be tried again: the caller keeps
    it (IMAP leaves it in the inbox, SMTP answers 451) or calls again (`receive_retrying`); NotStored when it
    could not even be stored.
    """
    outcome = receive_many(app, [Incoming(raw, source)])[0]
    if isinstance(outcome, Exception):
        raise outcome
    return outcome


def registrar_addresses(app: Services) -> frozenset[str]:
    """The registrars' addresses of record as they are now, for the parser process to read a change request only of
    their mail and a form only of anyone else's (parse.exchange.parse). Should the records change before the mail is
    acted on, the classifier reads what it wants that was not read."""
    with app.tx() as session:
        return records.registrar_addresses(session)


def receive_many(app: Services, incoming: list[Incoming], *, before_commit=None) -> list[Received | Exception]:
    """receive() for several messages in one transaction (one commit, not one each): what happened to each,
    in order, or the exception receive() would have raised for it (ProcessingFailed, NotStored, or a
    TemporaryError from acting). One message's failure rolls back only its own work. `before_commit(session)`
    runs last, in the same transaction. Raises TemporaryError, with nothing committed, when the database
    fails."""
    # Parsed before the transaction opens: a slow message (up to MAILBOT_PARSE_SECONDS) never holds the write
    # lock. A message seen before is parsed for nothing, which is rare (a mailbox read again after a crash).
    registrars = registrar_addresses(app) if any(item.mail is None for item in incoming) else None
    mails = [item.mail or parse(item.raw, app.settings.limits, app.rules.zone, registrars) for item in incoming]
    # Acted on without a savepoint for each message, which costs statements and a flush of the session each.
    # When acting on one of them fails, the whole transaction is rolled back and the group done again in a new
    # session, storing that message but not acting on it: nothing the failed attempt left behind (objects in the
    # session, what a transaction remembers, a ticket number it took) outlives its session, so neither the
    # others nor the failed message's parking can meet it. Each failure adds a message to `failed`, so this
    # ends, after at most one more pass than there are failures.
    failed: dict[int, _Failed] = {}
    while True:
        try:
            outcomes = _receive_group(app, incoming, mails, before_commit, failed)
            break
        except _Failed as e:
            failed[e.index] = e
    for index, failure in failed.items():
        outcomes[index] = _after_failure(app, incoming[index], mails[index], outcomes[index], failure)
    return outcomes


class _Failed(Exception):
    """Acting on (or storing) one message of a group failed: the group's transaction is rolled back whole."""

    def __init__(self, index: int, error: Exception, *, stored: bool):
        super().__init__(index, error)
        self.index, self.error, self.stored = index, error, stored

    def __str__(self) -> str:
        return f"{type(self.error).__name__}: {self.error}"


def _receive_group(app: Services, incoming: list[Incoming], mails: list[ParsedMail], before_commit,
                   failed: dict[int, _Failed]) -> list:
    with app.tx() as session:
        outcomes = [_receive_one(session, app, index, item, mail, failed.get(index))
                    for index, (item, mail) in enumerate(zip(incoming, mails))]
        if before_commit is not None:
            before_commit(session)
    return outcomes


def _receive_one(session, app: Services, index: int, item: Incoming, mail: ParsedMail, failure):
    """What happened to the message (Received); for one that failed before, in this call: None when it could
    not be stored, else its stored row's id, or its Received when it was done meanwhile by another process."""
    if failure is not None and not failure.stored:
        return None
    try:
        message, duplicate = _store(session, app, item, mail)
    except _DATABASE_GONE:
        raise
    except Exception as e:  # this message's own: the others are stored without it
        raise _Failed(index, e, stored=False) from e
    if message.status != MessageStatus.STORED:  # done before, here or by another process
        return _result(session, message, duplicate=True, action="duplicate")
    if failure is not None:
        return message.id
    try:
        return _act(session, app, message, duplicate, mail)
    except Exception as e:  # the boundary of the runner: counted, retried, then parked; never dropped
        raise _Failed(index, e, stored=True) from e


def _act(session, app: Services, message: Message, duplicate: bool, mail: ParsedMail) -> Received:
    outcome = intake.act(session, app, message, mail, classify(session, app.rules, mail))
    # Written as rows, past the session's unit of work: the tickets' changes are complete, and nothing else of the
    # message changes.
    write_changed(session, Ticket)
    _PROCESSED.run(session, {"pk": message.id, "kind": outcome.kind})
    set_committed_value(message, "status", MessageStatus.PROCESSED)
    set_committed_value(message, "kind", outcome.kind)
    tickets = sorted(outcome.tickets, key=lambda t: t.id)
    return Received(message.message_id, duplicate, tickets[0].ref if tickets else None, [t.ref for t in tickets],
                    message.kind, tickets[0].state if tickets else None, outcome.action)


def _after_failure(app: Services, item: Incoming, mail: ParsedMail, outcome, failure: _Failed) -> Received | Exception:
    """Once the group is committed: the failed message's attempt counted, and after the last one the message
    parked; or, when even that fails, set aside. Each in a new transaction, from a new session."""
    if isinstance(outcome, Received):  # done meanwhile by another process
        return outcome
    log.debug("the failure in full", exc_info=failure.error)
    if outcome is None:
        return _store_aside(app, item, mail, failure)
    if isinstance(failure.error, TemporaryError):  # something outside failed for now: not the message's fault
        return failure.error
    error = str(failure)
    try:
        return _count_or_park(app, outcome, mail, error)
    except TemporaryError as e:  # the database failed: the message stays `stored`, and is tried again
        return e
    except Exception as e:
        log.debug("parking failed", exc_info=True)
        return _quarantine(app, outcome, mail, f"{error}; parking it failed too ({type(e).__name__}: {e})")


def _count_or_park(app: Services, pk: int, mail: ParsedMail, error: str) -> Received | Exception:
    """Count a failed attempt; after the last one, park the message for a person in the same transaction (its
    Received), else ProcessingFailed. A failure of parking rolls back the count with it."""
    with app.tx() as session:
        message = _locked(session, pk)
        if message.status != MessageStatus.STORED:
            return _result(session, message, duplicate=True, action="duplicate")
        message.attempts += 1
        message.error = error
        if message.attempts < MAX_ATTEMPTS:
            log.warning("processing message %s failed (%s), attempt %d of %d: it will be tried again",
                        mail.message_id, error, message.attempts, MAX_ATTEMPTS)
            # Stored, still `stored`, once committed: processing it again later picks it up.
            return ProcessingFailed(f"processing {message.message_id or 'a message'} failed: {error}")
        message.status, message.kind = MessageStatus.FAILED, MailKind.TRIAGE
        ticket = triage(session, app, message, f"the bot could not process this message after "
                                                f"{message.attempts} attempts ({error})")
        log.error("processing message %s failed %d times (%s): parked for a person on %s", mail.message_id,
                  message.attempts, error, ticket.ref)
        return Received(message.message_id, False, ticket.ref, [ticket.ref], message.kind, ticket.state, "parked",
                        error)


def _quarantine(app: Services, pk: int, mail: ParsedMail, error: str) -> Received | Exception:
    """A message that could not even be parked: marked `failed` without a ticket, and set aside by the caller
    (the IMAP quarantine folder; a line of `mailbot ingest` with the error)."""
    try:
        with app.tx() as session:
            message = _locked(session, pk)
            if message.status != MessageStatus.STORED:
                return _result(session, message, duplicate=True, action="duplicate")
            message.attempts += 1
            message.status, message.error = MessageStatus.FAILED, error
    except Exception as e:  # the database failed: the message stays `stored`, and is tried again
        log.error("message %s could not be parked nor marked failed (%s): left to try again", mail.message_id, e)
        return ProcessingFailed(f"processing {mail.message_id or 'a message'} failed: {error}; "
                                f"marking it failed failed too ({type(e).__name__}: {e})")
    log.error("message %s (stored as message %s) could not be parked (%s): quarantined", mail.message_id, pk, error)
    return Received(mail.message_id, False, None, [], None, None, "quarantined", error)


def _store_aside(app: Services, item: Incoming, mail: ParsedMail, failure: _Failed) -> Received | Exception:
    """A message whose storing failed while the others' did not: stored again alone, with nothing read from it
    but its bytes, as `failed`; else NotStored (its sender or its mailbox keeps it)."""
    error = f"storing it failed ({failure})"
    values = {"direction": "in", "source": item.source, "content_key": content_key(item.raw), "raw": item.raw,
              "received_at": app.clock.now(), "status": MessageStatus.FAILED, "kind": None, "error": error,
              "attempts": 1, "message_id": None, "from_addr": None, "subject": ""}
    try:
        with app.tx() as session:
            row = _STORE[session.get_bind().dialect.name].run(session, values).fetchone()
    except Exception as e:
        log.error("message %s could not be stored (%s; alone: %s: %s)", mail.message_id, error, type(e).__name__, e)
        return NotStored(f"{mail.message_id or 'a message'} could not be stored: {error}; "
                         f"alone: {type(e).__name__}: {e}")
    log.error("message %s could not be stored as read (%s): stored as it came, quarantined", mail.message_id, error)
    if row is None:  # stored meanwhile, by another process
        return Received(mail.message_id, True, None, [], None, None, "duplicate")
    return Received(mail.message_id, False, None, [], None, None, "quarantined", error)


def _locked(session, pk: int) -> Message:
    return session.scalar(select(Message).where(Message.id == pk).with_for_update()
                          .execution_options(populate_existing=True))


def receive_retrying(app: Services, raw: bytes, source: str) -> Received:
    """receive(), tried again at once until it succeeds or the message is parked (for files and stdin)."""
    for _ in range(MAX_ATTEMPTS):
        try:
            return receive(app, raw, source)
        except ProcessingFailed:
            continue
    return receive(app, raw, source)


def _store(session, app: Services, item: Incoming, mail: ParsedMail) -> tuple[Message, bool]:
    """(the stored row, whether it was there already), locked for this transaction."""
    values = {"direction": "in", "source": item.source, "content_key": content_key(item.raw), "raw": item.raw,
              "received_at": app.clock.now(), "status": MessageStatus.STORED, "kind": None, "error": None,
              "attempts": 0, **_described(mail)}
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
                  .values(status=MessageStatus.PROCESSED, kind=bindparam("kind")))
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
