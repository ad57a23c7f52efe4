"""Classify -> workflow: reads what a registrar's change request asks for: domains, changes, urgency.

Registrars write in two ways, and both are read. The simple form (see the README) has one field a
line, `Name: value`, values separated by commas, spaces or new lines. These are the accepted names,
case-insensitive, after "(s)" is dropped, "-", "_" and "/" read as spaces, a leading "new",
"requested" or "proposed" dropped and a trailing number dropped ("Nameserver 1", "NS2"):

    domain       Domain, Domains, Domain name, Domain names
    nameservers  Nameservers, Nameserver, Name servers, Name server, NS, NS record, NS records,
                 DNS servers
    ds           DS, DS record, DS records, DNSSEC, DS data, Key tag, Keytag, Algorithm,
                 Digest type, Digest
    contacts     Contacts, Contact, Admin contact, Administrative contact, Technical contact,
                 Tech contact, Contact email
    registrant   Registrant, Registrant name, Registrant organisation, Registrant organization

An indented line continues the field above it, and so does a bare line of hostnames (nameservers),
of a DS record or its digest (ds) or with an email address (contacts). A value of "n/a", "no
change", "unchanged" or "-" means the field is not asked for; any other value without a usable one
("none", "remove") still asks for the field, with no values.

Everything else is read as prose: a sentence that names a kind of change (name servers, NS records,
delegation, DS, DNSSEC, contact, registrant) and a verb of change (update, add, remove, transfer...)
asks for it; the values are those in that sentence, less old ones ("from X to", "(currently X)"),
and the list after it when it ends with a colon or "the following". Quoted reply text ("> ..."), a
reply under "-----Original Message-----" and a signature after "-- " (RFC 3676 4.3) are not read.
Values are normalised: hostnames to lower-case A-labels without the trailing dot; DS records to
"keytag alg digesttype DIGEST" (digest types 1-6, each digest of its own length); addresses to lower
case; a registrant to the words up to the end of its line or sentence. A nameserver is never a
target domain nor the domain of an address, and glue addresses after it are left out.
Urgency comes from the subject and the headers only; "not urgent" and "non-urgent" are not urgent.
"""

import hashlib
import ipaddress
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import idna

from mailbot.errors import ConfigError

FIELDS = ("nameservers", "ds", "contacts", "registrant")

# A registrar types a request in a few hundred characters; past these, reading on only costs time.
_MAX_BODY = 100_000
_MAX_SUBJECT = 1_000


@dataclass(frozen=True)
class Ask:
    """What a mail asks of one field (nameservers, ds, contacts, registrant) of one domain."""

    new: tuple[str, ...] | None = None  # the complete set the field is to hold, when the mail gives one
    add: tuple[str, ...] = ()  # values to add ("add", "ADD", "ns add", "replace X with Y": Y)
    remove: tuple[str, ...] = ()  # values to remove ("remove", "REM", "ns rem", "replace X with Y": X)
    said_current: tuple[str, ...] = ()  # values the mail labels current/old/existing: NEVER new
    keep: tuple[str, ...] = ()  # values the mail says stay ("keep", "retain", "unchanged"): current ones, kept
    unlabelled: bool = False  # `new` is values no word called new: a bare list, read as the new set by default


@dataclass(frozen=True)
class ChangeRequest:
    """What one mail asks for: `asks` maps each domain to what it asks of each field (a field absent: not asked).
    The key "" holds what the mail asks without naming a domain (on a ticket's thread: the thread's domain).
    `unclear` maps a domain (or "") to why its ask cannot be read exactly: such a domain is asked about, never
    changed."""

    domains: tuple[str, ...] = ()
    # A dict cannot be hashed, so the hash leaves it out; equality still compares it.
    asks: dict[str, dict[str, Ask]] = field(default_factory=dict, hash=False)
    unclear: dict[str, str] = field(default_factory=dict, hash=False)
    urgent: bool = False

    @property
    def changes(self) -> dict[str, tuple[str, ...]]:
        """Field -> values asked for, over the domains (and ""), in the order of FIELDS: a complete set, else the
        values to add. Kept only until every caller reads `asks` through resolve()."""
        found: dict[str, list[str]] = {}
        for domain in ("", *self.domains):
            for kind, ask in self.asks.get(domain, {}).items():
                found.setdefault(kind, []).extend(ask.new if ask.new is not None else ask.add)
        return {kind: tuple(dict.fromkeys(found[kind])) for kind in FIELDS if kind in found}

    def digest(self) -> str:
        """sha256 of the canonical request: an authorisation binds to exactly this change (DESIGN)."""
        canonical = {
            "domains": sorted({_canonical("domain", d) for d in self.domains}),
            "changes": {f: sorted({_canonical(f, v) for v in values}) for f, values in self.changes.items()},
        }
        text = json.dumps(canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
        return hashlib.sha256(text.encode("ascii")).hexdigest()


@dataclass(frozen=True)
class Resolved:
    """The records a field holds after an Ask, or why the bot must ask the registrar instead."""

    values: tuple[str, ...] | None  # the resulting records, normalised; None when there is a problem
    problem: str | None  # a sentence a registrar can act on
    added: tuple[str, ...] = ()  # against the current records
    removed: tuple[str, ...] = ()


_FIELD_WORDS = {"nameservers": "name server", "ds": "DS record", "contacts": "contact", "registrant": "registrant"}


def resolve(kind: str, ask: Ask, current: Sequence[str]) -> Resolved:
    """The resulting records of `kind` when `ask` is applied to the `current` ones: the one place the rules of
    "never guess" live. A complete set wins when no addition or removal contradicts it; otherwise the current
    records less the removals plus the additions. Each of these is a problem, never a change: a value that is
    not a valid one; a value to remove that is not a current record; values the mail calls current that are
    not (for additions and removals, which build on them); fewer than two name servers; a result equal to the
    current records; a complete set of name servers holding every current one and as many others (the current
    and the new pasted into one list); nothing to go by."""
    word = _FIELD_WORDS.get(kind, kind)
    have = [_canonical(kind, v) for v in current]
    have = list(dict.fromkeys(have))
    groups = {}
    for name, values in (("new", ask.new or ()), ("add", ask.add), ("remove", ask.remove),
                         ("said_current", ask.said_current), ("keep", ask.keep)):
        normal = []
        for value in values:
            checked = _checked_value(kind, value)
            if checked is None:
                return Resolved(None, f"{value!r} is not a valid {word}.")
            normal.append(checked)
        groups[name] = list(dict.fromkeys(normal))
    new, add, remove, said = groups["new"], groups["add"], groups["remove"], groups["said_current"]
    keep = groups["keep"]
    # A value the mail says stays must be a current record that it neither removes nor leaves out.
    if not_kept := [v for v in keep if v not in have]:
        return Resolved(None, f"{', '.join(not_kept)} cannot be kept: it is not among the current {word}s "
                              f"({', '.join(have) or 'none'}).")
    if both := [v for v in keep if v in remove or (ask.new is not None and v not in new)]:
        return Resolved(None, f"the mail says {', '.join(both)} stays and also that it goes.")
    if ask.new is not None:
        if stale := [v for v in said if v not in have]:
            # The mail's current records are not the registry's: either it is out of date or a value was read in
            # the wrong role (a new server taken for a current one). Which is not a thing to guess.
            return Resolved(None, f"the mail gives {', '.join(stale)} as a current {word}, but the registry holds "
                                  f"{', '.join(have) or 'none'}.")
        if ask.unlabelled and have and all(v in new for v in have) and len(new) > len(have) and not said:
            # A list no word calls new that holds every current record and others: the current and the new pasted
            # into one list, or two lists run together, as much as a new set. Asked, never guessed.
            return Resolved(None, f"the {word}s given, with no word saying they are the new ones, hold all the "
                                  f"current ones ({', '.join(have)}) and others: say which are to stay.")
        clash = [v for v in add if v not in new] + [v for v in remove if v in new]
        if clash:
            return Resolved(None, f"the mail gives a complete set of {word}s and also asks to add or remove "
                                  f"{', '.join(clash)}, which that set contradicts.")
        dropped = [v for v in have if v not in new]
        if set(remove) & set(have) and set(remove) != set(dropped):
            # "Being replaced: A" and "Replacement: C" of A, B, D: the set drops B and D too, the removals say
            # only A. Which the registrar meant is not a thing to guess. (Removals none of which is a current record
            # are a stale list of the current ones beside a complete set, which wins, as a stale current list does.)
            return Resolved(None, f"the mail gives a complete set of {word}s that would remove "
                                  f"{', '.join(dropped) or 'nothing'}, but asks to remove {', '.join(remove)}.")
        kept = [v for v in have if v in new]
        if kind == "nameservers" and have and len(kept) == len(have) and len(new) - len(kept) >= len(have) \
                and not said:
            # Every current server and as many others again: what a mail that pastes the current and the new
            # servers into one list looks like. Whether the current ones stay is not a thing to guess. A mail
            # that gives the current ones apart ("Nameserver 1 (current)") has said they stay.
            return Resolved(None, f"the {word}s given hold all the current ones ({', '.join(have)}) and as many "
                                  f"others: say which are to stay, or give only the new ones.")
        result = new
    elif add or remove:
        missing = [v for v in remove if v not in have]
        if missing:
            return Resolved(None, f"{', '.join(missing)} cannot be removed: it is not among the current "
                                  f"{word}s ({', '.join(have) or 'none'}).")
        if said and set(said) != set(have):
            return Resolved(None, f"the mail gives the current {word}s as {', '.join(said)}, but the registry "
                                  f"holds {', '.join(have) or 'none'}.")
        both = [v for v in add if v in remove]
        if both:
            return Resolved(None, f"the mail asks both to add and to remove {', '.join(both)}.")
        result = [v for v in have if v not in remove] + [v for v in add if v not in have]
    else:
        return Resolved(None, f"no {word} to set, add or remove could be read.")
    if kind == "nameservers" and len(result) < 2:
        return Resolved(None, f"a domain needs at least two name servers, and the result would be "
                              f"{', '.join(result) or 'none'}.")
    if kind == "registrant" and len(result) != 1:
        return Resolved(None, "a domain has exactly one registrant.")
    if set(result) == set(have):
        return Resolved(None, f"the {word}s asked for are the current ones: nothing would change.")
    return Resolved(tuple(result), None, tuple(v for v in result if v not in have),
                    tuple(v for v in have if v not in result))


def _checked_value(kind: str, value: str) -> str | None:
    """The normal form of one value of `kind`, or None when it is not a valid one."""
    text = " ".join(str(value).split())
    if kind == "nameservers":
        name = normalise_domain(text)
        return name if name and _is_nameserver(name, set(), "") else None
    if kind == "ds":
        records = _ds_records(text)
        # One record and nothing else: the digest may come in groups, the case is free.
        return records[0] if len(records) == 1 and records[0].replace(" ", "") == "".join(text.upper().split()) \
            else None
    if kind == "contacts":
        found = list(_emails(text))
        return found[0] if len(found) == 1 and found[0] == text.lower() else None
    return text or None


def _canonical(kind: str, value: str) -> str:
    text = " ".join(str(value).split())
    if kind in ("domain", "nameservers"):
        return normalise_domain(text) or text.lower()
    if kind == "ds":
        records = _ds_records(text)
        return records[0] if len(records) == 1 else text.upper()
    return text.casefold()  # contacts and registrant: case carries no meaning


# --- names ---------------------------------------------------------------------------------------

# An LDH hostname after IDNA: labels of 1-63 letters, digits and hyphens, no hyphen at either end.
_HOSTNAME = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)(?:\.(?!-)[a-z0-9-]{1,63}(?<!-))*")
# A run of what can make up a hostname or an address: letters and digits of any script (IDN),
# combining marks, "-", the dots UTS #46 maps to ".", and the "@" and "+" of an address.
_RUN_CHARS = r"\w\u0300-\u036f.\u3002\uff0e\uff61@+-"
_RUN = re.compile(rf"[{_RUN_CHARS}]+")
_DOTS = ".\u3002\uff0e\uff61"


def normalise_domain(text: str) -> str | None:
    """The A-label form of a hostname (lower case, no trailing dot), or None if it is not one."""
    return _normalise(text) if isinstance(text, str) else None


def checked_domain(text: str) -> str:
    """normalise_domain() for configuration and records, where a bad name is an error, not a miss."""
    name = normalise_domain(text)
    if name is None:
        raise ValueError(f"not a domain name: {text!r}")
    return name


@lru_cache(maxsize=4096)  # the same names recur in a mail, and IDNA is slow
def _normalise(text: str) -> str | None:
    name = text.strip().lower()
    name = name[:-1] if name.endswith(".") else name
    if not name or len(name) > 1000:
        return None
    if len(name) <= 253 and _HOSTNAME.fullmatch(name) and not any(label[2:4] == "--" for label in name.split(".")):
        # Letters, digits and hyphens in labels IDNA takes as they are (no "xn--", nothing like it): what
        # idna.encode() would give back, at a tenth of its cost.
        return name
    try:
        ascii_name = idna.encode(name, uts46=True).decode("ascii")
    except UnicodeError:  # idna.IDNAError is one
        return None
    return ascii_name if len(ascii_name) <= 253 and _HOSTNAME.fullmatch(ascii_name) else None


def _hostnames(text: str) -> Iterator[str]:
    """Hostnames in the text, normalised, in order; the domain of an email address is not one."""
    for run in _RUN.finditer(text):
        if "@" not in run.group() and (name := normalise_domain(run.group().rstrip(_DOTS))):
            yield name


def _emails(text: str) -> Iterator[str]:
    for run in _RUN.finditer(text):
        local, at, domain = run.group().rstrip(_DOTS).rpartition("@")
        name = normalise_domain(domain) if at and local and "@" not in local else None
        if name and "." in name:
            yield f"{local.lower()}@{name}"


def _zone(zone: str) -> str:
    name = normalise_domain(zone)
    if name is None:
        raise ConfigError(f"zone {zone!r} is not a domain name")
    return name


def find_domains(text: str, zone: str = "gov.uk") -> list[str]:
    """Registrable domains under the zone (one label left of it), normalised, in order of mention."""
    zone_name = _zone(zone)
    depth = zone_name.count(".") + 1
    found = (n for n in _hostnames(_as_text(text)[:_MAX_BODY])
             if n.count(".") == depth and (n.endswith("." + zone_name) or _under_lookalike_zone(n, zone_name)))
    return list(dict.fromkeys(found))


def _under_lookalike_zone(name: str, zone_name: str) -> bool:
    """Under a look-alike of the zone (Cyrillic "о" in gov.uk): kept, so that it is flagged as a possible
    attack like any other look-alike of a known domain, not passed over as naming no domain."""
    from mailbot.policy.lookalike import skeleton

    return "xn--" in name and skeleton(name).endswith("." + zone_name)


def _is_nameserver(name: str, targets: set[str], zone: str) -> bool:
    # Two labels at least, and a top label of letters: "192.0.2.1", "e.g" and "1.5" are not hosts.
    top = name.rpartition(".")[2]
    return "." in name and len(top) > 1 and not top.isdigit() and name not in targets and name != zone


# --- urgency -------------------------------------------------------------------------------------

_URGENT = re.compile(r"\burgent\b", re.I)
_NOT_URGENT = re.compile(r"\bno[nt][\s-]*urgent\b", re.I)  # "not urgent", "non-urgent", "nonurgent"


def is_urgent(subject: str, headers: Mapping[str, str]) -> bool:
    """The seed: a request "marked as urgent" is phoned about as a priority. Subject and headers only."""
    if _URGENT.search(_NOT_URGENT.sub(" ", _as_text(subject)[:_MAX_SUBJECT])):
        return True
    for key, value in (headers or {}).items():
        key, value = str(key).strip().lower(), str(value).strip().lower()
        if ((key == "importance" and value.startswith("high"))
                or (key == "x-priority" and re.match(r"1\b", value))  # "1 (Highest)"
                or (key == "x-msmail-priority" and value.startswith("high"))  # Outlook's own
                or (key == "priority" and value == "urgent")):  # RFC 2156: normal, urgent, non-urgent
            return True
    return False


# --- DS records ----------------------------------------------------------------------------------

# Digest length in hex digits by digest type (IANA "DS RR Type Digest Algorithms": 1 SHA-1,
# 2 SHA-256, 3 GOST R 34.11-94, 4 SHA-384, 5 GOST R 34.11-2012, 6 SM3). Other types are not read.
_DIGEST_HEX_LENGTH = {1: 40, 2: 64, 3: 64, 4: 96, 5: 64, 6: 64}
# "Key tag: 2371, Algorithm: 13 (ECDSAP256SHA256), Digest type: 2 (SHA-256)": the labels and the
# mnemonics in brackets are dropped so that the numbers stand side by side as in a zone file.
_DS_LABEL = re.compile(r"\b(?:key\s*tag|algorithm|digest\s*type|digest)\b\s*[:=]?|\([0-9A-Fa-f ]{0,40}[g-zG-Z][^()\n]{0,60}\)", re.I)
_DS_WORD = re.compile(r"[^\s,;()\[\]{}<>\"']+")
_HEX = re.compile(r"[0-9A-Fa-f]+")
_NUMBER = re.compile(r"[0-9]{1,5}")


def _ds_records(text: str) -> list[str]:
    """DS records as "keytag alg digesttype DIGEST", wherever the four parts stand in a row."""
    words = [w.rstrip(".:") for w in _DS_WORD.findall(_DS_LABEL.sub(" ", text))]
    records, i = [], 0
    while i + 3 < len(words):
        record, i = _ds_at(words, i)
        if record:
            records.append(record)
    return list(dict.fromkeys(records))


def _ds_at(words: list[str], i: int) -> tuple[str | None, int]:
    """The DS record starting at words[i] and the index after it, or None and i + 1."""
    if not all(_NUMBER.fullmatch(w) for w in words[i:i + 3]):
        return None, i + 1
    keytag, alg, dtype = (int(w) for w in words[i:i + 3])
    want = _DIGEST_HEX_LENGTH.get(dtype)
    if keytag > 65535 or not 1 <= alg <= 255 or want is None:
        return None, i + 1
    if len(words[i + 3]) < 8:  # a digest may come in groups ("1F987CC6 583E92DF ..."), not in digits
        return None, i + 1
    digest, j = "", i + 3
    while j < len(words) and len(digest) < want and _HEX.fullmatch(words[j]):
        digest, j = digest + words[j], j + 1
    if len(digest) != want:
        return None, i + 1
    return f"{keytag} {alg} {dtype} {digest.upper()}", j


# --- values --------------------------------------------------------------------------------------

# The marks a list item starts with: Outlook writes its bullets in plain text as "\u00b7" and a tab, and its
# second and third levels as "o" and "\u00a7"; other clients "-", "*", "\u2022", "\u25aa", "\u25e6".
_BULLET_MARKS = "-*\u2022\u00b7\u25aa\u25e6\u2023\u2043\u00a7"
_BULLET = re.compile(rf"^\s*(?:[{_BULLET_MARKS}]|o(?=\t)|\d{{1,2}}[.)])\s+")
_BRACKETED = re.compile(r"\([^()]{0,100}\)|\[[^\[\]]{0,100}\]")  # glue addresses: "ns1.x.net (192.0.2.53)"
_HEX_LINE = re.compile(r"[\s)]*[0-9A-Fa-f]{8,}(?:[\s)]+[0-9A-Fa-f]{8,})*[\s)]*")  # the rest of a digest that wrapped


def _is_ip(word: str) -> bool:
    try:
        ipaddress.ip_address(word)
    except ValueError:
        return False
    return True


def _is_ns_line(line: str) -> bool:
    words = re.split(r"[\s,;]+", _BRACKETED.sub(" ", _BULLET.sub("", line)))
    words = [w for w in words if w and w.lower() not in ("and", "&", "-", "\u2013")]
    return bool(words) and all(_is_ip(w) or "." in (normalise_domain(w) or "") for w in words)


# What makes a line, after a field line or a "...to the following:", one more value of that field.
_LINE_SHAPES = {
    "nameservers": _is_ns_line,
    "ds": lambda line: bool(_ds_records(line) or _HEX_LINE.fullmatch(line)),
    "contacts": lambda line: any(_emails(line)),
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


def _values(kind: str, text: str, targets: set[str], zone: str) -> list[str]:
    if kind == "nameservers":
        return [h for h in _hostnames(text) if _is_nameserver(h, targets, zone)]
    if kind == "ds":
        return _ds_records(text)
    if kind == "contacts":
        return list(_emails(text))
    value = _registrant(" ".join(text.split()))  # a form value may have continued on more lines
    return [value] if value else []


# --- the simple form ----------------------------------------------------------------------------

_FORM_NAMES = {name: kind for kind, names in {
    "domain": ("domain", "domains", "domain name", "domain names"),
    "nameservers": ("nameservers", "nameserver", "name servers", "name server", "ns", "ns record",
                    "ns records", "dns servers"),
    "ds": ("ds", "ds record", "ds records", "dnssec", "ds data", "key tag", "keytag", "algorithm",
           "digest type", "digest"),
    "contacts": ("contacts", "contact", "admin contact", "administrative contact", "technical contact",
                 "tech contact", "contact email"),
    "registrant": ("registrant", "registrant name", "registrant organisation", "registrant organization"),
}.items() for name in names}
# One "Name: value" line; the name is then looked up, so "Please note: ..." stays prose.
_FORM_LINE = re.compile(rf"[ \t]*(?:[{_BULLET_MARKS}][ \t]*)?(?P<name>[A-Za-z][A-Za-z0-9 ()/_-]{{0,40}}?)[ \t]*:[ \t]*(?P<value>.*)")
_NO_CHANGE = re.compile(r"(?:n/?a|no change|unchanged|-+)?\.?", re.I)  # matched to the stripped value
# A form's value that empties the field: only these words do; other words without a value are asked about.
_EMPTIED = re.compile(r"(?:none|nil|remove[ds]?|delete[ds]?|disabled?|withdrawn?|unsigned|no (?:ds|dnssec)(?: records?)?)"
                      r"(?: all)?\.?", re.I)


def _form_kind(name: str) -> str | None:
    key = " ".join(re.sub(r"[-_/]", " ", name.lower().replace("(s)", "")).split())
    key = re.sub(r"\s*\d+$", "", re.sub(r"^(?:new|requested|proposed)\s+", "", key))
    return _FORM_NAMES.get(key)


def _continues(kind: str, line: str, has_value: bool) -> bool:
    if not line.strip():  # blank lines only between an empty "Nameservers:" and its list
        return kind in _LINE_SHAPES and not has_value
    return line[0] in " \t" or (kind in _LINE_SHAPES and _LINE_SHAPES[kind](line))


def _read_form(text: str) -> tuple[dict[str, str], str]:
    """The form's fields (kind -> raw value text) and the prose left, with form lines blanked."""
    fields: dict[str, list[str]] = {}
    prose: list[str] = []
    current, has_value = None, False
    for line in text.split("\n"):
        match = _FORM_LINE.fullmatch(line)
        kind = _form_kind(match["name"]) if match else None
        if kind:
            current, has_value = kind, bool(match["value"].strip())
            fields.setdefault(kind, []).append(match["value"])
        elif current and _continues(current, line, has_value):
            fields[current].append(line)
            has_value = has_value or bool(line.strip())
        else:
            current = None
            prose.append(line)
            continue
        prose.append("")
    return {kind: "\n".join(lines) for kind, lines in fields.items()}, "\n".join(prose)


# --- prose ---------------------------------------------------------------------------------------

_CHANGE_VERB = re.compile(r"""\b(?:chang(?:e|es|ed|ing)|updat(?:e|es|ed|ing)|amend(?:s|ed|ing|ment)?
    |modif(?:y|ies|ied|ying)|replac(?:e|es|ed|ing|ement)|mov(?:e|es|ed|ing)|switch(?:es|ed|ing)?
    |add(?:s|ed|ing)?|remov(?:e|es|ed|ing|al)|delet(?:e|es|ed|ing|ion)|transfer(?:s|red|ring)?
    |point(?:s|ed|ing)?|(?:re-?)?delegat(?:e|es|ed|ing|ion)|migrat(?:e|es|ed|ing|ion)|set
    |enabl(?:e|es|ed|ing)|disabl(?:e|es|ed|ing)|install(?:s|ed|ing)?|publish(?:es|ed|ing)?
    |withdraw(?:s|n|ing)?|new|becomes?|should(?:\s+now)?\s+be)\b""", re.I | re.X)
_REMOVAL = re.compile(r"\b(?:remov|delet|disabl|withdraw|unsign)\w*|\b(?:turn|switch)\w*\s+off\b", re.I)
_ADDITION = re.compile(r"\b(?:add(?:s|ed|ing)?|new|replac\w*|install\w*|publish\w*|enabl\w*|roll\w*)\b", re.I)
_KEYWORDS = {
    "nameservers": re.compile(r"\bname[\s-]?servers?\b|\bns\b|\b(?:re-?)?delegat(?:e|ed|ion)\b|\bdns\s+servers?\b", re.I),
    "ds": re.compile(r"\bds\b|\bdnssec\b", re.I),
    # "please contact us", "to contact" and "contact me" use the verb, not the thing to change.
    "contacts": re.compile(r"(?<!please\s)(?<!to\s)\bcontacts?\b(?!\s+(?:me|us|you|him|her|them|our|my|your)\b)", re.I),
    "registrant": re.compile(r"\bregistrant\b(?!\s+contact)", re.I),
}
# A sentence ends at ".", "!" or "?" before a capital, at a colon ending a line (a list follows),
# or at a blank line. Hostnames are masked first, so that their dots end nothing.
_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z])|:[ \t]*(?=\n|$)|\n[ \t]*\n")
_LEADS_TO_LIST = re.compile(r"(?::|\b(?:following|below)\b[^.!?:]{0,40})\s*$", re.I)
_OLD_LIST = re.compile(r"\b(?:from|currently|current|existing|old)\s*(?::\s*)?$", re.I)
_NEW_LIST = re.compile(r"(?:^|\n)[ \t]*(?:and\s+)?(?:to|with|into|new(?:\s+ones?)?(?:\s+are)?)[ \t]*:\s*$", re.I)
# Old values are not requested: "from ns1.old.net to", "(currently ns1.old.net)", "replace X with".
_OLD_VALUES = re.compile(r"\bfrom\b.{0,300}?(?=\bto\b)|\breplac\w*\b.{0,300}?(?=\bwith\b)"
                         r"|\((?:currently|current|was|old|existing)\b[^()]{0,300}\)", re.I | re.S)
_TO = re.compile(r"\bto\b", re.I)
# "transfer the registrant of x.gov.uk to HM Treasury", "the new registrant is ...", "Registrant name: ..."
_REGISTRANT_VALUE = re.compile(r"""\bregistrant\b(?:\s+(?:name|organi[sz]ation|org|details))*
    (?:[^.!?:]|\.(?=\w)){0,120}?(?:\bto\b|\b(?:is|becomes|(?:should|will|shall)(?:\s+now)?\s+be)\b|:)
    [ \t]*(?P<value>[^\n]*)""", re.I | re.X)


def _masked(text: str) -> str:
    """The text with hostnames and addresses blanked to x's, so offsets still match the text."""
    parts, at = [], 0
    for run in _DOTTED_RUN.finditer(text):
        word = run.group().rstrip(_DOTS)
        if "@" in word or any(d in word for d in _DOTS):
            parts += [text[at:run.start()], "x" * len(word)]
            at = run.start() + len(word)
    parts.append(text[at:])
    return "".join(parts)


# A whole run of _RUN that holds a dot or an "@": only such a run can be a hostname or an address to blank.
_DOTTED_RUN = re.compile(rf"(?<![{_RUN_CHARS}])[{_RUN_CHARS}]*[.\u3002\uff0e\uff61@][{_RUN_CHARS}]*")


def _lines_from(text: str, pos: int) -> Iterator[str]:
    """The lines from pos on, one at a time: a long text is not copied for every sentence."""
    while pos <= len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        yield text[pos:end]
        pos = end + 1


def _list_after(text: str, end: int, kind: str) -> str:
    """The value lines after a sentence: from the next line, blank lines first skipped."""
    if end and text[end - 1] != "\n":  # the rest of the sentence's own line is not a list
        newline = text.find("\n", end)
        end = len(text) + 1 if newline < 0 else newline + 1
    taken: list[str] = []
    for line in _lines_from(text, end):
        if not line.strip() and not taken:
            continue
        if kind == "registrant":
            return line
        # A DS record may be spread over lines ("( ... )" in a zone file); its reader skips the noise.
        if not line.strip() or (kind != "ds" and not _LINE_SHAPES[kind](line)):
            break
        taken.append(line)
    return "\n".join(taken)


def _prose_changes(text: str, targets: set[str], zone: str, emptied: set[str] | None = None) -> dict[str, list[str]]:
    """Field -> values the prose asks for; `emptied` collects the fields a sentence says to empty ("remove the DS
    records"), the only way no value at all is a change."""
    emptied = set() if emptied is None else emptied
    masked = _masked(text)
    found: dict[str, list[str]] = {}
    start, previous = 0, []
    for end in [m.end() for m in _SENTENCE_END.finditer(masked)] + [len(masked)]:
        said, start = masked[start:end], end
        if previous and _NEW_LIST.search(said):  # "from:\n(old list)\nto:\n(new list)"
            for kind in previous:
                found[kind] += _values(kind, _list_after(text, end, kind), targets, zone)
            continue
        previous = []
        if not _CHANGE_VERB.search(said):
            continue
        for kind, keyword in _KEYWORDS.items():
            if match := keyword.search(said):
                previous.append(kind)
                found.setdefault(kind, []).extend(_sentence_values(kind, text, said, end, match.start(), targets, zone))
                if kind in ("ds", "contacts") and _REMOVAL.search(said) and not _ADDITION.search(said):
                    emptied.add(kind)
    return found


def _sentence_values(kind: str, text: str, said: str, end: int, at: int, targets: set[str], zone: str) -> list[str]:
    if kind == "ds" and _REMOVAL.search(said) and not _ADDITION.search(said):
        return []  # "remove the DS records for x.gov.uk": the kind is clear, and there is no value
    begin = end - len(said)
    if kind == "registrant":
        match = _REGISTRANT_VALUE.search(text, begin + at, end)
        values = _values(kind, match["value"], targets, zone) if match else []
    else:
        sentence = list(text[begin:end])
        for old in _OLD_VALUES.finditer(said):
            sentence[old.start():old.end()] = " " * (old.end() - old.start())
        # "for example.com and x.gov.uk to ns1.example.net": before "to" come the domains, not values.
        to = _TO.search(said, at)
        values = _values(kind, "".join(sentence[to.end():]), targets, zone) if to else []
        values = values or _values(kind, "".join(sentence), targets, zone)
    # Only a colon or "the following" leads to a registrant; a list of the other kinds has its shape.
    leads = _LEADS_TO_LIST.search(said) or (not values and kind != "registrant")
    if leads and not _OLD_LIST.search(said):
        values += _values(kind, _list_after(text, end, kind), targets, zone)
    return values


# --- the layouts: roles of values, tables, lists, several domains -----------------------------------

# A word that says what the values after it are. Matched left to right, longest first, so that "to be removed"
# is a removal, not "to". "following" and "below" point at the values and keep the role said before them ("add
# the following": additions), new when none was. "from" is the current records only as a label of its own ("From:", a column "From").
_ROLE = re.compile(r"""\b(?:
      (?P<remove>(?:to\s+be|being)\s+(?:removed|deleted|retired|decommissioned|dropped|withdrawn)
         |(?:to\s+be|being)\s+replaced(?!\s+(?:by|with)\b)
         |remov(?:e|es|ed|ing|al)|delet(?:e|es|ed|ing|ion)|rem|del|drop(?:ped)?|withdraw(?:n)?|no\s+longer
         |retir(?:e|es|ed|ing)|decommission(?:s|ed|ing)?|outgoing|going\s+away)
    | (?P<keep>keep(?:s|ing)?|kept|retain(?:s|ed|ing)?|unchanged|(?:stays?|remains?)(?=\s*(?:[:(,.;]|$|as\s+(?:is|they|it))))
    | (?P<current>current(?:ly)?|old|existing|present(?:ly)?|previous|was|were|before\s+the\s+change
         |prior\s+to\s+the\s+change|as\s+is)
    | (?P<add>(?:to\s+be|being)\s+(?:added|inserted)|add(?:s|ed|ing|ition|itional)?|plus|insert(?:s|ed|ing|ion)?
         |append(?:s|ed)?)
    | (?P<new>new|proposed|requested|future|desired|target|replacement|updated|should(?:\s+now)?\s+be|will\s+be
         |(?:should|will|to)\s+use
         |becomes?|after\s+the\s+change|incoming|to\s+be|with|to|into)
    | (?P<pointer>below|following)
    )\b""", re.I | re.X)
# A heading or label of one word that names a role only as the whole of it ("Before | After", "Now | Future",
# "+" and "-" of an action column): in a sentence these words say nothing of the values ("before Friday").
_LABEL_ROLE = {"current": re.compile(r"before|now|today|as[\s-]+is", re.I),
               "new": re.compile(r"after|to[\s-]+be", re.I)}
_MARK_ROLE = {"+": "add", "-": "remove", "\u2212": "remove", "\u2013": "remove"}
_FIELD_WORDS_IN_LABEL = re.compile(r"\b(?:name[\s_-]?servers?|ns(?:\s*records?)?|dns|delegation|hosts?|records?|set)\b"
                                   r"|[():#\d]", re.I)
# "please change X to Y and change Z to W": each change starts afresh.
_CHANGE_START = re.compile(r"\b(?:change|update|amend|move|switch|set|swap\s+out)\b", re.I)
_FROM_LABEL = re.compile(rf"\s*[{_BULLET_MARKS}]?\s*from\s*:?\s*", re.I)
_REPLACE = re.compile(r"\breplac(?:e|es|ed|ing)\b|\bswap(?:s|ped|ping)?\b|\bexchang(?:e|es|ed|ing)\b|\bfrom\b", re.I)
# "substitute B for A" puts B in A's place, "substitute A with B" takes A out: the word after the values says which.
_SUBSTITUTE = re.compile(r"\bsubstitut(?:e|es|ed|ing)\b", re.I)
# "use B instead of A", "B in place of A", "B rather than A": what stood before comes in, what follows goes.
_INSTEAD = re.compile(r"\b(?:instead\s+of|in\s+place\s+of|in\s+lieu\s+of|rather\s+than)\b", re.I)
_BY = re.compile(r"\bby\b", re.I)  # "replace A by B"
_ARROW = re.compile(r"->|=>|\u2192|\u27f6|\u21d2")
# "for nhs.uk, example.com and gds.gov.uk": names after "for" are what the change is for, never values.
_FOR = re.compile(r"\b(?:for|of)\b(?:\s*(?:,|\band\b|&)?\s*[\w\u0300-\u036f-]+(?:\.[\w\u0300-\u036f-]+)+)+", re.I)
_FIELD_WORD = {
    "nameservers": re.compile(r"\bname[\s_-]?servers?\b|\bns\d*\b|\bdns\b|\bdelegat\w*|\bhosts?\b", re.I),
    "ds": re.compile(r"\bds\b|\bdnssec\b|\bkey\s*tag\b|\bdigest\b", re.I),
}
_CSV_SPLIT = re.compile(r"\s*[,;]\s*")
_TABLE_RULE = re.compile(r"[\s|:+=-]*")  # "|---|:---|" and "+-----+"
_URL = re.compile(r"\b[a-z][a-z0-9+.-]*://\S*|\bwww\.\S+", re.I)
_DS_FIELD_LINE = re.compile(r"\W*(?:key\s*tag|keytag|algorithm|digest\s*type|digest)\b", re.I)
_BARE_VALUES = re.compile(r"(?:and|or|&|ip|ipv4|ipv6|glue|ns\d*|nameserver\s*\d*|name\s*server\s*\d*)", re.I)


@dataclass
class _Found:
    """What the layouts read of one field of one domain."""

    roles: dict[str, list[str]] = field(default_factory=lambda: {"new": [], "add": [], "remove": [], "current": [],
                                                                 "keep": [], "plain": []})
    unread: str | None = None  # a row of a table giving values in words that say nothing known of them
    plain_blocks: int = 0
    last_plain_line: int = -2
    columns: bool = False  # values side by side in columns no heading names

    def take(self, got: list[tuple[str | None, str]], cells: list[str], line: str, n: int, targets: set[str],
             zone: str) -> None:
        """The values of line `n` (its `cells`), each in its role: values without one ("plain") are counted in
        blocks, and plain values side by side in columns no heading names are marked."""
        plain_columns = sum(1 for c in cells if any(_line_values(c, targets, zone).values()))
        if len(cells) > 1 and plain_columns > 1 and all(r in (None, "plain") for r, _ in got) \
                and not any(_cell_role(c) for c in cells):
            self.columns = True
        for r, v in got:
            r = r or "plain"
            if r == "unsure":
                self.unread = line.strip()[:80]
                continue
            if r == "plain":
                if self.last_plain_line < n - 1 and not (self.plain_blocks and _is_label_line(line)):
                    self.plain_blocks += 1
                self.last_plain_line = n
            self.roles[r].append(v)

    def ask(self) -> tuple[Ask | None, str | None]:
        roles = {k: list(dict.fromkeys(v)) for k, v in self.roles.items()}
        word = "values"
        if self.unread:
            return None, f"a row ({self.unread}) says what is to become of its values in words that cannot be read"
        if self.columns:
            return None, "its values stand side by side in columns without a heading saying which are current " \
                         "and which new"
        if self.plain_blocks > 1:
            return None, "it gives more than one list of values without saying which is current and which new"
        labelled = set(roles["new"] + roles["add"] + roles["remove"] + roles["keep"])
        if labelled and [v for v in roles["plain"] if v not in labelled]:
            # Some values are labelled and others not: what the unlabelled ones are cannot be told.
            return None, "some of its values are labelled and others not, so their roles cannot be told apart"
        new = roles["new"] + [v for v in roles["plain"] if v not in roles["new"]]
        if new:
            return Ask(new=tuple(new), add=tuple(roles["add"]), remove=tuple(roles["remove"]),
                       said_current=tuple(roles["current"]), keep=tuple(roles["keep"]),
                       unlabelled=not roles["new"]), None
        if roles["add"] or roles["remove"]:
            return Ask(add=tuple(roles["add"]), remove=tuple(roles["remove"]),
                       said_current=tuple(roles["current"]), keep=tuple(roles["keep"])), None
        if roles["current"]:
            return None, f"it gives only the current {word}, not what they are to become"
        return None, None


def _cells(line: str, attached: bool, table: bool = False) -> list[str]:
    """A line's cells; an empty cell is kept ("| | ns3.new.example" under "| Current | New |"). A list item's
    bullet is no cell (Outlook's plain text writes "\u00b7" and a tab), unless a heading is in force: there "-"
    may be a table's cell of its own."""
    text = line.rstrip()
    if not table:
        text = _BULLET.sub("", text)
    if "|" in text:
        text = text.strip()
        if text.startswith("|") and text.endswith("|") and len(text) > 1:
            text = text[1:-1]  # Markdown's outer pipes; a leading "|" alone is an empty first cell
        cells = [c.strip() for c in text.split("|")]
    elif "\t" in text:
        cells = [c.strip() for c in re.split(r"\t+", text)]
    else:
        cells = [c.strip() for c in re.split(r"\s{3,}", text)]
        # Leading spaces are an empty first cell under a table's heading, and indentation elsewhere.
        cells = cells[1:] if cells and not cells[0] and not table else cells
    if len(cells) == 1 and attached:
        cells = _CSV_SPLIT.split(line.strip())
    return cells


def _segments(text: str, role: str | None, targets: set[str], zone: str) -> tuple[list[tuple[str | None, str]], str | None, bool]:
    """The text cut where a word names a role: (role, text) pieces, the role in force at the end, and whether
    a role word was seen. "replace X with Y" and "from X to Y" make X a removal and Y an addition; "X -> Y" too."""
    pieces: list[tuple[str | None, str]] = []
    at, seen = 0, False
    replacing = False  # "replace", "swap", "from": what follows is replaced, until "with", "for", "to" or "by"
    substituting = False  # "substitute": which way round, the word after the values says
    replaced_from = clause_from = 0
    masked = _masked(text)  # "ns1.old.example" is a value, not the word "old"
    marks = sorted([(m.start(), m.end(), "for") for m in _FOR.finditer(text)]
                   + [(m.start(), m.end(), "replace") for m in _REPLACE.finditer(masked)]
                   + [(m.start(), m.end(), "substitute") for m in _SUBSTITUTE.finditer(masked)]
                   + [(m.start(), m.end(), "instead") for m in _INSTEAD.finditer(masked)]
                   + [(m.start(), m.end(), "by") for m in _BY.finditer(masked)]
                   + [(m.start(), m.end(), "arrow") for m in _ARROW.finditer(masked)]
                   + [(m.start(), m.end(), "reset") for m in _CHANGE_START.finditer(masked)]
                   + [(m.start(), m.end(), _kind(m)) for m in _ROLE.finditer(masked)])
    last_end = -1
    for begin, end, kind in marks:
        if begin < last_end:
            continue
        last_end = end
        pieces.append((role, text[at:begin]))
        at, seen = end, True
        turn = kind in ("for", "by") and (replacing or substituting) and re.match(r"(?:for|by)\b", text[begin:end], re.I)
        if turn:
            at = begin + (3 if kind == "for" else 2)  # the names after "for" are the values, here
            named = any(any(_line_values(t, targets, zone).values()) for _, t in pieces[replaced_from:])
            if substituting and kind == "for":  # "substitute B for A": B comes in, A goes
                pieces[replaced_from:] = [("add" if r in (None, "plain", "remove") else r, t)
                                          for r, t in pieces[replaced_from:]]
                role = "remove"
            else:  # "swap A for B", "replace A by B", "substitute A by B"
                pieces[replaced_from:] = [("remove" if r in (None, "plain") else r, t)
                                          for r, t in pieces[replaced_from:]]
                role = "add" if named else "new"
            replacing = substituting = False
            continue
        if kind in ("for", "by"):
            continue  # the role goes on after the names it skipped
        if kind == "reset":
            role, replacing, substituting, clause_from = None, False, False, len(pieces)
            continue
        if kind == "substitute":
            substituting, replacing, role, replaced_from = True, False, None, len(pieces)
            continue
        if kind == "instead":
            # "use ns3.new.example instead of ns1.old.example": what came before it in the clause comes in
            pieces[clause_from:] = [("add" if r in (None, "plain", "new") else r, t) for r, t in pieces[clause_from:]]
            role = "remove"
            continue
        if substituting and kind == "new":  # "substitute A with B": A goes, B comes in
            pieces[replaced_from:] = [("remove" if r in (None, "plain") else r, t) for r, t in pieces[replaced_from:]]
            role, substituting = "add", False
            continue
        if kind == "replace":
            replacing, role, replaced_from = True, "remove", len(pieces)
        elif kind == "arrow":
            # What stood before the arrow is replaced by what follows it.
            pieces = [("remove" if r in (None, "plain") else r, t) for r, t in pieces[:-1]] + \
                     [("remove", pieces[-1][1])]
            role = "add"
        elif replacing and kind == "new":  # "with" / "to" after "replace" / "from"
            # "replace the DS record with ...": nothing named to replace, so what follows is the whole new set
            named = any(any(_line_values(t, targets, zone).values()) for _, t in pieces[replaced_from:])
            role, replacing = ("add" if named else "new"), False
        elif kind == "new" and role is None and re.fullmatch(r"to|into", text[begin:end], re.I) \
                and any(_line_values(pieces[-1][1], targets, zone).values()):
            # "change ns1.old.example to ns1.new.example": what is changed is replaced
            pieces[-1] = ("remove", pieces[-1][1])
            role = "add"
        elif replacing and kind == "current":
            pass  # "replace the current name servers": still the ones replaced
        elif kind == "pointer":
            role = role if role not in (None, "plain") else "new"
        else:
            role = kind
    pieces.append((role, text[at:]))
    return pieces, role, seen


def _read_layouts(text: str, attached: list[str], targets: list[str], zone: str) -> dict[str, dict[str, _Found]]:
    """Per domain ("" for none named), per field, what each role of value the mail gives. Read a line at a time:
    a table's heading gives its columns' roles, a line naming a domain starts what is asked of it, a label line
    the role of the list under it, and a line of values gives them in the role in force."""
    found: dict[str, dict[str, _Found]] = {}
    lines, attached_from = _layout_lines(text, attached)
    targets_set = set(targets)
    domains: list[str] = []  # the domains the values read now belong to
    role: str | None = None
    columns: list[str | None] = []  # a table's heading: the role of each column
    role_from: str | None = None  # the last line of words (not values alone): what said the role in force
    for n, raw in enumerate(lines):
        if n and lines[n - 1].strip() and not _bare(_without_links(lines[n - 1]), targets_set, zone):
            role_from = _without_links(lines[n - 1])
        line = _without_links(raw)
        if not line.strip():
            columns = []
            continue
        if _TABLE_RULE.fullmatch(line):
            continue
        cells = _cells(line, n >= attached_from, len(columns) > 1)
        named = [h for h in _hostnames(line) if h in targets_set]
        values_here = _line_values(line, targets_set, zone)
        if len(cells) > 1 and not any(values_here.values()) and (heading := _heading(cells)) is not None:
            columns, role = heading, None
            continue
        if named:
            domains = named
            if not values_here["nameservers"] and not values_here["ds"] and len(cells) <= 1:
                role = _line_role(line, role) if _leads_on(line) else None
                continue
        bare = _bare(line, targets_set, zone)
        marked = len(cells) > 1 and any(c.strip() in _MARK_ROLE for c in cells)  # an action column's "+" or "-"
        bare = bare and not marked
        if not (bare or marked or _may_ask(line)):
            # A line giving values in words the reader knows nothing of ("DECOMMISSION", "Server: ...", a list item
            # of a form's values left unlabelled): passing over it would keep what it may ask to remove, or leave a
            # value to some other reading. Its domain is asked about.
            for kind in ("nameservers", "ds"):
                for domain in (domains or [""]) if values_here[kind] else ():
                    found.setdefault(domain, {}).setdefault(kind, _Found()).unread = " | ".join(cells)[:80]
            role = None
            continue
        if not bare and not any(values_here.values()):
            role = _line_role(line, None) if len(cells) > 1 or _leads_on(line) else None
            continue
        row_role = role if bare or len(cells) == 1 else None
        if len(cells) == 1 and not bare and (_ROLE.search(_masked(line)) or _CHANGE_VERB.search(line)
                                              or _REPLACE.search(line)):
            # A sentence says its own roles: the role said before it is of the list under that, not of the words
            # of another sentence ("action the following redirect." and then "please redirect A to B").
            row_role = None
        if role_from is not None and row_role is not None and row_role == role \
                and not any(_FIELD_WORD[k].search(line) for k in ("nameservers", "ds")):
            said_of = {k for k in ("nameservers", "ds") if _FIELD_WORD[k].search(role_from)}
        else:
            said_of = set()
        value_cells, row_role = _row_values(cells, columns, row_role, targets_set, zone)
        for kind in ("nameservers", "ds"):
            got = [(r, v) for r, t in value_cells for v in _line_values(t, targets_set, zone)[kind]]
            plain = any(r in (None, "plain") for r, _ in got)
            if got and said_of and kind not in said_of:
                # "Please add this DS record:" says nothing of the name servers listed under it.
                for domain in (domains or [""]):
                    found.setdefault(domain, {}).setdefault(kind, _Found()).unread = " | ".join(cells)[:80]
                continue
            if plain and (len(cells) > 1 and any(_cell_role(c) or c.strip() in _MARK_ROLE for c in cells)
                          or len(cells) == 1 and not bare and not _plainly_labelled(line, targets_set, zone)):
                # Values no word gives a role, on a line whose words the reader does not all know: a row saying the
                # role of some values and not of others ("ns1.x | DEL | x.gov.uk", the action after the value), a
                # sentence ("please update A frimble B"), a label in unknown words ("Preferred NS 1: A"). The
                # default role, a new set, is for values alone or under a label the reader knows whole.
                for domain in (domains or [""]):
                    found.setdefault(domain, {}).setdefault(kind, _Found()).unread = " | ".join(cells)[:80]
                continue
            for domain in (domains or [""]) if got else ():
                found.setdefault(domain, {}).setdefault(kind, _Found()).take(got, cells, line, n, targets_set, zone)
        if bare:
            continue
        role = row_role if len(cells) == 1 and (line.rstrip().endswith(":") or _ROLE.search(_masked(line))) else role
        if len(cells) == 1 and not _leads_on(line):
            role = None
        if len(cells) == 1 and line.rstrip().endswith(":"):
            role = _line_role(line, None)
    return found


def _layout_lines(text: str, attached: list[str]) -> tuple[list[str], int]:
    """The mail's lines, then each attachment's, each ending in a blank line; and where the attachments begin."""
    lines = _joined_ds_lines(text.split("\n")) + [""]
    attached_from = len(lines)
    for more in attached:
        lines += _joined_ds_lines(more.split("\n")) + [""]
    return lines, attached_from


def _without_links(line: str) -> str:
    """The line with links and addresses blanked: their hostnames are neither values nor the domains asked."""
    line = _URL.sub(" ", line)
    for email in set(_emails(line)):
        line = line.replace(email, " ")
    return line


def _heading(cells: list[str]) -> list[str | None] | None:
    """The role of each column when the cells are a table's heading (a role word or a word for name servers)."""
    heading = [_cell_role(c) for c in cells]
    return heading if any(heading) or any(_FIELD_WORD["nameservers"].search(c) for c in cells) else None


def _may_ask(line: str) -> bool:
    """Whether a line that is not values alone may say something of them: a role word, a field or a change."""
    masked = _masked(line)
    return bool(_ROLE.search(masked) or _FIELD_WORD["nameservers"].search(masked) or _FIELD_WORD["ds"].search(line)
                or _CHANGE_VERB.search(line) or _REPLACE.search(line))


def _row_values(cells: list[str], columns: list[str | None], row_role: str | None, targets: set[str],
                zone: str) -> tuple[list[tuple[str | None, str]], str | None]:
    """The (role, text) pieces of a row's cells, each in its column's role or the row's; and the row's role after
    it (a cell of role words alone, "REMOVE", or "From", sets it for the cells after)."""
    value_cells: list[tuple[str | None, str]] = []
    for i, cell in enumerate(cells):
        col = columns[i] if i < len(columns) else None
        start = col if col else row_role
        if _FROM_LABEL.fullmatch(cell):
            row_role = "current"
            continue
        if not col and (marked := _label_role(cell)):
            row_role = marked  # an action column's "+" or "-", a cell "Before" or "After"
            continue
        pieces, end_role, seen = _segments(cell, start, targets, zone)
        if seen and not any(_line_values(cell, targets, zone).values()):
            row_role = end_role
        value_cells += pieces
    return value_cells, row_role


# A label and the values after it: "Nameservers: A, B", "NS 1 = A", "Name servers - A and B".
_LABEL_AND_VALUES = re.compile(r"(?P<label>[^:=\n]*?)\s*(?::|=|\s[-\u2013]\s)\s*(?P<rest>.*)")
# The words a label naming only the field may hold besides the field's own words, its numbers and role words.
_NEUTRAL_LABEL_WORDS = {"domain", "the", "for", "of", "list", "entries", "entry", "server", "servers", "please",
                        "value", "values", "dns", "ds", "dnssec", "data", "details", "record", "records", "host",
                        "hosts", "hostname", "hostnames", "names", "name", "field", "set", "use", "ns", "is", "are"}


def _plainly_labelled(line: str, targets: set[str], zone: str) -> bool:
    """Whether a line is values alone under a label the reader knows whole ("Nameserver 1: A", "DS: ...", a DS
    record's labelled fields, a zone file's "x.gov.uk. IN DS ..."): there, values without a role word are the field's
    values, a new set by default. Any other word about them, the reader does not understand."""
    text = _BULLET.sub("", line).strip()
    if _DS_FIELD_LINE.match(text) or re.search(r"\bIN\s+DS\b", text):
        return True
    match = _LABEL_AND_VALUES.fullmatch(text)
    if match is not None and not any(_line_values(match["label"], targets, zone).values()) \
            and _bare(match["rest"], targets, zone) and _known_label(match["label"]):
        return True
    # In a sentence: the values one list, after the last comma or colon before them, under a known label only
    # ("Please make the same change for x.gov.uk as well: name servers A and B").
    masked = _masked(_BRACKETED.sub(lambda m: " " * len(m.group()), text))
    hosts = [m for m in _RUN.finditer(text) if (h := normalise_domain(m.group().rstrip(_DOTS + ":")))
             and _is_nameserver(h, targets, zone)]
    if not hosts:
        return False
    lead = re.split(r"[:;,]", masked[:hosts[0].start()])[-1]
    if not _FIELD_WORD["nameservers"].search(lead):
        return False
    gaps = [masked[a.end():b.start()] for a, b in zip(hosts, hosts[1:])] + [masked[hosts[-1].end():]]
    return _known_label(lead) and all(re.fullmatch(r"[\s,;]*(?:(?:and|&)[\s,;]*)?", g) for g in gaps[:-1]) \
        and re.fullmatch(r"[\s.,;]*", gaps[-1]) is not None


def _leads_on(line: str) -> bool:
    """Whether a line leads on to what is under it, so that the role it says is the list's: a label or heading
    ("New name servers:", "Nameservers (new)"), or a sentence ending in a colon or "as follows". A sentence that
    ends ("To whom it may concern,", "Please action the following change.") says nothing of a list below it."""
    text = _DOTTED_RUN.sub(" ", line).strip()  # a value's own dot ends no sentence
    return bool(text) and (text.endswith((":", "-", "\u2013")) or bool(re.search(r"\b(?:follows?|following|below)\W*$", text, re.I))
                           or (len(text.split()) <= 6 and text[-1] not in ".,;!?"))


def _known_label(label: str) -> bool:
    """Whether a label's words are all ones the reader knows: the field's, role words, numbers, neutral words."""
    label = _ROLE.sub(" ", _FIELD_WORDS_IN_LABEL.sub(" ", label))
    return all(w.lower() in _NEUTRAL_LABEL_WORDS for w in re.findall(r"[^\W\d_]+", label))


def _is_label_line(line: str) -> bool:
    return bool(re.match(rf"\s*[{_BULLET_MARKS}]?\s*[A-Za-z][\w ()/-]{{0,40}}:", line))


def _kind(match: re.Match) -> str:
    return next(k for k, v in match.groupdict().items() if v)


def _label_role(label: str) -> str | None:
    """The role a heading or label names by a word that names one only as the whole of it ("Before", "After NS",
    "+"), field words and numbers aside; None when it names none so."""
    text = label.strip()
    if text in _MARK_ROLE:
        return _MARK_ROLE[text]
    text = " ".join(_FIELD_WORDS_IN_LABEL.sub(" ", text).split())
    return next((role for role, words in _LABEL_ROLE.items() if text and words.fullmatch(text)), None)


def _cell_role(cell: str) -> str | None:
    if _FROM_LABEL.fullmatch(cell):
        return "current"
    if role := _label_role(cell):
        return role
    match = _ROLE.search(_masked(cell))
    return None if match is None else "new" if _kind(match) == "pointer" else _kind(match)


_ASIDE = re.compile(r"\([^()]*\)")


def _line_role(line: str, role: str | None) -> str | None:
    """The role in force after a line: its last role word ("Please replace the current ones with the following:"
    is new), or, for a short label, its first ("New name servers (replacing the current ones):"). Words in
    brackets are an aside when the words outside them name a role ("Please add the following DS record (keep
    the existing one):" adds), and the role itself when nothing else does ("Nameservers (new):")."""
    label = line.strip().rstrip(":").strip()
    if _FROM_LABEL.fullmatch(line) or re.search(r"\bfrom$", label, re.I):
        return "current"  # "Please move the delegation from:" and the old list
    if line.rstrip().endswith(":") and (named := _label_role(label)) and label not in _MARK_ROLE:
        return named  # "Before:", "After the change" is a role word of its own
    masked = _masked(label)
    outside = _ASIDE.sub(lambda m: " " * len(m.group()), masked)
    said = [_kind(m) for m in _ROLE.finditer(outside)]
    aside = [_kind(m) for a in _ASIDE.finditer(masked) for m in _ROLE.finditer(a.group())]
    if said and set(said) == {"pointer"} and set(aside) - {"pointer", "new"}:
        # "Please enter the following DS record (keep the existing one):": the words outside say no role, only
        # "the following", and the aside qualifies it; a new set by default would drop what it says to keep.
        return "unsure"
    matches = said or [_kind(m) for m in _ROLE.finditer(masked)]
    matches = [k for k in matches if k != "pointer"] or ["new" for k in matches[:1]]
    if not matches:
        return role if not line.rstrip().endswith(":") else None
    return matches[0] if len(label.split()) <= 5 else matches[-1]


def _bare(line: str, targets: set[str], zone: str) -> bool:
    """A line of values and nothing else (bullets, numbers, glue addresses, "and")."""
    text = _BULLET.sub("", _BRACKETED.sub(" ", line))
    words = [w for w in re.split(r"[\s,;|]+", text) if w]
    if not words:
        return False
    if _ds_records(text) and all(_HEX.fullmatch(w) or w.isdigit() for w in words):
        return True
    return all(_is_ip(w.rstrip(".:")) or _BARE_VALUES.fullmatch(w.rstrip(".:")) or w in ("-", "\u2013")
               or ((h := normalise_domain(w.rstrip(_DOTS + ":"))) and _is_nameserver(h, targets, zone))
               for w in words) and any(normalise_domain(w.rstrip(_DOTS + ":")) for w in words)


def _line_values(text: str, targets: set[str], zone: str) -> dict[str, list[str]]:
    text = _BRACKETED.sub(" ", text)
    ds = _ds_records(text)
    hosts = [] if ds else [h for h in _hostnames(text) if _is_nameserver(h, targets, zone)]
    return {"nameservers": hosts, "ds": ds}


def _joined_ds_lines(lines: list[str]) -> list[str]:
    """A DS record given as labelled fields, a line each, or with its digest wrapped, made one line."""
    out: list[str] = []
    joining = False
    for line in lines:
        if out and joining and (_DS_FIELD_LINE.match(line) or _HEX_LINE.fullmatch(line)):
            out[-1] += " " + line.strip()
            continue
        joining = bool(_DS_FIELD_LINE.match(line)) or bool(_ds_records(line)) or bool(re.search(r"\bds\b", line, re.I))
        out.append(line)
    return out


# --- the whole request ---------------------------------------------------------------------------

def _as_text(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value if isinstance(value, str) else ""


def _own_words(body: str) -> str:
    """The body without quoted reply text, the mail answered, the signature or a disclaimer (mailbot.words, the
    one definition of the sender's own words); a quoted line leaves a blank one."""
    from mailbot.words import own_raw_lines

    return "\n".join(own_raw_lines(body))


def extract_change(subject: str, body: str, headers: Mapping[str, str], zone: str = "gov.uk",
                   attached: Sequence[str] = ()) -> ChangeRequest:
    """What the mail asks for, domain by domain; `asks` is empty when no kind of change can be made out.
    `attached` are the texts of its text and CSV attachments, read as more of its lines."""
    zone_name = _zone(zone)
    subject = " ".join(_as_text(subject)[:_MAX_SUBJECT].split())
    text = _own_words(_as_text(body)[:_MAX_BODY])
    extra = [_as_text(a)[:_MAX_BODY] for a in (attached or ())][:5]
    domains = find_domains("\n".join([subject, text, *extra]), zone_name)
    targets = set(domains)
    form, prose = _read_form(text)
    found: dict[str, list[str]] = {}
    emptied: set[str] = set()  # fields the mail's words say to empty
    unread: dict[str, str] = {}  # fields a form line gives in words that are neither values nor known
    for kind, raw in form.items():
        if kind in FIELDS and not _NO_CHANGE.fullmatch(raw.strip()):
            values = _values(kind, raw, targets, zone_name)
            if not values and _EMPTIED.fullmatch(" ".join(raw.split())):
                emptied.add(kind)
            elif not values:
                unread[kind] = " ".join(raw.split())[:80]
            found.setdefault(kind, []).extend(values)
    for part in (subject, prose):
        for kind, values in _prose_changes(part, targets, zone_name, emptied).items():
            found.setdefault(kind, []).extend(values)
    changes = {kind: tuple(dict.fromkeys(found[kind])) for kind in FIELDS if kind in found}
    layouts = _read_layouts(text, extra, domains, zone_name)
    asks: dict[str, dict[str, Ask]] = {}
    unclear: dict[str, str] = {}
    for domain in domains or [""]:
        for kind in FIELDS:
            read = layouts.get(domain, {}).get(kind) or layouts.get("", {}).get(kind)
            if read is not None and kind in ("nameservers", "ds"):
                ask, why = read.ask()
                said = set(read.roles["current"])
                if ask is None and said and kind in changes and not said & set(changes[kind]) \
                        and not any(read.roles[r] for r in ("new", "add", "remove", "plain")):
                    # "disable DNSSEC; the old record was ...": the prose says what becomes of the current ones
                    asks.setdefault(domain, {})[kind] = Ask(new=changes[kind], said_current=tuple(read.roles["current"]))
                    continue
                if why:
                    unclear[domain] = f"{_FIELD_WORDS[kind]}s: {why}"
                    continue
                if ask is not None:
                    asks.setdefault(domain, {})[kind] = ask
                    continue
            # The simple form and prose: a complete set. No name server at all is never one ("the new name
            # servers are as in our request" names the field and gives none), and no DS record or contact is one
            # only when the words say to remove them ("DNSSEC: remove"): "DS records: as before" or an unreadable
            # record empties nothing.
            if kind not in changes:
                continue
            if kind in unread and not changes[kind]:
                unclear[domain] = f"{_FIELD_WORDS[kind]}s: the form gives {unread[kind]!r}, which is neither a " \
                                  f"value nor a word saying what is to become of them"
            elif len(domains) > 1 and changes[kind]:
                # Values the layouts gave no domain, in a mail naming several: whose they are is not a thing to
                # guess, and copying them to each would change domains nobody asked to change so.
                unclear[domain] = f"{_FIELD_WORDS[kind]}s: the mail names several domains and gives " \
                                  f"{', '.join(changes[kind])} without saying for which"
            elif changes[kind] or kind == "registrant" or kind in emptied:
                asks.setdefault(domain, {})[kind] = Ask(new=changes[kind])
    return ChangeRequest(tuple(domains), asks, unclear, is_urgent(subject, headers))
