"""What mail does to a request on its way, with what each change does to the request's truth: the transformations
tests/test_request_metamorphic.py and bench/metamorphic.py apply to the tuning part's mails.

A `Case` is one request of the request corpus (tests/support/request_corpus.py) as the bot receives it: its bytes,
the records of the domains it may name, and its truth (each domain's resulting records, or "asked"). A
transformation takes a case and a seeded random source and gives the case as it arrives after that transformation,
its truth moved as the transformation moves it (a renaming renames the truth; a banner, a quoted message, a rewrap
or a shuffle leaves it as it was), or None where the transformation does not apply to that mail. `judged()` reads a
case as mailbot.workflow.changes.read does in the app (the change asked, resolved against each domain's records and
cross-checked against the sender's words) and says whether it was read exactly, asked about, read wrong or not read
at all (parked).

Only the tuning part's seeds are used: the held-out part is only ever measured end to end.
"""

from __future__ import annotations

import dataclasses
import functools
import random
import re
from dataclasses import dataclass
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from html import escape
from types import SimpleNamespace
from urllib.parse import quote

from mailbot.parse.change_request.reader import extract_change
from mailbot.parse.mail import read
from mailbot.workflow import changes
from tests.support import request_corpus as rc

ZONE = "gov.uk"


@dataclass(frozen=True)
class Case:
    """One request as received: `domains` holds the registry records of every domain of its seed, by name."""

    id: str
    seed: int
    layout: str
    client: str
    raw: bytes
    truth: object  # {domain: {field: values}} or "asked"
    domains: dict
    said: str


@functools.cache
def cases(seed: int, requests: int) -> tuple[Case, ...]:
    """The first `requests` requests of a tuning seed (those ambiguous on purpose among them), as cases."""
    if seed not in rc.SEEDS["tuning"]:
        raise ValueError(f"seed {seed} is not in the tuning part")
    c = rc.corpus("tuning", seeds=(seed,), requests=requests)
    domains = {d["name"]: d for org in c.registry["organisations"] for d in org["domains"]}
    return tuple(Case(m.id, seed, m.layout, m.client, m.raw, m.truth, domains, m.said)
                 for m in c.mails if m.kind in ("request", "ambiguous"))


# --- reading ----------------------------------------------------------------------------------------------------

def recorded(raw: bytes, domains: dict) -> dict[str, dict[str, tuple[str, ...]]]:
    """The change each domain of `domains` would be recorded with: the app's reading (mailbot.workflow.changes:
    the asks resolved against the domain's records, cross-checked against the sender's words, a forwarded
    request's included) without its database."""
    mail = read(raw)
    request = extract_change(mail.subject, mail.text, mail.headers, zone=ZONE, attached=mail.attached,
                             forwarded_attached=mail.forwarded_attached)
    words = changes.requested(mail, ZONE)
    out = {}
    for name in request.domains:
        record = domains.get(name)
        if record is None:
            continue
        domain = SimpleNamespace(name=name, nameservers=record["nameservers"], ds=record["ds"],
                                 whois_contacts=record.get("whois_contacts", []),
                                 registrant=record.get("registrant"), organisation=None)
        reading = changes.read(request, domain, words=words)
        if reading.change:
            out[name] = {f: rc.normalised(f, v) for f, v in reading.change.items()}
    return out


def judged(case: Case) -> tuple[str, str]:
    """("exact" | "asked" | "wrong" | "parked", what was read where it was not exact)."""
    try:
        got = recorded(case.raw, case.domains)
    except Exception as e:  # noqa: BLE001 - the app parks a mail its reading raises on
        return "parked", f"{type(e).__name__}: {e}"
    if case.truth == "asked":
        return ("wrong", f"an ambiguous mail recorded as {got}") if got else ("asked", "")
    truth = {d: {f: rc.normalised(f, v) for f, v in fields.items()} for d, fields in case.truth.items()}
    wrong = [f"{d} recorded {c}, the truth is {truth.get(d)}" for d, c in got.items() if c != truth.get(d)]
    if wrong:
        return "wrong", "; ".join(wrong)
    if set(got) == set(truth):
        return "exact", ""
    return "asked", "not read: " + ", ".join(sorted(set(truth) - set(got)))


# --- the message's text parts -----------------------------------------------------------------------------------

def rewritten(raw: bytes, plain=None, html=None, attached=None, *, linesep: str = "\n", drop_plain: bool = False,
              params: dict | None = None, charset: str | None = None, cte: str | None = None) -> bytes:
    """The message with the text of its text/plain parts put through `plain`, its text/html parts through `html`
    and its text attachments through `attached` (each str -> str; None leaves them), re-encoded in their own
    charset and transfer encoding (or those given), with `params` added to the plain parts' Content-Type. With
    `drop_plain`, an alternative's plain part is dropped, as a gateway that keeps only HTML does."""
    msg = message_from_bytes(raw, policy=default.clone(linesep=linesep))
    if drop_plain:
        for part in msg.walk():
            if part.get_content_type() == "multipart/alternative":
                kept = [p for p in part.iter_parts() if p.get_content_type() != "text/plain"]
                if len(kept) < len(list(part.iter_parts())):
                    part.set_payload(kept)
    for part in msg.walk():
        if part.is_multipart() or part.get_content_maintype() != "text":
            continue
        attachment = part.get_content_disposition() == "attachment"
        fn = attached if attachment else plain if part.get_content_type() == "text/plain" else \
            html if part.get_content_type() == "text/html" else None
        text = part.get_content()
        new = fn(text) if fn is not None else text
        own_charset = charset or part.get_content_charset() or "utf-8"
        try:
            new.encode(own_charset)
        except UnicodeEncodeError:
            own_charset = "utf-8"
        encoding = cte or (part.get("Content-Transfer-Encoding") or "8bit").lower()
        extra = {k: v for k, v in part.get_params(header="content-type")[1:] if k != "charset"}
        if part.get_content_type() == "text/plain" and not attachment:
            extra.update(params or {})
        filename = part.get_filename()
        if encoding in ("7bit", "8bit") and any(len(line) > 900 for line in new.splitlines()):
            encoding = "quoted-printable"
        if encoding == "7bit" and not new.isascii():  # 7bit carries ASCII only (RFC 2045, 2.7)
            encoding = "quoted-printable"
        kwargs = {"subtype": part.get_content_subtype(), "charset": own_charset, "cte": encoding,
                  "params": extra or None}
        if attachment:
            kwargs.update(disposition="attachment", filename=filename)
        part.set_content(new, **kwargs)
    return msg.as_bytes()


def with_headers(raw: bytes, **fields: str) -> bytes:
    """The message with header fields replaced or added ("In_Reply_To" for In-Reply-To)."""
    msg = message_from_bytes(raw, policy=default)
    for name, value in fields.items():
        name = name.replace("_", "-")
        del msg[name]
        msg[name] = value
    return msg.as_bytes()


def subject_of(raw: bytes) -> str:
    return str(message_from_bytes(raw, policy=default)["Subject"] or "")


def has_part(raw: bytes, ctype: str) -> bool:
    msg = message_from_bytes(raw, policy=default)
    return any(p.get_content_type() == ctype and p.get_content_disposition() != "attachment" for p in msg.walk())


def _html_top(html: str, block: str) -> str:
    m = re.search(r"<body[^>]*>", html, re.I)
    return html[:m.end()] + block + html[m.end():] if m else block + html


def _html_bottom(html: str, block: str) -> str:
    at = html.lower().rfind("</body>")
    return html[:at] + block + html[at:] if at >= 0 else html + block


def _html_lines(text: str) -> str:
    return "".join(f"<div>{escape(line) or '<br>'}</div>" for line in text.split("\n"))


# --- host names ---------------------------------------------------------------------------------------------------

HOST = re.compile(r"(?<![\w-])((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9])(?![\w-]|\.\w)", re.I)
_SECOND_LEVEL = {"co.uk", "org.uk", "gov.uk", "ac.uk", "net.uk", "me.uk"}


def provider(host: str) -> str:
    """The registered name a host sits under: its DNS provider's (awsdns-12.org, nameserver.co.uk), or, for a name
    server in the domain's own zone, the .gov.uk domain."""
    labels = host.lower().rstrip(".").split(".")
    n = 3 if ".".join(labels[-2:]) in _SECOND_LEVEL else 2
    return ".".join(labels[-n:])


def _nameservers(case: Case) -> set[str]:
    out = {v.lower().rstrip(".") for d in case.domains.values() for v in d["nameservers"]}
    if isinstance(case.truth, dict):
        out |= {v.lower().rstrip(".") for f in case.truth.values() for v in f.get("nameservers", ())}
    return out


NEUTRAL = ["dns-a", "dns-b", "lon1", "edge7", "pdns", "auth9", "cobalt", "tern", "sable", "ns-x", "ns-y", "rho",
           "kestrel", "ghyll", "beck", "fell", "tarn", "scar", "nab", "pike", "howe", "rigg", "knott", "brow"]
# Real host names carry words a reader could take for roles: "ns1.newdns.co.uk", "old-ns.council.gov.uk".
WORDY = ["new", "old", "current", "newdns", "old-dns", "ns-new", "add", "remove", "primary", "secondary",
         "backup", "same", "keep", "replace", "dns-new", "legacy", "next", "temp", "live", "none", "existing"]
TLDS = ["example", "net", "com", "co.uk", "org", "io", "uk", "cloud"]


def renaming(case: Case, rng: random.Random, pool: list[str]) -> dict[str, str]:
    """A consistent, one-to-one renaming of every name server the case's registry and truth hold: each label
    before the provider renamed, each provider renamed, a .gov.uk domain's own name kept."""
    hosts = _nameservers(case)
    labels, providers, used = {}, {}, set()

    def fresh(pick) -> str:
        while True:
            name = pick()
            if name not in used:
                used.add(name)
                return name

    def label(old: str) -> str:
        if old not in labels:
            labels[old] = fresh(lambda: rng.choice(pool) + rng.choice(["", "", str(rng.randrange(1, 30))]))
        return labels[old]

    def renamed_provider(old: str) -> str:
        if old.endswith("." + ZONE):
            return old
        if old not in providers:
            providers[old] = fresh(lambda: f"{rng.choice(pool)}{rng.choice(['', '-dns', 'hosting'])}."
                                          f"{rng.choice(TLDS)}")
        return providers[old]

    out = {}
    for host in sorted(hosts):
        p = provider(host)
        prefix = host[:-len(p)].rstrip(".").split(".") if host != p else []
        out[host] = ".".join([label(x) for x in prefix if x] + [renamed_provider(p)])
    for p in {provider(h) for h in hosts} - {provider(h) for h in hosts if h.endswith("." + ZONE)}:
        out.setdefault(p, renamed_provider(p))
    return out


def renamed_text(text: str, names: dict[str, str]) -> str:
    """Each host name of `names` found whole in the text renamed (its case kept where all capitals), and any other
    host under a renamed provider renamed with it."""
    def one(m):
        old = m.group(1)
        key = old.lower()
        new = names.get(key)
        if new is None:
            p = provider(key)
            if p not in names or p == key:
                return old
            prefix = key[:-len(p)].rstrip(".")
            new = prefix + "." + names[p]
        return new.upper() if old.isupper() else new
    return HOST.sub(one, text)


def _renamed_case(case: Case, names: dict[str, str]) -> Case:
    def rn(v: str) -> str:
        return renamed_text(v, names)
    domains = {n: {**d, "nameservers": [rn(v) for v in d["nameservers"]]} for n, d in case.domains.items()}
    truth = case.truth if case.truth == "asked" else {
        d: {f: ([rn(v) for v in vs] if f == "nameservers" else vs) for f, vs in fields.items()}
        for d, fields in case.truth.items()}
    raw = rewritten(case.raw, rn, rn, rn)
    subject = subject_of(case.raw)
    if rn(subject) != subject:
        raw = with_headers(raw, Subject=rn(subject))
    return dataclasses.replace(case, raw=raw, truth=truth, domains=domains, said=rn(case.said))


def rename(case: Case, rng: random.Random) -> Case:
    return _renamed_case(case, renaming(case, rng, NEUTRAL))


def rename_wordy(case: Case, rng: random.Random) -> Case:
    return _renamed_case(case, renaming(case, rng, WORDY))


# --- noise around the request: truth unchanged ------------------------------------------------------------------

OTHER_HOSTS = ["ns1.registrar-dns.example", "ns2.registrar-dns.example", "dns1.othernames-hosting.example",
               "dns2.othernames-hosting.example", "a.ns.webhost-uk.example", "b.ns.webhost-uk.example",
               "pdns01.parkingcrew.example", "ns3.legacy-dns.example.net"]


def _others(rng: random.Random, k: int = 2) -> list[str]:
    return rng.sample(OTHER_HOSTS, k)


def _noisy(case: Case, top: str = "", bottom: str = "", subject: str | None = None, **headers) -> Case | None:
    def plain(t):
        return (top + "\n\n" if top else "") + t + ("\n" + bottom + "\n" if bottom else "")
    def html(h):
        h = _html_top(h, _html_lines(top) + "<div><br></div>" if top else "")
        return _html_bottom(h, "<div><br></div>" + _html_lines(bottom) if bottom else "")
    raw = rewritten(case.raw, plain, html)
    if subject is not None:
        headers["Subject"] = subject
    if headers:
        raw = with_headers(raw, **headers)
    return dataclasses.replace(case, raw=raw)


BANNERS = [
    "[EXTERNAL] This email originated outside the organisation. Do not click links or open attachments unless you "
    "recognise the sender and know the content is safe.",
    "CAUTION: This email originated from outside of the organization. Do not click links or open attachments unless "
    "you recognize the sender and know the content is safe.",
    "External email: use caution with links and attachments. Report suspicious mail to phishing@registry.example.",
    "You don't often get email from this sender. Learn why this is important at https://aka.ms/LearnAboutSenderIdentification",
]


def banner(case: Case, rng: random.Random) -> Case | None:
    tag = rng.choice(["[EXTERNAL] ", "EXTERNAL: ", "[External] ", "*EXTERNAL* "])
    return _noisy(case, top=rng.choice(BANNERS), subject=tag + subject_of(case.raw))


MARKINGS = ["OFFICIAL", "OFFICIAL-SENSITIVE", "Classification: OFFICIAL", "Security classification: OFFICIAL",
            "UNCLASSIFIED", "Sensitivity: Internal", "This message has been classified as OFFICIAL"]


def classification(case: Case, rng: random.Random) -> Case | None:
    mark = rng.choice(MARKINGS)
    where = rng.randrange(3)
    return _noisy(case, top=mark if where != 1 else "", bottom=mark if where != 0 else "",
                  subject=(f"[{mark.split(': ')[-1].upper()}] " if rng.random() < 0.5 else "") + subject_of(case.raw))


def footer(case: Case, rng: random.Random) -> Case | None:
    """A gateway's or a phone's footer, another registrar's disclaimer, a signature that names name servers."""
    a, b = _others(rng)
    pick = [
        "Sent from my iPhone", "Get Outlook for iOS", "Sent from Mail for Windows",
        "This email has been scanned for viruses and malware by Mimecast Ltd.",
        "________________________________\nThis e-mail and any attachments are confidential. If you are not the "
        "intended recipient please notify the sender and delete it.",
        f"-- \nDomains Team | Webhost UK\nOur name servers: {a} and {b}\nStatus: https://status.webhost-uk.example",
        f"-- \nHostmaster\nPrimary DNS {a}, secondary DNS {b}\nPlease do not reply to this address.",
        f"Default name servers for new domains: {a}, {b}. Change them in your control panel.",
    ]
    return _noisy(case, bottom=rng.choice(pick))


def _other_case(case: Case, rng: random.Random) -> Case | None:
    """Another request of the same seed, for another domain (a message that came earlier in the thread)."""
    pool = [c for c in cases(case.seed, 60) if c.id != case.id and isinstance(c.truth, dict)
            and not set(c.truth) & set(case.truth if isinstance(case.truth, dict) else ())]
    return rng.choice(pool) if pool else None


def _earlier_message(case: Case, rng: random.Random) -> tuple[str, str, str]:
    """The text of an earlier message: another request of the seed, or a bot's or colleague's note naming other
    name servers. (who, subject, text)"""
    other = _other_case(case, rng)
    a, b = _others(rng)
    if other is not None and rng.random() < 0.6:
        return "Domains Team <requests@registrar.example>", subject_of(other.raw), other.said
    text = rng.choice([
        f"Hi,\n\nThe customer's old provider was using {a} and {b}. Can you confirm what they want?\n\nThanks",
        f"Hello,\n\nWe received your request. For reference the domain was delegated to {a} and {b} last year.\n",
        f"Please note our default name servers are {a} and {b}; these are NOT to be used for gov.uk domains.\n",
    ])
    return "Support <support@registrar.example>", "Re: your request", text


def quote_reply(case: Case, rng: random.Random) -> Case | None:
    """The request written above a quoted earlier message, in the style of the client (Gmail/Thunderbird "On ...
    wrote:" and "> " lines, Apple Mail's "> On ...", Outlook's header block with the message unquoted below)."""
    who, subject, text = _earlier_message(case, rng)
    style = rng.choice(["gmail", "thunderbird", "apple", "outlook"])
    arrow = "\n".join("> " + line if line else ">" for line in text.splitlines())
    if style == "gmail":
        plain_q = f"On Thu, 26 Nov 2026 at 16:12, {who} wrote:\n\n{arrow}"
    elif style == "thunderbird":
        plain_q = f"On 26/11/2026 16:12, {who.split(' <')[0]} wrote:\n{arrow}"
    elif style == "apple":
        plain_q = f"> On 26 Nov 2026, at 16:12, {who} wrote:\n> \n{arrow}"
    else:
        plain_q = (f"________________________________\nFrom: {who}\nSent: 26 November 2026 16:12\n"
                   f"To: {rc.BOT}\nSubject: {subject}\n\n{text}")
    if style == "outlook":
        html_q = ('<hr style="display:inline-block;width:98%"><div id="divRplyFwdMsg" dir="ltr"><b>From:</b> '
                  f"{escape(who)}<br><b>Sent:</b> 26 November 2026 16:12<br><b>To:</b> {rc.BOT}<br><b>Subject:</b> "
                  f"{escape(subject)}</div>{_html_lines(text)}")
    else:
        html_q = (f'<div class="gmail_quote"><div class="gmail_attr">On Thu, 26 Nov 2026 at 16:12, {escape(who)} '
                  f'wrote:<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex">'
                  f"{_html_lines(text)}</blockquote></div>")
    raw = rewritten(case.raw, lambda t: t + "\n" + plain_q + "\n", lambda h: _html_bottom(h, html_q))
    earlier = f"<earlier.{rng.getrandbits(40):x}@registrar.example>"
    raw = with_headers(raw, In_Reply_To=earlier, References=earlier,
                       Subject=("RE: " if style == "outlook" else "Re: ") + subject_of(case.raw))
    return dataclasses.replace(case, raw=raw)


# --- what clients and gateways do to the text: truth unchanged --------------------------------------------------

def _wrapped(text: str, width: int, soft: str = "") -> str:
    """Lines longer than `width` broken at spaces, as a client does when it sends (a word longer than the width
    stays whole); `soft` ends each broken line (" " for format=flowed, RFC 3676)."""
    out = []
    for line in text.split("\n"):
        while len(line) > width:
            at = line.rfind(" ", 0, width + 1)
            if at <= 0:
                at = line.find(" ", width)
                if at < 0:
                    break
            out.append(line[:at] + soft)
            line = line[at + 1:]
        out.append(line)
    return "\n".join(out)


def _plain_only(fn):
    def transformation(case: Case, rng: random.Random) -> Case | None:
        if not has_part(case.raw, "text/plain"):
            return None
        return fn(case, rng)
    transformation.__name__ = fn.__name__
    transformation.__doc__ = fn.__doc__
    return transformation


@_plain_only
def rewrap(case: Case, rng: random.Random) -> Case | None:
    width = rng.choice([72, 76, 78, 66])
    return dataclasses.replace(case, raw=rewritten(case.raw, lambda t: _wrapped(t, width)))


@_plain_only
def flowed(case: Case, rng: random.Random) -> Case | None:
    """format=flowed (RFC 3676): long lines broken with a space before each soft break, DelSp=no."""
    return dataclasses.replace(case, raw=rewritten(case.raw, lambda t: _wrapped(t, 72, " "),
                                                   params={"format": "flowed"}))


def _safelink(url: str, rng: random.Random) -> str:
    data = "05%7C02%7Cregistrylock%40registry.example%7C" + "".join(rng.choice("0123456789abcdef") for _ in range(32))
    return (f"https://eur0{rng.randrange(1, 6)}.safelinks.protection.outlook.com/?url={quote(url, safe='')}"
            f"&data={data}%7C0%7C0%7C638677{rng.randrange(100000, 999999)}&sdata=Zk3"
            f"{rng.getrandbits(64):x}%3D&reserved=0")


_URL = re.compile(r"\bhttps?://[^\s<>\"')]+", re.I)


def safelinks(case: Case, rng: random.Random) -> Case | None:
    """Outlook's Safe Links: each URL in the plain text followed by its rewritten form in angle brackets, each
    href in the HTML rewritten."""
    def plain(t):
        return _URL.sub(lambda m: f"{m.group()}<{_safelink(m.group(), rng)}>", t)
    def html(h):
        return re.sub(r'href="([^"]+)"', lambda m: f'href="{escape(_safelink(m.group(1), rng))}"', h)
    if not _URL.search(case.said):
        return None
    return dataclasses.replace(case, raw=rewritten(case.raw, plain, html))


def autolink(case: Case, rng: random.Random) -> Case | None:
    """A client that turns host names into links: Outlook's plain alternative writes "ns1.x.net<http://ns1.x.net/>",
    Gmail's "ns1.x.net <http://ns1.x.net>", and with Safe Links the link is rewritten; the HTML gets anchors."""
    hosts = _nameservers(case)
    style = rng.choice(["outlook", "gmail", "safelinks"])

    def link(host: str) -> str:
        url = f"http://{host}/" if style != "gmail" else f"http://{host}"
        if style == "safelinks":
            url = _safelink(url, rng)
        return url

    def plain(t: str) -> str:
        return HOST.sub(lambda m: m.group() + (" " if style == "gmail" else "") + f"<{link(m.group().lower())}>"
                        if m.group().lower().rstrip(".") in hosts else m.group(), t)

    def html(h: str) -> str:
        return HOST.sub(lambda m: f'<a href="{escape(link(m.group().lower()))}">{m.group()}</a>'
                        if m.group().lower().rstrip(".") in hosts else m.group(), h)
    return dataclasses.replace(case, raw=rewritten(case.raw, plain, html))


def blank_lines(case: Case, rng: random.Random) -> Case | None:
    """Extra blank lines: each blank line doubled, or (as a client turning paragraphs into text does) a blank line
    after every line."""
    if rng.random() < 0.5:
        def fn(t):
            return re.sub(r"\n\n", "\n\n\n", t)
    else:
        def fn(t):
            return "\n".join(line + "\n" if line.strip() else line for line in t.split("\n"))
    return dataclasses.replace(case, raw=rewritten(case.raw, fn))


def crlf(case: Case, rng: random.Random) -> Case | None:
    """Windows line endings, on the wire and in every part's text."""
    return dataclasses.replace(case, raw=rewritten(case.raw, lambda t: t, lambda h: h, lambda a: a, linesep="\r\n"))


def nbsp(case: Case, rng: random.Random) -> Case | None:
    """Non-breaking spaces where a client or a copy from a web page puts them: some spaces in the text, after
    colons, and before values."""
    share = rng.choice([0.2, 0.5, 1.0])
    def plain(t):
        return re.sub(r"(?<=\S) (?=\S)", lambda m: "\u00a0" if rng.random() < share else " ", t)
    def html(h):
        return re.sub(r"(?<=[\w:,]) (?=[\w])(?![^<]*>)", lambda m: "&nbsp;" if rng.random() < share else " ", h)
    return dataclasses.replace(case, raw=rewritten(case.raw, plain, html))


def tabs(case: Case, rng: random.Random) -> Case | None:
    """Tabs for spaces: runs of spaces (aligned columns, indents) as one tab, and a tab after a label's colon."""
    def plain(t: str) -> str:
        t = re.sub(r" {2,}", "\t", t)
        return re.sub(r"(?m)^([^\S\n]*[A-Za-z][\w ()/-]{0,30}):[ ]", lambda m: m.group(1) + ":\t", t)
    return dataclasses.replace(case, raw=rewritten(case.raw, plain))


_LABEL = re.compile(r"(?m)^([^\S\n]*(?:[-*\u2022][^\S\n]+)?)([A-Za-z][A-Za-z0-9 ()/'-]{0,40}?)(:)(?=\s|$)")


def label_case(case: Case, rng: random.Random) -> Case | None:
    """Labels ("New name servers:", "Domain:") in capitals, in small letters or in title case."""
    how = rng.choice([str.upper, str.lower, str.title])
    def fn(t):
        return _LABEL.sub(lambda m: m.group(1) + how(m.group(2)) + m.group(3), t)
    def html(h):
        return re.sub(r"(?<=<b>)([^<]{1,40}:)(?=</b>)", lambda m: how(m.group(1)), fn(h))
    return dataclasses.replace(case, raw=rewritten(case.raw, fn, html))


def shouting(case: Case, rng: random.Random) -> Case | None:
    """The whole text in capitals (a person with caps lock, a ticket system's upper-cased export), or in small
    letters."""
    how = rng.choice([str.upper, str.lower])
    def html(h):
        return re.sub(r">([^<]+)<", lambda m: ">" + how(m.group(1)).replace("&NBSP;", "&nbsp;") + "<", h)
    subject = subject_of(case.raw)
    raw = rewritten(case.raw, how, html, how)
    return dataclasses.replace(case, raw=with_headers(raw, Subject=how(subject)))


def trailing_dots(case: Case, rng: random.Random) -> Case | None:
    """Name servers written with the root's dot ("ns1.example.net."), as DNS people write them."""
    hosts = _nameservers(case)

    def fn(t: str) -> str:
        return HOST.sub(lambda m: m.group() + "." if m.group().lower() in hosts and not
                        t.startswith(".", m.end()) else m.group(), t)
    return dataclasses.replace(case, raw=rewritten(case.raw, fn, fn, fn))


def typography(case: Case, rng: random.Random) -> Case | None:
    """What a word processor does to text pasted from it: curly quotes, en dashes for hyphen bullets and between
    words, an ellipsis character."""
    def fn(t: str) -> str:
        t = re.sub(r"(?m)^(\s*)- ", "\\1\u2013 ", t)
        t = re.sub(r" - ", " \u2013 ", t)
        t = re.sub(r"'", "\u2019", t)
        t = re.sub(r'"([^"\n]*)"', "\u201c\\1\u201d", t)
        return t.replace("...", "\u2026")
    return dataclasses.replace(case, raw=rewritten(case.raw, fn, None))


def invisible(case: Case, rng: random.Random) -> Case | None:
    """Invisible characters: a byte order mark at the start of the text, a zero-width space after values and
    labels (as pasted from web consoles)."""
    hosts = _nameservers(case)

    def fn(t: str) -> str:
        t = HOST.sub(lambda m: m.group() + "\u200b" if m.group().lower().rstrip(".") in hosts
                     and rng.random() < 0.5 else m.group(), t)
        return "\ufeff" + t
    return dataclasses.replace(case, raw=rewritten(case.raw, fn, None, charset="utf-8"))


def reencoded(case: Case, rng: random.Random) -> Case | None:
    """Another charset and transfer encoding, as a relay or a list server re-encodes a message."""
    charset = rng.choice(["utf-8", "windows-1252", "iso-8859-15"])
    cte = rng.choice(["quoted-printable", "base64", "8bit"])
    return dataclasses.replace(case, raw=rewritten(case.raw, lambda t: t, lambda h: h, charset=charset, cte=cte))


def html_kept(case: Case, rng: random.Random) -> Case | None:
    """The plain alternative dropped, as a gateway that keeps only HTML does: the HTML is read."""
    if not (has_part(case.raw, "text/plain") and has_part(case.raw, "text/html")):
        return None
    return dataclasses.replace(case, raw=rewritten(case.raw, drop_plain=True))


# --- order of independent items: truth unchanged ----------------------------------------------------------------

def _shape(line: str) -> str:
    line = re.sub(r"\b[0-9A-Fa-f]{32,}\b", "X", line)
    line = HOST.sub(lambda m: "D" if m.group().lower().rstrip(".").endswith("." + ZONE) and
                    m.group().count(".") <= 3 else "H", line)
    return re.sub(r"\d+", "N", line).strip()


def _shuffled_runs(lines: list[str], rng: random.Random, key) -> tuple[list[str], bool]:
    """Runs of consecutive items of one shape that hold values, each put in another order."""
    out, moved, i = [], False, 0
    while i < len(lines):
        j = i + 1
        shape = key(lines[i])
        while shape is not None and j < len(lines) and key(lines[j]) == shape:
            j += 1
        run = lines[i:j]
        if len(run) > 1:
            order = list(run)
            for _ in range(5):
                rng.shuffle(order)
                if order != run:
                    break
            moved |= order != run
            run = order
        out += run
        i = j
    return out, moved


def _line_key(line: str):
    shape = _shape(line)
    return shape if line.strip() and ("H" in shape or "X" in shape) else None


def shuffle_items(case: Case, rng: random.Random) -> Case | None:
    """The items of lists, the rows of tables and the lines of a form that hold values of one kind, in another
    order (in the HTML: list items, table rows, paragraphs of one shape)."""
    moved = []

    def plain(t: str) -> str:
        lines, m = _shuffled_runs(t.split("\n"), rng, _line_key)
        moved.append(m)
        return "\n".join(lines)

    def html(h: str) -> str:
        pieces = re.split(r"(<(?:li|tr|p)\b[^>]*>.*?</(?:li|tr|p)>)", h, flags=re.S)
        # Elements only: what lies between two consecutive elements is whitespace or empty.
        items = []
        for k, piece in enumerate(pieces):
            if k % 2 and (not items or items[-1][1] != k - 2 or pieces[k - 1].strip()):
                items.append(([k], k))
            elif k % 2:
                items[-1][0].append(k)
                items[-1] = (items[-1][0], k)
        for run, _ in items:
            texts = [pieces[k] for k in run]
            keys = [_line_key(re.sub(r"<[^>]+>", " ", x)) for x in texts]
            new, m = _shuffled_runs(texts, rng, lambda x, keys=dict(zip(texts, keys)): keys[x])
            moved.append(m)
            for k, x in zip(run, new):
                pieces[k] = x
        return "".join(pieces)
    raw = rewritten(case.raw, plain, html)
    return dataclasses.replace(case, raw=raw) if any(moved) else None


def shuffle_domains(case: Case, rng: random.Random) -> Case | None:
    """The domains of a request for several, each in its own paragraph, in another order."""
    if not isinstance(case.truth, dict) or len(case.truth) < 2:
        return None
    names = [d.lower() for d in case.truth]
    moved = []

    def key(block: str):
        named = {n for n in names if re.search(rf"(?<![\w.-]){re.escape(n)}(?![\w-])", block, re.I)}
        if len(named) != 1:
            return None
        return "domain" if HOST.search(block.replace(next(iter(named)), "")) else None

    def plain(t: str) -> str:
        blocks, m = _shuffled_runs(re.split(r"\n\n", t), rng, key)
        moved.append(m)
        return "\n\n".join(blocks)
    raw = rewritten(case.raw, plain, None)
    return dataclasses.replace(case, raw=raw) if any(moved) and has_part(case.raw, "text/plain") else None


# --- two requests in one mail: both truths ----------------------------------------------------------------------

_CLOSING = re.compile(r"^(?:kind(?:est)? regards|regards|many thanks|thanks(?: again)?|best regards|best wishes|"
                      r"best|cheers|thank you|yours sincerely|yours faithfully|br|warm regards|--\s?|thx|ta)[,.!]?\s*$",
                      re.I)
_GREETING = re.compile(r"^(?:hello|hi|dear|good (?:morning|afternoon)|afternoon|morning|hey|to whom)\b.{0,40}$", re.I)


def _request_part(case: Case) -> tuple[str, str, str] | None:
    """(greeting, request, closing and signature) of a single-domain request's text, or None when they cannot be
    told apart or the request does not name its domain before its first name server."""
    if not isinstance(case.truth, dict) or len(case.truth) != 1 or case.said.startswith("Ticket #") \
            or has_part(case.raw, "text/csv") or "attachment" in case.raw.decode("ascii", "replace").lower():
        return None
    domain = next(iter(case.truth))
    lines = case.said.split("\n")
    values = _nameservers(case) | {v.split()[-1].lower() for d in case.domains.values() for v in d["ds"]} \
        | {v.split()[-1].lower() for f in case.truth[domain].values() for v in f if " " in v}
    last = max((i for i, line in enumerate(lines) if any(v in line.lower() for v in values)), default=None)
    if last is None:
        return None
    end = next((i for i in range(last + 1, len(lines)) if _CLOSING.match(lines[i].strip())), None)
    if end is None:
        return None
    start = 1 if lines and _GREETING.match(lines[0].strip()) else 0
    body = "\n".join(lines[start:end]).strip("\n")
    named = [m for m in HOST.finditer(body) if m.group().lower().rstrip(".") in case.domains]
    first = min((body.lower().find(v) for v in values if v in body.lower()), default=-1)
    if not named or named[0].group().lower().rstrip(".") != domain or named[0].start() > first \
            or any(m.group().lower().rstrip(".") != domain for m in named):
        return None
    return "\n".join(lines[:start]), body, "\n".join(lines[end:])


def joined(case: Case, rng: random.Random) -> Case | None:
    """Two single-domain requests of the seed written as one mail for both domains: the first's greeting, both
    requests (in either order, apart by a blank line, a rule or a word), the first's closing and signature."""
    first = _request_part(case)
    if first is None:
        return None
    pool = [c for c in cases(case.seed, 60) if c.id != case.id and c.client == case.client
            or c.id != case.id and rng.random() < 0.3]
    rng.shuffle(pool)
    second = next((p for c in pool if (p := _request_part(c)) is not None and not set(c.truth) & set(case.truth)
                   and not any(d.startswith(next(iter(c.truth)).split(".")[0]) for d in case.truth)), None)
    if second is None:
        return None
    other = next(c for c in pool if _request_part(c) == second)
    gap = rng.choice(["\n\n", "\n\n----\n\n", "\n\nAlso:\n\n", "\n\nSecondly,\n\n", "\n\n* * *\n\n"])
    greeting, tail = first[0], first[2]
    text = (greeting + "\n\n" if greeting else "") + first[1] + gap + second[1] + "\n\n" + tail + "\n"
    names = sorted([*case.truth, *other.truth])
    msg = EmailMessage()
    source = message_from_bytes(case.raw, policy=default)
    msg["From"], msg["To"], msg["Date"] = source["From"], source["To"], source["Date"]
    msg["Subject"] = rng.choice([f"Name server changes for {' and '.join(names)}", f"Two changes: {', '.join(names)}",
                                 f"Registry Lock change requests - {' / '.join(names)}"])
    msg["Message-ID"] = f"<joined.{rng.getrandbits(48):x}@registrar.example>"
    msg.set_content(text, charset="utf-8", cte=rng.choice(["quoted-printable", "8bit"]))
    return dataclasses.replace(case, id=f"{case.id}+{other.id}", layout=f"{case.layout}+{other.layout}",
                               raw=msg.as_bytes(), truth={**case.truth, **other.truth}, said=text,
                               domains={**other.domains, **case.domains})


TRANSFORMATIONS = {f.__name__: f for f in (
    rename, rename_wordy, banner, classification, footer, quote_reply, rewrap, flowed, safelinks, autolink,
    blank_lines, crlf, nbsp, tabs, label_case, shouting, trailing_dots, typography, invisible, reencoded, html_kept,
    shuffle_items, shuffle_domains, joined)}


def example(name: str, seed: int, k: int, requests: int) -> Case | None:
    """The `k`th example of transformation `name` on seed `seed`, the same on every run: a request picked among the
    seed's first `requests`, transformed (None where the transformation does not apply to it)."""
    rng = random.Random(f"{name}/{seed}/{k}")
    pool = cases(seed, requests)
    case = pool[rng.randrange(len(pool))]
    made = TRANSFORMATIONS[name](case, rng)
    return None if made is None else dataclasses.replace(made, id=f"{name}-{seed}-{k}:{made.id}")
