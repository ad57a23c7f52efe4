"""Known risks of reading a change request: a mail's view of the domain that is not the registry's, a DS record named
by its key tag alone, and a replacement the cross-check could take for an unexplained addition. Each is read exactly
where a careful operator would be sure, and asked about otherwise."""

import pytest

from mailbot.extract import Ask, ChangeRequest, extract_change, resolve
from mailbot.store.models import Domain
from mailbot.workflow.changes import contradicted, read

OLD = ("ns1.old.example", "ns2.old.example")
THIRD = (*OLD, "ns0.old.example")  # the registry holds a server the mail never names
NEW = {"ns1.new.example", "ns2.new.example"}
HMRC = Domain(name="hmrc.gov.uk", nameservers=["ns1.hmrc.gov.uk", "ns2.hmrc.gov.uk"], ds=[])


def outcome(body: str, current, domain: str = "hmrc.gov.uk", field: str = "nameservers"):
    """The resulting records of `field`, or None when the mail is asked about."""
    request = extract_change("Change", body, {})
    if domain in request.unclear:
        return None
    ask = request.asks.get(domain, {}).get(field)
    assert ask is not None, request
    got = resolve(field, ask, current)
    return None if got.values is None else set(got.values)


# --- the current records as the mail states them ------------------------------------------------------------------

STATED = [
    "We need the delegation for hmrc.gov.uk changing. At the moment it points at ns1.old.example / ns2.old.example; "
    "it should point at ns1.new.example, ns2.new.example instead.",
    "For hmrc.gov.uk: at the moment ns1.old.example and ns2.old.example; should point at ns1.new.example and "
    "ns2.new.example.",
    "hmrc.gov.uk is currently on ns1.old.example, ns2.old.example - please move it to ns1.new.example, "
    "ns2.new.example.",
    "Please replace the current name servers for hmrc.gov.uk (ns1.old.example and ns2.old.example) with "
    "ns1.new.example and ns2.new.example.",
    "For hmrc.gov.uk the existing name servers ns1.old.example and ns2.old.example should be replaced by "
    "ns1.new.example and ns2.new.example.",
    "hmrc.gov.uk\nCurrent name servers:\nns1.old.example\nns2.old.example\n\nNew name servers:\nns1.new.example\n"
    "ns2.new.example\n",
    "hmrc.gov.uk\nExisting: ns1.old.example ns2.old.example\nRequested: ns1.new.example ns2.new.example\n",
]


@pytest.mark.parametrize("body", STATED)
def test_current_records_stated_as_the_registry_holds_them_are_read(body):
    assert outcome(body, OLD) == NEW


@pytest.mark.parametrize("body", STATED)
def test_current_records_stated_without_one_the_registry_holds_are_asked_about(body):
    # Read as two replacements, ns0.old.example would stay: nobody said whether it should.
    assert outcome(body, THIRD) is None


def test_one_record_paired_with_its_replacement_says_nothing_of_the_others():
    assert outcome("hmrc.gov.uk: old: ns1.old.example new: ns3.new.example.\n", THIRD) == \
        {"ns2.old.example", "ns0.old.example", "ns3.new.example"}
    assert outcome("Please replace ns1.old.example with ns3.new.example for hmrc.gov.uk.", THIRD) == \
        {"ns2.old.example", "ns0.old.example", "ns3.new.example"}
    assert outcome("Please replace the current name server ns1.old.example with ns3.new.example for hmrc.gov.uk.",
                   THIRD) == {"ns2.old.example", "ns0.old.example", "ns3.new.example"}
    assert outcome("For hmrc.gov.uk the existing name server ns1.old.example should be replaced by ns3.new.example.",
                   THIRD) == {"ns2.old.example", "ns0.old.example", "ns3.new.example"}


# --- the cross-check: a value brought in in another's place is no unexplained addition ---------------------------

@pytest.mark.parametrize("words", [
    "For hmrc.gov.uk could you plese retire ns1.hmrc.gov.uk and use ns3.new.example in its place.",
    "For hmrc.gov.uk please remove ns1.hmrc.gov.uk and put ns3.new.example in its place. The others stay put.",
    "Please put ns3.new.example in place of ns1.hmrc.gov.uk on hmrc.gov.uk.",
    "Decommission ns1.hmrc.gov.uk and use ns3.new.example in its stead.",
    "Drop ns1.hmrc.gov.uk from hmrc.gov.uk, using ns3.new.example in lieu of it.",
    "ns1.hmrc.gov.uk is being retired; ns3.new.example takes its place.",
    "Retire ns1.hmrc.gov.uk, swap in ns3.new.example.",
])
def test_a_value_brought_in_in_place_of_one_that_goes_is_a_replacement(words):
    ask = Ask(add=("ns3.new.example",), remove=("ns1.hmrc.gov.uk",))
    assert contradicted("nameservers", ask, words) == []
    reading = read(ChangeRequest(("hmrc.gov.uk",), {"hmrc.gov.uk": {"nameservers": ask}}), HMRC, words=words)
    assert reading.problem is None
    assert reading.change == {"nameservers": ["ns2.hmrc.gov.uk", "ns3.new.example"]}


@pytest.mark.parametrize("words", [
    "For hmrc.gov.uk please retire ns3.new.example. The others stay put.",
    "Please remove ns3.new.example from hmrc.gov.uk.",
    "ns3.new.example is being decommissioned.",
])
def test_a_value_on_a_line_that_only_takes_one_out_is_still_never_added(words):
    ask = Ask(add=("ns3.new.example",), remove=("ns1.hmrc.gov.uk",))
    assert contradicted("nameservers", ask, words) == ["ns3.new.example"]
