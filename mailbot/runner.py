"""The service: the SMTP listener for mail in, and the scheduler that runs the deadline sweep and the outbox
sender, until stopped."""

from __future__ import annotations

import logging
import signal
import threading
from datetime import UTC, datetime

from apscheduler.schedulers.background import BackgroundScheduler

from mailbot.ingest.smtp import start_listener
from mailbot.outbox.send import send_due, transport_for
from mailbot.workflow.sweep import sweep

log = logging.getLogger(__name__)


def _sweep(app) -> None:
    for action in sweep(app):
        log.info("%s: %s (%s), due %s", action.ticket, action.action, action.template, action.due)


def run_forever(app, stop: threading.Event | None = None) -> None:
    stop = stop or threading.Event()
    s = app.settings
    transport = transport_for(s)
    listener = start_listener(app, s.listen_host, s.listen_port)
    scheduler = BackgroundScheduler(timezone="UTC")
    # One sender at a time in this process; overdue runs after a pause are run once, not once per missed run.
    scheduler.add_job(send_due, "interval", seconds=s.send_interval, args=[app, transport], id="outbox",
                      max_instances=1, coalesce=True)
    # The sweep runs at once on start (catching up with what fell due while stopped), then every interval.
    scheduler.add_job(_sweep, "interval", seconds=s.sweep_interval, args=[app], id="deadlines",
                      max_instances=1, coalesce=True, next_run_time=datetime.now(UTC))
    scheduler.start()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    where = s.smtp_url.split("@")[-1] if s.smtp_url else f"the Maildir {s.outbox_dir}"
    print(f"Registry Lock mailbot is running (database {s.db_url}).", flush=True)
    print(f"Send mail to {app.rules.addresses.bot} by SMTP at {s.listen_host}:{s.listen_port}.", flush=True)
    print(f"Mail from the bot goes to {where}.", flush=True)
    print("Stop with Ctrl-C.", flush=True)
    try:
        stop.wait()
    finally:
        listener.stop()
        scheduler.shutdown(wait=True)
        send_due(app, transport)  # what the last messages caused goes out before we stop
        log.info("stopped")
