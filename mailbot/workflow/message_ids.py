"""Workflow: a message with no Message-ID, or one another stored message already used, is flagged on its tickets.

RFC 5322 section 3.6.4: every message should have a Message-ID, unique to it. Messages are told apart by their
content (see parse.content_key), never by the Message-ID, so such a message is stored and handled on its own,
never merged with another; but a reused Message-ID with other content is a sign of an edited copy or a replay,
and the person who reads the ticket is told.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from mailbot import audit
from mailbot.services import Services
from mailbot.store.models import HistoryEntry, Message, Ticket
from mailbot.store.rows import Rows, flush_waiting
from mailbot.workflow import notices, tickets

MISSING = "message_id_missing"
REUSED = "message_id_reused"


@dataclass(frozen=True)
class Flag:
    kind: str  # MISSING or REUSED
    reason: str
    data: dict = field(default_factory=dict)


# Built once: making a statement costs more than running it.
_OTHERS = (select(Message.id, Message.direction)
           .where(Message.message_id == bindparam("message_id"), Message.id != bindparam("id")).order_by(Message.id))
_EARLIER = Rows(_OTHERS.limit(1))
_COUNT = Rows(select(func.count()).select_from(_OTHERS.subquery()))
_DONE = select(HistoryEntry.id).where(HistoryEntry.ticket_id == bindparam("ticket_id"),
                                      HistoryEntry.kind == bindparam("kind"),
                                      HistoryEntry.message_pk == bindparam("message_pk")).limit(1)


def flag_of(session: Session, message: Message) -> Flag | None:
    """The message's flag, found once for each message in a transaction: acting on a message may ask more
    than once (a triage ticket flags it in its notice, and then every ticket of the message is checked)."""
    flags = session.info.setdefault("message_id_flags", {})
    if message.id not in flags:
        flags[message.id] = _flag_of(session, message)
    return flags[message.id]


def _flag_of(session: Session, message: Message) -> Flag | None:
    if not message.message_id:
        return Flag(MISSING, "it has no Message-ID (RFC 5322 section 3.6.4)")
    params = {"message_id": message.message_id, "id": message.id}
    flush_waiting(session, Message)  # only messages count here
    earlier = _EARLIER.run(session, params).fetchone()
    if earlier is None:
        return None
    earlier_id, direction = earlier
    count = _COUNT.run(session, params).fetchone()[0]
    sent = " (a message the bot sent)" if direction == "out" else ""
    more = f" and {count - 1} more" if count > 1 else ""
    return Flag(REUSED, f"its Message-ID {message.message_id} was used before by message {earlier_id}{sent}{more}, "
                        "with other content: it was stored and handled on its own, not merged with it",
                {"message_id": message.message_id, "earlier": earlier_id, "others": count})


def record(session: Session, app: Services, ticket: Ticket, message: Message, flag: Flag, *, tell: bool) -> None:
    """Note the flag on the ticket, once for each message; with `tell`, a reused Message-ID is also told to the
    operators (a missing one only noted: it is careless, not suspicious)."""
    done = audit.written(session, ticket, flag.kind, message.id)
    if done is None:
        done = session.scalar(_DONE, {"ticket_id": ticket.id, "kind": flag.kind, "message_pk": message.id}) is not None
    if done:
        return
    tickets.note(session, app, ticket, flag.kind, actor="bot", reason=flag.reason, data=flag.data,
                 message_pk=message.id)
    if tell and flag.kind == REUSED:
        notices.tell_operators(session, app, ticket, f"A message on {ticket.ref} reuses another message's Message-ID",
                               [f"From: {message.from_addr or '(no single sender)'}",
                                flag.reason[:1].upper() + flag.reason[1:] + "."],
                               f"Compare them: mailbot messages show {message.id} and mailbot messages show "
                               f"{flag.data['earlier']}")
