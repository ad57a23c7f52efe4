"""Benchmark: change requests ingested per second, end to end (store, classify, open, queue two mails).

    .venv/bin/python bench/ingest.py [--count N] [--db URL]

Uses a fresh SQLite file unless --db names a database (it must be empty and upgraded). Prints figures.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _app import bench_app  # noqa: E402
from mailbot.ingest.receive import receive  # noqa: E402


def request(i: int) -> bytes:
    msg = EmailMessage()
    msg["From"] = "requests@registrar.example"
    msg["To"] = "registrylock@registry.example"
    msg["Subject"] = f"Name server change for hmrc.gov.uk ({i})"
    msg["Message-ID"] = f"<bench-{i}@registrar.example>"
    msg.set_content(f"Please update the name servers for hmrc.gov.uk to ns1.n{i}.example and ns2.n{i}.example.\n")
    return msg.as_bytes()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--db")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app = bench_app(tmp, args.db, datetime(2026, 11, 27, 10, tzinfo=UTC))
        mails = [request(i) for i in range(args.count)]
        start = time.perf_counter()
        for raw in mails:
            receive(app, raw, "file")  # the first opens a ticket, the rest amend it: the busiest path
        elapsed = time.perf_counter() - start
        dup_start = time.perf_counter()
        for raw in mails[:100]:
            receive(app, raw, "file")
        dup = (time.perf_counter() - dup_start) / min(100, len(mails))
        app.close()
    print(f"database        {app.settings.db_url.split('://')[0]}")
    print(f"messages        {args.count}")
    print(f"ingest          {args.count / elapsed:.0f} messages/s ({1000 * elapsed / args.count:.1f} ms each)")
    print(f"duplicate       {1000 * dup:.1f} ms each")
    print(f"peak RSS        {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
