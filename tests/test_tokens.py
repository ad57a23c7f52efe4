"""Reply tokens: one a mail, bound to ticket, stage, audience and recipients, used once, expiring, and verified
by rotated keys until they expire; on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from mailbot.app import App
from mailbot.errors import ConfigError, TemporaryError
from mailbot.ingest.receive import receive
from mailbot.policy.authentication import DNSTemporaryError
from mailbot.rules import load_rules
from mailbot.settings import load_settings
from mailbot.store.models import Contact, Organisation, ReplyToken
from mailbot.workflow import operators
from tests.support.constants import SECRET
from tests.support.mails import (
    GDS,
    OPERATORS,
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
)
from tests.support.tickets import ticket

NEW_SECRET = "a-brand-new-secret-0123456789"
INSIDER = "hostmaster@hmrc.gov.uk"  # HMRC's own DNS team: signed by hmrc.gov.uk, but no lock contact


def token_of(item) -> str:
    return parsed(item)["Reply-To"].addresses[0].username.rpartition(".")[2]


def confirmation(app, ref="RL-000001"):
    return next(o for o in outbox(app, "confirmation_of_authorisation", ref) if SECURITY in o.to)


@pytest.fixture
def verified(registry):
    request(registry)
    operators.record_call(registry, "RL-000001", outcome="verified", contact=SECURITY, operator="Sam Jones")
    return registry


def refusal(app, ref="RL-000001") -> dict:
    return [e for e in ticket(app, ref)["events"] if e["kind"] == "reply_not_accepted"][-1]


def to_ticket(ref: str, token: str, *, sender=SECURITY, text="I confirm this change.") -> bytes:
    """A reply written by hand to the bot's plus-address, signed by the sender's domain."""
    raw = build(sender=sender, to=f"registrylock+{ref}.{token}@registry.example", subject=f"Re: [{ref}] Confirm",
                body=text + "\n")
    return dkim_sign(raw, sender.partition("@")[2])


def other_app(env, clock, tmp_path, dns_zone, **changes) -> App:
    """The same deployment restarted with other settings (a rotated key), on the same database."""
    settings = load_settings({**env, **changes}, cwd=tmp_path)
    return App.build(settings, rules=load_rules(settings.rules_path), clock=clock,
                     dns=lambda name: dns_zone.get(name.rstrip(".")))


def test_every_mail_carries_a_token_of_its_own_in_reply_to_and_message_id(verified):
    mails = outbox(verified)
    tokens = [token_of(o) for o in mails]
    assert len(set(tokens)) == len(mails) >= 4
    for item, token in zip(mails, tokens):
        assert item.message_id == f"<RL-000001.{token}@registry.example>"
    # The operators' task and the notice told them later: same stage, same audience, different tokens.
    with verified.sessions() as s:
        rows = s.scalars(select(ReplyToken).order_by(ReplyToken.id)).all()
    assert [(r.audience, r.recipients) for r in rows][:2] == [("registrar", ["requests@registrar.example"]),
                                                               ("operators", ["registry-operators@registry.example"])]
    assert {tuple(r.recipients) for r in rows if r.audience == "security"} == {(SECURITY, SOC)}


def test_a_confirmation_uses_its_token_up_and_a_replay_is_suspicious(verified):
    coa = confirmation(verified)
    confirmed = receive(verified, reply_to(coa, sender=SECURITY, text="I confirm this change."), "file")
    assert confirmed.action == "confirmed"
    # The same contact again, or an address the confirmation was never sent to (HMRC's DNS team, signed by
    # hmrc.gov.uk, holding a forwarded copy): a used token in the wrong hands.
    for sender in (SECURITY, INSIDER):
        again = receive(verified, reply_to(coa, sender=sender, text="We confirm."), "file")
        assert (again.state, again.action) == ("authorised", "not_accepted")
        event = refusal(verified)
        assert f"its reply token was already used (confirm by {SECURITY} at 2026-11-27 10:00 UTC)" in event["reason"]
        assert event["data"]["suspicious"] is True and event["data"]["token"]["audience"] == "security"
        assert token_of(coa)[:10] == event["data"]["token"]["serial"] and token_of(coa) not in json.dumps(event)
        item = outbox(verified, "operator_notice")[-1]
        notice = parsed(item)
        assert "A suspicious reply to RL-000001 was refused" in heading(item)
        assert notice["Cc"] is None  # suspicious, not a possible attack: GDS is not alarmed


def test_the_second_lock_contact_confirming_too_is_recorded_and_raises_no_alarm(verified):
    """The confirmation goes to both lock contacts with one token; both answering it is what a careful team
    does, not a replay."""
    coa = confirmation(verified)
    assert sorted(coa.to) == sorted([SECURITY, SOC])
    confirmed = receive(verified, reply_to(coa, sender=SECURITY, text="I confirm this change."), "file")
    assert confirmed.action == "confirmed"
    sent = len(outbox(verified))
    second = receive(verified, reply_to(coa, sender=SOC, text="I confirm this change."), "file")
    assert (second.state, second.action) == ("authorised", "recorded")
    events = ticket(verified)["events"]
    [also] = [e for e in events if e["kind"] == "also_confirmed"]
    assert also["actor"] == SOC and also["reason"] == f"also confirmed by {SOC}"
    assert also["data"]["authentication"].startswith("pass")
    assert [e["kind"] for e in events].count("confirm") == 1
    assert not [e for e in events if e["kind"] in ("reply_not_accepted", "possible_attack")]
    # Nobody is alarmed or asked to act again: the operators were told to make the change once.
    assert len(outbox(verified)) == sent
    with verified.sessions() as s:
        [used] = s.scalars(select(ReplyToken).where(ReplyToken.used_at.is_not(None))).all()
    assert (used.used_for, used.used_by) == ("confirm", SECURITY)
    # It takes nothing away from a dispute, which still stops the change.
    result = receive(verified, reply_to(coa, sender=SOC, text="Sorry, we did not request this. Stop."), "file")
    assert (result.state, result.action) == ("disputed", "disputed")


def test_the_second_confirmation_must_be_authenticated_as_the_first(verified):
    coa = confirmation(verified)
    receive(verified, reply_to(coa, sender=SECURITY, text="I confirm this change."), "file")
    forged = reply_to(coa, sender=SOC, text="I confirm this change.", signed=False)
    assert receive(verified, forged, "file").action == "not_accepted"
    event = refusal(verified)
    assert "its sender is not authenticated" in event["reason"] and event["data"]["suspicious"] is False
    assert [e["kind"] for e in ticket(verified)["events"]].count("also_confirmed") == 0


def test_a_confirmation_after_a_dispute_is_recorded_and_the_change_stays_stopped(verified):
    coa = confirmation(verified)
    receive(verified, reply_to(coa, sender=SECURITY, text="I confirm this change."), "file")
    receive(verified, reply_to(coa, sender=SECURITY, text="Not authorised. We did not request this."), "file")
    later = receive(verified, reply_to(coa, sender=SOC, text="I confirm this change."), "file")
    assert (later.state, later.action) == ("disputed", "recorded")
    assert ticket(verified)["events"][-2]["kind"] == "also_confirmed"
    notice = outbox(verified, "operator_notice")[-1]
    assert notice.to == [OPERATORS] and notice.cc == []
    assert f"{SOC} also confirmed the change to hmrc.gov.uk, which is disputed" in heading(notice)
    assert "a confirmation does not undo that" in body(notice)


def test_a_genuine_token_from_a_lookalike_domain_is_a_possible_attack_and_gds_is_told(verified):
    """The confirmation leaked to, or was answered from, a look-alike of the contact's domain."""
    coa = confirmation(verified)
    for n, sender in enumerate(("cyber-security@hrnrc.gov.uk", "cyber-security@xn--hmr-6ed.gov.uk"), start=1):
        result = receive(verified, reply_to(coa, sender=sender, text="I confirm this change."), "file")
        assert (result.state, result.action) == ("awaiting_confirmation", "not_accepted")
        event = refusal(verified)
        assert event["reason"].startswith(f"possible attack: the sender {sender} writes from a look-alike of "
                                          "hmrc.gov.uk")
        assert event["data"]["suspicious"] is True
        attacks = [e for e in ticket(verified)["events"] if e["kind"] == "possible_attack"]
        assert len(attacks) == n and attacks[-1]["reason"] == event["reason"].split("; ")[0]
        notice = outbox(verified, "operator_notice")[-1]
        assert (notice.to, notice.cc) == ([OPERATORS], [GDS])
        assert "possible attack from a look-alike of hmrc.gov.uk" in heading(notice)
        assert sender in body(notice)
    with verified.sessions() as s:
        assert s.scalar(select(ReplyToken).where(ReplyToken.used_at.is_not(None))) is None


def test_a_dispute_may_follow_the_confirmation_that_used_the_token(verified):
    coa = confirmation(verified)
    receive(verified, reply_to(coa, sender=SECURITY, text="I confirm this change."), "file")
    result = receive(verified, reply_to(coa, sender=SOC, text="We did not request this. Stop."), "file")
    assert (result.state, result.action) == ("disputed", "disputed")


def test_an_unclear_reply_leaves_the_token_for_the_confirmation(verified):
    coa = confirmation(verified)
    assert receive(verified, reply_to(coa, sender=SECURITY, text="Which change is this?"), "file").action == "recorded"
    confirmed = receive(verified, reply_to(coa, sender=SECURITY, text="I confirm this change."), "file")
    assert confirmed.action == "confirmed"


def test_the_token_is_used_in_the_transaction_of_the_change_or_not_at_all(verified, dns_zone):
    def dmarc_down(name):
        if name.startswith("_dmarc."):
            raise DNSTemporaryError("SERVFAIL")
        return dns_zone.get(name)

    raw = reply_to(confirmation(verified), sender=SECURITY, text="I confirm this change.")
    verified.dns = dmarc_down
    with pytest.raises(TemporaryError, match="DMARC policy of hmrc.gov.uk could not be looked up now"):
        receive(verified, raw, "smtp")
    assert ticket(verified)["state"] == "awaiting_confirmation"
    with verified.sessions() as s:
        assert s.scalar(select(ReplyToken).where(ReplyToken.used_at.is_not(None))) is None
    verified.dns = lambda name: dns_zone.get(name)
    assert receive(verified, raw, "smtp").action == "confirmed"  # the same message, tried again
    with verified.sessions() as s:
        [used] = s.scalars(select(ReplyToken).where(ReplyToken.used_at.is_not(None))).all()
    assert (used.used_for, used.used_by, used.audience) == ("confirm", SECURITY, "security")


def test_a_token_of_another_ticket_is_refused_as_suspicious(verified):
    other = request(verified, sender="domains@othernames.example")
    assert other.ticket == "RL-000002"
    operators.record_call(verified, "RL-000002", outcome="verified", contact=SECURITY, operator="Sam Jones")
    stolen = token_of(confirmation(verified, "RL-000002"))
    result = receive(verified, to_ticket("RL-000001", stolen), "file")
    assert (result.ticket, result.action) == ("RL-000001", "not_accepted")
    event = refusal(verified)
    assert "its reply token belongs to another ticket (RL-000002)" in event["reason"]
    assert event["data"]["suspicious"] is True
    assert ticket(verified, "RL-000002")["state"] == "awaiting_confirmation"


def test_a_token_of_an_earlier_stage_is_refused_as_suspicious(verified):
    old = confirmation(verified)
    request(verified, subject="Corrected name servers for hmrc.gov.uk",
            body="Please update the name servers for hmrc.gov.uk to ns1.other.example and ns2.other.example.\n")
    operators.record_call(verified, "RL-000001", outcome="verified", contact=SECURITY, operator="Sam Jones")
    result = receive(verified, reply_to(old, sender=SECURITY, text="I confirm this change."), "file")
    assert (result.state, result.action) == ("awaiting_confirmation", "not_accepted")
    event = refusal(verified)
    assert "earlier version of the request" in event["reason"] and event["data"]["suspicious"] is True


def test_a_token_counts_only_from_the_addresses_it_was_sent_to(verified):
    # A lock contact added as a contact change would add it (an import refuses to: mailbot.registry_diff).
    with verified.tx() as session:
        hmrc = session.scalar(select(Organisation).where(Organisation.name == "HM Revenue and Customs"))
        hmrc.contacts.append(Contact(role="security", email="csirt@hmrc.gov.uk", phone="+44 20 7946 0002"))
    # A lock contact added after the confirmation went out, answering with a copy forwarded to it.
    result = receive(verified, reply_to(confirmation(verified), sender="csirt@hmrc.gov.uk", text="I confirm."), "file")
    assert result.action == "not_accepted"
    assert "its reply token was not sent to csirt@hmrc.gov.uk" in refusal(verified)["reason"]


def test_a_token_expires(verified, clock):
    clock.advance(timedelta(days=31))
    result = receive(verified, reply_to(confirmation(verified), sender=SECURITY, text="I confirm."), "file")
    assert result.action == "not_accepted"
    event = refusal(verified)
    assert "its reply token expired on 2026-12-27 10:00 UTC" in event["reason"]
    assert event["data"]["suspicious"] is False


@pytest.mark.parametrize("forge", [
    lambda token: token[:10] + "a" * 16,  # a real serial, a made-up MAC
    lambda token: "b" * 10 + token[10:],  # a made-up serial
    lambda token: token[:-1],  # cut short
])
def test_a_forged_token_is_refused_as_suspicious(verified, forge):
    result = receive(verified, to_ticket("RL-000001", forge(token_of(confirmation(verified)))), "file")
    assert result.action == "not_accepted"
    event = refusal(verified)
    assert "its reply token is not genuine" in event["reason"] and event["data"]["suspicious"] is True


def test_a_token_row_altered_in_the_database_is_not_genuine(verified):
    # Whoever can write to the database still cannot make the GDS copy's token a security contact's one.
    with verified.tx() as s:
        s.execute(update(ReplyToken).where(ReplyToken.audience == "gds").values(audience="security",
                                                                               recipients=[SECURITY]))
    [gds_copy] = outbox(verified, "authorisation_for_gds")
    result = receive(verified, reply_to(gds_copy, sender=SECURITY, text="I confirm."), "file")
    assert result.action == "not_accepted"
    assert "its reply token is not genuine" in refusal(verified)["reason"]


def test_a_rotated_key_verifies_its_tokens_until_it_expires(verified, env, clock, tmp_path, dns_zone):
    coa = confirmation(verified)
    first, second, third = (reply_to(coa, sender=SECURITY, text=text)
                            for text in ("I confirm this change.", "We confirm.", "Yes, I confirm this change."))
    forgotten = other_app(env, clock, tmp_path, dns_zone, MAILBOT_SECRET=NEW_SECRET)
    retired = other_app(env, clock, tmp_path, dns_zone, MAILBOT_SECRET=NEW_SECRET,
                        MAILBOT_PREVIOUS_SECRETS=f"2026-11-27:{SECRET}")
    rotated = other_app(env, clock, tmp_path, dns_zone, MAILBOT_SECRET=NEW_SECRET,
                        MAILBOT_PREVIOUS_SECRETS=f"2027-01-31:{SECRET}, 2026-12-15:an-even-older-secret-99")
    try:
        assert receive(forgotten, first, "file").action == "not_accepted"
        assert "its reply token is not genuine" in refusal(verified)["reason"]
        assert receive(retired, second, "file").action == "not_accepted"
        assert "signed with a key retired on 2026-11-27" in refusal(verified)["reason"]
        assert receive(rotated, third, "file").action == "confirmed"
        # New mail is signed with the new key alone: the old one will not verify it.
        notice = outbox(rotated, "operator_notice")[-1]
        with rotated.sessions() as s:
            row = s.scalar(select(ReplyToken).where(ReplyToken.serial == token_of(notice)[:10]))
            from mailbot.tokens import _mac

            assert token_of(notice)[10:] == _mac(NEW_SECRET.encode(), "RL-000001", row.stage, row.audience,
                                                 row.serial, row.recipients, row.expires_at)
    finally:
        for app in (forgotten, retired, rotated):
            app.close()


@pytest.mark.parametrize("value, why", [
    ("oldsecret-0123456789", "expected DATE:SECRET"),
    ("2027-02-30:oldsecret-0123456789", "expected DATE:SECRET"),
    ("2027-01-31:short", "at least 16 characters"),
    ("2027-01-31:oldsecret-0123456789,,nonsense", "entry 3: expected DATE:SECRET"),
])
def test_previous_secrets_are_checked_at_start_up(tmp_path, value, why):
    with pytest.raises(ConfigError, match=f"MAILBOT_PREVIOUS_SECRETS: .*{why}"):
        load_settings({"MAILBOT_SECRET": SECRET, "MAILBOT_PREVIOUS_SECRETS": value}, cwd=tmp_path)


def test_token_lifetime_is_a_setting(tmp_path):
    assert load_settings({"MAILBOT_SECRET": SECRET}, cwd=tmp_path).token_days == 30
    assert load_settings({"MAILBOT_SECRET": SECRET, "MAILBOT_TOKEN_DAYS": "7"}, cwd=tmp_path).token_days == 7
    for bad in ("0", "366", "a week"):
        with pytest.raises(ConfigError, match="MAILBOT_TOKEN_DAYS"):
            load_settings({"MAILBOT_SECRET": SECRET, "MAILBOT_TOKEN_DAYS": bad}, cwd=tmp_path)
