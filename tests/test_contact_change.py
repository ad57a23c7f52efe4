"""Changing an organisation's Registry Lock contacts by email: the form, the present lock contacts' call and written
confirmation or dispute, GDS's approval, the mails to the old and the new contacts; on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from importlib.resources import files
from pathlib import Path

import pytest
from sqlalchemy import select

from mailbot.errors import InputError, TransitionRefused
from mailbot.ingest.receive import receive
from mailbot.parse.forms import read_form
from mailbot.store.models import Contact, Organisation
from mailbot.workflow import contacts, operators
from mailbot.workflow.sweep import sweep
from tests.support.constants import EXAMPLES
from tests.support.mails import (
    GDS,
    HMRC_CONTACTS,
    NCSC,
    PARISH_SIGNUP,
    REGISTRAR,
    SECURITY,
    SOC,
    body,
    build,
    outbox,
    reply_to,
)

FORMS = Path(str(files("mailbot") / "templates" / "forms"))
SENIOR = "ciso@hmrc.gov.uk"
NEW = "secops@hmrc.gov.uk"


def send(app, text: str = HMRC_CONTACTS, *, sender: str = SENIOR, subject: str = "Registry Lock contacts"):
    return receive(app, build(sender=sender, to=GDS, subject=subject, body=text), "file")


def lock_contacts(app) -> set[str]:
    with app.sessions() as session:
        org = session.scalar(select(Organisation).where(Organisation.name == "HM Revenue and Customs"))
        return {c.email for c in session.scalars(select(Contact).where(Contact.organisation_id == org.id,
                                                                       Contact.role == "security"))}


def verified(app, ref: str) -> None:
    operators.record_call(app, ref, outcome="verified", contact=SECURITY, operator="Sam Jones")


def confirm(app, ref: str, text: str = "I confirm this change."):
    mail = next(o for o in outbox(app, "contact_change_confirmation", ref) if SECURITY in o.to)
    return receive(app, reply_to(mail, sender=SECURITY, text=text), "file")


def test_a_contact_change_is_verified_by_the_present_contacts_then_approved_by_gds(registry):
    result = send(registry)
    assert (result.kind, result.state, result.action) == ("contact_change", "awaiting_verification", "opened")
    ref = result.ticket
    [received] = outbox(registry, "contact_change_received")
    assert received.to == [SENIOR] and NEW in body(received) and "soc@hmrc.gov.uk" in body(received)
    [told] = outbox(registry, "signup_contacts_changing")
    assert set(told.to) == {SECURITY, SOC} and NEW in body(told)
    notices = outbox(registry, "operator_notice", ref)
    assert any(f"mailbot call {ref}" in body(n) for n in notices)
    assert any(n.to == [GDS] and "authenticated" in body(n) for n in notices)
    with pytest.raises(TransitionRefused):
        contacts.approve(registry, ref, operator="GDS")  # not verified yet

    verified(registry, ref)
    confirmations = outbox(registry, "contact_change_confirmation", ref)
    assert [c.to for c in confirmations] == [[SECURITY, SOC]]
    [copy] = outbox(registry, "contact_change_confirmation_for_gds", ref)  # GDS's own, in its words
    assert copy.to == [GDS] and "You do not need to do anything yet" in " ".join(body(copy).split())
    text = body(confirmations[0])
    assert NEW in text and "soc@hmrc.gov.uk" in text and "removed" in text and "added" in text
    assert confirm(registry, ref).action == "confirmed"
    assert lock_contacts(registry) == {SECURITY, SOC}  # nothing changes until GDS approves

    t = contacts.approve(registry, ref, operator="GDS: Priya Patel")
    assert t.state == "completed"
    assert lock_contacts(registry) == {SECURITY, NEW}
    completed = outbox(registry, "contact_change_completed", ref)
    assert sorted(tuple(sorted(c.to)) for c in completed) == sorted([(NEW,), tuple(sorted((SECURITY, SOC))), (SENIOR,)])
    for mail in completed:  # a lock contact is never in the same To: or Cc: as an outsider
        everyone = set(mail.to) | set(mail.cc)
        assert everyone <= {SECURITY, SOC, NEW, GDS} or everyone == {SENIOR}
    [records] = outbox(registry, "current_records", ref)
    assert records.to == [NEW] and "ns1.hmrc.gov.uk" in body(records)
    # The new contact is now the one a change is verified with.
    change = receive(registry, build(), "file")
    operators.record_call(registry, change.ticket, outcome="verified", contact=NEW, operator="Sam")


def test_a_present_lock_contact_disputes_the_contact_change(registry):
    ref = send(registry).ticket
    verified(registry, ref)
    result = confirm(registry, ref, "Not authorised. We did not request this.")
    assert result.action == "disputed"
    [alert] = outbox(registry, "dispute_alert", ref)
    assert GDS in alert.cc and NCSC in alert.cc and NEW in body(alert)
    assert outbox(registry, "change_outcome", ref) == []  # the requester is not a registrar
    with pytest.raises(TransitionRefused, match="disputed"):
        contacts.approve(registry, ref, operator="GDS")
    assert lock_contacts(registry) == {SECURITY, SOC}


def test_a_refused_call_stops_it(registry):
    ref = send(registry).ticket
    operators.record_call(registry, ref, outcome="refused", contact=SOC, operator="Sam")
    assert outbox(registry, "dispute_alert", ref)
    assert lock_contacts(registry) == {SECURITY, SOC}


def test_a_contact_change_never_verified_expires(registry, clock):
    ref = send(registry).ticket
    clock.set(datetime(2026, 12, 11, 10, tzinfo=UTC))  # 10 working days after Friday 27 November, 10:00
    sweep(registry)
    with registry.sessions() as session:
        from mailbot.store import queries
        assert queries.ticket_by_ref(session, ref).state == "expired"
    [expired] = outbox(registry, "ticket_expired", ref)
    assert expired.to == [GDS]
    assert outbox(registry, "change_outcome", ref) == []
    assert lock_contacts(registry) == {SECURITY, SOC}


def test_every_problem_with_the_new_contacts_is_listed_at_once(registry):
    form = (HMRC_CONTACTS.replace("secops@hmrc.gov.uk, 020 7946 0002", "hmrc.security@gmail.com, 020 7946 0002")
            + "Add Registry Lock contact: hostmaster@hmrc.gov.uk, 020 7946 0003\n"
            + "Add Registry Lock contact: jane.smith@hmrc.gov.uk, 020 7946 0004\n"
            + "Remove Registry Lock contact: nobody@hmrc.gov.uk\n")
    result = send(registry, form)
    assert (result.kind, result.state, result.action) == ("contact_change", "rejected", "refused")
    [rejected] = outbox(registry, "contact_change_rejected")
    text = " ".join(body(rejected).split())
    for problem in ("hmrc.security@gmail.com", "jane.smith@hmrc.gov.uk", "hostmaster@hmrc.gov.uk",
                    "nobody@hmrc.gov.uk is not a Registry Lock contact"):
        assert problem in text, problem
    assert outbox(registry, "signup_contacts_changing") == []


def test_a_signup_for_a_domain_locked_for_the_same_organisation_is_a_contact_change(registry):
    form = (PARISH_SIGNUP.replace("Little Ashby Parish Council", "HM Revenue and Customs")
            .replace("little-ashby-pc.gov.uk", "hmrc.gov.uk").replace("Margaret Hale", "Jim Hacker"))
    result = receive(registry, build(sender=SENIOR, to=GDS, subject="Registry Lock sign-up", body=form), "file")
    assert (result.kind, result.state) == ("contact_change", "awaiting_verification")
    ref = result.ticket
    verified(registry, ref)
    confirm(registry, ref)
    contacts.approve(registry, ref, operator="GDS")
    assert lock_contacts(registry) == {"security@hmrc.gov.uk"}
    with registry.sessions() as session:
        technical = {c.email for c in session.scalars(select(Contact).where(Contact.role == "technical"))}
    assert "webmaster@hmrc.gov.uk" in technical


@pytest.mark.parametrize("sender", ["ciso@gmail.com", REGISTRAR])
def test_a_forged_contact_change_form_changes_nothing(registry, sender):
    result = send(registry, HMRC_CONTACTS.replace("Email: ciso@hmrc.gov.uk", f"Email: {sender}"), sender=sender)
    # From a registrar it is never a form: read as a change request for the domain's WHOIS records, its "Remove
    # Registry Lock contact: soc@..." line cannot be read as anything to add, so the registrar is asked what it
    # wants (never a change recorded); no contact change is opened and the lock contacts stay.
    assert result.kind == ("triage" if sender == REGISTRAR else "contact_change")
    assert lock_contacts(registry) == {SECURITY, SOC}
    if sender == REGISTRAR:
        assert outbox(registry, "signup_contacts_changing") == [] and outbox(registry, "contact_change_received") == []
        [asked] = outbox(registry, "request_unclear")
        assert asked.to == [REGISTRAR] and "soc@hmrc.gov.uk is to go" in body(asked)
        with pytest.raises(TransitionRefused):
            contacts.approve(registry, result.ticket, operator="GDS")
    if sender != REGISTRAR:
        [notice] = [n for n in outbox(registry, "operator_notice", result.ticket) if n.to == [GDS]]
        assert "NOT authenticated" in body(notice)
        with pytest.raises(TransitionRefused):
            contacts.approve(registry, result.ticket, operator="GDS")


def test_gds_is_reminded_of_what_waits_for_it(registry, clock):
    signup = receive(registry, build(sender="ciso@little-ashby-pc.gov.uk", to=GDS, subject="Registry Lock sign-up",
                                     body=PARISH_SIGNUP), "file").ticket
    ref = send(registry).ticket
    verified(registry, ref)
    confirm(registry, ref)
    clock.set(datetime(2026, 12, 1, 11, tzinfo=UTC))  # 2 working days on
    sweep(registry)
    reminders = {o.ticket.ref: o for o in outbox(registry, "review_reminder")}
    assert set(reminders) == {signup, ref} and all(o.to == [GDS] for o in reminders.values())
    for reminder in reminders.values():  # GDS replies with a command: it has no shell on the registry's machine
        text = body(reminder).replace("\r\n", "\n")
        assert "mailbot" not in text and "\n  approve by=NAME\n" in text
    sweep(registry)
    assert len(outbox(registry, "review_reminder")) == 2  # once each, until the next is due
    clock.set(datetime(2026, 12, 3, 11, tzinfo=UTC))
    sweep(registry)
    assert len(outbox(registry, "review_reminder")) == 4
    contacts.approve(registry, ref, operator="GDS")
    clock.set(datetime(2026, 12, 7, 11, tzinfo=UTC))
    sweep(registry)
    assert [o.ticket.ref for o in outbox(registry, "review_reminder")].count(ref) == 2


def test_the_blank_form_filled_in_is_read_as_a_contact_change():
    blank = (FORMS / "contact_change.txt").read_text(encoding="utf-8")
    answers = {"Organisation:": "HM Revenue and Customs", "Your name:": "Jim Hacker",
               "Job title:": "Chief Information Security Officer", "Email:": SENIOR, "Phone:": "020 7946 0500",
               "Add Registry Lock contact:": f"{NEW}, 020 7946 0002, HMRC Security Operations",
               "Remove Registry Lock contact:": SOC, "Change Registry Lock contact:": f"{SECURITY}, 020 7946 0010"}
    filled = "\n".join(f"{line} {answers.pop(line)}" if line in answers else line for line in blank.split("\n"))
    result = read_form("Registry Lock contacts", filled, SENIOR)
    assert (result.kind, result.errors) == ("contact_change", ())
    form = result.form
    assert ([c.email for c in form.add], form.remove, form.domains) == ([NEW], (SOC,), ())
    assert [(c.email, c.phone) for c in form.change] == [(SECURITY, "020 7946 0010")]
    # Left blank, it names every field to fill in.
    empty = read_form("Registry Lock contacts", blank)
    assert empty.kind == "contact_change" and any("Organisation" in e for e in empty.errors)


def test_the_worked_example_opens_a_contact_change(registry):
    result = receive(registry, (EXAMPLES / "contact-change.eml").read_bytes(), "file")
    assert (result.kind, result.state, result.action) == ("contact_change", "awaiting_verification", "opened")
    [told] = outbox(registry, "signup_contacts_changing")
    assert set(told.to) == {SECURITY, SOC} and NEW in body(told)


def test_a_present_lock_contact_stops_it_at_once_by_answering_the_first_notice(registry):
    """signup_contacts_changing tells them to reply "not authorised" if they did not expect it: that reply stops
    it before anyone phones."""
    ref = send(registry).ticket
    [told] = outbox(registry, "signup_contacts_changing", ref)
    assert 'write "not authorised"' in " ".join(body(told).split())
    result = receive(registry, reply_to(told, sender=SOC, text="Not authorised. We did not ask for this."), "file")
    assert (result.ticket, result.action, result.state) == (ref, "disputed", "disputed")
    [alert] = outbox(registry, "dispute_alert", ref)
    assert "Registry Lock contacts of hmrc.gov.uk was NOT authorised" in " ".join(body(alert).split())
    assert lock_contacts(registry) == {SECURITY, SOC}


# --- a present lock contact's new phone number (or name) ---------------------------------------------------------

SOC_PHONE, SOC_NEW_PHONE = "+44 20 7946 0001", "+44 20 7946 0009"
PHONE_CHANGE = f"{SOC}: phone {SOC_PHONE} -> {SOC_NEW_PHONE}"


def phone_change(*lines: str) -> str:
    """HMRC's contact-change form with `lines` in place of its contacts to add and to remove."""
    head = HMRC_CONTACTS.split("Add Registry Lock contact:")[0]
    return head + "".join(f"{line}\n" for line in lines)


def soc(app) -> tuple[str, str]:
    with app.sessions() as session:
        contact = session.scalar(select(Contact).where(Contact.email == SOC))
        return contact.phone, contact.name


def events(app, ref: str) -> list[dict]:
    from mailbot import views
    from mailbot.store import queries

    with app.sessions() as session:
        return views.ticket_detail(session, queries.ticket_by_ref(session, ref))["events"]


def test_a_lock_contacts_new_phone_number_is_verified_by_the_present_contacts_then_approved(registry):
    result = send(registry, phone_change(f"Change Registry Lock contact: {SOC}, {SOC_NEW_PHONE}"))
    assert (result.kind, result.state, result.action) == ("contact_change", "awaiting_verification", "opened")
    ref = result.ticket
    [received] = outbox(registry, "contact_change_received", ref)
    assert received.to == [SENIOR] and PHONE_CHANGE in body(received)
    [told] = outbox(registry, "signup_contacts_changing", ref)  # told at once, before anyone phones
    assert set(told.to) == {SECURITY, SOC} and PHONE_CHANGE in body(told)
    assert "never on a new number" in " ".join(body(told).split())
    # The operators phone the number on record, never the new one: a call on the new number does not count.
    [task] = [n for n in outbox(registry, "operator_notice", ref) if f"mailbot call {ref}" in body(n)]
    text = " ".join(body(task).split())
    assert f"{SOC}: {SOC_PHONE} (on record; never the new number {SOC_NEW_PHONE} asked for)" in text
    assert "on the number on record, never a new number this request gives" in text
    with pytest.raises(InputError, match="not the number on record"):
        operators.record_call(registry, ref, outcome="verified", contact=SOC, phone=SOC_NEW_PHONE, operator="Sam")

    operators.record_call(registry, ref, outcome="verified", contact=SOC, phone=SOC_PHONE, operator="Sam Jones")
    confirmations = [*outbox(registry, "contact_change_confirmation", ref),
                     *outbox(registry, "contact_change_confirmation_for_gds", ref)]
    assert [c.to for c in confirmations] == [[SECURITY, SOC], [GDS]]
    assert all(PHONE_CHANGE in body(c) for c in confirmations)
    assert confirm(registry, ref).action == "confirmed"
    assert soc(registry)[0] == SOC_PHONE  # nothing changes until GDS approves

    contacts.approve(registry, ref, operator="GDS: Priya Patel")
    assert soc(registry) == (SOC_NEW_PHONE, "HMRC Security Operations Centre")
    assert lock_contacts(registry) == {SECURITY, SOC}
    [changed] = [e for e in events(registry, ref) if e["kind"] == "lock_contact_changed"]
    assert changed["actor"] == "GDS: Priya Patel" and PHONE_CHANGE in changed["reason"]
    # The contact whose number changed is told once, on its one address, with the other present contact (GDS
    # copied); the person who asked in a mail of their own; nobody new, so no current_records.
    completed = outbox(registry, "contact_change_completed", ref)
    assert sorted(tuple(sorted(c.to)) for c in completed) == sorted([(SECURITY, SOC), (SENIOR,)])
    [old] = [c for c in completed if SOC in c.to]
    assert old.cc == [GDS] and PHONE_CHANGE in body(old)
    assert PHONE_CHANGE not in body(next(c for c in completed if c.to == [SENIOR]))
    assert outbox(registry, "current_records", ref) == []
    # The next change is verified on the new number.
    change = receive(registry, build(), "file")
    operators.record_call(registry, change.ticket, outcome="verified", contact=SOC, phone="020 7946 0009",
                        operator="Sam")


def test_a_new_name_changes_with_the_phone_and_every_mail_shows_both(registry):
    ref = send(registry,
               phone_change(f"Change Registry Lock contact: {SOC}, {SOC_NEW_PHONE}, HMRC Cyber Defence")).ticket
    verified(registry, ref)
    [confirmation] = [c for c in outbox(registry, "contact_change_confirmation", ref) if SOC in c.to]
    text = body(confirmation)
    assert PHONE_CHANGE in text and f"{SOC}: name HMRC Security Operations Centre -> HMRC Cyber Defence" in text
    confirm(registry, ref)
    contacts.approve(registry, ref, operator="GDS")
    assert soc(registry) == (SOC_NEW_PHONE, "HMRC Cyber Defence")


def test_a_phone_change_for_an_address_that_is_not_a_lock_contact_is_refused_with_every_other_problem(registry):
    result = send(registry, phone_change(f"Change Registry Lock contact: {NEW}, 020 7946 0009",
                                         f"Change Registry Lock contact: {SOC}, 020 7946 0001",
                                         "Remove Registry Lock contact: nobody@hmrc.gov.uk"))
    assert (result.kind, result.state, result.action) == ("contact_change", "rejected", "refused")
    [rejected] = outbox(registry, "contact_change_rejected")
    text = " ".join(body(rejected).split())
    for problem in ((f"{NEW} is not a Registry Lock contact of HM Revenue and Customs, so its phone number cannot be "
                    "changed: only a present Registry Lock contact's can"),
                    (f"{SOC} has the phone number {SOC_PHONE} and the name HMRC Security Operations Centre on record "
                    "already: the change changes nothing"),
                    "nobody@hmrc.gov.uk is not a Registry Lock contact"):
        assert problem in text, problem
    assert outbox(registry, "signup_contacts_changing") == [] and soc(registry)[0] == SOC_PHONE


@pytest.mark.parametrize(("value", "problem"), [
    (f"{SOC}, 12345", "'12345' is not a phone number; give 7 to 15 digits"),
    (f"{SOC}, HMRC Cyber Defence", "a phone number is needed for each Registry Lock contact"),
])
def test_a_new_phone_that_is_not_a_phone_number_is_refused(registry, value, problem):
    result = send(registry, phone_change(f"Change Registry Lock contact: {value}"))
    assert (result.kind, result.state) == ("contact_change", "rejected")
    [rejected] = outbox(registry, "contact_change_rejected")
    assert f"Change Registry Lock contact (line 8): {problem}" in " ".join(body(rejected).split())
    assert soc(registry)[0] == SOC_PHONE


def test_a_contact_changed_and_removed_on_one_form_is_a_problem():
    result = read_form("Registry Lock contacts", phone_change(f"Change Registry Lock contact: {SOC}, {SOC_NEW_PHONE}",
                                                               f"Remove Registry Lock contact: {SOC}"), SENIOR)
    assert result.errors == ((f"Change Registry Lock contact (line 8): {SOC} is also to be removed (line 9); give it "
                             "once, to add, to remove or to change"),)
