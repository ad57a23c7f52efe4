"""Policy: is this message automatic (RFC 3834), or a mailing list's copy (RFC 2369, RFC 2919)? Automatic mail is
stored and recorded, never answered.

An auto-responder, a bounce or the bot's own mail fed back must never get a reply, or two robots can write to each
other for ever; and an out-of-office reply quoting a confirmation request must never be read as a confirmation.

A mailing list's copy is a person's mail relayed, not automatic mail: RFC 3834 section 2 only says a responder
should not answer it (the answer would go to the list). The bot reads one kind of it (`own_list_post`): a request
posted to the sender's own team list, whose posting address or List-Id is the sender's; classify decides the rest.
So is one kind of a program's own message (`program_order`): read, but never answered automatically.
"""

from __future__ import annotations

import dataclasses
import re

from mailbot.parse.mail import ParsedMail

# Precedence (RFC 2076, RFC 3834 section 2): bulk and junk are mail to many; auto_reply an auto-responder's. "list"
# is a list's copy (list_reason).
_BULK = {"bulk", "junk", "auto_reply"}
# Marks of auto-responders older than RFC 3834, still common (vacation scripts, hosting control panels): an
# out-of-office reply carrying the reply token and "I confirm receipt" must never be read as a confirmation.
_AUTORESPONDER_HEADERS = ("x-autoreply", "x-autorespond")
_ROBOTS = {"mailer-daemon", "postmaster"}
# The fields a list manager adds to what it relays (RFC 2369 section 3, RFC 2919): one is enough to tell.
_LIST_HEADERS = ("list-id", "list-post", "list-unsubscribe", "list-help", "list-subscribe", "list-owner",
                 "list-archive")
# RFC 2919 section 2: List-Id: [phrase] <list-label.list-id-namespace>
_LIST_ID = re.compile(r"<\s*([^<>\s]+)\s*>\s*$")
# RFC 2369 section 2: a list of <URL>s, the first one the list prefers; section 3.4: "NO" when posting is not allowed.
_MAILTO = re.compile(r"<\s*mailto:([^<>?\s]+)", re.I)


def automatic_reason(mail: ParsedMail) -> str | None:
    """Why this message is automatic, or None for mail a person wrote (a list's copy included: list_reason)."""
    h = mail.headers
    auto = h.get("auto-submitted", "").split(";")[0].strip().lower()
    if auto and auto != "no":
        return f"Auto-Submitted: {auto} (RFC 3834)"
    precedence = h.get("precedence", "").strip().lower()
    if precedence in _BULK:
        return f"Precedence: {precedence}"
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


def list_reason(mail: ParsedMail) -> str | None:
    """Why this message is a mailing list's copy ("a mailing list's message (List-Id: <...>)"), or None."""
    h = mail.headers
    if h.get("precedence", "").strip().lower() == "list":
        return "a mailing list's message (Precedence: list)"
    for name in _LIST_HEADERS:
        if name in h:
            return f"a mailing list's message ({name})"
    return None


def own_list_post(mail: ParsedMail) -> bool:
    """A person's post that reached us through the sender's own discussion list: the list allows posting (List-Post
    is not "NO", RFC 2369 section 3.4), and it is the sender's: its posting address is the From address (Mailman and
    Google Groups write the list's address there when the writer's domain publishes a DMARC policy, RFC 7960), or its
    List-Id is in the From address's domain (RFC 2919: the namespace is a domain the list's owner holds).
    Whether the sender is a registrar's address of record is the classifier's to ask."""
    sender = (mail.sender or "").lower()
    domain = sender.partition("@")[2]
    if not domain:
        return False
    h = mail.headers
    post = h.get("list-post", "").strip()
    if post.upper() == "NO":  # an announcement list: nobody posts to it but its owner
        return False
    if (found := _MAILTO.search(post)) and found[1].lower() == sender:
        return True
    return list_id(mail).endswith("." + domain)


def list_id(mail: ParsedMail) -> str:
    """The list's identifier, from List-Id ("requests.registrar.example"), or ""."""
    found = _LIST_ID.search(mail.headers.get("list-id", ""))
    return found[1].lower().rstrip(".") if found else ""


def program_order(mail: ParsedMail) -> str | None:
    """The mark of a message a program sent of its own accord, "Auto-Submitted: auto-generated" (RFC 3834 section
    5: not an answer to anything, as a registrar's order system sends its order), when it carries no other mark of
    automatic mail (Precedence: bulk, a null reverse path, a report) and no list's: the classifier may read it as a
    registrar's request. RFC 3834 section 2: it is never answered automatically. None otherwise."""
    auto = mail.headers.get("auto-submitted", "").split(";")[0].strip().lower()
    if auto != "auto-generated" or list_reason(mail) is not None:
        return None
    rest = dataclasses.replace(mail, headers={k: v for k, v in mail.headers.items() if k != "auto-submitted"})
    return None if automatic_reason(rest) is not None else "Auto-Submitted: auto-generated"
