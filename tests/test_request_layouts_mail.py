"""What mail does to a request on its way, read as if it had not: a footer under the signature, a record wrapped by
the mail client, host names the client made links, two requests written as one mail. Each is read as the request
says, or asked about, never as a change nobody asked for."""

import pytest

from mailbot.parse.change_request.reader import extract_change
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


# --- the sender's own corrections (mailbot.parse.corrections) ---------------------------------------------------------

LIST = "New name servers for hmrc.gov.uk:\n- ns1.new.example\n- ns7.new.example\n- ns3.new.example\n"


@pytest.mark.parametrize("note", [
    "Heads up: ns7.new.example in the list below is a typo - it should read ns2.new.example.",
    "Please disregard ns7 below, it should be ns2.new.example.",
    "Sorry, I mistyped one: please use ns2.new.example instead of ns7.new.example.",
])
def test_a_correction_above_the_list_is_applied_before_the_request_is_read(note):
    assert outcome(f"Hi,\n\n{note}\n\n{LIST}\nThanks,\nBea\n") == {"ns1.new.example", "ns2.new.example",
                                                                   "ns3.new.example"}


def test_a_correction_in_a_table_is_applied_to_its_cell():
    body = "Hi,\n\nCorrection before you start: ns7.new.example in the table is wrong - use ns2.new.example.\n\n" \
           "Domain | Current | New\nhmrc.gov.uk | ns1.old.example | ns1.new.example\n" \
           "hmrc.gov.uk | ns2.old.example | ns7.new.example\n"
    assert outcome(body) == {"ns1.new.example", "ns2.new.example"}


@pytest.mark.parametrize("note", [
    "One of the servers in the list below is wrong - our DNS team will tell us which on Monday.",
    "Please ignore ns9 below, it should be ns2.new.example.",
    "ns7.new.example below should read ns2.new.example. Sorry, ns2.new.example should read ns4.new.example.",
])
def test_a_correction_that_cannot_be_applied_with_certainty_is_asked_about(note):
    assert outcome(f"Hi,\n\n{note}\n\n{LIST}") is None


def test_an_unsure_correction_is_recorded_as_the_reason_to_ask():
    request = extract_change("Change", "Please ignore ns9 in the list below, it should be ns2.new.example.\n\n" + LIST,
                             {})
    assert "ns9" in request.unclear["hmrc.gov.uk"] and not request.asks


# --- a clear-signed message (RFC 4880 7) ------------------------------------------------------------------------

SIGNED = "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\nHello,\n\nPlease set the name servers of hmrc.gov.uk " \
         "to ns1.new.example and ns2.new.example.\n\nRegards,\nOlusegun Bello\nNetwork Manager\n" \
         "Tel: 0300 123 0000\n\n" \
         "This e-mail is confidential and intended for the addressee only.\n-----BEGIN PGP SIGNATURE-----\n\n" \
         "iQEzBAEBCgAdFiEE0aBcDeFgHiJkLmNoPqRsTuVwXyZ\n=Ab12\n-----END PGP SIGNATURE-----\n"


def test_a_clear_signed_request_is_read():
    assert outcome(SIGNED) == {"ns1.new.example", "ns2.new.example"}


@pytest.mark.parametrize("below", [
    "NB the second server should read ns3.new.example - Kemi",
    "Correction: ns2.new.example is a typo, it should be ns3.new.example.",
])
def test_a_correction_below_the_signature_of_a_clear_signed_request_is_asked_about(below):
    assert outcome(SIGNED + "\n" + below + "\n") is None


def test_a_request_below_a_registrars_signed_note_is_read():
    note = SIGNED.replace("Please set the name servers of hmrc.gov.uk to ns1.new.example and ns2.new.example.",
                          "Our customer's request for hmrc.gov.uk is below; please process it.")
    body = note + "\nGood afternoon,\n\nPlease change the name servers of hmrc.gov.uk to ns1.new.example and " \
                  "ns2.new.example.\n\nKind regards,\nDeepa Rao\n"
    assert outcome(body) == {"ns1.new.example", "ns2.new.example"}


# --- words that say the current records stay --------------------------------------------------------------------

@pytest.mark.parametrize("verb", ["lodge", "enter", "slot in", "pop in", "configure"])
def test_a_record_given_with_words_to_keep_the_current_one_never_replaces_it(verb):
    body = f"Morning,\n\nCould you {verb} the DS record below for hmrc.gov.uk (leave the existing one as it is):\n\n" \
           f"{NEW_DS}\n\nTa,\nGwen\n"
    assert outcome(body, (OLD_DS,), field="ds") in (None, {NEW_DS, OLD_DS})
