"""Parse (change request): a plan printed by octoDNS (octodns-sync), read by its own grammar.

octoDNS prints each change of a zone under the provider it is for: "Update" then the record as it stands, ending
"->", and the record the config makes of it, ending "(config)": "<NsRecord NS 86400, x.gov.uk., ['a.', 'b.']> ->" over
"<NsRecord NS 86400, x.gov.uk., ['c.', 'd.']> (config)". Of the zone's apex (the domain's own NS record), the first is
the current set and the second the new one, written as the label lines the reader reads. A record of another name (a
delegation inside the zone), a creation or a deletion of the apex's NS record is left as written, and asked about.
"""

import re

from mailbot.parse.change_request.names import normalise_domain

_NS_RECORD = re.compile(r"[ \t]*\*?[ \t]*(?P<verb>create|update|delete)?[ \t]*<NsRecord[ \t]+NS[ \t]+\d+,[ \t]*"
                        r"(?P<name>[^,\s]+),[ \t]*\[(?P<values>[^\]\n]*)\]>[ \t]*(?P<tail>->|\(config\))?[ \t]*", re.I)
_VALUE = re.compile(r"""['"]([^'"]+)['"]""")


def octodns_as_labels(text: str, targets: set[str]) -> str:
    """The text with each octoDNS update of a domain's apex NS record ("... ->" over "... (config)") written as
    "Current name servers: A, B" over "New name servers: C, D"."""
    lines = text.split("\n")
    for n in range(len(lines) - 1):
        now, then = _NS_RECORD.fullmatch(lines[n]), _NS_RECORD.fullmatch(lines[n + 1])
        if not now or not then or now["verb"] or then["verb"] or now["tail"] != "->" or then["tail"] != "(config)":
            continue
        name = normalise_domain(now["name"].rstrip("."))
        if name not in targets or normalise_domain(then["name"].rstrip(".")) != name:
            continue
        current, new = (_VALUE.findall(m["values"]) for m in (now, then))
        if not current or not new:
            continue
        lines[n] = f"{name}:\nCurrent name servers: {', '.join(v.rstrip('.') for v in current)}"
        lines[n + 1] = f"New name servers: {', '.join(v.rstrip('.') for v in new)}"
    return "\n".join(lines)
