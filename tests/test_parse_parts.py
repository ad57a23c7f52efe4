"""Parsing: an HTML body is read beside the text/plain parts that are no alternative to it (a list's footer), as a
mail client shows them; a multipart/alternative is read by its text/plain as before."""

from __future__ import annotations

from email.message import EmailMessage
from email.policy import default

from mailbot.ingest.receive import receive
from mailbot.parse.mail import read
from tests.support.mails import REGISTRAR, outbox
from tests.support.tickets import ticket

NOTE_HTML = ("<html><body><p>Morning all,</p><p>For <b>hmrc.gov.uk</b> please set the name servers to:</p>"
             "<ul><li>ns1.newdns.co.uk</li><li>ns2.newdns.co.uk</li></ul><p>Many thanks,<br>Jo Bloggs</p>"
             "</body></html>")
FOOTER = "--\nHostmaster team list: hostmaster@registrar.example\nLeave the list: hostmaster-leave@registrar.example\n"


def _headers(msg: EmailMessage) -> EmailMessage:
    msg["From"] = REGISTRAR
    msg["To"] = "registrylock@registry.example"
    msg["Subject"] = "[hostmaster] hmrc.gov.uk name servers"
    msg["Message-ID"] = "<parts-1@registrar.example>"
    msg["Date"] = "Fri, 27 Nov 2026 10:00:00 +0000"
    return msg


def html_with_footer_part() -> bytes:
    """An HTML-only mail as a list manager passes it on: the footer a text/plain part after the body."""
    msg = EmailMessage()
    msg.set_content(NOTE_HTML, subtype="html")
    footer = EmailMessage()
    footer.set_content(FOOTER)
    msg.make_mixed()
    msg.attach(footer)
    return _headers(msg).as_bytes(policy=default)


def test_an_html_body_beside_a_footer_part_is_read_with_it_in_order():
    mail = read(html_with_footer_part())
    assert "ns1.newdns.co.uk" in mail.text and "<li>" not in mail.text
    assert mail.text.index("ns2.newdns.co.uk") < mail.text.index("Hostmaster team list")
    assert "ns1.newdns.co.uk" in mail.own_text  # the sender's own words too


def test_an_alternative_is_read_by_its_plain_text_only():
    msg = EmailMessage()
    msg.set_content("Plain words: ns1.plain.example\n")
    msg.add_alternative("<p>Rich words: ns1.rich.example</p>", subtype="html")
    footer = EmailMessage()
    footer.set_content(FOOTER)
    msg.make_mixed()
    msg.attach(footer)
    mail = read(_headers(msg).as_bytes(policy=default))
    assert "ns1.plain.example" in mail.text and "ns1.rich.example" not in mail.text
    assert "Hostmaster team list" in mail.text


def test_an_html_note_above_an_attached_message_is_read_and_the_attachment_is_not_the_sender_s_words():
    inner = EmailMessage()
    inner["From"] = "it@hmrc.gov.uk"
    inner["Subject"] = "Our name servers"
    inner.set_content("Please move hmrc.gov.uk to ns1.newdns.co.uk and ns2.newdns.co.uk.\n")
    msg = EmailMessage()
    msg.set_content("<p>Our customer's request is attached, please action it.</p>", subtype="html")
    msg.add_attachment(inner)
    mail = read(_headers(msg).as_bytes(policy=default))
    assert mail.text.index("please action it") < mail.text.index("Please move hmrc.gov.uk")
    assert "please action it" in mail.own_text and "Please move" not in mail.own_text


def test_an_html_only_request_relayed_with_a_footer_part_opens_its_change(registry):
    result = receive(registry, html_with_footer_part(), "smtp")
    assert (result.kind, result.action) == ("change", "opened")
    assert ticket(registry, result.ticket)["change"] == {
        "hmrc.gov.uk": {"nameservers": ["ns1.newdns.co.uk", "ns2.newdns.co.uk"]}}
    assert [o.to for o in outbox(registry, "change_received")] == [[REGISTRAR]]


def _with_file(data: bytes, maintype: str, subtype: str, filename: str) -> bytes:
    msg = EmailMessage(policy=default)
    msg["From"], msg["To"], msg["Subject"] = REGISTRAR, "registrylock@registry.example", "NS change"
    msg.set_content("Please find the change for hmrc.gov.uk attached.\n")
    msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return msg.as_bytes()


def test_a_csv_file_sent_as_bytes_of_no_known_kind_is_read_as_text():
    # Lotus Notes and Outlook on Windows send a .csv as application/octet-stream or as Excel's.
    rows = b"domain,action,host\nhmrc.gov.uk,add,ns3.new.example\n"
    for subtype in ("octet-stream", "vnd.ms-excel"):
        assert read(_with_file(rows, "application", subtype, "changes.csv")).attached == (rows.decode(),)


def test_a_file_of_another_kind_or_not_text_is_not_read():
    assert read(_with_file(b"PK\x03\x04 ns3.new.example", "application", "octet-stream", "changes.csv")).attached == ()
    assert read(_with_file(b"hmrc.gov.uk ns3.new.example\n", "application", "octet-stream", "changes.xlsx")).attached \
        == ()
