"""Policy: look-alike domains: a name that differs from a real one only by letters of another script that
look the same (Cyrillic "о" in hmrc.gov.uk) never matches it, and is flagged as a possible attack."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

import idna

# Letters of other scripts that are drawn like Latin ones (from Unicode's confusables, UTS #39, the ones
# that matter in domain names).
_CONFUSABLE = str.maketrans({
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t",
    "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i", "ј": "j", "ԁ": "d", "һ": "h", "ӏ": "l", "ԛ": "q", "ԝ": "w",
    "ɡ": "g", "ɑ": "a", "ο": "o", "α": "a", "ν": "v", "ι": "i", "κ": "k", "ρ": "p", "τ": "t", "υ": "u", "χ": "x",
    "ε": "e", "η": "n", "μ": "u", "ϲ": "c", "ј": "j", "ӡ": "3", "ı": "i", "ℓ": "l", "ꞵ": "b",
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


def lookalike_of(domain: str, known: Iterable[str]) -> str | None:
    """The known domain this one is made to look like, if it is not that domain itself."""
    if "xn--" not in domain:
        return None  # all ASCII: a different name, not a disguised one
    target = skeleton(domain)
    return next((k for k in known if k != domain and skeleton(k) == target), None)
