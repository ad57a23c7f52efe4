"""Tests for mailbot.parse.change_request's Ask and resolve(): what a mail asks of a domain, and the records that come
of it."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mailbot.parse.change_request.asks import Ask
from mailbot.parse.change_request.reader import extract_change
from mailbot.parse.change_request.resolve import resolve

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
    ask = Ask(new=("ns1.new.example", "ns2.new.example"), add=("ns1.new.example",), remove=CURRENT)
    assert resolve("nameservers", ask, CURRENT).values == ("ns1.new.example", "ns2.new.example")
    # A stale list of what goes (none of it a current record) is a stale current list: the set wins.
    stale = Ask(new=("ns1.new.example", "ns2.new.example"), remove=("ns1.gone.example",))
    assert resolve("nameservers", stale, CURRENT).values == ("ns1.new.example", "ns2.new.example")


def test_a_complete_set_dropping_more_than_the_removals_say_is_asked_about():
    # "Being replaced: ns1.old" and "Replacement: ns3.new, ns4.new": the set drops ns2.old too, the words only ns1.
    ask = Ask(new=("ns3.new.example", "ns4.new.example"), remove=("ns1.old.example",))
    assert "asks to remove ns1.old.example" in resolve("nameservers", ask, CURRENT).problem


def test_values_said_to_stay_must_be_current_and_stay():
    ask = Ask(add=("ns3.new.example",), remove=("ns1.old.example",), keep=("ns2.old.example",))
    assert resolve("nameservers", ask, CURRENT).values == ("ns2.old.example", "ns3.new.example")
    assert "cannot be kept" in resolve("nameservers", Ask(add=("ns3.new.example",), keep=("ns9.x.example",)),
                                       CURRENT).problem
    assert "stays and also" in resolve("nameservers", Ask(new=("ns3.new.example", "ns4.new.example"),
                                                          keep=("ns2.old.example",)), CURRENT).problem


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
])
def test_a_request_that_cannot_be_made_exact_is_a_problem(ask, current, words):
    got = resolve("nameservers", ask, current)
    assert got.values is None and words in got.problem


def test_a_complete_set_pasting_the_current_servers_and_as_many_others_is_asked_about():
    pasted = resolve("nameservers", Ask(new=(*CURRENT, "ns1.new.example", "ns2.new.example")), CURRENT)
    assert pasted.values is None and "hold all the current ones" in pasted.problem
    # One more server beside the current ones is a set that can only mean that.
    one_more = resolve("nameservers", Ask(new=(*CURRENT, "ns3.new.example")), CURRENT)
    assert one_more.values == (*CURRENT, "ns3.new.example")
    # Said as additions, the current ones stay by the words.
    assert resolve("nameservers", Ask(add=("ns1.new.example", "ns2.new.example")), CURRENT).values == \
        (*CURRENT, "ns1.new.example", "ns2.new.example")


def test_said_current_that_matches_the_records_is_fine_and_never_new():
    ask = Ask(add=("ns3.new.example",), remove=("ns1.old.example",),
              said_current=("ns2.old.example", "ns1.old.example"))
    assert resolve("nameservers", ask, CURRENT).values == ("ns2.old.example", "ns3.new.example")


def test_a_complete_set_beside_current_records_that_are_not_the_registrys_is_asked_about():
    # Out of date, or a new server read as a current one: either way not a thing to guess.
    ask = Ask(new=("ns1.new.example", "ns2.new.example"), said_current=("ns1.other.example",))
    assert "registry holds" in resolve("nameservers", ask, CURRENT).problem


def test_a_list_no_word_calls_new_holding_every_current_record_and_others_is_asked_about():
    merged = Ask(new=(*CURRENT, "ns3.new.example"), unlabelled=True)
    assert "say which are to stay" in resolve("nameservers", merged, CURRENT).problem
    # Called new, the same set is the new set.
    assert resolve("nameservers", Ask(new=(*CURRENT, "ns3.new.example")), CURRENT).values == \
        (*CURRENT, "ns3.new.example")


def test_ds_records_resolve_in_canonical_form_and_may_all_be_removed():
    spaced = f"{DS[:32].lower()} {DS[32:]}"
    got = resolve("ds", Ask(new=(spaced,)), ())
    assert got.values == (DS,) and got.added == (DS,)
    assert resolve("ds", Ask(new=()), (DS,)).values == ()
    assert resolve("ds", Ask(remove=(DS,)), (DS,)).values == ()
    assert "not a valid DS record" in resolve("ds", Ask(new=("12345 13 2 ABC",)), ()).problem


# --- the layouts ---------------------------------------------------------------------------------

CURRENT_OF = {"hmrc.gov.uk": ("ns1.old.example", "ns2.old.example"),
              "dwp.gov.uk": ("ns1.dwp-old.example", "ns2.dwp-old.example")}
NEW = ("ns1.new.example", "ns2.new.example")
CASES = {
 "prose": ("Please change the name servers for hmrc.gov.uk to ns1.new.example and ns2.new.example.",
           {"hmrc.gov.uk": NEW}),
 "form": ("Domain: hmrc.gov.uk\nNameservers: ns1.new.example, ns2.new.example", {"hmrc.gov.uk": NEW}),
 "label-list": ("Please update hmrc.gov.uk.\n\nNew name servers:\n- ns1.new.example\n- ns2.new.example\n",
                {"hmrc.gov.uk": NEW}),
 "numbered": ("Please update hmrc.gov.uk.\nNew name servers:\n1. ns1.new.example\n2. ns2.new.example\n",
              {"hmrc.gov.uk": NEW}),
 "cur-new": ("Domain: hmrc.gov.uk\nCurrent name servers:\nns1.old.example\nns2.old.example\n\nNew name servers:\n"
             "ns1.new.example\nns2.new.example\n",
             {"hmrc.gov.uk": NEW}),
 "cur-new-inline": ("Domain: hmrc.gov.uk\nCurrent name servers: ns1.old.example, ns2.old.example\n"
                    "New name servers: ns1.new.example, ns2.new.example\n",
                    {"hmrc.gov.uk": NEW}),
 "addrem-table": ("| Domain | Action | Nameserver |\n|---|---|---|\n| hmrc.gov.uk | REMOVE | ns1.old.example |\n"
                  "| hmrc.gov.uk | REMOVE | ns2.old.example |\n| hmrc.gov.uk | ADD | ns1.new.example |\n"
                  "| hmrc.gov.uk | ADD | ns2.new.example |\n",
                  {"hmrc.gov.uk": NEW}),
 "addrem-noheader": ("Please action:\n| hmrc.gov.uk | REMOVE | ns1.old.example |\n"
                     "| hmrc.gov.uk | ADD | ns3.new.example |\n",
                     {"hmrc.gov.uk": ("ns2.old.example", "ns3.new.example")}),
 "aligned-addrem": ("Domain         Action   Nameserver\nhmrc.gov.uk    REMOVE   ns1.old.example\n"
                    "hmrc.gov.uk    ADD      ns3.new.example\n",
                    {"hmrc.gov.uk": ("ns2.old.example", "ns3.new.example")}),
 "curnew-table": ("Name server change for hmrc.gov.uk\n| Current | New |\n|---|---|\n"
                  "| ns1.old.example | ns1.new.example |\n| ns2.old.example | ns2.new.example |\n",
                  {"hmrc.gov.uk": NEW}),
 "curnew-noheader": ("Name server change for hmrc.gov.uk\n| ns1.old.example | ns1.new.example |\n"
                     "| ns2.old.example | ns2.new.example |\n",
                     {"hmrc.gov.uk": None}),
 "two-lists": ("Please change the nameservers for hmrc.gov.uk:\nns1.old.example\nns2.old.example\n\nns1.new.example\n"
               "ns2.new.example\n",
               {"hmrc.gov.uk": None}),
 "portal": ("Domain name: hmrc.gov.uk\nOld NS 1: ns1.old.example\nOld NS 2: ns2.old.example\n"
            "New NS 1: ns1.new.example\nNew NS 2: ns2.new.example\n",
            {"hmrc.gov.uk": NEW}),
 "portal2": ("Domain name: hmrc.gov.uk\nNameserver 1 (new): ns1.new.example\nNameserver 2 (new): ns2.new.example\n"
             "Nameserver 1 (old): ns1.old.example\nNameserver 2 (old): ns2.old.example\n",
             {"hmrc.gov.uk": NEW}),
 "replace": ("Please replace ns1.old.example with ns3.new.example for hmrc.gov.uk.",
             {"hmrc.gov.uk": ("ns3.new.example", "ns2.old.example")}),
 "from-to": ("Please change the nameservers of hmrc.gov.uk from ns1.old.example, ns2.old.example to ns1.new.example, "
             "ns2.new.example.",
             {"hmrc.gov.uk": NEW}),
 "epp": ("domain:update hmrc.gov.uk\nns rem ns1.old.example\nns add ns3.new.example\n",
         {"hmrc.gov.uk": ("ns2.old.example", "ns3.new.example")}),
 "existing-requested": ("hmrc.gov.uk\nExisting: ns1.old.example ns2.old.example\n"
                        "Requested: ns1.new.example ns2.new.example\n",
                        {"hmrc.gov.uk": NEW}),
 "current-proposed-table": ("| Domain | Current | Proposed |\n| hmrc.gov.uk | ns1.old.example | ns1.new.example |\n"
                            "| hmrc.gov.uk | ns2.old.example | ns2.new.example |\n",
                            {"hmrc.gov.uk": NEW}),
 "two-domains": ("hmrc.gov.uk:\nNew name servers: ns1.new.example, ns2.new.example\n\ndwp.gov.uk:\n"
                 "New name servers: ns3.new.example, ns4.new.example\n",
                 {"hmrc.gov.uk": NEW, "dwp.gov.uk": ("ns3.new.example", "ns4.new.example")}),
 "two-domains-one": ("Please update hmrc.gov.uk and dwp.gov.uk to ns1.new.example and ns2.new.example.",
                     {"hmrc.gov.uk": NEW, "dwp.gov.uk": NEW}),
 "remove-add-prose": ("For hmrc.gov.uk please remove ns1.old.example and add ns3.new.example.",
                      {"hmrc.gov.uk": ("ns2.old.example", "ns3.new.example")}),
 "tobe": ("hmrc.gov.uk\nName servers to be removed:\nns1.old.example\nName servers to be added:\nns3.new.example\n",
          {"hmrc.gov.uk": ("ns2.old.example", "ns3.new.example")}),
 "currently": ("Please change the nameservers for hmrc.gov.uk to ns1.new.example and ns2.new.example (currently "
               "ns1.old.example and ns2.old.example).",
               {"hmrc.gov.uk": NEW}),
 "reply-yes": ("Yes, go ahead. Correct, the new name servers are as listed in our original request for hmrc.gov.uk.",
               {"hmrc.gov.uk": "none"}),
 "label-table": ("| Domain | hmrc.gov.uk |\n| Current name servers | ns1.old.example, ns2.old.example |\n"
                 "| New name servers | ns1.new.example, ns2.new.example |\n",
                 {"hmrc.gov.uk": NEW}),
 "label-table2": ("Domain\thmrc.gov.uk\nOld nameservers\tns1.old.example ns2.old.example\n"
                  "New nameservers\tns1.new.example ns2.new.example\n",
                  {"hmrc.gov.uk": NEW}),
}
CSV = "domain,action,nameserver\nhmrc.gov.uk,remove,ns1.old.example\nhmrc.gov.uk,add,ns3.new.example\n"


def _outcome(body: str, domain: str, attached=()):
    """The resulting name servers of `domain`, None when the mail is unclear or asks what cannot be made exact,
    "none" when it asks nothing of them."""
    request = extract_change("Name server change", body, {}, attached=attached)
    if domain in request.unclear:
        return None
    ask = request.asks.get(domain, {}).get("nameservers")
    if ask is None:
        return "none"
    got = resolve("nameservers", ask, CURRENT_OF[domain])
    return None if got.values is None else set(got.values)


@pytest.mark.parametrize("body, want", CASES.values(), ids=list(CASES))
def test_each_layout_gives_the_resulting_records_or_is_unclear(body, want):
    for domain, expected in want.items():
        assert _outcome(body, domain) == (set(expected) if isinstance(expected, tuple) else expected)


def test_a_csv_attachment_is_read_row_by_row():
    rows = "domain,action,nameserver\nhmrc.gov.uk,remove,ns1.old.example\nhmrc.gov.uk,add,ns3.new.example\n"
    assert _outcome("Please see the attached file.", "hmrc.gov.uk", [rows]) == {"ns2.old.example", "ns3.new.example"}


def test_an_html_table_and_lists_are_read_as_their_rows_and_items():
    from mailbot.parse.own_words import html_text

    table = html_text("<p>For hmrc.gov.uk:</p><table><tr><th>Domain</th><th>Action</th><th>Name server</th></tr>"
                      "<tr><td>hmrc.gov.uk</td><td>REMOVE</td><td>ns1.old.example</td></tr>"
                      "<tr><td>hmrc.gov.uk</td><td>ADD</td><td>ns3.new.example</td></tr></table>")
    assert _outcome(table, "hmrc.gov.uk") == {"ns2.old.example", "ns3.new.example"}
    lists = html_text("<p>hmrc.gov.uk</p><p>Current name servers:</p><ul><li>ns1.old.example</li>"
                      "<li>ns2.old.example</li></ul><p>New name servers:</p><ol><li>ns1.new.example</li>"
                      "<li>ns2.new.example</li></ol>")
    assert _outcome(lists, "hmrc.gov.uk") == set(NEW)
    unlabelled = html_text("<p>Please change the name servers of hmrc.gov.uk:</p><ul><li>ns1.old.example</li>"
                           "<li>ns2.old.example</li></ul><ul><li>ns1.new.example</li><li>ns2.new.example</li></ul>")
    assert _outcome(unlabelled, "hmrc.gov.uk") is None


def test_quoted_text_under_a_localised_header_is_not_read():
    body = ("Please change the name servers for hmrc.gov.uk to ns1.new.example and ns2.new.example.\n\n"
            "Le ven. 27 nov. 2026 à 10:00, Registry Lock <rl@registry.example> a écrit :\n"
            "Please change the name servers for dwp.gov.uk to ns3.new.example and ns4.new.example.\n")
    assert extract_change("", body, {}).domains == ("hmrc.gov.uk",)
    outlook = body.split("\n\n")[0] + "\n\nVon: Registry Lock <rl@registry.example>\nGesendet: Freitag\nAn: x\n" \
        "Betreff: y\nPlease change the name servers for dwp.gov.uk to ns3.new.example and ns4.new.example.\n"
    assert extract_change("", outlook, {}).domains == ("hmrc.gov.uk",)


def test_an_empty_paragraph_of_html_ends_a_list_as_a_blank_line_does():
    from mailbot.parse.own_words import html_text

    for gap in ("<p><br></p>", "<p>&nbsp;</p>", "<div><br></div>", "<br><br>"):
        body = html_text("<p>Please update the name servers for hmrc.gov.uk:</p><p>ns1.old.example</p>"
                         f"<p>ns2.old.example</p>{gap}<p>ns1.new.example</p><p>ns2.new.example</p>")
        assert _outcome(body, "hmrc.gov.uk") is None, gap  # two lists, no label: never a set of four
    assert html_text("<p>one</p><p><br></p><p><br></p><p>two</p>") == "one\n\ntwo"
    assert html_text("<p>Jane Smith<br>Registrar Ltd</p>") == "Jane Smith\nRegistrar Ltd"


@pytest.mark.parametrize("bullet", ["\u00b7\t", "o\t", "\u00a7\t", "\u25aa ", "\u25e6 "])
def test_outlooks_plain_text_bullets_mark_list_items(bullet):
    body = f"We have a change for hmrc.gov.uk.\n\nPlease set the name servers to:\n{bullet}ns1.new.example\n" \
           f"{bullet}ns2.new.example\n"
    assert _outcome(body, "hmrc.gov.uk") == set(NEW)
    lists = f"Please update hmrc.gov.uk.\n\nExisting name servers:\n{bullet}ns1.old.example\n{bullet}ns2.old.example" \
            f"\n\nNew name servers:\n{bullet}ns1.new.example\n{bullet}ns2.new.example\n"
    assert _outcome(lists, "hmrc.gov.uk") == set(NEW)


def test_following_keeps_the_role_said_before_it():
    ds2 = "54321 13 2 " + "AB" * 32
    got = extract_change("", f"Please add the following DS record for hmrc.gov.uk:\n\n{ds2}\n", {})
    assert got.asks["hmrc.gov.uk"]["ds"] == Ask(add=(ds2,))
    assert _outcome("For hmrc.gov.uk please add the following name server:\nns3.new.example\n", "hmrc.gov.uk") \
        == {"ns1.old.example", "ns2.old.example", "ns3.new.example"}
    assert _outcome("Please replace the name servers of hmrc.gov.uk with the following:\nns1.new.example\n"
                    "ns2.new.example\n", "hmrc.gov.uk") == set(NEW)


def test_a_bracketed_aside_does_not_name_the_role_when_the_words_outside_do():
    ds2 = "54321 13 2 " + "AB" * 32
    body = f"Please add the following DS record for hmrc.gov.uk (keep the existing one):\n\nKey tag: 54321\n" \
           f"Algorithm: 13\nDigest type: 2\nDigest: {'AB' * 32}\n"
    got = extract_change("", body, {})
    assert got.asks["hmrc.gov.uk"]["ds"] == Ask(add=(ds2,)) and not got.unclear
    assert resolve("ds", got.asks["hmrc.gov.uk"]["ds"], (DS,)).values == (DS, ds2)
    # Nothing outside the brackets: they say the role.
    assert _outcome("hmrc.gov.uk\nNameservers (new):\nns1.new.example\nns2.new.example\n", "hmrc.gov.uk") == set(NEW)


SWAPPED = {"ns2.old.example", "ns3.new.example"}  # ns1.old.example out, ns3.new.example in


def _action_rows(add: str, remove: str, style: str) -> str:
    rows = [("hmrc.gov.uk", remove, "ns1.old.example"), ("hmrc.gov.uk", add, "ns3.new.example")]
    if style == "html":
        from mailbot.parse.own_words import html_text

        return html_text("<p>Please action:</p><table>" + "".join(
            f"<tr><td>{a}</td><td>{b}</td><td>{c}</td></tr>" for a, b, c in rows) + "</table>")
    if style == "pipes":
        return "Please action:\n" + "".join(f"| {a} | {b} | {c} |\n" for a, b, c in rows)
    return "Please action:\n" + "".join(f"{a}    {b:<14}{c}\n" for a, b, c in rows)


@pytest.mark.parametrize("style", ["pipes", "aligned", "html"])
@pytest.mark.parametrize("add, remove", [("Insert", "Remove"), ("INSERT", "DELETE"), ("+", "-"), ("Add", "Retire"),
                                         ("add", "Decommission"), ("Added", "Withdrawn"), ("ADD", "DROP")])
def test_an_action_column_is_read_in_a_registrars_words_and_signs(add, remove, style):
    assert _outcome(_action_rows(add, remove, style), "hmrc.gov.uk") == SWAPPED


@pytest.mark.parametrize("unknown", ["Suspend", "Park", "Migrate", "Disable"])
def test_a_row_in_words_the_reader_does_not_know_makes_the_domain_unclear(unknown):
    # Passed over, the row's server would stay: a wrong change, never a question.
    body = _action_rows("Add", unknown, "pipes")
    assert _outcome(body, "hmrc.gov.uk") is None
    headed = "| Domain | Action | Nameserver |\n" + body.split("\n", 1)[1]
    assert _outcome(headed, "hmrc.gov.uk") is None


@pytest.mark.parametrize("new", ["New name servers:", "Proposed nameservers:", "Requested name servers -",
                                 "Replacement NS:", "Target nameservers:", "Incoming name servers:",
                                 "Name servers after the change:", "Nameservers (proposed):", "Nameservers should be:"])
@pytest.mark.parametrize("current", ["Current name servers:", "Present delegation:", "Nameservers being replaced:",
                                     "Name servers to be replaced:", "Outgoing name servers:", "Retiring name servers:",
                                     "Nameservers before the change:", "Previous nameservers:", "Existing NS -"])
def test_current_and_new_lists_are_told_apart_by_a_registrars_labels(new, current):
    lists = (f"{current}\n- ns1.old.example\n- ns2.old.example\n", f"{new}\n- ns1.new.example\n- ns2.new.example\n")
    for first, second in (lists, lists[::-1]):
        body = f"Please update the name servers for hmrc.gov.uk.\n\n{first}\n{second}"
        assert _outcome(body, "hmrc.gov.uk") == set(NEW), body


@pytest.mark.parametrize("heading", [("Current", "New"), ("Existing", "Requested"), ("From", "To"), ("Old", "New"),
                                     ("Present", "Proposed"), ("Before", "After"), ("Now", "Future"),
                                     ("Current NS", "Replacement NS"), ("Outgoing", "Incoming")])
def test_a_current_new_table_is_read_by_its_headings_either_way_round(heading):
    rows = [("ns1.old.example", "ns1.new.example"), ("ns2.old.example", "ns2.new.example")]
    for head, body_rows in ((heading, rows), (heading[::-1], [r[::-1] for r in rows])):
        body = "Name server change for hmrc.gov.uk:\n| %s | %s |\n|---|---|\n" % head + \
               "".join(f"| {a} | {b} |\n" for a, b in body_rows)
        assert _outcome(body, "hmrc.gov.uk") == set(NEW), body
    # "before" and "after" name a role only as a heading of their own, never in a sentence.
    assert _outcome("Please add ns3.new.example before Friday for hmrc.gov.uk.", "hmrc.gov.uk") == \
        {"ns1.old.example", "ns2.old.example", "ns3.new.example"}


@pytest.mark.parametrize("words", ["replace {o} with {n}", "replace {o} by {n}", "change {o} to {n}",
                                   "swap {o} for {n}", "swap {o} with {n}", "swap out {o} for {n}",
                                   "exchange {o} for {n}", "substitute {n} for {o}", "substitute {o} with {n}",
                                   "use {n} instead of {o}", "put {n} in place of {o}", "remove {o} and insert {n}",
                                   "retire {o} and add {n}", "decommission {o}, add {n}", "{o} -> {n}"])
def test_a_replacement_is_read_whichever_way_round_it_is_said(words):
    body = "For hmrc.gov.uk, please " + words.format(o="ns1.old.example", n="ns3.new.example") + \
        ". The other name servers stay as they are."
    assert _outcome(body, "hmrc.gov.uk") == SWAPPED


def test_values_said_to_stay_are_kept_and_must_be_current():
    body = "For hmrc.gov.uk:\nRemove: ns1.old.example\nKeep: ns2.old.example\nAdd: ns3.new.example\n"
    request = extract_change("", body, {})
    assert request.asks["hmrc.gov.uk"]["nameservers"].keep == ("ns2.old.example",)
    assert _outcome(body, "hmrc.gov.uk") == SWAPPED
    assert _outcome(body.replace("Keep: ns2.old", "Retain: ns9.old"), "hmrc.gov.uk") is None


def test_a_table_aligned_with_non_breaking_spaces_in_html_keeps_its_columns():
    from mailbot.parse.own_words import html_text

    table = html_text("<p>Name server change for hmrc.gov.uk:</p><p>New NS&nbsp; &nbsp; &nbsp; Old NS</p>"
                      "<p>ns1.new.example&nbsp;  ns1.old.example</p><p>ns2.new.example&nbsp;  ns2.old.example</p>")
    assert table.splitlines()[1:] == ["New NS\tOld NS", "ns1.new.example\tns1.old.example",
                                      "ns2.new.example\tns2.old.example"]
    assert _outcome(table, "hmrc.gov.uk") == set(NEW)
    marks = html_text("<p>Please action:</p><p>hmrc.gov.uk&nbsp;  -&nbsp;  ns1.old.example</p>"
                      "<p>hmrc.gov.uk&nbsp;  +&nbsp;  ns3.new.example</p>")
    assert _outcome(marks, "hmrc.gov.uk") == SWAPPED
    # One non-breaking space is a space.
    assert html_text("<p>Kind&nbsp;regards</p>") == "Kind regards"


def test_the_current_servers_given_apart_from_a_new_set_holding_them_say_they_stay():
    body = "hmrc.gov.uk\nNameserver 1 (current): ns1.old.example\nNameserver 2 (current): ns2.old.example\n" \
           "Nameserver 1 (new): ns1.old.example\nNameserver 2 (new): ns2.old.example\n" \
           "Nameserver 3 (new): ns1.new.example\nNameserver 4 (new): ns2.new.example\n"
    assert _outcome(body, "hmrc.gov.uk") == {*CURRENT, *NEW}


def test_a_message_pasted_whole_is_not_the_senders_words():
    from mailbot.parse.own_words import message_lines

    pasted = ("Please change the name servers for hmrc.gov.uk to ns1.new.example and ns2.new.example.\n\n"
              "DKIM-Signature: v=1; a=rsa-sha256; d=registrar.example;\n s=demo; b=abc\nFrom: a@registrar.example\n"
              "To: b@registry.example\nSubject: change\nDate: Fri, 27 Nov 2026 10:00:00 +0000\n"
              "Message-ID: <1@registrar.example>\n\nPlease change the name servers for dwp.gov.uk to ns3.new.example"
              " and ns4.new.example.\n")
    assert extract_change("", pasted, {}).domains == ("hmrc.gov.uk",)
    assert message_lines("I confirm this change.\n\n" + pasted.split("\n\n", 1)[1]) == ["I confirm this change."]
    # Header lines with no From and Date are no message's header: read as they stand.
    assert message_lines("Subject: the change\nMessage-ID: <1@x.example>\nDate: today") == \
        ["Subject: the change", "Message-ID: <1@x.example>", "Date: today"]


# --- the property: the truth, or unclear; never anything else ------------------------------------

_OLD, _NEW = ["ns1.old.example", "ns2.old.example"], ["ns1.new.example", "ns2.new.example", "ns3.new.example"]


def _layout(kind: str, new: list[str], gap: str, bullet: str) -> str:
    old = list(_OLD)
    items = lambda values: "\n".join(bullet + v for v in values)  # noqa: E731
    return {
        "form": f"Domain: hmrc.gov.uk\nName servers:{gap}{', '.join(new)}",
        "lists": f"hmrc.gov.uk\nCurrent name servers:\n{items(old)}\n\nNew name servers:\n{items(new)}",
        "table": "| Current | New |\n|---|---|\n" + "\n".join(
            f"| {old[i] if i < len(old) else ''} | {new[i] if i < len(new) else ''} |"
            for i in range(max(len(old), len(new)))),
        "prose": f"Please change the name servers for hmrc.gov.uk to {' and '.join(new)}.",
        "epp": "domain:update hmrc.gov.uk\n" + "\n".join(f"ns rem {v}" for v in old if v not in new)
               + "\n" + "\n".join(f"ns add {v}" for v in new if v not in old),
        "two_lists": f"Please change the name servers of hmrc.gov.uk:\n{items(old)}\n\n{items(new)}",
    }[kind]


@settings(max_examples=150, deadline=None)
@given(kind=st.sampled_from(["form", "lists", "table", "prose", "epp", "two_lists"]),
       new=st.lists(st.sampled_from(_NEW + _OLD[:1]), min_size=1, max_size=4, unique=True),
       upper=st.booleans(), gap=st.sampled_from([" ", "  ", "\t", "\n"]),
       bullet=st.sampled_from(["", "- ", "* ", "  "]))
def test_a_generated_request_resolves_to_the_truth_or_is_unclear(kind, new, upper, gap, bullet):
    body = _layout(kind, new, gap, bullet)
    if kind == "table":
        body = "Name server change for hmrc.gov.uk\n" + body
    body = body.upper() if upper else body
    got = _outcome(body, "hmrc.gov.uk")
    truth = set(new) if len(new) >= 2 and set(new) != set(_OLD) else None
    assert got in (truth, None), body


# --- how consoles, zone files, dig and EPP print records ------------------------------------------

DS2 = "54321 13 2 " + "AB" * 32


@pytest.mark.parametrize("algorithm, digest_type", [("ECDSAP256SHA256 (13)", "SHA-256 (2)"), ("13 (ECDSAP256SHA256)",
                                                     "2 (SHA-256)"), ("ECDSAP256SHA256", "SHA256"), ("13", "2")])
def test_a_ds_record_is_read_with_its_algorithm_and_digest_type_given_by_name(algorithm, digest_type):
    body = f"For hmrc.gov.uk please add the DS record:\nKey Tag: 54321\nAlgorithm: {algorithm}\n" \
           f"Digest Type: {digest_type}\nDigest: {'AB' * 32}\n"
    got = extract_change("", body, {})
    assert got.asks["hmrc.gov.uk"]["ds"] == Ask(add=(DS2,)) and not got.unclear


@pytest.mark.parametrize("algorithm", ["RSASHA256 (13)", "8 (ECDSAP256SHA256)"])
def test_a_ds_record_whose_algorithm_name_and_number_disagree_is_asked_about(algorithm):
    body = f"For hmrc.gov.uk please add the DS record:\nKey Tag: 54321\nAlgorithm: {algorithm}\n" \
           f"Digest Type: SHA-256 (2)\nDigest: {'AB' * 32}\n"
    got = extract_change("", body, {})
    assert "hmrc.gov.uk" in got.unclear and "ds" not in got.asks.get("hmrc.gov.uk", {})


@pytest.mark.parametrize("sep", [" ", "\t", "\t\t"])
def test_records_as_a_zone_file_or_dig_prints_them_are_read(sep):
    rr = lambda owner, kind, value: sep.join([owner, "86400", "IN", kind, value])  # noqa: E731
    body = "Please set the delegation of hmrc.gov.uk to:\n" + rr("hmrc.gov.uk.", "NS", "ns1.new.example.") + "\n" \
           + rr("hmrc.gov.uk.", "NS", "ns2.new.example.") + "\n"
    assert _outcome(body, "hmrc.gov.uk") == set(NEW)
    lists = "hmrc.gov.uk\nCurrent:\n" + "\n".join(rr("@", "NS", v + ".") for v in CURRENT) + "\n\nNew:\n" \
            + "\n".join(rr("@", "NS", v + ".") for v in NEW) + "\n"
    assert _outcome(lists, "hmrc.gov.uk") == set(NEW)
    ds = extract_change("", "Please add this DS record for hmrc.gov.uk:\n" + rr("hmrc.gov.uk.", "DS", DS2) + "\n", {})
    assert ds.asks["hmrc.gov.uk"]["ds"] == Ask(add=(DS2,))
    # A record of another owner (a subdomain's delegation) says nothing of the domain's own servers.
    sub = body.replace("hmrc.gov.uk.", "sub.hmrc.gov.uk.")
    assert _outcome(sub, "hmrc.gov.uk") is None


@pytest.mark.parametrize("remove, keep, add", [("(to be removed)", "(keep)", "(add)"), ("[remove]", "[unchanged]",
                                                "[to be added]"), ("(delete)", "(no change)", "(insert)")])
def test_words_in_brackets_after_a_value_say_its_role(remove, keep, add):
    body = f"hmrc.gov.uk name servers:\nns1.old.example {remove}\nns2.old.example {keep}\nns3.new.example {add}\n"
    assert _outcome(body, "hmrc.gov.uk") == SWAPPED
    marked = "hmrc.gov.uk\n- ns1.old.example (current)\n- ns2.old.example (current)\n- ns1.new.example (new)\n" \
             "- ns2.new.example (new)\n"
    assert _outcome(marked, "hmrc.gov.uk") == set(NEW)


@pytest.mark.parametrize("aside", ["(primary)", "(secondary)", "(192.0.2.53)", "[2001:db8::53]", "(master, 192.0.2.1)"])
def test_a_rank_or_glue_in_brackets_after_a_value_says_nothing_of_its_role(aside):
    body = f"hmrc.gov.uk\nNew name servers:\nns1.new.example {aside}\nns2.new.example\n"
    assert _outcome(body, "hmrc.gov.uk") == set(NEW)


@pytest.mark.parametrize("body", [
    "hmrc.gov.uk\nNew name servers:\nns1.new.example (being phased in)\nns2.new.example\n",  # words not known
    "hmrc.gov.uk\nNew name servers:\nns1.new.example (to be confirmed)\nns2.new.example\n",
    "hmrc.gov.uk\nRemove:\nns1.old.example (new)\n",  # the label and the brackets disagree
])
def test_words_in_brackets_after_a_value_that_cannot_be_read_make_the_domain_unclear(body):
    # Dropped as glue would be, the value would be read in the role in force: a guess.
    assert _outcome(body, "hmrc.gov.uk") is None


def _epp(add: str = "", rem: str = "", secdns: str = "") -> str:
    return ("<domain:update xmlns:domain=\"urn:ietf:params:xml:ns:domain-1.0\">\n"
            "  <domain:name>hmrc.gov.uk</domain:name>\n"
            + (f"  <domain:add><domain:ns>{add}</domain:ns></domain:add>\n" if add else "")
            + (f"  <domain:rem><domain:ns>{rem}</domain:ns></domain:rem>\n" if rem else "")
            + "</domain:update>\n" + secdns)


def test_an_epp_update_is_read_by_the_element_holding_each_value():
    obj = _epp("<domain:hostObj>ns3.new.example</domain:hostObj>", "<domain:hostObj>ns1.old.example</domain:hostObj>")
    assert _outcome(obj, "hmrc.gov.uk") == SWAPPED
    attr = _epp("<domain:hostAttr><domain:hostName>ns3.new.example</domain:hostName>"
                "<domain:hostAddr ip=\"v4\">192.0.2.3</domain:hostAddr></domain:hostAttr>",
                "<domain:hostAttr><domain:hostName>ns1.old.example</domain:hostName></domain:hostAttr>")
    assert _outcome(attr, "hmrc.gov.uk") == SWAPPED
    create = "<domain:create><domain:name>hmrc.gov.uk</domain:name><domain:ns><domain:hostObj>ns1.new.example" \
             "</domain:hostObj><domain:hostObj>ns2.new.example</domain:hostObj></domain:ns></domain:create>"
    assert _outcome(create, "hmrc.gov.uk") == set(NEW)
    ds = "<secDNS:update><secDNS:add><secDNS:dsData><secDNS:keyTag>54321</secDNS:keyTag><secDNS:alg>13</secDNS:alg>" \
         f"<secDNS:digestType>2</secDNS:digestType><secDNS:digest>{'AB' * 32}</secDNS:digest></secDNS:dsData>" \
         "</secDNS:add></secDNS:update>\n"
    assert extract_change("", _epp(secdns=ds), {}).asks["hmrc.gov.uk"]["ds"] == Ask(add=(DS2,))


def test_an_epp_update_read_only_in_part_is_never_a_change():
    # secDNS:keyData gives a key, not its DS record: read without it, the name servers would be changed and the DS kept.
    key = "<secDNS:update><secDNS:add><secDNS:keyData><secDNS:flags>257</secDNS:flags><secDNS:protocol>3" \
          "</secDNS:protocol><secDNS:alg>13</secDNS:alg><secDNS:pubKey>AQPJ////4Q==</secDNS:pubKey></secDNS:keyData>" \
          "</secDNS:add></secDNS:update>\n"
    swap = ("<domain:hostObj>ns3.new.example</domain:hostObj>", "<domain:hostObj>ns1.old.example</domain:hostObj>")
    assert _outcome(_epp(*swap, key), "hmrc.gov.uk") is None
    # secDNS:all (RFC 5910 3.2.5) is read whole: every DS record goes, beside the name servers' change.
    every = "<secDNS:update><secDNS:rem><secDNS:all>true</secDNS:all></secDNS:rem></secDNS:update>\n"
    assert _outcome(_epp(*swap, every), "hmrc.gov.uk") == SWAPPED
    assert extract_change("", _epp(*swap, every), {}).asks["hmrc.gov.uk"]["ds"] == Ask(new=())


@pytest.mark.parametrize("current", ["Live name servers:", "Active nameservers:", "Name servers in use:",
                                     "Former name servers:", "Legacy NS:", "Original nameservers:"])
def test_a_consoles_words_for_the_servers_in_use_are_current_ones(current):
    body = f"hmrc.gov.uk\n{current}\nns1.old.example\nns2.old.example\n\nNew name servers:\nns1.new.example\n" \
           "ns2.new.example\n"
    assert _outcome(body, "hmrc.gov.uk") == set(NEW)
    inline = f"hmrc.gov.uk\n{current} ns1.old.example, ns2.old.example\nNew name servers: ns1.new.example, " \
             "ns2.new.example\n"
    assert _outcome(inline, "hmrc.gov.uk") == set(NEW)
    # Given alone, they are never a new set.
    assert _outcome(f"hmrc.gov.uk\n{current}\nns1.new.example\nns2.new.example\n", "hmrc.gov.uk") is None


def test_a_primary_and_secondary_name_server_are_the_set():
    body = "hmrc.gov.uk\nPrimary nameserver: ns1.new.example\nSecondary nameserver: ns2.new.example\n"
    assert _outcome(body, "hmrc.gov.uk") == set(NEW)


@pytest.mark.parametrize("body, want", [
    ("Please change the name servers for hmrc.gov.uk to ns1.new.example and\nns2.new.example.\n", set(NEW)),
    ("For hmrc.gov.uk, could you please arrange to replace ns1.old.example with\nns3.new.example.\n", SWAPPED),
])
def test_a_sentence_a_mail_client_hard_wrapped_is_read_whole(body, want):
    assert _outcome(body, "hmrc.gov.uk") == want
    # A line that ends a sentence, or a label, is not joined to the next.
    assert _outcome("Please update hmrc.gov.uk as below, thank you very much for your help with this.\n"
                    "New name servers:\nns1.new.example\nns2.new.example\n", "hmrc.gov.uk") == set(NEW)


# --- general rules: a role said by any word of its family, wherever it stands ---------------------------------------

@pytest.mark.parametrize("remove, add", [("To remove:", "To add:"), ("Servers to delete", "Servers to add"),
                                         ("Nameserver(s) to remove:", "Nameserver(s) to add:"),
                                         ("Removals:", "Additions:"), ("Deletions", "Additions"),
                                         ("Name servers being deprecated:", "Name servers being introduced:")])
def test_to_before_a_role_word_says_that_words_role_not_new(remove, add):
    # "To remove:" read as "to" (new) would make the server to remove one of the new set: a wrong change.
    body = f"Please make the following change for hmrc.gov.uk.\n\n{remove}\nns1.old.example\n\n{add}\nns3.new.example\n"
    assert _outcome(body, "hmrc.gov.uk") == SWAPPED


def test_a_sentence_naming_the_domain_ends_at_its_full_stop():
    # "the following" in a finished sentence is not the role of the list under it; the brackets say each one's.
    body = "Please make the following change for hmrc.gov.uk.\n\nns1.old.example (remove)\nns2.old.example (keep)\n" \
           "ns3.new.example (add)\n"
    assert _outcome(body, "hmrc.gov.uk") == SWAPPED


def test_a_label_starting_with_from_gives_the_current_records():
    body = "For hmrc.gov.uk.\n\nFrom these name servers:\n- ns1.old.example\n- ns2.old.example\n\n" \
           "To these name servers:\n- ns1.new.example\n- ns2.new.example\n"
    assert _outcome(body, "hmrc.gov.uk") == set(NEW)


@pytest.mark.parametrize("body", [
    "domain:update hmrc.gov.uk\n-ns ns1.old.example\n+ns ns3.new.example\n",
    "hmrc.gov.uk\n- ns1.old.example\n+ ns3.new.example\n",
    "hmrc.gov.uk\n-ns1.old.example\n+ns3.new.example\n",
])
def test_signs_of_a_diff_or_glued_to_the_fields_word_add_and_remove(body):
    assert _outcome(body, "hmrc.gov.uk") == SWAPPED


def test_a_list_of_bullets_is_no_diff_and_an_unread_sign_is_asked_about():
    assert _outcome("hmrc.gov.uk\nNew name servers:\n- ns1.new.example\n- ns2.new.example\n", "hmrc.gov.uk") == set(NEW)
    assert _outcome("hmrc.gov.uk\nNS+ ns3.new.example\n", "hmrc.gov.uk") is None


@pytest.mark.parametrize("remove, keep, add", [("- remove", "- keep", "- add"), (": remove", ": keep", ": add"),
                                               ("-- delete", "-- no change", "-- add"),
                                               ("\u2013 removing", "\u2013 retain", "\u2013 adding")])
def test_words_after_a_dash_or_colon_after_a_value_say_its_role(remove, keep, add):
    body = f"hmrc.gov.uk name servers:\nns1.old.example {remove}\nns2.old.example {keep}\nns3.new.example {add}\n"
    assert _outcome(body, "hmrc.gov.uk") == SWAPPED
    marked = "hmrc.gov.uk\nns1.old.example - current\nns2.old.example - current\nns1.new.example - new\n" \
             "ns2.new.example - new\n"
    assert _outcome(marked, "hmrc.gov.uk") == set(NEW)
    pending = "hmrc.gov.uk\nNew name servers:\nns1.new.example - pending\nns2.new.example\n"
    assert _outcome(pending, "hmrc.gov.uk") is None


@pytest.mark.parametrize("first, second", [
    ("NS1", "NS2"), ("Hostname 1", "Hostname 2"), ("Nameserver One", "Nameserver Two"), ("Nserver", "Nserver"),
    ("ns_1", "ns_2"), ("1st nameserver", "2nd nameserver"), ("First name server", "Second name server"),
    ("Name Server #1", "Name Server #2"), ("DNS 1", "DNS 2"), ("Host 1", "Host 2"),
    ("Name server no. 1", "Name server no. 2"),
])
@pytest.mark.parametrize("sep", [": ", " = ", "\t", " - "])
def test_a_form_field_for_a_name_server_is_read_by_its_words(first, second, sep):
    body = f"Domain: hmrc.gov.uk\n{first}{sep}ns1.new.example\n{second}{sep}ns2.new.example\n"
    assert _outcome(body, "hmrc.gov.uk") == set(NEW)
    # A word of no name server's field is still not read as one.
    assert _outcome(f"Domain: hmrc.gov.uk\nMailserver 1{sep}ns1.new.example\nMailserver 2{sep}ns2.new.example\n",
                    "hmrc.gov.uk") is None


@pytest.mark.parametrize("rule", ["", "|---|---|---|\n"])
def test_a_current_new_table_with_a_domain_column_is_read_whatever_the_servers_names(rule):
    rows = [("ns1.a-dns.example", "kiki.ns.cloud.example"), ("ns2.a-dns.example", "walt.ns.cloud.example")]
    body = "Please update:\n\n| Domain | Current | New |\n" + rule \
        + "".join(f"| hmrc.gov.uk | {a} | {b} |\n" for a, b in rows)
    request = extract_change("", body, {})
    got = resolve("nameservers", request.asks["hmrc.gov.uk"]["nameservers"], [a for a, _ in rows])
    assert got.values == tuple(b for _, b in rows)


@pytest.mark.parametrize("heading, rows", [
    ("| Nameserver | IPv4 | Action |",
     ["| ns1.old.example | 192.0.2.1 | Remove |", "| ns3.new.example | 192.0.2.3 | Add |"]),
    ("| Host | TTL | Status |",
     ["| ns1.old.example | 86400 | to be removed |", "| ns2.old.example | 86400 | unchanged |",
      "| ns3.new.example | 86400 | new |"]),
    ("| Name server | Change |", ["| ns1.old.example | Delete |", "| ns3.new.example | + |"]),
])
def test_under_a_heading_an_action_cell_gives_its_rows_role_wherever_it_stands(heading, rows):
    body = "For hmrc.gov.uk:\n\n" + heading + "\n" + "\n".join(rows) + "\n"
    assert _outcome(body, "hmrc.gov.uk") == SWAPPED
    unknown = body.replace("Remove", "Park").replace("to be removed", "parked").replace("Delete", "Park")
    assert _outcome(unknown, "hmrc.gov.uk") is None


def test_a_csv_attachments_heading_names_its_columns_in_any_words():
    rows = ("domain,old_ns,new_ns\nhmrc.gov.uk,ns1.old.example,ns1.new.example\n"
            "hmrc.gov.uk,ns2.old.example,ns2.new.example\n")
    assert _outcome("Please see the attached file.", "hmrc.gov.uk", [rows]) == set(NEW)
    actions = "nameserver,action\nns1.old.example,remove\nns3.new.example,add\n"
    assert _outcome("Please see the attached file for hmrc.gov.uk.", "hmrc.gov.uk", [actions]) == SWAPPED


def test_new_values_beside_the_fate_of_every_current_record_come_in_beside_those_kept():
    ask = Ask(new=("ns3.new.example",), remove=("ns1.old.example",), keep=("ns2.old.example",))
    assert resolve("nameservers", ask, CURRENT).values == ("ns2.old.example", "ns3.new.example")
    # A current record whose fate is not said leaves the set what it says: it does not hold what is kept.
    partial = Ask(new=("ns3.new.example", "ns4.new.example"), keep=("ns2.old.example",))
    assert "stays and also" in resolve("nameservers", partial, (*CURRENT, "ns9.old.example")).problem


@pytest.mark.parametrize("words", ["{o} -> {n}", "{o} => {n}", "{o} \u2192 {n}", "use {n} instead of {o}",
                                   "{o} should be replaced with {n}", "{o} is to be replaced by {n}",
                                   "{o} to be replaced by {n}", "{o} becomes {n}", "we would like {n} to replace {o}",
                                   "have {n} replace {o}"])
def test_a_replacement_in_a_sentence_of_any_shape_takes_out_what_it_replaces(words):
    body = "Hi,\n\nFor hmrc.gov.uk please " + words.format(o="ns1.old.example", n="ns3.new.example") + ".\n"
    assert _outcome(body, "hmrc.gov.uk") == SWAPPED


def test_become_with_nothing_named_before_it_gives_the_new_set():
    body = "For hmrc.gov.uk the name servers should become ns1.new.example and ns2.new.example.\n"
    assert _outcome(body, "hmrc.gov.uk") == set(NEW)


@pytest.mark.parametrize("labels", [
    ("Key Tag", "Algorithm", "Digest Type", "Digest"), ("Keytag", "Alg", "Digest type", "Digest"),
    ("Key ID", "Algorithm", "Digest algorithm", "Digest"), ("Tag", "Algorithm", "Hash type", "Hash"),
    ("KeyTag", "Algorithm", "DigestType", "Digest (SHA-256)"),
])
@pytest.mark.parametrize("algorithm, digest_type", [("13", "2"), ("ECDSA Curve P-256 with SHA-256", "SHA-256"),
                                                    ("13 (ECDSA Curve P-256 with SHA-256)", "2 (SHA-256)"),
                                                    ("ECDSA P-256 SHA-256 (13)", "SHA256 (2)")])
@pytest.mark.parametrize("sep", [": ", "\t", " = "])
def test_a_ds_records_labelled_fields_are_read_by_their_labels(labels, algorithm, digest_type, sep):
    # Read by position, "Digest (SHA-256)" made the digest type "2" twice and the algorithm the key tag: a wrong record.
    kt, al, dt, dg = labels
    body = "Please replace the DS record for hmrc.gov.uk with the following:\n\n" \
           f"{kt}{sep}54321\n{al}{sep}{algorithm}\n" \
           f"{dt}{sep}{digest_type}\n{dg}{sep}{'AB' * 32}\n\nKind regards,\nJane\n"
    assert extract_change("", body, {}).asks["hmrc.gov.uk"]["ds"].new == (DS2,)


@pytest.mark.parametrize("algorithm, digest_type", [("8 (ECDSA Curve P-256 with SHA-256)", "2"), ("13", "SHA-384 (2)"),
                                                    ("13", "SHA-256 with a twist")])
def test_a_ds_records_labelled_fields_that_disagree_or_are_not_read_are_asked_about(algorithm, digest_type):
    body = f"Please replace the DS record for hmrc.gov.uk with:\nKey tag: 54321\nAlgorithm: {algorithm}\n" \
           f"Digest type: {digest_type}\nDigest: {'AB' * 32}\n"
    got = extract_change("", body, {})
    assert "ds" not in got.asks.get("hmrc.gov.uk", {})


def test_from_with_no_value_after_it_replaces_nothing():
    body = "Hi,\n\nhmrc.gov.uk should use ns1.new.example and ns2.new.example from now on.\n"
    assert _outcome(body, "hmrc.gov.uk") == set(NEW)


@pytest.mark.parametrize("body, want", [
    (("hmrc.gov.uk\nCurrently delegated to: ns1.old.example, ns2.old.example\nPlease delegate to: ns1.new.example, "
      "ns2.new.example\n"), set(NEW)),
    ("For hmrc.gov.uk please add to the delegation: ns3.new.example\n", {*CURRENT, "ns3.new.example"}),
    ("Please change hmrc.gov.uk's name servers: take out ns1.old.example, put in ns3.new.example.\n", SWAPPED),
])
def test_to_or_with_after_a_role_word_is_its_preposition(body, want):
    assert _outcome(body, "hmrc.gov.uk") == want


def test_a_glue_address_after_a_slash_is_glue():
    body = "hmrc.gov.uk\nNew name servers:\nns1.new.example / 192.0.2.1\nns2.new.example / 2001:db8::53\n"
    assert _outcome(body, "hmrc.gov.uk") == set(NEW)


@pytest.mark.parametrize("body", [
    "For hmrc.gov.uk please do not remove ns1.old.example; just add ns3.new.example.\n",
    "For hmrc.gov.uk, please don't add ns3.new.example, instead remove ns1.old.example.\n",
    "For hmrc.gov.uk there is no need to replace ns1.old.example with ns3.new.example.\n",
])
def test_a_negated_role_word_makes_the_domain_unclear(body):
    assert _outcome(body, "hmrc.gov.uk") is None


def test_jira_tables_letter_bullets_and_the_domain_as_a_label():
    jira = "Please update hmrc.gov.uk:\n||Current||New||\n|ns1.old.example|ns1.new.example|\n" \
           "|ns2.old.example|ns2.new.example|\n"
    assert _outcome(jira, "hmrc.gov.uk") == set(NEW)
    letters = "For hmrc.gov.uk, new name servers:\na) ns1.new.example\nb) ns2.new.example\n"
    assert _outcome(letters, "hmrc.gov.uk") == set(NEW)
    numbered = "For hmrc.gov.uk, new name servers:\n(1) ns1.new.example\n(2) ns2.new.example\n"
    assert _outcome(numbered, "hmrc.gov.uk") == set(NEW)
    ds3 = "11111 8 2 " + "EF" * 32
    both = f"Please add these DS records:\n\nhmrc.gov.uk: {DS2}\ndwp.gov.uk: {ds3}\n"
    got = extract_change("", both, {})
    assert got.asks["hmrc.gov.uk"]["ds"] == Ask(add=(DS2,)) and got.asks["dwp.gov.uk"]["ds"] == Ask(add=(ds3,))


def test_a_table_whose_heading_names_a_ds_records_fields_is_read_row_by_row():
    body = "Please update the DS records for hmrc.gov.uk:\n| Action | Key tag | Algorithm | Digest type | Digest |\n" \
           f"|---|---|---|---|---|\n| Remove | {DS.split()[0]} | 13 | 2 | {DS.split()[3]} |\n" \
           f"| Add | 54321 | ECDSAP256SHA256 | SHA-256 | {'AB' * 32} |\n"
    got = extract_change("", body, {})
    assert got.asks["hmrc.gov.uk"]["ds"] == Ask(add=(DS2,), remove=(DS,))
    unknown = body.replace("| Remove |", "| Park |")
    assert "hmrc.gov.uk" in extract_change("", unknown, {}).unclear


@pytest.mark.parametrize("body", [
    "Please update:\n| Domain | NS1 | NS2 |\n|---|---|---|\n| hmrc.gov.uk | ns1.new.example | ns2.new.example |\n",
    "Please update:\nDomain\tNameserver 1\tNameserver 2\nhmrc.gov.uk\tns1.new.example\tns2.new.example\n",
    "Domain: hmrc.gov.uk\nNameserver 1:\nns1.new.example\nNameserver 2:\nns2.new.example\n",
    "Please run:\nModifyDomain domain=hmrc.gov.uk nameserver0=ns1.new.example nameserver1=ns2.new.example\n",
])
def test_numbered_columns_a_label_cut_from_its_value_and_key_value_pairs_give_one_set(body):
    assert _outcome(body, "hmrc.gov.uk") == set(NEW)
    # Columns no heading numbers are still two lists side by side.
    assert _outcome("Please update hmrc.gov.uk:\n| Nameserver | Nameserver |\n| ns1.old.example | ns1.new.example |\n",
                    "hmrc.gov.uk") is None


def test_preformatted_html_keeps_its_lines_and_a_heading_run_into_its_row_is_asked_about():
    from mailbot.parse.own_words import html_text

    pre = html_text("<p>Please replace the following name servers on hmrc.gov.uk:</p><pre>+------+------+\n"
                    "| Current         | Replacement     |\n+------+------+\n| ns1.old.example | ns3.new.example |\n"
                    "+------+------+</pre><p>Leave the rest unchanged.</p>")
    assert "| ns1.old.example | ns3.new.example |" in pre.splitlines()
    assert _outcome(pre, "hmrc.gov.uk") == SWAPPED
    # Collapsed to one line, the heading's roles would pass to the values after them: never read so.
    run_in = "For hmrc.gov.uk:\n| Current | Replacement | ns1.old.example | ns3.new.example |\n"
    assert _outcome(run_in, "hmrc.gov.uk") is None


def test_a_sign_before_a_value_starting_with_ns_is_the_values_sign():
    body = "Name server changes for hmrc.gov.uk (+ add, - remove):\n\n-ns1.old.example\n+ns-a.new.example\n"
    assert _outcome(body, "hmrc.gov.uk") == {"ns2.old.example", "ns-a.new.example"}


def test_the_domain_then_its_values_on_one_line():
    ds3 = "11111 8 2 " + "EF" * 32
    body = f"New DS records below.\n\nhmrc.gov.uk. IN DS {DS2}\ndwp.gov.uk {ds3}\n"
    got = extract_change("", body, {})
    assert got.asks["hmrc.gov.uk"]["ds"].new == (DS2,) and got.asks["dwp.gov.uk"]["ds"].new == (ds3,)


def test_a_registrant_differing_only_in_case_changes_nothing():
    got = resolve("registrant", Ask(new=("Ely Port Authority",)), ["ELY PORT AUTHORITY"])
    assert got.values is None and "nothing would change" in got.problem


@pytest.mark.parametrize("heading, rows", [
    ("FQDN\tAdd/Remove\tNameserver (FQDN)\tTicket status",
     ["hmrc.gov.uk\tleave\tns2.old.example\trequested", "hmrc.gov.uk\tNEW\tns3.new.example\tawaiting approval",
      "hmrc.gov.uk\tdel\tns1.old.example\topen"]),
    ("| Domain name | Record | Operation | TTL (s) |",
     ["| hmrc.gov.uk | ns3.new.example | NEW | 172800 |", "| hmrc.gov.uk | ns1.old.example | del | 172800 |"]),
    ("Hostname\tState\tAdd/Remove", ["ns1.old.example\tpending\tremove", "ns3.new.example\topen\tto add"]),
    ("DOMAIN        Value              What     IPv4",
     ["hmrc.gov.uk   ns3.new.example    NEW      192.0.2.171", "hmrc.gov.uk   ns1.old.example    retire"]),
    ("| FQDN | Server | Type |",
     ["| hmrc.gov.uk | ns3.new.example | Addition |", "| hmrc.gov.uk | ns1.old.example | Delete |"]),
    ("Domain Name\tNS\tAction required",
     ["hmrc.gov.uk\tns3.new.example\tCreate", "hmrc.gov.uk\tns1.old.example\tRemove NS"]),
])
def test_the_column_a_heading_names_the_action_gives_each_rows_role(heading, rows):
    body = "Please make these changes for hmrc.gov.uk:\n\n" + heading + "\n" + "\n".join(rows) + "\n"
    assert _outcome(body, "hmrc.gov.uk") == SWAPPED
    # A state of the registrar's ticket that is not one of its usual ones (it may say the row is withdrawn): asked.
    cancelled = body.replace("awaiting approval", "cancelled") \
        .replace("172800 |\n| hmrc.gov.uk | ns1", "void |\n| hmrc.gov.uk | ns1")
    if cancelled != body:
        assert _outcome(cancelled, "hmrc.gov.uk") is None


def test_without_a_heading_one_action_cell_gives_the_rows_values_its_role():
    body = "Changes required:\n| hmrc.gov.uk | ns3.new.example | 203.0.113.11 | to add |\n" \
           "| hmrc.gov.uk | ns1.old.example |              | Retire |\n"
    assert _outcome(body, "hmrc.gov.uk") == SWAPPED
    both_sides = "Changes required for hmrc.gov.uk:\n| ns3.new.example | ADD | ns1.old.example |\n"
    assert _outcome(both_sides, "hmrc.gov.uk") is None


@pytest.mark.parametrize("legend", ["Lines with + are to be added, lines with - removed:", "(+ add, - remove):",
                                    "NS diff below, + = add, - = remove."])
def test_signs_the_mail_explains_add_and_remove_and_indented_lines_stay(legend):
    assert _outcome(f"Changes to hmrc.gov.uk. {legend}\n+ns3.new.example\n", "hmrc.gov.uk") == \
        {*CURRENT, "ns3.new.example"}
    diff = f"hmrc.gov.uk {legend}\n+ ns3.new.example\n ns2.old.example\n- ns1.old.example\n"
    assert _outcome(diff, "hmrc.gov.uk") == SWAPPED


def test_a_sentence_naming_the_registrant_asks_nothing_of_it():
    body = "We have been instructed by the registrant to make the change below.\n\nFor hmrc.gov.uk please remove " \
           "ns1.old.example and add ns3.new.example.\n"
    request = extract_change("", body, {})
    assert "registrant" not in request.asks["hmrc.gov.uk"]
    assert _outcome(body, "hmrc.gov.uk") == SWAPPED
    changed = extract_change("", "Please change the registrant of hmrc.gov.uk to HM Treasury.", {})
    assert changed.asks["hmrc.gov.uk"]["registrant"] == Ask(new=("HM Treasury",))


@pytest.mark.parametrize("sentence, want", [
    ("Key rollover for hmrc.gov.uk: please ADD this DS record. Do not remove the current one yet.", Ask(add=(DS2,))),
    ("Please remove this DS record from hmrc.gov.uk.", Ask(remove=(DS2,))),
])
def test_a_finished_sentence_pointing_at_a_fields_values_gives_them_its_role(sentence, want):
    body = f"{sentence}\n\nDomain: hmrc.gov.uk\nKeytag: 54321\nAlg: ECDSAP256SHA256 (13)\nDigest Type: 2 (SHA-256)\n" \
           f"Digest: {'AB' * 32}\n"
    assert extract_change("", body, {}).asks["hmrc.gov.uk"]["ds"] == want
    # A role said of the field without pointing at the values is no default's to override: asked.
    vague = body.replace(sentence, "For hmrc.gov.uk we add and remove DS records as keys roll.")
    assert "hmrc.gov.uk" in extract_change("", vague, {}).unclear


def test_a_value_that_no_reading_of_its_line_places_makes_the_domain_unclear():
    # A tab in one row of an aligned table cuts it into other cells than its heading's: never a value dropped.
    body = "Please action:\n\nDomain         Action   Nameserver\nhmrc.gov.uk    Remove   ns1.old.example\n" \
           "hmrc.gov.uk    Insert   \tns3.new.example\nhmrc.gov.uk    Insert   ns4.new.example\n"
    assert _outcome(body, "hmrc.gov.uk") is None
    # In a CSV attachment a tab inside a field is the field's.
    rows = "domain,action,nameserver\nhmrc.gov.uk,del,\tns1.old.example\nhmrc.gov.uk,add,ns3.new.example\n"
    assert _outcome("Please see the attached file for hmrc.gov.uk.", "hmrc.gov.uk", [rows]) == SWAPPED


@pytest.mark.parametrize("body", [
    ("Please replace the existing name servers for hmrc.gov.uk (ns1.old.example and ns2.old.example) with "
     "ns1.new.example and ns2.new.example."),
    ("The new name servers of hmrc.gov.uk are ns1.new.example and ns2.new.example. These replace "
     "(ns1.old.example and ns2.old.example)."),
])
def test_name_servers_in_brackets_are_values_in_the_role_their_words_say(body):
    assert _outcome(body, "hmrc.gov.uk") == set(NEW)
    request = extract_change("", body, {})
    ask = request.asks["hmrc.gov.uk"]["nameservers"]
    assert set(CURRENT) <= {*ask.remove, *ask.said_current}  # placed, never passed over


@pytest.mark.parametrize("bullet", ["o ", "b. ", "ii. ", "(iii) "])
def test_more_list_marks_start_a_list_item(bullet):
    body = f"hmrc.gov.uk\nNew name servers:\n{bullet}ns1.new.example\n{bullet}ns2.new.example\n"
    assert _outcome(body, "hmrc.gov.uk") == set(NEW)


def test_a_portals_field_names_joined_by_underscores_are_read_by_their_words():
    body = "Domain: hmrc.gov.uk\nname_server1_from = ns1.old.example\nname_server2_from = ns2.old.example\n" \
           "name_server1_proposed = ns1.new.example\nname_server2_proposed = ns2.new.example\n"
    assert _outcome(body, "hmrc.gov.uk") == set(NEW)


def test_quoted_csv_fields_and_a_ds_record_line_without_its_class():
    rows = ('"domain","action","nameserver"\n"hmrc.gov.uk","remove","ns1.old.example"\n'
            '"hmrc.gov.uk","add","ns3.new.example"\n')
    assert _outcome("Please see the attached file for hmrc.gov.uk.", "hmrc.gov.uk", [rows]) == SWAPPED
    ds = extract_change("", f"Please add for hmrc.gov.uk:\nDS record: hmrc.gov.uk. 300 DS {DS2}\n", {})
    assert ds.asks["hmrc.gov.uk"]["ds"] == Ask(add=(DS2,))


def test_a_sentence_cut_after_a_joining_word_is_read_whole():
    body = "Hello,\n\nhmrc.gov.uk currently uses ns1.old.example and\nns2.old.example; please change this to " \
           "ns1.new.example +\nns2.new.example. Cheers.\n"
    assert _outcome(body, "hmrc.gov.uk") == set(NEW)


def test_a_zone_files_record_continued_in_brackets_is_read_and_an_unread_digest_is_asked_about():
    digest = "AB" * 32
    body = f"Please publish for hmrc.gov.uk:\nhmrc.gov.uk. 86400 IN DS 54321 13 2 (\n    {digest[:32]}\n" \
           f"    {digest[32:]} )\n"
    assert extract_change("", body, {}).asks["hmrc.gov.uk"]["ds"].new == (DS2,)
    # A digest no reading placed: the domain is asked about, never changed without it.
    lost = f"For hmrc.gov.uk please set the name servers to ns1.new.example and ns2.new.example and add the key " \
           f"with tag fifty-four: {digest}\n"
    got = extract_change("", lost, {})
    assert "hmrc.gov.uk" in got.unclear and "nameservers" not in got.asks.get("hmrc.gov.uk", {})


@pytest.mark.parametrize("text", ["(" + "9F86D081" * 400, ("ABCDEF12 " * 40 + "\n") * 200 + ")",
                                  "DS 1 2 (" + " ABCD" * 3000, "+ns " * 5000 + "-ns " * 5000])
def test_adversarial_text_is_read_quickly(text):
    import time

    start = time.process_time()
    extract_change("", text, {})
    assert time.process_time() - start < 2


def test_a_portals_from_and_to_slots_a_label_going_on_and_glue_lines():
    slots = "DOMAIN = hmrc.gov.uk\nname_server1_from = ns1.old.example\nname_server1_to = ns1.new.example\n" \
            "name_server2_from = ns2.old.example\nname_server2_to = ns1.old.example\n"
    assert _outcome(slots, "hmrc.gov.uk") == {"ns1.new.example", "ns1.old.example"}
    going_on = "Domain(s) : hmrc.gov.uk\nNew name servers : ns1.new.example\n                   ns2.new.example\n"
    assert _outcome(going_on, "hmrc.gov.uk") == set(NEW)
    glue = "DOMAIN = hmrc.gov.uk\nName Server1 = ns1.new.example\nName Server1 (IP address) = 192.0.2.21\n" \
           "Name Server2 = ns2.new.example\nName Server2 (IP address) = 198.51.100.9\n"
    assert _outcome(glue, "hmrc.gov.uk") == set(NEW)


def test_numbered_rows_quoted_cells_and_must_be():
    rows = "hmrc.gov.uk\n# | Current NS | Proposed NS\n---|---|---\n1 | ns1.old.example | ns1.new.example\n" \
           "2 | ns2.old.example | ns2.new.example\n"
    assert _outcome(rows, "hmrc.gov.uk") == set(NEW)
    quoted = 'For hmrc.gov.uk:\n"Action" | "Nameserver"\n"remove" | "ns1.old.example"\n"add" | "ns3.new.example"\n'
    assert _outcome(quoted, "hmrc.gov.uk") == SWAPPED
    must = "The name servers of hmrc.gov.uk must be ns1.new.example and ns2.new.example.\n"
    assert _outcome(must, "hmrc.gov.uk") == set(NEW)


@pytest.mark.parametrize("body", [
    "Domain: hmrc.gov.uk\nServer1: ns1.new.example\nServer [2]: ns2.new.example\n",
    "Domain: hmrc.gov.uk\nNameserver(s):ns1.new.example; ns2.new.example\n",
    ("Domain: hmrc.gov.uk\nname server1 before = ns1.old.example\nname server1 after = ns1.new.example\n"
     "name server2 before = ns2.old.example\nname server2 after = ns2.new.example\n"),
    "The name servers at the registry for hmrc.gov.uk should now read ns1.new.example and ns2.new.example.\n",
])
def test_numbered_server_fields_plural_marks_label_words_and_should_read(body):
    assert _outcome(body, "hmrc.gov.uk") == set(NEW)
    # "Server" with no number is still no name server's field by itself.
    assert _outcome("Domain: hmrc.gov.uk\nServer: ns1.new.example\n", "hmrc.gov.uk") in (None, "none")


def test_a_labels_dash_is_its_colon_and_en_dash_bullets():
    body = ("For hmrc.gov.uk:\nFrom -\n* ns1.old.example\n* ns2.old.example\n"
            "To -\n* ns1.new.example\n* ns2.new.example\n")
    assert _outcome(body, "hmrc.gov.uk") == set(NEW)
    now = "For hmrc.gov.uk please amend the name servers to:\no   ns1.new.example\no   ns2.new.example\n" \
          "What we have now -\n\u2013 ns1.old.example\n\u2013 ns2.old.example\n"
    assert _outcome(now, "hmrc.gov.uk") == set(NEW)


def test_a_form_saying_the_registrant_is_unchanged_asks_nothing_of_it():
    body = "Details of the change:\nName - hmrc.gov.uk\nContacts - no change\nRegistrant - unchanged\n" \
           "Requested name servers - ns1.new.example, ns2.new.example\n"
    request = extract_change("", body, {})
    assert "registrant" not in request.asks["hmrc.gov.uk"] and _outcome(body, "hmrc.gov.uk") == set(NEW)


def test_old_and_new_on_one_line_pair_a_record_with_its_replacement():
    assert _outcome("hmrc.gov.uk: old: ns1.old.example new: ns3.new.example.\n", "hmrc.gov.uk") == SWAPPED
    whole = "hmrc.gov.uk: current: ns1.old.example, ns2.old.example; new: ns1.new.example, ns2.new.example\n"
    assert _outcome(whole, "hmrc.gov.uk") == set(NEW)
    form = "Domain name | hmrc.gov.uk\n1st DNS | ns1.new.example\nIP for 1st DNS | 203.0.113.187\n" \
           "2nd DNS | ns2.new.example\nIP for 2nd DNS | 198.51.100.249\n"
    assert _outcome(form, "hmrc.gov.uk") == set(NEW)


def test_quoted_tab_separated_rows_a_quoted_numbered_heading_and_dashed_glue():
    tsv = '"Domain"\t"From"\t"To"\n"hmrc.gov.uk"\t"ns1.old.example"\t"ns1.new.example"\n' \
          '"hmrc.gov.uk"\t"ns2.old.example"\t"ns2.new.example"\n'
    assert _outcome("See the attached file for hmrc.gov.uk.", "hmrc.gov.uk", [tsv]) == set(NEW)
    wide = '"domain","Nameserver 1","DNS2"\n"hmrc.gov.uk","ns1.new.example","ns2.new.example"\n'
    assert _outcome("Changes attached.", "hmrc.gov.uk", [wide]) == set(NEW)
    dashed = "Domain - hmrc.gov.uk\nNameserver Host #1 - ns1.new.example\nIP for Nameserver Host #1 - 198.51.100.88\n" \
             "Nameserver Host #2 - ns2.new.example\nIP for Nameserver Host #2 - 203.0.113.56\n"
    assert _outcome(dashed, "hmrc.gov.uk") == set(NEW)


def test_a_row_leaving_a_column_empty_stands_under_the_heading_it_is_aligned_with():
    tabs = "Domain: hmrc.gov.uk\n#\tCurrent\tNew\n1\tns1.old.example\tns1.new.example\n" \
           "2\tns2.old.example\tns2.new.example\n3\t\tns3.new.example\n"
    assert _outcome(tabs, "hmrc.gov.uk") == {*NEW, "ns3.new.example"}
    spaces = "Domain: hmrc.gov.uk\n#   Current            New\n1   ns1.old.example    ns1.new.example\n" \
             "2   ns2.old.example    ns2.new.example\n3                      ns3.new.example\n"
    assert _outcome(spaces, "hmrc.gov.uk") == {*NEW, "ns3.new.example"}
    # Under neither column: where the value stands is not a thing to guess.
    between = "Domain: hmrc.gov.uk\n#   Current            New\n1   ns1.old.example    ns1.new.example\n" \
              "2   ns2.old.example    ns2.new.example\n3            ns3.new.example\n"
    assert _outcome(between, "hmrc.gov.uk") is None


def test_preformatted_html_keeps_a_rows_empty_cell():
    from mailbot.parse.own_words import html_text

    html = "<p>Domain: hmrc.gov.uk</p><pre>#   Current            New\n1   ns1.old.example    ns1.new.example\n" \
           "2   ns2.old.example    ns2.new.example\n3                      ns3.new.example</pre>"
    text = html_text(html)
    assert "3\t\tns3.new.example" in text
    assert _outcome(text, "hmrc.gov.uk") == {*NEW, "ns3.new.example"}


@pytest.mark.parametrize("body", [
    "Please use ns1.old.example and ns3.new.example instead of ns1.old.example, ns2.old.example on hmrc.gov.uk.\n",
    "For hmrc.gov.uk please replace ns1.old.example, ns2.old.example with ns1.old.example, ns3.new.example.\n",
    "hmrc.gov.uk: ns1.old.example, ns2.old.example -> ns1.old.example, ns3.new.example\n",
])
def test_a_value_on_both_sides_of_one_replacement_stays(body):
    assert _outcome(body, "hmrc.gov.uk") == {"ns1.old.example", "ns3.new.example"}


def test_adding_and_removing_one_value_outside_a_replacement_is_still_asked_about():
    body = "For hmrc.gov.uk please remove ns1.old.example and add ns1.old.example and ns3.new.example.\n"
    assert _outcome(body, "hmrc.gov.uk") is None


@pytest.mark.parametrize("heading", ["From nameservers | To nameservers", "From NS | To NS",
                                     "| From name servers | To |"])
def test_a_heading_from_the_field_to_the_field_pairs_current_and_new(heading):
    body = f"Name server change for hmrc.gov.uk:\n\n{heading}\n---|---\nns1.old.example | ns1.new.example\n" \
           "ns2.old.example | ns2.new.example\n"
    assert _outcome(body, "hmrc.gov.uk") == set(NEW)


@pytest.mark.parametrize("old, new", [("*From:*", "*To:*"), ("**Current name servers**:", "**New name servers**:"),
                                      ("_Old NS_:", "_New NS_:")])
def test_bold_or_italic_marks_around_a_label_are_no_part_of_it(old, new):
    body = f"*Domain:* hmrc.gov.uk\n{old}\n* ns1.old.example\n* ns2.old.example\n{new}\n* ns1.new.example\n" \
           "* ns2.new.example\n"
    assert _outcome(body, "hmrc.gov.uk") == set(NEW)


def test_a_forms_tab_separated_labels_are_no_table_and_a_value_goes_on_under_its_label():
    body = "Please action:\n\nDomain:\thmrc.gov.uk\nPriority:\tNormal\nChange type:\tNameserver update\n" \
           "New name servers:\tns1.new.example\n                  ns2.new.example\n"
    assert _outcome(body, "hmrc.gov.uk") == set(NEW)
    alone = "Domain:\thmrc.gov.uk\nNew name servers:\tns1.new.example\n\t\t\tns2.new.example\n"
    assert _outcome(alone, "hmrc.gov.uk") == set(NEW)
    old = "Domain:\thmrc.gov.uk\nOld name servers:\tns1.old.example\n                  ns2.old.example\n" \
          "New name servers:\tns1.new.example\n                  ns2.new.example\n"
    assert _outcome(old, "hmrc.gov.uk") == set(NEW)


@pytest.mark.parametrize("words", ["alongside the current one", "in addition to the existing record",
                                   "as well as the current DS record", "next to our existing key"])
def test_a_record_published_beside_the_current_ones_is_added(words):
    body = f"We're rolling the KSK on hmrc.gov.uk. Please publish this new DS record {words} - we'll ask for the old " \
           f"one to come out later.\nhmrc.gov.uk. IN DS {DS}\n"
    ask = extract_change("DS update", body, {}).asks["hmrc.gov.uk"]["ds"]
    current = "23456 8 2 " + "AB" * 32
    assert resolve("ds", ask, [current]).values == (current, DS)


@pytest.mark.parametrize("kept", ["leave as is", "Leave as is.", "No changes required", "keep", "same as before",
                                  "as is", "stays the same", "unchanged"])
def test_a_form_value_saying_the_field_stays_asks_nothing_of_it(kept):
    body = f"Domain: hmrc.gov.uk\nName servers: ns1.new.example, ns2.new.example\nDS records: {kept}\n"
    request = extract_change("Change", body, {})
    assert "ds" not in request.asks.get("hmrc.gov.uk", {}) and "hmrc.gov.uk" not in request.unclear
    assert _outcome(body, "hmrc.gov.uk") == set(NEW)


@pytest.mark.parametrize("two", [("DNSSEC", "leave as is", "DS", "same as before"),
                                 ("DS record", "No change.", "DNSSEC", "unaltered")])
def test_two_labels_of_one_field_each_saying_it_stays_ask_nothing_of_it(two):
    label, kept, other, again = two
    body = f"Domain: hmrc.gov.uk\nName servers: ns1.new.example, ns2.new.example\n{label}: {kept}\n{other}: {again}\n"
    request = extract_change("Change", body, {})
    assert "ds" not in request.asks.get("hmrc.gov.uk", {}) and "hmrc.gov.uk" not in request.unclear
    assert _outcome(body, "hmrc.gov.uk") == set(NEW)


def test_two_labels_of_one_field_one_saying_it_stays_and_one_not_are_asked_about():
    body = "Domain: hmrc.gov.uk\nName servers: ns1.new.example, ns2.new.example\nDNSSEC: unchanged\nDS: see ticket\n"
    assert "hmrc.gov.uk" in extract_change("Change", body, {}).unclear


def test_new_in_a_rows_cell_of_role_words_beside_removals_is_an_addition():
    body = "Changes required:\nhmrc.gov.uk\tRemove\tns1.old.example\nhmrc.gov.uk\tNew\tns3.new.example\n"
    assert _outcome(body, "hmrc.gov.uk") == SWAPPED
    piped = "| hmrc.gov.uk | Remove | ns1.old.example |\n| hmrc.gov.uk | New | ns3.new.example |\n"
    assert _outcome(piped, "hmrc.gov.uk") == SWAPPED
    # Rows that all say "New" give the new set.
    alone = "Changes required:\nhmrc.gov.uk\tNew\tns1.new.example\nhmrc.gov.uk\tNew\tns2.new.example\n"
    assert _outcome(alone, "hmrc.gov.uk") == set(NEW)


@pytest.mark.parametrize("command", [
    "UPDATE DOMAIN hmrc.gov.uk REM NS=ns1.old.example. ADD NS=NS3.NEW.EXAMPLE",
    "domain:update hmrc.gov.uk del ns=ns1.old.example add ns=ns3.new.example",
])
def test_a_commands_word_of_change_before_a_key_value_pair_is_the_pairs(command):
    assert _outcome(f"Command for the registry:\n{command}\n", "hmrc.gov.uk") == SWAPPED


@pytest.mark.parametrize("sentence", [
    "For hmrc.gov.uk could you please take out ns1.old.example and put ns3.new.example in instead. No other changes.",
    "For hmrc.gov.uk could you please retire ns1.old.example and use ns3.new.example in its place. "
    "The others stay put.",
    "For hmrc.gov.uk please remove ns1.old.example, then add ns3.new.example in its stead.",
])
def test_a_second_verb_with_in_its_place_or_instead_brings_its_values_in(sentence):
    assert _outcome(sentence + "\n", "hmrc.gov.uk") == SWAPPED


@pytest.mark.parametrize("sentence", [
    "For hmrc.gov.uk could you please in place of ns1.old.example, use ns3.new.example. No other changes.",
    "For hmrc.gov.uk, instead of ns1.old.example please use ns3.new.example.",
    "For hmrc.gov.uk please use ns3.new.example instead of ns1.old.example.",
])
def test_in_place_of_leading_its_clause_takes_out_what_follows_it(sentence):
    assert _outcome(sentence + "\n", "hmrc.gov.uk") == SWAPPED


def test_two_clauses_each_led_by_in_place_of():
    body = "For hmrc.gov.uk could you please in place of ns2.old.example, use ns4.new.example; and in place of " \
           "ns1.old.example, use ns3.new.example.\n"
    assert _outcome(body, "hmrc.gov.uk") == {"ns3.new.example", "ns4.new.example"}


def test_a_dot_leader_is_a_labels_colon():
    body = "ORDER 287077  |  Modify Nameservers  |  Status: Awaiting registry\nDomain ............. hmrc.gov.uk\n" \
           "Existing NS ........ ns1.old.example\n                     ns2.old.example\n" \
           "Requested NS ....... ns1.new.example\n                     ns2.new.example.\n"
    assert _outcome(body, "hmrc.gov.uk") == set(NEW)


def test_a_web_forms_questions_label_the_answers_under_them():
    body = "Which domain is this for?\nhmrc.gov.uk\nWhat are the nameservers now?\nns1.old.example\nns2.old.example\n" \
           "What should the nameservers be changed to?\nns1.new.example\nNS2.NEW.EXAMPLE\nReason for the change\n" \
           "Moving to a new DNS provider\n"
    assert _outcome(body, "hmrc.gov.uk") == set(NEW)


@pytest.mark.parametrize("new, old", [("NS wanted", "NS at the moment"),
                                      ("Intended name servers", "Name servers right now")])
def test_wanted_and_at_the_moment_name_roles(new, old):
    body = f"Nameserver change needed on hmrc.gov.uk, please.\n{new}\nns1.new.example\nns2.new.example\n{old}\n" \
           "ns1.old.example\nns2.old.example\n"
    assert _outcome(body, "hmrc.gov.uk") == set(NEW)


@pytest.mark.parametrize("body", [
    "For hmrc.gov.uk please use ns1.new.example and ns2.new.example in place of the current ones.\n",
    "For hmrc.gov.uk please use ns1.new.example and ns2.new.example instead of the existing name servers.\n",
    "For hmrc.gov.uk please use ns1.new.example and ns2.new.example, replacing the existing ones.\n",
    "Re hmrc.gov.uk:\nName servers (replacing all existing ones):\n- ns1.new.example\n- ns2.new.example\n",
])
def test_values_replacing_the_current_ones_are_the_new_set_not_additions(body):
    # Read as additions, the current servers would have stayed beside the new ones: a wrong change.
    assert _outcome(body, "hmrc.gov.uk") == set(NEW)


def test_a_short_heading_ending_in_a_word_that_names_a_role_as_a_label():
    body = "Please can you update hmrc.gov.uk:\nWhat it is now\n* ns1.old.example\n* ns2.old.example\n" \
           "What it should be\n* ns1.new.example\n* ns2.new.example\n"
    assert _outcome(body, "hmrc.gov.uk") == set(NEW)


def test_a_heading_indented_past_the_rows_labels_places_each_cell_by_its_column():
    body = "Please make this change to hmrc.gov.uk.\n               Before            After\n" \
           "------------   ---------------   ---------------\n" \
           "Nameserver 1   ns1.old.example   ns1.new.example\nNameserver 2   ns2.old.example   ns2.new.example\n"
    assert _outcome(body, "hmrc.gov.uk") == set(NEW)
    # A third current server with nothing after it goes, never read as one to add.
    three = body + "Nameserver 3   ns3.old.example\n"
    request = extract_change("Change", three, {})
    ask = request.asks["hmrc.gov.uk"]["nameservers"]
    assert "ns3.old.example" in ask.remove and "ns3.old.example" not in ask.add


def test_a_sentences_end_ends_the_role_it_said():
    body = "Small change on hmrc.gov.uk. Please replace ns1.old.example with ns3.new.example. Also ns2.old.example " \
           "should become ns4.new.example.\n"
    assert _outcome(body, "hmrc.gov.uk") == {"ns3.new.example", "ns4.new.example"}


def test_a_sentence_pointing_back_at_the_values_goes_on_and_a_record_lines_root_dot_ends_nothing():
    body = "The new nameservers on the domain hmrc.gov.uk are ns1.new.example and ns2.new.example. These replace " \
           "(ns1.old.example and ns2.old.example). Please let us know if you need anything else.\n"
    assert _outcome(body, "hmrc.gov.uk") == set(NEW)
    replace = ("Domain hmrc.gov.uk - ns3.new.example to replace ns1.old.example. "
               "The other name servers stay as they are.\n")
    assert _outcome(replace, "hmrc.gov.uk") == SWAPPED
    ds = f"Please add the following DS record for hmrc.gov.uk (keep the existing one):\nhmrc.gov.uk. IN DS {DS}\n"
    ask = extract_change("DS", ds, {}).asks["hmrc.gov.uk"]["ds"]
    assert ask.add == (DS,) and ask.new is None


def test_please_use_gives_the_new_set_and_have_a_value_added_adds_it():
    body = "We have 2 domains to update this time:\n" \
           "For hmrc.gov.uk, please use ns1.new.example and ns2.new.example.\n" \
           "For dwp.gov.uk, please use ns1.new.example / ns2.new.example.\n"
    assert _outcome(body, "hmrc.gov.uk") == set(NEW) and _outcome(body, "dwp.gov.uk") == set(NEW)
    added = "Please can we have ns3.new.example added to the nameservers for hmrc.gov.uk, in addition to the current " \
            "ones. Nothing is being removed.\n"
    assert _outcome(added, "hmrc.gov.uk") == {*CURRENT, "ns3.new.example"}
    leading = "For hmrc.gov.uk, in place of ns1.old.example, please use ns3.new.example.\n"
    assert _outcome(leading, "hmrc.gov.uk") == SWAPPED


def test_a_sentence_leading_on_to_a_list_and_should_point_at():
    body = "Please set hmrc.gov.uk to\nns1.new.example\nns2.new.example\nand remove whatever is there now.\n"
    assert _outcome(body, "hmrc.gov.uk") == set(NEW)
    point = "We need the delegation for hmrc.gov.uk changing. At the moment it points at ns1.old.example / " \
            "ns2.old.example; it should point at ns1.new.example, ns2.new.example instead.\n"
    assert _outcome(point, "hmrc.gov.uk") == set(NEW)


def test_ds_field_labels_with_value_or_number_and_add_a_record_to_the_domain_adds_it():
    body = "Please could you add a DS record to hmrc.gov.uk - details:\n\nKey tag: 12345\n" \
           "Algorithm number: 13 (ECDSAP256SHA256)\nDigest algorithm: 2 (SHA-256)\n" \
           f"Digest value: {DS.split()[-1].lower()}\n"
    ask = extract_change("DS", body, {}).asks["hmrc.gov.uk"]["ds"]
    current = "23456 8 2 " + "AB" * 32
    # Added beside the record the domain has: read as a new set, it would have dropped it.
    assert resolve("ds", ask, [current]).values == (current, DS)


def test_a_record_for_one_of_several_domains_named_in_its_sentence_is_that_domains_alone():
    body = f"Domain: hmrc.gov.uk\nNew nameservers: ns1.new.example, ns2.new.example\nDomain: dwp.gov.uk\n" \
           f"New nameservers: ns1.new.example, ns2.new.example\n\nAlso, for hmrc.gov.uk only, please set this DS " \
           f"record (it has none yet):\n{DS}\n"
    request = extract_change("Batch", body, {})
    assert not request.unclear
    assert request.asks["hmrc.gov.uk"]["ds"].new == (DS,) and "ds" not in request.asks["dwp.gov.uk"]


def test_domains_listed_one_a_line_are_asked_the_same_of():
    body = "Please point all of these at the same nameservers:\n* hmrc.gov.uk\n* dwp.gov.uk\nNameservers:\n" \
           "- ns1.new.example\n- ns2.new.example\n"
    assert _outcome(body, "hmrc.gov.uk") == set(NEW) and _outcome(body, "dwp.gov.uk") == set(NEW)
    # A section of its own for each is still each one's.
    apart = "hmrc.gov.uk\nNameservers: ns1.new.example, ns2.new.example\ndwp.gov.uk\n" \
            "Nameservers: ns1.dwp-new.example, ns2.dwp-new.example\n"
    assert _outcome(apart, "hmrc.gov.uk") == set(NEW)
    assert _outcome(apart, "dwp.gov.uk") == {"ns1.dwp-new.example", "ns2.dwp-new.example"}


def test_a_numbered_heading_calling_one_column_new_gives_the_row_as_the_new_set():
    body = "Please update the name servers for the 2 domains below.\n\n" \
           "Name          New NS1           Nameserver 2      NS3\n" \
           "------------  ----------------  ----------------  ---\n" \
           "hmrc.gov.uk   ns1.new.example   ns2.new.example\n" \
           "dwp.gov.uk    ns1.new.example   ns2.new.example\n"
    assert _outcome(body, "hmrc.gov.uk") == set(NEW) and _outcome(body, "dwp.gov.uk") == set(NEW)
    # A heading calling one column current and another new is no one set.
    mixed = "Domain | Old NS1 | New NS2\nhmrc.gov.uk | ns1.old.example | ns2.new.example\n"
    assert _outcome(mixed, "hmrc.gov.uk") != {"ns1.old.example", "ns2.new.example"}


def test_a_sentence_in_unknown_words_takes_no_role_from_a_see_below_before_it():
    # "see below." leads on to a list, not to a sentence whose own verb the reader does not know.
    body = "Further to our customer's instruction, see below.\n\nFor hmrc.gov.uk, please alter ns1.old.example onto " \
           "ns3.new.example.. The other DNS host are not affected.\n"
    assert _outcome(body, "hmrc.gov.uk") is None
    listed = "Further to our customer's instruction, see below.\n\nns1.new.example\nns2.new.example\n"
    assert _outcome(f"For hmrc.gov.uk. {listed}", "hmrc.gov.uk") == set(NEW)


def _work_order(task: str, pair: str, heading: str = "| No. | Task | Detail | State |") -> dict:
    body = f"Work order 5521 for nhsbt.gov.uk:\n\n{heading}\n|---|---|---|---|\n| 1 | {task} | {pair} | Pending |\n"
    request = extract_change("Work order 5521", body, {})
    return request.asks.get("nhsbt.gov.uk", {})


@pytest.mark.parametrize("arrow", ["\u2192", "?"])
def test_a_line_item_replacing_a_name_server_with_an_arrow_or_its_mangled_question_mark(arrow):
    # A windows-1252 copy turns the arrow into "?": beside a task saying to replace a name server it is the arrow.
    for heading in ("| No. | Task | Detail | State |", "| No. | Task | Change | State |"):
        ask = _work_order("Swap NS", f"ns-a.oldhost.example {arrow} dns1.newhost.example", heading)["nameservers"]
        assert (ask.remove, ask.add) == (("ns-a.oldhost.example",), ("dns1.newhost.example",))


@pytest.mark.parametrize(("task", "pair"), [
    ("Check name server", "ns-a.oldhost.example ? dns1.newhost.example"),  # no task of replacing: "?" may ask
    ("Swap NS", "ns-a.oldhost.example ?"),
    ("Swap NS", "ns-a.oldhost.example ? dns1.newhost.example ? dns2.newhost.example"),
])
def test_a_question_mark_between_servers_is_no_arrow_where_the_row_says_no_replacing(task, pair):
    assert "nameservers" not in _work_order(task, pair)
