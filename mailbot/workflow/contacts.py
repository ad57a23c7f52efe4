"""Workflow: changing an organisation's Registry Lock contacts: verified by its present ones, approved by GDS.

The seed: Registry Lock prevents changes to a domain's records *and its contact details* until an authorised
team has verified them. The lock contacts are the team the registry operator phones, so replacing them is what
someone taking control of the domains would do first. A senior member sends the contact-change form; the new
contacts must pass the address policy and the WHOIS rule; the present lock contacts are told at once, phoned
(`mailbot call`), and confirm in writing with a token-bound, authenticated reply, or dispute it, as for a change;
then GDS approves, and the old and the new contacts are each told in a mail of their own. A present lock
contact's new phone number (and name) changes the same way: until GDS approves, it is phoned on the number on
record, never the new one, which could be anyone's.
"""

from __future__ import annotations

import dataclasses

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailbot.errors import TransitionRefused
from mailbot.parse.forms import ContactChangeForm, FormContact, FormResult, SignupForm
from mailbot.policy.addresses import check_contact, check_lock_contacts
from mailbot.services import Services
from mailbot.store import queries, records
from mailbot.store.models import (
    Contact,
    Domain,
    Message,
    Organisation,
    OutboxItem,
    Ticket,
)
from mailbot.store.values import Kind, State
from mailbot.workflow import contexts, notices, tickets
from mailbot.workflow import deadlines as dl
from mailbot.workflow.form_review import records_of, sender_authentication
from mailbot.workflow.notices import queue
from mailbot.workflow.states import Event


def contact_change_problems(session: Session, app: Services, form: ContactChangeForm) -> tuple[list[str], list[str]]:
    """(problems, checks made): the organisation and its domains against the registry records, the contacts to add
    against the address policy and the WHOIS rule, the contacts to remove or to change against the lock contacts
    on record (a change must change something)."""
    organisation = session.scalar(select(Organisation).where(Organisation.name == form.organisation))
    locked = _locked_domains(session, organisation)
    problems, checks = [], []
    if not locked:
        problems.append(f"{form.organisation} has no domain in Registry Lock: sign up instead.")
    for name in form.domains:
        domain = records.domain_by_name(session, name)
        if domain is None or not domain.locked:
            problems.append(f"{name} is not in Registry Lock.")
        elif domain.organisation_id != (organisation.id if organisation else None):
            problems.append(f"{name} is not in Registry Lock for {form.organisation}.")
    present = [c.email for c in records.contacts(session, organisation.id, "security")] if organisation else []
    problems += [f"{a} is not a Registry Lock contact of {form.organisation}, so it cannot be removed."
                 for a in form.remove if a not in present]
    problems += [f"{c.email} is a Registry Lock contact of {form.organisation} already." for c in form.add
                 if c.email in present]
    problems += _change_problems(session, organisation, form)
    allowed = records.allowed_addresses(session)
    refusals = [r for c in (*form.add, *form.others)
                if (r := check_contact(c.email, app.rules.contact_policy, names=[form.requester_name, c.name or ""],
                                       allowed=allowed)) is not None]
    refusals += check_lock_contacts([c.email for c in form.add], {d.name: d.whois_contacts for d in locked})
    problems += [str(r) for r in refusals]
    after = [a for a in present if a not in form.remove] + [c.email for c in form.add]
    if locked and present and not after:
        problems.append("every Registry Lock contact would be removed: add the team that replaces them.")
    if not problems:
        checks.append(f"{form.organisation} has {len(locked)} domain(s) in Registry Lock: "
                      f"{contexts.and_list([d.name for d in locked])}; the change applies to all of them.")
        checks.append(f"The {len(form.add)} contact(s) to add pass the address policy, and none is published in "
                      "WHOIS; each one to remove is a Registry Lock contact on record.")
        if form.change:
            checks.append(f"The {len(form.change)} contact(s) to change are Registry Lock contacts on record, each "
                          "with a new phone number or name.")
    return problems, checks


def _change_problems(session: Session, organisation: Organisation | None, form: ContactChangeForm) -> list[str]:
    """A change of phone (and name) applies to a present lock contact only, and must change something."""
    present = {c.email: c for c in records.contacts(session, organisation.id, "security")} if organisation else {}
    problems = []
    for wanted in form.change:
        contact = present.get(wanted.email)
        if contact is None:
            problems.append(f"{wanted.email} is not a Registry Lock contact of {form.organisation}, so its phone "
                            "number cannot be changed: only a present Registry Lock contact's can; to add it, use "
                            "an 'Add Registry Lock contact:' line.")
        elif not changes_anything(contact, wanted):
            problems.append(f"{wanted.email} has the phone number {contact.phone}"
                            f"{' and the name ' + contact.name if contact.name else ''} on record already: the "
                            "change changes nothing.")
    return problems


def changes_anything(contact: Contact, wanted: FormContact) -> bool:
    """Whether `wanted` gives `contact` another phone number (digits compared, 020... as +44 20...) or name."""
    return _digits(contact.phone or "") != _digits(wanted.phone or "") or (
        wanted.name is not None and wanted.name != contact.name)


def _digits(phone: str) -> str:
    """A number as it is dialled from abroad: 020 7946 0009 and +44 20 7946 0009 are one number."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    return "44" + digits[1:] if digits.startswith("0") else digits


def _locked_domains(session: Session, organisation: Organisation | None) -> list[Domain]:
    if organisation is None:
        return []
    return list(session.scalars(select(Domain).where(Domain.organisation_id == organisation.id,
                                                     Domain.locked.is_(True)).order_by(Domain.name)))


def open_contact_change(session: Session, app: Services, message: Message, sender: str, result: FormResult,
                        reason: str = "contact-change form") -> Ticket:
    """A contact-change form from `sender`: refused at once with every problem, or a `contact_change` ticket
    awaiting the call to the present lock contacts, who are told of it at once."""
    form: ContactChangeForm | None = result.form
    problems = list(result.errors) or contact_change_problems(session, app, form)[0]
    if problems:
        ticket = tickets.new_ticket(session, app, Kind.CONTACT_CHANGE, Event.REFUSE, actor=sender,
                                    reason=f"refused: {len(problems)} problem(s): " + "; ".join(problems),
                                    message=message, domains=list(form.domains) if form else [], requester=sender,
                                    form=dataclasses.asdict(form) if form else {})
        queue(session, app, ticket, "contact_change_rejected", to=[sender], audience="requester",
              context={"form": ticket.form or None, "problems": problems, "reason": None})
        return ticket
    _, checks = contact_change_problems(session, app, form)
    organisation = session.scalar(select(Organisation).where(Organisation.name == form.organisation))
    domains = [d.name for d in _locked_domains(session, organisation)]
    authentication = sender_authentication(app, message, sender)
    ticket = tickets.new_ticket(session, app, Kind.CONTACT_CHANGE, Event.OPEN_CONTACT_CHANGE, actor=sender,
                                reason=f"{reason} from {sender} for {form.organisation}; {authentication}",
                                message=message, domains=domains, requester=sender, form=dataclasses.asdict(form),
                                organisation_id=organisation.id)
    present = records.contacts(session, organisation.id, "security")
    changes = contexts.change_context(session, ticket)["items"][0]
    queue(session, app, ticket, "contact_change_received", to=[sender], audience="requester",
          context={"form": ticket.form, "domains": domains, "changed": changes["changed"]})
    # The present lock contacts are told at once, before anyone phones: they may object straight away.
    # The form as asked, with the phone numbers (and names) it changes before and after: the readers' own.
    queue(session, app, ticket, "signup_contacts_changing", to=[c.email for c in present], audience="security",
          context={"form": {**ticket.form, "changed": changes["changed"]}, "domains": domains,
                   "new_contacts": [{"role": c.role, "email": c.email} for c in (*form.add, *form.others)]})
    listed = [f"Registry Lock contacts now: {', '.join(changes['current'])}",
              f"After the change: {', '.join(changes['requested'])}",
              *(f"Changed (before -> after): {line}" for line in changes["changed"])]
    # A new number is the request's, not the contact's: only the number on record verifies it (the seed: the
    # registry operator phones the authorised team it knows).
    new_numbers = {c.email: c.phone for c in form.change}
    notices.tell_operators(
        session, app, ticket, f"Phone the Registry Lock contacts of {form.organisation} about a contact change",
        [*listed, *(f"{c.email}: {c.phone or 'no number on record'}"
                    + (f" (on record; never the new number {new_numbers[c.email]} asked for)"
                       if c.email in new_numbers else "") for c in present)],
        "Phone one of them on the number on record"
        + (", never a new number this request gives" if form.change else "")
        + f", then: mailbot call {ticket.ref} --outcome verified|refused|no-answer --contact EMAIL --operator NAME")
    notices.tell_operators(
        session, app, ticket, f"A Registry Lock contact change from {form.organisation} for GDS to check",
        [authentication, (f"Asked by {form.requester_name}, {form.job_title} ({form.requester_email}, "
                          f"{form.requester_phone})"), *listed, *checks],
        f"Check the person by phone on a number you found yourself. Once the present lock contacts have confirmed "
        f"it, approve it: mailbot contacts approve {ticket.ref} --operator NAME", to=[app.rules.addresses.gds])
    return ticket


def signup_replaces_lock_contacts(session: Session, result: FormResult) -> bool:
    """A sign-up whose every domain is locked already for the organisation that sends it: its contacts would
    replace the present lock contacts, so it goes through the contact-change flow."""
    form = result.form
    if not isinstance(form, SignupForm) or not form.domains:
        return False
    return all((d := records.domain_by_name(session, n)) is not None and d.locked and d.organisation is not None
               and d.organisation.name == form.organisation for n in form.domains)


def _change_from_signup(session: Session, form: SignupForm, organisation: Organisation, *,
                        domains: tuple[str, ...]) -> ContactChangeForm | None:
    """What a sign-up's contacts change of the organisation's: its Registry Lock contacts become the lock contacts
    (those on record and not on the form are removed), its other contacts replace those roles; None when they
    are the contacts on record already."""
    present = [c.email for c in records.contacts(session, organisation.id, "security")]
    wanted = [c for c in form.contacts if c.role == "security"]
    others = tuple(c for c in form.contacts if c.role != "security")
    add = tuple(c for c in wanted if c.email not in present)
    remove = tuple(a for a in present if a not in {c.email for c in wanted})
    on_record = {(c.role, c.email) for c in organisation.contacts if c.role != "security"}
    if not add and not remove and {(c.role, c.email) for c in others} <= on_record:
        return None
    return ContactChangeForm(form.organisation, form.requester_name, form.job_title, form.requester_email,
                             form.requester_phone, domains, add=add, remove=remove, others=others)


def open_from_signup(session: Session, app: Services, message: Message, sender: str, result: FormResult) -> Ticket:
    """A sign-up for domains locked already for its organisation, as a contact change, once the present lock
    contacts have verified it and GDS has approved."""
    form: SignupForm = result.form
    organisation = session.scalar(select(Organisation).where(Organisation.name == form.organisation))
    change = _change_from_signup(session, form, organisation, domains=form.domains) or ContactChangeForm(
        form.organisation, form.requester_name, form.job_title, form.requester_email, form.requester_phone,
        form.domains, add=(), remove=(), others=tuple(c for c in form.contacts if c.role != "security"))
    return open_contact_change(session, app, message, sender, FormResult("contact_change", change, ()),
                               reason=f"a sign-up for {', '.join(form.domains)}, locked already for "
                                      f"{form.organisation}, taken as a contact change")


def has_locked_domains(session: Session, organisation: Organisation | None) -> list[str]:
    """The domains locked for `organisation` now: while there is one, its lock contacts change only through the
    contact-change flow."""
    return [d.name for d in _locked_domains(session, organisation)]


def from_approved_signup(session: Session, app: Services, signup: Ticket, form: SignupForm) -> Ticket | None:
    """A sign-up GDS approved for an organisation that has domains in Registry Lock already: its domains were
    locked under the present lock contacts; the contacts it names that differ from those on record become a
    contact change of their own, verified by the present lock contacts (None when none differ)."""
    organisation = session.get(Organisation, signup.organisation_id)
    change = _change_from_signup(session, form, organisation, domains=())
    if change is None:
        return None
    message = session.scalar(select(Message).where(Message.message_id == signup.thread_id)) if signup.thread_id \
        else None
    return open_contact_change(session, app, message, signup.requester, FormResult("contact_change", change, ()),
                               reason=f"the contacts of the sign-up {signup.ref}, approved for {form.organisation}, "
                                      "which has domains in Registry Lock already, taken as a contact change")


def confirmed(session: Session, app: Services, ticket: Ticket, *, by: str, authentication: str) -> None:
    """The present lock contacts confirmed in writing: GDS approves next, and is reminded until it does."""
    at = app.rules.working_calendar.add_working_days(app.clock.now(),
                                                     tickets.limits(app, ticket).review_reminder_working_days)
    ticket.deadlines = dl.to_json({dl.REVIEW_REMINDER: at})
    ticket.next_deadline = at
    notices.tell_operators(
        session, app, ticket, f"The Registry Lock contacts confirmed the contact change {ticket.ref}",
        [f"Confirmed in writing by {by}", authentication],
        "Check the person who asked, by phone on a number you have found yourself. Then reply to this email "
        "with approve, or with reject and the reason.",
        to=[app.rules.addresses.gds], audience="gds")


def approve(app: Services, ref: str, *, operator: str, within: Session | None = None) -> Ticket:
    """GDS approves a contact change its present lock contacts confirmed: checked again against the records as
    they are now, then the contacts are changed; the old and the new lock contacts and the requester are each
    told in a mail of their own, and the new ones get the current records."""
    with app.tx(within) as session:
        ticket = _contact_change(session, ref)
        form = _form(ticket.form)
        if ticket.state == State.AUTHORISED:
            problems, _ = contact_change_problems(session, app, form)
            if problems:
                raise TransitionRefused(f"{ticket.ref}: cannot approve: " + " ".join(problems))
            _every_present_contact_asked(session, ticket)
        context = contexts.change_context(session, ticket)
        tickets.transition(session, app, ticket, Event.APPROVE_CONTACT_CHANGE, actor=operator,
                           reason="GDS approved the contact change", data={"contacts": context["items"][0]})
        organisation = session.get(Organisation, ticket.organisation_id)
        for contact in list(organisation.contacts):
            if (contact.role == "security" and contact.email in form.remove) or \
                    contact.role in {c.role for c in form.others}:
                organisation.contacts.remove(contact)
        session.flush()
        for c in (*form.add, *form.others):
            organisation.contacts.append(Contact(role=c.role, email=c.email, phone=c.phone, name=c.name))
        _change_phones(session, app, ticket, organisation, form, operator=operator)
        session.flush()
        change = context["items"][0]
        old, new = change["current"], [c.email for c in form.add]
        requester = [ticket.requester] if ticket.requester and ticket.requester not in old + new else []
        for to, told in ((old, "old"), (new, "new"), (requester, "requester")):
            if to:
                queue(session, app, ticket, "contact_change_completed", to=to,
                      cc=[app.rules.addresses.gds] if told == "old" else [],
                      audience="requester" if told == "requester" else "security",
                      context={"form": ticket.form, "contacts": change, "told": told,
                               "domains": list(ticket.domains)})
        if new:
            domains = [queries.domain_by_name(session, n) for n in ticket.domains]
            queue(session, app, ticket, "current_records", to=new, audience="security",
                  context={"organisation": organisation.name, "domains": [records_of(d) for d in domains],
                           "requester": False})
        return ticket


def _change_phones(session: Session, app: Services, ticket: Ticket, organisation: Organisation,
                   form: ContactChangeForm, *, operator: str) -> None:
    """The present lock contacts' new phone numbers (and names), each recorded on the ticket's history."""
    for wanted in form.change:
        contact = next((c for c in organisation.contacts if c.role == "security" and c.email == wanted.email), None)
        if contact is None:
            continue  # checked again above: a contact removed meanwhile refuses the approval
        before = {"phone": contact.phone, "name": contact.name}
        contact.phone = wanted.phone
        contact.name = wanted.name or contact.name
        tickets.note(session, app, ticket, "lock_contact_changed", actor=operator,
                     reason=f"{contact.email}: phone {before['phone'] or '(none)'} -> {contact.phone}"
                            + (f"; name {before['name'] or '(none)'} -> {contact.name}"
                               if contact.name != before["name"] else ""),
                     data={"email": contact.email, "before": before,
                           "after": {"phone": contact.phone, "name": contact.name}})


def reject(app: Services, ref: str, *, operator: str, reason: str, within: Session | None = None) -> Ticket:
    """GDS refuses the contact change: the contacts stay as they are, and the requester is told the reason."""
    with app.tx(within) as session:
        ticket = _contact_change(session, ref)
        tickets.transition(session, app, ticket, Event.REJECT, actor=operator, reason=reason)
        queue(session, app, ticket, "contact_change_rejected", to=[ticket.requester], audience="requester",
              context={"form": ticket.form, "problems": [], "reason": reason})
        return ticket


def _contact_change(session: Session, ref: str) -> Ticket:
    ticket = queries.ticket_by_ref(session, ref, lock=True)
    if ticket.kind != Kind.CONTACT_CHANGE:
        raise TransitionRefused(f"{ticket.ref} is a {ticket.kind} ticket, not a contact change")
    if ticket.state == State.DISPUTED:
        raise TransitionRefused(f"{ticket.ref}: a Registry Lock contact disputed this contact change: it cannot be "
                                "approved or rejected, and the contacts stay as they are")
    return ticket


def _every_present_contact_asked(session: Session, ticket: Ticket) -> None:
    """Refuse unless every present lock contact was sent the confirmation: one added since was never asked."""
    asked = {a for item in session.scalars(select(OutboxItem).where(
        OutboxItem.ticket_id == ticket.id, OutboxItem.template == "contact_change_confirmation")) for a in item.to}
    missing = [c.email for c in contexts.security_contacts(session, ticket) if c.email not in asked]
    if missing:
        raise TransitionRefused(f"{ticket.ref}: the Registry Lock contacts changed after this contact change was "
                                f"verified, and {', '.join(missing)} never had the chance to object: reject it "
                                f"(mailbot contacts reject {ticket.ref} --operator NAME --reason ...) and ask for a "
                                "new request")


def _form(data: dict) -> ContactChangeForm:
    return ContactChangeForm(**{**data, "domains": tuple(data["domains"]), "remove": tuple(data["remove"]),
                                "add": tuple(FormContact(**c) for c in data["add"]),
                                "others": tuple(FormContact(**c) for c in data.get("others", [])),
                                "change": tuple(FormContact(**c) for c in data.get("change", []))})
