"""The service: the configured ingesters (SMTP/LMTP listener, IMAP reader), the deadline sweep and the outbox
sender, in one process, until SIGTERM; or everything waiting once (`--until-idle`)."""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import select

from mailbot import parser_processes
from mailbot.outbox.send import SendResult, send_due, summary, transport_for
from mailbot.services import Services
from mailbot.store.models import ServicePart
from mailbot.store.values import OutboxStatus
from mailbot.workflow import delivery, history_digest, zone_watch
from mailbot.workflow.sweep import sweep

log = logging.getLogger(__name__)
INSTANCE = f"{socket.gethostname()}:{os.getpid()}"


def report(app: Services, part: str, state: str, detail: str | None = None) -> None:
    """Say what a part of this instance is doing, for `mailbot status`."""
    name = f"{INSTANCE}/{part}"
    try:
        with app.tx() as session:
            row = session.get(ServicePart, name, with_for_update=True) or ServicePart(name=name)
            row.state, row.detail, row.updated_at = state, detail, app.clock.now()
            session.add(row)
    except Exception as e:  # status is a courtesy: it never stops the work
        log.debug("could not record the state of %s: %s", name, e)


def _sweep(app: Services) -> None:
    for action in sweep(app):
        log.info("%s: %s (%s), due %s", action.ticket, action.action, action.template, action.due)
    report(app, "sweep", "running")


def _history_digest(app: Services) -> None:
    if (item := history_digest.send_daily(app)) is not None:
        log.info("outbox %s: the day's history digest for GDS", item)


def _zone(app: Services) -> None:
    """One check of the published zone (mailbot.workflow.zone_watch): a zone that cannot be read is logged and tried
    again at the next interval, never an alarm."""
    result = zone_watch.check(app)
    if result.error:
        log.warning("zone watch: %s", result.error)
        report(app, "zone", "retrying", result.error)
        return
    for alarm in result.alarms:
        log.warning("zone watch: %s %s: %s", "alarm told again" if alarm["again"] else "ALARM", alarm["ticket"],
                    alarm["domain"])
    for kind in ("seen", "different", "late"):
        for item in getattr(result, kind):
            log.info("zone watch: %s %s: %s", kind, item["ticket"], item["domain"])
    report(app, "zone", "watching", f"serial {result.serial}")


def _send(app: Services, transport) -> None:
    for result in send_round(app, transport):
        log.info("outbox %s: %s%s", result.id, result.status, f": {result.error}" if result.error else "")
    report(app, "sender", "running")


def send_round(app: Services, transport, limit: int = 100) -> list[SendResult]:
    """Send what is due, then act on what sending came to (workflow.delivery: mail that failed or is in doubt noted on
    its ticket, the operators told), and send those notices too. A notice that itself fails or is in doubt is acted on
    the same way, a few rounds deep at most here; what is left waits for the next round, recorded."""
    results = send_due(app, transport, limit)
    for _ in range(_ROUNDS):
        if not delivery.act_on_results(app):
            break
        results += send_due(app, transport, limit)
    return results


_ROUNDS = 3


def prepare(app: Services) -> None:
    """What a service does once as it starts, not in the middle of the first messages: every template
    compiled (a broken one stops the start with its name), the bank holidays of this year and the next read, and
    the statements every message needs compiled, and the parser processes started."""
    app.renderer.compile_all()
    if app.settings.zone_source is not None:
        zone_watch.checked_source(app)  # a source naming another zone stops the start, in one line
    year = app.clock.now().year
    app.rules.working_calendar.prepare(year, year + 1)
    _compile_statements(app)
    try:
        parser_processes.start()
    except parser_processes.ParserUnavailable as e:  # each message will try again, or parse in this process
        log.error("%s", e)


def _compile_statements(app: Services) -> None:
    """Run once, finding nothing, the look-ups through the session that acting on mail makes (a ticket, its
    domain and registrar by id, the registry records): SQLAlchemy compiles each the first time, some 2 ms apiece.
    Read only, and rolled back."""
    from mailbot.store import queries, records
    from mailbot.store.models import Domain, Registrar, Ticket

    with app.sessions() as session:
        for model in (Ticket, Domain, Registrar):
            session.get(model, 0)
        queries.locked_ticket(session, "RL-000000")
        queries.open_change_ticket(session, Domain(name="", organisation_id=0), Registrar(id=0))
        records.known_mail_domains(session, app.rules.addresses.ours)
        records.allowed_addresses(session)
        records.contacts(session, 0, "security")
        session.rollback()


def run_until_idle(app: Services) -> dict:
    """Everything that is waiting, once: mail in the mailbox, due deadlines, the outbox; then return."""
    counts = {"received": 0, "actions": 0, "sent": 0, "retrying": 0, "failed": 0, "in_doubt": 0}
    prepare(app)
    if app.settings.imap is not None:
        from mailbot.ingest.imap import ImapIngester

        reader = ImapIngester(app, app.settings.imap)
        try:
            while batch := reader.catch_up():
                counts["received"] += len(batch)
        finally:
            reader.close()
    if app.settings.zone_source is not None:
        counts["zone_alarms"] = len(zone_watch.check(app).alarms)
    counts["actions"] = len(sweep(app))
    transport = transport_for(app.settings)
    while results := send_round(app, transport):
        for name, n in summary(results).items():
            counts[name] += n
        if all(r.status == OutboxStatus.PENDING for r in results):
            break  # only retries waiting for their back-off
    # Taken last, of the histories as this pass leaves them: the day's digest goes with the next pass's mail.
    history_digest.send_daily(app)
    return counts


def run_forever(app: Services, stop: threading.Event | None = None) -> None:
    stop = stop or threading.Event()
    s = app.settings
    prepare(app)
    transport = transport_for(s)
    listener = reader = reader_thread = None
    if s.listen_host:
        from mailbot.ingest.smtp import start_listener

        listener = start_listener(app, s.listen_host, s.listen_port, protocol=s.listen_protocol,
                                  max_bytes=s.max_message_bytes)
        report(app, "listener", "listening", f"{s.listen_protocol} {s.listen_host}:{s.listen_port}")
    if s.imap is not None:
        from mailbot.ingest.imap import ImapIngester

        reader = ImapIngester(app, s.imap)
        reader_thread = threading.Thread(target=reader.run, args=(stop,), name="imap", daemon=True)
        reader_thread.start()
    scheduler = BackgroundScheduler(timezone="UTC")
    # One of each job at a time; after a pause, a missed run is run once, not once per missed interval.
    scheduler.add_job(_send, "interval", seconds=s.send_interval, args=[app, transport], id="outbox",
                      max_instances=1, coalesce=True)
    # The sweep runs at once on start (catching up with what fell due while stopped), then every interval.
    scheduler.add_job(_sweep, "interval", seconds=s.sweep_interval, args=[app], id="deadlines",
                      max_instances=1, coalesce=True, next_run_time=datetime.now(UTC))
    # The day's digest of the histories' heads, to GDS: looked for hourly, from a few minutes after the start.
    scheduler.add_job(_history_digest, "interval", hours=1, args=[app], id="history-digest", max_instances=1,
                      coalesce=True, next_run_time=datetime.now(UTC) + timedelta(minutes=5))
    if s.zone_source is not None:
        # The published zone's serial, at once on start and then every zone.check_every_minutes; read when it moved.
        scheduler.add_job(_zone, "interval", minutes=app.rules.zone_watch.check_every_minutes, args=[app], id="zone",
                          max_instances=1, coalesce=True, next_run_time=datetime.now(UTC))
    if reader is not None:
        scheduler.add_job(lambda: report(app, "imap", reader.state, reader.last_error), "interval", seconds=30,
                          id="imap-status", max_instances=1, coalesce=True, next_run_time=datetime.now(UTC))
    scheduler.start()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    where = s.smtp_url.split("@")[-1] if s.smtp_url else f"the Maildir {s.outbox_dir}"
    print(f"Registry Lock mailbot is running (database {_safe(s.db_url)}).", flush=True)
    if listener is not None:
        print(f"Send mail to {app.rules.addresses.bot} by {s.listen_protocol.upper()} at "
              f"{s.listen_host}:{s.listen_port}.", flush=True)
    if reader is not None:
        print(f"Reading the mailbox {s.imap.mailbox}.", flush=True)
    if s.zone_source is not None:
        print(f"Watching the published zone {s.zone_source} every {app.rules.zone_watch.check_every_minutes} "
              "minutes.", flush=True)
    print(f"Mail from the bot goes to {where}.", flush=True)
    print("Stop with Ctrl-C.", flush=True)
    try:
        stop.wait()
    finally:
        # Finish the message in hand: the listener answers what it has, the reader ends its pass.
        if listener is not None:
            listener.stop()
        if reader_thread is not None:
            reader_thread.join(timeout=60)
        scheduler.shutdown(wait=True)
        send_round(app, transport)  # what the last messages caused goes out before we stop
        for part in ("listener", "imap", "sweep", "sender", "zone"):
            report(app, part, "stopped")
        log.info("stopped")


def _safe(url: str) -> str:
    """A database URL without its password."""
    if "@" not in url:
        return url
    scheme, rest = url.split("://", 1)
    return f"{scheme}://{rest.split('@', 1)[1]}"


def status(app: Services) -> dict:
    from sqlalchemy import func

    from mailbot.store import db
    from mailbot.store.models import ImapFolder, OutboxItem, Ticket
    from mailbot.store.values import FINAL

    revision = db.current_revision(app.engine)
    with app.sessions() as session:
        unsent = OutboxItem.status.in_([OutboxStatus.PENDING, OutboxStatus.SENDING])
        waiting = select(OutboxItem).where(unsent)
        oldest = session.scalar(select(func.min(OutboxItem.created_at)).where(unsent))

        def count(status: OutboxStatus) -> int:
            return session.scalar(select(func.count(OutboxItem.id)).where(OutboxItem.status == status))

        return {
            "database": {"url": _safe(app.settings.db_url), "revision": revision},
            "parts": [{"name": p.name, "state": p.state, "detail": p.detail, "updated_at": p.updated_at.isoformat()}
                      for p in session.scalars(select(ServicePart).order_by(ServicePart.name))],
            "imap": [{"mailbox": f.mailbox, "uidvalidity": f.uidvalidity, "last_uid": f.last_uid,
                      "updated_at": f.updated_at.isoformat()} for f in session.scalars(select(ImapFolder))],
            "outbox": {
                "backlog": session.scalar(select(func.count()).select_from(waiting.subquery())),
                "failed": count(OutboxStatus.FAILED),
                "held": count(OutboxStatus.HELD),
                "oldest_unsent": oldest.isoformat() if oldest else None,
            },
            "zone": zone_watch.last_read(app, session),
            "tickets": {
                "open": session.scalar(select(func.count(Ticket.id))
                                       .where(Ticket.state.not_in([str(s) for s in FINAL]))),
                "next_deadline": (d.isoformat() if (d := session.scalar(select(func.min(Ticket.next_deadline))))
                                  else None),
            },
        }
