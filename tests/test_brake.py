"""The global brake on automatic mail: past a rate, mail beyond the operators and GDS is held until released."""

from __future__ import annotations

import json
from datetime import timedelta

from mailbot.ingest.receive import receive
from mailbot.outbox.send import MaildirTransport, send_due
from mailbot.settings import DEFAULT_RULES
from tests.support.cli import run_cli
from tests.support.mails import GDS, build, heading, outbox
from tests.support.tickets import ticket

STOPPED = "The bot has stopped sending automatic mail"


def with_brake(app, per_hour: int):
    app.rules = app.rules.model_copy(update={"limits": app.rules.limits.model_copy(
        update={"automatic_mail_per_hour": per_hour})})
    return app


def faulty_signups(app, first: int, count: int) -> None:
    """Sign-up forms with mistakes, each from another address: each is answered with a refusal (external mail)."""
    for n in range(first, first + count):
        receive(app, build(sender=f"robot{n}@example.org", to=GDS, subject="Registry Lock sign-up",
                           body=f"Request: Sign up\nOrganisation: Flood {n}\n"), "smtp")


def statuses(app, template: str) -> list[str]:
    return [o.status for o in outbox(app, template)]


def test_past_the_hourly_rate_mail_beyond_the_registry_is_held_and_the_operators_told_once(registry, tmp_path):
    with_brake(registry, 5)
    faulty_signups(registry, 0, 8)
    assert statuses(registry, "signup_rejected") == ["pending"] * 5 + ["held"] * 3
    alerts = [o for o in outbox(registry, "operator_notice") if STOPPED in heading(o)]
    assert len(alerts) == 1 and alerts[0].status == "pending"  # the registry's own people still hear
    held = [o for o in outbox(registry, "signup_rejected") if o.status == "held"]
    history = ticket(registry, held[0].ticket.ref)["events"]
    assert any(e["kind"] == "mail_held" and "held by the global brake" in e["reason"] for e in history)

    sent = send_due(registry, MaildirTransport(tmp_path / "outbox"))
    assert {r.id for r in sent}.isdisjoint({o.id for o in held})  # nothing held leaves
    assert statuses(registry, "signup_rejected") == ["sent"] * 5 + ["held"] * 3


def test_mail_to_the_operators_is_never_held(registry):
    with_brake(registry, 1)
    for n in range(4):  # strangers' mail: each opens a triage ticket and tells the operators
        receive(registry, build(sender=f"someone{n}@example.org", subject=f"Question {n}", body="Hello\n"), "smtp")
    assert statuses(registry, "triage_notice") == ["pending"] * 4


def test_the_brake_counts_the_last_hour_only(registry, clock):
    with_brake(registry, 3)
    faulty_signups(registry, 0, 4)
    assert statuses(registry, "signup_rejected") == ["pending"] * 3 + ["held"]
    clock.advance(timedelta(hours=1, minutes=1))
    faulty_signups(registry, 10, 1)
    assert statuses(registry, "signup_rejected") == ["pending"] * 3 + ["held", "pending"]  # held stays held


def test_held_mail_is_released_on_the_command_line(registry, env, monkeypatch, capsys, tmp_path):
    rules = DEFAULT_RULES.read_text()
    assert "automatic_mail_per_hour: 60" in rules
    (tmp_path / "rules.yaml").write_text(rules.replace("automatic_mail_per_hour: 60", "automatic_mail_per_hour: 2"))
    for key, value in {**env, "MAILBOT_RULES": str(tmp_path / "rules.yaml")}.items():
        monkeypatch.setenv(key, value)
    with_brake(registry, 2)
    faulty_signups(registry, 0, 4)
    held = [o.id for o in outbox(registry, "signup_rejected") if o.status == "held"]
    assert len(held) == 2

    code, out, err = run_cli(["outbox", "list", "--status", "held", "--json"], capsys)
    assert code == 0 and [row["id"] for row in json.loads(out)] == held
    code, out, err = run_cli(["outbox", "release", "--operator", "Sam"], capsys)
    assert code != 0 and "--all" in err  # neither ids nor --all: nothing is guessed
    code, out, err = run_cli(["outbox", "release", "999", "--operator", "Sam"], capsys)
    assert code != 0 and "no held outbox message 999" in err
    assert statuses(registry, "signup_rejected").count("held") == 2
    code, out, err = run_cli(["outbox", "release", str(held[0]), "--operator", "Sam"], capsys)
    assert code == 0 and json.loads(out) == {"released": [held[0]]}
    code, out, err = run_cli(["outbox", "release", "--all", "--operator", "Sam"], capsys)
    assert code == 0 and json.loads(out) == {"released": [held[1]]}
    assert statuses(registry, "signup_rejected") == ["pending"] * 4
    history = ticket(registry, outbox(registry, "signup_rejected")[2].ticket.ref)["events"]
    assert any(e["kind"] == "mail_released" and e["actor"] == "Sam" for e in history)
    code, out, _ = run_cli(["status"], capsys)
    assert json.loads(out)["outbox"]["held"] == 0


def test_gds_reads_that_the_lock_contacts_will_be_told_once_the_brake_releases_their_mail(registry):
    from tests.support.mails import HMRC_CANCEL, SECURITY, SOC, body

    with_brake(registry, 1)
    faulty_signups(registry, 0, 1)  # the hour's one mail beyond the registry
    receive(registry, build(sender="ciso@hmrc.gov.uk", to=GDS, subject="Stop using Registry Lock", body=HMRC_CANCEL),
            "file")
    [warned] = outbox(registry, "cancellation_requested")
    assert warned.status == "held" and set(warned.to) == {SECURITY, SOC}
    [review] = outbox(registry, "cancellation_for_review")
    text = " ".join(body(review).split())
    assert "will be told once the mail the global brake holds is released" in text
    assert "have been told" not in text
