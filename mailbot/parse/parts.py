"""Parse: a message's text parts, decoded, and as a mail client shows them when an HTML body stands beside text
parts that are no alternative to it (a mailing list's footer, a gateway's banner)."""

from __future__ import annotations

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


def shown_texts(message: Message, *, wrapped: bool, most: int = HTML_READ) -> list[str] | None:
    """The texts a mail client shows, in order, when the message has an HTML body that no text/plain alternative
    stands for and text/plain parts beside it: Mailman, for one, adds its footer to an HTML-only mail as a
    text/plain part of its own after it (RFC 2046 section 5.1.3: the parts of a multipart/mixed are shown one after
    the other). Of a multipart/alternative, its text/plain is shown where it has one (as everywhere else the bot
    reads), else its last part (RFC 2046 section 5.1.4). With `wrapped`, what a message/rfc822 part holds is shown
    too; of an HTML part, its first `most` characters. None when no such HTML body stands beside a text/plain part:
    the caller reads the message as before."""
    found: list[tuple[str, str]] = []  # (subtype, text); HTML rendered only once it is known to be needed

    def show(part: Message) -> None:
        if part.get_content_maintype() == "message":
            if wrapped and part.is_multipart():
                for inner in part.get_payload():
                    show(inner)
            return
        if part.is_multipart():
            subs = part.get_payload()
            if part.get_content_subtype() == "alternative" and subs:
                subs = [next((s for s in subs if _holds_plain(s)), subs[-1])]
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
    if {kind for kind, _ in found} != {"plain", "html"}:
        return None
    return [text if kind == "plain" else html_text(text, most) for kind, text in found]


def _holds_plain(part: Message) -> bool:
    if part.is_multipart():
        return part.get_content_maintype() != "message" and any(_holds_plain(s) for s in part.get_payload())
    return part.get_content_type() == "text/plain" and not _attachment(part)


def _attachment(part: Message) -> bool:
    return bool(part.get_filename()) or str(part.get("content-disposition", "")).strip().lower() \
        .startswith("attachment")
