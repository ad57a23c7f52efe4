"""Seed 18 of the request corpus: requests raised in service desks and portals and sent on by them.

Registrars' and resellers' service desks rarely write a request from scratch: an agent copies it out of a ticket, or
the ticket system sends it on by itself. This seed imitates that mail. Its notifications come from ServiceNow, Jira
Service Management, Zendesk, Freshdesk, Halo ITSM and a registrar's own control panel, each with its own header
fields, subject tags, "reply above this line" markers and footers; change records are written the ITIL way (change
number and type, affected CI, an implementation plan naming the servers, a back-out plan naming the current ones);
exports are `key: value` blocks full of fields that do not matter (TTL, status, created, priority, SLA); an agent's
short comment sits above a pasted table or a ticket's text; portals send before/after summaries; a registrar's
blocked API call comes as an EPP XML or JSON payload; attachments are ticket-system CSV exports. Values are always
written correctly; the prose around them is that of busy desk staff, some of them not native speakers.

Names of the organisations end in "-sd" (`.gov.uk` domains no other seed makes). Thread mails are the desks'
replies, their ticket systems' acknowledgements and out-of-office notes, and bounces.
"""

from __future__ import annotations

import random
from email.message import EmailMessage
from html import escape

from tests.support.request_corpus import (
    BOT,
    DATE,
    PREFIXES,
    REGISTRARS,
    ZONE,
    DomainAsk,
    Generator,
    Mail,
    _and,
    _ds,
    _fit,
    _html_blocks,
    _plain,
    _provider_set,
    build_mail,
)

DESK_PLACES = [
    "aldeburgh", "barnstaple", "castleford", "daventry", "egremont", "felixstowe", "gainsborough", "halesworth",
    "ilminster", "kirkby", "lowestoft", "mablethorpe", "northallerton", "ormskirk", "pickering", "rothbury",
    "saxmundham", "tadcaster", "uttoxeter", "wymondham", "axminster", "beccles", "crediton", "diss", "evesham",
    "faversham", "glossop", "helston", "ivinghoe", "kirkham", "launceston", "minehead", "newquay", "oundle",
    "princetown", "richmond", "sandbach", "tiverton", "ventnor", "whitby", "bridport", "dartmouth", "eastleigh",
]
DESK_KINDS = [("", "{} Shared Digital Services"), ("-cc", "{} County Council"), ("-dc", "{} District Council"),
              ("-bc", "{} Borough Council"), ("-tc", "{} Town Council"), ("-ics", "{} Integrated Care System"),
              ("-fire", "{} Fire and Rescue Service"), ("-hp", "{} Housing Partnership"),
              ("-jb", "{} Joint Waste Board"), ("-cs", "{} Coroner's Service")]
SYSTEMS = ("servicenow", "jira", "zendesk", "freshdesk", "halo", "panel")
AGENTS = ["Megan Pryce", "Tomasz Nowak", "Deepa Raman", "Callum Reid", "Siân Howells", "José Ferreira",
          "Ruth Okafor", "Liam Gallagher", "Łukasz Zieliński", "Harriet Cole", "Service Desk", "NOC Team"]
ROLES = ["Service Desk Analyst", "2nd Line Support - Domains & DNS", "Service Delivery Coordinator",
         "NOC Engineer", "Registrar Operations", "Customer Support Team Lead"]
DISCLAIMERS = [
    "",
    "This message and any attachment are intended for the named recipient only and may contain confidential "
    "information. If you are not the intended recipient please tell us at once and delete it.",
    "Our service desk is open 08:00-18:00 Monday to Friday. Outside these hours please call the NOC line.",
    "Please do not print this email unless you really need to.",
]
CURRENT_LABELS = ["Current name servers:", "Existing NS:", "At present:", "Old nameservers:", "Live NS:",
                  "Currently delegated to:", "As-is:", "Before:", "Current state -", "NS today:",
                  "Existing (to be removed):"]
NEW_LABELS = ["New name servers:", "Proposed NS:", "Target nameservers:", "Replacement NS:", "Should be:",
              "Requested:", "After:", "To-be:", "Required state -", "Change to:", "New (to be added):"]
TABLE_HEADS = [["Current", "New"], ["Existing NS", "Proposed NS"], ["Live", "Target"], ["Before", "After"],
               ["Old nameserver", "Replacement"], ["As-is", "To-be"], ["Present", "Should be"]]
ACTIONS = [("Add", "Remove"), ("ADD", "DELETE"), ("Create", "Delete"), ("add", "remove"), ("Insert", "Retire"),
           ("+ add", "- remove")]
REPLIES = [
    "Confirmed - the customer approved this under their change {ticket}. Please go ahead.",
    "Thanks, noted on our side. I've updated the ticket.",
    "Cheers for the quick turnaround.",
    "That's right, exactly as per the original ticket.",
    "Acknowledged. Our reference is {ticket} for any follow-up.",
    "Yes please proceed, the customer knows to expect your call.",
    "Received with thanks. Ticket status set to Awaiting Registry.",
    "OK thank you, we have told the customer your security team will phone them.",
    "Thank you very much for your fast answer, we wait for your call to the customer.",
    "Hi, just to say the customer's change board signed this off yesterday. Nothing else needed from us?",
    "Morning - the customer has confirmed to us by phone as well. We'll leave our ticket open until you tell us "
    "it's done.",
    "Many thanks. Could you let us know once the change is live so we can close {ticket} our end?",
]
AUTO_REPLIES = [
    "Your request ({n}) has been received and is being reviewed by our support staff.\n\nTo add additional "
    "comments, reply to this email.",
    "INC00{n} has been opened on your behalf. We will be in touch as soon as an analyst picks it up.\n\n"
    "Please do not reply to this message unless you have new information.",
    "I'm on leave until Wednesday 2 December with limited access to email. For anything urgent please contact the "
    "service desk on 0333 014 2200 or raise a ticket through the portal.",
    "We have received your message and a ticket (#{n}) has been created. Our team will get back to you within 1 "
    "business day.",
    "Thank you for contacting the Domains Service Desk. This mailbox is monitored 08:00-18:00 Monday to Friday; "
    "your email has been logged and will be answered in turn.",
]
SIGN_OFFS = ["", "Thanks", "Kind regards,", "Regards", "Cheers,", "Best wishes,"]


def _ip(rng: random.Random) -> str:
    if rng.random() < 0.2:
        return f"2001:db8:{rng.randrange(1, 0xffff):x}::{rng.randrange(1, 99)}"
    return f"{rng.choice(['192.0.2', '198.51.100', '203.0.113'])}.{rng.randrange(2, 250)}"


class DeskGenerator(Generator):
    def __init__(self, part: str, seed: int):
        super().__init__(part, seed)
        self.prefix = PREFIXES[seed]
        names = [(place + suffix + "-sd", org.format(place.capitalize())) for place in DESK_PLACES
                 for suffix, org in DESK_KINDS]
        self.rng.shuffle(names)
        self.free_names = names
        self.system, self.ticket, self.charset_now = "servicenow", "", "utf-8"
        self.ambiguous_made = 0

    # the registry file

    def _domains(self, registrar: str, count: int) -> list[DomainAsk]:
        rng = self.rng
        base, org = self.free_names.pop()
        stem = base[:-len("-sd")]
        names = [base] + [f"{stem}-{x}-sd" for x in rng.sample(["pay", "mail", "intranet", "apps", "booking"],
                                                                count - 1)]
        contacts = [{"role": "security", "email": f"soc@{base}.gov.uk",
                     "phone": f"+44 1632 {rng.randrange(100000, 999999)}", "name": f"{org} Cyber Team"},
                    {"role": "technical", "email": f"ict-networks@{base}.gov.uk"},
                    {"role": "notify", "email": f"dns-notify@{base}.gov.uk"}]
        asks, domains = [], []
        for name in names:
            domain = f"{name}.{ZONE}"
            ns = self._provider(domain)[:rng.choice([2, 2, 2, 3, 4])]
            ds = [_ds(rng)] if rng.random() < 0.35 else []
            domains.append({"name": domain, "locked": True, "registrar": registrar, "registrant": org,
                            "nameservers": ns, "ds": ds, "whois_contacts": [f"domains@{base}.gov.uk"]})
            asks.append(DomainAsk(domain, org, list(ns), list(ds)))
        self.organisations[org] = {"name": org, "contacts": contacts, "domains": domains}
        return asks

    def _provider(self, domain: str) -> list[str]:
        """A DNS host's name servers: the usual ones, and some the other seeds do not use."""
        rng = self.rng
        kind = rng.randrange(10)
        if kind < 5:
            return _provider_set(rng, domain)
        if kind == 5:
            n = rng.randrange(100, 260)
            return [f"pdns{n}.ultradns.{tld}" for tld in ("net", "com", "org", "biz")]
        if kind == 6:
            n = rng.randrange(10, 80)
            return [f"ns{n}.domaincontrol.com", f"ns{n + 1}.domaincontrol.com"]
        if kind == 7:
            c = rng.choice("abcde")
            return [f"ns-cloud-{c}{i}.googledomains.com" for i in (1, 2, 3, 4)]
        if kind == 8:
            return [f"{p}.akam.net" for p in rng.sample(["a1-12", "a2-64", "a3-65", "a4-66", "a5-67", "a6-66",
                                                          "a7-64", "a9-65"], 4)]
        host = rng.choice(["servicedesk-dns.example", "dns.shared-ict.example", "pennine-hosting.example"])
        return [f"ns{i}.{host}" for i in (1, 2, 3)]

    def _new_set(self, ask: DomainAsk) -> list[str]:
        while True:
            new = self._provider(ask.domain)[:self.rng.choice([2, 2, 3, 4])]
            if sorted(new) != sorted(ask.current_ns):
                ask.new_ns = new
                return new

    def _fresh(self, ask: DomainAsk, n: int) -> list[str]:
        while True:
            new = self._provider(ask.domain)
            if not set(new) & set(ask.current_ns) and len(new) >= n:
                return new[:n]

    # the mails

    def request(self, mid: str, layout: str, client: str) -> Mail:
        rng = self.rng
        registrar = rng.choice(REGISTRARS)
        sender = rng.choice(registrar["emails"])
        self.system = rng.choice(SYSTEMS)
        self.ticket = self._ticket_no()
        self.charset_now = rng.choice(("utf-8", "utf-8", "iso-8859-1", "windows-1252"))
        encoding = rng.choice(("quoted-printable", "base64", "8bit"))
        asks = self._domains(registrar["name"], rng.choice([2, 3]) if layout == "multi_domain" else 1)
        subject, blocks, attachment = getattr(self, "_w_" + layout)(asks)
        truth = "asked" if layout == "ambiguous" else {a.domain: a.truth() for a in asks}
        opening = rng.choice(["Hi,", "Morning all,", "Hello Registry Lock team,", "Dear Sir/Madam,", "Hi there -",
                              "", "", "Please see below, raised by our service desk for the customer."])
        if client != "ticket_system" and rng.random() < 0.12:
            blocks = self._forwarded(subject, blocks)
            opening = rng.choice(["Hi, see below from our desk - could you pick this up please?",
                                  "Forwarding as discussed.", "FYI / for action."])
        blocks = ([("p", opening)] if opening and client != "ticket_system" else []) + blocks
        closing = rng.choice(["Thanks,", "Kind regards,", "Many thanks", "Regards,", "Cheers,", "",
                              "Thanks in advance,"])
        signature = self._signature(registrar["name"], sender)
        if client == "ticket_system":
            raw, said = self._ticket_mail(mid, self.charset_now, encoding, sender, registrar["name"], subject, blocks,
                                          closing, signature, attachment)
        else:
            raw, said = build_mail(rng, mid, client, self.charset_now, encoding, sender, registrar["name"], subject,
                                    blocks, closing, signature, attachment)
        return Mail(mid, "ambiguous" if layout == "ambiguous" else "request", layout, client, self.charset_now,
                    encoding, sender, truth, raw, said=said, seed=self.seed)

    def _ticket_no(self) -> str:
        rng, system = self.rng, self.system
        if system == "servicenow":
            return f"{rng.choice(['RITM', 'INC', 'CHG'])}{rng.randrange(30000, 99999):07d}"
        if system == "jira":
            return f"{rng.choice(['DNS', 'SD', 'DOM', 'REG'])}-{rng.randrange(100, 9999)}"
        if system in ("zendesk", "freshdesk"):
            return str(rng.randrange(10000, 90000))
        if system == "halo":
            return f"{rng.randrange(10000, 99999):07d}"
        return f"REQ-{rng.randrange(100000, 999999)}"

    def _change_no(self) -> str:
        n = self.rng.randrange(1000, 99999)
        return {"servicenow": f"CHG{n:07d}", "jira": f"CHANGE-{n % 3000}", "freshdesk": f"CHN-{n % 5000}",
                "halo": f"CR-{n:06d}"}.get(self.system, f"RFC-2026-{n % 900:03d}")

    def _signature(self, registrar: str, sender: str) -> str:
        rng = self.rng
        lines = [rng.choice(AGENTS), f"{rng.choice(ROLES)} | {registrar}"]
        if rng.random() < 0.6:
            lines.append(f"Tel: 0333 {rng.randrange(100, 999)} {rng.randrange(1000, 9999)}")
        if rng.random() < 0.5:
            lines.append(f"Please quote {self.ticket} in any reply.")
        disclaimer = rng.choice(DISCLAIMERS)
        return "\n".join(lines) + ("\n\n" + disclaimer if disclaimer else "")

    def _forwarded(self, subject: str, blocks: list) -> list:
        """The request as an agent forwards a ticket system's notification from their own mailbox."""
        product = {"servicenow": "ServiceNow", "jira": "Jira Service Management", "zendesk": "Support",
                   "freshdesk": "Helpdesk", "halo": "Halo Service Desk", "panel": "Control Panel"}[self.system]
        head = ("---------- Forwarded message ---------\n"
                f"From: {product} <no-reply@desk.example>\nDate: Thu, 26 Nov 2026 at 16:51\n"
                f"Subject: {subject}\nTo: domains-queue@desk.example")
        return [("p", head)] + blocks

    def _ticket_mail(self, mid, charset, encoding, sender, registrar, subject, blocks, closing, signature,
                     attachment) -> tuple[bytes, str]:
        """A request as a ticket system sends it on: its own subject tag, header fields, markers and footer."""
        rng, system, t = self.rng, self.system, self.ticket
        body = _plain("ticket_system", blocks, charset)
        close = (closing + "\n" if closing else "") + signature
        agent = signature.split("\n")[0]
        msg = EmailMessage()
        msg["To"] = rng.choice([BOT, f'"Registry Lock" <{BOT}>'])
        msg["Date"] = DATE.format(9 + rng.randrange(0, 2), rng.randrange(60))
        if system == "servicenow":
            name, subj = f"{registrar} Service Desk", f"{t} - {subject}"
            top = (f"{t} has been assigned to the external group Registry (.gov.uk).\n\n"
                   f"Short description: {subject}\nRequested by: {agent}\nAssignment group: Domains & DNS\n"
                   f"Priority: {rng.choice(['3 - Moderate', '4 - Low'])}\n"
                   f"State: {rng.choice(['New', 'Work in Progress'])}"
                   "\n\nDescription:\n")
            bottom = (f"\n\nClick here to view {t}: https://support.registrar.example/nav_to.do?uri=task.do%3F"
                      f"sysparm_query=number={t}\n\nRef:MSG{rng.randrange(1000000, 9999999)}")
            msg["X-ServiceNow-Generated"] = "true"
        elif system == "jira":
            name, subj = f"{agent} (Jira)", rng.choice([f"[JIRA] ({t}) {subject}", f"{t} {subject}"])
            top = (f"Reply above this line.\n\n{agent} raised {t}: {subject}\n\n"
                   f"Request type: DNS / domain change\nStatus: Waiting for support\nPriority: Medium\n\n")
            bottom = ("\n\nView request · Turn off this request's notifications\n"
                      "This is shared with Registry Operations.\nPowered by Jira Service Management")
            msg["X-JIRA-FingerPrint"] = "%032x" % rng.getrandbits(128)
            if rng.random() < 0.5:
                msg["Precedence"] = "bulk"
        elif system == "zendesk":
            name, subj = f"{registrar} Support", f"[{registrar}] {subject}"
            top = ("##- Please type your reply above this line -##\n\n"
                   f"Ticket #{t} has been shared with you. Reply to this email to add a comment.\n"
                   f"{'-' * 46}\n\n{agent} ({registrar})\n\nNov 26, 2026, 16:42 GMT\n\n")
            bottom = (f"\n\n{'-' * 46}\nThis email is a service from {registrar}.\n"
                      f"[{''.join(rng.choice('ABCDEFGHJKLMNPQRSTUVWXYZ23456789') for _ in range(6))}-"
                      f"{''.join(rng.choice('ABCDEFGHJKLMNPQRSTUVWXYZ23456789') for _ in range(4))}]")
            msg["X-Mailer"] = "Zendesk Mailer"
        elif system == "freshdesk":
            name, subj = f"{registrar} Helpdesk", f"[#{t}] {subject}"
            top = f"Ticket #{t} - {subject}\n\n"
            bottom = (f"\n\nTicket details\nStatus: Pending\nPriority: Medium\nSource: Portal\nType: Change\n"
                      f"Agent: {agent}\n\nYou can check the status of this ticket at https://support.registrar.example"
                      f"/helpdesk/tickets/{t}")
            msg["X-FD-Ticket-Id"] = t
        elif system == "halo":
            name, subj = "Halo Service Desk", f"{subject} [Ticket ID: {t}]"
            top = (f"Ticket ID: {t}\nSummary: {subject}\nCategory: Domains > Name servers\n"
                   f"SLA: Standard (8 working hours)\nUser: {agent}\n\nDetails:\n")
            bottom = "\n\nPlease do not change the subject line of this email, it contains your ticket reference."
        else:
            name, subj = f"{registrar} Control Panel", f"Control panel request {t}: {subject}"
            top = (f"This request was submitted from the {registrar} control panel.\n\nAccount: GOVUK-"
                   f"{rng.randrange(1000, 9999)}\nSubmitted: 2026-11-27 08:{rng.randrange(10, 59)} UTC\n"
                   f"IP address: {_ip(rng)}\nReference: {t}\n\n")
            bottom = ("\n\nThis is an automated message from our control panel. Replies to this address are read by "
                      "our domains team.")
        msg["From"] = f'"{name}" <{sender}>'
        msg["Subject"] = _fit(subj, charset)
        msg["Message-ID"] = f"<{mid}.{rng.getrandbits(48):x}.{system}@{sender.partition('@')[2]}>"
        text = _fit(f"{top}{body}\n\n{close}{bottom}\n", charset)
        if system in ("halo", "panel") or rng.random() < 0.3:
            msg.set_content(text, charset=charset, cte=encoding)
        else:
            head = "".join(f"<p>{escape(line) or '&nbsp;'}</p>" for line in top.split("\n"))
            foot = "".join(f"<p>{escape(line) or '&nbsp;'}</p>" for line in (close + bottom).split("\n"))
            html = _fit(f'<html><body><div style="font-family:Arial,sans-serif;font-size:13px">{head}'
                        f"{_html_blocks('html_only', blocks)}{foot}</div></body></html>", charset)
            msg.set_content(text, charset=charset, cte=encoding)
            msg.add_alternative(html, subtype="html", charset=charset, cte=encoding)
        if attachment is not None:
            filename, data, ext = attachment
            msg.add_attachment(data.encode("utf-8"), maintype="text", subtype="csv" if ext == "csv" else "plain",
                               filename=filename)
        return msg.as_bytes(), text

    # helpers of the layouts

    def _subject(self, asks: list[DomainAsk], what: str = "Name server change") -> str:
        names = ", ".join(a.domain for a in asks)
        return self.rng.choice([f"{what} - {names}", f"DNS delegation update {names}", f"Registry Lock: {names}",
                                f"{names} NS amendment", f"Request to update name servers ({names})",
                                f"Please action: {what.lower()} for {names}", f"RE: {what} {names}",
                                f"{what} request {names} [{self.ticket}]"])

    def _hosts(self, values: list[str]) -> list[str]:
        return [self._host(v) for v in values]

    def _glued(self, value: str, domain: str) -> str:
        """A name server inside the domain itself, with its glue address as people add it."""
        if not value.lower().rstrip(".").endswith(domain) or self.rng.random() < 0.3:
            return value
        return self.rng.choice(["{} ({})", "{}  {}", "{} [{}]", "{} - {}"]).format(value, _ip(self.rng))

    def _join(self, values: list[str]) -> str:
        style = self.rng.randrange(4)
        return _and(values) if style == 0 else ", ".join(values) if style == 1 else \
            " / ".join(values) if style == 2 else "; ".join(values)

    def _arrow(self) -> str:
        return self.rng.choice(["->", "=>", ">"] + (["\u2192"] if self.charset_now == "utf-8" else []))

    def _comment(self) -> str:
        return self.rng.choice(["Details from the ticket below.", "Copied from the customer's ticket:",
                                "One for the registry please - see below.", "Customer request as logged:",
                                "Hi, can this be done today if poss.", "", "pls see export:"])

    def _change_record(self, a: DomainAsk, impl: str, backout: str) -> list:
        """An ITIL change record: the implementation plan names the servers, the back-out plan the current ones."""
        rng = self.rng
        head = [("Change number", self._change_no()),
                ("Change type", rng.choice(["Normal", "Standard", "Normal - minor", "Emergency"])),
                ("Risk", rng.choice(["Low", "Low", "Moderate"])), ("Affected CI", a.domain),
                ("Planned start", f"{rng.randrange(28, 31)}/11/2026 10:00"), ("Planned end", "30/11/2026 17:00"),
                ("Assignment group", rng.choice(["Network Services", "DNS & Domains", "Infrastructure - 3rd line"]))]
        if rng.random() < 0.4:
            head.insert(0, head.pop(3))
        return [("fields", head), ("p", "Implementation plan:\n" + impl), ("p", "Back-out plan:\n" + backout),
                ("p", "Test plan:\n" + rng.choice([f"dig NS {a.domain} +trace; confirm the answer matches the plan.",
                                                   "Check resolution of the website and MX from two networks."]))]

    # --- layouts: each gives (subject, blocks, attachment) ---

    def _w_prose(self, asks):
        rng, a = self.rng, asks[0]
        new = [self._glued(v, a.domain) for v in self._hosts(self._new_set(a))]
        listed, cur = self._join(new), self._join(a.current_ns)
        shape = rng.randrange(7)
        if shape == 5:
            impl = (f"1. Raise the delegation change for {a.domain} with the .gov.uk registry (Registry Lock).\n"
                    f"2. Name servers to be set to {listed}.\n3. Verify with dig once the registry confirms.")
            backout = rng.choice([f"Revert the delegation to the current name servers: {cur}.",
                                  f"Restore the previous NS ({cur}) via the registry."])
            return self._subject(asks), [("p", rng.choice(["Change record below for your action.",
                                                           "Approved change, details as follows:"]))] + \
                self._change_record(a, impl, backout), None
        text = [
            f"Customer ({a.organisation}) has asked for {a.domain} to be delegated to {listed}. They've confirmed "
            "the zone is already built there and answering. Can you action please.",
            f"Requester would like the nameservers for {a.domain} changing to {listed} as part of their move to a "
            f"new DNS host. The current NS ({cur}) are to come off once this is done.",
            f"Dear team, we kindly ask to modify the name servers of domain {a.domain}. The new ones are {listed}. "
            "The olds can be deleted. Thank you in advance for your help.",
            f"{a.domain} {self._arrow()} {listed} pls. Zone is live on the new servers, TTLs were dropped yesterday.",
            f"Following our call this morning, please move {a.domain} onto {listed}. These replace all of the "
            "existing name servers.",
            None,
            f"Ticket {self.ticket} was raised by {a.organisation}'s IT team. Summary: change of delegation. They "
            f"want {a.domain} to use {listed} from now on, instead of {cur}. Their CAB approved it on 25/11.",
        ][shape]
        return self._subject(asks), [("p", text)], None

    def _w_form(self, asks):
        rng, a = self.rng, asks[0]
        new = self._hosts(self._new_set(a))
        shape = rng.randrange(4)
        if shape == 0:  # a ServiceNow requested item, exported
            pairs = [("Number", self.ticket), ("Item", "DNS delegation change"), ("Requested for", a.organisation),
                     ("Opened", "26/11/2026 16:42:10"), ("Stage", "Fulfilment"), ("Priority", "4 - Low"),
                     ("Domain name", a.domain)] + [(f"Name server {i}", v) for i, v in enumerate(new, 1)] + \
                    [("TTL", rng.choice(["86400", "3600", "172800"])), ("Approval", "Approved")]
        elif shape == 1:  # a portal form with four slots, the unused ones left empty
            pairs = [("Domain", a.domain)] + [(f"Nameserver {i}", new[i - 1] if i <= len(new) else "")
                                              for i in range(1, 5)]
            pairs += [("DNSSEC", "No change"), ("Status", "Submitted"), ("Created", "2026-11-27T08:12:44Z"),
                      ("Created by", rng.choice(AGENTS))]
        elif shape == 2:  # Halo: the existing set for reference and the new set in one field
            pairs = [("Ticket Type", "Service Request"), ("Category", "Domains > DNS"), ("Domain", a.domain),
                     ("Existing NS", ", ".join(a.current_ns)), ("New NS (comma separated)", ", ".join(new)),
                     ("Status", "With Supplier"), ("SLA", "Standard"), ("Priority", "P4")]
            if rng.random() < 0.5:
                pairs[3], pairs[4] = pairs[4], pairs[3]
        else:  # a Freshdesk ticket's custom fields
            def label(i):
                return "Primary NS" if i == 1 else "Secondary NS" if i == 2 else f"Additional NS {i - 2}"

            pairs = [("Ticket ID", f"#{self.ticket}"), ("Type", "Change"), ("Domain", a.domain)] + \
                    [(label(i), v) for i, v in enumerate(new, 1)] + \
                    [("Created", "Thu, 26 Nov 2026 at 4:42 PM"), ("Due by", "Mon, 30 Nov 2026 at 5:00 PM"),
                     ("Tags", "registry-lock, dns, gov.uk")]
        comment = self._comment()
        return self._subject(asks), ([("p", comment)] if comment else []) + [("fields", pairs)], None

    def _w_label_list(self, asks):
        rng, a = self.rng, asks[0]
        new = [self._glued(v, a.domain) for v in self._hosts(self._new_set(a))]
        shape = rng.randrange(5)
        if shape == 0:
            blocks = [("p", f"Hi both, one for the registry lock folk. NS for {a.domain} should be:"),
                      ("list", "", new, rng.choice(["bullet", "dash", "plain"]))]
        elif shape == 1:
            blocks = [("p", f"Domain: {a.domain}"),
                      ("list", rng.choice(["Required NS:", "Please delegate to:", "Set NS to the following",
                                           "Nameservers to use (all others to be removed):"]), new,
                       rng.choice(["bullet", "number", "plain", "dash"]))]
        elif shape == 2:  # the domain in the subject only
            blocks = [("p", "Customer wants their domain pointing at the new provider."),
                      ("list", rng.choice(["The domain should point at:", "Target nameservers:"]), new,
                       rng.choice(["bullet", "number"]))]
        elif shape == 3:
            blocks = [("p", f"{a.domain} - {rng.choice(['target nameservers', 'new NS set', 'delegation to be'])}"),
                      ("list", "", new, rng.choice(["number", "dash"])),
                      ("p", "No other changes. DS unchanged.")]
        else:  # what the new DNS host already serves, as dig prints it
            ttl = rng.choice(["86400", "3600", "172800"])
            answer = "\n".join(f"{a.domain}.\t\t{ttl}\tIN\tNS\t{v.rstrip('.')}." for v in new)
            server = a.new_ns[0]
            blocks = [("p", rng.choice(["The new provider is already serving the zone. Please change the delegation "
                                        "to match what they return:",
                                        f"Customer has built the zone at the new host; set the NS for {a.domain} to "
                                        "these (answer from their servers below)."])),
                      ("pre", f"$ dig @{server} {a.domain} NS +noall +answer\n{answer}")]
        return self._subject(asks), blocks, None

    def _w_current_new_lists(self, asks):
        rng, a = self.rng, asks[0]
        new = [self._glued(v, a.domain) for v in self._hosts(self._new_set(a))]
        shape = rng.randrange(3)
        style = rng.choice(["bullet", "number", "plain", "dash"])
        if shape == 0:
            blocks = [("list", rng.choice(CURRENT_LABELS), list(a.current_ns), style),
                      ("list", rng.choice(NEW_LABELS), new, style)]
            if rng.random() < 0.35:
                blocks.reverse()
            blocks.insert(0, ("p", f"Name server update for {a.domain}."))
        elif shape == 1:  # the current set as dig prints it
            dig = "\n".join(v + "." for v in a.current_ns)
            blocks = [("p", f"What {a.domain} has now (dig +short NS {a.domain}):"), ("pre", dig),
                      ("list", rng.choice(["Please change to:", "Should be:", "New:"]), new, style)]
        else:
            blocks = [("p", f"Affected CI: {a.domain}"),
                      ("list", "Target NS:", new, style),
                      ("list", "Existing NS (for back-out only):", list(a.current_ns), style)]
        return self._subject(asks), blocks, None

    def _w_current_new_table(self, asks):
        rng, a = self.rng, asks[0]
        new = self._hosts(self._new_set(a))
        cur, n = list(a.current_ns), max(len(new), len(a.current_ns))

        def pad(vs, i):
            return vs[i] if i < len(vs) else ""

        shape = rng.randrange(5)
        intro = rng.choice([f"Delegation change for {a.domain}:", f"{a.domain} - before and after below",
                            "Please make the change in the table.", f"Domain: {a.domain}"])
        if shape == 0:
            head = rng.choice(TABLE_HEADS)
            rows = [[pad(cur, i), pad(new, i)] for i in range(n)]
            if rng.random() < 0.3:
                head, rows = head[::-1], [r[::-1] for r in rows]
            return self._subject(asks), [("p", intro), ("table", head, rows, rng.choice(["aligned", "markdown",
                                                                                          "html"]))], None
        if shape == 1:  # numbered rows
            head = ["", *rng.choice(TABLE_HEADS)]
            rows = [[f"NS{i + 1}", pad(cur, i), pad(new, i)] for i in range(n)]
            return self._subject(asks), [("p", intro), ("table", head, rows, rng.choice(["aligned", "html"]))], None
        if shape == 2:  # labels down the side, no header row
            labels = rng.choice([("Current NS", "New NS"), ("Existing", "Replacement"), ("Live", "Proposed")])
            rows = [[labels[0], *[pad(cur, i) for i in range(n)]], [labels[1], *[pad(new, i) for i in range(n)]]]
            return self._subject(asks), [("p", intro), ("table", None, rows, "html")], None
        if shape == 3:  # Jira wiki markup, as a Jira Server mail shows it
            lines = ["||" + "||".join(rng.choice(TABLE_HEADS)) + "||"]
            lines += ["|" + (pad(cur, i) or " ") + "|" + (pad(new, i) or " ") + "|" for i in range(n)]
            return self._subject(asks), [("p", intro), ("pre", "\n".join(lines))], None
        ttl = rng.choice(["3600", "86400"])
        head = ["Record", "Type", "Current value", "New value", "TTL"]
        rows = [[a.domain, "NS", pad(cur, i), pad(new, i), ttl] for i in range(n)]
        return self._subject(asks), [("p", self._comment() or "See below."),
                                     ("table", head, rows, rng.choice(["aligned", "markdown", "html"]))], None

    def _w_add_remove_table(self, asks):
        rng, a = self.rng, asks[0]
        self._add_remove(a)
        add, rem = rng.choice(ACTIONS)
        keep = [v for v in a.current_ns if v not in a.remove_ns]
        shape = rng.randrange(4)
        removes = [[rem, self._host(v)] for v in a.remove_ns]
        adds = [[add, self._host(v)] for v in a.add_ns]
        rows = removes + adds if rng.random() < 0.6 else adds + removes
        if shape == 0:
            ttl = rng.choice(["3600", "86400", "172800"])
            table = ("table", ["Action", "Type", "Value", "TTL"], [[r[0], "NS", r[1], ttl] for r in rows],
                     rng.choice(["aligned", "markdown", "html"]))
        elif shape == 1:
            table = ("table", ["Domain", "Change", "Nameserver"], [[a.domain, *r] for r in rows],
                     rng.choice(["aligned", "html"]))
        elif shape == 2:  # the servers that stay are listed too
            rows += [[rng.choice(["Keep", "No change", "Leave"]), v] for v in keep]
            table = ("table", None, rows, rng.choice(["html", "aligned"]))
        else:
            lines = ["||Action||Nameserver||"] + [f"|{r[0]}|{r[1]}|" for r in rows]
            table = ("pre", "\n".join(lines))
        intro = rng.choice([f"Please make these NS changes on {a.domain}:", f"{a.domain}: changes below",
                            f"For {a.domain} - the ticket's change list:"])
        return self._subject(asks), [("p", intro), table], None

    def _w_portal(self, asks):
        rng, a = self.rng, asks[0]
        new = self._hosts(self._new_set(a))
        shape = rng.randrange(4)
        if shape == 0:
            blocks = [("p", "Change summary"),
                      ("fields", [("Domain", a.domain), ("Field", "Nameservers"), ("Before", ", ".join(a.current_ns)),
                                  ("After", ", ".join(new)), ("Status", "Pending registry approval"),
                                  ("Submitted by", f"{rng.choice(AGENTS)} (reseller)"),
                                  ("Submitted", "27 Nov 2026 08:14")])]
        elif shape == 1:
            blocks = [("p", f"Your change to {a.domain} needs the registry's approval before it takes effect."),
                      ("fields", [("Setting", "Name servers"), ("Old value", " ".join(a.current_ns)),
                                  ("New value", " ".join(new)), ("DNSSEC", "unchanged"), ("Auto-renew", "On")])]
        elif shape == 2:  # one line per server, old and new numbered
            pairs = [(f"NS{i} (current)", v) for i, v in enumerate(a.current_ns, 1)] + \
                    [(f"NS{i} (requested)", v) for i, v in enumerate(new, 1)]
            blocks = [("p", "A name server change was submitted in the control panel."),
                      ("fields", [("Domain", a.domain), ("Order", f"ORD-{rng.randrange(100000, 999999)}")] + pairs)]
        else:  # an HTML summary table
            rows = [["Domain", a.domain, a.domain], ["Name servers", ", ".join(a.current_ns), ", ".join(new)],
                    ["DS records", "unchanged", "unchanged"]]
            blocks = [("p", "Before/after summary from the portal:"),
                      ("table", ["", "Before", "After"], rows, rng.choice(["html", "aligned"]))]
        return self._subject(asks), blocks, None

    def _w_replace(self, asks):
        rng, a = self.rng, asks[0]
        olds = rng.sample(a.current_ns, rng.choice([1, min(2, len(a.current_ns))]))
        news = self._fresh(a, len(olds))
        a.remove_ns, a.add_ns = list(olds), list(news)
        pairs = list(zip(olds, self._hosts(news)))
        others = [v for v in a.current_ns if v not in olds]
        stay = f" {_and(others)} {'stays as it is' if len(others) == 1 else 'stay as they are'}." if others else ""
        shape = rng.randrange(5)
        if shape == 0:
            text = f"For {a.domain}, please " + " and ".join(f"replace {o} with {n}" for o, n in pairs) + "." + stay
        elif shape == 1:
            lines = [f"{o} {self._arrow()} {n}" for o, n in pairs]
            return self._subject(asks), [("p", f"{a.domain}: swap the following, nothing else."),
                                         ("pre", "\n".join(lines))], None
        elif shape == 2:
            text = " ".join(f"{o} is being decommissioned on 4 December; please swap it for {n} on {a.domain}."
                            for o, n in pairs) + stay
        elif shape == 3:
            text = ("Please to change the nameserver " + " and ".join(f"{o} into {n}" for o, n in pairs) +
                    f" for domain {a.domain}, the other stay same.")
        else:
            impl = "\n".join(f"{i}. At the registry replace {o} with {n} on {a.domain}."
                             for i, (o, n) in enumerate(pairs, 1)) + "\n" + \
                   f"{len(pairs) + 1}. All other name servers unchanged."
            backout = " ".join(f"Put {o} back in place of {n}." for o, n in pairs)
            return self._subject(asks), self._change_record(a, impl, backout), None
        return self._subject(asks), [("p", text)], None

    def _w_epp(self, asks):
        rng, a = self.rng, asks[0]
        self._add_remove(a)
        shape = rng.randrange(3)
        lead = rng.choice(["Our automated update was refused by the registry (2304 object status prohibits "
                           "operation) because of the lock. This is what it tried to send:",
                           "Please apply the update below manually, the API won't let us:",
                           "EPP frame from our system for reference - please action."])
        if shape == 0:
            def objs(vs):
                return "".join(f"\n      <domain:ns><domain:hostObj>{v}</domain:hostObj></domain:ns>" for v in vs)
            xml = (f'<domain:update xmlns:domain="urn:ietf:params:xml:ns:domain-1.0">\n'
                   f"  <domain:name>{a.domain}</domain:name>\n")
            if a.add_ns:
                xml += f"  <domain:add>{objs(a.add_ns)}\n  </domain:add>\n"
            if a.remove_ns:
                xml += f"  <domain:rem>{objs(a.remove_ns)}\n  </domain:rem>\n"
            xml += "</domain:update>"
            return self._subject(asks), [("p", lead), ("pre", xml)], None
        if shape == 1:
            body = ('{\n  "domain": "%s",\n  "nameservers": {\n    "add": [%s],\n    "remove": [%s]\n  },\n'
                    '  "ttl": 86400\n}') % (a.domain, ", ".join(f'"{v}"' for v in a.add_ns),
                                           ", ".join(f'"{v}"' for v in a.remove_ns))
            return self._subject(asks), [("p", lead.replace("EPP frame", "API payload")),
                                         ("pre", f"PATCH /v2/domains/{a.domain}\n{body}")], None
        lines = [f"update domain {a.domain}"] + [f"  rem ns {self._host(v)}" for v in a.remove_ns] + \
                [f"  add ns {self._host(v)}" for v in a.add_ns]
        return self._subject(asks), [("p", lead), ("pre", "\n".join(lines))], None

    def _w_csv(self, asks):
        rng, a = self.rng, asks[0]
        shape = rng.randrange(3)
        t = self.ticket
        if shape == 0:
            self._add_remove(a)
            add, rem = rng.choice([("Add", "Remove"), ("ADD", "DELETE"), ("add", "del")])
            rows = ["Number,Domain,Action,Record type,Value,TTL,State,Opened"]
            rows += [f"{t},{a.domain},{rem},NS,{v},86400,Open,2026-11-26 16:42" for v in a.remove_ns]
            rows += [f"{t},{a.domain},{add},NS,{v},86400,Open,2026-11-26 16:42" for v in a.add_ns]
            name, ext = f"export_{t}.csv", "csv"
        elif shape == 1:  # the whole new set on one row, semicolons as a spreadsheet saves them
            new = self._new_set(a)
            rows = ["domain;ns1;ns2;ns3;ns4;status", ";".join([a.domain] + [new[i] if i < len(new) else ""
                                                                             for i in range(4)] + ["requested"])]
            name, ext = f"delegation-{rng.randrange(100, 999)}.csv", "csv"
        else:
            new = self._new_set(a)
            rows = ["Ticket\tDomain\tCurrent NS\tNew NS\tPriority",
                    "\t".join([t, a.domain, " ".join(a.current_ns), " ".join(new), "P3"])]
            name, ext = f"{t}.txt", "txt"
        body = rng.choice([f"Export from our ticketing system attached ({t}).", "See attached, thanks.",
                           f"The change for {a.domain} is in the attached file.",
                           "Attached the CSV our service desk produced. Please process."])
        return self._subject(asks), [("p", body)], (name, "\r\n".join(rows) + "\r\n", ext)

    def _w_multi_domain(self, asks):
        rng = self.rng
        shape = rng.randrange(4)
        if shape == 0:  # one set for every domain of the organisation
            shared = self._new_set(asks[0])
            for a in asks[1:]:
                if sorted(shared) != sorted(a.current_ns):
                    a.new_ns = list(shared)
                else:
                    shared = None
                    break
            if shared is not None:
                return self._subject(asks), [
                    ("fields", [("Change", self._change_no()), ("Affected CIs", ", ".join(a.domain for a in asks)),
                                ("Change type", "Normal")]),
                    ("list", "New name servers (the same for all domains above):", self._hosts(shared),
                     rng.choice(["bullet", "number", "plain"]))], None
            for a in asks:
                self._new_set(a)
            shape = 1
        else:
            for a in asks:
                self._new_set(a)
        if shape == 1:
            blocks = [("p", f"Several domains for {asks[0].organisation}, please update each as below.")]
            for a in asks:
                blocks.append(("fields", [("Domain", a.domain), ("Status", "Active"),
                                          ("New nameservers", ", ".join(self._hosts(a.new_ns)))]))
            return self._subject(asks), blocks, None
        if shape == 2:
            rows = [[a.domain, ", ".join(self._hosts(a.new_ns))] for a in asks]
            return self._subject(asks), [("p", "Bulk delegation change, one row a domain:"),
                                         ("table", rng.choice([["Domain", "New NS"], ["CI", "Target nameservers"]]),
                                          rows, rng.choice(["html", "aligned", "markdown"]))], None
        rows = [[a.domain, " ".join(a.current_ns), " ".join(self._hosts(a.new_ns))] for a in asks]
        return self._subject(asks), [("p", self._comment() or "Details below."),
                                     ("table", ["Domain", "Current NS", "New NS"], rows, rng.choice(["html",
                                                                                                     "aligned"]))], None

    def _ds_blocks(self, a: DomainAsk, records: list[str]) -> list:
        """DS records as desks paste them: one line, zone-file syntax, a DNS host's console, or labelled fields."""
        rng = self.rng
        shape = rng.randrange(5)
        if shape == 0:
            return [("pre", "\n".join(records))]
        if shape == 4:  # the CDS records the signed zone publishes, as dig prints them
            server = rng.choice(a.new_ns or a.current_ns)
            lines = "\n".join(f"{a.domain}.\t\t3600\tIN\tCDS\t{r}" for r in records)
            return [("p", "The zone publishes the matching CDS; please put it in as the DS:"),
                    ("pre", f"; <<>> DiG 9.18.28 <<>> @{server} {a.domain} CDS +noall +answer\n{lines}")]
        if shape == 1:
            ttl = rng.choice(["3600 ", "86400 ", ""])
            return [("pre", "\n".join(f"{a.domain}. {ttl}IN DS {r}" for r in records))]
        if shape == 2:  # dnssec-dsfromkey output, as a DNS host's engineer sends it
            return [("p", "Output of dnssec-dsfromkey at the DNS host:"),
                    ("pre", "\n".join(f"{a.domain}. IN DS {r}" for r in records))]
        out = []
        for r in records:
            tag, alg, dtype, digest = r.split()
            alg_name = {"8": "RSA/SHA-256", "13": "ECDSA P-256/SHA-256"}[alg]
            out.append(("fields", [("Key tag", tag), ("Algorithm", f"{alg} ({alg_name})" if rng.random() < 0.5
                                                       else alg),
                                   ("Digest type", dtype if rng.random() < 0.5 else
                                    f"{dtype} ({'SHA-256' if dtype == '2' else 'SHA-384'})"),
                                   ("Digest", digest), ("Flags", "257")]))
        return out

    def _w_ds(self, asks):
        rng, a = self.rng, asks[0]
        shape = rng.randrange(4)
        first = _ds(rng)
        if shape == 0 and a.current_ds:  # a rollover: the new key beside the old
            a.add_ds = [first]
            lead = f"Key rollover on {a.domain}: please add this DS and keep the existing one until we ask again."
            records = [first]
        elif shape == 1:  # a new key given with both digests
            tag, alg, _, _ = first.split()
            second = _ds(rng).split()[3][:64]  # a SHA-256 digest is 64 hex digits
            sha384 = "".join(rng.choice("0123456789ABCDEF") for _ in range(96))
            records = [f"{tag} {alg} 2 {second}", f"{tag} {alg} 4 {sha384}"]
            a.new_ds = list(records)
            lead = (f"Please set the DS records for {a.domain} to the two below (same key, two digests)" +
                    (", replacing what is there now." if a.current_ds else "."))
        elif shape == 2 and a.current_ds:  # DNSSEC off while the domain moves DNS host
            new = self._hosts(self._new_set(a))
            a.new_ds = []
            return self._subject(asks, "DNS host move"), [
                ("p", f"{a.domain} is moving DNS provider. Please remove the DS record (DNSSEC to be switched off "
                      "for the move) and change the name servers to:"),
                ("list", "", new, rng.choice(["bullet", "dash", "number"])),
                ("p", "We'll send a new DS once the new provider has signed the zone.")], None
        else:
            a.new_ds = [first]
            records = [first]
            lead = rng.choice([f"DNSSEC for {a.domain}: the DS to publish is below" +
                               (" (it replaces the current one)." if a.current_ds else "."),
                               f"Please {'replace the DS record of' if a.current_ds else 'add a DS record to'} "
                               f"{a.domain} with:"])
        blocks = [("p", lead)] + self._ds_blocks(a, records)
        if rng.random() < 0.25 and a.new_ds is not None:
            new = self._hosts(self._new_set(a))
            blocks += [("list", "The name servers change at the same time, to:", new, rng.choice(["bullet",
                                                                                                  "plain"]))]
        return self._subject(asks, "DS record change"), blocks, None

    def _w_ambiguous(self, asks):
        rng, a = self.rng, asks[0]
        other = self._fresh(a, 2)
        shape, self.ambiguous_made = self.ambiguous_made % 7, self.ambiguous_made + 1  # each way in turn
        if shape == 0:  # two columns and no header: which is the current set, which the new?
            n = max(len(a.current_ns), 2)
            rows = [[a.current_ns[i] if i < len(a.current_ns) else "", other[i] if i < 2 else ""] for i in range(n)]
            return self._subject(asks), [("p", f"NS for {a.domain}, see table."), ("table", None, rows, "html")], None
        if shape == 1:  # a server to remove that the domain does not have
            return self._subject(asks), [("p", f"Please make these NS changes on {a.domain}:"),
                                         ("table", ["Action", "Nameserver"],
                                          [["Remove", other[0]], ["Add", other[1]]], "aligned")], None
        if shape == 2:  # one name server left
            return self._subject(asks), [("fields", [("Domain", a.domain), ("Nameserver 1", other[0]),
                                                     ("Nameserver 2", ""), ("Status", "Submitted")])], None
        if shape == 3:  # what it has already
            return self._subject(asks), [("p", f"Affected CI: {a.domain}"),
                                         ("list", "Target NS:", [v.upper() for v in a.current_ns], "bullet")], None
        if shape == 4:  # the summary and the plan disagree
            impl = f"1. Set the name servers of {a.domain} to {_and(other)}."
            summary = self._fresh(a, 2)
            while set(summary) & set(other):
                summary = self._fresh(a, 2)
            return self._subject(asks), [("p", f"Short description: move {a.domain} to {_and(summary)}")] + \
                self._change_record(a, impl, "Revert to the previous name servers."), None
        if shape == 6:  # a DS record to remove that the domain does not have, and a new one
            gone, new = _ds(rng), _ds(rng)
            return self._subject(asks, "DNSSEC key change"), [
                ("p", f"Key change for {a.domain}. Please remove the old DS record:"), ("pre", gone),
                ("p", "and add the new one:"), ("pre", new)], None
        rows = [[a.domain, "Remove", "NS", v] for v in a.current_ns]  # every server removed, none added
        return self._subject(asks), [("p", "From the ticket's change list:"),
                                     ("table", ["Domain", "Action", "Type", "Value"], rows, "markdown")], None

    # --- thread mails ---

    def _thread(self, mid: str, kind: str, target: Mail) -> Mail:
        rng = self.rng
        client = rng.choice(self.clients[:5])
        charset, encoding = rng.choice(("utf-8", "iso-8859-1", "windows-1252")), \
            rng.choice(("quoted-printable", "base64", "8bit"))
        n = str(rng.randrange(10000, 90000))
        if kind == "reply":
            said = rng.choice(REPLIES).format(ticket=f"CHG00{n}")
            sign = rng.choice(SIGN_OFFS)
            said += f"\n\n{sign}\n{rng.choice(AGENTS)}" if sign else ""
        elif kind == "automatic":
            said = rng.choice(AUTO_REPLIES).format(n=n)
        else:
            said = f"delivery to {target.sender} failed: mailbox unavailable"
        sender = target.sender if kind != "bounce" else "MAILER-DAEMON@mx." + target.sender.partition("@")[2]
        return Mail(mid, kind, kind if kind != "reply" else said.split("\n")[0][:24], client, charset, encoding,
                    sender, kind, None, thread_of=target.id, said=said, seed=self.seed)
