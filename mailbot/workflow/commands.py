"""Workflow: an operator's or GDS's command by email: checked, carried out by the same use cases as the
command line in the mail's own transaction, and answered with what was done or why nothing was.

A command counts only from an address on its allowlist (rules.yaml `commands`), whose domain is
authenticated (DKIM aligned with From, where `authentication.require_for` has `command`), in the sender's
own words (never quoted text) without invisible or direction-changing characters, with a reply token of the
ticket's current stage issued to the operators or GDS and not used before. The token is used up in the same
transaction as the change. Every refusal is recorded on the ticket and answered.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailbot.classify import Classification, own_words
from mailbot.errors import InputError, TemporaryError, TransitionRefused
from mailbot.parse.commands import INVISIBLE, Command, CommandError, NotACommand, read_command, visible
from mailbot.parse.mail import ParsedMail
from mailbot.policy.authentication import authenticate
from mailbot.services import Services
from mailbot.store import queries
from mailbot.store.models import Message, OutboxItem, Ticket
from mailbot.store.values import Kind, MailKind
from mailbot.tokens import check_token, consume_token, new_message_id, token_audience
from mailbot.workflow import contacts, contexts, lookalikes, membership, operators, tickets
from mailbot.workflow.accepted import accepted, is_accepted
from mailbot.workflow.notices import queue
from mailbot.workflow.states import Outcome

_ROLE_NAMES = {"operators": "the registry operators", "gds": "GDS"}


def act_on_command(session: Session, app: Services, message: Message, mail: ParsedMail, c: Classification) -> Outcome:
    ticket = c.ticket or queries.ticket_by_ref(session, c.ticket_ref, lock=True)
    tickets.link(session, ticket, message)
    sender = mail.sender
    roles = app.rules.commands.roles_of(sender)
    words = own_words(mail.own_text)  # never from a message it attaches or forwards
    required = "command" in app.rules.authentication.require_for
    auth = authenticate(message.raw, sender.partition("@")[2] if sender else None, dns=app.dns,
                        authserv_id=app.settings.authserv_id, limits=app.settings.limits)
    if auth.result == "temperror" and required:
        raise TemporaryError(f"sender authentication of {message.message_id} could not be checked now: {auth}")

    problems: list[str] = []
    if not roles:
        problems.append(f"{sender or 'its sender (no single From address)'} is not on the allowlist for commands "
                        "by email")
    if required and not auth.passed:
        problems.append(f"its sender is not authenticated (DKIM aligned with the From domain): {auth}")
    command, written = None, False
    if INVISIBLE.search(words):
        problems.append("its text holds invisible or direction-changing characters")
    else:
        try:
            command = read_command(words)
        except NotACommand as e:
            written = True  # a person writing, not a command: recorded, when everything else holds
            problems.append(str(e))
        except CommandError as e:
            problems.append(str(e))
    # The token's audience decides the role the sender acts in: GDS's mail is answered as GDS, the operators' as
    # the operators, whichever lists the sender is on.
    held = token_audience(session, c.token)
    may = [r for r in roles if command is None or r in command.roles]
    audience = held if held in may else (may or (list(command.roles) if command else roles) or ["operators"])[0]
    if command is not None and roles and not may:
        problems.append(f"{command.verb} is a command for {_ROLE_NAMES[command.roles[0]]}, and {sender} is not on "
                        "their allowlist")
    check = check_token(session, app, ticket, c.token, audience=audience, sender=sender, bind_to_recipients=False)
    if check.problem:
        problems.append(check.problem)
    person = app.rules.commands.person(sender)
    if command is not None and not problems:
        problems += _person_problems(sender, person, command)
        if not problems and not is_accepted(ticket, audience, command.verb, command.outcome):
            problems.append(_not_accepted(ticket, audience, command))
    line = visible(command.line if command else next(iter(words.splitlines()), ""))
    record = {"command": line, "authentication": str(auth), "token": check.as_data(), "address": sender}
    if written and len(problems) == 1:
        return _recorded(session, app, ticket, message, mail, sender, audience, check, record)
    if problems:
        # An outsider using the operators' token, or an allowlisted address that is not authenticated, may
        # be a forgery: recorded as suspicious. From a look-alike of a real domain it is an attack: GDS is told.
        disguised = lookalikes.lookalike_sender(session, app, mail)
        if disguised is not None:
            problems.insert(0, f"possible attack: the sender {disguised[0]} writes from a look-alike of {disguised[1]}")
            tickets.note(session, app, ticket, "possible_attack", actor="bot", reason=problems[0],
                         message_pk=message.id)
        suspicious = check.suspicious or not roles or (required and not auth.passed) or disguised is not None
        answered = audience if audience in roles else (roles or [None])[0]  # in a role of the sender's own
        return _refused(session, app, ticket, message, sender, answered, line, problems,
                        {**record, "suspicious": suspicious}, cc=[app.rules.addresses.gds] if disguised else [])

    actor = person or command.by
    savepoint = session.begin_nested()
    try:
        did = _carry_out(app, session, ticket, command, actor, audience)
    except (InputError, TransitionRefused) as e:
        # The use case said no: nothing of it stays, the token is not used, and the sender is told why.
        savepoint.rollback()
        return _refused(session, app, ticket, message, sender, audience, line, [str(e)],
                        {**record, "suspicious": False})
    savepoint.commit()
    consume_token(session, app, check, by=sender, used_for=command.verb, message_pk=message.id)
    tickets.note(session, app, ticket, "command_by_email", actor=actor, message_pk=message.id,
                 reason=f"{line}: {did}", data={**record, "person": actor, "role": audience})
    if not auth.passed:  # only where rules.yaml does not require it: carried out, and flagged
        tickets.note(session, app, ticket, "weak_sender_authentication", actor="bot", reason=str(auth),
                     data={"authentication": str(auth), "command": line})
    _answer(session, app, ticket, sender, audience, line, did=did, problems=[])
    return Outcome(MailKind.COMMAND, "done", [ticket])


def _person_problems(sender: str, person: str | None, command: Command) -> list[str]:
    """The person a command is recorded as: the allowlist's name for the address, or by=NAME from a shared
    mailbox. One line, for the answer, when neither holds."""
    by = command.by
    if by is None and person is None:
        return [f"{sender} is a shared mailbox: say who you are with by=NAME, as in "
                f"\"{command.verb}{' ' + command.outcome if command.outcome else ''} by=Sam Jones ...\""]
    if by is not None and (len(by) > 100 or not any(ch.isalpha() for ch in by) or "@" in by):
        return [f"by= must give a person's name, not {by[:100]!r}"]
    if by is not None and person is not None and by.casefold() != person.casefold():
        return [f"{sender} is {person}'s address, and by={by} names someone else"]
    return []


def _not_accepted(ticket: Ticket, role: str, command: Command) -> str:
    said = f"{command.verb}{' ' + command.outcome if command.outcome else ''}"
    listed = ", ".join(r.verb + (" " + "|".join(r.outcomes) if r.outcomes else "") for r in accepted(ticket, role))
    return (f"{said} is not accepted from {_ROLE_NAMES[role]} on a {ticket.kind} ticket that is {ticket.state}: "
            f"the commands accepted now are {listed}")


def _recorded(session: Session, app: Services, ticket: Ticket, message: Message, mail: ParsedMail, sender: str,
              role: str, check, record: dict) -> Outcome:
    """Words from an operator or GDS that are no command ("I confirm this change" answering GDS's copy of the
    confirmation): recorded on the ticket as they are, nothing changed, the token left unused; and answered
    with what the sender can reply."""
    answered = session.scalar(select(OutboxItem.template).where(
        OutboxItem.message_id == new_message_id(app.rules.addresses.bot, ticket.ref, check.token)))
    quoted = contexts.quoted_words(tuple(own_words(mail.own_text).splitlines()))
    tickets.note(session, app, ticket, "reply_recorded", actor=sender, message_pk=message.id,
                 reason="a reply that is no command, recorded as it is: nothing changed",
                 data={**record, "answered": answered, "words": quoted})
    queue(session, app, ticket, "reply_recorded", to=[sender], audience=role,
          context={"sender": sender, "answered": answered, "quoted": quoted, "role": role})
    return Outcome(MailKind.COMMAND, "recorded", [ticket])


def _carry_out(app: Services, session: Session, ticket: Ticket, command: Command, sender: str, role: str) -> str:
    """The use case the command line would call, as the person `sender`, and what it did, in words for the answer.
    A call GDS records, once the ticket is escalated to it, is recorded on the operators' behalf."""
    a, ref = command.args, ticket.ref
    if command.verb == "note":
        tickets.note(session, app, ticket, "note", actor=sender, reason=a["text"], data={"text": a["text"]})
        return "Your note was recorded on the ticket. Nothing else has changed."
    if command.verb == "call":
        operators.record_call(app, ref, outcome=command.outcome, contact=a["contact"],
                              operator=sender if role == "operators" else f"{sender} (GDS)",
                            phone=a.get("phone"), note_text=a.get("note"), within=session)
        return {"verified": "The call was recorded as verified: the security team and GDS have been sent the "
                            "confirmation of authorisation.",
                "refused": "The call was recorded as refused: the change is stopped, and the security team, GDS "
                           "and NCSC have been alerted.",
                "no-answer": "The call was recorded as not answered: the ticket waits for another call.",
                }[command.outcome]
    if command.verb == "applied":
        operators.applied(app, ref, operator=sender, within=session)
        return "The change was recorded as made: every nominated contact and the registrar are being told."
    if command.verb == "withdraw":
        operators.withdraw(app, ref, operator=sender, reason=a.get("reason"), within=session)
        return "The request was withdrawn: the registrar is being told."
    if ticket.kind == Kind.CONTACT_CHANGE and command.verb == "approve":
        contacts.approve(app, ref, operator=sender, within=session)
        return ("The contact change was approved: the old and the new Registry Lock contacts are being told, and "
                "the new ones sent the current records.")
    if ticket.kind == Kind.CONTACT_CHANGE:
        contacts.reject(app, ref, operator=sender, reason=a["reason"], within=session)
        return "The contact change was rejected: the requester is being told the reason."
    if ticket.kind not in (Kind.SIGNUP, Kind.CANCELLATION):
        raise TransitionRefused(f"{ref}: {command.verb} is for sign-ups, cancellations and contact changes, not "
                                f"{ticket.kind} tickets")
    if command.verb == "approve" and ticket.kind == Kind.SIGNUP:
        membership.approve_signup(app, ref, operator=sender, within=session)
        return "The sign-up was approved: its domains are locked, and its contacts are being sent the current records."
    if command.verb == "approve":
        membership.approve_cancellation(app, ref, operator=sender, within=session)
        return "The cancellation was approved: its domains are no longer locked, and the organisation is being told."
    membership.reject(app, ref, Kind(ticket.kind), operator=sender, reason=a["reason"], within=session)
    return f"The {ticket.kind} was rejected: the requester is being told the reason."


def _refused(session: Session, app: Services, ticket: Ticket, message: Message, sender: str | None, role: str | None,
             line: str, problems: list[str], data: dict, cc: list[str] = ()) -> Outcome:
    tickets.note(session, app, ticket, "command_refused", actor=sender or "unknown", message_pk=message.id,
                 reason="; ".join(problems), data=data)
    _answer(session, app, ticket, sender, role, line, did=None, problems=problems, cc=cc)
    return Outcome(MailKind.COMMAND, "refused", [ticket])


def _answer(session: Session, app: Services, ticket: Ticket, sender: str | None, role: str | None, line: str, *,
            did: str | None, problems: list[str], cc: list[str] = ()) -> None:
    """To the sender when it is on the allowlist (a forgery in its name reaches the real person); otherwise
    to the operators, so that nothing is ever said to an outsider. The answer carries a fresh token of the
    role's audience, to reply to with the next command, and lists the commands it accepts."""
    queue(session, app, ticket, "command_result", to=[sender] if role else app.rules.addresses.operators,
          cc=cc, audience=role or "operators",
          context={"sender": sender or "(no single From address)", "command": line or None,
                   "done": did is not None, "did": did, "problems": problems})
