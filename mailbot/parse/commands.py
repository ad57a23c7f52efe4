"""Parse: reads an operator's or GDS's command from the first line of their own words in a reply (pure,
like change_request/ and forms.py); mailbot.workflow.commands decides whether it counts and carries it out.

COMMANDS is the one table of the commands: their words, who may send them, what each does, and how the mails
write them. The list of replies a mail accepts (workflow/accepted.py), the answer to a reply that is no command,
and the docs are all read from it.

Words are read case-insensitively; a value with spaces is quoted ("..."), except note=, reason= and text=, which
take the rest of the line, and by=, which takes the words up to the next key. One command a message: a second
command line is refused, never guessed at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mailbot.errors import InputError


@dataclass(frozen=True)
class Verb:
    """One command: the keys it takes (those it needs first), who may send it, and how a mail shows it."""

    name: str
    keys: tuple[str, ...]
    required: tuple[str, ...]
    roles: tuple[str, ...]  # the allowlists (rules.yaml `commands`) that may send it
    usage: str  # after the verb, as a mail shows it; call's outcomes are put in by the mail
    does: str  # what it does, in a few words, for the mail's list


COMMANDS: dict[str, Verb] = {v.name: v for v in (
    Verb("call", ("contact", "phone", "note", "by"), ("contact",), ("operators", "gds"),
         'contact=EMAIL [phone="NUMBER"] [note=TEXT]', "record a call to a Registry Lock contact"),
    Verb("applied", ("by",), (), ("operators",), "", "record that you made the change at the registry"),
    Verb("withdraw", ("reason", "by"), (), ("operators",), "[reason=TEXT]", "withdraw the request"),
    Verb("approve", ("by",), (), ("gds",), "", "approve it"),
    Verb("reject", ("reason", "by"), ("reason",), ("gds",), "reason=TEXT",
         "reject it (the reason is sent to the person who asked)"),
    Verb("note", ("text", "by"), ("text",), ("operators", "gds"), "text=TEXT",
         "record what you did or found on the ticket"),
)}
CALL_OUTCOMES = ("verified", "refused", "no-answer")
_REST_OF_LINE = ("note", "reason", "text")
_OPEN, _CLOSE = "\"\u201c", "\"\u201d"  # mail clients turn straight quotes into curly ones
_KEY = re.compile(r"\s+([A-Za-z]+)=")
_NOTE_KEY = re.compile(r"\s+(text|by)=", re.IGNORECASE)
_BY = re.compile(r"\s+by=", re.IGNORECASE)
# Bidirectional overrides and zero-width characters make text read other than it is (CVE-2021-42574).
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


class CommandError(InputError):
    """A command that cannot be read: the message says what is wrong, for the answer to its sender."""


class NotACommand(CommandError):
    """Words that start with no command at all ("I confirm this change"): a person writing, not a command."""


@dataclass(frozen=True)
class Command:
    verb: str
    outcome: str | None = None  # for call: verified, refused or no-answer
    args: dict[str, str] = field(default_factory=dict)
    line: str = ""

    @property
    def roles(self) -> tuple[str, ...]:
        return COMMANDS[self.verb].roles

    @property
    def by(self) -> str | None:
        """The person the command names as its sender (by=NAME), if it names one."""
        return self.args.get("by")


def _verb(line: str) -> tuple[str, str]:
    word, _, rest = line.strip().partition(" ")
    return word.lower().rstrip(".,;:!"), " " + rest if rest else ""


def _command_verb(line: str) -> str | None:
    """The command a line starts with: "note" only with its key ("Note: they called back" is a person writing)."""
    verb, rest = _verb(line)
    if verb == "note" and not _NOTE_KEY.match(rest):
        return None
    return verb if verb in COMMANDS else None


def command_word(text: str) -> str | None:
    """The command the first line starts with, if it starts with one."""
    return _command_verb(next((line for line in text.splitlines() if line.strip()), ""))


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
    if _command_verb(lines[0]) is None:
        raise NotACommand(f"{visible(lines[0].split()[0])!r} is not a command: the commands are "
                          f"{', '.join(COMMANDS)}")
    for later in lines[1:]:
        if _command_verb(later) is not None:
            raise CommandError(f"one command a message: {visible(later)!r} follows {visible(lines[0])!r}")
    outcome = None
    if verb == "call":
        outcome, rest = _verb(rest)
        if outcome not in CALL_OUTCOMES:
            raise CommandError(f"call needs an outcome first: {', '.join(CALL_OUTCOMES)}")
    args = _arguments(verb, rest)
    missing = [k for k in COMMANDS[verb].required if k not in args]
    if missing:
        raise CommandError(f"{verb} needs {' and '.join(k + '=' for k in missing)}")
    return Command(verb, outcome, args, lines[0])


def _arguments(verb: str, rest: str) -> dict[str, str]:
    args: dict[str, str] = {}
    pos = 0
    while rest[pos:].strip():
        m = _KEY.match(rest, pos)
        keys = COMMANDS[verb].keys
        if m is None:
            raise CommandError(f"cannot read {visible(rest[pos:].split()[0])!r} after {verb}: write key=value, "
                               f"such as {keys[0]}=...")
        key, pos = m.group(1).lower(), m.end()
        if key not in keys:
            takes = ", ".join(k + "=" for k in keys)
            raise CommandError(f"{verb} takes no {key}= (it takes {takes})")
        if key in args:
            raise CommandError(f"{key}= is given twice")
        if rest[pos:pos + 1] and rest[pos] in _OPEN:
            end = next((i for i in range(pos + 1, len(rest)) if rest[i] in _CLOSE), -1)
            if end < 0:
                raise CommandError(f"{key}= has no closing quote")
            value, pos = rest[pos + 1:end], end + 1
        elif key in _REST_OF_LINE:  # to the end of the line, or to a by= that ends it
            signed = None if "by" in args else _BY.search(rest, pos)
            end = signed.start() if signed else len(rest)
            value, pos = rest[pos:end], end
        elif key == "by":  # a person's name: its words, up to the next key=
            following = _KEY.search(rest, pos)
            end = following.start() if following else len(rest)
            value, pos = rest[pos:end], end
        else:
            end = re.compile(r"\S*").match(rest, pos).end()
            value, pos = rest[pos:end], end
        if not value.strip():
            raise CommandError(f"{key}= is empty")
        args[key] = " ".join(value.split())
    return args
