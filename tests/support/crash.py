"""The crash drill: `mailbot run` processes, killed with SIGKILL at random moments and started again, reading
a real mailbox and sending to a real relay. Used by tests/test_crash.py (quick) and bench/crash.py (long)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from email.message import EmailMessage

from sqlalchemy import create_engine, func, select

from mailbot.store.models import Message, OutboxItem, OutboxResult, Ticket, TicketMessage


def note(n: int) -> bytes:
    """A message the bot must act on: it opens a triage ticket and tells the operators (one mail out)."""
    msg = EmailMessage()
    msg["From"] = f"sender{n}@example.org"
    msg["To"] = "registrylock@registry.example"
    msg["Subject"] = f"Question {n}"
    msg["Message-ID"] = f"<crash-{n}@example.org>"
    msg.set_content(f"Question number {n} about our domains.\n")
    return msg.as_bytes()


@dataclass
class Drill:
    db_url: str
    imap_url: str
    smtp_url: str
    data_dir: str
    instances: int = 1
    kills: int = 10
    seed: int = 1
    processes: list = field(default_factory=list)

    def environment(self) -> dict:
        return {**os.environ, "MAILBOT_DB": self.db_url, "MAILBOT_IMAP_URL": self.imap_url,
                "MAILBOT_SMTP_URL": self.smtp_url, "MAILBOT_LISTEN": "off", "MAILBOT_DATA_DIR": self.data_dir,
                "MAILBOT_SECRET": "crash-drill-secret-0123456789", "MAILBOT_SEND_INTERVAL": "0.2",
                "MAILBOT_SEND_CLAIM_SECONDS": "3", "MAILBOT_IMAP_IDLE_SECONDS": "5",
                "MAILBOT_IMAP_POLL_SECONDS": "0.5"}

    def start(self) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "mailbot", "run"], env=self.environment(),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def run(self, done) -> int:
        """Kill and restart `kills` times at random moments, then run until `done()`; returns the kills made."""
        rng = random.Random(self.seed)
        self.processes = [self.start() for _ in range(self.instances)]
        try:
            for _ in range(self.kills):
                time.sleep(rng.uniform(0.3, 2.0))
                victim = rng.randrange(len(self.processes))
                self.processes[victim].send_signal(signal.SIGKILL)
                self.processes[victim].wait()
                self.processes[victim] = self.start()
            deadline = time.monotonic() + 240
            while time.monotonic() < deadline and not done():
                time.sleep(0.25)
        finally:
            for p in self.processes:
                p.send_signal(signal.SIGTERM)
            for p in self.processes:
                try:
                    p.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
        return self.kills


def relayed_ids(peer) -> list[str]:
    """The Message-ID of every message the relay accepted, once for each time it accepted it."""
    return [e.original_content.split(b"Message-ID: ", 1)[1].split(b"\r\n", 1)[0].decode() for e in list(peer.received)]


def finished(db_url: str, messages: int) -> bool:
    """Every message acted on, every result of sending acted on (the operators told of mail in doubt), and nothing
    left to send but what waits for a person (in doubt)."""
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            processed = conn.scalar(select(func.count(Message.id)).where(
                Message.direction == "in", Message.status == "processed"))
            waiting = conn.scalar(select(func.count(OutboxItem.id)).where(
                OutboxItem.status.in_(["pending", "sending", "handing_over"])))
            waiting += conn.scalar(select(func.count(OutboxResult.id)).where(OutboxResult.acted_at.is_(None)))
    except Exception:  # the schema is still being made by the first instance
        return False
    finally:
        engine.dispose()
    return processed >= messages and waiting == 0


def outcome(db_url: str, relayed_ids: list[str]) -> dict:
    """What the database and the relay say happened."""
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            incoming = conn.scalar(select(func.count(Message.id)).where(Message.direction == "in"))
            tickets = conn.scalar(select(func.count(Ticket.id)))
            per_message = conn.execute(select(TicketMessage.message_id, func.count()).join(
                Message, Message.id == TicketMessage.message_id).where(Message.direction == "in")
                .group_by(TicketMessage.message_id)).all()
            rows = conn.execute(select(OutboxItem.message_id, OutboxItem.status, OutboxItem.template)).all()
    finally:
        engine.dispose()
    counts = Counter(relayed_ids)
    return {"incoming": incoming, "tickets": tickets, "tickets_per_message": Counter(n for _, n in per_message),
            "replies": {r.message_id for r in rows if r.template == "triage_notice"},
            "outgoing": {r.message_id for r in rows},
            "sent": {r.message_id for r in rows if r.status == "sent"},
            "in_doubt": {r.message_id for r in rows if r.status == "in_doubt"},
            "unsettled": {r.message_id for r in rows if r.status not in ("sent", "in_doubt")},
            "relayed": set(counts), "doubled": {m for m, n in counts.items() if n > 1}}
