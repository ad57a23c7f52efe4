"""Parse (change request): shorthand that engineers and writers of English as a second language use for a change, put
in the words the reader reads (lines.py, before the layouts): sed's "s/A/B/", "A out, B in", "was:" over "now:", a
serial number's "S.No", "change A on B", "change A by B", "update the name servers as A and B", and a second pair
said without its verb ("replace A with B. Also C with D.")."""

import re
from functools import partial

from mailbot.parse.change_request.names import DOTS, is_nameserver, normalise_domain
from mailbot.parse.change_request.roles import ROLE
from mailbot.parse.change_request.simple_form import form_kind

# A serial number's column as Indian and other English writes its title ("S.No", "Sl.No"): no host name.
_SERIAL_NUMBER = re.compile(r"(?<![\w.])(?:S|Sr|Sl)\.\s?No\b\.?", re.I)
_WAS_LABEL = re.compile(r"(\W*)(?:was|were)\s*:\s*", re.I)
_NOW_LABEL = re.compile(r"(\W*)(?:now|is\s+now|are\s+now)\s*:\s*", re.I)
_SED_SUBSTITUTION = re.compile(r"(?<![\w/])s/(?P<old>[^/\s]+)/(?P<new>[^/\s]+)/[gI]*(?![\w/])")
_POSTFIX_IN_OUT = re.compile(r"(?P<value>(?<![^\s(,;:])[\w.-]+\.[a-z][\w-]*\.?)[\u200b-\u200d\u2060\ufeff]*"
                             r"\s+(?P<word>out|in)\b"
                             r"(?=\s*(?:[,;.)]|\band\b|$))", re.I)


# A word of the writer's own language glossed in English in the mail: "(dodaj = add, usuń = remove)", "N = new".
_GLOSS = re.compile(r"(?<![\w.+-])(?P<word>[^\W\d_]{2,20})\s*(?:=|\bmeans\b|\bstands\s+for\b)\s*[\"'\u201c]?"
                    r"(?P<role>add|remove|delete|keep|new|current|old)\b", re.I)


def glossary(lines: list[str]) -> dict[str, str]:
    """The words a mail glosses as a role ("In the attached CSV: dodaj = add, usuń = remove"): two glossed on a line, or
    one in brackets. A word the reader knows already, or a column's word ("action = add"), is no gloss."""
    words: dict[str, str] = {}
    for line in lines:
        found = list(_GLOSS.finditer(line))
        bracketed = [m for m in found if "(" in line[:m.start()] and ")" in line[m.end():]]
        for m in found if len(found) > 1 else bracketed:
            word = m["word"].lower()
            if not ROLE.fullmatch(word) and word not in ("action", "op", "operation", "type", "change", "status"):
                words[word] = m["role"].lower()
    return words


def glossed(lines: list[str], words: dict[str, str]) -> list[str]:
    """The lines with each glossed word as its English role ("dodaj" as "add"); the gloss itself as written."""
    if not words:
        return lines
    gloss = re.compile(r"(?<![\w.@-])(?:" + "|".join(map(re.escape, words)) + r")(?![\w.@-])", re.I)
    return [line if _GLOSS.search(line) else gloss.sub(lambda m: words[m.group().lower()], line) for line in lines]


def in_plain_words(lines: list[str], targets: set[str] = frozenset(), zone: str = "gov.uk") -> list[str]:
    """The lines with shorthand for a change put in the reader's words:
    - "S.No" (a serial number's column) as "No";
    - a label in two languages ("Serveur DNS 1 / Nameserver 1 :") as its half the simple form knows ("Nameserver 1:");
    - "was:" over one list and "now:" over another, each a label of its own: the delegation as it was and as it is to
      be (a change written as its diff), so "now" is "new:" (alone, "now:" is what the domain has);
    - sed's substitution of one name server by another ("s/ns1.old.net/ns3.new.net/g") as "replace A with B";
    - "change (server) A on B", as Polish and Czech say it ("zmienić A na B"), and "change A for B", as British English
      swaps one thing for another, as "change A to B": both name servers;
    - "update the name servers of x.gov.uk as A and B", as Indian English says it, and "change the name servers by A
      and B", as French says it ("par"), as "... to A and B";
    - "change A by B", as French and Spanish say it ("changer A par B"), as "replace A by B": both name servers;
    - a sentence giving a second pair without the verb of the one before it ("replace A with B. Also C with D.",
      "instead of A put B. And C by D."), as "Also replace C with D": a replacement said before it, on its line or
      one above; and
    - a name server with "out" or "in" after it ("A out, B in") as "remove A", "add B".
    A name server is never one of the domains asked about (`targets`) nor the zone: "change A on x.gov.uk" is asked."""
    host = partial(_host, targets=targets, zone=zone)
    lines = [_SERIAL_NUMBER.sub("No", line) for line in lines]
    lines = [_BILINGUAL_LABEL.sub(_known_half, line) for line in lines]
    if any(_WAS_LABEL.fullmatch(line) for line in lines) and any(_NOW_LABEL.fullmatch(line) for line in lines):
        lines = [_NOW_LABEL.sub(r"\1new:", line) for line in lines]
    lines = [_CHANGE_BY.sub(partial(_change_by_as_replace, host=host), line) for line in lines]
    lines = [_CHANGE_FIELD_BY.sub(lambda m: f"{m['verb']} {m['field']} to " if host(m["new"]) else m.group(), line)
             for line in lines]
    lines = [_changed_on(_UPDATE_AS.sub(partial(_update_as_to, host=host), line), host) for line in lines]
    lines = _second_pairs(lines, host)
    sed, postfix = partial(_sed_as_words, host=host), partial(_in_out_first, host=host)
    return [_POSTFIX_IN_OUT.sub(postfix, _SED_SUBSTITUTION.sub(sed, line)) for line in lines]


_HOST = r"[\w-]+(?:\.[\w-]+)+\.?"
_CHANGE_ON = re.compile(rf"\b(?P<verb>chang(?:e|ing))\s+(?P<field>(?:the\s+)?(?:(?:dns|name)\s*)?(?:server|ns)\s+)?"
                        rf"(?P<old>{_HOST})\s+(?:on|for)\s+(?P<new>{_HOST})", re.I)
_NS_WORDS = re.compile(r"\b(?:name\s*servers?|nameservers?|dns(?:\s+servers?)?|ns)\b", re.I)
_UPDATE_AS = re.compile(rf"\b(?P<verb>update|change|set|modify|amend)\b"
                        rf"(?P<mid>(?:[^.;:!?\n]|\.(?=\w)){{0,100}}?)\s+as\s+(?=(?P<new>{_HOST}))", re.I)
# "change the name servers (of x.gov.uk) by A", the verb's object the field and at most its domain: "by" is "to".
_CHANGE_FIELD_BY = re.compile(rf"\b(?P<verb>change|changing|modify|modifying|replace|replacing)\s+(?P<field>(?:the\s+)?"
                              rf"(?:name\s*servers?|nameservers?|dns(?:\s+servers?)?|ns)(?:\s+(?:of|for|on)\s+"
                              rf"(?:the\s+domain\s+)?{_HOST})?)\s+by\s+(?=(?P<new>{_HOST}))", re.I)


_AND_ON = re.compile(rf"(?P<verb>,|\band)\s+(?P<field>(?:the\s+)?(?:(?:dns|name)\s*)?(?:server|ns)\s+)?"
                     rf"(?P<old>{_HOST})\s+(?:on|for)\s+(?P<new>{_HOST})", re.I)


def _changed_on(line: str, host) -> str:
    """"change server A on B and server C on D" (or "for") as "change server A to B and server C to D": the pairs
    after the first, joined to it by "and" or a comma, are changed the same way."""
    changed = _CHANGE_ON.sub(partial(_change_on_as_to, host=host), line)
    return _AND_ON.sub(partial(_change_on_as_to, host=host), changed) if changed != line else line


_CHANGE_BY = re.compile(rf"\b(?:chang(?:e|ing)|modif(?:y|ying))\s+(?P<old>{_HOST})\s+by\s+(?P<new>{_HOST})", re.I)
# A replacement said in words: what a second pair said without a verb goes on from.
_REPLACING = re.compile(r"\b(?:replac\w*|swap\w*|exchang\w*|substitut\w*|instead\s+of|in\s+place\s+of)\b", re.I)
# "Also C with D", "And C by D", "Plus C for D" starting a sentence: a pair and no verb.
_SECOND_PAIR = re.compile(rf"(?P<pre>(?:^|[.;!?]\s+)\W*)(?P<lead>(?:also|and|plus|then|as\s+well)\s*,?\s+)"
                          rf"(?P<old>{_HOST})\s+(?P<by>with|by|for)\s+(?P<new>{_HOST})(?=\s*(?:[.;!]|$))", re.I)


# A label in two languages, each half before the colon ("Nom de domaine / Domain :", "Serveur DNS 1 / Nameserver 1 :").
_BILINGUAL_LABEL = re.compile(r"^(?P<indent>[ \t]*)(?P<first>[^\W\d][^:/|\n]{0,40}?)\s+/\s+"
                              r"(?P<second>[^\W\d][^:/|\n]{0,40}?)\s*:(?P<rest>.*)$")


def _known_half(m: re.Match) -> str:
    """The label as the one of its halves the simple form knows; as written when neither or both are known, or the
    two name different fields."""
    kind = form_kind(f"{m['first']} / {m['second']}")
    if kind is None or form_kind(f"{m['first']} {m['second']}") is not None:
        return m.group()
    return f"{m['indent']}{m['second'] if form_kind(m['second']) == kind else m['first']}:{m['rest']}"


def _change_by_as_replace(m: re.Match, host) -> str:
    return f"replace {m['old']} by {m['new']}" if host(m["old"]) and host(m["new"]) else m.group()


def _second_pairs(lines: list[str], host) -> list[str]:
    """The lines with each pair said without its verb after a replacement ("Also C with D") said with it: "Also
    replace C with D". Both of its values name servers; anywhere else, as written."""
    out, replacing = [], False
    for line in lines:
        def said(m: re.Match, before: str) -> str:
            if not (replacing or _REPLACING.search(before[:m.start()])) or not (host(m["old"]) and host(m["new"])):
                return m.group()
            return f"{m['pre']}{m['lead']}replace {m['old']} {m['by']} {m['new']}"
        out.append(_SECOND_PAIR.sub(partial(said, before=line), line))
        replacing = replacing or bool(_REPLACING.search(line))
    return out


def _change_on_as_to(m: re.Match, host) -> str:
    if not (host(m["old"]) and host(m["new"])):
        return m.group()
    return f"{m['verb']} {m['field'] or ''}{m['old']} to {m['new']}"


def _update_as_to(m: re.Match, host) -> str:
    """"update the name servers of x.gov.uk as A": the verb's object the name servers, a domain named at most, then
    "as" and a name server."""
    mid = m["mid"]
    if not _NS_WORDS.search(mid) or len(re.findall(_HOST, mid)) > 1 or not host(m["new"]):
        return m.group()
    return f"{m['verb']}{mid} to "


def _host(text: str, targets: set[str], zone: str) -> str | None:
    name = normalise_domain(text.replace("\\.", ".").rstrip(DOTS))
    # A domain under the zone ("x.gov.uk") is one asked about, or one to ask about: never a name server here.
    registrable = name is not None and name.endswith("." + zone) and name.count(".") == zone.count(".") + 1
    return name if name and is_nameserver(name, targets, zone) and not registrable else None


def _sed_as_words(m: re.Match, host) -> str:
    """"s/A/B/" of two name servers as "replace A with B"; any other substitution (a pattern, an empty side) as
    written."""
    old, new = host(m["old"]), host(m["new"])
    return f"replace {old} with {new}" if old and new else m.group()


def _in_out_first(m: re.Match, host) -> str:
    """"A out" as "remove A", "B in" as "add B": the role word before the value, as the reader reads it. Not after a
    verb that says the value is or stays there ("we have A in", "leave B in")."""
    if not host(m["value"]) or re.search(r"\b(?:have|has|had|is|are|was|were|be|been|being|keep|keeps|kept|leave"
                                          r"|leaves|left|stays?)\s*$", m.string[:m.start()], re.I):
        return m.group()
    return ("remove " if m["word"].lower() == "out" else "add ") + m["value"]
