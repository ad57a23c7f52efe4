"""Storage: the words the status and kind columns hold, as enums; each member is its word, stored and printed as is."""

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
    OVER_LIMIT = "over_limit"  # over a limit of policy.limits.MessageLimits: stored, not read
