"""Tests for the contact-address policy (mailbot.policy.addresses), its rules.yaml section, and its use on import."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

from mailbot.errors import ConfigError, InputError
from mailbot.policy.addresses import RULES, WAIVABLE, Refusal, check_contact, check_lock_contacts, normalise_address
from mailbot.registry import import_file
from mailbot.rules import ROLE_WORDS, ContactPolicy, load_rules
from mailbot.settings import DEFAULT_RULES
from mailbot.store.models import Contact
from tests.support.constants import EXAMPLES

POLICY = ContactPolicy()
SHIPPED = DEFAULT_RULES
SHIPPED_DATA = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
EXAMPLE = EXAMPLES / "registry.json"
EXAMPLE_DATA = json.loads(EXAMPLE.read_text(encoding="utf-8"))
ORG0 = "organisations[0] (HM Revenue and Customs)"
JANE = ["Jane Smith"]

# Each case: the address, the names known for it (display name, name on the form), the rule it breaks or None.
CASES = [
    # -- free-mail and consumer providers, wildcards and sub-domains included
    ("jane@gmail.com", (), "personal-provider"),
    ("JANE.SMITH@GMAIL.COM", (), "personal-provider"),
    ("security@gmail.com", (), "personal-provider"),
    ("security@googlemail.com", (), "personal-provider"),
    ("hmrc.soc@hotmail.com", (), "personal-provider"),
    ("security@hotmail.co.uk", (), "personal-provider"),
    ("security@hotmail.fr", (), "personal-provider"),
    ("security@live.co.uk", (), "personal-provider"),
    ("security@outlook.com", (), "personal-provider"),
    ("security@outlook.fr", (), "personal-provider"),
    ("security@msn.com", (), "personal-provider"),
    ("security@yahoo.fr", (), "personal-provider"),
    ("security@yahoo.co.uk", (), "personal-provider"),
    ("security@uk.yahoo.com", (), "personal-provider"),
    ("security@ymail.com", (), "personal-provider"),
    ("security@icloud.com", (), "personal-provider"),
    ("security@me.com", (), "personal-provider"),
    ("security@mac.com", (), "personal-provider"),
    ("security@aol.com", (), "personal-provider"),
    ("security@aol.co.uk", (), "personal-provider"),
    ("security@proton.me", (), "personal-provider"),
    ("security@protonmail.com", (), "personal-provider"),
    ("security@pm.me", (), "personal-provider"),
    ("security@gmx.de", (), "personal-provider"),
    ("security@gmx.co.uk", (), "personal-provider"),
    ("security@mail.com", (), "personal-provider"),
    ("security@yandex.ru", (), "personal-provider"),
    ("security@zoho.com", (), "personal-provider"),
    ("security@fastmail.com", (), "personal-provider"),
    ("security@fastmail.fm", (), "personal-provider"),
    ("security@hey.com", (), "personal-provider"),
    ("security@tutanota.com", (), "personal-provider"),
    ("security@btinternet.com", (), "personal-provider"),
    ("security@mail.btinternet.com", (), "personal-provider"),
    ("security@btopenworld.com", (), "personal-provider"),
    ("security@sky.com", (), "personal-provider"),
    ("security@virginmedia.com", (), "personal-provider"),
    ("security@ntlworld.com", (), "personal-provider"),
    ("security@blueyonder.co.uk", (), "personal-provider"),
    ("security@talktalk.net", (), "personal-provider"),
    ("security@tiscali.co.uk", (), "personal-provider"),
    ("security@plus.net", (), "personal-provider"),
    ("security@Mail.BTInternet.COM", (), "personal-provider"),
    ("security@ｇｍａｉｌ.com", (), "personal-provider"),  # full-width letters: IDNA maps them to gmail.com
    # a listed name inside a .gov.uk domain is not the provider: the `*` stands for one or two labels only
    ("security@live.service.gov.uk", (), None),
    ("security@hotmail.hmrc.gov.uk", (), None),
    ("security@notgmail.com", (), None),
    ("security@gmail.com.hmrc.gov.uk", (), None),
    # -- the workplace addresses of individuals
    ("jane.smith@hmrc.gov.uk", (), "individual"),
    ("j.smith@hmrc.gov.uk", (), "individual"),
    ("jane_smith@hmrc.gov.uk", (), "individual"),
    ("jane-smith@hmrc.gov.uk", (), "individual"),
    ("jane.smith2@hmrc.gov.uk", (), "individual"),
    ("JANE.SMITH@HMRC.GOV.UK", (), "individual"),
    ("jane.a.smith@hmrc.gov.uk", (), "individual"),
    ("zoë.brontë@hmrc.gov.uk", (), "individual"),
    ("jane.smith.security@hmrc.gov.uk", (), "individual"),
    ("security.jane.smith@hmrc.gov.uk", (), "individual"),
    ("jane.smith+security@hmrc.gov.uk", (), "individual"),
    ("jane-smith-soc@hmrc.gov.uk", (), "individual"),
    # made from the name given
    ("janesmith@hmrc.gov.uk", JANE, "person-name"),
    ("jsmith@hmrc.gov.uk", JANE, "person-name"),
    ("j.smith@hmrc.gov.uk", JANE, "person-name"),
    ("smithj@hmrc.gov.uk", JANE, "person-name"),
    ("smith.jane@hmrc.gov.uk", JANE, "person-name"),
    ("jane.s@hmrc.gov.uk", JANE, "person-name"),
    ("jane_smith99@hmrc.gov.uk", JANE, "person-name"),
    ("jane@hmrc.gov.uk", JANE, "person-name"),
    ("smith@hmrc.gov.uk", JANE, "person-name"),
    ("janesmith@hmrc.gov.uk", ["Smith, Jane"], "person-name"),
    ("jsmith@hmrc.gov.uk", ["Smith, Jane"], "person-name"),
    ("jsmith@hmrc.gov.uk", ["Dr Jane Smith OBE"], "person-name"),
    ("janesmith.security@hmrc.gov.uk", JANE, "person-name"),
    ("jane.security@hmrc.gov.uk", JANE, "person-name"),
    ("hmrc.jsmith@hmrc.gov.uk", JANE, "person-name"),
    ("zoe.bronte@hmrc.gov.uk", ["Zoë Brontë"], "person-name"),
    ("maryobrien@hmrc.gov.uk", ["Mary O'Brien"], "person-name"),
    ("jsmith-jones@hmrc.gov.uk", ["Jane Smith-Jones"], "person-name"),
    ("janesmith@hmrc.gov.uk", ["Jane Smith (Head of Security)"], "person-name"),
    ("janesmith@hmrc.gov.uk", ["Security Team", "Jane Smith"], "person-name"),
    # without the name, one word cannot be told from a person's: it is refused as not a team's
    ("janesmith@hmrc.gov.uk", (), "not-a-team-address"),
    ("jsmith@hmrc.gov.uk", (), "not-a-team-address"),
    # -- display-name tricks: the name only in the display name, or a display name claiming to be a team
    ("jane.smith@hmrc.gov.uk", ["Security Team"], "individual"),
    ("janesmith@hmrc.gov.uk", ["HMRC Security Operations"], "not-a-team-address"),
    ('"Jane Smith" <janesmith@hmrc.gov.uk>', (), "malformed"),
    ('"Security Team" <jane.smith@hmrc.gov.uk>', (), "malformed"),
    # a person's name on a team mailbox (the sender's display name) does not make it theirs
    ("security@hmrc.gov.uk", JANE, None),
    ("hmrc-security@hmrc.gov.uk", ["HMRC Security"], None),
    ("cyber-security@hmrc.gov.uk", ["HMRC Cyber Security Operations"], None),
    ("soc@hmrc.gov.uk", ["HMRC Security Operations Centre"], None),
    ("clerk@little-ashby-pc.gov.uk", ["Little Ashby Parish Council"], None),
    # -- team addresses
    ("security@hmrc.gov.uk", (), None),
    ("cyber-security@hmrc.gov.uk", (), None),
    ("soc@hmrc.gov.uk", (), None),
    ("csirt@hmrc.gov.uk", (), None),
    ("hostmaster@hmrc.gov.uk", (), None),
    ("dns@hmrc.gov.uk", (), None),
    ("noc@hmrc.gov.uk", (), None),
    ("itsupport@hmrc.gov.uk", (), None),
    ("servicedesk@hmrc.gov.uk", (), None),
    ("it-servicedesk@hmrc.gov.uk", (), None),
    ("itservicedesk@hmrc.gov.uk", (), None),
    ("cybersecurity@hmrc.gov.uk", (), None),
    ("securityops@hmrc.gov.uk", (), None),
    ("dns-changes@hmrc.gov.uk", (), None),
    ("security-team2@hmrc.gov.uk", (), None),
    ("soc24x7@hmrc.gov.uk", (), None),  # digits end a word: soc, x
    ("247soc@hmrc.gov.uk", (), None),
    ("it.support@hmrc.gov.uk", (), None),
    ("registrylock@hmrc.gov.uk", (), None),
    ("hmrc-security@hmrc.gov.uk", (), None),
    ("hmrc-cyber-security@hmrc.gov.uk", (), None),
    ("little-ashby-clerk@little-ashby-pc.gov.uk", (), None),
    ("SOC@HMRC.GOV.UK", (), None),
    ("Security@Digital.HMRC.gov.uk", (), None),
    ("security@digital.hmrc.gov.uk", (), None),
    ("security+registry@hmrc.gov.uk", (), None),
    ("diogelwch@llyw.cymru", (), None),
    ("tîm-digidol@llyw.cymru", (), None),
    # -- in doubt: refused, saying how to ask GDS
    ("random@hmrc.gov.uk", (), "not-a-team-address"),
    ("qwerty@hmrc.gov.uk", (), "not-a-team-address"),
    ("dnsmith@hmrc.gov.uk", (), "not-a-team-address"),
    ("x@hmrc.gov.uk", (), "not-a-team-address"),
    ("12345@hmrc.gov.uk", (), "not-a-team-address"),
    ("little-ashby@little-ashby-pc.gov.uk", (), "not-a-team-address"),
    # -- internationalised addresses
    ("security@bücher.gov.uk", (), None),
    ("SECURITY@BÜCHER.gov.uk", (), None),
    ("sécurité@hmrc.gov.uk", (), "not-a-team-address"),  # decided on its words: not a role word by default
    ("ѕecurity@hmrc.gov.uk", (), "not-a-team-address"),  # a Cyrillic ѕ
    ("ѕecurity-team@hmrc.gov.uk", (), "not-a-team-address"),  # a real team word beside it does not help
    ("ѕес@hmrc.gov.uk", (), "not-a-team-address"),  # all Cyrillic, and looks like sec
    ("sοc@hmrc.gov.uk", (), "not-a-team-address"),  # a Greek omicron
    ("ｓｅｃｕｒｉｔｙ@hmrc.gov.uk", (), "not-a-team-address"),  # full-width letters are not the word
    # -- malformed
    ("securityhmrc.gov.uk", (), "malformed"),
    ("security@@hmrc.gov.uk", (), "malformed"),
    ("jane@gmail.com@hmrc.gov.uk", (), "malformed"),
    ("security @hmrc.gov.uk", (), "malformed"),
    ("security@hmrc.gov.uk ", (), "malformed"),
    ("secu\u00a0rity@hmrc.gov.uk", (), "malformed"),
    ("security\t@hmrc.gov.uk", (), "malformed"),
    ('"security"@hmrc.gov.uk', (), "malformed"),
    ('"jane@gmail.com"@hmrc.gov.uk', (), "malformed"),
    ("Security <security@hmrc.gov.uk>", (), "malformed"),
    ("<security@hmrc.gov.uk>", (), "malformed"),
    ("security(team)@hmrc.gov.uk", (), "malformed"),
    ("alice@example.org)<security@hmrc.gov.uk>", (), "malformed"),  # the CVE-2023-27043 kind
    ("security@hmrc.gov.uk\r\nBcc: jane@gmail.com", (), "malformed"),
    ("security@hmrc.gov.uk\n", (), "malformed"),
    ("security.@hmrc.gov.uk", (), "malformed"),
    (".security@hmrc.gov.uk", (), "malformed"),
    ("sec..urity@hmrc.gov.uk", (), "malformed"),
    ("security@hmrc.gov.uk.", (), "malformed"),
    ("security@hmrc..gov.uk", (), "malformed"),
    ("@hmrc.gov.uk", (), "malformed"),
    ("security@", (), "malformed"),
    ("", (), "malformed"),
    ("security@localhost", (), "malformed"),
    ("security@[192.0.2.1]", (), "malformed"),
    ("sec,urity@hmrc.gov.uk", (), "malformed"),
    ("security＠gmail.com@hmrc.gov.uk", (), "malformed"),
    ("\u202esecurity@hmrc.gov.uk", (), "malformed"),  # a right-to-left override
    ("secu\u200brity@hmrc.gov.uk", (), "malformed"),  # a zero-width space
    ("security\x00@hmrc.gov.uk", (), "malformed"),
    ("se\u0301curite\u0301@hmrc.gov.uk", (), "malformed"),  # decomposed (NFD), not NFC
    ("s" * 65 + "@hmrc.gov.uk", (), "malformed"),
]


def _id(case) -> str:
    address, names, rule = case
    return f"{address!r}{list(names) if names else ''}->{rule}"


@pytest.mark.parametrize("address, names, rule", CASES, ids=[_id(c) for c in CASES])
def test_each_address_is_judged_by_the_first_rule_it_breaks(address, names, rule):
    refusal = check_contact(address, POLICY, names=names)
    assert (refusal.rule if refusal else None) == rule, refusal
    if refusal is not None:
        assert refusal.rule in RULES
        assert refusal.address == address
        assert refusal.reason and refusal.advice
        line = str(refusal)
        assert "\n" not in line and "\r" not in line
        shown = address if address.isprintable() else repr(address)
        assert line == f"{shown}: {refusal.reason} {refusal.advice}"
        assert shown in refusal.reason


def test_there_are_enough_cases():
    assert len(CASES) >= 80
    assert {rule for _, _, rule in CASES} == set(RULES) - {"in-whois"} | {None}


# -- what the refusals say ----------------------------------------------------------------------


def test_a_personal_address_names_the_provider_and_asks_for_a_team_mailbox():
    r = check_contact("security@mail.btinternet.com", POLICY)
    assert "btinternet.com" in r.reason and "free or consumer email provider" in r.reason
    assert "shared team mailbox" in r.advice


def test_a_persons_address_names_the_name_and_suggests_a_team_mailbox_at_the_same_domain():
    r = check_contact("jsmith@hmrc.gov.uk", POLICY, names=["Smith, Jane"])
    assert r.reason.startswith("jsmith@hmrc.gov.uk is the workplace address of one person")
    assert "Smith, Jane" in r.reason
    assert r.advice == "Give a shared team mailbox such as security@hmrc.gov.uk that does not depend on one person."
    assert str(r).startswith("jsmith@hmrc.gov.uk: jsmith@hmrc.gov.uk is the workplace address")


def test_a_name_with_a_team_word_names_both():
    r = check_contact("jane.smith.security@hmrc.gov.uk", POLICY)
    assert "security" in r.reason and "jane smith" in r.reason


def test_in_doubt_the_refusal_says_so_and_how_to_ask_gds():
    r = check_contact("dnsmith@hmrc.gov.uk", POLICY)
    assert "may be one person's" in r.reason
    assert "if dnsmith@hmrc.gov.uk really is a team's shared mailbox, ask GDS to allow it" in r.advice


def test_a_look_alike_names_the_word_it_imitates_and_the_script():
    r = check_contact("ѕecurity@hmrc.gov.uk", POLICY)
    assert "security" in r.reason and "Cyrillic" in r.reason
    assert "ask GDS to allow it" in r.advice


def test_a_malformed_address_says_what_is_wrong_on_one_line():
    r = check_contact("security@hmrc.gov.uk\r\nBcc: jane@gmail.com", POLICY)
    assert "line break" in r.reason
    assert str(r).startswith("'security@hmrc.gov.uk\\r\\nBcc: jane@gmail.com': ")
    assert "\n" not in str(r)
    assert "more than one @" in check_contact("a@b@hmrc.gov.uk", POLICY).reason
    assert "display name" in check_contact('"Jane" <jane@hmrc.gov.uk>', POLICY).reason
    assert "NFC" in check_contact("se\u0301curite\u0301@hmrc.gov.uk", POLICY).reason
    assert "U+202E" in check_contact("\u202esecurity@hmrc.gov.uk", POLICY).reason


def test_the_advice_for_an_internationalised_domain_shows_its_letters():
    r = check_contact("random@bücher.gov.uk", POLICY)
    assert "security@bücher.gov.uk" in r.advice


def test_refusal_is_a_frozen_value():
    r = Refusal(address="a@b.example", rule="malformed", reason="Bad.", advice="Fix it.")
    assert str(r) == "a@b.example: Bad. Fix it."
    with pytest.raises(AttributeError):
        r.rule = "in-whois"


# -- normalising ---------------------------------------------------------------------------------


@pytest.mark.parametrize("address, normal", [
    ("Security@HMRC.GOV.UK", "security@hmrc.gov.uk"),
    ("security@bücher.gov.uk", "security@xn--bcher-kva.gov.uk"),
    ("security@BÜCHER.gov.uk", "security@xn--bcher-kva.gov.uk"),
    ("security@xn--bcher-kva.gov.uk", "security@xn--bcher-kva.gov.uk"),
    ("SÉCURITÉ@hmrc.gov.uk", "sécurité@hmrc.gov.uk"),
    ("O'Brien+dns@hmrc.gov.uk", "o'brien+dns@hmrc.gov.uk"),
    ("security@ｇｍａｉｌ.com", "security@gmail.com"),
    ("security@hmrc.gov.uk.", None),
    ("se\u0301curite\u0301@hmrc.gov.uk", None),
    ("Security Team <security@hmrc.gov.uk>", None),
    ("security", None),
    (None, None),
])
def test_normalise_address(address, normal):
    assert normalise_address(address) == normal


# -- the operator's allowance --------------------------------------------------------------------


@pytest.mark.parametrize("address, allowed", [
    ("gwynedd@gwynedd.llyw.cymru", ["gwynedd@gwynedd.llyw.cymru"]),
    ("Gwynedd@Gwynedd.LLYW.cymru", ["gwynedd@gwynedd.llyw.cymru"]),
    ("bücherei@bücher.gov.uk", ["bücherei@xn--bcher-kva.gov.uk"]),
    ("parishpump@hmrc.gov.uk", {"parishpump@hmrc.gov.uk": ["not-a-team-address"]}),
    ("jsmith@hmrc.gov.uk", {"jsmith@hmrc.gov.uk": ["not-a-team-address", "person-name"]}),
])
def test_an_address_an_operator_allowed_is_accepted_where_the_policy_doubted(address, allowed):
    assert check_contact(address, POLICY, names=JANE, allowed=[]) is not None
    assert check_contact(address, POLICY, names=JANE, allowed=allowed) is None


@pytest.mark.parametrize("address, allowed, rule", [
    # The seed: never a personal address, never an individual's workplace address, whatever was recorded.
    ("security@gmail.com", {"security@gmail.com": WAIVABLE}, "personal-provider"),
    ("parish.security@gmail.com", ["parish.security@gmail.com"], "personal-provider"),
    ("jane.smith@hmrc.gov.uk", {"JANE.SMITH@hmrc.gov.uk": WAIVABLE}, "individual"),
    ("jane.smith.security@hmrc.gov.uk", {"jane.smith.security@hmrc.gov.uk": WAIVABLE}, "individual"),
    ("ѕecurity@hmrc.gov.uk", {"ѕecurity@hmrc.gov.uk": WAIVABLE}, "not-a-team-address"),  # a look-alike
    # person-name is waived only when the allowance says so.
    ("jsmith@hmrc.gov.uk", ["jsmith@hmrc.gov.uk"], "person-name"),
    ("jsmith@hmrc.gov.uk", {"jsmith@hmrc.gov.uk": ["not-a-team-address"]}, "person-name"),
])
def test_an_allowance_never_admits_what_the_policy_is_sure_of(address, allowed, rule):
    assert check_contact(address, POLICY, names=JANE, allowed=allowed).rule == rule


def test_the_allowance_is_for_that_address_only_and_never_for_a_malformed_one():
    assert check_contact("random@hmrc.gov.uk", POLICY, allowed=["random@hmrc.gov.uk.example"]).rule \
        == "not-a-team-address"
    assert check_contact("random@other.gov.uk", POLICY, allowed=["random@hmrc.gov.uk"]).rule == "not-a-team-address"
    assert check_contact("random @hmrc.gov.uk", POLICY, allowed=["random @hmrc.gov.uk"]).rule == "malformed"


# -- the policy is data ---------------------------------------------------------------------------


def test_a_role_word_added_to_the_policy_admits_its_addresses_and_their_compounds():
    policy = ContactPolicy(role_words=[*ROLE_WORDS, "sécurité", "gatekeepers"])
    assert check_contact("sécurité@hmrc.gov.uk", policy) is None
    assert check_contact("gatekeepers@hmrc.gov.uk", policy) is None
    assert check_contact("dnsgatekeepers@hmrc.gov.uk", policy) is None
    assert check_contact("gatekeepers@hmrc.gov.uk", POLICY).rule == "not-a-team-address"


def test_the_lists_replace_the_defaults():
    policy = ContactPolicy(personal_domains=["example.net"], individual_patterns=[])
    assert check_contact("security@gmail.com", policy) is None
    assert check_contact("security@mail.example.net", policy).rule == "personal-provider"
    assert check_contact("jane.smith@hmrc.gov.uk", policy).rule == "not-a-team-address"


def test_domain_patterns_are_kept_as_lower_case_a_labels():
    policy = ContactPolicy(personal_domains=["Hotmail.*", "BÜCHER.de", "*.Mail.Example"])
    assert policy.personal_domains == ["hotmail.*", "xn--bcher-kva.de", "*.mail.example"]
    assert check_contact("security@bücher.de", policy).rule == "personal-provider"
    assert check_contact("security@x.mail.example", policy).rule == "personal-provider"


def test_the_shipped_rules_hold_the_defaults():
    assert load_rules(SHIPPED).contact_policy == ContactPolicy()


def _rules_with(tmp_path: Path, section) -> Path:
    data = copy.deepcopy(SHIPPED_DATA)
    if section is None:
        data.pop("contact_policy", None)
    else:
        data["contact_policy"] = section
    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def test_rules_without_the_section_take_the_defaults(tmp_path):
    assert load_rules(_rules_with(tmp_path, None)).contact_policy == ContactPolicy()


def test_rules_with_a_section_of_their_own(tmp_path):
    rules = load_rules(_rules_with(tmp_path, {"personal_domains": ["Example.NET"], "role_words": ["Gatekeepers"]}))
    policy = rules.contact_policy
    assert policy.personal_domains == ["example.net"]
    assert policy.role_words == ["gatekeepers"]
    assert policy.individual_patterns == ContactPolicy().individual_patterns
    assert check_contact("gatekeepers@hmrc.gov.uk", policy) is None
    assert check_contact("security@hmrc.gov.uk", policy).rule == "not-a-team-address"


@pytest.mark.parametrize("section, fragment", [
    ({"individual_patterns": ["[a-z]+", "[a-z+"]}, "contact_policy.individual_patterns[1]: not a regular expression"),
    ({"individual_patterns": ["(?P<x"]}, "contact_policy.individual_patterns[0]: not a regular expression"),
    ({"personal_domains": ["gmail.com", "gmail"]},
     "contact_policy.personal_domains[1]: not a domain or domain pattern"),
    ({"personal_domains": ["gmail..com"]}, "contact_policy.personal_domains[0]: not a domain or domain pattern"),
    ({"personal_domains": ["g mail.com"]}, "contact_policy.personal_domains[0]: not a domain or domain pattern"),
    ({"personal_domains": ["*.*"]}, "contact_policy.personal_domains[0]: a pattern needs one label without a wildcard"),
    ({"personal_domains": [42]}, "contact_policy.personal_domains[0]: Input should be a valid string"),
    ({"role_words": ["security", "it-support"]}, "contact_policy.role_words[1]: a role word is two or more letters"),
    ({"role_words": ["x"]}, "contact_policy.role_words[0]: a role word is two or more letters"),
    ({"role_words": ["soc2"]}, "contact_policy.role_words[0]: a role word is two or more letters"),
    ({"role_words": []}, "contact_policy.role_words: List should have at least 1 item"),
    ({"allowed": ["x@y.example"]}, "contact_policy.allowed: unknown key"),
    ("gmail.com", "contact_policy: Input should be a valid dictionary"),
], ids=["bad-regex", "bad-group", "one-label", "empty-label", "space", "all-wildcards", "not-a-string",
        "role-with-hyphen", "one-letter-role", "role-with-digit", "no-role-words", "unknown-key", "not-a-mapping"])
def test_a_bad_contact_policy_is_one_error_naming_the_key(tmp_path, section, fragment):
    path = _rules_with(tmp_path, section)
    with pytest.raises(ConfigError) as caught:
        load_rules(path)
    assert str(caught.value).startswith(f"{path}: {fragment}")
    assert "\n" not in str(caught.value)


# -- lock contacts and WHOIS ----------------------------------------------------------------------


def test_a_lock_contact_in_whois_is_refused_naming_the_domains():
    refusals = check_lock_contacts(
        ["SOC@hmrc.gov.uk", "cyber-security@hmrc.gov.uk"],
        {"hmrc.gov.uk": ["hostmaster@hmrc.gov.uk", "soc@HMRC.gov.uk"], "hmrc.co.uk": ["soc@hmrc.gov.uk"]})
    assert [(r.address, r.rule) for r in refusals] == [("SOC@hmrc.gov.uk", "in-whois")]
    r = refusals[0]
    assert r.reason == ("SOC@hmrc.gov.uk is a Registry Lock contact; it must not be in WHOIS, but the WHOIS of "
                        "hmrc.gov.uk and hmrc.co.uk publishes it.")
    assert "different from every contact published in WHOIS" in r.advice
    assert str(r).startswith("SOC@hmrc.gov.uk: SOC@hmrc.gov.uk is a Registry Lock contact")


def test_lock_contacts_not_in_whois_are_fine():
    assert check_lock_contacts(["soc@hmrc.gov.uk"], {"hmrc.gov.uk": ["hostmaster@hmrc.gov.uk"]}) == []
    assert check_lock_contacts(["soc@hmrc.gov.uk"], {}) == []
    assert check_lock_contacts([], {"hmrc.gov.uk": ["soc@hmrc.gov.uk"]}) == []


def test_whois_is_compared_after_normalising_and_each_contact_is_refused_once():
    refusals = check_lock_contacts(
        ["security@bücher.gov.uk", "Security@BÜCHER.gov.uk", "soc@hmrc.gov.uk"],
        {"xn--bcher-kva.gov.uk": ["SECURITY@xn--bcher-kva.gov.uk", "not an address"]})
    assert [r.address for r in refusals] == ["security@bücher.gov.uk"]
    assert "the WHOIS of xn--bcher-kva.gov.uk publishes it" in refusals[0].reason


def test_a_lock_contact_in_whois_of_several_domains_is_one_refusal_per_contact():
    whois = {"a.gov.uk": ["csirt@hmrc.gov.uk"], "b.gov.uk": ["soc@hmrc.gov.uk", "csirt@hmrc.gov.uk"]}
    refusals = check_lock_contacts(["soc@hmrc.gov.uk", "csirt@hmrc.gov.uk"], whois)
    assert [(r.address, r.reason.rsplit("WHOIS of ", 1)[1]) for r in refusals] == [
        ("soc@hmrc.gov.uk", "b.gov.uk publishes it."), ("csirt@hmrc.gov.uk", "a.gov.uk and b.gov.uk publishes it.")]


# -- registry import applies the policy to every contact ------------------------------------------


def _example() -> dict:
    return copy.deepcopy(EXAMPLE_DATA)


def _write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "registry.json"
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    return path


def _contact_count(app) -> int:
    with app.sessions() as session:
        return session.scalar(select(func.count()).select_from(Contact))


def test_every_contact_of_the_example_passes():
    for org in EXAMPLE_DATA["organisations"]:
        for c in org["contacts"]:
            assert check_contact(c["email"], POLICY, names=[c["name"]] if c.get("name") else ()) is None, c


@pytest.mark.parametrize("index, role, email, name, rule", [
    (2, "technical", "hostmaster@gmail.com", None, "personal-provider"),
    (3, "support", "jane.smith@hmrc.gov.uk", None, "individual"),
    (4, "notify", "jsmith@hmrc.gov.uk", "Jane Smith", "person-name"),
    (0, "security", "cyber-security@hotmail.co.uk", "HMRC Cyber Security Operations", "personal-provider"),
    (1, "security", "random@hmrc.gov.uk", None, "not-a-team-address"),
], ids=["technical-free-mail", "support-individual", "notify-named", "security-free-mail", "security-in-doubt"])
def test_import_refuses_a_contact_the_policy_refuses_naming_entry_field_and_reason(
        app, tmp_path, index, role, email, name, rule):
    data = _example()
    contact = {"role": role, "email": email, "phone": "+44 20 7946 0000"} if role == "security" \
        else {"role": role, "email": email}
    if name:
        contact["name"] = name
    data["organisations"][0]["contacts"][index] = contact
    path = _write(tmp_path, data)
    with pytest.raises(InputError) as caught:
        with app.tx() as session:
            import_file(session, str(path), app.rules.zone)
    expected = check_contact(email, POLICY, names=[name] if name else ())
    assert expected.rule == rule
    assert str(caught.value) == f"{path}: {ORG0}.contacts[{index}] ({email}).email: {expected}"
    assert _contact_count(app) == 0


def test_import_takes_the_policy_it_is_given(app, tmp_path):
    data = _example()
    data["organisations"][0]["contacts"].append({"role": "notify", "email": "gatekeepers@hmrc.gov.uk"})
    path = _write(tmp_path, data)
    with pytest.raises(InputError) as caught:
        with app.tx() as session:
            import_file(session, str(path), app.rules.zone)
    assert str(caught.value).startswith(f"{path}: {ORG0}.contacts[5] (gatekeepers@hmrc.gov.uk).email: "
                                        "gatekeepers@hmrc.gov.uk: gatekeepers@hmrc.gov.uk does not say whose mailbox")
    policy = ContactPolicy(role_words=[*ROLE_WORDS, "gatekeepers"])
    with app.tx() as session:
        assert import_file(session, str(path), app.rules.zone, policy=policy)["contacts"] == 7


def test_a_lock_contact_in_whois_is_refused_with_the_policys_words(app, tmp_path):
    data = _example()
    data["organisations"][0]["domains"][0]["whois_contacts"].append("Cyber-Security@HMRC.gov.uk")
    path = _write(tmp_path, data)
    with pytest.raises(InputError) as caught:
        with app.tx() as session:
            import_file(session, str(path), app.rules.zone)
    (refusal,) = check_lock_contacts(["cyber-security@hmrc.gov.uk"],
                                     {"hmrc.gov.uk": ["cyber-security@hmrc.gov.uk"]})
    assert str(caught.value) == (f"{path}: {ORG0}.domains[0] (hmrc.gov.uk).whois_contacts: "
                                 f"{refusal.reason} {refusal.advice}")
    assert _contact_count(app) == 0


def test_a_technical_contact_may_be_in_whois(app, tmp_path):
    # Only the lock (security) contacts must stay out of WHOIS; the example's hostmaster is in it.
    with app.tx() as session:
        assert import_file(session, str(EXAMPLE), app.rules.zone)["contacts"] == 6
