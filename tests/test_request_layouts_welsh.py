"""A request written in Welsh, or in Welsh and English, read as its English words are (mailbot.parse.change_request.
welsh): list labels and column headings ("Hen weinyddion enwau", "Gweinyddion enwau cyfredol", "Newydd"), a row's
action ("ychwanegu", "dileu", "cadw"), a swap ("defnyddiwch B yn lle A"), a request to change ("A wnewch chi newid
... i A ac B"); a Welsh version that says otherwise than the English one, or is not sure ("neu"), is asked about."""

import pytest

from mailbot.parse.change_request.welsh import in_english
from tests.support.reading import outcome

NEW = {"dns-a.harbourhost.example", "dns-b.harbourhost.example"}


@pytest.mark.parametrize("current_label, new_label", [
    ("Hen weinyddion enwau:", "Gweinyddion enwau newydd:"),
    ("Gweinyddion enwau cyfredol:", "Gweinyddion newydd:"),
    ("Enw-weinyddion presennol ar gyfer hmrc.gov.uk:", "Enw-weinyddion newydd ar gyfer hmrc.gov.uk:"),
])
def test_welsh_labels_over_lists_say_which_list_is_current_and_which_new(current_label, new_label):
    body = (f"Helo,\n\nParth / Domain: hmrc.gov.uk\n\n{current_label}\n- ns1.old.example\n- ns2.old.example\n\n"
            f"{new_label}\n- dns-a.harbourhost.example\n- dns-b.harbourhost.example\n\nDiolch\n")
    assert outcome(body) == NEW


def test_a_welsh_and_an_english_version_that_agree_are_read():
    body = ("Parth: hmrc.gov.uk\n\nGweinyddion enwau newydd:\ndns-a.harbourhost.example\ndns-b.harbourhost.example\n\n"
            "Saesneg isod / English below\n\nNew name servers:\ndns-a.harbourhost.example\ndns-b.harbourhost.example\n")
    assert outcome(body) == NEW


def test_a_welsh_version_giving_other_values_than_the_english_one_is_asked_about():
    body = ("Parth: hmrc.gov.uk\n\nGweinyddion enwau newydd:\ndns-a.harbourhost.example\ndns-c.harbourhost.example\n\n"
            "New name servers:\ndns-a.harbourhost.example\ndns-b.harbourhost.example\n")
    assert outcome(body) is None


def test_welsh_column_headings_of_an_aligned_table_keep_their_columns():
    body = ("Newid i hmrc.gov.uk:\n\n"
            "Gweinyddion cyfredol   Gweinyddion newydd\n"
            "--------------------   -------------------------\n"
            "ns1.old.example        dns-a.harbourhost.example\n"
            "ns2.old.example        dns-b.harbourhost.example\n")
    assert outcome(body) == NEW


@pytest.mark.parametrize("add, remove", [("ychwanegu", "dileu"), ("Ychwanegwch", "Tynnu"), ("YCHWANEGU", "DDILEU")])
def test_a_rows_action_in_welsh_is_read_as_add_or_remove(add, remove):
    rows = (f"parth,gweithred,gweinydd\nhmrc.gov.uk,{add},dns-a.harbourhost.example\n"
            f"hmrc.gov.uk,{add},dns-b.harbourhost.example\nhmrc.gov.uk,{remove},ns1.old.example\n"
            f"hmrc.gov.uk,{remove},ns2.old.example\n")
    assert outcome("Gweler y daenlen atodedig.", attached=(rows,)) == NEW


def test_a_row_kept_in_welsh_stays():
    rows = ("parth,gweithred,gweinydd enwau\nhmrc.gov.uk,cadw,ns1.old.example\n"
            "hmrc.gov.uk,dileu,ns2.old.example\nhmrc.gov.uk,ychwanegu,dns-a.harbourhost.example\n")
    assert outcome("Atodir y newid.", attached=(rows,)) == {"ns1.old.example", "dns-a.harbourhost.example"}


@pytest.mark.parametrize("sentence", [
    "Ar gyfer hmrc.gov.uk, defnyddiwch dns-a.harbourhost.example yn lle ns1.old.example a "
    "dns-b.harbourhost.example yn lle ns2.old.example.",
    "Gosodwch dns-a.harbourhost.example. yn lle ns1.old.example ac dns-b.harbourhost.example yn lle "
    "ns2.old.example ar gyfer hmrc.gov.uk. Dim newid arall.",
])
def test_b_yn_lle_a_puts_b_in_the_place_of_a(sentence):
    assert outcome(f"Bore da,\n\n{sentence}\n\nCofion\n") == NEW


def test_a_swap_the_other_way_round_is_read_the_other_way_round():
    # "rhowch A yn lle B" takes B out: here a server the domain does not have, which is asked about.
    body = "Ar gyfer hmrc.gov.uk, rhowch ns1.old.example yn lle dns-a.harbourhost.example.\n"
    assert outcome(body) is None


@pytest.mark.parametrize("sentence", [
    "A wnewch chi newid gweinyddion enwau hmrc.gov.uk i dns-a.harbourhost.example ac dns-b.harbourhost.example "
    "os gwelwch yn dda?",
    "Byddech cystal â newid gweinyddion enwau'r parth hwn o ns1.old.example a ns2.old.example i "
    "dns-a.harbourhost.example a dns-b.harbourhost.example. (hmrc.gov.uk)",
    "Hoffwn symud hmrc.gov.uk at ddarparwr DNS newydd. Y gweinyddion enwau newydd fydd dns-a.harbourhost.example "
    "a dns-b.harbourhost.example.",
])
def test_a_welsh_request_to_change_the_name_servers_gives_the_new_set(sentence):
    assert outcome(f"Helo,\n\n{sentence}\n\nDiolch\n") == NEW


def test_a_welsh_or_between_values_is_not_sure_and_is_asked_about():
    body = ("Ar gyfer hmrc.gov.uk, rhowch dns-a.harbourhost.example neu dns-c.harbourhost.example yn lle "
            "ns1.old.example.\n")
    assert outcome(body) is None


def test_welsh_labels_say_which_ds_record_is_current_and_which_new():
    old, new = "20326 8 2 " + "B2" * 32, "31589 13 2 " + "A1" * 32
    body = f"Ar gyfer hmrc.gov.uk:\n\nCofnod DS presennol:\n{old}\n\nCofnod DS newydd:\n{new}\n"
    assert outcome(body, current=(old,), field="ds") == {new}


def test_english_words_are_left_as_they_are():
    text = "Please add a ns3.example.net, i ns4.example.net o ns5.example.net\nThe current set stays"
    assert in_english(text) == text
    # Only where a Welsh word is: "a" between values in an English line is no Welsh "and".
    assert in_english("Use ns1.a.example a ns2.a.example") == "Use ns1.a.example a ns2.a.example"
