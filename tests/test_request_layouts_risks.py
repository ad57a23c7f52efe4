"""Known risks of reading a change request: a mail's view of the domain that is not the registry's, a DS record named
by its key tag alone, and a replacement the cross-check could take for an unexplained addition. Each is read exactly
where a careful operator would be sure, and asked about otherwise."""

import pytest

from mailbot.parse.change_request.asks import Ask, ChangeRequest
from mailbot.parse.change_request.reader import extract_change
from mailbot.parse.change_request.resolve import resolve
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


# --- a DS record to remove named by its key tag only ----------------------------------------------------------------

OLD_DS = "35235 13 2 " + "96070E561EBD18F2179ED3599BD0CDE69A4A4DA3C54FA531D7667DBC0BE0AF61"
OTHER_DS = "12345 8 2 " + "AB" * 32
TWIN_DS = "35235 13 4 " + "CD" * 48  # the same key's SHA-384 digest: the key tag names two records
NEW_DS = "63317 8 2 4E00731DB5533697C423DCF46212A65516DFDC9BFE2B8889F711533BB805D366"

BY_TAG = [
    f"Please remove the DS with key tag 35235 from hmrc.gov.uk and add the following in its place:\n\n"
    f"hmrc.gov.uk. 3600 IN DS {NEW_DS}\n",
    f"For hmrc.gov.uk please delete the DS record (keytag 35235) and add this one:\n{NEW_DS}\n",
    f"hmrc.gov.uk: remove the DS record with Key Tag: 35235, and publish {NEW_DS} instead.\n",
    f"Domain: hmrc.gov.uk\nDS to remove: key id 35235\nDS to add: {NEW_DS}\n",
    f"Please withdraw the DS record with key tag number 35235 for hmrc.gov.uk and add:\n\nKey tag: 63317\n"
    f"Algorithm: 8\nDigest type: 2\nDigest: {NEW_DS.split()[-1]}\n",
]


@pytest.mark.parametrize("body", BY_TAG)
def test_a_ds_record_named_by_its_key_tag_is_the_current_record_that_has_it(body):
    assert outcome(body, [OLD_DS, OTHER_DS], field="ds") == {OTHER_DS, NEW_DS}
    assert outcome(body, [OLD_DS], field="ds") == {NEW_DS}


@pytest.mark.parametrize("body", BY_TAG)
def test_a_key_tag_no_current_record_has_or_several_have_is_asked_about(body):
    assert outcome(body, [OTHER_DS], field="ds") is None
    assert outcome(body, [OLD_DS, TWIN_DS, OTHER_DS], field="ds") is None


@pytest.mark.parametrize("body", [
    "Please remove the DS record with key tag 35235 from hmrc.gov.uk.",
    "hmrc.gov.uk: please delete DS keytag 35235, it is no longer used.",
])
def test_a_record_removed_by_key_tag_alone_leaves_the_others(body):
    assert outcome(body, [OLD_DS, OTHER_DS], field="ds") == {OTHER_DS}


def test_a_key_tag_beside_the_record_it_names_is_that_record():
    body = f"Please add the new key (key tag 63317) to hmrc.gov.uk:\n{NEW_DS}\n"
    assert outcome(body, [OLD_DS], field="ds") == {OLD_DS, NEW_DS}
    # A record to add given by its key tag alone is no record.
    assert resolve("ds", Ask(add=("key tag 63317",)), [OLD_DS]).problem is not None


def test_the_cross_check_counts_a_record_removed_by_its_key_tag_as_read():
    domain = Domain(name="hmrc.gov.uk", nameservers=list(OLD), ds=[OLD_DS, OTHER_DS])
    words = BY_TAG[0]
    request = extract_change("DS change", words, {})
    reading = read(request, domain, words=words)
    assert reading.problem is None
    assert reading.change == {"ds": [OTHER_DS, NEW_DS]}


def test_a_key_tag_given_apart_from_its_record_names_that_record():
    body = ("The DS for hmrc.gov.uk needs to be this (the old one can go):\n\n"
            f"DS record: hmrc.gov.uk. 3600 IN DS {NEW_DS}\n"
            "Public key: Kmz/xoC83Yk9MNWQDeD2/eqlETZKTcgCIyuOd02amqX9RPZWyrs1nnfH==\n"
            "Key tag: 63317\nFlags: 257 (KSK)\n")
    assert outcome(body, [OLD_DS], field="ds") == {NEW_DS}


@pytest.mark.parametrize("lead", ["Please add the new name servers for hmrc.gov.uk:",
                                  "Could you add the following new nameservers to hmrc.gov.uk:",
                                  "We would like to add a new name server to hmrc.gov.uk, as below:"])
def test_new_right_after_a_word_of_adding_is_what_is_added(lead):
    assert outcome(f"{lead}\nns3.new.example\n", OLD) == {*OLD, "ns3.new.example"}


# --- the prose's values never stand in for a domain's own --------------------------------------------------------

@pytest.mark.parametrize("tail", ["", "\nFrimble for dwp.gov.uk: ns3.new.example\n"])
def test_a_domain_given_only_its_current_records_never_takes_another_domains_new_ones(tail):
    # The mail's prose holds hmrc.gov.uk's new servers; dwp.gov.uk is given its current ones and (perhaps) a line
    # that cannot be read. Giving dwp.gov.uk the prose's values would change it to hmrc.gov.uk's servers.
    body = "Please change the name servers as follows.\n\nhmrc.gov.uk: new name servers ns1.new.example, " \
           "ns2.new.example\n\nCurrent name servers for dwp.gov.uk:\nns1.dwp-old.example\nns2.dwp-old.example\n" + tail
    request = extract_change("Name servers", body, {})
    assert "dwp.gov.uk" in request.unclear and "dwp.gov.uk" not in request.asks
    assert request.asks["hmrc.gov.uk"]["nameservers"].new == ("ns1.new.example", "ns2.new.example")


# --- a sentence saying a record goes, and a line pointing at it ---------------------------------------------------

# Each says on one line what becomes of a DS record, and on the next only points at it: read as one sentence.
WITHDRAWN = [
    "Our registrant is retiring a DS record on hmrc.gov.uk.\nDetails below.\n\n{record}\n",
    "We're dropping one DS record from hmrc.gov.uk.\n\nSee below:\n\n{record}\n",
    "Hi,\nThe signing provider is withdrawing a key for hmrc.gov.uk.\nPlease see below for details.\n{record}\n",
    "Our DNS host is taking out one of the keys of hmrc.gov.uk.\nRecord below.\n\nhmrc.gov.uk. IN DS {record}\n",
    "Please delete a DS record of hmrc.gov.uk.\nPlease find it below\n\nKey tag: {tag}\nAlgorithm: {alg}\n"
    "Digest type: {dtype}\nDigest: {digest}\n",
]


def _withdrawn(body: str) -> str:
    tag, alg, dtype, digest = OLD_DS.split()
    return body.format(record=OLD_DS, tag=tag, alg=alg, dtype=dtype, digest=digest)


@pytest.mark.parametrize("body", WITHDRAWN)
def test_a_record_under_a_line_pointing_at_it_takes_the_role_the_line_before_said(body):
    # Read alone, the pointing line said a new set, and the record to go was kept as the only one (a wrong change).
    assert outcome(_withdrawn(body), [OLD_DS, OTHER_DS], field="ds") == {OTHER_DS}


@pytest.mark.parametrize("body", WITHDRAWN)
def test_a_record_to_go_that_the_domain_does_not_have_is_asked_about(body):
    assert outcome(_withdrawn(body), [OTHER_DS], field="ds") is None


@pytest.mark.parametrize("body", [
    "We are taking a key out of hmrc.gov.uk.\n\n{record}\n",  # no word points at the record: asked, as before
    "We don't want to remove the DS of hmrc.gov.uk just yet.\nSee below.\n\n{record}\n",
    "Our supplier is removing the old DS record of hmrc.gov.uk and adding another.\nDetails below.\n\n{record}\n",
])
def test_a_pointing_line_after_words_of_no_one_role_is_asked_about(body):
    assert outcome(_withdrawn(body), [OLD_DS, OTHER_DS], field="ds") is None


def test_a_record_added_under_a_pointing_line_is_added():
    body = f"We are publishing a second key for hmrc.gov.uk.\nPlease find it below.\n\n{NEW_DS}\n"
    assert outcome(body, [OLD_DS], field="ds") == {OLD_DS, NEW_DS}


def test_a_pointing_line_alone_still_gives_the_new_set():
    assert outcome(f"hmrc.gov.uk\nPlease see below.\n\n{NEW_DS}\n", [OLD_DS], field="ds") == {NEW_DS}


# --- two DS records with one key tag, algorithm and digest type ----------------------------------------------------

TYPO_DS = NEW_DS[:-1] + "7"  # NEW_DS with its last digit mistyped


@pytest.mark.parametrize("body", [
    f"Please set the DS records of hmrc.gov.uk to:\n{NEW_DS}\n{TYPO_DS}\n",
    f"hmrc.gov.uk - add DS:\n\n* {NEW_DS}\n* {TYPO_DS}\n",
    f"Domain: hmrc.gov.uk\nDS record 1: {NEW_DS}\nDS record 2: {TYPO_DS}\n",
])
def test_two_records_differing_only_in_their_digests_are_asked_about(body):
    # One key has one digest of each type: one of the two is almost certainly mistyped.
    assert outcome(body, [OLD_DS], field="ds") is None


def test_a_record_added_beside_a_current_one_differing_only_in_its_digest_is_asked_about():
    current = NEW_DS.split()
    mistyped = " ".join([*current[:3], current[3][:-1] + "0"])
    assert resolve("ds", Ask(add=(NEW_DS,)), [mistyped]).problem.startswith("the DS records ")
    # Records the domain already has so are not the mail's doing: what it adds beside them is read.
    assert resolve("ds", Ask(add=(OTHER_DS,)), [NEW_DS, mistyped]).values == (NEW_DS, mistyped, OTHER_DS)


@pytest.mark.parametrize("twin", [
    "63317 13 2 " + "EF" * 32,  # the same key tag under another algorithm: an algorithm rollover
    "63317 8 4 " + "EF" * 48,  # the same key's SHA-384 digest beside its SHA-256 one
])
def test_the_same_key_tag_with_another_algorithm_or_digest_type_is_two_records_meant(twin):
    body = f"We are rolling the signing algorithm of hmrc.gov.uk; please set its DS records to these two:\n" \
           f"{NEW_DS}\n{twin}\n"
    assert outcome(body, [OLD_DS], field="ds") == {NEW_DS, twin}


# --- words taking a field's records away that no reading acted on ---------------------------------------------------

MOVED = "Please move hmrc.gov.uk to ns1.new.example and ns2.new.example."
KEY = "14378 13 2 B3788AFB4A06DBECC3B9A1265335DB9743B73F3697AFA6943BAA22A480136FA9"


@pytest.mark.parametrize("body, field", [
    (f"{MOVED} The DS has to be pulled as well, and the new one will follow.", "ds"),
    (f"{MOVED}\nWe are dropping the DS and adding the one the new host gives us.", "ds"),
    (f"Please add this DS to hmrc.gov.uk: {KEY}\n\nThe old name servers can be dropped too, once the others are in.",
     "nameservers"),
])
def test_words_taking_records_away_that_no_reading_acted_on_are_asked_about(body, field):
    # Made without them, the change would keep the records they take away.
    request = extract_change("Change", body, {})
    noun = {"ds": "ds record", "nameservers": "name server"}[field]
    assert "hmrc.gov.uk" in request.unclear and noun in request.unclear["hmrc.gov.uk"].lower()
    assert "hmrc.gov.uk" not in request.asks


@pytest.mark.parametrize("words", ["Please do not remove the DS record.", "We'll pull the DS ourselves next week.",
                                   "The DS stays as it is."])
def test_words_of_not_taking_records_away_now_ask_nothing(words):
    assert outcome(f"{MOVED} {words}", OLD) == NEW


# --- what one sentence says of the values below it, and what the next says ------------------------------------------

SET_BELOW = "Please set the DS for hmrc.gov.uk to the record below, replacing whatever it has at the moment."


@pytest.mark.parametrize("between", ["", "Our signer printed it so - please put it in as the DS:\n\n",
                                     "Output of the signer:\n\n"])
@pytest.mark.parametrize("record", [NEW_DS, f"hmrc.gov.uk. 3600 IN CDS {NEW_DS}"])
def test_a_sentence_replacing_what_the_domain_has_with_the_values_below_gives_the_whole_set(between, record):
    assert outcome(f"{SET_BELOW}\n\n{between}{record}\n", [OLD_DS, OTHER_DS], field="ds") == {NEW_DS}


def test_a_line_only_entering_the_values_as_the_field_s_gives_the_whole_set():
    # A CDS record (RFC 7344) is the DS set the zone asks its parent for, and nothing said adds it beside others.
    body = f"hmrc.gov.uk\n\nOur signer publishes a CDS; please put it in as the DS:\n\nhmrc.gov.uk. IN CDS {NEW_DS}\n"
    assert outcome(body, [OLD_DS], field="ds") == {NEW_DS}


@pytest.mark.parametrize("then", ["Please add this DS record:", "Key rollover: please ADD this DS record.",
                                  "We'd like this one added:"])
def test_two_sentences_saying_different_things_of_the_values_below_them_are_asked_about(then):
    # Which is meant, a person asks: replaced, the old record goes; added, it stays.
    assert outcome(f"{SET_BELOW}\n\n{then}\n\n{NEW_DS}\n", [OLD_DS], field="ds") is None


def test_a_label_saying_the_role_a_sentence_before_it_said_of_other_values_is_read():
    body = f"Please add the DS below for hmrc.gov.uk.\n\n{NEW_DS}\n\nThen remove this one:\n\n{OLD_DS}\n"
    assert outcome(body, [OLD_DS, OTHER_DS], field="ds") == {NEW_DS, OTHER_DS}


def test_a_rows_own_action_under_a_sentence_saying_a_role_of_the_field_is_the_rows():
    old_tag, old_alg, old_type, old_digest = OLD_DS.split()
    tag, alg, dtype, digest = NEW_DS.split()
    body = (f"Rolling the key of hmrc.gov.uk: please add this DS.\n\nWhat\tKey tag\tAlgorithm\tDigest type\tDigest\n"
            f"stays\t{old_tag}\t{old_alg}\t{old_type}\t{old_digest}\nnew\t{tag}\t{alg}\t{dtype}\t{digest}\n")
    assert outcome(body, [OLD_DS], field="ds") == {OLD_DS, NEW_DS}


# --- a domain given its change by reference to another's ----------------------------------------------------------


@pytest.mark.parametrize("second", [
    "dfe.gov.uk likewise, plus dns3.hostco.example.",
    "And the same for dfe.gov.uk, with dns3.hostco.example as well please.",
    "dfe.gov.uk - ditto, but dns3.hostco.example on top.",
    "For dfe.gov.uk as above, adding dns3.hostco.example.",
    "dfe.gov.uk similarly; it also needs dns3.hostco.example.",
])
def test_a_domain_given_its_change_by_reference_to_anothers_is_asked_about(second):
    # "likewise, plus C" is the first domain's set and C, or C added to what the second has now: read as an addition,
    # the second domain would keep servers nobody asked it to keep. The first domain's own line is read as written.
    body = f"Hello,\n\nPlease set hmrc.gov.uk to dns1.hostco.example and dns2.hostco.example.\n{second}\n\nThanks\n"
    request = extract_change("Name servers", body, {})
    assert "dfe.gov.uk" in request.unclear and "dfe.gov.uk" not in request.asks
    assert request.asks["hmrc.gov.uk"]["nameservers"].new == ("dns1.hostco.example", "dns2.hostco.example")


def test_a_domain_given_its_own_change_beside_another_is_read_whatever_the_time_words():
    # "at the same time" says when, not what: each domain's set is its own.
    body = ("Please set hmrc.gov.uk to dns1.hostco.example and dns2.hostco.example.\nPlease set dfe.gov.uk to "
            "dns1.hostco.example, dns2.hostco.example and dns3.hostco.example at the same time.\n")
    request = extract_change("Name servers", body, {})
    assert not request.unclear
    assert request.asks["dfe.gov.uk"]["nameservers"].new == ("dns1.hostco.example", "dns2.hostco.example",
                                                             "dns3.hostco.example")


def test_one_change_said_to_be_the_same_for_every_domain_named_is_read_for_each():
    # "The same ... for a and b" names every domain the mail asks about: nothing is taken from another's change.
    body = "Hello,\nThe same new name servers for hmrc.gov.uk and dfe.gov.uk please: dns1.hostco.example and " \
           "dns2.hostco.example.\n"
    request = extract_change("Name servers", body, {})
    assert not request.unclear
    assert {d: f["nameservers"].new for d, f in request.asks.items()} == {
        d: ("dns1.hostco.example", "dns2.hostco.example") for d in ("hmrc.gov.uk", "dfe.gov.uk")}


def test_a_domain_said_to_have_the_same_change_with_its_whole_set_in_the_words_is_read():
    # "the same change for b.gov.uk as well: name servers A and B": its set is written out, nothing is borrowed.
    body = ("Please set hmrc.gov.uk to dns1.hostco.example and dns2.hostco.example.\nPlease make the same change for "
            "dfe.gov.uk as well: name servers dns1.hostco.example and dns2.hostco.example.\n")
    request = extract_change("Name servers", body, {})
    assert not request.unclear
    assert request.asks["dfe.gov.uk"]["nameservers"].new == ("dns1.hostco.example", "dns2.hostco.example")
