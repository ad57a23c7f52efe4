"""Parse (change request): a mail's lines made ready to be read one at a time: machine output read by its own
grammar (mailbot.parse.pastes), hard-wrapped sentences joined, zone file records, key=value pairs, a diff's signs, a DS
record wrapped over lines made one."""

import re
from functools import partial

from mailbot.parse.change_request.domains import apart, between_domains, sentences_apart
from mailbot.parse.change_request.ds_records import DS_FIELD_AT, DS_FIELD_LABEL, DS_FIELD_LINE, ds_records
from mailbot.parse.change_request.epp import epp_as_labels, epp_log_as_labels
from mailbot.parse.change_request.labels import LABEL_ONLY, is_label_line
from mailbot.parse.change_request.line_values import RECORD_LINE, SOA_LINE, line_values
from mailbot.parse.change_request.names import DOTS, hostnames, is_ip, is_nameserver, mask_names, normalise_domain
from mailbot.parse.change_request.roles import ARROW, FIELD_WORD, NS_FIELD, ROLE
from mailbot.parse.change_request.shorthand import glossary, glossed, in_plain_words
from mailbot.parse.change_request.tables import ruled_columns
from mailbot.parse.change_request.values import BULLET, HEX_LINE
from mailbot.parse.pastes import read_pastes


def layout_lines(text: str, attached: list[str], targets: set[str] = frozenset(),
                  zone: str = "gov.uk") -> tuple[list[str], int, list[tuple[str, str]]]:
    """The mail's lines, then each attachment's, each ending in a blank line; where the attachments begin; and what
    its pastes (mailbot.parse.pastes: JSON, YAML, a Terraform plan, a log line) left unsure, (domain or "", why)."""
    names = partial(pasted_name, targets=targets, zone=zone)
    pasted = read_pastes(text, names)
    # Shorthand an engineer or a non-native writer uses, in the reader's words (shorthand.py): "s/A/B/", "A out, B in",
    # "was:" and "now:", a serial number's "S.No", "change A on B"; a sentence the mail client cut, made one first.
    lines = _joined_ds_lines(in_plain_words(_unwrapped(_lines_of(pasted.text), targets), targets, zone)) + [""]
    # Words the mail glosses ("dodaj = add") are read as their gloss, in its attachments too.
    words = glossary(lines)
    lines = glossed(lines, words)
    # "a.gov.uk, b.gov.uk to A / B please. c.gov.uk is different - just add C to that one": a sentence a request.
    lines = [s for line in lines for s in (sentences_apart(line, targets, zone)
                                           if between_domains(line, targets, zone) else [line])]
    lines = [s for line in lines for s in _pairs_apart(line, targets, zone)]
    unsure = list(pasted.unsure)
    attached_from = len(lines)
    for more in attached:
        pasted = read_pastes(more, names)
        unsure += pasted.unsure
        lines += glossed(_joined_ds_lines(in_plain_words(_lines_of(pasted.text), targets, zone)), words) + [""]
    return lines, attached_from, unsure


def pasted_name(text: str, targets: set[str], zone: str) -> tuple[str, str] | None:
    """What a string of a paste names, whole (mailbot.parse.pastes.Names): a domain asked about, a name server or an
    address."""
    text = text.strip().rstrip(DOTS)
    if is_ip(text):
        return "address", text
    if (name := normalise_domain(text)) is None:
        return None
    if name in targets:
        return "domain", name
    return ("host", name) if is_nameserver(name, targets, zone) else None


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
        if not listed and out and _cut_at_width(lines[i - 1], line, targets):
            out[-1] = out[-1].rstrip() + " " + line.strip()
            continue
        if not listed and out and (prev := out[-1].rstrip()) \
                and _CUT_AFTER.search(prev) \
                and line.strip() and (line[:1].islower() or normalise_domain(line.split()[0].strip("(,.;:)"))) \
                and not re.search(r"\||\t|\S\s{3,}\S", prev + " " + line) and not BULLET.match(line) \
                and not is_label_line(line) and not LABEL_ONLY.fullmatch(prev) and len(prev.split()) > 3:
            # "... uses A and" / "B; please ...": a sentence cut after a joining word.
            out[-1] = prev + " " + line.strip()
            continue
        # The width is the line's as written: a sentence cut over three lines is joined line by line.
        if not listed and out and (prev := out[-1].rstrip()) and 60 <= len(written := lines[i - 1].rstrip()) <= 78 \
                and line[:1].islower() and len(written) + 1 + len(line.split()[0]) > 72 \
                and not re.search(r"[.!?:;,]$|\||\t|\S\s{3,}\S", written) \
                and not re.search(r"\||\t|\S\s{3,}\S", line) and not BULLET.match(line) \
                and not is_label_line(line) and not is_label_line(prev) and not apart(prev, line, targets):
            out[-1] = prev + " " + line.strip()
            continue
        out.append(line)
    return out


_GLUE_FIRST = re.compile(r"[(\[]\s*(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f:]*:[0-9A-Fa-f:]+)\s*[)\]][.,;]?")


def _cut_at_width(before: str, line: str, targets: set[str]) -> bool:
    """Whether `line` goes on with the sentence of the line `before` it, as written, which a mail client cut at 72
    columns before a value too long to fit on it: a line of words (no table's cells, no label) of 40 to 78
    characters, and a line starting with a name server, perhaps in brackets ("(ns1.x.net & ns2.x.net) with ..."), or
    with the glue address in brackets of the value ending the line before ("[192.0.2.1] and ns2.x.net ..."). The line
    before may end a value with a comma or a semicolon: the list goes on. Two lines each naming a domain and values of
    their own are apart (see _unwrapped)."""
    before = before.rstrip()
    words = line.split()
    if not words or not 40 <= len(before) <= 78 or len(before) + 1 + len(words[0]) <= 72:
        return False
    first = words[0].lstrip("([").rstrip(DOTS + ",;:)]")
    host = normalise_domain(first)
    if not (host and is_nameserver(host, targets, "") or _GLUE_FIRST.fullmatch(words[0])):
        return False
    last = before.split()[-1].rstrip(",;")
    ends_value = bool(_GLUE_FIRST.fullmatch(last) or normalise_domain(last.rstrip(DOTS)))
    # A line of words, not a list's line of values or pairs ("A -> B" a line): one word of letters at least, no arrow.
    worded = any(re.fullmatch(r"[A-Za-z]{2,}\W?", w) and w.lower().strip(",;") not in ("and", "or") for w in
                 mask_names(before).split() if "x" * 4 not in w)
    if not worded or ARROW.search(mask_names(before)) or ARROW.search(mask_names(line)):
        return False
    # A sentence leading on with a colon ("Please change the DNS servers for x.gov.uk on:") goes on when the values on
    # the next line are followed by more of its words ("A, B. Actual DNS") rather than ending there, as a list's do.
    led_on = before.endswith(":") and len(before.split()) > 6 \
        and len(re.findall(r"(?<![\w.])[A-Za-z]{2,}(?![\w.])", mask_names(line))) >= 2
    return not re.search(r"[.!?]$|\||\t|\S\s{3,}\S", before) and (led_on or not before.endswith(":")) \
        and not (re.search(r"[,;]$", before) and not ends_value) \
        and not re.search(r"\||\t|\S\s{3,}\S", line) and not BULLET.match(line) and not is_label_line(line) \
        and not is_label_line(before) and not apart(before, line, targets)


# One name server replaced by another: "A -> B", "A should become B", "A becomes B".
_REPLACED_PAIR = re.compile(rf"(?P<old>[A-Za-z0-9][\w-]*(?:\.[\w-]+)+)\.?\s*(?:{ARROW.pattern}"
                            r"|\b(?:should|will|is\s+to|to)\s+become\b|\bbecomes\b)\s*"
                            r"(?P<new>[A-Za-z0-9][\w-]*(?:\.[\w-]+)*\.[A-Za-z][\w-]*)", re.I)
# What may stand between two such pairs: the end of a sentence, a comma or a semicolon, "and".
_BETWEEN_PAIRS = re.compile(r"\s*(?:[.;,]\s*)?(?:\band\b\s*)?")


def _pairs_apart(line: str, targets: set[str], zone: str) -> list[str]:
    """A line of two or more replacements, one after the other ("On x.gov.uk, A -> B and C -> D.", "A should become
    B. C should become D. The rest are fine as they are."), cut into a line a replacement, as a list of them is
    written: read as one, the second pair's values took the first's roles. Only when each name server on the line
    is in a pair and nothing but a full stop, a comma, a semicolon or "and" stands between the pairs."""
    pairs = [m for m in _REPLACED_PAIR.finditer(line)
             if all(is_nameserver(normalise_domain(v.rstrip(DOTS)) or "", targets, zone) for v in (m["old"], m["new"]))]
    if len(pairs) < 2:
        return [line]
    servers = [h for h in hostnames(line) if h not in targets and is_nameserver(h, targets, zone)]
    if len(servers) != 2 * len(pairs):
        return [line]
    cuts = []
    for first, second in zip(pairs, pairs[1:], strict=False):
        if not _BETWEEN_PAIRS.fullmatch(line[first.end():second.start()]):
            return [line]
        cuts.append(second.start())
    return [line[a:b].strip() for a, b in zip([0, *cuts], [*cuts, len(line)], strict=True)]


_BOX = str.maketrans({**dict.fromkeys("│┃║╎┆┊", "|"), **dict.fromkeys("─━═╌┄┈", "-"),
                      **dict.fromkeys("┌┐└┘├┤┬┴┼┏┓┗┛┣┫┳┻╋┡┩╇╈┢┪┞┟┠┨┯┷┿╔╗╚╝╠╣╦╩╬╒╕╘╛╞╡╤╧╪", "+")})


def _lines_of(text: str) -> list[str]:
    """The lines of a text, a zone file's records with their fields one space apart, an EPP command's name servers
    and DS records as label lines (as XML or as a client's key=value line), signs of addition and removal as the words
    they stand for."""
    # A table drawn with box characters, as terminal tools print one ("┌─┬─┐", "│ a │ b │"): read as an ASCII one.
    text = epp_as_labels(text.translate(_BOX))
    lines = [" ".join(line.split()) if RECORD_LINE.fullmatch(line) else line
             for line in ruled_columns([part for line in text.split("\n") for part in epp_log_as_labels(line)])]
    # The zone's start of authority, as a zone file or dig prints it beside the NS records: its primary server and its
    # mailbox are no delegation.
    lines = [line for line in lines if not SOA_LINE.fullmatch(line)]
    lines = [part for line in lines for part in _pairs(line)]
    # A portal's field names join words with "_" ("name_server2_from"), which no host name holds: read as spaces.
    lines = [_UNDERSCORE.sub(" ", line) for line in lines]
    # Bold or italic marks around a label ("*From:*", "**New name servers**:", "_Domain_:") are no part of it.
    lines = [_EMPHASIS.sub(r"\1\3", line) for line in lines]
    # "please" as hurried hands type it ("plese use A and B", "pls add C") says what "please" says.
    lines = [_PLEASE_TYPED.sub("please", line) for line in lines]
    # A dot leader between a label and its value ("Existing NS ........ A", a portal's order printed) is its colon.
    lines = [_DOT_LEADER.sub(r"\1: ", line) for line in lines]
    # A label's values one after another with bars between them ("Replacement DNS (x.gov.uk): A | B | C"), with no
    # table around the line (a line above or below with bars is another such line), are a list: read as a table's
    # cells, the label and the first value were one.
    lines = [_PIPED.sub(_listed, line) if not any("|" in lines[k] and not _PIPED.fullmatch(lines[k])
                                                  for k in (n - 1, n + 1) if 0 <= k < len(lines)) else line
             for n, line in enumerate(lines)]
    # A DS record's field and its value spaces apart, as a console's page is copied ("Key tag        43791"), is a label
    # line: read as a table's two cells, the key tag was a value no cell held.
    lines = [_SPACED_DS_FIELD.sub(lambda m: m.group() if DS_FIELD_AT.match(line, m.end()) else m[1] + ": ", line)
             for line in lines]
    # A web form's question naming the field ("What are the nameservers now?") labels the answer under it.
    lines = [line.rstrip()[:-1] + ":" if _QUESTION_LABEL.fullmatch(line) and FIELD_WORD["nameservers"].search(line)
             and not any(line_values(line, set(), "gov.uk").values()) else line for line in lines]
    # A label about addresses with addresses alone ("Name Server1 (IP address) = 192.0.2.21") is glue: it says
    # nothing of the name servers, and read as a line of its own it would cut their list in two. A name server before
    # its glue ("ns1.x.net  IPv4: 192.0.2.1", a list item of a delegation) is the line's value, never dropped.
    lines = [line for line in lines if not _GLUE_LINE.fullmatch(line) or _names_a_host(line)]
    # A form that ranks its servers ("Primary NS", "Secondary NS", then "Additional NS 1", "Other NS 2"): the further
    # ones are more of the same set, not servers to add to the current ones.
    if any(_RANK_LABEL.match(line) for line in lines):
        lines = [_FURTHER_LABEL.sub(r"\1\2", line) for line in lines]
    return _label_values_rejoined(_signed(lines))


_RANK_LABEL = re.compile(rf"\W*(?:primary|secondary|tertiary|first|second|third|main|backup)\s+(?:{NS_FIELD})\s*[:=]",
                         re.IGNORECASE)
_FURTHER_LABEL = re.compile(rf"^(\W*)(?:additional|extra|further|other|more)\s+((?:{NS_FIELD})\s*\d*\s*[:=])",
                            re.IGNORECASE)


_PLEASE_TYPED = re.compile(r"\b(?:plese|pleae|pleas|pleasse|pleasee|pelase|plaese|plase|plesae|plz|pls|plse)\b", re.I)
_UNDERSCORE = re.compile(r"(?<=[A-Za-z0-9])_+(?=[A-Za-z0-9])")
# One value after it, not the next column of a table's heading ("Key tag   Algorithm   Digest type   Digest").
_SPACED_DS_FIELD = re.compile(rf"^(\s*(?:{DS_FIELD_LABEL}|ds\s+record|public\s+key|flags|protocol))[ \t]{{2,}}"
                              r"(?=\S+(?:[ ]{1,2}\S+)*[ \t]*$)", re.I)
_DOT_LEADER = re.compile(r"^(\s*[A-Za-z][\w #()/-]{0,40}?)\s*(?:\.\s?){3,}\s*(?=\S)")
def _listed(piped: re.Match) -> str:
    """A label's values with bars between them (_PIPED) as a list: "Label: A, B, C"."""
    return piped[1] + ", ".join(v.strip() for v in piped[2].split("|"))


_PIPED = re.compile(r"^(\s*[A-Za-z][^|:\n]{0,60}:\s*)([^\s|,;]+(?:\s+\|\s+[^\s|,;]+)+)\s*$")
_QUESTION_LABEL = re.compile(r"\s*[A-Za-z][^?:\n]{0,80}\?\s*")
_EMPHASIS = re.compile(r"^(\s*)(\*\*?|__?)(?=[^\s*_])([^*_\n]{1,60}?)(?<=\S)\2(?=[\s:=]|$)")
_IP_TEXT = r"(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7})"
_GLUE_LINE = re.compile(r"[^:=|\t\n]*?\b(?:ip|ipv4|ipv6|address(?:es)?|glue)\b[^:=|\t\n]*?(?:[:=|\t]|\s[-\u2013])"
                        rf"\s*{_IP_TEXT}(?:\s*[,;/]\s*{_IP_TEXT})*\s*", re.I)


def _names_a_host(line: str) -> bool:
    """Whether a line names a host (a name server), not only addresses."""
    return any(not is_ip(h) and is_nameserver(h, set(), "") for h in hostnames(line))


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
    verbs = [v if v is not None and ROLE.fullmatch(v["verb"]) else None for v in verbs]
    rest = line
    for m, verb in sorted(zip(pairs, verbs, strict=True), key=lambda p: -p[0].start()):
        rest = rest[:verb.start() if verb else m.start()] + " " + rest[m.end():]
    rest = rest.strip(" ,;")
    return ([rest] if rest else []) + [f"{v['verb'] + ' ' if v else ''}{m['key']}: {m['value']}"
                                       for m, v in zip(pairs, verbs, strict=True)]


def _label_values_rejoined(lines: list[str]) -> list[str]:
    """A label cut from its one value ("Nameserver 1:" / "ns1.x.net", then the next label or a blank line) made one
    line again, as a form gives it: read apart, each value would be a list of its own."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if LABEL_ONLY.fullmatch(line) and i + 1 < len(lines) and len(lines[i + 1].split()) == 1 \
                and normalise_domain(lines[i + 1].strip().rstrip(DOTS)) \
                and (i + 2 >= len(lines) or not lines[i + 2].strip() or LABEL_ONLY.fullmatch(lines[i + 2])):
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
    if any(_HUNK_HEADER.match(line) for line in out):
        out = _unified_diff(out)
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


def _unified_diff(lines: list[str]) -> list[str]:
    """A unified diff (git diff, diff -u) in words: its hunks' lines by their first column, "+" added, "-" removed, and
    a line of context holding a name server kept (other context, a config's syntax, is no line of the change). Its
    file headers ("diff --git a/x b/x", "index ...", "--- a/x", "+++ b/x") name files, and a file's name ("x-gov.tf")
    is no value. A diff holding a merge's conflict ("<<<<<<< HEAD" ... "=======" ... ">>>>>>>") says two sets, and is
    left as written."""
    if any(_CONFLICT.match(line) for line in lines):
        return lines
    out: list[str] = []
    hunk = False
    old = new = 0  # the lines of each side the hunk's header says are still to come
    for n, line in enumerate(lines):
        if _DIFF_HEADER.match(line) or (line.startswith("--- ") and n + 1 < len(lines)
                                        and lines[n + 1].startswith("+++ ") and _HUNK_HEADER.match(
                                            lines[n + 2] if n + 2 < len(lines) else "")) \
                or (line.startswith("+++ ") and n and lines[n - 1].startswith("--- ")):
            # diff -u's file headers ("--- x.ns.orig<tab>2026-11-26 16:02:11 +0000", "+++ x.ns ...") right above a
            # hunk name the files compared, as git's do.
            hunk = bool(counts := _HUNK_HEADER.match(line))
            old, new = (int(counts["old"] or 1), int(counts["new"] or 1)) if counts else (0, 0)
            continue
        if hunk and (line[:1] in ("+", "-", " ") and line.strip() not in ("", "-- ") or old > 0 or new > 0):
            # Within the lines the header counts, a line of context is one whatever became of its leading space (a
            # mail client's HTML drops it, and a blank one is " " no more).
            old, new = old - (line[:1] != "+"), new - (line[:1] != "-")
            rest = re.sub(r"^\s*(?:[-*]\s+)?", "", line[1:] if line[:1] in ("+", "-", " ") else line)
            if line[:1] in ("+", "-"):
                out.append(("Add: " if line[0] == "+" else "Remove: ") + rest)
            elif _names_a_host(rest) and not _OTHER_RECORD.match(rest):
                # A zone file's line of context that is a record of another type ("@ IN MX 10 mail.x.net.") names a
                # host that is no name server of the domain.
                out.append("Keep: " + rest)
            continue
        hunk = False
        out.append(line)
    return out


_SIGN_LEGEND = re.compile(r"(?<![^\s(\[,;])\+\s*(?:[=:]\s*)?(?:[a-z]+\s+){0,4}?(?:add|added|addition|additions|new"
                          r"|insert|inserted)\b", re.I)
_CONFLICT = re.compile(r"[+\- ]?(?:<{7}|={7}|>{7})")
_HUNK_HEADER = re.compile(r"@@ -\d+(?:,(?P<old>\d+))? \+\d+(?:,(?P<new>\d+))? @@")  # a unified diff's hunk
_DIFF_HEADER = re.compile(r"@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@|diff --git |index [0-9a-f]{7,}\.\.[0-9a-f]{7,}"
                          r"|(?:---|\+\+\+) (?:[ab]/|/dev/null)")
_OTHER_RECORD = re.compile(r"(?!.*\s(?:NS|DS)\s)\s*(?:[\w@.*-]+\s+)?(?:\d+[smhdw]?\s+)?(?:IN\s+)?"
                           r"(?:A|AAAA|MX|TXT|CNAME|SOA|SRV|CAA|PTR|SPF|NAPTR|TLSA|HTTPS|SVCB|SSHFP|LOC|HINFO|RP|DNAME)\s",
                           re.I)  # a zone file's record of another type than NS or DS
_CONTEXT_LINE = re.compile(r"[ \t]+[^\s+\-\u2212][^\s]*[ \t]*")  # " ns2.x.net": indented, one word


# A DS record's key tag, algorithm and digest type ending a line, its digest wrapped to the next ("12841 13 2" /
# "995A...", "example.gov.uk. 3600 IN CDS 62770 8 2" / "3DB0..."): a mail client breaks a 75-character record there.
_DS_HEAD_END = re.compile(r"(?<![\w.:-])\d{1,5}[ \t]+\d{1,3}[ \t]+[1-6][ \t]*$")


def _joined_ds_lines(lines: list[str]) -> list[str]:
    """A DS record given as labelled fields, a line each, or with its digest wrapped, made one line."""
    out: list[str] = []
    joining = False
    for line in lines:
        if out and joining and (DS_FIELD_LINE.match(line) or HEX_LINE.fullmatch(line)):
            out[-1] = out[-1].rstrip() + " " + line.strip()
            continue
        joining = bool(DS_FIELD_LINE.match(line) or ds_records(line) or re.search(r"\bds\b", line, re.I)
                       or _DS_HEAD_END.search(line))
        out.append(line)
    # A zone file's record continued in brackets over lines ("DS 59015 13 2 (" / digest / ")"): the brackets go.
    return [_ZONE_PARENS.sub(r" \1 ", line) for line in out]


_ZONE_PARENS = re.compile(r"\(\s*([0-9A-Fa-f]{4,}(?:\s+[0-9A-Fa-f]{4,})*)\s*\)")  # groups apart by spaces: linear
