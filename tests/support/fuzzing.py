"""Messages for the fuzz test and bench/fuzz.py: generated MIME messages and mutated samples, in seeded batches;
and what both run them through: an app of their own, receive() with its checks."""

from __future__ import annotations

import base64
import quopri
import random
import time
from pathlib import Path

from hypothesis import strategies as st
from sqlalchemy import func, select

from mailbot.app import App
from mailbot.clock import FixedClock
from mailbot.ingest.receive import receive
from mailbot.parse.mail import content_key
from mailbot.registry import import_file
from mailbot.rules import load_rules
from mailbot.settings import DEFAULT_RULES, load_settings
from mailbot.store.models import Message
from tests.support import hostile
from tests.support.constants import EXAMPLES, SECRET, START
from tests.support.mails import BOT, DEMO_DNS, REGISTRAR, SECURITY, build

ROOT = Path(__file__).resolve().parents[2]

# Seeds for mutation: CPython's malformed samples, the worked example, and small versions of every nasty shape,
# some of them over a limit.
SEEDS: list[bytes] = (
    [p.read_bytes() for p in sorted(hostile.SAMPLES.glob("msg_*.txt"))]
    + [(ROOT / "examples" / "change-request.eml").read_bytes(), build(), build(sender=SECURITY, to=BOT,
                                                                            subject="Re: [RL-000001] Confirm")]
    + [hostile.many_parts(5), hostile.many_parts(1001), hostile.nested_messages(3), hostile.nested_messages(25),
       hostile.nested_multiparts(4), hostile.many_headers(30), hostile.many_headers(600), hostile.huge_header(3000),
       hostile.with_attachment(3000), hostile.winmail(hostile.tnef(rtf=hostile.rtf_of(hostile.REQUEST),
                                                                   attachments=(("a.txt", b"x" * 50),))),
       hostile.winmail(hostile.tnef(legacy_body="Domain: hmrc.gov.uk\r\nNameservers: ns1.a.uk"))]
)

_TEXTS = [hostile.REQUEST, "Domain: hmrc.gov.uk\nNameservers: ns1.newdns.co.uk, ns2.newdns.co.uk\n",
          "I confirm this change.", "I did not request this change.", "Request: Sign up\nOrganisation: X\n",
          "Request: Cancel\nDomain: hmrc.gov.uk\n", "call verified contact=cyber-security@hmrc.gov.uk",
          "caf\u00e9 \u202e\u200b \U0001f600", ""]
_ADDRESSES = [REGISTRAR, SECURITY, BOT, "stranger@example.org", "MAILER-DAEMON@mx.example", "<>", "",
              '"requests@registrar.example" <x@evil.example>', "a@b, c@d", "requests@registrar.example.",
              "=?utf-8?q?=0D=0A?= <x@y>", "bot+RL-000001.abcdef@registry.example", "h\u043erc.gov.uk@x.example",
              "(comment) a@b (more", "a@[127.0.0.1]", "\"unterminated <a@b>"]
_HEADER_NAMES = ["From", "To", "Cc", "Subject", "Message-ID", "In-Reply-To", "References", "Date", "Reply-To",
                 "Auto-Submitted", "Precedence", "List-Id", "Return-Path", "Content-Type",
                 "Content-Transfer-Encoding", "MIME-Version", "Importance", "X-Priority", "Received",
                 "Authentication-Results", "DKIM-Signature", "X-Loop-Registrylock", "X-Junk", ""]
_VALUES = ["", " ", "=?utf-8?b?4pyT?=", "=?x-unknown?q?abc?=", "=?utf-8?q?broken", "<a@b>", "<>", "<a@b> <c@d>",
           "Fri, 27 Nov 2026 10:00:00 +0000", "not a date", "auto-replied", "bulk", "[RL-000001] Re: change",
           "URGENT hmrc.gov.uk", "multipart/mixed; boundary=b", "text/plain; charset=x-unknown", "base64",
           "quoted-printable", "1", "\t", "a\rb", "\x00", "\u00ff\u00ff\u00ff"]
_CHARSETS = ["utf-8", "us-ascii", "iso-8859-1", "koi8-r", "utf-16", "utf-7", "x-unknown", "", "\"utf-8\"",
             "cp1252", "gb2312", "iso-2022-jp", "utf-8''", "unicode-1-1-utf-7"]
_ENCODINGS = ["7bit", "8bit", "binary", "base64", "quoted-printable", "x-uuencode", "bogus", None]
_LEAF_TYPES = ["text/plain", "text/html", "text/enriched", "application/octet-stream", "application/ms-tnef",
               "image/png", "message/delivery-status", "text/rfc822-headers", "application/pdf", "text", "/", ""]
# TNEF streams made once (compressing RTF is slow): each body kind, with an attachment.
_TNEF = [hostile.tnef(**{kind: hostile.rtf_of(text) if kind == "rtf" else text}, attachments=(("a.bin", b"\x00" * 20),))
         for text in _TEXTS[:4] for kind in ("rtf", "unicode_body", "legacy_body")]
_BOUNDARIES = ["b", "=_part", "a b", "--", "", "\"q\"", "x" * 80, "b*", "b\u00e9"]


def _encode(body: bytes, encoding: str | None, broken: bool) -> bytes:
    if encoding == "base64":
        out = base64.encodebytes(body)
        return out[: len(out) // 2] + b"!!==" if broken else out
    if encoding == "quoted-printable":
        out = quopri.encodestring(body)
        return out + b"=Z" if broken else out
    return body


def _text(rng: random.Random, size: int) -> str:
    if rng.random() < 0.5:
        return rng.choice(_TEXTS)
    return "".join(chr(rng.choice((rng.randrange(32, 127), rng.randrange(0x80, 0x800), rng.randrange(0x800, 0x10FFFF))))
                   for _ in range(rng.randrange(size)))


def _leaf(rng: random.Random) -> bytes:
    ctype, charset, encoding = rng.choice(_LEAF_TYPES), rng.choice(_CHARSETS), rng.choice(_ENCODINGS)
    text = _text(rng, 120)
    body = text.encode("utf-8", "surrogatepass") if rng.random() < 0.6 else rng.randbytes(rng.randrange(200))
    lines = [f"Content-Type: {ctype}" + (f"; charset={charset}" if charset else "")]
    if encoding:
        lines.append(f"Content-Transfer-Encoding: {encoding}")
    if rng.random() < 0.3:
        lines.append(f"Content-Disposition: attachment; filename={rng.choice(['a.txt', 'winmail.dat', ''])}")
    encoded = _encode(body, encoding, rng.random() < 0.3)
    if ctype == "application/ms-tnef" and rng.random() < 0.5:
        stream = rng.choice(_TNEF)
        encoded = base64.encodebytes(stream[: rng.randrange(len(stream) + 1)] if rng.random() < 0.3 else stream)
        lines.append("Content-Transfer-Encoding: base64")
    return ("\n".join(lines) + "\n\n").encode("utf-8", "surrogatepass") + encoded


def _headers(rng: random.Random) -> bytes:
    fields = []
    for _ in range(rng.randrange(8)):
        value = rng.choice((rng.choice(_VALUES), rng.choice(_ADDRESSES), _text(rng, 60)))
        fields.append(f"{rng.choice(_HEADER_NAMES)}: {value}\n")
    return "".join(fields).encode("utf-8", "surrogatepass")


def _entity(rng: random.Random, depth: int) -> bytes:
    """A MIME entity: a leaf, a multipart of entities (RFC 2046 section 5.1) or an enclosed message (5.2)."""
    shape = rng.random() if depth < 5 else 0
    if shape < 0.55:
        return _leaf(rng)
    if shape < 0.85:
        subtype = rng.choice(["mixed", "alternative", "digest", "report", "related", "signed", "x-odd"])
        boundary = rng.choice(_BOUNDARIES)
        out = f"Content-Type: multipart/{subtype}; boundary=\"{boundary}\"\n\npreamble\n".encode("utf-8")
        for _ in range(rng.randrange(5)):
            out += f"--{boundary}\n".encode("utf-8") + _entity(rng, depth + 1) + b"\n"
        if rng.random() < 0.7:
            out += f"--{boundary}--\nepilogue\n".encode("utf-8")
        return out
    return b"Content-Type: message/rfc822\n\n" + _headers(rng) + _entity(rng, depth + 1)


def generate(seed: int) -> bytes:
    """A message built from parts: real and hostile headers, a MIME tree of odd types, charsets and encodings,
    and any line ending. Built from a seed with plain random choices (Hypothesis draws the seeds, see batches()):
    far faster than drawing every choice through Hypothesis (0.6 ms a message instead of 20)."""
    rng = random.Random(seed)
    top = (f"From: {rng.choice(_ADDRESSES)}\nTo: {rng.choice([BOT, 'someone@example.org'])}\n"
           f"Subject: {rng.choice((rng.choice(_VALUES), _text(rng, 40)))}\n").encode("utf-8", "surrogatepass")
    if rng.random() < 0.5:
        top += f"Message-ID: <{rng.choice(['same', 'x', 'y', str(seed)])}@example.org>\n".encode()
    raw = top + _headers(rng) + _entity(rng, 0)
    ending = rng.choice([b"\n", b"\r\n", b"\r"])
    return raw.replace(b"\n", ending) if ending != b"\n" else raw


def mutate(which: int, seed: int) -> bytes:
    """A seed message with a few random edits: bytes changed, cut, repeated or moved; line ends changed; lines
    repeated; stray boundary lines."""
    rng = random.Random(seed)
    raw = bytearray(SEEDS[which])
    for _ in range(rng.randrange(1, 7)):
        kind = rng.choice(["flip", "cut", "insert", "repeat", "truncate", "crlf", "dup_line", "boundary"])
        at, size, junk = rng.randrange(len(raw) + 1), rng.randrange(1, 65), rng.randbytes(rng.randrange(1, 17))
        if kind == "flip" and raw:
            raw[min(at, len(raw) - 1)] ^= junk[0]
        elif kind == "cut":
            del raw[at:at + size]
        elif kind == "insert":
            raw[at:at] = junk
        elif kind == "repeat":
            raw[at:at] = raw[at:at + size] * 3
        elif kind == "truncate":
            del raw[at:]
        elif kind == "crlf":
            raw = bytearray(bytes(raw).replace(b"\r\n", b"\n") if junk[0] % 2 else bytes(raw).replace(b"\n", b"\r\n"))
        elif kind == "dup_line":
            start = raw.rfind(b"\n", 0, at) + 1
            end = raw.find(b"\n", at)
            end = len(raw) if end < 0 else end + 1
            raw[start:start] = raw[start:end] * (1 + junk[0] % 5)
        elif kind == "boundary":
            raw[at:at] = b"\n--" + junk + b"\n"
    return bytes(raw)


class Batch(list):
    """Messages made from one seed; shown as the call that makes them again, not as 30 kB of bytes."""

    def __init__(self, seed: int, size: int):
        rng = random.Random(seed)
        super().__init__(generate(rng.getrandbits(64)) if rng.random() < 0.5
                         else mutate(rng.randrange(len(SEEDS)), rng.getrandbits(64)) for _ in range(size))
        self.call = f"Batch({seed}, {size})"

    def __repr__(self) -> str:
        return self.call


def batches(size: int):
    """Batches of `size` messages, half generated, half mutated samples, one seed each. Hypothesis draws the
    seeds: it never runs the same one twice, so every batch is new (a strategy drawing each message's seed
    repeated most of them), and it reports the batch that failed."""
    return st.integers(0, 2**64 - 1).map(lambda seed: Batch(seed, size))


def fuzz_app(directory, db_url: str | None = None) -> App:
    """An app on the migrated database at `db_url` (default: mailbot.db in `directory`), registry loaded."""
    settings_ = load_settings({"MAILBOT_DATA_DIR": str(directory / "var"),
                               "MAILBOT_DB": db_url or f"sqlite:///{directory}/mailbot.db",
                               "MAILBOT_SECRET": SECRET, "MAILBOT_RULES": str(DEFAULT_RULES)},
                              cwd=directory)
    app = App.build(settings_, rules=load_rules(settings_.rules_path), clock=FixedClock(START),
                    dns=lambda name: DEMO_DNS.get(name.rstrip(".")))
    with app.tx() as session:
        import_file(session, str(EXAMPLES / "registry.json"), app.rules.zone)
    return app


def checked(check, app, raw: bytes, *args) -> None:
    """Run one check; on failure, say which message failed, whole, so that it can be kept as a regression test."""
    try:
        check(app, raw, *args)
    except Exception as e:
        raise AssertionError(f"{check.__name__} failed ({type(e).__name__}: {e}) on the message {raw!r}") from e


def check_receive(app, raw: bytes, first: dict[str, bytes]) -> None:
    """One message through receive(): no exception, and stored: one row for each distinct content (the same
    content with other trace headers is the same message, see parse.content_key), kept byte for byte."""
    started = time.monotonic()
    result = receive(app, raw, "imap")
    assert time.monotonic() - started < app.settings.parse_seconds + 5
    key = content_key(raw)
    first.setdefault(key, raw)
    with app.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Message).where(Message.direction == "in")) == len(first)
        row = session.scalars(select(Message).where(Message.content_key == key, Message.direction == "in")).one()
        assert row.raw == first[key] and row.status == "processed"
    assert result.action != "parked"
