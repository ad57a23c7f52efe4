"""Tests for mailbot.extract's Ask and resolve(): what a mail asks of a domain, and the records that come of it."""

import pytest

from mailbot.extract import Ask, resolve

CURRENT = ("ns1.old.example", "ns2.old.example")
DS = "12345 13 2 9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08"


# --- resolve(): the rules of "never guess" ---------------------------------------------------------

def test_a_complete_set_is_the_result_with_what_it_adds_and_removes():
    got = resolve("nameservers", Ask(new=("NS1.new.example.", "ns2.new.example")), CURRENT)
    assert got.problem is None
    assert got.values == ("ns1.new.example", "ns2.new.example")
    assert got.added == ("ns1.new.example", "ns2.new.example") and got.removed == CURRENT


def test_additions_and_removals_apply_to_the_current_records():
    got = resolve("nameservers", Ask(add=("ns3.new.example",), remove=("ns1.old.example",)), CURRENT)
    assert got.values == ("ns2.old.example", "ns3.new.example")
    assert (got.added, got.removed) == (("ns3.new.example",), ("ns1.old.example",))


def test_a_complete_set_agreeing_with_additions_and_removals_wins():
    ask = Ask(new=("ns1.new.example", "ns2.new.example"), add=("ns1.new.example",), remove=("ns1.old.example",))
    assert resolve("nameservers", ask, CURRENT).values == ("ns1.new.example", "ns2.new.example")


@pytest.mark.parametrize("ask, current, words", [
    (Ask(new=("ns1.new.example", "ns2.new.example"), add=("ns3.new.example",)), CURRENT, "contradicts"),
    (Ask(new=("ns1.new.example", "ns2.new.example"), remove=("ns1.new.example",)), CURRENT, "contradicts"),
    (Ask(remove=("ns9.other.example",), add=("ns3.new.example",)), CURRENT, "not among the current"),
    (Ask(new=("ns1.new.example",)), CURRENT, "at least two"),
    (Ask(remove=("ns1.old.example",)), CURRENT, "at least two"),
    (Ask(new=("NS2.old.example", "ns1.old.example.")), CURRENT, "nothing would change"),
    (Ask(add=("ns1.old.example",)), CURRENT, "nothing would change"),
    (Ask(new=("ns1.new.example", "not a host")), CURRENT, "not a valid name server"),
    (Ask(add=("ns3.new.example",), said_current=("ns1.other.example", "ns2.old.example")), CURRENT, "registry holds"),
    (Ask(), CURRENT, "could be read"),
    (Ask(add=("ns3.new.example",), remove=("ns3.new.example",)), CURRENT + ("ns3.new.example",), "both"),
])
def test_a_request_that_cannot_be_made_exact_is_a_problem(ask, current, words):
    got = resolve("nameservers", ask, current)
    assert got.values is None and words in got.problem


def test_said_current_that_matches_the_records_is_fine_and_never_new():
    ask = Ask(add=("ns3.new.example",), remove=("ns1.old.example",), said_current=("ns2.old.example", "ns1.old.example"))
    assert resolve("nameservers", ask, CURRENT).values == ("ns2.old.example", "ns3.new.example")


def test_a_complete_set_ignores_a_stale_current_set():
    ask = Ask(new=("ns1.new.example", "ns2.new.example"), said_current=("ns1.other.example",))
    assert resolve("nameservers", ask, CURRENT).values == ("ns1.new.example", "ns2.new.example")


def test_ds_records_resolve_in_canonical_form_and_may_all_be_removed():
    spaced = f"{DS[:32].lower()} {DS[32:]}"
    got = resolve("ds", Ask(new=(spaced,)), ())
    assert got.values == (DS,) and got.added == (DS,)
    assert resolve("ds", Ask(new=()), (DS,)).values == ()
    assert resolve("ds", Ask(remove=(DS,)), (DS,)).values == ()
    assert "not a valid DS record" in resolve("ds", Ask(new=("12345 13 2 ABC",)), ()).problem
