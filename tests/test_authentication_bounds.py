"""Bounded work before sender authentication: a header field or section past the bounds is not authenticated and
never reaches dkimpy; DKIM is verified in the parser process, under the parse time limit; the domain that passes is
the d= dkimpy verified. On SQLite and PostgreSQL where a ticket is involved."""

from __future__ import annotations

import base64
import hashlib
import time

import dkim
import pytest

from mailbot.ingest.receive import receive
from mailbot.parse.limits import AUTH_FIELD_BYTES, AUTH_HEADER_BYTES, MessageLimits, authentication_bounds
from mailbot.policy.authentication import MAX_SIGNATURES, authenticate, verify_dkim
from mailbot.workflow import operators
from tests.support import attacks
from tests.support.mails import DEMO_DNS, SECURITY, outbox, request

FIELD_BOUND = f"over the bound of {AUTH_FIELD_BYTES} bytes for sender authentication"
SECTION_BOUND = f"its header section is over the bound of {AUTH_HEADER_BYTES} bytes for sender authentication"


def signed(*, headers: list[tuple[str, str]] = ()) -> bytes:
    raw = attacks.mail(from_=SECURITY, to="registrylock@registry.example", subject="Re: [RL-000001] Confirm",
                       text="I confirm this change.", headers=headers)
    return attacks.sign(raw, "hmrc.gov.uk")


def resolve(name: str) -> str | None:
    return DEMO_DNS.get(name.rstrip("."))


def filler(lines: int, raw: bytes) -> bytes:
    """`raw` under a field folded over `lines` lines of four bytes each (the shape that makes dkimpy quadratic),
    added above the signature as a server on the way would add it: not signed, and not read for any decision."""
    return b"X-Filler: a" + b"\r\n b" * lines + b"\r\n" + raw


# -- the bounds ---------------------------------------------------------------------------------------------


def test_a_real_header_section_keeps_to_the_bounds():
    raw = signed(headers=[("References", " ".join(f"<{n}.thread@mail.example>" for n in range(300)))])
    end, over = authentication_bounds(raw)
    assert over is None and raw[end:].startswith(b"\r\nI confirm")
    assert authenticate(raw, "hmrc.gov.uk", dns=resolve).passed


@pytest.mark.parametrize("lines, over", [(AUTH_FIELD_BYTES // 4 - 100, False), (AUTH_FIELD_BYTES // 4 + 100, True)])
def test_a_folded_field_counts_whole(lines, over):
    raw = filler(lines, signed())
    auth = authenticate(raw, "hmrc.gov.uk", dns=resolve)
    assert (FIELD_BOUND in " ".join(auth.reasons)) is over
    assert auth.passed is not over


def test_a_header_section_over_its_bound_in_fields_each_within_theirs():
    fields = [(f"X-Filler-{n}", "b" * 60_000) for n in range(AUTH_HEADER_BYTES // 60_000 + 1)]
    auth = authenticate(signed(headers=fields), "hmrc.gov.uk", dns=resolve)
    assert auth.result == "fail" and auth.reasons == (f"not checked: {SECTION_BOUND}",)


def test_a_header_section_with_no_end_is_over_its_bound():
    raw = b"From: " + SECURITY.encode() + b"\r\n" + b"".join(b"X-%d: %s\r\n" % (n, b"x" * 1000) for n in range(300))
    assert authentication_bounds(raw) == (None, SECTION_BOUND)


def test_dkimpy_is_never_handed_a_message_past_the_bounds():
    """verify_dkim() is dkimpy's entry wherever it is called from: it checks the bounds too."""
    raw = filler(700_000, signed())
    auth = verify_dkim(raw, "hmrc.gov.uk", resolve)
    assert auth.result == "fail" and FIELD_BOUND in auth.reasons[0]


# -- the 2.8 MB reply (issue: one reply took a minute in the acting process) --------------------------------


@pytest.fixture
def coa(registry):
    request(registry)
    operators.record_call(registry, "RL-000001", outcome="verified", contact=SECURITY, operator="Sam Jones")
    return next(o for o in outbox(registry, "confirmation_of_authorisation") if SECURITY in o.to)


def test_a_reply_with_a_header_folded_over_700000_lines_is_refused_authentication(registry, coa):
    raw = filler(700_000, attacks.reply(coa))
    assert len(raw) > 2_800_000 and b"\r\nDKIM-Signature:" in b"\r\n" + raw
    result = receive(registry, raw, "smtp")
    assert (result.state, result.action) == ("awaiting_confirmation", "not_accepted")
    from mailbot import views
    from mailbot.store import queries

    with registry.sessions() as session:
        events = views.ticket_detail(session, queries.ticket_by_ref(session, "RL-000001"))["events"]
    refused = [e for e in events if e["kind"] == "reply_not_accepted"][-1]
    assert "its sender is not authenticated" in refused["reason"] and FIELD_BOUND in refused["reason"]
    assert not [e for e in events if e["kind"] == "confirm"]


def test_the_same_reply_within_the_bounds_confirms(registry, coa):
    result = receive(registry, filler(1000, attacks.reply(coa)), "smtp")
    assert (result.state, result.action) == ("authorised", "confirmed")


# -- in the parser process, under its time limit ------------------------------------------------------------


def test_dkim_is_verified_under_the_parse_time_limit():
    """A verification not answered within the limit is no pass: the parser process is stopped, as a slow parse."""
    auth = authenticate(signed(), "hmrc.gov.uk", dns=resolve, limits=MessageLimits(parse_seconds=1e-9))
    assert auth.result == "fail"
    assert auth.reasons == ("DKIM verification took over the limit of 1e-09 seconds (MAILBOT_PARSE_SECONDS)",)
    assert authenticate(signed(), "hmrc.gov.uk", dns=resolve).passed  # a new parser process for the next


def test_keys_are_looked_up_by_the_acting_process_only_for_signatures_that_could_count():
    asked = []

    def recording(name):
        asked.append(name)
        return resolve(name)

    raw = attacks.sign(signed(), "evil.example", key=attacks.attacker_key()[0])  # not aligned: never looked up
    assert authenticate(raw, "hmrc.gov.uk", dns=recording).passed
    assert asked == ["demo._domainkey.hmrc.gov.uk"]


def test_only_the_first_signatures_that_could_count_are_tried():
    asked = []
    raw = signed()
    for n in range(MAX_SIGNATURES + 3):  # signatures by selectors nobody published, above the genuine one
        raw = attacks.sign(raw, "hmrc.gov.uk", selector=f"s{n}")
    auth = authenticate(raw, "hmrc.gov.uk", dns=lambda name: asked.append(name) or resolve(name))
    assert auth.result == "fail" and len(asked) == MAX_SIGNATURES
    assert f"only the first {MAX_SIGNATURES} signatures that could count are tried" in " ".join(auth.reasons)


# -- the domain is the d= dkimpy verified ---------------------------------------------------------------------


def _signed_with_a_capital_d(raw: bytes) -> bytes:
    """The attacker's genuine signature for evil.example, with a tag `D=hmrc.gov.uk` after its d=. Tag names are
    case-sensitive (RFC 6376 3.2): D= is an unknown tag, ignored by a verifier, which checks d=evil.example."""
    raw = attacks.crlf(raw)
    signer = dkim.DKIM(raw)
    include = list(attacks.SIGNED)
    canon = dkim.CanonicalizationPolicy.from_c_value(b"relaxed/simple")
    signer.include_headers = include
    signer.hasher = hashlib.sha256
    bodyhash = base64.b64encode(hashlib.sha256(canon.canonicalize_body(signer.body)).digest())
    fields = [(b"v", b"1"), (b"a", b"rsa-sha256"), (b"c", canon.to_c_value()), (b"d", b"evil.example"),
              (b"D", b"hmrc.gov.uk"), (b"s", b"demo"), (b"t", str(int(time.time())).encode()),
              (b"h", b" : ".join(include)), (b"bh", bodyhash), (b"b", b"0" * 60)]
    pk = dkim.crypto.parse_pem_private_key(attacks.attacker_key()[0])
    return b"DKIM-Signature: " + signer.gen_header(fields, include, canon, b"DKIM-Signature", pk) + raw


def test_a_tag_named_capital_d_is_not_the_signing_domain():
    raw = _signed_with_a_capital_d(attacks.mail(from_=SECURITY, to="registrylock@registry.example",
                                                subject="Re: [RL-000001] Confirm", text="I confirm this change."))
    zone = {**DEMO_DNS, "demo._domainkey.evil.example": attacks.attacker_key()[1]}
    dns = lambda name: zone.get(name.rstrip("."))  # noqa: E731
    assert authenticate(raw, "evil.example", dns=dns).domain == "evil.example"  # it is a valid signature
    auth = authenticate(raw, "hmrc.gov.uk", dns=dns)
    assert auth.result == "fail" and "d=evil.example: not aligned with the From domain hmrc.gov.uk" in auth.reasons


def test_a_reply_signed_by_the_attacker_with_a_capital_d_for_the_contacts_domain_confirms_nothing(registry, coa,
                                                                                                  dns_zone):
    dns_zone["demo._domainkey.evil.example"] = attacks.attacker_key()[1]
    result = receive(registry, _signed_with_a_capital_d(attacks.reply(coa, signer=None)), "smtp")
    assert (result.state, result.action) == ("awaiting_confirmation", "not_accepted")
