"""Render tests for the outbox mail templates: every mail the bot sends, checked as text."""

from __future__ import annotations

import re
import shutil
from importlib.resources import files
from pathlib import Path

import jinja2
import pytest
from jinja2 import meta, nodes

from tests.support.template_contexts import (
    CANCELLATION_PROBLEMS,
    COMMAND_PROBLEMS,
    CONTACT_CHANGE_REQUESTER,
    GDS_REASON,
    REUSED_FOR_CONTACT_CHANGE,
    SECURITY_CONTACT,
    SERVICE_PHONE,
    SIGNUP_PROBLEMS,
    TEMPLATE_NAMES,
    as_contact_change,
    call_attempts,
    sample_context,
)

TEMPLATES_DIR = Path(str(files("mailbot") / "templates"))

# The same settings as the outbox renderer: a missing variable must fail, never print blank.
ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
    undefined=jinja2.StrictUndefined,
    autoescape=jinja2.select_autoescape(
        enabled_extensions=("html", "xml"), default_for_string=False, default=False
    ),
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)

# Every context key each template reads, as a path into the context. The top-level names are the
# contract with the workflow; a nested path is one the template reads on the sample's route.
# The confirmation of authorisation's, which GDS's copy reads as well.
AUTHORISATION_KEYS = [
    ("ticket", "ref"),
    ("service", "name"), ("service", "phone"),
    ("change", "domain"), ("change", "items", 0, "label"),
    ("change", "items", 0, "current"), ("change", "items", 0, "requested"),
    ("registrar",),
    ("call", "contact"), ("call", "phone"), ("call", "operator"), ("call", "at"),
    ("call", "note"), ("reply_by",),
]
USED_KEYS: dict[str, list[tuple]] = {
    "contact_change_confirmation_for_gds": [("ticket", "ref"), ("service", "name"), ("service", "phone"),
                                            ("change", "domain"), ("change", "items", 0, "label"),
                                            ("registrar", "name"), ("call", "contact"), ("call", "operator"),
                                            ("call", "at")],
    "reply_recorded": [("ticket", "ref"), ("ticket", "domains"), ("service", "name"), ("service", "phone"),
                       ("sender",), ("answered",), ("quoted",)],
    "contact_change_received": [("ticket", "ref"), ("service", "name"), ("service", "gds_address"),
                                ("form", "organisation"), ("form", "add"), ("form", "others"), ("form", "remove"),
                                ("domains",), ("changed",)],
    "contact_change_rejected": [("ticket", "ref"), ("service", "name"), ("service", "gds_address"),
                                ("form", "organisation"), ("problems",), ("reason",)],
    "contact_change_confirmation": [("ticket", "ref"), ("service", "name"), ("service", "phone"),
                                    ("change", "domain"), ("change", "items", 0, "label"), ("registrar", "name"),
                                    ("call", "contact"), ("call", "operator"), ("call", "at")],
    "contact_change_completed": [("ticket", "ref"), ("service", "name"), ("service", "gds_address"),
                                 ("form", "organisation"), ("form", "requester_name"), ("form", "job_title"),
                                 ("contacts", "current"), ("contacts", "requested"), ("contacts", "changed"),
                                 ("told",), ("domains",)],
    "review_reminder": [("ticket", "ref"), ("ticket", "kind"), ("ticket", "domains"), ("service", "name"),
                        ("form", "organisation"), ("form", "requester_name"), ("waiting_since",),
                        ("working_days",)],
    "change_received": [
        ("ticket", "ref"), ("ticket", "opened_at"), ("ticket", "urgent"),
        ("service", "name"),
        ("change", "domain"), ("change", "items", 0, "label"), ("change", "items", 0, "requested"),
        ("change", "items", 0, "current"),
        ("amended",),
    ],
    "operator_task": [
        ("ticket", "ref"), ("ticket", "opened_at"), ("ticket", "deadline"), ("ticket", "urgent"),
        ("service", "name"),
        ("change", "domain"), ("change", "items", 0, "label"),
        ("change", "items", 0, "current"), ("change", "items", 0, "requested"),
        ("registrar",),
        ("security_contacts", 0, "name"), ("security_contacts", 0, "email"),
        ("security_contacts", 0, "phone"),
        ("amended",), ("registrar_of_record",), ("lock_contacts_in_whois",), ("unanswered",),
        ("request", "from"), ("request", "subject"), ("request", "message_id"),
        ("request", "received_at"),
    ],
    "confirmation_of_authorisation": AUTHORISATION_KEYS,
    "authorisation_for_gds": AUTHORISATION_KEYS,  # GDS's copy: the same details, in words for GDS
    "confirmation_void_for_gds": [
        ("ticket", "ref"),
        ("service", "name"),
        ("change", "domain"),
        ("confirmed",), ("why",),
    ],
    "change_outcome": [
        ("ticket", "ref"),
        ("service", "name"),
        ("change", "domain"),
        ("outcome",),
    ],
    "dispute_alert": [
        ("ticket", "ref"), ("ticket", "opened_at"),
        ("service", "name"),
        ("change", "domain"), ("change", "items", 0, "label"),
        ("change", "items", 0, "current"), ("change", "items", 0, "requested"),
        ("registrar",),
        ("source",), ("by",), ("at",), ("note",),
        ("call", "operator"), ("call", "contact"), ("call", "phone"), ("call", "at"),
    ],
    "change_notification": [
        ("ticket", "ref"),
        ("service", "name"), ("service", "gds_address"),
        ("change", "domain"), ("change", "items", 0, "label"),
        ("change", "items", 0, "current"), ("change", "items", 0, "requested"),
        ("registrar",),
        ("applied_at",), ("operator",),
    ],
    "passed_on": [
        ("ticket", "ref"),
        ("service", "name"),
        ("domain",),
        ("change", "items", 0, "label"), ("change", "items", 0, "current"), ("change", "items", 0, "requested"),
        ("problem",),
        ("request", "from"), ("request", "subject"), ("request", "message_id"),
        ("request", "received_at"),
    ],
    "triage_notice": [
        ("ticket", "ref"), ("ticket", "domains"),
        ("service", "name"),
        ("reason",),
        ("request", "from"), ("request", "subject"), ("request", "message_id"),
        ("request", "received_at"), ("original",),
    ],
    "operator_notice": [
        ("ticket", "ref"), ("ticket", "domains"),
        ("service", "name"),
        ("headline",), ("details",), ("next_step",), ("original",), ("replies", "role"),
    ],
    "chase_operator": [
        ("ticket", "ref"), ("ticket", "opened_at"), ("ticket", "urgent"),
        ("service", "name"),
        ("change", "domain"), ("change", "items", 0, "label"),
        ("change", "items", 0, "current"), ("change", "items", 0, "requested"),
        ("registrar",),
        ("reason",), ("due",),
        ("security_contacts", 0, "name"), ("security_contacts", 0, "email"),
        ("security_contacts", 0, "phone"),
        ("calls",), ("earlier_calls",),
    ],
    # Only the domain and the reference: nothing else about the change may go out in this mail.
    "chase_security_team": [
        ("ticket", "ref"),
        ("service", "name"), ("service", "phone"),
        ("change", "domain"),
        ("reason",), ("reply_by",),
    ],
    # The same: the amended request is told on the call.
    "confirmation_void": [
        ("ticket", "ref"),
        ("service", "name"), ("service", "phone"),
        ("change", "domain"),
        ("confirmed",), ("why",),
    ],
    "escalation": [
        ("ticket", "ref"),
        ("service", "name"), ("service", "phone"),
        ("change", "domain"), ("change", "items", 0, "label"),
        ("change", "items", 0, "current"), ("change", "items", 0, "requested"),
        ("registrar",),
        ("stage",), ("reminder",), ("received_at",), ("working_days",),
        ("calls", 0, "at"), ("calls", 0, "operator"), ("calls", 0, "contact"),
        ("calls", 0, "outcome"), ("calls", 0, "note"), ("earlier_calls",),
        ("chases", 0, "template"), ("chases", 0, "to"), ("chases", 0, "at"),
        ("organisation",), ("senior", "name"), ("senior", "job_title"), ("senior", "phone"), ("senior", "email"),
        ("senior", "ref"), ("senior", "approved"), ("lock_contacts", 0, "email"), ("lock_contacts", 0, "phone"),
        ("warnings", "urgent"),
    ],
    "ticket_expired": [
        ("ticket", "ref"),
        ("service", "name"),
        ("change", "domain"), ("change", "items", 0, "label"),
        ("change", "items", 0, "current"), ("change", "items", 0, "requested"),
        ("registrar",),
        ("received_at",), ("working_days",),
        ("calls", 0, "at"), ("calls", 0, "operator"), ("calls", 0, "contact"),
        ("calls", 0, "outcome"), ("calls", 1, "note"), ("earlier_calls",),
        ("chases", 0, "template"), ("chases", 0, "to"), ("chases", 0, "at"),
    ],
    "zone_alarm": [
        ("ticket", "ref"), ("service", "name"), ("service", "gds_address"),
        ("change", "domain"), ("change", "items", 0, "label"),
        ("change", "items", 0, "current"), ("change", "items", 0, "requested"),
        ("serial",), ("previous_serial",), ("at",), ("again",), ("matches_held",),
    ],
    "apply_overdue": [
        ("ticket", "ref"), ("ticket", "urgent"),
        ("service", "name"),
        ("change", "domain"), ("change", "items", 0, "label"),
        ("change", "items", 0, "current"), ("change", "items", 0, "requested"),
        ("registrar",),
        ("authorised_at",), ("due",), ("working_days",),
    ],
    "notification_overdue": [
        ("ticket", "ref"),
        ("service", "name"),
        ("change", "domain"), ("change", "items", 0, "label"),
        ("change", "items", 0, "current"), ("change", "items", 0, "requested"),
        ("registrar",),
        ("applied_at",), ("due",), ("status",), ("last_error",),
    ],
    "signup_received": [
        ("ticket", "ref"),
        ("service", "name"), ("service", "gds_address"),
        ("form", "organisation"), ("form", "domains"),
        ("form", "contacts", 0, "role"), ("form", "contacts", 0, "email"),
        ("form", "contacts", 0, "phone"), ("form", "contacts", 0, "name"),
    ],
    "signup_for_review": [
        ("ticket", "ref"), ("ticket", "opened_at"),
        ("service", "name"),
        ("form", "organisation"), ("form", "requester_name"), ("form", "job_title"),
        ("form", "requester_email"), ("form", "requester_phone"), ("form", "domains"),
        ("form", "contacts", 0, "role"), ("form", "contacts", 0, "email"),
        ("form", "contacts", 0, "phone"), ("form", "contacts", 0, "name"),
        ("sender",), ("checks",),
    ],
    "signup_rejected": [
        ("ticket", "ref"),
        ("service", "name"), ("service", "gds_address"),
        ("form", "domains"),
        ("problems",), ("reason",),
    ],
    "signup_activated": [
        ("ticket", "ref"),
        ("service", "name"), ("service", "gds_address"),
        ("form", "organisation"),
        ("domains",), ("contact_change",),
    ],
    "current_records": [
        ("ticket", "ref"),
        ("service", "name"), ("service", "phone"), ("service", "gds_address"),
        ("organisation",),
        ("domains", 0, "name"), ("domains", 0, "registrar"), ("domains", 0, "registrant"),
        ("domains", 0, "nameservers"), ("domains", 0, "ds"), ("domains", 0, "whois_contacts"), ("requester",),
    ],
    # The new contacts' roles and addresses only: their phone numbers are not passed on.
    "signup_contacts_changing": [
        ("ticket", "ref"),
        ("service", "name"), ("service", "gds_address"),
        ("form", "requester_name"), ("form", "job_title"), ("form", "requester_email"),
        ("domains",),
        ("new_contacts", 0, "role"), ("new_contacts", 0, "email"),
    ],
    # The contact's own words and the authentication of their mail: the alarm GDS and NCSC act on.
    **{name: [
        ("ticket", "ref"),
        ("service", "name"),
        ("form", "organisation"), ("form", "requester_name"), ("form", "job_title"),
        ("form", "requester_email"), ("form", "domains"),
        ("by",), ("at",), ("words",), ("authentication",),
    ] for name in ("cancellation_disputed", "signup_disputed")},
    "cancellation_received": [
        ("ticket", "ref"),
        ("service", "name"), ("service", "gds_address"),
        ("form", "organisation"), ("form", "domains"),
    ],
    "cancellation_for_review": [
        ("ticket", "ref"), ("ticket", "opened_at"),
        ("service", "name"),
        ("form", "organisation"), ("form", "requester_name"), ("form", "job_title"),
        ("form", "requester_email"), ("form", "requester_phone"), ("form", "domains"),
        ("sender",), ("checks",),
    ],
    "cancellation_requested": [
        ("ticket", "ref"),
        ("service", "name"), ("service", "gds_address"),
        ("form", "requester_name"), ("form", "job_title"), ("form", "requester_email"),
        ("form", "requester_phone"), ("form", "domains"),
    ],
    "cancellation_rejected": [
        ("ticket", "ref"),
        ("service", "name"), ("service", "gds_address"),
        ("form", "domains"),
        ("problems",), ("reason",),
    ],
    "cancellation_completed": [
        ("ticket", "ref"),
        ("service", "name"), ("service", "gds_address"),
        ("form", "requester_name"), ("form", "job_title"),
        ("domains",),
    ],
    "command_result": [
        ("ticket", "ref"), ("ticket", "domains"), ("ticket", "state"),
        ("service", "name"),
        ("sender",), ("command",), ("done",), ("did",), ("problems",), ("replies", "role"),
    ],
    # What was read and why it could not be used, with the form to send instead: nothing of who verifies.
    "request_unclear": [
        ("ticket", "ref"),
        ("service", "name"),
        ("request", "from"), ("request", "subject"), ("request", "received_at"),
        ("domains", 0, "name"), ("domains", 0, "read"), ("domains", 0, "problem"), ("domains", 0, "fields"),
        ("domains", 0, "read", 0, "label"), ("domains", 0, "read", 0, "shown"),
    ],
}

# A DS record carries a digest of 40 or more hex digits that cannot be wrapped.
DS_DIGEST = re.compile(r"\b[0-9A-Fa-f]{40,}\b")
DS_ITEM = {
    "field": "ds",
    "label": "DS records",
    "current": ["31589 13 2 " + "E2D3C916F6DEEAC73294E8268FB5885044A833FC5459588F4A9184CFC41A5766"],
    "requested": ["20326 13 4 " + "1F2A5A1C0E7B6D4C" * 6],
}

OUTCOMES = ("completed", "rejected", "disputed", "withdrawn", "expired")
CHASE_REASONS = ("call_back", "confirm")


def render(name: str, context: dict) -> str:
    return ENV.get_template(f"{name}.txt").render(context)


def split_mail(text: str) -> tuple[str, str, str]:
    subject_line, blank, body = text.split("\n", 2)
    return subject_line, blank, body


def flat(text: str) -> str:
    """The text with line breaks and runs of spaces made single spaces, to find wrapped phrases."""
    return " ".join(text.split())


def domain_of(context: dict) -> str:
    return context["domain"] if "domain" in context else context["ticket"]["domains"][0]


def delete(context: dict, path: tuple) -> None:
    *parents, last = path
    target = context
    for step in parents:
        target = target[step]
    del target[last]


def _urgent(ctx: dict) -> None:
    ctx["ticket"]["urgent"] = True


def _amended(ctx: dict) -> None:
    ctx["amended"] = True


def _not_of_record(ctx: dict) -> None:
    ctx["registrar_of_record"] = "Other Names plc"


def _sent_by_a_program(ctx: dict) -> None:
    ctx["unanswered"] = "Auto-Submitted: auto-generated"


def _with_ds(ctx: dict) -> None:
    ctx["change"]["items"].append(dict(DS_ITEM))


def _remove_all(ctx: dict) -> None:
    ctx["change"]["items"][0]["requested"] = []


def _no_registrar(ctx: dict) -> None:
    ctx["registrar"] = None


def _no_deadline(ctx: dict) -> None:
    ctx["ticket"]["deadline"] = None


def _bare_contact(ctx: dict) -> None:
    ctx["security_contacts"] = [{"name": None, "email": SECURITY_CONTACT["email"], "phone": None}]


def _two_contacts(ctx: dict) -> None:
    ctx["security_contacts"].append(
        {"name": "HMRC Duty Security Manager", "email": "security-duty@hmrc.gov.uk",
         "phone": "+44 20 7946 0999"}
    )


def _no_contacts(ctx: dict) -> None:
    ctx["security_contacts"] = []


def _call_without_phone_or_note(ctx: dict) -> None:
    ctx["call"] |= {"phone": None, "note": None}


def _disputed_by_reply(ctx: dict) -> None:
    ctx |= {"source": "reply", "call": None, "note": None}


def _no_domains(ctx: dict) -> None:
    ctx["ticket"]["domains"] = []


def _bare_notice(ctx: dict) -> None:
    ctx |= {"details": [], "next_step": None}


def _outcome(outcome: str):
    def mutate(ctx: dict) -> None:
        ctx["outcome"] = outcome
    return mutate


def _both(*mutations):
    def mutate(ctx: dict) -> None:
        for m in mutations:
            m(ctx)
    return mutate


def _reason(reason: str):
    def mutate(ctx: dict) -> None:
        ctx["reason"] = reason
    return mutate


def _chase_to_apply(ctx: dict) -> None:
    ctx |= {"reason": "apply", "security_contacts": [], "calls": call_attempts()}


def _unanswered_calls(ctx: dict) -> None:
    ctx["calls"] = call_attempts()[:2]


def _amended_after_calls(ctx: dict) -> None:
    """Called about before the registrar amended it, and not since."""
    ctx |= {"calls": [], "earlier_calls": call_attempts()[:2]}


def _not_reached(ctx: dict) -> None:
    ctx |= {"stage": "verification", "calls": call_attempts()[:2]}


def _reminder(ctx: dict) -> None:
    ctx["reminder"] = True


def _nothing_tried(ctx: dict) -> None:
    ctx |= {"calls": [], "chases": []}


def _one_working_day(ctx: dict) -> None:
    ctx["working_days"] = 1


def _unknown_chase(ctx: dict) -> None:
    ctx["chases"].append(
        {"template": "some_later_mail", "to": [], "at": "Thursday 3 December 2026, 9am"}
    )


def _still_retrying(ctx: dict) -> None:
    ctx |= {"status": "pending", "last_error": "451 4.3.0 Temporary failure, try again later"}


def _no_error(ctx: dict) -> None:
    ctx |= {"status": "pending", "last_error": None}


UNREADABLE_FORM_PROBLEMS = [
    "The form has no Organisation line.",
    "The form names no domains.",
]


def _unreadable_form(ctx: dict) -> None:
    # A form that could not be read names no domains, so the ticket has none either.
    ctx |= {"form": None, "problems": list(UNREADABLE_FORM_PROBLEMS)}
    ctx["ticket"]["domains"] = []


def _rejected_by_gds(ctx: dict) -> None:
    ctx |= {"problems": [], "reason": GDS_REASON}


def _rejected_without_reason(ctx: dict) -> None:
    ctx |= {"problems": [], "reason": None}


def _one_problem(ctx: dict) -> None:
    ctx["problems"] = ctx["problems"][:1]


def _bare_form_contacts(ctx: dict) -> None:
    for contact in ctx["form"]["contacts"]:
        contact |= {"phone": None, "name": None}


def _no_requester_phone(ctx: dict) -> None:
    ctx["form"]["requester_phone"] = None


def _one_domain(ctx: dict) -> None:
    ctx["form"]["domains"] = ctx["form"]["domains"][:1]
    ctx["ticket"]["domains"] = ctx["ticket"]["domains"][:1]


def _no_checks(ctx: dict) -> None:
    ctx["checks"] = []


def _no_sender(ctx: dict) -> None:
    ctx["sender"] = None


def _bare_records(ctx: dict) -> None:
    for domain in ctx["domains"]:
        domain |= {"registrar": None, "registrant": None, "nameservers": [], "ds": [],
                   "whois_contacts": []}


def _one_new_contact(ctx: dict) -> None:
    ctx["new_contacts"] = [{"role": "security", "email": "soc@hmrc.gov.uk"}]


def _command_refused(ctx: dict) -> None:
    ctx |= {"done": False, "did": None, "problems": list(COMMAND_PROBLEMS)}


def _command_unreadable(ctx: dict) -> None:
    _command_refused(ctx)
    ctx |= {"command": None, "problems": ["no command: the message has no text of its own"]}


def _command_long(ctx: dict) -> None:
    _command_refused(ctx)
    ctx["command"] = "withdraw reason=" + "the registrar asked us to stop this request " * 4 + "x" * 90


REJECTIONS = ("signup_rejected", "cancellation_rejected")
FOR_REVIEW = ("signup_for_review", "cancellation_for_review")


# Each template with its sample context, and the other shapes the workflow can give it.
VARIANTS = [(name, "sample", None) for name in TEMPLATE_NAMES] + [
    ("change_received", "urgent", _urgent),
    ("change_received", "amended", _amended),
    ("change_received", "ds", _with_ds),
    ("change_received", "remove-all", _remove_all),
    ("operator_task", "urgent", _urgent),
    ("operator_task", "amended", _amended),
    ("operator_task", "ds", _with_ds),
    ("operator_task", "no-registrar", _no_registrar),
    ("operator_task", "not-of-record", _not_of_record),
    ("operator_task", "sent-by-a-program", _sent_by_a_program),
    ("operator_task", "no-deadline", _no_deadline),
    ("operator_task", "bare-contact", _bare_contact),
    ("operator_task", "two-contacts", _two_contacts),
    ("operator_task", "no-contacts", _no_contacts),
    ("confirmation_of_authorisation", "ds", _with_ds),
    ("confirmation_of_authorisation", "remove-all", _remove_all),
    ("confirmation_of_authorisation", "no-registrar", _no_registrar),
    ("confirmation_of_authorisation", "bare-call", _call_without_phone_or_note),
    ("dispute_alert", "reply", _disputed_by_reply),
    ("dispute_alert", "ds", _with_ds),
    ("dispute_alert", "no-registrar", _no_registrar),
    ("change_notification", "ds", _with_ds),
    ("change_notification", "no-registrar", _no_registrar),
    ("triage_notice", "no-domains", _no_domains),
    ("operator_notice", "bare", _bare_notice),
    ("chase_operator", "apply", _chase_to_apply),
    ("chase_operator", "unanswered", _unanswered_calls),
    ("chase_operator", "amended-after-calls", _amended_after_calls),
    ("chase_operator", "urgent", _urgent),
    ("chase_operator", "ds", _with_ds),
    ("chase_operator", "no-registrar", _no_registrar),
    ("chase_operator", "bare-contact", _bare_contact),
    ("chase_operator", "two-contacts", _two_contacts),
    ("chase_operator", "no-contacts", _no_contacts),
    ("chase_security_team", "urgent", _urgent),
    ("chase_security_team", "ds", _with_ds),
    ("confirmation_void", "not-confirmed", lambda ctx: ctx.update(confirmed=False)),
    ("confirmation_void_for_gds", "not-confirmed", lambda ctx: ctx.update(confirmed=False)),
    ("confirmation_void_for_gds", "withdrawn", lambda ctx: ctx.update(why="withdrawn")),
    ("authorisation_for_gds", "ds", _with_ds),
    ("authorisation_for_gds", "no-registrar", _no_registrar),
    ("authorisation_for_gds", "bare-call", _call_without_phone_or_note),
    ("escalation", "not-reached", _not_reached),
    ("escalation", "amended-after-calls", _amended_after_calls),
    ("escalation", "reminder", _reminder),
    ("escalation", "nothing-tried", _nothing_tried),
    ("escalation", "one-day", _one_working_day),
    ("escalation", "unknown-chase", _unknown_chase),
    ("escalation", "ds", _with_ds),
    ("escalation", "no-registrar", _no_registrar),
    ("ticket_expired", "nothing-tried", _nothing_tried),
    ("ticket_expired", "amended-after-calls", _amended_after_calls),
    ("ticket_expired", "ds", _with_ds),
    ("ticket_expired", "no-registrar", _no_registrar),
    ("apply_overdue", "urgent", _urgent),
    ("apply_overdue", "ds", _with_ds),
    ("apply_overdue", "no-registrar", _no_registrar),
    ("apply_overdue", "two-days", lambda ctx: ctx.update(working_days=2)),
    ("notification_overdue", "retrying", _still_retrying),
    ("notification_overdue", "no-error", _no_error),
    ("zone_alarm", "again", lambda ctx: ctx.update(again=True)),
    ("zone_alarm", "back-to-held", lambda ctx: ctx.update(again=True, matches_held=True)),
    ("zone_alarm", "first-reading", lambda ctx: ctx.update(previous_serial=None)),
    ("notification_overdue", "ds", _with_ds),
    ("notification_overdue", "no-registrar", _no_registrar),
    ("signup_received", "bare-contacts", _bare_form_contacts),
    ("signup_received", "one-domain", _one_domain),
    ("signup_for_review", "bare-contacts", _bare_form_contacts),
    ("current_records", "bare-records", _bare_records),
    ("current_records", "requester", lambda ctx: ctx.update(requester=True)),
    ("signup_contacts_changing", "one-contact", _one_new_contact),
    ("signup_activated", "contact-change", lambda ctx: ctx.update(contact_change="RL-000002")),
    ("cancellation_received", "one-domain", _one_domain),
    ("cancellation_requested", "no-requester-phone", _no_requester_phone),
    ("cancellation_completed", "one-domain", _one_domain),
    ("command_result", "refused", _command_refused),
    ("command_result", "unreadable", _command_unreadable),
    ("command_result", "long", _command_long),
    ("command_result", "no-domains", _no_domains),
] + [
    (name, label, mutate) for name in FOR_REVIEW
    for label, mutate in (("no-checks", _no_checks), ("no-sender", _no_sender),
                          ("no-requester-phone", _no_requester_phone))
] + [
    (name, label, mutate) for name in REJECTIONS
    for label, mutate in (("no-form", _unreadable_form), ("by-gds", _rejected_by_gds),
                          ("no-reason", _rejected_without_reason), ("one-problem", _one_problem))
] + [("change_outcome", outcome, _outcome(outcome)) for outcome in OUTCOMES] + [
    ("chase_security_team", reason, _reason(reason)) for reason in CHASE_REASONS
] + [(name, "contact-change", as_contact_change) for name in REUSED_FOR_CONTACT_CHANGE] + [
    ("chase_security_team", f"contact-change-{reason}", _both(as_contact_change, _reason(reason)))
    for reason in CHASE_REASONS
] + [
    ("escalation", "contact-change-not-reached", _both(as_contact_change, _not_reached)),
    ("escalation", "contact-change-reminder", _both(as_contact_change, _reminder)),
    ("dispute_alert", "contact-change-reply", _both(as_contact_change, _disputed_by_reply)),
]


def variant_context(name: str, mutate) -> dict:
    context = sample_context(name)
    if mutate is not None:
        mutate(context)
    return context


variants = pytest.mark.parametrize(
    ("name", "mutate"),
    [pytest.param(name, mutate, id=f"{name}-{label}") for name, label, mutate in VARIANTS],
)


def test_every_mail_template_has_a_sample_and_a_key_list():
    # Only the top level: sub-folders such as templates/forms/ hold blank forms, not mails.
    on_disk = {p.stem for p in TEMPLATES_DIR.glob("*.txt") if not p.name.startswith("_")}
    assert on_disk == set(TEMPLATE_NAMES) | set(SERVICE_MAILS)
    assert set(USED_KEYS) == set(TEMPLATE_NAMES)


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_template_reads_exactly_the_documented_keys(name):
    source = (TEMPLATES_DIR / f"{name}.txt").read_text(encoding="utf-8")
    top_level = {path[0] for path in USED_KEYS[name]}
    assert meta.find_undeclared_variables(ENV.parse(source)) == top_level


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_source_starts_with_the_subject_line(name):
    source = (TEMPLATES_DIR / f"{name}.txt").read_text(encoding="utf-8")
    first, second = source.split("\n")[:2]
    assert first.startswith("Subject: ")
    assert second == ""


@variants
def test_renders_subject_then_blank_line_then_body(name, mutate):
    context = variant_context(name, mutate)
    subject_line, blank, body = split_mail(render(name, context))
    assert subject_line.startswith("Subject: ")
    assert subject_line[len("Subject: "):].strip()
    assert blank == ""
    assert body.strip()
    # The code adds the reference to the subject itself.
    assert context["ticket"]["ref"] not in subject_line


@variants
def test_body_mentions_reference_and_domain(name, mutate):
    context = variant_context(name, mutate)
    _, _, body = split_mail(render(name, context))
    assert context["ticket"]["ref"] in body
    if context["ticket"]["domains"] or "domain" in context:
        assert domain_of(context) in body


@variants
def test_output_is_tidy_and_signed_by_the_service(name, mutate):
    context = variant_context(name, mutate)
    text = render(name, context)
    assert text.endswith(f"\n\n{context['service']['name']}\n")
    assert "\n\n\n" not in text
    assert not text.startswith("\n")
    assert "None" not in text
    for marker in ("{{", "}}", "{%", "%}", "{#", "#}"):
        assert marker not in text
    for line in text.split("\n"):
        assert line == line.rstrip(), f"trailing space in {line!r}"


@variants
def test_lines_are_short_except_ds_digests(name, mutate):
    text = render(name, variant_context(name, mutate))
    for line in text.split("\n"):
        assert len(line) <= 100 or DS_DIGEST.search(line), f"line too long: {line!r}"


@pytest.mark.parametrize(
    ("name", "path"),
    [pytest.param(name, path, id=f"{name}-{'.'.join(map(str, path))}")
     for name in TEMPLATE_NAMES for path in USED_KEYS[name]],
)
def test_a_missing_key_fails_to_render(name, path):
    context = sample_context(name)
    delete(context, path)
    with pytest.raises(jinja2.UndefinedError):
        render(name, context)


# Lock contacts are confidential: nothing sent to a registrar may name them or say how they are
# reached, even when the caller hands the template more than it needs.
REGISTRAR_MAILS = [
    pytest.param("change_received", mutate, id=f"change_received-{label}")
    for label, mutate in (("sample", None), ("urgent", _urgent), ("amended", _amended))
] + [pytest.param("change_outcome", _outcome(o), id=f"change_outcome-{o}") for o in OUTCOMES]


@pytest.mark.parametrize(("name", "mutate"), REGISTRAR_MAILS)
def test_registrar_mail_never_names_the_lock_contacts(name, mutate):
    context = variant_context(name, mutate)
    context["security_contacts"] = [dict(SECURITY_CONTACT)]
    text = render(name, context)
    for secret in SECURITY_CONTACT.values():
        assert secret not in text
    assert "7946" not in text
    assert "phone" not in text.lower()
    assert "security" not in text.lower()


def test_change_received_lists_the_resulting_records_as_read_for_the_registrar_to_check():
    text = render("change_received", sample_context("change_received"))
    assert "  After the change: + ns1.newdns.co.uk (added)\n                    + ns2.newdns.co.uk (added)" in text
    assert "  Removed:          - ns1.hmrc.gov.uk (removed)\n                    - ns2.hmrc.gov.uk (removed)" in text
    assert ("If this is not the change you asked for, reply to this email at once. Do not send a new request."
            in flat(text))
    assert "on hold until the domain owner has verified it" in flat(text)


def test_change_received_marks_only_what_changes():
    context = sample_context("change_received")
    context["change"]["items"][0]["current"] = ["ns0.old.example", "ns1.hmrc.gov.uk"]
    context["change"]["items"][0]["requested"] = ["ns1.hmrc.gov.uk", "ns3.new.example"]
    _, _, body = split_mail(render("change_received", context))
    assert ("  After the change:   ns1.hmrc.gov.uk\n                    + ns3.new.example (added)\n"
            "  Removed:          - ns0.old.example (removed)\n") in body


def test_change_received_says_an_amended_request_needs_verifying_again():
    context = sample_context("change_received")
    assert "amended" not in render("change_received", context).lower()
    context["amended"] = True
    text = render("change_received", context)
    assert "amended request" in text
    assert "must verify" in text


def test_confirmation_shows_current_and_requested_name_servers():
    _, _, body = split_mail(render("confirmation_of_authorisation",
                                   sample_context("confirmation_of_authorisation")))
    for server in ("ns1.hmrc.gov.uk", "ns2.hmrc.gov.uk", "ns1.newdns.co.uk", "ns2.newdns.co.uk"):
        assert server in body
    assert body.index("Current:") < body.index("ns1.hmrc.gov.uk") < body.index("After the change:")
    assert body.index("After the change:") < body.index("ns1.newdns.co.uk")
    assert "  Current:          - ns1.hmrc.gov.uk (removed)" in body
    assert "  After the change: + ns1.newdns.co.uk (added)" in body
    assert "Sam Patel" in body and "Monday 30 November 2026, 10:05am" in body
    assert "I confirm this change" in body and '"not authorised"' in body
    assert "Only replies to this email count" in flat(body)


def test_confirmation_shows_a_removal_as_such():
    context = sample_context("confirmation_of_authorisation")
    _remove_all(context)
    assert "After the change:   (none: remove all)" in render("confirmation_of_authorisation", context)


def test_the_operators_task_marks_each_value_added_and_removed_beside_the_ones_kept():
    context = sample_context("operator_task")
    context["change"]["items"][0]["current"] = ["ns0.old.example", "ns1.hmrc.gov.uk"]
    context["change"]["items"][0]["requested"] = ["ns1.hmrc.gov.uk", "ns3.new.example"]
    _, _, body = split_mail(render("operator_task", context))
    assert ("Name servers\n"
            "  Current:          - ns0.old.example (removed)\n"
            "                      ns1.hmrc.gov.uk\n"
            "  After the change:   ns1.hmrc.gov.uk\n"
            "                    + ns3.new.example (added)\n") in body
    assert "WARNING" not in body


def test_the_operators_task_warns_first_when_a_lock_contact_would_become_a_whois_contact():
    context = sample_context("operator_task")
    context["lock_contacts_in_whois"] = [SECURITY_CONTACT["email"]]
    _, _, body = split_mail(render("operator_task", context))
    assert flat(body).startswith(f"WARNING: this change would make a Registry Lock contact "
                                 f"({SECURITY_CONTACT['email']}) a WHOIS contact; lock contacts must stay apart "
                                 "from WHOIS.")


def test_request_unclear_says_what_was_read_why_not_and_the_form_to_send():
    text = render("request_unclear", sample_context("request_unclear"))
    subject, _, body = split_mail(text)
    assert subject == "Subject: We could not read your request for hmrc.gov.uk: please send it again"
    assert "We have not made any change" in flat(body)
    assert "  Name servers to add:\n    ns3.newdns.co.uk\n  Name servers to remove:\n    ns0.old.example\n" in body
    assert "ns0.old.example cannot be removed: it is not among the current name servers" in flat(body)
    assert "  Domain: hmrc.gov.uk\n  Nameservers: ns1.dns-provider.example, ns2.dns-provider.example\n" in body
    assert "Give every value the domain should have after the change" in flat(body)


def test_request_unclear_gives_an_example_for_each_field_asked_and_each_domain():
    context = sample_context("request_unclear")
    context["domains"][0]["fields"] = ["nameservers", "ds", "contacts", "registrant"]
    context["domains"].append({"name": "tax.gov.uk", "read": [], "problem": "nothing could be read.",
                               "fields": ["nameservers"]})
    _, _, body = split_mail(render("request_unclear", context))
    for line in ("  Domain: hmrc.gov.uk", "  DS: 2371 13 2 ", "  Contacts: ", "  Registrant: ", "  Domain: tax.gov.uk"):
        assert line in body
    assert "We could not read any values for tax.gov.uk." in body
    context["domains"][0]["fields"] = ["glue"]
    with pytest.raises(jinja2.UndefinedError, match="unknown field: glue"):
        render("request_unclear", context)


def test_passed_on_shows_the_change_as_read_or_why_it_could_not_be():
    context = sample_context("passed_on")
    _, _, body = split_mail(render("passed_on", context))
    assert "  After the change: + ns1.newdns.co.uk (added)" in body
    context["problem"] = "Name servers: a domain needs at least two name servers."
    _, _, body = split_mail(render("passed_on", context))
    assert "After the change" not in body
    assert "We could not read exactly what change it asks for: Name servers: a domain needs" in flat(body)


def test_a_void_confirmation_after_a_withdrawal_says_no_change_will_be_made():
    context = sample_context("confirmation_void")
    context["why"] = "withdrawn"
    subject, _, body = split_mail(render("confirmation_void", context))
    assert subject == "Subject: The change to hmrc.gov.uk was withdrawn: do not confirm it"
    assert "The registrar has withdrawn its request" in flat(body) and "No change will be made" in flat(body)
    assert "phone your security team again" not in flat(body)
    context["why"] = "lost"
    with pytest.raises(jinja2.UndefinedError, match="unknown reason: lost"):
        render("confirmation_void", context)


@pytest.mark.parametrize("urgent", [False, True])
def test_operator_task_gives_the_number_and_flags_urgency(urgent):
    context = sample_context("operator_task")
    context["ticket"]["urgent"] = urgent
    text = render("operator_task", context)
    subject_line, _, body = split_mail(text)
    assert SECURITY_CONTACT["phone"] in body
    assert SECURITY_CONTACT["name"] in body
    assert "Monday 30 November 2026, 3:10pm" in body
    assert "Phone only the numbers listed here" in body
    assert ("URGENT" in text) is urgent
    assert subject_line.startswith("Subject: URGENT") is urgent
    assert body.startswith("URGENT") is urgent


def test_operator_task_gives_the_command_to_record_the_call():
    text = render("operator_task", sample_context("operator_task"))
    assert "mailbot call RL-000001 --outcome verified|refused|no-answer \\\n" in text
    assert f"--contact {SECURITY_CONTACT['email']} --operator NAME" in text


def test_operator_task_with_several_contacts_asks_which_one_was_called():
    context = sample_context("operator_task")
    _two_contacts(context)
    text = render("operator_task", context)
    assert "--contact EMAIL --operator NAME" in text
    assert "+44 20 7946 0000" in text and "+44 20 7946 0999" in text


def test_operator_task_without_a_number_forbids_phoning_any_other():
    context = sample_context("operator_task")
    _bare_contact(context)
    assert "none on record: do not phone any other number" in render("operator_task", context)


def test_operator_task_without_contacts_stops_the_change():
    context = sample_context("operator_task")
    _no_contacts(context)
    text = render("operator_task", context)
    assert "no security contact on record" in text
    assert "Do not make the change" in text
    assert context["service"]["gds_address"] in text
    assert "mailbot call" not in text


def test_an_unknown_outcome_fails_to_render():
    context = sample_context("change_outcome")
    context["outcome"] = "lost"
    with pytest.raises(jinja2.UndefinedError, match="unknown outcome: lost"):
        render("change_outcome", context)


@pytest.mark.parametrize("outcome", OUTCOMES)
def test_each_outcome_says_whether_the_change_was_made(outcome):
    context = sample_context("change_outcome")
    context["outcome"] = outcome
    _, _, body = split_mail(render("change_outcome", context))
    if outcome == "completed":
        assert "We have made the change" in body
    else:
        assert "not made the change" in body


def test_dispute_alert_says_plainly_what_happened():
    _, _, body = split_mail(render("dispute_alert", sample_context("dispute_alert")))
    assert "NOT authorised by the domain owner" in body
    assert "We have stopped it" in body
    assert "attempt to hijack" in body
    assert "Example Registrar Ltd" in body
    assert "ns1.newdns.co.uk" in body
    assert "GDS will handle" in body
    assert "check its own systems" in body


def test_change_notification_shows_previous_and_new_values_and_who_to_tell():
    context = sample_context("change_notification")
    _, _, body = split_mail(render("change_notification", context))
    assert body.index("Previous:") < body.index("ns1.hmrc.gov.uk") < body.index("New:")
    assert body.index("New:") < body.index("ns1.newdns.co.uk")
    assert "Tuesday 1 December 2026, 11:20am" in body
    assert "verified with your organisation's" in body
    assert context["service"]["gds_address"] in body
    assert SECURITY_CONTACT["email"] not in body


def test_triage_notice_says_why_and_how_to_look():
    context = sample_context("triage_notice")
    text = render("triage_notice", context)
    assert "mailbot tickets show RL-000001" in text
    assert context["request"]["from"] in text
    assert "Query about hmrc.gov.uk" in text
    assert "no name servers, DS records" in text


def test_operator_notice_subject_is_the_headline():
    context = sample_context("operator_notice")
    subject_line, _, body = split_mail(render("operator_notice", context))
    assert subject_line == f"Subject: {context['headline']}"
    assert "- The reply carried" in body
    assert "What to do next" in body
    _bare_notice(context)
    assert "What to do next" not in render("operator_notice", context)


def test_passed_on_says_the_domain_is_not_locked_and_the_original_is_attached():
    context = sample_context("passed_on")
    text = render("passed_on", context)
    assert "not in the Registry Lock service" in flat(text)
    assert "original message is attached" in flat(text)
    assert context["request"]["message_id"] in text


def test_every_sample_gives_the_registry_operators_phone_number():
    for name in TEMPLATE_NAMES:
        assert sample_context(name)["service"]["phone"] == SERVICE_PHONE


def test_confirmation_gives_the_number_to_phone_if_not_authorised():
    text = render("confirmation_of_authorisation", sample_context("confirmation_of_authorisation"))
    assert f"phone the registry operator at once on {SERVICE_PHONE}" in flat(text)


@pytest.mark.parametrize(
    ("name", "key", "value"),
    [("chase_operator", "reason", "lost"), ("chase_security_team", "reason", "lost"),
     ("escalation", "stage", "lost")],
)
def test_an_unknown_reason_or_stage_fails_to_render(name, key, value):
    context = sample_context(name)
    context[key] = value
    with pytest.raises(jinja2.UndefinedError, match=f"unknown {key}: {value}"):
        render(name, context)


def test_chase_operator_for_the_first_call_gives_the_numbers_and_the_command():
    context = sample_context("chase_operator")
    subject_line, _, body = split_mail(render("chase_operator", context))
    assert "phone the security team" in subject_line
    assert "No call to the security team" in body
    assert "Phone the security team now" in body
    assert context["due"] in body
    assert SECURITY_CONTACT["name"] in body and SECURITY_CONTACT["phone"] in body
    assert "Phone only the numbers listed here" in body
    assert "mailbot call RL-000001 --outcome verified|refused|no-answer \\\n" in body
    assert f"--contact {SECURITY_CONTACT['email']} --operator NAME" in body
    assert "mailbot applied" not in body


def test_chase_operator_lists_unanswered_calls():
    context = sample_context("chase_operator")
    _unanswered_calls(context)
    body = flat(render("chase_operator", context))
    assert "has not been reached" in body and "No call to the security team" not in body
    assert "Alex Morgan" in body and "Voicemail left asking them to phone back." in body


def test_chase_operator_without_contacts_stops_the_change():
    context = sample_context("chase_operator")
    _no_contacts(context)
    text = render("chase_operator", context)
    assert "no security contact on record" in text
    assert context["service"]["gds_address"] in text
    assert "mailbot call" not in text


def test_chase_operator_to_apply_says_to_make_the_change_or_withdraw():
    context = sample_context("chase_operator")
    _chase_to_apply(context)
    subject_line, _, body = split_mail(render("chase_operator", context))
    assert "make the authorised change" in subject_line
    assert "authorised this change" in body
    assert "mailbot applied RL-000001 --operator NAME" in body
    assert "mailbot withdraw RL-000001 --operator NAME" in body
    assert "ns1.hmrc.gov.uk" in body and "ns1.newdns.co.uk" in body
    assert "mailbot call" not in body and "Who to phone" not in body


# The chase to the security team goes out by email and may be read by the wrong person: it names
# the domain and the reference, and nothing else about the change.
@pytest.mark.parametrize("reason", CHASE_REASONS)
def test_chase_security_team_gives_no_detail_of_the_change(reason):
    context = sample_context("chase_security_team")
    context["reason"] = reason
    _with_ds(context)
    # Even when the caller hands the template more than it needs.
    context["security_contacts"] = [dict(SECURITY_CONTACT)]
    text = render("chase_security_team", context)
    assert context["change"]["domain"] in text
    assert context["ticket"]["ref"] in text
    assert SERVICE_PHONE in text
    for item in context["change"]["items"]:
        assert item["label"].lower() not in text.lower()
        for value in item["current"] + item["requested"]:
            assert value not in text
            for part in value.split():
                if len(part) > 4:
                    assert part not in text
    assert context["registrar"]["name"] not in text
    assert context["ticket"]["opened_at"] not in text
    for secret in (SECURITY_CONTACT["name"], SECURITY_CONTACT["phone"], "+44 20 7946 0999"):
        assert secret not in text
    assert "name server" not in text.lower()


def test_chase_security_team_never_reads_the_change_items_or_the_registrar():
    source = (TEMPLATES_DIR / "chase_security_team.txt").read_text(encoding="utf-8")
    tree = ENV.parse(source)
    assert "registrar" not in meta.find_undeclared_variables(tree)
    assert "security_contacts" not in meta.find_undeclared_variables(tree)
    assert not list(meta.find_referenced_templates(tree))
    read = {node.attr for node in tree.find_all(nodes.Getattr)}
    read |= {node.arg.value for node in tree.find_all(nodes.Getitem)
             if isinstance(node.arg, nodes.Const)}
    assert read.isdisjoint({"items", "current", "requested", "label", "field"})


def test_chase_security_team_asks_for_a_call_back():
    subject_line, _, body = split_mail(render("chase_security_team",
                                              sample_context("chase_security_team")))
    assert "Phone the registry operator" in subject_line
    assert "could not reach you" in body
    assert f"Phone the registry operator on {SERVICE_PHONE}" in body
    assert "Quote the reference RL-000001" in body


def test_chase_security_team_asks_for_a_reply_to_the_confirmation():
    context = sample_context("chase_security_team")
    context["reason"] = "confirm"
    subject_line, _, body = split_mail(render("chase_security_team", context))
    assert "confirm or dispute" in subject_line
    text = flat(body)
    assert '"Confirm the change you authorised to hmrc.gov.uk"' in text
    assert '"I confirm this change"' in text and '"not authorised"' in text
    assert f"If you did not get that email, phone the registry operator on {SERVICE_PHONE}" in text
    assert "Only a reply to that email counts" in text


def test_escalation_shows_every_call_and_every_chase_in_order():
    context = sample_context("escalation")
    _, _, body = split_mail(render("escalation", context))
    places = []
    for call in context["calls"]:
        block = (f"{call['at']}\n  Called by:  {call['operator']}, registry operator\n"
                 f"  Phoned:     {call['contact']}\n"
                 f"  Outcome:    {call['outcome'].replace('-', ' ')}\n")
        if call["note"]:
            block += f"  Note:       {call['note']}\n"
        assert block in body
        places.append(body.index(block))
    for chase in context["chases"]:
        assert chase["at"] in body
        for address in chase["to"]:
            assert address in body
        places.append(body.index(chase["at"] + "\n  Sent:"))
    assert places == sorted(places)
    assert "Chasing email to the registry operators" in body
    assert "Chasing email to the security team" in body
    assert body.count("Called by:") == len(context["calls"])
    assert body.count("  Sent:") == len(context["chases"])


def test_escalation_shows_the_request_and_what_gds_should_do():
    context = sample_context("escalation")
    _, _, body = split_mail(render("escalation", context))
    text = flat(body)
    assert body.index("Current:") < body.index("ns1.hmrc.gov.uk") < body.index("After the change:")
    assert "Example Registrar Ltd" in body
    assert context["received_at"] in body and "4 working days" in body
    assert "1. Phone Jim Hacker on 020 7946 0500." in text  # who signed the organisation up
    assert "Jim Hacker, Chief Information Security Officer Phone: 020 7946 0500 Email: ciso@hmrc.gov.uk" in text
    assert "Organisation: HM Revenue and Customs" in text
    context["senior"], context["organisation"] = None, None  # imported records: no sign-up to name anyone
    text = flat(render("escalation", context))
    assert "1. Phone senior staff at the organisation that owns hmrc.gov.uk, on a number you have found" in text
    assert "No sign-up is on record for the organisation that owns hmrc.gov.uk" in text
    context = sample_context("escalation")
    assert "The change stays on hold" in text
    assert "not confirmed in writing" in text
    _not_reached(context)
    text = flat(render("escalation", context))
    assert "not been able to reach the security team by phone" in text
    assert f"phones the registry operator on {SERVICE_PHONE}" in text


def test_escalation_says_when_nothing_was_tried():
    context = sample_context("escalation")
    _nothing_tried(context)
    text = render("escalation", context)
    assert "No call has been recorded." in text
    assert "No chasing email has been sent." in text


def test_a_repeat_escalation_reads_as_a_reminder():
    context = sample_context("escalation")
    first_subject, _, first_body = split_mail(render("escalation", context))
    _reminder(context)
    again_subject, _, again_body = split_mail(render("escalation", context))
    assert first_subject != again_subject
    assert "reminder" not in (first_subject + first_body).lower()
    assert again_subject.startswith("Subject: Reminder")
    assert "still not verified" in again_subject
    assert "This is a reminder. We escalated this change request to you before" in flat(again_body)
    assert "We are escalating" in first_body and "We are escalating" not in again_body


def test_ticket_expired_says_the_change_was_not_made_and_who_was_told():
    context = sample_context("ticket_expired")
    _, _, body = split_mail(render("ticket_expired", context))
    text = flat(body)
    assert "We have closed it as expired" in text
    assert "The change has not been made and will not be made" in text
    assert "The registrar has been told" in text
    assert "10 working days" in text and context["received_at"] in text
    for call in context["calls"]:
        assert f"{call['at']}\n  Called by:  {call['operator']}" in body
    for chase in context["chases"]:
        assert chase["at"] in body
    assert "ns1.newdns.co.uk" in body and "Example Registrar Ltd" in body


def test_notification_overdue_says_the_contacts_must_be_told_another_way():
    context = sample_context("notification_overdue")
    _, _, body = split_mail(render("notification_overdue", context))
    text = flat(body)
    assert "The nominated contacts have not been told about the change" in text
    assert "Tell them another way now" in text
    assert context["applied_at"] in body and context["due"] in body
    assert "Mail status:  failed" in body
    assert context["last_error"] in text
    assert "will not be tried again" in text
    assert body.index("Previous:") < body.index("ns1.hmrc.gov.uk") < body.index("New:")
    _no_error(context)
    text = flat(render("notification_overdue", context))
    assert "Last error: none recorded" in text
    assert "still trying to send" in text


# -- joining and leaving Registry Lock -------------------------------------------------------------


def test_signup_received_lists_the_domains_and_the_contacts_by_role():
    context = sample_context("signup_received")
    _, _, body = split_mail(render("signup_received", context))
    text = flat(body)
    for domain in context["form"]["domains"]:
        assert f"  {domain}\n" in body
    for contact in context["form"]["contacts"]:
        assert contact["email"] in body
    # The form lists the technical contact first; the mail puts the security contact first.
    places = [body.index(f"{role} contact\n") for role in
              ("Security", "Technical", "Support", "Notification")]
    assert places == sorted(places)
    assert f"Phone:  {SECURITY_CONTACT['phone']}" in body
    assert "GDS will check that you are the right person" in text
    assert "a senior member of your IT or security organisation" in text
    assert "copy of the current registry records" in text


@pytest.mark.parametrize("name", ["signup_received", "signup_for_review"])
def test_an_unknown_contact_role_fails_to_render(name):
    context = sample_context(name)
    context["form"]["contacts"][0]["role"] = "owner"
    with pytest.raises(jinja2.UndefinedError, match="unknown role: owner"):
        render(name, context)


def test_contacts_changing_with_an_unknown_role_fails_to_render():
    context = sample_context("signup_contacts_changing")
    context["new_contacts"][0]["role"] = "owner"
    with pytest.raises(jinja2.UndefinedError, match="unknown role: owner"):
        render("signup_contacts_changing", context)


@pytest.mark.parametrize("name", FOR_REVIEW)
def test_a_review_shows_who_asked_every_check_and_the_commands(name):
    context = sample_context(name)
    _, _, body = split_mail(render(name, context))
    text = flat(body)
    form = context["form"]
    for value in (form["requester_name"], form["job_title"], form["organisation"],
                  form["requester_email"], form["requester_phone"], context["sender"]):
        assert value in body
    for domain in form["domains"]:
        assert f"  {domain}\n" in body
    for check in context["checks"]:
        assert f"- {check}" in text
    # GDS has no shell on the registry's machine: it replies with a command, listed at the end.
    assert "mailbot" not in body and "Reply to this email with approve." in text
    assert "\n  approve by=NAME\n  reject by=NAME reason=TEXT\n" in body
    assert "senior member" in text and "entitled to ask" in text
    assert "Check by phone with the organisation" in text
    assert "not one given in the" in text


def test_signup_review_shows_every_contact():
    context = sample_context("signup_for_review")
    body = render("signup_for_review", context)
    for contact in context["form"]["contacts"]:
        assert contact["email"] in body


def test_cancellation_review_warns_that_a_hijacker_would_remove_the_lock_first():
    text = flat(render("cancellation_for_review", sample_context("cancellation_for_review")))
    assert "what someone trying to hijack a domain would do first" in text
    assert "The lock stays in place until you approve the request" in text


@pytest.mark.parametrize(("name", "problems"),
                         [("signup_rejected", SIGNUP_PROBLEMS),
                          ("cancellation_rejected", CANCELLATION_PROBLEMS)])
def test_a_rejection_lists_every_problem_at_once(name, problems):
    context = sample_context(name)
    assert context["problems"] == problems and len(problems) > 1
    _, _, body = split_mail(render(name, context))
    text = flat(body)
    for problem in problems:
        assert f"- {problem}" in text
    assert "checked all of it" in text and f"We found {len(problems)} problems:" in text
    assert "could not" not in text  # the form was read
    assert "Correct every problem listed above" in text
    assert "send the whole" in text
    assert "GDS gave this reason" not in text
    for domain in context["form"]["domains"]:
        assert f"  {domain}\n" in body


@pytest.mark.parametrize("name", REJECTIONS)
def test_a_rejection_by_gds_gives_its_reason(name):
    context = sample_context(name)
    _rejected_by_gds(context)
    text = flat(render(name, context))
    assert f"GDS gave this reason: {GDS_REASON}" in text
    assert "We found" not in text
    _rejected_without_reason(context)
    text = flat(render(name, context))
    assert "GDS checked your" in text and "did not accept it" in text
    assert "GDS gave this reason" not in text


@pytest.mark.parametrize("name", REJECTIONS)
def test_a_rejection_renders_when_no_form_could_be_found(name):
    context = sample_context(name)
    _unreadable_form(context)
    text = flat(render(name, context))
    assert "We could not find a" in text and "We found 2 problems:" in text
    for problem in UNREADABLE_FORM_PROBLEMS:
        assert f"- {problem}" in text
    assert "send the whole" in text


@pytest.mark.parametrize("name", REJECTIONS)
def test_a_rejection_says_who_to_ask_and_links_to_nothing(name):
    context = sample_context(name)
    text = flat(render(name, context))
    assert f"email GDS at {context['service']['gds_address']}" in text
    assert "senior member of your IT or security organisation" in text
    assert "http" not in text and "www." not in text


def test_signup_rejection_reminds_the_address_rules():
    text = flat(render("signup_rejected", sample_context("signup_rejected")))
    assert "personal email addresses, such as name@gmail.com" in text
    assert "individuals, such as firstname.lastname@organisation.gov.uk" in text
    assert "different from every contact published in the WHOIS records" in text


def test_signup_activated_says_changes_are_now_verified_by_phone():
    context = sample_context("signup_activated")
    _, _, body = split_mail(render("signup_activated", context))
    text = flat(body)
    assert "Registry Lock is now active for these domains" in text
    for domain in context["domains"]:
        assert f"  {domain}\n" in body
    assert "name servers, DS records or contacts" in text
    assert "verified by phone with your security team" in text
    assert "sent your Registry Lock contacts a copy of the current registry records" in text
    assert "contact change" not in text


def test_signup_activated_for_an_organisation_in_registry_lock_says_its_contacts_go_through_a_contact_change():
    context = sample_context("signup_activated") | {"contact_change": "RL-000002"}
    text = flat(split_mail(render("signup_activated", context))[2])
    assert "the ones on record, not the ones on your form" in text
    assert "a contact change of their own, RL-000002" in text and "with your present Registry Lock contacts" in text


def test_current_records_shows_every_record_of_every_domain():
    context = sample_context("current_records")
    _, _, body = split_mail(render("current_records", context))
    signed, unsigned = context["domains"]
    assert signed["ds"] and not unsigned["ds"]
    for domain in context["domains"]:
        block = body[body.index(f"{domain['name']}\n  Registrar:"):]
        block = block[:block.index("\n\n")]
        assert f"Registrar:       {domain['registrar']}" in block
        assert f"Registrant:      {domain['registrant']}" in block
        for value in domain["nameservers"] + domain["ds"] + domain["whois_contacts"]:
            assert value in block
        if not domain["ds"]:
            assert "DS records:      none" in block
    assert body.index("Name servers:    ns1.hmrc.gov.uk\n") < body.index("ns2.hmrc.gov.uk")


def test_current_records_says_who_the_reader_is_and_how_to_report_mistakes():
    context = sample_context("current_records")
    text = flat(render("current_records", context))
    assert "You are now a Registry Lock contact for HM Revenue and Customs" in text
    assert f"phone {SERVICE_PHONE}" in text and "reply to this email" in text
    assert "will phone you to check that it is genuine" in text
    assert "Keep your phone numbers up to date" in text
    assert "confidential" in text and "not published in WHOIS" in text


def test_current_records_without_records_says_so():
    context = sample_context("current_records")
    _bare_records(context)
    body = render("current_records", context)
    assert body.count("Registrar:       none on record") == len(context["domains"])
    assert body.count("DS records:      none\n") == len(context["domains"])
    assert body.count("WHOIS contacts:  none\n") == len(context["domains"])


@pytest.mark.parametrize("name", ["signup_contacts_changing", "cancellation_requested"])
def test_lock_contacts_are_told_who_asked_and_to_contact_gds(name):
    context = sample_context(name)
    _, _, body = split_mail(render(name, context))
    text = flat(body)
    form = context["form"]
    assert f"Asked by: {form['requester_name']}" in text
    assert f"Job title: {form['job_title']}" in text
    assert f"Email: {form['requester_email']}" in text
    assert f"Contact GDS at once: email {context['service']['gds_address']}" in text
    assert "If you did not expect this" in body
    assert "you do not need to do anything" in text


def test_contacts_changing_lists_the_new_addresses_but_not_their_numbers():
    context = sample_context("signup_contacts_changing")
    text = render("signup_contacts_changing", context)
    for contact in context["new_contacts"]:
        assert contact["email"] in text
    assert f"Security contact:      {SECURITY_CONTACT['email']}" in text
    for contact in context["form"]["contacts"]:
        if contact["phone"]:
            assert contact["phone"] not in text
    assert "attempt to take control of your domains" in flat(text)
    assert "GDS will check" in flat(text)


def test_cancellation_requested_gives_the_phone_and_warns_of_hijack():
    context = sample_context("cancellation_requested")
    text = flat(render("cancellation_requested", context))
    assert f"Phone: {context['form']['requester_phone']}" in text
    assert "what someone trying to hijack a domain would do first" in text
    assert "Registry Lock stays in place until GDS has checked" in text


def test_cancellation_received_says_the_lock_stays_until_gds_has_checked():
    context = sample_context("cancellation_received")
    text = flat(render("cancellation_received", context))
    assert "Until GDS has checked, Registry Lock stays in place" in text
    assert "significantly increase the risk" in text
    for domain in context["form"]["domains"]:
        assert domain in text


def test_cancellation_completed_says_plainly_that_the_risk_is_higher():
    context = sample_context("cancellation_completed")
    _, _, body = split_mail(render("cancellation_completed", context))
    text = flat(body)
    for domain in context["domains"]:
        assert f"  {domain}\n" in body
    assert "have left the Registry Lock service" in text
    assert "no longer verified with your security team" in text
    assert "The risk of these domains being hijacked is now significantly higher" in text
    assert "security risk and governance process" in text
    assert "must sign up again" in text


def test_command_result_says_what_was_done():
    context = sample_context("command_result")
    subject_line, _, body = split_mail(render("command_result", context))
    text = flat(body)
    assert subject_line == "Subject: Command carried out"
    assert "The command from registry-operators@registry.example was carried out." in text
    assert "Command: call verified contact=cyber-security@hmrc.gov.uk note=spoke to the duty manager" in text
    assert "State now: awaiting_confirmation" in text and context["did"] in text
    assert "Why" not in text


def test_command_result_refused_gives_every_reason_and_the_commands():
    context = sample_context("command_result")
    _command_refused(context)
    subject_line, _, body = split_mail(render("command_result", context))
    text = flat(body)
    assert subject_line == "Subject: Command refused"
    assert "was refused. Nothing has changed." in text and "Nothing has changed.\n" in body
    for problem in COMMAND_PROBLEMS:
        assert f"- {problem}" in text
    for command in context["replies"]["commands"]:  # what the ticket accepts now, one a line
        assert f"\n  {command['line']}\n" in body
    assert "Each mail's reply token counts once" in text


def test_a_broken_template_stops_the_service_as_it_starts_naming_the_template(tmp_path):
    from mailbot.errors import ConfigError
    from mailbot.outbox.render import Renderer

    Renderer(TEMPLATES_DIR).compile_all()  # the real ones all compile
    shutil.copytree(TEMPLATES_DIR, tmp_path / "templates")
    (tmp_path / "templates" / "escalation.txt").write_text("Subject: Escalated {{ ref\n\nbody\n")
    with pytest.raises(ConfigError, match=r"^templates/escalation\.txt: "):
        Renderer(tmp_path / "templates").compile_all()


def test_an_instant_in_mail_reads_as_the_registry_wall_clock_in_english():
    from datetime import UTC, datetime

    from mailbot.outbox.render import when

    assert when(datetime(2026, 11, 27, 15, 10, tzinfo=UTC), "Europe/London") == "Friday 27 November 2026, 3:10pm"
    # Summer time: an hour ahead of UTC, and noon and midnight as people say them.
    assert when(datetime(2026, 6, 1, 11, 5, tzinfo=UTC), "Europe/London") == "Monday 1 June 2026, 12:05pm"
    assert when(datetime(2026, 6, 1, 23, 0, tzinfo=UTC), "Europe/London") == "Tuesday 2 June 2026, midnight"
    assert when(datetime(2026, 6, 1, 11, 0, tzinfo=UTC), "Europe/London") == "Monday 1 June 2026, midday"
    # On the hour, as GOV.UK writes times: "10am", not "10:00am".
    assert when(datetime(2026, 12, 7, 10, 0, tzinfo=UTC), "Europe/London") == "Monday 7 December 2026, 10am"
    assert when(datetime(2026, 12, 7, 17, 30, tzinfo=UTC), "Europe/London") == "Monday 7 December 2026, 5:30pm"
    assert when(None, "Europe/London") is None


# Mail about no ticket, from the service itself: checked here with a context of its own.
def _history_digest() -> dict:
    return {"service": {"name": ".gov.uk Registry Lock"}, "day": "Friday 27 November 2026",
            "made_at": "Friday 27 November 2026, 12:05am", "file": "history-digest-2026-11-27.json",
            "tickets": 42, "events": 517}


SERVICE_MAILS = {"history_digest": _history_digest}


@pytest.mark.parametrize("name", sorted(SERVICE_MAILS))
def test_service_mail_reads_only_its_keys_and_is_tidy(name):
    context = SERVICE_MAILS[name]()
    source = (TEMPLATES_DIR / f"{name}.txt").read_text(encoding="utf-8")
    assert meta.find_undeclared_variables(ENV.parse(source)) == set(context)
    text = render(name, context)
    subject_line, blank, _ = split_mail(text)
    assert subject_line.startswith("Subject: ") and blank == ""
    assert text.endswith(f"\n\n{context['service']['name']}\n") and "\n\n\n" not in text and "None" not in text
    for line in text.split("\n"):
        assert line == line.rstrip() and len(line) <= 80, line
    for key in context:
        broken = SERVICE_MAILS[name]()
        del broken[key]
        with pytest.raises(jinja2.UndefinedError):
            render(name, broken)


def test_history_digest_tells_gds_what_it_is_what_to_keep_and_how_it_is_used():
    text = render("history_digest", _history_digest())
    assert text.startswith("Subject: Ticket history digest for Friday 27 November 2026\n")
    assert "keep this email and its attachment, history-digest-2026-11-27.json, as they are" in flat(text)
    assert "You do not need to do anything else, or to reply." in flat(text)
    assert "It covers 42 tickets, with 517 events in all." in flat(text)
    assert "  mailbot audit verify --against history-digest-2026-11-27.json\n" in text
    assert "It names no domain, contact or change." in flat(text)
    one = render("history_digest", _history_digest() | {"tickets": 1, "events": 1})
    assert "It covers 1 ticket, with 1 event in all." in flat(one)


# -- the mails a contact change shares with a change request, in its own words ---------------------------------


def contact_change_mail(name: str, *mutations) -> str:
    context = sample_context(name)
    as_contact_change(context)
    for mutate in mutations:
        mutate(context)
    return render(name, context)


def test_a_disputed_contact_change_says_the_contacts_stay():
    subject, _, body = split_mail(contact_change_mail("dispute_alert"))
    text = " ".join(body.split())
    assert subject == ("Subject: Unauthorised change of Registry Lock contacts for hmrc.gov.uk and taxcredits.gov.uk "
                       "stopped")
    assert "A change to the Registry Lock contacts of hmrc.gov.uk and taxcredits.gov.uk was NOT authorised by its " \
           "present Registry Lock contacts" in text
    assert "The contacts have not been changed and will not be changed." in text
    assert f"Requested by: {CONTACT_CHANGE_REQUESTER}" in text
    assert "whether the person named above asked for this change" in text  # what GDS must find out
    assert "registrar accounts" not in text and "The change has not been made" not in text


def test_an_expired_contact_change_tells_gds_to_tell_the_requester():
    subject, _, body = split_mail(contact_change_mail("ticket_expired"))
    text = " ".join(body.split())
    assert subject == "Subject: Contact change for hmrc.gov.uk and taxcredits.gov.uk expired, not verified"
    assert "not verified by its present Registry Lock contacts" in text
    assert "The registrar has been told" not in text and "registrar must send" not in text
    assert "We have not emailed the person who asked: tell them." in text
    assert "a senior member of the organisation must send a new contact-change form" in text


@pytest.mark.parametrize("stage", [_not_reached, None])
def test_an_escalated_contact_change_asks_gds_to_check_the_requester_and_approve_only_after(stage):
    subject, _, body = split_mail(contact_change_mail("escalation", *([stage] if stage else [])))
    text = " ".join(body.split())
    assert subject.startswith("Subject: Escalation: contact change for hmrc.gov.uk")
    assert "this request to change the Registry Lock contacts to you" in text
    assert f"that {CONTACT_CHANGE_REQUESTER} asked for it" in text
    assert "The Registry Lock contacts stay as they are" in text and "GDS has approved it" in text
    assert "hijack" not in text and "The change stays on hold" not in text


def test_the_operators_chased_about_a_contact_change_phone_the_present_contacts():
    _, _, body = split_mail(contact_change_mail("chase_operator"))
    text = " ".join(body.split())
    assert "this request to change the Registry Lock contacts in time" in text
    assert "Phone the present Registry Lock contacts now" in text and "never the contacts to be added" in text
    assert f"Asked by: {CONTACT_CHANGE_REQUESTER}" in text and "What was asked for" in text
    assert "registrar" not in text.lower() and "Do not make the change yet" not in text


def test_a_lock_contact_chased_about_a_contact_change_is_pointed_at_its_confirmation():
    subject, _, body = split_mail(contact_change_mail("chase_security_team", _reason("confirm")))
    text = " ".join(body.split())
    assert subject == "Subject: Confirm or dispute the contact change for hmrc.gov.uk and taxcredits.gov.uk"
    assert 'starts "Confirm the change of Registry Lock contacts for hmrc.gov.uk and taxcredits.gov.uk"' in text
    assert "The contacts will not change until you confirm and GDS approves it." in text
    assert "secops@hmrc.gov.uk" not in text and "soc@hmrc.gov.uk" not in text  # no detail of the change
    _, _, body = split_mail(contact_change_mail("chase_security_team", _reason("call_back")))
    assert "The Registry Lock contacts will not change until" in " ".join(body.split())


def test_the_present_lock_contacts_are_told_what_is_added_and_removed_and_that_they_will_be_phoned():
    _, _, body = split_mail(contact_change_mail("signup_contacts_changing"))
    text = " ".join(body.split())
    assert "They asked for these contacts to be added: Security contact: secops@hmrc.gov.uk" in text
    assert "They asked for these Registry Lock contacts to be removed: soc@hmrc.gov.uk" in text
    assert "The registry operator will phone one of you" in text and "say so on that call" in text
    assert 'Reply to this email at once and write "not authorised": the request is stopped' in text
    assert "020 7946 0002" not in text  # no phone number of a new contact


def test_the_contact_change_confirmation_says_what_each_reader_must_do():
    _, _, body = split_mail(render("contact_change_confirmation", sample_context("contact_change_confirmation")))
    text = " ".join(body.split())
    assert "What you must do" in text and "I confirm this change" in text
    assert "GDS" in text and "mailbot" not in text and "What you can reply" not in text
    assert "call.\n\nReference:" in body  # a blank line after the wrapped paragraph
    # GDS's copy, in its own words: nothing to do yet, no reply confirms, what comes next.
    _, _, body = split_mail(render("contact_change_confirmation_for_gds",
                                   sample_context("contact_change_confirmation_for_gds")))
    text = " ".join(body.split())
    assert "You do not need to do anything yet, and a reply to this email does not confirm the change." in text
    assert "We will email you again once a Registry Lock contact has confirmed it." in text
    assert "reply to this email to confirm" not in text and "mailbot" not in text
