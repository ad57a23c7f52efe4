"""A wide corpus of registrars' change requests: the tuning generator's asks, registry, clients, charsets and thread
mails, written in the many words registrars, resellers, DNS hosts, ticket systems and portals really use.

`WideGenerator` is `request_corpus.Generator` with every layout's words drawn from a large, combinatorial
vocabulary: openings; label wordings for the new and the current records and their punctuation (colon, dash,
none, upper case, bold in HTML, underlined, bracketed, a Markdown heading); list styles (bullets of several kinds,
"1." "1)" "(1)" "[1]", letters, roman numerals, one per line, on one line with commas, semicolons, slashes or
" and "); form field names ("NS1", "Primary nameserver", "Name Server 1", "DNS 1", "Nameserver #1", "Host 1");
tables with the columns in any order, with or without a domain column or header row, with IP, TTL or status
columns, as aligned text, Markdown, ASCII grids, tab-separated text and HTML (Word's among them); add/remove
tables and lists with many action words; replace phrasings ("swap X for Y", "X -> Y", "use Y instead of X");
EPP commands and XML; portal and ticket-system exports, change logs and key-value dumps; CSV and text
attachments; several domains in one mail; DS records in one line, in zone-file form or in labelled fields, with
algorithm and digest type as numbers or names. Values come in capitals, with the root's dot, with their IP
addresses beside them; plain text is sometimes hard-wrapped.

Every request has one reading a careful person at the registry would agree on: its truth is `DomainAsk.truth()`,
the records each domain holds once the change is made. About one mail in 40 is ambiguous on purpose (truth
"asked"): two lists without labels, one name server left, a server to remove that the domain does not have, the
records it has already, two different new sets, an IP address or a cut-off name where a host name belongs, a DS
digest of the wrong length, a server both added and removed.

Seeds: `WIDE_SEEDS` (15 to tune on, 14 held out). Ids start with "w" (seed 15) or "y" (seed 14).
"""

from __future__ import annotations

import json
import re
import textwrap
from email import message_from_bytes
from email.policy import default
from html import escape

from tests.support.request_corpus import (
    LAYOUTS,
    DomainAsk,
    Generator,
    _bullet,
    _ds,
    _fit,
    build_mail,
)

WIDE_SEEDS = {"tuning": 15, "held-out": 14}
WIDE_SIZES = {15: 400, 14: 300}  # requests a seed makes
WIDE_PREFIXES = {15: "w", 14: "y", 26: "j"}
# One layout in 16 is DS: about 6 asks in 100. The layouts most written are the most often drawn.
WIDE_LAYOUTS = LAYOUTS + ("prose", "form", "label_list", "add_remove_table")
NEW_ORDINALS = ["Primary", "Secondary", "Tertiary", "Quaternary"]

# --- words ---------------------------------------------------------------------------------------------------------

NEW_ADJ = ["New", "Proposed", "Requested", "Desired", "Target", "Updated", "Replacement", "Required", "Future",
           "Intended", "Incoming"]
CUR_ADJ = ["Current", "Existing", "Old", "Present", "Previous", "Active", "Live", "Outgoing", "Original",
           "Current/old", "Legacy", "Former"]
NOUNS = ["name servers", "nameservers", "Name Servers", "Nameservers", "NS", "NS records", "DNS servers",
         "name server records", "nameserver hosts", "name servers (NS)", "authoritative name servers", "NS hosts",
         "DNS", "nameserver details", "Name server details", "delegation", "NS delegation", "name-servers"]
NEW_PHRASES = ["Please set the name servers to", "Please change the nameservers to", "Change NS to",
               "Update nameservers to", "Nameservers should be", "The new name servers are as follows",
               "Name servers after the change", "Please use the following nameservers", "We need the NS set to",
               "Nameservers to use", "Please point the domain to", "Delegate to", "Please update the DNS to",
               "NS records should read", "Kindly amend the name servers to", "Name servers going forward",
               "The nameservers need changing to", "Please re-delegate to", "Set NS to",
               "Name servers to be used from now on", "Change the nameservers over to"]
CUR_PHRASES = ["The domain currently uses", "At present the name servers are", "Currently delegated to",
               "Name servers before the change", "Nameservers being replaced", "Name servers to be replaced",
               "It is currently pointing to", "What we have now", "The NS records today are",
               "Presently delegated to", "Name servers in use now"]
LABEL_STYLES = ["colon", "colon", "colon", "dash", "none", "upper", "bold", "bold", "underline", "bracket",
                "heading", "colon_space", "count", "below"]
MARKERS = ["bullet", "bullet", "dash", "star", "o", "middot", "endash", "num_dot", "num_dot", "num_paren",
           "paren_num", "bracket_num", "letter_dot", "letter_paren", "roman", "none", "none", "indent", "tab",
           "inline_comma", "inline_semicolon", "inline_space", "inline_and", "inline_slash", "inline_pipe",
           "ns_prefix"]
GREETINGS = ["Hello,", "Hi,", "Hi team,", "Hi all,", "Dear Sir/Madam,", "Dear Registry Lock team,",
             "Dear colleagues,", "Good morning,", "Good afternoon,", "Morning,", "Hello Registry Lock,",
             "To whom it may concern,", "Dear .gov.uk team,", "Hello there,", "Dear Registry Lock,",
             "Good morning all,", "Hi there,", "Afternoon,", "Dear Support,", "Greetings,", "Hello DNS team,",
             "Dear Registry team,", "Hey,", "Dear all,", ""]
FILLERS = ["I hope you are well.", "Hope you're well.", "We have received the following request from our customer.",
           "Please see below a change request for a locked domain.", ("On behalf of our client, please action the "
            "change below."), "Please could you action the following on behalf of our customer.",
           "Our customer has authorised the change below.", "Please process the following DNS change.",
           "We have been instructed by the registrant to make the change below.",
           "The registrant has asked us to submit this change.", "Please find the change request below.",
           "This is a routine change requested by the domain holder.", "Please see the details of the change.",
           "Further to our call this morning, here is the change.", "As discussed, please find the details below.",
           "", "", ""]
ADDS = ["add", "Add", "ADD", "insert", "Insert", "INSERT", "new", "New", "NEW", "+", "create", "Create", "ADD NS",
        "to add", "Addition", "Add NS"]
REMOVES = ["remove", "Remove", "REMOVE", "delete", "Delete", "DELETE", "del", "DEL", "drop", "Drop", "retire",
           "Retire", "-", "rem", "REM", "to remove", "Removal", "decommission", "Remove NS"]
KEEPS = ["keep", "Keep", "KEEP", "no change", "unchanged", "retain", "Retain", "leave", "="]
ACTION_HEADS = ["Action", "Operation", "Op", "Change", "Type", "Add/Remove", "Action required", "ACTION", "Instruction",
                "Change type", "What"]
HOST_HEADS = ["Nameserver", "Name server", "Host", "NS", "Hostname", "Value", "Record", "Name Server", "Server",
              "NAMESERVER", "Nameserver (FQDN)", "Host name", "NS host"]
DOMAIN_HEADS = ["Domain", "Domain name", "Zone", "DOMAIN", "Domain Name", "FQDN", "Name", "Domain(s)"]
IP_HEADS = ["IP", "IPv4", "IP address", "Glue", "IPv4 address", "Address"]
TTL_HEADS = ["TTL", "ttl", "TTL (s)"]
STATUS_HEADS = ["Status", "State", "Ticket status"]
STATUSES = ["pending", "requested", "awaiting approval", "queued", "open"]
SENT_CLOSE = ["", "", " Thank you.", " Many thanks.", " Thanks in advance.", " Please confirm once done.",
              " Please let us know if you need anything else.", " The zone is already live at the new provider.",
              " Let me know if anything is unclear.", " Cheers."]
ASK_VERBS = ["Please update", "Could you please change", "Kindly amend", "We'd be grateful if you could update",
             "Can you update", "Please can you change", "I would like to request that you change", "Please set",
             "Please modify", "Please amend", "Could you update", "We need to change", "Please change",
             "Would you be able to update", "We are requesting a change to", "Please arrange to update"]
FOR_DOMAIN = ["for {d}", "of {d}", "on {d}", "for the domain {d}", "for the domain name {d}", "on the domain {d}",
              "for our customer's domain {d}", "at the registry for {d}"]


def _provider(values: list[str], domain: str) -> str:
    """How a registrar names the DNS host whose name servers these are."""
    text = " ".join(values)
    for key, name in (("cloudflare", "Cloudflare"), ("awsdns", "Amazon Route 53"), ("azure-dns", "Azure DNS"),
                      ("nsone", "NS1"), ("jisc", "Jisc"), ("krystal", "Krystal"), ("ukfast", "UKFast"),
                      ("nameserver.co.uk", "our own DNS platform"), ("civicdns", "Civic DNS"),
                      ("gov-hosting", "the shared hosting platform")):
        if key in text:
            return name
    return "their own name servers" if domain in text else "the new DNS provider"


def _joined(rng, values: list[str], kind: str | None = None) -> str:
    """Values written in a sentence: "A, B and C", "A & B", "A / B"..."""
    kind = kind or rng.choice(["and", "and", "oxford", "comma", "amp", "slash", "semicolon", "plus"])
    if len(values) == 1:
        return values[0]
    if kind == "and":
        return ", ".join(values[:-1]) + " and " + values[-1]
    if kind == "oxford":
        return ", ".join(values[:-1]) + (", and " if len(values) > 2 else " and ") + values[-1]
    sep = {"comma": ", ", "amp": " & ", "slash": " / ", "semicolon": "; ", "plus": " + ", "or": " or "}[kind]
    return sep.join(values)


def _ip(rng) -> str:
    return f"{rng.choice(['192.0.2', '198.51.100', '203.0.113'])}.{rng.randrange(1, 255)}"


def _ip6(rng) -> str:
    return f"2001:db8:{rng.randrange(1, 0xffff):x}::{rng.randrange(1, 0xff):x}"


def _with_ip(rng, value: str, shape: int) -> str:
    """A name server with its addresses beside it, as glue or as the provider's console shows them."""
    ip = _ip(rng)
    return [f"{value} ({ip})", f"{value} - {ip}", f"{value} [{ip}]", f"{value} / {ip}", f"{value}  IPv4: {ip}",
            f"{value} ({ip}, {_ip6(rng)})", f"{value}\t{ip}"][shape]


# --- rendering: blocks that the tuning generator's builder does not have --------------------------------------------

def _para(client: str) -> str:
    return {"outlook": '<p class="MsoNormal">{}</p>', "gmail": "<div>{}</div>", "apple_mail": "<div>{}</div>",
            "html_only": "<p>{}</p>"}.get(client, "<p>{}</p>")


def _label_plain(text: str, style: str, client: str) -> str:
    if not text:
        return ""
    if style == "dash":
        return text + " -"
    if style == "none":
        return text
    if style == "upper":
        return text.upper() + ":"
    if style == "bold":
        return f"*{text}:*" if client == "gmail" else text + ":"
    if style == "underline":
        return text + ":\n" + "-" * (len(text) + 1)
    if style == "bracket":
        return f"[{text.upper()}]"
    if style == "heading":
        return f"## {text}"
    if style == "colon_space":
        return text + " :"
    return text + ":"


def _label_html(text: str, style: str, client: str) -> str:
    if style == "bold":
        return f"<b>{escape(text)}:</b>"
    if style == "underline":
        return f"<u>{escape(text)}:</u>"
    if style == "heading":
        return f"<b>{escape(text)}</b>" if client != "html_only" else f"<h3>{escape(text)}</h3>"
    return escape(_label_plain(text, style, client))


def _marker(style: str, i: int, client: str, charset: str) -> str:
    if style == "bullet":
        return _bullet(client, "bullet", i, charset)
    return {"dash": "- ", "star": "* ", "o": "o   ", "middot": "\u00b7 ", "endash": "\u2013 ", "num_dot": f"{i}. ",
            "num_paren": f"{i}) ", "paren_num": f"({i}) ", "bracket_num": f"[{i}] ",
            "letter_dot": f"{'abcdef'[i - 1]}. ", "letter_paren": f"{'abcdef'[i - 1]}) ",
            "roman": f"{['i', 'ii', 'iii', 'iv', 'v', 'vi'][i - 1]}. ", "indent": "    ", "tab": "\t",
            "ns_prefix": f"NS{i}: "}.get(style, "")


INLINE = {"inline_comma": ", ", "inline_semicolon": "; ", "inline_space": " ", "inline_and": None,
          "inline_slash": " / ", "inline_pipe": " | "}


def list_block(label: str, items: list[str], style: str, *, label_style: str = "colon", native: bool = True,
               same_line: bool = False, gap: bool = False):
    """A label and its values as a list in `style` (one of MARKERS): in HTML a <ul>/<ol>, Word's list paragraphs
    (Outlook), or a paragraph a line; in plain text with the markers a client writes."""

    def render(client: str, charset: str) -> tuple[str, str]:
        p = _para(client)
        text, lstyle = label, label_style
        if label_style in ("count", "below"):  # "New name servers (2):", "New name servers (see below):"
            text, lstyle = f"{label} ({len(items) if label_style == 'count' else 'see below'})", "colon"
        lab = _label_plain(text, lstyle, client) if label else ""
        lab_html = _label_html(text, lstyle, client) if label else ""
        if style in INLINE:
            sep = INLINE[style]
            line = (", ".join(items[:-1]) + " and " + items[-1]) if sep is None and len(items) > 1 else \
                (sep or ", ").join(items)
            if lab and same_line and label_style in ("colon", "dash", "upper", "bold", "colon_space", "none", "count"):
                return f"{lab} {line}", p.format(f"{lab_html} {escape(line)}")
            return (f"{lab}\n{line}" if lab else line), (p.format(lab_html) if lab else "") + p.format(escape(line))
        lines = [_marker(style, i, client, charset) + v for i, v in enumerate(items, 1)]
        plain = "\n".join(([lab] if lab else []) + ([""] if lab and gap else []) + lines)
        html = p.format(lab_html) if lab else ""
        numbered = style in ("num_dot", "num_paren", "paren_num", "bracket_num", "letter_dot", "letter_paren",
                             "roman")
        if style in ("none", "indent", "tab", "ns_prefix") or not native:
            if client == "outlook" and style not in ("none", "indent", "tab", "ns_prefix"):
                html += "".join(_word_list_item(_marker(style, i, client, charset).strip() if numbered else
                                                "\u00b7", v, numbered) for i, v in enumerate(items, 1))
            elif style == "none" and client != "outlook" and gap:
                html += p.format("<br>".join(escape(v) for v in items))
            else:
                html += "".join(p.format(("&nbsp;&nbsp;&nbsp;&nbsp;" if style in ("indent", "tab") else "")
                                         + escape(_marker(style, i, client, charset).strip() + " " if
                                                  style not in ("none", "indent", "tab") else "") + escape(v))
                                for i, v in enumerate(items, 1))
        else:
            tag = "ol" if numbered else "ul"
            kind = {"letter_dot": ' type="a"', "letter_paren": ' type="a"', "roman": ' type="i"'}.get(style, "")
            cls = ' class="MsoListParagraph"' if client == "outlook" else ""
            html += f"<{tag}{kind}>" + "".join(f"<li{cls}>{escape(v)}</li>" for v in items) + f"</{tag}>"
        return plain, html

    return ("raw", render)


def _word_list_item(marker: str, value: str, numbered: bool) -> str:
    """One item of a list as Word writes it into Outlook's HTML."""
    font = "" if numbered else ' style="font-family:Symbol"'
    return (f'<p class="MsoListParagraph" style="margin-left:36.0pt;text-indent:-18.0pt;mso-list:l0 level1 lfo1">'
            f"<![if !supportLists]><span{font}>{escape(marker)}<span style=\"font:7.0pt &quot;Times New Roman&quot;\">"
            f"&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></span><![endif]>{escape(value)}<o:p></o:p></p>")


def fields_block(pairs: list[tuple[str, str]], *, sep: str = ": ", align: bool = False, html: str = "bold"):
    """`Field: value` lines, with the separator a form uses; in HTML bold names, plain lines or a two-column
    table."""

    def render(client: str, charset: str) -> tuple[str, str]:
        width = max(len(k) for k, _ in pairs) + len(sep.rstrip()) + 1 if align else 0
        lines = []
        for k, v in pairs:
            head = (k + sep.rstrip()).ljust(width) if align else k + sep
            lines.append(head + v)
        p = _para(client)
        if html == "table":
            rows = "".join(f'<tr><td style="padding:2px 8px">{escape(k)}</td><td style="padding:2px 8px">'
                           f'{escape(v).replace(chr(10), "<br>")}</td></tr>' for k, v in pairs)
            out = f'<table border="0" cellpadding="2"><tbody>{rows}</tbody></table>'
        elif html == "bold":
            out = "".join(p.format(f"<b>{escape(k)}{escape(sep.rstrip())}</b> {escape(v)}".replace("\n", "<br>"))
                          for k, v in pairs)
        else:
            out = "".join(p.format(escape(line).replace("  ", "&nbsp; ").replace("\t", "&nbsp;&nbsp;&nbsp; ")
                                   .replace("\n", "<br>")) for line in lines)
        return "\n".join(lines), out

    return ("raw", render)


def table_block(header: list[str] | None, rows: list[list[str]], style: str, *, underline: str = "-",
                outer: bool = True, colons: bool = False):
    """A table as a person pastes it: "aligned", "markdown", "grid", "tabs", "pipes", "html" or "word" (Word's
    HTML table in Outlook; its plain alternative has the cells separated by tabs)."""

    def text(client: str) -> str:
        allrows = ([header] if header else []) + rows
        ncol = max(len(r) for r in allrows)
        allrows = [r + [""] * (ncol - len(r)) for r in allrows]
        widths = [max(len(r[i]) for r in allrows) for i in range(ncol)]
        if style == "markdown":
            cells = [" | ".join(r) for r in allrows]
            lines = ["| " + c + " |" if outer else c for c in cells]
            if header:
                rule = "|".join([":---" if colons else "---"] * ncol)
                lines.insert(1, ("|" + rule + "|") if outer else rule)
            return "\n".join(lines)
        if style == "grid":
            rule = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
            body = ["| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |" for r in allrows]
            return "\n".join([rule] + body[:1] + ([rule] if header else []) + body[1:] + [rule])
        if style == "pipes":
            return "\n".join(" | ".join(r).rstrip() for r in allrows)
        if style == "tabs" or style in ("html", "word") and client in ("outlook", "gmail", "apple_mail"):
            return "\n".join("\t".join(r).rstrip() for r in allrows)
        lines = ["   ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in allrows]
        if header and underline:
            lines.insert(1, "   ".join(underline * w for w in widths))
        return "\n".join(lines)

    def render(client: str, charset: str) -> tuple[str, str]:
        plain = text(client)
        if style == "html":
            head = ("<tr>" + "".join(f"<th>{escape(c)}</th>" for c in header) + "</tr>") if header else ""
            body = "".join("<tr>" + "".join(f'<td style="padding:2px 8px">{escape(c)}</td>' for c in r) + "</tr>"
                           for r in rows)
            return plain, f'<table border="1" style="border-collapse:collapse"><tbody>{head}{body}</tbody></table>'
        if style == "word":
            def cell(c, bold=False):
                inner = f"<b>{escape(c)}<o:p></o:p></b>" if bold else f"{escape(c) or '&nbsp;'}<o:p></o:p>"
                return ('<td width="200" valign="top" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm '
                        f'5.4pt"><p class="MsoNormal">{inner}</p></td>')
            head = ("<tr>" + "".join(cell(c, True) for c in header) + "</tr>") if header else ""
            body = "".join("<tr>" + "".join(cell(c) for c in r) + "</tr>" for r in rows)
            return plain, ('<table class="MsoTableGrid" border="1" cellspacing="0" cellpadding="0" '
                           f'style="border-collapse:collapse;border:none"><tbody>{head}{body}</tbody></table>')
        if client == "outlook":
            p = '<p class="MsoNormal"><span style="font-family:&quot;Courier New&quot;">{}</span></p>'
            return plain, "".join(p.format(escape(line).replace("  ", "&nbsp; ").replace("\t", "&nbsp;&nbsp;&nbsp; ")
                                           or "&nbsp;") for line in plain.split("\n"))
        return plain, f"<pre>{escape(plain)}</pre>"

    return ("raw", render)


def pre_block(text: str):
    """Lines pasted as they are (commands, XML, zone-file lines): in HTML a <pre>, or Outlook's Courier lines."""

    def render(client: str, charset: str) -> tuple[str, str]:
        if client == "outlook":
            p = '<p class="MsoNormal"><span style="font-family:Consolas">{}</span></p>'
            return text, "".join(p.format(escape(line).replace("  ", "&nbsp; ") or "&nbsp;")
                                 for line in text.split("\n"))
        return text, f"<pre>{escape(text)}</pre>"

    return ("raw", render)


def _substitute(raw: bytes, said: str, rendered: dict[str, tuple[str, str]], charset: str) -> tuple[bytes, str]:
    """Put each rendered block in the place its token holds in the mail the tuning generator's builder made."""
    policy = default.clone(refold_source="none")  # the builder's headers as they were written
    msg = message_from_bytes(raw, policy=policy)

    def plain(text: str) -> str:
        for token, (p, _) in rendered.items():
            text = text.replace(token, p)
        return text

    def html(text: str) -> str:
        for token, (_, h) in rendered.items():
            text = re.sub(r'<(p|div)( class="MsoNormal")?>' + token + r"</\1>", lambda _m, h=h: h, text)
        return text

    for part in msg.walk():
        if part.get_content_maintype() != "text" or part.is_attachment():
            continue
        content = part.get_content()
        if not any(token in content for token in rendered):
            continue
        subtype = part.get_content_subtype()
        new = _fit(html(content) if subtype == "html" else plain(content), charset)
        params = {"format": "flowed"} if part.get_param("format") == "flowed" else None
        part.set_content(new, subtype=subtype, charset=charset, cte=str(part["Content-Transfer-Encoding"]),
                         params=params)
        if part is not msg:
            del part["MIME-Version"]  # set_content gives every part one; a client writes it once, at the top
    return msg.as_bytes(), _fit(plain(said), charset)


# --- the generator -------------------------------------------------------------------------------------------------

class WideGenerator(Generator):
    """The tuning generator with a wide vocabulary: same asks, registry, mail building and thread mails."""

    def __init__(self, part: str, seed: int):
        super().__init__(part, seed)
        self.prefix = WIDE_PREFIXES.get(seed, self.prefix)
        self.layouts = WIDE_LAYOUTS

    # the MIME: the tuning builder, with the blocks it does not have put in place and prose hard-wrapped

    def _build(self, rng, mid, client, charset, encoding, sender, registrar, subject, blocks, closing, signature,
               attachment):
        rendered, base = {}, []
        width = rng.choice([72, 76, 78]) if client in ("thunderbird", "ticket_system") and rng.random() < 0.5 \
            else None
        for block in blocks:
            if block[0] == "raw":
                token = f"WIDEBLOCK{len(rendered):02d}{mid.upper()}"
                rendered[token] = block[1](client, charset)
                base.append(("p", token))
            elif block[0] == "p" and width:
                base.append(("p", "\n".join(textwrap.fill(line, width, break_long_words=False,
                                                          break_on_hyphens=False) or line
                                            for line in block[1].split("\n"))))
            else:
                base.append(block)
        raw, said = build_mail(rng, mid, client, charset, encoding, sender, registrar, subject, base, closing,
                                signature, attachment)
        if rendered:
            raw, said = _substitute(raw, said, rendered, charset)
        return raw, said

    def _openings(self) -> list[str]:
        rng = self.rng
        greeting, filler = rng.choice(GREETINGS), rng.choice(FILLERS)
        sep = rng.choice(["\n\n", "\n", " "]) if greeting and filler else ""
        return [greeting + sep + filler]

    def _disclaimers(self) -> list[str]:
        return super()._disclaimers() + [
            "This e-mail has been scanned for viruses by our mail gateway.",
            ("The information contained in this email is intended only for the person or entity to which it is "
             "addressed. Our domain team will never ask you for your password."),
            "Sent from my iPhone", ""]

    def _subject(self, asks: list[DomainAsk], what: str = "Name server change") -> str:
        rng = self.rng
        names = rng.choice([", ", " / ", " & ", "; "]).join(a.domain for a in asks)
        word = rng.choice([what, what.lower(), "NS change", "Nameserver update", "DNS change", "Delegation change",
                           "Name server update request", "Modify nameservers", "Change of name servers",
                           "Re-delegation", "NS record update"] if what == "Name server change" else
                          [what, what.lower(), "DNSSEC update", "DS update", "DNSSEC: new DS record",
                           "Key rollover"])
        ref = rng.choice(["", "", f" [CS-{rng.randrange(10000, 99999)}]", f" (Ref: {rng.randrange(100000, 999999)})",
                          f" #{rng.randrange(1000, 9999)}", f" [Case:{rng.randrange(10 ** 6, 10 ** 7)}]"])
        return rng.choice([f"{word} for {names}", f"{word} - {names}", f"{names}: {word}", f"{names} - {word}",
                           f"URGENT: {word} {names}", f"Registry Lock change request {names}", f"{word}: {names}",
                           f"Request: {word} ({names})", f"FW: {word} {names}", f"{names}",
                           f"Locked domain {names} - {word}", f"Action required: {word} for {names}"]) + ref

    def _host(self, value: str) -> str:
        value = super()._host(value)
        if self.rng.random() < 0.04:  # a client capitalises the first letter of a line
            return value[:1].upper() + value[1:]
        return value

    def _hosts(self, values: list[str], ip: bool | None = None, *, inline: bool = False) -> list[str]:
        """Values as the mail shows them; sometimes each with its addresses."""
        rng = self.rng
        out = [self._host(v) for v in values]
        if ip if ip is not None else rng.random() < 0.1:
            shape = rng.choice([0, 2]) if inline else rng.randrange(7)
            out = [_with_ip(rng, v, shape) for v in out]
        return out

    # words

    def _label_new(self, domain: str, ask: DomainAsk | None = None, *, with_domain: bool = False) -> str:
        rng = self.rng
        adj, noun = rng.choice(NEW_ADJ), rng.choice(NOUNS)
        cap = noun[:1].upper() + noun[1:]
        if with_domain:
            return rng.choice([f"{adj} {noun} for {domain}", f"{domain} - {adj.lower()} {noun}",
                               f"{adj} {noun} ({domain})"])
        shapes = [f"{adj} {noun}", f"{adj} {noun}", f"{adj} {noun}", f"{cap} ({adj.lower()})",
                  f"{cap} - {adj.lower()}", rng.choice(NEW_PHRASES), rng.choice(NEW_PHRASES)]
        if ask is not None and ask.new_ns and _provider(ask.new_ns, domain)[0].isupper():
            shapes.append(f"{_provider(ask.new_ns, domain)} nameservers")
        return rng.choice(shapes)

    def _label_current(self, domain: str, *, with_domain: bool = False) -> str:
        rng = self.rng
        adj, noun = rng.choice(CUR_ADJ), rng.choice(NOUNS)
        cap = noun[:1].upper() + noun[1:]
        if with_domain:
            return rng.choice([f"{adj} {noun} for {domain}", f"{domain} - {adj.lower()} {noun}",
                               f"{adj} {noun} ({domain})"])
        return rng.choice([f"{adj} {noun}", f"{adj} {noun}", f"{adj} {noun}", f"{cap} ({adj.lower()})",
                           f"{cap} - {adj.lower()}", rng.choice(CUR_PHRASES)])

    def _list(self, label: str, items: list[str], *, style: str | None = None, label_style: str | None = None):
        rng = self.rng
        return list_block(label, items, style or rng.choice(MARKERS), label_style=label_style or
                          rng.choice(LABEL_STYLES), native=rng.random() < 0.6, same_line=rng.random() < 0.6,
                          gap=rng.random() < 0.3)

    def _table_style(self) -> str:
        return self.rng.choice(["aligned", "aligned", "markdown", "markdown", "grid", "tabs", "pipes", "html", "html",
                                "word"])

    def _table(self, header, rows):
        rng = self.rng
        style = self._table_style()
        return table_block(header, rows, style, underline=rng.choice(["-", "=", "", "-"]),
                           outer=rng.random() < 0.7, colons=rng.random() < 0.2)

    def _intro(self, a: DomainAsk) -> str:
        rng = self.rng
        d = a.domain
        return rng.choice([f"Please update the name servers for {d} as below.", f"Domain: {d}",
                           f"We have a change for {d}.", f"Please make the following change to {d}.",
                           f"Change request for {d}:", f"{d}", f"Domain name: {d}", f"Re: {d}",
                           f"Please action the NS change for {d}.", (f"Our customer {a.organisation} has asked us to "
                            f"update {d}."), f"The registrant of {d} has requested the change below.",
                           f"We've been asked to move {d} to a new DNS host.", f"For {d}, please:"])

    # --- layouts ---

    def _w_prose(self, asks):
        rng, a = self.rng, asks[0]
        new = self._new_set(a)
        shown, cur = self._hosts(new, inline=True), _joined(rng, self._hosts(a.current_ns, ip=False))
        d, prov = a.domain, _provider(new, a.domain)
        listed = _joined(rng, shown)
        verb, noun, fd = rng.choice(ASK_VERBS), rng.choice(NOUNS[:12]), rng.choice(FOR_DOMAIN).format(d=d)
        to = rng.choice(["to", "to the following:", "so that they are", "to read", "over to", "to point to"])
        shape = rng.randrange(14)
        if shape == 0:
            text = f"{verb} the {noun} {fd} {to} {listed}."
        elif shape == 1:
            text = (f"Our customer {a.organisation} is moving {d} to {prov}. {rng.choice(['Please', 'Could you'])} "
                    f"{rng.choice(['set', 'change', 'update'])} the {noun} {to} {listed}.")
        elif shape == 2:
            text = f"{verb} the {noun} {fd} from {cur} to {listed}."
        elif shape == 3:
            text = rng.choice([f"We would like {d} delegated to {listed} (currently {cur}).",
                               f"{d} currently uses {cur}; please change this to {listed}.",
                               f"At the moment {d} points to {cur}. It needs to point to {listed} instead."])
        elif shape == 4:
            text = (f"{prov[:1].upper()}{prov[1:]} has assigned the following {noun} for {d}: {listed}. Please "
                    f"update the delegation accordingly.")
        elif shape == 5:
            roles = [f"{v} as the {NEW_ORDINALS[i].lower()}" for i, v in enumerate(shown)]
            text = f"Please set {_joined(rng, roles, 'and')} name server {fd}."
        elif shape == 6:
            text = f"Please use {listed} instead of {cur} {fd}."
        elif shape == 7:
            text = f"The {noun} {fd} " \
                   f"{rng.choice(['should be', 'should now read', 'need to be changed to', 'must be'])} {listed}."
        elif shape == 8:
            text = (f"The new {noun} {fd} are {listed}. {rng.choice(['Please remove the old ones', 'These replace'])}"
                    f" ({cur}).")
        elif shape == 9:
            text = f"Please {rng.choice(['point', 're-delegate', 'delegate', 'move'])} {d} to {listed}."
        elif shape == 10:
            text = (f"We are migrating DNS for {d} from {cur} to {prov}. The zone has been created there and the "
                    f"{noun} we need at the registry are {listed}.")
        elif shape == 11:
            text = (f"Please replace the existing {noun} {fd} ({cur}) with {listed}.")
        elif shape == 12:
            text = (f"Hi, quick one - can you swap {d} over to {listed}? "
                    f"{rng.choice(['It is on', 'Currently'])} {cur} at the moment.")
        else:
            text = (f"In place of {cur}, please delegate {d} to {listed}.")
        text += rng.choice(SENT_CLOSE)
        return self._subject(asks), [("p", text)], None

    def _ns_field_names(self, n: int, role: str = "") -> list[str]:
        """Names a form gives its name server fields; `role` ("new", "current") worded the form's way."""
        rng = self.rng
        scheme = rng.randrange(14)
        noun = rng.choice(["Nameserver", "Name Server", "Name server", "NS", "DNS", "DNS Server", "Host",
                           "Nameserver Host", "Server", "NAMESERVER", "Name-server", "DNS server"])
        if scheme == 0 and n <= 4:
            kind = rng.choice(["nameserver", "DNS", "name server", "NS", "Nameserver"])
            base = [f"{NEW_ORDINALS[i]} {kind}" for i in range(n)]
        elif scheme == 1 and n <= 4:
            word = rng.choice(["Nameserver", "name server", "DNS"])
            base = [f"{['1st', '2nd', '3rd', '4th'][i]} {word}" for i in range(n)]
        elif scheme == 2 and n <= 4:
            base = [f"{['First', 'Second', 'Third', 'Fourth'][i]} name server" for i in range(n)]
        else:
            fmt = rng.choice(["{} {}", "{}{}", "{} #{}", "{} ({})", "{} [{}]", "{} {} hostname", "{}_{}", "{} {}",
                              "{}-{}", "{} {}"])
            base = [fmt.format(noun, i) for i in range(1, n + 1)]
            if fmt == "{}_{}":
                base = [b.lower().replace(" ", "_") for b in base]
        if not role:
            return base
        word = rng.choice({"new": ["New", "Proposed", "Requested", "Updated", "Target"],
                           "current": ["Current", "Old", "Existing", "Present", "Previous"]}[role])
        form = rng.randrange(4)
        if form == 0:
            return [f"{word} {b[:1].lower() + b[1:] if not b[:2].isupper() else b}" for b in base]
        if form == 1:
            return [f"{b} ({word.lower()})" for b in base]
        if form == 2:
            return [f"{b} - {word.lower()}" for b in base]
        return [f"{word} {b}" for b in base]

    def _extra_fields(self, a: DomainAsk) -> list[tuple[str, str]]:
        rng = self.rng
        pool = [("Registrant", a.organisation), ("Registrant", "unchanged"), ("DS records", "no change"),
                ("DNSSEC", "unchanged"), ("Glue records", "not required"), ("Change type", "Nameserver update"),
                ("Requested by", rng.choice(["J. Patel", "Helen Morris (IT Service Desk)", "Customer"])),
                ("Customer reference", f"REF-{rng.randrange(10000, 99999)}"), ("Lock status", "Locked"),
                ("Reason", rng.choice(["DNS migration", "Change of DNS provider", "Consolidation of DNS hosting",
                                       "Contract change"])), ("Priority", rng.choice(["Normal", "High", "P3"])),
                ("Authorised by", f"Head of ICT, {a.organisation}"), ("Contacts", "no change"),
                ("Expiry", "unchanged"), ("Account", f"ACC{rng.randrange(1000, 9999)}")]
        return rng.sample(pool, rng.choice([0, 0, 1, 2, 3]))

    def _w_form(self, asks):
        rng, a = self.rng, asks[0]
        new = self._new_set(a)
        shown = self._hosts(new)
        dom_field = (rng.choice(DOMAIN_HEADS), a.domain)
        shape = rng.randrange(5)
        role = rng.choice(["", "", "new"])
        if shape <= 1 and rng.random() < 0.25:  # a glue form: each server with its address
            names = self._ns_field_names(len(new), role)
            ip_name = rng.choice(["{} IP", "{} IPv4", "{} (IP address)", "IP for {}"])
            pairs = []
            for name, v in zip(names, new):
                pairs += [(name, self._host(v)), (ip_name.format(name), _ip(rng))]
        elif shape <= 1:
            pairs = list(zip(self._ns_field_names(len(shown), role), shown))
        elif shape == 2:
            key = rng.choice(["Name servers", "Nameservers", "NS", "DNS servers", "Nameserver(s)", "NS records",
                              "New nameservers", "Requested name servers", "Nameservers (new)", "Hosts"])
            pairs = [(key, rng.choice([", ", " ", "; ", " / ", ",", " and "]).join(shown))]
        elif shape == 3:  # a field whose values run on over the next lines, indented
            key = rng.choice(["Name servers", "Nameservers", "New name servers", "NS"])
            pad = " " * rng.choice([2, 4, len(key) + 2])
            pairs = [(key, shown[0] + "".join("\n" + pad + v for v in shown[1:]))]
        else:  # a form with sections
            pairs = list(zip(self._ns_field_names(len(shown), "new"), shown))
        extra = [f for f in self._extra_fields(a) if f[0] != "Glue records" or not any("IP" in k for k, _ in pairs)]
        pairs = [dom_field] + pairs + extra if rng.random() < 0.7 else [dom_field] + extra + pairs
        lead = rng.choice(["Please make the following change:", "Details of the change:", "Change details below.",
                           "Please update as follows:", "Request details", "Form submitted:", "", "Please action:",
                           "Nameserver modification request", "The following form was completed by the customer:"])
        sep = rng.choice([": ", ": ", ":\t", " - ", " = ", ":  ", " : ", ":"])
        blocks = ([("p", lead)] if lead else []) + [
            fields_block(pairs, sep=sep, align=rng.random() < 0.3, html=rng.choice(["bold", "plain", "table"]))]
        return self._subject(asks), blocks, None

    def _w_label_list(self, asks):
        rng, a = self.rng, asks[0]
        new = self._new_set(a)
        shown = self._hosts(new)
        shape = rng.randrange(6)
        if shape == 4 and "awsdns" in new[0]:  # the record set Route 53 shows for a new hosted zone
            blocks = [("p", (f"We have created a hosted zone in Route 53 for {a.domain}. Please delegate it to the "
                             f"name servers it gives:")),
                      fields_block([("Record name", a.domain), ("Type", "NS"), ("Routing policy", "Simple"),
                                    ("Value", "\n".join(shown))], sep=": "),
                      ]
            return self._subject(asks), blocks, None
        if shape == 5 and "cloudflare" in new[0]:
            blocks = [("p", (f"{a.domain} has been added to Cloudflare. Cloudflare asks us to replace the current "
                             f"nameservers with theirs.")),
                      self._list(rng.choice(["Cloudflare nameservers", "Replace with Cloudflare's nameservers",
                                             "Assigned nameservers"]), shown)]
            return self._subject(asks), blocks, None
        label = self._label_new(a.domain, a)
        if shape == 3:  # the label names the domain; no lead
            return self._subject(asks), [self._list(self._label_new(a.domain, a, with_domain=True), shown)], None
        blocks = [("p", self._intro(a)), self._list(label, shown)]
        if rng.random() < 0.15:
            blocks.append(("p", rng.choice(["No other changes are needed.", "DS records: none.",
                                            "Please leave the DNSSEC settings as they are.",
                                            "Contacts are unchanged."])))
        return self._subject(asks), blocks, None

    def _w_current_new_lists(self, asks):
        rng, a = self.rng, asks[0]
        new = self._new_set(a)
        shown = self._hosts(new)
        style = rng.choice(MARKERS)
        lstyle = rng.choice(LABEL_STYLES)
        same = rng.random() < 0.7
        cur_label, new_label = self._label_current(a.domain), self._label_new(a.domain, a)
        if rng.random() < 0.15:
            cur_label, new_label = rng.choice([("From", "To"), ("Before", "After"), ("Now", "Change to"),
                                               ("Was", "Will be"), ("Remove", "Replace with")])
        blocks = [("p", self._intro(a)),
                  self._list(cur_label, self._hosts(a.current_ns, ip=False), style=style if same else None,
                             label_style=lstyle if same else None),
                  self._list(new_label, shown, style=style if same else None, label_style=lstyle if same else None)]
        if rng.random() < 0.3:  # new first, current after
            blocks[1], blocks[2] = blocks[2], blocks[1]
        if rng.random() < 0.2:
            blocks = blocks[1:]
        return self._subject(asks), blocks, None

    def _pair_headers(self) -> tuple[str, str]:
        rng = self.rng
        noun = rng.choice(["", "", " name servers", " nameservers", " NS", " DNS", " servers", " Nameserver"])
        cur, new = rng.choice([("Current", "New"), ("Old", "New"), ("From", "To"), ("Existing", "Requested"),
                               ("Current", "Proposed"), ("Before", "After"), ("Now", "Change to"),
                               ("Present", "Future"), ("Existing", "Replacement"), ("Old value", "New value"),
                               ("Current", "Required"), ("Live", "Target")])
        if noun and cur not in ("Old value", "Now"):
            cur, new = cur + noun, new + noun
        if rng.random() < 0.15:
            cur, new = cur.upper(), new.upper()
        return cur, new

    def _w_current_new_table(self, asks):
        rng, a = self.rng, asks[0]
        new = self._new_set(a)
        shown, current = self._hosts(new, ip=False), self._hosts(a.current_ns, ip=False)
        cur_h, new_h = self._pair_headers()
        blank = rng.choice(["", "", "-", "n/a", "(none)"])
        n = max(len(shown), len(current))
        if rng.random() < 0.2:  # transposed: a row for each side
            cols = [f"{rng.choice(['NS', 'Nameserver', 'Name server', 'DNS'])} {i}" for i in range(1, n + 1)]
            rows = [[cur_h] + current + [blank] * (n - len(current)), [new_h] + shown + [blank] * (n - len(shown))]
            if rng.random() < 0.3:
                rows.reverse()
            header = [rng.choice(["", "Field", "", "Set"])] + cols
            return self._subject(asks), [("p", f"Name server change for {a.domain}:"), self._table(header, rows)], None
        rows = [[current[i] if i < len(current) else blank, shown[i] if i < len(shown) else blank] for i in range(n)]
        header = [cur_h, new_h]
        extra = rng.randrange(5)
        if extra == 1:  # an index column
            header, rows = ["#"] + header, [[str(i)] + r for i, r in enumerate(rows, 1)]
        elif extra == 2:  # the domain in the first column
            every = rng.random() < 0.5
            header = [rng.choice(DOMAIN_HEADS)] + header
            rows = [[a.domain if every or i == 0 else ""] + r for i, r in enumerate(rows)]
        elif extra == 3:  # the new servers' addresses
            header = header + [rng.choice(IP_HEADS) + rng.choice(["", " (new)"])]
            rows = [r + [_ip(rng) if r[1] != blank else ""] for r in rows]
        flip = rng.random() < 0.3
        if flip:
            lead_cols = 1 if extra in (1, 2) else 0
            def swap(r):
                r = list(r)
                r[lead_cols], r[lead_cols + 1] = r[lead_cols + 1], r[lead_cols]
                return r
            header, rows = swap(header), [swap(r) for r in rows]
        intro = rng.choice([f"Name server change for {a.domain}:", f"Please update {a.domain} as per the table below.",
                            f"{a.domain}", f"Domain: {a.domain}", f"Changes for {a.domain}",
                            f"Please change the NS for {a.domain}:"])
        if rng.random() < 0.12 and extra in (0, 2):  # no header row: the lead says which column is which
            left, right = ("new", "current") if flip else ("current", "new")
            intro = (f"Name servers for {a.domain} ({left} on the left, {right} on the right):" if extra == 0 else
                     f"Below: domain, {left} name server, {right} name server.")
            header = None
        return self._subject(asks), [("p", intro), self._table(header, rows)], None

    def _add_remove_rows(self, a: DomainAsk, with_domain: bool):
        """The rows of an add/remove table: (columns, rows) with the columns in any order and some extra."""
        rng = self.rng
        add = rng.choice(ADDS)
        rem = {"+": "-", "ADD NS": "REM NS"}.get(add) or rng.choice([r for r in REMOVES if r not in ("-", "REM NS")])
        if add[0].isupper() and add[1:2].islower() and rem[0].islower():
            rem = rem.capitalize()
        keep = rng.choice(KEEPS) if rng.random() < 0.2 else None
        items = [(rem, v) for v in a.remove_ns] + [(add, v) for v in a.add_ns]
        order = rng.randrange(3)
        if order == 1:
            items = [(add, v) for v in a.add_ns] + [(rem, v) for v in a.remove_ns]
        elif order == 2:
            rng.shuffle(items)
        if keep:
            items += [(keep, v) for v in a.current_ns if v not in a.remove_ns]
        cols = ["action", "host"] + (["domain"] if with_domain else [])
        extra = rng.choice([None, None, None, "ip", "ttl", "status"])
        if extra:
            cols.append(extra)
        order_kind = rng.randrange(4)
        if order_kind == 0:
            cols = (["domain"] if with_domain else []) + ["action", "host"] + ([extra] if extra else [])
        elif order_kind == 1:
            cols = (["domain"] if with_domain else []) + ["host", "action"] + ([extra] if extra else [])
        else:
            rng.shuffle(cols)
        heads = {"action": rng.choice(ACTION_HEADS), "host": rng.choice(HOST_HEADS),
                 "domain": rng.choice(DOMAIN_HEADS), "ip": rng.choice(IP_HEADS), "ttl": rng.choice(TTL_HEADS),
                 "status": rng.choice(STATUS_HEADS)}
        ttl = rng.choice(["3600", "86400", "172800", "300"])
        rows = []
        for act, v in items:
            cell = {"action": act, "host": self._host(v), "domain": a.domain, "ip": _ip(rng) if act != rem else "",
                    "ttl": ttl, "status": rng.choice(STATUSES)}
            rows.append([cell[c] for c in cols])
        return [heads[c] for c in cols], rows, (add, rem)

    def _w_add_remove_table(self, asks):
        rng, a = self.rng, asks[0]
        self._add_remove(a)
        shape = rng.randrange(6)
        if shape == 4:  # two labelled lists: additions, removals
            add_l = rng.choice(["Add", "To add", "Please add", "Add the following", "Additions", "Servers to add",
                                "Add these nameservers", "Insert", "New (add)", "ADD"])
            rem_l = rng.choice(["Remove", "To remove", "Please delete", "Removals", "Servers to retire", "Drop",
                                "Delete the following", "Remove these nameservers", "Retire", "REMOVE"])
            blocks = [("p", self._intro(a))]
            parts = []
            if a.add_ns:
                parts.append(self._list(add_l, self._hosts(a.add_ns)))
            if a.remove_ns:
                parts.append(self._list(rem_l, self._hosts(a.remove_ns, ip=False)))
            if rng.random() < 0.5:
                parts.reverse()
            if rng.random() < 0.3 and len(a.current_ns) > len(a.remove_ns):
                parts.append(("p", rng.choice(["All other name servers stay as they are.",
                                               "Leave the remaining name servers in place."])))
            return self._subject(asks), blocks + parts, None
        if shape == 5:  # a diff, with its legend
            lines = [f"-{self._host(v)}" for v in a.remove_ns] + [f"+{self._host(v)}" for v in a.add_ns]
            if rng.random() < 0.5:
                lines = [line[0] + " " + line[1:] for line in lines]
            keep = [f" {v}" if rng.random() < 0.5 else f"  {v}" for v in a.current_ns if v not in a.remove_ns]
            text = "\n".join(lines + (keep if rng.random() < 0.5 else []))
            lead = rng.choice([f"Name server changes for {a.domain} (+ add, - remove):",
                               f"Changes to {a.domain}. Lines with + are to be added, lines with - removed:",
                               f"Diff of the NS set of {a.domain} (+ added, - removed):",
                               f"{a.domain} - NS diff below, + = add, - = remove."])
            return self._subject(asks), [("p", lead), pre_block(text)], None
        with_domain = rng.random() < 0.6
        header, rows, _ = self._add_remove_rows(a, with_domain)
        if rng.random() < 0.2:
            header = None
        lead = rng.choice(["Please action the following name server changes:", "Please apply:",
                           "Changes required:", "See the table below.", "NS changes",
                           "Please make these changes at the registry:"])
        if not with_domain:
            lead = rng.choice([f"Please action the following name server changes for {a.domain}:",
                               f"{a.domain}:", f"Domain: {a.domain}", f"Changes for {a.domain} below.",
                               f"For {a.domain} please make these changes:"])
        return self._subject(asks), [("p", lead), self._table(header, rows)], None

    def _w_portal(self, asks):
        rng, a = self.rng, asks[0]
        shape = rng.randrange(9)
        if shape == 7:
            return self._jira(asks)
        if shape == 8:
            return self._service_now(asks)
        if shape == 5:
            return self._change_log(asks)
        if shape == 6:
            return self._dump(asks)
        new = self._new_set(a)
        shown, current = self._hosts(new, ip=False), self._hosts(a.current_ns, ip=False)
        cur_w, new_w = rng.choice([("Old", "New"), ("Current", "New"), ("Existing", "Proposed"), ("From", "To"),
                                   ("Before", "After"), ("Current", "Requested"), ("Old", "Updated")])
        noun = rng.choice(["NS", "Nameserver", "Name Server", "DNS", "NS Host", "Name server"])
        place = rng.randrange(5)

        def name(word, i):
            return [f"{word} {noun} {i}", f"{noun} {i} ({word.lower()})", f"{noun}{i} {word.lower()}",
                    f"{noun.lower().replace(' ', '_')}{i}_{word.lower()}", f"{word.upper()} {noun.upper()}{i}"][place]

        pairs_cur = [(name(cur_w, i), v) for i, v in enumerate(current, 1)]
        pairs_new = [(name(new_w, i), v) for i, v in enumerate(shown, 1)]
        if shape == 1:  # interleaved
            pairs = []
            for i in range(max(len(current), len(shown))):
                pairs += pairs_cur[i:i + 1] + pairs_new[i:i + 1]
        elif shape == 2:
            pairs = pairs_new + pairs_cur
        else:
            pairs = pairs_cur + pairs_new
        if shape == 3:
            pairs = [(f"{cur_w} nameservers", ", ".join(current)), (f"{new_w} nameservers", ", ".join(shown))]
        portal = rng.choice(["Reseller portal", "Partner portal", "Control panel", "API", "Customer portal"])
        head = [("Request type", rng.choice(["Nameserver update", "Modify DNS", "Change nameservers", "NS change",
                                             "Domain update"])),
                (rng.choice(DOMAIN_HEADS), a.domain), ("Submitted via", portal),
                (rng.choice(["Order ref", "Request ID", "Ticket", "Job number"]),
                 f"ORD-{rng.randrange(100000, 999999)}")]
        head = rng.sample(head[2:], rng.randrange(3)) if rng.random() < 0.3 else head
        if a.domain not in [v for _, v in head]:
            head.insert(0, ("Domain", a.domain))
        tail = [("Status", rng.choice(["Awaiting registry", "Pending", "Submitted"]))] if rng.random() < 0.4 else []
        lead = rng.choice(["The following request was submitted through our portal.", "Portal submission:",
                           "Automated request from the reseller control panel", "--- Request details ---",
                           "Request exported from our system:", ""])
        blocks = ([("p", lead)] if lead else []) + [fields_block(head + pairs + tail,
                                                                 sep=rng.choice([": ", ":\t", " = "]),
                                                                 align=rng.random() < 0.4,
                                                                 html=rng.choice(["bold", "plain", "table"]))]
        return self._subject(asks), blocks, None

    def _jira(self, asks):
        """A ticket raised in Jira and sent on as it is written: its wiki markup, bold fields and bullets."""
        rng, a = self.rng, asks[0]
        new = self._new_set(a)
        cur_l, new_l = rng.choice([("Current nameservers", "New nameservers"), ("Existing NS", "Requested NS"),
                                   ("Old name servers", "New name servers"), ("From", "To")])
        reporter = rng.choice(["Helen Morris", "J. Patel", "Service Desk"])
        title = f"h3. {rng.choice(['Nameserver change', 'DNS change request', 'Change details'])}\n"
        if rng.random() < 0.4:  # a Jira table
            text = title + (f"||Field||Value||\n|Domain|{a.domain}|\n|{cur_l}|{', '.join(a.current_ns)}|\n"
                            f"|{new_l}|{', '.join(self._host(v) for v in new)}|\n|Reporter|{reporter}|")
        else:
            text = (title + f"*Domain:* {a.domain}\n*{cur_l}:*\n" + "".join(f"* {v}\n" for v in a.current_ns) +
                    f"*{new_l}:*\n" + "".join(f"* {self._host(v)}\n" for v in new) + f"*Reporter:* {reporter}")
        return self._subject(asks), [("p", rng.choice(["Ticket details copied from our Jira:", "From our service desk:",
                                                      ""]) or "Details:"), pre_block(text)], None

    def _service_now(self, asks):
        """A ServiceNow request item's variables, as its notification mails them."""
        rng, a = self.rng, asks[0]
        new = self._new_set(a)
        pairs = [("Number", f"RITM{rng.randrange(10 ** 6, 10 ** 7)}"), ("Requested for", a.organisation),
                 ("Item", "DNS - nameserver change"), ("Domain name", a.domain),
                 (rng.choice(["Current name servers", "Current nameservers (as shown in WHOIS)", "Existing NS"]),
                  ", ".join(a.current_ns)),
                 (rng.choice(["Requested name servers", "New nameservers", "Required NS"]),
                  rng.choice([", ", "; ", " "]).join(self._host(v) for v in new)),
                 ("Business justification", rng.choice(["Migration to new DNS provider", "Contract renewal",
                                                        "Consolidation"]))]
        return self._subject(asks), [("p", rng.choice(["Variables:", "Request item details", "Summary of request"])),
                                     fields_block(pairs, sep=": ", html=rng.choice(["table", "bold"]))], None

    def _change_log(self, asks):
        """A ticket system's change log: the fields that change, with their old and new values, by position."""
        rng, a = self.rng, asks[0]
        cur = list(a.current_ns)
        if rng.random() < 0.5:
            new = self._new_set(a)
        else:  # one position changes
            i = rng.randrange(len(cur))
            fresh = self._fresh(a, 1)[0]
            new = cur[:i] + [fresh] + cur[i + 1:]
            a.remove_ns, a.add_ns = [cur[i]], [fresh]
        empty = rng.choice(["", "(empty)", "-", "(none)", "<blank>", "n/a"])
        noun = rng.choice(["Nameserver", "Name server", "NS", "DNS", "nameserver"])
        rows = []
        for i in range(max(len(cur), len(new))):
            if cur[i:i + 1] != new[i:i + 1]:
                rows.append([f"{noun} {i + 1}", cur[i] if i < len(cur) else empty,
                             self._host(new[i]) if i < len(new) else empty])
        if rng.random() < 0.4:
            lines = [f"{r[0]} changed from {r[1] or empty} to {r[2] or empty}" if r[1] and r[2] and
                     r[1] != empty and r[2] != empty else
                     (f"{r[0]} set to {r[2]}" if r[1] in ("", empty) else f"{r[0]} cleared (was {r[1]})")
                     for r in rows]
            return self._subject(asks), [("p", f"Change log for {a.domain}:"), pre_block("\n".join(lines))], None
        header = rng.choice([["Field", "Old value", "New value"], ["Attribute", "From", "To"],
                             ["Field", "Before", "After"], ["Property", "Current", "Proposed"],
                             ["Item", "Was", "Now"]])
        return self._subject(asks), [("p", rng.choice([f"Requested changes to {a.domain}:",
                                                       f"Domain: {a.domain}\nChanges:",
                                                       f"Change summary for {a.domain}"])),
                                     self._table(header, rows)], None

    def _dump(self, asks):
        """A key-value dump: a JSON or YAML payload, or INI-style lines, from an API or a provisioning system."""
        rng, a = self.rng, asks[0]
        new = self._new_set(a)
        shown = [self._host(v) for v in new]
        kind = rng.randrange(4)
        if kind == 0:
            key = rng.choice(["nameservers", "ns", "name_servers", "nameServers", "hosts"])
            obj = {rng.choice(["domain", "domainName", "name"]): a.domain, key: shown}
            if rng.random() < 0.5:
                obj = {"domain": a.domain, "old_nameservers": list(a.current_ns), "new_nameservers": shown}
            text = json.dumps(obj, indent=rng.choice([2, 4]))
        elif kind == 1:
            text = f"domain: {a.domain}\nnameservers:\n" + "".join(f"  - {v}\n" for v in shown)
            text = text.rstrip("\n")
        elif kind == 2:
            text = f"domain={a.domain}\n" + "\n".join(f"ns{i}={v}" for i, v in enumerate(shown, 1))
        else:
            text = f"[{a.domain}]\n" + "\n".join(f"nameserver{i} = {v}" for i, v in enumerate(shown, 1))
        lead = rng.choice(["Request payload from our reseller API:", "Provisioning data:",
                           "The order as our system holds it:", "Please apply the new name servers below.",
                           f"Update for {a.domain} (machine export):"])
        return self._subject(asks), [("p", lead), pre_block(text)], None

    def _replace_phrase(self, old: str, new: str, *, verb: bool) -> str:
        """One replacement: a request ("swap X for Y", after "please") or a statement ("X -> Y")."""
        if verb:
            return self.rng.choice([
                f"replace {old} with {new}", f"swap {old} for {new}", f"change {old} to {new}",
                f"use {new} instead of {old}", f"substitute {new} for {old}", f"switch {old} to {new}",
                f"remove {old} and add {new}", f"update {old} to {new}", f"swap out {old} for {new}",
                f"replace {old} by {new}", f"change {old} for {new}", f"put {new} in place of {old}",
                f"change the name server {old} to {new}", f"exchange {old} for {new}", f"change just {old} to {new}",
                f"retire {old} and use {new} in its place", f"replace the name server {old} with {new}"])
        return self.rng.choice([
            f"{old} -> {new}", f"{old} => {new}", f"{old} --> {new}", f"{old} ==> {new}",
            f"{old} to be replaced by {new}",
            f"in place of {old}, {new}", f"{old} should become {new}", f"{new} to replace {old}",
            f"{old} becomes {new}", f"{old} to {new}", f"{old} > {new}", f"{old} replaced with {new}",
            f"from {old} to {new}", f"{old} is being decommissioned; its replacement is {new}",
            f"{new} replaces {old}", f"{old} (old) -> {new} (new)", f"old: {old} new: {new}"])

    def _w_replace(self, asks):
        rng, a = self.rng, asks[0]
        olds = rng.sample(a.current_ns, rng.choice([1, 1, min(2, len(a.current_ns))]))
        news = self._fresh(a, len(olds))
        a.remove_ns, a.add_ns = list(olds), list(news)
        pairs = [(self._host(o), self._host(n)) for o, n in zip(olds, news)]
        others = len(a.current_ns) > len(olds)
        keep = rng.choice(["The other name servers stay as they are.", "Everything else stays the same.",
                           "Leave the rest unchanged.", "No other changes.", ""]) if others else ""
        d = a.domain
        shape = rng.randrange(5)
        if shape <= 1:
            text = rng.choice([f"For {d}, please ", "Please ", f"On {d} could you ", f"Could you please, for {d}, ",
                               f"We need you to, on {d}, "]) + \
                " and ".join(self._replace_phrase(o, n, verb=True) for o, n in pairs) + "."
            if d not in text:
                text = f"{d}: {text}"
            return self._subject(asks), [("p", (text + " " + keep).strip())], None
        if shape == 2:
            text = f"{rng.choice([f'{d}:', f'Domain {d} -', f'Change for {d}:'])} " + \
                "; ".join(self._replace_phrase(o, n, verb=False) for o, n in pairs) + "."
            return self._subject(asks), [("p", (text + " " + keep).strip())], None
        if shape == 3:  # a list of replacements
            phrases = [self._replace_phrase(o, n, verb=rng.random() < 0.5) for o, n in pairs]
            blocks = [("p", rng.choice([f"Please make these replacements on {d}:",
                                        f"{d} - name server replacements:", f"Changes for {d}:"])),
                      self._list("", [p[:1].upper() + p[1:] for p in phrases],
                                 style=rng.choice(["dash", "bullet", "num_dot", "none", "star"]))]
            return self._subject(asks), blocks + ([("p", keep)] if keep else []), None
        header = rng.choice([["Replace", "With"], ["Old", "New"], ["Remove", "Add"], ["Outgoing", "Incoming"],
                             ["Replace this", "With this"], ["Current", "Replacement"], ["From", "To"]])
        return self._subject(asks), [("p", f"Please replace the following name servers on {d}:"),
                                     self._table(header, [list(p) for p in pairs])] + \
            ([("p", keep)] if keep else []), None

    def _w_epp(self, asks):
        rng, a = self.rng, asks[0]
        shape = rng.randrange(6)
        if shape >= 4:
            return self._registrar_api(asks, shape == 4)
        self._add_remove(a)
        if shape == 0 or shape == 1:
            add, rem = rng.choice([("ns add", "ns rem"), ("ADD NS", "REM NS"), ("add ns", "rem ns"),
                                   ("ns:add", "ns:rem"), ("ns add", "ns del"), ("ADD NS", "DEL NS"),
                                   ("add-ns", "remove-ns"), ("--add-ns", "--rem-ns"), ("-add ns", "-rem ns")])
            head = rng.choice([f"domain:update {a.domain}", f"UPDATE DOMAIN {a.domain}", f"domain: {a.domain}",
                               f"update domain {a.domain}", f"epp> update domain {a.domain}",
                               f"domain update {a.domain}"])
            ind = rng.choice(["  ", "    ", "\t", ""])
            rems = [f"{ind}{rem} {self._host(v)}" for v in a.remove_ns]
            adds = [f"{ind}{add} {self._host(v)}" for v in a.add_ns]
            if shape == 1 and rng.random() < 0.5:  # one line, as a shell takes it
                text = f"update domain {a.domain} " + " ".join(
                    [f"{add} {v}" for v in a.add_ns] + [f"{rem} {v}" for v in a.remove_ns])
            else:
                text = "\n".join([head] + (adds + rems if rng.random() < 0.3 else rems + adds))
        elif shape == 2:
            text = self._epp_xml(a)
        else:
            text = self._epp_xml(a, frame=False)
        lead = rng.choice(["Please apply this update for us:", "EPP command below:",
                           "The update as we would send it over EPP:", f"Please process for {a.domain}:",
                           "Our system generated the following request:", "Command:",
                           "The registry lock rejected our EPP update, so please make it for us:"])
        return self._subject(asks), [("p", lead), pre_block(text)], None

    def _registrar_api(self, asks, api: bool):
        """A complete set in a registrar API's command (a reseller API's ModifyDomain, nameserver0...) or in a
        whois-style template (nserver: lines)."""
        rng, a = self.rng, asks[0]
        new = [self._host(v) for v in self._new_set(a)]
        if api:
            pairs = [("command", "ModifyDomain"), ("domain", a.domain)] + \
                [(f"nameserver{i}", v) for i, v in enumerate(new, rng.choice([0, 1]))]
            if rng.random() < 0.3:
                text = "&".join(f"{k}={v}" for k, v in pairs)
            else:
                eq = rng.choice([" = ", "="])
                text = "\n".join(f"{k}{eq}{v}" for k, v in pairs)
            lead = rng.choice(["Our API call was refused because of the lock. The command was:",
                               "Please apply the following ModifyDomain for us:", "API request (for reference):"])
        else:
            key = rng.choice(["nserver", "nameserver", "ns"])
            text = f"domain: {a.domain}\n" + "".join(f"{key}: {v}\n" for v in new) + \
                rng.choice(["", f"changed: {rng.choice(['domains', 'hostmaster'])}@registrar.example\n"])
            lead = rng.choice([f"Modification template for {a.domain} (the name servers it should have):",
                               "Please apply this template (complete list of name servers):",
                               "Updated domain object, with the full set of nameservers:"])
        return self._subject(asks), [("p", lead), pre_block(text.rstrip("\n"))], None

    def _epp_xml(self, a: DomainAsk, *, frame: bool = True) -> str:
        """An EPP <domain:update> (RFC 5731), alone or in its <epp> frame, with hostObj or hostAttr elements."""
        rng = self.rng
        attr = rng.random() < 0.3
        b = "      " if frame else ""

        def hosts(values):
            if attr:
                return "".join(f"{b}      <domain:hostAttr>\n{b}        <domain:hostName>{v}</domain:hostName>\n"
                               + (f'{b}        <domain:hostAddr ip="v4">{_ip(rng)}</domain:hostAddr>\n'
                                  if a.domain in v else "") + f"{b}      </domain:hostAttr>\n" for v in values)
            return "".join(f"{b}      <domain:hostObj>{v}</domain:hostObj>\n" for v in values)

        body = f'{b}<domain:update xmlns:domain="urn:ietf:params:xml:ns:domain-1.0">\n' \
               f"{b}  <domain:name>{a.domain}</domain:name>\n"
        for tag, values in (("add", a.add_ns), ("rem", a.remove_ns)):
            if values:
                body += f"{b}  <domain:{tag}>\n{b}    <domain:ns>\n{hosts(values)}{b}    </domain:ns>\n" \
                        f"{b}  </domain:{tag}>\n"
        body += f"{b}</domain:update>"
        if not frame:
            return body
        return ('<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
                '<epp xmlns="urn:ietf:params:xml:ns:epp-1.0">\n  <command>\n    <update>\n' + body +
                f"\n    </update>\n    <clTRID>ABC-{rng.randrange(10 ** 5, 10 ** 6)}</clTRID>\n  </command>\n</epp>")

    def _w_csv(self, asks):
        rng, a = self.rng, asks[0]
        sep = rng.choice([",", ",", ";", "\t", "|"])
        ext = {"\t": rng.choice(["txt", "tsv"]), "|": "txt"}.get(sep, rng.choice(["csv", "csv", "txt"]))
        text, body = self._csv_text(asks, sep, rng.random() < 0.25)
        nl = rng.choice(["\r\n", "\n"])
        text = nl.join(text) + nl
        if rng.random() < 0.2:
            text = "\ufeff" + text  # Excel's byte-order mark
        name = rng.choice([f"ns-changes-{rng.randrange(1000, 9999)}", f"nameservers_{a.domain}", "Bulk NS update",
                           "change_request", f"{a.domain.partition('.')[0]}-dns", "request"])
        return self._subject(asks), [("p", body)], (f"{name}.{ext}", text, "csv" if ext == "csv" else "txt")

    def _csv_text(self, asks, sep: str, quote: bool) -> tuple[list[str], str]:
        """The rows of a CSV attachment for `asks`, in one of its shapes; and the mail's words about it."""
        rng = self.rng

        def row(cells):
            return sep.join(f'"{c}"' if quote else c for c in cells)

        shape = rng.randrange(3)
        names = ", ".join(a.domain for a in asks)
        if shape == 0:  # domain, action, name server: additions and removals
            for a in asks:
                self._add_remove(a)
            cols = rng.choice([["domain", "action", "nameserver"], ["Domain Name", "Action", "Name Server"],
                               ["action", "domain", "ns"], ["domain", "operation", "host"],
                               ["DOMAIN", "NS", "ACTION"], ["Domain", "Nameserver", "Add/Remove"],
                               ["domain", "action", "nameserver", "ipv4"], ["nameserver", "action", "domain"],
                               ["Zone", "Record", "Change"], ["domain_name", "ns_hostname", "operation", "ttl"]])
            if rng.random() < 0.2:
                cols = rng.sample(cols, len(cols))
            add, rem = rng.choice([("add", "remove"), ("ADD", "REMOVE"), ("add", "del"), ("Add", "Delete"),
                                   ("insert", "delete"), ("A", "R"), ("+", "-"), ("new", "retire")])
            out = [row(cols)]
            for a in asks:
                for act, v in [(rem, v) for v in a.remove_ns] + [(add, v) for v in a.add_ns]:
                    cell = {0: a.domain, 1: act, 2: self._host(v)}
                    kinds = ["domain" if c.lower().startswith(("domain", "zone")) else "action"
                             if c.lower() in ("action", "operation", "add/remove", "change") else "ip" if c == "ipv4"
                             else "ttl" if c == "ttl" else "ns" for c in cols]
                    out.append(row([{"domain": cell[0], "action": cell[1], "ns": cell[2], "ttl": "86400",
                                     "ip": _ip(rng) if act == add else ""}[k] for k in kinds]))
            legend = f" ({add} = add, {rem} = remove)" if add in ("A", "+") else ""
        elif shape == 1:  # one row a domain, its complete new set
            width = 4 if rng.random() < 0.5 else None
            sets = [self._new_set(a) for a in asks]
            n = width or max(len(s) for s in sets)
            cols = [rng.choice(["domain", "Domain", "Domain Name"])] + \
                [rng.choice(["ns{}", "NS{}", "Nameserver {}", "nameserver{}", "DNS{}"]).format(i)
                 for i in range(1, n + 1)]
            out = [row(cols)] + [row([a.domain] + [self._host(v) for v in s] + [""] * (n - len(s)))
                                 for a, s in zip(asks, sets)]
            legend = ""
        else:  # domain, current, new: one row a position
            for a in asks:
                self._new_set(a)
            cols = rng.choice([["domain", "old_ns", "new_ns"], ["Domain", "Current", "New"],
                               ["domain", "current nameserver", "new nameserver"], ["Domain", "From", "To"]])
            out = [row(cols)]
            for a in asks:
                for i in range(max(len(a.current_ns), len(a.new_ns))):
                    out.append(row([a.domain, a.current_ns[i] if i < len(a.current_ns) else "",
                                    self._host(a.new_ns[i]) if i < len(a.new_ns) else ""]))
            legend = ""
        body = rng.choice([f"Please find attached the name server changes for {names}.{legend}",
                           f"Changes attached as agreed.{legend}", f"See the attached file for {names}.{legend}",
                           f"Attached is the change request for {names}, exported from our system.{legend}",
                           f"Please process the attached spreadsheet.{legend}",
                           f"The attached CSV lists the nameserver changes for {names}.{legend}"])
        return out, body

    def _w_multi_domain(self, asks):
        rng = self.rng
        shape = rng.randrange(11)
        if shape == 9 and rng.random() < 0.25:  # a DS record for each domain (rarer: about 6 asks in 100 are DS)
            return self._multi_ds(asks)
        if shape == 9:
            shape = 0
        if shape == 8:
            sep = rng.choice([",", ";"])
            rows, body = self._csv_text(asks, sep, False)
            return self._subject(asks), [("p", body)], ("domains.csv", "\r\n".join(rows) + "\r\n", "csv")
        lead = rng.choice([f"Please update the name servers for the {len(asks)} domains below.",
                           "Please action the following for our customer:", "Multiple domains - details below.",
                           f"Our customer {asks[0].organisation} is moving all of its domains.",
                           "Bulk change request:"])
        blocks = [("p", lead)]
        if shape == 6:  # one set for all of them
            new = self._new_set(asks[0])
            while any(sorted(new) == sorted(a.current_ns) for a in asks):
                new = self._new_set(asks[0])
            for a in asks:
                a.new_ns = list(new)
            names = _joined(rng, [a.domain for a in asks], "and")
            blocks += [("p", rng.choice([f"The same change applies to {names}.", f"Domains: {names}",
                                         f"This is for {names}."])),
                       self._list(rng.choice(["New name servers for all of them", "Nameservers (all domains)",
                                              "Please set each of them to", "New NS"]), self._hosts(new))]
            return self._subject(asks), blocks, None
        if shape == 7:  # an add/remove table with a domain column
            allrows, header = [], None
            for a in asks:
                self._add_remove(a)
            add, rem = rng.choice([("ADD", "REMOVE"), ("Add", "Remove"), ("add", "delete"), ("Insert", "Drop")])
            for a in asks:
                allrows += [[a.domain, rem, self._host(v)] for v in a.remove_ns] + \
                    [[a.domain, add, self._host(v)] for v in a.add_ns]
            header = rng.choice([["Domain", "Action", "Nameserver"], None, ["Zone", "Op", "Host"]])
            return self._subject(asks), blocks + [self._table(header, allrows)], None
        if shape == 10:  # one table: domain, current, new, a row a position
            rows = []
            for a in asks:
                new = self._new_set(a)
                for i in range(max(len(new), len(a.current_ns))):
                    rows.append([a.domain if i == 0 or rng.random() < 0.5 else "",
                                 a.current_ns[i] if i < len(a.current_ns) else "",
                                 self._host(new[i]) if i < len(new) else ""])
            cur_h, new_h = self._pair_headers()
            return self._subject(asks), blocks + [self._table([rng.choice(DOMAIN_HEADS), cur_h, new_h], rows)], None
        if shape == 5:  # a table: domain, then its servers
            n = 4
            sets = [self._new_set(a) for a in asks]
            header = [rng.choice(DOMAIN_HEADS)] + [
                f"{rng.choice(['NS', 'Nameserver ', 'New NS'])}{i}".replace("  ", " ") for i in range(1, n + 1)]
            rows = [[a.domain] + [self._host(v) for v in s] + [""] * (n - len(s)) for a, s in zip(asks, sets)]
            return self._subject(asks), blocks + [self._table(header, rows)], None
        sepline = rng.choice(["", "---", "", "=" * 20])
        for k, a in enumerate(asks):
            new = self._new_set(a)
            shown = self._hosts(new)
            if k and sepline:
                blocks.append(("p", sepline))
            if shape == 0:
                blocks.append(fields_block([(rng.choice(["Domain", "Domain name"]), a.domain),
                                            (rng.choice(["Nameservers", "New nameservers", "NS"]),
                                             rng.choice([", ", " ", "; "]).join(shown))], sep=": "))
            elif shape == 1:
                blocks.append(self._list(rng.choice([f"{a.domain}", f"Domain: {a.domain}", f"For {a.domain}, use",
                                                     f"{k + 1}. {a.domain}"]), shown))
            elif shape == 2:
                blocks.append(("p", rng.choice([f"{a.domain} - new name servers {_joined(rng, shown)}.",
                                                f"Please set {a.domain} to {_joined(rng, shown)}.",
                                                f"{a.domain} should point to {_joined(rng, shown)}."])))
            elif shape == 3:
                blocks.append(fields_block([("Domain", a.domain)] +
                                           list(zip(self._ns_field_names(len(shown), "new"), shown))))
            else:
                blocks.append(self._list(self._label_current(a.domain, with_domain=True),
                                         self._hosts(a.current_ns, ip=False)))
                blocks.append(self._list(self._label_new(a.domain, a, with_domain=True), shown))
        return self._subject(asks), blocks, None

    def _multi_ds(self, asks):
        rng = self.rng
        blocks = [("p", rng.choice([
            "Please publish the following DS records, replacing any existing DS records for these domains:",
            "New DS records below (they replace any DS records the domains have now).",
            "DNSSEC has been enabled for the domains below. DS records (in place of any existing ones):"]))]
        lines = []
        for a in asks:
            a.new_ds = [self._ds_value()]
            tag, alg, dtype, digest = a.new_ds[0].split()
            lines.append(rng.choice([f"{a.domain}. IN DS {tag} {alg} {dtype} {digest}",
                                     f"{a.domain}: {tag} {alg} {dtype} {digest}",
                                     f"{a.domain} {tag} {alg} {dtype} {digest}"]))
        if rng.random() < 0.5:
            return self._subject(asks, "DS record change"), blocks + [pre_block("\n".join(lines))], None
        header = rng.choice([["Domain", "Key tag", "Algorithm", "Digest type", "Digest"],
                             ["Zone", "KeyTag", "Alg", "DigestType", "Digest"]])
        rows = [[a.domain] + a.new_ds[0].split() for a in asks]
        return self._subject(asks, "DS record change"), blocks + [self._table(header, rows)], None

    # DS

    def _ds_value(self) -> str:
        return _ds(self.rng)

    def _ds_render(self, a: DomainAsk, value: str):
        """One DS record as a registrar pastes it: a line in one of its forms, or labelled fields."""
        rng = self.rng
        tag, alg, dtype, digest = value.split()
        if rng.random() < 0.2:
            digest = digest.lower()
        split = rng.random() < 0.2
        half = len(digest) // 2
        alg_names = {"8": ["8", "RSASHA256", "RSA/SHA-256", "8 (RSASHA256)", "RSASHA256 (8)"],
                     "13": ["13", "ECDSAP256SHA256", "ECDSA Curve P-256 with SHA-256", "13 (ECDSAP256SHA256)",
                            "ECDSA P-256 with SHA-256 (13)", "ECDSAP256SHA256 (13)"]}[alg]
        type_names = {"2": ["2", "SHA-256", "SHA256", "2 (SHA-256)", "SHA-256 (2)"],
                      "4": ["4", "SHA-384", "SHA384", "4 (SHA-384)"]}[dtype]
        shape = rng.randrange(8)
        ttl = rng.choice(["3600", "86400", "300"])
        if shape <= 3:
            dig = f"{digest[:half]} {digest[half:]}" if split else digest
            line = [f"{tag} {alg} {dtype} {dig}", f"{a.domain}. IN DS {tag} {alg} {dtype} {dig}",
                    f"{a.domain}. {ttl} IN DS {tag} {alg} {dtype} {dig}",
                    f"{a.domain} {ttl} DS {tag} {alg} {dtype} {dig}"][shape]
            return [pre_block(line)] if rng.random() < 0.6 else [fields_block([("DS record", line)])]
        if shape == 4:  # zone-file form, the digest over two lines in parentheses
            text = (f"{a.domain}. {ttl} IN DS {tag} {alg} {dtype} (\n                    {digest[:half]}\n"
                    f"                    {digest[half:]} )")
            return [pre_block(text)]
        names = rng.choice([("Key tag", "Algorithm", "Digest type", "Digest"),
                            ("Key Tag", "Algorithm", "Digest Type", "Digest"),
                            ("Keytag", "Alg", "Digest Type", "Digest"),
                            ("Key tag", "Signing algorithm", "Digest algorithm type", "Digest"),
                            ("KeyTag", "Algorithm", "DigestType", "Digest"),
                            ("Key ID", "Algorithm", "Hash type", "Hash")])
        pairs = [(names[0], tag), (names[1], rng.choice(alg_names)), (names[2], rng.choice(type_names))]
        if split:
            pairs.append((names[3], digest[:half] + "\n" + " " * (len(names[3]) + 2) + digest[half:]))
        else:
            pairs.append((names[3], digest))
        if shape == 6:
            pairs.insert(0, ("Domain", a.domain))
        if shape == 7 and rng.random() < 0.5:  # Cloudflare's panel also shows the key
            key = "mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ=="
            pairs += [("Flags", "257"), ("Public key", key)]
        return [fields_block(pairs, sep=rng.choice([": ", ": ", ":\t", " - "]), align=rng.random() < 0.3,
                             html=rng.choice(["bold", "plain", "table"]))]

    def _w_ds(self, asks):
        rng, a = self.rng, asks[0]
        new = self._ds_value()
        values = [new]
        if rng.random() < 0.15:  # the same key's digest of the other type too (SHA-256 beside SHA-384)
            tag, alg, dtype, _ = new.split()
            digest = "".join(rng.choice("0123456789ABCDEF") for _ in range(96))
            values.append(f"{tag} {alg} 2 {digest[:64]}" if dtype == "4" else f"{tag} {alg} 4 {digest}")
        d = a.domain
        if a.current_ds and rng.random() < 0.5:
            a.add_ds = values  # a key rollover: the new key beside the old one
            lead = rng.choice([f"Please add the following DS record for {d} (keep the existing one):",
                               f"Key rollover for {d}: please ADD this DS record. Do not remove the current one yet.",
                               f"We are rolling the KSK for {d}. Please add the new DS alongside the existing record:",
                               f"Additional DS record for {d}:"])
        elif a.current_ds:
            a.new_ds = values
            old_tag = a.current_ds[0].split()[0]
            lead = rng.choice([f"Please replace the DS record for {d} with:",
                               f"Please remove the old DS record (key tag {old_tag}) for {d} and add:",
                               f"New DS record for {d}, replacing the existing one:",
                               f"The DNS host has re-signed {d}. The DS record needs to change to:"])
        else:
            a.new_ds = values
            lead = rng.choice([f"Please add this DS record to {d} to enable DNSSEC:",
                               f"We would like to enable DNSSEC on {d}. DS record below.",
                               f"DNSSEC has been switched on at the DNS provider for {d}. Please publish:",
                               f"DS data for {d}:"])
        form = rng.random()
        if form < 0.12:  # the EPP extension a registrar's system would have sent (RFC 5910)
            blocks = [("p", rng.choice([f"The DNSSEC update for {d}, as our EPP client would send it:",
                                        f"secDNS update for {d} below.", "EPP extension:"])),
                      pre_block(self._sec_dns(a, values))]
        elif form < 0.24:  # an action table of DS records
            blocks = [("p", lead), self._ds_table(a, values)]
        else:
            blocks = [("p", lead)]
            for v in values:
                blocks += self._ds_render(a, v)
        if rng.random() < 0.25:
            newns = self._hosts(self._new_set(a))
            blocks.append(self._list(rng.choice(["And the new name servers", "Name servers (new)",
                                                 "Please also change the nameservers to"]), newns))
        return self._subject(asks, "DS record change"), blocks, None

    def _sec_dns(self, a: DomainAsk, values: list[str]) -> str:
        """An RFC 5910 <secDNS:update>: the new records added; the old one removed by its data, or all of them."""
        rng = self.rng

        def ds_data(value, ind):
            tag, alg, dtype, digest = value.split()
            return (f"{ind}<secDNS:dsData>\n{ind}  <secDNS:keyTag>{tag}</secDNS:keyTag>\n{ind}  <secDNS:alg>{alg}"
                    f"</secDNS:alg>\n{ind}  <secDNS:digestType>{dtype}</secDNS:digestType>\n{ind}  <secDNS:digest>"
                    f"{digest}</secDNS:digest>\n{ind}</secDNS:dsData>\n")

        out = '<secDNS:update xmlns:secDNS="urn:ietf:params:xml:ns:secDNS-1.1">\n'
        if a.new_ds is not None and a.current_ds:
            if rng.random() < 0.3:
                out += "  <secDNS:rem>\n    <secDNS:all>true</secDNS:all>\n  </secDNS:rem>\n"
            else:
                out += "  <secDNS:rem>\n" + "".join(ds_data(v, "    ") for v in a.current_ds) + "  </secDNS:rem>\n"
        out += "  <secDNS:add>\n" + "".join(ds_data(v, "    ") for v in values) + "  </secDNS:add>\n"
        return out + "</secDNS:update>"

    def _ds_table(self, a: DomainAsk, values: list[str]):
        """DS records in a table with an action column: the old one removed when it is replaced, kept or not
        shown when the new one is added beside it."""
        rng = self.rng
        add, rem, keep = rng.choice([("Add", "Remove", "Keep"), ("ADD", "DELETE", "KEEP"), ("+", "-", "="),
                                     ("new", "retire", "keep"), ("Insert", "Remove", "No change")])
        rows = []
        if a.new_ds is not None:
            rows += [[rem] + v.split() for v in a.current_ds]
        elif rng.random() < 0.5:
            rows += [[keep] + v.split() for v in a.current_ds]
        rows += [[add] + v.split() for v in values]
        header = rng.choice([["Action", "Key tag", "Algorithm", "Digest type", "Digest"],
                             ["Op", "KeyTag", "Alg", "DigestType", "Digest"],
                             ["Action", "Key Tag", "Algorithm", "Digest Type", "Digest"]])
        return self._table(header, rows)

    # ambiguous on purpose: a careful person would ask

    def _w_ambiguous(self, asks):
        rng, a = self.rng, asks[0]
        d = a.domain
        other = self._fresh(a, 2)
        shape = rng.randrange(12)
        subject = self._subject(asks)
        if shape == 11:  # adding a server the domain has already, and nothing else
            return subject, [("p", f"Please add {rng.choice(a.current_ns)} to the name servers of {d}.")], None
        if shape == 0:  # two lists and no label
            return subject, [("p", f"Please update the name servers for {d}:"),
                             self._list("", list(a.current_ns), style="none"), ("p", ""),
                             self._list("", other, style="none")], None
        if shape == 1:  # one name server left
            return subject, [("p", rng.choice([f"Please set the name server for {d} to {other[0]} only.",
                                               f"{d} should use a single name server from now on: {other[0]}."]))], None
        if shape == 2:  # a server to remove that the domain does not have
            return subject, [("p", f"For {d}, please remove {other[0]} and add {other[1]}.")], None
        if shape == 3:  # the records it has already, perhaps in another order or case
            cur = list(a.current_ns)
            rng.shuffle(cur)
            return subject, [("p", f"Please update the name servers for {d} to "
                                   f"{_joined(rng, [self._host(v) for v in cur])}.")], None
        if shape == 4:  # two different new sets in one mail
            third = self._fresh(a, 2)
            while set(third) & set(other):
                third = self._fresh(a, 2)
            return subject, [fields_block([("Domain", d), ("New nameservers", ", ".join(other))]),
                             ("p", f"Please update {d} to {_joined(rng, third)}.")], None
        if shape == 5:  # every server removed, none added
            return subject, [("p", f"Please remove {_joined(rng, list(a.current_ns), 'and')} from {d}.")], None
        if shape == 6:  # IP addresses where host names belong
            return subject, [("p", f"Please change the name servers for {d} to {_ip(rng)} and {_ip(rng)}.")], None
        if shape == 7:  # a host name cut to its first label
            cut = other[0].split(".")[0]
            return subject, [self._list(f"New name servers for {d}", [cut, other[1]], style="dash")], None
        if shape == 8:  # a DS digest of the wrong length
            tag, alg, dtype, digest = _ds(rng).split()
            return self._subject(asks, "DS record change"), [
                ("p", f"Please add this DS record to {d}:"), pre_block(f"{tag} {alg} {dtype} {digest[:-3]}")], None
        if shape == 9:  # a server both added and removed
            return subject, [("p", f"Changes for {d}:"),
                             table_block(["Action", "Nameserver"], [["Add", other[0]], ["Add", other[1]],
                                                                    ["Remove", other[0]]], "aligned")], None
        # a server to replace that the domain does not have
        return subject, [("p", f"For {d}, please replace {other[0]} with {other[1]}.")], None
