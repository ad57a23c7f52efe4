"""What the outbox decided about each mail, as `enqueue` returns it: queued with its outbox row, withheld from a
sender past a day's limit of answers (and which limit), or held by the global brake (and whether it engaged with it);
and the workflow acting on it, telling the operators once."""

from __future__ import annotations

from mailbot.ingest.receive import receive
from mailbot.outbox.compose import enqueue
from mailbot.outbox.decision import Verdict
from mailbot.store import queries
from mailbot.workflow import notices
from tests.support.mails import OPERATORS, build, heading, outbox

STRANGER = "someone@example.org"


def a_ticket(app) -> str:
    """A triage ticket (a stranger's question), to send mail about."""
    receive(app, build(sender=STRANGER, subject="A question", body="Hello\n"), "smtp")
    return outbox(app, "triage_notice")[-1].ticket.ref


def limits(app, **values) -> None:
    app.rules = app.rules.model_copy(update={"limits": app.rules.limits.model_copy(update=values)})


def answer(app, ref: str, to: str, *, queue=enqueue):
    with app.tx() as session:
        ticket = queries.ticket_by_ref(session, ref, lock=True)
        return queue(session, app, ticket, "command_result", to=[to], audience="operators",
                     context={"sender": to, "command": None, "done": False, "did": None, "problems": ["none"],
                              # what workflow.notices.queue adds to a mail to the operators
                              "replies": {"signed": False, "role": "operators", "commands": []}})


def test_a_mail_queued_names_its_outbox_row(registry):
    ref = a_ticket(registry)
    decision = answer(registry, ref, STRANGER)
    assert decision.verdict is Verdict.QUEUED and decision.written and decision.to == (STRANGER,)
    [row] = outbox(registry, "command_result")
    assert decision.outbox_id == row.id and row.status == "pending"
    assert decision.reason == f"command_result to {STRANGER} queued"


def test_an_answer_past_the_day_s_limit_is_withheld_with_the_limit_it_reached(registry):
    limits(registry, answers_per_address_per_day=1, answers_per_ticket_per_day=5)
    ref = a_ticket(registry)
    assert answer(registry, ref, STRANGER).verdict is Verdict.QUEUED
    first, second = answer(registry, ref, STRANGER), answer(registry, ref, STRANGER)
    assert first.verdict is second.verdict is Verdict.WITHHELD and not first.written
    [withheld] = first.withheld
    assert (withheld.address, withheld.rule, withheld.answers, withheld.on_ticket, withheld.first) == (
        STRANGER, "answers_per_address_per_day", 1, 1, True)
    assert not second.withheld[0].first  # the operators are told the first time only
    assert first.reason == f"command_result to {STRANGER} withheld: 1 answers to it in a day (1 on this ticket)"
    assert len(outbox(registry, "command_result")) == 1

    limits(registry, answers_per_address_per_day=5, answers_per_ticket_per_day=1)
    assert answer(registry, ref, "other@example.org").verdict is Verdict.QUEUED
    assert answer(registry, ref, "other@example.org").withheld[0].rule == "answers_per_ticket_per_day"


def test_the_workflow_tells_the_operators_once_when_a_sender_s_answers_stop(registry):
    limits(registry, answers_per_address_per_day=1)
    ref = a_ticket(registry)
    for _ in range(3):
        answer(registry, ref, STRANGER, queue=notices.queue)
    [told] = [o for o in outbox(registry, "operator_notice") if "have stopped for today" in heading(o)]
    assert told.to == [OPERATORS]
    assert answer(registry, ref, STRANGER).withheld  # enqueue alone decides, and tells nobody
    assert len([o for o in outbox(registry, "operator_notice") if "have stopped for today" in heading(o)]) == 1


def test_mail_held_by_the_brake_says_so_and_whether_the_brake_engaged_with_it(registry):
    limits(registry, automatic_mail_per_hour=1, answers_per_address_per_day=10, answers_per_ticket_per_day=10)
    ref = a_ticket(registry)
    assert answer(registry, ref, STRANGER).verdict is Verdict.QUEUED  # the hour's one mail beyond the registry
    engaged, later = answer(registry, ref, STRANGER, queue=notices.queue), answer(registry, ref, STRANGER)
    assert engaged.verdict is later.verdict is Verdict.HELD and engaged.written
    assert (engaged.brake.limit, engaged.brake.engaged, later.brake.engaged) == (1, True, False)
    assert engaged.reason == (f"command_result to {STRANGER} held by the global brake: 1 or more mails went beyond "
                              "the operators and GDS in the last hour")
    assert {o.id: o.status for o in outbox(registry, "command_result")}[engaged.outbox_id] == "held"
    assert len([o for o in outbox(registry, "operator_notice") if "stopped sending" in heading(o)]) == 1
    assert answer(registry, ref, OPERATORS).verdict is Verdict.QUEUED  # the registry's own people still hear
