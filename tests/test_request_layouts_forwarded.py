"""A request forwarded within a forward, and one a phone's mail app forwards with every line quoted: a school forwards
its web company's mail to its registrar, which forwards both to the registry; Apple Mail on an iPhone writes "Begin
forwarded message:" over "> From: ..." and the message, quoted. The innermost request is read when every note above it
says to act on the message below it; a note that does not, or says to leave it, leaves it unread."""

import pytest

from mailbot.parse.own_words import forwarded_lines, forwarded_sender
from tests.support.reading import outcome

NEW = {"dns1.pennine-hosting.example", "dns2.pennine-hosting.example"}
SUPPLIER = ("Hi Rachel,\n\nWe are ready to switch. Please have hmrc.gov.uk delegated to:\n"
            "dns1.pennine-hosting.example\ndns2.pennine-hosting.example\n\nRegards,\n\nMartin Shaw\nPennine Hosting\n"
            "Tel: 0113 496 0000\n")
SUPPLIER_HEAD = ("From: Martin Shaw <martin@pennine-hosting.example>\nSent: 01 December 2026 10:02\n"
                 "To: Rachel Green <r.green@hmrc.gov.uk>\nSubject: Switch-over\n\n")
OUTER = "Hello,\n\nPlease process the message below for our customer.\n\nThanks,\nOmar\n\n"
MIDDLE_HEAD = ("---------- Forwarded message ---------\nFrom: Rachel Green <r.green@hmrc.gov.uk>\n"
               "Date: Tue, 1 Dec 2026 at 11:40\nSubject: Switch-over\nTo: Desk <desk@harbourhost.example>\n\n\n")


def _nested(middle_note: str) -> str:
    return f"{OUTER}{MIDDLE_HEAD}Hi Omar,\n\n{middle_note}\n\nRachel Green\nIT Manager\nTel: 01632 960000\n\n" \
           f"{SUPPLIER_HEAD}{SUPPLIER}"


@pytest.mark.parametrize("middle_note", [
    "Passing this on from our hosting company - please could you action it?",
    "Our web developer has sent the email below. Can you do as they ask?",
    "Forwarded from Pennine. Would you please make the change for us?",
])
def test_a_request_forwarded_within_a_forward_each_note_saying_to_act_is_read(middle_note):
    assert outcome(_nested(middle_note), subject="Fwd: Switch-over") == NEW


@pytest.mark.parametrize("middle_note", [
    "Our web developer has sent the email below. Could you tell us whether we should action it?",
    "Forwarding this from our hosting company for information only.",
    "Passing this on from Pennine - please action it, but keep dns9.old.example as well.",
    "",  # a forward within a forward with no word of its forwarder's: whose request it is, nobody says
])
def test_a_request_forwarded_within_a_forward_whose_note_does_not_say_to_act_is_not_read(middle_note):
    assert outcome(_nested(middle_note), subject="Fwd: Switch-over") in (None, "none")


IPHONE = ("Please action this one for the school, thanks.\n\nOmar\n\nSent from my iPhone\n\n"
          "Begin forwarded message:\n\n"
          "> From: Rachel Green <r.green@hmrc.gov.uk>\n> Date: 1 December 2026 at 11:40:07 GMT\n"
          "> To: desk@harbourhost.example\n> Subject: New DNS\n>\n> Hello,\n>\n"
          "> Could hmrc.gov.uk be moved to dns1.pennine-hosting.example and dns2.pennine-hosting.example?\n>\n"
          "> Thanks,\n>\n> Rachel\n\nHarbour Host - call us on 0113 496 0001 if urgent.\nns9.footer.example\n")


GMAIL_MARK = "---------- Forwarded message ---------"


@pytest.mark.parametrize("body", [IPHONE, IPHONE.replace("> ", ">  ").replace("Begin forwarded message:", GMAIL_MARK)])
def test_a_message_forwarded_with_every_line_quoted_is_read_without_the_quote_marks(body):
    assert outcome(body, subject="Fwd: New DNS") == NEW
    assert "r.green@hmrc.gov.uk" in forwarded_sender(body, "Fwd: New DNS")
    assert "ns9.footer.example" not in "\n".join(forwarded_lines(body, "Fwd: New DNS"))


def test_a_forward_with_words_written_between_its_quoted_lines_is_not_unquoted():
    body = IPHONE.replace("> Thanks,", "not the second one - Omar\n> Thanks,")
    assert outcome(body, subject="Fwd: New DNS") in (None, "none")
