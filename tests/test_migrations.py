"""Migrations: every revision walks down and up on SQLite and PostgreSQL, and agrees with the models."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from mailbot.app import App
from mailbot.errors import SchemaOutOfDate
from mailbot.settings import load_settings
from mailbot.store import db
from mailbot.store.models import Base


def revisions() -> list[str]:
    script = ScriptDirectory.from_config(db._alembic_config(None))
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def test_each_revision_has_a_docstring_and_a_named_file():
    script = ScriptDirectory.from_config(db._alembic_config(None))
    for rev in script.walk_revisions():
        assert rev.doc and rev.doc.strip(), rev.revision
        assert rev.path.endswith(f"{rev.revision}_{rev.path.split(rev.revision + '_', 1)[1]}")


def test_walk_down_and_up_every_revision(db_url):
    engine = db.make_engine(db_url)
    try:
        revs = revisions()
        for target in reversed(["base"] + revs[:-1]):
            db.downgrade(engine, target)
            assert db.current_revision(engine) == (None if target == "base" else target)
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        for rev in revs:
            db.upgrade(engine, rev)
            assert db.current_revision(engine) == rev
    finally:
        engine.dispose()


def test_models_and_migrations_agree(db_url):
    engine = db.make_engine(db_url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()


def test_sqlite_is_upgraded_by_itself(tmp_path):
    settings = load_settings({"MAILBOT_SECRET": "x" * 20}, cwd=tmp_path)
    app = App.build(settings)
    try:
        assert db.current_revision(app.engine) == db.head_revision()
    finally:
        app.close()


def test_other_databases_refuse_to_run_until_upgraded(db_url, tmp_path):
    if db_url.startswith("sqlite"):
        pytest.skip("SQLite upgrades itself")
    engine = db.make_engine(db_url)
    db.downgrade(engine, "base")
    try:
        settings = load_settings({"MAILBOT_SECRET": "x" * 20, "MAILBOT_DB": db_url}, cwd=tmp_path)
        with pytest.raises(SchemaOutOfDate, match="run `mailbot db upgrade` first"):
            App.build(settings)
        assert db.current_revision(engine) is None  # nothing was changed behind the operator's back
    finally:
        db.upgrade(engine)
        engine.dispose()
