"""Audit: appends events to a ticket's hash-chained history, and checks every chain for tampering."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mailbot.store.models import Event, Ticket

GENESIS = "0" * 64


def _digest(ref: str, prev_hash: str, e: Event) -> str:
    body = {
        "ticket": ref,
        "seq": e.seq,
        "at": e.at.isoformat(),
        "kind": e.kind,
        "actor": e.actor,
        "reason": e.reason,
        "before": e.state_before,
        "after": e.state_after,
        "data": e.data,
        "message": e.message_pk,
    }
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(f"{prev_hash}|{canonical}".encode()).hexdigest()


def append(
    session: Session,
    ticket: Ticket,
    *,
    at: datetime,
    kind: str,
    actor: str,
    reason: str = "",
    before: str | None,
    after: str,
    data: dict | None = None,
    message_pk: int | None = None,
) -> Event:
    # The chain's head is read once a transaction and then carried along: a ticket's events are written by
    # whoever holds its row (or the SQLite write lock), so nobody else moves the head meanwhile.
    heads = session.info.setdefault("history_heads", {})
    if ticket.id not in heads:
        last = session.execute(
            select(Event.seq, Event.hash).where(Event.ticket_id == ticket.id).order_by(Event.seq.desc()).limit(1)
        ).first()
        heads[ticket.id] = (last.seq, last.hash) if last else (0, GENESIS)
    seq, prev = heads[ticket.id][0] + 1, heads[ticket.id][1]
    event = Event(
        ticket_id=ticket.id,
        seq=seq,
        at=at,
        kind=kind,
        actor=actor,
        reason=reason,
        state_before=before,
        state_after=after,
        data=json.loads(json.dumps(data or {}, default=str)),
        message_pk=message_pk,
        prev_hash=prev,
    )
    event.hash = _digest(ticket.ref, prev, event)
    heads[ticket.id] = (seq, event.hash)
    session.add(event)
    return event


@dataclass(frozen=True)
class Problem:
    ticket: str
    seq: int
    what: str

    def __str__(self) -> str:
        return f"{self.ticket} event {self.seq}: {self.what}"


def verify(session: Session) -> tuple[int, list[Problem]]:
    """Check every ticket's chain; returns (events checked, the first problem of each broken ticket)."""
    problems: list[Problem] = []
    checked = 0
    for ticket in session.scalars(select(Ticket).order_by(Ticket.id)):
        prev, expected_seq = GENESIS, 1
        events = session.scalars(select(Event).where(Event.ticket_id == ticket.id).order_by(Event.seq))
        for e in events:
            checked += 1
            if e.seq != expected_seq:
                problems.append(Problem(ticket.ref, expected_seq, "removed (the sequence skips it)"))
                break
            if e.prev_hash != prev:
                problems.append(Problem(ticket.ref, e.seq, "does not follow the event before it (altered or removed)"))
                break
            if _digest(ticket.ref, prev, e) != e.hash:
                problems.append(Problem(ticket.ref, e.seq, "was altered after it was written"))
                break
            prev, expected_seq = e.hash, e.seq + 1
        else:
            if expected_seq == 1:
                problems.append(Problem(ticket.ref, 1, "removed (the ticket has no history)"))
            elif ticket.state != _last_state(session, ticket):
                problems.append(
                    Problem(ticket.ref, expected_seq - 1, "the ticket's state does not match its history")
                )
    return checked, problems


def _last_state(session: Session, ticket: Ticket) -> str | None:
    return session.scalar(
        select(Event.state_after).where(Event.ticket_id == ticket.id).order_by(Event.seq.desc()).limit(1)
    )


def event_count(session: Session) -> int:
    return session.scalar(select(func.count(Event.id))) or 0
