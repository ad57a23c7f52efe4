"""Workflow: acts on a classified incoming message: hands it to the change, reply, sign-up or cancellation flow,
records a bounce, and sends to triage what a person must look at."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailbot.classify import Classification
from mailbot.parse.mail import ParsedMail
from mailbot.services import Services
from mailbot.store import queries
from mailbot.store.models import Message, Ticket
from mailbot.store.values import MailKind, State
from mailbot.workflow import contacts, contexts, membership, message_ids, originals, tickets
from mailbot.workflow.changes import change_request
from mailbot.workflow.notices import queue
from mailbot.workflow.replies import reply
from mailbot.workflow.states import Outcome
from mailbot.workflow.triage import triage


def act(session: Session, app: Services, message: Message, mail: ParsedMail, c: Classification) -> Outcome:
    if c.kind == MailKind.OVER_LIMIT:
        # Stored, not read: nothing in it is taken as a request or a reply, and a person looks at it.
        message.error = c.reason
        return Outcome(MailKind.OVER_LIMIT, "triaged",
                       [triage(session, app, message, f"the message is {c.reason}; it is stored but was not read",
                               mail=mail)])
    # The mail acted on is the one every mail it causes answers (outbox.compose: In-Reply-To).
    session.info["answering"] = (message.message_id or "").strip() or None
    try:
        outcome = _act(session, app, message, mail, c)
    finally:
        session.info.pop("answering", None)
    flag = message_ids.flag_of(session, message)
    if flag is not None:
        for ticket in outcome.tickets:
            message_ids.record(session, app, ticket, message, flag, tell=True)
    return outcome


def _act(session: Session, app: Services, message: Message, mail: ParsedMail, c: Classification) -> Outcome:
    if c.kind == MailKind.LOOP:
        return Outcome(MailKind.LOOP, "ignored")
    if c.kind == MailKind.AUTOMATIC:
        bounced = bounce(session, app, message, mail)
        if bounced is not None:
            return bounced
        if c.ticket_ref is None:
            # Nobody is answered; a person looks at it (an automated request, a stray bounce).
            ticket = triage(session, app, message, f"automatic mail: {c.reason}", mail=mail)
            return Outcome(MailKind.AUTOMATIC, "triaged", [ticket])
        ticket = queries.ticket_by_ref(session, c.ticket_ref, lock=True)
        tickets.link(session, ticket, message)
        tickets.note(session, app, ticket, "automatic_message", actor=mail.sender or "unknown", message_pk=message.id,
                     reason=f"automatic mail, recorded and not acted on: {c.reason}")
        return Outcome(MailKind.AUTOMATIC, "recorded", [ticket])
    if c.kind == MailKind.TRIAGE:
        return Outcome(MailKind.TRIAGE, "triaged", [triage(session, app, message, c.reason,
                                                           c.request.domains if c.request else [],
                                                           alert_gds=c.suspicious, mail=mail)])
    if c.kind == MailKind.REPLY:
        return reply(session, app, message, mail, c)
    if c.kind in (MailKind.SIGNUP, MailKind.CANCELLATION, MailKind.CONTACT_CHANGE) and mail.sender is None:
        # Nobody to answer: an acknowledgement or a refusal would go to an address the mail does not give as its
        # one sender. A person reads it and checks who sent it.
        domains = c.form.form.domains if c.form.form is not None else ()
        return Outcome(MailKind.TRIAGE, "triaged",
                       [triage(session, app, message, no_single_sender(c.kind, mail), domains, mail=mail)])
    if c.kind == MailKind.CONTACT_CHANGE or (c.kind == MailKind.SIGNUP
                                             and contacts.signup_replaces_lock_contacts(session, c.form)):
        # A sign-up for domains locked already for its organisation would replace their lock contacts.
        ticket = contacts.open_contact_change(session, app, message, mail.sender, c.form) \
            if c.kind == MailKind.CONTACT_CHANGE \
            else contacts.open_from_signup(session, app, message, mail.sender, c.form)
        return Outcome(MailKind.CONTACT_CHANGE, "opened" if ticket.state == State.AWAITING_VERIFICATION else "refused",
                       [ticket])
    if c.kind == MailKind.SIGNUP:
        ticket = membership.open_signup(session, app, message, mail.sender, c.form)
        return Outcome(MailKind.SIGNUP, "opened" if ticket.state == State.AWAITING_REVIEW else "refused", [ticket])
    if c.kind == MailKind.CANCELLATION:
        ticket = membership.open_cancellation(session, app, message, mail.sender, c.form)
        return Outcome(MailKind.CANCELLATION, "opened" if ticket.state == State.AWAITING_REVIEW else "refused",
                       [ticket])
    return change_request(session, app, message, mail, c)


def no_single_sender(kind: MailKind, mail: ParsedMail) -> str:
    """Why a form is not answered: its From header does not give one mailbox (two, none, or one unreadable)."""
    what = {MailKind.SIGNUP: "a sign-up form", MailKind.CANCELLATION: "a cancellation request",
            MailKind.CONTACT_CHANGE: "a contact-change form"}[kind]
    given = ", ".join(address for _, address in mail.from_addrs) or "no address that can be read"
    if len(given) > 200:  # the sender writes it: a line for a person, not a page
        given = given[:200] + "..."
    return (f"{what}, but the sender is not one mailbox (From: {given}): it was not answered; check who sent it "
            "before acting on it")


def bounce(session: Session, app: Services, message: Message, mail: ParsedMail) -> Outcome | None:
    """A delivery status report about mail the bot sent: recorded on that ticket; where a Registry Lock
    contact or a confirmation of authorisation bounced, the operators and GDS are told that the contact
    cannot be reached by email. The ticket's state never changes for a bounce."""
    from mailbot.store.models import OutboxItem

    report = mail.bounce  # read by the parser process, within the limits and the time limit
    if report is None or not report.message_id:
        return None
    item = session.scalar(select(OutboxItem).where(OutboxItem.message_id == report.message_id))
    if item is None or item.ticket_id is None:
        return None
    # Locked, and read under the lock (item.ticket would be read without it, and may be out of date on PostgreSQL).
    ticket = session.scalar(select(Ticket).where(Ticket.id == item.ticket_id).with_for_update()
                            .execution_options(populate_existing=True))
    tickets.link(session, ticket, message)
    what = "failed for " + ", ".join(report.failed) if report.failed else "delayed for " + ", ".join(report.delayed)
    tickets.note(session, app, ticket, "bounce", actor=mail.sender or "mail system", message_pk=message.id,
                 reason=f"{item.template} ({item.message_id}): delivery {what}",
                 data={"outbox": item.id, "failed": list(report.failed), "delayed": list(report.delayed)})
    lock_contacts = {c.email for c in contexts.security_contacts(session, ticket)}
    unreachable = [r for r in report.failed if r in lock_contacts or item.template == "confirmation_of_authorisation"]
    if unreachable:
        a, about = app.rules.addresses, originals.original(app, message, mail)
        queue(session, app, ticket, "operator_notice", to=a.operators, cc=[a.gds], audience="operators",
              context={"headline": f"A Registry Lock contact for {', '.join(ticket.domains)} cannot be reached "
                                   "by email",
                       "details": [f"{item.template} to {', '.join(unreachable)} bounced.",
                                   f"The mail system said: {mail.subject or '(no subject)'}"],
                       "next_step": "Phone the contact on the number on record, and ask the organisation to "
                                    "correct the address.",
                       "change": contexts.change_context(session, ticket) if ticket.domain else None,
                       "registrar": contexts.registrar_context(ticket), "original": about.context},
              attach=about.raw)
    return Outcome(MailKind.AUTOMATIC, "bounce", [ticket])
