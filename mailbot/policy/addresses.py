"""Policy -> sign-up, registry import, contact changes: may this address be a domain's contact, and if not, why.

The seed: "GDS will not accept personal email addresses like [your-name]@gmail.com or workplace email
addresses of individuals like [your-name]@[your-organisation].gov.uk for any of the domain contacts",
and "Your Registry Lock contacts must be different from any published in your WHOIS records".

check_contact() decides, in this order, and the first rule that holds is the answer:

1. malformed           not one plain address (parsed strictly here, never with email.utils.parseaddr,
                       whose parsing can be fooled: CVE-2023-27043)
2. personal-provider   the domain, or a domain it is under, is a free-mail or consumer provider
3. person-name         the local part is made from a name given (jane.smith, jsmith, smithj...),
                       unless an operator said this exact address is a team's (an allowance with
                       person-name among the rules it waives)
4. individual          the local part has a person's shape (firstname.lastname) and no team word,
                       or a team word and two or more name-like words (jane.smith.security)
5. not-a-team-address  a team word written with look-alike letters of another script
6. team                a word of the local part is a role word, or a run of them: accepted
7. not-a-team-address  nothing says it is a team's: accepted when an operator allowed this exact
                       address; otherwise, when in doubt, refuse, and say how to ask GDS

An operator's allowance settles only the policy's doubt (WAIVABLE): it never admits a personal provider's
address, an individual's, a look-alike or a malformed one, whatever was recorded.

Words of the local part are its runs of letters, split on anything else (. _ - + and digits too).
Words of the address's own domain (hmrc in hmrc-security@hmrc.gov.uk) are the organisation's, never a name.

The policy is kept whole, over 400 lines: the rules above are checked in that order by check_contact(), and the
helpers each rule uses (a name's forms, a word's script, a provider's domain) are read beside it; split, the order
that decides would be spread over modules.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import idna

from mailbot.parse.change_request.names import normalise_domain

if TYPE_CHECKING:
    from mailbot.rules import ContactPolicy

RULES = ("malformed", "personal-provider", "person-name", "individual", "not-a-team-address", "in-whois")
# The rules an operator's allowance may waive: where the policy only doubts. person-name only when the operator
# says so for the address (the local part is a team's that reads like a name given on a form).
WAIVABLE = ("not-a-team-address", "person-name")

_EXAMPLE = "security@your-organisation.gov.uk"
# RFC 5322 3.2.3 atext: what a dot-atom local part may hold besides dots.
_ATEXT = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+/=?^_`{|}~-")
_MAX_LOCAL_OCTETS = 64  # RFC 5321 4.5.3.1.1
_MAX_ADDRESS_OCTETS = 254  # RFC 5321 4.5.3.1.3, less the angle brackets of a path
# A name's words that are not a person's name.
_TITLES = frozenset("mr mrs ms miss mx dr prof professor sir dame lord lady rev revd jr sr ii iii "
                    "obe mbe cbe kbe phd".split())
_STOPWORDS = frozenset("and of for the".split())
_MAX_NAME_WORDS = 6
# Lower-case letters of other scripts that pass for Latin ones (a few of Unicode's confusables).
_LOOKALIKES = str.maketrans({
    "а": "a", "с": "c", "ԁ": "d", "е": "e", "һ": "h", "і": "i", "ј": "j", "к": "k", "ӏ": "l", "о": "o",
    "р": "p", "ԛ": "q", "ѕ": "s", "у": "y", "х": "x", "ԝ": "w", "ү": "y", "ѵ": "v",  # Cyrillic
    "α": "a", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x",
    "γ": "y",  # Greek
})
# Japanese writes one word in several scripts: those are one script here.
_HAN = {"CJK": "Han", "HIRAGANA": "Han", "KATAKANA": "Han", "IDEOGRAPHIC": "Han"}


@dataclass(frozen=True)
class Refusal:
    """Why an address cannot be a contact, and what to give instead; str() is one line for a reply or an error."""

    address: str  # as given
    rule: str  # one of RULES
    reason: str  # a sentence naming the address and what is wrong
    advice: str  # what to do instead

    def __str__(self) -> str:
        return f"{_shown(self.address)}: {self.reason} {self.advice}"


class _Malformed(ValueError):
    """What is wrong with the text given as an address, in words for its sender."""


def normalise_address(address: str) -> str | None:
    """local@domain with the local part in lower case and NFC, the domain its lower-case A-label; None if malformed."""
    try:
        local, domain = _parse(address)
    except _Malformed:
        return None
    return f"{local}@{domain}"


def check_contact(address: str, policy: ContactPolicy, *, names: Iterable[str] = (),
                  allowed: Collection[str] | Mapping[str, Collection[str]] = ()) -> Refusal | None:
    """None if the address may be a domain's contact; else the first rule it breaks (see the module's docstring).

    `names` are what is known of whose address it is: the display name of the mail, the name given on the form.
    `allowed` are addresses an operator has allowed after GDS checked them: a mapping of each to the rules of
    WAIVABLE its allowance waives, or a collection of addresses, each waiving not-a-team-address alone.
    """
    try:
        local, domain = _parse(address)
    except _Malformed as e:
        return _refuse(address, "malformed", f"{_shown(address)} is not one plain email address: {e}.",
                       f"Give the address alone, such as {_EXAMPLE}, without a name, quotes, spaces or comments.")
    waived = waived_rules(f"{local}@{domain}", allowed)
    shown = _shown(address)

    provider = _personal_provider(domain, policy)
    if provider is not None:
        return _refuse(
            address, "personal-provider",
            f"{shown} is a personal address at {provider}, a free or consumer email provider; "
            "GDS does not accept personal email addresses for domain contacts.",
            f"Give a shared team mailbox at your organisation's own domain, such as {_EXAMPLE}, "
            "that does not depend on one person.")

    team = f"security@{_display_domain(domain)}"
    team_advice = f"Give a shared team mailbox such as {team} that does not depend on one person."
    org = _org_words(domain)
    words = _words(local)
    roles = [w for w in words if _is_role(w, policy)]
    namelike = [w for w in words if w not in roles and _fold(w) not in org]

    for name in (names if "person-name" not in waived else ()):
        if isinstance(name, str) and _made_from(words, roles, org, _name_forms(name, policy, org)):
            return _refuse(
                address, "person-name",
                f"{shown} is the workplace address of one person, made from the name {_shown(name.strip())}; "
                "GDS does not accept the addresses of individuals for domain contacts.", team_advice)

    bare = "".join(ch for ch in local if unicodedata.category(ch)[0] != "N")
    if not roles and namelike and any(p.fullmatch(bare) for p in policy.compiled_patterns):
        return _refuse(
            address, "individual",
            f"{shown} looks like the workplace address of one person (a name such as firstname.lastname); "
            "GDS does not accept the addresses of individuals for domain contacts.", team_advice)
    if roles and len(namelike) >= 2:
        return _refuse(
            address, "individual",
            f"{shown} adds a team word ({roles[0]}) to what looks like a person's name ({' '.join(namelike)}); "
            "the address of one person in a team is still that person's.", team_advice)

    doubt_advice = (f"Give a shared team mailbox such as {team} that does not depend on one person; "
                    f"if {shown} really is a team's shared mailbox, ask GDS to allow it.")
    lookalike = _lookalike(words, policy)
    if lookalike:
        return _refuse(address, "not-a-team-address", f"{shown} {lookalike}.", doubt_advice)
    if roles or "not-a-team-address" in waived:
        return None
    return _refuse(
        address, "not-a-team-address",
        f"{shown} does not say whose mailbox it is: no word of it names a team or a function, such as security, "
        "hostmaster or servicedesk, so it may be one person's.", doubt_advice)


def waived_rules(address: str, allowed: Collection[str] | Mapping[str, Collection[str]]) -> frozenset[str]:
    """The rules of WAIVABLE that an allowance of `address` (normalised) waives: none when it has none."""
    if isinstance(allowed, Mapping):
        found = [rules for a, rules in allowed.items() if isinstance(a, str) and normalise_address(a) == address]
        return frozenset(r for rules in found for r in rules if r in WAIVABLE)
    if any(isinstance(a, str) and normalise_address(a) == address for a in allowed):
        return frozenset({"not-a-team-address"})
    return frozenset()


def check_lock_contacts(lock_contacts: Iterable[str], whois: Mapping[str, Iterable[str]]) -> list[Refusal]:
    """One refusal for each lock contact that the WHOIS of any of the domains publishes, naming those domains.

    `whois` maps each domain concerned to the contact addresses its WHOIS publishes. Addresses are compared
    normalised, so SOC@HMRC.gov.uk in WHOIS is soc@hmrc.gov.uk.
    """
    published: dict[str, list[str]] = {}
    for domain, addresses in whois.items():
        for a in addresses:
            where = published.setdefault(_compare_key(a), [])
            if domain not in where:
                where.append(domain)
    refusals, seen = [], set()
    for contact in lock_contacts:
        key = _compare_key(contact)
        if key in seen or key not in published:
            continue
        seen.add(key)
        shown, domains = _shown(contact), _and(published[key])
        refusals.append(_refuse(
            contact, "in-whois",
            f"{shown} is a Registry Lock contact; it must not be in WHOIS, but the WHOIS of {domains} publishes it.",
            "Registry Lock contacts must be different from every contact published in WHOIS: give the "
            "operational security team's own mailbox, one that WHOIS does not show."))
    return refusals


# -- parsing --------------------------------------------------------------------------------------


def _parse(address: str) -> tuple[str, str]:
    """(local part, domain), normalised; raises _Malformed saying what is wrong."""
    if not isinstance(address, str):
        raise _Malformed("it is not text")
    if not address:
        raise _Malformed("it is empty")
    if "\r" in address or "\n" in address:
        raise _Malformed("it contains a line break")
    for ch in address:
        # Cc controls; Cf format characters, among them the bidirectional overrides (U+202E) and zero-width
        # joiners that make one address look like another; Cs, Co, Cn: surrogates, private use, unassigned.
        if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn"):
            raise _Malformed(f"it contains an invisible or control character (U+{ord(ch):04X})")
    if "<" in address or ">" in address:
        raise _Malformed("it has a display name or angle brackets")
    if "(" in address or ")" in address:
        raise _Malformed("it has a comment in brackets")
    if '"' in address:
        raise _Malformed("it contains quotes")
    if any(ch.isspace() for ch in address):
        raise _Malformed("it contains a space")
    ats = address.count("@")
    if ats != 1:
        raise _Malformed("it has no @" if not ats else "it has more than one @")
    local, domain = address.split("@")
    if not local:
        raise _Malformed("nothing comes before the @")
    if not domain:
        raise _Malformed("nothing comes after the @")
    if "" in local.split("."):
        raise _Malformed("the part before the @ starts or ends with a dot, or has two dots together")
    for ch in local:
        # RFC 5322 dot-atom; RFC 6531 adds non-ASCII, of which only letters, marks and digits are taken:
        # a full-width @ or a quotation mark of another script has no place in a team's address.
        if ch != "." and ch not in _ATEXT and not (ord(ch) > 127 and unicodedata.category(ch)[0] in "LMN"):
            raise _Malformed(f"the part before the @ has a character an address cannot have ({ch!r})")
    if not unicodedata.is_normalized("NFC", local):
        raise _Malformed("the part before the @ is not in Unicode normal form C (NFC)")
    if len(local.encode("utf-8")) > _MAX_LOCAL_OCTETS:
        raise _Malformed(f"the part before the @ is longer than {_MAX_LOCAL_OCTETS} bytes")
    if domain.endswith(".") or domain.startswith("."):
        raise _Malformed("the domain starts or ends with a dot")
    name = normalise_domain(domain)
    if name is None or "." not in name:
        raise _Malformed(f"{domain} is not a domain name")
    local = unicodedata.normalize("NFC", local.lower())
    if len(local.encode("utf-8")) + 1 + len(name) > _MAX_ADDRESS_OCTETS:
        raise _Malformed(f"it is longer than {_MAX_ADDRESS_OCTETS} bytes")
    return local, name


def _compare_key(address) -> str:
    if not isinstance(address, str):
        return repr(address)
    return normalise_address(address) or address.strip().lower()


# -- the parts of the decision -------------------------------------------------------------------


def _personal_provider(domain: str, policy: ContactPolicy) -> str | None:
    """The listed provider that the domain is, or is under; a `*` stands for one or two labels (fr, co.uk)."""
    labels = domain.split(".")
    for i in range(len(labels) - 1):
        candidate = ".".join(labels[i:])
        dots = len(labels) - i - 1
        # Bounded so that live.* is live.co.uk but never live.service.gov.uk.
        if any(dots <= most and matcher.match(candidate) for most, matcher in policy.personal_matchers):
            return candidate
    return None


def _words(local: str) -> list[str]:
    """The words of a local part: runs of letters (and their marks), split on anything else, digits dropped.

    Digits end a word as a dot does: soc24x7 is soc and x, and security-team2 is security and team.
    """
    words, current = [], []
    for ch in local:
        if unicodedata.category(ch)[0] in "LM":
            current.append(ch)
        else:
            if current:
                words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return words


def _is_role(word: str, policy: ContactPolicy) -> bool:
    """A role word, or a run of them (cybersecurity, itservicedesk); dnsmith is not (d, n, smith are not)."""
    roles = policy.role_set
    if word in roles:
        return True
    reached = [True] + [False] * len(word)
    for i in range(len(word)):
        if reached[i]:
            for j in range(i + 2, len(word) + 1):
                if not reached[j] and word[i:j] in roles:
                    reached[j] = True
    return reached[-1]


def _fold(text: str) -> str:
    """Lower case without accents, so that the name Zoë Brontë is found in zoe.bronte."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text.lower()) if unicodedata.category(ch) != "Mn")


def _org_words(domain: str) -> frozenset[str]:
    words = set()
    for label in domain.split("."):
        try:
            label = idna.decode(label) if label.startswith("xn--") else label
        except UnicodeError:
            pass
        label = _fold(label)
        words.add(label.replace("-", ""))
        words.update(p for p in label.split("-") if p)
    return frozenset(words)


def _name_words(name: str) -> list[str]:
    """The words of a person's name, in first-to-last order: "Smith, Jane" is jane smith."""
    name = name.strip()
    if "," in name:
        last, _, first = name.partition(",")
        name = f"{first} {last}"
    words = []
    for part in re.split(r"[^\w'’-]+|[\d_]+", _fold(name)):
        word = "".join(ch for ch in part if unicodedata.category(ch)[0] == "L")  # Smith-Jones, O'Brien
        if word and word not in _TITLES:
            words.append(word)
    return words


def _name_forms(name: str, policy: ContactPolicy, org: frozenset[str]) -> tuple[frozenset[str], frozenset[str]]:
    """The local parts a name is usually made into, without separators (janesmith, jsmith, smithj, janes, jane),
    and the whole names among them (janesmith, smithjane), which count wherever they are in a local part."""
    given = _name_words(name)
    # "HMRC Security Operations" and "Parish Clerk" describe a team: their team and organisation words go,
    # and one word left of several is no one's name.
    words = [w for w in given if not _is_role(w, policy) and w not in org and w not in _STOPWORDS]
    words = words[:_MAX_NAME_WORDS]
    if len(given) == 1:
        return frozenset(w for w in words if len(w) >= 3), frozenset()
    if len(words) < 2:
        return frozenset(), frozenset()
    pairs = {(words[i], words[j]) for i in range(len(words)) for j in range(i + 1, len(words))}
    pairs |= {(words[0], "".join(words[1:])), ("".join(words[:-1]), words[-1])}
    forms, wholes = set(), set()
    for first, last in pairs:
        forms |= {first + last, last + first, first[0] + last, last + first[0], first + last[0], first, last}
        if len(first) >= 2 and len(last) >= 2:
            wholes |= {first + last, last + first}
    return frozenset(f for f in forms if len(f) >= 3), frozenset(wholes)


def _made_from(words: list[str], roles: list[str], org: frozenset[str],
               forms: tuple[frozenset[str], frozenset[str]]) -> bool:
    forms, wholes = forms
    if not forms:
        return False
    folded = [_fold(w) for w in words]
    plain = [_fold(w) for w in words if w not in roles]
    personal = [w for w in plain if w not in org]
    variants = {"".join(folded), "".join(plain), "".join(personal), "".join(w for w in personal if len(w) > 1)}
    if variants & forms:
        return True
    # jane.smith.security, janesmith-cyber: the whole name inside a longer local part.
    whole = "".join(folded)
    return any(w in whole for w in wholes)


def _script(ch: str) -> str | None:
    if unicodedata.category(ch) not in ("Lu", "Ll", "Lt", "Lo"):
        return None
    first = unicodedata.name(ch, "UNKNOWN").split(" ", 1)[0]
    return _HAN.get(first, first.title())


def _lookalike(words: list[str], policy: ContactPolicy) -> str | None:
    """How a word passes for a team word with letters of another script (ѕecurity with a Cyrillic ѕ), if it does."""
    for word in words:
        if _is_role(word, policy):
            continue
        scripts = sorted({s for ch in word if (s := _script(ch))})
        skeleton = word.translate(_LOOKALIKES)
        if skeleton != word and _is_role(skeleton, policy):
            others = [s for s in scripts if s != "Latin"] or scripts
            return (f"writes the team word {skeleton} with look-alike letters of another script ({_and(others)}), "
                    "so it only looks like a team's address")
        if len(scripts) > 1:
            return (f"mixes letters of different scripts ({_and(scripts)}) in {word}, as an address made to look "
                    "like another would")
    return None


# -- wording -------------------------------------------------------------------------------------


def _refuse(address, rule: str, reason: str, advice: str) -> Refusal:
    return Refusal(address=address if isinstance(address, str) else repr(address), rule=rule, reason=reason,
                   advice=advice)


def _shown(text) -> str:
    """The text as given, or its repr() if it holds a line break or invisible character, so a message stays one line."""
    return text if isinstance(text, str) and text.isprintable() else repr(text)


def _display_domain(domain: str) -> str:
    try:
        return idna.decode(domain)
    except UnicodeError:
        return domain


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
