"""The look-ups made for every message read an index that holds only the rows they count, never a whole table: their
cost stays the same however many tickets, answers and outgoing mails there are (a registrar's open request for a
domain, the day's answers to an address, the hour's mail beyond the operators and GDS)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from mailbot.outbox import answers, brake
from mailbot.store import queries
from mailbot.store.rows import Rows
from tests.support.constants import START

LOOKUPS = {  # name: (statement, its parameters, the index it must read)
    "a registrar's open request": (queries.OPEN_CHANGES, {"organisation_id": 1, "registrar_id": 1},
                                   "ix_tickets_organisation_id_registrar_id"),
    "the day's answers to an address": (answers.ANSWERED, {"address": "a@example.org", "ticket_id": 1,
                                                            "since": START}, "ix_answers_address_withheld_at"),
    "the hour's mail beyond the operators": (brake.SENT, {"since": START, "limit": 60},
                                             "ix_outbox_external_created_at_status"),
}


@pytest.mark.parametrize("name", LOOKUPS)
def test_each_look_up_reads_its_index(app, name):
    rows, params, index = LOOKUPS[name]
    with app.tx() as session:
        connection = session.connection()
        if isinstance(rows, Rows):
            sql, values = rows.compiled(connection.dialect, params)
        else:  # a statement run through the session: its SQL with the values written in
            statement = rows.params(**params).compile(dialect=connection.dialect,
                                                      compile_kwargs={"literal_binds": True})
            sql, values = str(statement), ()
        cursor = connection.connection.driver_connection.cursor()
        if connection.dialect.name == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql.replace(" FOR UPDATE", ""), values)
            plan = [row[3] for row in cursor.fetchall()]
            reads = [step for step in plan if step.startswith(("SCAN ", "SEARCH "))
                     and "anon_" not in step and "CONSTANT ROW" not in step]
            assert reads and all(index in step for step in reads), plan
        else:
            # An empty table is read whole by choice; with that choice taken away, the index must serve.
            session.execute(text("SET LOCAL enable_seqscan = off"))
            cursor.execute("EXPLAIN " + sql, values)
            plan = [row[0] for row in cursor.fetchall()]
            assert not any("Seq Scan" in step for step in plan) and any(index in step for step in plan), plan
