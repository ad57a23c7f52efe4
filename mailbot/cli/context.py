"""The command line's context: the app a command builds once, from the options given before it, and its output."""

from __future__ import annotations

import json
from datetime import datetime

import click

from mailbot.app import App
from mailbot.clock import FixedClock, SystemClock
from mailbot.settings import load_settings


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


def instant(ctx, param, value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        at = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"not an ISO 8601 time: {value!r}") from None
    if at.tzinfo is None:
        raise click.BadParameter("give a time zone, e.g. 2026-11-27T10:00:00+00:00 or ...Z")
    return at


def emit(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False))
