"""Parse (change request): the steps sentences.segments() takes within a clause: a role said after the values it is
of ("A is being retired"), a pronoun naming what is replaced ("replace it with B"), values called current at a
sentence's end, and a replacement pair said once for several ("replace A with B and C with D")."""

import re

from mailbot.parse.change_request.ds_records import KEY_TAG_REF
from mailbot.parse.change_request.line_values import is_bare, line_values
from mailbot.parse.change_request.names import (
    DOTS,
    DOTTED_RUN,
    RUN,
    RUN_CHARS,
    is_nameserver,
    mask_names,
    normalise_domain,
)
from mailbot.parse.change_request.roles import FOR, ROLE, STOP, role_of


def current_said_after(pieces: list[tuple[str | None, str]], start: int, targets: set[str], zone: str) -> None:
    """At a sentence's end: values no word gave a role, followed to the end by words calling them current and no value
    ("It is on A / B at the moment.", "A and B are the current ones", "it uses A and B right now") are the current
    ones."""
    said = next((i for i in range(start, len(pieces)) if pieces[i][0] == "current"), None)
    if said is None or said == start or any(r != "current" or any(line_values(t, targets, zone).values())
                                            for r, t in pieces[said:]):
        return
    # A sentence that began inside the piece before ("...? It is on A / B at the moment"), where a sentence starting
    # "It" went on from the one before: its values are the ones called current.
    role, text = pieces[said - 1]
    ends = [m.end() for m in re.finditer(r"[.!?](?:\s+|$)", mask_names(text))]
    if ends and any(line_values(text[ends[-1]:], targets, zone).values()):
        pieces[said - 1:said] = [(role, text[:ends[-1]]), ("current", text[ends[-1]:])]
        return
    if all(r in (None, "plain") for r, _ in pieces[start:said]) \
            and any(any(line_values(t, targets, zone).values()) for _, t in pieces[start:said]):
        pieces[start:said] = [("current", t) for _, t in pieces[start:said]]


def fronted_in_place(pieces: list[tuple[str | None, str]], start: int, targets: set[str], zone: str) -> None:
    """At the end of a clause led by "in place of" with no verb after it ("in place of A, B."): what follows the first
    comma comes in, in the place of what stands before it."""
    for i in range(start, len(pieces)):
        r, t = pieces[i]
        comma = t.find(",")
        if r != "remove" or comma < 0:
            continue
        if any(line_values(t[:comma], targets, zone).values()) \
                and any(line_values(t[comma:], targets, zone).values()):
            pieces[i:i + 1] = [("remove", t[:comma]), ("add", t[comma:])]
            pieces[i + 2:] = [("add" if r2 == "remove" else r2, t2) for r2, t2 in pieces[i + 2:]]
        return


# A role said after the values it is of: a participle ("A is being decommissioned", "A and B are to be removed", "A
# added"), or a verb of staying ("A stays", "the DS with key tag 34676 remains"), perhaps after a copula.
_SAID_AFTER = re.compile(r"(?:being|to\s+be)\s+\w+|\w+(?:ed|en|wn)|kept|unchanged|unaltered|stays?|remains?"
                         r"|no\s+longer\b.*|going\s+away|outgoing|go(?:es)?|going"
                         r"|(?:to\s+)?(?:come|comes|coming|go|goes|going)\s+in", re.I)
_COPULA = re.compile(r"""\s+(?:(?P<one>is|was|has\s+been|gets|got|needs\s+to\s+be|is\s+going\s+to\s+be|is\s+to)
    |(?P<many>are|were|have\s+been|get|need\s+to\s+be|are\s+going\s+to\s+be|are\s+to)
    |(?:will|should|shall|must|can|could|may)(?:\s+now)?(?:\s+be)?|be)(?:\s+(?:now|also|then|both|all))?\s*$""",
                     re.I | re.X)
DETERMINERS = re.compile(r"\s*(?:(?:the|our|its|their|this|that|these|those|both|all|of)\s+)*", re.I)
CLAUSE_END = re.compile(r"[;,]|\s[-\u2013\u2014]+\s")
# Between the values of one run: separators and "and", never "or" (one or the other is no run of values).
_RUN_JOIN = re.compile(r"[\s,;&/]*(?:\band\b[\s,;&/]*)?")
# The words before a run of values that leave it the subject of what follows it: nothing, a label, a domain's name.
# Words that leave a run the subject of a participle after it, in a request made of it: "asked for A to be added",
# "requests that A be removed". Not a question ("Could A be added, or should we wait?"): whether it asks for the change
# or whether it can be made, it does not say.
_SUBJECT_LEAD = re.compile(r"""(?:^|[.:;,\n(\-\u2013]|\b(?:and|also|but|while|whereas|then|please\s+note|note)\b
    |\b(?:ask(?:s|ed|ing)?|request(?:s|ed|ing)?)\s+for|\brequest(?:s|ed)?\s+that)
    (?:\s*(?:the|our|its|this|that)?\s*(?:(?:old|new|current|existing|other|second|first)\s+)?
       (?:ds|dnssec|name\s*server|ns|server|key|record|entry|one)(?:\s+records?)?\s*(?:with|of|for|,)?)?\s*$""",
                           re.I | re.X)


def said_after(text: str, masked: str, targets: set[str], zone: str) -> list[tuple[int, int, int, str]]:
    """(where the values start, where the copula starts, where the role word starts, the role) of each role said after
    a run of values: the last value alone after a copula in the singular ("add A and B is removed": B); the whole run
    after one in the plural, or none, when nothing before the run governs it ("A and B are being retired")."""
    spans = [(m.start(), m.start() + len(m.group().rstrip(DOTS + ":"))) for m in RUN.finditer(text)
             if (h := normalise_domain(m.group().rstrip(DOTS + ":"))) and is_nameserver(h, targets, zone)]
    spans += [m.span() for m in KEY_TAG_REF.finditer(text)]
    spans.sort()
    out = []
    for m in ROLE.finditer(masked):
        kind = role_of(m)
        if kind not in ("add", "remove", "keep") or not _SAID_AFTER.fullmatch(m.group()):
            continue
        copula = _COPULA.search(masked, 0, m.start())
        end = copula.start() if copula else len(masked[:m.start()].rstrip())
        # "Their servers (A and B) will be decommissioned": the run in brackets is the subject, the bracket closed.
        closed = len(masked[:end].rstrip()[:-1].rstrip()) if masked[:end].rstrip().endswith(")") else end
        run = [s for s in spans if s[1] <= closed]
        if not run or run[-1][1] != closed:
            continue
        first = len(run) - 1
        while first and _RUN_JOIN.fullmatch(text[run[first - 1][1]:run[first][0]]):
            first -= 1
        opened = masked[:run[first][0]].rstrip()
        if closed != end and not opened.endswith("("):
            continue
        if closed != end and re.search(r"x{3,}\W*$", opened[:-1]):
            # "A (B) will be removed": which of them the verb is said of, the bracket leaves open.
            out.append((run[first][0], copula.start() if copula else end, m.start(), "unsure"))
            continue
        if (copula is None or not copula["one"]) and _SUBJECT_LEAD.search(masked[:run[first][0]]):
            start = run[first][0]
        elif copula is not None and copula["one"]:
            start = run[-1][0]
        else:
            continue
        out.append((start, copula.start() if copula else end, m.start(), kind))
    return out


def named_back(pieces: list[tuple[str | None, str]], replaced_from: int, targets: set[str], zone: str) -> bool:
    """Whether what is replaced is named by a pronoun ("replace it with B", "swap them for C and D") after values said
    to go ("A has been decommissioned, please replace it with B"): the pronoun is those values, and B comes in beside
    the rest. Values said only to be current ("the current ones are A and B; please replace them with C and D") stay a
    whole new set's business."""
    said = " ".join(t for _, t in pieces[replaced_from:])
    return bool(re.search(r"\b(?:it|them|this\s+one|that\s+one)\b", said, re.I)) \
        and any(r == "remove" and any(line_values(t, targets, zone).values()) for r, t in pieces[:replaced_from])


def value_next(text: str, targets: set[str], zone: str) -> bool:
    """Whether the text starts with a name server."""
    first = re.match(rf"\s*([{RUN_CHARS}]+)", text)
    return bool(first) and bool(line_values(first.group(1).rstrip(DOTS + ",;:"), targets, zone)["nameservers"])


def pair_cut(text: str, targets: set[str], zone: str) -> int | None:
    """Where a piece of values added is cut when the last of them is the next pair's first ("B and C" of "replace A
    with B and C with D"): after the one before it, when "and", a comma or a semicolon stands between them."""
    spans = [(m.start(), m.start() + len(m.group().rstrip(DOTS + ",;:"))) for m in RUN.finditer(text)
             if (h := normalise_domain(m.group().rstrip(DOTS + ",;:"))) and is_nameserver(h, targets, zone)]
    if len(spans) < 2 or text[spans[-1][1]:].strip(" \t" + DOTS):
        return None
    gap = text[spans[-2][1]:spans[-1][0]]
    # "replace A with B and server C with D": the field's word after the conjunction names the next pair's value.
    joined = re.fullmatch(r"[\s.]*(?:,|;|&|,?\s*\band\b|\balso\b|,?\s*and\s+also\b)[\s.]*"
                          r"(?:(?:the\s+)?(?:name\s*server|nameserver|server|ns|host)\s+)?", gap, re.I)
    return spans[-2][1] if joined else None


def bare_to_stop(text: str, masked: str, at: int, targets: set[str], zone: str) -> bool:
    """Whether the text from `at` to the end of its sentence is values alone."""
    stop = STOP.search(masked, at)
    return is_bare(text[at:stop.start() if stop else len(text)], targets, zone)


def set_called_current(texts: list[str], targets: set[str], zone: str) -> list[tuple[str | None, str]]:
    """Pieces calling the values of `texts` current, when they are a set of them ("the current name servers A and
    B"); none for one value, which is paired with its replacement ("replace the current name server A with C")."""
    values = [v for t in texts for vs in line_values(t, targets, zone).values() for v in vs]
    return [("current", t) for t in texts] if len(values) > 1 else []


def values_apart(text: str, masked: str, targets: set[str], zone: str) -> str:
    """The masked text with each value (a name server) blanked as "#"s, the domains asked about left as "x"s: a role's
    words that name the domain ("change x.gov.uk over to") then never take a value for it ("change A over to B")."""
    for run in DOTTED_RUN.finditer(text):
        name = normalise_domain(run.group().rstrip(DOTS))
        if name and name not in targets and is_nameserver(name, targets, zone):
            width = len(run.group().rstrip(DOTS))
            masked = masked[:run.start()] + "#" * width + masked[run.start() + width:]
    return masked


def replaced_before(pieces: list[tuple[str | None, str]], clause_from: int, replaced_from: int, targets: set[str],
                     zone: str) -> None:
    """At the end of a clause that said "replace" with no "with" or "by" after it ("we would like B to replace A", "B
    replaces A", "A is going away; B replaces it"): what was named before the word comes in."""
    if any(any(line_values(t, targets, zone).values()) for _, t in pieces[clause_from:replaced_from]) \
            and (any(any(line_values(t, targets, zone).values()) for _, t in pieces[replaced_from:])
                 or named_back(pieces, replaced_from, targets, zone)):
        pieces[clause_from:replaced_from] = [("add" if r in (None, "plain", "new") else r, t)
                                             for r, t in pieces[clause_from:replaced_from]]


# Between the values a verb of change is said of and the verb: a modal or a copula, nothing else ("A needs changing
# to B", "A and B should change over to C", "A is switching to B").
_SUBJECT_TO_VERB = re.compile(r"\s*,?\s*(?:(?:needs?|should|must|will|shall|is|are|has|have|to|be|now|then)\s+)*", re.I)


def subject_run(text: str, targets: set[str], zone: str) -> int | None:
    """Where the run of values that ends the text starts, when only a modal or a copula follows it ("On x.gov.uk A and
    B need " of "A and B need changing to C"): the values the verb after them changes. None when the text does not end
    so ("A is fine, B needs" gives B alone: "is fine" ends A's run)."""
    spans = [(m.start(), m.start() + len(m.group().rstrip(DOTS + ",;:"))) for m in RUN.finditer(text)
             if (h := normalise_domain(m.group().rstrip(DOTS + ",;:"))) and is_nameserver(h, targets, zone)]
    if not spans or not _SUBJECT_TO_VERB.fullmatch(text[spans[-1][1]:]):
        return None
    first = len(spans) - 1
    while first and _RUN_JOIN.fullmatch(text[spans[first - 1][1]:spans[first][0]]):
        first -= 1
    return spans[first][0]


def named_for_after_domain(text: str, targets: set[str], zone: str) -> list[str]:
    """The name servers that names after "for" take in after a domain asked about ("replace A with B for x.gov.uk, C
    with D": C): no domain the change is for, and left out of the reading, C would stay where it is to go."""
    out = []
    for m in FOR.finditer(text):
        names = [normalise_domain(r.group().rstrip(DOTS + ",;:")) for r in RUN.finditer(m.group())]
        after = [n for i, n in enumerate(names) if n and any(t in targets for t in names[:i])]
        out += [v for n in after for v in line_values(n, targets, zone)["nameservers"]]
    return out

