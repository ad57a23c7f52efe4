"""Benchmark: the instructions the bot's process executes to ingest N messages from a real IMAP mailbox.

    .venv/bin/python bench/instructions.py [--messages 300]

Timings on these machines drift by a fifth or more between identical runs; a count of instructions does not
(two runs agree to a few parts in ten thousand), so it tells whether a change made ingest cheaper. Loads the
mix of bench/imap_ingest.py into a private Dovecot, then runs the bot's reader in a process of its own under
valgrind's callgrind, counting only from the first FETCH to the last commit (the set-up is not counted). The
parser processes and Dovecot run outside valgrind and are not counted: what is counted is the work of the
process that acts. It runs some 50 times slower than without valgrind: 300 messages take about a minute.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


@contextmanager
def counted():
    """Callgrind counts only inside the block (the process runs with --instr-atstart=no)."""
    switch = lambda on: subprocess.run(  # noqa: E731
        ["callgrind_control", "--instr=" + on, str(os.getpid())], capture_output=True, check=True)
    switch("on")
    try:
        yield
    finally:
        switch("off")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=300)
    parser.add_argument("--part", choices=["bot"])
    parser.add_argument("--url")
    parser.add_argument("--data-dir")
    args = parser.parse_args()
    if args.part:
        from imap_ingest import bot

        print(f"messages {bot(args.url, None, args.data_dir, counted)['messages']}")
        return
    if not shutil.which("valgrind") or not shutil.which("callgrind_control"):
        sys.exit("bench/instructions.py: valgrind is needed (Debian's package valgrind)")
    from imap_ingest import loaded

    with loaded(args.messages, "bench/instructions.py") as server:
        with tempfile.TemporaryDirectory() as tmp:
            done = subprocess.run(
                ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={tmp}/callgrind.out",
                 sys.executable, __file__, "--part", "bot", "--url", server.url(), "--data-dir", tmp],
                capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "bench")})
    collected = re.search(r"Collected : (\d+)", done.stderr)
    read = re.search(r"messages (\d+)", done.stdout)
    if done.returncode != 0 or not collected or not read:
        sys.exit(f"bench/instructions.py: the counted run failed: {done.stderr.strip()[-500:]}")
    total, messages = int(collected.group(1)), int(read.group(1))
    print(f"messages      {messages} (the mix of bench/imap_ingest.py)")
    print(f"instructions  {total:,} in the acting process, {total // max(messages, 1):,} a message")


if __name__ == "__main__":
    main()
