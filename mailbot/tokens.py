"""Reply tokens: one for each outgoing mail, carried in its Reply-To and Message-ID; a reply or a command
takes authority only with a token issued for its ticket, the request's current stage, the audience that may
act and (for the security contacts) the addresses it was sent to, used once, before it expires.

A token is SERIAL + MAC. The serial (random) names the row of reply_tokens that records what the token was
issued for and whether it has been used; the MAC (HMAC-SHA256 with MAILBOT_SECRET) binds the serial to that
ticket, stage, audience, recipients and expiry, so that neither a guessed serial nor an altered row makes a
genuine token. Keys rotated out (MAILBOT_PREVIOUS_SECRETS) verify the tokens they signed until they expire.
The registrar's copy of a ticket's mail carries a token of its own audience, so it can never authorise.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from mailbot.errors import TemporaryError
from mailbot.services import Services
from mailbot.store.models import ReplyToken, Ticket
from mailbot.store.rows import Rows

AUDIENCES = ("security", "registrar", "operators", "gds", "notify", "queue", "requester")
# The header every mail of the bot carries, naming the bot (outbox.compose writes it): mail that comes back with it is
# the bot's own, and never acted on (classify).
LOOP_HEADER = "X-Registry-Lock-Loop"
_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"  # base32, lower case: survives any mail system's case folding
_SERIAL_LEN = 10  # 50 random bits: one a mail; the unique constraint guards against a repeat
_MAC_LEN = 16  # 80 bits
TOKEN_LEN = _SERIAL_LEN + _MAC_LEN
# Tokens of any plausible length are read, so that an old or mangled one is refused by name, not overlooked.
_PLUS = re.compile(r"^(?P<local>[^+@]+)\+(?P<ref>RL-\d{6})\.(?P<token>[a-z2-7]{8,64})@(?P<domain>.+)$", re.I)
_MSGID = re.compile(r"^<(?P<ref>RL-\d{6})\.(?P<token>[a-z2-7]{8,64})(\.[0-9a-f]+)?@(?P<domain>[^>]+)>$", re.I)
_WHO = {"security": "security contacts", "operators": "operators", "gds": "GDS"}


class TokenUsedMeanwhile(TemporaryError):
    """Another process used the token between our check and our use: the message is processed again."""


def _mac(key: bytes, ref: str, stage: int, audience: str, serial: str, recipients, expires_at: datetime) -> str:
    bound = "|".join([ref.upper(), str(stage), audience, serial,
                      expires_at.astimezone(UTC).isoformat(timespec="seconds"), ",".join(sorted(recipients))])
    digest = hmac.new(key, bound.encode(), hashlib.sha256).digest()
    return base64.b32encode(digest).decode().lower()[:_MAC_LEN]


def issue_token(session: Session, app: Services, ticket: Ticket, audience: str, recipients) -> str:
    """A new token for one outgoing mail of `ticket` to `recipients`, recorded in the caller's transaction."""
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}")
    now = app.clock.now()
    serial = base64.b32encode(secrets.token_bytes(7)).decode().lower()[:_SERIAL_LEN]  # 56 random bits, 50 kept
    expires = (now + timedelta(days=app.settings.token_days)).replace(microsecond=0)
    to = sorted({a.lower() for a in recipients})
    _ISSUE.run(session, {"serial": serial, "ticket_id": ticket.id, "stage": ticket.stage, "audience": audience,
                         "recipients": to, "issued_at": now, "expires_at": expires})
    return serial + _mac(app.settings.secret, ticket.ref, ticket.stage, audience, serial, to, expires)


# Written at once, as a row: nothing reads a token back while the mail that carries it is being made.
_ISSUE = Rows(insert(ReplyToken.__table__))


def reply_address(bot: str, ref: str, token: str) -> str:
    local, _, domain = bot.partition("@")
    return f"{local}+{ref}.{token}@{domain}"


def new_message_id(bot: str, ref: str, token: str) -> str:
    # The token is unique to the mail, so it makes the Message-ID unique too; short enough not to be folded.
    return f"<{ref}.{token}@{bot.partition('@')[2]}>"


def found_tokens(bot: str, recipients, message_ids) -> list[tuple[str, str]]:
    """(ref, token) pairs from plus-addresses of the bot and from Message-IDs the mail replies to."""
    bot_local, _, bot_domain = bot.lower().partition("@")
    found: list[tuple[str, str]] = []
    for addr in recipients:
        m = _PLUS.match(addr.strip())
        if m and m["local"].lower() == bot_local and m["domain"].lower() == bot_domain:
            found.append((m["ref"].upper(), m["token"].lower()))
    for mid in message_ids:
        m = _MSGID.match(mid.strip())
        if m and m["domain"].lower() == bot_domain:
            found.append((m["ref"].upper(), m["token"].lower()))
    return list(dict.fromkeys(found))


def token_audience(session: Session, token: str | None) -> str | None:
    """The audience a token's row names, without checking the token: only to tell which way a mail goes
    (a command or a reply); check_token decides whether it counts."""
    if not token or len(token) != TOKEN_LEN:
        return None
    return session.scalar(select(ReplyToken.audience).where(ReplyToken.serial == token[:_SERIAL_LEN].lower()))


@dataclass(frozen=True)
class TokenCheck:
    """Whether a token counts, and if not why; `suspicious` when its holder should not be using it so
    (forged, another ticket's, an earlier stage's, another audience's, sent to others, or already used)."""

    token: str | None
    problem: str | None = None
    suspicious: bool = False
    row_id: int | None = None
    serial: str | None = None
    audience: str | None = None
    stage: int | None = None
    ref: str | None = None
    used_for: str | None = None  # set when a dispute follows the confirmation that used the token

    @property
    def ok(self) -> bool:
        return self.problem is None

    def as_data(self) -> dict:
        """What the ticket's history keeps: never the token itself, which would let a reader use it."""
        return {"serial": self.serial, "audience": self.audience, "stage": self.stage, "ticket": self.ref,
                "problem": self.problem, "suspicious": self.suspicious}


def _keys(settings, now: datetime) -> tuple[list[bytes], list[tuple[bytes, datetime]]]:
    """(keys that verify now, keys retired by now with the instant they expired)."""
    previous = getattr(settings, "previous_secrets", ())
    return ([settings.secret] + [k for k, until in previous if now < until],
            [(k, until) for k, until in previous if now >= until])


def check_token(session: Session, app: Services, ticket: Ticket, token: str | None, *, audience: str,
                sender: str | None, intent: str | None = None, bind_to_recipients: bool = True) -> TokenCheck:
    """Does `token`, found in a mail about `ticket` from `sender`, let that mail act for `audience`?

    A dispute may follow a confirmation with the same token: stopping a change must never be harder than
    authorising it. So may a confirmation from another address the token was sent to: the confirmation goes
    to every lock contact at once, and a second one answering it is a duplicate (used_for tells the caller),
    not a replay. Commands pass bind_to_recipients=False: the operators' and GDS's mail goes to a team
    mailbox, and their allowlist in rules.yaml says who may act on it."""
    if token is None:
        return TokenCheck(None, "it does not carry the ticket's reply token (a reference in the subject is not enough)")
    token = token.lower()
    forged = TokenCheck(token, "its reply token is not genuine", suspicious=True)
    if len(token) != TOKEN_LEN or not set(token) <= set(_ALPHABET):
        return forged
    serial, mac = token[:_SERIAL_LEN], token[_SERIAL_LEN:]
    row = session.scalar(select(ReplyToken).where(ReplyToken.serial == serial))
    if row is None:
        return forged
    now = app.clock.now()
    ref = row.ticket.ref

    def signed_with(key: bytes) -> bool:
        return hmac.compare_digest(_mac(key, ref, row.stage, row.audience, serial, row.recipients, row.expires_at), mac)

    active, retired = _keys(app.settings, now)
    genuine = any([signed_with(key) for key in active])  # a list: every key is tried, whichever matches
    retired_on = next((until for key, until in retired if signed_with(key)), None)
    if not genuine and retired_on is None:
        return forged
    found = dict(token=token, row_id=row.id, serial=serial, audience=row.audience, stage=row.stage, ref=ref)

    def refused(problem: str, suspicious: bool = True) -> TokenCheck:
        return TokenCheck(problem=problem, suspicious=suspicious, **found)

    if row.ticket_id != ticket.id:
        return refused(f"its reply token belongs to another ticket ({ref})")
    if row.audience != audience:
        return refused(f"its reply token was issued to the {row.audience}, not the {_WHO.get(audience, audience)}")
    if row.stage < ticket.stage:
        return refused("its reply token is for an earlier version of the request")
    if not genuine:
        return refused(f"its reply token was signed with a key retired on {retired_on:%Y-%m-%d}", suspicious=False)
    if now >= row.expires_at:
        return refused(f"its reply token expired on {row.expires_at:%Y-%m-%d %H:%M} UTC", suspicious=False)
    who = (sender or "").lower()
    also_confirms = (intent == "confirm" and row.used_for == "confirm" and bind_to_recipients
                     and who in row.recipients and who != (row.used_by or "").lower())
    if row.used_at is not None and not (intent == "dispute" and row.used_for == "confirm") and not also_confirms:
        return refused(f"its reply token was already used ({row.used_for} by {row.used_by} at "
                       f"{row.used_at:%Y-%m-%d %H:%M} UTC)")
    if bind_to_recipients and who not in row.recipients:
        return refused(f"its reply token was not sent to {sender or 'its sender'}")
    return TokenCheck(used_for=row.used_for, **found)


def consume_token(session: Session, app: Services, check: TokenCheck, *, by: str, used_for: str,
                  message_pk: int | None) -> None:
    """Use the token up, in the transaction of the change it causes; it never counts again."""
    if check.row_id is None or check.problem is not None:
        raise ValueError("only a token that counts can be used")
    if check.used_for is not None:
        return  # a dispute after the confirmation that used it: the ticket is stopped, nothing is left to use
    done = session.execute(update(ReplyToken).where(ReplyToken.id == check.row_id, ReplyToken.used_at.is_(None))
                           .values(used_at=app.clock.now(), used_for=used_for, used_by=by,
                                   used_message_pk=message_pk))
    if done.rowcount != 1:
        raise TokenUsedMeanwhile(f"reply token {check.serial} was used by another message meanwhile")
