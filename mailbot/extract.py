"""Classify -> workflow: reads what a registrar's change request asks for: domains, changes, urgency.
(The layouts, the role of each value, are read in mailbot.request_layouts.)

Registrars write in two ways, and both are read. The simple form (docs/mail-routing.md) has one field a
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
change", "unchanged" or "-" means the field is not asked for; "none", "remove" (and the like) empty it; any
other words without a usable value make the domain unclear (asked about), never an empty field.

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
from mailbot.parse.corrections import Corrected, Unsure, apply_corrections
from mailbot.parse.own_words import (
    PGP_END,
    forwarded_lines,
    forwarded_sender,
    own_raw_lines,
    quoted_lines,
    quoted_sender,
)

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
    lists: int = 1  # the unlabelled lists `new` was read from: more than one is read only of a field that holds none


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
    unchanged: bool = False  # the problem is only that the result is the current records


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
    if kind == "ds":
        ask, problem = _by_key_tag(ask, have)
        if problem:
            return Resolved(None, problem)
    if ask.lists > 1 and have:
        # Two lists that no word calls anything: one may be what the domain has now. Of a field that holds nothing
        # ("We would like to enable DNSSEC; DS record below" and the record in two forms), there is nothing to be.
        return Resolved(None, "it gives more than one list of values without saying which is current and which new.")
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
    if ask.new is not None and keep and not set(keep) & set(remove) and set(keep) | set(remove) == set(have) \
            and not set(new) & set(have):
        # "ns1 (to be removed), ns2 (unchanged), ns3 (new)": the mail says of every current record whether it stays or
        # goes, so the new values are what comes in beside those that stay.
        new, add = [], list(dict.fromkeys(add + new))
        ask = Ask(add=tuple(add), remove=ask.remove, said_current=ask.said_current, keep=ask.keep)
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
        if said and set(said) != set(have):
            # "At the moment A and B; it should point at C and D" of a domain that has A, B and E: the registrar's
            # view of the domain is not the registry's, so whether E was meant to go is not a thing to guess.
            return Resolved(None, f"the mail gives the current {word}s as {', '.join(said)}, but the registry "
                                  f"holds {', '.join(have)}.")
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
    if kind == "ds" and (twins := _ds_twins(result, have)):
        return Resolved(None, f"the DS records {twins[0]} and {twins[1]} have the same key tag, algorithm and digest "
                              "type but different digests: one of them is most likely mistyped. Say which is meant.")
    if kind == "registrant" and len(result) != 1:
        return Resolved(None, "a domain has exactly one registrant.")
    # Compared as records are (a registrant's case carries no meaning): "Registrant: Ely Port Authority" of a domain
    # whose registrant is "ELY PORT AUTHORITY" changes nothing.
    same = {_canonical(kind, v) for v in result}
    if same == set(have):
        return Resolved(None, f"the {word}s asked for are the current ones: nothing would change.", unchanged=True)
    return Resolved(tuple(result), None, tuple(v for v in result if _canonical(kind, v) not in have),
                    tuple(v for v in have if v not in same))


def _ds_twins(result: Sequence[str], have: Sequence[str]) -> tuple[str, str] | None:
    """Two DS records of the result that the mail gives (one at least is not a current record) with the same key tag,
    algorithm and digest type and different digests, or None. One key has one digest of each type (RFC 4034 5.1.4),
    so two such records are two keys whose tags collide, which is rare, or one record mistyped: asked, never both
    recorded. The same key tag with another algorithm or digest type (a key's SHA-1 and SHA-256 digests, an
    algorithm rollover) is two records meant."""
    seen: dict[tuple[str, ...], str] = {}
    for value in result:
        fields = tuple(value.split()[:3])
        other = seen.setdefault(fields, value)
        if other != value and (other not in have or value not in have):
            return other, value
    return None


def _checked_value(kind: str, value: str) -> str | None:
    """The normal form of one value of `kind`, or None when it is not a valid one."""
    text = " ".join(str(value).split())
    if kind == "nameservers":
        name = normalise_domain(text)
        file_like = name is not None and name.count(".") == 1 and name.rpartition(".")[2] in FILE_OR_DOMAIN
        return name if name and _is_nameserver(name, set(), "") and not file_like else None
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


# A link: a URL with its scheme ("https://support.example/nav_to.do?uri=task.do"), one starting "www.", or a host with
# a path after it ("support.example/helpdesk/tickets/41790"). Hosts separated by "/" ("ns1.x.net/ns2.x.net", a host
# and its address) are no link.
_LINK = re.compile(r"\b[a-z][a-z0-9+.-]*://\S*|\bwww\.\S+"
                   r"|(?<![\w.@/:-])[\w-]+(?:\.[\w-]+)+(?::\d+)?/(?P<path>\S*)", re.I)


# What follows a record's owner in a zone file, a console's table or an export: its TTL, its class, its type.
_RECORD_AFTER_OWNER = re.compile(r"[\s,;|]+(?:\d+[\s,;|]+)?(?:IN[\s,;|]+)?(?:\d+[\s,;|]+)?"
                                 r"(?:NS|DS|CDS|A|AAAA|CNAME|MX|TXT|SOA|CAA|SRV|PTR|DNSKEY|HTTPS|SVCB|ALIAS)\b", re.I)


# A link in angle brackets, as a mail client writes the target of a name it made a link ("ns1.x.net <http://ns1.x.net>",
# "ns1.x.net<http://ns1.x.net/>", Safe Links' rewritten URL), with the space before it.
_BRACKETED_LINK = re.compile(r"[ \t]?<[a-z][a-z0-9+.-]*://[^<>\s]*>", re.I)


def without_links(text: str) -> str:
    """The text with each link blanked to spaces (offsets kept): a host or file name in a link is neither a value nor
    a domain asked about. A link in angle brackets is taken out whole, with the space before it, so that what follows
    it ("</domain:hostObj>", the "> B" of "A<http://A/> > B") is read as if the client had made no link, and no wide
    gap left in a line is taken for a table's columns."""
    text = _BRACKETED_LINK.sub("", text)
    def blank(link: re.Match) -> str:
        host = re.match(r"www\.[\w-]+(?:\.[\w-]+)*\.?", link.group(), re.I)
        if host and _RECORD_AFTER_OWNER.match(text, link.start() + host.end()):
            return link.group()  # "www.x.gov.uk. 300 IN NS ...", "www.x.gov.uk.,NS,...": a record's owner, no link
        path = link["path"]
        if path is not None and not re.search(r"[?=&%#~]", path):
            first = re.split(r"[/\s]", path, maxsplit=1)[0].rstrip(".,;:)")
            if not path or _is_ip(first) or (normalise_domain(first) and "." in first):
                return link.group()
        return " " * len(link.group())
    return _LINK.sub(blank, text)


# A line that is a lookup command as a terminal shows it ("$ dig @ns1.x.net x.gov.uk NS +noall +answer", "dig +short NS
# x.gov.uk", "C:\\> nslookup -type=NS x.gov.uk"), or a comment of its output or a zone file ("; <<>> DiG 9.18 <<>> ...",
# ";; ANSWER SECTION:", RFC 1035 5.1): the server it asks and the name it asks about are no values. What it answers, on
# the lines after it, is read. A row of a file whose fields ";" divides, its first fields empty
# (";ns2.old.net;ns2.new.net" or ";;ns3.new.net" under "domain;current_ns;new_ns"), is no comment: a field of it is a
# name alone.
_COMMAND_LINE = re.compile(r"""[ \t]*(?:;(?!(?=[^\n]*;)(?:[^;\n]*;)*[ \t]*[^\s;]+\.[^\s;]+\s*(?:;|$)).*
    |(?:\S*[$#%>][ \t]*)?(?:dig|kdig|drill|delv)[ \t]+(?=\S*[@+.]|-[a-z]|(?:ns|ds|cds|dnskey|cdnskey|soa|any)\b).*
    |\S*[$#%>][ \t]*(?:host|nslookup|whois)[ \t]+.*
    |(?:host|nslookup)[ \t]+-(?:t|type|q|query)[ \t=]\S+[ \t]+.*)""", re.I | re.X)


def without_commands(text: str) -> str:
    """The text with each line of a lookup command or a comment blanked (see _COMMAND_LINE)."""
    return "\n".join("" if _COMMAND_LINE.fullmatch(line) else line for line in text.split("\n"))


# The heading of a change record's plan for undoing the change ("Back-out plan:", "Rollback:", "Fallback procedure -",
# "Remediation plan:"): the records it names are those to go back to if the change fails, never the change asked for.
_UNDO_HEADING = re.compile(r"[ \t]*[*_]*(?:back[\s-]?out|roll[\s-]?back|fall[\s-]?back|revert|reversion|remediation"
                           r"|contingency|undo)(?:\s+(?:plan|procedure|steps?|process))?[*_]*[ \t]*(?::|\s[-\u2013]).*",
                           re.I)
# What ends such a plan: a heading of its own ("Test plan:"), or a label of the new records ("New name servers: ...").
_NEXT_HEADING = re.compile(r"[ \t]*[*_]*[^\W\d_][\w .()/&'-]{0,60}:[*_]*[ \t]*|[ \t]*[*_]*(?:[\w.()/&'-]+[ \t]+){0,6}?"
                           r"(?:new|proposed|requested|required|target|desired|future|replacement|add|added)\b[^:]{0,40}:.*",
                           re.I)


def without_undo_plans(text: str) -> str:
    """The text with each plan for undoing the change blanked: its heading and the lines under it, up to a blank line,
    the next heading ("Test plan:") or a label of the new records."""
    lines = text.split("\n")
    undoing = False
    for i, line in enumerate(lines):
        if _UNDO_HEADING.fullmatch(line):
            undoing, lines[i] = True, ""
        elif undoing and line.strip() and not _NEXT_HEADING.fullmatch(line):
            lines[i] = ""
        else:
            undoing = False
    return "\n".join(lines)


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


def named_domains(body: str, zone: str = "gov.uk") -> list[str]:
    """The domains the sender's own words in `body` name (find_domains over what extract_change reads)."""
    return find_domains(_own_words(_as_text(body)[:_MAX_BODY]), zone)


def _under_lookalike_zone(name: str, zone_name: str) -> bool:
    """Under a look-alike of the zone (Cyrillic "о" in gov.uk): kept, so that it is flagged as a possible
    attack like any other look-alike of a known domain, not passed over as naming no domain."""
    from mailbot.policy.lookalike import skeleton

    return "xn--" in name and skeleton(name).endswith("." + zone_name)


def _is_nameserver(name: str, targets: set[str], zone: str) -> bool:
    # Two labels at least, and a top label of letters: "192.0.2.1", "e.g" and "1.5" are not hosts. A file's name
    # ("change.xml", "export_1.csv", "report.pdf") ends in a kind of file that no top-level domain is.
    top = name.rpartition(".")[2]
    return "." in name and len(top) > 1 and top[0].isalpha() and name not in targets and name != zone \
        and top not in FILE_EXTENSIONS


# Kinds of file people name in a mail (an attachment, a ticket system's page) that are no top-level domain in the
# public suffix list: a name ending in one is a file, never a host.
FILE_EXTENSIONS = frozenset({
    "pdf", "xml", "csv", "tsv", "txt", "doc", "docx", "xls", "xlsx", "xlsm", "ppt", "pptx", "odt", "ods", "odp", "rtf",
    "json", "htm", "html", "xhtml", "php", "asp", "aspx", "jsp", "cgi", "js", "css", "eml", "msg", "pst", "vcf", "ics",
    "png", "jpg", "jpeg", "gif", "bmp", "tif", "tiff", "svg", "webp", "log", "yaml", "yml", "cfg", "conf", "ini", "exe",
    "dll", "bak", "tmp", "dat", "sql", "db", "csr", "pem", "crt", "cer", "der", "p12", "pfx", "p7s", "key", "asc",
    "gpg", "sig", "gz", "tgz", "tar", "bz2", "xz", "7z", "rar", "mp3", "mp4", "wav", "avi",
})
# Kinds of file whose ending is also a top-level domain ("task.do", "export.zip", "readme.md"): a name of two labels
# ending in one may be either, so it is no valid value of a name server (resolve() asks about it, never drops it).
FILE_OR_DOMAIN = frozenset({"do", "zip", "md", "py", "sh", "mov", "ps", "rs"})


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
_DS_LABEL = re.compile(r"\b(?:key\s*tag|algorithm|digest\s*type|digest)\b\s*[:=]?"
                       r"|\([0-9A-Fa-f ]{0,40}[g-zG-Z][^()\n]{0,60}\)", re.I)
_DS_WORD = re.compile(r"[^\s,;()\[\]{}<>\"']+")
_HEX = re.compile(r"[0-9A-Fa-f]+")
_NUMBER = re.compile(r"[0-9]{1,5}")


# The algorithm and digest type by their IANA mnemonics, as consoles print them ("ECDSAP256SHA256 (13)", "SHA-256",
# "8 (RSASHA256)"). A name and a number that disagree ("13 (RSASHA256)") give no record: which was meant is not a
# thing to guess. The GOST ones are left out: "GOST" names both an algorithm and a digest type.
_DS_NUMBERS = {"rsamd5": 1, "dsa": 3, "rsasha1": 5, "dsa-nsec3-sha1": 6, "rsasha1-nsec3-sha1": 7, "rsasha256": 8,
               "rsasha512": 10, "ecdsap256sha256": 13, "ecdsap384sha384": 14, "ed25519": 15, "ed448": 16,
               "sha-1": 1, "sha1": 1, "sha-256": 2, "sha256": 2, "sha-384": 4, "sha384": 4}
_DS_NAME = "|".join(re.escape(n) for n in sorted(_DS_NUMBERS, key=len, reverse=True))
_DS_NAMED = re.compile(rf"(?<![\w-])(?:(?P<num>\d{{1,3}})\s*\(\s*(?P<name>{_DS_NAME})\s*\)"
                       rf"|(?P<name2>{_DS_NAME})(?:\s*\(\s*(?P<num2>\d{{1,3}})\s*\))?)(?![\w-])", re.I)


def _ds_number(match: re.Match) -> str:
    name, number = match["name"] or match["name2"], match["num"] or match["num2"]
    value = _DS_NUMBERS[name.lower()]
    return f" {value} " if number is None or int(number) == value else " ? "


# A DS record's fields by the words consoles and forms label them with. The digest type before the algorithm, so that
# "Digest algorithm" is the digest's type.
# A field's label may name what it belongs to ("Signing algorithm", "DNSKEY algorithm", "DS digest") and say "type"
# after "algorithm" ("Digest algorithm type").
DS_FIELD_LABEL = (r"(?P<dtype>(?:ds[\s_-]*)?(?:digest|hash)[\s_-]*(?:type|alg(?:orithm)?(?:[\s_-]*type)?)"
                  r"(?:[\s_-]*(?:number|no\.?|id))?)"
                  r"|(?P<keytag>(?:ds[\s_-]*)?(?:key[\s_-]*(?:tag|id)|keytag|tag)(?:[\s_-]*(?:number|no\.?|value))?)"
                  r"|(?P<alg>(?:(?:key|signing|dnskey|ksk|zsk|public[\s_-]*key|security|cryptographic|ds)[\s_-]*)?"
                  r"alg(?:orithm)?(?:[\s_-]*(?:number|no\.?|id|type))?)"
                  r"|(?P<digest>(?:ds[\s_-]*)?(?:digest|hash)(?:[\s_-]*(?:value|data|string|hex))?)")
_DS_FIELD_AT = re.compile(rf"(?<![\w-])(?:{DS_FIELD_LABEL})(?![\w-])(?:\s*\([^()\n]{{0,40}}\))?\s*[:=]?", re.I)


def _ds_name_key(name: str) -> str:
    """An algorithm's or digest's name in letters and digits alone, without "curve", "with", "using", "and": the IANA
    mnemonic ("ECDSAP256SHA256") and its description ("ECDSA Curve P-256 with SHA-256") give the same key."""
    return re.sub(r"[^a-z0-9]", "", re.sub(r"\b(?:curve|with|using|and)\b", " ", name.lower()))


_DS_KEYS = {_ds_name_key(name): number for name, number in _DS_NUMBERS.items()}


def _ds_field_number(text: str, kind: str) -> int | None:
    """The number an algorithm or digest type field gives: a number, a name, or both agreeing ("13 (ECDSA Curve P-256
    with SHA-256)", "SHA-256 (2)"); None when they disagree or the words are not one of these."""
    text = text.strip().rstrip(".,;")
    match = re.fullmatch(r"(?P<num>\d{1,3})?\s*(?:\(?\s*(?P<name>[^()]*?)\s*\)?)?\s*"
                         r"(?:\(\s*(?P<num2>\d{1,3})\s*\))?", text)
    if match is None:
        return None
    numbers = {int(n) for n in (match["num"], match["num2"]) if n}
    if match["name"]:
        key = _ds_name_key(match["name"])
        if key not in _DS_KEYS or (kind == "dtype") != (key.startswith("sha") and len(key) <= 6):
            return None
        numbers.add(_DS_KEYS[key])
    return numbers.pop() if len(numbers) == 1 else None


_PROSE_FIELD_START = re.compile(r"^\s*(?:is|are|was|of|being|will\s+be|should\s+be)\s+", re.I)
_PROSE_FIELD_END = re.compile(r"[.!?](?=\s|$)")
_PROSE_FIELD_JOIN = re.compile(r"[,;]?\s*(?:\b(?:and|then|plus|with)\b\s*)?(?:\b(?:the|its|a|an)\b\s*)?$", re.I)


def _labelled_ds(text: str) -> list[str] | None:
    """DS records given as labelled fields ("Key tag: 54321", "Algorithm: ECDSA Curve P-256 with SHA-256", "Digest
    type: SHA-256 (2)", "Digest: ..."), each field read by its label, in any order; None when the text does not give
    all four labels, and no record for a group of fields one of which cannot be read (a name and a number that
    disagree, a digest of the wrong length): read by position, a field would be taken for another."""
    marks = list(_DS_FIELD_AT.finditer(text))
    kinds = [next(k for k in ("dtype", "keytag", "alg", "digest") if m[k]) for m in marks]
    if not {"keytag", "alg", "dtype", "digest"} <= set(kinds):
        return None
    records, group = [], {}
    for i, (mark, kind) in enumerate(zip(marks, kinds, strict=True)):
        value = text[mark.end():marks[i + 1].start() if i + 1 < len(marks) else len(text)]
        # A field and its value in a table's two columns ("Key tag | 18585"): the cells' bars are no part of it.
        value = re.sub(r"^[\s|]+|[\s|]+$", " ", value)
        # The fields in a sentence ("Key tag 14378, algorithm 13, digest type 2, and the digest is 3F...A9. Thanks!"):
        # the words joining them and the sentences after the last are no part of a field.
        value = _PROSE_FIELD_END.split(_PROSE_FIELD_START.sub(" ", value), maxsplit=1)[0]
        value = _PROSE_FIELD_JOIN.sub(" ", value)
        if kind in group and kind in ("alg", "dtype") and kinds[i - 1] == kind \
                and (number := _ds_field_number(value, kind)) is not None \
                and number == _ds_field_number(group[kind], kind):
            continue  # the same field by its number and by its name, a line each ("Signing algorithm type: 13" and
            # "Signing algorithm: ECDSAP256SHA256", as a registrar's console lists them)
        if kind in group:
            records.append(group)
            group = {}
        group[kind] = value
    records.append(group)
    out = []
    for group in records:
        if set(group) != {"keytag", "alg", "dtype", "digest"}:
            continue
        keytag = group["keytag"].strip().rstrip(".,;")
        alg, dtype = _ds_field_number(group["alg"], "alg"), _ds_field_number(group["dtype"], "dtype")
        digest = "".join(group["digest"].split()).rstrip(".,;)").lstrip("(")
        if not (keytag.isdigit() and int(keytag) <= 65535 and alg and 1 <= alg <= 255 and dtype
                and _HEX.fullmatch(digest) and len(digest) == _DIGEST_HEX_LENGTH.get(dtype)):
            continue
        out.append(f"{int(keytag)} {alg} {dtype} {digest.upper()}")
    return out


def _ds_records(text: str) -> list[str]:
    """DS records as "keytag alg digesttype DIGEST", wherever the four parts stand in a row, or as labelled fields."""
    if (labelled := _labelled_ds(text)) is not None:
        return list(dict.fromkeys(labelled))
    words = [w.rstrip(".:") for w in _DS_WORD.findall(_DS_LABEL.sub(" ", _DS_NAMED.sub(_ds_number, text)))]
    records, i = [], 0
    while i + 3 < len(words):
        record, i = _ds_at(words, i)
        if record:
            records.append(record)
    return list(dict.fromkeys(records))


# A DS record named by its key tag alone ("remove the DS with key tag 35235", "Key ID: 35235", "(keytag 35235)"): a
# value of its own, "key tag 35235", that resolve() finds among the domain's current records.
_KEY_TAG_REF = re.compile(r"(?<![\w-])(?:key[\s_-]*(?:tag|id)|keytag|tag)(?:[\s_-]*(?:number|no\.?|#))?"
                          r"\s*(?:[:=#]\s*|of\s+)?(?P<tag>\d{1,5})(?![\w.-])", re.I)
_KEY_TAG_VALUE = re.compile(r"key tag (?P<tag>\d{1,5})")


def key_tag_refs(text: str) -> list[str]:
    """The DS records a text names by key tag alone, as "key tag N"; none where it gives a record's other fields (the
    key tag is that record's), nor the key tag of a record it gives whole."""
    if any(not m["keytag"] for m in _DS_FIELD_AT.finditer(text)):
        return []
    whole = {int(r.split()[0]) for r in _ds_records(text)}
    tags = [int(m["tag"]) for m in _KEY_TAG_REF.finditer(text)]
    return list(dict.fromkeys(f"key tag {t}" for t in tags if t <= 65535 and t not in whole))


def _by_key_tag(ask: Ask, have: list[str]) -> tuple[Ask, str | None]:
    """The ask with each DS record named by its key tag alone made the current record that has it; or why not: no
    current record has it, or several do (which one is meant is not a thing to guess), or it is named as one to add
    (a record to add is given whole; its key tag beside it names that record, and is dropped)."""
    if not any(_KEY_TAG_VALUE.fullmatch(v) for part in (ask.new or (), ask.add, ask.remove, ask.said_current, ask.keep)
               for v in part):
        return ask, None
    given = {v.split()[0] for v in (*(ask.new or ()), *ask.add) if not _KEY_TAG_VALUE.fullmatch(v)}
    out = {}
    for name in ("new", "add", "remove", "said_current", "keep"):
        values = getattr(ask, name)
        if values is None:
            out[name] = None
            continue
        found = []
        for value in values:
            if (ref := _KEY_TAG_VALUE.fullmatch(value)) is None:
                found.append(value)
            elif name in ("new", "add"):
                if ref["tag"] not in given:
                    return ask, (f"the DS record with key tag {ref['tag']} is to be added, but only its key tag "
                                 "is given.")
            else:
                matches = [v for v in have if v.split()[0] == ref["tag"]]
                if len(matches) != 1:
                    tags = ", ".join(v.split()[0] for v in have) or "none"
                    return ask, (f"no current DS record has key tag {ref['tag']} (the key tags now are {tags})."
                                 if not matches else f"{len(matches)} current DS records have key tag {ref['tag']}: "
                                                     f"say which by its digest.")
                found.append(matches[0])
        out[name] = tuple(found)
    return Ask(out["new"], out["add"], out["remove"], out["said_current"], out["keep"], ask.unlabelled, ask.lists), None


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
_BULLET_MARKS = "-*\u2022\u00b7\u25aa\u25e6\u2023\u2043\u00a7\u2013"
_BULLET = re.compile(rf"^\s*(?:[{_BULLET_MARKS}]|o(?=[\t ])|\d{{1,2}}[.)]|[a-z][.)]|(?:i{{1,3}}|iv|vi{{0,3}}|ix|x)[.)]"
                     rf"|\((?:\d{{1,2}}|[a-z]|i{{1,3}}|iv|vi{{0,3}})\))\s+")
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

# Each name a field of the simple form is accepted under (this module's docstring lists them): the field's kind.
FORM_NAMES = {name: kind for kind, names in {
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
_FORM_LINE = re.compile(rf"[ \t]*(?:[{_BULLET_MARKS}][ \t]*)?(?P<name>[A-Za-z][A-Za-z0-9 ()/_-]{{0,40}}?)"
                        r"[ \t]*:[ \t]*(?P<value>.*)")
# A form's value saying the field stays as it is, in any of the words that say so: matched to the stripped value.
# The field may be named in it ("no change to the DS record", "leave the existing DS as is", "DS unchanged").
_THE_FIELD = r"""(?:(?:(?:the|our|its|any|existing|current|present)\s+){0,2}(?:ds(?:\s+records?)?
    |dnssec(?:\s+settings?)?|keys?|records?|settings?|name\s*servers?|ns|contacts?|registrant|ones?|it|them)|(?:the\s+)?(?:existing|current|present))"""
_NO_CHANGE = re.compile(rf"""(?:n/?a|not\s+applicable|-+|nothing(?:\s+to\s+change)?
    |(?:no|not)\s+(?:changes?|changing|action)(?:\s+(?:to|for|of|on|in)\s+{_THE_FIELD})?(?:\s+(?:required|needed|requested))?
    |unchanged|unaltered|(?:{_THE_FIELD}\s+)?(?:unchanged|unaltered|as\s+(?:is|before|now))
    |(?:leave|keep|retain)(?:\s+{_THE_FIELD})?(?:\s+(?:as\s+is|alone|unchanged|the\s+same|in\s+place|as\s+
        (?:before|now|it\s+is|they\s+are)))?|as\s+(?:is|before|now)|(?:the\s+)?same(?:\s+as\s+
        (?:before|now|current|existing))?|(?:{_THE_FIELD}\s+)?(?:stays?|remains?)(?:\s+(?:as\s+is|the\s+same|unchanged))?)?
    [.!]?""", re.I | re.X)
# A form's value that empties the field: only these words do; other words without a value are asked about. A DNSSEC
# field saying the domain is not signed ("not in use", "not signed", "off") says it is to have no DS record.
_EMPTIED = re.compile(r"""(?:none|nil|remove[ds]?|delete[ds]?|disabled?|withdrawn?|unsigned|inactive|off|no
    |not\s+(?:currently\s+)?(?:in\s+use|used|signed|enabled|active|on|set\s+up|configured)
    |no\s+(?:ds|dnssec)(?:\s+records?)?)(?:\s+all)?\.?""", re.I | re.X)


def _form_kind(name: str) -> str | None:
    key = " ".join(re.sub(r"[-_/]", " ", name.lower().replace("(s)", "")).split())
    key = re.sub(r"\s*\d+$", "", re.sub(r"^(?:new|requested|proposed)\s+", "", key))
    return FORM_NAMES.get(key)


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
            # A DS record's field keeps its label, by which it is read ("Algorithm: ..." is no key tag).
            labelled = kind == "ds" and _DS_FIELD_AT.fullmatch(match["name"].strip() + ":")
            fields.setdefault(kind, []).append(line if labelled else match["value"])
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
    "nameservers": re.compile(r"\bname[\s-]?servers?\b|\bns\b|\b(?:re-?)?delegat(?:e|ed|ion)\b|\bdns\s+servers?\b",
                              re.I),
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
# A sentence asks something of the registrant when a verb of change governs it ("change the registrant", "transfer
# the registrant of x.gov.uk to ..."), it is called new, or it is said to become something.
_REGISTRANT_ASKED = re.compile(r"""\b(?:chang|updat|amend|transfer|set|modif|replac|correct)\w*[ \t]+
    (?:[\w'-]+[ \t]+){0,3}?registrant
    |\bnew\s+registrant|\bregistrant\b[^.!?\n]{0,60}?\b(?:(?:should|will|shall|must)\s+(?:now\s+)?be|becomes?|is\s+now
    |chang\w*\s+to|to\s+be|transferr\w*\s+to)\b|\bregistrant\b[^.!?\n]{0,40}?:""", re.I | re.X)
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


def _prose_changes(text: str, targets: set[str], zone: str, emptied: set[str] | None = None,
                   emptied_for: dict[str, set[str]] | None = None) -> dict[str, list[str]]:
    """Field -> values the prose asks for; `emptied` collects the fields a sentence says to empty ("remove the DS
    records"), the only way no value at all is a change, and `emptied_for` the domains asked about that each such
    sentence names, by field ("" for a sentence that names none)."""
    emptied = set() if emptied is None else emptied
    emptied_for = {} if emptied_for is None else emptied_for
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
            if kind == "registrant" and not _REGISTRANT_ASKED.search(said):
                continue  # "instructed by the registrant to make the change below" names it, asks nothing of it
            if match := keyword.search(said):
                previous.append(kind)
                found.setdefault(kind, []).extend(_sentence_values(kind, text, said, end, match.start(), targets, zone))
                if kind in ("ds", "contacts") and _REMOVAL.search(said) and not _ADDITION.search(said):
                    emptied.add(kind)
                    named = {h for h in _hostnames(text[end - len(said):end]) if h in targets}
                    emptied_for.setdefault(kind, set()).update(named or {""})
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


# --- the whole request ---------------------------------------------------------------------------

def _as_text(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value if isinstance(value, str) else ""


# A note above a forwarded message that says not to act on it, or not yet.
_LEAVE_IT = re.compile(r"\b(?:ignore|disregard|do\s+not|don'?t|no\s+(?:action|need)|not\s+(?:yet|to\s+be|for\s+action)"
                       r"|(?:for\s+)?(?:info(?:rmation)?|reference)\s+only|fyi\s+only|on\s+hold|wait\w*\s+for|cancel\w*"
                       r"|withdraw\w*|sent\s+in\s+error|not\s+(?:been\s+)?(?:approved|authori[sz]ed|signed\s+off)|unapproved"
                       r"|reject\w*|declined|pending\s+approval)\b", re.I)


# A note saying the request is the mail below it, as a registrar's desk forwards a customer's ("Please see below from
# our customer and action", "Please action the request below", "Forwarding our client's email below"): Outlook's
# "Original Message" block under it is the mail forwarded, whatever the subject says.
_POINTS_BELOW = re.compile(r"""\b(?:see|read|find|action|actioned|process|processed|deal\s+with|handle|forward\w*
    |pass\w*\s+on|put\s+through|request\w*)\b[^.\n]{0,60}\b(?:below|underneath|trail|chain)\b
    |\bpass\w*\s+(?:the\s+following|this|it)\s+on\b
    |\b(?:below|underneath)\b[^.\n]{0,40}\bfrom\s+(?:our|the|a)\s+(?:customer|client|end[\s-]user|registrant|user)s?\b""",
                           re.I | re.X)


# An approver's word on a colleague's draft quoted or forwarded below it ("Approved, please action", "OK to proceed -
# approved", "Authorised, pls go ahead"): the approval and a word to act on it, both in the note.
_APPROVES = re.compile(r"\b(?:approved|authori[sz]ed|signed\s+off)\b", re.I)
_ACT_ON_IT = re.compile(r"\b(?:action|process|proceed|go\s+ahead|implement|carry\s+(?:it\s+)?out)\b", re.I)


def _says_to_act(note: str) -> bool:
    """Whether a note says the mail below it is the request (_POINTS_BELOW), or approves it for action."""
    return bool(_POINTS_BELOW.search(note) or (_APPROVES.search(note) and _ACT_ON_IT.search(note)))


def forwarded_request(body: str, subject: str, headers: Mapping[str, str], zone: str = "gov.uk") -> str:
    """The message a registrar forwards as its request ("FYI / for action", "Please see below from our customer and
    action"), as its sender wrote it (mailbot.parse.own_words.forwarded_lines): when the note above the forward gives no
    name server or DS record of its own and does not say to leave it ("FYI only", "please ignore", "not yet"). A mail
    that answers another (In-Reply-To or References: a reply on a ticket's thread) forwards its request so only when its
    note says so ("please action the below") and the message under it is not the mail it answers: it names a sender
    whose domain is none of those the reply is written to (the bot's own mail, quoted under Outlook's header block, is
    never a request). A message quoted with ">" under "On ... wrote:" (mailbot.parse.own_words.quoted_lines) is read so
    too when the note says to act on it (_says_to_act: "Could you action the request below", "Approved, please action")
    and its attribution line names its writer by an address of a domain the mail is not written to. "" otherwise: the
    mail is read from its own words alone."""
    text = _as_text(body)[:_MAX_BODY]
    note = without_links(_own_words(text))
    points = _says_to_act(note)
    subject = _as_text(subject)[:_MAX_SUBJECT]
    forwarded = forwarded_lines(text, subject, forwarding=points)
    quoted = quoted_lines(text) if points and not forwarded else []
    if quoted:
        # A message quoted under "On ... wrote:" below a note saying to act on it: a colleague's draft or a customer's
        # words. Only one whose writer the attribution line names by address, of none of the domains the mail is
        # written to: the bot's own mail, quoted in a reply ("On ..., Registry Lock wrote:"), is never a request.
        sender = list(_emails(quoted_sender(text)))
        if not sender or _domain_written_to(sender[0], headers):
            return ""
    elif _answers(headers) and not (points and _forwarded_by_another(text, subject, headers)):
        return ""
    lines = quoted or forwarded
    if not lines:
        return ""
    zone_name = _zone(zone)
    domains = set(find_domains(note, zone_name))
    if _LEAVE_IT.search(note) or _ds_records(note) \
            or any(_is_nameserver(h, domains, zone_name) for h in _hostnames(note)):
        return ""
    return "\n".join(lines)


def unread_forward(body: str, subject: str, headers: Mapping[str, str], zone: str = "gov.uk") -> str:
    """Who wrote the message a reply on a ticket's thread forwards (mailbot.parse.own_words.forwarded_sender), when it
    forwards one that is not the mail it answers and that forwarded_request() does not read as its request: its note
    does not say to act on it. "" otherwise. A person reads such a message: it may ask for a change nobody made."""
    text = _as_text(body)[:_MAX_BODY]
    subject = _as_text(subject)[:_MAX_SUBJECT]
    if not _answers(headers) or not _forwarded_by_another(text, subject, headers) \
            or forwarded_request(body, subject, headers, zone):
        return ""
    return forwarded_sender(text, subject, forwarding=True) or "someone"


def _answers(headers: Mapping[str, str]) -> bool:
    """Whether the mail answers another: it has an In-Reply-To or References field."""
    return any(str(k).strip().lower() in ("in-reply-to", "references") and str(v).strip()
               for k, v in (headers or {}).items())


def _forwarded_by_another(text: str, subject: str, headers: Mapping[str, str]) -> bool:
    """Whether the message a reply forwards (its note taken to say so) names a sender whose domain is none of those
    the reply is written to (To, Cc): then it is not the mail answered, which came from there."""
    sender = list(_emails(forwarded_sender(text, subject, forwarding=True)))
    return bool(sender) and not _domain_written_to(sender[0], headers)


def _domain_written_to(address: str, headers: Mapping[str, str]) -> bool:
    """Whether the address is of a domain the mail is written to (To, Cc)."""
    written_to = {a.rpartition("@")[2].lower() for k, v in (headers or {}).items()
                  if str(k).strip().lower() in ("to", "cc") for a in _emails(str(v))}
    return address.rpartition("@")[2].lower() in written_to


def _own_words(body: str) -> str:
    """The body without quoted reply text, the mail answered, the signature or a disclaimer (mailbot.parse.own_words,
    the one definition of the sender's own words); a quoted line leaves a blank one."""
    return "\n".join(own_raw_lines(body))


def extract_change(subject: str, body: str, headers: Mapping[str, str], zone: str = "gov.uk",
                   attached: Sequence[str] = ()) -> ChangeRequest:
    """What the mail asks for, domain by domain; `asks` is empty when no kind of change can be made out.
    `attached` are the texts of its text and CSV attachments, read as more of its lines."""
    zone_name = _zone(zone)
    subject = without_links(" ".join(_as_text(subject)[:_MAX_SUBJECT].split()))
    text = _own_words(_as_text(body)[:_MAX_BODY])
    if forwarded := forwarded_request(body, subject, headers, zone):
        text += "\n\n" + forwarded  # the request a registrar forwards with a note of its own above it
    # "ns5 below is wrong - it should read ns2.x.net": the sender's own corrections, applied before anything is read
    # (mailbot.parse.corrections); one that cannot be applied with certainty makes the whole mail one to ask about.
    as_written = text
    corrected = apply_corrections(text.split("\n"))
    if isinstance(corrected, Corrected):
        text = "\n".join(corrected.lines)
    text = without_undo_plans(without_commands(without_links(text)))
    extra = [without_commands(without_links(_as_text(a)[:_MAX_BODY])) for a in (attached or ())][:5]
    domains = find_domains("\n".join([subject, text, *extra]), zone_name)
    targets = set(domains)
    form, prose = _read_form(text)
    found: dict[str, list[str]] = {}
    emptied: set[str] = set()  # fields the mail's words say to empty
    emptied_for: dict[str, set[str]] = {}  # by field, the domains the sentences saying so name ("": none)
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
        for kind, values in _prose_changes(part, targets, zone_name, emptied, emptied_for).items():
            found.setdefault(kind, []).extend(values)
    changes = {kind: tuple(dict.fromkeys(found[kind])) for kind in FIELDS if kind in found}
    from mailbot.request_layouts import _read_layouts  # it reads with this module's names: imported once they are

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
                        and not any(read.roles[r] for r in ("new", "add", "remove", "plain")) \
                        and read.unread is None and len(domains) <= 1:
                    # "disable DNSSEC; the old record was ...": the prose says what becomes of the current ones. Not
                    # where a line of values could not be read (the prose's values would stand in for it), nor in a
                    # mail naming several domains (the prose's values are the whole mail's, whoever's they are).
                    asks.setdefault(domain, {})[kind] = Ask(new=changes[kind],
                                                            said_current=tuple(read.roles["current"]))
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
            # In a mail naming several domains, words emptying a field ("going unsigned, so please remove the DS
            # record of b.gov.uk") empty it of the domains they name; of all only when they name none.
            emptying = kind in emptied and (len(domains) <= 1 or bool(emptied_for.get(kind, set()) & {"", domain}))
            if kind in unread and not changes[kind]:
                unclear[domain] = f"{_FIELD_WORDS[kind]}s: the form gives {unread[kind]!r}, which is neither a " \
                                  f"value nor a word saying what is to become of them"
            elif len(domains) > 1 and changes[kind] and set(changes[kind]) <= {
                    v for d, fields in layouts.items() if d and kind in fields
                    for values in fields[kind].roles.values() for v in values}:
                # "for x.gov.uk only, please set this DS record:": the layouts placed them under their domain. Another
                # domain the words name in a sentence emptying the field is emptied ("add this DS to a.gov.uk" and
                # "remove the DS record of b.gov.uk").
                if emptying and "" not in emptied_for.get(kind, set()):
                    asks.setdefault(domain, {})[kind] = Ask(new=())
                continue
            elif len(domains) > 1 and changes[kind]:
                # Values the layouts gave no domain, in a mail naming several: whose they are is not a thing to
                # guess, and copying them to each would change domains nobody asked to change so.
                unclear[domain] = f"{_FIELD_WORDS[kind]}s: the mail names several domains and gives " \
                                  f"{', '.join(changes[kind])} without saying for which"
            elif changes[kind] or kind == "registrant" or emptying:
                asks.setdefault(domain, {})[kind] = Ask(new=changes[kind])
    if unread_digest := _digest_unread(text, extra, asks, unclear):
        # A DS record's digest in the sender's words that no reading placed: a change read without it would leave it
        # out. Every domain is asked about: whose it is, the reading did not say.
        for domain in domains or [""]:
            asks.pop(domain, None)  # a change is authorised whole
            unclear.setdefault(domain, f"DS records: {unread_digest[:16]}... could not be read as a record")
    kept = _kept_current(text) if any(a.new is not None for f in asks.values() for a in f.values()) else set()
    for domain, fields in list(asks.items()):
        for kind, ask in fields.items():
            if ask.new is not None and not ask.keep and not ask.said_current and kind in kept:
                # "Please enter the following DS record (keep the existing one)": whatever word the mail adds it
                # with, a whole new set read from it would take away what it says to keep.
                asks.pop(domain)
                unclear[domain] = f"{_FIELD_WORDS[kind]}s: the mail says to keep the current ones, and was read " \
                                  f"as giving the whole new set"
                break
    if isinstance(corrected, Unsure):
        for domain in domains or [""]:
            asks.pop(domain, None)
            unclear[domain] = f"the mail corrects itself, and the correction is not certain: {corrected.reason} " \
                              f"({corrected.sentence[:80]!r})"
    elif unsigned := _unsigned_correction(as_written):
        # Below a clear-signed message, words its signer did not sign correct it ("Correction: the second name server
        # should read ..."): whether the signed text or the correction stands is for a person to ask.
        for domain in domains or [""]:
            asks.pop(domain, None)
            unclear[domain] = "the mail corrects the text its sender signed (PGP) in words outside it: " \
                              f"{unsigned[:80]!r}"
    if asks and (hedge := hedged(text, targets, zone_name)):
        # "replace A with B - or it might be C": the writer is not sure of a value, so neither is the reading. Every
        # domain is asked about: a change is authorised whole.
        for domain in domains or [""]:
            asks.pop(domain, None)
            unclear.setdefault(domain, f"the mail is not sure of what it gives: {hedge!r}")
    return ChangeRequest(tuple(domains), asks, unclear, is_urgent(subject, headers))


# Words saying that the current records of a field stay ("keep the existing one", "retaining the current DS"), and
# what they name: the field, or "one", "ones", "records" of the field the sentence is about.
_KEEPS_CURRENT = re.compile(r"\b(?:keep|keeping|retain|retaining|leave|leaving)\s+(?:all\s+)?(?:of\s+)?"
                            r"(?:the|our|its|their)\s+(?:existing|current|old|present|live)\b(?P<what>[^.;:!?()\n]{0,30})",
                            re.I)


def _kept_current(text: str) -> set[str]:
    """The fields (name servers, DS records) whose current records the words say to keep."""
    masked = _masked(text)
    kept: set[str] = set()
    start = 0
    for end in [m.end() for m in _SENTENCE_END.finditer(masked)] + [len(masked)]:
        said, start = masked[start:end], end
        for match in _KEEPS_CURRENT.finditer(said):
            named = {k for k in ("nameservers", "ds") if _KEYWORDS[k].search(match["what"])}
            what = match["what"].split()
            if named or not what or re.fullmatch(r"(?:one|ones|records?|entr(?:y|ies)|set|values?)\W*", what[0], re.I):
                kept |= named or {k for k in ("nameservers", "ds") if _KEYWORDS[k].search(said)}
            # "keep the old zone running": something else the sender keeps
    return kept


def _unsigned_correction(text: str) -> str:
    """The words below a clear-signed message's signature (RFC 4880 7) that correct something ("Correction: the second
    name server should read ..."), or "". Words there that ask for a change of their own (a customer's message
    under a registrar's signed note) are read as any others are."""
    if PGP_END not in text:
        return ""
    below = text[text.index(PGP_END) + len(PGP_END):].split("\n")
    corrected = apply_corrections(below)
    if isinstance(corrected, Unsure):
        return corrected.sentence
    return ", ".join(f"{wrong} as {right}" for wrong, right in corrected.changes)


# Words by which a writer says they are not sure of what they give: "or it might be", "not sure", "possibly", "I
# think", "TBC", "if I remember rightly". Read in a text whose values are masked: a value's letters say nothing.
_HEDGE = re.compile(r"""\b(?:
      (?:or\s+)?(?:it|that|this|they|which|these|those|one)\s+(?:might|may|could)\s+(?:also\s+|well\s+|actually\s+)?be
    | might | or\s+(?:maybe|perhaps|possibly|probably|alternatively|else|rather|was\s+it|is\s+it)
    | maybe | perhaps | possibly | probably | presumably | supposedly | hopefully
    | (?:not|n't)\s+(?:(?:be|been|am|are|is|feel|too|very|entirely|completely|totally|quite|a\s+hundred\s+percent
        |100\s*%|fully|absolutely|yet|all\s+that|that)\s+){0,3}(?:sure|certain|confident|positive)
    | unsure | uncertain | unconfirmed | not\s+(?:yet\s+)?confirmed
    | to\s+be\s+(?:confirmed|advised|decided|determined|agreed)
    | tb[cad] | i\s+(?:think|believe|guess|assume|reckon|suppose|expect) | if\s+i\s+(?:remember|recall)\w* | iirc
    | from\s+memory | (?:can't|cannot|can\s+not|couldn't|could\s+not|don't|do\s+not)\s+(?:remember|recall|be\s+sure)
    | double[\s-]?check | (?:something|somewhere)\s+like | or\s+similar | or\s+thereabouts
    | if\s+(?:that'?s|that\s+is|it'?s|it\s+is|i'?ve\s+got\s+(?:it|that|them))\s+(?:right|correct)
    | unless | whichever | or\s+whatever | if\s+(?:you\s+)?(?:think|prefer|reckon|would\s+rather)
    | if\s+(?:that'?s|that\s+is|it'?s|it\s+is|those\s+are|they\s+are)\s+(?:easier|better|simpler|preferred)
    )(?![\w'])""", re.I | re.X)
# A value given one or the other ("A or B", "either A or B", "A, or possibly B"): which one is meant is a guess.
_VALUE_OR = re.compile(r"\W*(?:either\s+)?\W*or\W+(?:else\s+|possibly\s+|perhaps\s+|maybe\s+|probably\s+|even\s+)?\W*",
                       re.I)
# Words in a sentence of its own that point back at values given before it ("Not sure about the second one").
_POINTS_BACK = re.compile(r"\b(?:these|those|they|them|the\s+(?:above|latter|former|second|first|last|new|other)"
                          r"|(?:this|that|which|the)\s+(?:one|ones)|name\s*servers?|servers?|ns\d*|ds|records?|digests?"
                          r"|keys?|hosts?|values?|details)\b", re.I)
# A sentence's end inside a line, in a text whose values are masked.
_UNIT_END = re.compile(r"[.!?;](?=\s|$)")


def hedged(text: str, targets: set[str], zone: str) -> str:
    """The words by which the writer says they are not sure of a value they give, or "": a hedge in a sentence that
    gives a value, or in one that points back at the values of the sentence before it ("ns3.x.net. Not 100% sure
    about that one though."); or two values one or the other of which is meant ("A or B")."""
    masked = _masked(text)
    units: list[tuple[str, str]] = []  # (the sentence as written, masked)
    at = 0
    for line in masked.split("\n"):
        start = 0
        for end in [m.end() for m in _UNIT_END.finditer(line)] + [len(line)]:
            if line[start:end].strip():
                units.append((text[at + start:at + end], line[start:end]))
            start = end
        at += len(line) + 1
    gave_before = False
    for said, hidden in units:
        values = [m for m in _RUN.finditer(said) if (h := normalise_domain(m.group().rstrip(_DOTS + ":,;?")))
                  and _is_nameserver(h, targets, zone)]
        gives = bool(values) or bool(_ds_records(said)) or bool(key_tag_refs(said))
        hedge = _HEDGE.search(hidden)
        # A short aside after the values ("(to be confirmed by the supplier)", "Possibly.") is about them, as words
        # pointing back at them are; "I think that's everything" is about the mail.
        aside = gave_before and hedge and not hedge.group().lower().startswith("i ") \
            and (hidden.lstrip().startswith(("(", "[")) or len(hidden.split()) <= 8)
        if hedge and (gives or aside or (gave_before and _POINTS_BACK.search(hidden))) \
                or gives and re.search(r"[^\s?]\?{2,}", hidden):  # "ns2.x.net??"
            return " ".join(said.split())[:80]
        for one, other in zip(values, values[1:]):
            between = said[one.end():other.start()]
            if _VALUE_OR.fullmatch(between) or re.search(r"\beither\W*$", said[:one.start()], re.I) \
                    and re.search(r"\bor\b", between, re.I):
                return " ".join(said.split())[:80]
        gave_before = gives
    return ""


# A digest as registrars paste it: a run of hex digits, in one piece or in groups, at least a SHA-1's 40.
_DIGEST_RUN = re.compile(r"(?<![0-9A-Za-z])[0-9A-Fa-f]{8,}"
                         r"(?:(?:[ \t(]*\n[ \t(]*|[ \t(]+)[0-9A-Fa-f]{8,}(?![0-9A-Za-z]))*(?![0-9A-Za-z])")


def _digest_unread(text: str, extra: Sequence[str], asks: dict[str, dict[str, Ask]], unclear: dict[str, str]) -> str:
    """A digest in the words (40 hex digits or more) that no DS value read holds, or ""; nothing when the reading is
    already unclear for every domain."""
    read = " ".join(v for fields in asks.values() for kind, ask in fields.items() if kind == "ds"
                    for v in (*(ask.new or ()), *ask.add, *ask.remove, *ask.said_current, *ask.keep)).upper()
    for source in (text, *extra):
        for run in _DIGEST_RUN.finditer(source):
            digest = re.sub(r"[^0-9A-Fa-f]", "", run.group()).upper()
            # A digest has letters among its digits (a long number is a phone or an account number).
            if len(digest) >= 40 and re.search(r"[A-F]", digest) and digest[:40] not in read.replace(" ", ""):
                if not asks and unclear:
                    return ""
                return digest
    return ""
