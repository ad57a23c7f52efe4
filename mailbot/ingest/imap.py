"""Ingest: reads an IMAP mailbox (imapclient): fetch, store and act, then move to the processed folder.

A message leaves the inbox only after the transaction that stored it and acted on it has committed; a crash
in between leaves it there, and reading it again finds it stored and does nothing more. Where the folder's
UIDVALIDITY changes, the folder is read again from the start and the stored messages say what was done.
IDLE is only a wake-up hint: it is re-issued every few minutes (well inside the 29 minutes of RFC 2177),
sockets have time-outs since firewalls drop idle connections silently, every (re)connection catches up by
searching, and every failure is followed by a reconnection after a capped back-off with jitter.
"""

from __future__ import annotations

import json
import logging
import random
import shlex
import ssl
import subprocess
import threading
import time
import zlib
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from imapclient import IMAPClient
from sqlalchemy import func, select, text

from mailbot.errors import ConfigError
from mailbot.ingest.receive import Incoming, NotStored, Received, receive_many, registrar_addresses
from mailbot.parse.exchange import parse_many
from mailbot.parser_processes import PARALLEL
from mailbot.services import Services
from mailbot.settings import ImapSettings
from mailbot.store.models import ImapFolder

log = logging.getLogger(__name__)

MAX_BACKOFF = 300.0
# Messages moved out of the inbox together, once all of them are committed: one MOVE, not one each.
MOVE_BATCH = 50
# Groups fetched and handed to the parsers ahead of the one acted on: with two, the parsers never wait for a FETCH.
AHEAD = 2
# The first group of a pass is small, and each after it twice the one before (up to MOVE_BATCH): acting waits for
# the first group's fetch and parse, and only for those, as the next group is fetched and parsed meanwhile.
FIRST_BATCH = 5
FETCH_BYTES = 8 * 1024 * 1024  # what one FETCH brings at most: a few round trips saved, memory kept small


class TokenSource:
    """An OAuth 2 access token from a command or a file, fetched again when it expires or is refused."""

    def __init__(self, settings: ImapSettings, clock=time.monotonic):
        self.settings, self.clock = settings, clock
        self._token: str | None = None
        self._expires = 0.0

    def token(self, *, fresh: bool = False) -> str:
        if fresh or self._token is None or self.clock() >= self._expires:
            self._token, lifetime = self._fetch()
            self._expires = self.clock() + max(lifetime - 60, 0)  # a minute's margin
        return self._token

    def _fetch(self) -> tuple[str, float]:
        s = self.settings
        if s.token_command:
            done = subprocess.run(shlex.split(s.token_command), capture_output=True, text=True, timeout=60)
            if done.returncode != 0:
                raise ConfigError(f"MAILBOT_IMAP_TOKEN_COMMAND failed ({done.returncode}): {done.stderr.strip()[:200]}")
            output = done.stdout.strip()
        else:
            output = Path(s.token_file).read_text().strip()
        if output.startswith("{"):
            data = json.loads(output)
            return data["access_token"], float(data.get("expires_in", 3600))
        return output, 300.0 if s.token_file else 3000.0


class ImapIngester:
    def __init__(self, app: Services, settings: ImapSettings, *, client_factory=IMAPClient):
        self.app, self.settings, self.client_factory = app, settings, client_factory
        self.tokens = TokenSource(settings) if not settings.password else None
        self.client: IMAPClient | None = None
        self.state = "stopped"
        self.last_error: str | None = None

    # -- connection ----------------------------------------------------------------------------

    def connect(self) -> IMAPClient:
        s = self.settings
        context = ssl.create_default_context(cafile=s.cafile)
        client = quiet(self.client_factory(s.host, port=s.port, ssl=s.tls == "ssl", ssl_context=context,
                                           timeout=s.timeout))
        try:
            if s.tls == "starttls":
                client.starttls(context)
            if self.tokens is None:
                client.login(s.user, s.password)
            else:
                try:
                    client.oauth2_login(s.user, self.tokens.token())
                except Exception:
                    client.oauth2_login(s.user, self.tokens.token(fresh=True))  # expired early: once more
            for folder in (s.processed, s.quarantine):
                if not client.folder_exists(folder):
                    client.create_folder(folder)
            client.select_folder(s.folder)
        except Exception:
            _close(client)
            raise
        self.client = client
        self.capabilities = set(client.capabilities())
        return client

    def close(self) -> None:
        if self.client is not None:
            _close(self.client)
            self.client = None

    # -- one pass ---------------------------------------------------------------------------------

    def catch_up(self) -> list[Received]:
        """Read everything waiting in the folder, once; returns what happened to each message.

        The messages go in groups (FIRST_BATCH of them first, at most MOVE_BATCH, FETCH_BYTES of mail): one
        FETCH, one transaction and one MOVE a group. The connection has a thread of its own, which sends its
        commands one at a time and in order: while one group is acted on here, it fetches the next AHEAD (which
        the parser processes then read, on the other cores, each its share in one exchange) and moves the group
        before, once that is committed."""
        client = self.client or self.connect()
        with ingest_lock(self.app, self.settings.mailbox) as mine:
            if not mine:
                return []  # another instance is reading this mailbox now
            uidvalidity = client.folder_status(self.settings.folder, [b"UIDVALIDITY"])[b"UIDVALIDITY"]
            self._check_uidvalidity(uidvalidity)
            results: list[Received] = []
            groups = self._fetch(client, sorted(client.search(["UNDELETED"])))
            with (ThreadPoolExecutor(1, thread_name_prefix="imap") as connection,
                  ThreadPoolExecutor(PARALLEL, thread_name_prefix="parse") as parsers):
                registrars = registrar_addresses(self.app)  # as they are when the pass starts
                fetch_next = lambda: self._parsing(parsers, next(groups, []), registrars)  # noqa: E731
                ahead, moves = deque(connection.submit(fetch_next) for _ in range(AHEAD)), []
                while (parsing := ahead.popleft().result())[0]:
                    ahead.append(connection.submit(fetch_next))
                    # Committed, every one of them: only now may they leave the inbox. A crash before the move
                    # leaves them there, and the next pass finds them stored and only moves them.
                    moves += [connection.submit(self._move, client, uids, target)
                              for target, uids in self._receive(parsing, uidvalidity, results).items()]
                    for move in [m for m in moves if m.done()]:
                        move.result()  # a move that failed stops the pass, as the connection is gone
                        moves.remove(move)
                for move in moves:
                    move.result()
            return results

    def _parsing(self, parsers: ThreadPoolExecutor, group: list[tuple[int, bytes]], registrars: frozenset[str]):
        """The group, and its parsing begun: a share of it for each parser process, in one exchange each."""
        limits, zone, share = self.app.settings.limits, self.app.rules.zone, max(1, -(-len(group) // PARALLEL))
        return group, [parsers.submit(parse_many, [raw for _, raw in group[at:at + share]], limits, zone, registrars)
                       for at in range(0, len(group), share)]

    def _receive(self, parsing, uidvalidity: int, results: list[Received]) -> dict[str, list[int]]:
        """Store and act on one group in one transaction; the folders its messages go to, once committed."""
        group, shares = parsing
        mails = [mail for share in shares for mail in share.result()]
        incoming = [Incoming(raw, "imap", mail) for (_, raw), mail in zip(group, mails)]
        outcomes = receive_many(self.app, incoming, before_commit=self._saver(group[-1][0], uidvalidity))
        moves: dict[str, list[int]] = {}
        for (uid, _), outcome in zip(group, outcomes):
            if isinstance(outcome, NotStored):
                # The database works but would not keep it: the mailbox keeps it, out of the way of the others.
                log.error("imap uid %s: %s: moved to %s", uid, outcome, self.settings.quarantine)
                moves.setdefault(self.settings.quarantine, []).append(uid)
                continue
            if isinstance(outcome, Exception):
                log.warning("%s: left in %s to try again", outcome, self.settings.folder)
                continue
            log.info("imap uid %s %s: %s %s", uid, outcome.message_id, outcome.action, outcome.ticket or "")
            results.append(outcome)
            # Parked (a triage ticket) or quarantined (not even that): stored as `failed`, and set aside here too.
            aside = outcome.action in ("parked", "quarantined")
            moves.setdefault(self.settings.quarantine if aside else self.settings.processed, []).append(uid)
        return moves

    @staticmethod
    def _fetch(client, uids: list[int]):
        """Groups of (uid, raw message) in UID order: the sizes of FIRST_BATCH messages are asked for, then of twice
        as many each time up to MOVE_BATCH, and each group is one FETCH of those, or of as many as come to at most
        FETCH_BYTES of mail (a bigger message alone); a message gone meanwhile (another reader moved it) is
        skipped."""
        at, batch = 0, FIRST_BATCH
        while at < len(uids):
            window, at = uids[at:at + batch], at + batch
            sizes = client.fetch(window, ["RFC822.SIZE"])
            group: list[int] = []
            total = 0
            for uid in [u for u in window if u in sizes]:
                size = sizes[uid].get(b"RFC822.SIZE", 0)
                if group and total + size > FETCH_BYTES:
                    yield from _bodies(client, group)
                    group, total = [], 0
                group.append(uid)
                total += size
            yield from _bodies(client, group)
            batch = min(2 * batch, MOVE_BATCH)

    def _saver(self, uid: int, uidvalidity: int):
        mailbox, now = self.settings.mailbox, self.app.clock.now

        def save(session) -> None:
            row = session.scalar(select(ImapFolder).where(ImapFolder.mailbox == mailbox).with_for_update())
            if row is None:
                session.add(ImapFolder(mailbox=mailbox, uidvalidity=uidvalidity, last_uid=uid, updated_at=now()))
            else:
                row.uidvalidity, row.last_uid, row.updated_at = uidvalidity, max(row.last_uid, uid), now()

        return save

    def _check_uidvalidity(self, uidvalidity: int) -> None:
        with self.app.tx() as session:
            row = session.scalar(select(ImapFolder).where(ImapFolder.mailbox == self.settings.mailbox)
                                 .with_for_update())
            if row is not None and row.uidvalidity != uidvalidity:
                # RFC 3501 2.3.1.1: the old UIDs mean nothing now. Everything is read again; what was stored
                # before is recognised by its content and not acted on twice.
                log.warning("%s: UIDVALIDITY changed from %s to %s: reading the folder again",
                            self.settings.mailbox, row.uidvalidity, uidvalidity)
                row.uidvalidity, row.last_uid, row.updated_at = uidvalidity, 0, self.app.clock.now()

    def _move(self, client, uids: list[int], folder: str) -> None:
        if b"MOVE" in self.capabilities:
            client.move(uids, folder)  # RFC 6851
            return
        client.copy(uids, folder)
        client.add_flags(uids, [b"\\Deleted"])
        if b"UIDPLUS" in self.capabilities:
            client.uid_expunge(uids)  # only these messages, never another reader's (RFC 4315)
        else:
            client.expunge()

    # -- the long-running loop ------------------------------------------------------------------------

    def run(self, stop: threading.Event) -> None:
        failures = 0
        while not stop.is_set():
            try:
                self.state = "connecting"
                client = self.connect()
                failures = 0
                self.state, self.last_error = "reading", None
                self.catch_up()
                while not stop.is_set():
                    self.state = "idle" if b"IDLE" in self.capabilities else "polling"
                    self._wait(client, stop)
                    self.state = "reading"
                    self.catch_up()
            except Exception as e:  # the boundary of the runner: log, back off, reconnect
                failures += 1
                self.last_error = f"{type(e).__name__}: {e}"
                delay = min(MAX_BACKOFF, 2 ** min(failures, 10)) * random.uniform(0.5, 1.0)
                log.warning("imap %s: %s; reconnecting in %.0f s", self.settings.mailbox, self.last_error, delay)
                self.state = "reconnecting"
                self.close()
                stop.wait(delay)
        self.close()
        self.state = "stopped"

    def _wait(self, client, stop: threading.Event) -> None:
        """Until the server says something may have arrived, the IDLE period ends, or we are stopped."""
        if b"IDLE" not in self.capabilities:
            stop.wait(self.settings.poll_seconds)
            return
        client.idle()
        try:
            deadline = time.monotonic() + self.settings.idle_seconds
            while not stop.is_set() and time.monotonic() < deadline:
                if client.idle_check(timeout=min(5.0, max(deadline - time.monotonic(), 0.1))):
                    break
        finally:
            client.idle_done()


def quiet(client: IMAPClient) -> IMAPClient:
    """The client, with imaplib's own debugging off unless its logger wants it. imapclient sets imaplib's debug
    level to the highest and hands its messages to the "imapclient.imaplib" logger, but imaplib makes each message
    before the logger can say it is not wanted: the repr() of every response, a fetched message's bytes included
    (80 MB of text for a 20 MB attachment), thrown away at once. That was a seventh of the instructions
    ingest ran."""
    imap = getattr(client, "_imap", None)
    if imap is not None and not logging.getLogger("imapclient.imaplib").isEnabledFor(logging.DEBUG):
        imap.debug = 0
    return client


def _bodies(client, group: list[int]):
    """The messages of `group` that are still there, as one group of (uid, raw message); none when none are."""
    fetched = client.fetch(group, ["BODY.PEEK[]"]) if group else {}
    found = [(uid, fetched[uid][b"BODY[]"]) for uid in group if b"BODY[]" in fetched.get(uid, {})]
    if found:
        yield found


def _close(client) -> None:
    try:
        client.logout()
    except Exception:
        try:
            client.shutdown()
        except Exception:
            pass


@contextmanager
def ingest_lock(app: Services, name: str):
    """One reader of a mailbox at a time across instances: a PostgreSQL advisory lock, released by the server
    if the instance holding it dies, so nobody waits on a dead one. SQLite has one host and needs none."""
    if app.engine.dialect.name != "postgresql":
        yield True
        return
    key = zlib.crc32(name.encode()) - 2**31
    with app.engine.connect() as conn:
        mine = conn.scalar(select(func.pg_try_advisory_lock(key)))
        conn.commit()  # the lock belongs to the session; no transaction stays open while we read
        try:
            yield bool(mine)
        finally:
            if mine:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
            conn.commit()
