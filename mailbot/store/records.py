"""Storage: the registry's records (registrars, organisations, contacts, domains, allowed addresses) as one
transaction reads them: each looked up once, however many messages the transaction acts on.

What is remembered belongs to the transaction and goes with it. It is forgotten as soon as the transaction
writes any of these records itself (at the flush that writes them, or before a look-up that finds them waiting
to be written) and when any savepoint rolls back. What another process commits meanwhile is seen by the next
transaction, as if this one had read everything at its start: on SQLite nobody else can write meanwhile (a
unit of work holds the write lock), and on PostgreSQL the transaction acts as if it had run a moment earlier.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import bindparam, event, select
from sqlalchemy.orm import Session

from mailbot.store.models import AllowedAddress, Contact, Domain, Organisation, Registrar, RegistrarEmail
from mailbot.store.rows import Rows, held

_RECORDS = (AllowedAddress, Contact, Domain, Organisation, Registrar, RegistrarEmail)
_KEY = "registry_records"


def registrar_for_address(session: Session, address: str | None) -> Registrar | None:
    if not address:
        return None
    address = address.lower()
    return _remembered(session, "registrars", address, lambda: _by_id(session, Registrar, _REGISTRAR.run(
        session, {"email": address}).fetchone()))


def domain_by_name(session: Session, name: str) -> Domain | None:
    return _remembered(session, "domains", name, lambda: _by_id(session, Domain, _DOMAIN.run(
        session, {"name": name}).fetchone()))


def _by_id(session: Session, model, row):
    # Found by its id, then taken from the session when it holds the record already (most mail is from a few).
    return session.get(model, row[0]) if row else None


def contacts(session: Session, organisation_id: int | None, role: str) -> list[Contact]:
    """The organisation's contacts of one role, by address."""
    if organisation_id is None:
        return []
    return list(_remembered(session, "contacts", (organisation_id, role), lambda: list(session.scalars(
        _CONTACTS, {"organisation_id": organisation_id, "role": role}))))


def allowed_addresses(session: Session) -> dict[str, frozenset[str]]:
    """The allowances in force: each address and the rules of the address policy it waives
    (policy.addresses.WAIVABLE); a revoked allowance waives nothing."""
    return _remembered(session, "allowed", None, lambda: {
        email: frozenset({"not-a-team-address", *(["person-name"] if person_name else [])})
        for email, person_name in session.execute(_ALLOWED)})


def registrar_addresses(session: Session) -> frozenset[str]:
    """Every registrar's address of record, in lower case: the senders whose mail is read as a change request."""
    return frozenset(email.lower() for email in session.scalars(_REGISTRAR_EMAILS))


def known_mail_domains(session: Session, own: Iterable[str]) -> frozenset[str]:
    """What an attacker would imitate: the mail domains of every registrar and contact, every domain in the
    records, and the domains of the registry's, GDS's and NCSC's own addresses (`own`, from rules.yaml)."""
    def load() -> frozenset[str]:
        addresses = [*session.scalars(_REGISTRAR_EMAILS), *session.scalars(_CONTACT_EMAILS)]
        return frozenset({a.rpartition("@")[2] for a in addresses} | set(session.scalars(_DOMAIN_NAMES)))

    return _remembered(session, "mail_domains", None, load) | {a.rpartition("@")[2] for a in own}


# The look-ups of store.queries, built once here: making a statement costs more than running it.
_REGISTRAR = Rows(select(Registrar.id).join(RegistrarEmail).where(RegistrarEmail.email == bindparam("email")))
_DOMAIN = Rows(select(Domain.id).where(Domain.name == bindparam("name")))
_CONTACTS = (select(Contact).where(Contact.organisation_id == bindparam("organisation_id"),
                                   Contact.role == bindparam("role")).order_by(Contact.email))
_ALLOWED = select(AllowedAddress.email, AllowedAddress.person_name).where(AllowedAddress.revoked_at.is_(None))
_REGISTRAR_EMAILS, _CONTACT_EMAILS = select(RegistrarEmail.email), select(Contact.email)
_DOMAIN_NAMES = select(Domain.name)


def _remembered(session: Session, what: str, key, load):
    remembered = held(session, _KEY).get(what, {})
    if _waiting(session):
        forget(session)
        session.flush()  # what waits is written first, and read below
        value = load()
    elif key in remembered:
        return remembered[key]
    else:
        # Nothing of the registry waits to be written, so there is nothing to flush before reading it.
        with session.no_autoflush:
            value = load()
    held(session, _KEY).setdefault(what, {})[key] = value
    return value


def _waiting(session: Session) -> bool:
    """Whether records are waiting to be written: a look-up must then flush them and read the database."""
    return any(isinstance(obj, _RECORDS) for group in (session.new, session.deleted, session.dirty) for obj in group)


def forget(session: Session) -> None:
    session.info.pop(_KEY, None)


@event.listens_for(Session, "before_flush")
def _on_flush(session: Session, _context, _instances) -> None:
    # A savepoint rolled back, or the transaction's end, forgets them as well (store.rows.held).
    if _KEY in session.info and _waiting(session):
        forget(session)
