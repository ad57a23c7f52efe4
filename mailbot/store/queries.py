"""Storage: the lookups the workflow needs, by name, so that use cases read as what they do."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailbot.errors import NotFound
from mailbot.store.models import Contact, Domain, Registrar, Ticket
from mailbot.workflow.states import FINAL, Kind

REF_PREFIX = "RL-"


def domain_by_name(session: Session, name: str) -> Domain | None:
    return session.scalar(select(Domain).where(Domain.name == name))


def ticket_by_ref(session: Session, ref: str, *, lock: bool = False) -> Ticket:
    query = select(Ticket).where(Ticket.ref == ref.strip().upper())
    if lock:
        query = query.with_for_update()
    ticket = session.scalar(query)
    if ticket is None:
        raise NotFound(f"no ticket {ref!r}")
    return ticket


def open_change_ticket(session: Session, domain: Domain, registrar: Registrar) -> Ticket | None:
    """The registrar's open request for this domain, if any: a new request for it is an amendment."""
    return session.scalar(
        select(Ticket)
        .where(
            Ticket.kind == Kind.CHANGE,
            Ticket.domain_id == domain.id,
            Ticket.registrar_id == registrar.id,
            Ticket.state.not_in([str(s) for s in FINAL]),
        )
        .order_by(Ticket.id.desc())
        .limit(1)
        .with_for_update()
    )


def contacts(session: Session, organisation_id: int | None, role: str | None = None) -> list[Contact]:
    if organisation_id is None:
        return []
    query = select(Contact).where(Contact.organisation_id == organisation_id)
    if role:
        query = query.where(Contact.role == role)
    return list(session.scalars(query.order_by(Contact.role, Contact.email)))

