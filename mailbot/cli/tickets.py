"""The command line: the operators' and GDS's actions on tickets, and tickets and messages looked at."""

from __future__ import annotations

import sys

import click
from sqlalchemy import select

from mailbot import views
from mailbot.cli.context import Context, emit
from mailbot.errors import NotFound
from mailbot.store import queries
from mailbot.store.models import Message, Ticket
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

    @click.group(kind, help=f"GDS's review of {noun}.")
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


signup_group = _review_group("signup", "a sign-up")
cancellation_group = _review_group("cancellation", "a cancellation")


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
@click.pass_obj
def tickets_list(obj: Context, as_json, state):
    app = obj.app()
    with app.sessions() as session:
        query = select(Ticket).order_by(Ticket.id)
        if state:
            query = query.where(Ticket.state == state)
        rows = [views.ticket_summary(t) for t in session.scalars(query)]
    if as_json:
        emit(rows)
    else:
        click.echo(views.table(rows, ["ref", "kind", "state", "domains", "urgent", "opened_at", "next_deadline"]))


@tickets_group.command("show")
@click.argument("ref")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def tickets_show(obj: Context, ref, as_json):
    app = obj.app()
    with app.sessions() as session:
        detail = views.ticket_detail(session, queries.ticket_by_ref(session, ref))
    if as_json:
        emit(detail)
        return
    for key in ("ref", "kind", "state", "domains", "urgent", "registrar", "requester", "opened_at",
                "next_deadline", "escalated", "change"):
        click.echo(f"{key + ':':15}{detail[key]}")
    click.echo("\nDeadlines:")
    for kind, due in detail["deadlines"].items():
        click.echo(f"  {kind:20}{due}")
    click.echo("\nHistory:")
    click.echo(views.table(detail["events"], ["seq", "at", "kind", "actor", "state_after", "reason"]))
    click.echo("\nMessages:")
    click.echo(views.table(detail["messages"], ["id", "direction", "at", "from", "subject"]))


@click.group("messages")
def messages_group():
    """Every message in and out, kept exactly as it was."""


@messages_group.command("show")
@click.argument("id", type=int)
@click.pass_obj
def messages_show(obj: Context, id):
    """Print one stored message, byte for byte (ids are in `tickets show`)."""
    app = obj.app()
    with app.sessions() as session:
        message = session.get(Message, id)
        if message is None:
            raise NotFound(f"no message {id}")
        sys.stdout.buffer.write(message.raw)


COMMANDS = (call, applied, withdraw, close, signup_group, cancellation_group, contacts_group, tickets_group,
            messages_group)
