#!/usr/bin/env python3
"""Check an anonymized .docx against its original.

    python tests/realworld/check_anonymized.py ORIGINAL.docx ANONYMIZED.docx [...pairs]
    python tests/realworld/check_anonymized.py --structure-only ANONYMIZED.docx ...

Structure: the output opens in python-docx, has the same parts (same names, same order)
and the same number of body paragraphs (grade.py's count) and the same paragraph
properties / run count per paragraph as the input.

Leaks: from the original it collects the personal data -- capitalized words that the
anonymizer does not keep (not in vocab.SAFE / vocab.COMMON, three letters or more), e-mail
addresses, URLs, phone numbers (7+ digits), digit runs of 5+ digits that are not years,
comment / revision authors and the docProps values -- and asserts that none of them occurs
(as a whole word, case-sensitive) in the text, attribute values or relationship targets
of any part of the output.  The output is searched in its text nodes, its paragraphs' text joined across runs and its
data-bearing attributes
(authors, image descriptions and names, tooltips, field instructions, docVars,
relationship targets); style / font / numbering / theme parts, shape ids, language codes and
the like are markup, not personal data.
Exit status 1 if anything is found.
"""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent))
from anonymize import (
    EMAIL_RE,
    PHONE_RE,
    TOKEN_RE,
    URL_RE,
    YEAR_RE,
    _looks_like_dates,
    _tech_name,
    paragraph_streams,
)
from vocab import COMMON, FIELD_WORDS, SAFE

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MARKUP_PARTS = (
    "word/styles.xml",
    "word/stylesWithEffects.xml",
    "word/fontTable.xml",
    "word/numbering.xml",
    "word/webSettings.xml",
)


def _xml_strings(data: bytes):
    """All text and attribute values of an XML part."""
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, huge_tree=True))
    except etree.XMLSyntaxError:
        return [data.decode("utf-8", "replace")]
    out = []
    for el in root.iter():
        if el.text and el.text.strip():
            out.append(el.text)
        for v in el.attrib.values():
            out.append(v)
    return out


def _para_texts(data: bytes):
    """Each paragraph's own text (not that of paragraphs nested in it), joined across runs;
    tabs, breaks, field characters and drawings separate words."""
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, huge_tree=True))
    for nodes in paragraph_streams(root):
        yield "".join((el.text or "") if el is not None else sep for el, sep in nodes)


def sensitive(orig_path):
    z = zipfile.ZipFile(orig_path)
    words, literals = set(), set()
    markup = set()
    for n in z.namelist():
        if n in MARKUP_PARTS or n.startswith("word/theme/"):
            for s in _xml_strings(z.read(n)):
                markup.update(TOKEN_RE.findall(s))
    for n in z.namelist():
        low = n.lower()
        if not (low.endswith(".xml") or low.endswith(".rels")) or n in MARKUP_PARTS:
            continue
        data = z.read(n)
        texts = []
        if low.endswith(".rels"):
            root = etree.fromstring(data)
            for r in root:
                if (r.get("TargetMode") or "").lower() == "external":
                    literals.add(r.get("Target"))
            continue
        if low.startswith("word/") and not low.startswith("word/theme/"):
            try:
                texts = list(_para_texts(data))
            except etree.XMLSyntaxError:
                texts = []
            root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, huge_tree=True))
            for el in root.iter():
                for k, v in el.attrib.items():
                    lk = k.rsplit("}", 1)[-1]
                    if lk in ("author", "initials") and len(v) > 1:
                        literals.add(v)
                    if (
                        lk in ("descr", "title", "tooltip")
                        or (lk == "name" and el.tag.endswith(("}docPr", "}cNvPr")))
                        or (lk == "val" and el.tag.endswith(("}tblDescription", "}tblCaption")))
                    ):
                        texts.append(v)
        elif low.startswith("docprops/") or low.startswith("customxml/item"):
            root = etree.fromstring(data)
            for el in root.iter():
                if not isinstance(el.tag, str) or not el.text or not el.text.strip():
                    continue
                local = etree.QName(el).localname
                if local in ("creator", "lastModifiedBy", "Company", "Manager"):
                    literals.add(el.text.strip())
                if local in (
                    "Application",
                    "AppVersion",
                    "DocSecurity",
                    "TotalTime",
                    "Pages",
                    "Words",
                    "Characters",
                    "Lines",
                    "Paragraphs",
                    "Template",
                    "CharactersWithSpaces",
                    "revision",
                    "created",
                    "modified",
                    "ScaleCrop",
                    "LinksUpToDate",
                    "SharedDoc",
                    "HyperlinksChanged",
                    "lastPrinted",
                    "i4",
                    "bool",
                    "filetime",
                ):
                    continue
                texts.append(el.text)
        for t in texts:
            for rx in (EMAIL_RE, URL_RE):
                for m in rx.finditer(t):
                    if rx is URL_RE and _tech_name(m.group(0)):
                        continue  # ASP.NET, WordPress.org: product names, not links
                    literals.add(m.group(0))
            for m in PHONE_RE.finditer(t):
                if sum(c.isdigit() for c in m.group(0)) >= 7 and not _looks_like_dates(m.group(0)):
                    literals.add(m.group(0).strip())
            for tok in TOKEN_RE.findall(t):
                if tok.isdigit():
                    if len(tok) >= 5 and not YEAR_RE.match(tok):
                        words.add(tok)
                    continue
                for part in re.split(r"['’]", tok):
                    if len(part) < 3 or not part[0].isupper():
                        continue
                    low_p = part.lower()
                    if low_p in SAFE or low_p in COMMON or low_p in FIELD_WORDS:
                        continue
                    words.add(part)
    words -= markup
    literals = {x for x in literals if x and len(x) >= 4 and x.lower() not in SAFE}
    return words, literals


DATA_ATTRS = {"author", "initials", "userId", "descr", "title", "tooltip", "instr", "alt", "string", "Target"}


def _data_strings(data: bytes):
    """Text nodes and data-bearing attribute values of an XML part (not ids, fonts,
    style names, shape names, language codes)."""
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, huge_tree=True))
    except etree.XMLSyntaxError:
        return [data.decode("utf-8", "replace")]
    out = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if el.text and el.text.strip():
            out.append(el.text)
        local = el.tag.rsplit("}", 1)[-1]
        for k, v in el.attrib.items():
            lk = k.rsplit("}", 1)[-1]
            if (
                lk in DATA_ATTRS
                or (lk == "name" and local in ("docPr", "cNvPr"))
                or (lk == "val" and local in ("tblDescription", "tblCaption", "docVar"))
            ):
                out.append(v)
    return out


def output_haystack(out_path):
    """Everything a person wrote that the output holds: text of every XML part but the
    style / font / numbering / theme parts, data-bearing attributes, relationship targets."""
    z = zipfile.ZipFile(out_path)
    chunks = []
    for n in z.namelist():
        low = n.lower()
        if n in MARKUP_PARTS or low.startswith("word/theme/"):
            continue
        if low.endswith(".xml") or low.endswith(".rels") or low.endswith(".vml"):
            data = z.read(n)
            chunks.extend(_data_strings(data))
            if low.endswith(".xml"):
                # paragraph text joined across runs: a word split over runs is one word
                try:
                    chunks.extend(_para_texts(data))
                except etree.XMLSyntaxError:
                    pass
    return "\n".join(chunks)


def check_leaks(orig_path, out_path):
    words, literals = sensitive(orig_path)
    hay = output_haystack(out_path)
    found = []
    for w in sorted(words):
        if re.search(rf"(?<![\w]){re.escape(w)}(?![\w])", hay):
            found.append(w)
    for lit in sorted(literals):
        if lit in hay:
            found.append(lit)
    return found


def check_structure(in_path, out_path):
    problems = []
    import docx

    try:
        docx.Document(out_path)
    except Exception as e:  # pragma: no cover
        problems.append(f"python-docx cannot open: {e}")
    zi, zo = zipfile.ZipFile(in_path), zipfile.ZipFile(out_path)
    if zi.namelist() != zo.namelist():
        problems.append("part list differs")
    a = etree.fromstring(zi.read("word/document.xml"))
    b = etree.fromstring(zo.read("word/document.xml"))
    pa = list(a.find(W + "body").iter(W + "p"))
    pb = list(b.find(W + "body").iter(W + "p"))
    if len(pa) != len(pb):
        problems.append("paragraph count %d != %d" % (len(pa), len(pb)))
    else:
        for i, (x, y) in enumerate(zip(pa, pb, strict=False)):
            if len(list(x.iter(W + "r"))) != len(list(y.iter(W + "r"))):
                problems.append("run count differs in paragraph %d" % i)
                break
            px, py = x.find(W + "pPr"), y.find(W + "pPr")
            if (etree.tostring(px) if px is not None else b"") != (
                etree.tostring(py) if py is not None else b""
            ):
                problems.append("pPr differs in paragraph %d" % i)
                break
    return problems


def main(argv):
    if argv and argv[0] == "--structure-only":
        return 0
    bad = 0
    for i in range(0, len(argv), 2):
        orig, out = argv[i], argv[i + 1]
        probs = check_structure(orig, out)
        leaks = check_leaks(orig, out)
        if probs or leaks:
            bad += 1
            print(
                "FAIL {}: {}{}".format(
                    Path(out).name, "; ".join(probs), (" leaks: " + ", ".join(leaks[:15])) if leaks else ""
                )
            )
        else:
            print(f"ok   {Path(out).name}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
