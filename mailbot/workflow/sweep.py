"""Workflow: the deadline sweep: acts, once each, on the timed actions of the tickets that are due.

Only the tickets whose earliest deadline has passed are read (an indexed column), one at a time, each
claimed with a row lock (SKIP LOCKED on PostgreSQL) and acted on in one transaction with the mail it
causes, so that two sweeps, a crash or a restart never do an action twice. A recurring action is planned
again from the moment it was done, so a bot that was stopped for days catches up with one action, not one
per missed minute. Nothing is done outside working hours: what fell due overnight is done at the opening.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from mailbot.services import Services
from mailbot.store.models import Answer, HistoryEntry, OutboxItem, Ticket
from mailbot.store.values import Kind, OutboxStatus, State
from mailbot.workflow import contexts, notices, tickets
from mailbot.workflow import deadlines as dl
from mailbot.workflow.escalation import escalation_context
from mailbot.workflow.notices import queue
from mailbot.workflow.states import Event as E

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Action:
    ticket: str
    action: str
    template: str | None
    due: str

    def as_json(self) -> dict:
        return dict(self.__dict__)


class _DryRun(Exception):
    pass


def sweep(app: Services, *, dry_run: bool = False, limit: int = 10_000) -> list[Action]:
    now = app.clock.now()
    if not dry_run and (forgotten := forget_answers(app, now)):
        log.info("forgot %d counted answers from before %s", forgotten, app.when(now - ANSWERS_KEPT))
    if not app.rules.working_calendar.is_working_time(now):
        return []
    due = (select(Ticket).where(Ticket.next_deadline <= now).order_by(Ticket.next_deadline, Ticket.id))
    if dry_run:
        # The same code, in one transaction that is rolled back: what would happen, and nothing happens.
        actions: list[Action] = []
        try:
            with app.tx() as session:
                for ticket in session.scalars(due.limit(limit)).all():
                    actions += act(session, app, ticket, now)
                raise _DryRun
        except _DryRun:
            return actions
    actions = []
    for _ in range(limit):
        with app.tx() as session:
            ticket = session.scalar(due.limit(1).with_for_update(skip_locked=True))
            if ticket is None:
                break
            actions += act(session, app, ticket, now)
    return actions


def forget_answers(app: Services, now: datetime) -> int:
    """Drop the count of automatic answers older than the limits look back (a day, rules.yaml `limits`), with a
    day's margin, so that the table stays a day's answers long; how many rows went. The answers themselves, and
    those withheld, stay in the tickets' histories."""
    with app.tx() as session:
        return session.execute(delete(Answer).where(Answer.at < now - ANSWERS_KEPT)).rowcount


ANSWERS_KEPT = timedelta(days=2)


def act(session: Session, app: Services, ticket: Ticket, now: datetime) -> list[Action]:
    """Do every action of this ticket that is due at `now`, and plan what comes next."""
    done: list[Action] = []
    for kind, due in sorted(dl.from_json(ticket.deadlines).items(), key=lambda kv: kv[1]):
        if due > now or kind not in ticket.deadlines:  # an earlier action (an expiry) may have ended it
            continue
        template = _HANDLERS[kind](session, app, ticket, now, due)
        tickets.note(session, app, ticket, "deadline", actor="bot", reason=f"{kind} was due {app.when(due)}",
                     data={"deadline": kind, "due": due.isoformat(), "template": template})
        done.append(Action(ticket.ref, kind, template, due.isoformat()))
    ticket.next_deadline = dl.next_deadline(dl.from_json(ticket.deadlines))
    return done


def _set(ticket: Ticket, kind: str, at: datetime | None) -> None:
    planned = dl.from_json(ticket.deadlines)
    if at is None:
        planned.pop(kind, None)
    else:
        planned[kind] = at
    ticket.deadlines = dl.to_json(planned)


def _history(session: Session, app: Services, ticket: Ticket) -> dict:
    """Every call attempt and every chase so far, for escalations: the calls about the request as it stands
    (`calls`), and apart from them those about it before the registrar last amended it (`earlier_calls`), which
    verified nothing that stands now."""
    events = session.scalars(select(HistoryEntry).where(HistoryEntry.ticket_id == ticket.id)
                             .order_by(HistoryEntry.seq)).all()
    amended = max((e.seq for e in events if e.kind == E.AMEND), default=0)
    attempts = [(e.seq, {"outcome": e.data.get("outcome"), "contact": e.data.get("contact"),
                         "operator": e.data.get("operator"), "at": app.when(e.at), "note": e.data.get("note")})
                for e in events if e.kind.startswith("call_")]
    calls = [call for seq, call in attempts if seq > amended]
    earlier_calls = [call for seq, call in attempts if seq < amended]
    chases = [{"template": e.data["template"], "to": e.data["to"] + e.data.get("cc", []), "at": app.when(e.at)}
              for e in events if e.kind == "mail_queued" and e.data.get("template", "").startswith("chase_")]
    working_days = app.rules.working_calendar.working_days_between(ticket.opened_at, app.clock.now())
    return {"calls": calls, "earlier_calls": earlier_calls, "chases": chases, "received_at": app.when(ticket.opened_at),
            "working_days": working_days}


def _calls(session: Session, app: Services, ticket: Ticket) -> dict:
    history = _history(session, app, ticket)
    return {"calls": history["calls"], "earlier_calls": history["earlier_calls"]}


def _common(session: Session, ticket: Ticket) -> dict:
    return {"change": contexts.change_context(session, ticket), "registrar": contexts.registrar_context(ticket)}


def _first_call(session, app: Services, ticket, now, due) -> str | None:
    _set(ticket, dl.FIRST_CALL, None)
    if ticket.state != State.AWAITING_VERIFICATION:
        return None
    contacts = [{"name": c.name, "email": c.email, "phone": c.phone}
                for c in contexts.security_contacts(session, ticket)]
    queue(session, app, ticket, "chase_operator", to=app.rules.addresses.operators, audience="operators",
          context={**_common(session, ticket), "reason": "first_call", "due": app.when(due),
                   "security_contacts": contacts, **_calls(session, app, ticket)})
    return "chase_operator"


def _chase_security(session, app: Services, ticket, now, due) -> str | None:
    if ticket.state != State.AWAITING_VERIFICATION:
        _set(ticket, dl.CHASE_SECURITY, None)
        return None
    every = tickets.limits(app, ticket).chase_security_every_working_days
    _set(ticket, dl.CHASE_SECURITY, app.rules.working_calendar.add_working_days(now, every))
    _chase_team(session, app, ticket, "call_back")
    return "chase_security_team"


def _confirmation_chase(session, app: Services, ticket, now, due) -> str | None:
    _set(ticket, dl.CONFIRMATION_CHASE, None)
    if ticket.state != State.AWAITING_CONFIRMATION:
        return None
    _chase_team(session, app, ticket, "confirm")
    return "chase_security_team"


def _chase_team(session, app: Services, ticket, reason: str) -> None:
    # Only the reference and the domain: the change itself is told by phone, never in a chase. It says by when: the
    # escalation to GDS, which comes next.
    to = [c.email for c in contexts.security_contacts(session, ticket)]
    if to:
        queue(session, app, ticket, "chase_security_team", to=to, audience="security",
              context={**_common(session, ticket), "reason": reason,
                       "reply_by": app.when(dl.from_json(ticket.deadlines).get(dl.ESCALATION))})


def _escalation(session, app: Services, ticket, now, due) -> str | None:
    if ticket.state not in (State.AWAITING_VERIFICATION, State.AWAITING_CONFIRMATION):
        _set(ticket, dl.ESCALATION, None)
        return None
    every = tickets.limits(app, ticket).escalation_reminder_every_working_days
    _set(ticket, dl.ESCALATION, app.rules.working_calendar.add_working_days(now, every))
    stage = "verification" if ticket.state == State.AWAITING_VERIFICATION else "confirmation"
    a = app.rules.addresses
    reminder, ticket.escalated = ticket.escalated, True  # escalated before the mail, whose replies GDS may now send
    queue(session, app, ticket, "escalation", to=[a.gds], cc=a.operators, audience="gds",
          context={**_common(session, ticket), **_history(session, app, ticket), "stage": stage,
                   "reminder": reminder, **escalation_context(session, app, ticket)})
    return "escalation"


def _apply_chase(session, app: Services, ticket, now, due) -> str | None:
    _set(ticket, dl.APPLY_CHASE, None)
    if ticket.state != State.AUTHORISED:
        return None
    queue(session, app, ticket, "chase_operator", to=app.rules.addresses.operators, audience="operators",
          context={**_common(session, ticket), "reason": "apply", "due": app.when(due), "security_contacts": [],
                   **_calls(session, app, ticket)})
    return "chase_operator"


def _apply_late(session, app: Services, ticket, now, due) -> str | None:
    _set(ticket, dl.APPLY_LATE, None)
    if ticket.state != State.AUTHORISED:
        return None
    authorised = session.scalar(select(HistoryEntry.at).where(HistoryEntry.ticket_id == ticket.id,
                                                              HistoryEntry.kind == E.CONFIRM)
                                .order_by(HistoryEntry.seq.desc()).limit(1))
    a = app.rules.addresses
    queue(session, app, ticket, "apply_overdue", to=[a.gds], cc=a.operators, audience="gds",
          context={**_common(session, ticket), "authorised_at": app.when(authorised), "due": app.when(due),
                   "working_days": tickets.limits(app, ticket).apply_late_working_days})
    return "apply_overdue"


def _expiry(session, app: Services, ticket, now, due) -> str | None:
    if ticket.state not in (State.AWAITING_VERIFICATION, State.AWAITING_CONFIRMATION):
        _set(ticket, dl.EXPIRY, None)
        return None
    history = _history(session, app, ticket)
    tickets.transition(session, app, ticket, E.EXPIRE, actor="bot", reason="never verified in time")
    notices.tell_registrar_outcome(session, app, ticket, "expired")
    a = app.rules.addresses
    queue(session, app, ticket, "ticket_expired", to=[a.gds], cc=a.operators, audience="gds",
          context={**_common(session, ticket), **history})
    return "ticket_expired"


def _notification_check(session, app: Services, ticket, now, due) -> str | None:
    _set(ticket, dl.NOTIFICATION_CHECK, None)
    notification = session.scalar(select(OutboxItem).where(OutboxItem.ticket_id == ticket.id,
                                                            OutboxItem.template == "change_notification")
                                  .order_by(OutboxItem.id.desc()).limit(1))
    if ticket.state != State.COMPLETED or notification is None or notification.status == OutboxStatus.SENT:
        return None
    a = app.rules.addresses
    applied = session.scalar(select(HistoryEntry.at).where(HistoryEntry.ticket_id == ticket.id,
                                                           HistoryEntry.kind == "applied"))
    queue(session, app, ticket, "notification_overdue", to=a.operators, cc=[a.gds], audience="operators",
          context={**_common(session, ticket), "applied_at": app.when(applied), "due": app.when(due),
                   "status": notification.status, "last_error": notification.last_error})
    return "notification_overdue"


def _review_reminder(session, app: Services, ticket, now, due) -> str | None:
    """A sign-up or cancellation awaiting GDS's review, or a contact change its lock contacts confirmed: GDS is
    reminded, and again every few working days, until it approves or rejects."""
    waiting = ticket.state == State.AWAITING_REVIEW or (ticket.kind == Kind.CONTACT_CHANGE
                                                        and ticket.state == State.AUTHORISED)
    if not waiting:
        _set(ticket, dl.REVIEW_REMINDER, None)
        return None
    every = tickets.limits(app, ticket).review_reminder_every_working_days
    _set(ticket, dl.REVIEW_REMINDER, app.rules.working_calendar.add_working_days(now, every))
    since = session.scalar(select(HistoryEntry.at).where(HistoryEntry.ticket_id == ticket.id,
                                                         HistoryEntry.state_after == ticket.state)
                           .order_by(HistoryEntry.seq).limit(1)) or ticket.opened_at
    queue(session, app, ticket, "review_reminder", to=[app.rules.addresses.gds], audience="gds",
          context={"form": ticket.form, "waiting_since": app.when(since),
                   "working_days": app.rules.working_calendar.working_days_between(since, now)})
    return "review_reminder"


_HANDLERS = {
    dl.FIRST_CALL: _first_call,
    dl.CHASE_SECURITY: _chase_security,
    dl.ESCALATION: _escalation,
    dl.CONFIRMATION_CHASE: _confirmation_chase,
    dl.APPLY_CHASE: _apply_chase,
    dl.APPLY_LATE: _apply_late,
    dl.EXPIRY: _expiry,
    dl.NOTIFICATION_CHECK: _notification_check,
    dl.REVIEW_REMINDER: _review_reminder,
}
