"""Ingest: .eml files, Maildir folders and standard input, each message handed to receive()."""

from __future__ import annotations

import mailbox
import sys
from pathlib import Path
from typing import Iterator

from mailbot.errors import InputError


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


def sources(paths: list[str]) -> Iterator[tuple[str, bytes]]:
    """(source, raw bytes) for every message named, in order; the paths are checked first."""
    check_paths(paths)
    for p in paths:
        if p == "-":
            yield "stdin", sys.stdin.buffer.read()
        elif Path(p).is_dir():
            box = mailbox.Maildir(p, factory=None, create=False)
            for key in sorted(box.keys()):
                with box.get_file(key) as f:
                    yield "maildir", f.read()
        else:
            yield "file", Path(p).read_bytes()
