"""The command line: the outbox, sending, the timed actions, and the bot run as a service."""

from __future__ import annotations

import sys

import click
from sqlalchemy import select

from mailbot import views
from mailbot.cli.context import Context, emit
from mailbot.errors import NotFound
from mailbot.outbox import brake
from mailbot.services import Services
from mailbot.store.models import OutboxItem
from mailbot.store.values import OutboxStatus


@click.group("outbox")
def outbox_group():
    """Mail waiting to go out, and mail sent."""


@outbox_group.command("list")
@click.option("--json", "as_json", is_flag=True)
@click.option("--status",
              type=click.Choice([str(s) for s in OutboxStatus]))
@click.pass_obj
def outbox_list(obj: Context, as_json, status):
    app = obj.app()
    with app.sessions() as session:
        query = select(OutboxItem).order_by(OutboxItem.id)
        if status:
            query = query.where(OutboxItem.status == status)
        rows = [views.outbox_row(o) for o in session.scalars(query)]
    if as_json:
        emit(rows)
    else:
        click.echo(views.table(rows, ["id", "ticket", "template", "to", "cc", "status", "subject"]))


@outbox_group.command("release")
@click.argument("ids", nargs=-1, type=int)
@click.option("--all", "everything", is_flag=True, help="Release everything the brake holds.")
@click.option("--operator", required=True, metavar="NAME")
@click.pass_obj
def outbox_release(obj: Context, ids, everything, operator):
    """Send mail held by the global brake on automatic mail, once the cause is found."""
    if bool(ids) == everything:
        raise click.UsageError("name the held messages to release, or give --all")
    app = obj.app()
    with app.tx() as session:
        released = [item.id for item in brake.release(session, app, list(ids), operator=operator)]
    emit({"released": released})


@outbox_group.command("mark-sent")
@click.argument("id", type=int)
@click.option("--operator", required=True, metavar="NAME")
@click.pass_obj
def outbox_mark_sent(obj: Context, id, operator):
    """Mail in doubt that the relay's log shows it received: recorded as sent, never sent again."""
    _settle(obj.app(), id, arrived=True, operator=operator)


@outbox_group.command("resend")
@click.argument("id", type=int)
@click.option("--operator", required=True, metavar="NAME")
@click.pass_obj
def outbox_resend(obj: Context, id, operator):
    """Mail in doubt that the relay never received: sent again with the next send."""
    _settle(obj.app(), id, arrived=False, operator=operator)


def _settle(app: Services, id: int, *, arrived: bool, operator: str) -> None:
    from mailbot.outbox.send import settle

    with app.tx() as session:
        row = settle(session, app, id, arrived=arrived, operator=operator)
        emit({"id": row.id, "status": row.status})


@outbox_group.command("show")
@click.argument("id", type=int)
@click.pass_obj
def outbox_show(obj: Context, id):
    """Print one outgoing message exactly as it is sent."""
    app = obj.app()
    with app.sessions() as session:
        item = session.get(OutboxItem, id)
        if item is None:
            raise NotFound(f"no outbox message {id}")
        sys.stdout.buffer.write(item.message.raw)


@click.command()
@click.pass_obj
def send(obj: Context):
    """Send what is waiting in the outbox now, and tell the operators of mail that failed or is in doubt."""
    from mailbot.outbox.send import summary, transport_for
    from mailbot.runner import send_round

    app = obj.app()
    emit(summary(send_round(app, transport_for(app.settings), limit=10_000)))


@click.command()
@click.option("--dry-run", is_flag=True, help="Show what is due, and do nothing.")
@click.pass_obj
def tick(obj: Context, dry_run):
    """Do every timed action that is due (chases, escalations, expiry, alerts), once each."""
    from mailbot.workflow.sweep import sweep

    for action in sweep(obj.app(), dry_run=dry_run):
        emit(action.as_json())


@click.command()
@click.option("--until-idle", is_flag=True, help="Do everything that is waiting, once, then exit (for cron).")
@click.pass_obj
def run(obj: Context, until_idle):
    """Run the bot: ingesters, deadline sweep and outbox sender, until SIGTERM."""
    from mailbot.runner import run_forever, run_until_idle

    if until_idle:
        emit(run_until_idle(obj.app()))
    else:
        run_forever(obj.app())


@click.command()
@click.pass_obj
def status(obj: Context):
    """The state of each part, the outbox backlog and the oldest unsent message."""
    from mailbot.runner import status as current

    emit(current(obj.app()))


COMMANDS = (outbox_group, send, tick, run, status)
