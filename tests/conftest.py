"""Fixtures: a frozen clock, an app on a real database (SQLite file and PostgreSQL), the sample registry."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings
from sqlalchemy import create_engine, text

from mailbot.app import App
from mailbot.clock import FixedClock
from mailbot.outbox.render import Renderer
from mailbot.registry import import_file
from mailbot.rules import load_rules
from mailbot.settings import DEFAULT_RULES, load_settings
from mailbot.store import db
from tests.support.constants import AUDIT_KEY, EXAMPLES, SECRET, START
from tests.support.databases import PG_URL, empty_database
from tests.support.servers import Peer

# In CI the property tests draw the same examples on every run, so that a failure there is the change's and never
# the draw's; elsewhere each run draws new ones and finds what CI would not, and bench/ runs the long modes.
hypothesis_settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """One migrated SQLite file, copied for each test (migrating once is enough)."""
    path = tmp_path_factory.mktemp("template") / "mailbot.db"
    engine = db.make_engine(f"sqlite:///{path}")
    db.upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def pg_database():
    """A database of its own on the test PostgreSQL server, migrated once, dropped at the end."""
    if not PG_URL:
        if os.environ.get("CI"):
            pytest.fail("MAILBOT_TEST_PG_URL is not set: CI must run the suite on PostgreSQL too")
        pytest.skip("MAILBOT_TEST_PG_URL is not set (make test sets it when PostgreSQL can be started)")
    name = f"mailbot_test_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_URL.rsplit("/", 1)[0] + "/" + name
    engine = db.make_engine(url)
    db.upgrade(engine)
    engine.dispose()
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    return empty_database(request, request.param, tmp_path)


@pytest.fixture
def env(tmp_path, db_url) -> dict[str, str]:
    """The environment a deployment would give the bot, pointing at this test's database and folders."""
    return {
        "MAILBOT_DATA_DIR": str(tmp_path / "var"),
        "MAILBOT_DB": db_url,
        "MAILBOT_SECRET": SECRET,
        "MAILBOT_AUDIT_KEY": AUDIT_KEY,
        "MAILBOT_RULES": str(DEFAULT_RULES),
    }


@pytest.fixture
def dns_zone() -> dict[str, str]:
    """The DNS the tests control (name -> TXT record): nothing here reaches the internet's DNS. It publishes
    the demo DKIM key for hmrc.gov.uk, with which tests.support.mails signs replies from HMRC."""
    from tests.support.mails import DEMO_DNS

    return dict(DEMO_DNS)


@pytest.fixture
def app(env, clock, tmp_path, dns_zone) -> App:
    settings = load_settings(env, cwd=tmp_path)
    application = App.build(settings, rules=load_rules(settings.rules_path), clock=clock,
                            dns=lambda name: dns_zone.get(name.rstrip(".")))
    yield application
    application.close()


@pytest.fixture
def registry(app) -> App:
    """The app with the example registry records loaded (HMRC locked, a parish council not)."""
    with app.tx() as session:
        import_file(session, str(EXAMPLES / "registry.json"), app.rules.zone)
    return app


@pytest.fixture
def renderer() -> Renderer:
    return Renderer()


@pytest.fixture(scope="session")
def tls_files(tmp_path_factory):
    """A self-signed certificate for 127.0.0.1, made with openssl for this run."""
    import subprocess

    d = tmp_path_factory.mktemp("tls")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
         "-keyout", str(d / "key.pem"), "-out", str(d / "cert.pem")],
        check=True, capture_output=True,
    )
    return d / "cert.pem", d / "key.pem"


@pytest.fixture
def smtp_peer():
    """A plain relay on loopback (no TLS, no AUTH): MAILBOT_SMTP_URL=smtp://127.0.0.1:PORT?tls=none."""
    from aiosmtpd.controller import Controller

    peer = Peer()
    controller = Controller(peer, hostname="127.0.0.1", port=peer.port)
    controller.start()
    peer.url = f"smtp://127.0.0.1:{peer.port}?tls=none"
    yield peer
    controller.stop()


@pytest.fixture
def tls_relay(tls_files):
    """A relay that requires STARTTLS and AUTH, as a production relay does."""
    import ssl

    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    cert, key = tls_files
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    peer = Peer()
    peer.logins = []

    def authenticator(server, session, envelope, mechanism, data):
        ok = data.login == b"mailbot" and data.password == b"s3cret pass"
        peer.logins.append((data.login, ok))
        return AuthResult(success=ok, handled=False)  # not handled: aiosmtpd answers 535 itself

    controller = Controller(peer, hostname="127.0.0.1", port=peer.port, tls_context=context, require_starttls=True,
                            auth_required=True, authenticator=authenticator)
    controller.start()
    peer.url = f"smtp://mailbot:s3cret%20pass@127.0.0.1:{peer.port}?cafile={cert}"
    yield peer
    controller.stop()


# A real Knot DNS on loopback for the zone watch (tests/support/dns_server.py): zone_server gives each test the
# test zone emptied of delegations under a new serial; knot_server is the one server behind it.
from tests.support.dns_server import knot_server, zone_server  # noqa: E402, F401

# A real Dovecot on loopback for the IMAP tests (tests/support/imap_server.py): imap_server gives each test an
# empty mailbox of its own; dovecot_server is the one server behind it.
from tests.support.imap_server import dovecot_server, imap_server  # noqa: E402, F401
