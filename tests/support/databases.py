"""Tests' helper: an empty, migrated database for one test, on SQLite or on the test PostgreSQL server."""

from __future__ import annotations

import os
import shutil

from sqlalchemy import create_engine, text

from mailbot.store.models import Base

PG_URL = os.environ.get("MAILBOT_TEST_PG_URL", "")


def truncate(url: str) -> None:
    """Empty every table of the PostgreSQL database at `url`, keeping its schema."""
    engine = create_engine(url)
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()


def empty_database(request, kind: str, tmp_path) -> str:
    """The URL of an empty, migrated database of `kind` (sqlite or postgresql) for this test."""
    if kind == "sqlite":
        path = tmp_path / "mailbot.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    url = request.getfixturevalue("pg_database")
    truncate(url)
    return url
