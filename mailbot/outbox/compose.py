"""Outbox: builds a ticket's outgoing message and writes it, with its outbox row, in the caller's transaction."""

from __future__ import annotations

import base64
import binascii
import re
from datetime import timedelta
from email import message_from_bytes
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from unicodedata import category

from sqlalchemy import bindparam, false, func, insert, select, true
from sqlalchemy.orm import Session

from mailbot import audit
from mailbot.outbox import brake
from mailbot.errors import InputError
from mailbot.parse import content_key
from mailbot.store.models import Answer, Message, OutboxItem, Ticket
from mailbot.store.rows import Rows
from mailbot.tokens import issue_token, new_message_id, reply_address

LOOP_HEADER = "X-Registry-Lock-Loop"
_UNSAFE = re.compile(r"[\x00-\x1f\x7f]")
# Acknowledgements answer the sender's own mail (RFC 3834 "auto-replied"); the rest are "auto-generated".
_AUTO_REPLIED = {"change_received", "request_unclear"}
# Answers to a sender's own mail: bounded per address and per ticket a day (rules.yaml `limits`).
ANSWERS = {"change_received", "request_unclear", "signup_received", "signup_rejected", "cancellation_received", "cancellation_rejected",
           "command_result"}

# The header section is written here, not by the email package: its header registry parses every value it is
# given, and parses it again to fold it on output, which cost more than all the rest of a mail. Only an address
# that is not a dot-atom, such as one with a quoted local part (the address policy lets none in), is still left to
# the registry. As the SMTP policy writes them, lines end in CRLF and are folded at 78 columns.
_FOLD_AT = SMTP.max_line_length  # RFC 5322 2.1.1: a line SHOULD be at most 78 characters, and MUST be at most 998
_LONGEST = 998
_ATEXT = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+/=?^_`{|}~-")
_SPECIALS = frozenset('()<>[]:;@\\,."')  # RFC 5322 3.2.3: a display name holding one is written quoted
_Q_SAFE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!*+-/")  # RFC 2047 5(3)
_ENCODED_WORD = 75 - len("=?utf-8?q??=")  # RFC 2047 2: an encoded word is at most 75 characters
_Fields = list[tuple[str, "str | list[Address]"]]


def clean_header(text: str) -> str:
    """A header value from any input: no CR, LF, NUL or other control character survives (no injection)."""
    return " ".join(_UNSAFE.sub(" ", text).split())


def _address(addr: str, name: str = "") -> Address:
    if _UNSAFE.search(addr) or _UNSAFE.search(name) or addr.count("@") != 1:
        raise InputError(f"refusing to send to a malformed address: {addr!r}")
    local, _, domain = addr.partition("@")
    return Address(display_name=clean_header(name), username=local, domain=domain)


def enqueue(
    session: Session,
    app,
    ticket: Ticket,
    template: str,
    *,
    to: list[str],
    cc: list[str] = (),
    audience: str,
    context: dict,
    attach: bytes | None = None,
) -> int | None:
    """Render `template`, store the message and its outbox row, and record it in the ticket's history: the outbox
    row's id. An answer to a sender past the day's limits is not sent (None), and that is recorded instead."""
    now = app.clock.now()
    to = list(dict.fromkeys(a.lower() for a in to))
    if template in ANSWERS:
        to = _within_limits(session, app, ticket, template, to)
        if not to:
            return None
    cc = [a for a in dict.fromkeys(a.lower() for a in cc) if a not in to]
    external = not set(to + cc) <= app.rules.addresses.internal
    held = external and brake.braked(session, app, ticket, template, to + cc)
    subject, body = app.renderer.render(template, app.context(ticket, context))
    token = issue_token(session, app, ticket, audience, to + cc)
    bot = app.rules.addresses.bot

    subject = clean_header(f"[{ticket.ref}] {subject}")
    message_id = new_message_id(bot, ticket.ref, token)
    fields: _Fields = [("From", [_address(bot, app.rules.service_name)]), ("To", [_address(a) for a in to])]
    if cc:
        fields.append(("Cc", [_address(a) for a in cc]))
    fields += [("Reply-To", [_address(reply_address(bot, ticket.ref, token), app.rules.service_name)]),
               ("Subject", subject), ("Date", format_datetime(now)), ("Message-ID", message_id)]
    if ticket.thread_id and ticket.thread_id.strip() and not _UNSAFE.search(ticket.thread_id):
        # One thread per ticket in ordinary mail clients: everything answers the mail that opened it. A
        # Message-ID holding a NUL or another control character is the sender's, never copied into ours.
        fields += [("In-Reply-To", ticket.thread_id), ("References", ticket.thread_id)]
    fields += [("Auto-Submitted", "auto-replied" if template in _AUTO_REPLIED else "auto-generated"),
               ("X-Auto-Response-Suppress", "All"), (LOOP_HEADER, bot), ("X-Registry-Lock-Ticket", ticket.ref)]
    raw = _message(fields, body) if attach is None else _message_with_original(fields, body, attach)

    # Written at once, row by row and past the session's unit of work, which would cost more than the rows: nothing
    # of them is read as an object while the message is acted on.
    stored = _STORE.run(session, {
        "direction": "out", "source": "outbox", "message_id": message_id, "content_key": content_key(raw),
        "raw": raw, "from_addr": bot, "subject": subject, "received_at": now, "status": "queued", "kind": template,
    }).fetchone()[0]
    item = _QUEUE.run(session, {
        "ticket_id": ticket.id, "message_pk": stored, "template": template, "message_id": message_id, "to": to,
        "cc": cc, "subject": subject, "status": "held" if held else "pending", "external": external,
        "next_attempt_at": now, "created_at": now,
    }).fetchone()[0]
    from mailbot.workflow import service  # which imports this module

    service.link_stored(session, ticket, stored)
    audit.append(
        session,
        ticket,
        at=now,
        kind="mail_queued",
        actor="bot",
        reason=f"{template} to {', '.join(to + cc)}",
        before=ticket.state,
        after=ticket.state,
        data={"template": template, "to": to, "cc": cc, "outbox": item, "message_id": message_id},
        message_pk=stored,
    )
    return item


# Built once: making a statement costs more than running it.
_STORE = Rows(insert(Message.__table__).returning(Message.__table__.c.id))
_QUEUE = Rows(insert(OutboxItem.__table__).returning(OutboxItem.__table__.c.id))


def _message(fields: _Fields, body: str) -> bytes:
    """The message's bytes: `fields`, then a text/plain body in UTF-8, made as EmailMessage.set_content makes it."""
    cte, payload = _text_body(body)
    head = "".join(_header(name, value) for name, value in fields)
    return (f'{head}Content-Type: text/plain; charset="utf-8"\r\nContent-Transfer-Encoding: {cte}\r\n'
            "MIME-Version: 1.0\r\n\r\n").encode() + payload  # ASCII, but for an internationalised address


def _message_with_original(fields: _Fields, body: str, attach: bytes) -> bytes:
    """The rare message that carries the mail it is about: the email package builds the multipart."""
    msg = EmailMessage(policy=SMTP)
    for name, value in fields:
        msg[name] = value
    msg.set_content(body)
    # message/rfc822 may not be base64-encoded (RFC 2046 5.2.1): attach it as a message, not as bytes.
    msg.add_attachment(message_from_bytes(attach, policy=SMTP), disposition="attachment", filename="original.eml")
    return msg.as_bytes()


def _text_body(text: str) -> tuple[str, bytes]:
    """(Content-Transfer-Encoding, body) of `text` in UTF-8 with CRLF line ends: 7bit when it is ASCII in lines
    of 78 or fewer, else quoted-printable (RFC 2045 6.7: lines of at most 76, nothing but ASCII)."""
    lines = text.encode().splitlines()  # the line breaks set_content knows: CR, LF and CRLF
    data = b"\r\n".join(lines) + b"\r\n"
    if data.isascii() and max(map(len, lines), default=0) <= _FOLD_AT:
        return "7bit", data
    return "quoted-printable", binascii.b2a_qp(data, istext=True)  # keeps the CRLF its first line ends with


def _header(name: str, value: str | list[Address]) -> str:
    """One header field, folded, ending in CRLF. No CR, LF or NUL of a value can reach it: a word is written as
    it is only when it is printable ASCII, and anything else is encoded."""
    words = _text(value) if isinstance(value, str) else _addresses(value)
    folded = words is not None and _fold(name, words)
    return folded or SMTP.header_factory(name, value).fold(policy=SMTP)


def _plain(word: str) -> bool:
    """Printable ASCII that no reader takes for an encoded word."""
    return word.isascii() and word.isprintable() and "=?" not in word


def _runs(text: str) -> list[tuple[bool, str]]:
    """The words of `text`, in runs of plain words and of the others by turns: (plain, the run's words one space
    apart). A run of words that are not plain is encoded whole, its spaces too (RFC 2047 5(1)), because a reader
    drops the white space between two encoded words (6.2)."""
    runs: list[tuple[bool, str]] = []
    for word in text.split():
        plain = _plain(word)
        if runs and runs[-1][0] == plain:
            runs[-1] = (plain, f"{runs[-1][1]} {word}")
        else:
            runs.append((plain, word))
    return runs


def _text(value: str) -> list[str]:
    """The words of an unstructured value: what is plain stays readable, and a word that looks like an encoded
    word reads as it was written."""
    return [word for plain, run in _runs(value) for word in (run.split(" ") if plain else _encoded(run))]


def _addresses(addresses: list[Address]) -> list[str] | None:
    mailboxes = [_mailbox(address) for address in addresses]
    if None in mailboxes:
        return None
    for mailbox in mailboxes[:-1]:
        mailbox[-1] += ","
    return [word for mailbox in mailboxes for word in mailbox]


def _mailbox(address: Address) -> list[str] | None:
    """The words of `address`: `addr`, or `name <addr>`. None for an address that is not a dot-atom."""
    if not (_dot_atom(address.username) and _dot_atom(address.domain)):
        return None
    spec = f"{address.username}@{address.domain}"
    words = []
    for plain, run in _runs(address.display_name):
        if not plain:
            words += _encoded(run)
        elif _SPECIALS.isdisjoint(run):
            words += run.split(" ")
        else:  # folding white space may come between the words of a quoted string (RFC 5322 3.2.4)
            words += ('"' + run.replace("\\", "\\\\").replace('"', '\\"') + '"').split(" ")
    return words + [f"<{spec}>"] if words else [spec]


def _dot_atom(text: str) -> bool:
    """An RFC 5322 dot-atom (3.2.3); or an internationalised one (RFC 6532 3.2), whose non-ASCII characters are
    letters, marks and digits, as the address policy takes them: written as it is, in UTF-8."""
    return all(part and all(ch in _ATEXT or ch > "\x7f" and category(ch)[0] in "LMN" for ch in part)
               for part in text.split("."))


def _encoded(text: str) -> list[str]:
    """`text` as RFC 2047 encoded words of UTF-8: "Q", with only the characters a display name may hold (5(3)),
    unless "B" is shorter. Each is at most 75 characters (2) and holds whole characters (5), so a reader joins
    them into `text` again (6.2)."""
    octets = [ch.encode(errors="replace") for ch in text]
    q = [ch if ch in _Q_SAFE else "_" if ch == " " else "".join(f"={b:02X}" for b in o) for ch, o in zip(text, octets)]
    if sum(map(len, q)) <= (sum(map(len, octets)) + 2) // 3 * 4:
        return [f"=?utf-8?q?{''.join(chunk)}?=" for chunk in _chunks(q, _ENCODED_WORD)]
    chunks = _chunks(octets, _ENCODED_WORD // 4 * 3)  # 45 octets are 60 characters of base64
    return [f"=?utf-8?b?{base64.b64encode(b''.join(chunk)).decode()}?=" for chunk in chunks]


def _chunks(pieces: list, size: int) -> list[list]:
    """`pieces` in order, in chunks of at most `size` in all (a longer piece alone)."""
    chunks, chunk, length = [], [], 0
    for piece in pieces:
        if chunk and length + len(piece) > size:
            chunks.append(chunk)
            chunk, length = [], 0
        chunk.append(piece)
        length += len(piece)
    return chunks + [chunk]


def _fold(name: str, words: list[str]) -> str | None:
    """`name: words`, folded before a word that would take its line past 78 characters (RFC 5322 2.2.3). A word
    longer than a line, such as a long Message-ID, cannot be folded: it stays whole, on a line of its own unless
    it is the first. None if a line would pass 998."""
    lines, line = [], f"{name}:"
    for word in words:
        if len(line) + 1 + len(word) <= _FOLD_AT or line == f"{name}:":
            line += " " + word
        else:
            lines.append(line)
            line = " " + word
        if len(line) > _LONGEST:
            return None
    lines.append(line)
    return "\r\n".join(lines) + "\r\n"


def _within_limits(session: Session, app, ticket: Ticket, template: str, to: list[str]) -> list[str]:
    """The recipients that may still be answered today, each answer counted; for the others, the answer is
    withheld and recorded, and the operators are told the first time an address reaches its limit."""
    if not to:
        return []
    limits, now = app.rules.limits, app.clock.now()
    allowed, rows = [], []
    for address in to:
        # Answers are only ever written as rows (below), never through the session: nothing to flush first.
        per_address, per_ticket, withheld = _ANSWERED.run(
            session, {"address": address, "ticket_id": ticket.id, "since": now - timedelta(days=1)}).fetchone()
        withheld = withheld is not None
        ok = per_address < limits.answers_per_address_per_day and per_ticket < limits.answers_per_ticket_per_day
        rows.append({"address": address, "ticket_id": ticket.id, "at": now, "withheld": not ok})
        if ok:
            allowed.append(address)
            continue
        audit.append(session, ticket, at=now, kind="answer_withheld", actor="bot",
                     reason=f"{template} to {address} withheld: {per_address} answers to it in a day "
                            f"({per_ticket} on this ticket)", before=ticket.state, after=ticket.state,
                     data={"address": address, "template": template})
        if not withheld:
            from mailbot.workflow import service

            service.tell_operators(session, app, ticket, f"Automatic answers to {address} have stopped for today",
                                   [f"{address} has had {per_address} automatic answers in a day "
                                    f"({per_ticket} about {ticket.ref}).",
                                    "It may be a robot answering the bot; its mail is still stored and read."],
                                   "Look at what it sends; nothing more goes to it until tomorrow.")
    _ANSWER.many(session, rows)
    return allowed


# Built once: making a statement costs more than running it. By address, whether withheld, and time (the index):
# the day's answers to the address, at most the day's limit of them, those of them about this ticket, and whether
# one was withheld already (one row, however many were).
_TODAY = (Answer.address == bindparam("address"), Answer.at >= bindparam("since"))
_ANSWERED = Rows(select(
    select(func.count()).where(*_TODAY, Answer.withheld == false()).scalar_subquery(),
    select(func.count()).where(*_TODAY, Answer.withheld == false(), Answer.ticket_id == bindparam("ticket_id"))
    .scalar_subquery(),
    select(Answer.id).where(*_TODAY, Answer.withheld == true()).limit(1).scalar_subquery()))
_ANSWER = Rows(insert(Answer.__table__))
