"""A request quoted under a registrar's note that makes it its own: a customer's or a colleague's words quoted with
">" under "On ... wrote:" or below Outlook's header block, and a colleague's draft an approver passes on ("Approved,
please action"). The quoted words are read as the registrar's when the note says to act on them; never the bot's own
mail, never the mail answered on a ticket's thread, and never over values the note gives itself: those must be the
forwarded request's, or the domain is asked about (web mail's shapes: test_request_layouts_webmail.py)."""

import pytest

from mailbot.parse.change_request.reader import extract_change
from mailbot.parse.own_words import quoted_lines, quoted_sender
from tests.support.reading import DRAFT, NEW, TO_BOT
from tests.support.reading import quoted as _quote
from tests.support.reading import read_quoted as _read

ATTRIBUTIONS = [
    "On Wed, 2 Dec 2026 at 09:14, Priya Raman <priya.raman@hmrc.gov.uk> wrote:",
    "On 2 Dec 2026, at 09:14, Priya Raman <priya.raman@hmrc.gov.uk> wrote:",
    "On 02/12/2026 09:14, Priya Raman (priya.raman@hmrc.gov.uk) wrote:",
    "On Wed, 2 Dec 2026 at 09:14, Priya Raman <\npriya.raman@hmrc.gov.uk> wrote:",
]


@pytest.mark.parametrize("note", [
    "Grateful if you could put through the customer's change below.",
    "Our client asked us to pass this on - can you process it please?",
    "Hi both, the customer has asked us to pass the following on to you.",
])
@pytest.mark.parametrize("attribution", ATTRIBUTIONS)
def test_words_quoted_under_a_note_saying_to_act_on_them_are_the_request(note, attribution):
    body = f"{note}\n\nThanks,\nOmar\nDomains desk\n\n{attribution}\n{_quote(DRAFT)}\n"
    assert _read(body) == NEW


@pytest.mark.parametrize("note", [
    "Signed off - please go ahead.", "Authorized. OK to implement.", "Approved, can you action this today please",
    "Looks right to me, approved - please process.",
])
@pytest.mark.parametrize("head", [
    ATTRIBUTIONS[0] + "\n" + _quote(DRAFT),
    "From: Priya Raman <priya.raman@harbourhost.example>\nSent: 02 December 2026 09:14\n"
    "To: Omar Haddad <omar@harbourhost.example>\nSubject: NS move for hmrc.gov.uk\n\n" + DRAFT,
])
def test_an_approval_above_a_colleagues_draft_makes_the_draft_the_request(note, head):
    assert _read(f"{note}\n\nOmar\n\n{head}\n", subject="RE: NS move for hmrc.gov.uk") == NEW


@pytest.mark.parametrize("note", ["Not approved yet - please hold.", "Approval declined, do not action.",
                                  "Rejected - please don't process this one.", "Approved?", "Approved."])
def test_a_note_that_does_not_approve_or_does_not_say_to_act_leaves_the_quoted_words_unread(note):
    assert _read(f"{note}\n\n{ATTRIBUTIONS[0]}\n{_quote(DRAFT)}\n") is None


def test_an_approver_who_changes_the_draft_is_read_from_the_note_or_asked_never_from_the_draft_alone():
    note = "Approved, please action - but leave ns2.old.example in as well for now."
    assert _read(f"{note}\n\n{ATTRIBUTIONS[0]}\n{_quote(DRAFT)}\n") != NEW


def test_the_bots_own_mail_quoted_in_a_reply_is_never_a_request():
    attribution = "On Wed, 2 Dec 2026 at 09:14, Registry Lock <lock-desk@registry.example> wrote:"
    body = f"Please action the below.\n\n{attribution}\n{_quote(DRAFT)}\n"
    assert _read(body) is None
    assert _read(body, {**TO_BOT, "In-Reply-To": "<t1@registry.example>"}) is None


def test_a_quoted_writer_named_without_address_is_read_only_in_a_mail_answering_none():
    # In a reply, "On ..., Registry Lock wrote:" may be the bot's own mail: whose it is, a name alone does not say.
    body = f"Please action the below.\n\nOn 02/12/2026 09:14, Priya Raman wrote:\n{_quote(DRAFT)}\n"
    assert _read(body) == NEW
    assert _read(body, {**TO_BOT, "In-Reply-To": "<t1@registry.example>"}) is None
    assert _read(body, {**TO_BOT, "References": "<t1@registry.example>"}) is None
    named = f"Please action the below.\n\n{ATTRIBUTIONS[0]}\n{_quote(DRAFT)}\n"
    assert _read(named, {**TO_BOT, "In-Reply-To": "<p1@harbourhost.example>"}) == NEW


def test_an_answer_written_between_the_quoted_lines_leaves_them_unread():
    quoted = _quote(DRAFT).replace("> dns-b.harbourhost.example", "> dns-b.harbourhost.example\nnot this one yet")
    assert quoted_lines(f"Please action the below.\n\n{ATTRIBUTIONS[0]}\n{quoted}\n") == []
    assert _read(f"Please action the below.\n\n{ATTRIBUTIONS[0]}\n{quoted}\n") is None


def test_a_footer_below_the_quoted_mail_is_no_part_of_it():
    footer = "\n_______________\ndesk mailing list\nns9.footer.example\n"
    lines = quoted_lines(f"Please action the below.\n\n{ATTRIBUTIONS[1]}\n{_quote(DRAFT)}\n{footer}")
    assert "ns9.footer.example" not in "\n".join(lines) and "dns-b.harbourhost.example" in lines
    assert "priya.raman@hmrc.gov.uk" in quoted_sender(f"Hi\n\n{ATTRIBUTIONS[3]}\n{_quote(DRAFT)}\n")


# --- a note giving values of its own above the request it forwards ------------------------------------------------

FORWARDED = ("From: Priya Raman <priya.raman@hmrc.gov.uk>\nSent: 02 December 2026 09:14\n"
             "To: Domains desk <desk@harbourhost.example>\nSubject: NS move for hmrc.gov.uk\n\n" + DRAFT)


@pytest.mark.parametrize("note", [
    "Please set hmrc.gov.uk to dns-a.harbourhost.example and dns-c.harbourhost.example, per the customer below.",
    "hmrc.gov.uk -> dns-a.harbourhost.example, dns-c.harbourhost.example please (customer's mail underneath).",
    "Please add dns-c.harbourhost.example to hmrc.gov.uk as the customer asks below.",
])
@pytest.mark.parametrize("forward", [FORWARDED, f"{ATTRIBUTIONS[0]}\n{_quote(DRAFT)}"])
def test_a_note_whose_values_are_not_those_of_the_request_it_forwards_is_asked_about(note, forward):
    # Which one the registrar means, a person asks: the note's values may be a slip, or a change the customer never
    # asked for.
    body = f"{note} Please action the below.\n\nOmar\nDomains desk\n\n{forward}\n"
    request = extract_change("FW: NS move for hmrc.gov.uk", body, TO_BOT)
    assert "hmrc.gov.uk" in request.unclear and "forwards" in request.unclear["hmrc.gov.uk"]


@pytest.mark.parametrize("note", [
    "Please set hmrc.gov.uk to dns-b.harbourhost.example and dns-a.harbourhost.example, per the customer below.",
    "New name servers for hmrc.gov.uk: dns-a.harbourhost.example, dns-b.harbourhost.example (customer's mail "
    "underneath).",
])
def test_a_note_giving_the_values_of_the_request_it_forwards_is_read(note):
    assert _read(f"{note}\n\nOmar\n\n{FORWARDED}\n", subject="FW: NS move for hmrc.gov.uk") == NEW


def test_a_forwarded_request_asking_of_a_field_the_note_leaves_out_is_asked_about():
    forwarded = FORWARDED.replace("Best wishes", "Please also remove the DS record, the new host does not sign.\n\n"
                                                "Best wishes")
    note = "Please set hmrc.gov.uk to dns-a.harbourhost.example and dns-b.harbourhost.example, per the customer below."
    request = extract_change("FW: NS move for hmrc.gov.uk", f"{note}\n\nOmar\n\n{forwarded}\n", TO_BOT)
    assert "hmrc.gov.uk" in request.unclear and "DS records" in request.unclear["hmrc.gov.uk"]


@pytest.mark.parametrize("note", [
    "Please action the below but use dns-a.harbourhost.example and dns-c.harbourhost.example for hmrc.gov.uk.",
    "The customer has since confirmed dns-c.harbourhost.example in place of dns-b: please set hmrc.gov.uk to "
    "dns-a.harbourhost.example and dns-c.harbourhost.example.",
])
def test_a_note_saying_its_values_depart_from_the_request_below_is_read_as_it_stands(note):
    got = _read(f"{note}\n\nOmar\n\n{FORWARDED}\n", subject="FW: NS move for hmrc.gov.uk")
    assert got == {"dns-a.harbourhost.example", "dns-c.harbourhost.example"}


@pytest.mark.parametrize("subject", ["[EXTERNAL] FW: NS move for hmrc.gov.uk", "*External* Fwd: NS move",
                                     "EXT: RE: FW: NS move for hmrc.gov.uk", "[OFFICIAL] TR: NS move"])
@pytest.mark.parametrize("top", [
    "",
    "WARNING: this message was sent from outside your organisation. Never click on links unless you trust the sender.",
    "Some people who received this message don't often get email from desk@harbourhost.example.",
])
def test_a_gateways_tags_and_warning_do_not_hide_the_request_a_note_forwards(subject, top):
    # The gateway's "[EXTERNAL]" before "FW:" and its "never click" above the note are not the registrar's: the note
    # still forwards the customer's request, and its values, unlike the request's, are asked about.
    note = "Please set hmrc.gov.uk to dns-a.harbourhost.example and dns-c.harbourhost.example as per the mail below."
    request = extract_change(subject, f"{top}\n\n{note}\n\nOmar\n\n{FORWARDED}\n", TO_BOT)
    assert "hmrc.gov.uk" in request.unclear and "forwards" in request.unclear["hmrc.gov.uk"]


def test_a_note_of_values_unlike_the_request_below_is_asked_about_whatever_else_it_says():
    # "Do not hesitate to call" would leave a forward unread as the request; the note's own values are still held to it.
    note = ("Please set hmrc.gov.uk to dns-a.harbourhost.example and dns-c.harbourhost.example as per the customer's "
            "email below. Do not hesitate to call if anything is unclear.")
    request = extract_change("FW: NS move for hmrc.gov.uk", f"{note}\n\nOmar\n\n{FORWARDED}\n", TO_BOT)
    assert "hmrc.gov.uk" in request.unclear and "forwards" in request.unclear["hmrc.gov.uk"]


# --- a desk's note saying it forwards its customer's request, with no word of "below" ------------------------------

@pytest.mark.parametrize("note", [
    "Forwarding the client's signed request for hmrc.gov.uk, untouched.",
    "We are forwarding on our registrant's email as it reached us; the signature checks out.",
    "One for the lock team. Their words are pasted underneath, confirmed by phone with the named contact.",
    "The client's message is copied below exactly as sent.",
])
@pytest.mark.parametrize("forward", [FORWARDED, f"{ATTRIBUTIONS[1]}\n{_quote(DRAFT)}"])
def test_a_note_forwarding_a_customers_request_makes_it_the_request(note, forward):
    # A desk forwarding its customer's request to the registry forwards it to be acted on, whether or not it says
    # "below"; the subject need not say "FW:".
    assert _read(f"{note}\n\nOmar\nDomains desk\n\n{forward}\n") == NEW


@pytest.mark.parametrize("note", [
    "Forwarding the client's request for information only - no action needed yet.",
    "Forwarding our customer's email: please do not action until they confirm the date.",
    "Their words are pasted underneath. On hold pending approval from their CAB.",
    "Forwarding the customer's request, which they have since withdrawn.",
])
@pytest.mark.parametrize("forward", [FORWARDED, f"{ATTRIBUTIONS[1]}\n{_quote(DRAFT)}"])
def test_a_note_forwarding_a_customers_request_not_to_be_acted_on_leaves_it_unread(note, forward):
    assert _read(f"{note}\n\nOmar\nDomains desk\n\n{forward}\n") is None


def test_a_forwarding_note_under_the_bots_own_quoted_mail_reads_nothing():
    attribution = "On Wed, 2 Dec 2026 at 09:14, Registry Lock <lock-desk@registry.example> wrote:"
    body = f"Forwarding the client's request as it came.\n\n{attribution}\n{_quote(DRAFT)}\n"
    assert _read(body) is None


@pytest.mark.parametrize("note", [
    "Kindly apply the update underneath for our client.",
    "Could you implement the change in the trail below?",
    "Please carry out what the customer asks below.",
    "PFB our client's mail, kindly do the needful.",
    "Below you'll find the change request of our client department.",
])
def test_a_note_saying_to_apply_or_make_the_change_below_makes_it_the_request(note):
    assert _read(f"{note}\n\nOmar\nDomains desk\n\n{ATTRIBUTIONS[0]}\n{_quote(DRAFT)}\n") == NEW


@pytest.mark.parametrize("note", [
    "Below is the customer's question about our prices; we'll answer it ourselves.",
    "PFB, for information only.",
    "Please don't apply the change below until the customer confirms.",
])
def test_a_note_pointing_below_at_no_request_to_act_on_reads_nothing(note):
    assert _read(f"{note}\n\nOmar\nDomains desk\n\n{ATTRIBUTIONS[0]}\n{_quote(DRAFT)}\n") is None


# --- a quoted or forwarded message under the header lines of other clients and languages ----------------------------

_NOTE = "Please apply the change below for our client.\n\nOmar\nDomains desk\n\n"
_HEADER_BLOCK = ("Od: Priya Raman <priya.raman@hmrc.gov.uk>\nData: 2 grudnia 2026 09:14\n"
                 "Do: desk@harbourhost.example\nTemat: NS move for hmrc.gov.uk\n")


@pytest.mark.parametrize("head", [
    "---- On Wed, 02 Dec 2026 09:14:00 +0000 Priya Raman <priya.raman@hmrc.gov.uk> wrote ----",
    "Quoting Priya Raman <priya.raman@hmrc.gov.uk>:",
    "Dne 2.12.2026 v 9:14 Priya Raman <priya.raman@hmrc.gov.uk> napsal(a):",
    "W dniu 2.12.2026 o 09:14, Priya Raman <priya.raman@hmrc.gov.uk> pisze:",
])
def test_a_message_quoted_under_another_clients_attribution_line_is_read(head):
    assert "priya.raman@hmrc.gov.uk" in quoted_sender(f"{_NOTE}{head}\n{_quote(DRAFT)}\n")
    assert _read(f"{_NOTE}{head}\n{_quote(DRAFT)}\n") == NEW


@pytest.mark.parametrize("rule", ["----- Oryginalna wiadomość -----", "-------- Původní zpráva --------",
                                  "-----Ursprüngliche Nachricht-----"])
def test_a_message_forwarded_under_outlooks_rule_in_other_languages_is_read(rule):
    assert _read(f"{_NOTE}{rule}\n{_HEADER_BLOCK}\n{DRAFT}\n") == NEW


def test_an_attribution_line_naming_no_address_reads_nothing_quoted_in_a_reply():
    # A name alone: in a reply, whose mail it is, it does not say.
    body = f"{_NOTE}W dniu 2.12.2026 o 09:14, Priya Raman pisze:\n{_quote(DRAFT)}\n"
    assert _read(body, {**TO_BOT, "In-Reply-To": "<t1@registry.example>"}) is None
    assert _read(body) == NEW


def test_a_heading_naming_nobody_is_no_attribution_line():
    assert _read(f"{_NOTE}Quoting the customer:\n{_quote(DRAFT)}\n") is None  # the note's own words go on
