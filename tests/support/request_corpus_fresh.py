"""Seed 16 of the request corpus: the same asks, registry, mail building, clients and charsets as
tests/support/request_corpus.py, in words written for this seed alone and read by nobody who tunes the reader.

Every layout of LAYOUTS in several shapes: prose (a complete set, or additions and removals said in sentences),
`Field: value` forms (numbered, primary/secondary, repeated "NS:", a council change form, glue addresses), label
lines and lists (a new set, or "Add:"/"Remove:" lists), "before"/"after" lists, two-column current/new tables
(with an index or record column, either way round), add/remove tables (with "keep" rows, columns in any order),
registrar portal and service-desk exports, "X should be replaced by Y" and "X => Y" lines, EPP as commands, as a
command line and as the XML frame, CSV and text attachments (a semicolon export with a byte order mark, a row
holding the whole set), several domains of one organisation (one set for all, a row each, a paragraph each, a
DS record for one), and DS records in one line, as a zone file line, as `dig` prints them (the digest in two
halves), in labelled fields and in a table. Replies, auto-replies and bounces on the thread are the base class's,
in words of this seed.

The mails are written the way registrars, resellers, hosting companies, council IT suppliers and ticket systems
write: terse or chatty, now and then a slip of the keyboard in the words around the values, never in a value.
Each mail has one reading a careful registry operator would agree on (`DomainAsk.truth()`), but about one in 40,
ambiguous on purpose, whose truth is "asked". About 6 asks in 100 are DS records.
"""

from __future__ import annotations

from tests.support.request_corpus import (
    KINDS,
    LAYOUTS,
    MORE_KINDS,
    PLACES,
    DomainAsk,
    Generator,
    _ds,
    _provider_set,
)

FRESH_SEED = 16
FRESH_SIZE = 300
FRESH_PREFIX = "z"

# Organisations of kinds the other seeds have too few of, so that the seed finds enough names that are not taken
# when it is a third seed in a part.
FRESH_KINDS = [("-coroner", "{} Coroner's Service"), ("-ifca", "{} Inshore Fisheries Authority"),
               ("-archives", "{} Archives Service"), ("-lep", "{} Enterprise Partnership"),
               ("-harbour", "{} Harbour Board"), ("-crem", "{} Crematorium Joint Committee")]

# One round of layouts: DS records once in 18 (about 6 asks in 100, with the DS of several domains' mails), the
# layouts registrars use most a second time.
ROUND = LAYOUTS + ("prose", "current_new_table", "add_remove_table", "replace", "form", "label_list")

ALGORITHMS = {8: ("RSASHA256", "RSA/SHA-256"), 13: ("ECDSAP256SHA256", "ECDSA Curve P-256 with SHA-256")}
DIGEST_TYPES = {2: ("SHA-256", "SHA256"), 4: ("SHA-384", "SHA384")}


class FreshGenerator(Generator):
    """Requests and thread mails of seed 16, in this module's words."""

    def __init__(self, part: str, seed: int = FRESH_SEED):
        super().__init__(part, seed)
        self.prefix = FRESH_PREFIX
        self.layouts = ROUND
        names = [(place + suffix, org.format(place.capitalize())) for place in PLACES
                 for suffix, org in KINDS + MORE_KINDS + FRESH_KINDS]
        self.rng.shuffle(names)
        self.free_names = names

    # --- around the request ---

    def _openings(self) -> list[str]:
        return ["Hi there,", "Morning,", "Hello Registry Lock team,", "Dear Sir/Madam,", "Afternoon,", "Hi all,",
                "Good afternoon, hope you're well.", "Hiya,", "Dear colleagues,", "Hello,", "", "",
                "Good morning - hope all's well your end.", "Hi team, one for you please."]

    def _subject(self, asks: list[DomainAsk], what: str = "Nameserver change") -> str:
        names = ", ".join(a.domain for a in asks)
        n = self.rng.randrange(100000, 999999)
        return self.rng.choice([
            f"{what} - {names}", f"{names} - DNS move", f"Delegation change request for {names}",
            f"Locked domain change: {names}", f"Ref {n}: please update {names}", f"{names}",
            f"Request to amend {names}", f"[{n}] {what} - {names}", f"Registry Lock - {names} change",
            f"{what} request ({names})", f"Pls action - {names}",
        ])

    def _signature(self, registrar: str, sender: str) -> str:
        rng = self.rng
        person = rng.choice(["Harriet Boyd", "Kwame Mensah", "Lewis McAllister", "Bethan Pryce", "Declan Hughes",
                             "Ffion Roberts", "Marek Nowak", "Chloé Martin", "Ravi Patel", "Domain Operations",
                             "Support Team", "Nadia Rahman"])
        role = rng.choice(["Hosting Support Engineer", "Domain Operations", "Reseller Services",
                           "Service Desk Analyst", "Senior Infrastructure Engineer", "Customer Success"])
        host = sender.partition("@")[2]
        lines = [person, f"{role}, {registrar}"]
        if rng.random() < 0.7:
            lines.append(rng.choice([f"Tel: 01{rng.randrange(100, 999)} {rng.randrange(100000, 999999)}",
                                     f"Direct dial 0{rng.randrange(1000, 9999)} {rng.randrange(100000, 999999)}",
                                     f"Support line: 0800 {rng.randrange(100, 999)} {rng.randrange(1000, 9999)}"]))
        if rng.random() < 0.5:
            lines.append(rng.choice([f"Web: www.{host}", f"Status page: status.{host}",
                                     f"Raise a ticket online at support.{host}"]))
        disclaimer = rng.choice(self._disclaimers())
        return "\n".join(lines) + ("\n\n" + disclaimer if disclaimer else "")

    def _disclaimers(self) -> list[str]:
        return ["", "",
                ("The content of this email is confidential and is intended for the recipient specified in the "
                "message only. If you received this message by mistake, please reply to let us know and then "
                "delete it."),
                "Our office hours are 08:30 to 17:30, Monday to Friday, excluding bank holidays.",
                ("This message has been scanned for malware. Any views expressed are those of the author and not "
                "necessarily those of the company. Registered in England and Wales, company number 08812345."),
                "Think before you print."]

    def _replies(self) -> list[str]:
        return ["Yep, that's right - thanks.", "Confirmed, those are the servers we asked for.", "Thanks, noted.",
                "Perfect, thank you!", "All good, please carry on.", "That all looks correct to us.",
                "Ok great. Can you let us know once it's done?", ("Thanks - I've passed your reference on to the "
                "customer."), "Morning, yes that matches what we sent over.", "Thankyou, thats correct.",
                "Lovely, cheers.", "Agreed, that is what the customer wants.",
                "Yes, as requested. The customer's security team are expecting your call."]

    def _auto_replies(self) -> list[str]:
        return [("I'm on annual leave with limited access to email until Wednesday 2 December. For anything urgent "
                "please contact our support desk."),
                ("Thank you for contacting us. Your email has been received and a member of the team will respond "
                "within 4 working hours. Your reference is CDS-118822."),
                ("This mailbox is monitored Monday to Friday, 9am to 5pm. We will pick up your message on the next "
                "working day."),
                "Hello, I no longer work on the domains team. Your message has been forwarded to a colleague."]

    # --- how values are written ---

    def _listed(self, values: list[str]) -> str:
        """Values in a sentence, joined as people join them."""
        if len(values) < 2:
            return "".join(values)
        style = self.rng.randrange(4)
        if style == 0:
            return ", ".join(values[:-1]) + " and " + values[-1]
        if style == 1:
            return ", ".join(values)
        if style == 2:
            return " & ".join(values)
        return ", ".join(values[:-1]) + (", and " if len(values) > 2 else " and ") + values[-1]

    def _word(self, value: str) -> str:
        """A name server inside a sentence: never with the root's dot, which would read as the sentence's end."""
        return self._host(value).rstrip(".")

    def _new(self, ask: DomainAsk) -> list[str]:
        return [self._host(v) for v in self._new_set(ask)]

    def _aside(self) -> list[tuple]:
        """A remark some people add after the request."""
        said = self.rng.choice(["", "", "", "Shout if you need anything else from us.",
                                "The customer's security team know this is coming.",
                                "Let me know if there's anything missing.", "Thanks in advance for your help.",
                                "Happy to jump on a call if that helps."])
        return [("p", said)] if said else []

    def _table_style(self) -> str:
        return self.rng.choice(["aligned", "markdown", "html"])

    # --- the layouts: each gives (subject, blocks, attachment) ---

    def _w_prose(self, asks):
        rng, a = self.rng, asks[0]
        if rng.random() < 0.35:
            return self._subject(asks), [("p", self._prose_add_remove(a))] + self._aside(), None
        new = [self._word(v) for v in self._new_set(a)]
        d, org, listed, cur = a.domain, a.organisation, self._listed(new), self._listed(a.current_ns)
        shapes = [
            (f"Could you please update the nameservers for {d} to {listed}? The customer has moved their DNS "
            "hosting and would like this done as soon as possible."),
            (f"We've had a request from {org} to repoint {d}. Their DNS is now managed elsewhere, so the domain "
            f"needs delegating to {listed} instead of the current servers ({cur})."),
            f"{d} needs its NS changing to {listed} please",
            (f"Our client {org} is migrating {d} to a new DNS platform. Once approved, please set the name servers "
            f"to {listed} - this replaces the whole existing set."),
            (f"Apologies for the short notice but we need teh name servers on {d} changed over today if at all "
            f"possible. They should be {listed}. Let me know if you need anything else from us to get this "
            "authorised."),
            (f"Please could you amend the delegation for {d}. At the moment it points to {cur}; going forward it "
            f"should point to {listed} only."),
            (f"Can you move {d} over to {listed}? Thats the complete list, nothing else should remain on the "
            "domain."),
            f"Request on behalf of {org}.\n\nDomain - {d}\nRequired name servers - {listed}",
            (f"We've recieved instructions from {org} to change the nameservers on {d}. Could you set them "
             f"to {listed}? The previous ones were {cur}."),
            f"As discussed on the phone earlier, {d} is to be delegated to {listed}.",
            f"Please can the NS for {d} be updated to: {listed}. Ta",
            (f"The council have signed up with a new DNS provider and have asked us to get {d} pointed at "
            f"{listed} asap. Many thanks for your help with this one."),
        ]
        return self._subject(asks), [("p", rng.choice(shapes))] + self._aside(), None

    def _prose_add_remove(self, a: DomainAsk) -> str:
        """Additions and removals said in a sentence or two."""
        rng = self.rng
        self._add_remove(a)
        d = a.domain
        add, rem = self._listed([self._word(v) for v in a.add_ns]), self._listed([self._word(v) for v in a.remove_ns])
        many_rem, others = len(a.remove_ns) > 1, len(a.current_ns) - len(a.remove_ns) > 1
        if a.add_ns and not a.remove_ns:
            return rng.choice([
                (f"Could you add {add} as an extra name server on {d}? The existing ones ({self._listed(a.current_ns)})"
                " all stay."),
                f"Please add {add} to the delegation for {d}, keeping the current nameservers as they are.",
                f"We'd like to add a further nameserver to {d}: {add}. Nothing is to be removed.",
                (f"Can you add {add} to {d} please, the customer is bringing in a secondary DNS provider. "
                 "Existing nameservers stay put."),
            ])
        if a.remove_ns and not a.add_ns:
            them = "them" if many_rem else "it"
            return rng.choice([
                (f"We're decommissioning {rem}, so please drop {them} from {d}. The remaining name servers stay as "
                "they are."),
                f"Please remove {rem} from the nameservers of {d} - the others are unchanged.",
                f"Could you take {rem} off {d}? Leave the rest of the delegation alone.",
            ])
        if set(a.remove_ns) == set(a.current_ns):
            return rng.choice([
                f"Please remove {rem} from {d} and add {add} in {'their' if many_rem else 'its'} place.",
                f"For {d}: take off {rem}, and put on {add}.",
                f"Our customer is leaving their old DNS host, so {d} needs {rem} removing and {add} adding.",
            ])
        return rng.choice([
            (f"On {d}, please remove {rem} and add {add}; leave the other name server{'s' if others else ''} "
            "untouched."),
            f"For {d} could you delete {rem} and add {add} please. Everything else stays.",
            f"Please add {add} to {d}, and once that's in, remove {rem}. No other changes.",
        ])

    def _w_form(self, asks):
        rng, a = self.rng, asks[0]
        new = self._new(a)
        shape = rng.randrange(6)
        if shape == 0:
            pairs = [("Domain name", a.domain)] + [(f"Nameserver {i}", v) for i, v in enumerate(new, 1)]
        elif shape == 1:
            pairs = [("Domain", a.domain), ("Name servers (full list)", rng.choice([", ", "; ", " "]).join(new))]
        elif shape == 2:
            order = ["Primary nameserver", "Secondary nameserver", "Third nameserver", "Fourth nameserver"]
            pairs = [("Change type", "Nameserver update"), ("Domain", a.domain)] + list(zip(order, new))
        elif shape == 3:
            pairs = [("Requested by", f"IT Service Desk, {a.organisation}"), ("Organisation", a.organisation),
                     ("Domain(s) affected", a.domain), ("Requested change", "Update NS delegation"),
                     ("New NS", "; ".join(new)), ("Reason", rng.choice(["Migration to new DNS provider",
                                                                          "Moving to managed DNS service",
                                                                          "Consolidating hosting"])),
                     ("Urgency", rng.choice(["Normal", "High", "Routine"]))]
        elif shape == 4:
            pairs = [("Zone", a.domain)] + [("NS", v) for v in new]
        else:
            pairs = [("Domain", a.domain)]
            for i, v in enumerate(new, 1):
                pairs.append((f"Host {i}", v))
                if v.lower().rstrip(".").endswith(a.domain):  # in the domain: its glue address beside it
                    pairs.append((f"Host {i} IPv4", f"198.51.100.{rng.randrange(2, 250)}"))
        if rng.random() < 0.3:
            pairs.append(rng.choice([("DNSSEC", "no change"), ("Contacts", "unchanged"),
                                     ("DS records", "leave as is")]))
        intro = rng.choice(["Details of the change below:", "Please process the following NS change.",
                            "Request details:", "See below, thanks.", "Change form completed by the customer:"])
        return self._subject(asks), [("p", intro), ("fields", pairs)] + self._aside(), None

    def _w_label_list(self, asks):
        rng, a = self.rng, asks[0]
        style = self._list_style()
        if rng.random() < 0.3:  # what to add and what to remove, each a list
            self._add_remove(a)
            blocks = [("p", rng.choice([f"A couple of changes to {a.domain} please.", f"Domain: {a.domain}",
                                        f"Please make the following changes to {a.domain}."]))]
            if a.add_ns:
                blocks.append(("list", rng.choice(["Add:", "Please add:", "Add the following:", "To be added:"]),
                               [self._host(v) for v in a.add_ns], style))
            if a.remove_ns:
                blocks.append(("list", rng.choice(["Remove:", "Please remove:", "Take off:", "To be removed:"]),
                               [self._host(v) for v in a.remove_ns], style))
            if rng.random() < 0.5 and len(blocks) == 3:
                blocks[1], blocks[2] = blocks[2], blocks[1]
            if not a.remove_ns:
                blocks.append(("p", "The existing name servers stay."))
            return self._subject(asks), blocks + self._aside(), None
        new = self._new(a)
        if rng.random() < 0.3:
            label = rng.choice([f"Nameservers for {a.domain}:", f"{a.domain} should be delegated to:",
                                f"New NS for {a.domain} -"])
            return self._subject(asks), [("list", label, new, style)] + self._aside(), None
        intro = rng.choice([f"Please update {a.domain}.", f"Domain: {a.domain}", f"Change needed on {a.domain}.",
                            f"Our customer would like {a.domain} moved."])
        label = rng.choice(["Please set the nameservers to the following:", "New NS:", "Delegate to:",
                            "Nameservers required:", "It should be:", "Replacement name servers (all of them):",
                            "Please use these nameservers going forward:"])
        return self._subject(asks), [("p", intro), ("list", label, new, style)] + self._aside(), None

    def _w_current_new_lists(self, asks):
        rng, a = self.rng, asks[0]
        new = self._new(a)
        style = self._list_style()
        labels = rng.choice([("Currently:", "Change to:"), ("Existing NS records", "Required NS records"),
                             ("Before:", "After:"), ("From:", "To:"), ("Old servers -", "New servers -"),
                             ("What it's set to now:", "What it should be:"),
                             ("Current delegation", "Requested delegation")])
        intro = rng.choice([f"Nameserver change for {a.domain}, details below.", f"Please update {a.domain}:",
                            f"Hi, {a.domain} is moving DNS provider."])
        blocks = [("list", labels[0], list(a.current_ns), style), ("list", labels[1], new, style)]
        if labels[0] not in ("Before:", "From:") and rng.random() < 0.3:
            blocks.reverse()  # the new set first
        return self._subject(asks), [("p", intro)] + blocks + self._aside(), None

    def _w_current_new_table(self, asks):
        rng, a = self.rng, asks[0]
        new = self._new(a)
        header = rng.choice([["Existing", "Replacement"], ["Before", "After"], ["Current NS", "Requested NS"],
                             ["Old nameserver", "New nameserver"], ["Present value", "Required value"],
                             ["Currently set", "To be set"]])
        n = max(len(new), len(a.current_ns))
        rows = [[a.current_ns[i] if i < len(a.current_ns) else "", new[i] if i < len(new) else ""]
                for i in range(n)]
        if rng.random() < 0.3:
            header, rows = header[::-1], [r[::-1] for r in rows]
        extra = rng.randrange(3)
        if extra == 1:
            header, rows = ["#"] + header, [[str(i)] + r for i, r in enumerate(rows, 1)]
        elif extra == 2:
            header, rows = ["Record"] + header, [["NS"] + r for r in rows]
        intro = rng.choice([f"Name server change for {a.domain}:", (f"Please update the delegation of {a.domain} "
                            "as per the table."), f"{a.domain} - changes below", f"Table of changes for {a.domain}"])
        return self._subject(asks), [("p", intro), ("table", header, rows, self._table_style())] + \
            self._aside(), None

    def _w_add_remove_table(self, asks):
        rng, a = self.rng, asks[0]
        self._add_remove(a)
        add, rem = rng.choice([("Add", "Remove"), ("ADD", "DELETE"), ("Insert", "Delete"), ("Add", "Drop"),
                               ("add", "remove"), ("New", "Remove")])
        keep = rng.choice(["Keep", "No change", "Leave"]) if rng.random() < 0.3 else None
        rows = [(rem, v) for v in a.remove_ns] + [(add, v) for v in a.add_ns]
        if keep:
            rows += [(keep, v) for v in a.current_ns if v not in a.remove_ns]
        if rng.random() < 0.3:
            rows.reverse()
        columns = rng.choice([("domain", "action", "ns"), ("action", "ns"), ("ns", "action"),
                              ("domain", "ns", "action")])
        names = {"domain": rng.choice(["Domain", "Zone", "Domain name"]),
                 "action": rng.choice(["Action", "Change", "Add/Remove", "Operation"]),
                 "ns": rng.choice(["Nameserver", "NS host", "Name server", "Host"])}
        cells = {"domain": lambda action, v: a.domain, "action": lambda action, v: action,
                 "ns": lambda action, v: self._host(v)}
        body = [[cells[c](action, v) for c in columns] for action, v in rows]
        header = [names[c] for c in columns] if "domain" not in columns or rng.random() < 0.7 else None
        intro = rng.choice([f"Please action the changes below on {a.domain}.", "Changes required:",
                            f"NS changes for {a.domain}", f"Could you make these changes to {a.domain}?"])
        return self._subject(asks), [("p", intro), ("table", header, body, self._table_style())] + \
            self._aside(), None

    def _w_portal(self, asks):
        rng, a = self.rng, asks[0]
        new = self._new(a)
        cur = list(a.current_ns)
        shape = rng.randrange(5)
        ref = rng.randrange(100000, 999999)
        if shape == 0:
            pairs = [("Order type", "Modify nameservers"), ("Order ID", str(ref)), ("Domain", a.domain),
                     ("Previous nameservers", ", ".join(cur)), ("New nameservers", ", ".join(new)),
                     ("Submitted by", f"reseller account RS-{rng.randrange(10000, 99999)}"),
                     ("Status", "Awaiting registry approval")]
            return self._subject(asks), [("p", "Automated notification from the reseller control panel."),
                                         ("fields", pairs)], None
        if shape == 1:
            pairs = [("Domain", a.domain)] + [(f"Current Nameserver {i}", v) for i, v in enumerate(cur, 1)] + \
                    [(f"Requested Nameserver {i}", v) for i, v in enumerate(new, 1)]
            return self._subject(asks), [("p", "Request raised via our customer portal:"), ("fields", pairs)], None
        if shape == 2:
            pairs = [("Domain", a.domain)]
            for i in range(max(len(cur), len(new))):
                if i < len(cur):
                    pairs.append((f"NS{i + 1} (old)", cur[i]))
                if i < len(new):
                    pairs.append((f"NS{i + 1} (new)", new[i]))
            return self._subject(asks), [("p", "Portal submission:"), ("fields", pairs)] + self._aside(), None
        if shape == 3:
            pairs = [("Number", f"RITM00{ref}"), ("Requested for", a.organisation),
                     ("Item", "DNS - Nameserver change (locked .gov.uk)"), ("Domain name", a.domain),
                     ("Existing nameservers", " ".join(cur)), ("Proposed nameservers", " ".join(new)),
                     ("Business justification", rng.choice(["Move to managed DNS service",
                                                            "Old provider contract ending"]))]
            return self._subject(asks), [("p", "A request item has been approved and assigned to your team."),
                                         ("fields", pairs)], None
        rows = [["Domain", a.domain]] + [[f"Nameserver {i} (current)", v] for i, v in enumerate(cur, 1)] + \
               [[f"Nameserver {i} (requested)", v] for i, v in enumerate(new, 1)]
        return self._subject(asks), [("p", "Export of the change request from our system:"),
                                     ("table", ["Field", "Value"], rows, self._table_style())], None

    def _w_replace(self, asks):
        rng, a = self.rng, asks[0]
        olds = rng.sample(a.current_ns, rng.choice([1, 1, min(2, len(a.current_ns))]))
        news = self._fresh(a, len(olds))
        a.remove_ns, a.add_ns = list(olds), list(news)
        pairs = [(self._word(o), self._word(n)) for o, n in zip(olds, news)]
        others = len(a.current_ns) > len(olds)
        if rng.random() < 0.3:  # one line a pair
            arrow = rng.choice(["=>", "->", "-->"])
            lines = "\n".join(f"{o}  {arrow}  {n}" for o, n in pairs)
            blocks = [("p", rng.choice([f"Changes for {a.domain} (old {arrow} new):",
                                        f"Please replace on {a.domain}, old on the left, new on the right:"])),
                      ("pre", lines)]
        else:
            form = rng.choice([lambda o, n: f"swap {o} out for {n}", lambda o, n: f"replace {o} by {n}",
                               lambda o, n: f"change {o} to {n}", lambda o, n: f"retire {o} and use {n} in its place",
                               lambda o, n: f"move {o} over to {n}", lambda o, n: f"use {n} instead of {o}"])
            said = ("; " if " and " in form("o", "n") else " and ").join(form(o, n) for o, n in pairs)
            text = rng.choice([f"For {a.domain}, please {said}.", f"Could you {said} on {a.domain}?",
                               f"We need to {said} for {a.domain} as the old box is being switched off."])
            blocks = [("p", text)]
        if others:
            blocks.append(("p", rng.choice(["The other nameservers stay as they are.", "Everything else stays.",
                                            "No other changes."])))
        return self._subject(asks), blocks + self._aside(), None

    def _w_epp(self, asks):
        rng, a = self.rng, asks[0]
        self._add_remove(a)
        add, rem = [self._host(v) for v in a.add_ns], [self._host(v) for v in a.remove_ns]
        shape = rng.randrange(4)
        if shape == 0:
            lines = [f"UPDATE {a.domain}"] + [f"REM NS {v}" for v in rem] + [f"ADD NS {v}" for v in add]
            text = "\n".join(lines)
        elif shape == 1:
            text = f"domain-update {a.domain}" + "".join(f" --rem-ns {v}" for v in rem) + \
                "".join(f" --add-ns {v}" for v in add)
        elif shape == 2:
            lines = [f"domain:update {a.domain}"] + [f"    ns rem {v}" for v in rem] + [f"    ns add {v}" for v in add]
            text = "\n".join(lines)
        else:
            def hosts(values):
                return "".join(f"\n        <domain:hostObj>{v}</domain:hostObj>" for v in values)
            parts = ["<domain:update xmlns:domain=\"urn:ietf:params:xml:ns:domain-1.0\">",
                     f"  <domain:name>{a.domain}</domain:name>"]
            if add:
                parts.append(f"  <domain:add>\n    <domain:ns>{hosts(add)}\n    </domain:ns>\n  </domain:add>")
            if rem:
                parts.append(f"  <domain:rem>\n    <domain:ns>{hosts(rem)}\n    </domain:ns>\n  </domain:rem>")
            text = "\n".join(parts + ["</domain:update>"])
        intro = rng.choice(["Please apply the following update:", "EPP update we'd normally send, for you to apply:",
                            f"Change for {a.domain} in EPP terms:", "As below please."])
        return self._subject(asks), [("p", intro), ("pre", text)] + self._aside(), None

    def _w_csv(self, asks):
        rng, a = self.rng, asks[0]
        shape = rng.randrange(5)
        n = rng.randrange(1000, 9999)
        if shape == 3:  # one row holding the whole set
            new = self._new(a)
            text = ",".join(["domain"] + [f"ns{i}" for i in range(1, len(new) + 1)]) + "\r\n" + \
                ",".join([a.domain] + new) + "\r\n"
            body = rng.choice([f"Attached is the new nameserver set for {a.domain}.",
                               "CSV attached with the replacement nameservers, ta."])
            return self._subject(asks), [("p", body)], (f"delegation-{n}.csv", text, "csv")
        self._add_remove(a)
        add, rem = rng.choice([("add", "remove"), ("ADD", "DELETE"), ("Add", "Remove"), ("add", "del")])
        rows = [(rem, self._host(v)) for v in a.remove_ns] + [(add, self._host(v)) for v in a.add_ns]
        if shape == 4:  # a text file
            lines = [f"Domain: {a.domain}", ""] + [f"{act.upper()} {v}" for act, v in rows]
            body = rng.choice([f"Change file for {a.domain} attached.", "Please see the attached text file."])
            return self._subject(asks), [("p", body)], (f"{a.domain}-ns-change.txt", "\n".join(lines) + "\n", "txt")
        if shape == 0:
            out = ["domain,action,nameserver"] + [f"{a.domain},{act},{v}" for act, v in rows]
        elif shape == 1:  # as a spreadsheet saves it with a semicolon, a byte order mark and quotes
            out = ['\ufeff"Domain";"Action";"Nameserver"'] + [f'"{a.domain}";"{act}";"{v}"' for act, v in rows]
        else:
            out = ["action,nameserver,domain"] + [f"{act},{v},{a.domain}" for act, v in rows]
        body = rng.choice([f"Attached is the change file for {a.domain}, exported from our system.",
                           "Hi, bulk change file attached (only the one domain this time).",
                           "Please see the CSV for the required changes.", f"{a.domain} - changes in the attachment"])
        return self._subject(asks), [("p", body)], (f"ns-update-{n}.csv", "\r\n".join(out) + "\r\n", "csv")

    def _shared_set(self, asks: list[DomainAsk]) -> list[str]:
        """One new set for several domains, none of which has it already."""
        while True:
            new = _provider_set(self.rng, asks[0].domain)[:self.rng.choice([2, 3, 4])]
            if all(sorted(new) != sorted(a.current_ns) for a in asks):
                for a in asks:
                    a.new_ns = list(new)
                return new

    def _w_multi_domain(self, asks):
        rng = self.rng
        shape = rng.randrange(6)
        names = [a.domain for a in asks]
        if shape == 0:  # one set for every domain
            new = [self._host(v) for v in self._shared_set(asks)]
            blocks = [("list", "Please update the nameservers on these domains:", names, "plain"),
                      ("list", rng.choice(["All of them should use:", "New nameservers (same for each):"]), new,
                       self._list_style())]
        elif shape == 1:  # a row a domain, a column a name server
            sets = [self._new(a) for a in asks]
            width = max(len(s) for s in sets)
            header = ["Domain"] + [f"NS{i}" for i in range(1, width + 1)]
            rows = [[a.domain] + s + [""] * (width - len(s)) for a, s in zip(asks, sets)]
            blocks = [("p", "New nameservers for each domain below."), ("table", header, rows, self._table_style())]
        elif shape == 2:  # a paragraph a domain
            blocks = [("p", f"We have changes for {len(asks)} of {asks[0].organisation}'s domains.")]
            for a in asks:
                listed = self._listed([self._word(v) for v in self._new_set(a)])
                blocks.append(("p", rng.choice([f"For {a.domain}, please use {listed}.",
                                                f"{a.domain} should be delegated to {listed} from now on."])))
        elif shape == 3:  # a form a domain
            blocks = [("p", "Please update the following domains:")]
            for a in asks:
                blocks.append(("fields", [("Domain", a.domain), ("New nameservers", ", ".join(self._new(a)))]))
        elif shape == 4:  # one add/remove table for all
            rows = []
            for a in asks:
                self._add_remove(a)
                rows += [[a.domain, "Remove", self._host(v)] for v in a.remove_ns] + \
                        [[a.domain, "Add", self._host(v)] for v in a.add_ns]
            blocks = [("p", "Changes across the customer's domains:"),
                      ("table", ["Domain", "Action", "Nameserver"], rows, self._table_style())]
        else:  # name servers for all but one, which gets a DS record
            *rest, last = asks
            blocks = [("p", f"A few changes for {asks[0].organisation} please.")]
            for a in rest:
                blocks.append(("list", f"{a.domain} - new nameservers:", self._new(a), self._list_style()))
            record = _ds(rng)
            last.new_ds = [record]
            blocks.append(("p", (f"And for {last.domain}, please set this DS record (replacing any existing "
                                f"one):\n{record}")))
        return self._subject(asks), blocks + self._aside(), None

    def _w_ds(self, asks):
        rng, a = self.rng, asks[0]
        record = _ds(rng)
        tag, alg, dtype, digest = record.split()
        if a.current_ds and rng.random() < 0.4:
            a.add_ds = [record]
            lead = rng.choice([(f"We're rolling the KSK on {a.domain}. Please add the DS record below alongside the "
                               "existing one - we'll ask you to remove the old one later."),
                               f"Please add a second DS record to {a.domain} (keep the current one for now):"])
        elif a.current_ds and rng.random() < 0.5:
            a.remove_ds, a.add_ds = list(a.current_ds), [record]
            old_tag = a.current_ds[0].split()[0]
            lead = rng.choice([(f"Please remove the old DS record for {a.domain} (key tag {old_tag}) and add the new "
                               "one below:"),
                               f"Key rollover for {a.domain}: delete DS {a.current_ds[0]} and add:"])
        else:
            a.new_ds = [record]
            lead = rng.choice([f"Please replace the DS record on {a.domain} with the following:",
                               f"We've re-signed {a.domain} at the new provider, so the DS needs to become:"]) \
                if a.current_ds else rng.choice([(f"Please add the following DS record to {a.domain} to turn on "
                                                 "DNSSEC:"), (f"DNSSEC is now enabled for {a.domain} at our end. DS "
                                                 "record to publish:")])
        if rng.random() < 0.15:
            digest = digest.lower()
        shape = rng.randrange(6)
        if shape == 0:
            blocks = [("pre", f"{tag} {alg} {dtype} {digest}")]
        elif shape == 1:
            blocks = [("pre", f"{a.domain}. 3600 IN DS {tag} {alg} {dtype} {digest}")]
        elif shape == 2:  # as dig prints it: the digest in halves
            blocks = [("pre", f"{a.domain}.\t\t3600\tIN\tDS\t{tag} {alg} {dtype} {digest[:56]} {digest[56:]}")]
        elif shape == 3:
            blocks = [("fields", [("Key Tag", tag), ("Algorithm", f"{alg} ({ALGORITHMS[int(alg)][0]})"),
                                  ("Digest Type", f"{dtype} ({DIGEST_TYPES[int(dtype)][0]})"), ("Digest", digest)])]
        elif shape == 4:  # a DNS host's DNSSEC panel, copied
            blocks = [("fields", [("DS record", f"{a.domain}. 3600 IN DS {tag} {alg} {dtype} {digest}"),
                                  ("Digest", digest), ("Digest type", f"{dtype} {DIGEST_TYPES[int(dtype)][1]}"),
                                  ("Algorithm", f"{alg} {ALGORITHMS[int(alg)][1]}"), ("Flags", "257 (KSK)"),
                                  ("Key tag", tag)])]
        else:
            blocks = [("table", ["Key tag", "Algorithm", "Digest type", "Digest"], [[tag, alg, dtype, digest]],
                       self._table_style())]
        blocks = [("p", lead)] + blocks
        if a.new_ds is not None and rng.random() < 0.35:  # signed at a new DNS host: its name servers too
            blocks.append(("list", rng.choice(["The nameservers are changing too, to:",
                                               "Please also set the nameservers to:"]), self._new(a),
                           self._list_style()))
        return self._subject(asks, "DS record update"), blocks + self._aside(), None

    def _w_ambiguous(self, asks):
        rng, a = self.rng, asks[0]
        other = self._fresh(a, 2)
        shape = rng.randrange(5)
        if shape == 0:  # two lists, and nothing says which is which
            lead = rng.choice([f"{a.domain} needs a nameserver change please.",
                               f"Please change the nameservers for {a.domain}."])
            return self._subject(asks), [("p", lead), ("list", "", list(a.current_ns), "dash"),
                                         ("list", "", other, "dash")], None
        if shape == 1:  # one name server would be left
            return self._subject(asks), [("p", (f"Can you point {a.domain} at {other[0]} please, just that one "
                                               "server."))], None
        if shape == 2:  # a removal of a server the domain does not have
            return self._subject(asks), [("p", (f"On {a.domain}, please remove {other[0]} and add {other[1]}. "
                                               "Everything else stays."))], None
        if shape == 3:  # the set it has already
            return self._subject(asks), [("p", (f"Please set the nameservers on {a.domain} to "
                                               f"{self._listed(a.current_ns)}."))], None
        address = f"203.0.113.{rng.randrange(2, 250)}"  # an address where a host name must be
        return self._subject(asks), [("p", f"Please update {a.domain}."),
                                     ("fields", [("NS1", address), ("NS2", other[1])])], None
