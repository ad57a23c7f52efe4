"""Parse (change request): the role a line says of the values under it, as a label or a sentence leading on ("New
name servers:", "Please replace the existing DS with this one:"), with its clauses about what is not to be done now set
aside (not_now.py)."""

import re

from mailbot.parse.change_request.names import DOTTED_RUN, mask_names
from mailbot.parse.change_request.not_now import unsaid, unsaid_roles
from mailbot.parse.change_request.paired import roles_paired
from mailbot.parse.change_request.prose import CHANGE_VERB
from mailbot.parse.change_request.roles import (
    ADJECTIVE_NEW,
    FROM_LABEL,
    IN_PLACE,
    LABEL_WORD_AT,
    MARK_ROLE,
    ROLE,
    agreeing,
    label_role,
    role_of,
)
from mailbot.parse.change_request.values import BULLET_MARKS

# "replace ... with" (or "by", "swap ... for") ending a label: what follows it, the list under it, is the new set.
_REPLACED_WITH = re.compile(r"\b(?:replac(?:e|ing)|swap(?:ping)?|exchang(?:e|ing))\b[^:;.!?]*?\b(?:with|by|for)\b"
                            r"(?:\s+(?:this|these|the|following|below|one|ones|new|records?|ds|dnssec|name\s*servers?"
                            r"|nameservers?|ns|keys?|set|here|underneath))*\W*$", re.I)


# A second verb of its own in a sentence ("... and publish this one:", "..., then use the following:"): the list after
# the sentence is its object, not the first verb's ("... and change the name servers to:", "remove the DS, then move
# the delegation to:").
_THEN_VERB = re.compile(r"(?:\band|\bthen|[,;])\s+(?:then\s+)?(?:please\s+)?"
                        r"(?:publish|set|use|enter|put|install|load|change|update|amend|move|switch|(?:re-?)?delegate"
                        r"|(?:re-?)?point)\b", re.I)


LABEL_ONLY = re.compile(rf"\s*(?:[{BULLET_MARKS}]\s*)?[A-Za-z][\w #()/.-]{{0,40}}:\s*")


def leads_on(line: str) -> bool:
    """Whether a line leads on to what is under it, so that the role it says is the list's: a label or heading
    ("New name servers:", "Nameservers (new)"), or a sentence ending in a colon or "as follows". A sentence that
    ends ("To whom it may concern,", "Please action the following change.") says nothing of a list below it."""
    text = DOTTED_RUN.sub(" ", line).strip()  # a value's own dot ends no sentence
    return bool(text) and (text.endswith((":", "-", "\u2013"))
                           or bool(re.search(r"\b(?:follows?|following|below|these|those)"
                                             r"(?:\s+(?:please|pls|thanks))?\W*$", text, re.I))
                           or (len(text.split()) <= 6 and text[-1] not in ".,;!?"))


def is_label_line(line: str) -> bool:
    return bool(re.match(rf"\s*[{BULLET_MARKS}]?\s*[A-Za-z][\w ()/-]{{0,40}}:", line))


_ASIDE = re.compile(r"\([^()]*\)")


def line_role(line: str, role: str | None) -> str | None:
    """The role in force after a line: its last role word ("Please replace the current ones with the following:"
    is new), or, for a short label, its first ("New name servers (replacing the current ones):"). Words in
    brackets are an aside when the words outside them name a role ("Please add the following DS record (keep
    the existing one):" adds), and the role itself when nothing else does ("Nameservers (new):")."""
    label = line.strip().rstrip(":").strip()
    if re.search(r"\s[-\u2013]$", label):
        label = label[:-1].strip()  # "From -", "What we have now -": a label's dash is its colon
        line = label + ":"
    heading = line.rstrip().endswith(":") or (len(label.split()) <= 6 and not CHANGE_VERB.search(label))
    if line.rstrip().endswith(":") and len(label.split()) <= 8 and roles_paired(label):
        return "unsure"  # "Old NS / New NS:" over "A / B": which is which, the label does not say (paired.py)
    # An aside saying no role after the label's last word is no part of it: "What x.gov.uk has now (dig +short NS):".
    plain = re.sub(r"\s*\([^()]*\)$", lambda m: "" if not ROLE.search(mask_names(m.group())) else m.group(), label)
    if heading and (said := LABEL_WORD_AT.search(plain + ":")) and said.end() == len(plain) \
            and not any(m.start() < said.start() and m.end() == said.end() for m in ROLE.finditer(mask_names(plain))):
        # "What we have now:", "Name servers after:", "What it is now"; not the end of a role's own words ("in place
        # of whatever records the domains have now:").
        return label_role(said.group())
    if FROM_LABEL.fullmatch(line) or re.search(r"\bfrom$", label, re.I) \
            or (line.rstrip().endswith(":") and re.match(r"\W*from\b", label, re.I) and len(label.split()) <= 5):
        return "current"  # "Please move the delegation from:" and the old list
    if line.rstrip().endswith(":") and (named := label_role(label)) and label not in MARK_ROLE:
        return named  # "Before:", "After the change" is a role word of its own
    masked = unsaid(mask_names(label))
    if len(masked) < 300 and _REPLACED_WITH.search(masked):
        return "new"  # "Please replace the existing DS with this one:", "swap the old ones for the following:"
    if then := list(_THEN_VERB.finditer(masked)):
        # "please withdraw the DS with key tag 11111 and publish this one:": the list is what the last verb is done with
        label = masked = masked[then[-1].end():]
        if IN_PLACE.search(masked):
            return "add"  # "remove A and put the following in its place:"
    if not ROLE.search(masked) and unsaid_roles(mask_names(label)):
        return "unsure"  # "Please do not remove the following:": what is to be done, it does not say
    outside = _ASIDE.sub(lambda m: " " * len(m.group()), masked)
    # "add a DS record to x.gov.uk": "to", "into" or "with" after a role word is that role's preposition, no role.
    found = list(ROLE.finditer(outside))
    # "add the new key" adds: "new" right after a word of adding is what is added, not a new set.
    said = [role_of(m) for i, m in enumerate(found)
            if not (re.fullmatch(r"to|into|with", m.group(), re.IGNORECASE)
                    and any(role_of(e) in ("add", "remove", "current", "keep") for e in found[:i]))
            and not (ADJECTIVE_NEW.fullmatch(m.group())
                     and [role_of(e) for e in found[:i] if role_of(e) != "pointer"][-1:] == ["add"])]
    # The asides as written: the words unsaid() blanks ("keep the existing one") are what an aside says.
    aside = [role_of(m) for a in _ASIDE.finditer(mask_names(label)) for m in ROLE.finditer(a.group())]
    if said and set(said) == {"pointer"} and set(aside) - {"pointer", "new"}:
        # "Please enter the following DS record (keep the existing one):": the words outside say no role, only
        # "the following", and the aside qualifies it; a new set by default would drop what it says to keep.
        return "unsure"
    # "Current DS (to remain until the rollover completes):", "New DS (to be added):", "Old NS - to be removed:": the
    # label names the values by what they are and says what becomes of them, two roles that say one action between
    # them (a value added is a new one; one kept or removed, a current one). Read by its first word alone, "Current"
    # and "New" would make the new key the whole set and take away the key still signing the zone mid-rollover.
    named = set(said) - {"pointer"}
    # What an aside says of them is its first role word: "(must stay published until the new key has propagated)".
    told = {next(iter(roles)) for a in _ASIDE.finditer(masked)
            if (roles := [r for m in ROLE.finditer(a.group()) if (r := role_of(m)) != "pointer"])}
    order = [r for r in said if r != "pointer"]
    if (len(named) == 1 and len(named | told) == 2 or not told and len(order) == 2 and order[0] in ("current", "new")) \
            and len(agreed := agreeing(named | told)) == 1:
        return agreed.pop()
    if named == {"current"} and not told and unsaid_roles(mask_names(label), negated=True) == {"remove"}:
        return "keep"  # "Current DS (do not remove it yet):", "Existing name servers - not to be deleted:"
    matches = said or [role_of(m) for m in ROLE.finditer(masked)]
    matches = [k for k in matches if k != "pointer"] or ["new" for k in matches[:1]]
    if not matches:
        return role if not line.rstrip().endswith(":") else None
    return matches[0] if len(label.split()) <= 5 else matches[-1]
