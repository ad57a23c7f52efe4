"""Tests for the policy file: rules.yaml is loaded and checked, and each mistake is one error naming its key."""

from __future__ import annotations

import copy
from datetime import date, time
from pathlib import Path

import pytest
import yaml

from mailbot.errors import ConfigError, MailbotError
from mailbot.rules import load_rules
from mailbot.settings import DEFAULT_RULES
from mailbot.workdays import Calendar
from tests.support.cli import run_cli

SHIPPED = DEFAULT_RULES
SHIPPED_DATA = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
OPERATORS_COPY = Path(__file__).resolve().parent.parent / "rules.yaml"


def test_the_operators_copy_is_the_shipped_default():
    """rules.yaml at the top of the repository (what `make run` and the worked example read) is the default the
    package ships, mailbot/rules.yaml, word for word: change the latter and copy it over."""
    assert OPERATORS_COPY.read_bytes() == SHIPPED.read_bytes(), "rules.yaml differs from mailbot/rules.yaml"


def write(tmp_path: Path, data=None, *, text: str | None = None) -> Path:
    path = tmp_path / "rules.yaml"
    path.write_text(text if text is not None else yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def shipped_with(change) -> dict:
    data = copy.deepcopy(SHIPPED_DATA)
    change(data)
    return data


def refused(path: Path) -> str:
    with pytest.raises(ConfigError) as caught:
        load_rules(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert "\n" not in message
    return message


# -- the shipped file ---------------------------------------------------------------------------


def test_shipped_rules_have_the_service_addresses():
    rules = load_rules(SHIPPED)
    a = rules.addresses
    assert rules.service_name == ".gov.uk Registry Lock"
    assert rules.zone == "gov.uk"
    assert (rules.zone_watch.check_every_minutes, rules.zone_watch.appear_within_hours) == (15, 4)
    assert a.bot == "registrylock@registry.example"
    assert (a.bot_local, a.bot_domain) == ("registrylock", "registry.example")
    assert a.operators == ["registry-operators@registry.example"]
    assert a.registry_queue == "support@registry.example"
    assert a.gds == "domainmanagement@digital.cabinet-office.gov.uk"
    assert a.ncsc == ["dns-incidents@ncsc.example"]
    assert rules.always_notify == ["domainmanagement@digital.cabinet-office.gov.uk", "dns-incidents@ncsc.example"]


def test_shipped_rules_have_the_registry_operators_calendar():
    rules = load_rules(SHIPPED)
    c = rules.calendar
    assert c.timezone == "Europe/London"
    assert c.working_days == ["mon", "tue", "wed", "thu", "fri"]
    assert (c.working_hours.start, c.working_hours.end) == (time(9, 0), time(17, 30))
    assert c.bank_holidays == "GB-ENG"
    assert c.closed_days == []
    cal = rules.working_calendar
    assert cal == Calendar(timezone="Europe/London", start=time(9, 0), end=time(17, 30),
                           weekdays=frozenset(range(5)), bank_holidays="GB-ENG", closed_days=frozenset())
    assert cal.is_working_day(date(2026, 11, 27))  # a Friday
    assert not cal.is_working_day(date(2026, 11, 28))  # a Saturday
    assert not cal.is_working_day(date(2026, 12, 28))  # Boxing Day (substitute day), England and Wales


def test_shipped_rules_have_the_deadlines_and_reply_phrases():
    rules = load_rules(SHIPPED)
    assert rules.deadlines.first_call_working_days == 1
    assert rules.deadlines.first_call_urgent_working_hours == 2
    assert "not authorised" in rules.replies.dispute_phrases
    assert "i confirm" in rules.replies.confirm_phrases
    # Matching is on lower case, so every phrase is kept in lower case.
    assert all(p == p.lower().strip() for p in rules.replies.dispute_phrases + rules.replies.confirm_phrases)


def test_addresses_are_kept_in_lower_case(tmp_path):
    rules = load_rules(write(tmp_path, shipped_with(lambda d: d["addresses"].update(gds="GDS@Digital.Example"))))
    assert rules.addresses.gds == "gds@digital.example"


def test_closed_days_become_days_off_in_the_calendar(tmp_path):
    data = shipped_with(lambda d: d["calendar"].update(closed_days=["2026-12-29", date(2026, 12, 30)]))
    rules = load_rules(write(tmp_path, data))
    assert rules.calendar.closed_days == [date(2026, 12, 29), date(2026, 12, 30)]
    assert not rules.working_calendar.is_working_day(date(2026, 12, 29))
    assert rules.working_calendar.is_working_day(date(2026, 12, 31))


def test_omitted_sections_take_the_defaults(tmp_path):
    data = {"addresses": SHIPPED_DATA["addresses"], "replies": SHIPPED_DATA["replies"],
            "registry_phone": "+44 20 7946 0999"}
    rules = load_rules(write(tmp_path, data))
    assert rules.zone == "gov.uk"
    assert rules.working_calendar == Calendar()
    assert rules.always_notify == []
    assert rules.deadlines.expire_after_working_days == 10 and rules.deadlines.escalate_after_working_days == 3


def test_the_registry_phone_is_required(tmp_path):
    data = {"addresses": SHIPPED_DATA["addresses"], "replies": SHIPPED_DATA["replies"]}
    with pytest.raises(ConfigError, match="registry_phone: Field required"):
        load_rules(write(tmp_path, data))


# -- each mistake is one ConfigError naming the file and the key --------------------------------


def _set(section: str, key: str, value):
    return lambda d: d[section].__setitem__(key, value)


def _hours(start, end):
    return lambda d: d["calendar"].__setitem__("working_hours", {"start": start, "end": end})


BAD = [
    ("unknown-address-key", _set("addresses", "bots", "bots@registry.example"), "addresses.bots: unknown key"),
    ("unknown-top-level-key", lambda d: d.update(adresses={}), "adresses: unknown key"),
    ("unknown-calendar-key", _set("calendar", "holidays", "GB-ENG"), "calendar.holidays: unknown key"),
    ("bad-gds-address", _set("addresses", "gds", "domainmanagement"),
     "addresses.gds: not an email address: 'domainmanagement'"),
    ("bad-bot-address", _set("addresses", "bot", "registrylock@"), "addresses.bot: not an email address"),
    ("bad-operator-address", _set("addresses", "operators", ["ops at registry.example"]),
     "addresses.operators: not an email address: 'ops at registry.example'"),
    ("empty-operators", _set("addresses", "operators", []), "addresses.operators: List should have at least 1 item"),
    ("operators-not-a-list", _set("addresses", "operators", "ops@registry.example"),
     "addresses.operators: Input should be a valid list"),
    ("missing-gds", lambda d: d["addresses"].pop("gds"), "addresses.gds: Field required"),
    ("bad-always-notify", lambda d: d.update(always_notify=["ncsc"]), "always_notify: not an email address: 'ncsc'"),
    ("bad-zone", lambda d: d.update(zone="gov uk"), "zone: not a domain name: 'gov uk'"),
    ("bad-zone-name", _set("zone", "name", "gov uk"), "zone: not a domain name: 'gov uk'"),
    ("zone-check-every-zero", _set("zone", "check_every_minutes", 0),
     "zone.check_every_minutes: Input should be greater than or equal to 1"),
    ("zone-appear-within-words", _set("zone", "appear_within_hours", "soon"),
     "zone.appear_within_hours: Input should be a valid integer"),
    ("unknown-zone-key", _set("zone", "interval", 5), "zone.interval: unknown key"),
    ("zone-watch-at-top-level", lambda d: d.update(zone_watch={}), "zone_watch: unknown key"),
    ("bad-time-zone", _set("calendar", "timezone", "Europe/Londres"),
     "calendar.timezone: unknown time zone 'Europe/Londres'"),
    ("bad-working-day", _set("calendar", "working_days", ["mon", "tues"]),
     "calendar.working_days[1]: Input should be 'mon', 'tue', 'wed', 'thu', 'fri', 'sat' or 'sun'"),
    ("no-working-days", _set("calendar", "working_days", []),
     "calendar.working_days: List should have at least 1 item"),
    ("bad-bank-holidays", _set("calendar", "bank_holidays", "GB-XXX"), "calendar.bank_holidays: Input should be"),
    ("closed-day-not-a-date", _set("calendar", "closed_days", ["2026-12-29", "boxing day"]),
     "calendar.closed_days[1]: Input should be a valid date"),
    ("closed-day-with-a-time", _set("calendar", "closed_days", ["2026-12-29T12:00:00"]),
     "calendar.closed_days[0]: Datetimes provided to dates should have zero time"),
    ("start-after-end", _hours("17:30", "09:00"), "calendar.working_hours: start 17:30 must be before end 09:00"),
    ("start-equals-end", _hours("09:00", "09:00"), "calendar.working_hours: start 09:00 must be before end 09:00"),
    ("hours-not-a-time", _hours("nine", "17:30"),
     "calendar.working_hours.start: Input should be in a valid time format"),
    ("hours-with-a-time-zone", _hours("09:00", "17:30+01:00"),
     "calendar.working_hours.end: give a local time without a time zone, not 17:30:00+01:00"),
    ("negative-deadline", _set("deadlines", "first_call_working_days", -1),
     "deadlines.first_call_working_days: Input should be greater than or equal to 0"),
    ("zero-urgent-hours", _set("deadlines", "first_call_urgent_working_hours", 0),
     "deadlines.first_call_urgent_working_hours: Input should be greater than 0"),
    ("missing-replies", lambda d: d.pop("replies"), "replies: Field required"),
    ("missing-addresses", lambda d: d.pop("addresses"), "addresses: Field required"),
    ("blank-confirm-phrases", _set("replies", "confirm_phrases", ["  ", ""]),
     "replies.confirm_phrases: needs at least one phrase that is not blank"),
    ("no-dispute-phrases", _set("replies", "dispute_phrases", []),
     "replies.dispute_phrases: List should have at least 1 item"),
]


@pytest.mark.parametrize("change, fragment", [case[1:] for case in BAD], ids=[case[0] for case in BAD])
def test_a_bad_value_is_one_error_naming_the_file_and_the_key(tmp_path, change, fragment):
    path = write(tmp_path, shipped_with(change))
    message = refused(path)
    assert message.startswith(f"{path}: {fragment}")


def test_an_unquoted_time_read_as_a_number_is_refused_with_how_to_write_it(tmp_path):
    # YAML 1.1 reads 17:30 without quotes as 1050 (base 60); it must not become 00:17:30 UTC.
    text = SHIPPED.read_text(encoding="utf-8").replace('end: "17:30"', "end: 17:30")
    assert "end: 17:30}" in text
    message = refused(write(tmp_path, text=text))
    assert 'calendar.working_hours.end: write the time in quotes, e.g. "17:30" (YAML read it as the number 1050)' \
        in message


def test_the_errors_are_config_errors_of_the_one_hierarchy(tmp_path):
    with pytest.raises(MailbotError) as caught:
        load_rules(write(tmp_path, shipped_with(_set("addresses", "bots", "x@y.example"))))
    assert isinstance(caught.value, ConfigError) and caught.value.exit_code == 2


def test_bad_yaml_names_the_line(tmp_path):
    text = "service_name: Registry Lock\naddresses:\n  bot: registrylock@registry.example\n  operators: [a@b.example\n"
    message = refused(write(tmp_path, text=text))
    assert message.startswith(f"{tmp_path / 'rules.yaml'}: not valid YAML at line 5")


def test_bad_indentation_names_the_line(tmp_path):
    text = "addresses:\n  bot: registrylock@registry.example\n   gds: gds@digital.example\n"
    assert "not valid YAML at line 3: mapping values are not allowed here" in refused(write(tmp_path, text=text))


def test_a_key_given_twice_is_refused_with_its_line(tmp_path):
    # PyYAML would quietly keep the second, so the first block of a policy would be ignored.
    text = SHIPPED.read_text(encoding="utf-8") + "\nzone: gov.uk\n"
    line = text.count("\n")  # the last line
    message = refused(write(tmp_path, text=text))
    assert f"not valid YAML at line {line}: key 'zone' appears twice in one mapping" in message


@pytest.mark.parametrize("text", ["- addresses\n- replies\n", "just words\n", "", "# only a comment\n"],
                         ids=["a-list", "a-scalar", "empty", "only-a-comment"])
def test_a_file_that_is_not_a_mapping_is_refused(tmp_path, text):
    assert refused(write(tmp_path, text=text)).endswith(": expected a mapping of keys at the top level")


def test_a_missing_file_is_refused(tmp_path):
    path = tmp_path / "nowhere.yaml"
    assert refused(path) == f"{path}: cannot read: No such file or directory"


# -- through the command line -------------------------------------------------------------------


@pytest.fixture
def cli_env(monkeypatch, tmp_path):
    monkeypatch.setenv("MAILBOT_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("MAILBOT_SECRET", "test-secret-0123456789abcdef")
    monkeypatch.delenv("MAILBOT_RULES", raising=False)
    monkeypatch.delenv("MAILBOT_DB", raising=False)


CLI_BAD = [
    ("unknown-key", lambda: yaml.safe_dump(shipped_with(_set("addresses", "bots", "x@registry.example"))),
     "addresses.bots: unknown key"),
    ("start-after-end", lambda: yaml.safe_dump(shipped_with(_hours("18:00", "09:00"))),
     "calendar.working_hours: start 18:00 must be before end 09:00"),
    ("bad-yaml", lambda: "addresses: [\n", "not valid YAML at line 2"),
]


@pytest.mark.parametrize("make, fragment", [c[1:] for c in CLI_BAD], ids=[c[0] for c in CLI_BAD])
def test_cli_with_bad_rules_says_one_line_naming_the_key(tmp_path, capsys, cli_env, make, fragment):
    path = write(tmp_path, text=make())
    code, out, err = run_cli(["--db", f"sqlite:///{tmp_path / 'mailbot.db'}", "--rules", str(path),
                              "tickets", "list"], capsys)
    assert code == 2
    assert out == ""
    assert err.startswith(f"mailbot: error: {path}: {fragment}")
    assert err.count("\n") == 1 and "Traceback" not in err
    # Nothing was made: the rules are checked before the database is opened.
    assert not (tmp_path / "mailbot.db").exists()


def test_cli_with_good_rules_runs(env, monkeypatch, capsys, db_url, tmp_path):
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    path = write(tmp_path, shipped_with(_set("calendar", "closed_days", ["2026-12-29"])))
    code, out, err = run_cli(["--db", db_url, "--rules", str(path), "tickets", "list", "--json"], capsys)
    assert (code, out, err) == (0, "[]\n", "")
