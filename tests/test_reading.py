"""Registrars' change requests read end to end, through receive(): the request corpus (tests/support/request_corpus.py)
on SQLite and PostgreSQL in part (bench/reading.py reads it whole), and any generated request (Hypothesis): the
change recorded is exactly the records asked for, or the mail is triaged; a reply, an auto-reply or a bounce is
never a request.

Each part is read in one app, and every seed is held to what must never happen (a wrong change, a parked mail, a
reply taken as a request); on SQLite, which reads a third of every seed, the seeds that meet issue 16's goals (99%
exact, 1% asked at most) are held to them (GOALS_MET), the others to a little under the share they read exactly now
(FLOORS), so that the reader only gets better.
A held-out mail that fails is named by its id only: `bench/reading.py --dump ID --show-held-out` shows it, never
while tuning the reader. The property test makes requests of the tuning part's kinds only."""

from __future__ import annotations

import json
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from mailbot.registry import import_file, load_file
from mailbot.registry_write import write_all
from mailbot.store.models import Organisation
from tests.support.request_corpus import (
    CHARSETS,
    CLIENTS,
    ENCODINGS,
    LAYOUTS,
    PARTS,
    SEED_12_LAYOUTS,
    SEEDS,
    Corpus,
    corpus,
    figures,
    measure,
    one_request,
)

GOALS_MET = (11, 12, 15, 17, 19, 20)
# The share of a seed's requests read exactly, at least (a seed joining a part counts once it has joined:
# request_corpus.JOINING).
FLOORS = {13: 0.78, 14: 0.85, 16: 0.64, 18: 0.95, 21: 0.88, 22: 0.97, 23: 0.98, 24: 0.95, 25: 0.98, 26: 0.95,
          27: 0.9, 28: 0.98, 29: 0.9, 30: 0.94, 31: 0.85, 32: 0.98, 33: 0.97, 34: 0.94}


def _loaded(app, tmp_path, registry: dict, name: str) -> None:
    """The records of `registry` in the app's database: by the first load, or, for each further example of the
    property test (domains of its own, newly locked), written as the first load writes them: the fixture of a
    test, never an import, which refuses to lock a domain after the first load."""
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(registry), encoding="utf-8")
    with app.tx() as session:
        if session.scalar(select(Organisation.id).limit(1)) is None:
            import_file(session, str(path), app.rules.zone)
        else:
            write_all(session, load_file(str(path), app.rules.zone))


@pytest.mark.parametrize("part", PARTS)
def test_the_corpus_is_read_exactly_or_asked_about(app, tmp_path, db_url, part):
    c = corpus(part)
    _loaded(app, tmp_path, c.registry, part)
    # Every mail ambiguous on purpose, and a share of the requests of every seed, layout and client: a third on
    # SQLite, a twenty-fourth on PostgreSQL. The whole corpus is read by bench/reading.py.
    requests = [m for m in c.mails if m.kind in ("request", "ambiguous")]
    step = 24 if db_url.startswith("postgresql") else 3
    only = {m.id for m in requests[::step]} | {m.id for m in requests if m.kind == "ambiguous"}
    readings = measure(app, c, only=only)
    f = figures(readings)
    shown = part != "held-out"  # the held-out part's misreadings by id, layout and client only
    wrong = [f"{r.mail.id} [{r.mail.layout}/{r.mail.client}] {r.verdict}" + (f": {r.detail}" if shown else "")
             for r in readings if r.verdict in ("wrong", "parked", "taken")]
    assert not wrong, f"{len(wrong)} mails of {part} misread:\n" + "\n".join(wrong)
    assert f["wrong"] == f["ambiguous_wrong"] == f["parked"] == f["thread_parked"] == f["taken"] == 0
    assert f["ambiguous"] and f["thread"] >= 10  # the corpus holds what it says it does
    for seed in SEEDS[part] if step == 3 else ():  # the figures of each seed's third: on SQLite
        mine = [r for r in readings if r.mail.seed == seed]
        g = figures(mine)
        if seed in GOALS_MET:
            asked = ", ".join(f"{r.mail.id} [{r.mail.layout}/{r.mail.client}]" for r in mine
                              if r.verdict == "asked" and r.mail.kind == "request" and shown)
            assert g["exact"] >= 0.99 * g["requests"], f"seed {seed}: {g['exact']} of {g['requests']} read exactly"
            assert g["asked"] <= 0.01 * g["requests"], f"seed {seed}: {g['asked']} of {g['requests']} asked: {asked}"
        else:
            assert g["exact"] >= FLOORS[seed] * g["requests"], \
                f"seed {seed}: {g['exact']} of {g['requests']} read exactly, fewer than before"


_labels = iter(f"p{a}{b}{c}-" for a in string.ascii_lowercase for b in string.ascii_lowercase
               for c in string.ascii_lowercase)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32), layout=st.sampled_from(LAYOUTS + SEED_12_LAYOUTS + ("ambiguous",)),
       client=st.sampled_from(CLIENTS), charset=st.sampled_from(CHARSETS), encoding=st.sampled_from(ENCODINGS),
       variants=st.booleans())
def test_any_request_is_recorded_as_asked_or_triaged(app, tmp_path, seed, layout, client, charset, encoding,
                                                       variants):
    label = next(_labels)  # domains of their own in this app for each example
    mail, registry = one_request(seed, layout, client, charset, encoding, variants=variants, label=label)
    _loaded(app, tmp_path, registry, label)
    (reading,) = measure(app, Corpus("property", registry, [mail]))
    assert reading.verdict in ("exact", "asked"), f"{reading.verdict}: {reading.detail}\n{mail.said}"
    if mail.kind == "ambiguous":
        assert reading.verdict == "asked"
