"""Parse: the limits a message must keep to before it is parsed, checked by a cheap, bounded look at its structure."""

from __future__ import annotations

import email.message
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

# The environment variable that sets each limit, named in the reason so that an operator knows what to raise.
_SETTING = {"bytes": "MAILBOT_MAX_MESSAGE_BYTES", "parts": "MAILBOT_MAX_PARTS", "depth": "MAILBOT_MAX_DEPTH",
            "headers": "MAILBOT_MAX_HEADERS", "seconds": "MAILBOT_PARSE_SECONDS"}
# A body part the bot never reads (an image, a PDF, a zip) is left out of what the parser is given once it is
# this large: attachments are stored with the raw message and never opened, so decoding them is wasted work.
ELIDE_BYTES = 64 * 1024
# What is read of a message over a limit: its top header section, at most this much of it.
HEAD_BYTES = 256 * 1024
# A Content-Type value longer than this is only read this far here (the parser, under its time limit, reads it all).
_CTYPE_BYTES = 8 * 1024
# Outlook's rich text (winmail.dat): its body text is read, so it is never left out.
_TNEF_TYPES = ("application/ms-tnef", "application/vnd.ms-tnef")
# Sender authentication reads the top header section with tools whose cost grows faster than what they read (dkimpy
# joins a folded field line by line: 2.8 MB folded over 700,000 lines took it half a minute), so a message past these
# bounds is not authenticated and never handed to them. Real fields are far shorter: a DKIM-Signature with a 4096-bit
# key is under 1 kB, the References of a long thread a few kB (RFC 5322 2.1.1: lines of 998 characters, and few
# fields are folded over more than a handful). A real header section is some 5 to 50 kB, the largest from mail
# systems that stamp many trace, ARC and X- fields; HEAD_BYTES (what is read of a message over a limit) is enough.
AUTH_FIELD_BYTES = 64 * 1024
AUTH_HEADER_BYTES = HEAD_BYTES


@dataclass(frozen=True)
class MessageLimits:
    """What one message may hold before the bot stops short of parsing it (see settings.py)."""

    max_bytes: int = 50 * 1024 * 1024
    max_parts: int = 1000
    max_depth: int = 20
    max_headers: int = 500
    parse_seconds: float = 10.0

    def reason(self, limit: str, found: str = "") -> str:
        value = {"bytes": f"{self.max_bytes} bytes", "parts": f"{self.max_parts} MIME parts",
                 "depth": f"{self.max_depth} nested MIME levels",
                 "headers": f"{self.max_headers} header fields in one header section",
                 "seconds": f"{self.parse_seconds:g} second{'' if self.parse_seconds == 1 else 's'} to parse"}[limit]
        return f"over the limit of {value} ({_SETTING[limit]})" + (f": {found}" if found else "")


@dataclass(frozen=True)
class Scan:
    over: str | None  # the limit the message is over, in words; None when it keeps to every limit
    skeleton: bytes  # the message with large unread parts left out: what the parser is given
    parts: int = 0
    depth: int = 0


# RFC 5322 section 2.2 as the email package's feed parser reads it: a header section runs until the first line
# that is neither a field ("name:", or a Unix "From " line) nor a folded continuation.
_END_OF_HEADERS = re.compile(rb"^(?!From |[\x21-\x39\x3b-\x7e]*:|[ \t])", re.M)
_FIELD = re.compile(rb"^[^ \t]", re.M)
_CONTENT_TYPE = re.compile(rb"^content-type:([^\n]*(?:\n[ \t][^\n]*)*)", re.I | re.M)
_WINMAIL = re.compile(rb"winmail\.dat", re.I)
_BLANK_LINE = re.compile(rb"\n(?=\r?\n)")


def prescan(raw: bytes, limits: MessageLimits) -> Scan:
    """Check `raw` against the limits without building it: one pass of regular expressions over its header
    sections and boundary lines (RFC 2046 section 5.1), stopping at the first limit passed. The cost is bounded
    by the limits, not by what the message claims: a 100,000-part message is stopped after the 1,001st part."""
    if len(raw) > limits.max_bytes:
        return Scan(limits.reason("bytes", f"{len(raw)} bytes"), b"")
    if raw.count(b"\r") != raw.count(b"\r\n"):
        # A lone CR ends a line for the email package as well (RFC 5322 forbids it; mail has it): read it so.
        raw = raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    stack: list[tuple[bytes | None, bool]] = []  # open containers: (multipart boundary or None for message/*, digest)
    cuts: list[tuple[int, int]] = []
    parts = depth = 0
    pos, in_digest = 0, False
    while True:
        # One entity: its header section, then its body.
        end = _end_of_headers(raw, pos)
        for count, _ in enumerate(_FIELD.finditer(raw, pos, end), 1):
            if count > limits.max_headers:
                return Scan(limits.reason("headers"), b"", parts, depth)
        ctype, boundary = _content_type(raw, pos, end, in_digest)
        body = end + (2 if raw.startswith(b"\r\n", end) else 1 if raw.startswith(b"\n", end) else 0)
        enclosed = ctype.startswith("message/") and ctype != "message/delivery-status"
        if ctype.startswith("multipart/") and boundary is not None:
            stack.append((boundary, ctype == "multipart/digest"))
        elif enclosed:
            stack.append((None, False))  # an enclosed message (RFC 2046 section 5.2): its headers follow at once
        depth = max(depth, len(stack))
        if len(stack) > limits.max_depth:
            return Scan(limits.reason("depth"), b"", parts, depth)
        if enclosed:
            parts += 1
            if parts > limits.max_parts:
                return Scan(limits.reason("parts"), b"", parts, depth)
            pos, in_digest = body, False
            continue
        unread = not (ctype.startswith(("text/", "message/", "multipart/")) or ctype in _TNEF_TYPES
                      or _WINMAIL.search(raw, pos, end))
        leaf = body if unread else None
        # RFC 3464 section 2.1: a delivery status is blocks of header fields, and the parser makes a part of each.
        status = body if ctype == "message/delivery-status" else None
        # The body runs to the next boundary line of any open multipart (an outer one closes the inner ones).
        scan_from, next_part = body, None
        while next_part is None:
            boundaries = tuple(b for b, _ in stack if b is not None)
            # From the newline before scan_from when it starts a line: the delimiter may be its first line.
            at = scan_from - 1 if scan_from and raw[scan_from - 1] == 0x0A else scan_from
            found = _boundary_re(boundaries).search(raw, at) if boundaries else None
            stop = found.start() + 1 if found else len(raw)
            if leaf is not None and stop - leaf > ELIDE_BYTES:
                cuts.append((leaf, stop))
            if status is not None:
                # Each blank line starts a block, however many in a row; counted from the newline before the body
                # (a body that begins with a blank line begins with an empty block), and only up to the limit.
                blank_lines = _BLANK_LINE.finditer(raw, status - 1, stop)
                parts += 1 + sum(1 for _ in islice(blank_lines, limits.max_parts - parts + 1))
                if parts > limits.max_parts:
                    return Scan(limits.reason("parts"), b"", parts, depth)
            leaf = status = None
            if found is None:
                break
            index, close = _claimed_by(stack, raw[found.start() + 1:found.end()])
            if close:  # the close delimiter: what follows is that multipart's epilogue
                del stack[index:]
                scan_from = found.end()
                continue
            del stack[index + 1:]
            parts += 1
            if parts > limits.max_parts:
                return Scan(limits.reason("parts"), b"", parts, depth)
            line_end = raw.find(b"\n", found.end())
            next_part = len(raw) if line_end < 0 else line_end + 1
            in_digest = stack[index][1]  # RFC 2046 section 5.1.5: a digest's parts are messages by default
        if next_part is None:
            break
        pos = next_part
    skeleton = raw
    if cuts:
        pieces, at = [], 0
        for start, stop in cuts:
            pieces.append(raw[at:start])
            at = stop
        pieces.append(raw[at:])
        skeleton = b"".join(pieces)
    return Scan(None, skeleton, parts, depth)


def _end_of_headers(raw: bytes, pos: int) -> int:
    found = _END_OF_HEADERS.search(raw, pos)
    return len(raw) if found is None else found.start()


def _content_type(raw: bytes, start: int, end: int, in_digest: bool) -> tuple[str, bytes | None]:
    """(type/subtype, boundary or None), read with the email package's own rules (compat32, the parser's)."""
    found = _CONTENT_TYPE.search(raw, start, end)
    part = email.message.Message()
    if in_digest:
        part.set_default_type("message/rfc822")
    if found is not None:
        value = found.group(1)[:_CTYPE_BYTES].replace(b"\r", b"").replace(b"\n", b"")
        part["Content-Type"] = value.decode("ascii", "surrogateescape").strip()
    boundary = part.get_boundary() if part.get_content_maintype() == "multipart" else None
    try:
        return part.get_content_type(), None if boundary is None else boundary.encode("ascii", "surrogateescape")
    except UnicodeEncodeError:  # an RFC 2231 boundary no line can match: the parser reads it as one body, too
        return part.get_content_type(), None


def _claimed_by(stack: list[tuple[bytes | None, bool]], line: bytes) -> tuple[int, bool]:
    """Which open multipart a delimiter line belongs to, and whether it closes it. When it would do for several
    (boundary "" closes with "----", boundary "--" opens with it), the outermost one takes it: the feed parser
    ends every part inside on a line any enclosing boundary matches."""
    line = line.rstrip(b"\r").rstrip(b" \t")
    for index, (boundary, _) in enumerate(stack):
        if boundary is not None and line in (b"--" + boundary, b"--" + boundary + b"--"):
            return index, line != b"--" + boundary
    raise AssertionError("a delimiter line that matches no open boundary")  # the pattern is made from them


@lru_cache(maxsize=256)
def _boundary_re(boundaries: tuple[bytes, ...]) -> re.Pattern:
    # A delimiter line is "--" boundary, "--" more for the close delimiter, then only white space (RFC 2046
    # section 5.1.1, and the feed parser's own pattern).
    # It begins with the newline before it, a literal prefix the regular expression engine finds with a fast
    # search, so that the 50 MB of an attachment are skipped at memory speed.
    alternatives = b"|".join(re.escape(b) for b in sorted(set(boundaries), key=len, reverse=True))
    return re.compile(rb"\n--(" + alternatives + rb")(--)?[ \t]*\r?(?=\n|\Z)")


def authentication_bounds(raw: bytes) -> tuple[int | None, str | None]:
    """(the length of the top header section, None) when it keeps to the bounds of sender authentication, else
    (None, why not). The section ends where DKIM verifiers end it (lines split at LF; the first line that is not a
    field or a folded continuation); a field is counted whole, from its name to the next field. Only the first
    AUTH_HEADER_BYTES + 1 bytes are looked at, so the cost is bounded whatever the message."""
    window = raw[:AUTH_HEADER_BYTES + 1]
    end = _end_of_headers(window, 0)
    # Each field runs to the next one; the last to the end of the section, or of the window when that comes first.
    starts = [0] + [field.start() for field in _FIELD.finditer(window, 1, end)] + [end]
    if max(b - a for a, b in zip(starts, starts[1:])) > AUTH_FIELD_BYTES:
        return None, (f"a header field (its folded lines counted whole) is over the bound of {AUTH_FIELD_BYTES} "
                      "bytes for sender authentication")
    if end > AUTH_HEADER_BYTES:
        return None, f"its header section is over the bound of {AUTH_HEADER_BYTES} bytes for sender authentication"
    return end, None


def head(raw: bytes, limits: MessageLimits) -> bytes:
    """The top header section, at most HEAD_BYTES and `max_headers` fields of it, ending with a blank line: all
    that is read of a message over a limit."""
    window = raw[:HEAD_BYTES]
    end = _end_of_headers(window, 0)
    if end == len(window) and len(raw) > HEAD_BYTES:
        end = window.rfind(b"\n") + 1  # whole lines only
    for count, field in enumerate(_FIELD.finditer(window, 0, end), 1):
        if count > limits.max_headers:
            end = field.start()
            break
    return window[:end].rstrip(b"\r\n") + b"\r\n\r\n"
