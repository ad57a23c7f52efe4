"""Benchmark: the zone watch's reader on a generated zone of many delegations, few of them locked.

    .venv/bin/python bench/zone.py [--delegations 1000000] [--locked 1000] [--source file|axfr|both]

Writes a .gov.uk zone file of `--delegations` delegations (two NS each, a DS for one in ten), and reads it the way
the zone watch does (mailbot.zone.reader.read_zone: only the locked domains' NS and DS kept), from the file and by
AXFR, TSIG-signed, from a private Knot DNS on loopback (tests/support/dns_server.py; MAILBOT_TEST_KNOT or
scripts/ensure-dns names knotd). Each reading runs in a process of its own, which reports its time and its peak
resident memory before and after reading: the goal is memory independent of the zone's size (within 50 MB of the
process's own) and a million delegations read in under 30 seconds. `--check` also times one whole check
(mailbot.workflow.zone_watch.check) from the file, on a fresh SQLite database holding the locked domains as the zone
has them: read, compared, each domain's reading kept.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from mailbot.settings import TsigKey, ZoneSource  # noqa: E402
from mailbot.zone.reader import read_zone  # noqa: E402

SERIAL = 2026120501


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def write_zone(path: Path, delegations: int) -> None:
    with open(path, "w") as f:
        f.write(f"$ORIGIN gov.uk.\n$TTL 3600\n@ SOA ns0.gov.uk. hostmaster.gov.uk. {SERIAL} 3600 600 864000 3600\n"
                 "@ NS ns0.gov.uk.\nns0 A 127.0.0.1\n")
        for i in range(delegations):
            f.write(f"d{i} NS ns1.d{i}.example.\nd{i} NS ns2.hosting{i % 997}.example.\n")
            if i % 10 == 0:
                f.write(f"d{i} DS {i % 65536} 13 2 {i:064X}\n")


def locked_names(delegations: int, locked: int) -> list[str]:
    step = max(1, delegations // locked)
    return [f"d{i}.gov.uk" for i in range(0, delegations, step)][:locked]


def check_once(args) -> None:
    """One whole check, in this process, on a fresh database holding the locked domains as the zone has them."""
    from datetime import UTC, datetime

    from sqlalchemy import insert

    from _app import bench_app
    from mailbot.store.models import Domain, Organisation
    from mailbot.workflow.zone_watch import check

    data = tempfile.mkdtemp(prefix="mailbot-bench-zone-db-")
    try:
        app = bench_app(data, None, datetime(2026, 12, 5, 12, tzinfo=UTC), registry=False)
        step = max(1, args.delegations // args.locked)
        with app.tx() as session:
            session.add(Organisation(id=1, name="Bench"))
            session.flush()
            session.execute(insert(Domain), [
                {"name": f"d{i}.gov.uk", "organisation_id": 1, "locked": True,
                 "nameservers": [f"ns1.d{i}.example", f"ns2.hosting{i % 997}.example"],
                 "ds": [f"{i % 65536} 13 2 {i:064X}"] if i % 10 == 0 else [], "whois_contacts": []}
                for i in range(0, args.delegations, step)][:args.locked])
        before = peak_mib()
        started = time.perf_counter()
        result = check(app, ZoneSource(zone=None, path=Path(args.file)))
        seconds = time.perf_counter() - started
        print(json.dumps({"seconds": round(seconds, 2), "peak_before_mib": round(before, 1),
                          "peak_after_mib": round(peak_mib(), 1), "compared": result.domains,
                          "alarms": len(result.alarms), "serial": result.serial}))
        app.close()
    finally:
        shutil.rmtree(data, ignore_errors=True)


def child(args) -> None:
    """One reading, in this process: prints its figures as JSON."""
    if args.check:
        check_once(args)
        return
    tsig = TsigKey(*args.tsig.split(":", 2)) if args.tsig else None
    source = (ZoneSource(zone="gov.uk", host="127.0.0.1", port=args.port, tsig=tsig) if args.port
              else ZoneSource(zone=None, path=Path(args.file)))
    names = locked_names(args.delegations, args.locked)
    before = peak_mib()
    started = time.perf_counter()
    found = read_zone(source, "gov.uk", names)
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": round(seconds, 2), "peak_before_mib": round(before, 1),
                      "peak_after_mib": round(peak_mib(), 1), "found": len(found.delegations),
                      "serial": found.serial}))


def measure(argv: list[str]) -> dict:
    done = subprocess.run([sys.executable, __file__, "--child", *argv], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--delegations", type=int, default=1_000_000)
    parser.add_argument("--locked", type=int, default=1000)
    parser.add_argument("--source", choices=["file", "axfr", "both"], default="both")
    parser.add_argument("--check", action="store_true", help="also time one whole check from the file")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--tsig", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    from tests.support.dns_server import Knot

    work = Path(tempfile.mkdtemp(prefix="mailbot-bench-zone-"))
    try:
        zone = work / "gov.uk.zone"
        started = time.perf_counter()
        write_zone(zone, args.delegations)
        print(f"zone file: {args.delegations:,} delegations, {zone.stat().st_size / 2**20:.0f} MiB, written in "
              f"{time.perf_counter() - started:.1f} s; {args.locked:,} locked", flush=True)
        common = ["--delegations", str(args.delegations), "--locked", str(args.locked)]
        if args.source in ("file", "both"):
            print("from the file:", json.dumps(measure([*common, "--file", str(zone)])), flush=True)
        if args.check:
            print("one check from the file:", json.dumps(measure([*common, "--check", "--file", str(zone)])),
                  flush=True)
        if args.source in ("axfr", "both"):
            binary = os.environ.get("MAILBOT_TEST_KNOT") or subprocess.run(
                [str(ROOT / "scripts" / "ensure-dns")], capture_output=True, text=True).stdout.strip()
            knot = Knot(binary)
            try:
                shutil.copy(zone, knot.zone_file)
                knot.serial = SERIAL
                started = time.perf_counter()
                knot.start(seconds=600)
                print(f"knotd loaded the zone in {time.perf_counter() - started:.1f} s", flush=True)
                print("by AXFR (TSIG):", json.dumps(measure([*common, "--port", str(knot.port), "--tsig", knot.tsig])),
                      flush=True)
            finally:
                knot.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
