"""The zone watch end to end, through the command line, against a real Knot DNS on loopback serving the published
zone by AXFR with TSIG, on SQLite and PostgreSQL: a change nobody authorised raises the alarm at once and is told again
only when the zone changes again; an applied change is seen in the zone, or told to the operators and GDS when it
appears different or not in time; a transfer that fails is tried again, never an alarm."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import update

from mailbot.ingest.receive import receive
from mailbot.store.models import Domain
from mailbot.workflow import operators
from tests.support.cli import run_cli
from tests.support.dns_server import Delegation
from tests.support.mails import GDS, NCSC, OPERATORS, SECURITY, SOC, body, heading, outbox, reply_to, request
from tests.support.tickets import ticket

HMRC_DS = "12345 13 2 9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08"
HELD = Delegation(["ns1.hmrc.gov.uk", "ns2.hmrc.gov.uk"], [HMRC_DS])
PARISH = Delegation(["ns1.webhost.example", "ns2.webhost.example"])
HOUR = "2026-11-27T11:00:00+00:00"  # an hour after the tests' start, when every change below is applied
LATER = "2026-11-27T15:00:00+00:00"  # 5 hours after: past rules.yaml's zone.appear_within_hours (4)


@pytest.fixture
def watched(registry, env, zone_server, monkeypatch):
    """The example registry (hmrc.gov.uk locked), the bot pointed at the test zone, which publishes it as held."""
    for key, value in {**env, "MAILBOT_ZONE_SOURCE": zone_server.url, "MAILBOT_ZONE_TSIG": zone_server.tsig}.items():
        monkeypatch.setenv(key, value)
    zone_server.publish(100, {"hmrc.gov.uk": HELD, "little-ashby-pc.gov.uk": PARISH})
    registry.zone = zone_server
    return registry


def words(item) -> str:
    """A mail's body with its lines joined, as a reader takes it in."""
    return " ".join(body(item).split())


def check(capsys, now: str = HOUR, *args, code: int = 0) -> dict:
    status, out, err = run_cli(["--now", now, "zone", "check", "--json", *args], capsys)
    assert status == code, err
    return json.loads(out)


def publish(app, serial: int, hmrc: Delegation | None) -> None:
    app.zone.publish(serial, {**({"hmrc.gov.uk": hmrc} if hmrc else {}), "little-ashby-pc.gov.uk": PARISH})


def test_a_zone_as_held_raises_nothing_and_is_read_again_only_when_its_serial_moves(watched, capsys):
    first = check(capsys)
    assert (first["serial"], first["read"], first["domains"], first["alarms"]) == (100, True, 1, [])
    again = check(capsys)
    assert (again["serial"], again["read"], again["previous_serial"]) == (100, False, 100)
    code, out, _ = run_cli(["--now", HOUR, "zone", "check"], capsys)
    assert code == 0 and "gov.uk serial 100: not changed since it was last read" in out
    assert outbox(watched, "zone_alarm") == []


def test_a_domain_locked_since_the_last_reading_is_compared_at_the_next_check(watched, capsys):
    check(capsys)
    with watched.tx() as session:  # as a sign-up's approval does (a test's shortcut to the flow)
        session.execute(update(Domain).where(Domain.name == "little-ashby-pc.gov.uk").values(locked=True))
    found = check(capsys)
    assert (found["read"], found["domains"], found["alarms"]) == (True, 2, [])
    assert check(capsys)["read"] is False


def test_an_unauthorised_name_server_change_raises_the_alarm_and_is_told_again_only_when_the_zone_changes(
        watched, capsys):
    check(capsys)
    publish(watched, 101, Delegation(["ns1.attacker.example", "ns2.hmrc.gov.uk"], [HMRC_DS]))
    found = check(capsys)
    assert found["alarms"] == [{"ticket": "RL-000001", "domain": "hmrc.gov.uk", "again": False}]
    t = ticket(watched)
    assert (t["kind"], t["state"], t["domains"]) == ("zone_alarm", "alarmed", ["hmrc.gov.uk"])
    [alarm] = outbox(watched, "zone_alarm")
    # The lock contacts, GDS, NCSC and the operators, at once.
    assert sorted(alarm.to) == sorted([SECURITY, SOC]) and set(alarm.cc) == {GDS, NCSC, OPERATORS}
    text = words(alarm)
    assert "a change to hmrc.gov.uk that nobody authorised" in text and "Zone serial: 101 (before: 100)" in text
    assert "- ns1.hmrc.gov.uk (removed)" in text and "+ ns1.attacker.example (added)" in text
    # Another domain's change, the same records for hmrc.gov.uk: nobody is told again.
    watched.zone.publish(102, {"hmrc.gov.uk": Delegation(["ns1.attacker.example", "ns2.hmrc.gov.uk"], [HMRC_DS]),
                               "little-ashby-pc.gov.uk": Delegation(["ns9.webhost.example"])})
    assert check(capsys)["alarms"] == []
    publish(watched, 103, Delegation(["ns1.attacker.example"], [HMRC_DS]))
    assert check(capsys)["alarms"] == [{"ticket": "RL-000001", "domain": "hmrc.gov.uk", "again": True}]
    first, second = outbox(watched, "zone_alarm")
    assert "changed again" in words(second) and "Zone serial: 103 (before: 102)" in words(second)
    code, out, err = run_cli(["zone", "resolve", "RL-000001", "--operator", "Sam Jones",
                              "--reason", "Registrar account misused; delegation restored at the registry"], capsys)
    assert code == 0, err
    t = ticket(watched)
    assert t["state"] == "closed"
    assert t["events"][-1]["reason"] == "Registrar account misused; delegation restored at the registry"


def test_a_ds_change_and_a_removed_delegation_each_raise_the_alarm(watched, capsys):
    check(capsys)
    other_ds = "54321 13 2 " + "AB" * 32
    publish(watched, 101, Delegation(["ns1.hmrc.gov.uk", "ns2.hmrc.gov.uk"], [other_ds]))
    assert check(capsys)["alarms"][0]["again"] is False
    [alarm] = outbox(watched, "zone_alarm")
    assert "DS records" in words(alarm) and f"+ {other_ds} (added)" in words(alarm)
    run_cli(["zone", "resolve", "RL-000001", "--operator", "Sam", "--reason", "key roll done out of band"], capsys)
    publish(watched, 102, None)
    assert check(capsys)["alarms"] == [{"ticket": "RL-000002", "domain": "hmrc.gov.uk", "again": False}]
    removed = words(outbox(watched, "zone_alarm")[-1])
    assert "In the published zone: (none)" in removed


def authorised_and_applied(app, new_ns=("ns1.newdns.co.uk", "ns2.newdns.co.uk")) -> None:
    """A registrar's change to hmrc.gov.uk's name servers, verified, confirmed and recorded as applied."""
    request(app, body=f"Please update the name servers for hmrc.gov.uk to {new_ns[0]} and {new_ns[1]}.\n")
    operators.record_call(app, "RL-000001", outcome="verified", contact=SECURITY, operator="Sam Jones")
    confirmation = next(o for o in outbox(app, "confirmation_of_authorisation") if SECURITY in o.to)
    receive(app, reply_to(confirmation, sender=SECURITY, text="I confirm this change."), "file")
    operators.applied(app, "RL-000001", operator="Sam Jones")


def test_an_applied_change_that_appears_is_seen_in_the_zone_with_its_serial(watched, capsys):
    check(capsys)
    authorised_and_applied(watched)
    assert check(capsys)["alarms"] == []  # the zone has not caught up yet: followed, no alarm
    publish(watched, 101, Delegation(["ns1.newdns.co.uk", "ns2.newdns.co.uk"], [HMRC_DS]))
    found = check(capsys)
    assert found["alarms"] == [] and found["seen"] == [{"ticket": "RL-000001", "domain": "hmrc.gov.uk",
                                                       "serial": 101}]
    seen = [e for e in ticket(watched)["events"] if e["kind"] == "seen_in_zone"]
    assert len(seen) == 1 and "serial 101" in seen[0]["reason"]
    assert check(capsys, LATER)["late"] == []  # seen: nothing more to follow


def test_an_applied_change_that_never_appears_is_told_to_the_operators_and_gds_once(watched, capsys):
    check(capsys)
    authorised_and_applied(watched)
    assert check(capsys)["late"] == []
    late = check(capsys, LATER)
    assert late["late"] == [{"ticket": "RL-000001", "domain": "hmrc.gov.uk", "serial": 100}] and late["alarms"] == []
    [notice] = [o for o in outbox(watched, "operator_notice") if "has not appeared" in heading(o)]
    assert notice.to == [OPERATORS] and notice.cc == [GDS]
    assert check(capsys, LATER)["late"] == []


def test_an_applied_change_that_appears_different_is_told_to_the_operators_and_gds(watched, capsys):
    check(capsys)
    authorised_and_applied(watched)
    publish(watched, 101, Delegation(["ns1.newdns.co.uk", "ns3.elsewhere.example"], [HMRC_DS]))
    found = check(capsys)
    assert found["different"] == [{"ticket": "RL-000001", "domain": "hmrc.gov.uk", "serial": 101}]
    [notice] = [o for o in outbox(watched, "operator_notice") if "appears different" in heading(o)]
    assert notice.to == [OPERATORS] and notice.cc == [GDS] and "ns3.elsewhere.example" in words(notice)


def test_a_transfer_that_fails_is_tried_again_never_an_alarm(watched, capsys):
    check(capsys)
    publish(watched, 101, Delegation(["ns1.attacker.example"], [HMRC_DS]))
    watched.zone.stop()
    try:
        failed = check(capsys, code=3)
        assert "the SOA query failed" in failed["error"] and failed["alarms"] == []
        code, out, _ = run_cli(["--now", HOUR, "status"], capsys)
        zone = json.loads(out)["zone"]
        assert zone["serial"] == 100 and "the SOA query failed" in zone["error"]
    finally:
        watched.zone.start()
    assert check(capsys)["alarms"][0]["domain"] == "hmrc.gov.uk"  # the next check reads it


def test_a_zone_file_named_by_source_is_compared_the_same_way(watched, capsys, tmp_path):
    publish(watched, 2026120501, Delegation(["ns1.attacker.example"]))
    path = tmp_path / "gov.uk.zone"
    path.write_text(watched.zone.zone_file.read_text())
    found = check(capsys, HOUR, "--source", str(path))
    assert found["source"] == str(path) and found["serial"] == 2026120501
    assert found["alarms"] == [{"ticket": "RL-000001", "domain": "hmrc.gov.uk", "again": False}]
    code, out, err = run_cli(["zone", "check", "--source", "axfr://127.0.0.1/other.uk"], capsys)
    assert code == 2 and "names the zone other.uk, but rules.yaml's zone is gov.uk" in err


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # the runner's part; the database's is above
def test_mailbot_run_checks_the_zone_with_what_is_waiting(watched, capsys):
    publish(watched, 101, Delegation(["ns1.attacker.example"], [HMRC_DS]))
    code, out, err = run_cli(["--now", HOUR, "run", "--until-idle"], capsys)
    assert code == 0, err
    assert json.loads(out)["zone_alarms"] == 1
    [alarm] = outbox(watched, "zone_alarm")
    assert alarm.status == "sent"
    code, out, _ = run_cli(["--now", HOUR, "status"], capsys)
    assert {k: v for k, v in json.loads(out)["zone"].items() if k != "source"} == {
        "zone": "gov.uk", "serial": 101, "read_at": HOUR, "checked_at": HOUR, "error": None}
