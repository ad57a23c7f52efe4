"""Workflow: the use cases; each loads a ticket, asks the table, and writes events and outbox rows in one
transaction."""

from __future__ import annotations

from sqlalchemy import insert, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from mailbot import audit, deadlines
from mailbot.errors import InputError, TransitionRefused
from mailbot.outbox.compose import enqueue
from mailbot.policy.lookalike import lookalike_of
from mailbot.rules import Deadlines
from mailbot.store import queries
from mailbot.store.models import Counter, Domain, Message, Registrar, Ticket, TicketMessage
from mailbot.store.rows import Rows
from mailbot.workflow import records
from mailbot.workflow.states import Event, Kind, State
from mailbot.workflow.table import Refusal, decide

LABELS = {"nameservers": "Name servers", "ds": "DS records", "contacts": "Contacts", "registrant": "Registrant"}
CALL_EVENTS = {"verified": Event.CALL_VERIFIED, "refused": Event.CALL_REFUSED, "no-answer": Event.CALL_NO_ANSWER}


# -- building blocks ---------------------------------------------------------------------------------------


def transition(session: Session, app, ticket: Ticket, event: Event, *, actor: str, reason: str = "",
               data: dict | None = None, message_pk: int | None = None) -> State:
    """Move the ticket by the table, recording the event; refuse with the table's reason."""
    decision = decide(ticket.state, event)
    if isinstance(decision, Refusal):
        raise TransitionRefused(f"{ticket.ref}: {decision.reason}")
    before, ticket.state = ticket.state, str(decision.after)
    ticket.updated_at = app.clock.now()
    replan(app, ticket, event)
    audit.append(session, ticket, at=ticket.updated_at, kind=str(event), actor=actor, reason=reason,
                 before=before, after=ticket.state, data=data, message_pk=message_pk)
    return decision.after


def replan(app, ticket: Ticket, event: Event) -> None:
    """Every event moves the ticket's clocks: what it waits for now, and by when."""
    limits = Deadlines(**ticket.limits) if ticket.limits else app.rules.deadlines
    planned = deadlines.plan(deadlines.from_json(ticket.deadlines), event, app.clock.now(),
                             app.rules.working_calendar, limits, urgent=ticket.urgent)
    ticket.deadlines = deadlines.to_json(planned)
    ticket.next_deadline = deadlines.next_deadline(planned)


def note(session: Session, app, ticket: Ticket, kind: str, *, actor: str, reason: str = "",
         data: dict | None = None, message_pk: int | None = None) -> None:
    """Record something that happened to a ticket without changing its state."""
    audit.append(session, ticket, at=app.clock.now(), kind=kind, actor=actor, reason=reason,
                 before=ticket.state, after=ticket.state, data=data, message_pk=message_pk)


def link(session: Session, ticket: Ticket, message: Message | None) -> None:
    if message is not None:
        link_stored(session, ticket, message.id)


def link_stored(session: Session, ticket: Ticket, message_pk: int) -> None:
    # Written at once, and kept if it is there already: nothing reads the links while a message is acted on,
    # so asking first would cost a query for nothing.
    _LINK[session.get_bind().dialect.name].run(session, {"ticket_id": ticket.id, "message_id": message_pk})


# Built once: making a statement costs more than running it.
_LINK = {name: Rows(dialect.insert(TicketMessage.__table__).on_conflict_do_nothing())
         for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))}
_COUNTERS = Counter.__table__
_NEXT_REF = Rows(update(_COUNTERS).where(_COUNTERS.c.name == "ticket").values(value=_COUNTERS.c.value + 1)
                 .returning(_COUNTERS.c.value))


def next_ref(session: Session) -> str:
    """The next ticket reference, RL-000001 onwards: one UPDATE ... RETURNING, which locks the counter row until
    the transaction ends (SQLite 3.35 and PostgreSQL both have RETURNING)."""
    row = _NEXT_REF.run(session, {}).fetchone()
    value = row[0] if row else None
    if value is None:  # the migration makes the row; only an emptied database lacks it
        value = 1
        session.add(Counter(name="ticket", value=value))
        session.flush()
    return f"{queries.REF_PREFIX}{value:06d}"


def new_ticket(session: Session, app, kind: Kind, event: Event, *, actor: str, reason: str,
               message: Message | None, domains: list[str], domain: Domain | None = None,
               registrar: Registrar | None = None, **fields) -> Ticket:
    now = app.clock.now()
    defaults = {"stage": 1, "urgent": False, "escalated": False, "change": {}, "form": {}, "deadlines": {},
                "limits": app.rules.deadlines.model_dump(),
                "thread_id": message.message_id if message is not None else None}
    ticket = Ticket(ref=next_ref(session), kind=str(kind), state="", domains=domains, opened_at=now,
                    updated_at=now, domain_id=domain.id if domain else None,
                    registrar_id=registrar.id if registrar else None, **{**defaults, **fields})
    decision = decide(None, event)
    ticket.state = str(decision.after)
    replan(app, ticket, event)
    # Written as a row, every column given, and then taken as if read back: the session's unit of work would
    # cost more than the row.
    ticket.id = _OPEN.run(session, {c: getattr(ticket, c) for c in _TICKET_COLUMNS}).fetchone()[0]
    make_transient_to_detached(ticket)
    session.add(ticket)
    set_committed_value(ticket, "domain", domain)
    set_committed_value(ticket, "registrar", registrar)
    audit.begin(session, ticket)
    link(session, ticket, message)
    audit.append(session, ticket, at=now, kind=str(event), actor=actor, reason=reason, before=None,
                 after=ticket.state, data={"domains": domains, **({"change": ticket.change} if ticket.change else {})},
                 message_pk=message.id if message is not None else None)
    return ticket


_TICKET_COLUMNS = [c.key for c in Ticket.__table__.c if c.key != "id"]
_OPEN = Rows(insert(Ticket.__table__).returning(Ticket.__table__.c.id))


def current_values(domain: Domain, field: str) -> list[str]:
    if field == "nameservers":
        return list(domain.nameservers or [])
    if field == "ds":
        return list(domain.ds or [])
    if field == "contacts":
        return list(domain.whois_contacts or [])
    registrant = domain.registrant or (domain.organisation.name if domain.organisation else None)
    return [registrant] if registrant else []


def changed_domains(session: Session, ticket: Ticket) -> list[Domain]:
    """The domains a change ticket changes, in the order of its request (one organisation's)."""
    return [domain for name in ticket.change if (domain := records.domain_by_name(session, name)) is not None]


def change_context(session: Session, ticket: Ticket) -> dict:
    """The change as its mails show it: for each domain and field, the current records and the resulting ones
    (`requested`: the records the domain will hold, which the ticket records), side by side; the mails mark each
    value added or removed by comparing the two. `domain` names every domain changed ("a.gov.uk and b.gov.uk"),
    and each item's label names its domain when there are several. A contact change shows the organisation's
    Registry Lock contacts now and after it, as one item."""
    if ticket.kind == Kind.CONTACT_CHANGE:
        return _contact_change_context(session, ticket)
    domains = changed_domains(session, ticket) or ([ticket.domain] if ticket.domain else [])
    several = len(domains) > 1
    return {
        "domain": and_list([d.name for d in domains]),
        "domains": [d.name for d in domains],
        "several": several,
        "items": [
            {"domain": d.name, "field": f, "label": f"{LABELS[f]} of {d.name}" if several else LABELS[f],
             "current": current_values(d, f), "requested": list(values)}
            for d in domains for f, values in ticket.change.get(d.name, {}).items()
        ],
    }


def _contact_change_context(session: Session, ticket: Ticket) -> dict:
    present = {c.email: c for c in security_contacts(session, ticket)}
    before = list(present)
    form = ticket.form or {}
    after = [a for a in before if a not in form.get("remove", [])]
    after += [c["email"] for c in form.get("add", []) if c["email"] not in after]
    # A present contact whose phone (and name) change stays in both lists: each mail shows the values before and after.
    changed = [line for c in form.get("change", []) if (old := present.get(c["email"])) is not None
               for line in (f"{old.email}: phone {old.phone or '(none)'} -> {c['phone']}",
                            *([f"{old.email}: name {old.name or '(none)'} -> {c['name']}"]
                              if c.get("name") and c["name"] != old.name else []))]
    names = list(ticket.domains)
    return {"domain": and_list(names), "domains": names, "several": len(names) > 1,
            "items": [{"domain": and_list(names), "field": "lock_contacts", "label": "Registry Lock contacts",
                       "current": before, "requested": after, "changed": changed}]}


def and_list(names: list[str]) -> str:
    """"a", "a and b", "a, b and c"."""
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def lock_contacts_in_whois(session: Session, ticket: Ticket) -> list[str]:
    """The domain's Registry Lock contacts that the change would make WHOIS (or admin) contacts: lock contacts
    must stay apart from every contact published in WHOIS, as at sign-up (the seed). For the operators only."""
    resulting = {value.lower() for fields in (ticket.change or {}).values() for value in fields.get("contacts", [])}
    return [c.email for c in security_contacts(session, ticket) if c.email.lower() in resulting]


def security_contacts(session: Session, ticket: Ticket):
    return records.contacts(session, ticket.organisation_id, "security")


def request_context(app, message: Message | None) -> dict:
    if message is None:
        return {"from": "", "subject": "", "message_id": "", "received_at": ""}
    return {"from": message.from_addr or "(none)", "subject": message.subject or "(no subject)",
            "message_id": message.message_id or "(none)", "received_at": app.when(message.received_at)}


def tell_operators(session: Session, app, ticket: Ticket, headline: str, details: list[str],
                   next_step: str | None = None, *, to: list[str] | None = None, cc: list[str] = ()) -> None:
    enqueue(session, app, ticket, "operator_notice", to=to or app.rules.addresses.operators, cc=list(cc),
            audience="operators",
            context={"headline": headline, "details": details, "next_step": next_step,
                     "change": change_context(session, ticket) if ticket.domain else None,
                     "registrar": registrar_context(ticket)})


def registrar_context(ticket: Ticket) -> dict | None:
    if ticket.kind == Kind.CONTACT_CHANGE:  # asked for by the organisation's own senior member, not a registrar
        form = ticket.form or {}
        return {"name": f"{form.get('requester_name')}, {form.get('job_title')}, {form.get('organisation')}"}
    return {"name": ticket.registrar.name} if ticket.registrar else None


def send_task(session: Session, app, ticket: Ticket, message: Message | None, *, amended: bool) -> None:
    """The registrar's acknowledgement and the operators' task, on opening and on every amendment."""
    contacts = [{"name": c.name, "email": c.email, "phone": c.phone} for c in security_contacts(session, ticket)]
    common = {"change": change_context(session, ticket), "registrar": registrar_context(ticket), "amended": amended}
    if ticket.requester:
        enqueue(session, app, ticket, "change_received", to=[ticket.requester], audience="registrar",
                context=common)
    in_whois = lock_contacts_in_whois(session, ticket)
    if in_whois:
        note(session, app, ticket, "lock_contact_in_whois", actor="bot",
             reason=f"the change would make the Registry Lock contact {', '.join(in_whois)} a WHOIS contact")
    enqueue(session, app, ticket, "operator_task", to=app.rules.addresses.operators, audience="operators",
            context={**common, "security_contacts": contacts, "request": request_context(app, message),
                     "registrar_of_record": _registrar_of_record(session, ticket), "lock_contacts_in_whois": in_whois})


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


def void_confirmation(session: Session, app, ticket: Ticket, *, confirmed: bool, why: str = "amended") -> None:
    """The request was amended (`why`, or "withdrawn") after its phone verification: the confirmation of
    authorisation that the lock contacts and GDS were sent (and, when `confirmed`, answered) no longer counts;
    after an amendment a new call will follow. Only the domain and the reference, as in a chase: the new request
    is told on the call."""
    context = {"change": change_context(session, ticket), "confirmed": confirmed, "why": why}
    contacts = [c.email for c in security_contacts(session, ticket)]
    if contacts:
        enqueue(session, app, ticket, "confirmation_void", to=contacts, audience="security", context=context)
    enqueue(session, app, ticket, "confirmation_void", to=[app.rules.addresses.gds], audience="gds", context=context)


def tell_registrar_outcome(session: Session, app, ticket: Ticket, outcome: str) -> None:
    # A contact change's requester is not a registrar: GDS, alerted, decides what to tell the organisation.
    if ticket.requester and ticket.kind != Kind.CONTACT_CHANGE:
        enqueue(session, app, ticket, "change_outcome", to=[ticket.requester], audience="registrar",
                context={"outcome": outcome, "change": change_context(session, ticket),
                         "registrar": registrar_context(ticket)})


def raise_dispute(session: Session, app, ticket: Ticket, *, source: str, by: str, note_text: str | None,
                  call: dict | None) -> None:
    """A change the domain owner did not authorise: stop it and raise the alarm with GDS, NCSC and the team."""
    a = app.rules.addresses
    enqueue(session, app, ticket, "dispute_alert",
            to=[c.email for c in security_contacts(session, ticket)] or [a.gds],
            cc=[a.gds, *a.ncsc, *a.operators], audience="notify",
            context={"source": source, "by": by, "at": app.when(app.clock.now()), "note": note_text, "call": call,
                     "change": change_context(session, ticket), "registrar": registrar_context(ticket)})
    tell_registrar_outcome(session, app, ticket, str(ticket.state))


def lookalike_sender(session: Session, app, mail) -> tuple[str, str] | None:
    """(the From address, the known domain it imitates) when a From address is written from a look-alike of a
    domain in the records or of the registry's, GDS's or NCSC's own. Every address in From is looked at, even
    one that carries no authority: this raises an alarm, it grants nothing."""
    known = records.known_mail_domains(session, app.rules.addresses)
    for address in dict.fromkeys([*([mail.sender] if mail.sender else []), *(x for _, x in mail.from_addrs)]):
        domain = address.rpartition("@")[2]
        if domain and (real := lookalike_of(domain, known)):
            return address, real
    return None


# -- commands of the operators -----------------------------------------------------------------------------


def record_call(app, ref: str, *, outcome: str, contact: str, operator: str, phone: str | None = None,
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
            context = {"call": call, "change": change_context(session, ticket), "registrar": registrar_context(ticket)}
            # A contact change is confirmed as a change is, by a reply to a mail naming the contacts before and after.
            template = ("contact_change_confirmation" if ticket.kind == Kind.CONTACT_CHANGE
                        else "confirmation_of_authorisation")
            enqueue(session, app, ticket, template, to=list(known), audience="security", context=context)
            enqueue(session, app, ticket, template, to=[app.rules.addresses.gds], audience="gds", context=context)
        elif state is State.REJECTED:
            raise_dispute(session, app, ticket, source="call", by=person.email, note_text=note_text, call=call)
        return ticket


def _digits(phone: str) -> str:
    digits = "".join(ch for ch in phone if ch.isdigit())
    return "44" + digits[1:] if digits.startswith("0") else digits


def applied(app, ref: str, *, operator: str, within: Session | None = None) -> Ticket:
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
        enqueue(session, app, ticket, "change_notification", to=org or list(app.rules.always_notify),
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


def withdraw(app, ref: str, *, operator: str, reason: str | None = None, within: Session | None = None) -> Ticket:
    with app.tx(within) as session:
        ticket = queries.ticket_by_ref(session, ref, lock=True)
        transition(session, app, ticket, Event.WITHDRAW, actor=operator, reason=reason or "withdrawn")
        tell_registrar_outcome(session, app, ticket, "withdrawn")
        return ticket


def close(app, ref: str, *, operator: str, reason: str) -> Ticket:
    with app.tx() as session:
        ticket = queries.ticket_by_ref(session, ref, lock=True)
        transition(session, app, ticket, Event.CLOSE, actor=operator, reason=reason)
        return ticket
