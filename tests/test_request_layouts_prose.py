"""Requests written as prose by people who write sentences, not forms: each domain given its own values, hedged
values, statements that disagree. Each is read exactly where a careful operator would be sure, and asked about
otherwise."""

import pytest

from mailbot.parse.change_request.reader import extract_change
from mailbot.parse.change_request.resolve import resolve
from mailbot.parse.own_words import html_text

A = ("ns1.north.example.net", "ns2.north.example.net")
B = ("ns1.other-hosting.example.com", "ns2.other-hosting.example.com")
CURRENT = ("ns1.old.example", "ns2.old.example")


def results(body: str, domains=("alpha-pl.gov.uk", "beta-pl.gov.uk")):
    """Domain -> the resulting name servers, or None when the domain is asked about."""
    request = extract_change("Name server change", body, {})
    out = {}
    for domain in domains:
        ask = request.asks.get(domain, {}).get("nameservers")
        if domain in request.unclear or ask is None:
            out[domain] = None
            continue
        got = resolve("nameservers", ask, CURRENT)
        out[domain] = None if got.values is None else set(got.values)
    return out


# --- several domains, each with its own values ---------------------------------------------------------------------

# One line a domain, each a client's width or so: a sentence wrapped at 72 characters is made one again, but a line
# naming another domain and its own values is a statement of its own.
ONE_LINE_EACH = [
    "A few for the council please:\n\nalpha-pl.gov.uk - move to ns1.north.example.net and ns2.north.example.net\n"
    "beta-pl.gov.uk - move to ns1.other-hosting.example.com and ns2.other-hosting.example.com\n",
    "Please update these:\n\nalpha-pl.gov.uk: ns1.north.example.net, ns2.north.example.net\n"
    "beta-pl.gov.uk: ns1.other-hosting.example.com, ns2.other-hosting.example.com\n",
    "Name servers as below.\n\nALPHA-PL.GOV.UK \u2013 ns1.north.example.net / ns2.north.example.net\n"
    "BETA-PL.GOV.UK \u2013 ns1.other-hosting.example.com / ns2.other-hosting.example.com\n",
    "alpha-pl.gov.uk should now use ns1.north.example.net and ns2.north.example.net\n"
    "beta-pl.gov.uk should now use ns1.other-hosting.example.com and ns2.other-hosting.example.com\n",
    "Please move alpha-pl.gov.uk to ns1.north.example.net and ns2.north.example.net\n"
    "and beta-pl.gov.uk to ns1.other-hosting.example.com and ns2.other-hosting.example.com.\n",
    "<div>alpha-pl.gov.uk - new name servers ns1.north.example.net, ns2.north.example.net</div>"
    "<div>beta-pl.gov.uk - new name servers ns1.other-hosting.example.com, ns2.other-hosting.example.com</div>",
]


@pytest.mark.parametrize("body", ONE_LINE_EACH)
def test_each_domain_gets_the_values_of_its_own_line(body):
    if body.startswith("<div>"):
        body = html_text(body)
    assert results(body) == {"alpha-pl.gov.uk": set(A), "beta-pl.gov.uk": set(B)}


# Values between the domains on one line: whose they are, the line alone does not say for certain.
BETWEEN = [
    "Please move alpha-pl.gov.uk to ns1.north.example.net and ns2.north.example.net, and beta-pl.gov.uk to "
    "ns1.other-hosting.example.com and ns2.other-hosting.example.com.",
    "Name servers please - alpha-pl.gov.uk: ns1.north.example.net, ns2.north.example.net; beta-pl.gov.uk: "
    "ns1.other-hosting.example.com, ns2.other-hosting.example.com",
    "Could you move alpha-pl.gov.uk and beta-pl.gov.uk over please: alpha-pl to ns1.north.example.net and "
    "ns2.north.example.net, beta-pl to ns1.other-hosting.example.com and ns2.other-hosting.example.com.",
    "ns1.north.example.net and ns2.north.example.net for alpha-pl.gov.uk, ns1.other-hosting.example.com and "
    "ns2.other-hosting.example.com for beta-pl.gov.uk please.",
]


@pytest.mark.parametrize("body", BETWEEN)
def test_values_between_the_domains_of_one_line_are_asked_about(body):
    assert results(body) == {"alpha-pl.gov.uk": None, "beta-pl.gov.uk": None}


ALL_THREE = ("alpha-pl.gov.uk", "beta-pl.gov.uk", "gamma-pl.gov.uk")
# Sentences on one line, each a request of its own: its domains, then their values (or the values, then the domains).
SENTENCES_APART = [
    "Please set the name servers of alpha-pl.gov.uk to ns1.north.example.net and ns2.north.example.net. The name "
    "servers of beta-pl.gov.uk should be ns1.other-hosting.example.com and ns2.other-hosting.example.com.",
    "Alpha-pl.gov.uk over to ns1.north.example.net & ns2.north.example.net, ta! And beta-pl.gov.uk to "
    "ns1.other-hosting.example.com & ns2.other-hosting.example.com please.",
]


@pytest.mark.parametrize("body", SENTENCES_APART)
def test_sentences_of_one_line_each_giving_its_domains_values_are_read_apart(body):
    assert results(body) == {"alpha-pl.gov.uk": set(A), "beta-pl.gov.uk": set(B)}


@pytest.mark.parametrize("sentence", [
    "Gamma-pl.gov.uk is the odd one out: only add ns1.other-hosting.example.com there and leave its others alone.",
    "On gamma-pl.gov.uk, which is different, just add ns1.other-hosting.example.com and keep what is there.",
])
def test_a_sentence_adding_to_one_domain_beside_one_moving_others_is_read_apart(sentence):
    body = f"Hi,\n\nAlpha-pl.gov.uk and beta-pl.gov.uk to ns1.north.example.net / ns2.north.example.net please. " \
           f"{sentence}\n\nThanks"
    assert results(body, ALL_THREE) == {"alpha-pl.gov.uk": set(A), "beta-pl.gov.uk": set(A),
                                        "gamma-pl.gov.uk": set(CURRENT) | {"ns1.other-hosting.example.com"}}


@pytest.mark.parametrize("sentence", [
    "gamma-pl.gov.uk the same, plus ns1.other-hosting.example.com.",  # the set of the sentence before, and one more
    "gamma-pl.gov.uk likewise but add ns1.other-hosting.example.com.",
    "Add ns1.other-hosting.example.com to them for gamma-pl.gov.uk.",
    "gamma-pl.gov.uk: add ns1.other-hosting.example.com as well.",
    "And for beta-pl.gov.uk add ns1.other-hosting.example.com.",  # a domain named in two sentences
    "For gamma-pl.gov.uk it's ns1.other-hosting.example.com on top.",  # on top of what?
])
def test_a_sentence_taking_something_from_another_is_not_read_apart(sentence):
    body = f"alpha-pl.gov.uk and beta-pl.gov.uk to ns1.north.example.net and ns2.north.example.net. {sentence}"
    assert results(body, ALL_THREE) == dict.fromkeys(ALL_THREE)


@pytest.mark.parametrize("body", [
    "One move for both of the trust's domains (alpha-pl.gov.uk and beta-pl.gov.uk) to ns1.north.example.net and "
    "ns2.north.example.net, except beta-pl.gov.uk, which keeps ns1.old.example as well.",
    "alpha-pl.gov.uk, beta-pl.gov.uk: new name servers ns1.north.example.net / ns2.north.example.net - but "
    "beta-pl.gov.uk also retains ns1.old.example too.",
    "Please set alpha-pl.gov.uk and beta-pl.gov.uk to ns1.north.example.net & ns2.north.example.net; apart from "
    "beta-pl.gov.uk, which should keep ns1.old.example alongside the new ones.",
])
def test_one_domain_excepted_keeping_a_server_beside_the_set_of_all_gets_the_set_and_it(body):
    assert results(body) == {"alpha-pl.gov.uk": set(A), "beta-pl.gov.uk": set(A) | {"ns1.old.example"}}


@pytest.mark.parametrize("body", [
    # the domain excepted is named nowhere before: which set it keeps a server beside, the line does not say
    "Please set alpha-pl.gov.uk to ns1.north.example.net and ns2.north.example.net, except beta-pl.gov.uk, which "
    "keeps ns1.old.example as well.",
    # what it keeps is no name server
    "alpha-pl.gov.uk and beta-pl.gov.uk to ns1.north.example.net and ns2.north.example.net, except beta-pl.gov.uk, "
    "which keeps 192.0.2.53 as well.",
    # a server kept that the registry does not hold for it
    "alpha-pl.gov.uk and beta-pl.gov.uk to ns1.north.example.net and ns2.north.example.net, except beta-pl.gov.uk, "
    "which keeps ns9.other.example as well.",
    # no word that it keeps the server beside the set: in place of which?
    "alpha-pl.gov.uk and beta-pl.gov.uk to ns1.north.example.net and ns2.north.example.net, except beta-pl.gov.uk, "
    "which keeps ns1.old.example.",
])
def test_an_exception_that_is_not_plainly_a_server_kept_beside_the_set_is_asked_about(body):
    assert results(body)["beta-pl.gov.uk"] is None


@pytest.mark.parametrize("body", [
    "Please move alpha-pl.gov.uk and beta-pl.gov.uk to ns1.north.example.net and ns2.north.example.net.",
    "We would like alpha-pl.gov.uk and beta-pl.gov.uk to now use ns1.north.example.net and ns2.north.example.net.",
    "alpha-pl.gov.uk and beta-pl.gov.uk should both use ns1.north.example.net and ns2.north.example.net.",
    "Both domains, alpha-pl.gov.uk and beta-pl.gov.uk, are moving together.\nPlease set each of them to "
    "ns1.north.example.net and ns2.north.example.net.",
])
def test_one_set_for_several_domains_is_each_ones(body):
    assert results(body) == {"alpha-pl.gov.uk": set(A), "beta-pl.gov.uk": set(A)}


# --- replacements one after the other on one line ------------------------------------------------------------------

CURRENT_THREE = ("ns1.old.example", "ns2.old.example", "ns3.old.example")


@pytest.mark.parametrize("body", [
    "For alpha-pl.gov.uk: ns1.old.example => ns1.north.example.net; ns3.old.example => ns2.north.example.net. Nothing "
    "else changes.",
    "alpha-pl.gov.uk please - ns1.old.example is to become ns1.north.example.net, and ns3.old.example is to become "
    "ns2.north.example.net.",
    "On alpha-pl.gov.uk Ns1.old.example \u2192 ns1.north.example.net and NS3.OLD.EXAMPLE \u2192 ns2.north.example.net "
    "thanks",
])
def test_replacements_one_after_the_other_on_one_line_are_each_read(body):
    request = extract_change("Name server change", body, {})
    ask = request.asks["alpha-pl.gov.uk"]["nameservers"]
    assert set(resolve("nameservers", ask, CURRENT_THREE).values) == {"ns2.old.example", *A}


@pytest.mark.parametrize("body", [
    # a third server outside the pairs: whose role is it?
    "On alpha-pl.gov.uk ns1.old.example -> ns1.north.example.net and ns3.old.example -> ns2.north.example.net, plus "
    "ns3.north.example.net.",
    # a chain: which is the last word?
    "On alpha-pl.gov.uk ns1.old.example -> ns1.north.example.net -> ns2.north.example.net.",
    # words between the pairs that are no mere joining
    "On alpha-pl.gov.uk ns1.old.example -> ns1.north.example.net unless ns3.old.example -> ns2.north.example.net.",
])
def test_replacements_with_more_than_pairs_on_the_line_are_not_read_a_pair_at_a_time(body):
    request = extract_change("Name server change", body, {})
    ask = request.asks.get("alpha-pl.gov.uk", {}).get("nameservers")
    got = None if ask is None or "alpha-pl.gov.uk" in request.unclear \
        else resolve("nameservers", ask, CURRENT_THREE).values
    assert got is None


# --- a value the writer is not sure of -----------------------------------------------------------------------------

HEDGED = [
    "On alpha-pl.gov.uk please replace ns1.old.example with ns1.north.example.net - or it might be "
    "ns2.north.example.net, I can't find the email.",
    "Please move alpha-pl.gov.uk to ns1.north.example.net and ns2.north.example.net (not 100% sure of the second).",
    "Please move alpha-pl.gov.uk to ns1.north.example.net and ns2.north.example.net. Not sure about the second one "
    "though.",
    "New name servers for alpha-pl.gov.uk:\nns1.north.example.net\nns2.north.example.net (possibly)\n",
    "I think the new name servers for alpha-pl.gov.uk are ns1.north.example.net and ns2.north.example.net.",
    "alpha-pl.gov.uk should use ns1.north.example.net and either ns2.north.example.net or ns3.north.example.net.",
    "Please set alpha-pl.gov.uk to ns1.north.example.net and ns2.north.example.net, or maybe ns3.north.example.net.",
    "Please add ns3.north.example.net to alpha-pl.gov.uk, ns4.north.example.net TBC.",
    "Please change alpha-pl.gov.uk to ns1.north.example.net and ns2.north.example.net if I remember rightly.",
    "PLEASE MOVE ALPHA-PL.GOV.UK TO NS1.NORTH.EXAMPLE.NET AND NS2.NORTH.EXAMPLE.NET - PROBABLY.",
    "For alpha-pl.gov.uk replace ns1.old.example by ns1.north.example.net, or ns1.north.example.org, whichever our "
    "supplier uses.",
]


@pytest.mark.parametrize("body", HEDGED)
def test_a_value_the_writer_is_not_sure_of_is_asked_about(body):
    request = extract_change("Name servers", body, {})
    assert "alpha-pl.gov.uk" in request.unclear and not request.asks, request


@pytest.mark.parametrize("body", [
    "Please move alpha-pl.gov.uk to ns1.north.example.net and ns2.north.example.net. Please make sure it is done by "
    "Friday.",
    "Could you move alpha-pl.gov.uk to ns1.north.example.net and ns2.north.example.net?",
    "I'm sure you are busy, but please move alpha-pl.gov.uk to ns1.north.example.net and ns2.north.example.net.",
    "Please move alpha-pl.gov.uk to ns1.north.example.net and ns2.north.example.net.\nNot sure if you need anything "
    "else from us; just shout.",
])
def test_words_of_doubt_about_anything_but_the_values_change_nothing(body):
    assert results(body, ("alpha-pl.gov.uk",)) == {"alpha-pl.gov.uk": set(A)}


# --- a file's rows whose first fields are empty --------------------------------------------------------------------

@pytest.mark.parametrize("rows", [
    "domain;current_ns;new_ns\r\nalpha-pl.gov.uk;ns1.old.example;ns1.north.example.net\r\n;ns2.old.example;"
    "ns2.north.example.net\r\n",
    'Domain;Old;New\n"alpha-pl.gov.uk";"ns1.old.example";"ns1.north.example.net"\n;"ns2.old.example";'
    '"ns2.north.example.net"\n',
    "domain ; current ; new\nalpha-pl.gov.uk ; ns1.old.example ; ns1.north.example.net\n ; ns2.old.example ; "
    "ns2.north.example.net\n",
])
def test_a_row_of_a_semicolon_file_with_its_first_field_empty_is_read(rows):
    request = extract_change("NS change", "The current and new name servers for alpha-pl.gov.uk are attached.", {},
                             attached=[rows])
    got = resolve("nameservers", request.asks["alpha-pl.gov.uk"]["nameservers"], CURRENT)
    assert set(got.values) == set(A)


def test_a_row_adding_a_server_under_two_empty_fields_is_read():
    rows = "domain;current_ns;new_ns\nalpha-pl.gov.uk;ns1.old.example;ns1.north.example.net\n;ns2.old.example;" \
           "ns2.north.example.net\r\n;;ns3.north.example.net\r\n"
    request = extract_change("NS change", "Attached, for alpha-pl.gov.uk.", {}, attached=[rows])
    got = resolve("nameservers", request.asks["alpha-pl.gov.uk"]["nameservers"], CURRENT)
    assert set(got.values) == {*A, "ns3.north.example.net"}


# --- a list under a sentence of a client's width ------------------------------------------------------------------

@pytest.mark.parametrize("lead", [
    "Please change the nameservers on alpha-pl.gov.uk. The new ones are below",
    "Could you update the name servers for alpha-pl.gov.uk to the following two",
    "Hi, alpha-pl.gov.uk is moving to our new DNS provider, who gave us these",
    "We'd like the delegation of alpha-pl.gov.uk changed to the servers listed",
])
@pytest.mark.parametrize("items", [
    "ns1.north.example.net\nns2.north.example.net.",
    "ns1.north.example.net.\nns2.north.example.net",
    "NS1.NORTH.EXAMPLE.NET\nNS2.NORTH.EXAMPLE.NET",
])
def test_a_list_under_a_long_sentence_is_a_list_not_the_sentences_wrapped_end(lead, items):
    assert 60 <= len(lead) <= 78
    if items[0].islower():  # a line starting in lower case is what a wrapped sentence's second half looks like
        assert len(lead) + 1 + len(items.split()[0]) > 72
    assert results(f"{lead}\n{items}\n", ("alpha-pl.gov.uk",)) == {"alpha-pl.gov.uk": set(A)}


# --- what to do with each server, in everyday words ---------------------------------------------------------------

def outcome(body: str, current=CURRENT, domain: str = "alpha-pl.gov.uk"):
    """The resulting name servers of `domain`, or None when it is asked about."""
    return results(body, (domain,))[domain] if current is CURRENT else _resolved(body, current, domain)


def _resolved(body, current, domain):
    request = extract_change("Name servers", body, {})
    ask = request.asks.get(domain, {}).get("nameservers")
    if domain in request.unclear or ask is None:
        return None
    got = resolve("nameservers", ask, current)
    return None if got.values is None else set(got.values)


SWAP = {"ns2.old.example", "ns3.north.example.net"}  # ns1.old.example out, ns3.north.example.net in


@pytest.mark.parametrize("go, come", [
    ("Take off", "Put on"), ("take away", "bring in"), ("Pull out", "Put in"), ("Out", "In"), ("OFF", "ON"),
    ("old - remove", "new - add"), ("current, delete", "new (add)"), ("Get rid of", "Add"),
])
@pytest.mark.parametrize("shape", ["tab", "pipes", "aligned", "after"])
def test_a_rows_action_in_everyday_words_says_its_role(go, come, shape):
    rows = [(go, "ns1.old.example"), (come, "ns3.north.example.net")]
    if shape == "tab":
        table = "\n".join(f"{a}\t{v}" for a, v in rows)
    elif shape == "pipes":
        table = "| What | Server |\n|---|---|\n" + "\n".join(f"| {a} | {v} |" for a, v in rows)
    elif shape == "aligned":
        table = "\n".join(f"{a:<16}{v}" for a, v in rows)
    else:
        table = "Server                  Action\n" + "\n".join(f"{v:<24}{a}" for a, v in rows)
    assert outcome(f"Changes for alpha-pl.gov.uk:\n\n{table}\n") == SWAP


@pytest.mark.parametrize("keep", ["keep", "existing - keep", "current (keep)", "stays"])
def test_servers_said_to_stay_beside_one_taken_off_stay(keep):
    current = ("ns1.old.example", "ns2.old.example", "ns0.old.example")
    body = (f"Every server of alpha-pl.gov.uk and what should happen to it:\n\nServer            Status\n"
            f"ns1.old.example   take off\nns2.old.example   {keep}\nns0.old.example   {keep}\n")
    assert _resolved(body, current, "alpha-pl.gov.uk") == {"ns2.old.example", "ns0.old.example"}


@pytest.mark.parametrize("body", [
    "For alpha-pl.gov.uk please take off ns1.old.example and put on ns3.north.example.net.",
    "alpha-pl.gov.uk\nns1.old.example (old - remove)\nns3.north.example.net (new - add)\n",
    "alpha-pl.gov.uk\nns1.old.example - take off\nns3.north.example.net - put on\n",
])
def test_everyday_words_of_taking_off_and_putting_on_in_a_sentence_or_beside_a_value(body):
    assert outcome(body) == SWAP


ADDED = {*CURRENT, "ns3.north.example.net"}


@pytest.mark.parametrize("body", [
    "Can you stick ns3.north.example.net on alpha-pl.gov.uk as an additional name server? The rest stay as they are.",
    "Please include ns3.north.example.net for alpha-pl.gov.uk as a further NS.",
    "The council would like ns3.north.example.net adding to alpha-pl.gov.uk, keeping the existing ones.",
    "We need ns3.north.example.net added on alpha-pl.gov.uk please.",
])
def test_a_server_put_on_as_one_more_or_wished_added_is_added(body):
    assert outcome(body) == ADDED


def test_a_server_wished_taken_off_in_a_participle_goes():
    current = ("ns1.old.example", "ns2.old.example", "ns0.old.example")
    body = "We'd like ns1.old.example removing from alpha-pl.gov.uk please."
    assert _resolved(body, current, "alpha-pl.gov.uk") == {"ns2.old.example", "ns0.old.example"}


@pytest.mark.parametrize("body", [
    # No verb of putting it on: whether the server is to be added, or only looked at, is not said.
    "Could you check ns3.north.example.net on alpha-pl.gov.uk as an additional name server?",
    "Is ns3.north.example.net fine for alpha-pl.gov.uk as an extra name server?",
])
def test_a_server_called_one_more_with_no_verb_of_putting_it_on_is_asked_about(body):
    assert outcome(body) is None


# --- a form's DNSSEC line saying nothing is to change, or that the domain is not signed -----------------------------

DS = "60485 13 2 D4B7D520E7BB5F0F67674A0CCEB1E3E0614B93C4F9E99B8383F6A1E4469DA50A"


def reading(body: str, ds=()):
    from mailbot.store.models import Domain
    from mailbot.workflow.changes import read

    domain = Domain(name="alpha-pl.gov.uk", nameservers=list(CURRENT), ds=list(ds))
    return read(extract_change("Change", body, {}), domain, words=body)


def form(dnssec: str) -> str:
    return (f"Domain: alpha-pl.gov.uk\nExisting NS: {', '.join(CURRENT)}\nNameservers wanted: {', '.join(A)}\n"
            f"DNSSEC: {dnssec}\n")


@pytest.mark.parametrize("words", ["no change to the DS record", "No changes to DNSSEC required", "DS unchanged",
                                   "leave the existing DS as is", "keep existing", "Not applicable", "n/a",
                                   "the DS records stay the same"])
@pytest.mark.parametrize("ds", [(), (DS,)])
def test_a_dnssec_line_saying_nothing_changes_leaves_the_ds_records(words, ds):
    got = reading(form(words), ds)
    assert got.problem is None and got.change == {"nameservers": list(A)}


@pytest.mark.parametrize("words", ["not in use", "Not signed", "off", "No", "not currently used", "unsigned"])
def test_a_dnssec_line_saying_the_domain_is_not_signed(words):
    # Of a domain with no DS record it says what the domain has; of one with a DS record, the writer's view of it,
    # which is not the registry's: that the record is to go, no word asks.
    assert reading(form(words)).change == {"nameservers": list(A)}
    assert reading(form(words), (DS,)).problem is not None


@pytest.mark.parametrize("words", ["none", "remove", "delete all"])
def test_a_dnssec_line_saying_to_remove_the_ds_records(words):
    assert reading(form(words)).change == {"nameservers": list(A)}
    assert reading(form(words), (DS,)).change == {"nameservers": list(A), "ds": []}


def test_a_dnssec_line_saying_the_domain_is_not_signed_asks_nothing_on_its_own():
    got = reading("Domain: alpha-pl.gov.uk\nDNSSEC: not in use\n")
    assert got.problem is not None and not got.change


# --- where the domain is now and where it is going, in plain words -------------------------------------------------

@pytest.mark.parametrize("body", [
    "alpha-pl.gov.uk needs pointing at the new name servers. We are on ns1.old.example / ns2.old.example at the "
    "moment but moving to ns1.north.example.net, ns2.north.example.net.",
    "We're currently on ns1.old.example and ns2.old.example for alpha-pl.gov.uk; we are switching over to "
    "ns1.north.example.net and ns2.north.example.net.",
    "alpha-pl.gov.uk is still using ns1.old.example and ns2.old.example, and is migrating to ns1.north.example.net and "
    "ns2.north.example.net.",
    "alpha-pl.gov.uk is hosted on ns1.old.example, ns2.old.example. Please change it over to ns1.north.example.net, "
    "ns2.north.example.net.",
])
def test_where_the_domain_is_now_and_where_it_is_moving(body):
    assert outcome(body) == set(A)


@pytest.mark.parametrize("body", [
    "Please set it on ns1.north.example.net & ns2.north.example.net only. Domain: alpha-pl.gov.uk",
    "Could you put alpha-pl.gov.uk on ns1.north.example.net and ns2.north.example.net?",
    "Please move the domain onto ns1.north.example.net and ns2.north.example.net (alpha-pl.gov.uk).",
    "Can you point alpha-pl.gov.uk at these please\n\n- ns1.north.example.net\n- ns2.north.example.net\n",
    "Please re-point alpha-pl.gov.uk to these\nns1.north.example.net\nns2.north.example.net\n",
    "alpha-pl.gov.uk needs pointing at ns1.north.example.net and ns2.north.example.net.",
])
def test_the_servers_a_domain_is_to_be_set_on_or_pointed_at_are_its_new_set(body):
    assert outcome(body) == set(A)


@pytest.mark.parametrize("body", [
    "Could you change the NS of alpha-pl.gov.uk, which is delegated to ns1.old.example and ns2.old.example at present, "
    "so that it points at ns1.north.example.net and ns2.north.example.net?",
    "Please amend alpha-pl.gov.uk so it uses ns1.north.example.net / ns2.north.example.net instead (it currently uses "
    "ns1.old.example / ns2.old.example).",
    "Please edit the record for alpha-pl.gov.uk so that it is delegated to ns1.north.example.net and "
    "ns2.north.example.net.",
    "The school would like alpha-pl.gov.uk pointing to ns1.north.example.net and ns2.north.example.net from Monday.",
    "We want the domain pointed at ns1.north.example.net, ns2.north.example.net please (alpha-pl.gov.uk).",
    "Would you edit the NS of alpha-pl.gov.uk so they read ns1.north.example.net and ns2.north.example.net.",
])
def test_what_the_domain_is_to_use_said_as_the_purpose_of_the_change_is_its_new_set(body):
    assert outcome(body) == set(A)


@pytest.mark.parametrize("body", [
    # "also" adds to what the domain has, and by how much the sentence does not say: asked about.
    "Please update alpha-pl.gov.uk so that it also uses ns1.north.example.net and ns2.north.example.net.",
    # What the domain uses now, said in the present: no change asked.
    "alpha-pl.gov.uk uses ns1.north.example.net and ns2.north.example.net, so that it resolves. Please call me.",
])
def test_what_the_domain_uses_said_otherwise_is_no_new_set(body):
    assert outcome(body) is None


def test_servers_a_domain_is_on_are_its_current_ones_never_new():
    # Said of the current ones alone, nothing is asked: never the current servers taken as a new set.
    request = extract_change("Name servers", "alpha-pl.gov.uk is on ns1.old.example and ns2.old.example. Please "
                             "call me.", {})
    assert not request.asks.get("alpha-pl.gov.uk")


# --- pairs of a current|new table that shift a server along -------------------------------------------------------

SHIFT = ("ns0.old.example", "ns1.old.example")  # the domain's servers; ns0 goes, ns1 stays, ns2 comes in


@pytest.mark.parametrize("body, attached", [
    ("Attached for alpha-pl.gov.uk.", "domain;current_ns;new_ns\r\nalpha-pl.gov.uk;ns0.old.example;ns1.old.example\r\n"
                                      ";ns1.old.example;ns2.old.example\r\n"),
    ("Attached for alpha-pl.gov.uk.",
     "Current,New\nns0.old.example,ns1.old.example\nns1.old.example,ns2.old.example\n"),
    ("alpha-pl.gov.uk\n\n| Current | New |\n|---|---|\n| ns0.old.example | ns1.old.example |\n"
     "| ns1.old.example | ns2.old.example |\n", None),
    ("alpha-pl.gov.uk\n\nOld\tNew\nns0.old.example\tns1.old.example\nns1.old.example\tns2.old.example\n", None),
])
def test_pairs_that_shift_a_server_along_keep_it(body, attached):
    request = extract_change("NS change", body, {}, attached=[attached] if attached else [])
    got = resolve("nameservers", request.asks["alpha-pl.gov.uk"]["nameservers"], SHIFT)
    assert set(got.values) == {"ns1.old.example", "ns2.old.example"}


def test_a_server_shifted_along_that_the_domain_does_not_have_is_asked_about():
    body = "alpha-pl.gov.uk\n\n| Current | New |\n|---|---|\n| ns0.old.example | ns1.old.example |\n" \
           "| ns1.old.example | ns2.old.example |\n"
    got = resolve("nameservers", extract_change("NS", body, {}).asks["alpha-pl.gov.uk"]["nameservers"],
                  ("ns0.old.example", "ns9.old.example"))
    assert got.values is None


# --- a DS record in a sentence ----------------------------------------------------------------------------------------

NEW_DS = "14378 13 2 B3788AFB4A06DBECC3B9A1265335DB9743B73F3697AFA6943BAA22A480136FA9"
DIGEST = NEW_DS.split()[-1]


def ds_result(body: str, current=()):
    request = extract_change("DS", body, {})
    ask = request.asks.get("alpha-pl.gov.uk", {}).get("ds")
    if "alpha-pl.gov.uk" in request.unclear or ask is None:
        return None
    got = resolve("ds", ask, current)
    return None if got.values is None else set(got.values)


@pytest.mark.parametrize("fields", [
    f"Key tag 14378, algorithm 13, digest type 2, and the digest is {DIGEST}.",
    f"Key tag is 14378, algorithm is 13, digest type is 2 and the digest is {DIGEST.lower()}. Thank you!",
    f"Key tag 14378, algorithm 13 (ECDSAP256SHA256), digest type 2 (SHA-256), digest {DIGEST}",
    f"The key tag is 14378; the algorithm 13; the digest type 2; the digest {DIGEST[:32]} {DIGEST[32:]}.",
])
@pytest.mark.parametrize("ask", ["Could you publish a DS record for alpha-pl.gov.uk?",
                                 "Can you please install this DS for alpha-pl.gov.uk?",
                                 "Please upload the following DS key to alpha-pl.gov.uk:"])
def test_a_ds_records_fields_in_a_sentence_are_read(ask, fields):
    assert ds_result(f"{ask} {fields}") == {NEW_DS}
    assert ds_result(f"{ask}\n{fields}\n") == {NEW_DS}


@pytest.mark.parametrize("ask", ["Could you replace the DS record on alpha-pl.gov.uk?",
                                 "Would you swap the DS for alpha-pl.gov.uk please?"])
def test_a_question_replacing_the_ds_leads_on_to_the_whole_new_set(ask):
    old = "11111 13 2 " + "A" * 64
    body = f"{ask} Key tag 14378, algorithm 13, digest type 2, and the digest is {DIGEST}. The old key is withdrawn."
    assert ds_result(body, (old,)) == {NEW_DS}


@pytest.mark.parametrize("heading", ["Keytag\tAlg\tType\tDigest", "Key tag\tAlgorithm\tDigest Type\tDigest",
                                     "Tag\tAlg\tD. type\tDigest", "Keytag\tAlg\tDT\tDigest"])
def test_a_ds_tables_type_column_beside_the_other_fields_is_the_digest_type(heading):
    body = f"Please add the DS below to alpha-pl.gov.uk.\n\n{heading}\n14378\t13\t2\t{DIGEST.lower()}\n"
    assert ds_result(body) == {NEW_DS}


# --- a change asked, then the values after a colon ------------------------------------------------------------------

@pytest.mark.parametrize("body", [
    "Please change the name servers for alpha-pl.gov.uk: ns1.north.example.net, ns2.north.example.net",
    "Please update alpha-pl.gov.uk's nameservers: ns1.north.example.net, ns2.north.example.net",
    "Please set these name servers on alpha-pl.gov.uk: ns1.north.example.net ns2.north.example.net",
    "We kindly ask you to change nameserver for alpha-pl.gov.uk: ns1.north.example.net, ns2.north.example.net. Old "
    "nameservers ns1.old.example, ns2.old.example will be not used anymore.",
    "PLEASE AMEND THE DNS FOR ALPHA-PL.GOV.UK: NS1.NORTH.EXAMPLE.NET AND NS2.NORTH.EXAMPLE.NET.",
])
def test_values_after_the_colon_of_a_change_asked_are_the_new_set(body):
    assert outcome(body) == set(A)


@pytest.mark.parametrize("body", [
    # The values after the colon are said to be something else, or what comes after them says more of them.
    "Please change the name servers for alpha-pl.gov.uk: ns1.old.example and ns2.old.example are the current ones.",
    "Please update alpha-pl.gov.uk: ns1.old.example -> ns1.north.example.net, ns2.old.example -> "
    "ns2.north.example.net",
])
def test_values_after_the_colon_of_a_change_asked_that_words_say_more_of_are_read_by_those_words(body):
    got = outcome(body)
    assert got in (None, set(A))


@pytest.mark.parametrize("body", [
    "alpha-pl.gov.uk: new NS ns1.north.example.net and ns2.north.example.net?? (to be confirmed by the supplier)",
    "alpha-pl.gov.uk: new NS ns1.north.example.net and ns2.north.example.net. (Unconfirmed.)",
    "Please use ns1.north.example.net and ns2.north.example.net for alpha-pl.gov.uk, unless you think "
    "ns1.north.example.org is better.",
    "Set alpha-pl.gov.uk to ns1.north.example.net and ns2.north.example.net, "
    "or ns1.north.example.org if that's easier.",
    "alpha-pl.gov.uk to ns1.north.example.net and ns2.north.example.net??",
])
def test_a_value_the_writer_is_not_sure_of_in_an_aside_or_a_condition_is_asked_about(body):
    request = extract_change("Name servers", body, {})
    assert "alpha-pl.gov.uk" in request.unclear and not request.asks, request


def test_a_writer_thinking_the_mail_complete_is_sure_of_its_values():
    body = ("Please move alpha-pl.gov.uk to ns1.north.example.net and ns2.north.example.net.\n"
            "I think that's all you need.")
    assert outcome(body) == set(A)


# Several domains named by the first words of their names, each given its values on one line.
@pytest.mark.parametrize("body", [
    "alpha-pl.gov.uk and beta-pl.gov.uk: alpha to ns1.north.example.net and ns2.north.example.net, beta to "
    "ns1.other-hosting.example.com and ns2.other-hosting.example.com.",
    "Could you move alpha-pl.gov.uk and beta-pl.gov.uk please. Alpha: ns1.north.example.net, ns2.north.example.net; "
    "Beta: ns1.other-hosting.example.com, ns2.other-hosting.example.com",
])
def test_values_between_domains_named_by_the_first_words_of_their_names_are_asked_about(body):
    assert results(body) == {"alpha-pl.gov.uk": None, "beta-pl.gov.uk": None}


# --- going and coming in, no longer needed ---------------------------------------------------------------------------

SWAP2 = {"ns1.old.example", "ns3.north.example.net"}  # ns2.old.example goes, ns3.north.example.net comes in


@pytest.mark.parametrize("body", [
    "alpha-pl.gov.uk\n\nTo go: ns2.old.example\nTo come in: ns3.north.example.net\n",
    "On alpha-pl.gov.uk ns2.old.example is to go and ns3.north.example.net is to come in.",
    "For alpha-pl.gov.uk, ns2.old.example is to go; ns3.north.example.net goes in.",
    "alpha-pl.gov.uk\nns2.old.example (to be removed)\nns3.north.example.net (new)\n",
    "alpha-pl.gov.uk\n\nGoing:\nns2.old.example\n\nComing in:\nns3.north.example.net\n",
])
def test_servers_going_and_coming_in(body):
    assert outcome(body) == SWAP2


@pytest.mark.parametrize("body", [
    "Please move alpha-pl.gov.uk to ns1.north.example.net and ns2.north.example.net; we go live on Monday.",
    "alpha-pl.gov.uk needs to go to ns1.north.example.net and ns2.north.example.net.",
])
def test_go_live_and_go_to_are_no_removal(body):
    assert outcome(body) == set(A)


def test_servers_all_called_new_beside_no_removal_are_the_new_set():
    assert outcome("alpha-pl.gov.uk\nns1.north.example.net (new)\nns2.north.example.net (new)\n") == set(A)


# --- words in brackets after a label's values ----------------------------------------------------------------------

@pytest.mark.parametrize("body", [
    "alpha-pl.gov.uk NS: ns3.north.example.net, ns4.north.example.net (please keep the existing ones for now)",
    "Name servers for alpha-pl.gov.uk: ns3.north.example.net ns4.north.example.net (in addition to the current ones)",
    "alpha-pl.gov.uk - ns3.north.example.net / ns4.north.example.net [old ones to stay]",
])
def test_words_in_brackets_saying_a_role_are_never_dropped_as_glue(body):
    # Read as the new set, the current servers would go where the words say they stay: asked about, or read with them.
    assert outcome(body) in (None, {*CURRENT, "ns3.north.example.net", "ns4.north.example.net"})


def test_a_ds_given_with_words_in_brackets_keeping_the_current_one_never_drops_it():
    body = f"alpha-pl.gov.uk DS: {NEW_DS} (please keep the existing one for now)"
    old = "11111 13 2 " + "A1" * 32
    assert ds_result(body, (old,)) in (None, {old, NEW_DS})


def test_glue_in_brackets_is_still_glue():
    assert outcome("Name servers for alpha-pl.gov.uk: ns1.north.example.net (192.0.2.1), ns2.north.example.net "
                   "(2001:db8::53)") == set(A)


@pytest.mark.parametrize("body", [
    "alpha-pl.gov.uk - nameservers ns1.north.example.net and ns2.north.example.net please (replacing the ones it has)",
    "For alpha-pl.gov.uk use ns1.north.example.net and ns2.north.example.net in place of the ones it has now.",
    "alpha-pl.gov.uk: ns1.north.example.net, ns2.north.example.net, instead of the name servers the domain has.",
])
def test_servers_replacing_the_ones_the_domain_has_are_the_new_set(body):
    assert outcome(body) == set(A)


# --- a customer's request forwarded with a note saying so, whatever the subject ------------------------------------

CUSTOMER = ("-----Original Message-----\nFrom: Gwen Otley <clerk@alpha-pl.gov.uk>\nSent: 26 November 2026 16:12\n"
            "To: Support <support@registrar.example>\nSubject: website move\n\nHi, as we discussed, please can you "
            "change our domain alpha-pl.gov.uk over to ns1.north.example.net and ns2.north.example.net.\n\nMany thanks,"
            "\nGwen Otley\nClerk\n")


@pytest.mark.parametrize("note", [
    "Please see below from our customer and action. Thanks",
    "Hi, could you action the request below please?",
    "Forwarding our client's email below for processing.",
    "Request from the registrant below - please process.",
    "PLEASE SEE THE EMAIL TRAIL BELOW.",
])
@pytest.mark.parametrize("subject", ["Domain alpha-pl.gov.uk - change of DNS provider", "website move", ""])
def test_a_request_below_a_note_pointing_at_it_is_read(note, subject):
    request = extract_change(subject, f"{note}\n\n{CUSTOMER}", {})
    got = resolve("nameservers", request.asks["alpha-pl.gov.uk"]["nameservers"], CURRENT)
    assert set(got.values) == set(A)


def test_a_request_forwarded_in_a_reply_on_a_thread_is_read_when_the_note_says_to_act_on_it():
    headers = {"In-Reply-To": "<x@registry.example>", "To": "registrylock+RL-000001.abc@registry.example"}
    request = extract_change("RE: [RL-000001] website move", f"Please action the below.\n\n{CUSTOMER}", headers)
    assert set(request.asks["alpha-pl.gov.uk"]["nameservers"].new) == set(A)


@pytest.mark.parametrize("note, headers", [
    # A reply to the customer's own mail, quoted under Outlook's header block: the mail answered, no forward.
    ("Please see below from our customer and action. Thanks", {"In-Reply-To": "<x@alpha-pl.gov.uk>",
                                                              "To": "Gwen Otley <clerk@alpha-pl.gov.uk>"}),
    ("Please see below from our customer - FYI only, no action yet.", {}),
    ("Thanks for this.", {}),  # a reply above the mail it answers: never read
    ("Please see below, it has ns3.north.example.net too.", {}),  # the note gives a value of its own
])
def test_a_mail_below_a_note_that_is_no_forward_of_a_request_is_not_read(note, headers):
    request = extract_change("website move", f"{note}\n\n{CUSTOMER}", headers)
    ask = request.asks.get("alpha-pl.gov.uk", {}).get("nameservers")
    assert ask is None or set(A) - set(ask.new or ask.add)


# --- the DS taken away in everyday words, beside a move to a host that does not sign yet ----------------------------

MOVE = "Please point alpha-pl.gov.uk at ns1.north.example.net and ns2.north.example.net."


@pytest.mark.parametrize("words", [
    "Could you also strip the DS off alpha-pl.gov.uk, as the zone at the new host is not signed.",
    "The DS record has to come off as well.",
    "And can you get rid of the DNSSEC record for alpha-pl.gov.uk pls",
    "Drop the DS too - the new DNS host will sign it again later on.",
    "Please take the DS records off alpha-pl.gov.uk: the new platform doesn't do DNSSEC yet.",
    "Please remove the DS from alpha-pl.gov.uk; our new supplier will give us a new DS record next month.",
    "Also pull the DS, new provider can't sign till January.",
])
def test_the_ds_taken_away_in_everyday_words_empties_it(words):
    body = f"{MOVE}\n\n{words}\n\nThanks, Sam"
    assert outcome(body) == set(A)
    assert ds_result(body, current=(NEW_DS,)) == set()


@pytest.mark.parametrize("words, ds", [
    (f"Please drop the old DS and publish this one instead: {NEW_DS}", {NEW_DS}),
    (f"Please pull the old DS; the new DS record is {NEW_DS}.", {NEW_DS}),
])
def test_the_ds_taken_away_with_a_new_one_given_is_no_emptying(words, ds):
    assert ds_result(f"For alpha-pl.gov.uk:\n\n{words}\n", current=(DS,)) == ds


@pytest.mark.parametrize("words", [
    "We won't pull the DS yet, the old host still signs.",
    "Please do not take the DS off, the new host signs with the same key.",
])
def test_words_of_not_taking_the_ds_away_leave_it(words):
    request = extract_change("Change", f"{MOVE}\n\n{words}\n", {})
    assert set(request.asks["alpha-pl.gov.uk"]) == {"nameservers"}


# --- the DS taken away, then a second verb giving the name servers ------------------------------------------------

@pytest.mark.parametrize("body", [
    "For alpha-pl.gov.uk: please pull the DS (signing ends with the old host), and re-delegate it to "
    "ns1.north.example.net and ns2.north.example.net.",
    "alpha-pl.gov.uk: withdraw the DNSSEC record and delegate to ns1.north.example.net / ns2.north.example.net please.",
    "alpha-pl.gov.uk is changing host. Kindly delete the DS record (no signing for now) and update the name servers "
    "to:\n\n* ns1.north.example.net\n* ns2.north.example.net\n",
    "alpha-pl.gov.uk: remove the DS, then point the delegation to:\nns1.north.example.net\nns2.north.example.net\n",
])
def test_the_name_servers_after_a_second_verb_are_not_taken_away_with_the_ds(body):
    assert outcome(body) == set(A)
    assert ds_result(body, current=(NEW_DS,)) == set()


def test_values_after_a_removal_with_no_second_verb_are_still_removed():
    # "remove the DS and the name server A": A goes, as the one verb says.
    current = ("ns1.old.example", "ns2.old.example", "ns0.old.example")
    body = "alpha-pl.gov.uk: please remove the DS and ns0.old.example."
    assert _resolved(body, current, "alpha-pl.gov.uk") == {"ns1.old.example", "ns2.old.example"}


# --- a table's cell saying it holds no value ---------------------------------------------------------------------

THREE = ("ns1.old.example", "ns2.old.example", "ns0.old.example")


@pytest.mark.parametrize("none", ["n/a", "(none)", "None", "-", "\u2014", "no replacement", "N/A"])
@pytest.mark.parametrize("sep", [" | ", "\t"])
def test_a_current_server_beside_a_cell_saying_none_goes_with_no_replacement(none, sep):
    rows = [("Old NS", "Proposed NS"), ("ns1.old.example", "ns1.north.example.net"),
            ("ns2.old.example", "ns2.north.example.net"), ("ns0.old.example", none)]
    table = "\n".join(sep.join(r) for r in rows)
    body = f"alpha-pl.gov.uk, please:\n\n{table}\n\nThanks"
    assert _resolved(body, THREE, "alpha-pl.gov.uk") == set(A)


def test_a_dash_in_a_row_labelled_new_is_an_empty_cell():
    body = ("alpha-pl.gov.uk\n\n | NS 1 | NS 2 | NS 3\n---|---|---|---\n"
            "Old | ns1.old.example | ns2.old.example | ns0.old.example\n"
            "New | ns1.north.example.net | ns2.north.example.net | -\n")
    assert _resolved(body, THREE, "alpha-pl.gov.uk") == set(A)


def test_a_dash_under_an_action_column_still_says_the_action():
    body = ("alpha-pl.gov.uk\n\nAction | Server\n- | ns0.old.example\n+ | ns3.north.example.net\n")
    assert _resolved(body, THREE, "alpha-pl.gov.uk") == {"ns1.old.example", "ns2.old.example", "ns3.north.example.net"}


def test_words_of_no_value_in_a_column_of_no_role_beside_a_value_are_no_blank_of_a_set():
    # "TBC" is not a cell of no value: what the third server is to be is not said.
    body = ("alpha-pl.gov.uk\n\nCurrent | New\nns1.old.example | ns1.north.example.net\n"
            "ns2.old.example | ns2.north.example.net\nns0.old.example | TBC\n")
    assert _resolved(body, THREE, "alpha-pl.gov.uk") is None
