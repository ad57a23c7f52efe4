"""Ingest: the one way in: store the raw message and commit, then classify and act in a second transaction."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import select

from mailbot.classify import classify
from mailbot.errors import TemporaryError
from mailbot.parse import content_key, parse
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
    key = content_key(raw)
    mail = parse(raw)
    with app.tx() as session:
        stored = session.scalar(
            select(Message).where(Message.direction == "in", Message.content_key == key).limit(1)
        )
        duplicate = stored is not None
        if stored is None:
            stored = Message(direction="in", source=source, message_id=mail.message_id, content_key=key, raw=raw,
                             from_addr=mail.sender or _first_from(mail), subject=mail.subject[:2000],
                             received_at=app.clock.now(), status="stored")
            session.add(stored)
    # Committed: from here on the message cannot be lost, whatever happens to its processing.
    if duplicate and stored.status != "stored":
        return _result(app, stored, duplicate=True, action="duplicate")
    try:
        with app.tx() as session:
            message = session.get(Message, stored.id, with_for_update=True)
            if message.status != "stored":  # another process acted on it meanwhile
                return _result(app, message, duplicate=True, action="duplicate")
            outcome = intake.act(session, app, message, mail, classify(session, app.rules, mail))
            message.status, message.kind = "processed", outcome.kind
        return _result(app, stored, duplicate=duplicate, action=outcome.action)
    except TemporaryError:
        raise
    except Exception as e:  # the boundary of the runner: park it for a person, never drop it
        log.error("processing message %s failed (%s: %s); sent to triage", mail.message_id, type(e).__name__, e)
        log.debug("the failure in full", exc_info=True)
        with app.tx() as session:
            message = session.get(Message, stored.id)
            message.status, message.kind, message.error = "failed", "triage", f"{type(e).__name__}: {e}"
            intake.triage(session, app, message, f"the bot could not process this message ({type(e).__name__}: {e})")
        return _result(app, stored, duplicate=duplicate, action="triaged")


def _first_from(mail) -> str | None:
    return mail.from_addrs[0][1][:998] if mail.from_addrs else None


def _result(app, message: Message, *, duplicate: bool, action: str) -> Received:
    with app.sessions() as session:
        rows = session.execute(
            select(Ticket.ref, Ticket.state)
            .join(TicketMessage, TicketMessage.ticket_id == Ticket.id)
            .where(TicketMessage.message_id == message.id)
            .order_by(Ticket.id)
        ).all()
        kind = session.scalar(select(Message.kind).where(Message.id == message.id))
    return Received(
        message_id=message.message_id,
        duplicate=duplicate,
        ticket=rows[0].ref if rows else None,
        tickets=[r.ref for r in rows],
        kind=kind,
        state=rows[0].state if rows else None,
        action=action,
    )
