"""Seed 33 of the request corpus: requests from the supply chain around government IT, in styles no other seed has.

Imitates the people and systems that write to a registry on a government body's behalf. Outsourced IT suppliers
(a Capita, a Sopra Steria, a CGI and a Fujitsu of their own) raising service requests for a department: change
references (CHG0012345, CRQ000000123456, C2611-045), CAB approval lines, implementation windows, and back-out plans
that name the servers the domain has now; some come as their ITSM tool's notification (BMC Helix, TOPdesk).
Spreadsheets pasted into mail: Excel into Outlook (an HTML table in Office's styles, or tab-separated text),
Google Sheets into Gmail, LibreOffice Calc into Thunderbird, with a merged header cell or a "Notes" column.
Name servers inside the domain they serve, written with their glue addresses beside them ("ns1.x.gov.uk
(192.0.2.10, 2001:db8::10)", address columns, EPP host:create), of which the registry records the names only.
Corrections in the mail itself or in a follow-up quoting it ("sorry, typo: ... should read ...", "please ignore
the last row of my table"). DNSSEC as a zone file's DS line with owner and TTL, as BIND prints it across lines, as a
CDS record, or beside the DNSKEY it digests. DNS hosting moving from one supplier to another, the old one's servers
listed to be decommissioned. And a small web company's office staff, not technical and very polite.

Every truth is what a careful operator would record: the names of the servers, never their addresses; the set as
corrected; the DS record, never a DNSKEY. One request in 20 is ambiguous on purpose, in the ways these writers leave
a person no choice but to ask: glue addresses changed and no name server, a DNSKEY and no DS record, a correction
that does not say which value it corrects, two suppliers' sets and no word of which is the new one, a hedge over the
whole set ("I think ... but I'm waiting for our IT company to confirm"), a change still waiting for its CAB, a CDS
record to be "picked up" with no values, a spreadsheet row marked "TBC", a follow-up putting the change on hold, and
an either/or. Organisations are this seed's own (domains ending in "-sp"), and so are the registrars.

Kept whole: the writers' words, the layouts that use them and the frames (ITSM records, pasted sheets, corrections,
the tools' notifications) around them are one imitation, read together to judge whether a mail is one a real writer
would send; split, each piece would be read apart from the words and frames it is written against.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from email.message import EmailMessage
from html import escape
from itertools import zip_longest

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
    {"name": "Calderbrook Managed Services Ltd", "emails": ["dns-changes@calderbrook-ms.example",
                                                           "helix@calderbrook-ms.example"]},
    {"name": "Meridian Steria Digital plc", "emails": ["domainservices@meridian-steria.example",
                                                      "topdesk@meridian-steria.example"]},
    {"name": "Corvel Group UK Ltd", "emails": ["gov-dns@corvel.example"]},
    {"name": "Kitsune Services UK Ltd", "emails": ["hostmaster@kitsune-services.example"]},
    {"name": "Ledger & Lane Registrars Ltd", "emails": ["domains@ledgerlane.example"]},
    {"name": "Bailiwick Networks Ltd", "emails": ["noc@bailiwick-networks.example"]},
    {"name": "Tidewater Hosting Ltd", "emails": ["transfers@tidewater-hosting.example"]},
    {"name": "Parsley Web Services", "emails": ["office@parsleyweb.example"]},
]


@dataclass(frozen=True)
class Writer:
    key: str
    registrar: str
    sender: str
    people: tuple[str, ...]


WRITERS = {w.key: w for w in [
    Writer("calder", "Calderbrook Managed Services Ltd", "dns-changes@calderbrook-ms.example",
           ("Hamish Baird", "Joanne Pritchard")),
    Writer("calder_helix", "Calderbrook Managed Services Ltd", "helix@calderbrook-ms.example", ("Change Management",)),
    Writer("meridian", "Meridian Steria Digital plc", "domainservices@meridian-steria.example",
           ("Ravi Chandran", "Sophie Marchetti")),
    Writer("meridian_top", "Meridian Steria Digital plc", "topdesk@meridian-steria.example", ("Service Desk",)),
    Writer("corvel", "Corvel Group UK Ltd", "gov-dns@corvel.example", ("Fraser Dunlop", "Amara Nwosu")),
    Writer("kitsune", "Kitsune Services UK Ltd", "hostmaster@kitsune-services.example", ("Kenji Mori", "Beth Lowry")),
    Writer("ledger", "Ledger & Lane Registrars Ltd", "domains@ledgerlane.example", ("Harriet Lane", "Colm Ledger")),
    Writer("bailiwick", "Bailiwick Networks Ltd", "noc@bailiwick-networks.example", ("Ifan Rees", "Noor Haddad")),
    Writer("tidewater", "Tidewater Hosting Ltd", "transfers@tidewater-hosting.example",
           ("Marcus Hale", "Gemma Stokes")),
    Writer("parsley", "Parsley Web Services", "office@parsleyweb.example", ("Sandra Pike", "Julie Abbott")),
]}
ACTIONS = ("Add", "Remove", "Keep")
SUPPLIERS = ("calder", "meridian", "corvel", "kitsune")
# The themes of every 38 requests that are not ambiguous on purpose, and who writes each.
THEME_SHARE = {"itsm": 9, "sheet": 7, "glue": 6, "fix": 5, "move": 5, "polite": 6}
THEME_WRITERS = {"itsm": SUPPLIERS, "sheet": ("ledger", "ledger", "calder", "corvel"), "glue": ("bailiwick",),
                 "fix": ("ledger", "bailiwick", "tidewater", "meridian", "parsley"), "move": ("tidewater",),
                 "polite": ("parsley",)}
# Of every 40 requests, from which client (the ITSM tools write for their supplier only).
CLIENT_SHARE = {"outlook": 13, "gmail": 8, "thunderbird": 7, "apple_mail": 6, "helix": 3, "topdesk": 3}
TOOL_WRITER = {"helix": "calder_helix", "topdesk": "meridian_top"}
LAYOUT_SHARE = {"prose": 5, "form": 4, "label_list": 4, "current_new_lists": 3, "current_new_table": 3,
                "add_remove_table": 3, "portal": 3, "replace": 3, "epp": 2, "csv": 3, "multi_domain": 2, "ds": 3}
AMBIGUOUS_AT = (19, 39)
AMBIGUOUS_SHAPES = 10

PLACES_HERE = ["aberfeldy", "braemar", "callander", "dornoch", "ecclefechan", "falkland", "gatehouse", "helmsdale",
               "innerleithen", "jedburgh", "kelso", "lairg", "melrose", "nairn", "oban", "peebles", "quothquan",
               "rothesay", "selkirk", "tain", "ullapool", "wick", "alyth", "brora", "crail", "dunblane", "elie",
               "forres", "girvan", "huntly", "inveraray", "kirriemuir", "lanark", "moffat", "newtonmore", "portree",
               "stonehaven", "tobermory", "tongue", "yetholm", "banff", "cromarty"]
KINDS_HERE = [("pa", "{} Pensions Agency"), ("lro", "{} Land Registry Office"), ("cts", "{} Courts Service"),
              ("hwy", "{} Highways Office"), ("env", "{} Environment Office"), ("wsr", "{} Water Services Regulator"),
              ("prb", "{} Probation Service"), ("mlo", "{} Marine Licensing Office"), ("fsa", "{} Food Agency")]
EXTRA_LABELS = ["apply", "portal", "intranet", "data"]
SUPPLIER_HOSTS = ["dns.calderbrook-ms.example", "ns.meridian-steria.example", "corvel-dns.example",
                  "kitsune-dns.example", "ledgerlane-dns.example", "bailiwick-networks.example",
                  "tidewater-dns.example", "parsleyweb.example"]
# The DNS host a domain leaves (its servers' words), the one it moves to.
OLD_HOSTS = [("Harrowgate Digital", "harrowgate-dns.example"), ("Northwind IT", "northwind-it.example"),
             ("Brightfield Hosting", "brightfield-hosting.example")]


def _cap(place: str) -> str:
    return place.replace("-", " ").title()


def _b64(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") for _ in range(n))


def _provider(rng: random.Random, kind: str, domain: str) -> list[str]:
    """The name servers of one provider, as its console or its engineers give them."""
    if kind == "akamai":
        picks = rng.sample(range(1, 29), 4)
        return [f"a{n}-{rng.randrange(64, 68)}.akam.net" for n in picks]
    if kind == "ultradns":
        n = rng.randrange(1, 300)
        return [f"pdns{n}.ultradns.{tld}" for tld in ("net", "com", "org", "biz")][:rng.choice([2, 4])]
    if kind == "dyn":
        k = rng.randrange(1, 40)
        return [f"ns{i}.p{k:02d}.dynect.net" for i in range(1, 5)]
    if kind == "route53":
        return [f"ns-{base + rng.randrange(512)}.awsdns-{rng.randrange(64):02d}.{tld}"
                for tld, base in (("org", 1024), ("co.uk", 1536), ("com", 0), ("net", 512))]
    if kind == "inside":  # in the domain they serve: the registry needs their glue
        return [f"ns{i}.{domain}" for i in (1, 2)] + ([f"ns0.{SUPPLIER_HOSTS[5]}"] if rng.random() < 0.3 else [])
    host = rng.choice(SUPPLIER_HOSTS)
    form = rng.choice(["ns{}", "dns{}", "ns{}"])
    return [f"{form.format(i)}.{host}" for i in range(1, rng.choice([2, 3]) + 1)]


PROVIDERS = ("akamai", "ultradns", "dyn", "route53", "supplier", "supplier", "inside")


def _typo(rng: random.Random, host: str) -> str:
    """The name server as mistyped: a digit changed, or two letters of its first label swapped."""
    digits = [m.start() for m in re.finditer(r"\d", host)]
    if digits:
        i = rng.choice(digits)
        return host[:i] + str((int(host[i]) + rng.randrange(1, 9)) % 10) + host[i + 1:]
    label = host.split(".")[0]
    for i in range(len(label) - 1):
        if label[i] != label[i + 1] and label[i].isalpha() and label[i + 1].isalpha():
            return host[:i] + host[i + 1] + host[i] + host[i + 2:]
    return "x" + host


def _replace_value(obj, old: str, new: str):
    """`obj` (blocks, their strings and lists) with the name server `old` written as `new`."""
    pattern = re.compile(r"(?<![\w.-])" + re.escape(old) + r"(?![\w-]|\.[A-Za-z0-9])", re.IGNORECASE)
    if isinstance(obj, str):
        return pattern.sub(new, obj)
    if isinstance(obj, tuple):
        return tuple(_replace_value(x, old, new) for x in obj)
    if isinstance(obj, list):
        return [_replace_value(x, old, new) for x in obj]
    if isinstance(obj, dict):
        return {k: _replace_value(v, old, new) for k, v in obj.items()}
    return obj


# --- the words -----------------------------------------------------------------------------------------------------

OPEN = {"itsm": ["Hello,", "Dear Registry Lock team,", "Good morning,", "Hi,"],
        "sheet": ["Hi,", "Hello,", "Hi all,"], "glue": ["Hi,", "Hello,", ""],
        "fix": ["Hi,", "Hello,"], "move": ["Hello,", "Good afternoon,", "Hi team,"],
        "polite": ["Dear Sir or Madam,", "Hello,", "Good morning,", "Hello there,"]}
CLOSE = {"itsm": ["Kind regards,", "Regards,", "Many thanks,"], "sheet": ["Thanks,", "Kind regards,"],
         "glue": ["Cheers,", "Thanks,", "Regards,"], "fix": ["Thanks,", "Kind regards,"],
         "move": ["Kind regards,", "Thanks,"],
         "polite": ["Many thanks for your help,", "Thank you so much,", "Kind regards,", "Best wishes,"]}
POLITE_INTRO = ["I'm not very technical so I hope this makes sense!",
                "I hope this is the right address for this - apologies if not.",
                "Sorry to bother you, our website company has asked us to get in touch with you.",
                "I've been asked by our IT company to send you the following."]
POLITE_TAIL = ["If possible could this be done before the end of the week? Thank you so much.",
               "Please do let me know if you need anything else from me.",
               "If it's not too much trouble, could you let me know once it's done?", ""]
MOVE_LEAD = ["Tidewater are taking over DNS hosting for {d} from {old}.",
             "{org} have moved the hosting of their DNS from {old} to us (Tidewater).",
             "As agreed with {org}, we are now their DNS provider in place of {old}."]
MOVE_DECOM = ["{old}'s servers ({cur}) will be decommissioned on 4 December, so the delegation needs to move before "
              "then.", "Once the delegation has moved, {old} will decommission {cur}.",
              "For reference, the outgoing supplier's servers, to be decommissioned after cutover: {cur}."]


class SupplyGenerator(Generator):
    clients = tuple(CLIENT_SHARE)

    def __init__(self, part: str, seed: int):
        super().__init__(part, seed)
        self.prefix = PREFIXES[seed]
        names = [(f"{place}-{suffix}-sp", org.format(_cap(place))) for place in PLACES_HERE
                 for suffix, org in KINDS_HERE]
        self.rng.shuffle(names)
        self.free_names = names
        self.ambiguous_made = 0
        self.writer_of: dict[str, str] = {}
        self.glue: dict[str, tuple[str, str]] = {}
        self.writer, self.theme, self.client, self.person = WRITERS["ledger"], "sheet", "outlook", ""
        self.kw: dict[str, str] = {}

    def registry(self) -> dict:
        return {"registrars": REGISTRARS + REGISTRARS_HERE, "organisations": list(self.organisations.values())}

    # --- the registry file ----------------------------------------------------------------------------------------

    def _domains(self, registrar: str, count: int) -> list[DomainAsk]:
        rng = self.rng
        base, org = self.free_names.pop()
        stem = base[:-len("-sp")]
        names = ([base] + [f"{stem}-{x}-sp" for x in rng.sample(EXTRA_LABELS, 3)])[:count]
        contacts = [{"role": "security", "email": f"soc@{base}.gov.uk",
                     "phone": f"+44 131 496 0{rng.randrange(100, 999)}", "name": f"{org} Security Operations Centre"},
                    {"role": "technical", "email": f"digital@{base}.gov.uk"},
                    {"role": "notify", "email": f"dns@{base}.gov.uk"}]
        domains, asks = [], []
        for name in names:
            domain = f"{name}.{ZONE}"
            ns = _provider(rng, rng.choice(PROVIDERS), domain)
            ds = [_ds(rng)] if rng.random() < 0.3 else []
            domains.append({"name": domain, "locked": True, "registrar": registrar, "registrant": org,
                            "nameservers": ns, "ds": ds, "whois_contacts": [f"hostmaster@{base}.gov.uk"]})
            asks.append(DomainAsk(domain, org, list(ns), list(ds)))
        self.organisations[org] = {"name": org, "contacts": contacts, "domains": domains}
        return asks

    # --- what is asked ---------------------------------------------------------------------------------------------

    def _move(self, ask: DomainAsk) -> list[str]:
        """A complete new set for `ask`, none of its servers the domain's now (in the domain itself, with glue, for
        the glue theme)."""
        while True:
            kind = "inside" if self.theme == "glue" and self.rng.random() < 0.8 else self.rng.choice(PROVIDERS)
            new = _provider(self.rng, kind, ask.domain)
            if kind == "inside" and set(new) & set(ask.current_ns):
                new = [f"ns{i}.{ask.domain}" for i in (3, 4)]
            if not set(new) & set(ask.current_ns):
                ask.new_ns = list(new)
                return new

    def _fresh(self, ask: DomainAsk, n: int) -> list[str]:
        while True:
            kind = "inside" if self.theme == "glue" else self.rng.choice(PROVIDERS)
            new = _provider(self.rng, kind, ask.domain)
            if kind == "inside":
                new = [f"ns{i}.{ask.domain}" for i in self.rng.sample(range(3, 9), 3)]
            if len(new) >= n and not set(new) & set(ask.current_ns):
                return new[:n]

    def _changes(self, ask: DomainAsk) -> None:
        """Additions and removals: one more, one fewer (of three or more), one swapped, or the whole set moved."""
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

    # --- how a value is written ------------------------------------------------------------------------------------

    def _addr(self, host: str) -> tuple[str, str]:
        """The glue addresses of a name server inside the domain it serves, the same wherever it is named."""
        if host not in self.glue:
            rng = self.rng
            net = rng.choice(["192.0.2", "198.51.100", "203.0.113"])
            last = rng.randrange(2, 250)
            self.glue[host] = (f"{net}.{last}", f"2001:db8:{rng.randrange(1, 0xffff):x}::{last:x}")
        return self.glue[host]

    def _in(self, host: str) -> bool:
        return host.endswith(".gov.uk")

    def _v(self, host: str) -> str:
        """A name server as this mail writes it: with its glue addresses beside it where it needs them."""
        shown = host.upper() if self.rng.random() < 0.04 else host
        if not self._in(host) or self.theme != "glue" and self.kw.setdefault("bare", str(self.rng.random() < 0.5)) \
                == "True":
            return shown
        v4, v6 = self._addr(host)
        form = self.kw.setdefault("glue_form", str(self.rng.randrange(5)))
        return {"0": f"{shown} ({v4}, {v6})", "1": f"{shown} - {v4} / {v6}", "2": f"{shown} [{v4}]",
                "3": f"{shown}  A {v4}  AAAA {v6}", "4": f"{shown} ({v4})"}[form]

    def _join(self, values: list[str]) -> str:
        values = [self._v(v) for v in values]
        if len(values) == 1:
            return values[0]
        sep = "; " if any("(" in v or " - " in v for v in values) else ", "
        return sep.join(values[:-1]) + " and " + values[-1]

    def _bullets(self, values: list[str]) -> list[str]:
        style = self.rng.choice(["- ", "* ", "", "{i}. ", "\u2022 "])
        return [style.format(i=i) + self._v(v) for i, v in enumerate(values, 1)]

    def _subject(self, asks: list[DomainAsk], what: str = "name server change") -> str:
        names = ", ".join(a.domain for a in asks)
        ref = self.kw.get("ref", "")
        pick = {"itsm": [f"{ref} - {what} - {names}", f"Service request {ref}: {names} {what}",
                         f"[{ref}] {asks[0].organisation}: DNS delegation change"],
                "sheet": [f"{names} - nameservers (see table)", f"Nameserver changes {names}"],
                "glue": [f"{names}: new in-zone nameservers + glue", f"Delegation + glue for {names}"],
                "move": [f"DNS hosting transfer - {names}", f"{names} moving to Tidewater"],
                "polite": [f"Nameservers for {names}", f"Request from {asks[0].organisation}", "Website change"],
                }.get(self.theme, [f"{what.capitalize()} {names}", f"{names}"])
        return self.rng.choice(pick)

    # --- tables as pasted ------------------------------------------------------------------------------------------

    def _sheet(self, head: list, rows: list[list[str]]) -> tuple:
        """A spreadsheet pasted into the mail: Excel into Outlook, Google Sheets into Gmail, Calc into Thunderbird;
        now and then with a merged cell over the server columns or a Notes column."""
        rng = self.rng
        style = {"outlook": "excel", "gmail": "gsheets", "thunderbird": "calc"}.get(self.client, "excel")
        if self.client == "outlook" and rng.random() < 0.3:
            style = "excel_text"  # Outlook set to plain text: the cells as Excel copies them, tab-separated
        return ("table", head, rows, style)

    def _notes(self, rows: list[list[str]], kinds: list[str]) -> list[list[str]]:
        """A Notes column beside each row: what the writer knows of the server."""
        words = {"keep": ["existing - leave", "no change", "stays"], "remove": ["old supplier", "to go",
                                                                             "being retired"],
                 "add": ["new", "new - primary", "new secondary"], "cur": ["current", "live now"],
                 "": ["", ""]}
        return [r + [self.rng.choice(words[k])] for r, k in zip(rows, kinds)]

    # --- layouts: each gives (subject, blocks, attachment) ----------------------------------------------------------

    def _w_prose(self, asks):
        a, rng = asks[0], self.rng
        new = self._move(a)
        d, listed, cur = a.domain, self._join(new), ", ".join(a.current_ns)
        if self.theme == "move":
            text = rng.choice(MOVE_LEAD).format_map({**self.kw, "d": d}) + " " + rng.choice([
                f"Please change the delegation of {d} to our name servers {listed}.",
                f"Please could you update the nameservers for {d} to {listed}?"]) + " " + \
                rng.choice(MOVE_DECOM).format_map({**self.kw, "cur": cur})
        elif self.theme == "polite":
            text = rng.choice(POLITE_INTRO) + " " + rng.choice([
                f"Our IT company has asked us to change the nameservers (I think that's what they're called!) for "
                f"{d} to {listed}.",
                f"Please could you change the name servers for our website {d} to {listed}?",
                f"We have been told that {d} needs to be pointed at these name servers: {listed}."])
            tail = rng.choice(POLITE_TAIL)
            text += (" " + tail) if tail else ""
        elif self.theme == "glue":
            text = rng.choice([f"We're bringing {d} in-house. Please delegate it to {listed}.",
                               f"Please set the NS for {d} to {listed} - glue as given, the zone is live on them."])
        else:
            text = rng.choice([f"Please change the name servers of {d} to {listed}.",
                               f"Could you update the delegation for {d} to {listed}, please?",
                               f"{a.organisation} have asked for {d} to be delegated to {listed}."])
        return self._subject(asks), [("p", text)], None

    def _w_form(self, asks):
        a, rng = asks[0], self.rng
        new = self._move(a)
        if self.theme in ("sheet", "itsm") and rng.random() < 0.6:
            head = ["Field", "Value"]
            rows = [["Domain", a.domain]] + [[f"Nameserver {i}", self._v(v)] for i, v in enumerate(new, 1)]
            return self._subject(asks), [("p", "Details as below:"), self._sheet(head, rows)], None
        label = rng.choice(["Nameserver {i}", "NS{i}", "Name server {i}", "NS {i}"])
        lines = [f"Domain: {a.domain}"] + [f"{label.format(i=i)}: {self._v(v)}" for i, v in enumerate(new, 1)]
        if self.theme == "move":
            lines[1:1] = [f"Losing DNS host: {self.kw['old']}", "Gaining DNS host: Tidewater Hosting"]
        if self.theme == "glue" and any(self._in(v) for v in new) and rng.random() < 0.5:
            lines = [f"Domain: {a.domain}"]
            for i, v in enumerate(new, 1):
                lines.append(f"NS{i}: {v}")
                if self._in(v):
                    v4, v6 = self._addr(v)
                    lines += [f"NS{i} IPv4: {v4}", f"NS{i} IPv6: {v6}"]
        lead = {"polite": "I've filled in the details below as best I can:"}.get(self.theme, "Change details:")
        return self._subject(asks), [("p", lead), ("lines", lines)], None

    def _w_label_list(self, asks):
        a, rng = asks[0], self.rng
        new = self._move(a)
        if self.theme == "sheet":
            head = [rng.choice(["Nameservers", "NS records", "Name server"])] + (["Notes"] if rng.random() < 0.5
                                                                                else [])
            rows = [[self._v(v)] for v in new]
            if len(head) == 2:
                rows = self._notes(rows, ["add"] * len(rows))
            lead = rng.choice([f"New nameservers for {a.domain} from our sheet:", f"{a.domain} - please use:"])
            return self._subject(asks), [("p", lead), self._sheet(head, rows)], None
        label = rng.choice([f"New name servers for {a.domain}:", f"Please delegate {a.domain} to:",
                            f"{a.domain} should use the following nameservers:"])
        if self.theme == "polite":
            label = rng.choice([f"The new ones for {a.domain} are:",
                                f"Our IT company say {a.domain} should use these:"])
        return self._subject(asks), [("lines", [label] + self._bullets(new))], None

    def _w_current_new_lists(self, asks):
        a, rng = asks[0], self.rng
        new = self._move(a)
        if self.theme == "move":
            cur_label, new_label = rng.choice([(f"To be decommissioned ({self.kw['old']}):",
                                                "New (Tidewater) - please delegate to:"),
                                               (f"Outgoing supplier - {self.kw['old']}:",
                                                "Incoming supplier - Tidewater Hosting:"),
                                               ("Old (decommission):", "New (live from cutover):")])
        else:
            cur_label, new_label = rng.choice([("Current nameservers:", "New nameservers:"),
                                               ("Existing:", "Proposed:"), ("From:", "To:"),
                                               ("As is:", "To be:")])
        blocks = [("p", f"{a.domain}:"), ("lines", [cur_label] + self._bullets(a.current_ns)),
                  ("lines", [new_label] + self._bullets(new))]
        return self._subject(asks), blocks, None

    def _w_current_new_table(self, asks):
        a, rng = asks[0], self.rng
        new = self._move(a)
        n = max(len(new), len(a.current_ns))
        rows = [[a.current_ns[i] if i < len(a.current_ns) else "", self._v(new[i]) if i < len(new) else ""]
                for i in range(n)]
        head: list = rng.choice([["Current", "New"], ["Existing NS", "Replacement NS"], ["Before", "After"]])
        if self.theme == "sheet" and rng.random() < 0.5:  # a merged cell over the two server columns
            head = [[a.domain, "", ""], ["", "Current", "New"]] if rng.random() < 0.5 else \
                [[("Nameservers", 2)], list(head)]
            if len(head[0]) == 3:
                rows = [[""] + r for r in rows]
                rows[0][0] = "NS"
        if self.theme == "move":
            head = [f"{self.kw['old']} (decommission)", "Tidewater (new)"]
        lead = rng.choice([f"Nameservers for {a.domain}:", f"{a.domain} - current and new below.",
                           f"Please update {a.domain} as per the table:"])
        return self._subject(asks), [("p", lead), self._sheet(head, rows)], None

    def _w_add_remove_table(self, asks):
        a, rng = asks[0], self.rng
        self._changes(a)
        kept = [v for v in a.current_ns if v not in a.remove_ns]
        rows = [["Remove", v] for v in a.remove_ns] + [["Add", self._v(v)] for v in a.add_ns]
        kinds = ["remove"] * len(a.remove_ns) + ["add"] * len(a.add_ns)
        if rng.random() < 0.5:
            rows += [["Keep", v] for v in kept]
            kinds += ["keep"] * len(kept)
        head = rng.choice([["Action", "Nameserver"], ["Change", "Host"], ["Add/Remove", "NS"]])
        if self.theme == "move" and not kept:
            head = ["Supplier", "Action", "Nameserver"]
            rows = [[self.kw["old"] if r[0] == "Remove" else "Tidewater"] + r for r in rows]
        if self.theme in ("sheet", "itsm") and rng.random() < 0.5:
            head = head + ["Notes"]
            rows = self._notes(rows, kinds)
        lead = rng.choice([f"Changes for {a.domain}:", f"Please make these changes to {a.domain}:",
                           f"{a.domain} - nameserver changes below"])
        return self._subject(asks), [("p", lead), self._sheet(head, rows)], None

    def _w_portal(self, asks):
        a, rng = asks[0], self.rng
        new = self._move(a)
        if self.theme == "itsm" or self.client in TOOL_WRITER:
            fields = [("Request item", f"RITM00{rng.randrange(10000, 99999)}"), ("Catalogue item",
                                                                                "DNS - Delegation change"),
                      ("Business service", f"{a.organisation} - public website"), ("Domain", a.domain),
                      ("Requested nameservers", ", ".join(self._v(v) for v in new)),
                      ("Approval", "Approved")]
        else:
            fields = [("Order", f"LL-{rng.randrange(10000, 99999)}"), ("Domain", a.domain),
                      ("Action", "Modify nameservers"), ("Nameservers", " | ".join(self._v(v) for v in new)),
                      ("Placed by", self.person)]
        lead = rng.choice(["From our portal:", "The request as logged:", "Request details below."])
        return self._subject(asks), [("p", lead), ("lines", [f"{k}: {v}" for k, v in fields])], None

    def _w_replace(self, asks):
        a, rng = asks[0], self.rng
        pairs = min(len(a.current_ns) - 1, rng.choice([1, 1, 2]))
        olds = rng.sample(a.current_ns, pairs)
        news = self._fresh(a, pairs)
        a.remove_ns, a.add_ns = olds, news
        texts = [rng.choice([f"please replace {o} with {self._v(n)}", f"please swap {o} for {self._v(n)}"])
                 for o, n in zip(olds, news)]
        text = f"On {a.domain}, " + " and ".join(texts) + "."
        if self.theme == "polite":
            text = rng.choice(POLITE_INTRO) + " " + text[0].upper() + text[1:]
        tail = rng.choice(["The other nameservers stay as they are.", "Everything else stays the same.", ""])
        return self._subject(asks), [("p", text + (" " + tail if tail else ""))], None

    def _w_epp(self, asks):
        a, rng = asks[0], self.rng
        if rng.random() < 0.5:
            new = self._move(a)
            a.new_ns, a.remove_ns, a.add_ns = None, list(a.current_ns), list(new)
        else:
            self._changes(a)
        lead = rng.choice([f"Our EPP client can't update {a.domain} (serverUpdateProhibited). What we sent:",
                           f"The automated update for {a.domain} was refused by the lock - please apply it:"])
        if any(self._in(v) for v in a.add_ns) or self.theme == "glue":
            xml = []
            for v in (x for x in a.add_ns if self._in(x)):
                v4, v6 = self._addr(v)
                xml += ["<host:create>", f"  <host:name>{v}</host:name>", f'  <host:addr ip="v4">{v4}</host:addr>',
                        f'  <host:addr ip="v6">{v6}</host:addr>', "</host:create>"]
            xml += ["<domain:update>", f"  <domain:name>{a.domain}</domain:name>"]
            if a.add_ns:
                xml += ["  <domain:add><domain:ns>"] + [f"    <domain:hostObj>{v}</domain:hostObj>"
                                                        for v in a.add_ns] + ["  </domain:ns></domain:add>"]
            if a.remove_ns:
                xml += ["  <domain:rem><domain:ns>"] + [f"    <domain:hostObj>{v}</domain:hostObj>"
                                                        for v in a.remove_ns] + ["  </domain:ns></domain:rem>"]
            xml += ["</domain:update>"]
            return self._subject(asks), [("p", lead), ("lines", xml)], None
        cmd = f"$ eppctl domain:update {a.domain}" + "".join(f" --add-ns {v}" for v in a.add_ns) + \
            "".join(f" --rem-ns {v}" for v in a.remove_ns)
        return self._subject(asks), [("p", lead), ("lines", [cmd, "ERROR 2304: Object status prohibits operation"])], \
            None

    def _w_csv(self, asks):
        a, rng = asks[0], self.rng
        new = self._move(a)
        if self.theme == "glue" or any(self._in(v) for v in new) and rng.random() < 0.7:
            rows = ["domain,nameserver,ipv4,ipv6"] + [f"{a.domain},{v}," + ",".join(self._addr(v)) if self._in(v)
                                                      else f"{a.domain},{v},," for v in new]
        elif self.theme in ("itsm", "sheet"):
            rows = ["Domain,Record,Action,Value,Notes"] + [f"{a.domain},NS,Delete,{v},current" for v in a.current_ns] \
                + [f"{a.domain},NS,Create,{v},new" for v in new]
        else:
            rows = ["Domain,NS1,NS2,NS3,NS4", ",".join([a.domain] + new + [""] * (4 - len(new)))]
        name = rng.choice([f"{a.domain.split('.')[0]}-dns.csv", "nameservers.csv", "Book1.csv"])
        lead = rng.choice([f"Please see the attached for {a.domain}.", f"CSV attached with the new NS for {a.domain}.",
                           f"Attached: the nameserver changes for {a.domain}."])
        return self._subject(asks), [("p", lead)], (name, "\r\n".join(rows) + "\r\n")

    def _w_multi_domain(self, asks):
        rng = self.rng
        org = asks[0].organisation
        if self.theme in ("sheet", "itsm") or rng.random() < 0.4:
            for a in asks:
                self._move(a)
            width = max(len(a.new_ns) for a in asks)
            head = ["Domain"] + [f"NS{i}" for i in range(1, width + 1)]
            rows = [[a.domain] + [self._v(v) for v in a.new_ns] + [""] * (width - len(a.new_ns)) for a in asks]
            return self._subject(asks), [("p", f"For {org}, the domains below:"), self._sheet(head, rows)], None
        while True:
            new = self._move(asks[0])
            if not any(set(new) & set(a.current_ns) for a in asks):
                break
        for a in asks[1:]:
            a.new_ns = list(new)
        blocks = [("p", f"For {org}, please change these domains:"),
                  ("lines", [a.domain for a in asks]),
                  ("lines", ["to the same nameservers:"] + self._bullets(new))]
        return self._subject(asks), blocks, None

    def _w_ds(self, asks):
        a, rng = asks[0], self.rng
        record = _ds(rng)
        tag, alg, dtype, digest = record.split()
        d = a.domain
        if a.current_ds and rng.random() < 0.4:
            a.add_ds = [record]
            after = rng.choice(["Please add it alongside the existing DS - we'll ask for the old one to be removed "
                                "once the rollover is done.", "This is in addition to the current DS (rollover)."])
        else:
            a.new_ds = [record]
            after = "It replaces the DS record there now." if a.current_ds else ""
        shape = rng.randrange(5)
        if shape == 0:  # a zone file's line, owner and TTL
            shown = [f"{d}. {rng.choice(['3600', '86400', '300'])} IN DS {record}"]
            lead = f"Please publish the DS for {d} (from our signer):"
        elif shape == 1:  # BIND's dnssec-dsfromkey, the digest across lines
            half = len(digest) // 2
            shown = [f"{d}.\t\t3600\tIN DS\t{tag} {alg} {dtype} (", f"\t\t\t\t{digest[:half]}",
                     f"\t\t\t\t{digest[half:]} )"]
            lead = f"DS record for {d} as output by dnssec-dsfromkey:"
        elif shape == 2:  # beside the DNSKEY it digests
            key = f"{d}. 3600 IN DNSKEY 257 3 {alg} {_b64(rng, 86)}=="
            shown = ["DNSKEY (for reference only):", key, "", "DS (please add this one):", f"{d}. IN DS {record}"]
            lead = f"We've signed {d}. Key and DS below."
        elif shape == 3:  # the CDS record the zone publishes
            shown = [f"$ dig +short CDS {d}", record.lower() if rng.random() < 0.5 else record]
            lead = (f"{d} publishes CDS/CDNSKEY, but as the registry doesn't scan for CDS please add the matching DS "
                    "manually:")
        else:
            shown = [f"Key tag: {tag}", f"Algorithm: {alg} ({'ECDSAP256SHA256' if alg == '13' else 'RSASHA256'})",
                     f"Digest type: {dtype} ({'SHA-256' if dtype == '2' else 'SHA-384'})", f"Digest: {digest}"]
            lead = f"DS data for {d}:"
        blocks = [("p", lead), ("lines", shown)] + ([("p", after)] if after else [])
        if self.theme == "polite":
            new = self._move(a)
            blocks = [("p", f"Please could you change the nameservers for {d} to {self._join(new)}? If possible "
                            "could we also have DNSSEC switched on at the same time? Our IT company sent this:"),
                      ("lines", shown)] + ([("p", after)] if after else [])
        return self._subject(asks, "DS record"), blocks, None

    # --- the ambiguous on purpose ----------------------------------------------------------------------------------

    def _w_ambiguous(self, asks, shape: int):
        rng, a = self.rng, asks[0]
        d, cur = a.domain, a.current_ns
        one, two = self._fresh(a, 2), _provider(rng, "akamai", d)[:2]
        if shape == 0:  # glue alone: addresses change, the name servers do not
            host = next((v for v in cur if self._in(v)), f"ns1.{d}")
            text = (f"We're renumbering our DNS servers. Please update the glue for {host} to 198.51.100."
                    f"{rng.randrange(2, 250)} and 2001:db8:{rng.randrange(1, 999)}::53. The nameservers themselves are "
                    "unchanged.")
            return self._subject(asks, "glue update"), [("p", text)], None
        if shape == 1:  # a DNSKEY, not a DS record
            key = f"{d}. 3600 IN DNSKEY 257 3 13 {_b64(rng, 86)}=="
            return self._subject(asks, "DNSSEC"), [("p", f"We've enabled DNSSEC on {d}. The key is below - please "
                                                          "publish it at the registry:"), ("lines", [key])], None
        if shape == 2:  # a correction that does not say which value
            rows = [[c, self._v(n) if n else ""] for c, n in zip_longest(cur, one, fillvalue="")]
            head = ["Current", "New"]
            return self._subject(asks), [("p", f"Nameservers for {d}:"), self._sheet(head, rows),
                                         ("p", "Sorry - please ignore the second line of my table, it's wrong. "
                                               "Everything else is fine.")], None
        if shape == 3:  # two suppliers' sets, neither said to be the new one
            return self._subject(asks), [("p", f"{d}: the DNS is being moved between Harrowgate Digital and "
                                               "Northwind IT. Their servers:"),
                                         ("lines", ["Harrowgate Digital:"] + self._bullets(one)),
                                         ("lines", ["Northwind IT:"] + self._bullets(two)),
                                         ("p", "Please update the delegation accordingly.")], None
        if shape == 4:  # a hedge over the whole set
            text = (f"I think the new nameservers for {d} are {self._join(one)}, but I'm still waiting for our IT "
                    "company to confirm so they might change. Could you put them on anyway?")
            return self._subject(asks), [("p", text)], None
        if shape == 5:  # a change still waiting for its CAB
            return self._subject(asks), [("lines", [f"Change: CHG00{rng.randrange(10000, 99999)}",
                                                    "CAB status: Pending approval - do not implement until approved",
                                                    f"Domain: {d}", f"New nameservers: {', '.join(one)}"])], None
        if shape == 6:  # a CDS with no values
            return self._subject(asks, "DNSSEC"), [("p", f"We now publish CDS and CDNSKEY records for {d}. Please "
                                                          "pick up the new DS from the CDS in the zone.")], None
        if shape == 7:  # a row still to be confirmed
            head = ["Nameserver", "Notes"]
            rows = [[self._v(one[0]), "confirmed"], [self._v(one[1]), "TBC - checking with supplier"]]
            return self._subject(asks), [("p", f"New nameservers for {d}:"), self._sheet(head, rows)], None
        if shape == 8:  # a follow-up putting it on hold, above the request it quotes
            quoted = [("p", f"Please change the nameservers for {d} to {self._join(one)}.")]
            self.kw["followup"] = "1"
            return self._subject(asks), [("p", "Please hold off on the change below - the customer wants to check "
                                               "something first. I'll confirm."),
                                         ("quote", quoted)], None
        text = f"Please set {d} to either {self._join(one)} or {self._join(two)}, whichever is easier your end."
        return self._subject(asks), [("p", text)], None

    # --- a month of mail --------------------------------------------------------------------------------------------

    def make(self, requests: int) -> Corpus:
        """The requests in decks of 40 (the shares shuffled, the 20th and 40th ambiguous on purpose), then the
        thread mails on them."""
        rng = self.rng
        mails: list[Mail] = []
        for start in range(0, requests, 40):
            layouts = [name for name, n in LAYOUT_SHARE.items() for _ in range(n)]
            themes = [name for name, n in THEME_SHARE.items() for _ in range(n)]
            clients = [name for name, n in CLIENT_SHARE.items() for _ in range(n)]
            for deck in (layouts, themes, clients):
                rng.shuffle(deck)
            for j in range(min(40, requests - start)):
                k = j - sum(1 for x in AMBIGUOUS_AT if x < j)
                layout = "ambiguous" if j in AMBIGUOUS_AT else layouts[k]
                theme = "ambiguous" if j in AMBIGUOUS_AT else themes[k]
                mails.append(self.request(f"{self.prefix}{start + j:04d}", layout, clients[j], theme))
        made = [m for m in mails if m.kind == "request"]
        asked = [m for m in mails if m.kind == "ambiguous"]
        for k in range(max(60, requests // 6)):
            target = rng.choice(made if k % 5 or not asked else asked)
            kind = "reply" if k % 6 < 4 else "automatic" if k % 6 == 4 else "bounce"
            mails.append(self._thread(f"{self.prefix}r{k:03d}", kind, target))
        return Corpus(self.part, self.registry(), mails)

    def request(self, mid: str, layout: str, client: str, theme: str = "sheet") -> Mail:
        rng = self.rng
        shape = None
        if layout == "ambiguous":
            shape = self.ambiguous_made % AMBIGUOUS_SHAPES
            self.ambiguous_made += 1
            theme = {0: "glue", 1: "glue", 2: "sheet", 3: "move", 4: "polite", 5: "itsm", 6: "glue", 7: "sheet",
                     8: "fix"}.get(shape, "polite")
        if client in TOOL_WRITER and shape not in (None, 5):
            client = "outlook"  # a tool's notification carries what the supplier's change record says
        if client in TOOL_WRITER:
            w = WRITERS[TOOL_WRITER[client]]
            theme = theme if theme in ("glue", "ambiguous") or shape is not None else "itsm"
        else:
            w = WRITERS[rng.choice(THEME_WRITERS[theme])]
        count = rng.choice([2, 3]) if layout == "multi_domain" else 1
        asks = self._domains(w.registrar, count)
        self.writer, self.client, self.theme, self.person = w, client, theme, rng.choice(w.people)
        old, _ = rng.choice(OLD_HOSTS)
        self.kw = {"d": asks[0].domain, "org": asks[0].organisation, "old": old,
                   "ref": rng.choice([f"CHG00{rng.randrange(10000, 99999)}", f"SR{rng.randrange(4000000, 4999999)}",
                                      f"CRQ0000001{rng.randrange(10000, 99999)}"])}
        if shape is not None:
            subject, blocks, attachment = self._w_ambiguous(asks, shape)
        else:
            subject, blocks, attachment = getattr(self, "_w_" + layout)(asks)
            if theme == "fix":
                blocks, attachment = self._correct(asks, blocks, attachment)
            if theme == "itsm":
                blocks = self._change_record(asks, blocks)
        body = self._body(blocks)
        raw, said, charset, encoding = self._mime(mid, subject, body, attachment)
        self.writer_of[mid] = w.key
        truth = "asked" if shape is not None else {a.domain: a.truth() for a in asks}
        return Mail(mid, "ambiguous" if shape is not None else "request", layout, client, charset, encoding,
                    w.sender, truth, raw, said=said, seed=self.seed)

    # --- frames ----------------------------------------------------------------------------------------------------

    def _change_record(self, asks: list[DomainAsk], blocks: list) -> list:
        """An outsourced supplier's change record around the request: reference, CAB approval, window, and a
        back-out plan naming the records the domain has now."""
        rng, a = self.rng, asks[0]
        ref = self.kw["ref"]
        head = [f"Change reference: {ref}", f"Requested for: {a.organisation}",
                rng.choice(["CAB approval: Approved at CAB 26/11/2026", "CAB: Approved (eCAB, 26 Nov 2026)",
                            "Approval: Approved by Change Manager (Standard change)"]),
                rng.choice(["Implementation window: Fri 27/11/2026 18:00-20:00 GMT",
                            "Planned start: 27/11/2026 19:00 | Planned end: 27/11/2026 21:00",
                            "Window: 27 Nov 2026, 06:00 - 08:00"]),
                rng.choice(["Risk: Low | Impact: Low", "Risk/Impact: 4 - Low"])]
        if any(x.new_ds or x.add_ds for x in asks):
            backout = [f"Back-out plan: remove the new DS record for {a.domain}"
                       + (" and restore the previous one (key tag " + a.current_ds[0].split()[0] + ")."
                          if a.current_ds else "; the zone stays signed but unvalidated.")]
        else:
            backout = [rng.choice(["Back-out plan: revert the name servers for {d} to {cur}.",
                                   "Back-out: re-delegate {d} to the existing servers ({cur}).",
                                   "Rollback: restore the current NS set - {cur}."]).format(
                d=a.domain, cur=", ".join(a.current_ns))]
        if self.client in TOOL_WRITER:
            return [("lines", head[2:])] + blocks + [("lines", backout)]
        lead = rng.choice([f"Please implement the change below on behalf of {a.organisation}.",
                           "Change raised on behalf of our customer - details below.",
                           f"We have the following approved change for {a.organisation}:"])
        return [("p", lead), ("lines", head), ("p", "Change description:")] + blocks + \
            [("lines", backout + ["Test plan: dig NS from an external resolver after implementation."])]

    def _correct(self, asks: list[DomainAsk], blocks: list, attachment):
        """The request written with a mistake and corrected: a typo put right in a line below it or in a
        follow-up quoting the mail, or a line of a table to be ignored."""
        rng, a = self.rng, asks[0]
        values = a.new_ns or a.add_ns
        if not values:
            return blocks + [("p", "Apologies if this has come through twice.")], attachment
        v = rng.choice(values)
        if rng.random() < 0.6 and any(b[0] == "table" for b in blocks):
            extra = next(x for x in self._fresh(a, 3)[::-1] + _provider(rng, "akamai", a.domain) if x not in values)
            for i, block in enumerate(blocks):
                if block[0] == "table" and any(v in " ".join(r) for r in block[2]):
                    rows = list(block[2])
                    row = next(r for r in rows if v in " ".join(r))
                    rows.append([_replace_value(c, v, extra) if v in c else c if c in ACTIONS else "" for c in row])
                    blocks = blocks[:i] + [block[:2] + (rows,) + block[3:]] + blocks[i + 1:]
                    return blocks + [("p", rng.choice([f"Please ignore the last row of the table ({extra}) - it "
                                                       "was left over from an earlier draft.",
                                                       f"Sorry, ignore the bottom line ({extra}), that shouldn't "
                                                       "be there."]))], attachment
        typo = _typo(rng, v)
        for _ in range(5):  # not a name another of the mail's servers has
            if typo not in a.current_ns + values:
                break
            typo = _typo(rng, v)
        typo = typo if typo not in a.current_ns + values else "x" + typo
        blocks = _replace_value(blocks, v, typo)
        if attachment is not None:
            attachment = (attachment[0], _replace_value(attachment[1], v, typo))
        shape = rng.randrange(2 if attachment is not None else 3)
        where = "in the attached" if attachment is not None else "above"
        if shape == 0:
            return blocks + [("p", f"Sorry, typo {where}: {typo} should read {v}.")], attachment
        if shape == 1:
            return blocks + [("p", f"Correction - {v}, not {typo}. Apologies.")], attachment
        self.kw["followup"] = "1"
        top = rng.choice([f"Apologies - there was a typo in my email below. {typo} should be {v}. Everything else is "
                          "correct.", f"Sorry, correction to the below: it's {v} (I mistyped it as {typo})."])
        return [("p", top), ("quote", blocks)], attachment

    def _body(self, blocks: list) -> list:
        """The whole mail as blocks, top to bottom, in its tool's notification for the ITSM tools."""
        rng = self.rng
        if self.client == "helix":
            return [("lines", ["BMC Helix ITSM notification", f"Change ID: {self.kw['ref']}",
                               f"Summary: DNS delegation change - {self.kw['d']}", "Status: Scheduled",
                               "Coordinator group: Network Services - DNS"]), ("p", "Notes:")] + blocks + \
                [("p", "This is an automatically generated email from BMC Helix ITSM. Updates by email are not "
                       "processed; contact the service desk on 0345 600 1234.")]
        if self.client == "topdesk":
            return [("p", f"Dear Registry Lock team,\n\nChange C2611-{rng.randrange(10, 999):03d} has been "
                          f"registered for {self.kw['org']}.\nBrief description: name server change {self.kw['d']}"),
                    ("p", "Request:")] + blocks + [("p", "Kind regards,\nService Desk\nMeridian Steria Digital plc")]
        opening = rng.choice(OPEN[self.theme])
        closing = rng.choice(CLOSE[self.theme])
        if self.kw.get("followup"):
            top, quoted = blocks[0], blocks[1][1]
            mine = [top, ("p", f"{closing}\n{self.person}")]
            original = ([("p", opening)] if opening else []) + quoted + [("p", f"{closing}\n{self.person}")]
            return mine + [("quote", original)]
        return ([("p", opening)] if opening else []) + blocks + [("p", closing), ("sig", self._signature())]

    def _signature(self) -> str:
        w, name = self.writer, self.person
        lines = {"calder": [name, "DNS & Domains | Calderbrook Managed Services", "Delivering for the public sector"],
                 "meridian": [name, "Service Transition - Domain Services", "Meridian Steria Digital plc"],
                 "corvel": [name, "Network Operations, Government Sector", "Corvel Group UK Ltd"],
                 "kitsune": [name, "Hostmaster Team", "Kitsune Services UK Ltd"],
                 "ledger": [name, "Ledger & Lane Registrars", "Tel 01632 960 417"],
                 "bailiwick": [name, "NOC | Bailiwick Networks", "AS64512"],
                 "tidewater": [name, "Migrations Team", "Tidewater Hosting Ltd"],
                 "parsley": [name, "Office Manager", "Parsley Web Services"]}.get(w.key, [name])
        sig = "\n".join(lines)
        if w.key in SUPPLIERS and self.rng.random() < 0.5:
            sig += ("\n\nThis email and any attachments are intended for the named recipient only and may contain "
                    "information classified OFFICIAL. If you have received it in error, please notify the sender.")
        return sig

    # --- plain text and HTML ---------------------------------------------------------------------------------------

    def _plain(self, blocks: list) -> str:
        out = []
        for block in blocks:
            kind = block[0]
            if kind in ("p", "sig"):
                out.append(block[1])
            elif kind == "lines":
                out.append("\n".join(block[1]))
            elif kind == "table":
                out.append(_tsv(block[1], block[2], block[3]))
            else:
                out.append(self._quote_plain(block[1]))
        return "\n\n".join(x for x in out if x)

    def _quote_plain(self, inner: list) -> str:
        text = self._plain(inner)
        me = f"{self.person} <{self.writer.sender}>"
        if self.client in ("outlook",):
            return (f"From: {me}\nSent: 26 November 2026 16:40\nTo: Registry Lock <{BOT}>\nSubject: "
                    f"{self.kw['d']}\n\n{text}")
        who = f"On Thu, 26 Nov 2026 at 16:40, {me} wrote:" if self.client == "gmail" else \
            f"On 26/11/2026 16:40, {self.person} wrote:"
        return who + "\n" + "\n".join("> " + line if line else ">" for line in text.split("\n"))

    def _html(self, blocks: list) -> str:
        para = {"outlook": "<p class=MsoNormal>{}</p>", "gmail": "<div>{}</div>", "apple_mail": "<div>{}</div>"}.get(
            self.client, "<p>{}</p>")
        out = []
        for block in blocks:
            kind = block[0]
            if kind in ("p", "sig", "lines"):
                lines = block[1].split("\n") if kind != "lines" else block[1]
                out.append("".join(para.format(escape(line).replace("  ", "&nbsp; ").replace("\t", "&nbsp; "
                                                                                            "&nbsp; ") or "<br>")
                                   for line in lines))
                out.append(para.format("<br>"))
            elif kind == "table":
                out.append(_html_table(block[1], block[2], block[3]))
            else:
                inner = self._html(block[1])
                me = escape(f"{self.person} <{self.writer.sender}>")
                if self.client == "outlook":
                    out.append(f'<div style="border:none;border-top:solid #E1E1E1 1.0pt"><p class=MsoNormal><b>From:'
                               f"</b> {me}<br><b>Sent:</b> 26 November 2026 16:40<br><b>To:</b> Registry Lock "
                               f"&lt;{BOT}&gt;<br><b>Subject:</b> {escape(self.kw['d'])}</p></div>{inner}")
                else:
                    out.append(f'<div class="gmail_quote">On Thu, 26 Nov 2026 at 16:40, {me} wrote:<br>'
                               f'<blockquote class="gmail_quote" style="margin:0 0 0 .8ex;border-left:1px #ccc solid;'
                               f'padding-left:1ex">{inner}</blockquote></div>')
        return "".join(out)

    def _document(self, inner: str) -> str:
        if self.client == "outlook":
            return ('<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:'
                    'excel"><head><meta http-equiv="Content-Type" content="text/html; charset=%CHARSET%"><style>'
                    'p.MsoNormal{margin:0cm;font-size:11.0pt;font-family:"Aptos"}</style></head><body lang="EN-GB">'
                    f'<div class="WordSection1">{inner}</div></body></html>')
        if self.client == "gmail":
            return f'<div dir="ltr">{inner}</div>'
        if self.client == "apple_mail":
            return ('<html><head><meta http-equiv="content-type" content="text/html; charset=%CHARSET%"></head>'
                    f'<body style="overflow-wrap: break-word;">{inner}</body></html>')
        return ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=%CHARSET%"></head><body>'
                f"{inner}</body></html>")

    # --- the MIME --------------------------------------------------------------------------------------------------

    def _mime(self, mid: str, subject: str, body: list, attachment) -> tuple[bytes, str, str, str]:
        rng, client = self.rng, self.client
        plain = self._plain(body) + "\n"
        tables = [b for b in body if b[0] == "table"]
        # Thunderbird and the ITSM tools send plain text only unless a table was pasted; Outlook in plain-text mode
        # sends its pasted cells tab-separated.
        only_plain = client in ("helix", "topdesk") or client == "thunderbird" and not tables or \
            any(b[3] == "excel_text" for b in tables)
        html = self._document(self._html(body))
        charset = rng.choice({"outlook": ["utf-8", "windows-1252", "iso-8859-1"], "gmail": ["utf-8", "iso-8859-1"],
                              "thunderbird": ["utf-8", "iso-8859-1"], "helix": ["utf-8"],
                              "topdesk": ["utf-8", "windows-1252"]}.get(client, ["utf-8"]))
        try:
            (plain + html).encode(charset)
        except UnicodeEncodeError:
            charset = "utf-8"
        plain, html = _fit(plain, charset), _fit(html.replace("%CHARSET%", charset), charset)
        encoding = rng.choice({"outlook": ["quoted-printable", "base64"], "gmail": ["quoted-printable", "base64"],
                               "thunderbird": ["8bit", "quoted-printable"], "apple_mail": ["quoted-printable"],
                               "helix": ["base64", "quoted-printable"]}.get(client, ["quoted-printable", "8bit"]))
        msg = EmailMessage()
        self._headers(msg, mid, subject)
        msg.set_content(plain, charset=charset, cte=encoding,
                        params={"format": "flowed"} if client == "thunderbird" and only_plain else None)
        if not only_plain:
            msg.add_alternative(html, subtype="html", charset=charset, cte=encoding)
        if attachment is not None:
            name, data = attachment
            msg.add_attachment(data.encode("utf-8"), maintype="text", subtype="csv", filename=name)
        return msg.as_bytes(), plain, charset, encoding

    def _headers(self, msg: EmailMessage, mid: str, subject: str) -> None:
        rng, w, client = self.rng, self.writer, self.client
        host = w.sender.partition("@")[2]
        display = {"helix": "BMC Helix ITSM (Calderbrook)", "topdesk": "TOPdesk - Meridian Steria"}.get(
            client, rng.choice([self.person, f"{self.person} | {w.registrar}"]))
        msg["From"] = f'"{display}" <{w.sender}>'
        msg["To"] = rng.choice([BOT, f'".gov.uk Registry Lock" <{BOT}>'])
        if client == "helix":
            subject = f"Change {self.kw['ref']} scheduled: {subject}"
        elif client == "topdesk":
            subject = f"TOPdesk: {subject}"
        elif self.kw.get("followup"):
            subject = ("RE: " if client == "outlook" else "Re: ") + subject
        msg["Subject"] = subject
        msg["Date"] = DATE.format(8 + rng.randrange(0, 3), rng.randrange(60))
        msg["Message-ID"] = f"<{mid}.{rng.getrandbits(40):x}@{host}>"
        if client == "outlook":
            msg["X-Mailer"] = "Microsoft Outlook 16.0"
            msg["Thread-Index"] = "AQH" + _b64(rng, 26).replace("+", "a").replace("/", "b")
        elif client == "thunderbird":
            msg["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Thunderbird/128.5.1"
        elif client == "apple_mail":
            msg["X-Mailer"] = "Apple Mail (2.3826.300.87.4.3)"
        elif client == "helix":
            msg["X-BMC-Notification"] = "CHG:NTF:Scheduled"
        elif client == "topdesk":
            msg["X-Mailer"] = "TOPdesk"

    # --- thread mails ----------------------------------------------------------------------------------------------

    def _thread(self, mid: str, kind: str, target: Mail) -> Mail:
        rng = self.rng
        client = {"helix": "outlook", "topdesk": "outlook"}.get(target.client, target.client)
        charset, encoding = rng.choice(["utf-8", "iso-8859-1"]), rng.choice(["quoted-printable", "base64", "8bit"])
        if kind == "reply":
            said = rng.choice(["Yes, that's correct - please go ahead.", "Confirmed, thank you.",
                               "Thank you so much for your help!", "Correct. The change is approved on our side.",
                               "Thanks - CAB approval stands, please proceed."])
        elif kind == "automatic":
            said = rng.choice(["Thank you for contacting the service desk. Your email has been logged as incident "
                               f"INC{rng.randrange(100000, 999999)}.",
                               "I am out of the office until Monday 30 November with no access to email."])
        else:
            said = f"delivery to {target.sender} failed"
        sender = target.sender if kind != "bounce" else "MAILER-DAEMON@mx." + target.sender.partition("@")[2]
        return Mail(mid, kind, kind if kind != "reply" else said[:24], client, charset, encoding, sender, kind, None,
                    thread_of=target.id, said=said, seed=self.seed)


# --- tables as the programs paste them ----------------------------------------------------------------------------

def _head_rows(head) -> list[list[tuple[str, int]]]:
    """The header as rows of (text, columns spanned): one row of plain names, or rows given with merged cells."""
    rows = head if head and isinstance(head[0], list) else [head]
    return [[c if isinstance(c, tuple) else (c, 1) for c in row] for row in rows]


def _tsv(head, rows, style: str) -> str:
    """A pasted table's plain text: the cells tab-separated, a merged cell followed by the tabs of the cells it
    covers (Excel, Sheets and Calc alike)."""
    lines = ["\t".join(text + "\t" * (span - 1) for text, span in row).rstrip("\t") for row in _head_rows(head)]
    lines += ["\t".join(r).rstrip("\t") for r in rows]
    return "\n".join(lines)


def _html_table(head, rows, style: str) -> str:
    """A pasted table's HTML, in the styles of the program it was copied from."""
    heads = _head_rows(head)
    if style in ("excel", "excel_text"):
        td = ("<td nowrap valign=bottom{span} style='border:solid windowtext 1.0pt;{bg}padding:0cm 5.4pt 0cm 5.4pt;"
              "height:15.0pt'><p class=MsoNormal>{text}</p></td>")
        out = ["<table class=MsoNormalTable border=0 cellspacing=0 cellpadding=0 style='border-collapse:collapse'>"]
        for row in heads:
            out.append("<tr style='height:15.0pt'>" + "".join(
                td.format(span=f" colspan={s}" if s > 1 else "", bg="background:#D9E1F2;",
                          text=f"<b><span style='color:black'>{escape(t)}</span></b>") for t, s in row) + "</tr>")
        for r in rows:
            out.append("<tr style='height:15.0pt'>" + "".join(
                td.format(span="", bg="", text=f"<span style='color:black'>{escape(c) or '&nbsp;'}</span>")
                for c in r) + "</tr>")
        return "".join(out) + "</table><p class=MsoNormal>&nbsp;</p>"
    if style == "gsheets":
        cell = ('<td style="overflow:hidden;padding:2px 3px 2px 3px;vertical-align:bottom;{bold}"{span}'
                ' data-sheets-value="{{&quot;1&quot;:2,&quot;2&quot;:&quot;{text}&quot;}}">{text}</td>')
        out = ['<google-sheets-html-origin><table xmlns="http://www.w3.org/1999/xhtml" cellspacing="0" '
               'cellpadding="0" dir="ltr" border="1" style="table-layout:fixed;font-size:10pt;font-family:Arial;'
               'border-collapse:collapse;border:none" data-sheets-root="1"><tbody>']
        for row in heads:
            out.append('<tr style="height:21px;">' + "".join(
                cell.format(bold="font-weight:bold;", span=f' rowspan="1" colspan="{s}"' if s > 1 else "",
                            text=escape(t)) for t, s in row) + "</tr>")
        for r in rows:
            out.append('<tr style="height:21px;">' + "".join(cell.format(bold="", span="", text=escape(c))
                                                             for c in r) + "</tr>")
        return "".join(out) + "</tbody></table></google-sheets-html-origin><br>"
    out = ['<table cellspacing="0" border="0"><colgroup width="220"></colgroup>']  # LibreOffice Calc
    for row in heads:
        out.append("<tr>" + "".join(f'<td height="17" align="left"{f" colspan={s}" if s > 1 else ""}><b>'
                                    f"{escape(t)}</b></td>" for t, s in row) + "</tr>")
    for r in rows:
        out.append("<tr>" + "".join(f'<td height="17" align="left">{escape(c)}</td>' for c in r) + "</tr>")
    return "".join(out) + "</table><br>"
