"""Seed 25 of the request corpus: an ordinary month of a Registry Lock inbox, in the shares it arrives in.

Imitates what the registry's Registry Lock mailbox receives in a month, not its oddities: most requests are a few
lines of prose, a form of labelled fields or a label and a list of name servers; "current" and "new" lists, "replace
X with Y" and registrars' portal exports come less often; tables, EPP commands, CSV attachments, DS records and
several domains at once less often still. The writers are the registrars' own people, each in a voice of their own:
a large registrar's formal domain operations team and its terse overnight NOC, a mid-sized registrar's reseller
channel passing on what its resellers ask (and its CRM), a hosting company's chatty support staff and its helpdesk,
a service desk writing from Outlook and from its ticket system, and a small DNS firm that looks after councils. They
forward the mail of councils' IT officers and parish clerks, now and then with the officer's own supplier's
instructions forwarded inside it.

They write from the clients registrars use, in about the shares they use them: Outlook on the desktop (Word's HTML,
its list paragraphs, a signature logo as a related image, windows-1252 or iso-8859-1 where an older set-up still
chooses them and the text fits), Outlook on the web (base64 utf-8), Gmail (its "-- " signature, tables pasted from a
spreadsheet), Apple Mail and the iPhone ("Sent from my iPhone", us-ascii when nothing else is needed, forwards quoted
with "> "), Thunderbird (format=flowed plain text wrapped at 72 columns, RFC 3676), a CRM that sends HTML only, a
service desk's ticket system and a hosting company's helpdesk. Each forwards in its own way ("---------- Forwarded
message ---------", "Begin forwarded message:", Outlook's From/Sent block, "-------- Forwarded Message --------").

Organisations are this seed's own (domains ending in "-ib"): town and parish councils, drainage boards, harbour
commissioners, crematorium committees and the like. One request in 40 is ambiguous on purpose, each in a way of its
own: the registrar's note and the customer's mail below it give different servers; no values, only "our usual
ones"; one name server left; the customer has not chosen between two sets; a server to swap out that the domain
does not have; the servers it has already; not sure which of two domains is meant. Thread mails are these writers'
replies (from Outlook on the web and the iPhone as well), their out-of-office notes and their ticket systems'
acknowledgements, and bounces.
"""

from __future__ import annotations

import base64
import random
import re
from dataclasses import dataclass
from email.message import EmailMessage
from html import escape

from tests.support.request_corpus import (
    BOT,
    DATE,
    PREFIXES,
    TICKET_SENDER,
    ZONE,
    Corpus,
    DomainAsk,
    Generator,
    Mail,
    _ds,
    _fit,
    _provider_set,
)

# --- the shares of a month ---------------------------------------------------------------------------------------

# Of every 39 requests that are not ambiguous on purpose (the 40th is), in a shuffled deck, so that each block of
# 40 has them all.
LAYOUT_SHARE = {"prose": 8, "form": 6, "label_list": 6, "current_new_lists": 3, "portal": 3, "replace": 3,
                "current_new_table": 2, "add_remove_table": 2, "multi_domain": 2, "ds": 2, "epp": 1, "csv": 1}
# Of every 40 requests.
CLIENT_SHARE = {"outlook": 11, "owa": 5, "gmail": 7, "apple_mail": 3, "iphone": 3, "thunderbird": 3,
                "html_only": 2, "ticket_system": 4, "helpdesk": 2}
CLIENTS_HERE = tuple(CLIENT_SHARE)
FLAVOUR = {"outlook": "outlook", "owa": "owa", "gmail": "gmail", "apple_mail": "apple", "iphone": "iphone",
           "thunderbird": "tb", "html_only": "crm", "ticket_system": "snow", "helpdesk": "whmcs"}
# The layouts a council officer writes in their own mail, which a registrar forwards.
CUSTOMER_LAYOUTS = ("prose", "form", "label_list", "current_new_lists", "replace", "ds", "multi_domain")


# --- who writes --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Writer:
    key: str
    registrar: str
    sender: str
    tone: str  # formal, casual or terse: how its own words run
    people: tuple[tuple[str, str], ...]  # name and role
    forwards: float  # the share of its requests that forward a customer's own mail
    relays: float = 0.0  # the share that pass on a reseller's request in the registrar's words


WRITERS = {w.key: w for w in [
    Writer("exr_ops", "Example Registrar Ltd", "requests@registrar.example", "formal",
           (("Hannah Okafor", "Domain Operations Analyst"), ("Ruairi Lennon", "Senior Domain Operations Analyst"),
            ("Bethan Price", "Domain Operations Team Leader")), 0.12),
    Writer("exr_noc", "Example Registrar Ltd", "noc@registrar.example", "terse",
           (("Marek Nowak", "NOC engineer"), ("Femi Adebayo", "NOC shift lead"), ("Callie Short", "NOC engineer")),
           0.0),
    Writer("on_channel", "Other Names plc", "domains@othernames.example", "formal",
           (("Priyanka Desai", "Channel Support Executive"), ("Callum Reid", "Channel Support Executive"),
            ("Nkechi Obi", "Partner Services Manager")), 0.12, 0.45),
    Writer("on_crm", "Other Names plc", "domains@othernames.example", "formal",
           (("Priyanka Desai", "Channel Support Executive"), ("Callum Reid", "Channel Support Executive")), 0.0, 0.5),
    Writer("krystal", "Krystal Hosting Ltd", "govdomains@krystalhosting.example", "casual",
           (("Jordan Pike", "Support Engineer"), ("Amira Haddad", "Customer Success"), ("Sean Doyle", "Support")),
           0.2),
    Writer("krystal_desk", "Krystal Hosting Ltd", "govdomains@krystalhosting.example", "casual",
           (("Jordan Pike", "Support Engineer"), ("Sean Doyle", "Support")), 0.0),
    Writer("northgate", "Northgate Domains", "support@northgatedomains.example", "formal",
           (("Lewis Carmichael", "Service Desk Analyst"), ("Ngozi Adeyemi", "Service Desk Analyst"),
            ("Fraser Lindsay", "Service Desk Team Lead")), 0.1),
    Writer("northgate_desk", "Northgate Domains", TICKET_SENDER, "formal",
           (("Lewis Carmichael", "Service Desk Analyst"), ("Ngozi Adeyemi", "Service Desk Analyst")), 0.1),
    Writer("civic", "Civic DNS Services", "dns@civicdns.example", "casual",
           (("Gwen Hartley", "Director"), ("Tomasz Wr\u00f3bel", "Technical Lead")), 0.55),
]}
BY_CLIENT = {"outlook": ("exr_ops", "exr_ops", "on_channel", "northgate", "civic"),
             "owa": ("exr_ops", "on_channel", "civic"),
             "gmail": ("krystal", "krystal", "civic", "on_channel"),
             "apple_mail": ("krystal", "civic"),
             "iphone": ("krystal", "civic", "exr_noc"),
             "thunderbird": ("exr_noc", "exr_noc", "civic"),
             "html_only": ("on_crm",),
             "ticket_system": ("northgate_desk",),
             "helpdesk": ("krystal_desk",)}

RESELLERS = [("Blue Fox Web Ltd", "RS-4471"), ("Parish Online Services", "RS-2290"), ("Tallis Digital", "RS-5108"),
             ("Hedgerow IT", "RS-3362"), ("Moorland Web Co", "RS-1187"), ("Quayside Computing", "RS-6024")]
SUPPLIERS = [("Lakeside Web Design", "Ollie Brandon", "support@lakesideweb.example"),
             ("Hillcrest IT Support", "Rachel Kemp", "helpdesk@hillcrest-it.example"),
             ("Cloudworks UK", "Dev Patel", "projects@cloudworks.example"),
             ("Village Websites", "Sue Marchant", "sue@villagewebsites.example"),
             ("Greenlane Managed Services", "Imran Qureshi", "noc@greenlane-ms.example")]
OFFICERS = [("Dave", "Pritchard", "ICT Officer"), ("Janet", "Holloway", "Clerk to the Council"),
            ("Sunita", "Rai", "IT and Digital Manager"), ("Mike", "Thorne", "Infrastructure Officer"),
            ("Karen", "Ashworth", "Clerk and Responsible Financial Officer"), ("Gareth", "Mellor", "ICT Technician"),
            ("Lorraine", "Beck", "Deputy Clerk"), ("Tom", "O'Hara", "Head of ICT"),
            ("Ewa", "Kowalczyk", "Systems Administrator"), ("Phil", "Radcliffe", "Estates and IT Officer")]

# --- the organisations and their records -------------------------------------------------------------------------

PLACES = ["ashcombe", "barwick", "coldridge", "dunsford", "easterton", "fenstanton", "greysouthen", "hollinsclough",
          "ingatestone", "jacobstow", "kirkoswald", "longframlington", "middleham", "northleach", "orleton", "pateley",
          "quarndon", "rothbury", "sandbach", "tideswell", "uffculme", "wolsingham", "yealmpton", "aldbourne",
          "bakewell", "castleton", "dunster", "eyam", "feock", "grassington", "hawes", "ivinghoe", "kirkby-stephen",
          "lechlade", "mevagissey", "nether-stowey", "ottery", "porlock", "reeth", "sedbergh", "tenterden", "upavon",
          "wirksworth", "bishops-castle", "cartmel", "dent", "edale", "fowey", "goathland", "helmsley", "ironbridge",
          "kettlewell", "lynton", "malham", "newby", "orford", "polperro", "ravenglass", "staithes", "thaxted",
          "walberswick", "winchcombe", "wymondham", "alfriston"]
KINDS_HERE = [("-tc", "{} Town Council"), ("-pc", "{} Parish Council"), ("-idb", "{} Internal Drainage Board"),
              ("-crem", "{} Crematorium Joint Committee"), ("-hc", "{} Harbour Commissioners"),
              ("dc", "{} District Council"), ("-burial", "{} Burial Board"), ("-cc", "{} Community Council")]
EXTRA_LABELS = ["cemeteries", "allotments", "events", "planning", "jobs", "visit", "museum", "library"]


def _cap(place: str) -> str:
    return place.replace("-", " ").title()


def _own_set(rng: random.Random, domain: str) -> list[str]:
    """The name servers of a DNS provider the other generators' registry files seldom have."""
    kind = rng.randrange(8)
    if kind == 0:
        letter = rng.choice("abcde")
        return [f"ns-cloud-{letter}{i}.googledomains.com" for i in range(1, 5)]
    if kind == 1:
        tlds = rng.sample(["net", "com", "biz", "org", "info", "co.uk"], 4)
        return [f"pdns{rng.randrange(1, 200)}.ultradns.{t}" for t in tlds]
    if kind == 2:
        start = rng.randrange(0, 12)
        return [f"ns{i}.dnsmadeeasy.com" for i in range(start, start + 3)]
    if kind == 3:
        return ["ns1.mythic-beasts.com", "ns2.mythic-beasts.com", "ns3.mythic-beasts.com"][:rng.choice([2, 3])]
    if kind == 4:
        n = rng.randrange(100, 300)
        return [f"ns-{n}-a.gandi.net", f"ns-{n + rng.randrange(1, 40)}-b.gandi.net",
                f"ns-{n + rng.randrange(40, 90)}-c.gandi.net"]
    if kind == 5:
        return [f"a{i}-{rng.randrange(10, 99)}.akam.net" for i in rng.sample(range(1, 10), 4)]
    if kind == 6:
        return rng.choice([[f"dns{i}.othernames-dns.example" for i in (1, 2, 3)],
                           [f"auth-ns{i}.registrar.example" for i in (1, 2)],
                           [f"ns{i}.civicdns.example" for i in (1, 2, 3)],
                           [f"ns{i}.krystal-dns.example" for i in (1, 2, 3, 4)]])
    return [f"ns{i}.{domain}" for i in rng.choice([(1, 2), (0, 1), (1, 2, 3)])]


def _join(rng: random.Random, values: list[str], tone: str = "formal") -> str:
    """Name servers in a sentence, joined as the writer joins them."""
    if len(values) == 1:
        return values[0]
    style = rng.randrange(5 if tone in ("casual", "terse", "customer") else 3)
    if style == 0:
        return ", ".join(values)
    if style == 3:
        return " / ".join(values)
    if style == 4:
        return " & ".join(values) if len(values) == 2 else ", ".join(values[:-1]) + " & " + values[-1]
    return ", ".join(values[:-1]) + " and " + values[-1]


LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def _glued(hosts: list[str]) -> bool:
    """Whether name servers are under a .gov.uk domain of their own, so that moving to them needs glue addresses
    the requests here do not give."""
    return any(h.endswith(".gov.uk") for h in hosts)


def _hex(rng: random.Random, n: int, alphabet: str = "0123456789abcdef") -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


# --- the words of each voice -------------------------------------------------------------------------------------
# Each pool is keyed by tone; a tone a pool lacks takes its fallback's (FALLBACK).

FALLBACK = {"customer": "casual", "supplier": "formal", "terse": "casual", "casual": "formal"}

PROSE_NEW = {
    "formal": [
        "We have been instructed by {org} to change the name servers for {d}. Please delegate the domain to {new}.",
        "Please could you update the delegation for {d}, which currently points at {cur}, so that it uses {new} "
        "instead.",
        "On behalf of our client {org}, we request that the nameservers for {d} are changed to {new}.",
        "The registrant of {d} has asked us to move the domain to {new}. We would be grateful if you could make the "
        "change under Registry Lock.",
        "Please amend the NS records held at the registry for {d} from {cur} to {new}.",
        "Our customer {org} is changing DNS provider. Can you please set the nameservers for {d} to {new} at your "
        "earliest convenience.",
    ],
    "casual": [
        "Could you switch {d} over to {new} for us please? They're moving everything across to the new host this "
        "week.",
        "Hoping you can help - {org} want {d} pointing at {new} from now on (it's on {cur} at the moment).",
        "Can we get the nameservers on {d} changed to {new} please. Customer's website and email are already set up "
        "there.",
        "Quick one for you: {d} needs to go over to {new}. Customer has signed it off and is happy to take your call.",
        "We're moving {org} onto our own DNS, so {d} wants to point at {new} please.",
        "Would you mind changing the name severs for {d} to {new}? Thanks in advance!",
    ],
    "terse": [
        "pls change NS for {d} to {new}. thx",
        "{d} - delegate to {new} please, replacing {cur}.",
        "NS for {d} need to be {new}. customer has confirmed by phone.",
        "can you repoint {d} at {new} pls",
    ],
    "customer": [
        "We're moving our website and email over to {supplier} and they've told us the domain needs to use their "
        "nameservers, which are {new}. Please can you arrange this for {d}?",
        "Our new IT support company says we need the name servers for {d} changing to {new}. Could you do this for "
        "us please?",
        "Further to our phone call, please could the DNS for {d} be moved to {new}. The council agreed the move at "
        "its meeting on Monday.",
        "As part of our move to {supplier} we need {d} to use the nameservers {new} instead of the current ones.",
    ],
    "supplier": [
        "To complete the migration, please ask your domain registrar to change the nameservers for {d} to {new}.",
        "Everything is ready on our side. The last step is for your registrar to point {d} at our nameservers: {new}.",
    ],
}
PROSE_ADD = {
    "formal": ["Please add {add} to the name servers for {d}. The existing name servers remain in place.",
               "Please could you add {add} as an additional nameserver for {d}, alongside the current ones."],
    "casual": ["Could you pop {add} on {d} as an extra nameserver? Leave the others as they are.",
               "We'd like {add} adding to {d} as well please - the existing ones stay."],
    "terse": ["add {add} to {d} pls, keep the rest"],
    "customer": ["Our supplier has asked for {add} to be added to {d} as well as the existing servers."],
}
PROSE_REMOVE = {
    "formal": ["Please remove {rem} from the delegation of {d}, as it is being decommissioned. The remaining name "
               "servers are unchanged.",
               "We would be grateful if you could withdraw {rem} from the name servers of {d}. No other change is "
               "required."],
    "casual": ["Can you take {rem} off {d}? That box is being switched off. Others stay as they are.",
               "{rem} is going away at the end of the month so could it come off {d} please? Leave the rest."],
    "terse": ["drop {rem} from {d}, rest unchanged"],
    "customer": ["We no longer use {rem} so could it be taken off {d}? The others are fine."],
}
PROSE_DS_OFF = {
    "formal": ["Please also remove the DS record for {d}: the new provider will sign the zone itself and we will send "
               "the new DS record once it is ready."],
    "casual": ["Oh and the DS record needs to come off {d} too, the new host will sort DNSSEC out later."],
    "terse": ["also pull the DS for {d} pls, new provider doesn't sign yet"],
}

FORM_INTROS = {
    "formal": ["Please find the details of the change below.", "Change request details:",
               "Please process the following nameserver change:", "Details of the requested change:"],
    "casual": ["Details below:", "Here's what we need:", "Details as follows -"],
    "terse": ["details:", ""],
    "customer": ["Here are the details:", "Details as requested:"],
}
NS_KEYS = [lambda i: f"Nameserver {i}", lambda i: f"NS{i}", lambda i: f"Name Server {i}", lambda i: f"DNS {i}",
           lambda i: ["Primary NS", "Secondary NS", "Tertiary NS", "Fourth NS"][i - 1],
           lambda i: f"Host {i}", lambda i: f"New NS {i}"]
SET_KEYS = {"formal": ["New nameservers", "Name servers required", "Requested name servers", "Nameservers (new)"],
            "casual": ["New NS", "Nameservers", "New DNS"], "terse": ["ns", "new ns", "NS"],
            "customer": ["New nameservers", "Name servers"]}

LIST_LABELS = {
    "formal": ["New nameservers:", "Please set the name servers to the following:", "The nameservers should be "
               "changed to:", "Requested name servers:", "Replacement nameservers (all existing to be removed):"],
    "casual": ["New NS:", "Can you point it at these:", "These are the new ones:", "Nameservers to use:",
               "needs to be on:"],
    "terse": ["ns:", "new ns ->", "NS (new)", "set to:"],
    "customer": ["The nameservers are:", "Our supplier says these are the ones to use:", "New DNS servers:"],
    "supplier": ["Nameservers:", "Please set the nameservers to:"],
}
LIST_INTROS = {
    "formal": ["Domain: {d}", "Re: {d}", "Please update {d} as follows."],
    "casual": ["This is for {d}.", "{d} please:", "Customer: {org}, domain {d}."],
    "terse": ["{d}", "dom {d}"],
    "customer": ["The domain is {d}.", "It's for {d}."],
    "supplier": ["Domain: {d}"],
}
PAIR_LABELS = {
    "formal": [("Current nameservers:", "New nameservers:"), ("Existing nameservers:", "Replacement nameservers:"),
               ("Nameservers currently held:", "Nameservers required:"),
               ("At present the domain is delegated to:", "Please change this to:")],
    "casual": [("It's currently on:", "Needs to go to:"), ("Old:", "New:"), ("From:", "To:"),
               ("Take off:", "Put on:"), ("What it is now:", "What it needs to be:")],
    "terse": [("old:", "new:"), ("current:", "target:"), ("before:", "after:")],
    "customer": [("Our current nameservers are:", "The new ones are:"), ("Current:", "New:")],
}
TABLE_HEADS = {
    "formal": [("Current nameservers", "New nameservers"), ("Existing", "Replacement"), ("Current", "Required")],
    "casual": [("Old", "New"), ("Now", "Change to"), ("Before", "After")],
    "terse": [("old", "new"), ("current", "target")],
}
ACTIONS = [("Add", "Remove"), ("ADD", "DELETE"), ("Add", "Delete"), ("add", "rem"), ("Add", "Remove")]
KEEPS = ["Keep", "No change", "Unchanged", "Leave"]
REPLACE_ONE = {
    "formal": ["please replace {o} with {n}", "please substitute {n} for {o}", "{o} should be replaced by {n}"],
    "casual": ["can you swap {o} out for {n}", "{o} needs changing to {n}", "please put {n} in place of {o}"],
    "terse": ["{o} -> {n}", "replace {o} w/ {n}"],
    "customer": ["could {n} be used instead of {o}"],
}
REPLACE_TAIL = {
    "formal": ["All other name servers remain unchanged.", "No other change is required."],
    "casual": ["Everything else stays put.", "The rest are fine as they are.", "Leave the others alone."],
    "terse": ["others unchanged.", "rest as is."],
    "customer": ["The other servers stay the same."],
}

GREETINGS = {
    "formal": ["Dear Registry Lock team,", "Good morning,", "Good afternoon,", "Hello,", "Dear colleagues,"],
    "casual": ["Hi folks,", "Hiya,", "Hi there,", "Morning!", "Hi all,", "Hello again,"],
    "terse": ["hi,", "Hi", ""],
    "customer": ["Hi Gwen,", "Hello,", "Dear Sir/Madam,", "Hi,", "Good morning,"],
    "supplier": ["Hi {first},", "Hello {first},"],
}
CLOSINGS = {
    "formal": ["Kind regards,", "Many thanks,", "Regards,", "Yours sincerely,", "With thanks,"],
    "casual": ["Cheers,", "Thanks!", "Many thanks", "Ta,", "Thanks very much,", "Best,"],
    "terse": ["ta", "thx", "cheers", ""],
    "customer": ["Kind regards", "Many thanks,", "Thanks in advance,", "Best wishes,"],
    "supplier": ["Best regards,", "Thanks,"],
}
REG_DISCLAIMERS = {
    "Example Registrar Ltd": [
        "This e-mail and any attachment are confidential and may be privileged. If you are not the named recipient "
        "please notify the sender immediately and do not disclose, copy or act on its contents. Example Registrar "
        "Ltd, registered in England and Wales no. 05512893, registered office Forbury Works, Reading RG1 3EU."],
    "Other Names plc": [
        "Other Names plc is an accredited .uk registrar. Emails to and from Other Names may be monitored for "
        "training and quality purposes.", "Think before you print.", ""],
    "Krystal Hosting Ltd": ["", "", "We will never ask for your password by email."],
    "Northgate Domains": [
        "Northgate Domains is a trading name of Northgate Internet Services Ltd (SC401122). This message is intended "
        "for the addressee only; if you received it in error, please tell us and delete it."],
    "Civic DNS Services": ["", "Civic DNS Services is a small team - if something is urgent please ring rather than "
                           "email."],
}
COUNCIL_DISCLAIMER = (
    "This email and any attachments are intended solely for the addressee and may contain confidential information. "
    "If you are not the intended recipient, please notify the sender and delete it. Any views expressed are those "
    "of the author and not necessarily those of {org}. Emails to and from the council may be disclosed under the "
    "Freedom of Information Act 2000.")
FORWARD_NOTES = {
    "formal": ["Please see the request below from our customer {org}. We have verified it with them by telephone.",
               "Forwarding the instruction below from {org} for your action, please.",
               "Please action the change requested below by our client. Their email is forwarded in full."],
    "casual": ["Another one from the {place} lot - see below. Can you action please? I've spoken to {first} and it's "
               "all legit.",
               "Forwarding {first}'s email below - could you make the change please?",
               "See below from {org} - can you sort this for them please? Confirmed with {first} on the phone.",
               "Please action the below for {org}, thanks!"],
}
RELAY_NOTES = [
    "Our reseller {reseller} (account {acct}) has asked for the following change on behalf of their customer {org}.",
    "The request below has been raised by our reseller {reseller} ({acct}) for their end user, {org}.",
    "Reseller request - {reseller}, account {acct}. End user: {org}.",
]
CUSTOMER_NOTES = ["Please see below from our web company - can you make this change for us?",
                  "Our supplier has sent the email below. Can you do what they ask please?",
                  "Forwarding this from {supplier} as discussed. Please could you action it?"]
REPLIES = {
    "formal": ["Thank you for confirming receipt.", "Many thanks - the registrant is expecting your call.",
               "Noted, thank you. Please proceed as requested.", "Thank you. We have updated our records accordingly."],
    "casual": ["Brill, thanks!", "Cheers for the quick turnaround", "Yep, all correct - go for it.",
               "Lovely, thank you!", "Perfect, thanks very much."],
    "terse": ["ack, ta", "thx", "yep that's right", "confirmed"],
}
AUTO_REPLIES = {
    "exr_ops": "Thank you for your email. I am out of the office until Monday 30 November with limited access to "
               "email. For anything urgent please contact the Domain Operations team on 0333 014 2200.",
    "exr_noc": "This mailbox is monitored 24x7 by the NOC. Your message has been received and will be picked up by "
               "the engineer on shift.",
    "on_channel": "Thanks for your message. The Channel Support team is available 8am to 6pm, Monday to Friday. We "
                  "will reply within one working day.",
    "on_crm": "Thanks for your message. The Channel Support team is available 8am to 6pm, Monday to Friday.",
    "krystal": "Hey! Thanks for getting in touch. This is an automated reply to let you know we've got your email - "
               "a real person will be with you shortly.",
    "krystal_desk": "Thanks for getting in touch! We've received your email and opened ticket #{ticket}. Our team "
                    "usually replies within the hour during office hours.",
    "northgate": "Thank you for contacting Northgate Domains. Your email has been logged and a member of our service "
                 "desk will respond within 4 working hours.",
    "northgate_desk": "Thank you for contacting Northgate Domains. Your email has been logged under reference "
                      "RITM00{ticket} and a member of our service desk will respond within 4 working hours. Please "
                      "do not change the subject line when replying.",
    "civic": "I'm away until Tuesday 1 December. Tomasz is covering DNS changes while I'm out - he's on 07700 900 462.",
}


class InboxGenerator(Generator):
    clients = CLIENTS_HERE

    def __init__(self, part: str, seed: int):
        super().__init__(part, seed)
        self.prefix = PREFIXES[seed]
        names = [(f"{place}{suffix}-ib", org.format(_cap(place))) for place in PLACES for suffix, org in KINDS_HERE]
        self.rng.shuffle(names)
        self.free_names = names
        self.ambiguous_made = 0
        self.writer_of: dict[str, str] = {}
        # The request being written: who writes it, from which client, in whose words.
        self.tone, self.kw, self.client, self.flavour, self.html = "formal", {}, "outlook", "outlook", True
        self.writer, self.person, self.logo = WRITERS["exr_ops"], WRITERS["exr_ops"].people[0], False
        self.logo_cid = self.snow_ref = self.whmcs_url = ""

    # --- the registry file --------------------------------------------------------------------------------------

    def _provider(self, domain: str) -> list[str]:
        if self.rng.random() < 0.5:
            return _provider_set(self.rng, domain)
        return _own_set(self.rng, domain)

    def _domains(self, registrar: str, count: int) -> list[DomainAsk]:
        rng = self.rng
        base, org = self.free_names.pop()
        stem = base[:-len("-ib")]
        names = ([base] + [f"{stem}-{x}-ib" for x in rng.sample(EXTRA_LABELS, 3)])[:count]
        contacts = [{"role": "security", "email": f"security@{base}.gov.uk",
                     "phone": f"+44 1632 960{rng.randrange(100, 999)}", "name": f"{org} Security Contact"},
                    {"role": "technical", "email": f"ict@{base}.gov.uk"},
                    {"role": "notify", "email": f"dns-notify@{base}.gov.uk"}]
        domains, asks = [], []
        for name in names:
            domain = f"{name}.{ZONE}"
            ns = self._provider(domain)[:rng.choice([2, 2, 2, 3, 4])]
            ds = [_ds(rng)] if rng.random() < 0.35 else []
            domains.append({"name": domain, "locked": True, "registrar": registrar, "registrant": org,
                            "nameservers": ns, "ds": ds, "whois_contacts": [f"clerk@{base}.gov.uk"]})
            asks.append(DomainAsk(domain, org, list(ns), list(ds)))
        self.organisations[org] = {"name": org, "contacts": contacts, "domains": domains}
        return asks

    # --- what is asked ------------------------------------------------------------------------------------------

    def _new_set(self, ask: DomainAsk) -> list[str]:
        while True:
            new = self._provider(ask.domain)[:self.rng.choice([2, 2, 3, 4])]
            if len(new) >= 2 and sorted(new) != sorted(ask.current_ns) and not _glued(new):
                ask.new_ns = list(new)
                return new

    def _fresh(self, ask: DomainAsk, n: int, avoid=()) -> list[str]:
        while True:
            new = self._provider(ask.domain)
            if not set(new) & (set(ask.current_ns) | set(avoid)) and len(new) >= n and not _glued(new):
                return new[:n]

    def _changes(self, ask: DomainAsk) -> None:
        """Additions and removals: a move, one more, one fewer, or one swapped."""
        rng, cur = self.rng, ask.current_ns
        shape = rng.randrange(4)
        if shape == 0 or shape == 2 and len(cur) < 3:
            ask.remove_ns, ask.add_ns = list(cur), self._fresh(ask, rng.choice([2, 2, 3]))
        elif shape == 1:
            ask.add_ns = self._fresh(ask, 1)
        elif shape == 2:
            ask.remove_ns = [rng.choice(cur)]
        else:
            ask.remove_ns, ask.add_ns = [rng.choice(cur)], self._fresh(ask, 1)

    def _h(self, value: str, sentence: bool = False) -> str:
        """A name server as this writer types it: now and then in capitals, or (not in a sentence, where it would
        read as a full stop) with the root's dot."""
        r = self.rng.random()
        dot = 0 if sentence else 0.12 if self.tone == "terse" else 0.04
        return value.upper() if r < 0.04 else value + "." if r < 0.04 + dot else value

    def _hs(self, values: list[str], sentence: bool = False) -> list[str]:
        return [self._h(v, sentence) for v in values]

    # --- words ---------------------------------------------------------------------------------------------------

    def _pool(self, pool: dict, tone: str | None = None) -> list[str]:
        tone = tone or self.tone
        while tone not in pool:
            tone = FALLBACK[tone]
        return pool[tone]

    def _say(self, pool: dict, tone: str | None = None, **values) -> str:
        return self.rng.choice(self._pool(pool, tone)).format_map({**self.kw, **values})

    def _list_style(self) -> str:
        if self.flavour == "iphone" or self.flavour == "tb" and not self.html:
            return self.rng.choice(["lines", "dash", "star", "lines", "numdot"])
        if self.tone == "terse":
            return self.rng.choice(["lines", "dash"])
        return self.rng.choice(["auto_bullet", "auto_bullet", "auto_number", "lines", "dash"])

    def _table_style(self) -> str:
        if self.html:
            return self.rng.choice(["html", "html", "html", "html", "aligned", "tabs"])
        return self.rng.choice(["aligned", "aligned", "markdown", "tabs"])

    def _subject(self, asks: list[DomainAsk], what: str = "nameserver change") -> str:
        rng = self.rng
        names = ", ".join(a.domain for a in asks)
        short = "ds change" if what.startswith("DS") else "ns change"
        n = rng.randrange(10000, 99999)
        pick = {
            "exr_ops": [f"{what.capitalize()} request - {names} [EXR-CHG-{n}]", f"Registry Lock: {what} for {names}",
                        f"{names} - {what} (ref EXR-CHG-{n})"],
            "exr_noc": [f"{names} {short}", f"{short} {names}", names, f"{names} - {short} pls"],
            "on_channel": [f"Reseller request: {what} for {names}", f"{self.kw.get('acct', 'RS-1000')} | {names} | "
                           f"{what}", f"Change of DNS - {names}"],
            "on_crm": [f"{names} - {what} CRM:00{n}", f"{what.capitalize()}: {names} CRM:00{n}"],
            "krystal": [f"{names} nameservers", f"{short.upper()} please - {names}", f"Can you update {names}?",
                        f"{what.capitalize()} for {names}"],
            "krystal_desk": [f"[Ticket ID: {self.kw.get('ticket', n)}] {what.capitalize()} - {names}"],
            "northgate": [f"Change request - {names} - {what}", f"NGD-{n}: {names} {what}"],
            "northgate_desk": [f"RITM00{self.kw.get('ticket', n)} - {what.capitalize()} - {names}"],
            "civic": [f"{names} - new nameservers" if short == "ns change" else f"{names} - DS record",
                      f"{_cap(self.kw.get('place', 'x'))} - {short}", f"{what.capitalize()}: {names}"],
        }[self.writer.key]
        return rng.choice(pick)

    # --- layouts: each gives (subject, blocks, attachment) ------------------------------------------------------

    def _w_prose(self, asks):
        rng, a = self.rng, asks[0]
        r = rng.random()
        if r < 0.12:
            a.add_ns = self._fresh(a, 1)
            text = self._say(PROSE_ADD, add=self._h(a.add_ns[0], True))
        elif r < 0.2 and len(a.current_ns) >= 3:
            a.remove_ns = [rng.choice(a.current_ns)]
            text = self._say(PROSE_REMOVE, rem=self._h(a.remove_ns[0], True))
        else:
            new = self._new_set(a)
            text = self._say(PROSE_NEW, new=_join(rng, self._hs(new, True), self.tone),
                             cur=_join(rng, a.current_ns, self.tone))
            if a.current_ds and self.tone in ("formal", "casual", "terse") and rng.random() < 0.3:
                a.remove_ds = list(a.current_ds)
                more = self._say(PROSE_DS_OFF)
                return self._subject(asks), [("p", text), ("p", more)] if rng.random() < 0.5 else \
                    [("p", text + " " + more)], None
        return self._subject(asks), [("p", text)], None

    def _w_form(self, asks):
        rng, a = self.rng, asks[0]
        new = self._hs(self._new_set(a))
        sep = rng.choice({"formal": [": ", ": ", " : ", ":\t"], "casual": [": ", ": ", " - "],
                          "terse": [": ", "=", ": "]}.get(self.tone, [": "]))
        shape = rng.randrange(4)
        dom_key = rng.choice(["Domain", "Domain name", "Domain Name"] if self.tone != "terse" else ["domain", "dom"])
        if shape == 0:
            key = rng.choice(NS_KEYS if len(new) <= 4 else NS_KEYS[:4])
            pairs = [(dom_key, a.domain)] + [(key(i), v) for i, v in enumerate(new, 1)]
        elif shape == 1:
            pairs = [(dom_key, a.domain), (self.rng.choice(self._pool(SET_KEYS)),
                                           rng.choice([", ", " ", "; ", " / "]).join(new))]
        elif shape == 2:
            pairs = [(dom_key, a.domain), (rng.choice(["Current nameservers", "Existing NS", "Current DNS"]),
                                           ", ".join(a.current_ns)),
                     (rng.choice(["New nameservers", "Required NS", "New DNS"]), ", ".join(new))]
        else:
            pairs = [(dom_key, a.domain), ("Registrant", a.organisation),
                     ("Change type", rng.choice(["Nameserver modification", "Delegation change", "NS update"]))]
            pairs += [(f"Nameserver {i}", v) for i, v in enumerate(new, 1)]
            # what the form says of DNSSEC agrees with the records: "Not signed" of a signed domain would ask
            pairs += [("DNSSEC", rng.choice(["No change", "Unchanged"] if a.current_ds else
                                            ["No change", "Not signed", "n/a"])),
                      ("Authorised by", self.kw["officer"] + ", " + self.kw["officer_role"]),
                      ("Our reference", f"{rng.choice(['CHG', 'REQ', 'WO'])}-{rng.randrange(10000, 99999)}")]
        if rng.random() < 0.25:
            pairs.append((rng.choice(["Reason", "Reason for change"]),
                          rng.choice(["Change of hosting provider", "Website migration", "Moving DNS in-house",
                                      "Contract ended with previous supplier"])))
        intro = self._say(FORM_INTROS)
        if self.html and self.tone == "formal" and rng.random() < 0.3:
            block = ("ftable", pairs)
        else:
            block = ("fields", pairs, sep, self.html and rng.random() < 0.4)
        return self._subject(asks), ([("p", intro)] if intro else []) + [block], None

    def _w_label_list(self, asks):
        rng, a = self.rng, asks[0]
        new = self._hs(self._new_set(a))
        style = self._list_style()
        if rng.random() < 0.3:
            label = rng.choice([f"Please set the nameservers for {a.domain} to:", f"New NS for {a.domain}:",
                                f"{a.domain} should be delegated to:", f"Nameservers for {a.domain} -"])
            blocks = [("list", label, new, style)]
        else:
            blocks = [("p", self._say(LIST_INTROS)), ("list", self._say(LIST_LABELS), new, style)]
        if rng.random() < 0.25:
            blocks.append(("p", rng.choice(["The old ones can be removed.", "Customer has confirmed by phone.",
                                            "Please remove all existing nameservers."])))
        return self._subject(asks), blocks, None

    def _w_current_new_lists(self, asks):
        rng, a = self.rng, asks[0]
        new = self._hs(self._new_set(a))
        style = self._list_style()
        cur_label, new_label = rng.choice(self._pool(PAIR_LABELS))
        lists = [("list", cur_label, list(a.current_ns), style), ("list", new_label, new, style)]
        if rng.random() < 0.2 and cur_label not in ("From:", "Take off:", "before:", "It's currently on:"):
            lists.reverse()
        intro = rng.choice([f"Please update the nameservers for {a.domain}.", f"Domain: {a.domain}",
                            f"Change for {a.domain} below.", f"{a.domain} is moving DNS provider."])
        return self._subject(asks), [("p", intro)] + lists, None

    def _w_current_new_table(self, asks):
        rng, a = self.rng, asks[0]
        new = self._hs(self._new_set(a))
        cur_head, new_head = rng.choice(self._pool(TABLE_HEADS))
        n = max(len(new), len(a.current_ns))
        rows = [[a.current_ns[i] if i < len(a.current_ns) else "", new[i] if i < len(new) else ""] for i in range(n)]
        header = [cur_head, new_head]
        if rng.random() < 0.2:
            header, rows = header[::-1], [r[::-1] for r in rows]
        if rng.random() < 0.35:  # a column naming each row
            first = rng.choice(["", "Nameserver", "#"])
            header = [first] + header
            rows = [[f"NS{i}"] + r for i, r in enumerate(rows, 1)]
        intro = rng.choice([f"Nameserver change for {a.domain}:", f"Please make the following change to {a.domain}:",
                            f"{a.domain} - old and new below", f"Domain: {a.domain}"])
        return self._subject(asks), [("p", intro), ("table", header, rows, self._table_style())], None

    def _w_add_remove_table(self, asks):
        rng, a = self.rng, asks[0]
        self._changes(a)
        add, rem = rng.choice(ACTIONS)
        shape = rng.randrange(4)
        style = self._table_style()
        intro = rng.choice(["Please action the following:", f"Changes for {a.domain}:",
                            "Please make these changes to the nameservers:", f"{a.domain} - please action the below"])
        if shape == 0:
            header = rng.choice([["Domain", "Action", "Nameserver"], ["Domain name", "Change", "Name server"], None])
            rows = [[a.domain, rem, self._h(v)] for v in a.remove_ns] + [[a.domain, add, self._h(v)] for v in a.add_ns]
        elif shape == 1:
            header = rng.choice([["Action", "Host name"], ["Change", "Nameserver"]])
            rows = [[rem, self._h(v)] for v in a.remove_ns] + [[add, self._h(v)] for v in a.add_ns]
            intro = rng.choice([f"Please make the following changes to {a.domain}:", f"For {a.domain}:"])
        elif shape == 2:
            keep = rng.choice(KEEPS)
            header = rng.choice([["Nameserver", "Action"], ["NS", "What to do"]])
            rows = [[self._h(v), rem if v in a.remove_ns else keep] for v in a.current_ns] + \
                [[self._h(v), add] for v in a.add_ns]
            intro = rng.choice([f"Nameservers for {a.domain}, with what should happen to each:",
                                f"{a.domain} - full list below"])
        else:
            header = rng.choice([["Name server", "Add/Remove"], ["Host", "+/-"]])
            plus, minus = ("+", "-") if header[1] == "+/-" else (add, rem)
            rows = [[self._h(v), minus] for v in a.remove_ns] + [[self._h(v), plus] for v in a.add_ns]
            intro = rng.choice([f"Changes to {a.domain}:", f"Please update {a.domain} as below."])
        if rng.random() < 0.3:
            rows = [r for r in rows if add in r or "+" in r] + [r for r in rows if not (add in r or "+" in r)]
        return self._subject(asks), [("p", intro), ("table", header, rows, style)], None

    def _w_portal(self, asks):
        rng, a = self.rng, asks[0]
        new = self._hs(self._new_set(a))
        cur = a.current_ns
        key = self.writer.key
        if key.startswith("on_"):
            reseller, acct = self.kw["reseller"], self.kw["acct"]
            pairs = [("Request ID", f"PH-{rng.randrange(100000, 999999)}"), ("Reseller", f"{reseller} ({acct})"),
                     ("Domain", a.domain), ("Registrant", a.organisation), ("Request", "Update nameservers"),
                     ("Current nameservers", ", ".join(cur)), ("Requested nameservers", ", ".join(new)),
                     ("Submitted", f"26/11/2026 {rng.randrange(8, 18):02d}:{rng.randrange(60):02d}"),
                     ("Status", "Held - awaiting registry (Registry Lock)")]
            lead = "Partner Hub change request - exported below."
            return self._subject(asks), [("p", lead), ("fields", pairs, ": ", self.html)], None
        if key.startswith("krystal"):
            pairs = [("Domain", a.domain), ("Action", "Change Nameservers"),
                     ("Old nameservers", " ".join(cur)), ("New nameservers", " ".join(new)),
                     ("Requested by", f"Client #{rng.randrange(10000, 99999)} via client area")]
            lead = rng.choice(["Here's the request from the client area:", "Pasted from the client area -"])
            return self._subject(asks), [("p", lead), ("fields", pairs, ": ", False)], None
        if key.startswith("northgate"):
            n = max(len(cur), len(new))
            rows = [[f"Nameserver {i + 1}", cur[i] if i < len(cur) else "(none)", new[i] if i < len(new) else
                     "(none)"] for i in range(n)]
            lead = f"Change set {rng.randrange(1000, 9999)} for {a.domain}, as logged in our domain management system:"
            return self._subject(asks), [("p", lead), ("table", ["Field", "Previous value", "New value"], rows,
                                                       self._table_style())], None
        if key.startswith("exr"):
            pairs = [("order_id", str(rng.randrange(7000000, 7999999))), ("order_type", "NS_UPDATE"),
                     ("domain", a.domain)] + [(f"ns_old_{i}", v) for i, v in enumerate(cur, 1)] + \
                [(f"ns_new_{i}", v) for i, v in enumerate(new, 1)] + [("state", "BLOCKED_REGISTRY_LOCK")]
            lead = rng.choice(["Order below is stuck on the lock - please apply:",
                               "Order details from our system (blocked by Registry Lock):"])
            return self._subject(asks), [("p", lead), ("pre", "\n".join(f"{k:<12} {v}" for k, v in pairs))], None
        pairs = [("Your name", self.kw["officer"]), ("Organisation", a.organisation), ("Domain name", a.domain),
                 ("Current nameservers (if known)", ", ".join(cur)), ("New nameservers", "\n".join(new)),
                 ("Anything else we should know?", rng.choice(["No", "Website going live on Monday", "-"]))]
        lead = "The council used our online form - submission below:"
        return self._subject(asks), [("p", lead), ("fields", pairs, ": ", False)], None

    def _w_replace(self, asks):
        rng, a = self.rng, asks[0]
        olds = rng.sample(a.current_ns, rng.choice([1, 1, min(2, len(a.current_ns))]))
        news = self._fresh(a, len(olds))
        a.remove_ns, a.add_ns = list(olds), list(news)
        pairs = [(o, self._h(n, True)) for o, n in zip(olds, news)]
        if self.tone == "terse" or rng.random() < 0.2:
            items = [f"{o} -> {n}" if rng.random() < 0.8 else f"{o} => {n}" for o, n in pairs]
            return self._subject(asks), [("list", f"{a.domain}:", items, "lines"),
                                         ("p", self._say(REPLACE_TAIL))], None
        form = rng.choice(self._pool(REPLACE_ONE))
        said = " and ".join(form.format(o=o, n=n) for o, n in pairs)
        lead = rng.choice([f"For {a.domain}, ", f"On {a.domain} ", f"{a.domain}: "])
        text = lead + said + ("?" if said.startswith(("can", "could")) else ".") + " " + self._say(REPLACE_TAIL)
        return self._subject(asks), [("p", text[0].upper() + text[1:])], None

    def _w_epp(self, asks):
        rng, a = self.rng, asks[0]
        d = a.domain
        self._changes(a)
        shape = rng.randrange(3)
        if shape == 0:
            lines = [f"> update domain {d}"] + [f"> rem ns {self._h(v)}" for v in a.remove_ns] + \
                [f"> add ns {self._h(v)}" for v in a.add_ns] + \
                ["2304 Object status prohibits operation (serverUpdateProhibited)"]
            lead = rng.choice([f"Our EPP update for {d} bounced off the lock. This is what we sent - please apply it:",
                               f"epp session below for {d}, lock refused it. pls apply"])
            return self._subject(asks), [("p", lead), ("pre", "\n".join(lines))], None
        tag = "hostObj"
        parts = ['<domain:update xmlns:domain="urn:ietf:params:xml:ns:domain-1.0">',
                 f"  <domain:name>{d}</domain:name>"]
        for verb, values in (("add", a.add_ns), ("rem", a.remove_ns)):
            if values:
                parts += [f"  <domain:{verb}>", "    <domain:ns>"] + \
                    [f"      <domain:{tag}>{v}</domain:{tag}>" for v in values] + \
                    ["    </domain:ns>", f"  </domain:{verb}>"]
        parts.append("</domain:update>")
        lead = rng.choice(["The update below was refused (2304, serverUpdateProhibited). Could you make it for us?",
                           f"Please apply this domain:update for {d} - our client can't, the domain is locked."])
        return self._subject(asks), [("p", lead), ("pre", "\n".join(parts))], None

    def _w_csv(self, asks):
        rng, a = self.rng, asks[0]
        d = a.domain
        shape = rng.randrange(3)
        sep = ";" if rng.random() < 0.2 else ","
        if shape < 2:
            self._changes(a)
            head, (add, rem) = rng.choice([("domain,action,nameserver", ("add", "remove")),
                                           ("Domain Name,Operation,Host Name", ("ADD", "DELETE")),
                                           ("domain,change,ns", ("add", "del"))])
            rows = [head.replace(",", sep)] + [sep.join((d, rem, v)) for v in a.remove_ns] + \
                [sep.join((d, add, v)) for v in a.add_ns]
        else:
            new = self._new_set(a)
            rows = [sep.join(["domain"] + [f"ns{i}" for i in range(1, len(new) + 1)]), sep.join([d] + new)]
        bom = rng.random() < 0.3  # Excel's "CSV UTF-8"
        text = ("\ufeff" if bom else "") + "\r\n".join(rows) + "\r\n"
        body = rng.choice([f"Please find attached the nameserver changes for {d}.", f"Spreadsheet attached for {d}.",
                           f"CSV attached with the changes to {d} - let me know if you'd rather have them inline.",
                           f"see attached for {d}"])
        name = rng.choice([f"NS_changes_{d.split('.')[0]}.csv", "nameserver-changes.csv", f"ns-{d}.csv",
                           f"Book{rng.randrange(1, 4)}.csv"])
        return self._subject(asks), [("p", body)], (name, text, "csv")

    def _w_multi_domain(self, asks):
        rng = self.rng
        org = asks[0].organisation
        shape = rng.randrange(4)
        if shape == 0:  # one set for them all
            while True:
                new = self._provider(asks[-1].domain)[:rng.choice([2, 3])]
                if len(new) >= 2 and all(sorted(new) != sorted(a.current_ns) for a in asks) and not _glued(new):
                    break
            for a in asks:
                a.new_ns = list(new)
            lead = rng.choice([f"All of {org}'s domains below are moving to {_join(rng, new, self.tone)}:",
                               f"Please change the nameservers of these domains to {_join(rng, new, self.tone)}:",
                               f"The following domains need pointing at {_join(rng, new, self.tone)}:"])
            return self._subject(asks), [("list", lead, [a.domain for a in asks], self._list_style())], None
        if shape == 1:
            blocks = [("p", rng.choice([f"Please update the nameservers for the {len(asks)} domains below.",
                                        f"{org} have a few domains moving:", "Changes for each domain below."]))]
            style = self._list_style()
            for a in asks:
                blocks.append(("list", f"{a.domain}:", self._hs(self._new_set(a)), style))
            return self._subject(asks), blocks, None
        if shape == 2:
            news = [self._hs(self._new_set(a)) for a in asks]
            width = max(len(n) for n in news)
            rows = [[a.domain] + n + [""] * (width - len(n)) for a, n in zip(asks, news)]
            header = [rng.choice(["Domain", "Domain name"])] + [f"NS{i}" for i in range(1, width + 1)]
            return self._subject(asks), [("p", f"New nameservers for {org}'s domains:"),
                                         ("table", header, rows, self._table_style())], None
        blocks = [("p", rng.choice(["Details for each domain below.", f"{len(asks)} domains for {org}:"]))]
        for a in asks:
            new = self._hs(self._new_set(a))
            blocks.append(("fields", [("Domain", a.domain), ("New nameservers", ", ".join(new))], ": ", False))
        return self._subject(asks), blocks, None

    def _w_ds(self, asks):
        rng, a = self.rng, asks[0]
        d = a.domain
        new = _ds(rng)
        tag, alg, dtype, digest = new.split()
        if rng.random() < 0.25:
            digest = digest.lower()
        line = f"{tag} {alg} {dtype} {digest}"
        subject = self._subject(asks, "DS record update")
        shape = rng.randrange(5)
        if not a.current_ds and shape in (1, 2):
            shape = rng.choice([0, 3, 4])
        if shape == 2:
            a.remove_ds = list(a.current_ds)
            text = rng.choice([f"Please remove the DS record from {d} so the domain goes unsigned. We're moving DNS "
                               "provider and will send the new DS once the zone is signed there.",
                               f"Can you delete all DS records for {d} please? DNSSEC is being switched off for the "
                               "migration."])
            return subject, [("p", text)], None
        if shape == 1:
            a.add_ds = [new]
            lead = rng.choice([f"Please add the DS record below for {d} alongside the existing one (KSK rollover - do "
                               "not remove the current record yet):",
                               f"Key rollover on {d}: please publish this second DS record and keep the current one."])
            return subject, [("p", lead), ("pre", line)], None
        a.new_ds = [new]
        if a.current_ds:
            lead = rng.choice([f"Please replace the DS record for {d} with the following:",
                               f"New DS for {d} below - it replaces the one you hold."])
        else:
            lead = rng.choice([f"We have signed {d}. Please publish this DS record:",
                               f"Please add this DS record to {d} to turn on DNSSEC:"])
        if shape == 0:
            shown = line if rng.random() < 0.5 else f"{d}. 3600 IN DS {line}"
            return subject, [("p", lead), ("pre", shown)], None
        if shape == 3:
            alg_name = "RSASHA256" if alg == "8" else "ECDSAP256SHA256"
            hash_name = "SHA-256" if dtype == "2" else "SHA-384"
            fields = [("Key Tag", tag), ("Algorithm", rng.choice([alg, f"{alg} ({alg_name})"])),
                      ("Digest Type", rng.choice([dtype, f"{dtype} ({hash_name})"])), ("Digest", digest)]
            return subject, [("p", lead), ("fields", fields, ": ", self.html)], None
        # PowerDNS's pdnsutil show-zone, pasted whole: the key, its public half, and the DS record
        key = base64.b64encode(rng.randbytes(64 if alg == "13" else 132)).decode()
        algo = "ECDSAP256SHA256" if alg == "13" else "RSASHA256"
        digest_name = "SHA256" if dtype == "2" else "SHA-384"
        out = (f"ID = {rng.randrange(1, 9)} (CSK), flags = 257, tag = {tag}, algo = {alg}, bits = "
               f"{256 if alg == '13' else 2048}\t  Active\t Published  ( {algo} )\n"
               f"CSK DNSKEY = {d}. IN DNSKEY 257 3 {alg} {key} ; ( {algo} )\n"
               f"DS = {d}. IN DS {line} ; ( {digest_name} digest )")
        if not a.current_ds and rng.random() < 0.5:
            lead = f"We've signed {d} on our PowerDNS cluster - output from pdnsutil below, it's the DS line we need " \
                   "published."
        return subject, [("p", lead), ("pre", out)], None

    def _w_ambiguous(self, asks, shape: int):
        rng, a = self.rng, asks[0]
        d, cur = a.domain, a.current_ns
        other = self._fresh(a, 3)
        if shape == 0:  # the registrar's note and the customer's mail below it disagree
            self.kw["note"] = f"Please set {d} to {_join(rng, [other[0], other[2]])} as per the customer's email below."
            return self._subject(asks), [("p", f"Please could the nameservers for {d} be changed to "
                                               f"{_join(rng, other[:2], 'customer')}?")], None
        if shape == 1:  # no values at all
            return self._subject(asks), [("p", f"Can you put {d} back on our usual nameservers please? Same ones as "
                                               "the other councils we moved last month.")], None
        if shape == 2:  # one name server left
            if len(cur) >= 3:
                text = f"Please remove {_join(rng, cur[1:])} from {d}, they are being switched off."
            else:
                text = f"Please set the nameserver for {d} to {other[0]} - the customer only has the one server now."
            return self._subject(asks), [("p", text)], None
        if shape == 3:  # two sets, not chosen yet
            return self._subject(asks), [("p", f"Heads up on {d}: the customer hasn't decided between "
                                               f"{_join(rng, other[:2])} and {_join(rng, self._fresh(a, 2, other))} "
                                               "yet. They'll confirm on Monday but can you get the ball "
                                               "rolling?")], None
        if shape == 4:  # a server to swap out that the domain does not have
            return self._subject(asks), [("p", f"On {d} please swap {other[0]} for {other[1]}. The rest stay as they "
                                               "are.")], None
        if shape == 5:  # the servers it has already
            return self._subject(asks), [("p", f"Please set the nameservers for {d} to {_join(rng, cur)}.")], None
        second = asks[1].domain  # which of two domains?
        return self._subject(asks[:1]), [("p", f"For {d} (or it might be {second} - the customer wasn't sure which "
                                               f"one the website is on), please change the nameservers to "
                                               f"{_join(rng, other[:2])}.")], None

    # --- a month of mail ------------------------------------------------------------------------------------------

    def make(self, requests: int) -> Corpus:
        """The requests in decks of 40 (LAYOUT_SHARE and CLIENT_SHARE shuffled, the 40th ambiguous on purpose),
        then the thread mails on them."""
        rng = self.rng
        mails: list[Mail] = []
        for start in range(0, requests, 40):
            layouts = [name for name, n in LAYOUT_SHARE.items() for _ in range(n)]
            clients = [name for name, n in CLIENT_SHARE.items() for _ in range(n)]
            rng.shuffle(layouts)
            rng.shuffle(clients)
            for j in range(min(40, requests - start)):
                layout = "ambiguous" if j == 39 else layouts[j]
                mails.append(self.request(f"{self.prefix}{start + j:04d}", layout, clients[j]))
        made = [m for m in mails if m.kind == "request"]
        asked = [m for m in mails if m.kind == "ambiguous"]
        for k in range(max(60, requests // 6)):
            target = rng.choice(made if k % 5 or not asked else asked)
            kind = "reply" if k % 6 < 4 else "automatic" if k % 6 == 4 else "bounce"
            mails.append(self._thread(f"{self.prefix}r{k:03d}", kind, target))
        return Corpus(self.part, self.registry(), mails)

    def request(self, mid: str, layout: str, client: str) -> Mail:
        rng = self.rng
        w = WRITERS[rng.choice(BY_CLIENT[client])]
        self.writer, self.client, self.flavour = w, client, FLAVOUR[client]
        self.html = client not in ("thunderbird", "iphone") or rng.random() < (0.4 if client == "thunderbird" else 0.6)
        shape = None
        if layout == "ambiguous":
            shape = self.ambiguous_made % 7
            self.ambiguous_made += 1
        count = rng.choice([2, 2, 3]) if layout == "multi_domain" else 2 if shape == 6 else 1
        asks = self._domains(w.registrar, count)
        a = asks[0]
        base = a.domain.partition(".")[0]
        self.person = rng.choice(w.people)
        first, last, role = rng.choice(OFFICERS)
        reseller, acct = rng.choice(RESELLERS)
        self.kw = {"d": a.domain, "org": a.organisation, "place": self.place_of(a.organisation),
                   "supplier": rng.choice(SUPPLIERS)[0], "first": first, "officer": f"{first} {last}",
                   "officer_role": role, "officer_email": f"{first[0]}.{last.replace(chr(39), '')}@{base}.gov.uk"
                   .lower(), "reseller": reseller, "acct": acct, "ticket": rng.randrange(41000, 49999)}
        frame = "direct"
        if shape == 0 or shape is None and layout in CUSTOMER_LAYOUTS and rng.random() < w.forwards:
            frame = "forward"
        elif shape is None and rng.random() < w.relays:
            frame = "relay"
        nested = frame == "forward" and shape is None and layout in ("prose", "label_list", "ds") and \
            rng.random() < 0.3
        self.tone = "supplier" if nested else "customer" if frame == "forward" else w.tone
        if shape is not None:
            subject, blocks, attachment = self._w_ambiguous(asks, shape)
        else:
            subject, blocks, attachment = getattr(self, "_w_" + layout)(asks)
        self.tone = w.tone
        self.logo = client == "outlook" and w.key in ("exr_ops", "on_channel", "northgate") and rng.random() < 0.4
        body, subject = self._body(frame, nested, subject, blocks, asks)
        raw, said, charset, encoding = self._mime(mid, subject, body, attachment)
        self.writer_of[mid] = w.key
        truth = "asked" if shape is not None else {x.domain: x.truth() for x in asks}
        return Mail(mid, "ambiguous" if shape is not None else "request", layout, client, charset, encoding,
                    w.sender, truth, raw, said=said, seed=self.seed)

    def place_of(self, organisation: str) -> str:
        for _, kind in KINDS_HERE:
            suffix = kind.replace("{}", "")
            if organisation.endswith(suffix):
                return organisation[:-len(suffix)]
        return organisation

    def _signature(self) -> str:
        rng, w = self.rng, self.writer
        name, role = self.person
        first = name.split()[0]
        if w.key == "exr_ops":
            lines = [name, role, "Example Registrar Ltd | Forbury Works, Reading RG1 3EU",
                     f"T: +44 118 496 0{rng.randrange(100, 999)} | Service desk: 0333 014 2200",
                     "www.registrar.example"]
        elif w.key == "exr_noc":
            lines = [f"{first.lower()} | {role} | Example Registrar Ltd", "24x7 NOC: +44 118 496 0999"]
        elif w.key.startswith("on_"):
            lines = [name, role, "Other Names plc", "2 Canal Wharf, Leeds LS11 5PS", "Channel Support: 0113 496 0155"]
        elif w.key.startswith("krystal"):
            lines = rng.choice([[first, "Krystal Hosting \u00b7 Support Team",
                                 "\U0001F331 Powered by 100% renewable energy"],
                                [name, f"{role} | Krystal Hosting", "0800 123 4567 (option 2)"]])
        elif w.key.startswith("northgate"):
            lines = [name, f"{role} | Northgate Domains", "T 0161 496 0420 | Mon-Fri 08:00-18:00"]
        else:
            lines = [name, f"{role}, Civic DNS Services", "DNS and domains for local government since 2009",
                     f"07700 900 {rng.randrange(100, 999)}"]
        return "\n".join(lines)

    def _body(self, frame: str, nested: bool, subject: str, blocks: list, asks: list[DomainAsk]):
        """The whole mail as blocks, top to bottom, and its subject."""
        rng, w, kw = self.rng, self.writer, self.kw
        out = []
        greeting = self._say(GREETINGS)
        if greeting and not (self.flavour == "iphone" and rng.random() < 0.5):
            out.append(("p", greeting))
        if frame == "relay":
            out.append(("p", rng.choice(RELAY_NOTES).format_map(kw)))
            out += blocks
        elif frame == "forward":
            out.append(("p", kw.get("note") or self._say(FORWARD_NOTES)))
        else:
            out += blocks
        closing = self._say(CLOSINGS)
        if self.flavour == "iphone":
            out.append(("p", (closing + "\n" if closing else "") + self.person[0].split()[0]))
            out.append(("p", rng.choice(["Sent from my iPhone", "Sent from my iPhone", "Sent from my iPhone - "
                                         "please excuse typos"])))
        else:
            if closing:
                out.append(("p", closing))
            out.append(("sig", self._signature(), self.flavour in ("gmail", "tb")))
        if frame == "forward":
            head, inner, forwarded = self._customer_mail(blocks, nested, asks)
            out.append(("forward", FORWARD_STYLE[self.flavour], head, inner))
            subject = ("FW: " if self.flavour in ("outlook", "owa", "crm", "snow") else "Fwd: ") + forwarded
            if self.flavour == "snow":
                subject = f"RITM00{kw['ticket']} - {subject}"
        disclaimer = rng.choice(REG_DISCLAIMERS[w.registrar])
        if disclaimer:
            out.append(("small", disclaimer))
        return out, subject

    def _customer_mail(self, blocks: list, nested: bool, asks: list[DomainAsk]):
        """The council officer's mail a registrar forwards: its header, its blocks, its subject."""
        rng, kw, w = self.rng, self.kw, self.writer
        a = asks[0]
        if w.key == "civic":
            greeting = rng.choice([f"Hi {self.person[0].split()[0]},", "Hi,", "Good morning,"])
        else:
            greeting = rng.choice(["Hello,", "Dear Sir/Madam,", "Hi,", "Good afternoon,"])
        sig = "\n".join([kw["officer"], kw["officer_role"], a.organisation,
                         f"Tel: 01632 960{rng.randrange(100, 999)}"] +
                        ([kw["officer_email"]] if rng.random() < 0.5 else []))
        closing = self._say(CLOSINGS, "customer")
        inner = [("p", greeting)]
        if nested:
            sname, sperson, semail = next(s for s in SUPPLIERS if s[0] == kw["supplier"])
            phone = f"0345 000 {rng.randrange(1000, 9999)}"
            supplier = [("p", f"Hi {kw['first']},")] + blocks + \
                [("p", self._say(CLOSINGS, "supplier")), ("sig", f"{sperson}\n{sname}\n{phone}", False)]
            head = {"name": sperson, "email": semail, "to": f"{kw['officer']} <{kw['officer_email']}>",
                    "subject": rng.choice(["Nameserver change - action needed", f"{a.domain} migration - final step",
                                           "DNS cut-over"]), "time": f"{rng.randrange(9, 12)}:{rng.randrange(10, 59)}"}
            inner += [("p", rng.choice(CUSTOMER_NOTES).format_map(kw)), ("p", closing), ("sig", sig, False),
                      ("forward", "outlook", head, supplier)]
        else:
            inner += blocks + [("p", closing), ("sig", sig, False)]
        if rng.random() < 0.5:
            inner.append(("small", COUNCIL_DISCLAIMER.format(org=a.organisation)))
        subject = rng.choice(["Nameservers", "DNS change for our website", f"Change of nameservers - {a.domain}",
                              "Website move", f"{a.domain} DNS", "Domain name servers - new supplier"])
        to = rng.choice([w.sender, f"{w.registrar} <{w.sender}>"])
        head = {"name": kw["officer"], "email": kw["officer_email"], "to": to, "subject": subject,
                "time": f"{rng.randrange(13, 17)}:{rng.randrange(10, 59)}"}
        return head, inner, subject

    # --- rendering: each client's plain text and HTML ------------------------------------------------------------

    def _bullet(self, fl: str, style: str, i: int) -> str:
        typed = {"lines": "", "dash": "- ", "star": "* ", "numdot": f"{i}. ", "paren": f"{i}) "}
        if style in typed:
            return typed[style]
        if style == "auto_number":
            return {"outlook": f"  {i}.  ", "owa": f"  {i}.  ", "gmail": f"   {i}. ", "tb": f" {i}. "}.get(fl, f"{i}. ")
        return {"outlook": "  *   ", "owa": "  *   ", "gmail": "   - ", "apple": "\u2022 ", "tb": " * ",
                "snow": "* "}.get(fl, "- ")

    def _plain(self, fl: str, blocks: list) -> str:
        out = []
        for b in blocks:
            kind = b[0]
            if kind in ("p", "pre", "small"):
                if b[1]:
                    out.append(b[1])
            elif kind == "sig":
                out.append(("-- \n" if b[2] else "") + b[1])
            elif kind == "fields":
                out.append("\n".join(f"{k}{b[2]}{v}" for k, v in b[1]))
            elif kind == "ftable":
                out.append("\n".join(f"{k}\t{v}" for k, v in b[1]))
            elif kind == "list":
                _, label, items, style = b
                out.append("\n".join(([label] if label else []) +
                                     [self._bullet(fl, style, i) + v for i, v in enumerate(items, 1)]))
            elif kind == "table":
                out.append(_text_table(b[1], b[2], b[3]))
            elif kind == "forward":
                out.append(self._forward_plain(fl, b))
        return "\n\n".join(out)

    def _forward_plain(self, fl: str, block) -> str:
        _, style, h, inner = block
        body = self._plain(fl, inner)
        who = f"{h['name']} <{h['email']}>"
        if style == "outlook":
            return f"From: {who}\nSent: 26 November 2026 {h['time']}\nTo: {h['to']}\nSubject: {h['subject']}\n\n{body}"
        if style == "owa":
            hour, minute = h["time"].split(":")
            return (f"________________________________\nFrom: {who}\nSent: Thursday, November 26, 2026 "
                    f"{int(hour) - 12}:{minute} PM\nTo: {h['to']}\nSubject: {h['subject']}\n\n{body}")
        if style == "gmail":
            return (f"---------- Forwarded message ---------\nFrom: {who}\nDate: Thu, 26 Nov 2026 at {h['time']}\n"
                    f"Subject: {h['subject']}\nTo: {h['to']}\n\n\n{body}")
        if style == "apple":
            return (f"Begin forwarded message:\n\nFrom: {who}\nSubject: {h['subject']}\nDate: 26 November 2026 at "
                    f"{h['time']}:07 GMT\nTo: {h['to']}\n\n{body}")
        if style == "iphone":
            text = f"From: {who}\nDate: 26 November 2026 at {h['time']}:07 GMT\nTo: {h['to']}\nSubject: " \
                   f"{h['subject']}\n\n{body}"
            return "Begin forwarded message:\n\n" + "\n".join("> " + line if line else ">" for line in text.split("\n"))
        return (f"-------- Forwarded Message --------\nSubject: \t{h['subject']}\nDate: \tThu, 26 Nov 2026 "
                f"{h['time']}:07 +0000\nFrom: \t{who}\nTo: \t{h['to']}\n\n\n{body}")

    def _esc(self, fl: str, line: str) -> str:
        text = escape(line, quote=False).replace("  ", "&nbsp; ")
        tab = {"outlook": "<span style='mso-tab-count:1'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span>",
               "gmail": '<span style="white-space:pre">\t</span>'}.get(fl, "&nbsp;&nbsp;&nbsp;&nbsp;")
        return text.replace("\t", tab)

    def _lines(self, fl: str, lines: list[str]) -> str:
        """Lines already escaped, as the client writes them: an element a line, or one paragraph with <br>."""
        if fl in PARAGRAPH:
            return PARAGRAPH[fl].format("<br>\n".join(lines))
        return "".join(LINE[fl].format(line) if line else BLANK[fl] for line in lines)

    def _gap(self, fl: str) -> str:
        return BLANK.get(fl, "")

    def _html(self, fl: str, blocks: list) -> str:
        out = []
        for b in blocks:
            kind = b[0]
            if kind == "p" and b[1]:
                out.append(self._lines(fl, [self._esc(fl, line) for line in b[1].split("\n")]) + self._gap(fl))
            elif kind == "pre":
                out.append(self._pre(fl, b[1]))
            elif kind == "small":
                style = "<span style='font-size:8.0pt;color:#7F7F7F'>{}</span>" if fl == "outlook" else \
                    '<span style="font-size:8pt;color:#808080">{}</span>'
                out.append(self._lines(fl, [style.format(self._esc(fl, b[1]))]))
            elif kind == "sig":
                out.append(self._signature_html(fl, b[1], b[2]))
            elif kind == "fields":
                _, pairs, sep, bold = b
                lines = []
                for k, v in pairs:
                    first, *more = v.split("\n")
                    key = f"<b>{self._esc(fl, k + sep.rstrip())}</b>{sep[len(sep.rstrip()):]}" if bold else \
                        self._esc(fl, k + sep)
                    lines += [key + self._esc(fl, first)] + [self._esc(fl, m) for m in more]
                out.append(self._lines(fl, lines) + self._gap(fl))
            elif kind == "ftable":
                out.append(self._table_html(fl, None, [[k, v] for k, v in b[1]]))
            elif kind == "list":
                out.append(self._list_html(fl, *b[1:]))
            elif kind == "table":
                _, header, rows, style = b
                if style == "html":
                    out.append(self._table_html(fl, header, rows))
                else:
                    text = _text_table(header, rows, style)
                    out.append(self._lines(fl, [self._esc(fl, line) for line in text.split("\n")]) + self._gap(fl))
            elif kind == "forward":
                out.append(self._forward_html(fl, b))
        return "".join(out)

    def _pre(self, fl: str, text: str) -> str:
        if fl in PARAGRAPH or fl == "snow":
            return f"<pre>{escape(text, quote=False)}</pre>"
        mono = {"outlook": "<span style='font-family:\"Courier New\"'>{}</span>",
                "owa": '<span style="font-family: Consolas, Courier, monospace;">{}</span>',
                "gmail": '<font face="monospace">{}</font>', "apple": '<font face="Menlo">{}</font>'}.get(fl, "{}")
        return self._lines(fl, [mono.format(self._esc(fl, line)) if line else "" for line in text.split("\n")]) + \
            self._gap(fl)

    def _list_html(self, fl: str, label: str, items: list[str], style: str) -> str:
        out = self._lines(fl, [self._esc(fl, label)]) if label else ""
        if not style.startswith("auto") or fl == "iphone":
            if fl in PARAGRAPH:
                return self._lines(fl, ([self._esc(fl, label)] if label else []) +
                                   [self._esc(fl, self._bullet(fl, style, i) + v) for i, v in enumerate(items, 1)])
            return out + self._lines(fl, [self._esc(fl, self._bullet(fl, style, i) + v)
                                          for i, v in enumerate(items, 1)]) + self._gap(fl)
        number = style == "auto_number"
        if fl == "outlook":
            for i, v in enumerate(items, 1):
                mark, font = (f"{i}.", "Aptos") if number else ("\u00b7", "Symbol")
                out += ("<p class=MsoListParagraph style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if "
                        f"!supportLists]><span style='font-family:{font}'><span style='mso-list:Ignore'>{mark}<span "
                        "style='font:7.0pt \"Times New Roman\"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></span>"
                        f"</span><![endif]>{self._esc(fl, v)}<o:p></o:p></p>")
            return out + self._gap(fl)
        tag = "ol" if number else "ul"
        if fl == "owa":
            lis = "".join(f'<li style="{OWA_FONT}"><div role="presentation" class="elementToProof">'
                          f"{self._esc(fl, v)}</div></li>" for v in items)
            return out + f'<{tag} style="margin-top: 0px; margin-bottom: 0px;">{lis}</{tag}>' + self._gap(fl)
        cls = ' class="MailOutlineList"' if fl == "apple" else ""
        lis = "".join(f"<li>{self._esc(fl, v)}</li>" for v in items)
        return out + f"<{tag}{cls}>{lis}</{tag}>" + self._gap(fl)

    def _table_html(self, fl: str, header, rows) -> str:
        def cell(text: str, head: bool) -> str:
            t = self._esc(fl, text)
            if fl == "outlook":
                t = f"<b>{t}</b>" if head and t else t
                return ("<td valign=top style='border:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt'><p "
                        f"class=MsoNormal>{t or '&nbsp;'}<o:p></o:p></p></td>")
            if fl == "owa":
                t = f"<b>{t}</b>" if head and t else t
                return f'<td style="border: 1px solid rgb(0, 0, 0); padding: 2px 6px;"><div class="elementToProof">' \
                       f"{t or '<br>'}</div></td>"
            if fl == "gmail":  # pasted from a spreadsheet
                return ('<td style="overflow:hidden;padding:2px 3px;vertical-align:bottom;border:1px solid '
                        f'rgb(204,204,204)">{t}</td>')
            return f"<th>{t}</th>" if head else f"<td>{t}</td>"
        opening = {"outlook": "<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0 style='border-collapse:"
                              "collapse;border:none'>",
                   "owa": '<table style="border-collapse: collapse;">',
                   "gmail": '<table cellspacing="0" cellpadding="0" dir="ltr" border="1" style="table-layout:fixed;'
                            'font-size:10pt;font-family:Arial;width:0px;border-collapse:collapse;border:none">'}.get(
            fl, '<table border="1" cellspacing="0" cellpadding="4">')
        body = "".join("<tr>" + "".join(cell(c, i == 0 and header is not None) for c in r) + "</tr>"
                       for i, r in enumerate(([header] if header else []) + rows))
        return f"{opening}<tbody>{body}</tbody></table>" + self._gap(fl)

    def _signature_html(self, fl: str, text: str, dashes: bool) -> str:
        lines = [self._esc(fl, line) for line in text.split("\n")]
        if fl == "outlook":
            first = f"<b><span style='font-size:10.0pt;color:#1F3864'>{lines[0]}</span></b>"
            rest = [f"<span style='font-size:9.0pt;color:#595959'>{line}</span>" for line in lines[1:]]
            logo = '<img width=120 height=40 style="width:1.25in;height:.4166in" id="Picture_x0020_1" ' \
                   f'src="cid:{self.logo_cid}" alt="{escape(self.writer.registrar)}">' if self.logo else ""
            return self._lines(fl, [first] + rest + ([logo] if logo else []))
        if fl == "owa":
            return f'<div id="Signature"><div style="{OWA_FONT}">' + "<br>".join(lines) + "</div></div>"
        if fl == "gmail" and dashes:
            return ('<span class="gmail_signature_prefix">-- </span><br><div dir="ltr" class="gmail_signature" '
                    'data-smartmail="gmail_signature"><div dir="ltr">' + "".join(f"<div>{line}</div>" for line in lines)
                    + "</div></div>")
        if fl == "tb" and dashes:
            return f'<pre class="moz-signature" cols="72">-- \n{escape(text, quote=False)}</pre>'
        return self._lines(fl, lines) + self._gap(fl)

    def _forward_html(self, fl: str, block) -> str:
        _, style, h, inner = block
        body = self._html(fl, inner)
        name, email, to, subject = (escape(h[k], quote=False) for k in ("name", "email", "to", "subject"))
        if style == "outlook":
            head = f"<b>From:</b> {name} &lt;{email}&gt; <br><b>Sent:</b> 26 November 2026 {h['time']}<br><b>To:</b> " \
                   f"{to}<br><b>Subject:</b> {subject}"
            if fl == "outlook":
                return ("<div style='border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm'><p "
                        f"class=MsoNormal>{head}<o:p></o:p></p></div>{BLANK['outlook']}{body}")
            return f"<hr><p>{head}</p>{body}"
        if style == "owa":
            hour, minute = h["time"].split(":")
            return ('<div id="appendonsend"></div><hr style="display:inline-block;width:98%" tabindex="-1"><div '
                    'id="divRplyFwdMsg" dir="ltr"><font face="Calibri, sans-serif" style="font-size:11pt" '
                    f'color="#000000"><b>From:</b> {name} &lt;{email}&gt;<br><b>Sent:</b> Thursday, November 26, 2026 '
                    f"{int(hour) - 12}:{minute} PM<br><b>To:</b> {to}<br><b>Subject:</b> {subject}</font><div>&nbsp;"
                    f"</div></div>{body}")
        if style == "gmail":
            return ('<br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">---------- Forwarded message '
                    f'---------<br>From: <strong class="gmail_sendername" dir="auto">{name}</strong> <span dir="auto">'
                    f'&lt;<a href="mailto:{email}">{email}</a>&gt;</span><br>Date: Thu, 26 Nov 2026 at {h["time"]}<br>'
                    f"Subject: {subject}<br>To: {to}<br></div><br><br>{body}</div>")
        if style in ("apple", "iphone"):
            span = '<span style="font-family: -webkit-system-font, Helvetica Neue, Helvetica, sans-serif;">'
            rows = "".join(f'<div style="margin: 0px;">{span}<b>{k}: </b></span>{span}{v}<br></span></div>'
                           for k, v in (("From", f"{name} &lt;{email}&gt;"), ("Subject", subject),
                                        ("Date", f"26 November 2026 at {h['time']}:07 GMT"), ("To", to)))
            return ('<div><br><blockquote type="cite"><div>Begin forwarded message:</div><br '
                    f'class="Apple-interchange-newline">{rows}<br><div>{body}</div></blockquote></div>')
        rows = "".join(f'<tr><th valign="BASELINE" nowrap="nowrap" align="RIGHT">{k}: </th><td>{v}</td></tr>'
                       for k, v in (("Subject", subject), ("Date", f"Thu, 26 Nov 2026 {h['time']}:07 +0000"),
                                    ("From", f"{name} &lt;{email}&gt;"), ("To", to)))
        return ('<div class="moz-forward-container"><br><br>-------- Forwarded Message --------<table '
                f'class="moz-email-headers-table" border="0" cellpadding="0" cellspacing="0"><tbody>{rows}</tbody>'
                f"</table><br><br>{body}</div>")

    def _document(self, fl: str, inner: str, subject: str) -> str:
        if fl == "outlook":
            return OUTLOOK_HEAD + f"<div class=WordSection1>{inner}</div></body></html>"
        if fl == "owa":
            return ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=%CHARSET%"><style '
                    'type="text/css" style="display:none;"> P {margin-top:0;margin-bottom:0;} </style></head><body '
                    f'dir="ltr">{inner}</body></html>')
        if fl == "gmail":
            return f'<div dir="ltr">{inner}</div>'
        if fl == "apple":
            return ('<html aria-label="message body"><head><meta http-equiv="content-type" content="text/html; '
                    'charset=%CHARSET%"></head><body style="overflow-wrap: break-word; -webkit-nbsp-mode: space; '
                    f'line-break: after-white-space;">{inner}</body></html>')
        if fl == "iphone":
            return ('<html><head><meta http-equiv="content-type" content="text/html; charset=%CHARSET%"></head><body '
                    f'dir="auto"><div dir="ltr"></div>{inner}</body></html>')
        if fl == "tb":
            return ('<!DOCTYPE html>\n<html>\n  <head>\n    <meta http-equiv="content-type" content="text/html; '
                    f'charset=%CHARSET%">\n  </head>\n  <body>\n{inner}\n  </body>\n</html>\n')
        if fl == "crm":
            return ("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=%CHARSET%\"></head>"
                    "<body><div style=\"font-family: 'Segoe UI','Helvetica Neue',sans-serif; font-size: 10pt;\">"
                    f"{inner}</div></body></html>")
        if fl == "snow":
            ticket = self.kw["ticket"]
            return ('<html><head></head><body><div style="font-family:Arial,Helvetica,sans-serif;font-size:10pt">'
                    f"<p><b>Requested item RITM00{ticket}</b> has been updated by {escape(self.person[0])}.</p>"
                    '<table cellpadding="2"><tr><td>Short description:</td><td>'
                    f"{escape(subject.partition(' - ')[2])}</td></tr><tr><td>Priority:</td><td>3 - Moderate</td></tr>"
                    "<tr><td>Assignment group:</td><td>Domain Services</td></tr></table><p><b>Additional comments:"
                    f'</b></p>{inner}<p style="color:#999999;font-size:8pt">{self.snow_ref}</p></div></body></html>')
        ticket = self.kw["ticket"]
        return ('<!DOCTYPE html><html><head><meta charset="%CHARSET%"><title>Krystal Support</title></head><body '
                'style="background:#f2f4f7"><table width="100%" cellpadding="0" cellspacing="0"><tr><td align="center">'
                '<table width="600" cellpadding="24" style="background:#ffffff"><tr><td class="content">'
                f'{inner}<hr><p style="font-size:12px;color:#667085">Ticket ID: #{ticket}<br>Status: Answered<br>'
                f'<a href="{escape(self.whmcs_url)}">View ticket</a></p></td></tr></table></td></tr></table></body>'
                "</html>")

    # --- MIME ----------------------------------------------------------------------------------------------------

    def _charset(self, text: str) -> str:
        if self.client in ("apple_mail", "iphone") and text.isascii():
            return "us-ascii"
        charset = self.rng.choice(CHARSET_PREFERENCE.get(self.client, ["utf-8"]))
        try:
            text.encode(charset)
            return charset
        except UnicodeEncodeError:  # the client falls back to the charset that holds everything
            return "utf-8"

    def _cte(self, text: str, html: bool = False) -> str:
        rng, client = self.rng, self.client
        short = text.isascii() and max(len(line) for line in text.split("\n")) <= 76
        if client == "thunderbird":
            return "7bit" if text.isascii() else "8bit"
        if client == "outlook":
            return "base64" if rng.random() < 0.1 else "quoted-printable"
        if client in ("owa", "html_only"):
            return rng.choice(["base64", "base64", "quoted-printable"])
        if client in ("gmail", "apple_mail", "iphone"):
            return "7bit" if short else "base64" if client == "gmail" and rng.random() < 0.2 else "quoted-printable"
        if client == "ticket_system":
            return rng.choice(["quoted-printable", "base64", "8bit"])
        return "quoted-printable" if html else rng.choice(["8bit", "quoted-printable"])

    def _mime(self, mid: str, subject: str, body: list, attachment) -> tuple[bytes, str, str, str]:
        rng, fl, client, w = self.rng, self.flavour, self.client, self.writer
        self.logo_cid = f"image001.png@01DB{_hex(rng, 4, '0123456789ABCDEF')}.{_hex(rng, 8, '0123456789ABCDEF')}"
        self.snow_ref = f"Ref:MSG00{self.kw['ticket']}_{_hex(rng, 20, LETTERS)}"
        self.whmcs_url = f"https://my.krystalhosting.example/viewticket.php?tid={self.kw['ticket']}&c={_hex(rng, 8)}"
        plain = self._plain(fl, body)
        if self.logo:
            plain = plain.replace("www.registrar.example", "www.registrar.example\n[cid:" + self.logo_cid + "]") \
                if w.key == "exr_ops" else plain.replace(self.person[1] + "\n", self.person[1] + "\n[" +
                                                         w.registrar + " logo]\n", 1)
        if fl == "snow":
            short = subject.partition(" - ")[2]
            plain = (f"Requested item RITM00{self.kw['ticket']} has been updated by {self.person[0]}.\n\n"
                     f"Short description: {short}\nPriority: 3 - Moderate\nAssignment group: Domain Services\n\n"
                     f"Additional comments:\n\n{plain}\n\n{self.snow_ref}\n")
        elif fl == "whmcs":
            rule = "-" * 46
            plain = (f"{plain}\n\n{rule}\nTicket ID: #{self.kw['ticket']}\nSubject: {subject}\nStatus: Answered\n"
                     f"Ticket URL: {self.whmcs_url}\n{rule}\n")
        html = self._document(fl, self._html(fl, body), subject) if self.html else None
        said = plain
        if fl == "tb":
            plain = _flowed(plain)
        charset = self._charset(plain + (html or ""))
        plain = _fit(plain, charset)
        if html is not None:
            html = _fit(html.replace("%CHARSET%", charset.upper() if fl == "tb" else charset), charset)
        msg = EmailMessage()
        self._headers(msg, mid, subject, attachment is not None)
        if fl == "crm":
            encoding = self._cte(html, True)
            msg.set_content(html, subtype="html", charset=charset, cte=encoding)
        else:
            encoding = self._cte(plain)
            msg.set_content(plain, charset=charset, cte=encoding, params={"format": "flowed"} if fl == "tb" else None)
            if html is not None:
                msg.add_alternative(html, subtype="html", charset=charset,
                                    cte=encoding if fl == "tb" or encoding != "7bit" else self._cte(html, True))
                if self.logo:
                    msg.get_payload()[1].add_related(_PNG, "image", "png", cid=f"<{self.logo_cid}>",
                                                     filename="image001.png", disposition="inline")
        if attachment is not None:
            name, data, ext = attachment
            msg.add_attachment(data.encode("utf-8"), maintype="text", subtype=ext, filename=name,
                               params={"charset": "utf-8"} if data.startswith("\ufeff") else None)
        for part in msg.walk():  # the email package heads every part so; a client heads only the message
            if part is not msg:
                del part["MIME-Version"]
        if client in ("apple_mail", "iphone"):
            del msg["MIME-Version"]
            msg["Mime-Version"] = "1.0 (Mac OS X Mail 16.0 \\(3826.300.87.4.3\\))" if client == "apple_mail" else \
                "1.0 (1.0)"
        return msg.as_bytes(), _fit(said, charset), charset, encoding

    def _headers(self, msg: EmailMessage, mid: str, subject: str, attached: bool) -> None:
        rng, w, client, kw = self.rng, self.writer, self.client, self.kw
        name = self.person[0]
        display = {"exr_ops": rng.choice([f"{name} | Example Registrar", "Example Registrar Domain Operations"]),
                   "exr_noc": "Example Registrar NOC", "on_channel": rng.choice([f"{name} (Other Names)",
                                                                                 "Other Names Channel Support"]),
                   "on_crm": "Other Names plc", "krystal": rng.choice([f"{name.split()[0]} at Krystal",
                                                                       "Krystal Gov Domains"]),
                   "krystal_desk": "Krystal Support", "northgate": "Northgate Domains Support",
                   "northgate_desk": "Northgate Domains Service Desk", "civic": rng.choice([name, "Civic DNS"])}
        msg["From"] = f'"{display[w.key]}" <{w.sender}>'
        msg["To"] = rng.choice([BOT, f'".gov.uk Registry Lock" <{BOT}>', f"Registry Lock <{BOT}>"])
        if w.key == "civic" and rng.random() < 0.4:
            msg["Cc"] = f"{kw['officer']} <{kw['officer_email']}>"
        elif w.key == "exr_ops" and rng.random() < 0.3:
            msg["Cc"] = "Domain Operations <requests@registrar.example>"
        msg["Subject"] = subject
        msg["Date"] = DATE.format(9 + rng.randrange(0, 2), rng.randrange(60))
        host = w.sender.partition("@")[2]
        if client in ("outlook", "owa", "html_only"):
            server = rng.choice(["LO2P265MB", "CWLP265MB", "LO4P265MB", "DB9PR02MB"]) + str(rng.randrange(1000, 9999))
            msg["Message-ID"] = f"<{server}{_hex(rng, 16, '0123456789ABCDEF')}{mid.upper()}@{server}.GBRP265.PROD." \
                                "OUTLOOK.COM>"
        elif client == "gmail":
            msg["Message-ID"] = f"<CA{_hex(rng, 24, LETTERS + '+_')}{mid}@mail.gmail.com>"
        elif client == "ticket_system":
            msg["Message-ID"] = f"<{rng.randrange(10**6, 10**7)}.{rng.randrange(10**4, 10**5)}.{mid}@{host}>"
        else:
            uuid = "-".join(_hex(rng, n, "0123456789ABCDEF") for n in (8, 4, 4, 4, 12))
            msg["Message-ID"] = f"<{uuid}.{mid}@{host}>"
        if client in ("outlook", "owa"):
            msg["Thread-Topic"] = subject
            msg["Thread-Index"] = "AQH" + _hex(rng, 26, LETTERS)
            msg["Content-Language"] = "en-GB"
            msg["X-MS-Has-Attach"] = "yes" if attached else ""
            msg["X-MS-TNEF-Correlator"] = ""
            if client == "outlook":
                msg["X-Mailer"] = "Microsoft Outlook 16.0"
            else:
                msg["Accept-Language"] = "en-GB, en-US"
            if rng.random() < 0.3:
                label = "-".join(_hex(rng, n) for n in (8, 4, 4, 4, 12))
                msg["msip_labels"] = f"MSIP_Label_{label}_Enabled=True; MSIP_Label_{label}_Name=General;"
        elif client == "apple_mail":
            msg["X-Mailer"] = "Apple Mail (2.3826.300.87.4.3)"
        elif client == "iphone":
            msg["X-Mailer"] = "iPhone Mail (22B91)"
        elif client == "thunderbird":
            msg["User-Agent"] = "Mozilla Thunderbird" if rng.random() < 0.3 else \
                "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Thunderbird/128.5.2"
            msg["Content-Language"] = "en-GB"
        elif client == "ticket_system":
            msg["X-ServiceNow-Source"] = "Notification-" + _hex(rng, 32)
            msg["X-ServiceNow-SysEmail-Version"] = "2"
        elif client == "helpdesk":
            msg["Reply-To"] = f'"Krystal Support" <{w.sender}>'
            msg["X-Mailer"] = "PHPMailer 6.9.1 (https://github.com/PHPMailer/PHPMailer)"

    # --- thread mails --------------------------------------------------------------------------------------------

    def _thread(self, mid: str, kind: str, target: Mail) -> Mail:
        rng = self.rng
        w = WRITERS[self.writer_of[target.id]]
        client = {"html_only": "outlook", "ticket_system": "outlook", "helpdesk": "gmail"}.get(target.client,
                                                                                               target.client)
        charset = rng.choice({"outlook": ["utf-8", "windows-1252"], "thunderbird": ["utf-8", "utf-8", "iso-8859-1"]}
                             .get(client, ["utf-8"]))
        encoding = rng.choice({"owa": ["base64", "quoted-printable"], "thunderbird": ["8bit"],
                               "gmail": ["quoted-printable", "base64"]}.get(client, ["quoted-printable"]))
        if kind == "reply":
            said = rng.choice(REPLIES[w.tone if w.tone in REPLIES else "formal"])
            if client in ("gmail", "iphone") and w.tone == "casual" and rng.random() < 0.4:
                said += " \U0001F44D"
            first = rng.choice(w.people)[0].split()[0]
            if client == "iphone":
                said += f"\n\n{first}\n\nSent from my iPhone"
            elif w.tone != "terse":
                said += "\n\n" + rng.choice(["Kind regards,", "Thanks,", "Cheers,", "Regards,"]) + f"\n{first}"
        elif kind == "automatic":
            said = AUTO_REPLIES[w.key].format(ticket=rng.randrange(41000, 49999))
        else:
            said = f"delivery to {target.sender} failed"
        sender = target.sender if kind != "bounce" else "MAILER-DAEMON@mx." + target.sender.partition("@")[2]
        return Mail(mid, kind, kind if kind != "reply" else said.split("\n")[0][:24], client, charset, encoding,
                    sender, kind, None, thread_of=target.id, said=said, seed=self.seed)


# --- the pieces each client writes -------------------------------------------------------------------------------

OWA_FONT = ("font-family: Aptos, Aptos_EmbeddedFont, Aptos_MSFontService, Calibri, Helvetica, sans-serif; "
            "font-size: 12pt; color: rgb(0, 0, 0);")
LINE = {"outlook": "<p class=MsoNormal>{}<o:p></o:p></p>", "owa": f'<div class="elementToProof" style="{OWA_FONT}">'
        "{}</div>", "gmail": "<div>{}</div>", "apple": "<div>{}</div>", "iphone": '<div dir="ltr">{}</div>',
        "snow": "<div>{}</div>"}
BLANK = {"outlook": "<p class=MsoNormal><o:p>&nbsp;</o:p></p>", "owa": LINE["owa"].format("<br>"),
         "gmail": "<div><br></div>", "apple": "<div><br></div>", "iphone": '<div dir="ltr"><br></div>',
         "snow": "<div><br></div>"}
PARAGRAPH = {"tb": "<p>{}</p>\n", "crm": "<p>{}</p>", "whmcs": "<p>{}</p>"}
FORWARD_STYLE = {"outlook": "outlook", "owa": "owa", "gmail": "gmail", "apple": "apple", "iphone": "iphone",
                 "tb": "tb", "crm": "outlook", "snow": "outlook", "whmcs": "gmail"}
CHARSET_PREFERENCE = {"outlook": ["utf-8"] * 5 + ["windows-1252"] * 4 + ["iso-8859-1"],
                      "gmail": ["utf-8"] * 4 + ["iso-8859-1"], "thunderbird": ["utf-8"] * 4 + ["iso-8859-1"],
                      "ticket_system": ["utf-8"] * 7 + ["windows-1252"] * 3, "helpdesk": ["utf-8"] * 4 + ["iso-8859-1"]}
OUTLOOK_HEAD = (
    '<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:w="urn:schemas-microsoft-com:office:word" xmlns:m="http://schemas.microsoft.com/office/2004/12/omml" '
    'xmlns="http://www.w3.org/TR/REC-html40"><head><meta http-equiv=Content-Type content="text/html; '
    'charset=%CHARSET%"><meta name=Generator content="Microsoft Word 15 (filtered medium)"><style><!--\n'
    '/* Font Definitions */\n@font-face\n\t{font-family:"Cambria Math";\n\tpanose-1:2 4 5 3 5 4 6 3 2 4;}\n'
    "@font-face\n\t{font-family:Aptos;}\n/* Style Definitions */\np.MsoNormal, li.MsoNormal, div.MsoNormal\n"
    '\t{margin:0cm;\n\tfont-size:12.0pt;\n\tfont-family:"Aptos",sans-serif;\n\tmso-ligatures:standardcontextual;\n'
    "\tmso-fareast-language:EN-US;}\np.MsoListParagraph, li.MsoListParagraph, div.MsoListParagraph\n"
    "\t{margin-top:0cm;\n\tmargin-right:0cm;\n\tmargin-bottom:0cm;\n\tmargin-left:36.0pt;\n\tfont-size:12.0pt;\n"
    '\tfont-family:"Aptos",sans-serif;}\nspan.EmailStyle17\n\t{mso-style-type:personal-compose;\n'
    '\tfont-family:"Aptos",sans-serif;\n\tcolor:windowtext;}\n@page WordSection1\n\t{size:612.0pt 792.0pt;\n'
    "\tmargin:72.0pt 72.0pt 72.0pt 72.0pt;}\ndiv.WordSection1\n\t{page:WordSection1;}\n/* List Definitions */\n"
    "@list l0\n\t{mso-list-id:1027946;\n\tmso-list-type:hybrid;}\n--></style><!--[if gte mso 9]><xml>\n"
    '<o:shapedefaults v:ext="edit" spidmax="1026" />\n</xml><![endif]--></head><body lang=EN-GB link="#467886" '
    "vlink=\"#96607D\" style='word-wrap:break-word'>")
# A 1x1 PNG: the logo in an Outlook signature, sent as a related part.
_PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000" "1f15c4890000000d49444154789c6360f8cf"
                     "c0f01f0005000201a5f6bd8f0000000049454e44ae426082")


def _text_table(header, rows, style: str) -> str:
    """A table as typed or pasted in plain text: aligned columns, Markdown pipes, or tab-separated (the plain
    alternative a client makes of an HTML table, a spreadsheet's cells pasted)."""
    allrows = ([header] if header else []) + rows
    if style == "markdown":
        lines = ["| " + " | ".join(r) + " |" for r in allrows]
        if header:
            lines.insert(1, "|" + "|".join("---" for _ in header) + "|")
        return "\n".join(lines)
    if style in ("html", "tabs"):
        return "\n".join("\t".join(r).rstrip() for r in allrows)
    widths = [max(len(r[i]) for r in allrows) + 3 for i in range(len(allrows[0]))]
    lines = ["".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in allrows]
    if header:
        lines.insert(1, "".join(("-" * (w - 3)).ljust(w) for w in widths).rstrip())
    return "\n".join(lines)


def _flowed(text: str, width: int = 72) -> str:
    """Text as Thunderbird sends it with format=flowed (RFC 3676): lines longer than `width` broken after a space,
    which stays at the end of the line (a soft break); lines starting with a space, ">" or "From " space-stuffed."""
    out = []
    for line in text.split("\n"):
        if line != "-- ":
            line = line.rstrip(" ")
        pieces = [line]
        if len(line) > width:
            pieces, current = [], ""
            for word in re.split(r"(?<= )", line):
                if current and len(current) + len(word.rstrip(" ")) > width:
                    pieces.append(current)
                    current = word
                else:
                    current += word
            pieces.append(current)
        for piece in pieces:
            out.append(" " + piece if piece.startswith((" ", ">", "From ")) else piece)
    return "\n".join(out)
