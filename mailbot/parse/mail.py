"""Parse: raw bytes -> ParsedMail (with mail-parser); never raises on junk, keeps what it could not read as defects."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import re
import struct
from dataclasses import dataclass, field
from datetime import datetime
from email import message_from_bytes
from email.errors import NonASCIILocalPartDefect
from email.header import decode_header, make_header
from email.parser import BytesHeaderParser
from email.policy import compat32, default
from email.utils import getaddresses

import mailparser
import orjson

from mailbot import parser_processes
from mailbot.parse.change_request.asks import Ask, ChangeRequest
from mailbot.parse.change_request.reader import extract_change
from mailbot.parse.dsn import Bounce, read_report
from mailbot.parse.flowed import unflow
from mailbot.parse.forms import CancellationForm, ContactChangeForm, FormContact, FormResult, SignupForm, read_form
from mailbot.parse.limits import MessageLimits, head, prescan
from mailbot.parse.own_words import html_text
from mailbot.parse.parts import decoded_text, shown_texts

log = logging.getLogger(__name__)

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
    # when it was not): as a registrar's change request (mailbot.parse.change_request) and as a form
    # (mailbot.parse.forms). Given the registrars' addresses too, it reads only the one the classifier will use: the
    # change of a registrar's mail, the form of anyone else's; the other is None, and read by the acting process
    # should it be wanted after all (the records changed in between).
    change: ChangeRequest | None = None
    form: FormResult | None = None
    read_for_zone: str | None = None
    # The text of its text/plain and text/csv attachments (a registrar's "domain,action,nameserver" rows), of the
    # message itself, not of one it forwards: at most ATTACHED_COUNT of them, each cut to ATTACHED_CHARS.
    attached: tuple[str, ...] = ()

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


def parse(raw: bytes, limits: MessageLimits | None = None, zone: str | None = None,
          registrars: frozenset[str] | None = None) -> ParsedMail:
    """Read a message; never raises. Over any of `limits` (the defaults when none are given) it is not parsed:
    only its top header section is, and `over_limit` says which limit. The check and the parse run in a separate
    process (mailbot.parser_processes) that is stopped after `limits.parse_seconds`; a message over the size limit is
    not handed to it at all. Given the `zone`, that process also reads the change it asks for and the form it holds
    (`change`, `form`); given the `registrars`' addresses (lower case) too, the change only of mail from one of them
    and the form only of mail from anyone else, as the classifier reads them."""
    limits = limits or MessageLimits()
    if len(raw) > limits.max_bytes:
        return _logged(_unread(raw, limits, limits.reason("bytes", f"{len(raw)} bytes")))
    try:
        mail = _read_in_parser(raw, limits, zone, registrars)
    except parser_processes.ParserDied as e:  # out of memory, or a crash: never tried again in this process
        mail = _unread(raw, limits, f"too much for the parser: {e}")
    if mail is None:
        mail = _unread(raw, limits, limits.reason("seconds"))
    return _logged(mail)


def parse_many(raws: list[bytes], limits: MessageLimits | None = None, zone: str | None = None,
               registrars: frozenset[str] | None = None) -> list[ParsedMail]:
    """parse() of each message, in one exchange with a parser process when they are read within
    `limits.parse_seconds` in all (the usual case: a message takes a millisecond or so). When they are not, or the
    process dies, each is read again on its own, under its own time limit, so that one slow or deadly message
    is stopped and costs the others nothing but the time."""
    limits = limits or MessageLimits()
    inside = [n for n, raw in enumerate(raws) if len(raw) <= limits.max_bytes]
    read_together: dict[int, ParsedMail] = {}
    if len(inside) > 1:
        try:
            answers = parser_processes.run([request(raws[n], limits, zone, registrars) for n in inside],
                                           limits.parse_seconds)
        except (parser_processes.ParserDied, parser_processes.ParserUnavailable):
            answers = None
        read_together = {n: _logged(from_wire(data)) for n, data in zip(inside, answers or ())}
    return [read_together[n] if n in read_together else parse(raw, limits, zone, registrars)
            for n, raw in enumerate(raws)]


def _logged(mail: ParsedMail) -> ParsedMail:
    if mail.over_limit is not None:
        log.warning("message stored but not parsed: %s", mail.over_limit)
    elif any(d.startswith(("unparseable:", _UNCHECKED)) for d in mail.defects):
        log.info("unparseable message: %s", "; ".join(mail.defects))
    return mail


def checked_read(raw: bytes, limits: MessageLimits) -> ParsedMail:
    """What the parser process makes of `raw`: checked against `limits` without being built (parse.limits); over
    one, only its top headers are read, and otherwise read() reads it with its large unread parts left out."""
    try:
        scan = prescan(raw, limits)
    except Exception as e:  # a fault in the check itself: the message is still parsed, under the time limit
        mail = read(raw)
        return dataclasses.replace(mail, defects=mail.defects + (f"{_UNCHECKED} {type(e).__name__}: {e}",))
    if scan.over is not None:
        return _unread(raw, limits, scan.over)
    return read(scan.skeleton)


_UNCHECKED = "its limits could not be checked:"


def read(raw: bytes) -> ParsedMail:
    """Parse `raw` in this process, whatever its size or shape (see checked_read())."""
    try:
        mail = mailparser.parse_from_bytes(_unflowed(raw))
        tnef = _tnef_texts(mail.message)
        parsed = dataclasses.replace(_from_mailparser(mail, tnef), sender=strict_sender(raw),
                                     bounce=read_report(raw) if _is_report(mail) else None,
                                     own_text=_own_text(mail.message, tnef[0]), attached=_attached(mail.message))
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


_LIMITS = struct.Struct(">QQQQ")  # max_bytes, max_parts, max_depth, max_headers


def request(raw: bytes, limits: MessageLimits, zone: str | None = None,
            registrars: frozenset[str] | None = None) -> tuple[bytes, bytes]:
    """The limits (all but the time, which the caller keeps), the zone and the registrars' addresses (after a NUL,
    one a line: no address holds either), then the message."""
    head = _LIMITS.pack(limits.max_bytes, limits.max_parts, limits.max_depth, limits.max_headers)
    listed = "" if registrars is None else "\0" + "\n".join(sorted(registrars))
    return parser_processes.PARSE + head + ((zone or "") + listed).encode(), raw


def answer(head: bytes, raw: bytes) -> bytes:
    """The parser process's answer to a request() (`head` without its first byte, which says it is one):
    checked_read() of it, and the change and the form it holds when the zone was given (only the one the classifier
    reads when the registrars' addresses were given too), as to_wire() writes them."""
    max_bytes, max_parts, max_depth, max_headers = _LIMITS.unpack_from(head)
    limits = MessageLimits(max_bytes=max_bytes, max_parts=max_parts, max_depth=max_depth, max_headers=max_headers)
    mail = checked_read(raw, limits)
    zone, listed, addresses = head[_LIMITS.size:].decode().partition("\0")
    if zone and mail.over_limit is None:
        registrars = set(addresses.split("\n")) - {""} if listed else None
        a_registrar_s = registrars is None or (mail.sender or "").lower() in registrars
        try:  # the acting process reads them itself when this fails
            change = extract_change(mail.subject, mail.text, mail.headers, zone=zone, attached=mail.attached) \
                if a_registrar_s else None
            form = read_form(mail.subject, mail.text, mail.sender, zone=zone) \
                if registrars is None or not a_registrar_s else None
            mail = dataclasses.replace(mail, change=change, form=form, read_for_zone=zone)
        except Exception:
            pass
    return to_wire(mail)


def _read_in_parser(raw: bytes, limits: MessageLimits, zone: str | None,
                    registrars: frozenset[str] | None) -> ParsedMail | None:
    try:
        answers = parser_processes.run([request(raw, limits, zone, registrars)], limits.parse_seconds)
    except parser_processes.ParserUnavailable as e:
        # None could be started (no process can be made here): better read without a time limit than not at
        # all; the limits checked first still bound the work.
        log.error("%s: parsing in this process instead", e)
        return checked_read(raw, limits)
    return None if answers is None else from_wire(answers[0])


def _unread(raw: bytes, limits: MessageLimits, reason: str) -> ParsedMail:
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


def to_wire(mail: ParsedMail) -> bytes:
    """A ParsedMail as JSON, for the parser process to answer with (data, never code: no pickle)."""
    fields = {f.name: getattr(mail, f.name) for f in dataclasses.fields(mail)}
    fields["date"] = mail.date.isoformat() if mail.date else None
    try:  # orjson writes a dataclass (the bounce, the change, the form) as a dict of its fields, a tuple as a list
        return orjson.dumps(fields)
    except orjson.JSONEncodeError:  # a lone surrogate (undecodable bytes of a header): the json module escapes it
        return json.dumps({**dataclasses.asdict(mail), "date": fields["date"]}).encode()


def from_wire(data: bytes) -> ParsedMail:
    try:
        fields = orjson.loads(data)
    except orjson.JSONDecodeError:  # written by the json module, with a lone surrogate escaped
        fields = json.loads(data)
    return ParsedMail(
        message_id=fields["message_id"],
        from_addrs=tuple((str(n), str(a)) for n, a in fields["from_addrs"]),
        to_addrs=tuple(fields["to_addrs"]),
        cc_addrs=tuple(fields["cc_addrs"]),
        subject=fields["subject"],
        date=datetime.fromisoformat(fields["date"]) if fields["date"] else None,
        headers=dict(fields["headers"]),
        in_reply_to=tuple(fields["in_reply_to"]),
        references=tuple(fields["references"]),
        text=fields["text"],
        defects=tuple(fields["defects"]),
        sender=fields["sender"],
        over_limit=fields["over_limit"],
        bounce=Bounce(fields["bounce"]["message_id"], tuple(fields["bounce"]["failed"]),
                      tuple(fields["bounce"]["delayed"])) if fields.get("bounce") else None,
        own_text=fields["own_text"],
        change=_change(fields["change"]),
        form=_form(fields["form"]),
        read_for_zone=fields["read_for_zone"],
        attached=tuple(fields.get("attached") or ()),
    )


def _change(fields: dict | None) -> ChangeRequest | None:
    if fields is None:
        return None

    def ask(a: dict) -> Ask:
        return Ask(None if a["new"] is None else tuple(a["new"]), tuple(a["add"]), tuple(a["remove"]),
                   tuple(a["said_current"]), tuple(a.get("keep") or ()), bool(a.get("unlabelled")),
                   int(a.get("lists") or 1))

    asks = {domain: {kind: ask(a) for kind, a in kinds.items()} for domain, kinds in fields["asks"].items()}
    return ChangeRequest(tuple(fields["domains"]), asks, dict(fields["unclear"]), fields["urgent"])


def _form(fields: dict | None) -> FormResult | None:
    if fields is None:
        return None
    form = fields["form"]
    if form is not None and "contacts" in form:
        form = SignupForm(**{**form, "domains": tuple(form["domains"]),
                             "contacts": tuple(FormContact(**contact) for contact in form["contacts"])})
    elif form is not None and "add" in form:
        form = ContactChangeForm(**{**form, "domains": tuple(form["domains"]), "remove": tuple(form["remove"]),
                                    **{k: tuple(FormContact(**c) for c in form.get(k, ()))
                                       for k in ("add", "others", "change")}})
    elif form is not None:
        form = CancellationForm(**{**form, "domains": tuple(form["domains"])})
    return FormResult(fields["kind"], form, tuple(fields["errors"]))


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
    """The texts of the message's own text/plain and text/csv attachments (see ParsedMail.attached)."""
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
            if not attachment or part.get_content_type() not in ("text/plain", "text/csv"):
                continue
            text = decoded_text(part, ATTACHED_CHARS * 4)
            if text is not None:
                texts.append(text[:ATTACHED_CHARS])
        except Exception:  # an attachment that cannot be read says nothing
            continue
    return tuple(texts)


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
