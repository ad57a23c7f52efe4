"""The command line as a person reads it: `tickets list` and `tickets show` in the service's local time to the minute
(`--utc` for ISO UTC; the JSON stays ISO UTC), values as words rather than Python's, the queue with its next deadline
first and filtered by kind, domain, organisation or lateness; `outbox list` with its copies; `messages show` decoded,
`--raw` byte for byte."""

from __future__ import annotations

import json

import pytest

from mailbot.cli import main
from mailbot.ingest.receive import receive
from mailbot.views import shown_time
from mailbot.workflow import operators
from tests.support.cli import run_cli
from tests.support.mails import GDS, SECURITY, build, outbox, reply_to

GERMAN = "Bitte ändern Sie die Nameserver für hmrc.gov.uk: ns1.newdns.co.uk und ns2.newdns.co.uk.\n"


@pytest.fixture
def shell(registry, env, monkeypatch):
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return registry


def cli(capsys, *args) -> str:
    code, out, err = run_cli(["--now", "2026-11-30T12:00:00+00:00", *args], capsys)
    assert code == 0, err
    return out


def test_tickets_show_prints_words_and_local_times_and_json_stays_as_it_was(shell, capsys):
    receive(shell, build(), "file")
    out = cli(capsys, "tickets", "show", "RL-000001")
    assert "['" not in out and "{'" not in out and "True" not in out and "False" not in out
    assert "Domains:       hmrc.gov.uk\n" in out and "Urgent:        no\n" in out
    assert "Opened:        Fri 27 Nov 2026 10:00\n" in out  # London in winter: UTC
    assert "Name servers: ns1.newdns.co.uk, ns2.newdns.co.uk" in out
    assert "first_call          Mon 30 Nov 2026 10:00" in out
    assert "+00:00" not in out and ".000" not in out
    utc = cli(capsys, "tickets", "show", "RL-000001", "--utc")
    assert "Opened:        2026-11-27T10:00:00+00:00\n" in utc
    [detail] = [json.loads(line) for line in cli(capsys, "tickets", "show", "RL-000001", "--json").splitlines()]
    assert detail["opened_at"] == "2026-11-27T10:00:00+00:00" and detail["domains"] == ["hmrc.gov.uk"]


def test_a_summer_time_is_shown_as_london_reads_it():
    assert shown_time("2026-07-01T09:05:59+00:00", "Europe/London") == "Wed 01 Jul 2026 10:05"
    assert shown_time("2026-07-01T09:05:59+00:00", "Europe/London", utc=True) == "2026-07-01T09:05:59+00:00"


def test_tickets_list_puts_the_overdue_first_and_filters(shell, capsys):
    receive(shell, build(), "file")  # RL-000001: hmrc.gov.uk, its first call due Monday 10:00
    receive(shell, build(sender="someone@example.org", subject="Hello",
                         body="Who do I ask about my council's website?\n"), "file")
    rows = json.loads(cli(capsys, "tickets", "list", "--json"))
    assert [r["ref"] for r in rows] == sorted(r["ref"] for r in rows) and len(rows) >= 2
    table = cli(capsys, "tickets", "list").splitlines()
    assert table[0].split() == ["REF", "KIND", "STATE", "DOMAINS", "URGENT", "ESCALATED", "OPENED_AT",
                                "NEXT_DEADLINE"]
    assert table[1].startswith("RL-000001")  # overdue at noon on Monday: first
    assert "Mon 30 Nov 2026 10:00" in table[1]
    assert [line.split()[0] for line in cli(capsys, "tickets", "list", "--overdue").splitlines()[1:]] == ["RL-000001"]
    assert len(cli(capsys, "tickets", "list", "--kind", "change").splitlines()) == 2
    assert len(cli(capsys, "tickets", "list", "--domain", "HMRC.gov.uk").splitlines()) == 2
    assert len(cli(capsys, "tickets", "list", "--domain", "nowhere.gov.uk").splitlines()) == 1
    assert len(cli(capsys, "tickets", "list", "--organisation", "HM Revenue and Customs").splitlines()) == 2
    assert len(cli(capsys, "tickets", "list", "--organisation", "Nobody").splitlines()) == 1


def test_outbox_list_shows_who_is_copied(shell, capsys):
    receive(shell, build(), "file")
    operators.record_call(shell, "RL-000001", outcome="verified", contact=SECURITY, operator="Sam")
    coa = next(o for o in outbox(shell, "confirmation_of_authorisation") if SECURITY in o.to)
    receive(shell, reply_to(coa, sender=SECURITY, text="I confirm."), "file")
    operators.applied(shell, "RL-000001", operator="Sam")  # the change notification: GDS, NCSC and operators copied
    rows = json.loads(cli(capsys, "outbox", "list", "--json"))
    [notification] = [r for r in rows if r["template"] == "change_notification"]
    assert GDS in notification["cc"]
    table = cli(capsys, "outbox", "list").splitlines()
    assert table[0].split()[:5] == ["ID", "TICKET", "TEMPLATE", "TO", "CC"]
    [line] = [line for line in table if "change_notification" in line]
    assert ", ".join(notification["cc"]) in line


def test_messages_show_decodes_it(shell, capsys):
    receive(shell, build(body=GERMAN), "file")
    out = cli(capsys, "messages", "show", "1")
    assert "Bitte ändern Sie die Nameserver" in out
    assert "From:    requests@registrar.example\n" in out and "Subject: Name server change for hmrc.gov.uk" in out


def test_messages_show_raw_gives_the_bytes_as_they_came(shell, capsysbinary):
    raw = build(body=GERMAN)
    assert b"\xc3\xa4" not in raw  # as it came: encoded for transport
    receive(shell, raw, "file")
    try:
        main(["messages", "show", "1", "--raw"])
    except SystemExit as e:
        assert not e.code
    assert capsysbinary.readouterr().out == raw


def test_the_review_commands_say_what_they_approve(shell, capsys):
    code, out, _ = run_cli(["signup", "--help"], capsys)
    assert code == 0 and "Approve the sign-up once GDS" in out and "the a " not in out
    assert "GDS's review of sign-ups" in out and "Reject the sign-up;" in out
    code, out, _ = run_cli(["cancellation", "--help"], capsys)
    assert "Approve the cancellation once GDS" in out
