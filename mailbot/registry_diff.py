"""Registry records -> import: the difference between a registry file and the records held, item by item, and which
items an import may never make because they touch the lock.

Pure: it compares two plain descriptions of the records (`Records`), one read from the database and one from the
file, and says for each difference what it is, where, the value before and after, and, when refused, why and
which flow makes that change instead. The seed: the lock prevents "changes being made to your domain records and
contact details ... until they are verified by an authorised team"; so a domain's lock, its lock (security)
contacts, and a locked domain's name servers, DS records, registrant and organisation change only through a
ticket whose history shows who asked, who verified and who approved.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

# The flows that make, with a ticket, the changes an import may not.
SIGN_UP = "sign-up"
CANCELLATION = "cancellation"
CONTACT_CHANGE = "contact change"
CHANGE_REQUEST = "change request"
MOVE = "cancellation by the organisation that holds it, then a sign-up by the other"

# Why: what the flow does that an import cannot.
LOCKED_BY_SIGN_UP = "a domain is locked only when GDS approves its organisation's sign-up"
UNLOCKED_BY_CANCELLATION = ("a domain leaves Registry Lock only by a cancellation: GDS reviews it, and the "
                            "organisation is told the risk")
MOVED_BY_CANCELLATION_AND_SIGN_UP = ("a locked domain keeps its organisation's lock contacts until GDS approves a "
                                     "cancellation and a sign-up")
NAMED_AT_SIGN_UP = "an organisation names its lock contacts when it signs up, and GDS checks them"

DOMAIN_FIELDS = ("locked", "organisation", "registrar", "registrant", "nameservers", "ds", "whois_contacts")
# Sets of values, whose order means nothing: the same records in another order are no difference.
UNORDERED = ("nameservers", "ds", "whois_contacts")
# What a change request verifies by phone with the lock contacts (mailbot.workflow): of a locked domain, these
# change only that way.
LOCKED_RECORDS = {"nameservers": "name servers", "ds": "DS records", "registrant": "registrant"}


@dataclass
class Records:
    """The registry records as plain values: registrar -> its addresses; organisation -> its contacts,
    (role, email) -> {"phone", "name"}; domain -> its fields (DOMAIN_FIELDS, organisation and registrar by name)."""

    registrars: dict[str, set[str]] = field(default_factory=dict)
    contacts: dict[str, dict[tuple[str, str], dict]] = field(default_factory=dict)
    domains: dict[str, dict] = field(default_factory=dict)

    def locked_domains(self, organisation: str) -> list[str]:
        return sorted(n for n, d in self.domains.items() if d["organisation"] == organisation and d["locked"])


@dataclass(frozen=True)
class Item:
    """One difference: `what` changes at `where`, from `before` to `after`. `subject` is the registrar,
    organisation or domain it belongs to; `key` what the writer needs to find it (a contact's role and address,
    a domain's field). A refused item says why, and the flow to use instead."""

    what: str
    where: str
    before: object
    after: object
    subject: str
    key: tuple = ()
    refused: str | None = None
    flow: str | None = None

    def as_json(self) -> dict:
        out = asdict(self)
        del out["key"], out["subject"]
        return out

    def line(self) -> str:
        """what where: before -> after, and for a refused item why and the flow to use."""
        return line(self.as_json())


def line(item: dict) -> str:
    """One difference, as `mailbot registry import` prints it: what where: before -> after (: refused: why; use
    a flow)."""
    text = f"{item['what']} {item['where']}: {shown(item['before'])} -> {shown(item['after'])}"
    return f"{text}: refused: {item['refused']}; use a {item['flow']}" if item["refused"] else text


def shown(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "locked" if value else "unlocked"
    if isinstance(value, (list, tuple, set)):
        return "[" + ", ".join(map(str, sorted(value) if isinstance(value, set) else value)) + "]"
    if isinstance(value, dict):
        return "; ".join(f"{k} {shown(v)}" for k, v in value.items())
    return str(value)


def difference(held: Records, wanted: Records) -> list[Item]:
    """Every difference that importing `wanted` would make to `held`: registrars, then organisations and their
    contacts, then domains, in the file's order. Registrars, organisations and domains `wanted` does not name are
    kept, so they make none."""
    items = []
    for name, emails in wanted.registrars.items():
        if name not in held.registrars:
            items.append(Item("registrar", name, None, sorted(emails), name))
        elif emails != held.registrars[name]:
            items.append(Item("registrar.emails", name, sorted(held.registrars[name]), sorted(emails), name))
    for org, contacts in wanted.contacts.items():
        if org not in held.contacts:
            items.append(Item("organisation", org, None, "added", org))
        items += _contacts(held, org, held.contacts.get(org, {}), contacts)
    for name, after in wanted.domains.items():
        before = held.domains.get(name)
        items += _new_domain(name, after) if before is None else _domain(name, before, after)
    return items


def _contacts(held: Records, org: str, before: dict, after: dict) -> list[Item]:
    items = []
    for key in [*[k for k in before if k not in after], *after]:
        role, email = key
        where = f"{org}: {role} {email}"
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        if old is None or new is None:
            found = [Item("contact", where, old, new, org, key)]
        else:
            found = [Item(f"contact.{f}", where, old[f], new[f], org, key) for f in ("phone", "name")
                     if old[f] != new[f]]
        if role == "security":
            # A lock contact is who the operator phones to verify every change: swapping one, or its number, is
            # the hijack the lock is there to stop. An organisation with no locked domain names them by signing up.
            locked = held.locked_domains(org)
            if locked:
                why = (f"the lock contacts of {', '.join(locked)} change only when the present ones have verified "
                       "it by phone and GDS has approved it")
                flow = CONTACT_CHANGE
            else:
                why, flow = NAMED_AT_SIGN_UP, SIGN_UP
            found = [Item(i.what, i.where, i.before, i.after, i.subject, i.key, why, flow) for i in found]
        items += found
    return items


def _new_domain(name: str, after: dict) -> list[Item]:
    values = {k: v for k, v in after.items() if v not in (None, [])}
    if after["locked"]:
        return [Item("domain", name, None, values, name, (), LOCKED_BY_SIGN_UP, SIGN_UP)]
    return [Item("domain", name, None, values, name)]


def _domain(name: str, before: dict, after: dict) -> list[Item]:
    items = []
    for f in DOMAIN_FIELDS:
        old, new = before[f], after[f]
        if (set(old) == set(new)) if f in UNORDERED else old == new:
            continue
        refused = flow = None
        if f == "locked":
            refused, flow = (UNLOCKED_BY_CANCELLATION, CANCELLATION) if old else (LOCKED_BY_SIGN_UP, SIGN_UP)
        elif before["locked"] and f in LOCKED_RECORDS:
            refused = (f"the {LOCKED_RECORDS[f]} of a locked domain change only when its lock contacts have "
                       "verified the change by phone")
            flow = CHANGE_REQUEST
        elif before["locked"] and f == "organisation":
            refused, flow = MOVED_BY_CANCELLATION_AND_SIGN_UP, MOVE
        items.append(Item(f"domain.{f}", name, old, new, name, (f,), refused, flow))
    return items
