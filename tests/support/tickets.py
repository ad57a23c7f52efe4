"""Tests' helper: a ticket as `mailbot tickets show --json` prints it, read in a session of its own."""

from __future__ import annotations

from mailbot import views
from mailbot.store import queries


def ticket(app, ref: str = "RL-000001") -> dict:
    """The ticket `ref` (the first one by default), with its history, messages and outbox."""
    with app.sessions() as session:
        return views.ticket_detail(session, queries.ticket_by_ref(session, ref))
