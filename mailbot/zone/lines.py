"""Zone watch, the edge: the lines of a zone file (RFC 1035 section 5) that can hold what the reader keeps, found
without parsing the rest. Parsing every record with dnspython costs some 100 microseconds a record; the registry's
zone is mostly delegations of domains that are not locked, dropped here by their owner's name alone.

What is kept: every directive ($ORIGIN, $TTL, $GENERATE, $INCLUDE, which the reader then refuses), and each record
whose owner is the zone's apex or a name asked for, with the lines that continue it (a blank owner is the record
before's; a record in parentheses goes on to the closing one). A name written with an escape is kept, to be read
properly. Anything else is left out unread, so a mistake in a record of a domain not asked for goes unnoticed."""

from __future__ import annotations

from collections.abc import Iterable, Iterator


def kept_lines(lines: Iterable[str], origin: str, wanted: set[str]) -> Iterator[str]:
    """The lines of `lines` that matter for `origin`'s apex and the `wanted` names (lower case, no final dot)."""
    origin = origin.lower().rstrip(".")
    keep = False  # the current owner's records are kept
    depth = 0  # parentheses open: the lines of one record
    for line in lines:
        if depth > 0:
            if keep:
                yield line
            depth = max(0, depth + _parentheses(line))
            continue
        first = line[:1]
        if first == "$":
            yield line
            parts = line.split()
            if parts[0].upper() == "$ORIGIN" and len(parts) > 1:
                origin = _absolute(parts[1], origin)
            depth = max(0, _parentheses(line))
            continue
        if first in (" ", "\t"):
            if not line.strip() or line.lstrip().startswith(";"):
                continue
        elif not line.strip() or first == ";":
            continue
        else:
            owner = line.split(None, 1)[0]
            keep = "\\" in owner or (name := _absolute(owner, origin)) == origin or name in wanted
        if keep:
            yield line
        depth = max(0, _parentheses(line))


def _absolute(name: str, origin: str) -> str:
    """An owner as written, absolute, lower case, without the final dot ("@" is the origin)."""
    if name == "@":
        return origin
    name = name.lower()
    if name.endswith("."):
        return name[:-1]
    return f"{name}.{origin}" if origin else name


def _parentheses(line: str) -> int:
    """How many parentheses the line leaves open (closes, if negative), outside quotes and comments."""
    if '"' not in line and ";" not in line:
        return line.count("(") - line.count(")")
    depth, quoted, escaped = 0, False, False
    for ch in line:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif ch == ";":
            break
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
    return depth
