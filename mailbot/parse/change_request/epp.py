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


# An EPP client's log or command line of key=value pairs ("[2026-11-27 08:56] >> domain-update name=x.gov.uk
# ns-add=A,B ns-rem=C,D", "update-domain domain=x.gov.uk add-ns=A rem-ns=C"): the command names a domain update, and
# each key's name says the role of its comma-separated values.
_UPDATE_COMMAND = re.compile(r"\b(?:domain[-_:]?update|update[-_:]?domain)\b", re.I)
_ACTION_BEFORE = re.compile(r"\b(?:add|del|delete|rem|remove|chg|change)\s*$", re.I)
_PAIR = re.compile(r"(?<![\w=-])(?P<key>[A-Za-z][\w-]*)=(?P<value>\S+)")
_PAIR_LABEL = {key: label for label, keys in {
    "Domain": ("name", "domain", "domain-name", "domainname"),
    "Add": ("ns-add", "ns_add", "nsadd", "add-ns", "add_ns", "addns", "add-host", "host-add"),
    "Remove": ("ns-rem", "ns_rem", "nsrem", "ns-remove", "ns-del", "ns_del", "ns-delete", "rem-ns", "rem_ns", "remns",
               "del-ns", "del_ns", "remove-ns", "rem-host", "host-rem"),
}.items() for key in keys}


# What an EPP client's update line that is not read whole is written as: a line the layouts ask about.
EPP_LOG_UNREAD = "EPP update not read whole:"


def epp_log_as_labels(line: str) -> list[str]:
    """An EPP client's domain update written as key=value pairs, as label lines ("Domain: x.gov.uk", "Add: A", "Remove:
    C"); one that holds a key whose role is not known (a DS record's, "ns=" that may be a whole set or an addition) as
    a line starting EPP_LOG_UNREAD, its pairs unmade: read in part, what it leaves out would be kept. Any other line as
    it is."""
    if "=" not in line or not _UPDATE_COMMAND.search(line) or not (pairs := list(_PAIR.finditer(line))) \
            or all(_PAIR_LABEL.get(p["key"].lower()) == "Domain" for p in pairs):
        return [line]
    if all(_PAIR_LABEL.get(p["key"].lower()) == "Domain" or _ACTION_BEFORE.search(line[:p.start()]) for p in pairs):
        return [line]  # "domain:update x.gov.uk del ns=A add ns=C": a word of change before each pair, read as such
    if any(p["key"].lower() not in _PAIR_LABEL for p in pairs):
        return [f"{EPP_LOG_UNREAD} {line.replace('=', ' ')}"]
    return [f"{_PAIR_LABEL[p['key'].lower()]}: {value}" for p in pairs
            for value in p["value"].strip(",;").split(",") if value] + [""]
