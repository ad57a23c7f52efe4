"""Ingest: the SMTP listener (aiosmtpd); it answers 250 only once the message is stored and committed."""

from __future__ import annotations

import asyncio
import logging

from aiosmtpd.controller import Controller
from aiosmtpd.lmtp import LMTP

from mailbot.ingest.receive import ProcessingFailed, receive
from mailbot.services import Services

log = logging.getLogger(__name__)

OK = "250 2.0.0 Message accepted"
TRY_LATER = "451 4.3.0 Temporary failure, please try again later"


class Handler:
    def __init__(self, app: Services):
        self.app = app

    async def handle_DATA(self, server, session, envelope) -> str:
        status = await self._store(envelope)
        if isinstance(server, LMTP):  # RFC 2033 4.2: one reply for each recipient
            return "\r\n".join([status] * max(len(envelope.rcpt_tos), 1))
        return status

    async def _store(self, envelope) -> str:
        raw = envelope.original_content or envelope.content
        try:
            result = await asyncio.get_running_loop().run_in_executor(None, receive, self.app, raw, "smtp")
        except ProcessingFailed as e:
            # Stored, but acting on it failed: the sending server tries again, and the retry finds it stored.
            log.warning("%s; asking the sender to try again", e)
            return TRY_LATER
        except Exception as e:
            # Not stored: the sending server keeps the message and tries again.
            log.error("could not store a message from %s: %s: %s", envelope.mail_from, type(e).__name__, e)
            return TRY_LATER
        log.info("received %s: %s %s", result.message_id, result.action, result.ticket or "")
        return OK


class LMTPController(Controller):
    """LMTP (RFC 2033) for delivery from a local MTA: the same handler, one answer per recipient."""

    def factory(self):
        return LMTP(self.handler, **self.SMTP_kwargs)


def start_listener(app: Services, host: str, port: int, *, protocol: str = "smtp", max_bytes: int = 50 * 1024 * 1024):
    """Listen on host:port. A message over `max_bytes` is refused by aiosmtpd with 552 before it is stored."""
    kind = LMTPController if protocol == "lmtp" else Controller
    controller = kind(Handler(app), hostname=host, port=port, data_size_limit=max_bytes)
    controller.start()
    return controller
