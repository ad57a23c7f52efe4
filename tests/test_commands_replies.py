"""Commands by email said where they are used: every mail to the operators or GDS ends with the replies it accepts,
exactly those the ticket in its state would carry out; a reply that is no command is recorded and answered with that
list; and a command is recorded as the person who sent it. Through receive(), on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mailbot.errors import ConfigError
from mailbot.ingest.receive import receive
from mailbot.rules import load_rules
from mailbot.workflow import operators
from tests.support.mails import DEMO_DNS, GDS, OPERATORS, SECURITY, body, outbox, request, written_reply
from tests.support.tickets import ticket

SAM = "sam.jones@registry.example"


@pytest.fixture
def bot(registry, dns_zone):
    """Sam, an operator, is on the allowlist by name; the team's mailbox and GDS's are shared mailboxes."""
    key = DEMO_DNS["demo._domainkey.hmrc.gov.uk"]
    dns_zone.update({"demo._domainkey.registry.example": key, "demo._domainkey.digital.cabinet-office.gov.uk": key})
    commands = registry.rules.commands
    registry.rules = registry.rules.model_copy(update={"commands": commands.model_copy(
        update={"operators": {**commands.operators, SAM: "Sam Jones"}})})
    return registry


def events(app, kind, ref="RL-000001"):
    return [e for e in ticket(app, ref)["events"] if e["kind"] == kind]


def flat(item) -> str:
    return " ".join(body(item).split())


def replies(item) -> list[str]:
    """The commands a mail lists under "What you can reply", one a line, as its reader sees them."""
    text = body(item).replace("\r\n", "\n")
    section = text.split("What you can reply\n", 1)[1]
    return [line.strip() for line in section.split("\n\n", 2)[1].splitlines()]


def test_every_mail_to_the_operators_and_gds_ends_with_the_commands_the_ticket_accepts(bot):
    request(bot)
    task = outbox(bot, "operator_task")[-1]
    assert replies(task) == ['call verified|refused|no-answer by=NAME contact=EMAIL [phone="NUMBER"] [note=TEXT]',
                             "withdraw by=NAME [reason=TEXT]", "note by=NAME text=TEXT"]
    assert "This mailbox is shared: put your own name in place of NAME." in body(task)
    assert "- withdraw: withdraw the request" in body(task)
    operators.record_call(bot, "RL-000001", outcome="verified", contact=SECURITY, operator="Sam Jones")
    # Verified: only a refusal may still be recorded by phone, and GDS, not escalated to, may only add a note.
    assert replies(outbox(bot, "authorisation_for_gds")[-1]) == ["note by=NAME text=TEXT"]
    assert "You do not need to do anything, and you do not need to reply." in flat(outbox(bot,
                                                                                        "authorisation_for_gds")[-1])
    coa = next(o for o in outbox(bot, "confirmation_of_authorisation") if SECURITY in o.to)
    receive(bot, written_reply(coa, sender=SECURITY, text="I confirm this change."), "smtp")
    confirmed = outbox(bot, "operator_notice")[-1]
    assert replies(confirmed)[:2] == ["call refused by=NAME contact=EMAIL [phone=\"NUMBER\"] [note=TEXT]",
                                      "applied by=NAME"]
    # A security team's mail lists nothing: its replies confirm or dispute, never command.
    assert "What you can reply" not in body(coa)


def test_a_command_the_mail_does_not_list_is_refused_before_it_is_tried(bot):
    request(bot)
    task = outbox(bot, "operator_task")[-1]
    assert not any(line.startswith("applied") for line in replies(task))
    result = receive(bot, written_reply(task, sender=SAM, text="applied"), "smtp")
    assert result.action == "refused" and ticket(bot)["state"] == "awaiting_verification"
    answer = outbox(bot, "command_result")[-1]
    assert "applied is not accepted from the registry operators" in flat(answer)
    assert replies(answer)[0].startswith("call verified|refused|no-answer contact=EMAIL")  # Sam is named: no by=


def test_gds_replying_to_its_copy_of_the_confirmation_is_recorded_and_told_it_need_not_reply(bot):
    request(bot)
    operators.record_call(bot, "RL-000001", outcome="verified", contact=SECURITY, operator="Sam Jones")
    copy = outbox(bot, "authorisation_for_gds")[-1]
    result = receive(bot, written_reply(copy, sender=GDS, text="I confirm this change.\n\nJo Bloggs, GDS"), "smtp")
    assert (result.kind, result.action, result.state) == ("command", "recorded", "awaiting_confirmation")
    [recorded] = events(bot, "reply_recorded")
    assert recorded["actor"] == GDS and "> I confirm this change." in recorded["data"]["words"]
    assert events(bot, "confirm") == [] and events(bot, "command_refused") == []
    [answer] = outbox(bot, "reply_recorded")
    text = flat(answer)
    assert answer.to == [GDS] and text.startswith("Your reply was recorded: it was not a command")
    assert "It was not a command, so nothing has changed." in text
    assert "GDS does not need to reply to it." in text and "a reply from GDS does not confirm it" in text
    assert "> I confirm this change." in body(answer) and "unknown command" not in text
    assert replies(answer) == ["note by=NAME text=TEXT"]
    # The copy's token is left for a command.
    note = receive(bot, written_reply(copy, sender=GDS, text="note by=Jo Bloggs text=called the CISO, all fine"),
                   "smtp")
    assert note.action == "done"
    [noted] = events(bot, "note")
    assert (noted["actor"], noted["reason"]) == ("Jo Bloggs", "called the CISO, all fine")


def test_an_operators_free_text_is_recorded_with_the_commands_they_can_send(bot):
    request(bot)
    task = outbox(bot, "operator_task")[-1]
    result = receive(bot, written_reply(task, sender=OPERATORS, text="Thanks, will do this afternoon."), "smtp")
    assert (result.action, result.state) == ("recorded", "awaiting_verification")
    answer = outbox(bot, "reply_recorded")[-1]
    assert "GDS does not need to reply" not in flat(answer)
    assert replies(answer)[0].startswith("call verified|refused|no-answer by=NAME")


def test_a_command_from_a_shared_mailbox_names_its_sender_and_the_history_records_the_person(bot):
    request(bot)
    task = outbox(bot, "operator_task")[-1]
    result = receive(bot, written_reply(task, sender=OPERATORS, text=f"call verified contact={SECURITY}"), "smtp")
    assert result.action == "refused" and events(bot, "call_verified") == []
    answer = outbox(bot, "command_result")[-1]
    why = re.search(r"Why:\s+- (.*?)\n\n", body(answer).replace("\r\n", "\n"), re.S).group(1)
    assert " ".join(why.split()) == ("registry-operators@registry.example is a shared mailbox: say who you are with "
                                     'by=NAME, as in "call verified by=Sam Jones ..."')
    done = receive(bot, written_reply(outbox(bot, "command_result")[-1], sender=OPERATORS,
                                      text=f"call verified by=Jo Bloggs contact={SECURITY} note=spoke to the CISO"),
                   "smtp")
    assert done.action == "done"
    [call] = events(bot, "call_verified")
    assert (call["actor"], call["data"]["operator"], call["data"]["note"]) == ("Jo Bloggs", "Jo Bloggs",
                                                                              "spoke to the CISO")
    [record] = events(bot, "command_by_email")
    assert record["actor"] == "Jo Bloggs" and record["data"]["address"] == OPERATORS
    assert "Called by:    Jo Bloggs, registry operator" in body(outbox(bot, "authorisation_for_gds")[-1])


def test_a_named_address_is_recorded_as_its_person_and_may_not_name_another(bot):
    request(bot)
    task = outbox(bot, "operator_task")[-1]
    refused = receive(bot, written_reply(task, sender=SAM, text="withdraw by=Jo Bloggs reason=sent twice"), "smtp")
    assert refused.action == "refused"
    assert "sam.jones@registry.example is Sam Jones's address, and by=Jo Bloggs names someone else" in flat(
        outbox(bot, "command_result")[-1])
    assert receive(bot, written_reply(task, sender=SAM, text="withdraw reason=sent twice"), "smtp").action == "done"
    assert events(bot, "withdraw")[0]["actor"] == "Sam Jones"


def test_the_allowlist_maps_addresses_to_people_and_the_older_list_still_loads(tmp_path):
    text = Path("rules.yaml").read_text()
    head, _, tail = text.partition("commands:\n")
    _, _, rest = tail.partition("\n\n")
    named = head + ("commands:\n  operators:\n    sam.jones@registry.example: Sam Jones\n    Team@Registry.example:\n"
                    "  gds:\n    - domainmanagement@digital.cabinet-office.gov.uk\n\n") + rest
    path = tmp_path / "rules.yaml"
    path.write_text(named)
    commands = load_rules(path).commands
    assert commands.operators == {"sam.jones@registry.example": "Sam Jones", "team@registry.example": None}
    assert commands.gds == {"domainmanagement@digital.cabinet-office.gov.uk": None}
    assert commands.person("SAM.JONES@registry.example") == "Sam Jones" and commands.person(GDS) is None
    path.write_text(named.replace("Sam Jones", "[Sam, Jones]"))
    with pytest.raises(ConfigError, match="commands.operators"):
        load_rules(path)
