"""Our own server's Authentication-Results, read as RFC 8601 writes it: the grammar (comments, quoted values,
folding, versions), what counts (the topmost header of our authserv-id, a dkim=pass with its header.d aligned with
From) and what never does, and each trick that once found a "pass" in the header's text, sent end to end as a
reply with a forged From and the ticket's token, and as a forged command, on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses

import pytest

from mailbot.ingest.receive import receive
from mailbot.policy.authentication import authenticate
from mailbot.policy.authentication_results import Unreadable, dkim_passes
from mailbot.workflow import operators
from tests.support import attacks
from tests.support.mails import OPERATORS, SECURITY, outbox, request

AUTHSERV = "mx.registry.example"


def passes(value: str) -> list[str] | None:
    return dkim_passes(value, AUTHSERV)


# -- the grammar -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value, domains", [
    (f"{AUTHSERV}; dkim=pass header.d=hmrc.gov.uk header.s=demo", ["hmrc.gov.uk"]),
    # A version after the authserv-id (RFC 8601 2.2) and after the method (dkim/1).
    (f"{AUTHSERV} 1; dkim/1=pass header.d=hmrc.gov.uk", ["hmrc.gov.uk"]),
    # Case does not matter in methods, results, property names or the domain; the authserv-id neither.
    ("MX.Registry.Example; DKIM=Pass Header.D=HMRC.gov.uk", ["hmrc.gov.uk"]),
    # Comments anywhere (RFC 5322 CFWS), nested and with quoted pairs, are not results.
    (f"(ours) {AUTHSERV} (x); dkim=pass (a (nested \\) one) dkim=pass header.d=evil.example) header.d=hmrc.gov.uk",
     ["hmrc.gov.uk"]),
    # A quoted value, and a reason holding a semicolon and a result.
    (f'{AUTHSERV}; dkim=pass reason="ok; dkim=pass header.d=evil.example" header.d="hmrc.gov.uk"', ["hmrc.gov.uk"]),
    # Folded over lines as a server writes a long one.
    (f"{AUTHSERV};\r\n\tdkim=pass header.d=hmrc.gov.uk\r\n\theader.s=demo;\r\n spf=pass smtp.mailfrom=hmrc.gov.uk",
     ["hmrc.gov.uk"]),
    (f"{AUTHSERV}; none", []),  # nothing was checked
    (f"{AUTHSERV}; dkim=pass header.d=hmrc.gov.uk; dkim=pass header.d=mail.example", ["hmrc.gov.uk", "mail.example"]),
    ("evil.example; dkim=pass header.d=hmrc.gov.uk", None),  # another server's: not ours to read
    (f"{AUTHSERV}.evil.example; dkim=pass header.d=hmrc.gov.uk", None),
])
def test_the_grammar_of_rfc_8601(value, domains):
    assert passes(value) == domains


@pytest.mark.parametrize("value", [
    f"{AUTHSERV}; dkim=fail header.d=hmrc.gov.uk",
    f"{AUTHSERV}; dkim=neutral header.d=hmrc.gov.uk",
    f"{AUTHSERV}; dkim=passed header.d=hmrc.gov.uk",
    f"{AUTHSERV}; dkim=pass header.i=@hmrc.gov.uk",  # header.i is the sender's to choose: never the domain
    f"{AUTHSERV}; dkim=pass header.i=header.d=hmrc.gov.uk@evil.example header.d=evil.example",
    f"{AUTHSERV}; dkim=pass header.b=hmrc.gov.uk",
    f"{AUTHSERV}; dkim=pass smtp.mailfrom=hmrc.gov.uk policy.d=hmrc.gov.uk",
    f"{AUTHSERV}; dkim=pass header.d=evil.example header.d=hmrc.gov.uk",  # two domains for one signature: neither
    f'{AUTHSERV}; dkim=pass header.d="hmrc.gov.uk evil.example"',  # not a domain name
    f"{AUTHSERV}; dkim=pass header.d=@hmrc.gov.uk",
    f"{AUTHSERV}; dkim/2=pass header.d=hmrc.gov.uk",  # a version of DKIM nobody knows
    f"{AUTHSERV}; spf=pass smtp.mailfrom=hmrc.gov.uk",
    f"{AUTHSERV}; dmarc=pass header.from=hmrc.gov.uk",
    f"{AUTHSERV}; arc=pass header.d=hmrc.gov.uk",
    f"{AUTHSERV}; x-dkim=pass header.d=hmrc.gov.uk",
    f"{AUTHSERV}; domainkeys=pass header.d=hmrc.gov.uk",
])
def test_only_a_dkim_pass_with_one_header_d_names_a_domain(value):
    assert "hmrc.gov.uk" not in passes(value)


@pytest.mark.parametrize("value, why", [
    ("", "Expected authserv-id"),
    (f"{AUTHSERV}; dkim=pass header.d=hmrc.gov.uk;", "does not parse"),  # RFC 8601 has no trailing ";"
    (f"{AUTHSERV}; dkim=pass header.d=hmrc.gov.uk; garbage", "does not parse"),
    (f"{AUTHSERV} 2; dkim=pass header.d=hmrc.gov.uk", "does not parse"),  # a version of the header nobody knows
    (f"{AUTHSERV}; dkim=pass header.d=hmrc.gov.uk " + "(" * 5000 + ")" * 5000, "does not parse"),
    (f"{AUTHSERV}; " + "; ".join(["dkim=pass header.d=hmrc.gov.uk"] * 1000), "over 16384 bytes"),
])
def test_a_header_that_is_not_rfc_8601_is_no_verdict(value, why):
    with pytest.raises(Unreadable, match=why):
        passes(value)


def check(values: list[str], from_domain: str = "hmrc.gov.uk"):
    raw = b"".join(f"Authentication-Results: {v}\r\n".encode() for v in values) + attacks.mail(
        from_=f"someone@{from_domain}", to="registrylock@registry.example", subject="Re: [RL-000001]", text="Yes.")
    return authenticate(raw, from_domain, dns=lambda name: None, authserv_id=AUTHSERV)


def test_a_header_that_does_not_parse_is_not_authenticated_and_says_why():
    auth = check([f"{AUTHSERV}; dkim=pass header.d=hmrc.gov.uk; (dkim=pass"])
    assert auth.result == "fail" and auth.reasons[0].startswith(
        "the topmost Authentication-Results is no verdict: it does not parse (RFC 8601)")


def test_alignment_is_with_the_organisational_domain_of_from():
    assert check([f"{AUTHSERV}; dkim=pass header.d=mail.hmrc.gov.uk"]).domain == "mail.hmrc.gov.uk"
    assert check([f"{AUTHSERV}; dkim=pass header.d=hmrc.gov.uk"], "digital.hmrc.gov.uk").passed
    assert not check([f"{AUTHSERV}; dkim=pass header.d=gov.uk"]).passed  # a public suffix is no organisation
    assert not check([f"{AUTHSERV}; dkim=pass header.d=hmrc.gov.uk.evil.example"]).passed


# -- end to end: a forged reply and a forged command with each trick ------------------------------------------

# {d} is the From domain the attacker forges: hmrc.gov.uk for the lock contact, registry.example for the operators.
TRICKS = {
    # The envelope sender is the attacker's to choose, and "=" is an atext character (RFC 5322 3.2.3).
    "dkim-pass-in-smtp-mailfrom": [f"{AUTHSERV}; spf=pass smtp.mailfrom=dkim=pass.header.d={{d}}@evil.example; "
                                   "dkim=none"],
    # The i= of the attacker's own valid signature, as our server reports it.
    "header-i-of-the-attackers-signature": [f"{AUTHSERV}; dkim=pass header.i=@{{d}} header.d=evil.example"],
    "header-d-inside-header-i": [f"{AUTHSERV}; dkim=pass header.i=header.d={{d}}@evil.example header.d=evil.example"],
    "in-a-comment": [f"{AUTHSERV}; spf=none (dkim=pass header.d={{d}}) smtp.mailfrom=evil.example; dkim=none"],
    "in-a-reason": [f'{AUTHSERV}; dkim=fail reason="dkim=pass header.d={{d}}" header.d=evil.example'],
    "fail-for-the-domain-then-pass-for-the-attacker": [f"{AUTHSERV}; dkim=fail header.d={{d}}; "
                                                       "dkim=pass header.d=evil.example"],
    "ours-but-not-topmost": [f"{AUTHSERV}; dkim=none", f"{AUTHSERV}; dkim=pass header.d={{d}}"],
    "another-authserv-id": ["evil.example; dkim=pass header.d={d}"],
    "another-authserv-id-on-top-of-ours": ["evil.example; dkim=pass header.d={d}",
                                           f"{AUTHSERV}; dkim=pass header.d={{d}}"],
    "spf-pass": [f"{AUTHSERV}; spf=pass smtp.mailfrom={{d}}; dkim=none"],
    "dmarc-and-arc-pass": [f"{AUTHSERV}; dmarc=pass header.from={{d}}; arc=pass header.d={{d}}; dkim=none"],
    "does-not-parse": [f"{AUTHSERV}; dkim=pass header.d={{d}}; (dkim=pass"],
}
GENUINE = (f"{AUTHSERV};\r\n  spf=pass smtp.mailfrom={{d}};\r\n  dkim=pass (2048-bit key; unprotected) header.d={{d}} "
           f"header.i=@{{d}} header.s=demo header.b=AbCdEf12;\r\n  dmarc=pass (p=reject) header.from={{d}}")


def with_results(values: list[str], raw: bytes, domain: str) -> bytes:
    """Authentication-Results as they arrive over IMAP: the one the last server added on top."""
    return b"".join(f"Authentication-Results: {v.format(d=domain)}\r\n".encode() for v in values) + raw


@pytest.fixture
def behind_our_server(registry, dns_zone):
    """The bot reading a mailbox behind our own receiving server, which writes Authentication-Results; the
    attacker's domain publishes a key of its own, and signs with it honestly."""
    registry.settings = dataclasses.replace(registry.settings, authserv_id=AUTHSERV)
    dns_zone["demo._domainkey.evil.example"] = attacks.attacker_key()[1]
    return registry


@pytest.fixture
def verified(behind_our_server):
    """A change request for hmrc.gov.uk, verified by phone: the confirmation of authorisation is out."""
    app = behind_our_server
    request(app)
    operators.record_call(app, "RL-000001", outcome="verified", contact=SECURITY, operator="Sam Jones")
    return next(o for o in outbox(app, "confirmation_of_authorisation") if SECURITY in o.to)


def history(app, ref="RL-000001") -> tuple[str, list[dict]]:
    from mailbot import views
    from mailbot.store import queries

    with app.sessions() as session:
        detail = views.ticket_detail(session, queries.ticket_by_ref(session, ref))
    return detail["state"], detail["events"]


def forged_reply(coa, trick: str) -> bytes:
    """Unsigned, From the lock contact, with the ticket's token; signed with the attacker's own key where the
    trick is the attacker's valid signature."""
    signer = dict(signer="evil.example", key=attacks.attacker_key()[0]) if trick.startswith("header-") else {}
    raw = attacks.reply(coa, **({"signer": None} | signer))
    return with_results(TRICKS[trick], raw, "hmrc.gov.uk")


@pytest.mark.parametrize("trick", TRICKS)
def test_a_forged_reply_with_a_tricked_verdict_confirms_nothing(behind_our_server, verified, trick):
    app = behind_our_server
    result = receive(app, forged_reply(verified, trick), "imap")
    assert (result.state, result.action) == ("awaiting_confirmation", "not_accepted")
    state, events = history(app)
    assert state == "awaiting_confirmation" and not [e for e in events if e["kind"] == "confirm"]
    refused = [e for e in events if e["kind"] == "reply_not_accepted"][-1]
    assert "its sender is not authenticated (DKIM aligned with the From domain)" in refused["reason"]


def test_our_servers_honest_verdict_still_confirms(behind_our_server, verified):
    app = behind_our_server
    raw = with_results([GENUINE], attacks.reply(verified, signer=None), "hmrc.gov.uk")
    result = receive(app, raw, "imap")
    assert (result.state, result.action) == ("authorised", "confirmed")
    [confirm] = [e for e in history(app)[1] if e["kind"] == "confirm"]
    assert confirm["data"]["authentication"] == "pass for hmrc.gov.uk"


CALL = f"call verified by=Sam Jones contact={SECURITY}"


@pytest.fixture
def task(behind_our_server):
    request(behind_our_server)
    return outbox(behind_our_server, "operator_task")[0]


@pytest.mark.parametrize("trick", TRICKS)
def test_a_forged_command_with_a_tricked_verdict_is_not_carried_out(behind_our_server, task, trick):
    app = behind_our_server
    signer = dict(signer="evil.example", key=attacks.attacker_key()[0]) if trick.startswith("header-") else {}
    raw = with_results(TRICKS[trick], attacks.reply(task, text=CALL, sender=OPERATORS, **({"signer": None} | signer)),
                       "registry.example")
    result = receive(app, raw, "imap")
    assert (result.kind, result.action, result.state) == ("command", "refused", "awaiting_verification")
    state, events = history(app)
    assert state == "awaiting_verification" and not [e for e in events if e["kind"] == "call_verified"]
    refused = [e for e in events if e["kind"] == "command_refused"][-1]
    assert "its sender is not authenticated (DKIM aligned with the From domain)" in refused["reason"]
    assert refused["data"]["suspicious"] is True


def test_a_command_with_our_servers_honest_verdict_is_carried_out(behind_our_server, task):
    app = behind_our_server
    raw = with_results([GENUINE], attacks.reply(task, text=CALL, sender=OPERATORS, signer=None), "registry.example")
    result = receive(app, raw, "imap")
    assert (result.kind, result.action, result.state) == ("command", "done", "awaiting_confirmation")
    assert [e["kind"] for e in history(app)[1] if e["kind"] == "call_verified"] == ["call_verified"]
