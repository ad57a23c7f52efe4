"""Store: which stored messages belong to which ticket (ticket_messages). Written by the workflow as it acts on
a message and by the outbox as it stores one, each in the caller's transaction."""

from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from mailbot.store.models import Ticket, TicketMessage
from mailbot.store.rows import Rows


def link_stored(session: Session, ticket: Ticket, message_pk: int) -> None:
    # Written at once, and kept if it is there already: nothing reads the links while a message is acted on,
    # so asking first would cost a query for nothing.
    _LINK[session.get_bind().dialect.name].run(session, {"ticket_id": ticket.id, "message_id": message_pk})


# Built once: making a statement costs more than running it.
_LINK = {name: Rows(dialect.insert(TicketMessage.__table__).on_conflict_do_nothing())
         for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))}
