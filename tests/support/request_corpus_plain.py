"""Seed 19 of the request corpus: change requests in the plain words of people who write prose, not forms.

Imitates the mails that reach the registry from the small end of .gov.uk, as their registrars and resellers pass
them on: parish clerks and parish meetings, academy trusts' IT officers, a drainage board's one administrator, a
community health trust's network engineer, the web designer who resells hosting to the harbour commissioners, a
registrar's support desk forwarding what the customer wrote, and people for whom English is a second language.
They give context (a migration, a supplier whose contract ends, a phone call), say current and new in one
sentence ("we are on A and B at the moment but moving to C and D"), write "keep X, swap Y for Z", list servers
inline ("ns1, ns2 and ns3"), number their steps, end with a question or a PS; a few are terse engineers ("NS -> a,
b pls"). Their forms, lists and tables are loose: labels of their own, a list under a sentence with or without a
colon, a web form's export with its empty fields, a status table with "keep" rows, a diff with its legend, EPP
XML pasted from a registrar's client (with glue addresses), a CSV saved from a spreadsheet (a byte order mark,
semicolons), the delegation as zone-file lines or as dig prints it. DS records come in one line, as a zone-file
line with a TTL, in the labelled fields a DNS host's console shows, or beside the current record as dig prints it;
a key is added beside the old one, replaced, or taken away with DNSSEC turned off.

Organisations are of kinds of their own (parish meetings, academy trusts, drainage boards, harbour commissioners,
crematorium committees...), their domains ending in "-pl", so that no other seed's collide. One mail in 40 is
ambiguous on purpose, each in a way of its own, and the thread mails (replies, auto-replies, bounces) are in words of
their own.
"""

from __future__ import annotations

import random

from tests.support.request_corpus import (
    CHARSETS,
    ENCODINGS,
    PLACES,
    REGISTRARS,
    TICKET_SENDER,
    ZONE,
    DomainAsk,
    Generator,
    Mail,
    _ds,
    _provider_set,
)

# The kinds of organisation this seed writes for: (suffix of the domain's label before "-pl", name).
_KINDS = [("-pm", "{} Parish Meeting"), ("-at", "{} Academy Trust"), ("-chs", "{} Community Health NHS Trust"),
          ("-idb", "{} Internal Drainage Board"), ("-hc", "{} Harbour Commissioners"),
          ("-cjc", "{} Crematorium Joint Committee"), ("-lt", "{} Leisure Trust"),
          ("-coroner", "{} Coroner's Service")]
_EXTRA = ["schools", "mail", "services", "democracy", "careers", "bookings"]  # an organisation's other domains

# Name servers as small organisations' suppliers give them out, beside those of the framework.
_FIXED_SETS = [["ns1.mythic-beasts.com", "ns2.mythic-beasts.com", "ns3.mythic-beasts.com"],
               ["ns1.34sp.com", "ns2.34sp.com"], ["dns1.names.co.uk", "dns2.names.co.uk"],
               ["ns1.heartinternet.uk", "ns2.heartinternet.uk"],
               ["dns0.hscn-dns.example.net", "dns1.hscn-dns.example.net", "dns2.hscn-dns.example.net"],
               ["ns1.edu-grid.example.net", "ns2.edu-grid.example.net"]]

_SUPPLIERS = [("the county's old hosting contract", "a local web designer"),
              ("their previous web company", "the new IT support company"),
              ("the old shared hosting", "a managed DNS service"),
              ("the trust's on-site servers", "the cloud tenancy"),
              ("the reseller they have had since 2011", "the new framework supplier")]

_PEOPLE = [("Dave Pritchard", "Technical Support"), ("Marta Kowalczyk", "Domain Administrator"),
           ("Rhys Llewellyn", "Support Engineer"), ("Jo Whitcombe", "Account Manager, Public Sector"),
           ("Olumide Adebayo", "Network Engineer"), ("Eilidh MacLeod", "Customer Services"),
           ("Sandeep Gill", "Senior Systems Administrator"), ("\u0141ukasz Zieli\u0144ski", "DNS Operations"),
           ("Si\u00e2n Rowlands", "Support Team Lead"), ("Kev", "")]
_CLERKS = ["Margaret Huxley", "Bev Ashworth", "Colin Tranter", "Ffion Parry", "Gwen Otley", "Tariq Hussain"]

_DISCLAIMERS = [
    "",
    "",
    ("This e-mail is meant only for the person(s) it is addressed to. If you are not one of them please tell us by "
    "return and delete it; do not copy or forward it. Views expressed are the author's and not necessarily the "
    "company's."),
    "Our support desk is open 9am-5pm Monday to Friday, excluding bank holidays.",
    ("Registered in England and Wales, company no. 07654321. Registered office: Unit 4, Mill Lane Business Park, "
    "Kendal LA9 6NH."),
]

_REPLIES = ["Yes please, that's the one.", "Go ahead - the clerk confirmed it this morning.", "That's right, thanks",
            "Thank you! Much appreciated.", "Lovely, thanks for sorting.",
            "Yes correct, please proceed with the change as we asked.", "Confirmed.",
            "Hi, yes that is fine, thank you for your help.",
            "Many thanks - we'll look out for the call from the registry.",
            "Thank you very much, it is correct like this.", "Brilliant, cheers.",
            "Yes that's what the customer wants. Thanks again"]
_SIGN_OFFS = ["Dave", "Marta", "Jo", "Kev", "Support Team", "Si\u00e2n"]
_AUTO_REPLIES = [
    ("I'm out of the office until Tuesday 1 December with no access to email. For anything urgent please ring the "
    "support line on 01632 960 118."),
    ("Thank you for contacting our support team. Your email has been received and one of the team will come back to "
    "you within 4 working hours. Please do not reply to this message."),
    "I work Monday to Wednesday only. I will read your email when I'm next in.",
    "The office is closed this afternoon for staff training. We will deal with your message tomorrow morning.",
    "Auto-reply: I am on annual leave returning 7th December. Emails will not be forwarded.",
]


def _inline(rng: random.Random, values: list[str]) -> str:
    """Servers in a sentence, as people join them."""
    if len(values) == 1:
        return values[0]
    style = rng.randrange(5)
    if style == 0:
        return ", ".join(values[:-1]) + " & " + values[-1]
    if style == 1:
        return " / ".join(values)
    if style == 2:
        return ", ".join(values)
    return ", ".join(values[:-1]) + " and " + values[-1]


class PlainGenerator(Generator):
    def __init__(self, part: str, seed: int):
        super().__init__(part, seed)
        names = [(f"{place}{suffix}-pl", kind.format(place.capitalize())) for place in PLACES
                 for suffix, kind in _KINDS]
        self.rng.shuffle(names)
        self.free_names = names
        self._ambiguous_made = 0

    # the registry file

    def _provider(self, domain: str) -> list[str]:
        rng = self.rng
        if rng.random() < 0.45:
            return _provider_set(rng, domain)
        if rng.random() < 0.2:
            return [f"ns{i}.{domain}" for i in (1, 2)]
        if rng.random() < 0.15:
            x = rng.choice("abcde")
            return [f"ns-cloud-{x}{i}.googledomains.com" for i in range(1, 5)]
        return list(rng.choice(_FIXED_SETS))

    def _domains(self, registrar: str, count: int) -> list[DomainAsk]:
        rng = self.rng
        base, org = self.free_names.pop()
        stem = base[:-len("-pl")]
        names = [base] + [f"{stem}-{extra}-pl" for extra in rng.sample(_EXTRA, count - 1)]
        contacts = [{"role": "security", "email": f"itsecurity@{base}.gov.uk",
                     "phone": f"+44 1632 960{rng.randrange(100, 999)}", "name": f"{org} IT Security"},
                    {"role": "technical", "email": f"ict-support@{base}.gov.uk"},
                    {"role": "notify", "email": f"dns-notify@{base}.gov.uk"}]
        domains, asks = [], []
        for name in names:
            domain = f"{name}.{ZONE}"
            ns = self._provider(domain)[:rng.choice([2, 2, 2, 3, 4])]
            ds = [_ds(rng)] if rng.random() < 0.35 else []
            domains.append({"name": domain, "locked": True, "registrar": registrar, "registrant": org,
                            "nameservers": ns, "ds": ds, "whois_contacts": [f"office@{base}.gov.uk"]})
            asks.append(DomainAsk(domain, org, list(ns), list(ds)))
        self.organisations[org] = {"name": org, "contacts": contacts, "domains": domains}
        return asks

    # what is asked

    def _new_ns(self, ask: DomainAsk, keep_one: bool = False) -> list[str]:
        """A complete new set, sometimes keeping one of the current servers."""
        while True:
            new = self._provider(ask.domain)[:self.rng.choice([2, 2, 3, 4])]
            if keep_one and not set(new) & set(ask.current_ns):
                new = [self.rng.choice(ask.current_ns)] + new[:max(1, len(new) - 1)]
            if len(new) >= 2 and sorted(new) != sorted(ask.current_ns) and len(set(new)) == len(new):
                ask.new_ns = new
                return new

    def _fresh_ns(self, ask: DomainAsk, n: int, avoid=()) -> list[str]:
        while True:
            new = self._provider(ask.domain)
            if not set(new) & (set(ask.current_ns) | set(avoid)) and len(new) >= n:
                return new[:n]

    def _changes(self, ask: DomainAsk) -> None:
        """Additions and removals: a move, one more, one fewer, or one swapped."""
        rng, cur = self.rng, ask.current_ns
        shape = rng.randrange(4)
        if shape == 0 or shape == 2 and len(cur) < 3:
            ask.remove_ns, ask.add_ns = list(cur), self._fresh_ns(ask, rng.choice([2, 2, 3]))
        elif shape == 1:
            ask.add_ns = self._fresh_ns(ask, 1)
        elif shape == 2:
            ask.remove_ns = [rng.choice(cur)]
        else:
            ask.remove_ns, ask.add_ns = [rng.choice(cur)], self._fresh_ns(ask, 1)

    # how values are written

    def _show(self, ask: DomainAsk, host: str, glue: bool = True) -> str:
        """A server as written in a list: in capitals or with the root's dot at times, a glue address after an
        in-domain one now and then."""
        out = self._host(host)
        if glue and host.endswith("." + ask.domain) and self.rng.random() < 0.5:
            ip = f"{self.rng.choice(['192.0.2', '198.51.100', '203.0.113'])}.{self.rng.randrange(2, 250)}"
            out += self.rng.choice([f" ({ip})", f" - {ip}", f"  [glue {ip}]", f" IP {ip}"])
        return out

    def _hosts(self, ask: DomainAsk, hosts: list[str], glue: bool = True) -> list[str]:
        return [self._show(ask, h, glue) for h in hosts]

    def _word(self, host: str) -> str:
        """A server in a sentence: now and then in capitals, never with the root's dot a full stop would follow."""
        return host.upper() if self.rng.random() < 0.06 else host

    def _said(self, ask: DomainAsk, hosts: list[str]) -> str:
        return _inline(self.rng, [self._word(h) for h in hosts])

    def _aligned(self, cur: list[str], new: list[str]) -> list[str]:
        """`new` ordered so that a server kept stays on the row it has among the current ones."""
        out: list[str | None] = [None] * len(new)
        for h in new:
            if h in cur and cur.index(h) < len(new) and out[cur.index(h)] is None:
                out[cur.index(h)] = h
        rest = iter(h for h in new if h not in out)
        return [h if h is not None else next(rest) for h in out]

    def _subject(self, asks: list[DomainAsk], what: str = "name servers") -> str:
        """A subject of a person's own, naming the domain or not (the body does)."""
        names = " & ".join(a.domain for a in asks)
        org = asks[0].organisation
        pick = [f"{names} {what}", f"Change of {what} - {names}", f"Please update {what} for {names}",
                f"{names}", f"{what.capitalize()} {names} - please action", f"Domain {names} - change of DNS provider",
                f"Request: {names} {what}", f"{org} ({names})", f"DNS change for {org}, {names}",
                f"{org} - domain change", f"{what.capitalize()} change request", "Domain change for a customer"]
        return self.rng.choice(pick)

    def _subject_named(self, asks: list[DomainAsk], what: str = "name servers") -> str:
        """A subject that names the domain, for a body that does not."""
        names = " & ".join(a.domain for a in asks)
        return self.rng.choice([f"{names} {what}", f"Change of {what} - {names}", f"Request: {names} {what}",
                                f"{names}", f"{what.capitalize()} {names} - please action"])

    # the mail around the asks

    def request(self, mid: str, layout: str, client: str) -> Mail:
        rng = self.rng
        registrar = rng.choice(REGISTRARS)
        sender = TICKET_SENDER if client == "ticket_system" else rng.choice(
            [e for e in registrar["emails"] if e != TICKET_SENDER])
        if client == "ticket_system":
            registrar = next(r for r in REGISTRARS if TICKET_SENDER in r["emails"])
        asks = self._domains(registrar["name"], rng.choice([2, 2, 3]) if layout == "multi_domain" else 1)
        subject, blocks, attachment = getattr(self, "_w_" + layout)(asks)
        truth = "asked" if layout == "ambiguous" else {a.domain: a.truth() for a in asks}
        charset, encoding = rng.choice(CHARSETS), rng.choice(ENCODINGS)
        opening = rng.choice(["Hi,", "Hello there,", "Good afternoon,", "Dear Registry Lock team,", "Hi all,",
                              "Morning,", "Dear colleagues,", "", "", "Hello,"])
        closing = rng.choice(["Thanks in advance,", "Many thanks", "Cheers,", "Kind regards", "Best wishes,",
                              "With best regards", "Ta,", ""])
        blocks = ([("p", opening)] if opening else []) + blocks
        raw, said = self._build(rng, mid, client, charset, encoding, sender, registrar["name"], subject, blocks,
                                closing, self._signature(registrar["name"], sender), attachment)
        return Mail(mid, "ambiguous" if layout == "ambiguous" else "request", layout, client, charset, encoding,
                    sender, truth, raw, said=said, seed=self.seed)

    def _signature(self, registrar: str, sender: str) -> str:
        rng = self.rng
        person, role = rng.choice(_PEOPLE)
        host = sender.partition("@")[2]
        lines = [person] + ([f"{role} | {registrar}"] if role else [registrar])
        if rng.random() < 0.7:
            lines.append(f"Tel: 01632 960{rng.randrange(100, 999)}" if rng.random() < 0.5 else
                         f"Direct line 0113 496 0{rng.randrange(100, 999)} | www.{host}")
        disclaimer = rng.choice(_DISCLAIMERS)
        return "\n".join(lines) + ("\n\n" + disclaimer if disclaimer else "")

    # --- layouts: each gives (subject, blocks, attachment) ---

    def _w_prose(self, asks):
        rng, a = self.rng, asks[0]
        cur, d, org = a.current_ns, a.domain, a.organisation
        shape = rng.randrange(10)
        if shape == 5 and len(cur) < 3:
            shape = 4
        if shape == 0:
            new = self._new_ns(a)
            old, fresh = rng.choice(_SUPPLIERS)
            text = (f"Hope you're well. {org} have finally moved their website and email away from {old} to "
                    f"{fresh}, so {d} needs pointing at the new name servers. We are on {self._said(a, cur)} at the "
                    f"moment but moving to {self._said(a, new)}.\n\nTheir security contact has signed the change off "
                    "and is expecting your call. Is there anything else you need from us?")
            return self._subject(asks), [("p", text)], None
        if shape == 1:
            y = rng.choice(cur)
            z = self._fresh_ns(a, 1)[0]
            keep = [h for h in cur if h != y]
            a.remove_ns, a.add_ns = [y], [z]
            text = rng.choice([
                (f"For {d} can you keep {self._said(a, keep)} as {'it is' if len(keep) == 1 else 'they are'} but "
                f"swap {self._word(y)} for {self._word(z)} please? The old box is being switched off at the end of "
                "the month."),
                (f"Small one for {d}: {self._word(y)} is going, {self._word(z)} takes its place. "
                f"Leave {self._said(a, keep)} alone."),
                (f"We need to retire {self._word(y)} on {d}. Please put {self._word(z)} in instead and keep "
                f"{self._said(a, keep)}."),
            ])
            return self._subject(asks), [("p", text)], None
        if shape == 2:  # English as a second language
            new = self._new_ns(a)
            text = rng.choice([
                (f"Dear Sir or Madam,\n\nwe kindly ask you for the change of nameservers for domain {d} (owner "
                f"{org}). The new nameservers shall be {self._said(a, new)}. The old nameservers "
                f"{self._said(a, cur)} can be deleted after the change is done.\n\nThank you in advance for "
                "your cooperation and have a nice day."),
                (f"Hallo,\n\nwe are the small company who is making the new website for {org}. Could you please to "
                f"change the DNS servers of {d} into {self._said(a, new)}? At this moment it is still pointing to "
                f"the old provider ({self._said(a, cur)}).\n\nI am waiting your confirmation."),
                (f"Good day,\nour client {org} requests to modify the name servers. Domain: {d}. Please set it on "
                f"{self._said(a, new)} only, the other ones are not more valid.\nBest regards"),
            ])
            return self._subject(asks), [("p", text)], None
        if shape == 3:  # a terse engineer, the domain in the subject or a line of its own
            new = self._new_ns(a)
            if rng.random() < 0.35:
                text = rng.choice([f"NS -> {', '.join(self._word(h) for h in new)} pls",
                                   f"can u set NS to {' + '.join(self._word(h) for h in new)}, ta"])
                return self._subject_named(asks), [("p", text)], None
            text = rng.choice([f"{d}\nNS -> {', '.join(self._word(h) for h in new)} pls\nta",
                               f"Swap NS on {d} to {' / '.join(self._word(h) for h in new)}. Cheers",
                               f"NS for {d} => {' '.join(self._word(h) for h in new)}\nthx"])
            return self._subject(asks), [("p", text)], None
        if shape == 4:
            z = self._fresh_ns(a, 1)[0]
            a.add_ns = [z]
            text = rng.choice([
                (f"Could you add {self._word(z)} as an extra name server for {d}? The existing ones "
                f"({self._said(a, cur)}) stay exactly as they are - it's just for a bit more resilience."),
                (f"The trust's network team would like a further secondary on {d}: {self._word(z)}. Nothing "
                "is to be taken away, it's an addition only."),
            ])
            return self._subject(asks), [("p", text)], None
        if shape == 5:
            y = rng.choice(cur)
            rest = [h for h in cur if h != y]
            a.remove_ns = [y]
            text = (f"We've decomissioned {self._word(y)} so please take it off {d}. That leaves "
                    f"{self._said(a, rest)}, which are {'both' if len(rest) == 2 else 'all'} fine and answering.")
            return self._subject(asks), [("p", text)], None
        if shape == 6:
            new = self._fresh_ns(a, rng.choice([2, 2, 3]))
            a.remove_ns, a.add_ns = list(cur), new
            steps = [f"Take off the old name servers {self._said(a, cur)}",
                     f"Put on the new ones: {self._said(a, new)}"]
            if not a.current_ds:
                steps.append("Leave DNSSEC off for now (we have no DS record and do not want one yet)")
            blocks = [("p", f"Please could you do the following for {d}:"), ("list", "", steps, "number"),
                      ("p", "If it's easier to do it all in one go that is fine by us.")]
            return self._subject(asks), blocks, None
        if shape == 7:
            new = self._new_ns(a)
            clerk = rng.choice(_CLERKS)
            fwd = (f"-----Original Message-----\nFrom: {clerk} <clerk@{d}>\nSent: 26 November 2026 16:12\n"
                   f"Subject: website move\n\nHi, as we discussed on the phone earlier, please can you change our "
                   f"domain {d} over to {self._said(a, new)}. The new company say they can't do anything until "
                   f"that's done.\n\nMany thanks,\n{clerk}\nClerk to the {org}")
            return self._subject(asks), [("p", "Please see below from our customer and action. Thanks"),
                                         ("p", fwd)], None
        if shape == 9:  # an apologetic IT manager, the servers numbered in the sentence
            new = self._new_ns(a)
            numbered = " ".join(f"({i}) {self._word(h)}" for i, h in enumerate(new, 1))
            text = (f"Sorry to be a pain, I'm the IT manager at {org} and our broadband and DNS supplier is changing "
                    f"over the Christmas break. Please could {d} be changed to use the following name servers: "
                    f"{numbered}.\n\nApologies for the short notice - is it possible to do this before the 18th?")
            return self._subject(asks), [("p", text)], None
        new = self._new_ns(a)
        text = (f"Another one from us I'm afriad! {d} is moving to the new hosting so the name servers need to "
                f"change to {self._said(a, new)}.\n\nPS the old ones were {self._said(a, cur)}, just so you have "
                "them for your records.")
        return self._subject(asks), [("p", text)], None

    def _w_form(self, asks):
        rng, a = self.rng, asks[0]
        d, org = a.domain, a.organisation
        shape = rng.randrange(4)
        named = True
        if shape == 0:
            new = self._new_ns(a, keep_one=rng.random() < 0.3)
            middle = [("Organisation", org), ("Requested by", f"{rng.choice(_CLERKS)} (Clerk)"),
                      ("Change required", "Name server update"),
                      ("Reason", rng.choice(["new web host", "change of IT supplier", "moving DNS in-house"]))]
            rng.shuffle(middle)
            pairs = [("Domain", d)] + middle + [("New name servers", self._said(a, new))]
        elif shape == 1:
            new = self._new_ns(a)
            names = ["Primary NS", "Secondary NS", "Tertiary NS"] if len(new) <= 3 else \
                [f"NS {i}" for i in range(1, len(new) + 1)]
            pairs = [("Domain name", d)] + list(zip(names, self._hosts(a, new)))
        elif shape == 2:
            new = self._new_ns(a)
            pairs = [("Domain", d), (rng.choice(["Current name servers", "Nameservers now", "Existing NS"]),
                                     ", ".join(a.current_ns)),
                     (rng.choice(["Proposed name servers", "Nameservers wanted", "Replacement NS"]),
                      ", ".join(self._host(h) for h in new))]
            if rng.random() < 0.5:
                pairs.append(("DNSSEC", "no change to the DS record" if a.current_ds else "not in use"))
        else:
            named = False
            new = self._new_ns(a)
            pairs = [(f"NS{i} (new)", v) for i, v in enumerate(self._hosts(a, new), 1)]
            pairs.append(("Contact for queries", f"{rng.choice(_CLERKS)}, 01632 960{rng.randrange(100, 999)}"))
        lead = rng.choice(["Details below.", "Please see below for the change we need:",
                           "Form filled in as best I can:",
                           "As requested on the phone, here are the details" + ("" if named else f" for {d}") + "."])
        subject = self._subject(asks) if named or d in lead else self._subject_named(asks)
        return subject, [("p", lead), ("fields", pairs)], None

    def _w_label_list(self, asks):
        rng, a = self.rng, asks[0]
        d = a.domain
        new = self._new_ns(a)
        shape = rng.randrange(5)
        if shape == 4:  # the delegation as zone-file lines
            ttl = rng.choice(["86400", "3600", "172800"])
            lines = [f"{d}.\t{ttl}\tIN\tNS\t{h.rstrip('.')}." for h in new]
            return self._subject(asks), [("p", f"What we'd like the delegation for {d} to look like:"),
                                         ("pre", "\n".join(lines))], None
        label = [f"Please change the nameservers on {d}. The new ones are below",
                 f"New name servers for {d} should be:", f"{d} - replacement NS:",
                 f"Can you point {d} at these please", f"Target nameservers for {d}, from our new DNS host:"][shape]
        style = rng.choice(["bullet", "number", "plain", "dash"])
        items = self._hosts(a, new)
        if rng.random() < 0.4:
            return self._subject(asks), [("p", label), ("list", "", items, style)], None
        return self._subject(asks), [("list", label, items, style)], None

    def _w_current_new_lists(self, asks):
        rng, a = self.rng, asks[0]
        d = a.domain
        new = self._aligned(a.current_ns, self._new_ns(a, keep_one=rng.random() < 0.2))
        shape = rng.randrange(3)
        style = rng.choice(["bullet", "number", "plain", "dash"])
        if shape == 0:
            cur_label = rng.choice(["Currently:", "What's there now:", "At present", "Live NS:", "Old name servers",
                                    "Existing:", "Present servers -"])
            new_label = rng.choice(["Should be:", "New:", "Proposed", "Replacement name servers", "Target:",
                                    "Going forward:", "Change to:"])
            blocks = [("p", rng.choice([f"Name server change for {d} please.",
                                        f"Hi, {d} is moving DNS host, details below."]))]
            lists = [("list", cur_label, [self._host(h) for h in a.current_ns], style),
                     ("list", new_label, self._hosts(a, new), style)]
            if rng.random() < 0.3:
                lists.reverse()
            return self._subject(asks), blocks + lists, None
        if shape == 1:
            return self._subject(asks), [
                ("list", f"At the moment {d} is delegated to:", [self._host(h) for h in a.current_ns], style),
                ("list", rng.choice(["and it needs to be:", "and we need it on:", "It should change to these:"]),
                 self._hosts(a, new), style)], None
        ttl = rng.choice(["86400", "3600"])
        dig = ";; ANSWER SECTION:\n" + "\n".join(f"{d}.\t\t{ttl}\tIN\tNS\t{h}." for h in a.current_ns)
        return self._subject(asks), [
            ("p", f"This is what {d} has now (dig):"), ("pre", dig),
            ("list", rng.choice(["It should be changed to:", "Please replace them with", "New set:"]),
             self._hosts(a, new), style)], None

    def _w_current_new_table(self, asks):
        rng, a = self.rng, asks[0]
        d = a.domain
        cur = a.current_ns
        new = self._aligned(cur, self._new_ns(a, keep_one=rng.random() < 0.3))
        header = rng.choice([["Current", "New"], ["Live now", "Change to"], ["Existing NS", "Proposed NS"],
                             ["Old", "Replacement"], ["Was", "Will be"]])
        blank = rng.choice(["", "-", "(none)"])
        n = max(len(cur), len(new))
        shown = self._hosts(a, new, glue=False)
        rows = [[cur[i] if i < len(cur) else blank, shown[i] if i < len(new) else blank] for i in range(n)]
        lead = rng.choice([f"Name server change for {d}:", f"Please change {d} as per the table",
                           f"{d} - before and after below."])
        shape = rng.randrange(5)
        if shape == 0:
            if rng.random() < 0.25:
                header, rows = header[::-1], [r[::-1] for r in rows]
            return self._subject(asks), [("p", lead), ("table", header, rows, rng.choice(["aligned", "markdown",
                                                                                           "html"]))], None
        if shape == 1:  # a header row written as ordinary cells
            return self._subject(asks), [("p", lead), ("table", None, [header] + rows, "html")], None
        if shape == 2:  # one row a set, the label first
            width = max(len(cur), len(new))
            rows = [[header[0] + ":"] + cur + [""] * (width - len(cur)),
                    [header[1] + ":"] + shown + [""] * (width - len(new))]
            return self._subject(asks), [("p", lead), ("table", None, rows, rng.choice(["html", "aligned"]))], None
        if shape == 3:  # the domain in a column of its own
            rows3 = [[d if i == 0 else "", r[0], r[1]] for i, r in enumerate(rows)]
            return self._subject(asks), [("p", "Please see the change below."),
                                         ("table", ["Domain"] + header, rows3, rng.choice(["markdown", "html"]))], None
        widths = [max(len(x) for x in col) + 2 for col in zip(header, *rows)]
        rule = "+" + "+".join("-" * w for w in widths) + "+"

        def line(r):
            return "|" + "|".join(f" {c}".ljust(w) for c, w in zip(r, widths)) + "|"

        box = "\n".join([rule, line(header), rule] + [line(r) for r in rows] + [rule])
        return self._subject(asks), [("p", lead), ("pre", box)], None

    def _w_add_remove_table(self, asks):
        rng, a = self.rng, asks[0]
        d = a.domain
        self._changes(a)
        shape = rng.randrange(4)
        if shape == 0:
            add, rem = rng.choice([("Add", "Remove"), ("Add", "Delete"), ("In", "Out"), ("Put on", "Take off"),
                                   ("new", "remove")])
            rows = [[rem, self._host(h)] for h in a.remove_ns] + [[add, self._host(h)] for h in a.add_ns]
            if rng.random() < 0.3:
                rows.reverse()
            header = rng.choice([["Action", "Name server"], ["What", "Server"], None])
            return self._subject(asks), [("p", f"Changes for {d}:"),
                                         ("table", header, rows, rng.choice(["aligned", "markdown", "html"]))], None
        if shape == 1:  # every server with what happens to it
            keep = rng.choice(["keep", "no change", "stays"])
            rem = rng.choice(["remove", "delete", "take off"])
            add = rng.choice(["add", "new - add"])
            rows = [[self._host(h), rem if h in a.remove_ns else keep] for h in a.current_ns] + \
                   [[self._show(a, h), add] for h in a.add_ns]
            return self._subject(asks), [
                ("p", f"I've listed every name server for {d} and what should happen to it:"),
                ("table", rng.choice([["Name server", "Action"], ["Server", "Status"]]), rows,
                 rng.choice(["aligned", "html", "markdown"]))], None
        if shape == 2:  # a diff with its legend
            lines = [f"- {self._host(h)}" for h in a.remove_ns] + [f"+ {self._host(h)}" for h in a.add_ns]
            return self._subject(asks), [("p", f"Changes to {d} as a diff (- means remove, + means add):"),
                                         ("pre", "\n".join(lines))], None
        add, rem = rng.choice([("ADD", "REMOVE"), ("add", "delete"), ("Add", "Remove")])
        rows = [[d, rem, self._host(h)] for h in a.remove_ns] + [[d, add, self._host(h)] for h in a.add_ns]
        return self._subject(asks), [("p", "Please make these changes:"),
                                     ("table", rng.choice([["Domain", "What", "Host"], ["Domain", "Change", "NS"]]),
                                      rows, rng.choice(["aligned", "markdown", "html"]))], None

    def _w_portal(self, asks):
        rng, a = self.rng, asks[0]
        d, org = a.domain, a.organisation
        shape = rng.randrange(4)
        if shape == 0:  # a client area's form, its five fields filled or not
            new = self._new_ns(a)[:5]
            pairs = [("Client", org), ("Domain", d)] + \
                    [(f"Nameserver {i}", self._host(new[i - 1]) if i <= len(new) else "") for i in range(1, 6)]
            return self._subject(asks), [("p", "A client has asked for a nameserver change through our client area:"),
                                         ("fields", pairs)], None
        if shape == 1:
            new = self._new_ns(a)
            pairs = [("Product/Service", f"Domain Registration - {d}"),
                     ("Current Nameservers", ", ".join(a.current_ns)),
                     ("Requested Nameservers", ", ".join(self._host(h) for h in new)),
                     ("Use default nameservers", "No"), ("Submitted", "26/11/2026 17:42")]
            return self._subject(asks), [("p", "Customer request from the control panel, copied below."),
                                         ("fields", pairs)], None
        if shape == 2:  # a contact form on the reseller's website
            new = self._new_ns(a)
            clerk = rng.choice(_CLERKS)
            pairs = [("Your name", clerk), ("Organisation", org), ("Domain", d),
                     ("What do you need changing?", "Name servers"),
                     ("Details", (f"please change to {self._said(a, new)}, old ones were {', '.join(a.current_ns)}. "
                                 "thanks"))]
            return self._subject(asks), [("p", ("New submission from the 'Domain change request' form on our "
                                               "website. Please action.")), ("fields", pairs)], None
        new = self._new_ns(a)
        pairs = [("Ticket", f"INC00{rng.randrange(10000, 99999)}"), ("Category", "DNS / Domains"),
                 ("Short description", f"Change NS for {d}"),
                 ("Description", f"Move {d} from {self._said(a, a.current_ns)} to {self._said(a, new)}"),
                 ("Requested for", org), ("Priority", rng.choice(["3 - Moderate", "4 - Low"]))]
        return self._subject(asks), [("p", "Raised by our service desk on behalf of the customer:"),
                                     ("fields", pairs)], None

    def _w_replace(self, asks):
        rng, a = self.rng, asks[0]
        d = a.domain
        olds = rng.sample(a.current_ns, rng.choice([1, 1, min(2, len(a.current_ns))]))
        news = self._fresh_ns(a, len(olds))
        a.remove_ns, a.add_ns = list(olds), list(news)
        forms = [lambda o, n: f"swap {o} for {n}", lambda o, n: f"{o} should become {n}",
                 lambda o, n: f"change {o} over to {n}", lambda o, n: f"{o} -> {n}",
                 lambda o, n: f"instead of {o} please use {n}", lambda o, n: f"replace {o} with {n}",
                 lambda o, n: f"{o} is being retired, its replacement is {n}"]
        form = rng.choice(forms)
        pairs = [form(self._word(o), self._word(n)) for o, n in zip(olds, news)]
        after = rng.choice(["Everything else stays the same.", "Leave the others alone please.",
                            "The rest are fine as they are.", ""])
        shape = rng.randrange(3)
        if shape == 0:
            text = f"On {d}, " + " and ".join(pairs) + ". " + after
            return self._subject(asks), [("p", text.strip())], None
        if shape == 1:
            blocks = [("list", f"For {d} please:", pairs, rng.choice(["bullet", "plain", "dash"]))]
            return self._subject(asks), blocks + ([("p", after)] if after else []), None
        text = " ".join(p[0].upper() + p[1:] + "." for p in pairs)
        return self._subject(asks), [("p", f"Quick one on {d}. {text} {after}".strip())], None

    def _w_epp(self, asks):
        rng, a = self.rng, asks[0]
        d = a.domain
        self._changes(a)
        shape = rng.randrange(4)
        if shape in (0, 1):
            def host(h):
                if shape == 1 and h.endswith("." + d):
                    ip = f"203.0.113.{rng.randrange(2, 250)}"
                    return (f"        <domain:hostAttr>\n          <domain:hostName>{h}</domain:hostName>\n"
                            f"          <domain:hostAddr ip=\"v4\">{ip}</domain:hostAddr>\n        </domain:hostAttr>")
                if shape == 1:
                    return f"        <domain:hostAttr>\n          <domain:hostName>{h}</domain:hostName>\n" \
                           "        </domain:hostAttr>"
                return f"        <domain:hostObj>{h}</domain:hostObj>"
            parts = ["  <domain:update xmlns:domain=\"urn:ietf:params:xml:ns:domain-1.0\">",
                     f"    <domain:name>{d}</domain:name>"]
            if a.add_ns:
                parts += ["    <domain:add>", "      <domain:ns>"] + [host(h) for h in a.add_ns] + \
                         ["      </domain:ns>", "    </domain:add>"]
            if a.remove_ns:
                parts += ["    <domain:rem>", "      <domain:ns>"] + [host(h) for h in a.remove_ns] + \
                         ["      </domain:ns>", "    </domain:rem>"]
            parts.append("  </domain:update>")
            lead = rng.choice([("Our EPP client won't submit this for a locked domain, so here is the update we "
                               "would have sent:"), "Update as we'd send it over EPP, for you to apply by hand:"])
            return self._subject(asks), [("p", lead), ("pre", "\n".join(parts))], None
        if shape == 2:
            flags = [f"    --add-ns {self._host(h)}" for h in a.add_ns] + \
                    [f"    --rem-ns {self._host(h)}" for h in a.remove_ns]
            cmd = f"$ epp-client domain:update {d} \\\n" + " \\\n".join(flags)
            return self._subject(asks), [("p", ("The registry rejected our command (the domain is locked). This is "
                                               "what we tried to run, please apply it:")), ("pre", cmd)], None
        lines = [f"Domain update for {d}"] + [f"  REM NS  {self._host(h)}" for h in a.remove_ns] + \
                [f"  ADD NS  {self._host(h)}" for h in a.add_ns]
        return self._subject(asks), [("p", "Please apply:"), ("pre", "\n".join(lines))], None

    def _w_csv(self, asks):
        rng, a = self.rng, asks[0]
        d, org = a.domain, a.organisation
        shape = rng.randrange(3)
        bom = "\ufeff" if rng.random() < 0.3 else ""
        if shape == 0:
            new = self._new_ns(a)
            rows = [",".join(["Domain"] + [f"Nameserver {i}" for i in range(1, len(new) + 1)]),
                    ",".join([d] + [self._host(h) for h in new])]
            body = f"The customer has filled in our spreadsheet for {d}, saved as CSV and attached. It's the new " \
                   "set of name servers."
        elif shape == 1:
            self._changes(a)
            add, rem = rng.choice([("add", "remove"), ("ADD", "DELETE"), ("Add", "Remove")])
            rows = ["Domain,Change,Name server"] + [f"{d},{rem},{self._host(h)}" for h in a.remove_ns] + \
                   [f"{d},{add},{self._host(h)}" for h in a.add_ns]
            body = rng.choice([f"See attached for {d} - one row per name server.",
                               f"Attached is the list of changes for {org} ({d})."])
        else:
            new = self._new_ns(a)
            n = max(len(a.current_ns), len(new))
            rows = ["domain;current_ns;new_ns"] + [
                f"{d if i == 0 else ''};{a.current_ns[i] if i < len(a.current_ns) else ''};"
                f"{self._host(new[i]) if i < len(new) else ''}" for i in range(n)]
            body = f"I've attached the current and new name servers for {d} (exported from Excel, sorry about the " \
                   "semicolons)."
        name = rng.choice(["DNS change form.csv", f"{d.split('.')[0]}-ns.csv", "nameservers.csv",
                           f"change-{rng.randrange(100, 999)}.csv"])
        return self._subject(asks), [("p", body)], (name, bom + "\r\n".join(rows) + "\r\n", "csv")

    def _w_multi_domain(self, asks):
        rng = self.rng
        org = asks[0].organisation
        names = [a.domain for a in asks]
        listed = ", ".join(names[:-1]) + " and " + names[-1]
        shape = rng.randrange(4)
        if shape == 0:  # one set for them all
            while True:
                new = self._provider(names[0])[:rng.choice([2, 3])]
                if len(new) >= 2 and all(sorted(new) != sorted(a.current_ns) for a in asks):
                    break
            for a in asks:
                a.new_ns = list(new)
            both = "Both" if len(asks) == 2 else "All three"
            text = (f"{both} of {org}'s domains are moving together: {listed}. Please set each of them "
                    f"to {_inline(rng, [self._word(h) for h in new])}.")
            return self._subject(asks), [("p", text)], None
        if shape == 1:
            lines = []
            for a in asks:
                new = self._new_ns(a)
                lines.append(f"{a.domain} - move to {self._said(a, new)}")
            return self._subject(asks), [("p", f"A few for {org} please:"), ("p", "\n".join(lines))], None
        if shape == 2:
            news = [self._new_ns(a) for a in asks]
            width = max(len(n) for n in news)
            rows = [[a.domain] + [self._host(h) for h in n] + [""] * (width - len(n)) for a, n in zip(asks, news)]
            header = ["Domain"] + [f"NS{i}" for i in range(1, width + 1)]
            return self._subject(asks), [("p", f"New name servers for {org}'s domains:"),
                                         ("table", header, rows, rng.choice(["html", "aligned", "markdown"]))], None
        first, others = asks[0], asks[1:]
        new = self._new_ns(first)
        blocks = [("p", f"Two changes for {org}, if you could."),
                  ("list", f"{first.domain} moves to:", self._hosts(first, new), rng.choice(["bullet", "dash"]))]
        for a in others:
            z = self._fresh_ns(a, 1)[0]
            a.add_ns = [z]
            blocks.append(("p", f"And on {a.domain} keep everything but add {self._host(z)} as well."))
        return self._subject(asks), blocks, None

    def _w_ds(self, asks):
        rng, a = self.rng, asks[0]
        d = a.domain
        new = _ds(rng)
        tag, alg, dtype, digest = new.split()
        if rng.random() < 0.3:
            digest = digest.lower()
        written = f"{tag} {alg} {dtype} {digest}"
        shape = rng.randrange(8)
        if not a.current_ds and shape in (2, 3, 4):
            shape = rng.choice([0, 1, 5, 6, 7])
        subject = self._subject(asks, rng.choice(["DS record", "DNSSEC"]))
        if shape == 0:
            a.new_ds = [new]
            ttl = rng.choice(["3600", "86400"])
            lead = (f"Please replace the DS record for {d} with the one from our new DNS host:" if a.current_ds else
                    f"We're switching DNSSEC on for {d}. The DS record to publish is:")
            return subject, [("p", lead), ("pre", f"{d}. {ttl} IN DS {written}")], None
        if shape == 1:
            a.new_ds = [new]
            names = {"8": "RSA/SHA-256", "13": "ECDSA P-256 with SHA-256"}
            fields = [("Key Tag", tag), ("Algorithm", f"{alg} ({names[alg]})" if rng.random() < 0.5 else alg),
                      ("Digest Type", f"{dtype} ({'SHA-256' if dtype == '2' else 'SHA-384'})"), ("Digest", digest)]
            lead = (f"New DS for {d}, as the DNS console shows it (it replaces the one there now):" if a.current_ds
                    else f"DNSSEC for {d} please - details from the DNS console:")
            return subject, [("p", lead), ("fields", fields)], None
        if shape == 2:
            a.add_ds = [new]
            text = (f"We're rolling the signing key on {d}. Please add this DS alongside the current one - we'll "
                    "ask you to take the old one away next week once the caches have caught up.")
            return subject, [("p", text), ("pre", written)], None
        if shape == 3:
            a.new_ds = [new]
            dig = f";; ANSWER SECTION:\n{d}.\t\t86400\tIN\tDS\t{a.current_ds[0]}"
            return subject, [("p", f"At the moment {d} has this (dig output):"), ("pre", dig),
                             ("p", "Please replace it with:"), ("pre", written)], None
        if shape == 4:
            a.remove_ds = list(a.current_ds)
            text = (f"We are moving DNS provider and need to turn DNSSEC off first. Please remove the DS record "
                    f"{a.current_ds[0]} from {d}. No other change.")
            return subject, [("p", text)], None
        if shape == 6:  # the fields in a sentence
            a.new_ds = [new]
            text = (f"Could you {'replace the DS record on' if a.current_ds else 'publish a DS record for'} {d}? "
                    f"Key tag {tag}, algorithm {alg}, digest type {dtype}, and the digest is {digest}. "
                    + ("The old key has been withdrawn." if a.current_ds else "Thank you so much for your help!"))
            return subject, [("p", text)], None
        if shape == 7:  # the fields as a table's one row
            a.new_ds = [new]
            header = rng.choice([["Key tag", "Algorithm", "Digest type", "Digest"],
                                 ["Keytag", "Alg", "Type", "Digest"]])
            lead = (f"New DS record for {d} below; it should replace what is there." if a.current_ds else
                    f"Please add the DS below to {d}.")
            return subject, [("p", lead), ("table", header, [[tag, alg, dtype, digest]],
                                           rng.choice(["html", "aligned"]))], None
        a.new_ds = [new]
        ns = self._new_ns(a)
        text = (f"{d} is moving to a new DNS provider who will sign the zone. The new name servers are "
                f"{self._said(a, ns)}, and the DS record "
                + ("(replacing the current one) " if a.current_ds else "") + "is:")
        return subject, [("p", text), ("pre", written)], None

    def _w_ambiguous(self, asks):
        rng, a = self.rng, asks[0]
        d, cur = a.domain, a.current_ns
        other = self._fresh_ns(a, 2)
        shape = self._ambiguous_made % 7
        self._ambiguous_made += 1
        if shape == 6 and a.current_ds:
            shape = 1
        if shape == 0:  # two lists and no label
            lead = rng.choice([f"Name servers for {d} below, can you sort please", f"{d} change:",
                               f"Hi, the web people sent me these for {d}"])
            lists = [("list", "", list(cur), "plain"), ("list", "", other, "plain")]
            if rng.random() < 0.5:
                lists.reverse()
            return self._subject(asks), [("p", lead)] + lists, None
        if shape == 1:  # a server to remove that the domain does not have
            text = rng.choice([f"Please remove {other[0]} from {d}, we don't use it any more. Thanks",
                               f"Can you take {other[0]} off {d}? It was switched off last week."])
            return self._subject(asks), [("p", text)], None
        if shape == 2:  # one name server left
            text = rng.choice([(f"We're consolidating, so {d} only needs {other[0]} from now on. Please remove the "
                               "rest."),
                               f"Please set {d} to use {other[0]} as its only name server."])
            return self._subject(asks), [("p", text)], None
        if shape == 3:  # what it has already
            text = rng.choice([(f"Can you make sure {d} is set to {_inline(rng, list(cur))}? The web company says it "
                               "should be those."), f"Please add {cur[-1]} to {d} as an extra name server."])
            return self._subject(asks), [("p", text)], None
        if shape == 4:  # a sentence and a list that disagree
            third = self._fresh_ns(a, 2, avoid=other)
            return self._subject(asks), [("p", f"Please move {d} to {other[0]} and {other[1]}."),
                                         ("list", "New name servers:", third, "bullet")], None
        if shape == 5:  # one or the other
            text = (f"On {d} please replace {cur[0]} with {other[0]} - or it might be {other[1]}, I can't find the "
                    "supplier's email. Sorry!")
            return self._subject(asks), [("p", text)], None
        text = f"Please remove the DS record from {d}, we're turning DNSSEC off."  # one the domain does not have
        return self._subject(asks, "DS record"), [("p", text)], None

    # --- thread mails ---

    def _thread(self, mid: str, kind: str, target: Mail) -> Mail:
        rng = self.rng
        client = rng.choice(self.clients[:5])
        charset, encoding = rng.choice(CHARSETS), rng.choice(ENCODINGS)
        if kind == "reply":
            said = rng.choice(_REPLIES)
            sign = rng.choice(["", "Thanks", "Regards", "Best,"])
            said = said + (f"\n\n{sign}\n{rng.choice(_SIGN_OFFS)}" if sign else "")
        elif kind == "automatic":
            said = rng.choice(_AUTO_REPLIES)
        else:
            said = f"delivery to {target.sender} failed"
        sender = target.sender if kind != "bounce" else "MAILER-DAEMON@mx." + target.sender.partition("@")[2]
        return Mail(mid, kind, kind if kind != "reply" else said.split("\n")[0][:24], client, charset, encoding,
                    sender, kind, None, thread_of=target.id, said=said, seed=self.seed)

