"""Seed 32 of the request corpus: requests as they arrive from the field, in styles the other seeds do not have.

Imitates five populations of writers and the programs they write with. Registrars abroad who write English as a
second language (a Berlin, a Lyon, a Madrid, a Utrecht and a Pune registrar: "please to change", "actual name
servers" for the current ones, "kindly do the needful", "PFA", "NS must be changed in:", a space before the colon,
semicolon-separated CSV from a European Excel, the EPP update their system sent and the registry refused). A cloud
migration consultancy pasting what Route 53, Azure DNS, Cloudflare, Google Cloud DNS and NS1 show in their consoles,
with the consoles' own labels, root dots and capitals. Helpdesks whose notifications reach the registry: Zendesk
("##- Please type your reply above this line -##"), Freshdesk, Jira Service Management ("Reply above this line.")
and ServiceNow, each with its field layout and footer (a Zendesk ticket's latest comment now and then correcting the
set an earlier one, shown below it, gave). A small registrar's staff on their phones (terse, lower case, "Sent from
my iPhone", "Get Outlook for Android", a note above a forwarded or quoted mail) and on Macs (Outlook for Mac's and
Apple Mail's forwards, and replies to all that add the registry to a customer's mail). And mail whose HTML is the
message and whose plain part is a poor rendering of it (links after every host name, table cells one a line,
everything on one line, or no text at all).

Every truth is what a careful operator would record. One request in 20 is ambiguous on purpose, in the ways these
writers leave a person no choice but to ask: two sets offered as alternatives, no values ("the Cloudflare ones"),
one name server left, a ticket's latest comment putting the change on hold, a note that disagrees with the mail it
forwards, a server to remove that the domain does not have, a DNSKEY where a DS record is needed, the servers the
domain has already, and two domains of which the writer is not sure. Organisations are this seed's own (domains
ending in "-rf"), and so are the registrars (added to the registry file).

Kept whole: the writers' words, the layouts that use them and the clients' frames around them are one imitation,
read together to judge whether a mail is one a real writer would send; split, each piece would be read apart from
the words and frames it is written against.
"""

from __future__ import annotations

import random
import re
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
    {"name": "DomainHaus Berlin GmbH", "emails": ["registry@domainhaus.example", "support@domainhaus.example"]},
    {"name": "Nomade Registre SARL", "emails": ["gestion@nomade-registre.example"]},
    {"name": "Dominios Altamira S.L.", "emails": ["soporte@dominiosaltamira.example"]},
    {"name": "Polderhost B.V.", "emails": ["domeinen@polderhost.example"]},
    {"name": "Sahyadri Webtech Pvt Ltd", "emails": ["domains@sahyadriwebtech.example"]},
    {"name": "Cumulus Migration Partners Ltd", "emails": ["cloud-dns@cumulusmp.example"]},
    {"name": "Harbourside Hosting Ltd", "emails": ["support@harbourside-hosting.example"]},
    {"name": "Fenwick Domain Services Ltd", "emails": ["helpdesk@fenwickdomains.example"]},
    {"name": "Lanternfish Digital Ltd", "emails": ["servicedesk@lanternfish-digital.example"]},
    {"name": "Crossgate Registrar Services", "emails": ["crossgate@servicedesk.crossgate-rs.example"]},
    {"name": "Kestrel Names Ltd", "emails": ["ops@kestrelnames.example", "dan@kestrelnames.example"]},
]


@dataclass(frozen=True)
class Writer:
    key: str
    registrar: str
    sender: str
    voice: str  # whose words: de, fr, es, nl, in (English as a second language), cloud, desk, uk, mobile
    people: tuple[str, ...]


WRITERS = {w.key: w for w in [
    Writer("haus", "DomainHaus Berlin GmbH", "registry@domainhaus.example", "de",
           ("J\u00fcrgen Hoffmann", "Katrin Wei\u00df", "Lars Becker")),
    Writer("nomade", "Nomade Registre SARL", "gestion@nomade-registre.example", "fr",
           ("Aur\u00e9lie Dubois", "Jean-Marc Lef\u00e8vre")),
    Writer("altamira", "Dominios Altamira S.L.", "soporte@dominiosaltamira.example", "es",
           ("Mar\u00eda Jos\u00e9 Fern\u00e1ndez", "I\u00f1igo Etxeberria", "Luc\u00eda G\u00f3mez")),
    Writer("polder", "Polderhost B.V.", "domeinen@polderhost.example", "nl", ("Sanne de Vries", "Joost van den Berg")),
    Writer("sahyadri", "Sahyadri Webtech Pvt Ltd", "domains@sahyadriwebtech.example", "in",
           ("Rajesh Kumar", "Priya Venkataraman", "Amit Deshpande")),
    Writer("cumulus", "Cumulus Migration Partners Ltd", "cloud-dns@cumulusmp.example", "cloud",
           ("Ellie Marsh", "Tobias Grant")),
    Writer("zendesk", "Harbourside Hosting Ltd", "support@harbourside-hosting.example", "desk",
           ("Nadia Sorensen", "Owen Pryce")),
    Writer("freshdesk", "Fenwick Domain Services Ltd", "helpdesk@fenwickdomains.example", "desk",
           ("Carys Llewellyn", "Bilal Hussain")),
    Writer("jira", "Lanternfish Digital Ltd", "servicedesk@lanternfish-digital.example", "desk",
           ("Rowan Ellis", "Maya Osei")),
    Writer("servicenow", "Crossgate Registrar Services", "crossgate@servicedesk.crossgate-rs.example", "desk",
           ("Graham Tulloch", "Leanne Birch")),
    Writer("kestrel_ops", "Kestrel Names Ltd", "ops@kestrelnames.example", "uk", ("Fiona Carr", "Ash Patel")),
    Writer("kestrel_dan", "Kestrel Names Ltd", "dan@kestrelnames.example", "mobile", ("Dan Whitlock",)),
]}
# Of every 40 requests, from which client; who writes from it.
CLIENT_SHARE = {"outlook": 6, "gmail": 4, "outlook_mac": 5, "apple_mail": 4, "iphone": 4, "outlook_android": 3,
                "zendesk": 3, "freshdesk": 2, "jira": 2, "servicenow": 3, "html_poor": 4}
BY_CLIENT = {"outlook": ("haus", "nomade", "polder", "sahyadri", "cumulus"),
             "gmail": ("altamira", "sahyadri", "nomade", "cumulus"),
             "outlook_mac": ("kestrel_ops", "kestrel_ops", "cumulus"),
             "apple_mail": ("kestrel_ops", "polder", "nomade"),
             "iphone": ("kestrel_dan",),
             "outlook_android": ("kestrel_dan", "sahyadri"),
             "zendesk": ("zendesk",), "freshdesk": ("freshdesk",), "jira": ("jira",), "servicenow": ("servicenow",),
             "html_poor": ("haus", "altamira", "cumulus", "sahyadri")}
# Of every 38 requests that are not ambiguous on purpose (the 20th and 40th of each 40 are).
LAYOUT_SHARE = {"prose": 6, "form": 4, "label_list": 5, "current_new_lists": 3, "current_new_table": 2,
                "add_remove_table": 3, "portal": 4, "replace": 3, "epp": 2, "csv": 2, "multi_domain": 2, "ds": 2}
AMBIGUOUS_AT = (19, 39)

PLACES_HERE = ["penmaen", "clovelly", "boscastle", "lydford", "hartland", "widecombe", "bampfylde", "chagford",
               "lustleigh", "moretonhampstead", "buckfast", "dartington", "hatherleigh", "holsworthy", "okehampton",
               "princetown", "sheepwash", "torrington", "winkleigh", "zennor", "mousehole", "porthleven", "st-agnes",
               "perranporth", "lostwithiel", "tregony", "grampound", "probus", "st-mawes", "gweek", "mullion",
               "coverack", "cadgwith", "helston", "marazion", "ludgvan", "sennen", "st-just", "pendeen", "madron",
               "gulval", "newlyn", "paul", "sancreed", "crowan", "breage", "germoe", "sithney", "wendron",
               "constantine"]
KINDS_HERE = [("vt", "{} Valuation Tribunal"), ("cor", "{} Coroner's Service"), ("wp", "{} Waste Partnership"),
              ("lt", "{} Leisure Trust"), ("arc", "{} Archives Service"), ("tsd", "{} Trading Standards"),
              ("yot", "{} Youth Offending Team"), ("lep", "{} Enterprise Partnership")]
EXTRA_LABELS = ["online", "booking", "maps", "consult"]

CLOUD_NAMES = {"route53": "Route 53", "azure": "Azure DNS", "cloudflare": "Cloudflare", "gcp": "Google Cloud DNS",
               "ns1": "NS1"}
CF_NAMES = ["abby", "bart", "cass", "dexter", "eva", "finn", "greg", "hope", "isla", "jake", "kara", "leo", "mia",
            "nash", "opal", "pam", "quinn", "rob", "sue", "theo", "vince", "wren", "xena", "zod"]
HOSTS = ["domainhaus.example", "nomade-dns.example", "altamira-dns.example", "polderhost.example",
         "sahyadridns.example", "harbourside-dns.example", "fenwickdns.example", "kestrelnames.example",
         "dns.lanternfish-digital.example"]


def _cap(place: str) -> str:
    return place.replace("-", " ").title()


def _cloud(rng: random.Random, kind: str) -> list[str]:
    """A cloud DNS provider's set for one zone, in the order its console lists it."""
    if kind == "route53":
        tlds = [("org", 1024), ("co.uk", 1536), ("com", 0), ("net", 512)]
        rng.shuffle(tlds)
        return [f"ns-{base + rng.randrange(512)}.awsdns-{rng.randrange(64):02d}.{tld}" for tld, base in tlds]
    if kind == "azure":
        k = rng.randrange(1, 10)
        return [f"ns1-0{k}.azure-dns.com", f"ns2-0{k}.azure-dns.net", f"ns3-0{k}.azure-dns.org",
                f"ns4-0{k}.azure-dns.info"]
    if kind == "cloudflare":
        return [f"{name}.ns.cloudflare.com" for name in rng.sample(CF_NAMES, 2)]
    if kind == "gcp":
        letter = rng.choice("abcde")
        return [f"ns-cloud-{letter}{i}.googledomains.com" for i in range(1, 5)]
    k = rng.randrange(1, 10)
    return [f"dns{i}.p{k:02d}.nsone.net" for i in range(1, 5)]


def _hosted(rng: random.Random) -> list[str]:
    """A registrar's or hosting company's own name servers."""
    host = rng.choice(HOSTS)
    form = rng.choice(["ns{}", "ns{}", "dns{}", "ns-{}"])
    return [f"{form.format(i)}.{host}" for i in range(1, rng.choice([2, 2, 3]) + 1)]


def _digest_parts(record: str) -> tuple[str, str, str, str]:
    tag, alg, dtype, digest = record.split()
    return tag, alg, dtype, digest


def _b64(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") for _ in range(n))


# --- the words of each voice --------------------------------------------------------------------------------------
# Keyed by voice; a voice a pool lacks takes "uk"'s.

OPEN = {"de": ["Dear Sir or Madam,", "Hello,", "Dear Registry Lock Team,", "Good day,"],
        "fr": ["Bonjour,", "Hello,", "Dear all,", "Good morning,"],
        "es": ["Hello,", "Hola,", "Good morning,", "Dear team,"],
        "nl": ["Good morning,", "Dear Sir/Madam,", "Hello,"],
        "in": ["Dear Sir/Madam,", "Greetings of the day!", "Hi Team,", "Respected Sir/Madam,"],
        "cloud": ["Hi,", "Hello Registry Lock team,", ""],
        "customer": ["Hi {first},", "Hello,", "Good afternoon {first},"],
        "desk": ["Hello,", "Hi Registry Lock team,", "Good morning,"],
        "uk": ["Hi,", "Hello,", "Morning,"],
        "mobile": ["", "", "hi,"]}
CLOSE = {"de": ["Mit freundlichen Gr\u00fc\u00dfen / Best regards", "Best regards", "Kind regards"],
         "fr": ["Best regards,", "Cordialement / Best regards,", "Thank you in advance,"],
         "es": ["Best regards,", "Un saludo,", "Thanks a lot,"],
         "nl": ["Met vriendelijke groet / Kind regards,", "Kind regards,"],
         "in": ["Thanks & Regards,", "Thanks and Regards,", "Warm Regards,"],
         "cloud": ["Thanks,", "Cheers,", "Kind regards,"],
         "customer": ["Many thanks,", "Kind regards,", "Thanks,"],
         "desk": ["Kind regards,", "Many thanks,"],
         "uk": ["Thanks,", "Cheers,", "Ta,"],
         "mobile": ["", "thx", "ta"]}
PROSE = {
    "de": ["Please to change the nameservers of the domain {d} to {new}.",
           "Our customer {org} wishes the change of the name servers for {d}. The new name servers are {new}.",
           "Hereby we ask you to change the delegation of {d} to the following nameservers: {new}.",
           "Could you please change the NS of {d}? New are: {new}"],
    "fr": ["We would like to ask you to modify the name servers of the domain {d} for {new}.",
           "Please can you proceed to the modification of the DNS servers of {d}. The new servers are {new}.",
           "Following the demand of our client {org}, thank you to change the nameservers of {d} by {new}."],
    "es": ["We need to change the DNS of the domain {d}, the new ones are {new}.",
           "Please, can you change the nameservers of {d} to {new}? Is for our client {org}.",
           "I write you for ask the change of nameservers of {d}. New nameservers: {new}"],
    "nl": ["Could you change the nameservers of {d} to {new}? Our customer {org} is moving to a new provider.",
           "Hereby the request to adjust the nameservers for {d} to {new}.",
           "We would like to have the nameservers of {d} changed into {new}."],
    "in": ["Kindly change the name servers of {d} to {new} and do the needful.",
           "This is to inform you that our client {org} wants to update the NS of {d}. Kindly update the same to "
           "{new}.",
           "Request you to please change the nameservers for domain {d} to {new} at the earliest.",
           "As discussed, please do the needful for updating the nameservers of {d} to {new}. Revert back in case of "
           "any query."],
    "cloud": ["We're migrating {d} to {provider} as part of {org}'s cloud programme. Please delegate the domain to "
              "the {provider} name servers: {new}.",
              "{org} have moved the DNS for {d} into {provider}. Could you update the delegation to {new}?",
              "The {provider} zone for {d} is built and checked. Please point the domain at {new}."],
    "customer": ["We've moved our DNS to {provider}. Please could you change the nameservers for {d} to {new}?",
                 "Our IT supplier has set up {d} on {provider}; they say the domain needs pointing at {new}.",
                 "Could you ask the registry to change {d} over to {new}, please? Everything is ready on the new "
                 "side."],
    "desk": ["Our customer {org} has asked us to change the nameservers for {d} to {new}. They have confirmed the "
             "request by phone.",
             "Please update the delegation of {d} to {new} on behalf of {org}."],
    "uk": ["Please can you change the nameservers for {d} to {new}?",
           "{org} are moving to {provider}, so {d} needs to point at {new} please."],
    "mobile": ["can u change ns for {d} to {new} pls", "pls update {d} nameservers to {new} thx",
               "{d} ns to {new} please. customer signed off", "hi, need {d} moved to {new} asap if poss. ta"],
}
LABEL = {"de": ["The NS must be changed in:", "New nameserver:", "Please set following nameservers for {d}:"],
         "fr": ["The new DNS servers for {d} are the followings:", "New DNS servers :"],
         "es": ["The new nameservers of {d} are:", "New DNS:"],
         "nl": ["Please use the following nameservers for {d}:", "New nameservers:"],
         "in": ["Kindly update below NS for {d}:", "Please find below the nameservers to be updated:",
                "Nameservers to be updated as below :-"],
         "cloud": ["Name servers ({provider}):", "{provider} has assigned these for {d}:"],
         "customer": ["The new nameservers are:", "Our supplier's nameservers:"],
         "desk": ["New nameservers for {d}:", "Requested nameservers:"],
         "uk": ["New NS for {d}:", "Nameservers:"],
         "mobile": ["new ns for {d}:", "ns:"]}
LABEL_LEAD = {"de": "For the domain {d} we need a change of the nameservers.",
              "fr": "We have a demand for the domain {d}.",
              "es": "We have a request of change for the domain {d}.",
              "nl": "Our customer wants to move {d}.",
              "in": "Please find the request for {d}.",
              "cloud": "{d} is ready to move to {provider}.",
              "customer": "We're ready to switch {d} over.",
              "desk": "Change request for {d}.",
              "uk": "Change for {d} please.",
              "mobile": "{d}"}
FORM = {"de": [("Domain", "Nameserver {i}"), ("Domainname", "NS{i}")],
        "fr": [("Domain name", "DNS {i}"), ("Nom de domaine / Domain", "Serveur DNS {i} / Nameserver {i}")],
        "es": [("Dominio / Domain", "DNS {i}"), ("Domain", "Servidor DNS {i}")],
        "nl": [("Domeinnaam", "Nameserver {i}"), ("Domain", "NS {i}")],
        "in": [("Domain Name", "NS {i}"), ("Domain", "Name Server {i}")],
        "uk": [("Domain", "Nameserver {i}"), ("Domain name", "NS{i}")],
        "desk": [("Domain", "Nameserver {i}"), ("Domain name", "Name server {i}")],
        "mobile": [("domain", "ns{i}")]}
CUR_NEW = {"de": [("Old nameservers:", "New nameservers:"), ("Actual nameservers:", "New nameservers:"),
                  ("Current NS:", "Future NS:")],
           "fr": [("Actual DNS servers:", "New DNS servers:"), ("Present nameservers :", "New nameservers :")],
           "es": [("Actual DNS:", "New DNS:"), ("DNS that it has now:", "DNS that we need:")],
           "nl": [("Current nameservers:", "New nameservers:"), ("Old:", "New:")],
           "in": [("Existing NS:", "NS to be updated:"), ("Present nameservers:", "Required nameservers:")],
           "cloud": [("Currently delegated to:", "Delegate to ({provider}):"),
                     ("Existing (registrar DNS):", "Target ({provider}):")],
           "uk": [("Current:", "New:"), ("Existing NS:", "Change to:")],
           "mobile": [("old:", "new:")]}
TABLE_HEAD = {"de": [("Old", "New"), ("Actual", "New")], "fr": [("Actual", "New"), ("Before", "After")],
              "es": [("Actual", "New"), ("Old DNS", "New DNS")], "in": [("Existing NS", "New NS")],
              "cloud": [("Registrar DNS (now)", "{provider} (target)"), ("Current", "Target")],
              "uk": [("Current NS", "New NS"), ("Before", "After")]}
ACTIONS = {"de": [("Add", "Delete", "Keep")], "fr": [("Add", "Remove", "Keep"), ("Add", "Suppress", "No change")],
           "es": [("Add", "Delete", "Keep")], "in": [("Add", "Remove", "Retain")],
           "uk": [("Add", "Remove", "Keep"), ("ADD", "DEL", "KEEP")], "desk": [("Add", "Remove", "Unchanged")]}
REPLACE = {"de": ["Please exchange the nameserver {old} against {new} for the domain {d}.",
                  "For {d} the nameserver {old} must be replaced by {new}."],
           "fr": ["For the domain {d}, please replace {old} by {new}.", "Thank you to change {old} by {new} on {d}."],
           "es": ["In the domain {d}, instead of {old} please put {new}."],
           "nl": ["Could you swap {old} for {new} on {d}?"],
           "in": ["Kindly replace the nameserver {old} with {new} for {d}.",
                  "{old} to be replaced with {new} for domain {d}. Please do the needful."],
           "mobile": ["{d}: swap {old} for {new} pls"],
           "uk": ["On {d}, please replace {old} with {new}.", "For {d}: swap {old} out for {new}, please."]}
REPLACE_TAIL = {"de": "The other nameservers stay unchanged.", "fr": "The other servers do not change.",
                "es": "The rest is the same.", "in": "Rest of the nameservers to remain as it is.",
                "uk": "Everything else stays the same."}
DS_LEAD = {"de": ["Please to publish the following DS-Record for {d}:", "For {d} we need the DS record below:"],
           "fr": ["Please add the DS record of the domain {d}, here the data:"],
           "es": ["We activated DNSSEC for {d}, please put this DS:"],
           "nl": ["Could you add the DS record below to {d}?"],
           "in": ["Kindly add the below DS record for {d} and do the needful."],
           "cloud": ["DNSSEC signing is on for {d} in {provider}. The console gives this for the parent:"],
           "uk": ["Please add this DS record for {d}:"]}
ROLLOVER = {"de": "Please add it in addition, the old DS must stay until the rollover is finished.",
            "in": "Kindly add this one also, the existing DS record is to be retained till rollover is completed.",
            "uk": "Please add it alongside the existing one - we'll ask you to remove the old key after the rollover."}
REPLACE_DS = {"de": "The old DS record must be removed and replaced by this one.",
              "in": "Kindly remove the existing DS and keep only the below one.",
              "uk": "It replaces the DS record there now."}
CSV_LEAD = {"de": ["Attached you find the new nameservers for {d}.", "Please see the attached file for {d}."],
            "fr": ["You will find in attachment the new DNS for {d}."],
            "es": ["I send you attached the file with the DNS for {d}."],
            "nl": ["In the attachment the nameservers for {d}."],
            "in": ["PFA the NS details for {d}. Kindly do the needful.", "Please find attached the NS for {d}."],
            "cloud": ["Export of the {provider} zone for {d} attached - the NS records are the ones we need at the "
                      "registry."],
            "uk": ["Spreadsheet attached for {d}."]}
MULTI_LEAD = {"de": "Please change the nameservers of following domains of {org}:",
              "fr": "For our client {org}, please modify the DNS of these domains:",
              "es": "For the client {org} we need change these domains:",
              "nl": "For {org} we would like to move these domains:",
              "in": "Kindly update the nameservers for below domains of {org}:",
              "cloud": "{org}'s zones are now live in {provider}:",
              "uk": "A few for {org}:", "desk": "{org} would like these domains moved:",
              "customer": "Please can you change these for us:", "mobile": "for {org}:"}
SAME_FOR_ALL = {"de": "The new nameservers are for all the same:", "fr": "The new DNS are the same for all:",
                "es": "New DNS for all of them:", "in": "NS for all the above domains:",
                "uk": "Same nameservers for all of them:", "mobile": "all to:"}
EPP_LEAD = {"de": "Our system got an error when we sent the update for {d}. Please make the change manually:",
            "fr": "The EPP update for {d} is refused by the registry (lock). Can you do it please? Our command:",
            "es": "The update of {d} gives error in EPP. This is what we sent:",
            "nl": "Our EPP update for {d} is blocked because of the lock. This is what we tried:",
            "in": "We tried to update the NS for {d} through EPP but getting below error. Kindly do the needful "
                  "from your end:",
            "uk": "EPP won't take this one for {d} (lock), so here it is:"}


class FieldGenerator(Generator):
    clients = tuple(CLIENT_SHARE)

    def __init__(self, part: str, seed: int):
        super().__init__(part, seed)
        self.prefix = PREFIXES[seed]
        names = [(f"{place}-{suffix}-rf", org.format(_cap(place))) for place in PLACES_HERE
                 for suffix, org in KINDS_HERE]
        self.rng.shuffle(names)
        self.free_names = names
        self.ambiguous_made = 0
        self.writer_of: dict[str, str] = {}
        self.writer, self.voice, self.client, self.person = WRITERS["haus"], "de", "outlook", ""
        self.kw: dict[str, str] = {}

    def registry(self) -> dict:
        return {"registrars": REGISTRARS + REGISTRARS_HERE, "organisations": list(self.organisations.values())}

    # --- the registry file ----------------------------------------------------------------------------------------

    def _set(self) -> tuple[str, list[str]]:
        """A set of name servers and its provider: a cloud's (most moves go there) or a host's."""
        if self.rng.random() < 0.7:
            kind = self.rng.choice(list(CLOUD_NAMES))
            return kind, _cloud(self.rng, kind)
        return "hosted", _hosted(self.rng)

    def _domains(self, registrar: str, count: int) -> list[DomainAsk]:
        rng = self.rng
        base, org = self.free_names.pop()
        stem = base[:-len("-rf")]
        names = ([base] + [f"{stem}-{x}-rf" for x in rng.sample(EXTRA_LABELS, 3)])[:count]
        contacts = [{"role": "security", "email": f"security@{base}.gov.uk",
                     "phone": f"+44 1632 961{rng.randrange(100, 999)}", "name": f"{org} Security Contact"},
                    {"role": "technical", "email": f"ict@{base}.gov.uk"},
                    {"role": "notify", "email": f"dns-notify@{base}.gov.uk"}]
        domains, asks = [], []
        for name in names:
            domain = f"{name}.{ZONE}"
            kind, ns = self._set()
            ns = ns if kind != "hosted" else ns[:rng.choice([2, 3])]
            ds = [_ds(rng)] if rng.random() < 0.3 else []
            domains.append({"name": domain, "locked": True, "registrar": registrar, "registrant": org,
                            "nameservers": ns, "ds": ds, "whois_contacts": [f"it@{base}.gov.uk"]})
            asks.append(DomainAsk(domain, org, list(ns), list(ds)))
        self.organisations[org] = {"name": org, "contacts": contacts, "domains": domains}
        return asks

    # --- what is asked ---------------------------------------------------------------------------------------------

    def _move(self, ask: DomainAsk, kind: str | None = None) -> tuple[str, list[str]]:
        """A complete new set for `ask`, none of its servers the domain's now; the provider's name is kept for the
        words."""
        while True:
            got, new = (kind, _cloud(self.rng, kind)) if kind else self._set()
            if not set(new) & set(ask.current_ns):
                ask.new_ns = list(new)
                self.kw["provider"] = CLOUD_NAMES.get(got, "the new host")
                self.kw["kind"] = got
                return got, new

    def _fresh(self, ask: DomainAsk, n: int) -> list[str]:
        while True:
            new = _hosted(self.rng) if n > 0 else []
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

    # --- how a value is typed --------------------------------------------------------------------------------------

    def _h(self, value: str, line: bool = False) -> str:
        """A name server as typed: now and then in capitals; on a line of its own, now and then with the root's dot
        or with a capital first letter (a mail program's correction at the start of a line)."""
        r = self.rng.random()
        if r < 0.04:
            return value.upper()
        if line and r < 0.1:
            return value + "."
        if line and r < 0.14 and self.client in ("outlook", "outlook_mac", "outlook_android", "iphone"):
            return value[0].upper() + value[1:]
        return value

    def _join(self, values: list[str]) -> str:
        rng = self.rng
        values = [self._h(v) for v in values]
        if len(values) == 1:
            return values[0]
        word = {"es": rng.choice([" and ", " y "]), "mobile": rng.choice([" & ", " / ", " and "])}.get(
            self.voice, rng.choice([" and ", " & "]) if self.voice in ("de", "in") else " and ")
        if self.voice == "mobile" and word == " / ":
            return " / ".join(values)
        return ", ".join(values[:-1]) + word + values[-1] if rng.random() < 0.7 else ", ".join(values)

    def _bullets(self, values: list[str], dots: bool = False) -> list[str]:
        rng = self.rng
        style = rng.choice(["- ", "* ", "\u2022 ", "", "{i}) ", "{i}. "] if self.voice != "mobile" else ["", "- "])
        out = []
        for i, v in enumerate(values, 1):
            value = v + "." if dots else self._h(v, line=True)
            out.append(style.format(i=i) + value)
        return out

    def _say(self, pool: dict, **extra) -> str:
        choices = pool.get(self.voice) or pool["uk"]
        text = self.rng.choice(choices) if isinstance(choices, list) else choices
        return text.format_map({**self.kw, **extra})

    def _pick(self, pool: dict):
        return self.rng.choice(pool.get(self.voice) or pool["uk"])

    def _subject(self, asks: list[DomainAsk], what: str = "nameserver change") -> str:
        names = ", ".join(a.domain for a in asks)
        pick = {"de": [f"Nameserver change {names}", f"Change of nameservers / {names}", f"NS-Update {names}"],
                "fr": [f"Modification DNS {names}", f"Demand of change of DNS - {names}"],
                "es": [f"Cambio de DNS / DNS change {names}", f"Change DNS {names}"],
                "nl": [f"Wijziging nameservers {names}", f"Nameserver change {names}"],
                "in": [f"Request for NS updation - {names}", f"Nameserver modification for {names}", f"RE: {names}"],
                "cloud": [f"{names} - delegation to {self.kw.get('provider', 'new DNS')}", f"DNS cutover: {names}"],
                "mobile": [f"{names}", f"ns {names}", f"Fwd: {what} {names}"],
                }.get(self.voice, [f"{what.capitalize()} - {names}", f"{names} {what}", f"Request: {what} {names}"])
        return self.rng.choice(pick)

    # --- layouts: each gives (subject, blocks, attachment) ----------------------------------------------------------

    def _w_prose(self, asks):
        a = asks[0]
        _, new = self._move(a)
        text = self._say(PROSE, d=a.domain, new=self._join(new), cur=", ".join(a.current_ns))
        return self._subject(asks), [("p", text)], None

    def _w_label_list(self, asks):
        a = asks[0]
        kind, new = self._move(a)
        rng = self.rng
        if self.voice == "cloud" or rng.random() < 0.25 and kind != "hosted":
            return self._subject(asks), [("p", self._say(LABEL_LEAD, d=a.domain))] + self._console(a, kind, new), None
        blocks = []
        label = self._say(LABEL, d=a.domain)
        if a.domain not in label:
            blocks.append(("p", self._say(LABEL_LEAD, d=a.domain)))
        blocks.append(("lines", [label] + self._bullets(new)))
        return self._subject(asks), blocks, None

    def _console(self, a: DomainAsk, kind: str, new: list[str]) -> list:
        """What a cloud console shows of a zone's name servers, pasted with its labels."""
        rng, d = self.rng, a.domain
        if kind == "route53":
            if rng.random() < 0.5:
                return [("lines", ["Hosted zone details", "Hosted zone name", d, "Hosted zone ID",
                                   "Z0" + _b64(rng, 18).upper().replace("+", "A").replace("/", "B"),
                                   "Description", "-", "Type", "Public hosted zone", "Record count",
                                   str(rng.randrange(4, 30)), "Name servers"] + new)]
            return [("table", ["Record name", "Type", "Routing policy", "Differentiator", "Alias", "Value/Route "
                               "traffic to", "TTL (seconds)"],
                     [[d, "NS", "Simple", "-", "No", new[0] + ".", "172800"]] +
                     [["", "", "", "", "", v + ".", ""] for v in new[1:]], "aligned")]
        if kind == "azure":
            return [("lines", [f"Resource group : rg-dns-{rng.choice(['prod', 'live', 'core'])}",
                               f"Subscription : {rng.choice(['Pay-As-You-Go', 'Production', 'Enterprise Agreement'])}",
                               f"Number of record sets : {rng.randrange(3, 25)}"] +
                     [f"Name server {i} : {v}." for i, v in enumerate(new, 1)])]
        if kind == "cloudflare":
            return [("lines", ["Replace your current nameservers with Cloudflare's", "Add Cloudflare's nameservers"]
                     + [f"Nameserver {i}: {v}" for i, v in enumerate(new, 1)])]
        if kind == "gcp":
            return [("lines", [f"Zone name: {d.replace('.', '-')}", f"DNS name: {d}.", "DNSSEC: Off",
                               "Registrar setup", "NS     " + new[0] + "."] + ["       " + v + "." for v in new[1:]])]
        if kind == "ns1":
            return [("lines", [f"Zone: {d}", "Assigned nameservers"] + [v.upper() if rng.random() < 0.3 else v
                                                                        for v in new])]
        return [("lines", ["Nameservers:"] + self._bullets(new))]

    def _w_form(self, asks):
        a = asks[0]
        _, new = self._move(a)
        dom, ns = self._pick(FORM)
        sep = {"fr": " :", "in": self.rng.choice([" :-", " :", ":"]), "mobile": ""}.get(self.voice, ":")
        lines = [f"{dom}{sep} {a.domain}"] + [f"{ns.format(i=i)}{sep} {self._h(v, True)}" for i, v in enumerate(new, 1)]
        if self.voice in ("es", "de") and self.rng.random() < 0.4:
            lines.insert(1, "Registrant: " + a.organisation)
        lead = {"de": "Please see below the data for the change:", "in": "Kindly find the details below :",
                "fr": "Here the informations:", "mobile": "pls"}.get(self.voice, "Details below.")
        return self._subject(asks), [("p", lead), ("lines", lines)], None

    def _w_current_new_lists(self, asks):
        a = asks[0]
        _, new = self._move(a)
        cur_label, new_label = self._pick(CUR_NEW)
        cur_label, new_label = cur_label.format_map(self.kw), new_label.format_map(self.kw)
        lead = self._say({"uk": "For {d}:", "de": "Domain: {d}", "in": "Domain name :- {d}",
                          "cloud": "Cutover for {d}:", "mobile": "{d}"}, d=a.domain)
        blocks = [("p", lead), ("lines", [cur_label] + self._bullets(a.current_ns)),
                  ("lines", [new_label] + self._bullets(new))]
        return self._subject(asks), blocks, None

    def _w_current_new_table(self, asks):
        a = asks[0]
        _, new = self._move(a)
        head = [h.format_map(self.kw) for h in self._pick(TABLE_HEAD)]
        rows = [[a.current_ns[i] if i < len(a.current_ns) else "", self._h(new[i]) if i < len(new) else ""]
                for i in range(max(len(new), len(a.current_ns)))]
        style = self.rng.choice(["html", "html", "aligned", "markdown"])
        lead = self._say({"uk": "Nameserver change for {d}, old and new below.",
                          "de": "Please change the nameservers of {d} as in the table:",
                          "fr": "For {d}, the changes in the table:", "in": "Please find the NS details for {d} :-",
                          "cloud": "{d} - current delegation and target:"}, d=a.domain)
        return self._subject(asks), [("p", lead), ("table", head, rows, style)], None

    def _w_add_remove_table(self, asks):
        a = asks[0]
        rng = self.rng
        if self.voice == "cloud" or rng.random() < 0.25:  # Cloudflare's own page: remove these, add these
            new = self._move(a, "cloudflare")[1]
            lines = [f"{a.domain}", "Update your nameservers to activate Cloudflare",
                     "1. Log in to your registrar account", "2. Replace your current nameservers with Cloudflare's",
                     "Remove these nameservers:"] + a.current_ns + ["Add Cloudflare's nameservers:"] + new
            lead = self._say({"uk": "Customer has moved {d} to Cloudflare - their setup page says:",
                              "de": "Our customer moves {d} to Cloudflare. Cloudflare says following:",
                              "in": "Client has onboarded {d} to Cloudflare. Below is from Cloudflare dashboard:",
                              "cloud": "{d} onboarded to Cloudflare. From the dashboard:"}, d=a.domain)
            return self._subject(asks), [("p", lead), ("lines", lines)], None
        self._changes(a)
        add, remove, keep = self._pick(ACTIONS)
        rows = [[remove, v] for v in a.remove_ns] + [[add, self._h(v)] for v in a.add_ns]
        kept = [v for v in a.current_ns if v not in a.remove_ns]
        if rng.random() < 0.5:
            rows += [[keep, v] for v in kept]
        if rng.random() < 0.5:
            rows = [[add, self._h(v)] for v in a.add_ns] + [r for r in rows if r[0] != add]
        head = rng.choice([["Action", "Nameserver"], ["Action", "Host"], ["Operation", "NS"]])
        lead = self._say({"uk": "Changes to {d}:", "de": "Please make following changes for the domain {d}:",
                          "fr": "For {d}, the operations to do:", "in": "Kindly do the below changes for {d} :-",
                          "es": "Changes for {d}:"}, d=a.domain)
        return self._subject(asks), [("p", lead), ("table", head, rows, rng.choice(["html", "aligned", "tabs"]))], None

    def _w_portal(self, asks):
        a = asks[0]
        rng = self.rng
        if self.voice == "cloud":
            kind, new = self._move(a, rng.choice(["route53", "azure", "gcp", "ns1"]))
            lead = self._say({"uk": "The {provider} zone for {d} from the console:"}, d=a.domain)
            return self._subject(asks), [("p", lead)] + self._console(a, kind, new), None
        _, new = self._move(a)
        if self.voice == "desk":
            fields = [("Request type", "Nameserver change"), ("Domain name", a.domain),
                      ("Registrant", a.organisation), ("New nameservers", ", ".join(self._h(v) for v in new)),
                      ("Customer verified", rng.choice(["Yes - phone", "Yes - signed form"]))]
        elif self.voice == "de":
            fields = [("Auftrag / Order", str(rng.randrange(2026112700000, 2026112799999))),
                      ("Product", "Domain .gov.uk"), ("Action", "NS-Update"), ("Domain", a.domain),
                      ("NS", " ".join(self._h(v) for v in new)), ("Status", "waiting for registry")]
        elif self.voice == "in":
            fields = [("Ticket No.", f"SWT/{rng.randrange(1000, 9999)}/26-27"), ("Domain Name", a.domain),
                      ("Request Type", "Name Server Modification"), ("Client", a.organisation),
                      ("New NS", ", ".join(self._h(v) for v in new))]
        else:
            fields = [("Order", str(rng.randrange(100000, 999999))), ("Domain", a.domain),
                      ("Operation", "Modify nameservers"), ("Nameservers", "; ".join(self._h(v) for v in new))]
        lead = self._say({"uk": "From our control panel:", "de": "Here the order from our system:",
                          "in": "Please find the ticket details from our portal below:",
                          "fr": "The order in our panel:", "es": "The order of our panel:",
                          "desk": "Ticket details below."})
        return self._subject(asks), [("p", lead), ("lines", [f"{k}: {v}" for k, v in fields])], None

    def _w_replace(self, asks):
        a = asks[0]
        rng = self.rng
        pairs = min(len(a.current_ns) - 1, rng.choice([1, 1, 2]))
        olds = rng.sample(a.current_ns, pairs)
        news = self._fresh(a, pairs)
        a.remove_ns, a.add_ns = olds, news
        texts = [self._say(REPLACE, d=a.domain, old=o, new=self._h(n)) for o, n in zip(olds, news)]
        if len(texts) == 2:
            texts = [texts[0], f"And {olds[1]} by {news[1]}." if self.voice in ("fr", "de") else
                     f"Also {olds[1]} with {news[1]}."]
        tail = self._say(REPLACE_TAIL) if self.voice != "mobile" and rng.random() < 0.6 else ""
        return self._subject(asks), [("p", " ".join(texts) + (" " + tail if tail else ""))], None

    def _w_epp(self, asks):
        a = asks[0]
        rng = self.rng
        if rng.random() < 0.5:
            _, new = self._move(a)
            a.new_ns, a.remove_ns, a.add_ns = None, list(a.current_ns), list(new)
        else:
            self._changes(a)
        if rng.random() < 0.5:
            def host(v):
                return f"        <domain:hostObj>{v}</domain:hostObj>"
            xml = ["<update>", '  <domain:update xmlns:domain="urn:ietf:params:xml:ns:domain-1.0">',
                   f"    <domain:name>{a.domain}</domain:name>"]
            if a.add_ns:
                xml += ["    <domain:add>", "      <domain:ns>"] + [host(v) for v in a.add_ns] + \
                       ["      </domain:ns>", "    </domain:add>"]
            if a.remove_ns:
                xml += ["    <domain:rem>", "      <domain:ns>"] + [host(v) for v in a.remove_ns] + \
                       ["      </domain:ns>", "    </domain:rem>"]
            xml += ["  </domain:update>", "</update>"]
            reply = ['<result code="2304">', "  <msg>Object status prohibits operation</msg>", "</result>"]
            blocks = [("p", self._say(EPP_LEAD, d=a.domain)), ("lines", xml), ("p", "Response:"), ("lines", reply)]
        else:
            line = f"[2026-11-27 08:{rng.randrange(10, 59)}:{rng.randrange(10, 59)}] >> domain-update name={a.domain}"
            if a.add_ns:
                line += " ns-add=" + ",".join(a.add_ns)
            if a.remove_ns:
                line += " ns-rem=" + ",".join(a.remove_ns)
            log = [line, "[2026-11-27 08:41:08] << 2304 Object status prohibits operation (serverUpdateProhibited)"]
            blocks = [("p", self._say(EPP_LEAD, d=a.domain)), ("lines", log)]
        return self._subject(asks), blocks, None

    def _w_csv(self, asks):
        a = asks[0]
        rng = self.rng
        kind, new = self._move(a)
        if self.voice == "cloud" or kind == "route53" and rng.random() < 0.4:
            self.kw["provider"] = "Route 53"
            if kind != "route53":
                a.new_ns = None
                kind, new = self._move(a, "route53")
            rows = ["Record name,Record type,Routing policy,TTL,Value"]
            rows += [f"{a.domain}.,NS,Simple,172800,{v}." for v in new]
            rows += [f"{a.domain}.,SOA,Simple,900,{new[0]}. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400"]
            data, name = "\n".join(rows) + "\n", f"{a.domain.split('.')[0]}-records.csv"
            lead = self._say(CSV_LEAD, d=a.domain)
            return self._subject(asks), [("p", lead)], (name, data, "csv")
        if self.voice in ("de", "fr", "nl", "es"):
            head = ["Domain"] + [f"Nameserver {i}" for i in range(1, 5)]
            row = [a.domain] + new + [""] * (4 - len(new))
            data = "\ufeff" + ";".join(head) + "\r\n" + ";".join(row) + "\r\n"
            name = {"de": "ns-aenderung.csv", "fr": "changement_dns.csv", "nl": "wijziging-nameservers.csv",
                    "es": "cambio_dns.csv"}[self.voice]
        elif self.voice == "in":
            head = ["Sr. No.", "Domain Name"] + [f"NS{i}" for i in range(1, len(new) + 1)]
            data = ",".join(head) + "\r\n" + ",".join(["1", a.domain] + new) + "\r\n"
            name = f"NS_Updation_{a.domain.split('.')[0]}.csv"
        else:
            data = "domain,nameserver\n" + "".join(f"{a.domain},{v}\n" for v in new)
            name = "nameservers.csv"
        return self._subject(asks), [("p", self._say(CSV_LEAD, d=a.domain))], (name, data, "csv")

    def _w_multi_domain(self, asks):
        rng = self.rng
        lead = self._say(MULTI_LEAD, org=asks[0].organisation)
        if self.voice == "cloud" or rng.random() < 0.4:  # a set of each domain's own (each zone has its own)
            kind = rng.choice(["route53", "azure", "ns1"])
            blocks = [("p", lead)]
            for a in asks:
                _, new = self._move(a, kind)
                blocks.append(("lines", [a.domain + (":" if rng.random() < 0.7 else "")] + self._bullets(new)))
            return self._subject(asks), blocks, None
        while True:
            _, new = self._move(asks[0])
            if not any(set(new) & set(a.current_ns) for a in asks):
                break
        for a in asks[1:]:
            a.new_ns = list(new)
        blocks = [("p", lead), ("lines", self._bullets([a.domain for a in asks])),
                  ("lines", [self._say(SAME_FOR_ALL)] + self._bullets(new))]
        return self._subject(asks), blocks, None

    def _w_ds(self, asks):
        a = asks[0]
        rng = self.rng
        record = _ds(rng)
        tag, alg, dtype, digest = _digest_parts(record)
        lead = self._say(DS_LEAD, d=a.domain, provider="Cloudflare" if alg == "13" else "Google Cloud DNS")
        after = ""
        if a.current_ds and rng.random() < 0.4:
            a.add_ds = [record]
            after = self._say(ROLLOVER)
        else:
            a.new_ds = [record]
            if a.current_ds:
                after = self._say(REPLACE_DS)
        if self.voice == "cloud" and alg == "13" and dtype == "2":
            shown = [f"DS record: {a.domain}. 3600 IN DS {record}", f"Digest: {digest}", "Digest type: SHA256",
                     "Algorithm: 13", f"Public key: {_b64(rng, 86)}==", f"Key tag: {tag}", "Flags: 257 (KSK)"]
        elif self.voice == "cloud" and alg == "8":
            shown = [f"DS record: {tag} 8 {dtype} {digest.lower()}", "Key signing key (KSK) algorithm: RSASHA256"]
        elif rng.random() < 0.5:
            shown = [f"Keytag: {tag}" if self.voice == "de" else f"Key Tag: {tag}", f"Algorithm: {alg}",
                     f"Digest Type: {dtype}", f"Digest: {digest if rng.random() < 0.7 else digest.lower()}"]
        else:
            shown = [f"{a.domain}. IN DS {record}" if rng.random() < 0.5 else record]
        blocks = [("p", lead), ("lines", shown)] + ([("p", after)] if after else [])
        if rng.random() < 0.25:
            _, new = self._move(a, None if self.voice != "cloud" else "cloudflare" if alg == "13" else "gcp")
            blocks.append(("lines", [self._say({"uk": "And the nameservers at the same time:",
                                                "de": "And please change also the nameservers in:",
                                                "in": "Also kindly update the NS as below :-"})] +
                           self._bullets(new)))
        return self._subject(asks, "DS record"), blocks, None

    def _w_ambiguous(self, asks, shape: int):
        rng, a = self.rng, asks[0]
        d, cur = a.domain, a.current_ns
        one, two = self._fresh(a, 2), _cloud(rng, "cloudflare")
        if shape == 0:  # two sets offered as alternatives
            text = self._say({"uk": "Please set {d} to {x}, or if that doesn't work, {y}.",
                              "de": "Please change the NS of {d} in {x}, or if this is not possible in {y}.",
                              "in": "Kindly update {d} to {x} or else {y}, whichever is feasible."},
                             d=d, x=self._join(one), y=self._join(two))
        elif shape == 1:  # no values
            text = self._say({"uk": "Can you move {d} to the Cloudflare ones we set up last week please?",
                              "mobile": "pls move {d} onto the cloudflare ns like the others. thx"}, d=d)
        elif shape == 2:  # one name server left
            text = self._say({"uk": "Please change the nameserver of {d} to {x}.",
                              "de": "Please to change the nameserver of {d} in {x}."}, d=d, x=one[0])
        elif shape == 3:  # on hold
            text = self._say({"uk": "Customer has now asked us to put this on hold while they check with their "
                                    "supplier, so please do NOT change {d} to {x} yet. We'll confirm."},
                             d=d, x=self._join(one))
        elif shape == 4:  # the note disagrees with the mail it forwards (the forward itself is written by _body)
            self.kw["note"] = f"Please set {d} to {self._join(two)} as the customer asks below."
            text = self._say({"uk": "Could you change the nameservers for {d} to {x}, please?"},
                             d=d, x=self._join(one))
        elif shape == 5:  # a server to remove that the domain does not have
            text = self._say({"uk": "Please remove {x} from {d}; the others stay.",
                              "in": "Kindly remove {x} from {d}, rest to remain as it is."}, d=d, x=one[0])
        elif shape == 6:  # a DNSKEY, not a DS record
            key = f"{d}. 3600 IN DNSKEY 257 3 13 {_b64(rng, 86)}=="
            return self._subject(asks, "DNSSEC"), [("p", self._say(
                {"uk": "We've turned on DNSSEC for {d}. Please add the key to the registry:",
                 "de": "We have signed {d}. Please to publish our key:"}, d=d)), ("lines", [key])], None
        elif shape == 7:  # the servers it has already
            text = self._say({"uk": "Please set the nameservers for {d} to {x}."}, d=d, x=self._join(cur))
        else:  # which of two domains?
            second = asks[1].domain
            text = self._say({"uk": "Please change {d} (or maybe {e}, the customer isn't sure which one the website "
                                    "is on) to {x}."}, d=d, e=second, x=self._join(two))
            return self._subject(asks[:1]), [("p", text)], None
        return self._subject(asks), [("p", text)], None

    # --- a month of mail --------------------------------------------------------------------------------------------

    def make(self, requests: int) -> Corpus:
        """The requests in decks of 40 (LAYOUT_SHARE and CLIENT_SHARE shuffled, the 20th and 40th ambiguous on
        purpose), then the thread mails on them."""
        rng = self.rng
        mails: list[Mail] = []
        for start in range(0, requests, 40):
            layouts = [name for name, n in LAYOUT_SHARE.items() for _ in range(n)]
            clients = [name for name, n in CLIENT_SHARE.items() for _ in range(n)]
            rng.shuffle(layouts)
            rng.shuffle(clients)
            for j in range(min(40, requests - start)):
                layout = "ambiguous" if j in AMBIGUOUS_AT else layouts[j - sum(1 for k in AMBIGUOUS_AT if k < j)]
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
        shape = None
        if layout == "ambiguous":
            shape = self.ambiguous_made % 9
            self.ambiguous_made += 1
        count = rng.choice([2, 2, 3]) if layout == "multi_domain" else 2 if shape == 8 else 1
        asks = self._domains(w.registrar, count)
        self.writer, self.client, self.person = w, client, rng.choice(w.people)
        first, last, role = rng.choice(OFFICERS)
        base = asks[0].domain.partition(".")[0]
        self.kw = {"d": asks[0].domain, "org": asks[0].organisation, "first": self.person.split()[0],
                   "officer": f"{first} {last}", "officer_role": role,
                   "officer_email": f"{first}.{last}@{base}.gov.uk".lower().replace("'", ""),
                   "provider": "the new host", "ticket": str(rng.randrange(10000, 99999))}
        frame = self._frame(w, client, layout, shape)
        self.voice = "customer" if frame == "forward" else w.voice
        if shape is not None:
            subject, blocks, attachment = self._w_ambiguous(asks, shape)
        else:
            subject, blocks, attachment = getattr(self, "_w_" + layout)(asks)
        self.voice = w.voice
        body = self._body(frame, subject, blocks, asks)
        if frame == "reply_all":
            subject = "Re: " + subject
        raw, said, charset, encoding = self._mime(mid, subject, body, attachment)
        self.writer_of[mid] = w.key
        truth = "asked" if shape is not None else {a.domain: a.truth() for a in asks}
        return Mail(mid, "ambiguous" if shape is not None else "request", layout, client, charset, encoding,
                    w.sender, truth, raw, said=said, seed=self.seed)

    def _frame(self, w: Writer, client: str, layout: str, shape: int | None) -> str:
        """How the request reaches the registry: the writer's own mail, a customer's mail forwarded under a note,
        values typed above a quoted mail (on a phone), or a helpdesk's notification of a ticket's comment."""
        rng = self.rng
        if client in DESKS:
            return "ticket" if shape != 4 else "ticket_forward"
        if shape == 4:
            return "forward"
        forwarding = layout in CUSTOMER_LAYOUTS and shape is None
        if w.key == "kestrel_ops" and forwarding:
            r = rng.random()
            # A reply leaves the customer's attachment behind: a spreadsheet comes forwarded.
            return "forward" if r < 0.45 or layout == "csv" and r < 0.75 else "reply_all" if r < 0.75 else "direct"
        if w.key == "kestrel_dan" and shape is None:
            r = rng.random()
            if forwarding and r < 0.5:
                return "forward"
            if layout in ("prose", "label_list", "form", "replace") and r < 0.75:
                return "reply_above"
        return "direct"

    def _body(self, frame: str, subject: str, blocks: list, asks: list[DomainAsk]) -> list:
        """The whole mail as blocks, top to bottom."""
        rng, kw, voice = self.rng, self.kw, self.writer.voice
        opening = rng.choice(OPEN.get(voice, OPEN["uk"])).format_map(kw)
        closing = rng.choice(CLOSE.get(voice, CLOSE["uk"]))
        officer = [("p", "\n".join([rng.choice(CLOSE["customer"]), kw["officer"], kw["officer_role"],
                                    kw["org"]]))]
        customer_mail = [("p", rng.choice(OPEN["customer"]).format(first=self.person.split()[0]))] + blocks + officer
        who = {"name": kw["officer"], "email": kw["officer_email"], "subject": subject,
               "to": f"{self.person} <{self.writer.sender}>"}
        if frame in ("forward", "ticket_forward"):
            note = kw.get("note") or self._say(NOTE, d=asks[0].domain)
            top = [("p", note)]
            quote = ("quote", QUOTE_STYLE.get(self.client, "gmail_fwd"), who, customer_mail)
            if frame == "ticket_forward":
                return [("p", opening)] + top + [quote, ("p", f"{closing}\n{self.person}")]
            return top + [("sig", self._signature())] + [quote]
        if frame == "reply_all":  # the customer's mail answered to all, the registry added to its recipients
            note = self._say(REPLY_NOTE, first=kw["officer"].split()[0])
            return [("p", note), ("sig", self._signature()),
                    ("quote", REPLY_STYLE[self.client], who, customer_mail)]
        if frame == "reply_above":
            who["subject"] = "DNS move"
            said = [("p", rng.choice(OPEN["customer"]).format(first=self.person.split()[0])),
                    ("p", f"We've set {asks[0].domain} up with our new DNS provider now. Their nameservers are in "
                          "the screenshot attached - could you get the registry to switch the domain over?")] + officer
            return blocks + [("sig", self._signature()), ("quote", REPLY_STYLE[self.client], who, said)]
        if frame == "ticket":
            if self.client == "zendesk" and len(asks) == 1 and asks[0].new_ns and rng.random() < 0.4:
                blocks = self._superseding(asks[0]) + blocks
            return ([("p", opening)] if opening else []) + blocks + [("p", f"{closing}\n{self.person}")]
        return ([("p", opening)] if opening else []) + blocks + ([("p", closing)] if closing else []) + \
            [("sig", self._signature())]

    def _superseding(self, a: DomainAsk) -> list:
        """A ticket whose earlier comment, shown below the latest, gave another set: the latest says it replaces
        it, and its set is the one to record."""
        while True:
            before = self._fresh(a, 2)
            if not set(before) & set(a.new_ns or ()):
                break
        self.kw["earlier"] = (f"Please change the nameservers for {a.domain} to {' and '.join(before)}. The customer "
                              "has confirmed by phone.")
        return [("p", self.rng.choice(["Correction to our update below: the customer has gone with a different "
                                       "provider, so please use these instead of the ones we sent yesterday.",
                                       "Please ignore the nameservers in our previous update - the customer's "
                                       "supplier gave them the wrong ones. The right ones are below."]))]

    def _signature(self) -> str:
        rng, w, name = self.rng, self.writer, self.person
        if self.client == "iphone":
            return rng.choice(["Sent from my iPhone", f"{name.split()[0]}\n\nSent from my iPhone"])
        if self.client == "outlook_android":
            return f"{name.split()[0]}\n\nGet Outlook for Android<https://aka.ms/AAb9ysg>" if w.voice == "mobile" \
                else f"{name}\n{w.registrar}\n\nGet Outlook for Android<https://aka.ms/AAb9ysg>"
        lines = {"de": [name, "Domain Services", w.registrar, "Friedrichstra\u00dfe 112, 10117 Berlin",
                        f"Tel.: +49 30 {rng.randrange(1000000, 9999999)}",
                        "Gesch\u00e4ftsf\u00fchrer: Thomas Kr\u00fcger | Amtsgericht Charlottenburg HRB 98765"],
                 "fr": [name, "Service Domaines", w.registrar, "12 rue de la R\u00e9publique, 69002 Lyon",
                        f"T\u00e9l : +33 4 72 {rng.randrange(10, 99)} {rng.randrange(10, 99)} {rng.randrange(10, 99)}"],
                 "es": [name, "Departamento de Dominios", w.registrar, f"Tel. +34 91 {rng.randrange(100, 999)} 44 21"],
                 "nl": [name, "Domeinbeheer | " + w.registrar, f"T +31 30 {rng.randrange(100, 999)} 4410"],
                 "in": [name, rng.choice(["Sr. Executive - Domain Operations", "Technical Support Engineer"]),
                        w.registrar, "Baner Road, Pune 411045", f"Mob: +91 98{rng.randrange(10000000, 99999999)}"],
                 "cloud": [name, "Cloud Migration Engineer", w.registrar, "Part of the Stratus group"],
                 "uk": [name, "Kestrel Names Ltd", "0117 496 0731"],
                 "mobile": [name.split()[0]]}[w.voice if w.voice in ("de", "fr", "es", "nl", "in", "cloud", "uk")
                                              else "mobile"]
        sig = "\n".join(lines)
        if w.voice == "de" and rng.random() < 0.5:
            sig += ("\n\nDiese E-Mail enth\u00e4lt vertrauliche Informationen. Wenn Sie nicht der richtige Adressat "
                    "sind, informieren Sie bitte sofort den Absender und vernichten Sie diese E-Mail.")
        if w.voice == "in" and rng.random() < 0.5:
            sig += ("\n\nDISCLAIMER: This e-mail and any files transmitted with it are confidential and intended "
                    "solely for the use of the individual or entity to whom they are addressed. Please consider the "
                    "environment before printing this e-mail.")
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
                out.append(_text_table(block[1], block[2], block[3]))
            else:
                out.append(self._quote_plain(block))
        return "\n\n".join(x for x in out if x)

    def _quote_plain(self, block) -> str:
        _, style, who, inner = block
        text = self._plain(inner)
        name, email, to, subject = who["name"], who["email"], who["to"], who["subject"]
        if style in ("apple_fwd", "iphone_fwd"):
            head = (f"From: {name} <{email}>\nSubject: {subject}\nDate: 26 November 2026 at 16:02:11 GMT\n"
                    f"To: {to}")
            if style == "iphone_fwd":
                return "Begin forwarded message:\n\n" + _arrow(head + "\n\n" + text)
            return "Begin forwarded message:\n\n" + head + "\n\n" + text
        if style == "iphone_reply":
            return f"On 26 Nov 2026, at 16:02, {name} <{email}> wrote:\n\n" + _arrow(text)
        head = {"mac": f"From: {name} <{email}>\nDate: Thursday, 26 November 2026 at 16:02\nTo: {to}\n"
                       f"Subject: {subject}",
                "android": f"________________________________\nFrom: {name} <{email}>\nSent: Thursday, November 26, "
                           f"2026 4:02:11 PM\nTo: {to}\nSubject: {subject}",
                "gmail_fwd": f"---------- Forwarded message ---------\nFrom: {name} <{email}>\nDate: Thu, 26 Nov "
                             f"2026 at 16:02\nSubject: {subject}\nTo: {to}"}[style]
        return head + "\n\n" + text

    def _html(self, blocks: list) -> str:
        para = PARA.get(self.client, "<p>{}</p>")
        out = []
        for block in blocks:
            kind = block[0]
            if kind in ("p", "sig", "lines"):
                lines = block[1].split("\n") if kind != "lines" else block[1]
                out.append("".join(para.format(escape(line).replace("  ", "&nbsp; ") or "<br>") for line in lines))
                if kind != "sig":
                    out.append(para.format("<br>"))
            elif kind == "table":
                _, head, rows, style = block
                if style == "html":
                    cells = "".join(f"<th>{escape(c)}</th>" for c in head)
                    body = "".join("<tr>" + "".join(f'<td style="padding:2px 6px">{escape(c)}</td>' for c in r) +
                                   "</tr>" for r in rows)
                    out.append(f'<table border="1" cellspacing="0" cellpadding="0"><tr>{cells}</tr>{body}</table>')
                else:
                    text = _text_table(head, rows, style)
                    out.append("<pre>" + escape(text) + "</pre>")
            else:
                out.append(self._quote_html(block))
        return "".join(out)

    def _quote_html(self, block) -> str:
        _, style, who, inner = block
        body = self._html(inner)
        name, email, to, subject = (escape(who[k]) for k in ("name", "email", "to", "subject"))
        if style in ("apple_fwd", "iphone_fwd"):
            fields = "".join(f'<div style="margin:0px"><span><b>{k}: </b></span><span>{v}</span></div>'
                             for k, v in (("From", f"{name} &lt;{email}&gt;"), ("Subject", subject),
                                          ("Date", "26 November 2026 at 16:02:11 GMT"), ("To", to)))
            return (f'<div><br><blockquote type="cite"><div>Begin forwarded message:</div><br>{fields}<br>'
                    f"{body}</blockquote></div>")
        if style == "iphone_reply":
            return (f'<div dir="ltr"><br><blockquote type="cite">On 26 Nov 2026, at 16:02, {name} &lt;{email}&gt; '
                    f"wrote:<br><br>{body}</blockquote></div>")
        if style == "mac":
            return ('<div style="border:none;border-top:solid #B5C4DF 1.0pt;padding:3.0pt 0cm 0cm 0cm">'
                    f'<p class=MsoNormal><b><span style="font-size:12.0pt;color:black">From: </span></b>{name} '
                    f"&lt;{email}&gt;<br><b>Date: </b>Thursday, 26 November 2026 at 16:02<br><b>To: </b>{to}<br>"
                    f"<b>Subject: </b>{subject}</p></div><div><p class=MsoNormal>&nbsp;</p></div>{body}")
        if style == "android":
            return ('<hr style="display:inline-block;width:98%" tabindex="-1"><div id="divRplyFwdMsg" dir="ltr">'
                    f'<font face="Calibri, sans-serif" style="font-size:11pt"><b>From:</b> {name} &lt;{email}&gt;'
                    f"<br><b>Sent:</b> Thursday, November 26, 2026 4:02:11 PM<br><b>To:</b> {to}<br><b>Subject:</b> "
                    f"{subject}</font><div>&nbsp;</div></div>{body}")
        return ('<div class="gmail_quote"><div dir="ltr" class="gmail_attr">---------- Forwarded message ---------'
                f'<br>From: <strong class="gmail_sendername" dir="auto">{name}</strong> <span dir="auto">&lt;'
                f"{email}&gt;</span><br>Date: Thu, 26 Nov 2026 at 16:02<br>Subject: {subject}<br>To: {to}<br></div>"
                f"<br><br>{body}</div>")

    def _document(self, inner: str) -> str:
        client = self.client
        if client in ("outlook", "outlook_mac", "html_poor"):
            return ('<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta http-equiv="Content-Type" '
                    'content="text/html; charset=%CHARSET%"><meta name="Generator" content="Microsoft Word 15 '
                    '(filtered medium)"><style>p.MsoNormal{margin:0cm;font-size:11.0pt;font-family:"Aptos"}'
                    f'</style></head><body lang="EN-GB"><div class="WordSection1">{inner}</div></body></html>')
        if client == "gmail":
            return f'<div dir="ltr">{inner}</div>'
        if client in ("apple_mail", "iphone"):
            return ('<html><head><meta http-equiv="content-type" content="text/html; charset=%CHARSET%"></head>'
                    f'<body style="overflow-wrap: break-word; -webkit-nbsp-mode: space;">{inner}</body></html>')
        if client == "outlook_android":
            return ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=%CHARSET%"></head>'
                    f'<body><div dir="auto">{inner}</div></body></html>')
        return ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=%CHARSET%"></head><body>'
                f'<div style="font-family:Arial,sans-serif;font-size:14px">{inner}</div></body></html>')

    def _desk(self, subject: str, plain: str, html: str) -> tuple[str, str]:
        """A helpdesk's notification around an agent's comment, in plain text and HTML."""
        rng, w, kw = self.rng, self.writer, self.kw
        agent, n = self.person, kw["ticket"]
        if self.client == "zendesk":
            other = next(p for p in w.people if p != agent)
            earlier = kw.get("earlier") or rng.choice([
                "Customer rang: they are moving their DNS to a new provider and will send us the details. We will "
                "pass them to the registry once we have them.",
                "Thanks for getting in touch. We have opened this request and will keep you updated here."])
            code = _b64(rng, 6).upper().replace("+", "K").replace("/", "Q") + "-" + \
                _b64(rng, 5).upper().replace("+", "M").replace("/", "P")
            rule = "-" * 46
            text = (f"##- Please type your reply above this line -##\n\nYour request ({n}) has been updated. To add "
                    f"additional comments, reply to this email.\n{rule}\n\n{agent} (Harbourside Hosting)\n\n"
                    f"Nov 27, 2026, 09:14 GMT\n\n{plain}\n\n{rule}\n\n{other} (Harbourside Hosting)\n\n"
                    f"Nov 26, 2026, 16:40 GMT\n\n{earlier}\n\n{'-' * 32}\nThis email is a service from Harbourside "
                    f"Hosting.\n\n[{code}]")
            page = ('<div style="color:#b5b5b5">##- Please type your reply above this line -##</div><p>Your request '
                    f"({n}) has been updated. To add additional comments, reply to this email.</p>"
                    f'<div style="margin-top:25px"><table><tr><td><strong>{escape(agent)}</strong> (Harbourside '
                    f'Hosting)</td></tr><tr><td style="color:#bbbbbb">Nov 27, 2026, 09:14 GMT</td></tr><tr><td>'
                    f"{html}</td></tr><tr><td><strong>{escape(other)}</strong> (Harbourside Hosting)</td></tr>"
                    f'<tr><td style="color:#bbbbbb">Nov 26, 2026, 16:40 GMT</td></tr><tr><td><p>{escape(earlier)}'
                    f'</p></td></tr></table></div><div style="color:#aaaaaa">This email is a service from '
                    f'Harbourside Hosting.</div><span style="color:#FFFFFF">[{code}]</span>')
            return text, page
        if self.client == "freshdesk":
            url = f"https://support.fenwickdomains.example/support/tickets/{n}"
            foot = (f"Ticket #{n} | Status: Pending | Priority: Medium | Type: Domain change\nYou can check the status "
                    f"of this ticket at {url}")
            page = (f'{html}<div style="color:#666;border-top:1px solid #ddd;font-size:12px">Ticket #{n} | Status: '
                    f'Pending | Priority: Medium | Type: Domain change<br>You can check the status of this ticket at '
                    f'<a href="{url}">{url}</a></div>')
            return f"{plain}\n\n--\n{foot}", page
        if self.client == "jira":
            text = (f"\u2014-\u2014-\u2014-\u2014\n\nReply above this line.\n\n{agent} commented:\n\n{plain}\n\n"
                    "View request \u00b7 Turn off this request's notifications\n\nThis is shared with Registry Lock."
                    "\n\nLanternfish Digital service desk, powered by Jira Service Management, sent you this message.")
            page = ('<div style="color:#a5adba">\u2014-\u2014-\u2014-\u2014</div><div>Reply above this line.</div>'
                    f"<p><b>{escape(agent)}</b> commented:</p><div>{html}</div><p><a href=\"#\">View request</a> "
                    "\u00b7 <a href=\"#\">Turn off this request's notifications</a></p><p>This is shared with "
                    'Registry Lock.</p><p style="color:#707070">Lanternfish Digital service desk, powered by Jira '
                    "Service Management, sent you this message.</p>")
            return text, page
        inc = f"INC00{n}"
        ref = f"Ref:MSG00{n}_{_b64(rng, 20).replace('+', 'x').replace('/', 'y')}"
        head = (f"Incident {inc} has been updated with a comment.\n\nShort description: {subject}\nCaller: Registry "
                f"Lock\nState: In Progress\nAssignment group: Domain Operations\n\nAdditional comments:\n2026-11-27 "
                f"09:14:03 GMT - {agent} (Additional comments)\n")
        link = f"https://crossgate-rs.service-now.example/incident.do?sysparm_query=number={inc}"
        text = f"{head}{plain}\n\nClick here to view the incident: {link}\n\n{ref}"
        page = ("<div>" + escape(head).replace("\n", "<br>") + f"</div><div>{html}</div><p>Click here to view the "
                f'incident: <a href="{link}">{inc}</a></p><div style="display:none">{ref}</div>')
        return text, page

    def _poor(self, plain: str, body: list) -> str:
        """The plain part of a mail whose HTML is the message: a program's poor rendering of it."""
        mode = self.rng.choice(["links", "cells", "flat", "none"])
        if mode == "links":  # every host name followed by the link the HTML made of it
            return HOST_IN_TEXT.sub(lambda m: f"{m.group(1)}<http://{m.group(1)}>", plain)
        if mode == "none":
            return "This message is in HTML format. Please use an HTML-capable mail program to read it.\n"
        out = []
        for block in body:
            kind = block[0]
            if kind == "table":
                cells = [c for row in [block[1]] + block[2] for c in row if c]
                out.append("\n".join(cells) if mode == "cells" else " ".join(cells))
            elif kind == "lines":
                out.append("\n".join(block[1]) if mode == "cells" else " ".join(block[1]))
            elif kind in ("p", "sig"):
                out.append(block[1] if mode == "cells" else " ".join(block[1].split("\n")))
            else:
                out.append(self._quote_plain(block))
        return ("\n" if mode == "cells" else " ").join(out) + "\n"

    # --- the MIME --------------------------------------------------------------------------------------------------

    def _charset(self, text: str) -> str:
        if self.client in ("apple_mail", "iphone") and text.isascii():
            return "us-ascii"
        charset = self.rng.choice(CHARSETS_OF.get(self.client, ["utf-8"]))
        try:
            text.encode(charset)
            return charset
        except UnicodeEncodeError:
            return "utf-8"

    def _cte(self, text: str) -> str:
        rng, client = self.rng, self.client
        if text.isascii() and max(len(line) for line in text.split("\n")) <= 76 and client in (
                "apple_mail", "iphone", "gmail", "freshdesk"):
            return "7bit"
        return rng.choice(CTES_OF.get(client, ["quoted-printable", "base64", "8bit"]))

    def _mime(self, mid: str, subject: str, body: list, attachment) -> tuple[bytes, str, str, str]:
        rng, client = self.rng, self.client
        plain = self._plain(body) + "\n"
        html = self._document(self._html(body))
        if client in DESKS:
            plain, page = self._desk(subject, plain.rstrip("\n"), self._html(body))
            plain += "\n"
            html = self._document(page)
        said = plain
        if client == "html_poor":
            plain = self._poor(plain, body)
        only_plain = client == "iphone" and rng.random() < 0.5
        charset = self._charset(plain + ("" if only_plain else html))
        plain, html = _fit(plain, charset), _fit(html.replace("%CHARSET%", charset), charset)
        msg = EmailMessage()
        self._headers(msg, mid, subject)
        encoding = self._cte(plain)
        msg.set_content(plain, charset=charset, cte=encoding)
        if not only_plain:
            html_cte = encoding if encoding != "7bit" else "quoted-printable"
            msg.add_alternative(html, subtype="html", charset=charset, cte=html_cte)
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

    def _headers(self, msg: EmailMessage, mid: str, subject: str) -> None:
        rng, w, client = self.rng, self.writer, self.client
        name = self.person
        company = w.registrar
        display = {"zendesk": f"{name} (Harbourside Hosting)", "jira": f"{name} (Lanternfish Digital)",
                   "servicenow": "Crossgate Service Desk", "freshdesk": "Fenwick Domain Services Support"}.get(
            client, rng.choice([name, f"{name} | {company}", company]))
        msg["From"] = f'"{display}" <{w.sender}>'
        msg["To"] = rng.choice([BOT, f'".gov.uk Registry Lock" <{BOT}>', f"Registry Lock <{BOT}>"])
        msg["Subject"] = {"zendesk": f"[Harbourside Hosting] Re: {subject}",
                          "jira": f"LDSD-{self.kw['ticket'][:4]} {subject}",
                          "servicenow": f"INC00{self.kw['ticket']} - comments added - {subject}",
                          "freshdesk": f"Re: [#{self.kw['ticket']}] {subject}"}.get(client, subject)
        msg["Date"] = DATE.format(8 + rng.randrange(0, 3), rng.randrange(60))
        host = w.sender.partition("@")[2]
        hexa = "0123456789ABCDEF"
        if client in ("outlook", "outlook_mac", "outlook_android", "html_poor"):
            server = rng.choice(["AM9PR03MB", "DB7PR10MB", "PA4PR08MB", "LO2P265MB"]) + str(rng.randrange(1000, 9999))
            msg["Message-ID"] = f"<{server}{''.join(rng.choice(hexa) for _ in range(16))}{mid.upper()}@{server}." \
                                "EURPRD03.PROD.OUTLOOK.COM>"
            msg["Thread-Topic"] = subject
            msg["Thread-Index"] = "AQH" + _b64(rng, 26).replace("+", "a").replace("/", "b")
            msg["Content-Language"] = {"de": "de-DE", "fr": "fr-FR", "es": "es-ES", "nl": "nl-NL",
                                       "in": "en-IN"}.get(w.voice, "en-GB")
            if client == "outlook":
                msg["X-Mailer"] = "Microsoft Outlook 16.0"
            elif client == "outlook_mac":
                msg["User-Agent"] = "Microsoft-MacOutlook/16.91.24111020"
        elif client == "gmail":
            msg["Message-ID"] = f"<CA{_b64(rng, 30).replace('/', '_')}{mid}@mail.gmail.com>"
        elif client == "apple_mail":
            msg["Message-ID"] = f"<{''.join(rng.choice(hexa) for _ in range(8))}-{mid}@{host}>"
            msg["X-Mailer"] = "Apple Mail (2.3826.300.87.4.3)"
        elif client == "iphone":
            msg["Message-ID"] = f"<{''.join(rng.choice(hexa) for _ in range(8))}-{mid}@{host}>"
            msg["X-Mailer"] = "iPhone Mail (22B91)"
        elif client == "zendesk":
            msg["Message-ID"] = f"<{_b64(rng, 12).replace('/', '_')}_{mid}@harbourside-hosting.zendesk.example>"
            msg["X-Mailer"] = "Zendesk Mailer"
        elif client == "jira":
            msg["Message-ID"] = f"<JIRA.{rng.randrange(100000, 999999)}.{mid}@Atlassian.JIRA>"
        elif client == "servicenow":
            msg["Message-ID"] = f"<{mid}.{rng.randrange(10 ** 8, 10 ** 9)}@{host}>"
            msg["X-ServiceNow-Source"] = "Notification-" + "".join(rng.choice(hexa.lower()) for _ in range(32))
        else:
            msg["Message-ID"] = f"<{mid}.{rng.randrange(10 ** 8, 10 ** 9)}@{host}>"

    # --- thread mails ----------------------------------------------------------------------------------------------

    def _thread(self, mid: str, kind: str, target: Mail) -> Mail:
        rng = self.rng
        w = WRITERS[self.writer_of[target.id]]
        client = THREAD_CLIENT.get(target.client, "gmail")
        charset = rng.choice(["utf-8", "utf-8", "iso-8859-1"] if w.voice in ("de", "fr", "es", "nl") else ["utf-8"])
        encoding = rng.choice(["quoted-printable", "base64", "8bit"])
        if kind == "reply":
            said = rng.choice(REPLIES.get(w.voice, REPLIES["uk"]))
            if client == "iphone":
                said += "\n\nSent from my iPhone"
            elif w.voice != "mobile":
                said += f"\n\n{rng.choice(CLOSE.get(w.voice, CLOSE['uk']))}\n{rng.choice(w.people).split()[0]}"
        elif kind == "automatic":
            said = rng.choice(AUTO_REPLIES.get(w.voice, AUTO_REPLIES["uk"])).format(n=rng.randrange(10000, 99999))
        else:
            said = f"delivery to {target.sender} failed"
        sender = target.sender if kind != "bounce" else "MAILER-DAEMON@mx." + target.sender.partition("@")[2]
        return Mail(mid, kind, kind if kind != "reply" else said.split("\n")[0][:24], client, charset, encoding,
                    sender, kind, None, thread_of=target.id, said=said, seed=self.seed)


# --- the pieces each client writes --------------------------------------------------------------------------------

DESKS = ("zendesk", "freshdesk", "jira", "servicenow")
# The layouts a council officer writes in a mail a registrar forwards.
CUSTOMER_LAYOUTS = ("prose", "label_list", "form", "current_new_lists", "current_new_table", "replace", "ds",
                    "multi_domain", "csv")
QUOTE_STYLE = {"outlook_mac": "mac", "apple_mail": "apple_fwd", "iphone": "iphone_fwd", "outlook_android": "android",
               "outlook": "android", "html_poor": "android"}
REPLY_STYLE = {"iphone": "iphone_reply", "outlook_android": "android", "outlook_mac": "mac",
               "apple_mail": "iphone_reply"}
REPLY_NOTE = {"uk": ["Adding the registry - could you action the below please?",
                     "+ Registry Lock team. Please make the change {first} asks for below, thanks.",
                     "Thanks {first}, copying in the registry to make the change.\n\nRegistry Lock team - please "
                     "see below and action."]}
PARA = {"outlook": "<p class=MsoNormal>{}</p>", "outlook_mac": "<p class=MsoNormal>{}</p>",
        "html_poor": "<p class=MsoNormal>{}</p>", "gmail": "<div>{}</div>", "apple_mail": "<div>{}</div>",
        "iphone": '<div dir="ltr">{}</div>', "outlook_android": '<div dir="auto">{}</div>'}
CHARSETS_OF = {"outlook": ["utf-8", "utf-8", "windows-1252", "iso-8859-1"], "outlook_mac": ["utf-8"],
               "html_poor": ["utf-8", "windows-1252", "iso-8859-1"], "gmail": ["utf-8", "utf-8", "iso-8859-1"],
               "apple_mail": ["utf-8"], "iphone": ["utf-8"], "servicenow": ["utf-8", "windows-1252"]}
CTES_OF = {"outlook": ["quoted-printable", "quoted-printable", "base64"], "outlook_mac": ["quoted-printable"],
           "outlook_android": ["base64"], "gmail": ["quoted-printable", "base64"],
           "apple_mail": ["quoted-printable"], "iphone": ["quoted-printable"], "zendesk": ["quoted-printable"],
           "freshdesk": ["quoted-printable", "base64"], "jira": ["quoted-printable", "base64"],
           "servicenow": ["quoted-printable", "8bit"]}
THREAD_CLIENT = {"outlook": "outlook", "outlook_mac": "outlook", "outlook_android": "outlook", "gmail": "gmail",
                 "apple_mail": "apple_mail", "iphone": "iphone", "html_poor": "html_only"}
HOST_IN_TEXT = re.compile(r"(?<![@\w.<-])((?:[A-Za-z0-9-]+\.)+(?:com|net|org|info|uk|example))(?![\w-]|\.[A-Za-z]|@)")
NOTE = {"uk": ["See below from the customer - can you action please?", "Please action the below for {d}. Thanks.",
               "Forwarding the customer's request for {d}, confirmed with them by phone."],
        "mobile": ["pls action below", "fyi - pls do this one for {d}", "see below, customer confirmed"],
        "de": ["Please see the request of our customer below."], "fr": ["Please find below the demand of our client."],
        "in": ["Please find the trailing mail from the client and do the needful."]}
OFFICERS = [("Kerenza", "Trewin", "ICT Officer"), ("Morwenna", "Hocking", "Clerk"),
            ("Jago", "Pascoe", "Infrastructure Lead"), ("Demelza", "Rowe", "Digital Services Manager"),
            ("Tamsin", "Nance", "Business Support Officer"), ("Piran", "Kitto", "Network Engineer")]
REPLIES = {"de": ["Yes, this is correct. Please proceed.", "Thank you for the information.", "Correct, thank you."],
           "fr": ["Yes it is correct, thank you to proceed.", "Thank you for your return."],
           "es": ["Yes, is correct. Thanks!", "Perfect, thank you very much."],
           "nl": ["That's correct, please go ahead.", "Thanks for the confirmation."],
           "in": ["Yes, kindly proceed.", "Noted with thanks.", "Yes, details are correct. Please do the needful."],
           "mobile": ["yep go ahead", "yes thats right", "\U0001F44D"],
           "uk": ["Yes, that's right - go ahead.", "Thanks, confirmed.", "Correct, please proceed."]}
AUTO_REPLIES = {"de": ["Vielen Dank f\u00fcr Ihre Nachricht. Ich bin bis zum 07.12.2026 nicht im B\u00fcro. In "
                       "dringenden F\u00e4llen wenden Sie sich bitte an unser Support-Team.\n\nThank you for your "
                       "message. I am out of the office until 7 December 2026."],
                "fr": ["Je suis absente jusqu'au 7 d\u00e9cembre. / I am out of the office until 7 December."],
                "in": ["Thank you for your mail. Your ticket #{n} has been logged and our team will revert within 24 "
                       "hours."],
                "desk": ["Your request ({n}) has been received and is being reviewed by our support staff."],
                "uk": ["I'm out of the office until Monday with limited access to email."]}


def _arrow(text: str) -> str:
    return "\n".join("> " + line if line else ">" for line in text.split("\n"))


def _text_table(head, rows, style: str) -> str:
    """A table in plain text: aligned columns, Markdown pipes, or tab-separated (an HTML table's plain part)."""
    allrows = [list(head)] + [list(r) for r in rows]
    if style == "markdown":
        lines = ["| " + " | ".join(r) + " |" for r in allrows]
        lines.insert(1, "|" + "|".join("---" for _ in head) + "|")
        return "\n".join(lines)
    if style in ("html", "tabs"):
        return "\n".join("\t".join(r).rstrip() for r in allrows)
    widths = [max(len(r[i]) for r in allrows) + 3 for i in range(len(head))]
    lines = ["".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in allrows]
    lines.insert(1, "".join(("-" * (w - 3)).ljust(w) for w in widths).rstrip())
    return "\n".join(lines)
