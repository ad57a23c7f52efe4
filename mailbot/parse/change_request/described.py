"""Parse (change request): what a field holds now, named on the way in a request to set it: "Please set the name
servers of x.gov.uk, currently A, to B and C", "(currently A)", ", managed by A,", ", which are presently on A and
D,", " - hosted at A - ", "(was A)". Set to B and C, the name servers are B and C whatever they are now: the values
named on the way describe the domain as it stands (resolve() holds them to the registry's records), and none of them
is the one replaced. Read as "change A to B and C", the current servers not named would stay beside the new set.

Of one record of a field that may hold several ("set the name server of x.gov.uk (currently A) to B"), which of its
records is meant, the words do not say for certain: asked about."""

import re
from dataclasses import dataclass

from mailbot.parse.change_request.line_values import is_bare, line_values
from mailbot.parse.change_request.names import hostnames

# A verb setting the field, or the domain, to values.
_VERB = (r"set|sets|setting|change|changes|changing|update|updates|updating|amend|amending|modify|modifying|move"
         r"|moving|switch|switching|migrate|migrating|point|pointing|(?:re-?)?delegate|(?:re-?)?delegating")
_PLURAL = (r"name[\s-]?servers|nameservers|dns\s+servers|ns(?:\s+records)?|delegation|ds(?:\s+records)?"
           r"|dnssec(?:\s+records)?")
_SINGULAR = r"name[\s-]?server|nameserver|dns\s+server|ns\s+record|ds\s+record|dnssec\s+record"
# The object set: the field of the domain ("the name servers of x.gov.uk", "x.gov.uk's name servers"), or the domain.
_OBJECT = rf"""(?:(?:the|its|their|our|your)\s+)?(?:(?P<owner>x{{3,}})(?:'s|\u2019s)\s+)?
    (?:(?P<plural>{_PLURAL})|(?P<singular>{_SINGULAR}))(?:\s+(?:of|for|on)\s+(?:the\s+domain\s+)?(?P<domain>x{{3,}}))?
    |(?P<alone>x{{3,}})"""
_NOW = r"currently|presently|at\s+present|at\s+the\s+moment|right\s+now|now|today|still"
_WHERE = (r"hosted\s+(?:at|on|by|with)|managed\s+by|served\s+by|run\s+by|handled\s+by|(?:pointing|pointed)\s+(?:at|to)"
          r"|delegated\s+to|set\s+to|using|on|at|with")
# The words that say what follows is what the field holds now: "currently", "which are presently on", "managed by",
# "was", "current:".
_DESCRIBING = rf"""(?:(?:which|that|they|it)\s+(?:is|are|was|were)(?:\s+(?:{_NOW}))?(?:\s+(?:{_WHERE}))?
    |(?:{_NOW})(?:\s*:)?(?:\s+(?:{_WHERE}))?
    |(?:hosted\s+(?:at|on|by|with)|managed\s+by|served\s+by|run\s+by|handled\s+by|(?:pointing|pointed)\s+(?:at|to)
    |delegated\s+to)|was|were|(?:current|old|existing)\s*:)"""
_SET_TO = re.compile(rf"""\b(?:{_VERB})\s+{{object}}\s*
    (?:(?P<comma>,)|(?P<bracket>\()|(?P<dash>\s[-\u2013\u2014]|\u2014))\s*(?P<words>{_DESCRIBING})\s+(?P<now>[^()\n]*?)
    (?(comma),|(?(bracket)\)|\s*(?:[-\u2013]\s|\u2014)))\s*(?:(?:over\s+)?to|onto|at)\s""".replace(
    "{object}", f"(?:{_OBJECT})"), re.I | re.X)


@dataclass(frozen=True)
class Described:
    """Values named on the way as what the field holds now: where their words start and where they end, in the text;
    whether the field is set whole (`whole`), or one record of it is named (asked about)."""

    start: int
    end: int
    whole: bool


def described_now(text: str, masked: str, targets: set[str], zone: str) -> list[Described]:
    """Each place where a sentence setting a field, or a domain, to values names on the way what it holds now (`masked`
    is the text with its names blanked)."""
    found = []
    for match in _SET_TO.finditer(masked):
        now = text[match.start("now"):match.end("now")]
        owner = next((g for g in ("owner", "domain", "alone") if match[g] is not None), None)
        if owner is not None and not set(hostnames(text[match.start(owner):match.end(owner)])) & targets:
            continue  # "change ns1.x.net, currently on 192.0.2.1, to ...": a value is changed, not the domain
        if not is_bare(now, targets, zone) or not any(line_values(now, targets, zone).values()) \
                or not any(line_values(text[match.end():], targets, zone).values()):
            continue
        found.append(Described(match.start("words"), match.end("now"), match["singular"] is None))
    return found
