"""Workflow: a reply on a ticket's thread: a command, a lock contact's confirmation or dispute (with its token,
authentication and checks), or a registrar writing again (workflow.registrar_replies)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from mailbot.classify import Classification, own_words
from mailbot.errors import TemporaryError, TransitionRefused
from mailbot.parse.commands import INVISIBLE
from mailbot.parse.mail import ParsedMail
from mailbot.policy.authentication import Authentication, DNSTemporaryError, authenticate
from mailbot.policy.dmarc import dmarc_policy
from mailbot.policy.intent import Reading
from mailbot.policy.intent import read as read_reply
from mailbot.services import Services
from mailbot.store import queries
from mailbot.store.models import HistoryEntry, Message, OutboxItem, Ticket
from mailbot.store.values import Kind, MailKind, State
from mailbot.tokens import TokenCheck, check_token, consume_token, new_message_id
from mailbot.workflow import contacts, contexts, lookalikes, membership, notices, originals, tickets
from mailbot.workflow.commands import act_on_command
from mailbot.workflow.contexts import quoted_words
from mailbot.workflow.registrar_replies import registrar_reply
from mailbot.workflow.states import Event, Outcome


def reply(session: Session, app: Services, message: Message, mail: ParsedMail, c: Classification) -> Outcome:
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
        notices.tell_operators(session, app, ticket, f"A message about {ticket.ref}", [],
                               about=originals.original(app, message, mail))
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
                               ["It was not accepted because:", *problems],
                               "If in doubt, phone the security contact on the number on record.",
                               cc=[app.rules.addresses.gds] if disguised is not None else [],
                               about=originals.original(app, message, mail, auth=auth))
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
                                   f"Make the change, then record it: mailbot applied {ticket.ref} --operator NAME",
                                   about=originals.original(app, message, mail, auth=auth))
            outcome.action = "confirmed"
            return outcome
    except TransitionRefused as e:
        tickets.note(session, app, ticket, "reply_recorded", actor=mail.sender, reason=str(e),
                     data={"intent": intent}, message_pk=message.id)
        return outcome
    return _unclear(session, app, ticket, message, mail, reading, auth, outcome)


def membership_reply(session: Session, app: Services, ticket: Ticket, message: Message, mail: ParsedMail,
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
        session, app, ticket, headline, [f"The sender is {who}."],
        "Phone the organisation on a number you found yourself if in doubt.", to=[app.rules.addresses.gds],
        about=originals.original(app, message, mail, auth=auth))
    return outcome


def _unclear(session: Session, app: Services, ticket: Ticket, message: Message, mail: ParsedMail, reading: Reading,
             auth: Authentication, outcome: Outcome) -> Outcome:
    """A reply from the security team that neither confirms nor disputes, as the reader fails safe: no authority is
    taken and the token stays unused. It is recorded, and the operators are shown the words the bot read, so
    that they can see at once what was meant and phone when in doubt."""
    words = quoted_words(reading.words)
    tickets.note(session, app, ticket, "reply_unclear", actor=mail.sender, message_pk=message.id,
                 reason=f"a reply from the security team that neither confirms nor disputes: {reading.reason}",
                 data={"authentication": str(auth), "words": words})
    state = str(ticket.state).replace("_", " ")
    notices.tell_operators(
        session, app, ticket, f"The security team replied about {ticket.ref}, but did not clearly confirm",
        [f"The reply neither confirms nor disputes the change: {reading.reason}. No authority was taken: the "
         f"ticket stays {state}."],
        "Phone the security contact on the number on record and ask what they meant. A reply to the "
        "confirmation of authorisation that plainly confirms still counts.",
        about=originals.original(app, message, mail, auth=auth))
    return outcome


def also_confirmed(session: Session, app: Services, ticket: Ticket, message: Message, mail: ParsedMail,
                   check: TokenCheck, authenticated: dict, outcome: Outcome) -> Outcome:
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
                               about=originals.original(app, message, mail))
    return outcome


def _reply_problems(session, app: Services, ticket: Ticket, mail: ParsedMail, check: TokenCheck) -> list[str]:
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


def _dmarc(app: Services, mail: ParsedMail):
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
