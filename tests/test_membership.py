"""Joining and leaving Registry Lock by email: sign-up and cancellation, reviewed by GDS."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from mailbot.errors import TransitionRefused
from mailbot.ingest.receive import receive
from mailbot.outbox.send import MaildirTransport, send_due
from mailbot.store.models import Contact, Domain, Organisation
from mailbot.store.values import Kind
from mailbot.workflow import allowances, membership
from tests.support import mails
from tests.support.mails import GDS, SECURITY, SOC, body, build, outbox, request
from tests.support.tickets import ticket

SENIOR = "ciso@little-ashby-pc.gov.uk"
# The parish's form (tests.support.mails), with the support and notification contacts filled in too.
PARISH_SIGNUP = mails.PARISH_SIGNUP + """Support contact: itsupport@little-ashby-pc.gov.uk
Notification contact: dns-changes@little-ashby-pc.gov.uk
"""


def send_form(app, text: str, *, sender: str = SENIOR, subject: str = "Registry Lock sign-up"):
    return receive(app, build(sender=sender, to=GDS, subject=subject, body=text), "file")


def domain(app, name):
    with app.sessions() as session:
        d = session.scalar(select(Domain).where(Domain.name == name))
        _ = d.organisation
        return d


def test_signup_is_checked_reviewed_and_locks_the_domain(registry):
    result = send_form(registry, PARISH_SIGNUP)
    assert (result.kind, result.state, result.action) == ("signup", "awaiting_review", "opened")
    [received] = outbox(registry, "signup_received")
    assert received.to == [SENIOR] and "little-ashby-pc.gov.uk" in body(received)
    [review] = outbox(registry, "signup_for_review")
    assert review.to == [GDS]
    text = body(review)
    assert "Margaret Hale" in text and "pass the address policy" in text
    assert "mailbot" not in text and "Reply to this email with approve." in " ".join(text.split())
    assert domain(registry, "little-ashby-pc.gov.uk").locked is False  # nothing changes before GDS approves

    t = membership.approve_signup(registry, result.ticket, operator="GDS: Priya Patel")
    assert t.state == "active"
    d = domain(registry, "little-ashby-pc.gov.uk")
    assert d.locked is True and d.organisation.name == "Little Ashby Parish Council"
    with registry.sessions() as session:
        contacts = session.scalars(select(Contact).where(Contact.organisation_id == d.organisation_id))
        roles = {(c.role, c.email) for c in contacts}
    assert ("security", "security@little-ashby-pc.gov.uk") in roles
    assert ("technical", "webmaster@little-ashby-pc.gov.uk") in roles
    [activated] = outbox(registry, "signup_activated")
    assert activated.to == [SENIOR] and activated.cc == [GDS]
    records, copy = outbox(registry, "current_records")  # the lock contacts', and the copy of who signed up
    assert records.to == ["security@little-ashby-pc.gov.uk"] and copy.to == ["ciso@little-ashby-pc.gov.uk"]
    assert "ns1.webhost.example" in body(records) and "clerk@little-ashby-pc.gov.uk" in body(records)
    # From now on a change to the domain needs verifying by phone.
    change = request(registry, subject="DNS", body="Please change the name servers for little-ashby-pc.gov.uk "
                     "to ns1.new.example and ns2.new.example\n")
    assert change.state == "awaiting_verification"


def test_every_problem_is_reported_at_once_and_the_signup_ends_rejected(registry):
    form = (PARISH_SIGNUP
            .replace("Domain: little-ashby-pc.gov.uk", "Domain: little-ashby-pc.gov.uk, hmrc.gov.uk, nosuch.gov.uk")
            .replace("security@little-ashby-pc.gov.uk, 01632 960002", "parish.security@gmail.com, 01632 960002")
            .replace("Technical contact: webmaster@", "Technical contact: margaret.hale@")
            .replace("Support contact: itsupport@little-ashby-pc.gov.uk",
                     "Support contact: clerk@little-ashby-pc.gov.uk")
            + "Registry Lock contact: clerk@little-ashby-pc.gov.uk, 01632 960003\n")
    result = send_form(registry, form)
    assert (result.state, result.action) == ("rejected", "refused")
    [rejected] = outbox(registry, "signup_rejected")
    assert rejected.to == [SENIOR]
    text = " ".join(body(rejected).split())
    for problem in ("hmrc.gov.uk is already in Registry Lock for another organisation",
                    "nosuch.gov.uk is not a .gov.uk domain in the registry records",
                    "parish.security@gmail.com", "margaret.hale@little-ashby-pc.gov.uk",
                    "clerk@little-ashby-pc.gov.uk"):
        assert problem in text, problem
    assert outbox(registry, "signup_for_review") == []
    assert domain(registry, "hmrc.gov.uk").organisation.name == "HM Revenue and Customs"


def test_form_errors_are_reported_each_with_its_field(registry):
    form = PARISH_SIGNUP.replace("Job title: Clerk to the Council and Senior Information Risk Owner\n", "") \
        .replace("security@little-ashby-pc.gov.uk, 01632 960002, Parish IT Security", "security@little-ashby-pc.gov.uk")
    result = send_form(registry, form)
    assert result.state == "rejected"
    text = body(outbox(registry, "signup_rejected")[0]).lower()
    assert "job title" in text and "phone" in text


def test_gds_can_reject_a_signup_with_a_reason(registry):
    result = send_form(registry, PARISH_SIGNUP)
    t = membership.reject(registry, result.ticket, Kind.SIGNUP, operator="GDS",
                          reason="the requester is not senior enough")
    assert t.state == "rejected"
    assert "the requester is not senior enough" in body(outbox(registry, "signup_rejected")[0])
    with pytest.raises(TransitionRefused):
        membership.approve_signup(registry, result.ticket, operator="GDS")
    assert domain(registry, "little-ashby-pc.gov.uk").locked is False


def test_signup_for_a_domain_already_locked_is_a_contact_change_its_lock_contacts_verify(registry):
    # The whole flow is in tests/test_contact_change.py: here, that it is no sign-up GDS could approve alone.
    form = (PARISH_SIGNUP.replace("Little Ashby Parish Council", "HM Revenue and Customs")
            .replace("little-ashby-pc.gov.uk", "hmrc.gov.uk").replace("Margaret Hale", "Jim Hacker"))
    result = send_form(registry, form, sender="ciso@hmrc.gov.uk")
    assert (result.kind, result.state) == ("contact_change", "awaiting_verification")
    [notice] = outbox(registry, "signup_contacts_changing")
    assert set(notice.to) == {SECURITY, SOC} and "Jim Hacker" in body(notice)
    with pytest.raises(TransitionRefused, match="not a signup"):
        membership.approve_signup(registry, result.ticket, operator="GDS")


def test_a_domain_that_is_not_in_the_records_or_is_not_gov_uk(registry):
    result = send_form(registry, PARISH_SIGNUP.replace("Domain: little-ashby-pc.gov.uk", "Domain: example.com"))
    assert result.state == "rejected"
    assert "example.com" in body(outbox(registry, "signup_rejected")[0])


def test_an_operator_can_allow_an_address_the_policy_doubted(registry):
    form = PARISH_SIGNUP.replace("Technical contact: webmaster@", "Technical contact: parishpump@")
    first = send_form(registry, form)
    assert first.state == "rejected" and "parishpump@" in body(outbox(registry, "signup_rejected")[0])
    allowances.allow_address(registry, "parishpump@little-ashby-pc.gov.uk", operator="Sam Jones",
                             reason="the parish's shared web team mailbox", ref=first.ticket)
    assert ticket(registry, first.ticket)["events"][-1]["kind"] == "address_allowed"
    again = send_form(registry, form + "\n", subject="Registry Lock sign-up (again)")
    assert again.state == "awaiting_review"


# -- cancellation ----------------------------------------------------------------------------------

HMRC_CANCEL = mails.HMRC_CANCEL


def test_cancellation_tells_the_lock_contacts_and_unlocks_after_review(registry, tmp_path):
    result = receive(registry, build(sender="ciso@hmrc.gov.uk", to=GDS, subject="Stop using Registry Lock",
                                     body=HMRC_CANCEL), "file")
    assert (result.kind, result.state) == ("cancellation", "awaiting_review")
    assert outbox(registry, "cancellation_received")[0].to == ["ciso@hmrc.gov.uk"]
    assert outbox(registry, "cancellation_for_review")[0].to == [GDS]
    [warned] = outbox(registry, "cancellation_requested")
    assert set(warned.to) == {SECURITY, SOC} and "Jim Hacker" in body(warned)
    assert domain(registry, "hmrc.gov.uk").locked is True
    # The lock contacts must have had the chance to object: not before their warning has gone.
    with pytest.raises(TransitionRefused, match="have not been told yet .*approve once it has been sent"):
        membership.approve_cancellation(registry, result.ticket, operator="GDS")
    send_due(registry, MaildirTransport(tmp_path / "outbox"))
    t = membership.approve_cancellation(registry, result.ticket, operator="GDS")
    assert t.state == "completed"
    assert domain(registry, "hmrc.gov.uk").locked is False
    # The lock contacts, the other contacts and the person who asked each get a mail of their own.
    done = outbox(registry, "cancellation_completed")
    assert [sorted(d.to) for d in done] == [sorted([SECURITY, SOC]), sorted(["hostmaster@hmrc.gov.uk",
                                            "it-servicedesk@hmrc.gov.uk", "dns-changes@hmrc.gov.uk"]),
                                            ["ciso@hmrc.gov.uk"]]
    assert [d.cc for d in done] == [[GDS], [], []]
    text = " ".join(body(done[-1]).split())
    assert "significantly higher" in text and "governance" in text
    # No longer locked: a change request is passed on, not verified.
    change = request(registry)
    assert change.state == "passed_on"


def test_cancellation_for_a_domain_not_in_the_service_is_refused(registry):
    result = receive(registry, build(sender="clerk@little-ashby-pc.gov.uk", to=GDS, subject="Cancel",
                                     body=HMRC_CANCEL.replace("hmrc.gov.uk", "little-ashby-pc.gov.uk")), "file")
    assert result.state == "rejected"
    assert "little-ashby-pc.gov.uk is not in Registry Lock" in body(outbox(registry, "cancellation_rejected")[0])


def test_cancellation_naming_another_organisations_domain_is_refused(registry):
    result = receive(registry, build(sender="x@little-ashby-pc.gov.uk", to=GDS, subject="Cancel",
                                     body=HMRC_CANCEL.replace("Organisation: HM Revenue and Customs",
                                                              "Organisation: Little Ashby Parish Council")), "file")
    assert result.state == "rejected"
    assert outbox(registry, "cancellation_requested") == []
    assert domain(registry, "hmrc.gov.uk").locked is True


def test_gds_can_reject_a_cancellation(registry):
    result = receive(registry, build(sender="ciso@hmrc.gov.uk", to=GDS, subject="Cancel", body=HMRC_CANCEL), "file")
    membership.reject(registry, result.ticket, Kind.CANCELLATION, operator="GDS", reason="not confirmed by phone")
    assert domain(registry, "hmrc.gov.uk").locked is True
    assert "not confirmed by phone" in body(outbox(registry, "cancellation_rejected")[0])


def test_approving_the_wrong_kind_of_ticket_is_refused(registry):
    result = request(registry)
    with pytest.raises(TransitionRefused, match="is a change ticket, not a signup"):
        membership.approve_signup(registry, result.ticket, operator="GDS")


# -- a lock contact's objection stops a cancellation -------------------------------------------------------


def cancel(app, *, sender: str = "ciso@hmrc.gov.uk", signed: bool = False):
    from tests.support.attacks import sign

    raw = build(sender=sender, to=GDS, subject="Stop using Registry Lock", body=HMRC_CANCEL)
    return receive(app, sign(raw, "hmrc.gov.uk") if signed else raw, "file")


def test_a_lock_contacts_objection_stops_the_cancellation_and_alerts_gds_and_ncsc(registry, env, monkeypatch,
                                                                                 capsys):
    from tests.support.cli import run_cli
    from tests.support.mails import NCSC, reply_to

    opened = cancel(registry)
    [warned] = outbox(registry, "cancellation_requested")
    result = receive(registry, reply_to(warned, sender=SECURITY,
                                        text="We did not request this. Do not remove the lock."), "file")
    assert (result.ticket, result.action, result.state) == (opened.ticket, "disputed", "disputed")
    [alert] = outbox(registry, "cancellation_disputed")
    assert set(alert.to) == {GDS, NCSC} and set(alert.cc) == {SECURITY, SOC}
    text = body(alert)
    assert "> We did not request this. Do not remove the lock." in text and SECURITY in text
    assert "authenticated" in text
    events = ticket(registry, opened.ticket)["events"]
    dispute = next(e for e in events if e["kind"] == "dispute")
    assert dispute["actor"] == SECURITY and "pass for hmrc.gov.uk" in dispute["data"]["authentication"]
    with pytest.raises(TransitionRefused, match="a Registry Lock contact disputed this cancellation"):
        membership.approve_cancellation(registry, opened.ticket, operator="GDS")
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    code, out, err = run_cli(["cancellation", "approve", opened.ticket, "--operator", "GDS"], capsys)
    assert (code, out) == (3, "") and len(err.splitlines()) == 1
    assert f"{opened.ticket}: a Registry Lock contact disputed this cancellation ({SECURITY}" in err
    assert domain(registry, "hmrc.gov.uk").locked is True
    assert outbox(registry, "cancellation_completed") == []


def test_any_other_reply_from_a_lock_contact_is_quoted_to_gds(registry):
    from tests.support.mails import reply_to

    opened = cancel(registry)
    [warned] = outbox(registry, "cancellation_requested")
    result = receive(registry, reply_to(warned, sender=SOC, text="Is this the request Priya mentioned?\n"
                                                                "Call me on the usual number."), "file")
    assert (result.action, result.state) == ("recorded", "awaiting_review")
    [notice] = [o for o in outbox(registry, "operator_notice") if o.to == [GDS]]
    text = body(notice)
    assert "A Registry Lock contact wrote about the cancellation" in " ".join(text.split())
    assert "> Is this the request Priya mentioned?" in text and "> Call me on the usual number." in text
    assert f"A message about {opened.ticket}" not in text
    assert membership.approve_cancellation is not None  # still GDS's to decide


def test_a_dispute_from_someone_who_is_not_a_lock_contact_is_quoted_but_stops_nothing(registry):
    from tests.support.mails import reply_to

    opened = cancel(registry)
    [received] = outbox(registry, "cancellation_received")
    result = receive(registry, reply_to(received, sender="ciso@hmrc.gov.uk",
                                        text="We did not request this."), "file")
    assert (result.ticket, result.state) == (opened.ticket, "awaiting_review")
    [notice] = [o for o in outbox(registry, "operator_notice") if o.to == [GDS]]
    assert "from someone who is not a Registry Lock contact" in " ".join(body(notice).split())
    assert "> We did not request this." in body(notice)


def test_review_mails_say_whether_the_forms_sender_is_authenticated_and_how(registry):
    cancel(registry)
    cancel(registry, sender="ciso@hmrc.gov.uk", signed=True)
    unsigned, signed = outbox(registry, "cancellation_for_review")
    assert "ciso@hmrc.gov.uk is NOT authenticated" in " ".join(body(unsigned).split())
    assert "no DKIM signature" in body(unsigned)
    text = " ".join(body(signed).split())
    assert "ciso@hmrc.gov.uk is authenticated: a DKIM signature aligned with its domain passes (pass for " \
           "hmrc.gov.uk), checked by verifying its DKIM signature" in text
    signup = send_form(registry, PARISH_SIGNUP)
    [review] = outbox(registry, "signup_for_review")
    assert f"{SENIOR} is NOT authenticated" in " ".join(body(review).split())
    assert "NOT authenticated" in ticket(registry, signup.ticket)["events"][0]["reason"]


# -- approval checks again, at the moment of approval -------------------------------------------------------


def test_a_cancellation_approved_after_its_domain_was_locked_for_another_organisation_is_refused(registry,
                                                                                                 tmp_path):
    first, second = cancel(registry), cancel(registry, signed=True)
    send_due(registry, MaildirTransport(tmp_path / "outbox"))
    membership.approve_cancellation(registry, second.ticket, operator="GDS")
    assert domain(registry, "hmrc.gov.uk").locked is False
    # Meanwhile the parish signs hmrc.gov.uk up, and GDS approves that.
    signup = send_form(registry, PARISH_SIGNUP.replace("Domain: little-ashby-pc.gov.uk", "Domain: hmrc.gov.uk"))
    membership.approve_signup(registry, signup.ticket, operator="GDS")
    assert domain(registry, "hmrc.gov.uk").organisation.name == "Little Ashby Parish Council"
    with pytest.raises(TransitionRefused, match="hmrc.gov.uk is not in Registry Lock for HM Revenue and Customs"):
        membership.approve_cancellation(registry, first.ticket, operator="GDS")
    d = domain(registry, "hmrc.gov.uk")
    assert (d.locked, d.organisation.name) == (True, "Little Ashby Parish Council")


def test_a_cancellation_whose_lock_contacts_changed_meanwhile_is_refused(registry, tmp_path):
    opened = cancel(registry)
    send_due(registry, MaildirTransport(tmp_path / "outbox"))
    with registry.tx() as session:  # a new lock contact, after the warning went to the others
        org = session.scalar(select(Organisation).where(Organisation.name == "HM Revenue and Customs"))
        org.contacts.append(Contact(role="security", email="csirt@hmrc.gov.uk", phone="+44 20 7946 0002"))
    with pytest.raises(TransitionRefused, match="csirt@hmrc.gov.uk were never told of it, which would remove "
                                                "the lock: reject it"):
        membership.approve_cancellation(registry, opened.ticket, operator="GDS")
    assert domain(registry, "hmrc.gov.uk").locked is True


PARISH_AGAIN = (PARISH_SIGNUP.replace("security@little-ashby-pc.gov.uk, 01632 960002, Parish IT Security",
                                      "cyber@little-ashby-pc.gov.uk, 01632 960009, Parish Cyber Team"))


def test_a_second_signup_is_told_to_the_contacts_the_first_one_locked_in_and_waits_for_them(registry, tmp_path):
    from tests.support.mails import reply_to

    first = send_form(registry, PARISH_SIGNUP)
    second = send_form(registry, PARISH_AGAIN, subject="Registry Lock sign-up, corrected")
    third = send_form(registry, PARISH_AGAIN + "\n", subject="Registry Lock sign-up, again")
    assert outbox(registry, "signup_contacts_changing") == []  # nothing was locked when they arrived
    membership.approve_signup(registry, first.ticket, operator="GDS")
    # Decided at approval: the contacts just locked in are told of each sign-up that would replace them.
    notices = outbox(registry, "signup_contacts_changing")
    assert [(n.ticket.ref, n.to) for n in notices] == [(second.ticket, ["security@little-ashby-pc.gov.uk"]),
                                                       (third.ticket, ["security@little-ashby-pc.gov.uk"])]
    assert "cyber@little-ashby-pc.gov.uk" in body(notices[0])
    with pytest.raises(TransitionRefused, match="have not been told yet"):
        membership.approve_signup(registry, second.ticket, operator="GDS")
    send_due(registry, MaildirTransport(tmp_path / "outbox"))
    # The lock contact objects to the third: it stops. GDS approves the second, but its domain is locked now: its
    # contacts do not replace the lock contact; they are a contact change the lock contact verifies.
    disputed = receive(registry, reply_to(notices[1], sender="security@little-ashby-pc.gov.uk",
                                          text="We did not request this."), "file")
    assert (disputed.ticket, disputed.state) == (third.ticket, "disputed")
    assert outbox(registry, "signup_disputed")[0].cc == ["security@little-ashby-pc.gov.uk"]
    membership.approve_signup(registry, second.ticket, operator="GDS")
    assert parish_lock_contacts(registry) == {"security@little-ashby-pc.gov.uk"}
    [change] = contact_changes(registry)
    assert change["state"] == "awaiting_verification"
    [told] = outbox(registry, "signup_contacts_changing", change["ref"])
    assert told.to == ["security@little-ashby-pc.gov.uk"] and "cyber@little-ashby-pc.gov.uk" in body(told)
    with pytest.raises(TransitionRefused, match="a Registry Lock contact disputed this signup"):
        membership.approve_signup(registry, third.ticket, operator="GDS")


def test_a_signup_for_a_domain_locked_meanwhile_for_another_organisation_is_refused(registry):
    parish = send_form(registry, PARISH_SIGNUP)
    other = send_form(registry, PARISH_SIGNUP.replace("Organisation: Little Ashby Parish Council",
                                                      "Organisation: Little Ashby Village Hall"),
                      subject="Registry Lock sign-up for the hall")
    membership.approve_signup(registry, parish.ticket, operator="GDS")
    with pytest.raises(TransitionRefused, match="little-ashby-pc.gov.uk is already in Registry Lock for another "
                                                "organisation"):
        membership.approve_signup(registry, other.ticket, operator="GDS")
    assert domain(registry, "little-ashby-pc.gov.uk").organisation.name == "Little Ashby Parish Council"


def parish_lock_contacts(app) -> set[str]:
    with app.sessions() as session:
        org = session.scalar(select(Organisation).where(Organisation.name == "Little Ashby Parish Council"))
        return {c.email for c in org.contacts if c.role == "security"}


def contact_changes(app) -> list[dict]:
    from mailbot.store.models import Ticket

    with app.sessions() as session:
        refs = list(session.scalars(select(Ticket.ref).where(Ticket.kind == "contact_change").order_by(Ticket.id)))
    return [ticket(app, ref) for ref in refs]


HALL = "little-ashby-hall.gov.uk"  # a second domain of the parish's, not in Registry Lock


def _parish_locked_with_a_second_domain(app) -> None:
    membership.approve_signup(app, send_form(app, PARISH_SIGNUP).ticket, operator="GDS")
    with app.tx() as session:
        parish = session.scalar(select(Domain).where(Domain.name == "little-ashby-pc.gov.uk"))
        session.add(Domain(name=HALL, registrar_id=parish.registrar_id, locked=False, registrant="Little Ashby "
                           "Parish Council", nameservers=["ns1.hall.example", "ns2.hall.example"], ds=[],
                           whois_contacts=["clerk@little-ashby-pc.gov.uk"]))


def test_a_signup_for_a_new_domain_locks_it_under_the_present_lock_contacts(registry):
    """An organisation with domains in Registry Lock signs up another one, naming the same contacts: the domain is
    locked under them, and nothing else changes."""
    _parish_locked_with_a_second_domain(registry)
    signup = send_form(registry, PARISH_SIGNUP.replace("Domain: little-ashby-pc.gov.uk", f"Domain: {HALL}"))
    assert signup.state == "awaiting_review"
    membership.approve_signup(registry, signup.ticket, operator="GDS")
    assert domain(registry, HALL).locked and domain(registry, HALL).organisation.name == "Little Ashby Parish Council"
    assert parish_lock_contacts(registry) == {"security@little-ashby-pc.gov.uk"}
    assert contact_changes(registry) == []
    records, copy = outbox(registry, "current_records", signup.ticket)
    assert records.to == ["security@little-ashby-pc.gov.uk"] and HALL in body(records)
    assert copy.to != records.to and HALL in body(copy)  # who signed up gets a copy
    assert "contact change" not in body(outbox(registry, "signup_activated", signup.ticket)[0])


def test_a_signup_for_a_new_domain_never_replaces_the_lock_contacts_it_opens_a_contact_change(registry):
    """The gap: the lock contacts belong to the organisation, so a sign-up for a new domain naming other ones would
    have replaced them for every domain it has locked, checked by GDS alone. Now the domain is locked under the
    present lock contacts, and the new ones are a contact change: the present lock contact is told at once, phoned
    and confirms in writing, then GDS approves."""
    from mailbot.workflow import contacts, operators

    _parish_locked_with_a_second_domain(registry)
    form = PARISH_AGAIN.replace("Domain: little-ashby-pc.gov.uk", f"Domain: {HALL}")
    signup = send_form(registry, form)
    assert signup.state == "awaiting_review"
    [review] = outbox(registry, "signup_for_review", signup.ticket)
    assert "little-ashby-pc.gov.uk in Registry Lock already: on approval the domains are locked under its present " \
           "Registry Lock contacts" in " ".join(body(review).split())
    membership.approve_signup(registry, signup.ticket, operator="GDS")
    assert domain(registry, HALL).locked
    assert parish_lock_contacts(registry) == {"security@little-ashby-pc.gov.uk"}
    [change] = contact_changes(registry)
    assert change["state"] == "awaiting_verification"
    assert any(e["kind"] == "contact_change_opened" and change["ref"] in e["reason"]
               for e in ticket(registry, signup.ticket)["events"])
    [activated] = outbox(registry, "signup_activated", signup.ticket)
    assert change["ref"] in " ".join(body(activated).split())
    records, _ = outbox(registry, "current_records", signup.ticket)  # and a copy for who signed up
    assert records.to == ["security@little-ashby-pc.gov.uk"]  # the present lock contact checks the new domain
    [told] = outbox(registry, "signup_contacts_changing", change["ref"])
    assert told.to == ["security@little-ashby-pc.gov.uk"] and "cyber@little-ashby-pc.gov.uk" in body(told)
    with pytest.raises(TransitionRefused):
        contacts.approve(registry, change["ref"], operator="GDS")  # not verified yet
    operators.record_call(registry, change["ref"], outcome="verified", contact="security@little-ashby-pc.gov.uk",
                        operator="Sam Jones")
    assert ticket(registry, change["ref"])["state"] == "awaiting_confirmation"
    confirmation = next(o for o in outbox(registry, "contact_change_confirmation", change["ref"])
                        if "security@little-ashby-pc.gov.uk" in o.to)
    assert "+ cyber@little-ashby-pc.gov.uk (added)" in body(confirmation)
    assert "- security@little-ashby-pc.gov.uk (removed)" in body(confirmation)
    assert parish_lock_contacts(registry) == {"security@little-ashby-pc.gov.uk"}  # until confirmed and approved
