"""Benchmark: how the bot reads registrars' change requests, end to end, on the request corpus.

    .venv/bin/python bench/reading.py [--part tuning|held-out|both] [--db URL] [--quiet] [--show-held-out]
    .venv/bin/python bench/reading.py --seed N [N ...] [--quiet] [--dump ID ...]
    .venv/bin/python bench/reading.py --dump ID [ID ...] [--show-held-out]

Runs each part of tests/support/request_corpus.py (the tuning part, seeds 11, 12, the wide generator's 15, and 17,
18, 19, 20, 22, 23, 24, 25 in words of their own, and 26-30 drawn again from the generators of 15, 17, 19, 20 and 18;
and the held-out part the reader is never tuned on: seed 13, the wide generator's 14, and 16, 21 and 31 in words of
their own) through mailbot.ingest.receive.receive() on a fresh app whose records are the part's own registry file,
then the registrars' replies, auto-replies and bounces on the tickets' threads. `--seed` reads seeds of the tuning
part, a seed being written, or a seed joining a part (request_corpus.JOINING; one joining the held-out part is
printed as the held-out part is). A seed of the held-out part is read only with its part.
Prints, per layout and per client: exact readings, triaged ("asked"), wrong changes and parked, and the thread mails
taken as requests; the totals per seed; then, for the tuning part, every wrong change and every mail not read
exactly, with its id and what went wrong. Of the held-out part it prints the counts only: its mails and what went
wrong with them only with --show-held-out, so that nobody tuning the reader reads them by accident. `--dump ID` runs
the part the mails belong to and prints only those mails, as written and as sent (a thread mail as made against the
bot's mail in that run).
A fresh SQLite file is used unless --db names an empty, upgraded database.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mailbot.app import App  # noqa: E402
from mailbot.clock import FixedClock  # noqa: E402
from mailbot.registry import import_file  # noqa: E402
from mailbot.settings import load_settings  # noqa: E402
from tests.support.request_corpus import (  # noqa: E402
    GENERATORS,
    JOINING,
    PARTS,
    PREFIXES,
    SEEDS,
    corpus,
    figures,
    measure,
)

AT = datetime(2026, 11, 27, 10, tzinfo=UTC)


def run(part: str, data_dir: str, db: str | None, seeds: tuple[int, ...] | None = None):
    c = corpus(part, seeds=seeds)
    env = {"MAILBOT_DATA_DIR": data_dir, "MAILBOT_SECRET": "bench-secret-0123456789"}
    if db:
        env["MAILBOT_DB"] = db
    # No DNS: nothing in the corpus is signed, and a benchmark never reaches the internet's DNS.
    app = App.build(load_settings(env, cwd=Path(data_dir)), clock=FixedClock(AT), dns=lambda name: None)
    try:
        registry = Path(data_dir) / f"registry-{part}.json"
        c.write_registry(registry)
        with app.tx() as session:
            import_file(session, str(registry), app.rules.zone)
        start = time.perf_counter()
        readings = measure(app, c)
        return c, readings, time.perf_counter() - start
    finally:
        app.close()


def table(title: str, readings, key) -> None:
    rows = defaultdict(lambda: defaultdict(int))
    for r in readings:
        if r.mail.kind == "request":
            rows[key(r.mail)]["n"] += 1
            rows[key(r.mail)][r.verdict] += 1
    print(f"  {title:<18} {'mails':>6} {'exact':>6} {'asked':>6} {'wrong':>6} {'parked':>7}")
    for name in sorted(rows):
        row = rows[name]
        print(f"  {name:<18} {row['n']:>6} {row['exact']:>6} {row['asked']:>6} {row['wrong']:>6} {row['parked']:>7}")


def report(part: str, c, readings, elapsed: float, details: bool) -> dict:
    f = figures(readings)
    n = f["requests"] or 1
    print(f"{part}: {len(readings)} mails ({f['requests']} requests, {f['ambiguous']} ambiguous on purpose, "
          f"{f['thread']} on a ticket's thread) in {elapsed:.1f} s")
    table("layout", readings, lambda m: m.layout)
    print()
    table("client", readings, lambda m: m.client)
    print()
    print(f"  requests: exact {f['exact']} ({100 * f['exact'] / n:.1f}%), asked {f['asked']} "
          f"({100 * f['asked'] / n:.1f}%), wrong changes {f['wrong']}, parked {f['parked']}")
    print(f"  ambiguous on purpose: {f['ambiguous']}, recorded as a change {f['ambiguous_wrong']}")
    by_kind = defaultdict(lambda: [0, 0])
    for r in readings:
        if r.mail.kind in ("reply", "automatic", "bounce"):
            by_kind[r.mail.kind][0] += 1
            by_kind[r.mail.kind][1] += r.verdict == "taken"
    print("  thread mails: " + ", ".join(f"{k} {v[0]} (taken as requests {v[1]})" for k, v in sorted(by_kind.items()))
          + f"; parked {f['thread_parked']}")
    seeds = sorted({r.mail.seed for r in readings})
    if len(seeds) > 1:
        for seed in seeds:
            s = figures([r for r in readings if r.mail.seed == seed])
            n_seed = s["requests"] or 1
            print(f"  seed {seed}: {s['requests']} requests, exact {s['exact']} ({100 * s['exact'] / n_seed:.1f}%), "
                  f"asked {s['asked']}, wrong changes {s['wrong'] + s['ambiguous_wrong']}, parked "
                  f"{s['parked'] + s['thread_parked']}, thread mails taken as requests {s['taken']}")
    if details:
        for r in readings:
            if r.verdict in ("wrong", "parked", "taken"):
                print(f"  {r.verdict.upper()} {r.mail.id} [{r.mail.layout}/{r.mail.client}]: {r.detail}")
        for r in readings:
            if r.verdict == "asked" and r.mail.kind == "request":
                print(f"  asked {r.mail.id} [{r.mail.layout}/{r.mail.client}]: {r.detail}")
    print()
    return f


def part_of(mail_id: str) -> str:
    """The part whose mails have ids like `mail_id`; a clear one-line error otherwise."""
    for part in PARTS:
        if any(mail_id.startswith(PREFIXES[seed]) for seed in SEEDS[part]):
            return part
    known = ", ".join(f"{PREFIXES[seed]}... (seed {seed}, {part})" for part in PARTS for seed in SEEDS[part])
    sys.exit(f"reading.py: no mail {mail_id!r}: ids are {known}")


def dump(readings, ids: list[str]) -> None:
    found = {r.mail.id: r for r in readings}
    for mail_id in ids:
        r = found.get(mail_id)
        if r is None:
            print(f"=== {mail_id}: no such mail in this run (a thread mail whose request opened no ticket is not made)")
            continue
        print(f"=== {r.mail.id} [{r.mail.kind}/{r.mail.layout}/{r.mail.client}/{r.mail.charset}/"
              f"{r.mail.encoding}] truth: {r.mail.truth}; read: {r.verdict}{': ' + r.detail if r.detail else ''}")
        print(f"--- as written:\n{r.mail.said}\n--- as sent:")
        print((r.raw or r.mail.raw).decode("utf-8", "replace"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=[*PARTS, "both"], default="both")
    parser.add_argument("--db", help="an empty, upgraded database (default: a fresh SQLite file)")
    parser.add_argument("--dump", nargs="+", default=[], metavar="ID",
                        help="print only these mails, as written and as sent")
    parser.add_argument("--seed", type=int, nargs="+", metavar="N",
                        help="these seeds of the tuning part only (a seed being written need not be in it yet), or "
                             "seeds joining the held-out part (counts only)")
    parser.add_argument("--quiet", action="store_true", help="the tables and totals only")
    parser.add_argument("--show-held-out", action="store_true",
                        help="print the held-out part's mails and misreadings too (never while tuning the reader)")
    args = parser.parse_args()
    seed_part = "tuning"
    if args.seed:
        held = [s for s in args.seed if s in SEEDS["held-out"] or s not in GENERATORS and s not in SEEDS["tuning"]]
        if held:
            sys.exit(f"reading.py: --seed takes seeds of the tuning part or joining a part only, not {held[0]}")
        joining = sorted({JOINING.get(s, "tuning") for s in args.seed})
        if len(joining) > 1:
            sys.exit("reading.py: --seed takes the seeds of one part at a time")
        seed_part = joining[0]  # a seed joining the held-out part is held out already
    if args.dump and args.seed:  # the mails of seeds being written
        if seed_part == "held-out" and not args.show_held_out:
            sys.exit("reading.py: the held-out part's mails are printed only with --show-held-out")
        with tempfile.TemporaryDirectory() as tmp:
            _, readings, _ = run(seed_part, tmp, args.db, tuple(args.seed))
        dump(readings, args.dump)
        return
    if args.dump:
        parts = sorted({part_of(i) for i in args.dump}, key=PARTS.index)
        if "held-out" in parts and not args.show_held_out:
            sys.exit("reading.py: the held-out part's mails are printed only with --show-held-out")
        for part in parts:
            with tempfile.TemporaryDirectory() as tmp:
                _, readings, _ = run(part, tmp, args.db)
            dump(readings, [i for i in args.dump if part_of(i) == part])
        return
    parts = (seed_part,) if args.seed else PARTS if args.part == "both" else (args.part,)
    totals = {}
    for part in parts:
        with tempfile.TemporaryDirectory() as tmp:
            c, readings, elapsed = run(part, tmp, args.db, tuple(args.seed) if args.seed else None)
        details = not args.quiet and (part != "held-out" or args.show_held_out)
        totals[part] = report(part, c, readings, elapsed, details)
    print(f"{'part':<10} {'requests':>9} {'exact':>7} {'asked':>7} {'wrong':>6} {'parked':>7} {'replies':>8} "
          f"{'taken':>6}")
    for part, f in totals.items():
        n = f["requests"] or 1
        print(f"{part:<10} {f['requests']:>9} {100 * f['exact'] / n:>6.1f}% {100 * f['asked'] / n:>6.1f}% "
              f"{f['wrong'] + f['ambiguous_wrong']:>6} {f['parked'] + f['thread_parked']:>7} {f['thread']:>8} "
              f"{f['taken']:>6}")


if __name__ == "__main__":
    main()
