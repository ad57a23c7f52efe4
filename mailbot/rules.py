"""Policy: loads rules.yaml into typed, validated objects; an error names the key that is wrong.

The schema is kept whole, over 400 lines: one class a section of rules.yaml, in the file's order, each with the
checks of its values, so that the file and what it may say are read side by side."""

from __future__ import annotations

import fnmatch
import re
import unicodedata
from collections.abc import Hashable
from datetime import date, time
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal

import idna
import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from mailbot.errors import ConfigError
from mailbot.parse.change_request.names import checked_domain

_ADDRESS = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+"
                      r"@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+$")
_WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}


def _address(value: str) -> str:
    if not isinstance(value, str) or not _ADDRESS.match(value):
        raise ValueError(f"not an email address: {value!r}")
    return value.lower()


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Addresses(_Strict):
    bot: str
    operators: list[str] = Field(min_length=1)
    registry_queue: str
    gds: str
    ncsc: list[str] = []

    @field_validator("bot", "registry_queue", "gds")
    @classmethod
    def _one(cls, v: str) -> str:
        return _address(v)

    @field_validator("operators", "ncsc")
    @classmethod
    def _many(cls, v: list[str]) -> list[str]:
        return [_address(a) for a in v]

    @property
    def internal(self) -> frozenset[str]:
        """The registry's own people and the bot: mail to them alone is never held by the global brake."""
        return frozenset([*self.operators, self.gds, self.registry_queue, self.bot])

    @property
    def ours(self) -> frozenset[str]:
        """Every address of the registry, GDS and NCSC: the mail domains an attacker would imitate are theirs too."""
        return frozenset([*self.internal, *self.ncsc])

    @property
    def bot_domain(self) -> str:
        return self.bot.rpartition("@")[2]

    @property
    def bot_local(self) -> str:
        return self.bot.rpartition("@")[0]


class WorkingHours(_Strict):
    start: time = time(9, 0)
    end: time = time(17, 30)

    @field_validator("start", "end", mode="before")
    @classmethod
    def _wall_clock(cls, v):
        # YAML 1.1 reads an unquoted 17:30 as the number 1050 (base 60), which would pass as 00:17:30 UTC.
        if isinstance(v, int | float) and not isinstance(v, bool):
            raise ValueError(f'write the time in quotes, e.g. "17:30" (YAML read it as the number {v})')
        return v

    @field_validator("start", "end")
    @classmethod
    def _local(cls, v: time) -> time:
        if v.tzinfo is not None:
            raise ValueError(f"give a local time without a time zone, not {v.isoformat()}")
        return v

    @model_validator(mode="after")
    def _order(self) -> WorkingHours:
        if self.start >= self.end:
            raise ValueError(f"start {self.start:%H:%M} must be before end {self.end:%H:%M}")
        return self


class CalendarRules(_Strict):
    timezone: str = "Europe/London"
    working_days: list[Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]] = Field(
        ["mon", "tue", "wed", "thu", "fri"], min_length=1)
    working_hours: WorkingHours = WorkingHours()
    bank_holidays: Literal["GB-ENG", "GB-SCT", "GB-NIR", "none"] = "GB-ENG"
    closed_days: list[date] = []

    @field_validator("timezone")
    @classmethod
    def _zone(cls, v: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {v!r}") from None
        return v


class Deadlines(_Strict):
    """Time limits, in working days or hours; each ticket keeps the ones in force when it was opened."""

    first_call_working_days: int = Field(1, ge=0)
    first_call_urgent_working_hours: float = Field(2, gt=0)
    chase_security_every_working_days: int = Field(1, ge=1)
    escalate_after_working_days: int = Field(3, ge=1)
    escalation_reminder_every_working_days: int = Field(2, ge=1)
    confirmation_chase_working_days: int = Field(1, ge=1)
    confirmation_escalation_working_days: int = Field(3, ge=1)
    # Authorised and not yet recorded as made: the operators are chased after `apply_chase_working_hours`, and GDS
    # told after `apply_late_working_days`, so that the nominated contacts are told within 1 working day of the
    # approval, as the service promises.
    apply_chase_working_hours: float = Field(4, gt=0)
    apply_late_working_days: int = Field(1, ge=1)
    notification_working_days: int = Field(1, ge=1)
    expire_after_working_days: int = Field(10, ge=1)
    # A sign-up, a cancellation or a confirmed contact change waiting for GDS: GDS is reminded after this long,
    # then every `review_reminder_every_working_days`, until it approves or rejects.
    review_reminder_working_days: int = Field(2, ge=1)
    review_reminder_every_working_days: int = Field(2, ge=1)

    @classmethod
    def kept(cls, stored: dict) -> Deadlines:
        """The limits a ticket kept when it was opened (Ticket.limits); a limit the rules no longer have is left out,
        and one they have gained since takes its default."""
        return cls(**{k: v for k, v in stored.items() if k in cls.model_fields})


class Replies(_Strict):
    """How a lock contact's reply is read (mailbot.policy.intent, docs/replies.md). Each phrase is kept as the
    reader compares it: lower case, contractions written out ("don't" is "do not")."""

    dispute_phrases: list[str] = Field(min_length=1)
    confirm_phrases: list[str] = Field(min_length=1)
    negations: list[str] = Field(min_length=1)
    doubts: list[str] = Field(min_length=1)
    conditions: list[str] = Field(min_length=1)
    out_of_office: list[str] = []
    courtesies: list[str] = []
    filler_words: list[str] = []

    @field_validator("*", mode="before")
    @classmethod
    def _words(cls, v):
        # YAML 1.1 reads an unquoted yes, no, on or off as true or false: the phrase would be lost.
        for item in v if isinstance(v, list) else ():
            if isinstance(item, bool):
                words = '"yes", "on"' if item else '"no", "off"'
                raise ValueError(f"write the word in quotes ({words}): YAML read it as {str(item).lower()}")
        return v

    @field_validator("*")
    @classmethod
    def _normal(cls, v: list[str], info) -> list[str]:
        from mailbot.policy.intent import normalise

        phrases = list(dict.fromkeys(" ".join(normalise(p).split()) for p in v if p.strip()))
        # A list of blanks would let no reply confirm or dispute anything, or let every affirmative through.
        if not phrases and v:
            raise ValueError("needs at least one phrase that is not blank")
        if info.field_name == "filler_words" and (long := [p for p in phrases if " " in p]):
            raise ValueError(f"one word each: {long[0]!r}")
        return phrases

    @model_validator(mode="after")
    def _consistent(self) -> Replies:
        from mailbot.policy.intent import normalise, read_phrases

        # A confirm phrase that holds a negation could never confirm; a filler word that is a negation, doubt or
        # condition would hide it inside a courtesy.
        markers = {"negations": self.negations, "doubts": self.doubts, "conditions": self.conditions}
        for phrase in self.confirm_phrases:
            for key, found in read_phrases(markers, normalise(phrase)).items():
                raise ValueError(f"confirm_phrases: {phrase!r} holds {found!r} from {key}: it could never confirm")
        for word in self.filler_words:
            for key, found in read_phrases({**markers, "confirm_phrases": self.confirm_phrases}, word).items():
                raise ValueError(f"filler_words: {word!r} is in {key}: a courtesy clause would hide it")
        return self


class RegistrarReplies(_Strict):
    """How a registrar's reply on the thread of its own open change request is read (docs/mail-handling.md): one
    that says the request was read wrong withdraws it. The list fails safe: a reply that merely holds one of these
    stops a change the registrar can ask for again; one that misses would let a misread change go on to be
    verified. Each phrase is kept as the reader compares it (mailbot.policy.intent.normalise), as whole words."""

    withdraw_phrases: list[str] = Field(default_factory=lambda: [
        "not the change", "not what we asked", "not what i asked", "not what we requested", "not what we wanted",
        "wrong", "incorrect", "mistake", "misread", "withdraw", "cancel"], min_length=1)

    @field_validator("withdraw_phrases", mode="before")
    @classmethod
    def _words(cls, v):
        # YAML 1.1 reads an unquoted yes, no, on or off as true or false: the phrase would be lost.
        for item in v if isinstance(v, list) else ():
            if isinstance(item, bool):
                raise ValueError(f"write the word in quotes: YAML read it as {str(item).lower()}")
        return v

    @field_validator("withdraw_phrases")
    @classmethod
    def _normal(cls, v: list[str]) -> list[str]:
        from mailbot.policy.intent import normalise

        phrases = list(dict.fromkeys(" ".join(normalise(p).split()) for p in v if p.strip()))
        # A list of blanks would let no reply withdraw a misread request.
        if not phrases:
            raise ValueError("needs at least one phrase that is not blank")
        if short := [p for p in phrases if len(p) < 3]:
            raise ValueError(f"{short[0]!r} is too short to be read as a word of its own")
        return phrases


# Free-mail and consumer providers. GDS "will not accept personal email addresses like [your-name]@gmail.com
# for any of the domain contacts". A `*` stands for the ending, one or two labels: hotmail.* is hotmail.fr
# and hotmail.co.uk. A sub-domain of a listed domain counts too (mail.btinternet.com).
PERSONAL_DOMAINS = (
    # the big free-mail providers
    "gmail.com", "googlemail.com", "outlook.*", "hotmail.*", "live.*", "msn.com", "windowslive.com",
    "passport.com", "yahoo.*", "ymail.com", "rocketmail.com", "icloud.com", "me.com", "mac.com", "aol.*",
    "aim.com", "proton.me", "protonmail.*", "pm.me", "gmx.*", "web.de", "mail.com", "email.com", "usa.com",
    "yandex.*", "ya.ru", "mail.ru", "inbox.ru", "list.ru", "bk.ru", "zoho.*", "zohomail.*", "fastmail.*",
    "hey.com", "tutanota.*", "tuta.io", "tutamail.com", "keemail.me", "mailbox.org", "posteo.*",
    "hushmail.com", "runbox.com", "mailfence.com", "disroot.org", "riseup.net", "duck.com", "inbox.com",
    "lycos.com", "excite.com", "qq.com", "163.com", "126.com", "sina.com", "naver.com", "hanmail.net",
    "rediffmail.com", "libero.it", "laposte.net", "orange.fr", "free.fr", "sfr.fr", "t-online.de",
    "freenet.de", "seznam.cz", "wp.pl", "o2.pl", "interia.pl", "onet.pl",
    # UK internet service providers' mailboxes, given to households
    "btinternet.com", "btopenworld.com", "talk21.com", "sky.com", "virginmedia.com", "virgin.net",
    "ntlworld.com", "blueyonder.co.uk", "talktalk.net", "tiscali.co.uk", "plus.net", "plus.com", "o2.co.uk",
    "orange.net", "wanadoo.co.uk", "freeserve.co.uk", "lineone.net", "supanet.com", "madasafish.com",
    "zen.co.uk", "eclipse.co.uk",
    # other countries' internet service providers
    "comcast.net", "verizon.net", "att.net", "sbcglobal.net", "bellsouth.net", "cox.net", "charter.net",
    "earthlink.net", "juno.com", "rogers.com", "shaw.ca", "bigpond.com", "optusnet.com.au", "xtra.co.nz",
    # throw-away mailboxes
    "mailinator.com", "guerrillamail.*", "sharklasers.com", "yopmail.*", "10minutemail.com", "temp-mail.org",
    "trashmail.*",
)

# Words that name a team or a function, not a person: a local part with one of them (or a word made of
# several, such as cybersecurity or itservicedesk) is a team's shared mailbox. Welsh ones too, for
# the Welsh public bodies under .gov.uk.
ROLE_WORDS = (
    "security", "secure", "sec", "secops", "soc", "csoc", "cyber", "csirt", "cirt", "sirt", "psirt", "irt", "cert",
    "infosec", "isms", "hostmaster", "dns", "noc", "itsupport", "it", "ict", "servicedesk", "helpdesk", "desk",
    "support", "technical", "tech", "technology", "operations", "ops", "net", "network", "networks", "infrastructure",
    "incident", "incidents", "response", "registrylock", "registry", "domains", "domain", "webmaster",
    "postmaster", "web", "www", "digital", "team", "teams", "service", "services", "admin",
    "administrator", "systems", "system", "sys", "sysadmin", "platform", "platforms", "hosting", "cloud",
    "engineering", "architecture", "clerk", "enquiries", "enquiry", "changes", "change", "requests",
    "request", "alerts", "alert", "monitoring", "notifications", "notify", "info", "information", "office",
    "contact", "contacts", "mailbox", "group", "unit", "centre", "center", "abuse", "compliance",
    "governance", "assurance", "devops", "data",
    # the organisation as a whole (council@ is the council's, and "Parish Council" is no one's name)
    "council", "parish", "borough", "county", "department", "ministry", "agency", "authority",
    # Welsh
    "diogelwch", "seiber", "cymorth", "gwasanaeth", "gwasanaethau", "digidol", "technegol", "ymholiadau",
    "tîm",
)

# On the local part, lower case, digits removed; each must match the whole of it. [^\W\d_] is a letter
# of any script. A local part with a role word is judged by its words instead (jane.smith.security is
# a person's, hmrc-security is a team's); firstnamelastname cannot be told from a word by its shape,
# and is left to the names given and to the "not a team address" rule.
INDIVIDUAL_PATTERNS = (
    r"[^\W\d_]+[._-][^\W\d_]+",                 # jane.smith, j.smith, jane_smith, jane-smith
    r"[^\W\d_]+[._-][^\W\d_]+[._-][^\W\d_]+",  # jane.a.smith, jane.smith-jones
)

_WILDCARD = set("*?[]!")


def _domain_pattern(v: str) -> str:
    """gmail.com or hotmail.*, lower case, each label without a wildcard as its A-label (IDNA)."""
    if not isinstance(v, str):
        raise ValueError(f"not a domain or domain pattern: {v!r}")
    labels = v.strip().lower().split(".")
    if len(labels) < 2 or not all(labels):
        raise ValueError(f"not a domain or domain pattern (such as gmail.com or hotmail.*): {v!r}")
    out = []
    for label in labels:
        if _WILDCARD & set(label):
            if not re.fullmatch(r"[a-z0-9*?\[\]!-]+", label):
                raise ValueError(f"not a domain or domain pattern: {v!r}")
            out.append(label)
            continue
        try:
            out.append(idna.encode(label, uts46=True).decode("ascii"))
        except UnicodeError:
            raise ValueError(f"not a domain or domain pattern: {v!r}") from None
    # "*.*" would call every address personal.
    if all(_WILDCARD & set(label) for label in out):
        raise ValueError(f"a pattern needs one label without a wildcard: {v!r}")
    return ".".join(out)


def _role_word(v: str) -> str:
    word = unicodedata.normalize("NFC", v.strip().lower()) if isinstance(v, str) else ""
    # Local parts are split on . _ - + and lose their digits: a word with any of them would never match,
    # and a one-letter word would make almost any token a run of role words.
    if not re.fullmatch(r"[^\W\d_]{2,}", word):
        raise ValueError(f"a role word is two or more letters, without digits or punctuation: {v!r}")
    return word


def _pattern(v: str) -> str:
    try:
        re.compile(v)
    except (re.error, TypeError) as e:
        raise ValueError(f"not a regular expression: {e}") from None
    return v


class ContactPolicy(_Strict):
    """Which addresses may be a domain's contacts: team mailboxes, not people's or free-mail ones."""

    personal_domains: list[Annotated[str, AfterValidator(_domain_pattern)]] = Field(
        default_factory=lambda: list(PERSONAL_DOMAINS), validate_default=True)
    role_words: list[Annotated[str, AfterValidator(_role_word)]] = Field(
        default_factory=lambda: list(ROLE_WORDS), min_length=1, validate_default=True)
    individual_patterns: list[Annotated[str, AfterValidator(_pattern)]] = Field(
        default_factory=lambda: list(INDIVIDUAL_PATTERNS), validate_default=True)

    @cached_property
    def role_set(self) -> frozenset[str]:
        return frozenset(self.role_words)

    @cached_property
    def compiled_patterns(self) -> tuple[re.Pattern, ...]:
        return tuple(re.compile(p) for p in self.individual_patterns)

    @cached_property
    def personal_matchers(self) -> tuple[tuple[int, re.Pattern], ...]:
        """The personal domains as one expression for each number of dots in a pattern, with the most dots a
        domain it matches may have (one more: `*` stands for one or two labels); as fnmatchcase reads a pattern."""
        by_dots: dict[int, list[str]] = {}
        for pattern in self.personal_domains:
            by_dots.setdefault(pattern.count("."), []).append(fnmatch.translate(pattern))
        return tuple((dots + 1, re.compile("|".join(parts))) for dots, parts in sorted(by_dots.items()))


class AuthenticationRules(_Strict):
    # What needs the sender's domain authenticated (DKIM aligned with From) to count: confirm, dispute, and
    # the operators' and GDS's commands by email.
    require_for: list[Literal["confirm", "dispute", "command"]] = ["confirm", "dispute", "command"]


class CommandRules(_Strict):
    """Who may act by email, with a command on the first line of a reply to the bot's mail about a ticket
    (mailbot.workflow.commands). Nobody, unless listed. Each address maps to the person it is, whose name the
    ticket's history records as the command line records --operator; an address with no name (or the older form,
    a list of addresses) is a shared mailbox, whose every command names its sender with by=NAME."""

    operators: dict[str, str | None] = {}  # call, applied, withdraw, note
    gds: dict[str, str | None] = {}  # approve, reject, note; call once a ticket is escalated

    @field_validator("operators", "gds", mode="before")
    @classmethod
    def _many(cls, v):
        if isinstance(v, list | tuple):
            v = dict.fromkeys(v)
        if not isinstance(v, dict):
            raise ValueError("must map each address to a person's name (or list shared mailboxes)")
        named = {}
        for address, name in v.items():
            if name is not None and (not isinstance(name, str) or not name.strip() or not name.isprintable()):
                raise ValueError(f"the name of {address} must be a person's name on one line, not {name!r}")
            named[_address(address)] = " ".join(name.split()) if name else None
        return named

    def roles_of(self, sender: str | None) -> list[str]:
        """The roles ("operators", "gds") whose allowlist names `sender`."""
        return [role for role in ("operators", "gds") if sender and sender.lower() in getattr(self, role)]

    def person(self, sender: str | None) -> str | None:
        """The person's name the allowlist gives `sender`; None for a shared mailbox or an address not listed."""
        if not sender:
            return None
        return self.operators.get(sender.lower()) or self.gds.get(sender.lower())


class AutomaticMailLimits(_Strict):
    """How much automatic mail the bot sends (rules.yaml `limits`); what a message may hold to be read is
    parse.limits.MessageLimits, set in settings.py."""

    # Automatic answers to a sender's mail (acknowledgements, refusals), counted over the last 24 hours in the
    # database, so that they survive restarts: a loop with a robot we did not recognise stays bounded.
    answers_per_address_per_day: int = Field(10, ge=1)
    answers_per_ticket_per_day: int = Field(3, ge=1)
    # The global brake: past this much mail in an hour to anyone beyond the operators and GDS, more is held
    # (not sent, not lost) until a person releases it with `mailbot outbox release`, and the operators are told.
    automatic_mail_per_hour: int = Field(60, ge=1)


class ZoneWatch(_Strict):
    """How the published zone is watched (rules.yaml `zone:` beside its name; mailbot.workflow.zone_watch)."""

    check_every_minutes: int = Field(15, ge=1, le=24 * 60)  # how often `mailbot run` asks for the SOA serial
    # How long a change recorded as applied may take to appear in the published zone, in hours of the clock (the
    # registry publishes the zone at any hour); past it the operators and GDS are told.
    appear_within_hours: int = Field(4, ge=1, le=7 * 24)


class Rules(_Strict):
    service_name: str = ".gov.uk Registry Lock"
    registry_phone: str = Field(min_length=7)
    zone: str = "gov.uk"
    # Read from rules.yaml's `zone:` when it is a mapping (name, check_every_minutes, appear_within_hours).
    zone_watch: ZoneWatch = ZoneWatch()
    addresses: Addresses
    always_notify: list[str] = []
    calendar: CalendarRules = CalendarRules()
    deadlines: Deadlines = Deadlines()
    replies: Replies
    registrar_replies: RegistrarReplies = RegistrarReplies()
    authentication: AuthenticationRules = AuthenticationRules()
    commands: CommandRules = CommandRules()
    limits: AutomaticMailLimits = AutomaticMailLimits()
    contact_policy: ContactPolicy = ContactPolicy()

    _zone = field_validator("zone")(lambda cls, v: checked_domain(v))

    @model_validator(mode="before")
    @classmethod
    def _zone_mapping(cls, data):
        """`zone: gov.uk`, or `zone: {name: gov.uk, check_every_minutes: ..., appear_within_hours: ...}`."""
        if not isinstance(data, dict):
            return data
        zone = data.get("zone")
        if isinstance(zone, dict):
            watch = dict(zone)
            data = {**data, "zone": watch.pop("name", "gov.uk"), "zone_watch": watch}
        return data

    @field_validator("always_notify")
    @classmethod
    def _notify(cls, v: list[str]) -> list[str]:
        return [_address(a) for a in v]

    @cached_property
    def working_calendar(self):
        from mailbot.workdays import Calendar

        c = self.calendar
        return Calendar(
            timezone=c.timezone,
            start=c.working_hours.start,
            end=c.working_hours.end,
            weekdays=frozenset(_WEEKDAYS[d] for d in c.working_days),
            bank_holidays=None if c.bank_holidays == "none" else c.bank_holidays,
            closed_days=frozenset(c.closed_days),
        )


def _key(loc: tuple) -> str:
    """calendar.working_days[1], as a person would point at it in the file."""
    key = ""
    for part in loc:
        key += f"[{part}]" if isinstance(part, int) else f".{part}" if key else str(part)
    return key or "(top level)"


class _UniqueKeyLoader(yaml.SafeLoader):
    """PyYAML keeps the last of two equal keys; in a policy file the first would be silently ignored."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, Hashable):
                continue  # PyYAML itself refuses such a key, with its own message
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key {key!r} appears twice in one mapping", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def load_rules(path: Path) -> Rules:
    """Read and check rules.yaml; any problem is one ConfigError naming the file and the key."""
    try:
        data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)
    except OSError as e:
        raise ConfigError(f"{path}: cannot read: {e.strerror}") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        problem = f": {e.problem}" if getattr(e, "problem", None) else ""
        raise ConfigError(f"{path}: not valid YAML{where}{problem}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of keys at the top level")
    if "zone_watch" in data:  # a field of Rules, said in the file under zone:
        raise ConfigError(f"{path}: zone_watch: unknown key (the zone watch is set under zone:)")
    try:
        rules = Rules.model_validate(data)
    except ValidationError as e:
        err = e.errors()[0]
        loc = err["loc"]
        key = _key(("zone", *loc[1:]) if loc[:1] == ("zone_watch",) else loc)
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = "unknown key"
        raise ConfigError(f"{path}: {key}: {msg}") from None
    try:
        rules.working_calendar  # builds and checks the calendar once
    except ValueError as e:
        raise ConfigError(f"{path}: calendar: {e}") from None
    return rules
