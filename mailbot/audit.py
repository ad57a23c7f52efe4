"""Audit: appends events to a ticket's keyed hash chain and seals its end; checks every chain, and a digest of the
chains' heads kept outside the database, for tampering (docs/audit.md).

Each event's hash is an HMAC-SHA256, with MAILBOT_AUDIT_KEY, of the event and of the hash of the one before it;
each ticket keeps how many events it has and the last one's hash, sealed (an HMAC of the ticket's reference, the
count, the head and the first keyed event) with the same key. Without the key nobody can write an event that
verifies, hash an altered one again, or rewind a ticket to hide the events cut from its end. Someone who holds
the database alone can still put back an older copy of it whole: the daily digest, mailed to GDS, tells that.
Events written before 0010 were hashed with plain SHA-256 and stay so; the keyed event or seal that follows
them covers them from then on. The registry records keep one history of their own, chained, keyed and sealed the
same way (registry_append, verify_registry).

The module is kept whole, over 400 lines: the tickets' chains and the registry's are keyed, written canonically, sealed
and reported (Problem) by the same few functions, and the digest carries both; split, each half would reach into the
other's private helpers, which is where a keyed chain goes wrong.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from email import message_from_bytes
from email.policy import default as default_policy

from sqlalchemy import bindparam, event, func, insert, select, update
from sqlalchemy.orm import Session

from mailbot.errors import ConfigError, InputError
from mailbot.store.models import HistoryEntry, RegistryEvent, RegistryHistory, Ticket
from mailbot.store.rows import Rows, held

log = logging.getLogger(__name__)

GENESIS = "0" * 64
# Session.info: the key (App.build gives every session MAILBOT_AUDIT_KEY under it).
KEY = "audit_key"
DIGEST_KIND = "registry-lock-history-digest"


def _key(session: Session) -> bytes:
    key = session.info.get(KEY)
    if not key:
        raise ConfigError("no history key in this session: sessions are made by App.build, with MAILBOT_AUDIT_KEY")
    return key


def _body(ref: str, e: dict) -> dict:
    return {
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


def _canonical(value) -> str:
    # ensure_ascii: every character outside ASCII is written as a \u escape, a lone surrogate (undecodable header
    # bytes carried into an event's data) too, so that every event can be hashed.
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True, default=str)


def _mac(key: bytes, text: str) -> str:
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()


def _digest(key: bytes, ref: str, prev_hash: str, e: dict) -> str:
    """The hash of an event (its columns by name) that follows the one hashed `prev_hash`: keyed."""
    return _mac(key, f"event|{prev_hash}|{_canonical(_body(ref, e))}")


def _plain_digests(ref: str, prev_hash: str, e: dict) -> tuple[str, str]:
    """What someone without the key would write for an event: our text under plain SHA-256, and the unkeyed hash
    of the events before 0010 (which is how those are checked)."""
    plain = hashlib.sha256(f"event|{prev_hash}|{_canonical(_body(ref, e))}".encode()).hexdigest()
    return plain, _unkeyed_digest(ref, prev_hash, e)


def _unkeyed_digest(ref: str, prev_hash: str, e: dict) -> str:
    """The hash of an event written before 0010, as it was made then (plain SHA-256, weaker: anyone can make it).
    surrogatepass only keeps the check from failing on text that could never have been written then."""
    canonical = json.dumps(_body(ref, e), sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(f"{prev_hash}|{canonical}".encode("utf-8", "surrogatepass")).hexdigest()


def _seal(key: bytes, ref: str, count: int, head: str, keyed_from: int) -> str:
    return _mac(key, f"ticket|{ref}|{count}|{head}|{keyed_from}")


@dataclass
class _Head:
    """The end of a ticket's chain as this transaction knows it."""

    seq: int
    hash: str
    # A chain begun in this transaction: every event of it was appended here, and is listed (kind, message_pk).
    written: set[tuple[str, int | None]] | None = None


# Built once: making a statement costs more than running it.
_T = Ticket.__table__.c
_SEALED = Rows(select(_T.history_count, _T.history_head, _T.history_keyed_from, _T.history_seal)
               .where(_T.id == bindparam("ticket_id")))
_HEAD = Rows(select(HistoryEntry.seq, HistoryEntry.hash).where(HistoryEntry.ticket_id == bindparam("ticket_id"))
             .order_by(HistoryEntry.seq.desc()).limit(1))
_APPEND = Rows(insert(HistoryEntry.__table__))
_SEAL = Rows(update(Ticket.__table__).where(_T.id == bindparam("ticket_id_")).values(
    history_count=bindparam("count"), history_head=bindparam("head"), history_keyed_from=bindparam("keyed_from"),
    history_seal=bindparam("seal")))
# Session.info: the tickets whose history this transaction lengthened and will seal as it commits, id -> (ref,
# first keyed event). Kept when a savepoint rolls back (what came before it is still to be sealed).
_TO_SEAL = "history_to_seal"


# Session.info (through rows.held): the end of each chain this transaction knows.
_HEADS = "history_heads"


def _heads(session: Session) -> dict[int, _Head]:
    # The chain's head is read once a transaction and then carried along: a ticket's events are written by
    # whoever holds its row (or the SQLite write lock), so nobody else moves the head meanwhile. A savepoint
    # rolled back moves the heads it moved back with it: they are read again.
    return held(session, _HEADS)


def begin(session: Session, ticket: Ticket) -> None:
    """A ticket made in this transaction (flushed, so that it has its id): its chain starts here, empty, keyed."""
    _heads(session)[ticket.id] = _Head(0, GENESIS, set())
    session.info.setdefault(_TO_SEAL, {})[ticket.id] = (ticket.ref, 1)


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
    key = _key(session)
    heads = _heads(session)
    head = heads.get(ticket.id)
    if head is None:
        head = heads[ticket.id] = _read_head(session, key, ticket)
    event = {"ticket_id": ticket.id, "seq": head.seq + 1, "at": at, "kind": kind, "actor": actor, "reason": reason,
             "state_before": before, "state_after": after, "data": json.loads(json.dumps(data or {}, default=str)),
             "message_pk": message_pk, "prev_hash": head.hash}
    event["hash"] = _digest(key, ticket.ref, head.hash, event)
    # Written at once, as a row and past the session's unit of work: the history is only ever appended to, and
    # the rows it names are in the database already (a ticket and a message are written as they are made).
    _APPEND.run(session, event)
    head.seq, head.hash = event["seq"], event["hash"]
    if head.written is not None:
        head.written.add((kind, message_pk))


def _read_head(session: Session, key: bytes, ticket: Ticket) -> _Head:
    """The end of the ticket's chain, from its sealed count and head: one statement. When the seal holds, the new
    end is sealed as the transaction commits. When it does not (the ticket was changed without the key, or comes
    from before 0010 and is not sealed yet), the events go on from the last one there is, and the seal is left
    as it is, for `audit verify` to report: sealing it again would hide what was done."""
    count, head, keyed_from, seal = _SEALED.run(session, {"ticket_id": ticket.id}).fetchone()
    if seal is not None and hmac.compare_digest(seal, _seal(key, ticket.ref, count, head, keyed_from)):
        session.info.setdefault(_TO_SEAL, {})[ticket.id] = (ticket.ref, keyed_from)
        return _Head(count, head)
    if seal is None:
        log.warning("%s: its history is not sealed (run `mailbot audit seal` once after upgrading)", ticket.ref)
    else:
        log.error("%s: its history does not match its seal; run `mailbot audit verify`", ticket.ref)
    last = _HEAD.run(session, {"ticket_id": ticket.id}).fetchone()
    return _Head(*last) if last else _Head(0, GENESIS)


@event.listens_for(Session, "before_commit")
def _seal_heads(session: Session) -> None:
    """Seal the end of every history the transaction lengthened: one UPDATE for each ticket, as it commits, not
    one for each event."""
    if session.in_nested_transaction():  # a savepoint released: the transaction goes on
        return
    to_seal = session.info.pop(_TO_SEAL, None)
    if not to_seal:
        return
    key, heads = _key(session), session.info.get(_HEADS) or {}
    rows = []
    for ticket_id, (ref, keyed_from) in sorted(to_seal.items()):
        head = heads.get(ticket_id)
        if head is None:  # a savepoint rolled back since the ticket was written to: as the database has it now
            last = _HEAD.run(session, {"ticket_id": ticket_id}).fetchone()
            if last is None:  # made in that savepoint, and gone with it
                continue
            head = _Head(*last)
        rows.append({"ticket_id_": ticket_id, "count": head.seq, "head": head.hash, "keyed_from": keyed_from,
                     "seal": _seal(key, ref, head.seq, head.hash, keyed_from)})
    _SEAL.many(session, rows)


@event.listens_for(Session, "after_transaction_end")
def _ended(session: Session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(_TO_SEAL, None)


# -- checking ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    ticket: str
    seq: int
    what: str

    def __str__(self) -> str:
        return f"{self.ticket} event {self.seq}: {self.what}"


def verify(session: Session) -> tuple[int, list[Problem]]:
    """Check every ticket's chain and seal; returns (events checked, problems): the first break in each chain,
    and each way the ticket's count, head or seal disagrees with it."""
    key = _key(session)
    problems: list[Problem] = []
    checked = 0
    for ticket in session.scalars(select(Ticket).order_by(Ticket.id)):
        events = session.scalars(select(HistoryEntry).where(HistoryEntry.ticket_id == ticket.id)
                                 .order_by(HistoryEntry.seq)).all()
        checked += len(events)
        found = _chain(key, ticket, events) + _end(key, ticket, events)
        if events and not found and ticket.state != events[-1].state_after:
            found.append(Problem(ticket.ref, events[-1].seq, "the ticket's state does not match its history"))
        problems += found
    return checked, problems


def _chain(key: bytes, ticket: Ticket, events: list[HistoryEntry]) -> list[Problem]:
    """The first break in the chain of `events`, if any."""
    keyed_from = ticket.history_keyed_from or 1
    prev, expected_seq = GENESIS, 1
    for e in events:
        if e.seq != expected_seq:
            return [Problem(ticket.ref, expected_seq, "removed (the sequence skips it)")]
        if e.prev_hash != prev:
            return [Problem(ticket.ref, e.seq, "does not follow the event before it (altered or removed)")]
        columns = {c.key: getattr(e, c.key) for c in HistoryEntry.__table__.c}
        if e.seq < keyed_from:
            if _unkeyed_digest(ticket.ref, prev, columns) != e.hash:
                return [Problem(ticket.ref, e.seq, "was altered after it was written")]
        elif not hmac.compare_digest(_digest(key, ticket.ref, prev, columns), e.hash):
            if e.hash in _plain_digests(ticket.ref, prev, columns):
                return [Problem(ticket.ref, e.seq, "was altered and hashed again without the key (plain SHA-256, "
                                                   "not the history's HMAC)")]
            return [Problem(ticket.ref, e.seq, "was altered after it was written (its hash is not the history's "
                                               "HMAC of it)")]
        prev, expected_seq = e.hash, e.seq + 1
    if not events:
        return [Problem(ticket.ref, 1, "removed (the ticket has no history)")]
    return []


def _end(key: bytes, ticket: Ticket, events: list[HistoryEntry]) -> list[Problem]:
    """Whether the ticket's count, head and seal agree with its events, and the seal with the key."""
    ref, count, head = ticket.ref, ticket.history_count, ticket.history_head
    last_seq, last_hash = (events[-1].seq, events[-1].hash) if events else (0, GENESIS)
    if ticket.history_seal is None:
        return [Problem(ref, last_seq, "not sealed: written before the history was keyed (run `mailbot audit seal` "
                                       "once after upgrading), or its seal was removed")]
    problems = []
    if count is not None and last_seq < count:
        problems.append(Problem(ref, last_seq + 1, f"missing: the history ends at event {last_seq} and the ticket "
                                                   f"counts {count} (its last events were removed)"))
    elif count is not None and last_seq > count:
        problems.append(Problem(ref, count + 1, f"not counted: the ticket counts {count} events (written without "
                                                "the key)"))
    elif head != last_hash:
        problems.append(Problem(ref, last_seq, "is not the ticket's head (the history was rewritten)"))
    expected = _seal(key, ref, count, head, ticket.history_keyed_from)
    if not hmac.compare_digest(ticket.history_seal, expected):
        problems.append(Problem(ref, count or 0, "the ticket's seal does not match its count and head (changed "
                                                 "without the key)"))
    return problems


def seal_unsealed(session: Session) -> tuple[list[str], list[Problem]]:
    """Seal each history written before keyed hashing (0010 could not: the key is not the database's): the
    tickets sealed, and the problems of those refused (a broken chain, or a ticket sealed when it was made, whose
    seal was removed). Run once, after upgrading: it seals what it finds."""
    key = _key(session)
    sealed, refused = [], []
    for ticket in session.scalars(select(Ticket).where(Ticket.history_seal.is_(None)).order_by(Ticket.id)
                                  .with_for_update()):
        events = session.scalars(select(HistoryEntry).where(HistoryEntry.ticket_id == ticket.id)
                                 .order_by(HistoryEntry.seq)).all()
        if (ticket.history_keyed_from or 1) == 1:
            refused.append(Problem(ticket.ref, events[-1].seq if events else 0,
                                   "its seal was removed (it was sealed when it was made): not sealed again"))
            continue
        if broken := _chain(key, ticket, events):
            refused += broken
            continue
        last = events[-1]
        ticket.history_count, ticket.history_head = last.seq, last.hash
        ticket.history_seal = _seal(key, ticket.ref, last.seq, last.hash, ticket.history_keyed_from)
        sealed.append(ticket.ref)
    return sealed, refused


def event_count(session: Session) -> int:
    return session.scalar(select(func.count(HistoryEntry.id))) or 0


# -- the digest: every chain's head, kept outside the database ---------------------------------------------


def digest(session: Session, at: datetime) -> dict:
    """Every ticket's count and head as sealed now, and a seal of the whole with the key: kept by GDS, it shows a
    database later put back to an older copy, or a history cut or rewritten since."""
    rows = session.execute(select(Ticket.ref, Ticket.history_count, Ticket.history_head)
                           .where(Ticket.history_count.is_not(None)).order_by(Ticket.id))
    body = {"digest": DIGEST_KIND, "version": 1, "at": at.isoformat(),
            "tickets": [{"ticket": ref, "count": count, "head": head} for ref, count, head in rows]}
    end = session.get(RegistryHistory, 1)
    if end is not None:  # the registry records' history, as sealed now
        body["registry"] = {"count": end.count, "head": end.head}
    return {**body, "seal": _mac(_key(session), f"digest|{_canonical(body)}")}


def read_digest(data: bytes, name: str) -> dict:
    """A digest from the JSON `audit digest` prints, or from the mail that carried it (its JSON attachment)."""
    text = data
    if not data.lstrip().startswith(b"{"):
        mail = message_from_bytes(data, policy=default_policy)
        parts = [p for p in mail.walk() if p.get_content_type() == "application/json"]
        if not parts:
            raise InputError(f"{name}: neither a history digest nor a mail carrying one")
        text = parts[0].get_payload(decode=True)
    try:
        found = json.loads(text)
        entries = found["tickets"]
        ok = (found.get("digest") == DIGEST_KIND and isinstance(found.get("seal"), str)
              and isinstance(found.get("at"), str) and isinstance(entries, list)
              and all(isinstance(e, dict) and isinstance(e.get("ticket"), str) and type(e.get("count")) is int
                      and isinstance(e.get("head"), str) for e in entries))
        registry = found.get("registry", {"count": 0, "head": GENESIS})
        ok = ok and isinstance(registry, dict) and type(registry.get("count")) is int \
            and isinstance(registry.get("head"), str)
    except (ValueError, TypeError, KeyError):
        ok = False
    if not ok:
        raise InputError(f"{name}: not a history digest (JSON with digest, at, tickets and seal)")
    return found


def verify_against(session: Session, found: dict, name: str) -> list[Problem]:
    """Each ticket of the digest whose history is now shorter than the digest says, or whose event at the
    digest's count is not the digest's head. Tickets made since are not in it, and are fine."""
    key = _key(session)
    body = {k: v for k, v in found.items() if k != "seal"}
    if not hmac.compare_digest(found["seal"], _mac(key, f"digest|{_canonical(body)}")):
        raise InputError(f"{name}: the digest's seal does not match: it was altered, or made with another "
                         "MAILBOT_AUDIT_KEY")
    at = found["at"]
    problems = []
    for entry in found["tickets"]:
        ref, count = entry["ticket"], entry["count"]
        ticket_id = session.scalar(select(Ticket.id).where(Ticket.ref == ref))
        if ticket_id is None:
            problems.append(Problem(ref, count, f"removed: the ticket is in the digest of {at} and not in the "
                                                "database"))
            continue
        last = session.scalar(select(func.max(HistoryEntry.seq)).where(HistoryEntry.ticket_id == ticket_id)) or 0
        if last < count:
            problems.append(Problem(ref, last + 1, f"missing: the history ends at event {last}, and the digest of "
                                                   f"{at} has {count} (cut short, or an older copy put back)"))
            continue
        if count == 0:
            continue
        there = session.scalar(select(HistoryEntry.hash).where(HistoryEntry.ticket_id == ticket_id,
                                                               HistoryEntry.seq == count))
        if there != entry["head"]:
            problems.append(Problem(ref, count, f"differs from the digest of {at} (the history was rewritten "
                                                "since)"))
    return problems + _registry_against(session, found.get("registry"), at)


def _registry_against(session: Session, entry: dict | None, at: str) -> list[Problem]:
    """The registry's history against the digest's count and head of it, as for a ticket's."""
    if not entry or not entry["count"]:
        return []
    count = entry["count"]
    last = session.scalar(select(func.max(RegistryEvent.seq))) or 0
    if last < count:
        return [Problem(REGISTRY, last + 1, f"missing: the history ends at event {last}, and the digest of {at} has "
                                            f"{count} (cut short, or an older copy put back)")]
    if session.scalar(select(RegistryEvent.hash).where(RegistryEvent.seq == count)) != entry["head"]:
        return [Problem(REGISTRY, count, f"differs from the digest of {at} (the history was rewritten since)")]
    return []


# -- the registry records' history ----------------------------------------------------------------------------
# One chain for the whole registry (mailbot.registry writes to it): each event an HMAC of itself and of the one
# before it, and the chain's end sealed in the one row of registry_history, as a ticket's is in its row.

REGISTRY = "registry"  # how the registry's history is named in a problem: "registry event 3: ..."


def _registry_body(e: RegistryEvent) -> dict:
    return {"history": REGISTRY, "seq": e.seq, "at": e.at.isoformat(), "kind": e.kind, "subject": e.subject,
            "actor": e.actor, "reason": e.reason, "data": e.data}


def _registry_digest(key: bytes, prev_hash: str, e: RegistryEvent) -> str:
    return _mac(key, f"registry-event|{prev_hash}|{_canonical(_registry_body(e))}")


def _registry_seal(key: bytes, count: int, head: str) -> str:
    return _mac(key, f"registry|{count}|{head}")


def registry_append(session: Session, *, at: datetime, kind: str, subject: str, actor: str, reason: str = "",
                    data: dict | None = None) -> RegistryEvent:
    """Append an event to the registry's history and seal its new end (registry_extend with one event)."""
    (event,) = registry_extend(session, at=at, actor=actor, events=[(kind, subject, reason, data)])
    return event


def registry_extend(session: Session, *, at: datetime, actor: str,
                    events: Iterable[tuple[str, str, str, dict | None]]) -> list[RegistryEvent]:
    """Append events, each (kind, subject, reason, data), to the registry's history in order, and seal its new end
    once. The end is read under its row's lock, so that two imports at once write one after the other. An end whose
    seal does not match is never sealed again (that would hide what was done): the events follow the last one there
    is, for `audit verify` to report."""
    key = _key(session)
    at = at.astimezone(UTC)  # as it reads back from the database, so that its hash does too
    end = session.scalar(select(RegistryHistory).where(RegistryHistory.id == 1).with_for_update())
    last = session.execute(select(RegistryEvent.seq, RegistryEvent.hash).order_by(RegistryEvent.seq.desc())
                           .limit(1)).first()
    count, head = (last.seq, last.hash) if last else (0, GENESIS)
    intact = end is None and last is None or end is not None and hmac.compare_digest(
        end.seal, _registry_seal(key, end.count, end.head)) and (end.count, end.head) == (count, head)
    if not intact:
        log.error("the registry's history does not match its seal; run `mailbot audit verify`")
    written = []
    for kind, subject, reason, data in events:
        event = RegistryEvent(seq=count + 1, at=at, kind=kind, subject=subject, actor=actor, reason=reason,
                              data=json.loads(json.dumps(data or {}, default=str)), prev_hash=head)
        event.hash = _registry_digest(key, head, event)
        session.add(event)
        written.append(event)
        count, head = event.seq, event.hash
    if intact and written:
        if end is None:
            end = RegistryHistory(id=1)
            session.add(end)
        end.count, end.head, end.seal = count, head, _registry_seal(key, count, head)
    session.flush()
    return written


def verify_registry(session: Session) -> tuple[int, list[Problem]]:
    """Check the registry's history: its chain, and its end against the sealed row. (events checked, problems)"""
    key = _key(session)
    events = session.scalars(select(RegistryEvent).order_by(RegistryEvent.seq)).all()
    end = session.get(RegistryHistory, 1)
    problems = []
    prev, expected = GENESIS, 1
    for e in events:
        if e.seq != expected:
            problems.append(Problem(REGISTRY, expected, "removed (the sequence skips it)"))
            break
        if e.prev_hash != prev:
            problems.append(Problem(REGISTRY, e.seq, "does not follow the event before it (altered or removed)"))
            break
        if not hmac.compare_digest(_registry_digest(key, prev, e), e.hash):
            problems.append(Problem(REGISTRY, e.seq, "was altered after it was written (its hash is not the "
                                                     "history's HMAC of it)"))
            break
        prev, expected = e.hash, e.seq + 1
    last_seq, last_hash = (events[-1].seq, events[-1].hash) if events else (0, GENESIS)
    if end is None:
        if events:
            problems.append(Problem(REGISTRY, last_seq, "not sealed: the seal of the history's end was removed"))
        return len(events), problems
    if last_seq < end.count:
        problems.append(Problem(REGISTRY, last_seq + 1, f"missing: the history ends at event {last_seq} and its "
                                                        f"seal counts {end.count} (its last events were removed)"))
    elif last_seq > end.count:
        problems.append(Problem(REGISTRY, end.count + 1, f"not counted: the seal counts {end.count} events "
                                                         "(written without the key)"))
    elif end.head != last_hash:
        problems.append(Problem(REGISTRY, last_seq, "is not the history's head (the history was rewritten)"))
    if not hmac.compare_digest(end.seal, _registry_seal(key, end.count, end.head)):
        problems.append(Problem(REGISTRY, end.count, "the seal does not match the count and head (changed without "
                                                     "the key)"))
    return len(events), problems
