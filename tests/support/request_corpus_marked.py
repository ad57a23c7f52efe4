"""Seed 23 of the request corpus: mail from inside government and its security culture, as registrars pass it on.

Imitates what reaches the registry when the registrant is a public body with a security team and a change board,
and its registrar sends the request on: a registrar's short note above the customer's own words, pasted, quoted
with "> " or under Outlook's "From:/Sent:" block, or the customer's signed mail forwarded as an attachment so
that its signature can be checked. The customers are Welsh bodies writing in Welsh and English (Welsh first or
English first, both stating the same change, Welsh labels such as "Gweinyddion enwau newydd" and "Gweinyddion
enwau presennol"), Scottish and Northern Irish bodies, and central government's smaller offices. Their mail
carries protective markings ("OFFICIAL", "OFFICIAL-SENSITIVE", "SWYDDOGOL" at the top and bottom, in the subject
and in classification headers), "[EXTERNAL]" and "CAUTION: This email originated from outside the organisation"
banners, every URL rewritten by Microsoft Safe Links, Mimecast or Proofpoint (and name servers that a client
turned into links, rewritten with them), PGP clear-signed bodies with their dash-escaped lines and signature
block, PGP/MIME and S/MIME signed mails (multipart/signed with an application/pkcs7-signature part), long legal
disclaimers and the old secure-intranet scanning footers, mailing-list headers and subject tags ("[dns-team]")
and a list's footer part, and change advisory board approvals quoted in the request.

Every layout of the corpus comes in these people's manner: prose in one language or two, forms with bilingual
labels, a label and a list, current and new lists, tables, add/remove tables, the registrar's portal export,
"replace X with Y" ("Rhowch X yn lle Y"), an EPP command the registrar could not send or a dig paste, a CSV
attachment with its marking rows, several domains at once (a Welsh body's English and Welsh named domains), and
DS records in one line or split fields, added beside the current one, replaced, or removed to go unsigned.

Organisations are this seed's own (domains ending in "-mk"). One request in 40 is ambiguous on purpose, each in a
way of its own (the Welsh and English versions disagree, a value redacted by a leak-prevention tool, a correction
below the signed part, the attachment with the values stripped by a gateway, a change board that approved other
servers, one server left, a registrar's "add" over the customer's "replace"). Thread mails are these people's
replies, out-of-office notes in two languages, and bounces.
"""

from __future__ import annotations

import base64
import random
import re
import unicodedata
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from html import escape
from urllib.parse import quote

from tests.support.request_corpus import (
    BOT,
    CLIENTS,
    DATE,
    PREFIXES,
    REGISTRARS,
    TICKET_SENDER,
    ZONE,
    DomainAsk,
    Generator,
    Mail,
    _ds,
    _fit,
    _html_blocks,
    _plain,
    _provider_set,
)

# --- who writes ------------------------------------------------------------------------------------------------

WALES = ["aberaeron", "llandeilo", "machynlleth", "llanidloes", "crickhowell", "tregaron", "beddgelert",
         "llangollen", "porthmadog", "aberteifi", "llanrwst", "bala", "dolgellau", "pwllheli", "criccieth",
         "llandovery", "lampeter", "newcastle-emlyn", "narberth", "tenby", "cowbridge", "llantrisant", "abergele",
         "ruthin", "denbigh", "corwen", "rhayader", "presteigne", "knighton", "builth", "talgarth", "hay",
         "abergavenny", "caerleon", "usk", "chepstow", "blaenau", "harlech", "barmouth", "llanfyllin"]
WALES_KINDS = [("-tc", "Cyngor Tref {0} / {0} Town Council", "cyngor-tref-{0}"),
               ("-cc", "Cyngor Cymuned {0} / {0} Community Council", "cyngor-cymuned-{0}"),
               ("-bgc", "Bwrdd Gwasanaethau Cyhoeddus {0} / {0} Public Services Board", "bgc-{0}"),
               ("-amg", "Amgueddfa {0} / {0} Museum Service", "amgueddfa-{0}")]
SCOTLAND = ["dunoon", "portree", "stornoway", "kirkwall", "lerwick", "oban", "peebles", "forfar", "dingwall",
            "nairn", "thurso", "wick", "brechin", "crieff", "pitlochry", "dunblane", "girvan", "stranraer", "lanark",
            "hawick", "selkirk", "kelso", "huntly", "turriff", "ellon", "banff", "buckie", "tain", "ullapool",
            "campbeltown"]
SCOTLAND_KINDS = [("-hscp", "{0} Health and Social Care Partnership"), ("-ccl", "{0} Community Council"),
                  ("-lb", "{0} Licensing Board"), ("-vjb", "{0} Valuation Joint Board")]
NI = ["ballymena", "enniskillen", "omagh", "coleraine", "strabane", "banbridge", "larne", "dungannon", "newry",
      "limavady", "cookstown", "magherafelt", "ballycastle", "portadown", "lurgan", "downpatrick", "carrickfergus",
      "antrim", "holywood", "armagh", "lisburn", "newtownards", "ballymoney", "kilkeel", "portrush"]
NI_KINDS = [("-hsct", "{0} Health and Social Care Trust"), ("-dcn", "{0} District Council (NI)"),
            ("-ha", "{0} Harbour Authority"), ("-eab", "{0} Education Authority Board")]
CENTRAL = [
    ("waterways-safety", "Inland Waterways Safety Office"),
    ("rural-payments-review", "Rural Payments Review Agency"),
    ("heritage-lottery-audit", "Heritage Grants Audit Office"),
    ("coastal-survey", "Coastal Survey Agency"),
    ("tribunal-records", "Tribunal Records Service"),
    ("weights-standards", "Office for Weights and Standards"),
    ("seed-certification", "Seed Certification Authority"),
    ("pension-appeals", "Pension Appeals Commission"),
    ("fisheries-licensing", "Fisheries Licensing Directorate"),
    ("civil-contingencies-north", "Northern Civil Contingencies Unit"),
    ("public-art-collection", "Government Art Loans Office"),
    ("land-registry-wales", "Land Records Wales"),
    ("radio-spectrum-audit", "Spectrum Audit Office"),
    ("road-haulage-permits", "Road Haulage Permits Office"),
    ("chemical-notifications", "Chemical Notifications Agency"),
    ("boundary-review-ni", "Boundary Review Office (NI)"),
    ("veterans-records", "Veterans' Records Office"),
    ("marine-consents", "Marine Consents Unit"),
    ("insolvency-records", "Insolvency Records Office"),
    ("plant-health-inspect", "Plant Health Inspectorate"),
    ("coroners-training", "Coroners' Training Board"),
    ("apprenticeship-assess", "Apprenticeship Assessment Office"),
    ("open-data-standards", "Open Standards Board"),
    ("vehicle-recall", "Vehicle Recall Office"),
    ("explosives-licensing", "Explosives Licensing Unit"),
    ("census-archive", "Census Archive Service"),
    ("national-forest-grants", "Forest Grants Office"),
    ("nuclear-decom-records", "Decommissioning Records Office"),
    ("school-funding-review", "School Funding Review Unit"),
    ("student-loans-appeals", "Student Finance Appeals Panel"),
]
PEOPLE = {
    "wales": [("Ffion", "ap Dafydd"), ("Rhodri", "Pugh"), ("Carys", "Llwyd"), ("Dyfrig", "Morgan"),
              ("Elin", "Rhys"), ("Gethin", "Prys"), ("Siwan", "Hughes"), ("Iwan", "Bowen")],
    "scotland": [("Morag", "Sinclair"), ("Iain", "MacAulay"), ("Kirsty", "Rennie"), ("Euan", "Fraser"),
                 ("Ailsa", "Munro"), ("Calum", "MacRae")],
    "ni": [("Ciar\u00e1n", "McAleese"), ("Siobhan", "Doherty"), ("Gareth", "Irwin"), ("Orla", "McCann"),
           ("Niall", "Quinn"), ("Roisin", "Devlin")],
    "central": [("Priya", "Nair"), ("James", "Whitfield"), ("Adaeze", "Okonkwo"), ("Helen", "Marsh"),
                ("Tom", "Ellery"), ("Farah", "Siddiqui")],
}
ROLES = {
    "wales": ["Uwch Beiriannydd Rhwydwaith / Senior Network Engineer", "Rheolwr TGCh / ICT Manager",
              "Arweinydd Seiberddiogelwch / Cyber Security Lead", "Clerc a Swyddog Ariannol / Clerk and RFO"],
    "scotland": ["Infrastructure Team Leader", "Cyber Resilience Officer", "Digital Services Manager",
                 "Technical Architect"],
    "ni": ["ICT Infrastructure Manager", "Senior Network Analyst", "Information Security Officer",
           "Head of Digital Services"],
    "central": ["DNS and Certificates Service Owner", "Senior Platform Engineer", "Head of Infrastructure",
                "Cyber Security Architect", "Technical Service Manager"],
}
REG_PEOPLE = ["Aisha Khan", "Tom Fletcher", "Gareth Jones", "Siobh\u00e1n O'Neill", "Megan Pryce", "Domains Team",
              "Public Sector Desk", "Llinos Evans"]
REG_ROLES = ["Public Sector Account Manager", "Domain Services", "Registrar Operations", "Government Desk",
             "Technical Support - Domains"]

# The name servers public bodies move between: the usual hosts, and networks of their own.
_GOV_SETS = [["ns1.psbawales.example.net", "ns2.psbawales.example.net", "ns3.psbawales.example.net"],
             ["dns1.swan-scot.example.net", "dns2.swan-scot.example.net"],
             ["ns1.hscni-dns.example.net", "ns2.hscni-dns.example.net"],
             ["ns-a.crown-dns.example", "ns-b.crown-dns.example", "ns-c.crown-dns.example"],
             ["auth1.shared-dns.example.gov.uk", "auth2.shared-dns.example.gov.uk"],
             ["ns0.janet-dns.example.net", "ns1.janet-dns.example.net", "ns2.janet-dns.example.net"]]

CLIENTS_HERE = CLIENTS + ("outlook_smime", "thunderbird_pgp", "pgp_mime", "owa")
FLAVOUR = {"outlook": "outlook", "outlook_smime": "outlook", "owa": "outlook", "gmail": "gmail",
           "apple_mail": "apple_mail", "html_only": "html_only"}  # the HTML each client writes; others none

# --- the words of security culture ------------------------------------------------------------------------------

MARKINGS = ["OFFICIAL", "OFFICIAL", "OFFICIAL", "OFFICIAL-SENSITIVE", "OFFICIAL - SENSITIVE", "OFFICIAL SENSITIVE",
            "OFFICIAL-SENSITIVE: COMMERCIAL", "Classification: OFFICIAL", "Sensitivity: OFFICIAL"]
BANNERS = [
    "CAUTION: This email originated from outside the organisation. Do not click links or open attachments unless "
    "you recognise the sender and know the content is safe.",
    "[EXTERNAL] This message came from an external sender. Be careful with links and attachments.",
    "You don't often get email from {sender}. Learn why this is important <https://aka.ms/LearnAboutSenderIdentification>",
    "WARNING: This email originated outside of the organisation. DO NOT CLICK links or attachments unless you "
    "recognise the sender and know the content is safe.",
    "RHYBUDD: Daeth yr e-bost hwn o'r tu allan i'r sefydliad. Peidiwch \u00e2 chlicio ar ddolenni oni bai eich bod "
    "yn adnabod yr anfonwr.\nWARNING: This email came from outside the organisation. Do not click links unless you "
    "recognise the sender.",
    "*** This email has come from an external source. Think before you click. ***",
]
DISCLAIMERS = {
    "wales": [
        "Croesewir gohebiaeth yn Gymraeg. Ni fydd gohebu yn Gymraeg yn arwain at oedi.\nWe welcome correspondence in "
        "Welsh. Corresponding in Welsh will not lead to a delay.",
        "Mae'r e-bost hwn ac unrhyw atodiadau yn gyfrinachol ac wedi'u bwriadu ar gyfer y derbynnydd yn unig. Os "
        "ydych wedi'i dderbyn trwy gamgymeriad, rhowch wybod i'r anfonwr a'i ddileu.\nThis email and any attachments "
        "are confidential and intended for the recipient only. If you have received it in error, please tell the "
        "sender and delete it.",
    ],
    "scotland": [
        "This e-mail (and any files or other attachments sent with it) is intended only for the addressee(s). "
        "Unauthorised use, disclosure, storage, copying or distribution of any part of it is not permitted. If you "
        "are not the intended recipient please destroy the email, remove any copies from your system and tell the "
        "sender at once by return. Communications with the Partnership may be monitored or recorded to secure the "
        "effective operation of the system and for other lawful purposes. The views expressed are not necessarily "
        "those of the Partnership.",
        "Please consider the environment before printing this email. Gu taing / Thank you.",
    ],
    "ni": [
        "The information in this email is confidential and may be legally privileged. It is intended solely for the "
        "addressee. Access to this email by anyone else is unauthorised. If you are not the intended recipient, any "
        "disclosure, copying, distribution or any action taken or omitted to be taken in reliance on it is "
        "prohibited and may be unlawful. Email sent or received by the Trust may be subject to the Freedom of "
        "Information Act 2000 and monitored for security purposes.",
    ],
    "central": [
        "This email and any files transmitted with it are private and intended solely for the use of the individual "
        "or entity to whom they are addressed. If you have received this email in error please return it to the "
        "address it came from telling them it is not for you and then delete it from your system. This email "
        "message has been swept for computer viruses.\n\nCorrespondence with this office may be subject to the "
        "Freedom of Information Act 2000 and may be disclosed on request.",
        "The original of this email was scanned for viruses by the Government Secure Network anti-virus service "
        "supplied by a commercial partner. On leaving the network this email was certified virus free.\n"
        "Communications via the network may be automatically logged, monitored and/or recorded for legal purposes.",
    ],
}
REG_DISCLAIMERS = [
    "",
    "This email and any attachments are confidential and intended solely for the addressee. If you have received it "
    "in error please notify the sender and delete it.",
    "We are certified to ISO 27001 and Cyber Essentials Plus. Please report any suspicious email to our security "
    "team.",
    "",
]
CAB_LINES = [
    "CAB approval: {chg} - approved at the Change Advisory Board on 24/11/2026 (Normal change, low risk).",
    "This change has been approved by CAB (ref {chg}) and the Technical Design Authority.",
    "Change reference {chg} - approved by the Emergency CAB on 26/11/2026. Implementation window: Sat 28/11 "
    "08:00-12:00.",
    "Cymeradwywyd gan y Bwrdd Cynghori ar Newid (CAB), cyf. {chg}. / Approved by the Change Advisory Board, ref. "
    "{chg}.",
    "Approved by: Head of Digital Infrastructure (CAB minute {chg}, 25 November 2026).",
]
REG_NOTES = [
    "Please see below from our customer and action. We have verified the request with their registered security "
    "contact.",
    "Forwarding our customer's request for {d}. Their message was signed; I've left it exactly as it came.",
    "Our customer {org} has asked us to pass the following on to you. Let us know if you need anything else.",
    "As discussed on the phone this morning - {org}'s request below.",
    "Please process the change below for {d}. The customer's CAB approval is included in their email.",
    "Hi team, one for Registry Lock. Customer's words pasted below, verified by call-back to their named contact.",
    "Request below from {org}'s ICT team, received via our public sector desk. Please action.",
    "Could you action the request below please? We have confirmed it with the registrant.",
]
ATTACHED_NOTES = [
    "The customer's original email is attached (forwarded as an attachment so the signature stays intact). Please "
    "action the change it asks for on {d}.",
    "Please find {org}'s signed request attached. We have checked the signature against the certificate we hold.",
    "Attached: the registrant's request for {d}, as received. Could you process it please?",
]

REPLIES = [
    "OFFICIAL\n\nYes, please proceed. This is as approved by our change board.\n\nOFFICIAL",
    "Diolch yn fawr. / Thank you very much.",
    "Confirmed - the customer's CAB approved it on Tuesday. Go ahead.",
    "Thank you. I have updated our change record and the customer knows to expect your call.",
    "Yes that's correct, as per the customer's signed request.",
    "Cadarnhawyd / Confirmed. Diolch.",
    "Thanks for the quick response. The customer has confirmed by phone as well.",
    "Received, thank you. No further action needed from us.",
    "Correct. Please go ahead with the change as requested.",
    "Thank you - I've passed this on to the customer's security team.",
]
SIGN_OFFS = ["", "Cofion,", "Kind regards,", "Regards,", "Many thanks,", "Diolch,"]
AUTO_REPLIES = [
    "Diolch am eich e-bost. Rydw i allan o'r swyddfa tan ddydd Llun 30 Tachwedd.\n\nThank you for your email. I am "
    "out of the office until Monday 30 November.",
    "Thank you for contacting the Public Sector Desk. Your message has been logged and will be dealt with in turn. "
    "Please do not send sensitive information by email.",
    "I am on leave until Wednesday 2 December. For urgent domain matters please contact the duty engineer through "
    "the service desk.",
    "OFFICIAL\n\nThis mailbox is monitored between 09:00 and 17:00 Monday to Friday. Your email has been received.",
    "Rwyf ar wyliau blynyddol tan 7 Rhagfyr. / I am on annual leave until 7 December.",
]


def _cap(place: str) -> str:
    return place.replace("-", " ").title()


def _join(rng: random.Random, values: list[str], welsh: bool = False) -> str:
    """Servers in a sentence, joined as a writer in either language joins them."""
    if len(values) == 1:
        return values[0]
    if welsh:
        last = values[-1]
        return ", ".join(values[:-1]) + (" ac " if last[0].lower() in "aeiou" else " a ") + last
    style = rng.randrange(3)
    if style == 0:
        return ", ".join(values)
    return ", ".join(values[:-1]) + " and " + values[-1]


def _hexes(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def _letters(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") for _ in range(n))


def _pgp_signature(rng: random.Random) -> str:
    blob = base64.b64encode(rng.randbytes(180)).decode()
    lines = [blob[i:i + 64] for i in range(0, len(blob), 64)]
    crc = base64.b64encode(rng.randbytes(3)).decode()
    return "-----BEGIN PGP SIGNATURE-----\n\n" + "\n".join(lines) + f"\n={crc}\n-----END PGP SIGNATURE-----"


def clearsign(rng: random.Random, text: str) -> str:
    """Text as a PGP clear-signed message (RFC 4880, 7.1): lines that start with a dash are dash-escaped."""
    body = "\n".join("- " + line if line.startswith("-") or line.startswith("From ") else line
                     for line in text.rstrip("\n").split("\n"))
    return (f"-----BEGIN PGP SIGNED MESSAGE-----\nHash: {rng.choice(['SHA256', 'SHA512', 'SHA256'])}\n\n{body}\n"
            + _pgp_signature(rng) + "\n")


class Gateway:
    """A mail gateway that rewrites every URL it sees (Safe Links, Mimecast, Proofpoint), as one gateway does."""

    def __init__(self, rng: random.Random, kind: str):
        self.rng, self.kind = rng, kind

    def wrap(self, url: str) -> str:
        rng = self.rng
        if self.kind == "safelinks":
            region = rng.choice(["eur01", "eur02", "eur03", "gbr01"])
            return (f"https://{region}.safelinks.protection.outlook.com/?url={quote(url, safe='')}&data=05%7C02%7C"
                    f"%7C{_hexes(rng, 32)}%7C{_hexes(rng, 32)}%7C0%7C0%7C638{rng.randrange(10**14, 10**15)}%7C"
                    f"Unknown%7CTWFpbGZsb3d8eyJWIjoiMC4wLjAwMDAiLCJQIjoiV2luMzIiLCJBTiI6Ik1haWwifQ%3D%3D%7C0%7C%7C%7C"
                    f"&sdata={_letters(rng, 43)}%3D&reserved=0")
        if self.kind == "mimecast":
            host = url.split("//", 1)[-1].split("/", 1)[0]
            return f"https://protect-eu.mimecast.com/s/{_letters(rng, 16)}?domain={host}"
        if self.kind == "proofpoint_v2":
            coded = url.replace("://", "-3A__").replace("/", "_")
            return (f"https://urldefense.proofpoint.com/v2/url?u={coded}&d=DwMFAg&c={_letters(rng, 22)}&r="
                    f"{_letters(rng, 43)}&m={_letters(rng, 43)}&s={_letters(rng, 43)}&e=")
        return f"https://urldefense.com/v3/__{url}__;!!{_letters(rng, 12)}!{_letters(rng, 40)}$"

    def plain(self, text: str) -> str:
        def one(m):
            url = m.group(0)
            tail = ""
            while url and url[-1] in ".,;:)":
                url, tail = url[:-1], url[-1] + tail
            return self.wrap(url) + tail
        return re.sub(r"https?://[^\s<>\"']+", one, text)

    def html(self, text: str) -> str:
        return re.sub(r'href="([^"]+)"', lambda m: f'href="{escape(self.wrap(m.group(1)), quote=True)}"', text)


def _autolink_plain(text: str, hosts: list[str]) -> str:
    """Outlook's plain text of links it made of host names: 'ns1.example.net<http://ns1.example.net/>'."""
    if not hosts:
        return text
    pattern = "|".join(re.escape(h) for h in sorted(hosts, key=len, reverse=True))
    return re.sub(rf"(?<![\w./@-])({pattern})(?![\w-]|\.\w)", lambda m: f"{m.group(1)}<http://{m.group(1)}/>", text)


def _autolink_html(text: str, hosts: list[str]) -> str:
    if not hosts:
        return text
    pattern = "|".join(re.escape(h) for h in sorted(hosts, key=len, reverse=True))
    return re.sub(rf"(?<![\w./@\"-])({pattern})(?![\w-]|\.\w)",
                  lambda m: f'<a href="http://{m.group(1)}/">{m.group(1)}</a>', text)


class MarkedGenerator(Generator):
    clients = CLIENTS_HERE

    def __init__(self, part: str, seed: int):
        super().__init__(part, seed)
        self.prefix = PREFIXES[seed]
        names, self.nation, self.welsh_name = [], {}, {}
        for place in WALES:
            for suffix, org, cy in WALES_KINDS:
                name = org.format(_cap(place))
                names.append((f"{place}{suffix}-mk", name))
                self.nation[name], self.welsh_name[name] = "wales", cy.format(place) + "-mk"
        for places, kinds, nation in ((SCOTLAND, SCOTLAND_KINDS, "scotland"), (NI, NI_KINDS, "ni")):
            for place in places:
                for suffix, org in kinds:
                    name = org.format(_cap(place))
                    names.append((f"{place}{suffix}-mk", name))
                    self.nation[name] = nation
        for label, name in CENTRAL:
            names.append((f"{label}-mk", name))
            self.nation[name] = "central"
        self.rng.shuffle(names)
        self.free_names = names
        self.ambiguous_made = 0
        self.voice, self.cy, self.cy_first, self.org_nation = "customer", False, True, "central"
        self.customer: dict = {}

    # --- the registry file --------------------------------------------------------------------------------------

    def _provider(self, domain: str) -> list[str]:
        rng = self.rng
        r = rng.random()
        if r < 0.45:
            return _provider_set(rng, domain)
        if r < 0.6:
            return [f"ns{i}.{domain}" for i in rng.choice([(1, 2), (0, 1), (1, 2, 3)])]
        return list(rng.choice(_GOV_SETS))

    def _domains(self, registrar: str, count: int) -> list[DomainAsk]:
        rng = self.rng
        base, org = self.free_names.pop()
        stem = base[:-len("-mk")]
        names = [base]
        extras = ["intranet", "careers", "consult", "secure", "data", "mail"]
        if org in self.welsh_name:
            names.append(self.welsh_name[org])
        names += [f"{stem}-{x}-mk" for x in rng.sample(extras, 3)]
        names = names[:count]
        contacts = [{"role": "security", "email": f"cyber@{base}.gov.uk",
                     "phone": f"+44 29 2018 {rng.randrange(1000, 9999)}", "name": f"{org} Cyber Security"},
                    {"role": "technical", "email": f"ict-infrastructure@{base}.gov.uk"},
                    {"role": "notify", "email": f"dns-team@{base}.gov.uk"}]
        domains, asks = [], []
        for name in names:
            domain = f"{name}.{ZONE}"
            ns = self._provider(domain)[:rng.choice([2, 2, 2, 3, 4])]
            ds = [_ds(rng)] if rng.random() < 0.4 else []
            domains.append({"name": domain, "locked": True, "registrar": registrar, "registrant": org,
                            "nameservers": ns, "ds": ds, "whois_contacts": [f"hostmaster@{base}.gov.uk"]})
            asks.append(DomainAsk(domain, org, list(ns), list(ds)))
        self.organisations[org] = {"name": org, "contacts": contacts, "domains": domains}
        return asks

    # --- what is asked ------------------------------------------------------------------------------------------

    def _new_set(self, ask: DomainAsk) -> list[str]:
        while True:
            new = self._provider(ask.domain)[:self.rng.choice([2, 2, 3, 4])]
            if len(new) >= 2 and sorted(new) != sorted(ask.current_ns):
                ask.new_ns = new
                return new

    def _fresh(self, ask: DomainAsk, n: int, avoid=()) -> list[str]:
        while True:
            new = self._provider(ask.domain)
            if not set(new) & (set(ask.current_ns) | set(avoid)) and len(new) >= n:
                return new[:n]

    def _changes(self, ask: DomainAsk) -> None:
        """Additions and removals: a move, one more, one fewer, or one swapped."""
        rng, cur = self.rng, ask.current_ns
        shape = rng.randrange(4)
        if shape == 0 or shape == 2 and len(cur) < 3:
            ask.remove_ns, ask.add_ns = list(cur), self._fresh(ask, rng.choice([2, 2, 3]))
        elif shape == 1:
            ask.add_ns = self._fresh(ask, 1)
        elif shape == 2:
            ask.remove_ns = [rng.choice(cur)]
        else:
            ask.remove_ns, ask.add_ns = [rng.choice(cur)], self._fresh(ask, 1)

    # --- the pieces of a mail -----------------------------------------------------------------------------------

    def _chg(self) -> str:
        rng = self.rng
        return rng.choice([f"CHG{rng.randrange(10000, 99999):07d}", f"RFC-2026-{rng.randrange(100, 999)}",
                           f"CR{rng.randrange(1000, 9999)}", f"C-{rng.randrange(10000, 99999)}"])

    def _marking(self) -> str:
        if self.cy and self.rng.random() < 0.6:
            return self.rng.choice(["SWYDDOGOL / OFFICIAL", "OFFICIAL / SWYDDOGOL", "SWYDDOGOL-SENSITIF / "
                                    "OFFICIAL-SENSITIVE"])
        return self.rng.choice(MARKINGS)

    def _subject(self, asks: list[DomainAsk], what: str = "name server change") -> str:
        rng = self.rng
        names = ", ".join(a.domain for a in asks)
        pick = [f"{what.capitalize()} - {names}", f"{names} - {what}", f"Request: {what} for {names}",
                f"{names} delegation change ({self._chg()})", f"Registry Lock change: {names}",
                f"{names}"]
        if self.cy:
            pick += [f"Newid gweinyddion enwau / Name server change: {names}",
                     f"{names}: newid DNS / DNS change"]
        return rng.choice(pick)

    def _h(self, value: str) -> str:
        """A name server as typed: now and then in capitals or with the root's dot."""
        r = self.rng.random()
        return value.upper() if r < 0.06 else value + "." if r < 0.12 else value

    def _hs(self, values: list[str]) -> list[str]:
        return [self._h(v) for v in values]

    def _style(self) -> str:
        return self.rng.choice(["bullet", "number", "plain", "dash"])

    def _two(self, cy_blocks: list, en_blocks: list) -> list:
        """Both languages, Welsh first or English first, as a bilingual body writes them."""
        sep = self.rng.choice([None, ("p", "---"), ("p", "* * *"), ("p", "English version below / Fersiwn "
                                                                         "Saesneg isod")])
        if sep is not None and sep[1].startswith("English") and not self.cy_first:
            sep = ("p", "Welsh version below / Fersiwn Gymraeg isod")
        first, second = (cy_blocks, en_blocks) if self.cy_first else (en_blocks, cy_blocks)
        return first + ([sep] if sep else []) + second

    # --- layouts: each gives (subject, blocks, attachment) ------------------------------------------------------

    def _w_prose(self, asks):
        rng, a = self.rng, asks[0]
        d, org = a.domain, a.organisation
        new = self._new_set(a)
        listed, cur = _join(rng, new), _join(rng, a.current_ns)
        chg = self._chg()
        if self.cy:
            cy = rng.choice([f"Byddwch cystal \u00e2 newid gweinyddion enwau {d} i {_join(rng, new, True)}.",
                             f"Hoffem symud {d} at ddarparwr DNS newydd. Y gweinyddion enwau newydd yw "
                             f"{_join(rng, new, True)}.",
                             f"A fyddech cystal \u00e2 newid gweinyddion enwau {d} o {_join(rng, a.current_ns, True)} "
                             f"i {_join(rng, new, True)}?"])
            en = rng.choice([f"Please change the name servers of {d} to {listed}.",
                             f"We would like to move {d} to a new DNS provider. The new name servers are {listed}.",
                             f"Could you please change the name servers of {d} from {cur} to {listed}?"])
            return self._subject(asks), self._two([("p", cy)], [("p", en)]), None
        text = rng.choice([
            f"As part of the migration of {org}'s services to the new hosting platform, we need the delegation for "
            f"{d} moved to {listed}. The current name servers ({cur}) will be decommissioned after the change.",
            f"Following approval at CAB on 24 November ({chg}), could you please update the name servers for {d} "
            f"from {cur} to {listed}.",
            f"The domain {d} is to be delegated to {listed}. Please treat this information as OFFICIAL-SENSITIVE "
            "and do not forward it outside the registry.",
            f"Please change the name servers for {d} to {listed}. This replaces the existing delegation in full.",
            f"Our security team has asked that {d} be moved onto {listed}, replacing {cur}. The zone has been built "
            "and tested on the new servers.",
            f"I am writing to request a change of name servers for {d}. The new name servers are {listed}. "
            f"The change has been approved under {chg}.",
        ])
        return self._subject(asks), [("p", text)], None

    def _w_form(self, asks):
        rng, a = self.rng, asks[0]
        new = self._hs(self._new_set(a))
        shape = rng.randrange(4)
        if shape == 0 and self.cy:
            pairs = [("Enw parth / Domain name", a.domain)] + \
                    [(f"Gweinydd enwau {i} / Name server {i}", v) for i, v in enumerate(new, 1)]
            if rng.random() < 0.5:
                pairs.append(("DNSSEC", "Dim newid / No change"))
            lead = "Manylion y newid / Details of the change:"
        elif shape in (0, 1):
            pairs = [("Change reference", self._chg()), ("Domain", a.domain), ("Requested by", self._person_line()),
                     ("Approval", rng.choice(["CAB 24/11/2026", "Approved (TDA and CAB)", "Standard change"])),
                     ("New name servers", rng.choice([", ", "; ", " "]).join(new)),
                     ("Protective marking", rng.choice(["OFFICIAL", "OFFICIAL-SENSITIVE"]))]
            lead = rng.choice(["Change details:", "Request form (Annex B) completed below:", ""])
        elif shape == 2:
            pairs = [("Domain name", a.domain)] + [(f"NS{i}", v) for i, v in enumerate(new, 1)] + \
                    [("Reason", rng.choice(["Migration to new DNS service", "Contract change", "Security review"]))]
            lead = "Please make the following change:"
        else:
            pairs = [("Domain", a.domain), ("Current name servers", ", ".join(a.current_ns)),
                     ("Required name servers", ", ".join(new)), ("DS records", "No change"),
                     ("Requested implementation", "28/11/2026 08:00")]
            lead = "Details as below."
        return self._subject(asks), ([("p", lead)] if lead else []) + [("fields", pairs)], None

    def _w_label_list(self, asks):
        rng, a = self.rng, asks[0]
        new = self._hs(self._new_set(a))
        style = self._style()
        if self.cy:
            shape = rng.randrange(3)
            if shape == 0:
                return self._subject(asks), [("p", f"Parth / Domain: {a.domain}"),
                                             ("list", "Gweinyddion enwau newydd / New name servers:", new, style)], None
            cy = [("p", f"Byddwch cystal \u00e2 diweddaru {a.domain} fel a ganlyn."),
                  ("list", "Gweinyddion enwau newydd:", new, style)]
            en = [("p", f"Please update {a.domain} as follows."), ("list", "New name servers:", new, style)]
            return self._subject(asks), self._two(cy, en), None
        label = rng.choice(["New name servers:", "The name servers should be:", "Required delegation:",
                            "Please set the name servers to:", "Name servers (to be set):",
                            "New NS (replacing all existing):"])
        intro = rng.choice([f"Domain: {a.domain}", f"Please update {a.domain} as below.",
                            f"Change for {a.domain}, approved under {self._chg()}."])
        return self._subject(asks), [("p", intro), ("list", label, new, style)], None

    def _w_current_new_lists(self, asks):
        rng, a = self.rng, asks[0]
        new = self._hs(self._new_set(a))
        style = self._style()
        if self.cy:
            labels = rng.choice([("Gweinyddion enwau presennol / Current name servers:",
                                  "Gweinyddion enwau newydd / New name servers:"),
                                 ("Gweinyddion enwau presennol:", "Gweinyddion enwau newydd:")])
            blocks = [("p", f"Parth / Domain: {a.domain}"), ("list", labels[0], list(a.current_ns), style),
                      ("list", labels[1], new, style)]
            if "/" not in labels[0]:
                en = [("list", "Current name servers:", list(a.current_ns), style),
                      ("list", "New name servers:", new, style)]
                blocks = [blocks[0]] + self._two(blocks[1:], en)
            return self._subject(asks), blocks, None
        cur_label, new_label = rng.choice([("Current name servers:", "New name servers:"),
                                           ("As-is:", "To-be:"), ("Existing delegation:", "Required delegation:"),
                                           ("Current (to be removed):", "New (to be added):"),
                                           ("FROM:", "TO:")])
        blocks = [("list", cur_label, list(a.current_ns), style), ("list", new_label, new, style)]
        if rng.random() < 0.25:
            blocks.reverse()
        return self._subject(asks), [("p", f"Please update the name servers for {a.domain}.")] + blocks, None

    def _w_current_new_table(self, asks):
        rng, a = self.rng, asks[0]
        new = self._hs(self._new_set(a))
        heads = [["Current", "New"], ["Existing delegation", "Required delegation"], ["As-is", "To-be"],
                 ["Current name servers", "New name servers"]]
        if self.cy:
            heads += [["Presennol / Current", "Newydd / New"], ["Gweinyddion enwau presennol",
                                                                "Gweinyddion enwau newydd"]]
        header = rng.choice(heads)
        n = max(len(new), len(a.current_ns))
        rows = [[a.current_ns[i] if i < len(a.current_ns) else "", new[i] if i < len(new) else ""] for i in range(n)]
        if rng.random() < 0.25:
            header, rows = header[::-1], [r[::-1] for r in rows]
        lead = rng.choice([f"Name server change for {a.domain}:", f"{a.domain} - delegation change as below.",
                           f"Newid ar gyfer / Change for {a.domain}:" if self.cy else f"Domain: {a.domain}"])
        return self._subject(asks), [("p", lead), ("table", header, rows, rng.choice(["html", "aligned",
                                                                                         "markdown"]))], None

    def _w_add_remove_table(self, asks):
        rng, a = self.rng, asks[0]
        self._changes(a)
        add, rem = rng.choice([("Add", "Remove"), ("ADD", "REMOVE"), ("Add", "Delete")] +
                              ([("Ychwanegu / Add", "Dileu / Remove"), ("Ychwanegu", "Dileu")] if self.cy else []))
        rows = [[a.domain, rem, self._h(v)] for v in a.remove_ns] + [[a.domain, add, self._h(v)] for v in a.add_ns]
        if rng.random() < 0.3:
            rows = rows[len(a.remove_ns):] + rows[:len(a.remove_ns)]
        if self.cy:
            header = rng.choice([["Parth / Domain", "Gweithred / Action", "Gweinydd enwau / Name server"],
                                 ["Parth", "Gweithred", "Gweinydd enwau"]])
        else:
            header = rng.choice([["Domain", "Action", "Name server"], ["Domain", "Change", "Host"], None])
        if rng.random() < 0.3 and header is not None:  # a change plan's step numbers
            header = ["Step"] + header
            rows = [[str(i)] + r for i, r in enumerate(rows, 1)]
        lead = rng.choice(["Implementation plan (registry steps):", "Please action the following changes:",
                           f"Changes for {a.domain}:"])
        return self._subject(asks), [("p", lead), ("table", header, rows, rng.choice(["html", "aligned",
                                                                                       "markdown"]))], None

    def _w_portal(self, asks):
        rng, a = self.rng, asks[0]
        self.voice = "registrar"
        new = self._hs(self._new_set(a))
        person = self._person_line()
        pairs = [("Request type", "Nameserver update (locked domain)"), ("Domain", a.domain),
                 ("Customer", a.organisation), ("Submitted by", f"{person} (verified, 2FA)"),
                 ("Protective marking", rng.choice(["OFFICIAL", "OFFICIAL-SENSITIVE", "Not marked"])),
                 ("Customer change ref", self._chg())]
        if rng.random() < 0.5:
            pairs += [(f"Current NS {i}", v) for i, v in enumerate(a.current_ns, 1)] + \
                     [(f"Requested NS {i}", v) for i, v in enumerate(new, 1)]
        else:
            pairs += [("Current nameservers", " ".join(a.current_ns)), ("New nameservers", " ".join(new))]
        lead = rng.choice(["The following request was submitted through our public sector portal.",
                           "Portal submission below - customer identity checked against our records.",
                           "Automated export from the registrar control panel:"])
        return self._subject(asks), [("p", lead), ("fields", pairs)], None

    def _w_replace(self, asks):
        rng, a = self.rng, asks[0]
        olds = rng.sample(a.current_ns, rng.choice([1, min(2, len(a.current_ns))]))
        news = self._fresh(a, len(olds))
        a.remove_ns, a.add_ns = list(olds), list(news)
        en_forms = [lambda o, n: f"replace {o} with {n}", lambda o, n: f"change {o} to {n}",
                    lambda o, n: f"swap {o} for {n}"]
        form = rng.choice(en_forms)
        en = f"For {a.domain}, please " + " and ".join(form(o, n) for o, n in zip(olds, news)) + ". " + \
            rng.choice(["The other name servers stay as they are.", "No other change.",
                        "All other records remain unchanged."])
        if self.cy:
            cy = f"Ar gyfer {a.domain}, rhowch " + " a ".join(f"{n} yn lle {o}" for o, n in zip(olds, news)) + \
                ". Ni fydd unrhyw newid arall."
            return self._subject(asks), self._two([("p", cy)], [("p", en)]), None
        if rng.random() < 0.4:
            items = [f"{o} -> {n}" for o, n in zip(olds, news)]
            return self._subject(asks), [("list", f"Replacement for {a.domain} (old -> new):", items, "plain"),
                                         ("p", "The other name servers stay.")], None
        return self._subject(asks), [("p", en)], None

    def _w_epp(self, asks):
        rng, a = self.rng, asks[0]
        d = a.domain
        shape = rng.randrange(3)
        if shape == 0:
            self.voice = "registrar"
            self._changes(a)
            lines = [f"domain:update {d}"] + [f"  ns rem {self._h(v)}" for v in a.remove_ns] + \
                    [f"  ns add {self._h(v)}" for v in a.add_ns]
            lead = rng.choice(["Our EPP update was refused because the domain is locked. Please apply:",
                               "Update we would have sent over EPP (domain locked):"])
            return self._subject(asks), [("p", lead), ("pre", "\n".join(lines))], None
        if shape == 1:
            self._changes(a)
            parts = ['<domain:update xmlns:domain="urn:ietf:params:xml:ns:domain-1.0">', f"  <domain:name>{d}"
                     "</domain:name>"]
            if a.add_ns:
                parts += ["  <domain:add><domain:ns>"] + [f"    <domain:hostObj>{v}</domain:hostObj>"
                                                          for v in a.add_ns] + ["  </domain:ns></domain:add>"]
            if a.remove_ns:
                parts += ["  <domain:rem><domain:ns>"] + [f"    <domain:hostObj>{v}</domain:hostObj>"
                                                          for v in a.remove_ns] + ["  </domain:ns></domain:rem>"]
            parts.append("</domain:update>")
            self.voice = "registrar"
            return self._subject(asks), [("p", "The update below was rejected (clientUpdateProhibited). Please "
                                               "make it for us:"), ("pre", "\n".join(parts))], None
        new = self._new_set(a)
        dig = "\n".join(f"{d}.\t\t86400\tIN\tNS\t{v}." for v in a.current_ns)
        want = "\n".join(f"{d}.\t\t3600\tIN\tNS\t{v}." for v in new)
        return self._subject(asks), [("p", "Current delegation (dig +short NS from the parent):"),
                                     ("pre", f";; ANSWER SECTION:\n{dig}"),
                                     ("p", "Required delegation - please replace the above with:"),
                                     ("pre", want)], None

    def _w_csv(self, asks):
        rng, a = self.rng, asks[0]
        d = a.domain
        marking = rng.choice(["OFFICIAL", "OFFICIAL-SENSITIVE", None])
        if rng.random() < 0.5:
            self._changes(a)
            add, rem = ("Ychwanegu", "Dileu") if self.cy and rng.random() < 0.5 else rng.choice(
                [("add", "remove"), ("ADD", "DELETE")])
            head = "Parth/Domain,Gweithred/Action,Gweinydd enwau/Name server" if self.cy else "domain,action,nameserver"
            rows = [head] + [f"{d},{rem},{self._h(v)}" for v in a.remove_ns] + \
                [f"{d},{add},{self._h(v)}" for v in a.add_ns]
        else:
            new = self._new_set(a)
            rows = ["Domain,Current NS,New NS"] + [
                f"{d if i == 0 else ''},{a.current_ns[i] if i < len(a.current_ns) else ''},"
                f"{new[i] if i < len(new) else ''}" for i in range(max(len(new), len(a.current_ns)))]
        if marking:  # the classification tool's header and footer rows
            rows = [marking, *rows, marking]
        body = rng.choice([f"Please find attached the name server changes for {d}.",
                           f"The change sheet for {d} is attached (approved under {self._chg()}).",
                           f"Atodir y newidiadau ar gyfer {d}. / The changes for {d} are attached." if self.cy else
                           f"Attached: DNS change request for {d}."])
        name = rng.choice([f"{marking or 'UNMARKED'}_{d.split('.')[0]}_ns_change.csv", "dns-change-request.csv",
                           f"CAB-{rng.randrange(100, 999)}-nameservers.csv"])
        return self._subject(asks), [("p", body)], (name, "\r\n".join(rows) + "\r\n", "csv")

    def _w_multi_domain(self, asks):
        rng = self.rng
        org = asks[0].organisation
        shape = rng.randrange(3)
        if shape == 0:  # one set for them all, as bilingual twins share a host
            while True:
                new = self._provider(asks[0].domain)[:rng.choice([2, 3])]
                if len(new) >= 2 and all(sorted(new) != sorted(a.current_ns) for a in asks) and \
                        not any(asks[0].domain in h for h in new):
                    break
            for a in asks:
                a.new_ns = list(new)
            domains = [("list", "", [a.domain for a in asks], "bullet")]
            if self.cy:
                cy = [("p", f"Byddwch cystal \u00e2 newid gweinyddion enwau'r parthau hyn i {_join(rng, new, True)}:")]
                en = [("p", f"Please change the name servers of these domains to {_join(rng, new)}:")]
                return self._subject(asks), self._two(cy + domains, en + domains), None
            return self._subject(asks), [("p", f"All of {org}'s domains below are moving to {_join(rng, new)}:")] + \
                domains, None
        if shape == 1:
            blocks = [("p", f"Please update the name servers for the {len(asks)} domains below.")]
            for a in asks:
                new = self._hs(self._new_set(a))
                label = f"{a.domain} - gweinyddion enwau newydd / new name servers:" if self.cy else f"{a.domain}:"
                blocks.append(("list", label, new, self._style()))
            return self._subject(asks), blocks, None
        news = [self._new_set(a) for a in asks]
        width = max(len(n) for n in news)
        rows = [[a.domain] + self._hs(n) + [""] * (width - len(n)) for a, n in zip(asks, news)]
        header = ["Parth / Domain" if self.cy else "Domain"] + [f"NS{i}" for i in range(1, width + 1)]
        return self._subject(asks), [("p", f"New name servers for {org}'s domains:"),
                                     ("table", header, rows, rng.choice(["html", "aligned"]))], None

    def _w_ds(self, asks):
        rng, a = self.rng, asks[0]
        d = a.domain
        new = _ds(rng)
        tag, alg, dtype, digest = new.split()
        if rng.random() < 0.3:
            digest = digest.lower()
        line = f"{tag} {alg} {dtype} {digest}"
        subject = self._subject(asks, rng.choice(["DS record change", "DNSSEC change"]))
        shape = rng.randrange(6)
        if not a.current_ds and shape in (1, 2):
            shape = rng.choice([0, 3, 4, 5])
        if shape == 2:  # going unsigned
            a.remove_ds = list(a.current_ds)
            en = (f"We are moving {d} to a new DNS provider and must turn DNSSEC off first. Please remove the DS "
                  f"record ({a.current_ds[0].split()[0]}) from {d} so that the domain is unsigned. No other change.")
            if self.cy:
                cy = f"Dilëwch y cofnod DS ar gyfer {d} os gwelwch yn dda; rydym yn diffodd DNSSEC."
                return subject, self._two([("p", cy)], [("p", en)]), None
            return subject, [("p", en)], None
        if shape == 1:  # a rollover: the new key beside the old
            a.add_ds = [new]
            en = f"Please add the following DS record for {d} alongside the existing one (key rollover):"
            blocks = [("p", en), ("pre", line if rng.random() < 0.5 else f"{d}. 3600 IN DS {line}")]
            if self.cy:
                blocks = self._two([("p", f"Ychwanegwch y cofnod DS hwn ar gyfer {d} wrth ochr yr un presennol:"),
                                    ("pre", line)], blocks)
            return subject, blocks, None
        a.new_ds = [new]
        if a.current_ds:
            lead = rng.choice([f"Please replace the DS record for {d} with:",
                               f"New DS for {d} (it replaces the current one):"])
            cy_lead = f"Rhowch y cofnod DS hwn yn lle'r un presennol ar gyfer {d}:"
        else:
            lead = rng.choice([f"Please add this DS record to {d} to enable DNSSEC:",
                               f"We have signed {d}. The DS record to publish is:"])
            cy_lead = f"Cofnod DS newydd ar gyfer {d}:"
        if shape in (0, 1, 2):
            blocks = [("p", lead), ("pre", line if rng.random() < 0.6 else f"{d}. IN DS {line}")]
        elif shape == 3:
            if self.cy:
                fields = [("Tag allwedd / Key tag", tag), ("Algorithm", alg), ("Math o grynodeb / Digest type", dtype),
                          ("Crynodeb / Digest", digest)]
                return subject, [("p", cy_lead + "\n" + lead), ("fields", fields)], None
            fields = [("Key Tag", tag), ("Algorithm", f"{alg} ({'RSASHA256' if alg == '8' else 'ECDSAP256SHA256'})"),
                      ("Digest Type", f"{dtype} ({'SHA-256' if dtype == '2' else 'SHA-384'})"), ("Digest", digest)]
            blocks = [("p", lead), ("fields", fields)]
        elif shape == 4:
            out = f"$ dnssec-dsfromkey -{'2' if dtype == '2' else 'a SHA-384'} K{d}.+{int(alg):03d}+{tag}.key\n" \
                  f"{d}. IN DS {line}"
            blocks = [("p", lead), ("pre", out)]
        else:
            newns = self._hs(self._new_set(a))
            blocks = [("p", f"{d} is moving to a new DNS provider who will sign the zone."),
                      ("list", "New name servers:", newns, self._style()),
                      ("p", "DS record" + (" (replacing the current one):" if a.current_ds else ":")), ("pre", line)]
        if self.cy and shape in (0, 3, 4):
            blocks = self._two([("p", cy_lead), ("pre", line)], blocks)
        return subject, blocks, None

    def _w_ambiguous(self, asks):
        rng, a = self.rng, asks[0]
        d, cur = a.domain, a.current_ns
        other = self._fresh(a, 3)
        shape = self.ambiguous_made % 7
        self.ambiguous_made += 1
        if shape == 0:  # the Welsh and the English disagree
            self.cy, self.cy_first = True, True
            cy = [("p", f"Byddwch cystal \u00e2 newid gweinyddion enwau {d} i {_join(rng, other[:2], True)}.")]
            en = [("p", f"Please change the name servers of {d} to {_join(rng, [other[0], other[2]])}.")]
            return self._subject(asks), self._two(cy, en), None
        if shape == 1:  # a value a leak-prevention tool redacted
            return self._subject(asks), [("p", f"Please update {d} to the following name servers:"),
                                         ("list", "", [other[0], "[REDACTED - OFFICIAL-SENSITIVE]"], "plain"),
                                         ("p", "(Content removed by the data loss prevention policy.)")], None
        if shape == 2:  # the change board approved other servers than the request names
            text = (f"Please change the name servers of {d} to {_join(rng, other[:2])}.\n\nCAB outcome "
                    f"({self._chg()}): APPROVED - delegation of {d} to {_join(rng, [other[0], other[2]])}.")
            return self._subject(asks), [("p", text)], None
        if shape == 3:  # the values were in an attachment the gateway stripped
            return self._subject(asks), [
                ("p", f"Please see the attached for the new name servers for {d}."),
                ("p", "[Attachment removed: nameservers.xlsm - blocked file type. Contact your IT service desk "
                      "if you need this file.]")], None
        if shape == 4:  # a correction below the signed part, unsigned
            self.pgp_tail = f"Correction: the second name server should read {other[2]}, not {other[1]}. " \
                            "Sorry - Dyfrig"
            return self._subject(asks), [("p", f"Please change the name servers of {d} to "
                                               f"{_join(rng, other[:2])}.")], None
        if shape == 5:  # one server left
            gone = [h for h in cur if h != cur[0]]
            text = (f"Following our security review, only {cur[0]} is to remain on {d}. Please remove "
                    f"{_join(rng, gone)}.")
            return self._subject(asks), [("p", text)], None
        self.reg_note = f"Please add the following name servers to {d}:"  # the customer says to replace
        return self._subject(asks), [("p", f"We need {d} moved off {_join(rng, cur)}. Please change to "
                                           f"{_join(rng, other[:2])}.")], None

    # --- the mail around the asks -------------------------------------------------------------------------------

    def _person(self) -> tuple[str, str, str]:
        first, last = self.customer["person"]
        return f"{first} {last}", self.customer["role"], self.customer["email"]

    def _person_line(self) -> str:
        name, _, email = self._person()
        return f"{name} <{email}>"

    def _customer_signature(self, org: str) -> str:
        rng = self.rng
        name, role, email = self._person()
        lines = [name, role, org]
        if self.org_nation == "wales" and rng.random() < 0.5:
            lines.append(f"Ff\u00f4n / Tel: 01970 {rng.randrange(100000, 999999)}")
        else:
            lines.append(f"Tel: 0300 {rng.randrange(100, 999)} {rng.randrange(1000, 9999)}")
        lines.append(email)
        if rng.random() < 0.5:
            lines.append(f"https://www.{self.customer['base']}.gov.uk/")
        if self.org_nation == "wales" and rng.random() < 0.5:
            lines.append("Rwy'n croesawu galwadau yn Gymraeg / I welcome calls in Welsh")
        return "\n".join(lines)

    def _customer_blocks(self, blocks: list, org: str) -> list:
        """The customer's mail: its marking at the top and the bottom, the change, a CAB line, signature and
        disclaimer."""
        rng = self.rng
        marking = self._marking() if rng.random() < 0.7 else ""
        out = [("mark", marking)] if marking else []
        greeting = rng.choice(["Annwyl d\u00eem / Dear team," if self.cy else "Dear colleagues,", "Hi,", "Hello,",
                               "Good morning,", "Bore da / Good morning," if self.cy else "Dear Sir or Madam,", ""])
        if greeting:
            out.append(("p", greeting))
        out += blocks
        if rng.random() < 0.35:
            out.append(("p", rng.choice(CAB_LINES).format(chg=self._chg())))
        thanks = ["Kind regards", "Many thanks,", "Regards,", "Thanks"] + (
            ["Diolch / Thank you", "Cofion / Regards", "Cofion cynnes / Warm regards"] if self.cy else [])
        out.append(("p", rng.choice(thanks) + "\n\n" + self._customer_signature(org)))
        if marking:
            out.append(("mark", marking))
        if rng.random() < 0.8:
            out.append(("p", rng.choice(DISCLAIMERS[self.org_nation])))
        return out

    def request(self, mid: str, layout: str, client: str) -> Mail:
        rng = self.rng
        registrar = rng.choice(REGISTRARS)
        sender = TICKET_SENDER if client == "ticket_system" else rng.choice(
            [e for e in registrar["emails"] if e != TICKET_SENDER])
        if client == "ticket_system":
            registrar = next(r for r in REGISTRARS if TICKET_SENDER in r["emails"])
        asks = self._domains(registrar["name"], rng.choice([2, 2, 3]) if layout == "multi_domain" else 1)
        org = asks[0].organisation
        self.org_nation = self.nation[org]
        self.cy = self.org_nation == "wales" and rng.random() < 0.75
        self.cy_first = rng.random() < 0.65
        first, last = rng.choice(PEOPLE[self.org_nation])
        base = asks[0].domain.partition(".")[0]
        email = f"{first.lower()}.{last.lower().replace(' ', '')}@{base}.gov.uk".replace("\u00e1", "a")
        self.customer = {"person": (first, last), "role": rng.choice(ROLES[self.org_nation]), "email": email,
                         "base": base}
        self.voice, self.pgp_tail, self.reg_note = "customer", None, None
        subject, blocks, attachment = getattr(self, "_w_" + layout)(asks)
        truth = "asked" if layout == "ambiguous" else {a.domain: a.truth() for a in asks}
        charset = rng.choice(("utf-8", "utf-8", "windows-1252", "iso-8859-1", "iso-8859-15"))
        encoding = rng.choice(("quoted-printable", "base64", "8bit"))
        raw, said = self._mail(mid, client, charset, encoding, sender, registrar["name"], subject, blocks,
                               attachment, asks)
        return Mail(mid, "ambiguous" if layout == "ambiguous" else "request", layout, client, charset, encoding,
                    sender, truth, raw, said=said, seed=self.seed)

    def _registrar_signature(self, registrar: str, sender: str) -> tuple[str, str]:
        rng = self.rng
        person = rng.choice(REG_PEOPLE)
        lines = [person, f"{rng.choice(REG_ROLES)} | {registrar}",
                 f"T: 0333 {rng.randrange(100, 999)} {rng.randrange(1000, 9999)}"]
        if rng.random() < 0.6:
            lines.append(f"https://www.{sender.partition('@')[2]}")
        return "\n".join(lines), rng.choice(REG_DISCLAIMERS)

    def _mail(self, mid, client, charset, encoding, sender, registrar, subject, blocks, attachment, asks):
        """The registrar's mail carrying the request, framed as these registrars frame a customer's words."""
        rng = self.rng
        a = asks[0]
        org = a.organisation
        fmt = {"d": " and ".join(x.domain for x in asks), "org": org}
        signature, reg_disclaimer = self._registrar_signature(registrar, sender)
        closing = rng.choice(["Kind regards,", "Many thanks,", "Regards,", "Thanks,", ""])
        customer_subject = subject
        marking = self._marking() if rng.random() < 0.5 else ""
        if marking and rng.random() < 0.6:
            customer_subject = rng.choice([f"{marking}: {subject}", f"[{marking}] {subject}", f"{subject} "
                                           f"[{marking}]"])
        if rng.random() < 0.3:
            customer_subject = f"[dns-team] {customer_subject}"
        frame = "direct" if self.voice == "registrar" else rng.choice(
            ["paste", "paste", "outlook", "outlook", "arrow", "attached", "direct"])
        if self.pgp_tail and frame in ("attached", "direct") or client == "ticket_system" and frame != "direct":
            frame = "paste"
        if self.reg_note and frame == "attached":
            frame = "outlook"
        top, below, inner = [], [], None
        note = self.reg_note or rng.choice(REG_NOTES).format(**fmt)
        opening = rng.choice(["Hi,", "Hello,", "Dear Registry Lock team,", "Good morning,", ""])
        if frame == "direct":
            if marking:
                top.append(("mark", marking))
            if opening:
                top.append(("p", opening))
            if self.voice == "customer":
                top.append(("p", rng.choice([f"On behalf of our customer {org}:", "Please action the following "
                                             "for our customer.", f"Request from {org} below."])))
            top += ([("p", self.reg_note)] if self.reg_note else []) + blocks
            if rng.random() < 0.3:
                top.append(("p", rng.choice(CAB_LINES).format(chg=self._chg())))
            subject_out = customer_subject if marking else subject
        else:
            cblocks = self._customer_blocks(blocks, org)
            name, _, email = self._person()
            if frame == "attached":
                top = ([("p", opening)] if opening else []) + [("p", rng.choice(ATTACHED_NOTES).format(**fmt))]
                inner = self._customer_mail(mid, charset, encoding, customer_subject, cblocks, attachment, asks)
                attachment = None
                subject_out = rng.choice([f"FW: {customer_subject}", f"Signed request for {a.domain}",
                                          customer_subject])
            else:
                top = ([("p", opening)] if opening else []) + [("p", note)]
                pgp = self.pgp_tail is not None or rng.random() < 0.2
                if frame == "paste":
                    head = rng.choice(["Customer's request (pasted as received):", "----- Customer wrote -----",
                                       f"From {name}, {org}:", "Customer's email below:",
                                       f"--- Pasted from the email of {name} ({email}) ---"])
                    below = [("quote", "paste", head, cblocks, pgp)]
                elif frame == "outlook":
                    head = (f"From: {name} <{email}>\nSent: {rng.choice(['26', '27'])} November 2026 "
                            f"{rng.randrange(8, 17):02d}:{rng.randrange(60):02d}\nTo: {sender}\n"
                            + (f"Cc: dns-team@{self.customer['base']}.gov.uk\n" if rng.random() < 0.5 else "")
                            + f"Subject: {customer_subject}")
                    below = [("quote", "outlook", head, cblocks, pgp)]
                else:
                    head = f"On 26 Nov 2026, at {rng.randrange(8, 17):02d}:{rng.randrange(60):02d}, {name} " \
                           f"<{email}> wrote:"
                    below = [("quote", "arrow", head, cblocks, pgp)]
                subject_out = rng.choice([f"FW: {customer_subject}", f"Fwd: {customer_subject}",
                                          f"RE: {customer_subject}", customer_subject, subject])
        return self._compose(mid, client, charset, encoding, sender, registrar, subject_out, top, closing,
                             signature, reg_disclaimer, below, attachment, inner, asks)

    # --- MIME ---------------------------------------------------------------------------------------------------

    def _render_plain(self, client: str, blocks: list, charset: str, quotes: dict | None = None) -> str:
        out = []
        for block in blocks:
            kind = block[0]
            if kind in ("mark", "banner"):
                out.append(block[1])
            elif kind == "quote":
                _, style, head, inner, pgp = block
                text = quotes[id(block)] if pgp else self._render_plain(client, inner, charset)
                if style == "arrow":
                    text = "\n".join("> " + line if line else ">" for line in text.split("\n"))
                    out.append(f"{head}\n{text}")
                elif style == "outlook":
                    rule = self.rng.choice(["________________________________", "-----Original Message-----"])
                    out.append(f"{rule}\n{head}\n\n{text}")
                else:
                    out.append(f"{head}\n\n{text}")
            else:
                out.append(_plain(client, [block], charset))
        return "\n\n".join(out)

    def _render_html(self, flavour: str, blocks: list, quotes: dict) -> str:
        p = {"outlook": '<p class="MsoNormal">{}</p>', "gmail": "<div>{}</div>", "apple_mail": "<div>{}</div>",
             "html_only": "<p>{}</p>"}[flavour]
        out = []
        for block in blocks:
            kind = block[0]
            if kind == "mark":
                out.append(f'<p align="center" style="text-align:center"><b><span style="color:#C00000">'
                           f"{escape(block[1])}</span></b></p>")
            elif kind == "banner":
                text = "<br>".join(escape(line) for line in block[1].split("\n"))
                out.append('<table border="0" cellpadding="6" style="background:#FFEB9C;border:1px solid #9C6500">'
                           f"<tr><td><span style=\"font-size:9pt\">{text}</span></td></tr></table>")
            elif kind == "quote":
                _, style, head, inner, pgp = block
                if pgp:  # a signed text keeps its lines: it is pasted as preformatted text
                    body = f"<pre>{escape(quotes[id(block)])}</pre>"
                else:
                    body = self._render_html(flavour, inner, quotes)
                head_html = "<br>".join(escape(line) for line in head.split("\n"))
                if style == "arrow":
                    out.append(f"<div>{head_html}</div><blockquote type=\"cite\" style=\"margin:0 0 0 .8ex;"
                               f'border-left:1px #ccc solid;padding-left:1ex">{body}</blockquote>')
                elif style == "outlook":
                    head_html = re.sub(r"(^|<br>)(From|Sent|To|Cc|Subject):", r"\1<b>\2:</b>", head_html)
                    out.append('<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm">'
                               f'{p.format(head_html)}</div>{body}')
                else:
                    out.append(p.format(escape(head)) + body)
            else:
                out.append(_html_blocks(flavour, [block]))
        return "".join(out)

    def _compose(self, mid, client, charset, encoding, sender, registrar, subject, top, closing, signature,
                 reg_disclaimer, below, attachment, inner, asks) -> tuple[bytes, str]:
        rng = self.rng
        flavour = FLAVOUR.get(client)
        listed = rng.choice(["groups", "mailman"]) if rng.random() < 0.18 and client != "ticket_system" else None
        gateway = Gateway(rng, rng.choice(["safelinks", "safelinks", "mimecast", "proofpoint_v2", "proofpoint_v3"])) \
            if rng.random() < 0.55 else None
        banner = rng.choice(BANNERS).format(sender=sender) if rng.random() < 0.45 else None
        if banner and rng.random() < 0.5 and below:  # the banner the registrar's own gateway put on the customer's
            quote = below[0]
            banner = rng.choice(BANNERS).format(sender=self.customer["email"])
            below = [(quote[0], quote[1], quote[2], [("banner", banner)] + quote[3], quote[4])]
            banner = None
        footer = reg_disclaimer
        # A pasted signed text is rendered once, so that its plain and HTML forms carry the same signature.
        quotes = {}
        for block in (b for b in below if b[4]):
            quoted = block[3]
            lead = quoted[0][1] + "\n\n" if quoted and quoted[0][0] == "banner" else ""  # put there after signing
            signed = quoted[1:] if lead else quoted
            quotes[id(block)] = lead + clearsign(rng, self._render_plain(client, signed, charset)) + \
                ("\n" + self.pgp_tail if self.pgp_tail else "")
        close = (closing + "\n") if closing else ""
        plain_top = self._render_plain(client, top, charset)
        text = f"{plain_top}\n\n{close}{signature}\n"
        if below:
            text += "\n" + self._render_plain(client, below, charset, quotes) + "\n"
        if footer:
            text += f"\n{footer}\n"
        if client == "ticket_system":
            ticket = rng.randrange(40000, 60000)
            text = (f"Ticket #{ticket}: {subject}\nStatus: Open | Priority: Normal | Group: Public Sector\n"
                    f"{'-' * 60}\n\n{text}\n{'-' * 60}\nThis message was sent by the Northgate Domains service desk. "
                    f"Reference: [#{ticket}]\n")
        if client == "thunderbird_pgp":
            text = clearsign(rng, text)
        if banner:
            text = f"{banner}\n\n{text}"
        said = text
        autolinked = []
        if flavour and rng.random() < 0.35:  # the sender's client made links of the host names
            autolinked = sorted({h for x in asks for h in (x.new_ns or []) + x.add_ns + x.remove_ns + x.current_ns})
        if flavour == "outlook":
            text = _autolink_plain(text, autolinked)
        if gateway:
            text = gateway.plain(text)
        html = None
        if flavour:
            inner_html = self._render_html(flavour, top, quotes)
            if closing:
                inner_html += f'<p class="MsoNormal">{escape(closing)}</p>' if flavour == "outlook" else \
                    f"<div>{escape(closing)}</div>"
            sig = "<br>".join(escape(line) for line in signature.split("\n"))
            inner_html += f'<p class="MsoNormal"><span style="color:#1F497D">{sig}</span></p>'
            if below:
                inner_html += self._render_html(flavour, below, quotes)
            if footer:
                inner_html += f'<p style="font-size:8pt;color:#808080">{escape(footer)}</p>'
            if banner:
                inner_html = self._render_html(flavour, [("banner", banner)], quotes) + inner_html
            inner_html = _autolink_html(inner_html, autolinked)
            inner_html = re.sub(r'(?<!["=])(https?://[^\s<>"&]+)', r'<a href="\1">\1</a>', inner_html)
            html = self._wrap(flavour, inner_html)
            if gateway:
                html = gateway.html(html)
        text = _fit(text, charset)
        if html is not None:
            html = _fit(html, charset)

        content = EmailMessage()
        if client == "html_only":
            content.set_content(html, subtype="html", charset=charset, cte=encoding)
        elif html is None:
            content.set_content(text, charset=charset, cte=encoding,
                                params={"format": "flowed"} if client.startswith("thunderbird") else None)
        else:
            content.set_content(text, charset=charset, cte=encoding)
            content.add_alternative(html, subtype="html", charset=charset, cte=encoding)
        if attachment is not None:
            filename, data, ext = attachment
            content.add_attachment(data.encode("utf-8"), maintype="text", subtype="csv", filename=filename)
        if inner is not None:
            name = re.sub(r"[^\w .-]+", "", subject)[:40].strip() or "Customer request"
            content.add_attachment(inner, filename=rng.choice(["Customer request.eml", f"{name}.eml"]))
        msg = self._signed(content, client) if client in ("outlook_smime", "pgp_mime") else content
        if listed == "mailman":
            tag = sender.partition("@")[0]
            footer = (f"_______________________________________________\n{tag} mailing list -- {sender}\n"
                      f"To unsubscribe send an email to {tag}-leave@{sender.partition('@')[2]}\n")
            # Mailman 3 (handlers/decorate.py) writes its footer into a lone text/plain body, and adds it as a part of
            # its own after anything else's: an HTML-only mail stays HTML, in a multipart/mixed with the footer.
            if msg.is_multipart() or msg.get_content_type() != "text/plain":
                part = EmailMessage()
                part.set_content(footer, charset=charset, cte=encoding)
                del part["MIME-Version"]
                if msg.get_content_subtype() != "mixed":
                    msg.make_mixed()
                msg.attach(part)
            else:
                text = msg.get_content() + "\n" + footer
                msg.set_content(_fit(text, charset), charset=charset, cte=encoding,
                                params={"format": "flowed"} if client.startswith("thunderbird") else None)
        self._headers(msg, mid, client, sender, registrar, subject, charset, signature, listed)
        return msg.as_bytes(policy=default), _fit(said, charset)

    def _wrap(self, flavour: str, inner: str) -> str:
        if flavour == "outlook":
            return ('<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta http-equiv="Content-Type" '
                    'content="text/html"><style>p.MsoNormal{margin:0cm;font-size:11.0pt;font-family:"Aptos"}</style>'
                    f'</head><body lang="EN-GB"><div class="WordSection1">{inner}</div></body></html>')
        if flavour == "gmail":
            return f'<div dir="ltr">{inner}</div>'
        if flavour == "apple_mail":
            return ('<html><head><meta http-equiv="content-type" content="text/html"></head><body style="overflow-wrap:'
                    f' break-word; -webkit-nbsp-mode: space;">{inner}</body></html>')
        return f'<html><body><div style="font-family:Arial,sans-serif">{inner}</div></body></html>'

    def _signed(self, content: EmailMessage, client: str):
        """The content under a multipart/signed: S/MIME (RFC 8551) or PGP/MIME (RFC 3156)."""
        rng = self.rng
        sig = EmailMessage()
        if client == "outlook_smime":
            kind = {"protocol": "application/pkcs7-signature", "micalg": "sha-256"}
            sig.set_content(rng.randbytes(1800), "application", "pkcs7-signature", cte="base64",
                            disposition="attachment", filename="smime.p7s", params={"name": "smime.p7s"})
            sig["Content-Description"] = "S/MIME Cryptographic Signature"
        else:
            kind = {"protocol": "application/pgp-signature", "micalg": "pgp-sha256"}
            sig.set_content(_pgp_signature(rng).encode() + b"\n", "application", "pgp-signature", cte="7bit",
                            disposition="attachment", filename="signature.asc", params={"name": "signature.asc"})
            sig["Content-Description"] = "OpenPGP digital signature"
        del content["MIME-Version"], sig["MIME-Version"]
        outer = EmailMessage()
        outer["MIME-Version"] = "1.0"
        outer.add_header("Content-Type", "multipart/signed", **kind)
        outer.set_payload([content, sig])
        outer.preamble = "This is a cryptographically signed message in MIME format.\n"
        return outer

    def _headers(self, msg, mid, client, sender, registrar, subject, charset, signature, listed) -> None:
        rng = self.rng
        person = signature.split("\n")[0]
        tag, host = sender.partition("@")[0], sender.partition("@")[2]
        if client == "ticket_system":
            name = "Northgate Domains Service Desk"
        elif listed == "groups":
            name = f"'{person}' via {registrar} Gov Domains"
        elif listed == "mailman":
            name = f"{person} via {tag.capitalize()}"
        else:
            name = f"{person} | {registrar}"
        msg["From"] = f'"{name}" <{sender}>'
        msg["To"] = rng.choice([BOT, f'".gov.uk Registry Lock" <{BOT}>'])
        if listed == "mailman":
            subject = f"[{tag.capitalize()}] {subject}"
            msg["Sender"] = f"{tag}-bounces@{host}"
            msg["List-Id"] = f"{registrar} {tag} team <{tag}.{host}>"
            msg["List-Post"] = f"<mailto:{sender}>"
            msg["List-Help"] = f"<mailto:{tag}-request@{host}?subject=help>"
            msg["List-Unsubscribe"] = f"<mailto:{tag}-leave@{host}>"
            msg["X-BeenThere"] = sender
            msg["X-Mailman-Version"] = "3.3.9"
            msg["Precedence"] = "list"
        elif listed:
            subject = f"[{tag}] {subject}"
            msg["Sender"] = sender
            local = unicodedata.normalize("NFKD", person).encode("ascii", "ignore").decode().lower()
            msg["Reply-To"] = f"{re.sub(r'[^a-z]+', '.', local).strip('.')}@{sender.partition('@')[2]}"
            msg["List-Id"] = f"<{tag}.{sender.partition('@')[2]}>"
            msg["List-Post"] = f"<mailto:{sender}>"
            msg["List-Unsubscribe"] = f"<mailto:{tag}+unsubscribe@{sender.partition('@')[2]}>"
            msg["Precedence"] = "list"
            msg["X-Original-Sender"] = sender
        if rng.random() < 0.4 and client != "ticket_system":
            subject = "[EXTERNAL] " + subject
        msg["Subject"] = _fit(subject, charset)
        msg["Date"] = DATE.format(9 + rng.randrange(0, 2), rng.randrange(60))
        msg["Message-ID"] = f"<{mid}.{rng.getrandbits(48):x}@{sender.partition('@')[2]}>"
        if client in ("outlook", "outlook_smime"):
            msg["X-Mailer"] = "Microsoft Outlook 16.0"
            msg["Thread-Index"] = "AdrC" + _letters(rng, 24)
        elif client == "owa":
            msg["X-MS-Has-Attach"] = ""
            msg["X-MS-Exchange-Organization-AuthAs"] = "Anonymous"
        elif client.startswith("thunderbird") or client == "pgp_mime":
            msg["User-Agent"] = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 " \
                                "Thunderbird/128.5.0"
        elif client == "apple_mail":
            msg["X-Mailer"] = "Apple Mail (2.3826.300.87.4.3)"
        elif client == "ticket_system":
            msg["X-Ticket-ID"] = str(rng.randrange(40000, 60000))
        if rng.random() < 0.3:
            label = _hexes(rng, 8) + "-" + _hexes(rng, 4) + "-" + _hexes(rng, 4)
            msg["msip_labels"] = f"MSIP_Label_{label}_Enabled=true; MSIP_Label_{label}_Name=OFFICIAL;"
            msg["X-Classification"] = "OFFICIAL"

    def _customer_mail(self, mid, charset, encoding, subject, cblocks, attachment, asks) -> EmailMessage:
        """The customer's own mail, forwarded as an attachment: S/MIME signed from Outlook, or plain."""
        rng = self.rng
        name, _, email = self._person()
        flavour = "outlook"
        text = self._render_plain("outlook", cblocks, charset) + "\n"
        html = self._wrap(flavour, self._render_html(flavour, cblocks, {}))
        content = EmailMessage()
        content.set_content(_fit(text, charset), charset=charset, cte=encoding)
        content.add_alternative(_fit(html, charset), subtype="html", charset=charset, cte=encoding)
        if attachment is not None:
            filename, data, _ = attachment
            content.add_attachment(data.encode("utf-8"), maintype="text", subtype="csv", filename=filename)
        msg = self._signed(content, "outlook_smime") if rng.random() < 0.7 else content
        msg["From"] = f'"{name}" <{email}>'
        msg["To"] = f"{asks[0].organisation} registrar <support@registrar.example>"
        msg["Subject"] = _fit(subject, charset)
        msg["Date"] = "Thu, 26 Nov 2026 16:{:02d}:00 +0000".format(rng.randrange(60))
        msg["Message-ID"] = f"<{mid}.customer.{rng.getrandbits(40):x}@{email.partition('@')[2]}>"
        msg["X-Classification"] = "OFFICIAL"
        return message_from_bytes(msg.as_bytes(policy=default), policy=default)

    # --- thread mails -------------------------------------------------------------------------------------------

    def _thread(self, mid: str, kind: str, target: Mail) -> Mail:
        rng = self.rng
        client = rng.choice(CLIENTS[:5])
        charset, encoding = rng.choice(("utf-8", "windows-1252", "iso-8859-1")), rng.choice(
            ("quoted-printable", "base64", "8bit"))
        if kind == "reply":
            said = rng.choice(REPLIES)
            sign = rng.choice(SIGN_OFFS)
            said = said + (f"\n\n{sign}\n{rng.choice(['Aisha', 'Llinos', 'Public Sector Desk', 'Tom'])}"
                           if sign else "")
        elif kind == "automatic":
            said = rng.choice(AUTO_REPLIES)
        else:
            said = f"delivery to {target.sender} failed"
        sender = target.sender if kind != "bounce" else "MAILER-DAEMON@mx." + target.sender.partition("@")[2]
        return Mail(mid, kind, kind if kind != "reply" else said.split("\n")[0][:24], client, charset, encoding,
                    sender, kind, None, thread_of=target.id, said=said, seed=self.seed)
