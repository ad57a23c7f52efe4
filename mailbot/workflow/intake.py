"""Workflow: acts on a classified incoming message: opens, amends or answers tickets; triage when in doubt."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from dataclasses import dataclass, field

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from mailbot.classify import Classification, own_words, read_intent
from mailbot.errors import TemporaryError, TransitionRefused
from mailbot.policy.authentication import authenticate
from mailbot.outbox.compose import enqueue
from mailbot.parse import ParsedMail, own_text
from mailbot.policy.lookalike import lookalike_of, unicode_name
from mailbot.store import queries
from mailbot.store.models import Domain, Message, Registrar, Ticket
from mailbot.store.models import Event as HistoryEvent
from mailbot.commands import INVISIBLE
from mailbot.policy.authentication import DNSTemporaryError
from mailbot.policy.dmarc import dmarc_policy
from mailbot.tokens import TokenCheck, check_token, consume_token
from mailbot.workflow import membership, message_ids, records, service
from mailbot.workflow.states import Event, Kind, State


@dataclass
class Outcome:
    kind: str
    action: str
    tickets: list[Ticket] = field(default_factory=list)


def act(session: Session, app, message: Message, mail: ParsedMail, c: Classification) -> Outcome:
    if c.kind == "over_limit":
        # Stored, not read: nothing in it is taken as a request or a reply, and a person looks at it.
        message.error = c.reason
        return Outcome("over_limit", "triaged", [triage(session, app, message, f"the message is {c.reason}; it "
                                                                               "is stored but was not read")])
    outcome = _act(session, app, message, mail, c)
    flag = message_ids.flag_of(session, message)
    if flag is not None:
        for ticket in outcome.tickets:
            message_ids.record(session, app, ticket, message, flag, tell=True)
    return outcome


def _act(session: Session, app, message: Message, mail: ParsedMail, c: Classification) -> Outcome:
    if c.kind == "loop":
        return Outcome("loop", "ignored")
    if c.kind == "automatic":
        bounced = bounce(session, app, message, mail)
        if bounced is not None:
            return bounced
        if c.ticket_ref is None:
            # Nobody is answered; a person looks at it (an automated request, a stray bounce).
            ticket = triage(session, app, message, f"automatic mail: {c.reason}")
            return Outcome("automatic", "triaged", [ticket])
        ticket = queries.ticket_by_ref(session, c.ticket_ref, lock=True)
        service.link(session, ticket, message)
        service.note(session, app, ticket, "automatic_message", actor=mail.sender or "unknown", message_pk=message.id,
                     reason=f"automatic mail, recorded and not acted on: {c.reason}")
        return Outcome("automatic", "recorded", [ticket])
    if c.kind == "triage":
        return Outcome("triage", "triaged", [triage(session, app, message, c.reason,
                                                    c.request.domains if c.request else [], alert_gds=c.suspicious)])
    if c.kind == "reply":
        return reply(session, app, message, mail, c)
    if c.kind == "signup":
        ticket = membership.open_signup(session, app, message, mail.sender, c.form)
        return Outcome("signup", "opened" if ticket.state == State.AWAITING_REVIEW else "refused", [ticket])
    if c.kind == "cancellation":
        ticket = membership.open_cancellation(session, app, message, mail.sender, c.form)
        return Outcome("cancellation", "opened" if ticket.state == State.AWAITING_REVIEW else "refused", [ticket])
    return change_request(session, app, message, mail, c)


def bounce(session: Session, app, message: Message, mail: ParsedMail) -> Outcome | None:
    """A delivery status report about mail the bot sent: recorded on that ticket; where a Registry Lock
    contact or a confirmation of authorisation bounced, the operators and GDS are told that the contact
    cannot be reached by email. The ticket's state never changes for a bounce."""
    from mailbot.store.models import OutboxItem

    report = mail.bounce  # read by the parser process, within the limits and the time limit
    if report is None or not report.message_id:
        return None
    item = session.scalar(select(OutboxItem).where(OutboxItem.message_id == report.message_id))
    if item is None or item.ticket_id is None:
        return None
    # Locked, and read under the lock (item.ticket would be read without it, and may be out of date on PostgreSQL).
    ticket = session.scalar(select(Ticket).where(Ticket.id == item.ticket_id).with_for_update()
                            .execution_options(populate_existing=True))
    service.link(session, ticket, message)
    what = "failed for " + ", ".join(report.failed) if report.failed else "delayed for " + ", ".join(report.delayed)
    service.note(session, app, ticket, "bounce", actor=mail.sender or "mail system", message_pk=message.id,
                 reason=f"{item.template} ({item.message_id}): delivery {what}",
                 data={"outbox": item.id, "failed": list(report.failed), "delayed": list(report.delayed)})
    lock_contacts = {c.email for c in service.security_contacts(session, ticket)}
    unreachable = [r for r in report.failed if r in lock_contacts or item.template == "confirmation_of_authorisation"]
    if unreachable:
        a = app.rules.addresses
        enqueue(session, app, ticket, "operator_notice", to=a.operators, cc=[a.gds], audience="operators",
                context={"headline": f"A Registry Lock contact for {', '.join(ticket.domains)} cannot be reached by email",
                         "details": [f"{item.template} to {', '.join(unreachable)} bounced.",
                                     f"The mail system said: {mail.subject or '(no subject)'}"],
                         "next_step": "Phone the contact on the number on record, and ask the organisation to "
                                      "correct the address.",
                         "change": service.change_context(ticket) if ticket.domain else None,
                         "registrar": service.registrar_context(ticket)})
    return Outcome("automatic", "bounce", [ticket])


def triage(session: Session, app, message: Message | None, reason: str, domains=(), *,
           alert_gds: bool = False) -> Ticket:
    """A ticket for a person; with `alert_gds` (a possible attack), GDS is told as well as the operators."""
    ticket = service.new_ticket(session, app, Kind.TRIAGE, Event.OPEN_TRIAGE, actor="bot", reason=reason,
                                message=message, domains=list(domains),
                                requester=message.from_addr if message is not None else None)
    if alert_gds:
        service.note(session, app, ticket, "possible_attack", actor="bot", reason=reason)
    flag = message_ids.flag_of(session, message) if message is not None else None
    if flag is not None:  # told in the notice itself
        message_ids.record(session, app, ticket, message, flag, tell=False)
        reason = f"{reason}. Also, {flag.reason}"
    enqueue(session, app, ticket, "triage_notice", to=app.rules.addresses.operators,
            cc=[app.rules.addresses.gds] if alert_gds else [], audience="operators",
            context={"reason": reason, "request": service.request_context(app, message)})
    return ticket


def _digest(domain: str, change: dict) -> str:
    canonical = json.dumps({"domain": domain, "change": change}, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _change_of(c: Classification) -> dict:
    return {f: list(v) for f, v in c.request.changes.items()}


def change_request(session: Session, app, message: Message, mail: ParsedMail, c: Classification) -> Outcome:
    outcome = Outcome("change", "opened")
    unknown, unclear, actions = [], [], []
    for name in c.request.domains:
        domain = records.domain_by_name(session, name)
        if domain is None:
            unknown.append(name)
        elif not domain.locked:
            outcome.tickets.append(pass_on(session, app, message, mail, c, domain))
            actions.append("passed_on")
        elif not c.request.changes:
            unclear.append(name)
        elif (existing := queries.open_change_ticket(session, domain, c.registrar)) is not None:
            actions.append(amend(session, app, existing, message, mail, c))
            outcome.tickets.append(existing)
        else:
            outcome.tickets.append(open_change(session, app, message, mail, c, domain))
            actions.append("opened")
    if unknown:
        known = records.known_mail_domains(session)
        disguised = {name: real for name in unknown if (real := lookalike_of(name, known))}
        if disguised:
            reason = f"possible attack: from {c.registrar.name}: " + "; ".join(
                f"{unicode_name(name)} ({name}) looks like {real}" for name, real in disguised.items())
        else:
            reason = f"from {c.registrar.name}: {', '.join(unknown)} is not in the registry records"
        outcome.tickets.append(triage(session, app, message, reason, unknown, alert_gds=bool(disguised)))
        actions.append("triaged")
    if unclear:
        reason = f"from {c.registrar.name}: cannot tell what is to change for {', '.join(unclear)}"
        outcome.tickets.append(triage(session, app, message, reason, unclear))
        actions.append("triaged")
    outcome.action = actions[0] if len(set(actions)) == 1 else "+".join(dict.fromkeys(actions))
    if all(t.kind == Kind.TRIAGE for t in outcome.tickets):
        outcome.kind = "triage"
    return outcome


def _change_fields(c: Classification, domain: Domain, mail: ParsedMail, registrar: Registrar) -> dict:
    change = _change_of(c)
    return {"domain": domain, "organisation_id": domain.organisation_id, "registrar": registrar,
            "requester": mail.sender, "change": change, "change_digest": _digest(domain.name, change),
            "urgent": c.request.urgent}


def open_change(session, app, message, mail, c, domain: Domain) -> Ticket:
    ticket = service.new_ticket(session, app, Kind.CHANGE, Event.OPEN, actor=mail.sender or "unknown",
                                reason=c.reason, message=message, domains=[domain.name],
                                **_change_fields(c, domain, mail, c.registrar))
    if domain.registrar_id is not None and domain.registrar_id != c.registrar.id:
        # Not the registrar of record: the operators should know before they phone.
        service.note(session, app, ticket, "registrar_not_of_record", actor="bot",
                     reason=f"{c.registrar.name} is not the registrar of record for {domain.name}")
    service.send_task(session, app, ticket, message, amended=False)
    return ticket


def pass_on(session, app, message, mail, c, domain: Domain) -> Ticket:
    ticket = service.new_ticket(session, app, Kind.CHANGE, Event.PASS_ON, actor="bot",
                                reason=f"{domain.name} is not in the Registry Lock service", message=message,
                                domains=[domain.name], **_change_fields(c, domain, mail, c.registrar))
    enqueue(session, app, ticket, "passed_on", to=[app.rules.addresses.registry_queue], audience="queue",
            context={"domain": domain.name, "request": service.request_context(app, message),
                     "change": service.change_context(ticket), "registrar": {"name": c.registrar.name}},
            attach=message.raw)
    return ticket


def amend(session, app, ticket: Ticket, message, mail, c) -> str:
    """The registrar wrote again about an open request: a different change must be verified again."""
    service.link(session, ticket, message)
    change = _change_of(c)
    digest = _digest(ticket.domain.name, change)
    if not change or digest == ticket.change_digest:
        service.note(session, app, ticket, "registrar_message", actor=mail.sender or "unknown",
                     reason="the registrar wrote again; the request is unchanged", message_pk=message.id)
        return "recorded"
    ticket.urgent = ticket.urgent or c.request.urgent
    # Verified by phone: the lock contacts and GDS hold a confirmation of authorisation for the old request.
    was_verified = ticket.state in (State.AWAITING_CONFIRMATION, State.AUTHORISED)
    confirmed = ticket.state == State.AUTHORISED
    service.transition(session, app, ticket, Event.AMEND, actor=mail.sender or "unknown",
                       reason="the registrar amended the request: it must be verified again",
                       data={"before": ticket.change, "after": change}, message_pk=message.id)
    ticket.change, ticket.change_digest, ticket.verified_digest = change, digest, None
    ticket.stage += 1  # every token issued for the old request stops counting
    service.send_task(session, app, ticket, message, amended=True)
    if was_verified:
        # Told at once, so that nobody acts on, or answers, a confirmation that no longer counts.
        service.void_confirmation(session, app, ticket, confirmed=confirmed)
    return "amended"


def reply(session: Session, app, message: Message, mail: ParsedMail, c: Classification) -> Outcome:
    if c.command:
        from mailbot.workflow.commands import act_on_command  # it builds on this module's Outcome

        return act_on_command(session, app, message, mail, c)
    ticket = c.ticket or queries.ticket_by_ref(session, c.ticket_ref, lock=True)
    outcome = Outcome("reply", "recorded", [ticket])
    if c.registrar is not None:
        return registrar_reply(session, app, ticket, message, mail, c, outcome)
    service.link(session, ticket, message)
    if ticket.kind in (Kind.SIGNUP, Kind.CANCELLATION, Kind.TRIAGE):
        # Sign-ups and cancellations are GDS's to review; a person reads what is said about them.
        service.note(session, app, ticket, "message", actor=mail.sender or "unknown", message_pk=message.id,
                     reason=f"a message about the {ticket.kind} ticket")
        service.tell_operators(session, app, ticket, f"A message about {ticket.ref}",
                               [f"From: {mail.sender or '(no single sender)'}", f"Subject: {mail.subject}"],
                               f"Read it with: mailbot messages show {message.id}",
                               to=[app.rules.addresses.gds] if ticket.kind != Kind.TRIAGE else None)
        return outcome

    # Read from the sender's own words: what the reply attaches or forwards is content, never a confirmation.
    intent = read_intent(own_text(message.raw), app.rules.replies)
    auth = authenticate(message.raw, mail.sender.partition("@")[2] if mail.sender else None, dns=app.dns,
                        authserv_id=app.settings.authserv_id)
    if auth.result == "temperror" and intent in app.rules.authentication.require_for:
        raise TemporaryError(f"sender authentication of {message.message_id} could not be checked now: {auth}")
    check = check_token(session, app, ticket, c.token, audience="security", sender=mail.sender, intent=intent)
    problems = _reply_problems(session, app, ticket, mail, check)
    if intent in app.rules.authentication.require_for and not auth.passed:
        problems.append(f"its sender is not authenticated (DKIM aligned with the From domain): {auth}")
    authenticated = {"authentication": str(auth)}
    # A look-alike is never a lock contact, so only a reply already refused needs the records' mail domains.
    disguised = _lookalike_sender(session, mail) if problems else None
    if disguised is not None:
        # The ticket's mail reached a look-alike of a real domain: an attack in progress, whatever the token.
        problems.insert(0, f"possible attack: the sender {disguised[0]} writes from a look-alike of {disguised[1]}")
    if problems:
        # A token from another ticket, an earlier stage or another audience, forged or already used: someone
        # holds what they should not, and the record says so.
        suspicious = check.suspicious or disguised is not None
        service.note(session, app, ticket, "reply_not_accepted", actor=mail.sender or "unknown",
                     reason="; ".join(problems), message_pk=message.id,
                     data={"intent": intent, **authenticated, "suspicious": suspicious, "token": check.as_data()})
        if disguised is not None:
            service.note(session, app, ticket, "possible_attack", actor="bot", reason=problems[0],
                         message_pk=message.id)
        headline = (f"A suspicious reply to {ticket.ref} was refused: a possible attack from a look-alike of "
                    f"{disguised[1]}" if disguised is not None
                    else f"A reply to {ticket.ref} disputes the change but could not be verified" if intent == "dispute"
                    else f"A suspicious reply to {ticket.ref} was refused" if suspicious
                    else f"A reply to {ticket.ref} was not accepted")
        service.tell_operators(session, app, ticket, headline,
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
            service.transition(session, app, ticket, Event.DISPUTE, actor=mail.sender, data=authenticated,
                               reason="the security team says the change was not authorised", message_pk=message.id)
            consume_token(session, app, check, by=mail.sender, used_for="dispute", message_pk=message.id)
            service.raise_dispute(session, app, ticket, source="reply", by=mail.sender, note_text=None, call=None)
            outcome.action = "disputed"
            return outcome
        if intent == "confirm":
            if ticket.verified_digest != ticket.change_digest:
                raise TransitionRefused(f"{ticket.ref}: the phone verification was for another version of the request")
            dmarc = _dmarc(app, mail) if auth.passed else None
            service.transition(session, app, ticket, Event.CONFIRM, actor=mail.sender,
                               data={**authenticated, "dmarc": dmarc.as_data() if dmarc else None},
                               reason="the security team confirmed the authorisation in writing", message_pk=message.id)
            consume_token(session, app, check, by=mail.sender, used_for="confirm", message_pk=message.id)
            weakness = str(auth) if not auth.passed else str(dmarc) if dmarc.weak else None
            weak = [] if weakness is None else [f"Weak sender authentication: {weakness}. Phone the security contact "
                                                "on the number on record before making the change."]
            if weakness is not None:
                service.note(session, app, ticket, "weak_sender_authentication", actor="bot", reason=weakness,
                             data={"authentication": str(auth), "dmarc": dmarc.as_data() if dmarc else None})
            service.tell_operators(session, app, ticket, f"The security team confirmed the change to {ticket.domains[0]}",
                                   [f"Confirmed by {mail.sender}", f"Sender authentication: {auth}",
                                    *([f"DMARC: {dmarc}"] if dmarc else []), *weak],
                                   f"Make the change, then record it: mailbot applied {ticket.ref} --operator NAME")
            outcome.action = "confirmed"
            return outcome
    except TransitionRefused as e:
        service.note(session, app, ticket, "reply_recorded", actor=mail.sender, reason=str(e),
                     data={"intent": intent}, message_pk=message.id)
        return outcome
    service.note(session, app, ticket, "reply_unclear", actor=mail.sender, message_pk=message.id,
                 reason="a reply from the security team that neither confirms nor disputes")
    service.tell_operators(session, app, ticket, f"The security team replied about {ticket.ref}",
                           [f"From: {mail.sender}", "The reply neither confirms nor disputes the change."],
                           f"Read it with: mailbot messages show {message.id}")
    return outcome


def also_confirmed(session: Session, app, ticket: Ticket, message: Message, mail: ParsedMail, check: TokenCheck,
                   authenticated: dict, outcome: Outcome) -> Outcome:
    """Another lock contact confirmed with the token that the first confirmation used: the confirmation of
    authorisation goes to all of them at once, so this is expected, not a replay. It is recorded; it
    authorises nothing more, and nobody is alarmed."""
    service.note(session, app, ticket, "also_confirmed", actor=mail.sender, message_pk=message.id,
                 reason=f"also confirmed by {mail.sender}", data={**authenticated, "token": check.as_data()})
    if ticket.state not in (State.AUTHORISED, State.COMPLETED):
        # Stopped meanwhile (a dispute, a refused call, withdrawn): whoever handles it should know.
        headline = f"{mail.sender} also confirmed the change to {ticket.domains[0]}, which is {ticket.state}"
        service.tell_operators(session, app, ticket, headline,
                               [f"The ticket stays {ticket.state}: a confirmation does not undo that."],
                               f"Read it with: mailbot messages show {message.id}")
    return outcome


def _lookalike_sender(session: Session, mail: ParsedMail) -> tuple[str, str] | None:
    """(the From address, the known domain it imitates) when a From address is written from a look-alike of a
    domain in the records. Every address in From is looked at, even one that carries no authority: this
    raises an alarm, it grants nothing."""
    known = records.known_mail_domains(session)
    for address in dict.fromkeys([*([mail.sender] if mail.sender else []), *(a for _, a in mail.from_addrs)]):
        domain = address.rpartition("@")[2]
        if domain and (real := lookalike_of(domain, known)):
            return address, real
    return None


def registrar_reply(session, app, ticket: Ticket, message, mail, c: Classification, outcome: Outcome) -> Outcome:
    """A registrar wrote on a ticket's thread: an amendment of its open request, a new request, or a note."""
    request = c.request
    about_this = not request.domains or ticket.domains[0] in request.domains
    is_open = ticket.state in (State.AWAITING_VERIFICATION, State.AWAITING_CONFIRMATION, State.AUTHORISED)
    if ticket.kind == Kind.CHANGE and c.registrar.id == ticket.registrar_id and is_open and about_this \
            and request.changes:
        outcome.action = amend(session, app, ticket, message, mail, c)
        return outcome
    if request.domains and request.changes and not (is_open and about_this):
        # A new request written as a reply to an old thread is still a new request.
        return change_request(session, app, message, mail, c)
    service.link(session, ticket, message)
    service.note(session, app, ticket, "registrar_message", actor=mail.sender, message_pk=message.id,
                 reason="the registrar wrote about the ticket")
    service.tell_operators(session, app, ticket, f"The registrar wrote about {ticket.ref}",
                           [f"From: {mail.sender}", f"Subject: {mail.subject}"],
                           f"Read it with: mailbot messages show {message.id}")
    return outcome


def _reply_problems(session, app, ticket: Ticket, mail: ParsedMail, check: TokenCheck) -> list[str]:
    problems = [] if check.ok else [check.problem]
    lock_contacts = {x.email for x in service.security_contacts(session, ticket)}
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
_LAST_VERIFIED = (select(HistoryEvent.at).where(HistoryEvent.ticket_id == bindparam("ticket_id"),
                                                HistoryEvent.kind == str(Event.CALL_VERIFIED))
                  .order_by(HistoryEvent.seq.desc()).limit(1))
