"""Corrections inside a sender's own mail: applied exactly where they are certain, asked about where they are not, and
never read into an ordinary request."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mailbot.parse.corrections import Corrected, Unsure, apply_corrections

LIST = ["Domain: agency.gov.uk", "New name servers:", "- ns1.dnsimple.com", "- ns5.dnsimple.com",
        "- ns3.dnsimple.com"]
RIGHT = ["Domain: agency.gov.uk", "New name servers:", "- ns1.dnsimple.com", "- ns2.dnsimple.com",
         "- ns3.dnsimple.com"]
CHANGE = (("ns5.dnsimple.com", "ns2.dnsimple.com"),)
DIGEST = "64D9DB5D8FF553D36D13A6B0AF8B8B6E0C2B92709AD1300F95865B01E92AA48D"
DIGEST2 = "0A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4E5F60718293A4B5C6D7E8F9"


def corrected(lines: list[str]) -> list[str]:
    result = apply_corrections(lines)
    assert isinstance(result, Corrected), result
    return result.lines


def unsure(lines: list[str]) -> str:
    result = apply_corrections(lines)
    assert isinstance(result, Unsure), result
    return result.reason


# --- corrections applied ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("note", [
    "Please ignore ns5 in the list below, it should be ns2.dnsimple.com.",
    "Please ignore ns5.dnsimple.com in the list below, it should be ns2.dnsimple.com",
    "NB: ns5.dnsimple.com below is wrong - it should read ns2.dnsimple.com. Sorry!",
    "Correction before you start: ns5.dnsimple.com in the list is wrong – use ns2.dnsimple.com",
    "ns5.dnsimple.com below should be ns2.dnsimple.com",
    "Sorry, typo: ns5.dnsimple.com should read ns2.dnsimple.com.",
    "Correction: ns2.dnsimple.com, not ns5.dnsimple.com.",
    "My mistake - please use ns2.dnsimple.com instead of ns5.dnsimple.com.",
    "EDIT: ns5 is a typo, the right one is ns2.dnsimple.com.",
    "(Mistyped ns5 - please use ns2.dnsimple.com instead.)",
    "Correction: the second name server should read ns2.dnsimple.com",
    "NS5.DNSIMPLE.COM. below is wrong, it should be NS2.DNSIMPLE.COM.",
    "ns5.dnsimple.com is wrong, it should be ns2.dnsimple.com.",
    "Cywiriad: mae ns5.dnsimple.com yn y rhestr isod yn anghywir, dylai fod ns2.dnsimple.com.",
    "Anwybyddwch ns5 yn y rhestr isod, dylai fod ns2.dnsimple.com.",
    "Defnyddiwch ns2.dnsimple.com yn lle ns5.dnsimple.com - camgymeriad oedd hynny.",
])
def test_a_correction_above_a_list_puts_the_right_value_in_place_and_goes(note):
    result = apply_corrections([note, ""] + LIST)
    assert result == Corrected([""] + RIGHT, CHANGE)


@pytest.mark.parametrize("after", [
    ["", "P.S. ns5 above should be ns2.dnsimple.com"],
    ["", "PS - sorry, ns5.dnsimple.com above is wrong, it should be ns2.dnsimple.com"],
    ["Correction:", "ns5.dnsimple.com should read ns2.dnsimple.com"],
    ["Oops, the second one is a typo: it should read ns2.dnsimple.com!"],
])
def test_a_correction_below_the_list_or_in_a_postscript_is_applied(after):
    assert corrected(LIST + after) == RIGHT + after[:1] * (after[0] == "")


@pytest.mark.parametrize("note", [
    ["NB: ns5.dnsimple.com below is wrong - it", "should read ns2.dnsimple.com. Sorry!"],
    ["Please ignore ns5 in the list below, it should be", "ns2.dnsimple.com"],
])
def test_a_correction_wrapped_by_the_mail_client_is_read_and_taken_out_whole(note):
    assert corrected(note + LIST) == RIGHT


def test_a_correction_in_a_table_changes_its_cell_only():
    table = ["Current | New", "ns1.old.net | ns1.dnsimple.com", "ns2.old.net | ns5.dnsimple.com"]
    lines = corrected(["Correction before you start: ns5 in the table is wrong - use ns2.dnsimple.com", ""] + table)
    assert lines == ["", "Current | New", "ns1.old.net | ns1.dnsimple.com", "ns2.old.net | ns2.dnsimple.com"]


def test_a_short_name_is_the_host_of_the_corrections_own_provider_when_two_hosts_share_it():
    table = ["Current NS    New NS", "ns4.oldhost.net    ns1.dnsimple.com", "ns5.oldhost.net    ns4.dnsimple.com"]
    lines = corrected(["Please ignore ns4 in the table below, it should be ns2.dnsimple.com"] + table)
    assert lines == table[:2] + ["ns5.oldhost.net    ns2.dnsimple.com"]


def test_the_request_said_in_the_same_sentence_is_kept_and_corrected():
    line = "Please set the name servers of agency.gov.uk to ns1.a.net, ns2.a.net and ns5.a.net - sorry, ns5.a.net " \
           "should read ns3.a.net."
    assert corrected([line]) == ["Please set the name servers of agency.gov.uk to ns1.a.net, ns2.a.net and ns3.a.net"]


def test_an_approvers_correction_above_a_quoted_draft_corrects_the_draft():
    lines = ["Approved, please action. Correction: ns5.dnsimple.com in the draft should read ns2.dnsimple.com.", "",
             "Please change the name servers of agency.gov.uk to ns1.dnsimple.com and ns5.dnsimple.com."]
    assert corrected(lines) == ["Approved, please action.", "",
                                "Please change the name servers of agency.gov.uk to ns1.dnsimple.com and "
                                "ns2.dnsimple.com."]


def test_a_host_a_mail_client_made_a_link_is_corrected_with_its_link():
    lines = ["Approved. NB the draft says ns5.a.net but it should be ns2.a.net.", "New name servers:",
             "- ns1.a.net <http://ns1.a.net>", "- ns5.a.net <http://ns5.a.net>"]
    assert corrected(lines) == ["Approved.", "New name servers:", "- ns1.a.net <http://ns1.a.net>",
                                "- ns2.a.net <http://ns2.a.net>"]


def test_two_corrections_of_different_values_are_both_applied():
    lines = ["Two typos below: ns5.a.net should read ns2.a.net and ns6.a.net should read ns3.a.net.",
             "ns1.a.net", "ns5.a.net", "ns6.a.net"]
    result = apply_corrections(lines)
    assert result == Corrected(["ns1.a.net", "ns2.a.net", "ns3.a.net"],
                               (("ns5.a.net", "ns2.a.net"), ("ns6.a.net", "ns3.a.net")))


@pytest.mark.parametrize("note", [
    "Correction: the key tag in the DS record below should read 2371, not 2317.",
    "Key tag 2317 below is a typo, it should be 2371.",
    "Sorry, wrong key tag below - it should read 2371.",
])
def test_a_key_tag_is_corrected_where_the_ds_record_gives_it(note):
    assert corrected([note, f"DS: 2317 13 2 {DIGEST}", "Key tag: 2317"]) == \
        [f"DS: 2371 13 2 {DIGEST}", "Key tag: 2371"]


@pytest.mark.parametrize("note", [
    f"Sorry, typo in the digest below: it should be {DIGEST2}",
    f"The digest {DIGEST} below is wrong - it should read {DIGEST2}.",
])
def test_a_digest_is_corrected(note):
    assert corrected(["Key tag: 2371", f"Digest: {DIGEST}", note]) == ["Key tag: 2371", f"Digest: {DIGEST2}"]


# --- corrections the bot asks about -----------------------------------------------------------------------------

@pytest.mark.parametrize(("lines", "reason"), [
    (["ns7.dnsimple.com below is wrong, it should read ns2.dnsimple.com"] + LIST,
     "a correction replaces ns7.dnsimple.com, which the mail does not give"),
    (["Please ignore ns9 in the list below, it should be ns2.dnsimple.com"] + LIST,
     "a correction replaces ns9, which the mail does not give"),
    (["One of the name servers in the list below is wrong - Sam will confirm which one tomorrow."] + LIST,
     "says a value is wrong without saying which"),
    (["Approved in principle - but didn't they say ns2.dnsimple.com on the call? Not sure which."] + LIST,
     "says a value is wrong without saying which"),
    (["Please ignore ns4 in the list below, it should be ns1.c.net", "ns4.a.net", "ns4.b.net"],
     "a correction names ns4, which could be ns4.a.net or ns4.b.net"),
    (["Correction: the second name server should read ns2.c.net", "Current | New", "ns1.a.net | ns1.b.net",
      "ns2.a.net | ns2.b.net"], "a correction names a name server by its place, and the mail gives no one clear list"),
    (["Correction: the fifth one should read ns2.dnsimple.com"] + LIST,
     "a correction names a name server by its place, and the mail gives no one clear list"),
    (["ns5.a.net below is wrong, it should read ns2.a.net", "Current:", "ns5.a.net", "New:", "ns5.a.net",
      "ns6.a.net"], "a correction replaces ns5.a.net, which the mail gives in more than one role"),
    (["Correction: ns5.dnsimple.com should be ns2.dnsimple.com.", "Sorry, ns2.dnsimple.com should be ns4.dnsimple.com"]
     + LIST, "a correction corrects an earlier correction"),
    (["Please ignore ns5 below, it should be ns2.dnsimple.com.", "Sorry, ns2 should read ns4.dnsimple.com"] + LIST,
     "a correction corrects an earlier correction"),
    (["Please ignore my last correction, ns5 is fine after all."] + LIST,
     "a correction corrects an earlier correction"),
    (["Typo: ns5.dnsimple.com should read ns2.dnsimple.com.", "Typo: ns5.dnsimple.com should read ns4.dnsimple.com."]
     + LIST, "two corrections of ns5.dnsimple.com disagree"),
    (["Please keep ns2 as well, the list below has a typo."] + LIST,
     "asks to keep ns2 as well: an addition to the values written, not a replacement"),
    (["Please ignore ns5.dnsimple.com in the list below."] + LIST,
     "says ns5.dnsimple.com is wrong without giving what should replace it"),
    (["Correction: it should read ns2.dnsimple.com"] + LIST,
     "a correction gives ns2.dnsimple.com without saying which value it replaces"),
    (["Correction: the key tag should read 2371.", f"2317 13 2 {DIGEST}", f"4242 13 2 {DIGEST2}"],
     "a correction gives a key tag, and the mail gives none or several"),
    (["The digest type in the DS record below is wrong.", f"2317 13 1 {DIGEST}"],
     "says a value is wrong without giving one that can be put in its place"),
    (["Sorry, the second name server below is a typo, I'll send the right one later."] + LIST,
     "says a value is wrong without giving one that can be put in its place"),
])
def test_a_correction_that_is_not_certain_is_asked_about(lines, reason):
    assert unsure(lines) == reason


def test_a_server_to_keep_as_well_is_taken_out_and_named_for_the_reader():
    result = apply_corrections(["OK from me. Update: the registrant phoned and would like to also keep "
                                "ns9.legacy.example for a month.", "Thanks"] + LIST)
    assert isinstance(result, Corrected)
    assert result.kept == ("ns9.legacy.example",)
    assert result.lines[0] == "OK from me." and "ns9.legacy.example" not in "\n".join(result.lines)


def test_unsure_quotes_the_senders_words():
    result = apply_corrections(["One of the name servers below is", "wrong, not sure which."] + LIST)
    assert result == Unsure("says a value is wrong without saying which",
                            "One of the name servers below is wrong, not sure which.")


# --- what is not a correction -----------------------------------------------------------------------------------

@pytest.mark.parametrize("said", [
    "The new name servers should be ns1.a.net and ns2.a.net.",
    "ns1.dnsimple.com is correct.",
    "The old server ns2.old.net should be removed.",
    "Please replace ns1.old.net with ns1.new.net.",
    "Please use ns1.new.net instead of ns1.old.net.",
    "Please ignore my previous email: the name servers should be ns1.a.net and ns2.a.net.",
    "ns1.old.net -> ns1.new.net",
    "The current name servers should be replaced by ns1.new.net and ns2.new.net.",
    "Please change ns2.old.net to ns2.new.net; ns1.old.net stays as it is.",
    "Name servers: ns1.a.net (correct as of today), ns2.a.net",
    "Sorry for the delay - the name servers should be ns1.a.net and ns2.a.net.",
    "The DS record should be 2371 13 2 " + DIGEST,
    "The current name servers are wrong, they should be ns1.a.net and ns2.a.net.",
    "The name server ns1.old.net is wrong, it should be ns1.new.net.",
    "Please ignore ns1.old.net, it is being switched off.",
    "Please ignore the warning and set the name servers to ns1.a.net and ns2.a.net.",
    "The NS records should read ns1.a.net and ns2.a.net.",
    "On agency.gov.uk keep everything but add ns1.nameserver.co.uk as well.",
    "The digest type should be 2 (SHA-256).",
    "agency.gov.uk has ns1.old.net at the moment, it should be ns1.new.net.",
    "We're not sure which DNS host they use, but please set ns1.a.net and ns2.a.net.",
    "Could you put ns1.new.net in place of ns1.old.net?",
])
@pytest.mark.parametrize("below", [[], LIST])
def test_an_ordinary_request_is_not_a_correction(said, below):
    assert apply_corrections([said] + below) == Corrected([said] + below)


def test_a_heading_that_says_should_read_over_a_list_is_a_request():
    lines = ["For agency.gov.uk, please:", "", "## NS records should read", "\tns1.agency.gov.uk",
             "\tns2.agency.gov.uk"]
    assert apply_corrections(lines) == Corrected(lines)


def test_no_correction_gives_the_lines_unchanged():
    lines = ["  Hello,", "", "Please change the name servers:", "> quoted", "", "ns1.a.net", "ns2.a.net"]
    assert apply_corrections(lines) == Corrected(lines)


# --- any list, any value ----------------------------------------------------------------------------------------

LABEL = st.from_regex(r"[a-z][a-z0-9]{0,7}", fullmatch=True)
HOST = st.builds(lambda a, b, tld: f"{a}.{b}.{tld}", LABEL, LABEL, st.sampled_from(["net", "com", "org", "uk"]))
WORDINGS = [
    "Please ignore {wrong} in the list below, it should be {right}.",
    "NB: {wrong} below is wrong - it should read {right}. Sorry!",
    "Correction: {wrong} in the list is wrong – use {right}",
    "My mistake: please use {right} instead of {wrong}.",
    "Cywiriad: mae {wrong} yn anghywir, dylai fod {right}.",
]


@given(hosts=st.lists(HOST, min_size=2, max_size=6, unique=True), right=HOST, data=st.data(),
       wording=st.sampled_from(WORDINGS), above=st.booleans())
def test_a_correction_of_any_value_of_any_list_is_applied_exactly(hosts, right, data, wording, above):
    if right in hosts:
        return
    n = data.draw(st.integers(0, len(hosts) - 1))
    items = [f"* {h}" for h in hosts]
    note = wording.format(wrong=hosts[n], right=right)
    lines = [note, "New name servers:"] + items if above else ["New name servers:"] + items + ["", note]
    expected = ["New name servers:"] + items[:n] + [f"* {right}"] + items[n + 1:] + ([] if above else [""])
    assert apply_corrections(lines) == Corrected(expected, ((hosts[n], right),))


@given(hosts=st.lists(HOST, min_size=2, max_size=6, unique=True), wrong=HOST, right=HOST,
       wording=st.sampled_from(WORDINGS))
def test_a_correction_of_a_value_the_list_does_not_give_is_asked_about(hosts, wrong, right, wording):
    if wrong in hosts or right in hosts or wrong == right:
        return
    lines = [wording.format(wrong=wrong, right=right), ""] + [f"- {h}" for h in hosts]
    assert unsure(lines) == f"a correction replaces {wrong}, which the mail does not give"
