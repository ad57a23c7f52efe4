"""Outbox: renders the Jinja2 templates in mailbot/templates/ (first line `Subject: ...`, a blank line, then the body),
read as package data."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from jinja2 import Environment, FileSystemLoader, PackageLoader, StrictUndefined, select_autoescape

from mailbot.errors import ConfigError


class Renderer:
    def __init__(self, directory: Path | None = None):
        """The templates shipped in the package, or those of `directory` (a test's own)."""
        self.env = Environment(
            loader=FileSystemLoader(directory) if directory else PackageLoader("mailbot", "templates"),
            undefined=StrictUndefined,
            autoescape=select_autoescape(["html", "htm"]),  # text bodies are not HTML; any HTML is escaped
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            # Read once, as the service starts (compile_all): a template edited meanwhile is read at the next
            # start, where a broken one stops it, never in the middle of a ticket; and no file is looked at again
            # for every mail.
            auto_reload=False,
        )

    def render(self, name: str, context: dict) -> tuple[str, str]:
        """(subject, body) of template `name`."""
        text = self.env.get_template(f"{name}.txt").render(**context)
        first, _, rest = text.partition("\n")
        if not first.startswith("Subject:") or not rest.startswith("\n"):
            raise ConfigError(f"templates/{name}.txt: must start with a `Subject:` line and a blank line")
        return " ".join(first.removeprefix("Subject:").split()), rest[1:]

    def compile_all(self) -> None:
        """Compile every template now, as a service starts: a broken one stops it here, with the template's
        name, and not in the middle of a ticket; and the first mails are not slowed by compiling."""
        from jinja2 import TemplateError

        for name in self.env.list_templates(extensions=["txt"]):
            try:
                self.env.get_template(name)
            except TemplateError as e:
                raise ConfigError(f"templates/{name}: {e}") from None


def when(instant: datetime | None, timezone: str) -> str | None:
    """An instant as the reader's wall clock shows it, in the GOV.UK style: 'Monday 7 December 2026, 5:30pm',
    'Friday 27 November 2026, 10am', 'midday', 'midnight'. In English whatever the process's locale (strftime's
    names follow it), and made from the fields, at an eighth of strftime's cost."""
    if instant is None:
        return None
    t = instant.astimezone(ZoneInfo(timezone))
    if t.minute == 0 and t.hour in (0, 12):
        clock = "midnight" if t.hour == 0 else "midday"
    else:
        minutes = f":{t.minute:02d}" if t.minute else ""
        clock = f"{t.hour % 12 or 12}{minutes}{'am' if t.hour < 12 else 'pm'}"
    return f"{_DAYS[t.weekday()]} {t.day} {_MONTHS[t.month - 1]} {t.year}, {clock}"


_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
