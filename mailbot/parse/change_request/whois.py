"""Parse (change request): a whois excerpt pasted into a request: the records the domain has now, never a request.

A registrar pastes what whois prints of the domain under its request ("pls drop A and add B. whois for ref:"): Nominet's
record ("Domain name:" then the name on the next line, "Registrar:", "Relevant dates:", "Name servers:" over the
servers, "DNSSEC:" over "Signed", "WHOIS lookup made at ...") or a registrar's ("Domain Name: x.gov.uk", "Registrar:
...", "Name Server: A" a line, "DNSSEC: unsigned"). Its name servers are the current ones, and are read so: held to the
registry's records like any others a mail calls current. Its DNSSEC line says what the domain has, and asks nothing.
"""

import re

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
