"""Workflow: the zone watch. Each check asks the published zone's SOA serial; when it moved, the zone is read (only
the locked domains' delegations kept) and each locked domain's NS and DS records there are compared with the records
the registry holds: a difference no authorised change accounts for raises a zone alarm (mailbot.workflow.zone_alarms),
and an applied change is followed until it appears. The zone comes in as `reader` (mailbot.zone.reader's functions
by default), so that a test may hand in another; a reading that fails is a temporary failure, recorded for `mailbot
status` and tried again at the next check, never an alarm."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailbot.errors import ConfigError
from mailbot.services import Services
from mailbot.settings import ZoneSource
from mailbot.store.models import Domain, ZoneRead, ZoneRecord
from mailbot.workflow import zone_alarms
from mailbot.zone import reader as zone_reader
from mailbot.zone.check import ZoneCheck
from mailbot.zone.reader import ZoneUnavailable

NO_DELEGATION = {"nameservers": [], "ds": []}


class Reader:
    """The published zone as the check reads it: its serial alone, or the delegations of the domains asked for."""

    def __init__(self, source: ZoneSource, zone: str):
        self.source, self.zone = source, zone

    def serial(self) -> int:
        return zone_reader.read_serial(self.source, self.zone)

    def read(self, domains: list[str]) -> zone_reader.ZoneRead:
        return zone_reader.read_zone(self.source, self.zone, domains)


def checked_source(app: Services, source: ZoneSource | None = None) -> ZoneSource:
    """`source`, else MAILBOT_ZONE_SOURCE, checked against rules.yaml's zone: refused if it names another."""
    zone = app.rules.zone
    source = source or app.settings.zone_source
    if source is None:
        raise ConfigError("MAILBOT_ZONE_SOURCE is not set: name the published zone (axfr://host:port/"
                          f"{zone} or a zone file), or give --source")
    if source.zone is not None and source.zone != zone:
        raise ConfigError(f"MAILBOT_ZONE_SOURCE: names the zone {source.zone}, but rules.yaml's zone is {zone}")
    return source


def check(app: Services, source: ZoneSource | None = None, *, reader: Reader | None = None) -> ZoneCheck:
    """One check of the published zone (MAILBOT_ZONE_SOURCE unless `source` names another)."""
    zone = app.rules.zone
    source = checked_source(app, source)
    reader = reader or Reader(source, zone)
    result = ZoneCheck(zone=zone, source=str(source))
    with app.tx() as session:
        row = session.get(ZoneRead, zone)
        result.previous_serial = row.serial if row is not None else None
        locked = list(session.scalars(select(Domain.name).where(Domain.locked.is_(True)).order_by(Domain.name)))
        # A domain locked since the last reading has not been compared yet: the zone is read for it.
        unread = set(locked) - set(session.scalars(select(ZoneRecord.domain)))
    found = None
    try:
        result.serial = reader.serial()
        if result.serial != result.previous_serial or unread:
            found = reader.read(locked)
            result.serial = found.serial
    except ZoneUnavailable as e:
        result.error = str(e)
    now = app.clock.now()
    with app.tx() as session:
        row = session.get(ZoneRead, zone, with_for_update=True)
        if row is None:
            row = ZoneRead(zone=zone)
            session.add(row)
        changed: set[str] = set()
        # Not when another instance read this serial meanwhile (unless for a domain newly locked).
        if found is not None and (row.serial != found.serial or unread):
            result.read = True
            changed = _compare(session, app, found, set(locked), row.serial, now, result)
            row.serial, row.read_at = found.serial, now
        # Every check, read or not: an applied change may be seen in the last reading, or be late by now.
        zone_alarms.follow_applied(session, app, _zone_records(session), changed, now, result)
        row.checked_at, row.error = now, result.error
    return result


def _compare(session: Session, app: Services, found: zone_reader.ZoneRead, asked: set[str], previous: int | None,
             now: datetime, result: ZoneCheck) -> set[str]:
    """Each locked domain's delegation in `found` against the records held, raising or repeating the alarms; the
    reading kept for the next. Only the domains `asked` for in the reading: one locked since is compared at the next.
    Returns the domains whose delegation changed since the last reading."""
    last = {r.domain: r for r in session.scalars(select(ZoneRecord))}
    domains = [d for d in session.scalars(select(Domain).where(Domain.locked.is_(True)).order_by(Domain.name))
               if d.name in asked]
    following = zone_alarms.followed(session, app, now)
    changed = set()
    for domain in domains:
        delegation = found.delegations.get(domain.name)
        in_zone = delegation.as_records() if delegation is not None else dict(NO_DELEGATION)
        record = last.get(domain.name)
        if record is None:
            session.add(ZoneRecord(domain=domain.name, nameservers=in_zone["nameservers"], ds=in_zone["ds"],
                                   serial=found.serial, seen_at=now))
        else:
            if {"nameservers": list(record.nameservers), "ds": list(record.ds)} != in_zone:
                changed.add(domain.name)
            record.nameservers, record.ds, record.serial, record.seen_at = (in_zone["nameservers"], in_zone["ds"],
                                                                            found.serial, now)
        if domain.name not in following:  # an applied change on its way: followed, not an alarm
            zone_alarms.compare(session, app, domain, in_zone, found.serial, previous, now, result)
    session.flush()
    result.domains = len(domains)
    return changed


def _zone_records(session: Session) -> dict[str, tuple[dict, int]]:
    """Each domain's delegation as the zone last showed it, with the serial it was read at."""
    return {r.domain: ({"nameservers": list(r.nameservers), "ds": list(r.ds)}, r.serial)
            for r in session.scalars(select(ZoneRecord))}


def last_read(app: Services, session: Session) -> dict | None:
    """The zone's last reading and check, for `mailbot status`; None before the first check."""
    row = session.get(ZoneRead, app.rules.zone)
    if row is None:
        return None
    return {"zone": row.zone, "source": str(app.settings.zone_source) if app.settings.zone_source else None,
            "serial": row.serial, "read_at": row.read_at.isoformat() if row.read_at else None,
            "checked_at": row.checked_at.isoformat() if row.checked_at else None, "error": row.error}
