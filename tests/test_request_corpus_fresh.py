"""Seed 16 of the request corpus keeps its own promises: the same mails on every run, every layout from every
client, truths a registry could apply (two name servers or more, different from the current ones, each written in
the mail; valid DS records), about one request in 40 ambiguous on purpose, about 6 asks in 100 DS records, and
thread mails that ask for nothing."""

import re
from collections import Counter
from email import message_from_bytes
from email.policy import default

import pytest

from tests.support.request_corpus import CLIENTS, LAYOUTS, THREAD_KINDS, thread_mail
from tests.support.request_corpus_fresh import (
    FRESH_PREFIX,
    FRESH_SEED,
    FRESH_SIZE,
    FreshGenerator,
    fresh_corpus,
)

HOST = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
DIGEST_LENGTH = {2: 64, 4: 96}


@pytest.fixture(scope="module")
def made():
    return fresh_corpus()


def _same(raw: bytes) -> bytes:
    return re.sub(rb"={15}\d+==", b"BOUNDARY", raw)  # the email package draws MIME boundaries at random


def _words(mail) -> str:
    """Everything the registrar wrote: the subject, the mail's text and HTML and its attachments, decoded."""
    msg = message_from_bytes(mail.raw, policy=default)
    out = [str(msg["Subject"]), mail.said]
    for part in msg.walk():
        if part.get_content_maintype() == "text":
            content = part.get_content()
            out.append(content.decode("utf-8-sig") if isinstance(content, bytes) else content)
    return "\n".join(out)


def test_the_seed_makes_the_same_mails():
    one, two = FreshGenerator("held-out", FRESH_SEED).make(80), FreshGenerator("held-out", FRESH_SEED).make(80)
    assert [(m.id, m.truth, _same(m.raw) if m.raw else None) for m in one.mails] == \
        [(m.id, m.truth, _same(m.raw) if m.raw else None) for m in two.mails]
    assert one.registry == two.registry
    other = FreshGenerator("held-out", FRESH_SEED + 1000).make(80)
    assert [m.said for m in other.mails] != [m.said for m in one.mails]


def test_size_ids_and_every_layout_from_every_client(made):
    requests = [m for m in made.mails if m.raw is not None]
    assert len(requests) == FRESH_SIZE
    assert all(m.id.startswith(FRESH_PREFIX) and m.seed == FRESH_SEED for m in made.mails)
    assert len({m.id for m in made.mails}) == len(made.mails)
    asked_for = {(m.layout, m.client) for m in requests if m.kind == "request"}
    assert asked_for == {(layout, client) for layout in LAYOUTS for client in CLIENTS}
    assert {m.kind for m in made.mails} == {"request", "ambiguous", *THREAD_KINDS}
    domains = [d["name"] for org in made.registry["organisations"] for d in org["domains"]]
    assert len(domains) == len(set(domains))


def test_about_one_request_in_40_is_ambiguous(made):
    requests = [m for m in made.mails if m.raw is not None]
    asked = [m for m in requests if m.truth == "asked"]
    assert {m.kind for m in asked} == {"ambiguous"} and all(m.kind != "ambiguous" for m in requests
                                                            if m.truth != "asked")
    assert 0.02 <= len(asked) / len(requests) <= 0.03


def test_truths_are_changes_a_registry_can_apply(made):
    current = {d["name"]: d for org in made.registry["organisations"] for d in org["domains"]}
    asks, ds_asks = 0, 0
    for mail in (m for m in made.mails if m.kind == "request"):
        words = _words(mail).lower()
        flat = re.sub(r"\s", "", words)
        assert mail.truth, mail.id
        for domain, fields in mail.truth.items():
            asks += 1
            assert domain in words and fields, (mail.id, domain)
            if "nameservers" in fields:
                ns = fields["nameservers"]
                assert len(ns) >= 2 and len(set(ns)) == len(ns), (mail.id, ns)
                assert all(HOST.match(v) for v in ns), (mail.id, ns)
                assert sorted(ns) != sorted(current[domain]["nameservers"]), (mail.id, ns)
                for v in set(ns) - set(current[domain]["nameservers"]):
                    assert v in words, (mail.id, v)  # a new server is written in the mail
            if "ds" in fields:
                ds_asks += 1
                assert fields["ds"] and sorted(fields["ds"]) != sorted(current[domain]["ds"]), mail.id
                for record in fields["ds"]:
                    tag, alg, dtype, digest = record.split()
                    assert 0 < int(tag) < 65536 and int(alg) in (8, 13), (mail.id, record)
                    assert re.fullmatch(f"[0-9A-F]{{{DIGEST_LENGTH[int(dtype)]}}}", digest), (mail.id, record)
                    if record not in current[domain]["ds"]:
                        assert digest.lower() in flat, (mail.id, record)
    assert 0.04 <= ds_asks / asks <= 0.08, (ds_asks, asks)


def test_shapes_of_a_layout_are_several(made):
    """Each layout is written in more than one way: its mails' first lines after the greeting differ."""
    firsts = Counter()
    for mail in (m for m in made.mails if m.kind == "request"):
        firsts[mail.layout, re.sub(r"[\w.-]+\.gov\.uk|\d+", "", mail.said)[:60]] += 1
    for layout in LAYOUTS:
        assert len([k for k in firsts if k[0] == layout]) >= 4, layout


def test_thread_mails_ask_for_nothing(made):
    thread = [m for m in made.mails if m.kind in THREAD_KINDS]
    assert len(thread) >= 50 and {m.kind for m in thread} == set(THREAD_KINDS)
    targets = {m.id: m for m in made.mails if m.raw is not None}
    for mail in thread:
        assert mail.thread_of in targets
        if mail.kind != "bounce":
            assert not re.search(r"\b[a-z0-9-]+(\.[a-z0-9-]+)*\.(net|com|org|uk|example|info)\b", mail.said), mail.id
        msg = message_from_bytes(thread_mail(mail, None, "RL-2026-0001"), policy=default)
        if mail.kind == "bounce":
            assert msg.get_content_type() == "multipart/report", mail.id
        else:
            assert "RL-2026-0001" in str(msg["Subject"]), mail.id
