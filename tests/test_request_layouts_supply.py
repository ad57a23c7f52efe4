"""Tests for mailbot.parse.change_request's reading of what suppliers write around a request: the servers of the host
they take over from, named in brackets and said to be going ("Their servers (A, B) will be decommissioned")."""

import pytest

from tests.support.reading import OLD, outcome

NEW = {"dns-a.harbourhost.example", "dns-b.harbourhost.example"}
SET = "Please set the name servers of hmrc.gov.uk to dns-a.harbourhost.example and dns-b.harbourhost.example."


@pytest.mark.parametrize("after", [
    "The old host's servers (ns1.old.example, ns2.old.example) are being retired next month.",
    "Old Provider Ltd's name servers (ns1.old.example and ns2.old.example) will be switched off and decommissioned "
    "at the end of the year.",
    "Their present servers (ns1.old.example, ns2.old.example) are to be removed.",
])
def test_servers_in_brackets_said_to_be_going_are_the_ones_the_new_set_drops(after):
    assert outcome(f"Hello,\n\n{SET} {after}\n\nThanks", current=OLD) == NEW


def test_servers_in_brackets_said_to_be_going_are_held_to_what_the_new_set_drops():
    # The domain has a third server the words say nothing of: whether it goes too is asked.
    after = "The old host's servers (ns1.old.example, ns2.old.example) are being retired next month."
    current = (*OLD, "ns3.old.example")
    assert outcome(f"Hello,\n\n{SET} {after}\n\nThanks", current=current) is None


def test_a_server_in_brackets_after_another_is_not_the_subject_going():
    # "A (B) will be removed": the bracket is A's aside, not the subject of the verb.
    body = ("Hello,\n\nFor hmrc.gov.uk please add dns-a.harbourhost.example. ns1.old.example (ns2.old.example) will be "
            "removed.\n\nThanks")
    assert outcome(body, current=OLD) is None


# --- a name server with its glue records' types and addresses after it --------------------------------------------

@pytest.mark.parametrize("lines", [
    "dns-a.harbourhost.example  A 192.0.2.10  AAAA 2001:db8::10\ndns-b.harbourhost.example  A 192.0.2.11",
    "- dns-a.harbourhost.example (A 192.0.2.10)\n- dns-b.harbourhost.example  AAAA 2001:db8::11",
    "dns-a.harbourhost.example\ta 192.0.2.10\ndns-b.harbourhost.example\taaaa 2001:db8::11",
])
def test_a_name_server_with_its_glue_records_after_it_is_a_value_of_the_list(lines):
    assert outcome(f"Hi,\n\nNew name servers for hmrc.gov.uk:\n{lines}\n\nThanks", current=OLD) == NEW


@pytest.mark.parametrize("lines", [
    "dns-a.harbourhost.example  MX 192.0.2.10\ndns-b.harbourhost.example  A 192.0.2.11",
    "dns-a.harbourhost.example  A\ndns-b.harbourhost.example  A 192.0.2.11",
])
def test_a_record_type_that_is_no_glue_before_an_address_is_asked_about(lines):
    assert outcome(f"Hi,\n\nNew name servers for hmrc.gov.uk:\n{lines}\n\nThanks", current=OLD) is None


# --- an apology for writing to the wrong desk is no second choice -------------------------------------------------

@pytest.mark.parametrize("lead", [
    "I hope I've found the right team for this - sorry if not.",
    "Is this the correct mailbox for delegation changes? Apologies if not.",
])
def test_an_apology_if_not_of_the_right_desk_offers_no_other_values(lead):
    assert outcome(f"Good morning,\n\n{lead} {SET}\n\nMany thanks", current=OLD) == NEW


def test_values_offered_if_not_the_first_are_still_asked_about():
    body = (f"Good morning,\n\n{SET} If not, dns-c.harbourhost.example and dns-d.harbourhost.example.\n\n"
            "Many thanks")
    assert outcome(body, current=OLD) is None
