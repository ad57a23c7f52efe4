"""Builders of hostile and malformed incoming mail, and of Outlook's TNEF (winmail.dat), for the bad-input tests."""

from __future__ import annotations

import base64
import struct
from email.utils import make_msgid
from pathlib import Path

from compressed_rtf import compress

from tests.support.mails import BOT, REGISTRAR

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "email_samples"
REQUEST = "Please update the name servers for hmrc.gov.uk to ns1.newdns.co.uk and ns2.newdns.co.uk.\r\n"


def head(*, sender: str = REGISTRAR, subject: str = "Name server change for hmrc.gov.uk",
         message_id: str | None = None, extra: bytes = b"") -> bytes:
    message_id = message_id or make_msgid(domain="registrar.example")
    return (f"From: {sender}\r\nTo: {BOT}\r\nSubject: {subject}\r\nMessage-ID: {message_id}\r\n"
            "Date: Fri, 27 Nov 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n").encode() + extra


def many_parts(count: int, **kw) -> bytes:
    part = b"--b\r\nContent-Type: text/plain\r\n\r\nx\r\n"
    return head(**kw) + b"Content-Type: multipart/mixed; boundary=b\r\n\r\n" + part * count + b"--b--\r\n"


def nested_messages(depth: int, **kw) -> bytes:
    """message/rfc822 inside message/rfc822, `depth` times (RFC 2046 section 5.2.1)."""
    inner = b"From: someone@example.org\r\nSubject: innermost\r\n\r\n" + REQUEST.encode()
    for n in range(depth):
        inner = f"From: level{n}@example.org\r\nContent-Type: message/rfc822\r\n\r\n".encode() + inner
    return head(**kw) + b"Content-Type: message/rfc822\r\n\r\n" + inner


def nested_multiparts(depth: int, **kw) -> bytes:
    body = b"Content-Type: text/plain\r\n\r\n" + REQUEST.encode()
    for n in reversed(range(depth)):
        body = (f"Content-Type: multipart/mixed; boundary=b{n}\r\n\r\n--b{n}\r\n".encode() + body
                + f"\r\n--b{n}--\r\n".encode())
    return head(**kw) + body


def many_headers(count: int, **kw) -> bytes:
    return head(**kw) + b"X-Filler: yes\r\n" * count + b"\r\n" + REQUEST.encode()


def huge_header(size: int, **kw) -> bytes:
    return head(**kw) + b"X-Huge: " + b"a" * size + b"\r\n\r\n" + REQUEST.encode()


def with_attachment(size: int, **kw) -> bytes:
    """A request with a binary attachment of `size` bytes (base64, RFC 2045 section 6.8)."""
    data = base64.encodebytes(bytes(range(256)) * (size // 256 + 1))[: size * 4 // 3]
    return (head(**kw) + b"Content-Type: multipart/mixed; boundary=b\r\n\r\n"
            b"--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + REQUEST.encode() +
            b"--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n"
            b"Content-Disposition: attachment; filename=records.bin\r\n\r\n" + data + b"\r\n--b--\r\n")


# TNEF ([MS-OXTNEF]): a signature, a legacy key, then attributes; each attribute is its level (1 the message,
# 2 an attachment), its id (the low 16 bits the name, the high 16 bits the type), its length, its data and a
# checksum (the sum of the data bytes modulo 65536).
_SIGNATURE = 0x223E9F78
_MESSAGE, _ATTACHMENT = 1, 2
ATT_TNEF_VERSION = 0x00089006
ATT_OEM_CODEPAGE = 0x00069007
ATT_MESSAGE_CLASS = 0x00078008
ATT_BODY = 0x0002800C
ATT_MSG_PROPS = 0x00069003
ATT_ATTACH_REND_DATA = 0x00069002
ATT_ATTACH_TITLE = 0x00018010
ATT_ATTACH_DATA = 0x0006800F
# MAPI property tags (type, id): PidTagBody (PT_UNICODE), PidTagRtfCompressed (PT_BINARY).
PT_UNICODE, PT_BINARY = 0x001F, 0x0102
PID_TAG_BODY, PID_TAG_RTF_COMPRESSED = 0x1000, 0x1009


def _attribute(level: int, attribute_id: int, data: bytes) -> bytes:
    return struct.pack("<BII", level, attribute_id, len(data)) + data + struct.pack("<H", sum(data) % 65536)


def _mapi_value(value: bytes) -> bytes:
    # Variable-length values: a count of values (1), each value's length, the value padded to 4 bytes.
    return struct.pack("<I", 1) + struct.pack("<I", len(value)) + value + b"\x00" * (-len(value) % 4)


def tnef(*, rtf: str | None = None, unicode_body: str | None = None, legacy_body: str | None = None,
         attachments: tuple[tuple[str, bytes], ...] = ()) -> bytes:
    """A TNEF stream as Outlook writes one: the body as compressed RTF ([MS-OXRTFCP]) in the message's MAPI
    properties, or PidTagBody, or the legacy attBody; each attachment with its rendering data, title and data."""
    out = struct.pack("<IH", _SIGNATURE, 0x0001)
    out += _attribute(_MESSAGE, ATT_TNEF_VERSION, struct.pack("<I", 0x00010000))
    out += _attribute(_MESSAGE, ATT_OEM_CODEPAGE, struct.pack("<II", 1252, 0))
    out += _attribute(_MESSAGE, ATT_MESSAGE_CLASS, b"IPM.Microsoft Mail.Note\x00")
    if legacy_body is not None:
        out += _attribute(_MESSAGE, ATT_BODY, legacy_body.encode("cp1252", "replace"))
    props = []
    if rtf is not None:
        compressed = compress(rtf.encode("cp1252", "replace"))
        props.append(struct.pack("<HH", PT_BINARY, PID_TAG_RTF_COMPRESSED) + _mapi_value(compressed))
    if unicode_body is not None:
        props.append(struct.pack("<HH", PT_UNICODE, PID_TAG_BODY)
                     + _mapi_value((unicode_body + "\x00").encode("utf-16-le")))
    if props:
        out += _attribute(_MESSAGE, ATT_MSG_PROPS, struct.pack("<I", len(props)) + b"".join(props))
    for name, data in attachments:
        out += _attribute(_ATTACHMENT, ATT_ATTACH_REND_DATA, struct.pack("<HIHHI", 1, 0xFFFFFFFF, 0, 0, 0))
        out += _attribute(_ATTACHMENT, ATT_ATTACH_TITLE, name.encode("cp1252", "replace") + b"\x00")
        out += _attribute(_ATTACHMENT, ATT_ATTACH_DATA, data)
    return out


def rtf_of(text: str) -> str:
    """Plain text as the RTF Outlook writes for it ([MS-RTF] 1.9.1): a font table, then paragraphs."""
    paragraphs = "".join(line.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}") + "\\par\r\n"
                         for line in text.splitlines())
    return ("{\\rtf1\\ansi\\ansicpg1252\\deff0\\deflang2057{\\fonttbl{\\f0\\fswiss\\fcharset0 Calibri;}}\r\n"
            "\\viewkind4\\uc1\\pard\\f0\\fs22 " + paragraphs + "}\r\n")


def winmail(stream: bytes, *, plain: str | None = None, **kw) -> bytes:
    """A message as Outlook sends rich text: an optional text/plain part and winmail.dat (application/ms-tnef)."""
    text = (b"--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + plain.encode() + b"\r\n") if plain else b""
    return (head(**kw) + b"Content-Type: multipart/mixed; boundary=b\r\n\r\n" + text +
            b"--b\r\nContent-Type: application/ms-tnef; name=\"winmail.dat\"\r\nContent-Transfer-Encoding: base64\r\n"
            b"Content-Disposition: attachment; filename=\"winmail.dat\"\r\n\r\n" + base64.encodebytes(stream) +
            b"--b--\r\n")
