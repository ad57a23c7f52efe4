"""Parse (change request): words saying that what a mail adds takes the place of what the domain has now ("Could you
add the DS record below? It replaces the one there now.", "Add this key instead of the current one", a DNS host's
"Replace your current nameservers with ours" over its "Add these nameservers" list): the values added are the whole
new set, and the current ones go. Said of a time to come ("it will replace the current key once the rollover is
done"), it says nothing certain of now, and the bot asks."""

import re

from mailbot.parse.change_request.doubts import STATEMENT_END, statements
from mailbot.parse.change_request.ds_records import ds_records
from mailbot.parse.change_request.names import DOTS, RUN, is_nameserver, normalise_domain
from mailbot.parse.change_request.not_now import unsaid
from mailbot.parse.change_request.prose import KEYWORDS

# A verb or phrase of taking the place of the domain's present records, and what it names: "replaces the DS record
# there now", "instead of the current one", "in place of the existing name servers", "Replace your current
# nameservers".
_TAKES_PLACE = re.compile(r"""\b(?:replac(?:e|es|ing)|supersed(?:e|es|ing)|overwrit(?:e|es|ing)
    |(?:in\s+place|instead)\s+of|tak(?:e|es|ing)\s+the\s+place\s+of|swap(?:s|ping)?\s+out)
    \s+(?:all\s+)?(?:of\s+)?(?:the|your|our|its|their|any|what(?:'s|\s+is)|whatever(?:'s|\s+is))\s+
    (?P<what>[^.;:!?()\n]{0,48})""", re.I | re.X)
# Words saying the records named are those of now.
_PRESENT = re.compile(r"""\b(?:existing|current|currently|old|present|live|previous|there|now|at\s+the\s+moment
    |in\s+place|published|on\s+(?:it|the\s+domain|the\s+zone)|(?:we|it|you)\s+(?:have|has|hold|holds|use|uses))\b""",
                      re.I | re.X)
# A word for a record or a set of them, of the field the sentence is about.
_RECORD = re.compile(r"\b(?:one|ones|records?|keys?|entr(?:y|ies)|set|values?|servers?)\b", re.I)
# Words of a time to come, or of a rollover that keeps the old record a while: the replacement is not of now.
_LATER = re.compile(r"""\b(?:will|shall|going\s+to|eventually|later|soon|after|afterwards|once|when|until|rollover
    |roll[\s-]over|in\s+due\s+course|next\s+(?:week|month|time)|tomorrow)\b|'ll\b""", re.I | re.X)


def replacing_current(text: str, targets: set[str], zone: str) -> dict[str, bool]:
    """Field (name servers, DS records) -> whether the words say now, rather than of a time to come, that the values
    the mail gives take the place of the field's present records. A statement naming a value after its words ("it
    replaces the current ns2.x.net") says which one goes: the readings of values read it."""
    said: dict[str, bool] = {}
    before = ""  # the last statement naming a field: "Please add the DS below. It replaces the one there now."
    for masked, begin, end in statements(text, STATEMENT_END):
        now = unsaid(masked)
        for match in _TAKES_PLACE.finditer(now):
            what = match["what"]
            if not _PRESENT.search(what) or _gives_values(text[begin + match.start():end], targets, zone):
                continue
            named = {k for k in ("nameservers", "ds") if KEYWORDS[k].search(what)}
            if not named and _RECORD.search(what):
                named = {k for k in ("nameservers", "ds") if KEYWORDS[k].search(masked)} \
                    or {k for k in ("nameservers", "ds") if KEYWORDS[k].search(before)}
            for kind in named:
                said[kind] = said.get(kind, True) and not _LATER.search(masked)
        before = masked if any(KEYWORDS[k].search(masked) for k in ("nameservers", "ds")) else before
    return said


def _gives_values(words: str, targets: set[str], zone: str) -> bool:
    """Whether the words give a name server's name or a DS record."""
    return bool(ds_records(words)) or any(
        (name := normalise_domain(m.group().rstrip(DOTS + ":,;?"))) and is_nameserver(name, targets, zone)
        for m in RUN.finditer(words))
