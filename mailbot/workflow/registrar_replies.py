"""Workflow: a registrar writing again on a ticket's thread: recorded and the operators told, always; a reply saying
it is not the change asked for withdraws the open change request; what it asks for the thread's domain amends it
when read exactly; anything else it names is a request of its own."""

from __future__ import annotations

import re

from sqlalchemy.orm import Session

from mailbot.classify import Classification
from mailbot.parse.change_request.forwards import forwarded_request, named_domains, unread_forward
from mailbot.parse.change_request.names import find_domains
from mailbot.parse.mail import ParsedMail
from mailbot.policy.intent import normalise
from mailbot.services import Services
from mailbot.store import records
from mailbot.store.models import Message, Ticket
from mailbot.store.values import Kind, State
from mailbot.workflow import contexts, notices, originals, tickets
from mailbot.workflow.changes import amend, asks_of, change_request, narrowed, read, requested, written
from mailbot.workflow.states import Event, Outcome

# A change request the registrar may still amend or withdraw: not yet made, nor ended.
OPEN_CHANGE = (State.AWAITING_VERIFICATION, State.AWAITING_CONFIRMATION, State.AUTHORISED)


def registrar_reply(session, app: Services, ticket: Ticket, message, mail, c: Classification,
                    outcome: Outcome) -> Outcome:
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
    notices.tell_operators(session, app, ticket, headline, unread, about=originals.original(app, message, mail))
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


def not_the_change(session: Session, app: Services, ticket: Ticket, message: Message, mail: ParsedMail, said: str,
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
        [f'It says "{said}".', *told],
        "Do not make the change. A new request from the registrar gets a new reference.",
        about=originals.original(app, message, mail))
    outcome.action = "withdrawn"
    return outcome


def _thread_domains(app: Services, ticket: Ticket, mail: ParsedMail, request) -> tuple[list[str], list[str]]:
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


def _in_words(app: Services, mail: ParsedMail) -> set[str]:
    """The domains the registrar's own words name (not the subject, which answers the bot's own), and those of a
    message it forwards as its request (mailbot.parse.change_request.forwards.forwarded_request), whose words it makes
    its own."""
    forwarded = forwarded_request(mail.own_text, mail.subject, mail.headers, app.rules.zone)
    return set(named_domains(mail.text, app.rules.zone)) | set(find_domains(forwarded, app.rules.zone))
