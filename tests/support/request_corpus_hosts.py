"""Seed 20 of the request corpus: requests written by DNS engineers moving locked domains between DNS hosts.

The writers run zones for a living, at a registrar or on its behalf: they move domains between Cloudflare, AWS Route
53, Azure DNS, NS1, Google Cloud DNS, UltraDNS, Jisc, Gandi and in-house BIND, and run DNSSEC. They paste what their
tools print (`dig +short NS`, full answer sections, zone-file `IN NS` and `IN DS` lines, `dnssec-dsfromkey` output,
a provider's console, EPP XML with its secDNS extension), write tersely or chattily, in British English or as
non-native speakers, with glue addresses after in-house name servers, trailing dots and capitals. The asks are
theirs: a move to a new host, a secondary added or retired, a key rollover in one step or two, an algorithm
rollover, going unsigned before a move, several zones of one organisation moved at once, and CSV or TSV files of
their own columns. The organisations are this seed's own (domains ending in -dh), and so are the current records
the requests are read against: a domain may be signed with one DS or, mid-rollover, two.

Written by someone who has read request_corpus.py and nothing of the reader or of the other seeds' generators.
"""

from __future__ import annotations

import base64
import random

from tests.support.request_corpus import PLACES, REGISTRARS, TICKET_SENDER, ZONE, DomainAsk, Generator, Mail

KINDS = [("", "{} Harbour Commissioners"), ("-idb", "{} Internal Drainage Board"), ("-cor", "{} Coroner Service"),
         ("-jwa", "{} Joint Waste Authority"), ("-ro", "{} Record Office"), ("-sict", "{} Shared ICT Partnership"),
         ("-lty", "{} Lieutenancy"), ("-crem", "{} Crematorium Joint Committee"), ("-als", "{} Adult Learning Service"),
         ("-sfc", "{} Sea Fisheries Committee")]
HOSTS = ("cloudflare", "route53", "azure", "ns1", "google", "ultradns", "jisc", "gandi", "bind")
NAMES = {"cloudflare": "Cloudflare", "route53": "Route 53", "azure": "Azure DNS", "ns1": "NS1",
         "google": "Google Cloud DNS", "ultradns": "UltraDNS", "jisc": "Jisc", "gandi": "Gandi",
         "bind": "our own BIND servers"}
CF = ["aida", "arch", "bart", "cody", "dee", "ezra", "faye", "gus", "hera", "igor", "june", "kai", "lia", "milo",
      "noor", "otto", "pam", "quinn", "ray", "seth", "tia", "ugo", "vik", "wes", "yara", "zed"]
ALGS = {8: "RSASHA256", 13: "ECDSAP256SHA256", 14: "ECDSAP384SHA384", 15: "ED25519"}
DIGESTS = {2: "SHA-256", 4: "SHA-384"}


def _servers(rng: random.Random, host: str, domain: str, primary: str) -> list[str]:
    """A DNS host's name servers for one zone, as its console shows them."""
    if host == "cloudflare":
        return [f"{n}.ns.cloudflare.com" for n in rng.sample(CF, 2)]
    if host == "route53":
        tlds = ["org", "co.uk", "com", "net"]
        rng.shuffle(tlds)
        return [f"ns-{rng.randrange(2048)}.awsdns-{rng.randrange(64):02d}.{t}" for t in tlds]
    if host == "azure":
        k = rng.randrange(1, 40)
        return [f"ns{i}-{k:02d}.azure-dns.{t}" for i, t in enumerate(("com", "net", "org", "info"), 1)]
    if host == "ns1":
        k = rng.randrange(1, 100)
        return [f"dns{i}.p{k:02d}.nsone.net" for i in range(1, 5)]
    if host == "google":
        letter = rng.choice("abcde")
        return [f"ns-cloud-{letter}{i}.googledomains.com" for i in range(1, 5)]
    if host == "ultradns":
        n = rng.randrange(100, 400)
        return [f"pdns{n}.ultradns.{t}" for t in ("net", "com", "biz", "org")]
    if host == "jisc":
        return [f"auth{i}.jiscdns.example.net" for i in rng.choice([(1, 2), (1, 2, 3)])]
    if host == "gandi":
        n = rng.randrange(1, 300)
        return [f"ns-{n}-{x}.gandi.net" for x in "abc"]
    under = rng.choice([domain, domain, primary])
    return [f"{p}.{under}" for p in rng.choice([("ns1", "ns2"), ("ns0", "ns1", "ns2"), ("dns1", "dns2"),
                                                ("ns-a", "ns-b", "ns-c")])]


def _ds(rng: random.Random, alg: int | None = None) -> str:
    alg = alg or rng.choice([13, 13, 13, 8, 14, 15])
    dtype = 4 if alg == 14 and rng.random() < 0.5 else 2
    digest = "".join(rng.choice("0123456789ABCDEF") for _ in range(96 if dtype == 4 else 64))
    return f"{rng.randrange(1, 65536)} {alg} {dtype} {digest}"


def _dig_hex(ds: str) -> str:
    """A DS as dig prints it: the digest cut into pieces of 56 characters (RFC 4034 5.3 allows the spaces)."""
    tag, alg, dtype, digest = ds.split()
    return f"{tag} {alg} {dtype} " + " ".join(digest[i:i + 56] for i in range(0, len(digest), 56))


def _ip(rng: random.Random) -> str:
    return rng.choice(["192.0.2", "198.51.100", "203.0.113"]) + f".{rng.randrange(2, 254)}"


def _join(rng: random.Random, items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    style = rng.randrange(3)
    if style == 0:
        return ", ".join(items[:-1]) + " and " + items[-1]
    return ", ".join(items) if style == 1 else " / ".join(items)


NS_CHATTER = [
    "The new zone is live and answers authoritatively on every server; we've diffed it against the old one.",
    "TTLs on the old zone came down to 300 yesterday, so the cut-over should be quick.",
    "We'll keep the old zone running for at least 48 hours after the delegation changes.",
    "No rush on this - any time today or Monday is fine.",
    "DS records stay as they are.",
    "Our customer's change reference is CHG{n}; they are expecting your call.",
    "FYI we checked with dig +trace afterwards on the last one and all was fine, thanks for the quick turnaround then.",
    "Plese let me know when it's done so I can start monitoring.",
]
DS_CHATTER = {  # what an engineer adds after a DS request of each kind
    "enable": ["Name servers are not changing.", "Validated the signed zone with dnsviz first, all green."],
    "add": ["The new KSK has been in the DNSKEY set for more than two days, so the DS can go in whenever suits.",
            "We'll wait for the old DS to drop out of caches before we retire the old key."],
    "replace": ["Name servers are not changing.", "The new key is already in the DNSKEY set."],
}


class HostsGenerator(Generator):
    def __init__(self, part: str, seed: int):
        super().__init__(part, seed)
        names = [(f"{place}{suffix}-dh", org.format(place.capitalize())) for place in PLACES for suffix, org in KINDS]
        self.rng.shuffle(names)
        self.free_names = names
        self.host_of: dict[str, str] = {}  # each domain's DNS host today
        self.ambiguous_made = 0

    # the registry file

    def _domains(self, registrar: str, count: int) -> list[DomainAsk]:
        rng = self.rng
        label, org = self.free_names.pop()
        stem = label[:-3]
        names = [label] + [f"{stem}-{e}-dh" for e in rng.sample(["online", "services", "maps", "intranet", "jobs",
                                                                  "archive"], count - 1)]
        primary = f"{label}.{ZONE}"
        contacts = [{"role": "security", "email": f"soc@{primary}",
                     "phone": f"+44 1632 {rng.randrange(100000, 999999)}", "name": f"{org} Security Team"},
                    {"role": "technical", "email": f"hostmaster@{primary}"},
                    {"role": "notify", "email": f"network-changes@{primary}"}]
        one_host = rng.choice(HOSTS) if rng.random() < 0.6 else None
        domains, asks = [], []
        for name in names:
            domain = f"{name}.{ZONE}"
            host = one_host or rng.choice(HOSTS)
            ns = _servers(rng, host, domain, primary)
            if len(ns) > 2 and rng.random() < 0.15:
                ns = ns[:rng.randrange(2, len(ns))]
            r = rng.random()
            ds = [] if r < 0.55 else [_ds(rng)] if r < 0.9 else [_ds(rng, 8), _ds(rng, 13)]
            self.host_of[domain] = host
            domains.append({"name": domain, "locked": True, "registrar": registrar, "registrant": org,
                            "nameservers": list(ns), "ds": list(ds), "whois_contacts": [f"dns-admin@{primary}"]})
            asks.append(DomainAsk(domain, org, list(ns), list(ds)))
        self.organisations[org] = {"name": org, "contacts": contacts, "domains": domains}
        return asks

    def _record(self, a: DomainAsk) -> dict:
        return next(d for d in self.organisations[a.organisation]["domains"] if d["name"] == a.domain)

    def _set_current(self, a: DomainAsk, *, ns: list[str] | None = None, ds: list[str] | None = None) -> None:
        """The records the domain has today, when an ask needs them so (a second DS mid-rollover, a third server)."""
        if ns is not None:
            a.current_ns = list(ns)
            self._record(a)["nameservers"] = list(ns)
        if ds is not None:
            a.current_ds = list(ds)
            self._record(a)["ds"] = list(ds)

    def _primary(self, a: DomainAsk) -> str:
        return self.organisations[a.organisation]["domains"][0]["name"]

    # values

    def _move(self, a: DomainAsk, host: str | None = None, avoid: tuple[str, ...] = ()) -> tuple[str, list[str]]:
        """A complete new set at another DNS host."""
        if host is None or host == self.host_of[a.domain] or host in avoid:
            host = self.rng.choice([h for h in HOSTS if h != self.host_of[a.domain] and h not in avoid])
        while True:
            new = _servers(self.rng, host, a.domain, self._primary(a))
            if not set(new) & set(a.current_ns):
                a.new_ns = new
                return host, new

    def _fresh(self, a: DomainAsk, n: int) -> list[str]:
        while True:
            # a secondary beside the main host: the ones that serve zones they do not master
            host = self.rng.choice([h for h in ("ns1", "ultradns", "bind", "jisc", "route53")
                                    if h != self.host_of[a.domain]])
            new = _servers(self.rng, host, a.domain, self._primary(a))
            if len(new) >= n and not set(new) & set(a.current_ns):
                return new[:n]

    def _reshape(self, a: DomainAsk, shapes: str = "add remove swap move") -> str:
        """Additions and removals: a secondary added or retired, one swapped, or a whole move."""
        rng = self.rng
        shape = rng.choice(shapes.split())
        if shape == "add":
            a.add_ns = self._fresh(a, rng.choice([1, 1, 2]))
        elif shape == "remove":
            if len(a.current_ns) < 3:
                self._set_current(a, ns=a.current_ns + self._fresh(a, 1))
            a.remove_ns = [rng.choice(a.current_ns)]
        elif shape == "swap":
            a.remove_ns = [rng.choice(a.current_ns)]
            a.add_ns = self._fresh(a, 1)
        else:
            a.remove_ns = list(a.current_ns)
            a.add_ns = list(self._move(a)[1])
            a.new_ns = None
        return shape

    def _h(self, value: str, glue: bool = False, dot: bool | None = None) -> str:
        """A name server as an engineer types it: capitals now and then, the root's dot, glue after in-house ones."""
        r = self.rng.random()
        out = value.upper() if r < 0.06 else value
        if dot or dot is None and 0.06 <= r < 0.18:
            out += "."
        if glue and value.endswith("." + ZONE):
            ip = _ip(self.rng)
            out += self.rng.choice([f" ({ip})", f" {ip}", f" [{ip}, 2001:db8:{self.rng.randrange(16, 4095):x}::53]"])
        return out

    def _hs(self, values: list[str], glue: bool = False, dot: bool | None = None) -> list[str]:
        return [self._h(v, glue, dot) for v in values]

    def _show_ds(self, d: str, ds: str) -> list:
        """One DS record as the tool or console it came from shows it: a list of blocks."""
        rng = self.rng
        tag, alg, dtype, digest = ds.split()
        style = rng.randrange(7)
        if style == 0:
            return [("pre", ds)]
        if style == 1:
            return [("pre", f"{d}. 3600 IN DS {ds}")]
        if style == 2:
            return [("pre", f"$ dnssec-dsfromkey -2 K{d}.+{int(alg):03d}+{int(tag):05d}.key\n{d}. IN DS {ds}")]
        if style == 3:
            return [("pre", f"$ dig +noall +answer DNSKEY {d} | dnssec-dsfromkey -2 -f - {d}\n{d}. IN DS {ds}")]
        if style == 4:  # Cloudflare's DNSSEC card
            key = base64.b64encode(bytes(rng.randrange(256) for _ in range(64))).decode()
            return [("fields", [("DS record", f"{d}. 3600 IN DS {ds}"), ("Digest", digest),
                                ("Digest type", f"{dtype} ({DIGESTS[int(dtype)].replace('-', '')})"),
                                ("Algorithm", alg), ("Public key", key), ("Key tag", tag), ("Flags", "257 (KSK)")])]
        if style == 5:  # Route 53's "establish a chain of trust"
            return [("fields", [("Key tag", tag), ("Signing algorithm type", alg),
                                ("Signing algorithm", ALGS[int(alg)]), ("Digest algorithm type", dtype),
                                ("Digest algorithm", DIGESTS[int(dtype)]), ("Digest", digest.lower())])]
        return [("fields", [("Key Tag", tag), ("Algorithm", f"{alg} - {ALGS[int(alg)]}"), ("Digest Type", dtype),
                            ("Digest", digest)])]

    # the mails

    def request(self, mid: str, layout: str, client: str) -> Mail:
        rng = self.rng
        registrar = rng.choice(REGISTRARS)
        sender = TICKET_SENDER if client == "ticket_system" else rng.choice(
            [e for e in registrar["emails"] if e != TICKET_SENDER])
        if client == "ticket_system":
            registrar = next(r for r in REGISTRARS if TICKET_SENDER in r["emails"])
        count = rng.choice([2, 2, 3, 4]) if layout == "multi_domain" else rng.choice([1, 1, 2, 3]) \
            if layout == "csv" else 1
        asks = self._domains(registrar["name"], count)
        subject, blocks, attachment = getattr(self, "_w_" + layout)(asks)
        truth = "asked" if layout == "ambiguous" else {a.domain: a.truth() for a in asks}
        charset, encoding = rng.choice(("utf-8", "iso-8859-1", "windows-1252")), \
            rng.choice(("quoted-printable", "base64", "8bit"))
        opening = rng.choice(self._openings())
        closing = rng.choice(["Cheers,", "Thanks,", "Ta", "Regards,", "Kind regards,", "", "Thanks in advance,",
                              "Shout if anything looks off."])
        blocks = ([("p", opening)] if opening else []) + blocks
        raw, said = self._build(rng, mid, client, charset, encoding, sender, registrar["name"], subject, blocks,
                                closing, self._signature(registrar["name"], sender), attachment)
        return Mail(mid, "ambiguous" if layout == "ambiguous" else "request", layout, client, charset, encoding,
                    sender, truth, raw, said=said, seed=self.seed)

    def _openings(self) -> list[str]:
        return ["Hi,", "Hello Registry Lock team,", "Morning,", "", "", "Hi all,", "Dear colleagues,",
                "Hi there - one for a public sector customer of ours.", "Afternoon,", "Dear Sir/Madam,",
                "Hello, hope you're well."]

    def _signature(self, registrar: str, sender: str) -> str:
        rng = self.rng
        person = rng.choice(["Marek Nowak", "Siân Pritchard", "Jonas Berg", "Łukasz Wójcik", "Chidi Okafor",
                             "Rhiannon Price", "Dev Patel", "Ines Moreau", "NOC"])
        role = rng.choice(["Senior DNS Engineer", "Network Engineer, Platform Team", "Hostmaster",
                           "Infrastructure Engineer", "Network Operations Centre"])
        lines = [person, f"{role} | {registrar}", f"Tel: +44 333 {rng.randrange(100, 999)} {rng.randrange(1000, 9999)}"]
        if rng.random() < 0.3:
            lines.append(f"PGP: 0x{rng.getrandbits(64):016X}")
        disclaimer = rng.choice(self._disclaimers())
        return "\n".join(lines) + ("\n\n" + disclaimer if disclaimer else "")

    def _subject(self, asks: list[DomainAsk], what: str = "NS change") -> str:
        names = ", ".join(a.domain for a in asks)
        ref = f"CHG{self.rng.randrange(10000, 99999)}"
        return self.rng.choice([f"{names} - {what}", f"{what}: {names}", f"[{ref}] {what} - {names}",
                                f"{what} ({names})", f"Locked domain {names}: {what.lower()}", f"{names}",
                                f"Registry Lock - {what} for {names}"])

    def _chatter(self, pool: list[str], p: float = 0.35) -> list:
        if not pool or self.rng.random() >= p:
            return []
        return [("p", self.rng.choice(pool).format(n=self.rng.randrange(10000, 99999)))]

    # --- layouts ---

    def _w_prose(self, asks):
        rng, a = self.rng, asks[0]
        was = self.host_of[a.domain]
        host, new = self._move(a)
        d, to, frm = a.domain, NAMES[host], NAMES[was]
        listed = _join(rng, self._hs(new, glue=rng.random() < 0.6))
        cur = _join(rng, self._hs(a.current_ns))
        if a.current_ds and rng.random() < 0.3:
            a.new_ds = []
            s = "s" if len(a.current_ds) > 1 else ""
            text = rng.choice([
                f"We're moving {d} from {frm} to {to} and going unsigned for the move, so please remove the DS "
                f"record{s} and change the name servers to {listed}. We'll sign again at {to} once it has settled "
                "and send you a fresh DS then.",
                f"Two things for {d} please: drop all DS records (DNSSEC off for the migration), and delegate it "
                f"to {listed}.",
            ])
            return self._subject(asks, "Unsign and re-delegate"), [("p", text)], None
        text = rng.choice([
            f"We're moving {d} off {frm} and onto {to}. Please delegate it to {listed}.",
            f"Please could you delegate {d} to {listed}? The zone is loaded at {to} and answering on all of them.",
            f"Could you repoint the NS for {d} from {cur} to {listed}? We've compared the new zone with the old one "
            "record for record.",
            f"Kindly we request the change of nameservers for domain {d}. The new nameservers shall be {listed}. "
            f"Zone is allready prepared in {to}.",
            f"{d}: NS to {listed} please, replacing {cur}.",
            f"{d} is cutting over to {to} today. New delegation is {listed}; the old servers ({cur}) can go once "
            "that's in.",
            f"Please to change the nameservers of {d}. We have moved the zone from {frm} to {to}, so the domain "
            f"must be delegated now to {listed}.",
            f"Following the migration of {d} to {to}, please update the delegation from {cur} to {listed}. The "
            "records were exported from the old host and imported one to one.",
            f"Pls re-delegate {d} to the {to} nameservers: {listed}. Thx",
        ])
        return self._subject(asks, rng.choice(["NS change", "Re-delegation", "DNS migration"])), \
            [("p", text)] + self._chatter(NS_CHATTER), None

    def _w_form(self, asks):
        rng, a = self.rng, asks[0]
        host, new = self._move(a)
        shape = rng.randrange(5)
        if shape == 0:
            pairs = [("Domain", a.domain), ("Change", "Name server update")] + \
                [(f"NS{i}", v) for i, v in enumerate(self._hs(new), 1)] + [("DNSSEC", "no change")]
        elif shape == 1:
            pairs = [("Zone", a.domain), ("New DNS provider", NAMES[host]),
                     ("Name servers", rng.choice([", ", " ", "; "]).join(self._hs(new)))]
            if host == "route53":
                pairs.append(("Hosted zone ID", "Z0" + "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789")
                                                               for _ in range(18))))
        elif shape == 2:
            pairs = [("Domain name", a.domain)]
            for i, v in enumerate(new, 1):
                pairs.append((f"Hostname {i}", self._h(v)))
                if v.endswith("." + ZONE):
                    pairs.append((f"IPv4 {i}", _ip(rng)))
        elif shape == 3:
            pairs = [("Domain", a.domain), ("Current NS", ", ".join(self._hs(a.current_ns))),
                     ("New NS", ", ".join(self._hs(new)))]
        else:  # a move to a host that signs the zone: the DS replaced
            if len(a.current_ds) > 1:
                self._set_current(a, ds=a.current_ds[:1])
            ds = _ds(rng)
            a.new_ds = [ds]
            pairs = [("Domain", a.domain), ("Name servers", " ".join(self._hs(new))),
                     ("DS record" if not a.current_ds else "DS record (replaces the existing one)", ds)]
        lead = rng.choice(["Change details:", "Please action the following:", "Details as below.",
                           "Request:", "Kindly find the details of the change hereunder."])
        return self._subject(asks, "Delegation update"), [("p", lead), ("fields", pairs)] + \
            self._chatter(NS_CHATTER if a.new_ds is None else []), None

    def _w_label_list(self, asks):
        rng, a = self.rng, asks[0]
        host, new = self._move(a)
        d, to = a.domain, NAMES[host]
        shape = rng.randrange(4)
        intro = rng.choice([f"Please update {d} as below.", f"Domain: {d}", f"New delegation for {d}, please.",
                            f"{d} has moved to {to}.", f"Please to change the delegation of {d} as following."])
        if shape == 0:
            label = rng.choice(["Delegate to:", "Target name servers:", "NS should be:", "Replacement nameservers -",
                                "New nameserves:",
                                "Please set NS to the following:", f"New delegation ({to}):",
                                f"Nameservers assigned by {to}:"])
            return self._subject(asks), [("p", intro), ("list", label, self._hs(new, glue=rng.random() < 0.5),
                                                        rng.choice(["bullet", "number", "plain", "dash"]))], None
        if shape == 1:
            lines = "\n".join(f"{d}.\t172800\tIN\tNS\t{v}." for v in new)
            return self._subject(asks), [("p", rng.choice([
                f"Please put the following delegation for {d} in the parent:",
                "Please make the gov.uk zone say:", f"Target NS records for {d} (zone file):"])),
                ("pre", lines)], None
        if shape == 2:
            out = "\n".join(self._hs(new, dot=True))
            if rng.random() < 0.5:
                return self._subject(asks), [("p", f"Please delegate {d} to the servers the new zone at {to} "
                                                   "lists:"), ("pre", f"$ dig +short NS {d} @{new[0]}\n{out}")], None
            answer = "\n".join(f"{d}.\t\t3600\tIN\tNS\t{v}." for v in new)
            dig = (f"; <<>> DiG 9.18.30 <<>> NS {d} @{new[0]}\n;; global options: +cmd\n;; Got answer:\n"
                   f";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: {rng.randrange(65536)}\n"
                   f";; flags: qr aa rd; QUERY: 1, ANSWER: {len(new)}, AUTHORITY: 0, ADDITIONAL: 1\n\n"
                   f";; QUESTION SECTION:\n;{d}.\t\t\tIN\tNS\n\n;; ANSWER SECTION:\n{answer}\n\n"
                   f";; Query time: {rng.randrange(4, 40)} msec\n;; SERVER: {_ip(rng)}#53(UDP)")
            return self._subject(asks, "Re-delegation"), [
                ("p", f"The zone for {d} is up at {to}. Please change the delegation to the NS set it serves:"),
                ("pre", dig)], None
        return self._subject(asks), [("p", intro), ("p", "New NS:\n" + "\n".join(self._hs(new)))], None

    def _labels(self, was: str, host: str) -> tuple[str, str]:
        pairs = [("Current:", "New:"), ("Existing NS:", "Proposed NS:"), ("At present:", "Should be:"),
                 (f"Old ({NAMES[was]}):", f"New ({NAMES[host]}):"), ("Live now:", "Target:"),
                 ("Currently delegated to:", "Replacement name servers:"), ("From:", "To:"),
                 ("Present nameservers", "After the change")]
        return self.rng.choice(pairs)

    def _w_current_new_lists(self, asks):
        rng, a = self.rng, asks[0]
        was = self.host_of[a.domain]
        host, new = self._move(a)
        cur_label, new_label = self._labels(was, host)
        style = rng.choice(["bullet", "number", "plain", "dash"])
        if rng.random() < 0.25:  # the current set as dig shows it
            cur_block = [("p", cur_label), ("pre", f"$ dig +short NS {a.domain}\n" +
                                            "\n".join(v + "." for v in a.current_ns))]
        else:
            cur_block = [("list", cur_label, self._hs(a.current_ns), style)]
        new_block = [("list", new_label, self._hs(new, glue=rng.random() < 0.5), style)]
        blocks = cur_block + new_block if rng.random() < 0.75 else new_block + cur_block
        lead = rng.choice([f"Name server change for {a.domain}:", f"Please re-delegate {a.domain}.",
                           f"Migration of {a.domain} to {NAMES[host]}."])
        return self._subject(asks), [("p", lead)] + blocks + self._chatter(NS_CHATTER), None

    def _w_current_new_table(self, asks):
        rng, a = self.rng, asks[0]
        was = self.host_of[a.domain]
        host, new = self._move(a)
        cur, nxt = self._hs(a.current_ns), self._hs(new)
        n = max(len(cur), len(nxt))
        cur, nxt = cur + [""] * (n - len(cur)), nxt + [""] * (n - len(nxt))
        header = rng.choice([["Current", "New"], ["Existing NS", "Replacement NS"], ["Live", "Target"],
                             [f"Old ({NAMES[was]})", f"New ({NAMES[host]})"], ["Before", "After"],
                             ["At present", "Should be"]])
        shape = rng.randrange(5)
        rows = [[c, x] for c, x in zip(cur, nxt)]
        if shape == 1:
            header, rows = header[::-1], [r[::-1] for r in rows]
        elif shape == 2:  # numbered rows
            header, rows = ["#"] + header, [[str(i)] + r for i, r in enumerate(rows, 1)]
        elif shape == 3:  # the domain in a column of its own, on its first row
            header = ["Domain"] + header
            rows = [[a.domain if i == 0 else ""] + r for i, r in enumerate(rows)]
        elif shape == 4:  # one row a set, its label in the first cell
            rows, header = [[header[0]] + [c for c in cur if c], [header[1]] + [x for x in nxt if x]], None
            width = max(len(r) for r in rows)
            rows = [r + [""] * (width - len(r)) for r in rows]
        style = rng.choice(["aligned", "markdown", "html", "html"])
        if header and style == "html" and rng.random() < 0.4:  # the header as an ordinary first row
            header, rows = None, [header] + rows
        lead = [] if shape == 3 else [("p", rng.choice([f"Delegation change for {a.domain}:",
                                                         f"{a.domain} - please update as per the table.",
                                                         "Table below."]))]
        return self._subject(asks, "NS change"), lead + [("table", header, rows, style)], None

    def _w_add_remove_table(self, asks):
        rng, a = self.rng, asks[0]
        self._reshape(a)
        add, rem, keep = rng.choice([("Add", "Remove", "Keep"), ("+", "-", "="), ("ADD", "DELETE", "KEEP"),
                                     ("add", "drop", "leave"), ("New", "Remove", "No change")])
        rows = [[rem, self._h(v)] for v in a.remove_ns] + [[add, self._h(v)] for v in a.add_ns]
        if rng.random() < 0.4:
            rows += [[keep, self._h(v)] for v in a.current_ns if v not in a.remove_ns]
        shape = rng.randrange(3)
        header = rng.choice([["Action", "Name server"], ["Op", "Host"], None])
        if shape == 1:
            header, rows = (header[::-1] if header else None), [r[::-1] for r in rows]
        elif shape == 2:
            header = ["Domain", "Action", "Nameserver"] if rng.random() < 0.7 else None
            rows = [[a.domain] + r for r in rows]
        style = rng.choice(["aligned", "markdown", "html"])
        lead = rng.choice([f"Please make these changes to the delegation of {a.domain}:",
                           f"NS changes for {a.domain} below.", "Changes:" if shape == 2 else f"{a.domain}:"])
        return self._subject(asks), [("p", lead), ("table", header, rows, style)] + self._chatter(NS_CHATTER), None

    def _w_portal(self, asks):
        rng, a = self.rng, asks[0]
        was = self.host_of[a.domain]
        d = a.domain
        shape = rng.choice([s for s in ("cloudflare", "route53", "azure", "google", "portal") if s != was])
        if shape == "portal":
            _, new = self._move(a)
            pairs = [("Service request", f"SR-{rng.randrange(100000, 999999)}"), ("Domain", d),
                     ("Type", "Modify delegation")] + \
                [(f"Current nameserver {i}", v) for i, v in enumerate(a.current_ns, 1)] + \
                [(f"Requested nameserver {i}", v) for i, v in enumerate(self._hs(new), 1)]
            return self._subject(asks, "Delegation update"), [
                ("p", "Raised through the reseller portal on behalf of the customer:"), ("fields", pairs)], None
        _, new = self._move(a, shape)
        if shape == "cloudflare":
            return self._subject(asks, "Move to Cloudflare"), [
                ("p", f"Cloudflare has finished scanning {d} and asks for this at the registry, copied from the "
                      "dashboard:"),
                ("list", "Remove these nameservers:", list(a.current_ns), "plain"),
                ("list", "Replace with Cloudflare's nameservers:", list(new), "plain"),
                ("p", "Could you do that for us please?")], None
        if shape == "route53":
            zone_id = "Z0" + "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(18))
            return self._subject(asks, "Delegate to Route 53"), [
                ("p", "Hosted zone details (Route 53 console):"),
                ("fields", [("Hosted zone name", d), ("Hosted zone ID", zone_id), ("Type", "Public hosted zone"),
                            ("Record count", str(rng.randrange(8, 120)))]),
                ("list", "Name servers", list(new), "plain"),
                ("p", rng.choice(["Please update the delegation to the four name servers above.",
                                  f"Please point {d} at these instead of what it has now."]))], None
        if shape == "azure":
            return self._subject(asks, "Azure DNS delegation"), [
                ("p", f"From the Azure portal, DNS zone {d}, overview:"),
                ("fields", [(f"Name server {i}", v + ".") for i, v in enumerate(new, 1)]),
                ("p", "Please delegate the domain to those, replacing the current ones.")], None
        rows = [[f"{d}.", "NS", "21600", v + "."] for v in new]
        return self._subject(asks, "Cloud DNS delegation"), [
            ("p", f"Cloud DNS shows these NS records for the new {d} zone; please delegate to them:"),
            ("table", ["DNS name", "Type", "TTL (seconds)", "Data"], rows, rng.choice(["aligned", "html"]))], None

    def _w_replace(self, asks):
        rng, a = self.rng, asks[0]
        olds = rng.sample(a.current_ns, rng.choice([1, 1, min(2, len(a.current_ns))]))
        news = self._fresh(a, len(olds))
        a.remove_ns, a.add_ns = list(olds), list(news)
        pairs = [(self._h(o), self._h(n)) for o, n in zip(olds, news)]
        d, shape = a.domain, rng.randrange(5)
        if shape == 0:
            text = f"For {d} please replace " + " and ".join(f"{o} with {n}" for o, n in pairs) + \
                ". Everything else in the delegation stays as it is."
            return self._subject(asks), [("p", text)], None
        if shape == 1:
            arrow = rng.choice(["->", "=>", ">"])
            return self._subject(asks, "Name server replacement"), [
                ("p", f"{d}, old {arrow} new:"), ("pre", "\n".join(f"{o}  {arrow}  {n}" for o, n in pairs)),
                ("p", "Other servers unchanged.")], None
        if shape == 2:
            text = " ".join(f"{o} is being decommissioned; please put {n} in its place." for o, n in pairs)
            return self._subject(asks, "Secondary DNS change"), [("p", f"{d}: {text} Leave the rest alone.")], None
        if shape == 3:
            text = "; ".join(f"change {o} to {n}" for o, n in pairs)
            return self._subject(asks), [("p", f"On {d}, could you {text}? The remaining name servers are fine.")], \
                None
        text = " Also ".join(f"we need {o} swapped out for {n}." for o, n in pairs)
        return self._subject(asks), [("p", f"On {d} {text} Thank you!")] + self._chatter(NS_CHATTER), None

    def _w_epp(self, asks):
        rng, a = self.rng, asks[0]
        d, tr = a.domain, f"{rng.choice(['ABC', 'REG', 'NOC'])}-{rng.randrange(10 ** 6, 10 ** 7)}"
        shape = rng.randrange(4)
        if shape == 3:  # secDNS (RFC 5910): a rollover, or unsigning
            if not a.current_ds:
                self._set_current(a, ds=[_ds(rng)])
            if rng.random() < 0.3:
                a.new_ds = []
                sec = ["    <secDNS:rem><secDNS:all>true</secDNS:all></secDNS:rem>"]
                lead = f"We're going unsigned on {d}. The update we would send over EPP if it weren't locked:"
            else:
                new = _ds(rng)
                a.remove_ds, a.add_ds = [a.current_ds[0]], [new]
                sec = []
                for tag, ds in (("rem", a.current_ds[0]), ("add", new)):
                    k, alg, dt, dig = ds.split()
                    sec += [f"    <secDNS:{tag}>", "      <secDNS:dsData>",
                            f"        <secDNS:keyTag>{k}</secDNS:keyTag>",
                            f"        <secDNS:alg>{alg}</secDNS:alg>",
                            f"        <secDNS:digestType>{dt}</secDNS:digestType>",
                            f"        <secDNS:digest>{dig}</secDNS:digest>", "      </secDNS:dsData>",
                            f"    </secDNS:{tag}>"]
                lead = f"KSK rollover for {d}. Please apply this update (it's what our EPP client would send):"
            xml = ["<update>", "  <domain:update xmlns:domain=\"urn:ietf:params:xml:ns:domain-1.0\">",
                   f"    <domain:name>{d}</domain:name>", "  </domain:update>", "</update>", "<extension>",
                   "  <secDNS:update xmlns:secDNS=\"urn:ietf:params:xml:ns:secDNS-1.1\">"] + sec + \
                ["  </secDNS:update>", "</extension>", f"<clTRID>{tr}</clTRID>"]
            return self._subject(asks, "DS update"), [("p", lead), ("pre", "\n".join(xml))], None
        self._reshape(a)
        if shape == 0:
            xml = ["<domain:update xmlns:domain=\"urn:ietf:params:xml:ns:domain-1.0\">",
                   f"  <domain:name>{d}</domain:name>"]
            for tag, hosts in (("add", a.add_ns), ("rem", a.remove_ns)):
                if hosts:
                    xml += [f"  <domain:{tag}>", "    <domain:ns>"] + \
                           [f"      <domain:hostObj>{h}</domain:hostObj>" for h in hosts] + ["    </domain:ns>",
                                                                                         f"  </domain:{tag}>"]
            xml.append("</domain:update>")
            return self._subject(asks), [("p", rng.choice([
                "Domain is locked so our EPP update bounced - please apply it on your side:",
                "Please apply the following EPP update:"])), ("pre", "\n".join(xml))], None
        if shape == 1:
            cmd = [f"update-domain --name {d}"] + [f"  --remove-ns {self._h(v)}" for v in a.remove_ns] + \
                  [f"  --add-ns {self._h(v)}" for v in a.add_ns]
            return self._subject(asks), [("p", "What I'd run against the registrar API if it weren't locked:"),
                                         ("pre", " \\\n".join(cmd))], None
        lines = [f"domain {d}"] + [f"  ns del {self._h(v)}" for v in a.remove_ns] + \
                [f"  ns add {self._h(v, glue=True)}" for v in a.add_ns]
        return self._subject(asks), [("p", "Please action:"), ("pre", "\n".join(lines))], None

    def _w_csv(self, asks):
        rng = self.rng
        shape = rng.randrange(5)
        names = _join(rng, [a.domain for a in asks])
        if shape == 0:
            rows = ["domain,action,type,value"]
            for a in asks:
                self._reshape(a)
                rows += [f"{a.domain},remove,NS,{self._h(v)}" for v in a.remove_ns]
                rows += [f"{a.domain},add,NS,{self._h(v)}" for v in a.add_ns]
                if a.current_ds and rng.random() < 0.4:
                    a.add_ds = [_ds(rng)]
                    rows.append(f"{a.domain},add,DS,{a.add_ds[0]}")
            body, name, ext, text = f"Changes for {names} attached (one row per change).", \
                "delegation-changes.csv", "csv", "\r\n".join(rows)
        elif shape == 1:
            rows = ["zone;ns1;ns2;ns3;ns4"]
            for a in asks:
                _, new = self._move(a)
                rows.append(";".join([a.domain] + self._hs(new) + [""] * (4 - len(new))))
            body, name, ext, text = "New name server sets attached, one zone a row.", \
                f"ns-sets-{rng.randrange(100, 999)}.csv", "csv", "\r\n".join(rows)
        elif shape == 2:
            rows = ["domain\tcurrent_ns\tnew_ns"]
            for a in asks:
                _, new = self._move(a)
                rows.append("\t".join([a.domain, ",".join(a.current_ns), ",".join(self._hs(new))]))
            body, name, ext, text = f"Please see the attached TSV for {names}.", "ns-move.tsv", "tsv", \
                "\n".join(rows)
        elif shape == 3:  # zones signed for the first time, one DS a row in labelled columns
            rows = ["Domain\tKey tag\tAlgorithm\tDigest type\tDigest"]
            for a in asks:
                self._set_current(a, ds=[])
                a.add_ds = [_ds(rng)]
                rows.append("\t".join([a.domain] + a.add_ds[0].split()))
            body, name, ext, text = (f"We have signed {names} (first time for each). The DS records are in the "
                                     "attached file; please add them."), "ds-records.txt", "txt", "\n".join(rows)
        else:
            host = rng.choice([h for h in ("route53", "azure", "ns1", "google", "ultradns")
                               if all(self.host_of[a.domain] != h for a in asks)])
            rows = ["Name,Type,TTL,Value"]
            for a in asks:
                _, new = self._move(a, host)
                rows += [f"{a.domain}.,NS,172800,{v}." for v in new]
            body, name, ext, text = (f"Attached are the NS records exported from {NAMES[host]} for the new zones; "
                                     "please delegate each domain to the servers listed against it."), \
                f"{host}-ns-export.csv", "csv", "\r\n".join(rows)
        return self._subject(asks, "Bulk delegation change" if len(asks) > 1 else "NS change"), \
            [("p", body)], (name, text + "\r\n", ext)

    def _w_multi_domain(self, asks):
        rng = self.rng
        shape = rng.randrange(4)
        org = asks[0].organisation
        if shape == 0:  # one set for all the organisation's zones
            avoid = tuple(self.host_of[a.domain] for a in asks)
            host, new = self._move(asks[0], rng.choice([h for h in ("cloudflare", "route53", "ns1", "ultradns")
                                                        if h not in avoid] or ["google"]), avoid)
            for a in asks[1:]:
                a.new_ns = list(new)
            return self._subject(asks, f"Move {len(asks)} zones to {NAMES[host]}"), [
                ("p", f"We are moving all of {org}'s zones to {NAMES[host]} (one delegation set for all):"),
                ("list", "", [a.domain for a in asks], "bullet"),
                ("list", "Name servers for every zone above:", self._hs(new), rng.choice(["plain", "number"]))], None
        if shape == 1:
            blocks = [("p", f"Re-delegations for {org}, one section per zone.")]
            for a in asks:
                _, new = self._move(a)
                if rng.random() < 0.5:
                    blocks.append(("list", f"{a.domain}:", self._hs(new), "dash"))
                else:
                    blocks.append(("fields", [("Zone", a.domain), ("New NS", " ".join(self._hs(new)))]))
            return self._subject(asks, "Re-delegation"), blocks, None
        if shape == 2:
            rows = []
            for a in asks:
                _, new = self._move(a)
                rows.append([a.domain] + self._hs(new))
            width = max(len(r) for r in rows)
            rows = [r + [""] * (width - len(r)) for r in rows]
            header = ["Zone"] + [f"NS{i}" for i in range(1, width)]
            return self._subject(asks, "New name servers"), [
                ("p", "New delegation for each of these, please:"),
                ("table", header, rows, rng.choice(["aligned", "markdown", "html"]))], None
        blocks = [("p", f"A few changes for {org}, each zone on its own line:")]
        for a in asks:
            r = rng.random()
            if a.current_ds and r < 0.4:
                a.new_ds = []
                blocks.append(("p", f"{a.domain}: remove all DS records, it is going unsigned. NS stay."))
            elif not a.current_ds and r < 0.4:
                ds = _ds(rng)
                a.add_ds = [ds]
                blocks.append(("p", f"{a.domain}: now signed, please add DS {ds}"))
            else:
                _, new = self._move(a)
                blocks.append(("p", f"{a.domain}: delegate to {_join(rng, self._hs(new))}."))
        return self._subject(asks, "DNS changes"), blocks, None

    def _w_ds(self, asks):
        rng, a = self.rng, asks[0]
        d = a.domain
        shape = rng.choice(["enable", "replace", "add", "remove_old", "both", "algorithm", "unsigned", "move"])
        new = _ds(rng, 13 if shape == "algorithm" else None)
        if shape in ("replace", "add", "both") and len(a.current_ds) != 1:  # "the existing one"
            self._set_current(a, ds=a.current_ds[-1:] or [_ds(rng)])
        if shape == "enable" and a.current_ds:
            self._set_current(a, ds=[])
        if shape == "remove_old" and len(a.current_ds) < 2:
            self._set_current(a, ds=[_ds(rng)] + a.current_ds + ([] if a.current_ds else [_ds(rng)]))
        if shape == "algorithm":
            self._set_current(a, ds=[_ds(rng, 8)])
        if shape == "unsigned" and not a.current_ds:
            self._set_current(a, ds=[_ds(rng)])
        what = "DNSSEC key rollover"
        if shape == "enable":
            a.add_ds = [new]
            lead = rng.choice([f"{d} is now signed. Please add the DS record below:",
                               f"We kindly ask to add the DS record for domain {d}, the zone is signed now from "
                               "our side.",
                               f"DNSSEC for {d}: please publish this DS in the parent zone.", f"Pls add DS for {d}:"])
            blocks, what = [("p", lead)] + self._show_ds(d, new), "Enable DNSSEC"
        elif shape == "replace":
            a.new_ds = [new]
            blocks, what = [("p", rng.choice([f"We've re-signed {d} with a new key. Please replace the existing DS "
                                               "with this one:",
                                               f"DS for {d} should now be only the following (the old one goes):"]))] \
                + self._show_ds(d, new), "DS replacement"
        elif shape == "add":
            a.add_ds = [new]
            blocks = [("p", rng.choice([f"KSK rollover on {d}. Please ADD the following DS alongside the existing "
                                        "one - do not remove the old one yet:",
                                        f"Could you add a second DS to {d}? Keep the current one, we'll ask for it "
                                        "to be removed once the rollover is done."]))] + self._show_ds(d, new)
        elif shape == "remove_old":
            old = a.current_ds[0]
            a.remove_ds = [old]
            tag = old.split()[0]
            keep = a.current_ds[1].split()[0]
            if rng.random() < 0.5 and tag != keep:
                blocks = [("p", f"The KSK rollover on {d} is finished. Please remove the old DS, key tag {tag}. The "
                                f"DS with key tag {keep} stays.")]
            else:
                blocks = [("p", f"Please remove this DS from {d}, the key has been retired:")] + \
                    self._show_ds(d, old) + [("p", "Leave the other DS in place.")]
        elif shape == "both":
            old = a.current_ds[0]
            a.add_ds, a.remove_ds = [new], [old]
            if rng.random() < 0.5:
                blocks = [("p", f"Key rollover for {d}, in one go please:"),
                          ("fields", [("Remove", old), ("Add", new)])]
            else:
                blocks = [("p", f"For {d}, please remove the DS"), ("pre", _dig_hex(old)),
                          ("p", "and add"), ("pre", new)]
        elif shape == "algorithm":
            old = a.current_ds[0]
            if rng.random() < 0.5:
                a.add_ds = [new]
                blocks = [("p", f"We're rolling {d} from algorithm 8 (RSASHA256) to 13 (ECDSAP256SHA256). Stage one: "
                                "please add the new DS below. The algorithm 8 DS stays until we confirm the "
                                "rollover.")] + self._show_ds(d, new)
            else:
                a.add_ds, a.remove_ds = [new], [old]
                blocks = [("p", f"Algorithm rollover on {d} (8 to 13) is ready for the DS swap."),
                          ("list", "Remove:", [old], "dash"), ("list", "Add:", [new], "dash")]
            what = "DNSSEC algorithm rollover"
        elif shape == "unsigned":
            a.new_ds = []
            s = "s" if len(a.current_ds) > 1 else ""
            blocks = [("p", rng.choice([f"We're going unsigned on {d} ahead of a DNS move. Please remove the DS "
                                        f"record{s} from the registry.",
                                        f"Please delete all DS records for {d} - DNSSEC is being switched off.",
                                        f"Remove DS for {d} pls, we are going unsigned. Currently published:"]))]
            if blocks[0][1].endswith(":"):
                blocks.append(("pre", "\n".join(f"{d}.\t86400\tIN\tDS\t{_dig_hex(v)}" for v in a.current_ds)))
            what = "Remove DS"
        else:
            host, ns = self._move(a)
            a.new_ds = [new]
            verb = "replace the DS with" if a.current_ds else "add the DS"
            blocks = [("p", f"We're moving {d} to {NAMES[host]}, which signs the zone for us. Please change the name "
                            f"servers and {verb} below."),
                      ("list", "Name servers:", self._hs(ns), "bullet"), ("p", "DS:")] + self._show_ds(d, new)
            what = "NS and DS change"
        chatter = self._chatter(DS_CHATTER[shape], 0.3) if shape in DS_CHATTER else []
        return self._subject(asks, what), blocks + chatter, None

    def _w_ambiguous(self, asks):
        rng, a = self.rng, asks[0]
        d = a.domain
        shape = self.ambiguous_made % 7
        self.ambiguous_made += 1
        other = self._fresh(a, 2)
        if shape == 0:  # two dig outputs and no word on which is which
            return self._subject(asks), [
                ("p", f"Can you sort out the NS for {d} please, dig below:"),
                ("pre", "\n".join(v + "." for v in a.current_ns)), ("pre", "\n".join(v + "." for v in other))], None
        if shape == 1:  # a server to remove that the domain does not have
            return self._subject(asks), [("p", f"Please drop {other[0]} from the delegation of {d}; that secondary "
                                               "has been switched off.")], None
        if shape == 2:  # one name server left
            if len(a.current_ns) > 2:
                self._set_current(a, ns=a.current_ns[:2])
            return self._subject(asks), [("p", f"{d}: please remove {a.current_ns[1]}, we're consolidating onto "
                                               f"{a.current_ns[0]}.")], None
        if shape == 3:  # what it has already
            cur = list(a.current_ns)
            rng.shuffle(cur)
            return self._subject(asks), [("p", f"Please set the name servers for {d} to:"),
                                         ("list", "", self._hs(cur, dot=True), "bullet")], None
        if shape == 4:  # the DS it already has
            if not a.current_ds:
                self._set_current(a, ds=[_ds(rng)])
            return self._subject(asks, "Enable DNSSEC"), [("p", f"Please add this DS to {d}:")] + \
                self._show_ds(d, a.current_ds[0]), None
        if shape == 5:  # two different new sets in one mail
            new = other
            while set(new) & set(other):  # a second set with none of the first's servers
                _, new = self._move(a)
            a.new_ns = None
            return self._subject(asks), [("p", f"Please delegate {d} to {_join(rng, other)}."),
                                         ("list", "New NS:", new, "bullet")], None
        n = max(len(a.current_ns), len(other))
        rows = [[(a.current_ns + [""] * n)[i], (other + [""] * n)[i]] for i in range(n)]
        return self._subject(asks), [("p", f"{d}"), ("table", None, rows, rng.choice(["aligned", "html"]))], None

    # --- thread mails ---

    def _replies(self) -> list[str]:
        return ["Confirmed, that's the set we want.", "Yes - please go ahead, the new zone is live.", "Ta, thanks.",
                "Correct. Nothing else changes.", "Thanks for the quick turnaround.",
                "Acknowledged, we'll watch for it in the zone.", "Yep, all good from our side.",
                "That's right, thank you.", "Noted - many thanks.",
                "Thanks. The customer's security team know to expect your call."]

    def _auto_replies(self) -> list[str]:
        return ["I'm out of the office until Monday 30 November with no access to email. For anything urgent please "
                "contact the NOC.",
                "Thank you for contacting the Network Operations Centre. Your message has been logged as INC0048213 "
                "and an engineer will pick it up shortly.",
                "Ich bin bis zum 04.12. nicht im Büro. I am out of office until 4 December; your mail will not be "
                "forwarded."]

    def _thread(self, mid: str, kind: str, target: Mail) -> Mail:
        rng = self.rng
        client = rng.choice(self.clients[:5])
        charset, encoding = rng.choice(("utf-8", "iso-8859-1", "windows-1252")), \
            rng.choice(("quoted-printable", "base64", "8bit"))
        if kind == "reply":
            said = rng.choice(self._replies())
            sign = rng.choice(["", "Cheers", "Regards,", "Thanks"])
            said += f"\n\n{sign}\n{rng.choice(['Marek', 'Siân', 'Chidi', 'NOC'])}" if sign else ""
        elif kind == "automatic":
            said = rng.choice(self._auto_replies())
        else:
            said = f"delivery to {target.sender} failed"
        sender = target.sender if kind != "bounce" else "MAILER-DAEMON@mx." + target.sender.partition("@")[2]
        return Mail(mid, kind, kind if kind != "reply" else said.split("\n")[0][:24], client, charset, encoding,
                    sender, kind, None, thread_of=target.id, said=said, seed=self.seed)
