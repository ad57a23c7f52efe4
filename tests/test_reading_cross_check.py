"""The cross-check of a reading against the registry's records and the sender's words (workflow.changes.read): a
current record the reading asks to add, or one the words name that the reading gives no role, means the words were
misread, and the domain is asked about instead of changed; a form's registrant line restating the current
registrant is no change of it."""

from __future__ import annotations

from mailbot.parse.change_request.asks import Ask, ChangeRequest
from mailbot.store.models import Domain
from mailbot.workflow.changes import read, unaccounted

HMRC = Domain(name="hmrc.gov.uk", nameservers=["ns1.hmrc.gov.uk", "ns2.hmrc.gov.uk"],
              ds=["12345 13 2 " + "AB" * 32])


def one(ask: Ask, *, field: str = "nameservers", domains: tuple[str, ...] = ("hmrc.gov.uk",)) -> ChangeRequest:
    return ChangeRequest(domains=domains, asks={"hmrc.gov.uk": {field: ask}})


def test_a_missed_removal_read_as_an_addition_is_asked_about():
    # "ns1 should be replaced by ns3; ns2 should be replaced by ns4", its second removal read as an addition.
    words = ("On hmrc.gov.uk, ns1.hmrc.gov.uk should be replaced by ns3.new.example; ns2.hmrc.gov.uk should be "
             "replaced by ns4.new.example.")
    ask = Ask(add=("ns3.new.example", "ns2.hmrc.gov.uk", "ns4.new.example"), remove=("ns1.hmrc.gov.uk",))
    reading = read(one(ask), HMRC, words=words)
    assert reading.change == {}
    assert reading.problem == ("Name servers: the mail names ns2.hmrc.gov.uk, which hmrc.gov.uk has now, but what "
                               "is to become of it could not be read.")


def test_a_current_record_named_with_no_role_is_asked_about_in_a_mail_about_one_domain():
    words = "Please add ns3.new.example and ns4.new.example. NS2.HMRC.GOV.UK. is to go."
    ask = Ask(add=("ns3.new.example", "ns4.new.example"))
    assert unaccounted("nameservers", ask, HMRC.nameservers, words, one_domain=True) == ["ns2.hmrc.gov.uk"]
    assert read(one(ask), HMRC, words=words).problem is not None
    # Named and read as going, staying or current: the reading holds.
    for roles in (dict(remove=("ns2.hmrc.gov.uk",)), dict(keep=("ns2.hmrc.gov.uk",)),
                  dict(said_current=("ns1.hmrc.gov.uk", "ns2.hmrc.gov.uk"))):
        ask = Ask(add=("ns3.new.example", "ns4.new.example"), **roles)
        assert unaccounted("nameservers", ask, HMRC.nameservers, words, one_domain=True) == []


def test_a_name_is_named_whole_never_as_part_of_another():
    ask = Ask(new=("ns1.new.example", "ns2.new.example"))
    for words in ("Set ns1.new.example and ns2.new.example (like xns1.hmrc.gov.uk.example).",
                  "Glue for ns1.hmrc.gov.uk-old is gone; set ns1.new.example and ns2.new.example."):
        assert unaccounted("nameservers", ask, HMRC.nameservers, words, one_domain=True) == []


def test_in_a_mail_about_several_domains_only_an_addition_of_a_current_record_counts():
    # Another domain's new servers may be this one's current ones: the words cannot say whose a name is.
    words = "tax.gov.uk: ns1.hmrc.gov.uk, ns2.hmrc.gov.uk\nhmrc.gov.uk: ns1.new.example, ns2.new.example"
    ask = Ask(new=("ns1.new.example", "ns2.new.example"))
    assert unaccounted("nameservers", ask, HMRC.nameservers, words, one_domain=False) == []
    ask = Ask(add=("ns1.hmrc.gov.uk", "ns3.new.example"))
    assert unaccounted("nameservers", ask, HMRC.nameservers, words, one_domain=False) == ["ns1.hmrc.gov.uk"]


def test_a_ds_record_is_named_by_its_digest():
    words = "Please add 54321 13 2 " + "cd" * 32 + " and remove the old key, whose digest is\n" + "ab" * 16 + \
            "\n" + "AB" * 16
    ask = Ask(add=("54321 13 2 " + "CD" * 32,))
    assert unaccounted("ds", ask, HMRC.ds, words, one_domain=True) == HMRC.ds
    reading = read(one(ask, field="ds"), HMRC, words=words)
    assert reading.change == {} and "DS records: the mail names 12345 13 2" in reading.problem


def test_a_ds_record_is_named_by_its_key_tag():
    ask = Ask(add=("54321 13 2 " + "CD" * 32,))
    for words in ("Please remove the old DS record (key tag 12345) and add 54321 13 2 " + "cd" * 32,
                  "Drop KeyTag: 12345, add the new key.", "Key-ID 12345 is retired."):
        assert unaccounted("ds", ask, HMRC.ds, words, one_domain=True) == HMRC.ds
    assert unaccounted("ds", ask, HMRC.ds, "Key tag 123456 and ticket 12345.", one_domain=True) == []


def test_a_registrant_line_giving_the_current_registrant_is_no_change_of_it():
    hmrc = Domain(name="hmrc.gov.uk", nameservers=["ns1.hmrc.gov.uk", "ns2.hmrc.gov.uk"], ds=[],
                  registrant="HM Revenue and Customs")
    asks = {"nameservers": Ask(new=("ns1.new.example", "ns2.new.example")),
            "registrant": Ask(new=("HM REVENUE AND CUSTOMS",))}
    reading = read(ChangeRequest(domains=("hmrc.gov.uk",), asks={"hmrc.gov.uk": asks}), hmrc)
    assert (reading.change, reading.problem) == ({"nameservers": ["ns1.new.example", "ns2.new.example"]}, None)
    # Alone, it asks for nothing: the registrar is asked what it wants changed.
    alone = read(ChangeRequest(domains=("hmrc.gov.uk",), asks={"hmrc.gov.uk": {"registrant": asks["registrant"]}}),
                 hmrc)
    assert alone.change == {} and "nothing would change" in alone.problem


def test_a_mail_that_asks_nothing_has_no_problem():
    # "Yes, go ahead" on a thread: nothing to change, and nothing to ask the registrar about either.
    reading = read(ChangeRequest(domains=("hmrc.gov.uk",), asks={}), HMRC, words="Yes, go ahead.")
    assert (reading.change, reading.problem, reading.asked) == ({}, None, False)


def test_a_value_read_as_added_on_a_line_that_only_removes_is_asked_about():
    from mailbot.workflow.changes import contradicted

    words = ("Add Registry Lock contact: secops@hmrc.gov.uk, 020 7946 0002\n"
             "Remove Registry Lock contact: soc@hmrc.gov.uk")
    ask = Ask(new=("secops@hmrc.gov.uk", "soc@hmrc.gov.uk"))
    assert contradicted("contacts", ask, words) == ["soc@hmrc.gov.uk"]
    reading = read(one(ask, field="contacts"), HMRC, words=words)
    assert reading.change == {} and "soc@hmrc.gov.uk is to go" in reading.problem
    # A line that also says what comes is a replacement, and one naming another domain of the mail is its own.
    assert contradicted("nameservers", Ask(add=("ns3.new.example",)),
                        "Remove ns1.hmrc.gov.uk and replace it with ns3.new.example") == []
    assert contradicted("nameservers", Ask(add=("ns3.new.example",)), "| tax.gov.uk | Drop | ns3.new.example |",
                        others=("tax.gov.uk",)) == []
    assert contradicted("nameservers", Ask(add=("ns3.new.example",)), "| hmrc.gov.uk | Drop | ns3.new.example |",
                        others=("tax.gov.uk",)) == ["ns3.new.example"]
