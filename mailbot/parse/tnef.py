"""Parse: the body text of Outlook's rich text (TNEF: winmail.dat, application/ms-tnef); what it wraps is never
opened."""

from __future__ import annotations

import re

from compressed_rtf import decompress
from striprtf.striprtf import rtf_to_text
from tnefparse import properties
from tnefparse.codepage import Codepage
from tnefparse.mapi import decode_mapi
from tnefparse.tnef import TNEF, TNEFObject
from tnefparse.util import uint32

TNEF_TYPES = ("application/ms-tnef", "application/vnd.ms-tnef")
# A MAPI property takes at least 8 bytes: a count above this is junk, and decoding it would loop that many times.
_MIN_PROPERTY_BYTES = 8
_TAG = re.compile(r"<[^<>]*>")


def is_tnef(content_type: str, filename: str | None) -> bool:
    return content_type in TNEF_TYPES or (filename or "").strip().lower() == "winmail.dat"


def tnef_text(data: bytes) -> str | None:
    """The message body a TNEF stream carries, as plain text (HTML with its tags taken out), or None when it
    carries none or is not TNEF.

    [MS-OXTNEF] section 2.1.3: a signature, a key, then attributes, each with its level, id, length and checksum.
    Only message-level attributes are read: the plain body (attBody, or PidTagBody in attMsgProps), else the HTML
    body, else the compressed RTF body ([MS-OXRTFCP]) as text. Attachment-level attributes are stepped over
    without being decoded: what Outlook wrapped stays in the stored message, unopened.
    """
    view = memoryview(data)  # each attribute is a view of the stream, never a copy of the rest of it
    if len(view) < 6 or uint32(view) != TNEF.TNEF_SIGNATURE:
        return None
    codepage = "cp1252"
    plain = html = rtf = None
    offset = 6
    while offset + TNEF.MIN_OBJ_SIZE < len(view):
        attribute = TNEFObject(view[offset:])
        offset += attribute.length
        if attribute.level != TNEF.LVL_MESSAGE:
            continue  # an attachment's attribute: never decoded
        if attribute.name == TNEF.ATTOEMCODEPAGE and len(attribute.data) >= 4:
            codepage = _codec(Codepage(uint32(attribute.data)).codepage(), codepage)
        elif attribute.name == TNEF.ATTBODY:
            plain = bytes(attribute.data).decode(codepage, "replace")
        elif attribute.name == TNEF.ATTMAPIPROPS:
            found = _mapi_bodies(bytes(attribute.data), codepage)
            plain, html, rtf = found[0] or plain, found[1] or html, found[2] or rtf
    if plain and plain.strip("\x00 \r\n\t"):
        return plain.replace("\x00", "")
    if html:
        return _TAG.sub(" ", html)
    if rtf:
        return rtf_to_text(decompress(rtf + b"\x00").decode("latin-1"), errors="replace")
    return None


def _mapi_bodies(data: bytes, codepage: str) -> tuple[str | None, str | None, bytes | None]:
    if len(data) < 4 or uint32(data) > len(data) // _MIN_PROPERTY_BYTES:
        return None, None, None
    plain = html = rtf = None
    internet_codepage = None
    for prop in decode_mapi(data, codepage):
        if prop.name == properties.MAPI_INTERNET_CODEPAGE and isinstance(prop.data, int):
            internet_codepage = _codec(Codepage(prop.data).codepage(), None)
        elif prop.name in (properties.MAPI_BODY, properties.MAPI_UNCOMPRESSED_BODY):
            plain = prop.data
        elif prop.name == properties.MAPI_BODY_HTML:
            html = prop.data
        elif prop.name == properties.MAPI_RTF_COMPRESSED and isinstance(prop.data, bytes):
            rtf = prop.data
    if isinstance(plain, bytes):
        plain = plain.decode(internet_codepage or codepage, "replace")
    if isinstance(html, bytes):
        html = html.decode(internet_codepage or codepage, "replace")
    return (plain if isinstance(plain, str) else None), (html if isinstance(html, str) else None), rtf


def _codec(name: str, fallback: str | None) -> str | None:
    import codecs

    try:
        return codecs.lookup(name).name
    except LookupError:  # a code page Python does not know: the default is the better guess
        return fallback
