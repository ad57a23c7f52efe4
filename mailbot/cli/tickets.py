"""The command line: the operators' and GDS's actions on tickets, and tickets and messages looked at."""

from __future__ import annotations

import sys

import click
from sqlalchemy import select

from mailbot import views
from mailbot.cli.context import Context, emit
from mailbot.errors import NotFound
from mailbot.store import queries
from mailbot.store.models import Message, Organisation, Ticket
from mailbot.workflow import operators


@click.command()
@click.argument("ref")
@click.option("--outcome", required=True, type=click.Choice(sorted(operators.CALL_EVENTS)))
@click.option("--contact", required=True, metavar="EMAIL", help="The security contact spoken to (or tried).")
@click.option("--operator", required=True, metavar="NAME")
@click.option("--phone", metavar="NUMBER", help="The number called; it must be the one on record.")
@click.option("--note", metavar="TEXT")
@click.pass_obj
def call(obj: Context, ref, outcome, contact, operator, phone, note):
    """Record a phone call to the domain's security team."""
    t = operators.record_call(obj.app(), ref, outcome=outcome, contact=contact, operator=operator, phone=phone,
                            note_text=note)
    emit({"ticket": t.ref, "state": t.state})


@click.command()
@click.argument("ref")
@click.option("--operator", required=True, metavar="NAME")
@click.pass_obj
def applied(obj: Context, ref, operator):
    """Record that an authorised change was made at the registry."""
    t = operators.applied(obj.app(), ref, operator=operator)
    emit({"ticket": t.ref, "state": t.state})


@click.command()
@click.argument("ref")
@click.option("--operator", required=True, metavar="NAME")
@click.option("--reason", metavar="TEXT")
@click.pass_obj
def withdraw(obj: Context, ref, operator, reason):
    """End a change request as withdrawn."""
    t = operators.withdraw(obj.app(), ref, operator=operator, reason=reason)
    emit({"ticket": t.ref, "state": t.state})


@click.command()
@click.argument("ref")
@click.option("--operator", required=True, metavar="NAME")
@click.option("--reason", required=True, metavar="TEXT", help="What was done about it.")
@click.pass_obj
def close(obj: Context, ref, operator, reason):
    """Close a triage ticket once a person has dealt with it."""
    t = operators.close(obj.app(), ref, operator=operator, reason=reason)
    emit({"ticket": t.ref, "state": t.state})


def _review_group(kind: str, noun: str):
    """`mailbot signup ...` and `mailbot cancellation ...`: GDS's decision on a reviewed request."""
    from mailbot.store.values import Kind
    from mailbot.workflow import membership

    @click.group(kind, help=f"GDS's review of {noun}s.")
    def group():
        pass

    @group.command("approve", help=f"Approve the {noun} once GDS has checked the person.")
    @click.argument("ref")
    @click.option("--operator", required=True, metavar="NAME")
    @click.pass_obj
    def approve(obj: Context, ref, operator):
        act = membership.approve_signup if kind == "signup" else membership.approve_cancellation
        t = act(obj.app(), ref, operator=operator)
        emit({"ticket": t.ref, "state": t.state})

    @group.command("reject", help=f"Reject the {noun}; the requester is told the reason.")
    @click.argument("ref")
    @click.option("--operator", required=True, metavar="NAME")
    @click.option("--reason", required=True, metavar="TEXT")
    @click.pass_obj
    def reject(obj: Context, ref, operator, reason):
        t = membership.reject(obj.app(), ref, Kind(kind), operator=operator, reason=reason)
        emit({"ticket": t.ref, "state": t.state})

    return group


signup_group = _review_group("signup", "sign-up")
cancellation_group = _review_group("cancellation", "cancellation")


@click.group("contacts")
def contacts_group():
    """GDS's approval of a change of Registry Lock contacts, once its present lock contacts confirmed it."""


@contacts_group.command("approve")
@click.argument("ref")
@click.option("--operator", required=True, metavar="NAME")
@click.pass_obj
def contacts_approve(obj: Context, ref, operator):
    """Approve the contact change: the contacts change, and the old and the new ones are told."""
    from mailbot.workflow import contacts

    t = contacts.approve(obj.app(), ref, operator=operator)
    emit({"ticket": t.ref, "state": t.state})


@contacts_group.command("reject")
@click.argument("ref")
@click.option("--operator", required=True, metavar="NAME")
@click.option("--reason", required=True, metavar="TEXT")
@click.pass_obj
def contacts_reject(obj: Context, ref, operator, reason):
    """Reject the contact change; the contacts stay, and the requester is told the reason."""
    from mailbot.workflow import contacts

    t = contacts.reject(obj.app(), ref, operator=operator, reason=reason)
    emit({"ticket": t.ref, "state": t.state})


@click.group("tickets")
def tickets_group():
    """Look at tickets."""


@tickets_group.command("list")
@click.option("--json", "as_json", is_flag=True)
@click.option("--state", metavar="STATE", help="Only tickets in this state.")
@click.option("--kind", metavar="KIND", help="Only tickets of this kind (change, triage, signup, ...).")
@click.option("--domain", metavar="DOMAIN", help="Only tickets about this domain.")
@click.option("--organisation", metavar="NAME", help="Only tickets of this organisation.")
@click.option("--overdue", is_flag=True, help="Only tickets whose next deadline has passed.")
@click.option("--utc", is_flag=True, help="Times in UTC (ISO 8601), not the service's local time.")
@click.pass_obj
def tickets_list(obj: Context, as_json, state, kind, domain, organisation, overdue, utc):
    """Tickets: for people, the next deadline first (overdue ones, then urgent ones); in JSON, by reference."""
    app = obj.app()
    now = app.clock.now()
    with app.sessions() as session:
        query = select(Ticket).order_by(Ticket.id)
        if state:
            query = query.where(Ticket.state == state)
        if kind:
            query = query.where(Ticket.kind == kind)
        if organisation:
            query = query.join(Organisation, Ticket.organisation_id == Organisation.id) \
                .where(Organisation.name == organisation)
        if overdue:
            query = query.where(Ticket.next_deadline <= now)
        found = [t for t in session.scalars(query) if not domain or domain.lower().rstrip(".") in t.domains]
        if not as_json:
            found.sort(key=lambda t: (not (t.next_deadline and t.next_deadline <= now), not t.urgent,
                                      t.next_deadline is None, t.next_deadline or now, t.id))
        rows = [views.ticket_summary(t) for t in found]
    if as_json:
        emit(rows)
        return
    click.echo(views.table([views.for_people(r, app.rules.calendar.timezone, utc=utc) for r in rows],
                           ["ref", "kind", "state", "domains", "urgent", "escalated", "opened_at", "next_deadline"]))


@tickets_group.command("show")
@click.argument("ref")
@click.option("--json", "as_json", is_flag=True)
@click.option("--utc", is_flag=True, help="Times in UTC (ISO 8601), not the service's local time.")
@click.pass_obj
def tickets_show(obj: Context, ref, as_json, utc):
    app = obj.app()
    with app.sessions() as session:
        detail = views.ticket_detail(session, queries.ticket_by_ref(session, ref))
    if as_json:
        emit(detail)
        return
    zone = app.rules.calendar.timezone
    shown = views.for_people(detail, zone, utc=utc)
    for label, key in (("Reference", "ref"), ("Kind", "kind"), ("State", "state"), ("Domains", "domains"),
                       ("Urgent", "urgent"), ("Escalated", "escalated"), ("Registrar", "registrar"),
                       ("Requester", "requester"), ("Opened", "opened_at"), ("Next deadline", "next_deadline")):
        click.echo(f"{label + ':':15}{views.joined(shown[key]) or '-'}")
    click.echo("\nChange (the records after it):")
    click.echo("\n".join(views.change_lines(detail["change"])) or "  none")
    click.echo("\nDeadlines:")
    for kind, due in detail["deadlines"].items():
        click.echo(f"  {kind:20}{views.shown_time(due, zone, utc=utc)}")
    click.echo("\nHistory:")
    click.echo(views.table([views.for_people(e, zone, utc=utc) for e in detail["events"]],
                           ["seq", "at", "kind", "actor", "state_after", "reason"]))
    click.echo("\nMessages:")
    click.echo(views.table([views.for_people(m, zone, utc=utc) for m in detail["messages"]],
                           ["id", "direction", "at", "from", "subject"]))


@click.group("messages")
def messages_group():
    """Every message in and out, kept exactly as it was."""


@messages_group.command("show")
@click.argument("id", type=int)
@click.option("--raw", is_flag=True, help="The message byte for byte, as it was received or sent.")
@click.option("--utc", is_flag=True, help="Times in UTC (ISO 8601), not the service's local time.")
@click.pass_obj
def messages_show(obj: Context, id, raw, utc):
    """Print one stored message (ids are in `tickets show`): its sender, recipients and subject, and its text decoded
    as a mail client shows it; with --raw, byte for byte."""
    from mailbot.parse.exchange import parse

    app = obj.app()
    with app.sessions() as session:
        message = session.get(Message, id)
        if message is None:
            raise NotFound(f"no message {id}")
        data, direction, at = message.raw, message.direction, message.received_at
    if raw:
        sys.stdout.buffer.write(data)
        return
    # Read in a parser process, under the limits any mail is read under: a stored message may be hostile.
    mail = parse(data, app.settings.limits)
    when = views.shown_time(at.isoformat() if at else None, app.rules.calendar.timezone, utc=utc)
    click.echo(f"Message {id}, {direction}, stored {when}")
    for label, value in (("From", ", ".join(f"{n} <{a}>" if n else a for n, a in mail.from_addrs)),
                         ("To", ", ".join(mail.to_addrs)), ("Cc", ", ".join(mail.cc_addrs)),
                         ("Subject", mail.subject), ("Date", mail.headers.get("date", ""))):
        click.echo(f"{label + ':':9}{value}")
    for defect in mail.defects:
        click.echo(f"Note:    {defect}")
    click.echo("")
    click.echo(mail.text or f"(no text could be read: mailbot messages show {id} --raw)")


COMMANDS = (call, applied, withdraw, close, signup_group, cancellation_group, contacts_group, tickets_group,
            messages_group)
