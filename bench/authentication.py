"""Sender authentication's cost: a genuine signed reply, the 2.8 MB folded header that once took half a minute,
and the worst header section within the bounds, each through authenticate() as the acting process calls it.

    .venv/bin/python bench/authentication.py [--repeat 5]

Prints the median time of each and the verdict. DKIM runs in a parser process (started before timing starts).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mailbot import parser_processes  # noqa: E402
from mailbot.parse.limits import AUTH_FIELD_BYTES, AUTH_HEADER_BYTES  # noqa: E402
from mailbot.policy.authentication import authenticate  # noqa: E402
from tests.support import attacks  # noqa: E402
from tests.support.mails import DEMO_DNS, SECURITY  # noqa: E402


def folded(name: str, lines: int) -> bytes:
    return name.encode() + b": a" + b"\r\n b" * lines + b"\r\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    reply = attacks.mail(from_=SECURITY, to="registrylock@registry.example", subject="Re: [RL-000001] Confirm",
                         text="I confirm this change.")
    genuine = attacks.sign(reply, "hmrc.gov.uk")
    per_field = AUTH_FIELD_BYTES // 4 - 64
    fields = AUTH_HEADER_BYTES // (AUTH_FIELD_BYTES + 64)
    cases = {
        "genuine signed reply": genuine,
        "2.8 MB folded header (past the bound)": folded("X-Filler", 700_000) + genuine,
        f"worst within the bounds ({fields} fields of {per_field} folded lines)":
            b"".join(folded(f"X-Filler-{n}", per_field) for n in range(fields)) + genuine,
    }
    dns = lambda name: DEMO_DNS.get(name.rstrip("."))  # noqa: E731
    parser_processes.start(1)
    for name, raw in cases.items():
        times, verdict = [], None
        for _ in range(args.repeat):
            start = time.perf_counter()
            verdict = authenticate(raw, "hmrc.gov.uk", dns=dns)
            times.append(time.perf_counter() - start)
        print(f"{name:60} {len(raw):>9} bytes  {statistics.median(times) * 1000:8.1f} ms  {verdict}")


if __name__ == "__main__":
    main()
