"""Parse (change request): EPP commands (RFC 5731 domain:update's add and rem, domain:create; RFC 5910 secDNS's
dsData) written as the label lines the layouts read; anything of EPP not read whole is left for the reader to find
unreadable."""

import re

# EPP (RFC 5731 domain:update's add and rem, domain:create; RFC 5910 secDNS's dsData): the element holding a value
# says its role.
_EPP_BLOCK = re.compile(r"<(?P<ns>domain|secDNS):(?P<op>add|rem|create)\b[^>]*>(?P<body>.*?)</(?P=ns):(?P=op)\s*>",
                        re.I | re.S)
_EPP_HOST = re.compile(r"<domain:host(?:Obj|Name)\b[^>]*>\s*([^<\s]+)\s*</domain:host(?:Obj|Name)\s*>", re.I)
_EPP_DS = re.compile(r"<secDNS:dsData\b[^>]*>(.*?)</secDNS:dsData\s*>", re.I | re.S)
_EPP_DS_PART = {part: re.compile(rf"<secDNS:{part}\b[^>]*>\s*([0-9A-Fa-f]+)\s*</secDNS:{part}\s*>", re.I)
                for part in ("keyTag", "alg", "digestType", "digest")}


# secDNS:rem holding secDNS:all true (RFC 5910 3.2.5: every DS record of the domain removed), written as the line
# EPP_ALL_GONE matches; "false", or anything beside it in the element, is left to be found unreadable.
_EPP_REM_ALL = re.compile(r"<secDNS:rem\b[^>]*>\s*<secDNS:all\b[^>]*>\s*(?:true|1)\s*</secDNS:all\s*>\s*"
                          r"</secDNS:rem\s*>", re.I)
EPP_ALL_GONE = re.compile(r"Remove DS: all records")
EPP_UNREAD = re.compile(r"<secDNS:(?:all|keyData|dsData|keyTag|digest)\b", re.I)
_EPP_LABEL = {"add": "Add", "rem": "Remove", "create": "Name servers"}


def epp_as_labels(text: str) -> str:
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
