"""Outbox: the global brake on automatic mail. Past a rate, mail beyond the registry's own people is held, not
sent and never lost, until a person releases it; a loop with a robot or a flood cannot make the bot a spammer."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import bindparam, func, select, true
from sqlalchemy.orm import Session

from mailbot import audit
from mailbot.errors import NotFound
from mailbot.outbox.decision import Brake
from mailbot.services import Services
from mailbot.store.models import OutboxItem, Ticket
from mailbot.store.rows import Rows, flush_waiting
from mailbot.store.values import OutboxStatus


def braked(session: Session, app: Services, ticket: Ticket, template: str, recipients: list[str]) -> Brake | None:
    """The global brake: past `limits.automatic_mail_per_hour` mails in an hour beyond the registry's own people,
    more is held (recorded, never lost) for a person to release. The brake that holds this mail, and whether it
    engaged with it (nothing was held before: the workflow tells the operators); None when it goes."""
    limit, since = app.rules.limits.automatic_mail_per_hour, app.clock.now() - timedelta(hours=1)
    flush_waiting(session, OutboxItem)  # only the outbox counts here
    if SENT.run(session, {"since": since, "limit": limit}).fetchone()[0] < limit:
        return None
    held = Brake(limit, engaged=_HELD.run(session, {}).fetchone() is None)
    audit.append(session, ticket, at=app.clock.now(), kind="mail_held", actor="bot",
                 reason=held.reason(template, recipients), before=ticket.state, after=ticket.state,
                 data={"template": template, "to": recipients})
    return held


# Built once: making a statement costs more than running it. Read by the index on (external, created_at), so that
# the mail to the operators and GDS is never read, and counted only up to the limit, in the order they were written:
# in a flood, the held mail of the hour comes after the mail that went, and is never read. Whether anything is held
# is one row, however much is.
SENT = Rows(select(func.count()).select_from(
    select(OutboxItem.id).where(OutboxItem.external == true(), OutboxItem.created_at >= bindparam("since"),
                                OutboxItem.status != OutboxStatus.HELD)
    .order_by(OutboxItem.created_at).limit(bindparam("limit")).subquery()))
_HELD = Rows(select(OutboxItem.id).where(OutboxItem.status == OutboxStatus.HELD).limit(1))


def release(session: Session, app: Services, ids: list[int] | None, *, operator: str) -> list[OutboxItem]:
    """Held mail (all of it, or the ids given) goes out with the next send; each release is on its ticket."""
    query = select(OutboxItem).where(OutboxItem.status == OutboxStatus.HELD).order_by(OutboxItem.id).with_for_update()
    if ids:
        query = query.where(OutboxItem.id.in_(ids))
    items = list(session.scalars(query))
    missing = set(ids or ()) - {i.id for i in items}
    if missing:
        raise NotFound(f"no held outbox message {', '.join(map(str, sorted(missing)))}")
    now = app.clock.now()
    for item in items:
        item.status, item.next_attempt_at = OutboxStatus.PENDING, now
        if item.ticket is not None:
            audit.append(session, item.ticket, at=now, kind="mail_released", actor=operator,
                         reason=f"{item.template} to {', '.join(item.to + item.cc)} released from the brake",
                         before=item.ticket.state, after=item.ticket.state, data={"outbox": item.id})
    return items
