"""Fuzz: generated and mutated messages (seeded with CPython's malformed samples) through parse, classify and the
real ingest path. No exception escapes, every message is stored, no parse comes near its time limit, and the
ingest loop goes on. The quick default feeds 3,000 messages through parse and classify and 300 through
receive(); bench/fuzz.py feeds as many as asked through receive(). Each failure found is a named test in
tests/test_bad_input.py."""

from __future__ import annotations

import base64
import email
import random
import shutil
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from mailbot.classify import classify
from mailbot.ingest.receive import receive
from mailbot.parse.exchange import parse
from mailbot.parse.limits import ELIDE_BYTES, MessageLimits, prescan
from mailbot.parse.mail import read
from tests.support.fuzzing import batches, check_receive, checked, fuzz_app, generate
from tests.support.mails import build

# A quick default in the suite; bench/fuzz.py runs tens of thousands.
PARSED = 3_000
RECEIVED = 300
# Deterministic in the suite (the same messages every run, no example database written); bench/fuzz.py draws
# new ones each run. No shrinking: a failure names the message that failed, whole (see checked()).
FUZZ = settings(deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck),
                phases=[Phase.explicit, Phase.generate])


@pytest.fixture(scope="module")
def app(sqlite_template, tmp_path_factory):
    directory = tmp_path_factory.mktemp("fuzz")
    shutil.copy(sqlite_template, directory / "mailbot.db")
    application = fuzz_app(directory)
    yield application
    application.close()


def timed_parse(app, raw: bytes):
    started = time.monotonic()
    mail = parse(raw, app.settings.limits)
    return mail, time.monotonic() - started


def check_parsed(app, raw: bytes, mail, took: float, session) -> None:
    """What must hold of one message's parse, and its classification."""
    limits = app.settings.limits
    assert took < limits.parse_seconds / 2, f"parse took {took:.1f} s"
    assert mail.over_limit is None or "to parse" not in mail.over_limit
    scan = prescan(raw, limits)
    if scan.over is None and mail.over_limit is None:
        # The limits are checked on what the parser will build: never fewer parts than the email package makes.
        assert scan.parts >= len(list(email.message_from_bytes(raw).walk())) - 1
    classify(session, app.rules, mail)


def test_thousands_of_generated_and_mutated_messages_parse_and_classify_without_a_failure(app):
    fed = []

    @settings(FUZZ, max_examples=PARSED // 20)
    @given(batches(20))
    def run(batch):
        # Parsed two at a time (each in a parser process of its own, as the SMTP listener's threads do),
        # checked and classified in order.
        parses = [pool.submit(timed_parse, app, raw) for raw in batch]
        with app.sessions() as session:
            for raw, parsed in zip(batch, parses):
                checked(check_parsed, app, raw, *parsed.result(), session)
                fed.append(raw)

    with ThreadPoolExecutor(2) as pool:
        run()
    assert len(fed) >= PARSED


def test_hundreds_of_generated_and_mutated_messages_through_receive_are_all_stored_and_ingestion_goes_on(app):
    first: dict[str, bytes] = {}
    fed = []

    @settings(FUZZ, max_examples=RECEIVED // 10)
    @given(batches(10))
    def run(batch):
        for raw in batch:
            checked(check_receive, app, raw, first)
            fed.append(raw)

    run()
    assert len(fed) >= RECEIVED
    # After all that, a registrar's request is handled as it always is.
    result = receive(app, build(body="Please update the name servers for hmrc.gov.uk to ns7.after.co.uk and "
                                     "ns8.after.co.uk.\n"), "imap")
    assert result.kind == "change" and result.action in ("opened", "amended")


def test_leaving_out_large_unread_parts_changes_nothing_the_bot_reads():
    @settings(FUZZ, max_examples=100)
    @given(st.integers(0, 2**64 - 1), st.sampled_from([b"\n", b"\r\n"]))
    def run(seed, ending):
        rng = random.Random(seed)
        attachment = base64.encodebytes(rng.randbytes(rng.randrange(ELIDE_BYTES, 2 * ELIDE_BYTES)))
        tree = generate(seed).replace(b"\r\n", b"\n").replace(b"\r", b"\n").partition(b"\n\n")
        raw = (b"From: requests@registrar.example\nSubject: odd\nContent-Type: multipart/mixed; boundary=zz\n\n"
               b"--zz\n" + tree[0] + b"\n\n" + tree[2] + b"\n--zz\nContent-Type: application/octet-stream\n"
               b"Content-Transfer-Encoding: base64\n\n" + attachment + b"\n--zz--\n").replace(b"\n", ending)
        scan = prescan(raw, MessageLimits())
        if scan.over is not None:
            return
        assert len(scan.skeleton) < len(raw)
        whole, skeleton = read(raw), read(scan.skeleton)
        assert (whole.text, whole.subject, whole.sender, whole.headers) == \
               (skeleton.text, skeleton.subject, skeleton.sender, skeleton.headers)

    run()
