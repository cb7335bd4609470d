#!/usr/bin/env python3
"""Structure-preserving anonymizer for .docx resumes.

    python tests/realworld/anonymize.py IN.docx OUT.docx --seed N

or, from Python: ``anonymize_docx(in_path, out_path, seed=0)``.

Only text and data-bearing attribute values change; the zip keeps the same parts in the
same order, every XML part keeps its elements and attributes (run structure, pPr, rPr,
numbering, styles, sectPr are untouched).  What is replaced:

* the text of every w:t / w:delText / w:instrText / a:t / m:t (document, headers, footers,
  footnotes, endnotes, comments, text boxes, glossary, charts, SmartArt, customXml items)
  with invented text of the same shape: same tokens, same length per word, same
  capitalization pattern, punctuation and whitespace kept.  Kept as is: the SAFE vocabulary
  (headings and labels in several languages, months, "present" words, technology names,
  field-code keywords, see vocab.py), lower-case COMMON words, capitalized COMMON words at
  the start of a sentence, years (1950-2039) and numbers of one or two digits.
  Text is decided paragraph by paragraph: the paragraph's own text nodes (not those of
  paragraphs nested in it, e.g. text boxes) are joined, so a word Word split across runs
  ("PROJECT" + "S") is kept or replaced as one word; the result goes back into the same
  nodes (length-keeping replacements character by character; an e-mail / URL replacement
  into the node where it starts, its other characters removed from the nodes it covers);
* e-mail addresses -> userN@example.com, URLs -> https://example.org/pN, phone numbers and
  other digit runs -> random digits in the same format;
* w:author / w:initials, image descriptions and titles, tooltips, fldSimple instructions,
  docVars, people.xml;
* docProps/core.xml, app.xml and custom.xml values;
* hyperlink relationship targets (mailto: -> mailto:userN@example.com, http(s) ->
  https://example.org/linkN); an external attachedTemplate keeps its kind (local path /
  network share / http) with invented user, host and file names;
* images (word/media/*, thumbnails) -> flat grey picture of the same format and pixel
  size (Pillow) or a tiny valid file of the same type.
"""

from __future__ import annotations

import argparse
import io
import random
import re
import struct
import sys
import unicodedata
import zipfile
from pathlib import Path

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent))
from vocab import COMMON, FIELD_WORDS, SAFE

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"

TEXT_LOCALNAMES = {"t", "delText", "instrText", "delInstrText"}
# attributes whose value is free text written by a person
TEXT_ATTRS = {"descr", "title", "tooltip", "instr", "alt", "string", "caption"}
AUTHOR_ATTRS = {"author", "initials", "userId", "providerId"}

EMAIL_RE = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
URL_RE = re.compile(
    r"(?:(?:https?|ftp)://|www\.)[^\s\"'<>()\[\]]+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|io|dev|me|de|fr|es|it|nl|uk|in|ru|info|edu|gov|co|ch|at|be|app|ai|tech|site|xyz|us|ca|au|br|pt|pl|se)\b(?:/[^\s\"'<>()\[\]]*)?",
    re.IGNORECASE | re.UNICODE,
)
PHONE_RE = re.compile(r"(?<![\w])\+?\(?\d[\d\s().\-/–]{5,}\d(?![\w])")
TOKEN_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d+", re.UNICODE)
YEAR_RE = re.compile(r"^(19[5-9]\d|20[0-3]\d)$")

VOWELS = "aeiou"
CONSONANTS = "bcdfghjklmnprstvwz"


def _looks_like_dates(g: str) -> bool:
    """'05/2021 – 08/2022', '2015 - 2017', '01.02.2016 – 31.07.2016' are dates, not phones."""
    groups = re.findall(r"\d+", g)
    if any(YEAR_RE.match(x) for x in groups) and re.search(r"[/–—.]|\s-\s", g):
        return True
    return len(groups) > 1 and all(YEAR_RE.match(x) for x in groups)  # (2019-2021)


def _tech_name(u: str) -> bool:
    """A bare 'name.tld' made of kept words (ASP.NET, React.js, B.Tech, WordPress.org)."""
    if re.match(r"(?i)^(https?|ftp)://|^www\.", u) or "/" in u:
        return False
    labels = u.lower().split(".")
    if u.lower() in SAFE or (
        labels[0] in SAFE and all(x in SAFE or x in ("js", "net", "org", "io", "com") for x in labels[1:])
    ):
        return True
    return len(labels) == 2 and len(labels[0]) == 1 and labels[1] in SAFE  # B.Tech, M.Sc


def _is_year(tok: str) -> bool:
    return bool(YEAR_RE.match(tok))


class Anonymizer:
    def __init__(self, seed: int = 0):
        self.rng = random.Random(seed)
        self.word_map: dict[str, str] = {}
        self.email_map: dict[str, str] = {}
        self.url_map: dict[str, str] = {}
        self.forbidden: set[str] = set()
        self.prev_char = ""

    # ---- invented words -------------------------------------------------------
    def _letter_like(self, ch: str, i: int) -> str:
        o = ord(ch)
        upper = ch.isupper()
        if ch.isascii() or (unicodedata.category(ch) in ("Ll", "Lu") and o < 0x250):
            pool = VOWELS if i % 2 else CONSONANTS
            c = self.rng.choice(pool)
            return c.upper() if upper else c
        if 0x400 <= o <= 0x4FF:
            c = chr(self.rng.randint(0x430, 0x44F))
            return c.upper() if upper else c
        if 0x4E00 <= o <= 0x9FFF:
            return chr(self.rng.randint(0x4E00, 0x9FA5))
        base = o & ~0x7F
        for _ in range(50):
            c = chr(base + self.rng.randint(0, 0x7F))
            if unicodedata.category(c) == unicodedata.category(ch):
                return c
        return ch if not ch.isalpha() else "x"

    def fake_word(self, tok: str) -> str:
        if tok in self.word_map:
            return self.word_map[tok]
        for _ in range(30):
            out = "".join(self._letter_like(c, i) for i, c in enumerate(tok))
            if out != tok and out not in self.forbidden and out.lower() not in SAFE:
                break
        self.word_map[tok] = out
        return out

    def fake_digits(self, tok: str) -> str:
        out = []
        for i, c in enumerate(tok):
            if c.isdigit():
                d = str(self.rng.randint(1 if i == 0 and c != "0" else 0, 9))
                out.append(d)
            else:
                out.append(c)
        s = "".join(out)
        if s == tok and any(c.isdigit() for c in tok):
            return self.fake_digits(tok)
        return s

    def fake_email(self, e: str) -> str:
        if e not in self.email_map:
            self.email_map[e] = "user%d@example.com" % (len(self.email_map) + 1)
        return self.email_map[e]

    def fake_url(self, u: str) -> str:
        if u not in self.url_map:
            self.url_map[u] = "https://example.org/p%d" % (len(self.url_map) + 1)
        return self.url_map[u]

    def fake_name(self) -> str:
        first = self.fake_word("Xxxxx%d" % self.rng.randint(0, 10**9))[:5].capitalize()
        last = self.fake_word("Yyyyyyy%d" % self.rng.randint(0, 10**9))[:7].capitalize()
        return f"{first} {last}"

    # ---- text -----------------------------------------------------------------
    def keep_word(self, tok: str, sentence_start: bool, extra_safe=frozenset()) -> bool:
        low = tok.lower()
        if low in SAFE or low in extra_safe:
            return True
        if tok == low:
            # one lower-case letter ("a", "à", "e", "y", "o") is a word of the language
            return low in COMMON or len(tok) == 1
        if tok[:1].isupper() and tok[1:] == tok[1:].lower():
            return sentence_start and low in COMMON
        if tok.isupper() and len(tok) > 1:
            return low in COMMON
        return False

    def _plain(self, s: str, extra) -> str:
        field = extra is FIELD_WORDS
        out, pos = [], 0
        for m in TOKEN_RE.finditer(s):
            gap = s[pos : m.start()]
            out.append(gap)
            if gap.strip():
                self.prev_char = gap.strip()[-1]
            elif gap and self.prev_char == "x":
                self.prev_char = "x"
            tok = m.group(0)
            start = self.prev_char in (
                "",
                ".",
                ":",
                ";",
                "!",
                "?",
                "•",
                "-",
                "–",
                "—",
                "|",
                "(",
                '"',
                "“",
                "*",
                "►",
                "➢",
                "▪",
                "●",
                "\t",
            ) or (not self.prev_char.isalnum() and self.prev_char not in ",&/")
            if field and len(tok) <= 2 and not tok.isdigit():
                out.append(tok)
            elif tok.isdigit():
                keep = len(tok) <= 2 or _is_year(tok)
                out.append(tok if keep else self.fake_digits(tok))
            else:
                parts = re.split(r"(['’])", tok)
                rep = []
                for p in parts:
                    if not p or p in "'’" or self.keep_word(p, start, extra):
                        rep.append(p)
                    else:
                        rep.append(self.fake_word(p))
                out.append("".join(rep))
            self.prev_char = "x"
            pos = m.end()
        tail = s[pos:]
        out.append(tail)
        if tail.strip():
            self.prev_char = tail.strip()[-1]
        elif "\t" in tail:
            self.prev_char = "\t"
        return "".join(out)

    # ---- XML parts ------------------------------------------------------------
    def text_edits(self, s: str, field: bool = False):
        """Edits (start, end, replacement) that anonymize s; prev_char carries context.
        Every edit but an e-mail / URL replacement keeps its length."""
        if not s:
            return []
        spans = []  # (start, end, replacement)
        for rx, fn in ((EMAIL_RE, self.fake_email), (URL_RE, self.fake_url)):
            for m in rx.finditer(s):
                if any(a < m.end() and m.start() < b for a, b, _ in spans):
                    continue
                if rx is URL_RE and _tech_name(m.group(0)):
                    continue  # ASP.NET, VB.NET, React.js, WordPress.org: names, not links
                spans.append((m.start(), m.end(), fn(m.group(0))))
        for m in PHONE_RE.finditer(s):
            if any(a < m.end() and m.start() < b for a, b, _ in spans):
                continue
            g = m.group(0)
            if _looks_like_dates(g):
                continue
            if sum(c.isdigit() for c in g) >= 7:
                spans.append((m.start(), m.end(), self.fake_digits(g)))
        spans.sort()
        edits, pos = [], 0
        extra = FIELD_WORDS if field else frozenset()
        for a, b, rep in [*spans, (len(s), len(s), None)]:
            plain = self._plain(s[pos:a], extra)
            if plain != s[pos:a]:
                edits.append((pos, a, plain))
            if rep is None:
                break
            edits.append((a, b, rep))
            if b > a:
                self.prev_char = "x"
            pos = b
        return edits

    def paragraph(self, nodes):
        """Anonymize the text of one paragraph as a whole.

        nodes: the paragraph's own text carriers in document order, each either
        (element, is_field) for a text node or (None, sep) for a separator (tab, break,
        field char, drawing ...) that is not text.  A word split across runs is decided
        as one word; the result is written back into the same nodes: a length-keeping
        edit character by character, an e-mail / URL replacement into the node where it
        starts, its other characters removed from the nodes it covers."""
        self.prev_char = ""
        # chunks of the same kind (display text / field code), separators inside as '\t'
        chunks = []  # [is_field, [(node_index or -1, char)]]
        texts = []
        for el, info in nodes:
            if el is None:
                if chunks:
                    chunks[-1][1].append((-1, info))
                continue
            idx = len(texts)
            texts.append(list(el.text or ""))
            if not texts[-1]:
                continue
            if not chunks or chunks[-1][0] != info:
                chunks.append([info, []])
            chunks[-1][1].extend((idx, i) for i in range(len(texts[-1])))
        if not texts:
            return
        els = [el for el, _ in nodes if el is not None]
        for is_field, cells in chunks:
            s = "".join(texts[n][i] if n >= 0 else i for n, i in cells)
            for a, b, rep in self.text_edits(s, field=is_field):
                if len(rep) == b - a:
                    for k in range(a, b):
                        n, i = cells[k]
                        if n >= 0:
                            texts[n][i] = rep[k - a]
                    continue
                # length changes: whole replacement where the span starts, the span's other
                # characters removed from the nodes it covers
                first = True
                for k in range(a, b):
                    n, i = cells[k]
                    if n < 0:
                        continue
                    texts[n][i] = rep if first else ""
                    first = False
        for el, chars in zip(els, texts, strict=False):
            new = "".join(chars)
            if new != (el.text or ""):
                el.text = new

    def xml_part(self, data: bytes, all_text: bool = False) -> bytes:
        parser = etree.XMLParser(resolve_entities=False, remove_blank_text=False, huge_tree=True)
        root = etree.fromstring(data, parser)
        # attributes (per value)
        for el in root.iter():
            if not isinstance(el.tag, str):
                continue
            local = etree.QName(el).localname
            for k, v in list(el.attrib.items()):
                lk = etree.QName(k).localname
                if lk in AUTHOR_ATTRS:
                    el.set(k, self.fake_author(v, lk))
                elif lk in TEXT_ATTRS and v:
                    self.prev_char = ""
                    el.set(k, self.text(v, field=(lk == "instr")))
                elif (
                    (lk == "name" and local in ("docPr", "cNvPr") and v)
                    or (lk == "val" and local in ("tblDescription", "tblCaption") and v)
                    or (lk == "val" and local == "docVar")
                ):
                    self.prev_char = ""
                    el.set(k, self.text(v))
        # text: paragraph by paragraph; text outside paragraphs node by node
        for nodes in paragraph_streams(root):
            self.paragraph(nodes)
        for el in root.iter():
            if not isinstance(el.tag, str):
                continue
            local = etree.QName(el).localname
            if all_text and el.text and el.text.strip() and len(el) == 0:
                self.prev_char = ""
                el.text = self.text(el.text)
            elif local in TEXT_LOCALNAMES and el.text and _para_of(el) is None:
                self.prev_char = ""
                el.text = self.text(el.text, field=local in ("instrText", "delInstrText"))
            elif local == "v" and el.text and "chart" in (el.tag or ""):
                self.prev_char = ""
                el.text = self.text(el.text)
        return self._serialize(root, data)

    def text(self, s: str, field: bool = False) -> str:
        """Anonymize one string on its own (attributes, docProps, text outside paragraphs)."""
        out, pos = [], 0
        for a, b, rep in self.text_edits(s, field):
            out.append(s[pos:a])
            out.append(rep)
            pos = b
        out.append(s[pos:])
        return "".join(out)

    def fake_author(self, v: str, kind: str) -> str:
        if not v:
            return v
        key = ("author", v)
        if key not in self.word_map:
            self.word_map[key] = self.fake_name()
        name = self.word_map[key]
        if kind == "initials":
            return "".join(w[0] for w in name.split())
        if kind == "userId":
            return f"S::{self.fake_email(v)}::00000000-0000-0000-0000-000000000000"
        if kind == "providerId":
            return v if v in ("AD", "None", "Windows Live", "PeoplePicker") else "None"
        return name

    def docprops(self, name: str, data: bytes) -> bytes:
        root = etree.fromstring(data)
        for el in root.iter():
            if not isinstance(el.tag, str) or el.text is None or not el.text.strip():
                continue
            local = etree.QName(el).localname
            if name.endswith("core.xml"):
                if local in ("creator", "lastModifiedBy"):
                    el.text = self.fake_name()
                elif local in (
                    "title",
                    "subject",
                    "description",
                    "keywords",
                    "category",
                    "contentStatus",
                    "identifier",
                ):
                    self.prev_char = ""
                    el.text = self.text(el.text)
                # dates, revision: keep
            elif name.endswith("app.xml"):
                if local in ("Company", "Manager"):
                    el.text = self.fake_name()
                elif local == "HyperlinkBase":
                    el.text = "https://example.org/"
                elif local == "Template" and el.text.strip() in ("Normal", "Normal.dotm", "Normal.dot"):
                    pass
                elif local in ("Template", "lpstr", "lpwstr", "bstr"):
                    self.prev_char = ""
                    el.text = self.text(el.text)
            else:  # custom.xml and anything else
                if local in ("lpwstr", "lpstr", "bstr"):
                    self.prev_char = ""
                    el.text = self.text(el.text)
        return self._serialize(root, data)

    def rels(self, data: bytes) -> bytes:
        root = etree.fromstring(data)
        for rel in root:
            if not isinstance(rel.tag, str):
                continue
            typ = rel.get("Type", "")
            tgt = rel.get("Target", "")
            ext = (rel.get("TargetMode") or "").lower() == "external"
            if typ.endswith("/attachedTemplate"):
                rel.set("Target", self.template_target(tgt))
                continue
            if not ext:
                continue
            if tgt.lower().startswith("mailto:"):
                addr = tgt[7:].split("?")[0]
                rel.set("Target", "mailto:" + self.fake_email(addr))
            elif re.match(r"(?i)^(https?|ftp)://", tgt) or tgt.lower().startswith("www."):
                rel.set("Target", self.fake_url(tgt).replace("/p", "/link", 1))
            elif tgt.lower().startswith("file:") or re.match(r"^[A-Za-z]:\\", tgt) or tgt.startswith("\\\\"):
                rel.set("Target", self.template_target(tgt))
            elif tgt.startswith("#"):
                continue
            else:
                rel.set("Target", "https://example.org/other%d" % self.rng.randint(1, 999))
        return self._serialize(root, data)

    def template_target(self, t: str) -> str:
        """Same kind of link, invented user / host / file names."""
        low = t.lower()
        fname = "Template%d.dotx" % self.rng.randint(100, 999)
        m = re.search(r"\.(dotx|dotm|dot|docx|doc)\b", low)
        if m:
            fname = fname.rsplit(".", 1)[0] + "." + m.group(1)
        if low.startswith(("http://", "https://")):
            scheme = t.split(":", 1)[0]
            return f"{scheme}://example.com/templates/{fname}"
        if (
            t.startswith("\\\\")
            or low.startswith("file://\\\\")
            or low.startswith("file:////")
            or (
                low.startswith("file://")
                and not low.startswith("file:///")
                and not low.startswith("file://localhost")
            )
        ):
            m = re.match(r"(?i)^(file:)?[/\\]+", t)
            sep = "\\" if "\\" in t[len(m.group(0)) :] or not t[len(m.group(0)) :] else "/"
            return m.group(0) + sep.join(["fileserver.example", "share", "Templates", fname])
        user = "user%d" % self.rng.randint(10, 99)
        if "/users/" in low.replace("\\", "/"):
            sep = "\\" if "\\" in t else "/"
            head = re.match(r"(?i)^(.*?[\\/]users[\\/])", t)
            rest = t[head.end() :] if head else ""
            parts = re.split(r"[\\/]", rest)
            # parts[0] is the user name; keep the Windows/Mac folder words, invent others
            keep = {
                "appdata",
                "roaming",
                "local",
                "microsoft",
                "templates",
                "office",
                "library",
                "containers",
                "group containers",
                "application support",
                "user content",
                "documents",
                "desktop",
                "downloads",
                "data",
                "com.microsoft.word",
                "ubf8t346g9.office",
                "custom office templates",
                "mac",
                "word",
                "documentos",
                "dokumente",
                "vorlagen",
                "modèles",
                "plantillas",
                "packages",
                "temp",
                "benutzerdefinierte office-vorlagen",
                "content.mso",
                "documents and settings",
            }
            newparts = [user]
            for p in parts[1:-1]:
                plain = p.replace("%20", " ").lower()
                if not p or plain in keep or re.fullmatch(r"[\d.]+", p):
                    newparts.append(p)
                else:
                    newparts.append(re.sub(r"[^\W\d_]+", lambda m: self.fake_word(m.group(0)), p))
            newparts.append(fname)
            return head.group(1) + sep.join(newparts)
        if re.match(r"(?i)^file:", t) or re.match(r"^[A-Za-z]:", t):
            m = re.match(r"(?i)^(file:/*)?([A-Za-z]:)?", t)
            sep = "\\" if "\\" in t else "/"
            return "{}{}{}templates{}{}".format(m.group(1) or "", m.group(2) or "C:", sep, sep, fname)
        return fname

    @staticmethod
    def _serialize(root, original: bytes) -> bytes:
        head = original[:200].lstrip()
        standalone = None
        m = re.search(rb'standalone\s*=\s*["\'](yes|no)', head)
        if m:
            standalone = m.group(1) == b"yes"
        has_decl = head.startswith(b"<?xml")
        if has_decl:
            out = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=standalone)
        else:
            out = etree.tostring(root, encoding="UTF-8")
        return out


# ---- paragraph text streams -------------------------------------------------------
# elements inside a paragraph that separate its text (a word never runs across them)
SEP_CHARS = {
    "tab": "\t",
    "ptab": "\t",
    "br": "\t",
    "cr": "\t",
    "noBreakHyphen": "-",
    "fldChar": "\t",
    "sym": "\t",
    "drawing": "\t",
    "pict": "\t",
    "object": "\t",
    "AlternateContent": "\t",
    "footnoteReference": "\t",
    "endnoteReference": "\t",
    "commentReference": "\t",
    "separator": "\t",
    "continuationSeparator": "\t",
    "pgNum": "\t",
    "dayShort": "\t",
    "monthShort": "\t",
    "yearShort": "\t",
    "dayLong": "\t",
    "monthLong": "\t",
    "yearLong": "\t",
    "tc": "\t",
    "txbx": "\t",
    "txbxContent": "\t",
    "fldSimple": None,
    "hyperlink": None,
}
FIELD_LOCALNAMES = {"instrText", "delInstrText"}


def _local(el):
    t = el.tag
    return t.rsplit("}", 1)[-1] if isinstance(t, str) else ""


def _para_of(el):
    for anc in el.iterancestors():
        if _local(anc) == "p":
            return anc
    return None


def paragraph_streams(root):
    """For every paragraph (w:p, a:p ...) its own text nodes and separators in document
    order -- not those of paragraphs nested in it (text boxes), which come on their own."""
    out = []

    def walk(el, acc):
        for ch in el:
            loc = _local(ch)
            if not loc:
                continue
            if loc == "p":
                own = []
                out.append(own)
                walk(ch, own)
                if acc is not None:
                    acc.append((None, "\t"))
                continue
            if acc is not None:
                if loc in TEXT_LOCALNAMES:
                    acc.append((ch, loc in FIELD_LOCALNAMES))
                    continue
                sep = SEP_CHARS.get(loc)
                if sep:
                    acc.append((None, sep))
            walk(ch, acc)

    if _local(root) == "p":
        own = []
        out.append(own)
        walk(root, own)
    else:
        walk(root, None)
    return out


# ---- images ---------------------------------------------------------------------
def _png(w, h):
    import zlib

    raw = b"".join(b"\x00" + b"\xbb\xbb\xbb" * w for _ in range(h))

    def chunk(t, d):
        c = struct.pack(">I", len(d)) + t + d
        return c + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _emf():
    hdr = struct.pack(
        "<II4i4iIIIHHIIII2i2i",
        1,
        108,
        0,
        0,
        10,
        10,
        0,
        0,
        264,
        264,
        0x464D4520,
        0x10000,
        108 + 20,
        2,
        1,
        0,
        0,
        0,
        0,
        1024,
        768,
        320,
        240,
    )
    hdr = hdr + b"\x00" * (108 - len(hdr))
    eof = struct.pack("<IIIII", 14, 20, 0, 16, 20)
    return hdr + eof


def _wmf():
    # standard (non-placeable) metafile: header (9 words) + EOF record (3 words)
    return struct.pack("<HHHIHIH", 1, 9, 0x300, 12, 0, 3, 0) + struct.pack("<IH", 3, 0)


def placeholder_image(name: str, data: bytes) -> bytes:
    ext = name.rsplit(".", 1)[-1].lower()
    try:
        from PIL import Image

        im = Image.open(io.BytesIO(data))
        w, h = im.size
        fmt = im.format
        if fmt in ("WMF", "EMF"):
            raise ValueError("vector")
        mode = "RGB" if fmt in ("JPEG", "BMP") else ("RGBA" if im.mode in ("RGBA", "LA", "P") else "RGB")
        out = io.BytesIO()
        Image.new(mode, (w, h), (187, 187, 187, 255) if mode == "RGBA" else (187, 187, 187)).save(out, fmt)
        return out.getvalue()
    except Exception:
        pass
    if ext == "png":
        w, h = 1, 1
        if data[:8] == b"\x89PNG\r\n\x1a\n":
            w, h = struct.unpack(">II", data[16:24])
            if w * h > 4_000_000:
                w, h = 1, 1
        return _png(w, h)
    if ext in ("emf",):
        return _emf()
    if ext in ("wmf",):
        return _wmf()
    if ext == "svg":
        return b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="#bbb"/></svg>'
    if ext == "gif":
        return (
            b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xbb\xbb\xbb\x00\x00\x00!\xf9\x04\x00\x00\x00\x00\x00"
            b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
        )
    # unknown raster (jpeg without Pillow etc.): a 1x1 PNG under the same name
    return _png(1, 1)


IMAGE_EXT = (
    "png",
    "jpg",
    "jpeg",
    "gif",
    "bmp",
    "tif",
    "tiff",
    "emf",
    "wmf",
    "svg",
    "jfif",
    "webp",
    "wdp",
    "ico",
)


def anonymize_docx(in_path, out_path, seed: int = 0) -> None:
    an = Anonymizer(seed)
    zin = zipfile.ZipFile(in_path)
    infos = zin.infolist()
    # pre-scan: words that will be replaced must never be produced as replacements
    for info in infos:
        if info.filename.lower().endswith(".xml"):
            try:
                txt = zin.read(info.filename).decode("utf-8", "replace")
            except Exception:
                continue
            for m in re.finditer(r">([^<]+)<", txt):
                for t in TOKEN_RE.findall(m.group(1)):
                    an.forbidden.add(t)
            # words split across runs, as whole words
            try:
                root = etree.fromstring(
                    txt.encode("utf-8"), etree.XMLParser(resolve_entities=False, huge_tree=True)
                )
            except etree.XMLSyntaxError:
                continue
            for nodes in paragraph_streams(root):
                joined = "".join((el.text or "") if el is not None else sep for el, sep in nodes)
                an.forbidden.update(TOKEN_RE.findall(joined))
    with zipfile.ZipFile(out_path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in infos:
            name = info.filename
            data = zin.read(name)
            low = name.lower()
            try:
                if name.endswith("/"):
                    new = data
                elif low.endswith(".rels"):
                    new = an.rels(data)
                elif low.startswith("docprops/") and low.endswith(".xml"):
                    new = an.docprops(low, data)
                elif low.endswith(".xml") and name != "[Content_Types].xml":
                    new = (
                        an.xml_part(data, all_text=low.startswith("customxml/item") and "props" not in low)
                        if _has_text(low)
                        else data
                    )
                elif low.rsplit(".", 1)[-1] in IMAGE_EXT:
                    new = placeholder_image(name, data)
                else:
                    new = data
            except etree.XMLSyntaxError:
                new = data
            zi = zipfile.ZipInfo(name, date_time=info.date_time)
            zi.compress_type = info.compress_type
            zi.external_attr = info.external_attr
            zout.writestr(zi, new)


def _has_text(low: str) -> bool:
    keep_as_is = (
        "word/styles.xml",
        "word/stylesWithEffects.xml".lower(),
        "word/numbering.xml",
        "word/fonttable.xml",
        "word/websettings.xml",
    )
    return not (low in keep_as_is or low.startswith("word/theme/"))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("inp")
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args(argv)
    anonymize_docx(a.inp, a.out, a.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
