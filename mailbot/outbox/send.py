"""Send: delivers outbox rows to an SMTP relay or, on the embedded default, a Maildir; retried with back-off.

Never twice once the relay has it. A sender claims a row with a token of its own, and commits `handing_over`
(only while its claim still stands) before it says the last word of DATA, the "." that makes the relay take the
message. A claim that went stale before that point is taken over and sent again: the relay never took it,
since a connection that drops before the "." leaves nothing behind (RFC 5321 4.1.1.4). A row left
`handing_over` by a sender that died, or whose relay went silent after the ".", may be at the relay or not:
it becomes `in_doubt` and a person settles it (`mailbot outbox resend` or `mailbot outbox mark-sent`).

What sending came to is recorded, never acted on here: the row's status (and the message's), and, for a mail that
failed for good or is in doubt, a result row (`OutboxResult`: status, reason, when) in the same transaction, which
the workflow finds, notes on the ticket and tells the operators of (mailbot.workflow.delivery).
"""

from __future__ import annotations

import logging
import mailbox
import os
import re
import secrets
import smtplib
import ssl
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from sqlalchemy import or_, select, update

from mailbot import audit
from mailbot.errors import ConfigError, NotFound, without_credentials
from mailbot.services import Services
from mailbot.store.models import OutboxItem, OutboxResult, Ticket
from mailbot.store.values import MessageStatus, OutboxStatus

log = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(hours=1)


class TemporaryFailure(Exception):
    """The relay is down or answered 4xx: try again later."""


class PermanentFailure(Exception):
    """The relay answered 5xx: trying again would not help."""


class InDoubt(Exception):
    """The last word of DATA went out but no answer came back: the relay may or may not have the message."""


class ClaimLost(Exception):
    """Another sender took this message over (ours was too slow): we stop before the relay could take it."""


class MaildirTransport:
    """Writes each message once into a real Maildir, readable by any mail client."""

    idempotent = True  # written under the row's id: a second write of the same row finds the first

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        mailbox.Maildir(self.path, create=True)  # makes cur/, new/ and tmp/

    def deliver(self, item: OutboxItem, raw: bytes, sender: str, commit_point=lambda: True) -> None:
        name = f"outbox-{item.id:08d}"
        if any((self.path / sub / name).exists() for sub in ("new", "cur")):
            return  # written before a crash: never twice
        tmp = self.path / "tmp" / name
        with open(tmp, "wb") as f:
            f.write(raw)
            f.flush()
            os.fsync(f.fileno())
        if not commit_point():
            raise ClaimLost(f"outbox {item.id} was taken over by another sender")
        tmp.rename(self.path / "new" / name)


class SMTPTransport:
    """smtp://user:pass@host:587 (STARTTLS required), smtps://...:465 (implicit TLS).

    Query options: ?tls=none (no TLS: only for a relay on loopback), ?cafile=PATH (the relay's private CA).
    """

    idempotent = False  # a relay keeps whatever it accepted: the same message twice is two messages

    def __init__(self, url: str, timeout: float = 30):
        u = urlsplit(url)
        if u.scheme not in ("smtp", "smtps") or not u.hostname:
            raise ConfigError(f"MAILBOT_SMTP_URL: expected smtp://user:password@host:port or "
                              f"smtps://user:password@host:port, got {without_credentials(url)!r}")
        self.implicit_tls = u.scheme == "smtps"
        self.host, self.port = u.hostname, u.port or (465 if self.implicit_tls else 587)
        self.user = unquote(u.username) if u.username else None
        self.password = unquote(u.password) if u.password else None
        query = parse_qs(u.query)
        self.starttls = query.get("tls", ["starttls"])[0] != "none" and not self.implicit_tls
        # A private CA for the relay's certificate; the system's trusted CAs otherwise.
        self.tls = ssl.create_default_context(cafile=query.get("cafile", [None])[0])
        self.timeout = timeout

    def deliver(self, item: OutboxItem, raw: bytes, sender: str, commit_point=lambda: True) -> None:
        """One SMTP transaction; `commit_point()` is called just before the final "." and must return True
        for the message to be handed over (False: our claim is gone, and the connection is dropped)."""
        recipients = list(item.to) + list(item.cc)
        client = None
        try:
            if self.implicit_tls:
                client = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=self.tls)
            else:
                client = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            if self.starttls:
                client.starttls(context=self.tls)
            if self.user:
                client.login(self.user, self.password or "")
            refused = _transaction(client, sender, recipients, raw, commit_point)
            _quit(client)
        except (ClaimLost, InDoubt):
            _drop(client)
            raise
        except smtplib.SMTPNotSupportedError:
            _quit(client)
            # The relay will not take it tomorrow either: failed, and the operators are told, like a 5xx.
            raise PermanentFailure("the relay does not offer SMTPUTF8 (RFC 6531), which an address of this "
                                   "mail needs") from None
        except smtplib.SMTPAuthenticationError as e:
            _drop(client)
            # Our credentials, not the message, are wrong: keep the mail until the settings are put right.
            raise TemporaryFailure(f"the relay refused our login: {e.smtp_code} {e.smtp_error!r}") from None
        except smtplib.SMTPResponseException as e:
            _quit(client)
            if 400 <= e.smtp_code < 500:
                raise TemporaryFailure(f"{e.smtp_code} {e.smtp_error!r}") from None
            raise PermanentFailure(f"{e.smtp_code} {e.smtp_error!r}") from None
        except smtplib.SMTPRecipientsRefused as e:
            _quit(client)
            codes = [c for c, _ in e.recipients.values()]
            if all(400 <= c < 500 for c in codes):
                raise TemporaryFailure(f"recipients refused for now: {e.recipients}") from None
            raise PermanentFailure(f"recipients refused: {e.recipients}") from None
        except (OSError, smtplib.SMTPException) as e:
            _drop(client)
            raise TemporaryFailure(f"{type(e).__name__}: {e}") from None
        if refused:
            log.warning("outbox %s: some recipients refused: %s", item.id, refused)


def _transaction(client: smtplib.SMTP, sender: str, recipients: list[str], raw: bytes, commit_point) -> dict:
    """MAIL, RCPT, DATA as smtplib.sendmail does them, with the commit point before the final "."."""
    client.ehlo_or_helo_if_needed()
    options = [f"SIZE={len(raw)}"] if client.does_esmtp and client.has_extn("size") else []
    if not (sender.isascii() and all(r.isascii() for r in recipients) and raw.isascii()):
        # An internationalised address (RFC 6531): smtplib then speaks UTF-8, or raises SMTPNotSupportedError
        # when the relay does not offer SMTPUTF8, before anything is sent.
        options.append("SMTPUTF8")
    code, answer = client.mail(sender, options)
    if code != 250:
        raise smtplib.SMTPSenderRefused(code, answer, sender)
    refused = {}
    for rcpt in recipients:
        code, answer = client.rcpt(rcpt)
        if code not in (250, 251):
            refused[rcpt] = (code, answer)
    if len(refused) == len(recipients):
        raise smtplib.SMTPRecipientsRefused(refused)
    code, answer = client.docmd("DATA")
    if code != 354:
        raise smtplib.SMTPDataError(code, answer)
    data = _DOT.sub(b"..", raw)  # RFC 5321 4.5.2: a line that starts with "." gets another
    client.send(data if data.endswith(b"\r\n") else data + b"\r\n")
    if not commit_point():
        raise ClaimLost("another sender took this message over")
    client.send(b".\r\n")
    try:
        code, answer = client.getreply()
    except (OSError, smtplib.SMTPException) as e:
        raise InDoubt(f"no answer after the end of DATA: {type(e).__name__}: {e}") from None
    if code != 250:
        raise smtplib.SMTPDataError(code, answer)
    return refused


_DOT = re.compile(rb"(?m)^\.")


def _quit(client) -> None:
    try:
        client.quit()
    except (OSError, smtplib.SMTPException):
        _drop(client)


def _drop(client) -> None:
    if client is not None:
        client.close()


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
    status: str  # the item's OutboxStatus, or "taken_over" when another sender finished it
    error: str | None = None


def summary(results: list[SendResult]) -> dict[str, int]:
    """What a round of sending did, as `mailbot send` and `mailbot run --until-idle` report it."""
    named = {OutboxStatus.SENT: "sent", OutboxStatus.PENDING: "retrying", OutboxStatus.FAILED: "failed",
             OutboxStatus.IN_DOUBT: "in_doubt"}
    return {name: sum(r.status == status for r in results) for status, name in named.items()}


def send_due(app: Services, transport, limit: int = 100) -> list[SendResult]:
    """Send what is due. Each row is claimed in its own transaction, so two senders never take the same one."""
    results = []
    stale = lambda: app.clock.now() - timedelta(seconds=app.settings.send_claim_seconds)  # noqa: E731
    for _ in range(limit):
        now = app.clock.now()
        with app.tx() as session:
            query = (
                select(OutboxItem)
                .where(
                    or_(
                        (OutboxItem.status == OutboxStatus.PENDING) & (OutboxItem.next_attempt_at <= now),
                        # A claim this old belongs to a sender that died or stalled: live sends time out sooner.
                        OutboxItem.status.in_([OutboxStatus.SENDING, OutboxStatus.HANDING_OVER])
                        & (OutboxItem.claimed_at <= stale()),
                    )
                )
                .order_by(OutboxItem.next_attempt_at, OutboxItem.id)
                .limit(1)
                .with_for_update(skip_locked=True)
            )
            item = session.scalar(query)
            if item is None:
                break
            if item.status == OutboxStatus.HANDING_OVER and not transport.idempotent:
                _in_doubt(session, app, item, "was being handed to the relay when its sender stopped")
                results.append(SendResult(item.id, OutboxStatus.IN_DOUBT))
                continue
            if item.status != OutboxStatus.PENDING:
                # Taken over before the relay could have it: sending it now sends it once.
                log.warning("outbox %s (%s) was claimed by a sender that stopped: sending it", item.id, item.message_id)
            claim = secrets.token_hex(16)
            item.status, item.claimed_at, item.claim = OutboxStatus.SENDING, now, claim
            item.attempts += 1
            raw = item.message.raw
        results.append(_deliver(app, transport, item, raw, claim))
    return results


def _deliver(app: Services, transport, item: OutboxItem, raw: bytes, claim: str) -> SendResult:
    def commit_point() -> bool:
        """Committed before the relay can take the message: from here on it is never sent again by itself."""
        with app.tx() as session:
            handed = session.execute(
                update(OutboxItem)
                .where(OutboxItem.id == item.id, OutboxItem.claim == claim,
                       OutboxItem.status == OutboxStatus.SENDING)
                .values(status=OutboxStatus.HANDING_OVER, claimed_at=app.clock.now())
            ).rowcount
        return handed == 1

    try:
        transport.deliver(item, raw, app.rules.addresses.bot, commit_point)
    except ClaimLost as e:
        log.warning("outbox %s (%s): %s; left to it", item.id, item.template, e)
        return SendResult(item.id, "taken_over", str(e))
    except InDoubt as e:
        with app.tx() as session:
            row = session.get(OutboxItem, item.id, with_for_update=True)
            if row.claim == claim and row.status in (OutboxStatus.HANDING_OVER, OutboxStatus.IN_DOUBT):
                _in_doubt(session, app, row, str(e))
        return SendResult(item.id, OutboxStatus.IN_DOUBT, str(e))
    except TemporaryFailure as e:
        status, error = OutboxStatus.PENDING, str(e)
    except PermanentFailure as e:
        status, error = OutboxStatus.FAILED, str(e)
    else:
        status, error = OutboxStatus.SENT, None
    now = app.clock.now()
    with app.tx() as session:
        row = session.get(OutboxItem, item.id, with_for_update=True)
        if row.claim != claim:  # another sender took it over while ours stalled before the relay had it
            log.warning("outbox %s (%s): taken over by another sender; its result stands", item.id, item.template)
            return SendResult(item.id, "taken_over", error)
        row.status, row.last_error, row.claimed_at, row.claim = status, error, None, None
        if status == OutboxStatus.SENT:
            row.sent_at = now
            row.message.status = MessageStatus.SENT
        elif status == OutboxStatus.PENDING:
            row.next_attempt_at = now + backoff(row.attempts)
        else:
            row.message.status = MessageStatus.FAILED
            _result(session, row, error, now)
    log.info("outbox %s (%s): %s%s", item.id, item.template, status, f": {error}" if error else "")
    return SendResult(item.id, status, error)


def _in_doubt(session, app: Services, row: OutboxItem, why: str) -> None:
    """The relay may have the message or not; sending it again could send it twice. A person settles it: the
    workflow tells the operators, from the result recorded here."""
    row.status, row.last_error = OutboxStatus.IN_DOUBT, why
    log.error("outbox %s (%s) is in doubt: %s", row.id, row.message_id, why)
    _result(session, row, why, app.clock.now())


def _result(session, row: OutboxItem, reason: str, now) -> None:
    """A result a person must hear of (the row failed or is in doubt), for the workflow to find and act on."""
    session.add(OutboxResult(outbox_id=row.id, status=row.status, reason=reason, at=now))


def settle(session, app: Services, outbox_id: int, *, arrived: bool, operator: str) -> OutboxItem:
    """A person's answer for mail in doubt: it reached the relay (sent), or it did not (sent again)."""
    row = session.get(OutboxItem, outbox_id, with_for_update=True)
    if row is None or row.status != OutboxStatus.IN_DOUBT:
        raise NotFound(f"no outbox message {outbox_id} in doubt")
    now = app.clock.now()
    if arrived:
        row.status, row.sent_at, row.claim = OutboxStatus.SENT, now, None
        row.message.status = MessageStatus.SENT
    else:
        row.status, row.next_attempt_at, row.claim = OutboxStatus.PENDING, now, None
    if row.ticket is not None:
        session.get(Ticket, row.ticket_id, with_for_update=True)
        _note(session, app, row, "mail_settled", actor=operator,
              reason=f"{row.template} ({row.message_id}) " + ("reached the relay" if arrived else
                                                              "did not reach the relay: sent again"),
              data={"outbox": row.id, "arrived": arrived})
    return row


def _note(session, app: Services, row: OutboxItem, kind: str, *, actor: str, reason: str, data: dict) -> None:
    """What became of a ticket's mail, in the ticket's history; its state stays as it is."""
    ticket = row.ticket
    audit.append(session, ticket, at=app.clock.now(), kind=kind, actor=actor, reason=reason, before=ticket.state,
                 after=ticket.state, data=data)
