"""The transition table itself: one way in per kind, every state reachable, every open state has a way out."""

from collections import deque

import pytest

from mailbot.store.values import FINAL, State
from mailbot.workflow.states import Event
from mailbot.workflow.table import TABLE, Refusal, Transition, decide


def reachable() -> set[State]:
    seen, todo = set(), deque([None])
    while todo:
        state = todo.popleft()
        for (before, _), after in TABLE.items():
            if before == state and after not in seen:
                seen.add(after)
                todo.append(after)
    return seen


def test_every_state_is_reachable():
    assert reachable() == set(State)


def test_tickets_begin_only_by_opening():
    assert {e for (s, e) in TABLE if s is None} == {Event.OPEN, Event.PASS_ON, Event.OPEN_TRIAGE, Event.OPEN_SIGNUP,
                                                    Event.OPEN_CANCELLATION, Event.REFUSE, Event.OPEN_CONTACT_CHANGE,
                                                    Event.ZONE_ALARM}


def test_every_open_state_has_a_way_out_and_final_states_have_none():
    for state in State:
        leaving = {after for (before, _), after in TABLE.items() if before == state and after != state}
        if state in FINAL:
            assert not leaving, state
        else:
            assert leaving, f"{state} is a dead end"


def test_every_final_state_is_reached_from_an_open_one():
    for state in FINAL:
        assert any(after == state and (before is None or before not in FINAL)
                   for (before, _), after in TABLE.items())


def test_no_authorisation_without_a_verified_call_and_a_confirmation():
    # The only way to `authorised` is the written confirmation, only after a verified phone call.
    assert [k for k, v in TABLE.items() if v == State.AUTHORISED] == [(State.AWAITING_CONFIRMATION, Event.CONFIRM)]
    assert [k for k, v in TABLE.items() if v == State.AWAITING_CONFIRMATION] == [
        (State.AWAITING_VERIFICATION, Event.CALL_VERIFIED)]
    assert [k for k, v in TABLE.items() if v == State.COMPLETED] == [
        (State.AUTHORISED, Event.APPLIED), (State.AWAITING_REVIEW, Event.APPROVE_CANCELLATION),
        (State.AUTHORISED, Event.APPROVE_CONTACT_CHANGE)]
    # A contact change opens waiting for the call, as a change does: the present lock contacts verify it first.
    assert TABLE[(None, Event.OPEN_CONTACT_CHANGE)] == State.AWAITING_VERIFICATION


def test_domains_are_locked_and_unlocked_only_after_review():
    assert [k for k, v in TABLE.items() if v == State.ACTIVE] == [(State.AWAITING_REVIEW, Event.APPROVE_SIGNUP)]


@pytest.mark.parametrize("state", [State.AWAITING_VERIFICATION, State.AWAITING_CONFIRMATION, State.AUTHORISED])
def test_an_amendment_always_needs_verifying_again(state):
    assert decide(state, Event.AMEND) == Transition(state, Event.AMEND, State.AWAITING_VERIFICATION)


def test_decide_refuses_with_a_reason():
    refusal = decide(State.AWAITING_VERIFICATION, Event.APPLIED)
    assert isinstance(refusal, Refusal)
    assert "cannot applied a ticket that is awaiting_verification" in refusal.reason
    assert "call_verified" in refusal.reason
    final = decide(State.COMPLETED, Event.WITHDRAW)
    assert isinstance(final, Refusal) and "final" in final.reason
