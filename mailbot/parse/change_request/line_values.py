"""Parse (change request): the values a line gives (name servers, DS records, a DS record named by its key tag), and
the lines that are values alone, one value with words in brackets after it, or values under a label the reader knows
whole."""

import re

from mailbot.parse.change_request.ds_records import (
    DS_FIELD_LINE,
    DS_NAMED,
    HEX,
    ds_number,
    ds_records,
    key_tag_refs,
    labelled_ds,
)
from mailbot.parse.change_request.names import (
    DOTS,
    DOTTED_RUN,
    RUN,
    hostnames,
    is_ip,
    is_nameserver,
    mask_names,
    normalise_domain,
)
from mailbot.parse.change_request.roles import FIELD_WORD, ROLE, agreeing, known_label, role_of
from mailbot.parse.change_request.values import BRACKETED, BULLET, BULLET_MARKS

# Words a line of values may hold beside them: joining words, a glue address's label ("ns1.x.net  IPv4: 192.0.2.1",
# "IP address = ..."), the field's own name.
_BARE_VALUES = re.compile(r"(?:and|or|&|=|ip|ipv4|ipv6|address(?:es)?|glue|ns\d*|nameserver\s*\d*|name\s*server\s*\d*)",
                          re.I)


# A resource record as a zone file or dig prints it: owner, TTL and class "IN" (either order), type, data
# ("hmrc.gov.uk.\t86400\tIN\tNS\tns1.example.net."). Its tabs are no table's columns.
# A CDS record (RFC 7344 3) is, in the same form, the DS record the child zone asks its parent to publish: its line is
# read as a DS record's.
SOA_LINE = re.compile(r"[ \t]*(?:[^\s;]+[ \t]+)?(?:\d+[ \t]+)?IN[ \t]+(?:\d+[ \t]+)?SOA[ \t]+\S.*", re.I)
RECORD_LINE = re.compile(r"[ \t]*(?:[^\s;]+[ \t]+)?(?:\d+[ \t]+)?IN[ \t]+(?:\d+[ \t]+)?(?:NS|C?DS)[ \t]+\S.*", re.I)


# A label and the values after it: "Nameservers: A, B", "NS 1 = A", "Name servers - A and B".
LABEL_AND_VALUES = re.compile(r"(?P<label>[^:=\n]*?)\s*(?::|=|\s[-\u2013]\s)\s*(?P<rest>.*)")


def plainly_labelled(line: str, targets: set[str], zone: str) -> bool:
    """Whether a line is values alone under a label the reader knows whole ("Nameserver 1: A", "DS: ...", a DS
    record's labelled fields, a zone file's "x.gov.uk. IN DS ..."): there, values without a role word are the field's
    values, a new set by default. Any other word about them, the reader does not understand."""
    text = BULLET.sub("", line).strip()
    if DS_FIELD_LINE.match(text) or re.search(r"\bIN\s+C?DS\b|(?:^|:)\s*\S+\.?\s+(?:\d+\s+)?C?DS\s+\d", text):
        return True
    if (record := RECORD_LINE.fullmatch(text)) and re.search(r"\bIN\s+(?:\d+\s+)?NS\s+\S+\s*$", text, re.I):
        # "x.gov.uk. 86400 IN NS ns1.example.net.": the owner is the domain asked about (or "@"), never a value;
        # a record whose owner is another name (a subdomain's delegation, a glue host) says nothing of the domain's.
        owner = record.group().split()[0]
        return owner == "@" or owner.upper() == "IN" or owner.isdigit() or normalise_domain(owner) in targets
    words = text.split(None, 1)
    if len(words) == 2 and normalise_domain(words[0].rstrip(":")) in targets and is_bare(words[1], targets, zone):
        return True  # "x.gov.uk 23718 8 2 ...": the domain, then its values
    match = LABEL_AND_VALUES.fullmatch(text)
    # The domain asked about as a label ("x.gov.uk: ...") says only whose the values are.
    label = match and DOTTED_RUN.sub(lambda m: " " if normalise_domain(m.group()) in targets else m.group(),
                                      match["label"])
    if match is not None and not any(line_values(match["label"], targets, zone).values()) \
            and is_bare(match["rest"], targets, zone) \
            and (known_label(label) or known_label(_provider_named(label, match["rest"], targets, zone))):
        return True
    # In a sentence: the values one list, after the last comma or colon before them, under a known label only
    # ("Please make the same change for x.gov.uk as well: name servers A and B").
    masked = mask_names(BRACKETED.sub(lambda m: " " * len(m.group()), text))
    hosts = [m for m in RUN.finditer(text) if (h := normalise_domain(m.group().rstrip(DOTS + ":")))
             and is_nameserver(h, targets, zone)]
    if not hosts:
        return False
    lead = re.split(r"[:;,]", masked[:hosts[0].start()])[-1]
    if not FIELD_WORD["nameservers"].search(lead):
        return False
    gaps = [masked[a.end():b.start()] for a, b in zip(hosts, hosts[1:])] + [masked[hosts[-1].end():]]
    return known_label(lead) and all(re.fullmatch(r"[\s,;]*(?:(?:and|&)[\s,;]*)?", g) for g in gaps[:-1]) \
        and re.fullmatch(r"[\s.,;]*", gaps[-1]) is not None


def _provider_named(label: str, values: str, targets: set[str], zone: str) -> str:
    """The label without the words that name the provider of every name server after it ("Jisc nameservers:
    ns1.jisc-dns.example.net", "Cloudflare NS: a.ns.cloudflare.com, b.ns.cloudflare.com", "AWS name servers:
    ns-1.awsdns-01.org"): whose servers they are says nothing of their role."""
    hosts = line_values(values, targets, zone)["nameservers"]
    if not hosts:
        return label
    return re.sub(r"[^\W\d_]{3,}", lambda m: " " if all(m.group().lower() in h for h in hosts) else m.group(), label)


def is_bare(line: str, targets: set[str], zone: str) -> bool:
    """A line of values and nothing else (bullets, numbers, glue addresses, "and")."""
    if any(ROLE.search(mask_names(aside.group())) for aside in BRACKETED.finditer(line)):
        return False  # "A (please keep the existing one for now)": words in brackets saying a role are no glue
    text = BULLET.sub("", BRACKETED.sub(" ", line))
    words = [w for w in re.split(r"[\s,;|/\"]+", text) if w]  # "ns1.x.net / 192.0.2.1", a quoted CSV field
    if not words:
        return False
    if ds_records(text) and all(HEX.fullmatch(w) or w.isdigit() for w in words):
        return True
    hosts = [normalise_domain(w.rstrip(DOTS + ":")) for w in words]
    servers = [bool(h and is_nameserver(h, targets, zone)) for h in hosts]
    # A glue record's type before its address ("ns1.x.net  A 192.0.2.1  AAAA 2001:db8::1") is glue too.
    typed = {i for i, w in enumerate(words[:-1]) if w.upper() in ("A", "AAAA") and is_ip(words[i + 1].rstrip(".:"))}
    # The domain asked about, in a row of servers ("| x.gov.uk | ns1.a.net | ns1.b.net |"), is no word about them.
    return all(is_ip(w.rstrip(".:")) or _BARE_VALUES.fullmatch(w.rstrip(".:")) or w in ("-", "\u2013") or server
               or (w.rstrip(".:").isdigit() and len(w) <= 6 and any(servers))  # a row's number, a TTL
               or (h in targets and any(servers)) or i in typed
               for i, (w, h, server) in enumerate(zip(words, hosts, servers, strict=True))) and any(hosts)


# A value alone on its line with words in brackets after it: "ns1.old.example (to be removed)", "- ns3.x.net [new]".
# Or the words after a dash or a colon: "ns2.x.net - to be removed", "ns3.x.net: add", "ns1.x.net -- keep".
_ANNOTATED = re.compile(rf"\s*(?:[{BULLET_MARKS}]\s*|\d{{1,2}}[.)]\s+)?(?P<value>[^\s()\[\]]+?)[.:]?\s*"
                        r"(?:\((?P<a>[^()]{1,60})\)|\[(?P<b>[^\[\]]{1,60})\]"
                        r"|(?:(?<=\s)[-\u2013\u2014]{1,2}|:|=>?|->|<-)\s*"
                        r"(?P<c>[^\W\d_][^\W\d_ '-]*(?:[ '-][^\W\d_]+){0,5}))"
                        r"\s*[.,;!]?\s*")
# Words in brackets after a name server that say nothing of its role: its rank, its glue.
_NEUTRAL_ASIDE = re.compile(r"(?:primary|secondary|tertiary|master|slave|hidden\s+master|main|backup|glue|ipv[46]"
                            r"|ns\s*\d|\d|[\s,:;/&-]|and)+", re.I)
_ASIDE_ROLE = {"remove": "remove", "keep": "keep", "current": "current", "add": "add", "new": "new"}


def annotation_of(line: str, targets: set[str], zone: str) -> tuple[str, str, str] | None:
    """(field, value, role) of a line of one value with words in brackets after it; the role "neutral" when the
    words say nothing of it (a rank, a glue address), "unsure" when they are words the reader does not know; None
    for any other line."""
    match = _ANNOTATED.fullmatch(line)
    if match is None:
        return None
    values = line_values(match["value"], targets, zone)
    if len(values["nameservers"]) + len(values["ds"]) != 1:
        return None
    kind = "nameservers" if values["nameservers"] else "ds"
    value = values[kind][0]
    aside = next(match[g] for g in "abc" if match[g] is not None)
    if any(is_ip(w.strip(",;:")) for w in aside.split()) or _NEUTRAL_ASIDE.fullmatch(aside):
        return kind, value, "neutral"
    if re.fullmatch(r"\s*(?:no\s+change|stays?|remains?|unchanged)\s*", aside, re.I):
        return kind, value, "keep"
    said = agreeing({role_of(m) for m in ROLE.finditer(aside)} - {"pointer"})
    if len(said) == 1 and known_label(aside) and (role := _ASIDE_ROLE.get(next(iter(said)))) is not None:
        # "to be" alone is no role ("to be confirmed"): the words must say one whole.
        if not re.fullmatch(r"\s*(?:to\s+be|with|to|into|was|were|will\s+be)\s*", aside, re.I):
            return kind, value, role
    return kind, value, "unsure"


def line_values(text: str, targets: set[str], zone: str) -> dict[str, list[str]]:
    # An algorithm's name and number side by side ("RSASHA256 (13)") are checked against each other before
    # brackets are dropped as glue would be.
    labelled = labelled_ds(text)
    ds = labelled if labelled is not None else ds_records(BRACKETED.sub(" ", DS_NAMED.sub(ds_number, text)))
    # A DS record named by its key tag alone ("remove the DS with key tag 35235") is a value of its own.
    tags = [] if labelled is not None else key_tag_refs(text)
    # Glue in brackets ("ns1.x.net (192.0.2.53)") is dropped; name servers in brackets are values, in the role the
    # words about them say ("replace the existing name servers (A and B) with C and D").
    text = BRACKETED.sub(lambda m: m.group()[1:-1] if _named_in(m.group(), targets, zone) else " ", text)
    hosts = [] if ds else [h for h in hostnames(text) if is_nameserver(h, targets, zone)]
    return {"nameservers": hosts, "ds": ds or tags}


def _named_in(bracket: str, targets: set[str], zone: str) -> bool:
    """Whether words in brackets hold a name server (a value), not only glue, a rank or other words."""
    return any(is_nameserver(h, targets, zone) for h in hostnames(bracket[1:-1]))
