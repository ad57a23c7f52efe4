"""Registry files for the import tests: the example as data to change, written where a test wants it, and readers
of what the registry tables and the registry's history hold."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from sqlalchemy import select

from mailbot.registry import import_file
from mailbot.store.models import Base, RegistryEvent

EXAMPLE = Path(__file__).resolve().parent.parent.parent / "examples" / "registry.json"
EXAMPLE_DATA = json.loads(EXAMPLE.read_text(encoding="utf-8"))
TABLES = ("registrars", "registrar_emails", "organisations", "contacts", "domains", "registry_events",
          "registry_history")


def example() -> dict:
    return copy.deepcopy(EXAMPLE_DATA)


def hmrc(data: dict) -> dict:
    return data["organisations"][0]


def hmrc_domain(data: dict) -> dict:
    return data["organisations"][0]["domains"][0]


def parish(data: dict) -> dict:
    return data["organisations"][1]


def parish_domain(data: dict) -> dict:
    return data["organisations"][1]["domains"][0]


def write(tmp_path: Path, data, name: str = "registry.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data, indent=2), encoding="utf-8")
    return path


def load(app, path: Path, **kw) -> dict:
    with app.tx() as session:
        return import_file(session, str(path), app.rules.zone, at=app.clock.now(), **kw)


def snapshot(app) -> dict[str, list[tuple]]:
    """Every row of the registry tables and of the registry's history: equal snapshots mean nothing was written."""
    with app.sessions() as session:
        return {name: [tuple(row) for row in session.execute(
                    select(Base.metadata.tables[name]).order_by(Base.metadata.tables[name].c.id))]
                for name in TABLES}


def history(app) -> list[dict]:
    """The registry's history: kind, subject, actor, where, before and after of each event, in order."""
    with app.sessions() as session:
        return [{"seq": e.seq, "kind": e.kind, "subject": e.subject, "actor": e.actor, "reason": e.reason, **e.data}
                for e in session.scalars(select(RegistryEvent).order_by(RegistryEvent.seq))]
