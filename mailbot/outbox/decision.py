"""Outbox: what `enqueue` decided about a mail the workflow asked it to send, and by which rule: queued (its outbox
row), held by the global brake, or withheld from recipients past a day's limit of answers. The workflow acts on it
(it tells the operators when a sender's answers stop for the day, or when the brake engages); a reader of a log or
a test reads why."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar


class Verdict(StrEnum):
    QUEUED = "queued"  # written to the outbox, to be sent
    HELD = "held"  # written to the outbox, held by the global brake until a person releases it
    WITHHELD = "withheld"  # not written: every recipient is past a day's limit of answers


@dataclass(frozen=True)
class Withheld:
    """An answer to a sender's own mail not sent to `address`: it has had a day's limit of answers (rules.yaml
    `limits.answers_per_address_per_day`), or this ticket has given it its limit (`answers_per_ticket_per_day`)."""

    address: str
    rule: str  # the limit reached, as rules.yaml names it
    answers: int  # answers the address had in the day before
    on_ticket: int  # of them, about this ticket
    first: bool  # the first answer withheld from the address in that day: its answers stop now

    def reason(self, template: str) -> str:
        return (f"{template} to {self.address} withheld: {self.answers} answers to it in a day "
                f"({self.on_ticket} on this ticket)")


@dataclass(frozen=True)
class Brake:
    """The global brake held a mail: `limit` mails or more went beyond the registry's own people in the last hour
    (rules.yaml `limits.automatic_mail_per_hour`)."""

    limit: int
    engaged: bool  # nothing was held before this mail: the brake engaged with it

    rule: ClassVar[str] = "automatic_mail_per_hour"

    def reason(self, template: str, recipients: list[str]) -> str:
        return (f"{template} to {', '.join(recipients)} held by the global brake: {self.limit} or more mails went "
                "beyond the operators and GDS in the last hour")


@dataclass(frozen=True)
class Decision:
    """What became of one mail: its verdict, the outbox row it was written to (unless withheld), the recipients it
    goes to, those it was withheld from, and the brake that holds it."""

    verdict: Verdict
    template: str
    outbox_id: int | None = None
    to: tuple[str, ...] = ()  # To and Cc as written (held mail too); none when withheld
    withheld: tuple[Withheld, ...] = ()  # the recipients past their limit: some of those asked for, or all
    brake: Brake | None = None  # when held

    @property
    def written(self) -> bool:
        """In the outbox, to go now or once released."""
        return self.outbox_id is not None

    @property
    def reason(self) -> str:
        """One line saying what was decided and by which rule, as the ticket's history records it."""
        withheld = "; ".join(w.reason(self.template) for w in self.withheld)
        if self.verdict is Verdict.WITHHELD:
            return withheld
        said = (self.brake.reason(self.template, list(self.to)) if self.brake is not None
                else f"{self.template} to {', '.join(self.to)} queued")
        return f"{said}; {withheld}" if withheld else said
