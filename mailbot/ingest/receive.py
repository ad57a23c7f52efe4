"""Ingest: the one way in: store the raw message and commit, then parse, classify and act in a second transaction."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from mailbot.classify import classify
from mailbot.errors import TemporaryError
from mailbot.parse import ParsedMail, content_key, parse
from mailbot.store.models import Message, Ticket, TicketMessage
from mailbot.workflow import intake

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


def receive(app, raw: bytes, source: str, *, on_store=None) -> Received:
    """Store the message (calling `on_store(session, message)` in the same transaction), then act on it.

    Raises ProcessingFailed when acting on it failed and it will be tried again: the caller keeps it (IMAP
    leaves it in the inbox, SMTP answers 451) or calls again (`receive_retrying`).
    """
    stored_id, duplicate, status = _store(app, raw, source, on_store)
    # Committed: from here on the message cannot be lost, whatever happens to its processing.
    if duplicate and status != "stored":
        return _result(app, stored_id, duplicate=True, action="duplicate")
    mail = parse(raw)
    try:
        with app.tx() as session:
            message = session.get(Message, stored_id, with_for_update=True)
            if message.status != "stored":  # another process acted on it meanwhile
                return _result(app, stored_id, duplicate=True, action="duplicate")
            _describe(message, mail)
            outcome = intake.act(session, app, message, mail, classify(session, app.rules, mail))
            message.status, message.kind = "processed", outcome.kind
            tickets = sorted(outcome.tickets, key=lambda t: t.id)
            return Received(message.message_id, duplicate, tickets[0].ref if tickets else None,
                            [t.ref for t in tickets], message.kind, tickets[0].state if tickets else None,
                            outcome.action)
    except TemporaryError:
        raise  # the message stays `stored`: processing it again later picks it up
    except Exception as e:  # the boundary of the runner: retry, then park it for a person; never drop it
        error = f"{type(e).__name__}: {e}"
        log.debug("the failure in full", exc_info=True)
        with app.tx() as session:
            message = session.get(Message, stored_id, with_for_update=True)
            _describe(message, mail)
            message.attempts += 1
            message.error = error
            if message.attempts < MAX_ATTEMPTS:
                log.warning("processing message %s failed (%s), attempt %d of %d: it will be tried again",
                            mail.message_id, error, message.attempts, MAX_ATTEMPTS)
                parked = False
            else:
                log.error("processing message %s failed %d times (%s): parked for a person", mail.message_id,
                          message.attempts, error)
                message.status, message.kind = "failed", "triage"
                intake.triage(session, app, message, f"the bot could not process this message after "
                                                     f"{message.attempts} attempts ({error})")
                parked = True
        if not parked:
            raise ProcessingFailed(f"processing {mail.message_id or 'a message'} failed: {error}") from None
        return _result(app, stored_id, duplicate=duplicate, action="parked")


def receive_retrying(app, raw: bytes, source: str, **kw) -> Received:
    """receive(), tried again at once until it succeeds or the message is parked (for files and stdin)."""
    for _ in range(MAX_ATTEMPTS):
        try:
            return receive(app, raw, source, **kw)
        except ProcessingFailed:
            continue
    return receive(app, raw, source, **kw)


def _store(app, raw: bytes, source: str, on_store=None) -> tuple[int, bool, str]:
    """(row id, whether it was there already, its status), with the raw bytes committed."""
    key = content_key(raw)
    query = select(Message.id, Message.status).where(Message.direction == "in", Message.content_key == key)
    try:
        with app.tx() as session:
            found = session.execute(query).first()
            if found is not None:
                if on_store is not None:
                    on_store(session, session.get(Message, found.id))
                return found.id, True, found.status
            message = Message(direction="in", source=source, content_key=key, raw=raw,
                              received_at=app.clock.now(), status="stored", attempts=0)
            session.add(message)
            session.flush()
            if on_store is not None:
                on_store(session, message)
            return message.id, False, "stored"
    except IntegrityError:  # the same message, stored by another process a moment ago
        with app.sessions() as session:
            found = session.execute(query).one()
            return found.id, True, found.status


def _describe(message: Message, mail: ParsedMail) -> None:
    message.message_id = mail.message_id[:998] if mail.message_id else None
    message.from_addr = (mail.sender or (mail.from_addrs[0][1] if mail.from_addrs else None) or "")[:998] or None
    message.subject = mail.subject[:2000]


def _result(app, message_pk: int, *, duplicate: bool, action: str) -> Received:
    with app.sessions() as session:
        message = session.get(Message, message_pk)
        rows = session.execute(
            select(Ticket.ref, Ticket.state)
            .join(TicketMessage, TicketMessage.ticket_id == Ticket.id)
            .where(TicketMessage.message_id == message_pk)
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
