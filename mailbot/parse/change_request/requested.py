"""The words a change request was read from, for the cross-check of its reading against the records
(mailbot.workflow.changes.unaccounted): read by the parser process with the change itself, and by the acting process
only when the parser process did not."""

from __future__ import annotations

from collections.abc import Mapping

from mailbot.parse.change_request.forwards import forwarded_request
from mailbot.parse.change_request.noise import without_undo_plans
from mailbot.parse.own_words import message_lines


def written_words(own_text: str) -> str:
    """The lines the sender wrote (mailbot.parse.own_words: neither what it quotes nor its signature), less a change
    record's plan for undoing the change, which names the records to go back to, as the reader does."""
    return "\n".join(message_lines(without_undo_plans(own_text)))


def requested_words(own_text: str, text: str, subject: str, headers: Mapping[str, str], zone: str) -> str:
    """The sender's words (written_words()) and those of a message it forwards as its request (forwarded_request),
    which the reader read as its own: inline, or attached whole and read under its header block
    (mailbot.parse.parts.forward_head)."""
    words = written_words(own_text)
    if forwarded := forwarded_request(own_text, subject, headers, zone) \
            or forwarded_request(text, subject, headers, zone):
        words += "\n" + "\n".join(message_lines(without_undo_plans(forwarded)))
    return words
