"""Workflow: a registrar's change request: each domain's resulting records read from what the mail asks, then
opened, amended (verified again), passed on when the domain is not locked, or triaged and the registrar asked to
send it again."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from dataclasses import dataclass

from sqlalchemy.orm import Session

from mailbot.classify import Classification
from mailbot.parse.change_request.asks import FIELDS, Ask, ChangeRequest
from mailbot.parse.change_request.requested import requested_words, written_words
from mailbot.parse.change_request.resolve import resolve
from mailbot.parse.mail import ParsedMail
from mailbot.policy.lookalike import lookalike_of, unicode_name
from mailbot.services import Services
from mailbot.store import queries, records
from mailbot.store.models import Domain, Message, Registrar, Ticket
from mailbot.store.values import Kind, MailKind, State
from mailbot.workflow import contexts, notices, originals, tickets
from mailbot.workflow.notices import queue
from mailbot.workflow.states import Event, Outcome
from mailbot.workflow.triage import triage


def written(mail: ParsedMail) -> str:
    """The lines the sender wrote, as the reader reads them (mailbot.parse.change_request.requested)."""
    return written_words(mail.own_text)


def requested(mail: ParsedMail, zone: str) -> str:
    """The words the request was read from, for the cross-check: as the parser process read them with the change
    for `zone`, or read here (mailbot.parse.change_request.requested)."""
    if mail.requested is not None and mail.read_for_zone == zone:
        return mail.requested
    return requested_words(mail.own_text, mail.text, mail.subject, mail.headers, zone)

NOTHING_READ = "no name servers, DS records, contacts or registrant to set, add or remove could be read"


def digest(change: dict) -> str:
    """What a verification binds to: the resulting records of each domain of the change (migration 0011 keeps a
    copy of this)."""
    canonical = json.dumps({"change": change}, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True)
class Reading:
    """What a mail asks of one domain, against the domain's current records: the resulting records of each field
    asked (`change`), or why the bot must ask the registrar instead (`problem`). Never both."""

    asks: dict[str, Ask]
    change: dict[str, list[str]]
    problem: str | None

    @property
    def asked(self) -> bool:
        """Whether the mail asks anything of the domain at all (a change, or one that cannot be read)."""
        return bool(self.asks) or self.problem is not None


def asks_of(request: ChangeRequest, name: str, *,
            thread_domain: str | None = None) -> tuple[dict[str, Ask], str | None]:
    """What the request asks of the domain `name`, and why that cannot be read exactly, if so. What the mail asks
    without naming a domain (the key "") is the domain's only when it is the one domain the mail names, or the
    domain of the thread it was written on: never copied to another."""
    if name in request.asks or name in request.unclear:
        return request.asks.get(name, {}), request.unclear.get(name)
    if name == thread_domain or len(request.domains) == 1:
        return request.asks.get("", {}), request.unclear.get("")
    return {}, None


def read(request: ChangeRequest, domain: Domain, *, thread_domain: str | None = None, words: str = "") -> Reading:
    """The resulting records of each field the request asks of `domain` (mailbot.parse.change_request.resolve: the one
    place the rules of never guessing live), or the problem: a field that cannot be resolved leaves the whole domain
    unread, since a change is authorised whole. `words`, the sender's own words: a current record they name must have
    been read as staying or going (unaccounted)."""
    asks, unclear = asks_of(request, domain.name, thread_domain=thread_domain)
    if unclear:
        return Reading(asks, {}, unclear)
    change, problems, restated = {}, [], []
    for field in FIELDS:
        if field in asks:
            current = contexts.current_values(domain, field)
            resolved = resolve(field, asks[field], current)
            if resolved.problem is None and (silent := unaccounted(field, asks[field], current, words,
                                                                   one_domain=len(request.domains) <= 1)):
                problems.append(f"{contexts.LABELS[field]}: the mail names {', '.join(silent)}, which "
                                f"{domain.name} has now, but what is to become of it could not be read.")
            elif resolved.problem is None and (wrong_role := contradicted(
                    field, asks[field], words, tuple(d for d in request.domains if d != domain.name))):
                problems.append(f"{contexts.LABELS[field]}: the mail says {', '.join(wrong_role)} is to go, on a "
                                f"line that asks nothing to be added, but it was read as to be added.")
            elif resolved.unchanged and (field == "registrant" or (field == "ds" and asks[field].new == ())):
                # The registrant as it is, or "DNSSEC: not in use" of a domain with no DS record: what the domain
                # has, said again, beside the change asked for.
                restated.append(f"{contexts.LABELS[field]}: {resolved.problem}")
            elif resolved.problem is not None:
                problems.append(f"{contexts.LABELS[field]}: {resolved.problem}")
            else:
                change[field] = list(resolved.values)
    if problems or restated and not change:
        # A form's registrant line giving the current registrant is no change of it: left out beside a change of
        # the name servers or DS records, the whole problem when nothing else changes.
        return Reading(asks, {}, " ".join(problems + restated))
    return Reading(asks, change, None)


def unaccounted(field: str, ask: Ask, current: list[str], words: str, *, one_domain: bool) -> list[str]:
    """The domain's current records (name servers, DS records) that the reading cannot have right: one it asks
    to add (the domain has it already: the words around it were misread), and, in a mail about this domain
    alone, one the sender's words name that the reading gives no role (not new, added, removed, called current,
    nor kept), since a removal the reader missed would leave it in place. Either way the domain is asked about.
    A name server is named as a whole name, a DS record by its digest (spaces and case aside) or its key tag
    ("key tag 45282")."""
    if field not in ("nameservers", "ds"):
        return []
    have = {_plain(v): v for v in current}
    found = [have[v] for v in map(_plain, ask.add) if v in have]
    if not one_domain or not words:
        return found
    read_as = {_plain(v) for v in (*(ask.new or ()), *ask.add, *ask.remove, *ask.said_current, *ask.keep)}
    if field == "ds":
        # A record named by its key tag alone ("remove the DS with key tag 35235") was read in that role.
        read_as |= {_plain(v) for v in current if f"key tag {v.split()[0]}" in read_as}
        compact = re.sub(r"\s+", "", words).lower()
        named = [v for v in current if v.split()[-1].lower() in compact
                 or re.search(rf"\b(?:key[\s_-]*tag|key[\s_-]*id|tag)\W{{0,3}}{v.split()[0]}\b", words, re.I)]
    else:
        named = [v for v in current if _whole(v).search(words)]
    return found + [v for v in named if _plain(v) not in read_as and v not in found]


# A line that says a value goes, and nothing of one coming: what it holds was never asked to be added. What comes
# in may come in another's place ("retire A and use B in its place", "put B in place of A", "B takes its place").
_GOES = re.compile(r"\b(?:remov\w*|delet\w*|drop\w*|retir\w*|decommission\w*|withdraw\w*|take\s+out|no\s+longer)\b",
                   re.I)
_COMES = re.compile(r"\b(?:add\w*|new|replac\w*|instead|insert\w*|publish\w*|enabl\w*|becom\w*|to|with|into|by"
                    r"|us(?:e|es|ed|ing)|put(?:s|ting)?(?!\s*(?:[.,;:!]|$))|swap\w*|substitut\w*"
                    r"|in\s+(?:its|their)\s+(?:place|stead)|in\s+(?:place|lieu)\s+of|tak(?:e|es|ing)\s+(?:its|their|the)\s+place)\b"
                    r"|->|=>|\u2192", re.I)


def contradicted(field: str, ask: Ask, words: str, others: tuple[str, ...] = ()) -> list[str]:
    """The values the reading gives as new or added that the sender's words put on a line saying only that
    something goes ("Remove Registry Lock contact: soc@hmrc.gov.uk"): read in the wrong role, so the domain is
    asked about. A line naming one of the `others` (the mail's other domains) is theirs. A name server is found
    as a whole name, a DS record by its digest, a contact by its address."""
    coming = [v for v in dict.fromkeys((*(ask.new or ()), *ask.add))]
    going = [line for line in words.splitlines() if _GOES.search(_wordy(line)) and not _COMES.search(_wordy(line))
             and not any(_whole(name).search(line) for name in others)]
    if not coming or not going:
        return []
    if field == "ds":
        lines = [re.sub(r"\s+", "", line).lower() for line in going]
        return [v for v in coming if any(v.split()[-1].lower() in line for line in lines)]
    return [v for v in coming if any(_whole(v).search(line) for line in going)]


def _wordy(line: str) -> str:
    """A line's words without its names and addresses ("ns1.new.example" says nothing new)."""
    return re.sub(r"\S*[.@]\w\S*", " ", line)


def _whole(name: str) -> re.Pattern:
    """A name or address found whole: not part of a longer one, a root's dot allowed."""
    return re.compile(rf"(?<![\w.@-]){re.escape(name.rstrip('.'))}\.?(?![\w@-]|\.\w)", re.I)


def _plain(value: str) -> str:
    return " ".join(value.lower().rstrip(".").split())


def change_request(session: Session, app: Services, message: Message, mail: ParsedMail, c: Classification, *,
                   thread: str | None = None) -> Outcome:
    """A registrar's request: the locked domains read exactly, one ticket for each organisation they belong to
    (its security team verifies them on one call), or the registrar's open ticket that holds a domain amended;
    each domain that cannot be read exactly asked about; unlocked domains passed on one by one. `thread`, the
    ticket on whose thread it was written, if any, is named in a triage reason, where a person may need that
    ticket to make the request out."""
    outcome = Outcome(MailKind.CHANGE, "opened")
    who = c.registrar.name if thread is None else f"{c.registrar.name}, on the thread of {thread}"
    unknown, unclear, actions = [], {}, []
    amending: dict[int, tuple[Ticket, dict]] = {}
    opening: dict[int | None, list[tuple[Domain, dict]]] = {}
    words = requested(mail, app.rules.zone)  # read once for every domain's cross-check
    for name in c.request.domains:
        domain = records.domain_by_name(session, name)
        if domain is None:
            unknown.append(name)
            continue
        reading = read(c.request, domain, words=words)
        if not domain.locked:
            outcome.tickets.append(pass_on(session, app, message, mail, c, domain, reading))
            actions.append("passed_on")
        elif not reading.change:
            unclear[name] = reading
        elif (existing := queries.open_change_ticket(session, domain, c.registrar)) is not None:
            amending.setdefault(existing.id, (existing, {}))[1][name] = reading.change
        else:
            opening.setdefault(domain.organisation_id, []).append((domain, reading.change))
    for existing, change in amending.values():
        actions.append(amend(session, app, existing, message, mail, c, change))
        outcome.tickets.append(existing)
    for group in opening.values():
        outcome.tickets.append(open_change(session, app, message, mail, c, [d for d, _ in group],
                                           {d.name: change for d, change in group}))
        actions.append("opened")
    if unknown:
        known = records.known_mail_domains(session, app.rules.addresses.ours)
        disguised = {name: real for name in unknown if (real := lookalike_of(name, known))}
        if disguised:
            reason = f"possible attack: from {who}: " + "; ".join(
                f"{unicode_name(name)} ({name}) looks like {real}" for name, real in disguised.items())
        else:
            reason = f"from {who}: {', '.join(unknown)} is not in the registry records"
        outcome.tickets.append(triage(session, app, message, reason, unknown, alert_gds=bool(disguised), mail=mail))
        actions.append("triaged")
    if unclear:
        outcome.tickets.append(ask_again(session, app, message, mail, c, unclear, who))
        actions.append("triaged")
    outcome.action = actions[0] if len(set(actions)) == 1 else "+".join(dict.fromkeys(actions))
    if all(t.kind == Kind.TRIAGE for t in outcome.tickets):
        outcome.kind = MailKind.TRIAGE
    return outcome


def ask_again(session: Session, app: Services, message: Message, mail: ParsedMail, c: Classification,
              unclear: dict[str, Reading], who: str) -> Ticket:
    """Never guess: a locked domain whose resulting records cannot be read exactly goes to a person (a triage
    ticket, the operators told), and the registrar is sent `request_unclear`: what was read, what was not and
    why, and the form to send instead. Nothing is recorded to verify."""
    why = {name: r.problem or NOTHING_READ for name, r in unclear.items()}
    reason = f"from {who}: cannot tell what is to change for " + "; ".join(
        f"{name} ({problem.rstrip('.')})" for name, problem in why.items())
    if c.unanswered:
        reason += f". A program sent it ({c.unanswered}): the registrar was not asked, ask it yourself"
    ticket = triage(session, app, message, reason, list(unclear), mail=mail)
    if c.unanswered:
        notices.answer_withheld(session, app, ticket, "request_unclear", c.unanswered)
    elif mail.sender:  # an answer, bounded as every answer is (rules.yaml `limits`); it names no lock contact
        queue(session, app, ticket, "request_unclear", to=[mail.sender], audience="registrar",
              context={"registrar": {"name": c.registrar.name}, "request": contexts.request_context(app, message),
                       "domains": [{"name": name, "read": read_lines(r.asks), "problem": why[name],
                                    "fields": [f for f in FIELDS if f in r.asks] or ["nameservers"]}
                                   for name, r in unclear.items()]})
    return ticket


_ASK_PARTS = (("new", "to hold"), ("add", "to add"), ("remove", "to remove"), ("keep", "to keep"),
              ("said_current", "called current"))


def read_lines(asks: dict[str, Ask]) -> list[dict]:
    """What was read of each field, as the registrar is shown it: ("Name servers to add", [values]) and so on."""
    shown = []
    for field in FIELDS:
        ask = asks.get(field)
        for part, words in _ASK_PARTS if ask is not None else ():
            values = getattr(ask, part)
            if values:
                shown.append({"label": f"{contexts.LABELS[field]} {words}", "shown": list(values)})
    return shown


def _change_fields(c: Classification, domain: Domain, mail: ParsedMail, registrar: Registrar, change: dict) -> dict:
    return {"domain": domain, "organisation_id": domain.organisation_id, "registrar": registrar,
            "requester": mail.sender, "change": change, "change_digest": digest(change),
            "urgent": c.request.urgent}


def open_change(session, app: Services, message, mail, c, domains: list[Domain], change: dict) -> Ticket:
    """A change ticket for one organisation's `domains`, with the resulting records `change` (domain -> field ->
    values), read exactly."""
    ticket = tickets.new_ticket(session, app, Kind.CHANGE, Event.OPEN, actor=mail.sender or "unknown",
                                reason=c.reason, message=message, domains=[d.name for d in domains],
                                **_change_fields(c, domains[0], mail, c.registrar, change))
    for domain in domains:
        if domain.registrar_id is not None and domain.registrar_id != c.registrar.id:
            # Not the registrar of record: the operators should know before they phone.
            tickets.note(session, app, ticket, "registrar_not_of_record", actor="bot",
                         reason=f"{c.registrar.name} is not the registrar of record for {domain.name}")
    notices.send_task(session, app, ticket, message, amended=False, unanswered=c.unanswered)
    return ticket


def pass_on(session, app: Services, message, mail, c, domain: Domain, reading: Reading) -> Ticket:
    """Not in Registry Lock: the ordinary queue handles it, with the change as read when it was read exactly, or
    why not (the original is attached)."""
    ticket = tickets.new_ticket(session, app, Kind.CHANGE, Event.PASS_ON, actor="bot",
                                reason=f"{domain.name} is not in the Registry Lock service", message=message,
                                domains=[domain.name], **_change_fields(c, domain, mail, c.registrar,
                                                                        _held(domain, reading.change)))
    problem = None if reading.change else (reading.problem or NOTHING_READ)
    queue(session, app, ticket, "passed_on", to=[app.rules.addresses.registry_queue], audience="queue",
          context={"domain": domain.name, "request": contexts.request_context(app, message),
                   "change": contexts.change_context(session, ticket), "problem": problem,
                   "registrar": {"name": c.registrar.name}},
          attach=message.raw)
    return ticket


def _held(domain: Domain, change: dict) -> dict:
    """A domain's resulting records as a ticket holds them: by domain; nothing when nothing was read."""
    return {domain.name: change} if change else {}


def amend(session, app: Services, ticket: Ticket, message, mail, c, asked: dict) -> str:
    """The registrar wrote again about an open request, asking `asked` (domain -> field -> resulting values) of
    some of its domains: different resulting records must be verified again, the ticket's other domains as they
    were; the same ones are recorded as such."""
    tickets.link(session, ticket, message)
    change = {**ticket.change, **asked}
    new_digest = digest(change)
    if not asked or new_digest == ticket.change_digest:
        tickets.note(session, app, ticket, "registrar_message", actor=mail.sender or "unknown",
                     reason="the registrar wrote again; the request is unchanged", message_pk=message.id)
        notices.tell_operators(session, app, ticket, f"The registrar wrote again about {ticket.ref}",
                               ["It asks for the same change: the request is unchanged."],
                               about=originals.original(app, message, mail))
        return "recorded"
    ticket.urgent = ticket.urgent or c.request.urgent
    # Verified by phone: the lock contacts and GDS hold a confirmation of authorisation for the old request.
    was_verified = ticket.state in (State.AWAITING_CONFIRMATION, State.AUTHORISED)
    confirmed = ticket.state == State.AUTHORISED
    tickets.transition(session, app, ticket, Event.AMEND, actor=mail.sender or "unknown",
                       reason="the registrar amended the request: it must be verified again",
                       data={"before": ticket.change, "after": change}, message_pk=message.id)
    ticket.change, ticket.change_digest, ticket.verified_digest = change, new_digest, None
    ticket.stage += 1  # every token issued for the old request stops counting
    notices.send_task(session, app, ticket, message, amended=True, unanswered=c.unanswered)
    if was_verified:
        # Told at once, so that nobody acts on, or answers, a confirmation that no longer counts.
        notices.void_confirmation(session, app, ticket, confirmed=confirmed)
    return "amended"


def narrowed(c: Classification, domains: list[str], *, thread_domain: str | None = None,
             on: str | None = None, unplaced: str | None = None) -> Classification:
    """The registrar's request narrowed to `domains`, each with what the mail asks of it (what it asks without
    naming a domain goes to the thread's domain only); `on`, the thread it was written on, for the record;
    `unplaced`, why every domain is unclear, when what the mail asks cannot be placed on any of them."""
    request = c.request
    asks, unclear = {}, {}
    for name in domains:
        if unplaced:  # what it asks is no domain's for certain: each is asked about, nothing kept
            unclear[name] = unplaced
            continue
        asked, why = asks_of(request, name, thread_domain=thread_domain)
        if asked:
            asks[name] = asked
        if why:
            unclear[name] = why
    reason = c.reason if on is None else (f"from {c.registrar.name}, naming {', '.join(domains)}, written on the "
                                          f"thread of {on}")
    return dataclasses.replace(c, reason=reason, request=dataclasses.replace(
        request, domains=tuple(domains), asks=asks, unclear=unclear))
