"""Parse (change request): a request's Welsh words read as the English ones the reader knows. Welsh public bodies
write to the registry in Welsh and English (the Welsh Language Standards), often with the Welsh first: "Gweinyddion
enwau newydd:" over a list is "New name servers:", a row's "Ychwanegu" is "Add", "rhowch B yn lle A" is "replace A
with B". Each Welsh version is then read as its English one is, and the two must agree as any two sentences of a mail
must; what is not translated here stays unread, as any word the reader does not know.

Welsh puts the adjective after its noun ("gweinyddion enwau newydd", name servers new) and changes a word's first
letter after some words (mutation: "gweinydd" is also "weinydd", "parth" also "barth" or "mharth"): both are read.
Words that could be English are translated only where English never writes them: "a" and "ac" (and) and "neu" (or)
between two values, "i" (to) and "o" (from) before one. A line whose cells are aligned with spaces keeps its width,
so that its columns stay under their headings.
"""

import re

_HOST = r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+"
# "Gweinydd enwau" (a name server), "gweinyddion enwau" (name servers), mutated "weinyddion", "ngweinyddion"; and
# "enw-weinyddion", as some write it.
_SERVERS = r"(?:(?:n?g)?weinydd(?:ion|wyr)|enw-?weinyddion)(?:\s+enwau)?"
_SERVER = r"(?:(?:n?g)?weinydd(?:wr)?\s+enw(?:au)?|enw-?weinydd)"
_RECORDS = r"(?:c|g|ngh|ch)ofnodion"
_RECORD = r"(?:c|g|ngh|ch)ofnod"
_ADJECTIVE = {"newydd": "new", "presennol": "current", "bresennol": "current", "cyfredol": "current",
              "gyfredol": "current"}
_ADJECTIVES = "|".join(_ADJECTIVE)

# (Welsh, English), in order: phrases before the words they hold.
_PHRASES: list[tuple[str, str]] = [
    # Asking: "Byddwch cystal â newid ..." (be so good as to change), "A fyddech chi cystal â ...", "A wnewch chi ...",
    # "os gwelwch yn dda" (if you please).
    (r"\b(?:a\s+)?(?:byddwch|fyddech|byddech)(?:\s+chi)?\s+(?:cystal|mor\s+garedig)\s+(?:â|ag?)\b", "please"),
    (r"\ba\s+wnewch\s+chi\b", "please"),
    (r"\bos\s+gwelwch\s+yn\s+dda\b", "please"),
    (r"\bhoffem\b", "we would like to"),
    (r"\bhoffwn\b", "I would like to"),
    # "Ni fydd unrhyw newid arall" (there will be no other change), "Dim newid arall" (no other change).
    (r"\b(?:ni\s+fydd\s+unrhyw|dim)\s+newid\s+arall\b", "no other change"),
    (r"\b(?:d?darparwr)(\s+DNS)?\s+newydd\b", r"new\1 provider"),
    # "enwau'r parthau hyn" (the names of these domains), "'r parth hwn" (this domain).
    (r"'r\s+(?:p|b|mh|ph)arthau\s+hyn\b", " of these domains"),
    (r"'r\s+(?:p|b|mh|ph)arth\s+(?:hwn|yma)\b", " of this domain"),
    # The noun, then its adjective: "gweinyddion enwau newydd" (new name servers), "cofnod DS newydd" (new DS record).
    (rf"\b{_SERVERS}\s+({_ADJECTIVES})\b", "{} name servers"),
    (rf"\b{_SERVER}\s+({_ADJECTIVES})\b", "{} name server"),
    (rf"\b{_RECORDS}\s+DS\s+({_ADJECTIVES})\b", "{} DS records"),
    (rf"\b{_RECORD}\s+DS\s+({_ADJECTIVES})\b", "{} DS record"),
    (rf"\bhen\s+(?={_SERVERS}|{_SERVER}|{_RECORDS}|{_RECORD})", "old "),
    (rf"\b(?:y|yr)\s+(?=(?:{_SERVERS}|{_SERVER}|{_RECORDS}|{_RECORD})\b)", "the "),
    (rf"\b{_SERVERS}'r\b", "name servers of the"),
    (rf"\b{_SERVERS}\s+(?={_HOST}(?![\w-]))", "name servers of "),  # "newid gweinyddion enwau x.gov.uk i ..."
    (rf"\b{_SERVERS}\b", "name servers"),
    (rf"\b{_SERVER}\b", "name server"),
    (rf"\b{_RECORDS}\s+DS\b", "DS records"),
    (rf"\b{_RECORD}\s+DS\b", "DS record"),
    (rf"\b{_RECORDS}\b", "records"),
    (rf"\b{_RECORD}\b", "record"),
    (r"\benw\s+(?:p|b|mh|ph)arth\b", "domain name"),
    (r"\b(?:p|b|mh|ph)arthau\b", "domains"),
    (r"\b(?:p|b|mh|ph)arth\b", "domain"),
    # "rhowch B yn lle A" (put B in place of A): A goes, B comes in.
    (rf"\b(?:(?:rhowch|defnyddiwch|gosodwch|rhoi|defnyddio|gosod)\s+)?({_HOST})\.?\s+yn\s+lle\s+({_HOST})(?![\w-])",
     r"replace \2 with \1"),
    (r"\byn\s+lle\b", "instead of"),
    (r"\bsymud\s+(\S+)\s+at\b", r"move \1 to"),
    (r"\bsymud\b", "move"),
    (r"\b(?:y|yr)\s+(?=new\s+(?:name\s+servers?|DS\s+records?)\b)", "the "),
    (r"\b(?:yw|ydy|ydyw|ydynt|ydyn)\b", "are"),
    (r"\bfydd\b", "will be"),
    (r"\bar\s+gyfer\b", "for"),
    (r"\b(?:n?g|ch)?(?:weithred|gweithred)\b", "action"),
    # A verb as a row's action or a sentence's ("Ychwanegu", to add), and as asked of someone ("ychwanegwch", add).
    (r"\b[hy]?ychwaneg(?:u|wch)\b", "add"),
    (r"\b(?:d|dd|n)il(?:eu|ëwch|ewch)\b", "remove"),
    (r"\b(?:t|d|nh|th)ynn(?:u|wch)\b", "remove"),
    (r"\b(?:c|g|ngh|ch)ad(?:w|wch)\b", "keep"),
    (r"\b(?:d|dd)isodl(?:i|wch)\b", "replace"),
    (r"\bnewid(?:iwch)?\b", "change"),
    (rf"\b({'|'.join(_ADJECTIVE)})\b", "{}"),
    # Between values and before them only: "A a B" (A and B), "A neu B" (A or B), "i B" (to B), "o A" (from A).
    (rf"(?<![\w.-])({_HOST}\.?)(,?)\s+(?:a|ac)\s+(?=(?:replace\s+)?{_HOST}(?![\w-]))", r"\1\2 and "),
    (rf"(?<![\w.-])({_HOST}\.?)(,?)\s+neu\s+(?={_HOST}(?![\w-]))", r"\1\2 or "),
    (rf"(?<![\w.-])i\s+(?={_HOST}(?![\w-]))", "to "),
    (rf"(?<![\w.-])o\s+(?={_HOST}(?![\w-]))", "from "),
]
_COMPILED = [(re.compile(welsh, re.I), english) for welsh, english in _PHRASES]
# A word only Welsh has: a mail without one is read as it came.
WELSH = re.compile(r"\b(?:(?:n?g)?weinydd\w*|enw-?weinydd\w*|[hy]?ychwaneg(?:u|wch)|(?:d|dd|n)il(?:eu|ëwch|ewch)"
                    r"|(?:t|d|nh|th)ynn(?:u|wch)|(?:c|g|ngh|ch)ad(?:w|wch)|newydd|presennol|bresennol|cyfredol|gyfredol"
                    r"|(?:p|b|mh|ph)arth(?:au)?|(?:c|g|ngh|ch)ofnod\w*|rhowch|defnyddiwch|gosodwch|yn\s+lle|hoffem|hoffwn"
                    r"|cystal|wnewch|gwelwch|ar\s+gyfer|(?:n?g|ch)?weithred|gweithred|(?:d|dd)isodl(?:i|wch)"
                    r"|newid(?:iwch)?)\b", re.I)
_ALIGNED = re.compile(r"\S(?: {3,}|\t)\S")


def in_english(text: str) -> str:
    """`text` with the Welsh words of a request put in English (see the module's docstring): "Gweinyddion enwau
    presennol:" is "Current name servers:", "Parth/Domain,Gweithred/Action" is "Domain/Domain,Action/Action",
    "Ar gyfer x.gov.uk, rhowch B yn lle A a D yn lle C." is "For x.gov.uk, replace A with B and replace C with D.".
    A line is put in English whole or not at all: one that keeps a Welsh word after it (_LEFT: "Rhowch y cofnod DS
    hwn yn lle'r un presennol", put this DS record in place of the current one) is left as it is, unread as before,
    since its words read in part could give its values a role the sentence does not."""
    if not WELSH.search(text):
        return text
    return "\n".join(_line_in_english(line) for line in text.split("\n"))


# Welsh words the translation does not put in English: a line keeping one after it was not understood.
_LEFT = re.compile(r"(?:\b(?:hwn|hon|hyn|yma|yna|yn|lle|gyfer|gyda|efo|mae|bydd|fydd|nid?|dim|yr|y|un|ei|eu|ein|eich"
                   r"|rhowch|defnyddiwch|gosodwch|gwelwch|dda|chi|wedi|heb|fel|neu|ac|os|fod|sydd|hefyd|ond|gan"
                   r"|eisiau|angen|peidiwch|peidio|byth|eto|nawr|rwan|yfory|heddiw)\b|'r\b)", re.I)


def _line_in_english(line: str) -> str:
    if not WELSH.search(line):
        return line
    aligned = bool(_ALIGNED.search(line))
    said = line
    for pattern, english in _COMPILED:
        said = _sub(pattern, english, said, aligned)
    return line if WELSH.search(said) or _LEFT.search(said) else said


def _sub(pattern: re.Pattern, english: str, line: str, aligned: bool) -> str:
    """Each match of `pattern` in `line` put in English. In a line whose cells are aligned, the English keeps the
    Welsh's width: a shorter one is padded, and a longer one takes its room, at the gap that ends its cell."""
    out = ""
    at = 0
    for match in pattern.finditer(line):
        if match.start() < at:
            continue  # within a gap already narrowed
        said = _put(match, english)
        out += line[at:match.start()] + said
        at = match.end()
        change = len(match.group()) - len(said)
        gap = re.compile(r" {2,}|$").search(line, at) if aligned and change else None
        if gap is not None and (change > 0 or gap.end() - gap.start() >= 2 - change):
            out += line[at:gap.start()] + " " * (gap.end() - gap.start() + change) * bool(gap.group())
            at = gap.end()
    return out + line[at:]


def _put(match: re.Match, english: str) -> str:
    """The English for a match: "{}" takes the English of the adjective matched, "\\1" a group; capitalised as the
    Welsh is ("Gweinyddion enwau newydd:" is "New name servers:", a heading)."""
    said = english.format(_ADJECTIVE[match.group(1).lower()]) if "{}" in english else match.expand(english)
    return said[:1].upper() + said[1:] if match.group()[:1].isupper() else said
