"""Tests for mailbot.parse.change_request's reading of a sender's corrections of values written elsewhere than in the
note's own lines: in an attachment ("typo in the attached: A should read B"), applied there, or asked about when they
cannot be applied for certain."""

import pytest

from mailbot.parse.change_request.reader import extract_change
from tests.support.reading import OLD, outcome

SHEET = "zone,host\r\nhmrc.gov.uk,dns-a.harbourhost.example\r\nhmrc.gov.uk,dns-q.harbourhost.example\r\n"
NEW = {"dns-a.harbourhost.example", "dns-b.harbourhost.example"}


@pytest.mark.parametrize("note", [
    "Our spreadsheet is attached.\n\nOne mistake in the sheet: dns-q.harbourhost.example should be "
    "dns-b.harbourhost.example.",
    "Spreadsheet attached for hmrc.gov.uk.\n\nApologies, the attachment has a typo - dns-b.harbourhost.example, not "
    "dns-q.harbourhost.example.",
    "See attached.\n\nErratum: dns-q.harbourhost.example should read dns-b.harbourhost.example in the file.",
])
def test_a_correction_of_a_value_in_the_attachment_is_applied_there(note):
    assert outcome(f"Hi,\n\n{note}\n\nRegards\nOmar", attached=(SHEET,), current=OLD) == NEW


def test_a_correction_of_a_value_written_nowhere_is_asked_about():
    note = ("Sheet attached.\n\nSorry, typo in the attached: dns-z.harbourhost.example should read "
            "dns-b.harbourhost.example.")
    assert outcome(f"Hi,\n\n{note}\n\nRegards", attached=(SHEET,), current=OLD) is None


def test_a_correction_without_the_value_meant_is_asked_about():
    note = "Sheet attached.\n\nSorry, dns-q.harbourhost.example in the attachment is wrong."
    assert outcome(f"Hi,\n\n{note}\n\nRegards", attached=(SHEET,), current=OLD) is None


def test_a_request_in_the_note_beside_an_attachment_is_no_correction_of_it():
    # "should be" of the name servers themselves asks for them; the sheet's own values are not corrected by it.
    note = "The name servers of hmrc.gov.uk should be dns-a.harbourhost.example and dns-b.harbourhost.example."
    assert outcome(f"Hi,\n\n{note}\n\nRegards", attached=(SHEET,), current=OLD) != NEW | {"dns-q.harbourhost.example"}


# --- a correction of the request quoted below the note --------------------------------------------------------------

REQUEST = ("Hello,\n\nPlease set the name servers of hmrc.gov.uk to dns-a.harbourhost.example and "
           "dns-q.harbourhost.example.\n\nRegards\nOmar Haddad")
QUOTED = "On 2 Dec 2026, at 09:14, Omar Haddad wrote:\n" + "\n".join(f"> {line}" for line in REQUEST.split("\n"))
OUTLOOK = ("From: Omar Haddad <desk@harbourhost.example>\nSent: 02 December 2026 09:14\n"
           "To: Registry Lock <lock-desk@registry.example>\nSubject: hmrc.gov.uk\n\n" + REQUEST)


@pytest.mark.parametrize("note", [
    "Apologies, a mistake in my request below - dns-q.harbourhost.example should have been dns-b.harbourhost.example.",
    "Typo in the email underneath: it's dns-b.harbourhost.example (I misspelt it as dns-q.harbourhost.example).",
    "Quick correction to the below: dns-b.harbourhost.example, not dns-q.harbourhost.example.",
])
@pytest.mark.parametrize("below", [QUOTED, OUTLOOK], ids=["quoted", "outlook"])
def test_a_note_correcting_the_request_below_reads_it_corrected(note, below):
    assert outcome(f"{note}\n\nThanks,\nOmar\n\n{below}\n", current=OLD) == NEW


def test_a_correction_of_a_value_the_request_below_does_not_give_is_asked_about():
    note = ("Sorry, correction to the below: it's dns-b.harbourhost.example (I mistyped it as "
            "dns-z.harbourhost.example).")
    request = extract_change("Change", f"{note}\n\nThanks,\nOmar\n\n{QUOTED}\n", {})
    assert not request.asks and request.unclear


def test_a_note_below_which_gives_a_value_of_its_own_is_not_read_as_a_correction_alone():
    note = ("Correction to the below: dns-q.harbourhost.example should be dns-b.harbourhost.example. Please also add "
            "dns-c.harbourhost.example.")
    request = extract_change("Change", f"{note}\n\nThanks,\nOmar\n\n{QUOTED}\n", {})
    assert not request.asks and request.unclear


def test_a_note_that_does_not_say_it_corrects_the_below_does_not_read_it():
    # Not a word of a slip in the request below: the note alone, its one server, is asked about (fewer than two).
    note = "Please use dns-b.harbourhost.example instead of dns-q.harbourhost.example."
    assert outcome(f"{note}\n\nThanks,\nOmar\n\n{QUOTED}\n", current=OLD) != NEW | {"dns-q.harbourhost.example"}


@pytest.mark.parametrize("note", [
    "Sorry, there's a mistake in my request below - I'll send a corrected one shortly.",
    "Please ignore the typo in the mail below; a new request follows.",
])
def test_a_note_saying_the_request_below_is_wrong_without_correcting_it_reads_nothing_of_it(note):
    request = extract_change("Change", f"{note}\n\nThanks,\nOmar\n\n{QUOTED}\n", {})
    assert not request.asks
