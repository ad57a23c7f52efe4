"""Parse (change request): a sender's correction of a value written in the mail's attachments ("CSV attached with the
new NS. Sorry, typo in the attached: ns4.x.net should read ns1.x.net."), applied where the value is written, in the
attachment, as a correction of a value in the mail's own lines is (mailbot.parse.corrections): the attachment read as
corrected, the correction taken out. One that cannot be applied with certainty is asked about, as any is."""

from collections.abc import Sequence

from mailbot.parse.corrections import Corrected, Unsure, apply_corrections, unapplied

# A line of its own between the mail's lines and each attachment's: no sender writes it, no correction changes it.
_APART = "\x02"


def corrected_with_attached(text: str, attached: Sequence[str]) -> tuple[Corrected | Unsure, list[str]] | None:
    """The corrections of the mail's lines applied to them and to its attachments' together, and the attachments as
    corrected, when a correction in its lines corrects a value written only in an attachment, or Unsure when one cannot
    be applied there for certain; None when none speaks of an attachment's value."""
    if not attached:
        return None
    lines = text.split("\n")
    for each in attached:
        lines += ["", _APART, "", *str(each).splitlines()]
    corrected = apply_corrections(lines)
    if isinstance(corrected, Unsure):
        # "Sorry, ns4.x.net in the attachment is wrong": read alone, the note corrects nothing it writes, and the
        # attachment's value said to be wrong would be recorded.
        return corrected, list(attached)
    if not corrected.changes:
        return None
    parts = "\n".join(corrected.lines).split(f"\n\n{_APART}\n\n")
    if len(parts) != len(attached) + 1 or unapplied(parts[0].split("\n")):
        return None
    return Corrected(parts[0].split("\n"), corrected.changes, corrected.kept), parts[1:]
