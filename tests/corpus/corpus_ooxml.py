"""WordprocessingML building blocks for the test corpus: elements, runs, paragraphs, parts, packages.

Everything here writes XML we choose ourselves (no python-docx object model), so every pPr/rPr of
a generated resume is known exactly. Zip entries carry a fixed timestamp so a seed always gives
the same bytes.
"""

# ruff: noqa: E501  (XML and sentence literals read better unbroken)

from __future__ import annotations

import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
XML_NS = "http://www.w3.org/XML/1998/namespace"

NSMAP = {
    "w": W_NS,
    "r": R_NS,
    "w14": W14_NS,
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "wp14": "http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
    "w10": "urn:schemas-microsoft-com:office:word",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
}

REL_TYPES = {
    "styles": "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles",
    "numbering": "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering",
    "settings": "http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings",
    "fontTable": "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable",
    "header": "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header",
    "footer": "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer",
    "image": "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image",
    "hyperlink": "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
    "officeDocument": "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
    "core": "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
    "app": "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties",
    "vba": "http://schemas.microsoft.com/office/2006/relationships/vbaProject",
}

CONTENT_TYPES = {
    "word/document.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "word/styles.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml",
    "word/numbering.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml",
    "word/settings.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml",
    "word/fontTable.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml",
    "word/header1.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml",
    "word/footer1.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml",
    "docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
    "docProps/app.xml": "application/vnd.openxmlformats-officedocument.extended-properties+xml",
}
MACRO_MAIN_CT = "application/vnd.ms-word.document.macroEnabled.main+xml"
ZIP_TIME = (2024, 3, 1, 9, 30, 0)


def q(name: str) -> str:
    """``'w:p'`` -> Clark notation ``'{ns}p'``."""
    if name.startswith("xml:"):
        return f"{{{XML_NS}}}{name[4:]}"
    prefix, local = name.split(":", 1)
    return f"{{{NSMAP[prefix]}}}{local}"


def mk(name: str, attrs: dict[str, str] | None = None, *children: etree._Element | None) -> etree._Element:
    """An element with prefixed attribute names and the given (non-None) children."""
    el = etree.Element(q(name), nsmap=NSMAP)
    for k, v in (attrs or {}).items():
        el.set(q(k), v)
    for c in children:
        if c is not None:
            el.append(c)
    return el


def val(name: str, value: str | int) -> etree._Element:
    """``<name w:val="value"/>``."""
    return mk(name, {"w:val": str(value)})


# --------------------------------------------------------------------------------------------
# canonical form (same rules as the grader: standard prefixes, no rsid*/paraId/textId, c14n)
# --------------------------------------------------------------------------------------------
_TEXT_TAGS = {q("w:t"), q("w:delText"), q("w:instrText"), q("w:delInstrText"), q("m:t")}
_ID_ATTRS = {q("w14:paraId"), q("w14:textId")}
_CANON_NSMAP = {k: v for k, v in NSMAP.items()} | {
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "wpg": "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup",
    "wne": "http://schemas.microsoft.com/office/word/2006/wordml",
}


def _volatile(name: str) -> bool:
    return name.rsplit("}", 1)[-1].startswith("rsid") or name in _ID_ATTRS


def _rebuild(src: etree._Element, parent: etree._Element | None = None) -> etree._Element:
    dst = etree.Element(src.tag, nsmap=_CANON_NSMAP) if parent is None else etree.SubElement(parent, src.tag)
    for k, v in src.attrib.items():
        if not _volatile(k):
            dst.set(k, v)
    if src.text is not None and (src.tag in _TEXT_TAGS or src.text.strip()):
        dst.text = src.text
    for child in src:
        if not isinstance(child.tag, str):
            continue
        c = _rebuild(child, dst)
        if child.tail is not None and child.tail.strip():
            c.tail = child.tail
    return dst


def canon(el: etree._Element | None) -> str:
    """Canonical XML of an element as the grader writes it in truth files; None -> ''."""
    if el is None:
        return ""
    return etree.tostring(_rebuild(el), method="c14n", exclusive=True).decode("utf-8")


# --------------------------------------------------------------------------------------------
# run and paragraph content
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Font:
    """Direct run formatting; every field None/False is left out of the rPr."""

    name: str | None = None
    size: int | None = None  # half-points
    color: str | None = None
    bold: bool = False
    italic: bool = False
    underline: bool = False
    caps: bool = False
    style: str | None = None  # character style id, e.g. Hyperlink
    theme_cs: bool = False  # Word's habit: <w:rFonts w:cstheme="minorHAnsi"/>

    def rpr(self) -> etree._Element | None:
        """The rPr element in schema order, or None when there is nothing to say."""
        kids: list[etree._Element] = []
        if self.style:
            kids.append(val("w:rStyle", self.style))
        if self.name:
            kids.append(mk("w:rFonts", {"w:ascii": self.name, "w:hAnsi": self.name, "w:cs": self.name}))
        elif self.theme_cs:
            kids.append(mk("w:rFonts", {"w:cstheme": "minorHAnsi"}))
        if self.bold:
            kids += [mk("w:b"), mk("w:bCs")]
        if self.italic:
            kids += [mk("w:i"), mk("w:iCs")]
        if self.caps:
            kids.append(mk("w:caps"))
        if self.color:
            kids.append(val("w:color", self.color))
        if self.size:
            kids += [val("w:sz", self.size), val("w:szCs", self.size)]
        if self.underline:
            kids.append(val("w:u", "single"))
        if not kids:
            return None
        return mk("w:rPr", None, *kids)

    def but(self, **changes: object) -> Font:
        """A copy with some fields changed."""
        d = {k: getattr(self, k) for k in self.__dataclass_fields__}
        d.update(changes)
        return Font(**d)  # type: ignore[arg-type]


@dataclass
class R:
    """A run: text (TAB -> w:tab) in one font; or a w:sym when ``sym`` is set."""

    text: str
    font: Font | None = None
    rsid: str | None = None
    page_mark: bool = False  # w:lastRenderedPageBreak before the text
    sym: tuple[str, str] | None = None  # (font, hex char) -> <w:sym>


@dataclass
class Link:
    """A w:hyperlink holding runs; ``rid`` points at an external relationship."""

    rid: str
    runs: list[R]


@dataclass
class Mark:
    """Zero-width markup between runs: proofErr, bookmarkStart/End."""

    kind: str
    attrs: dict[str, str] = field(default_factory=dict)


Inline = R | Link | Mark


def run_el(r: R) -> etree._Element:
    """The w:r for a run."""
    el = mk("w:r")
    if r.rsid:
        el.set(q("w:rsidR"), r.rsid)
        el.set(q("w:rsidRPr"), r.rsid)
    rpr = r.font.rpr() if r.font else None
    if rpr is not None:
        el.append(rpr)
    if r.page_mark:
        el.append(mk("w:lastRenderedPageBreak"))
    if r.sym:
        el.append(mk("w:sym", {"w:font": r.sym[0], "w:char": r.sym[1]}))
    pieces = r.text.split("\t")
    for i, piece in enumerate(pieces):
        if i:
            el.append(mk("w:tab"))
        if piece:
            t = mk("w:t")
            t.text = piece
            if piece != piece.strip():
                t.set(q("xml:space"), "preserve")
            el.append(t)
    return el


def inline_text(items: list[Inline]) -> str:
    """What a reader sees of the content (w:sym is not text, as in the grader)."""
    out = []
    for it in items:
        if isinstance(it, R):
            out.append(it.text)
        elif isinstance(it, Link):
            out.extend(r.text for r in it.runs)
    return "".join(out)


def para(
    items: list[Inline], ppr: etree._Element | None = None, attrs: dict[str, str] | None = None
) -> etree._Element:
    """A w:p with an optional pPr and the given inline content."""
    p = mk("w:p", attrs)
    if ppr is not None:
        p.append(ppr)
    for it in items:
        if isinstance(it, R):
            p.append(run_el(it))
        elif isinstance(it, Link):
            h = mk("w:hyperlink", {"r:id": it.rid, "w:history": "1"})
            for r in it.runs:
                h.append(run_el(r))
            p.append(h)
        else:
            p.append(mk(f"w:{it.kind}", it.attrs))
    return p


def ppr(
    *,
    style: str | None = None,
    keep_next: bool = False,
    num: tuple[int, int] | None = None,  # (ilvl, numId)
    border_bottom: str | None = None,
    shade: str | None = None,
    tabs: list[tuple[str, int]] | None = None,
    before: int | None = None,
    after: int | None = None,
    line: int | None = None,
    ind: tuple[int, int] | None = None,  # (left, hanging)
    contextual: bool = False,
    jc: str | None = None,
    mark: Font | None = None,  # paragraph-mark run properties
    sect: etree._Element | None = None,
) -> etree._Element | None:
    """A pPr in schema order; None when empty."""
    kids: list[etree._Element] = []
    if style:
        kids.append(val("w:pStyle", style))
    if keep_next:
        kids.append(mk("w:keepNext"))
    if num:
        kids.append(mk("w:numPr", None, val("w:ilvl", num[0]), val("w:numId", num[1])))
    if border_bottom:
        kids.append(
            mk(
                "w:pBdr",
                None,
                mk("w:bottom", {"w:val": "single", "w:sz": "6", "w:space": "1", "w:color": border_bottom}),
            )
        )
    if shade:
        kids.append(mk("w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": shade}))
    if tabs:
        kids.append(mk("w:tabs", None, *(mk("w:tab", {"w:val": a, "w:pos": str(p)}) for a, p in tabs)))
    if before is not None or after is not None or line is not None:
        sp: dict[str, str] = {}
        if before is not None:
            sp["w:before"] = str(before)
        if after is not None:
            sp["w:after"] = str(after)
        if line is not None:
            sp["w:line"] = str(line)
            sp["w:lineRule"] = "auto"
        kids.append(mk("w:spacing", sp))
    if ind:
        kids.append(mk("w:ind", {"w:left": str(ind[0]), "w:hanging": str(ind[1])}))
    if contextual:
        kids.append(mk("w:contextualSpacing"))
    if jc:
        kids.append(val("w:jc", jc))
    if mark is not None and (m := mark.rpr()) is not None:
        kids.append(m)
    if sect is not None:
        kids.append(sect)
    if not kids:
        return None
    return mk("w:pPr", None, *kids)


# --------------------------------------------------------------------------------------------
# tables
# --------------------------------------------------------------------------------------------
def table(widths: list[int], *, borders: bool = False, style: str | None = None) -> etree._Element:
    """An empty w:tbl with a grid; borderless unless asked."""
    tblpr = mk("w:tblPr")
    if style:
        tblpr.append(val("w:tblStyle", style))
    tblpr.append(mk("w:tblW", {"w:w": str(sum(widths)), "w:type": "dxa"}))
    edges = ["top", "left", "bottom", "right", "insideH", "insideV"]
    if borders:
        b = mk(
            "w:tblBorders",
            None,
            *(
                mk(f"w:{e}", {"w:val": "single", "w:sz": "4", "w:space": "0", "w:color": "BFBFBF"})
                for e in edges
            ),
        )
    else:
        b = mk("w:tblBorders", None, *(mk(f"w:{e}", {"w:val": "nil"}) for e in edges))
    tblpr.append(b)
    tblpr.append(mk("w:tblLayout", {"w:type": "fixed"}))
    tblpr.append(
        mk(
            "w:tblLook",
            {
                "w:val": "04A0",
                "w:firstRow": "1",
                "w:lastRow": "0",
                "w:firstColumn": "1",
                "w:lastColumn": "0",
                "w:noHBand": "0",
                "w:noVBand": "1",
            },
        )
    )
    t = mk("w:tbl", None, tblpr)
    t.append(mk("w:tblGrid", None, *(mk("w:gridCol", {"w:w": str(w)}) for w in widths)))
    return t


def row(tbl: etree._Element) -> etree._Element:
    """Append an empty w:tr."""
    tr = mk("w:tr")
    tbl.append(tr)
    return tr


def cell(
    tr: etree._Element, width: int, *, span: int = 1, shade: str | None = None, valign: str | None = None
) -> etree._Element:
    """Append a w:tc (paragraphs go in by the caller; an empty cell gets one empty w:p at the end)."""
    tcpr = mk("w:tcPr", None, mk("w:tcW", {"w:w": str(width), "w:type": "dxa"}))
    if span > 1:
        tcpr.append(val("w:gridSpan", span))
    if shade:
        tcpr.append(mk("w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": shade}))
    if valign:
        tcpr.append(val("w:vAlign", valign))
    tc = mk("w:tc", None, tcpr)
    tr.append(tc)
    return tc


def close_cells(root: etree._Element) -> None:
    """Every w:tc must end with a w:p: add an empty one where a cell ends with a table or is empty."""
    for tc in root.iter(q("w:tc")):
        last = tc[-1] if len(tc) else None
        if last is None or last.tag != q("w:p"):
            tc.append(mk("w:p"))


# --------------------------------------------------------------------------------------------
# drawing (an inline picture)
# --------------------------------------------------------------------------------------------
def picture_run(rid: str, pic_id: int, cx: int = 640080, cy: int = 640080) -> etree._Element:
    """A w:r holding an inline picture that points at relationship ``rid``."""
    xml = f"""<w:r xmlns:w="{W_NS}" xmlns:wp="{NSMAP["wp"]}" xmlns:a="{NSMAP["a"]}"
 xmlns:pic="{NSMAP["pic"]}" xmlns:r="{R_NS}"><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">
<wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="{pic_id}" name="Picture {pic_id}"/>
<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>
<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">
<pic:pic><pic:nvPicPr><pic:cNvPr id="{pic_id}" name="image{pic_id}.png"/><pic:cNvPicPr/></pic:nvPicPr>
<pic:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>
<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>
</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"""
    return etree.fromstring(xml.replace("\n", ""))


def png_bytes(w: int, h: int, rgb: tuple[int, int, int]) -> bytes:
    """A tiny solid-colour PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    raw = b"".join(b"\x00" + bytes(rgb) * w for _ in range(h))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


# --------------------------------------------------------------------------------------------
# numbering.xml
# --------------------------------------------------------------------------------------------
# kind -> per-level (numFmt, lvlText, font or None)
_LIST_KINDS: dict[str, list[tuple[str, str, str | None]]] = {
    "symbol": [
        ("bullet", "\uf0b7", "Symbol"),
        ("bullet", "o", "Courier New"),
        ("bullet", "\uf0a7", "Wingdings"),
    ],
    "dot": [("bullet", "\u2022", "Arial"), ("bullet", "\u2013", "Arial"), ("bullet", "\u25aa", "Arial")],
    "square": [
        ("bullet", "\uf0a7", "Wingdings"),
        ("bullet", "\uf0b7", "Symbol"),
        ("bullet", "o", "Courier New"),
    ],
    "arrow": [
        ("bullet", "\uf0d8", "Wingdings"),
        ("bullet", "\uf0a7", "Wingdings"),
        ("bullet", "\uf0b7", "Symbol"),
    ],
    "check": [
        ("bullet", "\uf0fc", "Wingdings"),
        ("bullet", "o", "Courier New"),
        ("bullet", "\uf0a7", "Wingdings"),
    ],
    "dash": [("bullet", "\u2013", "Calibri"), ("bullet", "\u2022", "Arial"), ("bullet", "o", "Courier New")],
    "decimal": [("decimal", "%1.", None), ("lowerLetter", "%2.", None), ("lowerRoman", "%3.", None)],
}


class Numbering:
    """Collects abstractNum/num definitions; writes a standalone numbering.xml or extends a template's."""

    def __init__(self, abstract_base: int, num_base: int) -> None:
        self._abstract_base = abstract_base
        self._num_base = num_base
        self.abstracts: list[etree._Element] = []
        self.nums: list[etree._Element] = []
        self._cache: dict[tuple[str, str | None], int] = {}
        self._shared: dict[str, int] = {}

    def _abstract(self, kind: str, style_link: str | None, indent: int) -> int:
        key = (kind, style_link)
        if key in self._cache:
            return self._cache[key]
        aid = self._abstract_base + len(self.abstracts)
        a = mk("w:abstractNum", {"w:abstractNumId": str(aid)})
        a.append(val("w:nsid", f"{0x2A6C1E00 + aid * 7919:08X}"))
        a.append(val("w:multiLevelType", "hybridMultilevel"))
        for lvl, (fmt, text, font) in enumerate(_LIST_KINDS[kind]):
            lv = mk("w:lvl", {"w:ilvl": str(lvl)})
            lv.append(val("w:start", 1))
            lv.append(val("w:numFmt", fmt))
            if style_link and lvl == 0:
                lv.append(val("w:pStyle", style_link))
            lv.append(val("w:lvlText", text))
            lv.append(val("w:lvlJc", "left"))
            lv.append(mk("w:pPr", None, mk("w:ind", {"w:left": str(indent * (lvl + 1)), "w:hanging": "360"})))
            if font:
                lv.append(
                    mk("w:rPr", None, mk("w:rFonts", {"w:ascii": font, "w:hAnsi": font, "w:hint": "default"}))
                )
            a.append(lv)
        self.abstracts.append(a)
        self._cache[key] = aid
        return aid

    def num(self, kind: str, *, fresh: bool = True, style_link: str | None = None, indent: int = 720) -> int:
        """A numId for a list of ``kind``; ``fresh=False`` reuses one numId per kind (one list)."""
        if not fresh and kind in self._shared:
            return self._shared[kind]
        aid = self._abstract(kind, style_link, indent)
        nid = self._num_base + len(self.nums)
        self.nums.append(mk("w:num", {"w:numId": str(nid)}, val("w:abstractNumId", aid)))
        if not fresh:
            self._shared[kind] = nid
        return nid

    def xml(self, template: bytes | None) -> bytes:
        """numbering.xml: the template's definitions (if any) followed by ours, in schema order."""
        root = etree.fromstring(template) if template is not None else mk("w:numbering")
        existing_abs = root.findall(q("w:abstractNum"))
        anchor = existing_abs[-1] if existing_abs else None
        for a in self.abstracts:
            if anchor is None:
                root.insert(0, a)
            else:
                anchor.addnext(a)
            anchor = a
        for n in self.nums:
            root.append(n)
        return serialize(root)


# --------------------------------------------------------------------------------------------
# package
# --------------------------------------------------------------------------------------------
TEMPLATE_PATH = Path(__import__("docx").__file__).parent / "templates" / "default.docx"


def template_parts() -> dict[str, bytes]:
    """python-docx's default template, part by part (the same file ``docx.Document()`` opens)."""
    with zipfile.ZipFile(TEMPLATE_PATH) as z:
        return {n: z.read(n) for n in z.namelist() if not n.endswith("/")}


def serialize(root: etree._Element) -> bytes:
    """XML bytes with Word's usual declaration."""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def rels_xml(rels: list[tuple[str, str, str, bool]]) -> bytes:
    """A .rels part from (id, type, target, external) tuples."""
    root = etree.Element(f"{{{PKG_REL_NS}}}Relationships", nsmap={None: PKG_REL_NS})
    for rid, typ, target, external in rels:
        e = etree.SubElement(root, f"{{{PKG_REL_NS}}}Relationship", Id=rid, Type=typ, Target=target)
        if external:
            e.set("TargetMode", "External")
    return serialize(root)


def parse_rels(data: bytes) -> list[tuple[str, str, str, bool]]:
    """(id, type, target, external) tuples of a .rels part."""
    root = etree.fromstring(data)
    return [(r.get("Id"), r.get("Type"), r.get("Target"), r.get("TargetMode") == "External") for r in root]


def content_types_xml(
    names: list[str], extra: dict[str, str] | None = None, main_ct: str | None = None
) -> bytes:
    """[Content_Types].xml: defaults for rels/xml/png/jpeg/bin and overrides for the known parts."""
    root = etree.Element(f"{{{CT_NS}}}Types", nsmap={None: CT_NS})
    defaults = {
        "rels": "application/vnd.openxmlformats-package.relationships+xml",
        "xml": "application/xml",
        "png": "image/png",
        "jpeg": "image/jpeg",
    }
    if any(n.endswith(".bin") for n in names):
        defaults["bin"] = "application/vnd.ms-office.vbaProject"
    for ext, ct in defaults.items():
        etree.SubElement(root, f"{{{CT_NS}}}Default", Extension=ext, ContentType=ct)
    known = dict(CONTENT_TYPES) | (extra or {})
    if main_ct:
        known["word/document.xml"] = main_ct
    for n in names:
        if n in known:
            etree.SubElement(root, f"{{{CT_NS}}}Override", PartName="/" + n, ContentType=known[n])
    return serialize(root)


def template_content_types(data: bytes) -> dict[str, str]:
    """Overrides of a template's [Content_Types].xml as {part name: type}."""
    root = etree.fromstring(data)
    return {e.get("PartName").lstrip("/"): e.get("ContentType") for e in root if e.get("PartName")}


def zip_parts(parts: dict[str, bytes]) -> bytes:
    """A deterministic zip of the parts, [Content_Types].xml first."""
    buf = BytesIO()
    order = ["[Content_Types].xml"] + [n for n in parts if n != "[Content_Types].xml"]
    with zipfile.ZipFile(buf, "w") as z:
        for n in order:
            info = zipfile.ZipInfo(n, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, parts[n])
    return buf.getvalue()


# --------------------------------------------------------------------------------------------
# styles.xml
# --------------------------------------------------------------------------------------------
def _style(
    sid: str,
    name: str,
    *,
    kind: str = "paragraph",
    based: str | None = None,
    ppr_xml: str = "",
    rpr_xml: str = "",
    default: bool = False,
    extra: str = "",
) -> str:
    d = ' w:default="1"' if default else ""
    b = f'<w:basedOn w:val="{based}"/>' if based else ""
    nxt = '<w:next w:val="Normal"/>' if kind == "paragraph" and sid.startswith(("Heading", "Title")) else ""
    p = f"<w:pPr>{ppr_xml}</w:pPr>" if ppr_xml else ""
    r = f"<w:rPr>{rpr_xml}</w:rPr>" if rpr_xml else ""
    return f'<w:style w:type="{kind}"{d} w:styleId="{sid}"><w:name w:val="{name}"/>{b}{nxt}{extra}<w:qFormat/>{p}{r}</w:style>'


def _fonts(font: str) -> str:
    return f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:cs="{font}"/>'


@dataclass(frozen=True)
class StyleSheet:
    """What styles.xml must define; numIds come from the document's Numbering."""

    font: str
    size: int
    color: str
    accent: str
    list_bullet_num: int | None  # None: keep the template's ListBullet
    list_bullet2_num: int | None
    list_number_num: int | None
    chain_bullet_num: int


def custom_styles(s: StyleSheet) -> list[str]:
    """Styles every generated document may use, with a basedOn chain Normal -> ResumeText -> ResumeBullet."""
    return [
        _style(
            "Hyperlink",
            "Hyperlink",
            kind="character",
            based="DefaultParagraphFont",
            rpr_xml='<w:color w:val="0563C1"/><w:u w:val="single"/>',
        ),
        _style(
            "ResumeText",
            "Resume Text",
            based="Normal",
            ppr_xml='<w:spacing w:after="40" w:line="264" w:lineRule="auto"/>',
            rpr_xml=f'{_fonts(s.font)}<w:color w:val="{s.color}"/><w:sz w:val="{s.size}"/><w:szCs w:val="{s.size}"/>',
        ),
        _style(
            "ResumeBullet",
            "Resume Bullet",
            based="ResumeText",
            ppr_xml=f'<w:numPr><w:numId w:val="{s.chain_bullet_num}"/></w:numPr><w:ind w:left="504" w:hanging="288"/>',
        ),
        _style(
            "ResumeBulletTight",
            "Resume Bullet Tight",
            based="ResumeBullet",
            ppr_xml='<w:spacing w:after="0"/><w:contextualSpacing/>',
        ),
        _style(
            "JobHeader",
            "Job Header",
            based="ResumeText",
            ppr_xml='<w:keepNext/><w:tabs><w:tab w:val="right" w:pos="10080"/></w:tabs><w:spacing w:before="160" w:after="20"/>',
            rpr_xml="<w:b/><w:bCs/>",
        ),
        _style(
            "SectionTitle",
            "Section Title",
            based="Heading1",
            ppr_xml=f'<w:pBdr><w:bottom w:val="single" w:sz="8" w:space="1" w:color="{s.accent}"/></w:pBdr><w:spacing w:before="240" w:after="80"/>',
            rpr_xml=f'<w:caps/><w:color w:val="{s.accent}"/><w:sz w:val="26"/>',
        ),
    ]


def minimal_styles_xml(s: StyleSheet) -> bytes:
    """A small hand-written styles.xml (not python-docx's template)."""
    assert s.list_bullet_num is not None and s.list_number_num is not None and s.list_bullet2_num is not None
    heading = lambda n, sz: _style(  # noqa: E731
        f"Heading{n}",
        f"heading {n}",
        based="Normal",
        ppr_xml=f'<w:keepNext/><w:spacing w:before="{200 - 30 * n}" w:after="60"/><w:outlineLvl w:val="{n - 1}"/>',
        rpr_xml=f'<w:b/><w:bCs/><w:color w:val="{s.accent}"/><w:sz w:val="{sz}"/><w:szCs w:val="{sz}"/>',
    )
    body = "".join(
        [
            f'<w:docDefaults><w:rPrDefault><w:rPr>{_fonts(s.font)}<w:sz w:val="{s.size}"/><w:szCs w:val="{s.size}"/>'
            '<w:lang w:val="en-US" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
            '<w:pPrDefault><w:pPr><w:spacing w:after="80" w:line="252" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>',
            _style("Normal", "Normal", default=True),
            _style("DefaultParagraphFont", "Default Paragraph Font", kind="character", default=True),
            '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/>'
            '<w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
            '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
            "</w:tblCellMar></w:tblPr></w:style>",
            '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/></w:style>',
            heading(1, 28),
            heading(2, 24),
            heading(3, 22),
            heading(4, s.size),
            _style(
                "Title",
                "Title",
                based="Normal",
                ppr_xml='<w:spacing w:after="0"/><w:jc w:val="center"/>',
                rpr_xml=f'<w:b/><w:bCs/><w:sz w:val="40"/><w:szCs w:val="40"/><w:color w:val="{s.accent}"/>',
            ),
            _style(
                "ListParagraph",
                "List Paragraph",
                based="Normal",
                ppr_xml='<w:ind w:left="720"/><w:contextualSpacing/>',
            ),
            _style(
                "ListBullet",
                "List Bullet",
                based="Normal",
                ppr_xml=f'<w:numPr><w:numId w:val="{s.list_bullet_num}"/></w:numPr><w:contextualSpacing/>',
            ),
            _style(
                "ListBullet2",
                "List Bullet 2",
                based="Normal",
                ppr_xml=f'<w:numPr><w:numId w:val="{s.list_bullet2_num}"/></w:numPr><w:contextualSpacing/>',
            ),
            _style(
                "ListNumber",
                "List Number",
                based="Normal",
                ppr_xml=f'<w:numPr><w:numId w:val="{s.list_number_num}"/></w:numPr><w:contextualSpacing/>',
            ),
            '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/>'
            '<w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
            '<w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
            '<w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
            '<w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/></w:tblBorders></w:tblPr></w:style>',
            _style(
                "Header",
                "header",
                based="Normal",
                ppr_xml='<w:tabs><w:tab w:val="center" w:pos="4680"/><w:tab w:val="right" w:pos="9360"/></w:tabs><w:spacing w:after="0"/>',
            ),
            _style(
                "Footer",
                "footer",
                based="Normal",
                ppr_xml='<w:tabs><w:tab w:val="center" w:pos="4680"/><w:tab w:val="right" w:pos="9360"/></w:tabs><w:spacing w:after="0"/>',
            ),
            *custom_styles(s),
        ]
    )
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles xmlns:w="{W_NS}">{body}</w:styles>'.encode()


def extend_template_styles(data: bytes, s: StyleSheet) -> bytes:
    """python-docx's template styles.xml plus our custom styles (those it lacks)."""
    root = etree.fromstring(data)
    have = {e.get(q("w:styleId")) for e in root.iter(q("w:style"))}
    for snippet in custom_styles(s):
        el = etree.fromstring(f'<w:x xmlns:w="{W_NS}">{snippet}</w:x>')[0]
        if el.get(q("w:styleId")) not in have:
            root.append(el)
    return serialize(root)


def settings_xml(rsids: list[str]) -> bytes:
    """A small settings.xml (with an rsids table when the document carries revision ids)."""
    rs = ""
    if rsids:
        rs = (
            f'<w:rsids><w:rsidRoot w:val="{rsids[0]}"/>'
            + "".join(f'<w:rsid w:val="{r}"/>' for r in rsids)
            + "</w:rsids>"
        )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:settings xmlns:w="{W_NS}">'
        '<w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/>'
        '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
        f"{rs}</w:settings>"
    ).encode()


def font_table_xml(fonts: list[str]) -> bytes:
    """fontTable.xml naming the fonts used."""
    body = "".join(
        f'<w:font w:name="{f}"><w:charset w:val="00"/><w:family w:val="auto"/></w:font>' for f in fonts
    )
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:fonts xmlns:w="{W_NS}">{body}</w:fonts>'.encode()


def core_xml(author: str, title: str) -> bytes:
    """docProps/core.xml with fixed dates."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{title}</dc:title><dc:creator>{author}</dc:creator><cp:lastModifiedBy>{author}</cp:lastModifiedBy>"
        '<cp:revision>7</cp:revision><dcterms:created xsi:type="dcterms:W3CDTF">2023-11-02T14:05:00Z</dcterms:created>'
        '<dcterms:modified xsi:type="dcterms:W3CDTF">2024-02-27T18:41:00Z</dcterms:modified></cp:coreProperties>'
    ).encode()


def app_xml() -> bytes:
    """docProps/app.xml."""
    return (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        b"<Template>Normal.dotm</Template><Application>Microsoft Office Word</Application><Pages>2</Pages>"
        b"</Properties>"
    )
