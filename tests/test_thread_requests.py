"""Mail that names no one sender, and a registrar writing on a ticket's thread about other domains or on any
kind of ticket: driven through receive, on SQLite and PostgreSQL, and checked on the tickets and the mail sent."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from mailbot import views
from mailbot.ingest.receive import receive
from mailbot.store.models import Domain, Message, Ticket
from mailbot.workflow import operators
from tests.support.attacks import mail
from tests.support.mails import (
    GDS,
    HMRC_CANCEL,
    OPERATORS,
    PARISH_SIGNUP,
    REGISTRAR,
    body,
    build,
    heading,
    outbox,
    reply_to,
    request,
)
from tests.support.tickets import ticket

SENIOR = "ciso@little-ashby-pc.gov.uk"
HMRC_SENIOR = "ciso@hmrc.gov.uk"
EVIL = "evil@evil.example"
SECOND = "tax.gov.uk"  # a second domain of HMRC's in Registry Lock, with the same registrar
QUEUE = "support@registry.example"


def tickets(app) -> list[dict]:
    with app.sessions() as session:
        return [views.ticket_detail(session, t) for t in session.scalars(select(Ticket).order_by(Ticket.id))]


def status(app, message_id: str) -> str:
    with app.sessions() as session:
        return session.scalar(select(Message.status).where(Message.message_id == message_id))


def addressees(app, since: int = 0) -> set[str]:
    return {a for o in outbox(app)[since:] for a in o.to + o.cc}


@pytest.fixture
def two_locked(registry):
    """HMRC with a second locked domain, at the same registrar as hmrc.gov.uk."""
    with registry.tx() as session:
        hmrc = session.scalar(select(Domain).where(Domain.name == "hmrc.gov.uk"))
        session.add(Domain(name=SECOND, organisation_id=hmrc.organisation_id, registrar_id=hmrc.registrar_id,
                           locked=True, registrant="HM Revenue and Customs", nameservers=["ns1.hmrc.gov.uk",
                           "ns2.hmrc.gov.uk"], ds=[], whois_contacts=["hostmaster@hmrc.gov.uk"]))
    return registry


# -- a form or request whose sender is not one mailbox ---------------------------------------------------------

FROMS = {
    "two-mailboxes": dict(from_=f"{{sender}}, {EVIL}"),
    "two-from-headers": dict(from_="{sender}", extra_from=[EVIL]),
    "a-group": dict(from_=f"Council: {{sender}}, {EVIL};"),
    "no-address": dict(from_="The Clerk"),
}
FORMS = {"signup": (SENIOR, PARISH_SIGNUP, "a sign-up form"), "cancellation": (HMRC_SENIOR, HMRC_CANCEL,
                                                                               "a cancellation request")}


@pytest.mark.parametrize("shape", FROMS)
@pytest.mark.parametrize("kind", FORMS)
def test_a_form_whose_sender_is_not_one_mailbox_is_triaged_and_never_answered(registry, kind, shape):
    sender, text, what = FORMS[kind]
    how = {k: (v.format(sender=sender) if isinstance(v, str) else v) for k, v in FROMS[shape].items()}
    raw = mail(**how, to=GDS, subject="Registry Lock", text=text, message_id=f"<{kind}.{shape}@form.example>")
    result = receive(registry, raw, "file")
    assert (result.kind, result.state, result.action) == ("triage", "triage", "triaged")
    assert status(registry, f"<{kind}.{shape}@form.example>") == "processed"  # acted on, not parked
    opened = ticket(registry, result.ticket)["events"][0]
    assert opened["reason"].startswith(f"{what}, but the sender is not one mailbox (From: ")
    assert "it was not answered; check who sent it" in opened["reason"]
    # Nobody in From hears anything, nor does GDS get a form to review: the operators look at it first.
    assert [(o.template, o.to) for o in outbox(registry)] == [("triage_notice", [OPERATORS])]
    assert "but the sender is not one mailbox" in " ".join(body(outbox(registry)[0]).split())
    assert [t["kind"] for t in tickets(registry)] == ["triage"]


def test_a_form_with_errors_whose_sender_is_not_one_mailbox_is_triaged_not_refused(registry):
    raw = mail(from_=f"{SENIOR}, {EVIL}", to=GDS, subject="Registry Lock sign-up", text="Request: Sign up\n")
    result = receive(registry, raw, "file")
    assert (result.kind, result.action) == ("triage", "triaged")
    assert addressees(registry) == {OPERATORS}


def test_the_form_names_both_mailboxes_for_the_person_who_checks(registry):
    result = receive(registry, mail(from_=f"{SENIOR}, {EVIL}", to=GDS, subject="Registry Lock sign-up",
                                    text=PARISH_SIGNUP), "file")
    t = ticket(registry, result.ticket)
    assert f"(From: {SENIOR}, {EVIL})" in t["events"][0]["reason"]
    assert t["domains"] == ["little-ashby-pc.gov.uk"]


def test_a_change_request_whose_sender_is_not_one_mailbox_is_triaged_even_from_a_registrar_address(registry):
    raw = mail(from_=f"{REGISTRAR}, {EVIL}", to="registrylock@registry.example",
               subject="Name server change for hmrc.gov.uk",
               text="Please update the name servers for hmrc.gov.uk to ns1.newdns.co.uk and ns2.newdns.co.uk.\n")
    result = receive(registry, raw, "file")
    assert (result.kind, result.state, result.action) == ("triage", "triage", "triaged")
    assert "no single sender address, which is not a known registrar address" in \
        ticket(registry, result.ticket)["events"][0]["reason"]
    assert addressees(registry) == {OPERATORS}


def test_a_registrar_reply_whose_sender_is_not_one_mailbox_carries_nothing_and_is_not_answered(registry):
    request(registry)
    ack = outbox(registry, "change_received")[0]
    before = len(outbox(registry))
    raw = reply_to(ack, sender=REGISTRAR, quote=False, text="Please change the name servers of hmrc.gov.uk to "
                   "ns1.third.example and ns2.third.example instead.").replace(
        f"From: {REGISTRAR}".encode(), f"From: {REGISTRAR}, {EVIL}".encode(), 1)
    result = receive(registry, raw, "file")
    assert (result.ticket, result.state) == ("RL-000001", "awaiting_verification")
    t = ticket(registry)
    assert (t["stage"], t["change"]["hmrc.gov.uk"]["nameservers"]) == (1, ["ns1.newdns.co.uk", "ns2.newdns.co.uk"])
    assert addressees(registry, before) <= {OPERATORS, GDS}


# -- a registrar asking, on a ticket's thread, about other domains ---------------------------------------------

def _reply_to_ack(app, text: str, ref: str = "RL-000001", quote: bool = False) -> bytes:
    ack = next(o for o in outbox(app, "change_received") if o.ticket.ref == ref)
    return reply_to(ack, sender=REGISTRAR, text=text, quote=quote)


def test_the_same_change_asked_for_a_second_locked_domain_on_the_thread_opens_its_ticket(two_locked):
    app = two_locked
    request(app)
    before = len(outbox(app))
    raw = _reply_to_ack(app, f"Please make the same change for {SECOND} as well: name servers "
                             "ns1.newdns.co.uk and ns2.newdns.co.uk.", quote=True)
    result = receive(app, raw, "file")
    assert (result.ticket, result.kind, result.state, result.action) == (
        "RL-000002", "change", "awaiting_verification", "opened")
    second = ticket(app, "RL-000002")
    assert (second["domains"], second["registrar"], second["requester"]) == ([SECOND], "Example Registrar Ltd",
                                                                             REGISTRAR)
    assert second["change"] == {SECOND: {"nameservers": ["ns1.newdns.co.uk", "ns2.newdns.co.uk"]}}
    assert "written on the thread of RL-000001" in second["events"][0]["reason"]
    # The registrar gets its own reference for it; the operators get the task of phoning.
    sent = outbox(app)[before:]
    assert {(o.template, tuple(o.to)) for o in sent} == {("change_received", (REGISTRAR,)),
                                                        ("operator_task", (OPERATORS,))}
    ack = next(o for o in sent if o.template == "change_received")
    assert "[RL-000002]" in heading(ack) and SECOND in heading(ack)
    assert f"We have received your request to change {SECOND}" in " ".join(body(ack).split())
    task = next(o for o in sent if o.template == "operator_task")
    assert task.ticket.ref == "RL-000002" and "ns1.newdns.co.uk" in body(task)
    # The thread's own request is untouched, and its history says where the new one went.
    first = ticket(app)
    assert (first["state"], first["stage"]) == ("awaiting_verification", 1)
    note = first["events"][-1]
    assert note["kind"] == "registrar_message" and note["data"] == {"tickets": ["RL-000002"]}
    assert f"about {SECOND}, a request of its own: RL-000002 (change, awaiting_verification) for {SECOND}" in \
        note["reason"]
    assert any(m["message_id"] == result.message_id for m in first["messages"])


def test_naming_both_domains_notes_the_thread_and_opens_the_second(two_locked):
    app = two_locked
    request(app)
    result = receive(app, _reply_to_ack(app, f"Please update the name servers of hmrc.gov.uk and {SECOND} "
                                             "to ns1.newdns.co.uk and ns2.newdns.co.uk."), "file")
    assert (result.tickets, result.kind, result.action) == (["RL-000001", "RL-000002"], "reply", "recorded+opened")
    first = ticket(app)
    assert first["stage"] == 1
    assert any("the request is unchanged" in e["reason"] for e in first["events"] if e["kind"] == "registrar_message")
    assert ticket(app, "RL-000002")["domains"] == [SECOND]
    assert [o.ticket.ref for o in outbox(app, "change_received")] == ["RL-000001", "RL-000002"]


def test_a_new_change_for_both_domains_amends_the_thread_and_opens_the_second(two_locked):
    app = two_locked
    request(app)
    operators.record_call(app, "RL-000001", outcome="verified", contact="cyber-security@hmrc.gov.uk", operator="Sam")
    result = receive(app, _reply_to_ack(app, f"Please change the name servers of hmrc.gov.uk and {SECOND} to "
                                             "ns1.third.example and ns2.third.example instead."), "file")
    assert (result.tickets, result.action) == (["RL-000001", "RL-000002"], "amended+opened")
    first, second = ticket(app), ticket(app, "RL-000002")
    assert (first["state"], first["stage"]) == ("awaiting_verification", 2)
    assert first["change"] == {"hmrc.gov.uk": {"nameservers": ["ns1.third.example", "ns2.third.example"]}}
    assert second["change"] == {SECOND: {"nameservers": ["ns1.third.example", "ns2.third.example"]}}
    # The lock contacts and GDS, for the thread's ticket only.
    assert len(outbox(app, "confirmation_void")) == len(outbox(app, "confirmation_void_for_gds")) == 1


def test_values_for_the_second_domain_alone_never_amend_the_thread(two_locked):
    """The reply's subject names the thread's domain; its words ask only about the other one."""
    app = two_locked
    request(app)
    result = receive(app, _reply_to_ack(app, f"Please also change the name servers of {SECOND} to "
                                             "ns1.other.example and ns2.other.example."), "file")
    assert (result.ticket, result.action) == ("RL-000002", "opened")
    first = ticket(app)
    assert (first["stage"], first["change"]) == (
        1, {"hmrc.gov.uk": {"nameservers": ["ns1.newdns.co.uk", "ns2.newdns.co.uk"]}})
    assert ticket(app, "RL-000002")["change"] == {SECOND: {"nameservers": ["ns1.other.example", "ns2.other.example"]}}


def test_unlocked_unknown_and_unclear_domains_on_the_thread_go_where_a_fresh_request_would(two_locked):
    app = two_locked
    request(app)
    before = len(outbox(app))
    result = receive(app, _reply_to_ack(app, "Please update the name servers for little-ashby-pc.gov.uk and "
                                             "nosuch.gov.uk to ns1.newdns.co.uk and ns2.newdns.co.uk."), "file")
    assert result.action == "passed_on+triaged"
    by_kind = {(t["kind"], t["state"], tuple(t["domains"])) for t in tickets(app)[1:]}
    assert by_kind == {("change", "passed_on", ("little-ashby-pc.gov.uk",)), ("triage", "triage", ("nosuch.gov.uk",))}
    sent = {(o.template, tuple(o.to)) for o in outbox(app)[before:]}
    assert sent == {("passed_on", (QUEUE,)), ("triage_notice", (OPERATORS,))}
    # A locked domain without a change that can be read: a person looks, nothing is guessed from the thread.
    result = receive(app, _reply_to_ack(app, f"Please make the same change for {SECOND} too."), "file")
    assert (result.kind, result.action) == ("triage", "triaged")
    assert ticket(app, result.ticket)["events"][0]["reason"] == (
        f"from Example Registrar Ltd, on the thread of RL-000001: cannot tell what is to change for {SECOND} (no "
        "name servers, DS records, contacts or registrant to set, add or remove could be read)")
    # The registrar is asked to send it again, in the form, under the triage ticket's reference.
    [asked] = outbox(app, "request_unclear")
    assert asked.to == [REGISTRAR] and asked.ticket.ref == result.ticket and f"Domain: {SECOND}" in body(asked)
    assert ticket(app)["stage"] == 1
    assert {t["kind"] for t in tickets(app) if SECOND in t["domains"]} == {"triage"}


def test_the_same_mail_twice_opens_nothing_more(two_locked):
    app = two_locked
    request(app)
    raw = _reply_to_ack(app, f"Please update the name servers for {SECOND} to ns1.newdns.co.uk and ns2.newdns.co.uk.")
    assert receive(app, raw, "file").action == "opened"
    assert receive(app, raw, "file").action == "duplicate"
    assert len(tickets(app)) == 2 and len(outbox(app, "change_received")) == 2


# -- a registrar's mail on any kind of ticket ----------------------------------------------------------------

def _change(app):
    request(app)


def _completed(app):
    request(app)
    operators.record_call(app, "RL-000001", outcome="verified", contact="cyber-security@hmrc.gov.uk", operator="Sam")
    coa = next(o for o in outbox(app, "confirmation_of_authorisation") if "cyber-security@hmrc.gov.uk" in o.to)
    receive(app, reply_to(coa, sender="cyber-security@hmrc.gov.uk", text="I confirm this change."), "file")
    operators.applied(app, "RL-000001", operator="Sam")


def _withdrawn(app):
    request(app)
    operators.withdraw(app, "RL-000001", operator="Sam")


def _passed_on(app):
    request(app, subject="Name servers for little-ashby-pc.gov.uk",
            body="Please update the name servers for little-ashby-pc.gov.uk to ns1.x.example and ns2.x.example.\n")


def _signup(app):
    receive(app, build(sender=SENIOR, to=GDS, subject="Registry Lock sign-up", body=PARISH_SIGNUP), "file")


def _cancellation(app):
    receive(app, build(sender=HMRC_SENIOR, to=GDS, subject="Leaving Registry Lock", body=HMRC_CANCEL), "file")


def _triage_without_domains(app):
    receive(app, build(sender="someone@example.com", subject="Hello", body="Hello there.\n"), "file")


def _triage_with_a_domain(app):
    request(app, subject="Name servers for nosuch.gov.uk",
            body="Please update the name servers for nosuch.gov.uk to ns1.x.example and ns2.x.example.\n")


def _closed_triage(app):
    _triage_without_domains(app)
    operators.close(app, "RL-000001", operator="Sam", reason="spam")


KINDS = {"change": _change, "completed": _completed, "withdrawn": _withdrawn, "passed-on": _passed_on,
         "signup": _signup, "cancellation": _cancellation, "triage-without-domains": _triage_without_domains,
         "triage-with-a-domain": _triage_with_a_domain, "closed-triage": _closed_triage}
MAILS = {
    "a-note": "Any news on this one?",
    "a-request": "Please update the name servers for hmrc.gov.uk to ns1.sub.example and ns2.sub.example.",
    "an-unknown-domain": "Please update the name servers for nosuch.gov.uk to ns1.sub.example and ns2.sub.example.",
}


@pytest.mark.parametrize("text", MAILS)
@pytest.mark.parametrize("kind", KINDS)
def test_a_registrar_mail_on_any_kind_of_ticket_is_recorded(registry, kind, text):
    KINDS[kind](registry)
    thread = ticket(registry)
    raw = build(subject="Re: [RL-000001] About this", body=MAILS[text] + "\n", message_id=f"<{kind}.{text}@r.example>")
    result = receive(registry, raw, "file")
    assert result.action != "parked" and status(registry, f"<{kind}.{text}@r.example>") == "processed"
    after = ticket(registry)
    assert any(m["message_id"] == f"<{kind}.{text}@r.example>" for m in after["messages"])
    assert [e for e in after["events"] if e["kind"] in ("registrar_message", "amend")]
    if text == "a-request":
        # hmrc.gov.uk has an open request with the new name servers: the thread's own, amended, or a new one.
        hmrc = [t for t in tickets(registry) if t["domains"] == ["hmrc.gov.uk"]
                and t["state"] == "awaiting_verification"]
        assert [t["change"] for t in hmrc] == [{"hmrc.gov.uk": {"nameservers": ["ns1.sub.example", "ns2.sub.example"]}}]
    if not (kind == "change" and text == "a-request"):
        assert after["state"] == thread["state"] and after["stage"] == thread["stage"]


def test_a_request_on_a_triage_ticket_without_domains_opens_its_own_ticket(registry):
    """Sent with only the subject tag of a triage ticket, which anyone can write: it is a fresh request."""
    _triage_without_domains(registry)
    before = len(outbox(registry))
    result = receive(registry, build(subject="[RL-000001] Name server change for hmrc.gov.uk"), "file")
    assert (result.ticket, result.kind, result.action) == ("RL-000002", "change", "opened")
    assert {(o.template, tuple(o.to)) for o in outbox(registry)[before:]} == {("change_received", (REGISTRAR,)),
                                                                             ("operator_task", (OPERATORS,))}
    assert ticket(registry)["events"][-1]["data"] == {"tickets": ["RL-000002"]}


def test_withdrawing_the_thread_s_request_still_opens_the_other_domain_it_asks_about(two_locked):
    app = two_locked
    request(app)
    result = receive(app, _reply_to_ack(app, f"That is not the change we asked for. Separately, please update the "
                                             f"name servers of {SECOND} to ns1.other.example and ns2.other.example."),
                     "file")
    assert (result.tickets, result.action) == (["RL-000001", "RL-000002"], "withdrawn+opened")
    assert ticket(app)["state"] == "withdrawn"
    assert ticket(app, "RL-000002")["change"] == {SECOND: {"nameservers": ["ns1.other.example", "ns2.other.example"]}}
