"""Parse (change request): the layouts of a change request, read a line at a time: the role of each value (new,
add, remove, current, keep) from the words, labels, headings and columns that say it; tables, lists, label lines,
several domains in one mail. What it cannot place in a role it understood makes its domain unclear: the reader asks
rather than guess (see docs/mail-handling.md, "How a change request is read").

read_layouts() is one pass over the lines, whose state (the domains, the role and the table's heading in force) is the
reading; it is kept whole, over 300 lines, so that what each kind of line does to that state can be read in order.
"""

import re

from mailbot.parse.change_request.domains import DOMAINS_BELOW, between_domains, domains_listed
from mailbot.parse.change_request.ds_records import DS_CHOICE, DS_FIELD_AT, DS_FIELD_LINE, DS_WORDS, labelled_ds
from mailbot.parse.change_request.epp import EPP_ALL_GONE, EPP_LOG_UNREAD, EPP_UNREAD
from mailbot.parse.change_request.found import Found
from mailbot.parse.change_request.labels import leads_on, line_role
from mailbot.parse.change_request.line_values import (
    LABEL_AND_VALUES,
    annotation_of,
    is_bare,
    line_values,
    plainly_labelled,
)
from mailbot.parse.change_request.lines import layout_lines
from mailbot.parse.change_request.names import DOTTED_RUN, hostnames, mask_names
from mailbot.parse.change_request.noise import without_addresses
from mailbot.parse.change_request.paired import UNSURE, labels_only, paired_label
from mailbot.parse.change_request.prose import CHANGE_VERB
from mailbot.parse.change_request.roles import (
    ENTERS_AS,
    FIELD_WORD,
    FOR,
    LABEL_WORD_AT,
    MARK_ROLE,
    REPLACE,
    ROLE,
    cell_role,
    known_label,
)
from mailbot.parse.change_request.rows import (
    LINE_CANCELLED,
    LINE_STATE_HEADING,
    TABLE_RULE,
    action_cell,
    may_ask,
    neutral_cell,
    placeholders_blanked,
    row_values,
    typed_row,
    whole_set_task,
)
from mailbot.parse.change_request.said import as_said, of_the_role_field, point, said_with_line_before
from mailbot.parse.change_request.tables import (
    cells_of,
    column_lead,
    heading_roles,
    led_columns,
    note_agrees,
    placed_cells,
    quiet_cells,
)
from mailbot.parse.change_request.values import BULLET


def read_layouts(text: str, attached: list[str], targets: list[str], zone: str) -> dict[str, dict[str, Found]]:
    """Per domain ("" for none named), per field, what each role of value the mail gives. Read a line at a time:
    a table's heading gives its columns' roles, a line naming a domain starts what is asked of it, a label line
    the role of the list under it, and a line of values gives them in the role in force."""
    found: dict[str, dict[str, Found]] = {}
    targets_set = set(targets)
    lines, attached_from, unsure = layout_lines(text, attached, targets_set, zone)
    for domain, why in unsure:
        # A paste whose own grammar leaves a value's role open: its domain (every domain, when it names none) is asked
        # about, whatever else the mail says of it.
        for each in [domain] if domain else [*targets, ""]:
            read = found.setdefault(each, {}).setdefault("nameservers", Found())
            read.doubt = read.doubt or why
    domains: list[str] = []  # the domains the values read now belong to
    role: str | None = None
    columns: list[str | None] = []  # a table's heading: the role of each column
    ds_fields: list[str | None] = []  # a table's heading: the DS record's field each column holds, if it holds one
    heading_cells: list[str] = []
    heading_line = ""  # the heading's line as written: where its columns start
    listed_at = -2  # the line of the last domain alone on its line
    pointed: dict[str, str] = {}  # field -> the role a finished sentence said of "this"/"these" values of it
    pending: dict[str, str] = {}  # field -> the sentence that said it, while none of its values has been read since
    role_from: str | None = None  # the last line of words (not values alone): what said the role in force
    lead_columns: tuple[str, list[str | None]] | None = None  # a sentence saying the roles of the next table's columns
    for n, raw in enumerate(lines):
        if n and lines[n - 1].strip() and not is_bare(without_addresses(lines[n - 1]), targets_set, zone):
            role_from = without_addresses(lines[n - 1])
        line = without_addresses(raw)
        if not line.strip():
            columns, ds_fields = [], []
            if n and is_bare(without_addresses(lines[n - 1]), targets_set, zone):
                role = None  # a list ends at a blank line, and its label with it: a second list has none
            continue
        if TABLE_RULE.fullmatch(line):
            continue
        if not columns and (paired := paired_label(line, targets_set, zone)) is not None:
            # "Old NS / New NS: A / B": read as "Old: A; New: B" (paired.py), or asked about when which is which is
            # not certain.
            if paired == UNSURE:
                for kind, values in line_values(line, targets_set, zone).items():
                    for domain in (domains or [""]) if values else ():
                        found.setdefault(domain, {}).setdefault(kind, Found()).unread = line.strip()[:80]
                role = None
                continue
            line = paired
        if lead_columns is not None and not columns and n < attached_from:
            # The first row of a table with no heading, under a sentence that said which column is which.
            if (placed_lead := led_columns(lead_columns, cells_of(line, False, True), targets_set, zone)) is not None:
                columns, heading_cells, heading_line = placed_lead, [c or "" for c in placed_lead], ""
            elif is_bare(line, targets_set, zone) and sum(map(len, line_values(line, targets_set, zone).values())) > 1:
                # "Old NS / New NS:" over "A / B": values the line does not set out as the columns said. Asked about.
                for kind, values in line_values(line, targets_set, zone).items():
                    for domain in (domains or [""]) if values else ():
                        found.setdefault(domain, {}).setdefault(kind, Found()).unread = line.strip()[:80]
                lead_columns = None
                continue
            lead_columns = None
        elif n < attached_from and not any(line_values(line, targets_set, zone).values()) \
                and (len(cells_of(line, False)) == 1 or not (n + 1 < len(lines) and lines[n + 1].strip())) \
                and (said_columns := column_lead(line)) is not None:
            # (A line of cells right above rows, "| Existing NS | Proposed NS" over rows with a label of their own, is
            # their heading.)
            # "Below: domain, new name server, current name server.", "(current on the left, new on the right)"
            lead_columns, role = said_columns, None
            if named := [h for h in hostnames(line) if h in targets_set]:
                domains, listed_at = named, -2
            continue
        cells = cells_of(line, n >= attached_from, len(columns) > 1)
        columns_here = columns
        if len(columns) > 1 and n < attached_from \
                and (placed := placed_cells(line, heading_line, len(columns))) is not None:
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
        if under_heading and (quiet := quiet_cells(cells, columns_here, heading_cells)) != cells:
            cells, line = quiet, ("\t" if "\t" in line else " | ").join(quiet)
        own = [h for h in hostnames(line) if h in targets_set]  # a row's own domain ("x.gov.uk,Keep,A,stays")
        if "notes" in columns_here and len(cells) == len(columns_here):
            # A notes column ("Notes", "Comments") holds the writer's words about the row, read out of it when they
            # leave the row as its other cells say ("new provider" beside an addition); otherwise the row is asked
            # about ("remove once migrated" beside a new set).
            kept = ["" if h == "notes" else c for c, h in zip(cells, columns_here, strict=True)]
            plain_columns = [None if h == "notes" else h for h in columns_here]
            notes = [c for c, h in zip(cells, columns_here, strict=True) if h == "notes" and c.strip()]
            if not all(note_agrees(note, kept, plain_columns, targets_set, zone) for note in notes):
                for kind in ("nameservers", "ds"):
                    for domain in (own or domains or [""]) if line_values(line, targets_set, zone)[kind] else ():
                        found.setdefault(domain, {}).setdefault(kind, Found()).unread = " | ".join(cells)[:80]
                continue
            cells, columns_here = kept, plain_columns
            line = ("\t" if "\t" in line else " | ").join(cells)
        if "action" in columns_here and "status" in columns_here and len(cells) == len(columns_here) \
                and any(line_values(line, targets_set, zone).values()):
            # An order's line items, each with what to do and its state: a line the customer cancelled or withdrew
            # is not asked; a line with no state under a heading naming the line's state ("Status", "Line status")
            # is asked about: done already, or waiting on something, it says not. (Other states are read as a row's
            # other cells are: a ticket's usual states pass, others are asked about.)
            states = [(c.strip(), heading_cells[i] if under_heading and i < len(heading_cells) else "")
                      for i, (c, h) in enumerate(zip(cells, columns_here, strict=True)) if h == "status"]
            if any(LINE_CANCELLED.fullmatch(c) for c, _ in states):
                continue
            if any(not c and LINE_STATE_HEADING.fullmatch(title) for c, title in states):
                for kind in ("nameservers", "ds"):
                    for domain in (own or domains or [""]) if line_values(line, targets_set, zone)[kind] else ():
                        found.setdefault(domain, {}).setdefault(kind, Found()).unread = " | ".join(cells)[:80]
                continue
        # "(none)", "n/a" or "-" where a value would be: an empty cell, a server with no replacement.
        if (blanked := placeholders_blanked(cells, columns_here, cell_role(cells[0]) in ("current", "new"))) != cells:
            cells, line = blanked, ("\t" if "\t" in line else " | ").join(blanked)
        named = [h for h in hostnames(line) if h in targets_set]
        values_here = line_values(line, targets_set, zone)
        if not named and any(values_here.values()) and DOMAINS_BELOW.search(mask_names(line)) \
                and (listed := domains_listed(lines, n + 1, targets_set)):
            # "Could you add A as an extra name server on each of the domains below?" and the domains listed one a line
            # under it: the values are each listed domain's.
            domains, listed_at = listed, -2
        # A form's label and its value a tab apart ("Change type:<tab>Nameserver update") is no table's heading.
        form_line = len(cells) == 2 and cells[0].rstrip().endswith(":")
        if len(cells) > 1 and not any(values_here.values()) and not form_line and "\t" in line and "|" not in line \
                and len(spread := [c.strip() for c in line.rstrip().split("\t")]) > len(cells) \
                and heading_roles(spread) is not None:
            # A spreadsheet's heading with an empty column between its titles ("Domain<tab>NS1<tab><tab>Notes", as
            # Excel pastes it): the empty column is one, so that the rows' cells stand under their titles.
            cells = spread
        if len(cells) > 1 and not any(values_here.values()) and not form_line \
                and (heading := heading_roles(cells)) is not None:
            columns, role, heading_cells, heading_line = heading, None, cells, line
            fields = [c if DS_FIELD_AT.fullmatch(c + ":") else None for c in cells]
            if {DS_FIELD_AT.fullmatch(f + ":").lastgroup for f in fields if f} == {"keytag", "alg", "digest"}:
                # "Keytag | Alg | Type | Digest": beside a DS record's three other fields, "Type" is its digest type.
                fields = [f or ("Digest type" if re.fullmatch(r"\W*(?:d(?:igest)?\.?\s*)?type\W*|\W*dt\W*", c, re.I)
                                else None) for f, c in zip(fields, cells, strict=True)]
            ds_fields = fields if len({DS_FIELD_AT.fullmatch(f + ":").lastgroup for f in fields if f}) == 4 else []
            continue
        if between := between_domains(line, targets_set, zone):
            # "Please move a.gov.uk to A and B, and b.gov.uk to C and D": values stand between the domains named, so
            # which are whose the line alone does not say for certain. Given to each, every domain would get the
            # others' values too. Asked about.
            domains = list(dict.fromkeys(named))
            for kind in between:
                for domain in domains:
                    found.setdefault(domain, {}).setdefault(kind, Found()).whose = line.strip()[:80]
            listed_at, role = -2, None
            continue
        alone = bool(named) and not BULLET.sub("", line).strip().strip("*.,;:").lower().replace(named[0], "").strip()
        if named:
            # Domains listed one a line ("* x.gov.uk" / "* y.gov.uk") are asked the same of, as a sentence naming
            # several is.
            domains = domains + [d for d in named if d not in domains] if alone and listed_at == n - 1 else named
            listed_at = n if alone else -2
            if labelled_ds(line) == []:
                # A DS record's labelled fields that cannot be read ("Algorithm: 8 (ECDSAP256SHA256)"): asked about.
                for domain in domains:
                    found.setdefault(domain, {}).setdefault("ds", Found()).unread = line.strip()[:80]
                continue
            if not values_here["nameservers"] and not values_here["ds"] and len(cells) <= 1:
                # A sentence naming the domain ends at the full stop after it ("Please make the following change
                # for x.gov.uk."): it leads on to nothing.
                role = line_role(line, role) if leads_on(line) and not line.rstrip().endswith(".") else None
                said_of, finished = said_with_line_before(line, lines, n, targets_set, zone)
                role = None if finished else role
                point(pointed, said_of, pending, line)
                continue
        if DS_CHOICE.search(line) and not any(values_here.values()) and (DS_WORDS.search(line) or any(
                any(found.get(domain, {}).get("ds", Found()).roles.values()) for domain in (domains or [""]))):
            # "Please publish the SHA-256 one only": which of the records given are meant, by words of a choice that the
            # reading does not make. Asked about.
            for domain in (domains or [""]):
                found.setdefault(domain, {}).setdefault("ds", Found()).unread = line.strip()[:80]
            continue
        if EPP_ALL_GONE.fullmatch(line):
            for domain in (domains or [""]):
                found.setdefault(domain, {}).setdefault("ds", Found()).emptied = True
            role = None
            continue
        if (typed := typed_row(cells, targets_set, zone, raw)) is not None:
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
                        found.setdefault(domain, {}).setdefault(kind, Found()).unread = line.strip()[:80]
                continue
        if EPP_UNREAD.search(line):
            # EPP's DS records not read whole (secDNS:all, keyData): the DS records are asked about, never kept.
            for domain in (domains or [""]):
                found.setdefault(domain, {}).setdefault("ds", Found()).unread = line.strip()[:80]
            continue
        if line.startswith(EPP_LOG_UNREAD):
            # An EPP client's update line with a key of no known role ("ns=A,B", "chg-ns=C"): asked about.
            for domain in (domains or [""]):
                for kind in ("nameservers", "ds"):
                    found.setdefault(domain, {}).setdefault(kind, Found()).unread = line.strip()[:80]
            continue
        annotated = annotation_of(line, targets_set, zone)
        if annotated is not None and annotated[2] != "neutral":
            # "ns1.old.example (to be removed)": the words in brackets say the value's role. A role the list's label
            # said otherwise, or words the reader does not know, make the domain unclear.
            kind, value, said = annotated
            for domain in (domains or [""]):
                read = found.setdefault(domain, {}).setdefault(kind, Found())
                if said == "unsure" or (role not in (None, "pointer") and role != said):
                    read.unread = line.strip()[:80]
                else:
                    # "ns3.new.example (new)" beside "ns1.old.example (remove)" is a server added, as "New" in an action
                    # column is; values all called new, with no word of removing or adding, are the new set.
                    took = "row_new" if said == "new" and role in (None, "pointer") else said
                    read.take([(took, value)], [line], line, n, targets_set, zone)
            continue
        bare = is_bare(line, targets_set, zone)
        marked = len(cells) > 1 and any(c.strip() in MARK_ROLE for c in cells)  # an action column's "+" or "-"
        # A name alone placed as a row's first cell under a tab-separated heading (placed_cells) is the row's, not a
        # list's.
        bare = bare and not marked and not (len(columns_here) > 1 and len(cells) == len(columns_here))
        # A row under a table's heading is read by its columns, when each of its other cells is a value, a word of a
        # role, or a field of the ticket system's own (a number, a date, a state, the domain).
        tabled = len(columns_here) > 1 and len(cells) == len(columns_here) and all(
            any(line_values(c, targets_set, zone).values()) or neutral_cell(c, targets_set) or action_cell(c)
            for c in cells)
        if not (bare or marked or tabled or may_ask(line) or (named and plainly_labelled(line, targets_set, zone))
                or (not any(values_here.values()) and re.search(r"[:\-\u2013]\s*$", line) and line_role(line, None))
                or (not any(values_here.values()) and leads_on(line) and LABEL_WORD_AT.search(line.rstrip() + ":")
                    and line_role(line, None))):
            # A line giving values in words the reader knows nothing of ("DECOMMISSION", "Server: ...", a list item
            # of a form's values left unlabelled): passing over it would keep what it may ask to remove, or leave a
            # value to some other reading. Its domain is asked about.
            for kind in ("nameservers", "ds"):
                for domain in (domains or [""]) if values_here[kind] else ():
                    found.setdefault(domain, {}).setdefault(kind, Found()).unread = " | ".join(cells)[:80]
            role = None
            continue
        if not bare and not any(values_here.values()):
            said = line_role(line, None) if len(cells) > 1 or leads_on(line) else None
            # A line leading on in words of no role and no change ("Output of dnssec-dsfromkey at the DNS host:",
            # "DS records:") between a label saying a role ("Please add the DS for x.gov.uk:") and the values leaves
            # that role in force: dropped, the values would be read as the whole new set.
            # A label naming a field that the words saying the role did not name ("Please add this DS record:", the
            # record, then "And the planned name servers:") is that field's own: the role was said of the other field.
            # So does a line saying only to enter them as the field's ("The zone publishes the matching CDS; please put
            # it in as the DS:"), whatever else it says has been done.
            carried = said is None and role in ("add", "remove", "keep", "new", "current") and len(cells) == 1 \
                and line.rstrip().endswith(":") \
                and (not CHANGE_VERB.search(mask_names(line)) or ENTERS_AS.search(mask_names(line))) \
                and of_the_role_field(line, lines, n, role)
            role = role if carried else said
            if len(cells) == 1:
                said_of, finished = said_with_line_before(line, lines, n, targets_set, zone)
                role = None if finished else role
                point(pointed, said_of, pending, line)
            continue
        row_role = role if bare or len(cells) == 1 else None
        if len(cells) == 1 and not bare and (ROLE.search(mask_names(line)) or CHANGE_VERB.search(line)
                                              or REPLACE.search(line)
                                              or (not plainly_labelled(line, targets_set, zone)
                                                  and not LABEL_AND_VALUES.fullmatch(line.strip())
                                                  and len(re.findall(r"[A-Za-z]{2,}",
                                                                     DOTTED_RUN.sub(" ", line))) >= 3)):
            # A sentence says its own roles: the role said before it is of the list under that, not of the words
            # of another sentence ("action the following redirect." and then "please redirect A to B").
            row_role = None
        if role_from is not None and row_role is not None and row_role == role \
                and not any(FIELD_WORD[k].search(mask_names(line)) for k in ("nameservers", "ds")):
            said_of = {k for k in ("nameservers", "ds") if FIELD_WORD[k].search(role_from)}
        else:
            said_of = set()
        row_start = in_force = row_role  # the role the words before the line said, if it is theirs
        value_cells, row_role = row_values(cells, columns_here, row_role, targets_set, zone)
        # Under a heading that numbers each column holding a value as a name server ("| Domain | NS1 | NS2 |", "Name
        # Server 1"), the row's values are one set, side by side.
        ranked = bool(columns_here) and under_heading and len(heading_cells) == len(cells) and all(
            FIELD_WORD["nameservers"].search(h) and re.search(r"\d|\b(?:first|second|third|fourth)\b", h, re.I)
            and cell_role(h) in (None, "new") for h, c in zip(heading_cells, cells, strict=True)
            if any(line_values(c, targets_set, zone).values()))
        ranked = ranked and len({h.lower() for h, c in zip(heading_cells, cells, strict=True)
                                 if any(line_values(c, targets_set, zone).values())}) > 1
        # A DS record's labelled fields are read whole, by their labels: the words of an algorithm's name ("ECDSA Curve
        # P-256 with SHA-256") say no role.
        labelled = labelled_ds(line) if DS_FIELD_LINE.match(line) or ds_fields else None
        for kind in ("nameservers", "ds"):
            got = [(r, v) for r, t in value_cells for v in line_values(t, targets_set, zone)[kind]]
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
                # has E would leave E in place), as does a sentence calling one value so ("The name servers, currently
                # A, should be changed to B and C": B and C may be the whole set). A table's row, or "old: A new: B",
                # pairs one record with its replacement, and says no more.
                said = [("current", v) for r, v in got if r == "current"]
                said = said if len(cells) == 1 and (len(said) > 1 or not labels_only(line)) else []
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
                    found.setdefault(domain, {}).setdefault(kind, Found()).unread = line.strip()[:80]
                read = as_said(kind, [(row_start, v) for v in labelled], pointed, pending, role_from,
                               in_force)
                if labelled:
                    pending.pop(kind, None)
                for domain in (domains or [""]) if labelled else ():
                    found.setdefault(domain, {}).setdefault(kind, Found()).take(read, [line], line, n, targets_set,
                                                                                 zone)
                continue
            plain = any(r in (None, "plain") for r, _ in got)
            if got and said_of and kind not in said_of:
                # "Please add this DS record:" says nothing of the name servers listed under it.
                for domain in (domains or [""]):
                    found.setdefault(domain, {}).setdefault(kind, Found()).unread = " | ".join(cells)[:80]
                continue
            if plain and (len(cells) > 1 and any(cell_role(c) or c.strip() in MARK_ROLE for c in cells)
                          or len(cells) > 1 and any(
                              not any(line_values(c, targets_set, zone).values())
                              and not known_label(DOTTED_RUN.sub(" ", c))
                              and (not columns_here or (i >= len(columns_here) or columns_here[i] is None)
                                   and not neutral_cell(c, targets_set)) for i, c in enumerate(cells))
                          or len(cells) == 1 and not bare and not plainly_labelled(line, targets_set, zone)):
                # Values no word gives a role, on a line whose words the reader does not all know: a row saying the
                # role of some values and not of others ("ns1.x | DEL | x.gov.uk", the action after the value), a row's
                # words under a column whose title says nothing the reader knows ("set up" under "Task"), a
                # sentence ("please update A frimble B"), a label in unknown words ("Preferred NS 1: A"). The
                # default role, a new set, is for values alone or under a label the reader knows whole.
                for domain in (domains or [""]):
                    found.setdefault(domain, {}).setdefault(kind, Found()).unread = " | ".join(cells)[:80]
                continue
            got = as_said(kind, got, pointed, pending, role_from, in_force)
            named_for = {h for m in FOR.finditer(line) for h in hostnames(m.group())}  # "for nhs.uk and x.gov.uk"
            if missed := [v for v in values_here[kind] if v not in {g for _, g in got} and v not in named_for]:
                # A value on the line that no reading of it placed (a cell the row's shape passed over): left out, a
                # record to remove would stay or one to add be missing. Asked about.
                for domain in (domains or [""]):
                    found.setdefault(domain, {}).setdefault(kind, Found()).unread = \
                        f"{line.strip()[:60]} ({missed[0]})"
                continue
            if got:
                pending.pop(kind, None)
            for domain in (domains or [""]) if got else ():
                found.setdefault(domain, {}).setdefault(kind, Found()).take(got, cells, line, n, targets_set, zone,
                                                                             ranked)
                found[domain][kind].paired |= pairs
                if any(whole_set_task(c) for c in cells):
                    found[domain][kind].set_rows.setdefault(n, set()).update(v for r, v in got if r == "new")
                elif len(columns_here) > 1 and "action" not in columns_here and len(got) > 1 \
                        and all(r in (None, "plain", "new") for r, _ in got):
                    # A table's row giving a domain a set of its own (a CSV's "x.gov.uk","ns1.a.net,ns2.a.net"): two
                    # rows giving one domain different sets are two requests, never one set of them all.
                    found[domain][kind].set_rows.setdefault(n, set()).update(v for _, v in got)
        if bare:
            continue
        role = row_role if len(cells) == 1 and (line.rstrip().endswith(":") or ROLE.search(mask_names(line))) else role
        # A form's label and its first value a tab apart ("New name servers:<tab>A", then B indented under A) is a
        # label line as "New name servers: A" is.
        tabbed = len(cells) == 2 and not columns_here and "\t" in line and cells[0].rstrip().endswith(":")
        label = LABEL_AND_VALUES.fullmatch(BULLET.sub("", line).strip()) if len(cells) == 1 or tabbed else None
        if label and label["label"] and not any(line_values(label["label"], targets_set, zone).values()) \
                and (said := line_role(label["label"] + ":", None)) in ("new", "add", "remove", "current", "keep"):
            role = said  # "New name servers : A" and B, C on the lines under it: the label's values go on
        if len(cells) == 1 and not leads_on(line):
            role = None
        if len(cells) == 1 and line.rstrip().endswith(":"):
            role = line_role(line, None)
    return found
