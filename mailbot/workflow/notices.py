"""Workflow: the mail a ticket's events send (the operators' task and notices, the registrar's acknowledgement and
outcome, a void confirmation, a dispute alert), queued with the event in the caller's transaction; and what the
outbox decided about each mail, acted on (the operators told when a sender's answers stop or the brake engages)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from mailbot.outbox.compose import enqueue
from mailbot.outbox.decision import Decision
from mailbot.services import Services
from mailbot.store.models import Message, Ticket
from mailbot.store.values import Kind
from mailbot.workflow.accepted import ROLES, replies_context
from mailbot.workflow.contexts import (
    change_context,
    changed_domains,
    lock_contacts_in_whois,
    registrar_context,
    request_context,
    security_contacts,
)
from mailbot.workflow.originals import Original
from mailbot.workflow.tickets import note


def queue(session: Session, app: Services, ticket: Ticket, template: str, *, to: list[str], cc: list[str] = (),
          audience: str, context: dict, attach: bytes | None = None) -> Decision:
    """A ticket's mail, given to the outbox (`outbox.compose.enqueue`), and what it decided acted on: the operators
    are told the first time a sender's answers stop for the day, and when the global brake engages. Every mail the
    workflow sends is queued here; the decision is returned for the caller to say what became of it. A mail to the
    operators or GDS lists the replies it accepts (`replies`, read from the command table by workflow/accepted.py)."""
    if audience in ROLES:
        context = {**context, "replies": replies_context(app.rules.commands, ticket, audience, [*to, *cc])}
    decision = enqueue(session, app, ticket, template, to=to, cc=cc, audience=audience, context=context,
                       attach=attach)
    for withheld in decision.withheld:
        if withheld.first:
            tell_operators(session, app, ticket, f"Automatic answers to {withheld.address} have stopped for today",
                           [f"{withheld.address} has had {withheld.answers} automatic answers in a day "
                            f"({withheld.on_ticket} about {ticket.ref}).",
                            "It may be a robot answering the bot; its mail is still stored and read."],
                           "Look at what it sends; nothing more goes to it until tomorrow.")
    if decision.brake is not None and decision.brake.engaged:
        tell_operators(session, app, ticket, "The bot has stopped sending automatic mail",
                       [f"{decision.brake.limit} or more mails went to people beyond the operators and GDS in the "
                        "last hour: more than this service ever needs.",
                        "It may be a loop with a robot, or a flood of mail. Everything else is held, not lost; mail "
                        "to the operators and GDS still goes."],
                       "Find the cause (mailbot outbox list --status held), then send what is held with: "
                       "mailbot outbox release --all --operator NAME")
    return decision


def told(decision: Decision, who: str, what: str = "") -> str:
    """"`who` have been told`what`", as a note or a check says it; or, when the brake holds their mail, when they will
    be."""
    if decision.brake is not None:
        return f"{who} will be told{what} once the mail the global brake holds is released"
    return f"{who} have been told{what}"


def tell_operators(session: Session, app: Services, ticket: Ticket, headline: str, details: list[str],
                   next_step: str | None = None, *, to: list[str] | None = None, cc: list[str] = (),
                   about: Original | None = None, audience: str = "operators") -> None:
    """The operators' notice (or GDS's, `to`, with `audience` "gds": its replies are then GDS's); `about`, the mail
    it is about (workflow.originals): its sender, the sender's authentication and own words are shown, and the mail
    is attached whole."""
    queue(session, app, ticket, "operator_notice", to=to or app.rules.addresses.operators, cc=list(cc),
          audience=audience,
          context={"headline": headline, "details": details, "next_step": next_step,
                   "change": change_context(session, ticket) if ticket.domain else None,
                   "registrar": registrar_context(ticket), "original": about.context if about else None},
          attach=about.raw if about else None)


def send_task(session: Session, app: Services, ticket: Ticket, message: Message | None, *, amended: bool,
              unanswered: str | None = None) -> None:
    """The registrar's acknowledgement and the operators' task, on opening and on every amendment. `unanswered`:
    why the request is not acknowledged (a program sent it), recorded and said in the operators' task."""
    contacts = [{"name": c.name, "email": c.email, "phone": c.phone} for c in security_contacts(session, ticket)]
    common = {"change": change_context(session, ticket), "registrar": registrar_context(ticket), "amended": amended}
    if unanswered:
        answer_withheld(session, app, ticket, "change_received", unanswered)
    elif ticket.requester:
        queue(session, app, ticket, "change_received", to=[ticket.requester], audience="registrar", context=common)
    warnings = task_warnings(session, ticket)
    if warnings["lock_contacts_in_whois"]:
        note(session, app, ticket, "lock_contact_in_whois", actor="bot",
             reason="the change would make the Registry Lock contact "
                    f"{', '.join(warnings['lock_contacts_in_whois'])} a WHOIS contact")
    queue(session, app, ticket, "operator_task", to=app.rules.addresses.operators, audience="operators",
          context={**common, **warnings, "security_contacts": contacts, "request": request_context(app, message),
                   "unanswered": unanswered})


def task_warnings(session: Session, ticket: Ticket) -> dict:
    """The warnings the operators' task gives of the request as it stands, besides its being amended or not
    acknowledged (said when it is sent): urgent, sent by another registrar than the domain's registrar of record,
    making a lock contact a WHOIS contact. GDS's escalation repeats every one (workflow/escalation.py)."""
    return {"urgent": bool(ticket.urgent), "registrar_of_record": _registrar_of_record(session, ticket),
            "lock_contacts_in_whois": lock_contacts_in_whois(session, ticket)}


def answer_withheld(session: Session, app: Services, ticket: Ticket, template: str, why: str) -> None:
    """An answer to the registrar's mail not sent, because a program sent that mail (`why`, its Auto-Submitted
    mark): RFC 3834 section 2, no automatic answer to automatic mail. Recorded; the operators' task says so."""
    note(session, app, ticket, "answer_withheld", actor="bot",
         reason=f"{template} to {ticket.requester or 'the sender'} not sent: a program sent the request ({why}), "
                "and the bot never answers a program (RFC 3834)",
         data={"address": ticket.requester, "template": template, "why": why})


def _registrar_of_record(session: Session, ticket: Ticket) -> str | None:
    """The domain's registrar of record when another registrar sent the request (for each such domain, when the
    ticket holds several): the operators ask about it."""
    domains = changed_domains(session, ticket)
    others = [d for d in domains if d.registrar is not None and d.registrar_id != ticket.registrar_id]
    if not others:
        return None
    if len(domains) == 1:
        return others[0].registrar.name
    return "; ".join(f"{d.registrar.name} (for {d.name})" for d in others)


def void_confirmation(session: Session, app: Services, ticket: Ticket, *, confirmed: bool,
                      why: str = "amended") -> None:
    """The request was amended (`why`, or "withdrawn") after its phone verification: the confirmation of
    authorisation that the lock contacts and GDS were sent (and, when `confirmed`, answered) no longer counts;
    after an amendment a new call will follow. Only the domain and the reference, as in a chase: the new request
    is told on the call."""
    context = {"change": change_context(session, ticket), "confirmed": confirmed, "why": why}
    contacts = [c.email for c in security_contacts(session, ticket)]
    if contacts:
        queue(session, app, ticket, "confirmation_void", to=contacts, audience="security", context=context)
    queue(session, app, ticket, "confirmation_void_for_gds", to=[app.rules.addresses.gds], audience="gds",
          context=context)


def tell_registrar_outcome(session: Session, app: Services, ticket: Ticket, outcome: str) -> None:
    # A contact change's requester is not a registrar: GDS, alerted, decides what to tell the organisation.
    if ticket.requester and ticket.kind != Kind.CONTACT_CHANGE:
        queue(session, app, ticket, "change_outcome", to=[ticket.requester], audience="registrar",
              context={"outcome": outcome, "change": change_context(session, ticket),
                       "registrar": registrar_context(ticket)})


def raise_dispute(session: Session, app: Services, ticket: Ticket, *, source: str, by: str, note_text: str | None,
                  call: dict | None) -> None:
    """A change the domain owner did not authorise: stop it and raise the alarm with GDS, NCSC and the team."""
    a = app.rules.addresses
    queue(session, app, ticket, "dispute_alert",
          to=[c.email for c in security_contacts(session, ticket)] or [a.gds],
          cc=[a.gds, *a.ncsc, *a.operators], audience="notify",
          context={"source": source, "by": by, "at": app.when(app.clock.now()), "note": note_text, "call": call,
                   "change": change_context(session, ticket), "registrar": registrar_context(ticket)})
    tell_registrar_outcome(session, app, ticket, str(ticket.state))
