"""Workflow: ticket mechanics. A ticket is opened, moved by the transition table, and given notes and linked
messages, each recorded in its history; every event moves its deadlines."""

from __future__ import annotations

from sqlalchemy import insert, update
from sqlalchemy.orm import Session, make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from mailbot import audit
from mailbot.errors import TransitionRefused
from mailbot.rules import Deadlines
from mailbot.services import Services
from mailbot.store import queries
from mailbot.store.models import Counter, Domain, Message, Registrar, Ticket
from mailbot.store.rows import Rows
from mailbot.store.ticket_messages import link_stored
from mailbot.store.values import Kind, State
from mailbot.workflow import deadlines
from mailbot.workflow.states import Event
from mailbot.workflow.table import Refusal, decide


def transition(session: Session, app: Services, ticket: Ticket, event: Event, *, actor: str, reason: str = "",
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


def limits(app: Services, ticket: Ticket) -> Deadlines:
    """The time limits of the ticket: those in force when it was opened (Deadlines.kept), or the rules' own."""
    return Deadlines.kept(ticket.limits) if ticket.limits else app.rules.deadlines


def replan(app: Services, ticket: Ticket, event: Event) -> None:
    """Every event moves the ticket's clocks: what it waits for now, and by when."""
    planned = deadlines.plan(deadlines.from_json(ticket.deadlines), event, app.clock.now(),
                             app.rules.working_calendar, limits(app, ticket), urgent=ticket.urgent)
    ticket.deadlines = deadlines.to_json(planned)
    ticket.next_deadline = deadlines.next_deadline(planned)


def note(session: Session, app: Services, ticket: Ticket, kind: str, *, actor: str, reason: str = "",
         data: dict | None = None, message_pk: int | None = None) -> None:
    """Record something that happened to a ticket without changing its state."""
    audit.append(session, ticket, at=app.clock.now(), kind=kind, actor=actor, reason=reason,
                 before=ticket.state, after=ticket.state, data=data, message_pk=message_pk)


def link(session: Session, ticket: Ticket, message: Message | None) -> None:
    if message is not None:
        link_stored(session, ticket, message.id)


# Built once: making a statement costs more than running it.
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


def new_ticket(session: Session, app: Services, kind: Kind, event: Event, *, actor: str, reason: str,
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
