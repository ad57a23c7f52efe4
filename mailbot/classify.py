"""Classify: which kind of mail is this, and why; the reason is recorded on the ticket it leads to."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from mailbot.parse.change_request.asks import ChangeRequest
from mailbot.parse.change_request.reader import extract_change
from mailbot.parse.commands import command_word
from mailbot.parse.forms import FormResult, read_form
from mailbot.parse.mail import ParsedMail
from mailbot.parse.own_words import own_words
from mailbot.policy import intent
from mailbot.policy.automatic import automatic_reason, list_id, list_reason, own_list_post, program_order
from mailbot.policy.lookalike import lookalike_of
from mailbot.store import queries, records
from mailbot.store.models import Registrar, Ticket
from mailbot.store.rows import Rows
from mailbot.store.values import MailKind
from mailbot.tokens import LOOP_HEADER, found_tokens, token_audience

_SUBJECT_REF = re.compile(r"\[(RL-\d{6})\]", re.I)


@dataclass(frozen=True)
class Classification:
    kind: MailKind
    reason: str
    ticket_ref: str | None = None
    ticket: Ticket | None = None  # a reply's ticket, locked for the workflow that acts on it
    token: str | None = None
    registrar: Registrar | None = None
    request: ChangeRequest | None = None
    form: FormResult | None = None
    suspicious: bool = False  # a possible attack (a look-alike domain): GDS is told as well
    command: bool = False  # a reply that is an operator's or GDS's command (mailbot.workflow.commands)
    # Why the sender gets no automatic answer: a program sent the request (policy.automatic.program_order).
    unanswered: str | None = None


def classify(session: Session, rules, mail: ParsedMail) -> Classification:
    if mail.over_limit is not None:
        # Over a limit, it was not read (only its top headers were): nothing in it counts, a person looks at it.
        return Classification(MailKind.OVER_LIMIT, mail.over_limit)
    bot = rules.addresses.bot
    if mail.sender == bot or mail.headers.get(LOOP_HEADER.lower(), "").strip().lower() == bot:
        return Classification(MailKind.LOOP, "the bot's own mail came back to it")
    automatic = automatic_reason(mail)
    listed = list_reason(mail) if automatic is None else None
    if listed is not None and not (own_list_post(mail) and _a_registrar_s_own(session, bot, mail)):
        automatic = listed
    unanswered = program_order(mail)
    if unanswered is not None and not _a_registrar_s_own(session, bot, mail):
        unanswered = None
    if unanswered is not None:
        automatic = None  # a registrar's order system: read as its request, never answered
    if automatic is not None:
        # Recorded on its ticket, or shown to a person; never answered, never taken as a request or a reply.
        return Classification(MailKind.AUTOMATIC, automatic, ticket_ref=_ticket_of(session, bot, mail))

    # A token (in the plus-address or the Message-ID replied to) ties the mail to a ticket.
    for ref, token in found_tokens(bot, mail.recipients, mail.in_reply_to + mail.references):
        if (ticket := queries.locked_ticket(session, ref)) is not None:
            return _reply(session, rules, mail, ticket, token, "carries the reply token of ticket " + ref)
    # A subject tag alone ties it to a ticket for the record, but never carries authority.
    for ref in _SUBJECT_REF.findall(mail.subject):
        if (ticket := queries.locked_ticket(session, ref)) is not None:
            return _reply(session, rules, mail, ticket, None, f"names [{ref.upper()}] in its subject")

    registrar = records.registrar_for_address(session, mail.sender)
    if registrar is None and mail.sender and (
            real := lookalike_of(mail.sender.partition("@")[2],
                                 records.known_mail_domains(session, rules.addresses.ours))):
        return Classification(MailKind.TRIAGE, f"possible attack: the sender {mail.sender} writes from a look-alike "
                                               f"of {real}", suspicious=True)
    if registrar is None:
        # A sign-up or cancellation form, from anyone but a registrar: GDS checks the person first.
        form = form_held(mail, rules.zone)
        if form.kind is not None:
            return Classification(MailKind(form.kind), f"a {form.kind} form from {mail.sender or 'an unknown sender'}",
                                  form=form)
        who = mail.sender or "no single sender address"
        return Classification(MailKind.TRIAGE, f"from {who}, which is not a known registrar address")
    request = change_asked(mail, rules.zone)
    if not request.domains:
        return Classification(MailKind.TRIAGE, f"from {registrar.name}, but names no .{rules.zone} domain",
                              registrar=registrar, request=request, unanswered=unanswered)
    through = f" through its own mailing list {list_id(mail)}".rstrip() if listed else \
        f", sent by a program ({unanswered})" if unanswered else ""
    return Classification(MailKind.CHANGE,
                          f"from {registrar.name} ({mail.sender}){through}, naming {', '.join(request.domains)}",
                          registrar=registrar, request=request, unanswered=unanswered)


def _a_registrar_s_own(session, bot: str, mail: ParsedMail) -> bool:
    """Mail from a registrar's address of record on no ticket's thread, which the classifier reads as its request
    although it has a mark of a list or a program: posted to the registrar's own team list
    (policy.automatic.own_list_post), or its order system's order (policy.automatic.program_order). Answers to a list
    post go to that address, as to any request from it, and carry Auto-Submitted, so the list's copy of them is never
    answered in turn; an order is never answered automatically. Every other such mail stays automatic: on a ticket's
    thread nothing is taken from a copy a list has rewritten (its footer and subject tag break the writer's DKIM
    signature, RFC 6377) nor from a program; mail from anyone else is nobody's request to us."""
    return records.registrar_for_address(session, mail.sender) is not None and _ticket_of(session, bot, mail) is None


def change_asked(mail: ParsedMail, zone: str) -> ChangeRequest:
    """The change the mail asks for, as the parser process read it for this zone, or read now."""
    if mail.change is not None and mail.read_for_zone == zone:
        return mail.change
    return extract_change(mail.subject, mail.text, mail.headers, zone=zone, attached=mail.attached,
                          forwarded_attached=mail.forwarded_attached)


def form_held(mail: ParsedMail, zone: str) -> FormResult:
    """The form the mail holds, as the parser process read it for this zone, or read now."""
    if mail.form is not None and mail.read_for_zone == zone:
        return mail.form
    return read_form(mail.subject, mail.text, mail.sender, zone=zone)


def _ticket_of(session, bot: str, mail: ParsedMail) -> str | None:
    refs = [ref for ref, _ in found_tokens(bot, mail.recipients, mail.in_reply_to + mail.references)]
    refs += [ref.upper() for ref in _SUBJECT_REF.findall(mail.subject)]
    # Only whether it exists: a bounce may be recorded on another ticket, and only that one is locked.
    # Tickets are written as rows as they are made (tickets.new_ticket): the database has every one.
    return next((ref for ref in refs if _EXISTS.run(session, {"ref": ref.upper()}).fetchone() is not None), None)


# Built once: making a statement costs more than running it.
_EXISTS = Rows(select(Ticket.id).where(Ticket.ref == bindparam("ref")))


def _reply(session, rules, mail: ParsedMail, ticket: Ticket, token: str | None, reason: str) -> Classification:
    if _is_command(session, rules, mail, token):
        return Classification(MailKind.REPLY, f"a command: it {reason}", ticket_ref=ticket.ref, ticket=ticket,
                              token=token, command=True)
    registrar = records.registrar_for_address(session, mail.sender)
    request = change_asked(mail, rules.zone) if registrar else None
    return Classification(MailKind.REPLY, reason, ticket_ref=ticket.ref, ticket=ticket, token=token,
                          registrar=registrar, request=request)


def _is_command(session, rules, mail: ParsedMail, token: str | None) -> bool:
    """From an address on a command allowlist; or starting with a command word and carrying a token
    issued to the operators or GDS, so that an outsider's attempt is refused and recorded as a command."""
    if rules.commands.roles_of(mail.sender):
        return True
    return command_word(own_words(mail.text)) is not None and token_audience(session, token) in ("operators", "gds")


def read_intent(text: str, replies) -> str | None:
    """"dispute", "confirm" or None (unclear), from a reply's own words, by the rule that fails safe
    (mailbot.policy.intent): a dispute wins, and a confirmation is only one that nothing negates, doubts,
    questions or conditions."""
    return intent.read(text, replies).intent
