"""Tests for mailbot.parse.change_request's reading of two roles said together: a label naming two roles with their
values on the same line ("Old NS / New NS: A / B"), read as a replacement where each value's role is certain and asked
about otherwise; and a request to set the field to values, naming what it holds now on the way ("set the name servers
of x.gov.uk, currently A, to B and C"), where what it holds now is a description, not the server replaced."""

import pytest

from tests.support.reading import outcome

OLD = ("ns1.old.example", "ns2.old.example")
A, B = "ns1.new.example", "ns2.new.example"
REPLACED = {A, "ns2.old.example"}  # ns1.old.example replaced with ns1.new.example, ns2.old.example kept
WHOLE = {A, B}
DS_OLD = "12345 8 2 49FD46E6C4B45C55D4AC69CBD3CD34AC1AFE51DE3A3D0A0A0BFA3F3D5C8E2F1A"
DS_NEW = "43791 13 2 4669C021E5C4CC1E7D703F36DD72660038E30D7B183CA4FFB49F4AEFEE882D0D"
ASKED = None


def _mail(lines: str) -> str:
    return f"Hello,\n\nPlease update hmrc.gov.uk.\n\n{lines}\n\nThanks\n"


# --- a label naming two roles, and their values on the same line -------------------------------------------------

PAIRED = [
    ("Old NS / New NS: ns1.old.example / ns1.new.example", REPLACED),
    ("Old / New: ns1.old.example / ns1.new.example", REPLACED),
    ("Current / New: ns1.old.example / ns1.new.example", REPLACED),
    ("Old NS, New NS: ns1.old.example, ns1.new.example", REPLACED),
    ("Old NS -> New NS: ns1.old.example -> ns1.new.example", REPLACED),
    ("New NS / Old NS: ns1.new.example / ns1.old.example", REPLACED),
    ("Old | New: ns1.old.example | ns1.new.example", REPLACED),
    ("Old\tNew: ns1.old.example\tns1.new.example", REPLACED),
    ("Existing / Proposed: ns1.old.example / ns1.new.example", REPLACED),
    ("From / To: ns1.old.example / ns1.new.example", REPLACED),
    ("Before / After: ns1.old.example / ns1.new.example", REPLACED),
    ("Remove / Add: ns1.old.example / ns1.new.example", REPLACED),
    ("Old NS \u2192 New NS: ns1.old.example \u2192 ns1.new.example", REPLACED),
    ("Old NS => New NS: ns1.old.example => ns1.new.example", REPLACED),
    ("Current NS | Replacement NS: ns1.old.example | ns1.new.example", REPLACED),
    ("Name servers (old / new): ns1.old.example / ns1.new.example", REPLACED),
    ("Old / new name server: ns1.old.example / ns1.new.example", REPLACED),
    ("* Existing NS / Proposed NS = ns1.old.example / ns1.new.example", REPLACED),
    ("Old NS / New NS: ns1.old.example / ns1.new.example\nOld NS / New NS: ns2.old.example / ns2.new.example", WHOLE),
    ("Old / New: ns1.old.example, ns2.old.example / ns1.new.example, ns2.new.example", WHOLE),
    ("Old/New NS - ns1.old.example / ns1.new.example", REPLACED),
    ("OLD NS / NEW NS: ns1.old.example / ns1.new.example", REPLACED),
    ("Out / In: ns1.old.example / ns1.new.example", REPLACED),
    ("Old NS / New NS:\nns1.old.example\tns1.new.example", REPLACED),
    ("Old NS: ns1.old.example / New NS: ns1.new.example", REPLACED),
    ("From/To: ns1.old.example/ns1.new.example", REPLACED),
    ("Current -> New: ns1.old.example, ns2.old.example -> ns1.new.example, ns2.new.example", WHOLE),
    # The pairing is not certain: asked.
    ("Old / New / Notes: ns1.old.example / ns1.new.example / supplier change", ASKED),
    ("Old NS / New NS:\nns1.old.example / ns1.new.example", ASKED),
    ("Current and new name servers: ns1.old.example / ns1.new.example", ASKED),
    ("Old & New: ns1.old.example / ns1.new.example", ASKED),
    ("Was / Now: ns1.old.example / ns1.new.example", ASKED),
    ("Old / New: ns1.new.example, ns2.new.example", ASKED),
    ("Old/new name servers: ns1.new.example, ns2.new.example", ASKED),
    ("Old / New: ns1.old.example / ns1.new.example / ns2.new.example", ASKED),
    ("Old / New: ns1.old.example -> ns1.new.example", ASKED),
    ("Old, New, Extra: ns1.old.example, ns1.new.example", ASKED),
    ("Old NS, New NS: ns1.old.example, ns1.new.example, ns2.new.example", ASKED),
    ("Existing / To be added: ns1.old.example / ns1.new.example", ASKED),
    ("New / New: ns1.new.example / ns2.new.example", ASKED),
    ("Old / Notes: ns1.old.example / ns1.new.example", ASKED),
]


@pytest.mark.parametrize(("lines", "expected"), PAIRED, ids=[p[0][:60] for p in PAIRED])
def test_a_label_of_two_roles_pairs_its_values_or_is_asked_about(lines, expected):
    assert outcome(_mail(lines), current=OLD) == expected


DS_PAIRED = [
    (f"Old DS / New DS: {DS_OLD} / {DS_NEW}", {DS_NEW}),
    (f"Current DS | New DS: {DS_OLD} | {DS_NEW}", {DS_NEW}),
    (f"Existing DS / Replacement DS = {DS_OLD} / {DS_NEW}", {DS_NEW}),
    (f"Remove / Add DS: {DS_OLD} -> {DS_NEW}", ASKED),
    (f"Old / New DS record: {DS_OLD} -> {DS_NEW}", ASKED),
    (f"Old / New DS: {DS_NEW}", ASKED),
]


@pytest.mark.parametrize(("lines", "expected"), DS_PAIRED, ids=[p[0][:40] for p in DS_PAIRED])
def test_a_label_of_two_roles_pairs_ds_records_or_is_asked_about(lines, expected):
    assert outcome(_mail(lines), current=(DS_OLD,), field="ds") == expected


# --- setting the field, with what it holds now named on the way -------------------------------------------------

DESCRIBED = [
    "Please set the name servers of hmrc.gov.uk, currently ns1.old.example, to ns1.new.example and ns2.new.example.",
    "Please set the name servers of hmrc.gov.uk (currently ns1.old.example) to ns1.new.example and ns2.new.example.",
    "Please set the name servers of hmrc.gov.uk, managed by ns1.old.example, to ns1.new.example and ns2.new.example.",
    "Please change the nameservers for hmrc.gov.uk, which are currently ns1.old.example and ns2.old.example, to "
    "ns1.new.example and ns2.new.example.",
    "Please update the name servers of hmrc.gov.uk, presently on ns1.old.example, to ns1.new.example and "
    "ns2.new.example.",
    "Please set the name servers of hmrc.gov.uk, hosted at ns1.old.example, to ns1.new.example and ns2.new.example.",
    "Please set the name servers of hmrc.gov.uk (at the moment ns1.old.example) to ns1.new.example and "
    "ns2.new.example.",
    "Please set the name servers of hmrc.gov.uk (was ns1.old.example) to ns1.new.example and ns2.new.example.",
    "Please change the DNS servers of hmrc.gov.uk \u2014 currently ns1.old.example \u2014 to ns1.new.example and "
    "ns2.new.example.",
    "Please move the delegation of hmrc.gov.uk, which is currently ns1.old.example, to ns1.new.example and "
    "ns2.new.example.",
    "Please set hmrc.gov.uk's name servers, currently ns1.old.example, to ns1.new.example and ns2.new.example.",
    "Could you change the NS records for hmrc.gov.uk (presently ns1.old.example and ns2.old.example) to "
    "ns1.new.example and ns2.new.example?",
    "Please change the nameservers of hmrc.gov.uk (which were ns1.old.example) to ns1.new.example and ns2.new.example.",
    "Please move hmrc.gov.uk (presently on ns1.old.example) to ns1.new.example and ns2.new.example.",
    "Please set the name servers of hmrc.gov.uk, now ns1.old.example, to ns1.new.example and ns2.new.example.",
    "Please update the name servers of hmrc.gov.uk (current: ns1.old.example, ns2.old.example) to ns1.new.example and "
    "ns2.new.example.",
    "Please set the NS for hmrc.gov.uk (currently ns1.old.example & ns2.old.example) to ns1.new.example & "
    "ns2.new.example.",
    "The name servers of hmrc.gov.uk, currently ns1.old.example and ns2.old.example, should be changed to "
    "ns1.new.example and ns2.new.example.",
]


@pytest.mark.parametrize("sentence", DESCRIBED, ids=[s[10:70] for s in DESCRIBED])
def test_setting_the_field_to_values_gives_the_whole_set_whatever_it_is_said_to_hold_now(sentence):
    assert outcome(f"Hello,\n\n{sentence}\n\nThanks\n", current=OLD) == WHOLE


NEAR_MISSES = [
    # One server named and changed: the rest stay.
    ("Please change ns1.old.example, currently in use, to ns1.new.example.", ASKED),
    ("Please change the name servers from ns1.old.example to ns1.new.example.", REPLACED),
    ("Please replace ns1.old.example (currently the primary) with ns1.new.example.", REPLACED),
    # Said to be what the domain holds now, outside a request to set the field to values: held to the registry's
    # records, which hold ns2.old.example too.
    ("The name servers of hmrc.gov.uk, currently ns1.old.example, should be changed to ns1.new.example and "
     "ns2.new.example.", ASKED),
    ("Please set the name servers of hmrc.gov.uk to ns1.new.example and ns2.new.example (currently ns1.old.example).",
     ASKED),
    ("hmrc.gov.uk is currently on ns1.old.example; please set its name servers to ns1.new.example and "
     "ns2.new.example.", ASKED),
    # The whole set, and words of keeping or removing beside it: which stands is not certain.
    ("Please change the name servers of hmrc.gov.uk, currently ns1.old.example, to ns1.new.example and "
     "ns2.new.example and remove ns2.old.example.", ASKED),
    ("Please set the name servers of hmrc.gov.uk, currently ns1.old.example, to ns1.new.example and "
     "ns2.new.example, keeping ns2.old.example.", ASKED),
    ("Please change the name servers of hmrc.gov.uk, which currently point at ns1.old.example, to ns1.new.example "
     "and ns2.new.example.", ASKED),
    # One name server of the domain, said to be what it holds now: which of its servers is meant is not certain.
    ("Please set the name server of hmrc.gov.uk (currently ns1.old.example) to ns1.new.example.", ASKED),
]


@pytest.mark.parametrize(("sentence", "expected"), NEAR_MISSES, ids=[s[0][10:70] for s in NEAR_MISSES])
def test_a_server_changed_by_name_is_still_replaced(sentence, expected):
    assert outcome(f"Hello,\n\n{sentence}\n\nThanks\n", current=OLD, subject="hmrc.gov.uk") == expected


def test_a_ds_record_named_on_the_way_is_asked_about():
    # A digest the reading placed in no role of the change is asked about, whatever the words around it.
    body = f"Hello,\n\nPlease set the DS records of hmrc.gov.uk (currently {DS_OLD}) to {DS_NEW}.\n\nThanks\n"
    assert outcome(body, current=(DS_OLD,), field="ds") is ASKED
