"""Workflow: the ticket kinds, states and events; their string values are part of the JSON interface."""

from enum import StrEnum


class Kind(StrEnum):
    CHANGE = "change"
    TRIAGE = "triage"


class State(StrEnum):
    AWAITING_VERIFICATION = "awaiting_verification"
    AWAITING_CONFIRMATION = "awaiting_confirmation"
    AUTHORISED = "authorised"
    COMPLETED = "completed"
    REJECTED = "rejected"
    DISPUTED = "disputed"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"
    PASSED_ON = "passed_on"
    TRIAGE = "triage"
    CLOSED = "closed"


class Event(StrEnum):
    OPEN = "open"  # a change request for a locked domain
    PASS_ON = "pass_on"  # a change request for a domain not in the service
    OPEN_TRIAGE = "open_triage"  # mail the bot cannot place
    CALL_VERIFIED = "call_verified"
    CALL_REFUSED = "call_refused"
    CALL_NO_ANSWER = "call_no_answer"
    CONFIRM = "confirm"  # the security team's written confirmation
    DISPUTE = "dispute"  # the security team says it did not authorise the change
    AMEND = "amend"  # the registrar changed the request: it must be verified again
    APPLIED = "applied"
    WITHDRAW = "withdraw"
    EXPIRE = "expire"
    CLOSE = "close"  # a person has dealt with a triage ticket


FINAL = frozenset(
    {State.COMPLETED, State.REJECTED, State.DISPUTED, State.WITHDRAWN, State.EXPIRED, State.PASSED_ON, State.CLOSED}
)
