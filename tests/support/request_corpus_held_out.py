"""The request corpus's held-out part (seed 13): how it is made, apart from tests/support/request_corpus.py.

Those who tune the reader (mailbot/parse/: change_request/, mail.py, own_words.py) never open this file: the part is
only ever measured (bench/reading.py --part held-out prints its counts, and its mails only with --show-held-out). It has
the tuning part's layouts written in other registrars' words (labels, table headings, actions, replace phrasings, list
styles, DS records as DNS consoles show them), layouts of its own, and two mail clients the tuning part never has. Where
a wording of its own would leave a careful person unsure what the records are to be, the truth is "asked" (the ambiguous
mails); everything else has one reading a person at the registry would agree on.
"""

from __future__ import annotations

import textwrap
from email import message_from_bytes
from email.policy import default
from html import escape

from tests.support.request_corpus import CLIENTS, LAYOUTS, Generator, _and, _ds, _fit, _text_table, build_mail

HELD_OUT_ONLY_LAYOUTS = ("change_log", "annotated_list")
HELD_OUT_CLIENTS = CLIENTS + ("outlook_word", "hard_wrapped")

_ALGORITHMS = {"8": "RSASHA256", "13": "ECDSAP256SHA256"}
_DIGESTS = {"2": ("SHA-256", "SHA256"), "4": ("SHA-384", "SHA384")}


class HeldOutGenerator(Generator):
    """Seed 13's requests and thread mails."""

    clients = HELD_OUT_CLIENTS

    def __init__(self, part: str, seed: int):
        super().__init__(part, seed)
        self.layouts = LAYOUTS + HELD_OUT_ONLY_LAYOUTS

    # --- words around the request ---

    def _openings(self) -> list[str]:
        return ["Hi there,", "Dear Sir/Madam,", "Morning all,", "Hope you are well.",
                "Please see the request below, raised on behalf of our client.", "Hello,", ""]

    def _subject(self, asks, what: str = "Name server change") -> str:
        names = ", ".join(a.domain for a in asks)
        n = self.rng.randrange(10000, 99999)
        return self.rng.choice([f"{what} request - {names}", f"Case CS{n}: {what.lower()} for {names}",
                                f"{names} \u2013 amendment required", f"Amend {names} please",
                                f"DNS hosting move: {names}"])

    def _disclaimers(self) -> list[str]:
        return ["", "This e-mail has been scanned for viruses by our mail security service.",
                "Internet communications are not secure and therefore we do not accept legal responsibility for the "
                "contents of this message. Any views expressed are those of the author.",
                "Please consider the environment before printing this e-mail."]

    def _replies(self) -> list[str]:
        return ["Looks good, thanks.", "Spot on, please go ahead.", "Yep, that's the one.",
                "Happy for this to proceed.", "Many thanks, noted.", "All correct on our side.", "Yes, go ahead",
                "Thanks for confirming."]

    def _auto_replies(self) -> list[str]:
        return ["I am on annual leave until 2 December with limited access to email. For anything urgent please "
                "call the service desk.",
                "Your email has been received by the Domains team (reference DM-40311). We aim to respond within one "
                "working day."]

    def _labels_new(self) -> list[str]:
        return ["Updated nameservers:", "Target name servers:", "Please delegate to the following:",
                "Name servers (after change):", "Desired DNS servers:", "Nameservers should read:"]

    def _labels_current(self) -> list[str]:
        return ["Previous name servers:", "Name servers (before change):", "Currently delegated to:",
                "Name servers we are moving away from:"]

    def _list_style(self) -> str:
        return self.rng.choice(["bullet", "number", "plain", "dash", "letter", "paren"])

    def _actions(self) -> tuple[str, str]:
        return self.rng.choice([("Create", "Delete"), ("Add NS", "Remove NS"), ("Added", "Removed"),
                                ("To add", "To remove")])

    # --- the tuning part's layouts, in other words ---

    def _w_prose(self, asks):
        rng, a = self.rng, asks[0]
        new = [self._host(v) for v in self._new_set(a)]
        listed, cur = _and(new), _and(a.current_ns)
        sentences = [f"Can you please repoint {a.domain} to {listed}?",
                     f"We need {a.domain} delegated to {listed} going forward; {cur} can then be dropped.",
                     f"Please amend the NS records on {a.domain} so that they read {listed}.",
                     f"The customer is migrating {a.domain} to a new DNS host, whose name servers are {listed}. "
                     "Please make the change."]
        return self._subject(asks), [("p", rng.choice(sentences))], None

    def _w_form(self, asks):
        rng, a = self.rng, asks[0]
        new = [self._host(v) for v in self._new_set(a)]
        shape = rng.randrange(3)
        if shape == 0:
            pairs = [("Domain Name", a.domain)] + [(f"NS{i}", v) for i, v in enumerate(new, 1)]
        elif shape == 1:
            pairs = [("Domain name", a.domain), ("Nameservers (comma separated)", ", ".join(new))]
        else:
            ranks = ["Primary", "Secondary", "Tertiary", "Quaternary"]
            pairs = [("Domain", a.domain)] + [(f"{ranks[i]} DNS", v) for i, v in enumerate(new)]
        if rng.random() < 0.3:
            pairs.append(("Registrant / contacts", "no change"))
        return self._subject(asks), [("p", rng.choice(["Request details:", "Details of the change:"])),
                                     ("fields", pairs)], None

    def _w_current_new_table(self, asks):
        rng, a = self.rng, asks[0]
        new = [self._host(v) for v in self._new_set(a)]
        header = rng.choice([["Before", "After"], ["Old value", "New value"], ["Currently", "Change to"],
                             ["Live", "Requested"]])
        n = max(len(new), len(a.current_ns))
        rows = [[a.current_ns[i] if i < len(a.current_ns) else "", new[i] if i < len(new) else ""] for i in range(n)]
        if rng.random() < 0.3:
            header, rows = header[::-1], [r[::-1] for r in rows]
        style = rng.choice(["aligned", "markdown", "html"])
        return self._subject(asks), [("p", f"Delegation change for {a.domain}, as below."),
                                     ("table", header, rows, style)], None

    def _w_add_remove_table(self, asks):
        rng, a = self.rng, asks[0]
        self._add_remove(a)
        add, rem = self._actions()
        rows = [[a.domain, rem, self._host(v)] for v in a.remove_ns] \
            + [[a.domain, add, self._host(v)] for v in a.add_ns]
        if rng.random() < 0.3:
            rows = [r for r in rows if r[1] == add] + [r for r in rows if r[1] == rem]
        header = rng.choice([["Domain name", "Change", "Name server"], ["Zone", "Request", "Host name"], None,
                             ["Domain", "Add/Remove", "NS"]])
        style = rng.choice(["aligned", "markdown", "html"])
        return self._subject(asks), [("p", "Could you make these changes to the delegation:"),
                                     ("table", header, rows, style)], None

    def _w_portal(self, asks):
        rng, a = self.rng, asks[0]
        new = [self._host(v) for v in self._new_set(a)]
        if rng.random() < 0.5:
            pairs = [(f"Current nameserver #{i}", v) for i, v in enumerate(a.current_ns, 1)] + \
                    [(f"Requested nameserver #{i}", v) for i, v in enumerate(new, 1)]
        else:
            pairs = [(f"NS{i} (existing)", v) for i, v in enumerate(a.current_ns, 1)] + \
                    [(f"NS{i} (replacement)", v) for i, v in enumerate(new, 1)]
        head = [("Ticket type", "DNS delegation change"), ("Domain name", a.domain), ("Raised via", "Partner portal"),
                ("Case ID", f"CS{rng.randrange(10000, 99999)}")]
        return self._subject(asks), [("p", "Automated submission from the partner portal:"),
                                     ("fields", head + pairs)], None

    def _w_replace(self, asks):
        rng, a = self.rng, asks[0]
        olds = rng.sample(a.current_ns, rng.choice([1, min(2, len(a.current_ns))]))
        news = self._fresh(a, len(olds))
        a.remove_ns, a.add_ns = list(olds), list(news)
        pairs = list(zip(olds, [self._host(v) for v in news]))
        shape = rng.randrange(3)
        if shape == 0:
            text = f"On {a.domain}, " + "; ".join(f"{o} should be replaced by {n}" for o, n in pairs) + \
                ". Everything else stays the same."
        elif shape == 1:
            text = f"For {a.domain}, please use " + " and ".join(f"{n} in place of {o}" for o, n in pairs) + \
                ". Leave the rest as is."
        else:
            text = f"Please make the following change to {a.domain} (old => new):\n" + \
                "\n".join(f"{o} => {n}" for o, n in pairs) + "\nNo other changes."
        return self._subject(asks), [("p", text)], None

    def _w_epp(self, asks):
        rng, a = self.rng, asks[0]
        self._add_remove(a)
        if rng.random() < 0.5:
            def group(tag, values):
                return [f"  <domain:{tag}><domain:ns>"] + \
                    [f"    <domain:hostObj>{self._host(v)}</domain:hostObj>" for v in values] + \
                    [f"  </domain:ns></domain:{tag}>"]
            lines = ["<domain:update>", f"  <domain:name>{a.domain}</domain:name>"]
            lines += (group("add", a.add_ns) if a.add_ns else []) + (group("rem", a.remove_ns) if a.remove_ns else [])
            lines.append("</domain:update>")
            lead = "Our EPP client is failing on the lock, so here is the update we would have sent:"
        else:
            lines = [f"Domain: {a.domain}"] + [f"nameserver remove: {self._host(v)}" for v in a.remove_ns] + \
                [f"nameserver add: {self._host(v)}" for v in a.add_ns]
            lead = "Please process the following host changes:"
        return self._subject(asks), [("p", lead), ("pre", "\n".join(lines))], None

    def _w_csv(self, asks):
        rng, a = self.rng, asks[0]
        self._add_remove(a)
        header, (add, rem) = rng.choice([(("Domain", "Action", "Nameserver"), ("Add", "Remove")),
                                         (("domain_name", "operation", "host"), ("create", "delete"))])
        rows = [";".join(f'"{c}"' for c in header)]
        rows += [";".join(f'"{c}"' for c in (a.domain, rem, self._host(v))) for v in a.remove_ns]
        rows += [";".join(f'"{c}"' for c in (a.domain, add, self._host(v))) for v in a.add_ns]
        body = rng.choice(["Bulk change file attached.", f"Attached: the name server changes for {a.domain}.",
                           "Please process the attached spreadsheet export."])
        return self._subject(asks), [("p", body)], (f"bulk-{rng.randrange(1000, 9999)}.csv", "\r\n".join(rows) + "\r\n",
                                                    "csv")

    def _w_multi_domain(self, asks):
        rng = self.rng
        blocks = [("p", f"We have {len(asks)} domains to move; details below.")]
        if rng.random() < 0.5:
            rows = [[a.domain, ", ".join(self._host(v) for v in self._new_set(a))] for a in asks]
            blocks.append(("table", rng.choice([["Domain", "New nameservers"], ["Domain name", "Delegate to"]]), rows,
                           rng.choice(["aligned", "markdown", "html"])))
        else:
            for a in asks:
                blocks.append(("p", f"{a.domain} should use {_and([self._host(v) for v in self._new_set(a)])}."))
        return self._subject(asks), blocks, None

    def _w_ds(self, asks):
        rng, a = self.rng, asks[0]
        new = _ds(rng)
        if a.current_ds and rng.random() < 0.5:
            a.add_ds = [new]
            lead = f"Please publish this additional DS record for {a.domain}; the current one stays until the " \
                "rollover completes:"
        else:
            a.new_ds = [new]
            lead = f"Please update the DS record for {a.domain} to:" if a.current_ds else \
                f"DNSSEC is being switched on for {a.domain}. The DS record is:"
        tag, alg, dtype, digest = new.split()
        shape = rng.randrange(3)
        if shape == 0:  # as Route 53 shows it
            blocks = [("p", lead), ("fields", [("Key tag", tag), ("Signing algorithm", _ALGORITHMS[alg]),
                                               ("Digest algorithm", _DIGESTS[dtype][0]), ("Digest", digest)])]
        elif shape == 1:  # as Cloudflare's DNSSEC panel shows it
            blocks = [("p", lead), ("fields", [("Key Tag", tag), ("Algorithm", alg),
                                               ("Digest Type", _DIGESTS[dtype][1]), ("Digest", digest),
                                               ("Flags", "257 (KSK)")])]
        else:  # as dig prints it, the digest in two groups
            half = len(digest) // 2
            blocks = [("p", lead), ("pre", f"{a.domain}.\t3600\tIN\tDS\t{tag} {alg} {dtype} {digest[:half]} "
                                           f"{digest[half:]}")]
        if rng.random() < 0.3:
            newns = [self._host(v) for v in self._new_set(a)]
            blocks.append(("list", "Also please set the name servers to:", newns, self._list_style()))
        return self._subject(asks, "DS record change"), blocks, None

    # --- layouts of its own ---

    def _w_change_log(self, asks):  # a ticket system's field change log: field, old value, new value
        rng, a = self.rng, asks[0]
        new = [self._host(v) for v in self._new_set(a)]
        n = max(len(new), len(a.current_ns))
        rows = [[f"Name server {i + 1}", a.current_ns[i] if i < len(a.current_ns) else "",
                 new[i] if i < len(new) else ""] for i in range(n)]
        header = rng.choice([["Field", "Old value", "New value"], ["Item", "Was", "Becomes"]])
        style = rng.choice(["aligned", "markdown", "html"])
        return self._subject(asks), [("p", f"Change summary for {a.domain}:"), ("table", header, rows, style)], None

    def _w_annotated_list(self, asks):  # every server of the domain, each marked kept, added or removed
        rng, a = self.rng, asks[0]
        self._add_remove(a)
        added, removed, kept = rng.choice([("(to be added)", "(to be removed)", "(no change)"),
                                           ("- ADD", "- REMOVE", "- KEEP"), ("[new]", "[remove]", "[keep]")])
        items = [f"{v} {removed if v in a.remove_ns else kept}" for v in a.current_ns] + \
            [f"{self._host(v)} {added}" for v in a.add_ns]
        return self._subject(asks), [("list", f"Name servers for {a.domain}:", items, self._list_style())], None

    def _w_ambiguous(self, asks):
        rng, a = self.rng, asks[0]
        shape = rng.randrange(6)
        other = self._fresh(a, 2)
        if shape == 0:  # two lists and no label
            return self._subject(asks), [("p", f"Name servers for {a.domain}, please:"),
                                         ("list", "", list(a.current_ns), "dash"), ("list", "", other, "dash")], None
        if shape == 1:  # one name server left
            return self._subject(asks), [("p", f"Can you repoint {a.domain} to {other[0]} only?")], None
        if shape == 2:  # a server to remove that the domain does not have
            return self._subject(asks), [("p", f"On {a.domain}, {other[0]} should be replaced by {other[1]}.")], None
        if shape == 3:  # what it has already
            return self._subject(asks), [("p", f"Please amend the NS records on {a.domain} so that they read "
                                               f"{_and(a.current_ns)}.")], None
        if shape == 4:  # two sets side by side, no word of which is which
            return self._subject(asks), [("p", f"Name servers for {a.domain}: {', '.join(a.current_ns)} / "
                                               f"{', '.join(other)}")], None
        n = max(len(a.current_ns), 2)  # two columns, no heading
        rows = [[a.current_ns[i] if i < len(a.current_ns) else "", other[i] if i < 2 else ""] for i in range(n)]
        return self._subject(asks), [("p", f"Delegation change for {a.domain}:"),
                                     ("table", None, rows, rng.choice(["aligned", "html"]))], None

    # --- the MIME: list styles and clients of its own ---

    def _build(self, rng, mid, client, charset, encoding, sender, registrar, subject, blocks, closing, signature,
               attachment):
        blocks = [_lettered(b) for b in blocks]
        if client == "hard_wrapped":  # plain text only, its lines broken at 72 as some older clients do
            wrapped = [("p", "\n".join(textwrap.fill(line, 72, break_long_words=False, break_on_hyphens=False)
                                       for line in b[1].split("\n"))) if b[0] == "p" else b for b in blocks]
            raw, said = build_mail(rng, mid, "thunderbird", charset, encoding, sender, registrar, subject, wrapped,
                                    closing, signature, attachment)
            msg = message_from_bytes(raw, policy=default)
            del msg["User-Agent"]
            msg["X-Mailer"] = "Lotus Notes Release 9.0.1FP10 HF383"
            body = msg.get_body(("plain",))
            body.del_param("format")
            return msg.as_bytes(), said
        if client == "outlook_word":  # Outlook as Word writes its HTML: lists as paragraphs, bullets as text
            plain = [("pre", "\n".join(([b[1]] if b[1] else []) + [_word_plain_bullet(b[3], i) + v
                                                                    for i, v in enumerate(b[2], 1)]))
                     if b[0] == "list" else b for b in blocks]
            raw, said = build_mail(rng, mid, "outlook", charset, encoding, sender, registrar, subject, plain,
                                    closing, signature, attachment)
            msg = message_from_bytes(raw, policy=default)
            html = msg.get_body(("html",))
            html.set_content(_fit(_word_html(blocks, closing, signature), charset), subtype="html", charset=charset,
                             cte=encoding)
            return msg.as_bytes(), said
        return build_mail(rng, mid, client, charset, encoding, sender, registrar, subject, blocks, closing,
                           signature, attachment)


def _lettered(block):
    """A list in a style the shared builder does not know, as the lines a person types."""
    if block[0] != "list" or block[3] not in ("letter", "paren"):
        return block
    _, label, items, style = block
    marks = [f"{chr(ord('a') + i)}) " if style == "letter" else f"({i + 1}) " for i in range(len(items))]
    return ("pre", "\n".join(([label] if label else []) + [m + v for m, v in zip(marks, items)]))


def _word_plain_bullet(style: str, i: int) -> str:
    return f"{i}.{' ' * 7}" if style == "number" else "" if style == "plain" else \
        "-" + " " * 8 if style == "dash" else "\u00b7" + " " * 9


def _word_html(blocks, closing: str, signature: str) -> str:
    para = "<p class=MsoNormal>{}<o:p></o:p></p>"
    empty = "<p class=MsoNormal><o:p>&nbsp;</o:p></p>"
    out = []
    for block in blocks:
        kind = block[0]
        if kind in ("p", "pre"):
            out += [para.format(escape(line).replace("  ", "&nbsp; ") or "<o:p>&nbsp;</o:p>")
                    for line in block[1].split("\n")]
            out.append(empty)
        elif kind == "fields":
            out += [para.format(f"<b>{escape(k)}:</b> {escape(v)}") for k, v in block[1]]
            out.append(empty)
        elif kind == "list":
            _, label, items, style = block
            if label:
                out.append(para.format(escape(label)))
            for i, v in enumerate(items, 1):
                if style == "plain":
                    out.append(para.format(escape(v)))
                    continue
                mark = f"{i}." if style == "number" else "-" if style == "dash" else \
                    "<span style='font-family:Symbol'>\u00b7</span>"
                out.append("<p class=MsoListParagraph style='margin-left:36.0pt;text-indent:-18.0pt;mso-list:l0 "
                           f"level1 lfo1'><![if !supportLists]><span style='mso-list:Ignore'>{mark}<span "
                           "style='font:7.0pt \"Times New Roman\"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span>"
                           f"</span><![endif]>{escape(v)}<o:p></o:p></p>")
            out.append(empty)
        elif kind == "table":
            _, header, rows, style = block
            if style == "html":
                cells = ([[f"<b>{escape(c)}</b>" for c in header]] if header else []) + \
                    [[escape(c) for c in r] for r in rows]
                out.append("<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0 style='border-collapse:"
                           "collapse;border:none'>" + "".join(
                               "<tr>" + "".join(f"<td width=200 valign=top style='border:solid windowtext 1.0pt;"
                                                f"padding:0cm 5.4pt 0cm 5.4pt'>{para.format(c or '&nbsp;')}</td>"
                                                for c in r) + "</tr>" for r in cells) + "</table>")
            else:
                out += [para.format(escape(line).replace("  ", "&nbsp; "))
                        for line in _text_table("outlook", header, rows, style).split("\n")]
            out.append(empty)
    if closing:
        out.append(para.format(escape(closing)))
    sig = "".join(para.format(f"<span style='color:#1F497D'>{escape(line) or '&nbsp;'}</span>")
                  for line in signature.split("\n"))
    return ("<html xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\" "
            "xmlns:w=\"urn:schemas-microsoft-com:office:word\"><head>"
            "<meta http-equiv=Content-Type content=\"text/html\">"
            "<meta name=Generator content=\"Microsoft Word 15 (filtered medium)\"><style><!-- p.MsoNormal{margin:0cm;"
            "font-size:11.0pt;font-family:\"Calibri\",sans-serif} --></style><!--[if gte mso 9]><xml><o:shapedefaults "
            "v:ext=\"edit\" spidmax=\"1026\" /></xml><![endif]--></head><body lang=EN-GB link=\"#0563C1\">"
            f"<div class=WordSection1>{''.join(out)}{sig}</div></body></html>")
