"""Parsing: the From address is read strictly, the display name never counts, junk never raises."""

from __future__ import annotations

import pytest

from mailbot.ingest.receive import receive
from mailbot.parse.exchange import parse
from mailbot.parse.mail import content_key, strict_sender
from tests.support.mails import build


@pytest.mark.parametrize(
    "header, sender",
    [
        (b"From: requests@registrar.example", "requests@registrar.example"),
        (b"From: Registrar NOC <Requests@Registrar.EXAMPLE>", "requests@registrar.example"),
        (b"From: =?utf-8?q?Registrar_N=C3=98C?= <requests@registrar.example>", "requests@registrar.example"),
        # The display name never counts, whatever it claims.
        (b'From: "requests@registrar.example" <attacker@evil.example>', "attacker@evil.example"),
        (b"From: requests@registrar.example <attacker@evil.example>", None),  # not even well-formed
        # No single sender: no authority.
        (b"From: a@x.example\r\nFrom: requests@registrar.example", None),
        (b"From: attacker@evil.example, requests@registrar.example", None),
        (b"From: friends: attacker@evil.example, requests@registrar.example;", None),
        (b"From: <>", None),
        (b"From: nobody", None),
        (b"Sender: requests@registrar.example", None),
        # CVE-2023-27043: addresses that Python's legacy parser splits the wrong way.
        (b"From: alice@example.org)<requests@registrar.example>", None),
        (b"From: alice@example.org)(<requests@registrar.example>", None),
        (b'From: "alice@example.org\\"" <requests@registrar.example>', "requests@registrar.example"),
        # Not plain addresses.
        (b'From: "quoted local"@registrar.example', None),
        (b"From: requests@[192.0.2.1]", None),
        (b"From: requests@registrar.example.", None),
        (b"From: requests@@registrar.example", None),
        (b"From: requests@registrar.example\r\n =?utf-8?q?=0D=0ABcc=3A_x=40y=2Eexample?=", None),  # trailing junk
        # RFC 6532: an address in UTF-8 is read; its domain as the A-label it is, which shows a look-alike for what
        # it is. Bytes that are not UTF-8 are no address at all.
        ("From: Zoë Brontë <Zoë.Brontë@example.org>".encode(), "zoë.brontë@example.org"),
        ("From: cyber-security@hmr\u0441.gov.uk".encode(), "cyber-security@xn--hmr-6ed.gov.uk"),
        (b"From: Zo\xeb <zo\xeb@example.org>", None),
    ],
)
def test_strict_sender(header, sender):
    raw = header + b"\r\nTo: registrylock@registry.example\r\nSubject: x\r\n\r\nbody\r\n"
    assert strict_sender(raw) == sender
    assert parse(raw).sender == sender


@pytest.mark.parametrize("raw", [b"", b"\x00\xff" * 100, b"From:\r\n\r\n", b"Subject: =?x?q?=ZZ?=\r\n\r\n",
                                 b"Content-Type: multipart/mixed; boundary=\r\n\r\n--\r\n", b"\r\n" * 1000])
def test_junk_never_raises(raw):
    mail = parse(raw)
    assert mail.sender is None


def test_trace_headers_do_not_change_a_message_s_identity():
    raw = build()
    traced = b"Received: from a by b;\r\n\tFri, 27 Nov 2026\r\nReturn-Path: <x@y>\r\n" + raw
    assert content_key(traced) == content_key(raw)
    assert content_key(raw.replace(b"hmrc.gov.uk to", b"hmrc.gov.uk to:")) != content_key(raw)


def test_a_display_name_that_claims_to_be_a_registrar_opens_nothing(registry):
    raw = build(sender='"requests@registrar.example" <attacker@evil.example>')
    result = receive(registry, raw, "smtp")
    assert (result.kind, result.state) == ("triage", "triage")


def test_two_from_headers_carry_no_authority(registry):
    raw = b"From: attacker@evil.example\r\n" + build()
    result = receive(registry, raw, "smtp")
    assert result.kind == "triage"


SIGNUP = ("Request: Sign up\nOrganisation: Org\nYour name: Sam Lee\nJob title: CISO\nEmail: ciso@example.gov.uk\n"
          "Phone: 020 7946 0001\nDomain: org.gov.uk\nRegistry Lock contact: soc@example.gov.uk, 020 7946 0999\n")
CANCELLATION = ("Request: Cancel\nOrganisation: Org\nYour name: Sam Lee\nJob title: CISO\n"
                "Email: ciso@example.gov.uk\nPhone: 020 7946 0001\nDomain: org.gov.uk\n")


def test_the_parser_process_reads_the_change_and_the_form_as_the_acting_process_would():
    from mailbot.parse.change_request.reader import extract_change
    from mailbot.parse.exchange import parse_many
    from mailbot.parse.forms import read_form

    raws = [build(subject=f"Urgent: name servers for hmrc.gov.uk ({n})",
                  body=f"Please update the name servers for hmrc.gov.uk to ns1.n{n}.example and ns2.n{n}.example\n")
            for n in range(3)]
    raws += [build(sender="ciso@example.gov.uk", subject="Registry Lock sign-up", body=SIGNUP),
             build(sender="ciso@example.gov.uk", subject="Registry Lock sign-up", body=SIGNUP.replace("Email", "Mail")),
             build(sender="ciso@example.gov.uk", subject="Registry Lock cancellation", body=CANCELLATION)]
    mails = [parse(raws[0], zone="gov.uk"), *parse_many(raws[1:], zone="gov.uk")]
    for mail in mails:
        assert mail.read_for_zone == "gov.uk"
        assert mail.change == extract_change(mail.subject, mail.text, mail.headers, zone="gov.uk")
        assert mail.form == read_form(mail.subject, mail.text, mail.sender, zone="gov.uk")
    assert mails[0].change.domains == ("hmrc.gov.uk",)
    assert [m.form.kind for m in mails[3:]] == ["signup", "signup", "cancellation"]
    assert mails[3].form.form.contacts and mails[4].form.errors and mails[5].form.form.domains == ("org.gov.uk",)
    assert parse(raws[0]).change is None  # no zone given: the acting process reads it


def test_given_the_registrars_the_parser_process_reads_a_change_of_their_mail_and_a_form_of_anyone_elses():
    from mailbot.classify import change_asked, form_held
    from mailbot.parse.change_request.reader import extract_change
    from mailbot.parse.exchange import parse_many
    from mailbot.parse.forms import read_form
    from tests.support.mails import REGISTRAR

    request, signup = build(sender=REGISTRAR.upper()), build(sender="ciso@example.gov.uk", body=SIGNUP)
    stranger = build(sender="someone@example.org")  # the same words, from nobody's address of record
    theirs, form, strangers = parse_many([request, signup, stranger], zone="gov.uk", registrars=frozenset({REGISTRAR}))
    assert theirs.change.domains == ("hmrc.gov.uk",) and theirs.form is None
    assert form.form.kind == "signup" and form.change is None
    assert strangers.change is None and strangers.form == read_form(strangers.subject, strangers.text,
                                                                    strangers.sender, zone="gov.uk")
    # The records changed before it was acted on (the stranger's address became a registrar's): the classifier reads
    # the change itself, and the form of a registrar's mail, as the parser process would have.
    assert change_asked(strangers, "gov.uk") == extract_change(strangers.subject, strangers.text, strangers.headers,
                                                               zone="gov.uk")
    assert change_asked(strangers, "gov.uk").domains == ("hmrc.gov.uk",)
    assert form_held(theirs, "gov.uk") == read_form(theirs.subject, theirs.text, theirs.sender, zone="gov.uk")


def test_the_parser_process_reads_the_words_a_change_was_read_from_and_the_cross_check_takes_them_as_read_here():
    from mailbot.parse.change_request.requested import requested_words
    from mailbot.parse.exchange import parse_many
    from mailbot.workflow.changes import requested
    from tests.support.mails import REGISTRAR

    body = "Please set hmrc.gov.uk to ns1.new.example and ns2.new.example.\n\n> ns1.old.example was ours\n"
    theirs, strangers = parse_many([build(sender=REGISTRAR, body=body), build(sender="someone@example.org")],
                                   zone="gov.uk", registrars=frozenset({REGISTRAR}))
    here = requested_words(theirs.own_text, theirs.text, theirs.subject, theirs.headers, "gov.uk")
    assert theirs.requested == here and "ns1.new.example" in here and "ns1.old.example" not in here
    assert requested(theirs, "gov.uk") == here
    assert strangers.requested is None  # its change was not read: read here, should it be wanted
    assert requested(strangers, "gov.uk") == requested_words(strangers.own_text, strangers.text, strangers.subject,
                                                             strangers.headers, "gov.uk")


def test_a_lone_surrogate_read_from_undecodable_bytes_crosses_from_the_parser_process_intact():
    import dataclasses

    from mailbot.parse.exchange import from_wire, to_wire

    mail = dataclasses.replace(parse(build()), subject="caf\udce9", text="body \udcff\n")
    assert from_wire(to_wire(mail)) == mail
