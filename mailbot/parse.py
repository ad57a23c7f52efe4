"""Parse: raw bytes -> ParsedMail (with mail-parser); never raises on junk, keeps what it could not read as defects."""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import re
from dataclasses import dataclass, field
from datetime import datetime
from email.parser import BytesHeaderParser
from email.policy import default

import mailparser

log = logging.getLogger(__name__)

# Headers added on the way to us; the same message delivered twice differs only in these.
_TRACE = re.compile(rb"^(received|return-path|delivered-to|x-original-to|x-received|authentication-results)\s*:", re.I)
_MSGID = re.compile(r"<[^<>\s]+>")


@dataclass(frozen=True)
class ParsedMail:
    message_id: str | None
    from_addrs: tuple[tuple[str, str], ...]  # (display name, address); the display name is never trusted
    to_addrs: tuple[str, ...]
    cc_addrs: tuple[str, ...]
    subject: str
    date: datetime | None
    headers: dict[str, str]  # lower-cased name -> first value
    in_reply_to: tuple[str, ...]
    references: tuple[str, ...]
    text: str
    defects: tuple[str, ...] = field(default=())
    # The one From address, read strictly (see strict_sender), or None: then the mail carries no authority.
    sender: str | None = None

    @property
    def recipients(self) -> tuple[str, ...]:
        extra = tuple(a for h in ("delivered-to", "x-original-to") if (a := self.headers.get(h, "").strip().lower()))
        return self.to_addrs + self.cc_addrs + extra


def content_key(raw: bytes) -> str:
    """sha256 of the message without the trace headers at its top."""
    lines = raw.split(b"\n")
    i = 0
    while i < len(lines) and _TRACE.match(lines[i]):
        i += 1
        while i < len(lines) and lines[i][:1] in (b" ", b"\t"):  # folded continuation
            i += 1
    return hashlib.sha256(b"\n".join(lines[i:])).hexdigest()


def strict_sender(raw: bytes) -> str | None:
    """The From address when there is exactly one From header naming exactly one mailbox that is a plain,
    well-formed address; else None. Read with the email package's modern header parser, then checked again
    strictly, not with email.utils.parseaddr, which can be fooled (CVE-2023-27043). The display name never
    counts."""
    from mailbot.policy.addresses import normalise_address

    try:
        headers = BytesHeaderParser(policy=default).parsebytes(raw, headersonly=True)
        values = headers.get_all("From") or []
        if len(values) != 1 or values[0].defects or len(values[0].addresses) != 1 \
                or any(len(g.addresses) != 1 or g.display_name for g in values[0].groups):
            return None
        return normalise_address(values[0].addresses[0].addr_spec)
    except Exception:  # a header the parser cannot read carries no authority
        return None


def parse(raw: bytes) -> ParsedMail:
    try:
        mail = mailparser.parse_from_bytes(raw)
        return dataclasses.replace(_from_mailparser(mail), sender=strict_sender(raw))
    except Exception as e:  # mail-parser raises many kinds on junk; the message is still kept raw
        log.info("unparseable message: %s", e)
        return ParsedMail(None, (), (), (), "", None, {}, (), (), "", (f"unparseable: {type(e).__name__}: {e}",))


def _addresses(value) -> tuple[tuple[str, str], ...]:
    return tuple((str(n or ""), str(a or "")) for n, a in (value or []))


def _ids(value: str | None) -> tuple[str, ...]:
    return tuple(_MSGID.findall(value or ""))


def _from_mailparser(mail) -> ParsedMail:
    headers: dict[str, str] = {}
    for name, value in (mail.headers or {}).items():
        headers.setdefault(name.lower(), value if isinstance(value, str) else str(value))
    texts = list(mail.text_plain or [])
    if not texts and mail.text_html:
        texts = [re.sub(r"<[^>]+>", " ", h) for h in mail.text_html]
    defects = tuple(str(d) for part in (mail.defects or []) for v in part.values() for d in v)
    ids = _ids(mail.message_id)
    date = mail.date if isinstance(mail.date, datetime) and mail.date.tzinfo else None
    return ParsedMail(
        message_id=ids[0] if ids else None,
        from_addrs=_addresses(mail.from_),
        to_addrs=tuple(a.lower() for _, a in _addresses(mail.to) if a),
        cc_addrs=tuple(a.lower() for _, a in _addresses(mail.cc) if a),
        subject=" ".join((mail.subject or "").split()),
        date=date,
        headers=headers,
        in_reply_to=_ids(headers.get("in-reply-to")),
        references=_ids(headers.get("references")),
        text="\n".join(texts),
        defects=defects,
    )
