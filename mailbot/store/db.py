"""Storage: the engine, one transaction per use case, and the schema's migration state."""

from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import orjson
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from mailbot.errors import ConfigError, SchemaOutOfDate, TemporaryError, without_credentials

# Alembic's scripts, package data (mailbot/migrations/): Alembic reads a script location of the form
# "package:folder" through importlib.resources.
MIGRATIONS = "mailbot:migrations"


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        # A writer waits for another instead of failing at once; see _sqlite_pragmas for the rest.
        engine = create_engine(url, connect_args={"timeout": 30}, json_serializer=_json)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    try:
        return create_engine(url, pool_pre_ping=True, json_serializer=_json)
    except Exception as e:  # a malformed URL or a missing driver; its message may quote the URL whole
        shown = without_credentials(url)
        raise ConfigError(f"database URL {shown!r}: {str(e).replace(url, shown)}") from None


def _json(value) -> str:
    """A JSON column's value as the database keeps it: orjson writes it several times faster than the json
    module, which every message needs some eight times (its history's data, the outbox's recipients). Text
    orjson refuses (a lone surrogate, which is how undecodable bytes of a header come to be read) is written
    by the json module, escaped, as before."""
    try:
        return orjson.dumps(value).decode()
    except orjson.JSONEncodeError:
        return json.dumps(value)


def _sqlite_pragmas(dbapi_conn, _record):
    # Take over transaction control from the sqlite3 module, so BEGIN IMMEDIATE below really starts them.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.close()


def _sqlite_begin(conn):
    # A unit of work takes the write lock up front, so two processes never interleave read-then-write;
    # a read alone (a report, a listing) takes none and waits for nobody.
    immediate = conn.get_execution_options().get("sqlite_immediate", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(sessions: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: committed whole on success, rolled back whole on any error."""
    with sessions() as session:
        try:
            with session.begin():
                session.connection(execution_options={"sqlite_immediate": True})
                yield session
        except OperationalError as e:
            raise TemporaryError(f"database unavailable: {e.orig}") from None


def alembic_config(engine: Engine | None):
    """Alembic's configuration for the migrations shipped in the package, run on `engine` (None: only to read them)."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", MIGRATIONS)
    cfg.attributes["engine"] = engine
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(None)).get_current_head()


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    except OperationalError as e:
        raise TemporaryError(f"cannot reach the database: {e.orig}") from None


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(engine), revision)


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    command.downgrade(alembic_config(engine), revision)


def ensure_schema(engine: Engine) -> None:
    """SQLite (the embedded default) is brought up to date by itself; any other database must be upgraded
    by a person with `mailbot db upgrade`, so that a deployment never changes a shared schema by surprise."""
    if current_revision(engine) == head_revision():
        return
    if engine.dialect.name == "sqlite":
        upgrade(engine)
        return
    raise SchemaOutOfDate(
        f"the database schema is not up to date (at {current_revision(engine) or 'nothing'}, "
        f"need {head_revision()}): run `mailbot db upgrade` first"
    )
