"""Registry records: `mailbot registry import FILE.json` loads registrars, organisations, contacts and domains, and
afterwards reconciles the records with the file.

The file is checked whole before anything is written, and written in one transaction: a bad file changes
nothing. Into a registry that holds no organisation yet, the file is the first load (the pilot's members as they
are) and is written whole. After that, an import is the difference to the records held (mailbot.registry_diff):
what touches the lock is refused, and then the whole file with it; the rest is written only when asked, each
item an event on the registry's history (mailbot.audit). Importing the same file again changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Collection
from datetime import datetime
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
)
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from mailbot import audit
from mailbot.clock import SystemClock
from mailbot.errors import InputError
from mailbot.parse.change_request.names import checked_domain, normalise_domain
from mailbot.policy.addresses import check_contact, check_lock_contacts
from mailbot.registry_diff import Item, Records, difference
from mailbot.registry_write import apply_difference, write_all
from mailbot.rules import ContactPolicy
from mailbot.store.models import (
    Domain,
    Organisation,
    Registrar,
    RegistrarEmail,
)

ROLES = ("security", "technical", "support", "notify")
_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_PHONE = re.compile(r"^\+?[0-9 ().-]+$")
# Digest lengths in hex of the DS digest types in use (RFC 4034 SHA-1, RFC 4509 SHA-256, RFC 6605 SHA-384).
_DS_DIGEST_HEX = {1: 40, 2: 64, 4: 96}


def _email(v: str) -> str:
    if not isinstance(v, str) or not _EMAIL.match(v.strip()):
        raise ValueError(f"not an email address: {v!r}")
    return v.strip().lower()


def _host(v: str) -> str:
    name = normalise_domain(v)
    # A name server is a host in some zone: a single label such as "ns1" cannot be delegated to.
    if name is None or "." not in name:
        raise ValueError(f"not a host name: {v!r}")
    return name


def _ds(v: str) -> str:
    """keytag algorithm digest-type digest (RFC 4034 section 5.3), with single spaces and the digest in capitals."""
    parts = v.split()
    if len(parts) != 4 or not all(re.fullmatch(r"[0-9]{1,5}", p) for p in parts[:3]) \
            or not re.fullmatch(r"[0-9A-Fa-f]+", parts[3]):
        raise ValueError(f"not a DS record (keytag algorithm digest-type digest): {v!r}")
    keytag, algorithm, digest_type = (int(p) for p in parts[:3])
    if keytag > 65535 or algorithm > 255 or digest_type > 255:
        raise ValueError(f"not a DS record (key tag 0-65535, algorithm and digest type 0-255): {v!r}")
    want = _DS_DIGEST_HEX.get(digest_type)
    if want is not None and len(parts[3]) != want:
        raise ValueError(f"not a DS record (a digest of type {digest_type} has {want} hex digits): {v!r}")
    if len(parts[3]) % 2:
        raise ValueError(f"not a DS record (the digest is an odd number of hex digits): {v!r}")
    return f"{keytag} {algorithm} {digest_type} {parts[3].upper()}"


def _phone(v: str | None) -> str | None:
    if v is None or not v.strip():
        return None
    digits = sum(ch.isdigit() for ch in v)
    # The operator dials this number to verify a change: it must be a whole number (E.164 allows up to 15 digits).
    if not _PHONE.match(v.strip()) or not 7 <= digits <= 15:
        raise ValueError(f"not a phone number: {v!r}")
    return v.strip()


Email = Annotated[str, AfterValidator(_email)]
Host = Annotated[str, AfterValidator(_host)]
DSRecord = Annotated[str, AfterValidator(_ds)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class RegistrarIn(_Strict):
    name: str = Field(min_length=1)
    emails: list[Email] = Field(min_length=1)


class ContactIn(_Strict):
    role: Literal["security", "technical", "support", "notify"]
    email: Email
    phone: Annotated[str | None, AfterValidator(_phone)] = None
    name: str | None = None


class DomainIn(_Strict):
    name: str
    locked: bool
    registrar: str | None = None
    registrant: str | None = None
    nameservers: list[Host] = []
    ds: list[DSRecord] = []
    whois_contacts: list[Email] = []

    _name = field_validator("name")(lambda cls, v: checked_domain(v))


class OrganisationIn(_Strict):
    name: str = Field(min_length=1)
    contacts: list[ContactIn] = []
    domains: list[DomainIn] = []


class RegistryFile(_Strict):
    registrars: list[RegistrarIn] = []
    organisations: list[OrganisationIn] = []


def _where(data: dict, loc: tuple) -> str:
    """organisations[0] (HM Revenue and Customs).domains[1] (hmrc.gov.uk).registrar"""
    out, node = [], data
    for part in loc:
        if isinstance(part, int):
            out[-1] += f"[{part}]"
            node = node[part] if isinstance(node, list) and part < len(node) else None
            label = (node.get("name") or node.get("email")) if isinstance(node, dict) else None
            if isinstance(label, str) and label.strip():
                label = label.strip()
                out[-1] += f" ({label})"
        else:
            out.append(str(part))
            node = node.get(part) if isinstance(node, dict) else None
    return ".".join(out)


def load_file(path: str, zone: str, *, policy: ContactPolicy | None = None,
              allowed: Collection[str] = ()) -> RegistryFile:
    return _load(path, zone, policy, allowed)[0]


def _load(path: str, zone: str, policy: ContactPolicy | None, allowed: Collection[str]) -> tuple[RegistryFile, str]:
    """The file checked whole, and the SHA-256 of its bytes (the history names the file each change came from)."""
    try:
        raw = Path(path).read_bytes()
        data = json.loads(raw.decode("utf-8"))
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise InputError(f"{path}: not valid JSON: {e}") from None
    if not isinstance(data, dict):
        raise InputError(f"{path}: expected an object with `registrars` and `organisations`")
    try:
        parsed = RegistryFile.model_validate(data)
    except ValidationError as e:
        err = e.errors()[0]
        msg = "unknown field" if err["type"] == "extra_forbidden" else err["msg"].removeprefix("Value error, ")
        raise InputError(f"{path}: {_where(data, err['loc'])}: {msg}") from None
    _check(parsed, path, zone, policy if policy is not None else ContactPolicy(), allowed)
    return parsed, hashlib.sha256(raw).hexdigest()


def _check(f: RegistryFile, path: str, zone: str, policy: ContactPolicy, allowed: Collection[str]) -> None:
    zone = normalise_domain(zone) or zone
    registrars, emails, domains, orgs = set(), {}, set(), set()
    for i, r in enumerate(f.registrars):
        if r.name in registrars:
            raise InputError(f"{path}: registrars[{i}] ({r.name}): listed twice")
        registrars.add(r.name)
        for k, e in enumerate(r.emails):
            owner = emails.setdefault(e, r.name)
            if owner != r.name:
                raise InputError(f"{path}: registrars[{i}] ({r.name}).emails[{k}]: {e} also belongs to {owner}")
            if e in r.emails[:k]:
                raise InputError(f"{path}: registrars[{i}] ({r.name}).emails[{k}]: {e} listed twice")
    for i, o in enumerate(f.organisations):
        where = f"{path}: organisations[{i}] ({o.name})"
        if o.name in orgs:
            raise InputError(f"{where}: listed twice")
        orgs.add(o.name)
        contacts = set()
        for k, c in enumerate(o.contacts):
            if (c.role, c.email) in contacts:
                raise InputError(f"{where}.contacts[{k}] ({c.email}): listed twice as a {c.role} contact")
            contacts.add((c.role, c.email))
            # The seed: no personal addresses and no individuals' workplace addresses, for any of the contacts.
            refusal = check_contact(c.email, policy, names=[c.name] if c.name else (), allowed=allowed)
            if refusal is not None:
                raise InputError(f"{where}.contacts[{k}] ({c.email}).email: {refusal}")
        security = [c for c in o.contacts if c.role == "security"]
        for j, d in enumerate(o.domains):
            at = f"{where}.domains[{j}] ({d.name})"
            if not d.name.endswith("." + zone) or d.name.count(".") != zone.count(".") + 1:
                raise InputError(f"{at}.name: not a domain directly under .{zone}")
            if d.name in domains:
                raise InputError(f"{at}.name: listed twice")
            domains.add(d.name)
            if d.registrar is not None and d.registrar not in registrars:
                raise InputError(f"{at}.registrar: unknown registrar {d.registrar!r} (not in `registrars`)")
            if d.locked and not any(c.phone for c in security):
                raise InputError(f"{at}.locked: a locked domain needs a security contact with a phone number")
            # The seed: Registry Lock contacts must differ from any published in WHOIS.
            refusals = check_lock_contacts((c.email for c in security), {d.name: d.whois_contacts})
            if refusals:
                raise InputError(f"{at}.whois_contacts: {refusals[0].reason} {refusals[0].advice}")


class ImportRefused(InputError):
    """An import with differences that touch the lock: refused whole, nothing written; each item is named."""

    def __init__(self, path: str, items: list[Item]):
        self.lines = [f"{path}: {item.line()}" for item in items]
        super().__init__(f"{path}: refused whole, nothing written: {len(items)} difference(s) touch the lock; "
                         f"the first: {items[0].line()}")


def import_file(session, path: str, zone: str, *, policy: ContactPolicy | None = None,
                allowed: Collection[str] = (), apply: bool = True, actor: str = "registry import",
                at: datetime | None = None) -> dict:
    """Check the whole file (contacts against `policy`, the default ContactPolicy() if None, accepting the
    addresses operators have `allowed`), then: into a registry with no organisation yet, write it whole (the
    first load); else reconcile, and with `apply` write the difference, or raise ImportRefused when any item of
    it touches the lock. Every write is an event on the registry's history, by `actor` at `at`."""
    f, sha256 = _load(path, zone, policy, allowed)
    _check_addresses_free(session, f, path)
    at = at or SystemClock().now()
    reason = f"registry import of {Path(path).name} (SHA-256 {sha256})"
    counts = {"registrars": len(f.registrars), "organisations": len(f.organisations),
              "contacts": sum(len(o.contacts) for o in f.organisations),
              "domains": sum(len(o.domains) for o in f.organisations)}
    items = difference(held_records(session), _file_records(f))
    if session.scalar(select(Organisation.id).limit(1)) is None:
        changed = write_all(session, f)
        audit.registry_extend(session, at=at, actor=actor, events=[
            *(_event(item, reason) for item in items if item.what.startswith("registrar")),
            *(("organisation_loaded", o.name, f"first load: {reason}", o.model_dump()) for o in f.organisations)])
        return {**counts, "changed": changed}
    refused = [i for i in items if i.refused]
    if apply and refused:
        raise ImportRefused(path, refused)
    if apply:
        apply_difference(session, items)
        audit.registry_extend(session, at=at, actor=actor, events=[_event(item, reason) for item in items])
    return {**counts, "initial": False, "applied": apply, "changed": apply and bool(items),
            "differences": [i.as_json() for i in items]}


def _event(item: Item, reason: str) -> tuple[str, str, str, dict]:
    """A difference as an event of the registry's history: (kind, subject, reason, data)."""
    return item.what, item.subject, reason, {"where": item.where, "before": item.before, "after": item.after}


def _check_addresses_free(session, f: RegistryFile, path: str) -> None:
    """An address held by a registrar the file does not list cannot be taken from it: refused before any write."""
    owners = {r.name for r in f.registrars}
    for i, r in enumerate(f.registrars):
        for k, address in enumerate(r.emails):
            held = session.scalar(select(RegistrarEmail).where(RegistrarEmail.email == address))
            if held is not None and held.registrar.name not in owners:
                raise InputError(f"{path}: registrars[{i}] ({r.name}).emails[{k}]: {address} belongs to "
                                 f"{held.registrar.name}, which this file does not list")


def held_records(session) -> Records:
    """The registry records in the database, as the difference compares them. The domains' rows are read first and
    held until the transaction ends (FOR UPDATE; SQLite writes one transaction at a time): a sign-up or
    cancellation approved meanwhile waits for the import, or the import for it, and is never compared stale."""
    records = Records()
    for d in session.scalars(select(Domain).options(joinedload(Domain.organisation), joinedload(Domain.registrar))
                             .with_for_update(of=Domain)):
        records.domains[d.name] = {
            "locked": bool(d.locked), "organisation": d.organisation.name if d.organisation else None,
            "registrar": d.registrar.name if d.registrar else None, "registrant": d.registrant,
            "nameservers": list(d.nameservers or []), "ds": list(d.ds or []),
            "whois_contacts": list(d.whois_contacts or [])}
    for reg in session.scalars(select(Registrar).options(selectinload(Registrar.emails))):
        records.registrars[reg.name] = {e.email for e in reg.emails}
    for org in session.scalars(select(Organisation).options(selectinload(Organisation.contacts))):
        records.contacts[org.name] = {(c.role, c.email): {"phone": c.phone, "name": c.name} for c in org.contacts}
    return records


def _file_records(f: RegistryFile) -> Records:
    records = Records()
    for r in f.registrars:
        records.registrars[r.name] = set(r.emails)
    for o in f.organisations:
        records.contacts[o.name] = {(c.role, c.email): {"phone": c.phone, "name": c.name} for c in o.contacts}
        for d in o.domains:
            records.domains[d.name] = {"locked": d.locked, "organisation": o.name, "registrar": d.registrar,
                                       "registrant": d.registrant, "nameservers": d.nameservers, "ds": d.ds,
                                       "whois_contacts": d.whois_contacts}
    return records
