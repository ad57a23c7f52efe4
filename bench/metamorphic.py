"""Benchmark: how the reader reads the tuning part's requests once mail has done to them what it does on its way.

    .venv/bin/python bench/metamorphic.py [--examples N] [--requests N] [--only NAME ...] [--seed N ...]
    .venv/bin/python bench/metamorphic.py --dump ID [ID ...]

The long mode of tests/test_request_metamorphic.py: each transformation of tests/support/mutations.py (a renaming of
the name servers, a banner, a quoted earlier message, a rewrap, Safe Links, a shuffle of list items, two requests
joined in one mail...) applied to N requests of each tuning seed, picked among each seed's first requests (all of
them by default), each read as the app reads it (mailbot.parse.change_request, then mailbot.workflow.changes.read
against the domain's records). Prints, per transformation and per seed: the examples made (those it does not apply to
aside), read exactly, asked about, read wrong (a change nobody asked for) and parked (the reading raised); then each
wrong or parked example with its id, which `--dump ID` prints as received and as read. Seeds of the held-out part are
never used.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mailbot.parse.mail import read  # noqa: E402
from tests.support.mutations import TRANSFORMATIONS, example, judged  # noqa: E402
from tests.support.request_corpus import SEEDS, SIZES  # noqa: E402

COLUMNS = ("examples", "exact", "asked", "wrong", "parked")


def run(names, seeds, examples: int, requests: int | None):
    counts = defaultdict(lambda: defaultdict(int))
    bad = []
    for name in names:
        for seed in seeds:
            for k in range(examples):
                case = example(name, seed, k, requests or SIZES[seed])
                if case is None:
                    counts[(name, seed)]["n/a"] += 1
                    continue
                verdict, detail = judged(case)
                counts[(name, seed)]["examples"] += 1
                counts[(name, seed)][verdict] += 1
                if verdict in ("wrong", "parked"):
                    bad.append((case, verdict, detail))
    return counts, bad


def line(title: str, row) -> str:
    n = row["examples"] or 1
    return (f"  {title:<22} {row['examples']:>8} {row['exact']:>6} {row['asked']:>6} ({100 * row['asked'] / n:4.1f}%)"
            f" {row['wrong']:>6} {row['parked']:>7}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=100, help="examples of each transformation on each seed")
    parser.add_argument("--requests", type=int, help="pick among each seed's first N requests (default: all)")
    parser.add_argument("--only", nargs="+", choices=sorted(TRANSFORMATIONS), metavar="NAME",
                        help=f"these transformations only: {', '.join(TRANSFORMATIONS)}")
    parser.add_argument("--seed", type=int, nargs="+", choices=SEEDS["tuning"], metavar="N",
                        help="these tuning seeds only")
    parser.add_argument("--dump", nargs="+", default=[], metavar="ID",
                        help="print these examples (NAME-SEED-K, as listed) as received and as read")
    args = parser.parse_args()
    if args.dump:
        for wanted in args.dump:
            name, seed, k = wanted.partition(":")[0].rsplit("-", 2)
            case = example(name, int(seed), int(k), args.requests or SIZES[int(seed)])
            if case is None:
                print(f"=== {wanted}: the transformation does not apply to the request picked")
                continue
            mail = read(case.raw)
            print(f"=== {case.id} [{case.layout}/{case.client}] truth: {case.truth}; read: {judged(case)}")
            for domain in (case.truth if isinstance(case.truth, dict) else ()):
                record = case.domains[domain]
                print(f"--- {domain} has: name servers {record['nameservers']}, DS {record['ds']}")
            print(f"--- subject: {mail.subject}\n--- text as read:\n{mail.text}")
            for attached in mail.attached:
                print(f"--- attached:\n{attached}")
        return
    names = args.only or list(TRANSFORMATIONS)
    seeds = tuple(args.seed or SEEDS["tuning"])
    start = time.perf_counter()
    counts, bad = run(names, seeds, args.examples, args.requests)
    elapsed = time.perf_counter() - start
    total = defaultdict(int)
    print(f"{args.examples} examples of each transformation on each of seeds {', '.join(map(str, seeds))} "
          f"({elapsed:.0f} s); those a transformation does not apply to are left out")
    print(f"  {'transformation':<22} {'examples':>8} {'exact':>6} {'asked':>14} {'wrong':>6} {'parked':>7}")
    for name in names:
        row = defaultdict(int)
        for seed in seeds:
            for col in COLUMNS:
                row[col] += counts[(name, seed)][col]
                total[col] += counts[(name, seed)][col]
        print(line(name, row))
    print(line("all", total))
    print()
    print(f"  {'seed':<22} {'examples':>8} {'exact':>6} {'asked':>14} {'wrong':>6} {'parked':>7}")
    for seed in seeds:
        row = defaultdict(int)
        for name in names:
            for col in COLUMNS:
                row[col] += counts[(name, seed)][col]
        print(line(str(seed), row))
    if len(seeds) > 1 and len(names) > 1:
        print("\n  per transformation and seed (examples/exact/asked/wrong):")
        for name in names:
            cells = "  ".join(f"{seed}: {counts[(name, seed)]['examples']}/{counts[(name, seed)]['exact']}/"
                              f"{counts[(name, seed)]['asked']}/{counts[(name, seed)]['wrong']}" for seed in seeds)
            print(f"  {name:<16} {cells}")
    for case, verdict, detail in bad:
        print(f"  {verdict.upper()} {case.id} [{case.layout}/{case.client}]: {detail}")


if __name__ == "__main__":
    main()
