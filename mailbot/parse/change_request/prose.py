"""Parse (change request): a request written as prose. A sentence that names a kind of change (name servers, NS
records, delegation, DS, DNSSEC, contact, registrant) and a verb of change (update, add, remove, transfer...) asks for
it; the values are those in that sentence, less old ones ("from X to", "(currently X)"), and the list after it when it
ends with a colon or "the following". A sentence taking the DS records away in any words ("pull the DS", "the DS needs
to come off") and adding none empties them."""

import re
from collections.abc import Iterator

from mailbot.parse.change_request.names import hostnames, mask_names
from mailbot.parse.change_request.not_now import unsaid
from mailbot.parse.change_request.values import LINE_SHAPES, field_values

CHANGE_VERB = re.compile(r"""\b(?:chang(?:e|es|ed|ing)|updat(?:e|es|ed|ing)|amend(?:s|ed|ing|ment)?
    |modif(?:y|ies|ied|ying)|replac(?:e|es|ed|ing|ement)|mov(?:e|es|ed|ing)|switch(?:es|ed|ing)?
    |add(?:s|ed|ing)?|remov(?:e|es|ed|ing|al)|delet(?:e|es|ed|ing|ion)|transfer(?:s|red|ring)?
    |point(?:s|ed|ing)?|(?:re-?)?delegat(?:e|es|ed|ing|ion)|migrat(?:e|es|ed|ing|ion)|set
    |enabl(?:e|es|ed|ing)|disabl(?:e|es|ed|ing)|install(?:s|ed|ing)?|publish(?:es|ed|ing)?
    |withdraw(?:s|n|ing)?|new|becomes?|should(?:\s+now)?\s+be)\b""", re.I | re.X)
_REMOVAL = re.compile(r"\b(?:remov|delet|disabl|withdraw|unsign)\w*|\b(?:turn|switch)\w*\s+off\b", re.I)
_ADDITION = re.compile(r"\b(?:add(?:s|ed|ing)?|new|replac\w*|install\w*|publish\w*|enabl\w*|roll\w*)\b", re.I)
# Words of taking records away, as people write them to a registry: those above, and "pull the DS", "drop all DS
# records", "the DS record needs to come off x.gov.uk", "take the DS off", "get rid of the DS".
TAKEN_AWAY = re.compile(rf"""{_REMOVAL.pattern}
    |\b(?:pull|pulls|pulled|pulling|drop|drops|dropped|dropping|strip|strips|stripped|stripping)\b
    |\b(?:take|takes|taking|took|come|comes|coming|came)\s+(?:[\w'-]+\s+){{0,3}}?off\b|\bget(?:ting)?\s+rid\s+of\b""",
                      re.I | re.X)
# Words of adding a DS record beside them: "remove the DS and publish the new one" is no removal of all. "New" of who
# runs the zone ("the new provider will sign it") adds no record.
_DS_ADDED = re.compile(r"""\b(?:add(?:s|ed|ing)?|replac\w*|install\w*|publish\w*|enabl\w*|roll\w*
    |new(?!\s+(?:dns\s+)?(?:provider|host|hosting|supplier|registrar|company|platform|service|team|servers?
    |name[\s-]?servers?|ns|delegation)s?\b))\b""", re.I | re.X)


def _empties_ds(said: str) -> bool:
    """Whether a sentence (hostnames masked) asks for the DS records to go and for none to come: it names the DS and
    says to take it away, and adds none, in what it asks now (a clause of what will be done later or not at all aside:
    "the new host will sign it later")."""
    if not (KEYWORDS["ds"].search(said) and TAKEN_AWAY.search(said)):
        return False
    now = unsaid(said)
    return bool(KEYWORDS["ds"].search(now) and TAKEN_AWAY.search(now) and not _DS_ADDED.search(now))


KEYWORDS = {
    "nameservers": re.compile(r"\bname[\s-]?servers?\b|\bns\b|\b(?:re-?)?delegat(?:e|ed|ion)\b|\bdns\s+servers?\b",
                              re.I),
    "ds": re.compile(r"\bds\b|\bdnssec\b", re.I),
    # "please contact us", "to contact" and "contact me" use the verb, not the thing to change.
    "contacts": re.compile(r"(?<!please\s)(?<!to\s)\bcontacts?\b(?!\s+(?:me|us|you|him|her|them|our|my|your)\b)", re.I),
    "registrant": re.compile(r"\bregistrant\b(?!\s+contact)", re.I),
}
# A sentence ends at ".", "!" or "?" before a capital, at a colon ending a line (a list follows),
# or at a blank line. Hostnames are masked first, so that their dots end nothing.
SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z])|:[ \t]*(?=\n|$)|\n[ \t]*\n")
_LEADS_TO_LIST = re.compile(r"(?::|\b(?:following|below)\b[^.!?:]{0,40})\s*$", re.I)
_OLD_LIST = re.compile(r"\b(?:from|currently|current|existing|old)\s*(?::\s*)?$", re.I)
_NEW_LIST = re.compile(r"(?:^|\n)[ \t]*(?:and\s+)?(?:to|with|into|new(?:\s+ones?)?(?:\s+are)?)[ \t]*:\s*$", re.I)
# Old values are not requested: "from ns1.old.net to", "(currently ns1.old.net)", "replace X with".
_OLD_VALUES = re.compile(r"\bfrom\b.{0,300}?(?=\bto\b)|\breplac\w*\b.{0,300}?(?=\bwith\b)"
                         r"|\((?:currently|current|was|old|existing)\b[^()]{0,300}\)", re.I | re.S)
_TO = re.compile(r"\bto\b", re.I)
# A sentence asks something of the registrant when a verb of change governs it ("change the registrant", "transfer
# the registrant of x.gov.uk to ..."), it is called new, or it is said to become something.
_REGISTRANT_ASKED = re.compile(r"""\b(?:chang|updat|amend|transfer|set|modif|replac|correct)\w*[ \t]+
    (?:[\w'-]+[ \t]+){0,3}?registrant
    |\bnew\s+registrant|\bregistrant\b[^.!?\n]{0,60}?\b(?:(?:should|will|shall|must)\s+(?:now\s+)?be|becomes?|is\s+now
    |chang\w*\s+to|to\s+be|transferr\w*\s+to)\b|\bregistrant\b[^.!?\n]{0,40}?:""", re.I | re.X)
# "transfer the registrant of x.gov.uk to HM Treasury", "the new registrant is ...", "Registrant name: ..."
_REGISTRANT_VALUE = re.compile(r"""\bregistrant\b(?:\s+(?:name|organi[sz]ation|org|details))*
    (?:[^.!?:]|\.(?=\w)){0,120}?(?:\bto\b|\b(?:is|becomes|(?:should|will|shall)(?:\s+now)?\s+be)\b|:)
    [ \t]*(?P<value>[^\n]*)""", re.I | re.X)


def _lines_from(text: str, pos: int) -> Iterator[str]:
    """The lines from pos on, one at a time: a long text is not copied for every sentence."""
    while pos <= len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        yield text[pos:end]
        pos = end + 1


def _list_after(text: str, end: int, kind: str) -> str:
    """The value lines after a sentence: from the next line, blank lines first skipped."""
    if end and text[end - 1] != "\n":  # the rest of the sentence's own line is not a list
        newline = text.find("\n", end)
        end = len(text) + 1 if newline < 0 else newline + 1
    taken: list[str] = []
    for line in _lines_from(text, end):
        if not line.strip() and not taken:
            continue
        if kind == "registrant":
            return line
        # A DS record may be spread over lines ("( ... )" in a zone file); its reader skips the noise.
        if not line.strip() or (kind != "ds" and not LINE_SHAPES[kind](line)):
            break
        taken.append(line)
    return "\n".join(taken)


def prose_changes(text: str, targets: set[str], zone: str, emptied: set[str] | None = None,
                   emptied_for: dict[str, set[str]] | None = None) -> dict[str, list[str]]:
    """Field -> values the prose asks for; `emptied` collects the fields a sentence says to empty ("remove the DS
    records"), the only way no value at all is a change, and `emptied_for` the domains asked about that each such
    sentence names, by field ("" for a sentence that names none)."""
    emptied = set() if emptied is None else emptied
    emptied_for = {} if emptied_for is None else emptied_for
    masked = mask_names(text)
    found: dict[str, list[str]] = {}
    start, previous = 0, []
    for end in [m.end() for m in SENTENCE_END.finditer(masked)] + [len(masked)]:
        said, start = masked[start:end], end
        if previous and _NEW_LIST.search(said):  # "from:\n(old list)\nto:\n(new list)"
            for kind in previous:
                found[kind] += field_values(kind, _list_after(text, end, kind), targets, zone)
            continue
        previous = []
        emptying = _empties_ds(said)
        if not CHANGE_VERB.search(said) and not emptying:
            continue
        for kind, keyword in KEYWORDS.items():
            if not CHANGE_VERB.search(said) and kind != "ds":
                continue  # "also pull the DS for x.gov.uk": a sentence of removing the DS says nothing of the rest
            if kind == "registrant" and not _REGISTRANT_ASKED.search(said):
                continue  # "instructed by the registrant to make the change below" names it, asks nothing of it
            if match := keyword.search(said):
                previous.append(kind)
                found.setdefault(kind, []).extend(_sentence_values(kind, text, said, end, match.start(), targets, zone))
                if (kind == "ds" and emptying) or (kind == "contacts" and _REMOVAL.search(said)
                                                    and not _ADDITION.search(said)):
                    emptied.add(kind)
                    named = {h for h in hostnames(text[end - len(said):end]) if h in targets}
                    emptied_for.setdefault(kind, set()).update(named or {""})
    return found


def _sentence_values(kind: str, text: str, said: str, end: int, at: int, targets: set[str], zone: str) -> list[str]:
    if kind == "ds" and _empties_ds(said):
        return []  # "remove the DS records for x.gov.uk": the kind is clear, and there is no value
    begin = end - len(said)
    if kind == "registrant":
        match = _REGISTRANT_VALUE.search(text, begin + at, end)
        values = field_values(kind, match["value"], targets, zone) if match else []
    else:
        sentence = list(text[begin:end])
        for old in _OLD_VALUES.finditer(said):
            sentence[old.start():old.end()] = " " * (old.end() - old.start())
        # "for example.com and x.gov.uk to ns1.example.net": before "to" come the domains, not values.
        to = _TO.search(said, at)
        values = field_values(kind, "".join(sentence[to.end():]), targets, zone) if to else []
        values = values or field_values(kind, "".join(sentence), targets, zone)
    # Only a colon or "the following" leads to a registrant; a list of the other kinds has its shape.
    leads = _LEADS_TO_LIST.search(said) or (not values and kind != "registrant")
    if leads and not _OLD_LIST.search(said):
        values += field_values(kind, _list_after(text, end, kind), targets, zone)
    return values
