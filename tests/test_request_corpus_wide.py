"""The wide request corpus keeps its own promises: the same mails for a seed, every layout and client, truths a
registry could apply (two name servers or more, different from the current ones; valid DS records), and about
one mail in 40 ambiguous on purpose."""

import re
from email import message_from_bytes
from email.policy import default

import pytest

from tests.support.request_corpus import CLIENTS, LAYOUTS
from tests.support.request_corpus_wide import (
    WIDE_PREFIXES,
    WIDE_SEEDS,
    WIDE_SIZES,
    WideGenerator,
    wide_corpus,
)

HOST = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
DIGEST_LENGTH = {2: 64, 4: 96}


def _same(raw: bytes) -> bytes:
    return re.sub(rb"={15}\d+==", b"BOUNDARY", raw)  # the email package draws MIME boundaries at random


@pytest.fixture(scope="module", params=sorted(WIDE_SEEDS))
def made(request):
    return wide_corpus(request.param)


def _words(mail) -> str:
    """Everything the registrar wrote: the subject, the mail's text and HTML and its attachments, decoded."""
    msg = message_from_bytes(mail.raw, policy=default)
    out = [str(msg["Subject"]), mail.said]
    for part in msg.walk():
        if part.get_content_maintype() == "text":
            content = part.get_content()
            out.append(content.decode("utf-8-sig") if isinstance(content, bytes) else content)
    return "\n".join(out)


def test_a_seed_makes_the_same_mails():
    one, two = WideGenerator("tuning", 15).make(60), WideGenerator("tuning", 15).make(60)
    assert [(m.id, m.truth, _same(m.raw) if m.raw else None) for m in one.mails] == \
        [(m.id, m.truth, _same(m.raw) if m.raw else None) for m in two.mails]
    assert one.registry == two.registry
    other = WideGenerator("held-out", 14).make(60)
    assert {m.said for m in other.mails if m.raw}.isdisjoint({m.said for m in one.mails if m.raw})


def test_sizes_ids_layouts_and_clients(made):
    seed = WIDE_SEEDS[made.part]
    requests = [m for m in made.mails if m.raw is not None]
    assert len(requests) == WIDE_SIZES[seed]
    assert all(m.id.startswith(WIDE_PREFIXES[seed]) and m.seed == seed for m in made.mails)
    assert len({m.id for m in made.mails}) == len(made.mails)
    assert {m.layout for m in requests if m.kind == "request"} == set(LAYOUTS)
    assert {m.client for m in requests} == set(CLIENTS)
    assert {m.kind for m in made.mails} >= {"request", "ambiguous", "reply", "automatic", "bounce"}


def test_about_one_mail_in_40_is_ambiguous(made):
    requests = [m for m in made.mails if m.raw is not None]
    asked = [m for m in requests if m.truth == "asked"]
    assert all(m.kind == "ambiguous" for m in asked)
    assert 0.02 <= len(asked) / len(requests) <= 0.03


def test_truths_are_changes_a_registry_can_apply(made):
    current = {d["name"]: d for org in made.registry["organisations"] for d in org["domains"]}
    asks = ds_asks = 0
    for mail in (m for m in made.mails if m.kind == "request"):
        words = _words(mail).lower()
        assert mail.truth, mail.id
        for domain, fields in mail.truth.items():
            asks += 1
            assert domain in words, (mail.id, domain)
            assert fields, (mail.id, domain)
            if "nameservers" in fields:
                ns = fields["nameservers"]
                assert len(ns) >= 2 and len(set(ns)) == len(ns), (mail.id, ns)
                assert all(HOST.match(v) for v in ns), (mail.id, ns)
                assert sorted(ns) != sorted(current[domain]["nameservers"]), (mail.id, ns)
                for v in set(ns) - set(current[domain]["nameservers"]):
                    assert v in words, (mail.id, v)  # a new server is written in the mail
            if "ds" in fields:
                ds_asks += 1
                assert sorted(fields["ds"]) != sorted(current[domain]["ds"]), mail.id
                flat = re.sub(r"\s", "", words)
                for record in fields["ds"]:
                    tag, alg, dtype, digest = record.split()
                    assert 0 < int(tag) < 65536 and int(alg) in (8, 13), (mail.id, record)
                    assert re.fullmatch(f"[0-9A-F]{{{DIGEST_LENGTH[int(dtype)]}}}", digest), (mail.id, record)
                    if record not in current[domain]["ds"]:
                        assert digest.lower() in flat, (mail.id, record)
    assert 0.04 <= ds_asks / asks <= 0.09, (ds_asks, asks)


def test_every_mail_is_well_formed(made):
    for mail in (m for m in made.mails if m.raw is not None):
        msg = message_from_bytes(mail.raw, policy=default)
        assert msg["Message-ID"] and msg["From"] and msg["Subject"], mail.id
        assert "WIDEBLOCK" not in _words(mail), mail.id  # every block the builder did not know was put in place
        for part in msg.walk():
            if part.get_content_maintype() == "text" and not part.is_attachment():
                assert part.get_content_charset() == mail.charset, mail.id
