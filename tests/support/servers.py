"""Tests' helper: servers on loopback: a free port, and what a real SMTP server there received."""

from __future__ import annotations

import asyncio
import socket


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Peer:
    """What a real SMTP server on loopback received; `answers` scripts its next replies to DATA."""

    def __init__(self):
        self.received: list = []
        self.answers: list[str] = []
        self.delay = 0.0  # seconds to think before answering DATA (a relay gone slow or silent)
        self.port = free_port()

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.answers:
            return self.answers.pop(0)
        self.received.append(envelope)
        return "250 2.0.0 OK"
