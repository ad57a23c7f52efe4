"""Parse (change request): DS records (RFC 4034 5.3) as zone files, consoles and forms give them: the four fields in
a row, or as labelled fields in any order, the algorithm and digest type by number or by name; and a record named by its
key tag alone."""

import re
from functools import lru_cache

# Digest length in hex digits by digest type (IANA "DS RR Type Digest Algorithms": 1 SHA-1,
# 2 SHA-256, 3 GOST R 34.11-94, 4 SHA-384, 5 GOST R 34.11-2012, 6 SM3). Other types are not read.
_DIGEST_HEX_LENGTH = {1: 40, 2: 64, 3: 64, 4: 96, 5: 64, 6: 64}
# "Key tag: 2371, Algorithm: 13 (ECDSAP256SHA256), Digest type: 2 (SHA-256)": the labels and the
# mnemonics in brackets are dropped so that the numbers stand side by side as in a zone file.
_DS_LABEL = re.compile(r"\b(?:key\s*tag|algorithm|digest\s*type|digest)\b\s*[:=]?"
                       r"|\([0-9A-Fa-f ]{0,40}[g-zG-Z][^()\n]{0,60}\)", re.I)
_DS_WORD = re.compile(r"[^\s,;()\[\]{}<>\"']+")
HEX = re.compile(r"[0-9A-Fa-f]+")
_NUMBER = re.compile(r"[0-9]{1,5}")


# The algorithm and digest type by their IANA mnemonics, as consoles print them ("ECDSAP256SHA256 (13)", "SHA-256",
# "8 (RSASHA256)"). A name and a number that disagree ("13 (RSASHA256)") give no record: which was meant is not a
# thing to guess. The GOST ones are left out: "GOST" names both an algorithm and a digest type.
_DS_NUMBERS = {"rsamd5": 1, "dsa": 3, "rsasha1": 5, "dsa-nsec3-sha1": 6, "rsasha1-nsec3-sha1": 7, "rsasha256": 8,
               "rsasha512": 10, "ecdsap256sha256": 13, "ecdsap384sha384": 14, "ed25519": 15, "ed448": 16,
               "sha-1": 1, "sha1": 1, "sha-256": 2, "sha256": 2, "sha-384": 4, "sha384": 4}
_DS_NAME = "|".join(re.escape(n) for n in sorted(_DS_NUMBERS, key=len, reverse=True))
DS_NAMED = re.compile(rf"(?<![\w-])(?:(?P<num>\d{{1,3}})\s*\(\s*(?P<name>{_DS_NAME})\s*\)"
                       rf"|(?P<name2>{_DS_NAME})(?:\s*\(\s*(?P<num2>\d{{1,3}})\s*\))?)(?![\w-])", re.I)


def ds_number(match: re.Match) -> str:
    name, number = match["name"] or match["name2"], match["num"] or match["num2"]
    value = _DS_NUMBERS[name.lower()]
    return f" {value} " if number is None or int(number) == value else " ? "


# A DS record's fields by the words consoles and forms label them with. The digest type before the algorithm, so that
# "Digest algorithm" is the digest's type.
# A field's label may name what it belongs to ("Signing algorithm", "DNSKEY algorithm", "DS digest") and say "type"
# after "algorithm" ("Digest algorithm type").
DS_FIELD_LABEL = (r"(?P<dtype>(?:ds[\s_-]*)?(?:digest|hash)[\s_-]*(?:type|alg(?:orithm)?(?:[\s_-]*type)?)"
                  r"(?:[\s_-]*(?:number|no\.?|id))?)"
                  r"|(?P<keytag>(?:ds[\s_-]*)?(?:key[\s_-]*(?:tag|id)|keytag|tag)(?:[\s_-]*(?:number|no\.?|value))?)"
                  r"|(?P<alg>(?:(?:key|signing|dnskey|ksk|zsk|public[\s_-]*key|security|cryptographic|ds)[\s_-]*)?"
                  r"alg(?:orithm)?(?:[\s_-]*(?:number|no\.?|id|type))?)"
                  r"|(?P<digest>(?:ds[\s_-]*)?(?:digest|hash)(?:[\s_-]*(?:value|data|string|hex))?)")
# A field's label, then a colon, an equals sign or a dash between spaces ("Key tag - 33632", "Digest type – SHA-256").
DS_FIELD_AT = re.compile(rf"(?<![\w-])(?:{DS_FIELD_LABEL})(?![\w-])(?:\s*\([^()\n]{{0,40}}\))?"
                         r"\s*(?:[:=]|[-\u2013\u2014](?=\s))?", re.I)


def _ds_name_key(name: str) -> str:
    """An algorithm's or digest's name in letters and digits alone, without "curve", "with", "using", "and": the IANA
    mnemonic ("ECDSAP256SHA256") and its description ("ECDSA Curve P-256 with SHA-256") give the same key."""
    return re.sub(r"[^a-z0-9]", "", re.sub(r"\b(?:curve|with|using|and)\b", " ", name.lower()))


_DS_KEYS = {_ds_name_key(name): number for name, number in _DS_NUMBERS.items()}


def _ds_field_number(text: str, kind: str) -> int | None:
    """The number an algorithm or digest type field gives: a number, a name, or both agreeing ("13 (ECDSA Curve P-256
    with SHA-256)", "SHA-256 (2)"); None when they disagree or the words are not one of these."""
    text = text.strip().rstrip(".,;")
    match = re.fullmatch(r"(?P<num>\d{1,3})?\s*(?:\(?\s*(?P<name>[^()]*?)\s*\)?)?\s*"
                         r"(?:\(\s*(?P<num2>\d{1,3})\s*\))?", text)
    if match is None:
        return None
    numbers = {int(n) for n in (match["num"], match["num2"]) if n}
    if match["name"]:
        key = _ds_name_key(match["name"])
        if key not in _DS_KEYS or (kind == "dtype") != (key.startswith("sha") and len(key) <= 6):
            return None
        numbers.add(_DS_KEYS[key])
    return numbers.pop() if len(numbers) == 1 else None


_PROSE_FIELD_START = re.compile(r"^\s*(?:is|are|was|of|being|will\s+be|should\s+be)\s+", re.I)
_PROSE_FIELD_END = re.compile(r"[.!?](?=\s|$)")
_PROSE_FIELD_JOIN = re.compile(r"[,;]?\s*(?:\b(?:and|then|plus|with)\b\s*)?(?:\b(?:the|its|a|an)\b\s*)?$", re.I)


def labelled_ds(text: str) -> list[str] | None:
    """DS records given as labelled fields ("Key tag: 54321", "Algorithm: ECDSA Curve P-256 with SHA-256", "Digest
    type: SHA-256 (2)", "Digest: ..."), each field read by its label, in any order; None when the text does not give
    all four labels, and no record for a group of fields one of which cannot be read (a name and a number that
    disagree, a digest of the wrong length): read by position, a field would be taken for another."""
    marks = list(DS_FIELD_AT.finditer(text))
    kinds = [next(k for k in ("dtype", "keytag", "alg", "digest") if m[k]) for m in marks]
    if not {"keytag", "alg", "dtype", "digest"} <= set(kinds):
        return None
    records, group = [], {}
    for i, (mark, kind) in enumerate(zip(marks, kinds, strict=True)):
        value = text[mark.end():marks[i + 1].start() if i + 1 < len(marks) else len(text)]
        # A field and its value in a table's two columns ("Key tag | 18585"): the cells' bars are no part of it.
        value = re.sub(r"^[\s|]+|[\s|]+$", " ", value)
        # The fields in a sentence ("Key tag 14378, algorithm 13, digest type 2, and the digest is 3F...A9. Thanks!"):
        # the words joining them and the sentences after the last are no part of a field.
        value = _PROSE_FIELD_END.split(_PROSE_FIELD_START.sub(" ", value), maxsplit=1)[0]
        value = _PROSE_FIELD_JOIN.sub(" ", value)
        if kind in group and kind in ("alg", "dtype") and kinds[i - 1] == kind \
                and (number := _ds_field_number(value, kind)) is not None \
                and number == _ds_field_number(group[kind], kind):
            continue  # the same field by its number and by its name, a line each ("Signing algorithm type: 13" and
            # "Signing algorithm: ECDSAP256SHA256", as a registrar's console lists them)
        if kind in group:
            records.append(group)
            group = {}
        group[kind] = value
    records.append(group)
    out = []
    for group in records:
        if set(group) != {"keytag", "alg", "dtype", "digest"}:
            continue
        keytag = group["keytag"].strip().rstrip(".,;")
        alg, dtype = _ds_field_number(group["alg"], "alg"), _ds_field_number(group["dtype"], "dtype")
        digest = "".join(group["digest"].split()).rstrip(".,;)").lstrip("(")
        if not (keytag.isdigit() and int(keytag) <= 65535 and alg and 1 <= alg <= 255 and dtype
                and HEX.fullmatch(digest) and len(digest) == _DIGEST_HEX_LENGTH.get(dtype)):
            continue
        out.append(f"{int(keytag)} {alg} {dtype} {digest.upper()}")
    return out


def ds_records(text: str) -> list[str]:
    """DS records as "keytag alg digesttype DIGEST", wherever the four parts stand in a row, or as labelled fields."""
    return list(_remembered_ds_records(text) if len(text) <= _REMEMBERED else _ds_records(text))


# The readers of a mail ask this of the same line and the same pieces of it many times over (a third of the reading of
# a short request): a line's is worked out once. A whole mail's is not kept: the memory is the lines'.
_REMEMBERED = 2_000


@lru_cache(maxsize=512)
def _remembered_ds_records(text: str) -> tuple[str, ...]:
    return _ds_records(text)


def _ds_records(text: str) -> tuple[str, ...]:
    if (labelled := labelled_ds(text)) is not None:
        return tuple(dict.fromkeys(labelled))
    words = [w.rstrip(".:") for w in _DS_WORD.findall(_DS_LABEL.sub(" ", DS_NAMED.sub(ds_number, text)))]
    records, i = [], 0
    while i + 3 < len(words):
        record, i = _ds_at(words, i)
        if record:
            records.append(record)
    return tuple(dict.fromkeys(records))


# A DS record named by its key tag alone ("remove the DS with key tag 35235", "Key ID: 35235", "(keytag 35235)"): a
# value of its own, "key tag 35235", that resolve() finds among the domain's current records.
KEY_TAG_REF = re.compile(r"(?<![\w-])(?:key[\s_-]*(?:tag|id)|keytag|tag)(?:[\s_-]*(?:number|no\.?|#))?"
                          r"\s*(?:[:=#]\s*|of\s+)?(?P<tag>\d{1,5})(?![\w.-])", re.I)
KEY_TAG_VALUE = re.compile(r"key tag (?P<tag>\d{1,5})")


def key_tag_refs(text: str) -> list[str]:
    """The DS records a text names by key tag alone, as "key tag N"; none where it gives a record's other fields (the
    key tag is that record's), nor the key tag of a record it gives whole."""
    if any(not m["keytag"] for m in DS_FIELD_AT.finditer(text)):
        return []
    whole = {int(r.split()[0]) for r in ds_records(text)}
    tags = [int(m["tag"]) for m in KEY_TAG_REF.finditer(text)]
    return list(dict.fromkeys(f"key tag {t}" for t in tags if t <= 65535 and t not in whole))


def _ds_at(words: list[str], i: int) -> tuple[str | None, int]:
    """The DS record starting at words[i] and the index after it, or None and i + 1."""
    if not all(_NUMBER.fullmatch(w) for w in words[i:i + 3]):
        return None, i + 1
    keytag, alg, dtype = (int(w) for w in words[i:i + 3])
    want = _DIGEST_HEX_LENGTH.get(dtype)
    if keytag > 65535 or not 1 <= alg <= 255 or want is None:
        return None, i + 1
    if len(words[i + 3]) < 8:  # a digest may come in groups ("1F987CC6 583E92DF ..."), not in digits
        return None, i + 1
    digest, j = "", i + 3
    while j < len(words) and len(digest) < want and HEX.fullmatch(words[j]):
        digest, j = digest + words[j], j + 1
    if len(digest) != want:
        return None, i + 1
    return f"{keytag} {alg} {dtype} {digest.upper()}", j


DS_FIELD_LINE = re.compile(rf"\W*(?:the\s+)?(?:{DS_FIELD_LABEL})(?![\w-])", re.I)  # "The key tag is 14378; the ..."


# Words choosing among the DS records given, by their digest, algorithm, kind or place: "the SHA-256 one only", "just
# the first record", "only the KSK".
DS_CHOICE = re.compile(r"""\b(?:only|just)\s+(?:the\s+)?(?:sha-?\s?(?:1|256|384)|type\s*[1-6]|digest\s+type\s*[1-6]
     |first|second|third|last|top|bottom|ksk|zsk|ecdsa\w*|rsa\w*|ed25519|ed448)\b
    |\b(?:sha-?\s?(?:1|256|384)|type\s*[1-6]|first|second|third|last|top|bottom|ksk|zsk)
     \s+(?:one|record|digest|ds|entry|line)s?\s+only\b""", re.I | re.X)
# A DS record named, by its kind or its parts; or DS records given before the words choosing among them.
DS_WORDS = re.compile(r"\b(?:ds|dnssec|digests?|sha-?\s?\d+|ksk|zsk|keys?)\b", re.I)
