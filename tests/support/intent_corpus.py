"""A corpus of lock contacts' replies to the confirmation of authorisation, with what each one means.

Made by a seeded generator: what a person writes (by kind: a confirmation, a refusal, a question, a condition,
an out-of-office reply without its headers, a reply that mixes confirming and refusing words, anything else),
wrapped as people wrap it (a greeting, a courtesy, a sign-off, a signature, a government protective marking, a
legal disclaimer) and sent by a mail client in its own way (Outlook, Gmail, Apple Mail and Thunderbird quoting
in plain text; Gmail and Outlook in HTML only; plain and HTML together). Each reply is real MIME, read by
mailbot.parse.mail as the bot reads it.

Two parts: "tuning" (seed 1) is what the phrase lists were tuned on; "held-out" (seed 2) adds wording, greetings,
signatures and disclaimers the tuning part never has, and is only ever measured.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from email.message import EmailMessage
from html import escape

TRUTHS = ("confirmation", "refusal", "question", "conditional", "out_of_office", "mixed", "other")
# What a reply of each kind must read as: a confirmation confirms, a mixed one disputes; the others never confirm.
MUST_CONFIRM = {"confirmation"}

CONFIRMATIONS = [
    "Yes, confirmed.", "I confirm this change.", "Confirmed - this was us.", "Approved.", "Go ahead.", "Yes",
    "Confirmed. This is part of our planned move to the new DNS provider (change ref CHG0034567).",
    "Following our call with Sam this morning, I confirm the name server change for hmrc.gov.uk.",
    "We confirm that this change is authorised.",
    "I can confirm that this change was requested by our DNS team and is authorised.",
    "Thanks for the call earlier. Please proceed.", "All the details are correct. Please go ahead with the change.",
    "This is a genuine request from HMRC. Approved under CHG0034567.", "Happy for this to go ahead.",
    "Yes, that's us - please go ahead.", "Confirmed, thanks. No problem.",
    "I confirm this change. Let me know if you need anything else.",
    "The change is authorised. It was raised by our infrastructure team as part of the move to Azure DNS.",
    "Confirmed. The new name servers are correct.", "Yes please proceed, the values above are correct.",
    "I\u2019m writing to confirm that the change above is authorised.", "CONFIRMED",
    "As discussed on the phone, we confirm the change.", "Approved - thanks for checking with us.",
    "Yes, this change was requested by us. Please go ahead.",
]
REFUSALS = [
    "This change has not been authorised", "Not confirmed", "We cannot confirm this change", "We never authorised this",
    "I don't confirm this change", "Not approved.", "No.", "No, this was not us.",
    "We have not requested any change to hmrc.gov.uk.", "Please do not make this change.",
    "I can't confirm this, I'm not aware of any change.", "Not authorised - please phone me.",
    "This does not look right to me, please don't proceed.", "We didn't ask for this.", "Absolutely not.",
    "Nope, not ours.", "I do not approve this change.", "The change is NOT approved.",
    "Cannot confirm - our change board has not approved it.", "We did not request this change. Stop it now.",
    "This is fraudulent, we have not asked for any change.", "We dispute this change.", "Unauthorised - reject.",
]
QUESTIONS = [
    "Who approved this?", "Was this you?", "Is this genuine?", "Which change is this?", "Confirmed?",
    "Can you tell me who requested this?", "Who raised this request? I have no record of it.", "What is this about?",
    "Can you send me the change reference please?", "Is this the change Sam phoned about?", "Approved by whom?",
    "Sorry, who is this?", "Can you confirm who at the registrar asked for it?",
    "Just checking - is this the one for the Azure migration", "Did someone from our DNS team request this",
    "Who authorised this", "Is this legitimate", "Go ahead?", "Authorised by who?",
]
CONDITIONALS = [
    "Yes, but wait until Monday.", "Approved, provided it is done after 18:00.",
    "Go ahead only once our change board has signed it off.", "Confirmed if the TTL has been lowered first.",
    "Yes - unless you hear otherwise from our CAB by 3pm.", "Approved subject to CAB approval on Tuesday.",
    "Please proceed, but only with the name server change.", "OK to go ahead after 6pm tonight.",
    "Confirmed, however please hold off until we have updated the zone at the new provider.",
    "Yes, as long as it happens out of hours.", "Go ahead when you hear from John.",
    "Fine to proceed tomorrow morning.", "Authorised, pending sign-off from our CISO.",
    "I confirm the change. Please make it before Friday though.",
]
OUT_OF_OFFICE = [
    "Thank you for your email. I am currently out of the office until Monday 7 December with limited access to "
    "email. For urgent security matters please contact soc@hmrc.gov.uk.",
    "I am on annual leave, returning on 1 December. I confirm receipt of your message and will respond on my return.",
    "Automatic reply: I am away from the office. Your message has been received.",
    "Thank you for your message. This mailbox is not monitored at weekends. It will be read on Monday.",
]
MIXED = [
    "I confirm this is NOT authorised.", "Confirmed: this was not requested by us.",
    "Approved? No - we did not request this.", "Yes I confirm - we did not authorise this and want it stopped.",
    "Go ahead and block it, this is fraudulent.", "I confirm we have not requested any change.",
]
OTHERS = [
    "Thanks, received.", "Forwarding to our DNS team to check.",
    "Thanks Sam, we will look at this and get back to you.",
    "Noted.", "Please call me on 020 7946 0000.", "Thanks for the call.", "Adding my colleague Priya for visibility.",
]
BODIES = {"confirmation": CONFIRMATIONS, "refusal": REFUSALS, "question": QUESTIONS, "conditional": CONDITIONALS,
          "out_of_office": OUT_OF_OFFICE, "mixed": MIXED, "other": OTHERS}

# Only in the held-out part: other people's wording, never read while the phrase lists were tuned.
HELD_OUT_BODIES = {
    "confirmation": [
        "Hi, yes this is genuine - it is our planned DNS migration. Approved.", "Confirmed on behalf of HMRC CSOC.",
        "We are content for this change to go ahead. I confirm the details above are correct.",
        "Yes that is correct, please proceed with the change.", "Approved, thanks Sam.",
        "That was us - confirmed.", "I confirm the change request for hmrc.gov.uk as described above.",
        "Authorised. Ref CHG0041122.", "Yes - go ahead please.",
    ],
    "refusal": [
        "Not one of ours. Please do not action.", "We have no record of this request and do not authorise it.",
        "I'm afraid I can't approve this.", "Do NOT proceed - we never asked for this.",
        "This request was not raised by HMRC.", "Not confirmed. Please call the SOC.",
        "We won't be approving this one.",
    ],
    "question": [
        "Can you tell me what this relates to?", "Who requested this change please", "Is this real?",
        "Hi - was this raised by our DNS team?", "Why is this change being made?", "Confirm which change?",
    ],
    "conditional": [
        "Yes, although please leave the DS records as they are.", "Go ahead, but not before 20:00.",
        "Approved on condition that the old name servers stay up for a week.",
        "Confirmed - but hold off until our CAB on Thursday.", "Happy to approve once Jo has confirmed the TTL.",
        "We approve this change except for the contact update.",
    ],
    "out_of_office": [
        "I'm out of the office until 4 January with no access to email. Please contact csoc@hmrc.gov.uk instead.",
        "Auto reply: I am on holiday. I will action your email on my return.",
    ],
    "mixed": ["Confirmed that we did NOT request this.", "Yes, please reject it - this is not our change."],
    "other": ["Received, thanks.", "I have passed this to Jo Bloggs who handles DNS.", "Call me back please."],
}

GREETINGS = ["", "Hi Sam,", "Hello,", "Dear Registry Lock team,", "Good morning,", "Hi all,", "OFFICIAL"]
HELD_OUT_GREETINGS = ["Afternoon,", "Dear Sir/Madam,", "OFFICIAL-SENSITIVE", "Hi there"]
SIGN_OFFS = ["", "Thanks", "Kind regards,", "Regards", "Many thanks,", "Best wishes", "Cheers"]
HELD_OUT_SIGN_OFFS = ["Thanks and regards,", "Yours sincerely,", "Best,", "Rgds"]
SIGNATURES = [
    "Jane Smith\nCyber Security Operations Centre\nHM Revenue & Customs\nTel: 03000 000 000",
    "Jo Bloggs | Senior Security Analyst | HMRC CSOC\nMobile: 07700 900123",
    "Priya Patel\nHead of Cyber Security Operations\nHMRC\n100 Parliament Street, London SW1A 2BQ",
]
HELD_OUT_SIGNATURES = ["A. N. Other\nIncident Manager, Security Operations\n0300 200 3300",
                       "Sam Taylor (she/her)\nDNS & Certificates Lead, Cyber Security"]
DISCLAIMERS = [
    "",
    "This email and any files transmitted with it are confidential and intended solely for the use of the "
    "individual or entity to whom they are addressed. If you have received this email in error please notify the "
    "sender and delete it. Any unauthorised use, disclosure or copying is not permitted.",
    "OFFICIAL\n\nThe information in this e-mail and any attachments is confidential and may be legally privileged. "
    "If you are not the intended recipient, you must not read, use or disclose it.",
    "Communications with HMRC may be monitored and recorded for lawful purposes.",
]
HELD_OUT_DISCLAIMERS = [
    "IMPORTANT NOTICE: This message is intended for the addressee only and may contain information which is not "
    "to be disclosed. If you are not the intended recipient, do not copy or forward it.",
    "Please consider the environment before printing this email.\nThis e-mail may contain privileged material; "
    "unauthorised disclosure is prohibited. If you are not the addressee, please tell us at once.",
]

# The bot's mail they answer, as its confirmation of authorisation reads (templates/confirmation_of_authorisation).
ORIGINAL = """The registry operator has verified a change to hmrc.gov.uk by phone
with its security team. The change was authorised on that call.

Reference:    RL-000001
Requested by: Example Registrar Ltd

What you must do

Check every value above.

If it is correct, reply to this email to confirm. For example, write
"I confirm this change".

If you did not authorise this change, reply "not authorised" and phone
the registry operator at once on 01632 960000.

The change will not be made until you confirm.
"""
BOT = ".gov.uk Registry Lock <registrylock+RL-000001.abcdefghijklmnopqrstuvwxyz@registry.example>"
SUBJECT = "[RL-000001] Confirm the change you authorised to hmrc.gov.uk"
SENDER = "cyber-security@hmrc.gov.uk"
CLIENTS = ("outlook", "outlook_original_message", "gmail", "gmail_folded_header", "apple_mail", "thunderbird",
           "html_gmail", "html_outlook", "plain_and_html")


@dataclass(frozen=True)
class Reply:
    truth: str  # one of TRUTHS
    said: str  # what the person wrote, before it was wrapped
    client: str
    raw: bytes


def corpus(part: str) -> list[Reply]:
    """The replies of `part` ("tuning" or "held-out"), the same on every run."""
    if part not in ("tuning", "held-out"):
        raise ValueError(f"no such part: {part!r}")
    held_out = part == "held-out"
    rng = random.Random(1 if not held_out else 2)
    bodies = {truth: list(BODIES[truth]) + (HELD_OUT_BODIES[truth] if held_out else []) for truth in TRUTHS}
    wrapping = {
        "greetings": GREETINGS + (HELD_OUT_GREETINGS if held_out else []),
        "sign_offs": SIGN_OFFS + (HELD_OUT_SIGN_OFFS if held_out else []),
        "signatures": SIGNATURES + (HELD_OUT_SIGNATURES if held_out else []),
        "disclaimers": DISCLAIMERS + (HELD_OUT_DISCLAIMERS if held_out else []),
    }
    replies = []
    for truth in TRUTHS:
        for said in bodies[truth]:
            for _ in range(2 if truth in ("out_of_office", "mixed", "other") else 3):
                client = rng.choice(CLIENTS)
                text = _written(rng, said, wrapping, truth == "out_of_office")
                replies.append(Reply(truth, said, client, _sent(client, text, rng)))
    return replies


def _written(rng: random.Random, said: str, wrapping: dict, automatic: bool) -> str:
    """What the person types above the quoted mail: greeting, their words, sign-off, signature, disclaimer."""
    said = rng.choice([said, said, said.lower(), said.replace("'", "\u2019")])
    if automatic:
        return said
    parts = [p for p in (rng.choice(wrapping["greetings"]), said) if p]
    sign_off = rng.choice(wrapping["sign_offs"])
    signature = rng.choice(wrapping["signatures"])
    closing = f"{sign_off}\n{signature.splitlines()[0]}" if sign_off else signature
    if rng.random() < 0.3:
        closing = "-- \n" + signature if not sign_off else closing + "\n\n--\n" + signature
    parts.append(closing)
    if disclaimer := rng.choice(wrapping["disclaimers"]):
        parts.append(disclaimer)
    return "\n\n".join(parts)


def _sent(client: str, text: str, rng: random.Random) -> bytes:
    msg = EmailMessage()
    msg["From"] = f"HMRC Cyber Security <{SENDER}>"
    msg["To"] = '"' + BOT.replace(" <", '" <', 1)
    msg["Subject"] = "RE: " + SUBJECT if client.startswith(("outlook", "html_outlook")) else "Re: " + SUBJECT
    msg["Message-ID"] = f"<{rng.getrandbits(64):x}@hmrc.gov.uk>"
    msg["In-Reply-To"] = msg["References"] = "<RL-000001.abcdefghij@registry.example>"
    msg["Date"] = "Fri, 27 Nov 2026 12:00:00 +0000"
    quoted = "\n".join("> " + line if line else ">" for line in ORIGINAL.splitlines())
    if client == "outlook":
        body = (f"{text}\n\n________________________________\nFrom: {BOT}\nSent: 27 November 2026 10:04\n"
                f"To: HMRC Cyber Security <{SENDER}>\nSubject: {SUBJECT}\n\n{ORIGINAL}")
    elif client == "outlook_original_message":
        body = (f"{text}\n\n-----Original Message-----\nFrom: {BOT}\nSent: Friday, November 27, 2026 10:04 AM\n"
                f"To: {SENDER}\nSubject: {SUBJECT}\n\n{ORIGINAL}")
    elif client == "gmail":
        body = f"{text}\n\nOn Fri, 27 Nov 2026 at 10:04, {BOT} wrote:\n\n{quoted}\n"
    elif client == "gmail_folded_header":
        name, _, address = BOT.partition("<")
        body = f"{text}\n\nOn Fri, 27 Nov 2026 at 10:04, {name}<\n{address} wrote:\n\n{quoted}\n"
    elif client == "apple_mail":
        body = f"{text}\n\nSent from my iPhone\n\n> On 27 Nov 2026, at 10:04, {BOT} wrote:\n> \n{quoted}\n"
    elif client == "thunderbird":
        body = f"{text}\n\nOn 27/11/2026 10:04, .gov.uk Registry Lock wrote:\n{quoted}\n"
    else:
        body = None
    if body is not None:
        msg.set_content(body)
        return msg.as_bytes()
    html = _html(client if client != "plain_and_html" else "html_gmail", text)
    if client == "plain_and_html":
        msg.set_content(f"{text}\n\nOn Fri, 27 Nov 2026 at 10:04, {BOT} wrote:\n\n{quoted}\n")
        msg.add_alternative(html, subtype="html")
    else:
        msg.set_content(html, subtype="html")
    return msg.as_bytes()


def _html(client: str, text: str) -> str:
    """The body as Gmail or Outlook on the web write it when they send HTML alone."""
    mine = "".join(f"<div>{escape(line) or '<br>'}</div>" for line in text.splitlines())
    original = "".join(f"<p>{escape(line)}</p>" for line in ORIGINAL.splitlines() if line)
    if client == "html_gmail":
        return (f'<div dir="ltr">{mine}</div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">'
                f"On Fri, 27 Nov 2026 at 10:04, {escape(BOT)} wrote:<br></div>"
                f'<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex">{original}</blockquote></div>')
    return (f'<html><head><style>p {{margin:0}}</style></head><body><div style="font-family:Calibri">{mine}</div>'
            '<div id="appendonsend"></div><hr style="display:inline-block;width:98%" tabindex="-1">'
            f'<div id="divRplyFwdMsg" dir="ltr"><font face="Calibri"><b>From:</b> {escape(BOT)}<br>'
            f"<b>Sent:</b> 27 November 2026 10:04<br><b>To:</b> {SENDER}<br><b>Subject:</b> {SUBJECT}</font>"
            f"<div>&nbsp;</div></div>{original}</body></html>")


def readings(part: str, replies) -> list[tuple[Reply, object]]:
    """Each reply of `part` with how the bot reads it: parsed as mail (mailbot.parse.mail, in its parser process, which
    takes the sender's own text) and read by mailbot.policy.intent with the phrase lists `replies`."""
    from mailbot.parse.exchange import parse_many
    from mailbot.policy.intent import read

    replies_of_part = corpus(part)
    parsed = parse_many([r.raw for r in replies_of_part])
    return [(r, read(mail.own_text, replies)) for r, mail in zip(replies_of_part, parsed)]


def confusion(read: list[tuple[Reply, object]]) -> dict[str, dict[str | None, int]]:
    """truth -> {"confirm"/"dispute"/None: how many read so}."""
    table = {truth: {"confirm": 0, "dispute": 0, None: 0} for truth in TRUTHS}
    for reply, reading in read:
        table[reply.truth][reading.intent] += 1
    return table
