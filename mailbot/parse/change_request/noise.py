"""Parse (change request): what in a request's words is no part of it: links (a host or file name in a link is
neither a value nor a domain asked about), e-mail addresses in a line, lookup commands and their comments, a change
record's plan for undoing the change, and the warning a mail gateway puts above a message from outside."""

import re

from mailbot.parse.change_request.ds_records import ds_records
from mailbot.parse.change_request.names import emails, is_ip, normalise_domain

# A link: a URL with its scheme ("https://support.example/nav_to.do?uri=task.do"), one starting "www.", or a host with
# a path after it ("support.example/helpdesk/tickets/41790"). Hosts separated by "/" ("ns1.x.net/ns2.x.net", a host
# and its address) are no link.
_LINK = re.compile(r"\b[a-z][a-z0-9+.-]*://\S*|\bwww\.\S+"
                   r"|(?<![\w.@/:-])[\w-]+(?:\.[\w-]+)+(?::\d+)?/(?P<path>\S*)", re.I)


# What follows a record's owner in a zone file, a console's table or an export: its TTL, its class, its type.
_RECORD_AFTER_OWNER = re.compile(r"[\s,;|]+(?:\d+[\s,;|]+)?(?:IN[\s,;|]+)?(?:\d+[\s,;|]+)?"
                                 r"(?:NS|DS|CDS|A|AAAA|CNAME|MX|TXT|SOA|CAA|SRV|PTR|DNSKEY|HTTPS|SVCB|ALIAS)\b", re.I)


# A link in angle brackets, as a mail client writes the target of a name it made a link ("ns1.x.net <http://ns1.x.net>",
# "ns1.x.net<http://ns1.x.net/>", Safe Links' rewritten URL), with the space before it.
_BRACKETED_LINK = re.compile(r"[ \t]?<[a-z][a-z0-9+.-]*://[^<>\s]*>", re.I)


def without_links(text: str) -> str:
    """The text with each link blanked to spaces (offsets kept): a host or file name in a link is neither a value nor
    a domain asked about. A link in angle brackets is taken out whole, with the space before it, so that what follows
    it ("</domain:hostObj>", the "> B" of "A<http://A/> > B") is read as if the client had made no link, and no wide
    gap left in a line is taken for a table's columns."""
    text = _BRACKETED_LINK.sub("", text)
    def blank(link: re.Match) -> str:
        host = re.match(r"www\.[\w-]+(?:\.[\w-]+)*\.?", link.group(), re.I)
        if host and _RECORD_AFTER_OWNER.match(text, link.start() + host.end()):
            return link.group()  # "www.x.gov.uk. 300 IN NS ...", "www.x.gov.uk.,NS,...": a record's owner, no link
        path = link["path"]
        if path is not None and not re.search(r"[?=&%#~]", path):
            first = re.split(r"[/\s]", path, maxsplit=1)[0].rstrip(".,;:)")
            if not path or is_ip(first) or (normalise_domain(first) and "." in first):
                return link.group()
        return " " * len(link.group())
    return _LINK.sub(blank, text)


# A line that is a lookup command as a terminal shows it ("$ dig @ns1.x.net x.gov.uk NS +noall +answer", "dig +short NS
# x.gov.uk", "C:\\> nslookup -type=NS x.gov.uk"), or a comment of its output or a zone file ("; <<>> DiG 9.18 <<>> ...",
# ";; ANSWER SECTION:", RFC 1035 5.1): the server it asks and the name it asks about are no values. What it answers, on
# the lines after it, is read. A row of a file whose fields ";" divides, its first fields empty
# (";ns2.old.net;ns2.new.net" or ";;ns3.new.net" under "domain;current_ns;new_ns"), is no comment: a field of it is a
# name alone.
_COMMAND_LINE = re.compile(r"""[ \t]*(?:;(?!(?=[^\n]*;)(?:[^;\n]*;)*[ \t]*[^\s;]+\.[^\s;]+\s*(?:;|$)).*
    |(?:\S*[$#%>][ \t]*)?(?:dig|kdig|drill|delv)[ \t]+(?=\S*[@+.]|-[a-z]|(?:ns|ds|cds|dnskey|cdnskey|soa|any)\b).*
    |\S*[$#%>][ \t]*(?:host|nslookup|whois)[ \t]+.*
    |(?:host|nslookup)[ \t]+-(?:t|type|q|query)[ \t=]\S+[ \t]+.*)""", re.I | re.X)


def without_commands(text: str) -> str:
    """The text with each line of a lookup command or a comment blanked (see _COMMAND_LINE)."""
    return "\n".join("" if _COMMAND_LINE.fullmatch(line) else line for line in text.split("\n"))


# The heading of a change record's plan for undoing the change ("Back-out plan:", "Rollback:", "Fallback procedure -",
# "Remediation plan:"): the records it names are those to go back to if the change fails, never the change asked for.
_UNDO_HEADING = re.compile(r"[ \t]*[*_]*(?:back[\s-]?out|roll[\s-]?back|fall[\s-]?back|revert|reversion|remediation"
                           r"|contingency|undo)(?:\s+(?:plan|procedure|steps?|process))?[*_]*[ \t]*(?::|\s[-\u2013]).*",
                           re.I)
# What ends such a plan: a heading of its own ("Test plan:"), or a label of the new records ("New name servers: ...").
_NEXT_HEADING = re.compile(r"[ \t]*[*_]*[^\W\d_][\w .()/&'-]{0,60}:[*_]*[ \t]*|[ \t]*[*_]*(?:[\w.()/&'-]+[ \t]+){0,6}?"
                           r"(?:new|proposed|requested|required|target|desired|future|replacement|add|added)\b[^:]{0,40}:.*",
                           re.I)


def without_undo_plans(text: str) -> str:
    """The text with each plan for undoing the change blanked: its heading and the lines under it, up to a blank line,
    the next heading ("Test plan:") or a label of the new records."""
    lines = text.split("\n")
    undoing = False
    for i, line in enumerate(lines):
        if _UNDO_HEADING.fullmatch(line):
            undoing, lines[i] = True, ""
        elif undoing and line.strip() and not _NEXT_HEADING.fullmatch(line):
            lines[i] = ""
        else:
            undoing = False
    return "\n".join(lines)


# A signer's line describing a key, as PowerDNS's pdnsutil shows a zone's keys ("ID = 3 (CSK), flags = 257, tag = 12634,
# algo = 8, bits = 2048  Active  Published  ( RSASHA256 )"): its key's number, kind, flags, key tag, algorithm, size and
# state. It names the key, not a record to change: the DS record of that key is given on a line of its own ("DS =
# x.gov.uk. IN DS 12634 8 2 ...").
_KEY_LISTING = re.compile(r"""[ \t]*ID\s*=\s*\d+\s*\(\s*(?:CSK|KSK|ZSK)\s*\)\s*,\s*flags\s*=\s*\d+\s*,
    \s*tag\s*=\s*(?P<tag>\d{1,5})\s*,\s*algo\s*=\s*\d+\s*,\s*bits\s*=\s*\d+
    (?:\s+(?:Active|Inactive|Published|Unpublished))*\s*(?:\(\s*[A-Z0-9-]+\s*\))?\s*""", re.I | re.X)


def without_key_listings(text: str) -> str:
    """The text with each line describing a signer's key (see _KEY_LISTING) blanked, where the text gives the DS
    record of that key whole: the key's line is then the record's description, and its "tag = 12634" no record named
    by key tag. A key's line with no DS record of its key tag stays, to be asked about."""
    lines = text.split("\n")
    listed = [(i, int(m["tag"])) for i, line in enumerate(lines) if (m := _KEY_LISTING.fullmatch(line))]
    if not listed:
        return text
    tags = {int(record.split()[0]) for record in ds_records(text)}
    for i, tag in listed:
        if tag in tags:
            lines[i] = ""
    return "\n".join(lines)


# The warning a mail gateway puts at the top of a message from outside the organisation ("CAUTION: This email
# originated from outside of the organization. Do not click links or open attachments unless you recognize the sender",
# "External email: use caution with links and attachments", "You don't often get email from this sender"): its "do
# not" and its "caution" are the gateway's words, never the sender's.
_GATEWAY_WARNING = re.compile(r"""\b(?:originat\w*|came|comes|sent|arrived)\s+(?:from\s+)?(?:outside|an?\s+external)
    |\b(?:click\w*|open\w*)\s+(?:on\s+)?(?:any\s+)?(?:links?|attachments?)\b[^\n]{0,60}?\b(?:unless|caution|recogni[sz]e
    |trust|safe)|\bdon'?t\s+often\s+get\s+e-?mail\s+from|\b(?:use|exercise|take)\s+caution\s+(?:with|when|before)""",
                              re.I | re.X)


def without_gateway_warnings(text: str) -> str:
    """The text with each line of a mail gateway's warning blanked (see _GATEWAY_WARNING)."""
    return "\n".join("" if _GATEWAY_WARNING.search(line) else line for line in text.split("\n"))


# A company's legal notice, as a signature or a disclaimer gives it: its register, court and numbers ("Sąd Rejonowy dla
# m.st. Warszawy, KRS 0000123456, NIP 5250000000", "Registered in England and Wales No. 07123456", "IČO: 01234567").
# Its abbreviations look like host names ("m.st.", "s.r.o.") and are no values.
_LEGAL_NOTICE = re.compile(r"""\b(?:KRS|NIP|REGON|I[ČC]O|DI[ČC]|CIN|UID|SIRE[NT]|RCS|HRB|Amtsgericht|Handelsregister
    |VAT\s+(?:No|Reg\w*|number|ID)|company\s+(?:No|number|registration)|registered\s+(?:in|office|number|No\b|with)
    |reg(?:istration)?\.?\s+No|share\s+capital|kapita[łl]\s+zak[łl]adowy|S[ąa]d\s+Rejonowy
    |obchodn[íi]m\s+rejst[řr][íi]ku)\b""", re.I | re.X)


def without_legal_notices(text: str) -> str:
    """The text with each line of a company's legal notice blanked: a line naming its register or tax number and
    giving a number of five digits or more."""
    return "\n".join("" if _LEGAL_NOTICE.search(line) and re.search(r"\d{5,}", line) else line
                     for line in text.split("\n"))


_URL = re.compile(r"\b[a-z][a-z0-9+.-]*://\S*|\bwww\.\S+", re.I)


def without_addresses(line: str) -> str:
    """The line with links and addresses blanked: their hostnames are neither values nor the domains asked. A record's
    owner starting "www." ("www.x.gov.uk. 300 IN NS ...") is no link: blanked, the record would look like the apex's."""
    line = _URL.sub(lambda m: m.group() if (host := re.match(r"www\.[\w-]+(?:\.[\w-]+)*\.?", m.group(), re.I))
                    and _RECORD_AFTER_OWNER.match(line, m.start() + host.end()) else " ", line)
    for email in set(emails(line)):
        line = line.replace(email, " ")
    return line
