"""Builders of hostile mail for the attack corpus (tests/test_attacks.py), byte by byte, and DKIM by any domain.

Raw messages are written header by header, so that a From can be as crooked as an attacker makes it; signatures
are made with dkimpy by any domain with any key, the tests' DNS publishing it."""

from __future__ import annotations

import base64
import hashlib
import subprocess
import tempfile
import time
from functools import lru_cache
from pathlib import Path

import dkim

from tests.support.mails import BOT, DEMO_KEY, SECURITY, body, parsed

SIGNED = (b"from", b"to", b"subject", b"date", b"message-id", b"in-reply-to", b"references")
DATE = "Fri, 27 Nov 2026 12:00:00 +0000"


@lru_cache(maxsize=None)
def rsa_key(bits: int) -> tuple[bytes, str]:
    """(private key PEM, the TXT record publishing it) of an RSA key made with openssl, once a run."""
    with tempfile.TemporaryDirectory() as d:
        private = Path(d) / "key.pem"
        subprocess.run(["openssl", "genrsa", "-out", str(private), str(bits)], check=True, capture_output=True)
        der = subprocess.run(["openssl", "rsa", "-in", str(private), "-pubout", "-outform", "DER"], check=True,
                             capture_output=True).stdout
        return private.read_bytes(), f"v=DKIM1; k=rsa; p={base64.b64encode(der).decode()}"


def attacker_key() -> tuple[bytes, str]:
    """The key of a domain the attacker owns and publishes honestly: its signatures are genuine, for its domain."""
    return rsa_key(2048)


def crlf(raw: bytes) -> bytes:
    return raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def mail(*, from_: str, to: str, subject: str, text: str, date: str = DATE, message_id: str | None = None,
         in_reply_to: str | None = None, headers: list[tuple[str, str]] = (), extra_from: list[str] = ()) -> bytes:
    """A plain-text message written header by header, exactly as given (no parser tidies a crooked From)."""
    lines = [f"From: {from_}", *(f"From: {f}" for f in extra_from), f"To: {to}", f"Subject: {subject}",
             f"Date: {date}", f"Message-ID: {message_id or _msgid()}"]
    if in_reply_to:
        lines += [f"In-Reply-To: {in_reply_to}", f"References: {in_reply_to}"]
    lines += [f"{k}: {v}" for k, v in headers]
    lines += ["MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + crlf(text.encode())


_count = 0


def _msgid() -> str:
    global _count
    _count += 1
    return f"<attack.{_count}.{time.monotonic_ns()}@mail.example>"


def sign(raw: bytes, domain: str, *, key: bytes | None = None, selector: str = "demo",
         headers: tuple[bytes, ...] = SIGNED, **kw) -> bytes:
    """DKIM-sign as `domain`'s mail server would (dkimpy), with `key` (the demo key the tests' DNS publishes for
    hmrc.gov.uk, and for the other domains a test publishes it for)."""
    raw = crlf(raw)
    present = [h for h in headers if b"\r\n" + h + b":" in b"\r\n" + raw.split(b"\r\n\r\n", 1)[0].lower()]
    return dkim.sign(raw, selector.encode(), domain.encode(), key or DEMO_KEY.read_bytes(),
                     include_headers=present, **kw) + raw


def sign_without_from(raw: bytes, domain: str, *, key: bytes | None = None, selector: str = "demo") -> bytes:
    """A signature that leaves From out of h=, as a broken or hostile signer makes one (dkimpy refuses to)."""
    raw = crlf(raw)
    signer = dkim.DKIM(raw)
    include = (b"to", b"subject", b"date", b"message-id")
    canon = dkim.CanonicalizationPolicy.from_c_value(b"relaxed/simple")
    signer.include_headers = include
    signer.hasher = hashlib.sha256
    bodyhash = base64.b64encode(hashlib.sha256(canon.canonicalize_body(signer.body)).digest())
    fields = [(b"v", b"1"), (b"a", b"rsa-sha256"), (b"c", canon.to_c_value()), (b"d", domain.encode()),
              (b"i", b"@" + domain.encode()), (b"q", b"dns/txt"), (b"s", selector.encode()),
              (b"t", str(int(time.time())).encode()), (b"h", b" : ".join(include)), (b"bh", bodyhash),
              (b"b", b"0" * 60)]
    pk = dkim.crypto.parse_pem_private_key(key or DEMO_KEY.read_bytes())
    return b"DKIM-Signature: " + signer.gen_header(fields, include, canon, b"DKIM-Signature", pk) + raw


def reply(item, *, text: str = "I confirm this change.", sender: str = SECURITY, from_: str | None = None,
          signer: str | None = "hmrc.gov.uk", key: bytes | None = None, to: str | None = None, date: str = DATE,
          headers: list[tuple[str, str]] = (), extra_from: list[str] = (), quote: bool = True, **sign_kw) -> bytes:
    """A reply to the bot's mail `item` as a mail client writes it (to its Reply-To, answering its Message-ID,
    quoting it), From `from_` (default: `sender`), DKIM-signed by `signer` (None: unsigned)."""
    original = parsed(item)
    quoted = "\n".join("> " + line for line in body(item).splitlines()) if quote else ""
    raw = mail(from_=from_ or sender, to=to or str(original["Reply-To"]), subject="Re: " + original["Subject"],
               text=f"{text}\n\nOn Fri, 27 Nov 2026, the Registry Lock service wrote:\n{quoted}\n", date=date,
               in_reply_to=original["Message-ID"], headers=headers, extra_from=extra_from)
    return sign(raw, signer, key=key, **sign_kw) if signer else raw


def token_of(item) -> str:
    return parsed(item)["Reply-To"].addresses[0].username.rpartition(".")[2]


def to_ticket(ref: str, token: str) -> str:
    local, _, domain = BOT.partition("@")
    return f"{local}+{ref}.{token}@{domain}"


def wrapped(outer_from: str, inner: bytes, *, to: str, text: str = "See the message attached.") -> bytes:
    """A message that attaches another one whole (message/rfc822, RFC 2046 5.2.1)."""
    head = mail(from_=outer_from, to=to, subject="Fwd: confirmation", text="").split(b"\r\n\r\n", 1)[0]
    head = head.replace(b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit",
                        b'Content-Type: multipart/mixed; boundary="wrap"')
    return (head + b"\r\n\r\n--wrap\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + crlf(text.encode())
            + b"\r\n--wrap\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment; filename=fwd.eml\r\n\r\n"
            + crlf(inner) + b"\r\n--wrap--\r\n")
