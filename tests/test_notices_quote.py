"""The operators' and GDS's notices about a mail quote it as they read it: the sender, whether the sender is
authenticated, the sender's own words decoded (whatever the charset and transfer encoding) and quoted with "> ", at
most the first 40 lines; the mail itself attached whole as message/rfc822, so that no shell is needed to read it."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import make_msgid

from mailbot.ingest.receive import receive
from mailbot.workflow import operators
from tests.support.mails import BOT, GDS, OPERATORS, REGISTRAR, SECURITY, body, heading, outbox, parsed, request


def _outlook_reply(item, *, sender: str, text: str, charset: str, cte: str) -> bytes:
    """A reply as Outlook writes one in Western European: its text in `charset`, quoted-printable or base64, the
    mail it answers under Outlook's header block, unquoted."""
    original = parsed(item)
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = original["Reply-To"]
    msg["Subject"] = "RE: " + original["Subject"]
    msg["Message-ID"] = make_msgid(domain=sender.partition("@")[2])
    msg["In-Reply-To"] = original["Message-ID"]
    msg["Date"] = "Fri, 27 Nov 2026 12:00:00 +0000"
    quoted = body(item)
    msg.set_content(f"{text}\n\nFrom: Registry Lock <{BOT}>\nSent: 27 November 2026 10:00\nTo: {sender}\n"
                    f"Subject: {original['Subject']}\n\n{quoted}\n", charset=charset, cte=cte)
    return msg.as_bytes()


def _attached(item) -> EmailMessage:
    [part] = [p for p in parsed(item).iter_attachments() if p.get_content_type() == "message/rfc822"]
    [inner] = part.iter_parts()
    return inner


def test_a_withdrawal_in_windows_1252_quoted_printable_is_quoted_decoded_and_attached(registry):
    request(registry)
    [ack] = outbox(registry, "change_received")
    raw = _outlook_reply(ack, sender=REGISTRAR, charset="windows-1252", cte="quoted-printable",
                         text="This is not the change we asked for \u2013 please withdraw it.\n"
                              "Our client\u2019s caf\u00e9 site stays where it is.")
    assert b"=E2=80=93" not in raw and b"=96" in raw  # Windows-1252, quoted-printable: not readable as it came
    receive(registry, raw, "file")
    [notice] = [o for o in outbox(registry, "operator_notice") if "withdrawn" in body(o)]
    text = body(notice)
    assert notice.to == [OPERATORS]
    assert f"From:      {REGISTRAR}" in text
    assert "> This is not the change we asked for \u2013 please withdraw it." in text
    assert "> Our client\u2019s caf\u00e9 site stays where it is." in text
    assert "NOT authenticated" in text  # the registrar's mail is not DKIM-signed
    assert "Registry Lock <" not in text.split("What they wrote")[1]  # the mail it quotes is left out
    inner = _attached(notice)
    assert inner["Message-ID"] == parsed_original(raw)["Message-ID"]
    assert "caf\u00e9" in inner.get_content()
    assert raw.split(b"\n\n", 1)[1].replace(b"\n", b"\r\n") in notice.message.raw  # the body as it came


def parsed_original(raw: bytes) -> EmailMessage:
    from email import message_from_bytes
    from email.policy import default

    return message_from_bytes(raw, policy=default)


def test_an_unaccepted_reply_quotes_the_lock_contact_and_says_it_is_not_authenticated(registry):
    request(registry)
    operators.record_call(registry, "RL-000001", outcome="verified", contact=SECURITY, operator="Sam Jones")
    confirmation = next(o for o in outbox(registry, "confirmation_of_authorisation") if SECURITY in o.to)
    raw = _outlook_reply(confirmation, sender=SECURITY, charset="iso-8859-1", cte="base64",
                         text="Yes, I confirm this change.\nRegards from the S\u00e9curit\u00e9 team")
    receive(registry, raw, "file")  # not DKIM-signed: no authority
    [notice] = [o for o in outbox(registry, "operator_notice") if "was not accepted" in heading(o)]
    text = body(notice)
    assert f"From:      {SECURITY}" in text and "NOT authenticated" in text
    assert "> Yes, I confirm this change." in text
    assert "its sender is not authenticated" in text  # why it was not accepted
    assert _attached(notice)["From"] == SECURITY


def test_a_triage_notice_quotes_the_first_40_lines_and_attaches_the_mail(registry):
    lines = "\n".join(f"Line {n} of the registrar's notes." for n in range(1, 51))
    raw = request(registry, subject="Query", body=f"About nosuchdomain.gov.uk:\n{lines}\n")
    assert raw.kind == "triage"
    [notice] = outbox(registry, "triage_notice")
    text = body(notice)
    assert "> About nosuchdomain.gov.uk:" in text and "> Line 39 of the registrar's notes." in text
    assert "Line 40 of" not in text and "> [...]" in text  # 40 lines of their words, then a mark
    assert "The whole message is attached" in text
    assert _attached(notice)["Subject"] == "Query"


def test_gds_is_shown_a_reply_about_a_signup_in_the_sender_s_words(registry):
    from tests.support.mails import PARISH_SIGNUP, build

    receive(registry, build(sender="ciso@little-ashby-pc.gov.uk", subject="Sign up", body=PARISH_SIGNUP), "file")
    [ack] = outbox(registry, "signup_received")
    raw = _outlook_reply(ack, sender="ciso@little-ashby-pc.gov.uk", charset="utf-8", cte="base64",
                         text="Our clerk\u2019s mobile is 07700 900123 if GDS needs it.")
    receive(registry, raw, "file")
    [notice] = [o for o in outbox(registry, "operator_notice") if GDS in o.to]
    text = body(notice)
    assert "> Our clerk\u2019s mobile is 07700 900123 if GDS needs it." in text
    assert "From:      ciso@little-ashby-pc.gov.uk" in text
    assert _attached(notice)["From"] == "ciso@little-ashby-pc.gov.uk"



def test_a_broken_mail_is_quoted_and_attached(registry):
    # Line ends doubled in its header section, and bytes beyond ASCII where a boundary would be, as a broken
    # gateway passes on (tests/test_fuzz.py found such a mail that the email package could not write out again).
    raw = (b"From: someone@example.org\r\r\nTo: " + BOT.encode() + b"\r\r\nSubject: DNS\r\r\n"
           b"MIME-Version: 1.0\r\r\nContent-Type: multipart/mixed; boundary=b\r\r\n\r\r\n--b\r\r\n"
           b"Content-Type: text/plain\r\r\n\r\r\nWhat is this about nosuch.gov.uk?\r\r\n--b\r\r\n"
           b"Content-Type: application/octet-stream\r\r\nContent-Transfer-Encoding: base64\r\r\n\r\r\n"
           b"AAEC\xc2 \xa4[(\xa1\xff\r\n--Y\x9e\x90\n0tba\r\n")
    receive(registry, raw, "file")
    [notice] = outbox(registry, "triage_notice")
    assert "> What is this about nosuch.gov.uk?" in body(notice)
    [part] = [p for p in parsed(notice).iter_attachments()]
    # Attached as a message when the email package can write it again, else as the bytes it came as.
    assert part.get_content_type() in ("message/rfc822", "application/octet-stream")
    if part.get_content_type() == "application/octet-stream":
        assert part.get_content() == raw
