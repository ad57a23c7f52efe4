"""Policy: is this message automatic (RFC 3834)? Automatic mail is stored and recorded, never answered.

An auto-responder, a mailing list, a bounce or the bot's own mail fed back must never get a reply, or two
robots can write to each other for ever; and an out-of-office reply quoting a confirmation request must
never be read as a confirmation.
"""

from __future__ import annotations

from mailbot.parse import ParsedMail

_BULK = {"bulk", "junk", "list", "auto_reply"}
# Marks of auto-responders older than RFC 3834, still common (vacation scripts, hosting control panels): an
# out-of-office reply carrying the reply token and "I confirm receipt" must never be read as a confirmation.
_AUTORESPONDER_HEADERS = ("x-autoreply", "x-autorespond")
_ROBOTS = {"mailer-daemon", "postmaster"}


def automatic_reason(mail: ParsedMail) -> str | None:
    """Why this message is automatic, or None for mail a person wrote."""
    h = mail.headers
    auto = h.get("auto-submitted", "").split(";")[0].strip().lower()
    if auto and auto != "no":
        return f"Auto-Submitted: {auto} (RFC 3834)"
    precedence = h.get("precedence", "").strip().lower()
    if precedence in _BULK:
        return f"Precedence: {precedence}"
    for list_header in ("list-id", "list-unsubscribe"):
        if list_header in h:
            return f"a mailing list's message ({list_header})"
    for marker in _AUTORESPONDER_HEADERS:
        if marker in h:
            return f"{marker}: an auto-responder's mark"
    if "x-auto-response-suppress" in h:
        return "X-Auto-Response-Suppress: sent by a program that asks not to be answered"
    if "return-path" in h and h["return-path"].strip() in ("<>", ""):
        return "a null reverse path (a bounce or other notification)"
    sender = mail.sender or (mail.from_addrs[0][1].lower() if mail.from_addrs else "")
    if sender.partition("@")[0] in _ROBOTS:
        return f"from {sender}, a mail system"
    if h.get("content-type", "").strip().lower().startswith("multipart/report"):
        return "a delivery or disposition report (multipart/report)"
    return None
