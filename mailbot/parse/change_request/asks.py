"""Parse (change request): what a mail asks, as the reader gives it: for each domain and field an Ask (a complete
new set, values to add or remove, values it calls current or says stay), held in a ChangeRequest."""

import hashlib
import json
from dataclasses import dataclass, field

from mailbot.parse.change_request.ds_records import ds_records
from mailbot.parse.change_request.names import normalise_domain

FIELDS = ("nameservers", "ds", "contacts", "registrant")


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
    # `new` is what the mail says the field holds ("DNSSEC: Off"), not a change asked for: a set other than the
    # registry's is asked about, never made
    stated: bool = False


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
            "domains": sorted({canonical_value("domain", d) for d in self.domains}),
            "changes": {f: sorted({canonical_value(f, v) for v in values}) for f, values in self.changes.items()},
        }
        text = json.dumps(canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
        return hashlib.sha256(text.encode("ascii")).hexdigest()


FIELD_NOUN = {"nameservers": "name server", "ds": "DS record", "contacts": "contact", "registrant": "registrant"}


def canonical_value(kind: str, value: str) -> str:
    text = " ".join(str(value).split())
    if kind in ("domain", "nameservers"):
        return normalise_domain(text) or text.lower()
    if kind == "ds":
        records = ds_records(text)
        return records[0] if len(records) == 1 else text.upper()
    return text.casefold()  # contacts and registrant: case carries no meaning
