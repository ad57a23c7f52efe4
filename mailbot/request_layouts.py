"""Classify -> workflow (inside mailbot.extract): the layouts of a change request, read a line at a time: the role
of each value (new, add, remove, current, keep) from the words, labels, headings and columns that say it; tables,
lists, label lines, several domains in one mail. What it cannot place in a role it understood makes its domain
unclear: the reader asks rather than guess (see docs/mail-handling.md, "How a change request is read").

mailbot.extract.extract_change() calls _read_layouts(); the names, DS records and values it reads with are
mailbot.extract's.
"""

import csv
import re
from dataclasses import dataclass, field
from functools import partial

from mailbot.extract import (
    _BRACKETED,
    _BULLET,
    _BULLET_MARKS,
    _CHANGE_VERB,
    _DOTS,
    _DOTTED_RUN,
    _DS_FIELD_AT,
    _DS_NAMED,
    _HEX,
    _HEX_LINE,
    _KEY_TAG_REF,
    _RECORD_AFTER_OWNER,
    _RUN,
    _RUN_CHARS,
    DS_FIELD_LABEL,
    Ask,
    _ds_number,
    _ds_records,
    _emails,
    _hostnames,
    _is_ip,
    _is_nameserver,
    _labelled_ds,
    _masked,
    key_tag_refs,
    normalise_domain,
)
from mailbot.parse.pastes import read_pastes

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
         |(?:stays?|remains?)(?=\s*(?:[:(,.;]|$|as\s+(?:is|they|it)|(?:the\s+)?same|unchanged|in\s+place|put))"""
_CURRENT_WORDS = r"""current(?:ly)?|old|existing|present(?:ly)?|previous(?:ly)?|was|were|before\s+the\s+change
         |at\s+(?:the\s+)?(?:moment|present)|right\s+now|as\s+(?:things\s+)?(?:stand|stands|it\s+stands)
         |prior\s+to\s+the\s+change|as\s+is|former(?:ly)?|legacy|original|active|in[\s-]use|(?<!go[\s-])live
         |(?:are|is|am|'re|'s)\s+(?:still\s+|currently\s+|presently\s+)?(?:on|using|pointed\s+(?:at|to)|pointing\s+(?:at|to)
          |delegated\s+to|hosted\s+(?:on|at|by|with))"""
_ADD_WORDS = r"""in\s+with|pre-?publish(?:es|ed|ing)?
         |(?:to\s+be|being)\s+(?:added|inserted|introduced)|add(?:s|ed|ing|itions?|itional)?|plus
         |insert(?:s|ed|ing|ions?)?|append(?:s|ed|ing)?|introduc(?:e|es|ed|ing|tions?)
         |(?:put|puts|putting)\s+(?:(?:it|them|this|these|that|those)\s+)?(?:in|on)\b(?!\s+place\b)
         |(?:bring|brings|bringing|brought)\s+in|(?:to\s+)?(?:come|comes|coming|go|goes|going)\s+in\b
         |(?:publish|install|upload|submit|lodge|register)(?:es|s|ed|ing)?(?=\s+(?:[\w'-]+\s+){0,3}?(?:ds|dnssec|keys?)\b)
         |(?:include[sd]?|including)(?=\s+(?:[\w'-]+\s+){0,3}?(?:ds|dnssec|keys?|name\s*servers?|nameservers?|ns)\b)
         |creat(?:e|es|ed|ing)
         |(?:alongside|in\s+addition\s+to|as\s+well\s+as|on\s+top\s+of|besides?|next\s+to|together\s+with)\s+(?:the\s+|our\s+|its\s+)?
          (?:current|existing|present|old|live|active)\b(?:\s+(?:ones?|records?|keys?|name\s*servers?|ds(?:\s+records?)?))?"""
_REPLACING_CURRENT = r"""(?:replacing
          |(?:to|that|which|these|they|those|will|shall|should|must|(?:are|is)\s+to)\s+replace[s]?
          |in\s+place\s+of|instead\s+of|rather\s+than)
          \s+(?:(?:all|any|whatever)\s+)?(?:of\s+)?(?:the\s+|our\s+|its\s+|their\s+)?
          (?:(?:existing|current|old|present|live)(?:\s+(?:ones|name\s*servers?|ns|records?|ds(?:\s+records?)?|set))?
          |(?:ones|name\s*servers?|ns|records?|ds(?:\s+records?)?)\s+(?:(?:the|this|these|those)\s+domains?|it|they)
           \s+(?:has|have)(?:\s+(?:now|currently|at\s+present))?)"""
_NEW_WORDS = rf"""{_REPLACING_CURRENT}
         |new|proposed|requested|required|future|desired|target|replacement|updated|revised|wanted|intended|onto
         |(?:should|must|shall|needs?\s+to|are\s+to)(?:\s+now)?\s+(?:be|read)|will\s+be|(?:should|will|shall|must|to|please|kindly)(?:\s+(?:now|both|all|each|then|instead))?\s+use|(?:should|must|will|shall|to)\s+(?:now\s+)?point\s+(?:at|to)|becomes?|after\s+the\s+change|incoming
         |(?:move|moves|moving|migrate|migrates|migrating|change|changes|changing|switch|switches|switching|transfer
          |transfers|transferring)\s+(?:it\s+|them\s+)?(?:over\s+|across\s+)?(?:to|onto)
         |(?:set|put|move|switch|change|place|transfer|migrate)(?:s|ting|ing)?\s+(?:it|them|this|that|the\s+domain|our\s+domain
          |x{{3,}})\s+(?:on|onto|over\s+to|across\s+to)
         |(?:please|kindly|can\s+you|could\s+you|would\s+you|to)\s+(?:please\s+)?(?:re-?)?point\s+(?:it|them|this|that
          |the\s+domain|our\s+domain|x{{3,}})\s+(?:at|to)|needs?\s+(?:re-?)?pointing\s+(?:at|to)"""
_ROLE = re.compile(rf"""\b(?:
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
# A word that names a role only as a label of its own, right before the label's ":" or "=".
_LABEL_WORD_AT = re.compile(r"\b(?:before|after|now|today)(?=\s*[:=])", re.I)
_MARK_ROLE = {"+": "add", "-": "remove", "\u2212": "remove", "\u2013": "remove"}
# A name server's field by any of the words forms and consoles give it: "Name server", "Nserver", "NS", "DNS",
# "Host", "Hostname", with "_" as a space ("ns_1").
_NS_FIELD = (r"n(?:ame)?[\s_-]?servers?|ns(?:\s*records?)?|dns|delegation|host(?:s|[\s_-]?names?)?"
             r"|server(?=\s*[\[#(]?\s*\d)")
_FIELD_WORDS_IN_LABEL = re.compile(rf"(?<![^\W_])(?:{_NS_FIELD}|records?|set)(?![^\W\d_])"
                                   r"|[():#\d]", re.I)
# "please change X to Y and change Z to W": each change starts afresh.
_CHANGE_START = re.compile(r"\b(?:change|update|amend|move|switch|set|swap\s+out|publish)\b", re.I)
_FROM_LABEL = re.compile(rf"\s*[{_BULLET_MARKS}]?\s*from\s*[:\-\u2013]?\s*", re.I)
# "from" of a time ("from now on", "from Monday", "from 1 December") names no records being replaced.
_REPLACE = re.compile(r"\breplac(?:e|es|ed|ing)\b|\bswap(?:s|ped|ping)?\b|\bexchang(?:e|es|ed|ing)\b"
                      r"|\bfrom\b(?!\s+(?:now|today|tonight|tomorrow|then|next|this|that\s+(?:date|time|day)|the\s+(?:start|end)"
                      r"|(?:mon|tues|wednes|thurs|fri|satur|sun)day|\d))"
                      r"|\bsupersed(?:e|es|ing)\b|\b(?:take|takes|taking|took)\s+the\s+place\s+of\b", re.I)
# "retire A in favour of B": what follows comes in; "use B in favour of A", as "instead of": what follows goes.
_FAVOUR = re.compile(r"\bin\s+favou?r\s+of\b", re.I)
# "substitute B for A" puts B in A's place, "substitute A with B" takes A out: the word after the values says which.
_SUBSTITUTE = re.compile(r"\bsubstitut(?:e|es|ed|ing)\b", re.I)
# "use B instead of A", "B in place of A", "B rather than A": what stood before comes in, what follows goes.
_INSTEAD = re.compile(r"\b(?:instead\s+of|in\s+place\s+of|in\s+lieu\s+of|rather\s+than)\b", re.I)
_BY = re.compile(r"\bby\b", re.I)  # "replace A by B"
# "retire A and use B in its place", "take out A and put B in instead": what the second verb names comes in.
_IN_PLACE = re.compile(r"\b(?:in\s+(?:its|their)\s+(?:place|stead)|instead)\b(?!\s+of\b)", re.IGNORECASE)
# A sentence's end, in a text whose values are masked; one whose next sentence points back at its values ("These
# replace ...", "They are ...") goes on.
_STAYS = re.compile(r"stay|remain|unchanged|unaltered", re.IGNORECASE)  # a verb of staying, after what stays
_HAVE_DONE = re.compile(r"\b(?:have|get|having|getting)\b[^.;:!?]*$", re.IGNORECASE)  # "have A added"
_STOP = re.compile(r"[.!?](?=\s+[A-Z][a-z])(?!\s+(?:These|They|Those|This|It|Both|Each|All)\b)")
# "in place of A, use B": the verb after a leading "in place of".
_USE = re.compile(r"\b(?:use|put|have)\b", re.IGNORECASE)
_THEN_USE = re.compile(r"(?:\band|\bthen|,|;)\s+(?:please\s+)?"
                       r"(?:use|put|place|set|have|insert|add|publish|enter|create)\b", re.IGNORECASE)
_NEGATED = re.compile(r"(?:\b(?:not|never|nor|without|no\s+need\s+to)|n't)\s+(?:[a-z]+\s+){0,2}$", re.I)
# "A should be replaced by B", "A is to be replaced with B", "A becomes B": what was named before goes, what follows
# comes in; with nothing named before, what follows is the new set ("the name servers become:").
# "A swapped out for B", "A exchanged for B", "we need A switched over to B": the participle of a swap says the same.
_PASSIVE = re.compile(r"\b(?:(?:should|will|must|shall|is|are|to|can)\s+(?:now\s+)?(?:be\s+|being\s+)?|being\s+|be\s+)?"
                      r"(?:(?:replaced|superseded|succeeded)\s+(?:by|with)"
                      r"|(?:swapped|switched|exchanged|traded)(?:\s+(?:out|over))?\s+(?:for|with|to))\b"
                      r"|\b(?:(?:will|should|shall)\s+(?:now\s+)?)?become(?:s|\s+to)?\b", re.I)
# An arrow as people type it ("->", "=>", "-->", a ">" between spaces) or a font draws it.
_ARROW = re.compile(r"-+>|=+>|(?<=\s)>(?=\s)|[\u2192\u27f6\u21d2\u2794\u279c\u27a1\u21e8]")
# "for nhs.uk, example.com and gds.gov.uk": names after "for" are what the change is for, never values.
_FOR = re.compile(r"\b(?:for|of)\b(?:\s*(?:,|\band\b|&)?\s*[\w\u0300-\u036f-]+(?:\.[\w\u0300-\u036f-]+)+)+", re.I)
_FIELD_WORD = {
    "nameservers": re.compile(rf"(?<![^\W_])(?:{_NS_FIELD}|delegat\w*)(?![^\W\d_])", re.I),
    "ds": re.compile(rf"\bds\b|\bdnssec\b|^\W*(?:{DS_FIELD_LABEL})(?![\w-])|\bkey\s*tag\b|\bdigest\b", re.I),
}
_CSV_SPLIT = re.compile(r"\s*[,;]\s*")
_TABLE_RULE = re.compile(r"[\s|:+=-]*")  # "|---|:---|" and "+-----+"
_URL = re.compile(r"\b[a-z][a-z0-9+.-]*://\S*|\bwww\.\S+", re.I)
_DS_FIELD_LINE = re.compile(rf"\W*(?:the\s+)?(?:{DS_FIELD_LABEL})(?![\w-])", re.I)  # "The key tag is 14378; the ..."
_BARE_VALUES = re.compile(r"(?:and|or|&|ip|ipv4|ipv6|glue|ns\d*|nameserver\s*\d*|name\s*server\s*\d*)", re.I)


@dataclass
class _Found:
    """What the layouts read of one field of one domain."""

    roles: dict[str, list[str]] = field(default_factory=lambda: {"new": [], "add": [], "remove": [], "current": [],
                                                                 "keep": [], "plain": [], "row_new": []})
    unread: str | None = None  # a row of a table giving values in words that say nothing known of them
    whose: str | None = None  # a line giving values between the domains it names
    doubt: str | None = None  # what a paste's own grammar leaves open (mailbot.parse.pastes), said whole
    emptied: bool = False  # every current value goes ("secDNS:rem" of "secDNS:all"), and what is added is the set
    plain_blocks: int = 0
    last_plain_line: int = -2
    columns: bool = False  # values side by side in columns no heading names
    paired: set = field(default_factory=set)  # (role, value) of rows pairing a record with what replaces it
    new_at: list[tuple[int, str]] = field(default_factory=list)  # each value said to be new, with its line

    def take(self, got: list[tuple[str | None, str]], cells: list[str], line: str, n: int, targets: set[str],
             zone: str, ranked: bool = False) -> None:
        """The values of line `n` (its `cells`), each in its role: values without one ("plain") are counted in
        blocks, and plain values side by side in columns no heading names are marked (`ranked`: a heading numbers
        each column holding a value, "| Domain | NS1 | NS2 |": one set)."""
        plain_columns = sum(1 for c in cells if any(_line_values(c, targets, zone).values()))
        masked = _masked(line)
        both = {v for r, v in got if r == "add"} & {v for r, v in got if r == "remove"}
        if both and (_REPLACE.search(masked) or _INSTEAD.search(masked) or _SUBSTITUTE.search(masked)
                     or _ARROW.search(masked) or _CHANGE_START.search(masked)):
            # "use A and B instead of C and A", "replace A, B with B, C": a value on both sides of one replacement is
            # in the set before it and after it, so it stays (as "| A | A |" in a current|new table does).
            got = [("keep" if v in both else r, v) for r, v in got if not (v in both and r == "add")]
        if len(cells) > 1 and plain_columns > 1 and all(r in (None, "plain") for r, _ in got) \
                and not any(_cell_role(c) for c in cells) and not ranked:
            self.columns = True
        for r, v in got:
            r = r or "plain"
            if r == "unsure":
                self.unread = line.strip()[:80]
                continue
            if r == "plain":
                if self.last_plain_line < n - 1 and not (self.plain_blocks and _is_label_line(line)):
                    self.plain_blocks += 1
                self.last_plain_line = n
            if r == "new":
                self.new_at.append((n, v))
            self.roles[r].append(v)

    def restated(self) -> bool:
        """Whether the new set is stated twice, apart, and differently: "move x.gov.uk to A and B" in a ticket's
        summary and "set the name servers to C and D" in its plan. Lines running on (a label and its list, one
        server a line) are one statement; a statement of one value is a part of a set ("NS 1: A"), no set."""
        blocks: list[list[str]] = []
        last = -2
        for n, v in self.new_at:
            if n > last + 1 or not blocks:
                blocks.append([])
            if n != last or v not in blocks[-1]:
                blocks[-1].append(v)
            last = n
        sets = [set(b) for b in blocks]
        return len(sets) > 1 and any(len(b) > 1 for b in sets) and any(b != sets[0] for b in sets)

    def ask(self) -> tuple[Ask | None, str | None]:
        roles = {k: list(dict.fromkeys(v)) for k, v in self.roles.items()}
        # Pairs that shift a record along ("| A | B |" then "| B | C |" under "Current | New"): B goes in one pair and
        # comes in in the other, so it stays, as the new column, the set given whole, says.
        if moved := {v for r, v in self.paired if r == "add"} & {v for r, v in self.paired if r == "remove"}:
            roles["add"] = [v for v in roles["add"] if v not in moved]
            roles["remove"] = [v for v in roles["remove"] if v not in moved]
            roles["keep"] += [v for v in sorted(moved) if v not in roles["keep"]]
        # A key tag given apart from the record it is the key tag of ("Key tag: 62393" under the record's line) names
        # that record, unless the words say it goes or stays: then it is the current record that has it.
        whole = {v.split()[0] for vs in roles.values() for v in vs if not v.startswith("key tag ")}
        roles = {k: [v for v in vs
                     if k in ("remove", "keep") or not v.startswith("key tag ") or v.split()[-1] not in whole]
                 for k, vs in roles.items()}
        # "New" in a row's cell of role words is a server added when other rows say what to remove or add ("x.gov.uk
        # <tab> Remove <tab> A" / "x.gov.uk <tab> New <tab> B"), as in an action column; rows that all say "New" give
        # the new set.
        row_new = roles.pop("row_new")
        if roles["remove"] or roles["add"]:
            roles["add"] += [v for v in row_new if v not in roles["add"]]
        else:
            roles["new"] += [v for v in row_new if v not in roles["new"]]
        word = "values"
        if self.whose:
            return None, f"a line ({self.whose}) gives values between the domains it names: which are whose cannot " \
                         "be told for certain"
        if self.doubt:
            return None, self.doubt
        if self.unread:
            return None, f"a row ({self.unread}) says what is to become of its values in words that cannot be read"
        if self.columns:
            return None, "its values stand side by side in columns without a heading saying which are current " \
                         "and which new"
        if self.plain_blocks > 1 and not any(roles[r] for r in ("new", "add", "remove", "keep", "current")) \
                and all(" " in v for v in roles["plain"]):
            # DS records in lists of their own, no word calling any of them anything: all new when the domain has
            # none, which resolve() knows (Ask.lists).
            return Ask(new=tuple(roles["plain"]), unlabelled=True, lists=self.plain_blocks), None
        if self.plain_blocks > 1:
            return None, "it gives more than one list of values without saying which is current and which new"
        if self.restated():
            return None, "it gives the new set twice, with different values: which is meant cannot be told"
        labelled = set(roles["new"] + roles["add"] + roles["remove"] + roles["keep"])
        if roles["remove"] and labelled == set(roles["remove"]) and self.plain_blocks == 1 \
                and not set(roles["plain"]) & labelled:
            # "Outgoing: A, B" and a list of its own that no word calls anything ("Nameservers: C, D"): what stays once
            # the removals are gone, the new set. resolve() holds the removals to it: the set must drop exactly them.
            roles["new"], roles["plain"] = roles["plain"], []
            labelled = set(roles["new"] + roles["remove"])
        if labelled and [v for v in roles["plain"] if v not in labelled]:
            # Some values are labelled and others not: what the unlabelled ones are cannot be told.
            return None, "some of its values are labelled and others not, so their roles cannot be told apart"
        new = roles["new"] + [v for v in roles["plain"] if v not in roles["new"]]
        if self.emptied:
            # RFC 5910 3.2.5: every DS record removed, then those added: the ones added (or none) are the whole set.
            if roles["keep"] or roles["current"]:
                return None, f"it says every current {word[:-1]} goes and also names some that stay or are current"
            return Ask(new=tuple(dict.fromkeys(new + roles["add"]))), None
        if new:
            return Ask(new=tuple(new), add=tuple(roles["add"]), remove=tuple(roles["remove"]),
                       said_current=tuple(roles["current"]), keep=tuple(roles["keep"]),
                       unlabelled=not roles["new"]), None
        if roles["add"] or roles["remove"]:
            return Ask(add=tuple(roles["add"]), remove=tuple(roles["remove"]),
                       said_current=tuple(roles["current"]), keep=tuple(roles["keep"])), None
        if roles["current"]:
            return None, f"it gives only the current {word}, not what they are to become"
        return None, None


# A tab between two fields' words (not padding after a comma): the fields of a tab-separated row.
_TAB_SEPARATED = re.compile(r"[^\s,;]\t+[^\s,;]")


def _cells(line: str, attached: bool, table: bool = False) -> list[str]:
    """A line's cells; an empty cell is kept ("| | ns3.new.example" under "| Current | New |"). A list item's
    bullet is no cell (Outlook's plain text writes "\u00b7" and a tab), unless a heading is in force: there "-"
    may be a table's cell of its own."""
    text = line.rstrip()
    if not table:
        text = _BULLET.sub("", text)
    if attached and "|" not in text and _CSV_SPLIT.search(text) and not _TAB_SEPARATED.search(text):
        # A CSV row: a tab in a field is the field's, and quotes around a field are not. A row whose fields are tab
        # separated (a TSV file) may hold commas in a field: several values in one ("ns1.a.net,ns2.a.net"), as a
        # quoted field of a CSV row may (RFC 4180 2.6).
        if '"' in text:
            delimiter = "," if "," in re.sub(r'"[^"]*"', "", text) else ";"
            return [c.strip() for c in next(csv.reader([line.strip()], delimiter=delimiter, skipinitialspace=True))]
        return [c.strip().strip('"').strip() for c in _CSV_SPLIT.split(line.strip())]
    if "|" in text:
        text = text.strip()
        if text.startswith("||"):
            text = text.replace("||", "|")  # Jira's heading: "||Current||New||"
        if text.startswith("|") and text.endswith("|") and len(text) > 1:
            text = text[1:-1]  # Markdown's outer pipes; a leading "|" alone is an empty first cell
        cells = [c.strip().strip('"').strip() for c in text.split("|")]
    elif "\t" in text:
        cells = [c.strip().strip('"').strip() for c in re.split(r"\t+", text)]
    else:
        cells = [c.strip() for c in re.split(r"\s{3,}", text)]
        # Leading spaces are an empty first cell under a table's heading, and indentation elsewhere.
        cells = cells[1:] if cells and not cells[0] and not table else cells
    if len(cells) == 1 and attached:
        cells = _CSV_SPLIT.split(line.strip())
    return cells


def _segments(text: str, role: str | None, targets: set[str],
              zone: str) -> tuple[list[tuple[str | None, str]], str | None, bool]:
    """The text cut where a word names a role: (role, text) pieces, the role in force at the end, and whether
    a role word was seen. "replace X with Y" and "from X to Y" make X a removal and Y an addition; "X -> Y" too."""
    pieces: list[tuple[str | None, str]] = []
    at, seen = 0, False
    replacing = False  # "replace", "swap", "from": what follows is replaced, until "with", "for", "to" or "by"
    substituting = False  # "substitute": which way round, the word after the values says
    replaced_from = clause_from = 0
    leading_instead = False  # "in place of A, use B": waiting for the verb whose values come in
    changing = False  # a verb of change started the sentence's clause ("Please change the name servers for x.gov.uk:")
    instead_from = 0  # the piece after a leading "in place of"
    called_current: int | None = None  # "replace the current ...": the piece from which the values are called current
    masked = _masked(text)  # "ns1.old.example" is a value, not the word "old"
    # Role words may name the domain ("put x.gov.uk on", "point it at"), never a value: the values are blanked apart.
    role_text = _values_apart(text, masked, targets, zone)
    after = _said_after(text, masked, targets, zone)
    marks = sorted([(m.start(), m.end(), "for") for m in _FOR.finditer(text)]
                   + [(m.start(), m.end(), "replace") for m in _REPLACE.finditer(masked)
                      if not any(r.start() <= m.start() < r.end() for r in _ROLE.finditer(role_text))]
                   + [(m.start(), m.end(), "substitute") for m in _SUBSTITUTE.finditer(masked)]
                   + [(m.start(), m.end(), "instead") for m in _INSTEAD.finditer(masked)
                      if not any(r.start() <= m.start() < r.end() for r in _ROLE.finditer(role_text))]
                   + [(m.start(), m.end(), "in_place") for m in _IN_PLACE.finditer(masked)]
                   + [(m.start(), m.end(), "favour") for m in _FAVOUR.finditer(masked)]
                   + [(m.start(), m.end(), "stop") for m in _STOP.finditer(masked)]
                   + [(m.start(), m.end(), "use") for m in _USE.finditer(masked)
                      if any(i.start() < m.start() for i in _INSTEAD.finditer(masked))]
                   + [(m.start(), m.end(), "by") for m in _BY.finditer(masked)]
                   + [(m.start(), m.end(), "arrow") for m in _ARROW.finditer(masked)]
                   + [(m.start(), m.end(), "reset") for m in _CHANGE_START.finditer(masked)]
                   + [(m.start(), m.end(), "colon") for m in re.finditer(r":(?=[ \t]*\S)", masked)
                      if _CHANGE_START.search(masked, 0, m.start())
                      and _bare_to_stop(text, masked, m.end(), targets, zone)]
                   + [(m.start(), m.end(), "passive") for m in _PASSIVE.finditer(masked)]
                   + [(m.start(), m.end(), "label") for m in _LABEL_WORD_AT.finditer(masked)]
                   + [(m.start(), m.end(), _kind(m)) for m in _ROLE.finditer(role_text)],
                   key=lambda mark: (mark[0], mark[2] != "passive", mark[1]))
    if after:
        # A role said after its values: from their start it is in force, and the copula between says none of its own
        # ("should be" is no new set in "A should be removed"); names after "for" end where those values start.
        marks = sorted([(b, min([e, *(s for s, _, _, _ in after if b < s < e)]) if k == "for" else e, k)
                        for b, e, k in marks if not any(c <= b < r for _, c, r, _ in after)]
                       + [(s, s, k) for s, _, _, k in after], key=lambda mark: (mark[0], mark[2] != "passive", mark[1]))
        # What it said ends with its clause ("A is going away; B replaces it"): the role is no longer in force.
        ends = [m.start() + r for _, _, r, _ in after
                if (m := _CLAUSE_END.search(masked[r:])) and not _STOP.search(masked[r:][:m.start()])]
        marks = sorted(marks + [(e, e, "said_end") for e in ends],
                       key=lambda mark: (mark[0], mark[2] != "passive", mark[1]))
    last_end = -1
    for begin, end, kind in marks:
        if begin < last_end:
            continue
        if kind == "reset" and any(b == begin and k != "reset" for b, _, k in marks):
            end = begin  # "set it on A": the verb starts a change, and the words it starts say the role too
        last_end = end
        pieces.append((role, text[at:begin]))
        at, seen = end, True
        if kind == "said_end":
            role = None
            continue
        if role == "add" and kind in ("for", "by", "new") \
                and (word := re.match(r"(?:for|by|with|to|into)\b", text[begin:end], re.I)) \
                and _value_next(text[begin + word.end():], targets, zone) \
                and any(r == "remove" and any(_line_values(t, targets, zone).values())
                        for r, t in pieces[clause_from:-1]) \
                and (cut := _pair_cut(pieces[-1][1], targets, zone)) is not None:
            # "replace A with B and C with D", "change A to B, C to D": the verb said once, of each pair in turn. What
            # stands between the last pair's "with" and the conjunction before it is replaced too.
            pieces[-1:] = [("add", pieces[-1][1][:cut]), ("remove", pieces[-1][1][cut:])]
            at = begin + word.end()
            continue
        # "swap A for B" turns at "for" when what follows it is a value; "for x.gov.uk" names the domain asked about.
        turn = kind in ("for", "by") and (replacing or substituting) \
            and re.match(r"(?:for|by)\b", text[begin:end], re.I) \
            and (kind == "by" or any(_line_values(text[begin + 3:end], targets, zone).values()))
        if turn:
            at = begin + (3 if kind == "for" else 2)  # the names after "for" are the values, here
            named = any(any(_line_values(t, targets, zone).values()) for _, t in pieces[replaced_from:])
            if substituting and kind == "for":  # "substitute B for A": B comes in, A goes
                pieces[replaced_from:] = [("add" if r in (None, "plain", "remove") else r, t)
                                          for r, t in pieces[replaced_from:]]
                role = "remove"
            else:  # "swap A for B", "replace A by B", "substitute A by B"
                pieces[replaced_from:] = [("remove" if r in (None, "plain") else r, t)
                                          for r, t in pieces[replaced_from:]]
                role = "add" if named else "new"
            replacing = substituting = False
            continue
        if kind in ("for", "by"):
            continue  # the role goes on after the names it skipped
        if kind != "reset" and _NEGATED.search(masked, max(0, begin - 40), begin):
            # "do not remove A", "don't add B", "no need to replace A": what the negation leaves to be done is not a
            # thing to guess.
            role, replacing, substituting = "unsure", False, False
            continue
        if kind == "passive":
            if any(any(_line_values(t, targets, zone).values()) for _, t in pieces[clause_from:]):
                # "The current ones, A and B, should be replaced by C": A and B go, and are still what the mail says
                # the domain has now.
                called = _set_called_current([t for r, t in pieces[clause_from:] if r == "current"], targets, zone)
                pieces[clause_from:] = [("remove" if r in (None, "plain", "current") else r, t)
                                        for r, t in pieces[clause_from:]] + called
                role = "add"
            else:
                role = "new"
            replacing = substituting = False
            continue
        if kind == "reset":
            role, replacing, substituting, clause_from, changing = None, False, False, len(pieces), True
            continue
        if kind == "colon":
            # "Please change the name servers for x.gov.uk: A, B": a change asked, then values alone after its colon, no
            # word saying what they are: they are what the field is to become.
            if role is None and changing:
                role = "new"
            continue
        if kind == "substitute":
            substituting, replacing, role, replaced_from = True, False, None, len(pieces)
            continue
        if kind == "in_place":
            # "retire A and use B in its place": the values after the second verb come in, those before it go; "use B
            # in its place" after a sentence naming what goes: B comes in.
            last_role, last_text = pieces[-1]
            cuts = list(_THEN_USE.finditer(last_text))
            if cuts:
                pieces[-1:] = [(last_role, last_text[:cuts[-1].start()]), ("add", last_text[cuts[-1].start():])]
            elif last_role in (None, "plain") \
                    or (last_role == "new" and re.match(r"in\b", text[begin:end], re.IGNORECASE)):
                # "use B in its place" brings B in; "it should point at C, D instead" gives the whole new set.
                pieces[-1] = ("add", last_text)
            role = None
            continue
        if kind == "new" and re.fullmatch(_REPLACING_CURRENT, text[begin:end], re.IGNORECASE | re.VERBOSE):
            clause_end = re.search(r"[;!?]|\.(?=\s|$)", masked[end:])
            if any(_line_values(text[end:end + clause_end.start() if clause_end else len(text)], targets,
                                zone).values()):
                # "use C instead of the existing A", "C will replace the current A": the values it names go, and those
                # named before it in the clause come in in their place.
                pieces[clause_from:] = [("add" if r in (None, "plain", "new") else r, t)
                                        for r, t in pieces[clause_from:]]
                role = "remove"
                continue
            # "use A and B instead of the existing ones", "A, B (replacing all current ones)": the values named with it
            # are the whole new set, not additions beside the current ones.
            pieces[clause_from:] = [("new" if r in (None, "plain", "add") else r, t) for r, t in pieces[clause_from:]]
            role = "new"
            continue
        if kind == "stop":
            # A sentence ends: what it said of its values is not said of the next one's ("Please replace A with B. Also
            # C should become D": C is replaced, not added).
            if replacing:
                _replaced_before(pieces, clause_from, replaced_from, targets, zone)
            if leading_instead:
                _fronted_in_place(pieces, instead_from, targets, zone)
            _current_said_after(pieces, clause_from, targets, zone)
            # A question saying what to do and naming nothing leads on to what the next sentence gives: "Could you
            # publish a DS record for x.gov.uk? Key tag ...", and a replacement, "Could you replace the DS record on
            # x.gov.uk? Key tag ...", to the whole new set.
            named = any(any(_line_values(t, targets, zone).values()) for _, t in pieces[clause_from:])
            asked = text[begin:end].startswith("?") and not named
            changing = False
            role = "new" if asked and replacing else role if asked and role in ("add", "remove", "new") else None
            replacing, substituting, leading_instead, clause_from = False, False, False, len(pieces)
            continue
        if kind == "keep" and _STAYS.match(text[begin:end]) \
                and any(_line_values(pieces[-1][1], targets, zone).values()):
            # "replace A with B. C stays as it is", "C and D stay as they are": the values right before the verb stay,
            # from the end of the sentence or clause before them (a comma ends one after a word of a role: "add B, C
            # stays").
            last_role, last_text = pieces[-1]
            ends = r"[.;:!?](?=\s)" if last_role in (None, "plain") else r"[.;:!?,](?=\s)"
            cut = max((m.end() for m in re.finditer(ends, _masked(last_text))), default=0)
            pieces[-1:] = [(last_role, last_text[:cut]), ("keep", last_text[cut:])]
            role = None
            continue
        if kind in ("add", "remove") and pieces[-1][0] in (None, "plain") \
                and re.search(r"(?:ed|en|n)$", text[begin:end]) and _HAVE_DONE.search(_masked(pieces[-1][1])) \
                and any(_line_values(pieces[-1][1], targets, zone).values()):
            # "Please can we have A added to the name servers": the participle after the values is theirs.
            pieces[-1] = (kind, pieces[-1][1])
        if kind == "new" and leading_instead:
            role, leading_instead = "add", False  # "in place of A, please use B"
            continue
        if kind == "new" and role == "add" and (_ADJECTIVE_NEW.fullmatch(text[begin:end]) or _TO_BE.fullmatch(
                text[begin:end])) and not any(_line_values(pieces[-1][1], targets, zone).values()):
            # "add the new key", "add a new name server": what is added is new, and it is added; "its replacement will
            # be B": the verb after the word of adding says no other role.
            continue
        if kind == "new" and re.fullmatch(r"replacements?", text[begin:end], re.IGNORECASE) \
                and re.search(r"\b(?:its|their|the|his|her)\s+$", masked[max(0, begin - 8):begin], re.IGNORECASE) \
                and any(r == "remove" and any(_line_values(t, targets, zone).values()) for r, t in pieces):
            # "A is being decommissioned; its replacement is B": B comes in in A's place, beside what stays.
            role = "add"
            continue
        if kind == "use":
            if leading_instead:
                role, leading_instead = "add", False  # "in place of A, use B": B comes in
            continue
        if kind == "favour" and role == "remove":
            role = "add"  # "retire A in favour of B", "drop A in favor of B"
            continue
        kind = "instead" if kind == "favour" else kind
        if kind == "instead" and not any(_line_values(re.split(r";", "".join(t for _, t in pieces[clause_from:]))[-1],
                                                      targets, zone).values()):
            # "in place of A, use B": nothing named before it in its clause, so what follows it goes and what the verb
            # after it names comes in. (A comma ends no such clause: "use A; B from now on, instead of C, D".)
            role, leading_instead, instead_from = "remove", True, len(pieces)
            continue
        if kind == "instead":
            # "use ns3.new.example instead of ns1.old.example": what came before it in the clause comes in
            pieces[clause_from:] = [("add" if r in (None, "plain", "new") else r, t) for r, t in pieces[clause_from:]]
            role = "remove"
            continue
        if substituting and kind == "new":  # "substitute A with B": A goes, B comes in
            pieces[replaced_from:] = [("remove" if r in (None, "plain") else r, t) for r, t in pieces[replaced_from:]]
            role, substituting = "add", False
            continue
        if kind == "replace" and re.fullmatch(r"from", text[begin:end], re.I) and re.match(r"\s*[:=]", text[end:]):
            role = "current"  # "name server1 from = A": a label, as a column "From" is
            continue
        if kind == "label":
            role = _label_role(text[begin:end])  # "name server1 before = A", "NS2 after: B"
            continue
        if kind == "replace":
            replacing, role, replaced_from = True, "remove", len(pieces)
        elif kind == "arrow" and not any(any(_line_values(t, targets, zone).values()) for _, t in pieces[clause_from:]):
            # "x.gov.uk => A / B", "NS -> A, B": an arrow from the domain or the field, no value, to the values is the
            # whole set they are to be.
            role = "new"
        elif kind == "arrow":
            # What stood before the arrow is replaced by what follows it.
            pieces = [("remove" if r in (None, "plain") else r, t) for r, t in pieces[:-1]] + \
                     [("remove", pieces[-1][1])]
            role = "add"
        elif replacing and kind == "new":  # "with" / "to" after "replace" / "from"
            # "replace the DS record with ...": nothing named to replace, so what follows is the whole new set
            named = any(any(_line_values(t, targets, zone).values()) for _, t in pieces[replaced_from:])
            if called_current is not None:
                # "replace the current name servers (A and B) with C": A and B go, and are what the mail says the
                # domain has now.
                pieces += _set_called_current([t for _, t in pieces[called_current:]], targets, zone)
            named = named or _named_back(pieces, replaced_from, targets, zone)
            role, replacing, called_current = ("add" if named else "new"), False, None
        elif kind == "new" and role is None and re.fullmatch(r"to|into", text[begin:end], re.I) \
                and any(_line_values(pieces[-1][1], targets, zone).values()) \
                and not _REPLACE.match(masked, end + len(masked[end:]) - len(masked[end:].lstrip())):
            # "change ns1.old.example to ns1.new.example": what is changed is replaced
            pieces[-1] = ("remove", pieces[-1][1])
            role = "add"
        elif replacing and kind == "current":
            called_current = len(pieces)  # "replace the current name servers": still the ones replaced
        elif kind == "current" and role == "remove" and _DETERMINERS.fullmatch(pieces[-1][1]):
            pass  # "remove the old DS", "delete our existing name server": what goes is current, as it must be
        elif kind == "new" and role in ("current", "add", "remove", "keep") \
                and re.fullmatch(r"to|into|with", text[begin:end], re.I) \
                and not any(_line_values(pieces[-1][1], targets, zone).values()):
            pass  # "Currently delegated to:", "Add to the delegation:": the role said's preposition, no role of its own
        elif kind == "pointer":
            role = role if role not in (None, "plain") else "new"
        else:
            role = kind
    pieces.append((role, text[at:]))
    if replacing:
        _replaced_before(pieces, clause_from, replaced_from, targets, zone)
    if leading_instead:
        _fronted_in_place(pieces, instead_from, targets, zone)
    _current_said_after(pieces, clause_from, targets, zone)
    return pieces, role, seen


def _current_said_after(pieces: list[tuple[str | None, str]], start: int, targets: set[str], zone: str) -> None:
    """At a sentence's end: values no word gave a role, followed to the end by words calling them current and no value
    ("It is on A / B at the moment.", "A and B are the current ones", "it uses A and B right now") are the current
    ones."""
    said = next((i for i in range(start, len(pieces)) if pieces[i][0] == "current"), None)
    if said is None or said == start or any(r != "current" or any(_line_values(t, targets, zone).values())
                                            for r, t in pieces[said:]):
        return
    # A sentence that began inside the piece before ("...? It is on A / B at the moment"), where a sentence starting
    # "It" went on from the one before: its values are the ones called current.
    role, text = pieces[said - 1]
    ends = [m.end() for m in re.finditer(r"[.!?](?:\s+|$)", _masked(text))]
    if ends and any(_line_values(text[ends[-1]:], targets, zone).values()):
        pieces[said - 1:said] = [(role, text[:ends[-1]]), ("current", text[ends[-1]:])]
        return
    if all(r in (None, "plain") for r, _ in pieces[start:said]) \
            and any(any(_line_values(t, targets, zone).values()) for _, t in pieces[start:said]):
        pieces[start:said] = [("current", t) for _, t in pieces[start:said]]


def _fronted_in_place(pieces: list[tuple[str | None, str]], start: int, targets: set[str], zone: str) -> None:
    """At the end of a clause led by "in place of" with no verb after it ("in place of A, B."): what follows the first
    comma comes in, in the place of what stands before it."""
    for i in range(start, len(pieces)):
        r, t = pieces[i]
        comma = t.find(",")
        if r != "remove" or comma < 0:
            continue
        if any(_line_values(t[:comma], targets, zone).values()) \
                and any(_line_values(t[comma:], targets, zone).values()):
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
    |(?:will|should|shall|must|can|could|may)(?:\s+now)?(?:\s+be)?)(?:\s+(?:now|also|then|both|all))?\s*$""",
                     re.I | re.X)
_DETERMINERS = re.compile(r"\s*(?:(?:the|our|its|their|this|that|these|those|both|all|of)\s+)*", re.I)
_CLAUSE_END = re.compile(r"[;,]|\s[-\u2013\u2014]+\s")
# Between the values of one run: separators and "and", never "or" (one or the other is no run of values).
_RUN_JOIN = re.compile(r"[\s,;&/]*(?:\band\b[\s,;&/]*)?")
# The words before a run of values that leave it the subject of what follows it: nothing, a label, a domain's name.
_SUBJECT_LEAD = re.compile(r"""(?:^|[.:;,\n(\-\u2013]|\b(?:and|also|but|while|whereas|then|please\s+note|note)\b)
    (?:\s*(?:the|our|its|this|that)?\s*(?:(?:old|new|current|existing|other|second|first)\s+)?
       (?:ds|dnssec|name\s*server|ns|server|key|record|entry|one)(?:\s+records?)?\s*(?:with|of|for|,)?)?\s*$""",
                           re.I | re.X)


def _said_after(text: str, masked: str, targets: set[str], zone: str) -> list[tuple[int, int, int, str]]:
    """(where the values start, where the copula starts, where the role word starts, the role) of each role said after
    a run of values: the last value alone after a copula in the singular ("add A and B is removed": B); the whole run
    after one in the plural, or none, when nothing before the run governs it ("A and B are being retired")."""
    spans = [(m.start(), m.start() + len(m.group().rstrip(_DOTS + ":"))) for m in _RUN.finditer(text)
             if (h := normalise_domain(m.group().rstrip(_DOTS + ":"))) and _is_nameserver(h, targets, zone)]
    spans += [m.span() for m in _KEY_TAG_REF.finditer(text)]
    spans.sort()
    out = []
    for m in _ROLE.finditer(masked):
        kind = _kind(m)
        if kind not in ("add", "remove", "keep") or not _SAID_AFTER.fullmatch(m.group()):
            continue
        copula = _COPULA.search(masked, 0, m.start())
        end = copula.start() if copula else len(masked[:m.start()].rstrip())
        run = [s for s in spans if s[1] <= end]
        if not run or run[-1][1] != end:
            continue
        first = len(run) - 1
        while first and _RUN_JOIN.fullmatch(text[run[first - 1][1]:run[first][0]]):
            first -= 1
        if (copula is None or not copula["one"]) and _SUBJECT_LEAD.search(masked[:run[first][0]]):
            start = run[first][0]
        elif copula is not None and copula["one"]:
            start = run[-1][0]
        else:
            continue
        out.append((start, copula.start() if copula else end, m.start(), kind))
    return out


def _named_back(pieces: list[tuple[str | None, str]], replaced_from: int, targets: set[str], zone: str) -> bool:
    """Whether what is replaced is named by a pronoun ("replace it with B", "swap them for C and D") after values said
    to go ("A has been decommissioned, please replace it with B"): the pronoun is those values, and B comes in beside
    the rest. Values said only to be current ("the current ones are A and B; please replace them with C and D") stay a
    whole new set's business."""
    said = " ".join(t for _, t in pieces[replaced_from:])
    return bool(re.search(r"\b(?:it|them|this\s+one|that\s+one)\b", said, re.I)) \
        and any(r == "remove" and any(_line_values(t, targets, zone).values()) for r, t in pieces[:replaced_from])


def _value_next(text: str, targets: set[str], zone: str) -> bool:
    """Whether the text starts with a name server."""
    first = re.match(rf"\s*([{_RUN_CHARS}]+)", text)
    return bool(first) and bool(_line_values(first.group(1).rstrip(_DOTS + ",;:"), targets, zone)["nameservers"])


def _pair_cut(text: str, targets: set[str], zone: str) -> int | None:
    """Where a piece of values added is cut when the last of them is the next pair's first ("B and C" of "replace A
    with B and C with D"): after the one before it, when "and", a comma or a semicolon stands between them."""
    spans = [(m.start(), m.start() + len(m.group().rstrip(_DOTS + ",;:"))) for m in _RUN.finditer(text)
             if (h := normalise_domain(m.group().rstrip(_DOTS + ",;:"))) and _is_nameserver(h, targets, zone)]
    if len(spans) < 2 or text[spans[-1][1]:].strip(" \t" + _DOTS):
        return None
    gap = text[spans[-2][1]:spans[-1][0]]
    joined = re.fullmatch(r"[\s.]*(?:,|;|&|,?\s*\band\b|\balso\b|,?\s*and\s+also\b)[\s.]*", gap, re.I)
    return spans[-2][1] if joined else None


def _bare_to_stop(text: str, masked: str, at: int, targets: set[str], zone: str) -> bool:
    """Whether the text from `at` to the end of its sentence is values alone."""
    stop = _STOP.search(masked, at)
    return _bare(text[at:stop.start() if stop else len(text)], targets, zone)


def _set_called_current(texts: list[str], targets: set[str], zone: str) -> list[tuple[str | None, str]]:
    """Pieces calling the values of `texts` current, when they are a set of them ("the current name servers A and
    B"); none for one value, which is paired with its replacement ("replace the current name server A with C")."""
    values = [v for t in texts for vs in _line_values(t, targets, zone).values() for v in vs]
    return [("current", t) for t in texts] if len(values) > 1 else []


def _values_apart(text: str, masked: str, targets: set[str], zone: str) -> str:
    """The masked text with each value (a name server) blanked as "#"s, the domains asked about left as "x"s: a role's
    words that name the domain ("change x.gov.uk over to") then never take a value for it ("change A over to B")."""
    for run in _DOTTED_RUN.finditer(text):
        name = normalise_domain(run.group().rstrip(_DOTS))
        if name and name not in targets and _is_nameserver(name, targets, zone):
            width = len(run.group().rstrip(_DOTS))
            masked = masked[:run.start()] + "#" * width + masked[run.start() + width:]
    return masked


def _replaced_before(pieces: list[tuple[str | None, str]], clause_from: int, replaced_from: int, targets: set[str],
                     zone: str) -> None:
    """At the end of a clause that said "replace" with no "with" or "by" after it ("we would like B to replace A", "B
    replaces A", "A is going away; B replaces it"): what was named before the word comes in."""
    if any(any(_line_values(t, targets, zone).values()) for _, t in pieces[clause_from:replaced_from]) \
            and (any(any(_line_values(t, targets, zone).values()) for _, t in pieces[replaced_from:])
                 or _named_back(pieces, replaced_from, targets, zone)):
        pieces[clause_from:replaced_from] = [("add" if r in (None, "plain", "new") else r, t)
                                             for r, t in pieces[clause_from:replaced_from]]


def _read_layouts(text: str, attached: list[str], targets: list[str], zone: str) -> dict[str, dict[str, _Found]]:
    """Per domain ("" for none named), per field, what each role of value the mail gives. Read a line at a time:
    a table's heading gives its columns' roles, a line naming a domain starts what is asked of it, a label line
    the role of the list under it, and a line of values gives them in the role in force."""
    found: dict[str, dict[str, _Found]] = {}
    targets_set = set(targets)
    lines, attached_from, unsure = _layout_lines(text, attached, targets_set, zone)
    for domain, why in unsure:
        # A paste whose own grammar leaves a value's role open: its domain (every domain, when it names none) is asked
        # about, whatever else the mail says of it.
        for each in [domain] if domain else [*targets, ""]:
            read = found.setdefault(each, {}).setdefault("nameservers", _Found())
            read.doubt = read.doubt or why
    domains: list[str] = []  # the domains the values read now belong to
    role: str | None = None
    columns: list[str | None] = []  # a table's heading: the role of each column
    ds_fields: list[str | None] = []  # a table's heading: the DS record's field each column holds, if it holds one
    heading_cells: list[str] = []
    heading_line = ""  # the heading's line as written: where its columns start
    listed_at = -2  # the line of the last domain alone on its line
    pointed: dict[str, str] = {}  # field -> the role a finished sentence said of "this"/"these" values of it
    role_from: str | None = None  # the last line of words (not values alone): what said the role in force
    lead_columns: tuple[str, list[str | None]] | None = None  # a sentence saying the roles of the next table's columns
    for n, raw in enumerate(lines):
        if n and lines[n - 1].strip() and not _bare(_without_links(lines[n - 1]), targets_set, zone):
            role_from = _without_links(lines[n - 1])
        line = _without_links(raw)
        if not line.strip():
            columns, ds_fields = [], []
            if n and _bare(_without_links(lines[n - 1]), targets_set, zone):
                role = None  # a list ends at a blank line, and its label with it: a second list has none
            continue
        if _TABLE_RULE.fullmatch(line):
            continue
        if lead_columns is not None and not columns and n < attached_from:
            # The first row of a table with no heading, under a sentence that said which column is which.
            if (placed_lead := _led_columns(lead_columns, _cells(line, False, True), targets_set, zone)) is not None:
                columns, heading_cells, heading_line = placed_lead, [c or "" for c in placed_lead], ""
            lead_columns = None
        elif n < attached_from and not any(_line_values(line, targets_set, zone).values()) \
                and (len(_cells(line, False)) == 1 or not (n + 1 < len(lines) and lines[n + 1].strip())) \
                and (said_columns := _column_lead(line)) is not None:
            # (A line of cells right above rows, "| Existing NS | Proposed NS" over rows with a label of their own, is
            # their heading.)
            # "Below: domain, new name server, current name server.", "(current on the left, new on the right)"
            lead_columns, role = said_columns, None
            if named := [h for h in _hostnames(line) if h in targets_set]:
                domains, listed_at = named, -2
            continue
        cells = _cells(line, n >= attached_from, len(columns) > 1)
        columns_here = columns
        if len(columns) > 1 and n < attached_from and (placed := _placed(line, heading_line, len(columns))) is not None:
            cells, lead = placed
            columns_here = [None] * lead + columns if lead else columns  # a row's label under a blank corner
        if ds_fields and len(cells) == len(ds_fields):
            # A row under a heading naming a DS record's fields ("| Action | Key tag | Algorithm | Digest type |
            # Digest |"): its record read as labelled fields, its other cells as they stand.
            other = [i for i, f in enumerate(ds_fields) if not f]
            record = " ".join(f"{ds_fields[i]}: {c}" for i, c in enumerate(cells) if ds_fields[i])
            cells = [cells[i] for i in other] + [record]
            columns_here = [columns[i] if i < len(columns) else None for i in other] + [None]
            line = " | ".join(cells)
        under_heading = columns_here is columns  # not a row's own label under a blank corner, nor a DS record's fields
        if "notes" in columns_here and len(cells) == len(columns_here):
            # A notes column ("Notes", "Comments") holds the writer's words about the row, read out of it when they
            # leave the row as its other cells say ("new provider" beside an addition); otherwise the row is asked
            # about ("remove once migrated" beside a new set).
            kept = ["" if h == "notes" else c for c, h in zip(cells, columns_here, strict=True)]
            plain_columns = [None if h == "notes" else h for h in columns_here]
            notes = [c for c, h in zip(cells, columns_here, strict=True) if h == "notes" and c.strip()]
            if not all(_note_agrees(note, kept, plain_columns, targets_set, zone) for note in notes):
                for kind in ("nameservers", "ds"):
                    for domain in (domains or [""]) if _line_values(line, targets_set, zone)[kind] else ():
                        found.setdefault(domain, {}).setdefault(kind, _Found()).unread = " | ".join(cells)[:80]
                continue
            cells, columns_here = kept, plain_columns
            line = ("\t" if "\t" in line else " | ").join(cells)
        if "action" in columns_here and "status" in columns_here and len(cells) == len(columns_here) \
                and any(_line_values(line, targets_set, zone).values()):
            # An order's line items, each with what to do and its state: a line the customer cancelled or withdrew
            # is not asked; a line with no state under a heading naming the line's state ("Status", "Line status")
            # is asked about: done already, or waiting on something, it says not. (Other states are read as a row's
            # other cells are: a ticket's usual states pass, others are asked about.)
            states = [(c.strip(), heading_cells[i] if under_heading and i < len(heading_cells) else "")
                      for i, (c, h) in enumerate(zip(cells, columns_here, strict=True)) if h == "status"]
            if any(_LINE_CANCELLED.fullmatch(c) for c, _ in states):
                continue
            if any(not c and _LINE_STATE_HEADING.fullmatch(title) for c, title in states):
                for kind in ("nameservers", "ds"):
                    for domain in (domains or [""]) if _line_values(line, targets_set, zone)[kind] else ():
                        found.setdefault(domain, {}).setdefault(kind, _Found()).unread = " | ".join(cells)[:80]
                continue
        named = [h for h in _hostnames(line) if h in targets_set]
        values_here = _line_values(line, targets_set, zone)
        if not named and any(values_here.values()) and _DOMAINS_BELOW.search(_masked(line)) \
                and (listed := _domains_listed(lines, n + 1, targets_set)):
            # "Could you add A as an extra name server on each of the domains below?" and the domains listed one a line
            # under it: the values are each listed domain's.
            domains, listed_at = listed, -2
        # A form's label and its value a tab apart ("Change type:<tab>Nameserver update") is no table's heading.
        form_line = len(cells) == 2 and cells[0].rstrip().endswith(":")
        if len(cells) > 1 and not any(values_here.values()) and not form_line and "\t" in line and "|" not in line \
                and len(spread := [c.strip() for c in line.rstrip().split("\t")]) > len(cells) \
                and _heading(spread) is not None:
            # A spreadsheet's heading with an empty column between its titles ("Domain<tab>NS1<tab><tab>Notes", as
            # Excel pastes it): the empty column is one, so that the rows' cells stand under their titles.
            cells = spread
        if len(cells) > 1 and not any(values_here.values()) and not form_line \
                and (heading := _heading(cells)) is not None:
            columns, role, heading_cells, heading_line = heading, None, cells, line
            fields = [c if _DS_FIELD_AT.fullmatch(c + ":") else None for c in cells]
            if {_DS_FIELD_AT.fullmatch(f + ":").lastgroup for f in fields if f} == {"keytag", "alg", "digest"}:
                # "Keytag | Alg | Type | Digest": beside a DS record's three other fields, "Type" is its digest type.
                fields = [f or ("Digest type" if re.fullmatch(r"\W*(?:d(?:igest)?\.?\s*)?type\W*|\W*dt\W*", c, re.I)
                                else None) for f, c in zip(fields, cells, strict=True)]
            ds_fields = fields if len({_DS_FIELD_AT.fullmatch(f + ":").lastgroup for f in fields if f}) == 4 else []
            continue
        if between := _between_domains(line, targets_set, zone):
            # "Please move a.gov.uk to A and B, and b.gov.uk to C and D": values stand between the domains named, so
            # which are whose the line alone does not say for certain. Given to each, every domain would get the
            # others' values too. Asked about.
            domains = list(dict.fromkeys(named))
            for kind in between:
                for domain in domains:
                    found.setdefault(domain, {}).setdefault(kind, _Found()).whose = line.strip()[:80]
            listed_at, role = -2, None
            continue
        alone = bool(named) and not _BULLET.sub("", line).strip().strip("*.,;:").lower().replace(named[0], "").strip()
        if named:
            # Domains listed one a line ("* x.gov.uk" / "* y.gov.uk") are asked the same of, as a sentence naming
            # several is.
            domains = domains + [d for d in named if d not in domains] if alone and listed_at == n - 1 else named
            listed_at = n if alone else -2
            if _labelled_ds(line) == []:
                # A DS record's labelled fields that cannot be read ("Algorithm: 8 (ECDSAP256SHA256)"): asked about.
                for domain in domains:
                    found.setdefault(domain, {}).setdefault("ds", _Found()).unread = line.strip()[:80]
                continue
            if not values_here["nameservers"] and not values_here["ds"] and len(cells) <= 1:
                # A sentence naming the domain ends at the full stop after it ("Please make the following change
                # for x.gov.uk."): it leads on to nothing.
                role = _line_role(line, role) if _leads_on(line) and not line.rstrip().endswith(".") else None
                said_of, finished = _said_with_line_before(line, lines, n, targets_set, zone)
                role = None if finished else role
                pointed.update(said_of)
                continue
        if _DS_CHOICE.search(line) and not any(values_here.values()) and (_DS_WORDS.search(line) or any(
                any(found.get(domain, {}).get("ds", _Found()).roles.values()) for domain in (domains or [""]))):
            # "Please publish the SHA-256 one only": which of the records given are meant, by words of a choice that the
            # reading does not make. Asked about.
            for domain in (domains or [""]):
                found.setdefault(domain, {}).setdefault("ds", _Found()).unread = line.strip()[:80]
            continue
        if _EPP_ALL_GONE.fullmatch(line):
            for domain in (domains or [""]):
                found.setdefault(domain, {}).setdefault("ds", _Found()).emptied = True
            role = None
            continue
        if (typed := _typed_row(cells, targets_set, zone, raw)) is not None:
            # A resource record in cells, as a DNS console, a zone export or a change file gives it ("x.gov.uk. | NS |
            # 21600 | ns1.example.net.", "x.gov.uk,remove,NS,ns1.example.net"): the type says the value's field, and
            # says nothing of what is to become of it. Glue says nothing of the delegation; a record of another
            # field, or of another owner than the domain, is asked about.
            kind_said, cells = typed
            if kind_said == "glue":
                continue
            if kind_said == "unsure":
                for kind in ("nameservers", "ds"):
                    for domain in (domains or [""]) if values_here[kind] else ():
                        found.setdefault(domain, {}).setdefault(kind, _Found()).unread = line.strip()[:80]
                continue
        if _EPP_UNREAD.search(line):
            # EPP's DS records not read whole (secDNS:all, keyData): the DS records are asked about, never kept.
            for domain in (domains or [""]):
                found.setdefault(domain, {}).setdefault("ds", _Found()).unread = line.strip()[:80]
            continue
        annotated = _annotation(line, targets_set, zone)
        if annotated is not None and annotated[2] != "neutral":
            # "ns1.old.example (to be removed)": the words in brackets say the value's role. A role the list's label
            # said otherwise, or words the reader does not know, make the domain unclear.
            kind, value, said = annotated
            for domain in (domains or [""]):
                read = found.setdefault(domain, {}).setdefault(kind, _Found())
                if said == "unsure" or (role not in (None, "pointer") and role != said):
                    read.unread = line.strip()[:80]
                else:
                    # "ns3.new.example (new)" beside "ns1.old.example (remove)" is a server added, as "New" in an action
                    # column is; values all called new, with no word of removing or adding, are the new set.
                    took = "row_new" if said == "new" and role in (None, "pointer") else said
                    read.take([(took, value)], [line], line, n, targets_set, zone)
            continue
        bare = _bare(line, targets_set, zone)
        marked = len(cells) > 1 and any(c.strip() in _MARK_ROLE for c in cells)  # an action column's "+" or "-"
        bare = bare and not marked
        # A row under a table's heading is read by its columns, when each of its other cells is a value, a word of a
        # role, or a field of the ticket system's own (a number, a date, a state, the domain).
        tabled = len(columns_here) > 1 and len(cells) == len(columns_here) and all(
            any(_line_values(c, targets_set, zone).values()) or _neutral_cell(c, targets_set) or _action_cell(c)
            for c in cells)
        if not (bare or marked or tabled or _may_ask(line) or (named and _plainly_labelled(line, targets_set, zone))
                or (not any(values_here.values()) and re.search(r"[:\-\u2013]\s*$", line) and _line_role(line, None))
                or (not any(values_here.values()) and _leads_on(line) and _LABEL_WORD_AT.search(line.rstrip() + ":")
                    and _line_role(line, None))):
            # A line giving values in words the reader knows nothing of ("DECOMMISSION", "Server: ...", a list item
            # of a form's values left unlabelled): passing over it would keep what it may ask to remove, or leave a
            # value to some other reading. Its domain is asked about.
            for kind in ("nameservers", "ds"):
                for domain in (domains or [""]) if values_here[kind] else ():
                    found.setdefault(domain, {}).setdefault(kind, _Found()).unread = " | ".join(cells)[:80]
            role = None
            continue
        if not bare and not any(values_here.values()):
            said = _line_role(line, None) if len(cells) > 1 or _leads_on(line) else None
            # A line leading on in words of no role and no change ("Output of dnssec-dsfromkey at the DNS host:",
            # "DS records:") between a label saying a role ("Please add the DS for x.gov.uk:") and the values leaves
            # that role in force: dropped, the values would be read as the whole new set.
            # A label naming a field that the words saying the role did not name ("Please add this DS record:", the
            # record, then "And the planned name servers:") is that field's own: the role was said of the other field.
            carried = said is None and role in ("add", "remove", "keep", "new", "current") and len(cells) == 1 \
                and line.rstrip().endswith(":") and not _CHANGE_VERB.search(_masked(line)) \
                and _of_the_role_field(line, lines, n, role)
            role = role if carried else said
            if len(cells) == 1:
                said_of, finished = _said_with_line_before(line, lines, n, targets_set, zone)
                role = None if finished else role
                pointed.update(said_of)
            continue
        row_role = role if bare or len(cells) == 1 else None
        if len(cells) == 1 and not bare and (_ROLE.search(_masked(line)) or _CHANGE_VERB.search(line)
                                              or _REPLACE.search(line)
                                              or (not _plainly_labelled(line, targets_set, zone)
                                                  and not _LABEL_AND_VALUES.fullmatch(line.strip())
                                                  and len(re.findall(r"[A-Za-z]{2,}",
                                                                     _DOTTED_RUN.sub(" ", line))) >= 3)):
            # A sentence says its own roles: the role said before it is of the list under that, not of the words
            # of another sentence ("action the following redirect." and then "please redirect A to B").
            row_role = None
        if role_from is not None and row_role is not None and row_role == role \
                and not any(_FIELD_WORD[k].search(_masked(line)) for k in ("nameservers", "ds")):
            said_of = {k for k in ("nameservers", "ds") if _FIELD_WORD[k].search(role_from)}
        else:
            said_of = set()
        row_start = row_role
        value_cells, row_role = _row_values(cells, columns_here, row_role, targets_set, zone)
        # Under a heading that numbers each column holding a value as a name server ("| Domain | NS1 | NS2 |", "Name
        # Server 1"), the row's values are one set, side by side.
        ranked = bool(columns_here) and under_heading and len(heading_cells) == len(cells) and all(
            _FIELD_WORD["nameservers"].search(h) and re.search(r"\d|\b(?:first|second|third|fourth)\b", h, re.I)
            and _cell_role(h) in (None, "new") for h, c in zip(heading_cells, cells, strict=True)
            if any(_line_values(c, targets_set, zone).values()))
        ranked = ranked and len({h.lower() for h, c in zip(heading_cells, cells, strict=True)
                                 if any(_line_values(c, targets_set, zone).values())}) > 1
        # A DS record's labelled fields are read whole, by their labels: the words of an algorithm's name ("ECDSA Curve
        # P-256 with SHA-256") say no role.
        labelled = _labelled_ds(line) if _DS_FIELD_LINE.match(line) or ds_fields else None
        for kind in ("nameservers", "ds"):
            got = [(r, v) for r, t in value_cells for v in _line_values(t, targets_set, zone)[kind]]
            if ranked and "new" in {r for r, _ in got}:
                # "| Domain | New NS1 | Nameserver 2 |": the row is one set, and the heading calls it new.
                got = [("new" if r in (None, "plain") else r, v) for r, v in got]
            if ({"current", "new"} <= set(columns_here) and {r for r, _ in got} <= {"current", "new"}) \
                    or (len(cells) == 1 and {r for r, _ in got} == {"current", "new"}):
                # A row of a current|new table, or a line "old: A new: B", pairs a record with what replaces it: the
                # one goes, the other comes in ("| A | B |"), a row with one side empty removes or adds, and "| A | A |"
                # keeps A. Given whole, the pairs make the new set; given in part ("Please replace the following"), the
                # rest stay.
                same = {v for r, v in got if r == "current"} & {v for r, v in got if r == "new"}
                # A line's words calling a set of values current say what the domain has now, which resolve() holds
                # to the registry's records ("At the moment A and B; should point at C and D" of a domain that also
                # has E would leave E in place). A table's row, or "old: A new: B", pairs one record with its
                # replacement, and says no more.
                said = [("current", v) for r, v in got if r == "current"]
                said = said if len(cells) == 1 and len(said) > 1 else []
                got = [("keep" if v in same else "remove" if r == "current" else "add", v) for r, v in got
                       if not (v in same and r == "new")] + said
                pairs = {(r, v) for r, v in got if r in ("add", "remove")}
            else:
                pairs = set()
            if ds_fields and labelled:
                row_start = row_role  # the row's action cell says the record's role
            if kind == "ds" and labelled is not None:
                # Read whole by their labels: each field's words are the field's value, or there is no record.
                for domain in (domains or [""]) if not labelled else ():
                    found.setdefault(domain, {}).setdefault(kind, _Found()).unread = line.strip()[:80]
                for domain in (domains or [""]) if labelled else ():
                    found.setdefault(domain, {}).setdefault(kind, _Found()).take(
                        _as_said(kind, [(row_start, v) for v in labelled], pointed), [line], line, n, targets_set,
                        zone)
                continue
            plain = any(r in (None, "plain") for r, _ in got)
            if got and said_of and kind not in said_of:
                # "Please add this DS record:" says nothing of the name servers listed under it.
                for domain in (domains or [""]):
                    found.setdefault(domain, {}).setdefault(kind, _Found()).unread = " | ".join(cells)[:80]
                continue
            if plain and (len(cells) > 1 and any(_cell_role(c) or c.strip() in _MARK_ROLE for c in cells)
                          or len(cells) > 1 and any(
                              not any(_line_values(c, targets_set, zone).values())
                              and not _known_label(_DOTTED_RUN.sub(" ", c))
                              and (not columns_here or (i >= len(columns_here) or columns_here[i] is None)
                                   and not _neutral_cell(c, targets_set)) for i, c in enumerate(cells))
                          or len(cells) == 1 and not bare and not _plainly_labelled(line, targets_set, zone)):
                # Values no word gives a role, on a line whose words the reader does not all know: a row saying the
                # role of some values and not of others ("ns1.x | DEL | x.gov.uk", the action after the value), a row's
                # words under a column whose title says nothing the reader knows ("set up" under "Task"), a
                # sentence ("please update A frimble B"), a label in unknown words ("Preferred NS 1: A"). The
                # default role, a new set, is for values alone or under a label the reader knows whole.
                for domain in (domains or [""]):
                    found.setdefault(domain, {}).setdefault(kind, _Found()).unread = " | ".join(cells)[:80]
                continue
            got = _as_said(kind, got, pointed)
            named_for = {h for m in _FOR.finditer(line) for h in _hostnames(m.group())}  # "for nhs.uk and x.gov.uk"
            if missed := [v for v in values_here[kind] if v not in {g for _, g in got} and v not in named_for]:
                # A value on the line that no reading of it placed (a cell the row's shape passed over): left out, a
                # record to remove would stay or one to add be missing. Asked about.
                for domain in (domains or [""]):
                    found.setdefault(domain, {}).setdefault(kind, _Found()).unread = \
                        f"{line.strip()[:60]} ({missed[0]})"
                continue
            for domain in (domains or [""]) if got else ():
                found.setdefault(domain, {}).setdefault(kind, _Found()).take(got, cells, line, n, targets_set, zone,
                                                                             ranked)
                found[domain][kind].paired |= pairs
        if bare:
            continue
        role = row_role if len(cells) == 1 and (line.rstrip().endswith(":") or _ROLE.search(_masked(line))) else role
        # A form's label and its first value a tab apart ("New name servers:<tab>A", then B indented under A) is a
        # label line as "New name servers: A" is.
        tabbed = len(cells) == 2 and not columns_here and "\t" in line and cells[0].rstrip().endswith(":")
        label = _LABEL_AND_VALUES.fullmatch(_BULLET.sub("", line).strip()) if len(cells) == 1 or tabbed else None
        if label and label["label"] and not any(_line_values(label["label"], targets_set, zone).values()) \
                and (said := _line_role(label["label"] + ":", None)) in ("new", "add", "remove", "current", "keep"):
            role = said  # "New name servers : A" and B, C on the lines under it: the label's values go on
        if len(cells) == 1 and not _leads_on(line):
            role = None
        if len(cells) == 1 and line.rstrip().endswith(":"):
            role = _line_role(line, None)
    return found


# A sentence giving values for domains it lists after it: "on each of the domains below", "for the following domains",
# "to all of these domains:", "for every domain listed below".
_DOMAINS_BELOW = re.compile(r"\b(?:(?:each|all|every\s+one|both)\s+of\s+)?(?:the|these|those|our|your)\s+(?:\w+\s+)?"
                            r"domains?\s*(?:below|listed|underneath|that\s+follow|as\s+follows|:\s*$)"
                            r"|\bthe\s+following\s+(?:\w+\s+)?domains?\b|\b(?:each|every)\s+domain\s+(?:below|listed)",
                            re.I)


def _domains_listed(lines: list[str], start: int, targets: set[str]) -> list[str]:
    """The domains asked about listed one a line from `start` on (blank lines first skipped, bullets aside); none when
    the first line of words is not such a list."""
    listed: list[str] = []
    for line in lines[start:]:
        if not line.strip():
            if listed:
                break
            continue
        name = normalise_domain(_BULLET.sub("", line).strip().strip("*,;:"))
        if name not in targets:
            break
        listed.append(name)
    return list(dict.fromkeys(listed))


# Words that point at values given elsewhere: "please add this DS record", "remove these name servers".
# A sentence ending in a colon points at what follows it as "the following" does ("Please add a DS record to x.gov.uk
# with:").
_DEICTIC = re.compile(r"\b(?:this|these|the\s+following|following|below|attached|underneath|as\s+follows)\b"
                      r"|\bdetails\s*:\s*$|\w\s*:\s*$", re.IGNORECASE)


_OF_THE_CURRENT = re.compile(r"\s+(?:all\s+)?(?:of\s+)?(?:the|our|its|their)\s+(?:existing|current|old|present|live)\b",
                             re.IGNORECASE)


# A clause that says what is not to be done ("do not remove the old one yet", "without touching the existing DS"), or
# what is to be asked for another time ("we'll ask for it to be removed once the rollover is done", "later"): its role
# words are not of what the mail asks now. A clause ends at a stop, a comma, a dash between spaces or a conjunction.
_BOUND = re.compile(r"[.;:!?,\n]|\s[-\u2013\u2014]+\s|\b(?:and|but|then|so|while|whereas)\b", re.I)
_NOT = re.compile(r"\b(?:not|never|nor|without|no\s+need\s+to)\b|n't\b", re.I)
_LATER = re.compile(r"""\b(?:we(?:'ll|\s+will|\s+shall)\s+(?:ask|request|send|raise|let\s+you\s+know|come\s+back
       |remove|delete|drop|pull|take|withdraw|retire|follow\s+up)
    |later|in\s+due\s+course|next\s+(?:week|month|time)|tomorrow
    |(?:separate|follow[\s-]?up|further)\s+(?:request|ticket|mail|email)
    |in\s+(?:a|one|two|three|a\s+few|a\s+couple\s+of|\d+)\s+(?:days?|weeks?|hours?)
    |once\s+the\s+(?:rollover|roll[\s-]over|new\s+key|caches?|change|migration|ttl)
    |once\s+(?:it|they|that|this|the\s+\w+)\s+(?:has|have|is|are)\s+(?:expired|propagated|settled|caught\s+up|live|done)
    |after\s+the\s+(?:rollover|migration|ttl|caches?|propagation))\b""",
                    re.I | re.X)
# "replace ... with" (or "by", "swap ... for") ending a label: what follows it, the list under it, is the new set.
_REPLACED_WITH = re.compile(r"\b(?:replac(?:e|ing)|swap(?:ping)?|exchang(?:e|ing))\b[^:;.!?]*?\b(?:with|by|for)\b"
                            r"(?:\s+(?:this|these|the|following|below|one|ones|new|records?|ds|dnssec|name\s*servers?"
                            r"|nameservers?|ns|keys?|set|here|underneath))*\W*$", re.I)


_OF_CURRENT_KEPT = re.compile(r"\b(?:keep|keeping|retain|retaining|leave|leaving)\s+(?:all\s+)?(?:of\s+)?"
                             r"(?:the|our|its|their)\s+"
                             r"(?:existing|current|old|present|live)\b", re.I)


def _not_now(masked: str) -> list[tuple[int, int]]:
    """The spans of the clauses (or their ends, from a negation on) that say what is not to be done now."""
    cuts = [0] + [x for m in _BOUND.finditer(masked) for x in m.span()] + [len(masked)]
    spans = []
    for begin, end in zip(cuts[::2], cuts[1::2]):
        if _LATER.search(masked, begin, end):
            spans.append((begin, end))
        elif negation := _NOT.search(masked, begin, end):
            spans.append((negation.start(), end))
        elif kept := _OF_CURRENT_KEPT.search(masked, begin, end):
            spans.append((kept.start(), end))  # "keep the existing one until we confirm": of the current records
    return spans


# A second verb of its own in a sentence ("... and publish this one:", "..., then use the following:"): the list after
# the sentence is its object, not the first verb's.
_THEN_VERB = re.compile(r"(?:\band|\bthen|[,;])\s+(?:then\s+)?(?:please\s+)?"
                        r"(?:publish|set|use|enter|put|install|load)\b", re.I)


def _unsaid(masked: str) -> str:
    """The text with each clause blanked that says what is not to be done, or what will be asked for another time."""
    for begin, end in _not_now(masked):
        masked = masked[:begin] + " " * (end - begin) + masked[end:]
    return masked


def _unsaid_roles(masked: str) -> set[str]:
    """The roles the words of the clauses _unsaid() blanks name."""
    return {_kind(r) for begin, end in _not_now(masked) for r in _ROLE.finditer(masked[begin:end])} - {"pointer"}


def _said_of_field(line: str) -> dict[str, str]:
    """Field -> role, of a sentence that says what is to become of a field's values given elsewhere ("Key rollover:
    please ADD this DS record. Do not remove the current one yet."): its role when it says one (negated words aside)
    and points at them, "unsure" when it says a role of the field without pointing or says more than one. Values of
    the field that no word beside them gives a role are then read in it, or asked about: never the default, a new
    set, against what the mail says of them. Adding a DS record needs no pointing ("Adding DS for x.gov.uk" over a
    record, "Could you add a second DS?"): a key is added beside the others. Not so of name servers: "we are adding
    Cloudflare's name servers" is as often said of a set that replaces the current one, so their values are asked
    about. A label leading on to the list under it ("DELEGATION (OUTGOING):") says the role of that list alone, as
    the role in force."""
    if _LABEL_ONLY.fullmatch(line):
        return {}
    masked = _unsaid(_masked(line))
    # "keep the existing one" says what becomes of the current records, not of those pointed at, which it adds to.
    roles = {_kind(m) for m in _ROLE.finditer(masked) if not _NEGATED.search(masked, max(0, m.start() - 40), m.start())
             and not (_kind(m) == "keep" and _OF_THE_CURRENT.match(masked, m.end()))}
    roles &= {"add", "remove", "keep"}
    named = _DNS_PROVIDER.sub(" ", _masked(line))
    fields = [k for k in ("nameservers", "ds") if _SAID_FIELD[k].search(named)]
    if not roles and len(fields) == 1 and _unsaid_roles(_masked(line)) & {"add", "remove", "keep"}:
        return {fields[0]: "unsure"}  # "Please do not remove this DS record.": what is to be done, it does not say
    if not roles or len(fields) != 1:
        return {}
    known = roles == {"add"} and fields == ["ds"] or len(roles) == 1 and _DEICTIC.search(masked)
    return {fields[0]: roles.pop() if known else "unsure"}


def _said_with_line_before(line: str, lines: list[str], n: int, targets: set[str],
                           zone: str) -> tuple[dict[str, str], bool]:
    """_said_of_field() of a line, and whether it finishes the sentence on the line before it. A line that only points
    at what is under it ("Please see below.", "Details below:") finishes the sentence of words before it, which said
    what becomes of a field without pointing ("We are withdrawing a DS record from x.gov.uk." / "Please see
    below."): read as one, as they are when written on one line. Read alone, the pointing line said a new set by
    default, and a record to remove was taken for the only one to keep (a wrong change)."""
    said = _said_of_field(line)
    if said or not _only_points(line):
        return said, False
    before = next((lines[i] for i in range(n - 1, -1, -1) if lines[i].strip()), "")
    before = _without_links(before)
    if not before or any(_line_values(before, targets, zone).values()):
        return said, False
    joined = _said_of_field(before.rstrip() + " " + line.strip())
    return joined, bool(joined)


def _fields_named(line: str) -> set[str]:
    """The fields (name servers, DS records) a line's words name; its values' letters name none."""
    masked = _masked(line)
    return {kind for kind in ("nameservers", "ds") if _FIELD_WORD[kind].search(masked)}


def _of_the_role_field(line: str, lines: list[str], n: int, role: str) -> bool:
    """Whether label line `n` may be of the field the role in force was said of: it names no field, the words saying
    the role named none, or it names one of theirs ("Output of dnssec-dsfromkey at the DNS host:" under "Please add the
    DS:")."""
    named = _fields_named(line)
    said_of = _role_said_of(lines, n, role) if named else set()
    return not named or not said_of or bool(named & said_of)


def _role_said_of(lines: list[str], n: int, role: str) -> set[str]:
    """The fields named by the line of words above line `n` that said `role` (the nearest, past lines of values and
    of words saying no role), or none when no such line is near: what the role in force was said of."""
    for i in range(n - 1, max(n - 12, 0) - 1, -1):
        line = _without_links(lines[i])
        if line.strip() and _line_role(line, None) == role:
            return _fields_named(line)
    return set()


def _only_points(line: str) -> bool:
    """Whether a line's only word of a role points at what is under it ("See below", "Details as follows:"), with no
    verb of change."""
    masked = _masked(line)
    roles = {_kind(m) for m in _ROLE.finditer(masked)}
    return roles == {"pointer"} and not _CHANGE_VERB.search(masked)


# The words a sentence names a field by when it says what becomes of the field's records: a DS record is also called
# a key ("We are retiring one of the keys of x.gov.uk", "the new KSK"), as the key it is the digest of.
_SAID_FIELD = {"nameservers": _FIELD_WORD["nameservers"],
               "ds": re.compile(rf"{_FIELD_WORD['ds'].pattern}|\b(?:dns)?keys?\b|\b[kz]sks?\b", re.I)}
# Who runs the domain's DNS ("our DNS host", "the DNS provider"), which names neither field.
_DNS_PROVIDER = re.compile(r"\bdns\s+(?:host(?:ing)?|provider|supplier|team|company|service|operator)s?\b", re.I)


def _as_said(kind: str, got: list[tuple[str | None, str]], pointed: dict[str, str]) -> list[tuple[str | None, str]]:
    """Values with no role of their own in the role a sentence said of their field (see _said_of_field)."""
    if kind not in pointed:
        return got
    return [(pointed[kind] if r in (None, "plain") else r, v) for r, v in got]


def _layout_lines(text: str, attached: list[str], targets: set[str] = frozenset(),
                  zone: str = "gov.uk") -> tuple[list[str], int, list[tuple[str, str]]]:
    """The mail's lines, then each attachment's, each ending in a blank line; where the attachments begin; and what
    its pastes (mailbot.parse.pastes: JSON, YAML, a Terraform plan, a log line) left unsure, (domain or "", why)."""
    names = partial(_pasted_name, targets=targets, zone=zone)
    pasted = read_pastes(text, names)
    lines = _joined_ds_lines(_unwrapped(_lines_of(pasted.text), targets)) + [""]
    unsure = list(pasted.unsure)
    attached_from = len(lines)
    for more in attached:
        pasted = read_pastes(more, names)
        unsure += pasted.unsure
        lines += _joined_ds_lines(_lines_of(pasted.text)) + [""]
    return lines, attached_from, unsure


def _pasted_name(text: str, targets: set[str], zone: str) -> tuple[str, str] | None:
    """What a string of a paste names, whole (mailbot.parse.pastes.Names): a domain asked about, a name server or an
    address."""
    text = text.strip().rstrip(_DOTS)
    if _is_ip(text):
        return "address", text
    if (name := normalise_domain(text)) is None:
        return None
    if name in targets:
        return "domain", name
    return ("host", name) if _is_nameserver(name, targets, zone) else None


# A line cut after a word that cannot end a sentence: a joining word, a preposition, or a verb whose object is to come
# ("... dns1.p04.nsone.net replaces" / "ns-1420.awsdns-34.co.uk.", "These replace" / "(A and B).").
_CUT_AFTER = re.compile(r"\s(?:and|or|to|with|of|&|\+|/|by|for|from|than|into|onto|replac(?:e|es|ed|ing)|becomes?|use"
                        r"|using|are|is|be)$|[a-z0-9],$", re.IGNORECASE)


def _unwrapped(lines: list[str], targets: set[str] = frozenset()) -> list[str]:
    """The lines with a sentence a mail client hard-wrapped at 72 or 76 characters made one again: a long line of
    words of a client's width (no table's cells, no label, no end of a sentence) that the next line's first word, in
    lower case, would not have fitted on ("... to ns1.example.net and" / "ns2.example.net."). Read apart, the second
    half would be a list of its own. Two lines that each name a domain asked about and its values ("a.gov.uk - move
    to A and B" / "b.gov.uk - move to C and D") are a statement each, whatever their width: made one, each domain
    would be given the other's values."""
    out: list[str] = []
    for i, line in enumerate(lines):
        # A value alone on its line with another under it is a list the sentence leads on to ("Please set x.gov.uk to"
        # / A / B / C), not the sentence's cut end.
        listed = i + 1 < len(lines) and all(len(t.split()) == 1 and normalise_domain(t.strip().rstrip(",.;"))
                                            for t in (line, lines[i + 1]))
        if not listed and out and (prev := out[-1].rstrip()) \
                and _CUT_AFTER.search(prev) \
                and line.strip() and (line[:1].islower() or normalise_domain(line.split()[0].strip("(,.;:)"))) \
                and not re.search(r"\||\t|\S\s{3,}\S", prev + " " + line) and not _BULLET.match(line) \
                and not _is_label_line(line) and not _LABEL_ONLY.fullmatch(prev) and len(prev.split()) > 3:
            # "... uses A and" / "B; please ...": a sentence cut after a joining word.
            out[-1] = prev + " " + line.strip()
            continue
        if not listed and out and (prev := out[-1].rstrip()) and 60 <= len(prev) <= 78 and line[:1].islower() \
                and len(prev) + 1 + len(line.split()[0]) > 72 and not re.search(r"[.!?:;,]$|\||\t|\S\s{3,}\S", prev) \
                and not re.search(r"\||\t|\S\s{3,}\S", line) and not _BULLET.match(line) \
                and not _is_label_line(line) and not _is_label_line(prev) and not _apart(prev, line, targets):
            out[-1] = prev + " " + line.strip()
            continue
        out.append(line)
    return out


_NOT_A_NAME = {"the", "and", "for", "new", "old", "our", "all", "not", "you", "are", "can", "www", "dns", "web", "mail",
               "com", "net", "org", "gov", "site", "email", "main", "test", "live"}


def _between_domains(line: str, targets: set[str], zone: str) -> list[str]:
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
    for m in _RUN.finditer(line):
        word = m.group().rstrip(_DOTS + ":,;").lower()
        if named := ({normalise_domain(word)} & targets) or short.get(word, set()):
            at.append((m, named))
    if len(set().union(*(named for _, named in at))) < 2:
        return []
    at = [m for m, _ in at]
    values = _line_values(line[at[0].end():at[-1].start()], targets, zone)
    return [kind for kind in ("nameservers", "ds") if values[kind]]


def _apart(first: str, second: str, targets: set[str]) -> bool:
    """Whether two lines each name a domain asked about, different ones, and name servers of their own."""
    named = [{h for h in _hostnames(t) if h in targets} for t in (first, second)]
    served = [any(_is_nameserver(h, targets, "") for h in _hostnames(t)) for t in (first, second)]
    return all(named) and all(served) and named[0] != named[1]


# A resource record as a zone file or dig prints it: owner, TTL and class "IN" (either order), type, data
# ("hmrc.gov.uk.\t86400\tIN\tNS\tns1.example.net."). Its tabs are no table's columns.
# A CDS record (RFC 7344 3) is, in the same form, the DS record the child zone asks its parent to publish: its line is
# read as a DS record's.
_SOA_LINE = re.compile(r"[ \t]*(?:[^\s;]+[ \t]+)?(?:\d+[ \t]+)?IN[ \t]+(?:\d+[ \t]+)?SOA[ \t]+\S.*", re.I)
_RECORD_LINE = re.compile(r"[ \t]*(?:[^\s;]+[ \t]+)?(?:\d+[ \t]+)?IN[ \t]+(?:\d+[ \t]+)?(?:NS|C?DS)[ \t]+\S.*", re.I)


def _lines_of(text: str) -> list[str]:
    """The lines of a text, a zone file's records with their fields one space apart, an EPP command's name servers
    and DS records as label lines, signs of addition and removal as the words they stand for."""
    text = _epp_as_labels(text)
    lines = [" ".join(line.split()) if _RECORD_LINE.fullmatch(line) else line for line in text.split("\n")]
    # The zone's start of authority, as a zone file or dig prints it beside the NS records: its primary server and its
    # mailbox are no delegation.
    lines = [line for line in lines if not _SOA_LINE.fullmatch(line)]
    lines = [part for line in lines for part in _pairs(line)]
    # A portal's field names join words with "_" ("name_server2_from"), which no host name holds: read as spaces.
    lines = [_UNDERSCORE.sub(" ", line) for line in lines]
    # Bold or italic marks around a label ("*From:*", "**New name servers**:", "_Domain_:") are no part of it.
    lines = [_EMPHASIS.sub(r"\1\3", line) for line in lines]
    # "please" as hurried hands type it ("plese use A and B", "pls add C") says what "please" says.
    lines = [_PLEASE_TYPED.sub("please", line) for line in lines]
    # A dot leader between a label and its value ("Existing NS ........ A", a portal's order printed) is its colon.
    lines = [_DOT_LEADER.sub(r"\1: ", line) for line in lines]
    # A DS record's field and its value spaces apart, as a console's page is copied ("Key tag        43791"), is a label
    # line: read as a table's two cells, the key tag was a value no cell held.
    lines = [_SPACED_DS_FIELD.sub(lambda m: m.group() if _DS_FIELD_AT.match(line, m.end()) else m[1] + ": ", line)
             for line in lines]
    # A web form's question naming the field ("What are the nameservers now?") labels the answer under it.
    lines = [line.rstrip()[:-1] + ":" if _QUESTION_LABEL.fullmatch(line) and _FIELD_WORD["nameservers"].search(line)
             and not any(_line_values(line, set(), "gov.uk").values()) else line for line in lines]
    # A label about addresses with addresses alone ("Name Server1 (IP address) = 192.0.2.21") is glue: it says
    # nothing of the name servers, and read as a line of its own it would cut their list in two.
    lines = [line for line in lines if not _GLUE_LINE.fullmatch(line)]
    # A form that ranks its servers ("Primary NS", "Secondary NS", then "Additional NS 1", "Other NS 2"): the further
    # ones are more of the same set, not servers to add to the current ones.
    if any(_RANK_LABEL.match(line) for line in lines):
        lines = [_FURTHER_LABEL.sub(r"\1\2", line) for line in lines]
    return _label_values_rejoined(_signed(lines))


_RANK_LABEL = re.compile(rf"\W*(?:primary|secondary|tertiary|first|second|third|main|backup)\s+(?:{_NS_FIELD})\s*[:=]",
                         re.IGNORECASE)
_FURTHER_LABEL = re.compile(rf"^(\W*)(?:additional|extra|further|other|more)\s+((?:{_NS_FIELD})\s*\d*\s*[:=])",
                            re.IGNORECASE)


_PLEASE_TYPED = re.compile(r"\b(?:plese|pleae|pleas|pleasse|pleasee|pelase|plaese|plase|plesae|plz|pls|plse)\b", re.I)
_UNDERSCORE = re.compile(r"(?<=[A-Za-z0-9])_+(?=[A-Za-z0-9])")
# One value after it, not the next column of a table's heading ("Key tag   Algorithm   Digest type   Digest").
_SPACED_DS_FIELD = re.compile(rf"^(\s*(?:{DS_FIELD_LABEL}|ds\s+record|public\s+key|flags|protocol))[ \t]{{2,}}"
                              r"(?=\S+(?:[ ]{1,2}\S+)*[ \t]*$)", re.I)
_DOT_LEADER = re.compile(r"^(\s*[A-Za-z][\w #()/-]{0,40}?)\s*(?:\.\s?){3,}\s*(?=\S)")
_QUESTION_LABEL = re.compile(r"\s*[A-Za-z][^?:\n]{0,80}\?\s*")
_EMPHASIS = re.compile(r"^(\s*)(\*\*?|__?)(?=[^\s*_])([^*_\n]{1,60}?)(?<=\S)\2(?=[\s:=]|$)")
_IP_TEXT = r"(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7})"
_GLUE_LINE = re.compile(r"[^:=|\t\n]*?\b(?:ip|ipv4|ipv6|address(?:es)?|glue)\b[^:=|\t\n]*?(?:[:=|\t]|\s[-\u2013])"
                        rf"\s*{_IP_TEXT}(?:\s*[,;/]\s*{_IP_TEXT})*\s*", re.I)


_PAIR = re.compile(r"(?<![^\s,;])(?P<key>[A-Za-z][\w.-]{0,40})=(?P<value>[^\s,;=]+)")


_PAIR_VERB = re.compile(r"(?<![^\s,;])(?P<verb>[A-Za-z]+)\s+$")


def _pairs(line: str) -> list[str]:
    """A line of "key=value" pairs, as a registrar's API command is written ("ModifyDomain domain=x.gov.uk
    nameserver0=ns1.x.net nameserver1=ns2.x.net"), as label lines ("nameserver0: ns1.x.net"), each pair read by its
    key."""
    pairs = list(_PAIR.finditer(line))
    if len(pairs) < 2:
        return [line]
    # The command's word of change right before a pair is the pair's ("REM NS=a ADD NS=b"): its label says it.
    verbs = [_PAIR_VERB.search(line, 0, m.start()) for m in pairs]
    verbs = [v if v is not None and _ROLE.fullmatch(v["verb"]) else None for v in verbs]
    rest = line
    for m, verb in sorted(zip(pairs, verbs, strict=True), key=lambda p: -p[0].start()):
        rest = rest[:verb.start() if verb else m.start()] + " " + rest[m.end():]
    rest = rest.strip(" ,;")
    return ([rest] if rest else []) + [f"{v['verb'] + ' ' if v else ''}{m['key']}: {m['value']}"
                                       for m, v in zip(pairs, verbs, strict=True)]


_LABEL_ONLY = re.compile(rf"\s*(?:[{_BULLET_MARKS}]\s*)?[A-Za-z][\w #()/.-]{{0,40}}:\s*")


def _label_values_rejoined(lines: list[str]) -> list[str]:
    """A label cut from its one value ("Nameserver 1:" / "ns1.x.net", then the next label or a blank line) made one
    line again, as a form gives it: read apart, each value would be a list of its own."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if _LABEL_ONLY.fullmatch(line) and i + 1 < len(lines) and len(lines[i + 1].split()) == 1 \
                and normalise_domain(lines[i + 1].strip().rstrip(_DOTS)) \
                and (i + 2 >= len(lines) or not lines[i + 2].strip() or _LABEL_ONLY.fullmatch(lines[i + 2])):
            out.append(line.rstrip() + " " + lines[i + 1].strip())
            i += 2
            continue
        out.append(line)
        i += 1
    return out


# A sign glued to a field's word ("+ns ns3.x.net", "-DS ...") is the action on it, as in EPP's shorthand.
_SIGNED_FIELD = re.compile(r"(?P<lead>\s*)(?P<sign>[+\-\u2212])(?P<field>ns|nameservers?|name\s*servers?|hosts?|ds)"
                           r"(?![\w.-])", re.I)  # a whole word: "+ns-a.x.net" is a value with its sign
# A line of a diff: a sign, then what it adds or removes.
_DIFF_LINE = re.compile(r"\s*(?P<sign>[+\-\u2212])\s*(?P<rest>[^\W_].*)")


def _signed(lines: list[str]) -> list[str]:
    """The lines with the signs of addition and removal written as words: a sign glued to a field's word, and the
    lines of a block written as a diff, some starting "+" and others "-" ("- ns1.old.net" / "+ ns3.new.net"). A "-"
    alone starts a list item in a block with no "+", and "+" alone may too: such blocks are left as they are."""
    out = [_SIGNED_FIELD.sub(lambda m: m["lead"] + ("Add " if m["sign"] == "+" else "Remove ") + m["field"], line,
                             count=1) if _SIGNED_FIELD.match(line) else line for line in lines]
    # The mail's own words may say what its signs mean ("+ = add, - = remove", "Lines with + are to be added"): then
    # a sign alone says it, and a line of a value indented among them is one that stays, as in a diff.
    legend = any(_SIGN_LEGEND.search(line) for line in out)
    start = 0
    while start < len(out):
        end = start
        while end < len(out) and (_DIFF_LINE.fullmatch(out[end]) or (legend and _CONTEXT_LINE.fullmatch(out[end]))):
            end += 1
        block = [_DIFF_LINE.fullmatch(line) for line in out[start:end]]
        signs = {m["sign"] for m in block if m}
        if ("+" in signs and signs - {"+"}) or (legend and signs):
            out[start:end] = [(("Add: " if m["sign"] == "+" else "Remove: ") + m["rest"]) if m
                              else "Keep: " + line.strip() for m, line in zip(block, out[start:end], strict=True)]
        start = end + 1
    return out


_SIGN_LEGEND = re.compile(r"(?<![^\s(\[,;])\+\s*(?:[=:]\s*)?(?:[a-z]+\s+){0,4}?(?:add|added|addition|additions|new"
                          r"|insert|inserted)\b", re.I)
_CONTEXT_LINE = re.compile(r"[ \t]+[^\s+\-\u2212][^\s]*[ \t]*")  # " ns2.x.net": indented, one word


# EPP (RFC 5731 domain:update's add and rem, domain:create; RFC 5910 secDNS's dsData): the element holding a value
# says its role.
_EPP_BLOCK = re.compile(r"<(?P<ns>domain|secDNS):(?P<op>add|rem|create)\b[^>]*>(?P<body>.*?)</(?P=ns):(?P=op)\s*>",
                        re.I | re.S)
_EPP_HOST = re.compile(r"<domain:host(?:Obj|Name)\b[^>]*>\s*([^<\s]+)\s*</domain:host(?:Obj|Name)\s*>", re.I)
_EPP_DS = re.compile(r"<secDNS:dsData\b[^>]*>(.*?)</secDNS:dsData\s*>", re.I | re.S)
_EPP_DS_PART = {part: re.compile(rf"<secDNS:{part}\b[^>]*>\s*([0-9A-Fa-f]+)\s*</secDNS:{part}\s*>", re.I)
                for part in ("keyTag", "alg", "digestType", "digest")}
# Words choosing among the DS records given, by their digest, algorithm, kind or place: "the SHA-256 one only", "just
# the first record", "only the KSK".
_DS_CHOICE = re.compile(r"""\b(?:only|just)\s+(?:the\s+)?(?:sha-?\s?(?:1|256|384)|type\s*[1-6]|digest\s+type\s*[1-6]
     |first|second|third|last|top|bottom|ksk|zsk|ecdsa\w*|rsa\w*|ed25519|ed448)\b
    |\b(?:sha-?\s?(?:1|256|384)|type\s*[1-6]|first|second|third|last|top|bottom|ksk|zsk)
     \s+(?:one|record|digest|ds|entry|line)s?\s+only\b""", re.I | re.X)
# A DS record named, by its kind or its parts; or DS records given before the words choosing among them.
_DS_WORDS = re.compile(r"\b(?:ds|dnssec|digests?|sha-?\s?\d+|ksk|zsk|keys?)\b", re.I)
# secDNS:rem holding secDNS:all true (RFC 5910 3.2.5: every DS record of the domain removed), written as the line
# _EPP_ALL_GONE matches; "false", or anything beside it in the element, is left to be found unreadable.
_EPP_REM_ALL = re.compile(r"<secDNS:rem\b[^>]*>\s*<secDNS:all\b[^>]*>\s*(?:true|1)\s*</secDNS:all\s*>\s*"
                          r"</secDNS:rem\s*>", re.I)
_EPP_ALL_GONE = re.compile(r"Remove DS: all records")
_EPP_UNREAD = re.compile(r"<secDNS:(?:all|keyData|dsData|keyTag|digest)\b", re.I)
_EPP_LABEL = {"add": "Add", "rem": "Remove", "create": "Name servers"}


def _epp_as_labels(text: str) -> str:
    """The text with each EPP add, rem or create block written as label lines ("Add: ns3.example.net", "Remove DS:
    12345 13 2 ..."), and secDNS:all removing every DS record as a line of its own. Anything of EPP this does not read
    whole (secDNS:all otherwise, keyData, a host or DS record outside such a block) leaves the text as it is, for the
    reader to find it unreadable: read in part, what it leaves out would be kept."""
    if not re.search(r"<(?:domain|secDNS):", text, re.I):
        return text
    text = _EPP_REM_ALL.sub("\nRemove DS: all records\n\n", text)
    rest = _EPP_BLOCK.sub(" ", text)
    if re.search(r"<secDNS:(?:all|keyData|chg)\b|<domain:host(?:Obj|Name)\b|<secDNS:dsData\b", rest, re.I) \
            or re.search(r"<secDNS:(?:all|keyData)\b", text, re.I):
        return text

    def labels(block: re.Match) -> str:
        op = block["op"].lower()
        if block["ns"].lower() == "secdns" and op == "create":
            return block.group()
        lines = [f"{_EPP_LABEL[op]}: {h}" for h in _EPP_HOST.findall(block["body"])]
        for data in _EPP_DS.findall(block["body"]):
            parts = [p.search(data) for p in _EPP_DS_PART.values()]
            if not all(parts):
                return block.group()
            lines.append(f"{_EPP_LABEL[op]} DS: " + " ".join(p.group(1) for p in parts))
        return "\n" + "\n".join(lines) + "\n\n" if lines else " "

    return _EPP_BLOCK.sub(labels, text)


def _without_links(line: str) -> str:
    """The line with links and addresses blanked: their hostnames are neither values nor the domains asked. A record's
    owner starting "www." ("www.x.gov.uk. 300 IN NS ...") is no link: blanked, the record would look like the apex's."""
    line = _URL.sub(lambda m: m.group() if (host := re.match(r"www\.[\w-]+(?:\.[\w-]+)*\.?", m.group(), re.I))
                    and _RECORD_AFTER_OWNER.match(line, m.start() + host.end()) else " ", line)
    for email in set(_emails(line)):
        line = line.replace(email, " ")
    return line


# A heading naming the column that says what to do with each row's value: "Action", "Operation", "Add/Remove".
_ACTION_HEADING = re.compile(r"\W*(?:(?:requested\s+|required\s+|change\s+)?"
                             r"(?:action|operation|op|change|instruction|type)s?"
                             r"(?:\s+(?:required|requested|needed|to\s+take))?|to\s+do|what(?:\s+to\s+do)?)\W*", re.I)
_STATUS_HEADING = re.compile(r"\W*(?:[a-z]+\s+)?(?:status|state)\W*", re.I)


def _heading(cells: list[str]) -> list[str | None] | None:
    """The role of each column when the cells are a table's heading (a role word, a word for name servers, a DS
    record's fields, an action's column): "action" for the column saying what to do with each row, "status" for a
    state, which says it when no column is the action's."""
    heading: list[str | None] = []
    for c in cells:
        roles = {_kind(m) for m in _ROLE.finditer(_masked(c.replace("_", " ")))} - {"pointer"}
        heading.append("notes" if _NOTES_HEADING.fullmatch(c)
                       else "action" if _ACTION_HEADING.fullmatch(c) or len(roles) > 1
                       else "status" if _STATUS_HEADING.fullmatch(c) else _cell_role(c))
    return heading if any(h not in (None, "notes") for h in heading) or any(
        _FIELD_WORD["nameservers"].search(c) or _DS_FIELD_AT.fullmatch(c + ":")
                                          for c in cells) else None


# A column of the writer's words about each row: "Notes", "Comments", "Remarks".
_NOTES_HEADING = re.compile(r"\W*(?:notes?|comments?|remarks?|memo)\W*", re.I)
# A server named in a note by its first label: "keeps ns1", "dns2 stays", "keeps ns-74-a".
_SHORT_NAME = re.compile(r"(?<![\w.-])[a-z][a-z-]*\d[\w-]*(?![\w.-])", re.I)


def _note_agrees(note: str, cells: list[str], columns: list[str | None], targets: set[str], zone: str) -> bool:
    """Whether a notes cell's words leave its row as the row's other cells say it: no value of their own, and no role
    but the row's ("new provider", "moving to cloud" beside a server added or a new set; "old" beside one removed), or
    "keep" of a server the row's new set holds by its first label ("keeps ns1" beside a set holding ns1.x.net). The
    row's role is its action cell's, else its value columns' ("new" for a set no column calls anything)."""
    if any(_line_values(note, targets, zone).values()):
        return False
    said = {_kind(m) for m in _ROLE.finditer(_masked(note))} - {"pointer"}
    if not said:
        return True
    actions = [_action_cell(c, action=True) for c, h in zip(cells, columns, strict=True) if h == "action" and c.strip()]
    valued = [(h, c) for c, h in zip(cells, columns, strict=True) if any(_line_values(c, targets, zone).values())]
    row = set(actions) if actions else {h if h not in (None, "plain") else "new" for h, _ in valued}
    if len(row) != 1 or None in row:
        return False
    row_role = row.pop()
    if said <= {"new", "add"} and row_role in ("new", "add"):
        return True
    if said <= {"current", "remove"} and row_role == "remove":
        return True
    if said == {"keep"} and row_role == "new" and (short := _SHORT_NAME.findall(note)):
        firsts = {v.split(".")[0].lower() for _, c in valued for v in _line_values(c, targets, zone)["nameservers"]}
        return all(name.lower() in firsts for name in short)
    return False


_ALIGNED_CELL = re.compile(r"\S+(?:\s{1,2}\S+)*")


_POSITION = {"left": 0, "first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "right": -1, "last": -1}
_POSITION_WORD = re.compile(r"\b(?:left|right|first|second|third|1st|2nd|3rd|last)(?:[\s-]+(?:hand|side))?\b", re.I)
_DOMAIN_ITEM = re.compile(r"\W*(?:the\s+)?(?:domain(?:\s+name)?|zone)s?\W*", re.I)


def _column_lead(line: str) -> tuple[str, list[str | None]] | None:
    """The roles of the columns of a table with no heading, as a sentence before it says them: by position ("current on
    the left, new on the right", "first column: old, second column: new"), or as the columns in order ("Below: domain,
    new name server, current name server."; a domain's column has no role). None when the line says no such thing:
    every part of it must be a column's role, and two columns at least must have one."""
    # Names aside ("For x.gov.uk - new on the left, ..."), a sentence's own full stop kept apart from them.
    text = _DOTTED_RUN.sub(lambda m: " " if re.search(r"[.@]", m.group().rstrip(_DOTS)) else m.group(), line)
    text = text.strip().rstrip(".:;").strip()
    by_place: dict[int, str] = {}
    for part in re.split(r"[,;()]|and", text):
        if (place := _POSITION_WORD.search(part)) is None:
            continue
        rest = _POSITION_WORD.sub(" ", part)
        rest = re.sub(r"\b(?:on|in|the|is|are|column|col|side|hand)\b", " ", rest, flags=re.I)
        role = _cell_role(rest) if _known_label(rest) else None
        if role is None or role == "pointer":
            continue
        by_place[_POSITION[place.group().split()[0].lower().split("-")[0]]] = role
    if len(by_place) >= 2 and len(set(by_place.values())) == len(by_place):
        return "place", [by_place.get(i) for i in sorted(by_place, key=lambda i: i % 10)]
    items = [i.strip() for i in re.split(r",|;|\||\s/\s|\bthen\b|\band\b", text.rpartition(":")[2]) if i.strip()]
    if len(items) < 2 or any(len(i.split()) > 4 for i in items):
        return None
    roles: list[str | None] = []
    for item in items:
        if _DOMAIN_ITEM.fullmatch(item):
            roles.append(None)
        elif _known_label(item) and (role := _cell_role(item)) not in (None, "pointer"):
            roles.append(role)
        else:
            return None
    named = [r for r in roles if r]
    # The columns in order name the table's things: a domain's column, or each its field ("new name server").
    things = None in roles or all(_FIELD_WORD["nameservers"].search(i) or _FIELD_WORD["ds"].search(i) for i in items)
    return ("order", roles) if things and len(named) >= 2 and len(set(named)) == len(named) else None


def _led_columns(lead: tuple[str, list[str | None]], cells: list[str], targets: set[str],
                 zone: str) -> list[str | None] | None:
    """The roles of a row's columns as a sentence before the table said them (_column_lead), when the row has the shape
    it said: as many columns in order; or, by position, two columns of values (a domain's or an empty one before them
    aside). None otherwise: a row of another shape is not placed by guessing."""
    how, roles = lead
    valued = [any(_line_values(c, targets, zone).values()) for c in cells]
    if any(not v and _cell_role(c) for c, v in zip(cells, valued, strict=True)):
        return None  # a row that says its own roles ("REMOVE | ns1.old.example") is read by them
    if how == "order":
        return list(roles) if len(cells) == len(roles) else None
    if len(roles) != 2 or None in roles:
        return None
    if len(cells) == 2:
        return list(roles)
    if len(cells) == 3 and not valued[0] and _neutral_cell(cells[0], targets):
        return [None, *roles]
    return None


def _placed(line: str, heading: str, width: int) -> tuple[list[str], int] | None:
    """A row's cells under a heading of `width` columns, each in the column it stands under, an empty one kept: a
    row of a tab-separated table with an empty cell ("3<tab><tab>ns3.new.example" under "#<tab>Current<tab>New"), or of
    a table aligned with spaces whose row leaves a column blank. None when the row's shape does not say it."""
    if "|" in line or "|" in heading:
        return None
    if "\t" in line:
        cells = [c.strip().strip('"').strip() for c in line.rstrip().split("\t")]
        if 1 < len(cells) < width:
            # A row leaving its last columns blank ("x.gov.uk<tab>A<tab>B" under "Zone<tab>NS1<tab>NS2<tab>NS3"): its
            # trailing tabs are lost to a line's end, or were never written by the table an HTML mail was made of.
            cells += [""] * (width - len(cells))
        # A heading's leading tab is its blank corner, as in its rows ("\tCurrent\tNew" over "NS1\tA\tB").
        ok = "\t" in heading and len(cells) == width and len(heading.rstrip().split("\t")) == width
        return (cells, 0) if ok else None
    if "\t" in heading:
        return None
    starts = [m.start() for m in _ALIGNED_CELL.finditer(heading)]
    if len(starts) != width:
        return None
    # A heading indented past a column of its own leaves that column blank: the rows' labels ("Nameserver 1").
    lead = 1 if starts[0] >= 3 else 0
    starts = [0] * lead + starts
    cells = [""] * (width + lead)
    for m in _ALIGNED_CELL.finditer(line):
        # A cell stands under the column whose heading starts where it does (left-aligned, as text tables are).
        at = [i for i, start in enumerate(starts) if abs(start - m.start()) <= 1]
        if len(at) != 1 or cells[at[0]]:
            return None
        cells[at[0]] = m.group()
    return cells, lead


def _may_ask(line: str) -> bool:
    """Whether a line that is not values alone may say something of them: a role word, a field or a change."""
    masked = _masked(line)
    return bool(_ROLE.search(masked) or _FIELD_WORD["nameservers"].search(masked) or _FIELD_WORD["ds"].search(line)
                or _CHANGE_VERB.search(line) or _REPLACE.search(line) or _ARROW.search(masked)
                or _INSTEAD.search(masked) or _SUBSTITUTE.search(masked) or _PASSIVE.search(masked)
                or _LABEL_WORD_AT.search(masked)  # "Before: A, B", "After: C, D"
                or any(_label_role(c) in ("add", "remove") for c in re.split(r"[\t|:]|\s{2,}", masked)))  # "In | A"


def _row_values(cells: list[str], columns: list[str | None], row_role: str | None, targets: set[str],
                zone: str) -> tuple[list[tuple[str | None, str]], str | None]:
    """The (role, text) pieces of a row's cells, each in its column's role or the row's; and the row's role after
    it (a cell of role words alone, "REMOVE", or "From", sets it for the cells after)."""
    value_cells: list[tuple[str | None, str]] = []
    valued = [any(_line_values(c, targets, zone).values()) for c in cells]
    actions = [i for i, h in enumerate(columns) if h == "action"] or [i for i, h in enumerate(columns) if h == "status"]
    if len(filled := [i for i in actions if i < len(cells) and cells[i].strip()]) == 1:
        # "| Action | Type |" of a change file: the type's cell, blanked, is the record's (_typed_row), not the action.
        actions = filled
    if len(actions) == 1 and actions[0] < len(cells) and not valued[actions[0]]:
        # The column the heading names as the action ("Action", "Operation", "Add/Remove", else "Status") says the role
        # of the row's values wherever it stands; "new" there is a server added. Words it does not know, or words in
        # the row's other cells that are not a domain, an address, a number or a ticket's state, make it unclear.
        cell = cells[actions[0]]
        role = _action_cell(cell, action=columns[actions[0]] == "action") if cell.strip() else None
        others = [c for i, c in enumerate(cells) if i != actions[0] and not valued[i]
                  and (i >= len(columns) or columns[i] in (None, "action", "status"))]
        row_role = "unsure" if (cell.strip() and role is None) or not all(_neutral_cell(c, targets) for c in others) \
            else role or row_role
    elif not columns or not any(h in ("action", "status") for h in columns):
        # A cell of role words alone, the row's values all on one side of it and its other cells a domain, an address
        # or a number: "| x.gov.uk | REMOVE | A |", "| A | 192.0.2.1 | to add |". Values on both sides are unclear.
        said = [(i, role) for i, cell in enumerate(cells) if not valued[i] and (not columns or i >= len(columns)
                                                                            or not columns[i])
                and (role := _action_cell(cell))]
        if len(said) == 1 and len(cells) > 1:
            at = said[0][0]
            sides = {i < at for i in range(len(cells)) if valued[i]}
            others = [c for i, c in enumerate(cells) if i != at and not valued[i]]
            row_role = ("row_new" if said[0][1] == "new" else said[0][1]) \
                if len(sides) == 1 and all(_neutral_cell(c, targets) for c in others) \
                else "unsure" if len(sides) > 1 else row_role
    said_before = None  # the role of the cell of role words just before, if the cell before said one
    applied = row_role  # the role the row's values take from its cells of role words, as read before them
    for i, cell in enumerate(cells):
        col = columns[i] if i < len(columns) else None
        if col in ("action", "status"):
            if valued[i]:
                # A value where the action should be: the row does not stand under its heading.
                row_role = "unsure"
                value_cells.append(("unsure", cell))
            continue  # read above
        start = col if col else row_role
        if _FROM_LABEL.fullmatch(cell) or (not col and _label_role(cell)):
            said = "current" if _FROM_LABEL.fullmatch(cell) else _label_role(cell)
        else:
            pieces, end_role, seen = _segments(cell, start, targets, zone)
            if not (seen and not any(_line_values(cell, targets, zone).values())):
                value_cells += pieces
                said_before = None
                continue
            said = end_role
        # A cell of role words alone gives its role to the cells after it ("| x.gov.uk | REMOVE | A |"). Two of them
        # side by side saying different roles are a heading run into its row ("| Current | New | A | B |"): which
        # value is which is not a thing to guess.
        said = "row_new" if said == "new" and row_role == "row_new" else said
        if columns and said not in (None, "pointer", applied) and not any(valued[i + 1:]) and any(valued[:i]):
            # Words of a role in a column of their own after the row's values, which took no role from them ("| A | B
            # | keep ns1 too |" under "Current | New | Notes"): what they say of the values is not a thing to guess.
            value_cells = [("unsure", t) for _, t in value_cells]
        row_role = "unsure" if said_before not in (None, said) or row_role == "unsure" else said
        said_before = said
    return value_cells, row_role


# A label and the values after it: "Nameservers: A, B", "NS 1 = A", "Name servers - A and B".
_LABEL_AND_VALUES = re.compile(r"(?P<label>[^:=\n]*?)\s*(?::|=|\s[-\u2013]\s)\s*(?P<rest>.*)")
# The words a label naming only the field may hold besides the field's own words, its numbers and role words.
_NEUTRAL_LABEL_WORDS = {"domain", "the", "for", "of", "list", "entries", "entry", "server", "servers", "please",
                        "value", "values", "dns", "ds", "dnssec", "data", "details", "record", "records", "host",
                        "hosts", "hostname", "hostnames", "names", "name", "field", "set", "use", "ns", "is", "are",
                        "primary", "secondary", "tertiary", "no", "number", "st", "nd", "rd", "th", "first",
                        "second", "third", "fourth", "fifth", "sixth", "one", "two", "three", "four", "five", "six",
                        "to", "be", "being"}


def _plainly_labelled(line: str, targets: set[str], zone: str) -> bool:
    """Whether a line is values alone under a label the reader knows whole ("Nameserver 1: A", "DS: ...", a DS
    record's labelled fields, a zone file's "x.gov.uk. IN DS ..."): there, values without a role word are the field's
    values, a new set by default. Any other word about them, the reader does not understand."""
    text = _BULLET.sub("", line).strip()
    if _DS_FIELD_LINE.match(text) or re.search(r"\bIN\s+C?DS\b|(?:^|:)\s*\S+\.?\s+(?:\d+\s+)?C?DS\s+\d", text):
        return True
    if (record := _RECORD_LINE.fullmatch(text)) and re.search(r"\bIN\s+(?:\d+\s+)?NS\s+\S+\s*$", text, re.I):
        # "x.gov.uk. 86400 IN NS ns1.example.net.": the owner is the domain asked about (or "@"), never a value;
        # a record whose owner is another name (a subdomain's delegation, a glue host) says nothing of the domain's.
        owner = record.group().split()[0]
        return owner == "@" or owner.upper() == "IN" or owner.isdigit() or normalise_domain(owner) in targets
    words = text.split(None, 1)
    if len(words) == 2 and normalise_domain(words[0].rstrip(":")) in targets and _bare(words[1], targets, zone):
        return True  # "x.gov.uk 23718 8 2 ...": the domain, then its values
    match = _LABEL_AND_VALUES.fullmatch(text)
    # The domain asked about as a label ("x.gov.uk: ...") says only whose the values are.
    label = match and _DOTTED_RUN.sub(lambda m: " " if normalise_domain(m.group()) in targets else m.group(),
                                      match["label"])
    if match is not None and not any(_line_values(match["label"], targets, zone).values()) \
            and _bare(match["rest"], targets, zone) \
            and (_known_label(label) or _known_label(_provider_named(label, match["rest"], targets, zone))):
        return True
    # In a sentence: the values one list, after the last comma or colon before them, under a known label only
    # ("Please make the same change for x.gov.uk as well: name servers A and B").
    masked = _masked(_BRACKETED.sub(lambda m: " " * len(m.group()), text))
    hosts = [m for m in _RUN.finditer(text) if (h := normalise_domain(m.group().rstrip(_DOTS + ":")))
             and _is_nameserver(h, targets, zone)]
    if not hosts:
        return False
    lead = re.split(r"[:;,]", masked[:hosts[0].start()])[-1]
    if not _FIELD_WORD["nameservers"].search(lead):
        return False
    gaps = [masked[a.end():b.start()] for a, b in zip(hosts, hosts[1:])] + [masked[hosts[-1].end():]]
    return _known_label(lead) and all(re.fullmatch(r"[\s,;]*(?:(?:and|&)[\s,;]*)?", g) for g in gaps[:-1]) \
        and re.fullmatch(r"[\s.,;]*", gaps[-1]) is not None


def _provider_named(label: str, values: str, targets: set[str], zone: str) -> str:
    """The label without the words that name the provider of every name server after it ("Jisc nameservers:
    ns1.jisc-dns.example.net", "Cloudflare NS: a.ns.cloudflare.com, b.ns.cloudflare.com", "AWS name servers:
    ns-1.awsdns-01.org"): whose servers they are says nothing of their role."""
    hosts = _line_values(values, targets, zone)["nameservers"]
    if not hosts:
        return label
    return re.sub(r"[^\W\d_]{3,}", lambda m: " " if all(m.group().lower() in h for h in hosts) else m.group(), label)


def _leads_on(line: str) -> bool:
    """Whether a line leads on to what is under it, so that the role it says is the list's: a label or heading
    ("New name servers:", "Nameservers (new)"), or a sentence ending in a colon or "as follows". A sentence that
    ends ("To whom it may concern,", "Please action the following change.") says nothing of a list below it."""
    text = _DOTTED_RUN.sub(" ", line).strip()  # a value's own dot ends no sentence
    return bool(text) and (text.endswith((":", "-", "\u2013"))
                           or bool(re.search(r"\b(?:follows?|following|below|these|those)"
                                             r"(?:\s+(?:please|pls|thanks))?\W*$", text, re.I))
                           or (len(text.split()) <= 6 and text[-1] not in ".,;!?"))


def _known_label(label: str) -> bool:
    """Whether a label's words are all ones the reader knows: the field's, role words, numbers, neutral words."""
    if "+" in label:
        return False  # a sign the reader did not read as an action says something it does not know
    label = _ROLE.sub(" ", _FIELD_WORDS_IN_LABEL.sub(" ", label.replace("(s)", "")))
    return all(w.lower() in _NEUTRAL_LABEL_WORDS for w in re.findall(r"[^\W\d_]+", label))


def _is_label_line(line: str) -> bool:
    return bool(re.match(rf"\s*[{_BULLET_MARKS}]?\s*[A-Za-z][\w ()/-]{{0,40}}:", line))


def _kind(match: re.Match) -> str:
    return next(k for k, v in match.groupdict().items() if v)


def _label_role(label: str) -> str | None:
    """The role a heading or label names by a word that names one only as the whole of it ("Before", "After NS",
    "+"), field words and numbers aside; None when it names none so."""
    text = label.strip()
    if text in _MARK_ROLE:
        return _MARK_ROLE[text]
    text = " ".join(_FIELD_WORDS_IN_LABEL.sub(" ", text).split())
    return next((role for role, words in _LABEL_ROLE.items() if text and words.fullmatch(text)), None)


# Two role words that say one action between them ("new - add", "old, remove", "existing (keep)"): an added server is
# a new one, and a server removed or kept is a current one.
_AGREEING = {frozenset({"new", "add"}): "add", frozenset({"current", "remove"}): "remove",
             frozenset({"current", "keep"}): "keep"}


def _agreeing(roles: set[str]) -> set[str]:
    """The roles of a cell's or an aside's words, two that say one action between them made that one."""
    return {_AGREEING[frozenset(roles)]} if frozenset(roles) in _AGREEING else roles


def _action_cell(cell: str, action: bool = False) -> str | None:
    """The role a cell of role words alone says ("Add", "to be removed", "unchanged", "+", "Remove NS"); None for any
    other. In a column the heading names the action (`action`), "new" is a server added."""
    if cell.strip() in _MARK_ROLE:
        return _MARK_ROLE[cell.strip()]
    if (signed := re.fullmatch(r"\s*([+\-\u2212\u2013])\s*([^\W\d_].*)", cell)) is not None:
        # "+ add", "- remove", "+Added": a sign and the word it stands for, saying one role twice.
        said = _action_cell(signed[2], action)
        return said if said == _MARK_ROLE[signed[1]] else None
    roles = _agreeing({_kind(m) for m in _ROLE.finditer(_masked(cell.replace("_", " ")))} - {"pointer"})
    role = _cell_role(cell)
    role = next(iter(roles)) if len(roles) == 1 and role in ("new", "current") else role
    if (whole := _label_role(cell)) in ("add", "remove"):
        return whole  # "In", "Out"
    if not role or not _known_label(cell) or len(roles) > 1:
        return None
    return "add" if action and role == "new" else role


# A cell naming a resource record's type, as a console, an export or a change file gives it in a column of its own.
_RECORD_TYPE = re.compile(r"\s*(?:(?P<nameservers>ns|name\s*servers?|nameservers?)|(?P<ds>ds)|(?P<glue>(?-i:A|AAAA))"
                          r"|(?P<zone>soa)|(?P<other>cname|mx|txt|caa|srv|ptr|dnskey|cds|cdnskey|https|svcb|tlsa|sshfp"
                          r"|naptr|spf|alias|aname))(?:\s+records?)?\s*", re.I)
# A record's class, its owner written as the zone's apex, or its TTL as consoles show it ("Auto", "1 hour", "300s"),
# and a console's word that the record is served as it stands ("DNS only").
_RECORD_CLASS = re.compile(r"\s*(?:IN|@|auto(?:matic)?|default|dns\s+only"
                           r"|\d+\s*(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?))?\s*", re.I)


def _typed_row(cells: list[str], targets: set[str], zone: str, raw: str = "") -> tuple[str, list[str]] | None:
    """A row whose one cell names a record's type and whose values all stand after it, as a record's data follows its
    type (RFC 1035 5.1): ("nameservers" or "ds", the cells with the type and class blanked) when the values are of
    that field and the cells before the type are the record's owner (the domain asked about, "@"), its TTL, its class
    or what to do with it; ("glue", cells) for an address record of a name server; ("unsure", cells) when a value
    stands before the type (another owner: a subdomain's delegation), or the values are not of the field the type
    names. None for any other row."""
    at = [i for i, c in enumerate(cells) if _RECORD_TYPE.fullmatch(c)]
    if len(cells) < 2 or len(at) != 1:
        return None
    i = at[0]
    kind = _RECORD_TYPE.fullmatch(cells[i]).lastgroup
    values = [_line_values(c, targets, zone) for c in cells]
    after = {k for v in values[i + 1:] for k, found in v.items() if found}
    before = [c for c, v in zip(cells[:i], values[:i], strict=True) if any(v.values())]
    if raw and (at_type := re.search(rf"(?<![\w.-]){re.escape(cells[i].strip())}(?![\w.-])", raw)):
        # The line as written, before links were blanked: an owner "www.x.gov.uk." is another name than the domain.
        before += [h for h in _hostnames(raw[:at_type.start()]) if h not in targets and "." in h and not _is_ip(h)]
    if kind == "zone" and not before:
        return "glue", cells  # the zone's own start of authority: its primary server is no delegation
    if kind == "glue":
        owners = [c for c in cells[:i] if normalise_domain(c.strip().rstrip(_DOTS)) and not c.strip().isdigit()]
        data = [c for c in cells[i + 1:] if c.strip() and not c.strip().isdigit()]  # a TTL may stand after the type
        return ("glue", cells) if len(owners) == 1 and data and all(_is_ip(c.strip()) for c in data) else None
    if not after:
        return None  # a heading, words, or a list of servers with their type after them
    if kind in ("other", "zone") or before or after != {kind}:
        return "unsure", cells
    if not all(_RECORD_CLASS.fullmatch(c) or _neutral_cell(c, targets) or _action_cell(c) for c in cells[:i]):
        return None
    return kind, ["" if j == i or _RECORD_CLASS.fullmatch(c) else c for j, c in enumerate(cells)]


# What a row's other cells may hold beside an action: nothing, an address, a number (TTL), the domain, a rule, or the
# state of the registrar's own ticket.
_TICKET_STATE = re.compile(r"\W*(?:pending|open|requested|submitted|awaiting(?:\s+approval)?|in\s+progress|approved|new"
                           r"|to\s+do|queued|raised)\W*", re.I)


# The state of an order's line that the customer took back: it asks nothing.
_LINE_STATE_HEADING = re.compile(r"\W*(?:(?:line|item|order)\s+)?(?:status|state)\W*", re.I)
_LINE_CANCELLED = re.compile(r"\W*(?:cancell?ed|withdrawn|void(?:ed)?|removed\s+from\s+(?:the\s+)?order)\W*", re.I)


# A ticket system's own fields in a row: an identifier (a ticket's or a change's number, "REQ-361014", "INC0048011",
# "#4521", a priority "P3"), a date or a time ("2026-11-26 16:42", "26/11/2026", "27 Nov 2026 08:14", "Nov 26, 2026").
# A word with one digit in it ("XQZ7", "ns2") is no ticket's number: a word the reader does not know, or a short name.
_IDENTIFIER = re.compile(r"#\d+|P[1-5]|#?[A-Za-z]{0,12}[-_/]?\d\d[\w-]{0,24}(?:/\d[\w-]{0,12}){0,3}",
                         re.I)  # "CO/20324/26" too
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]{0,6}\.?"
_DATE_TIME = re.compile(rf"""(?=.*\d)(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?
    (?:\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}|\d{{1,2}}\s+{_MONTH}\s+\d{{4}}|{_MONTH}\s+\d{{1,2}},?\s+\d{{4}})?
    ,?(?:(?:[ T]|,?\s+(?:at\s+)?)?\d{{1,2}}:\d{{2}}(?::\d{{2}}(?:\.\d+)?)?
        \s*(?:[ap]m)?\s*(?:Z|UTC|GMT|BST|[+-]\d{{2}}:?\d{{2}})?)?""",
                        re.I | re.X)


def _neutral_cell(cell: str, targets: set[str]) -> bool:
    text = cell.strip()
    return not text or _is_ip(text) or text.isdigit() or normalise_domain(text.rstrip(".")) in targets \
        or bool(_TABLE_RULE.fullmatch(text)) or bool(_TICKET_STATE.fullmatch(text)) \
        or bool(_IDENTIFIER.fullmatch(text)) or bool(_DATE_TIME.fullmatch(text))


def _cell_role(cell: str) -> str | None:
    cell = cell.replace("_", " ")  # "old_ns", "new_ns"
    if _FROM_LABEL.fullmatch(cell):
        return "current"
    if role := _label_role(cell):
        return role
    match = _ROLE.search(_masked(cell))
    return None if match is None else "new" if _kind(match) == "pointer" else _kind(match)


_ASIDE = re.compile(r"\([^()]*\)")
_ADJECTIVE_NEW = re.compile(r"new", re.IGNORECASE)  # "new" alone, as in "add the new key"
_TO_BE = re.compile(r"(?:(?:should|must|shall|will|needs?\s+to|are\s+to|is\s+to)(?:\s+now)?\s+be|becomes?|to\s+be)",
                    re.IGNORECASE)


def _line_role(line: str, role: str | None) -> str | None:
    """The role in force after a line: its last role word ("Please replace the current ones with the following:"
    is new), or, for a short label, its first ("New name servers (replacing the current ones):"). Words in
    brackets are an aside when the words outside them name a role ("Please add the following DS record (keep
    the existing one):" adds), and the role itself when nothing else does ("Nameservers (new):")."""
    label = line.strip().rstrip(":").strip()
    if re.search(r"\s[-\u2013]$", label):
        label = label[:-1].strip()  # "From -", "What we have now -": a label's dash is its colon
        line = label + ":"
    heading = line.rstrip().endswith(":") or (len(label.split()) <= 6 and not _CHANGE_VERB.search(label))
    # An aside saying no role after the label's last word is no part of it: "What x.gov.uk has now (dig +short NS):".
    plain = re.sub(r"\s*\([^()]*\)$", lambda m: "" if not _ROLE.search(_masked(m.group())) else m.group(), label)
    if heading and (said := _LABEL_WORD_AT.search(plain + ":")) and said.end() == len(plain) \
            and not any(m.start() < said.start() and m.end() == said.end() for m in _ROLE.finditer(_masked(plain))):
        # "What we have now:", "Name servers after:", "What it is now"; not the end of a role's own words ("in place
        # of whatever records the domains have now:").
        return _label_role(said.group())
    if _FROM_LABEL.fullmatch(line) or re.search(r"\bfrom$", label, re.I) \
            or (line.rstrip().endswith(":") and re.match(r"\W*from\b", label, re.I) and len(label.split()) <= 5):
        return "current"  # "Please move the delegation from:" and the old list
    if line.rstrip().endswith(":") and (named := _label_role(label)) and label not in _MARK_ROLE:
        return named  # "Before:", "After the change" is a role word of its own
    masked = _unsaid(_masked(label))
    if len(masked) < 300 and _REPLACED_WITH.search(masked):
        return "new"  # "Please replace the existing DS with this one:", "swap the old ones for the following:"
    if then := list(_THEN_VERB.finditer(masked)):
        # "please withdraw the DS with key tag 11111 and publish this one:": the list is what the last verb is done with
        label = masked = masked[then[-1].end():]
        if _IN_PLACE.search(masked):
            return "add"  # "remove A and put the following in its place:"
    if not _ROLE.search(masked) and _unsaid_roles(_masked(label)):
        return "unsure"  # "Please do not remove the following:": what is to be done, it does not say
    outside = _ASIDE.sub(lambda m: " " * len(m.group()), masked)
    # "add a DS record to x.gov.uk": "to", "into" or "with" after a role word is that role's preposition, no role.
    found = list(_ROLE.finditer(outside))
    # "add the new key" adds: "new" right after a word of adding is what is added, not a new set.
    said = [_kind(m) for i, m in enumerate(found)
            if not (re.fullmatch(r"to|into|with", m.group(), re.IGNORECASE)
                    and any(_kind(e) in ("add", "remove", "current", "keep") for e in found[:i]))
            and not (_ADJECTIVE_NEW.fullmatch(m.group())
                     and [_kind(e) for e in found[:i] if _kind(e) != "pointer"][-1:] == ["add"])]
    # The asides as written: the words _unsaid() blanks ("keep the existing one") are what an aside says.
    aside = [_kind(m) for a in _ASIDE.finditer(_masked(label)) for m in _ROLE.finditer(a.group())]
    if said and set(said) == {"pointer"} and set(aside) - {"pointer", "new"}:
        # "Please enter the following DS record (keep the existing one):": the words outside say no role, only
        # "the following", and the aside qualifies it; a new set by default would drop what it says to keep.
        return "unsure"
    matches = said or [_kind(m) for m in _ROLE.finditer(masked)]
    matches = [k for k in matches if k != "pointer"] or ["new" for k in matches[:1]]
    if not matches:
        return role if not line.rstrip().endswith(":") else None
    return matches[0] if len(label.split()) <= 5 else matches[-1]


def _bare(line: str, targets: set[str], zone: str) -> bool:
    """A line of values and nothing else (bullets, numbers, glue addresses, "and")."""
    if any(_ROLE.search(_masked(aside.group())) for aside in _BRACKETED.finditer(line)):
        return False  # "A (please keep the existing one for now)": words in brackets saying a role are no glue
    text = _BULLET.sub("", _BRACKETED.sub(" ", line))
    words = [w for w in re.split(r"[\s,;|/\"]+", text) if w]  # "ns1.x.net / 192.0.2.1", a quoted CSV field
    if not words:
        return False
    if _ds_records(text) and all(_HEX.fullmatch(w) or w.isdigit() for w in words):
        return True
    hosts = [normalise_domain(w.rstrip(_DOTS + ":")) for w in words]
    servers = [bool(h and _is_nameserver(h, targets, zone)) for h in hosts]
    # The domain asked about, in a row of servers ("| x.gov.uk | ns1.a.net | ns1.b.net |"), is no word about them.
    return all(_is_ip(w.rstrip(".:")) or _BARE_VALUES.fullmatch(w.rstrip(".:")) or w in ("-", "\u2013") or server
               or (w.rstrip(".:").isdigit() and len(w) <= 6 and any(servers))  # a row's number, a TTL
               or (h in targets and any(servers)) for w, h, server in zip(words, hosts, servers, strict=True)) \
        and any(hosts)


# A value alone on its line with words in brackets after it: "ns1.old.example (to be removed)", "- ns3.x.net [new]".
# Or the words after a dash or a colon: "ns2.x.net - to be removed", "ns3.x.net: add", "ns1.x.net -- keep".
_ANNOTATED = re.compile(rf"\s*(?:[{_BULLET_MARKS}]\s*|\d{{1,2}}[.)]\s+)?(?P<value>[^\s()\[\]]+?)[.:]?\s*"
                        r"(?:\((?P<a>[^()]{1,60})\)|\[(?P<b>[^\[\]]{1,60})\]"
                        r"|(?:(?<=\s)[-\u2013\u2014]{1,2}|:|=>?|->|<-)\s*"
                        r"(?P<c>[^\W\d_][^\W\d_ '-]*(?:[ '-][^\W\d_]+){0,5}))"
                        r"\s*[.,;!]?\s*")
# Words in brackets after a name server that say nothing of its role: its rank, its glue.
_NEUTRAL_ASIDE = re.compile(r"(?:primary|secondary|tertiary|master|slave|hidden\s+master|main|backup|glue|ipv[46]"
                            r"|ns\s*\d|\d|[\s,:;/&-]|and)+", re.I)
_ASIDE_ROLE = {"remove": "remove", "keep": "keep", "current": "current", "add": "add", "new": "new"}


def _annotation(line: str, targets: set[str], zone: str) -> tuple[str, str, str] | None:
    """(field, value, role) of a line of one value with words in brackets after it; the role "neutral" when the
    words say nothing of it (a rank, a glue address), "unsure" when they are words the reader does not know; None
    for any other line."""
    match = _ANNOTATED.fullmatch(line)
    if match is None:
        return None
    values = _line_values(match["value"], targets, zone)
    if len(values["nameservers"]) + len(values["ds"]) != 1:
        return None
    kind = "nameservers" if values["nameservers"] else "ds"
    value = values[kind][0]
    aside = next(match[g] for g in "abc" if match[g] is not None)
    if any(_is_ip(w.strip(",;:")) for w in aside.split()) or _NEUTRAL_ASIDE.fullmatch(aside):
        return kind, value, "neutral"
    if re.fullmatch(r"\s*(?:no\s+change|stays?|remains?|unchanged)\s*", aside, re.I):
        return kind, value, "keep"
    said = _agreeing({_kind(m) for m in _ROLE.finditer(aside)} - {"pointer"})
    if len(said) == 1 and _known_label(aside) and (role := _ASIDE_ROLE.get(next(iter(said)))) is not None:
        # "to be" alone is no role ("to be confirmed"): the words must say one whole.
        if not re.fullmatch(r"\s*(?:to\s+be|with|to|into|was|were|will\s+be)\s*", aside, re.I):
            return kind, value, role
    return kind, value, "unsure"


def _line_values(text: str, targets: set[str], zone: str) -> dict[str, list[str]]:
    # An algorithm's name and number side by side ("RSASHA256 (13)") are checked against each other before
    # brackets are dropped as glue would be.
    labelled = _labelled_ds(text)
    ds = labelled if labelled is not None else _ds_records(_BRACKETED.sub(" ", _DS_NAMED.sub(_ds_number, text)))
    # A DS record named by its key tag alone ("remove the DS with key tag 35235") is a value of its own.
    tags = [] if labelled is not None else key_tag_refs(text)
    # Glue in brackets ("ns1.x.net (192.0.2.53)") is dropped; name servers in brackets are values, in the role the
    # words about them say ("replace the existing name servers (A and B) with C and D").
    text = _BRACKETED.sub(lambda m: m.group()[1:-1] if _named_in(m.group(), targets, zone) else " ", text)
    hosts = [] if ds else [h for h in _hostnames(text) if _is_nameserver(h, targets, zone)]
    return {"nameservers": hosts, "ds": ds or tags}


def _named_in(bracket: str, targets: set[str], zone: str) -> bool:
    """Whether words in brackets hold a name server (a value), not only glue, a rank or other words."""
    return any(_is_nameserver(h, targets, zone) for h in _hostnames(bracket[1:-1]))


# A DS record's key tag, algorithm and digest type ending a line, its digest wrapped to the next ("12841 13 2" /
# "995A...", "example.gov.uk. 3600 IN CDS 62770 8 2" / "3DB0..."): a mail client breaks a 75-character record there.
_DS_HEAD_END = re.compile(r"(?<![\w.:-])\d{1,5}[ \t]+\d{1,3}[ \t]+[1-6][ \t]*$")


def _joined_ds_lines(lines: list[str]) -> list[str]:
    """A DS record given as labelled fields, a line each, or with its digest wrapped, made one line."""
    out: list[str] = []
    joining = False
    for line in lines:
        if out and joining and (_DS_FIELD_LINE.match(line) or _HEX_LINE.fullmatch(line)):
            out[-1] = out[-1].rstrip() + " " + line.strip()
            continue
        joining = bool(_DS_FIELD_LINE.match(line) or _ds_records(line) or re.search(r"\bds\b", line, re.I)
                       or _DS_HEAD_END.search(line))
        out.append(line)
    # A zone file's record continued in brackets over lines ("DS 59015 13 2 (" / digest / ")"): the brackets go.
    return [_ZONE_PARENS.sub(r" \1 ", line) for line in out]


_ZONE_PARENS = re.compile(r"\(\s*([0-9A-Fa-f]{4,}(?:\s+[0-9A-Fa-f]{4,})*)\s*\)")  # groups apart by spaces: linear
