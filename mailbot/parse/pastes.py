"""Parse (inside mailbot.parse.change_request.lines): machine output a registrar pastes into a mail or attaches to it -
JSON or YAML from its API or its automation, a Terraform plan, a sync job's log line - written as the label lines the
layout reader reads ("x.gov.uk:", "Add: ns3.example.net", "New name servers: A, B"), or named as unsure.

A paste is read by its own grammar (JSON and YAML parsed whole by their parsers, a plan's "-", "+" and "~" marks),
never by the words around its values: a key says a value's role ("current", "requested", "add"), a mark says what a
plan does with it. What such a grammar leaves open is asked about, never guessed: a value Terraform knows only "after
apply", a call the registrar's API refused or a command whose meaning is the API's own ("domain.update" with a list
of servers: the set, or servers to add?), a state other than "present", a host under a key of no known meaning. A paste
that gives no name server is left as it is, for the rest of the reader.

It is kept whole, over 400 lines: each grammar (JSON, YAML, a plan, a log line) is a few functions, and they share how
a key's words name a role and how what is open is asked about; the order they are tried in is read here in one place.
"""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import yaml

from mailbot.parse.http_pastes import lock_answer, patched

# A key's words (snake_case, camelCase, "name servers"), read a word at a time.
_KEY_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
# What a key says of the values under it. Machine keys are few and plain: "current"/"requested", "add"/"remove",
# "desired"/"actual" (a sync job's wanted state and what it found).
_KEY_ROLE = {
    "current": "current", "existing": "current", "old": "current", "actual": "current", "live": "current",
    "before": "current", "from": "current", "previous": "current", "observed": "current", "was": "current",
    "new": "new", "requested": "new", "desired": "new", "target": "new", "proposed": "new", "after": "new",
    "to": "new", "pending": "new", "wanted": "new", "intended": "new", "planned": "new", "replacement": "new",
    "add": "add", "added": "add", "adds": "add", "addition": "add", "additions": "add", "insert": "add",
    "remove": "remove", "removed": "remove", "rem": "remove", "del": "remove", "delete": "remove",
    "deleted": "remove", "removal": "remove", "removals": "remove", "drop": "remove",
    "keep": "keep", "kept": "keep", "unchanged": "keep", "retain": "keep",
}
_NS_WORDS = {"ns", "nameserver", "nameservers", "nservers", "nserver", "hosts", "delegation"}
_DS_WORDS = {"ds", "dsdata", "dnssec", "secdns", "keytag", "digest", "dnskey", "keydata"}
_DOMAIN_KEYS = {"domain", "domainname", "domain_name", "fqdn", "zone", "zonename", "zone_name", "id", "name"}
_HOST_KEYS = {"name", "host", "hostname", "server", "nameserver", "ns", "value"}
# Keys saying what is done with the values: a role word ("action": "add"), else a verb of the API's own.
_COMMAND_KEYS = {"action", "op", "operation", "command", "cmd", "method", "type", "change"}
# Keys saying a call was answered, with an error or a result: a refused call's payload is what was tried, not asked.
_ANSWER_KEYS = {"response", "error", "errors", "result", "fault", "exception"}
_STATE_KEYS = {"state", "ensure"}
_LINE_ITEM_DONE = re.compile(r"cancel|withdrawn|void|reject|declin|fail|error|superseded", re.I)
_LABEL = {"new": "New name servers", "current": "Current name servers", "add": "Add", "remove": "Remove",
          "keep": "Keep", None: "Name servers"}


# What a string names, whole, as the reader tells it: ("host", A) a name server, ("domain", A) a domain asked about,
# ("address", A) an IP address; None for anything else. The reader says what a name server is, not the grammar.
Names = Callable[[str], tuple[str, str] | None]


@dataclass
class Pastes:
    """The text with its pastes written as label lines, and what could not be read for certain: (domain, why),
    the domain "" when the paste does not say whose it is."""

    text: str
    unsure: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class _Reading:
    """What one paste gives: per domain ("" for none named), each value with its role (None: no role said)."""

    values: dict[str, list[tuple[str | None, str]]] = field(default_factory=dict)
    unsure: list[tuple[str, str]] = field(default_factory=list)
    ds: bool = False  # it holds DS records, which are left to the rest of the reader

    def give(self, domain: str, role: str | None, value: str) -> None:
        if (role, value) not in (got := self.values.setdefault(domain, [])):
            got.append((role, value))

    def labels(self) -> str:
        out = []
        for domain, got in self.values.items():
            out += [f"{domain}:"] if domain else []
            for role in ("current", "new", None, "keep", "remove", "add"):
                if said := [v for r, v in got if r == role]:
                    out += [f"{_LABEL[role]}: {v}" for v in said] if role in ("add", "remove", "keep") \
                        else [f"{_LABEL[role]}: {', '.join(said)}"]
            out.append("")
        return "\n".join(out)


def read_pastes(text: str, names: Names) -> Pastes:
    """The text with each paste it holds that gives name servers written as label lines; a paste read in part, or
    one whose grammar leaves a value's role open, is named in `unsure` and left as it is."""
    unsure: list[tuple[str, str]] = []
    for reader in (_json_pastes, _yaml_pastes, _terraform_pastes, _log_lines):
        text = reader(text, names, unsure)
    return Pastes(text, unsure)


def _words(key: object) -> list[str]:
    return [w.lower() for w in _KEY_WORD.findall(str(key))]


def _host(value: object, names: Names) -> str | None:
    """The name server a string is, whole; None for anything else."""
    return _named(value, names, "host")


def _named(value: object, names: Names, kind: str) -> str | None:
    said = names(value.strip()) if isinstance(value, str) else None
    return said[1] if said is not None and said[0] == kind else None


def _done(reading: _Reading, unsure: list[tuple[str, str]], parsed: object = None) -> list[str] | None:
    """The lines a paste stands for: its labels, or (unsure, or no name server in it) None, leaving it as written. A
    parsed paste that gives DS records only, each whole, stands for those records, a line each."""
    if reading.ds:
        records = _ds_objects(parsed) if not reading.values and not reading.unsure else None
        return records or None
    if reading.unsure:
        unsure += reading.unsure
        return None
    if not reading.values:
        return None
    return reading.labels().split("\n")


# --- JSON and YAML: parsed whole, then read by their keys --------------------------------------------------------

# A DS record's fields as an API names its keys ("keyTag", "key_tag", "alg", "algorithm", "digestType", "digest").
_DS_KEY = {("key", "tag"): "keytag", ("keytag",): "keytag", ("alg",): "alg", ("algorithm",): "alg",
           ("digest", "type"): "dtype", ("digest",): "digest"}
_DS_WHOLE = ("keytag", "alg", "dtype", "digest")


def _ds_objects(parsed: object) -> list[str] | None:
    """The DS records a parsed paste gives as objects of the four fields ({"keyTag": 2371, "alg": 13, "digestType": 2,
    "digest": "..."}), as "keytag alg digesttype DIGEST"; None when an object gives some of the fields and not all,
    gives one in a form that is not a record's, or the paste says anything is off or disabled (a false flag)."""
    records: list[str] = []

    def walk(node: object) -> bool:
        if node is False:
            return False  # {"dnssec": {"enabled": false, ...}}: what becomes of the records is not what they say
        if isinstance(node, list):
            return all(walk(item) for item in node)
        if not isinstance(node, dict):
            return True
        fields = {_DS_KEY.get(tuple(_words(k))): v for k, v in node.items()} if all(
            isinstance(k, str) for k in node) else {}
        fields.pop(None, None)
        if fields:
            if set(fields) != set(_DS_WHOLE) or len(node) != len(_DS_WHOLE):
                return False
            numbers = [fields[k] for k in _DS_WHOLE[:3]]
            digest = fields["digest"]
            if not all(isinstance(n, int) and not isinstance(n, bool) or isinstance(n, str) and n.isdigit()
                       for n in numbers) or not isinstance(digest, str) or not re.fullmatch(r"[0-9A-Fa-f]{40,96}",
                                                                                          digest):
                return False
            records.append(" ".join(str(int(n)) for n in numbers) + " " + digest.upper())
            return True
        return all(walk(v) for v in node.values())

    return records if walk(parsed) and records else None


def _walk(node: object, roles: list[str], field_said: bool, domain: str, reading: _Reading, names: Names) -> None:
    """Read a parsed paste: a key naming the field (nameservers, ns) puts the values under it in the role the keys
    above or under it say; a key naming the domain asked about says whose the values beside it are."""
    if isinstance(node, dict):
        items = list(node.items())
        for key, value in items:  # whose the values are, before them
            if str(key).lower() in _DOMAIN_KEYS and (named := _named(value, names, "domain")):
                domain = named
        role_here = None
        for key, value in items:
            words = _words(key)
            if set(words) & _DS_WORDS:
                reading.ds = True
            if set(words) & _ANSWER_KEYS and value:
                reading.unsure.append((domain, "the paste is a call and its answer (what was tried, not what is "
                                               "asked)"))
            if str(key).lower() in _STATE_KEYS and str(value).lower() != "present":
                reading.unsure.append((domain, f"the paste's {key} is {value!r}"))
            if str(key).lower() in _COMMAND_KEYS and isinstance(value, str):
                said = {_KEY_ROLE.get(w) for w in _words(value)} - {None}
                if len(said) == 1:
                    role_here = said.pop()
                elif _ns_under(node, names) and not _roled(node, names):
                    # ("type": "bulk_nameserver_update" over "requested" and "current" lists: the keys say it.)
                    reading.unsure.append((domain, f"the paste's {key} {value!r} does not say what becomes of the "
                                                   "name servers"))
            if isinstance(value, str) and _LINE_ITEM_DONE.search(value) and str(key).lower() in ("status", "state"):
                reading.unsure.append((domain, f"an entry's {key} is {value!r}"))
        roles = roles + [role_here] if role_here else roles
        for key, value in items:
            words = _words(key)
            key_roles = [_KEY_ROLE[w] for w in words if w in _KEY_ROLE]
            is_field = bool(set(words) & _NS_WORDS) or ("name" in words and any(w.startswith("server") for w in words))
            if field_said and (host := _host(key, names)):
                # {"nameservers": {"ns1.x.net": ["192.0.2.1"]}}: a server keyed by its name, its glue under it.
                reading.give(domain, roles[-1] if roles else None, host)
                continue
            if field_said and str(key).lower() in _HOST_KEYS and (host := _host(value, names)):
                reading.give(domain, roles[-1] if roles else None, host)
                continue
            if str(key).lower() in _COMMAND_KEYS | _STATE_KEYS and isinstance(value, str):
                continue  # read above: "domains.modify" is a method's name, not a host's
            _walk(value, roles + key_roles[-1:], field_said or is_field, domain, reading, names)
    elif isinstance(node, list):
        for item in node:
            _walk(item, roles, field_said, domain, reading, names)
    elif isinstance(node, str):
        words = [w for w in re.split(r"[\s,;]+", node.strip()) if w]
        hosts = [_host(w, names) for w in words]
        if field_said and words and all(h or _named(w, names, "address") for h, w in zip(hosts, words, strict=True)):
            for host in filter(None, hosts):
                reading.give(domain, roles[-1] if roles else None, host)
        elif _host(node, names):
            reading.unsure.append((domain, f"{node} stands under a key that does not name the name servers"))


def _ns_under(node: object, names: Names) -> bool:
    if isinstance(node, dict):
        return any(_ns_under(v, names) or _host(k, names) for k, v in node.items())
    if isinstance(node, list):
        return any(_ns_under(v, names) for v in node)
    return isinstance(node, str) and any(_host(v, names) for v in re.split(r"[\s,;]+", node))


def _roled(node: object, names: Names, said: bool = False) -> bool:
    """Whether every name server under the node stands under a key saying its role ("requested", "current")."""
    if isinstance(node, dict):
        return all(_roled(v, names, said or any(w in _KEY_ROLE for w in _words(k))) and (said or not _host(k, names))
                   for k, v in node.items())
    if isinstance(node, list):
        return all(_roled(v, names, said) for v in node)
    return said or not _ns_under(node, names)


def _structured(parsed: object, names: Names) -> _Reading:
    reading = _Reading()
    _walk(parsed, [], False, "", reading, names)
    if reading.values and not reading.unsure:
        # A role said of some values of a domain and not of others (a plain list beside "add"): which is meant is
        # not a thing to guess.
        for domain, got in reading.values.items():
            roles = {r for r, _ in got}
            if None in roles and len(roles) > 1:
                reading.unsure.append((domain, "the paste gives name servers with and without a role"))
    return reading


_JSON_START = re.compile(r"^[ \t]*[\[{]", re.M)
_MAX_TRIES = 40


def _json_pastes(text: str, names: Names, unsure: list[tuple[str, str]]) -> str:
    """JSON values that start a line and end one, parsed with the json module."""
    decoder = json.JSONDecoder()
    out, at, tries = [], 0, 0
    at_least = 0
    for match in _JSON_START.finditer(text):
        if match.start() < max(at, at_least) or tries >= _MAX_TRIES:
            continue
        tries += 1
        start = match.end() - 1
        try:
            parsed, end = decoder.raw_decode(text, start)
        except ValueError:
            continue
        line_end = text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end
        if text[end:line_end].strip(" \t,;") or not isinstance(parsed, (dict, list)):
            continue
        # A JSON Patch of the name servers, and the answer of a call the lock refused (http_pastes.py).
        parsed = patched(parsed) or lock_answer(text[:match.start()], parsed) or parsed
        reading = _structured(parsed, names)
        if reading.unsure and (sent := _sent_as_the_set(parsed, text[:match.start()] + text[line_end:], names)):
            reading = sent
        labels = _done(reading, unsure, parsed)
        if labels is None:
            if reading.ds:
                at_least = line_end  # DS records are read from a paste whole, never from an object inside it
            continue
        out += [text[at:match.start()], "\n".join(labels)]
        at = line_end
    return "".join(out) + text[at:] if out else text


# The sender's words saying that the list of servers of a call is the whole set ("the ns list is the full new set",
# "the nameservers array holds the complete set").
_LIST_IS_THE_SET = re.compile(r"\b(?:list|array|ns|name\s*servers?|hosts)\b[^.\n]{0,30}?\b(?:is|are|holds?|gives?)\s+"
                              r"the\s+(?:full|complete|whole|entire)\s+(?:new\s+)?(?:set|list)\b", re.I)
# A refusal by the lock: EPP's 2304 ("Object status prohibits operation", RFC 5730 3) or the status that says it.
_LOCK_REFUSAL = re.compile(r"\b2304\b|status\s+prohibits|server\w*prohibited", re.I)


def _sent_as_the_set(parsed: object, words: str, names: Names) -> _Reading | None:
    """A call the registry lock refused, pasted under words saying its list of servers is the whole new set: "Our API
    call was refused because of the lock. This is what we sent (the ns list is the full new set):" over {"request":
    {"command": "domain.update", "domain": ..., "ns": [...]}, "response": {"code": 2304, ...}}. The lock is why the
    registrar writes, and its words say what the list is: the call's servers are the new set. None when the answer is
    no refusal by the lock, the words give a server of their own, or the call read without its answer and its command
    still leaves anything open."""
    if not isinstance(parsed, dict) or not _LIST_IS_THE_SET.search(words) \
            or any(_host(w.strip(",;:()[]<>\"'"), names) for w in words.split()):
        return None
    answers = {k: v for k, v in parsed.items() if set(_words(k)) & _ANSWER_KEYS}
    if not answers or not _LOCK_REFUSAL.search(json.dumps(answers)):
        return None

    def asked(node: object) -> object:  # the call without its answer, nor the API's own verb for it
        if isinstance(node, dict):
            return {k: asked(v) for k, v in node.items()
                    if not set(_words(k)) & _ANSWER_KEYS and str(k).lower() not in _COMMAND_KEYS}
        return [asked(v) for v in node] if isinstance(node, list) else node

    reading = _structured(asked(parsed), names)
    return reading if reading.values and not reading.unsure and not reading.ds else None


# A YAML block: lines of "key:" or "- item", one of them a key with a deeper key under it (a mapping in a mapping, as
# Ansible's tasks and a config's sections are). A label list ("Name servers:" over "- A") is no such block.
_YAML_LINE = re.compile(r"[ \t]*(?:-[ \t]+)?(?:[\w.\"'-]+[ \t]*:(?:[ \t].*)?|[^\s:#].*)$|[ \t]*#.*$|---[ \t]*$")
_YAML_KEY = re.compile(r"(?P<indent>[ \t]*(?:-[ \t]+)?)[\w.\"'-]+[ \t]*:[ \t]*$")
_YAML_ANY_KEY = re.compile(r"(?P<indent>[ \t]*(?:-[ \t]+)?)[\w.\"'-]+[ \t]*:(?:[ \t]|$)")


def _yaml_pastes(text: str, names: Names, unsure: list[tuple[str, str]]) -> str:
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and lines[j].strip() and _YAML_LINE.fullmatch(lines[j]):
            j += 1
        block = lines[i:j]
        if j - i >= 3 and _YAML_ANY_KEY.match(block[0]) and _nested(block):
            try:
                parsed = yaml.safe_load("\n".join(block))
            except yaml.YAMLError:
                parsed = None
            labels = _done(_structured(parsed, names), unsure) \
                if isinstance(parsed, (dict, list)) else None
            if labels is not None:
                out += labels
                i = j
                continue
        out += lines[i:max(j, i + 1)]
        i = max(j, i + 1)
    return "\n".join(out)


def _nested(block: list[str]) -> bool:
    """Whether a key with nothing after it has a key indented under it."""
    for n, line in enumerate(block[:-1]):
        if (key := _YAML_KEY.fullmatch(line)) and (under := _YAML_ANY_KEY.match(block[n + 1])) \
                and len(under["indent"]) > len(key["indent"]):
            return True
    return False


# --- Terraform plans ------------------------------------------------------------------------------------------------

_RESOURCE = re.compile(r'[ \t]*(?P<act>-/\+|\+/-|[-+~])[ \t]+resource[ \t]+"[^"\n]+"[ \t]+"[^"\n]+"[ \t]*\{[ \t]*$')
_ATTR = re.compile(r'[ \t]*(?P<sign>[-+~])?[ \t]*(?P<key>[\w-]+)[ \t]*=[ \t]*(?P<rest>.*?)[ \t]*$')
_BLOCK = re.compile(r'[ \t]*(?P<sign>[-+~])?[ \t]*(?P<key>[\w-]+)[ \t]*\{[ \t]*$')
_ELEMENT = re.compile(r'[ \t]*(?P<sign>[-+])?[ \t]*"(?P<value>[^"\n]*)"[ \t]*,?[ \t]*$')
_HIDDEN = re.compile(r"[ \t]*#[ \t]*\(\d+ unchanged (?:elements?|attributes?|blocks?) hidden\)[ \t]*$")
_AFTER_APPLY = re.compile(r"\(known after apply\)|\(sensitive(?: value)?\)")
_PLAN_SUMMARY = re.compile(r"[ \t]*Plan:[ \t]+\d+ to add, \d+ to change, \d+ to destroy\.[ \t]*$")
_STRING = re.compile(r'"([^"\n]*)"')
# A plan's own notes around what it read: the command that made it ("# terraform plan -target=module.dns"), and the
# line naming each resource's address and what will become of it ("# aws_route53domains_registered_domain.x will be
# updated in-place"). Their dotted addresses are no host names.
_PLAN_NOTE = re.compile(r"[ \t]*[#$>][ \t]*(?:terraform|tofu)[ \t]+(?:plan|apply|show)\b.*"
                        r"|[ \t]*#[ \t]+(?:module\.[\w-]+(?:\[[^\]\n]*\])?\.)*(?:data\.)?[\w-]+\.[\w-]+"
                        r"(?:\[[^\]\n]*\])?[ \t]+(?:will|must|has|is)[ \t].*")


def _depth(line: str) -> int:
    """What a line opens less what it closes, of braces and brackets outside strings."""
    bare = _STRING.sub("", line.split("#", 1)[0] if not line.lstrip().startswith("#") else "")
    return bare.count("{") + bare.count("[") - bare.count("}") - bare.count("]")


def _terraform_pastes(text: str, names: Names, unsure: list[tuple[str, str]]) -> str:
    if "resource" not in text:
        return text
    lines = text.split("\n")
    out: list[str] = []
    read_any = False
    i = 0
    while i < len(lines):
        if (head := _RESOURCE.fullmatch(lines[i])) is None:
            out.append(lines[i])
            i += 1
            continue
        depth, j = _depth(lines[i]), i + 1
        while j < len(lines) and depth > 0:
            depth += _depth(lines[j])
            j += 1
        reading = _Reading()
        if depth == 0:
            _plan_body(lines[i + 1:j - 1], head["act"], "", reading, names)
        else:
            reading.unsure.append(("", "a Terraform resource is cut off before its end"))
        labels = _done(reading, unsure)
        if labels is None:
            out += lines[i:j]
        else:
            out += labels
            read_any = True
        i = j
    if read_any:
        out = [line for line in out if not _PLAN_SUMMARY.fullmatch(line) and not _PLAN_NOTE.fullmatch(line)]
    return "\n".join(out)


def _is_ns_key(key: str) -> bool:
    words = _words(key)
    return bool(set(words) & _NS_WORDS) or ("name" in words and any(w.startswith("server") for w in words))


def _plan_body(body: list[str], act: str, domain: str, reading: _Reading, names: Names) -> None:
    """A resource's (or a block's) lines: its domain, its name server lists and blocks, what each mark does."""
    for line in body:
        attr = _ATTR.fullmatch(line)
        if attr and attr["key"].lower() in _DOMAIN_KEYS and (got := _STRING.findall(attr["rest"])):
            named = [_named(g, names, "domain") for g in got]
            if any(named) and len(set(named)) > 1:
                reading.unsure.append(("", "the plan changes which domain the resource is"))
                domain = ""
            elif any(named) and not domain:
                domain = named[0]
    if act not in ("~", "-/+", "+/-", "+"):
        reading.unsure.append((domain, "the plan destroys the resource"))
        return
    i = 0
    while i < len(body):
        line = body[i]
        if not line.strip() or _HIDDEN.fullmatch(line) or line.lstrip().startswith("#"):
            i += 1
            continue
        depth, j = _depth(line), i + 1
        while j < len(body) and depth > 0:
            depth += _depth(body[j])
            j += 1
        inner = body[i + 1:j - 1] if j - i > 1 else []
        attr, block = _ATTR.fullmatch(line), _BLOCK.fullmatch(line)
        key = (attr or block)["key"] if (attr or block) else ""
        sign = (attr or block)["sign"] if (attr or block) else None
        words = set(_words(key))
        if words & _DS_WORDS:
            reading.ds = True
        elif attr and _is_ns_key(key):
            _plan_list(attr["rest"], inner, sign, act, domain, reading, names)
        elif block and _is_ns_key(key):
            _plan_server(inner, sign, domain, reading, names)
        elif block:
            _plan_body(inner, act, domain, reading, names)
        elif any(_host(v, names) for ln in [line, *inner] for v in _STRING.findall(ln)):
            reading.unsure.append((domain, f"the plan changes {key or 'a value'} naming a name server"))
        i = j


def _plan_list(rest: str, inner: list[str], sign: str | None, act: str, domain: str, reading: _Reading,
               names: Names) -> None:
    """A list of name servers: "~ nameservers = [" with "- A", "+ B" and "C" (kept) under it; or written on one line,
    "[A, B] -> [C]" (what it was and what it becomes)."""
    if _AFTER_APPLY.search(rest) or any(_AFTER_APPLY.search(x) for x in inner):
        reading.unsure.append((domain, "the plan gives a name server as '(known after apply)'"))
        return
    if sign == "-" or act == "+" and sign not in ("+", None):
        reading.unsure.append((domain, "the plan removes the name servers"))
        return
    new_set = sign == "+" or act == "+"
    if rest.strip() != "[":
        sides = [s.strip() for s in rest.split("->")]
        try:
            lists = [json.loads(s) if s != "null" else [] for s in sides]
        except ValueError:
            reading.unsure.append((domain, f"the plan's name servers ({rest[:40]}) cannot be read"))
            return
        if not all(isinstance(x, list) and all(_host(v, names) for v in x) for x in lists) or len(lists) > 2:
            reading.unsure.append((domain, f"the plan's name servers ({rest[:40]}) cannot be read"))
            return
        if len(lists) == 2:
            for v in lists[0]:
                reading.give(domain, "current", _host(v, names))
        for v in lists[-1]:
            reading.give(domain, "new" if new_set or len(lists) == 2 else "keep", _host(v, names))
        return
    for line in inner[:-1] if inner and re.fullmatch(r"[ \t]*\][ \t]*,?[ \t]*", inner[-1] or "") else inner:
        if not line.strip() or _HIDDEN.fullmatch(line):
            continue
        element = _ELEMENT.fullmatch(line)
        host = _host(element["value"], names) if element else None
        if host is None:
            reading.unsure.append((domain, f"a line of the plan's name servers ({line.strip()[:40]}) cannot be read"))
            return
        mark = element["sign"]
        if new_set:
            if mark == "-":
                reading.unsure.append((domain, "the plan both creates and removes name servers"))
                return
            reading.give(domain, "new", host)
        else:
            reading.give(domain, {"-": "remove", "+": "add", None: "keep"}[mark], host)


_SERVER_NAME_KEYS = {"name", "host", "hostname", "server", "nameserver", "ns"}


def _plan_server(inner: list[str], sign: str | None, domain: str, reading: _Reading, names: Names) -> None:
    """A block of one name server ("- name_server {" with its "name = A -> null"): the block's mark says what becomes
    of it; "~" with its name "A" -> "B" replaces A with B."""
    given = []
    for line in inner:
        attr = _ATTR.fullmatch(line)
        if attr and attr["key"].lower() in _SERVER_NAME_KEYS:
            if _AFTER_APPLY.search(attr["rest"]):
                reading.unsure.append((domain, "the plan gives a name server as '(known after apply)'"))
                return
            given.append([_host(v, names) for v in _STRING.findall(attr["rest"])])
    if len(given) != 1 or not given[0] or None in given[0]:
        reading.unsure.append((domain, "a name server block of the plan cannot be read"))
        return
    hosts = given[0]
    if sign in ("-", "+") and len(hosts) == 1:
        reading.give(domain, "remove" if sign == "-" else "add", hosts[0])
    elif sign == "~" and len(hosts) == 2:
        reading.give(domain, "remove", hosts[0])
        reading.give(domain, "add", hosts[1])
    elif sign is None and len(hosts) == 1:
        reading.give(domain, "keep", hosts[0])
    else:
        # "~ name_server {" with its name unchanged: its glue changes, which is no delegation's record.
        reading.unsure.append((domain, "the plan changes a name server's block in place"))


# --- A sync job's log line: "desired ns=[A, B] actual ns=[C, D]" ---------------------------------------------------

_LOG_PAIR = re.compile(r"(?<![\w-])(?:(?P<key>[A-Za-z]+)[ _-]?(?P<field>ns|nameservers|name_servers|nservers)"
                       r"|(?P<state>want|wanted|desired|have|actual|current|target))"
                       r"[ \t]*[=:][ \t]*\[(?P<values>[^\]\n]*)\]", re.I)
# A sync job's own words for its two states, without the field's: "want=[A,B] have=[C,D]" (every value a name server).
_STATE_ROLE = {"want": "new", "have": "current"}


def _log_lines(text: str, names: Names, unsure: list[tuple[str, str]]) -> str:
    if "[" not in text:
        return text
    out = []
    for line in text.split("\n"):
        pairs = list(_LOG_PAIR.finditer(line))
        if not pairs:
            out.append(line)
            continue
        named = list(dict.fromkeys(d for w in re.split(r"[\s,;:()\[\]]+", _LOG_PAIR.sub(" ", line))
                                   if (d := _named(w, names, "domain"))))
        domain = named[0] if len(named) == 1 else ""
        reading = _Reading()
        for pair in pairs:
            key = pair["key"] or pair["state"]
            role = _STATE_ROLE.get(key.lower()) or _KEY_ROLE.get(key.lower())
            values = [v.strip().strip("'\"") for v in pair["values"].split(",") if v.strip()]
            hosts = [_host(v, names) for v in values]
            if role not in ("new", "current") or not hosts or None in hosts:
                reading.unsure.append((domain, f"the log's {key} {pair['field'] or ''} does not say for "
                                               "certain what is asked"))
                break
            for host in hosts:
                reading.give(domain, role, host)
        if len(named) > 1:
            reading.unsure.append(("", "a log line names several domains"))
        labels = _done(reading, unsure)
        if labels is None:
            out.append(line)
            continue
        rest = _LOG_PAIR.sub(" ", line).rstrip()
        out += [rest, *labels]
    return "\n".join(out)
