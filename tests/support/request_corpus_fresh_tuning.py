"""Seed 17 of the request corpus: registrars' change requests written in words of their own, for tuning.

The asks, the registry file, the mail building, the clients and the charsets are those of
tests/support/request_corpus.py; the words are not. Every layout comes in several shapes, phrased the way people
at registrars, resellers, hosting companies, council IT suppliers and service desks write: chatty or terse, now
and then with a slip of the keyboard in the prose (never in a value). The thread mails (replies, auto-replies,
bounces) are the base generator's kinds, in words of their own. Each mail has one reading a careful registry
operator would agree on, its truth `DomainAsk.truth()`; one in 40 is ambiguous on purpose ("asked").
"""

from __future__ import annotations

import random
import re

from tests.support.request_corpus import (
    CHARSETS,
    CLIENTS,
    ENCODINGS,
    LAYOUTS,
    REGISTRARS,
    TICKET_SENDER,
    DomainAsk,
    Generator,
    Mail,
    _and,
    _ds,
    _provider_set,
)

FRESH_TUNING_SEED = 17
FRESH_TUNING_SIZE = 400

# The order layouts take in turn: every layout of the framework, the commonest ones twice, so that about six asks
# in a hundred are DS records.
ORDER = ("prose", "form", "label_list", "current_new_lists", "current_new_table", "add_remove_table", "portal",
         "replace", "epp", "csv", "multi_domain", "ds", "prose", "form", "label_list", "replace")
assert set(ORDER) == set(LAYOUTS)

# Places and kinds of organisation of this seed's own, none of the framework's.
TOWNS = [
    "aldermoor", "birchcombe", "caddonfoot", "drayfield", "esterbrook", "fenwold", "garthby", "hollinsend",
    "irthwaite", "jessop", "kirkhallam", "lowhaven", "mossbridge", "nantgarw", "orrelby", "pitsmoor", "quarndon",
    "rathmoy", "sallowfield", "tregarth", "undercliffe", "vennhill", "wyreside", "yeadon-moor", "abergele",
    "brockhurst", "castlemere", "deepdale", "edenthorpe", "froxfield", "gwynant", "hartsholme", "inverallan",
    "kelvinhaugh", "lindisfarne", "marshgate", "northallerby", "oxenhope", "pendlebury", "rushmere", "saltwick",
    "trowell", "uffington", "wardour", "appleshaw", "bramcote", "coldharbour", "dunsfold",
]
BODIES = [("-idb", "{} Internal Drainage Board"), ("-harbour", "{} Harbour Commissioners"),
          ("-coroner", "{} Coroner's Service"), ("-archives", "{} Record Office"),
          ("-ts", "{} Trading Standards"), ("-waste", "{} Waste Partnership"),
          ("-crem", "{} Crematorium Joint Committee"), ("-adultlearning", "{} Adult Learning Service"),
          ("-vt", "{} Valuation Tribunal"), ("-highways", "{} Highways Partnership"),
          ("-museums", "{} Museums Trust"), ("-licensing", "{} Licensing Board")]
SUFFIX = "-v"  # no other seed's domain ends so


def _hosts(rng: random.Random, domain: str) -> list[str]:
    """A DNS host's name servers as its console lists them: half the framework's providers, half others."""
    if rng.random() < 0.5:
        return _provider_set(rng, domain)
    kind = rng.randrange(6)
    if kind == 0:
        k = rng.choice("abcde")
        return [f"ns-cloud-{k}{i}.googledomains.com" for i in range(1, 5)]
    if kind == 1:
        n = rng.randrange(10, 300)
        return [f"ns-{n}-{x}.gandi.net" for x in "abc"]
    if kind == 2:
        return [f"dns{i}.registrar-servers.com" for i in (1, 2)]
    if kind == 3:
        return [f"pdns{i}.ultradns.{tld}" for i, tld in ((1, "net"), (2, "net"), (3, "org"), (4, "org"))]
    if kind == 4:
        return [f"{p}.{domain}" for p in rng.choice([("dns1", "dns2"), ("ns-a", "ns-b", "ns-c"), ("ext1", "ext2")])]
    host = rng.choice(["councilcloud.co.uk", "lgdns.net", "shared-services-dns.org.uk", "mythic-beasts.com"])
    return [f"{p}.{host}" for p in rng.choice([("ns1", "ns2", "ns3"), ("a", "b"), ("dns-1", "dns-2")])]


# Slips of the keyboard a person makes in the words around the values (never in a value, never in a word that
# says what to do with one).
TYPOS = {"please": "plese", "nameservers": "nameservres", "because": "becuase", "customer": "cutsomer",
         "the": "teh", "thanks": "thansk", "received": "recieved", "appreciate": "appriciate",
         "separate": "seperate", "definitely": "definately", "possible": "possable", "would": "woudl",
         "domain": "doamin", "which": "whcih", "their": "thier", "tomorrow": "tommorow"}

def _word(word: str) -> re.Pattern:
    """`word` standing alone: not a piece of a hostname, an address or a longer word."""
    return re.compile(rf"(?<![\w.@-]){re.escape(word)}(?![\w.@-])")


PEOPLE = ["Rhiannon Pugh", "Callum Ferguson", "Niamh Gallagher", "Oluwaseun Adebayo", "Marek Nowak", "Hannah Birch",
          "Dev Patel", "Jo Whitmore", "Chloé Martin", "Steve Rudd", "Ifeoma Obi", "Lewis McAllister", "Bethan Rees",
          "Karl Jørgensen", "Support Team", "Hostmaster"]
ROLES = ["Domain Services Technician", "Senior Support Engineer", "Account Manager", "Service Desk Analyst",
         "DNS & Domains", "Technical Operations", "Customer Success", "Provisioning Team"]


class FreshTuningGenerator(Generator):
    """The framework's asks and mails, with every layout's words written afresh."""

    def __init__(self, part: str, seed: int = FRESH_TUNING_SEED):
        super().__init__(part, seed)
        names = [(town + suffix + SUFFIX, kind.format(town.replace("-", " ").title())) for town in TOWNS
                 for suffix, kind in BODIES]
        self.rng.shuffle(names)
        self.free_names = names
        self.layouts = ORDER
        self._ambiguous_made = 0

    # --- the words around the request ---

    def _openings(self) -> list[str]:
        return ["Hi there,", "Morning,", "Hello Registry Lock team,", "Dear colleagues,", "Hi all,", "Afternoon,",
                "Hope you're well.", "Good afternoon,", "Dear Sir/Madam,", "Hiya,", "", ""]

    def _closings(self) -> list[str]:
        return ["Cheers,", "Thanks in advance,", "Kind regards", "Many thanks", "Best,", "Thanks again,",
                "Speak soon,", "Ta,", "With thanks,", "Regards,", ""]

    def _asides(self, asks: list[DomainAsk]) -> list[str]:
        """A remark after the request that carries no value."""
        org = asks[0].organisation
        return ["We'd like this done before Friday if possible, the old hosting contract ends then.",
                f"The customer's own change reference is RFC-{self.rng.randrange(1000, 9999)}.",
                f"{org} have confirmed the zone is already live at the new provider.",
                "Let me know if you need anything else from us.",
                "Shout if anything looks off.",
                "Apologies for the short notice on this one.",
                "Our customer's IT contact is copied in for info.",
                "If you need to verify this with the council directly that's fine, they are expecting a call."]

    def _disclaimers(self) -> list[str]:
        return ["", "",
                ("This e-mail is confidential and may be legally privileged. If you are not the intended recipient "
                "do not read, copy or forward it; tell us and delete it. We monitor e-mail for security purposes."),
                "Our office hours are 08:30-17:30 Monday to Friday, excluding bank holidays.",
                ("Any views expressed here are the sender's and not necessarily those of the company. Registered in "
                "Scotland, SC612345. Registered office: 4 Quayside, Leith EH6 6QQ."),
                "Think before you print."]

    def _signature(self, registrar: str, sender: str) -> str:
        rng = self.rng
        person = rng.choice(PEOPLE)
        host = sender.partition("@")[2]
        lines = [person]
        if rng.random() < 0.7:
            lines.append(f"{rng.choice(ROLES)}, {registrar}")
        else:
            lines.append(registrar)
        lines.append(rng.choice([f"Tel: 01{rng.randrange(100, 999)} {rng.randrange(100000, 999999)}",
                                 f"Direct line 0345 {rng.randrange(100, 999)} {rng.randrange(1000, 9999)}",
                                 f"support: {sender}"]))
        if rng.random() < 0.5:
            lines.append(f"www.{host}")
        disclaimer = rng.choice(self._disclaimers())
        return "\n".join(lines) + ("\n\n" + disclaimer if disclaimer else "")

    def _subject(self, asks: list[DomainAsk], what: str = "ns") -> str:
        rng = self.rng
        names = ", ".join(a.domain for a in asks) if len(asks) < 3 or rng.random() < 0.5 else \
            f"{asks[0].domain} and {len(asks) - 1} others"
        if what == "ds":
            return rng.choice([f"DNSSEC / DS update {names}", f"DS record request: {names}", f"{names} DNSSEC"] +
                              ([f"Key rollover - {names}"] if asks[0].current_ds else [f"Adding DS for {names}"]))
        return rng.choice([f"Nameserver change - {names}", f"{names} delegation update", f"Re-delegation: {names}",
                           f"DNS move for {names}", f"Change of NS ({names})", names,
                           f"Request to amend nameservers {names}", (f"[CASE-{rng.randrange(10000, 99999)}] "
                           f"{names} - NS change"), f"Please action: {names}", f"Fwd: nameservers {names}",
                           f"{names} - moving DNS host"])

    def _typo(self, text: str) -> str:
        """Now and then one slip in the prose: only in words that are never a value nor say what to do."""
        rng = self.rng
        if rng.random() > 0.3:
            return text
        found = [w for w in sorted(TYPOS) if _word(w).search(text)]
        if not found:
            return text
        word = rng.choice(found)
        return _word(word).sub(TYPOS[word], text, count=1)

    # --- values ---

    def _h(self, value: str, *, prose: bool = False) -> str:
        """A name server as typed: now and then in capitals, with the root's dot (not in a sentence, where it
        would run into the full stop), or capitalised by the client."""
        r = self.rng.random()
        if r < 0.05:
            return value.upper()
        if r < 0.11:
            return value if prose else value + "."
        if r < 0.14:
            return value[0].upper() + value[1:]
        return value

    def _hs(self, values: list[str], *, prose: bool = False) -> list[str]:
        return [self._h(v, prose=prose) for v in values]

    def _set_new(self, ask: DomainAsk, avoid: list[str] = ()) -> list[str]:
        """A complete new set for the domain: two to four servers, none of those it has now."""
        rng = self.rng
        while True:
            hosts = _hosts(rng, ask.domain)
            new = hosts[:min(len(hosts), rng.choice([2, 2, 2, 3, 4]))]
            if not set(new) & set(ask.current_ns) and not set(new) & set(avoid):
                ask.new_ns = list(new)
                return list(new)

    def _spare(self, ask: DomainAsk, n: int) -> list[str]:
        """`n` servers the domain does not have."""
        while True:
            hosts = _hosts(self.rng, ask.domain)
            if len(hosts) >= n and not set(hosts) & set(ask.current_ns):
                return hosts[:n]

    def _changes(self, ask: DomainAsk) -> None:
        """Additions and removals the current records allow, each leaving two or more servers: a move to another
        host, one more server, one fewer, one swapped for another, two swapped."""
        rng, cur = self.rng, ask.current_ns
        shape = rng.choice(["move", "more", "fewer", "swap", "swap", "two"])
        if shape == "fewer" and len(cur) < 3 or shape == "two" and len(cur) < 2:
            shape = "swap"
        if shape == "move":
            ask.remove_ns, ask.add_ns = list(cur), self._spare(ask, rng.choice([2, 2, 3]))
        elif shape == "more":
            ask.add_ns = self._spare(ask, rng.choice([1, 1, 2]))
        elif shape == "fewer":
            ask.remove_ns = [rng.choice(cur)]
        elif shape == "swap":
            ask.remove_ns, ask.add_ns = [rng.choice(cur)], self._spare(ask, 1)
        else:
            ask.remove_ns, ask.add_ns = rng.sample(cur, 2), self._spare(ask, 2)

    def _join(self, values: list[str]) -> str:
        style = self.rng.randrange(5)
        if style == 0 or len(values) == 1:
            return _and(values)
        if style == 1:
            return ", ".join(values)
        if style == 2:
            return " & ".join(values) if len(values) == 2 else _and(values)
        if style == 3:
            return " / ".join(values)
        return ", ".join(values[:-1]) + ", and " + values[-1]

    def _d(self, ask: DomainAsk) -> str:
        """The domain as written: rarely in capitals."""
        return ask.domain.upper() if self.rng.random() < 0.04 else ask.domain

    # --- a request ---

    def request(self, mid: str, layout: str, client: str) -> Mail:
        rng = self.rng
        registrar = rng.choice(REGISTRARS)
        sender = TICKET_SENDER if client == "ticket_system" else rng.choice(
            [e for e in registrar["emails"] if e != TICKET_SENDER])
        if client == "ticket_system":
            registrar = next(r for r in REGISTRARS if TICKET_SENDER in r["emails"])
        asks = self._domains(registrar["name"], rng.choice([2, 3]) if layout == "multi_domain" else 1)
        if layout == "multi_domain" and rng.random() < 0.35:  # a second customer's domain in the same mail
            asks += self._domains(registrar["name"], 1)
        subject, blocks, attachment = getattr(self, "_w_" + layout)(asks)
        truth = "asked" if layout == "ambiguous" else {a.domain: a.truth() for a in asks}
        charset, encoding = self.charset or rng.choice(CHARSETS), self.encoding or rng.choice(ENCODINGS)
        opening = rng.choice(self._openings())
        blocks = ([("p", opening)] if opening else []) + blocks
        if rng.random() < 0.25:
            blocks.append(("p", self._typo(rng.choice(self._asides(asks)))))
        raw, said = self._build(rng, mid, client, charset, encoding, sender, registrar["name"], subject, blocks,
                                rng.choice(self._closings()), self._signature(registrar["name"], sender),
                                attachment)
        return Mail(mid, "ambiguous" if layout == "ambiguous" else "request", layout, client, charset, encoding,
                    sender, truth, raw, said=said, seed=self.seed)

    # --- layouts: each gives (subject, blocks, attachment) ---

    def _w_prose(self, asks):
        rng, a = self.rng, asks[0]
        d, org, cur = self._d(a), a.organisation, self._join(a.current_ns)
        shape = rng.randrange(10)
        if len(a.current_ns) >= 3 and rng.random() < 0.35:  # one fewer
            gone = rng.choice(a.current_ns)
            a.remove_ns = [gone]
            text = rng.choice([
                (f"We're decommissioning {self._h(gone, prose=True)}, so please take it out of the delegation for "
                f"{d}. The other nameservers stay exactly as they are."),
                (f"Could you remove {self._h(gone, prose=True)} from {d}? It's being switched off at the end of the "
                f"month. Leave the rest alone please.")])
            return self._subject(asks), [("p", self._typo(text))], None
        if shape in (6, 7):  # one or two more
            extra = self._spare(a, rng.choice([1, 1, 2]))
            a.add_ns = extra
            text = rng.choice([
                (f"Could you add {self._join(self._hs(extra, prose=True))} to {d} as well? The existing nameservers "
                f"({cur}) should all stay."),
                (f"Please can we have {self._join(self._hs(extra, prose=True))} added to the nameservers for {d}, in "
                f"addition to the current ones. Nothing is being removed."),
                (f"{org} want some extra resilience on {d}, so please add {self._join(self._hs(extra, prose=True))} "
                f"alongside what's there today.")])
            return self._subject(asks), [("p", self._typo(text))], None
        hosts = self._hs(self._set_new(a), prose=True)
        if shape == 9:  # the servers on lines of their own, in the middle of a sentence
            lines = "\n".join(hosts)
            text = rng.choice([(f"Hi, can you change the NS for {d} to the following please\n\n{lines}\n\nthat's the "
                               f"full set, anything else can come off."),
                               (f"{org} are moving DNS host. Please set {d} to\n{lines}\nand remove whatever is "
                               f"there now.")])
            return self._subject(asks), [("p", self._typo(text))], None
        new = self._join(hosts)
        texts = [
            (f"{org} have moved their DNS to a new supplier and asked us to get {d} repointed. Could you set the "
            f"nameservers to {new} please?"),
            f"{d} - please change the NS to {new}. Thanks",
            (f"We need the delegation for {d} changing. At the moment it points at {cur}; it should point at {new} "
            f"instead."),
            f"Can the name servers on {d} be updated so that they read {new}? Nothing else on the domain changes.",
            f"Following the migration away from {cur}, {d} should now be delegated to {new}.",
            f"On behalf of our client ({org}) please amend the nameservers for {d}. The new values are {new}.",
            (f"Just a quick one: {d} needs to go over to {new}. The customer has signed off the change on their "
            f"side."),
        ]
        return self._subject(asks), [("p", self._typo(rng.choice(texts)))], None

    def _w_form(self, asks):
        rng, a = self.rng, asks[0]
        d = self._d(a)
        new = self._hs(self._set_new(a))
        shape = rng.randrange(5)
        ordinals = ["Primary", "Secondary", "Tertiary", "Fourth"]
        if shape == 0:
            pairs = [("Domain Name", d)] + [(f"{ordinals[i]} Nameserver", v) for i, v in enumerate(new)]
        elif shape == 1:
            pairs = [("Zone", d), ("Change type", "Delegation"), ("Urgency", rng.choice(["Normal", "Low", "High"]))]
            pairs += [(f"NS{i}", v) for i, v in enumerate(new, 1)]
            pairs += [("Requested by", rng.choice(PEOPLE)), ("Contact number", f"07700 900{rng.randrange(100, 999)}")]
        elif shape == 2:
            pairs = [("Domain", d), (rng.choice(["Nameservers (comma separated)", "New NS", "Name servers required"]),
                                     ", ".join(new))]
        elif shape == 3:
            pairs = [("Domain", d), ("DNS host", rng.choice(["new provider", "customer's own", "managed DNS"]))]
            pairs += [(f"Name server {i}", v) for i, v in enumerate(new, 1)]
            glued = all(v.lower().rstrip(".").endswith(a.domain) for v in new)
            if glued:  # servers inside the domain: their addresses given too, as the registry needs glue
                pairs = [(f"Name server {i}", v) for i, v in enumerate(new, 1)]
                pairs = [("Domain", d)] + [p for i, (k, v) in enumerate(pairs, 1)
                                           for p in ((k, v), (f"Name server {i} IPv4", f"198.51.100.{10 + i}"))]
            else:
                pairs.append(("Glue records", "n/a"))
        else:
            pairs = [("Domain", d), ("Current nameservers", ", ".join(a.current_ns)),
                     ("Requested nameservers", ", ".join(new))]
        intro = rng.choice(["Please could you process the following:", "Details below.",
                            "Request details as follows", "Form completed by the customer:",
                            f"Change for {d}, details as below:"])
        blocks = [("p", intro), ("fields", pairs)]
        if rng.random() < 0.3:
            blocks.append(("fields", [("DS records", rng.choice(["no change", "unchanged", "leave as is"])),
                                      ("Registrant", "no change")]))
        return self._subject(asks), blocks, None

    def _w_label_list(self, asks):
        rng, a = self.rng, asks[0]
        d = self._d(a)
        new = self._hs(self._set_new(a))
        with_domain = [f"Please delegate {d} to:", f"New DNS servers for {d} -", f"Nameservers for {d} going forward:",
                       f"{d} should use these nameservers:"]
        plain = ["Nameservers to set:", "The delegation should be:", "NS going forward", "Set NS to",
                 "Name servers (replacing all existing ones):", "Delegation after the change:",
                 "New nameserver list"]
        if rng.random() < 0.5:
            blocks = [("list", rng.choice(with_domain), new, self._list_style())]
            if rng.random() < 0.5:
                blocks.insert(0, ("p", self._typo(rng.choice(["Please could you action the below.",
                                                              "Another one for you I'm afraid!",
                                                              "Our customer has asked for this change."]))))
        else:
            intro = rng.choice([f"Domain: {d}", f"We've a change for {d}.", f"Re {d}:",
                                f"Please update {d} as follows."])
            blocks = [("p", self._typo(intro)), ("list", rng.choice(plain), new, self._list_style())]
        return self._subject(asks), blocks, None

    def _w_current_new_lists(self, asks):
        rng, a = self.rng, asks[0]
        d = self._d(a)
        new = self._hs(self._set_new(a))
        cur_label, new_label = rng.choice([("Currently:", "Change to:"), ("Before:", "After:"),
                                           ("Existing delegation:", "Requested delegation:"),
                                           ("What it is now", "What it should be"), ("From:", "To:"),
                                           ("Old (please remove):", "New (please add):"),
                                           ("Present nameservers -", "Replacement nameservers -"),
                                           ("NS at the moment", "NS wanted")])
        style = self._list_style()
        lists = [("list", cur_label, list(a.current_ns), style), ("list", new_label, new, style)]
        if rng.random() < 0.3 and not cur_label.startswith("Before") and cur_label != "From:":
            lists.reverse()
        intro = rng.choice([f"Nameserver change needed on {d}, please.", f"Domain: {d}",
                            f"Please can you update {d}:", f"For {d}, see below."])
        return self._subject(asks), [("p", self._typo(intro))] + lists, None

    def _w_current_new_table(self, asks):
        rng, a = self.rng, asks[0]
        d = self._d(a)
        new = self._hs(self._set_new(a))
        cur_head, new_head = rng.choice([("Existing", "Replacement"), ("Now", "Change to"), ("Before", "After"),
                                         ("Currently", "Should be"), ("Present NS", "Proposed NS"),
                                         ("Old value", "New value"), ("Live", "Requested")])
        n = max(len(new), len(a.current_ns))
        rows = [[a.current_ns[i] if i < len(a.current_ns) else "", new[i] if i < len(new) else ""] for i in range(n)]
        header = [cur_head, new_head]
        if rng.random() < 0.25:
            header, rows = header[::-1], [r[::-1] for r in rows]
        extra = rng.randrange(3)
        if extra == 1:
            header, rows = ["#"] + header, [[str(i)] + r for i, r in enumerate(rows, 1)]
        elif extra == 2:
            header, rows = [""] + header, [[f"Nameserver {i}"] + r for i, r in enumerate(rows, 1)]
        style = rng.choice(["aligned", "markdown", "html"])
        intro = rng.choice([f"Table below for {d}:", f"{d} - before and after:", f"Please make this change to {d}.",
                            f"Delegation change for {d}"])
        return self._subject(asks), [("p", intro), ("table", header, rows, style)], None

    def _w_add_remove_table(self, asks):
        rng, a = self.rng, asks[0]
        d = self._d(a)
        self._changes(a)
        add, rem, keep = rng.choice([("Add", "Remove", "Keep"), ("ADD", "DELETE", "NO CHANGE"),
                                     ("add", "drop", "keep"), ("Insert", "Delete", "Unchanged"),
                                     ("New", "Remove", "Leave")])
        rows = [[rem, self._h(v)] for v in a.remove_ns] + [[add, self._h(v)] for v in a.add_ns]
        if rng.random() < 0.3:
            rows = [[keep, v] for v in a.current_ns if v not in a.remove_ns] + rows
        if rng.random() < 0.3:
            rows = rows[::-1]
        shape = rng.randrange(4)
        if shape == 0:
            header, rows = ["Zone", "Change", "NS host"], [[d] + r for r in rows]
        elif shape == 1:
            header = ["Action", "Name server"]
        elif shape == 2:
            header, rows = ["Name server", "What to do"], [r[::-1] for r in rows]
        else:
            header, rows = None, [[d] + r for r in rows]
        style = rng.choice(["aligned", "markdown", "html"])
        intro = rng.choice([f"Please make the following changes to {d}:", "Changes required:",
                            f"For {d}:", "See table - anything not listed stays as it is."])
        return self._subject(asks), [("p", intro), ("table", header, rows, style)], None

    def _w_portal(self, asks):
        rng, a = self.rng, asks[0]
        d = self._d(a)
        new = self._hs(self._set_new(a))
        cur = a.current_ns
        shape = rng.randrange(5)
        if shape == 4:  # one line a server: the old value, an arrow, the new one
            pairs = [("Case", f"{rng.randrange(1000000, 9999999)}"), ("Domain", d),
                     ("Type", "Nameserver change (old -> new)")]
            for i in range(max(len(cur), len(new))):
                pairs.append((f"Nameserver {i + 1}", (f"{cur[i] if i < len(cur) else '(none)'} -> "
                                                     f"{new[i] if i < len(new) else '(none)'}")))
            return self._subject(asks), [("p", rng.choice(["Exported from our case system:",
                                                           "Please see the change raised below."])),
                                         ("fields", pairs)], None
        if shape == 0:
            pairs = [("Ticket", f"CHG00{rng.randrange(10000, 99999)}"), ("Category", "Domains > DNS > Delegation"),
                     ("Domain", d)]
            pairs += [(f"Nameserver {i} - current", v) for i, v in enumerate(cur, 1)]
            pairs += [(f"Nameserver {i} - requested", v) for i, v in enumerate(new, 1)]
            return self._subject(asks), [("p", "Raised via the customer portal:"), ("fields", pairs)], None
        if shape == 1:
            pairs = [("Reference", f"SR-{rng.randrange(100000, 999999)}"), ("Service", "Domain name"),
                     ("Action", "Modify nameservers"), ("Domain", d)]
            for i in range(max(len(cur), len(new))):
                pairs.append((f"NS{i + 1} old", cur[i] if i < len(cur) else "(none)"))
                pairs.append((f"NS{i + 1} new", new[i] if i < len(new) else "(none)"))
            return self._subject(asks), [("p", "Automated notification - change awaiting registry action"),
                                         ("fields", pairs)], None
        if shape == 2:
            width = 20
            lines = [f"ORDER {rng.randrange(100000, 999999)}  |  Modify Nameservers  |  Status: Awaiting registry", "",
                     "Domain ".ljust(width, ".") + " " + d]
            for label, values in (("Existing NS ", cur), ("Requested NS ", new)):
                lines.append(label.ljust(width, ".") + " " + values[0])
                lines += [" " * (width + 1) + v for v in values[1:]]
            return self._subject(asks), [("p", "Copy of the order from our reseller panel:"),
                                         ("pre", "\n".join(lines))], None
        qa = [("Which domain is this for?", [d]), ("What are the nameservers now?", list(cur)),
              ("What should the nameservers be changed to?", new),
              ("Reason for the change", ["Moving to a new DNS provider"])]
        text = "\n\n".join(q + "\n" + "\n".join(v) for q, v in qa)
        return self._subject(asks), [("p", f"New submission from the domain change form ({rng.choice(PEOPLE)}):"),
                                     ("pre", text)], None

    def _w_replace(self, asks):
        rng, a = self.rng, asks[0]
        d = self._d(a)
        olds = rng.sample(a.current_ns, 1 if len(a.current_ns) < 2 or rng.random() < 0.6 else 2)
        news = self._spare(a, len(olds))
        a.remove_ns, a.add_ns = list(olds), list(news)
        shape = rng.randrange(3)
        pairs = [(self._h(o, prose=shape != 1), self._h(n, prose=shape != 1)) for o, n in zip(olds, news)]
        forms = [lambda o, n: f"swap {o} out for {n}", lambda o, n: f"change {o} to {n}",
                 lambda o, n: f"retire {o} and use {n} in its place", lambda o, n: f"in place of {o}, use {n}",
                 lambda o, n: f"move {o} to {n}", lambda o, n: f"change {o} over to {n}",
                 lambda o, n: f"take out {o} and put {n} in instead"]
        if shape == 0:
            form = rng.choice(forms)
            text = f"For {d} could you please " + "; and ".join(form(o, n) for o, n in pairs) + "."
            if rng.random() < 0.6:
                text += rng.choice([" The others stay put.", " Everything else remains the same.",
                                    " No other changes."])
            return self._subject(asks), [("p", self._typo(text))], None
        if shape == 1:
            arrow = rng.choice(["->", "=>", "-->"])
            lines = [f"{o} {arrow} {n}" for o, n in pairs]
            return self._subject(asks), [("p", self._typo(rng.choice(
                [f"Nameserver replacement on {d} (old {arrow} new):", f"Please update {d}, old {arrow} new:"]))),
                ("pre", "\n".join(lines)), ("p", "All other nameservers unchanged.")], None
        text = " ".join(f"Please replace {o} with {n}." if i == 0 else f"Also {o} should become {n}."
                        for i, (o, n) in enumerate(pairs))
        return self._subject(asks), [("p", self._typo(f"Small change on {d}. {text}"))], None

    def _w_epp(self, asks):
        rng, a = self.rng, asks[0]
        d = a.domain
        self._changes(a)
        shape = rng.randrange(3)
        # An XML command holds the names as a program writes them: no capitals, no root's dot.
        adds, rems = (a.add_ns, a.remove_ns) if shape == 1 else (self._hs(a.add_ns), self._hs(a.remove_ns))
        if shape == 0:
            lines = [f"domain {d}"] + [f"  ns rem {v}" for v in rems] + [f"  ns add {v}" for v in adds]
            lead = rng.choice(["Output from our provisioning tool, please apply:", "EPP-style, as usual:",
                               "Update to run:"])
        elif shape == 1:
            def hosts(values):
                return "".join(f"\n      <domain:hostObj>{v}</domain:hostObj>" for v in values)
            parts = ["<domain:update xmlns:domain=\"urn:ietf:params:xml:ns:domain-1.0\">",
                     f"  <domain:name>{d}</domain:name>"]
            if adds:
                parts += [f"  <domain:add>\n    <domain:ns>{hosts(adds)}\n    </domain:ns>\n  </domain:add>"]
            if rems:
                parts += [f"  <domain:rem>\n    <domain:ns>{hosts(rems)}\n    </domain:ns>\n  </domain:rem>"]
            parts.append("</domain:update>")
            lines = parts
            lead = rng.choice(["Our system would normally send this over EPP; the command is below.",
                               "Domain update (EPP command we would have sent):"])
        else:
            bits = [f"REM NS={v}" for v in rems] + [f"ADD NS={v}" for v in adds]
            lines = [f"UPDATE DOMAIN {d} " + " ".join(bits)]
            lead = "Command for the registry:"
        return self._subject(asks), [("p", lead), ("pre", "\n".join(lines))], None

    def _w_csv(self, asks):
        rng, a = self.rng, asks[0]
        d = a.domain
        shape = rng.randrange(4)
        if shape == 2:  # current and new side by side
            new = self._set_new(a)
            rows = ["domain,current_ns,new_ns"]
            n = max(len(new), len(a.current_ns))
            rows += [f"{d},{a.current_ns[i] if i < len(a.current_ns) else ''},{new[i] if i < len(new) else ''}"
                     for i in range(n)]
            text, ext = "\r\n".join(rows) + "\r\n", "csv"
        else:
            self._changes(a)
            add, rem = rng.choice([("add", "remove"), ("ADD", "DEL"), ("Add", "Delete")])
            if shape == 0:
                rows = ["Domain Name,Action,Name Server"]
                rows += [f"{d},{rem},{v}" for v in a.remove_ns] + [f"{d},{add},{v}" for v in a.add_ns]
                text, ext = "\r\n".join(rows) + "\r\n", "csv"
            elif shape == 1:
                rows = ["zone\top\thost"]
                rows += [f"{d}\t{rem}\t{v}" for v in a.remove_ns] + [f"{d}\t{add}\t{v}" for v in a.add_ns]
                text, ext = "\n".join(rows) + "\n", "txt"
            else:
                rows = ['"domain","action","nameserver"']
                rows += [f'"{d}","{rem}","{v}"' for v in a.remove_ns] + [f'"{d}","{add}","{v}"' for v in a.add_ns]
                text, ext = "\r\n".join(rows) + "\r\n", "csv"
        body = rng.choice([f"Please see attached for {d}.", "Spreadsheet of the changes attached.",
                           f"Attached is the nameserver change for {d} - one row per server.",
                           "The change is in the attached file, exported from our system."])
        name = rng.choice(["nameservers", "ns_update", "delegation-change", f"{d.split('.')[0]}-ns"])
        return self._subject(asks), [("p", self._typo(body))], (f"{name}.{ext}", text, ext)

    def _w_multi_domain(self, asks):
        rng = self.rng
        shape = rng.randrange(5)
        ds_ask = rng.choice(asks) if rng.random() < 0.15 else None
        blocks = [("p", rng.choice([f"We have {len(asks)} domains to update this time:",
                                    "A batch for you - see below.", "Several changes, one per domain:",
                                    "Please update the following domains."]))]
        if shape == 4 and rng.random() < 0.4:  # one more server for each, keeping theirs
            taken = [v for a in asks for v in a.current_ns]
            while True:
                extra = _hosts(rng, "shared.example")[:1]
                if extra[0] not in taken and not extra[0].endswith(".shared.example"):
                    break
            for a in asks:
                a.add_ns = list(extra)
            blocks = [("p", self._typo(f"Could you please add {self._h(extra[0], prose=True)} as an extra nameserver "
                                       f"on each of the domains below? They keep their existing ones."))]
            blocks.append(("list", "", [self._d(a) for a in asks], self._list_style()))
            return self._subject(asks), blocks, None
        if shape == 3:  # one set for all
            taken = [v for a in asks for v in a.current_ns]
            new = self._set_new(asks[0], taken)
            for a in asks[1:]:
                a.new_ns = list(new)
            blocks = [("list", "Please point all of these at the same nameservers:", [self._d(a) for a in asks],
                       self._list_style()),
                      ("list", "Nameservers:", self._hs(new), self._list_style())]
        elif shape == 2:
            sets = [self._hs(self._set_new(a)) for a in asks]
            width = max(len(s) for s in sets)
            header = ["Domain"] + [f"NS{i}" for i in range(1, width + 1)]
            rows = [[self._d(a)] + s + [""] * (width - len(s)) for a, s in zip(asks, sets)]
            blocks.append(("table", header, rows, rng.choice(["aligned", "markdown", "html"])))
        else:
            for a in asks:
                new = self._hs(self._set_new(a), prose=shape == 4)
                if shape == 0:
                    blocks.append(("fields", [("Domain", self._d(a)), ("New nameservers", ", ".join(new))]))
                elif shape == 1:
                    blocks.append(("list", f"{self._d(a)} -", new, self._list_style()))
                else:
                    blocks.append(("p", self._typo(rng.choice(
                        [f"{self._d(a)} should be delegated to {self._join(new)}.",
                         f"For {self._d(a)}, please use {self._join(new)}."]))))
        if ds_ask is not None:
            ds_ask.new_ds = [_ds(rng)]
            blocks.append(("p", (f"Also, for {ds_ask.domain} only, please set this DS record "
                                f"({'replacing the current one' if ds_ask.current_ds else 'it has none yet'}):")))
            blocks.append(("pre", ds_ask.new_ds[0]))
        return self._subject(asks), blocks, None

    def _ds_fields(self, record: str) -> list[tuple[str, str]]:
        rng = self.rng
        tag, alg, dtype, digest = record.split()
        names = {"8": "RSASHA256", "13": "ECDSAP256SHA256"}
        dnames = {"2": "SHA-256", "4": "SHA-384"}
        labels = rng.choice([("Key Tag", "Algorithm", "Digest Type", "Digest"),
                             ("Keytag", "Alg", "Digest type", "Digest"),
                             ("Key tag", "Algorithm number", "Digest algorithm", "Digest value")])
        verbose = rng.random() < 0.4
        values = [tag, f"{alg} ({names[alg]})" if verbose else alg, f"{dtype} ({dnames[dtype]})" if verbose else dtype,
                  digest.lower() if rng.random() < 0.3 else digest]
        return list(zip(labels, values))

    def _w_ds(self, asks):
        rng, a = self.rng, asks[0]
        d = self._d(a)
        new = _ds(rng)
        shape = rng.randrange(3)
        if a.current_ds and shape == 0:
            a.add_ds = [new]
            lead = rng.choice([f"Key rollover for {d}: please ADD the DS below and keep the existing one for now.",
                               (f"We're rolling the KSK on {d}. Please publish this new DS record alongside the "
                               f"current one - we'll ask for the old one to come out later.")])
        elif a.current_ds and shape == 1:
            old = a.current_ds[0]
            a.remove_ds, a.add_ds = [old], [new]
            lead = (f"Please remove the DS with key tag {old.split()[0]} from {d} and add the following in its "
                    f"place:")
        elif a.current_ds:
            a.new_ds = [new]
            lead = rng.choice([f"Please replace the DS record on {d} with this one:",
                               f"The DS for {d} needs to be this (the old one can go):"])
        else:
            a.new_ds = [new]
            lead = rng.choice([f"We're enabling DNSSEC on {d}. Please add this DS record:",
                               f"{a.organisation} have signed their zone; DS record for {d} below.",
                               f"Please could you add a DS record to {d} - details:"])
        look = rng.randrange(4)
        if look == 3:  # the whole panel of a DNS host pasted: the DS line and its parts, the key, the flags
            tag, alg, dtype, digest = new.split()
            key = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
                          for _ in range(86)) + "=="
            blocks = [("p", self._typo(lead)),
                      ("fields", [("DS record", f"{a.domain}. 3600 IN DS {new}"), ("Digest", digest),
                                  ("Digest type", f"{dtype} ({'SHA256' if dtype == '2' else 'SHA384'})"),
                                  ("Algorithm", alg), ("Public key", key), ("Key tag", tag),
                                  ("Flags", "257 (KSK)")])]
        elif look == 0:
            blocks = [("p", self._typo(lead)), ("pre", new)]
        elif look == 1:
            blocks = [("p", self._typo(lead)), ("pre", f"{a.domain}. {rng.choice(['3600 ', '86400 ', ''])}IN DS {new}")]
        else:
            blocks = [("p", self._typo(lead)), ("fields", self._ds_fields(new))]
        if rng.random() < 0.25:
            ns = self._hs(self._set_new(a))
            blocks.append(("list", rng.choice(["Nameservers are changing at the same time, to:",
                                               "And please move the NS to:"]), ns, self._list_style()))
        return self._subject(asks, "ds"), blocks, None

    def _w_ambiguous(self, asks):
        rng, a = self.rng, asks[0]
        d = a.domain
        other = self._spare(a, 2)
        shape = self._ambiguous_made % 7  # each shape in turn, so that ten mails hold them all
        self._ambiguous_made += 1
        if shape == 0:  # two lists and no word of which is which
            return self._subject(asks), [("p", f"Nameservers for {d}:"), ("list", "", list(a.current_ns), "plain"),
                                         ("list", "", other, "plain")], None
        if shape == 1:  # one server left
            return self._subject(asks), [("p", f"Please make {other[0]} the only nameserver for {d}.")], None
        if shape == 2:  # a server to take off that the domain does not have
            return self._subject(asks), [("p", f"On {d} please take {other[0]} off and put {other[1]} on.")], None
        if shape == 3:  # what it has already
            return self._subject(asks), [("p", (f"Could you set the nameservers of {d} to "
                                               f"{self._join(a.current_ns)}?"))], None
        if shape == 4 and rng.random() < 0.5:  # one more that it has already
            return self._subject(asks), [("p", (f"Could you add {a.current_ns[0]} to the nameservers for {d}? "
                                               "Keep the others as they are."))], None
        if shape == 4:  # no value at all
            return self._subject(asks), [("p", (f"{d} is moving to Cloudflare next week, please update the "
                                               f"nameservers accordingly."))], None
        if shape == 6:  # the new servers only in an earlier mail the bot never had
            return self._subject(asks), [("p", (f"Following on from my colleague's email last week, please go ahead "
                                               f"and switch {d} to the nameservers she sent over."))], None
        broken = other[0].replace(".", "..", 1)  # not a hostname: a careful person asks what was meant
        return self._subject(asks), [("p", f"Please change {d} to {broken} and {other[1]}.")], None

    # --- thread mails ---

    def _replies(self) -> list[str]:
        return ["Spot on, thanks.", "All good from our side, please proceed.", "Yep, that's the one.",
                "Confirmed with the customer this morning - go ahead.", "Many thanks, we'll let the council know.",
                "Looks right to me.", "Cheers!", "Noted, thank you.",
                "Thank you. Can you let us know once it's live?", "That's correct, no changes to what we sent.",
                "Brilliant, appreciate the quick turnaround.", "Received with thanks.",
                "Hi, yes please go ahead with the change as we asked. The council are aware it's happening.",
                "Thanks for this. I've passed the reference on to the customer so they can look out for the call.",
                "ok thanks"]

    def _auto_replies(self) -> list[str]:
        return [("I'm on leave until 4 December with limited access to email. For anything urgent please contact "
                "the support desk."),
                ("Thanks for getting in touch. Your email has been logged with reference INC0098123 and one of the "
                "team will pick it up shortly."),
                ("This mailbox is only checked during office hours (Mon-Fri, 9-5). We aim to respond within one "
                "working day."),
                "Automatic reply: I am out of the office today. Your message has not been forwarded."]

    def _thread(self, mid: str, kind: str, target: Mail) -> Mail:
        rng = self.rng
        client = rng.choice(CLIENTS[:5])
        charset, encoding = rng.choice(CHARSETS), rng.choice(ENCODINGS)
        if kind == "reply":
            said = rng.choice(self._replies())
            sign = rng.choice(["", "Thanks,", "Best,", "Regards"])
            said = said + (f"\n\n{sign}\n{rng.choice(PEOPLE).split()[0]}" if sign else "")
        elif kind == "automatic":
            said = rng.choice(self._auto_replies())
        else:
            said = f"delivery to {target.sender} failed"  # the framework's bounce reads the address from it
        sender = target.sender if kind != "bounce" else "MAILER-DAEMON@mx." + target.sender.partition("@")[2]
        return Mail(mid, kind, kind if kind != "reply" else said.split("\n")[0][:24], client, charset, encoding,
                    sender, kind, None, thread_of=target.id, said=said, seed=self.seed)

