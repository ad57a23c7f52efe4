"""Workflow: the names that changes.py and replies.py still call as `service.X`, kept here until those two call
the modules that do each job: tickets (ticket mechanics), contexts (what the mails show), notices (the mail events
send) and lookalikes (the look-alike check). Nothing else imports this module."""

from __future__ import annotations

from mailbot.workflow.contexts import (
           LABELS,
           and_list,
           change_context,
           current_values,
           request_context,
           security_contacts,
)
from mailbot.workflow.lookalikes import lookalike_sender
from mailbot.workflow.notices import raise_dispute, send_task, tell_operators, tell_registrar_outcome, void_confirmation
from mailbot.workflow.tickets import link, new_ticket, note, transition

__all__ = ["LABELS", "and_list", "change_context", "current_values", "link", "lookalike_sender", "new_ticket", "note",
           "raise_dispute", "request_context", "security_contacts", "send_task", "tell_operators",
           "tell_registrar_outcome", "transition", "void_confirmation"]
