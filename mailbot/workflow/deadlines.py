"""Workflow: a ticket's deadlines, which timed actions it has after each event and when; pure, given the calendar.

Each instant is the deadline itself, counted in working time (so it falls within working hours, or at
their close). The sweep acts only within working hours, so one that passes overnight is acted on at the
next opening, never at night.
"""

from __future__ import annotations

from datetime import datetime

from mailbot.rules import Deadlines
from mailbot.workdays import Calendar
from mailbot.workflow.states import Event

FIRST_CALL = "first_call"  # no call recorded in time: chase the operators
CHASE_SECURITY = "chase_security"  # a call went unanswered: ask the security team to call back, daily
ESCALATION = "escalation"  # not verified in time: escalate to GDS, then remind every few days
CONFIRMATION_CHASE = "confirmation_chase"  # verified by phone, not yet in writing: chase the security team
APPLY_CHASE = "apply_chase"  # authorised, not recorded as made: chase the operators
APPLY_LATE = "apply_late"  # authorised, still not made a working day later: tell GDS
EXPIRY = "expiry"  # never verified: the ticket expires
NOTIFICATION_CHECK = "notification_check"  # the change notification must have gone out by now
REVIEW_REMINDER = "review_reminder"  # a sign-up, cancellation or contact change waits for GDS: remind GDS

KINDS = (FIRST_CALL, CHASE_SECURITY, ESCALATION, CONFIRMATION_CHASE, APPLY_CHASE, APPLY_LATE, EXPIRY,
         NOTIFICATION_CHECK, REVIEW_REMINDER)

# Events after which a ticket has nothing left to wait for.
_ENDS = {Event.CALL_REFUSED, Event.DISPUTE, Event.WITHDRAW, Event.EXPIRE, Event.PASS_ON, Event.OPEN_TRIAGE,
         Event.CLOSE, Event.REFUSE, Event.APPROVE_SIGNUP, Event.APPROVE_CANCELLATION, Event.REJECT,
         Event.APPROVE_CONTACT_CHANGE, Event.ZONE_ALARM, Event.RESOLVE}


def plan(current: dict[str, datetime], event: Event, at: datetime, cal: Calendar, limits: Deadlines, *,
         urgent: bool) -> dict[str, datetime]:
    """The ticket's timed actions after `event` happened at `at`."""

    def days(n: int) -> datetime:
        return cal.add_working_days(at, n)

    if event in (Event.OPEN_SIGNUP, Event.OPEN_CANCELLATION):
        # Waiting for GDS to check the person: GDS is reminded until it approves or rejects.
        return {REVIEW_REMINDER: days(limits.review_reminder_working_days)}
    if event in (Event.OPEN, Event.AMEND, Event.OPEN_CONTACT_CHANGE):
        # An amended request is a new request: every clock starts again.
        first = (cal.add_working_hours(at, limits.first_call_urgent_working_hours) if urgent
                 else cal.add_working_days(at, limits.first_call_working_days))
        return {FIRST_CALL: first, ESCALATION: days(limits.escalate_after_working_days),
                EXPIRY: days(limits.expire_after_working_days)}
    if event == Event.CALL_NO_ANSWER:
        after = {k: v for k, v in current.items() if k != FIRST_CALL}
        # The first chase goes at once; one already planned stands, so repeated calls do not add chases.
        after.setdefault(CHASE_SECURITY, at)
        return after
    if event == Event.CALL_VERIFIED:
        after = {k: v for k, v in current.items() if k == EXPIRY}
        after[CONFIRMATION_CHASE] = days(limits.confirmation_chase_working_days)
        after[ESCALATION] = days(limits.confirmation_escalation_working_days)
        return after
    if event == Event.CONFIRM:
        # The nominated contacts are told when the change is recorded as made: within 1 working day of the approval.
        return {APPLY_CHASE: cal.add_working_hours(at, limits.apply_chase_working_hours),
                APPLY_LATE: days(limits.apply_late_working_days)}
    if event == Event.APPLIED:
        return {NOTIFICATION_CHECK: days(limits.notification_working_days)}
    if event in _ENDS:
        return {}
    return dict(current)


def next_deadline(deadlines: dict[str, datetime]) -> datetime | None:
    return min(deadlines.values(), default=None)


def to_json(deadlines: dict[str, datetime]) -> dict[str, str]:
    return {k: v.isoformat() for k, v in sorted(deadlines.items(), key=lambda kv: kv[1])}


def from_json(data: dict | None) -> dict[str, datetime]:
    return {k: datetime.fromisoformat(v) for k, v in (data or {}).items()}
