"""Parse: raw bytes -> ParsedMail (with mail-parser); never raises on junk, keeps what it could not read as defects."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from email import message_from_bytes
from email.errors import NonASCIILocalPartDefect
from email.header import decode_header, make_header
from email.parser import BytesHeaderParser
from email.policy import compat32, default
from email.utils import getaddresses

import mailparser

from mailbot.parse.change_request.asks import ChangeRequest
from mailbot.parse.dsn import Bounce, read_report
from mailbot.parse.flowed import unflow
from mailbot.parse.forms import FormResult
from mailbot.parse.limits import MessageLimits, head, prescan
from mailbot.parse.own_words import html_text
from mailbot.parse.parts import attached_text, decoded_text, forwarded_messages, forwards_attached, shown_texts

# Headers added on the way to us; the same message delivered twice differs only in these.
_TRACE = re.compile(rb"^(received|return-path|delivered-to|x-original-to|x-received|authentication-results)\s*:", re.I)
_MSGID = re.compile(r"<[^<>\s]+>")
# No request, reply or form is this long; what is past it is not read (every rule downstream reads text).
MAX_TEXT = 1_000_000
# A registrar attaches a short list; what is past these is not read.
ATTACHED_COUNT = 5
ATTACHED_CHARS = 64_000
# What is read of each header of a message over a limit.
HEADER_VALUE = 2000
# A From header naming one mailbox is far shorter than this (RFC 5322 section 2.1.1: lines of 998 characters).
MAX_FROM = 2000


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
    # The limit the message is over (mailbot.parse.limits), when it was stored but not read: its text is empty
    # and only its top headers were parsed.
    over_limit: str | None = None
    # The delivery status report it is (parse.dsn), read by the parser process like the rest of it.
    bounce: Bounce | None = None
    # The words the sender wrote (see _own_text): a reply's intent and a command are read from these.
    own_text: str = ""
    # What it asks for, read for the zone `read_for_zone` by the parser process when it was given the zone (None
    # when it was not): as a registrar's change request (mailbot.parse.change_request) and as a form (parse.forms).
    # Given the registrars' addresses too, it reads only the one the classifier will use: the change of a registrar's
    # mail, the form of anyone else's; the other is None, read by the acting process should it be wanted after all.
    change: ChangeRequest | None = None
    form: FormResult | None = None
    read_for_zone: str | None = None
    # The text of its text/plain and text/csv attachments (a registrar's "domain,action,nameserver" rows), of the
    # message itself, not of one it forwards: at most ATTACHED_COUNT of them, each cut to ATTACHED_CHARS.
    attached: tuple[str, ...] = ()
    # The same of the messages it forwards as attachments (mailbot.parse.parts.forwarded_messages): a customer's
    # request forwarded whole with its change sheet attached. Read only with the request forwarded, when the reader
    # reads it as the request (mailbot.parse.change_request.forwards).
    forwarded_attached: tuple[str, ...] = ()
    # The words its change was read from (parse.change_request.requested), or None when `change` was not read.
    requested: str | None = None

    @property
    def recipients(self) -> tuple[str, ...]:
        extra = tuple(a for h in ("delivered-to", "x-original-to") if (a := self.headers.get(h, "").strip().lower()))
        return self.to_addrs + self.cc_addrs + extra


def content_key(raw: bytes) -> str:
    """sha256 of the message without the trace headers at its top (from the first line that is not one, or a
    continuation of one, to the end). Read in place: a 50 MB message is not split into lines to find them."""
    view, pos, size = memoryview(raw), 0, len(raw)

    def next_line(at: int) -> int:
        end = raw.find(b"\n", at)
        return size + 1 if end < 0 else end + 1

    while pos <= size and _TRACE.match(view[pos:next_line(pos) - 1]):
        pos = next_line(pos)
        while pos <= size and raw[pos:pos + 1] in (b" ", b"\t"):  # folded continuation
            pos = next_line(pos)
    return hashlib.sha256(view[min(pos, size):]).hexdigest()


def strict_sender(raw: bytes) -> str | None:
    """The From address when there is exactly one From header naming exactly one mailbox that is a plain,
    well-formed address; else None. Read with the email package's modern header parser, then checked again
    strictly, not with email.utils.parseaddr, which can be fooled (CVE-2023-27043). The display name never
    counts."""
    from mailbot.policy.addresses import normalise_address

    try:
        # Split into fields with compat32, which keeps each value as it came, as the modern policy does, but
        # does not read the Content-Type with the header registry too (a third of the cost, for nothing).
        headers = BytesHeaderParser(policy=compat32).parsebytes(_header_section(raw), headersonly=True)
        sources = [v for k, v in headers.raw_items() if k.lower() == "from"]
        if len(sources) != 1 or len(sources[0]) > MAX_FROM:
            # Not one mailbox, whatever it says; and the modern parser takes quadratic time on a long one
            # (40 kB of quotes took 18 seconds), so it is never handed one.
            return None
        value = _utf8(sources[0])
        if value is None:
            return None
        # The defects that a non-ASCII local part is, and nothing else: RFC 6532 allows it in UTF-8.
        parsed = default.header_fetch_parse("From", value)
        if [d for d in parsed.defects if not isinstance(d, NonASCIILocalPartDefect)] or len(parsed.addresses) != 1 \
                or any(len(g.addresses) != 1 or g.display_name for g in parsed.groups):
            return None
        return normalise_address(parsed.addresses[0].addr_spec)
    except Exception:  # a header the parser cannot read carries no authority
        return None


def _header_section(raw: bytes) -> bytes:
    """The message up to the end of its first empty line, the lines ended as the email package ends them (CRLF,
    CR or LF): all of its top header section there is, the body left out, which the header parser would only
    have decoded and split into lines for nothing."""
    blank = _BLANK.search(raw)
    return raw if blank is None else raw[:blank.end()]


_BLANK = re.compile(rb"(?:\r\n|\r(?!\n)|\n)(?:\r\n|\r|\n)")


def _utf8(value: str) -> str | None:
    """A header value as the bytes parser gave it (bytes beyond ASCII as surrogates), read as the UTF-8 of RFC
    6532; None when those bytes are not UTF-8."""
    if value.isascii():
        return value
    try:
        return value.encode("ascii", "surrogateescape").decode("utf-8")
    except UnicodeError:
        return None


def checked_read(raw: bytes, limits: MessageLimits) -> ParsedMail:
    """What the parser process makes of `raw`: checked against `limits` without being built (parse.limits); over
    one, only its top headers are read, and otherwise read() reads it with its large unread parts left out."""
    try:
        scan = prescan(raw, limits)
    except Exception as e:  # a fault in the check itself: the message is still parsed, under the time limit
        mail = read(raw)
        return dataclasses.replace(mail, defects=mail.defects + (f"{UNCHECKED} {type(e).__name__}: {e}",))
    if scan.over is not None:
        return unread(raw, limits, scan.over)
    return read(scan.skeleton)


UNCHECKED = "its limits could not be checked:"


def read(raw: bytes) -> ParsedMail:
    """Parse `raw` in this process, whatever its size or shape (see checked_read())."""
    try:
        mail = mailparser.parse_from_bytes(_unflowed(raw))
        tnef = _tnef_texts(mail.message)
        parsed = dataclasses.replace(_from_mailparser(mail, tnef), sender=strict_sender(raw),
                                     bounce=read_report(raw) if _is_report(mail) else None,
                                     own_text=_own_text(mail.message, tnef[0]), attached=_attached(mail.message),
                                     forwarded_attached=_forwarded_attached(mail.message))
    except Exception as e:  # mail-parser raises many kinds on junk; the message is still kept raw
        return ParsedMail(None, (), (), (), "", None, {}, (), (), "", (f"unparseable: {type(e).__name__}: {e}",))
    if len(parsed.text) > MAX_TEXT:
        parsed = dataclasses.replace(parsed, text=parsed.text[:MAX_TEXT],
                                     defects=parsed.defects + (f"text cut to its first {MAX_TEXT} characters",))
    return parsed


_FLOWED = re.compile(rb"format\s*=\s*\"?flowed", re.I)
# Written back as it was read: no header folded again, no body line starting "From " changed.
_AS_READ = compat32.clone(max_line_length=0, mangle_from_=False)


def _unflowed(raw: bytes) -> bytes:
    """`raw` with the soft line breaks of its text/plain; format=flowed parts joined (mailbot.parse.flowed), to be read
    as its writer typed it; `raw` itself when it has no such part or cannot be written back. Only for reading: the
    stored message, its signatures and its headers' checks are the bytes as they came."""
    if not _FLOWED.search(raw):
        return raw
    try:
        message = message_from_bytes(raw, policy=compat32)
        changed = False
        for part in message.walk():
            if part.get_content_type() != "text/plain" or str(part.get_param("format", "")).lower() != "flowed":
                continue
            text = decoded_text(part)
            if text is None:
                continue
            delsp = str(part.get_param("delsp", "")).lower() == "yes"
            part.del_param("format")
            part.del_param("delsp")
            del part["Content-Transfer-Encoding"]  # the joined text is encoded afresh, in UTF-8
            part.set_payload(unflow(text, delsp=delsp), charset="utf-8")
            changed = True
        return message.as_bytes(policy=_AS_READ) if changed else raw
    except Exception:  # a message the email package cannot write back is read as it came
        return raw


def unread(raw: bytes, limits: MessageLimits, reason: str) -> ParsedMail:
    """A message over a limit: its top headers only (who sent it, its subject and Message-ID, for the person
    who looks at it), no text, and the reason. Read here, not by the parser process: each value is cut to
    HEADER_VALUE characters first, so that even the email package's slow paths on hostile headers stay short."""
    try:
        fields = BytesHeaderParser(policy=compat32).parsebytes(head(raw, limits), headersonly=True)
        headers: dict[str, str] = {}
        for name, value in fields.items():
            headers.setdefault(str(name).lower(), str(value)[:HEADER_VALUE])
        sender_line = b"From: " + headers.get("from", "").encode("utf-8", "surrogateescape") + b"\r\n\r\n"
        ids = _ids(headers.get("message-id"))
        mail = ParsedMail(
            message_id=ids[0] if ids else None,
            from_addrs=tuple((n, a) for n, a in getaddresses([headers["from"]]) if a) if "from" in headers else (),
            to_addrs=tuple(a.lower() for _, a in getaddresses([headers.get("to", "")]) if a),
            cc_addrs=tuple(a.lower() for _, a in getaddresses([headers.get("cc", "")]) if a),
            subject=" ".join(_decoded(headers.get("subject", "")).split()),
            date=None, headers=headers, in_reply_to=_ids(headers.get("in-reply-to")),
            references=_ids(headers.get("references")), text="", defects=(reason,),
            sender=strict_sender(sender_line) if "from" in headers else None, over_limit=reason)
    except Exception as e:  # headers too broken to show: the raw message is still kept
        mail = ParsedMail(None, (), (), (), "", None, {}, (), (), "", (reason, f"headers unreadable: {e}"),
                          over_limit=reason)
    return mail


def _decoded(value: str) -> str:
    """An RFC 2047 header value decoded, or as it is when it cannot be (an unknown charset, broken words)."""
    try:
        return str(make_header(decode_header(value)))
    except Exception:
        return value


def _is_report(mail) -> bool:
    try:
        return mail.message.get_content_type() == "multipart/report"
    except Exception:
        return False


def _addresses(value) -> tuple[tuple[str, str], ...]:
    return tuple((str(n or ""), str(a or "")) for n, a in (value or []))


def _ids(value: str | None) -> tuple[str, ...]:
    return tuple(_MSGID.findall(value or ""))


def _from_mailparser(mail, tnef_texts: tuple[list[str], tuple[str, ...]]) -> ParsedMail:
    headers: dict[str, str] = {}
    for name, value in (mail.headers or {}).items():
        headers.setdefault(name.lower(), value if isinstance(value, str) else str(value))
    # An HTML body beside a list's text/plain footer is read with it, as a client shows them (mailbot.parse.parts).
    texts = shown_texts(mail.message, wrapped=True, most=MAX_TEXT) or list(mail.text_plain or [])
    if mail.message is not None and forwards_attached(mail.message):
        # A message forwarded as an attachment is read under its header block, as a client shows it: whose words
        # are whose, the reader then tells as for a message forwarded inline (mailbot.parse.own_words).
        texts = shown_texts(mail.message, wrapped=True, most=MAX_TEXT, headed=True) or texts
    if not texts and mail.text_html:
        # A line a block, a row of a table as "cell | cell", as a mail client shows it (mailbot.parse.own_words)
        texts = [html_text(h, MAX_TEXT) for h in mail.text_html]
    defects = tuple(str(d) for part in (mail.defects or []) for v in part.values() for d in v)
    tnef, problems = tnef_texts
    defects += problems
    seen = {" ".join(t.split()) for t in texts}
    texts += [t for t in tnef if " ".join(t.split()) not in seen]
    repeated: list[str] = []
    ids = _ids(_single("Message-ID", mail.message_id, repeated))
    subject = _single("Subject", mail.subject, repeated)
    date = _single("Date", mail.date, repeated)
    date = date if isinstance(date, datetime) and date.tzinfo else None
    defects += tuple(repeated)
    return ParsedMail(
        message_id=ids[0] if ids else None,
        from_addrs=_addresses(mail.from_),
        to_addrs=tuple(a.lower() for _, a in _addresses(mail.to) if a),
        cc_addrs=tuple(a.lower() for _, a in _addresses(mail.cc) if a),
        subject=" ".join((subject or "").split()),
        date=date,
        headers=headers,
        in_reply_to=_ids(headers.get("in-reply-to")),
        references=_ids(headers.get("references")),
        text="\n".join(texts),
        defects=defects,
    )


def _single(name: str, value, defects: list[str]):
    """A header RFC 5322 allows once, as mail-parser gives it (a list when it came more than once): the first,
    as mail clients show it, with a defect saying so."""
    if not isinstance(value, list):
        return value
    defects.append(f"{len(value)} {name} headers where one is allowed: the first is read")
    return value[0] if value else None


def _own_text(message, tnef: list[str]) -> str:
    """The words the sender wrote: the text of the message's own parts (and its TNEF body), never of a message
    it forwards or attaches (message/rfc822). What a message wraps is content, never the sender's words: a
    genuine confirmation attached to another message confirms nothing. ParsedMail.text reads everything (a
    request or a form may come attached); a reply's intent and a command are read from this. Read by the parser
    process, from the message it has built and the texts of its TNEF parts (`tnef`, see _tnef_texts)."""
    plain: list[str] = []
    html: list[str] = []
    parts = [message]
    while parts:
        part = parts.pop()
        try:
            if part.is_multipart():
                if part.get_content_maintype() != "message":
                    parts.extend(reversed(part.get_payload()))
                continue
            if part.get_content_type() not in ("text/plain", "text/html") or part.get_filename() \
                    or str(part.get("content-disposition", "")).strip().lower().startswith("attachment"):
                continue
            text = decoded_text(part)
            if text is None:
                continue
            (plain if part.get_content_subtype() == "plain" else html).append(text)
        except Exception:  # a part that cannot be read says nothing
            continue
    # HTML read as a client shows it, a line a block and a <blockquote> quoted, so that the mail answered is
    # told from the sender's words (mailbot.parse.own_words); beside a list's footer too (mailbot.parse.parts).
    texts = shown_texts(message, wrapped=False) or plain or [html_text(h) for h in html]
    seen = {" ".join(t.split()) for t in texts}
    texts += [t for t in tnef if " ".join(t.split()) not in seen]
    return "\n".join(texts)[:MAX_TEXT]


def _attached(message) -> tuple[str, ...]:
    """The texts of the message's own text/plain and text/csv attachments, and of a text or CSV file sent as bytes of
    no known kind (see ParsedMail.attached)."""
    texts: list[str] = []
    parts = [message] if message is not None else []
    while parts and len(texts) < ATTACHED_COUNT:
        part = parts.pop()
        try:
            if part.is_multipart():
                if part.get_content_maintype() != "message":  # what a forwarded message holds is not its own
                    parts.extend(reversed(part.get_payload()))
                continue
            attachment = part.get_filename() or str(part.get("content-disposition", "")).strip().lower() \
                .startswith("attachment")
            if attachment and (text := attached_text(part, ATTACHED_CHARS * 4)) is not None:
                texts.append(text[:ATTACHED_CHARS])
        except Exception:  # an attachment that cannot be read says nothing
            continue
    return tuple(texts)


def _forwarded_attached(message) -> tuple[str, ...]:
    """The texts of the text/plain and text/csv attachments of the messages it forwards attached whole (see
    ParsedMail.forwarded_attached)."""
    if message is None:
        return ()
    try:
        return tuple(t for inner in forwarded_messages(message) for t in _attached(inner))[:ATTACHED_COUNT]
    except Exception:  # a forwarded message that cannot be walked holds nothing read
        return ()


def _tnef_texts(message) -> tuple[list[str], tuple[str, ...]]:
    """The body text of each TNEF part (Outlook's winmail.dat) of the message itself, not of messages it
    forwards: Outlook may send a request or a reply only that way. What the TNEF wraps is never opened."""
    from mailbot.parse.tnef import is_tnef, tnef_text

    texts: list[str] = []
    problems: list[str] = []
    parts = [message] if message is not None else []
    while parts:
        part = parts.pop()
        try:
            if part.is_multipart():
                if part.get_content_maintype() != "message":  # a forwarded message is content, read as such
                    parts.extend(reversed(part.get_payload()))
            elif is_tnef(part.get_content_type(), part.get_filename()):
                data = part.get_payload(decode=True)
                text = tnef_text(data) if isinstance(data, bytes) else None
                if text and text.strip():
                    texts.append(text)
        except Exception as e:  # a broken TNEF stream is kept raw like any other part, and noted
            problems.append(f"TNEF body unreadable: {type(e).__name__}: {e}")
    return texts, tuple(problems)
