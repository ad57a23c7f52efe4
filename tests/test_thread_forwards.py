"""A registrar forwarding its customer's request onto a ticket's thread, in a reply to the bot's mail: read as the
registrar's amended request when its own note says to act on it, and asked about otherwise. Driven through receive,
on SQLite and PostgreSQL, and checked on the ticket and the mail sent."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import make_msgid

import pytest

from mailbot.ingest.receive import receive
from mailbot.parse.change_request.requested import requested_words
from tests.support.mails import OPERATORS, REGISTRAR, body, outbox, parsed, request
from tests.support.tickets import ticket

CUSTOMER = "Priya Natarajan <p.natarajan@hmrc.gov.uk>"
FIRST = ["ns1.newdns.co.uk", "ns2.newdns.co.uk"]  # the thread's request (tests.support.mails.build)
THIRD = ["ns1.third.example", "ns2.third.example"]
ASKED = "Hello, could you point hmrc.gov.uk at ns1.third.example and ns2.third.example please? Thanks, Priya"


def gmail_forward(note: str, sender: str = CUSTOMER, text: str = ASKED) -> str:
    """A note over a message forwarded as Gmail forwards one, the bot's mail quoted under both."""
    return (f"{note}\n\n---------- Forwarded message ---------\nFrom: {sender}\n"
            f"Date: Thu, 26 Nov 2026 at 16:05\nSubject: DNS move\nTo: <{REGISTRAR}>\n\n{text}\n")


def outlook_forward(note: str, sender: str = CUSTOMER, text: str = ASKED) -> str:
    """A note over a message pasted under Outlook's header block, as a reply made in Outlook writes it."""
    return (f"{note}\n\n________________________________\nFrom: {sender}\nSent: 26 November 2026 16:05\n"
            f"To: Domains Team <{REGISTRAR}>\nSubject: DNS move\n\n{text}\n")


def reply(app, text: str, quote_outlook: bool = False) -> bytes:
    """The registrar's reply to the bot's acknowledgement, the acknowledgement quoted below `text`."""
    ack = outbox(app, "change_received")[0]
    original = parsed(ack)
    msg = EmailMessage()
    msg["From"] = REGISTRAR
    msg["To"] = original["Reply-To"]
    msg["Subject"] = "RE: " + original["Subject"]
    msg["Message-ID"] = make_msgid(domain="registrar.example")
    msg["In-Reply-To"] = original["Message-ID"]
    msg["References"] = original["Message-ID"]
    msg["Date"] = "Fri, 27 Nov 2026 12:00:00 +0000"
    if quote_outlook:
        quoted = (f"\n________________________________\nFrom: {original['From']}\nSent: 27 November 2026 10:01\n"
                  f"To: {REGISTRAR}\nSubject: {original['Subject']}\n\n{body(ack)}")
    else:
        quoted = "\nOn Fri, 27 Nov 2026, the Registry Lock service wrote:\n" + "\n".join(
            "> " + line for line in body(ack).splitlines())
    msg.set_content(f"{text}\n{quoted}\n")
    return msg.as_bytes()


@pytest.mark.parametrize("note", [
    "Hi, please action the below on the open ticket. Regards, Domains Team",
    "Our client has changed their mind - could you process the request below instead?",
    "See the trail underneath from the registrant and action accordingly.",
])
@pytest.mark.parametrize("forward", [gmail_forward, outlook_forward])
def test_a_customer_s_request_the_note_says_to_act_on_amends_the_thread(registry, note, forward):
    request(registry)
    result = receive(registry, reply(registry, forward(note)), "file")
    assert (result.ticket, result.action) == ("RL-000001", "amended")
    t = ticket(registry)
    assert (t["stage"], t["change"]) == (2, {"hmrc.gov.uk": {"nameservers": THIRD}})


@pytest.mark.parametrize("note", [
    "FYI - the customer sent us this.",  # says nothing of acting on it
    "Please disregard the message below, it was sent in error.",
    "Please action the below but use ns1.fourth.example and ns2.fourth.example.",  # values of its own beside it
])
def test_a_forwarded_request_the_note_does_not_say_to_act_on_is_left_to_a_person(registry, note):
    request(registry)
    before = len(outbox(registry))
    result = receive(registry, reply(registry, gmail_forward(note)), "file")
    t = ticket(registry)
    assert "third" not in str(t["change"])
    if "fourth" in note:  # the note's own values are the request, read as they stand
        assert result.action == "amended"
        return
    assert (result.ticket, result.action, t["stage"]) == ("RL-000001", "recorded", 1)
    [said] = [e["reason"] for e in t["events"] if e["kind"] == "registrar_message"]
    assert said.endswith("it forwards a message from Priya Natarajan <p.natarajan@hmrc.gov.uk>, not read as its "
                         "request")
    [notice] = [o for o in outbox(registry)[before:] if o.template == "operator_notice"]
    assert notice.to == [OPERATORS]
    assert "that was not read as the registrar's request" in " ".join(body(notice).split())


def test_the_bot_s_own_mail_under_a_note_saying_to_act_on_it_is_never_a_request(registry):
    """Outlook quotes the mail answered under a header block as it writes a forwarded one: the quoted mail is the
    bot's, from the domain the reply is written to, and says nothing the registrar asks."""
    request(registry)
    result = receive(registry, reply(registry, "Please action the below asap.", quote_outlook=True), "file")
    t = ticket(registry)
    assert (result.action, t["stage"], t["change"]) == ("recorded", 1, {"hmrc.gov.uk": {"nameservers": FIRST}})
    assert not [e for e in t["events"] if "forwards a message" in (e["reason"] or "")]


def test_a_forwarded_message_that_names_no_sender_s_address_is_left_to_a_person(registry):
    request(registry)
    result = receive(registry, reply(registry, outlook_forward("Please action the below.", sender="Priya Natarajan")),
                     "file")
    t = ticket(registry)
    assert (result.action, t["stage"]) == ("recorded", 1)


def test_the_forwarded_words_are_cross_checked_as_the_registrar_s():
    """The cross-check (mailbot.workflow.changes.unaccounted, contradicted) reads the words the request was read
    from: a current record the customer names, and the reading places nowhere, is asked about."""
    headers = {"to": "registrylock+RL-000001.abc@registry.example", "in-reply-to": "<RL-000001.abc@registry.example>"}
    text = gmail_forward("Please action the below.", text=ASKED + "\nns1.hmrc.gov.uk is the old supplier's.")
    subject = "RE: [RL-000001] Your request"
    assert "ns1.hmrc.gov.uk is the old supplier's." in requested_words(text, text, subject, headers, "gov.uk")
    # Not so of a note that does not say to act on the message it forwards: its words are the note's alone.
    text = gmail_forward("FYI.", text=ASKED)
    assert requested_words(text, text, subject, headers, "gov.uk") == "FYI."
