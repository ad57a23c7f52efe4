"""Parse: the sender's own words in a reply's text: no quoted mail, no quote header, signature or disclaimer.

A reply's intent (mailbot.policy.intent) and a command (mailbot.parse.commands) are read from these. Mail clients
mark the mail they answer in different ways: Gmail, Apple Mail and Thunderbird with "On ... wrote:" and ">" lines
(Gmail folds a long header over two lines), Outlook with a rule of underscores or "-----Original Message-----"
and a "From: ... Sent: ..." block whose quoted text is not marked at all; a message pasted whole into the body
starts with its header section. What follows any of them is the mail answered, never the sender's words.
A signature starts at "-- " (RFC 3676 4.3), at a sign-off ("Kind regards,
Jane"), at a phone's "Sent from my iPhone" or at a legal disclaimer; a postscript after it is the sender's again.

It is kept whole, over 400 lines: it is the one definition of the sender's own words, of a quote and of a forward, that
every reader of the bot uses (the reply's intent, commands, the change request reader, forms); two definitions would
disagree about the same mail.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# mutt's and Horde's forward, in their languages: "----- Forwarded message from X <x@y> -----" over the message and
# its header lines, down to "----- End forwarded message -----".
_WHOSE_FORWARD = (r"-{2,}\s*(?:forwarded\s+message\s+from|wiadomość\s+przekazana\s+od"
                  r"|weitergeleitete\s+nachricht\s+von)\s.{1,200}?\s*-{2,}")
_FORWARD_END = re.compile(r"^-{2,}\s*(?:end\s+(?:of\s+)?forwarded\s+message|koniec\s+wiadomości\s+przekazanej"
                          r"|ende\s+der\s+weitergeleiteten\s+nachricht)\s*-{2,}$", re.I)
# A line that starts the mail being answered or forwarded: nothing from it on is the sender's.
_QUOTE_START = re.compile(
    r"^(on\s.{0,300}\swrote:?$"  # Gmail, Apple Mail, Thunderbird: "On Fri, 27 Nov 2026 at 10:00, X wrote:"
    r"|.{0,300}\swrote(\s+on\s.{0,100})?:$"  # older Thunderbird and Lotus: "X wrote:", "X wrote on DATE:"
    r"|le\s.{0,300}\sa\s+[ée]crit\s?:?$|el\s.{0,300}\sescribi[óo]\s?:?$"  # French, Spanish
    r"|op\s.{0,300}\sschreef\b.{0,100}:?$|am\s.{0,300}\sschrieb\b.{0,100}:?$"  # Dutch, German
    r"|il\s.{0,300}\sha\s+scritto\s?:?$"  # Italian
    r"|dne\s.{0,300}\snapsal(?:\(a\)|a)?\s?:$|w\s+dniu\s.{0,300}\s(?:napisał(?:\(a\)|a)?|pisze)\s?:$"  # Czech, Polish
    r"|.{0,200}\s(?:napsal(?:\(a\)|a)?|napisał(?:\(a\)|a)?)\s?:$"  # and with no date: '"Jan Novák" napsal:'
    r"|-{2,}\s*on\s.{0,300}\swrote\s*-{2,}$"  # Zoho: "---- On Thu, 26 Nov 2026 X <x@y.org> wrote ----"
    r"|(?:quoting|citát|cytuję|zitat\s+von)\s.{0,200}<[^<>\s@]+@[^<>\s]+>\s?:$"  # Horde: "Quoting X <x@y.org>:"
    r"|-{2,}\s*(original message|ursprüngliche nachricht|message d'origine|mensaje original|oorspronkelijk "
    r"bericht|oryginalna wiadomość|wiadomość oryginalna|původní zpráva|originální zpráva)\s*-{2,}"  # Outlook's
    r"|-{2,}\s*forwarded message\s*-{2,}|begin forwarded message:"  # Gmail's and Apple Mail's forwards
    rf"|{_WHOSE_FORWARD}"  # mutt's and Horde's
    r"|(sent|gesendet|envoy[ée]|verzonden|enviado|inviato)\s?:\s.*)",  # Outlook's header block without a rule
    re.I)
# Outlook's header block opens with who wrote the mail answered: "From:", "Von:", "De :", "Van:", "Da:". Such a
# line starts it when a "Sent:" or "Date:" line follows it and it names an address or a "Subject:" line comes
# after, so that "From: ns1.old.example" in a request and "From: Sam Smith" atop a web form stay the sender's.
_HEADER_FROM = re.compile(r"^(from|von|de|van|da)\s?:\s(.*)$", re.I)
# Outlook's rule above its header block: a rule only when a header block follows it (a ticket system draws
# rules of its own around what the sender wrote).
_RULE = re.compile(r"^(_{10,}|-{10,})$")
_HEADER_LINE = re.compile(r"^(from|von|de|van|da|sent|date|to|subject)\s?:", re.I)
_HEADER_SUBJECT = re.compile(r"^(subject|betreff|objet|onderwerp|asunto|oggetto)\s?:", re.I)
_HEADER_SENT = re.compile(r"^(sent|date|gesendet|datum|envoy[ée]|date|verzonden|enviado|fecha|inviato|data)\s?:\s",
                          re.I)
# A message pasted whole into the body, its header section first ("DKIM-Signature: ...", "From: ...", "Message-ID:
# ..."): someone else's mail quoted, as Outlook's header block is. A header line as RFC 5322 2.2 writes it (a field
# name without spaces, a colon); a block of them is a message's header section when it holds the two fields every
# message has (From and Date, RFC 5322 3.6) and one a person never types (Message-ID, MIME-Version, Received,
# DKIM-Signature...). Header lines without a From are no message's header ("Subject: ..." alone, or what a bare CR
# left of a header section below it): they are read as they stand.
_RAW_HEADER = re.compile(r"^([!-9;-~]+):[ \t]")
_RAW_ONLY = {"received", "return-path", "dkim-signature", "arc-seal", "arc-message-signature", "message-id",
             "arc-authentication-results", "authentication-results", "mime-version", "content-type",
             "content-transfer-encoding", "delivered-to", "x-mailer", "x-original-to", "in-reply-to", "references"}
# Gmail folds a long quote header: "On Fri, 27 Nov 2026 at 10:00, Registry Lock <" then "reg...@x> wrote:".
_FOLDED_START = re.compile(r"^on\s.{0,300}$", re.I)
_FOLDED_END = re.compile(r".{0,300}\swrote:?$|^\S*>\s*wrote:?$", re.I)

# A sign-off on a line of its own, perhaps with the sender's name after it ("Kind regards, Jane Smith"), but
# not "Thanks for the call" nor "Many thanks, confirmed": only capitalised words may follow it.
_SIGN_OFF = re.compile(
    r"^(kind regards|best regards|warm regards|many regards|regards|rgds|kr|br|thanks and regards|thanks again|"
    r"thanks in advance|thank you in advance|"
    r"many thanks|thanks|thank you|with thanks|best wishes|best|all the best|cheers|yours sincerely|"
    r"yours faithfully|sincerely|ta|diolch|cofion(?: gorau| cynnes)?|yn gywir)\b", re.I)  # and in Welsh
_NAME = re.compile(r"^[,.!]*(\s*[A-Z][\w.'-]*[,.]?){0,3}$")
# A phone's or a mail app's own line, and the openings of the legal disclaimers organisations append.
_SIGNATURE_START = re.compile(
    r"^(--\s*$|__\s*$|sent from my\s|sent from (outlook|mail|yahoo|samsung)|get outlook for\s"
    r"|this (e-?mail|message|communication)\b.{0,80}\b(confidential|intended|privileged|contain|may)"
    r"|the information (in|contained in) this"
    r"|(confidentiality|legal|email) (notice|disclaimer|statement)|disclaimer:?$|important notice"
    r"|.{0,200}\bintended recipient"
    r"|communications (with|via) .{0,40}(monitored|recorded|logged))", re.I)
_POSTSCRIPT = re.compile(r"^p\.?\s?s\b\.?", re.I)


# Of a reply written only in HTML, its own words are at the top: what is past this is not read for them.
HTML_READ = 200_000
_BLOCKS = {"p", "div", "br", "tr", "li", "ul", "ol", "table", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
           "blockquote", "section", "article", "header", "footer", "address", "dt", "dd"}
_UNSHOWN = {"head", "style", "script", "title", "template"}


_HAND_SPACED = re.compile(r"[ \t\r\n\f]*\xa0[ \t\r\n\f\xa0]*")


def _width(run: str) -> int:
    """How wide a run of white space shows: each non-breaking space, and one for any run of the others."""
    return run.count("\xa0") + len(re.findall(r"[ \t\r\n\f]+", run))


# A cell of preformatted text: at the line's start or after a gap of two spaces or more; and such a gap.
_PRE_CELL = re.compile(r"(?:(?<=^)|(?<=  ))[^ ]")
_PRE_GAP = re.compile(r" {2,}")


class _HtmlLines(HTMLParser):
    """Text as a mail client shows HTML: a line for each block, and what a <blockquote> holds marked with ">" as a
    plain-text client quotes it (Gmail, Apple Mail and Thunderbird quote the mail answered in one)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.line: list[str] = []
        self.quoted = self.hidden = self.pre = 0
        self.cells = -1  # the cells begun in the table row being read; -1 outside a row

    def _end_line(self, blank: bool = False) -> None:
        """Ends the line being read; `blank`: a line break that ends no text (a second <br>) is a blank line."""
        said = "".join(self.line)
        # A gap two wide or more made with non-breaking spaces is spacing set by hand (HTML collapses any other),
        # as a text table aligned in a proportional font is: it is kept as a tab, which separates cells as in a
        # plain-text table. Other white space is one space, as a client shows it.
        text = _HAND_SPACED.sub(lambda m: "\0" if _width(m.group()) > 1 else "\xa0", said)
        text = " ".join(text.split()).replace("\xa0", " ").replace("\0", "\t").strip(" ")
        # A leading gap is an empty first cell only in a row of an aligned table (the line above has cells);
        # elsewhere it is indentation.
        text = text.rstrip("\t") if self.lines and "\t" in self.lines[-1] else text.strip("\t")
        if text:
            self.lines.append(("> " if self.quoted else "") + text)
        elif (blank or "\xa0" in said) and self.lines and self.lines[-1] not in ("", ">"):
            # "<p><br></p>", "<p>&nbsp;</p>", "<div><br></div>": how clients write an empty line between
            # paragraphs or lists, which ends a list as a blank line does in plain text.
            self.lines.append(">" if self.quoted else "")
        self.line = []

    def text(self) -> str:
        """What was read, the line being read ended."""
        self._end_line()
        return "\n".join(self.lines).strip("\n")

    def handle_starttag(self, tag, attrs):
        if tag in _UNSHOWN:
            self.hidden += 1
        elif tag in ("td", "th") and self.cells >= 0:
            if self.cells:
                self.line.append(" | ")  # a row is read as "cell | cell", as a plain-text table writes it
            self.cells += 1
        elif self.cells > 0 and tag not in ("tr", "table"):
            self.line.append(" ")  # a block inside a cell: the cell's text goes on in its row
        elif tag in _BLOCKS:
            self._end_line(blank=tag == "br")
            if tag == "hr":
                self.lines.append("_" * 32)  # as Outlook writes the rule above the mail answered, in plain text
            self.quoted += tag == "blockquote"
            self.pre += tag == "pre"
            self.cells = 0 if tag == "tr" else -1 if tag == "table" else self.cells

    def handle_endtag(self, tag):
        if tag in _UNSHOWN:
            self.hidden = max(0, self.hidden - 1)
        elif self.cells > 0 and tag not in ("tr", "table", "td", "th"):
            self.line.append(" ")
        elif tag in _BLOCKS:
            self._end_line()
            self.quoted = max(0, self.quoted - (tag == "blockquote"))
            self.pre = max(0, self.pre - (tag == "pre"))
            self.cells = -1 if tag in ("tr", "table") else self.cells
            if tag in ("ul", "ol", "table") and self.lines and self.lines[-1]:
                self.lines.append("")  # a list or table ends as a blank line ends it in plain text

    def handle_data(self, data):
        if self.hidden:
            return
        if not self.pre:
            self.line.append(data)
            return
        # Preformatted text is shown as written: its line breaks are lines, and a gap of two spaces or more aligns
        # columns (kept as a tab, as a gap of non-breaking spaces is). A gap that passes over a column the other
        # lines start a cell in is a tab more for each: the empty cell a row leaves in an aligned table.
        parts = data.split("\n")
        starts = {m.start() for part in parts for m in _PRE_CELL.finditer(part.expandtabs())}
        for i, part in enumerate(parts):
            if i:
                self._end_line(blank=True)
            self.line.append(_PRE_GAP.sub(lambda m: "\0" * (1 + sum(m.start() < at < m.end() for at in starts)),
                                          part.expandtabs()))


def html_text(html: str, limit: int = HTML_READ) -> str:
    """The text of an HTML body, line by line, with quoted blocks marked (see _HtmlLines); entities read. A table
    row is one line, its cells separated by " | "; a list item, a line."""
    reader = _HtmlLines()
    try:
        reader.feed(html[:limit])
        reader.close()
    except Exception:  # HTMLParser reads any text; should it not, what it read so far is kept
        pass
    return reader.text()


def own_lines(text: str) -> list[str]:
    """Every line the sender wrote above the mail they answer, stripped; blank lines kept as ""."""
    lines = text.splitlines()
    kept: list[str] = []
    for n, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith(">"):
            continue  # quoted inline: the mail answered, even between the sender's own lines
        if _quote_starts(lines, n):
            break
        kept.append(stripped)
    return kept


def _quote_starts(lines: list[str], n: int) -> bool:
    """Whether lines[n] starts the mail answered or forwarded."""
    stripped = lines[n].strip()
    if _RULE.match(stripped):
        return any(_HEADER_LINE.match(a.strip()) for a in lines[n + 1:n + 3] if a.strip())
    return bool(_QUOTE_START.match(stripped) or _header_from(stripped, lines[n + 1:n + 6]) or _header_section(lines, n)
                or (_FOLDED_START.match(stripped) and n + 1 < len(lines) and _FOLDED_END.match(lines[n + 1].strip())))


def _header_section(lines: list[str], n: int) -> bool:
    """Whether lines[n] opens the header section of a message pasted whole (see _RAW_HEADER): three header lines
    at least, folded lines going with the one above them, up to a line that is neither."""
    names: list[str] = []
    for line in lines[n:n + 60]:
        if (found := _RAW_HEADER.match(line)) is not None:
            names.append(found[1].lower())
        elif not (names and line[:1] in (" ", "\t") and line.strip()):
            break
    return {"from", "date"} <= set(names) and bool(set(names) & _RAW_ONLY)


def _header_from(line: str, after: list[str]) -> bool:
    found = _HEADER_FROM.match(line)
    if found is None or not any(_HEADER_SENT.match(a.strip()) for a in after[:2]):
        return False
    return "@" in found[2] or any(_HEADER_SUBJECT.match(a.strip()) for a in after)


# A line that opens another message below a signature: the heading a registrar's desk writes over a customer's words
# it pastes ("--- Pasted from the email of Jane Smith ---", "===== Customer wrote ====="), or a greeting.
_OPENS_MESSAGE = re.compile(r"[-=_*~#]{3,}\s*[^\W_].{0,200}?\s*[-=_*~#]{3,}$"
                            r"|(?:hi|hello|hiya|dear|good\s+(?:morning|afternoon|evening|day)|morning|afternoon|greetings"
                            r"|to\s+whom\s+it\s+may\s+concern|annwyl|helo|shwmae|bore\s+da|prynhawn\s+da)\b.{0,60}$",
                            re.I)


def own_raw_lines(text: str) -> list[str]:
    """The sender's own lines as written (indentation kept), up to the mail answered, its signature or
    disclaimer, with lines quoted inline blank: the words a request is read from (mailbot.parse.change_request). A
    sign-off over the sender's name ("Regards" / "Jane Smith") ends them too, up to a postscript or another message
    opening below it (a customer's words a registrar pastes under its own note, see _OPENS_MESSAGE): what a gateway or a
    hosting company appends under a signature ("Default name servers for new domains: ...") is no part of the
    request."""
    lines = text.splitlines()
    kept: list[str] = []
    # Where a sign-off is, so that one with another below it (a customer's, under words pasted below the note)
    # ends only its own signature block, and the last one ends the sender's words.
    end = next((n for n, line in enumerate(lines) if _quote_starts(lines, n) or line.rstrip() in ("--", "-- ")
                or _SIGNATURE_START.match(line.strip())), len(lines))
    last_sign_off = max((n for n in range(end) if lines[n].strip()
                         and (_signs_off_with_name(lines, n) or _signature_block(lines, n))), default=-1)
    # A name over a signature block right under a sign-off ("Thanks," / "Jane Smith" / "Tel: ...") is of its block.
    while (above := last_sign_off - 1 if last_sign_off > 0 and lines[last_sign_off - 1].strip()
           else last_sign_off - 2) >= 0 and (_signs_off_with_name(lines, above) or _signature_block(lines, above)):
        last_sign_off = above
    typed = _console_commands(lines)
    said = in_block = False
    signed = ""  # "block": in a signature block, up to the blank line after it; "rest": under the last sign-off
    for n, line in enumerate(lines[:end]):
        stripped = line.strip()
        if signed == "block" and (stripped or not in_block):
            in_block = in_block or bool(stripped)  # "Regards," / "" / "Jane Smith": the name may come after a gap
            continue
        if signed == "rest" and not _POSTSCRIPT.match(stripped) and not _OPENS_MESSAGE.match(stripped):
            continue
        signed = ""
        if said and stripped and ((name := _signature_block(lines, n)) or _signs_off_with_name(lines, n)):
            signed, in_block = ("rest" if n >= last_sign_off else "block"), name
            continue
        kept.append(_PROMPT.sub("", line) if n in typed else "" if stripped.startswith(">") else line)
        said = said or bool(stripped) and not stripped.startswith(">")
    # A clear-signed message's signature and disclaimer (RFC 4880 7) end its signed text, not the mail: what is written
    # below its armour ("Correction: the second one should read ...") is read too, for the reader to see that words
    # outside the signed text change it.
    opened = next((n for n in range(end) if lines[n].strip() == PGP_SIGNED), None)
    closed = next((n for n in range(end, len(lines)) if lines[n].strip() == PGP_END), None) \
        if opened is not None and end < len(lines) and not _quote_starts(lines, end) else None
    if closed is not None:
        kept += ["", PGP_END, *own_raw_lines("\n".join(lines[closed + 1:]))]
    return kept


# An EPP client's console (RFC 5730): the commands typed after its prompt ("> update domain x.gov.uk", "> add ns
# ns3.x.net"), the server's answer under them with its result code ("2304 Object status prohibits operation").
_PROMPT = re.compile(r"^\s*>\s?")
_EPP_COMMAND = re.compile(r"(?:update|info|create|check|delete|renew|transfer)\s+(?:domain|host)\s+\S", re.I)
_EPP_RESULT = re.compile(r"[12]\d{3}\s+[A-Z][a-z]")


def _console_commands(lines: list[str]) -> set[int]:
    """The lines that are commands typed at an EPP client's prompt, pasted with the server's answer: a run of lines
    starting with ">", the first an EPP command, right above a line of the answer's result code. Such ">" marks no
    mail quoted: the registrar pastes the commands the lock refused, to have them done."""
    typed: set[int] = set()
    n = 0
    while n < len(lines):
        end = n
        while end < len(lines) and lines[end].lstrip().startswith(">") and lines[end].strip(" >"):
            end += 1
        if end > n and _EPP_COMMAND.match(_PROMPT.sub("", lines[n])) and end < len(lines) \
                and _EPP_RESULT.match(lines[end].strip()):
            typed.update(range(n, end))
        n = max(end, n + 1)
    return typed


PGP_SIGNED = "-----BEGIN PGP SIGNED MESSAGE-----"
PGP_END = "-----END PGP SIGNATURE-----"


# Words a line of a request starts or ends with, which a name under a sign-off never is ("Thanks" / "New Name
# Servers" / "ns1.a.net"): such a line goes on with the request.
_FIELD_WORDS = re.compile(r"\b(?:name\s*-?\s*servers?|nameservers?|ns|ds|dnssec|domains?|records?|digest|key)\b", re.I)


# A telephone line of a signature block ("Tel: 0333 292 9926", "T: +44 1632 960725", "Mobile 07700 900123").
_PHONE_LINE = re.compile(r"^(?:tel(?:ephone)?|t|phone|ph|mob(?:ile)?|m|direct(?:\s+line)?|ddi|dd|office|fax)\b\.?\s*:?"
                         r"\s*\+?[\d(][\d ().-]{6,}$", re.I)


_NAME_PARTICLES = {"ap", "ab", "de", "van", "von", "der", "den", "la", "le", "du", "da", "di", "bin", "al", "ter"}


def _signature_block(lines: list[str], n: int) -> bool:
    """Whether lines[n] is the sender's name over a signature block that gives a telephone number: the name, then,
    on the lines right below it, a job title or an organisation and a "Tel:" line."""
    words = lines[n].split()
    if not 1 <= len(words) <= 4 or not all((w[0].isupper() or w in _NAME_PARTICLES) and not re.search(r"[:@/|\d]", w)
                                           for w in words) \
            or _FIELD_WORDS.search(lines[n]) or not any(c.islower() for c in lines[n]):
        return False
    for below in lines[n + 1:n + 4]:
        if not below.strip():
            return False
        if _PHONE_LINE.match(below.strip()):
            return True
    return False


def _signs_off_with_name(lines: list[str], n: int) -> bool:
    """Whether lines[n] is a sign-off with the sender's name on it or on the next line that is not blank."""
    stripped = lines[n].strip()
    found = _SIGN_OFF.match(stripped)
    if found is None or _NAME.match(stripped[found.end():]) is None:
        return False
    if stripped[found.end():].strip(" ,.!"):
        return not _FIELD_WORDS.search(stripped)
    after = next((a.strip() for a in lines[n + 1:n + 3] if a.strip()), "")
    return bool(after) and _NAME.match(after) is not None and not _FIELD_WORDS.search(after) \
        and not _POSTSCRIPT.match(after)


# A forward's own marker (Gmail's, Apple Mail's); and a subject saying the mail forwards another ("Fwd:", "FW:", and
# as localised clients write it: "TR:", "WG:", "RV:", "I:"), under which Outlook's "-----Original Message-----" or
# "From: ... Sent: ..." block starts the message forwarded rather than the one answered. The tags a mail gateway or a
# classification puts before the subject ("[EXTERNAL]", "*EXTERNAL*", "EXTERNAL:", "[OFFICIAL]") are passed over.
_FORWARD_MARK = re.compile(rf"^(-{{2,}}\s*forwarded message\s*-{{2,}}|begin forwarded message:|{_WHOSE_FORWARD})$",
                           re.I)
_SUBJECT_TAG = r"(?:\[[^\]\n]{1,40}\]|\*{1,2}[^*\n]{1,30}\*{1,2}|(?-i:[A-Z][A-Z-]{2,19}):)"
_FORWARD_SUBJECT = re.compile(rf"^\s*(?:(?:{_SUBJECT_TAG}|(?:re|aw|sv|antw)\s*:)\s*)*(?:fwd?|tr|wg|rv|i|doorst)\s*:",
                              re.I)
_FORWARDED_HEADER = re.compile(r"^(from|von|de|van|da|sent|date|datum|envoy[ée]|verzonden|enviado|fecha|inviato|data"
                               r"|to|an|[aà]|aan|para|cc|bcc|subject|betreff|objet|onderwerp|asunto|oggetto"
                               r"|od|do|temat|wysłano|komu|předmět|odesláno"  # Polish, Czech
                               r"|reply-to|importance)\s?:", re.I)


# Outlook's rule over the message forwarded, in its languages ("-----Original Message-----", "-----Ursprüngliche
# Nachricht-----", "----- Oryginalna wiadomość -----", "-------- Původní zpráva --------").
_ORIGINAL_MESSAGE = re.compile(r"-{2,}\s*(original message|ursprüngliche nachricht|message d'origine|mensaje original"
                               r"|oorspronkelijk bericht|oryginalna wiadomość|wiadomość oryginalna|původní zpráva"
                               r"|originální zpráva)\s*-{2,}", re.I)


def quoted_lines(text: str) -> list[str]:
    """The lines of the message a mail quotes under its attribution line ("On 26 Nov 2026, Jo Bloggs <jo@x.org>
    wrote:", Gmail folding it over two lines), each with one level of ">" taken off, then read as own_raw_lines()
    reads a message: its own quoted mail and signature left out; all below such a line when none of it has a ">"
    (Yahoo Mail's way). [] when the sender writes between the quoted lines (an answer inline: whose words are whose
    is not for the reader to guess), when the mail has nothing under such a line, or when the first mail it answers
    starts otherwise. What follows the last quoted line (a mailing list's
    footer) is not the message quoted."""
    lines = text.splitlines()
    start = _attribution(lines)
    if start is None:
        return []
    below = lines[start:]
    last = max((n for n, line in enumerate(below) if line.lstrip().startswith(">")), default=-1)
    if last < 0:
        # Yahoo Mail's plain text gives the mail it answers under its attribution line with no ">" at all: all of it
        # down to the end is that mail, as under Outlook's header block.
        return own_raw_lines("\n".join(below))
    if any(line.strip() and not line.lstrip().startswith(">") for line in below[:last]):
        return []
    return own_raw_lines("\n".join(re.sub(r"^\s*> ?", "", line) for line in below[:last + 1]))


def quoted_sender(text: str) -> str:
    """The attribution line over the message quoted_lines() reads, as written (Gmail's folded one joined), which
    names who wrote it ("On 26 Nov 2026, Jo Bloggs <jo@x.org> wrote:"); "" when the mail quotes none."""
    lines = text.splitlines()
    start = _attribution(lines)
    if start is None:
        return ""
    first = start - 2 if start >= 2 and not _ATTRIBUTION.match(lines[start - 1].strip()) else start - 1
    return " ".join(line.strip() for line in lines[first:start])


# The attribution line Gmail, Apple Mail and Thunderbird write above the mail they quote; older Thunderbird and
# SquirrelMail write a name alone ("Jane Smith wrote:", "\"Jan Novák\" napsal:").
_ATTRIBUTION = re.compile(r"^(?:on\s.{0,300}\swrote:?|-{2,}\s*on\s.{0,300}\swrote\s*-{2,}"
                          r"|dne\s.{0,300}\snapsal(?:\(a\)|a)?\s?:|w\s+dniu\s.{0,300}\s(?:napisał(?:\(a\)|a)?|pisze)\s?:"
                          r"|[^\s>].{0,200}\s(?:wrote(?:\s+on\s.{0,100})?|napsal(?:\(a\)|a)?|napisał(?:\(a\)|a)?)\s?:"
                          r"|(?:quoting|citát|cytuję|zitat\s+von)\s.{0,200}<[^<>\s@]+@[^<>\s]+>\s?:)$", re.I)


# mutt's and neomutt's attribution as many set it ("* Jane Smith <jane@x.org> [2026-11-26 16:59]:"): only over a
# mail quoted at the top of one written below it (bottom_posted), where nothing else can be meant by it.
_MUTT_ATTRIBUTION = re.compile(r"^\*\s.{0,200}<[^<>\s@]+@[^<>\s]+>\s*\[[^\]\n]{0,40}\]\s?:$")


def bottom_posted(text: str) -> tuple[list[str], list[str], str]:
    """A mail written below the mail it quotes, as mutt's and Evolution's users write (bottom-posting): the quoted
    mail's lines, one level of ">" taken off and read as own_raw_lines() reads a message; the sender's own lines
    below it (own_raw_lines()); and the attribution line over it, as written. Only when the mail opens with an
    attribution line ("On ... wrote:", "* X <x@y> [date]:") over lines all quoted with ">" and the sender's words
    follow them: an answer written between the quoted lines is not one. ([], [], "") otherwise."""
    lines = text.splitlines()
    first = next((n for n, line in enumerate(lines) if line.strip()), None)
    if first is None or not (_ATTRIBUTION.match(lines[first].strip()) or _MUTT_ATTRIBUTION.match(lines[first].strip())):
        return [], [], ""
    below = lines[first + 1:]
    last = max((n for n, line in enumerate(below) if line.lstrip().startswith(">")), default=-1)
    if last < 0 or any(line.strip() and not line.lstrip().startswith(">") for line in below[:last]):
        return [], [], ""
    quoted = own_raw_lines("\n".join(re.sub(r"^\s*> ?", "", line) for line in below[:last + 1]))
    said = own_raw_lines("\n".join(below[last + 1:]))
    if not any(line.strip() for line in said):
        return [], [], ""
    return quoted, said, lines[first].strip()


def _attribution(lines: list[str]) -> int | None:
    """The line after the attribution line over the quoted mail, when the first mail the text answers or forwards
    starts with one; None otherwise."""
    for n, line in enumerate(lines):
        if not _quote_starts(lines, n):
            continue
        stripped = line.strip()
        if _ATTRIBUTION.match(stripped):
            return n + 1
        if _FOLDED_START.match(stripped) and n + 1 < len(lines) and _FOLDED_END.match(lines[n + 1].strip()):
            return n + 2
        return None
    return None


def forwarded_lines(text: str, subject: str = "", forwarding: bool = False) -> list[str]:
    """The lines of the message the sender forwards, as written, when the mail forwards one: under Gmail's or Apple
    Mail's forward marker, or, in a mail whose subject says it forwards ("Fwd:", "FW:") or whose sender says so
    (`forwarding`: "Please see below from our customer and action"), under Outlook's "Original Message" rule or its
    "From: ... Sent: ..." block. Its header block is left out, and its own quoted mail and signature as
    own_raw_lines() leaves them out. None ([]) when the mail forwards nothing: a mail answered ("On ... wrote:") is
    never one."""
    message = forwarded_message(text, subject, forwarding)
    return own_raw_lines(message) if message else []


def forwarded_message(text: str, subject: str = "", forwarding: bool = False) -> str:
    """The whole text of the message the sender forwards (see forwarded_lines) below its header block, its own quoted
    mail and signature kept: what a message forwarded within it is read from. "" when the mail forwards nothing."""
    lines = text.splitlines()
    start = _forward_start(lines, subject, forwarding)
    if start is None:
        return ""
    lines = _unquoted(lines, start)
    while start < len(lines) and (not lines[start].strip() or _FORWARDED_HEADER.match(lines[start].strip())):
        start += 1
    end = next((n for n in range(start, len(lines)) if _FORWARD_END.match(lines[n].strip())), len(lines))
    return "\n".join(_unquoted_whole(lines[start:end]))


def _unquoted_whole(lines: list[str]) -> list[str]:
    """A forwarded message's lines below its header block with one level of ">" taken off when every line of it is
    quoted, as Proton Mail forwards one (its header block, then the whole message as a quotation); as written
    otherwise. A message that only starts with a quotation, its writer's own words below it, keeps it quoted: the words
    it quotes are an earlier mail's, never the request."""
    said = [line for line in lines if line.strip()]
    if not said or not all(line.lstrip().startswith(">") for line in said):
        return lines
    return [re.sub(r"^\s*> ?", "", line) for line in lines]


def forwarded_sender(text: str, subject: str = "", forwarding: bool = False) -> str:
    """What the "From:" line of the forwarded message's header block (forwarded_lines()) says, as written ("Jane Smith
    <jane@x.gov.uk>", or a name alone as Outlook may give it); "" when the mail forwards nothing or the block names
    no sender."""
    return _forwarded_field(text, subject, forwarding, _HEADER_FROM)


# The forwarded message's "To:" line, as clients write it in their languages.
_HEADER_TO = re.compile(r"^(to|an|[aà]|aan|para|do|komu|cc)\s?:\s(.*)$", re.I)


def forwarded_recipients(text: str, subject: str = "", forwarding: bool = False) -> str:
    """What the "To:" and "Cc:" lines of the forwarded message's header block say, as written, joined; "" when the mail
    forwards nothing or the block names no recipient."""
    return _forwarded_field(text, subject, forwarding, _HEADER_TO, every=True)


def _forwarded_field(text: str, subject: str, forwarding: bool, field: re.Pattern, every: bool = False) -> str:
    """What the forwarded message's header lines matching `field` say: the first, or `every` one joined."""
    lines = text.splitlines()
    start = _forward_start(lines, subject, forwarding)
    if start is None:
        return ""
    lines = _unquoted(lines, start)
    said: list[str] = []
    while start < len(lines) and (not lines[start].strip() or _FORWARDED_HEADER.match(lines[start].strip())):
        if found := field.match(lines[start].strip()):
            if not every:
                return found[2].strip()
            said.append(found[2].strip())
        start += 1
    return " ".join(said)


def _unquoted(lines: list[str], start: int) -> list[str]:
    """The lines with the message forwarded from `start` on taken out of one level of ">", when the mail quotes it so
    whole: Apple Mail on an iPhone writes "Begin forwarded message:" over "> From: ...", "> Subject: ..." and the
    message, every line quoted. What follows its last quoted line (the forwarder's own footer) is no part of it. The
    lines as they are when the message below the marker is not quoted, or not line by line."""
    below = lines[start:]
    first = next((line for line in below if line.strip()), "")
    last = max((n for n, line in enumerate(below) if line.lstrip().startswith(">")), default=-1)
    if not first.lstrip().startswith(">") or any(line.strip() and not line.lstrip().startswith(">")
                                                 for line in below[:last]):
        return lines
    return lines[:start] + [re.sub(r"^\s*> ?", "", line) for line in below[:last + 1]]


def _forward_start(lines: list[str], subject: str, forwarding: bool) -> int | None:
    """The line at which the forwarded message starts (its header block, if any), or None (see forwarded_lines)."""
    forwarding = forwarding or bool(_FORWARD_SUBJECT.match(subject or ""))
    for n, line in enumerate(lines):
        if not _quote_starts(lines, n):
            continue
        stripped = line.strip()
        if _FORWARD_MARK.match(stripped):
            return n + 1
        if forwarding and (_ORIGINAL_MESSAGE.match(stripped) or _RULE.match(stripped)):
            return n + 1
        if forwarding and _header_from(stripped, lines[n + 1:n + 6]):
            return n
        return None
    return None


def own_words(text: str, lines: int = 12) -> str:
    """The first lines a person wrote in a reply: no quoted text, nothing after the quote header or signature."""
    kept: list[str] = []
    for line in own_lines(text):
        if line in ("--", "-- "):
            break
        if line:
            kept.append(line)
        if len(kept) >= lines:
            break
    return "\n".join(kept)


def message_lines(text: str) -> list[str]:
    """The sender's message: their own lines up to the sign-off, signature or disclaimer, and any postscript
    written below those (a "P.S. only after 6pm" is part of what they said). Blank lines are left out."""
    lines = own_lines(text)
    said: list[str] = []
    signed = False
    for line in lines:
        if not line:
            continue
        if signed:
            if _POSTSCRIPT.match(line):
                said.append(line)
                signed = False
            continue
        if _SIGNATURE_START.match(line) or (said and _signs_off(line)):
            signed = True  # nothing said yet: a "Thanks." on the first line is not a sign-off
            continue
        said.append(line)
    return said


def _signs_off(line: str) -> bool:
    found = _SIGN_OFF.match(line)
    return found is not None and _NAME.match(line[found.end():]) is not None
