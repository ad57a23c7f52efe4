"""Workflow: a registrar's change request: opened, amended (verified again), passed on when the domain is not
locked, or sent to triage."""

from __future__ import annotations

import hashlib
import json

from sqlalchemy.orm import Session

from mailbot.classify import Classification
from mailbot.outbox.compose import enqueue
from mailbot.parse import ParsedMail
from mailbot.policy.lookalike import lookalike_of, unicode_name
from mailbot.store import queries
from mailbot.store.models import Domain, Message, Registrar, Ticket
from mailbot.workflow import records, service
from mailbot.workflow.states import Event, Kind, Outcome, State
from mailbot.workflow.triage import triage


def _digest(domain: str, change: dict) -> str:
    canonical = json.dumps({"domain": domain, "change": change}, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _change_of(c: Classification) -> dict:
    return {f: list(v) for f, v in c.request.changes.items()}


def change_request(session: Session, app, message: Message, mail: ParsedMail, c: Classification, *,
                   thread: str | None = None) -> Outcome:
    """A registrar's request, domain by domain; `thread`, the ticket on whose thread it was written, if any, is
    named in a triage reason, where a person may need that ticket to make the request out."""
    outcome = Outcome("change", "opened")
    who = c.registrar.name if thread is None else f"{c.registrar.name}, on the thread of {thread}"
    unknown, unclear, actions = [], [], []
    for name in c.request.domains:
        domain = records.domain_by_name(session, name)
        if domain is None:
            unknown.append(name)
        elif not domain.locked:
            outcome.tickets.append(pass_on(session, app, message, mail, c, domain))
            actions.append("passed_on")
        elif not c.request.changes:
            unclear.append(name)
        elif (existing := queries.open_change_ticket(session, domain, c.registrar)) is not None:
            actions.append(amend(session, app, existing, message, mail, c))
            outcome.tickets.append(existing)
        else:
            outcome.tickets.append(open_change(session, app, message, mail, c, domain))
            actions.append("opened")
    if unknown:
        known = records.known_mail_domains(session, app.rules.addresses)
        disguised = {name: real for name in unknown if (real := lookalike_of(name, known))}
        if disguised:
            reason = f"possible attack: from {who}: " + "; ".join(
                f"{unicode_name(name)} ({name}) looks like {real}" for name, real in disguised.items())
        else:
            reason = f"from {who}: {', '.join(unknown)} is not in the registry records"
        outcome.tickets.append(triage(session, app, message, reason, unknown, alert_gds=bool(disguised)))
        actions.append("triaged")
    if unclear:
        reason = f"from {who}: cannot tell what is to change for {', '.join(unclear)}"
        outcome.tickets.append(triage(session, app, message, reason, unclear))
        actions.append("triaged")
    outcome.action = actions[0] if len(set(actions)) == 1 else "+".join(dict.fromkeys(actions))
    if all(t.kind == Kind.TRIAGE for t in outcome.tickets):
        outcome.kind = "triage"
    return outcome


def _change_fields(c: Classification, domain: Domain, mail: ParsedMail, registrar: Registrar) -> dict:
    change = _change_of(c)
    return {"domain": domain, "organisation_id": domain.organisation_id, "registrar": registrar,
            "requester": mail.sender, "change": change, "change_digest": _digest(domain.name, change),
            "urgent": c.request.urgent}


def open_change(session, app, message, mail, c, domain: Domain) -> Ticket:
    ticket = service.new_ticket(session, app, Kind.CHANGE, Event.OPEN, actor=mail.sender or "unknown",
                                reason=c.reason, message=message, domains=[domain.name],
                                **_change_fields(c, domain, mail, c.registrar))
    if domain.registrar_id is not None and domain.registrar_id != c.registrar.id:
        # Not the registrar of record: the operators should know before they phone.
        service.note(session, app, ticket, "registrar_not_of_record", actor="bot",
                     reason=f"{c.registrar.name} is not the registrar of record for {domain.name}")
    service.send_task(session, app, ticket, message, amended=False)
    return ticket


def pass_on(session, app, message, mail, c, domain: Domain) -> Ticket:
    ticket = service.new_ticket(session, app, Kind.CHANGE, Event.PASS_ON, actor="bot",
                                reason=f"{domain.name} is not in the Registry Lock service", message=message,
                                domains=[domain.name], **_change_fields(c, domain, mail, c.registrar))
    enqueue(session, app, ticket, "passed_on", to=[app.rules.addresses.registry_queue], audience="queue",
            context={"domain": domain.name, "request": service.request_context(app, message),
                     "change": service.change_context(ticket), "registrar": {"name": c.registrar.name}},
            attach=message.raw)
    return ticket


def amend(session, app, ticket: Ticket, message, mail, c) -> str:
    """The registrar wrote again about an open request: a different change must be verified again."""
    service.link(session, ticket, message)
    change = _change_of(c)
    digest = _digest(ticket.domain.name, change)
    if not change or digest == ticket.change_digest:
        service.note(session, app, ticket, "registrar_message", actor=mail.sender or "unknown",
                     reason="the registrar wrote again; the request is unchanged", message_pk=message.id)
        return "recorded"
    ticket.urgent = ticket.urgent or c.request.urgent
    # Verified by phone: the lock contacts and GDS hold a confirmation of authorisation for the old request.
    was_verified = ticket.state in (State.AWAITING_CONFIRMATION, State.AUTHORISED)
    confirmed = ticket.state == State.AUTHORISED
    service.transition(session, app, ticket, Event.AMEND, actor=mail.sender or "unknown",
                       reason="the registrar amended the request: it must be verified again",
                       data={"before": ticket.change, "after": change}, message_pk=message.id)
    ticket.change, ticket.change_digest, ticket.verified_digest = change, digest, None
    ticket.stage += 1  # every token issued for the old request stops counting
    service.send_task(session, app, ticket, message, amended=True)
    if was_verified:
        # Told at once, so that nobody acts on, or answers, a confirmation that no longer counts.
        service.void_confirmation(session, app, ticket, confirmed=confirmed)
    return "amended"
