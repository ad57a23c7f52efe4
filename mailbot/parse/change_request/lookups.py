"""Parse (change request): what a lookup prints, pasted into a request: the records the domain has now, never a
request. A whois excerpt, and dig's answer; and a zone file's comment naming a role ("; current", "; new").

A registrar pastes what whois prints of the domain under its request ("pls drop A and add B. whois for ref:"): Nominet's
record ("Domain name:" then the name on the next line, "Registrar:", "Relevant dates:", "Name servers:" over the
servers, "DNSSEC:" over "Signed", "WHOIS lookup made at ...") or a registrar's ("Domain Name: x.gov.uk", "Registrar:
...", "Name Server: A" a line, "DNSSEC: unsigned"). Its name servers are the current ones, and are read so: held to the
registry's records like any others a mail calls current. Its DNSSEC line says what the domain has, and asks nothing.
"""

import re

from mailbot.parse.change_request.names import mask_names
from mailbot.parse.change_request.roles import ROLE, known_label, role_of

# Where an excerpt starts: its "Domain name:" label, alone or with the name.
_START = re.compile(r"[ \t]*domain\s*name\s*:.*", re.I)
# A label of the record that only whois prints, one of which must stand in it for it to be an excerpt.
_WHOIS_LABEL = re.compile(r"[ \t]*(?:registrar|relevant\s+dates|registration\s+status|registrar\s+whois\s+server"
                          r"|registry\s+domain\s+id|registrar\s+iana\s+id|registry\s+expiry\s+date|expiry\s+date"
                          r"|registered\s+on)\s*:.*", re.I)
# Its last line, where whois prints one.
_END = re.compile(r"[ \t]*(?:whois\s+lookup\s+made\s+at\b|>>>\s*last\s+update\s+of\s+whois\s+database\b).*", re.I)
# Its name servers' label: Nominet's alone over the servers, a registrar's "Name Server: A" a line.
_NS_LABEL = re.compile(r"(?P<indent>[ \t]*)name\s*servers?\s*:(?P<rest>.*)", re.I)
_DNSSEC_LABEL = re.compile(r"[ \t]*dnssec\s*:(?P<rest>.*)", re.I)
_MOST_LINES = 40


def whois_as_current(text: str) -> str:
    """The text with each whois excerpt's name servers labelled as the current ones, and its DNSSEC line blanked. An
    excerpt runs from its "Domain name:" label to whois's closing line; with none, to its DNSSEC line's value or its
    last name server. Lines that do not start with a label whois prints ("Registrar:" and the like) are no excerpt."""
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        if not _START.fullmatch(lines[i]):
            i += 1
            continue
        end = _end(lines, i)
        if end is None:
            i += 1
            continue
        for n in range(i, end + 1):
            if m := _NS_LABEL.fullmatch(lines[n]):
                lines[n] = f"{m['indent']}Current name servers:{m['rest']}"
            elif m := _DNSSEC_LABEL.fullmatch(lines[n]):
                lines[n] = ""
                if not m["rest"].strip() and n + 1 <= end:
                    lines[n + 1] = ""  # "DNSSEC:" over "Signed"
        i = end + 1
    return "\n".join(lines)


def _end(lines: list[str], start: int) -> int | None:
    """The last line of the excerpt starting at `start`; None when no label only whois prints is in it."""
    window = lines[start:start + _MOST_LINES]
    if not any(_WHOIS_LABEL.fullmatch(line) for line in window):
        return None
    for n, line in enumerate(window):
        if _END.fullmatch(line):
            return start + n
    last = None
    for n, line in enumerate(window):
        if _DNSSEC_LABEL.fullmatch(line):
            rest = _DNSSEC_LABEL.fullmatch(line)["rest"].strip()
            following = [k for k in range(n + 1, len(window)) if window[k].strip()]
            return start + (n if rest or not following else following[0])
        if _NS_LABEL.fullmatch(line):
            last = n
            for k in range(n + 1, len(window)):
                if not window[k].strip() or ":" in window[k]:
                    break
                last = k
    return None if last is None else start + last


# dig's header ("; <<>> DiG 9.18.28 <<>> NS x.gov.uk"), and the sections of its answer holding records.
_DIG_HEADER = re.compile(r";\s*<<>>\s*DiG\b.*", re.I)
_DIG_SECTION = re.compile(r"[ \t]*;;\s*(?:ANSWER|AUTHORITY)\s+SECTION:\s*", re.I)
_DIG_OTHER_SECTION = re.compile(r"[ \t]*;;\s*(?:ADDITIONAL|QUESTION)\s+SECTION:\s*|[ \t]*;;\s*Query\s+time:.*", re.I)


def dig_as_current(text: str) -> str:
    """The text with the records of dig's answer (its ANSWER and AUTHORITY sections, under dig's own header) under a
    label saying they are the current ones, when dig asked the resolver in use: what it prints is the delegation as it
    stands. Asked of a server named in its command, it is left as written."""
    lines = text.split("\n")
    dug = False
    for n, line in enumerate(lines):
        if _DIG_HEADER.fullmatch(line.strip()):
            # Asked of a server named ("@ns1.new-host.net"), dig prints what that server serves, which may be the
            # set the domain is to have: only what the resolver in use answers is the delegation as it stands.
            dug = "@" not in line
        elif dug and _DIG_SECTION.fullmatch(line):
            lines[n] = "Current name servers:"
        elif dug and _DIG_OTHER_SECTION.fullmatch(line):
            lines[n] = ""
            dug = not line.strip().lower().startswith(";; query")  # dig's statistics end what it printed
    return "\n".join(lines)


# A zone file's comment alone on its line: "; current", ";; new NS", "; old:".
_COMMENT = re.compile(r"[ \t]*;+[ \t]*(?P<label>[A-Za-z][\w ()/-]{0,40}?)[ \t]*:?[ \t]*")


def comments_as_labels(text: str) -> str:
    """The text with each zone file's comment that names only a role ("; current", "; new") as the label it is, when
    the line after it is a record: "Current:" over the records, as a label line says it."""
    lines = text.split("\n")
    for n, line in enumerate(lines[:-1]):
        if (m := _COMMENT.fullmatch(line)) and known_label(m["label"]) \
                and len({role_of(r) for r in ROLE.finditer(mask_names(m["label"]))} - {"pointer"}) == 1 \
                and _RECORD.match(lines[n + 1]):
            lines[n] = m["label"][:1].upper() + m["label"][1:] + ":"
    return "\n".join(lines)


_RECORD = re.compile(r"[ \t]*(?:[^\s;]+[ \t]+)?(?:\d+[ \t]+)?IN[ \t]+(?:\d+[ \t]+)?(?:NS|C?DS)[ \t]", re.I)
