"""No mail stops the bot: one message of a group fails at any step of acting on it, before or after its ticket is
made, and even while it is parked; it is parked for a person (or set aside), and every other message of the group
is processed as it would have been without it, over `mailbot ingest` and over IMAP."""

from __future__ import annotations

import functools
import json
import shutil
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select

from mailbot.app import App
from mailbot.ingest import receive as receive_module
from mailbot.registry import import_file
from mailbot.rules import load_rules
from mailbot.settings import DEFAULT_RULES, load_settings
from mailbot.store.models import Message, Ticket
from mailbot.workflow import operators
from tests.support import attacks
from tests.support.cli import run_cli
from tests.support.constants import EXAMPLES, SECRET, START
from tests.support.databases import empty_database
from tests.support.imap_server import Dovecot
from tests.support.mails import (
    BOT,
    DEMO_KEY,
    HMRC_CONTACTS,
    OPERATORS,
    PARISH_SIGNUP,
    SECURITY,
    build,
    outbox,
    reply_to,
)

KINDS = ("change", "reply", "signup", "contact_change", "triage")

# The steps of acting on each kind of mail: every public function of classify, the workflow, the history, the
# outbox, the store and the tokens that acting on it calls, but the pure ones (test_every_step_of_acting_is_listed
# holds these lists to what is called). A pure function (PURE), and what the steps call in other modules (the
# clock, working days, parsing, the address policy), reads and writes nothing of the transaction: its failure is
# a failure of the step that called it, at the same moment.
PURE = {"mailbot.workflow.form_review:sender_authentication", "mailbot.workflow.form_review:authentication_sentence",
        "mailbot.outbox.compose:clean_header", "mailbot.outbox.compose:thread_subject", "mailbot.outbox.render:when",
        "mailbot.tokens:TokenCheck.ok",
        "mailbot.tokens:new_message_id", "mailbot.tokens:reply_address", "mailbot.tokens:found_tokens",
        "mailbot.workflow.contexts:current_values", "mailbot.workflow.contexts:registrar_context",
        "mailbot.workflow.contexts:change_context", "mailbot.workflow.contexts:request_context",
        "mailbot.workflow.table:decide", "mailbot.workflow.tickets:replan", "mailbot.workflow.tickets:limits",
        "mailbot.classify:read_intent",
        "mailbot.classify:change_asked", "mailbot.classify:form_held", "mailbot.classify:own_words",
        "mailbot.workflow.changes:asks_of", "mailbot.workflow.changes:read", "mailbot.workflow.changes:digest",
        "mailbot.workflow.contexts:and_list", "mailbot.workflow.changes:unaccounted",
        "mailbot.workflow.changes:written", "mailbot.workflow.changes:contradicted",
        "mailbot.workflow.changes:requested", "mailbot.workflow.deadlines:from_json",
        "mailbot.workflow.deadlines:next_deadline", "mailbot.workflow.deadlines:plan",
        "mailbot.workflow.deadlines:to_json", "mailbot.workflow.originals:original",
        "mailbot.workflow.contexts:quoted_words", "mailbot.outbox.compose:_Writer.fold_binary",
        "mailbot.workflow.accepted:accepted", "mailbot.workflow.accepted:replies_context",
        "mailbot.workflow.accepted:Reply.line", "mailbot.workflow.accepted:Reply.does",
        "mailbot.workflow.accepted:is_accepted"}
_EVERY = ["mailbot.classify:classify", "mailbot.workflow.intake:act", "mailbot.store.records:registrar_for_address",
          "mailbot.store.rows:Rows.run", "mailbot.store.rows:held", "mailbot.workflow.tickets:link",
          "mailbot.store.ticket_messages:link_stored"]
_MAIL = ["mailbot.audit:append", "mailbot.workflow.notices:queue", "mailbot.outbox.compose:enqueue",
         "mailbot.outbox.render:Renderer.render", "mailbot.tokens:issue_token", "mailbot.workflow.message_ids:flag_of",
         "mailbot.store.rows:flush_waiting", "mailbot.store.rows:write_changed"]
_TICKET = [*_MAIL, "mailbot.workflow.tickets:new_ticket", "mailbot.workflow.tickets:next_ref", "mailbot.audit:begin"]
STEPS = {
    "change": [*_EVERY, *_TICKET, "mailbot.workflow.changes:change_request", "mailbot.workflow.changes:open_change",
               "mailbot.store.queries:open_change_ticket", "mailbot.store.records:domain_by_name",
               "mailbot.store.records:contacts", "mailbot.workflow.notices:send_task",
               "mailbot.workflow.notices:task_warnings",
               "mailbot.workflow.contexts:security_contacts", "mailbot.workflow.contexts:lock_contacts_in_whois",
               "mailbot.outbox.brake:braked", "mailbot.store.rows:Rows.many", "mailbot.outbox.answers:within_limits",
               "mailbot.workflow.contexts:changed_domains"],
    "reply": [*_EVERY, *_MAIL, "mailbot.workflow.replies:reply", "mailbot.store.queries:locked_ticket",
              "mailbot.tokens:check_token",
              "mailbot.tokens:consume_token", "mailbot.store.records:contacts",
              "mailbot.workflow.contexts:security_contacts", "mailbot.workflow.notices:tell_operators",
              "mailbot.workflow.tickets:transition", "mailbot.workflow.contexts:changed_domains",
              "mailbot.store.records:domain_by_name"],
    "signup": [*_EVERY, *_TICKET, "mailbot.workflow.membership:open_signup",
               "mailbot.workflow.contacts:signup_replaces_lock_contacts",
               "mailbot.workflow.contacts:has_locked_domains", "mailbot.workflow.membership:signup_problems",
               "mailbot.store.records:allowed_addresses",
               "mailbot.store.records:domain_by_name", "mailbot.store.records:known_mail_domains",
               "mailbot.outbox.brake:braked", "mailbot.store.rows:Rows.many", "mailbot.outbox.answers:within_limits"],
    "contact_change": [*_EVERY, *_TICKET, "mailbot.workflow.contacts:open_contact_change",
                       "mailbot.workflow.contacts:contact_change_problems",
                       "mailbot.store.records:allowed_addresses",
                       "mailbot.store.records:contacts", "mailbot.store.records:domain_by_name",
                       "mailbot.store.records:known_mail_domains", "mailbot.workflow.contexts:security_contacts",
                       "mailbot.workflow.notices:tell_operators", "mailbot.outbox.brake:braked"],
    "triage": [*_EVERY, *_TICKET, "mailbot.workflow.triage:triage", "mailbot.store.records:known_mail_domains"],
}
# Where a step's failure is looked for: the modules whose public functions are steps.
_STEP_MODULES = ("mailbot.classify", "mailbot.workflow.", "mailbot.audit", "mailbot.outbox.", "mailbot.store.rows",
                 "mailbot.store.queries", "mailbot.store.records", "mailbot.store.ticket_messages", "mailbot.tokens")


class Injected(RuntimeError):
    """The fault a test raises in a step."""


class Faults:
    """Wraps a step (by "module:qualname", on every module attribute that holds the function, or on its class) so
    that, while the bot acts on the target message (and, with `in_park`, while it parks it), the step's `nth` call
    of each attempt raises Injected: before the step runs, or, `after` it, once it has done its work."""

    def __init__(self, monkeypatch, step: str, *, target: str, nth: int, after: bool = False,
                 in_park: bool = False):
        self.step, self.target, self.nth, self.after, self.in_park = step, target, nth, after, in_park
        self.acting = False
        self.calls = 0  # in this attempt
        self.fired = 0
        _patch(monkeypatch, step, self._wrap)
        monkeypatch.setattr(receive_module, "_act", self._scope(receive_module._act, lambda a: a[-1]))
        monkeypatch.setattr(receive_module, "_count_or_park",
                            self._scope(receive_module._count_or_park, lambda a: a[2] if in_park else None))

    def _scope(self, real, mail_of):
        @functools.wraps(real)
        def scoped(*args):
            mail = mail_of(args)
            if mail is None or mail.message_id != self.target:
                return real(*args)
            self.acting, self.calls = True, 0  # each attempt fails at the same call
            try:
                return real(*args)
            finally:
                self.acting = False

        return scoped

    def _wrap(self, real):
        @functools.wraps(real)
        def step(*args, **kwargs):
            if not self.acting:
                return real(*args, **kwargs)
            self.calls += 1
            if self.calls == self.nth and not self.after:
                self._fire()
            result = real(*args, **kwargs)
            if self.calls == self.nth and self.after:
                self._fire()
            return result

        return step

    def _fire(self):
        self.fired += 1
        raise Injected(f"a fault injected {'after' if self.after else 'at'} {self.step}, call {self.nth}")


class Trace:
    """Counts, while the bot acts on each message, the calls of every public function of the step modules."""

    def __init__(self, monkeypatch, kinds: dict[str, str]):
        self.calls: Counter = Counter()  # (kind, step) -> calls
        real = receive_module._act

        def act(*args):
            kind = kinds[args[-1].message_id]

            def profile(frame, event, _arg):
                if event != "call":
                    return
                module, name = frame.f_globals.get("__name__", ""), frame.f_code.co_qualname
                if module.startswith(_STEP_MODULES) and "<" not in name and not name.rpartition(".")[2].startswith("_"):
                    self.calls[(kind, f"{module}:{name}")] += 1

            sys.setprofile(profile)
            try:
                return real(*args)
            finally:
                sys.setprofile(None)

        monkeypatch.setattr(receive_module, "_act", act)

    def steps(self, kind: str) -> list[str]:
        return sorted(step for k, step in self.calls if k == kind)


def _resolve(step: str):
    module_name, _, qualname = step.partition(":")
    owner = sys.modules[module_name]
    *path, name = qualname.split(".")
    for part in path:
        owner = getattr(owner, part)
    return owner, name


def _patch(monkeypatch, step: str, wrap) -> None:
    owner, name = _resolve(step)
    real = owner.__dict__[name] if isinstance(owner, type) else getattr(owner, name)
    if isinstance(real, property):
        monkeypatch.setattr(owner, name, property(wrap(real.fget)))
        return
    if isinstance(owner, type):
        monkeypatch.setattr(owner, name, wrap(real))
        return
    # Imported by name elsewhere too (`from mailbot.audit import append`): each module's own name is wrapped.
    fake, patched = wrap(real), 0
    for module_name, module in list(sys.modules.items()):
        if module_name.startswith("mailbot") and getattr(module, name, None) is real:
            monkeypatch.setattr(module, name, fake)
            patched += 1
    assert patched, step


# -- the scene: a ticket awaiting its confirmation, and a group of five kinds of mail ----------------------------

DVLA = {"name": "Driver and Vehicle Licensing Agency",
        "contacts": [{"role": "security", "email": "security-operations@dvla.gov.uk", "phone": "+44 20 7946 0100",
                      "name": "DVLA Security Operations"}],
        "domains": [{"name": "dvla.gov.uk", "locked": True, "registrar": "Example Registrar Ltd",
                     "nameservers": ["ns1.dvla.gov.uk", "ns2.dvla.gov.uk"],
                     "whois_contacts": ["hostmaster@dvla.gov.uk"]}]}


def scene(app, tmp_path) -> dict[str, bytes]:
    """The example registry and a second locked domain; RL-000001 for hmrc.gov.uk verified by phone, awaiting its
    confirmation; and a group of mail, one of each kind, none of which touches another's ticket."""
    records = json.loads((EXAMPLES / "registry.json").read_text())
    records["organisations"].append(DVLA)
    (tmp_path / "registry.json").write_text(json.dumps(records))
    with app.tx() as session:
        import_file(session, str(tmp_path / "registry.json"), app.rules.zone)
    receive_module.receive(app, build(), "file")
    operators.record_call(app, "RL-000001", outcome="verified", contact=SECURITY, operator="Sam Jones")
    coa = next(o for o in outbox(app, "confirmation_of_authorisation") if SECURITY in o.to)
    return {
        "change": build(subject="Name server change for dvla.gov.uk",
                        body="Please update the name servers for dvla.gov.uk to ns1.newdns.co.uk and "
                             "ns2.newdns.co.uk.\n"),
        "reply": reply_to(coa, sender=SECURITY, text="I confirm this change."),
        "signup": build(sender="ciso@little-ashby-pc.gov.uk", subject="Registry Lock sign up", body=PARISH_SIGNUP),
        # Its ticket waits for the call: the confirmation of RL-000001 beside it is not touched.
        "contact_change": build(sender="ciso@hmrc.gov.uk", subject="Registry Lock contacts", body=HMRC_CONTACTS),
        "triage": build(sender="stranger@example.org", subject="hello", body="hi\n"),
    }


def message_ids(group: dict[str, bytes]) -> dict[str, str]:
    """Message-ID -> kind."""
    from email.parser import BytesHeaderParser

    return {BytesHeaderParser().parsebytes(raw)["Message-ID"]: kind for kind, raw in group.items()}


def ingest(group: dict[str, bytes], env: dict, monkeypatch, capsys, tmp_path) -> tuple[int, dict[str, dict], str]:
    """`mailbot ingest` of the group's files: (exit code, each message's line by kind, stderr)."""
    for key, value in {**env, "MAILBOT_DNS_FILE": str(DEMO_KEY.parent / "dns.json")}.items():
        monkeypatch.setenv(key, value)
    files = []
    for kind, raw in group.items():
        files.append(tmp_path / f"{kind}.eml")
        files[-1].write_bytes(raw)
    code, out, err = run_cli(["--now", START.isoformat(), "ingest", *map(str, files)], capsys)
    lines = [json.loads(line) for line in out.splitlines()]
    assert len(lines) == len(group), out
    return code, dict(zip(group, lines)), err


def read_imap(app, server: Dovecot, group: dict[str, bytes]) -> dict[str, dict]:
    """The group delivered to the mailbox and read until nothing is left to try: each message's result by kind."""
    from mailbot.ingest.imap import ImapIngester
    from mailbot.settings import imap_settings

    for raw in group.values():
        server.append(raw)
    reader = ImapIngester(app, imap_settings(server.url(), {}))
    kinds, results = message_ids(group), {}
    try:
        for _ in range(receive_module.MAX_ATTEMPTS):
            for result in reader.catch_up():
                results[kinds[result.message_id]] = result.as_json()
    finally:
        reader.close()
    return results


def what_happened(app, lines: dict[str, dict], since: int) -> dict[str, tuple]:
    """For each message: its kind, action and state, and the mail queued on its tickets since outbox item `since`
    (template and recipients): what a user would notice, without the ticket numbers, which depend on the order."""
    queued = [o for o in outbox(app) if o.id > since and o.ticket is not None]
    return {kind: (line["kind"], line["action"], line["state"], len(line["tickets"]),
                   sorted((o.template, tuple(o.to)) for o in queued if o.ticket.ref in line["tickets"]))
            for kind, line in lines.items()}


def last_outbox_id(app) -> int:
    return max(o.id for o in outbox(app))


def tickets(app) -> int:
    with app.sessions() as session:
        return session.scalar(select(func.count()).select_from(Ticket))


def stored(app, message_id: str) -> Message:
    with app.sessions() as session:
        return session.scalars(select(Message).where(Message.message_id == message_id)).one()


def assert_parked(app, line: dict, message_id: str, *, before: int, others: dict[str, dict]) -> None:
    """Parked for a person: a triage ticket whose notice went to the operators, the message `failed` after every
    attempt, and nothing left of the attempts (only the others' tickets and this one's)."""
    assert (line["kind"], line["action"], line["state"]) == ("triage", "parked", "triage"), line
    assert "Injected: a fault injected" in line["error"]
    message = stored(app, message_id)
    assert (message.status, message.kind, message.attempts) == ("failed", "triage", receive_module.MAX_ATTEMPTS)
    [notice] = outbox(app, "triage_notice", line["ticket"])
    assert notice.to == [OPERATORS]
    made = {ref for other in others.values() for ref in other["tickets"] if ref != "RL-000001"}
    assert tickets(app) == before + len(made) + 1


def fresh(request, kind_of_db: str, where: Path, clock, dns_zone, *, database: str | None = None) -> tuple[App, dict]:
    """An app on an empty database of its own (SQLite; or a copy of `database`) or on the emptied test database
    (PostgreSQL), and the environment `mailbot` is run with against it."""
    where.mkdir(exist_ok=True)
    if database is not None:
        shutil.copy(database, where / "mailbot.db")
        url = f"sqlite:///{where / 'mailbot.db'}"
    else:
        url = empty_database(request, kind_of_db, where)
    env = {"MAILBOT_DATA_DIR": str(where / "var"), "MAILBOT_DB": url, "MAILBOT_SECRET": SECRET,
           "MAILBOT_AUDIT_KEY": "fault-injection-audit-key-0123456789", "MAILBOT_RULES": str(DEFAULT_RULES)}
    settings = load_settings(env, cwd=where)
    app = App.build(settings, rules=load_rules(settings.rules_path), clock=clock, check_schema=database is None,
                    dns=lambda name: dns_zone.get(name.rstrip(".")))
    request.addfinalizer(app.close)
    return app, env


@dataclass
class Baseline:
    """What the group does without a fault, once for each database: the calls of each step while acting on each
    kind of mail, and what happens to each message; on SQLite, the scene's database, copied for each test."""

    trace: Trace
    expected: dict
    group: dict[str, bytes]
    scene_database: Path | None


_BASELINE: dict[str, Baseline] = {}


def baseline(request, kind_of_db: str, tmp_path_factory, clock, dns_zone, capsys) -> Baseline:
    if kind_of_db not in _BASELINE:
        where = tmp_path_factory.mktemp("baseline")
        app, env = fresh(request, kind_of_db, where, clock, dns_zone)
        group = scene(app, where)
        scene_database = None
        if kind_of_db == "sqlite":
            app.engine.dispose()  # the last connection closed: its write-ahead log is in the file
            scene_database = where / "scene.db"
            shutil.copy(where / "mailbot.db", scene_database)
        since = last_outbox_id(app)
        with pytest.MonkeyPatch.context() as monkeypatch:
            trace = Trace(monkeypatch, message_ids(group))
            code, lines, err = ingest(group, env, monkeypatch, capsys, where)
        assert code == 0 and [line["action"] for line in lines.values()] == ["opened", "confirmed", "opened",
                                                                             "opened", "triaged"], (lines, err)
        _BASELINE[kind_of_db] = Baseline(trace, what_happened(app, lines, since), group, scene_database)
    return _BASELINE[kind_of_db]


def start(request, kind_of_db: str, where: Path, clock, dns_zone, capsys) -> tuple[App, dict, dict, Baseline]:
    """(app, environment, group, baseline) of a test: the scene set, nothing of the group read yet."""
    known = baseline(request, kind_of_db, request.getfixturevalue("tmp_path_factory"), clock, dns_zone, capsys)
    app, env = fresh(request, kind_of_db, where, clock, dns_zone, database=known.scene_database)
    group = known.group if known.scene_database else scene(app, where)
    return app, env, group, known


def cases(db_kinds=("sqlite",)):
    """(database, kind of the message that fails, step, when): the step's first call fails before it runs, and its
    last call once it has done its work (a ticket made, an event written, a mail queued)."""
    return [pytest.param(db, kind, step, when, id=f"{db}-{kind}-{step.partition(':')[2]}-{when}")
            for db in db_kinds for kind in KINDS for step in STEPS[kind] for when in ("before-first", "after-last")]


def fault(monkeypatch, known: Baseline, step: str, kind: str, when: str, target: str, **kw) -> Faults:
    count = known.trace.calls[(kind, step)]
    assert count, f"{step} is not called while acting on a {kind} any more: take it out of STEPS[{kind!r}]"
    return Faults(monkeypatch, step, target=target, nth=1 if when == "before-first" else count,
                  after=when == "after-last", **kw)


# -- the tests ---------------------------------------------------------------------------------------------------


def test_every_step_of_acting_is_listed(request, tmp_path_factory, clock, dns_zone, capsys):
    trace = baseline(request, "sqlite", tmp_path_factory, clock, dns_zone, capsys).trace
    for kind in KINDS:
        called, listed = set(trace.steps(kind)), set(STEPS[kind])
        assert (sorted(called - listed - PURE), sorted(listed - called)) == ([], []), \
            f"the steps of acting on a {kind} changed (called and not listed, listed and not called): update STEPS"


@pytest.mark.parametrize("db, kind, step, when", cases())
def test_a_fault_at_any_step_parks_the_message_and_the_others_go_on_over_ingest(request, tmp_path, clock,
                                                                                 dns_zone, monkeypatch, capsys,
                                                                                 db, kind, step, when):
    app, env, group, known = start(request, db, tmp_path / "case", clock, dns_zone, capsys)
    since, before = last_outbox_id(app), tickets(app)
    target = next(mid for mid, k in message_ids(group).items() if k == kind)
    faults = fault(monkeypatch, known, step, kind, when, target)
    code, lines, err = ingest(group, env, monkeypatch, capsys, tmp_path / "case")
    assert faults.fired == receive_module.MAX_ATTEMPTS
    assert code == 0, err
    others = {k: line for k, line in lines.items() if k != kind}
    assert what_happened(app, others, since) == {k: v for k, v in known.expected.items() if k != kind}
    assert_parked(app, lines[kind], target, before=before, others=others)


@pytest.mark.parametrize("db, kind, step, when", [
    pytest.param("postgresql", kind, step, when, id=f"postgresql-{kind}-{step.partition(':')[2]}-{when}")
    for kind, step, when in [("change", "mailbot.workflow.intake:act", "before-first"),
                             *((kind, "mailbot.audit:append", "after-last") for kind in KINDS)]])
def test_on_postgresql_too(request, tmp_path, clock, dns_zone, monkeypatch, capsys, db, kind, step, when):
    test_a_fault_at_any_step_parks_the_message_and_the_others_go_on_over_ingest(
        request, tmp_path, clock, dns_zone, monkeypatch, capsys, db, kind, step, when)


@pytest.mark.parametrize("db, kind, step, when", [
    *(("sqlite", kind, step, when) for kind in KINDS for step, when in (("mailbot.classify:classify", "before-first"),
                                                                        ("mailbot.audit:append", "after-last"))),
    ("postgresql", "change", "mailbot.audit:append", "after-last"),
    ("postgresql", "reply", "mailbot.classify:classify", "before-first")])
def test_a_fault_at_a_step_parks_the_message_and_the_others_go_on_over_imap(request, tmp_path, clock, dns_zone,
                                                                             monkeypatch, capsys, imap_server, db,
                                                                             kind, step, when):
    app, _env, group, known = start(request, db, tmp_path / "case", clock, dns_zone, capsys)
    since, before = last_outbox_id(app), tickets(app)
    target = next(mid for mid, k in message_ids(group).items() if k == kind)
    faults = fault(monkeypatch, known, step, kind, when, target)
    lines = read_imap(app, imap_server, group)
    assert faults.fired == receive_module.MAX_ATTEMPTS
    others = {k: line for k, line in lines.items() if k != kind}
    assert what_happened(app, others, since) == {k: v for k, v in known.expected.items() if k != kind}
    assert_parked(app, lines[kind], target, before=before, others=others)
    assert imap_server.messages("INBOX") == []
    assert len(imap_server.messages("Processed")) == len(group) - 1
    assert len(imap_server.messages("Quarantine")) == 1


@pytest.mark.parametrize("db", ["sqlite", "postgresql"])
@pytest.mark.parametrize("over", ["ingest", "imap"])
def test_a_message_that_cannot_even_be_parked_is_set_aside_and_the_others_go_on(request, tmp_path, clock,
                                                                                dns_zone, monkeypatch, capsys, db,
                                                                                over):
    """The fault fires while it is parked as well (a ticket cannot be made for it): the message is kept, marked
    `failed` with both errors, set aside (the quarantine folder; a line with its error and a non-zero exit)."""
    app, env, group, known = start(request, db, tmp_path / "case", clock, dns_zone, capsys)
    since, before = last_outbox_id(app), tickets(app)
    target = next(mid for mid, k in message_ids(group).items() if k == "signup")
    faults = fault(monkeypatch, known, "mailbot.workflow.tickets:new_ticket", "signup", "after-last", target,
                   in_park=True)
    if over == "ingest":
        code, lines, err = ingest(group, env, monkeypatch, capsys, tmp_path / "case")
        assert code == 1 and err.splitlines()[-1].startswith("mailbot: error: 1 message(s) could not be processed")
        assert lines["signup"]["file"] == str(tmp_path / "case" / "signup.eml")
    else:
        server = request.getfixturevalue("imap_server")
        lines = read_imap(app, server, group)
        assert len(server.messages("Processed")) == len(group) - 1
        [aside] = server.messages("Quarantine")
        assert aside == stored(app, target).raw
    assert faults.fired == receive_module.MAX_ATTEMPTS + 1
    assert (lines["signup"]["action"], lines["signup"]["tickets"]) == ("quarantined", [])
    assert "parking it failed too (Injected: a fault injected after" in lines["signup"]["error"]
    others = {k: line for k, line in lines.items() if k != "signup"}
    assert what_happened(app, others, since) == {k: v for k, v in known.expected.items() if k != "signup"}
    message = stored(app, target)
    assert (message.status, message.attempts) == ("failed", receive_module.MAX_ATTEMPTS)
    assert message.raw.replace(b"\r\n", b"\n") == group["signup"].replace(b"\r\n", b"\n")
    assert "parking it failed too" in message.error
    made = {ref for other in others.values() for ref in other["tickets"] if ref != "RL-000001"}
    assert tickets(app) == before + len(made)  # nothing left of its attempts, nor of its parking


@pytest.mark.parametrize("db", ["sqlite", "postgresql"])
@pytest.mark.parametrize("over", ["ingest", "imap"])
def test_a_form_from_two_mailboxes_among_genuine_requests_stops_none_of_them(request, tmp_path, clock, dns_zone,
                                                                           monkeypatch, capsys, db, over):
    """The attack of issue 15: a sign-up form whose From holds two mailboxes, read with genuine requests. Whether
    it is triaged or parked, a person sees it, and the requests behind it are processed."""
    app, env, genuine, known = start(request, db, tmp_path / "case", clock, dns_zone, capsys)
    since = last_outbox_id(app)
    form = attacks.mail(from_="ciso@little-ashby-pc.gov.uk, attacker@evil.example", to=BOT,
                        subject="Registry Lock sign up", text=PARISH_SIGNUP)
    group = {"form": form, **genuine}
    if over == "ingest":
        code, lines, err = ingest(group, env, monkeypatch, capsys, tmp_path / "case")
        assert code == 0 or err.splitlines()[-1].startswith("mailbot: error: "), err
    else:
        server = request.getfixturevalue("imap_server")
        lines = read_imap(app, server, group)
        assert server.messages("INBOX") == []
    assert what_happened(app, {k: lines[k] for k in genuine}, since) == known.expected
    assert lines["form"]["kind"] == "triage" and lines["form"]["action"] in ("triaged", "parked")
    [notice] = outbox(app, "triage_notice", lines["form"]["ticket"])
    assert notice.to == [OPERATORS]
    assert not [o for o in outbox(app) if o.id > since and None in o.to]
