"""Test support for the zone watch: a real Knot DNS server on loopback serving a generated .gov.uk test zone by
AXFR, only to a client that signs with the test TSIG key; started from the tests' own configuration."""

from __future__ import annotations

import base64
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import dns.message
import dns.query
import dns.rdatatype
import dns.tsigkeyring
import pytest

from tests.support.servers import required_setting

ZONE = "gov.uk"
KEY_NAME = "mailbot-transfer"
ALGORITHM = "hmac-sha256"
START_SECONDS = 15.0
STOP_SECONDS = 15.0


class KnotError(Exception):
    """The test server could not be started, reloaded or stopped; the message carries the log's tail."""


@dataclass
class Delegation:
    """One domain's delegation in the test zone: its name servers and DS records as the zone writes them."""

    nameservers: list[str]
    ds: list[str] = field(default_factory=list)


def zone_text(serial: int, delegations: dict[str, Delegation], *, origin: str = ZONE) -> str:
    """A zone file for `origin`: the SOA with `serial`, the apex's NS, then each domain's NS and DS records."""
    lines = [f"$ORIGIN {origin}.", "$TTL 3600",
             f"@ SOA ns0.{origin}. hostmaster.{origin}. {serial} 3600 600 864000 3600",
             f"@ NS ns0.{origin}.", "ns0 A 127.0.0.1"]
    for name, d in delegations.items():
        label = name.removesuffix("." + origin)
        lines += [f"{label} NS {ns.rstrip('.')}." for ns in d.nameservers]
        lines += [f"{label} DS {ds}" for ds in d.ds]
    return "\n".join(lines) + "\n"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _config(d: Path, port: int, secret: str) -> str:
    """A complete configuration: nothing from /etc/knot, every path inside `d`; the zone goes out by AXFR only to
    a client signing with the key, and is read again from its file on `knotc zone-reload`."""
    return f"""\
# Written by tests/support/dns_server.py for one test run.
server:
    rundir: {d}
    listen: 127.0.0.1@{port}
    background-workers: 1
    tcp-workers: 2
    udp-workers: 1
    # Knot gives up sending a message after 500 ms by default: a client reading a large transfer on a busy machine
    # can take longer between reads.
    tcp-io-timeout: 30000
log:
  - target: {d}/knot.log
    any: info
database:
    storage: {d}/db
key:
  - id: {KEY_NAME}
    algorithm: {ALGORITHM}
    secret: {secret}
acl:
  - id: transfer
    key: {KEY_NAME}
    action: transfer
template:
  - id: default
    storage: {d}
    zonefile-sync: -1
    zonefile-load: whole
    journal-content: none
zone:
  - domain: {ZONE}
    file: {ZONE}.zone
    acl: transfer
"""


class Knot:
    """One private knotd on 127.0.0.1:`port`, serving ZONE from `zone_file` to a client with the TSIG key."""

    def __init__(self, binary: str):
        self.binary = binary
        knotc = Path(binary).resolve().parent / "knotc"
        self.knotc = str(knotc) if knotc.exists() else (shutil.which("knotc") or "knotc")
        # Short, for the 108-byte limit on the control socket's path.
        self.root = Path(tempfile.mkdtemp(prefix="mailbot-knot-"))
        self.port = free_port()
        self.secret = base64.b64encode(secrets.token_bytes(32)).decode()
        self.conf = self.root / "knot.conf"
        self.zone_file = self.root / f"{ZONE}.zone"
        self.conf.write_text(_config(self.root, self.port, self.secret))
        self.serial = 0
        self._process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        """What MAILBOT_ZONE_SOURCE says for this server."""
        return f"axfr://127.0.0.1:{self.port}/{ZONE}"

    @property
    def tsig(self) -> str:
        """What MAILBOT_ZONE_TSIG says for the key this server wants: ALGORITHM:NAME:SECRET, as dig's -y."""
        return f"{ALGORITHM}:{KEY_NAME}:{self.secret}"

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self, seconds: float = START_SECONDS) -> None:
        """Start knotd in the foreground of a child process and wait until it answers for the zone (`seconds` at
        most: a zone of a million delegations takes a while to load)."""
        if self.running:
            return
        if not self.zone_file.exists():
            self.zone_file.write_text(zone_text(1, {}))
            self.serial = 1
        with open(self.root / "knotd.out", "ab") as out:
            self._process = subprocess.Popen([self.binary, "-c", str(self.conf)], stdout=out,
                                             stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                             start_new_session=True)
        self._wait_for(self.serial, seconds)

    def publish(self, serial: int, delegations: dict[str, Delegation]) -> None:
        """Write the zone with `serial` and have the server load it, as the registry publishes a new zone."""
        self.zone_file.write_text(zone_text(serial, delegations))
        self.serial = serial
        if not self.running:
            self.start()
            return
        done = subprocess.run([self.knotc, "-s", str(self.root / "knot.sock"), "-b", "zone-reload", ZONE],
                              capture_output=True, text=True, timeout=STOP_SECONDS)
        if done.returncode != 0:
            raise KnotError(f"knotc zone-reload failed: {done.stdout}{done.stderr}\n{self.log_tail()}")
        self._wait_for(serial, START_SECONDS)

    def served_serial(self) -> int | None:
        """The SOA serial the server answers with now, or None if it does not answer."""
        query = dns.message.make_query(ZONE, dns.rdatatype.SOA)
        try:
            answer = dns.query.tcp(query, "127.0.0.1", port=self.port, timeout=1)
        except (OSError, EOFError, dns.exception.DNSException):
            return None
        for rrset in answer.answer:
            if rrset.rdtype == dns.rdatatype.SOA:
                return rrset[0].serial
        return None

    def _wait_for(self, serial: int, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while self.served_serial() != serial:
            if self._process is not None and self._process.poll() is not None:
                code = self._process.returncode
                self._process = None
                raise KnotError(f"{self.binary} exited with status {code}\n{self.log_tail()}")
            if time.monotonic() > deadline:
                raise KnotError(f"knotd did not serve serial {serial} within {seconds:.0f} s\n{self.log_tail()}")
            time.sleep(0.02)

    def stop(self) -> None:
        """Stop the server; the port refuses connections afterwards (a transfer that fails)."""
        if self._process is None:
            return
        try:
            os.killpg(self._process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            self._process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(self._process.pid, signal.SIGKILL)
            self._process.wait()
        self._process = None

    def close(self) -> None:
        try:
            self.stop()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def log_tail(self, lines: int = 30) -> str:
        parts = []
        for path in (self.root / "knotd.out", self.root / "knot.log"):
            if path.exists():
                text = path.read_text(errors="replace").splitlines()[-lines:]
                if text:
                    parts.append(f"--- {path.name}\n" + "\n".join(text))
        return "\n".join(parts) or "(knotd wrote no log)"

    def keyring(self) -> dict:
        return dns.tsigkeyring.from_text({KEY_NAME: (ALGORITHM, self.secret)})


@pytest.fixture(scope="session")
def knot_server():
    """One knotd for the whole run (MAILBOT_TEST_KNOT names its binary), removed at the end."""
    binary = required_setting("MAILBOT_TEST_KNOT", "the zone tests on a real DNS server", "Knot DNS can be installed")
    server = Knot(binary)
    try:
        server.start()
        yield server
    finally:
        server.close()


@pytest.fixture
def zone_server(knot_server):
    """The test knotd, running, its zone emptied of delegations under a serial of its own for this test."""
    knot_server.start()  # again, if an earlier test stopped it and failed before starting it
    knot_server.publish(knot_server.serial + 1, {})
    return knot_server
