"""Deadlines kept by the clock alone: chases, escalations, expiry and alerts, walked through time."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from mailbot.ingest.receive import receive
from mailbot.outbox.send import MaildirTransport, send_due
from mailbot.rules import Deadlines
from mailbot.workdays import Calendar
from mailbot.workflow import deadlines as dl
from mailbot.workflow import operators
from mailbot.workflow.states import Event
from mailbot.workflow.sweep import sweep
from tests.support.mails import GDS, OPERATORS, REGISTRAR, SECURITY, SOC, body, outbox, reply_to, request


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def tick(app, clock, when: datetime) -> list[tuple[str, str | None]]:
    clock.set(when)
    return [(a.action, a.template) for a in sweep(app)]


def state(app, ref="RL-000001") -> dict:
    from mailbot import views
    from mailbot.store import queries

    with app.sessions() as session:
        return views.ticket_detail(session, queries.ticket_by_ref(session, ref))


def no_answer(app, clock, when):
    clock.set(when)
    operators.record_call(app, "RL-000001", outcome="no-answer", contact=SECURITY, operator="Sam Jones",
                        note_text="rang out")


# -- planning, pure ----------------------------------------------------------------------------


def test_plan_on_opening_and_after_each_event():
    cal, limits, at = Calendar(), Deadlines(), utc(2026, 11, 27, 10)
    opened = dl.plan({}, Event.OPEN, at, cal, limits, urgent=False)
    assert opened == {dl.FIRST_CALL: utc(2026, 11, 30, 10), dl.ESCALATION: utc(2026, 12, 2, 10),
                      dl.EXPIRY: utc(2026, 12, 11, 10)}
    assert dl.plan({}, Event.OPEN, at, cal, limits, urgent=True)[dl.FIRST_CALL] == utc(2026, 11, 27, 12)
    later = utc(2026, 11, 30, 11)
    unanswered = dl.plan(opened, Event.CALL_NO_ANSWER, later, cal, limits, urgent=False)
    assert unanswered == {dl.CHASE_SECURITY: later, dl.ESCALATION: utc(2026, 12, 2, 10),
                          dl.EXPIRY: utc(2026, 12, 11, 10)}
    # A second unanswered call does not add a chase: the one planned stands.
    assert dl.plan(unanswered, Event.CALL_NO_ANSWER, utc(2026, 11, 30, 15), cal, limits, urgent=False) == unanswered
    verified = dl.plan(unanswered, Event.CALL_VERIFIED, later, cal, limits, urgent=False)
    assert verified == {dl.CONFIRMATION_CHASE: utc(2026, 12, 1, 11), dl.ESCALATION: utc(2026, 12, 3, 11),
                        dl.EXPIRY: utc(2026, 12, 11, 10)}
    assert dl.plan(verified, Event.CONFIRM, later, cal, limits, urgent=False) == {
        dl.APPLY_CHASE: utc(2026, 11, 30, 15), dl.APPLY_LATE: utc(2026, 12, 1, 11)}
    assert dl.plan({}, Event.APPLIED, later, cal, limits, urgent=False) == {dl.NOTIFICATION_CHECK: utc(2026, 12, 1, 11)}
    for end in (Event.CALL_REFUSED, Event.DISPUTE, Event.WITHDRAW, Event.EXPIRE):
        assert dl.plan(verified, end, later, cal, limits, urgent=False) == {}


def test_a_ticket_opened_under_limits_since_renamed_keeps_the_others_and_takes_the_new_ones_default():
    kept = Deadlines.kept({"apply_chase_working_days": 5, "first_call_working_days": 2})
    assert kept.first_call_working_days == 2 and kept.apply_chase_working_hours == 4
    assert kept.apply_late_working_days == 1


def test_each_ticket_keeps_the_limits_in_force_when_it_was_opened(registry, clock):
    request(registry)
    registry.rules = registry.rules.model_copy(
        update={"deadlines": registry.rules.deadlines.model_copy(update={"expire_after_working_days": 2})})
    request(registry, sender="noc@registrar.example", subject="NS", body="Please update the name servers for "
            "hmrc.gov.uk to ns1.a.example and ns2.a.example\n")  # amends RL-000001: same registrar
    assert state(registry)["deadlines"]["expiry"] == "2026-12-11T10:00:00+00:00"


# -- walking tickets through time ---------------------------------------------------------------


def test_first_call_chase_goes_to_the_operators_once(registry, clock):
    request(registry)
    assert tick(registry, clock, utc(2026, 11, 30, 9, 59)) == []
    assert tick(registry, clock, utc(2026, 11, 30, 10, 0)) == [("first_call", "chase_operator")]
    assert tick(registry, clock, utc(2026, 11, 30, 10, 1)) == []
    [chase] = outbox(registry, "chase_operator")
    assert chase.to == [OPERATORS]
    text = body(chase)
    assert SECURITY in text and "+44 20 7946 0000" in text and "mailbot call RL-000001" in text


def test_a_chase_done_late_says_when_the_step_was_due_not_when_the_chase_went(registry, clock):
    """The first call was due on Monday at 10:00; the bot, stopped until 14:30, chases then: the operators read the
    deadline they missed."""
    request(registry)
    assert tick(registry, clock, utc(2026, 11, 30, 14, 30)) == [("first_call", "chase_operator")]
    text = body(outbox(registry, "chase_operator")[0])
    assert f"Due by:     {registry.when(utc(2026, 11, 30, 10))}" in text
    assert registry.when(utc(2026, 11, 30, 14, 30)) not in text


def test_a_change_left_unmade_is_chased_with_when_it_was_due(registry, clock):
    request(registry)
    operators.record_call(registry, "RL-000001", outcome="verified", contact=SECURITY, operator="Sam")
    coa = next(o for o in outbox(registry, "confirmation_of_authorisation") if SECURITY in o.to)
    receive(registry, reply_to(coa, sender=SECURITY, text="I confirm."), "file")  # Friday 10:00
    due = datetime.fromisoformat(state(registry)["deadlines"]["apply_chase"])
    late = due + timedelta(hours=3)
    assert tick(registry, clock, late) == [("apply_chase", "chase_operator")]
    text = body(outbox(registry, "chase_operator")[0])
    assert f"Due by:     {registry.when(due)}" in text and registry.when(late) not in text


def test_a_call_about_the_request_before_it_was_amended_is_shown_apart_and_counts_for_nothing(registry, clock):
    """Verified by phone on Friday, then amended by the registrar: Monday's chase says that no call about the
    request as it stands was made, and lists Friday's call apart, never as "Calls so far" of a team "not reached"."""
    request(registry)
    operators.record_call(registry, "RL-000001", outcome="verified", contact=SECURITY, operator="Sam")
    request(registry, subject="NS", body="Please update the name servers for hmrc.gov.uk to ns1.a.example and "
                                         "ns2.a.example\n")  # amends RL-000001: same registrar
    assert state(registry)["state"] == "awaiting_verification"
    assert ("first_call", "chase_operator") in tick(registry, clock, utc(2026, 11, 30, 10))
    text = " ".join(body(outbox(registry, "chase_operator")[0]).split())
    assert "No call to the security team for hmrc.gov.uk about the request as it stands has been recorded" in text
    assert "has not been reached" not in text and "Calls so far" not in text
    earlier = text.index("Calls before the registrar amended the request")
    assert "Outcome: verified" in text[earlier:]
    for kind in ("escalation", "ticket_expired"):  # GDS reads the same
        while not outbox(registry, kind):
            clock.set(clock.now() + timedelta(hours=6))
            sweep(registry)
        text = " ".join(body(outbox(registry, kind)[0]).split())
        assert "No call has been recorded since the registrar amended the request." in text
        assert "Outcome: verified" in text[text.index("Calls before the registrar amended the request"):]


def test_a_call_in_time_means_no_chase(registry, clock):
    request(registry)
    no_answer(registry, clock, utc(2026, 11, 27, 15))
    actions = tick(registry, clock, utc(2026, 11, 30, 10, 0))
    assert ("first_call", "chase_operator") not in actions


def test_no_answer_chases_the_security_team_every_working_day_without_details(registry, clock):
    request(registry)
    no_answer(registry, clock, utc(2026, 11, 27, 16))  # Friday
    assert tick(registry, clock, utc(2026, 11, 27, 16)) == [("chase_security", "chase_security_team")]
    assert tick(registry, clock, utc(2026, 11, 27, 16, 30)) == []
    # The next goes one working day later: Monday 16:00, not over the weekend.
    assert tick(registry, clock, utc(2026, 11, 28, 16)) == []
    assert tick(registry, clock, utc(2026, 11, 30, 15, 59)) == []
    assert ("chase_security", "chase_security_team") in tick(registry, clock, utc(2026, 11, 30, 16))
    chases = outbox(registry, "chase_security_team")
    assert len(chases) == 2
    for chase in chases:
        assert set(chase.to) == {SECURITY, SOC}
        text = body(chase)
        assert "RL-000001" in text and "hmrc.gov.uk" in text and "+44 20 7946 0999" in text
        for detail in ("ns1.newdns.co.uk", "ns2.newdns.co.uk", "ns1.hmrc.gov.uk", "Example Registrar"):
            assert detail not in text


def test_escalation_after_three_working_days_then_reminders_every_two(registry, clock):
    request(registry)  # Friday 27 November 10:00
    no_answer(registry, clock, utc(2026, 11, 30, 9, 30))
    tick(registry, clock, utc(2026, 11, 30, 9, 30))
    assert "escalation" not in [a for a, _ in tick(registry, clock, utc(2026, 12, 2, 9, 59))]
    assert ("escalation", "escalation") in tick(registry, clock, utc(2026, 12, 2, 10))
    [first] = outbox(registry, "escalation")
    assert first.to == [GDS] and first.cc == [OPERATORS]
    text = body(first)
    assert "rang out" in text and "Sam Jones" in text and "ns1.newdns.co.uk" in text
    assert state(registry)["escalated"] is True
    assert ("escalation", "escalation") not in tick(registry, clock, utc(2026, 12, 3, 10))
    assert ("escalation", "escalation") in tick(registry, clock, utc(2026, 12, 4, 10))
    second = outbox(registry, "escalation")[1]
    assert body(second) != text  # the reminder says it is a reminder


def test_never_verified_expires_after_ten_working_days(registry, clock):
    request(registry)
    assert ("expiry", "ticket_expired") not in tick(registry, clock, utc(2026, 12, 11, 9, 59))
    assert ("expiry", "ticket_expired") in tick(registry, clock, utc(2026, 12, 11, 10))
    t = state(registry)
    assert t["state"] == "expired" and t["next_deadline"] is None and t["deadlines"] == {}
    [outcome] = outbox(registry, "change_outcome")
    assert outcome.to == [REGISTRAR] and "in time" in body(outcome)
    [expired] = outbox(registry, "ticket_expired")
    assert expired.to == [GDS] and expired.cc == [OPERATORS]
    assert tick(registry, clock, utc(2026, 12, 14, 10)) == []


def test_written_confirmation_chased_then_escalated(registry, clock):
    request(registry)
    clock.set(utc(2026, 11, 30, 10))
    operators.record_call(registry, "RL-000001", outcome="verified", contact=SECURITY, operator="Sam Jones")
    assert tick(registry, clock, utc(2026, 12, 1, 10)) == [("confirmation_chase", "chase_security_team")]
    chase = outbox(registry, "chase_security_team")[0]
    assert "ns1.newdns.co.uk" not in body(chase)
    assert tick(registry, clock, utc(2026, 12, 3, 10)) == [("escalation", "escalation")]
    assert "confirm" in body(outbox(registry, "escalation")[0]).lower()


def test_the_confirmation_and_its_chase_say_by_when_in_london_time(registry, clock):
    request(registry)
    clock.set(utc(2026, 11, 30, 10, 5))  # Monday
    operators.record_call(registry, "RL-000001", outcome="verified", contact=SECURITY, operator="Sam Jones")
    confirmation = next(o for o in outbox(registry, "confirmation_of_authorisation") if SECURITY in o.to)
    text = " ".join(body(confirmation).split())
    # Its deadline: chased one working day after the call; then GDS is told.
    assert "reply to this email by Tuesday 1 December 2026, 10:05am" in text
    [gds] = outbox(registry, "authorisation_for_gds")
    assert "in writing by Tuesday 1 December 2026, 10:05am" in " ".join(body(gds).split())
    tick(registry, clock, utc(2026, 12, 1, 10, 5))
    [chase] = outbox(registry, "chase_security_team")
    text = " ".join(body(chase).split())
    assert '"Not authorised" counts as an answer' in text
    assert "Reply by Thursday 3 December 2026, 10:05am" in text  # when GDS is told


def test_a_call_back_chase_says_by_when(registry, clock):
    request(registry)  # Friday 27 November 10:00
    no_answer(registry, clock, utc(2026, 11, 30, 9, 30))
    tick(registry, clock, utc(2026, 11, 30, 9, 30))
    [chase] = outbox(registry, "chase_security_team")
    text = " ".join(body(chase).split())
    assert "by Wednesday 2 December 2026, 10am" in text and "that counts as an answer too" in text


def test_authorised_but_not_applied_chases_the_operators(registry, clock):
    request(registry)
    operators.record_call(registry, "RL-000001", outcome="verified", contact=SECURITY, operator="Sam")
    coa = next(o for o in outbox(registry, "confirmation_of_authorisation") if SECURITY in o.to)
    receive(registry, reply_to(coa, sender=SECURITY, text="I confirm."), "file")  # Friday 10:00
    assert tick(registry, clock, utc(2026, 11, 27, 13, 59)) == []
    assert tick(registry, clock, utc(2026, 11, 27, 14)) == [("apply_chase", "chase_operator")]  # 4 working hours
    assert "mailbot applied RL-000001" in body(outbox(registry, "chase_operator")[0])
    # Still not made a working day after the approval: GDS is told, the operators copied.
    assert tick(registry, clock, utc(2026, 11, 30, 9, 59)) == []
    assert tick(registry, clock, utc(2026, 11, 30, 10)) == [("apply_late", "apply_overdue")]
    [late] = outbox(registry, "apply_overdue")
    assert late.to == [GDS] and late.cc == [OPERATORS]
    text = " ".join(body(late).split())
    assert "have not recorded it as made within 1 working day" in text and "Authorised: Friday 27 November" in text


def _authorised_on_christmas_eve(registry, clock) -> None:
    """A change authorised on Thursday 24 December 2026 at 15:00: then Christmas Day, a weekend and Boxing Day's
    substitute bank holiday on Monday 28 December, before the next working day."""
    clock.set(utc(2026, 12, 24, 15))
    request(registry)
    operators.record_call(registry, "RL-000001", outcome="verified", contact=SECURITY, operator="Sam")
    coa = next(o for o in outbox(registry, "confirmation_of_authorisation") if SECURITY in o.to)
    receive(registry, reply_to(coa, sender=SECURITY, text="I confirm.", date="Thu, 24 Dec 2026 15:00:00 +0000"),
            "file")
    assert state(registry)["state"] == "authorised"


def test_a_change_made_on_the_next_working_day_is_notified_within_a_working_day_of_its_approval(registry, clock):
    _authorised_on_christmas_eve(registry, clock)
    # 4 working hours: 2.5 on Thursday, 1.5 on Tuesday 29 December.
    assert tick(registry, clock, utc(2026, 12, 29, 10, 29)) == []
    assert tick(registry, clock, utc(2026, 12, 29, 10, 30)) == [("apply_chase", "chase_operator")]
    clock.set(utc(2026, 12, 29, 11))
    operators.applied(registry, "RL-000001", operator="Sam")
    [notification] = outbox(registry, "change_notification")  # at once, with the change made
    assert notification.status == "pending" and GDS in notification.cc
    assert tick(registry, clock, utc(2026, 12, 29, 15)) == []  # nothing for GDS: it was made in time
    assert outbox(registry, "apply_overdue") == []


def test_a_change_still_unmade_a_working_day_after_its_approval_is_told_to_gds(registry, clock):
    _authorised_on_christmas_eve(registry, clock)
    assert tick(registry, clock, utc(2026, 12, 29, 10, 30)) == [("apply_chase", "chase_operator")]
    assert tick(registry, clock, utc(2026, 12, 29, 14, 59)) == []
    assert tick(registry, clock, utc(2026, 12, 29, 15)) == [("apply_late", "apply_overdue")]
    assert f"Due by: {registry.when(utc(2026, 12, 29, 15))}" in " ".join(body(outbox(registry, "apply_overdue")[0])
                                                                       .split())


@pytest.mark.parametrize("sent", [True, False])
def test_change_notification_must_be_accepted_within_a_working_day(registry, clock, tmp_path, sent):
    request(registry)
    operators.record_call(registry, "RL-000001", outcome="verified", contact=SECURITY, operator="Sam")
    coa = next(o for o in outbox(registry, "confirmation_of_authorisation") if SECURITY in o.to)
    receive(registry, reply_to(coa, sender=SECURITY, text="I confirm."), "file")
    operators.applied(registry, "RL-000001", operator="Sam")
    if sent:
        send_due(registry, MaildirTransport(tmp_path / "outbox"))
    actions = tick(registry, clock, utc(2026, 11, 30, 10))
    if sent:
        assert actions == [("notification_check", None)] and outbox(registry, "notification_overdue") == []
    else:
        assert actions == [("notification_check", "notification_overdue")]
        [alert] = outbox(registry, "notification_overdue")
        assert alert.to == [OPERATORS] and alert.cc == [GDS]
    assert state(registry)["next_deadline"] is None


# -- working hours, holidays and the clock changes ------------------------------------------------


def test_nothing_goes_out_of_hours_and_the_overnight_deadline_goes_at_the_opening(registry, clock):
    clock.set(utc(2026, 11, 27, 8))  # Friday, before opening: due at the close of Friday
    request(registry)
    assert state(registry)["next_deadline"] == "2026-11-27T17:30:00+00:00"
    assert tick(registry, clock, utc(2026, 11, 27, 17, 30)) == []
    assert tick(registry, clock, utc(2026, 11, 28, 12)) == []  # Saturday
    assert tick(registry, clock, utc(2026, 11, 30, 8, 59)) == []
    assert tick(registry, clock, utc(2026, 11, 30, 9)) == [("first_call", "chase_operator")]


def test_christmas_and_boxing_day_2026(registry, clock):
    clock.set(utc(2026, 12, 24, 14))  # Thursday; Friday 25 and Monday 28 (Boxing Day substitute) are closed
    request(registry)
    t = state(registry)
    assert t["deadlines"]["first_call"] == "2026-12-29T14:00:00+00:00"
    assert t["deadlines"]["escalation"] == "2026-12-31T14:00:00+00:00"
    assert tick(registry, clock, utc(2026, 12, 28, 14)) == []  # the substitute day is closed
    assert tick(registry, clock, utc(2026, 12, 29, 14)) == [("first_call", "chase_operator")]


def test_easter_2027_and_the_march_clock_change(registry, clock):
    clock.set(utc(2027, 3, 25, 12))  # Thursday before Good Friday, GMT
    request(registry)
    # 5.5 h on Thursday, Good Friday and Easter Monday closed, the clocks go forward on 28 March:
    # 3 working days fall at 12:00 BST on Thursday 1 April, which is 11:00 UTC.
    assert state(registry)["deadlines"]["escalation"] == "2027-04-01T11:00:00+00:00"
    tick(registry, clock, utc(2027, 3, 30, 12))
    assert ("escalation", "escalation") not in tick(registry, clock, utc(2027, 4, 1, 10, 59))
    assert ("escalation", "escalation") in tick(registry, clock, utc(2027, 4, 1, 11))


@pytest.mark.parametrize(
    "opened, due",
    [
        (utc(2026, 3, 27, 15), "2026-03-30T14:00:00+00:00"),  # Friday 15:00 GMT -> Monday 15:00 BST
        (utc(2026, 10, 23, 14), "2026-10-26T15:00:00+00:00"),  # Friday 15:00 BST -> Monday 15:00 GMT
    ],
)
def test_the_clock_changes(registry, clock, opened, due):
    clock.set(opened)
    request(registry)
    assert state(registry)["next_deadline"] == due
    assert tick(registry, clock, datetime.fromisoformat(due)) == [("first_call", "chase_operator")]


def test_a_bot_stopped_for_days_catches_up_once(registry, clock):
    request(registry)
    no_answer(registry, clock, utc(2026, 11, 27, 11))
    tick(registry, clock, utc(2026, 11, 27, 11))
    # Stopped until the Tuesday after next: one chase, one escalation (reminders do not pile up).
    actions = tick(registry, clock, utc(2026, 12, 8, 11))
    assert sorted(actions) == [("chase_security", "chase_security_team"), ("escalation", "escalation")]
    assert state(registry)["deadlines"]["chase_security"] == "2026-12-09T11:00:00+00:00"


# -- exactly once ---------------------------------------------------------------------------------


def test_dry_run_shows_and_does_nothing(registry, clock):
    request(registry)
    clock.set(utc(2026, 11, 30, 10))
    planned = [(a.ticket, a.action, a.template) for a in sweep(registry, dry_run=True)]
    assert planned == [("RL-000001", "first_call", "chase_operator")]
    assert outbox(registry, "chase_operator") == []
    assert [(a.ticket, a.action, a.template) for a in sweep(registry)] == planned
    assert len(outbox(registry, "chase_operator")) == 1


def test_two_sweeps_at_once_do_each_action_once(registry, clock):
    for i in range(12):
        request(registry, sender="requests@registrar.example" if i % 2 else "noc@registrar.example",
                subject=f"NS {i}", body=f"Please update the name servers for hmrc.gov.uk to ns1.x{i}.example "
                                        f"and ns2.x{i}.example\n")
    # Each request amended the same ticket; open more tickets on a second locked domain per request.
    from mailbot.store.models import Domain, Ticket

    with registry.tx() as session:
        base = session.query(Domain).filter_by(name="hmrc.gov.uk").one()
        for i in range(20):
            session.add(Domain(name=f"dept{i}.gov.uk", organisation_id=base.organisation_id,
                               registrar_id=base.registrar_id, locked=True, nameservers=["ns1.dept.example"],
                               ds=[], whois_contacts=[]))
    for i in range(20):
        request(registry, subject=f"dept{i}", body=f"Please update the name servers for dept{i}.gov.uk "
                "to ns1.new.example and ns2.new.example\n")
    clock.set(utc(2026, 11, 30, 10))
    results: list = []
    barrier = threading.Barrier(2)

    def run():
        barrier.wait()
        results.append(sweep(registry))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    done = [(a.ticket, a.action) for r in results for a in r]
    with registry.sessions() as session:
        open_tickets = session.query(Ticket).filter(Ticket.state == "awaiting_verification").count()
    assert len(done) == len(set(done)) == open_tickets == 21
    assert len(outbox(registry, "chase_operator")) == 21


def test_tick_on_the_command_line(registry, env, monkeypatch, capsys):
    import json

    from tests.support.cli import run_cli

    for key, value in env.items():
        monkeypatch.setenv(key, value)
    request(registry)
    code, out, err = run_cli(["--now", "2026-11-30T10:00:00Z", "tick", "--dry-run"], capsys)
    assert code == 0, err
    assert [json.loads(line) for line in out.splitlines()] == [
        {"ticket": "RL-000001", "action": "first_call", "template": "chase_operator",
         "due": "2026-11-30T10:00:00+00:00"}]
    code, out, _ = run_cli(["--now", "2026-11-30T10:00:00Z", "tick"], capsys)
    assert len(out.splitlines()) == 1
    code, out, _ = run_cli(["--now", "2026-11-30T10:05:00Z", "tick"], capsys)
    assert out == ""
