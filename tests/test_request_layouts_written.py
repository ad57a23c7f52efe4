"""Tests for mailbot.parse.change_request's layouts as registrars write them by hand or copy them from their tools: a
list item with its glue, servers ranked in a sentence, labels with asides, fields after a dash, a sentence wrapped by
the mail client; read exactly, or asked about where the words leave the change open."""

import pytest

from tests.support.reading import outcome

NEW = {"ns1.new.example", "ns2.new.example"}


# --- a name server and its glue on one line ------------------------------------------------------------------------

@pytest.mark.parametrize("item", ["* {ns}  IPv4: 192.0.2.{n}", "{n}. {ns} IP address: 192.0.2.{n}",
                                  "{ns}  IPv6 = 2001:db8::{n}", "- {ns}, glue: 192.0.2.{n}"])
def test_a_name_server_listed_with_its_glue_label_is_the_lists_value(item):
    items = "\n".join(item.format(ns=ns, n=n) for n, ns in enumerate(sorted(NEW), 1))
    body = f"Hello,\n\nPlease point hmrc.gov.uk at the following:\n\n{items}\n\nThanks\n"
    assert outcome(body) == NEW


def test_a_glue_line_of_its_own_is_still_glue():
    body = "Domain: hmrc.gov.uk\nName server 1: ns1.new.example\nName server 1 IPv4 address: 192.0.2.1\n" \
           "Name server 2: ns2.new.example\nName server 2 IPv4 address: 192.0.2.2\n"
    assert outcome(body) == NEW


# --- servers ranked in a sentence ----------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "Could you please configure ns1.new.example as the primary and ns2.new.example as the secondary nameserver for "
    "hmrc.gov.uk?",
    "For hmrc.gov.uk we'd like ns2.new.example as the second and ns1.new.example as the first name server, please.",
    "hmrc.gov.uk: use ns1.new.example as NS1 and ns2.new.example as NS2.",
])
def test_servers_ranked_from_the_first_on_are_the_whole_new_set(sentence):
    assert outcome(f"Hello,\n\n{sentence}\n\nRegards\n") == NEW


@pytest.mark.parametrize("sentence", [
    "Please set ns3.new.example as the tertiary name server for hmrc.gov.uk.",
    "Please set ns1.new.example as the primary and ns3.new.example as the tertiary name server for hmrc.gov.uk.",
    "Please set ns1.new.example as the primary and ns2.new.example as the primary name server for hmrc.gov.uk.",
])
def test_ranks_that_leave_a_gap_or_repeat_are_asked_about(sentence):
    # Where the tertiary goes among servers nobody named, or which of two is the primary, is not a thing to guess.
    assert outcome(f"Hello,\n\n{sentence}\n\nRegards\n") is None


def test_a_server_added_with_its_rank_is_added():
    body = "Hello,\n\nPlease add ns3.new.example as the tertiary name server for hmrc.gov.uk.\n"
    assert outcome(body) == {"ns1.old.example", "ns2.old.example", "ns3.new.example"}


# --- a sentence the mail client cut at 72 columns before a long value --------------------------------------------

@pytest.mark.parametrize("body", [
    # The glue address in brackets after the value that ended the line.
    "Could you please re-delegate hmrc.gov.uk so that it points to ns1.new.example\n"
    "[192.0.2.10] and ns2.new.example [192.0.2.11]? The new zone is already up.\n",
    # The values replaced, in brackets, starting the line.
    "For our customer, please replace the two name servers of hmrc.gov.uk\n"
    "(ns1.old.example and ns2.old.example) with ns1.new.example and ns2.new.example.\n",
    # A list ending the line with a semicolon, or a value and its glue with a comma.
    "Our customer is leaving, so please set hmrc.gov.uk to ns1.new.example;\n"
    "ns2.new.example. Cheers.\n",
    "Please point hmrc.gov.uk at ns1.new.example [192.0.2.10],\n"
    "ns2.new.example [192.0.2.11]. Cheers.\n",
    # A word ending the line whose values follow on the next.
    "Hi - please move hmrc.gov.uk across to ns1.new.example & ns2.new.example? It is on\n"
    "ns1.old.example and ns2.old.example at the moment.\n",
])
def test_a_sentence_cut_before_a_long_value_is_read_whole(body):
    assert outcome(f"Hello,\n\n{body}\nThanks\n") == NEW


def test_lines_of_pairs_are_not_one_sentence_cut_at_the_width():
    # Each line a pair of its own: made one, the second pair's old value would be read as replacing the first's new.
    body = "Name server swap on hmrc.gov.uk (old -> new):\nns1.old.example -> ns1.new.example.long-name\n" \
           "ns2.old.example -> ns2.new.example.long-name\n"
    assert outcome(body) == {"ns1.new.example.long-name", "ns2.new.example.long-name"}
