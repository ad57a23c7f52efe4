"""Parse (change request): the words a request is read from: the sender's own (mailbot.parse.own_words, no quoted
reply, signature or disclaimer), and a message they forward or quote below a note saying to act on it."""

import re
from collections.abc import Mapping

from mailbot.parse.change_request.ds_records import ds_records
from mailbot.parse.change_request.names import (
    MAX_BODY,
    MAX_SUBJECT,
    as_text,
    checked_zone,
    emails,
    find_domains,
    hostnames,
    is_nameserver,
    mask_names,
)
from mailbot.parse.change_request.noise import without_gateway_warnings, without_legal_notices, without_links
from mailbot.parse.corrections import Corrected, apply_corrections
from mailbot.parse.own_words import (
    bottom_posted,
    forwarded_lines,
    forwarded_message,
    forwarded_recipients,
    forwarded_sender,
    own_raw_lines,
    quoted_lines,
    quoted_sender,
)


def named_domains(body: str, zone: str = "gov.uk") -> list[str]:
    """The domains the sender's own words in `body` name (find_domains over what extract_change reads)."""
    return find_domains(own_body(as_text(body)[:MAX_BODY]), zone)


# A note above a forwarded message that says not to act on it, or not yet.
_LEAVE_IT = re.compile(r"\b(?:ignore|disregard|do\s+not|don'?t|no\s+(?:action|need)|not\s+(?:yet|to\s+be|for\s+action)"
                       r"|(?:for\s+)?(?:info(?:rmation)?|reference)\s+only|fyi\s+only|on\s+hold|wait\w*\s+for|cancel\w*"
                       r"|withdraw\w*|sent\s+in\s+error|not\s+(?:been\s+)?(?:approved|authori[sz]ed|signed\s+off)|unapproved"
                       r"|reject\w*|declined|pending\s+approval)\b", re.I)


# A note saying the request is the mail below it, as a registrar's desk forwards a customer's ("Please see below from
# our customer and action", "Please action the request below", "Forwarding our client's email below", "The customer's
# words are pasted below", "Forwarding our customer's request for x.gov.uk", "Please make / apply the change below",
# "Below you will find the request of our client", "PFB" for "please find below", "as the customer asks below"):
# Outlook's "Original Message" block under it is the mail forwarded, whatever the subject says. A desk forwarding a
# customer's request to the registry forwards it to be acted on; words saying otherwise ("for information only", "do
# not action yet") leave it unread (_LEAVE_IT).
_POINTS_BELOW = re.compile(r"""\b(?:see|read|find|action|actioned|process|processed|deal\s+with|handle|forward\w*
    |pass\w*\s+on|put\s+through|request\w*|paste[ds]?|copied|make|apply|implement|carry\s+out|reali[sz]e
    |asks?|asked|wants?|wanted|wrote|writes)\b[^.\n]{0,60}
    \b(?:below|underneath|trail|chain)\b
    |\bpass\w*\s+(?:the\s+following|this|it)\s+on\b
    |\bpfb\b
    |\bbelow\s+(?:you(?:\s+will|\s+can|'ll)\s+find|(?:is|are))\s+(?:the|our|a|their)\s+(?:[\w-]+\s+){0,3}?
        (?:request|change|instructions?)\b
    |\b(?:below|underneath)\b[^.\n]{0,40}\bfrom\s+(?:our|the|a)\s+(?:customer|client|end[\s-]user|registrant|user)s?\b
    |\bforward(?:ing|ed)?\s+(?:on\s+)?(?:our|the|a|this|their)\s+(?:customer|client|end[\s-]user|registrant|user)(?:s|'s|s')?
        \s+(?:(?:original|signed|own)\s+)?(?:change\s+)?(?:request|e-?mail|message|instructions?)\b""",
                           re.I | re.X)


# An approver's word on a colleague's draft quoted or forwarded below it ("Approved, please action", "OK to proceed -
# approved", "Authorised, pls go ahead"): the approval and a word to act on it, both in the note.
_APPROVES = re.compile(r"\b(?:approved|authori[sz]ed|signed\s+off)\b", re.I)
_ACT_ON_IT = re.compile(r"\b(?:action|process|proceed|go\s+ahead|implement|carry\s+(?:it\s+)?out)\b", re.I)


# A note saying it passes another's message on ("Forwarding this from our web company", "Our supplier has sent the
# email below") and asking, in so many words, for what it asks to be done ("Please could you action it?", "Can you do
# what they ask please?", "Could you make this change for us?"): not "could you tell us whether we should action it".
_PASSES_ON = re.compile(r"\b(?:forward\w*|pass\w*\s+(?:it\s+|this\s+)?on|below|underneath|(?:has|have|had)\s+sent)\b",
                        re.I)
_ASKS_DONE = re.compile(r"""(?:\b(?:please|pls|plz|kindly)\s+(?:(?:could|can|would)\s+you\s+)?
    |\b(?:could|can|would|will)\s+you\s+(?:please\s+|pls\s+)?)
    (?:action|process|apply|implement|carry\s+(?:it\s+|this\s+)?out|deal\s+with|sort
    |do\s+(?:what|as)\s+(?:they|he|she|it)\b|make\s+(?:the|this|that|these)\s+changes?)\b""", re.I | re.X)
# A terse note from a phone asking to act on what it forwards ("pls do this one for x.gov.uk", "Please action this",
# "can you process it"): the message under it is the request.
_ACT_ON_THIS = re.compile(r"""\b(?:please|pls|plz|kindly|can\s+you|could\s+you)\s+
    (?:action|do|process|handle|sort(?:\s+out)?|deal\s+with|put\s+through|submit|raise)\s+(?:this|these|it)\b""",
                          re.I | re.X)


def _says_to_act(note: str) -> bool:
    """Whether a note says the mail below it is the request (_POINTS_BELOW, _ACT_ON_THIS), approves it for action, or
    passes it on asking for it to be done (_PASSES_ON, _ASKS_DONE)."""
    return bool(_POINTS_BELOW.search(note) or _ACT_ON_THIS.search(note)
                or (_APPROVES.search(note) and _ACT_ON_IT.search(note))
                or (_PASSES_ON.search(note) and _ASKS_DONE.search(note)))


def forwarded_request(body: str, subject: str, headers: Mapping[str, str], zone: str = "gov.uk") -> str:
    """The message a registrar forwards as its request ("FYI / for action", "Please see below from our customer and
    action"), as its sender wrote it (mailbot.parse.own_words.forwarded_lines): when the note above the forward gives no
    name server or DS record of its own and does not say to leave it ("FYI only", "please ignore", "not yet"). A mail
    that answers another (In-Reply-To or References: a reply on a ticket's thread) forwards its request so only when its
    note says so ("please action the below") and the message under it is not the mail it answers: it names a sender
    whose domain is none of those the reply is written to (the bot's own mail, quoted under Outlook's header block, is
    never a request). A message quoted with ">" under "On ... wrote:" (mailbot.parse.own_words.quoted_lines) is read so
    too when the note says to act on it (_says_to_act: "Could you action the request below", "Approved, please action")
    and its attribution line names its writer by an address of a domain the mail is not written to. "" otherwise: the
    mail is read from its own words alone."""
    note, lines, gives_values = _forward(body, subject, headers, zone)
    return "" if gives_values or _LEAVE_IT.search(note) else "\n".join(lines)


# Words of a note saying that its values are not the forwarded request's ("The customer has since chosen other
# servers", "Please action the below but use A and B", "instead", "corrected"): the note's values stand on their own.
_DEPARTS = re.compile(r"""\b(?:but|instead|rather\s+than|however|except|other|different|differs?|correct(?:ed|ion)
    |actually|changed\s+(?:their|his|her|its|our|my)\s+minds?|(?:has|have|had)\s+(?:since\s+)?(?:changed|chosen|decided
    |confirmed|asked))\b""", re.I | re.X)


def vouched_forward(body: str, subject: str, headers: Mapping[str, str], zone: str = "gov.uk") -> str:
    """The message a registrar forwards as forwarded_request() would read it, when the note above it gives values of
    its own and does not say they depart from it ("Please set x.gov.uk to A and B as per the customer's email below"):
    the request the note's values are made from, which they must agree with. "" otherwise. Words of the note that would
    leave the forward unread ("Do not hesitate to call") do not spare its values the comparison. A mail that answers
    none (no In-Reply-To or References) and gives values above Outlook's header block of another message is compared
    with it whatever its subject and its note say: a note and the request under it that disagree are asked about."""
    note, lines, gives_values = _forward(body, subject, headers, zone, compared=True)
    # Read with its names masked: a server's name ("ns1.other-host.example") says nothing of the note's values.
    return "\n".join(lines) if gives_values and not _DEPARTS.search(mask_names(note)) else ""


def _forward(body: str, subject: str, headers: Mapping[str, str], zone: str,
             compared: bool = False) -> tuple[str, list[str], bool]:
    """The note in the sender's own words, the lines of the message it forwards or quotes to be acted on (none when it
    forwards nothing so: see forwarded_request), and whether the note gives a name server or DS record of its own.
    `compared`: the message under Outlook's header block of a mail that answers none, to compare the note's values
    with (vouched_forward), whatever the note and the subject say."""
    text = as_text(body)[:MAX_BODY]
    if (bottom := bottom_posted(text))[1]:
        return _quoted_above(*bottom, headers, checked_zone(zone))
    # A legal notice under the note's signature ("Sąd Rejonowy dla m.st. Warszawy, KRS ...") gives no values.
    note = without_legal_notices(without_gateway_warnings(without_links(own_body(text))))
    slip = bool(_CORRECTS_BELOW.search(note))
    points = _says_to_act(note) or slip
    subject = as_text(subject)[:MAX_SUBJECT]
    forwarding = points or compared and not _answers(headers)
    forwarded = forwarded_lines(text, subject, forwarding=forwarding)
    quoted = quoted_lines(text) if points and not forwarded else []
    if quoted:
        if not _quoted_from_another(quoted_sender(text), headers):
            return note, [], False
    elif _answers(headers) and not (points and _forwarded_by_another(text, subject, headers)):
        return note, [], False
    if forwarded:
        forwarded = _read_within(forwarded_message(text, subject, forwarding=forwarding), checked_zone(zone))
    lines = quoted or forwarded
    corrects = bool(lines) and _corrects_only(note, lines, checked_zone(zone))
    if not lines or (slip and not corrects):
        # "Sorry, there's a mistake in my request below - a corrected one follows": no correction applied, no request.
        return note, [], False
    return note, lines, _gives_values(note, checked_zone(zone)) and not corrects


# A note written below the mail it quotes that says to act on it ("please action the change quoted above", "apply it
# as quoted above", "OK to implement the above").
_POINTS_ABOVE = re.compile(r"\b(?:action|process|make|apply|implement|carry\s+out|put\s+through|go\s+ahead\s+with)\b"
                           r"[^.\n]{0,60}\b(?:quoted\s+)?above\b", re.I)


def _quoted_above(quoted: list[str], said: list[str], attribution: str, headers: Mapping[str, str],
                  zone_name: str) -> tuple[str, list[str], bool]:
    """_forward() of a mail written below the mail it quotes (mailbot.parse.own_words.bottom_posted): the words below
    are the note, and the mail above is read as one quoted below a note is, when the note says to act on it (in words
    pointing above, or approving it) and the attribution names a writer other than the bot (_quoted_from_another)."""
    note = without_legal_notices(without_gateway_warnings(without_links("\n".join(said))))
    acts = _POINTS_ABOVE.search(note) or (_APPROVES.search(note) and _ACT_ON_IT.search(note))
    if not acts or not _quoted_from_another(attribution, headers):
        return note, [], False
    return note, quoted, _gives_values(note, zone_name)


# A note correcting a slip in the message below it ("Sorry, correction to the below: it's A (I mistyped it as B)",
# "Apologies - there was a typo in my email below. B should be A."): the message is the request, as corrected.
_CORRECTS_BELOW = re.compile(r"\b(?:correction|typo|mistake|mis-?typed|misspel(?:t|led))\b[^.\n]{0,40}"
                             r"\b(?:below|underneath)\b", re.I)


def _corrects_only(note: str, lines: list[str], zone_name: str) -> bool:
    """Whether every value a note gives is one of a correction it makes of the lines under it, applied there for
    certain (mailbot.parse.corrections): the note gives no values of its own, only the request below as it should
    read."""
    corrected = apply_corrections([*note.split("\n"), "", *lines])
    if not isinstance(corrected, Corrected) or not corrected.changes or corrected.kept:
        return False
    said = {value for change in corrected.changes for value in change}
    domains = set(find_domains(note, zone_name))
    return not ds_records(note) and all(h in said for h in hostnames(note) if is_nameserver(h, domains, zone_name))


def _gives_values(note: str, zone_name: str) -> bool:
    """Whether a note gives a name server or DS record of its own. A server it asks to keep beside the request below
    ("Approved - one change: the customer wants to keep ns3.x.net as well", mailbot.parse.corrections) is none: it
    adds to the request, which is read with it, and gives no set of the note's own to hold the request to."""
    corrected = apply_corrections(note.split("\n"))
    if isinstance(corrected, Corrected) and corrected.kept:
        note = "\n".join(corrected.lines)
    domains = set(find_domains(note, zone_name))
    return bool(ds_records(note)) or any(is_nameserver(h, domains, zone_name) for h in hostnames(note))


# How many messages deep a request forwarded within forwards is read, each passed on by a note saying to act on it.
_MAX_WITHIN = 4


def _read_within(message: str, zone_name: str, depth: int = 1) -> list[str]:
    """The lines a forwarded message is read from: its own (own_raw_lines), and, when they are a note saying to act on
    a message it forwards in turn (_says_to_act: "Forwarding this from our web company, please could you action it?")
    that neither says to leave it nor gives a value of its own, that message's, read so in turn: a council forwards its
    supplier's mail to its registrar, which forwards both to the registry with a note of its own. A forward within with
    no such word of its forwarder's (an attachment within an attachment) is not read: whose request it is, nobody says.
    """
    lines = own_raw_lines(message)
    note = without_gateway_warnings(without_links("\n".join(lines)))
    if depth >= _MAX_WITHIN or not _says_to_act(note) or _LEAVE_IT.search(note) or _gives_values(note, zone_name):
        return lines
    within = forwarded_message(message, "", forwarding=True)
    return [*lines, "", *_read_within(within, zone_name, depth + 1)] if within else lines


def unread_forward(body: str, subject: str, headers: Mapping[str, str], zone: str = "gov.uk") -> str:
    """Who wrote the message a reply on a ticket's thread forwards (mailbot.parse.own_words.forwarded_sender), when it
    forwards one that is not the mail it answers and that forwarded_request() does not read as its request: its note
    does not say to act on it. "" otherwise. A person reads such a message: it may ask for a change nobody made."""
    text = as_text(body)[:MAX_BODY]
    subject = as_text(subject)[:MAX_SUBJECT]
    if not _answers(headers) or not _forwarded_by_another(text, subject, headers) \
            or forwarded_request(body, subject, headers, zone):
        return ""
    return forwarded_sender(text, subject, forwarding=True) or "someone"


def _quoted_from_another(attribution: str, headers: Mapping[str, str]) -> bool:
    """Whether the attribution line over a message quoted below a note saying to act on it (a colleague's draft, a
    customer's words) names a writer other than the bot: by an address of none of the domains the mail is written to;
    or by a name alone ("On 2 Dec 2026, Jane Smith wrote:", as Evolution, Roundcube and Yahoo may write it) in a mail
    that answers none (no In-Reply-To or References). The bot's own mail is quoted only in a reply to it, and a mail
    program answering one names it so: there a name alone ("On ..., Registry Lock wrote:") does not say whose the
    quoted mail is."""
    sender = list(emails(attribution))
    if sender:
        return not _domain_written_to(sender[0], headers)
    return not _answers(headers)


def _answers(headers: Mapping[str, str]) -> bool:
    """Whether the mail answers another: it has an In-Reply-To or References field."""
    return any(str(k).strip().lower() in ("in-reply-to", "references") and str(v).strip()
               for k, v in (headers or {}).items())


def _forwarded_by_another(text: str, subject: str, headers: Mapping[str, str]) -> bool:
    """Whether the message a reply forwards (its note taken to say so) names a sender whose domain is none of those
    the reply is written to (To, Cc), and was itself written to none of them: then it is not the mail answered, which
    came from there, nor an earlier mail of the thread sent to the registry, which a reply quotes under Outlook's header
    block ("From: our desk / To: the registry") whatever its note says of the words below it ("PFB the details")."""
    sender = list(emails(forwarded_sender(text, subject, forwarding=True)))
    recipients = emails(forwarded_recipients(text, subject, forwarding=True))
    return bool(sender) and not _domain_written_to(sender[0], headers) \
        and not any(_domain_written_to(a, headers) for a in recipients)


def _domain_written_to(address: str, headers: Mapping[str, str]) -> bool:
    """Whether the address is of a domain the mail is written to (To, Cc)."""
    written_to = {a.rpartition("@")[2].lower() for k, v in (headers or {}).items()
                  if str(k).strip().lower() in ("to", "cc") for a in emails(str(v))}
    return address.rpartition("@")[2].lower() in written_to


def own_body(body: str) -> str:
    """The body without quoted reply text, the mail answered, the signature or a disclaimer (mailbot.parse.own_words,
    the one definition of the sender's own words); a quoted line leaves a blank one."""
    return "\n".join(own_raw_lines(body))
