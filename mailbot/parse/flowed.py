"""Parse: text/plain; format=flowed (RFC 3676) read as its writer wrote it.

Thunderbird, Apple Mail and many phones send plain text as format=flowed: a long line is broken into lines of
about 72 characters, each but the last ending in a space (a "soft" break), and a reader is to join them again.
Read as sent, a table row or a DS record broken after its key tag reads as two lines: a record without its digest
and a digest without its record, a row without its action. The email package does not join them, so the bot does,
before anything reads the text: a mail then says what its writer typed, whatever their client.
"""

from __future__ import annotations

import re

_QUOTES = re.compile(r"^>+")
SIGNATURE = "-- "  # the signature separator is never a soft break (RFC 3676 4.3)


def unflow(text: str, *, delsp: bool = False) -> str:
    """`text` (decoded, of a format=flowed part) with its soft line breaks joined (RFC 3676 4.2): a line ending in a
    space runs on into the next line of the same quote depth; space-stuffing is taken off; with DelSp=yes the space
    before a soft break goes too. Quoted lines keep their depth as "> " marks, so that a quoted mail is still told
    from the sender's own words."""
    out: list[str] = []
    pending: tuple[int, str] | None = None  # a paragraph being joined: its quote depth and its text so far
    for raw in text.replace("\r\n", "\n").split("\n"):
        marks = _QUOTES.match(raw)
        depth = len(marks.group(0)) if marks else 0
        line = raw[depth:]
        if line.startswith(" "):  # space-stuffed (or the space after the quote marks)
            line = line[1:]
        if pending is not None and pending[0] != depth:  # a soft break before a change of depth ends the paragraph
            out.append(_quoted(*pending))
            pending = None
        soft = line.endswith(" ") and line != SIGNATURE
        if soft and delsp:
            line = line[:-1]
        joined = (pending[1] if pending else "") + line
        if soft:
            pending = (depth, joined)
        else:
            out.append(_quoted(depth, joined))
            pending = None
    if pending is not None:
        out.append(_quoted(*pending))
    return "\n".join(out)


def _quoted(depth: int, line: str) -> str:
    return ("> " * depth if depth else "") + line
