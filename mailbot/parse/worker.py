"""Parse: the parser process itself (run as `python -P -m mailbot.parse.worker` by mailbot.parser_processes). It
reads requests on its input, answers each with what parse.exchange.answer() or policy.authentication.answer() makes of
it, and ends at end-of-file.
"""

from __future__ import annotations

import logging
import os
import sys

from mailbot.parse import exchange
from mailbot.parse.limits import MessageLimits
from mailbot.parser_processes import DKIM, FRAME, PARSE, READY
from mailbot.policy import authentication

_WARM_UP = (b"From: A <a@example.org>\r\nTo: b@example.org\r\nSubject: =?utf-8?q?warm?=\r\n"
            b"Message-ID: <warm@example.org>\r\nDate: Fri, 27 Nov 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n"
            b"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nwarm\r\n"
            b"--b\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERg==\r\n--b--\r\n")


def main() -> None:
    """The parser process: read a message, answer with what parse.mail.checked_read() made of it (or, asked for it,
    with its DKIM verification), until end-of-file."""
    # The answers go on a descriptor of their own: nothing a library prints can mix into them.
    channel = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    logging.disable(logging.CRITICAL)  # what the parser logs about one hostile message is of no use to anyone

    answerers = {PARSE: exchange.answer, DKIM: authentication.answer}

    def answer(head: bytes, raw: bytes) -> bytes:
        return answerers[head[:1]](head[1:], raw)

    # Read once before it says it is ready: the parser's first message costs it some 20 ms of imports and
    # compiled patterns, which a process started as the service starts pays then, not with the first mail.
    answer(*exchange.request(_WARM_UP, MessageLimits()))
    source = sys.stdin.buffer
    channel.write(READY)
    channel.flush()
    while True:
        count = _read_exactly(source, FRAME.size)
        if count is None:
            return
        requests = []
        for _ in range(FRAME.unpack(count)[0]):
            parts = [_read_frame(source), _read_frame(source)]  # what is asked (PARSE or DKIM), then the message
            if None in parts:
                return
            requests.append(parts)
        # Answered together once all are read (and written at once): the caller writes them all before it reads.
        for answered in [answer(*parts) for parts in requests]:
            channel.write(FRAME.pack(len(answered)))
            channel.write(answered)
        channel.flush()


def _read_frame(source) -> bytes | None:
    """A frame: its length, then that many bytes; None at end-of-file."""
    header = _read_exactly(source, FRAME.size)
    return None if header is None else _read_exactly(source, FRAME.unpack(header)[0])


def _read_exactly(source, size: int) -> bytes | None:
    data = source.read(size)
    return data if len(data) == size else None


if __name__ == "__main__":
    main()
