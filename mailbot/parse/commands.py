"""Parse: reads an operator's or GDS's command from the first line of their own words in a reply (pure,
like change_request/ and forms.py); mailbot.workflow.commands decides whether it counts and carries it out.

    call verified|refused|no-answer contact=EMAIL [phone=NUMBER] [note=TEXT]     the operators
    applied                                                                      the operators
    withdraw [reason=TEXT]                                                       the operators
    approve                                                                      GDS: sign-ups and cancellations
    reject reason=TEXT                                                           GDS: sign-ups and cancellations

Words are read case-insensitively; a value with spaces is quoted ("..."), except note= and reason=, which
take the rest of the line. One command a message: a second command line is refused, never guessed at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mailbot.errors import InputError

# Each command, and the role whose allowlist (rules.yaml `commands`) may send it.
ROLES = {"call": "operators", "applied": "operators", "withdraw": "operators", "approve": "gds", "reject": "gds"}
CALL_OUTCOMES = ("verified", "refused", "no-answer")
_KEYS = {"call": ("contact", "phone", "note"), "applied": (), "withdraw": ("reason",), "approve": (),
         "reject": ("reason",)}
_REQUIRED = {"call": ("contact",), "reject": ("reason",)}
_REST_OF_LINE = ("note", "reason")
_OPEN, _CLOSE = "\"\u201c", "\"\u201d"  # mail clients turn straight quotes into curly ones
_KEY = re.compile(r"\s+([A-Za-z]+)=")
# Bidirectional overrides and zero-width characters make text read other than it is (CVE-2021-42574).
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


class CommandError(InputError):
    """A command that cannot be read: the message says what is wrong, for the answer to its sender."""


@dataclass(frozen=True)
class Command:
    verb: str
    outcome: str | None = None  # for call: verified, refused or no-answer
    args: dict[str, str] = field(default_factory=dict)
    line: str = ""

    @property
    def role(self) -> str:
        return ROLES[self.verb]


def _verb(line: str) -> tuple[str, str]:
    word, _, rest = line.strip().partition(" ")
    return word.lower().rstrip(".,;:!"), " " + rest if rest else ""


def command_word(text: str) -> str | None:
    """The command the first line starts with, if it starts with one."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    verb, _ = _verb(first)
    return verb if verb in ROLES else None


def visible(text: str) -> str:
    """Text to show a person: invisible and direction-changing characters written as <U+202E>."""
    return INVISIBLE.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


def read_command(text: str) -> Command:
    """The command on the first line of `text` (a reply's own words, no quoted text); CommandError if
    there is none, it cannot be read, or another command follows it."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        raise CommandError("no command: the message has no text of its own")
    verb, rest = _verb(lines[0])
    if verb not in ROLES:
        raise CommandError(f"unknown command {visible(lines[0].split()[0])!r}: the commands are "
                           f"{', '.join(ROLES)}")
    for later in lines[1:]:
        if _verb(later)[0] in ROLES:
            raise CommandError(f"one command a message: {visible(later)!r} follows {visible(lines[0])!r}")
    outcome = None
    if verb == "call":
        outcome, rest = _verb(rest)
        if outcome not in CALL_OUTCOMES:
            raise CommandError(f"call needs an outcome first: {', '.join(CALL_OUTCOMES)}")
    args = _arguments(verb, rest)
    missing = [k for k in _REQUIRED.get(verb, ()) if k not in args]
    if missing:
        raise CommandError(f"{verb} needs {' and '.join(k + '=' for k in missing)}")
    return Command(verb, outcome, args, lines[0])


def _arguments(verb: str, rest: str) -> dict[str, str]:
    args: dict[str, str] = {}
    pos = 0
    while rest[pos:].strip():
        m = _KEY.match(rest, pos)
        if m is None:
            raise CommandError(f"cannot read {visible(rest[pos:].split()[0])!r} after {verb}: write key=value, "
                               f"such as {(_KEYS[verb] or ('nothing more',))[0]}=...")
        key, pos = m.group(1).lower(), m.end()
        if key not in _KEYS[verb]:
            takes = ", ".join(k + "=" for k in _KEYS[verb]) or "nothing more"
            raise CommandError(f"{verb} takes no {key}= (it takes {takes})")
        if key in args:
            raise CommandError(f"{key}= is given twice")
        if rest[pos:pos + 1] and rest[pos] in _OPEN:
            end = next((i for i in range(pos + 1, len(rest)) if rest[i] in _CLOSE), -1)
            if end < 0:
                raise CommandError(f"{key}= has no closing quote")
            value, pos = rest[pos + 1:end], end + 1
        elif key in _REST_OF_LINE:
            value, pos = rest[pos:], len(rest)
        else:
            end = re.compile(r"\S*").match(rest, pos).end()
            value, pos = rest[pos:end], end
        if not value.strip():
            raise CommandError(f"{key}= is empty")
        args[key] = " ".join(value.split())
    return args
