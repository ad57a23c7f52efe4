"""Parse (change request): several domains in one mail: the domains listed under a sentence that gives their values,
and a line giving values between the domains it names (whose are whose, it does not say)."""

import re

from mailbot.parse.change_request.line_values import line_values
from mailbot.parse.change_request.names import DOTS, RUN, hostnames, is_nameserver, normalise_domain
from mailbot.parse.change_request.values import BULLET

# A sentence giving values for domains it lists after it: "on each of the domains below", "for the following domains",
# "to all of these domains:", "for every domain listed below".
DOMAINS_BELOW = re.compile(r"\b(?:(?:each|all|every\s+one|both)\s+of\s+)?(?:the|these|those|our|your)\s+(?:\w+\s+)?"
                            r"domains?\s*(?:below|listed|underneath|that\s+follow|as\s+follows|:\s*$)"
                            r"|\bthe\s+following\s+(?:\w+\s+)?domains?\b|\b(?:each|every)\s+domain\s+(?:below|listed)",
                            re.I)


def domains_listed(lines: list[str], start: int, targets: set[str]) -> list[str]:
    """The domains asked about listed one a line from `start` on (blank lines first skipped, bullets aside); none when
    the first line of words is not such a list."""
    listed: list[str] = []
    for line in lines[start:]:
        if not line.strip():
            if listed:
                break
            continue
        name = normalise_domain(BULLET.sub("", line).strip().strip("*,;:"))
        if name not in targets:
            break
        listed.append(name)
    return list(dict.fromkeys(listed))


_NOT_A_NAME = {"the", "and", "for", "new", "old", "our", "all", "not", "you", "are", "can", "www", "dns", "web", "mail",
               "com", "net", "org", "gov", "site", "email", "main", "test", "live"}


def between_domains(line: str, targets: set[str], zone: str) -> list[str]:
    """The fields of which a line gives values between two of the domains asked about that it names ("a.gov.uk: A, B;
    b.gov.uk: C, D"); none when it names fewer than two, or gives its values all before or all after them ("a.gov.uk
    and b.gov.uk to A and B", one set for both)."""
    if len(targets) < 2:
        return []
    # A domain is named whole, by its name without the zone ("a-pl to A and B, b-pl to C and D"), or by the first words
    # of that name ("alpha to A and B, beta to C and D" of alpha-pl.gov.uk and beta-pl.gov.uk).
    short: dict[str, set[str]] = {}
    for domain in targets:
        parts = domain.split(".")[0].split("-")
        for n in range(1, len(parts) + 1):
            if len(word := "-".join(parts[:n])) >= 3 and word not in _NOT_A_NAME:
                short.setdefault(word, set()).add(domain)
    at = []
    for m in RUN.finditer(line):
        word = m.group().rstrip(DOTS + ":,;").lower()
        if named := ({normalise_domain(word)} & targets) or short.get(word, set()):
            at.append((m, named))
    if len(set().union(*(named for _, named in at))) < 2:
        return []
    at = [m for m, _ in at]
    values = line_values(line[at[0].end():at[-1].start()], targets, zone)
    return [kind for kind in ("nameservers", "ds") if values[kind]]


def apart(first: str, second: str, targets: set[str]) -> bool:
    """Whether two lines each name a domain asked about, different ones, and name servers of their own."""
    named = [{h for h in hostnames(t) if h in targets} for t in (first, second)]
    served = [any(is_nameserver(h, targets, "") for h in hostnames(t)) for t in (first, second)]
    return all(named) and all(served) and named[0] != named[1]


# The end of a sentence inside a line: a full stop, "!" or "?" after a word and before the next one (the dots of a
# host name are never followed by a space).
_SENTENCE_END = re.compile(r"(?<=[^\s.])[.!?](?=\s+\S)")
# Words by which a sentence takes something from another ("the same for b.gov.uk", "b.gov.uk too", "add C to them",
# "as above", "keep those"): read alone, it would lose what it takes.
_REFERS = re.compile(r"\b(?:same|likewise|similar(?:ly)?|ditto|too|also|as\s+well|above|before|previous(?:ly)?|both"
                     r"|each|every|all|rest|the\s+others?|other\s+ones?|former|latter|they|them|these|those|it"
                     r"|that(?!\s+(?:one|domain)\b)|ones)\b", re.I)


def sentences_apart(line: str, targets: set[str], zone: str) -> list[str]:
    """A line giving values between the domains it names, cut into its sentences when each sentence is a request of
    its own: "a.gov.uk, b.gov.uk to A / B please. c.gov.uk is different - just add C to that one, leave its others"
    is two requests, as if written on two lines. Each sentence giving values names the domains they are for, none
    between two of them, and each domain is named in one sentence only; no sentence takes anything from another
    ("b.gov.uk the same, plus C", "add C to them too"). Otherwise the line as it stands (asked about)."""
    cuts = [m.end() for m in _SENTENCE_END.finditer(line)]
    sentences = [s for s in (line[a:b].strip() for a, b in zip([0, *cuts], [*cuts, len(line)], strict=True)) if s]
    if len(sentences) < 2:
        return [line]
    seen: set[str] = set()
    for sentence in sentences:
        named = {h for h in hostnames(sentence) if h in targets}
        values = line_values(sentence, targets, zone)
        if (any(values.values()) and not named) or named & seen or between_domains(sentence, targets, zone) \
                or _REFERS.search(sentence):
            return [line]
        seen |= named
    return sentences


# A sentence asking a change of a domain by name: "pls update x.gov.uk as below", "change the NS for x.gov.uk",
# "please move x.gov.uk's delegation". The domain is the verb's object: no other name stands between them.
_ASKS_OF = re.compile(r"\b(?:updat(?:e|ing)|chang(?:e|ing)|amend(?:ing)?|modify(?:ing)?|mov(?:e|ing)|switch(?:ing)?"
                      r"|re-?point(?:ing)?|(?:re-?)?delegat(?:e|ing)|set(?:ting)?)\s+"
                      r"(?:(?:the|ns|name\s*servers?|nameservers?|delegation|dns|records?|ds|dnssec|for|of|on|at)"
                      r"\s+){0,4}(?P<name>[\w-]+(?:\.[\w-]+)+)", re.I)


def asked_of(subject: str, text: str, targets: set[str]) -> set[str]:
    """The domains the mail asks to change by name: those its subject names, and those a sentence of its names as
    the object of a verb of changing ("pls update x.gov.uk as below")."""
    named = {h for h in hostnames(subject) if h in targets}
    return named | {n for m in _ASKS_OF.finditer(text) if (n := normalise_domain(m["name"])) in targets}
