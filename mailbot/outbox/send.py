"""Send: delivers outbox rows to an SMTP relay or, on the embedded default, a Maildir; retried with back-off."""

from __future__ import annotations

import logging
import mailbox
import os
import smtplib
import ssl
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from sqlalchemy import or_, select

from mailbot.errors import ConfigError
from mailbot.store.models import OutboxItem, Ticket

log = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(hours=1)


class TemporaryFailure(Exception):
    """The relay is down or answered 4xx: try again later."""


class PermanentFailure(Exception):
    """The relay answered 5xx: trying again would not help."""


class MaildirTransport:
    """Writes each message once into a real Maildir, readable by any mail client."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        mailbox.Maildir(self.path, create=True)  # makes cur/, new/ and tmp/

    def deliver(self, item: OutboxItem, raw: bytes, sender: str) -> None:
        name = f"outbox-{item.id:08d}"
        if any((self.path / sub / name).exists() for sub in ("new", "cur")):
            return  # written before a crash: never twice
        tmp = self.path / "tmp" / name
        with open(tmp, "wb") as f:
            f.write(raw)
            f.flush()
            os.fsync(f.fileno())
        tmp.rename(self.path / "new" / name)


class SMTPTransport:
    """smtp://user:pass@host:587 (STARTTLS required), smtps://...:465 (implicit TLS).

    Query options: ?tls=none (no TLS: only for a relay on loopback), ?cafile=PATH (the relay's private CA).
    """

    def __init__(self, url: str, timeout: float = 30):
        u = urlsplit(url)
        if u.scheme not in ("smtp", "smtps") or not u.hostname:
            raise ConfigError(f"MAILBOT_SMTP_URL: expected smtp://host:port or smtps://host:port, got {url!r}")
        self.implicit_tls = u.scheme == "smtps"
        self.host, self.port = u.hostname, u.port or (465 if self.implicit_tls else 587)
        self.user = unquote(u.username) if u.username else None
        self.password = unquote(u.password) if u.password else None
        query = parse_qs(u.query)
        self.starttls = query.get("tls", ["starttls"])[0] != "none" and not self.implicit_tls
        # A private CA for the relay's certificate; the system's trusted CAs otherwise.
        self.tls = ssl.create_default_context(cafile=query.get("cafile", [None])[0])
        self.timeout = timeout

    def deliver(self, item: OutboxItem, raw: bytes, sender: str) -> None:
        recipients = list(item.to) + list(item.cc)
        try:
            if self.implicit_tls:
                client = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=self.tls)
            else:
                client = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            with client:
                if self.starttls:
                    client.starttls(context=self.tls)
                if self.user:
                    client.login(self.user, self.password or "")
                refused = client.sendmail(sender, recipients, raw)
        except smtplib.SMTPAuthenticationError as e:
            # Our credentials, not the message, are wrong: keep the mail until the settings are put right.
            raise TemporaryFailure(f"the relay refused our login: {e.smtp_code} {e.smtp_error!r}") from None
        except smtplib.SMTPResponseException as e:
            if 400 <= e.smtp_code < 500:
                raise TemporaryFailure(f"{e.smtp_code} {e.smtp_error!r}") from None
            raise PermanentFailure(f"{e.smtp_code} {e.smtp_error!r}") from None
        except smtplib.SMTPRecipientsRefused as e:
            codes = [c for c, _ in e.recipients.values()]
            if all(400 <= c < 500 for c in codes):
                raise TemporaryFailure(f"recipients refused for now: {e.recipients}") from None
            raise PermanentFailure(f"recipients refused: {e.recipients}") from None
        except (OSError, smtplib.SMTPException) as e:
            raise TemporaryFailure(f"{type(e).__name__}: {e}") from None
        if refused:
            log.warning("outbox %s: some recipients refused: %s", item.id, refused)


def transport_for(settings):
    if settings.smtp_url:
        # A live send always ends (by time-out) well before its claim is taken for a dead sender's.
        return SMTPTransport(settings.smtp_url, timeout=min(30.0, settings.send_claim_seconds / 3))
    return MaildirTransport(settings.outbox_dir)


def backoff(attempts: int) -> timedelta:
    return min(timedelta(seconds=30 * 2 ** max(attempts - 1, 0)), MAX_BACKOFF)


@dataclass(frozen=True)
class SendResult:
    id: int
    status: str
    error: str | None = None


def send_due(app, transport, limit: int = 100) -> list[SendResult]:
    """Send what is due. Each row is claimed in its own transaction, so two senders never take the same one."""
    results = []
    for _ in range(limit):
        now = app.clock.now()
        with app.tx() as session:
            query = (
                select(OutboxItem)
                .where(
                    or_(
                        (OutboxItem.status == "pending") & (OutboxItem.next_attempt_at <= now),
                        # A claim this old belongs to a sender that died mid-send: live sends time out sooner.
                        (OutboxItem.status == "sending")
                        & (OutboxItem.claimed_at <= now - timedelta(seconds=app.settings.send_claim_seconds)),
                    )
                )
                .order_by(OutboxItem.next_attempt_at, OutboxItem.id)
                .limit(1)
                .with_for_update(skip_locked=True)
            )
            item = session.scalar(query)
            if item is None:
                break
            if item.status == "sending" and item.ticket is not None:
                # A sender died while this was in hand: the relay may or may not have it. Sending again is
                # the only way not to lose it; the history says so, since a copy may arrive twice.
                from mailbot.workflow import service

                session.get(Ticket, item.ticket_id, with_for_update=True)
                service.note(session, app, item.ticket, "mail_in_doubt", actor="bot",
                             reason=f"{item.template} ({item.message_id}) was being sent when a sender stopped; "
                                    "sending it again", data={"outbox": item.id, "message_id": item.message_id})
                log.warning("outbox %s (%s) was in hand when a sender stopped: sending it again", item.id,
                            item.message_id)
            item.status, item.claimed_at = "sending", now
            item.attempts += 1
            raw = item.message.raw
        results.append(_deliver(app, transport, item, raw))
    return results


def _deliver(app, transport, item: OutboxItem, raw: bytes) -> SendResult:
    try:
        transport.deliver(item, raw, app.rules.addresses.bot)
    except TemporaryFailure as e:
        status, error = "pending", str(e)
    except PermanentFailure as e:
        status, error = "failed", str(e)
    else:
        status, error = "sent", None
    now = app.clock.now()
    with app.tx() as session:
        row = session.get(OutboxItem, item.id, with_for_update=True)
        row.status, row.last_error, row.claimed_at = status, error, None
        if status == "sent":
            row.sent_at = now
            row.message.status = "sent"
        elif status == "pending":
            row.next_attempt_at = now + backoff(row.attempts)
        else:
            row.message.status = "failed"
            _alert_operators(session, app, row, error)
    log.info("outbox %s (%s): %s%s", item.id, item.template, status, f": {error}" if error else "")
    return SendResult(item.id, status, error)


def _alert_operators(session, app, row: OutboxItem, error: str) -> None:
    if row.ticket is None or row.template == "operator_notice":
        return  # never alert about an alert: that could go round for ever
    from mailbot.workflow import service

    session.get(Ticket, row.ticket_id, with_for_update=True)  # one writer of a ticket's history at a time
    service.note(session, app, row.ticket, "mail_failed", actor="bot", reason=f"{row.template}: {error}",
                 data={"outbox": row.id, "to": row.to})
    service.tell_operators(session, app, row.ticket, f"Mail for {row.ticket.ref} could not be delivered",
                           [f"{row.template} to {', '.join(row.to + row.cc)}", f"The relay said: {error}"],
                           "Check the addresses and tell the recipients another way.")
