"""Outbox: the day's limits on answers to a sender's own mail (rules.yaml `limits`): past them, an answer is withheld
and recorded, so that a robot answering the bot, or a flood from one address, cannot keep it answering."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import bindparam, false, func, insert, select, true
from sqlalchemy.orm import Session

from mailbot import audit
from mailbot.outbox.decision import Withheld
from mailbot.services import Services
from mailbot.store.models import Answer, Ticket
from mailbot.store.rows import Rows

# Answers to a sender's own mail: bounded per address and per ticket a day (rules.yaml `limits`).
ANSWERS = {"change_received", "request_unclear", "signup_received", "signup_rejected", "cancellation_received",
           "cancellation_rejected", "command_result"}


def within_limits(session: Session, app: Services, ticket: Ticket, template: str,
                  to: list[str]) -> tuple[list[str], list[Withheld]]:
    """The recipients that may still be answered today, each answer counted; and those the answer is withheld from,
    each recorded on the ticket, with the limit it reached and whether it is the first withheld from it today."""
    if not to:
        return [], []
    limits, now = app.rules.limits, app.clock.now()
    allowed, withheld, rows = [], [], []
    for address in to:
        # Answers are only ever written as rows (below), never through the session: nothing to flush first.
        per_address, per_ticket, before = ANSWERED.run(
            session, {"address": address, "ticket_id": ticket.id, "since": now - timedelta(days=1)}).fetchone()
        over_address = per_address >= limits.answers_per_address_per_day
        ok = not over_address and per_ticket < limits.answers_per_ticket_per_day
        rows.append({"address": address, "ticket_id": ticket.id, "at": now, "withheld": not ok})
        if ok:
            allowed.append(address)
            continue
        held = Withheld(address, "answers_per_address_per_day" if over_address else "answers_per_ticket_per_day",
                        per_address, per_ticket, first=before is None)
        withheld.append(held)
        audit.append(session, ticket, at=now, kind="answer_withheld", actor="bot", reason=held.reason(template),
                     before=ticket.state, after=ticket.state, data={"address": address, "template": template})
    _ANSWER.many(session, rows)
    return allowed, withheld


# Built once: making a statement costs more than running it. By address, whether withheld, and time (the index):
# the day's answers to the address, at most the day's limit of them, those of them about this ticket, and whether
# one was withheld already (one row, however many were).
_TODAY = (Answer.address == bindparam("address"), Answer.at >= bindparam("since"))
ANSWERED = Rows(select(
    select(func.count()).where(*_TODAY, Answer.withheld == false()).scalar_subquery(),
    select(func.count()).where(*_TODAY, Answer.withheld == false(), Answer.ticket_id == bindparam("ticket_id"))
    .scalar_subquery(),
    select(Answer.id).where(*_TODAY, Answer.withheld == true()).limit(1).scalar_subquery()))
_ANSWER = Rows(insert(Answer.__table__))
