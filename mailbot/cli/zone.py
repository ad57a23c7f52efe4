"""The command line: the zone watch (docs/zone-watch.md), one check of the published zone and an alarm resolved."""

from __future__ import annotations

import sys

import click

from mailbot.cli.context import Context, emit
from mailbot.zone.check import ZoneCheck


@click.group("zone")
def zone_group():
    """The published zone: each locked domain's NS and DS records there against the records held."""


@zone_group.command("check")
@click.option("--source", metavar="SOURCE",
              help="axfr://host:port/ZONE or a zone file (default: MAILBOT_ZONE_SOURCE; MAILBOT_ZONE_TSIG signs).")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def zone_check(obj: Context, source, as_json):
    """Compare the published zone with the records held, once: raise an alarm for a change nobody authorised, and
    follow the changes recorded as applied. A zone that cannot be read is no alarm: exit status 3, try again."""
    from mailbot.settings import zone_source
    from mailbot.workflow.zone_watch import check

    app = obj.app()
    given = zone_source(source, app.settings.zone_source.tsig if app.settings.zone_source else None,
                        key="--source") if source else None
    result = check(app, given)
    if as_json:
        emit(result.as_json())
    else:
        click.echo(_said(result))
    if result.error:
        sys.exit(3)


def _said(r: ZoneCheck) -> str:
    if r.error:
        return f"{r.source}: not read ({r.error}); tried again at the next check"
    if not r.read:
        lines = [f"{r.zone} serial {r.serial}: not changed since it was last read"]
    else:
        lines = [f"{r.zone} serial {r.serial} read from {r.source}"
                 + (f" (before: {r.previous_serial})" if r.previous_serial is not None else "")
                 + f": {r.domains} locked domain{'' if r.domains == 1 else 's'} compared"]
    lines += [f"{'alarm told again' if a['again'] else 'ALARM'}: {a['domain']} ({a['ticket']})" for a in r.alarms]
    lines += [f"seen in the zone: {s['domain']} ({s['ticket']}) at serial {s['serial']}" for s in r.seen]
    lines += [f"appears different: {s['domain']} ({s['ticket']})" for s in r.different]
    lines += [f"not seen in time: {s['domain']} ({s['ticket']})" for s in r.late]
    if r.read and not (r.alarms or r.seen or r.different or r.late):
        lines.append("every locked domain's delegation is as held")
    return "\n".join(lines)


@zone_group.command("resolve")
@click.argument("ref")
@click.option("--reason", required=True, help="What the cause was and what was done, for the record.")
@click.option("--operator", required=True, metavar="NAME")
@click.pass_obj
def zone_resolve(obj: Context, ref, reason, operator):
    """Close a zone alarm once its cause is found and dealt with; the reason is recorded on the ticket."""
    from mailbot.workflow.zone_alarms import resolve

    ticket = resolve(obj.app(), ref, operator=operator, reason=reason)
    emit({"ticket": ticket.ref, "state": ticket.state})


COMMANDS = (zone_group,)
