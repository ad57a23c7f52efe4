"""Registry records -> the operator: `mailbot registry show DOMAIN` and the lines `mailbot registry import` prints.

For operators at the command line only: a domain's view names its lock contacts, which no mail to a registrar,
and nothing in WHOIS, ever does.
"""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from mailbot.errors import InputError, NotFound
from mailbot.parse.change_request.names import normalise_domain
from mailbot.registry_diff import shown
from mailbot.store.models import Domain, RegistryEvent, Ticket


def domain_view(session: Session, name: str) -> dict:
    """Everything the registry holds about one domain: its records and lock, its organisation and registrar,
    the organisation's contacts (lock contacts apart), the tickets about it, and the history of its records."""
    found = normalise_domain(name)
    if found is None:
        raise InputError(f"not a domain name: {name!r}")
    domain = session.scalar(select(Domain).where(Domain.name == found))
    if domain is None:
        raise NotFound(f"no domain {found!r} in the registry")
    org, registrar = domain.organisation, domain.registrar
    contacts = sorted(org.contacts if org else [], key=lambda c: (c.role, c.email))
    subjects = [domain.name] + ([org.name] if org else [])
    tickets = session.scalars(select(Ticket).where(or_(Ticket.domain_id == domain.id,
                                                       Ticket.organisation_id == (org.id if org else None)))
                              .order_by(Ticket.id))
    events = session.scalars(select(RegistryEvent).where(RegistryEvent.subject.in_(subjects))
                             .order_by(RegistryEvent.seq))
    return {
        "domain": domain.name,
        "locked": bool(domain.locked),
        "organisation": org.name if org else None,
        "registrar": {"name": registrar.name, "emails": sorted(e.email for e in registrar.emails)}
        if registrar else None,
        "registrant": domain.registrant,
        "nameservers": list(domain.nameservers or []),
        "ds": list(domain.ds or []),
        "whois_contacts": list(domain.whois_contacts or []),
        "lock_contacts": [{"email": c.email, "phone": c.phone, "name": c.name} for c in contacts
                          if c.role == "security"],
        "contacts": [{"role": c.role, "email": c.email, "phone": c.phone, "name": c.name} for c in contacts
                     if c.role != "security"],
        "tickets": [{"ref": t.ref, "kind": t.kind, "state": t.state} for t in tickets
                    if domain.name in (t.domains or [])],
        "history": [{"seq": e.seq, "at": e.at.isoformat(), "kind": e.kind, "subject": e.subject, "actor": e.actor,
                     "before": e.data.get("before"), "after": e.data.get("after")} for e in events],
    }


def domain_text(view: dict) -> str:
    registrar = view["registrar"]
    lines = [
        f"{'domain:':16}{view['domain']}",
        f"{'lock:':16}{'locked' if view['locked'] else 'not locked'}",
        f"{'organisation:':16}{shown(view['organisation'])}",
        f"{'registrar:':16}" + (f"{registrar['name']} ({', '.join(registrar['emails'])})" if registrar else "-"),
        f"{'registrant:':16}{shown(view['registrant'])}",
        f"{'name servers:':16}{', '.join(view['nameservers']) or '-'}",
        f"{'DS records:':16}{', '.join(view['ds']) or '-'}",
        f"{'WHOIS contacts:':16}{', '.join(view['whois_contacts']) or '-'}",
        "",
        "Lock contacts (confidential: never to a registrar, never in WHOIS):",
        *([f"  {c['email']:40}{shown(c['phone']):22}{c['name'] or ''}".rstrip() for c in view["lock_contacts"]]
          or ["  none"]),
        "",
        "Other contacts:",
        *([f"  {c['role']:11}{c['email']:40}{c['phone'] or ''}".rstrip() for c in view["contacts"]] or ["  none"]),
        "",
        "Tickets:",
        *([f"  {t['ref']:11}{t['kind']:14}{t['state']}" for t in view["tickets"]] or ["  none"]),
        "",
        "Records history:",
        *([f"  {e['seq']:>4}  {e['at'][:16]}  {e['kind']:22}{e['actor']}: {shown(e['before'])} -> "
           f"{shown(e['after'])}" for e in view["history"]] or ["  none"]),
    ]
    return "\n".join(lines)


def outcome_line(result: dict) -> str:
    items = result["differences"]
    refused = sum(1 for i in items if i["refused"])
    if not items:
        return "no differences: nothing to write"
    if refused:
        return (f"{len(items)} difference(s), {refused} refused: the file is refused whole and nothing was written "
                "(make each refused change by its flow, and take it out of the file)")
    if result["applied"]:
        return f"{len(items)} difference(s) written, each recorded on the registry's history"
    return f"{len(items)} difference(s), nothing written: run again with --apply --operator NAME to write them"
