"""Policy: is the From domain of this message authenticated? DKIM (dkimpy) aligned with From, or our own server's
Authentication-Results (RFC 8601, read with authres); DNS is handed in, so tests sign mail with keys they make.

Before anything reads the header section it is held to bounds (parse.limits.authentication_bounds): a message
past them is not authenticated, and never handed to dkimpy, whose cost grows with the square of a folded field.

SPF alone never counts. A signature counts only if its d= (as dkimpy read it, and nothing else: not i=, not the
From) is the From domain or shares its organisational domain (DMARC relaxed alignment, the Public Suffix List), it
has no l= (RFC 6376 8.2: text could be appended), it is not rsa-sha1, its key has at least 1024 bits, and it covers
every header that influences a decision, as many times as the message has it (so an unsigned second Subject cannot
slip in). A DNS failure is a temporary error, never a pass.

The work is split between two processes. The acting process, which holds the DNS (a callable), checks the bounds,
reads the signatures' tags and looks up the keys of those that could count; dkimpy then runs in the parser process
(mailbot.parser_processes), under the parse time limit, with those records and no other DNS.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from email.parser import BytesHeaderParser
from email.policy import compat32
from functools import lru_cache

from mailbot import parser_processes
from mailbot.parse.limits import MessageLimits, authentication_bounds
from mailbot.policy.authentication_results import Unreadable, dkim_passes

log = logging.getLogger(__name__)

DECISION_HEADERS = ("from", "to", "subject", "date", "message-id", "in-reply-to", "references")
Resolver = Callable[[str], "str | None"]  # TXT record of a name, None if there is none; raises DNSTemporaryError
# RFC 6376 6.1: a verifier may limit the signatures it tries. Only those aligned with From and otherwise acceptable
# are tried (their keys looked up, then verified), the first five of them: each costs a DNS look-up.
MAX_SIGNATURES = 5


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


def authenticate(raw: bytes, from_domain: str | None, *, dns: Resolver, authserv_id: str | None = None,
                 limits: MessageLimits | None = None) -> Authentication:
    """The sender authentication of `raw` for `from_domain`: from our own server's Authentication-Results when
    `authserv_id` is given, else by verifying DKIM (in the parser process, under `limits.parse_seconds`)."""
    if not from_domain:
        return Authentication("fail", None, ("no single From address",))
    end, over = authentication_bounds(raw)
    if over is not None:
        return Authentication("fail", None, (f"not checked: {over}",))
    headers = BytesHeaderParser(policy=compat32).parsebytes(raw[:end], headersonly=True)
    if authserv_id:
        return _from_results_header(headers, from_domain, authserv_id)
    if not headers.get_all("DKIM-Signature"):
        return Authentication("none", None, ("no DKIM signature",))
    records = _key_records(headers, from_domain, dns)
    return _verify_in_parser(raw, from_domain, records, limits or MessageLimits())


def _from_results_header(headers, from_domain: str, authserv_id: str) -> Authentication:
    """Our own server's verdict (policy.authentication_results): a dkim=pass whose header.d is aligned with From."""
    results = headers.get_all("Authentication-Results") or []
    if not results:
        return Authentication("none", None, ("no Authentication-Results from our own server",))
    try:
        passed = dkim_passes(str(results[0]), authserv_id)
    except Unreadable as e:
        return Authentication("fail", None, (f"the topmost Authentication-Results is no verdict: {e}",))
    if passed is None:
        return Authentication("none", None, ("the topmost Authentication-Results is not our server's",))
    for domain in passed:
        if organisational(domain) == organisational(from_domain):
            return Authentication("pass", domain)
    return Authentication("fail", None, ("our server found no aligned DKIM pass",))


# -- the acting process: the keys to look up ------------------------------------------------------------------


def _key_records(headers, from_domain: str, dns: Resolver) -> dict[str, str | None | DNSTemporaryError]:
    """The TXT record of each key the verifier will ask for (RFC 6376 3.6.2.1: selector._domainkey.domain): of the
    signatures that could count, in order, the first MAX_SIGNATURES. A temporary DNS failure is kept as it came and
    ends the look-ups: the verifier meets it when it comes to that signature, and not if one before it passes."""
    records: dict[str, str | None | DNSTemporaryError] = {}
    for tags in _signature_tags(headers):
        if tags is None or _tag_problems(tags, from_domain, headers):
            continue
        name = _key_name(tags)
        if name is None or name in records:
            continue
        if len(records) == MAX_SIGNATURES:
            break
        try:
            records[name] = dns(name)
        except DNSTemporaryError as e:
            records[name] = e
            break
    return records


def _signature_tags(headers) -> list[dict[bytes, bytes] | None]:
    """Each DKIM-Signature's tags as dkimpy reads them (names case-sensitive, RFC 6376 3.2), None where they do
    not parse."""
    import dkim.util

    read = []
    for value in headers.get_all("DKIM-Signature") or []:
        try:
            read.append(dkim.util.parse_tag_value(str(value).encode("ascii", "surrogateescape")))
        except Exception:  # InvalidTagSpec, DuplicateTag, a value that is not text: the verifier says why
            read.append(None)
    return read


def _key_name(tags: dict[bytes, bytes]) -> str | None:
    try:
        return (tags[b"s"] + b"._domainkey." + tags[b"d"]).decode("ascii")
    except (KeyError, UnicodeDecodeError):
        return None


def _verify_in_parser(raw: bytes, from_domain: str, records: dict, limits: MessageLimits) -> Authentication:
    import orjson

    head = orjson.dumps({"from_domain": from_domain,
                         "records": {n: r for n, r in records.items() if not isinstance(r, Exception)},
                         "temporary": {n: str(r) for n, r in records.items() if isinstance(r, Exception)}})
    try:
        answers = parser_processes.run([(parser_processes.DKIM + head, raw)], limits.parse_seconds)
    except parser_processes.ParserUnavailable as e:
        # None could be started: verified here, as the message is parsed here then; the bounds still hold.
        log.error("%s: verifying DKIM in this process instead", e)
        return verify_dkim(raw, from_domain, _recorded(records))
    except parser_processes.ParserDied as e:
        return Authentication("fail", None, (f"DKIM verification stopped: {e}",))
    if answers is None:
        return Authentication("fail", None, (f"DKIM verification took over the limit of {limits.parse_seconds:g} "
                                             "seconds (MAILBOT_PARSE_SECONDS)",))
    answered = orjson.loads(answers[0])
    return Authentication(answered["result"], answered["domain"], tuple(answered["reasons"]))


def _recorded(records: dict[str, str | None | DNSTemporaryError]) -> Resolver:
    def resolve(name: str) -> str | None:
        record = records.get(name.rstrip("."))  # a name not looked up has no key here
        if isinstance(record, DNSTemporaryError):
            raise record
        return record

    return resolve


# -- the parser process: dkimpy --------------------------------------------------------------------------------


def answer(head: bytes, raw: bytes) -> bytes:
    """The parser process's answer to a request of _verify_in_parser(): verify_dkim() with the records it holds."""
    import orjson

    request = orjson.loads(head)
    records = {**request["records"], **{n: DNSTemporaryError(e) for n, e in request["temporary"].items()}}
    auth = verify_dkim(raw, request["from_domain"], _recorded(records))
    return orjson.dumps({"result": auth.result, "domain": auth.domain, "reasons": list(auth.reasons)})


def verify_dkim(raw: bytes, from_domain: str, dns: Resolver) -> Authentication:
    """DKIM verification with dkimpy, and the policy above on the tags dkimpy itself read: the domain that passes
    is its d=."""
    import dkim

    end, over = authentication_bounds(raw)
    if over is not None:  # never handed to dkimpy, wherever it is called from
        return Authentication("fail", None, (f"not checked: {over}",))
    headers = BytesHeaderParser(policy=compat32).parsebytes(raw[:end], headersonly=True)
    signatures = _signature_tags(headers)
    if not signatures:
        return Authentication("none", None, ("no DKIM signature",))
    try:
        verifier = dkim.DKIM(raw, minkey=1024)
    except dkim.DKIMException as e:
        return Authentication("fail", None, (f"the DKIM verifier cannot read its header section: {e}",))
    if [name.decode("ascii", "replace").lower() for name, _ in verifier.headers] != \
            [str(name).lower() for name in headers.keys()]:
        # A bare CR (RFC 5322 2.2 allows CR only before LF) ends a line for the mail parser but not for dkimpy: it
        # can hide a signature, so that the one verified is not the one whose tags were checked, or end the header
        # section early for the parser alone, so that signed headers are read as the reply's words.
        return Authentication("fail", None, ("its header section reads differently to the DKIM verifier and to the "
                                             "mail parser (a bare CR?)",))
    reasons, tried = [], 0
    for idx, tags in enumerate(signatures):
        if tags is None:
            reasons.append("d=?: its tags do not parse (RFC 6376 3.2)")
            continue
        domain = _domain(tags)
        problems = _tag_problems(tags, from_domain, headers)
        if problems:
            reasons += [f"d={domain or '?'}: {p}" for p in problems]
            continue
        if tried == MAX_SIGNATURES:
            reasons.append(f"only the first {MAX_SIGNATURES} signatures that could count are tried (RFC 6376 6.1)")
            break
        tried += 1
        try:
            ok = verifier.verify(idx=idx, dnsfunc=_dkim_dns(dns))
        except DNSTemporaryError as e:
            return Authentication("temperror", None, (f"DNS: {e}",))
        except dkim.DKIMException as e:
            reasons.append(f"d={domain}: {e}")
            continue
        # The decision rests on the tags dkimpy verified (its own reading of the same header), d= above all.
        verified = verifier.signature_fields
        problems = _tag_problems(verified, from_domain, headers)
        if ok and not problems:
            return Authentication("pass", _domain(verified))
        reasons += [f"d={_domain(verified) or '?'}: {p}" for p in problems] if ok else \
            [f"d={domain}: the signature does not verify"]
    return Authentication("fail", None, tuple(reasons))


def _domain(tags: dict[bytes, bytes]) -> str:
    return tags.get(b"d", b"").decode("ascii", "replace").strip().lower()


def _tag_problems(tags: dict[bytes, bytes], from_domain: str, headers) -> list[str]:
    problems = []
    domain = _domain(tags)
    if b"l" in tags:
        problems.append("l= lets text be added after the signed body")
    if tags.get(b"a", b"").strip().lower() == b"rsa-sha1":
        problems.append("rsa-sha1 is too weak (RFC 8301)")
    if not domain or organisational(domain) != organisational(from_domain):
        problems.append(f"not aligned with the From domain {from_domain}")
    # Split as dkimpy splits h= (RFC 6376 3.5: colons, with folding white space around them).
    signed = [h.decode("ascii", "replace").lower() for h in re.split(rb"\s*:\s*", tags.get(b"h", b"").strip()) if h]
    for name in DECISION_HEADERS:
        present = len(headers.get_all(name) or [])
        if present and signed.count(name) < present:
            problems.append(f"{name} is not covered by the signature as often as the message has it")
    return problems


def _dkim_dns(dns: Resolver):
    def dnsfunc(name, timeout=5):
        answer = dns((name.decode("ascii", "replace") if isinstance(name, bytes) else name).rstrip("."))
        return answer.encode() if isinstance(answer, str) else answer

    return dnsfunc


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
