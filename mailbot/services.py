"""What every use case is handed as `app`: the settings, rules, clock, database and renderer that the composition root
(mailbot.app.App) builds once. A Protocol, so that the stages beneath the root name the type of what they are handed
without importing the root that runs them."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Protocol

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from mailbot.clock import Clock
from mailbot.outbox.render import Renderer
from mailbot.rules import Rules
from mailbot.settings import Settings
from mailbot.store.models import Ticket


class Services(Protocol):
    settings: Settings
    rules: Rules
    clock: Clock
    engine: Engine
    sessions: sessionmaker[Session]
    renderer: Renderer
    dns: Callable[[str], str | None]  # TXT look-ups for DKIM: name -> record or None

    def tx(self, within: Session | None = None) -> AbstractContextManager[Session]:
        """A transaction of its own, or `within` the one already open."""

    def when(self, instant: datetime | None) -> str | None:
        """An instant as the service's calendar's wall clock shows it."""

    def context(self, ticket: Ticket, extra: dict) -> dict:
        """What every template may use, plus the template's own values."""
