"""A corpus of registrars' change requests for locked domains, with the records each one must result in.

Made by a seeded generator, never picked by hand. A request is a set of asks, one a domain (a complete new set of
name servers; additions and removals; one server replaced by another; DS records, in one line or in labelled
fields), written in one of the layouts registrars use (prose, `Field: value` forms, a label line and a list,
"Current"/"New" lists, two-column current|new tables, add/remove tables as aligned text, Markdown pipes and HTML,
portal and ticket-system exports, "replace X with Y", EPP-style `ns add`/`ns rem`, a CSV attachment, several
domains at once), sent by a mail client in its own way (Outlook, Gmail, Thunderbird, Apple Mail, HTML only, a
ticket system), in utf-8, iso-8859-1 or windows-1252, quoted-printable, base64 or 8bit, with the registrar's
signature and disclaimer. The truth is the records each domain holds once the change is made, computed from the
current records of the registry file the generator writes with the mails (`registry()`), or "asked" for a mail
that is ambiguous on purpose (two lists and no label, one name server left, a server to remove that the domain
does not have, a change to the records it has already).

Mails on a ticket's thread are made once the bot has answered the request they follow (`thread_mail()`): the
registrar's replies in each client's quoting style ("Yes, go ahead", "Thanks"), its auto-replies and bounces. Their
truth is "reply", "automatic" or "bounce": never a request.

Two parts. "tuning" is what the reader may be tuned on: seed 11, seed 12 with some label wordings, layouts and
quoting of its own (once held out, since read by those tuning the reader), seed 15 of the wide generator
(tests/support/request_corpus_wide.py: the same asks written in the many words registrars, resellers, DNS hosts,
ticket systems and portals use), seed 17 in words of its own (tests/support/request_corpus_fresh_tuning.py), and
seeds 18 (service desks and portals, request_corpus_desk.py), 19 (people who write prose, request_corpus_plain.py),
20 (DNS engineers, request_corpus_hosts.py), 22 (registrars' back offices and people on phones: order systems, Excel,
API and Terraform pastes, approvals, corrections; request_corpus_backoffice.py) and 23 (government bodies' own mail
passed on by registrars: protective markings, banners, rewritten links, PGP and S/MIME signatures, Welsh and English;
request_corpus_marked.py), each written by someone who had not read the reader. Seed 24 (request_corpus_webmail.py,
its clients in mail_clients.py: registrars the corpus never had, corporate and brand-protection registrars, a NOC,
resellers in Poland, the Czech Republic, Ireland and India, developers writing diffs and task lists, from Notes,
Roundcube, Horde, Zimbra, SquirrelMail, mutt, Evolution, Outlook for Mac, Yahoo, Proton, Zoho, Fastmail and Spark) was
written the same way for the tuning part, and joined it, last of its seeds, once the reader made no wrong change of
it; seeds 26-30 draw again from the generators of seeds 15, 17, 19, 20 and 18 (REDRAWN), 30 joining once the reader
made no wrong change of it. A seed may bring registrars of its own (they join the registry file) and make its thread
mails in its own clients' shapes (THREAD_MAKERS).
"held-out" is only ever measured: seed 13 has wordings and layouts the tuning part never has, made by
tests/support/request_corpus_held_out.py; seed 14 is the wide generator's other seed; seeds 16
(tests/support/request_corpus_fresh.py) and 21 (tests/support/request_corpus_unseen.py) are written in words of
their own by people who never read the reader or the other generators. Those who tune the reader never open these
modules: they learn from the tuning part's mails. Seed 25 (tests/support/request_corpus_inbox.py, an ordinary month
of the inbox in the shares it arrives in) was written the same way to be held out, but its first reading made wrong
changes, which cannot be mended unseen: it joined the tuning part instead once they were. Seed 31
(tests/support/request_corpus_sample.py), a month of the inbox written afresh the same way by someone who read
neither the reader nor the other generators, takes its place in the held-out part. Seed 32
(tests/support/request_corpus_field.py: registrars abroad writing English as a second language, cloud DNS consoles'
pastes, helpdesks' notifications, phones and Macs, HTML whose plain part renders it poorly, one request in 20
ambiguous on purpose) was written for the tuning part by someone who had not read the reader, and joined it, last,
once the reader made no wrong change of it. Seed 33 (tests/support/request_corpus_supply.py: outsourced government IT
suppliers' change records, spreadsheets pasted into mail, name servers with their glue addresses, corrections,
DNSSEC as zone-file, CDS and DNSKEY lines, DNS hosting moving between suppliers, and polite non-technical staff; one
request in 20 ambiguous on purpose) was written the same way, and joined the tuning part, last, once the reader made
no wrong change of it and read 97% of it exactly. Seed 34 (tests/support/request_corpus_machine.py: registrars'
technical staff and their automation pasting what their tools print: a registrar's API bodies and refusals, EPP XML in
a client's log, zone-file blocks, unified diffs, dig and whois output, Terraform, dnscontrol and OctoDNS plans, Ansible
output, box tables, CSV with a byte order mark, log lines; one request in 20 ambiguous on purpose) was written the same
way, and joined the tuning part, last, once the reader made no wrong change of it. Seed 35
(tests/support/request_corpus_relay.py: what government customers asked, relayed by their registrars in the
customers' own words: forwards inline, twice and attached as message/rfc822, Welsh public bodies writing in Welsh and
English, Teams and Slack chats pasted into mail, minutes' actions, web-form submissions, mail dictated on phones,
managers' approval chains; one request in 20 ambiguous on purpose) joins it the same way (JOINING).

`measure(app, part)` runs a part through mailbot.ingest.receive.receive() and says how each mail was read.
"""

from __future__ import annotations

import importlib
import json
import random
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from html import escape

from tests.support.intent_corpus import DISCLAIMERS as SECURITY_DISCLAIMERS

PARTS = ("tuning", "held-out")
SEEDS = {"tuning": (11, 12, 15, 17, 18, 19, 20, 22, 23, 26, 27, 28, 29, 24, 25, 30, 32, 33, 34),
         "held-out": (13, 14, 16, 21, 31)}
# Seeds written but not yet read with their part, each with the part it joins once the reader makes no wrong change
# of it: measured alone meanwhile (bench/reading.py --seed), and a held-out one as held out as the part's own. A seed
# joins last of its part's, so that the mails of those before it, and the third of them tests/test_reading.py reads,
# stay as they were.
JOINING: dict[int, str] = {35: "tuning"}
# The requests made of each seed.
SIZES = {11: 420, 12: 300, 13: 300, 14: 300, 15: 400, 16: 300, 17: 400, 18: 300, 19: 300, 20: 300, 21: 300,
         22: 300, 23: 300, 24: 300, 25: 300, 26: 400, 27: 300, 28: 300, 29: 300, 30: 300, 31: 300,
         32: 300, 33: 300, 34: 300, 35: 300}
# The first letter of each seed's ids.
PREFIXES = {11: "t", 12: "u", 13: "x", 14: "y", 15: "w", 16: "z", 17: "v", 18: "a", 19: "b", 20: "c", 21: "d",
            22: "e", 23: "f", 24: "g", 25: "h", 26: "j", 27: "k", 28: "m", 29: "n", 30: "o", 31: "q",
            32: "r", 33: "s", 34: "p", 35: "l"}
# The generator of each seed other than 11 and 12 (this module's own), as "module:class", made with (part, seed).
GENERATORS = {13: "tests.support.request_corpus_held_out:HeldOutGenerator",
              14: "tests.support.request_corpus_wide:WideGenerator",
              15: "tests.support.request_corpus_wide:WideGenerator",
              16: "tests.support.request_corpus_fresh:FreshGenerator",
              17: "tests.support.request_corpus_fresh_tuning:FreshTuningGenerator",
              18: "tests.support.request_corpus_desk:DeskGenerator",
              19: "tests.support.request_corpus_plain:PlainGenerator",
              20: "tests.support.request_corpus_hosts:HostsGenerator",
              21: "tests.support.request_corpus_unseen:UnseenGenerator",
              22: "tests.support.request_corpus_backoffice:BackOfficeGenerator",
              23: "tests.support.request_corpus_marked:MarkedGenerator",
              24: "tests.support.request_corpus_webmail:WebmailGenerator",
              25: "tests.support.request_corpus_inbox:InboxGenerator",
              26: "tests.support.request_corpus_wide:WideGenerator",
              27: "tests.support.request_corpus_fresh_tuning:FreshTuningGenerator",
              28: "tests.support.request_corpus_plain:PlainGenerator",
              29: "tests.support.request_corpus_hosts:HostsGenerator",
              30: "tests.support.request_corpus_desk:DeskGenerator",
              31: "tests.support.request_corpus_sample:SampleGenerator",
              32: "tests.support.request_corpus_field:FieldGenerator",
              33: "tests.support.request_corpus_supply:SupplyGenerator",
              34: "tests.support.request_corpus_machine:MachineGenerator",
              35: "tests.support.request_corpus_relay:RelayGenerator"}
# The seeds whose thread mails their own generator's module makes, in its clients' shapes: "module:function", called
# as thread_mail() is.
THREAD_MAKERS = {24: "tests.support.request_corpus_webmail:thread_mail"}
WIDE = (14, 15, 26)  # seeds of tests/support/request_corpus_wide.py: its wide vocabulary, one tuned on, one held out
# Seeds that draw again from a tuning seed's generator (its words, new choices among them), each with the word put
# before its organisations' names so that they are not the first draw's: what the first draw's tuning learnt only
# by heart shows here.
REDRAWN = {26: "upper", 27: "lower", 28: "east", 29: "west", 30: "north"}
BOT = "registrylock@registry.example"
ZONE = "gov.uk"
DATE = "Fri, 27 Nov 2026 {:02d}:{:02d}:00 +0000"

LAYOUTS = ("prose", "form", "label_list", "current_new_lists", "current_new_table", "add_remove_table", "portal",
           "replace", "epp", "csv", "multi_domain", "ds")
SEED_12_LAYOUTS = ("form_table", "tsv")  # only seed 12 of the tuning part has them
CLIENTS = ("outlook", "gmail", "thunderbird", "apple_mail", "html_only", "ticket_system")
CHARSETS = ("utf-8", "iso-8859-1", "windows-1252")
ENCODINGS = ("quoted-printable", "base64", "8bit")
THREAD_KINDS = ("reply", "automatic", "bounce")

REGISTRARS = [
    {"name": "Example Registrar Ltd", "emails": ["requests@registrar.example", "noc@registrar.example"]},
    {"name": "Other Names plc", "emails": ["domains@othernames.example"]},
    {"name": "Krystal Hosting Ltd", "emails": ["govdomains@krystalhosting.example"]},
    {"name": "Northgate Domains", "emails": ["support@northgatedomains.example",
                                             "servicedesk@tickets.northgatedomains.example"]},
    {"name": "Civic DNS Services", "emails": ["dns@civicdns.example"]},
]
TICKET_SENDER = "servicedesk@tickets.northgatedomains.example"

PLACES = [
    "northshire", "eastmere", "westbrook", "southwold", "ashby", "brackley", "carnforth", "dunmore", "elmstead",
    "fairhaven", "glenmoor", "harwick", "ilsworth", "jarrowby", "kingsmere", "langdale", "marlow", "netherby",
    "oakham", "penrith", "queensbury", "redmarsh", "stowe", "thornbury", "ulverston", "verwood", "wetherby",
    "yarmouth", "ambleside", "bassett", "cromer", "dereham", "epping", "frome", "grantham", "hexham", "ilkley",
    "kendal", "ludlow", "malton", "newent", "otley", "pershore", "ripon", "settle", "tetbury", "uckfield",
    "wantage", "alston", "bampton", "chard", "dulverton", "eye", "falmouth", "gosport", "hythe", "ixworth",
    "keswick", "leek", "morpeth", "nailsea", "olney", "padstow", "ramsey", "selby", "thame", "upton", "wells",
    "alnwick", "bude", "clitheroe", "dorking", "ely", "fakenham", "goole", "holt", "ivybridge", "knutsford",
]
KINDS = [("", "{} Council"), ("-cc", "{} County Council"), ("dc", "{} District Council"),
         ("-bc", "{} Borough Council"), ("-pc", "{} Parish Council"), ("-fire", "{} Fire and Rescue Service"),
         ("-tc", "{} Town Council"), ("-ca", "{} Combined Authority"), ("-nhs", "{} Health Partnership"),
         ("-police", "{} Police Authority")]

MORE_KINDS = [("-fra", "{} Fire Authority"), ("-icb", "{} Integrated Care Board"), ("-port", "{} Port Authority"),
              ("-lib", "{} Library Service"), ("-parks", "{} National Park Authority"), ("-trust", "{} Schools Trust")]
CF_NAMES = ["ada", "bob", "cruz", "dana", "elle", "fred", "gina", "hank", "ivan", "jill", "kiki", "lara", "mike",
            "nina", "olga", "pete", "rita", "sam", "tess", "uma", "vera", "walt", "yoel", "zara"]


def _provider_set(rng: random.Random, domain: str) -> list[str]:
    """The name servers of one DNS provider, as registrars copy them from the provider's console."""
    kind = rng.randrange(8)
    if kind == 0:
        a, b = rng.sample(CF_NAMES, 2)
        return [f"{a}.ns.cloudflare.com", f"{b}.ns.cloudflare.com"]
    if kind == 1:
        n = rng.randrange(1, 2000)
        return [f"ns-{n}.awsdns-{rng.randrange(10, 64)}.org", f"ns-{n + 500}.awsdns-{rng.randrange(10, 64)}.co.uk",
                f"ns-{n + 900}.awsdns-{rng.randrange(10, 64)}.com", f"ns-{n + 200}.awsdns-{rng.randrange(10, 64)}.net"]
    if kind == 2:
        k = rng.randrange(1, 10)
        return [f"ns1-0{k}.azure-dns.com", f"ns2-0{k}.azure-dns.net", f"ns3-0{k}.azure-dns.org",
                f"ns4-0{k}.azure-dns.info"]
    if kind == 3:
        k = rng.randrange(1, 10)
        return [f"dns{i}.p0{k}.nsone.net" for i in range(1, 5)]
    if kind == 4:
        return [f"ns{i}.{domain}" for i in rng.choice([(0, 1), (1, 2), (1, 2, 3)])]
    if kind == 5:
        return [f"ns{i}.jisc-dns.example.net" for i in rng.choice([(1, 2), (1, 2, 3)])]
    if kind == 6:
        host = rng.choice(["krystal.uk", "dns.ukfast.net", "nameserver.co.uk", "civicdns.example"])
        return [f"ns{i}.{host}" for i in (1, 2)]
    return [f"{p}.dns.gov-hosting.example" for p in rng.choice([("a", "b"), ("a", "b", "c"), ("ns-a", "ns-b")])]


def _ds(rng: random.Random) -> str:
    digest_type = rng.choice([2, 2, 2, 4])
    digest = "".join(rng.choice("0123456789ABCDEF") for _ in range(64 if digest_type == 2 else 96))
    return f"{rng.randrange(1, 65536)} {rng.choice([8, 13, 13])} {digest_type} {digest}"


# --- what a mail asks -------------------------------------------------------------------------------------------

@dataclass
class DomainAsk:
    """One domain's current records and what the mail asks of them."""

    domain: str
    organisation: str
    current_ns: list[str]
    current_ds: list[str]
    new_ns: list[str] | None = None  # a complete set
    add_ns: list[str] = field(default_factory=list)
    remove_ns: list[str] = field(default_factory=list)
    new_ds: list[str] | None = None
    add_ds: list[str] = field(default_factory=list)
    remove_ds: list[str] = field(default_factory=list)

    def truth(self) -> dict[str, tuple[str, ...]]:
        out = {}
        if self.new_ns is not None or self.add_ns or self.remove_ns:
            ns = self.new_ns if self.new_ns is not None else \
                [v for v in self.current_ns if v not in self.remove_ns] + self.add_ns
            out["nameservers"] = tuple(sorted(ns))
        if self.new_ds is not None or self.add_ds or self.remove_ds:
            ds = self.new_ds if self.new_ds is not None else \
                [v for v in self.current_ds if v not in self.remove_ds] + self.add_ds
            out["ds"] = tuple(sorted(ds))
        return out


@dataclass(frozen=True)
class Mail:
    id: str
    kind: str  # "request", "ambiguous", or one of THREAD_KINDS
    layout: str  # a request's layout; a thread mail's: what it says ("yes", "thanks", "out_of_office"...)
    client: str
    charset: str
    encoding: str
    sender: str
    truth: object  # a request's {domain: {field: resulting values}}; else "asked" or the thread kind
    raw: bytes | None = None  # None for a thread mail, made from the bot's mail by thread_mail()
    thread_of: str | None = None  # the id of the request on whose ticket's thread it is written
    said: str = ""  # what the person wrote (a request's plain text; a reply's words)
    seed: int = 0  # the seed of the generator that made it


@dataclass
class Corpus:
    part: str
    registry: dict
    mails: list[Mail]

    def write_registry(self, path) -> None:
        with open(path, "w", encoding="utf-8") as f:
            json.dump(self.registry, f, indent=1)


def corpus(part: str, *, requests: int | None = None, seeds: tuple[int, ...] | None = None) -> Corpus:
    """The mails of `part` (or of `seeds` alone) and the registry records they are read against, the same on every
    run: each seed makes SIZES[seed] requests (or `requests`) and their thread mails, for organisations of its own."""
    if part not in PARTS:
        raise ValueError(f"no such part: {part!r}")

    def generator(seed: int) -> Generator:
        if seed not in GENERATORS:
            return Generator(part, seed, variants=seed == 12)
        module, _, name = GENERATORS[seed].partition(":")
        return getattr(importlib.import_module(module), name)(part, seed)

    generators = [generator(seed) for seed in (seeds or SEEDS[part])]
    registry, mails, taken = {"registrars": REGISTRARS, "organisations": []}, [], set()
    for g in generators:
        if g.seed in WIDE:  # a third seed in one part: more organisations than the places and kinds above make
            g.free_names = [(place + suffix, org.format(place.capitalize())) for place in PLACES
                            for suffix, org in MORE_KINDS] + g.free_names
        if g.seed in REDRAWN:  # another draw of a generator already in the part: places of other names
            word = REDRAWN[g.seed]
            g.free_names = [(f"{word}-{name}", f"{word.capitalize()} {org}") for name, org in g.free_names]
        # A later seed's organisations are not an earlier one's, by domain or by name, so that the part is one
        # registry file.
        g.free_names = [n for n in g.free_names if n[0] not in taken and n[1] not in taken]
        made = g.make(requests if requests is not None else SIZES[g.seed])
        taken |= {org["domains"][0]["name"].partition(".")[0] for org in made.registry["organisations"]}
        taken |= {org["name"] for org in made.registry["organisations"]}
        registry["organisations"] += made.registry["organisations"]
        # A seed may bring registrars of its own: they join the file's list, once.
        registry["registrars"] = registry["registrars"] + [r for r in made.registry["registrars"]
                                                          if r not in registry["registrars"]]
        mails += made.mails
    return Corpus(part, registry, mails)


def clients_of(seed: int) -> tuple[str, ...]:
    """The mail clients a seed's requests are written with: the base's, or its generator's own."""
    if seed not in GENERATORS:
        return CLIENTS
    module, _, name = GENERATORS[seed].partition(":")
    return tuple(getattr(importlib.import_module(module), name).clients)


class Generator:
    def __init__(self, part: str, seed: int, *, variants: bool = False):
        self.part, self.seed, self.prefix = part, seed, PREFIXES.get(seed, "p")
        self.variants = variants  # seed 12's own wordings and layouts
        self.rng = random.Random(seed)
        names = [(place + suffix, org.format(place.capitalize())) for place in PLACES for suffix, org in KINDS]
        self.rng.shuffle(names)
        self.free_names = names
        self.organisations: dict[str, dict] = {}
        self.layouts = LAYOUTS + (SEED_12_LAYOUTS if self.variants else ())

    charset = encoding = None  # chosen for each mail unless set
    clients = CLIENTS

    def _build(self, *args) -> tuple[bytes, str]:
        """The MIME of a request (the held-out part's generator has clients of its own)."""
        return build_mail(*args)

    def _disclaimers(self) -> list[str]:
        return _REGISTRAR_DISCLAIMERS + ([SECURITY_DISCLAIMERS[1]] if self.variants else [])

    def _replies(self) -> list[str]:
        return _REPLIES + (_SEED_12_REPLIES if self.variants else [])

    def _auto_replies(self) -> list[str]:
        return _AUTO_REPLIES

    # the registry file

    def _domains(self, registrar: str, count: int) -> list[DomainAsk]:
        """`count` new locked domains of one organisation, with their current records."""
        rng = self.rng
        base, org = self.free_names.pop()
        names = [base] + [f"{base}{s}" for s in ("-services", "-online", "-digital")][:count - 1]
        asks = []
        contacts = [{"role": "security", "email": f"cyber-security@{base}.gov.uk",
                     "phone": f"+44 20 7946 {rng.randrange(1000, 9999)}", "name": f"{org} Security Operations"},
                    {"role": "technical", "email": f"it-infrastructure@{base}.gov.uk"},
                    {"role": "notify", "email": f"dns-changes@{base}.gov.uk"}]
        domains = []
        for name in names:
            domain = f"{name}.{ZONE}"
            ns = _provider_set(rng, domain)[:rng.choice([2, 2, 2, 3, 4])]
            ds = [_ds(rng)] if rng.random() < 0.35 else []
            domains.append({"name": domain, "locked": True, "registrar": registrar, "registrant": org,
                            "nameservers": ns, "ds": ds, "whois_contacts": [f"hostmaster@{base}.gov.uk"]})
            asks.append(DomainAsk(domain, org, list(ns), list(ds)))
        self.organisations[org] = {"name": org, "contacts": contacts, "domains": domains}
        return asks

    def registry(self) -> dict:
        return {"registrars": REGISTRARS, "organisations": list(self.organisations.values())}

    # the mails

    def make(self, requests: int) -> Corpus:
        rng = self.rng
        mails: list[Mail] = []
        for i in range(requests):
            mid = f"{self.prefix}{i:04d}"
            ambiguous = i % 40 == 39  # ambiguous on purpose: 2.5%
            layout = "ambiguous" if ambiguous else self.layouts[i % len(self.layouts)]
            clients = self.clients
            client = clients[(i // len(self.layouts)) % len(clients)] if not ambiguous else rng.choice(clients)
            mails.append(self.request(mid, layout, client))
        requests_made = [m for m in mails if m.kind == "request"]
        for k in range(max(60, requests // 6)):
            target = rng.choice(requests_made if k % 5 else [m for m in mails if m.kind == "ambiguous"])
            kind = THREAD_KINDS[0] if k % 6 < 4 else THREAD_KINDS[1] if k % 6 == 4 else THREAD_KINDS[2]
            mails.append(self._thread(f"{self.prefix}r{k:03d}", kind, target))
        return Corpus(self.part, self.registry(), mails)

    def request(self, mid: str, layout: str, client: str) -> Mail:
        rng = self.rng
        registrar = rng.choice(REGISTRARS)
        sender = TICKET_SENDER if client == "ticket_system" else rng.choice(
            [e for e in registrar["emails"] if e != TICKET_SENDER])
        if client == "ticket_system":
            registrar = next(r for r in REGISTRARS if TICKET_SENDER in r["emails"])
        asks = self._domains(registrar["name"], rng.choice([2, 3]) if layout == "multi_domain" else 1)
        writer = getattr(self, "_w_" + layout)
        subject, blocks, attachment = writer(asks)
        truth = "asked" if layout == "ambiguous" else {a.domain: a.truth() for a in asks}
        charset, encoding = self.charset or rng.choice(CHARSETS), self.encoding or rng.choice(ENCODINGS)
        opening = rng.choice(self._openings())
        closing = rng.choice(["Kind regards,", "Many thanks,", "Regards", "Thanks,", "Best regards,", ""])
        blocks = ([("p", opening)] if opening else []) + blocks
        raw, said = self._build(rng, mid, client, charset, encoding, sender, registrar["name"], subject, blocks,
                           closing, self._signature(registrar["name"], sender), attachment)
        return Mail(mid, "ambiguous" if layout == "ambiguous" else "request", layout, client, charset, encoding,
                    sender, truth, raw, said=said, seed=self.seed)

    def _openings(self) -> list[str]:
        out = ["Hello,", "Hi team,", "Dear Registry Lock team,", "Good morning,",
               "Please could you action the following change on behalf of our customer.", ""]
        if self.variants:
            out += ["Afternoon all,", "To whom it may concern,", "Further to our customer's instruction, see below."]
        return out

    def _signature(self, registrar: str, sender: str) -> str:
        rng = self.rng
        person = rng.choice(["Tom Fletcher", "Aisha Khan", "Gareth Jones", "Siobhán O'Neill", "Zoë Clarke",
                             "Domains Team", "Priya Shah"])
        host = sender.partition("@")[2]
        lines = [person, f"Domain Services | {registrar}",
                 f"T: 0333 {rng.randrange(100, 999)} {rng.randrange(1000, 9999)}", f"https://www.{host}"]
        if rng.random() < 0.4:
            lines.append("Registered in England & Wales No. 04123456 · VAT GB 123 4567 89")
        disclaimer = rng.choice(self._disclaimers())
        sig = "\n".join(lines)
        return sig + ("\n\n" + disclaimer if disclaimer else "")

    # --- layouts: each gives (subject, blocks, attachment) ---

    def _subject(self, asks: list[DomainAsk], what: str = "Name server change") -> str:
        names = ", ".join(a.domain for a in asks)
        pick = [f"{what} for {names}", f"NS update - {names}", f"Change request: {names}", f"{names}: {what.lower()}",
                f"URGENT: {what.lower()} {names}", f"Registry Lock change request {names}"]
        if self.variants:
            pick += [f"Delegation update ({names})", f"[Ticket] Nameserver modification {names}"]
        return self.rng.choice(pick)

    jitter = False  # the property test's requests: values in any order, with stray whitespace

    def _host(self, value: str) -> str:
        """A name server as a person types it: sometimes in capitals, sometimes with the root's dot."""
        r = self.rng.random()
        if self.jitter and self.rng.random() < 0.3:
            value = self.rng.choice([" ", "  ", "\t"]) + value + self.rng.choice(["", " ", "  "])
        if r < 0.08:
            return value.upper()
        if r < 0.15:
            return value + "."
        return value

    def _new_set(self, ask: DomainAsk) -> list[str]:
        new = _provider_set(self.rng, ask.domain)[:self.rng.choice([2, 2, 3, 4])]
        while sorted(new) == sorted(ask.current_ns) or len(new) < 2:
            new = _provider_set(self.rng, ask.domain)[:2]
        if self.jitter:
            self.rng.shuffle(new)
        ask.new_ns = new
        return new

    def _add_remove(self, ask: DomainAsk) -> None:
        """Additions and removals the domain's records allow: a move, one more, one fewer, or one swapped."""
        rng, cur = self.rng, ask.current_ns
        shape = rng.randrange(4)
        if shape == 0 or len(cur) < 3 and shape == 2:
            ask.remove_ns = list(cur)
            ask.add_ns = self._fresh(ask, rng.choice([2, 2, 3]))
        elif shape == 1:
            ask.add_ns = self._fresh(ask, 1)
        elif shape == 2:
            ask.remove_ns = [rng.choice(cur)]
        else:
            ask.remove_ns = [rng.choice(cur)]
            ask.add_ns = self._fresh(ask, 1)

    def _fresh(self, ask: DomainAsk, n: int) -> list[str]:
        while True:
            new = _provider_set(self.rng, ask.domain)
            if not set(new) & set(ask.current_ns) and len(new) >= n:
                return new[:n]

    def _w_prose(self, asks):
        rng, a = self.rng, asks[0]
        new = [self._host(v) for v in self._new_set(a)]
        listed = _and(new)
        cur = _and(a.current_ns)
        sentences = [
            f"Please update the name servers for {a.domain} to {listed}.",
            f"Could you change the nameservers of {a.domain} to {listed}? Thank you.",
            f"Our customer {a.organisation} has asked us to move {a.domain} to their new DNS provider. "
            f"The new name servers are {listed}.",
            f"Please change the NS records for {a.domain} from {cur} to {listed}.",
            f"We would like the delegation of {a.domain} updated to {listed} (currently {cur}).",
        ]
        if self.variants:
            sentences += [f"Kindly switch {a.domain} over to {listed}, replacing {cur}.",
                          f"{a.domain} is moving DNS provider: please point it at {listed} instead of {cur}."]
        return self._subject(asks), [("p", rng.choice(sentences))], None

    def _w_form(self, asks):
        rng, a = self.rng, asks[0]
        new = [self._host(v) for v in self._new_set(a)]
        if rng.random() < 0.5:
            pairs = [("Domain", a.domain)] + [(f"Nameserver {i}", v) for i, v in enumerate(new, 1)]
        else:
            pairs = [("Domain name", a.domain), ("Name servers", rng.choice([", ", " ", "; "]).join(new))]
        if rng.random() < 0.3:
            pairs.append(("Registrant", "unchanged"))
            pairs.append(("DS records", "no change"))
        if self.variants and rng.random() < 0.5:
            pairs = [(k.replace("Nameserver", "Requested nameserver").replace("Name servers", "Proposed name servers"),
                      v) for k, v in pairs]
        return self._subject(asks), [("p", "Please make the following change:"), ("fields", pairs)], None

    def _w_form_table(self, asks):  # seed 12 only: a form as an HTML two-column table of labels and values
        a = asks[0]
        new = [self._host(v) for v in self._new_set(a)]
        rows = [["Domain", a.domain]] + [[f"New nameserver {i}", v] for i, v in enumerate(new, 1)]
        return self._subject(asks), [("p", "Change details below."), ("table", None, rows, "html")], None

    def _labels_new(self) -> list[str]:
        out = ["New name servers:", "New nameservers:", "Please set the name servers to:", "New NS records:",
               "The new name servers are as follows:", "Nameservers (new):"]
        if self.variants:
            out += ["Proposed nameservers:", "Requested name servers -", "Replacement NS:"]
        return out

    def _labels_current(self) -> list[str]:
        out = ["Current name servers:", "Old nameservers:", "Existing name servers:", "Current NS records:"]
        if self.variants:
            out += ["Present delegation:", "Nameservers being replaced:"]
        return out

    def _list_style(self) -> str:
        return self.rng.choice(["bullet", "number", "plain", "dash"])

    def _w_label_list(self, asks):
        rng, a = self.rng, asks[0]
        new = [self._host(v) for v in self._new_set(a)]
        intro = rng.choice([f"Please update {a.domain} as below.", f"Domain: {a.domain}",
                            f"We have a change for {a.domain}."])
        return self._subject(asks), [("p", intro), ("list", rng.choice(self._labels_new()), new, self._list_style())], \
            None

    def _w_current_new_lists(self, asks):
        rng, a = self.rng, asks[0]
        new = [self._host(v) for v in self._new_set(a)]
        style = self._list_style()
        blocks = [("p", f"Please update the name servers for {a.domain}."),
                  ("list", rng.choice(self._labels_current()), list(a.current_ns), style),
                  ("list", rng.choice(self._labels_new()), new, style)]
        if rng.random() < 0.3:  # new first, current after
            blocks[1], blocks[2] = blocks[2], blocks[1]
        return self._subject(asks), blocks, None

    def _w_current_new_table(self, asks):
        rng, a = self.rng, asks[0]
        new = [self._host(v) for v in self._new_set(a)]
        headers = [["Current", "New"], ["Current name servers", "New name servers"], ["Old NS", "New NS"]]
        if self.variants:
            headers += [["Existing", "Requested"], ["From", "To"]]
        header = rng.choice(headers)
        n = max(len(new), len(a.current_ns))
        rows = [[a.current_ns[i] if i < len(a.current_ns) else "", new[i] if i < len(new) else ""] for i in range(n)]
        if rng.random() < 0.3:
            header, rows = header[::-1], [r[::-1] for r in rows]
        style = rng.choice(["aligned", "markdown", "html"])
        return self._subject(asks), [("p", f"Name server change for {a.domain}:"), ("table", header, rows, style)], None

    def _actions(self) -> tuple[str, str]:
        pick = [("ADD", "REMOVE"), ("Add", "Remove"), ("add", "delete"), ("ADD", "DEL")]
        if self.variants:
            pick += [("Insert", "Remove"), ("+", "-")]
        return self.rng.choice(pick)

    def _w_add_remove_table(self, asks):
        rng, a = self.rng, asks[0]
        self._add_remove(a)
        add, rem = self._actions()
        rows = [[a.domain, rem, self._host(v)] for v in a.remove_ns] \
            + [[a.domain, add, self._host(v)] for v in a.add_ns]
        if rng.random() < 0.3:
            rows = [[a.domain, add, self._host(v)] for v in a.add_ns] + \
                   [[a.domain, rem, self._host(v)] for v in a.remove_ns]
        header = rng.choice([["Domain", "Action", "Nameserver"], None, ["Domain", "Operation", "Host"]])
        style = rng.choice(["aligned", "markdown", "html"])
        return self._subject(asks), [("p", "Please action the following name server changes:"),
                                     ("table", header, rows, style)], None

    def _w_portal(self, asks):
        rng, a = self.rng, asks[0]
        new = [self._host(v) for v in self._new_set(a)]
        if rng.random() < 0.5:
            pairs = [(f"Old NS {i}", v) for i, v in enumerate(a.current_ns, 1)] + \
                    [(f"New NS {i}", v) for i, v in enumerate(new, 1)]
        else:
            pairs = [(f"Nameserver {i} (current)", v) for i, v in enumerate(a.current_ns, 1)] + \
                    [(f"Nameserver {i} (new)", v) for i, v in enumerate(new, 1)]
        head = [("Request type", "Nameserver update"), ("Domain", a.domain),
                ("Submitted via", "Reseller portal"), ("Order ref", f"ORD-{rng.randrange(100000, 999999)}")]
        return self._subject(asks), [("p", "The following request was submitted through our portal."),
                                     ("fields", head + pairs)], None

    def _w_replace(self, asks):
        rng, a = self.rng, asks[0]
        olds = rng.sample(a.current_ns, rng.choice([1, min(2, len(a.current_ns))]))
        news = self._fresh(a, len(olds))
        a.remove_ns, a.add_ns = list(olds), list(news)
        pairs = list(zip(olds, [self._host(v) for v in news]))
        forms = [lambda o, n: f"replace {o} with {n}", lambda o, n: f"change {o} to {n}",
                 lambda o, n: f"update {o} to {n}"]
        if self.variants:
            forms += [lambda o, n: f"swap {o} for {n}", lambda o, n: f"substitute {n} for {o}"]
        form = rng.choice(forms)
        text = f"For {a.domain}, please " + " and ".join(form(o, n) for o, n in pairs) + \
               ". The other name servers stay as they are."
        return self._subject(asks), [("p", text)], None

    def _w_epp(self, asks):
        rng, a = self.rng, asks[0]
        self._add_remove(a)
        lines = [f"domain:update {a.domain}"] if rng.random() < 0.5 else [f"domain: {a.domain}"]
        lines += [f"  ns rem {self._host(v)}" for v in a.remove_ns] + [f"  ns add {self._host(v)}" for v in a.add_ns]
        return self._subject(asks), [("p", "Please apply this update for us:"), ("pre", "\n".join(lines))], None

    def _w_csv(self, asks, *, sep=",", ext="csv"):
        rng, a = self.rng, asks[0]
        self._add_remove(a)
        add, rem = rng.choice([("add", "remove"), ("ADD", "REMOVE"), ("add", "del")])
        rows = [sep.join(("domain", "action", "nameserver"))]
        rows += [sep.join((a.domain, rem, self._host(v))) for v in a.remove_ns]
        rows += [sep.join((a.domain, add, self._host(v))) for v in a.add_ns]
        text = "\r\n".join(rows) + "\r\n"
        body = rng.choice([f"Please find attached the name server changes for {a.domain}.",
                           "Changes attached as agreed.", f"See the attached file for {a.domain}."])
        return self._subject(asks), [("p", body)], (f"ns-changes-{rng.randrange(1000, 9999)}.{ext}", text, ext)

    def _w_tsv(self, asks):  # seed 12 only: a tab-separated text file
        return self._w_csv(asks, sep="\t", ext="txt")

    def _w_multi_domain(self, asks):
        rng = self.rng
        shape = rng.randrange(3)
        blocks = [("p", f"Please update the name servers for the {len(asks)} domains below.")]
        for a in asks:
            new = [self._host(v) for v in self._new_set(a)]
            if shape == 0:
                blocks.append(("fields", [("Domain", a.domain), ("Nameservers", ", ".join(new))]))
            elif shape == 1:
                blocks.append(("list", f"{a.domain}:", new, self._list_style()))
            else:
                blocks.append(("p", f"{a.domain} - new name servers {_and(new)}."))
        return self._subject(asks), blocks, None

    def _w_ds(self, asks):
        rng, a = self.rng, asks[0]
        new = _ds(rng)
        if a.current_ds and rng.random() < 0.5:
            a.add_ds = [new]  # a key rollover: the new key beside the old one
            lead = f"Please add the following DS record for {a.domain} (keep the existing one):"
        else:
            a.new_ds = [new]
            lead = f"Please replace the DS record for {a.domain} with:" if a.current_ds else \
                f"Please add this DS record to {a.domain} to enable DNSSEC:"
        tag, alg, dtype, digest = new.split()
        if rng.random() < 0.5:
            blocks = [("p", lead), ("pre", new if rng.random() < 0.6 else f"{a.domain}. IN DS {new}")]
        else:
            blocks = [("p", lead), ("fields", [("Key tag", tag), ("Algorithm", alg), ("Digest type", dtype),
                                               ("Digest", digest)])]
        if rng.random() < 0.3:
            newns = [self._host(v) for v in self._new_set(a)]
            blocks.append(("list", "And the new name servers:", newns, self._list_style()))
        return self._subject(asks, "DS record change"), blocks, None

    def _w_ambiguous(self, asks):
        rng, a = self.rng, asks[0]
        shape = rng.randrange(4)
        other = self._fresh(a, 2)
        if shape == 0:  # two lists and no label: which is current, which new?
            return self._subject(asks), [("p", f"Please update the name servers for {a.domain}:"),
                                         ("list", "", list(a.current_ns), "plain"),
                                         ("list", "", other, "plain")], None
        if shape == 1:  # one name server left
            return self._subject(asks), [("p", f"Please set the name server for {a.domain} to {other[0]} only.")], None
        if shape == 2:  # a server to remove that the domain does not have
            return self._subject(asks), [("p", f"For {a.domain}, please remove {other[0]} and add {other[1]}.")], None
        return self._subject(asks), [("p", f"Please update the name servers for {a.domain} to "
                                           f"{_and(a.current_ns)}.")], None  # what it has already

    # --- thread mails ---

    def _thread(self, mid: str, kind: str, target: Mail) -> Mail:
        rng = self.rng
        client = rng.choice(self.clients[:5])
        charset, encoding = rng.choice(CHARSETS), rng.choice(ENCODINGS)
        if kind == "reply":
            said = rng.choice(self._replies())
            sign = rng.choice(["", "Thanks", "Kind regards,", "Regards"])
            said = said + (f"\n\n{sign}\n{rng.choice(['Tom', 'Aisha', 'Domains Team'])}" if sign else "")
        elif kind == "automatic":
            said = rng.choice(self._auto_replies())
        else:
            said = f"delivery to {target.sender} failed"
        sender = target.sender if kind != "bounce" else "MAILER-DAEMON@mx." + target.sender.partition("@")[2]
        return Mail(mid, kind, kind if kind != "reply" else said.split("\n")[0][:24], client, charset, encoding,
                    sender, kind, None, thread_of=target.id, said=said, seed=self.seed)


_REGISTRAR_DISCLAIMERS = [
    "",
    "This email and any attachments are confidential and intended solely for the addressee. If you have received "
    "it in error please notify the sender and delete it. Example Registrar Ltd accepts no liability for viruses.",
    "Please consider the environment before printing this e-mail.",
    "CONFIDENTIALITY NOTICE: The information in this message may be privileged. Any unauthorised use, disclosure "
    "or copying is prohibited. Registered office: 1 Station Road, Reading RG1 1AA.",
]
_REPLIES = ["Yes, go ahead", "Thanks", "Correct, the new name servers are as listed in our original request.",
            "Thanks for confirming.", "Yes that's right, please proceed.", "Received, thank you.",
            "Correct - as per our original request.", "Great, thanks for the update."]
_SEED_12_REPLIES = ["Cheers, much appreciated.", "That's correct. The name servers are as requested originally.",
                     "Confirmed, the details above are right."]
_AUTO_REPLIES = ["Thank you for your email. Our domains team is out of the office until Monday; your message will "
                 "be answered then.",
                 "This is an automated response: your message has been received and logged as ticket #58211."]


def _and(values: list[str]) -> str:
    return values[0] if len(values) == 1 else ", ".join(values[:-1]) + " and " + values[-1]


def one_request(seed: int, layout: str, client: str, charset: str, encoding: str, *, variants: bool,
                label: str) -> tuple[Mail, dict]:
    """One request of the tuning part's kinds, of `layout` (any of LAYOUTS, SEED_12_LAYOUTS or "ambiguous"; with
    seed 12's wordings when `variants`), its values in any order and with stray whitespace, for domains whose names
    start with `label` (unique in an app); and its registry records."""
    g = Generator("tuning", seed, variants=variants)
    g.rng, g.jitter, g.charset, g.encoding = random.Random(seed), True, charset, encoding
    g.free_names = [(label + name, org) for name, org in g.free_names[:4]]
    return g.request(label, layout, client), g.registry()


# --- building the MIME ------------------------------------------------------------------------------------------

# What a charset cannot hold, as mail clients write it instead.
_PLAIN = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2022": "*",
                        "\u00b7": "-", "\u0141": "L"})


def _fit(text: str, charset: str) -> str:
    try:
        text.encode(charset)
        return text
    except UnicodeEncodeError:
        out = text.translate(_PLAIN)
        return out.encode(charset, "replace").decode(charset)


def _bullet(client: str, style: str, i: int, charset: str) -> str:
    if style == "number":
        return f"   {i}. " if client == "gmail" else f"{i}. " if client != "outlook" else f"{i}.\t"
    if style == "plain":
        return ""
    if style == "dash":
        return "- "
    if client == "outlook":
        return "\u2022\t" if charset != "iso-8859-1" else "\u00b7\t"
    if client == "gmail":
        return "   - "
    return "\u2022 " if client == "apple_mail" and charset != "iso-8859-1" else "* "


def _plain(client: str, blocks, charset: str) -> str:
    out = []
    for block in blocks:
        kind = block[0]
        if kind in ("p", "pre"):
            out.append(block[1])
        elif kind == "fields":
            out.append("\n".join(f"{k}: {v}" for k, v in block[1]))
        elif kind == "list":
            _, label, items, style = block
            lines = ([label] if label else []) + [_bullet(client, style, i, charset) + v
                                                  for i, v in enumerate(items, 1)]
            out.append("\n".join(lines))
        elif kind == "table":
            _, header, rows, style = block
            out.append(_text_table(client, header, rows, style))
    return "\n\n".join(out)


def _text_table(client: str, header, rows, style: str) -> str:
    allrows = ([header] if header else []) + rows
    if style == "markdown":
        lines = ["| " + " | ".join(r) + " |" for r in allrows]
        if header:
            lines.insert(1, "|" + "|".join("---" for _ in header) + "|")
        return "\n".join(lines)
    if style == "html" and client in ("outlook", "gmail", "apple_mail"):
        return "\n".join("\t".join(r) for r in allrows)  # the plain alternative a client makes of an HTML table
    widths = [max(len(r[i]) for r in allrows) + 3 for i in range(len(allrows[0]))]
    lines = ["".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in allrows]
    if header and style == "aligned":
        lines.insert(1, "".join(("-" * (w - 3)).ljust(w) for w in widths).rstrip())
    return "\n".join(lines)


def _html_blocks(client: str, blocks) -> str:
    p = {"outlook": '<p class="MsoNormal">{}</p>', "gmail": "<div>{}</div>", "apple_mail": "<div>{}</div>",
         "html_only": "<p>{}</p>"}[client]
    out = []
    for block in blocks:
        kind = block[0]
        if kind == "p":
            out.append("".join(p.format(escape(line) or "<br>") for line in block[1].split("\n")))
            out.append(p.format("&nbsp;" if client == "outlook" else "<br>"))
        elif kind == "pre":
            out.append("".join(p.format(escape(line).replace("  ", "&nbsp; ")) for line in block[1].split("\n")))
        elif kind == "fields":
            out.append("".join(p.format(f"<b>{escape(k)}:</b> {escape(v)}") for k, v in block[1]))
        elif kind == "list":
            _, label, items, style = block
            if label:
                out.append(p.format(escape(label)))
            if style in ("plain", "dash"):
                out.append("".join(p.format(("- " if style == "dash" else "") + escape(v)) for v in items))
                # The empty paragraph a person leaves after a list, as after a paragraph: without it two lists
                # with no label run on as one.
                out.append(p.format("&nbsp;" if client == "outlook" else "<br>"))
            else:
                tag = "ol" if style == "number" else "ul"
                cls = ' class="MsoListParagraph"' if client == "outlook" else ""
                out.append(f"<{tag}>" + "".join(f"<li{cls}>{escape(v)}</li>" for v in items) + f"</{tag}>")
        elif kind == "table":
            _, header, rows, style = block
            if style == "html":
                head = ("<tr>" + "".join(f"<th>{escape(c)}</th>" for c in header) + "</tr>") if header else ""
                body = "".join("<tr>" + "".join(f'<td style="padding:2px 8px">{escape(c)}</td>' for c in r) + "</tr>"
                               for r in rows)
                border = ' class="MsoTableGrid" border="1" cellspacing="0"' if client == "outlook" else \
                    ' border="1" style="border-collapse:collapse"'
                out.append(f"<table{border}><tbody>{head}{body}</tbody></table>")
            else:
                text = _text_table(client, header, rows, style)
                out.append("".join(p.format(escape(line).replace("  ", "&nbsp; ")) for line in text.split("\n")))
    return "".join(out)


def _wrap_html(client: str, inner: str, signature: str) -> str:
    sig = "<br>".join(escape(line) for line in signature.split("\n"))
    if client == "outlook":
        return ('<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta http-equiv="Content-Type" '
                'content="text/html"><style>p.MsoNormal{margin:0cm;font-size:11.0pt;font-family:"Calibri"}</style>'
                f'</head><body lang="EN-GB"><div class="WordSection1">{inner}'
                f'<p class="MsoNormal"><span style="color:#1F497D">{sig}</span></p></div></body></html>')
    if client == "gmail":
        return (f'<div dir="ltr">{inner}<div><br></div>-- <br><div dir="ltr" class="gmail_signature">'
                f"<div>{sig}</div></div></div>")
    if client == "apple_mail":
        return ('<html><head><meta http-equiv="content-type" content="text/html"></head><body style="overflow-wrap:'
                f' break-word; -webkit-nbsp-mode: space;">{inner}<div><br></div><div>{sig}</div></body></html>')
    return (f'<html><head><style>p {{margin:0}}</style></head><body><div style="font-family:Aptos,sans-serif">'
            f'{inner}<div id="Signature"><p>{sig}</p></div></div></body></html>')


def build_mail(rng: random.Random, mid: str, client: str, charset: str, encoding: str, sender: str, registrar: str,
           subject: str, blocks, closing: str, signature: str, attachment) -> tuple[bytes, str]:
    msg = EmailMessage()
    name = "Northgate Domains Service Desk" if client == "ticket_system" else f"Domains Team - {registrar}"
    msg["From"] = f'"{name}" <{sender}>'
    msg["To"] = rng.choice([BOT, f'".gov.uk Registry Lock" <{BOT}>'])
    msg["Subject"] = _fit(subject, charset)
    msg["Date"] = DATE.format(9 + rng.randrange(0, 2), rng.randrange(60))
    msg["Message-ID"] = f"<{mid}.{rng.getrandbits(48):x}@{sender.partition('@')[2]}>"
    if client == "outlook":
        msg["X-Mailer"] = "Microsoft Outlook 16.0"
        msg["Thread-Index"] = "AdrBx" + "".join(rng.choice("abcdefghijkLMNOP0123") for _ in range(20))
    elif client == "thunderbird":
        msg["User-Agent"] = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Thunderbird/128.5.0"
    elif client == "apple_mail":
        msg["X-Mailer"] = "Apple Mail (2.3826.300.87.4.3)"
    elif client == "ticket_system":
        msg["X-Ticket-ID"] = str(rng.randrange(40000, 60000))
    close = (closing + "\n" if closing else "")
    plain_blocks = _plain(client, blocks, charset)
    if client == "ticket_system":
        ticket = msg["X-Ticket-ID"]
        text = (f"Ticket #{ticket}: {subject}\nStatus: Open | Priority: Normal | Group: Domains\n"
                f"{'-' * 60}\n\n{plain_blocks}\n\n{close}{signature}\n\n{'-' * 60}\n"
                f"This message was sent by the Northgate Domains service desk. Reference: [#{ticket}]\n")
    else:
        text = f"{plain_blocks}\n\n{close}{signature}\n"
    text = _fit(text, charset)
    if client in ("thunderbird", "ticket_system"):
        msg.set_content(text, charset=charset, cte=encoding,
                        params={"format": "flowed"} if client == "thunderbird" else None)
    else:
        inner = _html_blocks(client, blocks) + (
            f'<p class="MsoNormal">{escape(closing)}</p>' if client == "outlook" and closing else
            f"<div>{escape(closing)}</div>" if closing else "")
        html = _fit(_wrap_html(client, inner, signature), charset)
        if client == "html_only":
            msg.set_content(html, subtype="html", charset=charset, cte=encoding)
        else:
            msg.set_content(text, charset=charset, cte=encoding)
            msg.add_alternative(html, subtype="html", charset=charset, cte=encoding)
    if attachment is not None:
        filename, data, ext = attachment
        msg.add_attachment(data.encode("utf-8"), maintype="text", subtype="csv" if ext == "csv" else "plain",
                           filename=filename)
    return msg.as_bytes(), text


def thread_mail(mail: Mail, original: bytes | None, ticket_ref: str) -> bytes:
    """The thread mail `mail` as written in answer to the bot's mail `original` (its acknowledgement to the
    registrar), or, when the bot sent the registrar nothing, to the ticket named in the subject."""
    if mail.seed in THREAD_MAKERS:
        module, _, name = THREAD_MAKERS[mail.seed].partition(":")
        return getattr(importlib.import_module(module), name)(mail, original, ticket_ref)
    rng = random.Random(mail.id)
    if original is not None:
        orig = message_from_bytes(original, policy=default)
        subject, msgid = str(orig["Subject"]), str(orig["Message-ID"])
        reply_to = str(orig["Reply-To"] or orig["From"])
        body_part = orig.get_body(("plain",))
        quoted_body = body_part.get_content() if body_part is not None else ""
    else:
        subject, msgid, reply_to, quoted_body = f"[{ticket_ref}] Your request", None, BOT, ""
    if mail.kind == "bounce":
        return _bounce(mail, subject, msgid, reply_to)
    msg = EmailMessage()
    msg["From"] = mail.sender
    msg["To"] = reply_to
    msg["Date"] = DATE.format(11, rng.randrange(60))
    msg["Message-ID"] = f"<{mail.id}.{rng.getrandbits(48):x}@{mail.sender.partition('@')[2]}>"
    if msgid:
        msg["In-Reply-To"] = msg["References"] = msgid
    if mail.kind == "automatic":
        msg["Subject"] = "Automatic reply: " + subject
        msg["Auto-Submitted"] = "auto-replied"
        if mail.client == "outlook":
            msg["X-Auto-Response-Suppress"] = "All"
        msg.set_content(_fit(mail.said, mail.charset), charset=mail.charset, cte=mail.encoding)
        return msg.as_bytes()
    msg["Subject"] = ("RE: " if mail.client in ("outlook", "owa", "html_only") else "Re: ") + subject
    text, html = _quoted(mail.client, mail.said, quoted_body, subject, mail.sender)
    msg.set_content(_fit(text, mail.charset), charset=mail.charset, cte=mail.encoding) if html is None or \
        mail.client != "html_only" else msg.set_content(_fit(html, mail.charset), subtype="html",
                                                        charset=mail.charset, cte=mail.encoding)
    if html is not None and mail.client != "html_only":
        msg.add_alternative(_fit(html, mail.charset), subtype="html", charset=mail.charset, cte=mail.encoding)
    return msg.as_bytes()


def _quoted(client: str, said: str, original: str, subject: str, sender: str) -> tuple[str, str | None]:
    """A reply's plain text and HTML (None for a plain-only client) in the client's quoting style."""
    who = f".gov.uk Registry Lock <{BOT}>"
    arrow = "\n".join("> " + line if line else ">" for line in original.splitlines())
    mine_html = "".join(f"<div>{escape(line) or '<br>'}</div>" for line in said.splitlines())
    orig_html = "".join(f"<div>{escape(line) or '<br>'}</div>" for line in original.splitlines())
    if client in ("outlook", "owa", "html_only"):
        text = (f"{said}\n\n________________________________\nFrom: {who}\nSent: 27 November 2026 10:04\n"
                f"To: {sender}\nSubject: {subject}\n\n{original}")
        html = (f'<html><body><div style="font-family:Calibri">{mine_html}</div><hr style="display:inline-block;'
                f'width:98%"><div id="divRplyFwdMsg" dir="ltr"><b>From:</b> {escape(who)}<br><b>Sent:</b> 27 '
                f"November 2026 10:04<br><b>To:</b> {escape(sender)}<br><b>Subject:</b> {escape(subject)}</div>"
                f"{orig_html}</body></html>")
        return text, html
    if client == "gmail":
        text = f"{said}\n\nOn Fri, 27 Nov 2026 at 10:04, {who} wrote:\n\n{arrow}\n"
        html = (f'<div dir="ltr">{mine_html}</div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">'
                f"On Fri, 27 Nov 2026 at 10:04, {escape(who)} wrote:<br></div><blockquote class=\"gmail_quote\" "
                f'style="margin:0px 0px 0px 0.8ex">{orig_html}</blockquote></div>')
        return text, html
    if client in ("apple_mail", "iphone"):  # the iPhone quotes as Apple Mail does
        text = f"{said}\n\n> On 27 Nov 2026, at 10:04, {who} wrote:\n> \n{arrow}\n"
        html = (f"<html><body>{mine_html}<div><br><blockquote type=\"cite\"><div>On 27 Nov 2026, at 10:04, "
                f"{escape(who)} wrote:</div>{orig_html}</blockquote></div></body></html>")
        return text, html
    return f"{said}\n\nOn 27/11/2026 10:04, .gov.uk Registry Lock wrote:\n{arrow}\n", None


def _bounce(mail: Mail, subject: str, msgid: str | None, reply_to: str) -> bytes:
    registrar = mail.sender.partition("@mx.")[2]
    recipient = mail.said.split()[2]  # "delivery to ADDRESS failed": the registrar the bot wrote to
    msg = EmailMessage()
    msg["From"] = f"Mail Delivery System <{mail.sender}>"
    msg["To"] = BOT
    msg["Subject"] = "Undelivered Mail Returned to Sender"
    msg["Date"] = DATE.format(11, 30)
    msg["Message-ID"] = f"<{mail.id}.bounce@mx.{registrar}>"
    msg["Auto-Submitted"] = "auto-replied"
    msg.set_content(f"This is the mail system at host mx.{registrar}.\n\nI'm sorry to have to inform you that your "
                    "message could not be delivered to one or more recipients.\n")
    msg.make_mixed()
    msg.set_type("multipart/report")
    msg.set_param("report-type", "delivery-status")
    per_message, per_recipient = EmailMessage(), EmailMessage()
    per_message["Reporting-MTA"] = f"dns; mx.{registrar}"
    per_recipient["Final-Recipient"] = f"rfc822; {recipient}"
    per_recipient["Action"] = "failed"
    per_recipient["Status"] = "5.1.1"
    per_recipient["Diagnostic-Code"] = "smtp; 550 5.1.1 user unknown"
    status = EmailMessage()
    status["Content-Type"] = "message/delivery-status"
    status.set_payload([per_message, per_recipient])  # RFC 3464: one field group a message and a recipient
    msg.attach(status)
    headers = EmailMessage()
    headers.set_content(f"From: {BOT}\nTo: {recipient}\nSubject: {subject}\n"
                        + (f"Message-ID: {msgid}\n" if msgid else ""), subtype="rfc822-headers")
    msg.attach(headers)
    return msg.as_bytes()


# --- measuring --------------------------------------------------------------------------------------------------

VERDICTS = ("exact", "asked", "wrong", "parked", "taken", "recorded")


@dataclass(frozen=True)
class Reading:
    mail: Mail
    verdict: str  # exact/asked/wrong/parked for a request; recorded/taken/parked for a thread mail
    detail: str = ""
    raw: bytes | None = None  # a thread mail's bytes, as made against the bot's mail


def normalised(fieldname: str, values) -> tuple[str, ...]:
    if fieldname == "ds":
        return tuple(sorted(" ".join(str(v).split()).upper() for v in values))
    return tuple(sorted(str(v).strip().lower().rstrip(".") for v in values))


def measure(app, c: Corpus, *, only: set[str] | None = None) -> list[Reading]:
    """Each mail of the corpus received by the app (whose records are the corpus's registry), requests first,
    then the thread mails on the tickets the requests led to; with how each was read."""
    from sqlalchemy import select

    from mailbot.ingest.receive import receive_retrying
    from mailbot.store.models import OutboxItem, Ticket

    def tickets(refs):
        with app.sessions() as session:
            return {t.ref: (t.kind, list(t.domains), dict(t.change or {}), t.stage, t.change_digest)
                    for t in session.scalars(select(Ticket).where(Ticket.ref.in_(refs)))}

    def snapshot():
        with app.sessions() as session:
            return {r.ref: (r.kind, r.stage, r.change_digest)
                    for r in session.execute(select(Ticket.ref, Ticket.kind, Ticket.stage, Ticket.change_digest))}

    readings, refs_of = [], {}
    mails = [m for m in c.mails if only is None or m.id in only or m.thread_of in only]
    for mail in (m for m in mails if m.kind in ("request", "ambiguous")):
        got = receive_retrying(app, mail.raw, "file")
        refs_of[mail.id] = got.tickets
        if got.action == "parked":
            readings.append(Reading(mail, "parked", got.error or ""))
            continue
        readings.append(Reading(mail, *_judge(mail, tickets(got.tickets))))
    for mail in (m for m in mails if m.kind in THREAD_KINDS):
        refs = refs_of.get(mail.thread_of) or []
        if not refs:
            continue
        ref = refs[0]
        with app.sessions() as session:
            sent = session.scalars(select(OutboxItem).join(Ticket, OutboxItem.ticket_id == Ticket.id)
                                   .where(Ticket.ref == ref).order_by(OutboxItem.id))
            # The bot's first mail to the registrar on the ticket: its acknowledgement, or what it asked.
            ack = next((item for item in sent if target_sender(c, mail) in item.to), None)
            original = ack.message.raw if ack is not None else None
        raw = thread_mail(mail, original, ref)
        before = snapshot()
        got = receive_retrying(app, raw, "file")
        after = snapshot()
        if got.action == "parked":
            readings.append(Reading(mail, "parked", got.error or "", raw))
            continue
        opened = [r for r in after if r not in before and after[r][0] == "change"]
        amended = [r for r in before if before[r][0] == "change" and after[r][1:] != before[r][1:]]
        if opened or amended:
            readings.append(Reading(mail, "taken", f"opened {opened}, amended {amended}", raw))
        else:
            readings.append(Reading(mail, "recorded", "", raw))
    return readings


def target_sender(c: Corpus, mail: Mail) -> str:
    return next(m.sender for m in c.mails if m.id == mail.thread_of)


def _judge(mail: Mail, found: dict) -> tuple[str, str]:
    changes = {ref: t for ref, t in found.items() if t[0] == "change"}
    if mail.truth == "asked":
        if changes:
            return "wrong", "; ".join(f"{ref} recorded {t[2]} for {', '.join(t[1])}" for ref, t in changes.items())
        return "asked", ""
    truth = {d: {f: normalised(f, v) for f, v in fields.items()} for d, fields in mail.truth.items()}
    exact, wrong = set(), []
    for ref, (_, domains, change, _, _) in changes.items():
        for domain in domains:
            recorded = change.get(domain) if isinstance(change.get(domain), dict) else change
            recorded = {f: normalised(f, v) for f, v in recorded.items()}
            if domain not in truth:
                wrong.append(f"{ref}: {domain} was not asked about, recorded {recorded}")
            elif recorded != truth[domain]:
                wrong.append(f"{ref}: {domain} recorded {recorded}, the truth is {truth[domain]}")
            else:
                exact.add(domain)
    if wrong:
        return "wrong", "; ".join(wrong)
    if exact == set(truth):
        return "exact", ""
    return "asked", "triaged: " + ", ".join(sorted(set(truth) - exact))


def figures(readings: list[Reading]) -> dict[str, int]:
    """Totals of a part: requests (not ambiguous on purpose), exact, asked, wrong, parked; ambiguous, their wrong;
    thread mails, taken as requests."""
    out = dict.fromkeys(("requests", "exact", "asked", "wrong", "parked", "ambiguous", "ambiguous_wrong",
                         "thread", "taken", "thread_parked"), 0)
    for r in readings:
        if r.mail.kind == "request":
            out["requests"] += 1
            out[r.verdict] += 1
        elif r.mail.kind == "ambiguous":
            out["ambiguous"] += 1
            out["ambiguous_wrong"] += r.verdict == "wrong"
            out["parked"] += r.verdict == "parked"
        else:
            out["thread"] += 1
            out["taken"] += r.verdict == "taken"
            out["thread_parked"] += r.verdict == "parked"
    return out
