"""Parse (change request): what the layouts read of one field of one domain, each value in its role, and the Ask it
makes of them, or why the field is unclear."""

import re
from dataclasses import dataclass, field

from mailbot.parse.change_request.asks import Ask
from mailbot.parse.change_request.labels import is_label_line
from mailbot.parse.change_request.line_values import line_values
from mailbot.parse.change_request.names import mask_names
from mailbot.parse.change_request.roles import ARROW, CHANGE_START, INSTEAD, REPLACE, SUBSTITUTE, cell_role

# A masked value with "out" or "in" after it, as a role said after it ("A out, B in", "A is out"), invisible characters
# between.
_OUT_OR_IN_AFTER = re.compile(r"x{3,}[^\w\s]{0,3}\s+(?:(?:is|are|goes|go|comes|come|now|being|taken|put|moved)\s+)*"
                              r"(?:out|in)\b(?=\s*(?:[,;.)]|and\b|$))", re.I)


@dataclass
class Found:
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
    set_rows: dict[int, set[str]] = field(default_factory=dict)  # the set each order line giving a whole set gives

    def take(self, got: list[tuple[str | None, str]], cells: list[str], line: str, n: int, targets: set[str],
             zone: str, ranked: bool = False) -> None:
        """The values of line `n` (its `cells`), each in its role: values without one ("plain") are counted in
        blocks, and plain values side by side in columns no heading names are marked (`ranked`: a heading numbers
        each column holding a value, "| Domain | NS1 | NS2 |": one set)."""
        plain_columns = sum(1 for c in cells if any(line_values(c, targets, zone).values()))
        masked = mask_names(line)
        both = {v for r, v in got if r == "add"} & {v for r, v in got if r == "remove"}
        if both and _OUT_OR_IN_AFTER.search(masked):
            # "replace A with B (A out, B in)" in words the reader did not put first: A read after "with" came in and
            # went, and kept would stay. Asked about.
            self.unread = line.strip()[:80]
            return
        if both and (REPLACE.search(masked) or INSTEAD.search(masked) or SUBSTITUTE.search(masked)
                     or ARROW.search(masked) or CHANGE_START.search(masked)):
            # "use A and B instead of C and A", "replace A, B with B, C": a value on both sides of one replacement is
            # in the set before it and after it, so it stays (as "| A | A |" in a current|new table does).
            got = [("keep" if v in both else r, v) for r, v in got if not (v in both and r == "add")]
        if len(cells) > 1 and plain_columns > 1 and all(r in (None, "plain") for r, _ in got) \
                and not any(cell_role(c) for c in cells) and not ranked:
            self.columns = True
        for r, v in got:
            r = r or "plain"
            if r == "unsure":
                self.unread = line.strip()[:80]
                continue
            if r == "described":
                continue  # "set the name servers of x.gov.uk, currently A, to ...": A describes it (described.py)
            if r == "plain":
                if self.last_plain_line < n - 1 and not (self.plain_blocks and is_label_line(line)):
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
        if len({frozenset(v) for v in self.set_rows.values()}) > 1:
            # Two order lines each putting a whole set in place ("Replace NS set"), with different values.
            return None, "two lines each give the whole new set, with different values: which is meant cannot be told"
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
