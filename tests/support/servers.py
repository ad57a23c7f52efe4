"""Tests' helper: servers on loopback: a free port, what a real SMTP server there received, and the setting that
names a real server the suite needs."""

from __future__ import annotations

import asyncio
import os
import socket

import pytest


def required_setting(name: str, ci_must: str, make_test: str) -> str:
    """The value of the environment variable `name` that names a real server: without it CI fails (it must run
    `ci_must`) and elsewhere the test is skipped (make test sets it when `make_test`)."""
    value = os.environ.get(name, "")
    if not value:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is not set: CI must run {ci_must}")
        pytest.skip(f"{name} is not set (make test sets it when {make_test})")
    return value


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
