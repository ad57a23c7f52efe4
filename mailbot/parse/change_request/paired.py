"""Parse (change request): a label naming two roles with their values on the same line, as a portal's summary or a
hurried hand writes a replacement: "Old NS / New NS: A / B", "Current | New: A | B", "Existing NS -> Proposed NS: A ->
B", "Name servers (old / new): A / B". The roles and the values stand in the same places, so A is the old record and B
the one that takes its place: the line is read as "Old: A; New: B" is. Read as a list, the old record would be one of
the new set.

The pairing is certain only when the label names exactly the roles of a replacement (old and new, or remove and add),
each once, in words the reader knows, and the values fall into as many places, split by the label's own separator.
Any other line of that shape ("Old / New: A, B", "Old / New: A -> B", "Old, New, Extra: A, B", "Existing / To be
added: A / B") is asked about: which value is which is not a thing to guess."""

import re

from mailbot.parse.change_request.line_values import is_bare, line_values
from mailbot.parse.change_request.names import mask_names
from mailbot.parse.change_request.prose import CHANGE_VERB
from mailbot.parse.change_request.roles import ARROW, ROLE, agreeing, known_label, label_role, role_of
from mailbot.parse.change_request.values import BULLET_MARKS

UNSURE = "unsure"
# Where the label ends and its values start: its colon, or "=" that is no arrow's ("Old => New: A => B").
_LINE = re.compile(rf"(?P<lead>\s*(?:[{BULLET_MARKS}]\s+)?)(?P<label>(?:[^:=\n]|=>){{1,80}}?)"
                   r"\s*(?::|=(?!>)|\s[-\u2013]\s)\s*(?P<values>\S.*?)\s*")
# The separators a label and its values may stand apart by; the label and the values must use the same one.
_SEPARATORS = {"slash": re.compile(r"\s*/\s*"), "bar": re.compile(r"\s*\|\s*"), "comma": re.compile(r"\s*,\s*"),
               "semicolon": re.compile(r"\s*;\s*"), "tab": re.compile(r" *\t[\t ]*"),
               "arrow": re.compile(rf"\s*(?:{ARROW.pattern})\s*")}
# Words joining two roles in a label: "Current and new name servers", "Old & New".
_JOINED = re.compile(r"\s(?:and|&|\+)\s", re.I)
# The roles of a replacement, and the words the reader reads them by as a label of their own.
_PAIRS = {frozenset({"current", "new"}): {"current": "Old", "new": "New"},
          frozenset({"remove", "add"}): {"remove": "Remove", "add": "Add"}}
# The roles in brackets after the field: "Name servers (old / new)".
_BRACKETED = re.compile(r"(?P<field>[^()]*)\((?P<roles>[^()]+)\)\s*")


def paired_label(line: str, targets: set[str], zone: str) -> str | None:
    """The line as the reader reads a pair ("Old: A; New: B") when it is a label of two roles with their values paired
    place by place; UNSURE when it is a label of roles whose values cannot be paired for certain; None for any other
    line."""
    match = _LINE.fullmatch(line)
    if match is None or any(line_values(match["label"], targets, zone).values()) \
            or not any(line_values(match["values"], targets, zone).values()):
        return None
    label = match["label"].strip()
    if (bracketed := _BRACKETED.fullmatch(label)) is not None and not _role_words(bracketed["field"]):
        label = bracketed["roles"]  # "Name servers (old / new)"
    elif "(" in label or ")" in label:
        return None  # a separator in brackets is no split of the label ("Action (add/remove)")
    pieces = re.split("|".join(f"(?:{sep.pattern})" for sep in [*_SEPARATORS.values(), _JOINED]), label)
    if not all(len(p.split()) <= 4 and (label_role(p) or known_label(p) or len(p.split()) <= 2
                                        and not CHANGE_VERB.search(p)) for p in pieces):
        return None  # a sentence ("Please drop the old DS and publish this one instead: ..."), not a label of roles
    kinds = [k for k, sep in _SEPARATORS.items() if sep.search(label)]
    if len(kinds) != 1 or _JOINED.search(label):
        # "Current and new name servers: A / B": "and" joins values too, so it pairs none for certain.
        return UNSURE if (kinds or _JOINED.search(label)) and len(_role_words(label)) > 1 else None
    separator = _SEPARATORS[kinds[0]]
    parts = separator.split(label)
    roles = [_part_role(p) for p in parts]
    if sum(r is not None for r in roles) < 2:
        return None  # "Nameserver 1 / Nom de serveur 1: A", a label in two languages; "Hi, new name servers: A, B"
    groups = separator.split(match["values"])
    pair = _PAIRS.get(frozenset(r for r in roles if r is not None))
    if pair is None or None in roles or len(set(roles)) != len(roles) or len(groups) != len(parts) \
            or not all(label_role(p) or known_label(p) for p in parts) \
            or not all(is_bare(g, targets, zone) and any(line_values(g, targets, zone).values()) for g in groups):
        return UNSURE
    return match["lead"] + "; ".join(f"{pair[r]}: {g}" for r, g in zip(roles, groups, strict=True))


def _role_words(text: str) -> list[str]:
    return [r for m in ROLE.finditer(mask_names(text)) if (r := role_of(m)) != "pointer"] \
        or ([r] if (r := label_role(text)) else [])


def _part_role(part: str) -> str | None:
    """The one role a part of the label names ("Old NS", "To", "New name server"), None when it names none or several
    that say no one action between them."""
    if said := label_role(part):
        return said
    roles = agreeing({r for m in ROLE.finditer(mask_names(part)) if (r := role_of(m)) != "pointer"})
    return next(iter(roles)) if len(roles) == 1 else None


def labels_only(line: str) -> bool:
    """Whether a line's words, its values aside, are all a label's ("Old: A New: B", "Current NS -> New NS: A -> B"),
    not a sentence's ("The name servers, currently A, should be changed to B and C")."""
    words = re.sub(r"x{3,}|\b[0-9A-Fa-f]*\d[0-9A-Fa-f]*\b", " ", mask_names(line))
    return known_label(re.sub(r"[^\w\s]", " ", words))


def roles_paired(label: str) -> bool:
    """Whether a label names two roles or more apart ("Old NS / New NS", "Current and new name servers"): of the list
    under it, which value is which the label does not say."""
    label = label.strip()
    if (bracketed := _BRACKETED.fullmatch(label)) is not None and not _role_words(bracketed["field"]):
        label = bracketed["roles"]
    for separator in [*_SEPARATORS.values(), _JOINED]:
        parts = separator.split(label)
        if len(parts) > 1 and all(len(p.split()) <= 4 for p in parts) \
                and frozenset(r for p in parts if (r := _part_role(p))) in _PAIRS:
            return True  # not "Current DS, to stay until we confirm": a current record that stays, one action
    return False
