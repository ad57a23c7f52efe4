"""Storage: the lookups the workflow needs, by name, so that use cases read as what they do."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from mailbot.errors import NotFound
from mailbot.store.models import Contact, Counter, Domain, Registrar, RegistrarEmail, Ticket
from mailbot.workflow.states import FINAL, Kind

REF_PREFIX = "RL-"


def next_ref(session: Session) -> str:
    """The next ticket reference, RL-000001 onwards; the counter row is locked by the update."""
    if session.get(Counter, "ticket") is None:  # the migration makes it; only an emptied database lacks it
        session.add(Counter(name="ticket", value=0))
        session.flush()
    session.execute(update(Counter).where(Counter.name == "ticket").values(value=Counter.value + 1))
    value = session.scalar(select(Counter.value).where(Counter.name == "ticket"))
    return f"{REF_PREFIX}{value:06d}"


def registrar_for_address(session: Session, address: str | None) -> Registrar | None:
    if not address:
        return None
    return session.scalar(
        select(Registrar).join(RegistrarEmail).where(RegistrarEmail.email == address.lower())
    )


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


def find_ticket(session: Session, ref: str) -> Ticket | None:
    return session.scalar(select(Ticket).where(Ticket.ref == ref.upper()))


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


def known_mail_domains(session: Session) -> set[str]:
    """The mail domains of every registrar and contact, and every domain in the records: what an attacker
    would imitate."""
    from mailbot.store.models import Contact

    addresses = list(session.scalars(select(RegistrarEmail.email))) + list(session.scalars(select(Contact.email)))
    return {a.rpartition("@")[2] for a in addresses} | set(session.scalars(select(Domain.name)))
