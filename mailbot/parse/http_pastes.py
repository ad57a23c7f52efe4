"""Parse (inside mailbot.parse.pastes): a registrar's HTTP call pasted whole, and a JSON Patch.

A registrar's system that the lock stopped pastes its call and the answer: "PUT https://api.x.example/v2/domains/
x.gov.uk/nameservers", its headers and its JSON body, then "HTTP/1.1 409 Conflict" and the answer's JSON (EPP's 2304,
"Object status prohibits operation", and the domain as it stands). The body is what the registrar asks; the answer,
a refusal by the lock, is the registry's word on what the domain has now: its name servers are the current ones.
An answer that is no refusal by the lock (a 400 saying a value is not valid) is left to the reader, which asks.

A JSON Patch (RFC 6902) says what becomes of a member by its "op": "replace" (or "add") of "/nameservers" with a list
puts that list in place whole, the new set; "add" of "/nameservers/-" adds one server. Any other operation ("remove"
by an index, "move", "copy", "test") names no server, or names it by its place in a list the mail does not give.
"""

import json
import re

# The status line of an HTTP answer, alone on its line: "HTTP/1.1 409 Conflict", "HTTP/2 409".
_STATUS_LINE = re.compile(r"[ \t]*HTTP/\d(?:\.\d)?[ \t]+\d{3}\b[^\n]*")
# A refusal by the lock: EPP's 2304 ("Object status prohibits operation", RFC 5730 3) or the status that says it.
_LOCK_REFUSAL = re.compile(r"\b2304\b|status\s+prohibits|server\w*prohibited", re.I)
# The keys of an answer that say what went wrong, not what the domain has.
_ERROR_KEYS = {"error", "errors", "fault", "exception", "message", "messages", "code", "status"}
_NAME_KEYS = {"name", "domain", "domainname", "domain_name", "fqdn"}
_NS_MEMBER = re.compile(r"/(?:name_?servers|nameServers|ns|hosts)", re.I)


def lock_answer(before: str, parsed: object) -> object | None:
    """The domain as a refusal by the lock shows it, under a key saying it is current ({"current": {...}}), when the
    JSON right after `before` is an HTTP answer (its status line the last line before it) refusing by the lock; None
    for any other JSON."""
    lines = [line for line in before.split("\n") if line.strip()]
    if not lines or not _STATUS_LINE.fullmatch(lines[-1]) or not isinstance(parsed, dict) \
            or not _LOCK_REFUSAL.search(json.dumps(parsed)):
        return None
    state = _without_flags({k: v for k, v in parsed.items() if str(k).lower() not in _ERROR_KEYS})
    return {"current": state} if state else None


def _without_flags(node: object) -> object:
    """The object without its true/false members ("dnssec": false: a state, which asks nothing), and without the
    domain's name ("name": "x.gov.uk"): the answer is to the call above it, whose domain the words before it name."""
    if isinstance(node, dict):
        return {k: _without_flags(v) for k, v in node.items()
                if not isinstance(v, bool) and not (str(k).lower() in _NAME_KEYS and isinstance(v, str))}
    return [_without_flags(v) for v in node] if isinstance(node, list) else node


def patched(parsed: object) -> object | None:
    """A JSON Patch of the name servers as the object it makes of them: {"new nameservers": [...]} for a list put in
    place whole, {"nameservers": {"add": [...]}} for servers appended; None for anything else, or a patch doing
    anything else besides."""
    if not isinstance(parsed, list) or not parsed or not all(
            isinstance(op, dict) and {"op", "path"} <= set(op) for op in parsed):
        return None
    whole, added = [], []
    for op in parsed:
        path, value, verb = str(op["path"]), op.get("value"), str(op["op"]).lower()
        if verb in ("replace", "add") and _NS_MEMBER.fullmatch(path) and isinstance(value, list) \
                and all(isinstance(v, str) for v in value):
            whole.append(value)
        elif verb == "add" and re.fullmatch(_NS_MEMBER.pattern + r"/-", path, re.I) and isinstance(value, str):
            added.append(value)
        else:
            return None
    if len(whole) > 1 or whole and added:
        return None
    return {"new nameservers": whole[0]} if whole else {"nameservers": {"add": added}}
