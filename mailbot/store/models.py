"""Storage: the SQLAlchemy 2 models; the same schema runs on SQLite and PostgreSQL.

The schema is kept whole, over 400 lines: every table in one module with the naming convention of its constraints,
as Alembic's autogenerate and `alembic check` compare it with the migrations."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from mailbot.store.values import MessageStatus, OutboxStatus

# Constraint names fixed by convention, so that migrations match on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _in_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("refusing a naive datetime: every instant comes from the clock, in UTC")
    return value.astimezone(UTC)


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC in Python, whatever the database keeps (SQLite has no time zones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        value = _in_utc(value)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def bind_processor(self, dialect):
        if dialect.name != "sqlite":
            return super().bind_processor(dialect)

        def process(value):
            # In one step what process_bind_param and SQLite's DATETIME do in two: the text SQLite keeps, with
            # microseconds, as "2026-11-27 10:00:00.000000" (a dozen of these for every message).
            return None if value is None else _in_utc(value).replace(tzinfo=None).isoformat(" ", "microseconds")

        return process

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Counter(Base):
    """Named counters, such as the ticket reference number; incremented under the row's lock."""

    __tablename__ = "counters"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)


class Registrar(Base):
    __tablename__ = "registrars"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    emails: Mapped[list[RegistrarEmail]] = relationship(back_populates="registrar", cascade="all, delete-orphan")


class RegistrarEmail(Base):
    """An address a registrar sends requests from; mail from it is a change request."""

    __tablename__ = "registrar_emails"
    id: Mapped[int] = mapped_column(primary_key=True)
    registrar_id: Mapped[int] = mapped_column(ForeignKey("registrars.id"))
    email: Mapped[str] = mapped_column(String(320), unique=True)
    registrar: Mapped[Registrar] = relationship(back_populates="emails")


class Organisation(Base):
    __tablename__ = "organisations"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    contacts: Mapped[list[Contact]] = relationship(back_populates="organisation", cascade="all, delete-orphan")
    domains: Mapped[list[Domain]] = relationship(back_populates="organisation")


class Contact(Base):
    """A nominated address of an organisation: `security` are its Registry Lock contacts (confidential)."""

    __tablename__ = "contacts"
    __table_args__ = (UniqueConstraint("organisation_id", "role", "email", name="uq_contacts_org_role_email"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    role: Mapped[str] = mapped_column(String(20))
    email: Mapped[str] = mapped_column(String(320), index=True)
    phone: Mapped[str | None] = mapped_column(String(50))
    name: Mapped[str | None] = mapped_column(String(200))
    organisation: Mapped[Organisation] = relationship(back_populates="contacts")


class Domain(Base):
    """A domain in the registry, with its current registry records."""

    __tablename__ = "domains"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(253), unique=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    registrar_id: Mapped[int | None] = mapped_column(ForeignKey("registrars.id"))
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    registrant: Mapped[str | None] = mapped_column(String(300))
    nameservers: Mapped[list] = mapped_column(JSON, default=list)
    ds: Mapped[list] = mapped_column(JSON, default=list)
    whois_contacts: Mapped[list] = mapped_column(JSON, default=list)
    organisation: Mapped[Organisation | None] = relationship(back_populates="domains")
    registrar: Mapped[Registrar | None] = relationship()


class Ticket(Base):
    __tablename__ = "tickets"
    # A registrar's open request for an organisation's domains is looked for with every request it sends
    # (store.queries).
    __table_args__ = (Index("ix_tickets_organisation_id_registrar_id", "organisation_id", "registrar_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(20), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(40), index=True)
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    # Raised whenever the request changes; reply tokens name it, so an old authorisation cannot be reused.
    stage: Mapped[int] = mapped_column(Integer, default=1)
    domains: Mapped[list] = mapped_column(JSON, default=list)
    # The first of `domains` (a change ticket holds one organisation's domains: `change` is each one's
    # resulting records, {"hmrc.gov.uk": {"nameservers": [...]}}).
    domain_id: Mapped[int | None] = mapped_column(ForeignKey("domains.id"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    registrar_id: Mapped[int | None] = mapped_column(ForeignKey("registrars.id"))
    requester: Mapped[str | None] = mapped_column(String(320))
    change: Mapped[dict] = mapped_column(JSON, default=dict)
    # A sign-up or cancellation form as it was read (mailbot.parse.forms), for review and approval.
    form: Mapped[dict] = mapped_column(JSON, default=dict)
    change_digest: Mapped[str | None] = mapped_column(String(64))
    verified_digest: Mapped[str | None] = mapped_column(String(64))
    thread_id: Mapped[str | None] = mapped_column(String(998))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Every timed action the ticket waits for, kind -> ISO instant; next_deadline is the earliest of them,
    # indexed so that the sweep reads only the tickets that are due.
    deadlines: Mapped[dict] = mapped_column(JSON, default=dict)
    next_deadline: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    # The time limits of rules.yaml in force when the ticket was opened; its deadlines keep to them.
    limits: Mapped[dict] = mapped_column(JSON, default=dict)
    escalated: Mapped[bool] = mapped_column(Boolean, default=False)
    # The end of the ticket's history as its events are appended (mailbot.audit): how many there are, the last
    # one's hash, the first hashed with MAILBOT_AUDIT_KEY (those before 0010 are plain SHA-256), and a seal of
    # the three with the key. Written only by mailbot.audit, as its transaction commits; NULL until then.
    history_count: Mapped[int | None] = mapped_column(Integer)
    history_head: Mapped[str | None] = mapped_column(String(64))
    history_keyed_from: Mapped[int | None] = mapped_column(Integer)
    history_seal: Mapped[str | None] = mapped_column(String(64))
    domain: Mapped[Domain | None] = relationship()
    registrar: Mapped[Registrar | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()


class Message(Base):
    """Every message in and out, its raw bytes kept exactly; never deleted."""

    __tablename__ = "messages"
    # One row per distinct message: the same message arriving twice, even at the same moment, is one row.
    __table_args__ = (Index("ix_messages_direction_content_key", "direction", "content_key", unique=True),)
    id: Mapped[int] = mapped_column(primary_key=True)
    direction: Mapped[str] = mapped_column(String(3))  # "in" or "out"
    source: Mapped[str] = mapped_column(String(20))  # smtp, file, stdin, maildir, imap, outbox
    message_id: Mapped[str | None] = mapped_column(String(998), index=True)
    # The content without the trace headers added on the way, so one message that arrives twice is recognised.
    content_key: Mapped[str] = mapped_column(String(64))
    raw: Mapped[bytes] = mapped_column(LargeBinary)
    from_addr: Mapped[str | None] = mapped_column(String(998))
    subject: Mapped[str | None] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(20), default=MessageStatus.STORED)  # a MessageStatus
    kind: Mapped[str | None] = mapped_column(String(60))  # in: a MailKind; out: the template's name
    error: Mapped[str | None] = mapped_column(Text)
    # Failed processing attempts: retried a few times, then parked for a person (status "failed").
    attempts: Mapped[int] = mapped_column(Integer, default=0)


class ImapFolder(Base):
    """Where reading a mailbox folder has got to: saved in the same transaction as the messages it stored."""

    __tablename__ = "imap_folders"
    id: Mapped[int] = mapped_column(primary_key=True)
    mailbox: Mapped[str] = mapped_column(String(500), unique=True)  # user@host:port/folder, no secrets
    uidvalidity: Mapped[int] = mapped_column(BigInteger)
    last_uid: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ServicePart(Base):
    """What each part of each running instance last said of itself, for `mailbot status`."""

    __tablename__ = "service_parts"
    name: Mapped[str] = mapped_column(String(200), primary_key=True)  # "host:pid/part"
    state: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class TicketMessage(Base):
    """Which messages belong to which tickets (one request can open several)."""

    __tablename__ = "ticket_messages"
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id"), primary_key=True)


class HistoryEntry(Base):
    """The append-only, hash-chained history of a ticket: what happened, why, by whom, state before and after."""

    __tablename__ = "events"
    __table_args__ = (UniqueConstraint("ticket_id", "seq", name="uq_events_ticket_seq"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"))
    seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(320))
    reason: Mapped[str] = mapped_column(Text, default="")
    state_before: Mapped[str | None] = mapped_column(String(40))
    state_after: Mapped[str] = mapped_column(String(40))
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    message_pk: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AllowedAddress(Base):
    """A contact address an operator has allowed where the address policy only doubted it (not-a-team-address;
    person-name too when `person_name`: the operator says the local part is a team's). Who allowed it, why and
    when is kept here and in the ticket's history; a revoked allowance keeps its row, with who revoked it, why and
    when, and counts no more. At most one allowance of an address is in force at a time."""

    __tablename__ = "allowed_addresses"
    __table_args__ = (Index("ix_allowed_addresses_email_in_force", "email", unique=True,
                            sqlite_where=text("revoked_at IS NULL"), postgresql_where=text("revoked_at IS NULL")),)
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320))
    operator: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))
    person_name: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by: Mapped[str | None] = mapped_column(String(200))
    revoke_reason: Mapped[str | None] = mapped_column(Text)
    revoke_ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))


class OutboxItem(Base):
    """Mail waiting to be sent; written in the same transaction as the ticket change that causes it."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_status_next_attempt_at", "status", "next_attempt_at"),
                      # The hour's mail beyond the operators and GDS, counted up to the limit from the index alone
                      # (outbox.brake).
                      Index("ix_outbox_external_created_at_status", "external", "created_at", "status"))
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))
    message_pk: Mapped[int] = mapped_column(ForeignKey("messages.id"))
    template: Mapped[str] = mapped_column(String(60))
    message_id: Mapped[str] = mapped_column(String(998), unique=True)
    to: Mapped[list] = mapped_column(JSON)
    cc: Mapped[list] = mapped_column(JSON, default=list)
    subject: Mapped[str] = mapped_column(Text)
    # An OutboxStatus: pending -> sending (claimed) -> handing_over (committed just before the relay's last word)
    # -> sent; or pending again (4xx), failed (5xx), in_doubt (the relay may have it: a person settles it), or held
    # by the global brake on automatic mail until a person releases it.
    status: Mapped[str] = mapped_column(String(20), default=OutboxStatus.PENDING)
    claim: Mapped[str | None] = mapped_column(String(32))  # the claiming sender's token: only it may go on
    external: Mapped[bool] = mapped_column(Boolean, default=False)  # goes beyond the operators and GDS
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ticket: Mapped[Ticket | None] = relationship()
    message: Mapped[Message] = relationship()


class OutboxResult(Base):
    """What sending an outbox row came to that a person must hear of: `failed` (the relay refused it for good) or
    `in_doubt` (the relay may have it), with the reason, recorded by the sender in the transaction that records the
    row's status. The workflow finds those it has not acted on (`acted_at` unset, by the index), notes each on its
    ticket and tells the operators, and sets `acted_at` in the same transaction: once each, none lost. A mail sent is
    its row's status alone (`sent`, `sent_at`): nobody need be told."""

    __tablename__ = "outbox_results"
    id: Mapped[int] = mapped_column(primary_key=True)
    outbox_id: Mapped[int] = mapped_column(ForeignKey("outbox.id"))
    status: Mapped[str] = mapped_column(String(20))  # an OutboxStatus: failed or in_doubt
    reason: Mapped[str] = mapped_column(Text)  # the relay's answer, or why the mail is in doubt
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    acted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)  # when the workflow acted on it
    outbox: Mapped[OutboxItem] = relationship()


class Answer(Base):
    """An automatic answer to one address, or one withheld at the day's limit (rules.yaml `limits`). Read by the
    address, whether withheld, and time: the answers given to an address in a day are at most the day's limit,
    and whether one was withheld is one row, so counting costs the same on a quiet day and in a robot's flood."""

    __tablename__ = "answers"
    __table_args__ = (Index("ix_answers_address_withheld_at", "address", "withheld", "at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    address: Mapped[str] = mapped_column(Text)  # lower case, as the mail was addressed
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    withheld: Mapped[bool] = mapped_column(Boolean)


class ReplyToken(Base):
    """A reply token issued with one outgoing mail: bound to its ticket, the request's stage, an audience and
    the addresses it was sent to; used once, in the transaction of the change it causes (mailbot.tokens)."""

    __tablename__ = "reply_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    serial: Mapped[str] = mapped_column(String(16), unique=True)  # the token's public half; the MAC is not kept
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"))
    stage: Mapped[int] = mapped_column(Integer)
    audience: Mapped[str] = mapped_column(String(20))
    recipients: Mapped[list] = mapped_column(JSON, default=list)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    used_for: Mapped[str | None] = mapped_column(String(40))  # confirm, dispute, or the command carried out
    used_by: Mapped[str | None] = mapped_column(String(320))
    used_message_pk: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    ticket: Mapped[Ticket] = relationship()


class RegistryEvent(Base):
    """The append-only, hash-chained history of the registry records (mailbot.registry): each load and each change
    an import made, to which registrar, organisation or domain (`subject`), by whom, with the values before and
    after in `data`. One chain for the whole registry, keyed and sealed like the tickets' (mailbot.audit)."""

    __tablename__ = "registry_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, unique=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(300), index=True)
    actor: Mapped[str] = mapped_column(String(320))
    reason: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class RegistryHistory(Base):
    """The end of the registry records' history, one row: how many events it holds, the last one's hash, and a
    seal of both made with MAILBOT_AUDIT_KEY, so that cutting events off its end shows (mailbot.audit)."""

    __tablename__ = "registry_history"
    id: Mapped[int] = mapped_column(primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
    head: Mapped[str] = mapped_column(String(64))
    seal: Mapped[str] = mapped_column(String(64))


class ZoneRead(Base):
    """The zone watch's reading of the published zone (mailbot.workflow.zone_watch), one row a zone: the SOA serial
    last read whole and when, the last check (the serial asked for) and its failure, for `mailbot status`."""

    __tablename__ = "zone_reads"
    zone: Mapped[str] = mapped_column(String(253), primary_key=True)
    serial: Mapped[int | None] = mapped_column(BigInteger)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    error: Mapped[str | None] = mapped_column(Text)  # the last check's failure; cleared by a check that succeeds


class ZoneRecord(Base):
    """A locked domain's delegation as the published zone last showed it (no name servers: none in the zone), with
    the serial it was read at: the zone watch compares the next reading with it, to tell each change once."""

    __tablename__ = "zone_records"
    domain: Mapped[str] = mapped_column(String(253), primary_key=True)
    nameservers: Mapped[list] = mapped_column(JSON, default=list)
    ds: Mapped[list] = mapped_column(JSON, default=list)
    serial: Mapped[int] = mapped_column(BigInteger)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
