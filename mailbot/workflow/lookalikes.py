"""Workflow: the look-alike check of a mail's sender against the domains the registry knows."""

from __future__ import annotations

from sqlalchemy.orm import Session

from mailbot.policy.lookalike import lookalike_of
from mailbot.services import Services
from mailbot.store import records


def lookalike_sender(session: Session, app: Services, mail) -> tuple[str, str] | None:
    """(the From address, the known domain it imitates) when a From address is written from a look-alike of a
    domain in the records or of the registry's, GDS's or NCSC's own. Every address in From is looked at, even
    one that carries no authority: this raises an alarm, it grants nothing."""
    known = records.known_mail_domains(session, app.rules.addresses.ours)
    for address in dict.fromkeys([*([mail.sender] if mail.sender else []), *(x for _, x in mail.from_addrs)]):
        domain = address.rpartition("@")[2]
        if domain and (real := lookalike_of(domain, known)):
            return address, real
    return None
