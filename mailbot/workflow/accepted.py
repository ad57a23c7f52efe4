"""Workflow: the replies a mail about a ticket accepts from the operators or GDS, read from the command table
(parse.commands.COMMANDS) and the transition table: exactly the commands mailbot.workflow.commands carries out for
that ticket in its state, so that every mail lists them and a command not listed is refused before it is tried."""

from __future__ import annotations

from dataclasses import dataclass

from mailbot.parse.commands import CALL_OUTCOMES, COMMANDS
from mailbot.rules import CommandRules
from mailbot.store.models import Ticket
from mailbot.store.values import Kind
from mailbot.workflow.states import CALL_EVENTS
from mailbot.workflow.states import Event as E
from mailbot.workflow.table import TABLE

# Each command by the kinds of ticket it acts on, and the events it may move one of them by; None: any ticket in
# any state (a note moves nothing). A kind not listed is one the command refuses.
_EVENTS: dict[str, dict[str, tuple[E, ...]] | None] = {
    "call": {Kind.CHANGE: tuple(CALL_EVENTS.values()), Kind.CONTACT_CHANGE: tuple(CALL_EVENTS.values())},
    "applied": {Kind.CHANGE: (E.APPLIED,)},
    "withdraw": {Kind.CHANGE: (E.WITHDRAW,), Kind.CONTACT_CHANGE: (E.WITHDRAW,)},
    "approve": {Kind.SIGNUP: (E.APPROVE_SIGNUP,), Kind.CANCELLATION: (E.APPROVE_CANCELLATION,),
                Kind.CONTACT_CHANGE: (E.APPROVE_CONTACT_CHANGE,)},
    "reject": {Kind.SIGNUP: (E.REJECT,), Kind.CANCELLATION: (E.REJECT,), Kind.CONTACT_CHANGE: (E.REJECT,)},
    "note": None,
}


ROLES = ("operators", "gds")  # the audiences of the bot's mail that may answer with a command


@dataclass(frozen=True)
class Reply:
    verb: str
    outcomes: tuple[str, ...] = ()  # a call's outcomes that the ticket's state allows

    def line(self, signed: bool) -> str:
        """The command as a mail shows it; `signed`: with by=NAME, for a shared mailbox."""
        verb = COMMANDS[self.verb]
        words = [self.verb, *(["|".join(self.outcomes)] if self.outcomes else []), *(["by=NAME"] if signed else []),
                 *([verb.usage] if verb.usage else [])]
        return " ".join(words)

    @property
    def does(self) -> str:
        return COMMANDS[self.verb].does


def accepted(ticket: Ticket, role: str) -> list[Reply]:
    """The commands `role` ("operators" or "gds") may send about `ticket` as it stands. GDS may record a call only
    once the ticket is escalated to it: the service has GDS handle escalations, and a call it makes then is
    recorded on the operators' behalf."""
    replies = []
    for name, verb in COMMANDS.items():
        if role not in verb.roles or (name == "call" and role == "gds" and not ticket.escalated):
            continue
        by_kind = _EVENTS[name]
        if by_kind is None:
            replies.append(Reply(name))
            continue
        events = by_kind.get(ticket.kind, ())
        if name == "call":
            outcomes = tuple(o for o in CALL_OUTCOMES if (ticket.state, CALL_EVENTS[o]) in TABLE and
                             CALL_EVENTS[o] in events)
            if outcomes:
                replies.append(Reply(name, outcomes))
        elif any((ticket.state, event) in TABLE for event in events):
            replies.append(Reply(name))
    return replies


def replies_context(rules: CommandRules, ticket: Ticket, role: str, recipients: list[str]) -> dict:
    """What a mail to `recipients` in `role` shows of the replies it accepts: each command on a line of its own, and
    whether a shared mailbox among the recipients must sign each command with by=NAME."""
    listed = getattr(rules, role)
    signed = any(a.lower() in listed and listed[a.lower()] is None for a in recipients) or not any(
        a.lower() in listed for a in recipients)
    return {"signed": signed, "role": role,
            "commands": [{"verb": r.verb, "line": r.line(signed), "does": r.does} for r in accepted(ticket, role)]}


def is_accepted(ticket: Ticket, role: str, verb: str, outcome: str | None) -> bool:
    return any(r.verb == verb and (outcome is None or outcome in r.outcomes) for r in accepted(ticket, role))
