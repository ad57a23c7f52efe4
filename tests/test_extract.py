"""Tests for mailbot.parse.change_request: what a registrar's change request asks for, read from its own words."""

import random
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mailbot.errors import ConfigError
from mailbot.parse.change_request import names, simple_form
from mailbot.parse.change_request.asks import FIELDS, Ask, ChangeRequest
from mailbot.parse.change_request.names import find_domains, normalise_domain
from mailbot.parse.change_request.reader import extract_change, is_urgent
from mailbot.parse.change_request.resolve import resolve

SHA256 = "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08"
SHA256_B = "1F987CC6583E92DF0890718C42C6B2A4F9E7B8D1C3A5E6F708192A3B4C5D6E7F"
SHA1 = "2BB183AF5F22588179A53B0A98631FAD1A292118"


# --- normalise_domain ----------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("hmrc.gov.uk", "hmrc.gov.uk"),
    ("  HMRC.GOV.UK.  ", "hmrc.gov.uk"),
    ("bücher.gov.uk", "xn--bcher-kva.gov.uk"),
    ("BÜCHER.gov.uk.", "xn--bcher-kva.gov.uk"),
    ("bu\u0308cher.gov.uk", "xn--bcher-kva.gov.uk"),  # decomposed umlaut: UTS #46 composes it
    ("xn--bcher-kva.gov.uk", "xn--bcher-kva.gov.uk"),
    ("NS-1.AWSDNS-01.ORG.", "ns-1.awsdns-01.org"),
    ("", None),
    ("   ", None),
    (".", None),
    ("hmrc..gov.uk", None),
    ("-hmrc.gov.uk", None),
    ("hmrc-.gov.uk", None),
    ("under_score.gov.uk", None),
    ("two words.gov.uk", None),
    ("a" * 64 + ".gov.uk", None),
    ("xn--zz.gov.uk", None),  # not valid Punycode
    ("hmrc.gov.uk..", None),  # only one trailing dot is dropped
    ("ab--cd.gov.uk", None),  # hyphens third and fourth are for "xn--" alone (RFC 5891 4.2.3.1)
    ("a" * 63 + "." + "b" * 63 + "." + "c" * 63 + "." + "d" * 61 + ".uk", None),  # 256 characters: over 253
])
def test_normalise_domain(text, expected):
    assert normalise_domain(text) == expected


def _by_idna(text: str) -> str | None:
    """normalise_domain() as it was before plain names were taken as they are: everything through idna."""
    import idna

    name = text.strip().lower()
    name = name[:-1] if name.endswith(".") else name
    if not name or len(name) > 1000:
        return None
    try:
        ascii_name = idna.encode(name, uts46=True).decode("ascii")
    except UnicodeError:
        return None
    return ascii_name if len(ascii_name) <= 253 and names.HOSTNAME.fullmatch(ascii_name) else None


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(alphabet="abxnZ09-", max_size=66), min_size=1, max_size=6).map(".".join))
def test_a_plain_name_is_normalised_as_idna_would(text):
    # Names of letters, digits, hyphens and dots skip idna (ten times slower): the answer must not change.
    assert normalise_domain(text) == _by_idna(text)


def test_normalise_domain_of_a_non_string_is_none():
    assert normalise_domain(None) is None  # type: ignore[arg-type]


# --- find_domains --------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Please update hmrc.gov.uk and cabinetoffice.gov.uk", ["hmrc.gov.uk", "cabinetoffice.gov.uk"]),
    ("HMRC.GOV.UK. is ours, and so is hmrc.gov.uk", ["hmrc.gov.uk"]),
    ("the domain hmrc.gov.uk.", ["hmrc.gov.uk"]),
    ("ns1.hmrc.gov.uk and www.hmrc.gov.uk are hosts, not domains", []),
    ("write to security@hmrc.gov.uk or Hostmaster@DWP.GOV.UK", []),
    ("example.com, example.co.uk and nhs.uk are not under the zone", []),
    ("a .gov.uk domain, or GOV.UK itself", []),
    ("Welsh: bücher.gov.uk, then llyw.gov.uk", ["xn--bcher-kva.gov.uk", "llyw.gov.uk"]),
    ("see https://dwp.gov.uk/contact and <mailto:a@b.gov.uk>", ["dwp.gov.uk"]),
    ("bad-.gov.uk and under_score.gov.uk are not valid", []),
])
def test_find_domains(text, expected):
    assert find_domains(text) == expected


def test_find_domains_under_another_zone():
    assert find_domains("tax.service.gov.uk and hmrc.gov.uk", zone="service.gov.uk") == ["tax.service.gov.uk"]


def test_a_zone_that_is_not_a_domain_is_a_config_error():
    with pytest.raises(ConfigError):
        find_domains("hmrc.gov.uk", zone="not a zone")


# --- is_urgent -----------------------------------------------------------------------------------

@pytest.mark.parametrize("subject, headers, expected", [
    ("URGENT: name server change for hmrc.gov.uk", {}, True),
    ("[Urgent] DS record for dwp.gov.uk", {}, True),
    ("Nameserver change - urgent please", {}, True),
    ("Nameserver change for hmrc.gov.uk", {}, False),
    ("Not urgent: contact update", {}, False),
    ("Non-urgent registrant change", {}, False),
    ("Urgently needed", {}, False),  # "urgent" as a word only
    ("Change", {"Importance": "High"}, True),
    ("Change", {"importance": "normal"}, False),
    ("Change", {"X-Priority": "1 (Highest)"}, True),
    ("Change", {"x-priority": "1"}, True),
    ("Change", {"X-PRIORITY": "3 (Normal)"}, False),
    ("Change", {"Priority": "urgent"}, True),
    ("Change", {"priority": "non-urgent"}, False),
    ("Change", {"X-MSMail-Priority": "High"}, True),
    ("", {}, False),
])
def test_is_urgent(subject, headers, expected):
    assert is_urgent(subject, headers) is expected


# --- extract_change ------------------------------------------------------------------------------

FORM = f"""Hello,

Please action the following change.

Domain: hmrc.gov.uk
Nameservers: ns1.example.net, ns2.example.net
DS: 12345 13 2 {SHA256.lower()}
Contacts: hostmaster@hmrc.gov.uk
Registrant: HM Revenue and Customs

Kind regards,
Registrar NOC
"""

CASES = [
    # (id, subject, body, expected domains, expected changes)
    ("form-all-fields", "Change request", FORM, ["hmrc.gov.uk"], {
        "nameservers": ("ns1.example.net", "ns2.example.net"),
        "ds": (f"12345 13 2 {SHA256}",),
        "contacts": ("hostmaster@hmrc.gov.uk",),
        "registrant": ("HM Revenue and Customs",)}),
    ("form-name-variants", "Change request",
     "Domain name: dwp.gov.uk\nName-servers: NS1.DNS.EXAMPLE.NET.\nName server 2: ns2.dns.example.net\n"
     "NS3: ns3.dns.example.net (192.0.2.53, 2001:db8::53)\n",
     ["dwp.gov.uk"], {"nameservers": ("ns1.dns.example.net", "ns2.dns.example.net", "ns3.dns.example.net")}),
    ("form-list-under-empty-field", "Change request",
     "Domain: dfe.gov.uk\nNew nameservers:\n\n  ns-101.awsdns-12.com.\nns-202.awsdns-25.net\n* ns-303.awsdns-37.org\n"
     "\nThanks\n",
     ["dfe.gov.uk"], {"nameservers": ("ns-101.awsdns-12.com", "ns-202.awsdns-25.net", "ns-303.awsdns-37.org")}),
    ("form-ds-records-two", "DNSSEC",
     f"Domain: defra.gov.uk\nDS record(s):\n 2371 13 2 {SHA256}\n 2372 8 1 {SHA1.lower()}\n",
     ["defra.gov.uk"], {"ds": (f"2371 13 2 {SHA256}", f"2372 8 1 {SHA1}")}),
    ("form-ds-labelled-parts", "DNSSEC for ons.gov.uk",
     f"Key Tag: 2371\nAlgorithm: 13 (ECDSAP256SHA256)\nDigest Type: 2 (SHA-256)\n"
     f"Digest: {SHA256[:32]}\n        {SHA256[32:]}\n",
     ["ons.gov.uk"], {"ds": (f"2371 13 2 {SHA256}",)}),
    ("form-dnssec-remove", "Change", "Domain: mod.gov.uk\nDNSSEC: remove\n", ["mod.gov.uk"], {"ds": ()}),
    # Words that are neither a record nor say to remove them empty nothing: the domain is asked about.
    ("form-ds-unreadable", "Change", "Domain: mod.gov.uk\nDS: 99999999 300 9 XYZ\n", ["mod.gov.uk"], {}),
    ("form-contacts-variants", "Contact update",
     "Domain: ofsted.gov.uk\nAdmin contact: Hostmaster@Ofsted.gov.uk\nTechnical contact: dns-team@ofsted.gov.uk\n"
     "Contact(s):\nsecurity@ofsted.gov.uk\n",
     ["ofsted.gov.uk"], {"contacts": ("hostmaster@ofsted.gov.uk", "dns-team@ofsted.gov.uk", "security@ofsted.gov.uk")}),
    ("form-registrant-name", "Registrant change",
     "Domain: dluhc.gov.uk\nRegistrant name: Department for Levelling Up,\n    Housing and Communities\n",
     ["dluhc.gov.uk"], {"registrant": ("Department for Levelling Up, Housing and Communities",)}),
    ("form-unchanged-fields-are-not-asked", "Change",
     "Domain: nao.gov.uk\nNameservers: ns1.example.net\nDS: n/a\nContacts: no change\nRegistrant: -\n",
     ["nao.gov.uk"], {"nameservers": ("ns1.example.net",)}),
    ("form-several-domains", "Bulk change",
     "Domain: hmrc.gov.uk\nDomain: HMRC-Tax.gov.uk.\nDomains: dwp.gov.uk, hmrc.gov.uk\n"
     "NS: ns1.example.net ns2.example.net\n",
     ["hmrc.gov.uk", "hmrc-tax.gov.uk", "dwp.gov.uk"], {"nameservers": ("ns1.example.net", "ns2.example.net")}),
    ("prose-nameservers", "Name server change for hmrc.gov.uk",
     "Hello,\n\nPlease could you update the name servers for hmrc.gov.uk to\nns1.newdns.co.uk and ns2.newdns.co.uk.\n\n"
     "Thanks,\nExample Registrar NOC\n",
     ["hmrc.gov.uk"], {"nameservers": ("ns1.newdns.co.uk", "ns2.newdns.co.uk")}),
    ("prose-nameservers-list", "Nameserver change",
     "Hi,\n\nWe would like to change the nameservers of cabinetoffice.gov.uk to the following:\n\n"
     "ns-1.awsdns-01.org\nns-2.awsdns-02.co.uk\n\nMany thanks\n",
     ["cabinetoffice.gov.uk"], {"nameservers": ("ns-1.awsdns-01.org", "ns-2.awsdns-02.co.uk")}),
    ("prose-ns-records-from-to", "Re-delegation",
     "Please change the NS records for MOJ.GOV.UK. from ns1.olddns.net and ns2.olddns.net to "
     "ns1.newdns.net and ns2.newdns.net (currently ns3.olddns.net).",
     ["moj.gov.uk"], {"nameservers": ("ns1.newdns.net", "ns2.newdns.net")}),
    ("prose-delegation-from-and-to-lists", "Delegation",
     "Please move the delegation for hse.gov.uk from:\nns1.old.example\nns2.old.example\nto:\n"
     "ns1.new.example\nns2.new.example\n\nRegards\n",
     ["hse.gov.uk"], {"nameservers": ("ns1.new.example", "ns2.new.example")}),
    ("prose-ds-add", "DS record",
     f"Please add the following DS record for example.gov.uk: 2371 13 2 {SHA256_B.lower()}\nThank you.",
     ["example.gov.uk"], {"ds": (f"2371 13 2 {SHA256_B}",)}),
    ("prose-ds-zone-file-line", "DNSSEC",
     f"Could you please publish the DS below for beis.gov.uk\n\nbeis.gov.uk. 3600 IN DS 41043 13 2 (\n"
     f"    {SHA256[:32]}\n    {SHA256[32:]} )\n\nBest regards",
     ["beis.gov.uk"], {"ds": (f"41043 13 2 {SHA256}",)}),
    ("prose-ds-remove", "DNSSEC", "Please remove the DS records for x.gov.uk as we are moving provider.",
     ["x.gov.uk"], {"ds": ()}),
    ("prose-dnssec-disable", "DNSSEC",
     f"We need to disable DNSSEC on fco.gov.uk; the old record was 2371 13 2 {SHA256}.",
     ["fco.gov.uk"], {"ds": ()}),
    ("prose-admin-contact", "Contact change",
     "Please change the admin contact for x.gov.uk to hostmaster@x.gov.uk", ["x.gov.uk"],
     {"contacts": ("hostmaster@x.gov.uk",)}),
    ("prose-contacts-from-to", "Contacts",
     "We have a request from jo.bloggs@dvla.gov.uk to update the technical contact for dvla.gov.uk from "
     "old-team@dvla.gov.uk to DNS-Team@DVLA.gov.uk.",
     ["dvla.gov.uk"], {"contacts": ("dns-team@dvla.gov.uk",)}),
    ("prose-registrant-name", "Registrant",
     "Please update the registrant name for dluhc.gov.uk to Department for Levelling Up.\n\nThanks",
     ["dluhc.gov.uk"], {"registrant": ("Department for Levelling Up",)}),
    ("prose-registrant-transfer", "Transfer",
     "Following a machinery of government change, please transfer the registrant of beis.gov.uk to "
     "Department for Business and Trade, thank you.",
     ["beis.gov.uk"], {"registrant": ("Department for Business and Trade",)}),
    ("prose-registrant-after-colon", "Registrant",
     "For desnz.gov.uk, the new registrant is:\n\nDepartment for Energy Security and Net Zero\n",
     ["desnz.gov.uk"], {"registrant": ("Department for Energy Security and Net Zero",)}),
    ("prose-kind-clear-values-not", "Name servers for ukhsa.gov.uk",
     "Please update the nameservers for ukhsa.gov.uk as per the attached letter.",
     ["ukhsa.gov.uk"], {}),  # no name server at all is never a set of them
    ("prose-two-kinds-one-sentence", "Changes",
     f"Please change the nameservers for ipo.gov.uk to ns1.example.org and ns2.example.org and add the DS "
     f"record 60485 8 2 {SHA256}.",
     ["ipo.gov.uk"], {"nameservers": ("ns1.example.org", "ns2.example.org"), "ds": (f"60485 8 2 {SHA256}",)}),
    ("prose-several-domains", "Nameserver change",
     "Please change the name servers for dft.gov.uk, DVSA.gov.uk and dvla.gov.uk to ns1.example.net and "
     "ns2.example.net.",
     ["dft.gov.uk", "dvsa.gov.uk", "dvla.gov.uk"], {"nameservers": ("ns1.example.net", "ns2.example.net")}),
    ("idn-domain", "Newid gweinyddwyr enwau",
     "Please update the nameservers for bücher.gov.uk to ns1.example.net.",
     ["xn--bcher-kva.gov.uk"], {"nameservers": ("ns1.example.net",)}),
    ("hosts-and-addresses-are-not-targets", "Nameserver change",
     "Please update the nameservers for home-office.gov.uk to ns1.home-office.gov.uk and "
     "ns2.home-office.gov.uk. Questions to hostmaster@ho.gov.uk or see www.hodns.gov.uk.",
     ["home-office.gov.uk"], {"nameservers": ("ns1.home-office.gov.uk", "ns2.home-office.gov.uk")}),
    ("other-zones-ignored", "Nameserver change",
     "Please update the nameservers for nhs.uk, example.com and gds.gov.uk to ns1.example.com.",
     ["gds.gov.uk"], {"nameservers": ("ns1.example.com",)}),
    ("target-is-never-a-nameserver", "Nameservers",
     "Please change the nameservers: cps.gov.uk should use ns1.cps.gov.uk and ns2.example.net.",
     ["cps.gov.uk"], {"nameservers": ("ns1.cps.gov.uk", "ns2.example.net")}),
    ("quoted-reply-and-signature-ignored", "Re: [RL-000123] Nameserver change",
     "Please also update the name servers for acas.gov.uk to ns1.example.net.\n\n"
     "On 3 May 2025, at 10:02, Registry <lock@registry.example> wrote:\n"
     "> Please change the nameservers for ico.gov.uk to ns9.attacker.example\n"
     "> Registrant: Someone Else\n\n-- \nJo Bloggs\nRegistrar Ltd | www.registrar.example | "
     "Please contact dns.gov.uk about DNSSEC changes\n",
     ["acas.gov.uk"], {"nameservers": ("ns1.example.net",)}),
    ("outlook-reply-ignored", "RE: DS",
     "Please remove the DS records for ofgem.gov.uk.\n\n-----Original Message-----\nFrom: x\n"
     "Please change the contact for ofwat.gov.uk to a@ofwat.gov.uk\n",
     ["ofgem.gov.uk"], {"ds": ()}),
    ("form-current-and-new-lists", "Nameserver change",
     "Domain: ofqual.gov.uk\nCurrent nameservers:\nns1.old.example\nns2.old.example\n\n"
     "New nameservers:\nns1.new.example\nns2.new.example\n",
     ["ofqual.gov.uk"], {"nameservers": ("ns1.new.example", "ns2.new.example")}),
    ("prose-list-stops-at-signature", "Nameservers",
     "Please change the nameservers for ukri.gov.uk to:\nns1.example.net\nns2.example.net\nThanks\nJo\n"
     "Registrar Ltd\nwww.registrar.example\n",
     ["ukri.gov.uk"], {"nameservers": ("ns1.example.net", "ns2.example.net")}),
    ("prose-new-nameservers-next-sentence", "Nameservers",
     "Please update the nameservers for met.gov.uk. The new nameservers are ns1.example.net and "
     "ns2.example.net.\n\nThanks",
     ["met.gov.uk"], {"nameservers": ("ns1.example.net", "ns2.example.net")}),
    ("prose-replace-with", "Nameservers",
     "Please replace ns1.old.example with ns1.new.example in the name servers for dwp.gov.uk.",
     ["dwp.gov.uk"], {"nameservers": ("ns1.new.example",)}),
    ("prose-redelegate", "Re-delegation",
     "We've been asked by our customer to re-delegate dvla.gov.uk to Cloudflare: ana.ns.cloudflare.com and "
     "bob.ns.cloudflare.com. Please let us know if you need anything.",
     ["dvla.gov.uk"], {"nameservers": ("ana.ns.cloudflare.com", "bob.ns.cloudflare.com")}),
    ("prose-registrant-should-now-be", "Registrant",
     "Please update the registrant for hmrc.gov.uk. The registrant should now be HM Revenue & Customs.",
     ["hmrc.gov.uk"], {"registrant": ("HM Revenue & Customs",)}),
    ("prose-contacts-list", "Contacts",
     "We'd like to update the contacts for hmrc.gov.uk:\n\nAdmin: admin@hmrc.gov.uk\nTech: tech@hmrc.gov.uk\n",
     ["hmrc.gov.uk"], {"contacts": ("admin@hmrc.gov.uk", "tech@hmrc.gov.uk")}),
    ("numbers-are-not-a-ds-record", "DNSSEC",
     "Please add DS 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 "
     "for nda.gov.uk",
     ["nda.gov.uk"], {}),  # no record read: nothing is emptied, the domain is asked about
    ("domain-but-no-change", "Question about hmrc.gov.uk",
     "Hello, could you tell us which name servers hmrc.gov.uk uses? If you need anything, please contact us.",
     ["hmrc.gov.uk"], {}),
    ("contact-as-a-verb-is-not-a-change", "Query",
     "If you need to change anything please contact our support desk at support@registrar.example",
     [], {}),
]


@pytest.mark.parametrize("subject, body, domains, changes", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_extract_change(subject, body, domains, changes):
    request = extract_change(subject, body, {})
    assert request.domains == tuple(domains)
    assert request.changes == changes
    assert list(request.changes) == [f for f in FIELDS if f in changes]  # in the order of FIELDS
    assert request.urgent is False


def test_extract_change_reads_urgency_from_subject_and_headers():
    body = "Please update the nameservers for hmrc.gov.uk to ns1.example.net."
    assert extract_change("URGENT nameserver change", body, {}).urgent is True
    assert extract_change("Nameserver change", body, {"IMPORTANCE": "high"}).urgent is True
    assert extract_change("Not urgent: nameserver change", body, {"X-Priority": "3"}).urgent is False


# --- digest --------------------------------------------------------------------------------------

def _asking(domains: tuple[str, ...], changes: dict, urgent: bool = False) -> ChangeRequest:
    """A request asking each domain for the complete sets `changes`."""
    asks = {d: {f: Ask(new=tuple(v)) for f, v in changes.items()} for d in domains}
    return ChangeRequest(domains, asks, {}, urgent)


def _request(**changes) -> ChangeRequest:
    return _asking(("hmrc.gov.uk", "dwp.gov.uk"), changes)


def test_digest_is_the_same_for_equivalent_mails():
    one = extract_change("Change", FORM, {})
    other = extract_change("URGENT", f"""Registrant:   HM REVENUE  AND CUSTOMS
Contacts: HOSTMASTER@HMRC.GOV.UK
DS record: 12345 13 2 {SHA256[:40]} {SHA256[40:]}
Name servers: NS2.EXAMPLE.NET. ns1.example.net
Domain: HMRC.gov.uk.
""", {})
    assert one.digest() == other.digest()
    assert len(one.digest()) == 64 and int(one.digest(), 16) >= 0


def test_digest_ignores_order_case_and_whitespace_of_values():
    a = _request(nameservers=("ns1.example.net", "ns2.example.net"), contacts=("a@hmrc.gov.uk",))
    b = _asking(("DWP.GOV.UK.", " hmrc.gov.uk"),
                {"contacts": ("A@HMRC.gov.uk ",), "nameservers": ("NS2.example.net.", "ns1.example.net")}, True)
    assert a.digest() == b.digest()


@pytest.mark.parametrize("changes", [
    {"nameservers": ("ns1.example.net", "ns3.example.net")},
    {"nameservers": ("ns1.example.net",)},
    {"nameservers": ("ns1.example.net", "ns2.example.net"), "ds": ()},
    {"ds": ("12345 13 2 " + SHA256,)},
])
def test_digest_differs_when_a_value_differs(changes):
    base = _request(nameservers=("ns1.example.net", "ns2.example.net"))
    assert _request(**changes).digest() != base.digest()
    assert _asking(("hmrc.gov.uk",), base.changes).digest() != base.digest()


def test_digest_canonicalises_ds_records():
    spaced = _request(ds=(f"12345  13 2 {SHA256[:32].lower()} {SHA256[32:]}",))
    assert spaced.digest() == _request(ds=(f"12345 13 2 {SHA256}",)).digest()
    assert spaced.digest() != _request(ds=(f"12346 13 2 {SHA256}",)).digest()


def test_a_change_request_can_be_hashed():
    assert hash(_request(ds=())) == hash(_request(ds=()))


# --- junk in, nothing out ------------------------------------------------------------------------

@pytest.mark.parametrize("body", [
    "",
    "   \n\n\t",
    "\x00\x01\x02\xff\ufffd" * 50,
    "-- ",
    "Nameservers:",
    "Serial: 99999999 300 9 XYZ",
    "@@@ ... --- ::: >>> \udc80\udcff",
    "🙂" * 1000,
    "Nameservers:" + "\n" * 50000 + "x",
    "(" * 100000,
    "a." * 5000,
    ".gov.uk " * 500,
])
def test_junk_gives_an_empty_request(body):
    request = extract_change("", body, {})
    assert request == ChangeRequest()
    assert request.digest() == ChangeRequest().digest()


def test_non_text_gives_an_empty_request():
    assert extract_change(None, None, None) == ChangeRequest()  # type: ignore[arg-type]
    assert extract_change("", b"\xff\xfe binary", {}) == ChangeRequest()  # type: ignore[arg-type]


def test_random_text_never_raises():
    rng = random.Random(20250503)
    pieces = ["Nameservers:", "DS:", "Contact:", "Registrant:", "registrant to ", "change the nameservers",
              "hmrc.gov.uk", "ns1.example.net", "@", ".", "-", ":", "\n", "\n\n", "> ", "-- \n", "2371", "13", "2",
              SHA256, "(", ")", "bücher", "\u3002", "xn--", "to:", "from:", "following:", " ", "é", "\x00", "\udc80"]
    for _ in range(300):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        request = extract_change(text[:20], text, {"X-Priority": text[:3]})
        assert set(request.changes) <= set(FIELDS)
        request.digest()


def test_a_huge_mail_is_read_quickly():
    body = ("Please update the nameservers for hmrc.gov.uk to ns1.example.net. " + "blah " * 40 + "\n") * 5000
    started = time.process_time()
    request = extract_change("", body, {})
    assert time.process_time() - started < 10
    assert request.domains == ("hmrc.gov.uk",)
    assert request.changes == {"nameservers": ("ns1.example.net",)}


def test_every_accepted_form_name_is_documented():
    documented = " ".join(simple_form.__doc__.lower().split())
    for name in simple_form.FORM_NAMES:
        assert name in documented, name


def _masked_run_by_run(text: str) -> str:
    """names.mask_names as it was: every run of RUN looked at."""
    out = list(text)
    for run in names.RUN.finditer(text):
        word = run.group().rstrip(names.DOTS)
        if "@" in word or any(d in word for d in names.DOTS):
            out[run.start():run.start() + len(word)] = "x" * len(word)
    return "".join(out)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab .@+-\n\u3002\uff0e\u0301é1_", max_size=80))
def test_masking_looks_only_at_runs_with_a_dot_or_an_at_and_blanks_the_same(text):
    assert names.mask_names(text) == _masked_run_by_run(text)


def test_a_server_the_sender_asks_to_keep_as_well_is_one_more_of_the_new_set():
    body = ("Signed off - go ahead. Quick update though: the council rang back and would like to keep "
            "ns-b.oldhost.example too.\n\nDomain: nhsbt.gov.uk\nCurrent: ns-a.oldhost.example, ns-b.oldhost.example\n"
            "New: dns1.newhost.example, dns2.newhost.example\n")
    request = extract_change("Name server move", body, {})
    ask = request.asks["nhsbt.gov.uk"]["nameservers"]
    assert set(ask.new) == {"dns1.newhost.example", "dns2.newhost.example", "ns-b.oldhost.example"}
    assert ask.keep == ("ns-b.oldhost.example",)
    # resolve() holds it to the registry: a server to keep that the domain does not have is asked about.
    assert resolve("nameservers", ask, ["ns-a.oldhost.example", "ns-b.oldhost.example"]).values is not None
    assert resolve("nameservers", ask, ["ns-a.oldhost.example", "ns-c.oldhost.example"]).values is None


def test_a_server_to_keep_as_well_that_a_table_of_replacements_takes_out_stays():
    body = ("Please make this change for nhsbt.gov.uk:\n\nExisting\tReplacement\nns-a.oldhost.example\t"
            "dns1.newhost.example\nns-b.oldhost.example\tdns2.newhost.example\n\nOne more thing: the council rang "
            "and would like to keep ns-b.oldhost.example as well for now.\n")
    ask = extract_change("Name server move", body, {}).asks["nhsbt.gov.uk"]["nameservers"]
    assert set(resolve("nameservers", ask, ["ns-a.oldhost.example", "ns-b.oldhost.example"]).values) == {
        "ns-b.oldhost.example", "dns1.newhost.example", "dns2.newhost.example"}
    # A server to keep that the table does not take out: what it was meant to keep beside, the mail does not say.
    other = body.replace("keep ns-b.oldhost.example", "keep ns-c.oldhost.example")
    assert "keep ns-c.oldhost.example as well" in extract_change("Name server move", other, {}).unclear["nhsbt.gov.uk"]


def test_a_server_to_keep_as_well_beside_no_one_domain_s_new_set_is_asked_about():
    additions = ("Please add dns3.newhost.example to nhsbt.gov.uk. They also want to keep ns-b.oldhost.example as "
                 "well.\n")
    two = ("nhsbt.gov.uk and nhsbt-jobs.gov.uk: new name servers dns1.newhost.example, dns2.newhost.example. Please "
           "keep ns-b.oldhost.example as well.\n")
    for body in (additions, two):
        request = extract_change("Name servers", body, {})
        assert not any(request.asks.values())
        assert "keep ns-b.oldhost.example as well" in request.unclear["nhsbt.gov.uk"]
