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


def receive(app, raw: bytes, source: str) -> Received:
    stored_id, duplicate, status = _store(app, raw, source)
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
        return _result(app, stored_id, duplicate=duplicate, action=outcome.action)
    except TemporaryError:
        raise  # the message stays `stored`: processing it again later picks it up
    except Exception as e:  # the boundary of the runner: park it for a person, never drop it
        log.error("processing message %s failed (%s: %s); sent to triage", mail.message_id, type(e).__name__, e)
        log.debug("the failure in full", exc_info=True)
        with app.tx() as session:
            message = session.get(Message, stored_id, with_for_update=True)
            _describe(message, mail)
            message.status, message.kind, message.error = "failed", "triage", f"{type(e).__name__}: {e}"
            intake.triage(session, app, message, f"the bot could not process this message ({type(e).__name__}: {e})")
        return _result(app, stored_id, duplicate=duplicate, action="triaged")


def _store(app, raw: bytes, source: str) -> tuple[int, bool, str]:
    """(row id, whether it was there already, its status), with the raw bytes committed."""
    key = content_key(raw)
    query = select(Message.id, Message.status).where(Message.direction == "in", Message.content_key == key)
    try:
        with app.tx() as session:
            found = session.execute(query).first()
            if found is not None:
                return found.id, True, found.status
            message = Message(direction="in", source=source, content_key=key, raw=raw,
                              received_at=app.clock.now(), status="stored")
            session.add(message)
            session.flush()
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
