"""The request corpus's held-out part (seed 13): how it is made, apart from tests/support/request_corpus.py.

Those who tune the reader (mailbot/extract.py, parse.py, words.py) never open this file: the part is only ever
measured (bench/reading.py --part held-out prints its totals, and its mails only with --show-held-out).
"""

from __future__ import annotations

from tests.support.request_corpus import _Generator


class HeldOutGenerator(_Generator):
    """Seed 13's requests and thread mails."""
