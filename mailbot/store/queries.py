"""Storage: the lookups the classifier and the workflow need, by name, so that use cases read as what they do."""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, joinedload

from mailbot.errors import NotFound
from mailbot.store.models import Contact, Domain, Registrar, Ticket
from mailbot.store.rows import flush_waiting, held
from mailbot.store.values import FINAL, Kind

REF_PREFIX = "RL-"


def domain_by_name(session: Session, name: str) -> Domain | None:
    return session.scalar(select(Domain).where(Domain.name == name))


def ticket_by_ref(session: Session, ref: str, *, lock: bool = False) -> Ticket:
    ticket = session.scalar(_BY_REF[lock], {"ref": ref.strip().upper()})
    if ticket is None:
        raise NotFound(f"no ticket {ref!r}")
    return ticket


def locked_ticket(session: Session, ref: str) -> Ticket | None:
    """The ticket, locked now rather than when the workflow acts on it (which it does first), and read under the
    lock: a copy read earlier in the transaction without it may be out of date on PostgreSQL. Its domain and
    registrar come in the same query, since answering a reply names them. Once locked, the lock is this
    transaction's until it ends, and nobody else changes the ticket: the next mail about it takes the session's
    copy, which holds what this transaction did to it."""
    ref = ref.upper()
    locked = held(session, "locked_tickets")  # ref -> id
    if ref in locked:
        return session.get(Ticket, locked[ref])
    ticket = session.scalar(_LOCKED, {"ref": ref})
    if ticket is not None:
        locked[ref] = ticket.id
    return ticket


def open_change_ticket(session: Session, domain: Domain, registrar: Registrar) -> Ticket | None:
    """The registrar's open request that holds this domain, if any: a new request for it is an amendment. One
    ticket holds one organisation's domains, so it is looked for among the organisation's open requests from
    the registrar (a few at most); found by its id, locked, and taken from the session when it holds the ticket
    already: a registrar's requests come in runs."""
    if domain.organisation_id is None:
        return None  # a locked domain belongs to an organisation; without one, nothing is open for it
    flush_waiting(session, Ticket)  # a ticket waiting to be written could be the one asked for, or no longer open
    rows = session.execute(OPEN_CHANGES, {"organisation_id": domain.organisation_id, "registrar_id": registrar.id})
    found = next((row[0] for row in rows if domain.name in (row[1] or [])), None)
    return session.get(Ticket, found) if found is not None else None


# Built once: making a statement costs more than running it.
_BY_REF = {False: select(Ticket).where(Ticket.ref == bindparam("ref"))}
_BY_REF[True] = _BY_REF[False].with_for_update()
_LOCKED = (select(Ticket).where(Ticket.ref == bindparam("ref"))
           .options(joinedload(Ticket.domain), joinedload(Ticket.registrar))
           .with_for_update(of=Ticket).execution_options(populate_existing=True))
OPEN_CHANGES = (select(Ticket.id, Ticket.domains)
                 .where(Ticket.kind == str(Kind.CHANGE),
                        Ticket.organisation_id == bindparam("organisation_id"),
                        Ticket.registrar_id == bindparam("registrar_id"), *[Ticket.state != str(s) for s in FINAL])
                 .order_by(Ticket.id.desc()).with_for_update())


def contacts(session: Session, organisation_id: int | None, role: str | None = None) -> list[Contact]:
    if organisation_id is None:
        return []
    query = select(Contact).where(Contact.organisation_id == organisation_id)
    if role:
        query = query.where(Contact.role == role)
    return list(session.scalars(query.order_by(Contact.role, Contact.email)))

