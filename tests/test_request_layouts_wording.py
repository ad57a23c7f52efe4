"""How registrars word a change request, class by class: the same thing said in other words, orders and shapes is read
the same, and what the words leave open is asked about."""

import pytest

from mailbot.extract import extract_change, resolve

OLD = ("ns1.old.example", "ns2.old.example")
NEW = {"ns1.new.example", "ns2.new.example"}
DIGEST = "64D9DB5D8FF553D36D13A6B0AF8B8B6E0C2B92709AD1300F95865B01E92AA48D"
DS = f"18585 8 2 {DIGEST}"


def outcome(body: str, current=OLD, domain: str = "hmrc.gov.uk", field: str = "nameservers", subject: str = "Change"):
    """The resulting records of `field`, None when the mail is asked about, "none" when it asks nothing of it."""
    request = extract_change(subject, body, {})
    if domain in request.unclear:
        return None
    ask = request.asks.get(domain, {}).get(field)
    if ask is None:
        return "none"
    got = resolve(field, ask, current)
    return None if got.values is None else set(got.values)


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


def test_a_title_saying_a_record_goes_is_of_the_record_under_it_alone():
    other = "12345 13 2 " + "AB" * 32
    body = f"Removing DS for hmrc.gov.uk\n\nhmrc.gov.uk. 86400 IN DS {DS}\n"
    assert outcome(body, [DS, other], field="ds") == {other}


# --- whose servers they are says nothing of their role ----------------------------------------------------------

@pytest.mark.parametrize("line, servers", [
    ("Jisc nameservers: ns1.jisc-dns.example.net and ns2.jisc-dns.example.net",
     {"ns1.jisc-dns.example.net", "ns2.jisc-dns.example.net"}),
    ("Cloudflare NS: vera.ns.cloudflare.com, rita.ns.cloudflare.com", {"vera.ns.cloudflare.com", "rita.ns.cloudflare.com"}),
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
