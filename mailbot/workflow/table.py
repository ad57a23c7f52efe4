"""Workflow: the transition table, the whole of the ticket life cycle on one screen, and a pure decide()."""

from __future__ import annotations

from dataclasses import dataclass

from mailbot.store.values import FINAL, State
from mailbot.workflow.states import Event

S, E = State, Event
_OPEN_CHANGE = (S.AWAITING_VERIFICATION, S.AWAITING_CONFIRMATION, S.AUTHORISED)

# (state before, event) -> state after. None is "no ticket yet".
TABLE: dict[tuple[State | None, Event], State] = {
    (None, E.OPEN): S.AWAITING_VERIFICATION,
    (None, E.PASS_ON): S.PASSED_ON,
    (None, E.OPEN_TRIAGE): S.TRIAGE,
    (S.AWAITING_VERIFICATION, E.CALL_NO_ANSWER): S.AWAITING_VERIFICATION,
    (S.AWAITING_VERIFICATION, E.CALL_VERIFIED): S.AWAITING_CONFIRMATION,
    (S.AWAITING_VERIFICATION, E.CALL_REFUSED): S.REJECTED,
    # The security team may still say no by phone after saying yes, until the change is made.
    (S.AWAITING_CONFIRMATION, E.CALL_REFUSED): S.REJECTED,
    (S.AUTHORISED, E.CALL_REFUSED): S.REJECTED,
    (S.AWAITING_CONFIRMATION, E.CONFIRM): S.AUTHORISED,
    # A lock contact may say no before the call too, answering a chase or a notice that a confirmation is void.
    (S.AWAITING_VERIFICATION, E.DISPUTE): S.DISPUTED,
    (S.AWAITING_CONFIRMATION, E.DISPUTE): S.DISPUTED,
    (S.AUTHORISED, E.DISPUTE): S.DISPUTED,
    (S.AUTHORISED, E.APPLIED): S.COMPLETED,
    **{(s, E.AMEND): S.AWAITING_VERIFICATION for s in _OPEN_CHANGE},
    **{(s, E.WITHDRAW): S.WITHDRAWN for s in _OPEN_CHANGE},
    **{(s, E.EXPIRE): S.EXPIRED for s in _OPEN_CHANGE},
    (S.TRIAGE, E.CLOSE): S.CLOSED,
    # Sign-up and cancellation: GDS checks the person before anything changes.
    (None, E.OPEN_SIGNUP): S.AWAITING_REVIEW,
    (None, E.OPEN_CANCELLATION): S.AWAITING_REVIEW,
    (None, E.REFUSE): S.REJECTED,
    (S.AWAITING_REVIEW, E.APPROVE_SIGNUP): S.ACTIVE,
    (S.AWAITING_REVIEW, E.APPROVE_CANCELLATION): S.COMPLETED,
    (S.AWAITING_REVIEW, E.REJECT): S.REJECTED,
    # A Registry Lock contact's objection stops a cancellation (or a sign-up that would replace them): the lock stays.
    (S.AWAITING_REVIEW, E.DISPUTE): S.DISPUTED,
    # A contact change: the present lock contacts verify it by phone and in writing (as a change), then GDS approves.
    (None, E.OPEN_CONTACT_CHANGE): S.AWAITING_VERIFICATION,
    (S.AUTHORISED, E.APPROVE_CONTACT_CHANGE): S.COMPLETED,
    **{(s, E.REJECT): S.REJECTED for s in _OPEN_CHANGE},
    # The zone watch: a change to a locked domain's delegation in the published zone that no ticket authorised.
    (None, E.ZONE_ALARM): S.ALARMED,
    (S.ALARMED, E.RESOLVE): S.CLOSED,  # GDS refuses a contact change (no use case rejects a change)
}


@dataclass(frozen=True)
class Transition:
    before: State | None
    event: Event
    after: State


@dataclass(frozen=True)
class Refusal:
    before: State | None
    event: Event
    reason: str


def decide(state: State | str | None, event: Event) -> Transition | Refusal:
    before = State(state) if state is not None else None
    after = TABLE.get((before, event))
    if after is not None:
        return Transition(before, event, after)
    if before in FINAL:
        return Refusal(before, event, f"the ticket is {before}, which is final")
    allowed = sorted(e for (s, e) in TABLE if s == before)
    return Refusal(before, event, f"cannot {event} a ticket that is {before} (allowed: {', '.join(allowed) or 'none'})")
