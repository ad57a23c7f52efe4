"""GDS's escalation, read as GDS reads it: the organisation, the senior member who signed it up, its Registry Lock
contacts and every call so far, every warning the operators' task carried, and the replies GDS can send to record
what it did, which count. Through receive() and the deadline sweep, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from mailbot.ingest.receive import receive
from mailbot.workflow import operators
from mailbot.workflow.sweep import sweep
from tests.support.mails import DEMO_DNS, GDS, OPERATORS, PARISH_SIGNUP, body, build, outbox, request, written_reply
from tests.support.tickets import ticket

PARISH = "little-ashby-pc.gov.uk"
LOCK = f"security@{PARISH}"
OTHER = "domains@othernames.example"  # a registrar, but not the parish's registrar of record
ORDER = {"Auto-Submitted": "auto-generated"}  # the registrar's order system sends it


@pytest.fixture
def bot(registry, dns_zone):
    dns_zone["demo._domainkey.digital.cabinet-office.gov.uk"] = DEMO_DNS["demo._domainkey.hmrc.gov.uk"]
    return registry


def flat(item) -> str:
    return " ".join(body(item).split())


def events(app, ref, kind):
    return [e for e in ticket(app, ref)["events"] if e["kind"] == kind]


def signed_up_parish(app) -> str:
    """The parish signs up with its form, and GDS approves it by email."""
    signup = receive(app, build(sender=f"ciso@{PARISH}", to=GDS, subject="Sign up", body=PARISH_SIGNUP), "file")
    review = outbox(app, "signup_for_review")[-1]
    assert receive(app, written_reply(review, sender=GDS, text="approve by=Priya Patel"), "smtp").state == "active"
    return signup.ticket


def test_the_escalation_names_whom_to_phone_every_warning_and_how_gds_records_what_it_did(bot, clock):
    signup = signed_up_parish(bot)
    # Friday 27 November: an urgent request from a registrar not of record, sent by its order system, then amended
    # to make the lock contact a WHOIS contact.
    ref = request(bot, sender=OTHER, subject=f"URGENT: name servers for {PARISH}", headers=ORDER,
                  body=f"Please update the name servers for {PARISH} to ns1.newdns.co.uk and ns2.newdns.co.uk.\n"
                  ).ticket
    request(bot, sender=OTHER, subject=f"URGENT: correction for {PARISH}", headers=ORDER,
            body=f"Domain: {PARISH}\nAdmin contact: {LOCK}\n")
    assert ticket(bot, ref)["state"] == "awaiting_verification" and events(bot, ref, "amend")
    clock.set(datetime(2026, 11, 30, 9, 30, tzinfo=UTC))
    operators.record_call(bot, ref, outcome="no-answer", contact=LOCK, operator="Sam Jones", note_text="voicemail")
    clock.set(datetime(2026, 12, 2, 10, tzinfo=UTC))  # three working days on
    sweep(bot)
    [escalation] = outbox(bot, "escalation", ref)
    assert (escalation.to, escalation.cc) == ([GDS], [OPERATORS])
    text = flat(escalation)
    assert text.startswith(f"URGENT: Escalation: change to {PARISH} not verified")
    # Whom to phone: the senior member who signed the parish up, from the sign-up GDS approved.
    assert "Organisation: Little Ashby Parish Council" in text
    assert ("Margaret Hale, Clerk to the Council and Senior Information Risk Owner Phone: 01632 960001 Email: "
            f"ciso@{PARISH} Signed Little Ashby Parish Council up to Registry Lock ({signup}, approved") in text
    assert "1. Phone Margaret Hale on 01632 960001." in text
    # The lock contacts, and every call so far.
    assert f"Parish IT Security Phone: 01632 960002 Email: {LOCK}" in text
    assert "Called by: Sam Jones, registry operator" in text and "voicemail" in text
    # Every warning the operators' task carried.
    for task in outbox(bot, "operator_task", ref):
        assert "URGENT" in flat(task) and "NOT THE REGISTRAR OF RECORD" in flat(task)
    assert "URGENT: the registrar marked this request as urgent." in text
    assert (f"NOT THE REGISTRAR OF RECORD: Other Names plc sent this request, but the registrar of record for "
            f"{PARISH} is Example Registrar Ltd.") in text
    assert f"WARNING: this change would make a Registry Lock contact ({LOCK}) a WHOIS contact." in text
    assert "AMENDED: the registrar has changed this request since it first sent it." in text
    assert ("NOT ACKNOWLEDGED: the registrar's order system sent this request (Auto-Submitted: "
            "auto-generated).") in text
    # What GDS can reply, one command a line: a note, and a call it makes itself on the operators' behalf.
    tail = body(escalation).replace("\r\n", "\n").split("What you can reply\n", 1)[1]
    assert "\n  call verified|refused|no-answer by=NAME contact=EMAIL" in tail
    assert "\n  note by=NAME text=TEXT\n" in tail and "\n  approve" not in tail and "\n  applied" not in tail

    note = written_reply(escalation, sender=GDS, text="note by=Priya Patel text=Phoned Margaret Hale: the security "
                                                      "team will call the registry operator today")
    assert receive(bot, note, "smtp").action == "done"
    [noted] = events(bot, ref, "note")
    assert noted["actor"] == "Priya Patel" and "Phoned Margaret Hale" in noted["reason"]
    answer = outbox(bot, "command_result", ref)[-1]
    call = written_reply(answer, sender=GDS, text=f"call verified by=Priya Patel contact={LOCK} note=the clerk "
                                                  "confirmed it on the number on record")
    assert receive(bot, call, "smtp").state == "awaiting_confirmation"
    [verified] = events(bot, ref, "call_verified")
    assert (verified["actor"], verified["data"]["operator"]) == ("Priya Patel (GDS)", "Priya Patel (GDS)")


def test_without_a_sign_up_on_record_gds_is_told_to_find_a_senior_contact_and_may_not_call_before_escalation(bot,
                                                                                                          clock):
    ref = request(bot).ticket  # HMRC's records were imported: no sign-up names anyone
    operators.record_call(bot, ref, outcome="verified", contact="cyber-security@hmrc.gov.uk", operator="Sam Jones")
    copy = outbox(bot, "authorisation_for_gds", ref)[-1]
    refused = receive(bot, written_reply(copy, sender=GDS, text="call refused by=Priya Patel "
                                                                "contact=cyber-security@hmrc.gov.uk"), "smtp")
    assert refused.action == "refused" and events(bot, ref, "call_refused") == []
    assert "call refused is not accepted from GDS" in flat(outbox(bot, "command_result", ref)[-1])
    clock.set(datetime(2026, 12, 3, 10, tzinfo=UTC))
    sweep(bot)
    text = flat(outbox(bot, "escalation", ref)[-1])
    assert "Organisation: HM Revenue and Customs" in text
    assert "No sign-up is on record for HM Revenue and Customs" in text
    assert "1. Phone senior staff at HM Revenue and Customs, on a number you have found yourself." in text
    assert "URGENT" not in text and "NOT THE REGISTRAR OF RECORD" not in text and "AMENDED" not in text
