"""Tests' helper: the fixed values the tests share (where the data is, the secrets, the instant they start at)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
DATA = TESTS / "data"
EXAMPLES = TESTS.parent / "examples"
SECRET = "test-secret-0123456789abcdef"
AUDIT_KEY = "test-audit-key-0123456789abcdef"
# Friday 27 November 2026, 10:00 in London (GMT): a working day, with a weekend ahead.
START = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
