"""Benchmark: one deadline sweep over many open tickets of which a few are due.

    .venv/bin/python bench/sweep.py [--open 100000] [--due 100] [--db URL]

Fills a fresh database (SQLite in a temporary folder, or the empty, upgraded database at --db) with
open change tickets, then times: finding the due tickets (the part that could grow with the number of
open tickets), and one whole sweep that acts on every due one (a chase rendered and queued each).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, insert, select, text  # noqa: E402

from _app import bench_app  # noqa: E402
from mailbot.store.models import Domain, Ticket  # noqa: E402
from mailbot.workflow.sweep import sweep  # noqa: E402

NOW = datetime(2026, 11, 30, 10, tzinfo=UTC)  # a Monday morning


def fill(app, open_count: int, due_count: int) -> None:
    with app.tx() as session:
        domain = session.scalar(select(Domain).where(Domain.name == "hmrc.gov.uk"))
        ids = (domain.id, domain.organisation_id, domain.registrar_id)
    later = NOW + timedelta(days=30)
    batch = []
    for i in range(open_count):
        due = NOW - timedelta(minutes=1) if i % (open_count // due_count) == 0 else later
        batch.append({
            "ref": f"RL-{i + 1:06d}", "kind": "change", "state": "awaiting_verification", "urgent": False,
            "stage": 1, "domains": ["hmrc.gov.uk"], "domain_id": ids[0], "organisation_id": ids[1],
            "registrar_id": ids[2], "requester": "requests@registrar.example",
            "change": {"nameservers": [f"ns1.n{i}.example"]}, "change_digest": f"{i:064x}",
            "opened_at": NOW - timedelta(days=1), "updated_at": NOW - timedelta(days=1),
            "deadlines": {"first_call": due.isoformat()}, "next_deadline": due, "limits": {},
            "escalated": False,
        })
        if len(batch) == 10_000:
            with app.tx() as session:
                session.execute(insert(Ticket), batch)
            batch = []
    if batch:
        with app.tx() as session:
            session.execute(insert(Ticket), batch)
    if app.engine.dialect.name == "postgresql":
        with app.engine.connect() as conn:  # as autovacuum would have done by the time of a real sweep
            conn.execute(text("ANALYZE tickets"))
            conn.commit()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--open", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=100)
    parser.add_argument("--db")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app = bench_app(tmp, args.db, NOW)
        fill(app, args.open, args.due)
        query = select(Ticket.id).where(Ticket.next_deadline <= NOW).order_by(Ticket.next_deadline, Ticket.id)
        timings = []
        for _ in range(20):
            start = time.perf_counter()
            with app.sessions() as session:
                found = len(session.execute(query).all())
            timings.append(time.perf_counter() - start)
        start = time.perf_counter()
        actions = sweep(app)
        whole = time.perf_counter() - start
        start = time.perf_counter()
        again = sweep(app)
        idle = time.perf_counter() - start
        with app.sessions() as session:
            total = session.scalar(select(func.count(Ticket.id)))
        app.close()
    print(f"database           {app.settings.db_url.split('://')[0]}")
    print(f"open tickets       {total}, due {found}")
    print(f"find the due ones  {1000 * statistics.median(timings):.1f} ms (median of 20)")
    print(f"one sweep          {1000 * whole:.0f} ms for {len(actions)} actions "
          f"({1000 * whole / max(len(actions), 1):.1f} ms each)")
    print(f"next sweep         {1000 * idle:.1f} ms, {len(again)} actions (nothing left due)")


if __name__ == "__main__":
    main()
