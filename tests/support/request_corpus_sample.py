"""Seed 31 of the request corpus: a month of the Registry Lock inbox as it arrives, drawn in its own shares.

Imitates what a registry's Registry Lock mailbox receives over an ordinary month, not its oddities. Most requests
are a short paragraph, a `Field: value` form or a line and a list of name servers; fewer give the current and the
new servers side by side, replace one server, come from a reseller portal or cover several domains; tables of
additions and removals, DS records, EPP and CSV attachments are rarer still. The shares are fixed for each block of
a hundred requests and shuffled within it, and each request goes to a client its writer would use for it.

The writers are the domain teams of the registrars in the registry file, each a voice of its own: a large
registrar's operations desk (formal, Outlook and Outlook on the web, Windows code pages on older desktops) and its
network engineers (terse, Thunderbird, plain text with format=flowed, EPP and zone-file lines); a registrar whose
public-sector team writes from Outlook on the web and from its CRM (HTML only, a tracking token); a hosting company
(chatty, Google Workspace's Gmail, which links every host name it recognises, and a support desk that frames each
mail with its ticket); a small registrar run from a Mac and an iPhone; a registrar's service desk; and a specialist
DNS company that mostly passes on what councils' IT officers sent it. A sixth of the requests are such forwards
(a council's officer, or a reseller, below the registrar's note, in the forwarding client's own header block), some
with the registrar's "external mail" banner and the council's signature and disclaimer.

Each client writes as it does: Outlook's Word HTML (lists as `MsoListParagraph` with the Symbol-font bullet and its
plain "·" line, `MsoTableGrid` tables), Outlook on the web's `elementToProof` divisions, Gmail's autolinked host
names (`name <http://name>` in the plain part) and Sheets tables, Apple Mail's `MailOutline` lists, the iPhone's
"Sent from my iPhone", Thunderbird's flowed and space-stuffed plain text, ticket systems' reply lines and footers.
Charsets are utf-8 mostly, windows-1252 and iso-8859-1 from older setups. CSV files from Outlook are attached
under Excel's type.

Organisations are of kinds of their own, their labels ending in "-pm". About one request in 40 is ambiguous on
purpose, each in a way of its own (a provider named with no servers, a customer's mail that offers two sets, a
server to remove that would leave one, a set that is what the domain has, a server to remove that it does not have,
a DS record with its digest only, a choice of two sets, a table that disagrees with the sentence above it). Thread
mails are these writers' replies, their out-of-office notes and desks' acknowledgements, and bounces.
"""

from __future__ import annotations

import base64
import random
import re
from dataclasses import dataclass
from email.message import EmailMessage
from html import escape

from tests.support.request_corpus import (
    BOT,
    DATE,
    LAYOUTS,
    REGISTRARS,
    THREAD_KINDS,
    ZONE,
    Corpus,
    DomainAsk,
    Generator,
    Mail,
    _fit,
    _provider_set,
)

PLACES = [
    "alderwick", "barnstow", "caldermere", "dunholm", "eastcombe", "fenwold", "garthby", "hollinsfield",
    "ivelbury", "kettleby", "lindenmoor", "marshcombe", "northwray", "oxenholt", "pelham-cross", "quarrendon",
    "rushbeck", "saltmarsh", "tarnside", "underbarrow", "vennick", "wrayford", "yelverby", "ashcott",
    "birchover", "coldhanger", "drayholme", "elmsworth", "farleigh-down", "gorsedale", "hazelmere-vale",
    "inglethorpe", "knightwick", "longmarton", "millbeck", "nethercote", "orchardleigh", "pennant-vale",
    "redcombe", "stanwardine", "thistleby", "upperthorne", "westerhope", "yarnfield", "amblecote-moor",
]
KINDS = [("-dc", "{} District Council"), ("-cc", "{} City Council"), ("-bc", "{} Borough Council"),
         ("-tc", "{} Town Council"), ("-idb", "{} Internal Drainage Board"), ("-hc", "{} Harbour Commissioners"),
         ("-crem", "{} Crematorium Joint Committee"), ("-npa", "{} National Park Authority"),
         ("-ft", "{} Hospitals NHS Foundation Trust"), ("-cfa", "{} Combined Fire Authority")]
EXTRA = ["pay", "planning", "recycling", "elections", "libraries", "jobs", "consult", "tourism"]

# Name servers of providers beside the common ones, as their consoles give them.
_CF = ["amir", "beth", "chad", "dora", "ezra", "faye", "gus", "hope", "iris", "jack", "kai", "lina", "max", "nora"]


def _more_set(rng: random.Random, domain: str) -> list[str]:
    kind = rng.randrange(6)
    if kind == 0:
        n = rng.randrange(100, 240)
        return [f"pdns{n}.ultradns.net", f"pdns{n}.ultradns.com", f"pdns{n}.ultradns.org", f"pdns{n}.ultradns.biz"]
    if kind == 1:
        return [f"a{k}-{rng.randrange(60, 70)}.akam.net" for k in rng.sample(range(1, 28), 4)]
    if kind == 2:
        x = rng.choice("abcde")
        return [f"ns-cloud-{x}{i}.googledomains.com" for i in (1, 2, 3, 4)]
    if kind == 3:
        return ["ns1.mythic-beasts.com", "ns2.mythic-beasts.com"]
    if kind == 4:
        a, b = rng.sample(_CF, 2)
        return [f"{a}.ns.cloudflare.com", f"{b}.ns.cloudflare.com"]
    label = domain.split(".")[0]
    return [f"ns{i}.{label}-dns.co.uk" for i in (1, 2)]


def _provider_name(hosts: list[str]) -> str:
    h = hosts[0]
    for mark, name in (("cloudflare", "Cloudflare"), ("awsdns", "Route 53"), ("azure-dns", "Azure DNS"),
                       ("nsone", "NS1"), ("ultradns", "UltraDNS"), ("akam.net", "Akamai"),
                       ("googledomains", "Google Cloud DNS"), ("mythic-beasts", "Mythic Beasts"),
                       ("jisc", "Jisc"), ("krystal", "Krystal")):
        if mark in h:
            return name
    return "their new DNS host"


def _ds_record(rng: random.Random, alg: int | None = None, dtype: int | None = None) -> str:
    alg = alg or rng.choice([8, 13, 13, 13])
    dtype = dtype or rng.choice([2, 2, 2, 4])
    digest = "".join(rng.choice("0123456789ABCDEF") for _ in range(64 if dtype == 2 else 96))
    return f"{rng.randrange(1, 65536)} {alg} {dtype} {digest}"


ALG_NAMES = {8: "RSASHA256", 13: "ECDSAP256SHA256"}
DIGEST_NAMES = {2: "SHA-256", 4: "SHA-384"}


# --- who writes -------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Writer:
    key: str
    registrar: str
    address: str
    voice: str  # formal, casual, engineer, desk
    people: tuple[tuple[str, str], ...]


WRITERS = {
    "ops": Writer("ops", "Example Registrar Ltd", "requests@registrar.example", "formal",
                  (("Marguerite Osei", "Domain Operations Analyst"),
                   ("Declan Ferris", "Senior Domain Operations Analyst"),
                   ("Kasia Nowak-Bell", "Registry Services Coordinator"),
                   ("Tunde Bakare", "Public Sector Domains Lead"))),
    "noc": Writer("noc", "Example Registrar Ltd", "noc@registrar.example", "engineer",
                  (("Ruair\u00ed Dolan", "Network Operations"), ("Bex Tandy", "NOC Engineer"),
                   ("Ola S\u00f8rensen", "DNS Engineer"))),
    "names": Writer("names", "Other Names plc", "domains@othernames.example", "formal",
                    (("Philippa Grange", "Public Sector Account Executive"), ("Imran Qureshi", "Registrar Services"),
                     ("Nell Armitage", "Customer Operations"))),
    "hosting": Writer("hosting", "Krystal Hosting Ltd", "govdomains@krystalhosting.example", "casual",
                      (("Jordan Pike", "Support Engineer"), ("Shaz Begum", "Senior Support Engineer"),
                       ("Callum Reid", "Hosting Support"))),
    "small": Writer("small", "Northgate Domains", "support@northgatedomains.example", "casual",
                    (("Dafydd Rees", "Director"), ("Ffion Rees", "Customer Support"))),
    "desk": Writer("desk", "Northgate Domains", "servicedesk@tickets.northgatedomains.example", "desk",
                   (("Ieuan Jenkins", "Service Desk Analyst"), ("Beth Lloyd-Hughes", "Service Desk Team Lead"))),
    "civic": Writer("civic", "Civic DNS Services", "dns@civicdns.example", "formal",
                    (("Si\u00e2n Pritchard", "Client Services Manager"), ("Graham Toller", "Technical Lead"),
                     ("Harriet Mbeki", "Client Services"))),
}
# Who writes from each client.
CLIENT_WRITERS = {
    "outlook": ("ops", "ops", "civic", "names"),
    "owa": ("names", "names", "ops"),
    "gmail": ("hosting", "hosting", "small"),
    "apple_mail": ("small", "civic"),
    "iphone": ("small", "hosting", "ops"),
    "thunderbird": ("noc", "noc", "civic"),
    "ticket_system": ("desk",),
    "supportdesk": ("hosting",),
    "html_only": ("names",),
}
OFFICERS = [("Gareth Price", "ICT Infrastructure Manager"), ("Lorraine Keyes", "Digital Services Team Leader"),
            ("Abdul Rahman", "Network & Security Engineer"), ("Fiona McCall", "Head of ICT"),
            ("Wendy Oduya", "Applications Support Officer"), ("Nikhil Desai", "Cloud Platform Engineer"),
            ("Ceri Vaughan", "Infrastructure Analyst")]
RESELLERS = [("Fernhill Digital", "Owen Blake"), ("Moorgate Web Co-operative", "Priya Lal"),
             ("Pixel & Quill Ltd", "Hattie Sands")]

# The share of each layout and each client in a hundred requests, and the clients a layout is sent from.
LAYOUT_SHARES = {"prose": 20, "form": 14, "label_list": 14, "current_new_lists": 9, "replace": 8, "portal": 7,
                 "multi_domain": 6, "current_new_table": 6, "add_remove_table": 5, "ds": 5, "epp": 3, "csv": 3}
CLIENT_SHARES = {"outlook": 30, "owa": 12, "gmail": 17, "apple_mail": 8, "iphone": 6, "thunderbird": 10,
                 "ticket_system": 7, "supportdesk": 5, "html_only": 5}
RICH = ("outlook", "owa", "gmail", "apple_mail", "html_only", "ticket_system", "supportdesk")
COMPAT = {"prose": tuple(CLIENT_SHARES), "form": tuple(CLIENT_SHARES), "label_list": tuple(CLIENT_SHARES),
          "current_new_lists": tuple(CLIENT_SHARES), "replace": tuple(CLIENT_SHARES),
          "multi_domain": tuple(CLIENT_SHARES), "ds": tuple(CLIENT_SHARES),
          "portal": RICH + ("thunderbird",), "current_new_table": RICH + ("thunderbird",),
          "add_remove_table": RICH + ("thunderbird",),
          "epp": ("thunderbird", "outlook", "gmail", "owa", "ticket_system", "supportdesk"),
          "csv": ("outlook", "owa", "gmail", "apple_mail", "thunderbird", "ticket_system", "supportdesk")}
# Layouts a council officer or a reseller writes, passed on by the registrar.
FORWARDED = ("prose", "form", "label_list", "current_new_lists", "current_new_table", "replace", "ds",
             "multi_domain", "portal", "csv")

DISCLAIMERS = {
    "ops": "Example Registrar Ltd is registered in England and Wales (no. 03928817). This message and anything "
           "attached to it are intended for the named recipient only. If it has reached you by mistake, please tell "
           "us and then delete it.",
    "names": "Other Names plc | Registered office: 12 Canal Wharf, Leeds LS11 5PS | Company no. 05102938\n"
             "The contents of this e-mail are confidential. If you are not the intended recipient you must not "
             "use, copy or forward it.",
    "civic": "Civic DNS Services Ltd - DNS for the public sector since 2009.",
    "hosting": "Krystal Hosting Ltd. Registered in England, company number 07151821.",
}
COUNCIL_DISCLAIMER = ("This email and any attachments are intended only for the addressee and may contain "
                      "information that is protected under the Data Protection Act 2018. If you have received it in "
                      "error, please let the sender know and delete it. The council monitors its email.")


def _join(rng: random.Random, values: list[str]) -> str:
    if len(values) == 1:
        return values[0]
    return rng.choice([", ".join(values[:-1]) + " and " + values[-1], ", ".join(values),
                       ", ".join(values[:-1]) + " & " + values[-1], " and ".join(values)])


_LINKABLE = re.compile(r"(?<![\w@./-])((?:[a-z0-9-]+\.)+(?:com|net|org|uk|info|biz))(?![\w@-]|\.[a-z0-9])",
                       re.IGNORECASE)


def _flowed(text: str, width: int = 72) -> str:
    """Plain text as Thunderbird sends it with format=flowed (RFC 3676): long lines broken after a space (the soft
    break), trailing spaces of hard breaks dropped, lines that start with a space, 'From ' or '>' space-stuffed."""
    out = []
    for line in text.split("\n"):
        if line == "-- ":
            out.append(line)
            continue
        quoted = re.match(r">+ ?", line)
        prefix = quoted.group(0) if quoted else ""
        body = line[len(prefix):].rstrip(" ")
        indent = len(body) - len(body.lstrip(" "))
        first = True
        while True:
            stuffed = " " if not prefix and body.startswith((" ", "From ", ">")) else ""
            limit = width - len(prefix) - len(stuffed)
            cut = body.rfind(" ", (indent if first else 0) + 1, limit)
            if len(body) <= limit or cut <= 0:
                out.append(prefix + stuffed + body)
                break
            out.append(prefix + stuffed + body[:cut + 1])
            body, first = body[cut + 1:], False
    return "\n".join(out)


# --- the generator ----------------------------------------------------------------------------------------------

class SampleGenerator(Generator):
    clients = tuple(CLIENT_SHARES)

    def __init__(self, part: str, seed: int):
        super().__init__(part, seed)
        names = [(f"{place}{suffix}-pm", kind.format(" ".join(w.capitalize() for w in place.split("-"))))
                 for place in PLACES for suffix, kind in KINDS]
        self.rng.shuffle(names)
        self.free_names = names
        self.ambiguous_made = 0
        self.client = "outlook"
        self.voice = "formal"
        self.writer = WRITERS["ops"]

    # the shares

    def _schedule(self, n: int) -> list[tuple[str, str]]:
        """(layout, client) of the first n requests: each hundred holds the shares, shuffled, each layout sent from
        a client its writers use for it."""
        out: list[tuple[str, str]] = []
        block = 0
        while len(out) < n:
            rng = random.Random(f"{self.seed}-{block}")
            layouts = [lay for lay, k in LAYOUT_SHARES.items() for _ in range(k)]
            rng.shuffle(layouts)
            left = dict(CLIENT_SHARES)
            for layout in layouts:
                fits = [c for c in COMPAT[layout] if left[c] > 0]
                if fits:
                    client = rng.choices(fits, weights=[left[c] for c in fits])[0]
                    left[client] -= 1
                else:
                    client = rng.choice(["outlook", "gmail", "owa"])
                out.append((layout, client))
            block += 1
        return out[:n]

    def make(self, requests: int) -> Corpus:
        rng = self.rng
        mails: list[Mail] = []
        for i, (layout, client) in enumerate(self._schedule(requests)):
            mid = f"{self.prefix}{i:04d}"
            mails.append(self.request(mid, "ambiguous" if i % 40 == 39 else layout, client))
        made = [m for m in mails if m.kind == "request"]
        for k in range(max(60, requests // 6)):
            target = rng.choice(made if k % 5 else [m for m in mails if m.kind == "ambiguous"])
            kind = THREAD_KINDS[0] if k % 6 < 4 else THREAD_KINDS[1] if k % 6 == 4 else THREAD_KINDS[2]
            mails.append(self._thread(f"{self.prefix}r{k:03d}", kind, target))
        return Corpus(self.part, self.registry(), mails)

    # the registry file

    def _domains(self, registrar: str, count: int) -> list[DomainAsk]:
        rng = self.rng
        base, org = self.free_names.pop()
        stem = base[:-len("-pm")]
        names = [base] + [f"{stem}-{x}-pm" for x in rng.sample(EXTRA, count - 1)]
        contacts = [{"role": "security", "email": f"security-operations@{base}.gov.uk",
                     "phone": f"+44 117 496 0{rng.randrange(100, 999)}", "name": f"{org} Security Operations"},
                    {"role": "technical", "email": f"ict-infrastructure@{base}.gov.uk"},
                    {"role": "notify", "email": f"dns-notifications@{base}.gov.uk"}]
        domains, asks = [], []
        for name in names:
            domain = f"{name}.{ZONE}"
            ns = self._provider(domain)[:rng.choice([2, 2, 2, 3, 4])]
            ds = [_ds_record(rng)] if rng.random() < 0.3 else []
            domains.append({"name": domain, "locked": True, "registrar": registrar, "registrant": org,
                            "nameservers": ns, "ds": ds, "whois_contacts": [f"domains@{base}.gov.uk"]})
            asks.append(DomainAsk(domain, org, list(ns), list(ds)))
        self.organisations[org] = {"name": org, "contacts": contacts, "domains": domains}
        return asks

    def _set_current_ds(self, a: DomainAsk, ds: list[str]) -> None:
        for d in self.organisations[a.organisation]["domains"]:
            if d["name"] == a.domain:
                d["ds"] = list(ds)
        a.current_ds = list(ds)

    def _provider(self, domain: str) -> list[str]:
        return _provider_set(self.rng, domain) if self.rng.random() < 0.65 else _more_set(self.rng, domain)

    def _new_set(self, a: DomainAsk, sizes=(2, 2, 2, 3, 4)) -> list[str]:
        while True:
            new = self._provider(a.domain)[:self.rng.choice(sizes)]
            if len(new) >= 2 and sorted(new) != sorted(a.current_ns):
                a.new_ns = list(new)
                return list(new)

    def _fresh(self, a: DomainAsk, n: int, avoid=()) -> list[str]:
        while True:
            new = self._provider(a.domain)
            if len(new) >= n and not set(new) & (set(a.current_ns) | set(avoid)):
                return new[:n]

    def _add_remove(self, a: DomainAsk) -> None:
        rng, cur = self.rng, a.current_ns
        shape = rng.randrange(5)
        if shape in (0, 1) or shape == 3 and len(cur) < 3:
            a.remove_ns, a.add_ns = list(cur), self._fresh(a, rng.choice([2, 2, 3]))
        elif shape == 2:
            a.add_ns = self._fresh(a, rng.choice([1, 1, 2]))
        elif shape == 3:
            a.remove_ns = [rng.choice(cur)]
        else:
            a.remove_ns, a.add_ns = [rng.choice(cur)], self._fresh(a, 1)

    # how values are typed

    def _h(self, value: str, *, dot: bool = True) -> str:
        """A host as typed: engineers now and then with the root's dot (on a line of its own, not in a sentence),
        anyone now and then in capitals."""
        r = self.rng.random()
        if self.voice == "engineer" and r < 0.2:
            return value + "." if dot else value
        if r < 0.04:
            return value.upper()
        return value

    def _hs(self, values: list[str], *, dot: bool = True) -> list[str]:
        return [self._h(v, dot=dot) for v in values]

    # --- the mail around the asks ---

    def request(self, mid: str, layout: str, client: str) -> Mail:
        rng = self.rng
        self.client = client
        self.writer = WRITERS[rng.choice(CLIENT_WRITERS[client])]
        registrar = next(r for r in REGISTRARS if r["name"] == self.writer.registrar)
        forward = None
        if layout in FORWARDED and client not in ("iphone", "html_only") and rng.random() < 0.22:
            forward = "reseller" if self.writer.key in ("names", "hosting") and rng.random() < 0.5 else "council"
            if layout == "portal":  # a reseller's portal, passed on; a council has none
                forward = "reseller" if self.writer.key in ("names", "hosting") else None
        count = 1
        if layout == "multi_domain":
            count = rng.choice([2, 2, 3])
        elif layout == "csv":
            count = rng.choice([1, 1, 1, 2])
        asks = self._domains(registrar["name"], count)
        self.voice = "public" if forward else self.writer.voice
        if client == "iphone":
            self.voice = "phone"
        if layout == "multi_domain" and rng.random() < 0.25 and not forward:
            asks += self._domains(registrar["name"], 1)  # two customers in one mail
        subject, blocks, attachment = getattr(self, "_w_" + layout)(asks)
        self.voice = self.writer.voice if client != "iphone" else "phone"
        person = rng.choice(self.writer.people)
        if forward:
            subject, blocks = self._forwarded(forward, asks, subject, blocks, person)
        truth = "asked" if layout == "ambiguous" else {a.domain: a.truth() for a in asks if a.truth()}
        raw, said, charset, encoding = self._mime(mid, subject, blocks, attachment, person, asks)
        return Mail(mid, "ambiguous" if layout == "ambiguous" else "request", layout, client, charset, encoding,
                    self.writer.address, truth, raw, said=said, seed=self.seed)

    def _greeting(self) -> str:
        return self.rng.choice({
            "formal": ["Dear Registry Lock team,", "Good morning,", "Hello,", "Dear colleagues,", ""],
            "casual": ["Hiya,", "Hi folks,", "Morning!", "Hi there,", "Hi all,", ""],
            "engineer": ["Hi,", "", "", "Hello,"],
            "desk": ["Hello Registry Lock team,", "Good afternoon,", "Hi,"],
            "phone": ["", "", "Hi", "Morning"],
        }[self.voice])

    def _closing(self) -> str:
        return self.rng.choice({
            "formal": ["Kind regards,", "With thanks,", "Many thanks,", "Best wishes,", "Regards,"],
            "casual": ["Cheers,", "Thanks!", "Ta,", "Thanks very much,", "Cheers"],
            "engineer": ["Thanks,", "Rgds", "Thanks", "ta"],
            "desk": ["Kind regards,", "Many thanks,"],
            "phone": ["Thanks", "Cheers", ""],
        }[self.voice])

    def _signature(self, person: tuple[str, str]) -> str:
        rng, w = self.rng, self.writer
        name, role = person
        if self.client == "iphone":
            return rng.choice([name.split()[0] + "\n\nSent from my iPhone", "Sent from my iPhone",
                               name.split()[0] + "\n\nSent from my iPhone\n"])
        host = w.address.partition("@")[2]
        if w.key == "ops":
            lines = [name, role, "Example Registrar Ltd | Domain Operations",
                     f"Direct: 0118 496 {rng.randrange(1000, 9999)} | Service desk: 0118 496 0000"]
        elif w.key == "noc":
            lines = [f"{name} | {role} | AS64511", "Example Registrar Ltd NOC - 24x7 on 0118 496 0999"]
        elif w.key == "names":
            lines = [name, f"{role}, Other Names plc", f"T +44 113 496 {rng.randrange(1000, 9999)}", f"www.{host}"]
        elif w.key == "hosting":
            lines = [f"{name} - {role}", "Krystal Hosting", f"https://{host}"]
        elif w.key == "small":
            lines = [name, f"Northgate Domains \u2013 {role}", f"07700 900{rng.randrange(100, 999)}"]
        elif w.key == "desk":
            lines = [name, "Northgate Domains Service Desk"]
        else:
            lines = [name, role, "Civic DNS Services", f"0161 496 {rng.randrange(1000, 9999)}"]
        disclaimer = DISCLAIMERS.get(w.key, "") if rng.random() < 0.6 else ""
        return "\n".join(lines) + ("\n\n" + disclaimer if disclaimer else "")

    def _forwarded(self, kind: str, asks, subject: str, blocks, person) -> tuple[str, list]:
        """The request as a council's officer or a reseller wrote it, under the registrar's note."""
        rng, a = self.rng, asks[0]
        base = a.domain.split(".")[0]
        if kind == "council":
            name, role = rng.choice(OFFICERS)
            email = name.lower().replace(" ", ".") + f"@{base}.gov.uk"
            sig = f"{name}\n{role}\n{a.organisation}"
            if rng.random() < 0.5:
                sig += f"\nwww.{a.domain}"
            sig += "\n\n" + COUNCIL_DISCLAIMER if rng.random() < 0.5 else ""
            note = rng.choice([
                "Please see below from our customer and action the change for them.",
                f"Forwarding a request from {a.organisation} - their ICT team have asked for the change below.",
                f"The request below has come in from {a.organisation}. We have checked it against our records and "
                "it is from an authorised contact.",
                "Could you action the below please? The council's security team know to expect your call.",
                f"Passing on the below from {name} at {a.organisation}.",
            ]) if self.voice != "casual" else rng.choice([
                "See below from the council - can you sort this for them please?",
                f"Another one from {a.organisation}, below. Thanks in advance!",
                "Forwarding this on as it's a locked domain.",
            ])
        else:
            company, name = rng.choice(RESELLERS)
            email = name.split()[0].lower() + "@" + company.split()[0].lower() + "-reseller.example"
            sig = f"{name}\n{company}"
            role = company
            note = rng.choice([
                f"Our reseller {company} has asked us to make the change below for their customer {a.organisation}.",
                f"Request from one of our resellers ({company}) below, on behalf of {a.organisation}.",
                f"Please action the below - {company} manage this domain for {a.organisation} through our "
                "reseller account.",
            ])
        greeting = rng.choice(["Hi,", "Hello,", "Good afternoon,", ""]) if kind == "council" else \
            rng.choice(["Hi team,", "Hello,", ""])
        closing = rng.choice(["Many thanks", "Regards", "Kind regards", "Thanks"])
        inner = ([("p", greeting)] if greeting else []) + blocks + [("p", f"{closing}\n\n{sig}")]
        banner = kind == "council" and self.writer.key in ("ops", "civic", "names") and rng.random() < 0.4
        outer = "FW: " if self.client in ("outlook", "owa", "ticket_system", "supportdesk") else "Fwd: "
        tagged = ("[EXTERNAL] " if banner else "") + subject
        return outer + tagged, [("p", note), ("fwd", (name, email, tagged, role), inner, banner)]

    # --- subjects ---

    def _subject(self, asks, what: str = "name server change") -> str:
        rng, v = self.rng, self.voice
        names = ", ".join(a.domain for a in asks)
        d, org = asks[0].domain, asks[0].organisation
        if v == "phone":
            return rng.choice([d, f"{d} NS", f"NS change {d}", f"Quick one - {d}"])
        if v == "public":
            return rng.choice([f"DNS change - {names}", f"{names} nameservers", f"Change request: {names}",
                               f"Registry Lock change for {names}", f"Name server update {names}"])
        pool = {
            "formal": [f"Registry Lock: {what} for {names}", f"{names} \u2013 {what}", f"{org} \u2013 {what} ({names})",
                       f"Change of delegation: {names}", f"Request to amend {names}"],
            "casual": [f"{names} - {what}", f"Change for {names} please", f"{names}", f"{what.capitalize()} {names}",
                       f"{org} - {names}"],
            "engineer": [f"{names}: {what}", f"[change] {names}", f"{what} {names}", f"re-delegation {names}"],
            "desk": [f"{what.capitalize()} - {names}", f"Customer request: {names}", f"{names} change request"],
        }[v]
        return rng.choice(pool)

    # --- layouts: each gives (subject, blocks, attachment) ---

    def _w_prose(self, asks):
        rng, a, v = self.rng, asks[0], self.voice
        d, org, cur = a.domain, a.organisation, a.current_ns
        shape = rng.randrange(10)
        if shape == 8:
            z = self._fresh(a, 1)[0]
            a.add_ns = [z]
            typed = self._h(z, dot=False)
            text = rng.choice([f"Please add {typed} to the name servers for {d}. The existing servers remain in place.",
                               f"Could you add {typed} as an additional name server on {d}? Keep everything that's "
                               "there now.",
                               f"{org} would like a further name server on {d}: {typed}, in addition to the "
                               f"{len(cur)} it already has."])
            return self._subject(asks), [("p", text)], None
        if shape == 9 and len(cur) >= 3:
            x = rng.choice(cur)
            a.remove_ns = [x]
            text = rng.choice([f"Please remove {x} from the delegation of {d}; that server is being switched off. "
                               "Leave the other name servers as they are.",
                               f"{x} is being decommissioned, so could it come off {d} please? The remaining "
                               f"{len(cur) - 1} stay."])
            return self._subject(asks), [("p", text)], None
        new = self._hs(self._new_set(a), dot=False)
        listed, was = _join(rng, new), _join(rng, cur)
        provider = _provider_name(a.new_ns)
        pool = {
            "formal": [
                f"We have been instructed by {org} to change the name servers for {d}. Please replace the current "
                f"delegation with {listed}.",
                f"On behalf of our customer, {org}, please amend the name servers of {d} to {listed}, replacing "
                f"{was}.",
                f"Please could you update the name server records held for {d} so that they read {listed}. The "
                f"domain is currently delegated to {was}.",
                f"{org} has asked us to re-delegate {d} to {listed} as part of their move to {provider}. We would "
                "be grateful if this could be actioned today.",
            ],
            "casual": [
                f"Could you switch {d} over to {listed} please? {org} are moving their DNS to {provider} this week.",
                f"{d} needs its name servers changing to {listed}. It's on {was} at the moment.",
                f"Can we get the NS for {d} changed to {listed}? Customer's keen to get it done before the "
                "weekend.",
            ],
            "engineer": [
                f"{d}: please set NS to {listed} (currently {was}).",
                f"Delegation change for {d}. New NS set: {listed}. The old set ({was}) can go.",
                f"Please re-delegate {d} to {listed}. Child zone TTLs are already down to 300.",
            ],
            "desk": [
                f"Our customer {org} has raised a request to change the name servers for {d} to {listed}.",
                f"Please update the nameservers on {d} to {listed} as requested by the customer.",
            ],
            "public": [
                f"We are moving our DNS hosting to {provider} and need the name servers for {d} to be changed to "
                f"{listed}.",
                f"As part of our migration to {provider}, could the nameservers for {d} please be updated to "
                f"{listed}? Our current ones are {was}.",
                f"Please can you change the name servers for {d} from {was} to {listed}.",
            ],
            "phone": [
                f"Hi can you change the name servers for {d} to {listed} pls. Thanks",
                f"{d} needs to go on {listed} when you get a sec",
                f"Can you move {d} to {listed} today please, customer just rang",
            ],
        }[v]
        return self._subject(asks), [("p", rng.choice(pool))], None

    def _w_form(self, asks):
        rng, a, v = self.rng, asks[0], self.voice
        d = a.domain
        new = self._hs(self._new_set(a))
        shape = rng.randrange(5) if v != "phone" else 1
        sep = rng.choice([": ", ": ", ":\t", " : "])
        if shape == 0:
            pairs = [("Domain name", d), ("Change type", "Name server update")]
            pairs += [(f"Name server {i}", new[i - 1] if i <= len(new) else "") for i in range(1, 5)]
            pairs += [("DNSSEC", "No change"), ("Customer reference", f"{a.domain.split('-')[0].upper()[:4]}-"
                                                                      f"{rng.randrange(1000, 9999)}")]
            lead = rng.choice(["Details of the change:", "Please process the change below.", ""])
        elif shape == 1:
            pairs = [("Domain", d)] + [(f"NS{i}", value) for i, value in enumerate(new, 1)]
            lead = rng.choice(["", "Change below pls", f"For {a.organisation}:"])
        elif shape == 2:
            pairs = [("Domain Name", d), ("New Nameservers", rng.choice([", ", " / ", " "]).join(new)),
                     ("Reason", rng.choice(["DNS migration", f"Move to {_provider_name(a.new_ns)}",
                                            "Change of hosting supplier"]))]
            lead = rng.choice(["Request details", "Please could you make the following change:"])
        elif shape == 3 and self.client in ("outlook", "owa", "gmail", "html_only", "apple_mail"):
            labels = ["Primary name server", "Secondary name server", "Third name server", "Fourth name server"]
            rows = [["Domain", d]] + [[labels[i], value] for i, value in enumerate(new)] + \
                [["Requested by", rng.choice(OFFICERS)[0]]]
            lead = rng.choice([f"Change request for {a.organisation}, details below.", "Please action:"])
            return self._subject(asks), ([("p", lead)] if lead else []) + [("table", None, rows, "html")], None
        else:
            pairs = [("Organisation", a.organisation), ("Domain(s) affected", d)]
            pairs += [(f"New name server {i}", value) for i, value in enumerate(new, 1)]
            pairs += [("Authorised by", rng.choice(OFFICERS)[0]), ("Urgent", rng.choice(["No", "No", "Yes"]))]
            lead = rng.choice(["", "Form details as submitted:", "Request summary"])
        return self._subject(asks), ([("p", lead)] if lead else []) + [("fields", pairs, sep)], None

    def _w_label_list(self, asks):
        rng, a, v = self.rng, asks[0], self.voice
        d = a.domain
        new = self._hs(self._new_set(a))
        if v == "phone":
            lead = rng.choice([f"Can you set {d} to these pls", f"New NS for {d}:", f"{d} please change to"])
            return self._subject(asks), [("p", lead), ("list", "", new, "plain")], None
        intro = rng.choice([f"We have a name server change for {d}.", f"Domain: {d}", f"Re: {d}",
                            f"Please update {d} as follows.", ""])
        label = rng.choice(["Name servers to use:", "The new nameservers are:", "Please set the following NS records:",
                            f"Please delegate {d} to:", "Required nameservers -", f"{d} should point at:",
                            "New DNS servers:", "Nameservers (replace all existing):"])
        style = rng.choice(["bullet", "number", "plain", "dash", "bullet"])
        if self.client == "thunderbird" and style in ("bullet", "number"):
            style = rng.choice(["dash", "star", "plain"])
        blocks = ([("p", intro)] if intro else []) + [("list", label, new, style)]
        if rng.random() < 0.25:
            blocks.append(("p", rng.choice(["Nothing else on the domain changes.", "No DNSSEC on this one.",
                                            "The customer's security team are expecting your call."])))
        return self._subject(asks), blocks, None

    def _w_current_new_lists(self, asks):
        rng, a, v = self.rng, asks[0], self.voice
        d = a.domain
        new = self._hs(self._new_set(a))
        pairs = [("Currently:", "Should be:"), ("Existing name servers", "Replacement name servers"),
                 (f"At present {d} uses:", "Please change this to:"), ("Before:", "After:"),
                 ("What it's on now:", "What it needs to be:"), ("Old NS:", "New NS:"),
                 ("Nameservers today", "Nameservers after the change")]
        cur_label, new_label = rng.choice(pairs)
        style = rng.choice(["bullet", "number", "plain", "dash"]) if v != "phone" else "plain"
        if self.client == "thunderbird" and style in ("bullet", "number"):
            style = "dash"
        first = [("list", cur_label, list(a.current_ns), style), ("list", new_label, new, style)]
        if rng.random() < 0.25:
            new_label, cur_label = rng.choice([("New:", "Replacing:"),
                                               ("Change to the following:", "These replace the current ones:")])
            first = [("list", new_label, new, style), ("list", cur_label, list(a.current_ns), style)]
        lead = rng.choice([f"Please change the name servers for {d}.", f"{d} - name server change",
                           f"Here's the change for {d}:", f"Name server update for {a.organisation} ({d})."])
        return self._subject(asks), [("p", lead)] + first, None

    def _w_current_new_table(self, asks):
        rng, a = self.rng, asks[0]
        d = a.domain
        new = self._hs(self._new_set(a))
        n = max(len(new), len(a.current_ns))
        cur = list(a.current_ns) + [""] * (n - len(a.current_ns))
        nw = new + [""] * (n - len(new))
        header = rng.choice([["Current", "Proposed"], ["Now", "Becomes"], ["Before", "After"],
                             ["Existing nameserver", "New nameserver"], ["From", "To"]])
        rows = [[c, x] for c, x in zip(cur, nw)]
        if rng.random() < 0.25:
            header, rows = header[::-1], [r[::-1] for r in rows]
        if rng.random() < 0.5:
            header = [rng.choice(["", "NS", "Name server"])] + header
            rows = [[f"NS{i}"] + r for i, r in enumerate(rows, 1)]
        if self.client == "thunderbird":
            style = rng.choice(["aligned", "pipe"])
        elif self.client in ("ticket_system", "supportdesk"):
            style = rng.choice(["html", "markdown"])
        else:
            style = "html"
        lead = rng.choice([f"Name server change for {d}:", f"Please update {d} as per the table below.",
                           f"{d} - current and new delegation:", f"Table for {d} below."])
        return self._subject(asks), [("p", lead), ("table", header, rows, style)], None

    def _w_add_remove_table(self, asks):
        rng, a = self.rng, asks[0]
        d = a.domain
        self._add_remove(a)
        add, rem = rng.choice([("Add", "Remove"), ("ADD", "REMOVE"), ("Add", "Delete"), ("ADD", "DELETE")])
        lines = [(rem, v) for v in a.remove_ns] + [(add, v) for v in a.add_ns]
        if rng.random() < 0.3:
            lines = [(add, v) for v in a.add_ns] + [(rem, v) for v in a.remove_ns]
        keep = [v for v in a.current_ns if v not in a.remove_ns]
        if keep and rng.random() < 0.4:
            lines = [(rng.choice(["Keep", "No change"]), v) for v in keep] + lines
        shape = rng.randrange(3)
        if shape == 0:
            header, rows = ["Domain", "Change", "Name server"], [[d, act, self._h(v)] for act, v in lines]
        elif shape == 1:
            header, rows = ["Action", "Host"], [[act, self._h(v)] for act, v in lines]
        else:
            header, rows = ["Nameserver", "Add / Remove"], [[self._h(v), act] for act, v in lines]
        style = rng.choice(["aligned", "pipe"]) if self.client == "thunderbird" else \
            rng.choice(["html", "markdown"]) if self.client in ("ticket_system", "supportdesk") else "html"
        lead = rng.choice([f"Please make these changes to {d}:", "Changes required:",
                           f"Name server changes for {d} below.", f"For {d}, please action the following."])
        return self._subject(asks), [("p", lead), ("table", header, rows, style)], None

    def _w_portal(self, asks):
        rng, a = self.rng, asks[0]
        d = a.domain
        new = self._hs(self._new_set(a))
        shape = rng.randrange(4)
        ref = f"NDK-{rng.randrange(100000, 999999)}"
        if shape == 0:
            pairs = [("Domain", d), ("Requested by", rng.choice(RESELLERS)[0]), ("Date", "26/11/2026 17:42"),
                     ("Current nameservers", ", ".join(a.current_ns)), ("Requested nameservers", ", ".join(new)),
                     ("Reference", ref)]
            lead = ("A name server change has been requested for a domain with Registry Lock and must be sent to "
                    "the registry.")
        elif shape == 1:
            pairs = [("Domain", d), ("Field changed", "Nameservers"), ("Old value", ", ".join(a.current_ns)),
                     ("New value", ", ".join(new)), ("Changed by", rng.choice(OFFICERS)[0]),
                     ("Status", "Held \u2013 domain has Registry Lock")]
            lead = rng.choice(["Control panel change log entry:", "From our control panel:"])
        elif shape == 2:
            pairs = [("Domain name", d)] + [(f"Current NS{i}", x) for i, x in enumerate(a.current_ns, 1)] + \
                [(f"Requested NS{i}", x) for i, x in enumerate(new, 1)] + [("Submitted", "via reseller portal")]
            lead = rng.choice(["Portal submission below.", "Submitted through the reseller portal:"])
        else:
            pairs = [("Domain name", d), ("Existing nameservers", " ".join(a.current_ns)),
                     ("New nameservers", " ".join(new)), ("Priority", rng.choice(["Normal", "High"])),
                     ("Requester", rng.choice(OFFICERS)[0])]
            lead = "Ticket fields:"
        return self._subject(asks), [("p", lead), ("fields", pairs, ": ")], None

    def _w_replace(self, asks):
        rng, a, v = self.rng, asks[0], self.voice
        d = a.domain
        olds = rng.sample(a.current_ns, rng.choice([1, 1, min(2, len(a.current_ns))]))
        news = self._fresh(a, len(olds))
        a.remove_ns, a.add_ns = list(olds), list(news)
        pairs = list(zip(olds, self._hs(news, dot=False)))
        rest = "Leave the others as they are." if len(a.current_ns) > len(olds) else ""
        if v == "phone":
            text = f"Can u swap {' and '.join(f'{o} for {n}' for o, n in pairs)} on {d} please"
            return self._subject(asks), [("p", text)], None
        shape = rng.randrange(5)
        if shape == 0:
            text = f"For {d}, please swap " + " and ".join(f"{o} for {n}" for o, n in pairs) + ". " + rest
        elif shape == 1:
            text = f"On {d}, " + " and ".join(f"{o} needs replacing with {n}" for o, n in pairs) + ". " + rest
        elif shape == 2:
            text = f"Could you change {' and '.join(f'{o} to {n}' for o, n in pairs)} on {d}? " + \
                "Everything else stays the same."
        elif shape == 3:
            arrow = "\u2192" if self.client == "outlook" else "->"
            lines = "\n".join(f"{o} {arrow} {n}" for o, n in pairs)
            return self._subject(asks), [("p", f"Please replace the following name server(s) on {d}:"),
                                         ("pre", lines), ("p", rest or "No other changes.")], None
        else:
            text = " ".join(f"{o} is being retired; its replacement is {n}." for o, n in pairs) + \
                f" Please make the change on {d}."
        return self._subject(asks), [("p", text.strip())], None

    def _w_epp(self, asks):
        rng, a = self.rng, asks[0]
        d = a.domain
        self._add_remove(a)
        shape = rng.randrange(3)
        if shape == 0:
            x = ['<domain:update xmlns:domain="urn:ietf:params:xml:ns:domain-1.0">',
                 f"  <domain:name>{d}</domain:name>"]
            for tag, hosts in (("add", a.add_ns), ("rem", a.remove_ns)):
                if hosts:
                    x += [f"  <domain:{tag}>", "    <domain:ns>"]
                    x += [f"      <domain:hostObj>{h}</domain:hostObj>" for h in hosts]
                    x += ["    </domain:ns>", f"  </domain:{tag}>"]
            x.append("</domain:update>")
            lead = rng.choice(["Our EPP update for this was refused (2304, object status prohibits operation). "
                               "Please apply it manually:",
                               f"EPP command we'd normally send for {d}:"])
            return self._subject(asks), [("p", lead), ("pre", "\n".join(x))], None
        if shape == 1:
            x = [f"domain: {d}"] + [f"rem-ns: {h}" for h in a.remove_ns] + [f"add-ns: {h}" for h in a.add_ns]
            lead = rng.choice(["Change in our usual format:", "Please apply:"])
            return self._subject(asks), [("p", lead), ("pre", "\n".join(x))], None
        cmd = f"update domain {d}" + "".join(f" add ns {h}" for h in a.add_ns) + \
            "".join(f" rem ns {h}" for h in a.remove_ns)
        lead = rng.choice(["The command our toolkit would run (blocked by the lock):",
                           "Equivalent of this, please:"])
        return self._subject(asks), [("p", lead), ("pre", cmd)], None

    def _w_csv(self, asks):
        rng = self.rng
        shape = rng.randrange(3)
        names = _join(rng, [a.domain for a in asks])
        if shape == 0:
            add, rem = rng.choice([("add", "remove"), ("Add", "Remove"), ("ADD", "DELETE")])
            rows = ["domain,action,host"]
            for a in asks:
                self._add_remove(a)
                rows += [f"{a.domain},{rem},{h}" for h in a.remove_ns] + [f"{a.domain},{add},{h}" for h in a.add_ns]
        elif shape == 1:
            sets = [self._new_set(a) for a in asks]
            width = max(len(s) for s in sets)
            rows = ["Domain Name," + ",".join(f"Nameserver {i}" for i in range(1, width + 1))]
            rows += [a.domain + "," + ",".join(s + [""] * (width - len(s))) for a, s in zip(asks, sets)]
        else:
            rows = ["Domain,Old nameserver,New nameserver"]
            for a in asks:
                olds = rng.sample(a.current_ns, rng.choice([1, min(2, len(a.current_ns))]))
                news = self._fresh(a, len(olds))
                a.remove_ns, a.add_ns = list(olds), list(news)
                rows += [f"{a.domain},{o},{n}" for o, n in zip(olds, news)]
        bom = "\ufeff" if self.client in ("outlook", "owa") and rng.random() < 0.5 else ""
        body = rng.choice([f"Please find attached the name server changes for {names}.",
                           "Spreadsheet of the changes attached.",
                           f"CSV attached for {names} - one row per change.",
                           f"Attached: {names}. Shout if the file doesn't open."])
        name = rng.choice(["ns-changes.csv", f"nameservers-{rng.randrange(10, 99)}.csv", "registry-lock-change.csv"])
        return self._subject(asks), [("p", body)], (name, bom + "\r\n".join(rows) + "\r\n")

    def _w_multi_domain(self, asks):
        rng, v = self.rng, self.voice
        orgs = list(dict.fromkeys(a.organisation for a in asks))
        names = [a.domain for a in asks]
        if len(orgs) > 1:
            blocks = [("p", rng.choice(["Two of our customers need changes to their locked domains:",
                                        "Two separate requests in one mail, I'm afraid:"]))]
            for a in asks:
                new = self._hs(self._new_set(a), dot=False)
                blocks.append(("p", f"{a.organisation}: please change {a.domain} to {_join(rng, new)}."))
            return self._subject(asks), blocks, None
        shape = rng.randrange(4) if v != "phone" else 0
        if shape == 0:
            for _ in range(30):
                shared = self._provider(names[0])[:rng.choice([2, 2, 3])]
                if len(shared) >= 2 and all(sorted(shared) != sorted(a.current_ns) for a in asks):
                    break
            else:
                shape = 1
        if shape == 0:
            for a in asks:
                a.new_ns = list(shared)
            text = rng.choice([f"Please move all of {orgs[0]}'s domains ({_join(rng, names)}) to "
                               f"{_join(rng, self._hs(shared, dot=False))}.",
                               f"Same change for {_join(rng, names)}: name servers to be "
                               f"{_join(rng, self._hs(shared, dot=False))}."])
            return self._subject(asks), [("p", text)], None
        if shape == 1:
            blocks = [("p", rng.choice(["Please update the following domains:", f"Changes for {orgs[0]}:"]))]
            style = "plain" if self.client == "thunderbird" else rng.choice(["bullet", "plain", "dash"])
            for a in asks:
                blocks.append(("list", f"{a.domain}:", self._hs(self._new_set(a)), style))
            return self._subject(asks), blocks, None
        if shape == 2 and len(asks) >= 2:
            *moving, still = asks
            for a in moving:
                self._new_set(a)
            text = "\n".join(f"{a.domain} to {_join(rng, self._hs(a.new_ns, dot=False))}." for a in moving) + \
                f"\n{still.domain} stays where it is for now."
            return self._subject(asks), [("p", "Please change the name servers as follows:\n" + text)], None
        sets = [self._hs(self._new_set(a)) for a in asks]
        width = max(len(s) for s in sets)
        rows = [[a.domain] + s + [""] * (width - len(s)) for a, s in zip(asks, sets)]
        style = "aligned" if self.client == "thunderbird" else "html" if self.client in RICH else "markdown"
        return self._subject(asks), [("p", f"New name servers for {orgs[0]}'s domains:"),
                                     ("table", ["Domain"] + [f"NS{i}" for i in range(1, width + 1)], rows,
                                      style)], None

    def _w_ds(self, asks):
        rng, a, v = self.rng, asks[0], self.voice
        d = a.domain
        subject = self._subject(asks, rng.choice(["DS record", "DNSSEC", "DS update"]))
        shape = rng.randrange(7) if v != "phone" else 1
        if shape == 0:  # the DNS host's DNSSEC panel, copied whole
            rec = _ds_record(rng, 13, 2)
            tag, _, _, digest = rec.split()
            a.new_ds = [rec]
            key = base64.b64encode(rng.randbytes(64)).decode()
            pairs = [("DS record", f"{d}. 3600 IN DS {rec}"), ("Digest", digest), ("Digest type", "SHA256"),
                     ("Algorithm", "13"), ("Public key", key), ("Key tag", tag), ("Flags", "257 (KSK)")]
            lead = (f"{a.organisation} have turned on DNSSEC with Cloudflare. Please add the DS record for {d} - "
                    "details from their dashboard:") if not a.current_ds else \
                (f"{a.organisation} have moved their signing to Cloudflare; please replace the DS record on {d} "
                 "with this one:")
            return subject, [("p", lead), ("fields", pairs, ": ")], None
        if shape == 1:
            rec = _ds_record(rng)
            if a.current_ds and rng.random() < 0.5:
                a.add_ds = [rec]
                lead = rng.choice([f"Key rollover on {d}: please add this DS alongside the current one.",
                                   f"New DS for {d} to go in next to the existing record (we'll ask you to remove "
                                   "the old one after the rollover):"])
            else:
                a.new_ds = [rec]
                lead = rng.choice([f"Please add the following DS record to {d}:", f"DS for {d}:"]) \
                    if not a.current_ds else f"Please replace the DS record for {d} with:"
            return subject, [("p", lead), ("pre", rec)], None
        if shape == 2:
            rec = _ds_record(rng)
            tag, alg, dtype, digest = rec.split()
            a.new_ds = [rec]
            pairs = [("Key tag", tag), ("Algorithm", f"{alg} ({ALG_NAMES[int(alg)]})"),
                     ("Digest type", f"{dtype} ({DIGEST_NAMES[int(dtype)]})"), ("Digest", digest)]
            lead = f"DNSSEC for {d}" + (" (this replaces the current DS):" if a.current_ds else ":")
            return subject, [("p", lead), ("fields", pairs, rng.choice([": ", ":\t"]))], None
        if shape == 3:  # Route 53's key-signing key page
            rec = _ds_record(rng, 13, 2)
            tag, _, _, digest = rec.split()
            a.new_ds = [rec]
            pairs = [("Key tag", tag), ("Signing algorithm type", "ECDSAP256SHA256"),
                     ("Signing algorithm", "13"), ("Digest algorithm type", "SHA-256"), ("Digest algorithm", "2"),
                     ("Digest", digest.lower())]
            lead = f"Please establish the chain of trust for {d}. From the Route 53 console:" if not a.current_ds \
                else f"New DS for {d} from Route 53 (replacing the existing one):"
            return subject, [("p", lead), ("fields", pairs, ": ")], None
        if shape == 4:
            if not a.current_ds:
                self._set_current_ds(a, [_ds_record(rng)])
            a.new_ds = []
            text = rng.choice([f"{a.organisation} are changing DNS provider and need DNSSEC switched off first. "
                               f"Please remove the DS record from {d}.",
                               f"Please delete the DS record for {d}; the zone will be unsigned for the move."])
            return subject, [("p", text)], None
        if shape == 5:
            rec = _ds_record(rng)
            a.new_ds = [rec]
            new = self._hs(self._new_set(a))
            return subject, [("p", f"{d} is moving to a signed DNS provider. Please set the name servers to:"),
                             ("list", "", new, "plain"),
                             ("p", "and the DS record to:" if a.current_ds else "and add this DS record:"),
                             ("pre", rec)], None
        rec = _ds_record(rng)
        a.new_ds = [rec]
        lead = f"Please publish this DS for {d}" + (", in place of the one it has now:" if a.current_ds else ":")
        return subject, [("p", lead), ("pre", f"{d}. IN DS {rec}")], None

    def _w_ambiguous(self, asks):
        rng, a = self.rng, asks[0]
        d = a.domain
        other = self._fresh(a, 4)
        shape = self.ambiguous_made % 8
        self.ambiguous_made += 1
        subject = self._subject(asks)
        if shape == 0:  # a provider named, no servers
            return subject, [("p", f"Please move {d} onto Cloudflare - the council have set the zone up there "
                                   "and will send you the name servers they were given.")], None
        if shape == 1:  # a customer's mail that offers two sets
            return subject, [("p", f"Please change {d} to {other[0]} and {other[1]}."),
                             ("p", f"The council's IT supplier has since suggested {other[2]} and {other[3]} "
                                   "instead - could you check with them which pair to use?")], None
        if shape == 2:  # a removal that would leave one server
            if len(a.current_ns) > 2:
                a.current_ns = a.current_ns[:2]
                for dom in self.organisations[a.organisation]["domains"]:
                    if dom["name"] == d:
                        dom["nameservers"] = list(a.current_ns)
            return subject, [("p", f"Please remove {a.current_ns[1]} from {d}. The server has been retired.")], None
        if shape == 3:  # what it has already
            return subject, [("p", f"Please can you make sure {d} is delegated to {_join(rng, a.current_ns)}. "
                                   "Our monitoring flagged a problem last night.")], None
        if shape == 4:  # a server to remove that it does not have
            return subject, [("p", f"On {d}, please take off {other[0]} and put {other[1]} in its place.")], None
        if shape == 5:  # a DS digest with nothing else
            digest = _ds_record(rng).split()[3]
            return self._subject(asks, "DS record"), [("p", f"DS digest for {d}: {digest}\nKey tag and algorithm to "
                                                            "follow from the DNS host.")], None
        if shape == 6:  # a choice left to the registry
            return subject, [("p", f"We'd like {d} moved to {other[0]} and {other[1]}, or {other[0]}, {other[1]} and "
                                   f"{other[2]} if you can take three - whichever suits.")], None
        return subject, [("p", f"Please change {d} to {other[0]} and {other[1]}."),  # a table that disagrees
                         ("table", ["NS", "New"], [["NS1", other[0]], ["NS2", other[2]]], "html")], None

    # --- rendering ---

    def _bullet(self, style: str, i: int, client: str) -> str:
        if style == "plain":
            return ""
        if style == "dash":
            return "- "
        if style == "star":
            return "* "
        if style == "number":
            return {"outlook": f"{i}.       ", "owa": f"  {i}.  ", "gmail": f"   {i}. ", "apple_mail": f"\t{i}.\t",
                    "thunderbird": f" {i}. "}.get(client, f"{i}. ")
        return {"outlook": "\u00b7         ", "owa": "  *   ", "gmail": "   - ", "apple_mail": "\t\u2022\t",
                "thunderbird": " * "}.get(client, "* ")

    def _link_plain(self, text: str) -> str:
        """Gmail's plain part for the host names it made links."""
        return _LINKABLE.sub(lambda m: f"{m.group(1)} <http://{m.group(1)}>", text)

    def _link_html(self, html: str) -> str:
        parts = re.split(r"(<[^>]+>)", html)
        return "".join(p if p.startswith("<") else _LINKABLE.sub(
            lambda m: f'<a href="http://{m.group(1)}" target="_blank">{m.group(1)}</a>', p) for p in parts)

    def _plain(self, blocks, client: str, linked: bool) -> str:
        out = []
        for block in blocks:
            kind = block[0]
            if kind in ("p", "pre"):
                out.append(self._link_plain(block[1]) if linked else block[1])
            elif kind == "fields":
                _, pairs, sep = block
                text = "\n".join(f"{k}{sep}{v}".rstrip() for k, v in pairs)
                out.append(self._link_plain(text) if linked else text)
            elif kind == "list":
                _, label, items, style = block
                lines = ([label] if label else []) + [self._bullet(style, i, client) + x
                                                      for i, x in enumerate(items, 1)]
                text = "\n".join(lines)
                out.append(self._link_plain(text) if linked else text)
            elif kind == "table":
                out.append(self._text_table(block[1], block[2], block[3]))
            elif kind == "fwd":
                out.append(self._fwd_plain(block, client))
        return "\n\n".join(out)

    @staticmethod
    def _text_table(header, rows, style: str) -> str:
        allrows = ([header] if header else []) + rows
        if style == "html":  # the plain alternative a client makes of an HTML table
            return "\n".join("\t".join(r).rstrip("\t") for r in allrows)
        if style in ("markdown", "pipe"):
            lines = ["| " + " | ".join(r) + " |" for r in allrows]
            if header and style == "markdown":
                lines.insert(1, "|" + "|".join("---" for _ in header) + "|")
            return "\n".join(lines)
        widths = [max(len(r[i]) for r in allrows) + 2 for i in range(len(allrows[0]))]
        lines = ["".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in allrows]
        if header:
            lines.insert(1, "".join(("=" * (w - 2)).ljust(w) for w in widths).rstrip())
        return "\n".join(lines)

    def _fwd_head(self, block, client: str) -> tuple[str, list[tuple[str, str]]]:
        _, (name, email, subject, _), _, _ = block
        to = f"{self.writer.registrar} <{self.writer.address}>"
        if client == "outlook":
            return "", [("From", f"{name} <{email}>"), ("Sent", "26 November 2026 16:05"), ("To", to),
                        ("Subject", subject)]
        if client in ("owa", "ticket_system", "supportdesk"):
            return "________________________________", [("From", f"{name} <{email}>"),
                                                        ("Sent", "Thursday, November 26, 2026 4:05 PM"), ("To", to),
                                                        ("Subject", subject)]
        if client == "thunderbird":
            return "-------- Forwarded Message --------", [("Subject", f"\t{subject}"),
                                                           ("Date", "\tThu, 26 Nov 2026 16:05:11 +0000"),
                                                           ("From", f"\t{name} <{email}>"), ("To", f"\t{to}")]
        if client == "apple_mail":
            return "Begin forwarded message:", [("From", f"{name} <{email}>"), ("Subject", subject),
                                                ("Date", "26 November 2026 at 16:05:11 GMT"), ("To", to)]
        return "---------- Forwarded message ---------", [("From", f"{name} <{email}>"),
                                                         ("Date", "Thu, 26 Nov 2026 at 16:05"), ("Subject", subject),
                                                         ("To", to)]

    def _fwd_plain(self, block, client: str) -> str:
        line, fields = self._fwd_head(block, client)
        banner = block[3]
        sep = "" if client == "thunderbird" else " "
        head = "\n".join(([line] if line else []) + [f"{k}:{sep}{v}" for k, v in fields])
        if client == "apple_mail":
            head = line + "\n\n" + "\n".join(f"{k}: {v}" for k, v in fields)
        inner = ("[EXTERNAL EMAIL] This email originated from outside the organisation. Do not click links or open "
                 "attachments unless you recognise the sender.\n\n" if banner else "") + \
            self._plain(block[2], client, client == "gmail" and self._linked)
        return head + "\n\n" + inner

    # HTML

    def _p(self, client: str, text: str) -> str:
        lines = text.split("\n")
        if client == "outlook":
            return "".join(f"<p class=MsoNormal>{escape(x) or '&nbsp;'}<o:p></o:p></p>" for x in lines)
        if client == "owa":
            return "".join('<div class="elementToProof" style="font-family: Aptos, Aptos_EmbeddedFont, Calibri, '
                           f'Helvetica, sans-serif; font-size: 12pt; color: rgb(0, 0, 0);">{escape(x) or "<br>"}</div>'
                           for x in lines)
        if client == "thunderbird":
            return "<p>" + "<br>\n".join(escape(x) for x in lines) + "</p>"
        if client in ("html_only", "ticket_system", "supportdesk"):
            return "<p>" + "<br>".join(escape(x) for x in lines) + "</p>"
        return "".join(f"<div>{escape(x) or '<br>'}</div>" for x in lines)

    def _gap(self, client: str) -> str:
        return {"outlook": "<p class=MsoNormal><o:p>&nbsp;</o:p></p>", "owa": '<div class="elementToProof"><br></div>',
                "gmail": "<div><br></div>", "apple_mail": "<div><br></div>",
                "iphone": "<div><br></div>"}.get(client, "")

    def _html(self, blocks, client: str) -> str:
        out = []
        for block in blocks:
            kind = block[0]
            if kind == "p":
                out.append(self._p(client, block[1]) + self._gap(client))
            elif kind == "pre":
                lines = block[1].split("\n")
                if client == "outlook":
                    out.append("".join('<p class=MsoNormal><span style=\'font-family:"Courier New"\'>'
                                       f"{escape(x).replace(' ', '&nbsp;')}<o:p></o:p></span></p>" for x in lines))
                elif client == "gmail":
                    out.append("".join(f'<div><font face="monospace">{escape(x).replace("  ", " &nbsp;")}</font>'
                                       "</div>" for x in lines))
                elif client in ("thunderbird", "html_only", "ticket_system", "supportdesk"):
                    out.append(f"<pre>{escape(block[1])}</pre>")
                else:
                    out.append("".join(f"<div>{escape(x).replace('  ', ' &nbsp;')}</div>" for x in lines))
                out.append(self._gap(client))
            elif kind == "fields":
                _, pairs, sep = block
                sep = sep.replace("\t", " ")
                if client == "outlook":
                    out.append("".join(f"<p class=MsoNormal><b>{escape(k)}{escape(sep.rstrip())}</b> {escape(v)}"
                                       "<o:p></o:p></p>" for k, v in pairs))
                else:
                    out.append(self._p(client, "\n".join(f"{k}{sep}{v}".rstrip() for k, v in pairs)))
                out.append(self._gap(client))
            elif kind == "list":
                out.append(self._html_list(block, client))
            elif kind == "table":
                out.append(self._html_table(block, client))
            elif kind == "fwd":
                out.append(self._fwd_html(block, client))
        return "".join(out)

    def _html_list(self, block, client: str) -> str:
        _, label, items, style = block
        out = self._p(client, label) if label else ""
        if style in ("plain", "dash", "star"):
            mark = {"plain": "", "dash": "- ", "star": "* "}[style]
            return out + self._p(client, "\n".join(mark + x for x in items)) + self._gap(client)
        tag = "ol" if style == "number" else "ul"
        if client == "outlook":
            rows = []
            for i, x in enumerate(items, 1):
                mark = (f"{i}.<span style='font:7.0pt \"Times New Roman\"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span>"
                        if tag == "ol" else "<span style='font-family:Symbol'>\u00b7<span style='font:7.0pt "
                        "\"Times New Roman\"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></span>")
                rows.append("<p class=MsoListParagraph style='margin-left:36.0pt;text-indent:-18.0pt;"
                            f"mso-list:l0 level1 lfo1'><![if !supportLists]><span style='mso-list:Ignore'>{mark}"
                            f"</span><![endif]>{escape(x)}<o:p></o:p></p>")
            return out + "".join(rows) + self._gap(client)
        if client == "owa":
            li = "".join('<li style="font-family: Aptos, Calibri, sans-serif; font-size: 12pt;"><div '
                         f'role="presentation" class="elementToProof">{escape(x)}</div></li>' for x in items)
            return out + f'<{tag} data-editing-info="{{&quot;applyListStyleFromLevel&quot;:false}}">{li}</{tag}>'
        cls = ' class="MailOutline"' if client == "apple_mail" else ""
        return out + f"<{tag}{cls}>" + "".join(f"<li>{escape(x)}</li>" for x in items) + f"</{tag}>"

    def _html_table(self, block, client: str) -> str:
        _, header, rows, style = block
        if style != "html":
            text = self._text_table(header, rows, style)
            if client in ("thunderbird", "html_only", "ticket_system", "supportdesk"):
                return f"<pre>{escape(text)}</pre>"
            return self._p(client, text) + self._gap(client)
        allrows = ([header] if header else []) + rows
        if client == "outlook":
            trs = "".join("<tr>" + "".join(
                "<td width=180 valign=top style='border:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt'>"
                f"<p class=MsoNormal>{('<b>' + escape(c) + '</b>') if r is header and c else escape(c)}"
                "<o:p></o:p></p></td>" for c in r) + "</tr>" for r in allrows)
            return ("<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse;"
                    f"border:none'>{trs}</table>" + self._gap(client))
        if client == "gmail":  # pasted from Google Sheets
            def td(c: str) -> str:
                data = escape('{"1":2,"2":"' + c + '"}') if c else ""
                attr = f' data-sheets-value="{data}"' if data else ""
                return (f'<td style="overflow:hidden;padding:2px 3px;vertical-align:bottom"{attr}>'
                        f"{escape(c)}</td>")
            trs = "".join('<tr style="height:21px">' + "".join(td(c) for c in r) + "</tr>" for r in allrows)
            return ('<table cellspacing="0" cellpadding="0" dir="ltr" border="1" style="table-layout:fixed;'
                    f'font-size:10pt;font-family:Arial;border-collapse:collapse;border:none"><tbody>{trs}</tbody>'
                    "</table>" + self._gap(client))
        cell = "th" if client in ("ticket_system", "supportdesk", "html_only") else "td"
        head = ("<tr>" + "".join(f"<{cell}>{escape(c)}</{cell}>" for c in header) + "</tr>") if header else ""
        body = "".join("<tr>" + "".join(f'<td style="border:1px solid rgb(0,0,0);padding:2px 6px">{escape(c)}</td>'
                                        for c in r) + "</tr>" for r in rows)
        return f'<table style="border-collapse:collapse" border="1"><tbody>{head}{body}</tbody></table>'

    def _fwd_html(self, block, client: str) -> str:
        line, fields = self._fwd_head(block, client)
        banner = ('<p style="background:#FFEB9C;padding:4px"><b>[EXTERNAL EMAIL]</b> This email originated from '
                  "outside the organisation. Do not click links or open attachments unless you recognise the "
                  "sender.</p>") if block[3] else ""
        inner = banner + self._html(block[2], client)
        rows = "<br>".join(f"<b>{escape(k)}:</b> {escape(v.strip())}" for k, v in fields)
        if client == "outlook":
            return ("<div style='border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm'>"
                    f"<p class=MsoNormal>{rows}<o:p></o:p></p></div><p class=MsoNormal><o:p>&nbsp;</o:p></p>{inner}")
        if client == "owa":
            return ('<hr style="display:inline-block;width:98%" tabindex="-1"><div id="divRplyFwdMsg" dir="ltr">'
                    f'<font face="Calibri, sans-serif" style="font-size:11pt" color="#000000">{rows}</font>'
                    f"<div>&nbsp;</div></div>{inner}")
        if client == "thunderbird":
            trs = "".join(f'<tr><th valign="BASELINE" nowrap="nowrap" align="RIGHT">{escape(k)}: </th>'
                          f"<td>{escape(v.strip())}</td></tr>" for k, v in fields)
            return (f'<div class="moz-forward-container"><br><br>{escape(line)}<table class="moz-email-headers-table"'
                    f' border="0" cellpadding="0" cellspacing="0"><tbody>{trs}</tbody></table><br>{inner}</div>')
        if client == "apple_mail":
            return (f'<div><br><blockquote type="cite"><div>{escape(line)}</div><br><div>{rows}</div><br>{inner}'
                    "</blockquote></div>")
        if client == "gmail":
            return (f'<div class="gmail_quote"><div dir="ltr" class="gmail_attr">{escape(line)}<br>{rows}<br></div>'
                    f"<br><br>{self._link_html(inner) if self._linked else inner}</div>")
        return f"<div><p>{escape(line)}<br>{rows}</p>{inner}</div>"

    def _wrap(self, client: str, inner: str, closing: str, sig: str) -> str:
        sig_html = "<br>".join(escape(x) for x in sig.split("\n"))
        close = escape(closing)
        if client == "outlook":
            return ('<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
                    'xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40"><head>'
                    '<meta name=Generator content="Microsoft Word 15 (filtered medium)"><style><!--p.MsoNormal, '
                    'li.MsoNormal{margin:0cm;font-size:11.0pt;font-family:"Aptos",sans-serif}p.MsoListParagraph'
                    '{margin-left:36.0pt}--></style></head><body lang=EN-GB link="#467886" vlink="#96607D" '
                    f'style=\'word-wrap:break-word\'><div class=WordSection1>{inner}'
                    f"<p class=MsoNormal>{close}<o:p></o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p>"
                    f"<p class=MsoNormal><span style='font-size:10.0pt;color:#1F3864'>{sig_html}</span><o:p></o:p>"
                    "</p></div></body></html>")
        if client == "owa":
            return ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><style '
                    'type="text/css" style="display:none;"> P {margin-top:0;margin-bottom:0;} </style></head>'
                    f'<body dir="ltr">{inner}<div class="elementToProof">{close}</div><div id="Signature">'
                    f'<div style="font-size:10pt;color:#444">{sig_html}</div></div></body></html>')
        if client == "gmail":
            inner = self._link_html(inner) if self._linked else inner
            return (f'<div dir="ltr">{inner}<div>{close}</div><div><br></div><span '
                    'class="gmail_signature_prefix">-- </span><br><div dir="ltr" class="gmail_signature" '
                    f'data-smartmail="gmail_signature"><div dir="ltr">{sig_html}</div></div></div>')
        if client == "apple_mail":
            return ('<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head><body '
                    'style="overflow-wrap: break-word; -webkit-nbsp-mode: space; line-break: after-white-space;">'
                    f"{inner}<div>{close}</div><div><br></div><div>{sig_html}</div></body></html>")
        if client == "iphone":
            return ('<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head>'
                    f'<body dir="auto"><div dir="ltr">{inner}<div dir="ltr">{close}</div><br><div dir="ltr">'
                    f"{sig_html}</div></div></body></html>")
        if client == "thunderbird":
            return ('<!DOCTYPE html><html><head><meta http-equiv="content-type" content="text/html; charset=UTF-8">'
                    f'</head><body>{inner}<p>{close}</p><div class="moz-signature">-- <br>{sig_html}</div></body>'
                    "</html>")
        return (f'<html><body style="font-family:Segoe UI,Arial,sans-serif;font-size:14px">{inner}<p>{close}</p>'
                f"<p>{sig_html}</p></body></html>")

    # MIME

    def _charset(self) -> str:
        return self.rng.choice({
            "outlook": ["utf-8", "utf-8", "windows-1252", "windows-1252", "iso-8859-1"],
            "thunderbird": ["utf-8", "utf-8", "iso-8859-1"],
            "ticket_system": ["utf-8", "iso-8859-1"],
        }.get(self.client, ["utf-8"]))

    def _headers(self, msg: EmailMessage, mid: str, subject: str, person, charset: str) -> None:
        rng, client, w = self.rng, self.client, self.writer
        host = w.address.partition("@")[2]
        name = person[0]
        if client == "ticket_system":
            name = f"{person[0]} (Northgate Service Desk)"
        elif client == "supportdesk":
            name = "Krystal Support"
        elif w.key in ("names", "ops") and rng.random() < 0.4:
            name = f"{w.registrar} Domains"
        msg["From"] = f'"{name}" <{w.address}>'
        msg["To"] = rng.choice([BOT, f'"Registry Lock" <{BOT}>', f'".gov.uk Registry Lock" <{BOT}>'])
        msg["Subject"] = _fit(subject, charset)
        msg["Date"] = DATE.format(rng.choice([7, 8, 8, 9]), rng.randrange(60))
        hexes = "".join(rng.choice("0123456789ABCDEF") for _ in range(24))
        if client in ("outlook", "owa"):
            box = rng.choice(["LO2P265", "CWLP123", "DB9PR08", "AM0PR02"])
            server = f"{box}MB{rng.randrange(1000, 9999)}.GBRP265.PROD.OUTLOOK.COM"
            msg["Message-ID"] = f"<{box}MB{hexes}{mid.upper()}@{server}>"
            msg["Thread-Topic"] = _fit(subject.removeprefix("FW: "), charset)
            msg["Thread-Index"] = "AQH" + "".join(rng.choice("abcdefghijkLMNOPQRS0123456789") for _ in range(25))
            msg["Content-Language"] = "en-GB"
            msg["X-MS-Has-Attach"] = "yes" if self._attached else ""
            msg["X-MS-TNEF-Correlator"] = ""
            if client == "outlook":
                msg["X-Mailer"] = "Microsoft Outlook 16.0"
        elif client == "gmail":
            msg["Message-ID"] = f"<CA+{hexes.lower()}{mid}{rng.getrandbits(40):x}@mail.gmail.com>"
        elif client in ("apple_mail", "iphone"):
            u = f"{rng.getrandbits(128):032X}"
            msg["Message-ID"] = f"<{u[:8]}-{u[8:12]}-{u[12:16]}-{u[16:20]}-{mid.upper()}{u[20:]}@{host}>"
            msg["X-Mailer"] = "Apple Mail (2.3826.400.120.2.2)" if client == "apple_mail" else \
                rng.choice(["iPhone Mail (22C152)", "iPhone Mail (22B91)"])
        elif client == "thunderbird":
            msg["Message-ID"] = f"<{rng.getrandbits(128):032x}{mid}@{host}>"
            msg["User-Agent"] = rng.choice(["Mozilla Thunderbird", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) "
                                            "Gecko/20100101 Thunderbird/128.5.2"])
            msg["Content-Language"] = "en-GB"
        elif client == "ticket_system":
            msg["Message-ID"] = f"<ngd.{mid}.{rng.getrandbits(48):x}@{host}>"
            msg["X-Helpdesk-Ticket"] = self._ticket
        elif client == "supportdesk":
            msg["Message-ID"] = f"<{rng.getrandbits(64):x}.{mid}@{host}>"
            msg["X-Mailer"] = "WHMCS"
        else:
            msg["Message-ID"] = f"<{mid}.{rng.getrandbits(64):x}@crm.{host}>"
            msg["X-Mailer"] = "Microsoft CRM 9.2"

    _ticket = ""
    _attached = False
    _linked = False  # Gmail made links of the host names

    def _mime(self, mid, subject, blocks, attachment, person, asks) -> tuple[bytes, str, str, str]:
        rng, client = self.rng, self.client
        charset = self._charset()
        greeting, closing = self._greeting(), self._closing()
        signature = self._signature(person)
        top = ([("p", greeting)] if greeting else []) + [b for b in blocks if b[0] != "fwd"]
        fwd = [b for b in blocks if b[0] == "fwd"]
        linked = self._linked = client == "gmail" and rng.random() < 0.7
        self._ticket = f"NGD-{rng.randrange(40000, 60000)}"
        if client == "ticket_system":
            subject = f"[{self._ticket}] {subject}"
        elif client == "supportdesk":
            subject = f"[Ticket ID: {rng.randrange(100000, 999999)}] {subject}"
        elif client == "html_only":
            subject = f"{subject} CRM:000{rng.randrange(1000, 9999)}"
        sig_text = "-- \n" + signature if client == "thunderbird" else "\n-- \n" + signature if client == "gmail" \
            else signature
        text = self._plain(top, client, linked) + "\n\n" + (closing + "\n" if closing else "") + sig_text
        if fwd:
            text += "\n\n" + self._plain(fwd, client, linked)
        if client == "ticket_system":
            text = ("##- Please type your reply above this line -##\n\n" + text +
                    f"\n\n--\nNorthgate Domains Service Desk | Ticket {self._ticket} | Status: Pending registry\n"
                    "You are receiving this because you were copied on this ticket.")
        elif client == "supportdesk":
            tid = subject.split("]")[0].split()[-1]
            text += (f"\n\n----------------------------------------------\nTicket ID: #{tid}\nSubject: "
                     f"{subject.partition('] ')[2]}\nStatus: Awaiting Reply\nTicket URL: "
                     f"https://my.krystalhosting.example/viewticket.php?tid={tid}\n"
                     "----------------------------------------------")
        text += "\n"
        plain_only = client == "thunderbird" and (rng.random() < 0.75 or not any(b[0] in ("list", "table")
                                                                                for b in top)) \
            or client == "iphone" and rng.random() < 0.5
        html = ""
        if not plain_only:
            html = self._wrap(client, self._html(top, client), closing, signature)
            if fwd:
                html = html.replace("</body>", self._html(fwd, client) + "</body>") if "</body>" in html else \
                    html + self._html(fwd, client)
            if client == "ticket_system":
                html = html.replace("font-size:14px\">", "font-size:14px\"><div style=\"color:#b5b5b5\">##- Please "
                                    "type your reply above this line -##</div>", 1).replace(
                    "</body>", f'<p style="color:#888">Northgate Domains Service Desk | Ticket {self._ticket}</p>'
                    "</body>")
        if client not in ("ticket_system", "supportdesk"):
            try:  # a mail client sends in utf-8 what its usual charset cannot hold
                (text + html + subject).encode(charset)
            except UnicodeEncodeError:
                charset = "utf-8"
        text, html = _fit(text, charset), _fit(html, charset)
        msg = EmailMessage()
        self._attached = attachment is not None
        self._headers(msg, mid, subject, person, charset)
        ascii_only = text.isascii()
        if plain_only and client == "thunderbird":
            enc = "7bit" if ascii_only else "8bit"
            msg.set_content(_flowed(text), charset=charset, cte=enc, params={"format": "flowed"})
        elif plain_only:
            enc = "7bit" if ascii_only else "quoted-printable"
            msg.set_content(text, charset=charset, cte=enc)
        else:
            enc = {"outlook": "quoted-printable", "gmail": "quoted-printable", "apple_mail": "quoted-printable",
                   "html_only": "base64", "supportdesk": "8bit"}.get(client, rng.choice(["quoted-printable", "base64"]))
            if client == "html_only":
                msg.set_content(html, subtype="html", charset=charset, cte=enc)
            elif client == "thunderbird":  # composed in HTML: the plain part still flowed, both 7bit or 8bit
                enc = "7bit" if ascii_only and html.isascii() else "8bit"
                msg.set_content(_flowed(text), charset=charset, cte=enc, params={"format": "flowed"})
                msg.add_alternative(html, subtype="html", charset=charset, cte=enc)
            else:
                plain_enc = "7bit" if ascii_only and client == "gmail" else enc
                msg.set_content(text, charset=charset, cte=plain_enc)
                msg.add_alternative(html, subtype="html", charset=charset, cte=enc)
        if attachment is not None:
            filename, data = attachment
            if client in ("outlook", "owa"):
                msg.add_attachment(data.encode("utf-8"), maintype="application", subtype="vnd.ms-excel",
                                   filename=filename)
            else:
                msg.add_attachment(data.encode("utf-8"), maintype="text", subtype="csv", filename=filename)
        return msg.as_bytes(), text, charset, enc

    # --- thread mails ---

    def _thread(self, mid: str, kind: str, target: Mail) -> Mail:
        rng = self.rng
        client = {"supportdesk": "thunderbird", "ticket_system": "thunderbird"}.get(target.client, target.client)
        charset = "utf-8" if client not in ("outlook", "thunderbird") else rng.choice(["utf-8", "windows-1252"]
                                                                                       if client == "outlook" else
                                                                                       ["utf-8", "iso-8859-1"])
        encoding = rng.choice(["quoted-printable", "base64"]) if client != "thunderbird" else "8bit"
        if kind == "reply":
            said = rng.choice(REPLIES[WRITERS_BY_ADDRESS.get(target.sender, "formal")])
            if client == "iphone":
                said += "\n\nSent from my iPhone"
            elif rng.random() < 0.6:
                said += "\n\n" + rng.choice(["Thanks", "Regards", "Kind regards", "Cheers"]) + "\n" + \
                    rng.choice(["Marguerite", "Declan", "Jordan", "Shaz", "Dafydd", "Si\u00e2n", "Imran", "Bex"])
        elif kind == "automatic":
            said = rng.choice(AUTO_REPLIES)
        else:
            said = f"delivery to {target.sender} failed"
        sender = target.sender if kind != "bounce" else "MAILER-DAEMON@mx." + target.sender.partition("@")[2]
        return Mail(mid, kind, kind if kind != "reply" else said.split("\n")[0][:24], client, charset, encoding,
                    sender, kind, None, thread_of=target.id, said=said, seed=self.seed)


WRITERS_BY_ADDRESS = {w.address: w.voice for w in WRITERS.values()}
REPLIES = {
    "formal": ["Thank you, that is the change we requested.", "Many thanks for confirming - that matches our "
               "instruction.", "Noted with thanks.", "Received, thank you. We have told the customer to expect your "
               "call.", "That is correct, thank you."],
    "casual": ["Brilliant, thanks!", "Cheers, that's the one.", "Lovely, ta.", "Spot on, thanks very much.",
               "Perfect - I'll let the council know."],
    "engineer": ["Ack, thanks.", "Looks right. Thanks.", "Confirmed, that's what we sent."],
    "desk": ["Thank you, we have updated the customer's ticket.", "Thanks - ticket updated and customer informed."],
}
AUTO_REPLIES = [
    "Thank you for your email. I am out of the office until Tuesday 1 December with no access to email. For urgent "
    "domain matters please call our service desk.",
    "We have received your message and a member of our support team will respond shortly. Your ticket reference is "
    "584213; please keep it in the subject line of any further correspondence.",
    "I am working reduced hours this week (Monday to Wednesday) and will reply when I am next in.",
    "This mailbox is monitored between 8am and 6pm, Monday to Friday. Messages received outside these hours will be "
    "dealt with on the next working day.",
]

assert set(LAYOUT_SHARES) == set(LAYOUTS) and sum(LAYOUT_SHARES.values()) == sum(CLIENT_SHARES.values()) == 100
