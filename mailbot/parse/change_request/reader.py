"""Parse (change request): extract_change(), what a registrar's mail asks for, domain by domain, and how urgent it
is.

The sender's own words are read (forwards.py), with a request they forward or quote to be acted on, their corrections
applied (mailbot.parse.corrections), links, lookup commands and undo plans set aside (noise.py). The simple form
(simple_form.py) and prose (prose.py) give each field's values; the layouts (layouts.py) the role of each value, line
by line. What neither can place for certain makes the domain unclear (doubts.py): the bot asks, never guesses.
Urgency comes from the subject and the headers only; "not urgent" and "non-urgent" are not urgent.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from mailbot.parse.change_request.asks import FIELD_NOUN, FIELDS, Ask, ChangeRequest
from mailbot.parse.change_request.bilingual import languages_differ
from mailbot.parse.change_request.diffs import diff_disagrees
from mailbot.parse.change_request.domains import asked_of
from mailbot.parse.change_request.doubts import (
    borrowed,
    digest_unread,
    hedged,
    held,
    kept_current,
    removals_said,
    unlike_forward,
    unsigned_correction,
)
from mailbot.parse.change_request.exceptions import kept_by_exception
from mailbot.parse.change_request.forwards import forwarded_request, own_body, vouched_forward
from mailbot.parse.change_request.layouts import read_layouts
from mailbot.parse.change_request.lookups import comments_as_labels, dig_as_current, whois_as_current
from mailbot.parse.change_request.names import MAX_BODY, MAX_SUBJECT, as_text, checked_zone, find_domains
from mailbot.parse.change_request.noise import (
    without_commands,
    without_key_listings,
    without_legal_notices,
    without_links,
    without_undo_plans,
)
from mailbot.parse.change_request.plans import octodns_as_labels
from mailbot.parse.change_request.prose import prose_changes
from mailbot.parse.change_request.relayed import relayed_doubt
from mailbot.parse.change_request.replacing import replacing_current
from mailbot.parse.change_request.simple_form import EMPTIED, NO_CHANGE, UNSIGNED, read_simple_form
from mailbot.parse.change_request.slips import corrected_with_attached
from mailbot.parse.change_request.values import field_values
from mailbot.parse.change_request.welsh import in_english
from mailbot.parse.corrections import Corrected, Unsure, apply_corrections, unapplied

_URGENT = re.compile(r"\burgent\b", re.I)
_NOT_URGENT = re.compile(r"\bno[nt][\s-]*urgent\b", re.I)  # "not urgent", "non-urgent", "nonurgent"


def is_urgent(subject: str, headers: Mapping[str, str]) -> bool:
    """The seed: a request "marked as urgent" is phoned about as a priority. Subject and headers only."""
    if _URGENT.search(_NOT_URGENT.sub(" ", as_text(subject)[:MAX_SUBJECT])):
        return True
    for key, value in (headers or {}).items():
        key, value = str(key).strip().lower(), str(value).strip().lower()
        if ((key == "importance" and value.startswith("high"))
                or (key == "x-priority" and re.match(r"1\b", value))  # "1 (Highest)"
                or (key == "x-msmail-priority" and value.startswith("high"))  # Outlook's own
                or (key == "priority" and value == "urgent")):  # RFC 2156: normal, urgent, non-urgent
            return True
    return False


def extract_change(subject: str, body: str, headers: Mapping[str, str], zone: str = "gov.uk",
                   attached: Sequence[str] = (), forwarded_attached: Sequence[str] = ()) -> ChangeRequest:
    """What the mail asks for, domain by domain; `asks` is empty when no kind of change can be made out.
    `attached` are the texts of its text and CSV attachments, read as more of its lines; `forwarded_attached` those
    of a message it forwards as an attachment, read so only with the request it forwards (forwards.py)."""
    zone_name = checked_zone(zone)
    subject = without_links(" ".join(as_text(subject)[:MAX_SUBJECT].split()))
    text = own_body(as_text(body)[:MAX_BODY])
    if forwarded := forwarded_request(body, subject, headers, zone):
        text += "\n\n" + forwarded  # the request a registrar forwards with a note of its own above it
        attached = (*(attached or ()), *(forwarded_attached or ()))  # and the change sheet attached to it
    as_sent = text
    text = in_english(text)  # "Gweinyddion enwau newydd:" is "New name servers:" (welsh.py)
    # "ns5 below is wrong - it should read ns2.x.net": the sender's own corrections, applied before anything is read
    # (mailbot.parse.corrections); one that cannot be applied with certainty makes the whole mail one to ask about.
    as_written = text
    corrected = apply_corrections(text.split("\n"))
    if not (isinstance(corrected, Corrected) and corrected.changes) \
            and (across := corrected_with_attached(text, attached)) is not None:
        corrected, attached = across  # "Sorry, typo in the attached: A should read B" (slips.py)
    if isinstance(corrected, Corrected) and (slip := unapplied(corrected.lines)):
        # "Sorry, correction to the below: it's A (I mistyped it as B)" over the request it quotes: read alone, its
        # two values would be the new set, the slip recorded and the rest of the set lost.
        corrected = Unsure("a correction of a value the mail does not give as part of its request", slip)
    if isinstance(corrected, Corrected):
        text = "\n".join(corrected.lines)
    # A whois excerpt's and dig's name servers are the current ones; "; new" over a zone's records labels them.
    text = comments_as_labels(dig_as_current(whois_as_current(text)))
    text = without_legal_notices(without_key_listings(without_undo_plans(without_commands(without_links(text)))))
    # An attachment's byte order mark (Excel's "CSV UTF-8" begins with one) is no part of its first row's first cell.
    extra = [in_english(without_commands(without_links(as_text(a)[:MAX_BODY].removeprefix("\ufeff"))))
             for a in (attached or ())][:5]
    domains = find_domains("\n".join([subject, text, *extra]), zone_name)
    targets = set(domains)
    text = octodns_as_labels(text, targets)  # an octoDNS plan's apex NS record, as it stands and as configured
    # "the same new name servers for all three (a, b, c) - A, B - except c, which keeps C as well": read without the
    # exception, whose servers join c's new set below.
    text, excepted = kept_by_exception(text, targets, zone_name)
    form, prose = read_simple_form(text)
    found: dict[str, list[str]] = {}
    emptied: set[str] = set()  # fields the mail's words say to empty
    emptied_for: dict[str, set[str]] = {}  # by field, the domains the sentences saying so name ("": none)
    unread: dict[str, str] = {}  # fields a form line gives in words that are neither values nor known
    stated: set[str] = set()  # fields a form line says the domain has none of ("DNSSEC: Off"), asking nothing
    for kind, raw in form.items():
        if kind in FIELDS and not NO_CHANGE.fullmatch(raw.strip()):
            values = field_values(kind, raw, targets, zone_name)
            if not values and EMPTIED.fullmatch(" ".join(raw.split())):
                emptied.add(kind)
            elif not values and kind == "ds" and UNSIGNED.fullmatch(" ".join(raw.split())):
                emptied.add(kind)
                stated.add(kind)
            elif not values:
                unread[kind] = " ".join(raw.split())[:80]
            found.setdefault(kind, []).extend(values)
    for part in (subject, prose):
        for kind, values in prose_changes(part, targets, zone_name, emptied, emptied_for).items():
            found.setdefault(kind, []).extend(values)
    changes = {kind: tuple(dict.fromkeys(found[kind])) for kind in FIELDS if kind in found}
    layouts = read_layouts(text, extra, domains, zone_name)
    asks: dict[str, dict[str, Ask]] = {}
    unclear: dict[str, str] = {}
    for domain in domains or [""]:
        for kind in FIELDS:
            read = layouts.get(domain, {}).get(kind) or layouts.get("", {}).get(kind)
            if read is not None and kind in ("nameservers", "ds"):
                ask, why = read.ask()
                said = set(read.roles["current"])
                if ask is None and said and kind in changes and not said & set(changes[kind]) \
                        and not any(read.roles[r] for r in ("new", "add", "remove", "plain")) \
                        and read.unread is None and len(domains) <= 1:
                    # "disable DNSSEC; the old record was ...": the prose says what becomes of the current ones. Not
                    # where a line of values could not be read (the prose's values would stand in for it), nor in a
                    # mail naming several domains (the prose's values are the whole mail's, whoever's they are).
                    asks.setdefault(domain, {})[kind] = Ask(new=changes[kind],
                                                            said_current=tuple(read.roles["current"]))
                    continue
                if why:
                    unclear[domain] = f"{FIELD_NOUN[kind]}s: {why}"
                    continue
                if ask is not None:
                    asks.setdefault(domain, {})[kind] = ask
                    continue
            # The simple form and prose: a complete set. No name server at all is never one ("the new name
            # servers are as in our request" names the field and gives none), and no DS record or contact is one
            # only when the words say to remove them ("DNSSEC: remove"): "DS records: as before" or an unreadable
            # record empties nothing.
            if kind not in changes:
                continue
            # In a mail naming several domains, words emptying a field ("going unsigned, so please remove the DS
            # record of b.gov.uk") empty it of the domains they name; of all only when they name none.
            emptying = kind in emptied and (len(domains) <= 1 or bool(emptied_for.get(kind, set()) & {"", domain}))
            if kind in unread and not changes[kind]:
                unclear[domain] = f"{FIELD_NOUN[kind]}s: the form gives {unread[kind]!r}, which is neither a " \
                                  f"value nor a word saying what is to become of them"
            elif len(domains) > 1 and changes[kind] and set(changes[kind]) <= {
                    v for d, fields in layouts.items() if d and kind in fields
                    for values in fields[kind].roles.values() for v in values}:
                # "for x.gov.uk only, please set this DS record:": the layouts placed them under their domain. Another
                # domain the words name in a sentence emptying the field is emptied ("add this DS to a.gov.uk" and
                # "remove the DS record of b.gov.uk").
                if emptying and "" not in emptied_for.get(kind, set()):
                    asks.setdefault(domain, {})[kind] = Ask(new=())
                continue
            elif len(domains) > 1 and changes[kind]:
                # Values the layouts gave no domain, in a mail naming several: whose they are is not a thing to
                # guess, and copying them to each would change domains nobody asked to change so.
                unclear[domain] = f"{FIELD_NOUN[kind]}s: the mail names several domains and gives " \
                                  f"{', '.join(changes[kind])} without saying for which"
            elif changes[kind] or kind == "registrant" or emptying:
                # A status line's "off" says what the domain has; words of the sender's asking to empty it ask.
                asks.setdefault(domain, {})[kind] = Ask(new=changes[kind], stated=kind in stated and not changes[
                    kind] and kind not in emptied_for)
    for domain, servers in excepted.items():
        ask = asks.get(domain, {}).get("nameservers")
        if ask is not None and ask.new is not None and domain not in unclear:
            asks[domain]["nameservers"] = replace(ask, new=tuple(dict.fromkeys(ask.new + servers)),
                                                  keep=tuple(dict.fromkeys(ask.keep + servers)))
        else:
            asks.pop(domain, None)
            unclear[domain] = f"name servers: the mail says {domain} keeps {', '.join(servers)} beside a set, and " \
                              "no new set of its was read"
    if unread_digest := digest_unread(text, extra, asks, unclear):
        # A DS record's digest in the sender's words that no reading placed: a change read without it would leave it
        # out. Every domain is asked about: whose it is, the reading did not say.
        for domain in domains or [""]:
            asks.pop(domain, None)  # a change is authorised whole
            unclear.setdefault(domain, f"DS records: {unread_digest[:16]}... could not be read as a record")
    for kind, named, sentence in removals_said(text, targets):
        for domain in [d for d in asks if not named or d in named]:
            if kind not in asks[domain]:
                # "Oh, and pull the DS too", in words no reading made anything of: the change made without them would
                # keep what they take away.
                asks.pop(domain)
                unclear[domain] = f"{FIELD_NOUN[kind]}s: the mail says to take some away ({sentence[:80]!r}), " \
                                  f"and what it leaves could not be read"
    for named, statement in borrowed(text, targets) if len(domains) > 1 else ():
        if named >= targets:
            continue  # "the same new name servers for a.gov.uk, b.gov.uk and c.gov.uk": one change, for them all
        for domain in named & set(asks):
            if _given_whole(asks[domain], statement):
                continue  # "the same change for b.gov.uk as well: name servers A and B": its set is in its words
            # "b.gov.uk likewise, plus C": what b.gov.uk takes from another domain's change (its set? what it adds?),
            # and what it has of its own, are a person's to ask, never the reader's to guess.
            asks.pop(domain)
            unclear[domain] = f"the mail gives {domain} its change by reference to another's ({statement[:80]!r})"
    if asks and len(domains) > 1 and (said := asked_of(subject, text, targets)) \
            and (left := sorted(said - set(asks) - set(unclear))) and (given := sorted(set(asks) - said)):
        # "pls update a.gov.uk as below" over a payload whose domain is b.gov.uk: which domain is to change, and whether
        # the values are meant for it, a person asks. Every domain is asked about: a change is authorised whole.
        for domain in domains:
            asks.pop(domain, None)
            unclear[domain] = f"the mail asks to change {', '.join(left)} and gives values for {', '.join(given)}"
    if asks and (vouched := vouched_forward(body, subject, headers, zone)):
        # "Please set x.gov.uk to A and C as per the customer's email below", where the customer asked for A and B:
        # which the registrar means, a person asks. The request forwarded is read alone, as the note's own words are.
        alone = extract_change(subject, vouched, {}, zone, attached=forwarded_attached or ())
        for domain, why in unlike_forward(asks, alone).items():
            asks.pop(domain, None)
            unclear[domain] = why
        if asks and (doubt := relayed_doubt(vouched, forwarded_attached or (), targets, zone_name,
                                           lambda version: extract_change("", version, {}, zone))):
            # "Customer request with their manager's approval below. i.e. A, B and C" above a manager's "Not approved
            # yet - please hold", a chat offering either of two sets, or Welsh and English versions that differ: the
            # registrar saying the servers again does not settle what the relayed mail leaves open.
            for domain in domains or [""]:
                asks.pop(domain, None)
                unclear.setdefault(domain, f"the request the mail relays is not settled: {doubt}")
    _take_place(replacing_current(text, targets, zone_name) if len(domains) <= 1 else {}, asks, unclear)
    kept = kept_current(text) if any(a.new is not None for f in asks.values() for a in f.values()) else set()
    beside = kept_current(text, adding=True) if kept and len(domains) <= 1 else set()
    for domain, fields in list(asks.items()):
        for kind, ask in fields.items():
            if kind in beside and ask.unlabelled and ask.new and not (ask.add or ask.remove or ask.keep
                                                                       or ask.said_current):
                # "DS record: ...", then "Please add it alongside the existing one": values no word called new, that
                # the words add beside the current ones.
                fields[kind] = replace(ask, new=None, add=ask.new, unlabelled=False)
                continue
            if ask.new is not None and not ask.keep and not ask.said_current and kind in kept:
                # "Please enter the following DS record (keep the existing one)": whatever word the mail adds it
                # with, a whole new set read from it would take away what it says to keep.
                asks.pop(domain)
                unclear[domain] = f"{FIELD_NOUN[kind]}s: the mail says to keep the current ones, and was read " \
                                  f"as giving the whole new set"
                break
    if isinstance(corrected, Corrected) and corrected.kept:
        _keep_as_well(corrected.kept, domains, asks, unclear)
    if isinstance(corrected, Unsure):
        for domain in domains or [""]:
            asks.pop(domain, None)
            unclear[domain] = f"the mail corrects itself, and the correction is not certain: {corrected.reason} " \
                              f"({corrected.sentence[:80]!r})"
    elif unsigned := unsigned_correction(as_written):
        # Below a clear-signed message, words its signer did not sign correct it ("Correction: the second name server
        # should read ..."): whether the signed text or the correction stands is for a person to ask.
        for domain in domains or [""]:
            asks.pop(domain, None)
            unclear[domain] = "the mail corrects the text its sender signed (PGP) in words outside it: " \
                              f"{unsigned[:80]!r}"
    if asks and (differ := languages_differ(without_legal_notices(without_commands(without_links(as_sent))), targets,
                                            zone_name, lambda version: extract_change("", version, {}, zone))):
        # "Gweinydd enwau 3: C" in Welsh and "Name server 3: D" in English: read together they would give both.
        for domain in domains or [""]:
            asks.pop(domain, None)
            unclear.setdefault(domain, f"name servers: {differ}")
    if asks and (hold := held(text)):
        # "CAB status: Pending approval - do not implement until approved": the change is not to be made yet, and
        # when it may be is the asker's word to give. Every domain is asked about: a change is authorised whole.
        for domain in domains or [""]:
            asks.pop(domain, None)
            unclear.setdefault(domain, f"the mail says the change is not to be made yet: {hold!r}")
    if asks and (disagreeing := diff_disagrees(text, targets, zone_name)):
        # "pls add C, see diff" over a diff adding D: which change is meant, a person asks.
        for domain in domains or [""]:
            asks.pop(domain, None)
            unclear.setdefault(domain, f"the mail's words and the diff it pastes disagree: {disagreeing}")
    if asks and (hedge := hedged(text, targets, zone_name)):
        # "replace A with B - or it might be C": the writer is not sure of a value, so neither is the reading. Every
        # domain is asked about: a change is authorised whole.
        for domain in domains or [""]:
            asks.pop(domain, None)
            unclear.setdefault(domain, f"the mail is not sure of what it gives: {hedge!r}")
    return ChangeRequest(tuple(domains), asks, unclear, is_urgent(subject, headers))


def _keep_as_well(kept: tuple[str, ...], domains: Sequence[str], asks: dict[str, dict[str, Ask]],
                  unclear: dict[str, str]) -> None:
    """"The customer called back and wants to keep ns1.x.net as well": of a mail giving one domain's new set of name
    servers, a server to keep is one more of that set, and one the registry must hold now (resolve() checks it, as
    for any value a mail says stays); of one giving servers out and in, one of those out stays. Anywhere else (no
    set read, several domains, the server not a name server's name) what it adds to is not a thing to guess."""
    domain = domains[0] if len(domains) == 1 else None
    ask = asks.get(domain, {}).get("nameservers") if domain is not None else None
    if ask is not None and ask.new is not None and domain not in unclear \
            and all(not _is_domain(v, domains) for v in kept):
        asks[domain]["nameservers"] = replace(ask, new=tuple(dict.fromkeys(ask.new + kept)),
                                              keep=tuple(dict.fromkeys(ask.keep + kept)))
        return
    if ask is not None and ask.new is None and domain not in unclear and all(v in ask.remove for v in kept):
        # Of a change given as servers out and servers in ("| Current | New |" rows pairing each with its replacement),
        # a server to keep is one the change took out: it stays.
        asks[domain]["nameservers"] = replace(ask, remove=tuple(v for v in ask.remove if v not in kept),
                                              keep=tuple(dict.fromkeys(ask.keep + kept)))
        return
    for domain in domains or [""]:
        asks.pop(domain, None)
        unclear[domain] = f"the mail corrects itself, and the correction is not certain: asks to keep " \
                          f"{', '.join(kept)} as well, and gives no one domain's new set of name servers to add it to"


def _take_place(replacing: dict[str, bool], asks: dict[str, dict[str, Ask]], unclear: dict[str, str]) -> None:
    """Of a mail that adds values and says they take the place of the field's present records ("It replaces the DS
    record there now"), the values added are the whole new set: read so when the words say it of now, asked about when
    of a time to come ("it will replace the current key after the rollover"). Never the current ones kept beside."""
    for domain, fields in list(asks.items()):
        for kind, now in replacing.items():
            ask = fields.get(kind)
            if ask is None or ask.new is not None or not ask.add or ask.remove or ask.keep:
                continue
            if not now:
                asks.pop(domain)
                unclear[domain] = f"{FIELD_NOUN[kind]}s: the mail adds {', '.join(ask.add)} and says it will take " \
                                  f"the place of the current ones, not when"
                break
            fields[kind] = replace(ask, new=ask.add, add=())


def _is_domain(value: str, domains: Sequence[str]) -> bool:
    return value.lower().rstrip(".") in {d.lower() for d in domains}


def _given_whole(fields: dict[str, Ask], statement: str) -> bool:
    """Whether each field of a domain's reading is a whole new set of two values or more, every one written in the
    statement itself: nothing of it is taken from another domain's change."""
    return all(ask.new is not None and len(ask.new) >= 2 and not ask.add and not ask.remove
               and all(value.lower() in statement.lower() for value in ask.new) for ask in fields.values())
