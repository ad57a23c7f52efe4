"""Email authentication: DKIM aligned with From, checked with keys the tests make and a DNS they control."""

from __future__ import annotations

import base64
import subprocess

import dkim
import pytest

from mailbot.policy.authentication import DNSTemporaryError, authenticate
from tests.support.mails import build

SIGNED = [b"from", b"to", b"subject", b"date", b"message-id"]


def make_key(directory, bits: int) -> tuple[bytes, str]:
    """(private key PEM, DNS TXT value) of a new RSA key."""
    private = directory / f"key{bits}.pem"
    subprocess.run(["openssl", "genrsa", "-out", str(private), str(bits)], check=True, capture_output=True)
    der = subprocess.run(["openssl", "rsa", "-in", str(private), "-pubout", "-outform", "DER"], check=True,
                         capture_output=True).stdout
    return private.read_bytes(), f"v=DKIM1; k=rsa; p={base64.b64encode(der).decode()}"


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    d = tmp_path_factory.mktemp("dkim")
    return {2048: make_key(d, 2048), 512: make_key(d, 512)}


@pytest.fixture
def zone(keys):
    """The DNS the tests control: selector._domainkey.domain -> TXT."""
    return {"sel._domainkey.hmrc.gov.uk": keys[2048][1], "small._domainkey.hmrc.gov.uk": keys[512][1],
            "sel._domainkey.evil.example": keys[2048][1]}


def resolver(zone):
    return lambda name: zone.get(name.rstrip("."))


def sign(raw: bytes, keys, *, domain=b"hmrc.gov.uk", selector=b"sel", bits=2048, **kw) -> bytes:
    kw.setdefault("include_headers", SIGNED)
    return dkim.sign(raw, selector, domain, keys[bits][0], **kw) + raw


def message(sender="cyber-security@hmrc.gov.uk", body="I confirm this change.\n") -> bytes:
    return build(sender=sender, subject="Re: [RL-000001] Confirm the change", body=body).replace(b"\n", b"\r\n")


def check(raw, zone, from_domain="hmrc.gov.uk", **kw):
    return authenticate(raw, from_domain, dns=resolver(zone), **kw)


def test_a_valid_aligned_signature_passes(keys, zone):
    result = check(sign(message(), keys), zone)
    assert result.passed and result.domain == "hmrc.gov.uk"


def test_relaxed_alignment_with_the_organisational_domain(keys, zone):
    zone["sel._domainkey.mail.hmrc.gov.uk"] = zone["sel._domainkey.hmrc.gov.uk"]
    assert check(sign(message(), keys, domain=b"mail.hmrc.gov.uk"), zone).passed
    assert check(sign(message("soc@digital.hmrc.gov.uk"), keys), zone, "digital.hmrc.gov.uk").passed


@pytest.mark.parametrize(
    "make, why",
    [
        # Signed by someone else's domain: genuine, but not for this From.
        (lambda keys: sign(message(), keys, domain=b"evil.example"), "not aligned"),
        # Changed after signing.
        (lambda keys: sign(message(), keys).replace(b"I confirm", b"I confirm, and also ns9.evil.example,"),
         "body hash mismatch"),
        # l= lets an attacker append text the signature does not cover.
        (lambda keys: sign(message(), keys, length=True) + b"Also change the registrant.\r\n", "l= lets text"),
        (lambda keys: sign(message(), keys, signature_algorithm=b"rsa-sha1"), "rsa-sha1"),
        # A key too small to trust.
        (lambda keys: sign(message(), keys, selector=b"small", bits=512), "public key too small"),
        # An unsigned second Subject put in front of the signed one.
        (lambda keys: b"Subject: Re: [RL-000002] Confirm\r\n" + sign(message(), keys), "subject is not covered"),
        (lambda keys: sign(message(), keys, include_headers=[b"from", b"date"]), "subject is not covered"),
    ],
)
def test_signatures_that_do_not_count(keys, zone, make, why):
    result = check(make(keys), zone)
    assert result.result == "fail" and why in " ".join(result.reasons), result.reasons


def test_no_key_published_fails(keys, zone):
    del zone["sel._domainkey.hmrc.gov.uk"]
    assert check(sign(message(), keys), zone).result == "fail"


def test_a_dns_failure_is_a_temporary_error_never_a_pass(keys):
    def broken(name):
        raise DNSTemporaryError("SERVFAIL")

    assert authenticate(sign(message(), keys), "hmrc.gov.uk", dns=broken).result == "temperror"


def test_unsigned_mail_is_not_authenticated(zone):
    assert check(message(), zone).result == "none"
    assert authenticate(message(), None, dns=resolver(zone)).result == "fail"


def test_a_genuine_confirmation_wrapped_in_another_message_confirms_nothing(keys, zone):
    inner = sign(message(), keys)
    outer = build(sender="attacker@evil.example", subject="Fwd: confirm", body="see attached\n").replace(b"\n", b"\r\n")
    wrapped = outer.replace(b"see attached", b"see attached\r\n\r\n" + inner)
    assert check(wrapped, zone, "evil.example").result != "pass"


@pytest.mark.parametrize(
    "headers, result",
    [
        (["mx.registry.example; dkim=pass header.d=hmrc.gov.uk header.s=sel"], "pass"),
        (["mx.registry.example; spf=pass smtp.mailfrom=hmrc.gov.uk"], "fail"),  # SPF alone never counts
        (["mx.registry.example; dkim=pass header.d=evil.example"], "fail"),
        (["evil.example; dkim=pass header.d=hmrc.gov.uk"], "none"),  # not our server's
        # Ours is there, but an attacker's header is on top: only the topmost may be ours.
        (["evil.example; dkim=pass header.d=hmrc.gov.uk", "mx.registry.example; dkim=fail header.d=hmrc.gov.uk"],
         "none"),
        ([], "none"),
    ],
)
def test_authentication_results_are_trusted_only_from_our_own_server_on_top(zone, headers, result):
    raw = b"".join(f"Authentication-Results: {h}\r\n".encode() for h in headers) + message()
    assert check(raw, zone, authserv_id="mx.registry.example").result == result


# -- what a reply's authentication does to a ticket -----------------------------------------------------


def confirm_reply(app, keys, *, signed: bool) -> bytes:
    from tests.support.mails import SECURITY, outbox, reply_to

    coa = next(o for o in outbox(app, "confirmation_of_authorisation") if SECURITY in o.to)
    raw = reply_to(coa, sender=SECURITY, text="I confirm this change.", signed=False).replace(b"\n", b"\r\n")
    return sign(raw, keys, include_headers=SIGNED + [b"in-reply-to", b"references"]) if signed else raw


@pytest.fixture
def verified(registry, keys, dns_zone):
    from mailbot.workflow import operators
    from tests.support.mails import SECURITY, request

    dns_zone["sel._domainkey.hmrc.gov.uk"] = keys[2048][1]
    request(registry)
    operators.record_call(registry, "RL-000001", outcome="verified", contact=SECURITY, operator="Sam")
    return registry


def require(app, *actions):
    app.rules = app.rules.model_copy(update={"authentication": app.rules.authentication.model_copy(
        update={"require_for": list(actions)})})


def test_by_default_an_unauthenticated_confirmation_takes_no_authority(verified, keys):
    from mailbot.ingest.receive import receive

    result = receive(verified, confirm_reply(verified, keys, signed=False), "smtp")
    assert (result.state, result.action) == ("awaiting_confirmation", "not_accepted")
    signed = receive(verified, confirm_reply(verified, keys, signed=True), "smtp")
    assert (signed.state, signed.action) == ("authorised", "confirmed")


def test_a_dns_failure_leaves_a_required_confirmation_for_later(verified, keys, dns_zone):
    from mailbot.errors import TemporaryError
    from mailbot.ingest.receive import receive

    require(verified, "confirm")

    def broken(name):
        raise DNSTemporaryError("SERVFAIL")

    verified.dns = broken
    with pytest.raises(TemporaryError, match="could not be checked now"):
        receive(verified, confirm_reply(verified, keys, signed=True), "smtp")
    verified.dns = lambda name: dns_zone.get(name)
    assert receive(verified, confirm_reply(verified, keys, signed=True), "smtp").action == "confirmed"


def test_authentication_is_recorded_and_a_weak_one_is_flagged_to_the_operators(verified, keys):
    from mailbot.ingest.receive import receive
    from tests.support.mails import body, outbox

    require(verified)  # where rules.yaml does not require it, a weak confirmation counts, flagged
    receive(verified, confirm_reply(verified, keys, signed=False), "smtp")
    notice = " ".join(body(outbox(verified, "operator_notice")[-1]).split())
    assert "Weak sender authentication: none" in notice and "Phone the security contact" in notice


def test_commands_by_email_need_an_authenticated_sender_by_default():
    from mailbot.rules import AuthenticationRules, load_rules
    from mailbot.settings import DEFAULT_RULES

    assert AuthenticationRules().require_for == ["confirm", "dispute", "command"]
    assert "command" in load_rules(DEFAULT_RULES).authentication.require_for


def test_an_unauthenticated_command_counts_only_where_rules_yaml_allows_it_and_is_flagged(registry):
    from mailbot import views
    from mailbot.ingest.receive import receive
    from mailbot.store import queries
    from tests.support.mails import OPERATORS, SECURITY, outbox, reply_to, request

    request(registry)
    task = outbox(registry, "operator_task")[0]
    command = f"call verified by=Sam Jones contact={SECURITY}"
    first = reply_to(task, sender=OPERATORS, text=command, signed=False)
    assert receive(registry, first, "smtp").action == "refused"
    require(registry, "confirm", "dispute")
    answer = outbox(registry, "command_result")[-1]
    assert receive(registry, reply_to(answer, sender=OPERATORS, text=command, signed=False), "smtp").action == "done"
    with registry.sessions() as session:
        events = views.ticket_detail(session, queries.ticket_by_ref(session, "RL-000001"))["events"]
    flag = next(e for e in events if e["kind"] == "weak_sender_authentication")
    assert flag["reason"] == "none (no DKIM signature)" and flag["data"]["command"] == command
