"""Seed 24 of the request corpus: registrars the corpus never had, writing from mail clients it never imitated.

Imitates a population of writers and their mail programs. The writers: corporate and brand-protection registrars
(formal, ticket-numbered forms with "Client", "Account", "Requested by", "Effective date" and "Change type", approval
chains, long legal footers, requests approved and forwarded inside the firm); a large registrar's NOC at shift
change (terse, lower case, incident numbers, a handover note at the top); resellers in Poland, the Czech Republic,
Ireland and India writing English as a second language or in their own idiom ("Please kindly change the DNS servers
on:", "Actual name servers" for the current ones, "replace X by Y", "Would you ever...", "PFB the details", "Kindly
do the needful", "trail mail below"), with Polish, Czech and Irish greetings, sign-offs and company-register
footers; and registrars' in-house developers who write a change as a unified diff of their configuration, a task
list ("- [ ] registry: remove ns2...", "- [x] zone built"), a sed substitution, JSON from their API or a YAML list.

The mail programs: HCL (Lotus) Notes (its font-tag HTML with a table for every form, its "----- Forwarded by Name/OU/
Org on DATE -----" blocks and tabbed or boxed header tables, "-----Original Message-----" history, CSV attachments
as application/octet-stream, windows-1250 from Polish and Czech desks, Notes message ids and MIME-track headers);
Roundcube, Horde, Zimbra and SquirrelMail webmail (blockquotes with their attribution lines, localised in Czech and
Polish: "Dne ... napsal(a):", "W dniu ... napisał(a):", "Citát ...:", "Původní zpráva", SquirrelMail's hard wrap at
76 columns and its "Original Message" rule); mutt and neomutt ("* Name <addr> [date]:" attributions, "----- Forwarded
message from ... -----", "-- " signatures, the charset its send_charset picks by content: us-ascii in 7bit with the
long lines a NOC types, iso-8859-15, utf-8 in 8bit); Evolution and Horde's format=flowed (Horde's with DelSp=Yes);
Outlook for Mac's Word HTML and its "From/Date/To/Subject" block; Yahoo Mail, Proton Mail (its signature line, an
attached public key, PGP/MIME signatures), Zoho Mail ("============ Forwarded message ============"), Fastmail and
Spark, each with its own HTML wrapper, plain alternative of lists and tables, headers and message ids.

Every layout of the corpus comes in these people's manner. Organisations are this seed's own (domains ending in
"-cw"), and so are the registrars (added to the registry file). One request in 40 is ambiguous on purpose, each in a
way of its own (a merge conflict left in a diff, an approval that doubts a value, two alternative sets, values only
in a screenshot, a handover that leaves the values open, two lists with no label, a server to remove that the
domain does not have, one server left). Thread mails are these registrars' replies in their clients' quoting
(`thread_mail()`), Notes, Zimbra and Sieve out-of-office notes, and Exim, Domino, Yahoo and Postfix bounces.
"""

from __future__ import annotations

import base64
import difflib
import random
import re
from datetime import UTC, datetime, timedelta, timezone
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from email.utils import format_datetime

from tests.support.mail_clients import (
    FWD_PREFIX,
    LOCALE_CLIENTS,
    PLAIN_ONLY,
    TYPOGRAPHIC,
    Head,
    Render,
    alnums,
    armor,
    bounce,
    bounce_sender,
    fit,
    flowed,
    forward_plain,
    hard_wrap,
    hexes,
    message_id,
    pgp_signed,
    pick_charset,
    quote_plain,
    quoted_html,
    set_boundaries,
    short_lines,
    tidy,
    unaccented,
)
from tests.support.request_corpus import (
    BOT,
    PREFIXES,
    REGISTRARS,
    THREAD_KINDS,
    ZONE,
    Corpus,
    DomainAsk,
    Generator,
    Mail,
    _ds,
    _provider_set,
)

# --- who writes, and with what ------------------------------------------------------------------------------------

REGISTRARS_HERE = [
    {"name": "Hallmark Corporate Domains Ltd",
     "emails": ["domain.operations@hallmarkcd.example", "brand.protection@hallmarkcd.example"]},
    {"name": "Aegis Brand Protection LLP",
     "emails": ["registry.services@aegisbrand.example", "corporate-domains@aegisbrand.example"]},
    {"name": "Meridian Names plc",
     "emails": ["noc@meridian-names.example", "noc-emea@meridian-names.example",
                "platform-dns@meridian-names.example"]},
    {"name": "Domeny Polska Sp. z o.o.", "emails": ["rejestracja@domenypolska.example", "biuro@domenypolska.example"]},
    {"name": "Hostovna s.r.o.", "emails": ["domeny@hostovna.example", "podpora@hostovna.example"]},
    {"name": "Liffey Web Services Ltd", "emails": ["domains@liffeyweb.example", "liffeyweb@yahoo.example"]},
    {"name": "Sahyadri Infotech Pvt. Ltd.",
     "emails": ["support@sahyadri-infotech.example", "sahyadri.infotech@yahoo.example"]},
    {"name": "Kestrel Cloud Ltd", "emails": ["platform@kestrelcloud.example", "dns-automation@kestrelcloud.example"]},
]
_REG = {r["name"]: r for r in REGISTRARS_HERE}

CLIENTS_HERE = ("notes", "roundcube", "horde", "zimbra", "squirrelmail", "mutt", "evolution", "outlook_mac", "yahoo",
                "proton", "zoho", "fastmail", "spark")
WRITER_CLIENTS = {
    "corporate": ("notes", "outlook_mac", "zimbra", "evolution", "notes"),
    "noc": ("mutt", "evolution", "fastmail", "zimbra", "roundcube"),
    "pl": ("roundcube", "horde", "zimbra", "notes", "squirrelmail", "zoho"),
    "cz": ("roundcube", "horde", "squirrelmail", "notes", "zimbra", "evolution"),
    "ie": ("proton", "fastmail", "outlook_mac", "yahoo", "spark"),
    "in": ("zoho", "yahoo", "roundcube", "outlook_mac", "spark"),
    "dev": ("mutt", "fastmail", "proton", "spark", "evolution", "horde"),
}
CLIENT_WRITERS = {c: tuple(w for w, cs in WRITER_CLIENTS.items() if c in cs) for c in CLIENTS_HERE}
WRITER_REGISTRARS = {
    "corporate": [("Hallmark Corporate Domains Ltd", ["domain.operations@hallmarkcd.example",
                                                      "brand.protection@hallmarkcd.example"]),
                  ("Aegis Brand Protection LLP", ["registry.services@aegisbrand.example",
                                                  "corporate-domains@aegisbrand.example"])],
    "noc": [("Meridian Names plc", ["noc@meridian-names.example", "noc-emea@meridian-names.example"])],
    "pl": [("Domeny Polska Sp. z o.o.", ["rejestracja@domenypolska.example", "biuro@domenypolska.example"])],
    "cz": [("Hostovna s.r.o.", ["domeny@hostovna.example", "podpora@hostovna.example"])],
    "ie": [("Liffey Web Services Ltd", ["domains@liffeyweb.example"])],
    "in": [("Sahyadri Infotech Pvt. Ltd.", ["support@sahyadri-infotech.example"])],
    "dev": [("Kestrel Cloud Ltd", ["platform@kestrelcloud.example", "dns-automation@kestrelcloud.example"]),
            ("Meridian Names plc", ["platform-dns@meridian-names.example"])],
}
FREEMAIL = {"ie": "liffeyweb@yahoo.example", "in": "sahyadri.infotech@yahoo.example"}  # their Yahoo addresses
ZONES = {"corporate": 0, "noc": 0, "pl": 60, "cz": 60, "ie": 0, "in": 330, "dev": 0}  # minutes east of UTC

PEOPLE = {
    "corporate": [("Margaret", "Ellison", "Domain Portfolio Analyst"), ("Daniel", "Okafor", "Registry Operations Lead"),
                  ("Rebecca", "Thornton", "Brand Protection Manager"), ("Hiroshi", "Tanaka",
                                                                        "Corporate Domains Specialist"),
                  ("Claire", "Ashworth", "Senior Domain Administrator"), ("Gavin", "Pryor", "Client Services Manager")],
    "noc": [("Sam", "Whitlock", "NOC Engineer"), ("Ola", "Bankole", "NOC Shift Lead"), ("Jonas", "Varga",
                                                                                        "NOC Engineer"),
            ("Kerry", "Doyle", "Network Operations"), ("Dev", "Raman", "NOC Duty Engineer")],
    "pl": [("Katarzyna", "Wi\u015bniewska", "Specjalista ds. domen"), ("Piotr", "Zieli\u0144ski", "Administrator DNS"),
           ("\u0141ukasz", "D\u0105browski", "Dzia\u0142 Domen"), ("Ma\u0142gorzata", "Kowalczyk",
                                                                   "Obs\u0142uga Klienta"),
           ("Tomasz", "W\u00f3jcik", "Kierownik Dzia\u0142u Domen")],
    "cz": [("Ji\u0159\u00ed", "Dvo\u0159\u00e1k", "Spr\u00e1va dom\u00e9n"), ("Petra", "Nov\u00e1kov\u00e1",
                                                                              "Z\u00e1kaznick\u00e1 podpora"),
           ("Tom\u00e1\u0161", "\u010cern\u00fd", "Technick\u00e1 podpora"), ("Lucie", "Proch\u00e1zkov\u00e1",
                                                                              "Spr\u00e1va dom\u00e9n"),
           ("Ond\u0159ej", "Ku\u010dera", "Vedouc\u00ed podpory")],
    "ie": [("Ciar\u00e1n", "\u00d3 S\u00fairleabh\u00e1in", "Director"), ("Aoife", "N\u00ed Bhriain",
                                                                          "Domains & Hosting"),
           ("Niamh", "Byrne", "Support"), ("P\u00e1draig", "Walsh", "Technical Lead"), ("Se\u00e1n", "Mac Giolla",
                                                                                        "Support")],
    "in": [("Rajesh", "Kulkarni", "Sr. Executive - Domain Services"), ("Priyanka", "Deshpande", "Team Lead - Support"),
           ("Suresh", "Iyer", "Technical Support Engineer"), ("Anand", "Patil", "Manager - Operations"),
           ("Meenakshi", "Sundaram", "Executive - Domains")],
    "dev": [("Mo", "Haddad", "platform team"), ("Jess", "Park", "SRE"), ("Alex", "Brandt", "platform engineering"),
            ("Ravi", "Menon", "infra"), ("Tereza", "Hol\u00e1", "platform team")],
}
NOTES_OU = {"Hallmark Corporate Domains Ltd": ("LON", "Hallmark"), "Aegis Brand Protection LLP": ("NYC", "Aegis"),
            "Domeny Polska Sp. z o.o.": ("WAW", "DomenyPolska"), "Hostovna s.r.o.": ("PRG", "Hostovna")}

# Name servers these registrars and their customers' hosts give out, beside the common ones.
_HOST_SETS = [
    ["ns1.hostovna.example", "ns2.hostovna.example", "ns3.hostovna.example"],
    ["dns1.domenypolska.example", "dns2.domenypolska.example", "dns3.domenypolska.example"],
    ["ns1.sahyadri-dns.example", "ns2.sahyadri-dns.example"],
    ["a.ns.meridian-names.example", "b.ns.meridian-names.example", "c.ns.meridian-names.example"],
    ["ns1.hallmarkcd-dns.example.net", "ns2.hallmarkcd-dns.example.net", "ns3.hallmarkcd-dns.example.net",
     "ns4.hallmarkcd-dns.example.net"],
    ["pdns1.aegis-anycast.example.net", "pdns2.aegis-anycast.example.net"],
    ["ns1.liffeyweb.example", "ns2.liffeyweb.example"],
    ["ns1.kestrelcloud-dns.example", "ns2.kestrelcloud-dns.example", "ns3.kestrelcloud-dns.example"],
]

PLACES = ["bewdley", "bromyard", "church-stretton", "cleobury", "craven-arms", "droitwich", "eardisley", "ellesmere",
          "fownhope", "hagley", "kington", "ledbury", "leominster", "madeley", "much-wenlock", "oswestry", "pembridge",
          "ross", "shifnal", "stourport", "tenbury", "weobley", "whitchurch", "wem", "aylsham", "beccles", "bungay",
          "diss", "downham", "framlingham", "halesworth", "harleston", "hunstanton", "loddon", "mildenhall",
          "north-walsham", "saxmundham", "sheringham", "stalham", "swaffham", "thetford", "walsingham", "watton",
          "woodbridge", "wymondham", "attleborough", "acle", "brandon"]
KINDS = [("-tc", "{} Town Council"), ("-idb", "{} Internal Drainage Board"), ("-crem",
                                                                              "{} Crematorium Joint Committee"),
         ("-cs", "{} Coroner Service"), ("-mt", "{} Museums Trust"), ("-fp", "{} Flood Partnership"),
         ("-hb", "{} Harbour Board"), ("-ab", "{} Archives Board")]
EXTRA = ["visit", "jobs", "pay", "planning", "consult", "events", "maps", "news"]

# --- the words of each writer ---------------------------------------------------------------------------------------

GREETINGS = {
    "corporate": ["Dear Registry Lock Team,", "Dear Sir/Madam,", "Good morning,", "To the Registry Operations team,",
                  ""],
    "noc": ["Hi,", "hi all,", "Morning,", "", "Hello registry,"],
    "pl": ["Dear Sirs,", "Hello,", "Good morning,", "Dear Sir or Madam,", "Dzie\u0144 dobry,"],
    "cz": ["Dobr\u00fd den,", "Dear colleagues,", "Hello,", "Dobr\u00fd den / Hello,"],
    "ie": ["Hi folks,", "Dia dhuit,", "Hi there,", "Morning all,", "Hello,"],
    "in": ["Dear Sir/Madam,", "Greetings of the day!", "Hi Team,", "Respected Sir/Madam,", "Dear Team,"],
    "dev": ["Hey,", "Hi registry folks,", "", "Hi,"],
}
CLOSINGS = {
    "corporate": ["Kind regards,", "Yours faithfully,", "Regards,"],
    "noc": ["cheers", "thx", "rgds", ""],
    "pl": ["Best regards,", "Kind regards,", "Z powa\u017caniem / Best regards", "Regards,"],
    "cz": ["S pozdravem / Best regards", "Best regards,", "D\u011bkuji a s pozdravem,"],
    "ie": ["Go raibh maith agat,", "Thanks a million,", "Le meas,", "Cheers,"],
    "in": ["Thanks & Regards,", "Thanks and Regards,", "Regards,", "Warm Regards,"],
    "dev": ["Cheers,", "Thanks!", "ta,", ""],
}
FOOTERS = {
    "corporate": [
        "This e-mail and any attachments are confidential and may be legally privileged. If you are not the intended "
        "recipient you must not use, copy or disclose it; please notify the sender and delete it. {reg} is a company "
        "registered in England and Wales (No. 07123456), registered office 20 Gresham Street, London EC2V 7JE. "
        "{reg} is an ICANN-accredited registrar. Nothing in this e-mail amends any agreement between the parties.",
        "PRIVILEGED AND CONFIDENTIAL. This message is intended only for the addressee and may contain information that "
        "is privileged, confidential or exempt from disclosure. Any review, retransmission or other use by persons "
        "other than the intended recipient is prohibited. {reg} - brand protection, domain management and "
        "online enforcement.",
    ],
    "noc": ["This mailbox is monitored 24x7. Replies reach whoever is on shift.", ""],
    "pl": [
        "{reg}, ul. Marsza\u0142kowska 10/12, 00-590 Warszawa, S\u0105d Rejonowy dla m.st. Warszawy, XII Wydzia\u0142 "
        "Gospodarczy KRS 0000123456, NIP 5250000000, kapita\u0142 zak\u0142adowy 50 000 z\u0142.\n"
        "Ta wiadomo\u015b\u0107 jest poufna. Je\u015bli nie jeste\u015b jej adresatem, prosimy o poinformowanie "
        "nadawcy i usuni\u0119cie wiadomo\u015bci. / This message is confidential. If you are not the addressee "
        "please inform the sender and delete it.",
        "",
    ],
    "cz": [
        "{reg}, I\u010cO: 01234567, DI\u010c: CZ01234567, zapsan\u00e1 v obchodn\u00edm rejst\u0159\u00edku "
        "veden\u00e9m "
        "M\u011bstsk\u00fdm soudem v Praze, odd\u00edl C, vlo\u017eka 123456.\nTento e-mail je "
        "d\u016fv\u011brn\u00fd a je ur\u010den pouze adres\u00e1tovi. / This e-mail is confidential and intended "
        "for the addressee only.",
        "",
    ],
    "ie": ["{reg}. Registered in Ireland No. 512345. Registered office: 14 Ormond Quay Upper, Dublin 7, D07 X2Y4.", ""],
    "in": [
        "DISCLAIMER: The information contained in this electronic message and any attachments to this message are "
        "intended for the exclusive use of the addressee(s) and may contain proprietary, confidential or privileged "
        "information. If you are not the intended recipient, you should not disseminate, distribute or copy this "
        "e-mail. Please notify the sender immediately and destroy all copies of this message and any attachments.",
        "Please consider the environment before printing this e-mail. Save Paper, Save Trees.",
    ],
    "dev": [""],
}

# What each writer says on a ticket's thread: never a host name, never a request.
REPLIES = {
    "corporate": ["Thank you. Confirmed - the change is as instructed by our client. Please proceed.",
                  "Acknowledged with thanks. Our ticket has been updated accordingly.",
                  "Confirmed. The details in your acknowledgement are correct."],
    "noc": ["ack, thx", "confirmed, go ahead", "thanks - handed over to day shift, nothing else needed from us"],
    "pl": ["Thank you, all is correct. Please proceed.", "Dzi\u0119kuj\u0119 / Thank you. It is OK.",
           "Thank you for information. Everything is correct."],
    "cz": ["D\u011bkuji, je to v po\u0159\u00e1dku. / Thank you, it is correct.", "OK, souhlas\u00ed. Thank you.",
           "Thank you, we confirm the change."],
    "ie": ["Grand, thanks a million.", "Go raibh maith agat - that's correct, work away.", "Perfect, thanks folks."],
    "in": ["Noted with thanks.", "Thanks for the update. Kindly proceed.",
           "Received with thanks. Please go ahead as requested."],
    "dev": ["LGTM, ship it \U0001F680", "\U0001F44D thanks", "yep that's right, thanks"],
}
OUT_OF_OFFICE = {
    "corporate": "I will be out of the office starting 27/11/2026 and will not return until 01/12/2026.\n\nI will "
                 "respond to your message when I return. For urgent matters please contact Registry Operations.",
    "noc": "Your message has been logged by the NOC ticketing system. An engineer will pick it up at the next shift "
           "handover.",
    "pl": "Dzi\u0119kujemy za wiadomo\u015b\u0107. Odpowiemy najszybciej jak to mo\u017cliwe.\n\nThank you for your "
          "message. We will answer as soon as possible.",
    "cz": "Dobr\u00fd den, do 30. 11. jsem mimo kancel\u00e1\u0159.\n\nHello, I am out of the office until 30 "
          "November.",
    "ie": "I'm off until Monday 30 November. For anything urgent please ring the office.",
    "in": "Thank you for your mail. I am on leave today and will revert on Monday. For urgent issues kindly call our "
          "support desk.",
    "dev": "I'm away until Tuesday. For anything urgent page the platform on-call.",
}


def _join(rng: random.Random, values: list[str], writer: str) -> str:
    if len(values) == 1:
        return values[0]
    style = rng.randrange(3)
    if writer == "in" and style == 0:
        return " & ".join(values) if len(values) == 2 else ", ".join(values[:-1]) + " & " + values[-1]
    if writer in ("noc", "dev") and style == 0:
        return " ".join(values) if writer == "noc" else ", ".join(values)
    if style == 1:
        return ", ".join(values)
    return ", ".join(values[:-1]) + " and " + values[-1]


AMBIGUOUS_WRITERS = ("dev", "corporate", "pl", "in", "noc", "cz", "ie", "corporate")

FWD_NOTES = {
    "corporate": ["Approved - please action the request below. Approval ref {tk}.",
                  "Registry Lock team - please process the request below from our Domain Portfolio team "
                  "(approved under {tk}).",
                  "Please see below and action. Client instruction verified; approval ref {tk}."],
    "noc": ["fwd from customer success - please apply the change below. tracked in {tk}",
            "see below, pls action. {tk}"],
    "pl": ["Please realize the request below from our colleague.", "Please make the change according to the message "
           "below.", "Below you will find the request of our client department, please make it."],
    "cz": ["Pros\u00edm o vy\u0159\u00edzen\u00ed. / Please process the request below.",
           "Please make the change from the e-mail below, thank you."],
    "ie": ["Forwarding the below for action - thanks.", "See below from the lads in support, can you sort it for us?"],
    "in": ["Please find below trail mail and do the needful.", "FYI and necessary action please.",
           "PFB the request from our team. Kindly action at the earliest."],
    "dev": ["Forwarding from #platform - the change below is the one we need, please apply it.",
            "+registry: this is the change we need, please apply it as written below."],
}
BOTTOM_NOTES = ["+registry: that's the change we need, please apply it as quoted above.",
                "adding the registry - please action the change quoted above. {tk}"]
THURSDAY = datetime(2026, 11, 26, tzinfo=UTC)


def _title(place: str) -> str:
    return " ".join(w.capitalize() for w in place.split("-"))


class WebmailGenerator(Render, Generator):
    clients = CLIENTS_HERE

    def __init__(self, part: str, seed: int):
        Generator.__init__(self, part, seed)
        self.prefix = PREFIXES[seed]
        names = [(f"{place}{suffix}-cw", kind.format(_title(place))) for place in PLACES for suffix, kind in KINDS]
        self.rng.shuffle(names)
        self.free_names = names
        self.ambiguous_made = 0
        self.w, self.client, self.me, self.tk = "corporate", "notes", {}, ""

    def registry(self) -> dict:
        return {"registrars": REGISTRARS + REGISTRARS_HERE, "organisations": list(self.organisations.values())}

    def _domains(self, registrar: str, count: int) -> list[DomainAsk]:
        rng = self.rng
        base, org = self.free_names.pop()
        stem = base[:-len("-cw")]
        names = [base] + [f"{stem}-{x}-cw" for x in rng.sample(EXTRA, count - 1)]
        contacts = [{"role": "security", "email": f"security-operations@{base}.gov.uk",
                     "phone": f"+44 1432 {rng.randrange(100000, 999999)}", "name": f"{org} Security Operations"},
                    {"role": "technical", "email": f"ict-team@{base}.gov.uk"},
                    {"role": "notify", "email": f"dns-notices@{base}.gov.uk"}]
        domains, asks = [], []
        for name in names:
            domain = f"{name}.{ZONE}"
            ns = self._provider(domain)[:rng.choice([2, 2, 2, 3, 4])]
            ds = [_ds(rng)] if rng.random() < 0.35 else []
            domains.append({"name": domain, "locked": True, "registrar": registrar, "registrant": org,
                            "nameservers": ns, "ds": ds, "whois_contacts": [f"clerk@{base}.gov.uk"]})
            asks.append(DomainAsk(domain, org, list(ns), list(ds)))
        self.organisations[org] = {"name": org, "contacts": contacts, "domains": domains}
        return asks

    def _provider(self, domain: str) -> list[str]:
        rng = self.rng
        r = rng.random()
        if r < 0.45:
            return _provider_set(rng, domain)
        if r < 0.55:
            letter = rng.choice("abcde")
            return [f"ns-cloud-{letter}{i}.googledomains.com" for i in (1, 2, 3, 4)]
        return list(rng.choice(_HOST_SETS))

    def _new_set(self, a: DomainAsk, sizes=(2, 2, 3, 4)) -> list[str]:
        while True:
            new = self._provider(a.domain)[:self.rng.choice(sizes)]
            if len(new) >= 2 and sorted(new) != sorted(a.current_ns):
                a.new_ns = list(new)
                return new

    def _fresh(self, a: DomainAsk, n: int, avoid=()) -> list[str]:
        while True:
            new = self._provider(a.domain)
            if not set(new) & (set(a.current_ns) | set(avoid)) and len(new) >= n:
                return new[:n]

    def _add_remove(self, a: DomainAsk) -> None:
        """Additions and removals the domain's records allow: a move, one more, one fewer, or one swapped."""
        rng, cur = self.rng, a.current_ns
        shape = rng.randrange(4)
        if shape == 0 or shape == 2 and len(cur) < 3:
            a.remove_ns, a.add_ns = list(cur), self._fresh(a, rng.choice([2, 2, 3]))
        elif shape == 1:
            a.add_ns = self._fresh(a, 1)
        elif shape == 2:
            a.remove_ns = [rng.choice(cur)]
        else:
            a.remove_ns, a.add_ns = [rng.choice(cur)], self._fresh(a, 1)

    # --- the mails --------------------------------------------------------------------------------------------

    def make(self, requests: int) -> Corpus:
        """Layouts and clients in turn, 12 and 13 of them, so that every pair meets; one request in 40 ambiguous."""
        rng = self.rng
        mails: list[Mail] = []
        for i in range(requests):
            mid = f"{self.prefix}{i:04d}"
            if i % 40 == 39:
                mails.append(self.request(mid, "ambiguous", None))
            else:
                mails.append(self.request(mid, self.layouts[i % len(self.layouts)],
                                          self.clients[i % len(self.clients)]))
        requests_made = [m for m in mails if m.kind == "request"]
        for k in range(max(60, requests // 6)):
            ambiguous = [m for m in mails if m.kind == "ambiguous"] or requests_made
            target = rng.choice(requests_made if k % 5 else ambiguous)
            kind = THREAD_KINDS[0] if k % 6 < 4 else THREAD_KINDS[1] if k % 6 == 4 else THREAD_KINDS[2]
            mails.append(self._thread(f"{self.prefix}r{k:03d}", kind, target))
        return Corpus(self.part, self.registry(), mails)

    def request(self, mid: str, layout: str, client: str | None) -> Mail:
        rng = self.rng
        shape = None
        if layout == "ambiguous":
            shape = self.ambiguous_made % len(AMBIGUOUS_WRITERS)
            self.ambiguous_made += 1
            writer = AMBIGUOUS_WRITERS[shape]
            client = rng.choice(WRITER_CLIENTS[writer])
        else:
            writer = rng.choice(CLIENT_WRITERS[client])
        self.w, self.client = writer, client
        registrar, addresses = rng.choice(WRITER_REGISTRARS[writer])
        sender = FREEMAIL[writer] if client == "yahoo" else rng.choice(addresses)
        first, last, role = rng.choice(PEOPLE[writer])
        host = sender.partition("@")[2] if client != "yahoo" else _REG[registrar]["emails"][0].partition("@")[2]
        self.me = {"first": first, "last": last, "name": f"{first} {last}", "role": role, "registrar": registrar,
                   "sender": sender, "host": host}
        self.tk = self._ticket()
        asks = self._domains(registrar, rng.choice([2, 3]) if layout == "multi_domain" else 1)
        if shape is not None:
            subject, blocks, attachment = self._ambiguous(asks, shape)
        else:
            subject, blocks, attachment = getattr(self, "_w_" + layout)(asks)
        truth = "asked" if shape is not None else {a.domain: a.truth() for a in asks}
        raw, said, charset, encoding = self._mail(mid, subject, blocks, attachment, asks)
        return Mail(mid, "ambiguous" if shape is not None else "request", layout, client, charset, encoding, sender,
                    truth, raw, said=said, seed=self.seed)

    # --- small words ------------------------------------------------------------------------------------------

    def _ticket(self) -> str:
        rng, w = self.rng, self.w
        n = rng.randrange(10000, 99999)
        return {"corporate": rng.choice([f"HCD-2026-{n}", f"REQ00{n}", f"AEG-CR-{n}"]),
                "noc": rng.choice([f"INC0{n}", f"NOC-{n}"]), "pl": f"2026/11/{n % 1000:04d}",
                "cz": f"2026-{n % 10000}", "ie": f"#{n}", "in": f"SI-20261127-{n % 1000:04d}",
                "dev": rng.choice([f"PLAT-{n % 10000}", f"DNS-{n % 1000}"])}[w]

    def _h(self, value: str) -> str:
        """A name server as this writer types it: corporate forms in capitals now and then, developers with the
        root's dot, anyone now and then."""
        r, w = self.rng.random(), self.w
        if w == "dev":
            return value + "." if r < 0.25 else value
        if w == "corporate" and r < 0.1 or r < 0.05:
            return value.upper()
        return value + "." if r > 0.95 else value

    def _hs(self, values: list[str]) -> list[str]:
        return [self._h(v) for v in values]

    def _say(self, options: dict) -> str:
        """One of the writer's own ways of saying a thing (or anyone's, under "*")."""
        return self.rng.choice(options.get(self.w) or options["*"])

    def _style(self) -> str:
        return self.rng.choice({"corporate": ["number", "bullet", "plain"], "noc": ["plain", "dash", "indent"],
                                "pl": ["dash", "number", "plain", "bullet"], "cz": ["dash", "plain", "bullet"],
                                "ie": ["bullet", "plain", "dash"], "in": ["paren", "number", "bullet", "plain"],
                                "dev": ["dash", "indent", "dash"]}[self.w])

    def _subject(self, asks: list[DomainAsk], what: str = "ns") -> str:
        names = ", ".join(a.domain for a in asks)
        tk = self.tk
        if what == "ds":
            return self._say({
                "corporate": [f"[{tk}] DNSSEC - DS record change - {names}", f"Change request {tk}: DS record {names}"],
                "noc": [f"[{tk}] {names} DS update", f"{names}: ds change"],
                "pl": [f"DS record for domain {names}", f"Zmiana rekordu DS / DS change - {names}"],
                "cz": [f"Zm\u011bna DS z\u00e1znamu / DS change - {names}", f"DNSSEC - {names}"],
                "ie": [f"DNSSEC on {names}", f"{names} - DS record"],
                "in": [f"Request for DS Record Updation : {names}", f"DNSSEC DS record - {names}"],
                "dev": [f"{names}: DS change", f"[{tk}] DNSSEC for {names}"]})
        return self._say({
            "corporate": [f"[{tk}] Name server modification - {names}", f"Change request {tk}: {names}",
                          f"{names} - Registry Lock change request (Ref: {tk})", f"RE-DELEGATION REQUEST: {names}"],
            "noc": [f"[{tk}] {names} NS change", f"{names}: ns update", f"registry lock change {names} ({tk})"],
            "pl": [f"Change of DNS servers for domain {names}", f"Zmiana serwer\u00f3w DNS / Change DNS - {names}",
                   f"{names} - DNS change", f"Request for change DNS {names}"],
            "cz": [f"Zm\u011bna NS / NS change - {names}", f"Change of nameservers - {names}",
                   f"Po\u017eadavek {tk}: {names}"],
            "ie": [f"NS change for {names}", f"{names} - nameservers", f"Quick one: {names}"],
            "in": [f"Request for Nameserver Change : {names}", f"Nameserver updation for {names}",
                   f"Urgent: NS change request - {names}"],
            "dev": [f"{names}: delegation change", f"Delegation diff for {names}", f"[{tk}] move {names} to new DNS"]})

    def _colleague(self) -> tuple[str, str, str]:
        """Another person of the sender's firm: name, address, role."""
        rng = self.rng
        first, last, role = rng.choice([p for p in PEOPLE[self.w] if p[0] != self.me["first"]])
        local = re.sub(r"[^a-z]+", ".", unaccented(f"{first} {last}").lower()).strip(".")
        return f"{first} {last}", f"{local}@{self.me['host']}", role

    # --- layouts: each gives (subject, blocks, attachment) ----------------------------------------------------
    # Blocks: ("p", text), ("pre", text), ("fields", [(label, value)], sep), ("list", label, items, style),
    # ("check", [(ticked, text)]), ("table", header or None, rows, style: "html", "aligned" or "markdown").

    def _w_prose(self, asks):
        rng, a, w = self.rng, asks[0], self.w
        d, org = a.domain, a.organisation
        new = self._hs(self._new_set(a))
        listed, cur = _join(rng, new, w), _join(rng, a.current_ns, w)
        text = self._say({
            "corporate": [
                f"On behalf of our client {org}, we hereby request that the name servers for {d} be changed to "
                f"{listed}. The existing delegation ({cur}) should be removed in its entirety.",
                f"Please be advised that our client {org} has instructed us to re-delegate {d}. Kindly update the "
                f"name server records to {listed} with effect from 27/11/2026.",
                f"Further to ticket {self.tk}, we request the modification of the name servers of {d} from {cur} to "
                f"{listed}."],
            "noc": [f"{d}: please repoint NS to {listed}. old ones ({cur}) are being decommissioned, customer "
                    f"confirmed on {self.tk}.",
                    f"need {d} moved to {listed} - not urgent-urgent but today would be good. ref {self.tk}"],
            "pl": [f"Please kindly change the DNS servers for domain {d} on: {listed}. Actual DNS servers ({cur}) "
                   "should be deleted.",
                   f"We are asking for change of nameservers for the domain {d}. New nameservers: {listed}."],
            "cz": [f"we would like to ask you for the change of name servers of the domain {d} to {listed}.",
                   f"Please, could you change the nameservers of domain {d}? The actual nameservers are {cur}, the "
                   f"new ones are {listed}."],
            "ie": [f"Would you ever update the nameservers on {d} to {listed} for us? The customer's moved hosting "
                   f"and the old ones ({cur}) are going away.",
                   f"Quick one: {d} needs to point at {listed} now instead of {cur}."],
            "in": [f"As discussed telephonically, kindly update the name servers of domain {d} as {listed} at the "
                   "earliest.",
                   f"We request you to kindly change the nameservers for the domain {d} to {listed}. Please do the "
                   "needful and revert."],
            "dev": [f"We've moved the zone for {d} to {listed} (serving, checked with dig against each). Could you "
                    f"switch the delegation over? The old servers ({cur}) can go.",
                    f"tl;dr: delegate {d} to {listed}, drop {cur}."]})
        return self._subject(asks), [("p", text)], None

    def _w_form(self, asks):
        rng, a, w = self.rng, asks[0], self.w
        d = a.domain
        new = self._hs(self._new_set(a))
        if w == "corporate":
            pairs = [("Ticket", self.tk), ("Client", a.organisation), ("Account",
                                                                       f"ACC-{rng.randrange(100000, 999999)}"),
                     ("Requested by", f"{self._colleague()[0]} (client instruction)"), ("Domain", d),
                     ("Change type", rng.choice(["Name server modification",
                                                 "[X] Name servers   [ ] DS records   [ ] Registrant   [ ] Contacts"])),
                     ("Effective date", rng.choice(["27/11/2026", "Immediately on approval", "27-Nov-2026"]))]
            if rng.random() < 0.5:
                pairs += [(f"Name Server {i}", v) for i, v in enumerate(new, 1)]
            else:
                pairs.append(("New name servers", "; ".join(new)))
            pairs.append(("Approved by", f"{self._colleague()[0]}, Brand Protection Manager"))
            return self._subject(asks), [("p", self._say({"*": ["Please action the following change request.",
                                                              "Change request details:"]})),
                                         ("fields", pairs, ": ")], None
        if w == "noc":
            pairs = [("domain", d), ("ns", " ".join(new)), ("ticket", self.tk), ("requested", "customer, via portal")]
            return self._subject(asks), [("p", "change as below pls:"), ("fields", pairs, ": ")], None
        if w == "pl":
            if rng.random() < 0.5:
                pairs = [("Domena / Domain", d)] + [(f"Serwer DNS {i} / DNS server {i}", v)
                                                    for i, v in enumerate(new, 1)]
            else:
                pairs = [("Domain name", d)] + [(f"DNS{i}", v) for i, v in enumerate(new, 1)]
            return self._subject(asks), [("p", "Please make change of DNS servers according to data below:"),
                                         ("fields", pairs, ": ")], None
        if w == "cz":
            names = ["Prim\u00e1rn\u00ed NS / Primary NS", "Sekund\u00e1rn\u00ed NS / Secondary NS"] + \
                [f"NS{i}" for i in range(3, 5)]
            pairs = [("Dom\u00e9na / Domain", d)] + list(zip(names, new))
            return self._subject(asks), [("p", "Please change the nameservers according to the following:"),
                                         ("fields", pairs, ": ")], None
        if w == "in":
            pairs = [("Domain Name", d)] + [(f"Name Server {i}", v) for i, v in enumerate(new, 1)] + \
                [("Ticket ID", self.tk)]
            return self._subject(asks), [("p", "PFB the details for nameserver change:"), ("fields", pairs,
                                                                                           " : ")], None
        if w == "ie":
            pairs = [("Domain", d), ("New NS", ", ".join(new))]
            return self._subject(asks), [("p", "Details below:"), ("fields", pairs, ": ")], None
        lines = [f"domain: {d}", "nameservers: [" + ", ".join(new) + "]"] if rng.random() < 0.5 else \
            [f"domain = \"{d}\"", "nameservers = [" + ", ".join(f'"{v}"' for v in new) + "]"]
        return self._subject(asks), [("p", "The desired state, from our repo:"), ("pre", "\n".join(lines))], None

    def _w_label_list(self, asks):
        rng, a = self.rng, asks[0]
        new = self._hs(self._new_set(a))
        d = a.domain
        if self.w == "dev" and rng.random() < 0.5:
            return self._subject(asks), [("p", f"Target NS set for {d}:"),
                                         ("pre", "nameservers:\n" + "\n".join(f"  - {v}" for v in new))], None
        intro = self._say({
            "corporate": [f"Domain: {d}", f"Please update {d} as set out below."],
            "noc": [f"{d}", f"{d} - customer asked for this today"],
            "pl": [f"Domain: {d}", f"Please change DNS servers for domain {d}."],
            "cz": [f"Dom\u00e9na / Domain: {d}", f"For the domain {d}, please set:"],
            "ie": [f"For {d}:", f"{d} please."],
            "in": [f"Domain name : {d}", f"Kindly update the nameservers for {d}."],
            "dev": [f"{d}:", f"For {d}:"]})
        label = self._say({
            "corporate": ["Requested name servers:", "Name servers (to be set):"],
            "noc": ["new NS:", "set NS to:"],
            "pl": ["New DNS servers:", "Nowe serwery DNS / New DNS servers:"],
            "cz": ["Nov\u00e9 DNS servery / New DNS servers:", "New nameservers:"],
            "ie": ["New nameservers below:", "Nameservers should be:"],
            "in": ["PFB the new name servers:", "Please find below the new nameservers:"],
            "dev": ["New NS set:", "Desired NS:"]})
        return self._subject(asks), [("p", intro), ("list", label, new, self._style())], None

    def _cur_new_labels(self) -> tuple[str, str]:
        return self.rng.choice({
            "corporate": [("Current Name Servers:", "Requested Name Servers:"), ("Existing delegation:",
                                                                                 "New delegation:")],
            "noc": [("was:", "now:"), ("old:", "new:")],
            "pl": [("Actual DNS servers:", "New DNS servers:"), ("Obecne / Current DNS:", "Nowe / New DNS:")],
            "cz": [("St\u00e1vaj\u00edc\u00ed NS / Current NS:", "Nov\u00e9 NS / New NS:"),
                   ("Actual nameservers:", "Requested nameservers:")],
            "ie": [("Currently:", "Should be:"), ("Old:", "New:")],
            "in": [("Existing Name Servers:", "New Name Servers:"), ("Present NS:", "Required NS:")],
            "dev": [("before:", "after:"), ("current:", "desired:")]}[self.w])

    def _w_current_new_lists(self, asks):
        rng, a = self.rng, asks[0]
        new = self._hs(self._new_set(a))
        d = a.domain
        if self.w == "dev" and rng.random() < 0.5:  # the whole list as a diff of their config
            return self._subject(asks), [("p", f"Here's the change to {d}'s delegation as it is in our repo:"),
                                         ("pre", self._diff(d, a.current_ns, new))], None
        cur_label, new_label = self._cur_new_labels()
        style = self._style()
        blocks = [("list", cur_label, list(a.current_ns), style), ("list", new_label, new, style)]
        if rng.random() < 0.25:
            blocks.reverse()
        lead = self._say({"corporate": [f"Re-delegation of {d}:", f"Domain: {d}"],
                          "noc": [f"{d} ns change", f"{d}:"],
                          "pl": [f"Please change DNS servers for domain {d}.", f"Domain: {d}"],
                          "cz": [f"Dom\u00e9na / Domain: {d}", f"Please change the nameservers of {d}."],
                          "*": [f"Please update the nameservers for {d}.", f"Domain: {d}"]})
        return self._subject(asks), [("p", lead)] + blocks, None

    def _w_current_new_table(self, asks):
        rng, a = self.rng, asks[0]
        new = self._hs(self._new_set(a))
        header = list(self.rng.choice({
            "corporate": [("Current Name Server", "New Name Server"), ("Existing", "Requested")],
            "noc": [("from", "to"), ("old", "new")],
            "pl": [("Aktualne / Current", "Nowe / New"), ("Actual DNS", "New DNS")],
            "cz": [("St\u00e1vaj\u00edc\u00ed / Current", "Nov\u00fd / New"), ("Current NS", "New NS")],
            "ie": [("Old", "New"), ("Now", "Should be")],
            "in": [("Existing NS", "Proposed NS"), ("Old Nameserver", "New Nameserver")],
            "dev": [("current", "desired"), ("before", "after")]}[self.w]))
        n = max(len(new), len(a.current_ns))
        rows = [[a.current_ns[i] if i < len(a.current_ns) else "", new[i] if i < len(new) else ""] for i in range(n)]
        if rng.random() < 0.25:
            header, rows = header[::-1], [r[::-1] for r in rows]
        if self.w == "in" and rng.random() < 0.6:
            header, rows = ["S.No"] + header, [[str(i)] + r for i, r in enumerate(rows, 1)]
        lead = self._say({"corporate": [f"Name server change for {a.domain}:", f"Domain: {a.domain}"],
                          "noc": [f"{a.domain}:"],
                          "in": [f"PFB the nameserver details for {a.domain}:", f"Domain : {a.domain}"],
                          "*": [f"Nameservers for {a.domain}:", f"Change for {a.domain}:"]})
        return self._subject(asks), [("p", lead), ("table", header, rows, self._table_style())], None

    def _table_style(self) -> str:
        if self.client in PLAIN_ONLY or self.client == "evolution":
            return self.rng.choice(["markdown", "aligned"]) if self.w == "dev" else "aligned"
        if self.w in ("dev", "noc"):
            return self.rng.choice(["markdown", "aligned", "html"])
        return self.rng.choice(["html", "html", "aligned"])

    def _w_add_remove_table(self, asks):
        rng, a, w = self.rng, asks[0], self.w
        d = a.domain
        self._add_remove(a)
        if w == "dev":
            shape = rng.randrange(3)
            if shape == 0:
                after = [v for v in a.current_ns if v not in a.remove_ns] + a.add_ns
                return self._subject(asks), [("p", f"Delegation change for {d}, as a diff of our config:"),
                                             ("pre", self._diff(d, a.current_ns, after))], None
            if shape == 1:
                items = [(True, f"zone for {d} built on the new provider and records imported"),
                         (True, "TTLs lowered to 300 yesterday")]
                items += [(False, f"registry: remove {self._h(v)}") for v in a.remove_ns]
                items += [(False, f"registry: add {self._h(v)}") for v in a.add_ns]
                items.append((False, "wait 48h, then delete the old zone"))
                return self._subject(asks), [("p", "Runbook for the move (ticked = done our side, unticked = still "
                                                   "to do; the registry items are what we need from you):"),
                                             ("check", items)], None
            items = [(True, f"remove {self._h(v)}") for v in a.remove_ns] + \
                [(True, f"add {self._h(v)}") for v in a.add_ns] + [(False, "DS records (no change)"),
                                                                  (False, "contacts (no change)")]
            return self._subject(asks), [("p", f"Please make the ticked changes for {d}:"), ("check", items)], None
        add, rem = rng.choice({
            "corporate": [("Add", "Delete"), ("ADD", "REMOVE")], "noc": [("add", "del"), ("ADD", "DEL")],
            "pl": [("Dodaj / Add", "Usu\u0144 / Remove"), ("Add", "Delete")],
            "cz": [("P\u0159idat / Add", "Odebrat / Remove"), ("Add", "Remove")],
            "ie": [("Add", "Remove"), ("In", "Out")], "in": [("To be added", "To be removed"), ("Add", "Remove")]}[w])
        rows = [[d, rem, self._h(v)] for v in a.remove_ns] + [[d, add, self._h(v)] for v in a.add_ns]
        if rng.random() < 0.3:
            rows = rows[len(a.remove_ns):] + rows[:len(a.remove_ns)]
        header = self._say({"corporate": [["Domain", "Change Type", "Name Server"], ["Domain", "Action", "Host"]],
                            "noc": [["domain", "op", "host"], None],
                            "pl": [["Domena / Domain", "Operacja / Operation", "Serwer / Server"]],
                            "cz": [["Dom\u00e9na / Domain", "Akce / Action", "Server"]],
                            "ie": [["Domain", "Action", "Nameserver"]],
                            "in": [["Domain Name", "Action", "Name Server"]]})
        if header and w == "in":
            header, rows = ["Sr. No."] + header, [[str(i)] + r for i, r in enumerate(rows, 1)]
        lead = self._say({"corporate": ["Please action the following name server changes:", "Changes requested:"],
                          "noc": ["changes:"], "pl": ["Please make following changes:"],
                          "cz": ["Please make the following changes:"], "ie": ["Changes below:"],
                          "in": ["Kindly do the below changes:"]})
        return self._subject(asks), [("p", lead), ("table", header, rows, self._table_style())], None

    def _diff(self, d: str, before: list[str], after: list[str]) -> str:
        """A unified diff of the writer's configuration: YAML, Terraform or the delegation's zone lines."""
        rng = self.rng
        kind = rng.randrange(3)
        label = d.split(".")[0]

        def config(values: list[str]) -> list[str]:
            if kind == 0:
                return ["nameservers:"] + [f"  - {v}" for v in values]
            if kind == 1:
                return [f'resource "registrar_domain" "{label.replace("-", "_")}" {{', f'  name = "{d}"',
                        "  nameservers = ["] + [f'    "{v}",' for v in values] + ["  ]", "}"]
            return [f"{d}.\t86400\tIN\tNS\t{v}." for v in values]
        path = [f"dns/delegations/{d}.yaml", f"terraform/domains/{label}.tf", f"zones/parent/{d}.delegation"][kind]
        lines = list(difflib.unified_diff(config(before), config(after), f"a/{path}", f"b/{path}", lineterm="", n=20))
        head = [f"diff --git a/{path} b/{path}", f"index {hexes(rng, 7)}..{hexes(rng, 7)} 100644"]
        return "\n".join(head + lines)

    def _w_portal(self, asks):
        rng, a, w = self.rng, asks[0], self.w
        d = a.domain
        new = self._hs(self._new_set(a))
        cur = list(a.current_ns)
        if w == "dev":
            body = ("{\n" f'  "domain": "{d}",\n  "status": "clientUpdateProhibited",\n  "nameservers": {{\n'
                    '    "current": [' + ", ".join(f'"{v}"' for v in cur) + "],\n"
                    '    "requested": [' + ", ".join(f'"{v}"' for v in new) + "]\n  }\n}")
            return self._subject(asks), [("p", "Our API's view of the pending change (it can't push to a locked "
                                               "domain):"), ("pre", body)], None
        if w in ("corporate", "noc"):
            pairs = [("Ticket", self.tk), ("Status", "Pending - registry action"), ("Client", a.organisation),
                     ("Account", f"ACC-{rng.randrange(100000, 999999)}"), ("Requested by", self._colleague()[0]),
                     ("Change type", "NS modification"), ("Domain", d)]
            if rng.random() < 0.5:
                pairs += [(f"Old NS {i}", v) for i, v in enumerate(cur, 1)] + \
                         [(f"New NS {i}", v) for i, v in enumerate(new, 1)]
            else:
                pairs += [(f"Nameserver {i} (current)", v) for i, v in enumerate(cur, 1)] + \
                         [(f"Nameserver {i} (new)", v) for i, v in enumerate(new, 1)]
            lead = "Export from our order system:" if w == "corporate" else "from the queue:"
            return self._subject(asks), [("p", lead), ("fields", pairs, ": ")], None
        if w == "pl":
            pairs = [("Domena", d), ("Zg\u0142oszenie / Request", self.tk)] + \
                [(f"DNS {i} (obecny / current)", v) for i, v in enumerate(cur, 1)] + \
                [(f"DNS {i} (nowy / new)", v) for i, v in enumerate(new, 1)]
            return self._subject(asks), [("p", "Export from our customer panel:"), ("fields", pairs, ": ")], None
        if w == "cz":
            pairs = [("Dom\u00e9na", d), ("Po\u017eadavek", self.tk)] + \
                [(f"NS{i} (p\u016fvodn\u00ed / original)", v) for i, v in enumerate(cur, 1)] + \
                [(f"NS{i} (nov\u00fd / new)", v) for i, v in enumerate(new, 1)]
            return self._subject(asks), [("p", "Export from our administration:"), ("fields", pairs, ": ")], None
        if w == "ie":  # a WHMCS order
            pairs = [("Order #", str(rng.randrange(10000, 99999))), ("Domain", d), ("Registrar Lock", "Enabled")] + \
                [(f"Nameserver {i}", v) for i, v in enumerate(new, 1)]
            return self._subject(asks), [("p", "From our WHMCS (the nameservers the customer has set):"),
                                         ("fields", pairs, ": ")], None
        pairs = [("Order ID", str(rng.randrange(10**7, 10**8))), ("Domain Name", d),
                 ("Name Servers (Current)", ", ".join(cur)), ("Name Servers (Modified)", ", ".join(new))]
        return self._subject(asks), [("p", "PFB the details from our control panel:"), ("fields", pairs, " : ")], None

    def _w_replace(self, asks):
        rng, a = self.rng, asks[0]
        d = a.domain
        olds = rng.sample(a.current_ns, rng.choice([1, min(2, len(a.current_ns))]))
        news = self._fresh(a, len(olds))
        a.remove_ns, a.add_ns = list(olds), list(news)
        pairs = list(zip(olds, self._hs(news)))

        def each(form) -> str:
            return " and ".join(form(o, n) for o, n in pairs)
        text = self._say({
            "corporate": [f"For {d}, please replace " + each(lambda o, n: f"name server {o} with {n}") +
                          ". All other name servers remain unchanged."],
            "noc": [f"{d}: swap " + each(lambda o, n: f"{o} -> {n}") + " (rest unchanged)"],
            "pl": [f"For domain {d} please change " + each(lambda o, n: f"server {o} on {n}") +
                   ". Other servers without change."],
            "cz": ["Please replace " + each(lambda o, n: f"the nameserver {o} by {n}") + f" for the domain {d}. "
                   "The other nameservers stay without change."],
            "ie": ["Can you take out " + " and ".join(o for o, _ in pairs) + f" on {d} and put in " +
                   " and ".join(n for _, n in pairs) + " instead? Leave the rest as they are."],
            "in": ["Kindly replace the existing nameserver " + each(lambda o, n: f"{o} with new nameserver {n}") +
                   f" for the domain {d}. Rest of the nameservers remain same."],
            "dev": [f"For {d}, " + "; ".join(f"s/{o}/{n}/" for o, n in pairs) + " on the delegation please (i.e. "
                    + " and ".join(f"{o} out, {n} in" for o, n in pairs) + "; everything else untouched).",
                    f"{d}'s NS set: " + "; ".join(f"s/{o}/{n}/" for o, n in pairs) + ". Nothing else changes."]})
        return self._subject(asks), [("p", text)], None

    def _w_epp(self, asks):
        rng, a, w = self.rng, asks[0], self.w
        d = a.domain
        self._add_remove(a)
        if w == "noc":
            cmd = f"$ epp-cli domain update {d}" + "".join(f" --rem-ns {v}" for v in a.remove_ns) + \
                "".join(f" --add-ns {v}" for v in a.add_ns)
            out = "ERROR 2304: Object status prohibits operation (serverUpdateProhibited)"
            return self._subject(asks), [("p", "tried to push this, bounced because of the lock:"),
                                         ("pre", f"{cmd}\n{out}"), ("p", "please apply manually - same change.")], None
        if w in ("pl", "cz", "dev") and rng.random() < 0.6:
            parts = ["<domain:update xmlns:domain=\"urn:ietf:params:xml:ns:domain-1.0\">", f"  <domain:name>{d}"
                     "</domain:name>"]
            if a.add_ns:
                parts += ["  <domain:add>", "    <domain:ns>"] + [f"      <domain:hostObj>{v}</domain:hostObj>"
                                                                  for v in a.add_ns] + ["    </domain:ns>",
                                                                                        "  </domain:add>"]
            if a.remove_ns:
                parts += ["  <domain:rem>", "    <domain:ns>"] + [f"      <domain:hostObj>{v}</domain:hostObj>"
                                                                  for v in a.remove_ns] + ["    </domain:ns>",
                                                                                           "  </domain:rem>"]
            parts.append("</domain:update>")
            lead = self._say({"pl": ["Our EPP command was rejected because of lock. Please make it manually:"],
                              "cz": ["The EPP update below was refused (domain is locked). Please apply it:"],
                              "dev": ["Our EPP client got 2304 on this one (locked), so here's the update we sent:"]})
            return self._subject(asks), [("p", lead), ("pre", "\n".join(parts))], None
        lines = [f"domain:update {d}"] + [f"  ns rem {self._h(v)}" for v in a.remove_ns] + \
            [f"  ns add {self._h(v)}" for v in a.add_ns]
        lead = self._say({"corporate": ["Our automated update was rejected (2304 Object status prohibits operation). "
                                        "Please apply the following:"],
                          "in": ["Kindly apply the below update as the domain is locked at registry:"],
                          "*": ["Please apply this update for us (our system can't, the domain is locked):"]})
        return self._subject(asks), [("p", lead), ("pre", "\n".join(lines))], None

    def _w_csv(self, asks):
        rng, a, w = self.rng, asks[0], self.w
        d = a.domain
        self._add_remove(a)
        name = f"ns-change-{d.split('.')[0]}.csv"
        if w == "pl":  # a Polish Excel's CSV: semicolons, its own words, windows-1250
            rows = ["domena;operacja;serwer"] + [f"{d};usu\u0144;{v}" for v in a.remove_ns] + \
                [f"{d};dodaj;{v}" for v in a.add_ns]
            body = "In attachment CSV file with the changes (dodaj = add, usu\u0144 = remove)."
            return self._subject(asks), [("p", body)], (f"zmiana_dns_{d.split('.')[0]}.csv", "\r\n".join(rows) +
                                                        "\r\n", "text", "csv", "windows-1250")
        if w == "in":
            rows = ["Sr. No.,Domain Name,Action,Name Server"]
            k = 0
            for act, values in (("Remove", a.remove_ns), ("Add", a.add_ns)):
                for v in values:
                    k += 1
                    rows.append(f"{k},{d},{act},{v}")
            body = "PFA the CSV with the nameserver changes. Kindly do the needful."
        else:
            add, rem = rng.choice([("add", "remove"), ("ADD", "DELETE"), ("add", "del")])
            rows = ["domain,action,nameserver"] + [f"{d},{rem},{v}" for v in a.remove_ns] + \
                [f"{d},{add},{v}" for v in a.add_ns]
            body = self._say({"corporate": [f"Please find attached the name server changes for {d}, as approved."],
                              "noc": [f"csv attached for {d}"], "cz": [f"In the attachment are the changes for {d}."],
                              "ie": [f"Changes for {d} attached."], "dev": [f"Changes for {d} attached (from our "
                                                                          "sync job's plan)."]})
        text = "\r\n".join(rows) + "\r\n"
        if self.client == "notes":  # Notes attaches a file it does not know as octet-stream
            return self._subject(asks), [("p", body)], (name, text, "application", "octet-stream", None)
        return self._subject(asks), [("p", body)], (name, text, "text", "csv", "utf-8")

    def _w_multi_domain(self, asks):
        rng, w = self.rng, self.w
        org = asks[0].organisation
        if w in ("pl", "ie") and rng.random() < 0.6:  # one set for every domain
            while True:
                new = self._provider(asks[0].domain)[:rng.choice([2, 3])]
                if len(new) >= 2 and all(sorted(new) != sorted(a.current_ns) for a in asks) and \
                        not any(".gov.uk" in h for h in new):
                    break
            for a in asks:
                a.new_ns = list(new)
            names = ", ".join(a.domain for a in asks[:-1]) + " and " + asks[-1].domain
            text = (f"For domains {names} please change DNS servers on: {_join(rng, new, w)}." if w == "pl" else
                    f"All of {org}'s domains ({names}) are moving to {_join(rng, new, w)} - could you update the "
                    "lot?")
            return self._subject(asks), [("p", text)], None
        news = [self._hs(self._new_set(a)) for a in asks]
        if w == "dev":
            text = "\n".join(f"{a.domain}:\n" + "\n".join(f"  - {v}" for v in n) for a, n in zip(asks, news))
            return self._subject(asks), [("p", f"Delegations for {org}'s domains, desired state:"), ("pre", text)], None
        if w == "noc":
            text = "\n".join(f"{a.domain} -> {' '.join(n)}" for a, n in zip(asks, news))
            return self._subject(asks), [("p", f"batch for {org}:"), ("pre", text)], None
        if w in ("in", "corporate") and rng.random() < 0.6:
            width = max(len(n) for n in news)
            header = (["S.No", "Domain Name"] if w == "in" else ["Domain"]) + [f"NS{i}" for i in range(1, width + 1)]
            rows = [([str(k)] if w == "in" else []) + [a.domain] + n + [""] * (width - len(n))
                    for k, (a, n) in enumerate(zip(asks, news), 1)]
            lead = "PFB the list of domains with new nameservers:" if w == "in" else \
                f"Domains in scope ({len(asks)}) and their new name servers:"
            return self._subject(asks), [("p", lead), ("table", header, rows, self._table_style())], None
        blocks = [("p", self._say({"corporate": [f"Client {org}: re-delegation of the {len(asks)} domains below."],
                                   "*": [f"Please change the nameservers for the {len(asks)} domains below."]}))]
        for a, n in zip(asks, news):
            blocks.append(("list", f"{a.domain}:", n, self._style()))
        return self._subject(asks), blocks, None

    def _w_ds(self, asks):
        rng, a, w = self.rng, asks[0], self.w
        d = a.domain
        new = _ds(rng)
        tag, alg, dtype, digest = new.split()
        if w in ("dev", "noc") and rng.random() < 0.4:
            digest = digest.lower()
        line = f"{tag} {alg} {dtype} {digest}"
        subject = self._subject(asks, "ds")
        shape = rng.randrange(4) if a.current_ds else 3
        if shape == 0:  # going unsigned
            a.remove_ds = list(a.current_ds)
            text = self._say({
                "corporate": [f"Our client is migrating DNS providers and has asked that DNSSEC be disabled for {d} "
                              f"first. Please remove the DS record (key tag {a.current_ds[0].split()[0]}). No other "
                              "change."],
                "pl": [f"Please delete DS record for domain {d} (key tag {a.current_ds[0].split()[0]}). We switch "
                       "off DNSSEC before the change of operator."],
                "cz": [f"Please remove the DS record from the domain {d}, we are turning off DNSSEC."],
                "ie": [f"Could you turn off DNSSEC for {d}? Just remove the DS record - we're moving provider."],
                "in": [f"Kindly remove the DS record for {d} as DNSSEC is being disabled for the migration."],
                "*": [f"please pull the DS for {d} (going unsigned for the provider move)."]})
            return subject, [("p", text)], None
        if shape == 1:  # a rollover: the new key beside the old
            a.add_ds = [new]
            if w == "corporate" and rng.random() < 0.5:
                return subject, [("p", f"DNSSEC key rollover for {d}."),
                                 ("list", "Current DS (to remain until the rollover completes):", list(a.current_ds),
                                  "plain"),
                                 ("list", "New DS (to be added):", [line], "plain")], None
            lead = self._say({
                "pl": [f"Please add new DS record for domain {d}. The actual DS record stays (key rollover)."],
                "cz": [f"Please add this DS record for {d} next to the existing one (key rollover):"],
                "in": [f"Kindly add the below DS record for {d} along with the existing DS record (key rollover):"],
                "*": [f"Please add the following DS record for {d} alongside the existing one (key rollover):"]})
            return subject, [("p", lead), ("pre", line if rng.random() < 0.6 else f"{d}. 3600 IN DS {line}")], None
        a.new_ds = [new]
        if a.current_ds:
            lead = self._say({"pl": [f"Please change DS record for domain {d} on:"],
                              "cz": [f"Please replace the DS record of {d} by the following:"],
                              "in": [f"Kindly replace the existing DS record for {d} with the below:"],
                              "noc": [f"{d}: replace DS with:"],
                              "*": [f"Please replace the DS record for {d} with:"]})
        else:
            lead = self._say({"pl": [f"Please add DS record for domain {d}, we enable DNSSEC:"],
                              "cz": [f"We have signed the zone {d}. Please add the DS record:"],
                              "in": [f"Kindly add the DS record for {d} to enable DNSSEC. PFB the details:"],
                              "noc": [f"{d}: add DS (zone is signed now):"],
                              "dev": [f"{d} is signed now; DS to publish:"],
                              "*": [f"Please add this DS record to {d} to enable DNSSEC:"]})
        style = rng.randrange(3)
        if w in ("corporate", "in") and style:
            sep = " : " if w == "in" else ": "
            fields = [("Key Tag", tag), ("Algorithm", f"{alg} ({'RSASHA256' if alg == '8' else 'ECDSAP256SHA256'})"),
                      ("Digest Type", f"{dtype} ({'SHA-256' if dtype == '2' else 'SHA-384'})"), ("Digest", digest)]
            blocks = [("p", lead), ("fields", fields, sep)]
        elif w == "dev" and style:
            out = f"$ dig +short DS {d} @ns1.signer.example\n{line}" if style == 1 else \
                f"$ dnssec-dsfromkey -{'2' if dtype == '2' else 'a SHA-384'} K{d}.+{int(alg):03d}+{tag}.key\n" \
                f"{d}. IN DS {line}"
            blocks = [("p", lead), ("pre", out)]
        else:
            blocks = [("p", lead), ("pre", line if style != 2 else f"{d}. 3600 IN DS {line}")]
        if rng.random() < 0.25:
            newns = self._hs(self._new_set(a))
            blocks.append(("list", self._say({"pl": ["And new DNS servers:"], "in": ["Also update the nameservers "
                                                                                    "as below:"],
                                              "*": ["And the new name servers:"]}), newns, self._style()))
        return subject, blocks, None

    def _ambiguous(self, asks, shape: int):
        """A request no careful operator could apply without asking, each in a way of its own."""
        rng, a = self.rng, asks[0]
        d, cur = a.domain, a.current_ns
        other = self._fresh(a, 3)
        subject = self._subject(asks)
        if shape == 0:  # a merge conflict left in the diff: which side is meant?
            text = (f"--- a/dns/delegations/{d}.yaml\n+++ b/dns/delegations/{d}.yaml\n@@ -1,3 +1,8 @@\n"
                    " nameservers:\n+<<<<<<< HEAD\n" + "".join(f"+  - {v}\n" for v in other[:2]) + "+=======\n"
                    + "".join(f"+  - {v}\n" for v in [other[0], other[2]]) + "+>>>>>>> move-dns\n"
                    + "".join(f"-  - {v}\n" for v in cur))
            return subject, [("p", f"Delegation change for {d} from our repo, please apply:"),
                             ("pre", text.rstrip("\n"))], None
        if shape == 1:  # the approver doubts a value of the request
            return subject, [("fields", [("Ticket", self.tk), ("Domain", d), ("Change type",
                                                                              "Name server modification"),
                                         ("New name servers", "; ".join(other[:2]))], ": "),
                             ("p", f"Approval: approved subject to confirmation of the second name server - the "
                                   f"client's letter gives {other[2]}, the ticket {other[1]}. Requester to "
                                   "confirm.")], None
        if shape == 2:  # two sets, the client to say which
            return subject, [("p", f"Please kindly change the DNS servers for domain {d} on: {other[0]}, {other[1]} "
                                   f"or on: {other[0]}, {other[2]} - our client will confirm which one tomorrow, but "
                                   "please prepare the change.")], None
        if shape == 3:  # the values only in a screenshot
            png = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAAB"
                                   "JRU5ErkJggg==")
            return subject, [("p", f"Kindly update the nameservers for {d} as per the attached screenshot. Please do "
                                   "the needful at the earliest.")], ("image001.png", png, "image", "png", None)
        if shape == 4:  # a handover that leaves the values open
            return subject, [("p", f"handover from nights: {d} was going to {_join(rng, other[:2], 'noc')}, but the "
                                   f"customer rang at 05:40 to say maybe {other[2]} instead of {other[1]} - not "
                                   "confirmed yet. day shift to chase - logging it with you so it's in your "
                                   "queue.")], None
        if shape == 5:  # two lists and no label
            return subject, [("p", f"Please change the nameservers of the domain {d}:"),
                             ("list", "", list(cur), "plain"), ("list", "", other[:2], "plain")], None
        if shape == 6:  # a server to take out that the domain does not have
            return subject, [("p", f"Can you take out {other[0]} on {d} and put in {other[1]} instead? Leave the rest "
                                   "as they are.")], None
        gone = [h for h in cur if h != cur[0]]  # one server left
        return subject, [("fields", [("Ticket", self.tk), ("Domain", d), ("Change type", "Delete name server"),
                                     ("Name servers to delete", "; ".join(gone)),
                                     ("Name servers remaining", cur[0])], ": ")], None

    def _signature(self) -> str:
        rng, me, w = self.rng, self.me, self.w
        reg, name, role, sender = me["registrar"], me["name"], me["role"], me["sender"]
        n = rng.randrange(1000, 9999)
        if w == "corporate":
            if reg.startswith("Hallmark"):
                return f"{name}\n{role}\n{reg}\n20 Gresham Street, London EC2V 7JE\nT +44 20 7946 {n} | {sender}"
            return (f"{name}\n{role}\n{reg}\n1 Liberty Plaza, 23rd Floor, New York, NY 10006\nT +1 212 555 {n} | "
                    f"{sender}\n\u00a9 2026 {reg}. All rights reserved.")
        if w == "noc":
            return (f"{me['first']} / Meridian Names NOC (24x7)\n+44 161 496 {n} | {sender}\nShift: "
                    + rng.choice(["night (22:00-06:00 UTC)", "early (06:00-14:00 UTC)"]))
        if w == "pl":
            return (f"{name}\n{role} / Domain Department\n{reg}\nul. Marsza\u0142kowska 10/12, 00-590 Warszawa\n"
                    f"tel. +48 22 {n // 10} {rng.randrange(10, 99)} {rng.randrange(10, 99)}")
        if w == "cz":
            return (f"{rng.choice(['Ing. ', 'Mgr. ', ''])}{name}\n{role}\n{reg}\nNa Po\u0159\u00ed\u010d\u00ed 12, "
                    f"110 00 "
                    f"Praha 1\nTel.: +420 222 {n // 10} {rng.randrange(100, 999)}")
        if w == "ie":
            return f"{name}\n{role} | {reg}\n+353 1 {rng.randrange(100, 999)} {n}"
        if w == "in":
            return (f"{name}\n{role}\n{reg}\nOffice No. 4, 2nd Floor, Shivaji Nagar, Pune - 411005\nMob: +91 98220 "
                    f"{rng.randrange(10000, 99999)}\nCIN: U72200PN2009PTC123456")
        return f"{me['first']} \u00b7 {role} \u00b7 {reg}"

    def _frame(self) -> str:
        """Whether the request is the sender's own words, a colleague's forwarded, or a colleague's quoted."""
        rng = self.rng
        share = {"corporate": 0.5, "noc": 0.25, "pl": 0.35, "cz": 0.35, "ie": 0.2, "in": 0.45, "dev": 0.3}[self.w]
        if rng.random() >= share:
            return "direct"
        return "reply" if rng.random() < 0.45 else "fwd"

    def _canon(self, name: str, internal: bool = False) -> str:
        """A Notes user's hierarchical name: 'Margaret Ellison/LON/Hallmark'."""
        ou, org = NOTES_OU.get(self.me["registrar"], ("HQ", self.me["registrar"].split()[0]))
        return f"{name}/{ou}/{org}" + (f"@{org}" if internal else "")

    def _mail(self, mid, subject, blocks, attachment, asks):
        """The mail as the client sends it: (bytes, the plain text as written, charset, transfer encoding)."""
        rng, w, c, me = self.rng, self.w, self.client, self.me
        greeting = rng.choice(GREETINGS[w])
        closing = rng.choice(CLOSINGS[w])
        sig = self._signature()
        footer = rng.choice(FOOTERS[w]).format(reg=me["registrar"])
        when = datetime(2026, 11, 27, 9 + rng.randrange(2), rng.randrange(60), rng.randrange(60), tzinfo=UTC)
        when = when.astimezone(timezone(timedelta(minutes=ZONES[w])))
        frame = "direct" if attachment and attachment[2] == "image" else self._frame()
        locale = ("cs" if w == "cz" else "pl" if w == "pl" else "en") if c in LOCALE_CLIENTS + ("notes",) and \
            rng.random() < 0.7 else "en"
        own = [("p", greeting)] if greeting else []
        inner_blocks, head, bottom, notes_style = None, None, False, "forwarded"
        if frame == "direct":
            if w == "noc" and rng.random() < 0.5:
                own.append(("p", rng.choice(["[shift handover 06:00 UTC: night -> early. open registry items: 1. owner "
                                             "after handover: early shift - replies to this mailbox reach them]",
                                             "Night shift here, handing over at 06:00 UTC - the day shift will pick up "
                                             "any questions on this one."])))
            own += blocks
            if w == "corporate" and rng.random() < 0.4:
                one, two = self._colleague(), self._colleague()
                own.append(("p", f"Approval chain:\n  1. Requested - {one[0]} ({one[2]}), 26/11/2026 16:02\n  2. "
                                 f"Approved - {two[0]} ({two[2]}), 26/11/2026 17:15\n  3. Released - Registry "
                                 f"Operations, {when.strftime('%d/%m/%Y %H:%M')}"))
        else:
            cname, caddr, crole = self._colleague()
            inner_greeting = rng.choice({"corporate": ["Registry Operations,", "Hi team,"], "noc": ["hi noc,", ""],
                                         "pl": ["Hello,", "Cze\u015b\u0107,"], "cz": ["Ahoj,", "Dobr\u00fd den,"],
                                         "ie": ["Hi,", ""], "in": ["Hi Team,", "Dear All,"],
                                         "dev": ["", "Hey,"]}[w])
            inner_close = rng.choice(CLOSINGS[w]) or "Thanks"
            inner_blocks = ([("p", inner_greeting)] if inner_greeting else []) + blocks + \
                [("p", f"{inner_close}\n{cname}\n{crole}")]
            sent = THURSDAY.replace(hour=15 + rng.randrange(3), minute=rng.randrange(60), second=rng.randrange(60))
            sent = sent.astimezone(timezone(timedelta(minutes=ZONES[w])))
            to = self._canon(me["name"], True) if c == "notes" else f"{me['name']} <{me['sender']}>"
            head = Head(cname, caddr, to, sent, subject, canon=self._canon(cname, True) if c == "notes" else "")
            bottom = frame == "reply" and (c == "mutt" or c == "evolution" and rng.random() < 0.4)
            notes_style = rng.choice(["forwarded", "forwarded", "boxed", "original"]) if frame == "fwd" else "original"
            note = rng.choice(BOTTOM_NOTES if bottom else FWD_NOTES[w]).format(tk=self.tk)
            own.append(("p", note))
            if frame == "fwd":
                subject = f"[{cname}: {subject}]" if c == "mutt" else FWD_PREFIX.get(c, "Fwd: ") + subject
            else:
                subject = "Re: " + subject
        if c == "yahoo" and rng.random() < 0.3:
            tail_line = "Sent from Yahoo Mail on Android"
        else:
            tail_line = ""
        dash = {"mutt": "-- ", "evolution": "-- ", "roundcube": "-- ", "horde": "-- ", "zimbra": "-- ",
                "zoho": "--"}.get(c)
        sig_text = (f"{dash}\n" if dash else "") + sig + ("\n\nSent with Proton Mail secure email." if c == "proton"
                                                         else f"\n\n{tail_line}" if tail_line else "")
        closing_text = closing
        own_text = self.plain(own)
        frame_text = ""
        if frame == "fwd":
            frame_text = forward_plain(c, locale, head, self.plain(inner_blocks), notes_style, self._canon(me["name"]))
        elif frame == "reply":
            frame_text = quote_plain(c, locale, head, self.plain(inner_blocks), rng.choice(["star", "star", "default"]))
        if bottom:
            parts = [frame_text, own_text, closing_text, sig_text, footer]
        elif frame == "fwd" and c == "mutt":
            parts = [own_text, closing_text, frame_text, sig_text, footer]
        elif c == "notes":
            parts = [own_text, closing_text, sig_text, frame_text, footer]
        else:
            parts = [own_text, closing_text, sig_text, footer, frame_text]
        text = "\n\n".join(p for p in parts if p) + "\n"

        html = None
        if c not in PLAIN_ONLY and not (c in ("roundcube", "evolution") and rng.random() < 0.7):
            own_html = self.html(own)
            if closing_text:
                own_html += self.para_html([closing_text], gap=False)
            rest = self.sig_html(sig)
            if tail_line:
                rest += ('<div id="ymail_android_signature"><a href="https://go.onelink.me/107872968?pid=InProduct&amp;'
                         'c=Global_Internal_YGrowth_AndroidEmailSig__AndroidUsers&amp;af_wl=ym&amp;af_sub1=Internal&amp;'
                         'af_sub2=Global_YGrowth&amp;af_sub3=EmailSignature">Sent from Yahoo Mail on Android</a>'
                         "</div>\n")
            frame_html = ""
            if frame != "direct":
                inner_html = self.html(inner_blocks)
                frame_html = quoted_html(c, locale, head, inner_html, notes_style, self._canon(me["name"]),
                                       reply=frame == "reply")
            footer_html = self.footer_html(footer) if footer else ""
            if c == "notes":
                rest += frame_html + footer_html
            else:
                rest += footer_html + frame_html
            html = self.page_html(own_html, rest)
        return self._mime(mid, subject, text, html, attachment, when, frame)

    def _charset(self, text: str) -> str:
        c, w = self.client, self.w
        if c == "notes":
            if w in ("pl", "cz"):
                return self.rng.choice(["windows-1250", "windows-1250", "iso-8859-2"])
            return "us-ascii" if text.translate(TYPOGRAPHIC).isascii() else "iso-8859-1"
        if c == "squirrelmail":
            return "iso-8859-2" if w in ("pl", "cz") else pick_charset(text, ["us-ascii", "iso-8859-1"])
        if c == "mutt":
            return pick_charset(text, ["us-ascii", "iso-8859-15", "utf-8"])
        return "utf-8"

    def _cte(self, charset: str, ascii_only: bool) -> str:
        rng = self.rng
        if charset == "us-ascii":
            return "7bit"
        choices = {"notes": ["quoted-printable", "quoted-printable", "base64"], "squirrelmail": ["8bit"],
                   "mutt": ["8bit", "quoted-printable"], "roundcube": ["quoted-printable", "8bit"],
                   "horde": ["8bit", "quoted-printable"], "zimbra": ["quoted-printable", "7bit"],
                   "evolution": ["8bit", "quoted-printable"], "outlook_mac": ["quoted-printable", "base64"],
                   "yahoo": ["quoted-printable", "base64", "7bit"], "proton": ["base64", "quoted-printable"],
                   "zoho": ["7bit", "quoted-printable"], "fastmail": ["quoted-printable", "7bit"],
                   "spark": ["quoted-printable", "8bit", "base64"]}[self.client]
        cte = rng.choice(choices)
        if cte == "7bit" and not ascii_only:
            cte = "quoted-printable"
        return cte

    # --- MIME -------------------------------------------------------------------------------------------------

    def _mime(self, mid, subject, text, html, attachment, when, frame):
        rng, c = self.rng, self.client
        charset = self._charset(text + (html or ""))
        text = fit(text, charset)
        html = fit(html, charset) if html is not None else None
        cte = self._cte(charset, text.isascii() and (html is None or html.isascii()))
        params, body = None, text
        if c == "squirrelmail":
            body = hard_wrap(text, 76)
        elif c == "notes":
            body = hard_wrap(text, 75)
        elif c == "horde" or c in ("roundcube", "evolution") and html is None or c == "mutt" and self.w == "dev" \
                and rng.random() < 0.5:
            body = flowed(text, delsp=c == "horde")
            params = {"format": "flowed", "delsp": "yes"} if c == "horde" else {"format": "flowed"}
        elif c == "mutt" and self.w == "dev":
            body = hard_wrap(text, 72)  # the editor's textwidth; the NOC's lines go as typed
        msg = EmailMessage()
        self._headers(msg, mid, subject, when, frame)
        sign = c == "proton" and rng.random() < 0.3  # Proton signs mail to outside addresses when asked to
        content = EmailMessage() if sign else msg
        content.set_content(body, charset=charset, cte=cte, params=params,
                            disposition="inline" if c == "mutt" else None)
        if html is not None:
            content.add_alternative(short_lines(html), subtype="html", charset=charset, cte=cte)
        if attachment is not None:
            name, data, maintype, subtype, cs = attachment
            if maintype == "text":
                content.add_attachment(data, subtype=subtype, charset=cs, filename=name)
            else:
                content.add_attachment(data if isinstance(data, bytes) else data.encode("utf-8"), maintype=maintype,
                                       subtype=subtype, filename=name)
        if c == "proton" and rng.random() < 0.5:  # Proton's "attach public key"
            key = armor(rng, "PUBLIC KEY BLOCK", 420)
            content.add_attachment(key.encode(), maintype="application", subtype="pgp-keys",
                                   filename=f"publickey - {self.me['sender']} - 0x{hexes(rng, 8, True)}.asc")
        if sign:
            signed = pgp_signed(rng, content)
            for key, value in signed.items():
                msg[key] = value
            msg.set_payload(signed.get_payload())
            msg.preamble = signed.preamble
        tidy(msg)
        self._boundaries(msg, when)
        return msg.as_bytes(policy=default), text, charset, cte

    def _display(self) -> str:
        me, w = self.me, self.w
        return {"noc": f"Meridian NOC ({me['first']})", "pl": f"{me['name']} | Domeny Polska",
                "cz": f"Hostovna - {me['name']}", "in": self.rng.choice([me["name"], "Sahyadri Support"])
                }.get(w, me["name"])

    def _headers(self, msg, mid, subject, when, frame) -> None:
        rng, c, me = self.rng, self.client, self.me
        host = me["sender"].partition("@")[2]
        msg["From"] = f'"{self._display()}" <{me["sender"]}>'
        msg["To"] = rng.choice([BOT, f'".gov.uk Registry Lock" <{BOT}>', f"<{BOT}>"])
        if self.w in ("corporate", "noc") and rng.random() < 0.3:
            msg["Cc"] = self._colleague()[1]
        msg["Subject"] = subject
        msg["Date"] = format_datetime(when)
        msg["Message-ID"] = message_id(rng, c, host, when, self.w, me["first"])
        topic = re.sub(r"^(Re|Fw|FW|Fwd): ", "", subject)
        if c == "notes":
            ou, org = NOTES_OU.get(me["registrar"], ("HQ", "Org"))
            release, build = rng.choice([("Lotus Notes Release 9.0.1FP10 SHF68 November 02, 2018",
                                          "Release 9.0.1FP10 SHF68|November 02, 2018"),
                                         ("HCL Notes Release 12.0.2FP2 August 10, 2023",
                                          "Release 12.0.2FP2|August 10, 2023")])
            msg["X-Mailer"] = release
            msg["X-KeepSent"] = f"{hexes(rng, 8, True)}:{hexes(rng, 8, True)}-80258A{hexes(rng, 2, True)}:" \
                                f"{hexes(rng, 8, True)}; type=4; name=$KeepSent"
            stamp = when.strftime("%d/%m/%Y %H:%M:%S")
            msg["X-MIMETrack"] = f"Serialize by Router on MAIL01/{ou}/{org}({build}) at {stamp}"
        elif c == "roundcube":
            msg["User-Agent"] = "Roundcube Webmail/1.6.9"
            msg["X-Sender"] = me["sender"]
        elif c == "horde":
            msg["User-Agent"] = "Horde Application Framework 5"
        elif c == "zimbra":
            msg["X-Mailer"] = "Zimbra 10.0.8_GA_4611 (ZimbraWebClient - FF133 (Win)/10.0.8_GA_4611)"
            msg["Thread-Topic"] = topic
            msg["Thread-Index"] = alnums(rng, 28)
        elif c == "squirrelmail":
            msg["User-Agent"] = "SquirrelMail/1.4.23 [SVN]"
            msg["X-Priority"] = "3 (Normal)"
            msg["Importance"] = "Normal"
        elif c == "mutt":
            msg["User-Agent"] = rng.choice(["Mutt/2.2.13 (2024-03-09)", "NeoMutt/20241002"])
        elif c == "evolution":
            msg["X-Mailer"] = "Evolution 3.52.4 (3.52.4-1.fc40)"
        elif c == "outlook_mac":
            msg["User-Agent"] = "Microsoft-MacOutlook/16.91.24111020"
            msg["Thread-Topic"] = topic
            msg["Thread-Index"] = "AQH" + alnums(rng, 25)
        elif c == "yahoo":
            msg["X-Mailer"] = "WebService/1.1.23040 YMailNorrin"
        elif c == "proton":
            msg["X-Pm-Origin"] = "internal"
            msg["X-Pm-Content-Encryption"] = "on-compose"
        elif c == "zoho":
            msg["User-Agent"] = "Zoho Mail"
            msg["X-Mailer"] = "Zoho Mail"
            msg["Importance"] = "Medium"
        elif c == "fastmail":
            msg["User-Agent"] = "Cyrus-JMAP/3.11.0-alpha0-1108-g3a29173c6-fm-20241128.001-g3a29173c"
        elif c == "spark":
            msg["X-Mailer"] = "Spark"
            msg["X-Readdle-Message-ID"] = str(msg["Message-ID"]).strip("<>")

    def _boundaries(self, msg, when) -> None:
        set_boundaries(self.rng, self.client, msg, when)

    # --- thread mails -----------------------------------------------------------------------------------------

    def _thread(self, mid: str, kind: str, target: Mail) -> Mail:
        rng = self.rng
        writer = SENDER_WRITER[target.sender]
        client = target.client
        if kind == "reply":
            said = rng.choice(REPLIES[writer])
            sign = rng.choice({"corporate": ["Regards,", "Kind regards,"], "noc": ["", "-- noc"],
                               "pl": ["Best regards,", ""], "cz": ["S pozdravem,", ""], "ie": ["", "Cheers,"],
                               "in": ["Thanks & Regards,", "Regards,"], "dev": [""]}[writer])
            if sign:
                said += f"\n\n{sign}\n{rng.choice(PEOPLE[writer])[0]}" if sign != "-- noc" else "\n-- noc"
        elif kind == "automatic":
            said = OUT_OF_OFFICE[writer]
        else:
            said = f"delivery to {target.sender} failed"
        charset = _thread_charset(client, writer, said)
        encoding = "7bit" if charset == "us-ascii" else rng.choice(["quoted-printable", "8bit", "base64"])
        sender = target.sender if kind != "bounce" else bounce_sender(client, target.sender)
        return Mail(mid, kind, kind if kind != "reply" else said.split("\n")[0][:24], client, charset, encoding, sender,
                    kind, None, thread_of=target.id, said=said, seed=self.seed)


# --- MIME pieces and the thread mails -----------------------------------------------------------------------------

SENDER_WRITER = {addr: w for w, regs in WRITER_REGISTRARS.items() for _, addrs in regs for addr in addrs} | \
    {addr: w for w, addr in FREEMAIL.items()}


def _thread_charset(client: str, writer: str, text: str) -> str:
    if client == "notes":
        return "windows-1250" if writer in ("pl", "cz") else \
            "us-ascii" if text.translate(TYPOGRAPHIC).isascii() else "iso-8859-1"
    if client == "squirrelmail":
        return "iso-8859-2" if writer in ("pl", "cz") else pick_charset(text, ["us-ascii", "iso-8859-1"])
    if client == "mutt":
        return pick_charset(text, ["us-ascii", "iso-8859-15", "utf-8"])
    return "utf-8"


def thread_mail(mail: Mail, original: bytes | None, ticket_ref: str) -> bytes:
    """A thread mail of this seed as its writer's client makes it, in answer to the bot's mail `original` (its
    acknowledgement to the registrar), or, when the bot sent the registrar nothing, to the ticket named in the
    subject: a reply in the client's quoting, an out-of-office note or a bounce."""
    rng = random.Random(mail.id)
    if original is not None:
        orig = message_from_bytes(original, policy=default)
        subject, msgid = str(orig["Subject"]), str(orig["Message-ID"])
        part = orig.get_body(("plain",))
        quoted = part.get_content().replace("\r\n", "\n").rstrip("\n") if part is not None else ""
    else:
        subject, msgid, quoted = f"[{ticket_ref}] Your request", None, ""
    if mail.kind == "bounce":
        return bounce(rng, mail, subject, msgid, original)
    client = mail.client
    writer = SENDER_WRITER[mail.sender]
    zone = timezone(timedelta(minutes=ZONES[writer]))
    when = datetime(2026, 11, 27, 11, rng.randrange(60), rng.randrange(60), tzinfo=UTC).astimezone(zone)
    first, last, _ = rng.choice(PEOPLE[writer])
    msg = EmailMessage()
    msg["From"] = f'"{first} {last}" <{mail.sender}>'
    msg["To"] = BOT
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = message_id(rng, client, mail.sender.partition("@")[2], when, writer, first)
    threaded = msgid and not (client == "notes" and rng.random() < 0.5)  # older Notes sets neither header
    if threaded:
        msg["In-Reply-To"] = msg["References"] = msgid
    if mail.kind == "automatic":
        if writer == "noc":
            msg["Subject"] = f"[NOC-{rng.randrange(10000, 99999)}] Received: {subject}"
        elif client == "notes":
            ou, org = NOTES_OU.get(next(r for r, a in WRITER_REGISTRARS[writer] if mail.sender in a), ("HQ", "Org"))
            msg["Subject"] = f"{first} {last}/{ou}/{org} is out of the office."
        elif client == "outlook_mac":
            msg["Subject"] = f"Automatic reply: {subject}"
            msg["X-Auto-Response-Suppress"] = "All"
        elif client == "zimbra":
            msg["Subject"] = f"Out of Office: {subject}"
        else:  # a Sieve vacation (RFC 5230)
            msg["Subject"] = f"Auto: {subject}"
        msg["Auto-Submitted"] = "auto-replied"
        charset = _thread_charset(client, writer, mail.said)
        msg.set_content(fit(mail.said, charset) + "\n", charset=charset,
                        cte="7bit" if charset == "us-ascii" else "quoted-printable")
        return msg.as_bytes(policy=default)
    msg["Subject"] = "Re: " + subject
    render = Render(client, writer, rng)
    locale = ("cs" if writer == "cz" else "pl" if writer == "pl" else "en") if client in LOCALE_CLIENTS else "en"
    head = Head(".gov.uk Registry Lock", BOT, mail.sender, datetime(2026, 11, 27, 10, 4, tzinfo=UTC).astimezone(zone),
                 subject)
    said = mail.said + ("\n\nSent with Proton Mail secure email." if client == "proton" else "")
    quote = quote_plain(client, locale, head, quoted, rng.choice(["star", "default"]))
    bottom = client == "mutt" or client == "evolution" and rng.random() < 0.4
    text = (f"{quote}\n\n{said}\n" if bottom else f"{said}\n\n{quote}\n") if quoted else f"{said}\n"
    html = None
    if client not in PLAIN_ONLY and not (client in ("roundcube", "evolution") and rng.random() < 0.7):
        own = render.para_html(mail.said.split("\n"))
        rest = render.sig_html("") if client == "proton" else ""
        if quoted:
            rest += quoted_html(client, locale, head, render.para_html(quoted.split("\n"), gap=False), "original",
                              reply=True)
        html = render.page_html(own, rest)
    charset = _thread_charset(client, writer, text + (html or ""))
    cte = "7bit" if charset == "us-ascii" else mail.encoding if mail.encoding != "7bit" else "quoted-printable"
    text = fit(text, charset)
    params = None
    if client == "horde" or client in ("roundcube", "evolution") and html is None:
        text = flowed(text, delsp=client == "horde")
        params = {"format": "flowed", "delsp": "yes"} if client == "horde" else {"format": "flowed"}
    elif client in ("squirrelmail", "notes"):
        text = hard_wrap(text, 76)
    msg.set_content(text, charset=charset, cte=cte, params=params, disposition="inline" if client == "mutt" else None)
    if html is not None:
        msg.add_alternative(short_lines(fit(html, charset)), subtype="html", charset=charset, cte=cte)
    tidy(msg)
    set_boundaries(rng, client, msg, when)
    return msg.as_bytes(policy=default)
