"""Look-alike domains, read letter by letter: each letter of another script that is drawn like a Latin one is
read as that letter (the whole flow, triage and the notice to GDS, is in test_attacks.py)."""

from __future__ import annotations

import idna
import pytest

from mailbot.policy.lookalike import lookalike_of, skeleton


@pytest.mark.parametrize("letter, latin", [
    ("\u0458", "j"),  # Cyrillic je
    ("\u03f3", "j"),  # Greek yot
    ("\u03bf", "o"),  # Greek omicron
    ("\u0441", "c"),  # Cyrillic es
])
def test_a_letter_drawn_like_a_latin_one_is_read_as_it(letter, latin):
    assert skeleton(f"{letter}ersey.gov.uk") == f"{latin}ersey.gov.uk"


def test_a_greek_yot_for_a_j_is_a_look_alike_as_written_and_as_its_a_label():
    disguised = "\u03f3ersey.gov.uk"
    assert lookalike_of(disguised, ["jersey.gov.uk"]) == "jersey.gov.uk"
    assert lookalike_of(idna.encode(disguised, uts46=True).decode(), ["jersey.gov.uk"]) == "jersey.gov.uk"
