"""A request forwarded as an attachment (a message/rfc822 part, as "Forward as attachment" sends it so that the
customer's signature stays intact) under a registrar's note: the attached message is read under its header block as a
mail client shows it, so that it is a forwarded request as one forwarded inline is, whatever the note's signature or
disclaimer above it. A note saying not to act on it, or a delivery report returning a message, reads nothing of it."""

from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default

import pytest

from mailbot.parse.change_request.reader import extract_change
from mailbot.parse.change_request.resolve import resolve
from mailbot.parse.mail import read
from mailbot.parse.parts import FORWARD_MARK, forwards_attached
from tests.support.reading import OLD

NEW = {"dns-a.harbourhost.example", "dns-b.harbourhost.example"}
CUSTOMER = ("Hello,\n\nFor hmrc.gov.uk please replace ns1.old.example with dns-a.harbourhost.example and "
            "ns2.old.example with dns-b.harbourhost.example.\n\nBest wishes\nPriya Raman\nNetworks Lead\n")
DISCLAIMER = ("This e-mail and any files sent with it are confidential and intended only for the named recipient. "
              "If you are not the intended recipient please delete it.")


def _customer_mail(text: str = CUSTOMER) -> EmailMessage:
    inner = EmailMessage(policy=default)
    inner["From"] = "Priya Raman <priya.raman@hmrc.gov.uk>"
    inner["To"] = "Harbour Host support <support@harbourhost.example>"
    inner["Subject"] = "NS move for hmrc.gov.uk"
    inner["Date"] = "Wed, 02 Dec 2026 09:14:00 +0000"
    inner.set_content(text)
    return inner


def _mail(note: str, *, html: bool = False, inner: EmailMessage | None = None) -> bytes:
    outer = EmailMessage(policy=default)
    outer["From"] = "Omar Haddad <desk@harbourhost.example>"
    outer["To"] = "lock-desk@registry.example"
    outer["Subject"] = "hmrc.gov.uk"
    outer["Date"] = "Wed, 02 Dec 2026 10:00:00 +0000"
    outer["Message-ID"] = "<n1@harbourhost.example>"
    said = f"{note}\n\nOmar Haddad\nDomains desk | Harbour Host\nTel: 0161 496 0000\n\n{DISCLAIMER}\n"
    if html:
        outer.set_content("<html><body>" + "".join(f"<p>{line}</p>" for line in said.split("\n") if line)
                          + "</body></html>", subtype="html")
    else:
        outer.set_content(said)
    outer.add_attachment(inner or _customer_mail(), filename="Customer request.eml")
    return outer.as_bytes()


def _read(raw: bytes):
    mail = read(raw)
    request = extract_change(mail.subject, mail.text, mail.headers, attached=mail.attached)
    ask = request.asks.get("hmrc.gov.uk", {}).get("nameservers")
    if ask is None or "hmrc.gov.uk" in request.unclear:
        return None
    return set(resolve("nameservers", ask, OLD).values or ()) or None


@pytest.mark.parametrize("note", [
    "Please process the attached request from our client.",
    "Our customer's signed email is attached as it reached us - can you action it?",
    "Forwarding the registrant's instructions (attached, signature intact).",
])
@pytest.mark.parametrize("html", [False, True])
def test_a_request_attached_under_a_note_and_its_disclaimer_is_the_request(note, html):
    assert _read(_mail(note, html=html)) == NEW


def test_the_attached_message_is_shown_under_its_header_block():
    text = read(_mail("Please process the attached.")).text
    head = text[text.index(FORWARD_MARK):]
    assert head.startswith(f"{FORWARD_MARK}\nSubject: NS move for hmrc.gov.uk\nDate: Wed, 02 Dec 2026")
    assert "From: Priya Raman <priya.raman@hmrc.gov.uk>" in head and text.index(DISCLAIMER) < text.index(FORWARD_MARK)


@pytest.mark.parametrize("note", [
    "Attached for your records only - no action needed.",
    "The customer's request is attached, but please do not action it until they confirm the date.",
    "Please ignore the attached, it was sent in error.",
])
def test_a_note_saying_not_to_act_on_the_attached_request_reads_nothing_of_it(note):
    assert _read(_mail(note)) is None


def test_a_note_giving_other_values_than_the_attached_request_is_asked_about():
    raw = _mail("Please set hmrc.gov.uk to dns-a.harbourhost.example and dns-c.harbourhost.example as attached.")
    mail = read(raw)
    request = extract_change(mail.subject, mail.text, mail.headers, attached=mail.attached)
    assert "hmrc.gov.uk" in request.unclear and "forwards" in request.unclear["hmrc.gov.uk"]


def test_the_message_a_delivery_report_returns_is_no_forward():
    report = EmailMessage(policy=default)
    report["From"] = "MAILER-DAEMON@harbourhost.example"
    report["To"] = "lock-desk@registry.example"
    report["Subject"] = "Undelivered Mail Returned to Sender"
    report.set_content("This is the mail system: your message could not be delivered.\n")
    report.make_mixed()
    report.add_attachment(_customer_mail())
    report.replace_header("Content-Type", report["Content-Type"].replace("multipart/mixed", "multipart/report"))
    assert not forwards_attached(message_from_bytes(report.as_bytes(), policy=default))
    assert FORWARD_MARK not in read(report.as_bytes()).text
