"""A follow-up that corrects a value of the request it quotes, a table one of whose lines the writer says to ignore,
and a change the writer says is not to be made yet: each is asked about, never read as the values its note names."""

import pytest

from mailbot.parse.change_request.reader import extract_change
from tests.support.reading import outcome

QUOTED = "\n\n> Hello,\n>\n> Please set the name servers of hmrc.gov.uk to:\n> ns1.new.example\n> ns5.new.example\n" \
         "> ns3.new.example\n>\n> Regards,\n> Priya\n"


# --- a follow-up correcting one value of the request it quotes --------------------------------------------------------

def asked_why(body: str, subject: str = "Re: hmrc.gov.uk name servers") -> str:
    """Why hmrc.gov.uk is asked about ("" when a change is read), no change recorded beside."""
    request = extract_change(subject, body, {})
    return "" if request.asks else request.unclear.get("hmrc.gov.uk", "")


HEADERS = ["On Tue, 1 Dec 2026 at 09:12, Priya Shah <dns@fernbank.example> wrote:",  # Gmail
           "On 01/12/2026 09:12, Priya Shah wrote:",  # Thunderbird
           "From: Priya Shah <dns@fernbank.example>\nSent: 01 December 2026 09:12\nTo: Registry Lock "
           "<registrylock@registry.example>\nSubject: hmrc.gov.uk name servers\n"]  # Outlook


@pytest.mark.parametrize("header", HEADERS)
@pytest.mark.parametrize("note", [
    "Small typo in my earlier email: the host is ns2.new.example (I typed ns5.new.example by mistake).",
    "Correction - it's ns2.new.example; I mistyped it as ns5.new.example in the mail below, apologies.",
    "Erratum: ns2.new.example is right, ns5.new.example was a typo on my part.",
])
def test_a_follow_up_correcting_a_value_of_the_request_it_quotes_is_asked_about(note, header):
    quoted = QUOTED if header.startswith("On") else QUOTED.replace("> ", "").replace(">", "")
    body = f"Hi,\n\n{note}\n\nThanks,\nPriya\n\n{header}{quoted}"
    assert asked_why(body).startswith("the mail corrects itself")


def test_a_correction_with_no_request_to_correct_is_asked_about():
    # The note's two values alone are never the new set: the slip would be recorded beside the value meant.
    body = "Hello,\n\nFor hmrc.gov.uk it is ns2.new.example - sorry, I mistyped it as ns5.new.example.\n\nJo\n"
    assert asked_why(body, "hmrc.gov.uk").startswith("the mail corrects itself")


def test_a_correction_of_a_value_in_the_mail_itself_is_still_applied():
    # Near miss: the value corrected is written in the mail, so the correction is applied exactly.
    body = "Hi,\n\nTypo below: ns5.new.example should have been ns2.new.example.\n\nNew name servers for " \
           "hmrc.gov.uk:\n- ns1.new.example\n- ns5.new.example\n"
    assert outcome(body) == {"ns1.new.example", "ns2.new.example"}


def test_correction_heading_a_whole_request_is_no_slip():
    # Near miss: "Correction:" over a set given whole, with no value said to be a slip, is read as that set.
    body = "Correction: please change the name servers of hmrc.gov.uk to ns1.new.example and ns2.new.example " \
           "instead.\n"
    assert outcome(body) == {"ns1.new.example", "ns2.new.example"}


def test_i_meant_to_is_no_correction():
    # Near miss: "I meant to ask" says nothing of a value written wrong.
    body = "Hi,\n\nI meant to send this yesterday: please set the name servers of hmrc.gov.uk to ns1.new.example " \
           "and ns2.new.example.\n\nThanks\n"
    assert outcome(body) == {"ns1.new.example", "ns2.new.example"}


# --- a line of a table or list said to be wrong, by its place ---------------------------------------------------------

TABLE = "Name servers for hmrc.gov.uk:\n\nOld\tNew\nns1.old.example\tns1.new.example\n" \
        "ns2.old.example\tns2.new.example\nns3.old.example\n"


@pytest.mark.parametrize("note", [
    "Apologies, please disregard row 2 of the table, it is not right.",
    "Oops - the 2nd line above is wrong, everything else stands.",
    "Please strike out the second entry, it's incorrect.",
])
def test_a_line_of_the_table_said_to_be_wrong_is_asked_about(note):
    assert asked_why(f"Hi,\n\n{TABLE}\n{note}\n\nThanks,\nJo\n", "Name servers").startswith("the mail corrects")


def test_a_line_corrected_with_its_value_is_still_applied():
    # Near miss: the second name server is given its right value, so the correction can be applied exactly.
    body = "Hi,\n\nNew name servers for hmrc.gov.uk:\n- ns1.new.example\n- ns7.new.example\n\n" \
           "Sorry, the second name server should read ns2.new.example.\n"
    assert outcome(body) == {"ns1.new.example", "ns2.new.example"}


# --- a change said not to be made yet --------------------------------------------------------------------------------

REQUEST = "Domain: hmrc.gov.uk\nNew name servers: ns1.new.example, ns2.new.example\n"


@pytest.mark.parametrize("note", [
    "Change board approval: not yet given. Please do not action until we confirm.",
    "Please hold off on this one - we are still waiting on the customer's sign-off.",
    "This is on hold for now, we will come back to you.",
    "Awaiting CAB approval, don't implement it yet.",
])
def test_a_change_said_not_to_be_made_yet_is_asked_about(note):
    assert "not to be made yet" in asked_why(f"Hello,\n\n{note}\n{REQUEST}\nRegards,\nSam\n", "Name servers")


@pytest.mark.parametrize("note", [
    "CAB status: Approved - please implement at your earliest convenience.",
    "This was on hold, but is no longer on hold: please go ahead.",
    "Please do not remove the old DS record until the new name servers answer.",
    "Status: Awaiting registry approval",
])
def test_an_approved_change_or_a_later_step_held_is_read(note):
    assert outcome(f"Hello,\n\n{note}\n{REQUEST}\nRegards,\nSam\n") == {"ns1.new.example", "ns2.new.example"}
