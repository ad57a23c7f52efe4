"""Workflow: allowing a contact address the policy doubts, and revoking the allowance, each recorded.

The seed: "GDS will not accept personal email addresses ... or workplace email addresses of individuals ... for
any of the domain contacts". An allowance settles only where the policy doubts (policy.addresses.WAIVABLE): a
mailbox that names no team (not-a-team-address), and, when the operator says the local part is a team's, one
that reads as the name given on a form (person-name). A personal provider's or an individual's address is never
allowed.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailbot.errors import InputError
from mailbot.policy.addresses import check_contact, normalise_address
from mailbot.services import Services
from mailbot.store import queries, records
from mailbot.store.models import AllowedAddress, Contact, Ticket
from mailbot.workflow import tickets


def allowed_addresses(session: Session) -> dict[str, frozenset[str]]:
    """The allowances in force: each address and the rules it waives."""
    return records.allowed_addresses(session)


def allow_address(app: Services, email: str, *, operator: str, reason: str, ref: str | None = None,
                  person_name: bool = False) -> AllowedAddress:
    """Allow `email` where the policy doubted it; refused, naming the rule, where the policy is sure."""
    address = normalise_address(email)
    if address is None:
        raise InputError(f"not an email address: {email!r}")
    policy = app.rules.contact_policy
    waives = frozenset({"not-a-team-address", *(["person-name"] if person_name else [])})
    never = check_contact(address, policy, allowed={address: waives})
    if never is not None:
        raise InputError(f"{address} cannot be allowed: the rule {never.rule} is never waived: {never.reason}")
    if check_contact(address, policy) is None and not person_name:
        raise InputError(f"{address} needs no allowance: the address policy accepts it (if a sign-up refused it as "
                         "made from the name given on the form, and it is a team's, say so with "
                         "--local-part-is-a-team)")
    with app.tx() as session:
        ticket = queries.ticket_by_ref(session, ref, lock=True) if ref else None
        row = _in_force(session, address)
        if row is not None and row.person_name != person_name:
            raise InputError(f"{address} is allowed already (by {row.operator}, waiving {_waives(row)}): revoke "
                             "that allowance first to allow it otherwise")
        if row is None:
            row = AllowedAddress(email=address, operator=operator, reason=reason, at=app.clock.now(),
                                 ticket_id=ticket.id if ticket else None, person_name=person_name)
            session.add(row)
            session.flush()
        if ticket is not None:
            tickets.note(session, app, ticket, "address_allowed", actor=operator,
                         reason=f"{address} allowed ({_waives(row)}): {reason}",
                         data={"address": address, "waives": sorted(waives), "allowance": row.id})
        return row


def revoke_address(app: Services, email: str, *, operator: str, reason: str,
                   ref: str | None = None) -> tuple[AllowedAddress, list[str]]:
    """Withdraw the allowance of `email` in force: (its row, kept with who revoked it, why and when; the contacts
    on record that use the address, which stay until a contact change replaces them)."""
    address = normalise_address(email)
    if address is None:
        raise InputError(f"not an email address: {email!r}")
    with app.tx() as session:
        ticket = queries.ticket_by_ref(session, ref, lock=True) if ref else None
        row = _in_force(session, address)
        if row is None:
            raise InputError(f"no allowance of {address} is in force (see: mailbot address allowances --all)")
        row.revoked_at, row.revoked_by, row.revoke_reason = app.clock.now(), operator, reason
        row.revoke_ticket_id = ticket.id if ticket else None
        session.flush()
        allowed_on = session.get(Ticket, row.ticket_id) if row.ticket_id else None
        for on in dict.fromkeys(t for t in (ticket, allowed_on) if t is not None):
            tickets.note(session, app, on, "address_revoked", actor=operator, reason=f"{address}: {reason}",
                         data={"address": address, "allowance": row.id})
        in_use = [f"{c.organisation.name} ({c.role})"
                  for c in session.scalars(select(Contact).where(Contact.email == address))]
        return row, in_use


def allowances(app: Services, *, revoked: bool = False) -> list[dict]:
    """The allowances in force, with the revoked ones too when `revoked`: oldest first."""
    with app.sessions() as session:
        query = select(AllowedAddress).order_by(AllowedAddress.id)
        if not revoked:
            query = query.where(AllowedAddress.revoked_at.is_(None))
        refs = dict(session.execute(select(Ticket.id, Ticket.ref)).all())
        return [{"address": r.email, "waives": sorted(_waived(r)), "operator": r.operator, "reason": r.reason,
                 "at": r.at.isoformat(), "ticket": refs.get(r.ticket_id),
                 "revoked_at": r.revoked_at.isoformat() if r.revoked_at else None, "revoked_by": r.revoked_by,
                 "revoke_reason": r.revoke_reason, "revoke_ticket": refs.get(r.revoke_ticket_id)}
                for r in session.scalars(query)]


def _in_force(session: Session, address: str) -> AllowedAddress | None:
    return session.scalar(select(AllowedAddress).where(AllowedAddress.email == address,
                                                       AllowedAddress.revoked_at.is_(None)))


def _waived(row: AllowedAddress) -> frozenset[str]:
    return frozenset({"not-a-team-address", *(["person-name"] if row.person_name else [])})


def _waives(row: AllowedAddress) -> str:
    return "waives " + " and ".join(sorted(_waived(row)))
