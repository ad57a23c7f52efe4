"""Parse (change request): the words that say a value's role (new, add, remove, current, keep), as a word in a
sentence, a label or a column's heading, and the words of replacing that pair one value with another ("replace A with
B", "A -> B", "use B instead of A", "A should be replaced by B")."""

import re

from mailbot.parse.change_request.ds_records import DS_FIELD_LABEL
from mailbot.parse.change_request.names import mask_names
from mailbot.parse.change_request.values import BULLET_MARKS

# A word that says what the values after it are, by families: each role's words with their inflections ("remove",
# "removes", "removed", "removing", "removal(s)"). Matched left to right, longest first, so that "to be removed" is a
# removal, not "to"; and "to", "into", "with" and "to be" say "new" only when no other role word follows them ("To
# remove:", "Servers to add", "to keep" say the verb's role). "following" and "below" point at the values and keep
# the role said before them ("add the following": additions), new when none was. "from" is the current records only
# as a label of its own ("From:", a column "From").
_REMOVE_WORDS = r"""out\s+with
         |(?:to\s+be|being)\s+(?:removed|deleted|retired|decommissioned|dropped|withdrawn|deprecated
         |discontinued|phased\s+out|taken\s+out)
         |(?:to\s+be|being)\s+replaced(?!\s+(?:by|with)\b)
         |remov(?:e|es|ed|ing|als?)|delet(?:e|es|ed|ing|ions?)|rem|del|drop(?:s|ped|ping)?|withdraw(?:s|n|ing|als?)?
         |no\s+longer
         |(?<=\bto\s)go(?!\s+(?:to|into|onto|over|across|live|ahead|back|through|in)\b)
         |going(?=\s*(?:[:(,.;]|$))
         |retir(?:e|es|ed|ing|ements?)|decommission(?:s|ed|ing)?|deprecat(?:e|es|ed|ing|ions?)
         |discontinu(?:e|es|ed|ing)|phas(?:e|es|ed|ing)\s+out|outgoing
         |(?:take|takes|taking|took|taken)\s+(?:(?:the|a|an|one|ones|two|both|of|our|its|their|this|that|these|those
          |it|them|old|existing|current|ds|dnssec|keys?|records?|name\s*servers?|servers?|ns)\s+){0,4}?(?:out|off|away)
         |(?:pull|pulls|pulled|pulling|strip|strips|stripped|stripping)\s+out|get\s+rid\s+of|stop\s+using
         |going\s+away"""
_KEEP_WORDS = r"""keep(?:s|ing)?|kept|retain(?:s|ed|ing)?|unchanged|unaltered|no\s+change|no\s+action
         |leav(?:e|es|ing)(?:\s+(?:as\s+is|alone|unchanged|in\s+place))?
         |(?:stay(?:s|ing)?|remain(?:s|ing)?)(?=\s*(?:[:(,.;]|$|as\s+(?:is|they|it)|(?:the\s+)?same|unchanged|in\s+place|put
          |for\s+now|published|in\s+(?:the\s+)?zone))
         |(?<=\bto\s)(?:stay|remain)"""
# "Actual" where Spanish, Polish, Czech and other languages' "actual"/"aktualny"/"aktuální" mean current, as a field's
# adjective or a heading ("Actual DNS servers:", "The actual nameservers are A and B, the new ones C and D", "Actual |
# New"): what the domain has now. Not "actually", nor "actual" before other words ("the actual change is ..."). Read in
# English as "real", the values would be what the domain really has: the same records.
_ACTUAL = r"""actual(?=\s+(?:dns|name[\s-]?servers?|nameservers?|ns|ds|servers?|records?|delegation|set|values?|ones?
          |keys?)\b|\s*[:(]|\s*$)"""
_CURRENT_WORDS = rf"""current(?:ly)?|old|existing|{_ACTUAL}|present(?:ly)?|previous(?:ly)?|was|were
         |before\s+the\s+change
         |at\s+(?:the\s+)?(?:moment|present)|right\s+now|as\s+(?:things\s+)?(?:stand|stands|it\s+stands)
         |prior\s+to\s+the\s+change|as\s+is|former(?:ly)?|legacy|original|active|in[\s-]use|(?<!go[\s-])live
         |(?:are|is|am|'re|'s)\s+(?:still\s+|currently\s+|presently\s+)?(?:on(?!\s+for\b)|using|pointed\s+(?:at|to)
          |pointing\s+(?:at|to)|delegated\s+to|hosted\s+(?:on|at|by|with))"""
# "Put it in as the DS" is no addition (ENTERS_AS): it enters the values pointed at in the role said of them ("Please
# add a DS record with:", "Please set the DS to the two below, replacing what is there now.").
_ADD_WORDS = r"""in\s+with|pre-?publish(?:es|ed|ing)?
         |(?:to\s+be|being)\s+(?:added|inserted|introduced)|add(?:s|ed|ing|itions?|itional)?|plus
         |insert(?:s|ed|ing|ions?)?|append(?:s|ed|ing)?|introduc(?:e|es|ed|ing|tions?)
         |(?:put|puts|putting)\s+(?:(?:it|them|this|these|that|those)\s+)?(?:in|on)\b(?!\s+place\b)
          (?!\s+as\s+(?:the|its|their)\b)
         |(?:bring|brings|bringing|brought)\s+in|(?:to\s+)?(?:come|comes|coming|go|goes|going)\s+in\b
         |(?:publish|install|upload|submit|lodge|register)(?:es|s|ed|ing)?(?=\s+(?:[\w'-]+\s+){0,3}?(?:ds|dnssec|keys?)\b)
         |(?:include[sd]?|including)(?=\s+(?:[\w'-]+\s+){0,3}?(?:ds|dnssec|keys?|name\s*servers?|nameservers?|ns)\b)
         |creat(?:e|es|ed|ing)
         |(?:alongside|in\s+addition\s+to|as\s+well\s+as|on\s+top\s+of|besides?|next\s+to|together\s+with)\s+(?:the\s+|our\s+|its\s+)?
          (?:current|existing|present|old|live|active)\b(?:\s+(?:ones?|records?|keys?|name\s*servers?|ds(?:\s+records?)?))?"""
ENTERS_AS = re.compile(r"\b(?:put|puts|putting|enter|enters|entering)\s+(?:(?:it|them|this|these|that|those)\s+)?"
                       r"(?:in\s+)?as\s+(?:the|its|their)\s+(?:ds|dnssec|name[\s-]?servers?|ns|delegation)\b", re.I)
REPLACING_CURRENT = r"""(?:replacing
          |(?:to|that|which|these|they|those|will|shall|should|must|(?:are|is)\s+to)\s+replace[s]?
          |in\s+place\s+of|instead\s+of|rather\s+than)
          \s+(?:(?:all|any|whatever)\s+)?(?:of\s+)?(?:the\s+|our\s+|its\s+|their\s+)?
          (?:(?:existing|current|old|present|live)(?:\s+(?:ones|name\s*servers?|ns|records?|ds(?:\s+records?)?|set))?
          |(?:ones|name\s*servers?|ns|records?|ds(?:\s+records?)?)\s+(?:(?:the|this|these|those)\s+domains?|it|they)
           \s+(?:has|have)(?:\s+(?:now|currently|at\s+present))?
          |what(?:ever)?\s+(?:is|are|it\s+has|they\s+have|(?:the|this)\s+domain\s+has)(?:\s+(?:there|in\s+place))?
           (?:\s+(?:now|currently|at\s+present|at\s+the\s+moment))?)"""
# "Modified" and "amended" only as a label's word ("Name Servers (Modified) :", a console's label for the values as the
# customer changed them): in a sentence they say what was done ("we modified the zone on A and B").
_NEW_WORDS = rf"""{REPLACING_CURRENT}
         |new|proposed|requested|required|future|desired|target|replacement|updated|revised|(?:modified|amended)(?=\s*[):])|wanted|intended|onto
         |(?:should|must|shall|needs?\s+to|are\s+to)(?:\s+now)?\s+(?:be|read)|will\s+be|(?:should|will|shall|must|to|please|kindly)(?:\s+(?:now|both|all|each|then|instead))?\s+use|(?:should|must|will|shall|to)\s+(?:now\s+)?point\s+(?:at|to)|becomes?|after\s+the\s+change|incoming
         |(?:move|moves|moving|migrate|migrates|migrating|change|changes|changing|switch|switches|switching|transfer
          |transfers|transferring)\s+(?:it\s+|them\s+)?(?:over\s+|across\s+)?(?:to|onto)
         |(?:set|put|move|switch|change|place|transfer|migrate)(?:s|ting|ing)?\s+(?:it|them|this|that|the\s+domain|our\s+domain
          |x{{3,}})\s+(?:on|onto|over\s+to|across\s+to)
         |(?:please|kindly|can\s+you|could\s+you|would\s+you|to)\s+(?:please\s+)?(?:re-?)?point\s+(?:it|them|this|that
          |the\s+domain|our\s+domain|x{{3,}})\s+(?:at|to)|needs?\s+(?:re-?)?pointing\s+(?:at|to)
         |(?:want|wants|wanted|need|needs|like)\s+(?:it|them|the\s+domain|our\s+domain|x{{3,}})\s+(?:re-?)?point(?:ing|ed)
          \s+(?:at|to)
         |so(?:\s+that)?\s+(?:it|they|the\s+domain|our\s+domain|x{{3,}})\s+(?:then\s+|now\s+)?(?:uses|use|points?\s+(?:at|to)
          |(?:is|are)\s+delegated\s+to|are|become|becomes|read|reads)"""
ROLE = re.compile(rf"""\b(?:
      (?P<remove>{_REMOVE_WORDS})
    | (?P<keep>{_KEEP_WORDS})
    | (?P<current>{_CURRENT_WORDS})
    | (?P<add>{_ADD_WORDS})
    | (?P<new>{_NEW_WORDS}
         |(?:to\s+be|with|to|into)(?!\s+(?:{_REMOVE_WORDS}|{_KEEP_WORDS}|{_ADD_WORDS}|{_NEW_WORDS})\b))
    | (?P<pointer>below|following)
    )\b""", re.I | re.X)
# A heading or label of one word that names a role only as the whole of it ("Before | After", "Now | Future", "From
# name servers | To name servers", "+" and "-" of an action column): in a sentence these words say nothing of the
# values ("before Friday", "from Monday").
_LABEL_ROLE = {"current": re.compile(r"before|now|today|as[\s-]+is|from", re.IGNORECASE),
               "new": re.compile(r"after|to[\s-]+be", re.I),
               # "In | A", "Out | B": a server coming in or going out, as a row's action or a list's label.
               "add": re.compile(r"in|on", re.I), "remove": re.compile(r"out|off", re.I)}
MARK_ROLE = {"+": "add", "-": "remove", "\u2212": "remove", "\u2013": "remove"}
# A name server's field by any of the words forms and consoles give it: "Name server", "Nserver", "NS", "DNS",
# "Host", "Hostname", with "_" as a space ("ns_1").
NS_FIELD = (r"n(?:ame)?[\s_-]?servers?|ns(?:\s*records?)?|dns|delegation|host(?:s|[\s_-]?names?)?"
             r"|server(?=\s*[\[#(]?\s*\d)")
# A word that names a role only as a label of its own, right before the label's ":" or "=": "Now:", and "before" or
# "after" with the field's name and a count after it ("Before nameservers:", "After (2):", "After DS records:").
LABEL_WORD_AT = re.compile(rf"\b(?:before|after)(?:\s+(?:the\s+)?(?:{NS_FIELD}|ds(?:\s+records?)?|records?))?"
                           r"(?:\s*\(\s*\d+\s*\))?(?=\s*[:=])|\b(?:now|today)(?=\s*[:=])", re.I)
_FIELD_WORDS_IN_LABEL = re.compile(rf"(?<![^\W_])(?:{NS_FIELD}|servers?|records?|set)(?![^\W\d_])"
                                   r"|[():#\d]", re.I)
# "please change X to Y and change Z to W": each change starts afresh.
CHANGE_START = re.compile(r"\b(?:change|update|amend|move|switch|set|swap\s+out|publish|(?:re-?)?delegate)\b", re.I)
FROM_LABEL = re.compile(rf"\s*[{BULLET_MARKS}]?\s*from\s*[:\-\u2013]?\s*", re.I)
# "from" of a time ("from now on", "from Monday", "from 1 December") names no records being replaced.
REPLACE = re.compile(r"\breplac(?:e|es|ed|ing)\b|\bswap(?:s|ped|ping)?\b|\bexchang(?:e|es|ed|ing)\b"
                      r"|\bfrom\b(?!\s+(?:now|today|tonight|tomorrow|then|next|this|that\s+(?:date|time|day)|the\s+(?:start|end)"
                      r"|(?:mon|tues|wednes|thurs|fri|satur|sun)day|\d))"
                      r"|\bsupersed(?:e|es|ing)\b|\b(?:take|takes|taking|took)\s+the\s+place\s+of\b", re.I)
# "retire A in favour of B": what follows comes in; "use B in favour of A", as "instead of": what follows goes.
FAVOUR = re.compile(r"\bin\s+favou?r\s+of\b", re.I)
# "substitute B for A" puts B in A's place, "substitute A with B" takes A out: the word after the values says which.
SUBSTITUTE = re.compile(r"\bsubstitut(?:e|es|ed|ing)\b", re.I)
# "use B instead of A", "B in place of A", "B rather than A": what stood before comes in, what follows goes.
INSTEAD = re.compile(r"\b(?:instead\s+of|in\s+place\s+of|in\s+lieu\s+of|rather\s+than)\b", re.I)
BY = re.compile(r"\bby\b", re.I)  # "replace A by B"
# "retire A and use B in its place", "take out A and put B in instead": what the second verb names comes in.
IN_PLACE = re.compile(r"\b(?:in\s+(?:its|their)\s+(?:place|stead)|instead)\b(?!\s+of\b)", re.IGNORECASE)
# A sentence's end, in a text whose values are masked; one whose next sentence points back at its values ("These
# replace ...", "They are ...") goes on.
STAYS = re.compile(r"stay|remain|unchanged|unaltered", re.IGNORECASE)  # a verb of staying, after what stays
# The subject of a verb of staying that names no value: "(rest unchanged)", "everything else stays", "the other name
# servers remain as they are", "all others unaltered".
THE_REST = re.compile(r"\b(?:the\s+)?(?:rest(?:\s+of\s+(?:the|them|it)(?:\s+(?:name\s*servers?|nameservers?|servers?"
                      r"|ns|records?))?)?|everything\s+else|all\s+else|anything\s+else|nothing\s+else|(?:all\s+)?"
                      r"(?:the\s+)?others?|(?:all\s+)?(?:the\s+)?(?:other|remaining)\s+(?:name\s*servers?|nameservers?"
                      r"|servers?|ns|records?|ones))\s*(?:(?:is|are|will|should|shall|can|must|to|be|still|all)\s+)*$",
                      re.IGNORECASE)
# "have A added", "get A taken off", and what one wishes done ("we'd like A added", "we want A removing", as British
# English says it too).
HAVE_DONE = re.compile(r"\b(?:have|get|having|getting|like|want|wants|wanted|need|needs)\b[^.;:!?]*$",
                       re.IGNORECASE)
# "Could you put A on x.gov.uk as an extra name server?": a verb of putting a value in, and words after it calling it
# one more server than the domain has: it is added beside the others.
AS_EXTRA = re.compile(r"\bas\s+(?:an?\s+)?(?:extra|additional|further|another)\b"
                      r"(?=\s+(?:(?:dns|name|ns)\s*servers?|nameservers?|ns|servers?|one|secondary|delegation)\b)",
                      re.I)
PUTTING = re.compile(r"\b(?:put|puts|putting|pop|pops|popping|stick|sticks|include|includes|list|set\s+up|use|have"
                     r"|enter|register|configure|slot|slip)\b", re.I)
STOP = re.compile(r"[.!?](?=\s+[A-Z][a-z])(?!\s+(?:These|They|Those|This|It|Both|Each|All)\b)")
# "in place of A, use B": the verb after a leading "in place of".
USE = re.compile(r"\b(?:use|put|have)\b", re.IGNORECASE)
THEN_USE = re.compile(r"(?:\band|\bthen|,|;)\s+(?:please\s+)?"
                       r"(?:use|put|place|set|have|insert|add|publish|enter|create)\b", re.IGNORECASE)
NEGATED = re.compile(r"(?:\b(?:not|never|nor|without|no\s+need\s+to)|n't)\s+(?:[a-z]+\s+){0,2}$", re.I)
# "A should be replaced by B", "A is to be replaced with B", "A becomes B": what was named before goes, what follows
# comes in; with nothing named before, what follows is the new set ("the name servers become:").
# "A swapped out for B", "A exchanged for B", "we need A switched over to B": the participle of a swap says the same.
PASSIVE = re.compile(r"\b(?:(?:should|will|must|shall|is|are|to|can)\s+(?:now\s+)?(?:be\s+|being\s+)?|being\s+|be\s+)?"
                      r"(?:(?:replaced|superseded|succeeded)\s+(?:by|with)"
                      r"|(?:swapped|switched|exchanged|traded)(?:\s+(?:out|over))?\s+(?:for|with|to))\b"
                      r"|\b(?:(?:will|should|shall)\s+(?:now\s+)?)?become(?:s|\s+to)?\b", re.I)
# A verb of change with what the values become after it ("A needs changing to B", "A is switching over to B"): what
# stands before it goes, what follows comes in, as in "change A to B".
CHANGED_TO = re.compile(r"(?:chang|switch|mov|migrat|transfer)\w*\s+(?:over\s+|across\s+)?(?:to|onto)", re.I)
# A value's rank among the name servers, said after it in a sentence ("set A as the primary and B as the secondary
# name server", "A as NS1").
RANK_NUMBER = {"primary": 1, "secondary": 2, "tertiary": 3, "quaternary": 4, "first": 1, "second": 2, "third": 3,
               "fourth": 4, "ns1": 1, "ns2": 2, "ns3": 3, "ns4": 4}
RANKED = re.compile(r"\bas\s+(?:the\s+|our\s+|its\s+)?(?P<rank>primary|secondary|tertiary|quaternary|first|second|third"
                    r"|fourth|ns[1-4])\b(?=\s*(?:(?:name\s*servers?|nameservers?|ns|dns)\b|[,.;)]|and\b|$))", re.I)
# An arrow as people type it ("->", "=>", "-->", a ">" between spaces) or a font draws it.
ARROW = re.compile(r"-+>|=+>|(?<=\s)>(?=\s)|[\u2192\u27f6\u21d2\u2794\u279c\u27a1\u21e8]")
# "for nhs.uk, example.com and gds.gov.uk": names after "for" are what the change is for, never values.
FOR = re.compile(r"\b(?:for|of)\b(?:\s*(?:,|\band\b|&)?\s*[\w\u0300-\u036f-]+(?:\.[\w\u0300-\u036f-]+)+)+", re.I)
FIELD_WORD = {
    "nameservers": re.compile(rf"(?<![^\W_])(?:{NS_FIELD}|delegat\w*)(?![^\W\d_])", re.I),
    "ds": re.compile(rf"\bds\b|\bdnssec\b|^\W*(?:{DS_FIELD_LABEL})(?![\w-])|\bkey\s*tag\b|\bdigest\b", re.I),
}


# The words a label naming only the field may hold besides the field's own words, its numbers and role words.
_NEUTRAL_LABEL_WORDS = {"domain", "the", "for", "of", "list", "entries", "entry", "server", "servers", "please",
                        "value", "values", "dns", "ds", "dnssec", "data", "details", "record", "records", "host",
                        "hosts", "hostname", "hostnames", "names", "name", "field", "set", "use", "ns", "is", "are",
                        "primary", "secondary", "tertiary", "no", "number", "st", "nd", "rd", "th", "first",
                        "second", "third", "fourth", "fifth", "sixth", "one", "two", "three", "four", "five", "six",
                        "to", "be", "being"}


# An aside of a label saying only how its values are written: "Nameservers (comma separated):", "Name servers (one per
# line)", "NS (FQDN)".
_FORMAT_ASIDE = re.compile(r"\(\s*(?:(?:comma|space|semi-?colon|tab|line)[\s-]*(?:separated|delimited)"
                           r"|separated\s+by\s+(?:commas?|spaces?|semi-?colons?)|one\s+(?:per|a|on\s+each)\s+line"
                           r"|fqdns?|fully[\s-]+qualified)\s*\)", re.I)


def known_label(label: str) -> bool:
    """Whether a label's words are all ones the reader knows: the field's, role words, numbers, neutral words, and
    an aside saying how the values are written ("Nameservers (comma separated)")."""
    if "+" in label:
        return False  # a sign the reader did not read as an action says something it does not know
    label = _FORMAT_ASIDE.sub(" ", label)
    label = ROLE.sub(" ", _FIELD_WORDS_IN_LABEL.sub(" ", label.replace("(s)", "")))
    return all(w.lower() in _NEUTRAL_LABEL_WORDS for w in re.findall(r"[^\W\d_]+", label))


def role_of(match: re.Match) -> str:
    return next(k for k, v in match.groupdict().items() if v)


def label_role(label: str) -> str | None:
    """The role a heading or label names by a word that names one only as the whole of it ("Before", "After NS",
    "+"), field words and numbers aside; None when it names none so."""
    text = label.strip()
    if text in MARK_ROLE:
        return MARK_ROLE[text]
    text = " ".join(_FIELD_WORDS_IN_LABEL.sub(" ", text).split())
    return next((role for role, words in _LABEL_ROLE.items() if text and words.fullmatch(text)), None)


# Two role words that say one action between them ("new - add", "old, remove", "existing (keep)"): an added server is
# a new one, and a server removed or kept is a current one.
_AGREEING = {frozenset({"new", "add"}): "add", frozenset({"current", "remove"}): "remove",
             frozenset({"current", "keep"}): "keep"}


def agreeing(roles: set[str]) -> set[str]:
    """The roles of a cell's or an aside's words, two that say one action between them made that one."""
    return {_AGREEING[frozenset(roles)]} if frozenset(roles) in _AGREEING else roles


def cell_role(cell: str) -> str | None:
    cell = cell.replace("_", " ")  # "old_ns", "new_ns"
    if FROM_LABEL.fullmatch(cell):
        return "current"
    if role := label_role(cell):
        return role
    match = ROLE.search(mask_names(cell))
    if match is None and _NOW_ASIDE.search(cell):
        return "current"  # "Registrar DNS (now)" over "the new host (target)": where the domain is now
    return None if match is None else "new" if role_of(match) == "pointer" else role_of(match)


# A column's heading saying in brackets that it is what holds now: "(now)", "(today)", "(as of now)".
_NOW_ASIDE = re.compile(r"\((?:as\s+(?:of|at)\s+)?(?:now|today)\)", re.I)


ADJECTIVE_NEW = re.compile(r"new", re.IGNORECASE)  # "new" alone, as in "add the new key"
TO_BE = re.compile(r"(?:(?:should|must|shall|will|needs?\s+to|are\s+to|is\s+to)(?:\s+now)?\s+be|becomes?|to\s+be)",
                    re.IGNORECASE)
