"""Workflow: the values the mails show of a ticket (its change, its registrar, the request it came from, the
lock contacts), as the templates read them."""

from __future__ import annotations

import textwrap

from sqlalchemy.orm import Session

from mailbot.parse.commands import visible
from mailbot.services import Services
from mailbot.store import records
from mailbot.store.models import Domain, Message, Ticket
from mailbot.store.values import Kind

LABELS = {"nameservers": "Name servers", "ds": "DS records", "contacts": "Contacts", "registrant": "Registrant"}


def current_values(domain: Domain, field: str) -> list[str]:
    if field == "nameservers":
        return list(domain.nameservers or [])
    if field == "ds":
        return list(domain.ds or [])
    if field == "contacts":
        return list(domain.whois_contacts or [])
    registrant = domain.registrant or (domain.organisation.name if domain.organisation else None)
    return [registrant] if registrant else []


def changed_domains(session: Session, ticket: Ticket) -> list[Domain]:
    """The domains a change ticket changes, in the order of its request (one organisation's)."""
    return [domain for name in ticket.change if (domain := records.domain_by_name(session, name)) is not None]


def change_context(session: Session, ticket: Ticket) -> dict:
    """The change as its mails show it: for each domain and field, the current records and the resulting ones
    (`requested`: the records the domain will hold, which the ticket records), side by side; the mails mark each
    value added or removed by comparing the two. `domain` names every domain changed ("a.gov.uk and b.gov.uk"),
    and each item's label names its domain when there are several. A contact change shows the organisation's
    Registry Lock contacts now and after it, as one item."""
    if ticket.kind == Kind.CONTACT_CHANGE:
        return _contact_change_context(session, ticket)
    domains = changed_domains(session, ticket) or ([ticket.domain] if ticket.domain else [])
    several = len(domains) > 1
    return {
        "domain": and_list([d.name for d in domains]),
        "domains": [d.name for d in domains],
        "several": several,
        "items": [
            {"domain": d.name, "field": f, "label": f"{LABELS[f]} of {d.name}" if several else LABELS[f],
             "current": current_values(d, f), "requested": list(values)}
            for d in domains for f, values in ticket.change.get(d.name, {}).items()
        ],
    }


def _contact_change_context(session: Session, ticket: Ticket) -> dict:
    present = {c.email: c for c in security_contacts(session, ticket)}
    before = list(present)
    form = ticket.form or {}
    after = [a for a in before if a not in form.get("remove", [])]
    after += [c["email"] for c in form.get("add", []) if c["email"] not in after]
    # A present contact whose phone (and name) change stays in both lists: each mail shows the values before and after.
    changed = [line for c in form.get("change", []) if (old := present.get(c["email"])) is not None
               for line in (f"{old.email}: phone {old.phone or '(none)'} -> {c['phone']}",
                            *([f"{old.email}: name {old.name or '(none)'} -> {c['name']}"]
                              if c.get("name") and c["name"] != old.name else []))]
    names = list(ticket.domains)
    return {"domain": and_list(names), "domains": names, "several": len(names) > 1,
            "items": [{"domain": and_list(names), "field": "lock_contacts", "label": "Registry Lock contacts",
                       "current": before, "requested": after, "changed": changed}]}


def and_list(names: list[str]) -> str:
    """"a", "a and b", "a, b and c"."""
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def lock_contacts_in_whois(session: Session, ticket: Ticket) -> list[str]:
    """The domain's Registry Lock contacts that the change would make WHOIS (or admin) contacts: lock contacts
    must stay apart from every contact published in WHOIS, as at sign-up (the seed). For the operators only."""
    resulting = {value.lower() for fields in (ticket.change or {}).values() for value in fields.get("contacts", [])}
    return [c.email for c in security_contacts(session, ticket) if c.email.lower() in resulting]


def security_contacts(session: Session, ticket: Ticket):
    return records.contacts(session, ticket.organisation_id, "security")


def request_context(app: Services, message: Message | None) -> dict:
    if message is None:
        return {"from": "", "subject": "", "message_id": "", "received_at": ""}
    return {"from": message.from_addr or "(none)", "subject": message.subject or "(no subject)",
            "message_id": message.message_id or "(none)", "received_at": app.when(message.received_at)}


def registrar_context(ticket: Ticket) -> dict | None:
    if ticket.kind == Kind.CONTACT_CHANGE:  # asked for by the organisation's own senior member, not a registrar
        form = ticket.form or {}
        return {"name": f"{form.get('requester_name')}, {form.get('job_title')}, {form.get('organisation')}"}
    return {"name": ticket.registrar.name} if ticket.registrar else None


# What of a reply's words the operators are shown: enough to see what was meant, not a whole message.
QUOTED_LINES = 40
QUOTED_CHARS = 4000


def quoted_words(words: tuple[str, ...]) -> str:
    """The sender's words as a quotation for the operators' notice: each line after "> ", folded to fit the notice,
    the first QUOTED_LINES lines or QUOTED_CHARS characters, with control and invisible characters shown, not
    obeyed."""
    if not words:
        return "> (nothing: the reply has no words of its own above the mail it answers)"
    shown, size = [], 0
    for line in words[:QUOTED_LINES]:
        line = visible("".join(ch if ch.isprintable() else f"<U+{ord(ch):04X}>" for ch in line))
        line = line[:QUOTED_CHARS - size]
        size += len(line)
        shown += ["> " + part for part in textwrap.wrap(line, 64, break_long_words=True, break_on_hyphens=False)]
        if size >= QUOTED_CHARS:
            break
    if size >= QUOTED_CHARS or len(words) > QUOTED_LINES:
        shown.append("> [...]")
    return "\n".join(shown)
