"""Parse (change request): the clauses of a sentence that say what is not to be done now ("do not remove the old one
yet", "we'll ask for it to be removed once the rollover is done", "keep the existing one until we confirm"): their
words of a role or a change are not of what the mail asks."""

import re

from mailbot.parse.change_request.roles import ROLE, role_of

# A clause that says what is not to be done ("do not remove the old one yet", "without touching the existing DS"), or
# what is to be asked for another time ("we'll ask for it to be removed once the rollover is done", "later"): its role
# words are not of what the mail asks now. A clause ends at a stop, a comma, a dash between spaces or a conjunction.
_BOUND = re.compile(r"[.;:!?,\n]|\s[-\u2013\u2014]+\s|\b(?:and|but|then|so|while|whereas)\b", re.I)
_NOT = re.compile(r"\b(?:not|never|nor|without|no\s+need\s+to)\b|n't\b", re.I)
_LATER = re.compile(r"""\b(?:we(?:'ll|\s+will|\s+shall)\s+(?:ask|request|send|raise|let\s+you\s+know|come\s+back
       |remove|delete|drop|pull|take|withdraw|retire|follow\s+up)
    |later|in\s+due\s+course|next\s+(?:week|month|time)|tomorrow
    |(?:separate|follow[\s-]?up|further)\s+(?:request|ticket|mail|email)
    |in\s+(?:a|one|two|three|a\s+few|a\s+couple\s+of|\d+)\s+(?:days?|weeks?|hours?)
    |once\s+the\s+(?:rollover|roll[\s-]over|new\s+key|caches?|change|migration|ttl)
    |once\s+(?:it|they|that|this|the\s+\w+)\s+(?:has|have|is|are)\s+(?:expired|propagated|settled|caught\s+up|live|done)
    |after\s+the\s+(?:rollover|migration|ttl|caches?|propagation))\b""",
                    re.I | re.X)

_OF_CURRENT_KEPT = re.compile(r"\b(?:keep|keeping|retain|retaining|leave|leaving)\s+(?:all\s+)?(?:of\s+)?"
                             r"(?:the|our|its|their)\s+"
                             r"(?:existing|current|old|present|live)\b", re.I)


def not_now(masked: str) -> list[tuple[int, int, bool]]:
    """The spans of the clauses (or their ends, from a negation on) that say what is not to be done now, each with
    whether a negation says so ("do not remove"), rather than a time to come or words of keeping."""
    cuts = [0] + [x for m in _BOUND.finditer(masked) for x in m.span()] + [len(masked)]
    spans = []
    for begin, end in zip(cuts[::2], cuts[1::2]):
        if _LATER.search(masked, begin, end):
            spans.append((begin, end, False))
        elif negation := _NOT.search(masked, begin, end):
            spans.append((negation.start(), end, True))
        elif kept := _OF_CURRENT_KEPT.search(masked, begin, end):
            spans.append((kept.start(), end, False))  # "keep the existing one until we confirm": of the current records
    return spans


def unsaid(masked: str) -> str:
    """The text with each clause blanked that says what is not to be done, or what will be asked for another time."""
    for begin, end, _ in not_now(masked):
        masked = masked[:begin] + " " * (end - begin) + masked[end:]
    return masked


def unsaid_roles(masked: str, negated: bool = False) -> set[str]:
    """The roles the words of the clauses unsaid() blanks name (`negated`: of those a negation blanks only)."""
    return {role_of(r) for begin, end, by_not in not_now(masked) if by_not or not negated
            for r in ROLE.finditer(masked[begin:end])} - {"pointer"}
