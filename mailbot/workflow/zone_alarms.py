"""Workflow: what the zone watch (mailbot.workflow.zone_watch) does with a locked domain's delegation as the published
zone shows it. A difference from the records held that no authorised change accounts for opens a zone_alarm ticket
and tells the domain's lock contacts, GDS, NCSC and the operators at once, at any hour ("The Registry Lock service
will check any changes to the .gov.uk zone file for your domain"); they are told again only when the zone changes
again, until an operator resolves the alarm with a reason. A change recorded as applied is followed until the zone
shows its records ("seen in the zone", with the serial, on its ticket); one that appears different, or not within
rules.yaml's zone.appear_within_hours, is told to the operators and GDS."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailbot.errors import TransitionRefused
from mailbot.services import Services
from mailbot.store import queries, records
from mailbot.store.models import Domain, HistoryEntry, Ticket
from mailbot.store.values import Kind, State
from mailbot.workflow.contexts import LABELS
from mailbot.workflow.notices import queue, tell_operators
from mailbot.workflow.states import Event
from mailbot.workflow.tickets import new_ticket, note, transition
from mailbot.zone.check import ZoneCheck

ACTOR = "zone watch"
SEEN = "seen_in_zone"  # an applied change's records appeared in the zone (ends the follow)
NOT_SEEN = "not_seen_in_zone"  # ... did not appear in the time allowed (ends the follow; operators and GDS told)
DIFFERENT = "different_in_zone"  # ... the zone changed, but not to them (operators and GDS told)
AGAIN = "zone_changed_again"  # an open alarm's domain changed again in the zone (everyone told again)
# How far back a change recorded as applied is looked for, past the time it may take to appear: a bot that was
# stopped for a few days still tells of one that never appeared.
FOLLOW_DAYS = 7


def held_records(domain: Domain) -> dict[str, list[str]]:
    return {"nameservers": sorted(domain.nameservers or []), "ds": sorted(domain.ds or [])}


def compare(session: Session, app: Services, domain: Domain, in_zone: dict, serial: int, previous: int | None,
            now: datetime, result: ZoneCheck) -> None:
    """A locked domain with no applied change on its way: an alarm when the zone differs from the records held, or
    everyone told again when its open alarm's domain changed again in the zone."""
    held = held_records(domain)
    alarm = session.scalar(select(Ticket).where(Ticket.kind == Kind.ZONE_ALARM, Ticket.state == State.ALARMED,
                                                Ticket.domain_id == domain.id).order_by(Ticket.id.desc()).limit(1))
    data = {"domain": domain.name, "held": held, "zone": in_zone, "serial": serial, "previous_serial": previous}
    if alarm is not None:
        if alarm.change.get(domain.name) == in_zone:
            return  # told already: nothing new in the zone for this domain
        alarm.change = {domain.name: in_zone}
        note(session, app, alarm, AGAIN, actor=ACTOR, data=data,
             reason=f"the published zone changed again at serial {serial}"
                    + ("; it shows the records held again" if in_zone == held else ""))
        _tell(session, app, alarm, domain, held, in_zone, serial, previous, now, again=True)
        result.alarms.append({"ticket": alarm.ref, "domain": domain.name, "again": True})
        return
    if in_zone == held:
        return
    ticket = new_ticket(session, app, Kind.ZONE_ALARM, Event.ZONE_ALARM, actor=ACTOR, message=None,
                        domains=[domain.name], domain=domain, organisation_id=domain.organisation_id,
                        change={domain.name: in_zone},
                        reason=f"the published zone at serial {serial} differs from the records held for "
                               f"{domain.name}, and no authorised change accounts for it")
    note(session, app, ticket, "zone_records", actor=ACTOR, data=data,
         reason=f"held: {_said(held)}; in the zone: {_said(in_zone)}")
    _tell(session, app, ticket, domain, held, in_zone, serial, previous, now, again=False)
    result.alarms.append({"ticket": ticket.ref, "domain": domain.name, "again": False})


def _tell(session: Session, app: Services, ticket: Ticket, domain: Domain, held: dict, in_zone: dict, serial: int,
          previous: int | None, now: datetime, *, again: bool) -> None:
    a = app.rules.addresses
    contacts = [c.email for c in records.contacts(session, domain.organisation_id, "security")]
    fields = [f for f in ("nameservers", "ds") if held[f] != in_zone[f]] or ["nameservers"]
    change = {"domain": domain.name, "domains": [domain.name], "several": False,
              "items": [{"domain": domain.name, "field": f, "label": LABELS[f], "current": held[f],
                         "requested": in_zone[f]} for f in fields]}
    queue(session, app, ticket, "zone_alarm", to=contacts or [a.gds], cc=[a.gds, *a.ncsc, *a.operators],
          audience="notify",
          context={"change": change, "serial": serial, "previous_serial": previous, "at": app.when(now),
                   "again": again, "matches_held": in_zone == held})


def followed(session: Session, app: Services, now: datetime) -> dict[str, tuple[Ticket, dict]]:
    """The changes recorded as applied whose records the zone has not yet been seen to show, by domain (the latest
    change of each), with the NS and DS records the domain should have in the zone."""
    window = timedelta(hours=app.rules.zone_watch.appear_within_hours)
    tickets = list(session.scalars(select(Ticket).where(
        Ticket.kind == Kind.CHANGE, Ticket.state == State.COMPLETED,
        Ticket.updated_at >= now - window - timedelta(days=FOLLOW_DAYS)).order_by(Ticket.updated_at, Ticket.id)))
    if not tickets:
        return {}
    ended = {(entry.ticket_id, (entry.data or {}).get("domain")) for entry in session.scalars(
        select(HistoryEntry).where(HistoryEntry.ticket_id.in_([t.id for t in tickets]),
                                   HistoryEntry.kind.in_((SEEN, NOT_SEEN))))}
    following: dict[str, tuple[Ticket, dict]] = {}
    for ticket in tickets:
        for name, fields in ticket.change.items():
            if not {"nameservers", "ds"} & set(fields) or (ticket.id, name) in ended:
                continue
            domain = records.domain_by_name(session, name)
            if domain is None or not domain.locked:
                continue
            held = held_records(domain)
            following[name] = (ticket, {f: sorted(fields[f]) if f in fields else held[f] for f in ("nameservers",
                                                                                                 "ds")})
    return following


def follow_applied(session: Session, app: Services, zone: dict[str, tuple[dict, int]], changed: set[str],
                   now: datetime, result: ZoneCheck) -> None:
    """Each applied change followed: seen when the zone (as last read, `zone`) shows its records; the operators and
    GDS told when the domain's delegation changed (`changed`) to something else, or the time allowed is over."""
    hours = app.rules.zone_watch.appear_within_hours
    for name, (ticket, expected) in followed(session, app, now).items():
        in_zone, serial = zone.get(name, (None, None))
        entry = {"ticket": ticket.ref, "domain": name, "serial": serial}
        data = {"domain": name, "expected": expected, "zone": in_zone, "serial": serial}
        if in_zone == expected:
            note(session, app, ticket, SEEN, actor=ACTOR, data=data,
                 reason=f"seen in the zone at serial {serial}: {_said(expected)}")
            result.seen.append(entry)
        elif name in changed:
            note(session, app, ticket, DIFFERENT, actor=ACTOR, data=data,
                 reason=f"the zone at serial {serial} shows {_said(in_zone)}, not the change applied")
            tell_operators(session, app, ticket, f"The change applied to {name} appears different in the zone",
                           [f"The published zone at serial {serial} shows {_said(in_zone)}.",
                            f"The change recorded as applied should give {_said(expected)}."],
                           "Check the records at the registry and what the zone publishes.",
                           cc=[app.rules.addresses.gds])
            result.different.append(entry)
        elif now >= ticket.updated_at + timedelta(hours=hours):
            note(session, app, ticket, NOT_SEEN, actor=ACTOR, data=data,
                 reason=f"not seen in the zone within {hours} hours of being applied")
            tell_operators(session, app, ticket, f"The change applied to {name} has not appeared in the zone",
                           [f"It was recorded as applied {app.when(ticket.updated_at)}; the zone should show it "
                            f"within {hours} hours.",
                            f"The published zone ({f'serial {serial}' if serial else 'not read yet'}) shows "
                            f"{_said(in_zone) if in_zone is not None else 'nothing yet'}; the change gives "
                            f"{_said(expected)}."],
                           "Check that the change was made at the registry and that the zone is being published.",
                           cc=[app.rules.addresses.gds])
            result.late.append(entry)


def _said(records: dict) -> str:
    ns = ", ".join(records["nameservers"]) or "no name servers"
    ds = "; ".join(records["ds"])
    return f"NS {ns}" + (f", DS {ds}" if ds else ", no DS")


def resolve(app: Services, ref: str, *, operator: str, reason: str) -> Ticket:
    """An operator has found the cause of a zone alarm and dealt with it: closed, with the reason recorded."""
    if not reason.strip():
        raise TransitionRefused(f"{ref}: give the reason the alarm is resolved (--reason)")
    with app.tx() as session:
        ticket = queries.ticket_by_ref(session, ref, lock=True)
        if ticket.kind != Kind.ZONE_ALARM:
            raise TransitionRefused(f"{ticket.ref}: only a zone alarm is resolved, not a {ticket.kind} ticket")
        transition(session, app, ticket, Event.RESOLVE, actor=operator, reason=reason.strip())
        return ticket
