"""A customer's mail relayed by its registrar under a note that gives the servers again: what the relayed mail leaves
open (an approver in its chain saying to hold, two sets offered, Welsh and English versions that differ) is asked
about, and the note's restating one set does not settle it; a note that says in so many words how it was settled, and
a relayed mail that is settled, are read (mailbot.parse.change_request.relayed, bilingual)."""

import pytest

from tests.support.reading import outcome

NEW = {"dns-a.harbourhost.example", "dns-b.harbourhost.example"}


def relayed(note: str, *messages: str) -> str:
    """A registrar's note over a chain of messages, each forwarded under Outlook's header block, newest first."""
    body = f"Hello,\n\n{note}\n\nRegards\nMorgan Lee\nDesk Ltd\n"
    for n, message in enumerate(messages):
        body += (f"\nFrom: Person {n} <person{n}@hmrc.gov.uk>\nSent: 26 November 2026 1{n}:00\n"
                 f"To: desk@desk.example\nSubject: RE: DNS for hmrc.gov.uk\n\n{message}\n")
    return body


REQUEST = ("Hi Sam, could you sign this off? We are moving hmrc.gov.uk to dns-a.harbourhost.example and "
           "dns-b.harbourhost.example.\n\nThanks\nPriya")
NOTE = ("Our client's signed-off request is below; that is hmrc.gov.uk to dns-a.harbourhost.example and "
        "dns-b.harbourhost.example.")


@pytest.mark.parametrize("approver", [
    "Please hold this until the change board has met on Monday. - Sam",
    "Not signed off yet - hold until the security review is done. Sam",
    "We have not yet approved this; please hold.",
    "Sam here - this is on hold for now, sorry.",
])
def test_a_hold_said_by_an_approver_in_the_relayed_chain_is_asked_about(approver):
    forward = "Please see the approved change below and pass it on to the registry.\n\nPriya"
    assert outcome(relayed(NOTE, forward, approver, REQUEST)) is None


@pytest.mark.parametrize("approver", [
    "Approved - go ahead. Sam",
    "Happy with this, signed off. Sam (Head of Digital)",
    "It was on hold last week but is no longer on hold: approved. Sam",
])
def test_an_approval_in_the_relayed_chain_is_read_with_the_note(approver):
    forward = "Please see the approved change below and pass it on to the registry.\n\nPriya"
    assert outcome(relayed(NOTE, forward, approver, REQUEST)) == NEW


def test_a_relayed_chat_offering_either_of_two_sets_is_asked_about_though_the_note_gives_one():
    chat = ("Dev Patel 09:12\nwhich servers do we want for hmrc.gov.uk?\n\nHarbour Host (External) 09:14\n"
            "either dns-a.harbourhost.example and dns-b.harbourhost.example, or ns1.otherhost.example and "
            "ns2.otherhost.example - whichever suits you\n\nPriya")
    note = ("Please update hmrc.gov.uk to dns-a.harbourhost.example and dns-b.harbourhost.example, as in our "
            "customer's chat below.")
    assert outcome(relayed(note, chat)) is None


def test_a_note_that_says_which_set_the_customer_chose_is_read():
    chat = ("Dev Patel 09:12\nwhich servers do we want for hmrc.gov.uk?\n\nHarbour Host (External) 09:14\n"
            "either dns-a.harbourhost.example and dns-b.harbourhost.example, or ns1.otherhost.example and "
            "ns2.otherhost.example\n\nPriya")
    note = ("The customer has since confirmed by phone that they want the first pair: please set hmrc.gov.uk to "
            "dns-a.harbourhost.example and dns-b.harbourhost.example. Their chat is below for reference.")
    assert outcome(relayed(note, chat)) == NEW


WELSH = ("Bore da,\n\nEnw parth: hmrc.gov.uk\nGweinydd enwau 1: dns-a.harbourhost.example\n"
         "Gweinydd enwau 2: {cy}\n\nDiolch,\n\nGood morning,\n\nDomain name: hmrc.gov.uk\n"
         "Name server 1: dns-a.harbourhost.example\nName server 2: {en}\n\nThank you,\nPriya")


def test_welsh_and_english_forms_giving_different_servers_are_asked_about():
    body = relayed("Customer request below.", WELSH.format(cy="dns-b.harbourhost.example",
                                                            en="ns9.otherhost.example"))
    assert outcome(body) is None


def test_welsh_and_english_forms_giving_the_same_servers_are_read():
    body = relayed("Customer request below.", WELSH.format(cy="dns-b.harbourhost.example",
                                                            en="dns-b.harbourhost.example"))
    assert outcome(body) == NEW


def test_a_welsh_version_saying_where_the_servers_move_from_agrees_with_an_english_one_giving_the_set():
    body = ("A fyddech cystal â newid gweinyddion enwau hmrc.gov.uk o ns1.old.example a ns2.old.example i "
            "dns-a.harbourhost.example a dns-b.harbourhost.example?\n\n---\n\n"
            "Please change the name servers of hmrc.gov.uk to dns-a.harbourhost.example and "
            "dns-b.harbourhost.example.\n\nDiolch / Thanks\n")
    assert outcome(body) == NEW


def test_welsh_and_english_sentences_giving_different_servers_are_asked_about():
    body = ("Newidiwch y gweinyddion enwau ar gyfer hmrc.gov.uk i dns-a.harbourhost.example a "
            "dns-b.harbourhost.example, os gwelwch yn dda.\n\n"
            "Please change the name servers for hmrc.gov.uk to dns-a.harbourhost.example and ns9.otherhost.example.\n")
    assert outcome(body) is None
