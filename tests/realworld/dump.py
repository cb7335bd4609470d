#!/usr/bin/env python3
"""Dump the body paragraphs of a .docx the way grade.py counts them.

    python tests/realworld/dump.py FILE.docx [--summary]

One line per w:p of w:body in document order (nested ones included):
index, T (in a table) / X (in a text box), style, numId/ilvl, and text.
--summary prints one line: paragraphs, numbered paragraphs, tables, text boxes,
template link, generator, first words.
"""

import re
import sys
import zipfile

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"


def para_text(p):
    out = []
    for el in p.iter():
        if el.tag == W + "t":
            out.append(el.text or "")
        elif el.tag == W + "tab" and el.getparent() is not None and el.getparent().tag == W + "r":
            out.append("\t")
        elif el.tag in (W + "br", W + "cr"):
            out.append("\n")
        elif el.tag == W + "noBreakHyphen":
            out.append("-")
    return "".join(out)


def main_part(z):
    rels = etree.fromstring(z.read("_rels/.rels"))
    for r in rels:
        if r.get("Type", "").endswith("/officeDocument"):
            return r.get("Target").lstrip("/")
    return "word/document.xml"


def style_numbering(z):
    """styleId -> (numId, ilvl) for paragraph styles that carry numbering."""
    out = {}
    try:
        st = etree.fromstring(z.read("word/styles.xml"))
    except KeyError:
        return out
    byid = {s.get(W + "styleId"): s for s in st.iter(W + "style")}

    def num_of(sid, depth=0):
        s = byid.get(sid)
        if s is None or depth > 10:
            return None
        np_ = s.find(W + "pPr/" + W + "numPr")
        if np_ is not None and np_.find(W + "numId") is not None:
            il = np_.find(W + "ilvl")
            return (np_.find(W + "numId").get(W + "val"), il.get(W + "val") if il is not None else "0")
        b = s.find(W + "basedOn")
        return num_of(b.get(W + "val"), depth + 1) if b is not None else None

    for sid in byid:
        n = num_of(sid)
        if n:
            out[sid] = n
    return out


def rows(path):
    z = zipfile.ZipFile(path)
    root = etree.fromstring(z.read(main_part(z)))
    snum = style_numbering(z)
    body = root.find(W + "body")
    for i, p in enumerate(body.iter(W + "p")):
        anc = [a.tag.rsplit("}", 1)[-1] for a in p.iterancestors()]
        where = ("X" if "txbxContent" in anc else "") + ("T" if "tc" in anc else "")
        ppr = p.find(W + "pPr")
        style = num = ""
        if ppr is not None:
            ps = ppr.find(W + "pStyle")
            style = ps.get(W + "val") if ps is not None else ""
            np_ = ppr.find(W + "numPr")
            if np_ is not None:
                ni, il = np_.find(W + "numId"), np_.find(W + "ilvl")
                num = "n{}/{}".format(
                    ni.get(W + "val") if ni is not None else "?", il.get(W + "val") if il is not None else "0"
                )
        if not num and style in snum:
            num = "s{}/{}".format(*snum[style])
        yield i, where, style, num, para_text(p)


def summary(path):
    z = zipfile.ZipFile(path)
    names = z.namelist()
    doc = z.read(main_part(z)).decode("utf8", "replace")
    n = num = 0
    texts = []
    for _i, _where, _style, nm, t in rows(path):
        n += 1
        num += bool(nm)
        if t.strip() and len(texts) < 12:
            texts.append(t.strip()[:30])
    tmpl = ""
    if "word/_rels/settings.xml.rels" in names:
        m = re.search(r'Target="([^"]*)"', z.read("word/_rels/settings.xml.rels").decode("utf8", "replace"))
        tmpl = m.group(1)[:60] if m else ""
    app = z.read("docProps/app.xml").decode("utf8", "replace") if "docProps/app.xml" in names else ""
    m = re.search(r"<Application>([^<]*)", app)
    gen = m.group(1) if m else "?"
    return "paras=%d num=%d tbl=%d txbx=%d gen=%s tmpl=%s | %s" % (
        n,
        num,
        doc.count("<w:tbl>"),
        doc.count("txbxContent>") // 2,
        gen[:25],
        tmpl,
        " / ".join(texts),
    )


if __name__ == "__main__":
    if "--summary" in sys.argv:
        for f in [a for a in sys.argv[1:] if a != "--summary"]:
            try:
                print(f.rsplit("/", 1)[-1][:60], summary(f))
            except Exception as e:
                print(f.rsplit("/", 1)[-1][:60], "ERROR", type(e).__name__, e)
    else:
        for i, where, style, num, t in rows(sys.argv[1]):
            print(
                "%4d %-2s %-18s %-7s %s"
                % (i, where, style[:18], num, t.replace("\t", "\\t").replace("\n", "\\n")[:110])
            )
