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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def bot(url: str, data_dir: str) -> None:
    from _app import bench_app
    from imap_ingest import START

    from mailbot.ingest.imap import ImapIngester, imap_settings
    from mailbot.runner import prepare

    app = bench_app(data_dir, None, START)
    prepare(app)
    reader = ImapIngester(app, imap_settings(url, {}))
    reader.connect()
    counting = lambda on: subprocess.run(  # noqa: E731
        ["callgrind_control", "--instr=" + on, str(os.getpid())], capture_output=True, check=True)
    counting("on")
    count = len(reader.catch_up())
    counting("off")
    reader.close()
    app.close()
    print(f"messages {count}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=300)
    parser.add_argument("--part", choices=["bot"])
    parser.add_argument("--url")
    parser.add_argument("--data-dir")
    args = parser.parse_args()
    if args.part:
        bot(args.url, args.data_dir)
        return
    if not shutil.which("valgrind") or not shutil.which("callgrind_control"):
        sys.exit("bench/instructions.py: valgrind is needed (Debian's package valgrind)")
    from imap_ingest import mix

    from tests.imap_server import Dovecot

    binary = subprocess.run([str(ROOT / "scripts" / "ensure-dovecot")], capture_output=True, text=True).stdout.strip()
    if not binary:
        sys.exit("bench/instructions.py: Dovecot is needed (scripts/ensure-dovecot could not provide it)")
    server = Dovecot(binary)
    server.start()
    try:
        server.user = server.add_user()
        with server.connect() as client:
            for n in range(args.messages):
                client.append("INBOX", mix(n))
        with tempfile.TemporaryDirectory() as tmp:
            done = subprocess.run(
                ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={tmp}/callgrind.out",
                 sys.executable, __file__, "--part", "bot", "--url", server.url(), "--data-dir", tmp],
                capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "bench")})
    finally:
        server.close()
    counted = re.search(r"Collected : (\d+)", done.stderr)
    read = re.search(r"messages (\d+)", done.stdout)
    if done.returncode != 0 or not counted or not read:
        sys.exit(f"bench/instructions.py: the counted run failed: {done.stderr.strip()[-500:]}")
    total, messages = int(counted.group(1)), int(read.group(1))
    print(f"messages      {messages} (the mix of bench/imap_ingest.py)")
    print(f"instructions  {total:,} in the acting process, {total // max(messages, 1):,} a message")


if __name__ == "__main__":
    main()
