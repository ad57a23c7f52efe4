"""Parse (change request): the simple form (docs/mail-routing.md): one field a line, `Name: value`, values separated
by commas, spaces or new lines. These are the accepted names, case-insensitive, after "(s)" is dropped, "-", "_" and "/"
read as spaces, a leading "new", "requested" or "proposed" dropped and a trailing number dropped ("Nameserver 1",
"NS2"):

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
"""

import re

from mailbot.parse.change_request.ds_records import DS_FIELD_AT
from mailbot.parse.change_request.values import BULLET_MARKS, LINE_SHAPES

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
_FORM_LINE = re.compile(rf"[ \t]*(?:[{BULLET_MARKS}][ \t]*)?(?P<name>[A-Za-z][A-Za-z0-9 ()/_-]{{0,40}}?)"
                        r"[ \t]*:[ \t]*(?P<value>.*)")
# A form's value saying the field stays as it is, in any of the words that say so: matched to the stripped value.
# The field may be named in it ("no change to the DS record", "leave the existing DS as is", "DS unchanged").
_THE_FIELD = r"""(?:(?:(?:the|our|its|any|existing|current|present)\s+){0,2}(?:ds(?:\s+records?)?
    |dnssec(?:\s+settings?)?|keys?|records?|settings?|name\s*servers?|ns|contacts?|registrant|ones?|it|them)|(?:the\s+)?(?:existing|current|present))"""
NO_CHANGE = re.compile(rf"""(?:n/?a|not\s+applicable|-+|nothing(?:\s+to\s+change)?
    |(?:no|not)\s+(?:changes?|changing|action)(?:\s+(?:to|for|of|on|in)\s+{_THE_FIELD})?(?:\s+(?:required|needed|requested))?
    |unchanged|unaltered|(?:{_THE_FIELD}\s+)?(?:unchanged|unaltered|as\s+(?:is|before|now))
    |(?:leave|keep|retain)(?:\s+{_THE_FIELD})?(?:\s+(?:as\s+is|alone|unchanged|the\s+same|in\s+place|as\s+
        (?:before|now|it\s+is|they\s+are)))?|as\s+(?:is|before|now)|(?:the\s+)?same(?:\s+as\s+
        (?:before|now|current|existing))?|(?:{_THE_FIELD}\s+)?(?:stays?|remains?)(?:\s+(?:as\s+is|the\s+same|unchanged))?)?
    [.!]?""", re.I | re.X)
# A form's value that empties the field: only these words do; other words without a value are asked about.
EMPTIED = re.compile(r"""(?:none|nil|remove[ds]?|delete[ds]?|disable|withdrawn?
    |no\s+(?:ds|dnssec)(?:\s+records?)?)(?:\s+all)?\.?""", re.I | re.X)
# A DNSSEC field saying the domain is not signed ("not in use", "not signed", "off", a DNS console's "DNSSEC: Off"):
# what the domain has, in the writer's view, and no request. Of a domain with no DS record it changes nothing; of one
# with a DS record, whether that is to go the bot asks (Ask.stated): only words asking it remove a record.
UNSIGNED = re.compile(r"""(?:disabled|unsigned|inactive|off|no
    |not\s+(?:currently\s+)?(?:in\s+use|used|signed|enabled|active|on|set\s+up|configured))\.?""", re.I | re.X)


def form_kind(name: str) -> str | None:
    """The field a form's name is accepted under; of a name given in two languages ("Serveur DNS 1 / Nameserver 1",
    "Nom de domaine / Domain"), the field its one known half names, when no half says a role ("Old NS / New NS" is two
    labels, not one in two languages)."""
    kind = _kind_of(name)
    if kind is None and " / " in name and not _ROLE_HINT.search(name):
        kinds = {_kind_of(half) for half in name.split(" / ")} - {None}
        kind = kinds.pop() if len(kinds) == 1 else None
    return kind


_ROLE_HINT = re.compile(r"\b(?:old|current|existing|present|previous|actual|new|add|added|remove|removed|delete|deleted"
                        r"|keep|kept|was|now|from|to|before|after|target|requested|proposed|desired)\b", re.I)


def _kind_of(name: str) -> str | None:
    key = " ".join(re.sub(r"[-_/]", " ", name.lower().replace("(s)", "")).split())
    key = re.sub(r"\s*\d+$", "", re.sub(r"^(?:new|requested|proposed)\s+", "", key))
    return FORM_NAMES.get(key)


def _continues(kind: str, line: str, has_value: bool) -> bool:
    if not line.strip():  # blank lines only between an empty "Nameservers:" and its list
        return kind in LINE_SHAPES and not has_value
    return line[0] in " \t" or (kind in LINE_SHAPES and LINE_SHAPES[kind](line))


def read_simple_form(text: str) -> tuple[dict[str, str], str]:
    """The form's fields (kind -> raw value text) and the prose left, with form lines blanked."""
    fields: dict[str, list[str]] = {}
    prose: list[str] = []
    current, has_value = None, False
    for line in text.split("\n"):
        match = _FORM_LINE.fullmatch(line)
        kind = form_kind(match["name"]) if match else None
        if kind:
            current, has_value = kind, bool(match["value"].strip())
            # A DS record's field keeps its label, by which it is read ("Algorithm: ..." is no key tag).
            labelled = kind == "ds" and DS_FIELD_AT.fullmatch(match["name"].strip() + ":")
            fields.setdefault(kind, []).append(line if labelled else match["value"])
        elif current and _continues(current, line, has_value):
            fields[current].append(line)
            has_value = has_value or bool(line.strip())
        else:
            current = None
            prose.append(line)
            continue
        prose.append("")
    return {kind: _unchanged_once("\n".join(lines)) for kind, lines in fields.items()}, "\n".join(prose)


def _unchanged_once(raw: str) -> str:
    """A field's value as one "no change" when two labels of the field each say it stays ("DNSSEC: unchanged" and "DS
    records: no change"): read as one, the two would be words that are neither a value nor a word of no change."""
    lines = [line.strip() for line in raw.split("\n") if line.strip()]
    return lines[0] if len(lines) > 1 and all(NO_CHANGE.fullmatch(line) for line in lines) else raw
