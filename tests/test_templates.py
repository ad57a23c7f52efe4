"""Render tests for the outbox mail templates: every mail the bot sends, checked as text."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
import pytest
from jinja2 import meta

from template_contexts import SECURITY_CONTACT, TEMPLATE_NAMES, sample_context

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"

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
USED_KEYS: dict[str, list[tuple]] = {
    "change_received": [
        ("ticket", "ref"), ("ticket", "opened_at"), ("ticket", "urgent"),
        ("service", "name"),
        ("change", "domain"), ("change", "items", 0, "label"), ("change", "items", 0, "requested"),
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
        ("amended",),
        ("request", "from"), ("request", "subject"), ("request", "message_id"),
        ("request", "received_at"),
    ],
    "confirmation_of_authorisation": [
        ("ticket", "ref"),
        ("service", "name"),
        ("change", "domain"), ("change", "items", 0, "label"),
        ("change", "items", 0, "current"), ("change", "items", 0, "requested"),
        ("registrar",),
        ("call", "contact"), ("call", "phone"), ("call", "operator"), ("call", "at"),
        ("call", "note"),
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
        ("request", "from"), ("request", "subject"), ("request", "message_id"),
        ("request", "received_at"),
    ],
    "triage_notice": [
        ("ticket", "ref"), ("ticket", "domains"),
        ("service", "name"),
        ("reason",),
        ("request", "from"), ("request", "subject"), ("request", "message_id"),
        ("request", "received_at"),
    ],
    "operator_notice": [
        ("ticket", "ref"), ("ticket", "domains"),
        ("service", "name"),
        ("headline",), ("details",), ("next_step",),
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
] + [("change_outcome", outcome, _outcome(outcome)) for outcome in OUTCOMES]


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
    on_disk = {p.stem for p in TEMPLATES_DIR.glob("*.txt") if not p.name.startswith("_")}
    assert on_disk == set(TEMPLATE_NAMES)
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


def test_change_received_lists_only_what_was_asked_for():
    text = render("change_received", sample_context("change_received"))
    assert "ns1.newdns.co.uk" in text and "ns2.newdns.co.uk" in text
    assert "ns1.hmrc.gov.uk" not in text and "ns2.hmrc.gov.uk" not in text
    assert "on hold until the domain owner has verified it" in flat(text)


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
    assert body.index("Current:") < body.index("ns1.hmrc.gov.uk") < body.index("Requested:")
    assert body.index("Requested:") < body.index("ns1.newdns.co.uk")
    assert "Sam Patel" in body and "Monday 30 November 2026 at 10:05am" in body
    assert "I confirm this change" in body and '"not authorised"' in body
    assert "Only replies to this email count" in flat(body)


def test_confirmation_shows_a_removal_as_such():
    context = sample_context("confirmation_of_authorisation")
    _remove_all(context)
    assert "Requested: (none: remove all)" in render("confirmation_of_authorisation", context)


@pytest.mark.parametrize("urgent", [False, True])
def test_operator_task_gives_the_number_and_flags_urgency(urgent):
    context = sample_context("operator_task")
    context["ticket"]["urgent"] = urgent
    text = render("operator_task", context)
    subject_line, _, body = split_mail(text)
    assert SECURITY_CONTACT["phone"] in body
    assert SECURITY_CONTACT["name"] in body
    assert "Monday 30 November 2026 at 3:10pm" in body
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
    assert "Tuesday 1 December 2026 at 11:20am" in body
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
