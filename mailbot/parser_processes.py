"""Parse: the parser processes, as the acting process keeps them and talks to them, so that a message that takes
too long is stopped.

Only a process can be stopped from outside at any point: a thread cannot, and an alarm signal works only on the
main thread, while the SMTP listener calls receive() from a thread of its own. Each caller takes an idle parser
process (or starts one), hands it the bytes and waits at most MAILBOT_PARSE_SECONDS for the answer; past that
the process is killed, and the message is stored unread and shown to a person. A process is reused for the
next message, and ends when the bot does (it reads end-of-file on its input). The message's limits are checked
there too (parse.limits.prescan): that look is cheap, but it is Python, and here it would hold the reading
process's lock on the interpreter while the message before is acted on.

A reply's DKIM signatures are verified there too (policy.authentication), under the same time limit, with the key
records the acting process looked up: dkimpy's cost grows faster than the header it reads.

The process itself runs mailbot.parse.worker, which imports the readers; this module imports none of them, so that
the readers can call it.
"""

from __future__ import annotations

import atexit
import fcntl
import logging
import os
import selectors
import struct
import subprocess
import sys
import threading
import time

from mailbot.errors import MailbotError

log = logging.getLogger(__name__)

FRAME = struct.Struct(">Q")  # each message and each answer is preceded by its length
# What a request asks for, its first byte: a message parsed (parse.exchange.request), or its DKIM signatures verified
# with the key records the acting process looked up (policy.authentication), which needs no DNS here.
PARSE, DKIM = b"p", b"d"
READY = b"R"  # what a process says once it is ready for its first message
# A parser that has read a message this large has grown; it is ended rather than kept for the next one.
_RECYCLE_BYTES = 8 * 1024 * 1024
# Parsers kept for reuse: enough for the SMTP listener's and the IMAP reader's threads at once.
_MAX_IDLE = 4
# Parsers an IMAP reader keeps busy at once, while it acts on the messages before: one for each core but the one
# that acting takes. On two cores, a second parser only took that core from the acting process at times, and the
# whole went slower by a tenth.
PARALLEL = max(1, len(os.sched_getaffinity(0)) - 1) if hasattr(os, "sched_getaffinity") else 1
# Starting Python and importing the parser is not the message's fault: it has a time-out of its own.
_START_SECONDS = 60.0
_CHUNK = 1024 * 1024
_PIPE_BYTES = 1024 * 1024  # Linux's /proc/sys/fs/pipe-max-size by default


class ParserUnavailable(MailbotError):
    """No parser process could be started."""


class ParserDied(MailbotError):
    """The parser process stopped while it had a message in hand (not a time-out): the message was too much."""


class _Parser:
    def __init__(self):
        # The same interpreter, so the same installed package; -P keeps the working directory off its path, so
        # that a `mailbot/` folder where the bot happens to run is never imported in its place.
        try:
            self.proc = subprocess.Popen([sys.executable, "-P", "-m", "mailbot.parse.worker"], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, bufsize=0)
        except OSError as e:
            raise ParserUnavailable(f"the parser process could not be started: {e}") from None
        for pipe in (self.proc.stdin, self.proc.stdout):
            os.set_blocking(pipe.fileno(), False)
            try:  # a group of messages goes in a few writes, not one for each 64 KiB the pipe holds by default
                fcntl.fcntl(pipe.fileno(), fcntl.F_SETPIPE_SZ, _PIPE_BYTES)
            except (OSError, AttributeError):  # not Linux, or over the system's limit: the default will do
                pass
        # Made once for the process's life: making them for every exchange cost more than the exchange.
        self._writable, self._readable = selectors.DefaultSelector(), selectors.DefaultSelector()
        self._writable.register(self.proc.stdin.fileno(), selectors.EVENT_WRITE)
        self._readable.register(self.proc.stdout.fileno(), selectors.EVENT_READ)
        try:
            if self._read(1, time.monotonic() + _START_SECONDS) != READY:
                raise ParserUnavailable("it did not answer in time")
        except (ParserUnavailable, ParserDied) as e:
            self.kill()
            raise ParserUnavailable(f"the parser process could not be started: {e}") from None

    def exchange(self, requests: list[tuple[bytes, bytes]], seconds: float) -> list[bytes] | None:
        """The answers to `requests`, or None when they took longer than `seconds` in all (the process is then
        killed). All of them are written before any answer is read: the process answers once it has read them."""
        deadline = time.monotonic() + seconds
        pieces = [FRAME.pack(len(requests))]
        for request in requests:
            for part in request:
                pieces += [FRAME.pack(len(part)), part]
        if not all(self._write(piece, deadline) for piece in pieces):
            return None
        answers = []
        for _ in requests:
            header = self._read(FRAME.size, deadline)
            answer = None if header is None else self._read(FRAME.unpack(header)[0], deadline)
            if answer is None:
                return None
            answers.append(answer)
        # Answers read without waiting may still have come after the limit (the process ran while we were not).
        return answers if time.monotonic() <= deadline else None

    def _write(self, data: bytes, deadline: float) -> bool:
        view = memoryview(data)
        fd = self.proc.stdin.fileno()
        while view:
            try:  # tried first, waited for only when the pipe is full: most messages fit it at once
                view = view[os.write(fd, view[:_CHUNK]):]
            except BlockingIOError:
                if not self._wait(self._writable, deadline):
                    return False
            except OSError:  # a broken pipe: the process died
                raise ParserDied(f"its process stopped while reading it (exit status {self.proc.wait()})") from None
        return True

    def _read(self, size: int, deadline: float) -> bytes | None:
        chunks, missing = [], size
        fd = self.proc.stdout.fileno()
        while missing:
            try:
                chunk = os.read(fd, min(missing, _CHUNK))
            except BlockingIOError:
                if not self._wait(self._readable, deadline):
                    return None
                continue
            if not chunk:
                raise ParserDied(f"its process stopped while reading it (exit status {self.proc.wait()})")
            chunks.append(chunk)
            missing -= len(chunk)
        return b"".join(chunks)

    @staticmethod
    def _wait(selector, deadline: float) -> bool:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            if selector.select(left):
                return True

    def close(self) -> None:
        """End it the polite way: end-of-file on its input."""
        self._writable.close()
        self._readable.close()
        try:
            self.proc.stdin.close()
            self.proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait()
        self.proc.stdout.close()

    def kill(self) -> None:
        self._writable.close()
        self._readable.close()
        self.proc.kill()
        self.proc.wait()
        for pipe in (self.proc.stdin, self.proc.stdout):
            try:
                pipe.close()
            except OSError:
                pass


_idle: list[_Parser] = []
_lock = threading.Lock()


def run(requests: list[tuple[bytes, bytes]], seconds: float) -> list[bytes] | None:
    """Parse what each of `requests` holds (parse.exchange.request: the limits, then the message, each sent as it is)
    in one exchange with a parser process: their answers (parse.exchange.answer), or None when they took more than
    `seconds` in all. Raises ParserUnavailable when no parser process could be started, ParserDied when it died on
    them."""
    with _lock:
        parser = _idle.pop() if _idle else None
    if parser is not None and parser.proc.poll() is not None:
        parser.kill()  # it died while idle (killed from outside, out of memory): its pipes are closed
        parser = None
    try:
        return _run_in(parser or _Parser(), requests, seconds)
    except ParserDied:
        if parser is None:
            raise
        # A parser kept from before may have died just now, for its own reasons: the message gets a new one.
        return _run_in(_Parser(), requests, seconds)


def start(count: int = PARALLEL) -> None:
    """Have `count` parser processes waiting, as a service starts: the first messages do not wait for them."""
    with _lock:
        missing = count - len(_idle)
    started = [_Parser() for _ in range(max(0, min(missing, _MAX_IDLE)))]
    with _lock:
        _idle.extend(started)


def _run_in(parser: _Parser, requests: list[tuple[bytes, bytes]], seconds: float) -> list[bytes] | None:
    answer = None
    try:
        answer = parser.exchange(requests, seconds)
    finally:
        if answer is None:
            parser.kill()  # stopped in the middle, or dead: never reused
        elif sum(len(part) for request in requests for part in request) > _RECYCLE_BYTES:
            parser.close()
        else:
            with _lock:
                keep = len(_idle) < _MAX_IDLE
                if keep:
                    _idle.append(parser)
            if not keep:
                parser.close()
    return answer


@atexit.register
def stop() -> None:
    """Close the parser processes waiting, as the service stops: the next message starts one of its own."""
    with _lock:
        parsers = list(_idle)
        _idle.clear()
    for parser in parsers:
        parser.close()
