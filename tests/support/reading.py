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
