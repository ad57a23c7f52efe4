"""Policy: look-alike domains: a name that differs from a real one only by letters that look the same (Cyrillic
"о" in hmrc.gov.uk, "rn" for "m" in hrnrc.gov.uk) never matches it, and is flagged as a possible attack."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import idna

# Letters of other scripts that are drawn like Latin ones (from Unicode's confusables, UTS #39, the ones
# that matter in domain names).
_CONFUSABLE = str.maketrans({
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t",
    "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i", "ј": "j", "ԁ": "d", "һ": "h", "ӏ": "l", "ԛ": "q", "ԝ": "w",
    "ɡ": "g", "ɑ": "a", "ο": "o", "α": "a", "ν": "v", "ι": "i", "κ": "k", "ρ": "p", "τ": "t", "υ": "u", "χ": "x",
    "ε": "e", "η": "n", "μ": "u", "ϲ": "c", "ϳ": "j", "ӡ": "3", "ı": "i", "ℓ": "l", "ꞵ": "b",
})


def unicode_name(domain: str) -> str:
    try:
        return idna.decode(domain)
    except idna.IDNAError:
        return domain


def skeleton(domain: str) -> str:
    """What a reader sees: compatibility-folded, lower-case, other scripts' look-alikes as Latin letters."""
    text = unicodedata.normalize("NFKC", unicode_name(domain)).lower()
    return text.translate(_CONFUSABLE)


def scripts(label: str) -> set[str]:
    """The scripts of a label's letters (LATIN, CYRILLIC, GREEK, ...)."""
    return {unicodedata.name(ch, "UNKNOWN").split(" ")[0] for ch in label if ch.isalpha()}


def mixed_script(domain: str) -> bool:
    return any(len(scripts(label)) > 1 for label in unicode_name(domain).split("."))


# Runs of ASCII drawn like another letter in most fonts (UTS #39's confusables among letters and digits):
# hrnrc.gov.uk for hmrc.gov.uk, g0v.uk for gov.uk.
_ASCII_RUNS = (("rn", "m"), ("vv", "w"), ("0", "o"), ("1", "l"))


# Every mail from outside is compared with every known domain: each one's form is worked out once.
@lru_cache(maxsize=65536)
def _seen_as(domain: str) -> str:
    text = skeleton(domain)
    for run, letter in _ASCII_RUNS:
        text = text.replace(run, letter)
    return text


def lookalike_of(domain: str, known: Iterable[str]) -> str | None:
    """The known domain this one is made to look like, if it is not that domain itself: letters of another
    script drawn the same, or runs of ASCII read as another letter. A known domain is never a look-alike."""
    domain = domain.lower()
    known = [k.lower() for k in known]
    if domain in known:
        return None
    target = _seen_as(domain)
    return next((k for k in known if _seen_as(k) == target), None)
