"""Builders of incoming test mail, and readers of what the bot queued, for the flow tests."""

from __future__ import annotations

import email
import json
from email.message import EmailMessage
from email.policy import default
from email.utils import make_msgid
from pathlib import Path

import dkim
from sqlalchemy import select

from mailbot.ingest.receive import receive
from mailbot.store.models import OutboxItem

REGISTRAR = "requests@registrar.example"
SECURITY = "cyber-security@hmrc.gov.uk"
SECURITY_PHONE = "+44 20 7946 0000"
SOC = "soc@hmrc.gov.uk"
OPERATORS = "registry-operators@registry.example"
GDS = "domainmanagement@digital.cabinet-office.gov.uk"
NCSC = "dns-incidents@ncsc.example"
BOT = "registrylock@registry.example"


def build(*, sender: str = REGISTRAR, to: str = BOT, subject: str = "Name server change for hmrc.gov.uk",
          body: str = "Please update the name servers for hmrc.gov.uk to ns1.newdns.co.uk and ns2.newdns.co.uk.\n",
          headers: dict | None = None, message_id: str | None = None) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Message-ID"] = message_id or make_msgid(domain=sender.partition("@")[2] or "example")
    msg["Date"] = "Fri, 27 Nov 2026 10:00:00 +0000"
    for k, v in (headers or {}).items():
        msg[k] = v
    msg.set_content(body)
    return msg.as_bytes()


def request(app, **kw):
    return receive(app, build(**kw), "file")


def outbox(app, template: str | None = None, ticket: str | None = None) -> list[OutboxItem]:
    with app.sessions() as session:
        rows = list(session.scalars(select(OutboxItem).order_by(OutboxItem.id)))
        for r in rows:
            _ = r.ticket, r.message  # load while the session is open
    return [r for r in rows if (template is None or r.template == template)
            and (ticket is None or (r.ticket and r.ticket.ref == ticket))]


def parsed(item: OutboxItem) -> email.message.EmailMessage:
    return email.message_from_bytes(item.message.raw, policy=default)


def body(item: OutboxItem) -> str:
    msg = parsed(item)
    return msg.get_body(("plain",)).get_content()


DEMO_KEY = Path(__file__).resolve().parents[2] / "examples" / "demo-dkim" / "private.pem"
DEMO_DNS = json.loads((DEMO_KEY.parent / "dns.json").read_text())
SIGNED_HEADERS = [b"from", b"to", b"subject", b"date", b"message-id", b"in-reply-to", b"references"]


def dkim_sign(raw: bytes, domain: str = "hmrc.gov.uk") -> bytes:
    """Sign as the domain's mail server would, with the demo key its DNS (the tests' `dns_zone`) publishes."""
    raw = raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    present = [h for h in SIGNED_HEADERS if h + b":" in raw.lower()]
    return dkim.sign(raw, b"demo", domain.encode(), DEMO_KEY.read_bytes(), include_headers=present) + raw


REPLY_DATE = "Fri, 27 Nov 2026 12:00:00 +0000"


def reply_to(item: OutboxItem, *, sender: str, text: str, quote: bool = True, signed: bool = True,
             date: str = REPLY_DATE) -> bytes:
    """A reply as a mail client makes it: to the Reply-To, answering the Message-ID, quoting the original;
    DKIM-signed by its domain (when that domain is hmrc.gov.uk, whose key the tests' DNS publishes)."""
    return written_reply(item, sender=sender, text=text, quote=quote,
                         signed=signed and sender.partition("@")[2] == "hmrc.gov.uk", date=date)


def written_reply(item: OutboxItem, *, sender: str, text: str, quote: bool = True, signed: bool = True,
                  to: str | None = None, date: str = REPLY_DATE) -> bytes:
    """A reply to the bot's mail `item` as a mail client writes it (to its Reply-To unless `to` says otherwise),
    dated `date` (an RFC 5322 date), DKIM-signed with the demo key by the sender's domain when `signed`."""
    original = parsed(item)
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to or original["Reply-To"]
    msg["Subject"] = "Re: " + original["Subject"]
    msg["Message-ID"] = make_msgid(domain=sender.partition("@")[2])
    msg["In-Reply-To"] = original["Message-ID"]
    msg["References"] = original["Message-ID"]
    msg["Date"] = date
    quoted = "\n".join("> " + line for line in body(item).splitlines()) if quote else ""
    msg.set_content(f"{text}\n\nOn Fri, 27 Nov 2026, the Registry Lock service wrote:\n{quoted}\n")
    return dkim_sign(msg.as_bytes(), sender.partition("@")[2]) if signed else msg.as_bytes()


# The forms of a parish council signing up and of HMRC leaving, as their people send them.
PARISH_SIGNUP = """Request: Sign up
Organisation: Little Ashby Parish Council
Your name: Margaret Hale
Job title: Clerk to the Council and Senior Information Risk Owner
Email: ciso@little-ashby-pc.gov.uk
Phone: 01632 960001
Domain: little-ashby-pc.gov.uk
Registry Lock contact: security@little-ashby-pc.gov.uk, 01632 960002, Parish IT Security
Technical contact: webmaster@little-ashby-pc.gov.uk
"""
HMRC_CANCEL = """Request: Cancel
Organisation: HM Revenue and Customs
Your name: Jim Hacker
Job title: Chief Information Security Officer
Email: ciso@hmrc.gov.uk
Phone: 020 7946 0500
Domain: hmrc.gov.uk
"""
# HMRC's senior member asks to replace the SOC's mailbox with a new security operations team's.
HMRC_CONTACTS = """Request: Change Registry Lock contacts
Organisation: HM Revenue and Customs
Your name: Jim Hacker
Job title: Chief Information Security Officer
Email: ciso@hmrc.gov.uk
Phone: 020 7946 0500
Domain: hmrc.gov.uk
Add Registry Lock contact: secops@hmrc.gov.uk, 020 7946 0002, HMRC Security Operations
Remove Registry Lock contact: soc@hmrc.gov.uk
"""


def heading(item: OutboxItem) -> str:
    """What a reader sees of a mail first: its subject, one for every mail of a ticket ("[RL-000001] hmrc.gov.uk:
    change request"), and its first line, which says what this mail is about."""
    first = body(item).replace("\r\n", "\n").split("\n\n", 1)[0]
    return f"{item.subject} {' '.join(first.split())}"
