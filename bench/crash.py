"""Long crash drill: N messages in a private Dovecot, `mailbot run` killed with SIGKILL at random moments.

    .venv/bin/python bench/crash.py [--messages 500] [--kills 20] [--instances 1] [--db URL]

Needs Dovecot (scripts/ensure-dovecot) and, for --db, an empty upgraded database. Prints what the mailbox,
the database and the relay say at the end: every message processed once, every reply relayed, and how many
replies a kill left in doubt (sent again, so possibly twice).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aiosmtpd.controller import Controller  # noqa: E402

from mailbot.store import db  # noqa: E402
from tests.support.crash import Drill, finished, note, outcome, relayed_ids  # noqa: E402
from tests.support.imap_server import Dovecot  # noqa: E402
from tests.support.servers import Peer  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=500)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--instances", type=int, default=1)
    parser.add_argument("--db")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    binary = subprocess.run(["scripts/ensure-dovecot"], capture_output=True, text=True).stdout.strip()
    if not binary:
        sys.exit("bench/crash.py: Dovecot is needed (scripts/ensure-dovecot could not provide it)")
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{tmp}/mailbot.db"
        engine = db.make_engine(url)
        db.upgrade(engine)
        engine.dispose()
        server = Dovecot(binary)
        peer = Peer()
        relay = Controller(peer, hostname="127.0.0.1", port=peer.port)
        server.start()
        relay.start()
        try:
            server.user = server.add_user()
            for n in range(args.messages):
                server.append(note(n))

            def done():
                return not server.uids("INBOX") and finished(url, args.messages)

            drill = Drill(url, server.url(), f"smtp://127.0.0.1:{peer.port}?tls=none", f"{tmp}/var",
                          instances=args.instances, kills=args.kills, seed=args.seed)
            start = time.perf_counter()
            drill.run(done)
            elapsed = time.perf_counter() - start
            result = outcome(url, relayed_ids(peer))
            left, processed = len(server.uids("INBOX")), len(server.uids("Processed"))
        finally:
            relay.stop()
            server.close()
    print(f"database            {url.split('://')[0]}, {args.instances} instance(s), seed {args.seed}")
    print(f"messages            {args.messages}, killed {args.kills} times, {elapsed:.0f} s in all")
    print(f"mailbox             {processed} processed, {left} left in the inbox")
    print(f"database            {result['incoming']} stored, {result['tickets']} tickets, "
          f"tickets per message {dict(result['tickets_per_message'])}")
    in_doubt_relayed = result["in_doubt"] & result["relayed"]
    print(f"relay               {len(result['relayed'])} of {len(result['outgoing'])} messages relayed, "
          f"{len(result['doubled'])} twice; {len(result['in_doubt'])} in doubt for a person "
          f"({len(in_doubt_relayed)} of them at the relay)")
    ok = (left == 0 and processed == args.messages == result["incoming"] == result["tickets"]
          and not result["doubled"] and not result["unsettled"] and result["sent"] <= result["relayed"]
          and result["outgoing"] == result["sent"] | result["in_doubt"])
    print("result              " + ("every message processed once, nothing relayed twice" if ok else "FAILED"))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
