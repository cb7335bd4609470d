"""HTML preview of a tailored resume: mammoth, the new bullets highlighted, sanitized.

The preview is made from a throwaway copy of the tailored package in which the inserted
paragraphs' runs carry a marker character style (mapped to ``<mark class="rc-inserted">``) and
the styles part keeps only the styles the document uses — mammoth reads XML with minidom,
and Word's or python-docx's hundreds of KB of latent styles would cost it most of its time.
The HTML is sanitized (nh3) before anyone shows it: mammoth passes ``javascript:`` links on.
"""

from __future__ import annotations

import copy
import io
import re
import struct
import zlib
from dataclasses import dataclass

import mammoth
from lxml import etree

from .guard.text import HIGHLIGHT_CLASS, sanitize_html
from .observe.metrics import get_registry
from .resume.package import DocxPackage
from .resume.structure import W_P, W_R, W_RPR, body_paragraphs
from .resume.tailor import TailorResult
from .resume.xml import parse_xml, qn, serialize_xml

MARK_STYLE = "RcNewBullet"
STYLE_MAP = f"r.{MARK_STYLE} => mark.{HIGHLIGHT_CLASS}"
_RSTYLE = qn("w:rStyle")
_VAL = qn("w:val")
_USED_STYLE = re.compile(rb'w:(?:pStyle|rStyle|tblStyle|numStyleLink|styleLink)\s+w:val="([^"]*)"')
_STYLE_REFS = re.compile(rb'<w:(?:basedOn|link|next)\s+w:val="([^"]*)"')


@dataclass(frozen=True)
class Preview:
    """Sanitized HTML of the tailored resume and what mammoth could not render."""

    html: str
    messages: tuple[str, ...]
    highlighted: int  # how many paragraphs are marked as new
    edited: int = 0  # how many paragraphs have added text marked (enrichment)


def _mark(paragraph: etree._Element) -> None:
    """Give every run of a new paragraph the marker character style."""
    for r in paragraph.iter(W_R):
        _mark_run(r)


def _mark_run(r: etree._Element) -> None:
    """Give one run the marker character style."""
    rpr = r.find(W_RPR)
    if rpr is None:
        rpr = r.makeelement(W_RPR, {})
        r.insert(0, rpr)
    rs = rpr.find(_RSTYLE)
    if rs is None:
        rs = rpr.makeelement(_RSTYLE, {})
        rpr.insert(0, rs)  # rStyle comes first in rPr
    rs.set(_VAL, MARK_STYLE)


def slim_styles(styles_xml: bytes, document_xml: bytes, numbering_xml: bytes | None) -> bytes:
    """The styles part with only the styles the document can reach (and no latent styles)."""
    start = styles_xml.find(b"<w:styles")
    open_end = styles_xml.find(b">", start) if start >= 0 else -1
    if start < 0 or open_end < 0 or styles_xml[open_end - 1 : open_end] == b"/":
        return styles_xml
    spans: dict[bytes, tuple[int, int]] = {}
    defaults: list[bytes] = []
    pos = open_end
    while True:
        begin = styles_xml.find(b"<w:style ", pos)
        if begin < 0:
            break
        end = styles_xml.find(b"</w:style>", begin)
        if end < 0:
            return styles_xml
        end += len(b"</w:style>")
        head = styles_xml[begin : styles_xml.find(b">", begin)]
        sid = re.search(rb'w:styleId="([^"]*)"', head)
        if sid:
            spans.setdefault(sid.group(1), (begin, end))
            if re.search(rb'w:default="(?:1|true|on)"', head):
                defaults.append(sid.group(1))
        pos = end
    wanted = set(_USED_STYLE.findall(document_xml)) | set(defaults) | {b"Hyperlink"}
    if numbering_xml:
        wanted |= set(_USED_STYLE.findall(numbering_xml))
    keep: set[bytes] = set()
    todo = list(wanted)
    while todo:
        sid = todo.pop()
        if sid in keep or sid not in spans:
            continue
        keep.add(sid)
        b, e = spans[sid]
        todo.extend(_STYLE_REFS.findall(styles_xml[b:e]))
    doc_defaults = b""
    dd = styles_xml.find(b"<w:docDefaults")
    if dd >= 0:
        dd_end = styles_xml.find(b"</w:docDefaults>", dd)
        if dd_end >= 0:
            doc_defaults = styles_xml[dd : dd_end + len(b"</w:docDefaults>")]
    kept = b"".join(styles_xml[b:e] for sid, (b, e) in spans.items() if sid in keep)
    return styles_xml[: open_end + 1] + doc_defaults + kept + b"</w:styles>"


# A picture larger than this is shown as a small grey placeholder: a preview is for the words,
# and a 45 MB photo inlined as base64 took 663 MB and a 60 MB page (issue 12).
PREVIEW_IMAGE_MAX_BYTES = 512 * 1024
_IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".emf", ".wmf")


def _grey_png(side: int = 8) -> bytes:
    """A small grey PNG, made here (no imaging library needed)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)  # 8-bit RGB
    rows = b"".join(b"\x00" + b"\xcc\xcc\xcc" * side for _ in range(side))
    body = chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + body


# Browsers read a picture's own bytes, whatever its part was called.
_PLACEHOLDER_PNG = _grey_png()


def large_pictures(pkg: DocxPackage) -> list[tuple[str, int]]:
    """The package's pictures over ``PREVIEW_IMAGE_MAX_BYTES`` (name, size), from the zip's directory."""
    return [
        (info.filename, info.file_size)
        for info in pkg.zf.infolist()
        if info.file_size > PREVIEW_IMAGE_MAX_BYTES and info.filename.lower().endswith(_IMAGE_EXTENSIONS)
    ]


def preview_package(result: TailorResult) -> bytes:
    """A throwaway copy of the tailored package, new bullets marked, styles slimmed, and pictures
    over ``PREVIEW_IMAGE_MAX_BYTES`` replaced by a placeholder (never unzipped)."""
    if result.document is not None:  # the tree the tailoring wrote: copied, not parsed again
        pkg = result.document.package
        root = copy.deepcopy(result.document.root)
    else:
        pkg = DocxPackage.open(result.docx)
        root = parse_xml(pkg.read(pkg.main_part) or b"", part=pkg.main_part)
    body = root.find(qn("w:body"))
    paragraphs = body_paragraphs(body) if body is not None else []
    for i in result.inserted:
        if 0 <= i < len(paragraphs) and paragraphs[i].tag == W_P:
            _mark(paragraphs[i])
    for edit in result.edits:  # enrichment: only the added run, not the line it extends
        if 0 <= edit.paragraph < len(paragraphs):
            runs = list(paragraphs[edit.paragraph].iter(W_R))
            if 0 <= edit.run < len(runs):
                _mark_run(runs[edit.run])
    new_document = serialize_xml(root)
    replacements = {pkg.main_part: new_document}
    styles_name = pkg.related_part("/styles")
    if styles_name:
        styles = pkg.read(styles_name, missing_ok=True)
        numbering_name = pkg.related_part("/numbering")
        numbering = pkg.read(numbering_name, missing_ok=True) if numbering_name else None
        if styles:
            replacements[styles_name] = slim_styles(styles, new_document, numbering)
    for name, _size in large_pictures(pkg):
        replacements[name] = _PLACEHOLDER_PNG
    return pkg.write(replacements)


def render_preview(result: TailorResult) -> Preview:
    """The tailored resume as sanitized HTML; inserted bullets and added text marked as new."""
    with get_registry().timed("preview.render"):
        converted = mammoth.convert_to_html(io.BytesIO(preview_package(result)), style_map=STYLE_MAP)
    messages = tuple(m.message for m in converted.messages if MARK_STYLE not in m.message)
    pkg = result.document.package if result.document is not None else DocxPackage.open(result.docx)
    messages += tuple(
        f"A picture of {size / (1024 * 1024):.1f} MB ({name.rsplit('/', 1)[-1]}) is shown as a grey "
        "placeholder here; the tailored file keeps it as it is."
        for name, size in large_pictures(pkg)
    )
    return Preview(
        html=sanitize_html(converted.value),
        messages=messages,
        highlighted=len(result.inserted),
        edited=len({e.paragraph for e in result.edits}),
    )


__all__ = [
    "MARK_STYLE",
    "PREVIEW_IMAGE_MAX_BYTES",
    "Preview",
    "large_pictures",
    "preview_package",
    "render_preview",
    "slim_styles",
]
