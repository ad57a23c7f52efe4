"""Audit: appends events to a ticket's hash-chained history, and checks every chain for tampering."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, func, insert, select
from sqlalchemy.orm import Session

from mailbot.store.models import Event, Ticket
from mailbot.store.rows import Rows, held

GENESIS = "0" * 64


def _digest(ref: str, prev_hash: str, e: dict) -> str:
    """The hash of an event (its columns by name) that follows the one hashed `prev_hash`."""
    body = {
        "ticket": ref,
        "seq": e["seq"],
        "at": e["at"].isoformat(),
        "kind": e["kind"],
        "actor": e["actor"],
        "reason": e["reason"],
        "before": e["state_before"],
        "after": e["state_after"],
        "data": e["data"],
        "message": e["message_pk"],
    }
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(f"{prev_hash}|{canonical}".encode()).hexdigest()


@dataclass
class _Head:
    """The end of a ticket's chain as this transaction knows it."""

    seq: int
    hash: str
    # A chain begun in this transaction: every event of it was appended here, and is listed (kind, message_pk).
    written: set[tuple[str, int | None]] | None = None


# Built once: making a statement costs more than running it.
_HEAD = Rows(select(Event.seq, Event.hash).where(Event.ticket_id == bindparam("ticket_id"))
             .order_by(Event.seq.desc()).limit(1))
_APPEND = Rows(insert(Event.__table__))


def _heads(session: Session) -> dict[int, _Head]:
    # The chain's head is read once a transaction and then carried along: a ticket's events are written by
    # whoever holds its row (or the SQLite write lock), so nobody else moves the head meanwhile. A savepoint
    # rolled back moves the heads it moved back with it: they are read again.
    return held(session, "history_heads")


def begin(session: Session, ticket: Ticket) -> None:
    """A ticket made in this transaction (flushed, so that it has its id): its chain starts here, empty."""
    _heads(session)[ticket.id] = _Head(0, GENESIS, set())


def written(session: Session, ticket: Ticket, kind: str, message_pk: int | None) -> bool | None:
    """Whether the ticket's history holds an event of `kind` about the message, when this transaction knows
    (the ticket was made in it); None when only the database can tell."""
    head = _heads(session).get(ticket.id)
    if head is None or head.written is None:
        return None
    return (kind, message_pk) in head.written


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
) -> None:
    heads = _heads(session)
    head = heads.get(ticket.id)
    if head is None:
        # The ticket's events are written at once, so the database has them all: nothing need be flushed.
        last = _HEAD.run(session, {"ticket_id": ticket.id}).fetchone()
        head = heads[ticket.id] = _Head(*last) if last else _Head(0, GENESIS)
    event = {"ticket_id": ticket.id, "seq": head.seq + 1, "at": at, "kind": kind, "actor": actor, "reason": reason,
             "state_before": before, "state_after": after, "data": json.loads(json.dumps(data or {}, default=str)),
             "message_pk": message_pk, "prev_hash": head.hash}
    event["hash"] = _digest(ticket.ref, head.hash, event)
    # Written at once, as a row and past the session's unit of work: the history is only ever appended to, and
    # the rows it names are in the database already (a ticket and a message are written as they are made).
    _APPEND.run(session, event)
    head.seq, head.hash = event["seq"], event["hash"]
    if head.written is not None:
        head.written.add((kind, message_pk))


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
            if _digest(ticket.ref, prev, {c.key: getattr(e, c.key) for c in Event.__table__.c}) != e.hash:
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
