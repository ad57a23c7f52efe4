"""Sample contexts for the outbox mail templates: what the workflow passes to each one."""

from __future__ import annotations

TEMPLATE_NAMES = (
    "change_received",
    "operator_task",
    "confirmation_of_authorisation",
    "authorisation_for_gds",
    "change_outcome",
    "dispute_alert",
    "change_notification",
    "passed_on",
    "triage_notice",
    "operator_notice",
    "chase_operator",
    "chase_security_team",
    "confirmation_void",
    "confirmation_void_for_gds",
    "escalation",
    "ticket_expired",
    "apply_overdue",
    "notification_overdue",
    "signup_received",
    "signup_for_review",
    "signup_rejected",
    "signup_activated",
    "current_records",
    "signup_contacts_changing",
    "cancellation_received",
    "cancellation_for_review",
    "cancellation_requested",
    "cancellation_rejected",
    "cancellation_completed",
    "cancellation_disputed",
    "signup_disputed",
    "command_result",
    "request_unclear",
    "contact_change_received",
    "contact_change_rejected",
    "contact_change_confirmation",
    "contact_change_completed",
    "review_reminder",
    "zone_alarm",
    "contact_change_confirmation_for_gds",
    "reply_recorded",
)

# Who reads each mail: the kind of reader each template is written for (the audience its reply token is issued to).
# A mail to the operators or GDS lists the replies it accepts (templates/_replies.txt).
READERS = {
    "change_received": ("registrar",), "change_outcome": ("registrar",), "request_unclear": ("registrar",),
    "operator_task": ("operators",), "operator_notice": ("operators", "gds"), "chase_operator": ("operators",),
    "triage_notice": ("operators",), "notification_overdue": ("operators",),
    "command_result": ("operators", "gds"), "reply_recorded": ("operators", "gds"),
    "authorisation_for_gds": ("gds",), "confirmation_void_for_gds": ("gds",), "escalation": ("gds",),
    "ticket_expired": ("gds",), "apply_overdue": ("gds",), "signup_for_review": ("gds",),
    "cancellation_for_review": ("gds",), "signup_disputed": ("gds",), "cancellation_disputed": ("gds",),
    "review_reminder": ("gds",), "contact_change_confirmation_for_gds": ("gds",),
    "confirmation_of_authorisation": ("security",), "chase_security_team": ("security",),
    "confirmation_void": ("security",), "current_records": ("security",), "signup_contacts_changing": ("security",),
    "cancellation_requested": ("security",), "contact_change_confirmation": ("security",),
    "dispute_alert": ("notify",), "change_notification": ("notify",), "zone_alarm": ("notify",),
    "cancellation_completed": ("requester", "security"), "contact_change_completed": ("requester", "security"),
    "passed_on": ("queue",),
    "signup_received": ("requester",), "signup_rejected": ("requester",), "signup_activated": ("requester",),
    "cancellation_received": ("requester",), "cancellation_rejected": ("requester",),
    "contact_change_received": ("requester",), "contact_change_rejected": ("requester",),
}
TEAMS = ("operators", "gds")  # the readers who may reply with a command

SECURITY_CONTACT = {
    "name": "HMRC Cyber Security Operations",
    "email": "cyber-security@hmrc.gov.uk",
    "phone": "+44 20 7946 0000",
}

# The registry operator's number for domain owners: not any security contact's number, so a test can
# tell the two apart.
SERVICE_PHONE = "+44 20 7946 0123"

# A request for a domain outside the service: passed on, never verified.
UNLOCKED_DOMAIN = "little-ashby-pc.gov.uk"


def _service() -> dict:
    return {
        "name": ".gov.uk Registry Lock",
        "bot_address": "registry-lock@registry.example",
        "operators_address": "registry-lock-operators@registry.example",
        "gds_address": "domainmanagement@digital.cabinet-office.gov.uk",
        "phone": SERVICE_PHONE,
    }


def _ticket(state: str, domain: str = "hmrc.gov.uk") -> dict:
    return {
        "ref": "RL-000001",
        "kind": "change",
        "state": state,
        "domains": [domain],
        "urgent": False,
        "opened_at": "Friday 27 November 2026, 3:10pm",
        "deadline": "Monday 30 November 2026, 3:10pm",
    }


def _change(domain: str = "hmrc.gov.uk") -> dict:
    return {
        "domain": domain,
        "domains": [domain],
        "several": False,
        "items": [
            {
                "domain": domain,
                "field": "nameservers",
                "label": "Name servers",
                "current": ["ns1.hmrc.gov.uk", "ns2.hmrc.gov.uk"],
                "requested": ["ns1.newdns.co.uk", "ns2.newdns.co.uk"],
            }
        ],
    }


def _request(domain: str = "hmrc.gov.uk") -> dict:
    return {
        "from": "Example Registrar Ltd <domains@example-registrar.co.uk>",
        "subject": f"Name server change for {domain}",
        "message_id": "<20261127151002.4821@mail.example-registrar.co.uk>",
        "received_at": "Friday 27 November 2026, 3:10pm",
    }


def _call(outcome: str) -> dict:
    return {
        "outcome": outcome,
        "contact": SECURITY_CONTACT["email"],
        "phone": SECURITY_CONTACT["phone"],
        "operator": "Sam Patel",
        "at": "Monday 30 November 2026, 10:05am",
        "note": "Confirmed against HMRC change record CHG0042178.",
    }


def _base(state: str) -> dict:
    return {
        "ticket": _ticket(state),
        "service": _service(),
        "now": "Monday 30 November 2026, 10:07am",
        "change": _change(),
        "registrar": {"name": "Example Registrar Ltd"},
    }


def _change_received() -> dict:
    return _base("awaiting_call") | {"amended": False}


def _operator_task() -> dict:
    return _base("awaiting_call") | {
        "security_contacts": [dict(SECURITY_CONTACT)],
        "amended": False,
        "request": _request(),
        "registrar_of_record": None,
        "lock_contacts_in_whois": [],
        "unanswered": None,
    }


def _confirmation_of_authorisation() -> dict:
    return _base("awaiting_confirmation") | {"call": _call("verified"), "reply_by": "Tuesday 1 December 2026, 10:05am"}


def _change_outcome() -> dict:
    return _base("completed") | {"outcome": "completed"}


def _dispute_alert() -> dict:
    return _base("disputed") | {
        "source": "call",
        "by": f"{SECURITY_CONTACT['name']} ({SECURITY_CONTACT['email']})",
        "at": "Monday 30 November 2026, 10:05am",
        "note": "HMRC has no open change for these name servers.",
        "call": _call("refused") | {"note": None},
    }


def _change_notification() -> dict:
    return _base("completed") | {
        "applied_at": "Tuesday 1 December 2026, 11:20am",
        "operator": "Sam Patel",
    }


def _passed_on() -> dict:
    context = _base("passed_on")
    context["ticket"] = _ticket("passed_on", UNLOCKED_DOMAIN)
    context["change"] = _change(UNLOCKED_DOMAIN)
    return context | {"domain": UNLOCKED_DOMAIN, "request": _request(UNLOCKED_DOMAIN), "problem": None}


def _triage_notice() -> dict:
    return _base("triage") | {
        "change": None,
        "reason": (
            "The message names hmrc.gov.uk but asks for no change the bot can read: "
            "no name servers, DS records, contacts or registrant were found."
        ),
        "request": _request() | {"subject": "Query about hmrc.gov.uk"},
        "original": original(),
    }


def original() -> dict:
    """The mail a notice is about (mailbot/workflow/originals.py)."""
    return {"sender": "requests@registrar.example", "subject": "Query about hmrc.gov.uk",
            "received": "Monday 30 November 2026, 11:42am",
            "authentication": "The sender requests@registrar.example is NOT authenticated: no DKIM signature aligned "
                              "with its domain passes (none (no DKIM signature)), checked by verifying its DKIM "
                              "signature. Anyone can write this From address.",
            "words": "> Is hmrc.gov.uk still locked?\n> Thanks", "attached": True, "unread": False, "id": 72,
            "size": "0.0 MB"}


def _operator_notice() -> dict:
    return _base("confirmed") | {
        "change": None,
        "headline": "The security team confirmed the change to hmrc.gov.uk",
        "details": [
            ("cyber-security@hmrc.gov.uk replied on Monday 30 November 2026, 11:42am "
            "to confirm the change."),
            "The reply carried the ticket's reply token and passed DKIM and DMARC checks.",
        ],
        "next_step": "Make the change in the registry, then record it as made.",
        "original": original() | {"sender": "cyber-security@hmrc.gov.uk", "subject": "Re: [RL-000001] hmrc.gov.uk: "
                                  "change request", "words": "> I confirm this change.",
                                  "authentication": "The sender cyber-security@hmrc.gov.uk is authenticated: a DKIM "
                                                    "signature aligned with its domain passes (pass for hmrc.gov.uk), "
                                                    "checked by verifying its DKIM signature."},
    }


def call_attempts() -> list[dict]:
    """Two unanswered calls and one that reached the team: what an escalation must show in full."""
    first = _call("no-answer") | {"at": "Monday 30 November 2026, 10:05am", "note": None}
    second = _call("no-answer") | {
        "operator": "Alex Morgan",
        "at": "Tuesday 1 December 2026, 2:40pm",
        "note": "Voicemail left asking them to phone back.",
    }
    third = _call("verified") | {"at": "Wednesday 2 December 2026, 9:15am"}
    return [
        {key: call[key] for key in ("outcome", "contact", "operator", "at", "note")}
        for call in (first, second, third)
    ]


def _chases() -> list[dict]:
    return [
        {
            "template": "chase_operator",
            "to": [_service()["operators_address"]],
            "at": "Monday 30 November 2026, 3:10pm",
        },
        {
            "template": "chase_security_team",
            "to": [SECURITY_CONTACT["email"], "security-duty@hmrc.gov.uk"],
            "at": "Tuesday 1 December 2026, 2:45pm",
        },
    ]


def _chase_operator() -> dict:
    return _base("awaiting_verification") | {
        "reason": "first_call",
        "due": "Monday 30 November 2026, 3:10pm",
        "security_contacts": [dict(SECURITY_CONTACT)],
        "calls": [],
        "earlier_calls": [],
    }


def _chase_security_team() -> dict:
    return _base("awaiting_verification") | {"reason": "call_back", "reply_by": "Wednesday 2 December 2026, 10am"}


def _confirmation_void() -> dict:
    # The request was amended after the security team had confirmed the earlier one in writing.
    return _base("awaiting_verification") | {"confirmed": True, "why": "amended"}


def _escalation() -> dict:
    return _base("awaiting_confirmation") | {
        "stage": "confirmation",
        "reminder": False,
        "received_at": "Friday 27 November 2026, 3:10pm",
        "working_days": 4,
        "calls": call_attempts(),
        "earlier_calls": [],
        "chases": _chases(),
        "organisation": "HM Revenue and Customs",
        "senior": {"name": "Jim Hacker", "job_title": "Chief Information Security Officer",
                   "phone": "020 7946 0500", "email": "ciso@hmrc.gov.uk", "ref": "RL-000000",
                   "approved": "Monday 2 November 2026, 10:00am"},
        "lock_contacts": [dict(SECURITY_CONTACT)],
        "warnings": {"urgent": False, "registrar_of_record": None, "lock_contacts_in_whois": [], "amended": False,
                     "unanswered": None},
    }


def _ticket_expired() -> dict:
    return _base("expired") | {
        "received_at": "Friday 27 November 2026, 3:10pm",
        "working_days": 10,
        "calls": call_attempts()[:2],
        "earlier_calls": [],
        "chases": _chases(),
    }


def _apply_overdue() -> dict:
    return _base("authorised") | {
        "authorised_at": "Monday 30 November 2026, 11:20am",
        "due": "Tuesday 1 December 2026, 11:20am",
        "working_days": 1,
    }


def _zone_alarm() -> dict:
    return _base("alarmed") | {
        "change": {"domain": "hmrc.gov.uk", "domains": ["hmrc.gov.uk"], "several": False, "items": [
            {"domain": "hmrc.gov.uk", "field": "nameservers", "label": "Name servers",
             "current": ["ns1.hmrc.gov.uk", "ns2.hmrc.gov.uk"], "requested": ["ns1.attacker.example"]}]},
        "serial": 2026120502, "previous_serial": 2026120501, "at": "Saturday 5 December 2026 at 3:04am",
        "again": False, "matches_held": False,
    }


def _notification_overdue() -> dict:
    return _base("completed") | {
        "applied_at": "Tuesday 1 December 2026, 11:20am",
        "due": "Wednesday 2 December 2026, 11:20am",
        "status": "failed",
        "last_error": (
            "550 5.7.1 Relaying denied for domainmanagement@digital.cabinet-office.gov.uk"
        ),
    }


# -- commands by email ----------------------------------------------------------------------------

COMMAND_PROBLEMS = [
    "its sender is not authenticated (DKIM aligned with the From domain): none (no DKIM signature)",
    "its reply token was already used (call by registry-operators@registry.example at 2026-11-30 10:05 UTC)",
]


def _command_result() -> dict:
    return _base("awaiting_confirmation") | {
        "change": None,
        "registrar": None,
        "sender": "registry-operators@registry.example",
        "command": "call verified contact=cyber-security@hmrc.gov.uk note=spoke to the duty manager",
        "done": True,
        "did": "The call was recorded as verified: the security team and GDS have been sent the "
               "confirmation of authorisation.",
        "problems": [],
    }


# -- joining and leaving Registry Lock -------------------------------------------------------------

MEMBER_DOMAINS = ("hmrc.gov.uk", "taxcredits.gov.uk")


def _membership_base(kind: str, state: str) -> dict:
    # GDS reviews without a working-day deadline, so these tickets have none.
    ticket = _ticket(state) | {"kind": kind, "domains": list(MEMBER_DOMAINS), "deadline": None}
    return {
        "ticket": ticket,
        "service": _service(),
        "now": "Monday 30 November 2026, 10:07am",
        "change": None,
        "registrar": None,
    }


def cancellation_form() -> dict:
    """A cancellation as the form reader gives it: who asked, and the domains to take out."""
    return {
        "organisation": "HM Revenue and Customs",
        "requester_name": "Priya Shah",
        "job_title": "Chief Information Security Officer",
        "requester_email": "ciso-office@hmrc.gov.uk",
        "requester_phone": "+44 20 7946 0456",
        "domains": list(MEMBER_DOMAINS),
    }


def signup_form() -> dict:
    """A sign-up: a cancellation's fields and one contact of each role, in no particular order."""
    return cancellation_form() | {
        "contacts": [
            {"role": "technical", "email": "hostmaster@hmrc.gov.uk", "phone": "+44 20 7946 0300",
             "name": None},
            dict(SECURITY_CONTACT, role="security"),
            {"role": "notify", "email": "security-alerts@hmrc.gov.uk", "phone": None, "name": None},
            {"role": "support", "email": "service-desk@hmrc.gov.uk", "phone": None,
             "name": "HMRC Service Desk"},
        ],
    }


SIGNUP_PROBLEMS = [
    ("jo.bloggs@hmrc.gov.uk (technical contact) is the workplace address of an individual: give "
    "the address of a team or a role."),
    "hmrc.security@gmail.com (security contact) is a personal email address.",
    ("hostmaster@hmrc.gov.uk (security contact) is published in WHOIS for hmrc.gov.uk: Registry "
    "Lock contacts must be different from every WHOIS contact."),
]

CANCELLATION_PROBLEMS = [
    "taxcredits.gov.uk is not in Registry Lock.",
    "hmrc.gov.uk is not in Registry Lock for HM Revenue and Customs.",
]

GDS_REASON = (
    "We phoned HMRC's security operations centre: Priya Shah is not known there, and nobody at "
    "HMRC asked for this."
)


# A signed domain's DS records: the digests are long, unbroken hex.
DS_RECORDS = (
    "31589 13 2 E2D3C916F6DEEAC73294E8268FB5885044A833FC5459588F4A9184CFC41A5766",
    "20326 8 2 " + "1F2A5A1C0E7B6D4C" * 4,
)


def _signup_received() -> dict:
    return _membership_base("signup", "awaiting_review") | {"form": signup_form()}


def _signup_for_review() -> dict:
    return _membership_base("signup", "awaiting_review") | {
        "form": signup_form(),
        "sender": "Priya Shah <ciso-office@hmrc.gov.uk>",
        "checks": [
            "hmrc.gov.uk is in the registry records (Example Registrar Ltd).",
            "taxcredits.gov.uk is in the registry records (Example Registrar Ltd).",
            ("All 4 contact addresses pass the address policy, and no Registry Lock contact is "
            "published in WHOIS."),
        ],
    }


def _signup_rejected() -> dict:
    return _membership_base("signup", "rejected") | {
        "form": signup_form(),
        "problems": list(SIGNUP_PROBLEMS),
        "reason": None,
    }


def _signup_activated() -> dict:
    return _membership_base("signup", "active") | {
        "form": signup_form(),
        "domains": list(MEMBER_DOMAINS),
        "contact_change": None,
    }


def _current_records() -> dict:
    return _membership_base("signup", "active") | {
        "organisation": "HM Revenue and Customs",
        "requester": False,
        "domains": [
            {
                "name": "hmrc.gov.uk",
                "registrar": "Example Registrar Ltd",
                "registrant": "HM Revenue and Customs",
                "nameservers": ["ns1.hmrc.gov.uk", "ns2.hmrc.gov.uk"],
                "ds": list(DS_RECORDS),
                "whois_contacts": ["hostmaster@hmrc.gov.uk", "dns-admin@hmrc.gov.uk"],
            },
            {
                "name": "taxcredits.gov.uk",
                "registrar": "Other Registrar plc",
                "registrant": "HM Revenue and Customs",
                "nameservers": ["ns1.taxcredits-dns.co.uk", "ns2.taxcredits-dns.co.uk"],
                "ds": [],
                "whois_contacts": ["domains@taxcredits.gov.uk"],
            },
        ],
    }



def _signup_contacts_changing() -> dict:
    return _membership_base("signup", "awaiting_review") | {
        "form": signup_form(),
        "domains": ["hmrc.gov.uk"],
        "new_contacts": [
            {"role": contact["role"], "email": contact["email"]}
            for contact in signup_form()["contacts"]
        ],
    }


def _cancellation_received() -> dict:
    return _membership_base("cancellation", "awaiting_review") | {"form": cancellation_form()}


def _cancellation_for_review() -> dict:
    return _membership_base("cancellation", "awaiting_review") | {
        "form": cancellation_form(),
        "sender": "Priya Shah <ciso-office@hmrc.gov.uk>",
        "checks": [
            "hmrc.gov.uk is in Registry Lock for HM Revenue and Customs.",
            "taxcredits.gov.uk is in Registry Lock for HM Revenue and Customs.",
            "The Registry Lock contacts (cyber-security@hmrc.gov.uk) have been told.",
        ],
    }


def _cancellation_requested() -> dict:
    return _membership_base("cancellation", "awaiting_review") | {"form": cancellation_form()}


def _cancellation_rejected() -> dict:
    return _membership_base("cancellation", "rejected") | {
        "form": cancellation_form(),
        "problems": list(CANCELLATION_PROBLEMS),
        "reason": None,
    }


def _cancellation_completed() -> dict:
    return _membership_base("cancellation", "completed") | {
        "form": cancellation_form(),
        "domains": list(MEMBER_DOMAINS),
    }


def _disputed(kind: str, form: dict) -> dict:
    return _membership_base(kind, "disputed") | {
        "form": form,
        "by": "cyber-security@hmrc.gov.uk",
        "at": "Monday 30 November 2026, 10:07am",
        "words": "> We did not request this. Do not remove the lock.",
        "authentication": "The sender cyber-security@hmrc.gov.uk is authenticated: a DKIM signature aligned with "
                          "its domain passes (pass for hmrc.gov.uk), checked by verifying its DKIM signature.",
    }


def _cancellation_disputed() -> dict:
    return _disputed("cancellation", cancellation_form())


def _signup_disputed() -> dict:
    return _disputed("signup", signup_form())


def _request_unclear() -> dict:
    # A remove of a name server that is not on record: the bot asks instead of guessing.
    context = _base("triage")
    context["ticket"]["kind"] = "triage"
    return context | {
        "change": None,
        "request": _request(),
        "domains": [{
            "name": "hmrc.gov.uk",
            "read": [{"label": "Name servers to add", "shown": ["ns3.newdns.co.uk"]},
                     {"label": "Name servers to remove", "shown": ["ns0.old.example"]}],
            "problem": "Name servers: ns0.old.example cannot be removed: it is not among the current name "
                       "servers (ns1.hmrc.gov.uk, ns2.hmrc.gov.uk).",
            "fields": ["nameservers"],
        }],
    }


_BUILDERS = {
    "change_received": _change_received,
    "operator_task": _operator_task,
    "confirmation_of_authorisation": _confirmation_of_authorisation,
    "authorisation_for_gds": _confirmation_of_authorisation,
    "change_outcome": _change_outcome,
    "dispute_alert": _dispute_alert,
    "change_notification": _change_notification,
    "passed_on": _passed_on,
    "triage_notice": _triage_notice,
    "operator_notice": _operator_notice,
    "chase_operator": _chase_operator,
    "chase_security_team": _chase_security_team,
    "confirmation_void": _confirmation_void,
    "confirmation_void_for_gds": _confirmation_void,
    "escalation": _escalation,
    "ticket_expired": _ticket_expired,
    "apply_overdue": _apply_overdue,
    "notification_overdue": _notification_overdue,
    "zone_alarm": _zone_alarm,
    "signup_received": _signup_received,
    "signup_for_review": _signup_for_review,
    "signup_rejected": _signup_rejected,
    "signup_activated": _signup_activated,
    "current_records": _current_records,
    "signup_contacts_changing": _signup_contacts_changing,
    "cancellation_received": _cancellation_received,
    "cancellation_for_review": _cancellation_for_review,
    "cancellation_requested": _cancellation_requested,
    "cancellation_rejected": _cancellation_rejected,
    "cancellation_completed": _cancellation_completed,
    "cancellation_disputed": _cancellation_disputed,
    "signup_disputed": _signup_disputed,
    "command_result": _command_result,
    "request_unclear": _request_unclear,
    "contact_change_received": lambda: _contact_change_base("awaiting_verification") | {
        "form": contact_change_form(), "domains": list(MEMBER_DOMAINS), "changed": [PHONE_CHANGED]},
    "contact_change_rejected": lambda: _contact_change_base("rejected") | {
        "form": contact_change_form(), "problems": ["soc@hmrc.gov.uk is not a Registry Lock contact."],
        "reason": None},
    "contact_change_confirmation": lambda: _contact_change_base("awaiting_confirmation") | {
        "call": _call("verified"), "change": _contact_change(),
        "registrar": {"name": "Jim Hacker, Chief Information Security Officer, HM Revenue and Customs"}},
    "contact_change_completed": lambda: _contact_change_base("completed") | {
        "form": contact_change_form(), "contacts": _contact_change()["items"][0], "told": "old",
        "domains": list(MEMBER_DOMAINS)},
    "contact_change_confirmation_for_gds": lambda: _contact_change_base("awaiting_confirmation") | {
        "call": _call("verified"), "change": _contact_change(),
        "registrar": {"name": "Jim Hacker, Chief Information Security Officer, HM Revenue and Customs"}},
    "reply_recorded": lambda: _base("awaiting_confirmation") | {
        "change": None, "registrar": None, "sender": "domainmanagement@digital.cabinet-office.gov.uk",
        "answered": "authorisation_for_gds", "quoted": "> I confirm this change.", "role": "gds"},
    "review_reminder": lambda: _contact_change_base("authorised") | {
        "form": contact_change_form(), "waiting_since": "Friday 27 November 2026, 3:10pm", "working_days": 2},
}


def _contact_change_base(state: str) -> dict:
    context = _membership_base("contact_change", state)
    return context


def contact_change_form() -> dict:
    return {"organisation": "HM Revenue and Customs", "requester_name": "Jim Hacker",
            "job_title": "Chief Information Security Officer", "requester_email": "ciso@hmrc.gov.uk",
            "requester_phone": "020 7946 0500", "domains": ["hmrc.gov.uk"],
            "add": [{"role": "security", "email": "secops@hmrc.gov.uk", "phone": "020 7946 0002",
                     "name": "HMRC Security Operations", "line": 8}],
            "remove": ["soc@hmrc.gov.uk"], "others": [],
            "change": [{"role": "security", "email": "cyber-security@hmrc.gov.uk", "phone": "+44 20 7946 0009",
                        "name": None, "line": 10}]}


# A present lock contact's new phone number, as the contact change's context shows it.
PHONE_CHANGED = "cyber-security@hmrc.gov.uk: phone +44 20 7946 0001 -> +44 20 7946 0009"


def _contact_change() -> dict:
    domains = list(MEMBER_DOMAINS)
    return {"domain": " and ".join(domains), "domains": domains, "several": len(domains) > 1,
            "items": [{"domain": " and ".join(domains), "field": "lock_contacts", "label": "Registry Lock contacts",
                       "current": ["cyber-security@hmrc.gov.uk", "soc@hmrc.gov.uk"],
                       "requested": ["cyber-security@hmrc.gov.uk", "secops@hmrc.gov.uk"],
                       "changed": [PHONE_CHANGED]}]}


def replies(reader: str) -> dict:
    """The replies a mail to `reader` (the operators or GDS, at a shared mailbox) lists, as workflow/accepted.py
    gives them."""
    commands = {"operators": [("call", 'call verified|refused|no-answer by=NAME contact=EMAIL [phone="NUMBER"] '
                                       "[note=TEXT]", "record a call to a Registry Lock contact"),
                              ("withdraw", "withdraw by=NAME [reason=TEXT]", "withdraw the request")],
                "gds": [("approve", "approve by=NAME", "approve it"),
                        ("reject", "reject by=NAME reason=TEXT", "reject it (the reason is sent to the person who "
                                                                 "asked)")]}[reader]
    commands.append(("note", "note by=NAME text=TEXT", "record what you did or found on the ticket"))
    return {"signed": True, "role": reader,
            "commands": [{"verb": verb, "line": line, "does": does} for verb, line, does in commands]}


def sample_context(name: str, reader: str | None = None) -> dict:
    """A full, fresh context for the template `name`, as its (first) reader gets it, or `reader`; callers may
    change it freely."""
    context = _BUILDERS[name]()
    reader = reader or READERS[name][0]
    if reader in TEAMS:
        context["replies"] = replies(reader)
    return context


CONTACT_CHANGE_REQUESTER = "Jim Hacker, Chief Information Security Officer, HM Revenue and Customs"
# The mails a change request sends that a contact change sends too, in its own words (ticket.kind).
REUSED_FOR_CONTACT_CHANGE = ("dispute_alert", "ticket_expired", "escalation", "chase_operator", "chase_security_team",
                             "signup_contacts_changing")


def as_contact_change(context: dict) -> None:
    """The sample of a mail a change request sends, as a contact change sends it: its ticket's kind, the
    organisation's lock contacts before and after as the change, and its requester (no registrar)."""
    context["ticket"] |= {"kind": "contact_change", "domains": list(MEMBER_DOMAINS)}
    if context.get("form") is not None:  # the present lock contacts' notice
        context["form"] = contact_change_form()
        context["domains"] = list(MEMBER_DOMAINS)
        context["new_contacts"] = [{"role": "security", "email": "secops@hmrc.gov.uk"}]
        context["form"]["changed"] = [PHONE_CHANGED]
        return
    context |= {"change": _contact_change(), "registrar": {"name": CONTACT_CHANGE_REQUESTER}}
