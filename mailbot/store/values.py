"""Storage: the words the status and kind columns hold, as enums; each member is its word, stored and printed as is.

A ticket's kind and state are here, beneath the workflow that moves them, so that the store can look tickets up by
them; the events that move a ticket from state to state are the workflow's own (workflow/states.py)."""

from __future__ import annotations

from enum import StrEnum


class MessageStatus(StrEnum):
    """A stored message's status (messages.status)."""

    STORED = "stored"  # in: kept, not yet acted on
    PROCESSED = "processed"  # in: acted on, in the transaction that recorded what it led to
    FAILED = "failed"  # in: parked for a person after failed attempts; out: the relay refused it for good
    QUEUED = "queued"  # out: waiting in the outbox
    SENT = "sent"  # out: the relay took it


class OutboxStatus(StrEnum):
    """Where an outbox item is on its way out (outbox.status): pending -> sending (claimed) -> handing_over
    (committed just before the relay's last word) -> sent; or pending again (4xx), failed (5xx), in_doubt (the
    relay may have it: a person settles it), or held by the global brake until a person releases it."""

    PENDING = "pending"
    SENDING = "sending"
    HANDING_OVER = "handing_over"
    SENT = "sent"
    FAILED = "failed"
    HELD = "held"
    IN_DOUBT = "in_doubt"


class MailKind(StrEnum):
    """What kind of mail an incoming message is, as classify.py found it and the workflow acted on it
    (messages.kind; an outgoing message's kind is the name of its template)."""

    CHANGE = "change"
    REPLY = "reply"
    COMMAND = "command"  # a reply carrying an operator's or GDS's command
    SIGNUP = "signup"
    CANCELLATION = "cancellation"
    CONTACT_CHANGE = "contact_change"
    AUTOMATIC = "automatic"
    TRIAGE = "triage"
    LOOP = "loop"  # the bot's own mail came back to it
    OVER_LIMIT = "over_limit"  # over a limit of parse.limits.MessageLimits: stored, not read


class Kind(StrEnum):
    """A ticket's kind (tickets.kind); part of the JSON interface."""

    CHANGE = "change"
    TRIAGE = "triage"
    SIGNUP = "signup"
    CANCELLATION = "cancellation"
    CONTACT_CHANGE = "contact_change"  # the organisation's Registry Lock contacts, verified like a change
    ZONE_ALARM = "zone_alarm"  # the published zone shows a locked domain's delegation changed, no ticket authorising it


class State(StrEnum):
    """A ticket's state (tickets.state); part of the JSON interface. The workflow's table (workflow/table.py) says
    which event moves a ticket from one to another."""

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
    AWAITING_REVIEW = "awaiting_review"  # a sign-up or cancellation waiting for GDS to check the person
    ACTIVE = "active"  # a sign-up approved: the domains are locked
    ALARMED = "alarmed"  # a zone alarm raised, until an operator resolves it with a reason


# The states a ticket ends in: nothing moves it on, and it is no longer open.
FINAL = frozenset(
    {State.COMPLETED, State.REJECTED, State.DISPUTED, State.WITHDRAWN, State.EXPIRED, State.PASSED_ON, State.CLOSED,
     State.ACTIVE}
)
