"""An operator's allowance of a contact address: only where the address policy doubts, listed, revoked, recorded;
through the use cases, receive() and the command line, on SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest

from mailbot.errors import InputError
from mailbot.ingest.receive import receive
from mailbot.workflow import allowances, membership
from tests.support.cli import run_cli
from tests.support.mails import GDS, PARISH_SIGNUP, body, build, outbox

SENIOR = "ciso@little-ashby-pc.gov.uk"
PUMP = "parishpump@little-ashby-pc.gov.uk"  # names no team: the policy doubts it
HALE_DNS = "hale-dns@little-ashby-pc.gov.uk"  # a team word, but made from the name on the form (Margaret Hale)


@pytest.fixture
def shell(registry, env, monkeypatch):
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return registry


def mailbot(capsys, *args) -> tuple[int, str, str]:
    return run_cli(["--now", "2026-11-27T10:00:00+00:00", *args], capsys)


def sign_up(app, technical: str, n: int = 0):
    form = PARISH_SIGNUP.replace("Technical contact: webmaster@little-ashby-pc.gov.uk",
                                 f"Technical contact: {technical}")
    return receive(app, build(sender=SENIOR, to=GDS, subject=f"Registry Lock sign-up {n}", body=form + "\n" * n),
                   "file")


def events(app, ref: str) -> list[dict]:
    from mailbot import views
    from mailbot.store import queries

    with app.sessions() as session:
        return views.ticket_detail(session, queries.ticket_by_ref(session, ref))["events"]


def test_allowed_listed_and_revoked_each_recorded(shell, capsys):
    refused = sign_up(shell, PUMP)
    assert refused.state == "rejected" and PUMP in body(outbox(shell, "signup_rejected")[0])
    code, out, err = mailbot(capsys, "address", "allow", PUMP, "--operator", "Sam Jones", "--reason",
                             "the parish's shared web team mailbox", "--ticket", refused.ticket)
    assert (code, err) == (0, "")
    assert json.loads(out) == {"address": PUMP, "operator": "Sam Jones", "reason": "the parish's shared web team "
                               "mailbox", "waives": ["not-a-team-address"]}
    assert sign_up(shell, PUMP, 1).state == "awaiting_review"

    code, out, _ = mailbot(capsys, "address", "allowances", "--json")
    [row] = json.loads(out)
    assert (row["address"], row["waives"], row["operator"], row["ticket"], row["revoked_at"]) == \
        (PUMP, ["not-a-team-address"], "Sam Jones", refused.ticket, None)
    code, out, _ = mailbot(capsys, "address", "allowances")
    assert code == 0 and out.startswith(f"{PUMP}  waives not-a-team-address") and "(in force)" in out

    code, out, err = mailbot(capsys, "address", "revoke", PUMP, "--operator", "Priya Patel, GDS", "--reason",
                             "the parish says it is the clerk's own mailbox")
    assert (code, err) == (0, "")
    assert json.loads(out) == {"address": PUMP, "revoked_by": "Priya Patel, GDS",
                               "reason": "the parish says it is the clerk's own mailbox", "in_use": []}
    assert json.loads(mailbot(capsys, "address", "allowances", "--json")[1]) == []
    [revoked] = json.loads(mailbot(capsys, "address", "allowances", "--json", "--all")[1])
    assert (revoked["revoked_by"], revoked["revoke_reason"]) == ("Priya Patel, GDS",
                                                                 "the parish says it is the clerk's own mailbox")
    assert sign_up(shell, PUMP, 2).state == "rejected"  # doubted again
    kinds = [e["kind"] for e in events(shell, refused.ticket)]
    assert kinds[-2:] == ["address_allowed", "address_revoked"]
    # Allowed again later: a row of its own, the revoked one kept.
    allowances.allow_address(shell, PUMP, operator="Sam Jones", reason="checked again by phone")
    assert [r["revoked_at"] is None for r in allowances.allowances(shell, revoked=True)] == [False, True]


@pytest.mark.parametrize("address, rule", [
    ("parish.security@gmail.com", "personal-provider"),
    ("jane.smith@hmrc.gov.uk", "individual"),
    ("margaret.hale@little-ashby-pc.gov.uk", "individual"),
])
def test_a_personal_or_an_individuals_address_is_never_allowed(shell, capsys, address, rule):
    for flags in ([], ["--local-part-is-a-team"]):
        code, out, err = mailbot(capsys, "address", "allow", address, "--operator", "Sam Jones", "--reason",
                                 "they insist", *flags)
        assert (code, out) == (2, "") and len(err.splitlines()) == 1
        assert f"{address} cannot be allowed: the rule {rule} is never waived" in err
    assert allowances.allowances(shell, revoked=True) == []


def test_person_name_is_waived_only_when_the_operator_says_the_local_part_is_a_teams(shell, capsys):
    refused = sign_up(shell, HALE_DNS)
    assert "made from the name Margaret Hale" in " ".join(body(outbox(shell, "signup_rejected")[0]).split())
    code, _, err = mailbot(capsys, "address", "allow", HALE_DNS, "--operator", "Sam Jones", "--reason", "x")
    assert code == 2 and "needs no allowance" in err and "--local-part-is-a-team" in err
    code, out, _ = mailbot(capsys, "address", "allow", HALE_DNS, "--operator", "Sam Jones", "--reason",
                           "Hale is the parish's DNS contractor, Hale Networks", "--ticket", refused.ticket,
                           "--local-part-is-a-team")
    assert code == 0 and json.loads(out)["waives"] == ["not-a-team-address", "person-name"]
    assert sign_up(shell, HALE_DNS, 1).state == "awaiting_review"
    allowances.allow_address(shell, PUMP, operator="Sam Jones", reason="the web team's")
    with pytest.raises(InputError, match="is allowed already .* revoke that allowance first"):
        allowances.allow_address(shell, PUMP, operator="Sam Jones", reason="again", person_name=True)


def test_revoking_what_is_not_allowed_is_refused_and_one_in_use_is_named(shell, capsys):
    code, out, err = mailbot(capsys, "address", "revoke", PUMP, "--operator", "Sam", "--reason", "x")
    assert (code, out) == (2, "") and f"no allowance of {PUMP} is in force" in err
    first = sign_up(shell, PUMP)
    allowances.allow_address(shell, PUMP, operator="Sam Jones", reason="the web team's", ref=first.ticket)
    second = sign_up(shell, PUMP, 1)
    membership.approve_signup(shell, second.ticket, operator="GDS")
    row, in_use = allowances.revoke_address(shell, PUMP, operator="GDS", reason="not a team after all",
                                            ref=second.ticket)
    assert in_use == ["Little Ashby Parish Council (technical)"] and row.revoked_by == "GDS"
    assert events(shell, second.ticket)[-1]["kind"] == "address_revoked"
    assert events(shell, first.ticket)[-1]["kind"] == "address_revoked"
