"""Every mail of a ticket is one conversation in Outlook, Gmail and Thunderbird: one subject for the ticket
("[RL-000001] hmrc.gov.uk: change request"), In-Reply-To the mail it answers (the one that caused it), References
the ticket's thread from the mail that opened it. Replies are still matched by their token, and by the subject tag
of a ticket's old subjects."""

from __future__ import annotations

from mailbot.ingest.receive import receive
from mailbot.workflow import operators
from tests.support.mails import (
    OPERATORS,
    REGISTRAR,
    SECURITY,
    body,
    build,
    outbox,
    parsed,
    reply_to,
    request,
)

SUBJECT = "[RL-000001] hmrc.gov.uk: change request"


def _ids(item) -> tuple[str, list[str]]:
    msg = parsed(item)
    return str(msg["In-Reply-To"]), str(msg["References"]).split()


def test_every_mail_of_a_change_has_one_subject_and_answers_the_mail_that_caused_it(registry):
    opening = "<first-request@registrar.example>"
    request(registry, message_id=opening)
    [ack] = outbox(registry, "change_received")
    [task] = outbox(registry, "operator_task")
    assert _ids(ack) == (opening, [opening]) and _ids(task) == (opening, [opening])
    assert body(ack).startswith("Change request received for hmrc.gov.uk")  # what this mail is, first
    # The registrar amends it on the thread: the new acknowledgement answers the amendment.
    amendment = reply_to(ack, sender=REGISTRAR, quote=False, signed=False,
                         text="Please update the name servers for hmrc.gov.uk to ns1.other.example and "
                              "ns2.other.example instead.")
    assert receive(registry, amendment, "file").action == "amended"
    later = outbox(registry, "change_received")[-1]
    amendment_id = str(parsed_raw(amendment)["Message-ID"])
    assert _ids(later) == (amendment_id, [opening, amendment_id])
    # A call recorded on the command line answers no mail: its mails follow the mail that opened the ticket.
    operators.record_call(registry, "RL-000001", outcome="verified", contact=SECURITY, operator="Sam Jones")
    confirmation = next(o for o in outbox(registry, "confirmation_of_authorisation") if SECURITY in o.to)
    assert _ids(confirmation) == (opening, [opening])
    # The security team's reply: the operators' notice answers it.
    answer = reply_to(confirmation, sender=SECURITY, text="I confirm this change.")
    receive(registry, answer, "file")
    [confirmed] = [o for o in outbox(registry, "operator_notice") if "confirmed the change" in body(o)]
    assert confirmed.to == [OPERATORS]
    assert _ids(confirmed) == (str(parsed_raw(answer)["Message-ID"]), [opening, str(parsed_raw(answer)["Message-ID"])])
    operators.applied(registry, "RL-000001", operator="Sam Jones")
    mails = outbox(registry)
    assert len(mails) > 8 and {str(parsed(o)["Subject"]) for o in mails} == {SUBJECT}
    assert {o.subject for o in mails} == {SUBJECT}


def parsed_raw(raw: bytes):
    from email import message_from_bytes
    from email.policy import default

    return message_from_bytes(raw, policy=default)


def test_a_reply_to_an_old_subject_is_still_matched_by_its_tag(registry):
    request(registry)
    old = build(sender=REGISTRAR, subject="Re: [RL-000001] Change request received for hmrc.gov.uk",
                body="Any news on this one?\n")
    result = receive(registry, old, "file")
    assert result.ticket == "RL-000001"


def test_a_signup_s_mails_share_its_subject(registry):
    from tests.support.mails import PARISH_SIGNUP

    receive(registry, build(sender="ciso@little-ashby-pc.gov.uk", subject="Sign up", body=PARISH_SIGNUP), "file")
    subjects = {o.subject for o in outbox(registry)}
    assert subjects == {"[RL-000001] little-ashby-pc.gov.uk: sign-up for Little Ashby Parish Council"}
