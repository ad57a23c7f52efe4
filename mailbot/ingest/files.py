"""Ingest: .eml files, Maildir folders and standard input, each message handed to receive()."""

from __future__ import annotations

import logging
import mailbox
import sys
from pathlib import Path
from typing import Iterator

from mailbot.errors import InputError, MailbotError
from mailbot.ingest.receive import receive_retrying
from mailbot.services import Services

log = logging.getLogger(__name__)


def check_paths(paths: list[str]) -> None:
    """Refuse the whole run before anything is stored if one path is wrong."""
    for p in paths:
        path = Path(p)
        if p == "-" or path.is_file():
            continue
        if not path.exists():
            raise InputError(f"{p}: no such file or Maildir")
        if not all((path / sub).is_dir() for sub in ("cur", "new", "tmp")):
            raise InputError(f"{p}: a folder, but not a Maildir (no cur/, new/ and tmp/)")


def sources(paths: list[str]) -> Iterator[tuple[str, str, bytes]]:
    """(source, name, raw bytes) for every message named, in order (the name says where a person finds it: the
    path, the Maildir's path and the message's key, or "-"); the paths are checked first."""
    check_paths(paths)
    for p in paths:
        if p == "-":
            yield "stdin", "-", sys.stdin.buffer.read()
        elif Path(p).is_dir():
            box = mailbox.Maildir(p, factory=None, create=False)
            for key in sorted(box.keys()):
                with box.get_file(key) as f:
                    yield "maildir", f"{p}:{key}", f.read()
        else:
            yield "file", p, Path(p).read_bytes()


def ingest(app: Services, paths: list[str]) -> Iterator[tuple[dict, MailbotError | Exception | None]]:
    """Each message named, received (tried again, then parked for a person): the line `mailbot ingest` prints
    for it, and the failure when it could not be processed, not even parked. Such a message is reported on its
    line, with its error and where it is, and the next one is taken: one message never stops the others."""
    for source, name, raw in sources(paths):
        try:
            result = receive_retrying(app, raw, source)
        except Exception as e:  # the boundary of the runner: this message reported, the next one taken
            log.error("%s: %s: %s", name, type(e).__name__, e, exc_info=not isinstance(e, MailbotError))
            error = str(e) if isinstance(e, MailbotError) else f"unexpected {type(e).__name__}: {e}"
            yield {"file": name, "action": "failed", "error": error}, e
            continue
        if result.action == "quarantined":
            yield {**result.as_json(), "file": name}, MailbotError(result.error)
        else:
            yield result.as_json(), None
