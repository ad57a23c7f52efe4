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


# --- an approver's note asking to keep a server beside the request below it ----------------------------------------

DRAFT_TABLE = ("From: Priya Raman <priya.raman@harbourhost.example>\nSent: 02 December 2026 09:14\n"
               "To: Domains desk <desk@harbourhost.example>\nSubject: hmrc.gov.uk\n\n"
               "Please see the table for hmrc.gov.uk.\n\nCurrent NS\tNew NS\n"
               "ns1.old.example\tdns1.pennine-hosting.example\n"
               "ns2.old.example\tdns2.pennine-hosting.example\n\nPriya\n")
DRAFT_SET = ("On Wed, 2 Dec 2026 at 09:14, Priya Raman <priya.raman@harbourhost.example> wrote:\n"
             "> Could you point hmrc.gov.uk at:\n>\n> dns1.pennine-hosting.example\n> dns2.pennine-hosting.example\n")


@pytest.mark.parametrize("note", [
    "Signed off, please go ahead. Only thing: the registrant rang and would like to keep ns2.old.example too for the "
    "time being.",
    "Approved - please action. Small change, they want to retain ns2.old.example as well until the cut-over.",
])
@pytest.mark.parametrize("draft", [DRAFT_TABLE, DRAFT_SET])
def test_a_note_asking_to_keep_a_server_beside_the_request_below_is_read_with_it(note, draft):
    assert outcome(f"{note}\n\nOmar\n\n{draft}", subject="FW: hmrc.gov.uk") == NEW | {"ns2.old.example"}


@pytest.mark.parametrize("note", [
    # a second value beside the one kept: the note gives a set of its own, held to the request below
    "Approved - please action, but use dns3.pennine-hosting.example too and keep ns2.old.example as well.",
    # the server to keep is none the domain has: resolve() finds it is no current one
    "Approved - please action. They want to keep ns7.old.example as well for now.",
])
@pytest.mark.parametrize("draft", [DRAFT_TABLE, DRAFT_SET])
def test_a_note_keeping_a_server_and_saying_more_or_naming_none_the_domain_has_is_asked_about(note, draft):
    assert outcome(f"{note}\n\nOmar\n\n{draft}", subject="FW: hmrc.gov.uk") in (None, "none")
