"""format=flowed (RFC 3676): what Thunderbird, Apple Mail and phones break at 72 columns is read as it was typed."""

from __future__ import annotations

from email.message import EmailMessage

from mailbot.parse.flowed import unflow
from mailbot.parse.mail import read


def test_soft_breaks_are_joined_and_hard_breaks_kept():
    text = "Please remove 32468 8 2 \n0162BFF122D6F3BD and add \n46782 13 2 C866\nRegards\n"
    assert unflow(text) == "Please remove 32468 8 2 0162BFF122D6F3BD and add 46782 13 2 C866\nRegards\n"


def test_delsp_takes_the_space_before_a_soft_break():
    assert unflow("ns1.exam \nple.net\n", delsp=True) == "ns1.example.net\n"
    assert unflow("ns1.exam \nple.net\n") == "ns1.exam ple.net\n"


def test_quoted_lines_keep_their_depth_and_never_join_the_senders_own():
    text = "Yes, add \nit.\n> Please add \n> ns3.example.net \nto the set.\n>> older \n>> words\n"
    assert unflow(text) == "Yes, add it.\n> Please add ns3.example.net \nto the set.\n> > older words\n"


def test_space_stuffing_is_taken_off_and_the_signature_separator_is_no_soft_break():
    text = " From the registrar: \nchange it.\n-- \nJane Smith\n"
    assert unflow(text) == "From the registrar: change it.\n-- \nJane Smith\n"


def _mail(body: str, *, flowed: bool, delsp: bool = False) -> bytes:
    message = EmailMessage()
    message["From"] = "requests@registrar.example"
    message["To"] = "registrylock@registry.example"
    message["Subject"] = "DS change for x.gov.uk"
    message.set_content(body, cte="quoted-printable")
    if flowed:
        message.set_param("format", "flowed")
        if delsp:
            message.set_param("delsp", "yes")
    return message.as_bytes()


def test_a_flowed_mail_is_read_as_typed_and_a_fixed_one_as_sent():
    body = "1\tRemove DS\t32468 8 2 \n0162BFF122D6F3BDE59D5800943BA53EEB892E48FEC27C3FB9CBFF4EAB21732A\tOpen\n"
    flowed = read(_mail(body, flowed=True))
    assert "32468 8 2 0162BFF122D6F3BDE59D5800943BA53EEB892E48FEC27C3FB9CBFF4EAB21732A\tOpen" in flowed.text
    assert "32468 8 2 0162BFF1" in flowed.own_text
    assert flowed.subject == "DS change for x.gov.uk" and flowed.sender == "requests@registrar.example"
    fixed = read(_mail(body, flowed=False))  # without format=flowed a trailing space breaks nothing
    assert "32468 8 2 \n0162BFF1" in fixed.text


def test_delsp_yes_in_a_whole_mail():
    body = "New name servers: ns1.long-name-of-a-dns-prov \nider.example.net\n"
    assert "ns1.long-name-of-a-dns-provider.example.net" in read(_mail(body, flowed=True, delsp=True)).text
