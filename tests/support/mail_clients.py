"""How the mail clients of the request corpus's seed 24 write a mail: its words, quoting, HTML and MIME.

HCL (Lotus) Notes, Roundcube, Horde, Zimbra, SquirrelMail, mutt and neomutt, Evolution, Outlook for Mac, Yahoo Mail,
Proton Mail, Zoho Mail, Fastmail and Spark, each as it really sends: `Render` turns a writer's blocks (paragraphs,
preformatted text, `Label: value` fields, lists, task lists, tables) into the client's plain text and its HTML
(Notes' font tags and tables, Outlook for Mac's Word HTML, TinyMCE's tables, Yahoo's and Zoho's wrappers, Proton's
and Spark's sections), its signature and its page; `forward_plain`, `quote_plain`, `attribution` and `quoted_html`
carry another mail inside it in the client's own header blocks and attribution lines (localised in Czech and Polish
where the webmail is); `flowed` and `hard_wrap` give format=flowed text (RFC 3676, DelSp=yes as Horde sends it) and
the hard wrap SquirrelMail and Notes put on sending; `fit` puts words in a charset as a client does; `message_id` and
`set_boundaries` give each client's message ids and MIME boundaries; `pgp_signed` is Proton's PGP/MIME signature;
`bounce` is a bounce from the mail server behind the client (Exim, Domino, Yahoo, Postfix).
"""

from __future__ import annotations

import base64
import random
import re
import unicodedata
import zlib
from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import default
from email.utils import format_datetime
from html import escape

from tests.support.request_corpus import BOT, Mail


def unaccented(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


TYPOGRAPHIC = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
                       "\u2022": "*", "\u2192": "->", "\u2026": "...", "\u00a0": " "})


def fit(text: str, charset: str) -> str:
    """Text as a client writes it in `charset`: typographic marks made plain, letters it lacks without accents."""
    try:
        text.encode(charset)
        return text
    except UnicodeEncodeError:
        pass
    text = text.translate(TYPOGRAPHIC)
    out = []
    for ch in text:
        try:
            ch.encode(charset)
            out.append(ch)
        except UnicodeEncodeError:
            out.append(unaccented(ch) or "?")
    return "".join(out)


def pick_charset(text: str, choices) -> str:
    """The first charset of `choices` that holds the text, as mutt's send_charset picks one."""
    for charset in choices:
        try:
            text.encode(charset)
            return charset
        except UnicodeEncodeError:
            continue
    return "utf-8"


def hexes(rng: random.Random, n: int, upper: bool = False) -> str:
    out = "".join(rng.choice("0123456789abcdef") for _ in range(n))
    return out.upper() if upper else out


def alnums(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") for _ in range(n))


def uuid_like(rng: random.Random, upper: bool = False) -> str:
    h = hexes(rng, 32, upper)
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


# --- text shapes -------------------------------------------------------------------------------------------------


def _wrap_line(line: str, width: int) -> list[str]:
    """One line broken at spaces to `width` columns; a word longer than that stays whole."""
    if len(line) <= width:
        return [line]
    out, cur = [], ""
    for word in line.split(" "):
        if cur and len(cur) + 1 + len(word) > width:
            out.append(cur)
            cur = word
        else:
            cur = f"{cur} {word}" if cur else word
    out.append(cur)
    return out


def hard_wrap(text: str, width: int = 76) -> str:
    """A client's wrap on sending (SquirrelMail's, Notes'): every line broken at `width`, quoted lines and the
    rules of forwarded blocks kept whole."""
    out = []
    for line in text.split("\n"):
        out += [line] if line.startswith((">", "-----")) else _wrap_line(line, width)
    return "\n".join(out)


def flowed(text: str, *, delsp: bool, width: int = 72) -> str:
    """Text as format=flowed (RFC 3676): long lines broken at spaces with a soft break (a trailing space; with
    DelSp=yes one more, since the reader deletes it), lines that start with a space, '>' or 'From ' space-stuffed,
    quoted lines kept at their depth, hard lines without trailing spaces, the signature separator kept."""
    out = []
    for line in text.split("\n"):
        if line == "-- ":
            out.append(line)
            continue
        line = line.rstrip(" ")
        m = re.match(r"(>+) ?", line)
        prefix, body = (m.group(1) + " ", line[m.end():]) if m else ("", line)
        if prefix and not body:  # an empty quoted line: its marks alone, or it would read as flowed
            out.append(m.group(1))
            continue
        pieces = _wrap_line(body, width - len(prefix)) if body else [""]
        for k, piece in enumerate(pieces):
            soft = k < len(pieces) - 1
            if not prefix and (piece.startswith((" ", ">")) or piece.startswith("From ")):
                piece = " " + piece
            out.append(prefix + piece + (" " + (" " if delsp else "") if soft else ""))
    return "\n".join(out)

PLAIN_ONLY = {"horde", "squirrelmail", "mutt"}
LOCALE_CLIENTS = ("roundcube", "horde", "squirrelmail")
FWD_PREFIX = {"notes": "Fw: ", "outlook_mac": "FW: ", "proton": "Fw: "}


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _dates(when: datetime) -> dict[str, str]:
    """One moment as each client writes it in a header block or an attribution line."""
    hm, z = when.strftime("%H:%M"), when.strftime("%z")
    day, month = when.strftime("%A"), when.strftime("%B")
    twelve = when.strftime("%I:%M").lstrip("0") + (" pm" if when.hour >= 12 else " am")
    gmt = "GMT" if not when.utcoffset() else f"GMT+{int(when.utcoffset().total_seconds() // 3600)}:" \
        f"{int(when.utcoffset().total_seconds() // 60 % 60):02d}"
    return {"uk": when.strftime(f"%d/%m/%Y {hm}"), "dot": when.strftime(f"%d.%m.%Y {hm}"),
            "iso": when.strftime(f"%Y-%m-%d {hm}"), "rfc": format_datetime(when),
            "mac": f"{day}, {when.day} {month} {when.year} at {hm}",
            "zimbra": f"{day}, {when.day} {month}, {when.year} {when.strftime('%H:%M:%S')}",
            "squirrel": f"{when.strftime('%a')}, {month} {when.day}, {when.year} {twelve}",
            "squirrel_cs": f"\u010ct, {when.day} listopad {when.year}, {hm}",
            "squirrel_pl": f"Cz, {when.day} listopad {when.year}, {hm}",
            "yahoo": f"{day}, {when.day} {month} {when.year} at {when.strftime('%H:%M:%S')} {gmt}",
            "proton": f"{day}, {month} {_ordinal(when.day)}, {when.year} at {hm}",
            "fastmail": f"{day}, {when.day} {month} {when.year} {hm}",
            "fastmail_attr": f"{when.strftime('%a')}, {when.day} {when.strftime('%b')} {when.year}, at {hm}",
            "spark": f"{when.day} {when.strftime('%b')} {when.year} at {hm} {z}",
            "evolution": when.strftime(f"%a, %Y-%m-%d at {hm} {z}"),
            "mutt": when.strftime("%Y-%m-%d %H:%M"),
            "mutt_default": when.strftime("%a, %b %d, %Y at %I:%M:%S%p ") + z}


class Head:
    """The header block of a mail carried in another: its writer, where it went, when and under what subject."""

    def __init__(self, name: str, addr: str, to: str, when: datetime, subject: str, canon: str = ""):
        self.name, self.addr, self.to, self.when, self.subject = name, addr, to, when, subject
        self.canon = canon or f"{name} <{addr}>"
        self.d = _dates(when)


def forward_plain(client: str, locale: str, h: Head, inner: str, notes_style: str = "forwarded",
               forwarder: str = "") -> str:
    """A mail forwarded inline, as each client writes it in plain text."""
    who = f"{h.name} <{h.addr}>"
    if client == "notes":
        if notes_style == "forwarded":
            return (f"----- Forwarded by {forwarder} on {h.d['uk'] if locale == 'en' else h.d['dot']} -----\n\n"
                    f"From:\t{h.canon}\nTo:\t{h.to}\nDate:\t{h.d['uk'] if locale == 'en' else h.d['dot']}\n"
                    f"Subject:\t{h.subject}\n\n\n\n{inner}")
        if notes_style == "boxed":  # Notes 6.5's table of the original's header, as text
            col = 13
            addr = f"<{h.addr}>"
            a1, a2 = addr[:26], addr[26:]
            rows = [("", "", ""), (h.name, "", ""), (a1, "", ""), (a2, "", "To"), ("", h.to, ""),
                    (h.d["uk"], "", "cc"), ("", "", ""), ("", "", "Subject"), ("", h.subject, ""), ("", "", "")]
            lines = [(" " * col + left.ljust(26) + mid.ljust(32) + right.rjust(8)).rstrip() for left, mid, right in
                     ((r[0], r[1], r[2]) for r in rows)]
            return "\n".join(lines) + f"\n\n\n\n{inner}"
        return (f"-----Original Message-----\nFrom: {who}\nSent: {h.d['mac'].replace(' at', '')}\nTo: {h.to}\n"
                f"Subject: {h.subject}\n\n{inner}")
    if client == "outlook_mac":
        return f"From: {who}\nDate: {h.d['mac']}\nTo: {h.to}\nSubject: {h.subject}\n\n{inner}"
    if client == "zimbra":
        return (f"----- Forwarded Message -----\nFrom: \"{h.name}\" <{h.addr}>\nTo: {h.to}\nSent: {h.d['zimbra']}\n"
                f"Subject: {h.subject}\n\n{inner}")
    if client == "evolution":
        return (f"-------- Forwarded Message --------\nFrom: {who}\nTo: {h.to}\nSubject: {h.subject}\nDate: "
                f"{h.d['rfc']}\n\n{inner}")
    if client == "roundcube":
        head = {"en": ("Original Message", "Subject", "Date", "From", "To", h.d["iso"]),
                "cs": ("P\u016fvodn\u00ed zpr\u00e1va", "P\u0159edm\u011bt", "Datum", "Od", "Komu", h.d["dot"]),
                "pl": ("Wiadomo\u015b\u0107 oryginalna", "Temat", "Data", "Nadawca", "Adresat", h.d["iso"])}[locale]
        return (f"-------- {head[0]} --------\n{head[1]}: {h.subject}\n{head[2]}: {head[5]}\n{head[3]}: {who}\n"
                f"{head[4]}: {h.to}\n\n{inner}")
    if client in ("horde", "mutt"):
        if client == "mutt" or locale == "en":
            top, end, names = f"Forwarded message from {who}", "End forwarded message", ("Date", "From", "Subject",
                                                                                        "To")
        elif locale == "cs":
            top, end = f"P\u0159eposlan\u00e1 zpr\u00e1va od {who}", "Konec p\u0159eposlan\u00e9 zpr\u00e1vy"
            names = ("Datum", "Od", "P\u0159edm\u011bt", "Komu")
        else:
            top, end = f"Wiadomo\u015b\u0107 przekazana od {who}", "Koniec wiadomo\u015bci przekazanej"
            names = ("Data", "Od", "Temat", "Do")
        values = (h.d["rfc"], who, h.subject, h.to)
        if client == "mutt":
            head = "\n".join(f"{k}: {v}" for k, v in zip(names, values))
            return f"----- {top} -----\n\n{head}\n\n{inner}\n\n----- {end} -----"
        width = max(len(k) for k in names) + 2
        head = "\n".join(f"{k.rjust(width)}: {v}" for k, v in zip(names, values))
        return f"----- {top} -----\n{head}\n\n{inner}\n\n----- {end} -----"
    if client == "squirrelmail":
        title, names, date = {"en": ("Original Message", ("Subject", "From", "Date", "To"), h.d["squirrel"]),
                              "cs": ("P\u016fvodn\u00ed zpr\u00e1va", ("P\u0159edm\u011bt", "Od", "Datum", "Komu"),
                                     h.d["squirrel_cs"]),
                              "pl": ("Oryginalna wiadomo\u015b\u0107", ("Temat", "Od", "Data", "Do"),
                                     h.d["squirrel_pl"])}[locale]
        values = (h.subject, f'"{h.name}" <{h.addr}>', date, h.to)
        head = "\n".join(f"{(k + ':').ljust(9)}{v}" for k, v in zip(names, values))
        rule = "-" * ((72 - len(title)) // 2)
        return f"{rule} {title} {rule}\n{head}\n{'-' * 74}\n\n{inner}"
    if client == "yahoo":
        return (f"----- Forwarded Message -----\nFrom: {who}\nTo: {h.to}\nSent: {h.d['yahoo']}\nSubject: {h.subject}"
                f"\n\n{inner}")
    if client == "proton":
        quoted = "\n".join("> " + line if line else ">" for line in inner.split("\n"))
        return (f"------- Forwarded Message -------\nFrom: {who}\nDate: On {h.d['proton']}\nSubject: {h.subject}\n"
                f"To: {h.to}\n\n{quoted}")
    if client == "zoho":
        rule = "============ Forwarded message ============"
        return f"{rule}\nFrom: {who}\nTo: {h.to}\nDate: {h.d['rfc']}\nSubject: {h.subject}\n{rule}\n\n{inner}"
    if client == "fastmail":
        return (f"----- Original message -----\nFrom: {who}\nTo: {h.to}\nSubject: {h.subject}\nDate: "
                f"{h.d['fastmail']}\n\n{inner}")
    return (f"---------- Forwarded message ----------\nFrom: {who}\nDate: {h.d['spark']}\nSubject: {h.subject}\n"
            f"To: {h.to}\n\n{inner}")


def attribution(client: str, locale: str, h: Head, mutt_style: str = "star") -> str:
    """The line a client writes above a quoted mail."""
    who = f"{h.name} <{h.addr}>"
    if client == "mutt":
        return f"* {who} [{h.d['mutt']}]:" if mutt_style == "star" else f"On {h.d['mutt_default']}, {h.name} wrote:"
    if client == "roundcube":
        return {"en": f"On {h.d['iso']}, {h.name} wrote:", "cs": f"Dne {h.d['dot']}, {h.name} napsal(a):",
                "pl": f"W dniu {h.d['dot'].replace(' ', ' o ')}, {h.name} napisa\u0142(a):"}[locale]
    if client == "horde":
        return {"en": f"Quoting {who}:", "cs": f"Cit\u00e1t {who}:", "pl": f"Cytuj\u0119 {who}:"}[locale]
    if client == "squirrelmail":
        return {"en": f'"{h.name}" wrote:', "cs": f'"{h.name}" napsal:', "pl": f'"{h.name}" napisa\u0142(a):'}[locale]
    if client == "evolution":
        return f"On {h.d['evolution']}, {h.name} wrote:"
    if client == "yahoo":
        return f"On {h.d['yahoo']}, {who} wrote:"
    if client == "proton":
        return f"On {h.d['proton']}, {who} wrote:"
    if client == "zoho":
        return f"---- On {h.d['rfc']} {who} wrote ---"
    if client == "fastmail":
        return f"On {h.d['fastmail_attr']}, {h.name} wrote:"
    return f"On {h.d['spark']}, {who}, wrote:"


def quote_plain(client: str, locale: str, h: Head, inner: str, mutt_style: str = "star") -> str:
    """A mail quoted in a reply, as each client writes it in plain text."""
    if client in ("notes", "outlook_mac", "zimbra"):  # a header block, the original below it
        if client == "zimbra":
            return (f"----- Original Message -----\nFrom: \"{h.name}\" <{h.addr}>\nTo: {h.to}\nSent: "
                    f"{h.d['zimbra']}\nSubject: {h.subject}\n\n" + "\n".join("> " + x if x else ">"
                                                                               for x in inner.split("\n")))
        return forward_plain(client, locale, h, inner, "original")
    quoted = "\n".join("> " + line if line else ">" for line in inner.split("\n"))
    if client == "yahoo":  # Yahoo's plain alternative keeps the quote unmarked
        quoted = inner
    return f"{attribution(client, locale, h, mutt_style)}\n{quoted}"


def quoted_html(client: str, locale: str, h: Head, inner: str, notes_style: str = "forwarded", forwarder: str = "",
              reply: bool = False) -> str:
    """A mail forwarded (or, with `reply`, quoted) in HTML, as each client writes it."""
    e = escape
    who = e(f"{h.name} <{h.addr}>")
    if client == "notes":
        date = h.d["uk"] if locale == "en" else h.d["dot"]
        small = '<font size=1 face="sans-serif">{}</font>'
        grey = '<font size=1 color=#5f5f5f face="sans-serif">{}</font>'
        if notes_style == "forwarded":
            rows = "".join(f"\n<tr valign=top>\n<td width=1%>{grey.format(k + ':')}\n<td width=100%>"
                           f"{small.format(e(v))}" for k, v in (("From", h.canon), ("To", h.to),
                                                                ("Date", date), ("Subject", h.subject)))
            line = f"----- Forwarded by {forwarder} on {date} -----"
            return (f"<br>{grey.format(e(line))}"
                    f"<br>\n<br>\n<table width=100%>{rows}\n</table>\n<br>\n<br>\n{inner}")
        if notes_style == "boxed":
            name = small.format(f"<b>{e(h.name)}</b> " + e(f"<{h.addr}>"))
            return (f"<br>\n<table width=100%>\n<tr valign=top>\n<td width=40%>{name}\n<p>{small.format(e(h.d['uk']))}"
                    f"\n<td width=59%>\n<table width=100%>\n<tr valign=top>\n<td>\n<div align=right>"
                    f"{small.format('To')}</div>\n<td>{small.format(e(h.to))}\n<tr valign=top>\n<td>\n<div align=right>"
                    f"{small.format('cc')}</div>\n<td>\n<tr valign=top>\n<td>\n<div align=right>"
                    f"{small.format('Subject')}</div>\n<td>{small.format(e(h.subject))}</table>\n<br>\n</table>\n"
                    f"<br>\n<br>\n{inner}")
        return (f'<br><font size=2 face="sans-serif">-----Original Message-----<br>From: {who}<br>Sent: '
                f"{e(h.d['mac'].replace(' at', ''))}<br>To: {e(h.to)}<br>Subject: {e(h.subject)}</font><br>\n<br>\n"
                f"{inner}")
    if client == "outlook_mac":
        return ("<div style='border:none;border-top:solid #B5C4DF 1.0pt;padding:3.0pt 0cm 0cm 0cm'>\n"
                "<p class=MsoNormal style='margin-bottom:12.0pt'><b><span style='font-size:12.0pt;color:black'>From: "
                f"</span></b><span style='font-size:12.0pt;color:black'>{who}<br>\n<b>Date: </b>{e(h.d['mac'])}<br>\n"
                f"<b>To: </b>{e(h.to)}<br>\n<b>Subject: </b>{e(h.subject)}<o:p></o:p></span></p>\n</div>\n{inner}")
    if client == "zimbra":
        title = "Original Message" if reply else "Forwarded Message"
        body = (f'<blockquote style="border-left:2px solid #1010FF;margin-left:5px;padding-left:5px;color:#000;'
                f'font-weight:normal;font-style:normal;text-decoration:none;font-family:Helvetica,Arial,sans-serif;'
                f'font-size:12pt;">{inner}</blockquote>') if reply else \
            f'<div data-marker="__QUOTED_TEXT__">{inner}</div>'
        return (f'<div><br></div><hr id="zwchr" data-marker="__DIVIDER__"><div data-marker="__HEADERS__">'
                f"{'' if reply else f'<p>----- {title} -----</p>'}<b>From: </b>\"{e(h.name)}\" &lt;{e(h.addr)}&gt;<br>"
                f"<b>To: </b>{e(h.to)}<br><b>Sent: </b>{e(h.d['zimbra'])}<br><b>Subject: </b>{e(h.subject)}<br>"
                f"</div><br>\n{body}")
    if client == "evolution":
        if reply:
            return (f"<div>{e(attribution(client, locale, h))}</div>\n<blockquote type=\"cite\" style=\"margin:0 0 0 "
                    f'.8ex; border-left:2px #729fcf solid;padding-left:1ex">{inner}</blockquote>')
        rows = "".join(f'<tr><th align="right" valign="baseline" style="font-weight: bold; vertical-align: top !'
                       f'important;" nowrap>{k}</th><td style="padding-left:6px">{e(v)}</td></tr>\n'
                       for k, v in (("From", f"{h.name} <{h.addr}>"), ("To", h.to), ("Subject", h.subject),
                                    ("Date", h.d["rfc"])))
        return (f"<div><br></div><div>-------- Forwarded Message --------</div>\n<table cellspacing=\"0\" "
                f"cellpadding=\"0\" border=\"0\">{rows}</table>\n<br>{inner}")
    if client == "roundcube":
        if reply:
            return (f"<p>{e(attribution(client, locale, h))}</p>\n<blockquote type=\"cite\" style=\"padding: 0 0.4em; "
                    f'border-left: #1010ff 2px solid; margin: 0">{inner}</blockquote>')
        plain = forward_plain(client, locale, h, "").strip().split("\n")
        rows = "".join(f'<tr>\n<th align="right" nowrap="nowrap">{e(k)}:</th>\n<td>{e(v)}</td>\n</tr>\n'
                       for k, _, v in (line.partition(": ") for line in plain[1:]))
        return (f"<p>{e(plain[0])}</p>\n<table border=\"0\" cellspacing=\"0\" cellpadding=\"0\">\n<tbody>\n{rows}"
                f"</tbody>\n</table>\n<br />\n{inner}")
    if client == "yahoo":
        head = (f"<div>{e(attribution(client, locale, h))}</div><div><br></div>" if reply else
                f"<div>----- Forwarded Message -----</div><div><b>From:</b> {who}</div><div><b>To:</b> {e(h.to)}</div>"
                f"<div><b>Sent:</b> {e(h.d['yahoo'])}</div><div><b>Subject:</b> {e(h.subject)}</div><div><br></div>")
        return (f'<div id="yahoo_quoted_{zlib.crc32(h.subject.encode())}" class="yahoo_quoted">\n<div '
                f'style="font-family:'
                f"'Helvetica Neue', Helvetica, Arial, sans-serif;font-size:13px;color:#26282a;\">\n{head}\n<div>{inner}"
                "</div>\n</div>\n</div>")
    if client == "proton":
        head = (e(attribution(client, locale, h)) if reply else
                f"------- Forwarded Message -------<br>From: {who}<br>Date: On {e(h.d['proton'])}<br>Subject: "
                f"{e(h.subject)}<br>To: {e(h.to)}<br>")
        return (f'<div class="protonmail_quote">\n{head}<br>\n<blockquote class="protonmail_quote" type="cite">\n'
                f"{inner}\n</blockquote><br>\n</div>")
    if client == "zoho":
        if reply:
            head = f"---- On {e(h.d['rfc'])} <b>{who}</b> wrote ---<br>"
        else:
            rule = "============ Forwarded message ============"
            head = (f"{rule}<br>From: {who}<br>To: {e(h.to)}<br>Date: {e(h.d['rfc'])}<br>Subject: {e(h.subject)}<br>"
                    f"{rule}<br>")
        return ('<div class="zmail_extra_hr" style="border-top: 1px solid rgb(204, 204, 204); height: 0px; margin-top: '
                '10px; margin-bottom: 10px; line-height: 0px;"><br></div>\n<div class="zmail_extra" '
                f'data-zbluepencil-ignore="true"><div><br></div><div>{head}</div><br>\n<blockquote style="border-left: '
                f'1px solid rgb(204, 204, 204); padding-left: 6px; margin: 0px 0px 0px 5px;">{inner}</blockquote>'
                "</div>")
    if client == "fastmail":
        head = (f"<div>{e(attribution(client, locale, h))}</div>" if reply else
                f"<div>----- Original message -----</div><div>From: {who}</div><div>To: {e(h.to)}</div><div>Subject: "
                f"{e(h.subject)}</div><div>Date: {e(h.d['fastmail'])}</div>")
        return f'{head}\n<blockquote type="cite" id="qt" style="">{inner}</blockquote>'
    head = (e(attribution(client, locale, h)) if reply else
            f"---------- Forwarded message ----------<br />From: {who}<br />Date: {e(h.d['spark'])}<br />Subject: "
            f"{e(h.subject)}<br />To: {e(h.to)}")
    return (f'<div name="messageReplySection">{head}<br />\n<blockquote type="cite" class="spark_quote" '
            f'style="margin: 5px 5px; padding-left: 10px; border-left: thin solid #1abc9c;">{inner}</blockquote>\n'
            "</div>")


# --- the generator ---------------------------------------------------------------------------------------------


class Render:
    """How a client renders the writer's blocks, signature and page, in plain text and HTML."""

    def __init__(self, client: str, writer: str, rng: random.Random):
        self.client, self.w, self.rng = client, writer, rng

    # --- rendering the blocks ---------------------------------------------------------------------------------

    def bullet(self, style: str, i: int) -> str:
        if style == "number":
            return f"{i}. "
        if style == "paren":
            return f"{i}) "
        if style == "dash":
            return "- "
        if style == "indent":
            return "    "
        if style == "plain":
            return ""
        return {"notes": "* ", "outlook_mac": "\u2022\t", "yahoo": "   - ", "proton": "- ", "fastmail": " * ",
                "spark": "\u2022 "}.get(self.client, "* ")

    def table_plain(self, header, rows, style: str) -> str:
        allrows = ([header] if header else []) + rows
        if style == "markdown" or style == "html" and self.client == "proton":  # Proton's text is Markdown-like
            lines = ["| " + " | ".join(r) + " |" for r in allrows]
            if header:
                lines.insert(1, "|" + "|".join("---" for _ in header) + "|")
            return "\n".join(lines)
        if style == "html":  # the plain alternative a client makes of an HTML table: cells a tab apart
            return "\n".join("\t".join(r).rstrip("\t") for r in allrows)
        widths = [max(len(r[i]) for r in allrows) + 2 for i in range(len(allrows[0]))]
        lines = ["".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in allrows]
        if header:
            lines.insert(1, "".join(("-" * (w - 2)).ljust(w) for w in widths).rstrip())
        return "\n".join(lines)

    def plain(self, blocks) -> str:
        out = []
        for b in blocks:
            kind = b[0]
            if kind in ("p", "pre"):
                out.append(b[1])
            elif kind == "fields":
                _, pairs, sep = b
                if self.client == "notes" and self.w == "corporate":  # the text Notes makes of its form table
                    out.append("\n".join(f"{k}{sep.rstrip()}\t{v}" for k, v in pairs))
                else:
                    out.append("\n".join(f"{k}{sep}{v}" for k, v in pairs))
            elif kind == "list":
                _, label, items, style = b
                out.append("\n".join(([label] if label else []) +
                                     [self.bullet(style, i) + v for i, v in enumerate(items, 1)]))
            elif kind == "check":
                out.append("\n".join(f"- [{'x' if ticked else ' '}] {text}" for ticked, text in b[1]))
            elif kind == "table":
                out.append(self.table_plain(*b[1:]))
        return "\n\n".join(out)

    def para_html(self, lines: list[str], gap: bool = True) -> str:
        """Lines of the writer's own words in the client's HTML, with the empty line the client leaves after them."""
        c = self.client
        e = [escape(x) for x in lines]
        if c == "notes":
            return "".join(f'<font size=2 face="sans-serif">{x}</font><br>\n' for x in e) + ("<br>\n" if gap else "")
        if c == "roundcube":
            return "<p>" + "<br />".join(e) + "</p>\n"
        if c == "outlook_mac":
            out = "".join(f"<p class=MsoNormal><span style='font-size:11.0pt'>{x or '<o:p>&nbsp;</o:p>'}<o:p></o:p>"
                          "</span></p>\n" for x in e)
            return out + ("<p class=MsoNormal><span style='font-size:11.0pt'><o:p>&nbsp;</o:p></span></p>\n"
                          if gap else "")
        if c == "spark":
            return '<div dir="auto">' + "<br />".join(e) + "</div>\n" + ("<br />\n" if gap else "")
        tag = {"zimbra": "<div>{}</div>", "yahoo": '<div dir="ltr" data-setdir="false">{}</div>',
               "proton": '<div style="font-family: Arial, sans-serif; font-size: 14px;">{}</div>',
               "zoho": "<div>{}<br></div>"}.get(c, "<div>{}</div>")
        empty = {"zimbra": '<br data-mce-bogus="1">', "zoho": ""}.get(c, "<br>")
        return "".join(tag.format(x or empty) + "\n" for x in e) + (tag.format(empty) + "\n" if gap else "")

    def table_html(self, header, rows) -> str:
        c = self.client
        if c == "notes":
            cell = ('<td style="border-style:solid;border-color:#000000;border-width:1px 1px 1px 1px;padding:0px 4px;">'
                    '<font size=2 face="sans-serif">{}</font>')
            out = ['<table width=100% style="border-collapse:collapse;">']
            if header:
                out.append("<tr valign=top height=8>" + "".join(cell.format(f"<b>{escape(h)}</b>") for h in header))
            out += ["<tr valign=top height=8>" + "".join(cell.format(escape(v)) for v in r) for r in rows]
            return "\n".join(out) + "\n</table>\n<br>\n"
        if c == "outlook_mac":
            cell = ("<td width=200 valign=top style='border:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt'><p "
                    "class=MsoNormal><span style='font-size:11.0pt'>{}<o:p></o:p></span></p></td>")
            out = ["<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse;"
                   "border:none'>"]
            if header:
                out.append("<tr>" + "".join(cell.format(f"<b>{escape(h)}</b>") for h in header) + "</tr>")
            out += ["<tr>" + "".join(cell.format(escape(v)) for v in r) + "</tr>" for r in rows]
            return "\n".join(out) + "\n</table>\n" + self.para_html([""], gap=False)
        if c == "roundcube":
            width = 100 // len(rows[0])
            out = ['<table style="border-collapse: collapse; width: 100%;" border="1">', "<tbody>"]
            out += ["<tr>" + "".join(f'<td style="width: {width}%;">{escape(v)}</td>' for v in r) + "</tr>"
                    for r in ([header] if header else []) + rows]
            return "\n".join(out) + "\n</tbody>\n</table>\n"
        cell = "<td>{}</td>"
        attrs = {"zimbra": ' border="1" cellpadding="3" cellspacing="0" style="border-collapse: collapse;"',
                 "zoho": ' style="border-collapse: collapse; border: 1px solid rgb(0, 0, 0);" border="1"',
                 "yahoo": ' border="1" style="border-collapse:collapse;"'}.get(c, ' border="1"')
        out = [f"<table{attrs}><tbody>"]
        if header:
            out.append("<tr>" + "".join(f"<th>{escape(h)}</th>" for h in header) + "</tr>")
        out += ["<tr>" + "".join(cell.format(escape(v)) for v in r) + "</tr>" for r in rows]
        return "\n".join(out) + "\n</tbody></table>\n" + self.para_html([""], gap=False)

    def pre_html(self, text: str) -> str:
        c = self.client
        lines = [escape(x).replace("  ", "&nbsp; ").replace("\t", "&nbsp;&nbsp;&nbsp; ") for x in text.split("\n")]
        if c == "notes":
            return "<tt><font size=2>" + "<br>\n".join(lines) + "</font></tt><br>\n<br>\n"
        if c == "outlook_mac":
            return "".join(f"<p class=MsoNormal><span style='font-size:10.0pt;font-family:\"Courier New\"'>{x}"
                           "<o:p></o:p></span></p>\n" for x in lines) + self.para_html([""], gap=False)
        if c in ("yahoo", "spark", "zoho"):
            return "".join(f'<div><span style="font-family: monospace;">{x}</span></div>\n' for x in lines) + \
                self.para_html([""], gap=False)
        return f"<pre>{escape(text)}</pre>\n"

    def list_html(self, label: str, items: list[str], style: str) -> str:
        c = self.client
        out = self.para_html([label], gap=False) if label else ""
        if style not in ("bullet", "number"):
            return out + self.para_html([self.bullet(style, i) + v for i, v in enumerate(items, 1)])
        tag = "ol" if style == "number" else "ul"
        if c == "notes":
            return out + f"<{tag}>\n" + "".join(f'<li><font size=2 face="sans-serif">{escape(v)}</font>\n'
                                               for v in items) + f"</{tag}>\n"
        if c == "outlook_mac":
            return out + f"<{tag} style='margin-top:0cm' type={'1' if tag == 'ol' else 'disc'}>\n" + "".join(
                f"<li class=MsoListParagraph style='margin-left:0cm;mso-list:l0 level1 lfo1'><span style='font-size:"
                f"11.0pt'>{escape(v)}<o:p></o:p></span></li>\n" for v in items) + f"</{tag}>\n"
        li = '<li dir="ltr">{}</li>' if c == "yahoo" else "<li>{}</li>"
        return out + f"<{tag}>\n" + "".join(li.format(escape(v)) + "\n" for v in items) + f"</{tag}>\n"

    def html(self, blocks) -> str:
        out = []
        for b in blocks:
            kind = b[0]
            if kind == "p":
                out.append(self.para_html(b[1].split("\n")))
            elif kind == "pre":
                out.append(self.pre_html(b[1]))
            elif kind == "fields":
                _, pairs, sep = b
                if self.client in ("notes", "zimbra") and self.w == "corporate":  # a form is a table to them
                    out.append(self.table_html(None, [[k + sep.rstrip(), v] for k, v in pairs]))
                elif self.w == "corporate":
                    out.append(self.para_html([f"\0{k}{sep.rstrip()}\1 {v}" for k, v in pairs])
                               .replace("\0", "<b>").replace("\1", "</b>"))
                else:
                    out.append(self.para_html([f"{k}{sep}{v}" for k, v in pairs]))
            elif kind == "list":
                out.append(self.list_html(*b[1:]))
            elif kind == "check":
                out.append(self.para_html([f"- [{'x' if t else ' '}] {x}" for t, x in b[1]]))
            elif kind == "table":
                _, header, rows, style = b
                out.append(self.table_html(header, rows) if style == "html" else
                           self.pre_html(self.table_plain(header, rows, style)))
        return "".join(out)

    # --- the mail around the request --------------------------------------------------------------------------

    def sig_html(self, sig: str) -> str:
        c, rng = self.client, self.rng
        lines = [escape(x) for x in sig.split("\n")]
        br = "<br>".join(lines)
        if c == "notes":
            return '<font size=2 face="sans-serif">' + "<br>\n".join(lines) + "</font><br>\n"
        if c == "roundcube":
            return '<div id="signature">-- <br />' + "<br />".join(lines) + "</div>\n"
        if c == "zimbra":
            return f'<div><br></div><div data-marker="__SIG_PRE__">-- <br>{br}</div>\n'
        if c == "outlook_mac":
            return "".join(f"<p class=MsoNormal><span style='font-size:10.0pt;color:#1F3864'>{x}<o:p></o:p></span>"
                           "</p>\n" for x in lines)
        if c == "yahoo":
            return f'<div class="signature">{br}</div>\n'
        if c == "proton":
            return (f'<div class="protonmail_signature_block" style="font-family: Arial, sans-serif; font-size: 14px;">'
                    f'<div class="protonmail_signature_block-user">{br}</div><div style="font-family: Arial, '
                    'sans-serif; font-size: 14px;"><br></div><div class="protonmail_signature_block-proton">Sent '
                    'with <a target="_blank" href="https://proton.me/mail/home">Proton Mail</a> secure email.</div>'
                    "</div>\n")
        if c == "zoho":
            return (f'<div id="Zm-_Id_-Sgn" data-sigid="{rng.randrange(10**17, 10**18)}" '
                    f'data-zbluepencil-ignore="true">'
                    f"<div>--<br></div><div>{br}<br></div></div>\n")
        if c == "fastmail":
            return f'<div id="sig{rng.randrange(10**7, 10**8)}"><div class="signature">{br}</div></div>\n'
        if c == "spark":
            return f'<div name="messageSignatureSection"><br /><div class="matchFont">{br}</div></div>\n'
        return ('<div><span class="-x-evo-signature-wrapper"><span class="-x-evo-signature" id="autogenerated"><pre>'
                f"-- \n{escape(sig)}</pre></span></span></div>\n")

    def page_html(self, own: str, rest: str) -> str:
        c, rng = self.client, self.rng
        if c in ("notes", "proton"):  # fragments, no document around them
            return own + rest
        if c == "roundcube":
            return ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8" /></head><body '
                    f"style='font-size: 10pt; font-family: Verdana,Geneva,sans-serif'>\n{own}{rest}</body></html>\n")
        if c == "zimbra":
            return ('<html><body><div style="font-family: arial, helvetica, sans-serif; font-size: 12pt; color: '
                    f'#000000">\n{own}{rest}</div></body></html>')
        if c == "outlook_mac":
            return ('<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:'
                    'word" xmlns:m="http://schemas.microsoft.com/office/2004/12/omml" xmlns="http://www.w3.org/TR/REC-'
                    'html40"><head><meta http-equiv=Content-Type content="text/html; charset=utf-8"><meta '
                    'name=Generator content="Microsoft Word 15 (filtered medium)"><style><!--\n/* Font Definitions */'
                    '\n@font-face\n\t'
                    '{font-family:Aptos;}\np.MsoNormal, li.MsoNormal, div.MsoNormal\n\t{margin:0cm;font-size:12.0pt;'
                    'font-family:"Aptos",sans-serif;}\n--></style></head><body lang=EN-GB link="#467886" '
                    f"vlink=\"#96607D\" style='word-wrap:break-word'>\n<div class=WordSection1>\n{own}{rest}</div>\n"
                    "</body></html>\n")
        if c == "yahoo":
            return (f'<html><head></head><body><div class="ydp{hexes(rng, 8)}yahoo-style-wrap" style="font-family:'
                    f'Helvetica Neue, Helvetica, Arial, sans-serif;font-size:13px;">\n{own}</div>\n{rest}'
                    "</body></html>")
        if c == "zoho":
            return ('<!DOCTYPE html><html><head><meta content="text/html;charset=UTF-8" http-equiv="Content-Type">'
                    '</head><body><div style="font-family: Verdana, Arial, Helvetica, sans-serif; font-size: 10pt;">\n'
                    f"{own}{rest}</div><br></body></html>")
        if c == "fastmail":
            return ('<!DOCTYPE html><html><head><title></title><style type="text/css">p.MsoNormal,p.MsoNoSpacing'
                    f"{{margin:0}}</style></head><body>\n{own}{rest}</body></html>\n")
        if c == "spark":
            return ('<html xmlns="http://www.w3.org/1999/xhtml"><head><title></title></head><body>\n<div '
                    f'name="messageBodySection">\n{own}</div>\n{rest}</body></html>\n')
        return f"<html><head></head><body>\n{own}{rest}</body></html>\n"

    def footer_html(self, footer: str) -> str:
        lines = "<br>\n".join(escape(x) for x in footer.split("\n"))
        if self.client == "notes":
            return f'<font size=1 color=#808080 face="sans-serif">{lines}</font><br>\n'
        return f'<p style="font-size:8pt;color:#808080">{lines}</p>\n'


def short_lines(html: str, width: int = 700) -> str:
    """HTML with no line longer than a mail line may be: broken after a tag, as clients that send 8bit do."""
    out = []
    for line in html.split("\n"):
        while len(line) > width:
            cut = line.rfind(">", 0, width)
            cut = cut + 1 if cut > 0 else width
            out.append(line[:cut])
            line = line[cut:]
        out.append(line)
    return "\n".join(out)


def tidy(msg: EmailMessage) -> None:
    """No MIME-Version in the parts, where the email package puts one and the clients do not."""
    for part in msg.walk():
        if part is not msg and "MIME-Version" in part:
            del part["MIME-Version"]


def armor(rng: random.Random, what: str, size: int) -> str:
    blob = base64.b64encode(rng.randbytes(size)).decode()
    lines = [blob[i:i + 64] for i in range(0, len(blob), 64)]
    return (f"-----BEGIN PGP {what}-----\n\n" + "\n".join(lines) + f"\n={base64.b64encode(rng.randbytes(3)).decode()}\n"
            f"-----END PGP {what}-----\n")


def pgp_signed(rng: random.Random, content: EmailMessage) -> EmailMessage:
    """The content under a PGP/MIME signature (RFC 3156), as Proton signs mail to outside addresses."""
    sig = EmailMessage()
    sig.set_content(armor(rng, "SIGNATURE", 180).encode(), "application", "pgp-signature", cte="7bit",
                    disposition="attachment", filename="signature.asc", params={"name": "signature.asc"})
    sig["Content-Description"] = "OpenPGP digital signature"
    del content["MIME-Version"], sig["MIME-Version"]
    outer = EmailMessage()
    outer["MIME-Version"] = "1.0"
    outer.add_header("Content-Type", "multipart/signed", protocol="application/pgp-signature", micalg="pgp-sha512")
    outer.set_payload([content, sig])
    outer.preamble = "This is an OpenPGP/MIME signed message (RFC 4880 and 3156)"
    return outer


def message_id(rng: random.Random, client: str, host: str, when: datetime, writer: str, first: str) -> str:
    epoch = int(when.timestamp() * 1000)
    if client == "notes":
        return (f"<OF{hexes(rng, 8, True)}.{hexes(rng, 8, True)}-ON80258A{hexes(rng, 2, True)}.{hexes(rng, 8, True)}-"
                f"80258A{hexes(rng, 2, True)}.{hexes(rng, 8, True)}@{host}>")
    if client == "roundcube":
        return f"<{hexes(rng, 32)}@{host}>"
    if client == "horde":
        return f"<{when.strftime('%Y%m%d%H%M%S')}.Horde.{alnums(rng, 22)}@webmail.{host}>"
    if client == "zimbra":
        return f"<{rng.randrange(10**8, 10**9)}.{rng.randrange(10**5, 10**6)}.{epoch}.JavaMail.zimbra@{host}>"
    if client == "squirrelmail":
        return f"<{hexes(rng, 32)}.squirrel@webmail.{host}>"
    if client == "mutt":
        machine = f"{unaccented(first).lower()}-x1.{host}"
        return rng.choice([f"<{when.strftime('%Y%m%d%H%M%S')}.GA{rng.randrange(1000, 99999)}@{machine}>",
                           f"<{alnums(rng, 16).lower()}@{machine}>"])
    if client == "evolution":
        return f"<{hexes(rng, 40)}.camel@{host}>"
    if client == "outlook_mac":
        return f"<{uuid_like(rng, True)}@{host}>"
    if client == "yahoo":
        return f"<{rng.randrange(10**9, 10**10)}.{rng.randrange(10**6, 10**7)}.{epoch}@mail.yahoo.com>"
    if client == "proton":
        return f"<{alnums(rng, 86)}=@proton.me>"
    if client == "zoho":
        region = "in" if writer == "in" else "eu"
        return f"<{hexes(rng, 11)}.{hexes(rng, 16)}.{rng.randrange(10**18, 10**19)}@zoho.{region}>"
    if client == "fastmail":
        return f"<{uuid_like(rng)}@app.fastmail.com>"
    return f"<{uuid_like(rng, True)}@Spark>"


def set_boundaries(rng: random.Random, client: str, msg: EmailMessage, when: datetime) -> None:
    """Each client's own MIME boundaries (Notes' '=_alternative 0057A48C80258A7E_=', Yahoo's Java parts...)."""
    stamp = hexes(rng, 16, True)
    epoch = int(when.timestamp() * 1000)
    for part in msg.walk():
        if not part.is_multipart():
            continue
        sub = part.get_content_subtype()
        part.set_boundary({
            "notes": f"=_{sub} {stamp}_=",
            "yahoo": f"----=_Part_{rng.randrange(10**6, 10**7)}_{rng.randrange(10**8, 10**9)}.{epoch}",
            "zoho": f"----=_Part_{rng.randrange(10**6, 10**7)}_{rng.randrange(10**8, 10**9)}.{epoch}",
            "zimbra": f"=_{uuid_like(rng)}", "proton": f"b1_{alnums(rng, 43)}",
            "outlook_mac": f"B_{rng.randrange(3 * 10**9, 4 * 10**9)}_{rng.randrange(10**9, 2 * 10**9)}",
            "roundcube": f"=_{hexes(rng, 32)}", "horde": f"=_{alnums(rng, 22)}", "evolution": f"=-{alnums(rng, 22)}",
            "mutt": alnums(rng, 16), "fastmail": hexes(rng, 32), "squirrelmail": hexes(rng, 32),
            "spark": f"{hexes(rng, 8)}_{hexes(rng, 8)}_{hexes(rng, 4)}"}[client])


def bounce_style(client: str) -> str:
    return {"notes": "domino", "yahoo": "yahoo", "roundcube": "exim", "horde": "exim", "squirrelmail": "exim",
            "zoho": "exim"}.get(client, "postfix")


def bounce_sender(client: str, address: str) -> str:
    host = address.partition("@")[2]
    return {"domino": f"Postmaster@{host}", "yahoo": f"MAILER-DAEMON@{host}", "exim": f"Mailer-Daemon@mx1.{host}",
            "postfix": f"MAILER-DAEMON@mx.{host}"}[bounce_style(client)]


def bounce(rng: random.Random, mail: Mail, subject: str, msgid: str | None, original: bytes | None) -> bytes:
    """A bounce of the bot's mail to the registrar, by the mail server the registrar's client sits behind."""
    recipient = mail.said.split()[2]
    host = recipient.partition("@")[2]
    style = bounce_style(mail.client)
    copy = (original or f"From: {BOT}\nTo: {recipient}\nSubject: {subject}\n\n".encode()).decode("utf-8", "replace")
    copy = copy.replace("\r\n", "\n").rstrip("\n")
    msg = EmailMessage()
    msg["From"] = {"domino": f"Postmaster <{mail.sender}>", "yahoo": mail.sender}.get(
        style, f"Mail Delivery System <{mail.sender}>")
    msg["To"] = BOT
    msg["Date"] = format_datetime(datetime(2026, 11, 27, 11, 30, tzinfo=UTC))
    msg["Message-ID"] = f"<{hexes(rng, 24)}@{mail.sender.partition('@')[2]}>"
    msg["Auto-Submitted"] = "auto-replied"
    if style in ("exim", "yahoo"):  # a plain text with the returned message pasted below
        if style == "exim":
            msg["Subject"] = "Mail delivery failed: returning message to sender"
            msg["X-Failed-Recipients"] = recipient
            text = ("This message was created automatically by mail delivery software.\n\nA message that you sent "
                    "could not be delivered to one or more of its\nrecipients. This is a permanent error. The "
                    f"following address(es) failed:\n\n  {recipient}\n    host mx1.{host} [192.0.2.25]\n    SMTP "
                    "error from "
                    f"remote mail server after RCPT TO:<{recipient}>:\n    550 5.1.1 <{recipient}>: Recipient address "
                    "rejected: User unknown in local recipient table\n\n------ This is a copy of the message, "
                    f"including all the headers. ------\n\n{copy}\n")
        else:
            msg["Subject"] = "Failure Notice"
            text = (f"Sorry, we were unable to deliver your message to the following address.\n\n<{recipient}>:\n"
                    f"554: delivery error: dd This user doesn't have a {host} account ({recipient}) [0] - "
                    f"mta1001.mail.{host}\n\n--- Below this line is a copy of the message.\n\n{copy}\n")
        charset = "us-ascii" if text.isascii() else "utf-8"
        msg.set_content(text, charset=charset, cte="7bit" if charset == "us-ascii" else "8bit")
        return msg.as_bytes(policy=default)
    if style == "domino":
        msg["Subject"] = f"DELIVERY FAILURE: User {recipient.partition('@')[0]} ({recipient}) not listed in Domino " \
                         "Directory"
        explain = (f"Your message\n\n  Subject: {subject}\n\nwas not delivered to:\n\n  {recipient}\n\nbecause:\n\n"
                   f"  User {recipient.partition('@')[0]} ({recipient}) not listed in Domino Directory\n")
        mta, code = f"dns; MAIL01.{host}", "smtp; 550 5.1.1 User not listed in Domino Directory"
    else:
        msg["Subject"] = "Undelivered Mail Returned to Sender"
        explain = (f"This is the mail system at host mx.{host}.\n\nI'm sorry to have to inform you that your message "
                   "could not be delivered to one or more recipients.\n")
        mta, code = f"dns; mx.{host}", "smtp; 550 5.1.1 user unknown"
    msg.set_content(explain)
    msg.make_mixed()
    msg.set_type("multipart/report")
    msg.set_param("report-type", "delivery-status")
    per_message, per_recipient = EmailMessage(), EmailMessage()
    per_message["Reporting-MTA"] = mta
    per_recipient["Final-Recipient"] = f"rfc822; {recipient}"
    per_recipient["Action"] = "failed"
    per_recipient["Status"] = "5.1.1"
    per_recipient["Diagnostic-Code"] = code
    status = EmailMessage()
    status["Content-Type"] = "message/delivery-status"
    status.set_payload([per_message, per_recipient])
    msg.attach(status)
    headers = EmailMessage()
    headers.set_content(f"From: {BOT}\nTo: {recipient}\nSubject: {subject}\n" + (f"Message-ID: {msgid}\n" if msgid
                                                                                 else ""), subtype="rfc822-headers")
    msg.attach(headers)
    return msg.as_bytes(policy=default)
