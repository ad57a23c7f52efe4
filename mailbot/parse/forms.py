"""Parse: reads a sign-up or cancellation form sent by email, with every problem in it.

A form is a set of `Field: value` lines, one field a line, as mailbot/templates/forms/signup.txt and
mailbot/templates/forms/cancellation.txt lay them out; a person or a web form fills them in. A field name
is read case-insensitively after "(s)" becomes "s", "e-mail" "email", "-", "_", "/", ".", "'", "#",
"*" and brackets read as spaces, a trailing number is dropped ("Domain 2", "Registry Lock contact
(1)") and "contacts" reads as "contact". A leading bullet and bold marks ("**Email:**") are allowed.
These are the accepted names:

    Request                Request, Request type, Type of request
    Organisation           Organisation, Organization, Organisation name, Organization name,
                           Your organisation, Your organization
    Your name              Your name, Name, Requester name, Requester, Full name, Your full name
    Job title              Job title, Your job title, Job role, Role, Your role, Position,
                           Requester job title
    Email                  Email, Your email, Email address, Your email address, Requester email,
                           Requester email address
    Phone                  Phone, Your phone, Phone number, Your phone number, Telephone,
                           Telephone number, Your telephone number, Tel, Requester phone,
                           Requester phone number
    Domain                 Domain, Domains, Domain name, Domain names
  contact change only:
    Add Registry Lock contact     Add Registry Lock contact, Add lock contact, Add security contact,
                                  New Registry Lock contact, New lock contact, New security contact
    Remove Registry Lock contact  Remove Registry Lock contact, Remove lock contact,
                                  Remove security contact, Old Registry Lock contact, Old lock contact
    Change Registry Lock contact  Change Registry Lock contact, Change lock contact,
                                  Change security contact, Update Registry Lock contact,
                                  Update lock contact
  sign-up only:
    Registry Lock contact  Registry Lock contact, Security contact, Lock contact,
                           Operational security contact
    Technical contact      Technical contact, Tech contact
    Support contact        Support contact
    Notification contact   Notification contact, Notifications contact, Notify contact

The mail is a form when its Request value asks to sign up (sign up, join, register, registration,
enrol, subscribe, apply: "Join Registry Lock") or to cancel (cancel, cancellation, stop, leave,
withdraw, opt out, unsubscribe, "remove ... from": "Stop using Registry Lock") or to change the Registry
Lock contacts (change, update or replace, with "contact" or "contacts": "Change Registry Lock contacts"), with
no other words than "Registry Lock", "service", "our domains", "please" and the like, so that a
registrar's "Request: cancel the DS record" is not a form; or, with no Request value, when it has an
Organisation line and its subject says one of them (sign up, join, register, enrol; cancel, stop
using, leave, withdraw, opt out; change, update or replace ... contacts). A Request value that says neither,
or both, leaves the mail to a person: kind None, with one error saying why. Anything else is not a form: kind
None, no errors.

The first six fields are given once. Domain lines may repeat, each with names separated by commas,
semicolons, spaces or "and"; a bare list of names on the lines right under a Domain line belongs
to it, and a URL gives its host. Contact lines may repeat, one contact a line: its email address,
phone number and name separated by commas, in any order ("secops@x.gov.uk, 020 7946 0000, Security
Operations", or "Security Operations <secops@x.gov.uk>, 020 7946 0000"). The word with "@" is the
email; digits with "+", brackets, "-", "." and spaces, 7 to 15 digits, are the phone; the rest is the
name. Each Registry Lock contact needs a phone: the registry operator phones it to verify a change.
Empty Domain and contact lines (the blank form's spare ones) are skipped. A contact change names its
domains or none (then it is the organisation's: its lock contacts are the same for every domain it has
locked), and at least one contact to add, to remove or to change; a contact to remove needs only its email
address; a contact to change gives the address of a present one with its new phone number and, if that changes
too, its new name ("soc@x.gov.uk, 020 7946 0009[, Security Operations]"), read as a contact line is. An
address given twice among these lines is a problem. With no Email value, the requester's address is the sender's.

A `Name: value` line of at most four words that is not a field is reported as an unknown field when
it is close to a field name or names a contact, domain, email or phone; any other line is prose and
not read. Quoted reply text ("> ..."), the "On ... wrote:" line, anything under a reply header
("-----Original Message-----", a line of underscores, or Outlook's "From:", "Sent:" ... "Subject:"),
a signature after "-- " (RFC 3676 4.3), and anything after a sign-off line ("Kind regards") once a
field has been read, are not read. Every problem is reported at once, one line each, naming the
field as written and its line number in the body, and saying what to do.

The module is kept whole, over 400 lines: a quarter of them is the table of accepted names above, which a test holds
to FIELD_NAMES; the rest is the forms' types, their lines, and read_form() with every problem, in the order a form is
checked.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

from mailbot.errors import ConfigError
from mailbot.parse.change_request.names import normalise_domain
from mailbot.parse.own_words import own_raw_lines

ROLES = ("security", "technical", "support", "notify")

# A form is a page of text; past these, reading on only costs time.
_MAX_BODY = 100_000
_MAX_SUBJECT = 1_000
MAX_ERRORS = 50  # a reply listing more helps nobody; the person fixes these and sends it again
_AFTER_ALL = 1 << 62  # where a problem with no line of its own ("missing") sorts: after every line


@dataclass(frozen=True)
class FormContact:
    """One contact from a sign-up form: the security team to phone, or an address to tell of changes."""

    role: str  # one of ROLES
    email: str  # as given, lower-cased; the caller checks it against the address policy
    phone: str | None
    name: str | None
    line: int  # in the body, for messages


@dataclass(frozen=True)
class SignupForm:
    """A sign-up with nothing missing; the caller still checks the contacts against the address policy."""

    organisation: str
    requester_name: str
    job_title: str
    requester_email: str
    requester_phone: str
    domains: tuple[str, ...]  # normalised, in order, no duplicates
    contacts: tuple[FormContact, ...]


@dataclass(frozen=True)
class CancellationForm:
    """A request to take domains out of Registry Lock, for GDS to check."""

    organisation: str
    requester_name: str
    job_title: str
    requester_email: str
    requester_phone: str
    domains: tuple[str, ...]


@dataclass(frozen=True)
class ContactChangeForm:
    """A request to change an organisation's Registry Lock contacts, which its present ones verify."""

    organisation: str
    requester_name: str
    job_title: str
    requester_email: str
    requester_phone: str
    domains: tuple[str, ...]  # may be empty: the organisation's lock contacts are the same for all its domains
    add: tuple[FormContact, ...]  # role "security"
    remove: tuple[str, ...]  # addresses of present lock contacts
    # Other roles a sign-up for domains locked already gives: they replace those roles, as a sign-up's would.
    others: tuple[FormContact, ...] = ()
    # Present lock contacts whose phone number (and name, when given) change: role "security", the new values.
    change: tuple[FormContact, ...] = ()


@dataclass(frozen=True)
class FormResult:
    """What read_form found: the form, or every problem with it, one line each."""

    kind: str | None  # "signup", "cancellation", "contact_change", or None when the mail is not a form
    form: SignupForm | CancellationForm | ContactChangeForm | None  # None when there are errors
    errors: tuple[str, ...]
    # With errors, what could be read of the form all the same (a missing value empty; the domains named right; each
    # contact whose email address could be read, its other problems aside), so that its domains and contacts are
    # checked in the same pass and every problem is told at once.
    read: SignupForm | CancellationForm | None = None


# --- field names ---------------------------------------------------------------------------------

# Every name a field is accepted under (the table in this module's docstring), as field_key() writes it: its field.
FIELD_NAMES = {key: field for field, keys in {
    "request": ("request", "request type", "type of request"),
    "organisation": ("organisation", "organization", "organisation name", "organization name",
                     "your organisation", "your organization"),
    "name": ("your name", "name", "requester name", "requester", "full name", "your full name"),
    "job_title": ("job title", "your job title", "job role", "role", "your role", "position",
                  "requester job title"),
    "email": ("email", "your email", "email address", "your email address", "requester email",
              "requester email address"),
    "phone": ("phone", "your phone", "phone number", "your phone number", "telephone",
              "telephone number", "your telephone number", "tel", "requester phone",
              "requester phone number"),
    "domain": ("domain", "domains", "domain name", "domain names"),
    "security": ("registry lock contact", "security contact", "lock contact", "operational security contact"),
    "technical": ("technical contact", "tech contact"),
    "support": ("support contact",),
    "notify": ("notification contact", "notifications contact", "notify contact"),
    "add": ("add registry lock contact", "add lock contact", "add security contact", "new registry lock contact",
            "new lock contact", "new security contact"),
    "remove": ("remove registry lock contact", "remove lock contact", "remove security contact",
               "old registry lock contact", "old lock contact"),
    "change": ("change registry lock contact", "change lock contact", "change security contact",
               "update registry lock contact", "update lock contact"),
}.items() for key in keys}
_NAME_WORDS = {name: frozenset(name.split()) for name in FIELD_NAMES}
_LABELS = {"request": "Request", "organisation": "Organisation", "name": "Your name", "job_title": "Job title",
           "email": "Email", "phone": "Phone", "domain": "Domain", "security": "Registry Lock contact",
           "technical": "Technical contact", "support": "Support contact", "notify": "Notification contact",
           "add": "Add Registry Lock contact", "remove": "Remove Registry Lock contact",
           "change": "Change Registry Lock contact"}
_ONCE = ("request", "organisation", "name", "job_title", "email", "phone")
# An unknown name with one of these words is a field gone wrong, not prose ("Techincal contact").
_FIELD_WORDS = {"contact", "domain", "domains", "email", "phone", "telephone"}
# What to write, for "missing" and "empty".
_ASK = {
    "organisation": "your organisation's name",
    "name": "your full name",
    "job_title": "your job title (you must be a senior member of your IT or security organisation)",
    "email": "your work email address",
    "phone": "a phone number we can call you on, such as 020 7946 0000",
    "domain": "each .{zone} domain, such as example.{zone} (several may be separated by commas)",
    "security": "the email address, phone number and name of the team the registry operator phones to "
                "verify each change, such as 'secops@example.{zone}, 020 7946 0000, Security Operations'",
    "add": ("a Registry Lock contact to add (its email address, phone number and name, such as "
            "'secops@example.{zone}, 020 7946 0000, Security Operations'), a 'Remove Registry Lock contact:' "
            "line with the email address of one to remove, or a 'Change Registry Lock contact:' line with the "
            "email address of one and its new phone number"),
}

# "Name: value", after an optional bullet; bold marks around the name are dropped.
_FIELD = re.compile(r"(?:[-*\u2022]+ *)?\**(?P<name>[^\W\d_][\w ()/&.'#*-]{0,60}?)[ *]*[:\uff1a][ *]*(?P<value>.*)")


def field_key(name: str) -> str:
    """A field's name as written ("E-mail address", "Domain 2", "Registry Lock contact(s)") as FIELD_NAMES has it."""
    key = name.lower().replace("(s)", "s").replace("e-mail", "email")
    key = " ".join(re.sub(r"[-_/.'#*()\u2019]", " ", key).split())
    key = re.sub(r"(?: no)? ?\d{1,2}$", "", key).strip()  # "Domain 2", "Registry Lock contact (1)"
    return re.sub(r"\bcontacts\b", "contact", key)


@dataclass(frozen=True)
class _Line:
    number: int
    name: str  # as written, for messages
    field: str | None  # None: an unknown field
    value: str
    guess: str | None = None  # for an unknown field, the name it is close to


# --- the lines a person wrote --------------------------------------------------------------------

_SIGN_OFF = re.compile(r"(?:(?:kind|best|warm|many|with)\s+)?(?:regards|wishes|thanks|thank you|cheers"
                       r"|yours(?:\s+(?:sincerely|faithfully|truly))?)[\s,.!]*", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200d\u2060\ufeff]")


def _as_text(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value if isinstance(value, str) else ""


def _own_lines(body: str) -> list[tuple[int, str]]:
    """(line number, text) of the lines to read, the sender's own words as mailbot.parse.own_words defines them (no
    quoted text, nothing from the mail answered or the signature on, a quoted line left blank); numbers count every line
    of the body."""
    text = _CONTROL.sub("", _as_text(body)[:_MAX_BODY].replace("\r\n", "\n").replace("\r", "\n"))
    lines = re.sub(r"[^\S\n]", " ", text).split("\n")
    own = own_raw_lines("\n".join(lines).replace("\x85", " ").replace("\u2028", " ").replace("\u2029", " "))
    return list(enumerate(own, 1))


def _is_domain_list(line: str) -> bool:
    words = [w for w in re.split(r"[ ,;]+", line.strip()) if w and w.lower() not in ("and", "&", "-", "*", "\u2022")]
    return bool(words) and all("." in w and "@" not in w and ":" not in w.split("//")[-1] for w in words)


def _lines(body: str) -> list[_Line]:
    """The form's field lines, unknown fields included, in order."""
    found: list[_Line] = []
    domain_line = None  # the Domain line a bare list of names under it belongs to
    for number, line in _own_lines(body):
        stripped = line.strip()
        match = _FIELD.fullmatch(stripped)
        key = field_key(match["name"]) if match else ""
        field, guess = FIELD_NAMES.get(key), None
        if match and not field:
            short = len(key.split()) <= 4  # "Our security contact details are below:" is prose
            guess = _guess(key) if short else None
            if not (short and (guess or _FIELD_WORDS & set(key.split()))):
                match = None  # "Please note: ..." is prose
        if not match:
            if domain_line and _is_domain_list(stripped):
                found.append(_Line(number, domain_line.name, "domain", stripped))
                continue
            domain_line = None
            if found and _SIGN_OFF.fullmatch(stripped):
                break  # a signature without "-- " often repeats "Email:" and "Phone:"
            continue
        name = " ".join(match["name"].replace("*", " ").split())
        found.append(_Line(number, name, field, match["value"].strip(" *"), guess))
        domain_line = found[-1] if field == "domain" else None
    return found


@lru_cache(maxsize=1024)
def _guess(key: str) -> str | None:
    """The field name an unknown one is a slip of: a misspelling, or one with words added ("Phone (mobile)")."""
    # Only names of a near length can be 80% alike; leaving the rest out keeps a page of junk fast.
    near = [name for name in FIELD_NAMES if 5 * min(len(key), len(name)) >= 2 * (len(key) + len(name))]
    close = difflib.get_close_matches(key, near, 1, 0.8)
    words = set(key.split())
    inside = [name for name, name_words in _NAME_WORDS.items() if name_words <= words]
    return close[0] if close else max(inside, key=len, default=None)


# --- which form ----------------------------------------------------------------------------------

# A Request value is made of these words only: "Cancel DS record" is a registrar's request, not a form.
_REQUEST_WORDS = {
    "signup": {"sign", "up", "signup", "signing", "join", "joining", "register", "registering", "registration",
               "enrol", "enroll", "enrolment", "enrollment", "enrolling", "subscribe", "apply", "application"},
    "cancellation": {"cancel", "cancellation", "cancelling", "canceling", "stop", "stopping", "leave", "leaving",
                     "withdraw", "withdrawal", "withdrawing", "opt", "out", "unsubscribe", "remove", "removal"},
    "contact_change": {"change", "changes", "changing", "update", "updating", "replace", "replacing", "amend",
                       "contact", "contacts"},
}
_CONTACT_WORDS = {"contact", "contacts"}
_REQUEST_FILLER = {"registry", "lock", "the", "service", "our", "my", "domain", "domains", "from", "of", "to",
                   "please", "request", "for", "using", "use", "a", "an", "in", "we", "i", "would", "like",
                   "want", "membership", "pilot", "new", "and", "all"}
_SUBJECT_SIGNUP = re.compile(r"\b(?:sign ?up|signing up|join(?:ing)?|register(?:ing)?|enrol\w*)\b")
_SUBJECT_CANCEL = re.compile(r"\b(?:cancel\w*|stop(?:ping)? using|leav(?:e|ing)|withdraw\w*|opt(?:ing)? out)\b")
_SUBJECT_CONTACTS = re.compile(r"\b(?:chang\w*|updat\w*|replac\w*)\b.*\bcontacts?\b|\bcontacts? (?:change|update)")


def _requested(value: str) -> str | None:
    said = {w for w in re.split(r"[^a-z.]+", value.lower()) if w and "." not in w}
    if said & {"remove", "removal"} and "from" not in said:
        return None  # "Remove" alone could be anything; "remove our domains from Registry Lock" is clear
    words = said - _REQUEST_FILLER
    if words & _CONTACT_WORDS:  # "Change Registry Lock contacts"; "Change" alone could be anything
        return "contact_change" if words <= _REQUEST_WORDS["contact_change"] and words - _CONTACT_WORDS else None
    kinds = [kind for kind, vocabulary in _REQUEST_WORDS.items() if words & vocabulary and kind != "contact_change"]
    return kinds[0] if len(kinds) == 1 and words <= _REQUEST_WORDS[kinds[0]] else None


def _subject_says(subject: str) -> str | None:
    words = " ".join(re.sub(r"[-_]", " ", subject.lower()).split())
    kinds = [kind for kind, said in (("signup", _SUBJECT_SIGNUP), ("cancellation", _SUBJECT_CANCEL),
                                     ("contact_change", _SUBJECT_CONTACTS)) if said.search(words)]
    return kinds[0] if len(kinds) == 1 else None


def _kind(subject: str, lines: list[_Line]) -> tuple[str | None, list[str]]:
    request = next((line for line in lines if line.field == "request" and line.value), None)
    if request:
        kind = _requested(request.value)
        if kind:
            return kind, []
        return None, [(f"{request.name} (line {request.number}): {_shown(request.value)} is not a request this "
                      f"form can make; write 'Sign up', 'Cancel' or 'Change Registry Lock contacts'")]
    if any(line.field == "organisation" for line in lines):
        return _subject_says(subject), []
    return None, []


# --- values --------------------------------------------------------------------------------------

_LOCAL_PART = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_PHONE = re.compile(r"\+?[0-9 ().-]+")
_PHONE_RUN = re.compile(r"\+?\(?[0-9][0-9 ().-]*[0-9]\)?")
_ANGLE = re.compile(r"<([^<>]*@[^<>]*)>")
_PART_LABEL = re.compile(r"^(?:e-?mail(?: address)?|phone(?: number)?|tel|telephone|mobile|name|team(?: name)?)"
                         r" *[:=] *", re.IGNORECASE)


def _shown(value: str) -> str:
    return "'" + (value if len(value) <= 60 else value[:57] + "...") + "'"


def _clean_address(word: str) -> str:
    word = word.strip("<>()[]\"'.,;:")
    return word[7:] if word.lower().startswith("mailto:") else word


def _is_address(text: str) -> bool:
    local, at, domain = text.rpartition("@")
    name = normalise_domain(domain) if at and len(text) <= 254 and len(local) <= 64 else None
    return bool(name and _LOCAL_PART.fullmatch(local) and "." in name and not name.rpartition(".")[2].isdigit())


def _address(value: str) -> str | None:
    """The one address in "jo@x.gov.uk" or "Jo Bloggs <jo@x.gov.uk>", lower-cased, or None."""
    angle = _ANGLE.search(value)
    text = _clean_address(angle[1].strip() if angle else value.strip())
    return text.lower() if _is_address(text) else None


def _is_phone(text: str) -> bool:
    return bool(_PHONE.fullmatch(text)) and 7 <= sum(c.isdigit() for c in text) <= 15


def _domains(line: _Line, zone: str) -> tuple[list[str], list[str]]:
    where, depth = f"{line.name} (line {line.number})", zone.count(".") + 1
    names, errors = [], []
    for word in re.split(r"[ ,;]+", line.value):
        word = word.strip("<>()[]\"'")
        if not word or word.lower() in ("and", "&", "-", "*", "\u2022"):
            continue
        url = re.match(r"[a-z][a-z0-9+.-]*://([^/?#]*)", word, re.IGNORECASE)
        name = normalise_domain(url[1] if url else word)
        if name is None or "." not in name:
            errors.append(f"{where}: {_shown(word)} is not a domain name; give a name such as example.{zone}")
        elif not name.endswith("." + zone):
            errors.append(f"{where}: {_shown(word)} is not a .{zone} domain; "
                          f"Registry Lock protects .{zone} domains only")
        elif name.count(".") != depth:
            itself = ".".join(name.split(".")[-depth - 1:])
            errors.append(f"{where}: {_shown(word)} is not directly under {zone}; "
                          f"give the domain itself, such as {itself}")
        else:
            names.append(name)
    return names, errors


def _contact(line: _Line, role: str) -> tuple[FormContact | None, list[str]]:
    emails, phones, names, not_phones = [], [], [], []
    for part in re.split(r"[,;|]", _ANGLE.sub(lambda m: f",{m[1]},", line.value)):
        words = _PART_LABEL.sub("", part.strip()).split()
        emails += [_clean_address(w) for w in words if "@" in w]
        rest = " ".join(w for w in words if "@" not in w)
        for run in _PHONE_RUN.finditer(rest):
            if _is_phone(run[0]):
                phones.append(" ".join(run[0].split()))
                rest = rest.replace(run[0], " ", 1)
        rest = " ".join(rest.split()).strip(" -:()\"'\u2013\u2014")
        if rest and _PHONE.fullmatch(rest) and not _is_phone(rest) and sum(c.isdigit() for c in rest) >= 3:
            not_phones.append(rest)  # digits on their own are a phone number gone wrong, not a name
        elif re.search(r"[^\W\d_]", rest):
            names.append(rest)
    where, errors = f"{line.name} (line {line.number})", []
    if not emails:
        errors.append(f"{where}: no email address; give the team's shared email address, its phone number "
                      f"and its name, separated by commas")
    elif len(emails) > 1:
        errors.append(f"{where}: {len(emails)} email addresses ({', '.join(emails)}); give one contact a line, "
                      f"with a '{line.name}:' line for each")
    errors += [f"{where}: {_shown(e)} is not an email address" for e in emails if not _is_address(e)]
    errors += [f"{where}: {_shown(p)} is not a phone number; give 7 to 15 digits, such as 020 7946 0000 "
               f"or +44 20 7946 0000" for p in not_phones]
    if len(phones) > 1:
        errors.append(f"{where}: {len(phones)} phone numbers ({', '.join(phones)}); give one phone number for "
                      f"each contact, and another '{line.name}:' line for another number")
    if role == "security" and not phones and not not_phones:
        errors.append(f"{where}: a phone number is needed for each Registry Lock contact, so the registry "
                      f"operator can call it")
    if errors:
        return None, errors
    return FormContact(role, emails[0].lower(), phones[0] if phones else None, ", ".join(names) or None,
                       line.number), []


# --- the form ------------------------------------------------------------------------------------

def _zone(zone: str) -> str:
    name = normalise_domain(zone)
    if name is None:
        raise ConfigError(f"zone {zone!r} is not a domain name")
    return name


def read_form(subject: str, body: str, sender: str | None = None, *, zone: str = "gov.uk") -> FormResult:
    """The form in the mail, or every problem with it; kind None when the mail is not a form."""
    zone_name = _zone(zone)
    lines = _lines(body)
    kind, refusal = _kind(" ".join(_as_text(subject)[:_MAX_SUBJECT].split()), lines)
    if kind is None:
        return FormResult(None, None, tuple(refusal))
    sender_address = _address(_as_text(sender))
    once: dict[str, _Line] = {}
    domains: list[str] = []
    contacts: dict[tuple, FormContact] = {}  # the same contact twice is one, kept with its first line
    found: list[tuple[int, str]] = []  # (line number, problem), told in the order of the form
    removed: dict[str, int] = {}  # a contact change's addresses to remove, with their first line
    changed: dict[str, FormContact] = {}  # a contact change's present contacts with a new phone, by address
    unfinished: list[FormContact] = []  # contacts with a problem whose address could be read, for the checks
    for line in lines:
        where = f"{line.name} (line {line.number})"
        if line.field is None:
            hint = f"did you mean '{_pretty(line.guess)}'? Use" if line.guess else "use"
            found.append((line.number, (f"Unknown field {_shown(line.name)} (line {line.number}): {hint} only the "
                          f"field names on the form ({', '.join(_LABELS.values())}), or write a note without a colon")))
        elif line.field in once:
            found.append((line.number, f"{where}: given twice (first on line {once[line.field].number}); give it once"))
        elif line.field in _ONCE:
            once[line.field] = line
            if line.value or line.field != "email" or not sender_address:
                found += [(line.number, p) for p in _requester_problems(line, zone_name)]
        elif not line.value:
            continue  # the blank form has spare Domain and contact lines
        elif line.field == "domain":
            names, problems = _domains(line, zone_name)
            domains += names
            found += [(line.number, p) for p in problems]
        elif kind == "cancellation":
            found.append((line.number, (f"{where}: contacts are only given when signing up; remove this line, "
                          f"or write 'Request: Sign up' if you meant to sign up")))
        elif (kind == "contact_change") != (line.field in ("add", "remove", "change")):
            found.append((line.number, _misplaced(where, kind)))
        elif line.field == "remove":
            address = next((a for w in re.split(r"[\s,;<>]+", line.value) if (a := _address(w))), None)
            if address is None:
                found.append((line.number, (f"{where}: {_shown(line.value)} is not an email address; give the email "
                              "address of the Registry Lock contact to remove")))
            else:
                removed.setdefault(address, line.number)
        else:
            contact, problems = _contact(line, "security" if line.field in ("add", "change") else line.field)
            if contact and line.field == "change":
                changed.setdefault(contact.email, contact)
            elif contact:
                contacts.setdefault((contact.role, contact.email, contact.phone, contact.name), contact)
            elif (address := _one_address(line.value)) is not None:
                # Its address is checked against the policy all the same, with the line's other problems.
                unfinished.append(FormContact(line.field, address, None, None, line.number))
            found += [(line.number, p) for p in problems]
    if sender_address and not (once.get("email") and once["email"].value):
        once["email"] = _Line(0, "Email", "email", sender_address)  # the sender gave it by sending the form
    filled = {line.field for line in lines if line.value}
    for field in ("organisation", "name", "job_title", "email", "phone", "domain", "security", "add"):
        if field in once or field in filled or (field == "security" and kind != "signup"):
            continue
        if (field == "domain" and kind == "contact_change") or (field == "add" and (
                kind != "contact_change" or filled & {"remove", "change"})):
            continue  # a contact change may name the organisation alone, and may only remove
        blank = next((line for line in lines if line.field == field), None)
        ask = _ASK[field].format(zone=zone_name)
        found.append((blank.number, f"{blank.name} (line {blank.number}): empty; after the colon, write {ask}") if blank
                     else (_AFTER_ALL, f"{_LABELS[field]}: missing; add a line '{_LABELS[field]}: ...' with {ask}"))
    if found:
        errors = [problem for _, problem in sorted(found, key=lambda p: p[0])]
        if len(errors) > MAX_ERRORS:
            errors = errors[:MAX_ERRORS - 1] + [(f"... and {len(errors) - MAX_ERRORS + 1} more problems; "
                                                 f"fix those above and send the form again")]
        return FormResult(kind, None, tuple(errors), _read(kind, once, domains, [*contacts.values(), *unfinished]))
    text = [" ".join(once[f].value.split()) for f in ("organisation", "name", "job_title")]
    requester = (*text, _address(once["email"].value), " ".join(once["phone"].value.split()))
    if kind == "cancellation":
        return FormResult(kind, CancellationForm(*requester, tuple(dict.fromkeys(domains))), ())
    if kind == "contact_change":
        twice = _given_twice(list(contacts.values()), removed, changed)
        if twice:
            return FormResult(kind, None, tuple(twice))
        return FormResult(kind, ContactChangeForm(*requester, tuple(dict.fromkeys(domains)), tuple(contacts.values()),
                                                  tuple(removed), change=tuple(changed.values())), ())
    return FormResult(kind, SignupForm(*requester, tuple(dict.fromkeys(domains)), tuple(contacts.values())), ())


def _one_address(value: str) -> str | None:
    """The one email address a contact line gives, or None (none, or several)."""
    found = {a for w in re.split(r"[\s,;<>]+", value) if (a := _address(w))}
    return found.pop() if len(found) == 1 else None


def _read(kind: str, once: dict[str, _Line], domains: list[str],
          contacts: list[FormContact]) -> SignupForm | CancellationForm | None:
    """What could be read of a sign-up or a cancellation with problems (FormResult.read)."""
    if kind not in ("signup", "cancellation"):
        return None
    text = [" ".join(once[f].value.split()) if f in once else "" for f in ("organisation", "name", "job_title")]
    email = _address(once["email"].value) if "email" in once else None
    phone = " ".join(once["phone"].value.split()) if "phone" in once else ""
    requester = (*text, email or "", phone)
    if kind == "cancellation":
        return CancellationForm(*requester, tuple(dict.fromkeys(domains)))
    return SignupForm(*requester, tuple(dict.fromkeys(domains)), tuple(contacts))


def _given_twice(added: list[FormContact], removed: dict[str, int], changed: dict[str, FormContact]) -> list[str]:
    """An address both added and removed, or changed and added or removed: the form says two things of it."""
    lines = sorted([(c.line, c.email, "add") for c in added if c.email in removed or c.email in changed]
                   + [(c.line, c.email, "change") for c in changed.values() if c.email in removed])
    problems = []
    for line, email, field in lines:
        other, said = (removed[email], "removed") if email in removed else (changed[email].line, "changed")
        problems.append(f"{_LABELS[field]} (line {line}): {email} is also to be {said} (line {other}); give it "
                        "once, to add, to remove or to change")
    return problems


def _misplaced(where: str, kind: str) -> str:
    if kind == "contact_change":
        return (f"{where}: a contact change gives 'Add Registry Lock contact:', 'Remove Registry Lock contact:' and "
                "'Change Registry Lock contact:' lines; write the contact on one of those")
    return (f"{where}: contacts are added, removed or changed only with 'Request: Change Registry Lock contacts'; "
            "give the contacts as the form asks")


def _requester_problems(line: _Line, zone: str) -> list[str]:
    where = f"{line.name} (line {line.number})"
    if not line.value:  # an empty Request leaves it to the subject
        ask = _ASK.get(line.field, "").format(zone=zone)
        return [] if line.field == "request" else [f"{where}: empty; after the colon, write {ask}"]
    if line.field == "email" and _address(line.value) is None:
        return [f"{where}: {_shown(line.value)} is not an email address; write {_ASK['email']}"]
    if line.field == "phone" and not _is_phone(line.value):
        return [(f"{where}: {_shown(line.value)} is not a phone number; give 7 to 15 digits, such as 020 7946 0000 "
                f"or +44 20 7946 0000")]
    return []


def _pretty(key: str | None) -> str:
    return (key or "").capitalize().replace("Registry lock", "Registry Lock")
