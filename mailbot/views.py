"""Views: tickets, events, messages and outbox rows as the stable JSON of the command line."""

from __future__ import annotations

from email.parser import BytesHeaderParser
from email.policy import default

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailbot.store.models import HistoryEntry, Message, OutboxItem, Ticket, TicketMessage


def _iso(instant) -> str | None:
    return instant.isoformat() if instant is not None else None


def ticket_summary(t: Ticket) -> dict:
    return {
        "ref": t.ref,
        "kind": t.kind,
        "state": t.state,
        "domains": list(t.domains),
        "urgent": t.urgent,
        "opened_at": _iso(t.opened_at),
        "next_deadline": _iso(t.next_deadline),
        "escalated": t.escalated,
    }


def ticket_detail(session: Session, t: Ticket) -> dict:
    events = session.scalars(select(HistoryEntry).where(HistoryEntry.ticket_id == t.id).order_by(HistoryEntry.seq))
    messages = session.scalars(
        select(Message).join(TicketMessage, TicketMessage.message_id == Message.id)
        .where(TicketMessage.ticket_id == t.id).order_by(Message.id)
    )
    return {
        **ticket_summary(t),
        "registrar": t.registrar.name if t.registrar else None,
        "requester": t.requester,
        "change": t.change,
        "stage": t.stage,
        "deadlines": dict(t.deadlines or {}),
        "events": [
            {"seq": e.seq, "at": _iso(e.at), "kind": e.kind, "actor": e.actor, "reason": e.reason,
             "state_before": e.state_before, "state_after": e.state_after, "data": e.data}
            for e in events
        ],
        "messages": [
            {"id": m.id, "direction": m.direction, "message_id": m.message_id, "from": m.from_addr,
             "subject": m.subject, "at": _iso(m.received_at), "status": m.status, "kind": m.kind}
            for m in messages
        ],
    }


def outbox_row(o: OutboxItem) -> dict:
    headers = BytesHeaderParser(policy=default).parsebytes(o.message.raw)
    return {
        "id": o.id,
        "ticket": o.ticket.ref if o.ticket else None,
        "template": o.template,
        "to": list(o.to),
        "cc": list(o.cc),
        "subject": o.subject,
        "status": o.status,
        "message_id": o.message_id,
        "reply_to": headers["Reply-To"].addresses[0].addr_spec if headers["Reply-To"] else None,
        "attempts": o.attempts,
        "last_error": o.last_error,
    }


def table(rows: list[dict], columns: list[str]) -> str:
    """A plain aligned table for people; lists are joined with commas."""
    cells = [[", ".join(map(str, v)) if isinstance(v, list) else ("" if v is None else str(v))
              for v in (r[c] for c in columns)] for r in rows]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.upper().ljust(w) for c, w in zip(columns, widths)).rstrip()]
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() for row in cells]
    return "\n".join(lines)
