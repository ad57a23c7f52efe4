"""Long fuzz run: generated and mutated messages through the real ingest path, receive() on a fresh database.

    .venv/bin/python bench/fuzz.py [--messages 10000] [--seed N] [--db URL]

The same messages and checks as tests/test_fuzz.py (no exception escapes, every message stored once and byte for
byte, nothing near the parse time limit), drawn afresh from the seed (random unless given). Prints what the
messages became, the slowest parse and receive, and the rate; a failure prints the message that failed.
"""

from __future__ import annotations

import argparse
import collections
import logging
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402

from mailbot.parse.exchange import parse  # noqa: E402
from mailbot.store import db  # noqa: E402
from tests.support.fuzzing import batches, check_receive, checked, fuzz_app  # noqa: E402

BATCH = 10


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--db", help="an empty database, already upgraded (default: a fresh SQLite file)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)  # one line for each message over a limit is not a figure
    run_seed = args.seed if args.seed is not None else random.randrange(2**32)
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        if args.db is None:
            engine = db.make_engine(f"sqlite:///{directory / 'mailbot.db'}")
            db.upgrade(engine)
            engine.dispose()
        app = fuzz_app(directory, db_url=args.db)
        first: dict[str, bytes] = {}
        kinds: collections.Counter = collections.Counter()
        slowest = {"parse": 0.0, "receive": 0.0}
        fed = 0

        @seed(run_seed)
        @settings(database=None, deadline=None, max_examples=-(-args.messages // BATCH),
                  phases=[Phase.generate], suppress_health_check=list(HealthCheck))
        @given(batches(BATCH))
        def run(batch):
            nonlocal fed
            for raw in batch:
                started = time.monotonic()
                mail = parse(raw, app.settings.limits)  # timed on its own, for the figure
                slowest["parse"] = max(slowest["parse"], time.monotonic() - started)
                if mail.over_limit:
                    kinds["over_limit: " + mail.over_limit.split(" (")[0]] += 1
                started = time.monotonic()
                checked(check_receive, app, raw, first)
                slowest["receive"] = max(slowest["receive"], time.monotonic() - started)
                fed += 1

        started = time.monotonic()
        run()
        elapsed = time.monotonic() - started
        with app.sessions() as session:
            from sqlalchemy import select

            from mailbot.store.models import Message

            for kind, status in session.execute(select(Message.kind, Message.status).where(Message.direction == "in")):
                kinds[f"{kind} ({status})"] += 1
        app.close()
    print(f"seed {run_seed}: {fed} messages through receive() in {elapsed:.0f} s "
          f"({fed / elapsed:.0f} a second, parse and receive each), {len(first)} distinct, all stored, "
          f"no exception")
    print(f"slowest parse {slowest['parse']:.2f} s, slowest receive {slowest['receive']:.2f} s "
          f"(the parse limit is {app.settings.parse_seconds:g} s); peak RSS "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MiB")
    for kind, count in kinds.most_common():
        print(f"  {count:6d}  {kind}")


if __name__ == "__main__":
    main()
