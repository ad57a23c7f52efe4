"""Refusals that were read as confirmations (issue 15, item 1), end to end on SQLite and PostgreSQL: the lock
contact's genuine reply, signed by hmrc.gov.uk and carrying the token of the confirmation of authorisation,
leaves the ticket not authorised, and the operators are never told to make the change."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from mailbot.ingest.receive import receive
from mailbot.store.models import ReplyToken
from mailbot.workflow import operators
from tests.support.attacks import reply
from tests.support.mails import OPERATORS, SECURITY, body, heading, outbox, request
from tests.support.tickets import ticket

REFUSALS = [
    # (what the lock contact wrote, how it reads, the state the ticket is left in)
    ("This change has not been authorised", "dispute", "disputed"),
    ("Not confirmed", None, "awaiting_confirmation"),
    ("We cannot confirm this change", None, "awaiting_confirmation"),
    ("Who approved this?", None, "awaiting_confirmation"),
    ("We never authorised this", "dispute", "disputed"),
    ("I don't confirm this change", "dispute", "disputed"),
    ("I confirm this is NOT authorised", "dispute", "disputed"),
    ("Yes, but wait until Monday.", None, "awaiting_confirmation"),
]


@pytest.fixture
def coa(registry):
    """A change request for hmrc.gov.uk, verified by phone: the confirmation of authorisation is out."""
    request(registry)
    operators.record_call(registry, "RL-000001", outcome="verified", contact=SECURITY, operator="Sam Jones")
    return next(o for o in outbox(registry, "confirmation_of_authorisation") if SECURITY in o.to)


def _used_for(app) -> list[str | None]:
    with app.sessions() as session:
        return [t.used_for for t in session.scalars(select(ReplyToken).where(ReplyToken.used_at.is_not(None)))]


@pytest.mark.parametrize("text, reads, state", REFUSALS, ids=[r[0] for r in REFUSALS])
def test_a_refusal_from_the_lock_contact_never_authorises(registry, coa, text, reads, state):
    since = max(o.id for o in outbox(registry))
    result = receive(registry, reply(coa, text=text), "smtp")
    detail = ticket(registry)
    assert (result.state, detail["state"]) == (state, state)
    kinds = [e["kind"] for e in detail["events"]]
    assert "confirm" not in kinds and "confirm" not in _used_for(registry)
    notices = [o for o in outbox(registry, "operator_notice") if o.id > since]
    assert not any("Make the change" in body(o) for o in notices)
    if reads is None:
        # Recorded, and the operators read the words themselves; the token is left for a plain confirmation.
        assert kinds[-2:] == ["reply_unclear", "mail_queued"] and _used_for(registry) == []
        [notice] = notices
        assert notice.to == [OPERATORS] and "did not clearly confirm" in heading(notice)
        assert f"> {text}" in body(notice) and "No authority was taken" in " ".join(body(notice).split())
    else:
        assert "dispute" in kinds and _used_for(registry) == ["dispute"]


def test_after_an_unclear_reply_a_plain_confirmation_still_counts(registry, coa):
    receive(registry, reply(coa, text="Not confirmed yet - checking with our CAB."), "smtp")
    assert ticket(registry)["state"] == "awaiting_confirmation"
    result = receive(registry, reply(coa, text="Confirmed - this was us."), "smtp")
    assert (result.state, result.action) == ("authorised", "confirmed")
    [notice] = [o for o in outbox(registry, "operator_notice") if "confirmed the change" in heading(o)]
    assert "Make the change" in body(notice)
