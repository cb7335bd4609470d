"""Checks of an enriched document against its original: only bullets inserted, only text appended."""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from resume_customizer.resume.structure import body_paragraphs
from resume_customizer.resume.tailor import TailorResult
from tests.resume import checks

W = checks.W
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


def root_of(docx: bytes) -> etree._Element:
    """The parsed word/document.xml of a package."""
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return etree.fromstring(z.read("word/document.xml"), _PARSER)


def _end_text(p: etree._Element) -> etree._Element | None:
    ts = [t for t in p.iter(W + "t") if t.text and t.text.strip()]
    return ts[-1] if ts else None


def _normalise_end(p: etree._Element) -> None:
    """Trailing spaces and a final period of the last text are where appended text may go."""
    t = _end_text(p)
    if t is not None:
        t.text = t.text.rstrip().removesuffix(".")


def assert_only_appends(original: bytes, result: TailorResult) -> None:
    """The result is the original plus its inserted paragraphs and the runs its edits name."""
    root = root_of(result.docx)
    paras = body_paragraphs(root.find(W + "body"))
    edited = []
    for e in result.edits:
        p = paras[e.paragraph]
        before_text = checks.text_of(p)
        run = list(p.iter(W + "r"))[e.run]
        added = "".join(t.text or "" for t in run.iter(W + "t"))
        assert added in (e.text, e.text + "."), (added, e.text)
        assert before_text.rstrip().endswith(added.rstrip())
        run.getparent().remove(run)
        edited.append(p)
    for i in sorted(result.inserted, reverse=True):
        paras[i].getparent().remove(paras[i])
    orig = root_of(original)
    left = body_paragraphs(root.find(W + "body"))
    right = body_paragraphs(orig.find(W + "body"))
    assert len(left) == len(right)
    for mine, theirs in zip(left, right, strict=True):
        if mine in edited:
            _normalise_end(mine)
            _normalise_end(theirs)
    assert checks.canon(root) == checks.canon(orig), "document.xml differs outside bullets and appended text"
    with zipfile.ZipFile(io.BytesIO(original)) as za, zipfile.ZipFile(io.BytesIO(result.docx)) as zb:
        assert sorted(za.namelist()) == sorted(zb.namelist())
        for name in za.namelist():
            if name != "word/document.xml":
                assert za.read(name) == zb.read(name), f"{name} changed"


def paragraph_texts(docx: bytes) -> list[str]:
    """Text of every paragraph the engine walks, in order."""
    return [checks.text_of(p) for p in body_paragraphs(root_of(docx).find(W + "body"))]
