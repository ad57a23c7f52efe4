"""One change request read by the reader alone (extract_change, then resolve), for the reader's unit tests."""

from mailbot.parse.change_request.reader import extract_change
from mailbot.parse.change_request.resolve import resolve

OLD = ("ns1.old.example", "ns2.old.example")


def outcome(body: str, current=OLD, domain: str = "hmrc.gov.uk", field: str = "nameservers", subject: str = "Change",
            attached=()):
    """The resulting records of `field`, None when the mail is asked about, "none" when it asks nothing of them."""
    request = extract_change(subject, body, {}, attached=attached)
    if domain in request.unclear:
        return None
    ask = request.asks.get(domain, {}).get(field)
    if ask is None:
        return "none"
    got = resolve(field, ask, current)
    return None if got.values is None else set(got.values)


# A customer's request as a registrar's desk quotes or forwards it, and the name servers it asks for.
NEW = {"dns-a.harbourhost.example", "dns-b.harbourhost.example"}
DRAFT = ("Hello,\n\nFor hmrc.gov.uk we need the delegation moved to our new provider.\n\nExisting:\n"
         "ns1.old.example\nns2.old.example\n\nReplacement:\ndns-a.harbourhost.example\ndns-b.harbourhost.example\n\n"
         "Best wishes\nPriya Raman\nNetworks Lead\n")
TO_BOT = {"To": "lock-desk@registry.example"}


def quoted(text: str) -> str:
    """The text quoted with ">" as a mail program quotes it."""
    return "\n".join(f"> {line}" if line else ">" for line in text.splitlines())


def read_quoted(body: str, headers=None, subject: str = "NS move for hmrc.gov.uk"):
    """The name servers hmrc.gov.uk is to have after the mail (written to the bot unless `headers` say otherwise), from
    OLD; None when it is asked about or asks nothing of them."""
    request = extract_change(subject, body, headers if headers is not None else TO_BOT)
    ask = request.asks.get("hmrc.gov.uk", {}).get("nameservers")
    if ask is None or "hmrc.gov.uk" in request.unclear:
        return None
    return set(resolve("nameservers", ask, OLD).values or ()) or None
