"""How a lock contact's reply is read (mailbot.policy.intent): it fails safe. A confirmation is only one whose
own words nothing negates, doubts, questions or conditions; a dispute wins; the rest is unclear."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from mailbot.errors import ConfigError
from mailbot.parse.own_words import html_text, message_lines
from mailbot.policy.intent import read
from mailbot.rules import load_rules
from mailbot.settings import DEFAULT_RULES
from mailbot.workflow.contexts import QUOTED_LINES, quoted_words
from tests.support.intent_corpus import MUST_CONFIRM, ORIGINAL, confusion, readings

RULES = load_rules(DEFAULT_RULES)
REPLIES = RULES.replies


def intent(text: str) -> str | None:
    return read(text, REPLIES).intent


# -- the corpus: real MIME from several mail clients, read through the parser ---------------------------------


@pytest.fixture(scope="module", params=["tuning", "held-out"])
def corpus_read(request):
    return request.param, readings(request.param, REPLIES)


def test_the_corpus_holds_at_least_300_replies_of_every_kind():
    parts = [readings(part, REPLIES) for part in ("tuning", "held-out")]
    assert sum(map(len, parts)) >= 300
    for part in parts:
        assert all(sum(row.values()) > 0 for row in confusion(part).values())


def test_no_refusal_question_condition_or_out_of_office_reply_reads_as_a_confirmation(corpus_read):
    part, read_replies = corpus_read
    wrong = [(r.truth, r.client, r.said, reading.reason) for r, reading in read_replies
             if r.truth not in MUST_CONFIRM and reading.intent == "confirm"]
    assert wrong == [], part


def test_plain_confirmations_read_as_confirmations(corpus_read):
    part, read_replies = corpus_read
    confirmations = [(r, reading) for r, reading in read_replies if r.truth in MUST_CONFIRM]
    missed = [(r.client, r.said, reading.reason) for r, reading in confirmations if reading.intent != "confirm"]
    assert len(missed) <= 0.05 * len(confirmations), (part, missed)


def test_a_reply_that_confirms_and_refuses_is_a_dispute(corpus_read):
    part, read_replies = corpus_read
    assert {reading.intent for r, reading in read_replies if r.truth == "mixed"} == {"dispute"}, part


def test_the_mail_answered_signatures_and_disclaimers_are_never_read_as_the_senders_words(corpus_read):
    """Whatever the client: the bot's own mail, quoted, holds "I confirm this change" and "not authorised"."""
    part, read_replies = corpus_read
    original = {line.strip().lower() for line in ORIGINAL.splitlines() if line.strip()}
    for r, reading in read_replies:
        words = {w.lower() for w in reading.words}
        assert not words & original, (part, r.client, reading.words)
        assert not any("intended" in w or "confidential" in w or "iphone" in w for w in words), (part, r.client)


# -- the cases of the issue, and the plain ones ----------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    # Refusals read as confirmations before: never again.
    ("This change has not been authorised", "dispute"),
    ("Not confirmed", None),
    ("We cannot confirm this change", None),
    ("Who approved this?", None),
    ("We never authorised this", "dispute"),
    ("I don't confirm this change", "dispute"),
    ("I dont confirm this change", "dispute"),
    ("I don\u2019t confirm this change", "dispute"),
    ("I confirm this is NOT authorised", "dispute"),
    ("Approved? No - we did not request this.", "dispute"),
    # Questions, doubts and conditions.
    ("Confirmed?", None),
    ("Confirmed\uff1f", None),  # a full-width question mark
    ("Yes, but wait until Monday", None),
    ("Yes.\nBut wait until Monday.", None),
    ("Approved. Only the name servers though.", None),
    ("Go ahead after 6pm", None),
    ("Was this you? Approved if so", None),
    ("I think this is fine", None),
    ("We will confirm this change once our CAB has met", None),
    ("Confirmed\n\nKind regards,\nJo\n\nP.S. only after 18:00 please", None),
    # Out of office, written without its headers.
    ("I am out of the office. I confirm receipt of your message.", None),
    # Letters that look like others: a Cyrillic "о" in "nоt".
    ("n\u043et confirmed", None),
    # Plain confirmations.
    ("Yes", "confirm"),
    ("Yes, confirmed", "confirm"),
    ("Approved.", "confirm"),
    ("Go ahead", "confirm"),
    ("Confirmed - this was us", "confirm"),
    ("CONFIRMED", "confirm"),
    ("That\u2019s correct, please proceed.", "confirm"),
    ("No problem, go ahead. Let me know if you need anything else.", "confirm"),
    ("Applied for in our change record; approved.", "confirm"),
])
def test_what_a_reply_reads_as(text, expected):
    assert intent(text) == expected, read(text, REPLIES).reason


def test_a_disclaimer_after_the_signature_does_not_undo_a_confirmation():
    text = ("I confirm this change.\n\nKind regards,\nJane Smith\nHMRC Cyber Security Operations\n\n"
            "This email is confidential. If you are not the intended recipient, any unauthorised use is "
            "prohibited.\n")
    assert intent(text) == "confirm"
    assert message_lines(text) == ["I confirm this change."]


def test_text_after_the_quoted_mail_and_a_long_reply_are_never_a_plain_confirmation():
    assert intent("Confirmed.\n" + "We are moving provider this week.\n" * 25) is None
    assert intent("> I confirm this change.\nWho asked for this?") is None


def test_html_is_read_as_a_client_shows_it():
    html = ('<div>I don&#39;t confirm this change</div><div class="gmail_quote">On Fri, 27 Nov 2026, Registry Lock '
            'wrote:<br><blockquote><p>I confirm this change</p></blockquote></div>')
    assert html_text(html).splitlines()[:2] == ["I don't confirm this change",
                                                "On Fri, 27 Nov 2026, Registry Lock wrote:"]
    assert message_lines(html_text(html)) == ["I don't confirm this change"]
    assert intent(html_text(html)) == "dispute"


# -- every affirmative, negated, questioned or conditioned, never confirms ----------------------------------


NEGATED = [
    "not {p}", "{p}?", "I do not {p}", "I don't {p}", "I dont {p}", "we never {p}", "we cannot {p}", "we can't {p}",
    "{p} unless {t}", "{p} if {t}", "{p}, but {t}", "{p}. But {t}.", "{p} only after {t}", "not sure: {p}",
    "who {p} this", "was this {p}", "is this {p}", "{p}, provided {t}", "{p} - however {t}", "{p}? {t}",
    "No. {p}", "{p}. No.", "{p}, not before {t}", "isn't {p}", "haven't {p}", "won't {p}", "{p} (not yet)",
    "{p}\n\nThanks,\nJo\n\nPS wait until {t}", "{p} when {t}", "{p} once {t}", "{p} until {t}", "maybe {p}",
]
TAILS = ["the CAB agrees", "we call you", "Monday", "6pm tonight", "you hear from John", "the TTL is lowered first"]


@pytest.mark.parametrize("form", NEGATED)
def test_no_negated_form_of_any_affirmative_confirms(form):
    confirming = [form.format(p=p, t=t) for p in REPLIES.confirm_phrases for t in TAILS
                  if intent(form.format(p=p, t=t)) == "confirm"]
    assert confirming == []


@settings(max_examples=300, deadline=None)
@given(phrase=st.sampled_from(REPLIES.confirm_phrases), form=st.sampled_from(NEGATED), tail=st.sampled_from(TAILS),
       case=st.sampled_from([str.lower, str.upper, str.title, str.capitalize]),
       apostrophe=st.sampled_from(["'", "\u2019", "\u02bc"]),
       before=st.sampled_from(["", "Hi Sam,\n\n", "OFFICIAL\n\n", "Good morning,\n"]),
       after=st.sampled_from(["", "\n\nKind regards,\nJane Smith", "\n\nThanks", "\n-- \nJo Bloggs | HMRC CSOC"]))
def test_no_negated_affirmative_confirms_however_it_is_written(phrase, form, tail, case, apostrophe, before, after):
    text = before + case(form.format(p=phrase, t=tail)).replace("'", apostrophe) + after
    assert intent(text) != "confirm", read(text, REPLIES).reason


# -- the operators' quotation ---------------------------------------------------------------------------------


def test_the_operators_are_shown_the_first_lines_folded_and_marked_as_quoted():
    words = tuple(f"line {n} " + "word " * 5 for n in range(QUOTED_LINES + 10))
    shown = quoted_words(words).splitlines()
    assert all(line.startswith("> ") and len(line) <= 66 for line in shown)
    assert shown[-1] == "> [...]" and f"line {QUOTED_LINES}" not in quoted_words(words)
    assert quoted_words(("Yes\u202e,\x07 but",)) == "> Yes<U+202E>,<U+0007> but"
    assert "nothing" in quoted_words(())


# -- the phrase lists in rules.yaml -----------------------------------------------------------------------------


def _rules_with(tmp_path, **replies) -> str:
    """rules.yaml with some of its `replies:` lists written as given (YAML, as a person would write them)."""
    data = yaml.safe_load((DEFAULT_RULES).read_text())
    data["replies"].update({key: yaml.safe_load(value) for key, value in replies.items()})
    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump(data))
    return str(path)


@pytest.mark.parametrize("key, value, message", [
    ("confirm_phrases", "[yes, confirmed]", 'replies.confirm_phrases: write the word in quotes ("yes", "on")'),
    ("negations", "[not, no]", 'replies.negations: write the word in quotes ("no", "off")'),
    ("negations", "[]", "replies.negations: List should have at least 1 item"),
    ("conditions", "['  ']", "replies.conditions: needs at least one phrase that is not blank"),
    ("confirm_phrases", "[confirmed, not authorised]",
     "replies: confirm_phrases: 'not authorised' holds 'not' from negations: it could never confirm"),
    ("filler_words", "[please, if]", "replies: filler_words: 'if' is in conditions"),
    ("filler_words", "[let me]", "replies.filler_words: one word each: 'let me'"),
])
def test_a_wrong_phrase_list_is_refused_naming_its_key(tmp_path, key, value, message):
    with pytest.raises(ConfigError, match="^.*rules.yaml: ") as e:
        load_rules(_rules_with(tmp_path, **{key: value}))
    assert message in str(e.value)


def test_phrases_are_kept_as_the_reader_compares_them():
    assert "do not confirm" in REPLIES.dispute_phrases and "i confirm" in REPLIES.confirm_phrases
    assert "yes" in REPLIES.confirm_phrases and "no" in REPLIES.negations and "on" in REPLIES.filler_words
    assert all(p == p.lower().strip() and "'" not in p for p in REPLIES.dispute_phrases + REPLIES.confirm_phrases)
