"""Settings: one frozen, typed object read once from the environment; every key is documented here and in
docs/configuration.md."""

from __future__ import annotations

import base64
import os
import secrets
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from importlib.resources import files
from pathlib import Path
from typing import Mapping
from urllib.parse import parse_qs, unquote, urlsplit

from mailbot.errors import ConfigError, without_credentials

# The rules shipped with the bot (package data), used when neither --rules, MAILBOT_RULES nor ./rules.yaml names
# others. A wheel is installed as files, so the resource is a file on disk.
DEFAULT_RULES = Path(str(files("mailbot") / "rules.yaml"))

# Each environment variable the bot reads, with what it means. docs/configuration.md's table is made from the same
# words.
ENVIRONMENT = {
    "MAILBOT_DATA_DIR": "Where the embedded default keeps its files (database, outbox Maildir, secret). Default ./var",
    "MAILBOT_DB": "SQLAlchemy database URL. Default sqlite:///$MAILBOT_DATA_DIR/mailbot.db",
    "MAILBOT_RULES": "Path of rules.yaml. Default ./rules.yaml if present, else the copy shipped with the bot",
    "MAILBOT_SECRET": "Secret key for reply tokens. Default: made once and kept in $MAILBOT_DATA_DIR/secret",
    "MAILBOT_AUDIT_KEY": "Key of the ticket histories' HMAC chains and seals (docs/audit.md), 16 characters or more, "
    "kept away from the database and never changed. Default: made once and kept in $MAILBOT_DATA_DIR/audit-key; a "
    "deployment sets it",
    "MAILBOT_PREVIOUS_SECRETS": "Keys rotated out, which still verify the tokens they signed until they expire: "
    "comma-separated DATE:SECRET, e.g. 2027-01-31:oldsecret (verifies until 00:00 UTC on that date). Default none",
    "MAILBOT_TOKEN_DAYS": "How many days a reply token counts after its mail was written. Default 30",
    "MAILBOT_SMTP_URL": "Relay for outgoing mail: smtp://user:pass@host:587 (STARTTLS), smtps://...:465 "
    "(implicit TLS); add ?tls=none only for a relay on loopback. Unset: write to the outbox Maildir",
    "MAILBOT_OUTBOX_DIR": "Maildir for outgoing mail when no relay is set. Default $MAILBOT_DATA_DIR/outbox",
    "MAILBOT_LISTEN": "host:port of the SMTP listener for incoming mail, or `off`. Default 127.0.0.1:2525",
    "MAILBOT_LISTEN_PROTOCOL": "`smtp` (default) or `lmtp`, for delivery from an MTA such as Postfix",
    "MAILBOT_MAX_MESSAGE_BYTES": "Largest message accepted; a larger one is refused with 552 by the listener, and "
    "stored but not read (a triage ticket) when it comes by IMAP or from a file. Default 52428800 (50 MB)",
    "MAILBOT_MAX_PARTS": "Most MIME parts a message may have to be read; past it the message is stored unread and "
    "a person told. Default 1000",
    "MAILBOT_MAX_DEPTH": "Deepest nesting of multipart and message/rfc822 parts a message may have to be read. "
    "Default 20",
    "MAILBOT_MAX_HEADERS": "Most header fields in one header section (the message's or a part's). Default 500",
    "MAILBOT_PARSE_SECONDS": "Longest a message's parsing may take; past it the parser is stopped and the message "
    "stored unread. Default 10",
    "MAILBOT_AUTHSERV_ID": "The authserv-id of our own receiving server: its topmost Authentication-Results "
    "header is trusted (with IMAP); unset: the bot checks DKIM itself",
    "MAILBOT_DNS_FILE": "For demonstrations and tests only: a JSON file of TXT records (name -> record) used "
    "instead of the DNS, e.g. the demo DKIM key in examples/demo-dkim/. Never set it in production",
    "MAILBOT_IMAP_URL": "Mailbox to read: imaps://user:pass@host:993/INBOX, or imap://... (STARTTLS); unset: none",
    "MAILBOT_IMAP_PROCESSED": "Folder for mail that has been processed (created if missing). Default Processed",
    "MAILBOT_IMAP_QUARANTINE": "Folder for mail that could not be processed (created if missing). Default Quarantine",
    "MAILBOT_IMAP_TOKEN_COMMAND": "OAuth 2 (XOAUTH2): a command printing an access token, or JSON with access_token "
    "and expires_in; run again when the token expires",
    "MAILBOT_IMAP_TOKEN_FILE": "OAuth 2 (XOAUTH2): a file holding the current access token",
    "MAILBOT_IMAP_IDLE_SECONDS": "How long one IDLE lasts before it is re-issued (under 29 minutes). Default 240",
    "MAILBOT_IMAP_POLL_SECONDS": "Seconds between checks where the server has no IDLE. Default 60",
    "MAILBOT_IMAP_TIMEOUT": "Socket time-out for the IMAP connection, in seconds. Default 60",
    "MAILBOT_SEND_INTERVAL": "Seconds between outbox runs in `mailbot run`. Default 5",
    "MAILBOT_SWEEP_INTERVAL": "Seconds between deadline sweeps in `mailbot run`. Default 60",
    "MAILBOT_ZONE_SOURCE": "The published zone the zone watch reads (docs/zone-watch.md): axfr://host:port/gov.uk "
    "(a zone transfer from the registry's server; port 53 if none) or the path of a zone file. Unset: no zone watch",
    "MAILBOT_ZONE_TSIG": "TSIG key for the zone transfer, as ALGORITHM:NAME:SECRET (dig's -y), e.g. "
    "hmac-sha256:mailbot-transfer:base64secret. Unset: the transfer is not signed",
    "MAILBOT_SEND_CLAIM_SECONDS": "After this long, a sender's claim on a message is stale: taken over if the relay "
                                  "cannot have it yet, in doubt for a person if it may. Default 300",
}


@dataclass(frozen=True)
class ImapSettings:
    """The mailbox the bot reads (MAILBOT_IMAP_URL and the MAILBOT_IMAP_* keys), for mailbot.ingest.imap."""

    host: str
    port: int
    tls: str  # "ssl" (imaps), "starttls" or "none" (loopback only)
    user: str
    password: str | None
    folder: str
    processed: str = "Processed"
    quarantine: str = "Quarantine"
    cafile: str | None = None
    token_command: str | None = None  # XOAUTH2: prints an access token (or JSON with access_token, expires_in)
    token_file: str | None = None  # XOAUTH2: a file that holds the current access token
    idle_seconds: float = 240.0
    poll_seconds: float = 60.0
    timeout: float = 60.0

    @property
    def mailbox(self) -> str:
        """The folder's name in the database: no password, no token."""
        return f"{self.user}@{self.host}:{self.port}/{self.folder}"


def imap_settings(url: str, env) -> ImapSettings:
    """MAILBOT_IMAP_URL: imaps://user:pass@host:993/INBOX, imap://... (STARTTLS), ?tls=none for loopback."""
    u = urlsplit(url)
    if u.scheme not in ("imap", "imaps") or not u.hostname or not u.username:
        raise ConfigError("MAILBOT_IMAP_URL: expected imaps://user:password@host:993/INBOX, "
                          f"got {without_credentials(url)!r}")
    query = parse_qs(u.query)
    tls = "ssl" if u.scheme == "imaps" else ("none" if query.get("tls") == ["none"] else "starttls")
    token_command, token_file = env.get("MAILBOT_IMAP_TOKEN_COMMAND"), env.get("MAILBOT_IMAP_TOKEN_FILE")
    if not u.password and not token_command and not token_file:
        raise ConfigError("MAILBOT_IMAP_URL: give a password, or MAILBOT_IMAP_TOKEN_COMMAND/_FILE for OAuth 2")

    def seconds(key: str, default: float) -> float:
        try:
            value = float(env.get(key, default))
        except ValueError:
            raise ConfigError(f"{key}: expected a number of seconds") from None
        if value <= 0:
            raise ConfigError(f"{key}: must be more than 0 seconds")
        return value

    idle = seconds("MAILBOT_IMAP_IDLE_SECONDS", 240)
    if idle >= 29 * 60:
        raise ConfigError("MAILBOT_IMAP_IDLE_SECONDS: must be under 29 minutes (RFC 2177)")
    return ImapSettings(
        host=u.hostname, port=u.port or (993 if tls == "ssl" else 143), tls=tls, user=unquote(u.username),
        password=unquote(u.password) if u.password else None, folder=unquote(u.path.lstrip("/")) or "INBOX",
        processed=env.get("MAILBOT_IMAP_PROCESSED", "Processed"),
        quarantine=env.get("MAILBOT_IMAP_QUARANTINE", "Quarantine"),
        cafile=query.get("cafile", [None])[0], token_command=token_command, token_file=token_file,
        idle_seconds=idle, poll_seconds=seconds("MAILBOT_IMAP_POLL_SECONDS", 60),
        timeout=seconds("MAILBOT_IMAP_TIMEOUT", 60),
    )


# The TSIG algorithms a zone transfer may be signed with (RFC 8945; HMAC-MD5 is not offered).
TSIG_ALGORITHMS = ("hmac-sha256", "hmac-sha384", "hmac-sha512", "hmac-sha224", "hmac-sha1")


@dataclass(frozen=True)
class TsigKey:
    """MAILBOT_ZONE_TSIG: the key that signs the zone transfer. Its secret is never printed, not even by repr()."""

    algorithm: str
    name: str
    secret: str = field(repr=False)


@dataclass(frozen=True)
class ZoneSource:
    """Where the published zone is read (MAILBOT_ZONE_SOURCE): by AXFR from host:port, or from a zone file."""

    zone: str | None  # the zone the URL names; None for a file, whose origin is rules.yaml's zone
    host: str | None = None  # None: a file
    port: int = 53
    path: Path | None = None
    tsig: TsigKey | None = None

    def __str__(self) -> str:
        return f"axfr://{self.host}:{self.port}/{self.zone}" if self.host else str(self.path)


def zone_source(value: str, tsig: TsigKey | None = None, key: str = "MAILBOT_ZONE_SOURCE") -> ZoneSource:
    """axfr://host[:port]/ZONE, or the path of a zone file (which must exist)."""
    if "://" not in value:
        path = Path(value)
        if not path.is_file():
            raise ConfigError(f"{key}: no such zone file: {path}")
        return ZoneSource(zone=None, path=path, tsig=tsig)
    u = urlsplit(value)
    try:
        port = u.port or 53
    except ValueError:
        port = None
    zone = unquote(u.path.strip("/")).lower().rstrip(".")
    if u.scheme != "axfr" or not u.hostname or port is None or u.username or u.query or not zone:
        raise ConfigError(f"{key}: expected axfr://host:port/ZONE or a zone file's path, "
                          f"got {without_credentials(value)!r}")
    return ZoneSource(zone=zone, host=u.hostname, port=port, tsig=tsig)


def _zone_source(env: Mapping[str, str]) -> ZoneSource | None:
    tsig = _tsig(env["MAILBOT_ZONE_TSIG"]) if env.get("MAILBOT_ZONE_TSIG") else None
    if not env.get("MAILBOT_ZONE_SOURCE"):
        return None
    return zone_source(env["MAILBOT_ZONE_SOURCE"], tsig)


def _tsig(value: str) -> TsigKey:
    algorithm, _, rest = value.partition(":")
    name, _, secret = rest.partition(":")
    if algorithm.lower() not in TSIG_ALGORITHMS or not name or not secret:
        raise ConfigError("MAILBOT_ZONE_TSIG: expected ALGORITHM:NAME:SECRET with the algorithm one of "
                          f"{', '.join(TSIG_ALGORITHMS)} and the secret in base64")
    try:
        decoded = base64.b64decode(secret, validate=True)
    except ValueError:
        decoded = b""
    if len(decoded) < 16:
        raise ConfigError("MAILBOT_ZONE_TSIG: the secret must be base64 of at least 16 bytes")
    return TsigKey(algorithm=algorithm.lower(), name=name.lower().rstrip("."), secret=secret)


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    db_url: str
    rules_path: Path
    secret: bytes
    # The key of the histories' HMAC chains and seals (mailbot.audit): never in the database.
    audit_key: bytes
    smtp_url: str | None
    outbox_dir: Path
    listen_host: str | None  # None: no listener
    listen_port: int
    listen_protocol: str
    max_message_bytes: int
    imap: ImapSettings | None  # None: no mailbox is read
    authserv_id: str | None
    dns_file: Path | None
    send_interval: float
    sweep_interval: float
    send_claim_seconds: float
    # Keys rotated out: (key, instant it stops verifying), newest first; MAILBOT_SECRET alone signs.
    previous_secrets: tuple[tuple[bytes, datetime], ...] = ()
    token_days: int = 30
    # What a message may hold to be read (mailbot.parse.limits); max_message_bytes is the size limit.
    max_parts: int = 1000
    max_depth: int = 20
    max_headers: int = 500
    parse_seconds: float = 10.0
    zone_source: ZoneSource | None = None  # None: no zone watch

    @property
    def is_sqlite(self) -> bool:
        return self.db_url.startswith("sqlite")

    @property
    def limits(self):
        from mailbot.parse.limits import MessageLimits

        return MessageLimits(max_bytes=self.max_message_bytes, max_parts=self.max_parts, max_depth=self.max_depth,
                      max_headers=self.max_headers, parse_seconds=self.parse_seconds)


def load_settings(
    env: Mapping[str, str] | None = None,
    *,
    cwd: Path | None = None,
    db_url: str | None = None,
    rules_path: str | None = None,
) -> Settings:
    """Read the settings from `env` (the process environment by default); explicit arguments win."""
    env = os.environ if env is None else env
    cwd = cwd or Path.cwd()
    data_dir = Path(env.get("MAILBOT_DATA_DIR") or cwd / "var")
    db = db_url or env.get("MAILBOT_DB") or f"sqlite:///{data_dir / 'mailbot.db'}"
    if db.startswith("postgresql://") or db.startswith("postgres://"):
        # psycopg 3 is the driver we ship; accept the plain libpq form too.
        db = "postgresql+psycopg://" + db.split("://", 1)[1]
    rules = rules_path or env.get("MAILBOT_RULES")
    if rules:
        rules_file = Path(rules)
        if not rules_file.is_file():
            source = "--rules" if rules_path else "MAILBOT_RULES"
            raise ConfigError(f"{source}: no such file: {rules_file}")
    elif (cwd / "rules.yaml").is_file():
        rules_file = cwd / "rules.yaml"
    else:
        rules_file = DEFAULT_RULES
    listen = env.get("MAILBOT_LISTEN", "127.0.0.1:2525")
    host, _, port = ("", "", "0") if listen == "off" else listen.rpartition(":")
    if listen != "off" and (not host or not port.isdigit()):
        raise ConfigError(f"MAILBOT_LISTEN: expected host:port or off, got {listen!r}")
    protocol = env.get("MAILBOT_LISTEN_PROTOCOL", "smtp")
    if protocol not in ("smtp", "lmtp"):
        raise ConfigError(f"MAILBOT_LISTEN_PROTOCOL: expected smtp or lmtp, got {protocol!r}")
    size = env.get("MAILBOT_MAX_MESSAGE_BYTES", str(50 * 1024 * 1024))
    if not size.isdigit() or int(size) < 1024:
        raise ConfigError("MAILBOT_MAX_MESSAGE_BYTES: expected a number of bytes, at least 1024")
    imap = None
    if env.get("MAILBOT_IMAP_URL"):
        imap = imap_settings(env["MAILBOT_IMAP_URL"], env)
    interval = _seconds(env, "MAILBOT_SEND_INTERVAL", "5")
    sweep_interval = _seconds(env, "MAILBOT_SWEEP_INTERVAL", "60")
    return Settings(
        data_dir=data_dir,
        db_url=db,
        rules_path=rules_file,
        secret=_secret(env, data_dir),
        audit_key=_secret(env, data_dir, "MAILBOT_AUDIT_KEY", "audit-key"),
        smtp_url=env.get("MAILBOT_SMTP_URL") or None,
        outbox_dir=Path(env.get("MAILBOT_OUTBOX_DIR") or data_dir / "outbox"),
        listen_host=host or None,
        listen_port=int(port),
        listen_protocol=protocol,
        max_message_bytes=int(size),
        imap=imap,
        authserv_id=env.get("MAILBOT_AUTHSERV_ID") or None,
        dns_file=Path(env["MAILBOT_DNS_FILE"]) if env.get("MAILBOT_DNS_FILE") else None,
        send_interval=interval,
        sweep_interval=sweep_interval,
        send_claim_seconds=_seconds(env, "MAILBOT_SEND_CLAIM_SECONDS", "300"),
        previous_secrets=_previous_secrets(env),
        token_days=_token_days(env),
        max_parts=_count(env, "MAILBOT_MAX_PARTS", 1000),
        max_depth=_count(env, "MAILBOT_MAX_DEPTH", 20),
        max_headers=_count(env, "MAILBOT_MAX_HEADERS", 500),
        parse_seconds=_seconds(env, "MAILBOT_PARSE_SECONDS", "10"),
        zone_source=_zone_source(env),
    )


def _count(env: Mapping[str, str], key: str, default: int) -> int:
    value = env.get(key, str(default)).strip()
    if not value.isdigit() or int(value) < 1:
        raise ConfigError(f"{key}: expected a whole number, at least 1")
    return int(value)


def _seconds(env: Mapping[str, str], key: str, default: str) -> float:
    try:
        value = float(env.get(key, default))
    except ValueError:
        raise ConfigError(f"{key}: expected a number of seconds") from None
    if not value > 0:
        raise ConfigError(f"{key}: must be more than 0 seconds")
    return value


def _previous_secrets(env: Mapping[str, str]) -> tuple[tuple[bytes, datetime], ...]:
    """DATE:SECRET, comma-separated: a key rotated out verifies the tokens it signed until 00:00 UTC on DATE."""
    keys = []
    for n, entry in enumerate(e.strip() for e in env.get("MAILBOT_PREVIOUS_SECRETS", "").split(",")):
        if not entry:
            continue
        until, sep, value = entry.partition(":")
        try:
            expires = datetime.combine(date.fromisoformat(until.strip()), time(0, 0), tzinfo=UTC)
        except ValueError:
            expires = None
        if not sep or expires is None:
            raise ConfigError(f"MAILBOT_PREVIOUS_SECRETS: entry {n + 1}: expected DATE:SECRET, such as "
                              "2027-01-31:oldsecret (the date it stops verifying tokens, YYYY-MM-DD)")
        if len(value.encode()) < 16:
            raise ConfigError(f"MAILBOT_PREVIOUS_SECRETS: entry {n + 1}: the secret must be at least 16 characters")
        keys.append((value.encode(), expires))
    return tuple(sorted(keys, key=lambda k: k[1], reverse=True))


def _token_days(env: Mapping[str, str]) -> int:
    value = env.get("MAILBOT_TOKEN_DAYS", "30").strip()
    if not value.isdigit() or not 1 <= int(value) <= 365:
        raise ConfigError("MAILBOT_TOKEN_DAYS: expected a whole number of days from 1 to 365")
    return int(value)


def _secret(env: Mapping[str, str], data_dir: Path, name: str = "MAILBOT_SECRET", file: str = "secret") -> bytes:
    if env.get(name):
        value = env[name].encode()
        if len(value) < 16:
            raise ConfigError(f"{name}: must be at least 16 characters")
        return value
    # The embedded default keeps a secret of its own, made once, readable by its owner only.
    path = data_dir / file
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first
            pass
        else:
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_hex(32))
    return path.read_bytes().strip()
