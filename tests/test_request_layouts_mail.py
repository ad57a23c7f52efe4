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


@pytest.mark.parametrize("body", [
    "Hi,\n\nPlease change the name servers of hmrc.gov.uk.\n\nThanks\nNew Name Servers\nns1.new.example\n"
    "ns2.new.example\n",
    "Hi,\n\nName servers for hmrc.gov.uk, thanks\nNs1.new.example\nNs2.new.example\n",
])
def test_a_line_under_a_thanks_that_goes_on_with_the_request_is_read(body):
    assert outcome(body) == {"ns1.new.example", "ns2.new.example"}
