"""Parse (change request): the records a field holds once an Ask is applied to the current ones, or why the bot must
ask the registrar instead: the one place the rules of "never guess" live."""

from collections.abc import Sequence
from dataclasses import dataclass

from mailbot.parse.change_request.asks import FIELD_NOUN, Ask, canonical_value
from mailbot.parse.change_request.ds_records import KEY_TAG_VALUE, ds_records
from mailbot.parse.change_request.names import FILE_OR_DOMAIN, emails, is_nameserver, normalise_domain


@dataclass(frozen=True)
class Resolved:
    """The records a field holds after an Ask, or why the bot must ask the registrar instead."""

    values: tuple[str, ...] | None  # the resulting records, normalised; None when there is a problem
    problem: str | None  # a sentence a registrar can act on
    added: tuple[str, ...] = ()  # against the current records
    removed: tuple[str, ...] = ()
    unchanged: bool = False  # the problem is only that the result is the current records


def resolve(kind: str, ask: Ask, current: Sequence[str]) -> Resolved:
    """The resulting records of `kind` when `ask` is applied to the `current` ones: the one place the rules of
    "never guess" live. A complete set wins when no addition or removal contradicts it; otherwise the current
    records less the removals plus the additions. Each of these is a problem, never a change: a value that is
    not a valid one; a value to remove that is not a current record; values the mail calls current that are
    not (for additions and removals, which build on them); fewer than two name servers; a result equal to the
    current records; a complete set of name servers holding every current one and as many others (the current
    and the new pasted into one list); nothing to go by."""
    word = FIELD_NOUN.get(kind, kind)
    have = [canonical_value(kind, v) for v in current]
    have = list(dict.fromkeys(have))
    if kind == "ds":
        ask, problem = _by_key_tag(ask, have)
        if problem:
            return Resolved(None, problem)
    if ask.lists > 1 and have:
        # Two lists that no word calls anything: one may be what the domain has now. Of a field that holds nothing
        # ("We would like to enable DNSSEC; DS record below" and the record in two forms), there is nothing to be.
        return Resolved(None, "it gives more than one list of values without saying which is current and which new.")
    groups = {}
    for name, values in (("new", ask.new or ()), ("add", ask.add), ("remove", ask.remove),
                         ("said_current", ask.said_current), ("keep", ask.keep)):
        normal = []
        for value in values:
            checked = _checked_value(kind, value)
            if checked is None:
                return Resolved(None, f"{value!r} is not a valid {word}.")
            normal.append(checked)
        groups[name] = list(dict.fromkeys(normal))
    new, add, remove, said = groups["new"], groups["add"], groups["remove"], groups["said_current"]
    keep = groups["keep"]
    if ask.new is not None and keep and not set(keep) & set(remove) and set(keep) | set(remove) == set(have) \
            and not set(new) & set(have):
        # "ns1 (to be removed), ns2 (unchanged), ns3 (new)": the mail says of every current record whether it stays or
        # goes, so the new values are what comes in beside those that stay.
        new, add = [], list(dict.fromkeys(add + new))
        ask = Ask(add=tuple(add), remove=ask.remove, said_current=ask.said_current, keep=ask.keep)
    # A value the mail says stays must be a current record that it neither removes nor leaves out.
    if not_kept := [v for v in keep if v not in have]:
        return Resolved(None, f"{', '.join(not_kept)} cannot be kept: it is not among the current {word}s "
                              f"({', '.join(have) or 'none'}).")
    if both := [v for v in keep if v in remove or (ask.new is not None and v not in new)]:
        return Resolved(None, f"the mail says {', '.join(both)} stays and also that it goes.")
    if ask.new is not None:
        if stale := [v for v in said if v not in have]:
            # The mail's current records are not the registry's: either it is out of date or a value was read in
            # the wrong role (a new server taken for a current one). Which is not a thing to guess.
            return Resolved(None, f"the mail gives {', '.join(stale)} as a current {word}, but the registry holds "
                                  f"{', '.join(have) or 'none'}.")
        if said and set(said) != set(have):
            # "At the moment A and B; it should point at C and D" of a domain that has A, B and E: the registrar's
            # view of the domain is not the registry's, so whether E was meant to go is not a thing to guess.
            return Resolved(None, f"the mail gives the current {word}s as {', '.join(said)}, but the registry "
                                  f"holds {', '.join(have)}.")
        if ask.unlabelled and have and all(v in new for v in have) and len(new) > len(have) and not said:
            # A list no word calls new that holds every current record and others: the current and the new pasted
            # into one list, or two lists run together, as much as a new set. Asked, never guessed.
            return Resolved(None, f"the {word}s given, with no word saying they are the new ones, hold all the "
                                  f"current ones ({', '.join(have)}) and others: say which are to stay.")
        clash = [v for v in add if v not in new] + [v for v in remove if v in new]
        if clash:
            return Resolved(None, f"the mail gives a complete set of {word}s and also asks to add or remove "
                                  f"{', '.join(clash)}, which that set contradicts.")
        dropped = [v for v in have if v not in new]
        if set(remove) & set(have) and set(remove) != set(dropped):
            # "Being replaced: A" and "Replacement: C" of A, B, D: the set drops B and D too, the removals say
            # only A. Which the registrar meant is not a thing to guess. (Removals none of which is a current record
            # are a stale list of the current ones beside a complete set, which wins, as a stale current list does.)
            return Resolved(None, f"the mail gives a complete set of {word}s that would remove "
                                  f"{', '.join(dropped) or 'nothing'}, but asks to remove {', '.join(remove)}.")
        kept = [v for v in have if v in new]
        if kind == "nameservers" and have and len(kept) == len(have) and len(new) - len(kept) >= len(have) \
                and not said:
            # Every current server and as many others again: what a mail that pastes the current and the new
            # servers into one list looks like. Whether the current ones stay is not a thing to guess. A mail
            # that gives the current ones apart ("Nameserver 1 (current)") has said they stay.
            return Resolved(None, f"the {word}s given hold all the current ones ({', '.join(have)}) and as many "
                                  f"others: say which are to stay, or give only the new ones.")
        result = new
    elif add or remove:
        missing = [v for v in remove if v not in have]
        if missing:
            return Resolved(None, f"{', '.join(missing)} cannot be removed: it is not among the current "
                                  f"{word}s ({', '.join(have) or 'none'}).")
        if said and set(said) != set(have):
            return Resolved(None, f"the mail gives the current {word}s as {', '.join(said)}, but the registry "
                                  f"holds {', '.join(have) or 'none'}.")
        both = [v for v in add if v in remove]
        if both:
            return Resolved(None, f"the mail asks both to add and to remove {', '.join(both)}.")
        result = [v for v in have if v not in remove] + [v for v in add if v not in have]
    else:
        return Resolved(None, f"no {word} to set, add or remove could be read.")
    if ask.stated and {canonical_value(kind, v) for v in result} != set(have):
        # "DNSSEC: Off" of a domain with a DS record: the mail's view of the domain, which is not the registry's; that
        # the record is to go, no word asks.
        return Resolved(None, f"the mail says the domain has {', '.join(result) or f'no {word}'}, but the registry "
                              f"holds {', '.join(have)}: say whether they are to go.")
    if kind == "nameservers" and len(result) < 2:
        return Resolved(None, f"a domain needs at least two name servers, and the result would be "
                              f"{', '.join(result) or 'none'}.")
    if kind == "ds" and (twins := _ds_twins(result, have)):
        return Resolved(None, f"the DS records {twins[0]} and {twins[1]} have the same key tag, algorithm and digest "
                              "type but different digests: one of them is most likely mistyped. Say which is meant.")
    if kind == "registrant" and len(result) != 1:
        return Resolved(None, "a domain has exactly one registrant.")
    # Compared as records are (a registrant's case carries no meaning): "Registrant: Ely Port Authority" of a domain
    # whose registrant is "ELY PORT AUTHORITY" changes nothing.
    same = {canonical_value(kind, v) for v in result}
    if same == set(have):
        return Resolved(None, f"the {word}s asked for are the current ones: nothing would change.", unchanged=True)
    return Resolved(tuple(result), None, tuple(v for v in result if canonical_value(kind, v) not in have),
                    tuple(v for v in have if v not in same))


def _ds_twins(result: Sequence[str], have: Sequence[str]) -> tuple[str, str] | None:
    """Two DS records of the result that the mail gives (one at least is not a current record) with the same key tag,
    algorithm and digest type and different digests, or None. One key has one digest of each type (RFC 4034 5.1.4),
    so two such records are two keys whose tags collide, which is rare, or one record mistyped: asked, never both
    recorded. The same key tag with another algorithm or digest type (a key's SHA-1 and SHA-256 digests, an
    algorithm rollover) is two records meant."""
    seen: dict[tuple[str, ...], str] = {}
    for value in result:
        fields = tuple(value.split()[:3])
        other = seen.setdefault(fields, value)
        if other != value and (other not in have or value not in have):
            return other, value
    return None


def _checked_value(kind: str, value: str) -> str | None:
    """The normal form of one value of `kind`, or None when it is not a valid one."""
    text = " ".join(str(value).split())
    if kind == "nameservers":
        name = normalise_domain(text)
        file_like = name is not None and name.count(".") == 1 and name.rpartition(".")[2] in FILE_OR_DOMAIN
        return name if name and is_nameserver(name, set(), "") and not file_like else None
    if kind == "ds":
        records = ds_records(text)
        # One record and nothing else: the digest may come in groups, the case is free.
        return records[0] if len(records) == 1 and records[0].replace(" ", "") == "".join(text.upper().split()) \
            else None
    if kind == "contacts":
        found = list(emails(text))
        return found[0] if len(found) == 1 and found[0] == text.lower() else None
    return text or None


def _by_key_tag(ask: Ask, have: list[str]) -> tuple[Ask, str | None]:
    """The ask with each DS record named by its key tag alone made the current record that has it; or why not: no
    current record has it, or several do (which one is meant is not a thing to guess), or it is named as one to add
    (a record to add is given whole; its key tag beside it names that record, and is dropped)."""
    if not any(KEY_TAG_VALUE.fullmatch(v) for part in (ask.new or (), ask.add, ask.remove, ask.said_current, ask.keep)
               for v in part):
        return ask, None
    given = {v.split()[0] for v in (*(ask.new or ()), *ask.add) if not KEY_TAG_VALUE.fullmatch(v)}
    out = {}
    for name in ("new", "add", "remove", "said_current", "keep"):
        values = getattr(ask, name)
        if values is None:
            out[name] = None
            continue
        found = []
        for value in values:
            if (ref := KEY_TAG_VALUE.fullmatch(value)) is None:
                found.append(value)
            elif name in ("new", "add"):
                if ref["tag"] not in given:
                    return ask, (f"the DS record with key tag {ref['tag']} is to be added, but only its key tag "
                                 "is given.")
            else:
                matches = [v for v in have if v.split()[0] == ref["tag"]]
                if len(matches) != 1:
                    tags = ", ".join(v.split()[0] for v in have) or "none"
                    return ask, (f"no current DS record has key tag {ref['tag']} (the key tags now are {tags})."
                                 if not matches else f"{len(matches)} current DS records have key tag {ref['tag']}: "
                                                     f"say which by its digest.")
                found.append(matches[0])
        out[name] = tuple(found)
    return Ask(out["new"], out["add"], out["remove"], out["said_current"], out["keep"], ask.unlabelled, ask.lists), None
