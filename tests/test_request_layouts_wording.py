"""How registrars word a change request, class by class: the same thing said in other words, orders and shapes is read
the same, and what the words leave open is asked about."""

import pytest

from mailbot.parse.change_request.resolve import resolve
from tests.support.reading import OLD, outcome

NEW = {"ns1.new.example", "ns2.new.example"}
DIGEST = "64D9DB5D8FF553D36D13A6B0AF8B8B6E0C2B92709AD1300F95865B01E92AA48D"
DS = f"18585 8 2 {DIGEST}"



# --- a DS record's fields by other labels, in a table's two columns ---------------------------------------------

@pytest.mark.parametrize("labels", [
    ("Key tag", "Signing algorithm", "Digest algorithm type", "Digest"),
    ("Key Tag", "DNSKEY algorithm", "Hash algorithm type", "Hash"),
    ("DS key tag", "Public key algorithm", "DS digest type", "DS digest"),
    ("KeyTag", "Key algorithm", "Digest Type", "Digest value"),
])
@pytest.mark.parametrize("sep", [": ", ":\t", " | ", "\t"])
def test_a_ds_records_fields_are_read_by_their_labels_in_any_wording(labels, sep):
    values = ("18585", "RSASHA256", "SHA-256 (2)", DIGEST)
    fields = "\n".join(f"{label}{sep}{value}" for label, value in zip(labels, values, strict=True))
    body = f"DNSSEC has been switched on for hmrc.gov.uk. Please publish:\n\n{fields}\n"
    assert outcome(body, [], field="ds") == {DS}


def test_a_ds_records_fields_in_a_markdown_table_are_read():
    body = f"Please publish this DS record for hmrc.gov.uk:\n\n| Key tag | 18585 |\n| Algorithm | 8 |\n" \
           f"| Digest type | 2 |\n| Digest | {DIGEST} |\n"
    assert outcome(body, [], field="ds") == {DS}


# --- a label says the role of its list, and nothing of the others ------------------------------------------------

@pytest.mark.parametrize("going", ["DELEGATION (OUTGOING):", "Outgoing delegation:", "Name servers to be removed:",
                                   "Remove:", "Being retired -"])
@pytest.mark.parametrize("coming", ["NS1 NAMESERVERS: ns1.new.example., ns2.new.example",
                                    "Nameservers: ns1.new.example, ns2.new.example",
                                    "Name servers:\nns1.new.example\nns2.new.example"])
def test_what_goes_and_a_list_of_its_own_make_the_new_set(going, coming):
    body = f"Re: hmrc.gov.uk\n\n{going}\nns1.old.example, ns2.old.example\n\n{coming}\n"
    assert outcome(body) == NEW


def test_what_goes_and_a_list_that_does_not_drop_exactly_it_are_asked_about():
    body = "Re: hmrc.gov.uk\n\nOutgoing:\nns1.old.example\n\nNameservers: ns1.new.example, ns2.new.example\n"
    assert outcome(body) is None  # the set drops ns2.old.example too, the words only ns1.old.example
    # Two lists that no word calls anything, beside what goes: which is which is not said.
    two = "Re: hmrc.gov.uk\n\nOutgoing:\nns1.old.example\n\nns3.new.example\n\nns4.new.example, ns5.new.example\n"
    assert outcome(two) is None


@pytest.mark.parametrize("title", ["Adding DS for hmrc.gov.uk", "Add DS record - hmrc.gov.uk",
                                   "hmrc.gov.uk: adding a DS record"])
def test_a_title_saying_a_ds_record_is_added_adds_the_record_given(title):
    body = f"Ticket #54342: {title}\nStatus: Open | Priority: Normal\n\nDS record for hmrc.gov.uk below.\n\n" \
           f"hmrc.gov.uk. 86400 IN DS {DS}\n"
    current = "12345 13 2 " + "AB" * 32
    assert outcome(body, [current], field="ds") == {current, DS}


@pytest.mark.parametrize("said", ["We are adding Cloudflare's name servers for hmrc.gov.uk.",
                                  "Ticket #1: Adding nameservers - hmrc.gov.uk"])
def test_a_sentence_saying_name_servers_are_added_without_pointing_at_them_is_asked_about(said):
    # Said as often of a set that replaces the current one: added beside it, the current servers would stay.
    body = f"{said}\n\nPlease see the details.\n\nName servers:\nns1.new.example\nns2.new.example\n"
    assert outcome(body) is None


def test_a_title_saying_a_record_goes_is_of_the_record_under_it_alone():
    other = "12345 13 2 " + "AB" * 32
    body = f"Removing DS for hmrc.gov.uk\n\nhmrc.gov.uk. 86400 IN DS {DS}\n"
    assert outcome(body, [DS, other], field="ds") == {other}


# --- whose servers they are says nothing of their role ----------------------------------------------------------

@pytest.mark.parametrize("line, servers", [
    ("Jisc nameservers: ns1.jisc-dns.example.net and ns2.jisc-dns.example.net",
     {"ns1.jisc-dns.example.net", "ns2.jisc-dns.example.net"}),
    ("Cloudflare NS: vera.ns.cloudflare.com, rita.ns.cloudflare.com",
     {"vera.ns.cloudflare.com", "rita.ns.cloudflare.com"}),
    ("AZURE DNS name servers - ns1-01.azure-dns.com, ns2-01.azure-dns.net",
     {"ns1-01.azure-dns.com", "ns2-01.azure-dns.net"}),
    ("awsdns nameservers: ns-1.awsdns-01.org ns-2.awsdns-02.co.uk", {"ns-1.awsdns-01.org", "ns-2.awsdns-02.co.uk"}),
])
def test_a_label_naming_the_provider_of_its_servers_gives_them_as_the_new_set(line, servers):
    assert outcome(f"We have a change for hmrc.gov.uk.\n\n{line}\n") == servers


@pytest.mark.parametrize("line", [
    "Backup nameservers: ns1.jisc-dns.example.net and ns2.jisc-dns.example.net",  # not the provider: a role?
    "Jisc nameservers: ns1.jisc-dns.example.net and ns2.other.example",  # not every server's provider
    "Route 53 nameservers: ns-1.awsdns-01.org, ns-2.awsdns-02.co.uk",
])
def test_other_words_in_a_label_are_asked_about(line):
    assert outcome(f"We have a change for hmrc.gov.uk.\n\n{line}\n") is None


# --- a sentence saying which column of a table with no heading is which ------------------------------------------

@pytest.mark.parametrize("lead, flip", [
    ("Below: domain, new name server, current name server.", True),
    ("Columns: domain | current NS | new NS", False),
    ("In order: domain, old nameserver, replacement nameserver:", False),
    ("Name servers for hmrc.gov.uk (current on the left, new on the right):", False),
    ("For hmrc.gov.uk - new on the left, existing on the right.", True),
    ("First column: old name server; second column: new name server.", False),
])
def test_a_lead_naming_the_columns_places_each_rows_values(lead, flip):
    rows = [("ns1.old.example", "ns1.new.example"), ("ns2.old.example", "ns2.new.example")]
    rows = [(b, a) for a, b in rows] if flip else rows
    domain_column = "domain" in lead.lower()
    lines = [("hmrc.gov.uk   " if domain_column and i == 0 else "              " if domain_column else "")
             + f"{a}   {b}" for i, (a, b) in enumerate(rows)]
    body = f"Please make this change for hmrc.gov.uk.\n\n{lead}\n\n" + "\n".join(lines) + "\n"
    assert outcome(body) == NEW
    # The registry holding other servers than the rows' first side: never read as additions beside them.
    assert outcome(body, ("ns1.old.example", "ns9.old.example")) is None


def test_a_row_saying_its_own_roles_is_not_placed_by_a_lead():
    body = "For hmrc.gov.uk - removal and addition of name servers below:\n\nREMOVE   ns1.old.example\n" \
           "ADD      ns3.new.example\n"
    assert outcome(body) == {"ns2.old.example", "ns3.new.example"}


# --- "please" as hurried hands type it ------------------------------------------------------------------------------

@pytest.mark.parametrize("please", ["please", "plese", "Pls", "plz", "pleae", "Pelase", "kindly"])
def test_please_misspelt_says_what_please_says(please):
    body = f"We have 2 domains to update this time:\n\nFor dwp.gov.uk, please use ns1.dwp-new.example and " \
           f"ns2.dwp-new.example.\n\nFor hmrc.gov.uk, {please} use ns1.new.example, ns2.new.example.\n"
    assert outcome(body) == NEW
    assert outcome(f"For hmrc.gov.uk could you {please} retire ns1.old.example and use ns3.new.example in its "
                   f"place.\n") == {"ns2.old.example", "ns3.new.example"}


# --- values for the domains listed after the sentence --------------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "Could you please add ns3.new.example as an extra nameserver on each of the domains below? They keep their "
    "existing ones.",
    "Please add ns3.new.example to the name servers of the following domains:",
    "Add nameserver ns3.new.example to all of these domains:",
    "Please put in ns3.new.example as well as the existing name servers, for every domain listed below:",
])
@pytest.mark.parametrize("bullet", ["* ", "- ", "", "1. "])
def test_values_for_the_domains_listed_under_the_sentence_are_each_ones(sentence, bullet):
    body = f"Ticket #59381: Nameserver change - hmrc.gov.uk and 1 other\nStatus: Open\n\n{sentence}\n\n" \
           f"{bullet}hmrc.gov.uk\n{bullet.replace('1', '2')}dwp.gov.uk\n\nWith thanks,\n"
    assert outcome(body) == {*OLD, "ns3.new.example"}
    assert outcome(body, ("ns1.dwp-old.example", "ns2.dwp-old.example"), domain="dwp.gov.uk") == \
        {"ns1.dwp-old.example", "ns2.dwp-old.example", "ns3.new.example"}


def test_a_domain_list_after_a_sentence_naming_its_own_domain_is_not_the_sentences():
    body = "For hmrc.gov.uk please add ns3.new.example. The domains below stay as they are:\n\n* dwp.gov.uk\n"
    assert outcome(body) == {*OLD, "ns3.new.example"}
    assert outcome(body, domain="dwp.gov.uk") in ("none", None)


# --- a sentence a mail client cut after a word that cannot end it --------------------------------------------------

@pytest.mark.parametrize("first, second", [
    ("Domain hmrc.gov.uk - ns3.new.example replaces", "ns1.old.example. Everything else stays the same."),
    ("On hmrc.gov.uk, ns1.old.example should be replaced by", "ns3.new.example, nothing else changes."),
    ("On hmrc.gov.uk please use ns3.new.example in place of", "ns1.old.example."),
    ("For hmrc.gov.uk the new name server ns3.new.example replaces", "(ns1.old.example). Thanks."),
])
def test_a_sentence_cut_after_a_verb_or_preposition_is_read_whole(first, second):
    assert outcome(f"Hi all,\n\n{first}\n{second}\n") == {"ns2.old.example", "ns3.new.example"}


def test_a_line_ending_in_such_a_word_before_a_list_still_leads_on_to_it():
    assert outcome("Please set hmrc.gov.uk to\nns1.new.example\nns2.new.example\n") == NEW
    assert outcome("For hmrc.gov.uk the name servers should be replaced by\nns1.new.example\nns2.new.example\n") == NEW


# --- "in place of" put first, with or without a verb after it ------------------------------------------------------

@pytest.mark.parametrize("clause", [
    "in place of ns1.old.example, ns3.new.example",
    "in place of ns1.old.example, please use ns3.new.example",
    "instead of ns1.old.example, ns3.new.example",
    "in lieu of ns1.old.example, ns3.new.example please",
])
def test_in_place_of_put_first_takes_out_what_follows_it_and_brings_in_what_follows_the_comma(clause):
    assert outcome(f"Domain hmrc.gov.uk - {clause}.\n") == {"ns2.old.example", "ns3.new.example"}
    both = f"Domain hmrc.gov.uk - ns2.old.example > ns4.new.example; {clause}.\n"
    assert outcome(both) == {"ns4.new.example", "ns3.new.example"}


# --- "its replacement" after what goes ------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "Please remove ns1.old.example; its replacement is ns3.new.example",
    "We are retiring ns1.old.example - its replacement will be ns3.new.example.",
    "Decommission ns1.old.example, the replacement is ns3.new.example.",
])
def test_its_replacement_after_a_removal_comes_in_beside_what_stays(sentence):
    assert outcome(f"Changes for hmrc.gov.uk:\n\n{sentence}\n") == {"ns2.old.example", "ns3.new.example"}


def test_replacement_with_nothing_going_before_it_is_the_new_set():
    assert outcome("For hmrc.gov.uk the replacement name servers are ns1.new.example and ns2.new.example.\n") == NEW


# --- replacing whatever the domains have now ------------------------------------------------------------------------

@pytest.mark.parametrize("lead", [
    "Please publish the following DS records, replacing any existing DS records for these domains:",
    "New DS records below (they replace any DS records the domains have now).",
    "DNSSEC has been enabled for the domains below. DS records (in place of any existing ones):",
    "Please set these DS records, in place of whatever records the domains have now:",
])
def test_records_replacing_any_the_domains_have_are_each_domains_new_set(lead):
    other = f"12345 8 2 {'AB' * 32}"
    body = f"{lead}\n\nhmrc.gov.uk {DS}\ndwp.gov.uk {other}\n"
    old = "23456 13 2 " + "CD" * 32
    assert outcome(body, [old], field="ds") == {DS}
    assert outcome(body, [], domain="dwp.gov.uk", field="ds") == {other}


# --- the current servers named before the words calling them current -----------------------------------------------

@pytest.mark.parametrize("now", [
    "It is on ns1.old.example / ns2.old.example at the moment.",
    "It's on ns1.old.example and ns2.old.example right now.",
    "ns1.old.example and ns2.old.example are the current ones.",
    "At present: none of that - it uses ns1.old.example, ns2.old.example currently.",
])
@pytest.mark.parametrize("current, expected", [(OLD, NEW), (("ns1.old.example", "ns9.old.example"), None)])
def test_servers_called_current_after_they_are_named_are_the_current_ones(now, current, expected):
    body = f"Hi, quick one - can you swap hmrc.gov.uk over to ns1.new.example, ns2.new.example? {now} Many thanks.\n"
    assert outcome(body, current) == expected


# --- one key's DS records in lists of their own ---------------------------------------------------------------------

SHA384 = "18585 8 4 " + "9E" * 48


@pytest.mark.parametrize("lead", ["We would like to enable DNSSEC on hmrc.gov.uk. DS record below.",
                                  "DNSSEC for hmrc.gov.uk - DS records:"])
def test_ds_records_in_lists_of_their_own_are_all_new_of_a_domain_with_none(lead):
    body = f"{lead}\n\nKeyTag: 18585\nAlgorithm: RSASHA256 (8)\nDigestType: SHA-256\nDigest: {DIGEST}\n\n" \
           f"hmrc.gov.uk. IN DS {SHA384}\n"
    assert outcome(body, [], field="ds") == {DS, SHA384}
    # Of a domain that has one, either list may be what it has now.
    assert outcome(body, ["23456 13 2 " + "CD" * 32], field="ds") is None


def test_the_lists_a_ds_set_was_read_from_cross_from_the_parser_process():
    from mailbot.parse.exchange import answer, from_wire, request
    from mailbot.parse.limits import MessageLimits

    body = f"We would like to enable DNSSEC on hmrc.gov.uk. DS record below.\n\n{DS}\n\nhmrc.gov.uk. IN DS {SHA384}\n"
    raw = ("From: noc@registrar.example\r\nTo: registrylock@registry.example\r\nSubject: DS for hmrc.gov.uk\r\n"
           "Message-ID: <lists@registrar.example>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
           + body.replace("\n", "\r\n")).encode()
    head, message = request(raw, MessageLimits(), "gov.uk")
    mail = from_wire(answer(head[1:], message))
    ask = mail.change.asks["hmrc.gov.uk"]["ds"]
    assert ask.lists == 2 and resolve("ds", ask, ["23456 13 2 " + "CD" * 32]).problem is not None


# --- words of a role that name the domain never take a value for it -----------------------------------------------

@pytest.mark.parametrize("sentence", [
    "For hmrc.gov.uk could you please change ns1.old.example over to ns3.new.example.",
    "Please switch ns1.old.example over to ns3.new.example on hmrc.gov.uk.",
    "For hmrc.gov.uk could you plese change ns1.old.example over to ns3.new.example. No other changes.",
])
def test_a_server_changed_over_to_another_is_replaced_by_it(sentence):
    assert outcome(f"Hi all,\n\n{sentence}\n") == {"ns2.old.example", "ns3.new.example"}


def test_the_domain_put_on_servers_gives_them_as_the_new_set():
    assert outcome("Please change hmrc.gov.uk over to ns1.new.example and ns2.new.example.\n") == NEW


def test_an_aside_keeping_the_existing_record_beside_a_verb_of_no_role_is_asked_about():
    # "set up" says no role and "the following" points only: the aside "(keep the existing one)" says the record is
    # added beside the current one, which a new set by default would drop.
    body = ("Please set up the following DS record for hmrc.gov.uk (keep the existing one):\n\n"
            "31589 13 2 3A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4E5F60718293A4B5C6D7E8F9\n")
    current = ("12345 13 2 9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08",)
    assert outcome(body, current=current, field="ds") is None


# --- "Before" and "After" with the field's name or a count, as labels --------------------------------------------

@pytest.mark.parametrize("before, after", [
    ("Before name servers:", "After name servers:"),
    ("Before NS:", "After NS:"),
    ("Before (2):", "After (2):"),
    ("BEFORE DNS =", "AFTER DNS ="),
])
@pytest.mark.parametrize("gap", [" ", "   "])
def test_before_and_after_labels_naming_the_field_or_a_count_say_current_and_new(before, after, gap):
    body = f"Changes for hmrc.gov.uk\n\n{before}{gap}ns1.old.example, ns2.old.example\n" \
           f"{after}{gap}ns1.new.example, ns2.new.example\n"
    assert outcome(body) == NEW


def test_after_in_a_sentence_before_its_colon_is_no_label():
    # "after" with other words than the field's is a time, not the label of the new set: asked about.
    body = "For hmrc.gov.uk, after the migration window: ns1.new.example, ns2.new.example\n"
    assert outcome(body) is None


# --- a label's aside saying only how its values are written ---------------------------------------------------------

@pytest.mark.parametrize("label", [
    "Name servers (one per line):\n", "NS (space-separated): ", "Nameservers (separated by commas): ",
    "New nameservers (FQDN): ",
])
def test_a_labels_aside_saying_how_the_values_are_written_says_no_role(label):
    sep = "\n" if label.endswith("\n") else ", "
    body = f"Change for hmrc.gov.uk\n\n{label}{sep.join(sorted(NEW))}\n"
    if sep == ", " and "space" in label:
        body = f"Change for hmrc.gov.uk\n\n{label}{' '.join(sorted(NEW))}\n"
    assert outcome(body) == NEW


def test_a_labels_aside_in_other_words_is_still_asked_about():
    # Words beside the format the reader does not know: what they say of the values is not a thing to guess.
    body = "Change for hmrc.gov.uk\n\nNameservers (comma separated per provider): ns1.new.example, ns2.new.example\n"
    assert outcome(body) is None


# --- a request reported in the passive: "has asked for A to be added", "requests that A be removed" -------------------

@pytest.mark.parametrize("said, result", [
    ("Our hosting company has asked for ns3.new.example to be added to hmrc.gov.uk alongside the current ones.",
     {*OLD, "ns3.new.example"}),
    ("The council is requesting for ns3.new.example to be added to hmrc.gov.uk.", {*OLD, "ns3.new.example"}),
    ("Our client requests that ns3.new.example be removed from hmrc.gov.uk.", set(OLD)),
])
def test_a_request_for_a_server_to_be_added_or_removed_is_read(said, result):
    three = (*OLD, "ns3.new.example") if "removed" in said else OLD
    assert outcome(f"Hello,\n\n{said}\n\nThanks,\nJo\n", current=three) == result


@pytest.mark.parametrize("said", [
    "Could ns3.new.example be added to hmrc.gov.uk, or should we wait until Monday?",
    "Can ns3.new.example be added to hmrc.gov.uk?",
])
def test_a_question_whether_a_server_can_be_added_or_removed_is_asked_about(said):
    assert outcome(f"Hello,\n\n{said}\n\nThanks,\nJo\n") in (None, "none")


# --- "Before servers" and "After servers" as a table's headings -------------------------------------------------

@pytest.mark.parametrize("heading", ["| Before servers | After servers |", "| Servers before | Servers after |",
                                     "| Before server | After server | IPv4 (new) |"])
def test_before_and_after_servers_as_headings_are_current_and_new(heading):
    glue = " 192.0.2.1 |" if "IPv4" in heading else ""
    glue2 = " 192.0.2.2 |" if "IPv4" in heading else ""
    body = (f"Please change the NS for hmrc.gov.uk:\n\n{heading}\n| ns1.old.example | ns1.new.example |{glue}\n"
            f"| ns2.old.example | ns2.new.example |{glue2}\n\nThanks,\nJo\n")
    assert outcome(body) == NEW


def test_servers_under_a_heading_saying_no_role_beside_after_servers_are_asked_about():
    body = ("Please change the NS for hmrc.gov.uk:\n\n| Servers | After servers |\n"
            "| ns1.old.example | ns1.new.example |\n| ns2.old.example | ns2.new.example |\n\nThanks,\nJo\n")
    assert outcome(body) is None


# --- a label's values with bars between them ----------------------------------------------------------------------

@pytest.mark.parametrize("said", [
    "Replacement DNS (hmrc.gov.uk): ns1.new.example | ns2.new.example",
    "Old NS: ns1.old.example | ns2.old.example\nNew NS: ns1.new.example | ns2.new.example",
])
def test_a_labels_values_with_bars_between_them_are_a_list(said):
    assert outcome(f"Hello,\n\nFor hmrc.gov.uk:\n{said}\n\nThanks,\nJo\n") == NEW


@pytest.mark.parametrize("label", ["Tested", "Note"])
def test_values_with_bars_between_them_under_a_label_saying_no_role_are_asked_about(label):
    # read as a list, its label still says nothing of what becomes of them
    assert outcome(f"Hello,\n\nFor hmrc.gov.uk:\n{label}: ns1.new.example | ns2.new.example\n\nThanks,\nJo\n") is None
