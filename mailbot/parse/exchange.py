"""Parse: a message read in a parser process (mailbot.parser_processes), both sides of the exchange: what the acting
process asks (parse(), parse_many(), request()) and what the parser process answers (answer(), as mailbot.parse.worker
calls it), the message as mailbot.parse.mail reads it, sent as JSON (to_wire(), from_wire()): data, never code."""

from __future__ import annotations

import dataclasses
import json
import logging
import struct
from datetime import datetime

import orjson

from mailbot import parser_processes
from mailbot.parse.change_request.asks import Ask, ChangeRequest
from mailbot.parse.change_request.reader import extract_change
from mailbot.parse.change_request.requested import requested_words
from mailbot.parse.dsn import Bounce
from mailbot.parse.forms import CancellationForm, ContactChangeForm, FormContact, FormResult, SignupForm, read_form
from mailbot.parse.limits import MessageLimits
from mailbot.parse.mail import UNCHECKED, ParsedMail, checked_read, unread

log = logging.getLogger(__name__)


def parse(raw: bytes, limits: MessageLimits | None = None, zone: str | None = None,
          registrars: frozenset[str] | None = None) -> ParsedMail:
    """Read a message; never raises. Over any of `limits` (the defaults when none are given) it is not parsed:
    only its top header section is, and `over_limit` says which limit. The check and the parse run in a separate
    process (mailbot.parser_processes) that is stopped after `limits.parse_seconds`; a message over the size limit is
    not handed to it at all. Given the `zone`, that process also reads the change it asks for and the form it holds
    (`change`, `form`); given the `registrars`' addresses (lower case) too, the change only of mail from one of them
    and the form only of mail from anyone else, as the classifier reads them."""
    limits = limits or MessageLimits()
    if len(raw) > limits.max_bytes:
        return _logged(unread(raw, limits, limits.reason("bytes", f"{len(raw)} bytes")))
    try:
        mail = _read_in_parser(raw, limits, zone, registrars)
    except parser_processes.ParserDied as e:  # out of memory, or a crash: never tried again in this process
        mail = unread(raw, limits, f"too much for the parser: {e}")
    if mail is None:
        mail = unread(raw, limits, limits.reason("seconds"))
    return _logged(mail)


def parse_many(raws: list[bytes], limits: MessageLimits | None = None, zone: str | None = None,
               registrars: frozenset[str] | None = None) -> list[ParsedMail]:
    """parse() of each message, in one exchange with a parser process when they are read within
    `limits.parse_seconds` in all (the usual case: a message takes a millisecond or so). When they are not, or the
    process dies, each is read again on its own, under its own time limit, so that one slow or deadly message
    is stopped and costs the others nothing but the time."""
    limits = limits or MessageLimits()
    inside = [n for n, raw in enumerate(raws) if len(raw) <= limits.max_bytes]
    read_together: dict[int, ParsedMail] = {}
    if len(inside) > 1:
        try:
            answers = parser_processes.run([request(raws[n], limits, zone, registrars) for n in inside],
                                           limits.parse_seconds)
        except (parser_processes.ParserDied, parser_processes.ParserUnavailable):
            answers = None
        read_together = {n: _logged(from_wire(data)) for n, data in zip(inside, answers or ())}
    return [read_together[n] if n in read_together else parse(raw, limits, zone, registrars)
            for n, raw in enumerate(raws)]


def _logged(mail: ParsedMail) -> ParsedMail:
    if mail.over_limit is not None:
        log.warning("message stored but not parsed: %s", mail.over_limit)
    elif any(d.startswith(("unparseable:", UNCHECKED)) for d in mail.defects):
        log.info("unparseable message: %s", "; ".join(mail.defects))
    return mail


_LIMITS = struct.Struct(">QQQQ")  # max_bytes, max_parts, max_depth, max_headers


def request(raw: bytes, limits: MessageLimits, zone: str | None = None,
            registrars: frozenset[str] | None = None) -> tuple[bytes, bytes]:
    """The limits (all but the time, which the caller keeps), the zone and the registrars' addresses (after a NUL,
    one a line: no address holds either), then the message."""
    head = _LIMITS.pack(limits.max_bytes, limits.max_parts, limits.max_depth, limits.max_headers)
    listed = "" if registrars is None else "\0" + "\n".join(sorted(registrars))
    return parser_processes.PARSE + head + ((zone or "") + listed).encode(), raw


def answer(head: bytes, raw: bytes) -> bytes:
    """The parser process's answer to a request() (`head` without its first byte, which says it is one):
    checked_read() of it, and the change and the form it holds when the zone was given (only the one the classifier
    reads when the registrars' addresses were given too), as to_wire() writes them."""
    max_bytes, max_parts, max_depth, max_headers = _LIMITS.unpack_from(head)
    limits = MessageLimits(max_bytes=max_bytes, max_parts=max_parts, max_depth=max_depth, max_headers=max_headers)
    mail = checked_read(raw, limits)
    zone, listed, addresses = head[_LIMITS.size:].decode().partition("\0")
    if zone and mail.over_limit is None:
        registrars = set(addresses.split("\n")) - {""} if listed else None
        a_registrar_s = registrars is None or (mail.sender or "").lower() in registrars
        try:  # the acting process reads them itself when this fails
            change = extract_change(mail.subject, mail.text, mail.headers, zone=zone, attached=mail.attached,
                                    forwarded_attached=mail.forwarded_attached) if a_registrar_s else None
            requested = requested_words(mail.own_text, mail.text, mail.subject, mail.headers, zone) \
                if a_registrar_s else None
            form = read_form(mail.subject, mail.text, mail.sender, zone=zone) \
                if registrars is None or not a_registrar_s else None
            mail = dataclasses.replace(mail, change=change, requested=requested, form=form, read_for_zone=zone)
        except Exception:
            pass
    return to_wire(mail)


def _read_in_parser(raw: bytes, limits: MessageLimits, zone: str | None,
                    registrars: frozenset[str] | None) -> ParsedMail | None:
    try:
        answers = parser_processes.run([request(raw, limits, zone, registrars)], limits.parse_seconds)
    except parser_processes.ParserUnavailable as e:
        # None could be started (no process can be made here): better read without a time limit than not at
        # all; the limits checked first still bound the work.
        log.error("%s: parsing in this process instead", e)
        return checked_read(raw, limits)
    return None if answers is None else from_wire(answers[0])


def to_wire(mail: ParsedMail) -> bytes:
    """A ParsedMail as JSON, for the parser process to answer with (data, never code: no pickle)."""
    fields = {f.name: getattr(mail, f.name) for f in dataclasses.fields(mail)}
    fields["date"] = mail.date.isoformat() if mail.date else None
    try:  # orjson writes a dataclass (the bounce, the change, the form) as a dict of its fields, a tuple as a list
        return orjson.dumps(fields)
    except orjson.JSONEncodeError:  # a lone surrogate (undecodable bytes of a header): the json module escapes it
        return json.dumps({**dataclasses.asdict(mail), "date": fields["date"]}).encode()


def from_wire(data: bytes) -> ParsedMail:
    try:
        fields = orjson.loads(data)
    except orjson.JSONDecodeError:  # written by the json module, with a lone surrogate escaped
        fields = json.loads(data)
    return ParsedMail(
        message_id=fields["message_id"],
        from_addrs=tuple((str(n), str(a)) for n, a in fields["from_addrs"]),
        to_addrs=tuple(fields["to_addrs"]),
        cc_addrs=tuple(fields["cc_addrs"]),
        subject=fields["subject"],
        date=datetime.fromisoformat(fields["date"]) if fields["date"] else None,
        headers=dict(fields["headers"]),
        in_reply_to=tuple(fields["in_reply_to"]),
        references=tuple(fields["references"]),
        text=fields["text"],
        defects=tuple(fields["defects"]),
        sender=fields["sender"],
        over_limit=fields["over_limit"],
        bounce=Bounce(fields["bounce"]["message_id"], tuple(fields["bounce"]["failed"]),
                      tuple(fields["bounce"]["delayed"])) if fields.get("bounce") else None,
        own_text=fields["own_text"],
        change=_change(fields["change"]),
        form=_form(fields["form"]),
        read_for_zone=fields["read_for_zone"],
        attached=tuple(fields.get("attached") or ()),
        forwarded_attached=tuple(fields.get("forwarded_attached") or ()),
        requested=fields.get("requested"),
    )


def _change(fields: dict | None) -> ChangeRequest | None:
    if fields is None:
        return None

    def ask(a: dict) -> Ask:
        return Ask(None if a["new"] is None else tuple(a["new"]), tuple(a["add"]), tuple(a["remove"]),
                   tuple(a["said_current"]), tuple(a.get("keep") or ()), bool(a.get("unlabelled")),
                   int(a.get("lists") or 1), bool(a.get("stated")))

    asks = {domain: {kind: ask(a) for kind, a in kinds.items()} for domain, kinds in fields["asks"].items()}
    return ChangeRequest(tuple(fields["domains"]), asks, dict(fields["unclear"]), fields["urgent"])


def _form(fields: dict | None) -> FormResult | None:
    if fields is None:
        return None
    return FormResult(fields["kind"], _a_form(fields["form"]), tuple(fields["errors"]), _a_form(fields.get("read")))


def _a_form(form: dict | None) -> SignupForm | ContactChangeForm | CancellationForm | None:
    if form is not None and "contacts" in form:
        return SignupForm(**{**form, "domains": tuple(form["domains"]),
                             "contacts": tuple(FormContact(**contact) for contact in form["contacts"])})
    if form is not None and "add" in form:
        return ContactChangeForm(**{**form, "domains": tuple(form["domains"]), "remove": tuple(form["remove"]),
                                    **{k: tuple(FormContact(**c) for c in form.get(k, ()))
                                       for k in ("add", "others", "change")}})
    return CancellationForm(**{**form, "domains": tuple(form["domains"])}) if form is not None else None
