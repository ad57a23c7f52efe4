"""Seed 22 of the request corpus: change requests from registrars' back offices, and mail written on phones.

Imitates two populations that reach the registry through the same registrars. The back office: a registrar's
internal order system sending change orders (order number, line items, "Order type: DNS modification", status,
SLA and an approver's name); bulk changes across several domains of one organisation, each with its own
differences; spreadsheets pasted from Excel into Outlook (HTML tables in Office's styles, a title cell merged over
the columns, the domain merged down its rows, empty columns, a totals row); JSON or YAML pasted from a registrar's
API, an automation's log or a Terraform plan; account managers writing for a customer who phoned them; a second
person writing "approved, please action" above a colleague's draft, now and then with a change of their own; and a
correction inside the same mail ("ignore ns3 in the table below, it should be ns4..."). And mail written on phones
(iOS Mail, Outlook for iOS and Android, the Gmail app, Samsung Email): short and autocorrected, host names
capitalised at the start of a line ("Ns1.example.net"), smart quotes, the phone's signature above a quoted mail,
top-posted.

Organisations are of kinds of their own, with several domains each, their labels ending in "-bo" so that no other
seed's domains collide. One request in 40 is ambiguous on purpose, each in a way of this population's own (a
correction that says nothing certain, an approver who doubts the draft, a plan whose values are known only after
apply, two open order lines that disagree, a phone mail with no values, "the old DS" of two, a cell "TBC"). Thread
mails are the back office's and the phones' own replies, order-system notices and out-of-office notes, and
bounces.
"""

from __future__ import annotations

import json
import random
import re
from email.message import EmailMessage
from html import escape
from unicodedata import normalize

from tests.support.request_corpus import (
    BOT,
    DATE,
    REGISTRARS,
    TICKET_SENDER,
    ZONE,
    DomainAsk,
    Generator,
    Mail,
    _ds,
    _fit,
    _html_blocks,
    _plain,
    _provider_set,
    build_mail,
)

PLACES = [
    "accrington", "bacup", "colne", "darwen", "earby", "fleetwood", "garstang", "haslingden", "ingleton",
    "kirkby-stephen", "leyland", "millom", "nelson", "ormesby", "padiham", "rawtenstall", "silloth", "todmorden",
    "ulverscroft", "whalley", "appleby", "brampton", "cockermouth", "dalton", "egremont-on-sea", "flookburgh",
    "grange", "heysham", "irlam", "kirkoswald", "longridge", "maryport", "newby", "orrell", "poulton", "rishton",
    "sedbergh", "tarleton", "walney", "wigton", "aspatria", "barrow", "carnforth-bay", "dent", "eccleston",
]
KINDS = [("-mbc", "{} Metropolitan Borough Council"), ("-vjb", "{} Valuation Joint Board"),
         ("-lep", "{} Enterprise Partnership"), ("-pte", "{} Passenger Transport Executive"),
         ("-wda", "{} Waste Disposal Authority"), ("-ha", "{} Homes (Housing Association)"),
         ("-lc", "{} Leisure and Culture Trust"), ("-rb", "{} Regeneration Board")]
EXTRA = ["jobs", "pay", "consult", "maps", "news", "visit", "planning", "libraries", "events"]

# Name servers as back offices and their customers' suppliers give them out, beside the common ones.
NUMBERED_HOSTS = ["rdns.example.net", "dns.bo-hosting.example", "ns.cloudnet-uk.example", "zonemaster.example.org"]

CLIENTS_ALL = ("outlook", "iphone", "gmail", "order_system", "thunderbird", "outlook_mobile", "apple_mail",
               "html_only", "ticket_system", "samsung", "gmail_app")
PHONES = ("iphone", "outlook_mobile", "samsung", "gmail_app")
# The base's HTML and list styles each of this seed's clients writes like.
HTML_LIKE = {"outlook": "outlook", "gmail": "gmail", "apple_mail": "apple_mail", "html_only": "html_only",
             "iphone": "apple_mail", "gmail_app": "gmail", "outlook_mobile": "html_only", "samsung": "html_only",
             "order_system": "html_only"}

STAFF = [("Hannah Whitfield", "Account Manager, Public Sector"), ("Gareth Lloyd", "Domain Operations"),
         ("Priti Mistry", "Provisioning Analyst"), ("Conor Maguire", "Order Management"),
         ("Beata Kowalska", "Registry Liaison"), ("Femi Adeyemi", "Senior Account Manager"),
         ("Rosie Tranmer", "Customer Success Manager"), ("Neil Ashcroft", "Technical Account Manager"),
         ("Zofia W\u00f3jcik", "Domains Back Office"), ("Ciar\u00e1n Byrne", "Operations Analyst")]
APPROVERS = [("Claire Dunmore", "Operations Manager"), ("Stuart Baines", "Head of Domain Services"),
             ("Aoife Brennan", "Team Leader, Provisioning"), ("Mark Holroyd", "Service Delivery Manager"),
             ("Yasmin Chaudhry", "Deputy Operations Manager")]
CALLERS = ["Jane Pollard", "their ICT manager, Phil Bryce", "Mr Okoye", "Bernadette in their IT team",
           "the customer's web supplier", "Sue from their digital team", "their infrastructure lead (Raj Patel)"]
DISCLAIMERS = [
    "",
    "",
    ("This email and any files transmitted with it are confidential and intended solely for the use of the "
     "individual or entity to whom they are addressed. If you have received this email in error please notify the "
     "sender. Calls may be recorded for training and quality purposes."),
    "[EXTERNAL] This message was sent from outside your organisation. Do not click links unless you trust the sender.",
    ("Registered in England and Wales, company number 05551234. Registered office: 3rd Floor, Victoria House, "
     "Preston PR1 2AA. VAT GB 876 5432 10."),
    "Think before you print.",
]
PHONE_SIGS = {"iphone": ["Sent from my iPhone", "Sent from my iPhone", "Sent from my iPad"],
              "outlook_mobile": ["Get Outlook for iOS", "Get Outlook for Android"],
              "samsung": ["Sent from my Galaxy", "Sent from my Samsung Galaxy smartphone."],
              "gmail_app": [""]}
REPLIES = ["Approved - please go ahead.", "Thanks, order closed our side.", "Yes that's correct, as per the order.",
           "Confirmed with the customer by phone this morning, please proceed.",
           "Thanks for the quick turnaround, I've let the customer know.",
           "Correct. The line items are as listed in our order.", "Yes please action. Many thanks",
           "Received with thanks - I'll update the order.", "That's fine, thank you."]
PHONE_REPLIES = ["Yes pls go ahead", "Thx!", "Yes that\u2019s right \U0001F44D", "Go ahead thanks",
                 "Confirmed. Thanks", "Yep all good", "Ok thanks, yes correct", "Yes correct. Cheers"]
AUTO_REPLIES = [
    ("Your message has been added to the order history. This is an automated notification from our order "
     "management system; please do not reply to it."),
    ("I'm on annual leave until Monday 30 November with limited access to email. For anything urgent about a "
     "domain order please contact the Domain Operations team."),
    ("Thank you for your email. I'm out visiting customers today and will reply when I'm back at my desk."),
    ("Order update: a comment was added by an external party. Status: Awaiting customer. This notification was "
     "generated automatically."),
    "I'm travelling with limited signal and will reply as soon as I can.\n\nSent from my iPhone",
]


def _ip(rng: random.Random) -> str:
    return f"{rng.choice(['192.0.2', '198.51.100', '203.0.113'])}.{rng.randrange(2, 250)}"


def _join(rng: random.Random, values: list[str]) -> str:
    if len(values) == 1:
        return values[0]
    return rng.choice([", ".join(values[:-1]) + " and " + values[-1], ", ".join(values), " / ".join(values),
                       ", ".join(values[:-1]) + " & " + values[-1]])


def _cap(value: str) -> str:
    """What a phone's keyboard makes of a word at the start of a line."""
    return value[:1].upper() + value[1:]


def _smart(text: str) -> str:
    """iOS and Android 'smart punctuation': curly apostrophes and quotes."""
    out, opened = [], False
    for i, ch in enumerate(text):
        if ch == "'":
            out.append("\u2019")
        elif ch == '"':
            out.append("\u201d" if opened else "\u201c")
            opened = not opened
        else:
            out.append(ch)
        del i
    return "".join(out)


_HOSTLIKE = re.compile(r"\b(?:[A-Za-z0-9-]+\.)+(?:com|net|org|uk|info|example)\b(?![@\w-])")


def _linked(html: str) -> str:
    """Host names in the writer's own words made links, as the Gmail and Outlook apps do when sending."""
    parts = re.split(r"(<[^>]+>)", html)
    return "".join(p if p.startswith("<") else _HOSTLIKE.sub(
        lambda m: f'<a href="http://{m.group(0)}" target="_blank">{m.group(0)}</a>', p) for p in parts)


def _label(domain: str) -> str:
    return domain.split(".")[0].replace("-", "_")


# --- rendering this seed's own blocks --------------------------------------------------------------------------
# Blocks are the base's ("p", "pre", "fields", "list", "table") and two of this seed's own:
#   ("xl", title, header, rows, totals, merge_first): a range pasted from Excel, its title merged over the columns
#       and, with merge_first, each run of one value in the first column merged down.
#   ("quote", head, blocks, forwarded): an earlier mail under the writer's, head = (name, email, subject).


def _xl_text(block) -> str:
    """The plain alternative Outlook makes of a pasted range: cells a tab apart, a merged cell once."""
    _, title, header, rows, totals, merge = block
    lines = [title] if title else []
    if header:
        lines.append("\t".join(header))
    prev = None
    for row in rows:
        cells = list(row)
        if merge and cells[0] == prev:
            cells[0] = ""
        else:
            prev = cells[0]
        lines.append("\t".join(cells).rstrip("\t"))
    if totals:
        lines.append("\t".join(totals).rstrip("\t"))
    return "\n".join(lines)


def _xl_html(block) -> str:
    """A range pasted from Excel into Outlook: MsoNormalTable, Office's cell styles, empty cells as &nbsp;."""
    _, title, header, rows, totals, merge = block
    width = len(header or rows[0])

    def cell(value: str, *, bold=False, fill="", span="") -> str:
        text = escape(value) if value else "<o:p>&nbsp;</o:p>"
        inner = f'<span style="font-size:10.0pt;font-family:&quot;Arial&quot;,sans-serif;color:black">{text}</span>'
        if bold:
            inner = f"<b>{inner}</b>"
        bg = f"background:{fill};" if fill else ""
        return (f'<td{span} nowrap valign="bottom" style="border:solid windowtext 1.0pt;{bg}padding:0cm 5.4pt 0cm '
                f'5.4pt;height:15.0pt"><p class="MsoNormal">{inner}<o:p></o:p></p></td>')

    out = ['<table class="MsoNormalTable" border="0" cellspacing="0" cellpadding="0" width="0" '
           'style="border-collapse:collapse">']
    if title:
        out.append(f'<tr style="height:15.0pt">{cell(title, bold=True, span=f" colspan={width}")}</tr>')
    if header:
        out.append('<tr style="height:15.0pt">' + "".join(cell(h, bold=True, fill="#D9E1F2") for h in header)
                   + "</tr>")
    i = 0
    while i < len(rows):
        run = 1
        while merge and i + run < len(rows) and rows[i + run][0] == rows[i][0]:
            run += 1
        for k in range(run):
            cells = rows[i + k]
            first = "" if k else cell(cells[0], span=f' rowspan="{run}"' if run > 1 else "")
            out.append('<tr style="height:15.0pt">' + first + "".join(cell(c) for c in cells[1:]) + "</tr>")
        i += run
    if totals:
        out.append('<tr style="height:15.0pt">' + "".join(cell(c, bold=True, fill="#F2F2F2") for c in totals)
                   + "</tr>")
    out.append("</table>")
    return "".join(out)


class BackOfficeGenerator(Generator):
    clients = CLIENTS_ALL

    def __init__(self, part: str, seed: int):
        super().__init__(part, seed)
        names = [(f"{place}{suffix}-bo", kind.format(" ".join(w.capitalize() for w in place.split("-"))))
                 for place in PLACES for suffix, kind in KINDS]
        self.rng.shuffle(names)
        self.free_names = names
        self.ambiguous_made = 0
        self.client = "outlook"
        self.order = ""

    @property
    def phone(self) -> bool:
        return self.client in PHONES

    @property
    def rich(self) -> bool:
        """Whether the writer's client sends HTML, where a pasted range stays a table."""
        return self.client not in ("thunderbird", "ticket_system")

    # the registry file

    def _domains(self, registrar: str, count: int) -> list[DomainAsk]:
        rng = self.rng
        base, org = self.free_names.pop()
        stem = base[:-len("-bo")]
        names = [base] + [f"{stem}-{x}-bo" for x in rng.sample(EXTRA, count - 1)]
        contacts = [{"role": "security", "email": f"information-security@{base}.gov.uk",
                     "phone": f"+44 161 496 0{rng.randrange(100, 999)}", "name": f"{org} Information Security"},
                    {"role": "technical", "email": f"ict-servicedesk@{base}.gov.uk"},
                    {"role": "notify", "email": f"domain-alerts@{base}.gov.uk"}]
        domains, asks = [], []
        for name in names:
            domain = f"{name}.{ZONE}"
            ns = self._provider(domain)[:rng.choice([2, 2, 2, 3, 4])]
            ds = [_ds(rng)] if rng.random() < 0.35 else []
            domains.append({"name": domain, "locked": True, "registrar": registrar, "registrant": org,
                            "nameservers": ns, "ds": ds, "whois_contacts": [f"webmaster@{base}.gov.uk"]})
            asks.append(DomainAsk(domain, org, list(ns), list(ds)))
        self.organisations[org] = {"name": org, "contacts": contacts, "domains": domains}
        return asks

    def _set_current_ds(self, a: DomainAsk, ds: list[str]) -> None:
        """Give a domain other current DS records, in the registry file and the ask alike."""
        for d in self.organisations[a.organisation]["domains"]:
            if d["name"] == a.domain:
                d["ds"] = list(ds)
        a.current_ds = list(ds)

    def _provider(self, domain: str) -> list[str]:
        rng = self.rng
        kind = rng.randrange(10)
        if kind < 4:
            return _provider_set(rng, domain)
        if kind < 6:
            host = rng.choice(NUMBERED_HOSTS)
            return [f"ns{i}.{host}" for i in (1, 2, 3, 4)]
        if kind == 6:
            return ["dns1.registrar-servers.com", "dns2.registrar-servers.com"]
        if kind == 7:
            n = rng.randrange(10, 300)
            return [f"ns-{n}-{x}.gandi.net" for x in "abc"]
        if kind == 8:
            return ["ns1.dnsimple.com", "ns2.dnsimple-edge.net", "ns3.dnsimple.com", "ns4.dnsimple-edge.org"]
        return [f"dns{i}.{domain.split('.')[0]}-hosting.example.com" for i in (1, 2)]

    def _new_set(self, a: DomainAsk, sizes=(2, 2, 3, 4)) -> list[str]:
        while True:
            new = self._provider(a.domain)[:self.rng.choice(sizes)]
            if len(new) >= 2 and sorted(new) != sorted(a.current_ns):
                a.new_ns = list(new)
                return new

    def _fresh(self, a: DomainAsk, n: int, avoid=()) -> list[str]:
        while True:
            new = self._provider(a.domain)
            if not set(new) & (set(a.current_ns) | set(avoid)) and len(new) >= n:
                return new[:n]

    def _add_remove(self, a: DomainAsk) -> None:
        rng, cur = self.rng, a.current_ns
        shape = rng.randrange(4)
        if shape == 0 or shape == 2 and len(cur) < 3:
            a.remove_ns, a.add_ns = list(cur), self._fresh(a, rng.choice([2, 2, 3]))
        elif shape == 1:
            a.add_ns = self._fresh(a, 1)
        elif shape == 2:
            a.remove_ns = [rng.choice(cur)]
        else:
            a.remove_ns, a.add_ns = [rng.choice(cur)], self._fresh(a, 1)

    def _wrong(self, a: DomainAsk, right: str, avoid: list[str]) -> tuple[str, str]:
        """A value typed wrongly in a table or list, and how a correction names it: 'ns3' where the server is
        numbered (and that number is no other server's), else the whole name."""
        head, _, rest = right.partition(".")
        if head[:2] == "ns" and head[2:].isdigit():
            heads = {h.partition(".")[0] for h in avoid if h != right}
            numbers = [k for k in range(1, 7) if f"ns{k}.{rest}" not in avoid + a.current_ns and f"ns{k}" != head]
            if numbers:
                wrong = f"ns{self.rng.choice(numbers[:3])}.{rest}"
                short = wrong.partition(".")[0]
                return wrong, short if short not in heads and self.rng.random() < 0.7 else wrong
        while True:
            wrong = self._provider(a.domain)[self.rng.randrange(2)]
            if wrong not in avoid + a.current_ns + [right]:
                return wrong, wrong

    # how values are written

    def _h(self, value: str, *, line: bool = True) -> str:
        """A name server as written: a phone capitalises it at the start of a line; a desk now and then types it in
        capitals or with the root's dot."""
        r = self.rng.random()
        if self.phone:
            return _cap(value) if line and r < 0.75 else value
        if r < 0.05:
            return value.upper()
        if r < 0.1 and line:
            return value + "."
        return value

    def _hs(self, values: list[str], *, line: bool = True) -> list[str]:
        return [self._h(v, line=line) for v in values]

    def _thumb(self, text: str) -> str:
        """A phone's words: autocorrected, smart quotes, each line capitalised."""
        rng = self.rng
        for word, short in (("please", "pls"), ("thanks", "thx"), ("you", "u"), ("name servers", "ns")):
            if rng.random() < 0.3:
                text = text.replace(word, short)
        for word, typo in (("name servers", "name severs"), ("nameservers", "namesevers"), ("domain", "domian")):
            if rng.random() < 0.08:
                text = text.replace(word, typo, 1)
        text = "\n".join(_cap(line) for line in text.split("\n"))
        return _smart(text) if rng.random() < 0.8 else text

    def _p(self, text: str) -> tuple:
        return ("p", self._thumb(text) if self.phone else text)

    def _subject(self, asks: list[DomainAsk], what: str = "Name server change") -> str:
        names = ", ".join(a.domain for a in asks)
        org = asks[0].organisation
        pick = [f"{what} - {names}", f"{names} - {what.lower()}", f"DNS modification: {names}",
                f"{org} - {what.lower()} ({names})", f"Change order {self._order_no()} - {names}",
                f"Please action: {names}", f"{names}", f"Bulk change for {org}" if len(asks) > 1 else f"{names} NS"]
        if self.phone:
            pick = [f"{names}", f"NS {names}", f"{what} {names}", f"Re: {names}", f"Urgent - {names}"]
        return self.rng.choice(pick)

    def _order_no(self) -> str:
        rng = self.rng
        return rng.choice([f"SO-2026-{rng.randrange(100000, 999999)}", f"ORD{rng.randrange(1000000, 9999999)}",
                           f"CO/{rng.randrange(10000, 99999)}/26", f"DNS-{rng.randrange(2000, 9999)}"])

    # the mail around the asks

    def request(self, mid: str, layout: str, client: str) -> Mail:
        rng = self.rng
        self.client = client
        registrar = rng.choice(REGISTRARS)
        sender = TICKET_SENDER if client == "ticket_system" else rng.choice(
            [e for e in registrar["emails"] if e != TICKET_SENDER])
        if client == "ticket_system":
            registrar = next(r for r in REGISTRARS if TICKET_SENDER in r["emails"])
        count = rng.choice([2, 3, 3, 4]) if layout == "multi_domain" else rng.choice([1, 1, 1, 2]) \
            if layout == "csv" else 1
        asks = self._domains(registrar["name"], count)
        self.order = self._order_no()
        # A desk's content (a pasted range, a payload, an order) reaches a phone only forwarded or approved.
        desk_made = layout in ("current_new_table", "add_remove_table", "portal", "epp", "csv")
        if self.phone and desk_made:
            self.client = "outlook"
        subject, blocks, attachment = getattr(self, "_w_" + layout)(asks)
        self.client = client
        person, role = rng.choice(STAFF)
        frame = rng.random()
        if client == "order_system":
            raw, said = self._order_mail(mid, sender, registrar["name"], subject, blocks, attachment, asks)
        else:
            if (self.phone and desk_made) or (frame < 0.22 and layout != "ambiguous"):
                subject, blocks, person, role = self._approved(asks, subject, blocks, person, role, sender)
            elif not self.phone and frame < 0.4:
                blocks = [("p", self._behalf(asks))] + blocks
            opening = rng.choice(["Hi,", "Hi team,", "Morning,", "Hello Registry Lock team,", "", "", "Dear Registry,",
                                  "Good afternoon,"] if not self.phone else ["", "", "Hi", "Hi,", "Morning"])
            if opening and blocks[0][0] != "quote":
                blocks = [("p", opening)] + blocks
            closing = rng.choice(["Thanks,", "Kind regards,", "Many thanks", "Regards,", "Thanks in advance,", ""]
                                 if not self.phone else ["Thx", "Thanks", "", "Cheers"])
            signature = self._signature(person, role, registrar["name"], sender)
            charset, encoding = self._charset()
            if client in ("thunderbird", "ticket_system"):
                text = self._plain(blocks, charset)
                raw, said = build_mail(rng, mid, client, charset, encoding, sender, registrar["name"], subject,
                                       [("pre", text)], closing, signature, attachment)
            else:
                raw, said = self._mime(mid, charset, encoding, sender, registrar["name"], person, subject, blocks,
                                       closing, signature, attachment)
        # After the framing: an approver's note may change what the draft asked.
        truth = "asked" if layout == "ambiguous" else {a.domain: a.truth() for a in asks if a.truth()}
        msg_charset = self._last_charset
        return Mail(mid, "ambiguous" if layout == "ambiguous" else "request", layout, client, msg_charset,
                    self._last_encoding, sender, truth, raw, said=said, seed=self.seed)

    _last_charset = "utf-8"
    _last_encoding = "quoted-printable"

    def _charset(self) -> tuple[str, str]:
        rng = self.rng
        if self.phone:
            charset = rng.choice(["utf-8", "utf-8", "utf-8", "windows-1252", "iso-8859-1"])
            encoding = {"samsung": "base64", "iphone": rng.choice(["quoted-printable", "8bit"])}.get(
                self.client, rng.choice(["quoted-printable", "base64"]))
        else:
            charset = rng.choice(["utf-8", "iso-8859-1", "windows-1252"])
            encoding = rng.choice(["quoted-printable", "base64", "8bit"])
        self._last_charset, self._last_encoding = charset, encoding
        return charset, encoding

    def _behalf(self, asks: list[DomainAsk]) -> str:
        rng = self.rng
        org, caller = asks[0].organisation, rng.choice(CALLERS)
        return rng.choice([
            f"I'm writing on behalf of our customer {org}, who phoned me earlier today.",
            f"I've just had {caller} from {org} on the phone and said I'd pass this on.",
            f"{org} rang our support line this morning ({caller}); I've checked they're an authorised contact on "
            "the account.",
            f"Raising this for {org} - they called their account manager (me) as they can't log in to the portal.",
            f"Following a call with {caller} at {org}, please see the change below.",
        ])

    def _approved(self, asks, subject, blocks, person, role, sender):
        """The request as a colleague drafted it, under a second person's 'approved, please action'."""
        rng = self.rng
        drafter, drafter_role = person, role
        approver, approver_role = rng.choice(APPROVERS) if rng.random() < 0.7 else \
            rng.choice([s for s in STAFF if s[0] != drafter])
        host = sender.partition("@")[2]
        email = normalize("NFKD", drafter.lower()).replace(" ", ".").encode("ascii", "ignore").decode() + "@" + host
        close = rng.choice(["Thanks", "Kind regards", "Many thanks", "Cheers"])
        draft = blocks + [("p", f"{close}\n{drafter}\n{drafter_role}")]
        forwarded = rng.random() < 0.4
        note = rng.choice(["Approved, please action.", "Approved - please action.", "Approved. Pls action",
                           "Please action the below, approved by me.", "Approved, please process as below.",
                           "OK to proceed - approved.", "Authorised, please go ahead with the below.",
                           "See below from my colleague - approved, please action."])
        extra = ""
        if len(asks) == 1:
            a = asks[0]
            if a.new_ns is not None and rng.random() < 0.2 and not set(a.new_ns) & set(a.current_ns):
                keep = rng.choice(a.current_ns)
                a.new_ns = list(a.new_ns) + [keep]
                extra = (f" One change: the customer called back and wants to keep {keep} in as well for now, so "
                         f"that's {len(a.new_ns)} name servers in total.")
        top = note + extra
        prefix = "FW: " if forwarded else "RE: "
        if self.phone:
            prefix = "Fwd: " if forwarded else "Re: "
        return prefix + subject, [self._p(top), ("quote", (drafter, email, subject), draft, forwarded)], \
            approver, approver_role

    def _signature(self, person: str, role: str, registrar: str, sender: str) -> str:
        rng = self.rng
        if self.phone:
            first = person.split()[0]
            sig = rng.choice(PHONE_SIGS[self.client])
            return "\n\n".join(x for x in [first if rng.random() < 0.6 else "", sig] if x)
        lines = [person, f"{role} | {registrar}"]
        if rng.random() < 0.6:
            lines.append(f"T: 01772 {rng.randrange(100000, 999999)}  M: 07700 900{rng.randrange(100, 999)}")
        if rng.random() < 0.3:
            lines.append("Working hours Mon-Thu 8.30-4.30")
        disclaimer = rng.choice(DISCLAIMERS)
        return "\n".join(lines) + ("\n\n" + disclaimer if disclaimer else "")

    # --- the MIME ---

    def _plain(self, blocks, charset: str, client: str | None = None) -> str:
        client = client or self.client
        like = HTML_LIKE.get(client, client)
        out = []
        for b in blocks:
            if b[0] == "xl":
                out.append(_xl_text(b))
            elif b[0] == "quote":
                out.append(self._quote_text(b, charset, client))
            else:
                out.append(_plain(like, [b], charset))
        return "\n\n".join(out)

    def _html(self, blocks, client: str) -> str:
        like = HTML_LIKE[client]
        out = []
        for b in blocks:
            if b[0] == "xl":
                out.append(_xl_html(b))
            elif b[0] == "quote":
                out.append(self._quote_html(b, client))
            else:
                out.append(_html_blocks(like, [b]))
        return "".join(out)

    def _quote_head(self, b, client: str) -> tuple[str, list[tuple[str, str]]]:
        """The line or header block a client writes over a quoted or forwarded mail."""
        _, (name, email, subject), _, forwarded = b
        when = "26 November 2026 16:42"
        if client in ("outlook", "html_only", "outlook_mobile", "order_system", "thunderbird", "ticket_system"):
            return "", [("From", f"{name} <{email}>"), ("Sent", when if client != "outlook_mobile" else
                                                        "Thursday, November 26, 2026 4:42:18 PM"),
                        ("To", "Domain Operations <domains@registrar.example>"), ("Subject", subject)]
        if client == "samsung":
            return "-------- Original message --------", [("From", f"{name} <{email}>"),
                                                         ("Date", "26/11/2026 16:42 (GMT+00:00)"),
                                                         ("To", "Domain Operations"), ("Subject", subject)]
        if forwarded and client in ("iphone", "apple_mail"):
            return "Begin forwarded message:", [("From", f"{name} <{email}>"), ("Date", "26 November 2026 at 16:42:"
                                                                                "07 GMT"), ("Subject", subject)]
        if forwarded:
            return "---------- Forwarded message ---------", [("From", f"{name} <{email}>"),
                                                             ("Date", "Thu, 26 Nov 2026 at 16:42"),
                                                             ("Subject", subject)]
        if client in ("iphone", "apple_mail"):
            return f"On 26 Nov 2026, at 16:42, {name} <{email}> wrote:", []
        return f"On Thu, 26 Nov 2026 at 16:42, {name} <{email}> wrote:", []

    def _quote_text(self, b, charset: str, client: str) -> str:
        line, fields = self._quote_head(b, client)
        inner = self._plain(b[2], charset, client)
        head = "\n".join(([line] if line else []) + [f"{k}: {v}" for k, v in fields])
        if fields and client not in ("iphone", "apple_mail", "gmail", "gmail_app"):
            bar = "-----Original Message-----" if client == "ticket_system" else "________________________________"
            return (bar + "\n" if not line else "") + head + "\n\n" + inner
        if fields:  # forwarded by a phone or Gmail: not quoted with '>'
            return head + "\n\n" + inner
        return head + "\n\n" + "\n".join("> " + x if x else ">" for x in inner.split("\n"))

    def _quote_html(self, b, client: str) -> str:
        line, fields = self._quote_head(b, client)
        inner = self._html(b[2], client)
        rows = "<br>".join(f"<b>{escape(k)}:</b> {escape(v)}" for k, v in fields)
        if client in ("outlook", "html_only", "outlook_mobile", "order_system"):
            return ('<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm">'
                    f'<hr style="display:inline-block;width:98%" tabindex="-1"><div id="divRplyFwdMsg" dir="ltr">'
                    f'<font face="Calibri, sans-serif" style="font-size:11pt" color="#000000">{rows}</font></div>'
                    f"</div><div>{inner}</div>")
        if client in ("iphone", "apple_mail"):
            head = f"<div dir=\"ltr\">{escape(line)}<br>{rows}</div>" if fields else \
                f'<div dir="ltr"><br><blockquote type="cite">{escape(line)}<br></blockquote></div>'
            return f'{head}<blockquote type="cite"><div dir="ltr">{inner}</div></blockquote>'
        if client == "samsung":
            return (f'<div dir="auto"><br></div><div align="left" dir="auto" style="font-size:100%;color:#000000">'
                    f"<div>{escape(line)}</div><div>{rows}</div></div>{inner}")
        attr = f'<div dir="ltr" class="gmail_attr">{escape(line)}<br>{rows}</div>'
        return (f'<div class="gmail_quote">{attr}<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;'
                f'border-left:1px solid rgb(204,204,204);padding-left:1ex">{inner}</blockquote></div>')

    def _mime(self, mid, charset, encoding, sender, registrar, person, subject, blocks, closing, signature,
              attachment) -> tuple[bytes, str]:
        rng, client = self.rng, self.client
        msg = EmailMessage()
        name = person if client in PHONES or rng.random() < 0.5 else f"{person} | {registrar}"
        msg["From"] = f'"{name}" <{sender}>'
        msg["To"] = rng.choice([BOT, f'".gov.uk Registry Lock" <{BOT}>'])
        msg["Subject"] = _fit(subject, charset)
        msg["Date"] = DATE.format(7 + rng.randrange(0, 4), rng.randrange(60))
        host = sender.partition("@")[2]
        ids = {"iphone": f"<{rng.getrandbits(64):X}-{mid}@{host}>",
               "gmail_app": f"<CAF{rng.getrandbits(90):x}+{mid}@mail.gmail.com>",
               "samsung": f"<{mid}.{rng.getrandbits(40):x}@email.android.com>"}
        msg["Message-ID"] = ids.get(client, f"<{mid}.{rng.getrandbits(48):x}@{host}>")
        if client == "outlook":
            msg["X-Mailer"] = "Microsoft Outlook 16.0"
            msg["Thread-Index"] = "AdrC" + "".join(rng.choice("abcdefghijkLMNOP0123") for _ in range(22))
        elif client == "iphone":
            msg["X-Mailer"] = rng.choice(["iPhone Mail (22B91)", "iPhone Mail (21G93)", "iPad Mail (22B83)"])
        elif client == "apple_mail":
            msg["X-Mailer"] = "Apple Mail (2.3826.300.87.4.3)"
        elif client == "outlook_mobile":
            msg["Thread-Index"] = "AQH" + "".join(rng.choice("abcdefghijkLMNOP0123") for _ in range(22))
            msg["X-MS-Exchange-Organization-SCL"] = "-1"
        top = [b for b in blocks if b[0] != "quote"]
        quoted = [b for b in blocks if b[0] == "quote"]
        close = (closing + "\n" if closing else "")
        text = self._plain(top, charset) + "\n\n" + close + signature
        if quoted:
            text += "\n\n" + self._plain(quoted, charset)
        text = _fit(text + "\n", charset)
        sig_html = "<br>".join(escape(x) for x in signature.split("\n"))
        close_html = escape(closing)
        inner, rest = self._html(top, client), self._html(quoted, client)
        if client in ("gmail_app", "outlook_mobile", "gmail"):
            inner = _linked(inner)
        if client == "outlook":
            html = ('<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
                    'xmlns:w="urn:schemas-microsoft-com:office:word"><head><meta http-equiv="Content-Type" '
                    'content="text/html"><meta name="Generator" content="Microsoft Word 15 (filtered medium)">'
                    '<style>p.MsoNormal, li.MsoNormal{margin:0cm;font-size:11.0pt;font-family:"Calibri",sans-serif}'
                    'span.EmailStyle17{mso-style-type:personal-compose}</style></head><body lang="EN-GB" '
                    f'link="#0563C1" vlink="#954F72"><div class="WordSection1">{inner}'
                    f'<p class="MsoNormal">{close_html}</p><p class="MsoNormal"><span style="color:#1F3864">'
                    f"{sig_html}</span></p>{rest}</div></body></html>")
        elif client == "iphone":
            html = (f'<html><head><meta http-equiv="content-type" content="text/html; charset={charset}"></head>'
                    f'<body dir="auto"><div dir="ltr">{inner}<div dir="ltr">{close_html}<br><br>{sig_html}</div>'
                    f"</div>{rest}</body></html>")
        elif client == "outlook_mobile":
            html = (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}"></head>'
                    f'<body><div dir="ltr">{inner}<div>{close_html}</div></div><div id="ms-outlook-mobile-signature"'
                    f' dir="ltr"><div dir="ltr">{sig_html}</div></div>{rest}</body></html>')
        elif client == "samsung":
            html = (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}"></head>'
                    f'<body><div dir="auto">{inner}{close_html}</div><div dir="auto"><br></div><div '
                    f'id="composer_signature" dir="auto"><div style="font-size:85%;color:#575757" dir="auto">'
                    f"{sig_html}</div></div>{rest}</body></html>")
        elif client in ("gmail", "gmail_app"):
            html = (f'<div dir="{"auto" if client == "gmail_app" else "ltr"}">{inner}<div>{close_html}</div>'
                    f'<div><br></div>-- <br><div dir="ltr" class="gmail_signature">{sig_html}</div></div><br>{rest}')
        elif client == "apple_mail":
            html = ('<html><head><meta http-equiv="content-type" content="text/html"></head><body style="overflow-'
                    f'wrap: break-word;">{inner}<div>{close_html}</div><div><br></div><div>{sig_html}</div>{rest}'
                    "</body></html>")
        else:
            html = ('<html><head><style>p {margin:0}</style></head><body><div style="font-family:Aptos,sans-serif">'
                    f'{inner}<p>{close_html}</p><div id="Signature"><p>{sig_html}</p></div>{rest}</div></body></html>')
        html = _fit(html, charset)
        if client == "html_only":
            msg.set_content(html, subtype="html", charset=charset, cte=encoding)
        else:
            msg.set_content(text, charset=charset, cte=encoding)
            msg.add_alternative(html, subtype="html", charset=charset, cte=encoding)
        self._attach(msg, attachment)
        return msg.as_bytes(), text

    @staticmethod
    def _attach(msg: EmailMessage, attachment) -> None:
        if attachment is not None:
            filename, data, ext = attachment
            msg.add_attachment(data.encode("utf-8"), maintype="text", subtype="csv" if ext == "csv" else "plain",
                               filename=filename)

    def _order_mail(self, mid, sender, registrar, subject, blocks, attachment, asks) -> tuple[bytes, str]:
        """A change order as the registrar's own order system sends it to the registry."""
        rng = self.rng
        charset = rng.choice(["utf-8", "utf-8", "iso-8859-1", "windows-1252"])
        encoding = rng.choice(["quoted-printable", "8bit", "base64"])
        self._last_charset, self._last_encoding = charset, encoding
        raiser, raiser_role = rng.choice(STAFF)
        approver, _ = rng.choice(APPROVERS)
        org = asks[0].organisation
        head = [("Order number", self.order), ("Order type", rng.choice(["DNS modification", "DNS Modification",
                                                                         "Nameserver / DNSSEC change"])),
                ("Customer", f"{org} (acct {rng.randrange(100000, 999999)})"),
                ("Raised by", f"{raiser} ({raiser_role})"),
                ("Approver", f"{approver} - approved 27/11/2026 08:{rng.randrange(10, 59)}"),
                ("Status", rng.choice(["Approved - awaiting registry", "Sent to registry", "In progress"])),
                ("SLA", rng.choice(["Standard - 2 working days", "P3 / 8 business hours", "Priority - 4 hours"])),
                ("Registry Lock", "Yes - manual change via registry")]
        if rng.random() < 0.4:
            head.insert(3, ("Channel", rng.choice(["Phone", "Account manager", "Portal (locked domain)"])))
        text_head = "\n".join(f"{k + ':':<16}{v}" for k, v in head)
        banner = rng.choice(["*** CHANGE ORDER - ACTION REQUIRED ***", f"Change order {self.order}",
                             "DNS MODIFICATION ORDER"])
        footer = (f"Please quote {self.order} in any reply. Replies to this address are added to the order and read "
                  "by the Domain Operations team.\nThis notification was generated by OMS v4.12.")
        body = self._plain(blocks, charset)
        text = _fit(f"{banner}\n\n{text_head}\n\nOrder details\n{'-' * 13}\n{body}\n\n{footer}\n", charset)
        msg = EmailMessage()
        msg["From"] = f'"{registrar} Order Management" <{sender}>'
        msg["To"] = BOT
        tag = rng.choice([f"[{self.order}] ", f"Order {self.order}: ", f"{self.order} - "])
        msg["Subject"] = _fit(tag + subject.replace(f"Change order {self.order} - ", ""), charset)
        msg["Date"] = DATE.format(8, rng.randrange(60))
        msg["Message-ID"] = f"<oms.{mid}.{rng.getrandbits(40):x}@{sender.partition('@')[2]}>"
        msg["X-Mailer"] = "OMS Notification Service 4.12"
        if rng.random() < 0.3:
            msg["Auto-Submitted"] = "auto-generated"
        if rng.random() < 0.5:
            msg.set_content(text, charset=charset, cte=encoding)
        else:
            rows = "".join(f"<tr><td style=\"padding:2px 12px 2px 0;color:#555\">{escape(k)}</td><td>{escape(v)}</td>"
                           "</tr>" for k, v in head)
            html = _fit(f'<html><body style="font-family:Segoe UI,Arial;font-size:13px"><h3>{escape(banner)}</h3>'
                        f"<table>{rows}</table><h4>Order details</h4>{self._html(blocks, 'order_system')}"
                        f'<p style="color:#888;font-size:11px">{escape(footer)}</p></body></html>', charset)
            msg.set_content(text, charset=charset, cte=encoding)
            msg.add_alternative(html, subtype="html", charset=charset, cte=encoding)
        self._attach(msg, attachment)
        return msg.as_bytes(), text

    # --- layouts: each gives (subject, blocks, attachment) ---

    def _w_prose(self, asks):
        rng, a = self.rng, asks[0]
        d, org, cur = a.domain, a.organisation, a.current_ns
        shape = rng.randrange(6)
        if self.phone:
            new = self._new_set(a, (2, 2, 3))
            said = _join(rng, self._hs(new, line=False))
            text = rng.choice([f"Hi can you change the name servers on {d} to {said} please. Customer chasing. "
                               "Thanks",
                               f"Quick one - {org} want {d} moved to {said}. Can you do today?",
                               f"Please update {d} nameservers to {said}\nThey're replacing {_join(rng, cur)}",
                               f"Just off the phone with {org}, they need {d} pointing at {said} asap please"])
            return self._subject(asks), [self._p(text)], None
        if shape == 0:
            new = self._new_set(a)
            text = (f"{org} are moving {d} to a new DNS provider and have asked us to change the name servers to "
                    f"{_join(rng, self._hs(new, line=False))}. These replace {_join(rng, cur)}.")
        elif shape == 1:
            new = self._new_set(a)
            text = (f"Can you update the delegation for {d} to {_join(rng, self._hs(new, line=False))} please - "
                    f"the customer confirmed the new set on the phone and nothing else changes.")
        elif shape == 2:
            z = self._fresh(a, 1)[0]
            a.add_ns = [z]
            text = rng.choice([f"{org} would like {z} added to {d} alongside the existing name servers.",
                               f"Please add {z} as an additional name server on {d}. The current ones stay."])
        elif shape == 3 and len(cur) >= 3:
            x = rng.choice(cur)
            a.remove_ns = [x]
            text = (f"Please remove {x} from {d}; the customer decommissioned that server last week. The other "
                    f"{len(cur) - 1} stay as they are.")
        elif shape == 4:
            new = self._new_set(a, (3, 4))
            i = rng.randrange(len(new))
            wrong, named = self._wrong(a, new[i], new)
            typed = list(new)
            typed[i] = wrong
            text = (f"Please set the name servers of {d} to {_join(rng, typed)}.\n\n"
                    + rng.choice([f"Correction - sorry, ignore {named} above, it should be {new[i]}.",
                                  f"EDIT: {named} is a typo, the right one is {new[i]}.",
                                  f"(My mistake on {named} - please use {new[i]} instead.)"]))
        else:
            new = self._new_set(a)
            caller = rng.choice(CALLERS)
            text = (f"I've had {caller} on the phone from {org}. They've signed up with a new DNS host and would "
                    f"like {d} delegated to {_join(rng, self._hs(new, line=False))} from today, replacing the "
                    f"{len(cur)} current name servers.")
        return self._subject(asks), [("p", text)], None

    def _w_form(self, asks):
        rng, a = self.rng, asks[0]
        d = a.domain
        shape = rng.randrange(4)
        if self.phone:
            new = self._new_set(a, (2, 2, 3))
            lines = [f"Domain: {d}"] + [f"Ns{i}: {v}" for i, v in enumerate(new, 1)]
            return self._subject(asks), [self._p("Details for the change:\n" + "\n".join(lines))], None
        new = self._new_set(a)
        if shape == 0:
            pairs = [("Order number", self.order), ("Order type", "DNS modification"), ("Domain", d)] + \
                [(f"Nameserver {i}", v) for i, v in enumerate(self._hs(new), 1)] + \
                [(f"Nameserver {i}", "") for i in range(len(new) + 1, 5)] + \
                [("Status", "Approved"), ("SLA", "2 working days"), ("Approver", rng.choice(APPROVERS)[0])]
            return self._subject(asks), [("p", "Change order details:"), ("fields", pairs)], None
        if shape == 1:
            yaml = [f"domain: {d}", "nameservers:"] + [f"  - {v}" for v in new] + \
                ["dnssec: unchanged", f"requested_by: {rng.choice(STAFF)[0]}", f"ticket: {self.order}"]
            lead = rng.choice(["YAML from our provisioning API for the change (it won't apply while the domain "
                               "is locked):", "Here's the record from our API:"])
            return self._subject(asks), [("p", lead), ("pre", "\n".join(yaml))], None
        if shape == 2 and self.rich:
            labels = ["Primary NS", "Secondary NS", "Tertiary NS", "Fourth NS"]
            rows = [["Domain name", d]] + [[labels[i], v] for i, v in enumerate(self._hs(new))] + \
                [["Requested by", rng.choice(CALLERS)], ["Date", "27/11/2026"]]
            return self._subject(asks), [("p", "Form as the customer filled it in:"),
                                         ("xl", "", None, rows, None, False)], None
        pairs = [("Domain name", d), ("Name servers", rng.choice([", ", " ", "; "]).join(self._hs(new, line=False))),
                 ("DS records", "no change"), ("Reason", rng.choice(["Change of DNS host", "Migration to cloud"]))]
        return self._subject(asks), [("fields", pairs)], None

    def _w_label_list(self, asks):
        rng, a = self.rng, asks[0]
        d = a.domain
        new = self._new_set(a, (2, 3, 3, 4))
        shape = rng.randrange(3)
        if self.phone:
            lead = rng.choice([f"Can you set {d} to:", f"New ns for {d}", f"{d} needs to be on these please:"])
            items = [self._h(v) for v in new]
            return self._subject(asks), [self._p(lead), ("list", "", items, "plain")], None
        if shape == 0 and len(new) >= 3:
            i = rng.randrange(len(new))
            wrong, named = self._wrong(a, new[i], new)
            typed = list(new)
            typed[i] = wrong
            note = rng.choice([f"Please ignore {named} in the list below, it should be {new[i]}.",
                               f"NB: {named} below is wrong - it should read {new[i]}. Sorry!"])
            return self._subject(asks), [("p", note), ("p", f"Domain: {d}"),
                                         ("list", "New name servers:", self._hs(typed), "bullet")], None
        label = rng.choice(["New NS:", "Requested name servers (per customer call):", "Please delegate to:",
                            "Name servers required:", "Change to:"])
        return self._subject(asks), [("p", f"For {d}:"), ("list", label, self._hs(new),
                                                           rng.choice(["bullet", "number", "dash"]))], None

    def _w_current_new_lists(self, asks):
        rng, a = self.rng, asks[0]
        d = a.domain
        new = self._new_set(a)
        shape = rng.randrange(3)
        if self.phone:
            blocks = [self._p(f"{d} please"), ("list", _cap("old:") if rng.random() < 0.5 else "Old", self._hs(
                a.current_ns), "plain"), ("list", "New", self._hs(new), "plain")]
            return self._subject(asks), blocks, None
        if shape == 0:
            yaml = [f"# {d}", "current:"] + [f"  - {v}" for v in a.current_ns] + ["desired:"] + \
                [f"  - {v}" for v in new]
            return self._subject(asks), [("p", rng.choice(["Output from our drift check:",
                                                           "Our automation flagged this one as locked:"])),
                                         ("pre", "\n".join(yaml))], None
        if shape == 1:
            return self._subject(asks), [("p", f"Order {self.order} for {d}."),
                                         ("list", "Line 1 - current NS:", list(a.current_ns), "plain"),
                                         ("list", "Line 2 - requested NS:", self._hs(new), "plain")], None
        labels = rng.choice([("Currently:", "Changing to:"), ("From:", "To:"), ("Existing NS", "Replacement NS"),
                             ("Live today:", "Required:")])
        blocks = [("p", f"Name server change for {d}."), ("list", labels[0], list(a.current_ns), "bullet"),
                  ("list", labels[1], self._hs(new), "bullet")]
        return self._subject(asks), blocks, None

    def _w_current_new_table(self, asks):
        rng, a = self.rng, asks[0]
        d = a.domain
        new = self._new_set(a, (2, 3, 3, 4))
        n = max(len(new), len(a.current_ns))
        typed, note = list(new), None
        if rng.random() < 0.3 and len(new) >= 3:
            i = rng.randrange(len(new))
            wrong, named = self._wrong(a, new[i], new)
            typed[i] = wrong
            note = rng.choice([f"Please ignore {named} in the table below, it should be {new[i]}.",
                               f"Correction before you start: {named} in the table is wrong - use {new[i]}."])
        cur = list(a.current_ns) + [""] * (n - len(a.current_ns))
        typed += [""] * (n - len(typed))
        if self.rich and rng.random() < 0.75:
            gap = rng.random() < 0.5
            header = ["", "Current", "", "New"] if gap else ["NS", "Current NS", "New NS"]
            rows = [[f"NS{i + 1}", c] + ([""] if gap else []) + [v] for i, (c, v) in enumerate(zip(cur, typed))]
            totals = ["Total", str(len(a.current_ns))] + ([""] if gap else []) + [str(len(new))] \
                if rng.random() < 0.6 else None
            title = rng.choice([f"{d} - DNS change", "", f"{a.organisation}: delegation"])
            blocks = [("p", rng.choice([f"Please see the table for {d}.", f"Change for {d} as per the sheet:",
                                        f"{d} - current and new below (pasted from our tracker)."])),
                      ("xl", title, header, rows, totals, False)]
        else:
            header = rng.choice([["Current", "New"], ["Existing", "Proposed"], ["Old NS", "New NS"]])
            blocks = [("p", f"Name server change for {d}:"),
                      ("table", header, [[c, v] for c, v in zip(cur, typed)], rng.choice(["aligned", "markdown"]))]
        if note:
            blocks = [("p", note)] + blocks
        return self._subject(asks), blocks, None

    def _w_add_remove_table(self, asks):
        rng, a = self.rng, asks[0]
        d = a.domain
        self._add_remove(a)
        add, rem = rng.choice([("Add", "Remove"), ("ADD", "DELETE"), ("Add", "Delete"), ("New", "Remove")])
        lines = [(rem, v) for v in a.remove_ns] + [(add, v) for v in a.add_ns]
        shape = rng.randrange(3)
        if shape == 0 and self.rich:
            rows = [[d, act, self._h(v), ""] for act, v in lines]
            totals = ["Total lines", "", str(len(lines)), ""] if rng.random() < 0.6 else None
            return self._subject(asks), [("p", "Changes below (from our bulk sheet):"),
                                         ("xl", "", ["Domain", "Action", "Name server", "Done?"], rows, totals,
                                          True)], None
        if shape == 1:
            rows = [[str(i), act, self._h(v), "Open"] for i, (act, v) in enumerate(lines, 1)]
            if rng.random() < 0.5:  # a line the customer withdrew
                extra = self._fresh(a, 1, avoid=a.add_ns)[0]
                rows.append([str(len(rows) + 1), add, extra, "Cancelled"])
            return self._subject(asks), [("p", f"Order {self.order} - {d}. Line items:"),
                                         ("table", ["Line", "Action", "Value", "Line status"], rows,
                                          "html" if self.rich else "aligned")], None
        diff = [f"- {v}" for v in a.remove_ns] + [f"+ {v}" for v in a.add_ns]
        return self._subject(asks), [("p", f"Diff of the delegation for {d} (- remove, + add):"),
                                     ("pre", "\n".join(diff))], None

    def _w_portal(self, asks):
        rng, a = self.rng, asks[0]
        d = a.domain
        new = self._new_set(a)
        shape = rng.randrange(3)
        if shape == 0:
            pairs = [("Order", self.order), ("Account", f"GOV-{rng.randrange(10000, 99999)}"), ("Domain", d),
                     ("Product", "Registry Lock managed change"), ("Auto-renew", "On"), ("Expiry", "14/03/2028")]
            pairs += [(f"NS (current) {i}", v) for i, v in enumerate(a.current_ns, 1)]
            pairs += [(f"NS (requested) {i}", v) for i, v in enumerate(self._hs(new), 1)]
            return self._subject(asks), [("p", "Export from the order system:"), ("fields", pairs)], None
        if shape == 1:
            body = {"change_id": f"chg_{rng.getrandbits(40):x}", "domain": d, "status": "pending_registry_lock",
                    "current": {"nameservers": list(a.current_ns)}, "requested": {"nameservers": list(new)},
                    "requested_by": rng.choice(STAFF)[0], "created_at": "2026-11-26T15:02:11Z"}
            return self._subject(asks), [("p", rng.choice([
                "The customer made this change in our control panel and it's stuck as pending because of the lock. "
                "The pending change from our API:", "Pending change from our API below, please apply."])),
                ("pre", json.dumps(body, indent=2))], None
        pairs = [("Domain Name", d), ("Status", "clientTransferProhibited, serverUpdateProhibited"),
                 ("TTL", "3600"), ("Nameservers", ", ".join(self._hs(new, line=False))), ("Glue records", "none"),
                 ("Last modified", "2025-09-02 11:14"), ("Submitted by", rng.choice(CALLERS))]
        return self._subject(asks), [("p", "Reseller portal submission, the domain is locked so it came to us:"),
                                     ("fields", pairs)], None

    def _w_replace(self, asks):
        rng, a = self.rng, asks[0]
        d = a.domain
        olds = rng.sample(a.current_ns, rng.choice([1, 1, min(2, len(a.current_ns))]))
        news = self._fresh(a, len(olds))
        a.remove_ns, a.add_ns = list(olds), list(news)
        if self.phone:
            pairs = " and ".join(f"{o} for {n}" for o, n in zip(olds, news))
            text = rng.choice([f"Can u swap {pairs} on {d} please. Rest stays",
                               f"On {d} pls replace " + " and ".join(f"{o} with {n}" for o, n in zip(olds, news))])
            return self._subject(asks), [self._p(text)], None
        shape = rng.randrange(3)
        if shape == 0:
            pairs = " and ".join(f"replace {o} with {self._h(n, line=False)}" for o, n in zip(olds, news))
            text = f"On {d}, please {pairs}. The other name servers stay as they are."
            return self._subject(asks), [("p", text)], None
        if shape == 1:
            rows = [[str(i), "Replace nameserver", f"{o} \u2192 {n}", "Open"]
                    for i, (o, n) in enumerate(zip(olds, news), 1)]
            return self._subject(asks), [("p", f"Order {self.order}, {d}:"),
                                         ("table", ["Line", "Item", "Change", "Status"], rows,
                                          "html" if self.rich else "aligned")], None
        lines = [f"{o}  ->  {n}" for o, n in zip(olds, news)]
        return self._subject(asks), [("p", f"{a.organisation} are retiring one of their DNS servers. For {d}:"),
                                     ("pre", "\n".join(lines)),
                                     ("p", "Everything else on the domain is unchanged.")], None

    def _w_epp(self, asks):
        rng, a = self.rng, asks[0]
        d = a.domain
        shape = rng.randrange(5)
        if shape == 2:
            new = self._new_set(a)
            body = {"command": "domain.update", "domain": d, "ns": list(new)}
            err = {"code": 2304, "msg": "Object status prohibits operation", "reason": "serverUpdateProhibited"}
            text = json.dumps({"request": body, "response": {"result": err}}, indent=rng.choice([2, 4]))
            return self._subject(asks), [("p", "Our API call was refused because of the lock. This is what we "
                                               "sent (the ns list is the full new set):"), ("pre", text)], None
        if shape == 3:
            new = self._new_set(a)
            log = (f"2026-11-27T08:14:02Z INFO  dns-sync: {d} desired ns=[{', '.join(new)}] "
                   f"actual ns=[{', '.join(a.current_ns)}]\n"
                   f"2026-11-27T08:14:03Z ERROR dns-sync: update {d} failed: 2304 Object status prohibits "
                   "operation (serverUpdateProhibited)\n2026-11-27T08:14:03Z INFO  dns-sync: 1 domain(s) skipped")
            return self._subject(asks), [("p", "Our sync job can't push this one because of Registry Lock. Could "
                                               "you set it to the desired ns in the log below?"), ("pre", log)], None
        self._add_remove(a)
        kept = [v for v in a.current_ns if v not in a.remove_ns]
        label = _label(d)
        if shape == 0:
            hide = rng.random() < 0.6
            lines = [f"  # registrar_domain.{label} will be updated in-place",
                     f'  ~ resource "registrar_domain" "{label}" {{', f'        id          = "{d}"',
                     f'        name        = "{d}"', "      ~ nameservers = ["]
            lines += [f'          - "{v}",' for v in a.remove_ns] + [f'          + "{v}",' for v in a.add_ns]
            if kept:
                lines += [f"            # ({len(kept)} unchanged element{'s' if len(kept) > 1 else ''} hidden)"] \
                    if hide else [f'            "{v}",' for v in kept]
            lines += ["        ]", "        # (3 unchanged attributes hidden)", "    }", "",
                      "Plan: 0 to add, 1 to change, 0 to destroy."]
            lead = ("Terraform plan for the change - apply fails with 2304 because of the lock, so please make it by "
                    "hand:")
            return self._subject(asks), [("p", lead), ("pre", "\n".join(lines))], None
        if shape == 1:
            lines = [f"  # aws_route53domains_registered_domain.{label} will be updated in-place",
                     f'  ~ resource "aws_route53domains_registered_domain" "{label}" {{',
                     f'        domain_name = "{d}"', "        # (14 unchanged attributes hidden)", ""]
            for v in a.remove_ns:
                lines += ["      - name_server {", "          - glue_ips = [] -> null",
                          f'          - name     = "{v}" -> null', "        }"]
            for v in a.add_ns:
                lines += ["      + name_server {", "          + glue_ips = []", f'          + name     = "{v}"',
                          "        }"]
            if kept:
                lines += ["", f"        # ({len(kept)} unchanged block{'s' if len(kept) > 1 else ''} hidden)"]
            lines += ["    }", "", "Plan: 0 to add, 1 to change, 0 to destroy."]
            return self._subject(asks), [("p", f"Plan output for {d} below; the registry rejects the apply."),
                                         ("pre", "\n".join(lines))], None
        yaml = [f"- name: Delegation for {d}", "  registrar_nameservers:", f"    domain: {d}"]
        if a.add_ns:
            yaml += ["    add:"] + [f"      - {v}" for v in a.add_ns]
        if a.remove_ns:
            yaml += ["    remove:"] + [f"      - {v}" for v in a.remove_ns]
        yaml += ["    state: present"]
        return self._subject(asks), [("p", "Ansible task that failed against the lock (fatal: 2304). Please apply "
                                           "the same by hand:"), ("pre", "\n".join(yaml))], None

    def _w_csv(self, asks):
        rng = self.rng
        shape = rng.randrange(4)
        bom = "\ufeff" if rng.random() < 0.4 else ""
        names = ", ".join(a.domain for a in asks)
        if shape == 0:
            rows = ["Domain,Action,Nameserver,Notes"]
            for a in asks:
                self._add_remove(a)
                rows += [f"{a.domain},Remove,{v}," for v in a.remove_ns]
                rows += [f"{a.domain},Add,{v},new provider" for v in a.add_ns]
            body = rng.choice([f"Bulk sheet for {names} attached (saved as CSV from Excel).",
                               "Please process the attached - one row per name server."])
            name = f"bulk-ns-{rng.randrange(100, 999)}.csv"
        elif shape == 1:
            news = [self._new_set(a) for a in asks]
            width = max(len(n) for n in news)
            rows = [";".join(["Domain"] + [f"NS{i}" for i in range(1, width + 1)])]
            rows += [";".join([a.domain] + n + [""] * (width - len(n))) for a, n in zip(asks, news)]
            body = f"New name servers for {names} in the attached (semicolons, sorry - regional settings)."
            name = "nameservers.csv"
        elif shape == 2:
            rows = ["Domain,Current NS,,New NS,Order"]
            for a in asks:
                new = self._new_set(a)
                for i in range(max(len(new), len(a.current_ns))):
                    c = a.current_ns[i] if i < len(a.current_ns) else ""
                    v = new[i] if i < len(new) else ""
                    rows.append(f"{a.domain if i == 0 else ''},{c},,{v},{self.order if i == 0 else ''}")
            body = f"Attached: current and new for {names}."
            name = f"{self.order.replace('/', '-')}.csv"
        else:
            a = asks[0]
            self._add_remove(a)
            kept = [v for v in a.current_ns if v not in a.remove_ns]
            lines = [f"  ~ resource \"registrar_domain\" \"{_label(a.domain)}\" {{",
                     f'        id          = "{a.domain}"', "      ~ nameservers = ["]
            lines += [f'          - "{v}",' for v in a.remove_ns] + [f'          + "{v}",' for v in a.add_ns]
            lines += [f'            "{v}",' for v in kept] + ["        ]", "    }"]
            for b in asks[1:]:
                self._add_remove(b)
                kept_b = [v for v in b.current_ns if v not in b.remove_ns]
                lines += [f"  ~ resource \"registrar_domain\" \"{_label(b.domain)}\" {{",
                          f'        id          = "{b.domain}"', "      ~ nameservers = ["]
                lines += [f'          - "{v}",' for v in b.remove_ns] + [f'          + "{v}",' for v in b.add_ns]
                lines += [f'            "{v}",' for v in kept_b] + ["        ]", "    }"]
            domains = "\n".join(f"#   {x.domain}" for x in asks)
            text = f"# terraform plan -target=module.govuk_domains\n# domains:\n{domains}\n" + "\n".join(lines)
            return self._subject(asks), [("p", f"Plan output attached for {names}; the apply fails on the lock.")], \
                ("plan.txt", text + "\n", "txt")
        return self._subject(asks), [("p", body)], (name, bom + "\r\n".join(rows) + "\r\n", "csv")

    def _w_multi_domain(self, asks):
        rng = self.rng
        org = asks[0].organisation
        names = [a.domain for a in asks]
        shape = rng.randrange(5) if not self.phone else 4
        if shape in (1, 4):
            for _ in range(20):
                shared = self._provider(names[0])[:rng.choice([2, 3])]
                if len(shared) >= 2 and all(sorted(shared) != sorted(a.current_ns) for a in asks):
                    break
            else:
                shape = 0
        if shape == 1:
            odd = rng.choice(asks[1:])
            keep = rng.choice(odd.current_ns)
            for a in asks:
                a.new_ns = list(shared) + ([keep] if a is odd and keep not in shared else [])
            text = (f"Bulk change for {org}: the same new name servers for all {len(asks)} of their domains "
                    f"({', '.join(names)}) - {_join(rng, shared)} - except {odd.domain}, which keeps {keep} as "
                    "well as the new ones.")
            return self._subject(asks), [("p", text)], None
        if shape == 4:
            odd = asks[-1]
            z = self._fresh(odd, 1, avoid=shared)[0]
            odd.add_ns = [z]
            for a in asks[:-1]:
                a.new_ns = list(shared)
            text = (f"{', '.join(a.domain for a in asks[:-1])} to {_join(rng, shared)} please. "
                    f"{odd.domain} is different - just add {z} to that one, leave its others")
            return self._subject(asks), [self._p(text) if self.phone else ("p", text)], None
        if shape == 0:
            rows, width = [], 0
            for k, a in enumerate(asks):
                op = rng.choice(["new", "new", "keep", "none"] if k == len(asks) - 1 and k >= 2 else
                                ["new", "new", "keep"])
                if op == "none":
                    rows.append((a, [], "no change this time"))
                    continue
                new = self._new_set(a, (2, 2, 3))
                note = rng.choice(["new provider", "moving to cloud", ""])
                if op == "keep" and not set(new) & set(a.current_ns):
                    keep = a.current_ns[0]
                    a.new_ns = [keep] + new
                    note = f"keeps {keep.split('.')[0]}"
                rows.append((a, list(a.new_ns), note))
                width = max(width, len(a.new_ns))
            header = ["Domain"] + [f"NS{i}" for i in range(1, width + 1)] + ["", "Notes"]
            cells = [[a.domain] + self._hs(ns) + [""] * (width - len(ns)) + ["", note] for a, ns, note in rows]
            if self.rich:
                totals = ["Total", f"{sum(1 for _, ns, _ in rows if ns)} domains to change"] + \
                    [""] * (width + 1) if rng.random() < 0.6 else None
                title = rng.choice([f"{org} - DNS changes (batch {rng.randrange(2, 9)})", ""])
                block = ("xl", title, header, cells, totals, False)
            else:
                block = ("table", header[:-2] + ["Notes"], [c[:-2] + [c[-1]] for c in cells], "aligned")
            lead = rng.choice([f"Please see below for {org}'s domains - each is slightly different.",
                               f"Bulk change for {org}, pasted from our sheet. The name servers listed are the full "
                               "new set for each domain."])
            return self._subject(asks), [("p", lead), block], None
        if shape == 2:
            lines, n = [], 1
            for a in asks:
                op = rng.choice(["set", "add", "remove"] if len(a.current_ns) >= 3 else ["set", "add"])
                if op == "set":
                    new = self._new_set(a)
                    lines.append([str(n), a.domain, "Replace NS set", ", ".join(self._hs(new, line=False))])
                elif op == "add":
                    z = self._fresh(a, 1)[0]
                    a.add_ns = [z]
                    lines.append([str(n), a.domain, "Add nameserver", z])
                else:
                    x = rng.choice(a.current_ns)
                    a.remove_ns = [x]
                    lines.append([str(n), a.domain, "Remove nameserver", x])
                n += 1
            return self._subject(asks), [("p", f"Order {self.order} ({org}) has {len(lines)} line items:"),
                                         ("table", ["Line", "Domain", "Item", "Value"], lines,
                                          "html" if self.rich else "aligned")], None
        body = []
        for a in asks:
            new = self._new_set(a)
            body.append({"domain": a.domain, "nameservers": list(new), "locked": True})
        return self._subject(asks), [("p", "Payload from our bulk API job (rejected as the domains are locked) - "
                                           "each entry's nameservers are the full new set:"),
                                     ("pre", json.dumps(body, indent=2))], None

    def _ds_fields(self, record: str) -> list[tuple[str, str]]:
        tag, alg, dtype, digest = record.split()
        return [("Key tag", tag), ("Algorithm", alg if self.rng.random() < 0.5 else
                                   f"{alg} ({'RSASHA256' if alg == '8' else 'ECDSAP256SHA256'})"),
                ("Digest type", dtype), ("Digest", digest.lower() if self.rng.random() < 0.3 else digest)]

    def _w_ds(self, asks):
        rng, a = self.rng, asks[0]
        d = a.domain
        new = _ds(rng)
        tag, alg, dtype, digest = new.split()
        shape = rng.randrange(8)
        subject = self._subject(asks, rng.choice(["DS record", "DNSSEC change", "DS update"]))
        if self.phone:
            if a.current_ds and rng.random() < 0.5:
                a.add_ds = [new]
                text = f"Can u add this DS for {d} please, keep the old one till Monday\n{new}"
            else:
                a.new_ds = [new]
                text = f"New DS for {d} below" + (" (replaces the current one)" if a.current_ds else "") + f"\n{new}"
            return subject, [self._p(text)], None
        if shape == 3 or shape == 5 and not a.current_ds:
            if not a.current_ds:
                self._set_current_ds(a, [_ds(rng)])
            a.new_ds = []
            text = rng.choice([f"{a.organisation} are moving DNS provider and need DNSSEC off first. Please remove "
                               f"the DS record from {d} (it will go unsigned for now).",
                               f"Please delete all DS records for {d} - the customer is turning DNSSEC off.",
                               f"Going unsigned: remove DS {a.current_ds[0]} from {d}. No other change."])
            return subject, [("p", text)], None
        if shape == 0:
            if a.current_ds:
                a.add_ds = [new]
                lead = f"Key rollover for {d}: please add the DS below alongside the existing one."
            else:
                a.new_ds = [new]
                lead = f"Please add this DS record to {d} so we can turn on DNSSEC:"
            return subject, [("p", lead), ("pre", new if rng.random() < 0.5 else f"{d}. 3600 IN DS {new}")], None
        if shape == 1:
            a.new_ds = [new]
            lead = f"DS for {d} from the DNS host's console" + (", replacing the current one:" if a.current_ds else
                                                                 ":")
            if self.rich and rng.random() < 0.6:
                rows = [[k, v] for k, v in self._ds_fields(new)]
                return subject, [("p", lead), ("xl", "", None, rows, None, False)], None
            return subject, [("p", lead), ("fields", self._ds_fields(new))], None
        if shape == 2:
            a.new_ds = [new]
            body = {"domain": d, "dnssec": {"enabled": True, "dsData": [
                {"keyTag": int(tag), "alg": int(alg), "digestType": int(dtype), "digest": digest.lower()}]}}
            lead = ("From the provider's API - this is the DS the parent should hold" +
                    (" (the old key is retired):" if a.current_ds else ":"))
            return subject, [("p", lead), ("pre", json.dumps(body, indent=2))], None
        if shape == 4:
            a.new_ds = [new]
            yaml = [f"domain: {d}", "ds_records:", f"  - key_tag: {tag}", f"    algorithm: {alg}",
                    f"    digest_type: {dtype}", f"    digest: {digest}"]
            lead = "Replace the DS with this one please:" if a.current_ds else "DS to add (YAML from our API):"
            return subject, [("p", lead), ("pre", "\n".join(yaml))], None
        if shape == 5:
            old = a.current_ds[0]
            a.remove_ds, a.add_ds = [old], [new]
            rows = [["1", "Remove DS", old, "Open"], ["2", "Add DS", new, "Open"]]
            return subject, [("p", f"Order {self.order} - DNSSEC key change for {d}."),
                             ("table", ["Line", "Item", "Record", "Status"], rows,
                              "html" if self.rich else "aligned")], None
        if shape == 6 and a.current_ds:
            second = _ds(rng)
            a.add_ds = [new, second]
            return subject, [("p", f"Two new DS records for {d}, to go in beside the current one (double-DS "
                                   "rollover):"), ("pre", f"{new}\n{second}")], None
        a.new_ds = [new]
        ns = self._new_set(a)
        return subject, [("p", f"{d} is moving to a signed DNS provider. New name servers:"),
                         ("list", "", self._hs(ns), "bullet"),
                         ("p", "and the DS record" + (" (replacing the current one)" if a.current_ds else "") + ":"),
                         ("pre", new)], None

    def _w_ambiguous(self, asks):
        rng, a = self.rng, asks[0]
        d = a.domain
        other = self._fresh(a, 3)
        shape = self.ambiguous_made % 8
        self.ambiguous_made += 1
        subject = self._subject(asks)
        if shape == 0:  # a correction that does not say which
            return subject, [("p", f"One of the name servers in the list below is wrong - {rng.choice(CALLERS)} "
                                   "will confirm which one tomorrow."),
                             ("list", f"New name servers for {d}:", other, "bullet")], None
        if shape == 1:  # the approver doubts the draft
            draft = [("p", f"Please change the name servers of {d} to {_join(rng, other[:2])}.")]
            host = "registrar.example"
            return "RE: " + subject, [("p", f"Approved in principle - but didn't they say {other[2]} rather than "
                                            f"{other[1]} on the call? Not sure which."),
                                      ("quote", ("Conor Maguire", f"conor.maguire@{host}", subject),
                                       draft + [("p", "Thanks\nConor")], False)], None
        if shape == 2:  # a plan whose values are known only after apply
            lines = [f'  ~ resource "registrar_domain" "{_label(d)}" {{', f'        id          = "{d}"',
                     "      ~ nameservers = ["] + [f'          - "{v}",' for v in a.current_ns] + \
                ["        ] -> (known after apply)", "    }"]
            return subject, [("p", f"Plan for {d} - please make the change, the apply is blocked by the lock:"),
                             ("pre", "\n".join(lines))], None
        if shape == 3:  # two open order lines that disagree
            rows = [["1", d, "Replace NS set", ", ".join(other[:2]), "Open"],
                    ["2", d, "Replace NS set", ", ".join(self._fresh(a, 2, avoid=other)), "Open"]]
            return subject, [("p", f"Order {self.order}:"),
                             ("table", ["Line", "Domain", "Item", "Value", "Status"], rows, "aligned")], None
        if shape == 4:  # a phone mail with no values
            return subject, [("p", _smart(f"Pls change ns on {d} to the new Cloudflare ones, customer will send u "
                                          "the details"))], None
        if shape == 5:  # "the old DS" of two
            self._set_current_ds(a, [_ds(rng), _ds(rng)])
            return self._subject(asks, "DS record"), [("p", f"The rollover on {d} is done, please remove the old DS "
                                                            "record and leave the new one.")], None
        if shape == 6:  # a cell to be confirmed
            rows = [["NS1", other[0]], ["NS2", other[1]], ["NS3", "TBC - supplier to confirm"]]
            return subject, [("p", f"New name servers for {d}:"), ("table", ["", "New"], rows, "aligned")], None
        return subject, [("p", f"Please put {d} back on the name servers it had before the migration last month. "
                               "The new host hasn't worked out.")], None

    # --- thread mails ---

    def _thread(self, mid: str, kind: str, target: Mail) -> Mail:
        rng = self.rng
        phone = target.client in PHONES or rng.random() < 0.25
        client = rng.choice(["apple_mail", "outlook", "gmail"] if phone else ["outlook", "outlook", "gmail",
                                                                               "html_only", "thunderbird"])
        charset, encoding = rng.choice(["utf-8", "utf-8", "iso-8859-1", "windows-1252"]), \
            rng.choice(["quoted-printable", "base64", "8bit"])
        if kind == "reply" and phone:
            sig = {"apple_mail": "Sent from my iPhone", "outlook": rng.choice(PHONE_SIGS["outlook_mobile"]),
                   "gmail": rng.choice(PHONE_SIGS["samsung"])}[client]
            said = rng.choice(PHONE_REPLIES) + "\n\n" + sig
        elif kind == "reply":
            said = rng.choice(REPLIES)
            sign = rng.choice(["", "Thanks", "Kind regards,", "Regards"])
            said += f"\n\n{sign}\n{rng.choice(STAFF)[0].split()[0]}" if sign else ""
        elif kind == "automatic":
            said = rng.choice(AUTO_REPLIES)
        else:
            said = f"delivery to {target.sender} failed"
        sender = target.sender if kind != "bounce" else "MAILER-DAEMON@mx." + target.sender.partition("@")[2]
        return Mail(mid, kind, kind if kind != "reply" else said.split("\n")[0][:24], client, charset, encoding,
                    sender, kind, None, thread_of=target.id, said=said, seed=self.seed)
