"""Policy: our own receiving server's verdict on a message, its topmost Authentication-Results (RFC 8601), read as
the grammar says (authres), never searched as text.

Much of that header is chosen by the sender: the envelope sender in smtp.mailfrom, the i= of their own signature in
header.i, the reason text, comments. Only one thing in it counts: a `dkim` result of `pass` whose `header.d` (the d=
of the signature our server verified) shares the From domain's organisational domain. Comments, smtp.*, header.i,
header.b, policy.*, reasons and every other method (spf, dmarc, arc...) never count, and a header that does not
parse is no verdict at all.
"""

from __future__ import annotations

import re

import authres

# Our own server writes one result for each method and signature, a few hundred bytes: a topmost
# Authentication-Results longer than this is not read (authres takes time that grows faster than its length).
RESULTS_BYTES = 16 * 1024
_FOLD = re.compile(r"\r?\n(?=[ \t])")  # RFC 5322 2.2.3: unfolding removes a CRLF before white space
_DOMAIN = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.?")


class Unreadable(Exception):
    """The header is not an Authentication-Results as RFC 8601 writes one, or is too long to read."""


def dkim_passes(value: str, authserv_id: str) -> list[str] | None:
    """The domains (header.d) of the `dkim=pass` results of the Authentication-Results `value`, if our server
    (`authserv_id`) wrote it, else None. Raises Unreadable. Only the topmost header is ever given (RFC 8601 5 and
    7.1: a receiver trusts only what its own border server added, which is above all that came with the message)."""
    value = _FOLD.sub("", value).strip()
    if len(value) > RESULTS_BYTES:
        raise Unreadable(f"it is over {RESULTS_BYTES} bytes: not read")
    try:
        header = authres.AuthenticationResultsHeader.parse_value(value)
    except (authres.AuthResError, RecursionError, ValueError) as e:
        # Comments nested past Python's recursion limit raise RecursionError; what is not RFC 8601 is no verdict.
        raise Unreadable(f"it does not parse (RFC 8601): {' '.join(str(e).split())[:200]}") from None
    if (header.authserv_id or "").lower() != authserv_id.lower():
        return None
    return [d for result in header.results if (d := _dkim_pass_domain(result)) is not None]


def _dkim_pass_domain(result) -> str | None:
    """The header.d of a `dkim=pass` result (RFC 8601 2.7.1), or None: for any other method or result, or without
    exactly one header.d that is a domain name."""
    if str(result.method).lower() != "dkim" or result.version not in (None, "1") \
            or str(result.result).lower() != "pass":
        return None
    domains = [str(p.value) for p in result.properties
               if str(p.type).lower() == "header" and str(p.name).lower() == "d"]
    if len(domains) != 1 or not _DOMAIN.fullmatch(domains[0].lower()):
        return None
    return domains[0].lower().rstrip(".")
