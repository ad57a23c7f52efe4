"""Parse (change request, inside reader.py): one set of name servers for several domains with one domain excepted, that
keeps a server of its own beside the set: "the same new name servers for all three (a.gov.uk, b.gov.uk, c.gov.uk) - A,
B - except c.gov.uk, which keeps C as well as the new ones"."""

import re

from mailbot.parse.change_request.names import DOTS, RUN, hostnames, is_nameserver, normalise_domain

_NAME = r"[\w.\u3002\uff0e\uff61-]+"
# "- except c.gov.uk, which keeps C as well as the new ones.", "but c.gov.uk also keeps C and D too", "apart from
# c.gov.uk, which is to keep C in addition": the clause ends the sentence.
_EXCEPT_KEEPS = re.compile(
    rf"\s*(?:[,;:\-\u2013\u2014]\s*)?\b(?:except(?:\s+for)?|but|apart\s+from|save\s+for)\s+(?P<domain>{_NAME}),?\s+"
    r"(?:which|that|where\s+(?:we|they)|who)?\s*(?:also\s+)?(?:keeps|is\s+to\s+keep|should\s+keep|retains)\s+"
    rf"(?P<values>{_NAME}(?:\s*(?:,|\band\b|&)\s*{_NAME})*)\s+"
    r"(?:as\s+well(?:\s+as\s+the\s+new\s+ones?)?|too|also|in\s+addition(?:\s+to\s+the\s+new\s+ones?)?"
    r"|alongside\s+the\s+new\s+ones?|on\s+top)\s*(?=[.!]?\s*$)", re.I)


def kept_by_exception(text: str, targets: set[str], zone: str) -> tuple[str, dict[str, tuple[str, ...]]]:
    """The text with each such clause taken out, and per domain excepted the servers it keeps beside the set the rest
    of the line gives every domain it names. A clause is read only when the domain it excepts is named before it on
    its line, each value it keeps is a name server, and it ends its sentence; the rest of the line is read as
    written, and reader.py adds the kept servers to that domain's new set (or asks, when no new set was read)."""
    kept: dict[str, tuple[str, ...]] = {}
    lines = text.split("\n")
    for n, line in enumerate(lines):
        clause = _EXCEPT_KEEPS.search(line)
        if clause is None:
            continue
        domain = normalise_domain(clause["domain"].rstrip(DOTS + ","))
        values = [normalise_domain(v.group().rstrip(DOTS + ",")) for v in RUN.finditer(clause["values"])
                  if v.group().lower() not in ("and",)]
        before = {h for h in hostnames(line[:clause.start()]) if h in targets}
        if domain not in before or domain in kept or not values \
                or not all(v and v not in targets and is_nameserver(v, targets, zone) for v in values):
            continue
        kept[domain] = tuple(dict.fromkeys(values))
        lines[n] = line[:clause.start()] + line[clause.end():]
    return "\n".join(lines), kept
