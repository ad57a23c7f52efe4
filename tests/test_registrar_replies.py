"""The registrar's side of a change request: the phrases that withdraw a misread request (rules.yaml
`registrar_replies`, checked as they load), and `request_unclear`, an answer bounded like the others."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from mailbot.errors import ConfigError
from mailbot.rules import load_rules
from mailbot.settings import DEFAULT_RULES
from tests.support.mails import OPERATORS, REGISTRAR, heading, outbox, request


def _rules_with(tmp_path: Path, section: str) -> Path:
    text = DEFAULT_RULES.read_text()
    data = yaml.safe_load(text)
    data["registrar_replies"] = yaml.safe_load(section)
    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


@pytest.mark.parametrize(("section", "why"), [
    ("withdraw_phrases: []", "at least 1 item"),
    ("withdraw_phrases: ['  ']", "needs at least one phrase that is not blank"),
    ("withdraw_phrases: [no]", "write the word in quotes"),
    ("withdraw_phrases: [ok, wrong]", "'ok' is too short"),
    ("withdraw_phrase: [wrong]", "withdraw_phrase"),
])
def test_a_bad_withdraw_list_is_refused_with_the_key_named(tmp_path, section, why):
    with pytest.raises(ConfigError) as raised:
        load_rules(_rules_with(tmp_path, section))
    assert "registrar_replies" in str(raised.value) and why in str(raised.value)


def test_the_phrases_are_kept_as_the_reader_compares_them(tmp_path):
    rules = load_rules(_rules_with(tmp_path, "withdraw_phrases: [\"Not What We Asked\", \"isn't right\", wrong]"))
    assert rules.registrar_replies.withdraw_phrases == ["not what we asked", "is not right", "wrong"]


def test_the_default_rules_hold_the_documented_phrases():
    phrases = load_rules(DEFAULT_RULES).registrar_replies.withdraw_phrases
    assert {"not the change", "not what we asked", "wrong", "incorrect", "withdraw"} <= set(phrases)


def test_request_unclear_is_an_answer_bounded_like_the_others(registry):
    registry.rules = registry.rules.model_copy(update={"limits": registry.rules.limits.model_copy(
        update={"answers_per_address_per_day": 2})})
    for n in range(4):  # a registrar's system sending one name server again and again
        result = request(registry, subject=f"NS {n}",
                         body=f"Please update the name servers for hmrc.gov.uk to ns1.v{n}.example\n")
        assert (result.kind, result.action) == ("triage", "triaged")
    assert [o.to for o in outbox(registry, "request_unclear")] == [[REGISTRAR], [REGISTRAR]]
    assert len(outbox(registry, "triage_notice")) == 4  # a person still sees every one
    [stopped] = [o for o in outbox(registry, "operator_notice") if "have stopped for today" in heading(o)]
    assert stopped.to == [OPERATORS]
