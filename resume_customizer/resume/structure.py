"""The document body walked in reading order, each paragraph described once.

Paragraphs inside tables (nested too), content controls and text boxes are included, in
document order; the fallback copies Word keeps for old readers (``mc:Fallback``) are not.
Each paragraph becomes a ``Para``: its text as a reader sees it, its style, whether it is a
list item (Word numbering, directly or through its style, or a bullet typed in the text),
how bold and how large it is, and where it sits (body, table cell).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from .dates import has_date_range
from .styles import Styles, on_off
from .xml import qn

W_P = qn("w:p")
W_R = qn("w:r")
W_T = qn("w:t")
W_TAB = qn("w:tab")
W_BR = qn("w:br")
W_CR = qn("w:cr")
W_NOBREAK = qn("w:noBreakHyphen")
W_SYM = qn("w:sym")
W_PPR = qn("w:pPr")
W_RPR = qn("w:rPr")
W_PSTYLE = qn("w:pStyle")
W_RSTYLE = qn("w:rStyle")
W_NUMPR = qn("w:numPr")
W_NUMID = qn("w:numId")
W_ILVL = qn("w:ilvl")
W_B = qn("w:b")
W_CAPS = qn("w:caps")
W_SZ = qn("w:sz")
W_PBDR = qn("w:pBdr")
W_BOTTOM = qn("w:bottom")
W_TOP = qn("w:top")
W_JC = qn("w:jc")
W_IND = qn("w:ind")
W_OUTLINE = qn("w:outlineLvl")
W_TC = qn("w:tc")
W_TR = qn("w:tr")
W_TBL = qn("w:tbl")
W_BODY = qn("w:body")
W_HYPERLINK = qn("w:hyperlink")
W_VAL = qn("w:val")
W_LEFT = qn("w:left")
W_START = qn("w:start")
MC_FALLBACK = qn("mc:Fallback")
W_TXBX_CONTENT = qn("w:txbxContent")
W_DRAWING = qn("w:drawing")
W_PICT = qn("w:pict")
WP_ANCHOR = qn("wp:anchor")
WP_INLINE = qn("wp:inline")
WP_DOCPR = qn("wp:docPr")

BULLET_CHARS = "•●○◦▪▫■□‣⁃∙·➢➤❖✓✔☑✅►▶▸▹◆◇♦★☆⦿⁌⁍→➔➜➡⇒❯»👉\uf0b7\uf0a7\uf076\uf0d8\uf0fc\uf0a8\uf06e\uf075"
# A bullet typed into the text: a bullet character (an emoji one may carry its variation
# selector U+FE0F), or a dash/asterisk followed by a space.
LITERAL_MARKER = re.compile(rf"^[ \t\u00a0]*(?:[{BULLET_CHARS}]\ufe0f?|[-–—*](?=[ \t\u00a0]))[ \t\u00a0]*")
# A typed enumerator: "1. ", "2) ", "(3) ", "a) ", "iv. ", then the text. Only a run of them
# counting up in consecutive paragraphs makes a list (see ``mark_enumerations``).
ENUMERATOR = re.compile(r"^[ \t\u00a0]*(\(?)(\d{1,2}|[a-zA-Z]|[ivxIVX]{2,5})([.)])[ \t\u00a0]+(?=\S)")


@dataclass(eq=False, slots=True)
class Para:
    """One paragraph of the body, described for detection."""

    el: etree._Element
    index: int  # position among the walked paragraphs
    text: str  # as a reader sees it: tabs as \t, breaks as \n
    stripped: str  # the text with whitespace collapsed
    style_id: str
    style_name: str  # lower-case style name, "" for none
    heading_level: int | None  # 0 Title, 1..9 Heading n / outline level, None otherwise
    num: tuple[str, int] | None  # (numId, ilvl) of visible Word numbering
    literal: str | None  # the typed marker prefix ("• ", "•\t", "- "), if any
    bold: float  # share of the text's characters that are bold (0..1)
    caps: bool  # all caps (typed or by property)
    size: int | None  # largest font size of the text, half-points
    border: bool  # has a top or bottom paragraph border (a rule under a heading)
    centered: bool
    indent: int | None  # direct left indentation in twips
    cell: etree._Element | None  # the innermost table cell holding it
    table_depth: int
    num_look: tuple[object, ...] | None = None  # how its list level draws (format, marker, indent)
    # A typed enumerator's kind ("1", "a", "A", "i", "I"), brackets and value: ("1", "", ")", 3)
    enum: tuple[str, str, str, int] | None = None

    @property
    def is_list(self) -> bool:
        """A list item: Word numbering or a typed bullet."""
        return self.num is not None or self.literal is not None

    @property
    def level(self) -> int:
        """Nesting level of a list item (0 top)."""
        return self.num[1] if self.num is not None else 0

    @property
    def row(self) -> etree._Element | None:
        """The table row holding the paragraph, if any."""
        return self.cell.getparent() if self.cell is not None else None


SYMBOL_FONTS = frozenset({"symbol", "wingdings", "wingdings 2", "wingdings 3", "webdings", "zapfdingbats"})
W_RFONTS = qn("w:rFonts")
W_ASCII = qn("w:ascii")
W_HANSI = qn("w:hAnsi")


def is_symbol_font(rpr: etree._Element) -> bool:
    """True when the run properties name a symbol font (Symbol, Wingdings …)."""
    fonts = rpr.find(W_RFONTS)
    if fonts is None:
        return False
    name = fonts.get(W_ASCII) or fonts.get(W_HANSI) or ""
    return name.strip().lower() in SYMBOL_FONTS


def _int(val: str | None) -> int | None:
    if val is None:
        return None
    try:
        return int(val)
    except ValueError:
        try:
            return int(float(val))
        except ValueError:
            return None


def own_runs(p: etree._Element) -> list[etree._Element]:
    """The paragraph's own runs: not those of a text box it anchors, nor old-reader fallbacks."""
    runs = []
    for el in p.iter(W_R, W_TXBX_CONTENT, MC_FALLBACK):
        if el.tag != W_R:
            break  # a text box or a fallback copy inside: sort the runs out below
        runs.append(el)
    else:
        return runs
    runs = list(p.iter(W_R))
    skip: set[etree._Element] = set()
    for box in p.iter(W_TXBX_CONTENT, MC_FALLBACK):
        skip.update(box.iter(W_R))
    return [r for r in runs if r not in skip]


def _picture_marker(r: etree._Element) -> bool:
    """A run that draws a small inline picture (not a floating shape, not a text box)."""
    for c in r:
        if c.tag == W_DRAWING:
            return c.find(WP_INLINE) is not None and next(c.iter(W_TXBX_CONTENT), None) is None
        if c.tag == W_PICT:
            if next(c.iter(W_TXBX_CONTENT), None) is not None:
                return False
            style = " ".join(el.get("style") or "" for el in c.iter())
            return "position:absolute" not in style.replace(" ", "")
    return False


def describe(p: etree._Element, index: int, styles: Styles) -> Para:
    """Describe one paragraph element."""
    ppr = p.find(W_PPR)
    style_id = ""
    direct_num: tuple[str | None, int | None] | None = None
    border = centered = False
    indent: int | None = None
    outline: int | None = None
    if ppr is not None:
        for child in ppr:
            tag = child.tag
            if tag == W_PSTYLE:
                style_id = child.get(W_VAL) or ""
            elif tag == W_NUMPR:
                nid, lvl = child.find(W_NUMID), child.find(W_ILVL)
                direct_num = (
                    nid.get(W_VAL) if nid is not None else None,
                    _int(lvl.get(W_VAL)) if lvl is not None else None,
                )
            elif tag == W_PBDR:
                border = child.find(W_BOTTOM) is not None or child.find(W_TOP) is not None
            elif tag == W_JC:
                centered = child.get(W_VAL) == "center"
            elif tag == W_IND:
                indent = _int(child.get(W_LEFT) or child.get(W_START))
            elif tag == W_OUTLINE:
                outline = _int(child.get(W_VAL))
    style = styles.get(style_id or None)

    # Effective numbering: the paragraph's own numPr, else its style's; numId 0 cancels.
    num_id, ilvl = style.num_id, style.ilvl
    if direct_num is not None:
        if direct_num[0] is not None:
            num_id = direct_num[0]
        if direct_num[1] is not None:
            ilvl = direct_num[1]
    num = (num_id, ilvl) if num_id and num_id != "0" and styles.numbering_visible(num_id, ilvl) else None

    heading_level = style.heading_level
    if heading_level is None and outline is not None and outline < 9:
        heading_level = outline + 1

    parts: list[str] = []
    bold_chars = total_chars = 0
    caps_prop = bool(style.caps)
    size: int | None = None
    first_run_text: str | None = None
    first_rpr: etree._Element | None = None  # the first text run's properties (its font)
    sym_first = False  # the first thing drawn is a w:sym or an inline picture: a marker
    for r in own_runs(p):
        # One pass over the run's children: its properties, its text and whether it draws a symbol.
        rpr = None
        has_sym = False
        before = len(parts)
        n = 0
        for child in r:
            tag = child.tag
            if tag == W_T:
                t = child.text or ""
                parts.append(t)
                n += len(t) - t.count(" ")
            elif tag == W_RPR:
                rpr = child
            elif tag == W_TAB:
                parts.append("\t")
            elif tag in (W_BR, W_CR):
                parts.append("\n")
            elif tag == W_NOBREAK:
                parts.append("-")
                n += 1
            elif tag == W_SYM:
                has_sym = True
        if first_run_text is None:
            if not sym_first and (has_sym or _picture_marker(r)):
                sym_first = True
            if len(parts) > before:
                first_run_text = "".join(parts[before:])
                first_rpr = rpr
        if not n:
            continue  # bold, caps and size are shares of the characters: a run without any has none
        r_bold = style.bold
        r_caps = style.caps
        r_size = style.size
        if rpr is not None:
            explicit_bold = False
            for prop in rpr:
                tag = prop.tag
                if tag == W_RSTYLE:
                    cb = styles.char_bold(prop.get(W_VAL))
                    if cb is not None and not explicit_bold:
                        r_bold = cb
                elif tag == W_B:
                    r_bold = on_off(prop)
                    explicit_bold = True
                elif tag == W_CAPS:
                    r_caps = on_off(prop)
                elif tag == W_SZ:
                    r_size = _int(prop.get(W_VAL)) or r_size
        total_chars += n
        if r_bold:
            bold_chars += n
        if r_caps:
            caps_prop = True
        if r_size is not None and (size is None or r_size > size):
            size = r_size
    text = "".join(parts)
    if size is None:
        size = style.size
    caps = text.isupper() or (caps_prop and any(ch.isalpha() for ch in text))

    m = LITERAL_MARKER.match(text)
    literal = m.group(0) if m and text[m.end() :].strip() else None
    if (
        literal is None
        and first_run_text
        and len(first_run_text.strip()) == 1
        and first_rpr is not None
        and is_symbol_font(first_rpr)
    ):
        # A marker typed in a symbol font: "Ø" in Wingdings is an arrow, "§" a square.
        rest = text[len(first_run_text) :]
        if rest.strip():
            literal = text[: len(first_run_text) + len(rest) - len(rest.lstrip(" \t\u00a0"))]
    if literal is None and sym_first and text.strip():
        literal = text[: len(text) - len(text.lstrip(" \t\u00a0"))]  # w:sym or picture bullet, then a tab

    cell: etree._Element | None = None
    depth = 0
    for anc in p.iterancestors():
        tag = anc.tag
        if tag == W_TC:
            if cell is None:
                cell = anc
        elif tag == W_TBL:
            depth += 1
        elif tag == W_BODY:
            break

    return Para(
        el=p,
        index=index,
        text=text,
        stripped=" ".join(text.split()),
        style_id=style_id,
        style_name=style.name,
        heading_level=heading_level,
        num=num,
        literal=literal,
        bold=(bold_chars / total_chars) if total_chars else 0.0,
        caps=caps,
        size=size,
        border=border,
        centered=centered,
        indent=indent,
        cell=cell,
        table_depth=depth,
        num_look=styles.level_look(*num) if num is not None else None,
    )


def body_paragraphs(body: etree._Element) -> list[etree._Element]:
    """Every paragraph element of the body in reading order, old-reader fallbacks left out."""
    skip: set[etree._Element] = set()
    for fb in body.iter(MC_FALLBACK):
        skip.update(fb.iter(W_P))
    return [p for p in body.iter(W_P) if p not in skip]


def _floats_aside(box: etree._Element) -> bool:
    """A text box that floats beside the text (a sidebar), not one set in the line."""
    for anc in box.iterancestors():
        if anc.tag == WP_ANCHOR:
            return True
        if anc.tag == WP_INLINE:
            return False
        if anc.tag == W_PICT:
            style = " ".join(el.get("style") or "" for el in anc.iter())
            return "position:absolute" in style.replace(" ", "")
        if anc.tag == W_P:
            return False
    return False


def reading_order(body: etree._Element) -> list[etree._Element]:
    """The body's paragraphs in the order a reader takes them.

    A floating text box anchored in a paragraph with text of its own (a sidebar anchored in
    the name, or in a job's first bullet) is read after the body: it stands beside the text
    and its headings do not end the section it happens to be anchored in. A text box alone in
    its paragraph ("WORK EXPERIENCE" on a coloured band) is read where it stands.
    """
    paragraphs = body_paragraphs(body)
    aside: set[etree._Element] = set()
    for box in body.iter(W_TXBX_CONTENT):
        if box in aside or not _floats_aside(box):
            continue
        holder = next((a for a in box.iterancestors(W_P)), None)
        if holder is None or holder in aside:
            continue
        own = "".join(t.text or "" for r in own_runs(holder) for t in r if t.tag == W_T)
        if own.strip():
            aside.update(box.iter(W_P))
    if not aside:
        return paragraphs
    return [p for p in paragraphs if p not in aside] + [p for p in paragraphs if p in aside]


def walk(body: etree._Element, styles: Styles) -> list[Para]:
    """Every paragraph of the body in reading order, described."""
    paras = [describe(p, i, styles) for i, p in enumerate(reading_order(body))]
    mark_enumerations(paras)
    mark_glued_markers(paras)
    return paras


# A dash or asterisk typed straight against the text ("-Led the team", "-C++"), no space between.
GLUED_MARKER = re.compile(r"^[ \t\u00a0]*[-–—*](?=[^\W\d_])")


def mark_glued_markers(paras: list[Para]) -> None:
    """Make "-Led the team" a typed bullet where the resume types its bullets that way.

    A dash glued to a word is a bullet for the reader only when the author does it again: two
    lines or more of the document start so (the job's one bullet and the skills list, say). A
    single "-based" stays text.
    """
    found = [
        (p, m)
        for p in paras
        if p.literal is None and p.num is None and p.heading_level is None
        for m in [GLUED_MARKER.match(p.text)]
        if m is not None
    ]
    if len(found) < 2:
        return
    for p, m in found:
        p.literal = m.group(0)


_ROMAN = {"i": 1, "v": 5, "x": 10}


def _roman_value(token: str) -> int | None:
    total = prev = 0
    for ch in reversed(token.lower()):
        v = _ROMAN[ch]
        if v < prev:
            total -= v
        else:
            total += v
            prev = v
    return total if total and format_enumerator("i", total) == token.lower() else None


def format_enumerator(kind: str, value: int) -> str:
    """The token that says ``value`` in an enumerator of ``kind`` ("1" 12, "a" 3 → "c", "i" 4 → "iv")."""
    if kind == "1":
        return str(value)
    if kind in "aA":
        if not 1 <= value <= 26:
            return str(value)
        return chr((ord("a") if kind == "a" else ord("A")) + value - 1)
    out = ""
    for v, sym in ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while value >= v:
            out += sym
            value -= v
    return out if kind == "i" else out.upper()


def _enum_readings(token: str) -> dict[str, int]:
    """Every way an enumerator token counts: "3" → {"1": 3}; "i" → {"a": 9, "i": 1}."""
    if token.isdigit():
        return {"1": int(token)}
    out: dict[str, int] = {}
    if len(token) == 1:
        lower = token.islower()
        out["a" if lower else "A"] = ord(token.lower()) - ord("a") + 1
    if all(ch in "ivxIVX" for ch in token) and (token.islower() or token.isupper()):
        v = _roman_value(token)
        if v is not None:
            out["i" if token.islower() else "I"] = v
    return out


def mark_enumerations(paras: list[Para]) -> None:
    """Make typed enumerators ("1) …", "2) …") list items where they count up.

    Two or more paragraphs of one container, each typed "n." / "n)" / "(n)" with the same
    kind of counter and brackets, counting up by one: the list a reader sees. Sub-items
    (other list items) and empty lines may stand between them. A lone "1. Acme Corp", a
    year ("2019.") or a dated line ("2. Acme | 2019 – 2021", a numbered job) is no item.
    """
    run: list[tuple[Para, re.Match[str]]] = []
    state: dict[str, int] = {}
    shape: tuple[object, ...] = ()

    def close() -> None:
        if len(run) >= 2:
            kind = next(iter(state))
            for q, m in run:
                value = _enum_readings(m.group(2))[kind]
                q.literal = m.group(0)
                q.enum = (kind, m.group(1), m.group(3), value)
        run.clear()
        state.clear()

    for p in paras:
        if ((p.literal is not None or p.num is not None) and p.heading_level is None) or not p.text.strip():
            continue  # a sub-item or an empty line: the run goes on
        first = p.text.lstrip(" \t\u00a0")[:1]
        m = ENUMERATOR.match(p.text) if first.isalnum() or first == "(" else None
        if m is not None and ((m.group(1) == "(" and m.group(3) != ")") or has_date_range(p.text)):
            m = None
        if m is None:
            close()
            continue
        readings = _enum_readings(m.group(2))
        key = (p.el.getparent(), m.group(1), m.group(3))
        follows = {k: v for k, v in readings.items() if k in state and state[k] + 1 == v}
        if run and key == shape and follows:
            run.append((p, m))
            state = follows
            continue
        close()
        run.append((p, m))
        state = dict(readings)
        shape = key
    close()


__all__ = [
    "BULLET_CHARS",
    "ENUMERATOR",
    "LITERAL_MARKER",
    "Para",
    "body_paragraphs",
    "describe",
    "format_enumerator",
    "mark_enumerations",
    "mark_glued_markers",
    "own_runs",
    "reading_order",
    "walk",
]
