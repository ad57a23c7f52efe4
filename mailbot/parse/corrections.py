"""Parse: corrections a sender makes inside their own mail, applied to their lines before the request is read.

Registrars, approvers and people on phones correct themselves in the same mail, above or below a list or table, in
a postscript or above a colleague's draft: "ns3 below is wrong - it should read ns4.example.net", "Correction: the
second name server should read ...", "Cywiriad: ... dylai fod ...". Read as written, such a mail asks for the typo.
The bot records a change only when it is sure of the records that result, so a correction is applied exactly (the
right value put wherever the wrong one is written, the correction taken out) or the mail is unsure and the bot asks.
A correction says that something written is wrong: "the new name servers should be A and B", "please use A instead
of B" and "the old server ns2 should be removed" are requests, left as they are.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass


@dataclass(frozen=True)
class Corrected:
    """The lines to read: corrected, or as given when they correct nothing. `changes` holds each (wrong, right)
    value put in place, so that the ticket can record why the request reads as it does."""

    lines: list[str]
    changes: tuple[tuple[str, str], ...] = ()
    # Servers the sender asks to keep as well ("the customer wants to keep ns1.x.net as well"), their sentence taken
    # out: current ones the new set is to hold beside the values written, which the reader adds where it read a set.
    kept: tuple[str, ...] = ()


@dataclass(frozen=True)
class Unsure:
    """A correction that cannot be applied with certainty: `reason` is one line to record and to ask about,
    `sentence` the sender's words that make it."""

    reason: str
    sentence: str


# Values: host names (an address's domain is not one), a short name ("ns4" for ns4.dnsimple.com), DS digests, and
# numbers, which are key tags only in a sentence that speaks of a key tag.
_HOST = re.compile(r"(?<![\w@.-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]\.?(?![\w-])",
                   re.I)
_SHORT = re.compile(r"(?<![\w.-])(?:ns|dns|pdns)-?\d{1,3}[a-z]?(?![\w-]|\.\w)", re.I)
_HEX = re.compile(r"(?<![\w.-])[0-9a-f]{32,}(?![\w-]|\.\w)", re.I)
_NUMBER = re.compile(r"(?<![\w.-])\d{1,5}(?![\w-]|\.\w)")
_VALUE = re.compile(f"(?P<host>{_HOST.pattern})|(?P<hex>{_HEX.pattern})|(?P<short>{_SHORT.pattern})", re.I)
_VALUE_OR_TAG = re.compile(f"{_VALUE.pattern}|(?P<tag>{_NUMBER.pattern})", re.I)
_TAG_WORD = re.compile(r"\bkey\s*-?\s*tag|\bkey\s+id\b|\btag\s+allwedd\b", re.I)
_DIGEST_WORD = re.compile(r"\bdigest\b|\bcrynodeb\b", re.I)
# Where a key tag is written in the lines: a field ("Key tag: 18585") or a DS record's first field.
_TAG_AT = re.compile(r"\bkey\s*-?\s*tag\b\W{0,4}(\d{1,5})\b|(?<![\w.])(\d{1,5})\s+\d{1,3}\s+[1-6]\s+[0-9a-f]{40,}",
                     re.I)

# Words that say something written in this mail is a slip ("typo", "ignore X", "X below"), and words that may say
# so or may ask for a change ("the current ones are wrong, they should be A and B", "NS records should read A"): a
# sentence with only these corrects a value only when the mail writes it elsewhere. "Ignore my last mail" is no slip.
_SLIP = re.compile(r"\b(?:correct(?:ion|ed)|cywiriad|typo|mis-?typed|mistake|camgymeriad|gwall|ignore|anwybyddwch|"
                   r"disregard|should\s+have\s+(?:been|said|read)|i\s+meant|erratum)\b", re.I)
_WRONG = re.compile(r"\b(?:wrong|incorrect|anghywir|amend(?:ed|ment)?|one\s+change|should\s+read)\b", re.I)
_NOT_SLIP = re.compile(r"\b(?:ignore|disregard)\s+(?:my|the|our|this|that)\s+(?:\w+\s+)?(?:e-?mails?|mails?|"
                       r"messages?|requests?|tickets?)\b", re.I)
_VAGUE = re.compile(r"\bone\s+of\s+(?:the|them|these|those|our)\b[^.!?]{0,60}\b(?:is|was)\s+(?:wrong|incorrect|a\s+"
                    r"typo|mistyped)|\bnot\s+sure\s+which(?:\s+(?:one|is\s+(?:right|correct)|of\s+them))?\W*$|\bconfirm\s+"
                    r"which\s+(?:one|is\s+(?:right|correct|wrong))|\bun\s+o'r\b[^.!?]{0,60}anghywir", re.I)
_AGAIN = re.compile(r"\b(?:ignore|disregard|scrap|forget)\s+(?:my|the|that)\s+(?:\w+\s+)?correction\b|\bcorrection"
                    r"\s+to\s+(?:my|the)\s+(?:\w+\s+)?correction\b|\bcywiriad\s+i'r\s+cywiriad\b", re.I)
_V = r"[\"'“‘]?\x00(\d+)\x00[\"'”’]?"  # a value on the skeleton of a sentence: "\0<index>\0", quoted or not
_RIGHT = re.compile(r"(?:\bshould\s+(?:have\s+)?(?:be|been|read|say|said)(?:\s+as)?|\bshd\s+be|\bdylai\s+(?:fod|"
                    r"ddarllen)|\buse|\bread|\b(?:right|correct|proper)\s+(?:one|value|name|server|host|tag|digest)?"
                    r"\s*is|\breplace\s+(?:it|this|that)\s+(?:with|by)|\bchange\s+(?:it|this|that)\s+to|\bdefnyddiwch"
                    r"|->|→|=>)\s*[:\-–]?\s*" + _V, re.I)
_INSTEAD = re.compile(_V + r"\s*(?:,?\s*(?:instead\s+of|in\s+place\s+of|rather\s+than|not|yn\s+lle)|[(,;\-–]\s*"
                      r"(?:i|we)\s+(?:mis-?typed|misspel(?:t|led)|wrongly\s+(?:wrote|typed|put))\s+(?:it|this|that)"
                      r"\s+as)\s+" + _V, re.I)
# "keep ns1.x.net as well", "retain ns1.x.net too", "leave ns1.x.net in as well", "also keep ns1.x.net".
_KEPT_WHICH = r"(?:(?:the|old|current|existing|name|server|one)\s+){0,3}"
_KEEP = re.compile(r"\b(?:keep|retain)\s+" + _KEPT_WHICH + _V + r"\s+(?:in\s+)?(?:as\s+well|too|also)\b"
                   r"|\bleave\s+" + _KEPT_WHICH + _V + r"\s+in\s+(?:as\s+well|too|also)\b"
                   r"|\balso\s+(?:keep|retain)\s+" + _V, re.I)
_WRONG_ONLY = re.compile(r"\b(?:ignore|anwybyddwch|disregard)\s+" + _V + "|" + _V + r"[^\x00.!?]{0,40}?\b(?:(?:is|was|"
                         r"looks)\s+(?:wrong|incorrect|a\s+typo|mistyped)|yn\s+anghywir)", re.I)
_WRITTEN = re.compile(_V + r"\s+(?:(?:in|on)\s+the\s+(?:list|table|form|sheet|order|mail|e-?mail)\s+)?(?:above|below"
                      r"|isod|uchod)\b|\b(?:draft|list|table|form|sheet|order|i|we)\s+(?:says|said|reads|shows|lists|has|"
                      r"typed|wrote|put|gave)\s+" + _V, re.I)
# A field said to be wrong with nothing that can be put in its place ("the digest type below is wrong"), and so a
# line, row or entry of a table or list by its place ("please ignore the second line of my table, it's wrong", "row 3
# is incorrect", "disregard the 2nd entry"): which of its values is meant, and what takes its place, a person asks.
_PLACE = r"(?:(?:first|second|third|fourth|fifth|sixth|last|[1-6](?:st|nd|rd|th))\s+(?:name\s*-?\s*server|one|ns|line" \
         r"|row|entry|item|record)|(?:line|row|entry|item)\s+(?:#\s*)?[1-6])"
_FIELD_WRONG = re.compile(r"\b(?:digest(?:\s+type)?|algorithm|key\s*-?\s*tag|flags|" + _PLACE + r")\b[^.!?]{0,40}"
                          r"(?:\b(?:is|was|are)|\bit(?:'s|\s+is))\s+(?:wrong|incorrect|a\s+typo|mistyped)"
                          r"|\b(?:wrong|incorrect|mistyped)\s+(?:digest|algorithm|key\s*-?\s*tag)\b"
                          r"|\b(?:ignore|disregard|delete|strike(?:\s+out)?|scratch|skip|anwybyddwch)\s+(?:the\s+|my\s+)?"
                          + _PLACE + r"\b", re.I)
_ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth"]
_ORDINAL = re.compile(r"\b(first|second|third|fourth|fifth|sixth|last|[1-6](?:st|nd|rd|th))\s+(?:name\s*-?\s*server"
                      r"|ns|one|entry|line|server|host)\b|\b(?:name\s*-?\s*server|ns)\s+#?\s*([1-6])\b", re.I)

# A line's piece that is one sentence; a line's end that goes on in the next line; the words left of a correction.
_PIECE = re.compile(r"\S.*?(?:[.!?]+[)\"'”’]*(?=\s+(?![a-z])|\s*$)|$)")
_GOES_ON = re.compile(r"\b(?:be|read|use|is|with|of|to|should|instead|than|not|fod|lle|ddarllen|wrong|incorrect)"
                      r"\s*[-–:,]?$", re.I)
_FILLER = re.compile(r"[\W_]*(?:(?:p\.?\s?p?\.?s|n\.?b|edit|update|sorry|apologies|oops|correction|cywiriad|typo|"
                     r"my\s+(?:mistake|bad)|sori)\b[\W_]*)*", re.I)
_CLAUSE = re.compile(r"\s[-–—]\s|[,;:(]\s*")
_OLD = re.compile(r"\b(?:current|currently|existing|old|remove|removing|delete|deleting|presennol|hen|dileu)\b", re.I)
_NEW = re.compile(r"\b(?:new|add|adding|proposed|desired|replacement|newydd|ychwanegu)\b", re.I)


@dataclass(frozen=True)
class _Token:
    kind: str  # host, short, hex or tag
    value: str  # host names lower-cased, without the root's dot; a digest as written
    start: int
    end: int


@dataclass(frozen=True)
class _Correction:
    span: tuple[int, int]  # what is taken out of the lines' text
    pairs: list[tuple[tuple[str, str], str | None]]  # (what is wrong, the right value or None: "X is wrong")
    said: str


def apply_corrections(lines: list[str]) -> Corrected | Unsure:
    """The sender's own lines with each correction they make applied, the correction itself taken out, so that the
    request reads as if written right; Unsure when a correction is there but cannot be applied with certainty."""
    text = re.sub("[\x00\x01]", "\ufffd", "\n".join(lines))  # the marks this module uses, never the sender's
    spans = _sentences(text.split("\n"))
    hosts = [t for t in _tokens(text, tags=False) if t.kind == "host"]
    found: list[_Correction] = []
    later: list[_Correction] = []  # "Sorry, ns4.x should be ns5.x": a correction only if it corrects one
    kept: list[str] = []  # "... wants to keep ns1.x.net as well": kept beside the values written
    cuts: list[tuple[int, int]] = []  # the sentences saying so
    for k, (a, b) in enumerate(spans):
        said, prev = text[a:b], text[spans[k - 1][0]:spans[k - 1][1]] if k else ""
        lead = bool(prev) and bool(_FILLER.fullmatch(prev))  # "Correction:" or "Sorry!" on a line of its own
        if (keep := _kept(said)) is not None:
            kept.append(keep)
            cuts.append((a, b))
            continue
        read = _read(said, marked=lead and bool(_SLIP.search(prev)))
        if isinstance(read, str):
            return Unsure(read, " ".join(said.split()))
        if read is not None:
            pairs, used, slip = read
            cut = a + _cut(said, used)
            written = all(kind not in ("host", "short") or any(
                not cut <= t.start < b and value in (t.value, t.value.split(".")[0]) for t in hosts)
                for (kind, value), _ in pairs)
            if written or (slip and any(right for _, right in pairs)):
                found.append(_Correction((spans[k - 1][0] if lead and cut == a else cut, b), pairs,
                                         " ".join(said.split())))
                continue
        if isinstance(again := _read(said, marked=True), tuple):
            later.append(_Correction((a, b), again[0], " ".join(said.split())))
    if not found and not kept:
        return Corrected(list(lines))
    rights = {right for c in found for _, right in c.pairs}
    for c in found + later:
        for (kind, value), right in c.pairs:
            if (kind == "host" and value in rights) or (kind == "short" and any(
                    r and r.partition(".")[0] == value and r != right for r in rights)):
                return Unsure("a correction corrects an earlier correction", c.said)
    masked = text  # the text without the corrections, of the same length: where the wrong values are looked for
    for a, b in [c.span for c in found] + cuts:
        masked = masked[:a] + re.sub(r"[^\n]", " ", masked[a:b]) + masked[b:]
    edits = {span: re.sub(r"[^\n]+", "\x01", text[span[0]:span[1]]) for span in [c.span for c in found] + cuts}
    changes: dict[str, str] = {}
    for c in found:
        for ref, right in c.pairs:
            where = _resolve(masked, ref, right)
            if isinstance(where, str):
                return Unsure(where, c.said)
            if where is None:
                return Unsure(f"a correction replaces {ref[1]}, which the mail does not give", c.said)
            if right is None:
                return Unsure(f"says {where[0]} is wrong without giving what should replace it", c.said)
            if changes.setdefault(where[0], right) != right:
                return Unsure(f"two corrections of {where[0]} disagree", c.said)
            edits.update({spot: right for spot in where[1]})
    for (a, b), new in sorted(edits.items(), reverse=True):
        text = text[:a] + new + text[b:]
    kept_lines = []  # a line the correction took out goes, but not what else the sender said on it
    for line in text.split("\n"):
        rest = re.sub(r"\s*\x01+\s*", " ", line).strip() if "\x01" in line else line
        if rest is line or not _FILLER.fullmatch(rest):
            kept_lines.append(rest)
    return Corrected(kept_lines, tuple(changes.items()), tuple(dict.fromkeys(kept)))


def _kept(said: str) -> str | None:
    """The server a sentence asks to keep as well, when that is all it says of values: it names that one host name
    and no other value, and speaks of no slip ("keep ns1.x.net as well - the list below has a typo" is no such
    sentence)."""
    tokens = _tokens(said, False)
    if len(tokens) != 1 or tokens[0].kind != "host" or _domain(tokens[0].value) or _SLIP.search(said):
        return None
    skeleton = said[:tokens[0].start] + "\x000\x00" + said[tokens[0].end:]
    return tokens[0].value if _KEEP.search(skeleton) else None


def _sentences(lines: list[str]) -> list[tuple[int, int]]:
    """Where each sentence of the lines starts and ends in their text joined by newlines. A sentence goes on into
    the next line when its line ends without a stop and the next starts with a plain lower-case word, or its line
    ends on a word that needs more ("it should be"): a correction wrapped by the sender's mail client."""
    text = "\n".join(lines)
    spans: list[tuple[int, int]] = []
    open_: tuple[int, int] | None = None
    base = 0
    for line in lines:
        pieces = [(base + m.start(), base + m.end()) for m in _PIECE.finditer(line)]
        if open_ is not None:
            before = text[open_[0]:open_[1]]
            if pieces and not re.search(r"[.!?:;)]$", before) and line[:1].strip() and (
                    re.match(r"\s*[a-z]+[ ,;]", line) or _GOES_ON.search(before)):
                pieces[0] = (open_[0], pieces[0][1])
            else:
                spans.append(open_)
        spans.extend(pieces[:-1])
        open_ = pieces[-1] if pieces else None
        base += len(line) + 1
    if open_ is not None:
        spans.append(open_)
    return spans


def _tokens(text: str, tags: bool) -> list[_Token]:
    """The values in a text, in order: host names, digests, short names and, when `tags`, key tags."""
    found = []
    for m in (_VALUE_OR_TAG if tags else _VALUE).finditer(text):
        kind = m.lastgroup or ""
        value = m.group() if kind == "hex" else m.group().lower().rstrip(".")
        if kind != "tag" or int(value) <= 65535:
            found.append(_Token(kind, value, m.start(), m.end()))
    return found


def _domain(value: str) -> bool:
    """Whether a host name is a .gov.uk domain itself (the one the mail is about), not one of its name servers."""
    return value.endswith(".gov.uk") and value.count(".") == 2


def _read(said: str, marked: bool) -> tuple[list[tuple[tuple[str, str], str | None]], list[_Token], bool] | str | None:
    """What a sentence corrects: (the pairs of what is wrong and what is right, the values they use, whether it
    speaks of a slip in what is written), a reason to be unsure, or None when it corrects nothing. What is wrong is a
    value (kind, value), a position ("position", "2") or the only key tag or digest written ("tag", "")."""
    if _AGAIN.search(said):
        return "a correction corrects an earlier correction"
    if _VAGUE.search(said):
        return "says a value is wrong without saying which"
    tokens = _tokens(said, bool(_TAG_WORD.search(said)))
    skeleton, at = "", 0
    for n, token in enumerate(tokens):
        skeleton += said[at:token.start] + f"\x00{n}\x00"
        at = token.end
    skeleton += said[at:]
    if m := _KEEP.search(skeleton):
        kept = tokens[int(m.group(1) or m.group(2))].value
        return f"asks to keep {kept} as well: an addition to the values written, not a replacement"
    slip = bool(marked or _SLIP.search(_NOT_SLIP.sub("", said)) or _WRITTEN.search(skeleton))
    if not (slip or _WRONG.search(said)):
        return None
    pairs: list[tuple[tuple[str, str], str | None]] = []
    used: list[_Token] = []
    for m in _INSTEAD.finditer(skeleton):  # "use ns2.x.net instead of ns5.x.net", "it's A (I mistyped it as B)"
        right, wrong = tokens[int(m.group(1))], tokens[int(m.group(2))]
        if (wrong.kind, right.kind) in _FITS:
            pairs.append(((wrong.kind, wrong.value), right.value))
            used += [right, wrong]
    for m in _RIGHT.finditer(skeleton):  # "ns5 below is wrong, it should read ns2.x.net"
        right = tokens[int(m.group(1))]
        if right in used or right.kind not in ("host", "hex", "tag"):
            continue
        left = skeleton[:m.start()]
        last = [int(x) for x in re.findall(r"\x00(\d+)\x00", left)
                if (tokens[int(x)].kind, right.kind) in _FITS and not _domain(tokens[int(x)].value)]
        between = left[left.rindex(f"\x00{last[-1]}\x00"):] if last else left
        ordinal = _ORDINAL.search(between[-80:])
        if last and len(between) <= 90 and not ordinal:
            wrong = tokens[last[-1]]
            pairs.append(((wrong.kind, wrong.value), right.value))
            used.append(wrong)
        elif ordinal and right.kind == "host":
            word = (ordinal.group(1) or ordinal.group(2)).lower()
            place = "-1" if word == "last" else str(_ORDINALS.index(word) + 1 if word in _ORDINALS else int(word[0]))
            pairs.append((("position", place), right.value))
        elif (right.kind == "tag" and _TAG_WORD.search(left)) or (right.kind == "hex" and _DIGEST_WORD.search(left)):
            pairs.append(((right.kind, ""), right.value))
        elif slip:
            return f"a correction gives {right.value} without saying which value it replaces"
        else:  # "the current ones are wrong, they should be A and B": a request
            return None
        used.append(right)
    if not pairs:  # "Please ignore ns5 in the list below", "ns5 below is wrong"
        named = [tokens[int(next(g for g in m.groups() if g))] for m in _WRONG_ONLY.finditer(skeleton)]
        pairs, used = [((t.kind, t.value), None) for t in named], named
    if not pairs and _FIELD_WRONG.search(said):
        return "says a value is wrong without giving one that can be put in its place"
    return (pairs, used, slip) if pairs else None


# Which kind of written value a kind of right value can replace.
_FITS = {("host", "host"), ("short", "host"), ("hex", "hex"), ("tag", "tag")}


def _cut(said: str, used: list[_Token]) -> int:
    """Where the correction starts in its sentence: at its start, unless the sentence also says other values ("Please
    set A, B and C - sorry, C should read D"), whose part is kept from the clause that speaks of a mistake."""
    others = [t for t in _tokens(said, bool(_TAG_WORD.search(said))) if t not in used and not _domain(t.value)]
    if not others:
        return 0
    start = min([m.start() for m in (_SLIP.search(said), _WRONG.search(said)) if m] + [t.start for t in used])
    after = max((t.end for t in others if t.start < start), default=0)
    clauses = [m.start() for m in _CLAUSE.finditer(said, 0, start) if m.start() >= after]
    return clauses[0] if clauses else start


def _resolve(masked: str, ref: tuple[str, str], right: str | None) -> tuple[str, list[tuple[int, int]]] | str | None:
    """The value a correction replaces and where it is written in the lines outside the corrections; None when it is
    not written there, or a reason to be unsure: a short name of two hosts, a position in no one clear list, a value
    written in different roles."""
    kind, value = ref
    tokens = _tokens(masked, tags=False)
    hosts = [t for t in tokens if t.kind == "host" and not _domain(t.value)]
    if kind == "short":
        named = sorted({t.value for t in hosts if t.value.partition(".")[0] == value})
        if len(named) > 1 and right:  # "ignore ns4, it should be ns1.dnsimple.com": ns4.dnsimple.com
            named = [h for h in named if h.partition(".")[2] == right.partition(".")[2]] or named
        if len(named) > 1:
            return f"a correction names {value}, which could be {' or '.join(named)}"
        if not named:
            return None
        kind, value = "host", named[0]
    if kind == "position":
        roles = {_role(masked, t.start) for t in hosts}
        rows = list(Counter(masked.count("\n", 0, t.start) for t in hosts).values())
        order = list(dict.fromkeys(t.value for t in hosts))
        place = int(value) - (int(value) > 0)
        if roles - {"", "new"} or (len(rows) > 1 and max(rows) > 1) or not -len(order) <= place < len(order):
            return "a correction names a name server by its place, and the mail gives no one clear list"
        kind, value = "host", order[place]
    if kind == "tag":
        spots = [(m.start(m.lastindex), m.end(m.lastindex)) for m in _TAG_AT.finditer(masked)]
        written = {masked[a:b] for a, b in spots}
        if not value and len(written) != 1:
            return "a correction gives a key tag, and the mail gives none or several"
        value = value or min(written)
        return (value, [s for s in spots if masked[s[0]:s[1]] == value]) if value in written else None
    same = [t for t in tokens if t.kind == kind and (t.value.lower() == value.lower() if value else kind == "hex")]
    if kind == "hex" and not value:
        if len({t.value.lower() for t in same}) != 1:
            return "a correction gives a digest, and the mail gives none or several"
        value = same[0].value
    if not same:
        return None
    shown = [t for t in same if masked[t.start - 3:t.start] != "://"]  # a client's link to a host is the host
    lines = [masked.count("\n", 0, t.start) for t in shown]
    roles = {_role(masked, t.start) for t in shown}
    if len(shown) > 1 and (len(set(lines)) < len(lines) or "both" in roles or {"old", "new"} <= roles):
        return f"a correction replaces {value}, which the mail gives in more than one role"
    return value, [(t.start, t.end - (masked[t.end - 1] == "." and kind == "host")) for t in same]


def _role(masked: str, at: int) -> str:
    """Whether a value is written as a current one ("old"), a new one ("new"), in a table of both ("both") or in no
    role (""): by the words before it on its line, else by the nearest line above that names a role (a list's or a
    table's heading)."""
    start = masked.rfind("\n", 0, at) + 1
    above = masked[:start].split("\n")[:-1]
    for words in [masked[start:at]] + above[::-1][:8]:
        words = _HOST.sub(" ", words)
        old, new = bool(_OLD.search(words)), bool(_NEW.search(words))
        if old or new:
            return "both" if old and new else "old" if old else "new"
    return ""


# Words saying a value written somewhere was the writer's slip. A sentence with them that names a value, left in the
# lines once each correction that could be applied is taken out, corrects a value the lines do not give: one in a
# request it quotes or an earlier mail ("Sorry, correction to the below: it's ns3.x.net (I mistyped it as ns8.x.net)").
# "Correction:" alone heads a request given whole as often as a slip ("Correction: please change the name servers of
# x.gov.uk to A and B instead"): it counts only said of something written ("correction to the below").
_SLIP_OF_VALUE = re.compile(r"\b(?:correction\s+(?:to|of|on)\s+(?:the|my|our)\b|cywiriad|typo|mis-?typed"
                            r"|mis-?spel(?:t|led)|erratum|should\s+have\s+(?:been|said|read)|i\s+meant(?!\s+to\b))\b",
                            re.I)


def unapplied(lines: list[str]) -> str:
    """The first sentence of corrected lines (apply_corrections' own) that says a value was a slip and names one, or
    "": read as a request, its values would record the slip beside the value meant, and the rest of the set not at
    all."""
    text = "\n".join(lines)
    for a, b in _sentences(lines):
        said = text[a:b]
        if _SLIP_OF_VALUE.search(_NOT_SLIP.sub("", said)) and any(
                t.kind in ("host", "hex") and not _domain(t.value) for t in _tokens(said, tags=False)):
            return " ".join(said.split())
    return ""
