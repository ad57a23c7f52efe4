"""Workflow: what GDS's escalation shows, so that GDS can act on it without a shell: the organisation, the senior
member who signed it up (from the sign-up records), its Registry Lock contacts, every call and chase so far, and
every warning the operators' task carried. The seed: GDS handles escalations by contacting senior staff within
the organisation."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailbot.services import Services
from mailbot.store.models import HistoryEntry, Ticket
from mailbot.store.values import Kind, State
from mailbot.workflow import contexts, notices
from mailbot.workflow.states import Event as E


def escalation_context(session: Session, app: Services, ticket: Ticket) -> dict:
    return {"organisation": ticket.organisation.name if ticket.organisation else None,
            "senior": senior_contact(session, app, ticket),
            "lock_contacts": [{"name": c.name, "email": c.email, "phone": c.phone}
                              for c in contexts.security_contacts(session, ticket)],
            "warnings": warnings(session, ticket)}


def senior_contact(session: Session, app: Services, ticket: Ticket) -> dict | None:
    """The senior member of the organisation who signed it up to Registry Lock, as the sign-up GDS approved gave
    them (the newest, when there were several); None when no sign-up is on record (the records were imported)."""
    if ticket.organisation_id is None:
        return None
    signup = session.scalar(select(Ticket).where(Ticket.kind == Kind.SIGNUP, Ticket.state == State.ACTIVE,
                                                 Ticket.organisation_id == ticket.organisation_id)
                            .order_by(Ticket.id.desc()).limit(1))
    if signup is None:
        return None
    form = signup.form or {}
    approved = session.scalar(select(HistoryEntry.at).where(HistoryEntry.ticket_id == signup.id,
                                                            HistoryEntry.kind == E.APPROVE_SIGNUP).limit(1))
    return {"name": form.get("requester_name"), "job_title": form.get("job_title"),
            "phone": form.get("requester_phone"), "email": form.get("requester_email") or signup.requester,
            "ref": signup.ref, "approved": app.when(approved)}


def warnings(session: Session, ticket: Ticket) -> dict:
    """Every warning the operators' task about the request carried (notices.send_task): urgent, not sent by the
    registrar of record, a lock contact made a WHOIS contact, amended, not acknowledged to a program that sent it."""
    events = session.scalars(select(HistoryEntry).where(HistoryEntry.ticket_id == ticket.id,
                                                        HistoryEntry.kind.in_([E.AMEND, "answer_withheld"]))
                             .order_by(HistoryEntry.seq)).all()
    amended = max((e.seq for e in events if e.kind == E.AMEND), default=0)
    withheld = [e for e in events if e.kind == "answer_withheld" and e.seq > amended
                and e.data.get("template") == "change_received"]
    return {**notices.task_warnings(session, ticket),
            "amended": amended > 0,
            "unanswered": (withheld[-1].data.get("why") or "marked as sent by a program") if withheld else None}
