"""Seed 34 of the request corpus: requests written by registrars' technical staff and their automation, in what
their tools print.

Imitates the registrars whose change requests are mostly a paste: an automated notice from a registrar's own
domain-operations system when its API call was refused because the domain is locked (the request body it sent, the
registry's refusal, the records the domain has now, and a footer saying not to reply), and the same notice forwarded
by a person with "pls action"; JSON or YAML bodies of a registrar's REST API (a set, an add/remove object, a JSON
Patch); EPP XML (domain:update with ns add and rem, secDNS add and rem) as a client's log prints it with timestamps,
whole or cut down to the update; zone-file lines (a "current" and a "new" block, the apex's NS lines, DS lines from a
signer); unified diffs of a zone or of a config (git's and diff -u's, with @@ headers and the serial's change beside
the servers'); `dig +short` and full `dig NS` output as the current state; whois excerpts; Terraform, dnscontrol and
OctoDNS plans ("~ nameservers = [", "Plan: 0 to add, 1 to change, 0 to destroy."); Ansible task output; tables drawn
with box characters; CSV files with a byte order mark and quoted fields; and log lines. The words around the paste
are few and terse ("as below", "see diff", "pls action"). They come from the automation itself (plain text, or an
HTML part with the paste in <pre>), from Outlook and Gmail (the paste in a monospace font), Apple Mail, Thunderbird
and an HTML-only web client (the paste in <pre> or a table of code cells); some carry several domains, some DS
records as well as name servers.

Every truth is what a careful operator would record: the set the request body, the update or the + side of the diff
makes of the records the domain has now, never the records a response, a dig or a whois shows. One request in 20 is
ambiguous on purpose, in the ways these writers leave a person no choice but to ask: a diff whose sides disagree with
the sentence above it, a payload and a sentence that differ, dig output and "please fix" with no values, a plan that
destroys the delegation, an update removing a server the domain does not have, a CSV giving two sets for one domain,
a log of two attempts with different sets, "new" records the domain has already, a diff leaving one server, and a
payload for another domain than the sentence names. Organisations are this seed's own (domains ending in "-mc"), and
so are the registrars.

Kept whole: the writers' words, the tools' outputs and the frames (notices, forwards, the clients' ways with a
monospace paste) around them are one imitation, read together to judge whether a mail is one a real writer would
send; split, each piece would be read apart from the words and frames it is written against.
"""

from __future__ import annotations

import json
import random
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
    {"name": "Quayline Registrar Ltd", "emails": ["noreply-domainops@quayline.example",
                                                 "dns-support@quayline.example"]},
    {"name": "Fernhill Internet Ltd", "emails": ["hostmaster@fernhill.example"]},
    {"name": "Stackyard Networks Ltd", "emails": ["platform@stackyard.example"]},
    {"name": "Pellucid Domains Ltd", "emails": ["epp-ops@pellucid.example"]},
    {"name": "Brindle & Hart Registrars", "emails": ["ops@brindlehart.example"]},
]


@dataclass(frozen=True)
class Writer:
    key: str
    registrar: str
    sender: str
    people: tuple[str, ...]


WRITERS = {w.key: w for w in [
    Writer("quay_bot", "Quayline Registrar Ltd", "noreply-domainops@quayline.example", ("Quayline DomainOps",)),
    Writer("quay", "Quayline Registrar Ltd", "dns-support@quayline.example", ("Owen Tranter", "Lucy Brannigan")),
    Writer("fern", "Fernhill Internet Ltd", "hostmaster@fernhill.example", ("Dev Raman", "Kasia Nowak")),
    Writer("stack", "Stackyard Networks Ltd", "platform@stackyard.example", ("Rob Ayling", "Temi Adeyemi")),
    Writer("pell", "Pellucid Domains Ltd", "epp-ops@pellucid.example", ("Mira Solberg", "Jon Keast")),
    Writer("brind", "Brindle & Hart Registrars", "ops@brindlehart.example", ("Gwen Hart", "Alfie Brindle")),
]}
# Who writes each layout.
LAYOUT_WRITERS = {"prose": ("fern", "quay", "brind"), "form": ("stack", "stack", "quay_bot"), "label_list": ("fern",),
                  "current_new_lists": ("fern", "brind"), "current_new_table": ("brind",),
                  "add_remove_table": ("stack",), "portal": ("quay_bot", "quay_bot", "quay"),
                  "replace": ("fern", "stack"), "epp": ("pell",), "csv": ("brind", "quay_bot"),
                  "multi_domain": ("stack", "brind", "quay_bot"), "ds": ("pell", "fern", "quay_bot", "stack")}
LAYOUT_SHARE = {"prose": 3, "form": 3, "label_list": 3, "current_new_lists": 3, "current_new_table": 3,
                "add_remove_table": 4, "portal": 4, "replace": 4, "epp": 3, "csv": 2, "multi_domain": 3, "ds": 3}
# The clients people write from, in their shares (the automation writes as "system").
PERSON_CLIENTS = ("outlook", "outlook", "outlook", "gmail", "gmail", "thunderbird", "apple_mail", "html_only")
AMBIGUOUS_AT = (19, 39)
AMBIGUOUS_SHAPES = 10

PLACES_HERE = ["bodmin", "camborne", "fowey", "helston", "launceston", "liskeard", "looe", "lostwithiel",
               "marazion", "newquay", "penryn", "penzance", "redruth", "saltash", "truro", "wadebridge", "bideford",
               "crediton", "dawlish", "honiton", "lynton", "okehampton", "paignton", "salcombe", "tavistock",
               "tiverton", "totnes", "brixham", "axminster", "chudleigh", "hatherleigh", "modbury", "sidmouth",
               "teignmouth", "bovey", "ashburton", "kingsbridge", "lifton", "torrington", "ottery"]
KINDS_HERE = [("vo", "{} Valuation Office"), ("rpo", "{} Rural Payments Office"), ("cor", "{} Coroner Service"),
              ("lic", "{} Licensing Centre"), ("tso", "{} Trading Standards Office"), ("stu", "{} Statistics Unit"),
              ("arc", "{} Archives Office"), ("hbr", "{} Harbour Office"), ("rgo", "{} Register Office")]
EXTRA_LABELS = ["apply", "pay", "maps", "mail"]
CF = ["amir", "bella", "cody", "dina", "ezra", "fay", "gus", "hope", "iris", "jack", "kai", "lia", "max", "nia",
      "otto", "pam"]


def _provider(rng: random.Random, kind: str, domain: str) -> list[str]:
    """The name servers of one DNS host, as its console or its engineers give them."""
    if kind == "cloudflare":
        a, b = rng.sample(CF, 2)
        return [f"{a}.ns.cloudflare.com", f"{b}.ns.cloudflare.com"]
    if kind == "route53":
        return [f"ns-{base + rng.randrange(512)}.awsdns-{rng.randrange(64):02d}.{tld}"
                for tld, base in (("org", 1024), ("co.uk", 1536), ("com", 0), ("net", 512))]
    if kind == "google":
        x = rng.choice("abcde")
        return [f"ns-cloud-{x}{i}.googledomains.com" for i in range(1, 5)]
    if kind == "ns1":
        k = rng.randrange(10, 99)
        return [f"dns{i}.p{k}.nsone.net" for i in range(1, 5)]
    if kind == "inzone":
        return [f"ns{i}.{domain}" for i in rng.choice([(1, 2), (0, 1, 2)])]
    return rng.choice([[f"ns{i}.quayline-dns.example" for i in (1, 2, 3)],
                       [f"dns{i}.fernhill.example" for i in (1, 2)],
                       [f"{x}.ns.stackyard.example" for x in ("a", "b", "c")],
                       [f"ns{i}.pellucid-dns.example" for i in (1, 2)],
                       [f"ns{i}.bhdns.example" for i in (1, 2, 3, 4)]])


PROVIDERS = ("cloudflare", "route53", "google", "ns1", "inzone", "own", "own")


def _dot(host: str) -> str:
    return host + "."


def _stamp(rng: random.Random, minute: int, iso: bool = True) -> str:
    sec = rng.randrange(60)
    if iso:
        return f"2026-11-27T08:{minute:02d}:{sec:02d}.{rng.randrange(1000):03d}Z"
    return f"2026-11-27 08:{minute:02d}:{sec:02d},{rng.randrange(1000):03d}"


def _ds_fields(record: str) -> tuple[int, int, int, str]:
    tag, alg, dtype, digest = record.split()
    return int(tag), int(alg), int(dtype), digest


# --- what the tools print ------------------------------------------------------------------------------------------

def _whois(domain: str, registrar: str, ns: list[str], signed: bool) -> str:
    tag = registrar.split()[0].upper()
    lines = ["    Domain name:", f"        {domain}", "", "    Registrar:", f"        {registrar} [Tag = {tag}]", "",
             "    Relevant dates:", "        Registered on: 14-Mar-2009", "        Expiry date:  14-Mar-2027",
             "        Last updated:  02-Jun-2026", "", "    Registration status:",
             "        Registered until expiry date.", "", "    Name servers:"]
    lines += [f"        {h}" for h in ns]
    lines += ["", "    DNSSEC:", "        " + ("Signed" if signed else "Unsigned"), "",
              "    WHOIS lookup made at 08:52:17 27-Nov-2026"]
    return "\n".join(lines)


def _dig_short(rng: random.Random, domain: str, ns: list[str]) -> str:
    shown = list(ns)
    rng.shuffle(shown)
    return f"$ dig +short NS {domain}\n" + "\n".join(_dot(h) for h in shown)


def _dig_full(rng: random.Random, domain: str, ns: list[str]) -> str:
    shown = list(ns)
    rng.shuffle(shown)
    size, ttl = 40 + 20 * len(ns), rng.choice([3600, 86400])
    return "\n".join([f"; <<>> DiG 9.18.28-0ubuntu0.22.04.1-Ubuntu <<>> NS {domain}", ";; global options: +cmd",
                      ";; Got answer:",
                      f";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: {rng.randrange(1000, 65535)}",
                      f";; flags: qr rd ra; QUERY: 1, ANSWER: {len(ns)}, AUTHORITY: 0, ADDITIONAL: 1", "",
                      ";; OPT PSEUDOSECTION:", "; EDNS: version: 0, flags:; udp: 65494", ";; QUESTION SECTION:",
                      f";{domain}.\t\t\tIN\tNS", "", ";; ANSWER SECTION:"]
                     + [f"{domain}.\t{ttl}\tIN\tNS\t{_dot(h)}" for h in shown]
                     + ["", f";; Query time: {rng.randrange(4, 60)} msec",
                        ";; SERVER: 127.0.0.53#53(127.0.0.53) (UDP)", ";; WHEN: Fri Nov 27 08:55:02 GMT 2026",
                        f";; MSG SIZE  rcvd: {size}"])


def _zone_ns(domain: str, ns: list[str], ttl: str, style: int) -> list[str]:
    if style == 0:
        return [f"{domain}.\t{ttl}\tIN\tNS\t{_dot(h)}" for h in ns]
    if style == 1:
        return [f"@\t\t{ttl}\tIN\tNS\t{_dot(h)}" for h in ns]
    return [f"{domain}. {ttl} IN NS {_dot(h)}" for h in ns]


def _box(head: list[str], rows: list[list[str]], style: str) -> str:
    """A table as a terminal tool draws it: box-drawing characters, or psql's and MySQL's ASCII."""
    widths = [max(len(x) for x in col) for col in zip(head, *rows)]

    def line(cells, sep):
        return sep + sep.join(f" {c.ljust(w)} " for c, w in zip(cells, widths)) + sep

    def rule(left, mid, right, fill):
        return left + mid.join(fill * (w + 2) for w in widths) + right
    if style == "ascii":
        r = rule("+", "+", "+", "-")
        return "\n".join([r, line(head, "|"), r] + [line(x, "|") for x in rows] + [r])
    if style == "heavy":
        return "\n".join([rule("┏", "┳", "┓", "━"), line(head, "┃"), rule("┡", "╇", "┩", "━")]
                         + [line(x, "│") for x in rows] + [rule("└", "┴", "┘", "─")])
    return "\n".join([rule("┌", "┬", "┐", "─"), line(head, "│"), rule("├", "┼", "┤", "─")]
                     + [line(x, "│") for x in rows] + [rule("└", "┴", "┘", "─")])


def _epp_update(domain: str, add: list[str], rem: list[str], *, ds_add=(), ds_rem=(), ds_all=False,
                cl_trid: str = "", whole: bool = True) -> list[str]:
    lines = []
    if whole:
        lines += ['<?xml version="1.0" encoding="UTF-8" standalone="no"?>',
                  '<epp xmlns="urn:ietf:params:xml:ns:epp-1.0">', "  <command>", "    <update>"]
    ind = "      " if whole else ""
    lines.append(f'{ind}<domain:update xmlns:domain="urn:ietf:params:xml:ns:domain-1.0">')
    lines.append(f"{ind}  <domain:name>{domain}</domain:name>")
    for tag, hosts in (("add", add), ("rem", rem)):
        if hosts:
            lines += [f"{ind}  <domain:{tag}>", f"{ind}    <domain:ns>"]
            lines += [f"{ind}      <domain:hostObj>{h}</domain:hostObj>" for h in hosts]
            lines += [f"{ind}    </domain:ns>", f"{ind}  </domain:{tag}>"]
    lines.append(f"{ind}</domain:update>")
    if whole:
        lines.append("    </update>")
    if ds_add or ds_rem or ds_all:
        ext = "    " if whole else ""
        lines += ([f"{ext}<extension>"] if whole else []) + [
            f'{ext}  <secDNS:update xmlns:secDNS="urn:ietf:params:xml:ns:secDNS-1.1">']
        if ds_rem or ds_all:
            lines.append(f"{ext}    <secDNS:rem>")
            if ds_all:
                lines.append(f"{ext}      <secDNS:all>true</secDNS:all>")
            for rec in ds_rem:
                lines += _ds_data(rec, f"{ext}      ")
            lines.append(f"{ext}    </secDNS:rem>")
        if ds_add:
            lines.append(f"{ext}    <secDNS:add>")
            for rec in ds_add:
                lines += _ds_data(rec, f"{ext}      ")
            lines.append(f"{ext}    </secDNS:add>")
        lines.append(f"{ext}  </secDNS:update>")
        if whole:
            lines.append(f"{ext}</extension>")
    if whole:
        lines += [f"    <clTRID>{cl_trid}</clTRID>", "  </command>", "</epp>"]
    return lines


def _ds_data(record: str, ind: str) -> list[str]:
    tag, alg, dtype, digest = _ds_fields(record)
    return [f"{ind}<secDNS:dsData>", f"{ind}  <secDNS:keyTag>{tag}</secDNS:keyTag>",
            f"{ind}  <secDNS:alg>{alg}</secDNS:alg>", f"{ind}  <secDNS:digestType>{dtype}</secDNS:digestType>",
            f"{ind}  <secDNS:digest>{digest}</secDNS:digest>", f"{ind}</secDNS:dsData>"]


def _epp_refused(cl_trid: str, sv_trid: str) -> list[str]:
    return ['<?xml version="1.0" encoding="UTF-8"?>', '<epp xmlns="urn:ietf:params:xml:ns:epp-1.0">',
            "  <response>", '    <result code="2304">', "      <msg>Object status prohibits operation</msg>",
            "      <extValue>", '        <value><domain:status s="serverUpdateProhibited"/></value>',
            "        <reason>Registry Lock: changes are made by the registry on request</reason>",
            "      </extValue>", "    </result>",
            f"    <trID><clTRID>{cl_trid}</clTRID><svTRID>{sv_trid}</svTRID></trID>", "  </response>", "</epp>"]


def _hunk(lines: list[str]) -> tuple[int, int]:
    """The lengths of a unified diff's hunk on its old and its new side."""
    return sum(1 for x in lines if not x.startswith("+")), sum(1 for x in lines if not x.startswith("-"))


def _tf_list(name: str, cur: list[str], new: list[str], hide: bool) -> list[str]:
    """Terraform's in-place change of a list attribute: removed elements with "-", added with "+", the others
    unmarked, or hidden and counted."""
    out = [f"      ~ {name} = ["]
    kept = [h for h in cur if h in new]
    for h in cur:
        if h not in new:
            out.append(f'          - "{h}",')
    for h in new:
        if h not in cur:
            out.append(f'          + "{h}",')
    if hide and kept:
        out.append(f"            # ({len(kept)} unchanged element{'s' if len(kept) > 1 else ''} hidden)")
    else:
        out += [f'            "{h}",' for h in kept]
    out.append("        ]")
    return out


class MachineGenerator(Generator):
    clients = ("outlook", "gmail", "thunderbird", "apple_mail", "html_only", "system")

    def __init__(self, part: str, seed: int):
        super().__init__(part, seed)
        self.prefix = PREFIXES[seed]
        names = [(f"{place}-{suffix}-mc", org.format(place.capitalize())) for place in PLACES_HERE
                 for suffix, org in KINDS_HERE]
        self.rng.shuffle(names)
        self.free_names = names
        self.ambiguous_made = 0
        self.writer, self.client, self.person = WRITERS["fern"], "outlook", ""
        self.kw: dict[str, str] = {}

    def registry(self) -> dict:
        return {"registrars": REGISTRARS + REGISTRARS_HERE, "organisations": list(self.organisations.values())}

    # --- the registry file ----------------------------------------------------------------------------------------

    def _domains(self, registrar: str, count: int) -> list[DomainAsk]:
        rng = self.rng
        base, org = self.free_names.pop()
        stem = base[:-len("-mc")]
        names = ([base] + [f"{stem}-{x}-mc" for x in rng.sample(EXTRA_LABELS, 3)])[:count]
        contacts = [{"role": "security", "email": f"security@{base}.gov.uk",
                     "phone": f"+44 1632 96{rng.randrange(1000, 9999)}", "name": f"{org} Security Team"},
                    {"role": "technical", "email": f"ict@{base}.gov.uk"},
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

    def _fresh(self, ask: DomainAsk, n: int, kind: str | None = None) -> list[str]:
        while True:
            new = _provider(self.rng, kind or self.rng.choice(PROVIDERS), ask.domain)
            if kind == "inzone" or set(new) & set(ask.current_ns):
                new = [f"ns{i}.{ask.domain}" for i in self.rng.sample(range(3, 9), 4)]
            if len(new) >= n and not set(new) & set(ask.current_ns):
                return new[:n]

    def _move(self, ask: DomainAsk) -> list[str]:
        """A complete new set, none of its servers the domain's now."""
        while True:
            new = _provider(self.rng, self.rng.choice(PROVIDERS), ask.domain)
            if not set(new) & set(ask.current_ns):
                break
        if len(new) == 4 and self.rng.random() < 0.3:
            new = new[:2]
        ask.new_ns = list(new)
        return list(new)

    def _changes(self, ask: DomainAsk) -> tuple[list[str], list[str]]:
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
        return ask.add_ns, ask.remove_ns

    def _after(self, ask: DomainAsk) -> list[str]:
        return [h for h in ask.current_ns if h not in ask.remove_ns] + ask.add_ns

    def _new_ds(self, ask: DomainAsk) -> tuple[str, bool]:
        """A DS record for `ask`: beside the one it has (a rollover's first step) or in its place."""
        record = _ds(self.rng)
        if ask.current_ds and self.rng.random() < 0.4:
            ask.add_ds = [record]
            return record, True
        ask.new_ds = [record]
        return record, False

    # --- the words -------------------------------------------------------------------------------------------------

    def _terse(self, *extra: str) -> str:
        return self.rng.choice(["as below", "see below", "pls action", "please action, details below",
                                "pls see below and action", "fyi + pls action", "as below pls", *extra])

    def _subject(self, asks: list[DomainAsk], what: str = "NS change") -> str:
        names = ", ".join(a.domain for a in asks)
        pick = {"quay_bot": [f"[DomainOps] Action required: {names} - update held (registry lock)",
                             f"[DomainOps] Job {self.kw['job']} held: {names}"],
                "stack": [f"{what} {names}", f"{names} delegation (plan attached inline)", f"{names}"],
                "pell": [f"{names} - EPP 2304, pls update", f"Locked domain update: {names}",
                         f"{what}: {names}"],
                }.get(self.writer.key, [f"{what} - {names}", f"{names} {what.lower()}", f"RL change {names}",
                                        f"{names}"])
        return self.rng.choice(pick)

    # --- layouts: each gives (subject, blocks, attachment) ------------------------------------------------------------

    def _w_prose(self, asks):
        a, rng = asks[0], self.rng
        d = a.domain
        whois = ("pre", _whois(d, self.writer.registrar, a.current_ns, bool(a.current_ds)))
        if rng.random() < 0.55:
            new = self._move(a)
            listed = rng.choice([", ".join(new), " + ".join(new), " / ".join(new)])
            text = rng.choice([f"pls change NS for {d} to {listed}. whois as it stands:",
                               f"{d} moving DNS host. new NS: {listed}. current below.",
                               f"Need {d} delegated to {listed} pls (registry lock, can't do it our side). "
                               "Current whois:"])
        else:
            add, rem = self._changes(a)
            parts = []
            if rem:
                parts.append("drop " + ", ".join(rem))
            if add:
                parts.append("add " + ", ".join(add))
            if set(rem) == set(a.current_ns):
                text = rng.choice([f"{d}: pls {' and '.join(parts)}. whois for ref:",
                                   f"For {d} can you {' & '.join(parts)} - current below."])
            else:
                text = rng.choice([f"{d}: pls {' and '.join(parts)}. rest unchanged. whois for ref:",
                                   f"For {d} can you {' & '.join(parts)} - other NS stay as is. Current:"])
        return self._subject(asks), [("p", text), whois], None

    def _w_form(self, asks):
        a, rng = asks[0], self.rng
        d = a.domain
        if self.writer.key == "quay_bot":
            new = self._move(a)
            body = "\n".join([f"# quayctl domain update --file {d}.yaml", "apiVersion: domainops.quayline/v1",
                              "kind: DomainUpdate", "metadata:", f"  name: {d}", f"  job: {self.kw['job']}", "spec:",
                              "  nameservers:"] + [f"    - {h}" for h in new])
            return self._subject(asks), self._notice(asks, [("pre", body)], "YAML submitted"), None
        shape = rng.randrange(3)
        if shape == 0:  # the Ansible task that failed on the lock
            new = self._move(a)
            result = {"changed": False, "domain": d, "msg": "EPP 2304 Object status prohibits operation "
                      "(serverUpdateProhibited)", "nameservers": new}
            body = "\n".join([f"TASK [registrar : Set delegation for {d}] " + "*" * 40,
                              f"fatal: [localhost]: FAILED! => {json.dumps(result)}", "",
                              "PLAY RECAP " + "*" * 69,
                              "localhost                  : ok=4    changed=0    unreachable=0    failed=1    "
                              "skipped=0    rescued=0    ignored=0"])
            lead = rng.choice(["our playbook can't set this one (locked). pls apply:",
                               f"ansible run for {d} failed on the lock, values in the task output. pls action"])
            return self._subject(asks), [("p", lead), ("pre", body)], None
        if shape == 1:  # the host_vars file the playbook reads
            new = self._move(a)
            body = "\n".join([f"# host_vars/{d}.yml", f"registrar_domain: {d}", "registrar_nameservers:"]
                             + [f"  - {_dot(h) if rng.random() < 0.5 else h}" for h in new]
                             + [f"registrar_dnssec: {'true' if a.current_ds else 'false'}"])
            return self._subject(asks), [("p", self._terse("vars for the change below, pls set at registry")),
                                         ("pre", body)], None
        add, rem = self._changes(a)
        body = "\n".join([f"domain: {d}", "nameservers:"] + (["  remove:"] + [f"    - {h}" for h in rem] if rem
                                                             else []) + (["  add:"] + [f"    - {h}" for h in add]
                                                                         if add else []))
        return self._subject(asks), [("p", "change as YAML, rest of the NS set unchanged:"), ("pre", body)], None

    def _w_label_list(self, asks):
        a, rng = asks[0], self.rng
        d = a.domain
        ttl = rng.choice(["86400", "3600", "172800"])
        style = rng.randrange(3)
        if rng.random() < 0.75:
            new = self._move(a)
            lines = _zone_ns(d, new, ttl, style)
            if style == 1:
                lines = [f"$ORIGIN {d}."] + lines
            lead = rng.choice([f"{d} - delegation should be:", f"pls set {d} to match the apex NS in the new zone:",
                               "new NS, from the zone:"])
        else:
            a.add_ns = self._fresh(a, 1)
            lines = _zone_ns(d, a.add_ns, ttl, style if style != 1 else 0)
            lead = rng.choice([f"add to {d}, existing NS stay:", f"{d} new secondary, pls add to the current set:"])
        return self._subject(asks), [("p", lead), ("pre", "\n".join(lines))], None

    def _w_current_new_lists(self, asks):
        a, rng = asks[0], self.rng
        d = a.domain
        new = self._move(a) if rng.random() < 0.7 else self._after_changes(a)
        shape = rng.randrange(3)
        if shape == 0:  # dig +short as the state now, the new as a list
            blocks = [("p", rng.choice(["current:", "now:", "currently:"])), ("pre", _dig_short(rng, d, a.current_ns)),
                      ("p", rng.choice(["new:", "should be:", "change to:"])), ("pre", "\n".join(new))]
        elif shape == 1:  # a zone file's blocks, commented
            ttl = rng.choice(["86400", "3600"])
            body = "\n".join(["; current"] + _zone_ns(d, a.current_ns, ttl, 2) + ["", "; new"]
                             + _zone_ns(d, new, ttl, 2))
            blocks = [("p", f"{d}, {self._terse()}"), ("pre", body)]
        else:  # a full dig as the state now
            blocks = [("p", f"{d} currently delegated as below."), ("pre", _dig_full(rng, d, a.current_ns)),
                      ("p", "pls change to\n" + "\n".join(new))]
        return self._subject(asks), blocks, None

    def _after_changes(self, a: DomainAsk) -> list[str]:
        self._changes(a)
        return self._after(a)

    def _w_current_new_table(self, asks):
        a, rng = asks[0], self.rng
        d = a.domain
        style = rng.choice(["light", "light", "heavy", "ascii"])
        if rng.random() < 0.5:
            new = self._move(a)
            rows = []
            for i in range(max(len(new), len(a.current_ns))):
                cur = a.current_ns[i] if i < len(a.current_ns) else ""
                rows.append([d if i == 0 else "", cur, new[i] if i < len(new) else ""])
            head = ["domain", "current", "new"]
        else:
            add, rem = self._changes(a)
            rows = [[h, "remove" if h in rem else "keep"] for h in a.current_ns] + [[h, "add"] for h in add]
            head = ["nameserver", rng.choice(["action", "op"])]
        lead = rng.choice([f"{d} {self._terse()}", f"{self._terse()} ({d})", f"{d}:"])
        return self._subject(asks), [("p", lead), ("grid", head, rows, style)], None

    def _w_add_remove_table(self, asks):
        a, rng = asks[0], self.rng
        d = a.domain
        add, rem = self._changes(a)
        new = self._after(a)
        res = d.split(".")[0].replace("-", "_")
        shape = rng.randrange(3)
        if shape == 0:  # terraform
            hide = rng.random() < 0.5
            body = ["Terraform used the selected providers to generate the following execution plan. Resource "
                    "actions are", "indicated with the following symbols:", "  ~ update in-place", "",
                    "Terraform will perform the following actions:", "",
                    f"  # registrar_domain.{res} will be updated in-place",
                    f'  ~ resource "registrar_domain" "{res}" {{',
                    f'        id          = "{d}"', f'        name        = "{d}"']
            body += _tf_list("nameservers", a.current_ns, new, hide)
            body += ["        # (4 unchanged attributes hidden)", "    }", "",
                     "Plan: 0 to add, 1 to change, 0 to destroy."]
            lead = rng.choice(["plan below, apply fails on the lock. pls make the change at registry",
                               f"{d}: tf plan as below, pls action", "see plan. ta"])
        elif shape == 1:  # dnscontrol
            body = [f"******************** Domain: {d}", "----- Getting nameservers from: cloudflare",
                    "----- DNS Provider: cloudflare...0 corrections",
                    "----- Registrar: quayline...1 correction",
                    f"#1: Update nameservers {','.join(a.current_ns)} -> {','.join(new)}",
                    "Done. 1 corrections."]
            lead = rng.choice([f"dnscontrol preview for {d}. registrar push refused (locked), pls apply #1",
                               "pls action the registrar correction below"])
        else:  # octodns root NS
            body = ["*" * 80, f"* {d}.", "*" * 80, rng.choice(["* ns1 (Ns1Provider)", "* route53 (Route53Provider)",
                                                      "* gcore (GCoreProvider)"]), "*   Update",
                    f"*     <NsRecord NS 86400, {d}., {[_dot(h) for h in a.current_ns]}> ->",
                    f"*     <NsRecord NS 86400, {d}., {[_dot(h) for h in new]}> (config)",
                    "*   Summary: Creates=0, Updates=1, Deletes=0, Existing Records=14", "*" * 80]
            lead = rng.choice([f"octodns has updated the root NS in the zone for {d}, pls update the delegation "
                               "to match:", "root NS change from octodns-sync --doit, need the parent to match pls"])
        return self._subject(asks), [("p", lead), ("pre", "\n".join(body))], None

    def _w_portal(self, asks):
        a, rng = asks[0], self.rng
        d = a.domain
        shape = rng.randrange(3)
        if shape == 0:
            new = self._move(a)
            method, path, body = "PUT", f"/v2/domains/{d}/nameservers", {"nameservers": new}
        elif shape == 1:
            add, rem = self._changes(a)
            method, path = "PATCH", f"/v2/domains/{d}"
            body = {"nameservers": {k: v for k, v in (("add", add), ("remove", rem)) if v}}
        else:
            new = self._move(a)
            method, path, body = "PATCH", f"/v2/domains/{d}", [{"op": "replace", "path": "/nameservers",
                                                                 "value": new}]
        response = {"error": {"code": 2304, "message": "Object status prohibits operation",
                              "status": ["serverUpdateProhibited", "serverDeleteProhibited",
                                         "serverTransferProhibited"]},
                    "domain": {"name": d, "nameservers": a.current_ns, "dnssec": bool(a.current_ds)}}
        paste = [f"{method} https://api.quayline.example{path}",
                 "Content-Type: application/json", "", json.dumps(body, indent=2), "",
                 "HTTP/1.1 409 Conflict", json.dumps(response, indent=2)]
        return self._subject(asks), self._notice(asks, [("pre", "\n".join(paste))], "request and response"), None

    def _notice(self, asks, paste: list, what: str) -> list:
        """The registrar's system's notice of a held update, sent by itself, or forwarded by a person."""
        d = ", ".join(x.domain for x in asks)
        job = self.kw["job"]
        inner = [("p", f"DomainOps change notification\nJob: {job}\nDomain(s): {d}\n"
                       "Status: HELD - registry lock (serverUpdateProhibited)"),
                 ("p", "The update below could not be completed automatically because the domain is locked at the "
                       f"registry. The registry has been sent this notice so that it can apply the update. "
                       f"{what[0].upper() + what[1:]} below."),
                 *paste,
                 ("p", "--\nQuayline DomainOps - automated message. Replies to this address are not read; for "
                       "queries write to dns-support@quayline.example quoting the job number.\nQuayline Registrar "
                       "Ltd, registered in England and Wales no. 08765432.")]
        if self.writer.key == "quay_bot":
            return inner
        return [("p", self._terse("pls action the held job below", "see below - can you apply pls")),
                ("p", f"{self.person.split()[0]}"), ("sig", self._signature()),
                ("fwd", "Quayline DomainOps <noreply-domainops@quayline.example>",
                 f"[DomainOps] Job {job} held: {d}", inner)]

    def _w_replace(self, asks):
        a, rng = asks[0], self.rng
        d = a.domain
        add, rem = self._changes(a)
        new = self._after(a)
        shape = rng.randrange(3)
        kept = [h for h in a.current_ns if h in new]
        if shape == 0:  # git diff of the zone, the serial's change beside the servers'
            path = f"zones/{d}.zone"
            lines = [" $TTL 3600", f" @\tIN\tSOA\t{_dot(a.current_ns[0])} hostmaster.{d}. (",
                     f"-\t\t\t20261119{rng.randrange(10, 99)}\t; serial", "+\t\t\t2026112701\t; serial",
                     " \t\t\t3600 900 1209600 300 )"]
            lines += [f"-@\tIN\tNS\t{_dot(h)}" for h in rem] + [f" @\tIN\tNS\t{_dot(h)}" for h in kept] + \
                [f"+@\tIN\tNS\t{_dot(h)}" for h in add] + [" @\tIN\tMX\t10 mail.protection.outlook.example."]
            old_n, new_n = _hunk(lines)
            head = [f"diff --git a/{path} b/{path}", f"index {rng.getrandbits(28):07x}..{rng.getrandbits(28):07x} "
                    "100644", f"--- a/{path}", f"+++ b/{path}", f"@@ -1,{old_n} +1,{new_n} @@"]
            lead = rng.choice([f"see diff. zone for {d} already live on the new set, pls update delegation to match",
                               f"{d} - delegation to follow the zone change below pls"])
        elif shape == 1:  # diff -u of a delegation file
            lines = [f"-{h}" for h in rem] + [f" {h}" for h in kept] + [f"+{h}" for h in add]
            head = [f"--- {d}.ns.orig\t2026-11-26 16:02:11.481920133 +0000",
                    f"+++ {d}.ns\t2026-11-27 08:47:39.220418761 +0000",
                    f"@@ -1,{len(a.current_ns)} +1,{len(new)} @@"]
            lead = rng.choice(["diff -u of what we hold for the delegation, pls action", f"{d} see diff"])
        else:  # a git diff of terraform
            res = d.split(".")[0].replace("-", "_")
            lines = [f' resource "registrar_domain" "{res}" {{', f'   name = "{d}"', "   nameservers = ["] + \
                [f'-    "{h}",' for h in rem] + [f'     "{h}",' for h in kept] + [f'+    "{h}",' for h in add] + \
                ["   ]", " }"]
            at, (old_n, new_n) = rng.randrange(20, 200), _hunk(lines)
            head = ["diff --git a/domains.tf b/domains.tf",
                    f"index {rng.getrandbits(28):07x}..{rng.getrandbits(28):07x} 100644", "--- a/domains.tf",
                    "+++ b/domains.tf",
                    f"@@ -{at},{old_n} +{at},{new_n} @@ resource \"registrar_domain\" \"{res}\" {{"]
            lead = rng.choice(["merged, but the apply is blocked by the registry lock - pls make this change:",
                               f"PR for {d} approved, pls action (diff below)"])
        return self._subject(asks), [("p", lead), ("pre", "\n".join(head + lines))], None

    def _w_epp(self, asks, with_ds: bool = False):
        a, rng = asks[0], self.rng
        d = a.domain
        add, rem = self._changes(a) if not with_ds or rng.random() < 0.4 else ([], [])
        ds_add, ds_rem = [], []
        if with_ds or rng.random() < 0.2:
            record, beside = self._new_ds(a)
            ds_add = [record]
            ds_rem = [] if beside else list(a.current_ds)
        trid = f"PLC-{rng.randrange(100000, 999999)}"
        whole = rng.random() < 0.6
        xml = _epp_update(d, add, rem, ds_add=ds_add, ds_rem=ds_rem, cl_trid=trid, whole=whole)
        if whole and rng.random() < 0.6:  # as the client's log prints it, with the registry's answer
            t = _stamp(rng, 41, iso=False)
            ms = int(t[-3:])
            body = [f"{t} DEBUG [epp-client] >>> C: update domain {d}"] + xml + \
                [f"{t[:-3]}{min(ms + 180, 997):03d} DEBUG [epp-client] <<< S:"] + \
                _epp_refused(trid, f"RL-{rng.randrange(10**7, 10**8)}") + \
                [f"{t[:-3]}{min(ms + 182, 999):03d} ERROR [epp-client] update {d} failed: 2304"]
            lead = rng.choice([f"{d} - refused by the lock, pls apply. log:",
                               "Hi, as below - our update bounced with 2304. can you make the change pls"])
        else:
            body = xml
            lead = rng.choice([f"update for {d}, pls action:", "pls process (locked):",
                               f"{d}: the update we would have sent -"])
        return self._subject(asks), [("p", lead), ("pre", "\n".join(body))], None

    def _w_csv(self, asks):
        a, rng = asks[0], self.rng
        d = a.domain
        ticket = f"BH-{rng.randrange(20000, 29999)}"
        if rng.random() < 0.5:
            add, rem = self._changes(a)
            rows = [["domain", "action", "nameserver", "requested_by", "ticket"]]
            rows += [[d, "remove", h, "gwen.hart", ticket] for h in rem] + [[d, "add", h, "gwen.hart", ticket]
                                                                            for h in add]
        else:
            new = self._move(a)
            rows = [["domain", "nameservers", "dnssec", "ticket"], [d, ",".join(new), "unchanged", ticket]]
        data = "\ufeff" + "\r\n".join(",".join(f'"{c}"' for c in r) for r in rows) + "\r\n"
        name = rng.choice([f"ns_changes_20261127_{ticket}.csv", "export.csv", f"{d.split('.')[0]}.csv"])
        lead = rng.choice(["pls action attached", f"{d} - csv attached, pls action. ta",
                           "Export from our bulk tool attached (1 domain)."])
        blocks = [("p", lead)]
        if self.writer.key == "quay_bot":
            return self._subject(asks), self._notice(asks, [("p", f"Attached: {name}")], "rows of the job"), \
                (name, data)
        return self._subject(asks), blocks, (name, data)

    def _w_multi_domain(self, asks):
        rng = self.rng
        shape = rng.randrange(3)
        same = rng.random() < 0.5
        if same:
            new = self._move(asks[0])
            while any(set(new) & set(x.current_ns) for x in asks):
                new = self._move(asks[0])
            for x in asks:
                x.new_ns = list(new)
        else:
            for x in asks:
                self._move(x)
        if shape == 0 or self.writer.key == "quay_bot":  # the API job, one result a domain
            results = [{"domain": x.domain, "status": "held", "reason": "serverUpdateProhibited",
                        "requested": {"nameservers": x.new_ns}, "current": {"nameservers": x.current_ns}}
                       for x in asks]
            if rng.random() < 0.35:  # the new host signs the first domain: its DS goes with the move
                record = _ds(rng)
                asks[0].new_ds = [record]
                tag, alg, dtype, digest = _ds_fields(record)
                results[0]["requested"]["ds_records"] = [{"key_tag": tag, "algorithm": alg, "digest_type": dtype,
                                                          "digest": digest}]
                results[0]["current"]["ds_records"] = [dict(zip(("key_tag", "algorithm", "digest_type", "digest"),
                                                                _ds_fields(r))) for r in asks[0].current_ds]
            job = {"job": self.kw["job"], "type": "bulk_nameserver_update", "results": results}
            paste = [("pre", json.dumps(job, indent=2))]
            if self.writer.key == "quay_bot":
                return self._subject(asks), self._notice(asks, paste, "job's results"), None
            return self._subject(asks), [("p", "bulk job held on all of these, pls apply the requested sets")] + \
                paste, None
        if shape == 1:  # a sync job's log
            lines = []
            for i, x in enumerate(asks):
                t = _stamp(rng, 30 + i)
                lines.append(f"{t} ERROR ns-sync domain={x.domain} want=[{','.join(x.new_ns)}] "
                             f"have=[{','.join(x.current_ns)}] err=\"2304 Object status prohibits operation\"")
            lines.append(f"{_stamp(rng, 33)} INFO ns-sync run complete ok=0 failed={len(asks)}")
            return self._subject(asks), [("p", "nightly sync can't push these (registry lock). pls set each to "
                                               "its want= list:"), ("pre", "\n".join(lines))], None
        rows = [[x.domain, ", ".join(x.new_ns)] for x in asks]
        return self._subject(asks), [("p", f"{asks[0].organisation} - {self._terse()}"),
                                     ("grid", ["domain", "new nameservers"], rows,
                                      rng.choice(["light", "ascii"]))], None

    def _w_ds(self, asks):
        a, rng = asks[0], self.rng
        d = a.domain
        if self.writer.key == "pell":
            return self._w_epp(asks, with_ds=True)
        goes = a.current_ds and rng.random() < 0.2
        if goes:  # going unsigned
            a.new_ds = []
            if self.writer.key == "quay_bot":
                paste = [("pre", f"DELETE https://api.quayline.example/v2/domains/{d}/dnssec\n\nHTTP/1.1 409 "
                                 "Conflict\n" + json.dumps({"error": {"code": 2304, "message":
                                                                     "Object status prohibits operation"}}))]
                return self._subject(asks, "DNSSEC"), self._notice(asks, paste, "request and response"), None
            tag = a.current_ds[0].split()[0]
            return self._subject(asks, "DNSSEC off"), [("p", f"{d} moving to a host without DNSSEC. pls remove "
                                                             f"the DS (key tag {tag}) so it goes insecure.")], None
        record, beside = self._new_ds(a)
        tag, alg, dtype, digest = _ds_fields(record)
        note = "add alongside the existing DS (rollover), don't remove the old one yet" if beside else \
            ("replaces the current DS" if a.current_ds else "")
        if self.writer.key == "quay_bot":
            body = {"dnssec": {"ds_records": [{"key_tag": tag, "algorithm": alg, "digest_type": dtype,
                                               "digest": digest}], "mode": "append" if beside else "replace"}}
            paste = [("pre", f"PATCH https://api.quayline.example/v2/domains/{d}\n\n{json.dumps(body, indent=2)}"
                             "\n\nHTTP/1.1 409 Conflict")]
            return self._subject(asks, "DS"), self._notice(asks, paste, "request"), None
        shape = rng.randrange(3)
        if shape == 0:  # the DNS host's API answer
            res = {"result": {"algorithm": str(alg), "digest": digest.lower(), "digest_algorithm": "SHA256"
                              if dtype == 2 else "SHA384", "digest_type": str(dtype),
                              "ds": f"{d}. 3600 IN DS {tag} {alg} {dtype} {digest}", "flags": 257,
                              "key_tag": tag, "key_type": "ECDSAP256SHA256" if alg == 13 else "RSASHA256",
                              "status": "pending"}, "success": True, "errors": [], "messages": []}
            blocks = [("p", f"DS for {d} from the host's API{', ' + note if note else ''}:"),
                      ("pre", json.dumps(res, indent=2))]
        elif shape == 1:  # gcloud
            blocks = [("p", f"{d} signed. {note + '. ' if note else ''}ds below"),
                      ("pre", f"$ gcloud dns dns-keys list --zone={d.split('.')[0]} --filter=type=keySigning "
                              f"--format='value(ds_record())'\n{tag} {alg} {dtype} {digest.lower()}")]
        else:  # a signer's log line
            blocks = [("p", self._terse() + (f" ({note})" if note else "")),
                      ("pre", f"{_stamp(rng, 12)} INFO signer: zone={d} ksk={tag} state=ready "
                              f"ds=\"{tag} {alg} {dtype} {digest}\" action=publish-at-parent")]
        return self._subject(asks, "DS"), blocks, None

    # --- the ambiguous on purpose ------------------------------------------------------------------------------------

    def _w_ambiguous(self, asks, shape: int):
        rng, a = self.rng, asks[0]
        d, cur = a.domain, a.current_ns
        one, two = self._fresh(a, 2), self._fresh(a, 2, "cloudflare")
        if shape == 0:  # the diff and the sentence disagree
            lines = [f"--- {d}.ns.orig", f"+++ {d}.ns", f"@@ -1,{len(cur)} +1,{len(cur) + 1} @@"] + \
                [f" {h}" for h in cur] + [f"+{one[0]}"]
            return self._subject(asks), [("p", f"pls add {one[1]} to {d}, see diff"), ("pre", "\n".join(lines))], \
                None
        if shape == 1:  # the payload and the sentence differ
            body = json.dumps({"nameservers": one}, indent=2)
            return self._subject(asks), [("p", f"{d} should go to {', '.join(two)}. payload we tried:"),
                                         ("pre", f"PUT /v2/domains/{d}/nameservers\n{body}")], None
        if shape == 2:  # dig output and "please fix"
            return self._subject(asks), [("pre", _dig_short(rng, d, cur)), ("p", "please fix")], None
        if shape == 3:  # a plan that destroys
            res = d.split(".")[0].replace("-", "_")
            body = [f"  # registrar_domain.{res} will be destroyed", f'  - resource "registrar_domain" "{res}" {{',
                    f'      - id          = "{d}" -> null', "      - nameservers = ["]
            body += [f'          - "{h}",' for h in cur] + ["        ] -> null", "    }", "",
                                                             "Plan: 0 to add, 0 to change, 1 to destroy."]
            return self._subject(asks), [("p", f"{d} - plan below, apply refused. pls action"),
                                         ("pre", "\n".join(body))], None
        if shape == 4:  # removing a server the domain does not have
            xml = _epp_update(d, [one[0]], [two[0]], cl_trid=f"PLC-{rng.randrange(10**5, 10**6)}")
            return self._subject(asks), [("p", f"update for {d}, pls action:"), ("pre", "\n".join(xml))], None
        if shape == 5:  # a CSV with two sets for one domain
            rows = [["domain", "nameservers", "ticket"], [d, ",".join(one), "BH-20417"], [d, ",".join(two),
                                                                                          "BH-20452"]]
            data = "\ufeff" + "\r\n".join(",".join(f'"{c}"' for c in r) for r in rows) + "\r\n"
            return self._subject(asks), [("p", "pls action attached")], ("export.csv", data)
        if shape == 6:  # a log of two attempts
            lines = [f"{_stamp(rng, 20)} ERROR ns-sync domain={d} want=[{','.join(one)}] err=\"2304\"",
                     f"{_stamp(rng, 50)} ERROR ns-sync domain={d} want=[{','.join(two)}] err=\"2304\""]
            return self._subject(asks), [("p", "sync failing, pls set"), ("pre", "\n".join(lines))], None
        if shape == 7:  # "new" records it has already
            body = "\n".join(["; current"] + _zone_ns(d, cur, "86400", 2) + ["", "; new"]
                             + _zone_ns(d, cur, "3600", 2))
            return self._subject(asks), [("p", f"{d}, as below"), ("pre", body)], None
        if shape == 8:  # a diff leaving one server
            lines = [f"--- a/{d}.ns", f"+++ b/{d}.ns", f"@@ -1,{len(cur)} +1,1 @@", f" {cur[0]}"] + \
                [f"-{h}" for h in cur[1:]]
            return self._subject(asks), [("p", "see diff"), ("pre", "\n".join(lines))], None
        other = self._domains(self.writer.registrar, 1)[0]  # a payload for another domain
        body = json.dumps({"domain": other.domain, "nameservers": one}, indent=2)
        return self._subject(asks), [("p", f"pls update {d} as below"), ("pre", body)], None

    # --- a month of mail --------------------------------------------------------------------------------------------

    def make(self, requests: int) -> Corpus:
        """The requests in decks of 40 (the layouts shuffled, the 20th and 40th ambiguous on purpose), then the
        thread mails on them."""
        rng = self.rng
        mails: list[Mail] = []
        for start in range(0, requests, 40):
            layouts = [name for name, n in LAYOUT_SHARE.items() for _ in range(n)]
            rng.shuffle(layouts)
            for j in range(min(40, requests - start)):
                k = j - sum(1 for x in AMBIGUOUS_AT if x < j)
                layout = "ambiguous" if j in AMBIGUOUS_AT else layouts[k]
                mails.append(self.request(f"{self.prefix}{start + j:04d}", layout, ""))
        made = [m for m in mails if m.kind == "request"]
        asked = [m for m in mails if m.kind == "ambiguous"]
        for k in range(max(60, requests // 6)):
            target = rng.choice(made if k % 5 or not asked else asked)
            kind = "reply" if k % 6 < 4 else "automatic" if k % 6 == 4 else "bounce"
            mails.append(self._thread(f"{self.prefix}r{k:03d}", kind, target))
        return Corpus(self.part, self.registry(), mails)

    def request(self, mid: str, layout: str, client: str) -> Mail:
        rng = self.rng
        shape = None
        if layout == "ambiguous":
            shape = self.ambiguous_made % AMBIGUOUS_SHAPES
            self.ambiguous_made += 1
            key = {0: "fern", 1: "quay", 2: "fern", 3: "stack", 4: "pell", 5: "brind", 6: "stack", 7: "fern",
                   8: "fern", 9: "stack"}[shape]
        else:
            key = rng.choice(LAYOUT_WRITERS[layout])
        w = WRITERS[key]
        self.writer, self.person = w, rng.choice(w.people)
        self.client = "system" if key == "quay_bot" else rng.choice(PERSON_CLIENTS)
        self.kw = {"job": f"DO-{rng.randrange(4000000, 4999999)}"}
        count = rng.choice([2, 3]) if layout == "multi_domain" else 1
        asks = self._domains(w.registrar, count)
        if shape is not None:
            subject, blocks, attachment = self._w_ambiguous(asks, shape)
        else:
            subject, blocks, attachment = getattr(self, "_w_" + layout)(asks)
        fwd = next((b for b in blocks if b[0] == "fwd"), None)
        if fwd is not None:
            subject = {"outlook": "FW: ", "thunderbird": "Fwd: ", "apple_mail": "Fwd: "}.get(self.client, "Fwd: ") + \
                fwd[2]
        body = self._body(blocks)
        raw, said, charset, encoding = self._mime(mid, subject, body, attachment)
        truth = "asked" if shape is not None else {a.domain: a.truth() for a in asks}
        return Mail(mid, "ambiguous" if shape is not None else "request", layout, self.client, charset, encoding,
                    w.sender, truth, raw, said=said, seed=self.seed)

    # --- frames ----------------------------------------------------------------------------------------------------

    def _body(self, blocks: list) -> list:
        if self.writer.key == "quay_bot" or any(b[0] == "fwd" for b in blocks):
            return blocks
        rng = self.rng
        opening = rng.choice(["", "", "Hi,", "Hi all,", "Morning,"])
        closing = rng.choice(["", "ta", "thx", "Thanks", "Cheers", "Regards"])
        name = self.person.split()[0] if rng.random() < 0.6 else self.person
        return ([("p", opening)] if opening else []) + blocks + \
            [("p", f"{closing}\n{name}" if closing else name), ("sig", self._signature())]

    def _signature(self) -> str:
        w = self.writer
        lines = {"quay": ["DNS Support | Quayline Registrar Ltd", "+44 1632 960 118"],
                 "fern": ["Hostmaster, Fernhill Internet", "AS64500 | NOC 24/7: +44 1632 960 402"],
                 "stack": ["Platform Engineering", "Stackyard Networks Ltd"],
                 "pell": ["Pellucid Domains - Registry Operations", "EPP/RRP support: epp-ops@pellucid.example"],
                 "brind": ["Operations", "Brindle & Hart Registrars"]}.get(w.key, [])
        sig = "\n".join([self.person] + lines)
        return ("-- \n" if self.client in ("thunderbird", "gmail") else "") + sig

    # --- plain text and HTML ---------------------------------------------------------------------------------------

    def _plain(self, blocks: list) -> str:
        out = []
        for block in blocks:
            kind = block[0]
            if kind in ("p", "sig", "pre"):
                out.append(block[1])
            elif kind == "grid":
                out.append(_box(block[1], block[2], block[3]))
            else:
                out.append(self._fwd_plain(block[1], block[2], self._plain(block[3])))
        return "\n\n".join(x for x in out if x)

    def _fwd_plain(self, who: str, subject: str, text: str) -> str:
        if self.client == "outlook":
            return f"From: {who}\nSent: 27 November 2026 08:31\nTo: DNS Support\nSubject: {subject}\n\n{text}"
        if self.client == "apple_mail":
            return f"Begin forwarded message:\n\nFrom: {who}\nSubject: {subject}\nDate: 27 November 2026 at " \
                   f"08:31:12 GMT\nTo: DNS Support\n\n{text}"
        if self.client == "thunderbird":
            return f"-------- Forwarded Message --------\nSubject: \t{subject}\nDate: \tFri, 27 Nov 2026 08:31:12 " \
                   f"+0000\nFrom: \t{who}\nTo: \tdns-support@quayline.example\n\n\n{text}"
        return f"---------- Forwarded message ---------\nFrom: {who}\nDate: Fri, 27 Nov 2026 at 08:31\nSubject: " \
               f"{subject}\nTo: <dns-support@quayline.example>\n\n\n{text}"

    def _mono(self, text: str) -> str:
        """A monospace paste in the client's HTML."""
        lines = text.split("\n")

        def cell(line: str) -> str:
            return escape(line).replace("\t", "&nbsp;" * 4).replace("  ", "&nbsp; ") or "&nbsp;"
        if self.client == "outlook":
            return "".join(f"<p class=MsoNormal><span style='font-family:\"Courier New\";font-size:10.0pt'>"
                           f"{cell(x)}</span></p>" for x in lines)
        if self.client == "gmail":
            return "".join(f'<div><font face="monospace">{cell(x)}</font></div>' for x in lines)
        if self.client == "apple_mail":
            return "".join(f'<div><font face="Menlo" style="font-size: 11px;">{cell(x)}</font></div>' for x in lines)
        return f"<pre>{escape(text)}</pre>"

    def _html(self, blocks: list) -> str:
        para = {"outlook": "<p class=MsoNormal>{}</p>", "gmail": "<div>{}</div>", "apple_mail": "<div>{}</div>"}.get(
            self.client, "<p>{}</p>")
        out = []
        for block in blocks:
            kind = block[0]
            if kind in ("p", "sig"):
                out.append(para.format("<br>".join(escape(x) for x in block[1].split("\n"))))
            elif kind == "pre":
                out.append(self._mono(block[1]))
            elif kind == "grid":
                if self.client == "html_only":  # a code-formatted table
                    cells = "".join(f"<th><code>{escape(h)}</code></th>" for h in block[1])
                    rows = "".join("<tr>" + "".join(f"<td><code>{escape(c)}</code></td>" for c in r) + "</tr>"
                                   for r in block[2])
                    out.append(f'<table border="1" cellpadding="4" style="border-collapse:collapse;font-family:'
                               f'monospace"><tr>{cells}</tr>{rows}</table>')
                else:
                    out.append(self._mono(_box(block[1], block[2], block[3])))
            else:
                inner = self._html(block[3])
                who, subject = escape(block[1]), escape(block[2])
                if self.client == "outlook":
                    out.append(f'<div style="border:none;border-top:solid #E1E1E1 1.0pt"><p class=MsoNormal><b>From:'
                               f"</b> {who}<br><b>Sent:</b> 27 November 2026 08:31<br><b>To:</b> DNS Support<br>"
                               f"<b>Subject:</b> {subject}</p></div>{inner}")
                elif self.client == "apple_mail":
                    out.append(f'<div><br><blockquote type="cite"><div>Begin forwarded message:</div><div><b>From: '
                               f"</b>{who}<br><b>Subject: </b>{subject}</div><br>{inner}</blockquote></div>")
                else:
                    out.append(f'<div class="gmail_quote"><div dir="ltr" class="gmail_attr">---------- Forwarded '
                               f"message ---------<br>From: {who}<br>Subject: {subject}<br></div><br>{inner}</div>")
            out.append(para.format("<br>") if self.client != "html_only" else "")
        return "".join(out)

    def _document(self, inner: str) -> str:
        if self.client == "outlook":
            return ('<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta http-equiv="Content-Type" '
                    'content="text/html; charset=%CHARSET%"><style>p.MsoNormal{margin:0cm;font-size:11.0pt;'
                    'font-family:"Aptos"}</style></head><body lang="EN-GB"><div class="WordSection1">'
                    f"{inner}</div></body></html>")
        if self.client == "gmail":
            return f'<div dir="ltr">{inner}</div>'
        if self.client == "apple_mail":
            return ('<html><head><meta http-equiv="content-type" content="text/html; charset=%CHARSET%"></head>'
                    f'<body style="overflow-wrap: break-word;">{inner}</body></html>')
        return ('<!DOCTYPE html><html><head><meta charset="%CHARSET%"></head><body style="font-family:Arial,'
                f'sans-serif;font-size:13px">{inner}</body></html>')

    # --- the MIME --------------------------------------------------------------------------------------------------

    def _mime(self, mid: str, subject: str, body: list, attachment) -> tuple[bytes, str, str, str]:
        rng, client = self.rng, self.client
        plain = "\n".join(x if x == "-- " else x.rstrip() for x in self._plain(body).split("\n")) + "\n"
        said = plain
        html = self._document(self._html(body))
        system_html = client == "system" and rng.random() < 0.4
        charset = rng.choice({"outlook": ["utf-8", "windows-1252", "iso-8859-1"], "gmail": ["utf-8", "utf-8"],
                              "thunderbird": ["utf-8", "iso-8859-1"], "system": ["utf-8", "us-ascii"]}.get(
            client, ["utf-8"]))
        try:
            (plain + html).encode(charset)
        except UnicodeEncodeError:
            charset = "utf-8"
        if system_html:
            html = ('<html><body style="font-family:Helvetica,Arial,sans-serif"><h3>DomainOps change notification'
                    f"</h3><pre style=\"background:#f4f4f4;padding:8px\">{escape(plain)}</pre></body></html>")
        plain, html = _fit(plain, charset), _fit(html.replace("%CHARSET%", charset), charset)
        encoding = rng.choice({"outlook": ["quoted-printable", "base64"], "gmail": ["quoted-printable", "base64"],
                               "thunderbird": ["8bit", "quoted-printable"], "apple_mail": ["quoted-printable"],
                               "html_only": ["base64", "quoted-printable"],
                               "system": ["7bit", "quoted-printable"]}.get(client, ["quoted-printable"]))
        if encoding == "7bit" and charset != "us-ascii":
            encoding = "quoted-printable"
        msg = EmailMessage()
        self._headers(msg, mid, subject)
        if client == "html_only":
            msg.set_content(html, subtype="html", charset=charset, cte=encoding)
        else:
            if client == "thunderbird":  # format=flowed: a line opening with a space, "From " or ">" is stuffed
                plain = "\n".join(" " + x if x.startswith((" ", "From ", ">")) else x for x in plain.split("\n"))
            msg.set_content(plain, charset=charset, cte=encoding,
                            params={"format": "flowed"} if client == "thunderbird" else None)
            if client not in ("thunderbird", "system") or system_html:
                msg.add_alternative(html, subtype="html", charset=charset, cte=encoding)
        if attachment is not None:
            name, data = attachment
            msg.add_attachment(data.encode("utf-8"), maintype="text", subtype="csv", filename=name)
        return msg.as_bytes(), _fit(said, charset), charset, encoding

    def _headers(self, msg: EmailMessage, mid: str, subject: str) -> None:
        rng, w, client = self.rng, self.writer, self.client
        host = w.sender.partition("@")[2]
        display = "Quayline DomainOps" if client == "system" else rng.choice([self.person,
                                                                              f"{self.person} ({w.registrar})"])
        msg["From"] = f'"{display}" <{w.sender}>'
        msg["To"] = rng.choice([BOT, f'".gov.uk Registry Lock" <{BOT}>'])
        msg["Subject"] = subject
        msg["Date"] = DATE.format(8 + rng.randrange(0, 3), rng.randrange(60))
        msg["Message-ID"] = f"<{mid}.{rng.getrandbits(40):x}@{host}>"
        if client == "outlook":
            msg["X-Mailer"] = "Microsoft Outlook 16.0"
        elif client == "thunderbird":
            msg["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Thunderbird/128.5.1"
        elif client == "apple_mail":
            msg["X-Mailer"] = "Apple Mail (2.3826.300.87.4.3)"
        elif client == "system":
            msg["Auto-Submitted"] = "auto-generated"
            msg["X-Quayline-Job"] = self.kw["job"]
            msg["Reply-To"] = "dns-support@quayline.example"

    # --- thread mails ----------------------------------------------------------------------------------------------

    def _thread(self, mid: str, kind: str, target: Mail) -> Mail:
        rng = self.rng
        client = {"system": "outlook"}.get(target.client, target.client)
        sender = "dns-support@quayline.example" if target.client == "system" else target.sender
        charset, encoding = rng.choice(["utf-8", "iso-8859-1"]), rng.choice(["quoted-printable", "base64", "8bit"])
        if kind == "reply":
            said = rng.choice(["confirmed, pls go ahead", "yes that's right", "ta", "Correct - approved our side.",
                               "yep, go ahead. thx"])
        elif kind == "automatic":
            said = rng.choice(["I'm on leave until Monday 30 November. For urgent DNS issues call the NOC.",
                               f"Your message has been received and logged as ticket {rng.randrange(10000, 99999)}."])
        else:
            said = f"delivery to {sender} failed"
            sender = "MAILER-DAEMON@mx." + sender.partition("@")[2]
        return Mail(mid, kind, kind if kind != "reply" else said[:24], client, charset, encoding, sender, kind, None,
                    thread_of=target.id, said=said, seed=self.seed)
