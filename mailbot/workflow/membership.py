"""Workflow: joining and leaving Registry Lock: sign-up and cancellation tickets, checked, then reviewed by GDS.

The seed: a senior member of the organisation's IT or security team signs up with a form; GDS checks the
person; the domains are then locked and the Registry Lock contacts get a copy of the current records. A
cancellation is checked the same way, and the security contacts are told at once, since removing the lock
is what someone about to hijack a domain would do first.
"""

from __future__ import annotations

import dataclasses

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailbot.errors import TransitionRefused
from mailbot.parse.forms import CancellationForm, FormResult, SignupForm
from mailbot.policy.addresses import (
    check_contact,
    check_lock_contacts,
)
from mailbot.services import Services
from mailbot.store import queries, records
from mailbot.store.models import (
    Contact,
    HistoryEntry,
    Message,
    Organisation,
    OutboxItem,
    Ticket,
)
from mailbot.store.values import Kind, OutboxStatus, State
from mailbot.workflow import contacts, contexts, form_review, tickets
from mailbot.workflow.form_review import records_of, sender_authentication
from mailbot.workflow.notices import queue, told
from mailbot.workflow.states import Event

# The replies to a cancellation's or a contact change's notices state their sender's authentication in these words.
authentication_sentence = form_review.authentication_sentence

_REJECTED_TEMPLATE = {Kind.SIGNUP: "signup_rejected", Kind.CANCELLATION: "cancellation_rejected"}


def _open(session: Session, app: Services, kind: Kind, event: Event, message: Message, sender: str | None,
          form: SignupForm | CancellationForm | None, reason: str, organisation: Organisation | None = None) -> Ticket:
    return tickets.new_ticket(session, app, kind, event, actor=sender or "unknown", reason=reason, message=message,
                              domains=list(form.domains) if form else [], requester=sender,
                              form=dataclasses.asdict(form) if form else {},
                              organisation_id=organisation.id if organisation else None)


def _refuse(session, app: Services, kind: Kind, message, sender, form, problems: list[str]) -> Ticket:
    """Every problem at once, to the sender; the ticket ends `rejected`."""
    ticket = _open(session, app, kind, Event.REFUSE, message, sender, form,
                   f"refused: {len(problems)} problem(s): " + "; ".join(problems))
    if sender:
        queue(session, app, ticket, _REJECTED_TEMPLATE[kind], to=[sender], audience="requester",
              context={"form": ticket.form or None, "problems": problems, "reason": None})
    return ticket


def _organisation(session: Session, name: str) -> Organisation | None:
    return session.scalar(select(Organisation).where(Organisation.name == name))


# -- sign-up ---------------------------------------------------------------------------------------


def signup_problems(session: Session, app: Services, form: SignupForm) -> tuple[list[str], list[str]]:
    """(problems, checks made): the domains against the registry records, every contact against the policy."""
    problems, checks = [], []
    for name in form.domains:
        domain = records.domain_by_name(session, name)
        if domain is None:
            problems.append(f"{name} is not a .{app.rules.zone} domain in the registry records: check its spelling, "
                            "or take it off the form.")
        elif domain.locked and form.organisation and (domain.organisation is None
                                                      or domain.organisation.name != form.organisation):
            problems.append(f"{name} is already in Registry Lock for another organisation: take it off the form, or "
                            f"email GDS at {app.rules.addresses.gds} if your organisation should hold it.")
        else:
            registrar = domain.registrar.name if domain.registrar else "no registrar"
            locked = ", already locked for this organisation" if domain.locked else ""
            checks.append(f"{name} is in the registry records ({registrar}){locked}.")
    allowed = records.allowed_addresses(session)
    names = [form.requester_name]
    refusals = [(c, r) for c in form.contacts
                if (r := check_contact(c.email, app.rules.contact_policy, names=names + [c.name or ""],
                                       allowed=allowed)) is not None]
    whois = {d.name: d.whois_contacts for n in form.domains if (d := records.domain_by_name(session, n))}
    lock = [c for c in form.contacts if c.role == "security"]
    refusals += [(next(c for c in lock if c.email == r.address.lower()), r)
                 for r in check_lock_contacts([c.email for c in lock], whois)]
    # Each with the line of the form it is about, as the form's own problems are.
    problems += [f"{_ROLE_LABELS.get(c.role, c.role)} (line {c.line}): {r.reason} {r.advice}" for c, r in refusals]
    if not refusals:
        checks.append(f"All {len(form.contacts)} contact addresses pass the address policy, and no Registry Lock "
                      "contact is published in WHOIS.")
    return problems, checks


_ROLE_LABELS = {"security": "Registry Lock contact", "technical": "Technical contact", "support": "Support contact",
                "notify": "Notification contact"}


def _admit(session: Session, app: Services, kind: Kind, event: Event, message: Message, sender: str | None,
           result: FormResult, check):
    """The start of a sign-up or a cancellation: a form that cannot be read, or that fails `check`, is
    refused at once with every problem; otherwise (ticket, checks made, organisation) for the review."""
    if result.errors:
        # Every problem at once: what could be read of the form is checked too, so that one corrected form puts
        # all of them right.
        problems = list(result.errors) + (check(session, app, result.read)[0] if result.read is not None else [])
        return _refuse(session, app, kind, message, sender, result.read, problems), None, None
    problems, checks = check(session, app, result.form)
    if problems:
        return _refuse(session, app, kind, message, sender, result.form, problems), None, None
    organisation = _organisation(session, result.form.organisation)
    authentication = sender_authentication(app, message, sender)
    ticket = _open(session, app, kind, event, message, sender, result.form,
                   f"{kind} from {sender} for {', '.join(result.form.domains)}; {authentication}", organisation)
    return ticket, [authentication, *checks], organisation


def open_signup(session: Session, app: Services, message: Message, sender: str, result: FormResult) -> Ticket:
    """A sign-up form from `sender`, the one mailbox its From gives, who is answered (intake triages a form
    without one)."""
    ticket, checks, organisation = _admit(session, app, Kind.SIGNUP, Event.OPEN_SIGNUP, message, sender, result,
                                          signup_problems)
    if checks is None:
        return ticket
    form: SignupForm = result.form
    already = _locked_for(session, form, organisation)
    if already:
        # The contacts of a locked domain change only once its present lock contacts have been told.
        existing = [c.email for c in records.contacts(session, organisation.id, "security")]
        warned = queue(session, app, ticket, "signup_contacts_changing", to=existing, audience="security",
                       context={"form": ticket.form, "domains": already,
                                "new_contacts": [{"role": c.role, "email": c.email} for c in form.contacts]})
        checks.append(f"{', '.join(already)} already locked for {form.organisation}: "
                      + told(warned, f"its present Registry Lock contacts ({', '.join(existing)})", " of this sign-up")
                      + ".")
    locked = [n for n in contacts.has_locked_domains(session, organisation) if n not in form.domains]
    if locked:
        checks.append(f"{form.organisation} has {', '.join(locked)} in Registry Lock already: on approval the domains "
                      "are locked under its present Registry Lock contacts, and any contact on this form that differs "
                      "from those on record becomes a contact change they verify.")
    queue(session, app, ticket, "signup_received", to=[sender], audience="requester", context={"form": ticket.form})
    queue(session, app, ticket, "signup_for_review", to=[app.rules.addresses.gds], audience="gds",
          context={"form": ticket.form, "sender": sender, "checks": checks})
    return ticket


def _locked_for(session: Session, form, organisation: Organisation | None) -> list[str]:
    if organisation is None:
        return []
    return [n for n in form.domains if (d := records.domain_by_name(session, n)) is not None
            and d.locked and d.organisation_id == organisation.id]


def _review(session: Session, ref: str, kind: Kind) -> Ticket:
    ticket = queries.ticket_by_ref(session, ref, lock=True)
    if ticket.kind != kind:
        raise TransitionRefused(f"{ticket.ref} is a {ticket.kind} ticket, not a {kind}")
    if ticket.state == State.DISPUTED:
        dispute = session.scalar(select(HistoryEntry).where(HistoryEntry.ticket_id == ticket.id,
                                                            HistoryEntry.kind == str(Event.DISPUTE)))
        by = f" ({dispute.actor}, {dispute.at:%Y-%m-%d %H:%M} UTC)" if dispute is not None else ""
        raise TransitionRefused(f"{ticket.ref}: a Registry Lock contact disputed this {kind}{by}: it cannot be "
                                "approved or rejected, and the lock stays as it is")
    return ticket


def dispute(session: Session, app: Services, ticket: Ticket, *, by: str, said: str, words: str, authentication: str,
            message_pk: int) -> None:
    """A Registry Lock contact says the sign-up or cancellation was not asked for: it stops at once (`disputed`,
    final), and GDS and NCSC are alerted with the contact's own words, the lock contacts copied."""
    noun = "sign-up" if ticket.kind == Kind.SIGNUP else "cancellation"
    tickets.transition(session, app, ticket, Event.DISPUTE, actor=by, message_pk=message_pk,
                       reason=f"a Registry Lock contact disputes the {noun}: {said}",
                       data={"authentication": authentication, "words": words})
    a = app.rules.addresses
    security = [c.email for c in contexts.security_contacts(session, ticket)]
    queue(session, app, ticket, f"{ticket.kind}_disputed", to=[a.gds, *a.ncsc], cc=security, audience="gds",
          context={"form": ticket.form, "by": by, "at": app.when(app.clock.now()), "words": words,
                   "authentication": authentication})


def approve_signup(app: Services, ref: str, *, operator: str, within: Session | None = None) -> Ticket:
    """GDS approves: everything the sign-up was checked against when it arrived is checked again now (who holds
    each domain, whether it is locked, who its lock contacts are), then the domains are locked."""
    with app.tx(within) as session:
        ticket = _review(session, ref, Kind.SIGNUP)
        form = _signup_form(ticket.form)
        if ticket.state == State.AWAITING_REVIEW:
            problems, _ = signup_problems(session, app, form)  # the records may have changed since
            if problems:
                raise TransitionRefused(f"{ticket.ref}: cannot approve: " + " ".join(problems))
            _present_contacts_told(session, ticket, "signup_contacts_changing",
                                   _locked_for(session, form, _organisation(session, form.organisation)),
                                   "replace them")
        organisation = _organisation(session, form.organisation) or Organisation(name=form.organisation)
        # The lock contacts are the organisation's, for every domain it has locked: while it has one, a sign-up
        # adds its domains under them, and any change to its contacts goes through the contact-change flow.
        locked = contacts.has_locked_domains(session, organisation if organisation.id else None)
        reason = "GDS approved the sign-up"
        if locked:
            reason += (f"; {form.organisation} has {', '.join(locked)} in Registry Lock already: the domains are "
                       "locked under its present Registry Lock contacts")
        tickets.transition(session, app, ticket, Event.APPROVE_SIGNUP, actor=operator, reason=reason)
        session.add(organisation)
        session.flush()
        if not locked:
            roles = {c.role for c in form.contacts}
            for contact in [c for c in organisation.contacts if c.role in roles]:
                organisation.contacts.remove(contact)
            session.flush()
            for c in form.contacts:
                organisation.contacts.append(Contact(role=c.role, email=c.email, phone=c.phone, name=c.name))
        domains = [queries.domain_by_name(session, n) for n in form.domains]
        for domain in domains:
            domain.organisation, domain.locked = organisation, True
        ticket.organisation_id = organisation.id
        session.flush()
        change = contacts.from_approved_signup(session, app, ticket, form) if locked else None
        if change is not None:
            tickets.note(session, app, ticket, "contact_change_opened", actor="bot",
                         reason=f"its contacts differ from {form.organisation}'s on record: {change.ref} "
                                f"({change.state}) changes them only once the present Registry Lock contacts have "
                                "verified it and GDS has approved it")
        queue(session, app, ticket, "signup_activated", to=[ticket.requester], cc=[app.rules.addresses.gds],
              audience="requester", context={"form": ticket.form, "domains": list(form.domains),
                                             "contact_change": change.ref if change is not None else None})
        security = ([c.email for c in organisation.contacts if c.role == "security"] if locked
                    else [c.email for c in form.contacts if c.role == "security"])
        records = [records_of(d) for d in domains]
        queue(session, app, ticket, "current_records", to=security, audience="security",
              context={"organisation": organisation.name, "domains": records, "requester": False})
        if ticket.requester and ticket.requester not in security:
            # The seed: "we will also send you a copy of the current records for the domains you sign up".
            queue(session, app, ticket, "current_records", to=[ticket.requester], audience="requester",
                  context={"organisation": organisation.name, "domains": records, "requester": True})
        _tell_of_waiting_signups(session, app, ticket, organisation, form)
        return ticket


def _tell_of_waiting_signups(session: Session, app: Services, approved: Ticket, organisation: Organisation,
                             form: SignupForm) -> None:
    """Another sign-up of the same organisation waiting for GDS, for a domain this one has just locked, would now
    replace the lock contacts just approved: they are told of it at once (`signup_contacts_changing`), as if it
    had arrived now, and it cannot be approved until that notice has gone (or they dispute it)."""
    security = [c.email for c in records.contacts(session, organisation.id, "security")]
    for other in session.scalars(_WAITING_SIGNUPS.where(Ticket.id != approved.id)):
        domains = [d for d in other.domains if d in form.domains]
        if not domains or (other.form or {}).get("organisation") != organisation.name:
            continue
        other.organisation_id = organisation.id
        warned = queue(session, app, other, "signup_contacts_changing", to=security, audience="security",
                       context={"form": other.form, "domains": domains,
                                "new_contacts": [{"role": c["role"], "email": c["email"]}
                                                 for c in other.form.get("contacts", [])]})
        tickets.note(session, app, other, "lock_contacts_told", actor="bot",
                     reason=f"{approved.ref} locked {', '.join(domains)} meanwhile: "
                            + told(warned, f"its Registry Lock contacts ({', '.join(security)})",
                                   " of this sign-up, which would replace them"))


_WAITING_SIGNUPS = select(Ticket).where(Ticket.kind == str(Kind.SIGNUP), Ticket.state == str(State.AWAITING_REVIEW))


def _present_contacts_told(session: Session, ticket: Ticket, template: str, domains: list[str], what: str) -> None:
    """Refuse unless every present Registry Lock contact of `domains` (locked now) has been sent `template` about
    this ticket: they must have had the chance to object before the lock or its contacts change."""
    if not domains:
        return
    present = [c.email for n in domains if (d := records.domain_by_name(session, n)) is not None
               for c in records.contacts(session, d.organisation_id, "security")]
    notices = list(session.scalars(select(OutboxItem).where(OutboxItem.ticket_id == ticket.id,
                                                            OutboxItem.template == template)))
    sent = {a for n in notices if n.status == OutboxStatus.SENT for a in n.to}
    waiting = {a for n in notices if n.status != OutboxStatus.SENT for a in n.to}
    missing = list(dict.fromkeys(a for a in present if a not in sent))
    if not missing:
        return
    if all(a in waiting for a in missing):
        status = next(n.status for n in notices if n.status != OutboxStatus.SENT)
        raise TransitionRefused(f"{ticket.ref}: the present Registry Lock contacts have not been told yet "
                                f"(their notice is {status}): approve once it has been sent")
    raise TransitionRefused(f"{ticket.ref}: the Registry Lock contacts of {', '.join(domains)} changed after this "
                            f"{ticket.kind} arrived, and {', '.join(missing)} were never told of it, which would "
                            f"{what}: reject it (mailbot {ticket.kind} reject {ticket.ref} --operator NAME "
                            "--reason ...) and ask for a new request")


def _signup_form(data: dict) -> SignupForm:
    from mailbot.parse.forms import FormContact

    fields = {**data, "domains": tuple(data["domains"]),
              "contacts": tuple(FormContact(**c) for c in data.get("contacts", []))}
    return SignupForm(**fields)


def reject(app: Services, ref: str, kind: Kind, *, operator: str, reason: str, within: Session | None = None) -> Ticket:
    with app.tx(within) as session:
        ticket = _review(session, ref, kind)
        tickets.transition(session, app, ticket, Event.REJECT, actor=operator, reason=reason)
        if ticket.requester:
            queue(session, app, ticket, _REJECTED_TEMPLATE[kind], to=[ticket.requester], audience="requester",
                  context={"form": ticket.form, "problems": [], "reason": reason})
        return ticket


# -- cancellation ----------------------------------------------------------------------------------


def cancellation_problems(session: Session, app: Services, form: CancellationForm) -> tuple[list[str], list[str]]:
    problems, checks = [], []
    for name in form.domains:
        domain = records.domain_by_name(session, name)
        if domain is None or not domain.locked:
            problems.append(f"{name} is not in Registry Lock: check its spelling, or take it off the form.")
        elif not form.organisation:
            continue  # the form's problems say the organisation is missing
        elif domain.organisation is None or domain.organisation.name != form.organisation:
            problems.append(f"{name} is not in Registry Lock for {form.organisation}: check the organisation's "
                            "name, or take the domain off the form.")
        else:
            checks.append(f"{name} is in Registry Lock for {form.organisation}.")
    return problems, checks


def open_cancellation(session: Session, app: Services, message: Message, sender: str, result: FormResult) -> Ticket:
    """A cancellation request from `sender`, as open_signup."""
    ticket, checks, organisation = _admit(session, app, Kind.CANCELLATION, Event.OPEN_CANCELLATION, message, sender,
                                          result, cancellation_problems)
    if checks is None:
        return ticket
    security = [c.email for c in records.contacts(session, organisation.id, "security")]
    queue(session, app, ticket, "cancellation_received", to=[sender], audience="requester",
          context={"form": ticket.form})
    # The lock contacts' mail is queued before GDS's, which says whether it has gone or the brake holds it.
    warned = (queue(session, app, ticket, "cancellation_requested", to=security, audience="security",
                    context={"form": ticket.form}) if security else None)
    checks.append((told(warned, f"The Registry Lock contacts ({', '.join(security)})") if warned is not None
                   else "The Registry Lock contacts (none on record) have been told") + ".")
    queue(session, app, ticket, "cancellation_for_review", to=[app.rules.addresses.gds], audience="gds",
          context={"form": ticket.form, "sender": sender, "checks": checks})
    return ticket


def approve_cancellation(app: Services, ref: str, *, operator: str, within: Session | None = None) -> Ticket:
    """GDS approves: the request is checked again against the records as they are now (each domain still locked
    for the organisation that asked, every present lock contact told), then the domains are unlocked. The lock
    contacts, the other contacts and the person who asked are each told in a mail of their own: a lock contact's
    address is never shown to anyone outside the lock."""
    with app.tx(within) as session:
        ticket = _review(session, ref, Kind.CANCELLATION)
        if ticket.state == State.AWAITING_REVIEW:
            problems, _ = cancellation_problems(session, app, _cancellation_form(ticket.form))
            if problems:
                raise TransitionRefused(f"{ticket.ref}: cannot approve: " + " ".join(problems))
            _present_contacts_told(session, ticket, "cancellation_requested", list(ticket.domains), "remove the lock")
        tickets.transition(session, app, ticket, Event.APPROVE_CANCELLATION, actor=operator,
                           reason="GDS approved the cancellation")
        for name in ticket.domains:
            domain = queries.domain_by_name(session, name)
            domain.locked = False
        everyone = queries.contacts(session, ticket.organisation_id)
        security = list(dict.fromkeys(c.email for c in everyone if c.role == "security"))
        others = [a for a in dict.fromkeys(c.email for c in everyone) if a not in security]
        requester = [ticket.requester] if ticket.requester and ticket.requester not in security + others else []
        groups = [(to, audience) for to, audience in ((security, "security"), (others, "notify"),
                                                      (requester, "requester")) if to]
        for i, (to, audience) in enumerate(groups):
            queue(session, app, ticket, "cancellation_completed", to=to,
                  cc=[app.rules.addresses.gds] if i == 0 else [], audience=audience,
                  context={"form": ticket.form, "domains": list(ticket.domains)})
        return ticket


def _cancellation_form(data: dict) -> CancellationForm:
    return CancellationForm(**{**data, "domains": tuple(data["domains"])})
