"""Workflow: what a form's reviewers and new contacts are shown of it: whether its sender is authenticated (for
GDS's review, docs/security.md) and a domain's records (current_records). Shared by sign-ups, cancellations and
contact changes.
"""

from __future__ import annotations

from mailbot.policy.authentication import authenticate
from mailbot.services import Services
from mailbot.store.models import Domain, Message


def sender_authentication(app: Services, message: Message, sender: str | None) -> str:
    """One sentence for GDS's review: whether the form's sender is authenticated (DKIM aligned with its domain,
    docs/security.md), and how it was checked. It authorises nothing: GDS checks the person by phone."""
    auth = authenticate(message.raw, sender.partition("@")[2] if sender else None, dns=app.dns,
                        authserv_id=app.settings.authserv_id, limits=app.settings.limits)
    return authentication_sentence(app, auth, sender)


def authentication_sentence(app: Services, auth, sender: str | None) -> str:
    """`auth` (policy.authentication.Authentication) of a mail from `sender`, in one sentence for GDS."""
    how = (f"read from our mail server's Authentication-Results ({app.settings.authserv_id})"
           if app.settings.authserv_id else "checked by verifying its DKIM signature")
    if auth.passed:
        return (f"The sender {sender} is authenticated: a DKIM signature aligned with its domain passes "
                f"({auth}), {how}.")
    return (f"The sender {sender or '(no single From address)'} is NOT authenticated: no DKIM signature aligned "
            f"with its domain passes ({auth}), {how}. Anyone can write this From address.")


def records_of(domain: Domain) -> dict:
    """A domain's records as current_records shows them."""
    return {"name": domain.name, "registrar": domain.registrar.name if domain.registrar else None,
            "registrant": domain.registrant, "nameservers": list(domain.nameservers), "ds": list(domain.ds),
            "whois_contacts": list(domain.whois_contacts)}
