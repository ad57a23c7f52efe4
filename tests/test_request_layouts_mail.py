"""What mail does to a request on its way, read as if it had not: a footer under the signature, a record wrapped by
the mail client, host names the client made links, two requests written as one mail. Each is read as the request
says, or asked about, never as a change nobody asked for."""

import pytest

from tests.support.reading import outcome

NEW_DS = "31206 13 2 5D2C7E0B1A94F3E8C6D0B7A2F41E9C83D5B6A0F7E2C19D84B3A6F05E7C2D18B9"
OLD_DS = "50713 13 2 0E4B9A7C2D5F18E3B6A94C0D7F2E5B81A3C6D09F4E7B2A58C1D3F6E09B4A7C2D"


# --- a footer under the signature -------------------------------------------------------------------------------

FOOTERS = [
    "Best regards,\nMarta Kowalska\nHostmaster | Fernbank Internet Ltd\n\nSave paper - think before you print.\n\n"
    "Our shared name servers: dns-a.fernbank.example, dns-b.fernbank.example.",
    "Thanks in advance,\nOwain Price\nSupport Engineer | Fernbank Internet Ltd\nTel: 01632 960 118\n\n"
    "New customers: point your domain at dns-a.fernbank.example and dns-b.fernbank.example.",
    "Łukasz Nowicki\nSupport Engineer | Fernbank Internet Ltd\nT: +44 1632 960118\n\n"
    "Default name servers for parked domains: dns-a.fernbank.example, dns-b.fernbank.example.",
]


@pytest.mark.parametrize("footer", FOOTERS)
def test_name_servers_in_a_footer_under_the_signature_are_no_part_of_the_request(footer):
    body = f"Hello,\n\nPlease add this DS record to hmrc.gov.uk beside the current one:\n\n{NEW_DS}\n\n{footer}\n"
    assert outcome(body, ("ns1.hmrc.gov.uk", "ns2.hmrc.gov.uk")) == "none"
    assert outcome(body, (OLD_DS,), field="ds") == {NEW_DS, OLD_DS}


def test_a_postscript_under_the_signature_is_still_read():
    body = "Hi,\n\nPlease change the name servers of hmrc.gov.uk to ns1.new.example and ns2.new.example.\n\n" \
           f"Kind regards,\nMarta Kowalska\nFernbank Internet Ltd\n\nP.S. please add DS record {NEW_DS} too."
    assert outcome(body) == {"ns1.new.example", "ns2.new.example"}
    assert outcome(body, (OLD_DS,), field="ds") == {NEW_DS, OLD_DS}


@pytest.mark.parametrize("heading", [
    "=== Copied from the customer's e-mail ===\n\n", "Bore da,\n\n", "From the council's web team:\n\n",
])
def test_a_customers_words_pasted_under_the_registrars_signature_are_read(heading):
    body = "Hello,\n\nOur customer's request is below, please process it.\n\nCheers,\nTomasz Wójcik\n" \
           "Hostmaster | Fernbank Internet Ltd\nTel: 01632 960 118\n\n" + heading + \
           "Please set the name servers of hmrc.gov.uk to ns1.new.example and ns2.new.example.\n\nDiolch,\n" \
           "Ffion ap Dafydd\nDigital Officer\nTel: 0300 000 1234\n\nDefault name servers for our other sites: " \
           "ns1.other.example, ns2.other.example.\n"
    assert outcome(body) == {"ns1.new.example", "ns2.new.example"}


@pytest.mark.parametrize("body", [
    "Hi,\n\nPlease change the name servers of hmrc.gov.uk.\n\nThanks\nNew Name Servers\nns1.new.example\n"
    "ns2.new.example\n",
    "Hi,\n\nName servers for hmrc.gov.uk, thanks\nNs1.new.example\nNs2.new.example\n",
])
def test_a_line_under_a_thanks_that_goes_on_with_the_request_is_read(body):
    assert outcome(body) == {"ns1.new.example", "ns2.new.example"}


# --- a DS record wrapped by the mail client ---------------------------------------------------------------------

@pytest.mark.parametrize("gap", ["\n", " \n", "\t\n"])
@pytest.mark.parametrize("lead", [
    "We are rolling our KSK for hmrc.gov.uk. Please publish this DS as well as the existing one:",
    "Please add the DS below for hmrc.gov.uk; the current one stays until the rollover is done.",
])
def test_a_ds_record_wrapped_before_its_digest_is_one_record(lead, gap):
    tag, alg, dtype, digest = NEW_DS.split()
    body = f"Hi,\n\n{lead}\n\n{tag} {alg} {dtype}{gap}{digest}\n\nThanks,\nPriya\n"
    assert outcome(body, (OLD_DS,), field="ds") == {NEW_DS, OLD_DS}


def test_a_zone_file_cds_record_wrapped_before_its_digest_is_one_record():
    tag, alg, dtype, digest = NEW_DS.split()
    body = "Hi,\n\nFor hmrc.gov.uk please add the DS matching the CDS our signer publishes, beside the current one:\n" \
           f"\nhmrc.gov.uk.\t3600\tIN\tCDS\t{tag} {alg} {dtype} \n{digest}\n"
    assert outcome(body, (OLD_DS,), field="ds") == {NEW_DS, OLD_DS}


# --- host names a mail client made links ------------------------------------------------------------------------

def _linked(host: str, style: str) -> str:
    return {"gmail": f"{host} <http://{host}>", "outlook": f"{host}<http://{host}/>",
            "safelinks": f"{host}<https://emea01.safelinks.protection.outlook.com/?url=http%3A%2F%2F{host}%2F"
                         "&data=05%7C01%7C&reserved=0>"}[style]


STYLES = ["gmail", "outlook", "safelinks"]


@pytest.mark.parametrize("style", STYLES)
def test_linked_hosts_in_a_pasted_epp_update_keep_their_add_and_rem(style):
    def host(name):
        return f"      <domain:hostObj>{_linked(name, style)}</domain:hostObj>"
    body = "Our platform's EPP update, for you to action:\n\n" \
           '<domain:update xmlns:domain="urn:ietf:params:xml:ns:domain-1.0">\n' \
           "  <domain:name>hmrc.gov.uk</domain:name>\n  <domain:add><domain:ns>\n" + host("ns3.new.example") + \
           "\n  </domain:ns></domain:add>\n  <domain:rem><domain:ns>\n" + host("ns2.old.example") + \
           "\n  </domain:ns></domain:rem>\n</domain:update>\n"
    assert outcome(body) == {"ns1.old.example", "ns3.new.example"}


@pytest.mark.parametrize("style", STYLES)
def test_linked_hosts_either_side_of_an_arrow_keep_their_roles(style):
    body = f"Hi,\n\nFor hmrc.gov.uk: {_linked('ns2.old.example', style)} > {_linked('ns2.new.example', style)}, " \
           "nothing else changes.\n"
    assert outcome(body) == {"ns1.old.example", "ns2.new.example"}


# --- two requests in one mail -----------------------------------------------------------------------------------

def test_a_field_emptied_of_one_domain_of_two_is_emptied_of_that_domain_alone():
    body = "Hello,\n\nFor alpha.gov.uk, please add this DS record now that we sign it:\n\n" \
           f"alpha.gov.uk. IN DS {NEW_DS}\n\n----\n\nbeta.gov.uk leaves us for another host and goes unsigned for " \
           "the move, so please withdraw its DS record and set its name servers to ns1.b.example and " \
           "ns2.b.example.\n\nMany thanks,\nRhian\n"
    assert outcome(body, (OLD_DS,), domain="alpha.gov.uk", field="ds") == {NEW_DS, OLD_DS}
    assert outcome(body, domain="alpha.gov.uk") == "none"
    assert outcome(body, (OLD_DS,), domain="beta.gov.uk", field="ds") == set()
    assert outcome(body, domain="beta.gov.uk") == {"ns1.b.example", "ns2.b.example"}


@pytest.mark.parametrize("body", [
    "Hi,\n\nNew name servers:\nalpha.gov.uk: ns1.a.example, ns2.a.example\nbeta.gov.uk: ns1.b.example, "
    "ns2.b.example\n\nPlease also delete the DS record of beta.gov.uk.\n",
    "Hi,\n\nPlease change the name servers of alpha.gov.uk to ns1.a.example and ns2.a.example.\n\nPlease remove "
    "the DS record of beta.gov.uk as well, it is going unsigned.\n",
])
def test_words_emptying_the_field_of_one_domain_leave_the_others_field_alone(body):
    assert outcome(body, (OLD_DS,), domain="alpha.gov.uk", field="ds") == "none"
    assert outcome(body, (OLD_DS,), domain="beta.gov.uk", field="ds") == set()


def test_words_emptying_a_field_naming_no_domain_empty_it_of_each_domain_listed():
    body = "Hi,\n\nPlease remove the DS records of these domains, they are going unsigned:\n\nalpha.gov.uk\n" \
           "beta.gov.uk\n"
    for domain in ("alpha.gov.uk", "beta.gov.uk"):
        assert outcome(body, (OLD_DS,), domain=domain, field="ds") == set()
