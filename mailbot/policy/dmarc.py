"""Policy: the DMARC policy a sender's domain publishes (RFC 7489 6.6.3), looked up through the injected DNS.

A lock contact whose domain publishes no DMARC policy can still confirm with the token and an aligned DKIM
signature, but the ticket is flagged "weak sender authentication" for the operators: nobody else rejects
mail forged in that domain's name. p=none, which asks receivers to reject nothing, is flagged the same way.
A DNS failure is a temporary error (DNSTemporaryError, raised on), never a pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mailbot.policy.authentication import Resolver, organisational

POLICIES = ("none", "quarantine", "reject")


@dataclass(frozen=True)
class Dmarc:
    domain: str  # the From domain asked about
    policy: str | None  # "none", "quarantine" or "reject"; None when no DMARC record applies
    found_at: str | None = None  # the name that published it: _dmarc.<From domain> or _dmarc.<organisational>

    @property
    def weak(self) -> bool:
        return self.policy in (None, "none")

    def __str__(self) -> str:
        if self.policy is None:
            return f"{self.domain} publishes no DMARC policy"
        suffix = " (monitoring only: it asks receivers to reject nothing)" if self.policy == "none" else ""
        return f"DMARC p={self.policy} at {self.found_at}{suffix}"

    def as_data(self) -> dict:
        return {"domain": self.domain, "policy": self.policy, "found_at": self.found_at, "weak": self.weak}


def dmarc_policy(from_domain: str, dns: Resolver) -> Dmarc:
    """The policy for mail from `from_domain`: its own _dmarc record, else its organisational domain's
    (with that record's sp= for a sub-domain). Raises DNSTemporaryError when the DNS cannot answer now."""
    domain = from_domain.lower().rstrip(".")
    name = f"_dmarc.{domain}"
    tags = _record(dns(name))
    if tags is not None:
        return Dmarc(domain, _policy(tags, "p"), name)
    org = organisational(domain)
    if org != domain:
        name = f"_dmarc.{org}"
        tags = _record(dns(name))
        if tags is not None:
            # RFC 7489 6.3: sp= is the policy for the organisational domain's sub-domains, p= without it.
            return Dmarc(domain, _policy(tags, "sp") or _policy(tags, "p"), name)
    return Dmarc(domain, None)


def _record(text: str | None) -> dict[str, str] | None:
    """The tags of the DMARC record in a TXT answer; None if there is none; no tags if there are several
    (RFC 7489 6.6.3: discovery stops there, and no DMARC processing applies)."""
    if not text or not re.match(r"\s*v\s*=\s*DMARC1\s*(;|$)", text, re.I):
        return None
    if len(re.findall(r"v\s*=\s*DMARC1", text, re.I)) > 1:
        return {}
    tags = {}
    for part in text.split(";"):
        key, sep, value = part.partition("=")
        if sep:
            tags.setdefault(key.strip().lower(), value.strip())
    return tags


def _policy(tags: dict[str, str], name: str) -> str | None:
    value = tags.get(name, "").lower()
    if value in POLICIES:
        return value
    if name == "p" and "rua" in tags:
        # RFC 7489 6.6.3 step 6: no valid p= but somewhere to report to: act as if p=none.
        return "none"
    return None
