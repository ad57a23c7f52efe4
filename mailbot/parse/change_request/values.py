"""Parse (change request): the values of a field in a piece of text, and the shape of a line that is one more value
of a list.

Values are normalised: host names to lower-case A-labels without the trailing dot; DS records to "keytag alg digesttype
DIGEST" (digest types 1-6, each digest of its own length); addresses to lower case; a registrant to the words up to the
end of its line or sentence. A name server is never a target domain nor the domain of an address, and glue addresses
after it are left out.
"""

import re

from mailbot.parse.change_request.ds_records import ds_records
from mailbot.parse.change_request.names import emails, hostnames, is_ip, is_nameserver, normalise_domain

# The marks a list item starts with: Outlook writes its bullets in plain text as "\u00b7" and a tab, and its
# second and third levels as "o" and "\u00a7"; other clients "-", "*", "\u2022", "\u25aa", "\u25e6".
BULLET_MARKS = "-*\u2022\u00b7\u25aa\u25e6\u2023\u2043\u00a7\u2013"
BULLET = re.compile(rf"^\s*(?:[{BULLET_MARKS}]|o(?=[\t ])|\d{{1,2}}[.)]|[a-z][.)]|(?:i{{1,3}}|iv|vi{{0,3}}|ix|x)[.)]"
                     rf"|\((?:\d{{1,2}}|[a-z]|i{{1,3}}|iv|vi{{0,3}})\))\s+")
BRACKETED = re.compile(r"\([^()]{0,100}\)|\[[^\[\]]{0,100}\]")  # glue addresses: "ns1.x.net (192.0.2.53)"
HEX_LINE = re.compile(r"[\s)]*[0-9A-Fa-f]{8,}(?:[\s)]+[0-9A-Fa-f]{8,})*[\s)]*")  # the rest of a digest that wrapped


def _is_ns_line(line: str) -> bool:
    words = re.split(r"[\s,;]+", BRACKETED.sub(" ", BULLET.sub("", line)))
    words = [w for w in words if w and w.lower() not in ("and", "&", "-", "\u2013")]
    return bool(words) and all(is_ip(w) or "." in (normalise_domain(w) or "") for w in words)


# What makes a line, after a field line or a "...to the following:", one more value of that field.
LINE_SHAPES = {
    "nameservers": _is_ns_line,
    "ds": lambda line: bool(ds_records(line) or HEX_LINE.fullmatch(line)),
    "contacts": lambda line: any(emails(line)),
}

# Words that close a sentence after the name: "to HM Treasury, thank you", "... with effect from 1 May".
_COURTESY_TAIL = re.compile(r",? (?:please|thanks?|thank you|asap|with effect|effective|as of|as soon)\b.*$", re.I)


def _registrant(text: str) -> str | None:
    """The name up to the end of the line or sentence, without quotes or trailing courtesies; None when the words
    are not an organisation's name."""
    value = " ".join(re.split(r"[.!?](?:\s|$)|\n", text.strip(), maxsplit=1)[0].split())
    value = _COURTESY_TAIL.sub("", value).strip(" '\"\u2018\u2019\u201c\u201d,;:-")
    return value if re.search(r"[^\W\d_]", value) and len(value) <= 200 and _is_a_name(value) else None


# The small words an organisation's name may hold in lower case ("Department for Business and Trade").
_NAME_JOINERS = {"and", "of", "for", "the", "in", "on", "upon", "at", "de", "du", "la", "le", "y", "a", "an", "to"}


def _is_a_name(value: str) -> bool:
    """Whether free text has the shape of an organisation's name: each word but the small joining ones capitalised
    (or an acronym, or a number), and one word alone an acronym. A registrant is free text that no check can tell
    from words about it ("unchanged", "same as before", "leave as is", "Untouched"): such words are not a name, and
    a registrant read from them would be a change nobody asked for, so they are asked about instead."""
    words = [w.strip("()[],.;:'\"&-\u2019") for w in value.split()]
    words = [w for w in words if w]
    if not words:
        return False
    if len(words) == 1:
        word = words[0]
        return len(word) >= 2 and word.upper() == word and any(c.isalpha() for c in word)
    return all(w[0].isupper() or w[0].isdigit() or w.lower() in _NAME_JOINERS for w in words) \
        and words[0].lower() not in _NAME_JOINERS


def field_values(kind: str, text: str, targets: set[str], zone: str) -> list[str]:
    if kind == "nameservers":
        return [h for h in hostnames(text) if is_nameserver(h, targets, zone)]
    if kind == "ds":
        return ds_records(text)
    if kind == "contacts":
        return list(emails(text))
    value = _registrant(" ".join(text.split()))  # a form value may have continued on more lines
    return [value] if value else []
