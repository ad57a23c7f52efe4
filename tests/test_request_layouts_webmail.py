"""A request forwarded or quoted in the shapes mail programs write in plain text beyond Outlook's and Gmail's: Proton
Mail's forward, its message quoted whole under its header block; Yahoo Mail's quote with no ">"; an attribution naming
its writer without an address (Evolution, Roundcube, SquirrelMail), read in a mail that answers none; a mail written
below the mail it quotes (mutt, Evolution); mutt's and Horde's "----- Forwarded message from X -----". Only the message
forwarded to be acted on is read: an earlier mail that message quotes itself never adds a value, in a reply a name
alone may be the bot's, and a word to act that points at no mail below ("do the needful") makes none the request."""

import pytest

from mailbot.parse.own_words import forwarded_lines, quoted_lines
from tests.support.reading import DRAFT, NEW, TO_BOT
from tests.support.reading import quoted as _quote
from tests.support.reading import read_quoted as _read

_PROTON_HEAD = ("------- Forwarded Message -------\nFrom: Priya Raman <priya.raman@hmrc.gov.uk>\n"
                "Date: On Wednesday, December 2nd, 2026 at 09:14\nSubject: NS move for hmrc.gov.uk\n"
                "To: Omar Haddad <omar@harbourhost.example>\n\n")


@pytest.mark.parametrize("note", [
    "Kindly apply the update underneath for our client.",
    "Hi, the customer's change is below - could you put it through?",
])
def test_a_message_forwarded_quoted_whole_is_read_as_written(note):
    body = f"{note}\n\nOmar\nDomains desk\n\nSent with a secure mail service.\n\n{_PROTON_HEAD}{_quote(DRAFT)}\n"
    assert "dns-a.harbourhost.example" in forwarded_lines(body)
    assert _read(body, subject="Fwd: NS move for hmrc.gov.uk") == NEW


def test_a_forwarded_message_quoting_an_earlier_mail_above_its_own_words_reads_only_its_own_words():
    # The forwarded message quotes Priya's draft and then says, in its writer's words, to hold it: the draft's values
    # are an earlier mail's, never the request.
    message = f"{_quote(DRAFT)}\n\nLet's hold this until the new provider confirms - no change yet.\n\nSam\n"
    body = f"Please action the below.\n\nOmar\n\n{_PROTON_HEAD}{message}"
    assert "dns-a.harbourhost.example" not in "\n".join(forwarded_lines(body))
    assert _read(body, subject="Fwd: NS move for hmrc.gov.uk") is None


_NAMED = [
    "On Wed, 2026-12-02 at 09:14 +0000, Priya Raman wrote:",
    "Priya Raman wrote:",
    '"Priya Raman" napsal:',
    "Dne 2.12.2026 09:14, Priya Raman napsal(a):",
    '"Priya Raman" napisał(a):',
]


@pytest.mark.parametrize("head", _NAMED)
@pytest.mark.parametrize("note", ["Could you carry out the customer's request below?",
                                  "Grateful if you'd process the change underneath for our client."])
def test_a_message_quoted_under_a_name_alone_is_read_in_a_mail_answering_none(head, note):
    assert _read(f"{note}\n\nOmar\nDomains desk\n\n{head}\n{_quote(DRAFT)}\n") == NEW


@pytest.mark.parametrize("head", _NAMED)
def test_a_message_quoted_under_a_name_alone_in_a_reply_is_never_read(head):
    body = f"Please process the change below.\n\nOmar\n\n{head}\n{_quote(DRAFT)}\n"
    assert _read(body, {**TO_BOT, "In-Reply-To": "<t7@registry.example>"}) is None
    assert _read(f"Thanks, noted.\n\nOmar\n\n{head}\n{_quote(DRAFT)}\n") is None  # no word to act on it


@pytest.mark.parametrize("notice", [
    "Hurtownia Domen Sp. z o.o., Sąd Rejonowy dla m.st. Warszawy, KRS 0000654321, kapitał zakładowy 5 000 zł.",
    "Sąd Rejonowy dla m.st. Warszawy, XIII Wydział Gospodarczy, NIP 1234567890",
])
def test_a_legal_notice_under_the_note_gives_it_no_values_of_its_own(notice):
    body = (f"Kindly process the request below.\n\nOmar\nDomains desk\n\n{notice}\n\n"
            f"On 2 Dec 2026, at 09:14, Priya Raman <priya.raman@hmrc.gov.uk> wrote:\n{_quote(DRAFT)}\n")
    assert _read(body) == NEW


_YAHOO_HEAD = "On Wednesday, 2 December 2026 at 09:14:00 GMT, Priya Raman <priya.raman@hmrc.gov.uk> wrote:"


@pytest.mark.parametrize("note", ["Could you implement the change in the trail below?",
                                  "Please process the customer's mail below."])
def test_a_message_given_unquoted_under_its_attribution_line_is_read(note):
    # Yahoo Mail's plain text: the mail answered follows the attribution line with no ">".
    body = f"{note}\n\nOmar\nDomains desk\n\n{_YAHOO_HEAD}\n{DRAFT}\n"
    assert "dns-b.harbourhost.example" in quoted_lines(body)
    assert _read(body) == NEW


def test_a_message_given_unquoted_is_not_read_without_a_word_to_act_on_it_nor_from_the_bot():
    assert _read(f"Thanks for this, we'll check.\n\nOmar\n\n{_YAHOO_HEAD}\n{DRAFT}\n") is None
    bots = "On Wednesday, 2 December 2026 at 09:14:00 GMT, Registry Lock <lock-desk@registry.example> wrote:"
    assert _read(f"Please process the change below.\n\nOmar\n\n{bots}\n{DRAFT}\n",
                 {**TO_BOT, "In-Reply-To": "<t7@registry.example>"}) is None


@pytest.mark.parametrize("note", ["Kindly change the name servers as per the attached sheet. Please do the needful.",
                                  "For your necessary action, please: hmrc.gov.uk's servers are in the attachment."])
def test_a_word_to_act_that_points_at_no_mail_below_leaves_the_quoted_mail_unread(note):
    # "Do the needful" is said of the note's own request as often as of a forward: the earlier mail a reply quotes
    # under it is not made the request.
    body = f"{note}\n\nOmar\nDomains desk\n\n{_YAHOO_HEAD}\n{_quote(DRAFT)}\n"
    assert _read(body, {**TO_BOT, "In-Reply-To": "<p1@harbourhost.example>"}) is None
    assert _read(body) is None


# --- written below the mail it quotes (bottom-posting, as mutt's and Evolution's users write) ----------------------

_TOP = ["* Priya Raman <priya.raman@hmrc.gov.uk> [2026-12-02 09:14]:",
        "On Wed, 2026-12-02 at 09:14 +0000, Priya Raman wrote:"]


@pytest.mark.parametrize("head", _TOP)
@pytest.mark.parametrize("note", ["Registry: could you implement the change above, please?",
                                  "Approved - please go ahead with the above."])
def test_a_mail_quoted_above_a_note_saying_to_act_on_it_is_the_request(head, note):
    assert _read(f"{head}\n{_quote(DRAFT)}\n\n{note}\n\nOmar\nDomains desk\n") == NEW


@pytest.mark.parametrize("note", [
    "Don't apply the change above yet - the customer will confirm.",
    "Could you tell us whether the above is right?",
    "Please process the above, but with dns-c.harbourhost.example in place of dns-b.harbourhost.example.",
])
@pytest.mark.parametrize("head", _TOP)
def test_a_note_below_that_does_not_say_to_act_or_changes_the_values_reads_nothing_above(head, note):
    assert _read(f"{head}\n{_quote(DRAFT)}\n\n{note}\n\nOmar\n") is None


def test_the_bots_mail_or_a_name_alone_quoted_above_a_reply_is_never_the_request():
    bots = "* Registry Lock <lock-desk@registry.example> [2026-12-02 09:14]:"
    replying = {**TO_BOT, "In-Reply-To": "<t7@registry.example>"}
    assert _read(f"{bots}\n{_quote(DRAFT)}\n\nPlease action the change above.\n", replying) is None
    assert _read(f"{_TOP[1]}\n{_quote(DRAFT)}\n\nPlease action the change above.\n", replying) is None
    inline = _quote(DRAFT).replace("> Replacement:", "> Replacement:\nnot yet")
    assert _read(f"{_TOP[0]}\n{inline}\n\nPlease action the change above.\n") is None


# --- mutt's and Horde's forward: "----- Forwarded message from X -----" down to "----- End forwarded message -----" --

@pytest.mark.parametrize("head, end", [
    ("----- Forwarded message from Priya Raman <priya.raman@hmrc.gov.uk> -----\n"
     "     Date: Wed, 2 Dec 2026 09:14:00 +0000\n     From: Priya Raman <priya.raman@hmrc.gov.uk>\n"
     "  Subject: NS move for hmrc.gov.uk\n       To: Omar Haddad <omar@harbourhost.example>\n",
     "----- End forwarded message -----"),
    ("----- Wiadomość przekazana od Priya Raman <priya.raman@hmrc.gov.uk> -----\n"
     "   Data: Wed, 2 Dec 2026 09:14:00 +0000\n     Od: Priya Raman <priya.raman@hmrc.gov.uk>\n"
     "  Temat: NS move for hmrc.gov.uk\n     Do: Omar Haddad <omar@harbourhost.example>\n",
     "----- Koniec wiadomości przekazanej -----"),
])
def test_a_message_forwarded_as_mutt_and_horde_write_it_is_read_down_to_its_end_line(head, end):
    after = "\nP.S. our own test servers are ns7.lab.example and ns8.lab.example - nothing to do with this.\n"
    body = f"Could you put through the change below for our client?\n\nOmar\n\n{head}\n{DRAFT}\n{end}\n{after}"
    assert _read(body) == NEW
    assert "ns7.lab.example" not in "\n".join(forwarded_lines(body))
    assert _read(body.replace("Could you put through", "For information only, no need to action")) is None


def _block(sender: str, to: str) -> str:
    return f"From: {sender}\nSent: 01 December 2026 16:12\nTo: {to}\nSubject: NS move for hmrc.gov.uk\n\n{DRAFT}"


@pytest.mark.parametrize("note", ["PFB the details: dns-z.harbourhost.example for cabinetoffice.gov.uk, please.",
                                  "Please see below - and could you also check cabinetoffice.gov.uk's servers?"])
def test_an_earlier_mail_to_the_registry_quoted_in_a_reply_is_never_the_request(note):
    # The registrar's own earlier mail to the registry, under Outlook's header block of a reply: the thread's, already
    # asked, whatever the note says of the words below it.
    replying = {**TO_BOT, "In-Reply-To": "<e1@harbourhost.example>"}
    earlier = _block("Omar Haddad <omar@harbourhost.example>", "Registry Lock <lock-desk@registry.example>")
    assert _read(f"{note}\n\nOmar\n\n{earlier}\n", replying, subject="RE: NS move") is None
    customers = _block("Priya Raman <priya.raman@hmrc.gov.uk>", "Omar Haddad <omar@harbourhost.example>")
    assert _read(f"Please action the below.\n\nOmar\n\n{customers}\n", replying, subject="RE: NS move") == NEW
