"""Workflow: a message with no Message-ID, or one another stored message already used, is flagged on its tickets.

RFC 5322 section 3.6.4: every message should have a Message-ID, unique to it. Messages are told apart by their
content (see parse.content_key), never by the Message-ID, so such a message is stored and handled on its own,
never merged with another; but a reused Message-ID with other content is a sign of an edited copy or a replay,
and the person who reads the ticket is told.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mailbot.store.models import Event, Message, Ticket
from mailbot.workflow import service

MISSING = "message_id_missing"
REUSED = "message_id_reused"


@dataclass(frozen=True)
class Flag:
    kind: str  # MISSING or REUSED
    reason: str
    data: dict = field(default_factory=dict)


def flag_of(session: Session, message: Message) -> Flag | None:
    if not message.message_id:
        return Flag(MISSING, "it has no Message-ID (RFC 5322 section 3.6.4)")
    others = (select(Message.id, Message.direction).where(Message.message_id == message.message_id,
                                                          Message.id != message.id).order_by(Message.id))
    earlier = session.execute(others.limit(1)).first()
    if earlier is None:
        return None
    count = session.scalar(select(func.count()).select_from(others.subquery()))
    sent = " (a message the bot sent)" if earlier.direction == "out" else ""
    more = f" and {count - 1} more" if count > 1 else ""
    return Flag(REUSED, f"its Message-ID {message.message_id} was used before by message {earlier.id}{sent}{more}, "
                        "with other content: it was stored and handled on its own, not merged with it",
                {"message_id": message.message_id, "earlier": earlier.id, "others": count})


def record(session: Session, app, ticket: Ticket, message: Message, flag: Flag, *, tell: bool) -> None:
    """Note the flag on the ticket, once for each message; with `tell`, a reused Message-ID is also told to the
    operators (a missing one only noted: it is careless, not suspicious)."""
    done = session.scalar(select(Event.id).where(Event.ticket_id == ticket.id, Event.kind == flag.kind,
                                                 Event.message_pk == message.id).limit(1))
    if done is not None:
        return
    service.note(session, app, ticket, flag.kind, actor="bot", reason=flag.reason, data=flag.data,
                 message_pk=message.id)
    if tell and flag.kind == REUSED:
        service.tell_operators(session, app, ticket, f"A message on {ticket.ref} reuses another message's Message-ID",
                               [f"From: {message.from_addr or '(no single sender)'}",
                                flag.reason[:1].upper() + flag.reason[1:] + "."],
                               f"Compare them: mailbot messages show {message.id} and mailbot messages show "
                               f"{flag.data['earlier']}")
