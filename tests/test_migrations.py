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
    script = ScriptDirectory.from_config(db.alembic_config(None))
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def test_each_revision_has_a_docstring_and_a_named_file():
    script = ScriptDirectory.from_config(db.alembic_config(None))
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


def test_0011_holds_each_change_by_domain_and_keeps_a_verification_matching(db_url):
    """A change ticket of one domain, verified, written before 0011: after the upgrade its change is held by
    domain and its verification still matches the request as it stands; going down writes it back as it was."""
    import hashlib
    import json
    from datetime import UTC, datetime

    from sqlalchemy import MetaData, Table, select

    from mailbot.workflow.changes import digest

    old_change = {"nameservers": ["ns1.newdns.co.uk", "ns2.newdns.co.uk"]}
    old_digest = hashlib.sha256(json.dumps({"domain": "hmrc.gov.uk", "change": old_change}, sort_keys=True,
                                           separators=(",", ":")).encode()).hexdigest()
    engine = db.make_engine(db_url)
    try:
        db.downgrade(engine, "0010")
        tickets = Table("tickets", MetaData(), autoload_with=engine)
        now = datetime(2026, 11, 27, 10, tzinfo=UTC)
        with engine.begin() as conn:
            conn.execute(tickets.insert().values(
                ref="RL-000001", kind="change", state="awaiting_confirmation", urgent=False, stage=1,
                domains=["hmrc.gov.uk"], change=old_change, form={}, change_digest=old_digest,
                verified_digest=old_digest, opened_at=now, updated_at=now, deadlines={}, limits={}, escalated=False))
            conn.execute(tickets.insert().values(
                ref="RL-000002", kind="triage", state="triage", urgent=False, stage=1, domains=[], change={}, form={},
                opened_at=now, updated_at=now, deadlines={}, limits={}, escalated=False))
        db.upgrade(engine, "0011")
        with engine.connect() as conn:
            rows = {r.ref: r for r in conn.execute(select(tickets).order_by(tickets.c.id))}
        held = {"hmrc.gov.uk": old_change}
        assert (rows["RL-000001"].change, rows["RL-000001"].change_digest, rows["RL-000001"].verified_digest) == (
            held, digest(held), digest(held))
        assert (rows["RL-000002"].change, rows["RL-000002"].change_digest) == ({}, None)
        db.downgrade(engine, "0010")
        with engine.connect() as conn:
            back = conn.execute(select(tickets).where(tickets.c.ref == "RL-000001")).one()
        assert (back.change, back.change_digest, back.verified_digest) == (old_change, old_digest, old_digest)
    finally:
        with engine.begin() as conn:
            conn.execute(Table("tickets", MetaData(), autoload_with=engine).delete())
        db.upgrade(engine)
        engine.dispose()
