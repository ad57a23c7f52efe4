"""DMARC policy discovery (RFC 7489 6.6.3) through a DNS the tests control, and the "weak sender
authentication" flag a confirmation from a domain without a policy puts on its ticket."""

from __future__ import annotations

import pytest

from mailbot.errors import TemporaryError
from mailbot.ingest.receive import receive
from mailbot.policy.authentication import DNSTemporaryError
from mailbot.policy.dmarc import dmarc_policy
from mailbot.workflow import operators
from tests.support.mails import SECURITY, body, outbox, reply_to, request


def lookup(zone: dict, domain: str):
    asked = []

    def dns(name):
        asked.append(name)
        return zone.get(name)

    return dmarc_policy(domain, dns), asked


@pytest.mark.parametrize("zone, domain, policy, found_at, asked", [
    ({"_dmarc.hmrc.gov.uk": "v=DMARC1; p=reject; rua=mailto:d@hmrc.gov.uk"}, "hmrc.gov.uk", "reject",
     "_dmarc.hmrc.gov.uk", ["_dmarc.hmrc.gov.uk"]),
    # No record of its own: the organisational domain's, with sp= for its sub-domains.
    ({"_dmarc.hmrc.gov.uk": "v=DMARC1; p=reject; sp=quarantine"}, "digital.hmrc.gov.uk", "quarantine",
     "_dmarc.hmrc.gov.uk", ["_dmarc.digital.hmrc.gov.uk", "_dmarc.hmrc.gov.uk"]),
    ({"_dmarc.hmrc.gov.uk": "v=DMARC1; p=quarantine"}, "Digital.HMRC.gov.uk.", "quarantine", "_dmarc.hmrc.gov.uk",
     ["_dmarc.digital.hmrc.gov.uk", "_dmarc.hmrc.gov.uk"]),
    # The sub-domain's own record wins over the organisational domain's.
    ({"_dmarc.digital.hmrc.gov.uk": "v=DMARC1; p=none", "_dmarc.hmrc.gov.uk": "v=DMARC1; p=reject"},
     "digital.hmrc.gov.uk", "none", "_dmarc.digital.hmrc.gov.uk", ["_dmarc.digital.hmrc.gov.uk"]),
    ({}, "hmrc.gov.uk", None, None, ["_dmarc.hmrc.gov.uk"]),  # gov.uk is a public suffix: never asked
    ({"_dmarc.hmrc.gov.uk": "v=spf1 -all"}, "hmrc.gov.uk", None, None, ["_dmarc.hmrc.gov.uk"]),
    # Two records at one name: no DMARC processing (RFC 7489 6.6.3).
    ({"_dmarc.hmrc.gov.uk": "v=DMARC1; p=rejectv=DMARC1; p=none"}, "hmrc.gov.uk", None, "_dmarc.hmrc.gov.uk",
     ["_dmarc.hmrc.gov.uk"]),
    # No valid p= but somewhere to report to: as if p=none (6.6.3 step 6); without rua=, no DMARC.
    ({"_dmarc.hmrc.gov.uk": "v=DMARC1; p=maybe; rua=mailto:d@hmrc.gov.uk"}, "hmrc.gov.uk", "none",
     "_dmarc.hmrc.gov.uk", ["_dmarc.hmrc.gov.uk"]),
    ({"_dmarc.hmrc.gov.uk": "v=DMARC1; p=maybe"}, "hmrc.gov.uk", None, "_dmarc.hmrc.gov.uk",
     ["_dmarc.hmrc.gov.uk"]),
])
def test_policy_discovery(zone, domain, policy, found_at, asked):
    result, names = lookup(zone, domain)
    assert (result.policy, result.found_at, names) == (policy, found_at, asked)
    assert result.weak is (policy in (None, "none"))


def test_a_dns_failure_is_raised_never_a_pass():
    def broken(name):
        raise DNSTemporaryError("SERVFAIL")

    with pytest.raises(DNSTemporaryError):
        dmarc_policy("hmrc.gov.uk", broken)


# -- on a ticket --------------------------------------------------------------------------------------


@pytest.fixture
def verified(registry):
    request(registry)
    operators.record_call(registry, "RL-000001", outcome="verified", contact=SECURITY, operator="Sam Jones")
    return registry


def confirm(app):
    coa = next(o for o in outbox(app, "confirmation_of_authorisation") if SECURITY in o.to)
    return receive(app, reply_to(coa, sender=SECURITY, text="I confirm this change."), "smtp")


def history(app):
    from mailbot import views
    from mailbot.store import queries

    with app.sessions() as session:
        return views.ticket_detail(session, queries.ticket_by_ref(session, "RL-000001"))["events"]


def test_a_domain_without_dmarc_confirms_but_the_ticket_is_flagged_weak(verified, dns_zone):
    dns_zone.pop("_dmarc.hmrc.gov.uk", None)
    assert confirm(verified).action == "confirmed"
    events = history(verified)
    confirmed = next(e for e in events if e["kind"] == "confirm")
    assert confirmed["data"]["dmarc"] == {"domain": "hmrc.gov.uk", "policy": None, "found_at": None, "weak": True}
    flag = next(e for e in events if e["kind"] == "weak_sender_authentication")
    assert flag["reason"] == "hmrc.gov.uk publishes no DMARC policy"
    notice = " ".join(body(outbox(verified, "operator_notice")[-1]).split())
    assert "Weak sender authentication: hmrc.gov.uk publishes no DMARC policy. Phone the security contact" in notice


def test_p_none_is_flagged_as_monitoring_only(verified, dns_zone):
    dns_zone["_dmarc.hmrc.gov.uk"] = "v=DMARC1; p=none; rua=mailto:dmarc@hmrc.gov.uk"
    assert confirm(verified).action == "confirmed"
    weak = next(e for e in history(verified) if e["kind"] == "weak_sender_authentication")
    assert "monitoring only" in weak["reason"]


def test_an_enforced_policy_is_recorded_and_not_flagged(verified, dns_zone):
    dns_zone["_dmarc.hmrc.gov.uk"] = "v=DMARC1; p=reject"
    assert confirm(verified).action == "confirmed"
    events = history(verified)
    assert not [e for e in events if e["kind"] == "weak_sender_authentication"]
    assert next(e for e in events if e["kind"] == "confirm")["data"]["dmarc"]["policy"] == "reject"
    notice = " ".join(body(outbox(verified, "operator_notice")[-1]).split())
    assert "DMARC: DMARC p=reject at _dmarc.hmrc.gov.uk" in notice and "Weak" not in notice


def test_a_dns_failure_looking_up_dmarc_leaves_the_confirmation_for_later(verified, dns_zone):
    def dmarc_down(name):
        if name.startswith("_dmarc."):
            raise DNSTemporaryError("SERVFAIL")
        return dns_zone.get(name)

    verified.dns = dmarc_down
    with pytest.raises(TemporaryError, match="could not be looked up now"):
        confirm(verified)
    assert [e["kind"] for e in history(verified)].count("confirm") == 0
