"""Zone watch, the edge: reads the published zone from a zone file or by AXFR (TSIG-signed when a key is set),
streaming, and keeps only the NS and DS records of the domains asked for, with the zone's SOA serial.

Memory grows with the domains asked for, not with the zone: every other name is dropped as it is read. The only
side effect of this module is the reading; what it found is compared in mailbot.workflow.zone_watch.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import dns.exception
import dns.message
import dns.name
import dns.query
import dns.rcode
import dns.rdataclass
import dns.rdataset
import dns.rdatatype
import dns.tokenizer
import dns.transaction
import dns.tsigkeyring
import dns.zonefile

from mailbot.errors import MailbotError
from mailbot.settings import ZoneSource
from mailbot.zone.lines import kept_lines
from mailbot.zone.transfer import transfer

TIMEOUT = 30.0  # seconds for one message of a transfer, or for the SOA query
KEPT = (dns.rdatatype.NS, dns.rdatatype.DS)


class ZoneUnavailable(MailbotError):
    """The zone could not be read now (the server refused or did not answer, the transfer broke off, the file is
    unreadable or not a zone): a temporary failure, tried again at the next check, never an alarm."""

    exit_code = 3


@dataclass(frozen=True)
class Delegation:
    """A domain's delegation as the zone publishes it, in the forms the registry records hold: name servers lower
    case without the final dot, DS records as `keytag algorithm digest-type DIGEST` (digest in capitals); sorted."""

    nameservers: tuple[str, ...]
    ds: tuple[str, ...] = ()

    def as_records(self) -> dict[str, list[str]]:
        return {"nameservers": list(self.nameservers), "ds": list(self.ds)}


@dataclass(frozen=True)
class ZoneRead:
    """What one reading found: the SOA serial, and the delegation of each domain asked for that the zone has (a
    domain asked for and missing has no delegation in the zone)."""

    serial: int
    delegations: dict[str, Delegation]


def read_serial(source: ZoneSource, zone: str) -> int:
    """The zone's SOA serial now: asked of the server (signed as the transfer is), or read from the file's head."""
    if source.path is not None:
        return _read_file(source, zone, set(), serial_only=True).serial
    query = _signed(dns.message.make_query(_origin(zone), dns.rdatatype.SOA), source)
    try:
        answer = dns.query.tcp(query, source.host, port=source.port, timeout=TIMEOUT)
    except (OSError, EOFError, dns.exception.DNSException) as e:
        raise ZoneUnavailable(f"{source}: the SOA query failed: {_why(e)}") from None
    for rrset in answer.answer:
        if rrset.rdtype == dns.rdatatype.SOA and rrset.name == _origin(zone):
            return rrset[0].serial
    raise ZoneUnavailable(f"{source}: the server gave no SOA for {zone} ({dns.rcode.to_text(answer.rcode())})")


def read_zone(source: ZoneSource, zone: str, domains: Iterable[str]) -> ZoneRead:
    """The delegations of `domains` (names under `zone`) in the published zone, and its serial."""
    wanted = {dns.name.from_text(d, origin=None if d.endswith(".") else dns.name.root) for d in domains}
    if source.path is not None:
        return _read_file(source, zone, wanted)
    try:
        serial, found = transfer(source, zone, {_text(n).encode() for n in wanted}, TIMEOUT)
    except (OSError, EOFError, dns.exception.DNSException) as e:
        raise ZoneUnavailable(f"{source}: the zone transfer failed: {_why(e)}") from None
    return ZoneRead(serial=serial, delegations={
        name.decode("ascii", "replace"): _delegation(records["nameservers"], records["ds"])
        for name, records in found.items() if records["nameservers"]})


def _read_file(source: ZoneSource, zone: str, wanted: set, *, serial_only: bool = False) -> ZoneRead:
    manager = _Kept(_origin(zone), wanted, serial_only=serial_only)
    try:
        with open(source.path, encoding="utf-8", errors="replace") as f:
            # The SOA heads the zone: read from the file itself. For the delegations, only the lines that can hold
            # the apex's and the wanted names' records are parsed (mailbot.zone.lines).
            text = f if serial_only else "".join(kept_lines(f, zone, {_text(n) for n in wanted}))
            with manager.writer(True) as txn:
                tokens = dns.tokenizer.Tokenizer(text, str(source.path))
                dns.zonefile.Reader(tokens, dns.rdataclass.IN, txn, allow_include=False).read()
    except _SerialFound:
        pass
    except OSError as e:
        raise ZoneUnavailable(f"{source}: cannot read the zone file: {e.strerror}") from None
    except dns.exception.DNSException as e:
        raise ZoneUnavailable(f"{source}: not a zone file of {zone}: {_why(e)}") from None
    if manager.serial is None:
        raise ZoneUnavailable(f"{source}: the zone file has no SOA record for {zone}")
    return manager.found()


def _delegation(nameservers: set[str], ds: set[str]) -> Delegation:
    return Delegation(nameservers=tuple(sorted(nameservers)), ds=tuple(sorted(ds)))


def _text(name: dns.name.Name) -> str:
    return name.to_text(omit_final_dot=True).lower()


def _origin(zone: str) -> dns.name.Name:
    return dns.name.from_text(zone, origin=dns.name.root)


def _signed(query: dns.message.Message, source: ZoneSource) -> dns.message.Message:
    """The query signed with the TSIG key when one is set (RFC 8945); the answer is then checked against it."""
    key = source.tsig
    if key is not None:
        query.use_tsig(dns.tsigkeyring.from_text({key.name: (key.algorithm, key.secret)}), keyname=key.name,
                       algorithm=key.algorithm)
    return query


def _why(e: BaseException) -> str:
    text = str(e).strip() or type(e).__name__
    return text.splitlines()[0][:200]


class _SerialFound(Exception):
    """Ends reading a file's head once its SOA serial is known."""


class _Kept(dns.transaction.TransactionManager):
    """dnspython's transaction interface, keeping only the origin's SOA serial and the wanted names' NS and DS."""

    def __init__(self, origin: dns.name.Name, wanted: set, *, serial_only: bool = False):
        self.origin = origin
        self.wanted = wanted
        self.serial_only = serial_only
        self.serial: int | None = None
        self.kept: dict[tuple[dns.name.Name, int], dns.rdataset.Rdataset] = {}

    def reader(self):
        raise NotImplementedError("the zone is only written through, never read back")

    def writer(self, replacement: bool = False) -> _KeptTransaction:
        return _KeptTransaction(self, replacement, False)

    def get_class(self):
        return dns.rdataclass.IN

    def origin_information(self):
        return self.origin, False, self.origin

    def found(self) -> ZoneRead:
        by_name: dict[str, dict[int, dns.rdataset.Rdataset]] = {}
        for (name, rdtype), rdataset in self.kept.items():
            by_name.setdefault(name.to_text(omit_final_dot=True).lower(), {})[rdtype] = rdataset
        delegations = {}
        for name, sets in by_name.items():
            ns = sets.get(dns.rdatatype.NS)
            if ns is None:
                continue  # DS records without NS: no delegation (the zone would not load)
            ds = sets.get(dns.rdatatype.DS, ())
            delegations[name] = _delegation(
                {r.target.to_text(omit_final_dot=True).lower() for r in ns},
                {f"{r.key_tag} {r.algorithm} {r.digest_type} {r.digest.hex().upper()}" for r in ds})
        return ZoneRead(serial=self.serial, delegations=delegations)


class _KeptTransaction(dns.transaction.Transaction):
    """Drops every record but those _Kept keeps, as it is read: a file's Reader and an AXFR write through this."""

    def _get_rdataset(self, name, rdtype, covers):
        return self.manager.kept.get((name, rdtype)) if name in self.manager.wanted else None

    def _put_rdataset(self, name, rdataset):
        manager = self.manager
        if rdataset.rdtype == dns.rdatatype.SOA and name == manager.origin:
            manager.serial = rdataset[0].serial
            if manager.serial_only:
                raise _SerialFound
        elif rdataset.rdtype in KEPT and name in manager.wanted:
            manager.kept[(name, rdataset.rdtype)] = rdataset

    def _delete_name(self, name):
        for rdtype in KEPT:
            self.manager.kept.pop((name, rdtype), None)

    def _delete_rdataset(self, name, rdtype, covers):
        self.manager.kept.pop((name, rdtype), None)

    def _name_exists(self, name):
        return any((name, rdtype) in self.manager.kept for rdtype in KEPT)

    def _changed(self):
        return True

    def _end_transaction(self, commit):
        pass

    def _set_origin(self, origin):
        pass

    def _iterate_rdatasets(self):
        for (name, _), rdataset in self.manager.kept.items():
            yield name, rdataset

    def _iterate_names(self):
        return iter({name for name, _ in self.manager.kept})

    def _get_node(self, name):
        return None
