"""Parse (change request): host names, domains and addresses as a request writes them, normalised (lower-case
IDNA A-labels without the trailing dot), and the text with them masked, so that their dots end no sentence and their
letters say no word."""

import ipaddress
import re
from collections.abc import Iterator
from functools import lru_cache

import idna

from mailbot.errors import ConfigError

# A registrar types a request in a few hundred characters; past these, reading on only costs time.
MAX_BODY = 100_000
MAX_SUBJECT = 1_000


# An LDH hostname after IDNA: labels of 1-63 letters, digits and hyphens, no hyphen at either end.
HOSTNAME = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)(?:\.(?!-)[a-z0-9-]{1,63}(?<!-))*")
# A run of what can make up a hostname or an address: letters and digits of any script (IDN),
# combining marks, "-", the dots UTS #46 maps to ".", and the "@" and "+" of an address.
RUN_CHARS = r"\w\u0300-\u036f.\u3002\uff0e\uff61@+-"
RUN = re.compile(rf"[{RUN_CHARS}]+")
DOTS = ".\u3002\uff0e\uff61"


def normalise_domain(text: str) -> str | None:
    """The A-label form of a hostname (lower case, no trailing dot), or None if it is not one."""
    return _normalise(text) if isinstance(text, str) else None


def checked_domain(text: str) -> str:
    """normalise_domain() for configuration and records, where a bad name is an error, not a miss."""
    name = normalise_domain(text)
    if name is None:
        raise ValueError(f"not a domain name: {text!r}")
    return name


@lru_cache(maxsize=4096)  # the same names recur in a mail, and IDNA is slow
def _normalise(text: str) -> str | None:
    name = text.strip().lower()
    name = name[:-1] if name.endswith(".") else name
    if not name or len(name) > 1000:
        return None
    if len(name) <= 253 and HOSTNAME.fullmatch(name) and not any(label[2:4] == "--" for label in name.split(".")):
        # Letters, digits and hyphens in labels IDNA takes as they are (no "xn--", nothing like it): what
        # idna.encode() would give back, at a tenth of its cost.
        return name
    try:
        ascii_name = idna.encode(name, uts46=True).decode("ascii")
    except UnicodeError:  # idna.IDNAError is one
        return None
    return ascii_name if len(ascii_name) <= 253 and HOSTNAME.fullmatch(ascii_name) else None


def hostnames(text: str) -> Iterator[str]:
    """Hostnames in the text, normalised, in order; the domain of an email address is not one."""
    for run in RUN.finditer(text):
        if "@" not in run.group() and (name := normalise_domain(run.group().rstrip(DOTS))):
            yield name


def emails(text: str) -> Iterator[str]:
    for run in RUN.finditer(text):
        local, at, domain = run.group().rstrip(DOTS).rpartition("@")
        name = normalise_domain(domain) if at and local and "@" not in local else None
        if name and "." in name:
            yield f"{local.lower()}@{name}"


def checked_zone(zone: str) -> str:
    name = normalise_domain(zone)
    if name is None:
        raise ConfigError(f"zone {zone!r} is not a domain name")
    return name


def find_domains(text: str, zone: str = "gov.uk") -> list[str]:
    """Registrable domains under the zone (one label left of it), normalised, in order of mention."""
    zone_name = checked_zone(zone)
    depth = zone_name.count(".") + 1
    found = (n for n in hostnames(as_text(text)[:MAX_BODY])
             if n.count(".") == depth and (n.endswith("." + zone_name) or _under_lookalike_zone(n, zone_name)))
    return list(dict.fromkeys(found))


def _under_lookalike_zone(name: str, zone_name: str) -> bool:
    """Under a look-alike of the zone (Cyrillic "о" in gov.uk): kept, so that it is flagged as a possible
    attack like any other look-alike of a known domain, not passed over as naming no domain."""
    from mailbot.policy.lookalike import skeleton

    return "xn--" in name and skeleton(name).endswith("." + zone_name)


def is_nameserver(name: str, targets: set[str], zone: str) -> bool:
    # Two labels at least, and a top label of letters: "192.0.2.1", "e.g" and "1.5" are not hosts. A file's name
    # ("change.xml", "export_1.csv", "report.pdf") ends in a kind of file that no top-level domain is.
    top = name.rpartition(".")[2]
    return "." in name and len(top) > 1 and top[0].isalpha() and name not in targets and name != zone \
        and top not in FILE_EXTENSIONS


# Kinds of file people name in a mail (an attachment, a ticket system's page) that are no top-level domain in the
# public suffix list: a name ending in one is a file, never a host.
FILE_EXTENSIONS = frozenset({
    "pdf", "xml", "csv", "tsv", "txt", "doc", "docx", "xls", "xlsx", "xlsm", "ppt", "pptx", "odt", "ods", "odp", "rtf",
    "json", "htm", "html", "xhtml", "php", "asp", "aspx", "jsp", "cgi", "js", "css", "eml", "msg", "pst", "vcf", "ics",
    "png", "jpg", "jpeg", "gif", "bmp", "tif", "tiff", "svg", "webp", "log", "yaml", "yml", "cfg", "conf", "ini", "exe",
    "dll", "bak", "tmp", "dat", "sql", "db", "csr", "pem", "crt", "cer", "der", "p12", "pfx", "p7s", "key", "asc",
    "gpg", "sig", "gz", "tgz", "tar", "bz2", "xz", "7z", "rar", "mp3", "mp4", "wav", "avi",
})
# Kinds of file whose ending is also a top-level domain ("task.do", "export.zip", "readme.md"): a name of two labels
# ending in one may be either, so it is no valid value of a name server (resolve() asks about it, never drops it).
FILE_OR_DOMAIN = frozenset({"do", "zip", "md", "py", "sh", "mov", "ps", "rs"})


def is_ip(word: str) -> bool:
    try:
        ipaddress.ip_address(word)
    except ValueError:
        return False
    return True


def mask_names(text: str) -> str:
    """The text with hostnames and addresses blanked to x's, so offsets still match the text."""
    parts, at = [], 0
    for run in DOTTED_RUN.finditer(text):
        word = run.group().rstrip(DOTS)
        if "@" in word or any(d in word for d in DOTS):
            parts += [text[at:run.start()], "x" * len(word)]
            at = run.start() + len(word)
    parts.append(text[at:])
    return "".join(parts)


# A whole run of RUN that holds a dot or an "@": only such a run can be a hostname or an address to blank.
DOTTED_RUN = re.compile(rf"(?<![{RUN_CHARS}])[{RUN_CHARS}]*[.\u3002\uff0e\uff61@][{RUN_CHARS}]*")


def as_text(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value if isinstance(value, str) else ""
