"""Tests for mailbot.parse.forms: sign-up and cancellation forms read from mail, with every problem at once."""

import dataclasses
import random
import re
import time
from importlib.resources import files
from pathlib import Path

import pytest

from mailbot.errors import ConfigError, MailbotError
from mailbot.parse import forms
from mailbot.parse.forms import (
    CancellationForm,
    FormContact,
    FormResult,
    SignupForm,
    read_form,
)

FORMS = Path(str(files("mailbot") / "templates" / "forms"))

REQUESTER = {
    "Organisation": ["HM Revenue & Customs"],
    "Your name": ["Jo Bloggs"],
    "Job title": ["Head of Cyber Security"],
    "Email": ["Jo.Bloggs@hmrc.gov.uk"],
    "Phone": ["020 7946 0000"],
}
SIGNUP_ANSWERS = {
    **REQUESTER,
    "Domain": ["hmrc.gov.uk", "tax.gov.uk, HMRC-Online.gov.uk"],
    "Registry Lock contact": ["secops@hmrc.gov.uk, 020 7946 0001, HMRC Security Operations",
                              "HMRC SOC <soc@hmrc.gov.uk>, +44 (0)20 7946 0002"],
    "Technical contact": ["dns@hmrc.gov.uk"],
    "Support contact": ["Service Desk, servicedesk@hmrc.gov.uk, 0300 200 3300"],
    "Notification contact": ["cyber-alerts@hmrc.gov.uk, Cyber Alerts"],
}
SIGNUP = SignupForm(
    organisation="HM Revenue & Customs",
    requester_name="Jo Bloggs",
    job_title="Head of Cyber Security",
    requester_email="jo.bloggs@hmrc.gov.uk",
    requester_phone="020 7946 0000",
    domains=("hmrc.gov.uk", "tax.gov.uk", "hmrc-online.gov.uk"),
    contacts=(
        FormContact("security", "secops@hmrc.gov.uk", "020 7946 0001", "HMRC Security Operations", 0),
        FormContact("security", "soc@hmrc.gov.uk", "+44 (0)20 7946 0002", "HMRC SOC", 0),
        FormContact("technical", "dns@hmrc.gov.uk", None, None, 0),
        FormContact("support", "servicedesk@hmrc.gov.uk", "0300 200 3300", "Service Desk", 0),
        FormContact("notify", "cyber-alerts@hmrc.gov.uk", None, "Cyber Alerts", 0),
    ),
)

# A small hand-written sign-up, as a person types it into a mail; line numbers below count from 1.
TYPED = """\
Hello,

Please sign us up to Registry Lock.

Request: Sign up
Organisation: Cabinet Office
Your name: Sam Smith
Job title: Chief Information Security Officer
Email: sam.smith@cabinetoffice.gov.uk
Phone: 020 7276 1234
Domain: cabinetoffice.gov.uk
Registry Lock contact: soc@cabinetoffice.gov.uk, 020 7276 0000, Security Operations Centre
Technical contact: hostmaster@cabinetoffice.gov.uk, DNS team

Thanks
"""


def blank(name: str) -> str:
    return (FORMS / f"{name}.txt").read_text(encoding="utf-8")


def fill(text: str, answers: dict[str, list[str]]) -> str:
    """The blank form with each empty `Name:` line answered in turn from answers[Name]."""
    left = {name: list(values) for name, values in answers.items()}
    out = []
    for line in text.split("\n"):
        name = line[:-1] if line.endswith(":") else None
        if left.get(name):
            line = f"{name}: {left[name].pop(0)}"
        out.append(line)
    assert not any(left.values()), f"the blank form has too few lines for {left}"
    return "\n".join(out)


def line_of(text: str, start: str, nth: int = 1) -> int:
    """The number of the nth line of text starting with start."""
    numbers = [i for i, line in enumerate(text.split("\n"), 1) if line.startswith(start)]
    return numbers[nth - 1]


def without_lines(form):
    """The form with every contact's line number set to 0, to compare values alone."""
    if isinstance(form, SignupForm):
        return dataclasses.replace(form, contacts=tuple(dataclasses.replace(c, line=0) for c in form.contacts))
    return form


def errors_of(subject: str, body: str, sender: str | None = None, **kwargs) -> tuple[str, ...]:
    result = read_form(subject, body, sender, **kwargs)
    assert result.kind is not None and result.form is None
    return result.errors


def typed(**changes: str | None) -> str:
    """TYPED with the line starting with each key replaced by the value (None: removed)."""
    lines = TYPED.split("\n")
    for start, value in changes.items():
        start = start.replace("_", " ")
        index = next(i for i, line in enumerate(lines) if line.lower().startswith(start.lower() + ":"))
        if value is None:
            del lines[index]
        else:
            lines[index] = value
    return "\n".join(lines)


# --- the blank forms -----------------------------------------------------------------------------

def test_filled_signup_form_is_read():
    body = fill(blank("signup"), SIGNUP_ANSWERS)
    result = read_form("Registry Lock", body)
    assert result.kind == "signup" and result.errors == ()
    assert without_lines(result.form) == SIGNUP
    assert [c.line for c in result.form.contacts] == [
        line_of(body, "Registry Lock contact:", 1), line_of(body, "Registry Lock contact:", 2),
        line_of(body, "Technical contact:"), line_of(body, "Support contact:"), line_of(body, "Notification contact:")]


def test_filled_cancellation_form_is_read():
    body = fill(blank("cancellation"), {**REQUESTER, "Domain": ["hmrc.gov.uk; tax.gov.uk"]})
    result = read_form("", body)
    assert result == FormResult("cancellation", CancellationForm(
        "HM Revenue & Customs", "Jo Bloggs", "Head of Cyber Security", "jo.bloggs@hmrc.gov.uk", "020 7946 0000",
        ("hmrc.gov.uk", "tax.gov.uk")), ())


def test_blank_signup_form_names_every_empty_field_with_its_line():
    text = blank("signup")
    errors = errors_of("", text)
    expected = [("Organisation", "Organisation:"), ("Your name", "Your name:"), ("Job title", "Job title:"),
                ("Email", "Email:"), ("Phone", "Phone:"), ("Domain", "Domain:"),
                ("Registry Lock contact", "Registry Lock contact:")]
    assert len(errors) == len(expected)
    for error, (name, start) in zip(errors, expected):
        assert error.startswith(f"{name} (line {line_of(text, start)}): empty; after the colon, write ")


def test_blank_cancellation_form_names_every_empty_field():
    errors = errors_of("", blank("cancellation"))
    assert [e.split(" (line")[0] for e in errors] == ["Organisation", "Your name", "Job title", "Email", "Phone",
                                                      "Domain"]


@pytest.mark.parametrize("name, fields", [
    ("signup", ["Request: Sign up", "Organisation:", "Your name:", "Job title:", "Email:", "Phone:", "Domain:",
                "Registry Lock contact:", "Technical contact:", "Support contact:", "Notification contact:"]),
    ("cancellation", ["Request: Cancel", "Organisation:", "Your name:", "Job title:", "Email:", "Phone:", "Domain:"]),
])
def test_blank_forms_use_the_documented_names_and_nothing_else_looks_like_a_field(name, fields):
    text = blank(name)
    assert [line for line in text.split("\n") if ":" in line] == [f for f in fields for _ in
                                                               range(text.split("\n").count(f))]
    assert "Registry Lock contact:" not in text or text.count("Registry Lock contact:") >= 2  # room for two teams
    assert text.endswith("\n") and "\r" not in text and "\t" not in text
    assert all(len(line) <= 100 for line in text.split("\n"))


def test_blank_signup_form_states_the_service_rules():
    text = " ".join(blank("signup").split())
    assert "senior member of your IT or security organisation" in text
    assert "different from any contact published in your WHOIS records" in text
    assert "name@gmail.com" in text and "firstname.lastname@example.gov.uk" in text
    assert "phone number" in text


def test_blank_cancellation_form_warns_of_the_risk():
    text = " ".join(blank("cancellation").split())
    assert "significantly increase the risk" in text and "security risk and governance process" in text


def test_documented_names_are_the_accepted_names():
    doc = forms.__doc__
    table = doc[doc.index("These are the accepted names:"):doc.index("The mail is a form")].split("\n")[1:]
    names = []
    for line in table:
        if not line.strip() or line.strip().endswith(":"):
            continue
        columns = re.split(r"\s{2,}", line.strip())
        names += [n.strip() for n in columns[-1].split(",") if n.strip()]
    assert sorted(forms.field_key(n) for n in names) == sorted(forms.FIELD_NAMES)


# --- which form ----------------------------------------------------------------------------------

@pytest.mark.parametrize("request_value, kind", [
    ("Sign up", "signup"), ("sign-up", "signup"), ("SIGNUP", "signup"), ("Join Registry Lock", "signup"),
    ("Register", "signup"), ("New sign up", "signup"), ("Enrol our domains", "signup"),
    ("Cancel", "cancellation"), ("Cancellation", "cancellation"), ("Stop using Registry Lock", "cancellation"),
    ("Leave", "cancellation"), ("leave registry lock", "cancellation"), ("Withdraw", "cancellation"),
    ("Remove our domains from Registry Lock", "cancellation"), ("Opt-out", "cancellation"),
    ("Please cancel our use of the Registry Lock service", "cancellation"), ("Apply", "signup"),
])
def test_kind_from_the_request_field(request_value, kind):
    assert read_form("Hello", typed(request=f"Request: {request_value}")).kind == kind


@pytest.mark.parametrize("subject, kind", [
    ("Registry Lock sign up", "signup"), ("Sign-up: Cabinet Office", "signup"),
    ("Request to join Registry Lock", "signup"),
    ("Register for Registry Lock", "signup"), ("RE: Registry Lock signup form", "signup"),
    ("Cancel Registry Lock", "cancellation"), ("We are stopping using Registry Lock", "cancellation"),
    ("Leaving Registry Lock", "cancellation"), ("Cancellation of Registry Lock for our domains", "cancellation"),
    ("Registry Lock", None), ("Question about Registry Lock", None), ("", None),
    ("Cancel our sign-up", None),  # both: a person reads it
])
def test_kind_from_the_subject_with_an_organisation_line(subject, kind):
    assert read_form(subject, typed(request=None)).kind == kind


def test_subject_alone_without_an_organisation_line_is_not_a_form():
    body = "Hi, we would like to sign up to Registry Lock. Who should I talk to?\n\nThanks\nJo"
    assert read_form("Sign up to Registry Lock", body) == FormResult(None, None, ())


def test_request_field_wins_over_the_subject():
    assert read_form("Cancel Registry Lock", TYPED).kind == "signup"
    assert read_form("Sign up", typed(request="Request: Cancel", registry_lock_contact=None,
                                      technical_contact=None)).kind == "cancellation"


def test_an_empty_request_field_leaves_it_to_the_subject():
    assert read_form("Join Registry Lock", typed(request="Request:")).form.organisation == "Cabinet Office"
    assert read_form("Hello", typed(request="Request:")).kind is None


@pytest.mark.parametrize("value", ["Change our name servers", "Cancel sign-up", "Information", "Cancel the DS record",
                                   "Remove", "Please remove the old name servers"])
def test_a_request_that_says_neither_or_both_is_left_to_a_person(value):
    result = read_form("Sign up", typed(request=f"Request: {value}"))
    assert result.kind is None and result.form is None
    assert result.errors == (f"Request (line 5): '{value}' is not a request this form can make; "
                             "write 'Sign up', 'Cancel' or 'Change Registry Lock contacts'",)


def test_a_registrar_change_request_is_not_a_form():
    body = "Domain: hmrc.gov.uk\nNameservers: ns1.example.net, ns2.example.net\nRegistrant: HMRC\n"
    assert read_form("Change of name servers for hmrc.gov.uk", body) == FormResult(None, None, ())


# --- realistic variants --------------------------------------------------------------------------

def test_windows_line_endings_read_the_same_with_the_same_line_numbers():
    assert read_form("", TYPED.replace("\n", "\r\n")) == read_form("", TYPED)
    errors = errors_of("", typed(phone="Phone: 12").replace("\n", "\r\n"))
    assert errors[0].startswith("Phone (line 10): '12' is not a phone number")


def test_outlook_style_form_with_bold_labels_and_an_unquoted_original_below():
    body = (
        "Hi GDS team,\r\n\r\n"
        "Please find our sign-up below.\r\n\r\n"
        "*Request:* Sign up\r\n"
        "*Organisation:*\u00a0Department for Work and Pensions\r\n"
        "**Your name:** Alex Jones\r\n"
        "*Job title:* Deputy Director, Cyber Security\r\n"
        "*Email:* <mailto:Alex.Jones@DWP.GOV.UK>\r\n"
        "*Phone:* +44 (0) 20 7946 0100\r\n"
        "*Domains:* dwp.gov.uk; jobcentreplus.gov.uk\r\n"
        "*Security contact:* DWP Cyber SOC <cyber.soc@dwp.gov.uk>, 0800 169 0190\r\n\r\n"
        "Kind regards,\r\n\r\n"
        "Alex Jones | Deputy Director, Cyber Security\r\n"
        "Phone: 07700 900123\r\nEmail: alex.jones@dwp.gov.uk\r\n\r\n"
        "From: GDS Domain Management <domainmanagement@digital.cabinet-office.gov.uk>\r\n"
        "Sent: 03 May 2024 10:12\r\nTo: Alex Jones\r\nSubject: Registry Lock\r\n\r\n"
        "Organisation: should not be read\r\nTechincal contact: nor this\r\n"
    )
    result = read_form("RE: Registry Lock", body)
    assert result.errors == ()
    assert result.form.organisation == "Department for Work and Pensions"
    assert result.form.requester_email == "alex.jones@dwp.gov.uk"
    assert result.form.requester_phone == "+44 (0) 20 7946 0100"
    assert result.form.domains == ("dwp.gov.uk", "jobcentreplus.gov.uk")
    assert result.form.contacts == (
        FormContact("security", "cyber.soc@dwp.gov.uk", "0800 169 0190", "DWP Cyber SOC", 12),)


def test_web_form_generated_mail_with_numbered_fields_and_required_marks():
    body = "\n".join([  # noqa: FLY002 (one field a line, as the form is laid out)
        "This form was submitted on 3 May 2024 at 10:15.", "",
        "Request type: Sign-up", "Organisation name *: Ministry of Justice", "Full name *: Pat Lee  ",
        "Position *: Head of Security Operations", "Email address *: pat.lee@justice.gov.uk",
        "Telephone number *: 0203 334 3555", "Domain 1: justice.gov.uk", "Domain 2: ", "Domain 3: ",
        "Registry Lock contact 1: moj-soc@justice.gov.uk, 0203 334 3000, MoJ SOC",
        "Registry Lock contact 2: ", "Technical contact 1: moj-dns@justice.gov.uk, 0203 334 3001, DNS team",
        "Technical contact 2: moj-hosting@justice.gov.uk", "Support contact 1: ", "Notification contact 1: ",
        "Submission ID: 8f2a-11", "",
    ])
    result = read_form("Form submission: Registry Lock", body, "noreply@forms.service.gov.uk")
    assert result.errors == ()
    assert result.form.requester_name == "Pat Lee" and result.form.job_title == "Head of Security Operations"
    assert result.form.requester_email == "pat.lee@justice.gov.uk"
    assert [(c.role, c.email, c.line) for c in result.form.contacts] == [
        ("security", "moj-soc@justice.gov.uk", 12), ("technical", "moj-dns@justice.gov.uk", 14),
        ("technical", "moj-hosting@justice.gov.uk", 15)]


@pytest.mark.parametrize("variant", [
    {"organisation": "ORGANIZATION: Cabinet Office", "your_name": "full name: Sam Smith",
     "job_title": "Role: Chief Information Security Officer", "email": "E-mail address: sam.smith@cabinetoffice.gov.uk",
     "phone": "TELEPHONE: 020 7276 1234"},
    {"organisation": "Your organisation: Cabinet Office", "your_name": "Requester name: Sam Smith",
     "job_title": "Your job title: Chief Information Security Officer",
     "email": "Your email: sam.smith@cabinetoffice.gov.uk",
     "phone": "Your phone number: 020 7276 1234"},
    {"organisation": "- Organisation:   Cabinet Office", "your_name": "- Name: Sam   Smith",
     "job_title": "- Job-title: Chief Information Security Officer",
     "email": "- Email: Sam Smith <SAM.SMITH@cabinetoffice.gov.uk>",
     "phone": "- Tel.: 020-7276-1234"},
])
def test_field_name_variants(variant):
    form = read_form("", typed(**variant)).form
    assert (form.organisation, form.requester_name, form.job_title, form.requester_email) == (
        "Cabinet Office", "Sam Smith", "Chief Information Security Officer", "sam.smith@cabinetoffice.gov.uk")
    assert form.requester_phone in ("020 7276 1234", "020-7276-1234")


@pytest.mark.parametrize("line, role", [
    ("Security contact: soc@cabinetoffice.gov.uk, 020 7276 0000", "security"),
    ("Security Contacts: soc@cabinetoffice.gov.uk, 020 7276 0000", "security"),
    ("Lock contact: soc@cabinetoffice.gov.uk, 020 7276 0000", "security"),
    ("Operational security contact: soc@cabinetoffice.gov.uk, 020 7276 0000", "security"),
    ("REGISTRY LOCK CONTACT(S): soc@cabinetoffice.gov.uk, 020 7276 0000", "security"),
    ("Tech contact: soc@cabinetoffice.gov.uk", "technical"),
    ("Support contact: soc@cabinetoffice.gov.uk", "support"),
    ("Notify contact: soc@cabinetoffice.gov.uk", "notify"),
    ("Notifications contact: soc@cabinetoffice.gov.uk", "notify"),
])
def test_contact_field_variants(line, role):
    form = read_form("", TYPED.replace("\nThanks", line + "\nThanks")).form
    assert form.contacts[-1].role == role and form.contacts[-1].email == "soc@cabinetoffice.gov.uk"


def test_a_web_form_may_start_with_from_and_date_fields():
    body = "From: Sam Smith\nDate: 3 May 2024\n" + TYPED
    assert read_form("", body).form.organisation == "Cabinet Office"


def test_a_form_quoted_in_a_reply_is_ignored():
    quoted = "\n".join("> " + line for line in TYPED.split("\n"))
    body = "Thanks, that is all fine.\n\nOn Fri, 3 May 2024 at 10:00, GDS <dm@example.gov.uk> wrote:\n" + quoted
    assert read_form("Re: Sign up", body) == FormResult(None, None, ())
    # A corrected form on top of the quoted one: only the new one is read, with nothing "given twice".
    fixed = typed(phone="Phone: 020 7276 9999") + "\nOn 3 May 2024, GDS wrote:\n" + quoted
    assert read_form("Re: Sign up", fixed).form.requester_phone == "020 7276 9999"


@pytest.mark.parametrize("separator", ["-- ", "--", "-----Original Message-----", "_" * 32])
def test_nothing_under_a_signature_or_reply_header_is_read(separator):
    body = TYPED + separator + "\nPhone: 07700 900123\nDomain: other.gov.uk\nTechincal contact: x\n"
    assert read_form("", body).form.domains == ("cabinetoffice.gov.uk",)


def test_a_sign_off_ends_the_form_but_not_before_a_field():
    assert read_form("", TYPED + "Phone: 07700 900123\n").errors == ()
    unsigned = TYPED.replace("Thanks\n", "Phone: 07700 900123\n")
    assert errors_of("", unsigned) == ("Phone (line 15): given twice (first on line 10); give it once",)
    body = "Thanks\n\n" + TYPED + "Kind regards,\nSam Smith\nEmail: sam@cabinetoffice.gov.uk\nPhone: 020 7276 5555\n"
    assert read_form("", body).errors == ()


def test_control_characters_bom_zero_width_and_non_breaking_spaces():
    body = "\ufeff" + TYPED.replace("Organisation: ", "Organi\u200bsation:\u00a0").replace("Domain:", "Domain:\x00\t")
    assert read_form("", body).form.organisation == "Cabinet Office"


def test_welsh_organisation_and_an_internationalised_domain():
    form = read_form("", typed(organisation="Organisation: Llywodraeth Cymru – Welsh Government",
                               domain="Domain: llyw.gov.uk, BÜCHER.gov.uk.")).form
    assert form.organisation == "Llywodraeth Cymru – Welsh Government"
    assert form.domains == ("llyw.gov.uk", "xn--bcher-kva.gov.uk")


# --- domains -------------------------------------------------------------------------------------

@pytest.mark.parametrize("lines, expected", [
    (["Domains: a.gov.uk, b.gov.uk, c.gov.uk"], ("a.gov.uk", "b.gov.uk", "c.gov.uk")),
    (["Domains: a.gov.uk; b.gov.uk and C.GOV.UK."], ("a.gov.uk", "b.gov.uk", "c.gov.uk")),
    (["Domain: a.gov.uk", "Domain: b.gov.uk", "Domain: A.gov.uk"], ("a.gov.uk", "b.gov.uk")),
    (["Domain names:", "a.gov.uk", "b.gov.uk, c.gov.uk", "- d.gov.uk"],
     ("a.gov.uk", "b.gov.uk", "c.gov.uk", "d.gov.uk")),
    (["Domain(s): https://a.gov.uk/, <b.gov.uk>"], ("a.gov.uk", "b.gov.uk")),
    (["Domain: b.gov.uk a.gov.uk"], ("b.gov.uk", "a.gov.uk")),
])
def test_several_domains_kept_in_order_without_duplicates(lines, expected):
    body = typed(domain="\n".join(lines))
    assert read_form("", body).form.domains == expected


def test_a_list_under_a_domain_line_ends_at_a_blank_line():
    body = typed(domain="Domains:\na.gov.uk\n\nb.gov.uk")
    assert read_form("", body).form.domains == ("a.gov.uk",)


@pytest.mark.parametrize("value, message", [
    ("hmrc", "'hmrc' is not a domain name; give a name such as example.gov.uk"),
    ("under_score.gov.uk", "'under_score.gov.uk' is not a domain name"),
    ("example.com", "'example.com' is not a .gov.uk domain; Registry Lock protects .gov.uk domains only"),
    ("gov.uk", "'gov.uk' is not a .gov.uk domain"),
    ("www.hmrc.gov.uk", "'www.hmrc.gov.uk' is not directly under gov.uk; give the domain itself, such as hmrc.gov.uk"),
    ("jo@hmrc.gov.uk", "'jo@hmrc.gov.uk' is not a domain name"),
])
def test_a_bad_domain_is_reported_with_its_line(value, message):
    errors = errors_of("", typed(domain=f"Domain: cabinetoffice.gov.uk, {value}"))
    assert len(errors) == 1 and errors[0].startswith(f"Domain (line 11): {message}")


def test_zone_parameter():
    body = typed(domain="Domain: llyw.gov.wales, cabinetoffice.gov.uk")
    assert errors_of("", body, zone="gov.wales") == (
        ("Domain (line 11): 'cabinetoffice.gov.uk' is not a .gov.wales domain; Registry Lock protects .gov.wales "
        "domains only"),)
    assert errors_of("", typed(domain=None), zone="gov.wales")[0].startswith(
        "Domain: missing; add a line 'Domain: ...' with each .gov.wales domain, such as example.gov.wales")
    with pytest.raises(ConfigError) as raised:
        read_form("", TYPED, zone="not a zone")
    assert isinstance(raised.value, MailbotError)


# --- contacts ------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, email, phone, name", [
    ("soc@co.gov.uk, 020 7276 0000, Security Operations", "soc@co.gov.uk", "020 7276 0000", "Security Operations"),
    ("Security Operations, soc@co.gov.uk, 020 7276 0000", "soc@co.gov.uk", "020 7276 0000", "Security Operations"),
    ("+44 20 7276 0000, Security Operations, SOC@CO.GOV.UK", "soc@co.gov.uk", "+44 20 7276 0000",
     "Security Operations"),
    ("Security Operations <soc@co.gov.uk>, 020 7276 0000", "soc@co.gov.uk", "020 7276 0000", "Security Operations"),
    ('"Security Operations" <soc@co.gov.uk> 020 7276 0000', "soc@co.gov.uk", "020 7276 0000", "Security Operations"),
    ("soc@co.gov.uk 020 7276 0000 Security Operations", "soc@co.gov.uk", "020 7276 0000", "Security Operations"),
    ("Email: soc@co.gov.uk, Phone: (020) 7276-0000, Name: SOC", "soc@co.gov.uk", "(020) 7276-0000", "SOC"),
    ("mailto:soc@co.gov.uk; 020.7276.0000; SOC 24/7 desk", "soc@co.gov.uk", "020.7276.0000", "SOC 24/7 desk"),
    ("soc@co.gov.uk, 02072760000", "soc@co.gov.uk", "02072760000", None),
    ("Cyber team, London, soc@co.gov.uk, 020 7276 0000", "soc@co.gov.uk", "020 7276 0000", "Cyber team, London"),
])
def test_contact_values_in_any_order(value, email, phone, name):
    contact = read_form("", typed(registry_lock_contact=f"Registry Lock contact: {value}")).form.contacts[0]
    assert contact == FormContact("security", email, phone, name, 12)


def test_several_contacts_per_role_in_order_and_a_repeated_one_once():
    extra = ("Registry Lock contact: soc2@cabinetoffice.gov.uk, 020 7276 0002, Night SOC\n"
             "Registry Lock contact: soc@cabinetoffice.gov.uk, 020 7276 0000, Security Operations Centre\n"
             "Support contact: help@cabinetoffice.gov.uk\nSupport contact: desk@cabinetoffice.gov.uk, 0300 123 4567\n"
             "Notification contact: alerts@cabinetoffice.gov.uk\n")
    contacts = read_form("", TYPED.replace("\nThanks", extra + "Thanks")).form.contacts
    assert [(c.role, c.email, c.line) for c in contacts] == [
        ("security", "soc@cabinetoffice.gov.uk", 12), ("technical", "hostmaster@cabinetoffice.gov.uk", 13),
        ("security", "soc2@cabinetoffice.gov.uk", 14), ("support", "help@cabinetoffice.gov.uk", 16),
        ("support", "desk@cabinetoffice.gov.uk", 17), ("notify", "alerts@cabinetoffice.gov.uk", 18)]


def test_a_security_contact_without_a_phone():
    errors = errors_of("", typed(registry_lock_contact="Registry Lock contact: soc@cabinetoffice.gov.uk, SOC"))
    assert errors == (("Registry Lock contact (line 12): a phone number is needed for each Registry Lock contact, "
                      "so the registry operator can call it"),)


def test_other_contacts_need_no_phone():
    assert read_form("", TYPED.replace("\nThanks", "Notify contact: alerts@cabinetoffice.gov.uk\nThanks")).errors == ()


@pytest.mark.parametrize("value, message", [
    ("Security Operations, 020 7276 0000", "no email address; give the team's shared email address"),
    ("soc@cabinetoffice.gov.uk, cert@cabinetoffice.gov.uk, 020 7276 0000",
     "2 email addresses (soc@cabinetoffice.gov.uk, cert@cabinetoffice.gov.uk); give one contact a line"),
    ("soc@cabinetoffice, 020 7276 0000", "'soc@cabinetoffice' is not an email address"),
    ("soc@@cabinetoffice.gov.uk, 020 7276 0000", "'soc@@cabinetoffice.gov.uk' is not an email address"),
    ("soc@cabinetoffice.gov.uk, 020 7276 0000, 07700 900123", "2 phone numbers (020 7276 0000, 07700 900123)"),
    ("soc@cabinetoffice.gov.uk, 12345", "'12345' is not a phone number; give 7 to 15 digits"),
    ("soc@cabinetoffice.gov.uk, 1234 5678 9012 3456", "'1234 5678 9012 3456' is not a phone number"),
])
def test_a_bad_contact_is_reported_with_its_line(value, message):
    errors = errors_of("", typed(registry_lock_contact=f"Security contact: {value}"))
    assert len(errors) == 1 and errors[0].startswith(f"Security contact (line 12): {message}")


def test_contacts_on_a_cancellation_are_a_mistake_to_point_out():
    errors = errors_of("", typed(request="Request: Cancel"))
    assert errors == tuple(
        f"{name} (line {n}): contacts are only given when signing up; remove this line, or write 'Request: Sign up' "
        f"if you meant to sign up" for name, n in (("Registry Lock contact", 12), ("Technical contact", 13)))


def test_a_signup_needs_a_registry_lock_contact():
    errors = errors_of("", typed(registry_lock_contact=None))
    assert len(errors) == 1
    assert errors[0].startswith("Registry Lock contact: missing; add a line 'Registry Lock contact: ...'")


# --- the requester -------------------------------------------------------------------------------

@pytest.mark.parametrize("field, message", [
    ("organisation", "Organisation: missing; add a line 'Organisation: ...' with your organisation's name"),
    ("your_name", "Your name: missing; add a line 'Your name: ...' with your full name"),
    ("job_title", "Job title: missing; add a line 'Job title: ...' with your job title"),
    ("email", "Email: missing; add a line 'Email: ...' with your work email address"),
    ("phone", "Phone: missing; add a line 'Phone: ...' with a phone number we can call you on"),
    ("domain", "Domain: missing; add a line 'Domain: ...' with each .gov.uk domain"),
])
def test_a_missing_field_is_named(field, message):
    errors = errors_of("Sign up", typed(**{field: None}))
    assert len(errors) == 1 and errors[0].startswith(message)


@pytest.mark.parametrize("field, name, line", [
    ("organisation", "Organisation", 6), ("your_name", "Your name", 7), ("job_title", "Job title", 8),
    ("email", "Email", 9), ("phone", "Phone", 10), ("domain", "Domain", 11),
    ("registry_lock_contact", "Registry Lock contact", 12),
])
def test_an_empty_field_is_named_with_its_line(field, name, line):
    errors = errors_of("", typed(**{field: f"{name}:   "}))
    assert len(errors) == 1 and errors[0].startswith(f"{name} (line {line}): empty; after the colon, write ")


@pytest.mark.parametrize("value", ["sam.smith", "sam.smith@", "Sam Smith", "sam smith@co.gov.uk", "a@b@c.gov.uk"])
def test_a_requester_email_that_is_not_an_address(value):
    errors = errors_of("", typed(email=f"Email: {value}"))
    assert errors == (f"Email (line 9): '{value}' is not an email address; write your work email address",)


def test_the_requester_may_use_a_personal_work_address_and_free_mail_is_not_this_modules_business():
    assert read_form("", typed(email="Email: sam.smith@gmail.com")).form.requester_email == "sam.smith@gmail.com"


@pytest.mark.parametrize("value", ["0207", "call me", "020 7276 1234 ext 5", "+44 20 7276 1234 5678 9",
                                   "020+7276 1234", "n/a"])
def test_a_requester_phone_that_is_not_a_phone(value):
    errors = errors_of("", typed(phone=f"Phone: {value}"))
    assert errors == ((f"Phone (line 10): '{value}' is not a phone number; give 7 to 15 digits, such as 020 7946 0000 "
                      f"or +44 20 7946 0000"),)


@pytest.mark.parametrize("value", ["020 7276 1234", "+44 (0)20 7276 1234", "07700-900-123", "0300.123.4567", "1234567"])
def test_requester_phone_shapes(value):
    assert read_form("", typed(phone=f"Phone: {value}")).form.requester_phone == value


def test_the_sender_gives_the_email_when_the_form_does_not():
    form = read_form("", typed(email=None), "Sam Smith <Sam.Smith@cabinetoffice.gov.uk>").form
    assert form.requester_email == "sam.smith@cabinetoffice.gov.uk"
    form = read_form("", typed(email="Email:"), "sam@cabinetoffice.gov.uk").form
    assert form.requester_email == "sam@cabinetoffice.gov.uk"
    assert read_form("", TYPED, "other@example.com").form.requester_email == "sam.smith@cabinetoffice.gov.uk"
    assert errors_of("", typed(email=None), "not an address")[0].startswith("Email: missing")


@pytest.mark.parametrize("field, value", [
    ("Request", "Sign up"), ("Organisation", "Another Org"), ("Your name", "Someone Else"), ("Job title", "CTO"),
    ("Email", "x@cabinetoffice.gov.uk"), ("Phone", "020 7276 9999"),
])
def test_a_field_given_twice(field, value):
    body = TYPED.replace("Domain:", f"{field}: {value}\nDomain:")
    first = line_of(body, f"{field}:")
    assert errors_of("", body) == (f"{field} (line 11): given twice (first on line {first}); give it once",)


# --- unknown fields ------------------------------------------------------------------------------

@pytest.mark.parametrize("line, message", [
    ("Techincal contact: dns@cabinetoffice.gov.uk", ("Unknown field 'Techincal contact' (line 14): did you mean "
                                                    "'Technical contact'? Use only the field names on the form")),
    ("Organisaton: Cabinet Office", "Unknown field 'Organisaton' (line 14): did you mean 'Organisation'?"),
    ("Domian: x.gov.uk", "Unknown field 'Domian' (line 14): did you mean 'Domain'?"),
    ("Security contact details: x@cabinetoffice.gov.uk", ("Unknown field 'Security contact details' (line 14): did "
                                                         "you mean 'Security contact'?")),
    ("Registrant contact: x@cabinetoffice.gov.uk", ("Unknown field 'Registrant contact' (line 14): use only the field "
                                                   "names on the form (Request, Organisation, Your name")),
    ("Phone (mobile): 07700 900123", "Unknown field 'Phone (mobile)' (line 14): did you mean 'Phone'?"),
])
def test_an_unknown_field_is_named_with_its_line(line, message):
    body = TYPED.replace("\nThanks", line + "\nThanks")
    errors = errors_of("", body)
    assert len(errors) == 1 and errors[0].startswith(message)
    assert errors[0].endswith("or write a note without a colon")


@pytest.mark.parametrize("line", [
    "Please note: our DNS is managed by a supplier.", "Dear Registry Lock team:", "Submitted: 3 May 2024 10:00",
    "Reference: INC-1234", "See https://www.gov.uk/guidance", "Our security contact details are below:",
    "Time: 10:30", "12: a number",
])
def test_prose_with_a_colon_is_not_a_field(line):
    body = TYPED.replace("Request:", line + "\nRequest:")
    assert read_form("", body).errors == ()


# --- every problem at once -----------------------------------------------------------------------

def test_every_problem_at_once_in_the_order_of_the_form():
    body = "\n".join([  # noqa: FLY002 (one field a line, as the form is laid out)
        "Request: sign up",                                  # 1
        "Organisation:",                                     # 2
        "Job title: CISO",                                   # 3
        "Job title: CISO",                                   # 4
        "Email: nobody",                                     # 5
        "Phone: 12",                                         # 6
        "Domains: hmrc, www.hmrc.gov.uk",                    # 7
        "Security contact: soc@hmrc.gov.uk",                 # 8
        "Techincal contact: a@hmrc.gov.uk, b@hmrc.gov.uk",   # 9
        "Support contact: Service desk",                     # 10
    ])
    errors = errors_of("", body)
    assert [e.split(":")[0] for e in errors] == [
        "Organisation (line 2)", "Job title (line 4)", "Email (line 5)", "Phone (line 6)", "Domains (line 7)",
        "Domains (line 7)", "Security contact (line 8)", "Unknown field 'Techincal contact' (line 9)",
        "Support contact (line 10)", "Your name"]
    assert all("\n" not in e for e in errors)


def test_a_flood_of_problems_is_cut_short():
    body = typed(domain="\n".join(f"Domain: bad{i}" for i in range(200)))
    errors = errors_of("", body)
    assert len(errors) == forms.MAX_ERRORS
    assert errors[-1] == "... and 151 more problems; fix those above and send the form again"


def test_results_are_frozen():
    result = read_form("", TYPED)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.form.organisation = "x"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.form.contacts[0].email = "x"  # type: ignore[misc]
    assert isinstance(result.form.domains, tuple) and isinstance(result.errors, tuple)


# --- junk ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("subject, body", [
    ("", ""),
    (None, None),
    (b"Sign up", b"Request: Sign up\nOrganisation: X\n"),
    ("Sign up", "\x00\x01\x02\xff\ufffd" * 1000),
    ("Sign up", ":" * 10_000),
    ("Sign up", "Organisation" + ":" * 5000 + "x"),
    ("Sign up", "Request: " + "sign up " * 50_000),
    ("Sign up", "Request:\n" * 30_000),
    ("Sign up", "Organisation: " + "a" * 1_000_000),
    ("Sign up", "Organisation: x\nRegistry Lock contact: " + "1-" * 200_000),
    ("Sign up", "Organisation: x\nDomain: " + "a." * 200_000 + "gov.uk"),
    ("Sign up", "\r" * 50_000 + "\n" * 50_000),
    ("x" * 1_000_000, "Organisation: x"),
    (12, ["not", "text"]),
])
def test_junk_never_raises(subject, body):
    started = time.process_time()
    result = read_form(subject, body, sender="\x00<>@@")
    assert time.process_time() - started < 5
    assert isinstance(result, FormResult) and result.kind in (None, "signup", "cancellation")
    assert (result.form is None) == bool(result.errors) or result.kind is None


def test_plain_mail_and_binary_junk_are_not_forms():
    assert read_form("Lunch", "See you at 1pm: the usual place.") == FormResult(None, None, ())
    assert read_form("Sign up", bytes(range(256)) * 100) == FormResult(None, None, ())


def test_random_form_like_text_never_raises():
    rng = random.Random(20240503)
    pieces = ["Request:", "Sign up", "Cancel", "Organisation:", "Domain:", "Registry Lock contact:", "Phone:",
              "Email:", "a@b.gov.uk", "<", ">", "x.gov.uk", "020 7946 0000", ",", ";", "\n", "\r\n", "> ", "-- ",
              "\u00a0", "\x00", "ü", "(", ")", "+", "@", ".", ":", "Techincal contact:", " "]
    for _ in range(500):
        body = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 80)))
        result = read_form(rng.choice(["Sign up", "Cancel", ""]), body, rng.choice([None, "a@b.gov.uk", "junk"]))
        assert result.kind is None or (result.form is None) == bool(result.errors)


# --- a contact change's new phone number ---------------------------------------------------------

CONTACT_CHANGE = """Request: Change Registry Lock contacts
Organisation: HM Revenue and Customs
Your name: Jim Hacker
Job title: Chief Information Security Officer
Email: ciso@hmrc.gov.uk
Phone: 020 7946 0500
"""


@pytest.mark.parametrize("line", ["Change Registry Lock contact", "Change lock contact", "Update Registry Lock contact",
                                  "Change security contact"])
def test_a_lock_contacts_new_phone_and_name_alone_make_a_contact_change(line):
    result = read_form("", CONTACT_CHANGE + f"{line}: soc@hmrc.gov.uk, +44 20 7946 0009, HMRC Cyber Defence\n"
                       f"{line}: cert@hmrc.gov.uk, 020 7946 0010\n")
    assert result.errors == ()
    assert (result.form.add, result.form.remove) == ((), ())
    assert [(c.role, c.email, c.phone, c.name, c.line) for c in result.form.change] == [
        ("security", "soc@hmrc.gov.uk", "+44 20 7946 0009", "HMRC Cyber Defence", 7),
        ("security", "cert@hmrc.gov.uk", "020 7946 0010", None, 8)]


@pytest.mark.parametrize(("value", "problem"), [
    ("soc@hmrc.gov.uk, 12345", "'12345' is not a phone number; give 7 to 15 digits"),
    ("soc@hmrc.gov.uk", "a phone number is needed for each Registry Lock contact"),
    ("020 7946 0009", "no email address"),
])
def test_a_new_phone_is_checked_as_every_lock_contacts_phone(value, problem):
    errors = errors_of("", CONTACT_CHANGE + f"Change Registry Lock contact: {value}\n")
    assert len(errors) == 1 and errors[0].startswith(f"Change Registry Lock contact (line 7): {problem}")


def test_a_contact_both_changed_and_added_is_a_problem():
    errors = errors_of("", CONTACT_CHANGE + "Change Registry Lock contact: soc@hmrc.gov.uk, 020 7946 0009\n"
                       "Add Registry Lock contact: soc@hmrc.gov.uk, 020 7946 0009, SOC\n")
    assert errors == (("Add Registry Lock contact (line 8): soc@hmrc.gov.uk is also to be changed (line 7); give it "
                      "once, to add, to remove or to change"),)


def test_a_change_line_on_a_signup_is_pointed_out():
    errors = errors_of("", TYPED.replace("\nThanks", "\nChange Registry Lock contact: soc@x.gov.uk, 020 7946 0009\n"
                                                      "Thanks"))
    assert any("contacts are added, removed or changed only with 'Request: Change Registry Lock contacts'" in e
               for e in errors)


def test_the_blank_contact_change_form_has_the_change_line():
    assert "\nChange Registry Lock contact:\n" in (FORMS / "contact_change.txt").read_text(encoding="utf-8")
