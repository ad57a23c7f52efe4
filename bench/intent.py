"""Benchmark: how the lock contacts' replies of the intent corpus read, as a confusion table (truth x read).

    .venv/bin/python bench/intent.py [--rules rules.yaml]

Reads both parts of tests/support/intent_corpus.py (the tuning part, and the held-out part the phrase lists were
never tuned on) as the bot does: real MIME through mailbot.parse.mail, then mailbot.policy.intent. Prints figures.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mailbot.rules import load_rules  # noqa: E402
from tests.support.intent_corpus import MUST_CONFIRM, TRUTHS, confusion, readings  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rules", default=str(Path(__file__).resolve().parent.parent / "rules.yaml"))
    replies = load_rules(Path(parser.parse_args().rules)).replies
    for part in ("tuning", "held-out"):
        read = readings(part, replies)
        table = confusion(read)
        print(f"{part}: {len(read)} replies")
        print(f"  {'truth':<14} {'confirm':>8} {'dispute':>8} {'unclear':>8}")
        for truth in TRUTHS:
            row = table[truth]
            print(f"  {truth:<14} {row['confirm']:>8} {row['dispute']:>8} {row[None]:>8}")
        wrong = sum(table[t]["confirm"] for t in TRUTHS if t not in MUST_CONFIRM)
        confirmations = sum(sum(table[t].values()) for t in MUST_CONFIRM)
        right = sum(table[t]["confirm"] for t in MUST_CONFIRM)
        print(f"  read as a confirmation but not one: {wrong}; confirmations read as such: {right} of "
              f"{confirmations} ({100 * right / confirmations:.1f}%)")
        for reply, reading in read:
            if (reply.truth in MUST_CONFIRM) != (reading.intent == "confirm"):
                print(f"  missed: {reply.truth} ({reply.client}) {reply.said!r}: {reading.reason}")
        print()


if __name__ == "__main__":
    main()
