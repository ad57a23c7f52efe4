"""The command line, thin: parse arguments, call the use case, print JSON or a table; errors are one line."""

from __future__ import annotations

import json
import logging
import sys
from datetime import datetime

import click
from sqlalchemy import select

from mailbot import audit, views
from mailbot.app import App
from mailbot.clock import FixedClock, SystemClock
from mailbot.errors import MailbotError, NotFound
from mailbot.outbox import brake
from mailbot.settings import load_settings
from mailbot.store import db, queries
from mailbot.store.models import Message, OutboxItem, Ticket
from mailbot.store.values import OutboxStatus
from mailbot.workflow import operators


class Context:
    def __init__(self, db_url: str | None, rules: str | None, now: datetime | None):
        self.db_url, self.rules, self.now = db_url, rules, now
        self._app: App | None = None

    def settings(self):
        return load_settings(db_url=self.db_url, rules_path=self.rules)

    def app(self, check_schema: bool = True) -> App:
        if self._app is None:
            clock = FixedClock(self.now) if self.now else SystemClock()
            self._app = App.build(self.settings(), clock=clock, check_schema=check_schema)
        return self._app

    def close(self) -> None:
        """Close the app, if a command built one."""
        if self._app is not None:
            self._app.close()


def _instant(ctx, param, value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        at = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"not an ISO 8601 time: {value!r}") from None
    if at.tzinfo is None:
        raise click.BadParameter("give a time zone, e.g. 2026-11-27T10:00:00+00:00 or ...Z")
    return at


def _emit(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False))


@click.group()
@click.option("--db", "db_url", metavar="URL", help="Database URL (default: MAILBOT_DB, else ./var/mailbot.db).")
@click.option("--rules", metavar="PATH",
              help="rules.yaml to use (default: MAILBOT_RULES, ./rules.yaml, the shipped one).")
@click.option("--now", callback=_instant, metavar="ISO8601", help="Act as if at this instant.")
@click.option("--log-format", type=click.Choice(["text", "json"]), default="text", help="Log lines as text or JSON.")
@click.option("--verbose", "-v", is_flag=True, help="Log every event, not only warnings.")
@click.pass_context
def cli(ctx, db_url, rules, now, log_format, verbose):
    """Registry Lock mailbot: tickets for changes to locked domains, run by email."""
    from mailbot.logs import configure

    configure(log_format, verbose or ctx.invoked_subcommand == "run")
    ctx.obj = Context(db_url, rules, now)
    ctx.call_on_close(ctx.obj.close)


@cli.group("db")
def db_group():
    """The database schema."""


@db_group.command("upgrade")
@click.pass_obj
def db_upgrade(obj: Context):
    """Apply every pending migration."""
    app = obj.app(check_schema=False)
    db.upgrade(app.engine)
    _emit({"revision": db.current_revision(app.engine)})


@db_group.command("current")
@click.pass_obj
def db_current(obj: Context):
    """Show the schema revision and the one this version needs."""
    app = obj.app(check_schema=False)
    _emit({"revision": db.current_revision(app.engine), "head": db.head_revision()})


@cli.group("registry")
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
    from mailbot.workflow.membership import allowed_addresses

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
        _emit(result)
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
        _emit(view)
    else:
        click.echo(domain_text(view))


@cli.command()
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
        _emit(line)
        if failure is not None:
            failures.append(failure)
    if failures:  # every message was tried; these are kept (stored as failed, or left where they were)
        error = TemporaryError if all(isinstance(f, TemporaryError) for f in failures) else MailbotError
        raise error(f"{len(failures)} message(s) could not be processed: see the lines with an \"error\" "
                    "(docs/operations.md says what to do)")


@cli.command()
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
    _emit({"ticket": t.ref, "state": t.state})


@cli.command()
@click.argument("ref")
@click.option("--operator", required=True, metavar="NAME")
@click.pass_obj
def applied(obj: Context, ref, operator):
    """Record that an authorised change was made at the registry."""
    t = operators.applied(obj.app(), ref, operator=operator)
    _emit({"ticket": t.ref, "state": t.state})


@cli.command()
@click.argument("ref")
@click.option("--operator", required=True, metavar="NAME")
@click.option("--reason", metavar="TEXT")
@click.pass_obj
def withdraw(obj: Context, ref, operator, reason):
    """End a change request as withdrawn."""
    t = operators.withdraw(obj.app(), ref, operator=operator, reason=reason)
    _emit({"ticket": t.ref, "state": t.state})


@cli.command()
@click.argument("ref")
@click.option("--operator", required=True, metavar="NAME")
@click.option("--reason", required=True, metavar="TEXT", help="What was done about it.")
@click.pass_obj
def close(obj: Context, ref, operator, reason):
    """Close a triage ticket once a person has dealt with it."""
    t = operators.close(obj.app(), ref, operator=operator, reason=reason)
    _emit({"ticket": t.ref, "state": t.state})


def _review_group(kind: str, noun: str):
    """`mailbot signup ...` and `mailbot cancellation ...`: GDS's decision on a reviewed request."""
    from mailbot.store.values import Kind
    from mailbot.workflow import membership

    @cli.group(kind, help=f"GDS's review of {noun}.")
    def group():
        pass

    @group.command("approve", help=f"Approve the {noun} once GDS has checked the person.")
    @click.argument("ref")
    @click.option("--operator", required=True, metavar="NAME")
    @click.pass_obj
    def approve(obj: Context, ref, operator):
        act = membership.approve_signup if kind == "signup" else membership.approve_cancellation
        t = act(obj.app(), ref, operator=operator)
        _emit({"ticket": t.ref, "state": t.state})

    @group.command("reject", help=f"Reject the {noun}; the requester is told the reason.")
    @click.argument("ref")
    @click.option("--operator", required=True, metavar="NAME")
    @click.option("--reason", required=True, metavar="TEXT")
    @click.pass_obj
    def reject(obj: Context, ref, operator, reason):
        t = membership.reject(obj.app(), ref, Kind(kind), operator=operator, reason=reason)
        _emit({"ticket": t.ref, "state": t.state})


_review_group("signup", "a sign-up")
_review_group("cancellation", "a cancellation")


@cli.group("contacts")
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
    _emit({"ticket": t.ref, "state": t.state})


@contacts_group.command("reject")
@click.argument("ref")
@click.option("--operator", required=True, metavar="NAME")
@click.option("--reason", required=True, metavar="TEXT")
@click.pass_obj
def contacts_reject(obj: Context, ref, operator, reason):
    """Reject the contact change; the contacts stay, and the requester is told the reason."""
    from mailbot.workflow import contacts

    t = contacts.reject(obj.app(), ref, operator=operator, reason=reason)
    _emit({"ticket": t.ref, "state": t.state})


@cli.group("address")
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
    from mailbot.workflow.membership import allow_address

    row = allow_address(obj.app(), email, operator=operator, reason=reason, ref=ref, person_name=person_name)
    _emit({"address": row.email, "operator": row.operator, "reason": row.reason,
           "waives": ["not-a-team-address", *(["person-name"] if row.person_name else [])]})


@address_group.command("revoke")
@click.argument("email")
@click.option("--operator", required=True, metavar="NAME")
@click.option("--reason", required=True, metavar="TEXT")
@click.option("--ticket", "ref", metavar="REF", help="A ticket to record the revocation on too.")
@click.pass_obj
def address_revoke(obj: Context, email, operator, reason, ref):
    """Withdraw the allowance of EMAIL: the policy doubts it again. Kept, with who revoked it, why and when."""
    from mailbot.workflow.membership import revoke_address

    row, in_use = revoke_address(obj.app(), email, operator=operator, reason=reason, ref=ref)
    _emit({"address": row.email, "revoked_by": row.revoked_by, "reason": row.revoke_reason, "in_use": in_use})


@address_group.command("allowances")
@click.option("--json", "as_json", is_flag=True)
@click.option("--all", "revoked", is_flag=True, help="The revoked allowances too.")
@click.pass_obj
def address_allowances(obj: Context, as_json, revoked):
    """The allowances in force: address, the rules each waives, who allowed it, when and why."""
    from mailbot.workflow.membership import allowances

    rows = allowances(obj.app(), revoked=revoked)
    if as_json:
        _emit(rows)
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
    from mailbot.workflow.membership import allowed_addresses

    app = obj.app()
    with app.sessions() as session:
        allowed = allowed_addresses(session)
    for email in emails:
        refusal = check_contact(email, app.rules.contact_policy, names=names, allowed=allowed)
        _emit({"address": email, "accepted": refusal is None, "rule": refusal.rule if refusal else None,
               "reason": str(refusal) if refusal else None})


@cli.group("tickets")
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
        _emit(rows)
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
        _emit(detail)
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


@cli.group("outbox")
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
        _emit(rows)
    else:
        click.echo(views.table(rows, ["id", "ticket", "template", "to", "status", "subject"]))


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
    _emit({"released": released})


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


def _settle(app, id: int, *, arrived: bool, operator: str) -> None:
    from mailbot.outbox.send import settle

    with app.tx() as session:
        row = settle(session, app, id, arrived=arrived, operator=operator)
        _emit({"id": row.id, "status": row.status})


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


@cli.group("messages")
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


@cli.command()
@click.pass_obj
def send(obj: Context):
    """Send what is waiting in the outbox now, and tell the operators of mail that failed or is in doubt."""
    from mailbot.outbox.send import summary, transport_for
    from mailbot.runner import send_round

    app = obj.app()
    _emit(summary(send_round(app, transport_for(app.settings), limit=10_000)))


@cli.command()
@click.option("--dry-run", is_flag=True, help="Show what is due, and do nothing.")
@click.pass_obj
def tick(obj: Context, dry_run):
    """Do every timed action that is due (chases, escalations, expiry, alerts), once each."""
    from mailbot.workflow.sweep import sweep

    for action in sweep(obj.app(), dry_run=dry_run):
        _emit(action.as_json())


@cli.group("audit")
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
    _emit(result)


@audit_group.command("digest")
@click.pass_obj
def audit_digest(obj: Context):
    """Print every ticket's event count and head, sealed with the key: what the daily mail to GDS carries."""
    app = obj.app()
    with app.sessions() as session:
        _emit(audit.digest(session, app.clock.now()))


@audit_group.command("seal")
@click.pass_obj
def audit_seal(obj: Context):
    """Seal the histories written before they were keyed: once, after upgrading to 0010."""
    app = obj.app()
    with app.tx() as session:
        sealed, refused = audit.seal_unsealed(session)
    for p in refused:
        click.echo(f"mailbot: audit: not sealed: {p}", err=True)
    _emit({"sealed": sealed, "refused": sorted({p.ticket for p in refused})})
    if refused:
        sys.exit(1)


@cli.command()
@click.option("--until-idle", is_flag=True, help="Do everything that is waiting, once, then exit (for cron).")
@click.pass_obj
def run(obj: Context, until_idle):
    """Run the bot: ingesters, deadline sweep and outbox sender, until SIGTERM."""
    from mailbot.runner import run_forever, run_until_idle

    if until_idle:
        _emit(run_until_idle(obj.app()))
    else:
        run_forever(obj.app())


@cli.command()
@click.pass_obj
def status(obj: Context):
    """The state of each part, the outbox backlog and the oldest unsent message."""
    from mailbot.runner import status as current

    _emit(current(obj.app()))


def main(argv=None) -> None:
    try:
        cli.main(args=argv, prog_name="mailbot", standalone_mode=False)
    except click.exceptions.Exit as e:
        sys.exit(e.exit_code)
    except click.exceptions.Abort:
        click.echo("mailbot: aborted", err=True)
        sys.exit(130)
    except click.ClickException as e:
        click.echo(f"mailbot: error: {e.format_message()}", err=True)
        sys.exit(e.exit_code)
    except MailbotError as e:
        click.echo(f"mailbot: error: {e}", err=True)
        sys.exit(e.exit_code)
    except Exception as e:  # never a traceback for a person; the log has the detail
        logging.getLogger("mailbot").debug("unexpected error", exc_info=True)
        click.echo(f"mailbot: error: unexpected {type(e).__name__}: {e}", err=True)
        sys.exit(70)


if __name__ == "__main__":
    main()
