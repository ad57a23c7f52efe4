"""A mail on a ticket's thread, for every kind of ticket (a change request in every state, passed on, triage with
and without a domain, closed, sign-up, cancellation, a contact change awaiting its call, confirmed, completed and
disputed) from every kind of sender (the ticket's registrar, another
registrar, a lock contact, an operator, GDS, a stranger): recorded on the ticket, never parked, and a "yes" or a
"thanks" opens and amends nothing. Through receive, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from mailbot.ingest.receive import receive
from mailbot.store.models import Message, Ticket
from mailbot.workflow import contacts, operators
from mailbot.workflow.sweep import sweep
from tests.support.mails import (
    GDS,
    HMRC_CANCEL,
    HMRC_CONTACTS,
    OPERATORS,
    PARISH_SIGNUP,
    REGISTRAR,
    SECURITY,
    body,
    build,
    outbox,
    reply_to,
    request,
)
from tests.support.tickets import ticket


def refs(app) -> list[str]:
    with app.sessions() as session:
        return list(session.scalars(select(Ticket.ref).order_by(Ticket.id)))


def status(app, message_id: str) -> str:
    with app.sessions() as session:
        return session.scalar(select(Message.status).where(Message.message_id == message_id))


def _verified(app, clock):
    request(app)
    operators.record_call(app, "RL-000001", outcome="verified", contact=SECURITY, operator="Sam")


def _authorised(app, clock):
    _verified(app, clock)
    coa = next(o for o in outbox(app, "confirmation_of_authorisation") if SECURITY in o.to)
    receive(app, reply_to(coa, sender=SECURITY, text="I confirm this change."), "file")


def _completed(app, clock):
    _authorised(app, clock)
    operators.applied(app, "RL-000001", operator="Sam")


def _rejected(app, clock):
    request(app)
    operators.record_call(app, "RL-000001", outcome="refused", contact=SECURITY, operator="Sam")


def _disputed(app, clock):
    _verified(app, clock)
    coa = next(o for o in outbox(app, "confirmation_of_authorisation") if SECURITY in o.to)
    receive(app, reply_to(coa, sender=SECURITY, text="This was not authorised by us."), "file")


def _withdrawn(app, clock):
    request(app)
    operators.withdraw(app, "RL-000001", operator="Sam")


def _expired(app, clock):
    request(app)
    clock.set(datetime(2026, 12, 11, 10, tzinfo=UTC))  # 10 working days after Friday 27 November, 10:00
    sweep(app)


def _passed_on(app, clock):
    request(app, subject="Name servers for little-ashby-pc.gov.uk",
            body="Please update the name servers for little-ashby-pc.gov.uk to ns1.x.example and ns2.x.example.\n")


def _triage_with_a_domain(app, clock):
    request(app, subject="Name servers for nosuch.gov.uk",
            body="Please update the name servers for nosuch.gov.uk to ns1.x.example and ns2.x.example.\n")


def _triage_without_domains(app, clock):
    receive(app, build(sender="someone@example.com", subject="Hello", body="Hello there.\n"), "file")


def _closed(app, clock):
    _triage_without_domains(app, clock)
    operators.close(app, "RL-000001", operator="Sam", reason="spam")


def _signup(app, clock):
    receive(app, build(sender="ciso@little-ashby-pc.gov.uk", to=GDS, subject="Registry Lock sign-up",
                       body=PARISH_SIGNUP), "file")


def _cancellation(app, clock):
    receive(app, build(sender="ciso@hmrc.gov.uk", to=GDS, subject="Leaving Registry Lock", body=HMRC_CANCEL), "file")


def _contact_change(app, clock):
    receive(app, build(sender="ciso@hmrc.gov.uk", to=GDS, subject="Registry Lock contacts", body=HMRC_CONTACTS),
            "file")


def _contact_change_answered(app, clock, text: str):
    _contact_change(app, clock)
    operators.record_call(app, "RL-000001", outcome="verified", contact=SECURITY, operator="Sam")
    confirmation = next(o for o in outbox(app, "contact_change_confirmation") if SECURITY in o.to)
    receive(app, reply_to(confirmation, sender=SECURITY, text=text), "file")


def _contact_change_confirmed(app, clock):
    _contact_change_answered(app, clock, "I confirm this change.")
    assert ticket(app)["state"] == "authorised"  # waiting for GDS


def _contact_change_completed(app, clock):
    _contact_change_confirmed(app, clock)
    contacts.approve(app, "RL-000001", operator="GDS")


def _contact_change_disputed(app, clock):
    _contact_change_answered(app, clock, "This was not authorised by us.")
    assert ticket(app)["state"] == "disputed"


KINDS = {
    "awaiting_verification": lambda app, clock: request(app), "awaiting_confirmation": _verified,
    "authorised": _authorised, "completed": _completed, "rejected": _rejected, "disputed": _disputed,
    "withdrawn": _withdrawn, "expired": _expired, "passed_on": _passed_on,
    "triage-with-a-domain": _triage_with_a_domain,
    "triage-without-domains": _triage_without_domains, "closed": _closed, "signup": _signup,
    "cancellation": _cancellation, "contact_change": _contact_change,
    "contact_change-confirmed": _contact_change_confirmed, "contact_change-completed": _contact_change_completed,
    "contact_change-disputed": _contact_change_disputed,
}
# Each sender writes what such a sender does write on a thread: nothing that asks for a change.
SENDERS = {
    "the-ticket-s-registrar": (REGISTRAR, "Correct, the new name servers are as listed in our original request."),
    "another-registrar": ("domains@othernames.example", "Thanks, noted."),
    "a-lock-contact": (SECURITY, "Yes, go ahead."),
    "an-operator": (OPERATORS, "Yes, go ahead."),
    "gds": (GDS, "Yes, go ahead."),
    "a-stranger": ("someone@example.org", "Yes, go ahead."),
}
REGISTRARS = {"the-ticket-s-registrar", "another-registrar"}


def _on_the_thread(app, clock, kind: str, sender: str, text: str, message_id: str):
    KINDS[kind](app, clock)
    before, tickets, sent = ticket(app), refs(app), len(outbox(app))
    raw = build(sender=sender, subject="Re: [RL-000001] Change request received for hmrc.gov.uk", body=text + "\n",
                message_id=message_id)
    result = receive(app, raw, "file")
    return before, tickets, sent, result


def _nothing_opened_or_amended(app, before: dict, tickets: list[str], result, message_id: str) -> None:
    assert result.action not in ("parked", "amended", "opened", "withdrawn")
    assert status(app, message_id) == "processed"
    after = ticket(app)
    assert any(m["message_id"] == message_id for m in after["messages"])  # recorded on the thread's ticket
    assert (after["state"], after["stage"], after["change"]) == (before["state"], before["stage"], before["change"])
    assert refs(app) == tickets  # no change ticket opened, nor a triage ticket for a "yes"


@pytest.mark.parametrize("sender", SENDERS)
@pytest.mark.parametrize("kind", KINDS)
def test_a_mail_on_any_thread_from_anyone_is_recorded_and_changes_nothing(registry, clock, kind, sender):
    address, text = SENDERS[sender]
    message_id = f"<{kind}.{sender}@thread.example>"
    before, tickets, sent, result = _on_the_thread(registry, clock, kind, address, text, message_id)
    _nothing_opened_or_amended(registry, before, tickets, result, message_id)
    new = outbox(registry)[sent:]
    assert not [o for o in new if o.template in ("change_received", "request_unclear", "confirmation_void")]
    if sender in REGISTRARS:
        # The operators are told, with the words the registrar wrote.
        [notice] = [o for o in new if o.template == "operator_notice" and o.ticket.ref == "RL-000001"]
        assert notice.to == [OPERATORS] and "mailbot messages show" in body(notice)


@pytest.mark.parametrize("kind", KINDS)
def test_yes_go_ahead_from_the_ticket_s_registrar_changes_nothing(registry, clock, kind):
    message_id = f"<{kind}.yes@thread.example>"
    before, tickets, sent, result = _on_the_thread(registry, clock, kind, REGISTRAR, "Yes, go ahead. Thanks!",
                                                   message_id)
    _nothing_opened_or_amended(registry, before, tickets, result, message_id)
    notices = [o for o in outbox(registry)[sent:] if o.template == "operator_notice"]
    assert notices and "> Yes, go ahead. Thanks!" in body(notices[-1])
