"""The attack corpus: hostile mail sent through the one way in (receive), on SQLite and PostgreSQL.

Every case asserts that no authority was taken (no ticket moved, no token used, no confirmation, change or
command carried out, no lock or contact changed) and what was recorded: the event, its reason naming the
problem, whether it is marked suspicious, and who was told.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from email import message_from_bytes
from email.policy import default

import idna
import pytest
from sqlalchemy import select

from mailbot.errors import TemporaryError
from mailbot.ingest.receive import receive
from mailbot.policy.authentication import DNSTemporaryError
from mailbot.registry import import_file
from mailbot.store.models import (
    Contact,
    Domain,
    HistoryEntry,
    Message,
    OutboxItem,
    ReplyToken,
    Ticket,
)
from mailbot.tokens import _mac
from mailbot.workflow import operators
from tests.support import attacks
from tests.support.attacks import mail, reply, sign, to_ticket, token_of, wrapped
from tests.support.constants import EXAMPLES, SECRET
from tests.support.databases import empty_database
from tests.support.mails import (
    BOT,
    GDS,
    HMRC_CANCEL,
    HMRC_CONTACTS,
    OPERATORS,
    PARISH_SIGNUP,
    REGISTRAR,
    SECURITY,
    SOC,
    body,
    build,
    heading,
    outbox,
    parsed,
    request,
)
from tests.support.tickets import ticket

EVIL = "evil@evil.example"
INSIDER = "hostmaster@hmrc.gov.uk"  # HMRC's own DNS team: its mail is signed by hmrc.gov.uk, it is no lock contact
DFT_SECURITY = "cyber-security@dft.gov.uk"  # the lock contact of another organisation
CYRILLIC_HMRC = "xn--hmr-6ed.gov.uk"  # hmr + Cyrillic "с": drawn like hmrc.gov.uk
AUTHSERV = "mx.registry.example"

# What authority looks like: none of these may follow hostile mail.
AUTHORITY_EVENTS = {"call_verified", "call_refused", "call_no_answer", "confirm", "dispute", "amend", "applied",
                    "withdraw", "approve_signup", "approve_cancellation", "reject", "command_by_email"}
AUTHORITY_MAIL = {"confirmation_of_authorisation", "authorisation_for_gds", "change_notification", "dispute_alert",
                  "change_outcome", "signup_activated", "current_records", "cancellation_completed"}
# Every header the bot writes on its own mail; anything else in an outgoing header section was injected.
OUTGOING_HEADERS = {"from", "to", "cc", "reply-to", "subject", "date", "message-id", "in-reply-to", "references",
                    "auto-submitted", "x-auto-response-suppress", "x-registry-lock-loop", "x-registry-lock-ticket",
                    "mime-version", "content-type", "content-transfer-encoding"}


# -- the world before and after ---------------------------------------------------------------------------


def world(app) -> dict:
    """Everything an attacker would want to move: tickets, used tokens, authority, locks and contacts."""
    with app.sessions() as s:
        return {
            "tickets": {t.ref: (t.state, t.stage, t.verified_digest) for t in s.scalars(select(Ticket))
                        if t.kind != "triage"},
            "used_tokens": sorted((r.serial, r.used_for, r.used_by) for r in s.scalars(
                select(ReplyToken).where(ReplyToken.used_at.is_not(None)))),
            "authority": sorted(s.scalars(select(HistoryEntry.id).where(HistoryEntry.kind.in_(AUTHORITY_EVENTS)))),
            "authority_mail": sorted(s.scalars(select(OutboxItem.id).where(OutboxItem.template.in_(AUTHORITY_MAIL)))),
            "domains": sorted((d.name, d.locked, d.organisation_id, tuple(d.nameservers)) for d in
                              s.scalars(select(Domain))),
            "contacts": sorted((c.organisation_id, c.role, c.email) for c in s.scalars(select(Contact))),
        }


def events(app, kind: str, ref="RL-000001") -> list[dict]:
    return [e for e in ticket(app, ref)["events"] if e["kind"] == kind]


def new_mail(app, since: int) -> list[OutboxItem]:
    return [o for o in outbox(app) if o.id > since]


def last_id(app) -> int:
    return max((o.id for o in outbox(app)), default=0)


def words(item) -> str:
    return " ".join(body(item).split())


# -- the registry under attack -----------------------------------------------------------------------------


@pytest.fixture(params=["sqlite"])
def db_url(request, tmp_path) -> str:
    """The corpus is about what the bot decides, which the database does not change: SQLite only. The cases
    that store hostile values (NUL and control characters, which PostgreSQL's text refuses) run on both."""
    return empty_database(request, request.param, tmp_path)



@pytest.fixture
def bot(app, dns_zone, tmp_path):
    """The example registry plus a second locked organisation (DfT), and a DNS publishing the keys of every
    domain in play: HMRC's and DfT's, the operators' and GDS's mail servers (the demo key), and domains the
    attacker owns and signs for honestly (a key of its own): evil.example, another .gov.uk council, and a
    look-alike of hmrc.gov.uk. HMRC also still publishes an old 512-bit key."""
    demo = dns_zone["demo._domainkey.hmrc.gov.uk"]
    _, attacker = attacks.attacker_key()
    for domain in ("dft.gov.uk", "registry.example", "digital.cabinet-office.gov.uk"):
        dns_zone[f"demo._domainkey.{domain}"] = demo
    for domain in ("evil.example", "parish.gov.uk", CYRILLIC_HMRC):
        dns_zone[f"demo._domainkey.{domain}"] = attacker
    dns_zone["small._domainkey.hmrc.gov.uk"] = attacks.rsa_key(512)[1]
    records = json.loads((EXAMPLES / "registry.json").read_text())
    records["organisations"].append({
        "name": "Department for Transport",
        "contacts": [{"role": "security", "email": DFT_SECURITY, "phone": "+44 20 7946 0100"}],
        "domains": [{"name": "dft.gov.uk", "locked": True, "registrar": "Other Names plc",
                     "nameservers": ["ns1.dft.gov.uk"], "whois_contacts": ["hostmaster@dft.gov.uk"]}]})
    (tmp_path / "registry.json").write_text(json.dumps(records))
    with app.tx() as session:
        import_file(session, str(tmp_path / "registry.json"), app.rules.zone)
    return app


@dataclass
class Scene:
    """A change request for hmrc.gov.uk, verified by phone: the confirmation of authorisation is out."""

    app: object
    coa: OutboxItem  # to the security contacts: the only token that can confirm
    gds_coa: OutboxItem  # GDS's copy (authorisation_for_gds): its token confirms nothing
    task: OutboxItem  # the operators'
    ack: OutboxItem  # the registrar's


@pytest.fixture
def scene(bot) -> Scene:
    request(bot)
    operators.record_call(bot, "RL-000001", outcome="verified", contact=SECURITY, operator="Sam Jones")
    [coa], [gds_copy] = outbox(bot, "confirmation_of_authorisation"), outbox(bot, "authorisation_for_gds")
    return Scene(bot, coa, gds_copy,
                 outbox(bot, "operator_task")[0], outbox(bot, "change_received")[0])


def evil_key() -> bytes:
    return attacks.attacker_key()[0]


# -- replies that would confirm or dispute -----------------------------------------------------------------


@dataclass(frozen=True)
class Reply:
    """A hostile reply to a verified ticket, and what must be recorded of it."""

    id: str
    make: Callable[[Scene], bytes]
    reasons: tuple[str, ...]  # each named in the event's reason
    suspicious: bool | None = False
    kind: str = "reply_not_accepted"
    source: str = "smtp"
    authserv_id: str | None = None
    attack: bool = False  # a possible attack: GDS is copied on the operators' notice


NO_FROM = ("the sender is not a Registry Lock contact", "fail (no single From address)",
           "its reply token was not sent to its sender")


def _insider_from(header: str) -> Callable[[Scene], bytes]:
    """HMRC's DNS team (signed by hmrc.gov.uk, holding a forwarded confirmation) writes a From that a lax
    parser (email.utils.parseaddr, CVE-2023-27043) reads as the lock contact's address."""
    return lambda s: reply(s.coa, from_=header)


def _second_ticket_token(s: Scene) -> bytes:
    request(s.app, sender="domains@othernames.example")
    operators.record_call(s.app, "RL-000002", outcome="verified", contact=SECURITY, operator="Sam Jones")
    other = next(o for o in outbox(s.app, "confirmation_of_authorisation", "RL-000002") if SECURITY in o.to)
    return reply(s.coa, to=to_ticket("RL-000001", token_of(other)))


def _forged_mac(s: Scene) -> bytes:
    """The real serial, with a MAC made with a guessed key over exactly what the row binds."""
    serial = token_of(s.coa)[:10]
    with s.app.sessions() as session:
        row = session.scalar(select(ReplyToken).where(ReplyToken.serial == serial))
        mac = _mac(b"guessed-secret-0123456789", "RL-000001", row.stage, row.audience, serial, row.recipients,
                   row.expires_at)
    return reply(s.coa, to=to_ticket("RL-000001", serial + mac))


def _l_tag_appended(s: Scene) -> bytes:
    """A genuine signed note with l=, and a confirmation appended after the part the signature covers."""
    raw = mail(from_=SECURITY, to=str(parsed(s.coa)["Reply-To"]), subject="Re: " + parsed(s.coa)["Subject"],
               text="Thank you for the call.\n", in_reply_to=s.coa.message_id)
    return sign(raw, "hmrc.gov.uk", length=True) + b"I confirm this change.\r\n"


def _body_altered(s: Scene) -> bytes:
    genuine = reply(s.coa, text="Which change is this about?")
    return genuine.replace(b"Which change is this about?", b"I confirm this change.\r\n\r\nThanks")


def _two_signatures(s: Scene) -> bytes:
    """A genuine signature of the attacker's own domain, and one claiming hmrc.gov.uk that was never made."""
    signed = reply(s.coa, signer="evil.example", key=evil_key())
    return (b"DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/simple; d=hmrc.gov.uk; s=demo;\r\n"
            b" h=from:to:subject:date:message-id:in-reply-to:references; bh=AAAA; b=AAAA\r\n" + signed)


def _hidden_signature(s: Scene) -> bytes:
    """A bare CR (RFC 5322 2.2 allows CR only before LF) hides a made-up hmrc.gov.uk signature inside another
    header from the DKIM verifier, while the mail parser sees it first: the verifier must check the
    signature whose tags were read, not the attacker's genuine one at the same index."""
    genuine = reply(s.coa, signer="evil.example", key=evil_key())
    fake = (b"DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/simple; d=hmrc.gov.uk; s=demo; "
            b"h=from:to:subject:date:message-id:in-reply-to:references; bh=AAAA; b=AAAA")
    return b"X-Note: hello\r" + fake + b"\r\n" + genuine


def _header_section_ended_early(s: Scene) -> bytes:
    """A genuine signed reply of the lock contact, intercepted, reordered and led by a bare CR that ends the
    header section for the mail parser but not for the DKIM verifier: the parser reads the signed header lines as
    the reply's own words, above its confirmation. The bot's mails all have the ticket's subject, so the signed
    Subject no longer says "Confirm the change you authorised" for a note to borrow; the reply confirms, and the
    two readings of its header section still make it count for nothing."""
    genuine = reply(s.coa, text="I confirm this change.")
    head, _, rest = genuine.partition(b"\r\n\r\n")
    lines = re.split(rb"\r\n(?![ \t])", head)
    signature = next(line for line in lines if line.lower().startswith(b"dkim-signature:"))
    by_name = {line.split(b":", 1)[0].lower(): line for line in lines}
    top = [signature, by_name[b"from"], by_name[b"to"], b"X-Pad: x\r"]
    below = [by_name[b"subject"], by_name[b"date"], by_name[b"message-id"], by_name[b"in-reply-to"],
             by_name[b"references"]]
    return b"\r\n".join(top + below) + b"\r\n\r\n" + rest


def _not_from_signed(s: Scene) -> bytes:
    raw = reply(s.coa, signer=None)
    return attacks.sign_without_from(raw, "hmrc.gov.uk")


def _ar(*values: str) -> Callable[[Scene], bytes]:
    """Authentication-Results as they arrive over IMAP: the first added by the last server, on top."""
    def make(s: Scene) -> bytes:
        return b"".join(f"Authentication-Results: {v}\r\n".encode() for v in values) + reply(s.coa, signer=None)
    return make


def _wrapped_by(outer: str, signer: str | None, key=None, text="See the message attached.") -> Callable[[Scene], bytes]:
    def make(s: Scene) -> bytes:
        inner = reply(s.coa)  # a genuine, signed confirmation
        raw = wrapped(outer, inner, to=str(parsed(s.coa)["Reply-To"]), text=text)
        return sign(raw, signer, key=key) if signer else raw
    return make


def _pasted_in_body(s: Scene) -> bytes:
    """A forged confirmation with a genuine signed one pasted below it: a signature in the body is text."""
    inner = reply(s.coa).decode()
    return mail(from_=SECURITY, to=str(parsed(s.coa)["Reply-To"]), subject="Re: " + parsed(s.coa)["Subject"],
                text="I confirm this change.\n\n" + inner, in_reply_to=s.coa.message_id)


REPLIES = [
    # -- forged From ----------------------------------------------------------------------------------
    Reply("forged-from-unsigned", lambda s: reply(s.coa, signer=None),
          ("its sender is not authenticated (DKIM aligned with the From domain): none (no DKIM signature)",)),
    Reply("forged-from-signed-by-the-attackers-domain", lambda s: reply(s.coa, signer="evil.example", key=evil_key()),
          ("d=evil.example: not aligned with the From domain hmrc.gov.uk",)),
    # gov.uk is a public suffix: another council's genuine signature is not HMRC's (RFC 7489 3.2).
    Reply("forged-from-signed-by-another-gov-uk-domain",
          lambda s: reply(s.coa, signer="parish.gov.uk", key=evil_key()),
          ("d=parish.gov.uk: not aligned with the From domain hmrc.gov.uk",)),
    Reply("display-name-spoofing",
          lambda s: reply(s.coa, from_=f'"hmrc.gov.uk Security" <{EVIL}>', signer="evil.example", key=evil_key()),
          (f"{EVIL} is not a Registry Lock contact for hmrc.gov.uk", f"its reply token was not sent to {EVIL}"),
          suspicious=True),
    Reply("display-name-holding-the-contacts-address",
          lambda s: reply(s.coa, from_=f'"{SECURITY}" <{EVIL}>', signer="evil.example", key=evil_key()),
          (f"{EVIL} is not a Registry Lock contact for hmrc.gov.uk",), suspicious=True),
    Reply("several-from-headers", lambda s: reply(s.coa, extra_from=[EVIL]), NO_FROM, suspicious=True),
    Reply("several-mailboxes-in-from", lambda s: reply(s.coa, from_=f"{SECURITY}, {EVIL}"), NO_FROM, suspicious=True),
    Reply("from-as-a-group", lambda s: reply(s.coa, from_=f"Security team: {SECURITY};"), NO_FROM, suspicious=True),
    Reply("cve-2023-27043-parenthesis", _insider_from(f"{SECURITY})<{INSIDER}>"), NO_FROM, suspicious=True),
    Reply("cve-2023-27043-unquoted-display-name", _insider_from(f"{SECURITY} <{INSIDER}>"), NO_FROM, suspicious=True),
    Reply("cve-2023-27043-angle-address-first", _insider_from(f"<{SECURITY}>{INSIDER}"), NO_FROM, suspicious=True),
    Reply("cve-2023-27043-trailing-domain", _insider_from(f'"{INSIDER}" <{SECURITY}>@evil.example'), NO_FROM,
          suspicious=True),
    Reply("obsolete-source-route", _insider_from(f"<@evil.example:{SECURITY}>"), NO_FROM, suspicious=True),
    Reply("quoted-local-part-holding-the-contacts-address", _insider_from(f'"{SECURITY}"@hmrc.gov.uk'), NO_FROM,
          suspicious=True),
    # -- look-alike sender ------------------------------------------------------------------------------
    Reply("lookalike-sender-cyrillic-letter",
          lambda s: reply(s.coa, sender=f"cyber-security@{CYRILLIC_HMRC}", signer=CYRILLIC_HMRC, key=evil_key()),
          (f"possible attack: the sender cyber-security@{CYRILLIC_HMRC} writes from a look-alike of hmrc.gov.uk",
           f"cyber-security@{CYRILLIC_HMRC} is not a Registry Lock contact for hmrc.gov.uk",
           f"its reply token was not sent to cyber-security@{CYRILLIC_HMRC}"), suspicious=True, attack=True),
    Reply("lookalike-sender-unicode-from", lambda s: reply(s.coa, from_="cyber-security@hmr\u0441.gov.uk",
                                                           signer=CYRILLIC_HMRC, key=evil_key()),
          # Read as RFC 6532 has it, and shown as the A-label it is: unlike the Unicode, it does not look genuine.
          (f"possible attack: the sender cyber-security@{CYRILLIC_HMRC} writes from a look-alike of hmrc.gov.uk",
           f"cyber-security@{CYRILLIC_HMRC} is not a Registry Lock contact for hmrc.gov.uk"),
          suspicious=True, attack=True),
    # -- the token ------------------------------------------------------------------------------------
    Reply("wrong-token", lambda s: reply(s.coa, to=to_ticket("RL-000001", "abcdefghij" + "k" * 16)),
          ("its reply token is not genuine",), suspicious=True),
    Reply("old-16-character-token", lambda s: reply(s.coa, to=to_ticket("RL-000001", token_of(s.coa)[:16])),
          ("its reply token is not genuine",), suspicious=True),
    Reply("forged-token-mac-with-a-guessed-key", _forged_mac, ("its reply token is not genuine",), suspicious=True),
    Reply("no-token-subject-tag-only",
          lambda s: sign(mail(from_=SECURITY, to=BOT, subject="Re: [RL-000001] Confirm the change",
                              text="I confirm this change.\n"), "hmrc.gov.uk"),
          ("it does not carry the ticket's reply token (a reference in the subject is not enough)",)),
    Reply("token-of-the-registrars-copy", lambda s: reply(s.ack),
          ("its reply token was issued to the registrar, not the security contacts",), suspicious=True),
    Reply("token-of-the-gds-copy", lambda s: reply(s.gds_coa),
          ("its reply token was issued to the gds, not the security contacts",), suspicious=True),
    Reply("token-of-the-operators-task", lambda s: reply(s.task),
          ("its reply token was issued to the operators, not the security contacts",), suspicious=True),
    Reply("cross-ticket-token", _second_ticket_token, ("its reply token belongs to another ticket (RL-000002)",),
          suspicious=True),
    Reply("insider-not-a-lock-contact", lambda s: reply(s.coa, sender=INSIDER),
          (f"{INSIDER} is not a Registry Lock contact for hmrc.gov.uk", f"its reply token was not sent to {INSIDER}"),
          suspicious=True),
    Reply("lock-contact-of-another-organisation", lambda s: reply(s.coa, sender=DFT_SECURITY, signer="dft.gov.uk"),
          (f"{DFT_SECURITY} is not a Registry Lock contact for hmrc.gov.uk",
           f"its reply token was not sent to {DFT_SECURITY}"), suspicious=True),
    Reply("replay-dated-before-the-request", lambda s: reply(s.coa, date="Thu, 26 Nov 2026 12:00:00 +0000"),
          ("it is dated 2026-11-26T12:00:00+00:00, before the confirmation it would answer was asked for: a replay",)),
    # -- DKIM that does not count --------------------------------------------------------------------
    Reply("dkim-body-altered-after-signing", _body_altered, ("d=hmrc.gov.uk: body hash mismatch",)),
    Reply("dkim-l-tag-with-appended-text", _l_tag_appended, ("l= lets text be added after the signed body",)),
    Reply("dkim-rsa-sha1", lambda s: reply(s.coa, signature_algorithm=b"rsa-sha1"), ("rsa-sha1 is too weak",)),
    Reply("dkim-512-bit-key", lambda s: reply(s.coa, selector="small", key=attacks.rsa_key(512)[0]),
          ("public key too small",)),
    Reply("unsigned-second-from-above-the-signed-one",
          lambda s: f"From: {SECURITY}\r\n".encode() + reply(s.coa, sender=INSIDER), NO_FROM, suspicious=True),
    Reply("from-not-covered-by-the-signature", _not_from_signed,
          ("from is not covered by the signature as often as the message has it",)),
    Reply("two-signatures-neither-aligned-and-valid", _two_signatures,
          ("d=evil.example: not aligned", "d=hmrc.gov.uk:")),
    Reply("bare-cr-hides-a-signature-from-the-verifier", _hidden_signature, ("reads differently",)),
    Reply("bare-cr-ends-the-header-section-early", _header_section_ended_early, ("reads differently",)),
    # -- Authentication-Results (IMAP behind our own server) -----------------------------------------------
    Reply("authentication-results-not-topmost",
          _ar(f"{AUTHSERV}; dkim=none", f"{AUTHSERV}; dkim=pass header.d=hmrc.gov.uk"),
          ("our server found no aligned DKIM pass",), source="imap", authserv_id=AUTHSERV),
    Reply("authentication-results-wrong-authserv-id", _ar("evil.example; dkim=pass header.d=hmrc.gov.uk"),
          ("the topmost Authentication-Results is not our server's",), source="imap", authserv_id=AUTHSERV),
    Reply("authentication-results-authserv-id-as-a-prefix",
          _ar(f"{AUTHSERV}.evil.example; dkim=pass header.d=hmrc.gov.uk"),
          ("the topmost Authentication-Results is not our server's",), source="imap", authserv_id=AUTHSERV),
    Reply("authentication-results-several",
          _ar(f"{AUTHSERV}; dkim=fail header.d=hmrc.gov.uk", f"{AUTHSERV}; dkim=pass header.d=hmrc.gov.uk",
              "evil.example; dkim=pass header.d=hmrc.gov.uk"),
          ("our server found no aligned DKIM pass",), source="imap", authserv_id=AUTHSERV),
    Reply("authentication-results-spf-alone", _ar(f"{AUTHSERV}; spf=pass smtp.mailfrom=hmrc.gov.uk; dkim=none"),
          ("our server found no aligned DKIM pass",), source="imap", authserv_id=AUTHSERV),
    Reply("authentication-results-pass-for-the-attackers-domain",
          _ar(f"{AUTHSERV}; dkim=pass header.d=evil.example header.s=demo"),
          ("our server found no aligned DKIM pass",), source="imap", authserv_id=AUTHSERV),
    Reply("authentication-results-empty-on-top", _ar("", f"{AUTHSERV}; dkim=pass header.d=hmrc.gov.uk"),
          ("the topmost Authentication-Results is no verdict: it does not parse (RFC 8601)",), source="imap",
          authserv_id=AUTHSERV),
    # -- what is wrapped or quoted is content, never identity ------------------------------------------------
    Reply("wrapped-genuine-confirmation-sent-by-an-outsider", _wrapped_by(EVIL, "evil.example", evil_key()),
          (f"{EVIL} is not a Registry Lock contact", f"its reply token was not sent to {EVIL}"), suspicious=True),
    Reply("wrapped-genuine-confirmation-under-a-forged-from", _wrapped_by(SECURITY, None),
          ("a reply from the security team that neither confirms nor disputes",), suspicious=None,
          kind="reply_unclear"),
    Reply("wrapped-genuine-confirmation-forwarded-by-the-contact",
          _wrapped_by(SECURITY, "hmrc.gov.uk", text="Forwarding the attached for your records."),
          ("a reply from the security team that neither confirms nor disputes",), suspicious=None,
          kind="reply_unclear"),
    Reply("genuine-confirmation-pasted-in-the-body", _pasted_in_body,
          ("its sender is not authenticated (DKIM aligned with the From domain): none (no DKIM signature)",)),
    Reply("confirmation-only-in-quoted-text",
          lambda s: reply(s.coa, text="Who asked for this?\n> I confirm this change."),
          ("a reply from the security team that neither confirms nor disputes",), suspicious=None,
          kind="reply_unclear"),
    # -- a dispute takes authority too: forged, it stops nothing, and the operators phone ----------------------
    Reply("forged-dispute-unsigned", lambda s: reply(s.coa, text="We did not request this. Stop.", signer=None),
          ("its sender is not authenticated",)),
]


@pytest.mark.parametrize("case", REPLIES, ids=[c.id for c in REPLIES])
def test_a_hostile_reply_takes_no_authority(scene, case: Reply):
    app = scene.app
    if case.authserv_id:
        app.settings = dataclasses.replace(app.settings, authserv_id=case.authserv_id)
    raw = case.make(scene)
    before, since = world(app), last_id(app)
    result = receive(app, raw, case.source)
    assert world(app) == before
    assert (result.ticket, result.state) == ("RL-000001", "awaiting_confirmation")
    event = events(app, case.kind)[-1]
    for reason in case.reasons:
        assert reason in event["reason"], event["reason"]
    if case.suspicious is not None:
        assert event["data"]["suspicious"] is case.suspicious
    [notice] = new_mail(app, since)  # the operators, and only they, are told (GDS too for a possible attack)
    assert (notice.template, notice.to, notice.cc) == ("operator_notice", [OPERATORS], [GDS] if case.attack else [])
    assert bool(events(app, "possible_attack")) is case.attack
    if case.kind == "reply_not_accepted":
        disputes = event["data"]["intent"] == "dispute"
        headline = ("disputes the change but could not be verified" if disputes else
                    "A suspicious reply to RL-000001 was refused" if case.suspicious else
                    "A reply to RL-000001 was not accepted")
        assert headline in heading(notice)
        assert case.reasons[0] in words(notice)


# -- replays, stages, expiry and keys ----------------------------------------------------------------------


def amend_and_verify_again(app) -> None:
    request(app, subject="Corrected name servers for hmrc.gov.uk",
            body="Please update the name servers for hmrc.gov.uk to ns1.other.example and ns2.other.example.\n")
    operators.record_call(app, "RL-000001", outcome="verified", contact=SECURITY, operator="Sam Jones")


def refused_reply(app, raw: bytes, reason: str, *, state: str, suspicious: bool) -> None:
    before, since = world(app), last_id(app)
    result = receive(app, raw, "smtp")
    assert world(app) == before and (result.state, result.action) == (state, "not_accepted")
    event = events(app, "reply_not_accepted")[-1]
    assert reason in event["reason"] and event["data"]["suspicious"] is suspicious
    assert [(o.template, o.to) for o in new_mail(app, since)] == [("operator_notice", [OPERATORS])]


def test_replay_of_the_same_message_after_an_amendment_is_recognised_and_does_nothing(scene):
    app = scene.app
    genuine = reply(scene.coa)
    assert receive(app, genuine, "smtp").action == "confirmed"
    amend_and_verify_again(app)
    before, since = world(app), last_id(app)
    for again in (genuine, b"Received: from mx.evil.example by mx.registry.example; Mon, 30 Nov 2026\r\n" + genuine,
                  b"Delivered-To: registrylock@registry.example\r\n" + genuine):
        result = receive(app, again, "smtp")
        assert (result.duplicate, result.action) == (True, "duplicate")
    assert world(app) == before and new_mail(app, since) == []
    assert ticket(app)["state"] == "awaiting_confirmation" and len(events(app, "confirm")) == 1


def test_replay_with_the_same_content_and_a_new_message_id(scene):
    app = scene.app
    assert receive(app, reply(scene.coa), "smtp").action == "confirmed"
    resent = reply(scene.coa)  # the same words, re-sent and re-signed: a new Message-ID
    refused_reply(app, resent, f"its reply token was already used (confirm by {SECURITY} at 2026-11-27 10:00 UTC)",
                  state="authorised", suspicious=True)
    assert len(events(app, "confirm")) == 1


def test_cross_stage_token_after_an_amendment(scene):
    app = scene.app
    amend_and_verify_again(app)
    refused_reply(app, reply(scene.coa), "its reply token is for an earlier version of the request",
                  state="awaiting_confirmation", suspicious=True)


def test_expired_token(scene, clock):
    clock.advance(timedelta(days=31))
    refused_reply(scene.app, reply(scene.coa), "its reply token expired on 2026-12-27 10:00 UTC",
                  state="awaiting_confirmation", suspicious=False)


def test_token_signed_with_a_retired_key(scene, env, clock, tmp_path, dns_zone):
    from mailbot.app import App
    from mailbot.rules import load_rules
    from mailbot.settings import load_settings

    settings = load_settings({**env, "MAILBOT_SECRET": "a-brand-new-secret-0123456789",
                              "MAILBOT_PREVIOUS_SECRETS": f"2026-11-27:{SECRET}"}, cwd=tmp_path)
    rotated = App.build(settings, rules=load_rules(settings.rules_path), clock=clock,
                        dns=lambda name: dns_zone.get(name.rstrip(".")))
    try:
        refused_reply(rotated, reply(scene.coa), "its reply token was signed with a key retired on 2026-11-27",
                      state="awaiting_confirmation", suspicious=False)
    finally:
        rotated.close()


def test_a_dns_failure_is_never_a_pass_the_message_is_kept_for_later(scene, dns_zone):
    app = scene.app

    def servfail(name):
        raise DNSTemporaryError("SERVFAIL")

    raw = reply(scene.coa)
    before, since = world(app), last_id(app)
    app.dns = servfail
    with pytest.raises(TemporaryError, match="could not be checked now"):
        receive(app, raw, "smtp")
    assert world(app) == before and new_mail(app, since) == []
    assert events(app, "reply_not_accepted") == [] and events(app, "confirm") == []
    with app.sessions() as s:
        kept = s.scalar(select(Message).where(Message.direction == "in", Message.raw == raw))
        assert kept.status == "stored"  # not processed: it is tried again, not dropped
    app.dns = lambda name: dns_zone.get(name.rstrip("."))
    assert receive(app, raw, "smtp").action == "confirmed"  # once the DNS answers, the genuine reply counts


# -- automatic replies -------------------------------------------------------------------------------------


OUT_OF_OFFICE = "I am out of the office until Monday. I confirm receipt of your message."


@pytest.mark.parametrize("headers", [
    [("Auto-Submitted", "auto-replied")],
    [("X-Auto-Response-Suppress", "All")],
    [("Precedence", "bulk")],
    [("X-Autoreply", "yes")],
    [("X-Autorespond", "Out of office")],
    [("Precedence", "auto_reply")],
], ids=["out-of-office-auto-submitted", "out-of-office-exchange", "out-of-office-precedence-bulk",
        "out-of-office-x-autoreply", "out-of-office-x-autorespond", "out-of-office-precedence-auto-reply"])
def test_an_out_of_office_reply_confirms_nothing(scene, headers):
    app = scene.app
    before, since = world(app), last_id(app)
    result = receive(app, reply(scene.coa, text=OUT_OF_OFFICE, headers=headers), "smtp")
    assert world(app) == before
    assert (result.kind, result.state, result.action) == ("automatic", "awaiting_confirmation", "recorded")
    assert events(app, "automatic_message")[-1]["reason"].startswith("automatic mail, recorded and not acted on")
    assert new_mail(app, since) == []  # never answered


def test_an_unsigned_second_subject_above_the_signed_one_takes_no_authority(scene):
    """The verifier checks the bottom-most Subject (RFC 6376 5.4.2), a mail client shows the top one."""
    app = scene.app
    raw = b"Subject: Re: [RL-000001] Confirmed, go ahead\r\n" + reply(scene.coa)
    before, since = world(app), last_id(app)
    result = receive(app, raw, "smtp")
    assert world(app) == before
    if result.kind == "triage":
        # The parser cannot read a message with two Subjects: a person reads it, it is never a reply.
        assert ticket(app)["events"][-1]["kind"] == "mail_queued" and events(app, "reply_not_accepted") == []
        assert [(o.template, o.to) for o in new_mail(app, since)] == [("triage_notice", [OPERATORS])]
    else:
        reason = events(app, "reply_not_accepted")[-1]["reason"]
        assert "subject is not covered by the signature as often as the message has it" in reason


# -- commands by email -------------------------------------------------------------------------------------

SAM = "sam.jones@registry.example"  # an operator, but not on the allowlist: the team's mailbox is
CALL = f"call verified contact={SECURITY}"
SIGNUP, CANCEL = PARISH_SIGNUP, HMRC_CANCEL


@dataclass
class Desk:
    """An open change request for hmrc.gov.uk (the operators' task is out), a sign-up of the parish council
    and a cancellation of HMRC's lock, both waiting for GDS."""

    app: object
    task: OutboxItem
    signup_review: OutboxItem
    cancellation_review: OutboxItem
    cancellation_receipt: OutboxItem  # the requester's copy


@pytest.fixture
def desk(bot) -> Desk:
    request(bot)
    receive(bot, build(sender="ciso@little-ashby-pc.gov.uk", to=GDS, subject="Sign up", body=SIGNUP), "file")
    receive(bot, build(sender="ciso@hmrc.gov.uk", to=GDS, subject="Cancel", body=CANCEL), "file")
    return Desk(bot, outbox(bot, "operator_task")[0], outbox(bot, "signup_for_review")[0],
                outbox(bot, "cancellation_for_review")[0], outbox(bot, "cancellation_received")[0])


@dataclass(frozen=True)
class Order:
    """A hostile or invalid command by email, and what must be recorded and answered."""

    id: str
    make: Callable[[Desk], bytes]
    reasons: tuple[str, ...]
    suspicious: bool
    answered: str = OPERATORS
    ref: str = "RL-000001"
    state: str = "awaiting_verification"


def _command(item, text: str, *, sender: str = OPERATORS, signer: str | None = "registry.example", key=None,
             from_: str | None = None, quote: bool = True) -> bytes:
    return reply(item, text=text, sender=sender, from_=from_, signer=signer, key=key, quote=quote)


def _quoted_only(d: Desk) -> bytes:
    original = parsed(d.task)
    raw = mail(from_=OPERATORS, to=str(original["Reply-To"]), subject="Re: " + original["Subject"],
               text=f"> {CALL}\n> \n> Sam Jones wrote this earlier\n", in_reply_to=original["Message-ID"])
    return sign(raw, "registry.example")


def _token_used_before(d: Desk) -> bytes:
    first = receive(d.app, _command(d.task, f"call no-answer by=Sam Jones contact={SOC} note=voicemail"), "smtp")
    assert first.action == "done"
    return _command(d.task, CALL)


ORDERS = [
    Order("command-from-outside-the-allowlist", lambda d: _command(d.task, CALL, sender=SAM),
          (f"{SAM} is not on the allowlist for commands by email",), suspicious=True),
    Order("command-from-the-allowlist-unsigned", lambda d: _command(d.task, CALL, signer=None),
          ("its sender is not authenticated (DKIM aligned with the From domain): none (no DKIM signature)",),
          suspicious=True),
    Order("command-from-the-allowlist-signed-by-the-attacker",
          lambda d: _command(d.task, CALL, signer="evil.example", key=evil_key()),
          ("d=evil.example: not aligned with the From domain registry.example",), suspicious=True),
    Order("command-with-the-operators-token-by-an-outsider",
          lambda d: _command(d.task, CALL, sender=EVIL, signer="evil.example", key=evil_key()),
          (f"{EVIL} is not on the allowlist for commands by email",), suspicious=True),
    Order("command-display-name-spoofing",
          lambda d: _command(d.task, CALL, from_=f'"{OPERATORS}" <{EVIL}>', signer="evil.example", key=evil_key()),
          (f"{EVIL} is not on the allowlist for commands by email",), suspicious=True),
    Order("command-with-a-bidi-override",
          lambda d: _command(d.task, f"call verified contact={SOC} note=\u202edesufer\u202c"),
          ("its text holds invisible or direction-changing characters",), suspicious=False),
    Order("command-with-a-zero-width-space", lambda d: _command(d.task, f"call verified\u200b contact={SOC}"),
          ("its text holds invisible or direction-changing characters",), suspicious=False),
    Order("command-in-quoted-text-only", _quoted_only, ("no command: the message has no text of its own",),
          suspicious=False),
    Order("command-token-already-used", _token_used_before,
          ("its reply token was already used (call by registry-operators@registry.example",), suspicious=True),
    Order("command-naming-another-organisations-lock-contact",
          lambda d: _command(d.task, f"call verified by=Sam Jones contact={DFT_SECURITY}"),
          (f"{DFT_SECURITY} is not a Registry Lock contact for hmrc.gov.uk",), suspicious=False),
    Order("command-with-a-phone-number-not-on-record",
          lambda d: _command(d.task, f'call verified by=Sam Jones contact={SECURITY} phone="+44 7700 900123"'),
          ("+44 7700 900123 is not the number on record",), suspicious=False),
    Order("gds-command-from-the-operators", lambda d: _command(d.signup_review, "approve by=Sam Jones"),
          ("approve is a command for GDS, and registry-operators@registry.example is not on their allowlist",),
          suspicious=False, ref="RL-000002", state="awaiting_review"),
    Order("gds-approval-of-a-cancellation-by-an-outsider-with-gds-token",
          lambda d: _command(d.cancellation_review, "approve", sender=EVIL, signer="evil.example", key=evil_key()),
          (f"{EVIL} is not on the allowlist for commands by email",), suspicious=True, ref="RL-000003",
          state="awaiting_review"),
    Order("gds-approval-forged-unsigned-with-the-requesters-token",
          lambda d: _command(d.cancellation_receipt, "approve", sender=GDS, signer=None),
          ("its sender is not authenticated", "its reply token was issued to the requester, not the GDS"),
          suspicious=True, answered=GDS, ref="RL-000003", state="awaiting_review"),
]


@pytest.mark.parametrize("case", ORDERS, ids=[c.id for c in ORDERS])
def test_a_hostile_command_takes_no_authority(desk, case: Order):
    app = desk.app
    raw = case.make(desk)
    before, since = world(app), last_id(app)
    result = receive(app, raw, "smtp")
    assert world(app) == before
    assert (result.ticket, result.kind, result.action, result.state) == (case.ref, "command", "refused", case.state)
    event = events(app, "command_refused", case.ref)[-1]
    for reason in case.reasons:
        assert reason in event["reason"], event["reason"]
    assert event["data"]["suspicious"] is case.suspicious
    # Answered once, to the real person behind an allowlisted address or else to the operators: never to
    # an outsider.
    [answer] = new_mail(app, since)
    assert (answer.template, answer.to, answer.cc) == ("command_result", [case.answered], [])
    assert "Command refused" in heading(answer) and case.reasons[0] in words(answer)


# -- look-alike domains ------------------------------------------------------------------------------------


@pytest.mark.parametrize("domain, shown", [
    ("hmrc.g\u043ev.uk", "hmrc.xn--gv-fmc.uk"),  # Cyrillic "о" in gov: the zone itself disguised
    ("hmr\u0441.gov.uk", CYRILLIC_HMRC),  # Cyrillic "с"
    (CYRILLIC_HMRC, CYRILLIC_HMRC),  # the same, written as its A-label (IDNA, RFC 5891)
    ("\u04bbmrc.gov.uk", "xn--mrc-1sd.gov.uk"),  # Cyrillic "һ"
    ("hmrc.g\u03bfv.uk", "hmrc.xn--gv-jbc.uk"),  # Greek omicron
], ids=["lookalike-cyrillic-o-in-the-zone", "lookalike-cyrillic-es", "lookalike-punycode-form",
        "lookalike-cyrillic-shha", "lookalike-greek-omicron"])
def test_a_request_for_a_lookalike_of_a_locked_domain_is_a_possible_attack(bot, domain, shown):
    before, since = world(bot), last_id(bot)
    result = request(bot, subject="Name servers", body=f"Please update the name servers for {domain} to "
                                                        "ns1.evil.example and ns2.evil.example.\n")
    assert world(bot) == before  # no change ticket for hmrc.gov.uk, no task, nothing locked or moved
    assert (result.kind, result.state, result.action) == ("triage", "triage", "triaged")
    t = ticket(bot, result.ticket)
    assert t["domains"] == [shown]
    assert f"({shown}) looks like hmrc.gov.uk" in t["events"][0]["reason"]
    assert events(bot, "possible_attack", result.ticket)
    [notice] = new_mail(bot, since)
    assert (notice.template, notice.to, notice.cc) == ("triage_notice", [OPERATORS], [GDS])


@pytest.mark.parametrize("lookalike, real", [
    (idna.encode("registr\u0430r.example", uts46=True).decode(), "registrar.example"),  # Cyrillic "а", an A-label
    ("hrnrc.gov.uk", "hmrc.gov.uk"),  # "r" "n" drawn like "m"
    ("hmrc.g0v.uk", "hmrc.gov.uk"),  # a zero for an "o"
    (idna.encode("reg\u0456stry.example", uts46=True).decode(), "registry.example"),  # the registry's own
    ("digital.cabinet-0ffice.gov.uk", "digital.cabinet-office.gov.uk"),  # GDS's
], ids=["cyrillic-letter", "ascii-rn-for-m", "ascii-zero-for-o", "the-registry-s-own", "gds-s-own"])
def test_mail_from_a_lookalike_of_a_known_domain_is_a_possible_attack(bot, lookalike, real):
    before, since = world(bot), last_id(bot)
    result = request(bot, sender=f"requests@{lookalike}")
    assert world(bot) == before and (result.kind, result.state) == ("triage", "triage")
    reason = ticket(bot, result.ticket)["events"][0]["reason"]
    assert f"possible attack: the sender requests@{lookalike} writes from a look-alike of {real}" == reason
    assert events(bot, "possible_attack", result.ticket)
    assert [(o.template, o.to, o.cc) for o in new_mail(bot, since)] == [("triage_notice", [OPERATORS], [GDS])]


def test_an_ascii_typosquat_is_never_a_match_and_is_a_possible_attack(bot):
    """hrnrc ("r" "n" drawn like "m") is never hmrc: nothing is asked of HMRC's security team, and a person
    is told it looks like a locked domain."""
    before, since = world(bot), last_id(bot)
    result = request(bot, subject="NS", body="Please update the name servers for hrnrc.gov.uk to ns1.evil.example\n")
    assert world(bot) == before and (result.kind, result.state) == ("triage", "triage")
    assert "hrnrc.gov.uk (hrnrc.gov.uk) looks like hmrc.gov.uk" in ticket(bot, result.ticket)["events"][0]["reason"]
    assert [(o.template, o.to, o.cc) for o in new_mail(bot, since)] == [("triage_notice", [OPERATORS], [GDS])]


# -- header injection --------------------------------------------------------------------------------------

VICTIM = "victim@evil.example"
INJECTED = f"=?utf-8?q?=0D=0ABcc:_{VICTIM.replace('@', '=40')}?="
QP_INJECTED = f"=0D=0ABcc: {VICTIM}"


def _qp_request(text: str, **kw) -> bytes:
    """A request whose body is quoted-printable: =0D=0A decodes to a line break inside a field."""
    raw = build(body="placeholder\n", **kw)
    head, _, _ = raw.partition(b"\n\n")
    head = head.replace(b"Content-Transfer-Encoding: 7bit", b"Content-Transfer-Encoding: quoted-printable")
    return head + b"\n\n" + text.encode() + b"\n"


INJECTIONS = {
    "injection-crlf-in-the-subject": lambda: build(subject=f"Name servers for hmrc.gov.uk {INJECTED}"),
    "injection-crlf-in-the-display-name": lambda: mail(
        from_=f"{INJECTED} <{REGISTRAR}>", to=BOT, subject="Name server change for hmrc.gov.uk",
        text="Please update the name servers for hmrc.gov.uk to ns1.newdns.co.uk.\n"),
    "injection-crlf-in-a-domain-name": lambda: build(subject=f"=?utf-8?q?hmrc.gov.uk{INJECTED[10:-2]}?=",
                                                     body=f"Domain: hmrc.gov.uk\u2028Bcc: {VICTIM}\n"
                                                          "Nameservers: ns1.newdns.co.uk\n"),
    "injection-crlf-in-form-fields": lambda: _qp_request(
        f"Domain: hmrc.gov.uk{QP_INJECTED}\nNameservers: ns1.newdns.co.uk{QP_INJECTED}\n"
        f"Registrant: HM Revenue and Customs{QP_INJECTED}\n"),
    "injection-nul-and-escape-in-the-message-id": lambda: build(message_id="<inj\x00ect\x1b@registrar.example>"),
    "injection-crlf-in-the-organisation-name": lambda: _qp_request(
        SIGNUP.replace("Little Ashby Parish Council", f"Little Ashby Parish Council{QP_INJECTED}"),
        sender="ciso@little-ashby-pc.gov.uk", to=GDS, subject="Sign up"),
    "injection-crlf-in-a-contact-email": lambda: _qp_request(
        SIGNUP.replace("Email: ciso@little-ashby-pc.gov.uk", f"Email: ciso@little-ashby-pc.gov.uk{QP_INJECTED}")
        .replace("security@little-ashby-pc.gov.uk,", f"security@little-ashby-pc.gov.uk\u0085Bcc: {VICTIM},"),
        sender="ciso@little-ashby-pc.gov.uk", to=GDS, subject="Sign up"),
    "injection-in-the-organisation-name-by-encoded-subject": lambda: build(
        sender="ciso@little-ashby-pc.gov.uk", to=GDS, subject=f"Sign up {INJECTED}",
        body=SIGNUP.replace("Little Ashby Parish Council", f"Little Ashby\u2028Bcc: {VICTIM}\u2029Parish Council")),
}


def assert_no_injected_header(app) -> None:
    """Every message the bot queued, read back: only the headers it writes, each a single clean line."""
    items = outbox(app)
    assert items
    for item in items:
        raw = item.message.raw
        head = raw.split(b"\r\n\r\n", 1)[0]
        assert b"\x00" not in head and b"\r\n\r\n" not in head + b"\r\n"
        for line in head.split(b"\r\n"):
            assert line[:1] in (b" ", b"\t") or line.split(b":", 1)[0].decode().lower() in OUTGOING_HEADERS, line
        msg = message_from_bytes(raw, policy=default)
        for name, value in msg.items():
            assert name.lower() in OUTGOING_HEADERS, name
            assert not re.search(r"[\x00-\x1f\x7f\x85\u2028\u2029]", str(value)), (name, str(value))
        assert msg["Bcc"] is None and VICTIM not in item.to + item.cc
        assert all(VICTIM not in str(a) for h in ("To", "Cc", "Reply-To") for a in msg.get_all(h, []))


@pytest.mark.parametrize("db_url", ["sqlite", "postgresql"], indirect=True)
@pytest.mark.parametrize("make", INJECTIONS.values(), ids=INJECTIONS.keys())
def test_header_injection_never_reaches_an_outgoing_header(bot, make):
    before = world(bot)
    receive(bot, make(), "smtp")
    after = world(bot)
    assert (after["used_tokens"], after["domains"], after["contacts"]) == (before["used_tokens"], before["domains"],
                                                                          before["contacts"])
    assert_no_injected_header(bot)


# -- joining and leaving -----------------------------------------------------------------------------------


def test_a_signup_claiming_another_organisations_locked_domain_is_refused(bot):
    form = SIGNUP.replace("Little Ashby Parish Council", "Evil Holdings").replace("little-ashby-pc.gov.uk",
                                                                                 "hmrc.gov.uk")
    before, since = world(bot), last_id(bot)
    result = receive(bot, build(sender="ciso@hmrc.gov.uk", to=GDS, subject="Sign up", body=form), "smtp")
    after = world(bot)
    assert (after["domains"], after["contacts"], after["authority"]) == (before["domains"], before["contacts"],
                                                                        before["authority"])
    assert (result.kind, result.state, result.action) == ("signup", "rejected", "refused")
    assert "hmrc.gov.uk is already in Registry Lock for another organisation" in \
        ticket(bot, result.ticket)["events"][0]["reason"]
    [refusal] = new_mail(bot, since)
    assert (refusal.template, refusal.to) == ("signup_rejected", ["ciso@hmrc.gov.uk"])


def test_a_cancellation_by_an_outsider_unlocks_nothing_and_warns_the_lock_contacts(bot):
    form = CANCEL.replace("Email: ciso@hmrc.gov.uk", f"Email: {EVIL}")
    before, since = world(bot), last_id(bot)
    result = receive(bot, sign(build(sender=EVIL, to=GDS, subject="Cancel", body=form), "evil.example",
                               key=evil_key()), "smtp")
    after = world(bot)
    assert (after["domains"], after["contacts"], after["authority"]) == (before["domains"], before["contacts"],
                                                                        before["authority"])
    assert (result.kind, result.state) == ("cancellation", "awaiting_review")
    sent = {o.template: o for o in new_mail(bot, since)}
    assert sorted(sent["cancellation_requested"].to) == sorted([SECURITY, SOC])  # told at once
    assert sent["cancellation_for_review"].to == [GDS]


def test_a_gmail_allowance_admits_no_personal_address(bot):
    """The seed: GDS never accepts a personal address. An allowance of one is refused when asked for, and one
    that is in the table all the same (written before allowances waived only doubts, or straight into the
    database) admits nothing: the sign-up naming it is refused, nothing is locked and no contact changes."""
    from mailbot.errors import InputError
    from mailbot.store.models import AllowedAddress
    from mailbot.workflow import allowances

    gmail = "parish.security@gmail.com"
    with pytest.raises(InputError, match=f"{gmail} cannot be allowed: the rule personal-provider is never waived"):
        allowances.allow_address(bot, gmail, operator="Sam Jones", reason="the parish insists",
                                 person_name=True)
    with bot.tx() as session:
        session.add(AllowedAddress(email=gmail, operator="someone", reason="an old allowance", at=bot.clock.now(),
                                   person_name=True))
    form = SIGNUP.replace("security@little-ashby-pc.gov.uk", gmail)
    before, since = world(bot), last_id(bot)
    result = receive(bot, build(sender="ciso@little-ashby-pc.gov.uk", to=GDS, subject="Sign up", body=form), "smtp")
    after = world(bot)
    assert (after["domains"], after["contacts"], after["authority"]) == (before["domains"], before["contacts"],
                                                                        before["authority"])
    assert (result.kind, result.state, result.action) == ("signup", "rejected", "refused")
    reason = ticket(bot, result.ticket)["events"][0]["reason"]
    assert f"{gmail} is a personal address at gmail.com" in reason
    [refusal] = new_mail(bot, since)
    assert (refusal.template, refusal.to) == ("signup_rejected", ["ciso@little-ashby-pc.gov.uk"])



# -- changing the lock contacts ----------------------------------------------------------------------------

# HMRC's contact-change form as an attacker would send it, to put a mailbox of theirs among the lock contacts.
CONTACTS = "Registry Lock contacts"


def _forged_contacts(sender: str, new: str) -> str:
    return HMRC_CONTACTS.replace("Email: ciso@hmrc.gov.uk", f"Email: {sender}").replace("secops@hmrc.gov.uk", new)


def _untouched(app, before: dict) -> None:
    after = world(app)
    assert (after["domains"], after["contacts"], after["authority"]) == (before["domains"], before["contacts"],
                                                                        before["authority"])


def test_a_forged_contact_change_form_from_a_personal_address_is_refused(bot):
    """The seed: GDS never accepts a personal address. A form from one, naming one as the new lock contact, is
    refused with the rule; nothing is asked of the lock contacts and nothing changes."""
    gmail = "hmrc.ciso@gmail.com"
    before, since = world(bot), last_id(bot)
    raw = mail(from_=gmail, to=GDS, subject=CONTACTS, text=_forged_contacts(gmail, "hmrc.secops@gmail.com"))
    result = receive(bot, raw, "smtp")
    _untouched(bot, before)
    assert (result.kind, result.state, result.action) == ("contact_change", "rejected", "refused")
    reason = ticket(bot, result.ticket)["events"][0]["reason"]
    assert "hmrc.secops@gmail.com is a personal address at gmail.com" in reason
    [refusal] = new_mail(bot, since)
    assert (refusal.template, refusal.to, refusal.cc) == ("contact_change_rejected", [gmail], [])
    assert SECURITY not in body(refusal) and SOC not in body(refusal)  # the lock contacts are not shown


def test_a_contact_change_form_from_a_lookalike_domain_is_a_possible_attack(bot):
    """Signed honestly by its own domain, a look-alike of hmrc.gov.uk: never a form, a person is told."""
    sender = f"ciso@{CYRILLIC_HMRC}"
    before, since = world(bot), last_id(bot)
    raw = sign(mail(from_=sender, to=GDS, subject=CONTACTS, text=_forged_contacts(sender, f"secops@{CYRILLIC_HMRC}")),
               CYRILLIC_HMRC, key=evil_key())
    result = receive(bot, raw, "smtp")
    assert world(bot) == before
    assert (result.kind, result.state, result.action) == ("triage", "triage", "triaged")
    assert events(bot, "possible_attack", result.ticket)
    assert "writes from a look-alike of hmrc.gov.uk" in ticket(bot, result.ticket)["events"][0]["reason"]
    assert [(o.template, o.to, o.cc) for o in new_mail(bot, since)] == [("triage_notice", [OPERATORS], [GDS])]


def test_an_unauthenticated_contact_change_form_changes_nothing_until_the_lock_contacts_verify_it(bot):
    """Anyone can write HMRC's senior member's From address. The form opens a ticket, but GDS is told it is NOT
    authenticated, the present lock contacts are told at once and phoned, and nothing changes: it cannot be
    approved, and the lock contact the operator phones refuses it."""
    from mailbot.errors import TransitionRefused
    from mailbot.workflow import contacts

    planted = "secops-team@hmrc.gov.uk"
    before, since = world(bot), last_id(bot)
    result = receive(bot, mail(from_="ciso@hmrc.gov.uk", to=GDS, subject=CONTACTS,
                               text=_forged_contacts("ciso@hmrc.gov.uk", planted)), "smtp")
    _untouched(bot, before)
    assert (result.kind, result.state) == ("contact_change", "awaiting_verification")
    assert "NOT authenticated" in ticket(bot, result.ticket)["events"][0]["reason"]
    sent = {(o.template, tuple(o.to)): o for o in new_mail(bot, since)}
    assert sorted(sent[("signup_contacts_changing", (SECURITY, SOC))].to) == [SECURITY, SOC]  # told at once
    assert "NOT authenticated" in words(sent[("operator_notice", (GDS,))])
    with pytest.raises(TransitionRefused):
        contacts.approve(bot, result.ticket, operator="GDS")
    operators.record_call(bot, result.ticket, outcome="refused", contact=SECURITY, operator="Sam Jones")
    _untouched(bot, {**before, "authority": world(bot)["authority"]})
    assert ticket(bot, result.ticket)["state"] == "rejected"
    [alert] = outbox(bot, "dispute_alert", result.ticket)
    assert GDS in alert.cc and planted in body(alert)


def test_a_contact_change_form_from_a_registrar_is_never_a_form(bot):
    """A registrar cannot ask for an organisation's lock contacts: its mail is read as a change request for the
    domain, whose "Remove Registry Lock contact" line cannot be read as anything to add, so the registrar is asked
    what it wants and nothing is recorded to verify; nobody is told of a contact change and none is opened."""
    before, since = world(bot), last_id(bot)
    result = receive(bot, build(sender=REGISTRAR, subject=CONTACTS,
                                body=_forged_contacts(REGISTRAR, "secops@registrar.example")), "smtp")
    _untouched(bot, before)
    assert result.kind == "triage"
    sent = [o.template for o in new_mail(bot, since)]
    assert "request_unclear" in sent
    assert not {"contact_change_received", "signup_contacts_changing", "contact_change_confirmation"} & set(sent)
    with bot.sessions() as session:
        assert not list(session.scalars(select(Ticket).where(Ticket.kind.in_(("contact_change", "change")))))
    for item in new_mail(bot, since):  # the registrar is shown no lock contact it did not write itself
        assert REGISTRAR not in item.to or SECURITY not in body(item)
