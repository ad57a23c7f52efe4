"""Workflow: a triage ticket: a message a person must look at, with the reason."""

from __future__ import annotations

from sqlalchemy.orm import Session

from mailbot.parse.mail import ParsedMail
from mailbot.services import Services
from mailbot.store.models import Message, Ticket
from mailbot.store.values import Kind
from mailbot.workflow import contexts, message_ids, originals, tickets
from mailbot.workflow.notices import queue
from mailbot.workflow.states import Event


def triage(session: Session, app: Services, message: Message | None, reason: str, domains=(), *,
           alert_gds: bool = False, mail: ParsedMail | None = None) -> Ticket:
    """A ticket for a person; with `alert_gds` (a possible attack), GDS is told as well as the operators. `mail`:
    the message as read, whose sender's own words the notice quotes, the message attached (not given for a message
    whose processing failed, nor read)."""
    ticket = tickets.new_ticket(session, app, Kind.TRIAGE, Event.OPEN_TRIAGE, actor="bot", reason=reason,
                                message=message, domains=list(domains),
                                requester=message.from_addr if message is not None else None)
    if alert_gds:
        tickets.note(session, app, ticket, "possible_attack", actor="bot", reason=reason)
    flag = message_ids.flag_of(session, message) if message is not None else None
    if flag is not None:  # told in the notice itself
        message_ids.record(session, app, ticket, message, flag, tell=False)
        reason = f"{reason}. Also, {flag.reason}"
    about = originals.original(app, message, mail) if message is not None and mail is not None else None
    queue(session, app, ticket, "triage_notice", to=app.rules.addresses.operators,
          cc=[app.rules.addresses.gds] if alert_gds else [], audience="operators",
          context={"reason": reason, "request": contexts.request_context(app, message),
                   "original": about.context if about else None},
          attach=about.raw if about else None)
    return ticket
