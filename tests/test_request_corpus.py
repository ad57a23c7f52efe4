"""Every seed of the request corpus keeps the corpus's promises: the same mails on every run, every layout from
every client (the base's, or a seed's own), ids of its own, about one request in 40 ambiguous on purpose (one in
20 of seeds 32, 33 and 34), truths a registry could apply (two name servers or more, different from the current ones,
each new one written in the mail; valid DS records, each new one written in the mail), no domain another seed has,
every text part in the mail's charset, and thread mails that follow a request and ask for nothing. Nothing here
looks at how the bot reads the mails."""

import re
from email import message_from_bytes
from email.policy import default

import pytest

from tests.support.request_corpus import (
    CLIENTS,
    GENERATORS,
    JOINING,
    LAYOUTS,
    PARTS,
    PREFIXES,
    SEED_12_LAYOUTS,
    SEEDS,
    SIZES,
    THREAD_KINDS,
    clients_of,
    corpus,
)

ALL_SEEDS = sorted(SIZES)
HOST = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
DIGEST_LENGTH = {1: 40, 2: 64, 4: 96}
MADE = 100  # requests of each seed looked at: every layout from every client, and two ambiguous on purpose
# The share of a seed's requests ambiguous on purpose where it is not one in 40: seeds 32's field mail, 33's
# supply chain, 34's pasted tool output and 35's relayed customers, one in 20.
AMBIGUOUS_SHARE = {32: (0.04, 0.06), 33: (0.04, 0.06), 34: (0.04, 0.06), 35: (0.04, 0.06)}


def _made(seed: int, requests: int | None = None):
    return corpus("tuning", seeds=(seed,), requests=requests)


@pytest.fixture(scope="module", params=ALL_SEEDS)
def made(request):
    return request.param, _made(request.param, MADE)


def _same(raw: bytes) -> bytes:
    return re.sub(rb"={15}\d+==", b"BOUNDARY", raw)  # the email package draws MIME boundaries at random


def _words(mail) -> str:
    """Everything the registrar wrote: the subject, the mail's text and HTML and its attachments, decoded (a text
    file a client sent as application/octet-stream included)."""
    msg = message_from_bytes(mail.raw, policy=default)
    out = [str(msg["Subject"]), mail.said]
    for part in msg.walk():
        named = (part.get_filename() or "").lower().endswith((".csv", ".txt", ".tsv"))
        if part.get_content_maintype() == "text" or named and not part.is_multipart():
            content = part.get_content()
            out.append(content.decode("utf-8-sig", "replace") if isinstance(content, bytes) else content)
    return "\n".join(out)


@pytest.mark.parametrize("seed", [s for s in ALL_SEEDS if s in GENERATORS])
def test_a_seed_makes_the_same_mails(seed):
    one, two = _made(seed, 60), _made(seed, 60)
    assert [(m.id, m.truth, _same(m.raw) if m.raw else None) for m in one.mails] == \
        [(m.id, m.truth, _same(m.raw) if m.raw else None) for m in two.mails]
    assert one.registry == two.registry


def test_sizes_ids_layouts_and_clients(made):
    seed, c = made
    requests = [m for m in c.mails if m.raw is not None]
    assert len(requests) == MADE
    assert all(m.id.startswith(PREFIXES[seed]) and m.seed == seed for m in c.mails)
    assert len({m.id for m in c.mails}) == len(c.mails)
    layouts = set(LAYOUTS) | (set(SEED_12_LAYOUTS) if seed == 12 else set())
    assert {m.layout for m in requests if m.kind == "request"} >= layouts
    # Every client of the base corpus, or, for a seed written with clients of its own, every one of those.
    own = set(clients_of(seed))
    assert {m.client for m in requests} >= (set(CLIENTS) if set(CLIENTS) <= own else own)
    assert {m.kind for m in c.mails} == {"request", "ambiguous", *THREAD_KINDS}


def test_about_one_request_in_40_is_ambiguous(made):
    seed, c = made
    requests = [m for m in c.mails if m.raw is not None]
    asked = [m for m in requests if m.truth == "asked"]
    assert {m.kind for m in asked} == {"ambiguous"}
    assert all(m.kind != "ambiguous" for m in requests if m.truth != "asked")
    low, high = AMBIGUOUS_SHARE.get(seed, (0.02, 0.03))
    assert low <= len(asked) / len(requests) <= high


def test_a_seed_joining_a_part_is_in_none_yet():
    """A seed written but not yet read with its part has its generator, size and ids, and is in no part: the part
    it joins is named, so that a held-out one stays held out meanwhile."""
    for seed, part in JOINING.items():
        assert part in PARTS and not any(seed in seeds for seeds in SEEDS.values()), seed
        assert seed in GENERATORS and seed in SIZES and seed in PREFIXES, seed


def test_no_two_seeds_share_a_domain_or_an_organisation():
    """A part is one registry file: however its seeds are put together, every domain and every organisation's name
    is one seed's."""
    c = corpus("tuning", seeds=tuple(ALL_SEEDS), requests=150)
    domains = [d["name"] for org in c.registry["organisations"] for d in org["domains"]]
    assert len(domains) == len(set(domains))
    names = [org["name"] for org in c.registry["organisations"]]
    assert len(names) == len(set(names))


def test_truths_are_changes_a_registry_can_apply(made):
    _, c = made
    current = {d["name"]: d for org in c.registry["organisations"] for d in org["domains"]}
    asks = ds_asks = 0
    for mail in (m for m in c.mails if m.kind == "request"):
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
                assert sorted(fields["ds"]) != sorted(current[domain]["ds"]), mail.id
                for record in fields["ds"]:
                    tag, alg, dtype, digest = record.split()
                    assert 0 < int(tag) < 65536 and int(alg) in (5, 7, 8, 10, 13, 14, 15, 16), (mail.id, record)
                    assert re.fullmatch(f"[0-9A-F]{{{DIGEST_LENGTH[int(dtype)]}}}", digest), (mail.id, record)
                    if record not in current[domain]["ds"]:
                        assert digest.lower() in flat, (mail.id, record)
    assert ds_asks / asks >= 0.03, (ds_asks, asks)  # DS records are asked for, if less often than name servers


def test_every_part_is_in_the_mail_s_charset(made):
    _, c = made
    for mail in (m for m in c.mails if m.raw is not None):
        msg = message_from_bytes(mail.raw, policy=default)
        assert msg["Message-ID"] and msg["From"] and msg["Subject"], mail.id
        for part in msg.walk():
            if part.get_content_maintype() == "text" and not part.is_attachment():
                assert part.get_content_charset() == mail.charset, mail.id


def test_thread_mails_follow_a_request(made):
    _, c = made
    thread = [m for m in c.mails if m.kind in THREAD_KINDS]
    assert len(thread) >= 50 and {m.kind for m in thread} == set(THREAD_KINDS)
    targets = {m.id for m in c.mails if m.raw is not None}
    assert all(m.thread_of in targets and m.raw is None for m in thread)
    for mail in thread:
        if mail.kind != "bounce":  # a bounce quotes the mail it returns
            assert not re.search(r"\b[a-z0-9-]+(\.[a-z0-9-]+)*\.(net|com|org|uk|example|info)\b", mail.said), mail.id


def test_a_layout_is_written_in_several_ways(made):
    """Each layout comes in more than one shape: its mails' words after the greeting differ, the values aside."""
    seed, c = made
    firsts = {(m.layout, re.sub(r"[\w.-]+\.gov\.uk|\d+", "", m.said)[:60]) for m in c.mails if m.kind == "request"}
    for layout in LAYOUTS:
        assert len([k for k in firsts if k[0] == layout]) >= 2, (seed, layout)
