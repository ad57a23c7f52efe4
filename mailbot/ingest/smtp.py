"""Ingest: the SMTP listener (aiosmtpd); it answers 250 only once the message is stored and committed."""

from __future__ import annotations

import asyncio
import logging

from aiosmtpd.controller import Controller

from mailbot.ingest.receive import receive

log = logging.getLogger(__name__)

OK = "250 2.0.0 Message accepted"
TRY_LATER = "451 4.3.0 Temporary failure, please try again later"


class Handler:
    def __init__(self, app):
        self.app = app

    async def handle_DATA(self, server, session, envelope) -> str:
        raw = envelope.original_content or envelope.content
        try:
            result = await asyncio.get_running_loop().run_in_executor(None, receive, self.app, raw, "smtp")
        except Exception:
            # Not stored: the sending server keeps the message and tries again.
            log.exception("could not store a message from %s", envelope.mail_from)
            return TRY_LATER
        log.info("received %s: %s %s", result.message_id, result.action, result.ticket or "")
        return OK


def start_listener(app, host: str, port: int) -> Controller:
    controller = Controller(Handler(app), hostname=host, port=port, data_size_limit=50 * 1024 * 1024)
    controller.start()
    return controller
