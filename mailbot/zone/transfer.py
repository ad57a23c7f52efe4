"""Zone watch, the edge: a zone transfer (AXFR, RFC 5936) over TCP, read as it arrives, keeping only the origin's
SOA serial and the NS and DS records of the names asked for.

dnspython parses every record of every message into objects, some 150 microseconds a record: a transfer of a
million delegations would take minutes. Here each record's owner name is read from the wire and the record skipped
unless its owner is asked for; what is kept is decoded by hand from its RDATA (RFC 1035 section 3.3.11 for NS, RFC
4034 section 5.1 for DS). TSIG (RFC 8945) is checked by dnspython itself (dns.tsig.validate) on every message that
carries one, the messages between carried in its running digest, as dnspython's own transfer does: the first and the
last message must be signed when a key is set, and a signature that does not verify ends the transfer."""

from __future__ import annotations

import socket
import struct
import time

import dns.exception
import dns.message
import dns.name
import dns.rcode
import dns.rdata
import dns.rdatatype
import dns.tsig
import dns.tsigkeyring

from mailbot.settings import ZoneSource

_SOA, _NS, _DS = int(dns.rdatatype.SOA), int(dns.rdatatype.NS), int(dns.rdatatype.DS)
_TSIG = int(dns.rdatatype.TSIG)
_HEADER = struct.Struct("!HHHHHH")
_RR = struct.Struct("!HHIH")


class TransferFailed(dns.exception.DNSException):
    """The server refused the transfer, or what it sent is not a whole, well-formed, correctly signed transfer."""


def transfer(source: ZoneSource, zone: str, wanted: set[bytes], timeout: float) -> tuple[int, dict]:
    """(the SOA serial, {owner: {"nameservers": set, "ds": set}}) for the `wanted` owners (lower case, as bytes,
    without the final dot) that the zone delegates."""
    origin = dns.name.from_text(zone, origin=dns.name.root)
    query = dns.message.make_query(origin, dns.rdatatype.AXFR)
    key = None
    if source.tsig is not None:
        keyring = dns.tsigkeyring.from_text({source.tsig.name: (source.tsig.algorithm, source.tsig.secret)})
        query.use_tsig(keyring, keyname=source.tsig.name, algorithm=source.tsig.algorithm)
        key = next(iter(keyring.values()))
    wire = query.to_wire()
    found: dict[bytes, dict[str, set]] = {}
    origin_key = zone.lower().rstrip(".").encode()
    with socket.create_connection((source.host, source.port), timeout=timeout) as sock:
        sock.sendall(struct.pack("!H", len(wire)) + wire)
        stream = sock.makefile("rb")
        serial, ctx, first = None, None, True
        while True:
            message = _read(stream, struct.unpack("!H", _read(stream, 2))[0])
            try:
                serial, done, signed, ctx = _message(message, query, key, ctx, origin_key, wanted, found, serial,
                                                     first)
            except (IndexError, struct.error):
                raise TransferFailed("a message of the transfer is cut short or malformed") from None
            if key is not None and first and not signed:
                raise TransferFailed("the first message of the transfer is not signed")
            first = False
            if done:
                if key is not None and not signed:
                    raise TransferFailed("the last message of the transfer is not signed")
                return serial, found


def _read(stream, size: int) -> bytes:
    data = stream.read(size)
    if len(data) != size:
        raise EOFError("the server closed the connection in the middle of the transfer")
    return data


def _message(message, query, key, ctx, origin_key, wanted, found, serial, first):
    """One message: the records kept into `found`; (serial, the final SOA seen, signed, the TSIG digest)."""
    ident, flags, qdcount, ancount, nscount, arcount = _HEADER.unpack_from(message, 0)
    if ident != query.id or not flags & 0x8000:
        raise TransferFailed("an answer that is not to our query")
    if flags & 0xF:
        raise TransferFailed(f"the server answered {dns.rcode.to_text(flags & 0xF)}")
    pos = 12
    for _ in range(qdcount):
        pos = _name(message, pos)[1] + 4
    done = False
    for index in range(ancount):
        owner, pos = _name(message, pos)
        rdtype, _rdclass, _ttl, rdlength = _RR.unpack_from(message, pos)
        start = pos + 10
        pos = start + rdlength
        if done:
            raise TransferFailed("records after the zone's closing SOA")
        if rdtype == _SOA and owner == origin_key:
            this = struct.unpack_from("!I", message, pos - 20)[0]
            if serial is None:
                if not (first and index == 0):
                    raise TransferFailed("the transfer does not begin with the zone's SOA")
                serial = this
                continue
            if this != serial:
                raise TransferFailed("the zone's closing SOA is not its opening one")
            done = True
        elif serial is None:
            raise TransferFailed("the transfer does not begin with the zone's SOA")
        elif rdtype == _NS and owner in wanted:
            found.setdefault(owner, {"nameservers": set(), "ds": set()})["nameservers"].add(
                _name(message, start)[0].decode("ascii", "replace"))
        elif rdtype == _DS and owner in wanted:
            keytag, algorithm, digest_type = struct.unpack_from("!HBB", message, start)
            found.setdefault(owner, {"nameservers": set(), "ds": set()})["ds"].add(
                f"{keytag} {algorithm} {digest_type} {message[start + 4:pos].hex().upper()}")
    for _ in range(nscount):
        pos = _skip(message, pos)
    signed = False
    for index in range(arcount):
        rr_start = pos
        owner, pos = _name(message, pos)
        rdtype, rdclass, _ttl, rdlength = _RR.unpack_from(message, pos)
        start = pos + 10
        pos = start + rdlength
        if rdtype != _TSIG:
            continue
        if key is None:
            raise TransferFailed("the transfer is signed, but no key is set (MAILBOT_ZONE_TSIG)")
        if index != arcount - 1:
            raise TransferFailed("a TSIG record that is not the message's last")
        rdata = dns.rdata.from_wire(rdclass, rdtype, message, start, rdlength)
        owner_name = dns.name.from_wire(message, rr_start)[0]
        try:
            ctx = dns.tsig.validate(message, key, owner_name, rdata, int(time.time()), query.mac, rr_start, ctx,
                                    True)
        except dns.exception.DNSException as e:
            raise TransferFailed(f"the transfer's TSIG signature does not verify ({type(e).__name__})") from None
        signed = True
    if pos != len(message):
        raise TransferFailed("junk after a message's last record")
    if not signed and ctx is not None:
        ctx.update(message)  # an unsigned message between signed ones: covered by the next signature
    return serial, done, signed, ctx


def _name(message: bytes, pos: int) -> tuple[bytes, int]:
    """The name at `pos` (RFC 1035 section 4.1.4: compressed or not), lower case, no final dot; and where the
    record goes on."""
    labels = []
    after = None
    limit = pos
    while True:
        length = message[pos]
        if length == 0:
            pos += 1
            break
        if length >= 0xC0:
            pointer = ((length & 0x3F) << 8) | message[pos + 1]
            if after is None:
                after = pos + 2
            if pointer >= limit:  # a pointer goes back, or it could loop
                raise TransferFailed("a compression pointer that does not point back")
            pos = limit = pointer
            continue
        if length > 63:
            raise TransferFailed("a label longer than 63 octets")
        labels.append(message[pos + 1:pos + 1 + length])
        pos += 1 + length
    return b".".join(labels).lower(), after if after is not None else pos


def _skip(message: bytes, pos: int) -> int:
    pos = _name(message, pos)[1]
    return pos + 10 + _RR.unpack_from(message, pos)[3]
