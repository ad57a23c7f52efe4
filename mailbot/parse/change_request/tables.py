"""Parse (change request): tables: a line's cells (pipes, tabs, CSV, columns of spaces), the roles a heading gives
its columns, a sentence before a table saying which column is which, and a row's cells placed under their headings."""

import csv
import re

from mailbot.parse.change_request.ds_records import DS_FIELD_AT
from mailbot.parse.change_request.line_values import line_values
from mailbot.parse.change_request.names import DOTS, DOTTED_RUN, mask_names
from mailbot.parse.change_request.roles import FIELD_WORD, ROLE, cell_role, known_label, role_of
from mailbot.parse.change_request.rows import action_cell, neutral_cell
from mailbot.parse.change_request.simple_form import NO_CHANGE
from mailbot.parse.change_request.values import BULLET

_CSV_SPLIT = re.compile(r"\s*[,;]\s*")


# A tab between two fields' words (not padding after a comma): the fields of a tab-separated row.
_TAB_SEPARATED = re.compile(r"[^\s,;]\t+[^\s,;]")


def cells_of(line: str, attached: bool, table: bool = False) -> list[str]:
    """A line's cells; an empty cell is kept ("| | ns3.new.example" under "| Current | New |"). A list item's
    bullet is no cell (Outlook's plain text writes "\u00b7" and a tab), unless a heading is in force: there "-"
    may be a table's cell of its own."""
    text = line.rstrip()
    if not table:
        text = BULLET.sub("", text)
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


# A heading naming the column that says what to do with each row's value: "Action", "Operation", "Add/Remove".
_ACTION_HEADING = re.compile(r"\W*(?:(?:requested\s+|required\s+|change\s+)?"
                             r"(?:action|operation|op|change|instruction|type)s?"
                             r"(?:\s+(?:required|requested|needed|to\s+take))?|to\s+do|what(?:\s+to\s+do)?)\W*", re.I)
_STATUS_HEADING = re.compile(r"\W*(?:[a-z]+\s+)?(?:status|state)\W*", re.I)


def heading_roles(cells: list[str]) -> list[str | None] | None:
    """The role of each column when the cells are a table's heading (a role word, a word for name servers, a DS
    record's fields, an action's column): "action" for the column saying what to do with each row, "status" for a
    state, which says it when no column is the action's."""
    heading: list[str | None] = []
    for c in cells:
        roles = {role_of(m) for m in ROLE.finditer(mask_names(c.replace("_", " ")))} - {"pointer"}
        heading.append("who" if _WHO_HEADING.fullmatch(c.replace("_", " "))
                       else "notes" if _NOTES_HEADING.fullmatch(c)
                       else "action" if _ACTION_HEADING.fullmatch(c) or len(roles) > 1
                       else "status" if _STATUS_HEADING.fullmatch(c) else cell_role(c))
    return heading if any(h not in (None, "notes", "who") for h in heading) or any(
        FIELD_WORD["nameservers"].search(c) or DS_FIELD_AT.fullmatch(c + ":")
                                          for c in cells) else None


# A column of the writer's words about each row: "Notes", "Comments", "Remarks".
_NOTES_HEADING = re.compile(r"\W*(?:notes?|comments?|remarks?|memo)\W*", re.I)
# A column naming who asked for or made each row ("requested_by", "Submitted by", "Requester"): a person's login
# ("gwen.hart") is no value of the row, whatever it looks like; "requested" there is no role.
_WHO_HEADING = re.compile(r"\W*(?:(?:requested|submitted|raised|created|entered|logged|changed|updated|approved"
                          r"|authori[sz]ed|added|made)\s+by|request[eo]r|submitter|user\s*(?:name|id)?|login)\W*", re.I)
# A server named in a note by its first label: "keeps ns1", "dns2 stays", "keeps ns-74-a".
_SHORT_NAME = re.compile(r"(?<![\w.-])[a-z][a-z-]*\d[\w-]*(?![\w.-])", re.I)


def quiet_cells(cells: list[str], columns: list[str | None], heading: list[str]) -> list[str]:
    """A row's cells with those that say nothing of its values blanked: a cell under a column naming who asked for
    the row ("requested_by": "gwen.hart", a login and no server), and a cell saying a field stays as it is under the
    field's own heading ("DNSSEC": "unchanged" beside a new set of name servers, which it leaves as they say)."""
    if len(cells) != len(columns) or len(heading) != len(cells):
        return cells
    return ["" if h == "who" or (any(w.search(title) for w in FIELD_WORD.values())
                                  and NO_CHANGE.fullmatch(" ".join(c.split()))) else c
            for c, h, title in zip(cells, columns, heading, strict=True)]


def note_agrees(note: str, cells: list[str], columns: list[str | None], targets: set[str], zone: str) -> bool:
    """Whether a notes cell's words leave its row as the row's other cells say it: no value of their own, and no role
    but the row's ("new provider", "moving to cloud" beside a server added or a new set; "old" beside one removed,
    "stays" beside one kept), or
    "keep" of a server the row's new set holds by its first label ("keeps ns1" beside a set holding ns1.x.net). The
    row's role is its action cell's, else its value columns' ("new" for a set no column calls anything)."""
    if any(line_values(note, targets, zone).values()):
        return False
    said = {role_of(m) for m in ROLE.finditer(mask_names(note))} - {"pointer"}
    if not said:
        return True
    actions = [action_cell(c, action=True) for c, h in zip(cells, columns, strict=True) if h == "action" and c.strip()]
    valued = [(h, c) for c, h in zip(cells, columns, strict=True) if any(line_values(c, targets, zone).values())]
    row = set(actions) if actions else {h if h not in (None, "plain") else "new" for h, _ in valued}
    if len(row) != 1 or None in row:
        return False
    row_role = row.pop()
    if said <= {"new", "add"} and row_role in ("new", "add"):
        return True
    if said <= {"current", "remove"} and row_role == "remove":
        return True
    if said <= {"current", "keep"} and row_role == "keep":
        return True  # "stays", "unchanged" beside a server the row keeps
    if said == {"keep"} and row_role == "new" and (short := _SHORT_NAME.findall(note)):
        firsts = {v.split(".")[0].lower() for _, c in valued for v in line_values(c, targets, zone)["nameservers"]}
        return all(name.lower() in firsts for name in short)
    return False


_ALIGNED_CELL = re.compile(r"\S+(?:\s{1,2}\S+)*")


_DASH_RUN = re.compile(r"-{2,}")
_RULE_OF_RUNS = re.compile(r"[ \t]*-{2,}(?:[ \t]+-{2,})+[ \t]*")


def ruled_columns(lines: list[str]) -> list[str]:
    """The lines with each table aligned with spaces under a rule of dashes, one run a column (as psql, MySQL's client
    and many consoles print a table), written with "|" around its cells: the rule says where each column starts, so
    that two cells two spaces apart ("ns1.old.example  ns1.new.example" under "Old  New") are two cells, never one. A
    table whose heading or rows put words across a gap of the rule is left as written."""
    out = list(lines)
    for i, rule in enumerate(lines):
        if not i or not _RULE_OF_RUNS.fullmatch(rule) or not lines[i - 1].strip():
            continue
        spans = [(m.start(), m.end()) for m in _DASH_RUN.finditer(rule)]
        end = i + 1
        while end < len(lines) and lines[end].strip():
            end += 1
        block = [i - 1, *range(i + 1, end)]

        def fits(line: str) -> bool:
            # Nothing before the first column, and nothing in the gaps between the runs.
            gaps = [(0, spans[0][0])] + [(a[1], b[0]) for a, b in zip(spans, spans[1:], strict=False)]
            return "|" not in line and "\t" not in line and all(not line[a:b].strip() for a, b in gaps)

        if not all(fits(lines[n]) for n in block):
            continue
        starts = [s for s, _ in spans] + [None]
        for n in block:
            # With its outer pipes, as Markdown writes a row: an empty first or last cell stays a cell.
            out[n] = "| " + " | ".join(lines[n][a:b].strip() for a, b in zip(starts, starts[1:], strict=False)) + " |"
    return out


_POSITION = {"left": 0, "first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "right": -1, "last": -1}
_POSITION_WORD = re.compile(r"\b(?:left|right|first|second|third|1st|2nd|3rd|last)(?:[\s-]+(?:hand|side))?\b", re.I)
_DOMAIN_ITEM = re.compile(r"\W*(?:the\s+)?(?:domain(?:\s+name)?|zone)s?\W*", re.I)


def column_lead(line: str) -> tuple[str, list[str | None]] | None:
    """The roles of the columns of a table with no heading, as a sentence before it says them: by position ("current on
    the left, new on the right", "first column: old, second column: new"), or as the columns in order ("Below: domain,
    new name server, current name server."; a domain's column has no role). None when the line says no such thing:
    every part of it must be a column's role, and two columns at least must have one."""
    # Names aside ("For x.gov.uk - new on the left, ..."), a sentence's own full stop kept apart from them.
    text = DOTTED_RUN.sub(lambda m: " " if re.search(r"[.@]", m.group().rstrip(DOTS)) else m.group(), line)
    text = text.strip().rstrip(".:;").strip()
    by_place: dict[int, str] = {}
    for part in re.split(r"[,;()]|and", text):
        if (place := _POSITION_WORD.search(part)) is None:
            continue
        rest = _POSITION_WORD.sub(" ", part)
        rest = re.sub(r"\b(?:on|in|the|is|are|column|col|side|hand)\b", " ", rest, flags=re.I)
        role = cell_role(rest) if known_label(rest) else None
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
        elif known_label(item) and (role := cell_role(item)) not in (None, "pointer"):
            roles.append(role)
        else:
            return None
    named = [r for r in roles if r]
    # The columns in order name the table's things: a domain's column, or each its field ("new name server").
    things = None in roles or all(FIELD_WORD["nameservers"].search(i) or FIELD_WORD["ds"].search(i) for i in items)
    return ("order", roles) if things and len(named) >= 2 and len(set(named)) == len(named) else None


def led_columns(lead: tuple[str, list[str | None]], cells: list[str], targets: set[str],
                 zone: str) -> list[str | None] | None:
    """The roles of a row's columns as a sentence before the table said them (column_lead), when the row has the shape
    it said: as many columns in order; or, by position, two columns of values (a domain's or an empty one before them
    aside). None otherwise: a row of another shape is not placed by guessing."""
    how, roles = lead
    valued = [any(line_values(c, targets, zone).values()) for c in cells]
    if any(not v and cell_role(c) for c, v in zip(cells, valued, strict=True)):
        return None  # a row that says its own roles ("REMOVE | ns1.old.example") is read by them
    if how == "order":
        return list(roles) if len(cells) == len(roles) else None
    if len(roles) != 2 or None in roles:
        return None
    if len(cells) == 2:
        return list(roles)
    if len(cells) == 3 and not valued[0] and neutral_cell(cells[0], targets):
        return [None, *roles]
    return None


_ONE_NAME = re.compile(r"[ \t]*[\w-]+(?:\.[\w-]+)+\.?[ \t]*")


def placed_cells(line: str, heading: str, width: int) -> tuple[list[str], int] | None:
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
    if "\t" in heading and width > 1 and _ONE_NAME.fullmatch(line):
        # A row of one name under a tab-separated heading ("A" under "Now<tab>Target"): its first cell, the tabs after
        # it lost as Outlook for Mac pastes a table whose last cells are empty.
        return ([line.strip(), *[""] * (width - 1)], 0) if len(heading.rstrip().split("\t")) == width else None
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
