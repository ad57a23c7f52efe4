"""Test support for ingest: a real Dovecot IMAP server on loopback, started from the tests' own configuration."""

from __future__ import annotations

import grp
import os
import pwd
import re
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from imapclient import IMAPClient

from tests.support.servers import required_setting

PASSWORD = "secret"
# Dovecot sends "* OK Still here" this often to an idling client, so a test sees the keep-alives a long
# IDLE meets in production without waiting the default two minutes.
IDLE_NOTIFY_SECONDS = 5
START_SECONDS = 15.0
STOP_SECONDS = 15.0


class DovecotError(Exception):
    """The test server could not be started, stopped or driven; the message carries the log's tail."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _find_doveadm(dovecot: str) -> str:
    here = Path(dovecot).resolve().parent
    for candidate in (here / "doveadm", here.parent / "bin" / "doveadm"):
        if candidate.exists():
            return str(candidate)
    found = shutil.which("doveadm")
    if not found:
        raise DovecotError(f"no doveadm next to {dovecot} or on PATH")
    return found


def _config(d: Path, port: int, tls_port: int, uid: int, gid: int, as_root: bool) -> str:
    """A complete configuration: nothing from /etc/dovecot, every path inside `d`."""
    if as_root:
        # Dovecot's own unprivileged users (made by the Debian package) run the login and internal
        # services; the mail itself belongs to `uid`, as Dovecot refuses mail access as root.
        users = "default_login_user = dovenull\ndefault_internal_user = dovecot"
        chroot = ""
    else:
        # Without root nothing can change user or chroot: every process runs as whoever started the tests.
        me, group = pwd.getpwuid(os.getuid()).pw_name, grp.getgrgid(os.getgid()).gr_name
        users = f"default_login_user = {me}\ndefault_internal_user = {me}\ndefault_internal_group = {group}"
        chroot = "\n  chroot ="
    return f"""\
# Written by tests/support/imap_server.py for one test run; no include of the system's configuration.
instance_name = mailbot-test
protocols = imap
listen = 127.0.0.1
base_dir = {d}/run
state_dir = {d}/state
log_path = {d}/dovecot.log
{users}
ssl = yes
ssl_cert = <{d}/tls/cert.pem
ssl_key = <{d}/tls/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_verbose = yes
# Tests of a refused login need not wait the default two seconds.
auth_failure_delay = 0
# One passwd-file per user (users/NAME): Dovecot rereads a changed passwd-file at most once a second, so a
# user added to a shared file could be refused for up to a second; a new file is read at the first login.
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {d}/users/%u
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {d}/users/%u
  default_fields = uid={uid} gid={gid} home={d}/home/%u
}}
mail_location = maildir:{d}/mail/%u
first_valid_uid = {min(uid, 500)}
first_valid_gid = {min(gid, 1)}
imap_idle_notify_interval = {IDLE_NOTIFY_SECONDS} secs
# Another connection's APPEND wakes IDLE through inotify at once; this is only the fallback.
mailbox_idle_check_interval = 1 secs
service imap-login {{{chroot}
  inet_listener imap {{
    port = {port}
  }}
  inet_listener imaps {{
    port = {tls_port}
    ssl = yes
  }}
}}
# A refused login from 127.0.0.1 would otherwise slow every later login from it for up to 15 seconds
# (Dovecot's auth penalty): mode 0 is the documented way to turn the penalty off.
service anvil {{{chroot}
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
# Mail processes run as the mail user and report to the stats process: let them.
service stats {{
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
"""


class Dovecot:
    """One private Dovecot: plain IMAP on `port`, IMAP over TLS on `tls_port`, a passwd-file per user.

    `user` is the mailbox the methods below and `url()` use unless told otherwise; the `imap_server` fixture
    points it at a fresh, empty user for each test.
    """

    def __init__(self, binary: str):
        self.binary = binary
        self.doveadm = _find_doveadm(binary)
        # Not under pytest's tmp_path: that is private to root (0700), where Dovecot's own users could
        # not read the passwd-file, and too deep for the 108-byte limit on the sockets' paths.
        self.root = Path(tempfile.mkdtemp(prefix="mailbot-dovecot-"))
        self.root.chmod(0o755)
        self.port, self.tls_port = free_port(), free_port()
        self.conf = self.root / "dovecot.conf"
        self.cafile = self.root / "tls" / "cert.pem"
        self.log_path = self.root / "dovecot.log"
        self.password = PASSWORD
        self.user = "mailbot"
        self._process: subprocess.Popen | None = None
        as_root = os.geteuid() == 0
        if as_root:
            nobody = pwd.getpwnam("nobody")
            uid, gid = nobody.pw_uid, nobody.pw_gid
        else:
            uid, gid = os.getuid(), os.getgid()
        try:
            for sub in ("users", "mail", "home", "tls"):
                (self.root / sub).mkdir()
                if as_root and sub in ("mail", "home"):
                    os.chown(self.root / sub, uid, gid)  # Dovecot makes each user's maildir as that user
            self._make_certificate()
            self.conf.write_text(_config(self.root, self.port, self.tls_port, uid, gid, as_root))
            for name in ("mailbot", "other"):
                self.add_user(name)
        except BaseException:
            shutil.rmtree(self.root, ignore_errors=True)
            raise

    def _make_certificate(self) -> None:
        tls = self.root / "tls"
        done = subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
             "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
             "-keyout", str(tls / "key.pem"), "-out", str(self.cafile)],
            capture_output=True, text=True,
        )
        if done.returncode != 0:
            raise DovecotError(f"openssl could not make the test certificate: {done.stderr.strip()}")

    # -- the server -------------------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self) -> None:
        """Start Dovecot in the foreground of a child process and wait until it greets on both ports."""
        if self.running:
            return
        with open(self.root / "dovecot.out", "ab") as out:
            # A process group of its own, so that stop() can signal every process Dovecot starts, and no other.
            self._process = subprocess.Popen([self.binary, "-F", "-c", str(self.conf)], stdout=out,
                                             stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                             start_new_session=True)
        deadline = time.monotonic() + START_SECONDS
        while True:
            if self._process.poll() is not None:
                code = self._process.returncode
                self._process = None
                raise DovecotError(f"{self.binary} exited with status {code} while starting\n{self.log_tail()}")
            if self._greets(self.port) and self._accepts(self.tls_port):
                return
            if time.monotonic() > deadline:
                self._kill()
                raise DovecotError(f"dovecot did not answer on 127.0.0.1:{self.port} within "
                                   f"{START_SECONDS:.0f} s\n{self.log_tail()}")
            time.sleep(0.05)

    def stop(self) -> None:
        """Stop the server and every process it started, dropping each client as a crash or reboot would.

        SIGTERM goes to the whole process group: the master alone (`dovecot stop`) leaves a logged-in
        client's process running for up to ten seconds, so the client would not see the server go away.
        """
        if self._process is None:
            return
        self._signal_group(signal.SIGTERM)
        try:
            self._process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            self._kill()
            raise DovecotError(f"dovecot did not stop within {STOP_SECONDS:.0f} s\n{self.log_tail()}") from None
        self._signal_group(signal.SIGKILL)  # whatever is left of the group, now the master has gone
        self._process = None
        deadline = time.monotonic() + STOP_SECONDS
        while self._accepts(self.port) or self._accepts(self.tls_port):
            if time.monotonic() > deadline:
                raise DovecotError(f"port {self.port} still open after dovecot stopped\n{self.log_tail()}")
            time.sleep(0.05)

    def restart(self) -> None:
        self.stop()
        self.start()

    def close(self) -> None:
        """Stop the server and remove its directory (configuration, users, mail, log)."""
        try:
            self.stop()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def _signal_group(self, sig: int) -> None:
        try:
            os.killpg(self._process.pid, sig)
        except ProcessLookupError:
            pass

    def _kill(self) -> None:
        if self._process is not None:
            self._signal_group(signal.SIGKILL)
            self._process.wait()
            self._process = None

    @staticmethod
    def _accepts(port: int) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            return False

    @staticmethod
    def _greets(port: int) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
                return s.recv(512).startswith(b"* OK")
        except OSError:
            return False

    def log_tail(self, lines: int = 40) -> str:
        """The last lines of Dovecot's log, and of what it printed before its log was open."""
        parts = []
        for path in (self.root / "dovecot.out", self.log_path):
            if path.exists():
                text = path.read_text(errors="replace").splitlines()[-lines:]
                if text:
                    parts.append(f"--- {path.name}\n" + "\n".join(text))
        return "\n".join(parts) or "(dovecot wrote no log)"

    # -- users and their mailboxes ----------------------------------------------------------------------

    def add_user(self, name: str | None = None) -> str:
        """Add a user with password `secret` and an empty mailbox; Dovecot rereads the file on its next login."""
        name = name or f"mailbot-{uuid.uuid4().hex[:10]}"
        path = self.root / "users" / name
        path.write_text(f"{name}:{{PLAIN}}{self.password}::::::\n")
        path.chmod(0o644)  # read by Dovecot's auth process, which runs as its own user
        return name

    def connect(self, user: str | None = None, *, tls: bool = False) -> IMAPClient:
        """A logged-in client; use it in `with`, which logs out and closes the socket."""
        if tls:
            context = ssl.create_default_context(cafile=str(self.cafile))
            client = IMAPClient("127.0.0.1", self.tls_port, ssl=True, ssl_context=context, timeout=10)
        else:
            client = IMAPClient("127.0.0.1", self.port, ssl=False, timeout=10)
        try:
            client.login(user or self.user, self.password)
        except Exception:
            client.shutdown()
            raise
        return client

    def url(self, folder: str = "INBOX", *, tls: bool = False, user: str | None = None) -> str:
        """What MAILBOT_IMAP_URL would say for this mailbox: plain on loopback, or imaps with the test CA."""
        who = f"{quote(user or self.user, safe='')}:{quote(self.password, safe='')}"
        if tls:
            return f"imaps://{who}@127.0.0.1:{self.tls_port}/{quote(folder)}?cafile={quote(str(self.cafile))}"
        return f"imap://{who}@127.0.0.1:{self.port}/{quote(folder)}?tls=none"

    def append(self, raw: bytes, folder: str = "INBOX", user: str | None = None, flags: tuple = ()) -> int:
        """Deliver `raw` as a sender's server would, over a connection of its own; returns its UID.

        The folder must exist (see `create`): a real delivery to a missing folder fails too.
        """
        with self.connect(user) as client:
            answer = client.append(folder, raw, flags=flags)
        match = re.search(rb"\[APPENDUID \d+ (\d+)\]", answer)
        if not match:
            raise DovecotError(f"APPEND to {folder} gave no UID: {answer!r}")
        return int(match.group(1))

    def create(self, name: str, user: str | None = None) -> str:
        """Create the folder unless it exists; returns its name."""
        with self.connect(user) as client:
            if not client.folder_exists(name):
                client.create_folder(name)
        return name

    def folders(self, user: str | None = None) -> list[str]:
        with self.connect(user) as client:
            return sorted(name for _flags, _sep, name in client.list_folders())

    def messages(self, folder: str = "INBOX", user: str | None = None) -> list[bytes]:
        """Every message in the folder, in UID order, read without setting \\Seen."""
        with self.connect(user) as client:
            client.select_folder(folder, readonly=True)
            uids = client.search()
            fetched = client.fetch(uids, ["BODY.PEEK[]"]) if uids else {}
        return [fetched[uid][b"BODY[]"] for uid in sorted(fetched)]

    def uids(self, folder: str = "INBOX", user: str | None = None) -> list[int]:
        with self.connect(user) as client:
            client.select_folder(folder, readonly=True)
            return sorted(client.search())

    def uidvalidity(self, folder: str = "INBOX", user: str | None = None) -> int:
        with self.connect(user) as client:
            return client.folder_status(folder, [b"UIDVALIDITY"])[b"UIDVALIDITY"]

    def reset_uidvalidity(self, folder: str = "INBOX", user: str | None = None) -> int:
        """Give the folder a new UIDVALIDITY, keeping its messages (as after a server's restore); returns it.

        The messages keep their UIDs, so a client that ignores UIDVALIDITY is not saved by the numbers.
        """
        new = self.uidvalidity(folder, user) + 1
        done = subprocess.run(
            [self.doveadm, "-c", str(self.conf), "mailbox", "update", "--uid-validity", str(new),
             "-u", user or self.user, folder],
            capture_output=True, text=True,
        )
        if done.returncode != 0:
            raise DovecotError(f"doveadm mailbox update failed: {done.stderr.strip()}\n{self.log_tail()}")
        return new


@pytest.fixture(scope="session")
def dovecot_server():
    """One Dovecot for the whole run (MAILBOT_TEST_DOVECOT names its binary), removed at the end."""
    binary = required_setting("MAILBOT_TEST_DOVECOT", "the IMAP tests on a real Dovecot", "Dovecot can be installed")
    server = Dovecot(binary)
    try:
        server.start()
        yield server
    finally:
        server.close()


@pytest.fixture
def imap_server(dovecot_server):
    """The test Dovecot, running, with `user` (and so `url()`) a fresh user whose mailbox is empty."""
    dovecot_server.start()  # again, if an earlier test stopped it and failed before starting it
    dovecot_server.user = dovecot_server.add_user()
    return dovecot_server
