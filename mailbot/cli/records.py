"""The command line: the database, the registry records, mail taken from files, and the contact-address policy."""

from __future__ import annotations

import sys

import click

from mailbot.cli.context import Context, emit
from mailbot.errors import MailbotError
from mailbot.store import db


@click.group("db")
def db_group():
    """The database schema."""


@db_group.command("upgrade")
@click.pass_obj
def db_upgrade(obj: Context):
    """Apply every pending migration."""
    app = obj.app(check_schema=False)
    db.upgrade(app.engine)
    emit({"revision": db.current_revision(app.engine)})


@db_group.command("current")
@click.pass_obj
def db_current(obj: Context):
    """Show the schema revision and the one this version needs."""
    app = obj.app(check_schema=False)
    emit({"revision": db.current_revision(app.engine), "head": db.head_revision()})


@click.group("registry")
def registry_group():
    """The registry records: registrars, organisations, contacts, domains."""


@registry_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--apply", "apply", is_flag=True, help="Write the difference (else it is only shown).")
@click.option("--operator", metavar="NAME", help="Who applies it (recorded on the registry's history).")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def registry_import(obj: Context, file, apply, operator, as_json):
    """Show how FILE.json differs from the records, and with --apply write it. A difference that touches the lock
    is refused, and the whole file with it. Into an empty registry, the first load is written at once."""
    from mailbot.registry import ImportRefused, import_file
    from mailbot.registry_diff import line as difference_line
    from mailbot.registry_show import outcome_line
    from mailbot.workflow.allowances import allowed_addresses

    if apply and not operator:
        raise click.UsageError("--apply needs --operator NAME: the registry's history records who changed it")
    app = obj.app()
    try:
        with app.tx() as session:
            result = import_file(session, file, app.rules.zone, policy=app.rules.contact_policy,
                                 allowed=allowed_addresses(session), apply=apply,
                                 actor=operator or "registry import", at=app.clock.now())
    except ImportRefused as refused:
        for line in refused.lines:
            click.echo(f"mailbot: error: {line}", err=True)
        sys.exit(refused.exit_code)
    if "differences" not in result or as_json:  # the first load says what it loaded, as it always has
        emit(result)
    else:
        for item in result["differences"]:
            click.echo(difference_line(item))
        click.echo(outcome_line(result))
    refused = [item for item in result.get("differences", ()) if item["refused"]]
    for item in refused:
        click.echo(f"mailbot: error: {file}: {difference_line(item)}", err=True)
    if refused:
        sys.exit(ImportRefused.exit_code)


@registry_group.command("show")
@click.argument("domain")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def registry_show(obj: Context, domain, as_json):
    """A domain's records, lock, organisation, registrar and contacts, lock contacts too: for operators only."""
    from mailbot.registry_show import domain_text, domain_view

    app = obj.app()
    with app.sessions() as session:
        view = domain_view(session, domain)
    if as_json:
        emit(view)
    else:
        click.echo(domain_text(view))


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.pass_obj
def ingest(obj: Context, paths):
    """Take messages from .eml files, Maildir folders or - (standard input)."""
    from mailbot.errors import TemporaryError
    from mailbot.ingest.files import check_paths
    from mailbot.ingest.files import ingest as ingest_files

    check_paths(list(paths))
    app = obj.app()
    failures = []
    for line, failure in ingest_files(app, list(paths)):
        emit(line)
        if failure is not None:
            failures.append(failure)
    if failures:  # every message was tried; these are kept (stored as failed, or left where they were)
        error = TemporaryError if all(isinstance(f, TemporaryError) for f in failures) else MailbotError
        raise error(f"{len(failures)} message(s) could not be processed: see the lines with an \"error\" "
                    "(docs/operations.md says what to do)")


@click.group("address")
def address_group():
    """The contact-address policy."""


@address_group.command("allow")
@click.argument("email")
@click.option("--operator", required=True, metavar="NAME")
@click.option("--reason", required=True, metavar="TEXT", help="Why this is a team's shared mailbox.")
@click.option("--ticket", "ref", metavar="REF", help="The ticket it was refused on; the allowance is recorded there.")
@click.option("--local-part-is-a-team", "person_name", is_flag=True,
              help="The part before the @ is a team's, though it reads as the name given on the form "
                   "(waives person-name too).")
@click.pass_obj
def address_allow(obj: Context, email, operator, reason, ref, person_name):
    """Allow a contact address the policy doubted (not-a-team-address; person-name with --local-part-is-a-team).
    A personal provider's or an individual's address is never allowed."""
    from mailbot.workflow.allowances import allow_address

    row = allow_address(obj.app(), email, operator=operator, reason=reason, ref=ref, person_name=person_name)
    emit({"address": row.email, "operator": row.operator, "reason": row.reason,
           "waives": ["not-a-team-address", *(["person-name"] if row.person_name else [])]})


@address_group.command("revoke")
@click.argument("email")
@click.option("--operator", required=True, metavar="NAME")
@click.option("--reason", required=True, metavar="TEXT")
@click.option("--ticket", "ref", metavar="REF", help="A ticket to record the revocation on too.")
@click.pass_obj
def address_revoke(obj: Context, email, operator, reason, ref):
    """Withdraw the allowance of EMAIL: the policy doubts it again. Kept, with who revoked it, why and when."""
    from mailbot.workflow.allowances import revoke_address

    row, in_use = revoke_address(obj.app(), email, operator=operator, reason=reason, ref=ref)
    emit({"address": row.email, "revoked_by": row.revoked_by, "reason": row.revoke_reason, "in_use": in_use})


@address_group.command("allowances")
@click.option("--json", "as_json", is_flag=True)
@click.option("--all", "revoked", is_flag=True, help="The revoked allowances too.")
@click.pass_obj
def address_allowances(obj: Context, as_json, revoked):
    """The allowances in force: address, the rules each waives, who allowed it, when and why."""
    from mailbot.workflow.allowances import allowances

    rows = allowances(obj.app(), revoked=revoked)
    if as_json:
        emit(rows)
        return
    for r in rows:
        state = f"revoked {r['revoked_at']} by {r['revoked_by']}: {r['revoke_reason']}" if r["revoked_at"] \
            else "in force"
        click.echo(f"{r['address']}  waives {', '.join(r['waives'])}  allowed {r['at']} by {r['operator']}"
                   f"{' on ' + r['ticket'] if r['ticket'] else ''}: {r['reason']}  ({state})")


@address_group.command("check")
@click.argument("emails", nargs=-1, required=True)
@click.option("--name", "names", multiple=True, metavar="NAME", help="A person's name given with the address.")
@click.pass_obj
def address_check(obj: Context, emails, names):
    """Say whether the policy accepts each address, and why not."""
    from mailbot.policy.addresses import check_contact
    from mailbot.workflow.allowances import allowed_addresses

    app = obj.app()
    with app.sessions() as session:
        allowed = allowed_addresses(session)
    for email in emails:
        refusal = check_contact(email, app.rules.contact_policy, names=names, allowed=allowed)
        emit({"address": email, "accepted": refusal is None, "rule": refusal.rule if refusal else None,
               "reason": str(refusal) if refusal else None})


COMMANDS = (db_group, registry_group, ingest, address_group)
