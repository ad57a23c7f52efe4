"""Parse (change request): a row of a table: the role of each of its values from its column or its action cell, a
resource record's row read by its type column, and the cells that say nothing of its values (a ticket's number, a date,
a state)."""

import re

from mailbot.parse.change_request.line_values import line_values
from mailbot.parse.change_request.names import DOTS, hostnames, is_ip, mask_names, normalise_domain
from mailbot.parse.change_request.prose import CHANGE_VERB
from mailbot.parse.change_request.roles import (
    ARROW,
    FIELD_WORD,
    FROM_LABEL,
    INSTEAD,
    LABEL_WORD_AT,
    MARK_ROLE,
    NS_FIELD,
    PASSIVE,
    REPLACE,
    ROLE,
    SUBSTITUTE,
    agreeing,
    cell_role,
    known_label,
    label_role,
    role_of,
)
from mailbot.parse.change_request.sentences import segments

TABLE_RULE = re.compile(r"[\s|:+=-]*")  # "|---|:---|" and "+-----+"


def may_ask(line: str) -> bool:
    """Whether a line that is not values alone may say something of them: a role word, a field or a change."""
    masked = mask_names(line)
    return bool(ROLE.search(masked) or FIELD_WORD["nameservers"].search(masked) or FIELD_WORD["ds"].search(line)
                or CHANGE_VERB.search(line) or REPLACE.search(line) or ARROW.search(masked)
                or INSTEAD.search(masked) or SUBSTITUTE.search(masked) or PASSIVE.search(masked)
                or LABEL_WORD_AT.search(masked)  # "Before: A, B", "After: C, D"
                or any(label_role(c) in ("add", "remove") for c in re.split(r"[\t|:]|\s{2,}", masked)))  # "In | A"


def row_values(cells: list[str], columns: list[str | None], row_role: str | None, targets: set[str],
                zone: str) -> tuple[list[tuple[str | None, str]], str | None]:
    """The (role, text) pieces of a row's cells, each in its column's role or the row's; and the row's role after
    it (a cell of role words alone, "REMOVE", or "From", sets it for the cells after)."""
    value_cells: list[tuple[str | None, str]] = []
    valued = [any(line_values(c, targets, zone).values()) for c in cells]
    if (pair := _replaced_pair(cells, columns, valued, targets, zone)) is not None:
        return pair, row_role
    actions = [i for i, h in enumerate(columns) if h == "action"] or [i for i, h in enumerate(columns) if h == "status"]
    if len(filled := [i for i in actions if i < len(cells) and cells[i].strip()]) == 1:
        # "| Action | Type |" of a change file: the type's cell, blanked, is the record's (typed_row), not the action.
        actions = filled
    if len(actions) == 1 and actions[0] < len(cells) and columns[actions[0]] == "status" \
            and _TICKET_STATE.fullmatch(cells[actions[0]]) \
            and any(not valued[i] and (i >= len(columns) or not columns[i]) and action_cell(c)
                    for i, c in enumerate(cells)):
        # "| 1 | Remove DS | <record> | Open |": the state is the order line's own, and the item says the role.
        actions = []
    if len(actions) == 1 and actions[0] < len(cells) and not valued[actions[0]]:
        # The column the heading names as the action ("Action", "Operation", "Add/Remove", else "Status") says the role
        # of the row's values wherever it stands; "new" there is a server added. Words it does not know, or words in
        # the row's other cells that are not a domain, an address, a number or a ticket's state, make it unclear.
        cell = cells[actions[0]]
        role = action_cell(cell, action=columns[actions[0]] == "action") if cell.strip() else None
        others = [c for i, c in enumerate(cells) if i != actions[0] and not valued[i]
                  and (i >= len(columns) or columns[i] in (None, "action", "status"))]
        row_role = "unsure" if (cell.strip() and role is None) or not all(neutral_cell(c, targets) for c in others) \
            else role or row_role
    elif not actions and "action" not in columns:
        # A cell of role words alone, the row's values all on one side of it and its other cells a domain, an address
        # or a number: "| x.gov.uk | REMOVE | A |", "| A | 192.0.2.1 | to add |". Values on both sides are unclear.
        said = [(i, role) for i, cell in enumerate(cells) if not valued[i] and (not columns or i >= len(columns)
                                                                            or not columns[i])
                and (role := action_cell(cell))]
        if len(said) == 1 and len(cells) > 1:
            at = said[0][0]
            sides = {i < at for i in range(len(cells)) if valued[i]}
            others = [c for i, c in enumerate(cells) if i != at and not valued[i]]
            whole = said[0][1] == "new" and _WHOLE_SET_TASK.fullmatch(cells[at])  # "Replace NS set": the set, whole
            row_role = ("row_new" if said[0][1] == "new" and not whole else said[0][1]) \
                if len(sides) == 1 and all(neutral_cell(c, targets) for c in others) \
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
        if FROM_LABEL.fullmatch(cell) or (not col and label_role(cell)):
            said = "current" if FROM_LABEL.fullmatch(cell) else label_role(cell)
        elif not col and _WHOLE_SET_TASK.fullmatch(cell):
            said = "new"
        else:
            pieces, end_role, seen = segments(cell, start, targets, zone)
            if not (seen and not any(line_values(cell, targets, zone).values())):
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


# A cell saying to replace a name server, as an order's line item names its task: "Replace nameserver", "Swap NS".
_REPLACE_TASK = re.compile(r"\W*(?:replace|swap|exchange)\s+(?:a\s+|the\s+|one\s+)?"
                           rf"(?:{FIELD_WORD['nameservers'].pattern})\W*", re.I)
# A cell saying to put a whole new set of the field's values in place, as an order's line item names its task:
# "Replace NS set", "Overwrite nameserver list", "Set name servers", "Full DS set". ("Replace nameservers" alone may
# name the ones to be replaced: no set.)
_WHOLE_SET_TASK = re.compile(rf"\W*(?:(?:replace|overwrite)\s+(?:the\s+)?(?:{NS_FIELD}|ds(?:\s+records?)?)"
                             rf"\s+(?:set|list)|set\s+(?:the\s+)?(?:{NS_FIELD}|ds(?:\s+records?)?)(?:\s+(?:set|list))?"
                             rf"|(?:new|full|whole|complete)\s+(?:{NS_FIELD}|ds)\s+(?:set|list))\W*", re.I)
# Two name servers with an arrow between, alone in a cell ("A → B"); or a "?" between them, as the arrow arrives
# from a client that wrote the mail in windows-1252 or ISO 8859-1.
_PAIR_CELL = re.compile(rf"\s*x+\.?\s*(?P<arrow>{ARROW.pattern}|\?)\s*x+\.?\s*")


def _replaced_pair(cells: list[str], columns: list[str | None], valued: list[bool], targets: set[str],
                   zone: str) -> list[tuple[str | None, str]] | None:
    """An order's line item replacing one name server with another: a cell of two name servers with an arrow between
    ("ns1.old.net → ns1.new.net"), under no heading giving it a role of its own, beside a cell that says to
    replace a name server ("Replace nameserver") and others that say nothing of values (a line's number, its state).
    The first goes, the second comes in. A "?" stands for the arrow only there: anywhere else it may be a question."""
    at = [i for i, v in enumerate(valued) if v]
    if len(at) != 1 or (at[0] < len(columns) and columns[at[0]] not in (None, "action")):
        return None
    cell = cells[at[0]]
    pair = _PAIR_CELL.fullmatch(mask_names(cell))
    hosts = line_values(cell, targets, zone)["nameservers"]
    others = [c for i, c in enumerate(cells) if i != at[0]]
    tasks = [c for c in others if _REPLACE_TASK.fullmatch(c)]
    if pair is None or len(hosts) != 2 or len(tasks) != 1 \
            or not all(c in tasks or neutral_cell(c, targets) for c in others):
        return None
    old, new = (h.strip() for h in cell.split(pair["arrow"], 1))
    if normalise_domain(old.rstrip(DOTS)) != hosts[0] or normalise_domain(new.rstrip(DOTS)) != hosts[1]:
        return None
    return [("remove", old), ("add", new)]


def whole_set_task(cell: str) -> bool:
    """Whether a cell names a whole set as an order line's task ("Replace NS set")."""
    return bool(_WHOLE_SET_TASK.fullmatch(cell))


def action_cell(cell: str, action: bool = False) -> str | None:
    """The role a cell of role words alone says ("Add", "to be removed", "unchanged", "+", "Remove NS"); None for any
    other. In a column the heading names the action (`action`), "new" is a server added."""
    if cell.strip() in MARK_ROLE:
        return MARK_ROLE[cell.strip()]
    if _WHOLE_SET_TASK.fullmatch(cell):
        return "new"
    if (signed := re.fullmatch(r"\s*([+\-\u2212\u2013])\s*([^\W\d_].*)", cell)) is not None:
        # "+ add", "- remove", "+Added": a sign and the word it stands for, saying one role twice.
        said = action_cell(signed[2], action)
        return said if said == MARK_ROLE[signed[1]] else None
    roles = agreeing({role_of(m) for m in ROLE.finditer(mask_names(cell.replace("_", " ")))} - {"pointer"})
    role = cell_role(cell)
    role = next(iter(roles)) if len(roles) == 1 and role in ("new", "current") else role
    if (whole := label_role(cell)) in ("add", "remove"):
        return whole  # "In", "Out"
    if not role or not known_label(cell) or len(roles) > 1:
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


def typed_row(cells: list[str], targets: set[str], zone: str, raw: str = "") -> tuple[str, list[str]] | None:
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
    values = [line_values(c, targets, zone) for c in cells]
    after = {k for v in values[i + 1:] for k, found in v.items() if found}
    before = [c for c, v in zip(cells[:i], values[:i], strict=True) if any(v.values())]
    if raw and (at_type := re.search(rf"(?<![\w.-]){re.escape(cells[i].strip())}(?![\w.-])", raw)):
        # The line as written, before links were blanked: an owner "www.x.gov.uk." is another name than the domain.
        before += [h for h in hostnames(raw[:at_type.start()]) if h not in targets and "." in h and not is_ip(h)]
    if kind == "zone" and not before:
        return "glue", cells  # the zone's own start of authority: its primary server is no delegation
    if kind == "glue":
        owners = [c for c in cells[:i] if normalise_domain(c.strip().rstrip(DOTS)) and not c.strip().isdigit()]
        data = [c for c in cells[i + 1:] if c.strip() and not c.strip().isdigit()]  # a TTL may stand after the type
        return ("glue", cells) if len(owners) == 1 and data and all(is_ip(c.strip()) for c in data) else None
    if not after:
        return None  # a heading, words, or a list of servers with their type after them
    if kind in ("other", "zone") or before or after != {kind}:
        return "unsure", cells
    if not all(_RECORD_CLASS.fullmatch(c) or neutral_cell(c, targets) or action_cell(c) for c in cells[:i]):
        return None
    # Route 53's export gives each record's routing policy after its type: "Simple" of a delegation says nothing of it.
    return kind, ["" if j == i or _RECORD_CLASS.fullmatch(c) or j > i and _SIMPLE_ROUTING.fullmatch(c) else c
                  for j, c in enumerate(cells)]


_SIMPLE_ROUTING = re.compile(r"\s*simple\s*", re.I)


# What a row's other cells may hold beside an action: nothing, an address, a number (TTL), the domain, a rule, or the
# state of the registrar's own ticket.
_TICKET_STATE = re.compile(r"\W*(?:pending|open|requested|submitted|awaiting(?:\s+approval)?|in\s+progress|approved|new"
                           r"|to\s+do|queued|raised)\W*", re.I)


# The state of an order's line that the customer took back: it asks nothing.
LINE_STATE_HEADING = re.compile(r"\W*(?:(?:line|item|order)\s+)?(?:status|state)\W*", re.I)
LINE_CANCELLED = re.compile(r"\W*(?:cancell?ed|withdrawn|void(?:ed)?|removed\s+from\s+(?:the\s+)?order)\W*", re.I)


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


def neutral_cell(cell: str, targets: set[str]) -> bool:
    text = cell.strip()
    return not text or is_ip(text) or text.isdigit() or normalise_domain(text.rstrip(".")) in targets \
        or bool(TABLE_RULE.fullmatch(text)) or bool(_TICKET_STATE.fullmatch(text)) \
        or bool(_IDENTIFIER.fullmatch(text)) or bool(_DATE_TIME.fullmatch(text))


# A cell of a table saying it holds no value: "(none)", "n/a", "nil", "not applicable", "no replacement", and a dash.
_NO_VALUE = re.compile(r"\W*(?:none|n/?a|nil|blank|empty|not\s+applicable|no\s+(?:replacement|server|value))\W*", re.I)
_DASH = re.compile(r"\s*[-\u2013\u2014]\s*")


def placeholders_blanked(cells: list[str], columns: list[str | None], role_said: bool) -> list[str]:
    """A table's row with each cell saying it holds no value blanked, as an empty cell is: "| A | (none) |" under
    "Current | New" takes A away with no replacement. Not in an action or status column, where a word or a dash says
    the row's role ("-" removes); a dash only under a column called current or new, or in a row whose own label says
    its role ("Requested Nameserver | A | B | -")."""
    if len(columns) < 2 or len(cells) != len(columns):
        return cells
    return ["" if columns[i] not in ("action", "status") and (
        _NO_VALUE.fullmatch(c) or _DASH.fullmatch(c) and (columns[i] in ("current", "new") or role_said))
        else c for i, c in enumerate(cells)]
