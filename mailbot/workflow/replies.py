"""Workflow: a reply on a ticket's thread: a command, a lock contact's confirmation or dispute (with its token,
authentication and checks), or a registrar writing again."""

from __future__ import annotations

import re
import textwrap
from datetime import timedelta

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from mailbot.classify import Classification, own_words
from mailbot.errors import TemporaryError, TransitionRefused
from mailbot.parse.change_request.forwards import forwarded_request, named_domains, unread_forward
from mailbot.parse.change_request.names import find_domains
from mailbot.parse.commands import INVISIBLE, visible
from mailbot.parse.mail import ParsedMail
from mailbot.parse.own_words import message_lines
from mailbot.policy.authentication import DNSTemporaryError, authenticate
from mailbot.policy.dmarc import dmarc_policy
from mailbot.policy.intent import Reading, normalise
from mailbot.policy.intent import read as read_reply
from mailbot.store import queries, records
from mailbot.store.models import HistoryEntry, Message, OutboxItem, Ticket
from mailbot.store.values import Kind, MailKind, State
from mailbot.tokens import TokenCheck, check_token, consume_token, new_message_id
from mailbot.workflow import contacts, contexts, lookalikes, membership, notices, tickets
from mailbot.workflow.changes import amend, asks_of, change_request, narrowed, read, requested, written
from mailbot.workflow.commands import act_on_command
from mailbot.workflow.states import Event, Outcome


def reply(session: Session, app, message: Message, mail: ParsedMail, c: Classification) -> Outcome:
    if c.command:
        return act_on_command(session, app, message, mail, c)
    ticket = c.ticket or queries.ticket_by_ref(session, c.ticket_ref, lock=True)
    outcome = Outcome(MailKind.REPLY, "recorded", [ticket])
    if c.registrar is not None:
        return registrar_reply(session, app, ticket, message, mail, c, outcome)
    tickets.link(session, ticket, message)
    if ticket.kind in (Kind.SIGNUP, Kind.CANCELLATION):
        return membership_reply(session, app, ticket, message, mail, outcome)
    if ticket.kind == Kind.TRIAGE:
        # A person reads what is said about a triage ticket.
        tickets.note(session, app, ticket, "message", actor=mail.sender or "unknown", message_pk=message.id,
                     reason=f"a message about the {ticket.kind} ticket")
        notices.tell_operators(session, app, ticket, f"A message about {ticket.ref}",
                               [f"From: {mail.sender or '(no single sender)'}", f"Subject: {mail.subject}"],
                               f"Read it with: mailbot messages show {message.id}")
        return outcome

    # Read from the sender's own words: what the reply attaches or forwards is content, never a confirmation.
    # Read to a rule that fails safe (mailbot.policy.intent): "confirm" only when nothing in the words negates,
    # doubts, questions or conditions it.
    reading = read_reply(mail.own_text, app.rules.replies)
    intent = reading.intent
    auth = authenticate(message.raw, mail.sender.partition("@")[2] if mail.sender else None, dns=app.dns,
                        authserv_id=app.settings.authserv_id, limits=app.settings.limits)
    if auth.result == "temperror" and intent in app.rules.authentication.require_for:
        raise TemporaryError(f"sender authentication of {message.message_id} could not be checked now: {auth}")
    check = check_token(session, app, ticket, c.token, audience="security", sender=mail.sender, intent=intent)
    problems = _reply_problems(session, app, ticket, mail, check)
    if intent == "confirm" and check.ok and check.used_for is None:
        answered = session.scalar(_ANSWERED, {"message_id": new_message_id(app.rules.addresses.bot, ticket.ref,
                                                                            check.token)})
        if answered not in ("confirmation_of_authorisation", "contact_change_confirmation"):
            # A chase or a notice gives no values; only the mail that shows the change can be confirmed.
            problems.append(f"it answers the {answered or 'unknown'} mail, which does not show the change: only a "
                            "reply to the confirmation of authorisation confirms it")
    if intent in app.rules.authentication.require_for and not auth.passed:
        problems.append(f"its sender is not authenticated (DKIM aligned with the From domain): {auth}")
    authenticated = {"authentication": str(auth)}
    # A look-alike is never a lock contact, so only a reply already refused needs the records' mail domains.
    disguised = lookalikes.lookalike_sender(session, app, mail) if problems else None
    if disguised is not None:
        # The ticket's mail reached a look-alike of a real domain: an attack in progress, whatever the token.
        problems.insert(0, f"possible attack: the sender {disguised[0]} writes from a look-alike of {disguised[1]}")
    if problems:
        # A token from another ticket, an earlier stage or another audience, forged or already used: someone
        # holds what they should not, and the record says so.
        suspicious = check.suspicious or disguised is not None
        tickets.note(session, app, ticket, "reply_not_accepted", actor=mail.sender or "unknown",
                     reason="; ".join(problems), message_pk=message.id,
                     data={"intent": intent, **authenticated, "suspicious": suspicious, "token": check.as_data()})
        if disguised is not None:
            tickets.note(session, app, ticket, "possible_attack", actor="bot", reason=problems[0],
                         message_pk=message.id)
        headline = (f"A suspicious reply to {ticket.ref} was refused: a possible attack from a look-alike of "
                    f"{disguised[1]}" if disguised is not None
                    else f"A reply to {ticket.ref} disputes the change but could not be verified" if intent == "dispute"
                    else f"A suspicious reply to {ticket.ref} was refused" if suspicious
                    else f"A reply to {ticket.ref} was not accepted")
        notices.tell_operators(session, app, ticket, headline,
                               [f"From: {mail.sender or '(no single sender)'}", *problems],
                               f"Read it with: mailbot messages show {message.id}. If in doubt, phone the "
                               "security contact on the number on record.",
                               cc=[app.rules.addresses.gds] if disguised is not None else [])
        outcome.action = "not_accepted"
        return outcome

    if intent == "confirm" and check.used_for == "confirm":
        return also_confirmed(session, app, ticket, message, mail, check, authenticated, outcome)
    try:
        if intent == "dispute":
            tickets.transition(session, app, ticket, Event.DISPUTE, actor=mail.sender, data=authenticated,
                               reason="the security team says the change was not authorised", message_pk=message.id)
            consume_token(session, app, check, by=mail.sender, used_for="dispute", message_pk=message.id)
            notices.raise_dispute(session, app, ticket, source="reply", by=mail.sender, note_text=None, call=None)
            outcome.action = "disputed"
            return outcome
        if intent == "confirm":
            if ticket.verified_digest != ticket.change_digest:
                raise TransitionRefused(f"{ticket.ref}: the phone verification was for another version of the request")
            dmarc = _dmarc(app, mail) if auth.passed else None
            tickets.transition(session, app, ticket, Event.CONFIRM, actor=mail.sender,
                               data={**authenticated, "dmarc": dmarc.as_data() if dmarc else None},
                               reason="the security team confirmed the authorisation in writing", message_pk=message.id)
            consume_token(session, app, check, by=mail.sender, used_for="confirm", message_pk=message.id)
            if ticket.kind == Kind.CONTACT_CHANGE:  # GDS approves it next
                contacts.confirmed(session, app, ticket, by=mail.sender,
                                   authentication=membership.authentication_sentence(app, auth, mail.sender))
                outcome.action = "confirmed"
                return outcome
            weakness = str(auth) if not auth.passed else str(dmarc) if dmarc.weak else None
            weak = [] if weakness is None else [f"Weak sender authentication: {weakness}. Phone the security contact "
                                                "on the number on record before making the change."]
            if weakness is not None:
                tickets.note(session, app, ticket, "weak_sender_authentication", actor="bot", reason=weakness,
                             data={"authentication": str(auth), "dmarc": dmarc.as_data() if dmarc else None})
            notices.tell_operators(session, app, ticket,
                                   f"The security team confirmed the change to {contexts.and_list(ticket.domains)}",
                                   [f"Confirmed by {mail.sender}", f"Sender authentication: {auth}",
                                    *([f"DMARC: {dmarc}"] if dmarc else []), *weak],
                                   f"Make the change, then record it: mailbot applied {ticket.ref} --operator NAME")
            outcome.action = "confirmed"
            return outcome
    except TransitionRefused as e:
        tickets.note(session, app, ticket, "reply_recorded", actor=mail.sender, reason=str(e),
                     data={"intent": intent}, message_pk=message.id)
        return outcome
    return _unclear(session, app, ticket, message, mail, reading, str(auth), outcome)


def membership_reply(session: Session, app, ticket: Ticket, message: Message, mail: ParsedMail,
                     outcome: Outcome) -> Outcome:
    """A reply on a sign-up or a cancellation, which GDS reviews. A Registry Lock contact of the organisation who
    disputes it ("we did not request this", read by the same fail-safe reader as a dispute of a change) stops it
    at once: removing the lock, or replacing its contacts, is what a hijacker would do first, and stopping it only
    keeps the lock, so no token or authentication is needed for that (both are recorded and shown). Anything else
    is quoted, in the sender's own words, in GDS's notice."""
    reading = read_reply(mail.own_text, app.rules.replies)
    auth = authenticate(message.raw, mail.sender.partition("@")[2] if mail.sender else None, dns=app.dns,
                        authserv_id=app.settings.authserv_id, limits=app.settings.limits)
    contacts_now = {x.email for x in contexts.security_contacts(session, ticket)} if mail.sender is not None else set()
    lock_contact = mail.sender in contacts_now
    words = quoted_words(reading.words)
    if reading.intent == "dispute" and lock_contact and ticket.state == State.AWAITING_REVIEW:
        membership.dispute(session, app, ticket, by=mail.sender, said=reading.reason, words=words,
                           authentication=membership.authentication_sentence(app, auth, mail.sender),
                           message_pk=message.id)
        outcome.action = "disputed"
        return outcome
    who = "a Registry Lock contact" if lock_contact else "not a Registry Lock contact of the organisation"
    tickets.note(session, app, ticket, "message", actor=mail.sender or "unknown", message_pk=message.id,
                 reason=f"a message about the {ticket.kind} from {who}: {reading.reason}",
                 data={"intent": reading.intent, "lock_contact": lock_contact, "authentication": str(auth),
                       "words": words})
    noun = "sign-up" if ticket.kind == Kind.SIGNUP else "cancellation"
    if reading.intent == "dispute":
        headline = (f"A Registry Lock contact disputes the {noun} {ticket.ref}, which is {ticket.state}"
                    if lock_contact else f"A reply disputes the {noun} {ticket.ref}, from someone who is not a "
                                         "Registry Lock contact")
    else:
        headline = f"{'A Registry Lock contact' if lock_contact else 'Someone'} wrote about the {noun} {ticket.ref}"
    notices.tell_operators(
        session, app, ticket, headline,
        [f"From: {mail.sender or '(no single sender)'} ({who})", f"Subject: {mail.subject}",
         membership.authentication_sentence(app, auth, mail.sender),
         "What they wrote (the mail they quote, their signature and any disclaimer left out):\n" + words],
        f"Phone the organisation on a number you found yourself if in doubt. Read the whole message with: "
        f"mailbot messages show {message.id}", to=[app.rules.addresses.gds])
    return outcome


def _unclear(session: Session, app, ticket: Ticket, message: Message, mail: ParsedMail, reading: Reading,
             authentication: str, outcome: Outcome) -> Outcome:
    """A reply from the security team that neither confirms nor disputes, as the reader fails safe: no authority is
    taken and the token stays unused. It is recorded, and the operators are shown the words the bot read, so
    that they can see at once what was meant and phone when in doubt."""
    words = quoted_words(reading.words)
    tickets.note(session, app, ticket, "reply_unclear", actor=mail.sender, message_pk=message.id,
                 reason=f"a reply from the security team that neither confirms nor disputes: {reading.reason}",
                 data={"authentication": authentication, "words": words})
    state = str(ticket.state).replace("_", " ")
    notices.tell_operators(
        session, app, ticket, f"The security team replied about {ticket.ref}, but did not clearly confirm",
        [f"From: {mail.sender}",
         f"The reply neither confirms nor disputes the change: {reading.reason}. No authority was taken: the "
         f"ticket stays {state}.",
         "What they wrote (the mail they quote, their signature and any disclaimer left out):\n" + words],
        "Phone the security contact on the number on record and ask what they meant. A reply to the "
        "confirmation of authorisation that plainly confirms still counts. Read the whole reply with: "
        f"mailbot messages show {message.id}")
    return outcome


# What of a reply's words the operators are shown: enough to see what was meant, not a whole message.
QUOTED_LINES = 12
QUOTED_CHARS = 1000


def quoted_words(words: tuple[str, ...]) -> str:
    """The sender's words as a quotation for the operators' notice: each line after "> ", folded to fit the notice,
    the first QUOTED_LINES lines or QUOTED_CHARS characters, with control and invisible characters shown, not
    obeyed."""
    if not words:
        return "> (nothing: the reply has no words of its own above the mail it answers)"
    shown, size = [], 0
    for line in words[:QUOTED_LINES]:
        line = visible("".join(ch if ch.isprintable() else f"<U+{ord(ch):04X}>" for ch in line))
        line = line[:QUOTED_CHARS - size]
        size += len(line)
        shown += ["> " + part for part in textwrap.wrap(line, 64, break_long_words=True, break_on_hyphens=False)]
        if size >= QUOTED_CHARS:
            break
    if size >= QUOTED_CHARS or len(words) > QUOTED_LINES:
        shown.append("> [...]")
    return "\n".join(shown)


def also_confirmed(session: Session, app, ticket: Ticket, message: Message, mail: ParsedMail, check: TokenCheck,
                   authenticated: dict, outcome: Outcome) -> Outcome:
    """Another lock contact confirmed with the token that the first confirmation used: the confirmation of
    authorisation goes to all of them at once, so this is expected, not a replay. It is recorded; it
    authorises nothing more, and nobody is alarmed."""
    tickets.note(session, app, ticket, "also_confirmed", actor=mail.sender, message_pk=message.id,
                 reason=f"also confirmed by {mail.sender}", data={**authenticated, "token": check.as_data()})
    if ticket.state not in (State.AUTHORISED, State.COMPLETED):
        # Stopped meanwhile (a dispute, a refused call, withdrawn): whoever handles it should know.
        headline = (f"{mail.sender} also confirmed the change to {contexts.and_list(ticket.domains)}, which is "
                    f"{ticket.state}")
        notices.tell_operators(session, app, ticket, headline,
                               [f"The ticket stays {ticket.state}: a confirmation does not undo that."],
                               f"Read it with: mailbot messages show {message.id}")
    return outcome


# A change request the registrar may still amend or withdraw: not yet made, nor ended.
OPEN_CHANGE = (State.AWAITING_VERIFICATION, State.AWAITING_CONFIRMATION, State.AUTHORISED)


def registrar_reply(session, app, ticket: Ticket, message, mail, c: Classification, outcome: Outcome) -> Outcome:
    """A registrar wrote on a ticket's thread, whatever the ticket's kind or state. It is recorded on that ticket
    and the operators are told, always. When the ticket is the registrar's open change request, a reply saying it
    is not the change asked for withdraws it; what it asks for the thread's own domain amends it only when it
    reads as different resulting records, exactly (a "yes", a "thanks", "as in our original request" ask
    nothing); what cannot be read exactly is never guessed, but triaged and asked about as a fresh request would
    be. A change to the domain of any other ticket, and every other domain the mail names, is a request of its
    own, opened, passed on or triaged as a fresh request would be. Nothing it names is dropped."""
    request = c.request
    ours = ticket.kind == Kind.CHANGE and c.registrar.id == ticket.registrar_id
    said = withdraw_phrase(mail, app.rules) if ours else None
    withdrawn = said is not None and ticket.state in OPEN_CHANGE
    if withdrawn:
        not_the_change(session, app, ticket, message, mail, said, outcome)
    own, others = _thread_domains(app, ticket, mail, request)
    # What the mail asks without naming a domain is the thread's domain's only when the thread has just one.
    thread_domain = ticket.domains[0] if len(ticket.domains) == 1 else None
    # It names no domain and asks for records: of a thread of several domains, it cannot be told which.
    # ... or names in its own words none of the domains the reader gave its records to (only the subject, which
    # answers the bot's own mail, named them).
    unplaced = thread_domain is None and bool(request.asks or request.unclear) and (
        not request.domains or not set(request.domains) & _in_words(app, mail))
    if withdrawn:
        own = []  # nothing more of the thread's request: what else the mail asks of other domains still counts
    elif unplaced or not request.domains and thread_domain:
        own = list(ticket.domains)  # it names no domain: what it asks is about the thread's
    amendable = ours and ticket.state in OPEN_CHANGE and bool(ticket.change)
    # The cross-check reads the words the request was read from: a message the note says to act on among them.
    words = requested(mail, app.rules.zone) if amendable and not unplaced else ""
    readings = {name: read(request, domain, thread_domain=thread_domain, words=words)
                for name in own if (domain := records.domain_by_name(session, name)) is not None} \
        if amendable and not unplaced else {}
    changed = {name: r.change for name, r in readings.items() if r.change}
    about_thread = withdrawn or bool(changed)
    if about_thread and not withdrawn:
        outcome.action = amend(session, app, ticket, message, mail, c, changed)
    if unplaced:
        fresh_own = own if ours else []
    elif readings:
        # The thread's request, when the mail's ask of it cannot be read exactly: asked about, never guessed.
        fresh_own = [name for name, r in readings.items() if r.problem is not None]
    else:
        fresh_own = [d for d in own if any(asks_of(request, d, thread_domain=thread_domain))]
    if others and not all(any(asks_of(request, d, thread_domain=thread_domain)) for d in others):
        # A domain that the mail asks nothing of is a request only when the registrar's own words name it ("the
        # same change for tax.gov.uk": a person looks); one named only in a subject the bot wrote is not.
        in_words = _in_words(app, mail)
        others = [d for d in others if any(asks_of(request, d, thread_domain=thread_domain)) or d in in_words]
    fresh = [*fresh_own, *others]
    if fresh:
        asked = narrowed(c, fresh, thread_domain=thread_domain, on=ticket.ref,
                         unplaced=f"it asks for records without naming which of {contexts.and_list(own)} they are "
                                  "for" if unplaced else None)
        opened = change_request(session, app, message, mail, asked, thread=ticket.ref)
        if about_thread:
            outcome.tickets += opened.tickets
            outcome.action += "+" + opened.action
        else:  # the mail is a new request, which the thread's ticket records
            outcome = opened
        tickets.link(session, ticket, message)
        made = "; ".join(f"{t.ref} ({t.kind}, {t.state}) for {', '.join(t.domains) or 'no domain'}"
                         for t in opened.tickets)
        tickets.note(session, app, ticket, "registrar_message", actor=mail.sender, message_pk=message.id,
                     reason=f"the registrar wrote on this thread about {', '.join(fresh)}, a request of its own: "
                            f"{made}",
                     data={"tickets": [t.ref for t in opened.tickets]})
        return outcome
    if about_thread:
        return outcome
    tickets.link(session, ticket, message)
    forward = unread_forward(mail.own_text, mail.subject, mail.headers, app.rules.zone)
    tickets.note(session, app, ticket, "registrar_message", actor=mail.sender, message_pk=message.id,
                 reason="the registrar wrote about the ticket" + (f', saying "{said}"' if said else "")
                 + (f"; it forwards a message from {forward}, not read as its request" if forward else ""))
    if said is not None:
        # Too late to withdraw: the change was made, or the request ended. A person must look at once.
        headline = f"The registrar says {ticket.ref} is not the change it asked for, and it is {ticket.state}"
    else:
        headline = f"The registrar wrote about {ticket.ref}"
    unread = [f"It forwards a message from {forward} that was not read as the registrar's request: its own words do "
              "not say to act on it, or say more of their own. Read it: it may ask for a change, and nothing was "
              "changed."] if forward else []
    notices.tell_operators(session, app, ticket, headline,
                           [f"From: {mail.sender}", f"Subject: {mail.subject}", *unread,
                            _their_words(mail)],
                           f"Read it with: mailbot messages show {message.id}")
    return outcome


def withdraw_phrase(mail: ParsedMail, rules) -> str | None:
    """The phrase of rules.yaml `registrar_replies.withdraw_phrases` that the registrar's own words hold (never
    the mail they quote, which is the bot's own "If this is not the change you asked for"), or None. A phrase
    that the words just before it deny ("nothing wrong", "no mistake", "please do not cancel") withdraws
    nothing: the reply is recorded and the operators read it, as any other."""
    said = " ".join(normalise(written(mail)).split())
    for phrase in rules.registrar_replies.withdraw_phrases:
        for found in re.finditer(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", said):
            if not _DENIED.search(said[:found.start()]):
                return phrase
    return None


# A denial in the three words before a phrase: "nothing wrong", "no mistake", "is not wrong", "do not cancel".
_DENIED = re.compile(r"(?<!\w)(?:no|not|nothing|never|without)(?:\W+\w+){0,2}\W*$")


def not_the_change(session: Session, app, ticket: Ticket, message: Message, mail: ParsedMail, said: str,
                   outcome: Outcome) -> Outcome:
    """The registrar says the change shown is not the one it asked for (or withdraws it): the request is
    withdrawn at once, failing safe, and the registrar told; the operators are told, and so are the lock contacts
    and GDS when they hold a confirmation of authorisation, which no longer counts (as after an amendment)."""
    tickets.link(session, ticket, message)
    was_verified = ticket.state in (State.AWAITING_CONFIRMATION, State.AUTHORISED)
    confirmed = ticket.state == State.AUTHORISED
    tickets.transition(session, app, ticket, Event.WITHDRAW, actor=mail.sender, message_pk=message.id,
                       reason=f'the registrar replied that this is not the change it asked for: it says "{said}"')
    notices.tell_registrar_outcome(session, app, ticket, "withdrawn")
    if was_verified:
        notices.void_confirmation(session, app, ticket, confirmed=confirmed, why="withdrawn")
    told = (["The security team and GDS have been told that the confirmation of authorisation no longer counts."]
            if was_verified else [])
    notices.tell_operators(
        session, app, ticket, f"{ticket.ref} was withdrawn: the registrar says it is not the change it asked for",
        [f"From: {mail.sender}", f'It says "{said}".', *told,
         _their_words(mail)],
        "Do not make the change. A new request from the registrar gets a new reference. Read the reply with: "
        f"mailbot messages show {message.id}")
    outcome.action = "withdrawn"
    return outcome


def _their_words(mail: ParsedMail) -> str:
    """The registrar's own words, quoted for the operators' notice."""
    return "What they wrote (the mail they quote left out):\n" + quoted_words(tuple(message_lines(mail.own_text)))


def _thread_domains(app, ticket: Ticket, mail: ParsedMail, request) -> tuple[list[str], list[str]]:
    """(the thread's own domains the mail asks about, the other domains it names). A reply's subject names the
    thread's domains ("Re: [RL-000001] ... for hmrc.gov.uk"): when the registrar's own words name other domains
    and none of those, the mail is about the others only, and what it asks for them never amends the thread's;
    when they name some of the thread's domains, it is about those."""
    own = [d for d in request.domains if d in ticket.domains]
    others = [d for d in request.domains if d not in ticket.domains]
    if own and (others or len(own) > 1):
        in_words = _in_words(app, mail)
        named = [d for d in own if d in in_words]
        own = named if named or others else own
    return own, others


def _in_words(app, mail: ParsedMail) -> set[str]:
    """The domains the registrar's own words name (not the subject, which answers the bot's own), and those of a
    message it forwards as its request (mailbot.parse.change_request.forwards.forwarded_request), whose words it makes
    its own."""
    forwarded = forwarded_request(mail.own_text, mail.subject, mail.headers, app.rules.zone)
    return set(named_domains(mail.text, app.rules.zone)) | set(find_domains(forwarded, app.rules.zone))


def _reply_problems(session, app, ticket: Ticket, mail: ParsedMail, check: TokenCheck) -> list[str]:
    problems = [] if check.ok else [check.problem]
    lock_contacts = {x.email for x in contexts.security_contacts(session, ticket)}
    if mail.sender not in lock_contacts:
        problems.append(f"{mail.sender or 'the sender'} is not a Registry Lock contact for {', '.join(ticket.domains)}")
    if INVISIBLE.search(own_words(mail.text)):
        # Bidirectional overrides and zero-width characters make text read other than it is (CVE-2021-42574).
        problems.append("its text holds invisible or direction-changing characters")
    asked = _last_verified_at(session, ticket) if mail.date is not None else None
    if asked is not None and mail.date < asked - REPLAY_SKEW:
        problems.append(f"it is dated {mail.date.isoformat()}, before the confirmation it would answer was asked "
                        "for: a replay of an earlier message")
    return problems


# Clocks differ: a reply may seem to be written a little before the mail it answers was sent.
REPLAY_SKEW = timedelta(minutes=15)


def _dmarc(app, mail: ParsedMail):
    """The From domain's DMARC policy (RFC 7489 6.6.3); a DNS failure is a temporary error, never a pass."""
    domain = mail.sender.partition("@")[2]
    try:
        return dmarc_policy(domain, app.dns)
    except DNSTemporaryError as e:
        raise TemporaryError(f"the DMARC policy of {domain} could not be looked up now: {e}") from None


def _last_verified_at(session: Session, ticket: Ticket):
    return session.scalar(_LAST_VERIFIED, {"ticket_id": ticket.id})


# Built once: making a statement costs more than running it.
_ANSWERED = select(OutboxItem.template).where(OutboxItem.message_id == bindparam("message_id"))
_LAST_VERIFIED = (select(HistoryEntry.at).where(HistoryEntry.ticket_id == bindparam("ticket_id"),
                                                HistoryEntry.kind == str(Event.CALL_VERIFIED))
                  .order_by(HistoryEntry.seq.desc()).limit(1))
