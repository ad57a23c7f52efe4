"""Registry records are looked up once per transaction (store.records), and IMAP mail comes in groups of many
messages per transaction: a record written by one message (a sign-up approved, an address allowed) is seen by
the next message in the same group, and by the next transaction."""

from __future__ import annotations

import pytest

from mailbot.ingest.receive import Incoming, receive, receive_many
from mailbot.outbox.send import MaildirTransport, send_due
from mailbot.workflow import allowances, operators
from tests.support.mails import (
    DEMO_DNS,
    GDS,
    HMRC_CONTACTS,
    PARISH_SIGNUP,
    SECURITY,
    SOC,
    body,
    build,
    outbox,
    reply_to,
    written_reply,
)

PARISH = "little-ashby-pc.gov.uk"


@pytest.fixture
def bot(registry, dns_zone):
    """The example registry; GDS's mail server signs with the demo key, so its commands by email count."""
    dns_zone["demo._domainkey.digital.cabinet-office.gov.uk"] = DEMO_DNS["demo._domainkey.hmrc.gov.uk"]
    return registry


def name_servers(domain: str, n: int) -> bytes:
    return build(subject=f"Name servers for {domain} ({n})",
                 body=f"Please change the name servers for {domain} to ns1.n{n}.example and ns2.n{n}.example.")


@pytest.mark.parametrize("grouped", [True, False], ids=["one-transaction", "one-each"])
def test_a_signup_approved_by_email_counts_for_the_next_message(bot, grouped):
    receive(bot, build(sender=f"ciso@{PARISH}", to=GDS, subject="Sign up", body=PARISH_SIGNUP), "file")
    review = outbox(bot, "signup_for_review")[0]
    raws = [name_servers(PARISH, 1), written_reply(review, sender=GDS, text="approve by=Jo Bloggs"),
            name_servers(PARISH, 2)]
    if grouped:
        results = receive_many(bot, [Incoming(raw, "imap") for raw in raws])
    else:
        results = [receive(bot, raw, "imap") for raw in raws]
    # Before the approval the parish is not locked (the request is passed on); after it, it is.
    assert [(r.kind, r.action) for r in results] == [("change", "passed_on"), ("command", "done"),
                                                     ("change", "opened")]
    assert f"security@{PARISH}" in body(outbox(bot, "operator_task")[-1])


def test_an_address_allowed_meanwhile_counts_for_the_next_form(bot):
    form = PARISH_SIGNUP.replace(f"security@{PARISH}", f"parishpump@{PARISH}")
    first = receive(bot, build(sender=f"ciso@{PARISH}", to=GDS, subject="Sign up", body=form), "file")
    assert first.state == "rejected"  # it names no team
    allowances.allow_address(bot, f"parishpump@{PARISH}", operator="Priya", reason="checked by phone")
    again = build(sender=f"ciso@{PARISH}", to=GDS, subject="Sign up again", body=form)
    assert receive_many(bot, [Incoming(again, "file")])[0].state == "awaiting_review"


def test_new_lock_contacts_approved_by_email_are_the_ones_phoned_for_the_next_request(bot, tmp_path):
    # HMRC's lock contacts change by a contact change: verified by the present ones, then approved by GDS by
    # email in the same transaction as the requests before and after it.
    ref = receive(bot, build(sender="ciso@hmrc.gov.uk", to=GDS, subject="Registry Lock contacts",
                             body=HMRC_CONTACTS), "file").ticket
    operators.record_call(bot, ref, outcome="verified", contact=SECURITY, operator="Sam Jones")
    confirmation = next(o for o in outbox(bot, "contact_change_confirmation", ref) if SECURITY in o.to)
    assert receive(bot, reply_to(confirmation, sender=SECURITY, text="I confirm this change."), "file").action == \
        "confirmed"
    send_due(bot, MaildirTransport(tmp_path / "outbox"))
    notice = outbox(bot, "contact_change_confirmation_for_gds", ref)[-1]
    results = receive_many(bot, [Incoming(name_servers("hmrc.gov.uk", 1), "imap"),
                                 Incoming(written_reply(notice, sender=GDS, text="approve by=Jo Bloggs"), "imap"),
                                 Incoming(name_servers("hmrc.gov.uk", 2), "imap")])
    assert [(r.kind, r.action) for r in results] == [("change", "opened"), ("command", "done"),
                                                     ("change", "amended")]
    before, after = (body(task) for task in outbox(bot, "operator_task")[-2:])
    assert SOC in before and "secops@hmrc.gov.uk" not in before
    assert "secops@hmrc.gov.uk" in after and SOC not in after
