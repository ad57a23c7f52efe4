"""Parse: a message's text parts, decoded, and as a mail client shows them when an HTML body stands beside text
parts that are no alternative to it (a mailing list's footer, a gateway's banner), or when the text/plain alternative
to an HTML body is a poor rendering of it (a placeholder, or the same words run onto one line)."""

from __future__ import annotations

import re
from email.header import decode_header, make_header
from email.message import Message

from mailbot.parse.own_words import HTML_READ, html_text


def decoded_text(part: Message, most: int | None = None) -> str | None:
    """The text of a leaf part (its first `most` bytes), in its charset, or UTF-8 when the charset is unknown;
    None when it holds no bytes."""
    data = part.get_payload(decode=True)
    if not isinstance(data, bytes):
        return None
    data = data[:most] if most is not None else data
    try:
        return data.decode(part.get_content_charset() or "utf-8", "replace")
    except LookupError:  # an unknown charset
        return data.decode("utf-8", "replace")


# A text or CSV file that a mail program sent as bytes of no known kind, or as Excel's, by its name ("changes.csv" as
# application/octet-stream, as Lotus Notes and Outlook on Windows send one): read as the text it is, unless it holds
# what no text does (a NUL, other control characters).
_TEXT_FILE = re.compile(r"\.(?:csv|tsv|txt)$", re.I)
_TEXT_FILE_TYPES = ("application/octet-stream", "application/vnd.ms-excel", "application/csv", "text/x-csv",
                    "text/comma-separated-values", "text/tab-separated-values")
_NOT_TEXT = re.compile(r"[\x00-\x08\x0e-\x1f]")


def attached_text(part: Message, most: int | None = None) -> str | None:
    """The text of an attached leaf part that is text: text/plain or text/csv, or a text or CSV file by its name sent
    as bytes of no known kind (see _TEXT_FILE); None for any other."""
    named = bool(_TEXT_FILE.search(part.get_filename() or "")) and part.get_content_type() in _TEXT_FILE_TYPES
    if part.get_content_type() not in ("text/plain", "text/csv") and not named:
        return None
    text = decoded_text(part, most)
    return None if text is None or (named and _NOT_TEXT.search(text)) else text


def shown_texts(message: Message, *, wrapped: bool, most: int = HTML_READ, headed: bool = False) -> list[str] | None:
    """The texts a mail client shows, in order, when the message has an HTML body that no text/plain alternative
    stands for and text/plain parts beside it: Mailman, for one, adds its footer to an HTML-only mail as a
    text/plain part of its own after it (RFC 2046 section 5.1.3: the parts of a multipart/mixed are shown one after
    the other). Of a multipart/alternative, its text/plain is shown where it has one (as everywhere else the bot
    reads), else its last part (RFC 2046 section 5.1.4). With `wrapped`, what a message/rfc822 part holds is shown
    too; of an HTML part, its first `most` characters. Of a multipart/alternative whose text/plain is a poor rendering
    of its HTML (poor_rendering()), the HTML is shown, as a client that shows HTML shows it. None when no such HTML
    body stands beside a text/plain part and none stands for a poor one: the caller reads the message as before. With
    `headed`, a message attached whole (message/rfc822) is shown under its header block as a mail client shows a
    message forwarded inline (forward_head()), and the texts are given whatever their kinds."""
    found: list[tuple[str, str]] = []  # (subtype, text); HTML rendered only once it is known to be needed
    richer: list[bool] = []  # an alternative's HTML shown for its poor text/plain

    def show(part: Message) -> None:
        if part.get_content_maintype() == "message":
            if wrapped and part.is_multipart():
                for inner in part.get_payload():
                    if headed and part.get_content_subtype() == "rfc822":
                        found.append(("plain", forward_head(inner)))
                    show(inner)
            return
        if part.is_multipart():
            subs = part.get_payload()
            if part.get_content_subtype() == "alternative" and subs:
                plain = next((s for s in subs if _holds_plain(s)), None)
                subs = [subs[-1] if plain is None else _richer(plain, subs, most, richer)]
            for sub in subs:
                show(sub)
            return
        if part.get_content_type() not in ("text/plain", "text/html") or _attachment(part):
            return
        text = decoded_text(part)
        if text is None:
            return
        found.append((part.get_content_subtype(), text))

    try:
        show(message)
    except Exception:  # a part that cannot be read: the message is read as before
        return None
    if {kind for kind, _ in found} != {"plain", "html"} and not headed and not richer:
        return None
    return [text if kind == "plain" else html_text(text, most) for kind, text in found]


def _richer(plain: Message, subs: list[Message], most: int, richer: list[bool]) -> Message:
    """Of an alternative's parts, the one to show: its text/plain, unless that is a poor rendering of a text/html leaf
    beside it (poor_rendering()); then the HTML, and `richer` says so."""
    html = next((s for s in subs if not s.is_multipart() and s.get_content_type() == "text/html"
                 and not _attachment(s)), None)
    if plain.is_multipart() or html is None:
        return plain
    words, markup = decoded_text(plain), decoded_text(html)
    if words is None or markup is None or not poor_rendering(words, html_text(markup, most)):
        return plain
    richer.append(True)
    return html


# A text/plain part that stands in for an HTML body it does not render ("This message is in HTML format. Please use an
# HTML-capable mail program to read it.", "To view this message, use an HTML-capable email client").
_PLACEHOLDER = re.compile(r"\bhtml\b[^.\n]{0,60}\b(?:format|capable|message|view|read|client|program|browser|version)"
                          r"|\b(?:format|capable|view|read|client|program|browser|version)\b[^.\n]{0,60}\bhtml\b", re.I)
# A word as the two renderings are compared: a run of what is neither space nor a table's cell rule.
_WORD = re.compile(r"[^\s|]+")


def poor_rendering(plain: str, shown: str) -> bool:
    """Whether a text/plain alternative is a poor rendering of its HTML as a client shows it (`shown`): a short
    placeholder saying to read the HTML, or the HTML's words in order (the last perhaps cut short) run onto far fewer
    lines, a table's rows and a list's items lost. The words being the same, the HTML's lines say only how they are
    laid out."""
    said = [w for w in _WORD.findall(plain) if re.search(r"\w", w)]
    shown_words = [w for w in _WORD.findall(shown) if re.search(r"\w", w)]
    if len(said) <= 30 and _PLACEHOLDER.search(plain) and len(shown_words) > len(said):
        return True
    lines = [line for line in plain.splitlines() if line.strip()]
    shown_lines = [line for line in shown.splitlines() if line.strip()]
    if len(shown_lines) < len(lines) + 4 or 3 * len(lines) > len(shown_lines) or len(said) < len(shown_words) // 2:
        return False
    return said[:-1] == shown_words[:len(said) - 1] and shown_words[len(said) - 1].startswith(said[-1])


def forwarded_messages(message: Message) -> list[Message]:
    """The messages the message forwards attached whole (message/rfc822 parts, as "Forward as attachment" sends
    them), in order, other than the message a delivery report returns (multipart/report, RFC 6522)."""
    found: list[Message] = []
    parts = [message]
    while parts:
        part = parts.pop()
        if part.get_content_type() == "message/rfc822" and part.is_multipart():
            found += [inner for inner in part.get_payload() if isinstance(inner, Message)]
        elif part.is_multipart() and part.get_content_type() != "multipart/report" \
                and part.get_content_maintype() != "message":
            parts.extend(reversed(part.get_payload()))
    return found


def forwards_attached(message: Message) -> bool:
    """Whether the message forwards another attached whole (forwarded_messages())."""
    return bool(forwarded_messages(message))


# The line Thunderbird writes over a message it forwards inline, and shows over one forwarded as an attachment.
FORWARD_MARK = "-------- Forwarded Message --------"


def forward_head(inner: Message) -> str:
    """The header block a mail client shows over a message forwarded as an attachment: its marker line, then the
    message's Subject, Date, From and To as written (RFC 2047 words decoded), with a blank line after them."""
    lines = [FORWARD_MARK]
    for name in ("Subject", "Date", "From", "To"):
        value = inner.get(name)
        if value is not None:
            lines.append(f"{name}: {' '.join(_decoded(str(value)).split())}")
    return "\n".join(lines) + "\n"


def _decoded(value: str) -> str:
    try:
        return str(make_header(decode_header(value)))
    except Exception:  # an unknown charset, broken encoded words: as written
        return value


def _holds_plain(part: Message) -> bool:
    if part.is_multipart():
        return part.get_content_maintype() != "message" and any(_holds_plain(s) for s in part.get_payload())
    return part.get_content_type() == "text/plain" and not _attachment(part)


def _attachment(part: Message) -> bool:
    return bool(part.get_filename()) or str(part.get("content-disposition", "")).strip().lower() \
        .startswith("attachment")
