"""Operators and GDS act by email: a command on the first line of a reply, from an authenticated address on
the allowlist, with a valid token; answered with what was done or why not. On SQLite and PostgreSQL."""

from __future__ import annotations

import idna
import pytest

from mailbot import audit
from mailbot.errors import TemporaryError
from mailbot.ingest.receive import receive
from mailbot.parse.commands import CommandError, read_command
from mailbot.policy.authentication import DNSTemporaryError
from mailbot.store.models import ReplyToken
from mailbot.workflow import operators
from tests.support.mails import (
    DEMO_DNS,
    GDS,
    HMRC_CANCEL,
    OPERATORS,
    PARISH_SIGNUP,
    REGISTRAR,
    SECURITY,
    SOC,
    body,
    build,
    dkim_sign,
    heading,
    outbox,
    parsed,
    reply_to,
    request,
    written_reply,
)
from tests.support.tickets import ticket

SAM = "sam.jones@registry.example"


@pytest.fixture
def bot(registry, dns_zone):
    """The registry's bot; the operators' and GDS's mail servers sign with keys the tests' DNS publishes,
    and Sam, an operator, is on the allowlist as well as the team's mailbox."""
    key = DEMO_DNS["demo._domainkey.hmrc.gov.uk"]
    dns_zone.update({"demo._domainkey.registry.example": key, "demo._domainkey.digital.cabinet-office.gov.uk": key,
                     "demo._domainkey.evil.example": key})
    commands = registry.rules.commands
    registry.rules = registry.rules.model_copy(update={"commands": commands.model_copy(
        update={"operators": {**commands.operators, SAM: "Sam Jones"}})})
    return registry


def events(app, kind, ref="RL-000001"):
    return [e for e in ticket(app, ref)["events"] if e["kind"] == kind]


def write(item, text: str, *, sender: str = OPERATORS, signed: bool = True, to: str | None = None,
          quote: bool = True) -> bytes:
    """A reply to the bot's mail `item` as a mail client writes it, DKIM-signed by the sender's domain."""
    return written_reply(item, sender=sender, text=text, quote=quote, signed=signed, to=to)


def task(app, ref="RL-000001"):
    return outbox(app, "operator_task", ref)[-1]


def last_answer(app):
    return outbox(app, "command_result")[-1]


CALL = f"call verified by=Sam Jones contact={SECURITY} note=spoke to the duty manager"


# -- carried out ------------------------------------------------------------------------------------


def test_an_operator_records_a_verified_call_by_email(bot):
    request(bot)
    result = receive(bot, write(task(bot), CALL), "smtp")
    assert (result.kind, result.action, result.state) == ("command", "done", "awaiting_confirmation")
    assert [o.to for o in outbox(bot, "confirmation_of_authorisation")] == [[SECURITY, SOC]]
    assert [o.to for o in outbox(bot, "authorisation_for_gds")] == [[GDS]]
    [call] = events(bot, "call_verified")
    assert call["actor"] == "Sam Jones" and call["data"]["note"] == "spoke to the duty manager"
    [record] = events(bot, "command_by_email")
    assert record["reason"].startswith(CALL) and record["data"]["authentication"] == "pass for registry.example"
    answer = last_answer(bot)
    assert answer.to == [OPERATORS] and heading(answer) == "[RL-000001] hmrc.gov.uk: change request Command carried out"
    assert "State now: awaiting_confirmation" in " ".join(body(answer).split())


def test_an_operator_may_act_twice_replying_to_the_answer(bot):
    request(bot)
    first = receive(bot, write(task(bot), f"call no-answer contact={SOC} note=voicemail left", sender=SAM), "smtp")
    assert (first.action, first.state) == ("done", "awaiting_verification")
    # The task's token is used up; the answer carries a fresh one for the next command.
    again = receive(bot, write(task(bot), CALL, sender=SAM), "smtp")
    assert (again.action, again.state) == ("refused", "awaiting_verification")
    reason = events(bot, "command_refused")[-1]["reason"]
    assert "its reply token was already used (call by sam.jones@registry.example" in reason
    answer = next(o for o in outbox(bot, "command_result") if "Command carried out" in heading(o))
    second = receive(bot, write(answer, CALL, sender=SAM), "smtp")
    assert (second.action, second.state) == ("done", "awaiting_confirmation")
    assert [e["kind"] for e in ticket(bot)["events"] if e["kind"].startswith("call_")] == ["call_no_answer",
                                                                                         "call_verified"]


def test_the_whole_change_by_email(bot):
    request(bot)
    receive(bot, write(task(bot), CALL), "smtp")
    coa = next(o for o in outbox(bot, "confirmation_of_authorisation") if SECURITY in o.to)
    assert receive(bot, reply_to(coa, sender=SECURITY, text="I confirm this change."), "smtp").action == "confirmed"
    confirmed = outbox(bot, "operator_notice")[-1]
    result = receive(bot, write(confirmed, "Applied by=Sam Jones", quote=False), "smtp")
    assert (result.action, result.state) == ("done", "completed")
    assert outbox(bot, "change_notification") and events(bot, "applied")[0]["actor"] == "Sam Jones"


def test_an_operator_withdraws_a_request(bot):
    request(bot)
    result = receive(bot, write(task(bot), "withdraw by=Sam Jones reason=the registrar sent it by mistake"), "smtp")
    assert (result.action, result.state) == ("done", "withdrawn")
    assert events(bot, "withdraw")[0]["reason"] == "the registrar sent it by mistake"
    assert outbox(bot, "change_outcome")[0].to == [REGISTRAR]


def test_gds_approves_a_signup_and_rejects_a_cancellation_by_email(bot):
    signup = receive(bot, build(sender="ciso@little-ashby-pc.gov.uk", to=GDS, subject="Sign up",
                                body=PARISH_SIGNUP), "file")
    review = outbox(bot, "signup_for_review")[0]
    result = receive(bot, write(review, "approve by=Jo Bloggs", sender=GDS), "smtp")
    assert (result.ticket, result.action, result.state) == (signup.ticket, "done", "active")
    assert outbox(bot, "current_records")[0].to == ["security@little-ashby-pc.gov.uk"]
    assert last_answer(bot).to == [GDS]

    cancel = receive(bot, build(sender="ciso@hmrc.gov.uk", to=GDS, subject="Cancel", body=HMRC_CANCEL), "file")
    assert cancel.state == "awaiting_review"
    review = outbox(bot, "cancellation_for_review")[0]
    result = receive(bot, write(review, "reject by=Jo Bloggs reason=nobody at HMRC asked for this", sender=GDS), "smtp")
    assert (result.action, result.state) == ("done", "rejected")
    assert "nobody at HMRC asked for this" in body(outbox(bot, "cancellation_rejected")[0])


# -- refused ----------------------------------------------------------------------------------------


def refused(app, raw: bytes, why: str, *, ref="RL-000001", state="awaiting_verification", answered=OPERATORS,
            suspicious: bool | None = None) -> dict:
    before = len(outbox(app, "command_result"))
    result = receive(app, raw, "smtp")
    assert (result.ticket, result.kind, result.action, result.state) == (ref, "command", "refused", state)
    event = events(app, "command_refused", ref)[-1]
    assert why in event["reason"], event["reason"]
    if suspicious is not None:
        assert event["data"]["suspicious"] is suspicious
    answers = outbox(app, "command_result")
    assert len(answers) == before + 1 and answers[-1].to == [answered]
    assert "Command refused" in heading(answers[-1]) and why in " ".join(body(answers[-1]).split())
    return event


def test_a_sender_not_on_the_allowlist_is_refused_and_the_operators_told(bot):
    request(bot)
    forwarded = write(task(bot), "applied", sender="hostmaster@hmrc.gov.uk", to=parsed(task(bot))["Reply-To"])
    refused(bot, forwarded, "hostmaster@hmrc.gov.uk is not on the allowlist", answered=OPERATORS, suspicious=True)


@pytest.mark.parametrize("lookalike, real", [
    ("domainmanagement@digital.cabinet-0ffice.gov.uk", "digital.cabinet-office.gov.uk"),  # a zero for an "o"
    ("sam.jones@" + idna.encode("reg\u0456stry.example", uts46=True).decode(), "registry.example"),  # Cyrillic "і"
], ids=["gds-ascii-zero-for-o", "registry-cyrillic-i"])
def test_a_command_from_a_lookalike_of_the_registry_or_gds_is_a_possible_attack_and_gds_is_told(bot, dns_zone,
                                                                                               lookalike, real):
    dns_zone[f"demo._domainkey.{lookalike.partition('@')[2]}"] = DEMO_DNS["demo._domainkey.hmrc.gov.uk"]
    request(bot)
    event = refused(bot, write(task(bot), CALL, sender=lookalike), "possible attack: the sender", suspicious=True)
    assert f"writes from a look-alike of {real}" in event["reason"]
    assert events(bot, "possible_attack") and events(bot, "call_verified") == []
    assert last_answer(bot).cc == [GDS]


def test_an_unauthenticated_command_is_refused_and_the_real_operator_told(bot):
    request(bot)
    refused(bot, write(task(bot), CALL, sender=SAM, signed=False), "its sender is not authenticated", answered=SAM,
            suspicious=True)
    assert events(bot, "call_verified") == []


def test_a_forged_operator_address_signed_by_another_domain_is_refused(bot):
    request(bot)
    raw = dkim_sign(write(task(bot), CALL, sender=SAM, signed=False), "evil.example")
    refused(bot, raw, "not aligned with the From domain registry.example", answered=SAM)


def test_a_command_without_the_token_is_refused(bot):
    request(bot)
    raw = dkim_sign(build(sender=OPERATORS, subject="Re: [RL-000001] task", body=CALL + "\n"), "registry.example")
    refused(bot, raw, "it does not carry the ticket's reply token", suspicious=False)


def test_a_token_of_another_audience_is_refused(bot):
    request(bot)
    acknowledgement = outbox(bot, "change_received")[0]  # the registrar's copy, forwarded to an operator
    refused(bot, write(acknowledgement, "withdraw", sender=SAM), "issued to the registrar, not the operators",
            answered=SAM, suspicious=True)


def test_a_token_of_another_ticket_is_refused(bot):
    request(bot)
    request(bot, sender="domains@othernames.example")
    token = parsed(task(bot, "RL-000002"))["Reply-To"].addresses[0].username.rpartition(".")[2]
    raw = dkim_sign(build(sender=OPERATORS, to=f"registrylock+RL-000001.{token}@registry.example",
                          subject="Re: [RL-000001] task", body="withdraw\n"), "registry.example")
    refused(bot, raw, "belongs to another ticket (RL-000002)", suspicious=True)
    assert ticket(bot, "RL-000002")["state"] == "awaiting_verification"


def test_a_token_of_an_earlier_stage_is_refused(bot):
    request(bot)
    old = task(bot)
    request(bot, subject="Corrected", body="Please update the name servers for hmrc.gov.uk to ns1.other.example "
                                            "and ns2.other.example.\n")
    refused(bot, write(old, CALL), "earlier version of the request", suspicious=True)


@pytest.mark.parametrize("text, why", [
    ("call verified contact=cyber-security@hmrc.gov.uk\u202e", "invisible or direction-changing characters"),
    ("ap\u200bplied", "invisible or direction-changing characters"),
    ("call maybe contact=soc@hmrc.gov.uk", "call needs an outcome first"),
    ("call verified", "call needs contact="),
    ("call verified contact=soc@hmrc.gov.uk colour=blue", "call takes no colour="),
    ("approve", "approve is a command for GDS"),
    (f"{CALL}\nwithdraw", "one command a message"),
])
def test_commands_that_cannot_be_read_or_are_not_theirs(bot, text, why):
    request(bot)
    refused(bot, write(task(bot), text), why)
    assert events(bot, "call_verified") == []


def test_quoted_commands_never_count(bot):
    request(bot)
    refused(bot, write(task(bot), "applied now"), "cannot read 'now'")
    answer = last_answer(bot)  # it lists the commands, one a line: quoted, they are not the sender's words
    assert "\n  call verified|refused|no-answer by=NAME contact=EMAIL" in body(answer)
    refused(bot, write(answer, ""), "no command: the message has no text of its own")


def test_a_command_the_ticket_does_not_allow_is_refused_and_leaves_the_token(bot):
    request(bot)
    refused(bot, write(task(bot), "applied by=Sam Jones"), "applied is not accepted from the registry operators on a "
            "change ticket that is awaiting_verification: the commands accepted now are call verified|refused|"
            "no-answer, withdraw, note")
    refused(bot, write(task(bot), "call verified by=Sam Jones contact=hostmaster@hmrc.gov.uk"),
            "hostmaster@hmrc.gov.uk is not a Registry Lock contact")
    with bot.sessions() as session:
        assert session.query(ReplyToken).filter(ReplyToken.used_at.is_not(None)).count() == 0
        assert audit.verify(session)[1] == []  # nothing of the refused use case is left in the history
    assert receive(bot, write(task(bot), CALL), "smtp").action == "done"


def test_gds_commands_are_only_for_signups_and_cancellations(bot):
    request(bot)
    operators.record_call(bot, "RL-000001", outcome="verified", contact=SECURITY, operator="Sam Jones")
    [gds_copy] = outbox(bot, "authorisation_for_gds")
    refused(bot, write(gds_copy, "approve by=Jo Bloggs", sender=GDS), "approve is not accepted from GDS on a change "
            "ticket that is awaiting_confirmation: the commands accepted now are note",
            state="awaiting_confirmation", answered=GDS)


def test_a_lock_contacts_reply_is_never_read_as_a_command(bot):
    request(bot)
    operators.record_call(bot, "RL-000001", outcome="verified", contact=SECURITY, operator="Sam Jones")
    coa = next(o for o in outbox(bot, "confirmation_of_authorisation") if SECURITY in o.to)
    result = receive(bot, reply_to(coa, sender=SECURITY, text="Applied for in our change record; approved."), "smtp")
    assert (result.kind, result.action) == ("reply", "confirmed")
    assert outbox(bot, "command_result") == []


def test_a_dns_failure_leaves_the_command_for_later(bot, dns_zone):
    request(bot)

    def broken(name):
        raise DNSTemporaryError("SERVFAIL")

    bot.dns = broken
    with pytest.raises(TemporaryError, match="could not be checked now"):
        receive(bot, write(task(bot), CALL), "smtp")
    assert events(bot, "command_refused") == [] and ticket(bot)["state"] == "awaiting_verification"


# -- reading commands -------------------------------------------------------------------------------


@pytest.mark.parametrize("text, verb, outcome, args", [
    ("CALL Verified Contact=SOC@hmrc.gov.uk", "call", "verified", {"contact": "SOC@hmrc.gov.uk"}),
    ('call no-answer contact=soc@hmrc.gov.uk phone="020 7946 0001" note=rang twice, no answer',
     "call", "no-answer", {"contact": "soc@hmrc.gov.uk", "phone": "020 7946 0001", "note": "rang twice, no answer"}),
    ("call refused note=\u201cthey did not ask\u201d contact=soc@hmrc.gov.uk", "call", "refused",
     {"note": "they did not ask", "contact": "soc@hmrc.gov.uk"}),
    ("applied.\nSam Jones\nRegistry operations", "applied", None, {}),
    ("withdraw", "withdraw", None, {}),
    ("reject reason=not known at the organisation", "reject", None, {"reason": "not known at the organisation"}),
])
def test_reading_a_command(text, verb, outcome, args):
    command = read_command(text)
    assert (command.verb, command.outcome, command.args) == (verb, outcome, args)


@pytest.mark.parametrize("text, why", [
    ("", "no command"),
    ("applied now", "cannot read 'now'"),
    ('call verified contact="soc@hmrc.gov.uk', "no closing quote"),
    ("call verified contact=a@b.example contact=c@d.example", "contact= is given twice"),
    ("reject reason=", "reason= is empty"),
    ("reject", "reject needs reason="),
])
def test_commands_that_cannot_be_read(text, why):
    with pytest.raises(CommandError, match=why):
        read_command(text)
