"""Workflow: what sending came to, acted on. The sender records a mail that failed for good or is in doubt as a result
row (store.models.OutboxResult); this job finds each one not yet acted on, notes it on its ticket and tells the
operators, and marks it acted on, in one transaction: once each, and none lost to a crash between the two.

Run after each round of sending (mailbot.runner), so that the operators' notice goes with the next round.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailbot.services import Services
from mailbot.store.models import OutboxItem, OutboxResult, Ticket
from mailbot.store.values import OutboxStatus
from mailbot.workflow import notices, tickets

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Acted:
    outbox: int
    status: str  # the result acted on: failed or in_doubt
    told: bool  # whether the operators were told (not of a mail about no ticket, nor of their own notice failing)


def act_on_results(app: Services, *, limit: int = 1000) -> list[Acted]:
    """Each result the sender recorded and nothing has acted on yet, oldest first, in a transaction of its own; what
    was done with each. Two instances never act on the same one: it is claimed with a row lock (SKIP LOCKED)."""
    done = []
    for _ in range(limit):
        with app.tx() as session:
            result = session.scalar(_WAITING)
            if result is None:
                break
            done.append(_act(session, app, result))
    return done


def _act(session: Session, app: Services, result: OutboxResult) -> Acted:
    row = result.outbox
    result.acted_at = app.clock.now()
    if row.ticket_id is None or (result.status == OutboxStatus.FAILED and row.template == "operator_notice"):
        # Mail about no ticket (the history digest) is for the log; and an alert about an alert could go round for ever.
        log.warning("outbox %s (%s) %s: %s; nobody told", row.id, row.template, result.status, result.reason)
        return Acted(row.id, result.status, told=False)
    ticket = session.get(Ticket, row.ticket_id, with_for_update=True)  # one writer of a ticket's history at a time
    if result.status == OutboxStatus.IN_DOUBT:
        _in_doubt(session, app, ticket, row, result.reason)
    else:
        _failed(session, app, ticket, row, result.reason)
    return Acted(row.id, result.status, told=True)


def _in_doubt(session: Session, app: Services, ticket: Ticket, row: OutboxItem, why: str) -> None:
    tickets.note(session, app, ticket, "mail_in_doubt", actor="bot",
                 reason=f"{row.template} ({row.message_id}) {why}: the relay may or may not have it",
                 data={"outbox": row.id, "message_id": row.message_id})
    notices.tell_operators(session, app, ticket, f"Mail for {ticket.ref} may or may not have been sent",
                           [f"{row.template} to {', '.join(row.to + row.cc)}, Message-ID {row.message_id}",
                            f"It {why}. Sending it again by itself could send it twice."],
                           f"Look for the Message-ID in the relay's log. If it is there: mailbot outbox mark-sent "
                           f"{row.id} --operator NAME. If not: mailbot outbox resend {row.id} --operator NAME")


def _failed(session: Session, app: Services, ticket: Ticket, row: OutboxItem, error: str) -> None:
    tickets.note(session, app, ticket, "mail_failed", actor="bot", reason=f"{row.template}: {error}",
                 data={"outbox": row.id, "to": row.to})
    notices.tell_operators(session, app, ticket, f"Mail for {ticket.ref} could not be delivered",
                           [f"{row.template} to {', '.join(row.to + row.cc)}", f"The relay said: {error}"],
                           "Check the addresses and tell the recipients another way.")


# Built once: making a statement costs more than running it. Read by the index on acted_at: the results waiting are
# its few entries without one.
_WAITING = (select(OutboxResult).where(OutboxResult.acted_at.is_(None)).order_by(OutboxResult.id).limit(1)
            .with_for_update(skip_locked=True))
