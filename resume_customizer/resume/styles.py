"""What the styles and numbering parts say about a paragraph: names, numbering, bold, caps.

A paragraph's look comes from its own properties and from its style's ``basedOn`` chain;
bullets often come only from the style (Word's "List Bullet"). This module resolves those
chains once per document, so the body walk can ask cheap questions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from xml.sax.saxutils import escape

from lxml import etree

from .xml import parse_xml, qn

_STYLE = qn("w:style")
_NAME = qn("w:name")
_BASED_ON = qn("w:basedOn")
_PPR = qn("w:pPr")
_RPR = qn("w:rPr")
_NUMPR = qn("w:numPr")
_NUMID = qn("w:numId")
_ILVL = qn("w:ilvl")
_OUTLINE = qn("w:outlineLvl")
_VAL = qn("w:val")
_TYPE = qn("w:type")
_STYLE_ID = qn("w:styleId")
_DEFAULT = qn("w:default")
_B = qn("w:b")
_CAPS = qn("w:caps")
_SZ = qn("w:sz")


def on_off(el: etree._Element | None) -> bool | None:
    """Value of a WordprocessingML on/off property element (``<w:b/>``, ``w:val="0"``)."""
    if el is None:
        return None
    val = el.get(_VAL)
    return val is None or val.lower() not in ("0", "false", "off", "none")


@dataclass(frozen=True)
class StyleInfo:
    """The resolved facts of one style (its ``basedOn`` chain applied)."""

    style_id: str
    name: str  # lower-case, e.g. "heading 2", "list bullet"
    num_id: str | None  # None: no numbering; "0" cancels inherited numbering
    ilvl: int
    outline_level: int | None
    bold: bool | None
    caps: bool | None
    size: int | None  # half-points

    @cached_property
    def heading_level(self) -> int | None:
        """1..9 for heading styles (by name or outline level), 0 for Title, else None."""
        if self.name == "title":
            return 0
        if self.name.startswith("heading ") and self.name[8:].strip().isdigit():
            return int(self.name[8:].strip())
        if self.outline_level is not None and self.outline_level < 9:
            return self.outline_level + 1
        return None


_EMPTY = StyleInfo("", "", None, 0, None, None, None, None)


_DEFAULT_ATTR = re.compile(rb'w:default\s*=\s*"(?:1|true|on)"')
_SID_ATTR = re.compile(rb'w:styleId\s*=\s*"([^"]*)"')
_STYLE_CLOSE = b"</w:style>"


class _StyleElements:
    """Style elements by id, found and parsed one at a time when first asked for.

    A resume's styles part is often hundreds of KB (Word's latent styles, python-docx's
    template) while its paragraphs use a handful of styles: finding those few with a byte
    search and parsing only them keeps the walk fast. A part that does not use the usual
    ``w:`` prefix is parsed whole.
    """

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._parsed: dict[str, etree._Element | None] = {}
        self._lazy = False
        self.default_paragraph = ""
        if not data:
            return
        start = data.find(b"<w:styles")
        open_end = data.find(b">", start) if start >= 0 else -1
        if start < 0 or open_end < 0 or b"&" in data[start:open_end]:
            self._whole(data)
            return
        if b"<!DOCTYPE" in data[:start] or b"<!ENTITY" in data[:start]:
            parse_xml(data, part="word/styles.xml")  # raises the DOCTYPE error
        self._open = data[start:open_end].rstrip(b"/") + b">"
        self._lazy = True
        for m in _DEFAULT_ATTR.finditer(data, open_end):
            tag = self._open_tag_around(m.start())
            if tag is not None and b'w:type="paragraph"' in tag:
                sid = _SID_ATTR.search(tag)
                if sid is not None:
                    self.default_paragraph = sid.group(1).decode("utf-8", "replace")
                    break

    def _open_tag_around(self, pos: int) -> bytes | None:
        """The ``<w:style ...>`` start tag that contains byte ``pos``, if it is one."""
        begin = self._data.rfind(b"<w:style", 0, pos)
        if begin < 0 or self._data[begin + 8 : begin + 9] not in (b" ", b"\t", b"\n", b"\r"):
            return None
        end = self._data.find(b">", begin)
        if end < pos:
            return None
        return self._data[begin : end + 1]

    def _whole(self, data: bytes) -> None:
        root = parse_xml(data, part="word/styles.xml")
        for st in root.iter(_STYLE):
            sid = st.get(_STYLE_ID)
            if sid is None or sid in self._parsed:
                continue
            self._parsed[sid] = st
            if st.get(_TYPE) == "paragraph" and on_off_attr(st.get(_DEFAULT)):
                self.default_paragraph = sid

    def get(self, sid: str) -> etree._Element | None:
        """The ``w:style`` element with this id, or None."""
        if sid in self._parsed or not self._lazy:
            return self._parsed.get(sid)
        el = None
        needle = b'w:styleId="' + escape(sid, {'"': "&quot;"}).encode("utf-8") + b'"'
        pos = self._data.find(needle)
        while pos >= 0:
            tag = self._open_tag_around(pos)
            if tag is not None:
                begin = self._data.rfind(b"<w:style", 0, pos)
                if tag.endswith(b"/>"):
                    end = begin + len(tag)
                else:
                    close = self._data.find(_STYLE_CLOSE, begin)
                    end = close + len(_STYLE_CLOSE) if close >= 0 else -1
                if end > 0:
                    fragment = self._open + self._data[begin:end] + b"</w:styles>"
                    el = parse_xml(fragment, part="word/styles.xml")[0]
                    break
            pos = self._data.find(needle, pos + 1)
        self._parsed[sid] = el
        return el


class Styles:
    """Resolved paragraph and character styles of one document."""

    def __init__(self, styles_xml: bytes | None, numbering_xml: bytes | None) -> None:
        self._raw = _StyleElements(styles_xml or b"")
        self._resolved: dict[str, StyleInfo] = {}
        self.default_paragraph = self._raw.default_paragraph
        self._numbering_xml = numbering_xml
        self._invisible: set[tuple[str, int]] | None = None
        self._looks: _LevelLooks | None = None
        self._numbering: etree._Element | None = None

    def get(self, style_id: str | None) -> StyleInfo:
        """Facts of a style (or of the default paragraph style when ``style_id`` is None)."""
        sid = style_id or self.default_paragraph
        if not sid:
            return _EMPTY
        info = self._resolved.get(sid)
        if info is None:
            info = self._resolve(sid, set())
            self._resolved[sid] = info
        return info

    def _resolve(self, sid: str, seen: set[str]) -> StyleInfo:
        st = self._raw.get(sid)
        if st is None or sid in seen:
            return StyleInfo(sid, sid.lower(), None, 0, None, None, None, None)
        seen.add(sid)
        base_el = st.find(_BASED_ON)
        base = self._resolve(base_el.get(_VAL), seen) if base_el is not None else None
        name_el = st.find(_NAME)
        name = (name_el.get(_VAL) if name_el is not None else sid) or sid
        num_id, ilvl, outline = (base.num_id, base.ilvl, base.outline_level) if base else (None, 0, None)
        bold, caps, size = (base.bold, base.caps, base.size) if base else (None, None, None)
        ppr = st.find(_PPR)
        if ppr is not None:
            numpr = ppr.find(_NUMPR)
            if numpr is not None:
                nid = numpr.find(_NUMID)
                lvl = numpr.find(_ILVL)
                if nid is not None:
                    num_id = nid.get(_VAL)
                if lvl is not None and (lvl.get(_VAL) or "").isdigit():
                    ilvl = int(lvl.get(_VAL))
            ol = ppr.find(_OUTLINE)
            if ol is not None and (ol.get(_VAL) or "").isdigit():
                outline = int(ol.get(_VAL))
        rpr = st.find(_RPR)
        if rpr is not None:
            b = on_off(rpr.find(_B))
            bold = b if b is not None else bold
            c = on_off(rpr.find(_CAPS))
            caps = c if c is not None else caps
            sz = rpr.find(_SZ)
            if sz is not None and (sz.get(_VAL) or "").isdigit():
                size = int(sz.get(_VAL))
        return StyleInfo(sid, name.strip().lower(), num_id, ilvl, outline, bold, caps, size)

    def char_bold(self, style_id: str | None) -> bool | None:
        """Bold of a character style, if it says."""
        return self.get(style_id).bold if style_id else None

    def level_look(self, num_id: str, ilvl: int) -> tuple[object, ...] | None:
        """How a list level draws its items: format, marker text, marker font, indentation.

        Two numIds with the same look continue one list for a reader (Google Docs starts a new
        numId, with a copy of the same definition, after any line that interrupts a list).
        """
        if self._looks is None:
            self._looks = _LevelLooks(self._numbering_root())
        return self._looks.get(num_id, ilvl)

    def _numbering_root(self) -> etree._Element | None:
        """The numbering part, parsed once for every question asked of it."""
        if self._numbering is None and self._numbering_xml:
            self._numbering = parse_xml(self._numbering_xml, part="word/numbering.xml")
        return self._numbering

    def numbering_visible(self, num_id: str, ilvl: int) -> bool:
        """False when a list level draws nothing (``numFmt none`` with empty text)."""
        if self._invisible is None:
            xml = self._numbering_xml
            self._invisible = _invisible_levels(self._numbering_root()) if xml and b'"none"' in xml else set()
        return (num_id, ilvl) not in self._invisible


def on_off_attr(val: str | None) -> bool:
    """Value of an on/off attribute such as ``w:default="1"``."""
    return val is not None and val.lower() in ("1", "true", "on")


def _level_key(lvl: etree._Element) -> tuple[object, ...]:
    fmt = lvl.find(qn("w:numFmt"))
    text = lvl.find(qn("w:lvlText"))
    ind = lvl.find(f"{_PPR}/{qn('w:ind')}")
    fonts = lvl.find(f"{_RPR}/{qn('w:rFonts')}")
    return (
        fmt.get(_VAL) if fmt is not None else None,
        text.get(_VAL) if text is not None else None,
        (ind.get(qn("w:left")) or ind.get(qn("w:start"))) if ind is not None else None,
        ind.get(qn("w:hanging")) if ind is not None else None,
        fonts.get(qn("w:ascii")) if fonts is not None else None,
    )


class _LevelLooks:
    """(numId, ilvl) -> the look of that level, from its abstract definition and overrides.

    Computed for a numId when first asked (a Word numbering part holds dozens of definitions
    of nine levels each; detection compares a few lists).
    """

    def __init__(self, root: etree._Element | None) -> None:
        self._nums: dict[str, etree._Element] = {}
        self._abstract: dict[str, etree._Element] = {}
        self._done: dict[tuple[str, int], tuple[object, ...] | None] = {}
        if root is None:
            return
        for absn in root.iter(qn("w:abstractNum")):
            self._abstract[absn.get(qn("w:abstractNumId")) or ""] = absn
        for num in root.iter(qn("w:num")):
            nid = num.get(qn("w:numId"))
            if nid is not None:
                self._nums[nid] = num

    def get(self, num_id: str, ilvl: int) -> tuple[object, ...] | None:
        key = (num_id, ilvl)
        if key not in self._done:
            lvl = self._level(num_id, str(ilvl))
            self._done[key] = _level_key(lvl) if lvl is not None else None
        return self._done[key]

    def _level(self, num_id: str, ilvl: str) -> etree._Element | None:
        """The level definition in force: the numId's override, else its abstract definition's."""
        num = self._nums.get(num_id)
        ref = num.find(qn("w:abstractNumId")) if num is not None else None
        if num is None or ref is None:
            return None
        for override in num.iter(qn("w:lvlOverride")):
            lvl = override.find(qn("w:lvl"))
            if lvl is not None and (override.get(qn("w:ilvl")) or "") == ilvl:
                return lvl
        absn = self._abstract.get(ref.get(_VAL) or "")
        if absn is not None:
            for lvl in absn.iter(qn("w:lvl")):
                if (lvl.get(qn("w:ilvl")) or "") == ilvl:
                    return lvl
        return None


def _invisible_levels(root: etree._Element | None) -> set[tuple[str, int]]:
    """(numId, ilvl) pairs whose level shows no marker at all."""
    if root is None:
        return set()
    hidden_abstract: dict[str, set[int]] = {}
    for absn in root.iter(qn("w:abstractNum")):
        aid = absn.get(qn("w:abstractNumId"))
        for lvl in absn.iter(qn("w:lvl")):
            fmt = lvl.find(qn("w:numFmt"))
            text = lvl.find(qn("w:lvlText"))
            if (
                fmt is not None
                and fmt.get(_VAL) == "none"
                and (text is None or not (text.get(_VAL) or "").strip())
            ):
                ilvl = lvl.get(qn("w:ilvl"))
                if aid is not None and ilvl and ilvl.isdigit():
                    hidden_abstract.setdefault(aid, set()).add(int(ilvl))
    out: set[tuple[str, int]] = set()
    if not hidden_abstract:
        return out
    for num in root.iter(qn("w:num")):
        nid = num.get(qn("w:numId"))
        ref = num.find(qn("w:abstractNumId"))
        if nid is not None and ref is not None:
            for ilvl in hidden_abstract.get(ref.get(_VAL) or "", ()):
                out.add((nid, ilvl))
    return out


__all__ = ["StyleInfo", "Styles", "on_off"]
