"""Outbox: builds a ticket's outgoing message and writes it, with its outbox row, in the caller's transaction; says
what it decided (queued, held by the brake, withheld past a day's answers: mailbot.outbox.decision)."""

from __future__ import annotations

import re
import textwrap
from email import message_from_bytes
from email.header import Header
from email.headerregistry import Address, HeaderRegistry
from email.message import EmailMessage
from email.policy import SMTP, SMTPUTF8, EmailPolicy, compat32
from email.utils import format_datetime, formataddr, quote
from functools import lru_cache
from itertools import groupby

from sqlalchemy import insert
from sqlalchemy.orm import Session

from mailbot import audit
from mailbot.errors import InputError
from mailbot.outbox import brake
from mailbot.outbox.answers import ANSWERS, within_limits
from mailbot.outbox.decision import Decision, Verdict, Withheld
from mailbot.parse.mail import content_key
from mailbot.services import Services
from mailbot.store.models import Message, OutboxItem, Ticket
from mailbot.store.rows import Rows
from mailbot.store.ticket_messages import link_stored
from mailbot.store.values import MessageStatus, OutboxStatus
from mailbot.tokens import LOOP_HEADER, issue_token, new_message_id, reply_address

_UNSAFE = re.compile(r"[\x00-\x1f\x7f]")
# Acknowledgements answer the sender's own mail (RFC 3834 "auto-replied"); the rest are "auto-generated".
_AUTO_REPLIED = {"change_received", "request_unclear"}


def clean_header(text: str) -> str:
    """A header value from any input: no CR, LF, NUL or other control character survives (no injection)."""
    return " ".join(_UNSAFE.sub(" ", text).split())


def enqueue(
    session: Session,
    app: Services,
    ticket: Ticket,
    template: str,
    *,
    to: list[str],
    cc: list[str] = (),
    audience: str,
    context: dict,
    attach: bytes | None = None,
) -> Decision:
    """Render `template`, store the message and its outbox row, and record it in the ticket's history; or, for an
    answer to a sender past the day's limits, record that it was withheld. What was decided, and by which rule, is
    returned for the caller to act on: it is for the workflow to tell the operators when a sender's answers stop for
    the day (`Withheld.first`) or the global brake engages (`Brake.engaged`)."""
    now = app.clock.now()
    to = list(dict.fromkeys(a.lower() for a in to))
    withheld: list[Withheld] = []
    if template in ANSWERS:
        to, withheld = within_limits(session, app, ticket, template, to)
        if not to:
            return Decision(Verdict.WITHHELD, template, withheld=tuple(withheld))
    cc = [a for a in dict.fromkeys(a.lower() for a in cc) if a not in to]
    external = not set(to + cc) <= app.rules.addresses.internal
    held = brake.braked(session, app, ticket, template, to + cc) if external else None
    subject, body = app.renderer.render(template, app.context(ticket, context))
    token = issue_token(session, app, ticket, audience, to + cc)
    bot = app.rules.addresses.bot

    # One subject for every mail of a ticket, so that Outlook's conversations, Gmail's threads and Thunderbird's
    # group it; what each mail is about is its first line.
    body = f"{textwrap.fill(clean_header(subject), 72, break_long_words=False, break_on_hyphens=False)}\n\n{body}"
    subject = clean_header(thread_subject(ticket))
    message_id = new_message_id(bot, ticket.ref, token)
    name = clean_header(app.rules.service_name)
    fields = [_mailbox("From", name, bot), _addresses("To", tuple(to))]
    if cc:
        fields.append(_addresses("Cc", tuple(cc)))
    fields += [_mailbox("Reply-To", name, reply_address(bot, ticket.ref, token)), _text("Subject", subject),
               _as_it_is("Date", format_datetime(now)), _as_it_is("Message-ID", message_id)]
    # In-Reply-To: the mail this one answers, the one that caused it (session.info["answering"], set while an
    # incoming mail is acted on), else the mail that opened the ticket; References: the ticket's thread, from the mail
    # that opened it (RFC 5322 3.6.4). A Message-ID holding a control character, or anything but printable ASCII, is
    # the sender's, never copied into ours.
    thread = [i for i in dict.fromkeys(((ticket.thread_id or "").strip(), session.info.get("answering") or ""))
              if i and _plain(i) and len(i) <= _LONGEST - len("In-Reply-To: ")]
    if thread and len(" ".join(thread)) <= _LONGEST - len("References: "):
        fields += [_as_it_is("In-Reply-To", thread[-1]), _references(tuple(thread))]
    fields += [_as_it_is("Auto-Submitted", "auto-replied" if template in _AUTO_REPLIED else "auto-generated"),
               _as_it_is("X-Auto-Response-Suppress", "All"), _as_it_is(LOOP_HEADER, bot),
               _as_it_is("X-Registry-Lock-Ticket", ticket.ref)]
    raw = _message(fields, body, attach)

    # Written at once, row by row and past the session's unit of work, which would cost more than the rows: nothing
    # of them is read as an object while the message is acted on.
    stored = _STORE.run(session, {
        "direction": "out", "source": "outbox", "message_id": message_id, "content_key": content_key(raw),
        "raw": raw, "from_addr": bot, "subject": subject, "received_at": now, "status": MessageStatus.QUEUED,
        "kind": template,
    }).fetchone()[0]
    item = _QUEUE.run(session, {
        "ticket_id": ticket.id, "message_pk": stored, "template": template, "message_id": message_id, "to": to,
        "cc": cc, "subject": subject, "status": OutboxStatus.PENDING if held is None else OutboxStatus.HELD,
        "external": external, "next_attempt_at": now, "created_at": now,
    }).fetchone()[0]
    link_stored(session, ticket, stored)
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
    return Decision(Verdict.QUEUED if held is None else Verdict.HELD, template, item, tuple(to + cc), tuple(withheld),
                    held)


# What a ticket is, in its subject.
_KINDS = {"change": "change request", "signup": "sign-up", "cancellation": "cancellation",
          "contact_change": "Registry Lock contacts change", "triage": "message",
          "zone_alarm": "change in the published zone"}


def thread_subject(ticket: Ticket) -> str:
    """The one subject of every mail of a ticket: "[RL-000001] hmrc.gov.uk: change request", "[RL-000002]
    little-ashby-pc.gov.uk: sign-up for Little Ashby Parish Council". The tag is what a reply is matched by when it
    carries nothing else; the domains are those the ticket was opened for."""
    domains = list(ticket.domains or [])
    where = (" and ".join(domains) if len(domains) <= 2
             else f"{domains[0]} and {len(domains) - 1} more domains")
    what = _KINDS.get(str(ticket.kind), str(ticket.kind))
    organisation = (ticket.form or {}).get("organisation") if str(ticket.kind) != "triage" else None
    if organisation:  # a form's: who asks, as the form gives it
        what = f"{what} for {organisation}"
    return f"[{ticket.ref}] {where}: {what}" if where else f"[{ticket.ref}] {what}"


# Built once: making a statement costs more than running it.
_STORE = Rows(insert(Message.__table__).returning(Message.__table__.c.id))
_QUEUE = Rows(insert(OutboxItem.__table__).returning(OutboxItem.__table__.c.id))


# The header section is folded (RFC 5322 2.2.3: lines of at most 78 characters) and encoded (RFC 2047) by the email
# package, each field in the cheapest of its ways that writes the value exactly:
# - printable ASCII that fits on a line, as the SMTP policy writes a value it need not fold: as it is;
# - any other value by compat32's Header: runs of plain words as they are, the others encoded, folded between
#   words. Not by the modern header registry: it decodes the encoded words of any value it is given, and Python
#   before 3.11.10 then writes a CR or LF one holds as it is (CVE-2024-6923); it reads a display name made of several
#   encoded words with a space between them (RFC 2047 6.2 says none); and a display name beyond ASCII costs it
#   some 2.7 ms, against 36 µs for all of a mail when the header section was written by hand;
# - internationalised addresses (RFC 6532) in UTF-8, as they are: as the SMTPUTF8 policy writes a value it need not
#   fold, or, longer, folded by its header registry, which is given no encoded word (none may be part of an address,
#   RFC 2047 5).
# Fields that recur (the bot's From, a recipient, a ticket's subject, the fixed ones) are made once and remembered.
_LONGEST = 998  # RFC 5322 2.1.1: a line MUST be at most 998 characters
_SPECIALS = frozenset('()<>[]:;@\\,."')  # RFC 5322 3.2.3: a display name's words holding one are written quoted
_FOLDED = compat32.clone(linesep="\r\n")
_ONE_LINE = SMTP.clone(max_line_length=_LONGEST)  # a Message-ID cannot be folded (RFC 5322 3.6.4)


class _Registry(HeaderRegistry):
    """The standard header registry, whose classes, and headers of a text value, are made once each: the registry
    makes a new class at every look-up, which costs more than the header it parses, and a header is an immutable
    value that serves every mail (the MIME entity's Content-Type, Content-Transfer-Encoding and MIME-Version)."""

    def __init__(self) -> None:
        super().__init__()
        self.classes: dict[str, type] = {}
        self.made = lru_cache(maxsize=64)(super().__call__)

    def __getitem__(self, name: str) -> type:
        name = name.lower()
        if name not in self.classes:
            self.classes[name] = super().__getitem__(name)
        return self.classes[name]

    def __call__(self, name: str, value):
        return self.made(name, value) if isinstance(value, str) else super().__call__(name, value)


_REGISTRY = _Registry()
_UTF8 = SMTPUTF8.clone(header_factory=_REGISTRY)
# The body: 7bit where its lines allow, else quoted-printable or base64, never 8bit (a relay need not offer 8BITMIME).
_BODY = SMTP.clone(cte_type="7bit", header_factory=_REGISTRY)


class _Writer(EmailPolicy):
    """The SMTP policy, remembering the header fields it wrote: a MIME entity's are the same few in every mail, and
    folding one costs more than writing the rest of the entity."""

    @lru_cache(maxsize=64, typed=True)  # typed: a header object and a text that are equal fold differently
    def fold_binary(self, name: str, value) -> bytes:
        return super().fold_binary(name, value)


# The MIME entity is written with the header lines of an attached original as they came, 8bit as it came: refolding
# one would have the header registry decode it.
_WRITTEN = _Writer(linesep="\r\n", refold_source="none", header_factory=_REGISTRY)


def _plain(text: str) -> bool:
    """Printable ASCII that no reader takes for an encoded word: written as it is."""
    return text.isascii() and text.isprintable() and "=?" not in text


def _fits(name: str, text: str) -> bool:
    return _plain(text) and len(name) + 2 + len(text) <= SMTP.max_line_length


@lru_cache(maxsize=256)
def _as_it_is(name: str, value: str) -> str:
    """A field the bot writes, or a Message-ID: printable ASCII, never folded or encoded, on one line."""
    if not _plain(value) or len(name) + 2 + len(value) > _LONGEST:
        raise InputError(f"refusing to write {name}: {value!r}")
    return _ONE_LINE.fold(name, value)


def _references(ids: tuple[str, ...]) -> str:
    """References: Message-IDs of printable ASCII, folded between them (RFC 5322 3.6.4), never within one."""
    text = " ".join(ids)
    if all(len("References: ") + len(i) <= SMTP.max_line_length for i in ids):
        return SMTP.fold("References", text)  # folded between them where they do not fit on one line
    return _as_it_is("References", text)  # one too long to fold: on one line, as In-Reply-To is


@lru_cache(maxsize=256)
def _text(name: str, text: str) -> str:
    """An unstructured field, such as the Subject: it reads as it was written, words that look encoded too."""
    return SMTP.fold(name, text) if _fits(name, text) else _FOLDED.fold(name, _words(Header(header_name=name), text))


@lru_cache(maxsize=256)
def _mailbox(name: str, display_name: str, address: str) -> str:
    """From or Reply-To: `display_name <address>`."""
    _check(address)
    if not address.isascii():
        return _utf8(name, Address(display_name=display_name, username=address.rpartition("@")[0],
                                   domain=address.rpartition("@")[2]))
    if _plain(display_name) and _fits(name, text := formataddr((display_name, address))):  # quoted if it must be
        return SMTP.fold(name, text)
    field = _words(Header(header_name=name), display_name, phrase=True)
    field.append(f" <{address}>" if display_name else address)
    return _FOLDED.fold(name, field)


@lru_cache(maxsize=1024)
def _addresses(name: str, addresses: tuple[str, ...]) -> str:
    """To or Cc: addresses alone, folded after a comma."""
    for address in addresses:
        _check(address)
    text = ", ".join(addresses)
    if text.isascii():
        return SMTP.fold(name, text) if _fits(name, text) else _FOLDED.fold(name, text)
    if len(name) + 2 + len(text) <= SMTP.max_line_length:
        return _UTF8.fold(name, text)  # RFC 6532: as it is, in UTF-8
    return _utf8(name, *(Address(username=a.rpartition("@")[0], domain=a.rpartition("@")[2]) for a in addresses))


def _check(address: str) -> None:
    if not address.isprintable() or address.count("@") != 1:
        raise InputError(f"refusing to send to a malformed address: {address!r}")


def _utf8(name: str, *addresses: Address) -> str:
    """A field of internationalised addresses folded by the header registry, which decodes any encoded word it is
    given: none may be part of an address (RFC 2047 5), nor of a display name beside one here."""
    if any("=?" in str(address) for address in addresses):
        raise InputError(f"refusing to write an encoded word into {name}: {', '.join(map(str, addresses))!r}")
    return _UTF8.fold(name, _UTF8.header_factory(name, addresses))


def _words(field: Header, text: str, *, phrase: bool = False) -> Header:
    """`text` appended to `field` in runs of words by turns plain and not: the plain ones as they are (in a display
    name, quoted if one holds a special), the others for Header to encode in UTF-8. A run is encoded whole, its spaces
    too, because a reader drops the white space between two encoded words (RFC 2047 6.2); Header puts a space
    between two runs."""
    for plain, words in groupby(text.split(), _plain):
        run = " ".join(words)
        if not plain:
            field.append(run, "utf-8")
        else:
            field.append(f'"{quote(run)}"' if phrase and not _SPECIALS.isdisjoint(run) else run)
    return field


def _message(fields: list[str], body: str, attach: bytes | None) -> bytes:
    """The mail: its header fields, then the MIME entity the email package makes of `body` (RFC 2045): text/plain in
    UTF-8, in a multipart with the mail it is about as a message/rfc822 part when there is one (`attach`)."""
    entity = EmailMessage(policy=_BODY)
    entity.set_content(body)
    if attach is not None:
        # message/rfc822 may not be base64-encoded (RFC 2046 5.2.1): attached as a message, not as bytes.
        entity.add_attachment(message_from_bytes(attach, policy=SMTP), disposition="attachment",
                              filename="original.eml")
        try:
            return "".join(fields).encode() + entity.as_bytes(policy=_WRITTEN)
        except _UNWRITABLE:
            # A message the email package cannot write out again (bytes beyond ASCII in its header section, a
            # broken structure): attached as the bytes it came as, base64-encoded, never altered or dropped.
            entity = EmailMessage(policy=_BODY)
            entity.set_content(body)
            entity.add_attachment(attach, maintype="application", subtype="octet-stream", disposition="attachment",
                                  filename="original.eml")
    return "".join(fields).encode() + entity.as_bytes(policy=_WRITTEN)  # ASCII, but for an internationalised address


# What the email package raises writing out a message it read from malformed bytes.
_UNWRITABLE = (UnicodeError, LookupError, ValueError, TypeError, AttributeError, IndexError, RecursionError)
