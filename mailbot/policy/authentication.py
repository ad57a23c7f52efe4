"""Policy: is the From domain of this message authenticated? DKIM (dkimpy) aligned with From, or a trusted
Authentication-Results header; DNS is handed in, so tests sign mail with keys they make.

SPF alone never counts. A signature counts only if its d= is the From domain or shares its organisational
domain (DMARC relaxed alignment, the Public Suffix List), it has no l= (RFC 6376 8.2: text could be
appended), it is not rsa-sha1, its key has at least 1024 bits, and it covers every header that influences a
decision, as many times as the message has it (so an unsigned second Subject cannot slip in). A DNS failure
is a temporary error, never a pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from email.parser import BytesHeaderParser
from email.policy import compat32
from functools import lru_cache

import dkim

DECISION_HEADERS = ("from", "to", "subject", "date", "message-id", "in-reply-to", "references")
Resolver = Callable[[str], "str | None"]  # TXT record of a name, None if there is none; raises DNSTemporaryError


class DNSTemporaryError(Exception):
    """The DNS could not answer now: try again later."""


@dataclass(frozen=True)
class Authentication:
    result: str  # "pass", "fail", "none" (nothing to check) or "temperror"
    domain: str | None  # the authenticated domain, when it passed
    reasons: tuple[str, ...] = ()

    @property
    def passed(self) -> bool:
        return self.result == "pass"

    def __str__(self) -> str:
        detail = f" ({'; '.join(self.reasons)})" if self.reasons else ""
        return f"{self.result}{' for ' + self.domain if self.domain else ''}{detail}"


@lru_cache(maxsize=1)
def _psl():
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList()  # the list shipped with the package: no network


def organisational(domain: str) -> str:
    return _psl().privatesuffix(domain.lower().rstrip(".")) or domain.lower()


def authenticate(raw: bytes, from_domain: str | None, *, dns: Resolver, authserv_id: str | None = None) -> Authentication:
    if not from_domain:
        return Authentication("fail", None, ("no single From address",))
    headers = BytesHeaderParser(policy=compat32).parsebytes(raw, headersonly=True)
    if authserv_id:
        return _from_results_header(headers, from_domain, authserv_id)
    signatures = headers.get_all("DKIM-Signature") or []
    if not signatures:
        return Authentication("none", None, ("no DKIM signature",))
    disagreement = _read_otherwise_by_dkim(raw, headers)
    if disagreement is not None:
        return Authentication("fail", None, (disagreement,))
    reasons = []
    for idx, value in enumerate(signatures):
        tags = _tags(str(value))
        domain = tags.get("d", "").lower()
        problems = _tag_problems(tags, domain, from_domain, headers)
        if problems:
            reasons += [f"d={domain or '?'}: {p}" for p in problems]
            continue
        try:
            ok = dkim.DKIM(raw, minkey=1024).verify(idx=idx, dnsfunc=_dkim_dns(dns))
        except DNSTemporaryError as e:
            return Authentication("temperror", None, (f"DNS: {e}",))
        except dkim.DKIMException as e:
            reasons.append(f"d={domain}: {e}")
            continue
        if ok:
            return Authentication("pass", domain)
        reasons.append(f"d={domain}: the signature does not verify")
    return Authentication("fail", None, tuple(reasons))


def _read_otherwise_by_dkim(raw: bytes, headers) -> str | None:
    """Why the DKIM verifier reads another header section than the one the bot decides on, or None.

    A bare CR (RFC 5322 2.2 allows CR only before LF) ends a line for the mail parser but not for dkimpy: it
    can hide a signature, so that the one verified is not the one whose tags were checked, or end the header
    section early for the parser alone, so that signed headers are read as the reply's words."""
    try:
        verified = [name.decode("ascii", "replace").lower() for name, _ in dkim.DKIM(raw).headers]
    except dkim.DKIMException as e:
        return f"the DKIM verifier cannot read its header section: {e}"
    if verified != [str(name).lower() for name in headers.keys()]:
        return "its header section reads differently to the DKIM verifier and to the mail parser (a bare CR?)"
    return None


def _tags(value: str) -> dict[str, str]:
    tags = {}
    for part in re.sub(r"\s+", "", value).split(";"):
        name, sep, tag_value = part.partition("=")
        if sep:
            tags[name.lower()] = tag_value
    return tags


def _tag_problems(tags: dict[str, str], domain: str, from_domain: str, headers) -> list[str]:
    problems = []
    if "l" in tags:
        problems.append("l= lets text be added after the signed body")
    if tags.get("a", "").lower() == "rsa-sha1":
        problems.append("rsa-sha1 is too weak (RFC 8301)")
    if not domain or organisational(domain) != organisational(from_domain):
        problems.append(f"not aligned with the From domain {from_domain}")
    signed = [h.lower() for h in tags.get("h", "").split(":") if h]
    for name in DECISION_HEADERS:
        present = len(headers.get_all(name) or [])
        if present and signed.count(name) < present:
            problems.append(f"{name} is not covered by the signature as often as the message has it")
    return problems


def _dkim_dns(dns: Resolver):
    def dnsfunc(name, timeout=5):
        answer = dns((name.decode() if isinstance(name, bytes) else name).rstrip("."))
        return answer.encode() if isinstance(answer, str) else answer

    return dnsfunc


def _from_results_header(headers, from_domain: str, authserv_id: str) -> Authentication:
    """RFC 8601: only the topmost Authentication-Results, and only if our own receiving server added it."""
    results = headers.get_all("Authentication-Results") or []
    if not results:
        return Authentication("none", None, ("no Authentication-Results from our own server",))
    top = " ".join(str(results[0]).split())
    authserv = top.split(";", 1)[0].split()  # empty in an empty header: not ours either
    if not authserv or authserv[0].lower() != authserv_id.lower():
        return Authentication("none", None, ("the topmost Authentication-Results is not our server's",))
    for match in re.finditer(r"dkim=pass\b[^;]*?header\.d=([A-Za-z0-9.-]+)", top, re.I):
        if organisational(match.group(1)) == organisational(from_domain):
            return Authentication("pass", match.group(1).lower())
    return Authentication("fail", None, ("our server found no aligned DKIM pass",))


def system_resolver(name: str) -> str | None:
    """TXT lookup with dnspython: no such name is None; a failure to answer is a temporary error."""
    import dns.exception
    import dns.resolver

    try:
        answer = dns.resolver.resolve(name, "TXT", lifetime=5)
    except (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer):
        return None
    except dns.exception.DNSException as e:
        raise DNSTemporaryError(f"{name}: {type(e).__name__}") from None
    return "".join(b"".join(r.strings).decode("ascii", "replace") for r in answer)


def file_resolver(path) -> Resolver:
    """TXT records from a JSON file (name -> record): for demonstrations and tests, where the internet's DNS
    cannot be used. A name it does not hold has no record, as in the DNS."""
    import json
    from pathlib import Path

    from mailbot.errors import ConfigError

    try:
        records = json.loads(Path(path).read_text())
    except (OSError, ValueError) as e:
        raise ConfigError(f"MAILBOT_DNS_FILE: cannot read {path}: {e}") from None
    return lambda name: records.get(name.rstrip("."))
