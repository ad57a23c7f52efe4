"""store.rows: the statements run for every message, past SQLAlchemy's execution, write and read what the session
would, on SQLite and PostgreSQL; a failure is SQLAlchemy's own; a ticket written as a row is what the next
transaction reads, and a savepoint rolled back takes its change away, in the database and in the session."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from mailbot.store.models import Domain, Message, OutboxItem, Ticket
from mailbot.store.rows import Rows, write_changed
from mailbot.store.values import Kind
from mailbot.workflow import tickets
from mailbot.workflow.states import Event

QUEUE = Rows(insert(OutboxItem.__table__).returning(OutboxItem.__table__.c.id))
STORE = Rows(insert(Message.__table__).returning(Message.__table__.c.id))


def _ticket(session, app) -> Ticket:
    domain = session.scalar(select(Domain).where(Domain.name == "hmrc.gov.uk"))
    return tickets.new_ticket(session, app, Kind.CHANGE, Event.OPEN, actor="test", reason="test", message=None,
                              domains=[domain.name], domain=domain)


def _queued(session, app, when, to: list[str]) -> tuple[int, int]:
    """A ticket's outgoing message and its outbox row, written as rows: (message id, outbox id)."""
    ticket = _ticket(session, app)
    stored = STORE.run(session, {"direction": "out", "source": "outbox", "message_id": "<m@x>", "content_key": "k",
                                 "raw": b"\x00raw", "from_addr": None, "subject": "é", "received_at": when,
                                 "status": "queued", "kind": "t"}).fetchone()[0]
    return stored, QUEUE.run(session, {"ticket_id": ticket.id, "message_pk": stored, "template": "t",
                                       "message_id": "<m@x>", "to": to, "cc": [], "subject": "é",
                                       "status": "pending", "external": True, "next_attempt_at": when,
                                       "created_at": when}).fetchone()[0]


def test_a_row_is_read_back_as_the_session_wrote_it(registry, clock):
    when = clock.now() + timedelta(hours=1, microseconds=7)
    with registry.tx() as session:
        stored, pk = _queued(session, registry, when, ["a@example.org"])
    with registry.tx() as session:
        item = session.get(OutboxItem, pk)
        # A UTC instant to the microsecond, a list, a boolean, text; and the column's default (attempts, 0).
        assert (item.next_attempt_at, item.to, item.external, item.subject, item.attempts) == (
            when, ["a@example.org"], True, "é", 0)
        assert session.get(Message, stored).raw == b"\x00raw"


def test_a_failed_statement_is_sqlalchemys_failure_and_nothing_is_kept(registry):
    with pytest.raises(IntegrityError):
        with registry.tx() as session:
            ticket = _ticket(session, registry)
            ref = ticket.ref
            QUEUE.run(session, {"ticket_id": ticket.id, "message_pk": 10**9, "template": "t", "message_id": None,
                                "to": [], "cc": [], "subject": "", "status": "pending", "external": False,
                                "next_attempt_at": None, "created_at": None})
    with registry.tx() as session:
        assert session.scalar(select(Ticket).where(Ticket.ref == ref)) is None


def test_a_statement_it_cannot_run_as_the_session_would_is_refused(registry):
    # An instant is read as UTC by the session (SQLite keeps no time zone): such a read goes through it.
    with registry.tx() as session, pytest.raises(ValueError, match="opened_at"):
        Rows(select(Ticket.opened_at)).run(session, {})


def test_a_changed_ticket_is_written_as_a_row_and_nothing_is_left_to_flush(registry, clock):
    with registry.tx() as session:
        ticket = _ticket(session, registry)
        ticket.state, ticket.stage, ticket.change = "triage", 5, {"nameservers": ["ns1.example"]}
        write_changed(session, Ticket)
        assert ticket not in session.dirty
        assert (ticket.state, ticket.stage) == ("triage", 5)
        ref = ticket.ref
    with registry.tx() as session:
        again = session.scalar(select(Ticket).where(Ticket.ref == ref))
        assert (again.state, again.stage, again.change) == ("triage", 5, {"nameservers": ["ns1.example"]})


def test_a_savepoint_rolled_back_takes_the_written_change_away(registry):
    with registry.tx() as session:
        ticket = _ticket(session, registry)
        state = ticket.state
        try:
            with session.begin_nested():
                ticket.state = "triage"
                write_changed(session, Ticket)
                raise RuntimeError("acting failed after the ticket was written")
        except RuntimeError:
            pass
        assert ticket.state == state  # read again: the database no longer has the change
        ref = ticket.ref
    with registry.tx() as session:
        assert session.scalar(select(Ticket.state).where(Ticket.ref == ref)) == state


def test_an_instant_is_written_for_sqlite_as_sqlalchemy_writes_it():
    from datetime import UTC, datetime, timezone

    from sqlalchemy import TypeDecorator
    from sqlalchemy.dialects import sqlite

    from mailbot.store.models import UTCDateTime

    dialect = sqlite.dialect()
    column = UTCDateTime().dialect_impl(dialect)
    fused, sqlalchemys = column.bind_processor(dialect), TypeDecorator.bind_processor(column, dialect)
    for instant in (datetime(2026, 11, 27, 10, tzinfo=UTC), datetime(1, 1, 1, 0, 0, 0, 5, tzinfo=UTC),
                    datetime(2026, 3, 29, 1, 30, 59, 999999, tzinfo=timezone(timedelta(hours=1))), None):
        assert fused(instant) == sqlalchemys(instant)
    with pytest.raises(ValueError, match="naive"):
        fused(datetime(2026, 11, 27, 10))


def test_a_json_value_holding_a_lone_surrogate_is_written_and_read_back(registry, clock):
    # orjson refuses one (undecodable bytes of a header are read as such); the json module writes it escaped.
    with registry.tx() as session:
        _, pk = _queued(session, registry, clock.now(), ["caf\udce9@example.org"])
    with registry.tx() as session:
        assert session.get(OutboxItem, pk).to == ["caf\udce9@example.org"]
