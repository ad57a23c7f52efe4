"""Classify: what a lock contact's reply says, read to a rule that fails safe: a dispute, a confirmation, or unclear.

The written confirmation is the second factor of Registry Lock: reading "no" as "yes" removes it. So a reply
confirms only when the sender's message (mailbot.parse.own_words.message_lines: no quoted mail, signature or disclaimer)
holds a confirm phrase and nothing that could negate, doubt, question or condition it anywhere in it: no
question mark and no phrase from `negations`, `doubts`, `conditions` or `out_of_office` (rules.yaml `replies:`).
The whole message is read, not a window around the affirmative: in a reply of a few lines, "Approved. Not the
DS records though." or "Yes.\nBut wait until Monday." negate or condition it from the next sentence. A dispute
phrase anywhere makes it a dispute, whatever else it says. Anything else is unclear (None): recorded, and a
person reads it. Clauses that are only courtesy ("No problem.", "Let me know if you need anything else.") are
left out before looking for negations, when nothing but filler words remains of them once the courtesy is taken
out. See docs/replies.md.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from mailbot.parse.own_words import message_lines

# Longer than this, a reply is not a plain confirmation: a person reads it.
MAX_LINES = 20
MAX_CHARS = 2000

_TYPOGRAPHY = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201b": "'", "\u2032": "'", "`": "'", "\u00b4": "'",
                             "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2010": "-", "\u2011": "-",
                             "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-"})
# Contractions are written out, so that a list says "do not confirm" once for "don't", "dont" and "do not".
_CONTRACTIONS = [(re.compile(p), r) for p, r in (
    (r"\bcan'?t\b", "cannot"), (r"\bcan not\b", "cannot"), (r"\bwon'?t\b", "will not"), (r"\bshan'?t\b", "shall not"),
    (r"\bain'?t\b", "is not"), (r"n't\b", " not"),
    (r"\b(do|did|does|is|was|were|are|have|has|had|should|could|would|must|need|might)nt\b", r"\1 not"),
    (r"'re\b", " are"), (r"'ve\b", " have"), (r"'ll\b", " will"), (r"\bi'?m\b", "i am"), (r"'d\b", " would"),
    (r"\b(it|that|there|what|who|he|she|here|this|everything|all)'s\b", r"\1 is"))]
# Where a clause ends, for finding the clauses that are only courtesy.
_CLAUSE_END = re.compile(r"[.!?;:,\n()\[\]\"]+|\s-+\s|\s/\s")


@dataclass(frozen=True)
class Reading:
    intent: str | None  # "dispute", "confirm", or None: unclear
    reason: str  # why, for the ticket's history and the operators
    words: tuple[str, ...]  # the sender's message as it was read (see mailbot.parse.own_words.message_lines)


def normalise(text: str) -> str:
    """Lower case, straight apostrophes and hyphens, contractions written out, entities that text taken from
    HTML may still hold ("don&#39;t") read, and compatibility forms (a full-width "？") made plain."""
    text = unicodedata.normalize("NFKC", html.unescape(text)).translate(_TYPOGRAPHY).lower()
    for pattern, written_out in _CONTRACTIONS:
        text = pattern.sub(written_out, text)
    return text


def read(text: str, replies) -> Reading:
    """How the reply whose own text is `text` reads, by the phrase lists in `replies` (rules.Replies)."""
    words = tuple(message_lines(text))
    if not words:
        return Reading(None, "it has no words of its own above the mail it answers", words)
    said = normalise("\n".join(words))
    flat = " ".join(said.split())
    if (dispute := _found(replies.dispute_phrases, flat)) is not None:
        return Reading("dispute", f'it says "{dispute}"', words)
    if len(words) > MAX_LINES or len(flat) > MAX_CHARS:
        return Reading(None, f"it is too long to be read as a plain confirmation ({len(words)} lines)", words)
    if (odd := _unreadable(said)) is not None:
        return Reading(None, odd, words)
    affirmative = _found(replies.confirm_phrases, flat)
    if affirmative is None:
        return Reading(None, "it holds no word of confirmation", words)
    if "?" in said:
        return Reading(None, f'it says "{affirmative}" but asks a question', words)
    rest = " ".join(_without_courtesies(said, replies).split())
    for phrases in (replies.negations, replies.doubts, replies.conditions, replies.out_of_office):
        if (marker := _found(phrases, rest)) is not None:
            return Reading(None, f'it says "{affirmative}" but also "{marker}", which may negate, doubt or '
                                 "condition it", words)
    return Reading("confirm", f'it says "{affirmative}", and nothing that negates, doubts, questions or '
                              "conditions it", words)


def _unreadable(said: str) -> str | None:
    """Letters that could stand for others: a Cyrillic "о" in "nоt" hides the negation from every list."""
    for ch in said:
        if unicodedata.category(ch) == "Cf":
            return f"it holds an invisible character (U+{ord(ch):04X})"
        if ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN"):
            return f"it holds letters of a script other than Latin (U+{ord(ch):04X}), which may look like Latin ones"
    return None


def _without_courtesies(said: str, replies) -> str:
    """The text with each clause that is only courtesy blanked: a clause holding a courtesy phrase, of which
    nothing but filler words remains once the courtesy is taken out, and that holds no confirm phrase."""
    filler, courtesy = set(replies.filler_words), _pattern(tuple(replies.courtesies))
    kept: list[str] = []
    for clause in _CLAUSE_END.split(said):
        flat = " ".join(clause.split())
        if courtesy is not None and courtesy.search(flat) and _found(replies.confirm_phrases, flat) is None \
                and set(courtesy.sub(" ", flat).split()) <= filler:
            continue
        kept.append(flat)
    return " , ".join(kept)


def read_phrases(lists: dict[str, list[str]], text: str) -> dict[str, str]:
    """For each named list of phrases, the first of them found in `text` (normalised), where one is."""
    return {key: found for key, phrases in lists.items() if (found := _found(phrases, text)) is not None}


def _found(phrases, text: str) -> str | None:
    """The first of `phrases` (normalised) found in `text` as whole words, or None."""
    pattern = _pattern(tuple(phrases))
    found = pattern.search(text) if pattern is not None else None
    return " ".join(found.group().split()) if found else None


@lru_cache(maxsize=64)
def _pattern(phrases: tuple[str, ...]) -> re.Pattern | None:
    if not phrases:
        return None
    alternatives = sorted({r"\s+".join(map(re.escape, p.split())) for p in phrases}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")
