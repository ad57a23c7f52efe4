"""Parse (change request): a unified diff pasted under the sender's words, and whether the two say the same change.

"pls add C to x.gov.uk, see diff" over a diff whose "+" line is D: the words and the diff each give a change, and which
is meant a person asks. The diff's lines are read by the layouts (lines.py reads its "+", "-" and context lines); this
module only holds the sender's words beside it to what the diff changes."""

import re

from mailbot.parse.change_request.line_values import line_values
from mailbot.parse.change_request.noise import without_addresses

_HUNK = re.compile(r"@@ -\d+(?:,(?P<old>\d+))? \+\d+(?:,(?P<new>\d+))? @@")
_HEADER = re.compile(r"diff --git |index [0-9a-f]{7,}\.\.[0-9a-f]{7,}|(?:---|\+\+\+) \S")


def diff_disagrees(text: str, targets: set[str], zone: str) -> str | None:
    """Why the sender's words and the unified diff in the text disagree, or None: every value the words give must be
    one the diff holds, and every value the diff adds or removes one the words give. Words giving no value ("see diff",
    "pls update the delegation to match") agree with any diff."""
    lines = text.split("\n")
    if not any(_HUNK.match(line) for line in lines):
        return None
    in_diff = [False] * len(lines)
    changed: set[str] = set()
    held: set[str] = set()
    old = new = 0  # the lines of each side the hunk's header says are still to come
    hunk = False
    for n, line in enumerate(lines):
        if (m := _HUNK.match(line)) or (_HEADER.match(line) and _near_hunk(lines, n)):
            in_diff[n], hunk = True, bool(m)
            old, new = (int(m["old"] or 1), int(m["new"] or 1)) if m else (0, 0)
            continue
        if hunk and (line[:1] in ("+", "-", " ") and line.strip() or old > 0 or new > 0):
            in_diff[n] = True
            old, new = old - (line[:1] != "+"), new - (line[:1] != "-")
            values = _values(line[1:] if line[:1] in ("+", "-", " ") else line, targets, zone)
            held |= values
            if line[:1] in ("+", "-"):
                changed |= values
            continue
        hunk = False
    said = set().union(*(_values(line, targets, zone) for n, line in enumerate(lines) if not in_diff[n]))
    if not said or not changed:
        return None
    if not said <= held:
        return f"the words give {', '.join(sorted(said - held))}, which the diff below them does not"
    if not changed <= said:
        return f"the diff changes {', '.join(sorted(changed - said))}, which the words above it do not name"
    return None


def _near_hunk(lines: list[str], n: int) -> bool:
    """Whether a file header's line is one of a diff's: a hunk's header follows within its next four lines."""
    return any(_HUNK.match(line) for line in lines[n + 1:n + 5])


def _values(line: str, targets: set[str], zone: str) -> set[str]:
    found = line_values(without_addresses(line), targets, zone)
    return {v.lower() for kind in ("nameservers", "ds") for v in found[kind]}
