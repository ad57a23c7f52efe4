"""The change-request flow end to end through the use cases, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from mailbot.errors import InputError, TransitionRefused
from mailbot.ingest.receive import receive
from mailbot.store.models import Domain, Message, Ticket
from mailbot.workflow import operators
from tests.support.mails import (
    GDS,
    NCSC,
    OPERATORS,
    REGISTRAR,
    SECURITY,
    SECURITY_PHONE,
    SOC,
    body,
    build,
    heading,
    outbox,
    parsed,
    reply_to,
    request,
)
from tests.support.tickets import ticket


def verified(app, ref="RL-000001"):
    return operators.record_call(app, ref, outcome="verified", contact=SECURITY, operator="Sam Jones")


def confirmation(app, ref="RL-000001"):
    return next(o for o in outbox(app, "confirmation_of_authorisation", ref) if SECURITY in o.to)


def test_request_for_locked_domain_opens_ticket_and_tells_registrar_and_operators(registry):
    result = request(registry)
    assert (result.ticket, result.kind, result.state, result.action) == (
        "RL-000001", "change", "awaiting_verification", "opened")
    t = ticket(registry)
    assert t["domains"] == ["hmrc.gov.uk"]
    assert t["change"] == {"hmrc.gov.uk": {"nameservers": ["ns1.newdns.co.uk", "ns2.newdns.co.uk"]}}
    # Received Friday 10:00: phoned within 1 working day, so by Monday 10:00 (GMT).
    assert t["next_deadline"] == "2026-11-30T10:00:00+00:00"
    [ack] = outbox(registry, "change_received")
    assert ack.to == [REGISTRAR]
    assert "RL-000001" in heading(ack) and "on hold" in body(ack)
    [task] = outbox(registry, "operator_task")
    assert task.to == [OPERATORS]
    text = body(task)
    assert SECURITY in text and SECURITY_PHONE in text and "ns1.hmrc.gov.uk" in text and "ns1.newdns.co.uk" in text
    assert "Monday 30 November 2026, 10am" in text


def test_a_request_from_another_registrar_than_the_one_of_record_warns_the_operators(registry):
    result = request(registry, sender="domains@othernames.example")
    assert (result.kind, result.state) == ("change", "awaiting_verification")
    [event] = [e for e in ticket(registry)["events"] if e["kind"] == "registrar_not_of_record"]
    assert event["reason"] == "Other Names plc is not the registrar of record for hmrc.gov.uk"
    text = body(outbox(registry, "operator_task")[0])
    assert ("NOT THE REGISTRAR OF RECORD: Other Names plc sent this request,\r\nbut the registrar of record for "
            "hmrc.gov.uk is Example Registrar Ltd.") in text
    assert "REGISTRAR OF RECORD" not in body(outbox(registry, "change_received")[0])  # for the operators only


def test_mail_to_the_registrar_never_names_the_lock_contacts(registry):
    request(registry)
    verified(registry)
    reply = reply_to(confirmation(registry), sender=SECURITY, text="I confirm this change.")
    receive(registry, reply, "file")
    operators.applied(registry, "RL-000001", operator="Sam Jones")
    to_registrar = [o for o in outbox(registry) if REGISTRAR in o.to + o.cc]
    assert {o.template for o in to_registrar} == {"change_received", "change_outcome"}
    for o in to_registrar:
        raw = o.message.raw.decode()
        # The phones by their digits in any spacing ("7946" alone can be part of a random Message-ID).
        digits = "".join(c for c in raw if c.isdigit() or c == "\n")
        assert "2079460000" not in digits and "2079460001" not in digits, o.template
        for secret in (SECURITY, SOC, "7946 000", "Cyber Security Operations", "Security Operations Centre"):
            assert secret not in raw, (o.template, secret)


def test_urgent_request_is_due_within_two_working_hours(registry):
    result = request(registry, subject="URGENT: name server change for hmrc.gov.uk")
    t = ticket(registry, result.ticket)
    assert t["urgent"] is True
    assert t["next_deadline"] == "2026-11-27T12:00:00+00:00"
    assert "URGENT" in body(outbox(registry, "operator_task")[0])


@pytest.mark.parametrize("headers", [{"Importance": "high"}, {"X-Priority": "1 (Highest)"}])
def test_urgency_from_headers(registry, headers):
    result = request(registry, headers=headers)
    assert ticket(registry, result.ticket)["urgent"] is True


def test_same_message_twice_does_nothing_more(registry):
    raw = build()
    first = receive(registry, raw, "smtp")
    again = receive(registry, raw, "file")
    # Delivered again by another route: only the trace headers differ.
    relayed = receive(registry, b"Received: from mx.example by mx2.example; Fri, 27 Nov 2026\r\n" + raw, "smtp")
    assert first.duplicate is False and again.duplicate is True and relayed.duplicate is True
    assert again.ticket == first.ticket == relayed.ticket
    assert len(outbox(registry)) == 2
    with registry.sessions() as s:
        assert len(s.scalars(select(Message).where(Message.direction == "in")).all()) == 1


def test_same_message_id_with_other_content_is_a_new_message(registry):
    receive(registry, build(message_id="<same@registrar.example>"), "file")
    other = receive(registry, build(message_id="<same@registrar.example>", body="Please update the name "
                                    "servers for hmrc.gov.uk to ns9.elsewhere.example.\n"), "file")
    assert other.duplicate is False


def test_domain_not_locked_is_passed_on_to_the_registry_queue(registry):
    result = request(registry, subject="DNS change", body="Please change the nameservers for "
                     "little-ashby-pc.gov.uk to ns1.newhost.example and ns2.newhost.example\n")
    assert (result.state, result.action) == ("passed_on", "passed_on")
    [fwd] = outbox(registry, "passed_on")
    assert fwd.to == ["support@registry.example"]
    attached = [p for p in parsed(fwd).iter_attachments() if p.get_content_type() == "message/rfc822"]
    assert attached and "little-ashby-pc.gov.uk" in attached[0].as_string()
    assert outbox(registry, "operator_task") == []
    # The queue sees the change as read, against the current records.
    shown = body(fwd).replace("\r\n", "\n")
    assert "- ns1.webhost.example (removed)" in shown and "+ ns1.newhost.example (added)" in shown


def test_request_naming_locked_and_unlocked_and_unknown_domains(registry):
    result = request(registry, subject="Name servers", body="Please update the name servers for hmrc.gov.uk, "
                     "little-ashby-pc.gov.uk and nosuch.gov.uk to ns1.newdns.co.uk and ns2.newdns.co.uk.\n")
    assert len(result.tickets) == 3
    states = {ticket(registry, r)["domains"][0]: ticket(registry, r)["state"] for r in result.tickets}
    assert states == {"hmrc.gov.uk": "awaiting_verification", "little-ashby-pc.gov.uk": "passed_on",
                      "nosuch.gov.uk": "triage"}


@pytest.mark.parametrize(
    "kw, why",
    [
        ({"sender": "someone@gmail.com"}, "not a known registrar address"),
        ({"body": "Please renew our domains.\n", "subject": "Renewal"}, "names no .gov.uk domain"),
        ({"body": "Please update the name servers for nosuch.gov.uk to ns1.a.example\n", "subject": "NS"},
         "not in the registry"),
        ({"body": "Can we talk about hmrc.gov.uk please?\n", "subject": "hmrc"}, "cannot tell what is to change"),
    ],
)
def test_mail_the_bot_cannot_place_goes_to_triage(registry, kw, why):
    result = request(registry, **kw)
    assert (result.kind, result.state, result.action) == ("triage", "triage", "triaged")
    t = ticket(registry, result.ticket)
    assert why in t["events"][0]["reason"]
    [notice] = outbox(registry, "triage_notice")
    assert notice.to == [OPERATORS] and why in body(notice)


def test_unreadable_junk_is_stored_and_triaged(registry):
    result = receive(registry, b"\x00\xff\xfe not a message at all", "file")
    assert result.kind == "triage"
    with registry.sessions() as s:
        assert s.scalar(select(Message.raw).where(Message.direction == "in")) == b"\x00\xff\xfe not a message at all"


def test_verified_call_sends_confirmation_of_authorisation_to_security_and_gds(registry):
    request(registry)
    t = verified(registry)
    assert t.state == "awaiting_confirmation"
    [coa] = outbox(registry, "confirmation_of_authorisation")
    [gds_copy] = outbox(registry, "authorisation_for_gds")
    assert coa.to == [SECURITY, SOC] and gds_copy.to == [GDS]
    for mail in (coa, gds_copy):
        text = body(mail)
        for value in ("ns1.hmrc.gov.uk", "ns2.hmrc.gov.uk", "ns1.newdns.co.uk", "ns2.newdns.co.uk", "Sam Jones",
                      SECURITY, "Friday 27 November 2026, 10am"):
            assert value in text
    # Each reads as written for its reader: the security team is asked to confirm, GDS is told and asked nothing.
    assert "reply to this email to confirm" in " ".join(body(coa).split())
    told = " ".join(body(gds_copy).split())
    assert "You do not need to do anything" in told and "reply to this email to confirm" not in told
    assert "Your security team" not in told and "For your records" in heading(gds_copy)
    assert [e["kind"] for e in ticket(registry)["events"] if e["kind"].startswith("call")] == ["call_verified"]


def test_no_answer_is_recorded_and_the_ticket_waits(registry):
    request(registry)
    t = operators.record_call(registry, "RL-000001", outcome="no-answer", contact=SOC, operator="Sam Jones",
                            note_text="voicemail left")
    assert t.state == "awaiting_verification"
    event = ticket(registry)["events"][-1]
    assert event["kind"] == "call_no_answer" and event["data"]["note"] == "voicemail left"


def test_refused_call_rejects_and_raises_the_alarm(registry):
    request(registry)
    t = operators.record_call(registry, "RL-000001", outcome="refused", contact=SECURITY, operator="Sam Jones",
                            note_text="they did not ask for this")
    assert t.state == "rejected"
    [outcome] = outbox(registry, "change_outcome")
    assert (outcome.to == [REGISTRAR] and "did not authorise" in body(outcome).replace("\n", " ")
            or "not" in body(outcome))
    [alert] = outbox(registry, "dispute_alert")
    assert set(alert.to) == {SECURITY, SOC} and {GDS, NCSC, OPERATORS} <= set(alert.cc)
    assert "they did not ask for this" in body(alert)


def test_call_must_name_a_lock_contact_and_the_number_on_record(registry):
    request(registry)
    with pytest.raises(InputError, match="not a Registry Lock contact"):
        operators.record_call(registry, "RL-000001", outcome="verified", contact="hostmaster@hmrc.gov.uk",
                            operator="Sam")
    with pytest.raises(InputError, match="not the number on record"):
        operators.record_call(registry, "RL-000001", outcome="verified", contact=SECURITY, operator="Sam",
                            phone="+44 7700 900123")
    t = operators.record_call(registry, "RL-000001", outcome="verified", contact=SECURITY, operator="Sam",
                            phone="020 7946 0000")  # the same number, written the British way
    assert t.state == "awaiting_confirmation"


def test_confirmation_reply_with_token_from_lock_contact_authorises(registry):
    request(registry)
    verified(registry)
    result = receive(registry, reply_to(confirmation(registry), sender=SOC, text="I confirm this change."), "file")
    assert (result.kind, result.state, result.action) == ("reply", "authorised", "confirmed")
    notices = outbox(registry, "operator_notice")
    assert notices and "mailbot applied RL-000001" in body(notices[-1])


def test_dispute_reply_stops_the_change(registry):
    request(registry)
    verified(registry)
    result = receive(registry, reply_to(confirmation(registry), sender=SECURITY,
                                        text="This was NOT authorised by us. Do not make it."), "file")
    assert (result.state, result.action) == ("disputed", "disputed")
    assert outbox(registry, "dispute_alert")
    assert outbox(registry, "change_outcome")[0].to == [REGISTRAR]
    with pytest.raises(TransitionRefused, match="final"):
        operators.applied(registry, "RL-000001", operator="Sam")


def test_dispute_after_authorisation_still_stops_the_change(registry):
    request(registry)
    verified(registry)
    coa = confirmation(registry)
    receive(registry, reply_to(coa, sender=SECURITY, text="Confirmed."), "file")
    result = receive(registry, reply_to(coa, sender=SOC, text="Sorry, we did not request this. Stop!"), "file")
    assert result.state == "disputed"


def test_unclear_reply_is_recorded_and_operators_told(registry):
    request(registry)
    verified(registry)
    result = receive(registry, reply_to(confirmation(registry), sender=SECURITY, text="Who is this?"), "file")
    assert (result.state, result.action) == ("awaiting_confirmation", "recorded")
    assert ticket(registry)["events"][-2]["kind"] == "reply_unclear"
    assert "neither confirms nor disputes" in body(outbox(registry, "operator_notice")[-1])


def _not_accepted(app, raw, why):
    result = receive(app, raw, "file")
    assert (result.state, result.action) == ("awaiting_confirmation", "not_accepted")
    event = next(e for e in ticket(app)["events"] if e["kind"] == "reply_not_accepted")
    assert why in event["reason"]
    return result


def test_subject_tag_alone_never_authorises(registry):
    request(registry)
    verified(registry)
    raw = build(sender=SECURITY, subject="Re: [RL-000001] Confirm the change", body="I confirm this change.\n")
    _not_accepted(registry, raw, "does not carry the ticket's reply token")


def test_reply_from_someone_other_than_a_lock_contact_is_refused(registry):
    request(registry)
    verified(registry)
    raw = reply_to(confirmation(registry), sender="hostmaster@hmrc.gov.uk", text="I confirm this change.")
    _not_accepted(registry, raw, "is not a Registry Lock contact")


def test_token_issued_to_gds_or_registrar_cannot_authorise(registry):
    request(registry)
    verified(registry)
    [gds_copy] = outbox(registry, "authorisation_for_gds")
    _not_accepted(registry, reply_to(gds_copy, sender=SECURITY, text="I confirm."), "issued to the gds")


def test_forged_token_is_refused(registry):
    request(registry)
    verified(registry)
    raw = build(sender=SECURITY, to="registrylock+RL-000001.aaaaaaaaaaaaaaaa@registry.example",
                subject="Re: confirm", body="I confirm this change.\n")
    _not_accepted(registry, raw, "not genuine")


def test_amended_request_must_be_verified_again_and_old_tokens_stop_counting(registry):
    request(registry)
    verified(registry)
    old = confirmation(registry)
    result = request(registry, subject="Corrected name servers for hmrc.gov.uk",
                     body="Sorry, please update the name servers for hmrc.gov.uk to ns1.other.example "
                          "and ns2.other.example instead.\n")
    assert (result.ticket, result.state, result.action) == ("RL-000001", "awaiting_verification", "amended")
    t = ticket(registry)
    assert t["change"] == {"hmrc.gov.uk": {"nameservers": ["ns1.other.example", "ns2.other.example"]}}
    assert t["stage"] == 2
    assert [o.template for o in outbox(registry, "change_received")] == ["change_received"] * 2
    # The security team's reply to the mail about the first version confirms nothing now.
    late = receive(registry, reply_to(old, sender=SECURITY, text="I confirm this change."), "file")
    assert (late.state, late.action) == ("awaiting_verification", "not_accepted")
    assert "earlier version" in ticket(registry)["events"][-2]["reason"]


def amend(app):
    return request(app, subject="Corrected name servers for hmrc.gov.uk",
                   body="Sorry, please update the name servers for hmrc.gov.uk to ns1.other.example "
                        "and ns2.other.example instead.\n")


@pytest.mark.parametrize("confirmed", [False, True], ids=["verified", "confirmed-in-writing"])
def test_an_amendment_after_verification_tells_the_lock_contacts_and_gds_their_confirmation_is_void(
        registry, confirmed):
    request(registry)
    verified(registry)
    old = confirmation(registry)
    if confirmed:
        receive(registry, reply_to(old, sender=SECURITY, text="I confirm this change."), "file")
    before = len(outbox(registry))
    assert amend(registry).action == "amended"
    sent = {(o.template, tuple(o.to)): o for o in outbox(registry)[before:]}
    assert set(sent) == {("change_received", (REGISTRAR,)), ("operator_task", (OPERATORS,)),
                         ("confirmation_void", (SECURITY, SOC)), ("confirmation_void_for_gds", (GDS,))}
    void = sent["confirmation_void", (SECURITY, SOC)]
    assert "A change to hmrc.gov.uk must be verified again" in heading(void)
    text = " ".join(body(void).split())
    assert ("Your written confirmation of the earlier request no longer counts" if confirmed else
            "The email that asked you to confirm the earlier request no longer counts") in text
    assert "The registry operator will phone your security team again to verify the amended request" in text
    # Like a chase, it gives nothing of the change: neither the old request nor the new one.
    for value in ("ns1.newdns.co.uk", "ns1.other.example", "ns1.hmrc.gov.uk", "Example Registrar", "Sam Jones"):
        assert value not in text
    task = " ".join(body(sent["operator_task", (OPERATORS,)]).split())
    assert "AMENDED" in task and "An earlier verification or written confirmation no longer counts" in task
    assert "ns1.other.example" in task
    t = ticket(registry)
    assert (t["state"], t["stage"]) == ("awaiting_verification", 2)
    # The void confirmation stays void; the amended request goes through after a new call.
    late = receive(registry, reply_to(old, sender=SOC, text="I confirm this change."), "file")
    assert (late.state, late.action) == ("awaiting_verification", "not_accepted")
    with pytest.raises(TransitionRefused):
        operators.applied(registry, "RL-000001", operator="Sam Jones")
    verified(registry)
    new = next(o for o in outbox(registry, "confirmation_of_authorisation") if SECURITY in o.to and o.id > void.id)
    assert "ns1.other.example" in body(new)
    assert receive(registry, reply_to(new, sender=SOC, text="I confirm this change."), "file").action == "confirmed"


def test_only_a_reply_to_the_confirmation_of_authorisation_confirms_never_one_to_a_notice_without_values(registry):
    request(registry)
    verified(registry)
    amend(registry)
    void = next(o for o in outbox(registry, "confirmation_void") if SECURITY in o.to)
    verified(registry)  # the amended request verified: its token now belongs to the current version
    result = receive(registry, reply_to(void, sender=SECURITY, text="I confirm this change."), "file")
    assert (result.state, result.action) == ("awaiting_confirmation", "not_accepted")
    reason = [e for e in ticket(registry)["events"] if e["kind"] == "reply_not_accepted"][-1]["reason"]
    assert "it answers the confirmation_void mail, which does not show the change" in reason
    coa = [o for o in outbox(registry, "confirmation_of_authorisation") if SECURITY in o.to][-1]
    confirmed = receive(registry, reply_to(coa, sender=SECURITY, text="I confirm this change."), "file")
    assert confirmed.action == "confirmed"


def test_a_lock_contact_disputing_before_the_call_stops_the_change_and_raises_the_alarm(registry):
    """Answering the notice that a confirmation is void (or a chase) with "we did not ask for this", before the
    operator has phoned again: the change is stopped at once, not merely noted."""
    request(registry)
    verified(registry)
    amend(registry)
    void = next(o for o in outbox(registry, "confirmation_void") if SECURITY in o.to)
    result = receive(registry, reply_to(void, sender=SECURITY, text="We did not request this change."), "file")
    assert (result.state, result.action) == ("disputed", "disputed")
    [alert] = outbox(registry, "dispute_alert")
    assert GDS in alert.cc and OPERATORS in alert.cc
    with pytest.raises(TransitionRefused):
        operators.record_call(registry, "RL-000001", outcome="verified", contact=SECURITY, operator="Sam Jones")


def test_an_amendment_before_any_verification_tells_only_the_registrar_and_the_operators(registry):
    request(registry)
    operators.record_call(registry, "RL-000001", outcome="no-answer", contact=SECURITY, operator="Sam Jones")
    before = len(outbox(registry))
    assert amend(registry).action == "amended"
    assert [o.template for o in outbox(registry)[before:]] == ["change_received", "operator_task"]


def test_same_request_again_is_not_an_amendment(registry):
    request(registry)
    again = request(registry, subject="Chasing: name server change for hmrc.gov.uk")
    assert (again.ticket, again.action) == ("RL-000001", "recorded")
    assert ticket(registry)["stage"] == 1


def test_registrar_reply_to_its_acknowledgement_amends(registry):
    request(registry)
    ack = outbox(registry, "change_received")[0]
    raw = reply_to(ack, sender=REGISTRAR, text="Correction: please change the name servers of hmrc.gov.uk "
                   "to ns1.third.example and ns2.third.example instead.", quote=False)
    result = receive(registry, raw, "file")
    assert result.action == "amended"
    assert ticket(registry)["change"]["hmrc.gov.uk"]["nameservers"] == ["ns1.third.example", "ns2.third.example"]


def test_applied_updates_records_and_notifies_every_nominated_contact(registry):
    request(registry)
    verified(registry)
    receive(registry, reply_to(confirmation(registry), sender=SECURITY, text="I confirm."), "file")
    t = operators.applied(registry, "RL-000001", operator="Alex Smith")
    assert t.state == "completed"
    with registry.sessions() as s:
        domain = s.scalar(select(Domain).where(Domain.name == "hmrc.gov.uk"))
        assert domain.nameservers == ["ns1.newdns.co.uk", "ns2.newdns.co.uk"]
    [note] = outbox(registry, "change_notification")
    everyone = set(note.to) | set(note.cc)
    assert everyone == {SECURITY, SOC, "hostmaster@hmrc.gov.uk", "it-servicedesk@hmrc.gov.uk",
                        "dns-changes@hmrc.gov.uk", GDS, NCSC}
    text = body(note)
    assert "ns1.hmrc.gov.uk" in text and "ns1.newdns.co.uk" in text and "Alex Smith" in text
    assert [o.to for o in outbox(registry, "change_outcome")] == [[REGISTRAR]]
    # What is left to wait for: the notification must have gone out within 1 working day.
    assert ticket(registry)["next_deadline"] == "2026-11-30T10:00:00+00:00"


@pytest.mark.parametrize("state_setup", ["awaiting_verification", "awaiting_confirmation"])
def test_applied_before_authorisation_is_refused(registry, state_setup):
    request(registry)
    if state_setup == "awaiting_confirmation":
        verified(registry)
    with pytest.raises(TransitionRefused, match=f"cannot applied a ticket that is {state_setup}"):
        operators.applied(registry, "RL-000001", operator="Sam")
    assert ticket(registry)["state"] == state_setup


def test_withdraw_ends_the_request_and_tells_the_registrar(registry):
    request(registry)
    t = operators.withdraw(registry, "RL-000001", operator="Sam", reason="registrar asked")
    assert t.state == "withdrawn"
    assert outbox(registry, "change_outcome")[0].to == [REGISTRAR]
    with pytest.raises(TransitionRefused):
        operators.withdraw(registry, "RL-000001", operator="Sam")


def test_triage_ticket_can_be_closed(registry):
    result = request(registry, sender="someone@example.org")
    assert operators.close(registry, result.ticket, operator="Sam", reason="spam").state == "closed"


def test_unknown_reference_is_a_clear_error(registry):
    from mailbot.errors import NotFound

    with pytest.raises(NotFound, match="no ticket 'RL-999999'"):
        operators.applied(registry, "RL-999999", operator="Sam")


def test_outgoing_mail_threads_and_is_marked_automatic(registry):
    request(registry, message_id="<thread-root@registrar.example>")
    for item in outbox(registry):
        msg = parsed(item)
        assert msg["In-Reply-To"] == "<thread-root@registrar.example>"
        assert msg["Message-ID"].startswith("<RL-000001.") and msg["Message-ID"] == item.message_id
        assert msg["Auto-Submitted"] in ("auto-generated", "auto-replied")
        assert msg["Reply-To"].addresses[0].username.startswith("registrylock+RL-000001.")
    assert parsed(outbox(registry, "change_received")[0])["Auto-Submitted"] == "auto-replied"


def test_header_injection_from_a_subject_does_not_reach_outgoing_headers(registry):
    raw = build(subject="Name servers hmrc.gov.uk", body="Please update the name servers for hmrc.gov.uk "
                "to ns1.newdns.co.uk\n").replace(b"Subject: Name servers hmrc.gov.uk",
                                                 b"Subject: Name servers hmrc.gov.uk\r\n"
                                                 b" =?utf-8?q?x=0D=0ABcc:_evil@attacker.example?=")
    receive(registry, raw, "file")
    for item in outbox(registry):
        msg = parsed(item)
        assert msg["Bcc"] is None and b"\nBcc:" not in item.message.raw


def test_the_clock_decides_every_timestamp(registry, clock):
    clock.set(datetime(2027, 3, 26, 16, 0, tzinfo=UTC))  # Good Friday 2027
    result = request(registry)
    t = ticket(registry, result.ticket)
    assert t["opened_at"] == "2027-03-26T16:00:00+00:00"
    # Closed on Good Friday and Easter Monday: due 09:00 + 8.5 h on Tuesday 30 March (BST, UTC+1).
    assert t["next_deadline"] == "2027-03-30T16:30:00+00:00"
    clock.advance(timedelta(hours=1))
    operators.withdraw(registry, result.ticket, operator="Sam")
    assert ticket(registry, result.ticket)["events"][-2]["at"] == "2027-03-26T17:00:00+00:00"


def test_registrar_new_request_on_an_old_thread_opens_a_new_ticket(registry):
    request(registry)
    operators.withdraw(registry, "RL-000001", operator="Sam")
    outcome_mail = outbox(registry, "change_outcome")[0]
    raw = reply_to(outcome_mail, sender=REGISTRAR, quote=False,
                   text="Please update the name servers for hmrc.gov.uk to ns1.again.example and ns2.again.example.")
    result = receive(registry, raw, "file")
    assert (result.ticket, result.state, result.action) == ("RL-000002", "awaiting_verification", "opened")
    assert ticket(registry, "RL-000002")["change"] == {
        "hmrc.gov.uk": {"nameservers": ["ns1.again.example", "ns2.again.example"]}}


def test_registrar_note_on_a_ticket_is_recorded_and_operators_told(registry):
    request(registry)
    ack = outbox(registry, "change_received")[0]
    result = receive(registry, reply_to(ack, sender=REGISTRAR, text="Any news on this one?", quote=False), "file")
    assert (result.ticket, result.action) == ("RL-000001", "recorded")
    assert ticket(registry)["events"][-2]["kind"] == "registrar_message"
    assert "mailbot messages show" in body(outbox(registry, "operator_notice")[-1])


def test_a_message_that_keeps_failing_is_retried_then_parked_and_the_next_goes_through(registry, monkeypatch):
    from mailbot.ingest.receive import MAX_ATTEMPTS, ProcessingFailed, receive_retrying
    from mailbot.workflow import intake

    real = intake.act
    poison = build(subject="poison", body="Please update the name servers for hmrc.gov.uk to ns1.p.example\n")

    def act(session, app, message, mail, c):
        if mail.subject == "poison":
            raise RuntimeError("a bug met this message")
        return real(session, app, message, mail, c)

    monkeypatch.setattr(intake, "act", act)
    for attempt in range(1, MAX_ATTEMPTS):
        with pytest.raises(ProcessingFailed, match="a bug met this message"):
            receive(registry, poison, "smtp")
    parked = receive(registry, poison, "smtp")
    assert (parked.kind, parked.state, parked.action) == ("triage", "triage", "parked")
    reason = ticket(registry, parked.ticket)["events"][0]["reason"]
    assert "after 3 attempts (RuntimeError: a bug met this message)" in reason
    assert receive(registry, poison, "smtp").action == "duplicate"  # parked: not tried again
    assert receive_retrying(registry, build(), "file").action == "opened"  # the next message goes through


def test_a_message_failing_in_the_middle_of_a_group_loses_only_its_own_work(registry, monkeypatch):
    from mailbot.ingest.receive import Incoming, ProcessingFailed, receive_many
    from mailbot.workflow import intake

    real = intake.act

    def act(session, app, message, mail, c):
        outcome = real(session, app, message, mail, c)  # its ticket and mail are written, then it fails
        if mail.subject == "poison":
            raise RuntimeError("a bug met this message")
        return outcome

    monkeypatch.setattr(intake, "act", act)
    group = [build(subject="first"), build(subject="poison", sender="security@hmrc.gov.uk"),
             build(subject="last", body="Please update the name servers for hmrc.gov.uk to ns1.l.example and "
                                        "ns2.l.example\n")]
    first, poison, last = receive_many(registry, [Incoming(raw, "imap") for raw in group])
    assert (first.ticket, first.action) == ("RL-000001", "opened")
    assert isinstance(poison, ProcessingFailed)
    assert (last.ticket, last.action) == ("RL-000001", "amended")
    assert len(outbox(registry, "operator_task")) == 2  # one for each, once
    with registry.sessions() as session:
        stored = {m.subject: (m.status, m.attempts) for m in session.scalars(select(Message).where(
            Message.direction == "in"))}
        assert list(session.scalars(select(Ticket.ref))) == ["RL-000001"]  # the poison one's ticket is gone
    assert stored == {"first": ("processed", 0), "poison": ("stored", 1), "last": ("processed", 0)}


@pytest.mark.parametrize("text", ["I confirm this change.\u202e", "I \u200bconfirm this change.",
                                  "\u2067I confirm\u2069 this change."])
def test_a_reply_with_invisible_or_direction_changing_characters_takes_no_authority(registry, text):
    request(registry)
    verified(registry)
    _not_accepted(registry, reply_to(confirmation(registry), sender=SECURITY, text=text),
                  "invisible or direction-changing characters")


def test_a_confirmation_dated_before_it_was_asked_for_is_a_replay(registry):
    request(registry)
    verified(registry)  # Friday 27 November 10:00
    raw = reply_to(confirmation(registry), sender=SECURITY, text="I confirm this change.")
    raw = raw.replace(b"Date: Fri, 27 Nov 2026 12:00:00 +0000", b"Date: Thu, 26 Nov 2026 12:00:00 +0000")
    _not_accepted(registry, raw, "a replay of an earlier message")


# -- the change is the resulting records ---------------------------------------------------------------------

ADD_REMOVE_TABLE = """Hello,

Please make the following change to the delegation of hmrc.gov.uk:

| Domain      | Action | Nameserver       |
| hmrc.gov.uk | REMOVE | ns2.hmrc.gov.uk  |
| hmrc.gov.uk | ADD    | ns3.newdns.co.uk |

Kind regards,
Jo
"""

def text(item) -> str:
    return body(item).replace("\r\n", "\n")


TWO_LISTS = """Please update the name servers for hmrc.gov.uk.

Current name servers:
ns1.hmrc.gov.uk
ns2.hmrc.gov.uk

New name servers:
ns1.newdns.co.uk
ns2.newdns.co.uk
"""


def test_an_add_remove_table_records_the_resulting_set_and_every_mail_marks_what_changes(registry):
    result = request(registry, body=ADD_REMOVE_TABLE)
    assert (result.kind, result.state, result.action) == ("change", "awaiting_verification", "opened")
    # The records hmrc.gov.uk will hold: the server to remove is never taken as one to add.
    assert ticket(registry)["change"] == {"hmrc.gov.uk": {"nameservers": ["ns1.hmrc.gov.uk", "ns3.newdns.co.uk"]}}
    marked = ("Name servers\n"
              "  Current:            ns1.hmrc.gov.uk\n"
              "                    - ns2.hmrc.gov.uk (removed)\n"
              "  After the change:   ns1.hmrc.gov.uk\n"
              "                    + ns3.newdns.co.uk (added)\n")
    assert marked in text(outbox(registry, "operator_task")[0])
    ack = text(outbox(registry, "change_received")[0])
    assert ("  After the change:   ns1.hmrc.gov.uk\n"
            "                    + ns3.newdns.co.uk (added)\n"
            "  Removed:          - ns2.hmrc.gov.uk (removed)\n") in ack
    assert "If this is not the change you asked for, reply to this email at once." in ack
    verified(registry)
    assert marked in text(confirmation(registry))
    receive(registry, reply_to(confirmation(registry), sender=SECURITY, text="I confirm this change."), "file")
    operators.applied(registry, "RL-000001", operator="Sam Jones")
    with registry.sessions() as s:
        assert s.scalar(select(Domain.nameservers).where(Domain.name == "hmrc.gov.uk")) == [
            "ns1.hmrc.gov.uk", "ns3.newdns.co.uk"]
    notified = text(outbox(registry, "change_notification")[0])
    assert ("  Previous:   ns1.hmrc.gov.uk\n            - ns2.hmrc.gov.uk (removed)\n"
            "  New:        ns1.hmrc.gov.uk\n            + ns3.newdns.co.uk (added)\n") in notified


def test_two_labelled_lists_record_the_new_one_only(registry):
    request(registry, body=TWO_LISTS)
    assert ticket(registry)["change"] == {"hmrc.gov.uk": {"nameservers": ["ns1.newdns.co.uk", "ns2.newdns.co.uk"]}}
    assert "                    - ns2.hmrc.gov.uk (removed)" in text(outbox(registry, "operator_task")[0])


def test_yes_go_ahead_on_the_thread_opens_and_amends_nothing(registry):
    request(registry, body=ADD_REMOVE_TABLE)
    before = ticket(registry)
    ack = outbox(registry, "change_received")[0]
    result = receive(registry, reply_to(ack, sender=REGISTRAR, text="Yes, go ahead."), "file")
    assert (result.ticket, result.action) == ("RL-000001", "recorded")
    after = ticket(registry)
    assert (after["stage"], after["change"], after["state"]) == (before["stage"], before["change"], before["state"])
    assert len(outbox(registry, "change_received")) == 1 and len(outbox(registry, "operator_task")) == 1
    assert "> Yes, go ahead." in text(outbox(registry, "operator_notice")[-1])


def test_a_server_said_to_stay_that_is_not_on_record_is_asked_about_and_shown_to_the_registrar(registry):
    # "Keep" names a server the domain does not have: the registrar's picture of the records is not the
    # registry's, so nothing is sent to be verified, and the registrar sees what was read, the kept one too.
    result = request(registry, body="Please update the name servers of hmrc.gov.uk: keep ns9.nowhere.example, "
                                    "remove ns2.hmrc.gov.uk and add ns3.newdns.co.uk.\n")
    assert (result.kind, result.action) == ("triage", "triaged")
    assert outbox(registry, "operator_task") == []
    said = text(outbox(registry, "request_unclear")[0])
    assert "  Name servers to keep:\n    ns9.nowhere.example\n" in said


def test_removing_a_server_not_on_record_is_triaged_and_the_registrar_asked_to_send_it_again(registry):
    result = request(registry, body="Please remove ns0.old.example from the name servers of hmrc.gov.uk and add "
                                    "ns3.newdns.co.uk.\n")
    assert (result.kind, result.state, result.action) == ("triage", "triage", "triaged")
    t = ticket(registry, result.ticket)
    assert t["change"] == {} and "ns0.old.example cannot be removed" in t["events"][0]["reason"]
    assert outbox(registry, "operator_task") == [] and outbox(registry, "change_received") == []
    [notice] = outbox(registry, "triage_notice")
    assert notice.to == [OPERATORS]
    assert "cannot tell what is to change for hmrc.gov.uk" in " ".join(text(notice).split())
    [asked] = outbox(registry, "request_unclear")
    assert asked.to == [REGISTRAR] and "We could not read your request for hmrc.gov.uk" in heading(asked)
    said = text(asked)
    assert "  Name servers to add:\n    ns3.newdns.co.uk\n  Name servers to remove:\n    ns0.old.example\n" in said
    assert "ns0.old.example cannot be removed" in " ".join(said.split())
    assert "  Domain: hmrc.gov.uk\n  Nameservers: " in said
    assert parsed(asked)["Auto-Submitted"] == "auto-replied"
    for secret in (SECURITY, SOC, "7946", "Cyber Security"):
        assert secret not in asked.message.raw.decode()
    # Sent again as asked, on the same thread: a change ticket of its own.
    again = receive(registry, reply_to(asked, sender=REGISTRAR, quote=False,
                                       text="Domain: hmrc.gov.uk\nNameservers: ns1.hmrc.gov.uk, ns3.newdns.co.uk"),
                    "file")
    assert (again.kind, again.action) == ("change", "opened")
    assert ticket(registry, again.ticket)["change"] == {
        "hmrc.gov.uk": {"nameservers": ["ns1.hmrc.gov.uk", "ns3.newdns.co.uk"]}}


@pytest.mark.parametrize("words", ["This is not the change we asked for.", "Wrong servers, sorry!",
                                   "Please withdraw this request."])
def test_a_reply_saying_it_is_not_the_change_asked_for_withdraws_it(registry, words):
    request(registry, body=ADD_REMOVE_TABLE)
    ack = outbox(registry, "change_received")[0]
    result = receive(registry, reply_to(ack, sender=REGISTRAR, text=words), "file")
    assert (result.ticket, result.state, result.action) == ("RL-000001", "withdrawn", "withdrawn")
    [withdrawn] = [e for e in ticket(registry)["events"] if e["kind"] == "withdraw"]
    assert "not the change it asked for" in withdrawn["reason"]
    notice = outbox(registry, "operator_notice")[-1]
    assert notice.to == [OPERATORS] and "RL-000001 was withdrawn" in heading(notice)
    assert [o.to for o in outbox(registry, "change_outcome")] == [[REGISTRAR]]
    assert outbox(registry, "confirmation_void") == []  # nobody had been asked to confirm it


@pytest.mark.parametrize("words", ["Nothing wrong here, thanks.", "No mistake: please go ahead.",
                                   "Please do not cancel this request."])
def test_a_reply_denying_a_withdraw_phrase_withdraws_nothing_and_the_operators_read_it(registry, words):
    request(registry, body=ADD_REMOVE_TABLE)
    ack = outbox(registry, "change_received")[0]
    result = receive(registry, reply_to(ack, sender=REGISTRAR, text=words), "file")
    assert (result.state, result.action) == ("awaiting_verification", "recorded")
    notice = outbox(registry, "operator_notice")[-1]
    assert notice.to == [OPERATORS] and f"> {words}" in text(notice)


def test_withdrawn_after_verification_tells_the_lock_contacts_their_confirmation_is_void(registry):
    request(registry, body=ADD_REMOVE_TABLE)
    verified(registry)
    ack = outbox(registry, "change_received")[0]
    result = receive(registry, reply_to(ack, sender=REGISTRAR, text="That is not what we asked for."), "file")
    assert result.state == "withdrawn"
    [void] = outbox(registry, "confirmation_void")
    [gds_void] = outbox(registry, "confirmation_void_for_gds")
    assert void.to == [SECURITY, SOC] and gds_void.to == [GDS]
    assert "was withdrawn: do not confirm it" in heading(void)
    told = " ".join(body(gds_void).split())
    assert "was withdrawn after it was verified" in heading(gds_void) and "Your security team" not in told
    assert "The confirmation of authorisation we sent you for the earlier request no longer counts" in told
    late = receive(registry, reply_to(confirmation(registry), sender=SECURITY, text="I confirm this change."), "file")
    assert late.state == "withdrawn" and late.action != "confirmed"


def test_a_thanks_quoting_the_acknowledgement_withdraws_nothing(registry):
    """The acknowledgement itself says "If this is not the change you asked for": only the registrar's own words
    count."""
    request(registry)
    ack = outbox(registry, "change_received")[0]
    result = receive(registry, reply_to(ack, sender=REGISTRAR, text="Thanks."), "file")
    assert (result.state, result.action) == ("awaiting_verification", "recorded")


def test_another_registrar_saying_wrong_withdraws_nothing(registry):
    request(registry)
    raw = build(sender="domains@othernames.example", subject="Re: [RL-000001] Change request received for hmrc.gov.uk",
                body="This is wrong.\n")
    assert receive(registry, raw, "file").state == "awaiting_verification"


def test_making_a_lock_contact_a_whois_contact_warns_the_operators_only(registry):
    result = request(registry, subject="Contact change for hmrc.gov.uk",
                     body=f"Domain: hmrc.gov.uk\nAdmin contact: {SECURITY}\n")
    assert result.action == "opened"
    assert ticket(registry)["change"] == {"hmrc.gov.uk": {"contacts": [SECURITY]}}
    task = " ".join(text(outbox(registry, "operator_task")[0]).split()).removeprefix(
        "Phone to verify a change to hmrc.gov.uk ")  # the mail's first line, then its first paragraph
    assert task.startswith(f"WARNING: this change would make a Registry Lock contact ({SECURITY}) a WHOIS contact; "
                           "lock contacts must stay apart from WHOIS.")
    assert "WARNING" not in text(outbox(registry, "change_received")[0])
    [event] = [e for e in ticket(registry)["events"] if e["kind"] == "lock_contact_in_whois"]
    assert SECURITY in event["reason"]
    request(registry, subject="NS", message_id="<plain@registrar.example>")
    assert "WARNING" not in text(outbox(registry, "operator_task")[-1])
