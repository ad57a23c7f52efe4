"""Reply tokens: a secret HMAC per ticket, stage and audience, carried in Reply-To and Message-ID of ticket mail.

A reply counts only if it carries the token of the audience that may act (the security contacts) for the
ticket's current stage; the registrar's copy carries a token of its own, so it can never authorise.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

AUDIENCES = ("security", "registrar", "operators", "gds", "notify", "queue", "requester")
_TOKEN_LEN = 16  # base32 characters: 80 bits
_PLUS = re.compile(r"^(?P<local>[^+@]+)\+(?P<ref>RL-\d{6})\.(?P<token>[a-z2-7]{16})@(?P<domain>.+)$", re.I)
_MSGID = re.compile(r"^<(?P<ref>RL-\d{6})\.(?P<token>[a-z2-7]{16})\.[0-9a-f]+@(?P<domain>[^>]+)>$", re.I)


def reply_token(secret: bytes, ref: str, stage: int, audience: str) -> str:
    mac = hmac.new(secret, f"{ref.upper()}|{stage}|{audience}".encode(), hashlib.sha256).digest()
    return base64.b32encode(mac).decode().lower()[:_TOKEN_LEN]


def reply_address(bot: str, ref: str, token: str) -> str:
    local, _, domain = bot.partition("@")
    return f"{local}+{ref}.{token}@{domain}"


def new_message_id(bot: str, ref: str, token: str) -> str:
    return f"<{ref}.{token}.{secrets.token_hex(8)}@{bot.partition('@')[2]}>"


@dataclass(frozen=True)
class TokenCheck:
    ref: str
    audience: str | None  # who the token was issued to, when it is genuine
    stage: int | None  # the stage it was issued for
    current: bool  # issued for the ticket's current stage


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


def check_token(secret: bytes, ref: str, token: str, current_stage: int) -> TokenCheck:
    """Which audience and stage a token was issued for, comparing in constant time."""
    for stage in range(current_stage, 0, -1):
        for audience in AUDIENCES:
            if hmac.compare_digest(reply_token(secret, ref, stage, audience), token.lower()):
                return TokenCheck(ref, audience, stage, stage == current_stage)
    return TokenCheck(ref, None, None, False)
