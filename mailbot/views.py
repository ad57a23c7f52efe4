"""Views: tickets, events, messages and outbox rows as the stable JSON of the command line, and as a person reads them
in its tables (times in the service's time zone to the minute, flags as yes or no, lists joined)."""

from __future__ import annotations

from datetime import UTC, datetime
from email.parser import BytesHeaderParser
from email.policy import default
from zoneinfo import ZoneInfo

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


# The fields of the JSON that hold an instant, and how a ticket's fields are named for people.
INSTANTS = frozenset({"at", "opened_at", "next_deadline"})
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
FIELD_NAMES = {"nameservers": "Name servers", "ds": "DS records", "registrant": "Registrant"}


def shown_time(iso: str | None, timezone: str, *, utc: bool = False) -> str:
    """An instant of the JSON as a person reads it: in the service's time zone with the day, to the minute ("Fri 27
    Nov 2026 15:10"), as the mails show it; or, with `utc`, ISO 8601 in UTC to the second. Made from the fields, so
    that the process's locale does not name the days."""
    if not iso:
        return ""
    instant = datetime.fromisoformat(iso)
    if utc:
        return instant.astimezone(UTC).isoformat(timespec="seconds")
    t = instant.astimezone(ZoneInfo(timezone))
    return f"{_DAYS[t.weekday()]} {t.day:02d} {_MONTHS[t.month - 1]} {t.year} {t.hour:02d}:{t.minute:02d}"


def for_people(row: dict, timezone: str, *, utc: bool = False) -> dict:
    """A row of the JSON as a table shows it: its instants by shown_time(), its flags as yes or no."""
    return {k: shown_time(v, timezone, utc=utc) if k in INSTANTS else ("yes" if v else "no") if isinstance(v, bool)
            else v for k, v in row.items()}


def change_lines(change: dict | None) -> list[str]:
    """A ticket's change as lines for people: each domain's resulting records, a field a line, its values joined."""
    lines = []
    for domain, fields in (change or {}).items():
        if not isinstance(fields, dict):  # a change of another shape: its values as they are
            lines.append(f"  {domain}: {joined(fields)}")
            continue
        lines.append(f"  {domain}")
        lines += [f"    {FIELD_NAMES.get(field, field) + ':':14}{joined(values) or '(none)'}"
                  for field, values in fields.items()]
    return lines


def joined(value) -> str:
    """A value of the JSON as a table cell: a list's items joined with commas, None as nothing."""
    return ", ".join(map(str, value)) if isinstance(value, (list, tuple)) else "" if value is None else str(value)


def table(rows: list[dict], columns: list[str]) -> str:
    """A plain aligned table for people; lists are joined with commas."""
    cells = [[joined(r[c]) for c in columns] for r in rows]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.upper().ljust(w) for c, w in zip(columns, widths)).rstrip()]
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() for row in cells]
    return "\n".join(lines)
