"""Tests for mailbot.parse.change_request's layouts: records as DNS hosts' consoles, zone exports and change files give
them (a record's type in a column of its own, tab-separated files, quoted CSV fields, EPP's secDNS), and as DNS
engineers write of them (replacements, key rollovers), read exactly or asked about."""

import pytest

from mailbot.parse.change_request.reader import extract_change
from mailbot.parse.change_request.resolve import resolve

DOMAIN = "x-dh.gov.uk"
CURRENT = {"nameservers": ("ns1.old.example", "ns2.old.example"),
           "ds": ("11111 13 2 9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08",)}
DS = "43791 13 2 4669C021E5C4CC1E7D703F36DD72660038E30D7B183CA4FFB49F4AEFEE882D0D"
NEW = ("ns-cloud-d1.googledomains.com", "ns-cloud-d2.googledomains.com")


def resulting(body: str, attached: tuple[str, ...] = (), domain: str = DOMAIN) -> dict[str, tuple[str, ...]] | str:
    """The records each field of `domain` holds after the mail's change, or why it is asked about."""
    request = extract_change("Change", body, {}, attached=attached)
    if domain in request.unclear:
        return "asked: " + request.unclear[domain]
    out = {}
    for kind, ask in request.asks.get(domain, {}).items():
        got = resolve(kind, ask, CURRENT.get(kind, ()))
        if got.problem:
            return "asked: " + got.problem
        out[kind] = got.values
    return out or "asked: nothing read"


# --- a record's type in a column of its own --------------------------------------------------------

@pytest.mark.parametrize("table", [
    # Google Cloud DNS's record sets, as copied from the console: aligned, tab-separated, or with pipes.
    "DNS name         Type   TTL (seconds)   Data\n"
    "x-dh.gov.uk.     NS     21600           ns-cloud-d1.googledomains.com.\n"
    "x-dh.gov.uk.     NS     21600           ns-cloud-d2.googledomains.com.",
    "DNS name\tType\tTTL (seconds)\tData\n"
    "x-dh.gov.uk.\tNS\t21600\tns-cloud-d1.googledomains.com.\n"
    "x-dh.gov.uk.\tNS\t21600\tns-cloud-d2.googledomains.com.",
    "| Record name | Record type | TTL | Value |\n|---|---|---|---|\n"
    "| @ | ns | 3600 | ns-cloud-d1.googledomains.com |\n| @ | ns | 3600 | ns-cloud-d2.googledomains.com |",
    # No heading, a class column, the type in words.
    "x-dh.gov.uk.\t172800\tIN\tNS\tNS-CLOUD-D1.GOOGLEDOMAINS.COM.\n"
    "x-dh.gov.uk.\t172800\tIN\tNS\tns-cloud-d2.googledomains.com.",
    "Host | Kind | Points to\nx-dh.gov.uk | NS record | ns-cloud-d1.googledomains.com\n"
    "x-dh.gov.uk | NS record | ns-cloud-d2.googledomains.com",
])
def test_a_consoles_record_sets_in_the_mail_are_the_new_set(table):
    body = f"The new zone for {DOMAIN} has these records; please delegate to them:\n\n{table}\n\nThanks"
    assert resulting(body) == {"nameservers": NEW}


@pytest.mark.parametrize("export", [
    "Name,Type,TTL,Value\nx-dh.gov.uk.,NS,172800,ns-cloud-d1.googledomains.com.\n"
    "x-dh.gov.uk.,NS,172800,ns-cloud-d2.googledomains.com.\n",
    "name;type;ttl;data\r\nx-dh.gov.uk;NS;300;ns-cloud-d1.googledomains.com\r\nx-dh.gov.uk;NS;300;ns-cloud-d2.googledomains.com\r\n",
    '"Name","Type","TTL","Value"\n"x-dh.gov.uk.","NS","172800","ns-cloud-d1.googledomains.com."\n'
    '"x-dh.gov.uk.","NS","172800","ns-cloud-d2.googledomains.com."\n',
    # A glue record of an in-house server says nothing of the delegation.
    "Name,Type,TTL,Value\nx-dh.gov.uk.,NS,3600,ns-cloud-d1.googledomains.com.\n"
    "x-dh.gov.uk.,NS,3600,ns-cloud-d2.googledomains.com.\nns-cloud-d1.googledomains.com.,A,3600,192.0.2.10\n",
])
def test_a_zone_export_attached_is_the_new_set(export):
    body = f"Attached are the NS records exported from our DNS host for {DOMAIN}; please delegate to them."
    assert resulting(body, (export,)) == {"nameservers": NEW}


@pytest.mark.parametrize("rows", [
    "domain,action,type,value\nx-dh.gov.uk,remove,NS,ns1.old.example.\nx-dh.gov.uk,add,NS,ns-cloud-d1.googledomains.com\n"
    "x-dh.gov.uk,add,DS,43791 13 2 4669C021E5C4CC1E7D703F36DD72660038E30D7B183CA4FFB49F4AEFEE882D0D\n",
    "Zone\tRecord type\tOperation\tData\nx-dh.gov.uk\tns\tDELETE\tns1.old.example\n"
    "x-dh.gov.uk\tns\tCREATE\tns-cloud-d1.googledomains.com\n"
    "x-dh.gov.uk\tDS\tCREATE\t43791 13 2 4669C021E5C4CC1E7D703F36DD72660038E30D7B183CA4FFB49F4AEFEE882D0D\n",
])
def test_a_change_file_with_the_records_type_in_a_column_of_its_own(rows):
    got = resulting(f"Changes for {DOMAIN} attached, one row per change.", (rows,))
    assert got == {"nameservers": ("ns2.old.example", "ns-cloud-d1.googledomains.com"), "ds": (CURRENT["ds"][0], DS)}


@pytest.mark.parametrize("rows", [
    # Another owner than the domain: a subdomain's delegation, not the domain's.
    "Name,Type,TTL,Value\nwww.x-dh.gov.uk.,NS,300,ns-cloud-d1.googledomains.com.\nx-dh.gov.uk.,NS,300,"
    "ns-cloud-d2.googledomains.com.\n",
    # The type says one field and the value is of another.
    "Name,Type,TTL,Value\nx-dh.gov.uk.,DS,300,ns-cloud-d1.googledomains.com.\nx-dh.gov.uk.,NS,300,"
    "ns-cloud-d2.googledomains.com.\n",
    # A record of another type holding a host name.
    "Name,Type,TTL,Value\nx-dh.gov.uk.,NS,300,ns-cloud-d1.googledomains.com.\nx-dh.gov.uk.,NS,300,"
    "ns-cloud-d2.googledomains.com.\nx-dh.gov.uk.,CNAME,300,ns-cloud-d3.googledomains.com.\n",
])
def test_a_record_not_of_the_domains_delegation_is_asked_about(rows):
    assert resulting(f"Please delegate {DOMAIN} to the servers in the attached export.", (rows,)).startswith("asked")


# --- tab-separated files and quoted CSV fields: several values in one field -------------------------

@pytest.mark.parametrize("rows", [
    "domain\tcurrent_ns\tnew_ns\nx-dh.gov.uk\tns1.old.example,ns2.old.example\t"
    "ns-cloud-d1.googledomains.com,ns-cloud-d2.googledomains.com\n",
    "Domain\tExisting nameservers\tProposed nameservers\r\nx-dh.gov.uk\tns1.old.example; ns2.old.example\t"
    "ns-cloud-d1.googledomains.com; ns-cloud-d2.googledomains.com\r\n",
    'domain,old,new\nx-dh.gov.uk,"ns1.old.example,ns2.old.example","ns-cloud-d1.googledomains.com, '
    'ns-cloud-d2.googledomains.com"\n',
    '"domain";"new name servers"\n"x-dh.gov.uk";"ns-cloud-d1.googledomains.com,ns-cloud-d2.googledomains.com"\n',
])
def test_a_field_of_a_file_may_hold_several_values(rows):
    assert resulting(f"Please see the attached file for {DOMAIN}.", (rows,)) == {"nameservers": NEW}


def test_several_values_in_the_fields_of_a_file_without_a_heading_are_asked_about():
    rows = "x-dh.gov.uk\tns1.old.example,ns2.old.example\tns-cloud-d1.googledomains.com,ns-cloud-d2.googledomains.com\n"
    assert resulting(f"Please see the attached file for {DOMAIN}.", (rows,)).startswith("asked")


# --- EPP's secDNS:all (RFC 5910 3.2.5) ----------------------------------------------------------------

EPP = """<domain:update xmlns:domain="urn:ietf:params:xml:ns:domain-1.0">
  <domain:name>x-dh.gov.uk</domain:name>
</domain:update>
<extension><secDNS:update xmlns:secDNS="urn:ietf:params:xml:ns:secDNS-1.1">
{}
</secDNS:update></extension>"""
ADD = ("<secDNS:add><secDNS:dsData><secDNS:keyTag>43791</secDNS:keyTag><secDNS:alg>13</secDNS:alg>"
       "<secDNS:digestType>2</secDNS:digestType><secDNS:digest>4669C021E5C4CC1E7D703F36DD72660038E30D7B183CA4FFB49F4AEFEE"
       "882D0D</secDNS:digest></secDNS:dsData></secDNS:add>")


@pytest.mark.parametrize("rem", ["<secDNS:rem><secDNS:all>true</secDNS:all></secDNS:rem>",
                                 "<secDNS:rem>\n  <secDNS:all>1</secDNS:all>\n</secDNS:rem>"])
def test_epp_removing_every_ds_record_empties_them_and_what_it_adds_is_the_set(rem):
    assert resulting("We are going unsigned:\n\n" + EPP.format(rem)) == {"ds": ()}
    assert resulting("Key rollover:\n\n" + EPP.format(rem + "\n" + ADD)) == {"ds": (DS,)}


def test_epp_secdns_all_false_is_asked_about():
    assert resulting("Please apply:\n\n" + EPP.format("<secDNS:rem><secDNS:all>false</secDNS:all></secDNS:rem>\n"
                                                      + ADD)).startswith("asked")


# --- replacements as engineers write them ----------------------------------------------------------------

SWAPPED = {"nameservers": ("ns2.old.example", "ns3.new.example")}
BOTH = {"nameservers": ("ns3.new.example", "ns4.new.example")}


@pytest.mark.parametrize("said", [
    "we need ns1.old.example swapped out for ns3.new.example.",
    "could we have ns1.old.example switched over to ns3.new.example? Thanks",
    "ns1.old.example to be exchanged for NS3.NEW.EXAMPLE.",
    "please get ns1.old.example. swapped with ns3.new.example, nothing else.",
])
def test_a_server_swapped_for_another_in_the_passive_is_replaced(said):
    assert resulting(f"On {DOMAIN} {said}") == SWAPPED


@pytest.mark.parametrize("said", [
    "ns1.old.example is being decommissioned; please put ns3.new.example in its place.",
    "ns1.old.example will be retired. Please add ns3.new.example in its place.",
    "ns3.new.example should be added and ns1.old.example should be removed.",
    "ns3.new.example added, ns1.old.example removed.",
    "please add ns3.new.example; ns1.old.example is no longer needed.",
    "ns2.old.example stays. Please swap ns1.old.example for ns3.new.example.",
])
def test_a_role_said_after_the_values_is_theirs(said):
    assert resulting(f"{DOMAIN}: {said}") == SWAPPED


@pytest.mark.parametrize("said", [
    "ns1.old.example or ns2.old.example is to be removed, and ns3.new.example added.",
    "we don't think ns1.old.example is being retired, but please add ns3.new.example.",
])
def test_a_role_said_after_values_one_or_the_other_or_denied_is_asked_about(said):
    assert resulting(f"{DOMAIN}: {said}").startswith("asked")


@pytest.mark.parametrize("said", [
    "please replace ns1.old.example with ns3.new.example and ns2.old.example with ns4.new.example.",
    "please replace ns1.old.example. with ns3.new.example. and ns2.old.example. with ns4.new.example.. Thanks",
    "could you change ns1.old.example to ns3.new.example, ns2.old.example to ns4.new.example?",
    "swap ns1.old.example for ns3.new.example; ns2.old.example for ns4.new.example.",
    "move from ns1.old.example to ns3.new.example and also ns2.old.example to ns4.new.example.",
])
def test_the_verb_said_once_of_two_pairs_replaces_each(said):
    assert resulting(f"For {DOMAIN} {said}") == BOTH


def test_one_server_replaced_by_two_is_not_two_pairs():
    got = resulting(f"For {DOMAIN} please replace ns1.old.example with ns3.new.example and ns4.new.example.")
    assert got == {"nameservers": ("ns2.old.example", "ns3.new.example", "ns4.new.example")}


def test_a_ds_record_named_by_its_key_tag_goes_and_another_stays():
    two = ("11111 13 2 9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08", DS)
    CURRENT["ds"], was = two, CURRENT["ds"]
    try:
        said = "The KSK rollover is done. Please remove the old DS, key tag 11111. The DS with key tag 43791 stays."
        assert resulting(f"{DOMAIN}: {said}") == {"ds": (DS,)}
    finally:
        CURRENT["ds"] = was


# --- DS records of key rollovers ----------------------------------------------------------------------------

OLD_DS = CURRENT["ds"][0]
ZONE_LINE = f"{DOMAIN}. 3600 IN DS {DS}"


@pytest.mark.parametrize("fields", [
    "Key tag: 43791\nSigning algorithm type: 13\nSigning algorithm: ECDSAP256SHA256\nDigest algorithm type: 2\n"
    "Digest algorithm: SHA-256\nDigest: 4669c021e5c4cc1e7d703f36dd72660038e30d7b183ca4ffb49f4aefee882d0d",
    "Key tag: 43791\nAlgorithm: 13\nAlgorithm: ECDSAP256SHA256\nDigest type: 2\nDigest type: SHA-256\n"
    "Digest: 4669C021E5C4CC1E7D703F36DD72660038E30D7B183CA4FFB49F4AEFEE882D0D",
])
def test_a_ds_field_given_by_its_number_and_by_its_name_is_one_field(fields):
    assert resulting(f"Please add this DS for {DOMAIN}:\n\n{fields}\n\nThanks") == {"ds": (OLD_DS, DS)}


def test_a_ds_fields_number_and_name_that_disagree_are_asked_about():
    fields = "Key tag: 43791\nAlgorithm: 13\nAlgorithm: RSASHA256\nDigest type: 2\nDigest: " + DS.split()[-1]
    assert resulting(f"Please add this DS for {DOMAIN}:\n\n{fields}\n").startswith("asked")


@pytest.mark.parametrize("lead", [
    "We've re-signed the zone with a new key. Please replace the existing DS with this one:",
    "New key in place; please swap the old DS record for the following:",
    "Please exchange our current DS for the one below -",
])
def test_the_ds_a_current_one_is_replaced_with_is_the_set(lead):
    assert resulting(f"{DOMAIN}\n\n{lead}\n\n{ZONE_LINE}\n\nThanks") == {"ds": (DS,)}


@pytest.mark.parametrize("lead", [
    "KSK rollover. Please ADD the following DS alongside the existing one - do not remove the old one yet:",
    "Could you add a second DS? Keep the current one, we'll ask for it to be removed once the rollover is done.",
    "Please publish this new DS record next to the current one - we will ask for the old one to come out later.",
    "Please add this DS alongside the current one; we'll raise a separate request to take the old one away.",
])
def test_a_ds_added_beside_the_current_one_whose_removal_comes_later_is_added(lead):
    assert resulting(f"{DOMAIN}: {lead}\n\n{ZONE_LINE}\n\nThanks") == {"ds": (OLD_DS, DS)}


def test_a_ds_record_given_whole_and_again_as_a_consoles_fields_is_one_record():
    fields = (f"DS record: {ZONE_LINE}\nDigest: {DS.split()[-1]}\nDigest type: 2 (SHA256)\nAlgorithm: 13\n"
              "Public key: mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==\n"
              "Key tag: 43791\nFlags: 257 (KSK)")
    said = "Could you add a second DS? Keep the current one, we'll ask for it to be removed once the rollover is done."
    assert resulting(f"{DOMAIN}: {said}\n\n{fields}\n\nThanks") == {"ds": (OLD_DS, DS)}


@pytest.mark.parametrize("current", [
    "Existing DS (stays published while the new key propagates):",
    "Old DS record - keep:",
    "Present DS (not to be withdrawn yet):",
    "Current DS, to stay until we confirm:",
])
@pytest.mark.parametrize("added", ["Additional DS:", "New DS (please add):", "New DS:"])
def test_a_current_ds_its_label_says_stays_is_kept_beside_the_new_one(current, added):
    # A key rollover: read by "Existing" and "New" alone, the new key would be the whole set, and the key still
    # signing the zone would be taken away.
    body = f"KSK rollover for {DOMAIN}.\n\n{current}\n{OLD_DS}\n\n{added}\n{ZONE_LINE}\n\nThanks"
    assert resulting(body) == {"ds": (OLD_DS, DS)}


@pytest.mark.parametrize("current", ["Current DS:", "Existing DS (to be withdrawn):", "Old DS - remove:"])
def test_a_current_ds_its_label_says_nothing_of_keeping_is_replaced(current):
    assert resulting(f"{DOMAIN}\n\n{current}\n{OLD_DS}\n\nNew DS:\n{ZONE_LINE}\n") == {"ds": (DS,)}


def test_a_current_ds_whose_removal_is_put_off_beside_a_new_set_is_asked_about():
    body = f"{DOMAIN}\n\nCurrent DS (remove it once the caches have caught up):\n{OLD_DS}\n\nNew DS:\n{ZONE_LINE}\n"
    assert resulting(body).startswith("asked")


def test_name_servers_a_label_calls_current_and_says_stay_are_kept_beside_those_added():
    body = (f"{DOMAIN}\n\nPresent name servers (these remain in place):\nns1.old.example\nns2.old.example\n\n"
            f"New name servers (to be added):\n{NEW[0]}\n{NEW[1]}\n")
    assert resulting(body) == {"nameservers": (*CURRENT["nameservers"], *NEW)}


@pytest.mark.parametrize("lead", ["Please do not remove the following DS record:",
                                  "Please don't delete this DS record."])
def test_a_ds_record_said_only_not_to_be_done_with_is_asked_about(lead):
    assert resulting(f"{DOMAIN}: {lead}\n\n{ZONE_LINE}\n\nThanks").startswith("asked")


# --- one set a row, its last columns blank ----------------------------------------------------------------

OTHER = "y-dh.gov.uk"


@pytest.mark.parametrize("table", [
    "Zone\tNS1\tNS2\tNS3\n"
    "x-dh.gov.uk\tns-cloud-d1.googledomains.com\tns-cloud-d2.googledomains.com\t\n"
    "y-dh.gov.uk\tns1.b.example\tns2.b.example\tns3.b.example",
    "Domain\tName server 1\tName server 2\tName server 3\tName server 4\n"
    "x-dh.gov.uk\tNS-CLOUD-D1.GOOGLEDOMAINS.COM\tns-cloud-d2.googledomains.com.\n"
    "y-dh.gov.uk\tns1.b.example\tns2.b.example\tns3.b.example",
    "Zone            NS1                             NS2                             NS3\n"
    "x-dh.gov.uk     ns-cloud-d1.googledomains.com   ns-cloud-d2.googledomains.com\n"
    "y-dh.gov.uk     ns1.b.example                   ns2.b.example                   ns3.b.example",
])
def test_a_row_of_one_set_leaving_its_last_columns_blank_is_its_domains_set(table):
    body = f"New delegation for each of these, please:\n\n{table}\n\nThanks"
    assert resulting(body) == {"nameservers": NEW}
    assert resulting(body, domain=OTHER) == {"nameservers": ("ns1.b.example", "ns2.b.example", "ns3.b.example")}


def test_a_row_of_a_current_new_table_leaving_the_new_column_blank_removes():
    body = (f"{DOMAIN}:\n\nCurrent\tNew\nns1.old.example\tns-cloud-d1.googledomains.com\nns2.old.example\t\n"
            "\tns-cloud-d2.googledomains.com\n\nThanks")
    assert resulting(body) == {"nameservers": NEW}


# --- more ways of saying one server goes and another comes -------------------------------------------------

@pytest.mark.parametrize("said", [
    "please retire ns1.old.example in favour of ns3.new.example.",
    "we are dropping ns1.old.example in favor of ns3.new.example, nothing else changes.",
    "ns1.old.example will be superseded by ns3.new.example.",
    "ns3.new.example supersedes ns1.old.example.",
    "ns3.new.example is taking the place of ns1.old.example.",
    "out with ns1.old.example, in with ns3.new.example.",
    "ns1.old.example has been decommissioned, please replace it with ns3.new.example.",
    "ns1.old.example is going away; ns3.new.example replaces it.",
])
def test_one_server_going_for_another_in_other_words(said):
    assert resulting(f"{DOMAIN}: {said}") == SWAPPED


@pytest.mark.parametrize("said", [
    "Regarding x-dh.gov.uk - ns1.old.example needs switching over to ns3.new.example, the other stays put.",
    "ns1.old.example is moving to ns3.new.example for x-dh.gov.uk; nothing else changes.",
    "For x-dh.gov.uk, ns1.old.example should change to ns3.new.example.",
])
def test_a_server_said_to_need_changing_to_another_goes_for_it(said):
    assert resulting(said) == SWAPPED


def test_the_name_servers_said_to_need_changing_to_others_are_the_whole_set():
    said = "The name servers of x-dh.gov.uk need changing to ns-cloud-d1.googledomains.com and " \
           "ns-cloud-d2.googledomains.com."
    assert resulting(said) == {"nameservers": NEW}


def test_them_after_values_said_only_to_be_current_is_the_whole_set():
    said = "the current name servers are ns1.old.example and ns2.old.example; please replace them with " \
           "ns-cloud-d1.googledomains.com and ns-cloud-d2.googledomains.com."
    assert resulting(f"{DOMAIN}: {said}") == {"nameservers": NEW}


@pytest.mark.parametrize("lead", [
    "Please add this DS. The old one will be removed in a week.",
    "Please pre-publish the new DS below; we'll remove the old one after the TTL has expired.",
    "Add the DS below please - we will withdraw the current one once it has propagated.",
])
def test_a_removal_put_off_to_another_time_is_not_asked_now(lead):
    assert resulting(f"{DOMAIN}: {lead}\n\n{ZONE_LINE}\n\nThanks") == {"ds": (OLD_DS, DS)}


def test_the_list_after_a_second_verb_is_that_verbs():
    lead = "Rollover complete; please withdraw the DS with key tag 11111 and publish this one:"
    assert resulting(f"{DOMAIN}: {lead}\n\n{ZONE_LINE}\n\nThanks") == {"ds": (DS,)}


# --- what else a console or a zone file shows beside the NS records --------------------------------------------

@pytest.mark.parametrize("records", [
    # Cloudflare: the type first, a TTL in words, the proxy's state.
    "Type\tName\tContent\tProxy status\tTTL\nNS\tx-dh.gov.uk\tns-cloud-d1.googledomains.com\tDNS only\tAuto\n"
    "NS\tx-dh.gov.uk\tns-cloud-d2.googledomains.com\tDNS only\tAuto",
    # The zone's start of authority beside its NS records, in a table and as a zone file or dig prints it.
    "| Name | Type | TTL | Data |\n|---|---|---|---|\n"
    "| x-dh.gov.uk. | SOA | 21600 | ns-cloud-d1.googledomains.com. cloud-dns-hostmaster.google.com. 1 21600 3600 "
    "259200 300 |\n| x-dh.gov.uk. | NS | 6 hours | ns-cloud-d1.googledomains.com. |\n"
    "| x-dh.gov.uk. | NS | 6 hours | ns-cloud-d2.googledomains.com. |",
    "x-dh.gov.uk.   3600  IN  SOA  ns-cloud-d1.googledomains.com. cloud-dns-hostmaster.google.com. 1 21600 3600 "
    "259200 300\nx-dh.gov.uk.   21600 IN  NS   ns-cloud-d1.googledomains.com.\n"
    "x-dh.gov.uk.   21600 IN  NS   ns-cloud-d2.googledomains.com.",
    # A zone described by its console, a time stamp among its fields.
    "creationTime: '2026-11-27T09:00:00.000Z'\ndnsName: x-dh.gov.uk.\nid: '1234567890'\nnameServers:\n"
    "- ns-cloud-d1.googledomains.com.\n- ns-cloud-d2.googledomains.com.\nvisibility: public",
])
def test_what_a_console_shows_beside_the_ns_records_says_nothing_of_the_delegation(records):
    assert resulting(f"Please delegate {DOMAIN} to the new zone:\n\n{records}\n\nThanks") == {"nameservers": NEW}


def test_the_start_of_authority_of_another_zone_is_asked_about():
    records = ("| Name | Type | Data |\n"
               "| dev.x-dh.gov.uk. | SOA | ns-cloud-d3.googledomains.com. hostmaster.x-dh.gov.uk. |\n"
               "| x-dh.gov.uk. | NS | ns-cloud-d1.googledomains.com. |\n"
               "| x-dh.gov.uk. | NS | ns-cloud-d2.googledomains.com. |")
    assert resulting(f"Please delegate {DOMAIN}:\n\n{records}\n\nThanks").startswith("asked")


@pytest.mark.parametrize("name", ["00.000Z", "v1.2b", "10.5min"])
def test_a_name_whose_last_label_starts_with_a_digit_is_no_name_server(name):
    from mailbot.parse.change_request.names import is_nameserver

    assert not is_nameserver(name.lower(), set(), "gov.uk")


@pytest.mark.parametrize("records", [
    "x-dh.gov.uk. | NS | ns-cloud-d1.googledomains.com.\nwww.x-dh.gov.uk. | NS | ns-cloud-d2.googledomains.com.",
    "x-dh.gov.uk.\t3600\tIN\tNS\tns-cloud-d1.googledomains.com.\n"
    "www.x-dh.gov.uk.\t3600\tIN\tNS\tns-cloud-d2.googledomains.com.",
])
def test_a_record_of_the_www_name_is_its_own_never_the_domains(records):
    # "www." starts a link in words, and a record's owner in a zone's records: blanked, it looked like the apex.
    assert resulting(f"Please delegate {DOMAIN}:\n\n{records}\n\nThanks").startswith("asked")


@pytest.mark.parametrize("choice", ["Please publish the SHA-256 one only.", "Just the first record, please.",
                                    "Only the KSK's SHA256 digest is wanted."])
def test_words_choosing_among_the_ds_records_given_are_asked_about(choice):
    records = (f"{DOMAIN}. IN DS {DS}\n{DOMAIN}. IN DS 43791 13 4 39BADC759B33190CB872FAC9602CBB7300670847E6886D50"
               "7F9F7BA10EEFD180A166503DECABE04F5B9CAD6CD362813C")
    assert resulting(f"{DOMAIN} is now signed. From dnssec-dsfromkey:\n\n{records}\n\n{choice}").startswith("asked")


@pytest.mark.parametrize("fields", [
    f"DS record      {ZONE_LINE}\nDigest         {DS.split()[-1]}\nDigest type    SHA256\nAlgorithm      13\n"
    "Key tag        43791\nFlags          257",
    f"Key tag\t43791\nAlgorithm\t13\nDigest type\t2\nDigest\t{DS.split()[-1]}",
    f"Key tag   Algorithm   Digest type   Digest\n43791     13          2             {DS.split()[-1]}",
])
def test_a_ds_records_fields_spaces_apart_from_their_values_are_read_by_their_labels(fields):
    assert resulting(f"Please replace the DS of {DOMAIN} with the following:\n\n{fields}\n\nThanks") == {"ds": (DS,)}


def test_words_of_a_choice_about_name_servers_ask_nothing_of_ds_records():
    said = "please change only the first name server, ns1.old.example, to ns3.new.example."
    assert resulting(f"{DOMAIN}: {said}") == SWAPPED


# --- a signer's listing of its keys above the DS record ----------------------------------------------------------

# pdnsutil's line for the key whose DS record follows, and its DNSKEY line, as the signer prints them.
KEY_LINE = "ID = 11 (KSK), flags = 257, tag = 43791, algo = 13, bits = 256\t Active\t Published ( ECDSAP256SHA256 )"
DNSKEY_LINE = ("KSK DNSKEY = x-dh.gov.uk. IN DNSKEY 257 3 13 mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXck"
               "HAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ== ; ( ECDSAP256SHA256 )")


@pytest.mark.parametrize("lead,kind", [
    ("The zone x-dh.gov.uk is now signed on our side. Please lodge this DS with the registry:", "add"),
    ("Please swap the DS of x-dh.gov.uk for the one in the signer's output below:", "new"),
])
def test_a_signers_line_describing_the_key_above_its_ds_record_is_no_value(lead, kind):
    body = f"{lead}\n\n{KEY_LINE}\n{DNSKEY_LINE}\nDS = x-dh.gov.uk. IN DS {DS} ; ( SHA256 digest )\n\nRegards"
    expected = (*CURRENT["ds"], DS) if kind == "add" else (DS,)
    assert resulting(body) == {"ds": expected}


def test_a_signers_line_describing_a_key_whose_ds_record_is_not_given_is_asked_about():
    # The key's line names key tag 43791; the DS record given is another key's: which is meant is not the reader's
    # to guess.
    other = "20000 13 2 4669C021E5C4CC1E7D703F36DD72660038E30D7B183CA4FFB49F4AEFEE882D0D"
    body = (f"Please add this DS record to x-dh.gov.uk:\n\n{KEY_LINE}\n"
            f"DS = x-dh.gov.uk. IN DS {other} ; ( SHA256 digest )\n\nRegards")
    assert resulting(body).startswith("asked")


# --- "swap it for" after the server said to go --------------------------------------------------------------------

@pytest.mark.parametrize("said", [
    "x-dh.gov.uk: ns1.old.example is being retired next week, so please swap it for ns3.new.example.",
    "On x-dh.gov.uk ns1.old.example has been decommissioned; could you exchange it for ns3.new.example?",
])
def test_a_server_said_to_go_then_swapped_by_a_pronoun_for_another_goes_for_it(said):
    assert resulting(said) == SWAPPED


# --- a server after the domain named with "for" ---------------------------------------------------------------------

def test_a_pair_after_the_domain_named_with_for_is_never_left_out():
    # "for x-dh.gov.uk, ns2.old.example with ..." is no list of what the change is for: read without ns2.old.example,
    # the change would keep it and add its replacement. Asked about.
    said = "Please replace ns1.old.example with ns3.new.example for x-dh.gov.uk, ns2.old.example with ns4.new.example."
    assert resulting(said).startswith("asked")
    # What the words after it say of it, the reading does not know for certain either.
    said = "For x-dh.gov.uk, ns2.old.example is fine, ns1.old.example needs migrating to ns3.new.example."
    assert resulting(said).startswith("asked")


def test_domains_named_with_for_are_still_what_the_change_is_for():
    said = "Please change the name servers for nhs.uk, example.com and x-dh.gov.uk to ns-cloud-d1.googledomains.com " \
           "and ns-cloud-d2.googledomains.com."
    assert resulting(said) == {"nameservers": NEW}
