"""The command line, thin: parse arguments, call the use case, print JSON or a table; errors are one line. The commands
are in the modules beside this one, by what they act on: records.py (the database, the registry, files, the address
policy), tickets.py (the operators' and GDS's actions, tickets and messages), service.py (the outbox, sending, timed
actions, the service), audit.py (the history's integrity) and zone.py (the zone watch)."""

from __future__ import annotations

import logging
import sys

import click

from mailbot.cli import audit, records, service, tickets, zone
from mailbot.cli.context import Context, instant
from mailbot.errors import MailbotError


@click.group()
@click.option("--db", "db_url", metavar="URL", help="Database URL (default: MAILBOT_DB, else ./var/mailbot.db).")
@click.option("--rules", metavar="PATH",
              help="rules.yaml to use (default: MAILBOT_RULES, ./rules.yaml, the shipped one).")
@click.option("--now", callback=instant, metavar="ISO8601", help="Act as if at this instant.")
@click.option("--log-format", type=click.Choice(["text", "json"]), default="text", help="Log lines as text or JSON.")
@click.option("--verbose", "-v", is_flag=True, help="Log every event, not only warnings.")
@click.pass_context
def cli(ctx, db_url, rules, now, log_format, verbose):
    """Registry Lock mailbot: tickets for changes to locked domains, run by email."""
    from mailbot.logs import configure

    configure(log_format, verbose or ctx.invoked_subcommand == "run")
    ctx.obj = Context(db_url, rules, now)
    ctx.call_on_close(ctx.obj.close)


for command in (*records.COMMANDS, *tickets.COMMANDS, *service.COMMANDS, *audit.COMMANDS, *zone.COMMANDS):
    cli.add_command(command)


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
