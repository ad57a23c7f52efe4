"""Workflow: once a day, the digest of every ticket history's head goes to GDS by mail: an anchor kept outside
the database, against which `mailbot audit verify --against` tells an older copy put back (docs/audit.md)."""

from __future__ import annotations

import json
import secrets
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from zoneinfo import ZoneInfo

from mailbot import audit
from mailbot.parse.mail import content_key
from mailbot.services import Services
from mailbot.store.models import Counter, Message, OutboxItem
from mailbot.store.values import MessageStatus, OutboxStatus
from mailbot.tokens import LOOP_HEADER

TEMPLATE = "history_digest"
# counters: the day (its ordinal) of the last digest, so that one goes a day, however many instances run.
_LAST_DAY = "history_digest"


def send_daily(app: Services) -> int | None:
    """Queue the day's digest for GDS, unless it has been queued already today (in the registry's time zone):
    the outbox row's id, or None."""
    now = app.clock.now()
    today = now.astimezone(ZoneInfo(app.rules.calendar.timezone)).date()
    with app.tx() as session:
        # Locked: two instances checking at once queue one digest between them.
        last = session.get(Counter, _LAST_DAY, with_for_update=True)
        if last is None:  # 0010 makes the row; only an emptied database lacks it
            last = Counter(name=_LAST_DAY, value=0)
            session.add(last)
        if last.value >= today.toordinal():
            return None
        last.value = today.toordinal()
        return queue(session, app, audit.digest(session, now))


def queue(session, app: Services, found: dict) -> int:
    """Write the digest's mail to GDS, with the digest attached as JSON, and its outbox row: the row's id."""
    now = app.clock.now()
    a = app.rules.addresses
    day = now.astimezone(ZoneInfo(app.rules.calendar.timezone)).date()
    file = f"history-digest-{day.isoformat()}.json"
    context = {
        "service": {"name": app.rules.service_name},
        "day": app.when(now).rpartition(", ")[0],  # "Friday 27 November 2026"
        "made_at": app.when(now),
        "file": file,
        "tickets": len(found["tickets"]),
        "events": sum(t["count"] for t in found["tickets"]),
    }
    subject, body = app.renderer.render(TEMPLATE, context)
    message_id = f"<history-digest.{day.isoformat()}.{secrets.token_hex(8)}@{a.bot_domain}>"
    msg = EmailMessage(policy=SMTP)
    msg["From"] = Address(app.rules.service_name, addr_spec=a.bot)
    msg["To"] = a.gds
    msg["Subject"] = subject
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = message_id
    msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: nobody's mail answered; no auto-reply wanted
    msg["X-Auto-Response-Suppress"] = "All"
    msg[LOOP_HEADER] = a.bot
    msg.set_content(body)
    msg.add_attachment(json.dumps(found, indent=1).encode(), maintype="application", subtype="json",
                       filename=file)
    raw = msg.as_bytes()
    stored = Message(direction="out", source="outbox", message_id=message_id, content_key=content_key(raw), raw=raw,
                     from_addr=a.bot, subject=subject, received_at=now, status=MessageStatus.QUEUED, kind=TEMPLATE)
    session.add(stored)
    session.flush()
    item = OutboxItem(ticket_id=None, message_pk=stored.id, template=TEMPLATE, message_id=message_id, to=[a.gds],
                      cc=[], subject=subject, status=OutboxStatus.PENDING, external=False, attempts=0,
                      next_attempt_at=now, created_at=now)
    session.add(item)
    session.flush()
    return item.id
