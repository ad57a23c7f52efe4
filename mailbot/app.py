"""Composition root: builds the clock, settings, rules, database and renderer that every use case is handed."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from mailbot import audit
from mailbot.clock import Clock, SystemClock
from mailbot.outbox.render import Renderer, when
from mailbot.rules import Rules, load_rules
from mailbot.settings import Settings, load_settings
from mailbot.store import db
from mailbot.store.models import Ticket


@dataclass
class App:
    settings: Settings
    rules: Rules
    clock: Clock
    engine: Engine
    sessions: sessionmaker[Session]
    renderer: Renderer
    dns: object = None  # TXT look-ups for DKIM: name -> record or None; the system's resolver by default

    @classmethod
    def build(
        cls,
        settings: Settings | None = None,
        *,
        rules: Rules | None = None,
        clock: Clock | None = None,
        dns=None,
        check_schema: bool = True,
    ) -> App:
        settings = settings or load_settings()
        rules = rules or load_rules(settings.rules_path)
        engine = db.make_engine(settings.db_url)
        if check_schema:
            try:
                db.ensure_schema(engine)
            except Exception:
                engine.dispose()
                raise
        from mailbot.policy.authentication import file_resolver, system_resolver

        if dns is None:
            dns = file_resolver(settings.dns_file) if settings.dns_file else system_resolver
        sessions = db.session_factory(engine)
        # Every session carries the history's key, so that whoever appends an event can hash and seal it.
        sessions.configure(info={audit.KEY: settings.audit_key})
        return cls(settings, rules, clock or SystemClock(), engine, sessions, Renderer(), dns)

    @contextmanager
    def tx(self, within: Session | None = None) -> Iterator[Session]:
        """A transaction of its own; or, `within` one already open (a command by email is carried out in the
        transaction of the mail that carries it), that one."""
        if within is not None:
            yield within
            return
        with db.transaction(self.sessions) as session:
            yield session

    def when(self, instant) -> str | None:
        return when(instant, self.rules.calendar.timezone)

    def context(self, ticket: Ticket, extra: dict) -> dict:
        """What every template may use, plus the template's own values."""
        a = self.rules.addresses
        return {
            "ticket": {
                "ref": ticket.ref,
                "kind": ticket.kind,
                "state": ticket.state,
                "domains": list(ticket.domains),
                "urgent": ticket.urgent,
                "opened_at": self.when(ticket.opened_at),
                "deadline": self.when(ticket.next_deadline),
            },
            "service": {
                "name": self.rules.service_name,
                "bot_address": a.bot,
                "operators_address": a.operators[0],
                "gds_address": a.gds,
                "phone": self.rules.registry_phone,
            },
            "now": self.when(self.clock.now()),
            "change": None,
            "registrar": None,
            **extra,
        }

    def close(self) -> None:
        self.engine.dispose()
