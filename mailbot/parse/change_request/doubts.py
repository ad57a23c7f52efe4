"""Parse (change request): what makes a reading one to ask about, whatever the layouts made of it: the writer not
sure of a value ("or it might be"), a digest that no record read holds, words saying the current records stay beside a
whole new set, a correction outside the text its sender signed, words taking a field's records away that no
reading acted on, a note whose values are not those of the request it forwards, and a domain given its change by
reference to another's ("b.gov.uk likewise, plus C")."""

import re
from collections.abc import Sequence

from mailbot.parse.change_request.asks import FIELD_NOUN, Ask, ChangeRequest
from mailbot.parse.change_request.ds_records import ds_records, key_tag_refs
from mailbot.parse.change_request.names import DOTS, RUN, is_nameserver, mask_names, normalise_domain
from mailbot.parse.change_request.not_now import unsaid
from mailbot.parse.change_request.prose import KEYWORDS, SENTENCE_END, TAKEN_AWAY
from mailbot.parse.corrections import Unsure, apply_corrections
from mailbot.parse.own_words import PGP_END

# Words saying that the current records of a field stay ("keep the existing one", "retaining the current DS", "add it
# alongside the existing one"), and what they name: the field, or "one", "ones", "records" of the field the sentence
# is about.
_KEEPS_CURRENT = re.compile(r"\b(?:keep|keeping|retain|retaining|leave|leaving|alongside|beside|besides|next\s+to"
                            r"|in\s+addition\s+to|as\s+well\s+as|on\s+top\s+of|together\s+with)\s+(?:all\s+)?(?:of\s+)?"
                            r"(?:the|our|its|their)\s+(?:existing|current|old|present|live)\b(?P<what>[^.;:!?()\n]{0,30})",
                            re.I)


# Words adding what was given before them ("add it", "publish this one", "put them in"): with words keeping the
# current records in the same sentence, the values given are added beside those.
_ADDS_IT = re.compile(r"\b(?:add|publish|insert|include|put)\s+(?:it|them|this|these|that|those"
                      r"|the\s+(?:above|record|key))\b(?:\s+(?:one|ones|record|records|key|keys))?(?:\s+in)?", re.I)


def kept_current(text: str, adding: bool = False) -> set[str]:
    """The fields (name servers, DS records) whose current records the words say to keep: those the words name, else
    those their sentence names, else those the last sentence before it naming a field names ("DS record: ...", then
    "Please add it alongside the existing one"). With `adding`, only of a sentence that also adds what was given
    before it ("add it", "publish this one")."""
    masked = mask_names(text)
    kept: set[str] = set()
    start, before = 0, set()
    for end in [m.end() for m in SENTENCE_END.finditer(masked)] + [len(masked)]:
        said, start = masked[start:end], end
        fields = {k for k in ("nameservers", "ds") if KEYWORDS[k].search(said)}
        for match in _KEEPS_CURRENT.finditer(said) if not adding or _ADDS_IT.search(said) else ():
            named = {k for k in ("nameservers", "ds") if KEYWORDS[k].search(match["what"])}
            what = match["what"].split()
            if named or not what or re.fullmatch(r"(?:one|ones|records?|entr(?:y|ies)|set|values?|keys?)\W*", what[0],
                                                 re.I):
                kept |= named or fields or before
            # "keep the old zone running": something else the sender keeps
        before = fields or before
    return kept


# Where a sentence's words stop being one statement: a sentence's end, or a line's, unless the next line goes on in
# lower case (a sentence its client wrapped). A table's rows, a list's items and a line under them are each their own.
STATEMENT_END = re.compile(rf"{SENTENCE_END.pattern}|\n(?![ \t]*[a-z])")


def removals_said(text: str, targets: set[str]) -> list[tuple[str, set[str], str]]:
    """Each statement asking now for records of a field to be taken away ("also pull the DS for x.gov.uk pls", "the
    old name servers can be removed"), as (field, the domains asked about it names, the statement as written). A clause
    of what will be done later or not at all ("do not remove the current one yet", "we'll remove it next week") asks
    nothing now."""
    said: list[tuple[str, set[str], str]] = []
    if not TAKEN_AWAY.search(text):
        return said
    for statement, begin, end in statements(text, STATEMENT_END):
        if not TAKEN_AWAY.search(statement) or not TAKEN_AWAY.search(now := unsaid(statement)):
            continue
        named = _named(text, begin, end, targets)
        said += [(kind, named, " ".join(text[begin:end].split())) for kind in ("nameservers", "ds")
                 if KEYWORDS[kind].search(now)]
    return said


def statements(text: str, ends: re.Pattern):
    """Each statement of the text, its names masked (mask_names: a name's dots end no sentence), with where it starts
    and ends in the text; `ends` says where a statement stops."""
    masked = mask_names(text)
    start = 0
    for end in [m.end() for m in ends.finditer(masked)] + [len(masked)]:
        yield masked[start:end], start, end
        start = end


def _named(text: str, begin: int, end: int, targets: set[str]) -> set[str]:
    """The domains asked about that text[begin:end] names."""
    return {d for d in (normalise_domain(m.group().rstrip(DOTS)) for m in RUN.finditer(text, begin, end))
            if d in targets}


# Words by which a statement gives its domain what another domain is given ("b.gov.uk likewise, plus C", "the same for
# b.gov.uk", "b.gov.uk: ditto", "as above for b.gov.uk", "as with a.gov.uk"): what it takes is the reader's guess.
_BORROWS = re.compile(r"\b(?:likewise|ditto|similarly|same(?!\s+(?:time|day|week|morning|afternoon)\b)"
                      r"|as\s+(?:above|before|with)|as\s+per\s+(?:the\s+)?(?:above|previous|first|other))\b", re.I)


_SENTENCE_OR_LINE_END = re.compile(rf"{SENTENCE_END.pattern}|\n")


def borrowed(text: str, targets: set[str]) -> list[tuple[set[str], str]]:
    """Each statement that names domains asked about and gives them what another is given, by a word of reference
    (_BORROWS), as (the domains it names, the statement as written). One naming every domain the mail asks about
    ("the same new name servers for a.gov.uk and b.gov.uk") takes nothing from another's: the caller passes it by."""
    found: list[tuple[set[str], str]] = []
    if not _BORROWS.search(text):
        return found
    # Each line's sentences: a domain starting a line ("b.gov.uk likewise") starts a statement of its own.
    for statement, begin, end in statements(text, _SENTENCE_OR_LINE_END):
        if _BORROWS.search(statement) and (named := _named(text, begin, end, targets)):
            found.append((named, " ".join(text[begin:end].split())))
    return found


def unlike_forward(asks: dict[str, dict[str, Ask]], forwarded: ChangeRequest) -> dict[str, str]:
    """Domain -> why, of each domain whose name servers or DS records the sender's note asks otherwise than the request
    it forwards does, read alone: a value one gives and the other does not, a field only the forwarded request asks
    about, or a domain only it names. A forwarded request that cannot be read, or that asks nothing of a field the
    note asks, says nothing against the note."""
    theirs = dict(forwarded.asks)
    if "" in theirs and len(asks) == 1:
        theirs.setdefault(next(iter(asks)), theirs.pop(""))  # the forwarded mail names no domain: the note's one
    different: dict[str, str] = {}
    for domain, fields in asks.items():
        for kind in ("nameservers", "ds"):
            their = theirs.get(domain, {}).get(kind)
            if their is None:
                continue
            mine = fields.get(kind)
            if mine is None or _comes_to(mine) != _comes_to(their):
                different[domain] = f"{FIELD_NOUN[kind]}s: the mail asks {_said(mine)} and the request it forwards " \
                                    f"asks {_said(their)}"
                break
    for domain in sorted(set(theirs) - set(asks) - {""}):
        for mine in asks:
            different.setdefault(mine, f"the request the mail forwards is of {domain}, of which the mail asks nothing")
    return different


def _comes_to(ask: Ask) -> tuple:
    """What an ask gives, whatever the order and the words it gives it in."""
    return (None if ask.new is None else frozenset(ask.new)), frozenset(ask.add), frozenset(ask.remove)


def _said(ask: Ask | None) -> str:
    if ask is None:
        return "nothing of them"
    said = [f"the set {', '.join(ask.new) or 'of none'}"] if ask.new is not None else []
    said += [f"to add {', '.join(ask.add)}"] if ask.add else []
    said += [f"to remove {', '.join(ask.remove)}"] if ask.remove else []
    return " and ".join(said) or "no change"


def unsigned_correction(text: str) -> str:
    """The words below a clear-signed message's signature (RFC 4880 7) that correct something ("Correction: the second
    name server should read ..."), or "". Words there that ask for a change of their own (a customer's message
    under a registrar's signed note) are read as any others are."""
    if PGP_END not in text:
        return ""
    below = text[text.index(PGP_END) + len(PGP_END):].split("\n")
    corrected = apply_corrections(below)
    if isinstance(corrected, Unsure):
        return corrected.sentence
    return ", ".join([f"{wrong} as {right}" for wrong, right in corrected.changes]
                     + [f"keep {value} as well" for value in corrected.kept])


# Words by which a writer says they are not sure of what they give: "or it might be", "not sure", "possibly", "I
# think", "TBC", "if I remember rightly". Read in a text whose values are masked: a value's letters say nothing.
_HEDGE = re.compile(r"""\b(?:
      (?:or\s+)?(?:it|that|this|they|which|these|those|one)\s+(?:might|may|could)\s+(?:also\s+|well\s+|actually\s+)?be
    | might | or\s+(?:maybe|perhaps|possibly|probably|alternatively|else|rather|was\s+it|is\s+it)
    | maybe | perhaps | possibly | probably | presumably | supposedly | hopefully
    | (?:not|n't)\s+(?:(?:be|been|am|are|is|feel|too|very|entirely|completely|totally|quite|a\s+hundred\s+percent
        |100\s*%|fully|absolutely|yet|all\s+that|that)\s+){0,3}(?:sure|certain|confident|positive)
    | unsure | uncertain | unconfirmed | not\s+(?:yet\s+)?confirmed
    | to\s+be\s+(?:confirmed|advised|decided|determined|agreed)
    | tb[cad] | i\s+(?:think|believe|guess|assume|reckon|suppose|expect) | if\s+i\s+(?:remember|recall)\w* | iirc
    | from\s+memory | (?:can't|cannot|can\s+not|couldn't|could\s+not|don't|do\s+not)\s+(?:remember|recall|be\s+sure)
    | double[\s-]?check | (?:something|somewhere)\s+like | or\s+similar | or\s+thereabouts
    | if\s+(?:that'?s|that\s+is|it'?s|it\s+is|i'?ve\s+got\s+(?:it|that|them))\s+(?:right|correct)
    | unless | whichever | or\s+whatever | if\s+(?:you\s+)?(?:think|prefer|reckon|would\s+rather)
    | if\s+(?:that'?s|that\s+is|it'?s|it\s+is|those\s+are|they\s+are)\s+(?:easier|better|simpler|preferred)
    )(?![\w'])""", re.I | re.X)
# A value given one or the other ("A or B", "either A or B", "A, or possibly B"): which one is meant is a guess.
_VALUE_OR = re.compile(r"\W*(?:either\s+)?\W*or\W+(?:else\s+|possibly\s+|perhaps\s+|maybe\s+|probably\s+|even\s+)?\W*",
                       re.I)
# Words in a sentence of its own that point back at values given before it ("Not sure about the second one").
_POINTS_BACK = re.compile(r"\b(?:these|those|they|them|the\s+(?:above|latter|former|second|first|last|new|other)"
                          r"|(?:this|that|which|the)\s+(?:one|ones)|name\s*servers?|servers?|ns\d*|ds|records?|digests?"
                          r"|keys?|hosts?|values?|details)\b", re.I)
# Words offering what follows them as a second choice, should the first fail or not be taken ("or if that doesn't
# work, C", "failing that, C", "otherwise C", "alternatively C", "as a fallback, C"): which set is meant is the
# writer's to say. Only of values after them: "If that doesn't work, call me" offers none, nor does "apologies if not"
# of the mail reaching the right desk. An apostrophe is
# straight or typographic ("doesn’t"), as mail clients write it.
_ALTERNATIVE = re.compile(r"""\b(?:
      if\s+(?:that|this|it|those|these|they|so|the\s+(?:first|former|above)(?:\s+(?:one|ones|set|pair))?)\s+
        (?:(?:does|do|did|will|would|can|could|should)\s*(?:not|n['’]t)|won['’]t|can['’]t|cannot|fails?|failed
        |(?:is|are|['’]s|['’]re|was|were)\s*(?:not|n['’]t))
    | (?<!apologies\s)(?<!sorry\s)if\s+not\b | failing\s+(?:that|this|which|those|these|them|it) | otherwise
    | alternatively | alternately
    | or\s+else | or\s+instead | in\s+case\s+(?:that|this|it|they)\s+(?:(?:does|do)\s*(?:not|n['’]t)|fails?)
    | as\s+(?:a|an|the)\s+(?:fall-?back|back-?up\s+(?:plan|option|choice)|second\s+(?:choice|option)|alternative
        |plan\s+b)
    | (?:second|next)\s+(?:choice|option)
    )(?![\w'’])""", re.I | re.X)
# A sentence's end inside a line, in a text whose values are masked.
_UNIT_END = re.compile(r"[.!?;](?=\s|$)")


def hedged(text: str, targets: set[str], zone: str) -> str:
    """The words by which the writer says they are not sure of a value they give, or "": a hedge in a sentence that
    gives a value, or in one that points back at the values of the sentence before it ("ns3.x.net. Not 100% sure
    about that one though."); or two values one or the other of which is meant ("A or B")."""
    masked = mask_names(text)
    units: list[tuple[str, str]] = []  # (the sentence as written, masked)
    at = 0
    for line in masked.split("\n"):
        start = 0
        for end in [m.end() for m in _UNIT_END.finditer(line)] + [len(line)]:
            if line[start:end].strip():
                units.append((text[at + start:at + end], line[start:end]))
            start = end
        at += len(line) + 1
    gave_before = False
    for at, (said, hidden) in enumerate(units):
        values = _values(said, targets, zone)
        gives = bool(values) or bool(ds_records(said)) or bool(key_tag_refs(said))
        if (offer := _ALTERNATIVE.search(hidden)) and (
                any(v.start() > offer.start() for v in values) or ds_records(said[offer.start():])
                or at + 1 < len(units) and _values(units[at + 1][0], targets, zone)):
            return " ".join(said.split())[:80]
        hedge = _HEDGE.search(hidden)
        # A short aside after the values ("(to be confirmed by the supplier)", "Possibly.") is about them, as words
        # pointing back at them are; "I think that's everything" is about the mail.
        aside = gave_before and hedge and not hedge.group().lower().startswith("i ") \
            and (hidden.lstrip().startswith(("(", "[")) or len(hidden.split()) <= 8)
        if hedge and (gives or aside or (gave_before and _POINTS_BACK.search(hidden))) \
                or gives and re.search(r"[^\s?]\?{2,}", hidden):  # "ns2.x.net??"
            return " ".join(said.split())[:80]
        for one, other in zip(values, values[1:]):
            between = said[one.end():other.start()]
            if _VALUE_OR.fullmatch(between) or re.search(r"\beither\W*$", said[:one.start()], re.I) \
                    and re.search(r"\bor\b", between, re.I):
                return " ".join(said.split())[:80]
        gave_before = gives
    return ""


def _values(said: str, targets: set[str], zone: str) -> list[re.Match]:
    """The name servers' names a sentence gives, as matches of RUN."""
    return [m for m in RUN.finditer(said) if (h := normalise_domain(m.group().rstrip(DOTS + ":,;?")))
            and is_nameserver(h, targets, zone)]


# A digest as registrars paste it: a run of hex digits, in one piece or in groups, at least a SHA-1's 40.
_DIGEST_RUN = re.compile(r"(?<![0-9A-Za-z])[0-9A-Fa-f]{8,}"
                         r"(?:(?:[ \t(]*\n[ \t(]*|[ \t(]+)[0-9A-Fa-f]{8,}(?![0-9A-Za-z]))*(?![0-9A-Za-z])")


def digest_unread(text: str, extra: Sequence[str], asks: dict[str, dict[str, Ask]], unclear: dict[str, str]) -> str:
    """A digest in the words (40 hex digits or more) that no DS value read holds, or ""; nothing when the reading is
    already unclear for every domain."""
    read = " ".join(v for fields in asks.values() for kind, ask in fields.items() if kind == "ds"
                    for v in (*(ask.new or ()), *ask.add, *ask.remove, *ask.said_current, *ask.keep)).upper()
    for source in (text, *extra):
        for run in _DIGEST_RUN.finditer(source):
            digest = re.sub(r"[^0-9A-Fa-f]", "", run.group()).upper()
            # A digest has letters among its digits (a long number is a phone or an account number).
            if len(digest) >= 40 and re.search(r"[A-F]", digest) and digest[:40] not in read.replace(" ", ""):
                if not asks and unclear:
                    return ""
                return digest
    return ""


# Words saying the change is not to be made yet: it waits on the writer's own change board or customer ("CAB status:
# Pending approval - do not implement until approved", "awaiting internal approval"), or the writer holds it ("please
# hold off until we confirm", "this is on hold for now", "don't action this yet"). The registry's own approval awaited
# ("Status: awaiting registry approval") is what every request waits on, and no such word; a change "no longer on
# hold" is not held.
_HELD = re.compile(r"""\b(?:
      (?:do\s+not|don'?t|please\s+don'?t|not\s+to\s+be)\s+(?:be\s+)?(?:implement|action|proceed|apply|make|process
        |carry\s+out|go\s+ahead|execute|progress|submit)\w*\b[^.\n]{0,60}?\b(?:until|till|unless|before|yet|for\s+now)\b
    | hold\s+off | on\s+hold
    | (?:please\s+|pls\s+|kindly\s+)hold\b
    | hold\s+(?:it|this|that|the\s+(?:change|request))?\s*(?:until|till|pending)\b
    | not\s+(?:yet\s+)?(?:been\s+)?(?:approved|authori[sz]ed|signed\s+off)(?!\s+by\s+(?:the\s+)?(?:registry|jisc|you)\b)
    | (?:(?:cab|change\s+(?:advisory\s+)?board)(?:\s+(?:status|approval|decision|sign[\s-]?off))?
        |(?:internal|customer)\s+(?:approval|sign[\s-]?off))\W{0,3}
        (?:pending|awaiting|not\s+(?:yet\s+)?(?:approved|given|granted|signed\s+off)|rejected|deferred|on\s+hold)
    | (?:pending|awaiting|waiting\s+(?:on|for)|not\s+yet\s+(?:had|got|received))\s+(?:our\s+|the\s+)?(?:cab|change
        \s+(?:advisory\s+)?board|internal|customer(?:'s)?)\s+(?:approval|sign[\s-]?off|go[\s-]ahead)
    )\b""", re.I | re.X)
_NO_LONGER = re.compile(r"(?:no\s+longer|was|were|been|off|from|out\s+of)\s+$", re.I)


def held(text: str) -> str:
    """The words saying the change is not to be made yet (_HELD), or "": the registry never makes a change its asker
    says waits on an approval or a word of theirs to come."""
    for m in _HELD.finditer(text):
        if not _NO_LONGER.search(text[max(0, m.start() - 20):m.start()]):
            start = text.rfind("\n", 0, m.start()) + 1
            end = text.find("\n", m.end())
            return " ".join(text[start:end if end >= 0 else len(text)].split())[:80]
    return ""
