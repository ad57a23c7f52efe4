"""Seed 17 of the request corpus keeps its promises: the same mails every run, every layout and client, truths a
registry could apply, DS records that are DS records, names of its own, and one mail in 40 ambiguous on purpose."""

import re
from email import message_from_bytes
from email.policy import default

import pytest

from tests.support.request_corpus import (
    CLIENTS,
    KINDS,
    LAYOUTS,
    MORE_KINDS,
    PLACES,
    THREAD_KINDS,
)
from tests.support.request_corpus_fresh_tuning import (
    FRESH_TUNING_PREFIX,
    FRESH_TUNING_SEED,
    FRESH_TUNING_SIZE,
    FreshTuningGenerator,
)

HOSTNAME = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
DIGEST_LENGTH = {2: 64, 4: 96}


@pytest.fixture(scope="module")
def made():
    return FreshTuningGenerator("tuning", FRESH_TUNING_SEED).make(FRESH_TUNING_SIZE)


def _plain_boundaries(raw: bytes) -> bytes:
    return re.sub(rb"={15}\d+==", b"=BOUNDARY=", raw)  # the email package picks MIME boundaries at random


def _everything_written(mail) -> str:
    """The subject, every text part and every attachment of a mail, decoded, in lower case."""
    msg = message_from_bytes(mail.raw, policy=default)
    out = [str(msg["Subject"])]
    for part in msg.walk():
        if part.get_content_maintype() == "text":
            content = part.get_content()
            out.append(content.decode("utf-8") if isinstance(content, bytes) else content)
    return "\n".join(out).lower()


def test_one_seed_one_corpus():
    one = FreshTuningGenerator("tuning", FRESH_TUNING_SEED).make(50)
    two = FreshTuningGenerator("tuning", FRESH_TUNING_SEED).make(50)
    assert [(m.id, m.truth, m.said, _plain_boundaries(m.raw) if m.raw else None) for m in one.mails] == \
        [(m.id, m.truth, m.said, _plain_boundaries(m.raw) if m.raw else None) for m in two.mails]
    assert one.registry == two.registry
    assert FreshTuningGenerator("tuning", FRESH_TUNING_SEED + 100).make(50).registry != one.registry


def test_ids_layouts_clients_and_thread_kinds(made):
    requests = [m for m in made.mails if m.raw is not None]
    assert len(requests) == FRESH_TUNING_SIZE
    assert all(m.id.startswith(FRESH_TUNING_PREFIX) and m.seed == FRESH_TUNING_SEED for m in made.mails)
    assert len({m.id for m in made.mails}) == len(made.mails)
    assert {m.layout for m in requests if m.kind == "request"} == set(LAYOUTS)
    assert {m.client for m in requests} == set(CLIENTS)
    assert {(m.layout, m.client) for m in requests if m.kind == "request"} == \
        {(layout, client) for layout in LAYOUTS for client in CLIENTS}
    assert {m.kind for m in made.mails if m.raw is None} == set(THREAD_KINDS)
    assert all(m.truth == m.kind and m.thread_of for m in made.mails if m.raw is None)


def test_one_mail_in_40_is_ambiguous_on_purpose(made):
    requests = [m for m in made.mails if m.raw is not None]
    asked = [m for m in requests if m.truth == "asked"]
    assert {m.kind for m in asked} == {"ambiguous"}
    assert 0.02 <= len(asked) / len(requests) <= 0.03


def test_organisations_are_its_own(made):
    framework = {place + suffix for place in PLACES for suffix, _ in KINDS + MORE_KINDS}
    domains = [d["name"] for org in made.registry["organisations"] for d in org["domains"]]
    assert len(domains) == len(set(domains))
    for name in domains:
        base = name.removesuffix(".gov.uk")
        assert base not in framework and "-v" in base, name


def test_truths_are_changes_a_registry_can_apply(made):
    current = {d["name"]: d for org in made.registry["organisations"] for d in org["domains"]}
    asks = ds_asks = 0
    for mail in (m for m in made.mails if m.kind == "request"):
        written = _everything_written(mail)
        squeezed = re.sub(r"\s", "", written)
        assert mail.truth, mail.id
        for domain, fields in mail.truth.items():
            asks += 1
            assert domain in written and fields, (mail.id, domain)
            if "nameservers" in fields:
                ns = fields["nameservers"]
                assert len(ns) >= 2 and len(set(ns)) == len(ns), (mail.id, ns)
                assert all(HOSTNAME.match(v) for v in ns), (mail.id, ns)
                assert sorted(ns) != sorted(current[domain]["nameservers"]), (mail.id, ns)
                assert all(v in written for v in set(ns) - set(current[domain]["nameservers"])), (mail.id, ns)
            if "ds" in fields:
                ds_asks += 1
                assert fields["ds"] and sorted(fields["ds"]) != sorted(current[domain]["ds"]), mail.id
                for record in fields["ds"]:
                    tag, algorithm, digest_type, digest = record.split()
                    assert 0 < int(tag) < 65536 and int(algorithm) in (8, 13), (mail.id, record)
                    assert re.fullmatch(f"[0-9A-F]{{{DIGEST_LENGTH[int(digest_type)]}}}", digest), (mail.id, record)
                    assert record in current[domain]["ds"] or digest.lower() in squeezed, (mail.id, record)
    assert 0.05 <= ds_asks / asks <= 0.075, (ds_asks, asks)


def test_every_part_in_the_mail_s_charset(made):
    for mail in (m for m in made.mails if m.raw is not None):
        msg = message_from_bytes(mail.raw, policy=default)
        assert msg["Message-ID"] and msg["From"] and msg["Subject"], mail.id
        for part in msg.walk():
            if part.get_content_maintype() == "text" and not part.is_attachment():
                assert part.get_content_charset() == mail.charset, mail.id
