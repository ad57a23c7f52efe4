"""Parse: reads delivery status notifications (RFC 3464) structurally: which of our messages bounced, for whom.

A bounce is matched by the Message-ID of the returned message (its headers travel in the report), never by
its prose, and it never changes a ticket's approval state: it only tells people an address does not work.
"""

from __future__ import annotations

from dataclasses import dataclass
from email import message_from_bytes
from email.policy import default


@dataclass(frozen=True)
class Bounce:
    message_id: str | None  # the Message-ID of the message that bounced
    failed: tuple[str, ...]  # recipients whose delivery failed (Action: failed)
    delayed: tuple[str, ...]  # recipients delayed for now (Action: delayed)


def read_report(raw: bytes) -> Bounce | None:
    """The bounce in a multipart/report; None when the message is not a delivery status report."""
    try:
        msg = message_from_bytes(raw, policy=default)
        if msg.get_content_type() != "multipart/report":
            return None
        failed, delayed, message_id = [], [], None
        for part in msg.iter_parts():
            kind = part.get_content_type()
            if kind == "message/delivery-status":
                for fields in _status_groups(part):
                    recipient = _address(fields.get("final-recipient") or fields.get("original-recipient"))
                    action = fields.get("action", "").strip().lower()
                    if recipient and action == "failed":
                        failed.append(recipient)
                    elif recipient and action == "delayed":
                        delayed.append(recipient)
            elif kind in ("text/rfc822-headers", "message/rfc822", "message/rfc822-headers"):
                message_id = message_id or _returned_message_id(part)
        return Bounce(message_id, tuple(dict.fromkeys(failed)), tuple(dict.fromkeys(delayed)))
    except Exception:  # a report we cannot read is still stored; it just matches nothing
        return None


def _status_groups(part) -> list[dict[str, str]]:
    """The per-message and per-recipient field groups of a message/delivery-status part."""
    payload = part.get_payload()
    if isinstance(payload, list):  # the email package parses it into one message per group
        return [{k.lower(): str(v) for k, v in group.items()} for group in payload]
    groups, current = [], {}
    for line in str(payload).splitlines():
        if not line.strip():
            if current:
                groups.append(current)
            current = {}
        elif ":" in line and not line[0].isspace():
            name, _, value = line.partition(":")
            current[name.strip().lower()] = value.strip()
    if current:
        groups.append(current)
    return groups


def _address(field: str | None) -> str | None:
    """'rfc822; someone@example.org' -> 'someone@example.org'."""
    if not field:
        return None
    kind, _, value = field.partition(";")
    value = (value or kind).strip().strip("<>").lower()
    return value if "@" in value else None


def _returned_message_id(part) -> str | None:
    payload = part.get_payload()
    if isinstance(payload, list) and payload:
        return payload[0].get("Message-ID")
    text = payload if isinstance(payload, str) else str(payload)
    headers = message_from_bytes(text.encode("utf-8", "replace"), policy=default)
    value = headers.get("Message-ID")
    return str(value).strip() if value else None
