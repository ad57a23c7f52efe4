"""Seed 35 of the request corpus: what government customers asked, relayed by their registrars, in their own words.

Imitates the mail in which a registrar passes on a request its customer made elsewhere, and the customer's words
as they reach the registry. A registrar's short cover note ("Please see our customer's request below", restating the
servers or not) sits above the customer's mail, forwarded inline in its client's way (Outlook's From/Sent block,
Outlook on the web's and Outlook for iOS's rule and block, Gmail's "---------- Forwarded message ---------", Apple
Mail's and the iPhone's "Begin forwarded message:" with every line quoted), attached whole as a message/rfc822
part ("forward as attachment"), or forwarded twice (a supplier's mail, forwarded by the customer's IT, forwarded by
the registrar: "FW: Fwd:"). Welsh public bodies write in Welsh and English: Welsh first and English after, side by
side in a two-column table, or paragraph by paragraph, "Annwyl gyfaill", "Diolch", "Cofion", gweinyddion enwau,
with the Welsh Language Standards' footer; the request is in both languages, the values the same in each. A
customer's Microsoft Teams or Slack conversation is pasted into the mail (names and times, "Edited", "(edited)",
reactions, a thread's replies, someone correcting a server later in the chat). Meeting notes and minutes carry an
action for the registrar ("ACTION: Registrar to update NS for x.gov.uk to ..."), among the other items and
actions. A council's web-form submission (question and answer, "(not answered)") is relayed with its reference. A
mail dictated on a phone: run-on sentences, little punctuation, "name severs", "Ns1" capitalised by the keyboard,
"dot co dot uk" that the registrar spells out in its note. And a manager's approval chain quoted below the request
("Approved - J. Smith, Head of IT", a second approver above the first). Now and then several domains in one mail,
and DS records (a new key, a rollover's second key beside the first, DNSSEC switched on with new name servers).

Every truth is what a careful operator would record: the set each domain is left with, the corrected value where a
chat or a note puts a slip right. One request in 20 is ambiguous on purpose, the way these writers are: the Welsh
and English values disagree; the chat's last word contradicts its first; the registrar's note and the customer's
mail give different servers; "the usual ones"; an action "to be confirmed"; an approver who says to hold; a web form
giving the servers the domain has already; one name server left by a dictated mail; two sets offered as
alternatives in a chat; a forward in the middle saying the servers have changed without saying to what.
Organisations are this seed's own (domains ending in "-rl"), and so are the registrars (added to the registry file).

Kept whole: the writers' words, the frames they are passed on in (forwards, chats, minutes, forms, approval chains)
and the clients' renderings of those frames are one imitation, read together to judge whether a mail is one a real
writer would send; split, each piece would be read apart from the words and frames it is written against.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from email.message import EmailMessage
from html import escape

from tests.support.request_corpus import (
    BOT,
    DATE,
    PREFIXES,
    REGISTRARS,
    ZONE,
    Corpus,
    DomainAsk,
    Generator,
    Mail,
    _ds,
    _fit,
)

REGISTRARS_HERE = [
    {"name": "Pennant Internet Services Ltd", "emails": ["domains@pennant-internet.example"]},
    {"name": "Marchmont Names Ltd", "emails": ["govsupport@marchmontnames.example"]},
    {"name": "Greywell Domains", "emails": ["hostmaster@greywell.example"]},
    {"name": "Cantref Digital Cyf", "emails": ["parthau@cantref.example"]},
    {"name": "Lockside Registrar Services", "emails": ["relay@lockside-reg.example"]},
]


@dataclass(frozen=True)
class Registrar:
    name: str
    short: str
    sender: str
    people: tuple[str, ...]
    welsh: bool = False


REGISTRARS_BY_KEY = {r.short: r for r in [
    Registrar("Pennant Internet Services Ltd", "Pennant", "domains@pennant-internet.example",
              ("Rhian Pugh", "Owain Jenkins")),
    Registrar("Marchmont Names Ltd", "Marchmont", "govsupport@marchmontnames.example", ("Callum Reid", "Priya Desai")),
    Registrar("Greywell Domains", "Greywell", "hostmaster@greywell.example", ("Tom Ashcroft", "Lowri Evans")),
    Registrar("Cantref Digital Cyf", "Cantref", "parthau@cantref.example", ("Elin Roberts", "Gethin Davies"),
              welsh=True),
    Registrar("Lockside Registrar Services", "Lockside", "relay@lockside-reg.example", ("Sam Okafor", "Hannah Byrne")),
]}

# Of every 40 requests: the frame (38 of them, the 20th and 40th ambiguous on purpose) and the client.
THEME_SHARE = {"forward": 7, "twice": 3, "attached": 4, "welsh": 7, "chat": 5, "minutes": 4, "webform": 3,
               "dictated": 2, "approval": 3}
THEME_LAYOUTS = {
    "forward": ("prose", "form", "label_list", "current_new_lists", "current_new_table", "add_remove_table", "epp",
                "replace", "csv", "multi_domain", "ds", "portal"),
    "twice": ("prose", "label_list", "current_new_table", "replace", "ds", "multi_domain"),
    "attached": ("prose", "form", "label_list", "current_new_lists", "add_remove_table", "csv", "ds"),
    "welsh": ("prose", "form", "label_list", "current_new_lists", "current_new_table", "add_remove_table", "replace",
              "ds", "multi_domain"),
    "chat": ("prose", "label_list", "replace", "add_remove_table", "ds", "multi_domain"),
    "minutes": ("prose", "current_new_lists", "replace", "add_remove_table", "multi_domain", "ds"),
    "webform": ("portal", "form", "csv", "ds", "multi_domain"),
    "dictated": ("prose", "label_list", "replace"),
    "approval": ("prose", "form", "label_list", "current_new_table", "add_remove_table", "epp", "replace", "ds",
                 "multi_domain"),
}
CLIENT_SHARE = {"outlook": 13, "owa": 8, "gmail": 8, "apple_mail": 5, "outlook_mobile": 3, "iphone": 3}
PHONES = ("outlook_mobile", "iphone")
AMBIGUOUS_AT = (19, 39)
AMBIGUOUS_SHAPES = 10

WELSH_PLACES = ["aberaeron", "bala", "criccieth", "dolgellau", "llandeilo", "machynlleth", "tregaron", "rhayader",
                "llanidloes", "beddgelert", "abergele", "pwllheli", "llanrwst", "narberth", "crickhowell",
                "llandovery", "corwen", "harlech", "porthmadog", "ruthin", "llangollen", "tywyn", "lampeter",
                "presteigne", "knighton", "fishguard", "ammanford", "aberdyfi", "cemaes", "nefyn", "bethesda", "conwy",
                "llanberis", "rhosneigr", "solva", "talgarth", "usk", "caerleon", "pencader", "llanfyllin"]
WELSH_KINDS = [("tc", "{} Town Council", "Cyngor Tref {}"), ("cc", "{} Community Council", "Cyngor Cymuned {}"),
               ("lib", "{} Library Service", "Gwasanaeth Llyfrgell {}"),
               ("hb", "{} Harbour Authority", "Awdurdod Harbwr {}"),
               ("lt", "{} Leisure Trust", "Ymddiriedolaeth Hamdden {}")]
ENGLISH_PLACES = ["amesbury", "bideford", "castleton", "dursley", "evesham", "faversham", "glossop", "halesworth",
                  "ilminster", "kirkham", "lynton", "minehead", "northleach", "ottery", "pickering", "ross",
                  "sandbach", "tewkesbury", "uttoxeter", "wymondham", "axminster", "beccles", "clevedon", "diss",
                  "eccleshall", "frodsham", "grassington", "hawes", "ingleton", "kirkby", "leominster", "masham",
                  "nantwich", "oundle", "pateley", "rothbury", "saxmundham", "thirsk", "wirksworth", "yoxall"]
ENGLISH_KINDS = [("dc", "{} District Council"), ("tc", "{} Town Council"), ("crem", "{} Crematorium Board"),
                 ("cp", "{} Care Partnership"), ("arch", "{} Archives Service"), ("ha", "{} Housing Association")]
EXTRA_LABELS = {"cy": ["cyngor", "ymgynghori", "archebu"], "en": ["consult", "planning", "bookings"]}

WELSH_PEOPLE = [("Siân", "Lloyd"), ("Dafydd", "Pritchard"), ("Catrin", "Howells"), ("Iwan", "Parry"),
                ("Mererid", "Thomas"), ("Huw", "Bevan"), ("Nia", "Griffiths"), ("Rhodri", "Williams")]
ENGLISH_PEOPLE = [("Karen", "Whitfield"), ("Martin", "Dawes"), ("Jo", "Pennington"), ("Amir", "Hussain"),
                  ("Beverley", "Cole"), ("Graham", "Tuck"), ("Fiona", "Marsh"), ("Dev", "Patel")]
TITLES = [("ICT Manager", "Rheolwr TGCh"), ("Digital Services Officer", "Swyddog Gwasanaethau Digidol"),
          ("Network Engineer", "Peiriannydd Rhwydwaith"), ("Clerk to the Council", "Clerc y Cyngor"),
          ("Infrastructure Lead", "Arweinydd Seilwaith")]
APPROVERS = [("J. Smith", "Head of IT"), ("Helen Marsh", "Director of Resources"), ("Gareth Evans", "SIRO"),
             ("P. Okonjo", "Head of Digital"), ("Ann Rowlands", "Chief Officer")]
SUPPLIERS = [("Wye Valley IT", "wyevalley-it.example"), ("Harrowgate Digital", "harrowgate-dns.example"),
             ("Teifi Web Design", "teifiweb.example"), ("Northwind IT", "northwind-it.example")]
CF = ["arya", "brad", "cody", "dina", "emma", "finn", "gwen", "hugo", "iris", "jake", "kara", "leo", "maya", "noel",
      "owen", "pam", "rex", "sara", "tom", "vida"]
SMALL_HOSTS = ["newdns.co.uk", "dns.cymru-hosting.example", "wyehost.example", "dns.tregaron-it.example",
               "civica-hosting.example"]
WELSH_FOOTER = ("Rydym yn croesawu gohebiaeth yn Gymraeg. Byddwn yn ymateb i ohebiaeth yn Gymraeg yn Gymraeg, ac ni "
                "fydd hyn yn arwain at oedi.\nWe welcome correspondence in Welsh. We will respond to correspondence "
                "in Welsh in Welsh and this will not lead to a delay.")


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().replace(" ", "")


def _provider(rng: random.Random, domain: str) -> list[str]:
    """The name servers of one DNS host, as its console or its customer gives them."""
    kind = rng.randrange(9)
    if kind == 0:
        return [f"{n}.ns.cloudflare.com" for n in rng.sample(CF, 2)]
    if kind == 1:
        return [f"ns-{base + rng.randrange(512)}.awsdns-{rng.randrange(64):02d}.{tld}"
                for tld, base in (("org", 1024), ("co.uk", 1536), ("com", 0), ("net", 512))]
    if kind == 2:
        k = rng.randrange(1, 10)
        return [f"ns1-0{k}.azure-dns.com", f"ns2-0{k}.azure-dns.net", f"ns3-0{k}.azure-dns.org",
                f"ns4-0{k}.azure-dns.info"]
    if kind == 3:
        x = rng.choice("abcde")
        return [f"ns-cloud-{x}{i}.googledomains.com" for i in range(1, 5)]
    if kind == 4:
        host = rng.choice(SMALL_HOSTS)
        return [f"ns{i}.{host}" for i in range(1, rng.choice([2, 3]) + 1)]
    if kind == 5:
        return [f"dns{i}.jisc.example.net" for i in (1, 2)]
    if kind == 6:
        return [f"ns{i}.{domain}" for i in rng.choice([(1, 2), (0, 1)])]
    if kind == 7:
        host = rng.choice(SUPPLIERS)[1]
        return [f"dns{i}.{host}" for i in range(1, rng.choice([2, 3]) + 1)]
    k = rng.randrange(1, 10)
    return [f"dns{i}.p0{k}.nsone.net" for i in range(1, 5)]


def _typo(rng: random.Random, host: str) -> str:
    """A name server as mistyped in a chat: two letters of its first label swapped, or a digit changed."""
    label = host.split(".")[0]
    for i in range(len(label) - 1):
        if label[i] != label[i + 1] and label[i].isalpha() and label[i + 1].isalpha() and rng.random() < 0.6:
            return host[:i] + host[i + 1] + host[i] + host[i + 2:]
    digits = [i for i, ch in enumerate(host) if ch.isdigit()]
    if digits:
        i = rng.choice(digits)
        return host[:i] + str((int(host[i]) + rng.randrange(1, 9)) % 10) + host[i + 1:]
    return host.replace(".", "-", 1) if host.count(".") > 2 else "n" + host


def _and(values: list[str], lang: str = "en") -> str:
    if len(values) == 1:
        return values[0]
    if lang == "cy":  # "ac" before a vowel
        last = values[-1]
        return ", ".join(values[:-1]) + (" ac " if last[0] in "aeiouwy" else " a ") + last
    return ", ".join(values[:-1]) + " and " + values[-1]


# --- the words, Welsh and English side by side: one index says the same in both ----------------------------------

SET_PROSE = {
    "cy": ["A fyddech cystal â newid y gweinyddion enwau ar gyfer {d} i {v}?",
           "Rydym yn symud ein DNS i ddarparwr newydd. Y gweinyddion enwau newydd ar gyfer {d} yw {v}.",
           "Newidiwch y gweinyddion enwau ar gyfer {d} i {v}, os gwelwch yn dda."],
    "en": ["Would you please change the name servers for {d} to {v}?",
           "We are moving our DNS to a new provider. The new name servers for {d} are {v}.",
           "Please change the name servers for {d} to {v}."]}
SET_LABEL = {"cy": ["Gweinyddion enwau newydd ar gyfer {d}:", "Defnyddiwch y gweinyddion enwau hyn ar gyfer {d}:"],
             "en": ["New name servers for {d}:", "Please use these name servers for {d}:"]}
FORM_LABELS = {"cy": ("Enw parth", "Gweinydd enwau {i}"), "en": ("Domain name", "Name server {i}")}
CN_LABELS = {"cy": ("Gweinyddion enwau cyfredol:", "Gweinyddion enwau newydd:"),
             "en": ("Current name servers:", "New name servers:")}
REPLACE = {"cy": ["Ar gyfer {d}, newidiwch {o} i {n}.", "Ar gyfer {d}, rhowch {n} yn lle {o}, os gwelwch yn dda."],
           "en": ["For {d}, please change {o} to {n}.", "For {d}, please put {n} in place of {o}."]}
REPLACE_REST = {"cy": "Mae'r gweinyddion enwau eraill yn aros yr un fath.",
                "en": "The other name servers stay the same."}
ADDREM_LEAD = {"cy": "Y newidiadau i {d}:", "en": "The changes to {d}:"}
ADDREM_WORDS = {"cy": ("Ychwanegu", "Dileu"), "en": ("Add", "Remove")}
DS_LEAD = {"cy": {"new": "Ychwanegwch y cofnod DS canlynol ar gyfer {d} i alluogi DNSSEC:",
                  "replace": "Rhowch y cofnod DS hwn yn lle'r un presennol ar gyfer {d}:",
                  "add": "Ychwanegwch y cofnod DS newydd ar gyfer {d} ochr yn ochr â'r un presennol (cadwch yr hen un "
                         "am y tro):"},
           "en": {"new": "Please add the following DS record for {d} to enable DNSSEC:",
                  "replace": "Please put this DS record in place of the current one for {d}:",
                  "add": "Please add the new DS record for {d} alongside the current one (keep the old one for "
                         "now):"}}
DS_WITH_NS = {"cy": "Ac ar yr un pryd, newidiwch y gweinyddion enwau i {v}.",
              "en": "And at the same time, please change the name servers to {v}."}
MULTI_LEAD = {"cy": "Mae angen newid y gweinyddion enwau ar gyfer ein parthau:",
              "en": "We need the name servers changing for our domains:"}
GREETING = {"cy": ["Annwyl gyfaill,", "Annwyl Syr/Madam,", "Helo,", "Prynhawn da,"],
            "en": ["Dear colleague,", "Dear Sir/Madam,", "Hello,", "Good afternoon,"]}
THANKS = {"cy": ["Diolch,", "Diolch yn fawr,", "Cofion,", "Cofion gorau,"],
          "en": ["Thank you,", "Many thanks,", "Regards,", "Best wishes,"]}

COVER = ["Please see our customer's request below.", "Forwarding on behalf of {org} - please action.",
         "Request from {org} below. Thanks", "Please could you make the change below for our customer {org}? "
         "They've confirmed it with us by phone.", "See below from the customer. Please update.",
         "FYI / please action - customer request below."]
COVER_ATTACHED = ["Please see the customer's email attached.", "Customer's request attached - please action.",
                  "Forwarded as an attachment as requested: {org}'s change request.",
                  "The attached came in from {org} this morning. Could you update as requested please?"]
COVER_WELSH = ["Gweler isod / Please see below.", "Cais gan ein cwsmer {org} isod. / Request from our customer {org} "
               "below.", "Diolch / Thanks - please action the request below."]


class RelayGenerator(Generator):
    clients = tuple(CLIENT_SHARE)

    def __init__(self, part: str, seed: int):
        super().__init__(part, seed)
        self.prefix = PREFIXES[seed]
        welsh = [(f"{p}-{s}-rl", en.format(p.title()), cy.format(p.title()))
                 for p in WELSH_PLACES for s, en, cy in WELSH_KINDS]
        english = [(f"{p}-{s}-rl", en.format(p.title()), "") for p in ENGLISH_PLACES for s, en in ENGLISH_KINDS]
        self.rng.shuffle(welsh)
        self.rng.shuffle(english)
        self.free_names = [(n, o) for n, o, _ in welsh + english]  # what corpus() filters against other seeds
        self.allowed: set[str] | None = None
        self.welsh_names, self.english_names = welsh, english
        self.welsh_name_of: dict[str, str] = {}
        self.ambiguous_made = 0
        self.reg, self.client, self.person, self.welsh = REGISTRARS_BY_KEY["Pennant"], "outlook", "", False
        self.cust: dict[str, str] = {}
        self.minute = 0
        self.quiet_note = False

    def registry(self) -> dict:
        return {"registrars": REGISTRARS + REGISTRARS_HERE, "organisations": list(self.organisations.values())}

    # --- the registry file ----------------------------------------------------------------------------------------

    def _domains(self, registrar: str, count: int) -> list[DomainAsk]:
        rng = self.rng
        if self.allowed is None:  # corpus() has taken out of free_names what other seeds have
            self.allowed = {n for n, _ in self.free_names}
        pool = self.welsh_names if self.welsh else self.english_names
        base, org, org_cy = pool.pop()
        while base not in self.allowed:
            base, org, org_cy = pool.pop()
        stem = base[:-len("-rl")]
        extras = rng.sample(EXTRA_LABELS["cy" if self.welsh else "en"], 3)
        names = ([base] + [f"{stem}-{x}-rl" for x in extras])[:count]
        contacts = [{"role": "security", "email": f"seiber@{base}.gov.uk" if self.welsh else f"cyber@{base}.gov.uk",
                     "phone": f"+44 1970 63{rng.randrange(1000, 9999)}", "name": f"{org} IT Security"},
                    {"role": "technical", "email": f"ict@{base}.gov.uk"},
                    {"role": "notify", "email": f"dns@{base}.gov.uk"}]
        domains, asks = [], []
        for name in names:
            domain = f"{name}.{ZONE}"
            ns = _provider(rng, domain)[:rng.choice([2, 2, 3, 4])]
            ds = [_ds(rng)] if rng.random() < 0.3 else []
            domains.append({"name": domain, "locked": True, "registrar": registrar, "registrant": org,
                            "nameservers": ns, "ds": ds, "whois_contacts": [f"hostmaster@{base}.gov.uk"]})
            asks.append(DomainAsk(domain, org, list(ns), list(ds)))
        self.organisations[org] = {"name": org, "contacts": contacts, "domains": domains}
        self.welsh_name_of[org] = org_cy
        return asks

    # --- what is asked ---------------------------------------------------------------------------------------------

    def _fresh(self, ask: DomainAsk, n: int, avoid: tuple[str, ...] = ()) -> list[str]:
        while True:
            new = _provider(self.rng, ask.domain)
            if len(new) >= n and not set(new) & set(ask.current_ns + list(avoid)):
                return new[:n]

    def _move(self, ask: DomainAsk) -> list[str]:
        """A complete new set for `ask`, none of its servers the domain's now."""
        ask.new_ns = self._fresh(ask, 2)
        full = _provider(self.rng, ask.domain)
        if not set(full) & set(ask.current_ns):
            ask.new_ns = full
        return list(ask.new_ns)

    def _changes(self, ask: DomainAsk) -> None:
        """One more, one fewer (of three or more), one swapped, or the whole set moved, as add and remove."""
        rng, cur = self.rng, ask.current_ns
        shape = rng.randrange(4)
        if shape == 0 or shape == 2 and len(cur) < 3:
            ask.remove_ns, ask.add_ns = list(cur), self._fresh(ask, rng.choice([2, 3]))
        elif shape == 1:
            ask.add_ns = self._fresh(ask, 1)
        elif shape == 2:
            ask.remove_ns = [rng.choice(cur)]
        else:
            ask.remove_ns, ask.add_ns = [rng.choice(cur)], self._fresh(ask, 1)

    def _replace(self, ask: DomainAsk) -> list[tuple[str, str]]:
        olds = self.rng.sample(ask.current_ns, min(len(ask.current_ns) - 1, self.rng.choice([1, 1, 2])))
        news = self._fresh(ask, len(olds))
        ask.remove_ns, ask.add_ns = list(olds), list(news)
        return list(zip(olds, news))

    def _ds_ask(self, ask: DomainAsk) -> tuple[str, str]:
        record = _ds(self.rng)
        if ask.current_ds and self.rng.random() < 0.5:
            ask.add_ds = [record]
            return record, "add"
        ask.new_ds = [record]
        return record, "replace" if ask.current_ds else "new"

    def _decide(self, asks: list[DomainAsk], layout: str) -> dict:
        """What the mail asks, once, whatever language and frame it is said in."""
        rng, a = self.rng, asks[0]
        if layout in ("add_remove_table", "epp"):
            self._changes(a)
            return {"kind": "addrem"}
        if layout == "replace":
            return {"kind": "replace", "pairs": self._replace(a)}
        if layout == "ds":
            record, how = self._ds_ask(a)
            with_ns = self._move(a) if rng.random() < 0.25 else None
            return {"kind": "ds", "record": record, "how": how, "ns": with_ns}
        if layout == "multi_domain":
            same = rng.random() < 0.4
            first = self._move(a)
            for other in asks[1:]:
                if same and not set(first) & set(other.current_ns):
                    other.new_ns = list(first)
                else:
                    self._move(other)
            return {"kind": "multi", "same": all(x.new_ns == first for x in asks)}
        self._move(a)
        return {"kind": "set", "form": layout}

    # --- saying it, in Welsh or in English -------------------------------------------------------------------------

    def _ds_lines(self, record: str, d: str) -> list[str]:
        tag, alg, dtype, digest = record.split()
        shape = self.rng.randrange(3)
        if shape == 0:
            return [record]
        if shape == 1:
            return [f"{d}. IN DS {record}"]
        return [f"Key tag: {tag}", f"Algorithm: {alg}", f"Digest type: {dtype}", f"Digest: {digest}"]

    def _say(self, asks: list[DomainAsk], spec: dict, lang: str, pick: int) -> list:
        """The request in the customer's words, in `lang`, the `pick`th wording (the same in the other language)."""
        a, d = asks[0], asks[0].domain
        kind = spec["kind"]
        if kind == "set":
            form, new = spec["form"], a.new_ns
            if form in ("prose", "portal", "csv"):
                phrasing = SET_PROSE[lang]
                return [("p", phrasing[pick % len(phrasing)].format(d=d, v=_and(new, lang)))]
            if form == "label_list":
                label = SET_LABEL[lang][pick % 2].format(d=d)
                return [("lines", [label] + [f"{['- ', '', '* '][pick % 3]}{v}" for v in new])]
            if form == "form":
                dom, ns = FORM_LABELS[lang]
                return [("lines", [f"{dom}: {d}"] + [f"{ns.format(i=i)}: {v}" for i, v in enumerate(new, 1)])]
            if form == "current_new_lists":
                cur_label, new_label = CN_LABELS[lang]
                return [("p", f"{d}"), ("lines", [cur_label] + a.current_ns), ("lines", [new_label] + new)]
            rows = [[a.current_ns[i] if i < len(a.current_ns) else "", new[i] if i < len(new) else ""]
                    for i in range(max(len(new), len(a.current_ns)))]
            head = ["Cyfredol", "Newydd"] if lang == "cy" else ["Current", "New"]
            return [("p", f"{d}:"), ("table", head, rows)]
        if kind == "replace":
            said = " ".join(REPLACE[lang][pick % 2].format(d=d, o=o, n=n) if i == 0 else
                            (f"{'Ac' if o[0] in 'aeiouwy' else 'A'} {o} i {n}." if lang == "cy" else f"And {o} to {n}.")
                            for i, (o, n) in enumerate(spec["pairs"]))
            return [("p", said + " " + REPLACE_REST[lang])]
        if kind == "addrem":
            add, rem = ADDREM_WORDS[lang]
            rows = [[rem, v] for v in a.remove_ns] + [[add, v] for v in a.add_ns]
            head = ["Gweithred", "Gweinydd enwau"] if lang == "cy" else ["Action", "Name server"]
            return [("p", ADDREM_LEAD[lang].format(d=d)), ("table", head, rows)]
        if kind == "ds":
            blocks = [("p", DS_LEAD[lang][spec["how"]].format(d=d)),
                      ("lines", spec.setdefault("shown", self._ds_lines(spec["record"], d)))]
            if spec["ns"]:
                blocks.append(("p", DS_WITH_NS[lang].format(v=_and(spec["ns"], lang))))
            return blocks
        lines = [MULTI_LEAD[lang]]
        if spec["same"]:
            lines += [f"- {x.domain}" for x in asks]
            word = "i'r gweinyddion enwau hyn:" if lang == "cy" else "to these name servers:"
            return [("lines", lines), ("lines", [word] + a.new_ns)]
        return [("lines", lines)] + [("lines", [f"{x.domain}:"] + [f"  {v}" for v in x.new_ns]) for x in asks]

    # --- the customers -----------------------------------------------------------------------------------------------

    def _customer(self, asks: list[DomainAsk]) -> dict[str, str]:
        rng, a = self.rng, asks[0]
        first, last = rng.choice(WELSH_PEOPLE if self.welsh else ENGLISH_PEOPLE)
        title, title_cy = rng.choice(TITLES)
        base = a.domain.split(".")[0]
        return {"name": f"{first} {last}", "first": first, "title": title, "title_cy": title_cy,
                "email": f"{_ascii(first)}.{_ascii(last)}@{base}.gov.uk", "org": a.organisation,
                "org_cy": self.welsh_name_of.get(a.organisation, ""), "d": a.domain}

    def _customer_sig(self, lang: str = "en") -> str:
        c = self.cust
        if self.welsh:
            lines = [c["name"], f"{c['title_cy']} | {c['title']}", f"{c['org_cy']} | {c['org']}"]
            if self.rng.random() < 0.6:
                lines += ["", WELSH_FOOTER]
            return "\n".join(lines)
        return "\n".join([c["name"], c["title"], c["org"]])

    def _customer_mail(self, body: list, lang: str = "en") -> list:
        """The customer's own mail around its words: greeting, thanks, signature."""
        rng = self.rng
        if self.welsh and lang == "both":
            hello = rng.choice(["Annwyl gyfaill / Dear colleague,", "Annwyl gyfaill,", "Helo / Hello,"])
            bye = rng.choice(["Diolch / Thank you,", "Diolch,", "Cofion / Regards,"])
        else:
            hello = rng.choice(GREETING["en"] + ["Hi,", "Hi all,"])
            bye = rng.choice(THANKS["en"] + ["Thanks,"])
        return [("p", hello)] + body + [("p", bye), ("sig", self._customer_sig())]

    def _hdr(self, who: str, addr: str, to: str, subject: str) -> dict[str, str]:
        """A forwarded or quoted mail's header fields, each mail of a chain written a little after the one it
        quotes."""
        self.minute += self.rng.randrange(4, 70)
        return {"from": f"{who} <{addr}>", "to": to, "subject": subject, "at": _when(self.minute, self.rng)}

    # --- the registrar's note ---------------------------------------------------------------------------------------

    def _restate(self, asks: list[DomainAsk], spec: dict) -> str:
        """The registrar's note saying the change again, in its own words, where it does."""
        a = asks[0]
        if spec["kind"] == "set" and self.rng.random() < 0.35:
            return self.rng.choice([f"i.e. {a.domain} to {_and(a.new_ns)}.", f"New NS: {', '.join(a.new_ns)}."])
        if spec["kind"] == "replace" and self.rng.random() < 0.3:
            return "Just the " + ("one server" if len(spec["pairs"]) == 1 else "two servers") + " changing, the " \
                "rest stay."
        return ""

    def _cover(self, asks: list[DomainAsk], spec: dict, words: list[str] | None = None) -> list:
        rng = self.rng
        words = words or (COVER_WELSH if self.reg.welsh and self.welsh else COVER)
        text = rng.choice(words).format(org=asks[0].organisation)
        again = self._restate(asks, spec)
        if self.quiet_note:  # a note saying the servers again would settle what the mail leaves open
            again = ""
        hello = rng.choice(["Hi,", "Hello,", "Hi team,", "Good morning,", ""])
        return ([("p", hello)] if hello else []) + [("p", text + (" " + again if again else ""))]

    def _reg_sig(self) -> list:
        r, rng = self.reg, self.rng
        lines = [self.person, f"{r.name}" + (" | Gwasanaethau Parth / Domain Services" if r.welsh else "")]
        if self.client in PHONES:
            mark = "Sent from my iPhone" if self.client == "iphone" else rng.choice(["Get Outlook for iOS",
                                                                                   "Get Outlook for Android"])
            return [("p", rng.choice(["Thanks", "Cheers", "Thanks,\n" + self.person.split()[0]])), ("p", mark)]
        bye = rng.choice(["Kind regards,", "Thanks,", "Many thanks,", "Regards,", "Diolch,"
                          if r.welsh else "Best,"])
        return [("p", bye), ("sig", "\n".join(lines))]

    def _fwd_subject(self, subject: str, client: str) -> str:
        return ("FW: " if client in ("outlook", "owa", "outlook_mobile") else "Fwd: ") + subject

    def _cust_subject(self, asks: list[DomainAsk], bilingual: bool = False) -> str:
        names = ", ".join(a.domain for a in asks)
        if bilingual:
            return self.rng.choice([f"Newid gweinyddion enwau / Name server change - {names}",
                                    f"{names} - gweinyddion enwau / name servers", f"Cais DNS / DNS request: {names}"])
        return self.rng.choice([f"Name server change - {names}", f"{names} nameservers", f"DNS change for {names}",
                                f"Change of nameservers {names}", f"Re: website move - {names}"])

    # --- frames: each gives (subject, blocks, attachment) ------------------------------------------------------------

    def _t_forward(self, asks, spec, layout):
        rng, a = self.rng, asks[0]
        pick = rng.randrange(6)
        cover = self._cover(asks, spec)
        attachment = None
        if layout == "csv":
            rows = ["Domain,Nameserver"] + [f"{a.domain},{v}" for v in a.new_ns]
            attachment = ("csv", rng.choice(["nameservers.csv", f"{a.domain.split('.')[0]}-dns.csv"]),
                          "\r\n".join(rows) + "\r\n")
            body = [("p", rng.choice([f"Please find attached the new name servers for {a.domain}.",
                                      f"Our new DNS details for {a.domain} are in the attached spreadsheet."]))]
        elif layout == "epp":
            add, rem = a.add_ns, a.remove_ns
            cover.append(("p", rng.choice(["We tried to put this through EPP but the domain is locked:",
                                           "Our update was refused (serverUpdateProhibited). What we sent:"])))
            cover.append(("lines", [f"domain:update {a.domain}"] + [f"  ns rem {v}" for v in rem]
                          + [f"  ns add {v}" for v in add]))
            words = ([f"add {_and(add)}"] if add else []) + ([f"remove {_and(rem)}"] if rem else [])
            body = [("p", f"For {a.domain} could you please {' and '.join(words)}? Thanks.")]
        elif layout == "portal":
            cover = [("p", "This came through our control panel from the customer, with their email below.")]
            cover.append(("lines", [f"Order: PN-{rng.randrange(100000, 999999)}", f"Domain: {a.domain}",
                                    "Action: Modify nameservers"] + [f"Nameserver {i}: {v}"
                                                                    for i, v in enumerate(a.new_ns, 1)]))
            body = self._say(asks, spec, "en", pick)
        else:
            body = self._say(asks, spec, "en", pick)
        subject = self._cust_subject(asks)
        inner = self._customer_mail(body)
        hdr = self._hdr(self.cust["name"], self.cust["email"], f"{self.reg.name} <{self.reg.sender}>", subject)
        blocks = cover + self._reg_sig() + [("fwd", self.client, hdr, inner, "forward")]
        return self._fwd_subject(subject, self.client), blocks, attachment

    def _t_twice(self, asks, spec, layout):
        rng = self.rng
        sup, host = rng.choice(SUPPLIERS)
        who = rng.choice(["Ceri Jones", "Mark Ellison", "Bethan Rowe", "Stuart Vine"])
        supplier_mail = [("p", rng.choice([f"Hi {self.cust['first']},", "Hello,"])),
                         ("p", rng.choice(["As discussed, your DNS is ready on our platform. Please ask your "
                                           "registrar to make the change below.",
                                           "Here are the details for your registrar."]))] + \
            self._say(asks, spec, "en", rng.randrange(6)) + [("p", "Kind regards,"), ("sig", f"{who}\n{sup}")]
        subject = rng.choice([f"DNS details for {asks[0].domain}", f"Your new nameservers - {asks[0].domain}"])
        cust_client = rng.choice(["outlook", "owa", "gmail"])
        hdr_sup = self._hdr(who, f"{who.split()[0].lower()}@{host}", f"{self.cust['name']} <{self.cust['email']}>",
                            subject)
        middle = [("p", rng.choice(["Hi,", "Hello,"])),
                  ("p", rng.choice([f"Please see below from {sup}. Can you make the change please?",
                                    f"Can you action the below from our supplier ({sup}) please?",
                                    "Forwarding the email from our IT supplier - please update as they say."])),
                  ("p", "Thanks,"), ("sig", self._customer_sig())]
        middle.append(("fwd", cust_client, hdr_sup, supplier_mail, "forward"))
        subject2 = self._fwd_subject(subject, cust_client)
        hdr = self._hdr(self.cust["name"], self.cust["email"], f"{self.reg.name} <{self.reg.sender}>", subject2)
        blocks = self._cover(asks, spec) + self._reg_sig() + [("fwd", self.client, hdr, middle, "forward")]
        return self._fwd_subject(subject2, self.client), blocks, None

    def _t_attached(self, asks, spec, layout):
        rng, a = self.rng, asks[0]
        attachment = None
        if layout == "csv":
            rows = ["domain,action,nameserver"] + [f"{a.domain},keep,{v}" for v in a.current_ns if v in a.new_ns] + \
                [f"{a.domain},remove,{v}" for v in a.current_ns if v not in a.new_ns] + \
                [f"{a.domain},add,{v}" for v in a.new_ns if v not in a.current_ns]
            attachment = ("nameserver-change.csv", "\r\n".join(rows) + "\r\n")
            body = [("p", f"Our new name servers for {a.domain} are in the attached file. The old ones can go.")]
        else:
            body = self._say(asks, spec, "en", rng.randrange(6))
        subject = self._cust_subject(asks)
        inner = self._customer_mail(body)
        cover = self._cover(asks, spec, COVER_ATTACHED)
        return subject if rng.random() < 0.5 else self._fwd_subject(subject, self.client), cover + self._reg_sig(), \
            ("eml", subject, inner, attachment)

    def _t_welsh(self, asks, spec, layout):
        rng = self.rng
        pick = rng.randrange(6)
        cy, en = self._say(asks, spec, "cy", pick), self._say(asks, spec, "en", pick)
        how = rng.choice(["cy_first", "cy_first", "side", "interleave"])
        hello = rng.choice(["Annwyl gyfaill,", "Annwyl Syr/Madam,", "Prynhawn da,"])
        hello_en = {"Annwyl gyfaill,": "Dear colleague,", "Annwyl Syr/Madam,": "Dear Sir/Madam,",
                    "Prynhawn da,": "Good afternoon,"}[hello]
        if how == "side":
            rows = [(hello, hello_en)] + [(_text(x), _text(y)) for x, y in zip(cy, en)] + [("Diolch,", "Thank you,")]
            body = [("p", "(Saesneg isod / English alongside)")] if rng.random() < 0.3 else []
            body += [("bi", rows), ("sig", self._customer_sig())]
        elif how == "interleave":
            body = [("p", f"{hello} / {hello_en}")]
            for x, y in zip(cy, en):
                body += [x, y]
            body += [("p", "Diolch / Thank you,"), ("sig", self._customer_sig())]
        else:
            sep = rng.choice(["--- English version below ---", "Fersiwn Saesneg isod / English version below",
                              "*****", ""])
            body = [("p", hello)] + cy + [("p", rng.choice(THANKS["cy"]))] + ([("p", sep)] if sep else []) + \
                [("p", hello_en)] + en + [("p", rng.choice(THANKS["en"])), ("sig", self._customer_sig())]
        subject = self._cust_subject(asks, bilingual=True)
        hdr = self._hdr(self.cust["name"], self.cust["email"], f"{self.reg.name} <{self.reg.sender}>", subject)
        if rng.random() < 0.2:
            return subject, self._cover(asks, spec, COVER_ATTACHED) + self._reg_sig(), ("eml", subject, body, None)
        cover = self._cover(asks, spec)
        return self._fwd_subject(subject, self.client), cover + self._reg_sig() + \
            [("fwd", self.client, hdr, body, "forward")], None

    # chats

    def _chat(self, asks, spec, *, sup_name: str, amb: str = "") -> tuple[list[str], str]:
        """A Teams or Slack conversation as pasted: the customer, a colleague and the DNS supplier; a slip put
        right later in the chat now and then (the truth is the value as corrected)."""
        rng, a, c = self.rng, asks[0], self.cust
        style = rng.choice(["teams", "teams_new", "slack"])
        me = c["name"]
        mate = " ".join(rng.choice(WELSH_PEOPLE if self.welsh else ENGLISH_PEOPLE))
        sup = f"{sup_name} (External)" if style != "slack" else sup_name
        reg = self.reg.short
        msgs: list[tuple[str, str, str]] = []  # who, text, what follows it ("edited", a reaction)
        kind = spec["kind"] if spec else "set"
        if kind == "set":
            msgs.append((me, rng.choice([f"@{sup_name.split()[0]} have you got the new nameservers for {a.domain}? "
                                         f"{reg} need them to update the registry",
                                         f"morning, what are the NS for {a.domain} going to be?"]), ""))
            values = list(a.new_ns)
            fix = not amb and rng.random() < 0.4
            if fix:
                i = rng.randrange(len(values))
                slip = _typo(rng, values[i])
                values[i] = slip
            msgs.append((sup, rng.choice(["Yes, here you go:", "These are the ones:", "sure"]) + "\n" +
                         "\n".join(values), "edited" if not fix and rng.random() < 0.3 else ""))
            if fix:
                msgs.append((mate, "is that right? the " + ["first", "second", "third", "fourth"][i] +
                             " one looks odd", ""))
                msgs.append((sup, rng.choice([f"Sorry, typo! {slip} should be {a.new_ns[i]}",
                                              f"good spot - it's {a.new_ns[i]} not {slip}"]), "👍 2"))
            if amb == "contradict":
                other = self._fresh(a, 2, tuple(a.new_ns))
                msgs.append((me, "perfect thanks, will send to " + reg, "👍 1"))
                msgs.append((mate, f"hang on, the portal is showing {_and(other)} for {a.domain} now?? which is right",
                             ""))
            elif amb == "either":
                other = self._fresh(a, 2, tuple(a.new_ns))
                msgs.append((sup, f"or if it's easier we can host it on our other platform instead: {_and(other)}", ""))
                msgs.append((me, "ok I'll let the registrar decide 😅", ""))
            else:
                msgs.append((me, rng.choice([f"perfect thanks, will send to {reg}", "great, passing on now"]),
                             "👍 1"))
        elif kind == "replace":
            (o, n), *more = spec["pairs"]
            msgs.append((me, f"{sup_name.split()[0]} says we need to swap {o} for {n} on {a.domain}, "
                             "the other one(s) stay as they are", ""))
            for o2, n2 in more:
                msgs.append((me, f"oh and {o2} -> {n2} as well", "edited"))
            msgs.append((sup, "Yes that's right", "✅ 1"))
        elif kind == "addrem":
            for v in a.add_ns:
                msgs.append((sup, f"can you get {v} added to {a.domain}", ""))
            for v in a.remove_ns:
                msgs.append((sup, f"and {v} can come off, it's being retired", ""))
            msgs.append((me, f"will do, sending to {reg} now", "👍 1"))
        elif kind == "ds":
            if spec["ns"]:
                msgs.append((sup, f"nameservers for {a.domain} are {', '.join(spec['ns'])}", ""))
            record = spec["record"]
            shown = f"```{record}```" if style == "slack" else record
            msgs.append((sup, f"DNSSEC is on for {a.domain} our end. DS for the registry:\n{shown}", ""))
            if spec["how"] == "add":
                msgs.append((me, "do we remove the old DS?", ""))
                msgs.append((sup, "no, keep the old one as well for now - we'll tell you when it can go", "👍 1"))
            msgs.append((me, "thanks, forwarding", ""))
        else:
            msgs.append((me, rng.choice(["what are the nameservers for our domains on the new platform?",
                                         f"@{sup_name.split()[0]} can you send the NS for all {len(asks)} domains "
                                         "please, the registrar needs them"]), ""))
            msgs.append((sup, "\n".join(f"{x.domain}: {', '.join(x.new_ns)}" for x in asks), ""))
            msgs.append((me, "cheers", "🙏 1"))
        lines, self.minute = _render_chat(rng, style, msgs, self.minute)
        return lines, style

    def _t_chat(self, asks, spec, layout, amb: str = ""):
        rng, a = self.rng, asks[0]
        sup_name = rng.choice(["Ceri Jones", "Mark Ellison", "Bethan Rowe", "Stuart Vine"])
        lines, style = self._chat(asks, spec, sup_name=sup_name, amb=amb)
        app = "Slack" if style == "slack" else "Teams"
        if rng.random() < 0.5:  # the customer pasted it into a mail to the registrar, forwarded on
            body = [("p", rng.choice([f"See the {app} chat below with our supplier - can you update {a.domain} "
                                      "as agreed at the end please?",
                                      f"Pasting our {app} conversation with {sup_name} so you have the details.",
                                      f"Below is what our supplier sent us on {app}."])),
                    ("lines", lines)]
            inner = self._customer_mail(body)
            subject = self._cust_subject(asks)
            hdr = self._hdr(self.cust["name"], self.cust["email"], f"{self.reg.name} <{self.reg.sender}>", subject)
            return self._fwd_subject(subject, self.client), self._cover(asks, spec) + self._reg_sig() + \
                [("fwd", self.client, hdr, inner, "forward")], None
        cover = [("p", rng.choice(["Hi,", "Hello,"])),
                 ("p", rng.choice([f"{a.organisation} confirmed the change with us on {app} - chat pasted below. "
                                   "Please update as per the end of the conversation.",
                                   f"Customer's {app} messages below ({a.organisation}). Please action."])),
                 ("lines", ["-" * 40] + lines + ["-" * 40])]
        return self._cust_subject(asks), cover + self._reg_sig(), None

    # minutes

    def _actions(self, asks, spec, init: str, tbc: bool = False) -> list[str]:
        rng, a, reg = self.rng, asks[0], self.reg.short
        who = rng.choice([f"Registrar ({reg})", "registrar", f"{reg}"])
        end = " (TBC - awaiting confirmation from supplier)" if tbc else ""
        kind = spec["kind"]
        if kind in ("set", "multi"):
            out = []
            for x in asks:
                form = rng.randrange(3)
                if spec.get("form") == "current_new_lists" and x is a:
                    out.append(f"ACTION: {who} to update NS for {x.domain} to the new servers listed above{end}.")
                elif form == 0:
                    out.append(f"ACTION: {who} to update NS for {x.domain} to {', '.join(x.new_ns)}{end}.")
                elif form == 1:
                    out.append(f"Action: {who} - change the name servers for {x.domain} to {_and(x.new_ns)}{end}. "
                               f"Owner: {init}. Due: 27/11/2026")
                else:
                    out.append(f"ACTION ({init}): ask {who} to point {x.domain} at {' / '.join(x.new_ns)}{end}")
            return out
        if kind == "replace":
            return [f"ACTION: {who} to replace {o} with {n} on {a.domain} (other NS unchanged){end}."
                    for o, n in spec["pairs"]]
        if kind == "addrem" and a.remove_ns == a.current_ns:
            return [f"ACTION: {who} to replace the NS for {a.domain} ({', '.join(a.current_ns)}) with "
                    f"{', '.join(a.add_ns)}{end}."]
        if kind == "addrem":
            return [f"ACTION: {who} to add {v} to the NS for {a.domain}{end}." for v in a.add_ns] + \
                [f"ACTION: {who} to remove {v} from the NS for {a.domain}{end}." for v in a.remove_ns]
        how = {"add": "add (alongside the existing key)", "replace": "replace the DS with", "new": "add"}[spec["how"]]
        out = [f"ACTION: {who} to {how} the following DS record for {a.domain}{end}:", "    " + spec["record"]]
        if spec["ns"]:
            out.insert(0, f"ACTION: {who} to update NS for {a.domain} to {', '.join(spec['ns'])}{end}.")
        return out

    def _t_minutes(self, asks, spec, layout, tbc: bool = False):
        rng, a, c = self.rng, asks[0], self.cust
        people = [c["name"]] + [" ".join(p) for p in rng.sample(WELSH_PEOPLE if self.welsh else ENGLISH_PEOPLE, 2)]
        inits = ["".join(w[0] for w in p.split()) for p in people]
        sup, _ = rng.choice(SUPPLIERS)
        meeting = rng.choice(["Digital Services Project Board", "Website migration - weekly check-in",
                              "ICT Steering Group"] + (["Pwyllgor TGCh / ICT Committee"] if self.welsh else []))
        lines = [f"{a.organisation} - {meeting}", "Notes of meeting held on Wednesday 25 November 2026, 10:00 (Teams)",
                 "Present: " + ", ".join(f"{p} ({i})" for p, i in zip(people, inits)) + f", {sup}",
                 "Apologies: " + rng.choice(["none", "Finance Manager", "Clerk"]), "",
                 "1. Notes and actions of last meeting", "   Agreed. Action 4 (SSL certificate renewal) complete.", "",
                 f"2. DNS / website migration to {sup}"]
        if spec["kind"] == "set" and spec["form"] == "current_new_lists":
            lines += [f"   {sup} confirmed the new platform is ready. Current NS for {a.domain}: "
                      f"{', '.join(a.current_ns)}. New NS: {', '.join(a.new_ns)}."]
        else:
            lines += [f"   {sup} confirmed the new platform is ready for cutover on Friday. The old servers will be "
                      "switched off a week after."]
        lines += ["   " + x for x in self._actions(asks, spec, inits[0], tbc)]
        lines += [f"   ACTION: {inits[1]} to let the service desk know about the cutover.", "",
                  "3. Cyber Essentials renewal", f"   ACTION: {inits[2]} to circulate the questionnaire by 4 December.",
                  "", "4. AOB - none. Date of next meeting: 9 December 2026."]
        body = [("p", rng.choice(["Please see the action for you in the minutes below (item 2).",
                                  "Notes from yesterday's meeting below - item 2 has an action for the registrar.",
                                  "As discussed, here are the minutes. Could you action item 2 please?"])),
                ("lines", lines)]
        subject = rng.choice([f"Minutes - {meeting} 25/11", f"Notes and actions: {meeting}"])
        inner = self._customer_mail(body)
        hdr = self._hdr(c["name"], c["email"], f"{self.reg.name} <{self.reg.sender}>", subject)
        cover = [("p", rng.choice(["Hi,", "Hello,", ""]) or "Hi all,"),
                 ("p", rng.choice(["Customer's minutes below - item 2 is for the registry.",
                                   "Please action the registrar item in the minutes below.",
                                   f"{a.organisation} sent us their meeting notes; the action for you is under 2."]))]
        return self._fwd_subject(subject, self.client), cover + self._reg_sig() + \
            [("fwd", self.client, hdr, inner, "forward")], None

    # web forms

    def _t_webform(self, asks, spec, layout, same_as_now: bool = False):
        rng, a, c = self.rng, asks[0], self.cust
        qa = rng.random() < 0.5  # the question on one line, the answer under it
        ref = f"{rng.choice(['DCR', 'WEB', 'FS'])}-{rng.randrange(100000, 999999)}"
        fields = [("Your name", c["name"]), ("Job title", c["title"]), ("Organisation", a.organisation),
                  ("Email address", c["email"])]
        attachment = None
        if spec["kind"] == "multi":
            fields.append(("Domain name(s)", "\n".join(x.domain for x in asks)))
            if not all(x.new_ns == a.new_ns for x in asks):
                fields.append(("New name servers", "; ".join(f"{x.domain}: {', '.join(x.new_ns)}" for x in asks)))
            else:
                fields += [(f"New name server {i}", v) for i, v in enumerate(a.new_ns, 1)]
        else:
            fields.append(("Domain name", a.domain))
            fields.append(("What would you like to change?", "DNSSEC (DS record)" if spec["kind"] == "ds" else
                           "Name servers"))
            values = a.current_ns if same_as_now else (spec.get("ns") or a.new_ns or [])
            for i in range(1, 5):
                fields.append((f"New name server {i}", values[i - 1] if i <= len(values) else "(not answered)"))
            if spec["kind"] == "ds":
                tag, alg, dtype, digest = spec["record"].split()
                fields += [("DS key tag", tag), ("DS algorithm", alg), ("DS digest type", dtype), ("DS digest", digest)]
                if spec["how"] == "add":
                    fields.append(("Keep the existing DS record?", "Yes"))
                elif spec["how"] == "replace":
                    fields.append(("Keep the existing DS record?", "No - replace it"))
            elif layout == "csv":
                rows = ["nameserver"] + list(a.new_ns)
                attachment = ("csv", "upload-nameservers.csv", "\r\n".join(rows) + "\r\n")
                fields.append(("Upload a list (optional)", "upload-nameservers.csv (1 KB)"))
        fields.append(("Anything else we should know?", "We are moving to a new DNS provider." if same_as_now else
                       rng.choice(["(not answered)", "Website moving to new hosting this week.",
                                   "Please do this as soon as possible."])))
        fields.append(("I confirm I am authorised to request this change", "Yes"))
        form = [f"Form: {rng.choice(['Domain name change request', 'Request a DNS change', 'Gov domain changes'])}",
                f"Reference: {ref}", f"Submitted: 26/11/2026 {_when(self.minute, rng)['short']}", ""]
        for k, v in fields:
            form += [k, v, ""] if qa else [f"{k}: {v}" if "\n" not in v else f"{k}:\n{v}"]
        sender = f"no-reply@forms.{self.reg.sender.partition('@')[2]}"
        hdr = self._hdr("Web forms", sender, self.reg.sender, f"New form submission {ref}")
        cover = [("p", rng.choice(["Hi,", "Hello,"])),
                 ("p", rng.choice([f"Below is a change request {a.organisation} submitted through our web form. We "
                                   "have checked the requester is an authorised contact.",
                                   "Web form submission from our customer below - please action.",
                                   f"Please see the form below from {c['name']} at {a.organisation}."]))]
        return self._fwd_subject(f"New form submission {ref}", self.client), cover + self._reg_sig() + \
            [("fwd", self.client, hdr, [("lines", form)], "forward")], attachment

    # dictated on a phone

    def _t_dictated(self, asks, spec, layout, one_left: bool = False):
        rng, a = self.rng, asks[0]
        d = a.domain
        cap = [v[0].upper() + v[1:] if rng.random() < 0.3 else v for v in a.new_ns or a.add_ns]
        spelled = ""
        if one_left:
            text = f"hi can you change the name sever for {d} to {self._fresh(a, 1)[0]} thanks"
        elif spec["kind"] == "replace":
            (o, n), *_ = spec["pairs"]
            more = " ".join(f"and {o2} to {n2}" for o2, n2 in spec["pairs"][1:])
            text = (f"hi can you change {o} to {n} on {d} {more} the other name severs stay the same its for the new "
                    "website thanks")
        elif layout == "label_list" and len(set(v.split(".", 1)[1] for v in a.new_ns)) == 1 and \
                all(v.split(".")[0][-1:].isdigit() for v in a.new_ns):
            firsts, host = [v.split(".")[0] for v in a.new_ns], a.new_ns[0].split(".", 1)[1]
            text = (f"hi please can you update {d} the new host says nameservers: {_and(firsts)} at "
                    f"{host.replace('.', ' dot ')} thanks")
            spelled = f"That is {_and(a.new_ns)}."
        else:
            text = rng.choice([f"Hi can you change the name severs for {d} to {' and '.join(cap)} the old ones were "
                               f"{' '.join(a.current_ns)} we have moved to a new company thanks",
                               f"hello please update the name servers on {d} too {', '.join(cap)} as soon as you can "
                               "the website is down until its done many thanks",
                               f"Hi the nameservers for {d} need to be {' '.join(cap)} can you do it today thanks"])
        text = text.replace("  ", " ")
        mark = rng.choice(["Sent from my iPhone", "Get Outlook for iOS", "Sent from my Galaxy",
                           "Dictated on my phone - please excuse any errors"])
        inner = [("p", text), ("p", mark)]
        subject = rng.choice([f"{d}", "Name severs", "nameservers", f"Website {d}"])
        hdr = self._hdr(self.cust["name"], self.cust["email"], f"{self.reg.name} <{self.reg.sender}>", subject)
        note = rng.choice(["Customer emailed from their phone, below.", "See below from the customer (sent from "
                           "their phone).", "Please action the below from our customer."])
        cover = [("p", rng.choice(["Hi,", "Hello,"])), ("p", note + (" " + spelled if spelled else ""))]
        return self._fwd_subject(subject, self.client), cover + self._reg_sig() + \
            [("fwd", self.client, hdr, inner, "forward")], None

    # approval chains

    def _t_approval(self, asks, spec, layout, hold: bool = False):
        rng, a, c = self.rng, asks[0], self.cust
        boss, role = rng.choice(APPROVERS)
        hi = boss if "." in boss else boss.split()[0]
        boss_email = f"{_ascii(boss.replace('.', '')).replace(' ', '')}@{a.domain}"
        if layout == "epp":  # the engineer writes the EPP-style add/rem the registrar will key in
            request = [("p", f"Hi {hi}, can you approve this change for {a.domain} so I can send it to "
                             f"{self.reg.short}?"),
                       ("lines", [f"  ns add {v}" for v in a.add_ns] + [f"  ns rem {v}" for v in a.remove_ns])]
        else:
            request = [("p", rng.choice([f"Hi {hi}, can you approve the following change please?",
                                         f"{hi} - approval needed for the DNS change below."]))] + \
                self._say(asks, spec, "en", rng.randrange(6))
        request += [("p", "Thanks,"), ("sig", self._customer_sig())]
        subject = self._cust_subject(asks)
        to_boss = self._hdr(c["name"], c["email"], f"{boss} <{boss_email}>", "Approval: " + subject)
        word = "Not approved yet - please hold until it has been to CAB on Tuesday." if hold else \
            rng.choice(["Approved", "Approved.", "Approved - go ahead", "Happy with this - approved"])
        approval = [("p", f"{word}\n\n{boss}, {role}" if rng.random() < 0.5 else f"{word} - {boss}, {role}")]
        chain = approval + [("fwd", "outlook", to_boss, request, "reply")]
        reply_hdr = self._hdr(boss, boss_email, f"{c['name']} <{c['email']}>", "RE: Approval: " + subject)
        if rng.random() < 0.3 and not hold:
            second, role2 = rng.choice([x for x in APPROVERS if x[0] != boss])
            chain = [("p", f"Approved - {second}, {role2}")] + [("fwd", "outlook", reply_hdr, chain, "reply")]
            reply_hdr = self._hdr(second, f"{_ascii(second.replace('.', ''))}@{a.domain}",
                                  f"{c['name']} <{c['email']}>", "RE: RE: Approval: " + subject)
        customer = [("p", rng.choice(["Hi,", "Hello,"])),
                    ("p", rng.choice(["Please see the approved request below and action with the registry.",
                                      "Approval below - can you make the change please?"])),
                    ("p", "Thanks,"), ("sig", self._customer_sig()), ("fwd", "outlook", reply_hdr, chain, "reply")]
        hdr = self._hdr(c["name"], c["email"], f"{self.reg.name} <{self.reg.sender}>", "FW: RE: Approval: " + subject)
        cover = self._cover(asks, spec, ["Please see the approved request below.", "Approved by the customer below, "
                                         "please action.", "Customer request with their manager's approval below."])
        return self._fwd_subject("FW: RE: Approval: " + subject, self.client), cover + self._reg_sig() + \
            [("fwd", self.client, hdr, customer, "forward")], None

    # --- the ambiguous on purpose ------------------------------------------------------------------------------------

    def _ambiguous(self, asks, shape: int):
        rng, a = self.rng, asks[0]
        d = a.domain
        if shape == 0:  # the Welsh and the English give different servers
            self._move(a)
            spec = {"kind": "set", "form": rng.choice(["prose", "label_list", "form"])}
            en_values = list(a.new_ns)
            en_values[-1] = self._fresh(a, 1, tuple(a.new_ns))[0]
            pick = rng.randrange(6)
            cy = self._say(asks, spec, "cy", pick)
            a.new_ns, keep = en_values, a.new_ns
            en = self._say(asks, spec, "en", pick)
            a.new_ns = keep
            body = [("p", "Annwyl gyfaill,")] + cy + [("p", "Diolch,"), ("p", "Dear colleague,")] + en + \
                [("p", "Thank you,"), ("sig", self._customer_sig())]
            subject = self._cust_subject(asks, bilingual=True)
            hdr = self._hdr(self.cust["name"], self.cust["email"], self.reg.sender, subject)
            return self._fwd_subject(subject, self.client), self._cover(asks, {"kind": "none"}) + self._reg_sig() + \
                [("fwd", self.client, hdr, body, "forward")], None
        if shape in (1, 8):  # the chat's last word contradicts its first; two sets offered as alternatives
            self._move(a)
            return self._t_chat(asks, {"kind": "set", "form": "prose"}, "prose",
                                amb="contradict" if shape == 1 else "either")
        if shape == 2:  # the registrar's note and the customer's mail differ
            theirs = self._fresh(a, 2)
            ours = self._fresh(a, 2, tuple(theirs))
            subject = self._cust_subject(asks)
            inner = self._customer_mail([("p", f"Please change the name servers for {d} to {_and(theirs)}.")])
            hdr = self._hdr(self.cust["name"], self.cust["email"], self.reg.sender, subject)
            cover = [("p", "Hi,"), ("p", f"Please update {d} to {_and(ours)} for our customer, their email below.")]
            return self._fwd_subject(subject, self.client), cover + self._reg_sig() + \
                [("fwd", self.client, hdr, inner, "forward")], None
        if shape == 3:  # "the usual ones"
            subject = self._cust_subject(asks)
            inner = self._customer_mail([("p", rng.choice([
                f"Could you put {d} on the usual ones please, same as our other domains?",
                f"We've set up {d} for the new website - can it go on our usual name servers please?"]))])
            hdr = self._hdr(self.cust["name"], self.cust["email"], self.reg.sender, subject)
            return self._fwd_subject(subject, self.client), self._cover(asks, {"kind": "none"}) + \
                self._reg_sig() + [("fwd", self.client, hdr, inner, "forward")], None
        if shape == 4:  # an action still to be confirmed
            self._move(a)
            return self._t_minutes(asks, {"kind": "set", "form": "prose"}, "prose", tbc=True)
        if shape == 5:  # an approver who says to hold
            self._move(a)
            return self._t_approval(asks, {"kind": "set", "form": "prose"}, "prose", hold=True)
        if shape == 6:  # a web form giving the servers the domain has already
            return self._t_webform(asks, {"kind": "set", "form": "portal"}, "portal", same_as_now=True)
        if shape == 7:  # one name server left
            return self._t_dictated(asks, {"kind": "set", "form": "prose"}, "prose", one_left=True)
        # forwarded twice, the middle saying the servers have changed, not to what
        self._move(a)
        subject, blocks, attachment = self._t_twice(asks, {"kind": "set", "form": "prose"}, "prose")
        fwd = blocks[-1]
        middle = [("p", "Hi,"), ("p", "Please use these, but swap the second one for the new server they mentioned "
                                      "on the phone this morning."), ("p", "Thanks,"), ("sig", self._customer_sig()),
                  fwd[3][-1]]
        return subject, blocks[:-1] + [fwd[:3] + (middle,) + fwd[4:]], attachment

    # --- the mail as the client writes it ----------------------------------------------------------------------------

    def _plain(self, blocks: list) -> str:
        out = []
        for block in blocks:
            kind = block[0]
            if kind in ("p", "sig"):
                out.append(block[1])
            elif kind == "lines":
                out.append("\n".join(block[1]))
            elif kind == "table":
                out.append("\n".join("\t".join(r) for r in [block[1]] + block[2]))
            elif kind == "bi":  # a client's text of a two-column table: a cell after another
                out.append("\n\n".join(f"{cy}\n\n{en}" for cy, en in block[1]))
            else:
                out.append(_fwd_plain(block[1], block[2], self._plain(block[3]), block[4]))
        return "\n\n".join(x for x in out if x)

    def _html(self, blocks: list, client: str) -> str:
        para = {"outlook": "<p class=MsoNormal>{}</p>", "gmail": "<div>{}</div>", "apple_mail": "<div>{}</div>",
                "iphone": '<div dir="ltr">{}</div>'}.get(
            client, '<div style="font-family:Aptos,Calibri,Helvetica,sans-serif;font-size:12pt;color:rgb(0,0,0)">'
                    '{}</div>')
        out = []
        for block in blocks:
            kind = block[0]
            if kind in ("p", "sig", "lines"):
                lines = block[1] if kind == "lines" else block[1].split("\n")
                out.append("".join(para.format(escape(x).replace("  ", "&nbsp; ") or "<br>") for x in lines))
                out.append(para.format("&nbsp;" if client == "outlook" else "<br>"))
            elif kind == "table":
                cells = "".join("<tr>" + "".join(f"<td style='border:solid windowtext 1.0pt;padding:0 5.4pt'>"
                                                 f"{escape(c)}</td>" for c in r) + "</tr>" for r in block[2])
                head = "<tr>" + "".join(f"<td style='border:solid windowtext 1.0pt;padding:0 5.4pt'><b>{escape(c)}"
                                        "</b></td>" for c in block[1]) + "</tr>"
                out.append(f"<table border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse'>{head}"
                           f"{cells}</table>" + para.format("<br>"))
            elif kind == "bi":
                rows = "".join("<tr>" + "".join('<td width="50%" valign="top" style="padding:4pt">' + "<br>".join(
                    escape(x) for x in cell.split("\n")) + "</td>" for cell in row) + "</tr>" for row in block[1])
                out.append(f'<table border="0" cellpadding="0" width="100%"><tr><td><b>Cymraeg</b></td><td><b>English'
                           f"</b></td></tr>{rows}</table>")
            else:
                out.append(_fwd_html(block[1], block[2], self._html(block[3], block[1]), block[4]))
        return "".join(out)

    def _document(self, inner: str) -> str:
        if self.client == "outlook":
            return ('<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta http-equiv="Content-Type" '
                    'content="text/html; charset=%CHARSET%"><style>p.MsoNormal{margin:0cm;font-size:11.0pt;font-family:'
                    '"Calibri",sans-serif}</style></head><body lang=EN-GB link="#0563C1"><div class=WordSection1>'
                    f"{inner}</div></body></html>")
        if self.client == "gmail":
            return f'<div dir="ltr">{inner}</div>'
        if self.client in ("apple_mail", "iphone"):
            return ('<html><head><meta http-equiv="content-type" content="text/html; charset=%CHARSET%"></head><body '
                    f'dir="auto">{inner}</body></html>')
        return ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=%CHARSET%"><style '
                'type="text/css" style="display:none;"> P {margin-top:0;margin-bottom:0;} </style></head><body '
                f'dir="ltr">{inner}</body></html>')

    def _charset(self, text: str) -> tuple[str, str]:
        rng, client = self.rng, self.client
        if client == "outlook":
            for charset in rng.sample(["windows-1252", "iso-8859-1", "utf-8"], 3):
                try:
                    text.encode(charset)
                    return charset, "quoted-printable"
                except UnicodeEncodeError:
                    continue
        if client == "iphone" and text.isascii():
            return "us-ascii", "7bit"
        cte = {"owa": "base64", "outlook_mobile": "base64", "gmail": rng.choice(["quoted-printable", "base64"])}
        return "utf-8", cte.get(client, "quoted-printable")

    def _mime(self, mid: str, subject: str, blocks: list, attachment) -> tuple[bytes, str, str, str]:
        rng, client = self.rng, self.client
        plain = self._plain(blocks) + "\n"
        html = self._document(self._html(blocks, client))
        inner_plain = ""
        if attachment is not None and attachment[0] == "eml":
            inner_plain = self._plain(attachment[2])
        charset, cte = self._charset(plain + html + inner_plain)
        plain, html = _fit(plain, charset), _fit(html.replace("%CHARSET%", charset), charset)
        msg = EmailMessage()
        host = self.reg.sender.partition("@")[2]
        msg["From"] = f'"{self.person}" <{self.reg.sender}>' if rng.random() < 0.6 else \
            f'"{self.person} | {self.reg.short}" <{self.reg.sender}>'
        msg["To"] = rng.choice([BOT, f'"Registry Lock" <{BOT}>'])
        msg["Subject"] = subject
        msg["Date"] = DATE.format(8 + rng.randrange(3), rng.randrange(60))
        msg["Message-ID"] = f"<{mid}.{rng.getrandbits(40):x}@{host}>"
        if client == "outlook":
            msg["X-Mailer"] = "Microsoft Outlook 16.0"
            msg["Thread-Index"] = "AQH" + "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefgh0123")
                                                  for _ in range(24))
        elif client in ("owa", "outlook_mobile"):
            msg["Content-Language"] = "en-GB"
            msg["X-MS-Has-Attach"] = "yes" if attachment else ""
        elif client == "apple_mail":
            msg["X-Mailer"] = "Apple Mail (2.3826.400.131.1.6)"
        elif client == "iphone":
            msg["X-Mailer"] = "iPhone Mail (22B91)"
        only_plain = client == "iphone" and not any(b[0] in ("table", "bi") for b in blocks) and rng.random() < 0.5
        msg.set_content(plain, charset=charset, cte=cte)
        if not only_plain:
            msg.add_alternative(html, subtype="html", charset=charset, cte=cte)
        if attachment is not None and attachment[0] == "csv":
            msg.add_attachment(attachment[2].encode("utf-8"), maintype="text", subtype="csv", filename=attachment[1])
        elif attachment is not None:
            msg.add_attachment(self._eml(attachment, charset, cte), disposition="attachment",
                               filename=_fit(attachment[1], "ascii").replace("?", "-") + ".eml")
        return msg.as_bytes(), plain, charset, cte

    def _eml(self, attachment, charset: str, cte: str) -> EmailMessage:
        """The customer's mail, attached whole as the registrar received it."""
        _, subject, blocks, csv = attachment
        c, rng = self.cust, self.rng
        inner = EmailMessage()
        inner["From"] = f'"{c["name"]}" <{c["email"]}>'
        inner["To"] = f'"{self.reg.name}" <{self.reg.sender}>'
        inner["Subject"] = subject
        inner["Date"] = f"Thu, 26 Nov 2026 {rng.randrange(9, 17):02d}:{rng.randrange(60):02d}:00 +0000"
        inner["Message-ID"] = f"<{rng.getrandbits(64):x}@{c['email'].partition('@')[2]}>"
        inner.set_content(_fit(self._plain(blocks) + "\n", charset), charset=charset, cte=cte)
        if rng.random() < 0.6:
            saved, self.client = self.client, "outlook"
            html = self._document(self._html(blocks, "outlook")).replace("%CHARSET%", charset)
            self.client = saved
            inner.add_alternative(_fit(html, charset), subtype="html", charset=charset, cte=cte)
        if csv is not None:
            inner.add_attachment(csv[1].encode("utf-8"), maintype="text", subtype="csv", filename=csv[0])
        return inner

    # --- a month of mail ---------------------------------------------------------------------------------------------

    def make(self, requests: int) -> Corpus:
        """The requests in decks of 40 (the shares shuffled, the 20th and 40th ambiguous on purpose), each frame's
        layouts taken in turn, then the thread mails on them."""
        rng = self.rng
        mails: list[Mail] = []
        turns = {t: list(layouts) for t, layouts in THEME_LAYOUTS.items()}
        for layouts in turns.values():
            rng.shuffle(layouts)
        for start in range(0, requests, 40):
            themes = [name for name, n in THEME_SHARE.items() for _ in range(n)]
            clients = [name for name, n in CLIENT_SHARE.items() for _ in range(n)]
            rng.shuffle(themes)
            rng.shuffle(clients)
            for j in range(min(40, requests - start)):
                k = j - sum(1 for x in AMBIGUOUS_AT if x < j)
                if j in AMBIGUOUS_AT:
                    mails.append(self.request(f"{self.prefix}{start + j:04d}", "ambiguous", clients[j], "ambiguous"))
                    continue
                theme = themes[k]
                layout = turns[theme].pop(0)
                turns[theme].append(layout)
                mails.append(self.request(f"{self.prefix}{start + j:04d}", layout, clients[j], theme))
        made = [m for m in mails if m.kind == "request"]
        asked = [m for m in mails if m.kind == "ambiguous"]
        for k in range(max(60, requests // 6)):
            target = rng.choice(made if k % 5 or not asked else asked)
            kind = "reply" if k % 6 < 4 else "automatic" if k % 6 == 4 else "bounce"
            mails.append(self._thread(f"{self.prefix}r{k:03d}", kind, target))
        return Corpus(self.part, self.registry(), mails)

    def request(self, mid: str, layout: str, client: str, theme: str = "forward") -> Mail:
        rng = self.rng
        shape = None
        if layout == "ambiguous":
            shape = self.ambiguous_made % AMBIGUOUS_SHAPES
            self.ambiguous_made += 1
        self.quiet_note = shape in (1, 8, 9)
        self.client = client
        self.welsh = theme == "welsh" or shape == 0 or rng.random() < 0.25
        keys = list(REGISTRARS_BY_KEY)
        self.reg = REGISTRARS_BY_KEY["Cantref" if self.welsh and rng.random() < 0.5 else rng.choice(keys)]
        self.person = rng.choice(self.reg.people)
        self.minute = rng.randrange(0, 240)
        count = rng.choice([2, 3]) if layout == "multi_domain" else 1
        asks = self._domains(self.reg.name, count)
        self.cust = self._customer(asks)
        if shape is not None:
            subject, blocks, attachment = self._ambiguous(asks, shape)
        else:
            spec = self._decide(asks, layout)
            subject, blocks, attachment = getattr(self, "_t_" + theme)(asks, spec, layout)
        raw, said, charset, encoding = self._mime(mid, subject, blocks, attachment)
        truth = "asked" if shape is not None else {a.domain: a.truth() for a in asks}
        return Mail(mid, "ambiguous" if shape is not None else "request", layout, client, charset, encoding,
                    self.reg.sender, truth, raw, said=said, seed=self.seed)

    # --- thread mails -------------------------------------------------------------------------------------------------

    def _thread(self, mid: str, kind: str, target: Mail) -> Mail:
        rng = self.rng
        client = {"outlook_mobile": "owa"}.get(target.client, target.client)
        charset, encoding = rng.choice(["utf-8", "iso-8859-1"]), rng.choice(["quoted-printable", "base64"])
        if kind == "reply":
            said = rng.choice(["Yes, that's right - the customer has confirmed. Please go ahead.",
                               "Diolch / Thanks - confirmed, please proceed.", "Confirmed, thanks.",
                               "Yes please, as per the customer's email.", "Thanks, I've let the customer know."])
        elif kind == "automatic":
            said = rng.choice(["Diolch am eich e-bost. Rydw i allan o'r swyddfa tan ddydd Llun 30 Tachwedd.\n"
                               "Thank you for your email. I am out of the office until Monday 30 November.",
                               "Thanks for your message. Your request has been logged with our support team and "
                               "we'll be in touch shortly."])
        else:
            said = f"delivery to {target.sender} failed"
        sender = target.sender if kind != "bounce" else "MAILER-DAEMON@mx." + target.sender.partition("@")[2]
        return Mail(mid, kind, kind if kind != "reply" else said[:24], client, charset, encoding, sender, kind, None,
                    thread_of=target.id, said=said, seed=self.seed)


# --- what the clients make of a forward, a quoted reply, a pasted chat ----------------------------------------------

def _text(blocks) -> str:
    """One block of the customer's words as the text of a table's cell."""
    if isinstance(blocks, tuple):
        blocks = [blocks]
    out = []
    for b in blocks:
        if b[0] == "lines":
            out.append("\n".join(b[1]))
        elif b[0] == "table":
            out.append("\n".join(" | ".join(r) for r in [b[1]] + b[2]))
        else:
            out.append(b[1])
    return "\n".join(out)


def _when(minute: int, rng: random.Random) -> dict[str, str]:
    """A time on 26 November as each client writes it in a forward's or a reply's header."""
    hh, mm, ss = 8 + minute // 60, minute % 60, rng.randrange(60)
    h12, half = (hh - 12 if hh > 12 else hh), ("PM" if hh >= 12 else "AM")
    return {"sent": f"Thursday, 26 November 2026 {hh:02d}:{mm:02d}", "owa": f"Thursday, November 26, 2026 {h12}:"
            f"{mm:02d}:{ss:02d} {half}", "gmail": f"Thu, 26 Nov 2026 at {hh:02d}:{mm:02d}", "apple": f"26 November "
            f"2026 at {hh:02d}:{mm:02d}:{ss:02d} GMT", "short": f"{hh:02d}:{mm:02d}"}


def _fwd_plain(client: str, hdr: dict, inner: str, how: str) -> str:
    quoted = "\n".join("> " + x if x else ">" for x in inner.split("\n"))
    f, to, subject, when = hdr["from"], hdr["to"], hdr["subject"], hdr["at"]
    if client == "outlook":
        return f"From: {f}\nSent: {when['sent']}\nTo: {to}\nSubject: {subject}\n\n{inner}"
    if client in ("owa", "outlook_mobile"):
        return f"________________________________\nFrom: {f}\nSent: {when['owa']}\nTo: {to}\nSubject: {subject}\n\n" \
               f"{inner}"
    if client == "gmail":
        if how == "reply":
            return f"On {when['gmail']}, {f} wrote:\n{quoted}"
        return f"---------- Forwarded message ---------\nFrom: {f}\nDate: {when['gmail']}\nSubject: {subject}\n" \
               f"To: {to}\n\n\n{inner}"
    if how == "reply":
        return f"On 26 Nov 2026, at {when['short']}, {f} wrote:\n\n{quoted}"
    head = f"From: {f}\nSubject: {subject}\nDate: {when['apple']}\nTo: {to}\n\n{inner}"
    return "Begin forwarded message:\n\n" + "\n".join("> " + x if x else ">" for x in head.split("\n"))


def _fwd_html(client: str, hdr: dict, inner: str, how: str) -> str:
    f, to, subject = (escape(hdr[k]) for k in ("from", "to", "subject"))
    when = hdr["at"]
    if client == "outlook":
        return ('<div><div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm"><p '
                f"class=MsoNormal><b>From:</b> {f}<br><b>Sent:</b> {when['sent']}<br><b>To:</b> {to}<br><b>Subject:"
                f"</b> {subject}</p></div></div><p class=MsoNormal>&nbsp;</p>{inner}")
    if client in ("owa", "outlook_mobile"):
        return ('<hr style="display:inline-block;width:98%" tabindex="-1"><div id="divRplyFwdMsg" dir="ltr"><font '
                f'face="Calibri, sans-serif" style="font-size:11pt" color="#000000"><b>From:</b> {f}<br><b>Sent:</b> '
                f"{when['owa']}<br><b>To:</b> {to}<br><b>Subject:</b> {subject}</font><div>&nbsp;</div></div>{inner}")
    if client == "gmail":
        if how == "reply":
            return (f'<div class="gmail_quote"><div dir="ltr" class="gmail_attr">On {when["gmail"]}, {f} wrote:<br>'
                    '</div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid '
                    f'rgb(204,204,204);padding-left:1ex">{inner}</blockquote></div>')
        return ('<div class="gmail_quote"><div dir="ltr" class="gmail_attr">---------- Forwarded message ---------<br>'
                f"From: {f}<br>Date: {when['gmail']}<br>Subject: {subject}<br>To: {to}<br></div><br><br>{inner}</div>")
    if how == "reply":
        return (f'<div><br><blockquote type="cite"><div>On 26 Nov 2026, at {when["short"]}, {f} wrote:</div><br>'
                f"{inner}</blockquote></div>")
    heads = "".join(f'<div style="margin:0px"><span style="font-family:-apple-system,Helvetica,Arial,sans-serif"><b>'
                    f"{k}: </b></span><span>{v}</span></div>" for k, v in (("From", f), ("Subject", subject),
                                                                           ("Date", when["apple"]), ("To", to)))
    return (f'<div><br><div>Begin forwarded message:</div><br><blockquote type="cite">{heads}<br>{inner}'
            "</blockquote></div>")


def _render_chat(rng: random.Random, style: str, msgs: list[tuple[str, str, str]],
                 minute: int) -> tuple[list[str], int]:
    """Messages as Teams (classic and new) and Slack give them when copied (names, times, edits, reactions), from
    `minute` past eight on; with the minute of the last."""
    out, last = [], None
    for who, text, extra in msgs:
        minute += rng.randrange(1, 6)
        hh, mm = 8 + minute // 60, minute % 60
        if style == "teams":
            out.append(f"[26/11 {hh:02d}:{mm:02d}] {who}")
        elif style == "teams_new":
            out.append(f"{who}\n{hh:02d}:{mm:02d}")
        elif who != last:
            out.append(f"{who}  {hh - 12 if hh > 12 else hh}:{mm:02d} {'PM' if hh >= 12 else 'AM'}")
        else:
            out.append(f"{hh - 12 if hh > 12 else hh}:{mm:02d}")
        edited = extra == "edited"
        if style == "slack":
            out.append(text + (" (edited)" if edited else ""))
        else:
            out.append(text + ("\nEdited" if edited else ""))
        if extra and not edited:
            out.append(extra if style != "slack" else extra.replace("👍", ":+1:").replace("✅", ":white_check_mark:")
                       .replace("🙏", ":pray:"))
        if style != "slack":
            out.append("")
        last = who
    return [line for chunk in out for line in chunk.split("\n")], minute
