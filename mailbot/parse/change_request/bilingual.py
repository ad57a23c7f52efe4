"""Parse (change request): a request written twice, in Welsh and in English (the Welsh Language Standards), whose two
versions give different values. Each version is read as the English one is (welsh.py), and read together the two
would give the union of their values: the servers of neither. Which version is meant is the writer's to say."""

import re
from collections.abc import Callable

from mailbot.parse.change_request.asks import Ask, ChangeRequest
from mailbot.parse.change_request.ds_records import ds_records
from mailbot.parse.change_request.names import hostnames, is_nameserver, mask_names
from mailbot.parse.change_request.welsh import WELSH

# Words only English writes about the records: a paragraph holding them and a Welsh word is in both languages
# ("Gweinyddion enwau / Name servers: A, B"), and gives its values to both versions.
_ENGLISH = re.compile(r"\b(?:name\s*-?\s*servers?|nameservers?|DS\s+records?|please|change|replace|add|remove|new"
                      r"|current|the|for|to|and)\b", re.I)
_PARAGRAPH_END = re.compile(r"\n[ \t>]*\n")
# A word of three letters or more once the values are blanked: a paragraph without one is a list of values, in the
# language of the words above it.
_WORD = re.compile(r"[^\W\d_]{3,}")


def _values(paragraph: str, targets: set[str], zone: str) -> set[str]:
    servers = {h for h in hostnames(paragraph) if is_nameserver(h, targets, zone)}
    return servers | {" ".join(r.split()).upper() for r in ds_records(paragraph)}


def versions(text: str, targets: set[str], zone: str) -> tuple[str, str] | None:
    """The Welsh and the English versions of the request in `text` (as written, before welsh.in_english), or None
    unless each has a paragraph of its own giving values. A paragraph is Welsh when it has a word only Welsh has and
    none only English has, English when it has words and no Welsh one, both when it has both (and is in each
    version); a paragraph of values alone belongs to the paragraph above it."""
    if not WELSH.search(text):
        return None
    said: dict[str, list[str]] = {"cy": [], "en": []}
    own: dict[str, bool] = {"cy": False, "en": False}  # a paragraph of one language alone gives values
    language: tuple[str, ...] = ()
    for paragraph in _PARAGRAPH_END.split(text):
        masked = re.sub(r"x{2,}", " ", mask_names(paragraph))
        if _WORD.search(masked):
            welsh, english = bool(WELSH.search(masked)), bool(_ENGLISH.search(masked))
            language = ("cy", "en") if welsh and english else ("cy",) if welsh else ("en",)
        for version in language:
            said[version].append(paragraph)
            if len(language) == 1 and _values(paragraph, targets, zone):
                own[version] = True
    if not (own["cy"] and own["en"]):
        return None
    return "\n\n".join(said["cy"]), "\n\n".join(said["en"])


def languages_differ(text: str, targets: set[str], zone: str, read: Callable[[str], ChangeRequest]) -> str:
    """Why the Welsh and the English versions of the request in `text` cannot both be meant, or "": each version,
    read alone by `read`, gives a domain's name servers or DS records, and not the same ones. A version that cannot
    be read alone says nothing against the other."""
    if (both := versions(text, targets, zone)) is None:
        return ""
    cy, en = (read(version) for version in both)
    for domain, fields in cy.asks.items():
        theirs = en.asks.get(domain) or (en.asks.get("") if len(cy.asks) == 1 else None) or {}
        for kind, ask in fields.items():
            if kind in ("nameservers", "ds") and kind in theirs and _comes_to(ask) != _comes_to(theirs[kind]):
                return f"its Welsh version asks {_said(ask)} of {domain or 'the domain'} and its English version " \
                       f"{_said(theirs[kind])}"
    return ""


def _comes_to(ask: Ask) -> tuple:
    """What an ask brings in and takes out. A whole new set and "from A to B" (B added, A removed) bring in the same
    when B is that set: a version saying where the servers move from says no other thing. Values only added are
    not a whole set: they keep the current ones."""
    low = lambda values: frozenset(v.lower() for v in values)  # noqa: E731
    if ask.new is not None:
        return "set", low(ask.new)
    return ("set", low(ask.add)) if ask.remove and ask.add else ("add", low(ask.add), low(ask.remove))


def _said(ask: Ask) -> str:
    said = [f"the set {', '.join(ask.new) or 'of none'}"] if ask.new is not None else []
    said += [f"to add {', '.join(ask.add)}"] if ask.add else []
    said += [f"to remove {', '.join(ask.remove)}"] if ask.remove else []
    return " and ".join(said) or "no change"
