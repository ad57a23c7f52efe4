"""Workflow: the operators' use cases, from the command line (or by email): a call recorded, a change made at the
registry, a request withdrawn, a ticket closed. Each runs in one transaction of its own (or the one it is given)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from mailbot.errors import InputError, TransitionRefused
from mailbot.services import Services
from mailbot.store import queries
from mailbot.store.models import Domain, Ticket
from mailbot.store.values import Kind, State
from mailbot.workflow import deadlines
from mailbot.workflow.contexts import and_list, change_context, changed_domains, registrar_context, security_contacts
from mailbot.workflow.notices import queue, raise_dispute, tell_registrar_outcome
from mailbot.workflow.states import CALL_EVENTS, Event
from mailbot.workflow.tickets import transition


def record_call(app: Services, ref: str, *, outcome: str, contact: str, operator: str, phone: str | None = None,
                note_text: str | None = None, within: Session | None = None) -> Ticket:
    if outcome not in CALL_EVENTS:
        raise InputError(f"--outcome must be one of {', '.join(CALL_EVENTS)}, not {outcome!r}")
    with app.tx(within) as session:
        ticket = queries.ticket_by_ref(session, ref, lock=True)
        if ticket.kind not in (Kind.CHANGE, Kind.CONTACT_CHANGE):
            raise TransitionRefused(f"{ticket.ref}: calls are recorded on change requests and contact changes, not "
                                    f"{ticket.kind} tickets")
        known = {c.email: c for c in security_contacts(session, ticket)}
        person = known.get(contact.strip().lower())
        if person is None:
            raise InputError(f"{ticket.ref}: {contact} is not a Registry Lock contact for {and_list(ticket.domains)}")
        # Verification counts only on the number on record, never one given in the request.
        if phone and person.phone and _digits(phone) != _digits(person.phone):
            raise InputError(f"{ticket.ref}: {phone} is not the number on record for {person.email}")
        call = {"outcome": outcome, "contact": person.email, "phone": phone or person.phone, "operator": operator,
                "at": app.when(app.clock.now()), "note": note_text}
        state = transition(session, app, ticket, CALL_EVENTS[outcome], actor=operator,
                           reason=f"phoned {person.email}: {outcome}", data=call)
        if state is State.AWAITING_CONFIRMATION:
            ticket.verified_digest = ticket.change_digest
            # By when a reply is asked for: the security team is chased after that.
            reply_by = app.when(deadlines.from_json(ticket.deadlines).get(deadlines.CONFIRMATION_CHASE))
            context = {"call": call, "change": change_context(session, ticket), "registrar": registrar_context(ticket),
                       "reply_by": reply_by}
            # A contact change is confirmed as a change is, by a reply to a mail naming the contacts before and after.
            contact_change = ticket.kind == Kind.CONTACT_CHANGE
            queue(session, app, ticket, "contact_change_confirmation" if contact_change
                  else "confirmation_of_authorisation", to=list(known), audience="security", context=context)
            # GDS is told the details, in words of its own: the security team confirms them, not GDS.
            queue(session, app, ticket, "contact_change_confirmation_for_gds" if contact_change
                  else "authorisation_for_gds",
                  to=[app.rules.addresses.gds], audience="gds", context=context)
        elif state is State.REJECTED:
            raise_dispute(session, app, ticket, source="call", by=person.email, note_text=note_text, call=call)
        return ticket


def _digits(phone: str) -> str:
    digits = "".join(ch for ch in phone if ch.isdigit())
    return "44" + digits[1:] if digits.startswith("0") else digits


def applied(app: Services, ref: str, *, operator: str, within: Session | None = None) -> Ticket:
    with app.tx(within) as session:
        ticket = queries.ticket_by_ref(session, ref, lock=True)
        if ticket.kind == Kind.CONTACT_CHANGE:
            raise TransitionRefused(f"{ticket.ref}: a contact change is approved by GDS, not recorded as made: "
                                    f"mailbot contacts approve {ticket.ref} --operator NAME")
        if ticket.state == State.AUTHORISED and ticket.verified_digest != ticket.change_digest:
            raise TransitionRefused(f"{ticket.ref}: the authorisation does not match the request as it stands")
        before = change_context(session, ticket) if ticket.domain else None
        transition(session, app, ticket, Event.APPLIED, actor=operator, reason="change made at the registry",
                   data={"change": ticket.change})
        for domain in changed_domains(session, ticket):
            _apply_to_records(domain, ticket.change[domain.name])
        org = [c.email for c in queries.contacts(session, ticket.organisation_id)]
        queue(session, app, ticket, "change_notification", to=org or list(app.rules.always_notify),
              cc=list(app.rules.always_notify), audience="notify",
              context={"applied_at": app.when(app.clock.now()), "operator": operator, "change": before,
                       "registrar": registrar_context(ticket)})
        tell_registrar_outcome(session, app, ticket, "completed")
        return ticket


def _apply_to_records(domain: Domain, change: dict) -> None:
    for field, values in change.items():
        if field == "nameservers":
            domain.nameservers = list(values)
        elif field == "ds":
            domain.ds = list(values)
        elif field == "contacts":
            domain.whois_contacts = list(values)
        elif field == "registrant" and values:
            domain.registrant = values[0]


def withdraw(app: Services, ref: str, *, operator: str, reason: str | None = None,
             within: Session | None = None) -> Ticket:
    with app.tx(within) as session:
        ticket = queries.ticket_by_ref(session, ref, lock=True)
        transition(session, app, ticket, Event.WITHDRAW, actor=operator, reason=reason or "withdrawn")
        tell_registrar_outcome(session, app, ticket, "withdrawn")
        return ticket


def close(app: Services, ref: str, *, operator: str, reason: str) -> Ticket:
    with app.tx() as session:
        ticket = queries.ticket_by_ref(session, ref, lock=True)
        transition(session, app, ticket, Event.CLOSE, actor=operator, reason=reason)
        return ticket
