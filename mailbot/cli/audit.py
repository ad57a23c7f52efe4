"""The command line: the tamper-evident history of tickets checked, sent to GDS and sealed."""

from __future__ import annotations

import sys

import click

from mailbot import audit
from mailbot.cli.context import Context, emit


@click.group("audit")
def audit_group():
    """The tamper-evident history of tickets."""


@audit_group.command("verify")
@click.option("--against", "digest_file", type=click.Path(dir_okay=False), metavar="DIGEST_FILE",
              help="Also check the histories against a digest GDS kept (its JSON, or the mail that carried it).")
@click.pass_obj
def audit_verify(obj: Context, digest_file):
    """Check every ticket's keyed hash chain and seal, and the registry records' history; name each event altered,
    removed or cut off the end."""
    app = obj.app()
    found = None
    if digest_file is not None:
        try:
            with open(digest_file, "rb") as f:
                found = audit.read_digest(f.read(), digest_file)
        except OSError as e:
            raise click.ClickException(f"{digest_file}: cannot read: {e.strerror}") from None
    with app.sessions() as session:
        checked, problems = audit.verify(session)
        problems += audit.verify_registry(session)[1]  # the registry records' history: its problems, not counted
        if found is not None:
            problems += audit.verify_against(session, found, digest_file)
    if problems:
        for p in problems:
            click.echo(f"mailbot: audit: {p}", err=True)
        sys.exit(1)
    result = {"events": checked, "ok": True}
    if found is not None:
        result["digest"] = {"at": found["at"], "tickets": len(found["tickets"])}
    emit(result)


@audit_group.command("digest")
@click.pass_obj
def audit_digest(obj: Context):
    """Print every ticket's event count and head, sealed with the key: what the daily mail to GDS carries."""
    app = obj.app()
    with app.sessions() as session:
        emit(audit.digest(session, app.clock.now()))


@audit_group.command("seal")
@click.pass_obj
def audit_seal(obj: Context):
    """Seal the histories written before they were keyed: once, after upgrading to 0010."""
    app = obj.app()
    with app.tx() as session:
        sealed, refused = audit.seal_unsealed(session)
    for p in refused:
        click.echo(f"mailbot: audit: not sealed: {p}", err=True)
    emit({"sealed": sealed, "refused": sorted({p.ticket for p in refused})})
    if refused:
        sys.exit(1)


COMMANDS = (audit_group,)
