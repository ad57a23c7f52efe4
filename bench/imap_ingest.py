"""Benchmark: end-to-end ingest from a real IMAP mailbox, beside the floor of fetching and parsing alone.

    .venv/bin/python bench/imap_ingest.py [--messages 1000] [--rounds 3] [--db URL]

Loads N messages (a realistic mix: registrars' requests, replies, mail from strangers, sign-up forms,
junk) into a private Dovecot, then measures, each in a process of its own: the floor (every message only
fetched and parsed with mail-parser, in one loop) and the bot (fetch, store, classify, act, queue mail,
move to the processed folder), from the first FETCH to the last commit, and each one's peak memory.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager, nullcontext
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROOT = Path(__file__).resolve().parent.parent
START = datetime(2026, 11, 27, 10, tzinfo=UTC)  # the bot's frozen clock: a Friday morning, in working hours


def mix(n: int) -> bytes:
    msg = EmailMessage()
    msg["To"] = "registrylock@registry.example"
    msg["Message-ID"] = f"<bench-{n}@example.org>"
    kind = n % 10
    if kind < 4:  # a registrar's request (the first opens a ticket, later ones amend it)
        msg["From"], msg["Subject"] = "requests@registrar.example", f"Name servers for hmrc.gov.uk ({n})"
        msg.set_content(f"Please update the name servers for hmrc.gov.uk to ns1.n{n}.example and "
                        f"ns2.n{n}.example.\n\nThanks,\nExample Registrar NOC\n")
    elif kind < 6:  # a reply that carries no token
        msg["From"], msg["Subject"] = "cyber-security@hmrc.gov.uk", f"Re: [RL-000001] question {n}"
        msg.set_content("Can you call us back please?\n\n> earlier text\n")
    elif kind < 8:  # a stranger
        msg["From"], msg["Subject"] = f"someone{n}@example.org", f"Enquiry {n}"
        msg.set_content("Hello, how do I change my website?\n" * 20)
        msg.add_attachment(b"%PDF-1.4 " + bytes(range(256)) * 200, maintype="application", subtype="pdf",
                           filename="letter.pdf")
    elif kind == 8:  # a sign-up form with a problem
        msg["From"], msg["Subject"] = f"ciso{n}@example.gov.uk", "Registry Lock sign-up"
        msg.set_content(f"Request: Sign up\nOrganisation: Org {n}\nYour name: Sam Lee\nJob title: CISO\n"
                        f"Email: ciso{n}@example.gov.uk\nPhone: 020 7946 0{n % 1000:03d}\nDomain: org{n}.gov.uk\n"
                        f"Registry Lock contact: sam.lee@gmail.com, 020 7946 0999\n")
    else:  # junk
        return b"\x00\x01 not mail at all " + str(n).encode() + b"\r\n" + bytes(range(256)) * 4
    return msg.as_bytes()


@contextmanager
def loaded(messages: int, caller: str):
    """A private Dovecot whose INBOX holds `messages` of the mix, for as long as the block runs."""
    from tests.support.imap_server import Dovecot

    binary = subprocess.run([str(ROOT / "scripts" / "ensure-dovecot")], capture_output=True, text=True).stdout.strip()
    if not binary:
        sys.exit(f"{caller}: Dovecot is needed (scripts/ensure-dovecot could not provide it)")
    server = Dovecot(binary)
    server.start()
    try:
        server.user = server.add_user()
        with server.connect() as client:
            for n in range(messages):
                client.append("INBOX", mix(n))
        yield server
    finally:
        server.close()


def floor(url: str) -> dict:
    import mailparser
    from imapclient import IMAPClient

    from mailbot.ingest.imap import quiet
    from mailbot.settings import imap_settings

    s = imap_settings(url, {})
    with quiet(IMAPClient(s.host, port=s.port, ssl=False)) as client:  # the bot's own client, as the bot has it
        client.login(s.user, s.password)
        client.select_folder(s.folder, readonly=True)
        start = time.perf_counter()
        count = 0
        for uid in sorted(client.search(["UNDELETED"])):
            raw = client.fetch([uid], ["BODY.PEEK[]"])[uid][b"BODY[]"]
            mailparser.parse_from_bytes(raw)
            count += 1
        elapsed = time.perf_counter() - start
    return {"messages": count, "seconds": elapsed}


def bot(url: str, db_url: str, data_dir: str, measured=nullcontext) -> dict:
    """The bot's reader on the mailbox at `url`, once; `measured()` is around the reading alone."""
    from _app import bench_app
    from mailbot.ingest.imap import ImapIngester
    from mailbot.runner import prepare
    from mailbot.settings import imap_settings

    app = bench_app(data_dir, db_url, START)
    prepare(app)  # as `mailbot run` does when it starts: templates compiled, parser processes waiting
    reader = ImapIngester(app, imap_settings(url, {}))
    reader.connect()
    with measured():
        start = time.perf_counter()
        count = len(reader.catch_up())
        elapsed = time.perf_counter() - start
    reader.close()
    app.close()
    return {"messages": count, "seconds": elapsed}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--db")
    parser.add_argument("--part", choices=["floor", "bot"])
    parser.add_argument("--url")
    parser.add_argument("--data-dir")
    args = parser.parse_args()
    if args.part:  # one measurement, in a process of its own, so that peak memory is its own
        result = floor(args.url) if args.part == "floor" else bot(args.url, args.db, args.data_dir)
        result["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(result))
        return
    # These machines' speed drifts by a fifth or more within a minute: each round measures the floor and then
    # the bot straight after, and the ratio is taken within a round. A database named by --db is used once, as
    # a second round would find every message stored already.
    rounds = 1 if args.db else max(args.rounds, 1)
    measured = []
    with loaded(args.messages, "bench/imap_ingest.py") as server:
        url = server.url()
        run = lambda *extra: json.loads(subprocess.run(  # noqa: E731
            [sys.executable, __file__, "--url", url, *extra], capture_output=True, text=True, check=True).stdout)
        for _ in range(rounds):
            measured_floor = run("--part", "floor")
            with tempfile.TemporaryDirectory() as tmp:
                db_url = args.db or f"sqlite:///{tmp}/mailbot.db"
                measured_bot = run("--part", "bot", "--db", db_url, "--data-dir", tmp)
            left = len(server.uids("INBOX"))
            with server.connect() as client:  # the next round reads the same messages again
                for folder in ("Processed", "Quarantine"):
                    client.select_folder(folder)
                    if done := client.search(["ALL"]):
                        client.move(done, "INBOX")
            measured.append((measured_floor, measured_bot, left))
    ratios = []
    print(f"messages      {args.messages} (a mix), {rounds} round{'s' if rounds > 1 else ''}, "
          f"the floor and then the bot in each")
    for n, (measured_floor, measured_bot, left) in enumerate(measured, 1):
        floor_rate = measured_floor["messages"] / measured_floor["seconds"]
        bot_rate = measured_bot["messages"] / measured_bot["seconds"]
        ratios.append(bot_rate / floor_rate)
        print(f"round {n}       floor {floor_rate:.0f} messages/s (fetch + mail-parser), peak "
              f"{measured_floor['peak_rss_mib']:.0f} MiB; bot {bot_rate:.0f} messages/s "
              f"({(args.db or 'sqlite').split(':')[0]}), peak {measured_bot['peak_rss_mib']:.0f} MiB, "
              f"{left} left in the inbox; ratio {ratios[-1]:.2f}")
    print(f"ratio         {statistics.median(ratios):.2f} of the floor's rate, the median "
          f"({min(ratios):.2f} to {max(ratios):.2f}; goal: 0.5)")


if __name__ == "__main__":
    main()
