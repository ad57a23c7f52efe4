"""Registry records -> the database: the first load written whole, and a reconciled import's difference written
item by item (mailbot.registry decides which; nothing here refuses)."""

from __future__ import annotations

from sqlalchemy import select

from mailbot.registry_diff import Item
from mailbot.store.models import (
    Contact,
    Domain,
    Organisation,
    Registrar,
    RegistrarEmail,
)


def apply_difference(session, items: list[Item]) -> None:
    """Write the differences (none of them refused) to the records."""
    registrars = {r.name: r for r in session.scalars(select(Registrar))}
    orgs = {o.name: o for o in session.scalars(select(Organisation))}
    domains = {d.name: d for d in session.scalars(select(Domain).where(
        Domain.name.in_({i.subject for i in items if i.what.startswith("domain.")})))}

    def of(*what):
        return [i for i in items if i.what in what]

    # Every registrar gives up the addresses it no longer has before any takes a new one, so that an address can
    # move from one registrar to another; and a contact leaves before another of the same role and address comes.
    for i in of("registrar.emails"):
        reg = registrars[i.subject]
        for e in [e for e in reg.emails if e.email not in i.after]:
            reg.emails.remove(e)
    for i in of("contact"):
        if i.after is None:
            org = orgs[i.subject]
            org.contacts.remove(next(c for c in org.contacts if (c.role, c.email) == i.key))
    session.flush()
    for i in of("registrar"):
        registrars[i.subject] = Registrar(name=i.subject, emails=[RegistrarEmail(email=a) for a in i.after])
        session.add(registrars[i.subject])
    for i in of("registrar.emails"):
        reg = registrars[i.subject]
        have = {e.email for e in reg.emails}
        reg.emails.extend(RegistrarEmail(email=a) for a in i.after if a not in have)
    for i in of("organisation"):
        orgs[i.subject] = Organisation(name=i.subject)
        session.add(orgs[i.subject])
    for i in of("contact", "contact.phone", "contact.name"):
        org = orgs[i.subject]
        if i.what == "contact" and i.before is None:
            role, email = i.key
            org.contacts.append(Contact(role=role, email=email, phone=i.after["phone"], name=i.after["name"]))
        elif i.what != "contact":
            row = next(c for c in org.contacts if (c.role, c.email) == i.key)
            setattr(row, i.what.removeprefix("contact."), i.after)
    for i in of("domain"):
        values = i.after
        session.add(Domain(name=i.subject, organisation=orgs[values["organisation"]], locked=False,
                           registrar=registrars[values["registrar"]] if values.get("registrar") else None,
                           registrant=values.get("registrant"), nameservers=values.get("nameservers", []),
                           ds=values.get("ds", []), whois_contacts=values.get("whois_contacts", [])))
    for i in items:
        if i.what.startswith("domain."):
            dom, field = domains[i.subject], i.key[0]
            if field == "organisation":
                dom.organisation = orgs[i.after]
            elif field == "registrar":
                dom.registrar = registrars[i.after] if i.after else None
            else:
                setattr(dom, field, i.after)
    session.flush()


def write_all(session, f) -> bool:  # f: the checked mailbot.registry.RegistryFile
    """The first load: every registrar's addresses, organisation's contacts and domain's records as the file says.
    Whether anything was written. Each table is read once, and the rows found by name in memory: a registry of
    thousands of domains is written in one flush, not a query (and an autoflush) a row."""
    changed = False
    have_registrars = {r.name: r for r in session.scalars(select(Registrar))}
    have_orgs = {o.name: o for o in session.scalars(select(Organisation))}
    have_domains = {d.name: d for d in session.scalars(select(Domain))}

    def upsert(have: dict, model, name: str):
        nonlocal changed
        row = have.get(name)
        if row is None:
            row = have[name] = model(name=name)
            session.add(row)
            changed = True
        return row

    def assign(row, **values):
        nonlocal changed
        for k, v in values.items():
            if getattr(row, k) != v:
                setattr(row, k, v)
                changed = True

    registrars = {}
    for r in f.registrars:
        reg = registrars[r.name] = upsert(have_registrars, Registrar, r.name)
        for e in list(reg.emails):
            if e.email not in r.emails:
                reg.emails.remove(e)
                changed = True
    # An address leaves the registrar that no longer has it before another takes it.
    session.flush()
    for r in f.registrars:
        reg = registrars[r.name]
        have = {e.email for e in reg.emails}
        for address in r.emails:
            if address not in have:
                reg.emails.append(RegistrarEmail(email=address))
                changed = True
    for o in f.organisations:
        org = upsert(have_orgs, Organisation, o.name)
        wanted = {(c.role, c.email): c for c in o.contacts}
        for c in list(org.contacts):
            if (c.role, c.email) not in wanted:
                org.contacts.remove(c)
                changed = True
        have = {(c.role, c.email): c for c in org.contacts}
        for key, c in wanted.items():
            row = have.get(key)
            if row is None:
                org.contacts.append(Contact(role=c.role, email=c.email, phone=c.phone, name=c.name))
                changed = True
            else:
                assign(row, phone=c.phone, name=c.name)
        for d in o.domains:
            dom = upsert(have_domains, Domain, d.name)
            reg = registrars.get(d.registrar) if d.registrar else None
            assign(dom, organisation=org, locked=d.locked, registrar=reg, registrant=d.registrant,
                   nameservers=d.nameservers, ds=d.ds, whois_contacts=d.whois_contacts)
    session.flush()
    return changed
