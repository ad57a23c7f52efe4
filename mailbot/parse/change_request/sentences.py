"""Parse (change request): a sentence or a cell cut where a word names a role, each piece of it in its role:
"replace X with Y" and "from X to Y" make X a removal and Y an addition, "X -> Y" too, "use B instead of A" brings B
in, "the name servers become:" gives the new set.

segments() is one pass over the marks its words make, whose state (the role in force, a replacement waiting for its
"with", the clause it started in) is the reading; it is kept whole, over 300 lines, so that the order in which the
marks are taken can be read in one place.
"""

import re

from mailbot.parse.change_request.clauses import (
    CLAUSE_END,
    DETERMINERS,
    bare_to_stop,
    current_said_after,
    fronted_in_place,
    named_back,
    named_for_after_domain,
    pair_cut,
    replaced_before,
    said_after,
    set_called_current,
    subject_run,
    value_next,
    values_apart,
)
from mailbot.parse.change_request.described import described_now
from mailbot.parse.change_request.line_values import line_values
from mailbot.parse.change_request.names import mask_names
from mailbot.parse.change_request.roles import (
    ADJECTIVE_NEW,
    ARROW,
    AS_EXTRA,
    BY,
    CHANGE_START,
    CHANGED_TO,
    FAVOUR,
    FOR,
    HAVE_DONE,
    IN_PLACE,
    INSTEAD,
    LABEL_WORD_AT,
    NEGATED,
    PASSIVE,
    PUTTING,
    RANK_NUMBER,
    RANKED,
    REPLACE,
    REPLACING_CURRENT,
    ROLE,
    STAYS,
    STOP,
    SUBSTITUTE,
    THE_REST,
    THEN_USE,
    TO_BE,
    USE,
    label_role,
    role_of,
)


def segments(text: str, role: str | None, targets: set[str],
              zone: str) -> tuple[list[tuple[str | None, str]], str | None, bool]:
    """The text cut where a word names a role: (role, text) pieces, the role in force at the end, and whether
    a role word was seen. "replace X with Y" and "from X to Y" make X a removal and Y an addition; "X -> Y" too."""
    pieces: list[tuple[str | None, str]] = []
    at, seen = 0, False
    replacing = False  # "replace", "swap", "from": what follows is replaced, until "with", "for", "to" or "by"
    substituting = False  # "substitute": which way round, the word after the values says
    replaced_from = clause_from = 0
    leading_instead = False  # "in place of A, use B": waiting for the verb whose values come in
    changing = False  # a verb of change started the sentence's clause ("Please change the name servers for x.gov.uk:")
    instead_from = 0  # the piece after a leading "in place of"
    called_current: int | None = None  # "replace the current ...": the piece from which the values are called current
    masked = mask_names(text)  # "ns1.old.example" is a value, not the word "old"
    # Role words may name the domain ("put x.gov.uk on", "point it at"), never a value: the values are blanked apart.
    role_text = values_apart(text, masked, targets, zone)
    after = said_after(text, masked, targets, zone)
    marks = sorted([(m.start(), m.end(), "for") for m in FOR.finditer(text)]
                   + [(m.start(), m.end(), "replace") for m in REPLACE.finditer(masked)
                      if not any(r.start() <= m.start() < r.end() for r in ROLE.finditer(role_text))]
                   + [(m.start(), m.end(), "substitute") for m in SUBSTITUTE.finditer(masked)]
                   + [(m.start(), m.end(), "instead") for m in INSTEAD.finditer(masked)
                      if not any(r.start() <= m.start() < r.end() for r in ROLE.finditer(role_text))]
                   + [(m.start(), m.end(), "in_place") for m in IN_PLACE.finditer(masked)]
                   + [(m.start(), m.end(), "favour") for m in FAVOUR.finditer(masked)]
                   + [(m.start(), m.end(), "stop") for m in STOP.finditer(masked)]
                   + [(m.start(), m.end(), "use") for m in USE.finditer(masked)
                      if any(i.start() < m.start() for i in INSTEAD.finditer(masked))]
                   + [(m.start(), m.end(), "by") for m in BY.finditer(masked)]
                   + [(m.start(), m.end(), "arrow") for m in ARROW.finditer(masked)]
                   + [(m.start(), m.end(), "reset") for m in CHANGE_START.finditer(masked)]
                   + [(m.start(), m.end(), "colon") for m in re.finditer(r":(?=[ \t]*\S)", masked)
                      if CHANGE_START.search(masked, 0, m.start())
                      and bare_to_stop(text, masked, m.end(), targets, zone)]
                   + [(m.start(), m.end(), "passive") for m in PASSIVE.finditer(masked)]
                   + [(m.start(), m.end(), "label") for m in LABEL_WORD_AT.finditer(masked)]
                   + [(m.start(), m.end(), "rank") for m in RANKED.finditer(masked)]
                   + [(m.start(), m.end(), "extra") for m in AS_EXTRA.finditer(masked)]
                   + [(m.start(), m.end(), role_of(m)) for m in ROLE.finditer(role_text)],
                   key=lambda mark: (mark[0], mark[2] != "passive", mark[1]))
    if after:
        # A role said after its values: from their start it is in force, and the copula between says none of its own
        # ("should be" is no new set in "A should be removed"); names after "for" end where those values start.
        marks = sorted([(b, min([e, *(s for s, _, _, _ in after if b < s < e)]) if k == "for" else e, k)
                        for b, e, k in marks if not any(c <= b < r for _, c, r, _ in after)]
                       + [(s, s, k) for s, _, _, k in after], key=lambda mark: (mark[0], mark[2] != "passive", mark[1]))
        # What it said ends with its clause ("A is going away; B replaces it"): the role is no longer in force.
        ends = [m.start() + r for _, _, r, _ in after
                if (m := CLAUSE_END.search(masked[r:])) and not STOP.search(masked[r:][:m.start()])]
        marks = sorted(marks + [(e, e, "said_end") for e in ends],
                       key=lambda mark: (mark[0], mark[2] != "passive", mark[1]))
    for said in described_now(text, masked, targets, zone):
        # "set the name servers of x.gov.uk, currently A, to B and C": what it has now, named on the way, describes the
        # domain, and the values set are the whole new set (described.py); "set the name server of x.gov.uk (currently
        # A) to B": which of its servers is meant is not certain.
        marks = sorted([m for m in marks if not said.start <= m[0] < said.end]
                       + [(said.start, said.start, "described" if said.whole else "unsure")],
                       key=lambda mark: (mark[0], mark[2] != "passive", mark[1]))
    # "set A as the primary, B as the secondary and C as the tertiary name server": ranks from the first on, each once,
    # give the whole set the domain is to have; ranks that leave a gap ("C as the tertiary" alone) say where a value
    # goes among servers not named, which is not a thing to guess.
    ranks = [RANK_NUMBER[m["rank"].lower()] for m in RANKED.finditer(masked)]
    whole_ranks = sorted(ranks) == list(range(1, len(ranks) + 1))
    last_end = -1
    # Where the names after the last "for" start and end, and the piece after them ("for x.gov.uk, A needs changing
    # to B").
    names_for = (0, 0, 0)
    for begin, end, kind in marks:
        if begin < last_end:
            continue
        if kind == "reset" and any(b == begin and k != "reset" for b, _, k in marks):
            end = begin  # "set it on A": the verb starts a change, and the words it starts say the role too
        last_end = end
        pieces.append((role, text[at:begin]))
        at, seen = end, True
        if kind == "said_end":
            role = None
            continue
        if role == "add" and kind in ("for", "by", "new") \
                and (word := re.match(r"(?:for|by|with|to|into)\b", text[begin:end], re.I)) \
                and value_next(text[begin + word.end():], targets, zone) \
                and any(r == "remove" and any(line_values(t, targets, zone).values())
                        for r, t in pieces[clause_from:-1]) \
                and (cut := pair_cut(pieces[-1][1], targets, zone)) is not None:
            # "replace A with B and C with D", "change A to B, C to D": the verb said once, of each pair in turn. What
            # stands between the last pair's "with" and the conjunction before it is replaced too.
            pieces[-1:] = [("add", pieces[-1][1][:cut]), ("remove", pieces[-1][1][cut:])]
            at = begin + word.end()
            continue
        # "swap A for B" turns at "for" when what follows it is a value; "for x.gov.uk" names the domain asked about.
        turn = kind in ("for", "by") and (replacing or substituting) \
            and re.match(r"(?:for|by)\b", text[begin:end], re.I) \
            and (kind == "by" or any(line_values(text[begin + 3:end], targets, zone).values()))
        if turn:
            at = begin + (3 if kind == "for" else 2)  # the names after "for" are the values, here
            named = any(any(line_values(t, targets, zone).values()) for _, t in pieces[replaced_from:])
            if substituting and kind == "for":  # "substitute B for A": B comes in, A goes
                pieces[replaced_from:] = [("add" if r in (None, "plain", "remove") else r, t)
                                          for r, t in pieces[replaced_from:]]
                role = "remove"
            else:  # "swap A for B", "replace A by B", "substitute A by B"
                # "A is being retired; please swap it for B": "it" is A, and B comes in beside the rest, as "replace it
                # with B" does.
                named = named or named_back(pieces, replaced_from, targets, zone)
                pieces[replaced_from:] = [("remove" if r in (None, "plain") else r, t)
                                          for r, t in pieces[replaced_from:]]
                role = "add" if named else "new"
            replacing = substituting = False
            continue
        if kind in ("for", "by"):
            names_for = (begin, end, len(pieces)) if kind == "for" else names_for
            continue  # the role goes on after the names it skipped
        if kind != "reset" and NEGATED.search(masked, max(0, begin - 40), begin):
            # "do not remove A", "don't add B", "no need to replace A": what the negation leaves to be done is not a
            # thing to guess.
            role, replacing, substituting = "unsure", False, False
            continue
        if kind == "passive":
            if any(any(line_values(t, targets, zone).values()) for _, t in pieces[clause_from:]):
                # "The current ones, A and B, should be replaced by C": A and B go, and are still what the mail says
                # the domain has now.
                called = set_called_current([t for r, t in pieces[clause_from:] if r == "current"], targets, zone)
                pieces[clause_from:] = [("remove" if r in (None, "plain", "current") else r, t)
                                        for r, t in pieces[clause_from:]] + called
                role = "add"
            else:
                role = "new"
            replacing = substituting = False
            continue
        if kind == "reset":
            role, replacing, substituting, clause_from, changing = None, False, False, len(pieces), True
            continue
        if kind == "colon":
            # "Please change the name servers for x.gov.uk: A, B": a change asked, then values alone after its colon, no
            # word saying what they are: they are what the field is to become.
            if role is None and changing:
                role = "new"
            continue
        if kind == "substitute":
            substituting, replacing, role, replaced_from = True, False, None, len(pieces)
            continue
        if kind == "in_place":
            # "retire A and use B in its place": the values after the second verb come in, those before it go; "use B
            # in its place" after a sentence naming what goes: B comes in.
            last_role, last_text = pieces[-1]
            cuts = list(THEN_USE.finditer(last_text))
            if cuts:
                pieces[-1:] = [(last_role, last_text[:cuts[-1].start()]), ("add", last_text[cuts[-1].start():])]
            elif last_role in (None, "plain") \
                    or (last_role == "new" and re.match(r"in\b", text[begin:end], re.IGNORECASE)):
                # "use B in its place" brings B in; "it should point at C, D instead" gives the whole new set.
                pieces[-1] = ("add", last_text)
            role = None
            continue
        if kind == "new" and re.fullmatch(REPLACING_CURRENT, text[begin:end], re.IGNORECASE | re.VERBOSE):
            clause_end = re.search(r"[;!?]|\.(?=\s|$)", masked[end:])
            if any(line_values(text[end:end + clause_end.start() if clause_end else len(text)], targets,
                                zone).values()):
                # "use C instead of the existing A", "C will replace the current A": the values it names go, and those
                # named before it in the clause come in in their place.
                pieces[clause_from:] = [("add" if r in (None, "plain", "new") else r, t)
                                        for r, t in pieces[clause_from:]]
                role = "remove"
                continue
            # "use A and B instead of the existing ones", "A, B (replacing all current ones)": the values named with it
            # are the whole new set, not additions beside the current ones.
            pieces[clause_from:] = [("new" if r in (None, "plain", "add") else r, t) for r, t in pieces[clause_from:]]
            role = "new"
            continue
        if kind == "stop":
            # A sentence ends: what it said of its values is not said of the next one's ("Please replace A with B. Also
            # C should become D": C is replaced, not added).
            if replacing:
                replaced_before(pieces, clause_from, replaced_from, targets, zone)
            if leading_instead:
                fronted_in_place(pieces, instead_from, targets, zone)
            current_said_after(pieces, clause_from, targets, zone)
            # A question saying what to do and naming nothing leads on to what the next sentence gives: "Could you
            # publish a DS record for x.gov.uk? Key tag ...", and a replacement, "Could you replace the DS record on
            # x.gov.uk? Key tag ...", to the whole new set.
            named = any(any(line_values(t, targets, zone).values()) for _, t in pieces[clause_from:])
            asked = text[begin:end].startswith("?") and not named
            changing = False
            role = "new" if asked and replacing else role if asked and role in ("add", "remove", "new") else None
            replacing, substituting, leading_instead, clause_from = False, False, False, len(pieces)
            continue
        if kind == "keep" and STAYS.match(text[begin:end]) and THE_REST.search(masked, 0, begin):
            # "replace A with B (rest unchanged)", "everything else stays": what stays is what the mail did not name,
            # never the values before; those named with the rest in its clause stay too ("..., C and the rest stay").
            # A dash between spaces ends a clause as a comma does ("drop A - other NS stay as is").
            last_role, last_text = pieces[-1]
            cut = max((m.end() for m in re.finditer(r"[.;:!?,](?=\s)|\(|(?<=\s)[-\u2013\u2014](?=\s)",
                                                    mask_names(last_text))), default=0)
            if any(line_values(last_text[cut:], targets, zone).values()):
                pieces[-1:] = [(last_role, last_text[:cut]), ("keep", last_text[cut:])]
            role = None
            continue
        if kind == "keep" and STAYS.match(text[begin:end]) \
                and any(line_values(pieces[-1][1], targets, zone).values()):
            # "replace A with B. C stays as it is", "C and D stay as they are": the values right before the verb stay,
            # from the end of the sentence or clause before them (a comma ends one after a word of a role: "add B, C
            # stays").
            last_role, last_text = pieces[-1]
            ends = r"[.;:!?](?=\s)" if last_role in (None, "plain") else r"[.;:!?,](?=\s)"
            cut = max((m.end() for m in re.finditer(ends, mask_names(last_text))), default=0)
            pieces[-1:] = [(last_role, last_text[:cut]), ("keep", last_text[cut:])]
            role = None
            continue
        if kind in ("add", "remove") and pieces[-1][0] in (None, "plain") \
                and re.search(r"(?:ed|en|n|ing)$", text[begin:end]) and HAVE_DONE.search(mask_names(pieces[-1][1])) \
                and any(line_values(pieces[-1][1], targets, zone).values()):
            # "Please can we have A added to the name servers": the participle after the values is theirs.
            pieces[-1] = (kind, pieces[-1][1])
        if kind == "new" and role is None and CHANGED_TO.fullmatch(text[begin:end]):
            # "On x.gov.uk A needs changing to B", "A and B are moving over to C": the values the verb is said of go,
            # and what follows comes in, as in "change A to B". Not the whole new set: "The rest are fine as they are."
            # Values right after the domain the change is for ("For x.gov.uk, A needs changing to B") are the verb's
            # too, never names of what the change is for.
            last = max((i for i, (_, t) in enumerate(pieces) if t), default=len(pieces) - 1)  # "change" cut one empty
            if pieces[last][0] in (None, "plain") and (cut := subject_run(pieces[last][1], targets, zone)) is not None:
                pieces[last:] = [(pieces[last][0], pieces[last][1][:cut]), ("remove", pieces[last][1][cut:])]
                role = "add"
                continue
            if (cut := subject_run(text[:begin], targets, zone)) is not None and names_for[0] <= cut < names_for[1] \
                    and all(r in (None, "plain") for r, _ in pieces[names_for[2]:]):
                pieces[names_for[2]:] = [("remove", text[cut:begin])]
                role = "add"
                continue
        if kind == "new" and leading_instead:
            role, leading_instead = "add", False  # "in place of A, please use B"
            continue
        if kind == "new" and role == "add" and (ADJECTIVE_NEW.fullmatch(text[begin:end]) or TO_BE.fullmatch(
                text[begin:end])) and not any(line_values(pieces[-1][1], targets, zone).values()):
            # "add the new key", "add a new name server": what is added is new, and it is added; "its replacement will
            # be B": the verb after the word of adding says no other role.
            continue
        if kind == "new" and re.fullmatch(r"replacements?", text[begin:end], re.IGNORECASE) \
                and re.search(r"\b(?:its|their|the|his|her)\s+$", masked[max(0, begin - 8):begin], re.IGNORECASE) \
                and any(r == "remove" and any(line_values(t, targets, zone).values()) for r, t in pieces):
            # "A is being decommissioned; its replacement is B": B comes in in A's place, beside what stays.
            role = "add"
            continue
        if kind == "extra":
            # "Could you pop A on x.gov.uk as an extra name server?", "please put A and B in as additional servers": the
            # values the verb puts in, with no word of a role of their own, are added.
            if PUTTING.search(mask_names(" ".join(t for _, t in pieces[clause_from:]))) \
                    and any(r in (None, "plain") and any(line_values(t, targets, zone).values())
                            for r, t in pieces[clause_from:]):
                pieces[clause_from:] = [("add" if r in (None, "plain") else r, t) for r, t in pieces[clause_from:]]
                role = "add"
            continue
        if kind == "rank":
            if pieces[-1][0] in (None, "plain") and any(line_values(pieces[-1][1], targets, zone).values()):
                pieces[-1] = ("new" if whole_ranks else "unsure", pieces[-1][1])
            continue
        if kind == "use":
            if leading_instead:
                role, leading_instead = "add", False  # "in place of A, use B": B comes in
            continue
        if kind == "favour" and role == "remove":
            role = "add"  # "retire A in favour of B", "drop A in favor of B"
            continue
        kind = "instead" if kind == "favour" else kind
        if kind == "instead" and not any(line_values(re.split(r";", "".join(t for _, t in pieces[clause_from:]))[-1],
                                                      targets, zone).values()):
            # "in place of A, use B": nothing named before it in its clause, so what follows it goes and what the verb
            # after it names comes in. (A comma ends no such clause: "use A; B from now on, instead of C, D".)
            role, leading_instead, instead_from = "remove", True, len(pieces)
            continue
        if kind == "instead":
            # "use ns3.new.example instead of ns1.old.example": what came before it in the clause comes in
            pieces[clause_from:] = [("add" if r in (None, "plain", "new") else r, t) for r, t in pieces[clause_from:]]
            role = "remove"
            continue
        if substituting and kind == "new":  # "substitute A with B": A goes, B comes in
            pieces[replaced_from:] = [("remove" if r in (None, "plain") else r, t) for r, t in pieces[replaced_from:]]
            role, substituting = "add", False
            continue
        if kind == "replace" and re.fullmatch(r"from", text[begin:end], re.I) and re.match(r"\s*[:=]", text[end:]):
            role = "current"  # "name server1 from = A": a label, as a column "From" is
            continue
        if kind == "label":
            role = label_role(text[begin:end])  # "name server1 before = A", "NS2 after: B"
            continue
        if kind == "replace":
            replacing, role, replaced_from = True, "remove", len(pieces)
        elif kind == "arrow" and not any(any(line_values(t, targets, zone).values()) for _, t in pieces[clause_from:]):
            # "x.gov.uk => A / B", "NS -> A, B": an arrow from the domain or the field, no value, to the values is the
            # whole set they are to be.
            role = "new"
        elif kind == "arrow":
            # What stood before the arrow is replaced by what follows it.
            pieces = [("remove" if r in (None, "plain") else r, t) for r, t in pieces[:-1]] + \
                     [("remove", pieces[-1][1])]
            role = "add"
        elif replacing and kind == "new":  # "with" / "to" after "replace" / "from"
            # "replace the DS record with ...": nothing named to replace, so what follows is the whole new set
            named = any(any(line_values(t, targets, zone).values()) for _, t in pieces[replaced_from:])
            if called_current is not None:
                # "replace the current name servers (A and B) with C": A and B go, and are what the mail says the
                # domain has now.
                pieces += set_called_current([t for _, t in pieces[called_current:]], targets, zone)
            named = named or named_back(pieces, replaced_from, targets, zone)
            role, replacing, called_current = ("add" if named else "new"), False, None
        elif kind == "new" and role is None and re.fullmatch(r"to|into", text[begin:end], re.I) \
                and any(line_values(pieces[-1][1], targets, zone).values()) \
                and not REPLACE.match(masked, end + len(masked[end:]) - len(masked[end:].lstrip())):
            # "change ns1.old.example to ns1.new.example": what is changed is replaced
            pieces[-1] = ("remove", pieces[-1][1])
            role = "add"
        elif replacing and kind == "current":
            called_current = len(pieces)  # "replace the current name servers": still the ones replaced
        elif kind == "current" and role == "remove" and DETERMINERS.fullmatch(pieces[-1][1]):
            pass  # "remove the old DS", "delete our existing name server": what goes is current, as it must be
        elif kind == "new" and role in ("current", "add", "remove", "keep") \
                and re.fullmatch(r"to|into|with", text[begin:end], re.I) \
                and not any(line_values(pieces[-1][1], targets, zone).values()):
            pass  # "Currently delegated to:", "Add to the delegation:": the role said's preposition, no role of its own
        elif kind == "pointer":
            role = role if role not in (None, "plain") else "new"
        else:
            role = kind
    pieces.append((role, text[at:]))
    if replacing:
        replaced_before(pieces, clause_from, replaced_from, targets, zone)
    if leading_instead:
        fronted_in_place(pieces, instead_from, targets, zone)
    current_said_after(pieces, clause_from, targets, zone)
    read = {v for _, t in pieces for v in line_values(t, targets, zone)["nameservers"]}
    # A name server the names after "for" took in after the domain, that no reading gave back: in no role, it is
    # asked about ("replace A with B for x.gov.uk, C with D" would keep C and add D).
    pieces += [("unsure", f" {v} ") for v in named_for_after_domain(text, targets, zone) if v not in read]
    return pieces, role, seen
