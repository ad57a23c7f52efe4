"""Parse (change request): what a relayed mail leaves open, which the registrar's note above it does not settle by
giving the servers again. A registrar relays its customer's mail with a note restating the servers ("Customer request
with their manager's approval below, i.e. A, B and C"); the note is read, and held to the request it relays
(forwards.vouched_forward). But where the relayed mail itself is not settled (an approver in its chain says to hold,
its writer is not sure or offers two sets, its Welsh and English versions differ), the note saying one set is the
registrar's reading of it, not the customer's word: a person asks."""

from collections.abc import Callable, Sequence

from mailbot.parse.change_request.asks import ChangeRequest
from mailbot.parse.change_request.bilingual import languages_differ
from mailbot.parse.change_request.doubts import hedged, held
from mailbot.parse.change_request.welsh import in_english


def relayed_doubt(relayed: str, attached: Sequence[str], targets: set[str], zone: str,
                  read: Callable[[str], ChangeRequest]) -> str:
    """What leaves the relayed mail (`relayed`, and the texts attached to it) unsettled, in a few words, or "";
    `read` reads a text alone (reader.extract_change)."""
    for text in (relayed, *attached):
        if hold := held(text):
            return f"it says the change is not to be made yet ({hold!r})"
        if differ := languages_differ(text, targets, zone, read):
            return differ
        english = in_english(text)
        if hedge := hedged(english, targets, zone):
            return f"it is not sure of what it gives ({hedge!r})"
    return ""
