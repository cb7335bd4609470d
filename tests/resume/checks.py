"""Independent checks of a tailored document against its original (no engine code used)."""

from __future__ import annotations

import copy
import io
import zipfile

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


def _root(docx: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return etree.fromstring(z.read("word/document.xml"), _PARSER)


def _strip(el: etree._Element) -> etree._Element:
    el = copy.deepcopy(el)
    for node in el.iter():
        if not isinstance(node.tag, str):
            continue
        for name in [n for n in node.attrib if "}rsid" in n or n.endswith(("}paraId", "}textId"))]:
            del node.attrib[name]
        if node.text is not None and not node.text.strip() and node.tag != W + "t":
            node.text = None
        if node.tail is not None and not node.tail.strip():
            node.tail = None
    return el


def canon(el: etree._Element | None) -> bytes:
    """Canonical XML without revision ids and formatting whitespace."""
    if el is None:
        return b""
    return etree.tostring(_strip(el), method="c14n")


def paragraphs(docx: bytes) -> list[etree._Element]:
    """Every body paragraph in document order (tables included)."""
    return list(_root(docx).find(W + "body").iter(W + "p"))


def text_of(p: etree._Element) -> str:
    """Paragraph text with tabs as \\t."""
    out = []
    for el in p.iter(W + "t", W + "tab"):
        out.append("\t" if el.tag == W + "tab" else (el.text or ""))
    return "".join(out)


def texts(docx: bytes) -> list[str]:
    """The text of every body paragraph."""
    return [text_of(p) for p in paragraphs(docx)]


def inserted_indices(original: bytes, tailored: bytes) -> list[int]:
    """Indices (in the tailored document) of paragraphs that are not original ones.

    Fails when the original paragraphs are not all still there, unchanged and in order.
    """
    a = [canon(p) for p in paragraphs(original)]
    b = [canon(p) for p in paragraphs(tailored)]
    mapped: set[int] = set()
    j = 0
    for key in a:
        while j < len(b) and b[j] != key:
            j += 1
        assert j < len(b), "an original paragraph was changed or lost"
        mapped.add(j)
        j += 1
    return [i for i in range(len(b)) if i not in mapped]


def assert_only_insertions(original: bytes, tailored: bytes, n_points: int) -> list[int]:
    """The tailored document is the original plus ``n_points`` paragraphs; nothing else changed."""
    ins = inserted_indices(original, tailored)
    assert len(ins) == n_points
    root = _root(tailored)
    ps = list(root.find(W + "body").iter(W + "p"))
    for i in ins:
        ps[i].getparent().remove(ps[i])
    assert canon(root) == canon(_root(original)), "document.xml differs outside the inserted paragraphs"
    with zipfile.ZipFile(io.BytesIO(original)) as za, zipfile.ZipFile(io.BytesIO(tailored)) as zb:
        assert sorted(za.namelist()) == sorted(zb.namelist())
        for name in za.namelist():
            if name != "word/document.xml":
                assert za.read(name) == zb.read(name), f"{name} changed"
    return ins


def ppr(p: etree._Element) -> bytes:
    """Canonical paragraph properties."""
    return canon(p.find(W + "pPr"))


def run_rprs(p: etree._Element) -> set[bytes]:
    """Canonical run properties of every text run (hyperlinks aside)."""
    out = set()
    for r in p.iter(W + "r"):
        if r.getparent().tag == W + "hyperlink":
            continue
        if any(c.tag in (W + "t", W + "tab") for c in r):
            out.add(canon(r.find(W + "rPr")))
    return out
