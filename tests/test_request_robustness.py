"""The reader fails safe on words it does not know: a request of any layout the request corpus makes, with the words
that give its values their roles put in other words (a registrar's, a portal's, a ticket system's, or no word at
all), a label dropped, two lists run together, a table's columns the other way round or its heading gone, is read
exactly or asked about: never recorded as a change other than the one asked for.

The truth of a mail does not move with its words: a synonym says the same, and a word nobody knows says nothing, so
the only right readings are the truth and "ask". The requests are the tuning part's kinds (one_request()'s generator),
read as the bot reads them (mailbot.parse.mail, extract_change, then resolve() against the domain's records, as
mailbot.workflow.changes.read does). `make test` runs a fast profile; ROBUSTNESS_EXAMPLES=3000 runs more.
"""

from __future__ import annotations

import os
import random
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mailbot.parse.change_request.asks import FIELDS
from mailbot.parse.change_request.reader import extract_change
from mailbot.parse.change_request.resolve import resolve
from mailbot.parse.mail import read
from tests.support import request_corpus as rc

EXAMPLES = int(os.environ.get("ROBUSTNESS_EXAMPLES", "120"))
SEEDS = int(os.environ.get("ROBUSTNESS_SEEDS", "60"))

NONSENSE = ["blorp", "zindle", "quaxed", "frimbled", "wuzzle", "XQZ7", "glarbing"]

# The words that give values their roles, and what else registrars, portals and ticket systems write for them.
# None of the other words turns the meaning round (no "old" for "new", no "none" for "no change"): the truth stands.
GROUPS: dict[str, tuple[str, list[str]]] = {
    "new": (r"new|proposed|requested|replacement", [
        "fresh", "revised", "wanted", "intended", "amended", "destination", "corrected", "planned", "go-live",
        "updated", "target", "desired", "future", "incoming", "preferred"]),
    "current": (r"current|old|existing|present|previous", [
        "live", "active", "in-use", "former", "original", "legacy", "prior", "today's", "registered", "outgoing",
        "delegated", "published", "incumbent", "running", "in use"]),
    "add": (r"add|insert|added", ["include", "append", "introduce", "create", "enter", "register", "put in",
                                  "set up", "attach", "provision", "ADDITION"]),
    "remove": (r"remove|delete|del|rem|removed|drop", ["purge", "strip", "take out", "eliminate", "erase", "cancel",
                                                         "discontinue", "revoke", "detach", "unlink", "deprovision",
                                                         "retire", "decommission"]),
    "verb": (r"update|change|modify|amend|switch|move|point", ["alter", "revise", "adjust", "edit", "repoint",
                                                                "redirect", "reconfigure", "migrate", "transition"]),
    "replace": (r"replace|swap|substitute|exchange", ["supersede", "trade", "rotate", "overwrite", "displace"]),
    "to": (r"to|into", ["onto", "as", "towards"]),
    "with": (r"with", ["using", "via", "through"]),
    "from": (r"from", ["off", "away from", "out of"]),
    "no_change": (r"unchanged|no change|n/a", ["same", "as before", "leave as is", "no amendment", "stays the same",
                                                "as-is", "N/C", "ditto", "untouched", "keep as is", "same as current",
                                                "no update", "not affected", "leave alone", "as now"]),
    "heading": (r"action|operation", ["Instruction", "Task", "Op", "Type", "Request", "Change type", "Activity",
                                      "Command", "Status", "Mode"]),
    "field": (r"nameservers?|name servers?|host|ns", ["Server", "DNS host", "Record", "Value", "Entry", "Hostname",
                                                      "DNS", "NS host", "Resolver"]),
    "stay": (r"stay as they are", ["are not affected", "remain in place", "should be left alone", "are fine"]),
}
STRUCTURE = ["none", "drop_label", "run_together", "one_list", "reverse_columns", "drop_heading", "drop_field_label"]


def _cased(word: str, like: str) -> str:
    if like.isupper() and len(like) > 1:
        return word.upper()
    if like[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _reworded(text: str, swaps: dict[str, str]) -> str:
    """The text with each group's words put in the other words chosen; values (anything with a dot or an "@")
    untouched."""
    for group, other in swaps.items():
        words, _ = GROUPS[group]
        pattern = re.compile(rf"(?<![\w.@/-])(?:{words})(?![\w@/-]|\.\w)", re.I)
        text = pattern.sub(lambda m: _cased(other, m.group()), text)
    return text


def _restructured(blocks: list, how: str) -> list:
    blocks = [list(b) for b in blocks]
    # A list labelled with its domain ("x.gov.uk:") is that domain's: dropping the label or merging it into another
    # domain's list changes what is asked, not only its words.
    lists = [i for i, b in enumerate(blocks) if b[0] == "list" and ".gov.uk" not in b[1]]
    tables = [i for i, b in enumerate(blocks) if b[0] == "table"]
    fields = [i for i, b in enumerate(blocks) if b[0] == "fields"]
    if how == "drop_label" and lists:
        blocks[lists[-1]][1] = ""
    elif how in ("run_together", "one_list") and len(lists) >= 2 and lists[1] == lists[0] + 1:
        first, second = blocks[lists[0]], blocks[lists[1]]
        if how == "run_together":  # both labels, no blank line between: one block of lines
            lines = [first[1], *first[2], second[1], *second[2]]
            blocks[lists[0]] = ["pre", "\n".join(line for line in lines if line)]
        else:  # the items of both in one list under no label
            blocks[lists[0]] = ["list", "", first[2] + second[2], first[3]]
        del blocks[lists[1]]
    elif how in ("reverse_columns", "drop_heading") and tables:
        t = blocks[tables[0]]
        if how == "reverse_columns":
            t[1] = t[1][::-1] if t[1] else t[1]
            t[2] = [r[::-1] for r in t[2]]
        else:
            t[1] = None
    elif how == "drop_field_label" and fields:
        pairs = blocks[fields[0]][1]
        at = max(range(len(pairs)), key=lambda i: "name" in pairs[i][0].lower() or "ns" in pairs[i][0].lower())
        lines = [f"{k}: {v}" if i != at else v for i, (k, v) in enumerate(pairs)]
        blocks[fields[0]] = ["pre", "\n".join(lines)]
    return [tuple(b) for b in blocks]


class _Perturbed(rc.Generator):
    """The tuning part's generator, its mails put in other words before they are built."""

    swaps: dict[str, str] = {}
    structure = "none"

    def _build(self, *args):
        args = list(args)
        subject, blocks, attachment = args[7], args[8], args[11]
        blocks = _restructured(blocks, self.structure)
        args[7] = _reworded(subject, self.swaps)
        args[8] = [tuple(_reworded(p, self.swaps) if isinstance(p, str) else _deep(p, self.swaps) for p in b)
                   for b in blocks]
        if attachment is not None:
            args[11] = (attachment[0], _reworded(attachment[1], self.swaps), attachment[2])
        return rc.build_mail(*args)


def _deep(value, swaps):
    if isinstance(value, str):
        return _reworded(value, swaps)
    if isinstance(value, (list, tuple)):
        return type(value)(_deep(v, swaps) for v in value)
    return value


def _request(seed: int, layout: str, client: str, variants: bool, swaps: dict[str, str], structure: str):
    g = _Perturbed("tuning", seed, variants=variants)
    g.rng, g.jitter, g.charset, g.encoding = random.Random(seed), True, "utf-8", "8bit"
    g.free_names = [("rb" + name, org) for name, org in g.free_names[:4]]
    g.swaps, g.structure = swaps, structure
    return g.request("rb", layout, client), g.registry()


def _current(domain: dict, kind: str) -> list[str]:
    return {"nameservers": domain["nameservers"], "ds": domain["ds"], "contacts": domain["whois_contacts"],
            "registrant": [domain["registrant"]]}[kind]


def _recorded(raw: bytes, registry: dict) -> dict[str, dict[str, tuple[str, ...]]]:
    """The change each locked domain of the registry would be recorded with, as mailbot.workflow.changes.read
    makes it: the asks of the domain resolved against its records; a domain unclear or with a problem is asked
    about and records nothing."""
    from mailbot.workflow.changes import asks_of

    mail = read(raw)
    request = extract_change(mail.subject, mail.text, mail.headers, zone="gov.uk", attached=mail.attached)
    out = {}
    domains = {d["name"]: d for org in registry["organisations"] for d in org["domains"]}
    for name in request.domains:
        if name not in domains:
            continue
        asks, unclear = asks_of(request, name)
        if unclear:
            continue
        change = {}
        for kind in FIELDS:
            if kind in asks:
                got = resolve(kind, asks[kind], _current(domains[name], kind))
                if got.problem is not None:
                    change = {}
                    break
                change[kind] = rc.normalised(kind, got.values)
        if change:
            out[name] = change
    return out


def _check(seed: int, layout: str, client: str, variants: bool, swaps: dict[str, str], structure: str) -> None:
    mail, registry = _request(seed, layout, client, variants, swaps, structure)
    recorded = _recorded(mail.raw, registry)
    if mail.truth == "asked":
        assert not recorded, f"an ambiguous mail recorded as {recorded}:\n{mail.said}"
        return
    truth = {d: {f: rc.normalised(f, v) for f, v in fields.items()} for d, fields in mail.truth.items()}
    for domain, change in recorded.items():
        assert change == truth.get(domain), (f"{layout}/{client} {swaps} {structure}: {domain} recorded {change}, "
                                             f"the truth is {truth.get(domain)}:\n{mail.said}")


LAYOUTS = rc.LAYOUTS + rc.SEED_12_LAYOUTS + ("ambiguous",)
_swaps = st.fixed_dictionaries({}, optional={g: st.sampled_from(words + NONSENSE) for g, (_, words) in GROUPS.items()})


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32), layout=st.sampled_from(LAYOUTS), client=st.sampled_from(rc.CLIENTS),
       variants=st.booleans(), swaps=_swaps, structure=st.sampled_from(STRUCTURE))
def test_a_request_in_other_words_is_read_exactly_or_asked_about(seed, layout, client, variants, swaps, structure):
    _check(seed, layout, client, variants, swaps, structure)


def _fixed(n: int):
    """A fixed list of perturbed requests, the same on every run: each layout and client in turn, with two to four
    groups of words put in other words and one change of structure."""
    for i in range(n):
        r = random.Random(1000 + i)
        groups = r.sample(sorted(GROUPS), r.randrange(1, 5))
        swaps = {g: r.choice(GROUPS[g][1] + NONSENSE) for g in groups}
        yield (1000 + i, LAYOUTS[i % len(LAYOUTS)], rc.CLIENTS[(i // len(LAYOUTS)) % len(rc.CLIENTS)], bool(i % 2),
               swaps, STRUCTURE[i % len(STRUCTURE)])


@pytest.mark.parametrize("case", list(_fixed(SEEDS)), ids=lambda c: f"{c[0]}-{c[1]}-{c[2]}")
def test_a_fixed_list_of_requests_in_other_words_is_read_exactly_or_asked_about(case):
    _check(*case)
