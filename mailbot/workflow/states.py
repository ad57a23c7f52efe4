"""Workflow: the events that move a ticket from state to state (the kinds and states themselves are the store's words,
store/values.py), and what acting on one message came to; their string values are part of the JSON interface."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from mailbot.store.values import MailKind

if TYPE_CHECKING:
    from mailbot.store.models import Ticket


class Event(StrEnum):
    OPEN = "open"  # a change request for a locked domain
    PASS_ON = "pass_on"  # a change request for a domain not in the service
    OPEN_TRIAGE = "open_triage"  # mail the bot cannot place
    CALL_VERIFIED = "call_verified"
    CALL_REFUSED = "call_refused"
    CALL_NO_ANSWER = "call_no_answer"
    CONFIRM = "confirm"  # the security team's written confirmation
    DISPUTE = "dispute"  # the security team says it did not authorise the change, or did not ask to leave
    AMEND = "amend"  # the registrar changed the request: it must be verified again
    APPLIED = "applied"
    WITHDRAW = "withdraw"
    EXPIRE = "expire"
    CLOSE = "close"  # a person has dealt with a triage ticket
    OPEN_SIGNUP = "open_signup"
    OPEN_CANCELLATION = "open_cancellation"
    REFUSE = "refuse"  # a sign-up or cancellation refused at once: the form or an address is wrong
    APPROVE_SIGNUP = "approve_signup"
    APPROVE_CANCELLATION = "approve_cancellation"
    REJECT = "reject"  # GDS refused it after review
    OPEN_CONTACT_CHANGE = "open_contact_change"  # a contact-change form (or a sign-up for domains locked already)
    APPROVE_CONTACT_CHANGE = "approve_contact_change"  # GDS approves once the present lock contacts confirmed
    ZONE_ALARM = "zone_alarm"  # the published zone changed a locked domain's delegation, no ticket authorising it
    RESOLVE = "resolve"  # an operator has dealt with a zone alarm, with the reason


# A call's outcome, as the command line and a command by email say it, and the event it records.
CALL_EVENTS = {"verified": Event.CALL_VERIFIED, "refused": Event.CALL_REFUSED, "no-answer": Event.CALL_NO_ANSWER}


@dataclass
class Outcome:
    """What acting on one message came to: its kind, the action taken, the tickets it touched."""

    kind: MailKind
    action: str
    tickets: list[Ticket] = field(default_factory=list)
