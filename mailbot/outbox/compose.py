"""Outbox: builds a ticket's outgoing message and writes it, with its outbox row, in the caller's transaction."""

from __future__ import annotations

import re
from datetime import timedelta
from email import message_from_bytes
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailbot import audit
from mailbot.outbox import brake
from mailbot.errors import InputError
from mailbot.parse import content_key
from mailbot.store.models import Event, Message, OutboxItem, Ticket, TicketMessage
from mailbot.tokens import issue_token, new_message_id, reply_address

LOOP_HEADER = "X-Registry-Lock-Loop"
_UNSAFE = re.compile(r"[\x00-\x1f\x7f]")
# Acknowledgements answer the sender's own mail (RFC 3834 "auto-replied"); the rest are "auto-generated".
_AUTO_REPLIED = {"change_received"}
# Answers to a sender's own mail: bounded per address and per ticket a day (rules.yaml `limits`).
ANSWERS = {"change_received", "signup_received", "signup_rejected", "cancellation_received", "cancellation_rejected",
           "command_result"}


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
) -> OutboxItem | None:
    """Render `template`, store the message and its outbox row, and record it in the ticket's history.

    An answer to a sender past the day's limits is not sent (None), and that is recorded instead."""
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

    msg = EmailMessage(policy=SMTP)
    msg["From"] = _address(bot, app.rules.service_name)
    msg["To"] = [_address(a) for a in to]
    if cc:
        msg["Cc"] = [_address(a) for a in cc]
    msg["Reply-To"] = _address(reply_address(bot, ticket.ref, token), app.rules.service_name)
    subject = clean_header(f"[{ticket.ref}] {subject}")
    msg["Subject"] = subject
    msg["Date"] = format_datetime(now)
    message_id = new_message_id(bot, ticket.ref, token)
    msg["Message-ID"] = message_id
    if ticket.thread_id and not _UNSAFE.search(ticket.thread_id):
        # One thread per ticket in ordinary mail clients: everything answers the mail that opened it. A
        # Message-ID holding a NUL or another control character is the sender's, never copied into ours.
        msg["In-Reply-To"] = ticket.thread_id
        msg["References"] = ticket.thread_id
    msg["Auto-Submitted"] = "auto-replied" if template in _AUTO_REPLIED else "auto-generated"
    msg["X-Auto-Response-Suppress"] = "All"
    msg[LOOP_HEADER] = bot
    msg["X-Registry-Lock-Ticket"] = ticket.ref
    msg.set_content(body)
    if attach is not None:
        # message/rfc822 may not be base64-encoded (RFC 2046 5.2.1): attach it as a message, not as bytes.
        msg.add_attachment(message_from_bytes(attach, policy=SMTP), disposition="attachment", filename="original.eml")
    raw = msg.as_bytes()

    stored = Message(
        direction="out",
        source="outbox",
        message_id=message_id,
        content_key=content_key(raw),
        raw=raw,
        from_addr=bot,
        subject=subject,
        received_at=now,
        status="queued",
        kind=template,
    )
    item = OutboxItem(
        ticket_id=ticket.id,
        message=stored,
        template=template,
        message_id=message_id,
        to=to,
        cc=cc,
        subject=subject,
        status="held" if held else "pending",
        external=external,
        attempts=0,
        next_attempt_at=now,
        created_at=now,
    )
    session.add_all([stored, item])
    session.flush()  # one flush gives both their keys, for the link and the history
    session.add(TicketMessage(ticket_id=ticket.id, message_id=stored.id))
    audit.append(
        session,
        ticket,
        at=now,
        kind="mail_queued",
        actor="bot",
        reason=f"{template} to {', '.join(to + cc)}",
        before=ticket.state,
        after=ticket.state,
        data={"template": template, "to": to, "cc": cc, "outbox": item.id, "message_id": message_id},
        message_pk=stored.id,
    )
    return item


def _within_limits(session: Session, app, ticket: Ticket, template: str, to: list[str]) -> list[str]:
    """The recipients that may still be answered today; for the others, the answer is withheld and recorded,
    and the operators are told the first time an address reaches its limit."""
    limits, since = app.rules.limits, app.clock.now() - timedelta(days=1)
    # A day's answers are few (the global brake bounds them), and the index on created_at finds them.
    recent = session.execute(select(OutboxItem.ticket_id, OutboxItem.to).where(
        OutboxItem.created_at >= since, OutboxItem.template.in_(ANSWERS))).all()
    allowed = []
    for address in to:
        per_address = sum(address in row.to for row in recent)
        per_ticket = sum(address in row.to and row.ticket_id == ticket.id for row in recent)
        if per_address < limits.answers_per_address_per_day and per_ticket < limits.answers_per_ticket_per_day:
            allowed.append(address)
            continue
        withheld = session.scalars(select(Event.data).where(Event.kind == "answer_withheld", Event.at >= since))
        first = not any(data.get("address") == address for data in withheld)
        audit.append(session, ticket, at=app.clock.now(), kind="answer_withheld", actor="bot",
                     reason=f"{template} to {address} withheld: {per_address} answers to it in a day "
                            f"({per_ticket} on this ticket)", before=ticket.state, after=ticket.state,
                     data={"address": address, "template": template})
        if first:
            from mailbot.workflow import service

            service.tell_operators(session, app, ticket, f"Automatic answers to {address} have stopped for today",
                                   [f"{address} has had {per_address} automatic answers in a day "
                                    f"({per_ticket} about {ticket.ref}).",
                                    "It may be a robot answering the bot; its mail is still stored and read."],
                                   "Look at what it sends; nothing more goes to it until tomorrow.")
    return allowed
