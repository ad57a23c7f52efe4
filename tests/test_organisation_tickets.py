"""A request naming several domains: one ticket for each organisation they belong to, each domain with its own
resulting records, verified on one call, confirmed once and applied together; driven through receive, on SQLite
and PostgreSQL, and checked on the tickets, the registry records and every mail sent."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from mailbot import views
from mailbot.ingest.receive import receive
from mailbot.store.models import Domain, Ticket
from mailbot.workflow import operators
from tests.support.mails import GDS, OPERATORS, REGISTRAR, SECURITY, SOC, body, heading, outbox, reply_to, request
from tests.support.tickets import ticket

SECOND = "tax.gov.uk"  # a second domain of HMRC's, locked, at the same registrar
OTHER_ORG = "little-ashby-pc.gov.uk"  # another organisation's domain, locked in the fixture below
HMRC_NS = ["ns1.hmrc.gov.uk", "ns2.hmrc.gov.uk"]
NEW = ["ns1.newdns.co.uk", "ns2.newdns.co.uk"]
BOTH = ("Please update the name servers as below.\n\n"
        "hmrc.gov.uk - new name servers ns1.newdns.co.uk and ns2.newdns.co.uk.\n"
        "tax.gov.uk - new name servers ns1.taxdns.co.uk and ns2.taxdns.co.uk.\n")


def change_tickets(app) -> list[dict]:
    with app.sessions() as session:
        return [views.ticket_detail(session, t) for t in
                session.scalars(select(Ticket).where(Ticket.kind == "change").order_by(Ticket.id))]


@pytest.fixture
def two_locked(registry):
    """HMRC with a second locked domain, and the parish council's domain locked too."""
    with registry.tx() as session:
        hmrc = session.scalar(select(Domain).where(Domain.name == "hmrc.gov.uk"))
        session.add(Domain(name=SECOND, organisation_id=hmrc.organisation_id, registrar_id=hmrc.registrar_id,
                           locked=True, registrant="HM Revenue and Customs", nameservers=list(HMRC_NS), ds=[],
                           whois_contacts=["hostmaster@hmrc.gov.uk"]))
    return registry


def confirm_and_apply(app, ref="RL-000001"):
    operators.record_call(app, ref, outcome="verified", contact=SECURITY, operator="Sam Jones")
    [confirmation] = [o for o in outbox(app, "confirmation_of_authorisation", ref) if SECURITY in o.to]
    got = receive(app, reply_to(confirmation, sender=SECURITY, text="I confirm this change."), "file")
    assert (got.state, got.action) == ("authorised", "confirmed")
    return operators.applied(app, ref, operator="Alex Smith")


def test_two_domains_of_one_organisation_are_one_ticket_with_each_domain_s_records(two_locked):
    result = request(two_locked, subject="Name servers for hmrc.gov.uk and tax.gov.uk", body=BOTH)
    assert (result.kind, result.state, result.action, result.tickets) == (
        "change", "awaiting_verification", "opened", ["RL-000001"])
    t = ticket(two_locked)
    assert t["domains"] == ["hmrc.gov.uk", SECOND]
    assert t["change"] == {"hmrc.gov.uk": {"nameservers": NEW},
                           SECOND: {"nameservers": ["ns1.taxdns.co.uk", "ns2.taxdns.co.uk"]}}
    # One task for the operators, one acknowledgement to the registrar: each domain's records side by side.
    [task] = outbox(two_locked, "operator_task")
    text = body(task)
    assert task.to == [OPERATORS] and "Phone to verify a change to hmrc.gov.uk and tax.gov.uk" in heading(task)
    assert "Domains:    hmrc.gov.uk and tax.gov.uk" in text
    assert "Name servers of hmrc.gov.uk\r\n  Current:          - ns1.hmrc.gov.uk (removed)" in text
    assert "Name servers of tax.gov.uk" in text and "+ ns1.taxdns.co.uk (added)" in text
    [ack] = outbox(two_locked, "change_received")
    assert ack.to == [REGISTRAR] and "hmrc.gov.uk and tax.gov.uk are protected by Registry Lock" in body(ack)


def test_one_call_one_confirmation_and_applied_changes_every_domain(two_locked):
    request(two_locked, subject="Name servers", body=BOTH)
    t = confirm_and_apply(two_locked)
    assert t.state == "completed"
    with two_locked.sessions() as s:
        records = {d.name: d.nameservers for d in s.scalars(select(Domain).where(Domain.name.in_(
            ["hmrc.gov.uk", SECOND])))}
    assert records == {"hmrc.gov.uk": NEW, SECOND: ["ns1.taxdns.co.uk", "ns2.taxdns.co.uk"]}
    # The lock contacts were asked once for both, and GDS told of both; everyone nominated is told of both.
    confirmations = outbox(two_locked, "confirmation_of_authorisation") + outbox(two_locked, "authorisation_for_gds")
    assert [sorted(o.to) for o in confirmations] == [[SECURITY, SOC], [GDS]]
    for o in confirmations:
        assert "Name servers of hmrc.gov.uk" in body(o) and "Name servers of tax.gov.uk" in body(o)
    [note] = outbox(two_locked, "change_notification")
    assert "hmrc.gov.uk and tax.gov.uk" in heading(note)
    assert "ns1.taxdns.co.uk" in body(note) and "ns1.newdns.co.uk" in body(note)


def test_domains_of_two_organisations_are_two_tickets(two_locked):
    with two_locked.tx() as session:
        session.scalar(select(Domain).where(Domain.name == OTHER_ORG)).locked = True
    result = request(two_locked, subject="Name servers", body=(
        "Please update the name servers for hmrc.gov.uk, tax.gov.uk and little-ashby-pc.gov.uk to "
        "ns1.newdns.co.uk and ns2.newdns.co.uk.\n"))
    assert result.action == "opened" and len(result.tickets) == 2
    made = {tuple(t["domains"]): t["change"] for t in change_tickets(two_locked)}
    assert made == {("hmrc.gov.uk", SECOND): {"hmrc.gov.uk": {"nameservers": NEW}, SECOND: {"nameservers": NEW}},
                    (OTHER_ORG,): {OTHER_ORG: {"nameservers": NEW}}}
    assert len(outbox(two_locked, "operator_task")) == 2


def test_a_domain_that_cannot_be_read_is_asked_about_and_the_other_opened(two_locked):
    result = request(two_locked, subject="Name servers", body=(
        "hmrc.gov.uk - new name servers ns1.newdns.co.uk and ns2.newdns.co.uk.\n"
        "tax.gov.uk - new name server ns1.taxdns.co.uk only.\n"))  # one name server left: never guessed
    assert result.action == "opened+triaged"
    [change] = change_tickets(two_locked)
    assert change["domains"] == ["hmrc.gov.uk"] and change["change"] == {"hmrc.gov.uk": {"nameservers": NEW}}
    [unclear] = outbox(two_locked, "request_unclear")
    assert unclear.to == [REGISTRAR] and "tax.gov.uk" in body(unclear)


def test_a_reply_naming_one_domain_amends_it_and_keeps_the_other(two_locked):
    request(two_locked, subject="Name servers", body=BOTH)
    [ack] = outbox(two_locked, "change_received")
    got = receive(two_locked, reply_to(ack, sender=REGISTRAR, text=(
        "Sorry, for tax.gov.uk the new name servers are ns1.other.example and ns2.other.example.")), "file")
    assert got.action == "amended"
    t = ticket(two_locked)
    assert t["stage"] == 2 and t["change"] == {"hmrc.gov.uk": {"nameservers": NEW},
                                               SECOND: {"nameservers": ["ns1.other.example", "ns2.other.example"]}}
    assert "AMENDED" in body(outbox(two_locked, "operator_task")[-1])


def test_a_reply_giving_records_without_naming_a_domain_is_asked_about(two_locked):
    request(two_locked, subject="Name servers", body=BOTH)
    before = ticket(two_locked)
    [ack] = outbox(two_locked, "change_received")
    got = receive(two_locked, reply_to(ack, sender=REGISTRAR, text=(
        "Please use ns1.other.example and ns2.other.example instead.")), "file")
    assert got.kind == "triage"
    after = ticket(two_locked)
    assert (after["stage"], after["change"], after["state"]) == (before["stage"], before["change"], before["state"])
    [unclear] = outbox(two_locked, "request_unclear")
    assert "Domain: hmrc.gov.uk" in body(unclear)
    assert "Domain: tax.gov.uk" in body(unclear)  # the form to send instead, for each of the thread's domains


def test_a_new_request_for_one_domain_of_an_open_two_domain_ticket_amends_that_ticket(two_locked):
    request(two_locked, subject="Name servers", body=BOTH)
    got = request(two_locked, subject="Name servers for tax.gov.uk", body=(
        "Please update the name servers for tax.gov.uk to ns1.third.example and ns2.third.example.\n"))
    assert (got.action, got.tickets) == ("amended", ["RL-000001"])
    assert ticket(two_locked)["change"][SECOND] == {"nameservers": ["ns1.third.example", "ns2.third.example"]}
    assert ticket(two_locked)["change"]["hmrc.gov.uk"] == {"nameservers": NEW}
