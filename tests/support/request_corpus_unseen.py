"""Seed 21 of the request corpus: change requests as a registry's inbox really receives them, from writers the reader
has never seen.

The writers are the people behind a registrar's address: its domain operations team and its NOC, a reseller's
account managers, a hosting company's support staff (some writing English as a second language), a DNS provider's
engineers, a service desk whose ticket system sends the mail, and now and then a council's own ICT officer whose
mail the registrar forwards with a line on top. Each writes in a voice of their own (plain, chatty, terse or
formal-foreign) with their own greetings, sign-offs, signatures and disclaimers, the odd typo in a word (never in a
value), and the host names as they have them: pasted from a provider's console, in capitals, with the root's dot,
with glue addresses after in-zone servers.

The asks are those of the main corpus (a complete new set, additions and removals, servers swapped one for another,
DS records added, rolled, replaced or removed) written in layouts of this seed's own: sentences and paragraphs of
context, aligned and dot-leader forms, label lines over lists, "was"/"will be" lists, tables in text, pipes, ASCII
boxes and HTML (with a header row, with row labels instead, with a domain column), portal exports as fields,
key=value lines and JSON, EPP XML and command-line tools, CSV and semicolon files attached, several domains of one
organisation at once, DS records as a line, in zone-file syntax, as dnssec-dsfromkey or dig output, as a DNS host's
DNSSEC panel or labelled fields. One mail in forty cannot be read one way on purpose, in a way of its own each time.

Organisations are this seed's own (domains ending in "-un"), so its registry records never meet another seed's.
"""

from __future__ import annotations

import json
import random
import re
from email.utils import formataddr

from tests.support.request_corpus import (
    CHARSETS,
    ENCODINGS,
    REGISTRARS,
    THREAD_KINDS,
    TICKET_SENDER,
    ZONE,
    DomainAsk,
    Generator,
    Mail,
    build_mail,
)

TOWNS = [
    "thirsk", "bakewell", "beverley", "bridport", "buxton", "cockermouth", "crediton", "diss", "evesham", "filey",
    "garstang", "hawes", "helmsley", "honiton", "kirkbymoorside", "lechlade", "lostwithiel", "market-rasen",
    "minehead", "nantwich", "oundle", "pickering", "richmond", "rothbury", "saffron-walden", "sandbach", "sedbergh",
    "shaftesbury", "sherborne", "skipton", "southwell", "stamford", "stokesley", "swaffham", "tadcaster", "tavistock",
    "tenbury", "tewkesbury", "totnes", "uppingham", "wadebridge", "wirksworth", "woodbridge", "wymondham", "appleby",
    "barnard-castle", "bideford", "brigg", "chipping-norton", "easingwold",
]
BODIES = [("", "{} Council"), ("-tc", "{} Town Council"), ("-dc", "{} District Council"),
          ("-idb", "{} Internal Drainage Board"), ("-crem", "{} Crematorium Joint Committee"),
          ("-coroner", "{} Coroner's Service"), ("-ta", "{} Transport Authority"), ("-archives", "{} Archives"),
          ("-lep", "{} Enterprise Partnership"), ("-hb", "{} Harbour Board")]
EXTRA_LABELS = ("-jobs", "-consult", "-pay", "-mail")  # an organisation's second and third domains

CF = ["arya", "bart", "chad", "dina", "ezra", "gail", "hugo", "iris", "jude", "kyle", "lola", "milo", "nora", "otto",
      "pam", "rex", "sue", "todd"]
HOSTERS = ["mythic-beasts.com", "memset.com", "ukfast.net", "zen.co.uk", "krystal.uk", "civicdns.example"]


def _servers(rng: random.Random, domain: str) -> list[str]:
    """One DNS operator's name servers, in the order its console lists them (lower case, no root dot)."""
    kind = rng.randrange(11)
    if kind == 0:
        a, b = rng.sample(CF, 2)
        return [f"{a}.ns.cloudflare.com", f"{b}.ns.cloudflare.com"]
    if kind == 1:
        n = rng.randrange(10, 2040)
        return [f"ns-{n}.awsdns-{rng.randrange(0, 64):02d}.{t}" for t in ("com", "net", "org", "co.uk")]
    if kind == 2:
        k = rng.randrange(1, 10)
        return [f"ns1-0{k}.azure-dns.com", f"ns2-0{k}.azure-dns.net", f"ns3-0{k}.azure-dns.org",
                f"ns4-0{k}.azure-dns.info"]
    if kind == 3:
        letter = rng.choice("abcde")
        return [f"ns-cloud-{letter}{i}.googledomains.com" for i in range(1, 5)]
    if kind == 4:
        return [f"{p}.{domain}" for p in rng.choice([("ns0", "ns1"), ("ns1", "ns2"), ("dns1", "dns2", "dns3"),
                                                     ("ns-a", "ns-b")])]
    if kind == 5:
        n = rng.randrange(100, 260)
        return [f"pdns{n}.ultradns.{t}" for t in ("net", "com", "org", "co.uk")]
    if kind == 6:
        host = rng.choice(HOSTERS)
        return [f"ns{i}.{host}" for i in rng.choice([(1, 2), (1, 2, 3)])]
    if kind == 7:
        return [f"ns{i}.shared-dns.gov-services.example" for i in rng.choice([(1, 2), (1, 2, 3)])]
    if kind == 8:
        k = rng.randrange(1, 30)
        return [f"a{k + i}-{64 + i}.akam.net" for i in range(4)]
    if kind == 9:
        k = rng.randrange(1, 9)
        return [f"dns{i}.p0{k}.nsone.net" for i in range(1, 5)]
    return [f"ns{i}.dnsimple.com" for i in (1, 2)] + [f"ns{i}.dnsimple-edge.{t}" for i, t in ((3, "net"), (4, "org"))]


def _provider(hosts: list[str]) -> str:
    h = hosts[0]
    for key, name in (("cloudflare", "Cloudflare"), ("awsdns", "Route 53"), ("azure", "Azure DNS"),
                      ("googledomains", "Google Cloud DNS"), ("ultradns", "UltraDNS"), ("akam", "Akamai"),
                      ("nsone", "NS1"), ("dnsimple", "DNSimple"), ("gov-services", "the shared services DNS")):
        if key in h:
            return name
    return "their own servers" if h.endswith("." + ZONE) else "the new hosting provider"


def _dsrec(rng: random.Random, tag: int | None = None, alg: int | None = None, dtype: int | None = None) -> str:
    dtype = dtype or rng.choice([2, 2, 2, 4])
    digest = "".join(rng.choice("0123456789ABCDEF") for _ in range(64 if dtype == 2 else 96))
    return f"{tag or rng.randrange(1, 65536)} {alg or rng.choice([8, 13, 13, 14])} {dtype} {digest}"


ALGS = {8: "RSASHA256", 13: "ECDSAP256SHA256", 14: "ECDSAP384SHA384"}
DIGESTS = {2: "SHA-256", 4: "SHA-384"}

# The people behind each address, their job, and how they write.
WRITERS = {
    "requests@registrar.example": [("Hannah Whitcombe", "Domain Operations Analyst", "plain"),
                                   ("Rajesh Venkataraman", "Registry Services", "plain"),
                                   ("Marek Nowak", "Domain Operations", "foreign")],
    "noc@registrar.example": [("NOC", "Network Operations Centre", "terse"), ("Dev Patel", "NOC Engineer", "terse")],
    "domains@othernames.example": [("Fiona MacLeod", "Reseller Account Manager", "chatty"),
                                   ("Oluwaseun Adeyemi", "Domains Administrator", "plain"),
                                   ("Li Wei", "Domain Support", "foreign")],
    "govdomains@krystalhosting.example": [("Zolt\u00e1n Kov\u00e1cs", "Hosting Support", "foreign"),
                                          ("Becky Harrow", "Customer Success", "chatty"),
                                          ("Support Team", "Public Sector Hosting", "plain")],
    "support@northgatedomains.example": [("Gemma Lloyd", "Support Analyst", "chatty"),
                                         ("Kwame Mensah", "Reseller Support", "plain")],
    "dns@civicdns.example": [("Ifeoma Okafor", "DNS Engineer", "terse"), ("Alasdair Reid", "Platform Engineering",
                                                                          "plain"),
                             ("Ana Sousa", "DNS Engineer", "foreign")],
    TICKET_SENDER: [("Callum Fraser", "Service Desk Analyst", "plain"), ("Service Desk", "Domains and DNS", "plain"),
                    ("Joanna Zieli\u0144ska", "Service Desk Analyst", "foreign")],
}
OPENINGS = {"plain": ["Hello,", "Hi,", "Dear Registry Lock team,", "Good afternoon,", "Good morning,"],
            "chatty": ["Hi all, hope you're keeping well.", "Morning!", "Hi there,", "Hello again,"],
            "terse": ["", "", "Hi", "All,"],
            "foreign": ["Dear Sir/Madam,", "Dear Team,", "Hello Team,", "Greetings,"]}
CLOSINGS = {"plain": ["Kind regards,", "Many thanks,", "Regards,", "Thanks,"],
            "chatty": ["Cheers!", "Thanks so much,", "Speak soon,", "Have a good weekend,"],
            "terse": ["", "Rgds", "Thx", "--"],
            "foreign": ["Thanks and regards,", "With best regards,", "Thanking you,", "Best Regards"]}
DISCLAIMERS = [
    "", "",
    "The contents of this e-mail are confidential to the intended recipient. If it has reached you by mistake, "
    "please tell us and delete it; do not copy or forward it.",
    "We will never ask you to change bank details by e-mail. If in doubt, call us on the number above.",
    "Registered in Scotland SC412233. Registered office: 4 Dock Street, Leith EH6 6EY.",
    "Think before you print.",
]
# Words a writer in a hurry gets wrong (a value never is).
TYPOS = {"please": "pleaes", "change": "chnage", "nameservers": "nameserveres", "following": "folowing",
         "thanks": "thnaks", "update": "udpate", "already": "allready", "domain": "doamin"}
REPLIES = [
    "Yes - that's correct, please go ahead.", "Confirmed. Customer is aware and happy.", "ok thanks",
    "Many thanks, we'll let the council know it's in hand.", "Approved on our side. Cheers",
    "Thank you for the update, noted on our ticket.", "That's right, those are the ones.", "Spot on, thanks.",
    "Dear team, we confirm the request. Thank you.", "Great stuff - appreciate the quick turnaround.",
    "Thank you. Kindly proceed as per the request.", "Acknowledged, thanks for letting us know.",
]
AUTO_REPLIES = [
    "I am out of the office with limited access to email until Tuesday 1 December. For anything urgent please call "
    "our support line.",
    "Thanks for contacting us. Your message has been received and a member of the team will respond within four "
    "working hours. Your reference is CDS-77812.",
    "This mailbox is not monitored at weekends. Messages received after 17:30 on Friday are picked up on Monday "
    "morning.",
    "Je suis absente du bureau jusqu'au 30 novembre. / I am away from the office until 30 November and will reply "
    "on my return.",
    "Your email has been logged with the Service Desk. Please do not reply to this message; quote [SD-209114] in any "
    "further correspondence.",
]


def _and(values: list[str], voice: str = "plain") -> str:
    if len(values) == 1:
        return values[0]
    if voice == "terse":
        return " / ".join(values)
    if voice == "foreign":
        return ", ".join(values[:-1]) + " & " + values[-1]
    return ", ".join(values[:-1]) + " and " + values[-1]


class UnseenGenerator(Generator):
    def __init__(self, part: str, seed: int):
        super().__init__(part, seed)
        names = [(f"{town}{suffix}-un", body.format(town.replace("-", " ").title()))
                 for town in TOWNS for suffix, body in BODIES]
        self.rng.shuffle(names)
        self.free_names = names
        self.voice, self.hstyle, self.from_name, self.ambiguous_made = "plain", "plain", "", 0

    # --- the registry file -------------------------------------------------------------------------------------

    def _domains(self, registrar: str, count: int) -> list[DomainAsk]:
        rng = self.rng
        first, org = self.free_names.pop()
        stem = first[:-len("-un")]
        names = [first] + [f"{stem}{label}-un" for label in rng.sample(EXTRA_LABELS, count - 1)]
        contacts = [{"role": "security", "email": f"security-operations@{first}.gov.uk",
                     "phone": f"+44 1632 {rng.randrange(100000, 999999)}", "name": f"{org} Security Team"},
                    {"role": "technical", "email": f"ict-network@{first}.gov.uk"},
                    {"role": "notify", "email": f"dns-notify@{first}.gov.uk"}]
        domains, asks = [], []
        for name in names:
            domain = f"{name}.{ZONE}"
            ns = _servers(rng, domain)[:rng.choice([2, 2, 3, 4])]
            ds = [_dsrec(rng)] if rng.random() < 0.35 else []
            domains.append({"name": domain, "locked": True, "registrar": registrar, "registrant": org,
                            "nameservers": ns, "ds": ds, "whois_contacts": [f"webmaster@{first}.gov.uk"]})
            asks.append(DomainAsk(domain, org, list(ns), list(ds)))
        self.organisations[org] = {"name": org, "contacts": contacts, "domains": domains}
        return asks

    # --- one request -------------------------------------------------------------------------------------------

    def request(self, mid: str, layout: str, client: str) -> Mail:
        rng = self.rng
        if client == "ticket_system":
            registrar, sender = next(r for r in REGISTRARS if TICKET_SENDER in r["emails"]), TICKET_SENDER
        else:
            registrar = rng.choice(REGISTRARS)
            sender = rng.choice([e for e in registrar["emails"] if e != TICKET_SENDER])
        person, role, self.voice = rng.choice(WRITERS[sender])
        self.hstyle = rng.choices(["plain", "dot", "upper"], [80, 13, 7])[0]
        self.from_name = person if person not in ("NOC", "Support Team", "Service Desk") else \
            f"{registrar['name']} {person}"
        asks = self._domains(registrar["name"], rng.choice([2, 3]) if layout == "multi_domain" else 1)
        subject, blocks, attachment = getattr(self, "_w_" + layout)(asks)
        if layout in ("prose", "label_list", "form", "current_new_lists") and client != "ticket_system" \
                and rng.random() < 0.12:
            subject, blocks = self._forwarded(asks[0], subject, blocks, sender)
        opening = rng.choice(OPENINGS[self.voice])
        closing = rng.choice(CLOSINGS[self.voice])
        blocks = ([("p", opening)] if opening else []) + blocks
        truth = "asked" if layout == "ambiguous" else {a.domain: a.truth() for a in asks}
        charset, encoding = rng.choice(CHARSETS), rng.choice(ENCODINGS)
        signature = self._sign(person, role, registrar["name"], sender, client)
        raw, said = self._build(rng, mid, client, charset, encoding, sender, registrar["name"], subject, blocks,
                                closing, signature, attachment)
        return Mail(mid, "ambiguous" if layout == "ambiguous" else "request", layout, client, charset, encoding,
                    sender, truth, raw, said=said, seed=self.seed)

    def _build(self, rng, mid, client, charset, encoding, sender, registrar, subject, blocks, closing, signature,
               attachment):
        raw, said = build_mail(rng, mid, client, charset, encoding, sender, registrar, subject, blocks, closing,
                                signature, attachment)
        if client == "ticket_system":
            return raw, said
        head, sep, body = raw.partition(b"\n\n")
        who = formataddr((self.from_name, sender), charset="utf-8").encode("ascii")
        head = re.sub(rb"^From: .*(?:\n[ \t].*)*$", lambda _: b"From: " + who, head, count=1, flags=re.M)
        return head + sep + body, said

    def _sign(self, person: str, role: str, registrar: str, sender: str, client: str) -> str:
        rng = self.rng
        if client == "apple_mail" and rng.random() < 0.25:
            return "Sent from my iPhone"
        if self.voice == "terse" and rng.random() < 0.5:
            return f"{person.split()[0]} / {registrar}"
        lines = [person if person not in ("NOC", "Support Team", "Service Desk") else f"{registrar} {person}"]
        lines.append(role + rng.choice([" | ", ", ", "\n"]) + registrar)
        lines.append(rng.choice([f"Tel: 01632 {rng.randrange(100000, 999999)}",
                                 f"t +44 (0)1632 {rng.randrange(100000, 999999)}",
                                 f"24x7: 0800 {rng.randrange(100, 999)} {rng.randrange(1000, 9999)}",
                                 f"www.{sender.partition('@')[2]}"]))
        if rng.random() < 0.2 and " " in person:
            lines.append("My working days are Monday to Thursday.")
        disclaimer = rng.choice(DISCLAIMERS)
        return "\n".join(lines) + ("\n\n" + disclaimer if disclaimer else "")

    def _forwarded(self, a: DomainAsk, subject: str, blocks, sender: str):
        """The request as the customer's ICT officer wrote it, forwarded by the registrar with a line on top."""
        rng = self.rng
        first = a.domain.partition(".")[0]
        officer = rng.choice(["George Pattinson", "Nasreen Akhtar", "Owain Pritchard", "Claire Dunmore"])
        top = rng.choice(["Please see below from our customer and action - they have signed this off internally.",
                          f"Forwarding a request from {a.organisation}, please process.",
                          "FYI / for action. Customer's request below."])
        header = (f"---------- Forwarded message ---------\nFrom: {officer} <ict-network@{first}.gov.uk>\n"
                  f"Date: Thu, 26 Nov 2026 at 16:{rng.randrange(10, 59)}\nSubject: {subject}\nTo: {sender}")
        sign = f"Thanks\n{officer}\nICT Infrastructure Officer\n{a.organisation}"
        return "Fwd: " + subject, [("p", top), ("p", header)] + blocks + [("p", sign)]

    # --- how values and words are written ----------------------------------------------------------------------

    def _h(self, value: str) -> str:
        if self.hstyle == "dot":
            return value + "."
        if self.hstyle == "upper":
            return value.upper()
        return value

    def _glued(self, values: list[str], every: bool = False) -> list[str]:
        """Hosts with the addresses a writer pastes after them: after in-zone servers, or (`every`, now and then)
        after every one, in one way for the whole list."""
        rng = self.rng
        every = every and rng.random() < 0.25
        form = rng.choice(["{} ({})", "{}  {}", "{} - {}"])
        six = rng.random() < 0.3
        out = []
        for value in values:
            if not (value.endswith("." + ZONE) or every):
                out.append(self._h(value))
                continue
            ip = f"{rng.choice(['192.0.2', '198.51.100', '203.0.113'])}.{rng.randrange(2, 250)}"
            if six:
                ip += f", 2001:db8:{rng.randrange(1, 99)}::{rng.randrange(2, 99)}"
            out.append(form.format(self._h(value), ip))
        return out

    def _words(self, text: str) -> str:
        """Now and then a word mistyped, as people in a hurry do."""
        if self.rng.random() < 0.2:
            word = self.rng.choice([w for w in TYPOS if re.search(rf"\b{w}\b", text)] or [""])
            if word:
                text = re.sub(rf"\b{word}\b", TYPOS[word], text, count=1)
        return text

    def _subject(self, asks: list[DomainAsk], what: str = "nameserver change", *, named: bool = True) -> str:
        rng, d = self.rng, ", ".join(a.domain for a in asks)
        with_domain = [f"{d} - {what}", f"{what.capitalize()}: {d}", f"Re-delegation request for {d}",
                       f"[CHG00{rng.randrange(10000, 99999)}] {what.capitalize()} for {d}", f"Registry Lock - {d}",
                       f"{d}", f"Request to amend delegation: {d}", f"DNS migration / {d}"]
        if len(asks) > 1:
            with_domain.append(f"{len(asks)} domains for {asks[0].organisation} - {what}")
        without = [what.capitalize(), "DNS change request", "Locked domain - change please", "Delegation update"]
        return rng.choice(with_domain if not named or rng.random() < 0.8 else without)

    def _new(self, a: DomainAsk, n: int | None = None) -> list[str]:
        while True:
            new = _servers(self.rng, a.domain)[:n or self.rng.choice([2, 2, 3, 4])]
            if len(new) >= 2 and not set(new) & set(a.current_ns):
                a.new_ns = new
                return new

    def _fresh(self, a: DomainAsk, n: int) -> list[str]:
        while True:
            new = _servers(self.rng, a.domain)
            if len(new) >= n and not set(new) & set(a.current_ns):
                return new[:n]

    def _changes(self, a: DomainAsk) -> None:
        """Additions and removals that leave the domain two name servers or more."""
        rng, cur = self.rng, a.current_ns
        shape = rng.choice(["move", "one more", "one fewer", "swap", "swap"])
        if shape == "move" or shape == "one fewer" and len(cur) < 3:
            a.remove_ns, a.add_ns = list(cur), self._fresh(a, rng.choice([2, 2, 3]))
        elif shape == "one more":
            a.add_ns = self._fresh(a, rng.choice([1, 1, 2]))
        elif shape == "one fewer":
            a.remove_ns = [rng.choice(cur)]
        else:
            a.remove_ns = [rng.choice(cur)]
            a.add_ns = self._fresh(a, 1)

    def _list(self, label: str, values: list[str]):
        style = self.rng.choice(["bullet", "number", "plain", "dash"])
        return ("list", label, values, style)

    # --- layouts: each returns (subject, blocks, attachment) ---------------------------------------------------

    def _w_prose(self, asks):
        rng, a, v = self.rng, asks[0], self.voice
        new = self._new(a)
        hs, cur = [self._h(x) for x in new], [self._h(x) for x in a.current_ns]
        d, lst, was, prov = a.domain, _and(hs, v), _and(cur, v), _provider(new)
        named = True
        if v == "terse":
            text = rng.choice([f"{d} - please set NS to {lst}.", f"Repoint {d} to {lst} pls.",
                               f"NS for {d} -> {lst}", f"{d}: delegate to {lst}, replacing {was}."])
            blocks = [("p", text)]
        elif v == "foreign":
            text = rng.choice([
                f"Kindly update the nameservers of domain {d} to below mentioned: {lst}. Please do the needful at "
                "the earliest.",
                f"We are requesting for change of DNS for the domain {d}. New DNS servers will be {lst}. The old "
                f"ones ({was}) are to be removed.",
                f"Our customer wish to change name servers of {d}. Please put {lst} in place of the actual ones.",
                f"Please could you modify the delegation of {d}, it must point to {lst}. Thank you in advance."])
            blocks = [("p", text)]
        elif v == "chatty":
            context = rng.choice([
                f"{a.organisation} are moving their DNS over to {prov} as part of their hosting contract renewal, "
                "and they've asked us to sort out the delegation at the registry.",
                f"Bit of background: the council has finished building the zone at {prov} and has tested it from "
                "outside, so it's safe to switch whenever suits you.",
                "We're helping this customer tidy up after a supplier change, and the last step is the registry."])
            ask = rng.choice([f"Could you please change the nameservers on {d} to {lst}?",
                              f"Would you be able to point {d} at {lst} instead of {was}?",
                              f"So the ask is: {d} should be delegated to {lst} from now on."])
            blocks = [("p", context), ("p", ask)]
        else:
            named = rng.random() < 0.8
            if named:
                text = rng.choice([
                    f"Please change the name servers for {d} from {was} to {lst}.",
                    f"We'd like the delegation of {d} updated so that it uses {lst}.",
                    f"On behalf of {a.organisation}, please update the nameservers for {d}. They should be {lst}.",
                    f"Please amend the NS records held for {d} to {lst}; the current set ({was}) is being retired."])
            else:
                text = rng.choice([f"Please point the domain in the subject line at {lst}.",
                                   f"Could the nameservers for the above domain be changed to {lst}, please?"])
            blocks = [("p", text)]
        blocks = [(k, self._words(t)) for k, t in blocks]
        return self._subject(asks, named=named), blocks, None

    def _w_form(self, asks):
        rng, a = self.rng, asks[0]
        new = self._new(a)
        shape = rng.randrange(5)
        ordinal = ["Primary", "Secondary", "Tertiary", "Fourth"]
        if shape == 0:
            pairs = [("Domain name", a.domain)] + [(f"{ordinal[i]} nameserver", x) for i, x in
                                                   enumerate(self._glued(new))]
        elif shape == 1:
            pairs = [("Zone", a.domain), ("NS records", rng.choice([", ", " ", "; "]).join(self._h(x) for x in new)),
                     ("Change window", rng.choice(["any time", "after 18:00 please", "ASAP"])),
                     ("Authorised by", f"Head of ICT, {a.organisation}")]
        elif shape == 2:
            label = rng.choice(["DNS server {}", "Nameserver #{}", "NS {}", "Name Server ({})"])
            pairs = [(label.format(i), x) for i, x in enumerate(self._glued(new), 1)] + [("For domain", a.domain)]
        elif shape == 3:
            pairs = [("Customer", a.organisation), ("Domain", a.domain), ("Request", "Change of nameservers"),
                     ("New nameservers", ", ".join(self._h(x) for x in new)), ("DNSSEC", "no change")]
        else:  # typed out with dot leaders, as some people lay a form out in plain text
            rows = [("Domain", a.domain)] + [(f"Nameserver {i}", x) for i, x in enumerate(self._glued(new), 1)]
            width = max(len(k) for k, _ in rows) + 4
            text = "\n".join(f"{(k + ' ').ljust(width, '.')} : {val}" for k, val in rows)
            return self._subject(asks), [("p", "Details as follows:"), ("pre", text)], None
        intro = rng.choice(["Please process the following:", "Change details below.", "Request:",
                            self._words("Please make the following change.")])
        return self._subject(asks), [("p", intro), ("fields", pairs)], None

    def _w_label_list(self, asks):
        rng, a = self.rng, asks[0]
        new = self._new(a)
        values = self._glued(new, every=True)
        d = a.domain
        labels = ["Nameservers to set:", "Please delegate to:", "New delegation:", "Target nameservers -",
                  "It should be:", "NS going forward:", "Replacement name servers:",
                  "Set NS records to the following:", "Name servers (to be):", "Please use these NS:"]
        if rng.random() < 0.35:
            intro = None
            label = rng.choice([f"{d} should be delegated to:", f"Nameservers for {d} to become:",
                                f"New NS for {d}:"])
        else:
            intro = rng.choice([f"Domain: {d}", f"For {d} please.", f"We need a nameserver change on {d}.",
                                self._words(f"Please update {d} as follows.")])
            label = rng.choice(labels)
        blocks = ([("p", intro)] if intro else []) + [self._list(label, values)]
        if rng.random() < 0.15:  # as the records would sit in the parent zone
            ttl = rng.choice(["3600", "86400", "172800"])
            blocks = [("p", rng.choice([f"Please delegate {d} as below (parent-side records):",
                                        f"Required NS records for {d}:"])),
                      ("pre", "\n".join(f"{d}.\t{ttl}\tIN\tNS\t{x}." for x in new))]
        if rng.random() < 0.3:
            blocks.append(("p", rng.choice(["Nothing else on the domain changes.", "TTL on the new zone is 3600.",
                                            "Zone is already live on the new servers."])))
        return self._subject(asks), blocks, None

    def _w_current_new_lists(self, asks):
        rng, a = self.rng, asks[0]
        new = self._new(a)
        pairs = [("Current:", "New:"), ("Existing NS:", "Proposed NS:"), ("At present:", "Should be:"),
                 ("Old:", "Replacement:"), ("Live nameservers:", "Target nameservers:"),
                 ("Currently delegated to:", "Change to:"), ("Was:", "Will be:"), ("What it is now:", "What we want:"),
                 ("Present NS records", "Requested NS records"), ("Before", "After")]
        cur_label, new_label = rng.choice(pairs)
        if rng.random() < 0.2:
            cur_label, new_label = cur_label.rstrip(":") + " (remove):", new_label.rstrip(":") + " (add):"
        style = rng.choice(["bullet", "number", "plain", "dash"])
        cur = ("list", cur_label, [self._h(x) for x in a.current_ns], style)
        nxt = ("list", new_label, [self._h(x) for x in new], style)
        named = rng.random() < 0.85
        intro = rng.choice([f"Nameserver change for {a.domain}, please.", f"Domain: {a.domain}",
                            self._words(f"Please update the nameservers on {a.domain}.")]) if named else \
            rng.choice(["Details below.", "As discussed on the phone:"])
        if rng.random() < 0.2:  # the current set as dig shows it
            cur = ("pre", f"{cur_label}\n$ dig +short NS {a.domain}\n" + "\n".join(x + "." for x in a.current_ns))
        blocks = [("p", intro)] + ([nxt, cur] if rng.random() < 0.25 else [cur, nxt])
        return self._subject(asks, named=named), blocks, None

    def _w_current_new_table(self, asks):
        rng, a = self.rng, asks[0]
        new = self._new(a)
        cur, nxt = [self._h(x) for x in a.current_ns], [self._h(x) for x in new]
        n = max(len(cur), len(nxt))
        cur, nxt = cur + [""] * (n - len(cur)), nxt + [""] * (n - len(nxt))
        header = list(rng.choice([("Current", "New"), ("Existing nameservers", "Proposed nameservers"),
                                  ("Old NS", "Replacement NS"), ("Live", "Target"), ("Now", "Should be"),
                                  ("From", "To")]))
        rows = [[c, x] for c, x in zip(cur, nxt)]
        if rng.random() < 0.25:
            header, rows = header[::-1], [r[::-1] for r in rows]
        shape = rng.randrange(5)
        intro = rng.choice([f"Nameserver change for {a.domain}:", f"Please update {a.domain} as per the table.",
                            f"{a.domain}"])
        if shape == 0:  # a domain column, the domain on the first row only
            header = ["Domain"] + header
            rows = [[a.domain if i == 0 else ""] + r for i, r in enumerate(rows)]
            intro = "Please action the change in the table below."
            table = ("table", header, rows, rng.choice(["aligned", "markdown", "html"]))
        elif shape == 1:  # row labels instead of a header row
            labels = rng.choice([("Current NS", "New NS"), ("Existing", "Proposed"), ("Old", "New")])
            rows = [[labels[0]] + [c for c in cur if c], [labels[1]] + [x for x in nxt if x]]
            width = max(len(r) for r in rows)
            rows = [r + [""] * (width - len(r)) for r in rows]
            table = ("table", None, rows, rng.choice(["html", "aligned"]))
        elif shape == 2:  # an ASCII box, typed in a fixed-width font
            widths = [max(len(header[i]), *(len(r[i]) for r in rows)) + 2 for i in range(2)]
            line = "+" + "+".join("-" * w for w in widths) + "+"
            boxed = ["|" + "|".join((" " + c).ljust(w) for c, w in zip(r, widths)) + "|" for r in [header] + rows]
            table = ("pre", "\n".join([line, boxed[0], line] + boxed[1:] + [line]))
        else:
            table = ("table", header, rows, rng.choice(["aligned", "markdown", "html"]))
        return self._subject(asks), [("p", intro), table], None

    def _w_add_remove_table(self, asks):
        rng, a = self.rng, asks[0]
        self._changes(a)
        add, rem = rng.choice([("Add", "Remove"), ("ADD", "DELETE"), ("add", "del"), ("Create", "Delete"),
                               ("+", "-")])
        adds = [[add, self._h(x), self._glue_ip(x)] for x in a.add_ns]
        rems = [[rem, self._h(x), ""] for x in a.remove_ns]
        rows = rems + adds if rng.random() < 0.6 else adds + rems
        shape = rng.randrange(4)
        if shape == 0:
            header, rows = ["Action", "Nameserver", "IPv4 (glue)"], rows
            if not any(r[2] for r in rows):
                header, rows = header[:2], [r[:2] for r in rows]
        elif shape == 1:
            header, rows = ["Domain", "Action", "Host"], [[a.domain] + r[:2] for r in rows]
        elif shape == 2:
            header, rows = None, [[r[1], r[0]] for r in rows]
        else:  # one column of servers to remove, one to add
            header = rng.choice([["Remove", "Add"], ["To be removed", "To be added"], ["Out", "In"]])
            n = max(len(a.remove_ns), len(a.add_ns))
            rm, ad = [r[1] for r in rems] + [""] * n, [r[1] for r in adds] + [""] * n
            rows = [[rm[i], ad[i]] for i in range(n)]
        intro = rng.choice([f"Please make these NS changes on {a.domain}:",
                            f"Delegation changes for {a.domain} below; any nameserver not listed stays as it is.",
                            f"{a.domain} - nameserver amendments"]) if shape != 1 else \
            rng.choice(["Please action the following.", "Changes below, thanks."])
        return self._subject(asks), [("p", intro), ("table", header, rows, rng.choice(["aligned", "markdown",
                                                                                         "html"]))], None

    def _glue_ip(self, value: str) -> str:
        if not value.endswith("." + ZONE):
            return ""
        return f"{self.rng.choice(['192.0.2', '198.51.100', '203.0.113'])}.{self.rng.randrange(2, 250)}"

    def _w_portal(self, asks):
        rng, a = self.rng, asks[0]
        new = self._new(a)
        ref = f"RSL-{rng.randrange(100000, 999999)}"
        shape = rng.randrange(4)
        if shape == 0:
            pairs = [("Request ID", ref), ("Submitted", f"26/11/2026 {rng.randrange(8, 18)}:{rng.randrange(10, 59)}"),
                     ("Domain", a.domain), ("Request type", "Modify nameservers"),
                     ("Existing", ", ".join(self._h(x) for x in a.current_ns)),
                     ("Requested", ", ".join(self._h(x) for x in new)), ("Status", "Awaiting registry")]
            blocks = [("p", "A change request has been raised in the reseller portal:"), ("fields", pairs)]
        elif shape == 1:
            rows = [["Reference", ref], ["Domain", a.domain], ["Current nameservers", " / ".join(a.current_ns)],
                    ["New nameservers", " / ".join(self._h(x) for x in new)], ["Requested by", a.organisation]]
            blocks = [("p", "Portal submission details:"), ("table", ["Field", "Value"], rows, "html")]
        elif shape == 2:
            lines = [f"order_id={ref}", f"domain={a.domain}", "action=ns_update"]
            lines += [f"old_ns{i}={x}" for i, x in enumerate(a.current_ns, 1)]
            lines += [f"new_ns{i}={self._h(x)}" for i, x in enumerate(new, 1)]
            blocks = [("p", "Export from our order system:"), ("pre", "\n".join(lines))]
        else:
            payload = {"ticket": ref, "domain": a.domain, "type": "NAMESERVER_UPDATE",
                       "current_nameservers": a.current_ns, "requested_nameservers": [self._h(x) for x in new]}
            blocks = [("p", "The customer submitted this through the API; the payload is below."),
                      ("pre", json.dumps(payload, indent=2))]
        return self._subject(asks), blocks, None

    def _w_replace(self, asks):
        rng, a = self.rng, asks[0]
        olds = rng.sample(a.current_ns, rng.choice([1, 1, min(2, len(a.current_ns))]))
        news = self._fresh(a, len(olds))
        a.remove_ns, a.add_ns = list(olds), list(news)
        forms = [lambda o, n: f"replace {o} with {n}", lambda o, n: f"change {o} to {n}",
                 lambda o, n: f"take out {o} and put {n} in its place", lambda o, n: f"swap out {o} for {n}"]
        pairs = [(self._h(o), self._h(n)) for o, n in zip(olds, news)]
        tail = rng.choice(["Leave the rest of the NS as they are.", "Other nameservers unchanged.",
                           "The remaining servers stay.", ""])
        shape = rng.randrange(3)
        if shape == 0:
            form = rng.choice(forms)
            text = f"On {a.domain}, please " + " and ".join(form(o, n) for o, n in pairs) + "."
            blocks = [("p", self._words(text + (" " + tail if tail else "")))]
        elif shape == 1:
            blocks = [("p", f"{a.domain}: one-for-one nameserver swap below (old -> new)."),
                      ("pre", "\n".join(f"{o} -> {n}" for o, n in pairs))]
            if tail:
                blocks.append(("p", tail))
        else:
            o, n = pairs[0]
            text = f"{o} is being decommissioned. Please replace it with {n} on {a.domain}."
            if len(pairs) > 1:
                text += f" Same for {pairs[1][0]}, which should become {pairs[1][1]}."
            blocks = [("p", text + (" " + tail if tail else ""))]
        return self._subject(asks), blocks, None

    def _w_epp(self, asks):
        rng, a = self.rng, asks[0]
        self._changes(a)
        shape = rng.randrange(3)
        if shape == 0:
            def objs(hosts):
                return "".join(f"\n        <domain:hostObj>{self._h(x)}</domain:hostObj>" for x in hosts)
            parts = []
            if a.add_ns:
                parts.append(f"      <domain:add>\n        <domain:ns>{objs(a.add_ns)}\n        </domain:ns>\n"
                             "      </domain:add>")
            if a.remove_ns:
                parts.append(f"      <domain:rem>\n        <domain:ns>{objs(a.remove_ns)}\n        </domain:ns>\n"
                             "      </domain:rem>")
            text = ("<update>\n  <domain:update xmlns:domain=\"urn:ietf:params:xml:ns:domain-1.0\">\n"
                    f"    <domain:name>{a.domain}</domain:name>\n" + "\n".join(parts) + "\n  </domain:update>\n"
                    "</update>")
            lead = rng.choice(["Our EPP session is being refused for locked names, so here is the update we "
                               "tried to send:", "EPP update below for manual processing please."])
        elif shape == 1:
            args = [f"--remove-ns {self._h(x)}" for x in a.remove_ns] + [f"--add-ns {self._h(x)}" for x in a.add_ns]
            text = f"$ domainctl modify {a.domain} \\\n    " + " \\\n    ".join(args)
            lead = "Please run the equivalent of this on your side:"
        else:
            text = "\n".join([f"{a.domain} REM NS {self._h(x)}" for x in a.remove_ns] +
                             [f"{a.domain} ADD NS {self._h(x)}" for x in a.add_ns])
            lead = rng.choice(["NS ops:", "Please apply:"])
        return self._subject(asks), [("p", lead), ("pre", text)], None

    def _w_csv(self, asks):
        rng, a = self.rng, asks[0]
        shape = rng.randrange(4)
        if shape == 0:
            self._changes(a)
            rows = ["domain,action,nameserver"] + [f"{a.domain},remove,{self._h(x)}" for x in a.remove_ns] + \
                [f"{a.domain},add,{self._h(x)}" for x in a.add_ns]
        elif shape == 1:
            self._changes(a)
            rows = ["Domain;Action;Host;IPv4"] + [f"{a.domain};DELETE;{self._h(x)};" for x in a.remove_ns] + \
                [f"{a.domain};ADD;{self._h(x)};{self._glue_ip(x)}" for x in a.add_ns]
        elif shape == 2:
            new = self._new(a)
            rows = ["domain,ns1,ns2,ns3,ns4", ",".join([a.domain] + [self._h(x) for x in new] + [""] * (4 - len(new)))]
        else:
            new = self._new(a)
            rows = ['"Domain Name","Current Nameservers","New Nameservers"',
                    f'"{a.domain}","{" ".join(a.current_ns)}","{" ".join(self._h(x) for x in new)}"']
        text = "\r\n".join(rows) + "\r\n"
        named = rng.random() < 0.7
        body = rng.choice([f"Please find attached the nameserver change for {a.domain}.",
                           f"CSV attached for {a.domain} (one row per nameserver)."]) if named else \
            rng.choice(["Spreadsheet export attached as requested.", "See attachment, thanks."])
        stem = a.domain.partition(".")[0]
        name = rng.choice([f"ns_change_{stem}.csv", "NS-update-2026-11-27.csv", "registry-lock-request.csv"])
        return self._subject(asks, named=named), [("p", body)], (name, text, "csv")

    def _w_multi_domain(self, asks):
        rng = self.rng
        shape = rng.randrange(5)
        if shape == 2:  # every domain onto the same servers
            new = self._new(asks[0])
            while any(set(a.current_ns) & set(new) for a in asks):  # none of them "moved" onto what it has
                new = self._new(asks[0])
            for a in asks:
                a.new_ns = list(new)
            blocks = [("p", f"Please move all of {asks[0].organisation}'s domains below to "
                            f"{_and([self._h(x) for x in new], self.voice)}:"),
                      self._list("", [a.domain for a in asks])]
            return self._subject(asks), blocks, None
        sets = [self._new(a) for a in asks]
        blocks = [("p", rng.choice([f"Nameserver changes for {len(asks)} of {asks[0].organisation}'s domains.",
                                    "Please update the following domains:", "Batch of changes for one customer:"]))]
        if shape == 0:
            for a, new in zip(asks, sets):
                blocks.append(self._list(f"{a.domain}:", [self._h(x) for x in new]))
        elif shape == 1:
            width = max(len(s) for s in sets)
            header = ["Domain"] + [f"NS{i}" for i in range(1, width + 1)]
            rows = [[a.domain] + [self._h(x) for x in s] + [""] * (width - len(s)) for a, s in zip(asks, sets)]
            blocks.append(("table", header, rows, rng.choice(["aligned", "markdown", "html"])))
        elif shape == 3:
            blocks.append(("pre", "\n".join(f"{a.domain} - {', '.join(self._h(x) for x in s)}"
                                            for a, s in zip(asks, sets))))
        else:
            for a, s in zip(asks, sets):
                blocks.append(("fields", [("Domain", a.domain), ("New nameservers", " ".join(self._h(x) for x in s))]))
        return self._subject(asks), blocks, None

    def _w_ds(self, asks):
        rng, a = self.rng, asks[0]
        d = a.domain
        kinds = ["rollover", "replace", "remove", "two"] if a.current_ds else ["enable", "enable", "two"]
        kind = rng.choice(kinds)
        new = _dsrec(rng)
        if kind == "enable":
            a.new_ds = [new]
            lead = rng.choice([f"We've signed {d} at the DNS host; please add the DS record below to switch on "
                               "DNSSEC.", f"DNSSEC for {d}: DS to publish is"])
        elif kind == "rollover":
            a.add_ds = [new]
            lead = (f"Key rollover on {d}: please add this DS alongside the existing one "
                    "(do not remove the old key yet).")
        elif kind == "replace":
            old_tag = a.current_ds[0].split()[0]
            if rng.random() < 0.5:
                a.remove_ds, a.add_ds = list(a.current_ds), [new]
                lead = f"Please remove the DS with key tag {old_tag} from {d} and add the new one below."
            else:
                a.new_ds = [new]
                lead = f"The DS record for {d} needs replacing with the following (the old key {old_tag} is retired):"
        elif kind == "two":
            tag, alg = rng.randrange(1, 65536), rng.choice([8, 13])
            a.new_ds = [_dsrec(rng, tag, alg, 2), _dsrec(rng, tag, alg, 4)]
            lines = "\n".join(f"{d}. 3600 IN DS {r}" for r in a.new_ds)
            lead = f"Please publish both digests of the new KSK for {d}" + \
                (" in place of the current DS:" if a.current_ds else ":")
            return self._subject(asks, "DS record update"), [("p", lead), ("pre", lines)], None
        else:
            a.new_ds = []
            text = rng.choice([f"We're moving {d} to a provider that doesn't support DNSSEC yet, so please remove "
                               "the DS record(s) from the registry. We'll re-sign once the move is done.",
                               f"Please delete all DS records for {d} - DNSSEC is being switched off for the "
                               "migration."])
            return self._subject(asks, "remove DS"), [("p", text)], None
        tag, alg, dtype, digest = new.split()
        shown = digest.lower() if rng.random() < 0.3 else digest
        shape = rng.randrange(7)
        if shape == 0:
            blocks = [("p", lead), ("pre", f"{tag} {alg} {dtype} {shown}")]
        elif shape == 6:  # the CDS the signed zone publishes, as dig prints it
            ns = self._h(a.new_ns[0]) if a.new_ns else a.current_ns[0]
            blocks = [("p", lead), ("p", "(this is the CDS the zone now publishes, so it matches the new key)"),
                      ("pre", f"$ dig +noall +answer CDS {d} @{ns}\n"
                              f"{d}.\t\t3600\tIN\tCDS\t{tag} {alg} {dtype} {shown}")]
        elif shape == 1:
            blocks = [("p", lead), ("pre", f"{d}. {rng.choice(['3600', '86400'])} IN DS {tag} {alg} {dtype} {shown}")]
        elif shape == 2:
            blocks = [("p", lead), ("p", "Output of dnssec-dsfromkey on the new key:"),
                      ("pre", f"{d}. IN DS {tag} {alg} {dtype} {shown}")]
        elif shape == 3:
            pairs = [("Key Tag", tag), ("Algorithm", f"{alg} ({ALGS[int(alg)]})"),
                     ("Digest Type", f"{dtype} ({DIGESTS[int(dtype)]})"), ("Digest", shown)]
            if rng.random() < 0.3:
                pairs = [pairs[3], pairs[0], pairs[1], pairs[2]]
            blocks = [("p", lead), ("fields", pairs)]
        elif shape == 4:
            blocks = [("p", lead), ("table", ["Key tag", "Algorithm", "Digest type", "Digest"],
                                    [[tag, alg, dtype, shown]], "html")]
        else:  # as a DNS host's DNSSEC panel shows it, copied whole
            blocks = [("p", lead), ("fields", [("DS record", f"{d}. 3600 IN DS {tag} {alg} {dtype} {shown}"),
                                               ("Digest", shown), ("Digest type", DIGESTS[int(dtype)]),
                                               ("Algorithm", alg), ("Key tag", tag), ("Flags", "257 (KSK)")])]
        if kind == "enable" and rng.random() < 0.25:
            ns = self._new(a)
            blocks.append(self._list("The domain is also moving to these nameservers at the same time:",
                                     [self._h(x) for x in ns]))
        return self._subject(asks, "DS record change"), blocks, None

    def _w_ambiguous(self, asks):
        rng, a = self.rng, asks[0]
        d, shape = a.domain, self.ambiguous_made % 7
        self.ambiguous_made += 1
        other = self._fresh(a, 2)
        if shape == 0:  # two lists, neither said to be the old or the new
            blocks = [("p", f"Nameservers for {d} please:"), ("list", "", list(a.current_ns), "plain"),
                      ("list", "", other, "plain")]
        elif shape == 1:  # a server to drop that the domain does not have
            blocks = [("p", f"On {d} could you take {other[0]} out of the delegation? It was decommissioned "
                            "last month.")]
        elif shape == 2 and rng.random() < 0.5:  # a single server as the whole set
            blocks = [("p", f"{d} should be delegated to {other[0]}, that's all.")]
        elif shape == 2:  # one name server left
            keep = a.current_ns[0]
            gone = ", ".join(a.current_ns[1:])
            blocks = [("p", f"Please remove {gone} from {d} so that only {keep} remains.")]
        elif shape == 3:  # what the domain has already
            blocks = [("p", f"Domain: {d}"), self._list("New nameservers:", list(reversed(a.current_ns)))]
        elif shape == 4:  # two different answers in one mail
            second = self._fresh(a, 2)
            while set(second) & set(other):
                second = self._fresh(a, 2)
            blocks = [("p", f"Please move {d} to {_and(other)}."),
                      ("fields", [("Domain", d), ("Nameservers", ", ".join(second))])]
        elif shape == 5:  # the new servers never named
            blocks = [("p", f"Please update {d} to the new Cloudflare nameservers we set up yesterday. The old "
                            "ones can go.")]
        elif a.current_ds:  # a DS the domain has already
            blocks = [("p", f"Please add this DS to {d}:"), ("pre", a.current_ds[0])]
        else:  # a DS removal on a domain with none
            blocks = [("p", f"Please remove the DS record with key tag {rng.randrange(1, 65536)} from {d}.")]
        return self._subject(asks), blocks, None

    # --- thread mails ------------------------------------------------------------------------------------------

    def _thread(self, mid: str, kind: str, target: Mail) -> Mail:
        rng = self.rng
        client = rng.choice(self.clients[:5])
        charset, encoding = rng.choice(CHARSETS), rng.choice(ENCODINGS)
        if kind == THREAD_KINDS[0]:
            said = rng.choice(REPLIES)
            name = rng.choice([w[0] for w in WRITERS.get(target.sender, [("Domains", "", "")])])
            sign = rng.choice(["", "Thanks", "Regards,", "Best,"])
            said += f"\n\n{sign}\n{name.split()[0]}" if sign else ""
        elif kind == THREAD_KINDS[1]:
            said = rng.choice(AUTO_REPLIES)
        else:
            said = f"delivery to {target.sender} failed"
        sender = target.sender if kind != "bounce" else "MAILER-DAEMON@mx." + target.sender.partition("@")[2]
        return Mail(mid, kind, kind if kind != "reply" else said.split("\n")[0][:24], client, charset, encoding,
                    sender, kind, None, thread_of=target.id, said=said, seed=self.seed)
