"""Parse (change request): what a sentence says of a field's values given elsewhere ("please ADD this DS record",
"We are withdrawing a DS record." and "Please see below."), read into the values of that field that no word beside
them gives a role."""

import re
from collections.abc import Mapping

from mailbot.parse.change_request.labels import LABEL_ONLY, line_role
from mailbot.parse.change_request.line_values import line_values
from mailbot.parse.change_request.names import mask_names
from mailbot.parse.change_request.noise import without_addresses
from mailbot.parse.change_request.not_now import unsaid, unsaid_roles
from mailbot.parse.change_request.prose import CHANGE_VERB
from mailbot.parse.change_request.roles import FIELD_WORD, NEGATED, REPLACING_CURRENT, ROLE, role_of

# Words that point at values given elsewhere: "please add this DS record", "remove these name servers".
# A sentence ending in a colon points at what follows it as "the following" does ("Please add a DS record to x.gov.uk
# with:").
_DEICTIC = re.compile(r"\b(?:this|these|the\s+following|following|below|attached|underneath|as\s+follows)\b"
                      r"|\bdetails\s*:\s*$|\w\s*:\s*$", re.IGNORECASE)


_OF_THE_CURRENT = re.compile(r"\s+(?:all\s+)?(?:of\s+)?(?:the|our|its|their)\s+(?:existing|current|old|present|live)\b",
                             re.IGNORECASE)


def _said_of_field(line: str) -> dict[str, str]:
    """Field -> role, of a sentence that says what is to become of a field's values given elsewhere ("Key rollover:
    please ADD this DS record. Do not remove the current one yet."): its role when it says one (negated words aside)
    and points at them, "unsure" when it says a role of the field without pointing or says more than one. Values of
    the field that no word beside them gives a role are then read in it, or asked about: never the default, a new
    set, against what the mail says of them. Adding a DS record needs no pointing ("Adding DS for x.gov.uk" over a
    record, "Could you add a second DS?"): a key is added beside the others. Not so of name servers: "we are adding
    Cloudflare's name servers" is as often said of a set that replaces the current one, so their values are asked
    about. A label leading on to the list under it ("DELEGATION (OUTGOING):") says the role of that list alone, as
    the role in force."""
    if LABEL_ONLY.fullmatch(line):
        return {}
    masked = unsaid(mask_names(line))
    # "keep the existing one" says what becomes of the current records, not of those pointed at, which it adds to.
    roles = {role_of(m) for m in ROLE.finditer(masked) if not NEGATED.search(masked, max(0, m.start() - 40), m.start())
             and not (role_of(m) == "keep" and _OF_THE_CURRENT.match(masked, m.end()))}
    roles &= {"add", "remove", "keep"}
    if not roles and _SETS_WHOLE.search(masked):
        roles = {"new"}  # "set the DS to the two below, replacing what is there now": the whole set, said so
    named = _DNS_PROVIDER.sub(" ", mask_names(line))
    fields = [k for k in ("nameservers", "ds") if _SAID_FIELD[k].search(named)]
    if not roles and len(fields) == 1 and unsaid_roles(mask_names(line)) & {"add", "remove", "keep"}:
        return {fields[0]: "unsure"}  # "Please do not remove this DS record.": what is to be done, it does not say
    if not roles or len(fields) != 1:
        return {}
    known = roles == {"add"} and fields == ["ds"] or len(roles) == 1 and _DEICTIC.search(masked)
    if roles == {"new"} and not known:
        return {}  # a whole set said of values it does not point at: the default reading of values gives it
    return {fields[0]: roles.pop() if known else "unsure"}


# Words saying outright that the values pointed at are the field's whole set: "replacing what is there now", "in place
# of the existing ones".
_SETS_WHOLE = re.compile(rf"\b(?:{REPLACING_CURRENT})", re.I | re.X)


def point(pointed: dict[str, str], said_of: dict[str, str], pending: dict[str, str], line: str) -> None:
    """Take into `pointed` what a sentence (`line`) says of a field's values given elsewhere (_said_of_field). Two
    sentences saying different things of the values under them before any is read ("Please set the DS to the two below,
    replacing what is there now." and "Please add them, it's in the zone already.") leave them unsure: which one is
    meant, a person asks. `pending` holds, by field, the sentence that said it, while none of its values has been read
    since."""
    for kind, role in said_of.items():
        before = pointed.get(kind) if kind in pending else None
        pointed[kind] = _BOTH_WAYS if before in _ACTS | {_BOTH_WAYS} and role in _ACTS and before != role else role
        pending[kind] = line


def said_with_line_before(line: str, lines: list[str], n: int, targets: set[str],
                           zone: str) -> tuple[dict[str, str], bool]:
    """_said_of_field() of a line, and whether it finishes the sentence on the line before it. A line that only points
    at what is under it ("Please see below.", "Details below:") finishes the sentence of words before it, which said
    what becomes of a field without pointing ("We are withdrawing a DS record from x.gov.uk." / "Please see
    below."): read as one, as they are when written on one line. Read alone, the pointing line said a new set by
    default, and a record to remove was taken for the only one to keep (a wrong change)."""
    said = _said_of_field(line)
    if said or not _only_points(line):
        return said, False
    before = next((lines[i] for i in range(n - 1, -1, -1) if lines[i].strip()), "")
    before = without_addresses(before)
    if not before or any(line_values(before, targets, zone).values()):
        return said, False
    joined = _said_of_field(before.rstrip() + " " + line.strip())
    return joined, bool(joined)


def _fields_named(line: str) -> set[str]:
    """The fields (name servers, DS records) a line's words name; its values' letters name none."""
    masked = mask_names(line)
    return {kind for kind in ("nameservers", "ds") if FIELD_WORD[kind].search(masked)}


def of_the_role_field(line: str, lines: list[str], n: int, role: str) -> bool:
    """Whether label line `n` may be of the field the role in force was said of: it names no field, the words saying
    the role named none, or it names one of theirs ("Output of dnssec-dsfromkey at the DNS host:" under "Please add the
    DS:")."""
    named = _fields_named(line)
    said_of = _role_said_of(lines, n, role) if named else set()
    return not named or not said_of or bool(named & said_of)


def _role_said_of(lines: list[str], n: int, role: str) -> set[str]:
    """The fields named by the line of words above line `n` that said `role` (the nearest, past lines of values and
    of words saying no role), or none when no such line is near: what the role in force was said of."""
    for i in range(n - 1, max(n - 12, 0) - 1, -1):
        line = without_addresses(lines[i])
        if line.strip() and line_role(line, None) == role:
            return _fields_named(line)
    return set()


def _only_points(line: str) -> bool:
    """Whether a line's only word of a role points at what is under it ("See below", "Details as follows:"), with no
    verb of change."""
    masked = mask_names(line)
    roles = {role_of(m) for m in ROLE.finditer(masked)}
    return roles == {"pointer"} and not CHANGE_VERB.search(masked)


# The words a sentence names a field by when it says what becomes of the field's records: a DS record is also called
# a key ("We are retiring one of the keys of x.gov.uk", "the new KSK"), as the key it is the digest of.
_SAID_FIELD = {"nameservers": FIELD_WORD["nameservers"],
               "ds": re.compile(rf"{FIELD_WORD['ds'].pattern}|\b(?:dns)?keys?\b|\b[kz]sks?\b", re.I)}
# Who runs the domain's DNS ("our DNS host", "the DNS provider"), which names neither field.
_DNS_PROVIDER = re.compile(r"\bdns\s+(?:host(?:ing)?|provider|supplier|team|company|service|operator)s?\b", re.I)


def as_said(kind: str, got: list[tuple[str | None, str]], pointed: dict[str, str], pending: Mapping[str, str] = {},
            role_from: str | None = None, in_force: str | None = None) -> list[tuple[str | None, str]]:
    """Values with no role of their own in the role a sentence said of their field (see _said_of_field). Values in the
    role in force (`in_force`, said by `role_from`, the line of words before them) that another sentence said
    otherwise of, none read between (`pending`, see point: "Please set the DS to the one below, replacing what is there
    now." and "Please add this DS record:"), are unsure: which is meant, a person asks. A role of their own (a
    table's action cell) is theirs."""
    if kind not in pointed:
        return got
    said = pointed[kind]
    if said == _BOTH_WAYS:
        return [("unsure", v) for _, v in got]  # whatever their own label says: it is one of the two
    other = kind in pending and pending[kind] != role_from and said in _ACTS and in_force in _ACTS and in_force != said
    return [(said if r in (None, "plain") else "unsure" if other and r == in_force else r, v) for r, v in got]


_ACTS = {"new", "add", "remove", "keep"}  # the roles that say what is to become of values
_BOTH_WAYS = "said both ways"  # of values two sentences said different roles of (point)
