"""Clone a project's own bullet as the template for a new one; only the text is new.

The new paragraph takes the template bullet's paragraph properties whole (style, numbering
with the same numId, indentation, spacing, tabs) and one run carrying the run properties of
the bullet's body text — the formatting that covers most of its characters, not a bold
lead-in, a hyperlink or a marker run in a Symbol font. A bullet typed into the text keeps
its marker and separator. Revision ids and paragraph ids are not copied.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree

from .detect import Project
from .structure import (
    ENUMERATOR,
    W_HYPERLINK,
    W_P,
    W_PPR,
    W_R,
    W_RPR,
    W_T,
    W_TAB,
    WP_DOCPR,
    Para,
    format_enumerator,
    is_symbol_font,
    own_runs,
)
from .xml import qn

_SECT_PR = qn("w:sectPr")
_XML_SPACE = qn("xml:space")
_SYM = qn("w:sym")
_KEEP_IN_MARKER_RUN = frozenset({_SYM, qn("w:drawing"), qn("w:pict"), qn("w:object")})
_ANCHOR_DRAWING = qn("w:drawing") + "/" + qn("wp:anchor")
_TXBX = qn("w:txbxContent")


_Key = tuple[object, ...]


def _key(el: etree._Element | None) -> _Key:
    """A comparable form of a property element, revision ids left out.

    Built from tags and attributes, not serialized: a run's properties inside a Word document
    serialize with every namespace the document declares, which costs more than the walk.
    """
    if el is None:
        return ()
    items = el.items()
    if items and any("}rsid" in k for k, _ in items):
        items = [kv for kv in items if "}rsid" not in kv[0]]
    if not len(el):
        return (el.tag, tuple(items), ())
    # Property children are mostly leaves (<w:b/>, <w:sz w:val="22"/>): keyed inline, no call each.
    return (
        el.tag,
        tuple(items),
        tuple([(c.tag, tuple(c.items()), ()) if not len(c) else _key(c) for c in el]),
    )


_REVISION_NAMES = frozenset({"ins", "del", "moveFrom", "moveTo", "pPrChange", "rPrChange", "numberingChange"})


def _revised(el: etree._Element | None) -> bool:
    """True when property elements carry a tracked change (<w:ins/>, <w:rPrChange>…)."""
    if el is None:
        return False
    return any(isinstance(n.tag, str) and n.tag.rsplit("}", 1)[-1] in _REVISION_NAMES for n in el.iter())


def _is_text_run(r: etree._Element) -> bool:
    return any(c.tag in (W_T, W_TAB) for c in r)


def body_rpr(p: etree._Element) -> etree._Element | None:
    """The run properties that cover most of the paragraph's characters (hyperlinks aside)."""
    weights: dict[_Key, int] = {}
    elements: dict[_Key, etree._Element | None] = {}
    for r in own_runs(p):
        parent = r.getparent()
        if parent is not None and parent.tag == W_HYPERLINK:
            continue
        rpr = None
        chars = 0
        text_run = False
        for c in r:  # one pass: the run's properties and its text
            tag = c.tag
            if tag == W_T:
                text_run = True
                chars += len(c.text or "")
            elif tag == W_TAB:
                text_run = True
            elif tag == W_RPR:
                rpr = c
        if not text_run:
            continue
        key = _key(rpr)
        weights[key] = weights.get(key, 0) + chars
        elements.setdefault(key, rpr)
    if not weights:
        return None
    best = max(sorted(weights.items()), key=lambda kv: kv[1])[0]
    return elements[best]


# The most typical bullet is looked for among a project's last bullets: a long consultant
# project has dozens, all in one look, and each is weighed run by run.
_TEMPLATE_CANDIDATES = 12


@dataclass(frozen=True)
class Template:
    """What a new bullet of one project is made from."""

    bullet: Para  # the bullet whose look is copied
    ppr: etree._Element | None
    rpr: etree._Element | None
    marker: str  # typed marker and separator ("• ", "•\t"), "" for Word numbering
    marker_runs: tuple[etree._Element, ...]  # leading symbol runs (w:sym, picture, Wingdings "Ø")
    anchor: etree._Element  # the project's last bullet: new bullets go after it
    # A typed enumerator ("3) ") goes on counting: the text before and after its number, its
    # kind ("1", "a", "i" …), the project's last number and that number's typed width.
    count: tuple[str, str, str, int, int] | None = None

    def marker_for(self, i: int) -> str:
        """The typed marker of the ``i``-th new bullet (0 first): "4) ", "5) " after "3) "."""
        if self.count is None:
            return self.marker
        before, after, kind, last, width = self.count
        token = format_enumerator(kind, last + 1 + i)
        return before + (token.zfill(width) if kind == "1" else token) + after


def choose_template(project: Project) -> Template:
    """The project's most typical top-level bullet (ties: the last one) and its parts."""
    tops = project.top_bullets or project.bullets
    candidates = [b for b in tops if b.el.find(W_PPR) is None or b.el.find(W_PPR).find(_SECT_PR) is None]
    candidates = (candidates or tops)[-_TEMPLATE_CANDIDATES:]
    # A bullet whose properties carry someone's pending revision ("formatting changed by …",
    # an inserted or deleted paragraph mark) would pass that revision, and its ids, to the new
    # bullets: copy a bullet without one when the project has one.
    # Typed enumerators ("1) ", "2) ") count as one marker.
    props = [(b.el.find(W_PPR), body_rpr(b.el)) for b in candidates]
    keyed = [
        (_key(ppr), _key(rpr), b.enum[:3] if b.enum else b.literal or "")
        for b, (ppr, rpr) in zip(candidates, props, strict=True)
    ]
    clean = [
        (b, k)
        for b, k, (ppr, rpr) in zip(candidates, keyed, props, strict=True)
        if not (_revised(ppr) or _revised(rpr))
    ]
    if clean and len(clean) < len(candidates):
        candidates, keyed = [b for b, _ in clean], [k for _, k in clean]
    counts = Counter(keyed)
    best = max(counts.values())
    chosen = next(b for b, k in zip(reversed(candidates), reversed(keyed), strict=True) if counts[k] == best)
    marker_runs: list[etree._Element] = []
    marker = chosen.literal or ""
    for r in own_runs(chosen.el):
        if r.find(_ANCHOR_DRAWING) is not None or next(r.iter(_TXBX), None) is not None:
            continue  # a floating shape or text box anchored here is no part of the bullet
        if any(c.tag in _KEEP_IN_MARKER_RUN for c in r):
            # A w:sym or picture bullet keeps its run and font. A tab (or text) in the same run
            # ("<w:sym/><w:tab/>") is part of the typed marker or the text, which go in the
            # body run: a tab looks the same in either font.
            marker_runs.append(_marker_only(r))
            if _is_text_run(r):
                break
            continue
        if _is_text_run(r):
            if marker and _symbol_letter_marker(r):
                # "Ø" in Wingdings is an arrow only in Wingdings: keep that run as it is.
                run_text = "".join(
                    "\t" if c.tag == W_TAB else (c.text or "") for c in r if c.tag in (W_T, W_TAB)
                )
                if marker.startswith(run_text):
                    marker_runs.append(r)
                    marker = marker[len(run_text) :]
            break
    return Template(
        bullet=chosen,
        ppr=chosen.el.find(W_PPR),
        rpr=body_rpr(chosen.el),
        marker=marker,
        marker_runs=tuple(marker_runs),
        anchor=project.bullets[-1].el,
        count=_counting(chosen, marker, project),
    )


def _counting(chosen: Para, marker: str, project: Project) -> tuple[str, str, str, int, int] | None:
    """How the new bullets go on counting when the template's marker is a typed "3) "."""
    if chosen.enum is None or marker != chosen.literal:
        return None
    m = ENUMERATOR.match(chosen.text)
    if m is None or m.group(0) != marker:
        return None
    kind = chosen.enum[0]
    same = [b.enum for b in project.bullets if b.enum is not None and b.enum[:3] == chosen.enum[:3]]
    last = same[-1][3] if same else chosen.enum[3]
    width = len(m.group(2)) if m.group(2).startswith("0") else 1
    return marker[: m.start(2)], marker[m.end(2) :], kind, last, width


def _marker_only(r: etree._Element) -> etree._Element:
    """A copy of a marker run with its properties and symbol or picture, without text or tabs."""
    out = r.makeelement(W_R, dict(r.attrib))
    for c in r:
        if c.tag == W_RPR or c.tag in _KEEP_IN_MARKER_RUN:
            out.append(copy.deepcopy(c))
    return out


def _symbol_letter_marker(r: etree._Element) -> bool:
    """A run in a symbol font whose one character is a font-specific code.

    Letter codes (Wingdings "Ø", "§", "ü") would turn into letters in the body font, so their
    run is kept. Unicode bullets ("•") read the same anywhere. The private-use codes LibreOffice
    writes for a w:sym (U+F0B7 in Symbol) go with the body text, as the project's other typed
    markers do: every text run of a new bullet carries the body's run properties.
    """
    rpr = r.find(W_RPR)
    if rpr is None or not is_symbol_font(rpr):
        return False
    chars = "".join(t.text or "" for t in r.iter(W_T)).strip()
    return len(chars) == 1 and ord(chars) < 0x2000


def _strip_ids(el: etree._Element) -> etree._Element:
    """Remove revision ids from an element tree copy (they identify editing sessions)."""
    for node in el.iter():
        for name in [
            n for n in node.attrib if "}rsid" in n or n.endswith("}paraId") or n.endswith("}textId")
        ]:
            del node.attrib[name]
    return el


def _renumber_drawings(run: etree._Element, anchor: etree._Element) -> None:
    """Give a cloned picture its own drawing id; the picture itself (r:embed) is shared.

    The clone stays in the same part as the original, so its relationship ids stay valid;
    the ``wp:docPr`` id must be unique in the document.
    """
    props = list(run.iter(WP_DOCPR))
    if not props:
        return
    root = anchor.getroottree().getroot()
    used = [int(v) for d in root.iter(WP_DOCPR) if (v := d.get("id") or "").isdigit()]
    next_id = max(used, default=0) + 1
    for d in props:
        d.set("id", str(next_id))
        next_id += 1


def _add_text(run: etree._Element, text: str) -> None:
    """Append text to a run, tabs as ``w:tab``, keeping leading/trailing spaces."""
    for i, chunk in enumerate(text.split("\t")):
        if i:
            run.append(run.makeelement(W_TAB, {}))
        if chunk:
            t = run.makeelement(W_T, {})
            t.text = chunk
            if chunk != chunk.strip() or "  " in chunk:
                t.set(_XML_SPACE, "preserve")
            run.append(t)


def build_bullet(template: Template, text: str, marker: str | None = None) -> etree._Element:
    """A new bullet paragraph that looks like the template and says ``text``.

    ``marker`` replaces the template's typed marker (a list typed "1)", "2)" goes on counting).
    """
    anchor = template.anchor
    p = anchor.makeelement(W_P, {})
    if template.ppr is not None:
        ppr = _strip_ids(copy.deepcopy(template.ppr))
        sect = ppr.find(_SECT_PR)
        if sect is not None:
            ppr.remove(sect)  # a section break belongs to the original paragraph only
        p.append(ppr)
    for r in template.marker_runs:
        marker_run = _strip_ids(copy.deepcopy(r))
        _renumber_drawings(marker_run, anchor)
        p.append(marker_run)
    run = p.makeelement(W_R, {})
    if template.rpr is not None:
        run.append(_strip_ids(copy.deepcopy(template.rpr)))
    _add_text(run, (template.marker if marker is None else marker) + text)
    p.append(run)
    return p


_BREAK_TAGS = frozenset({qn("w:br"), qn("w:cr")})


def ends_with_spacing(p: etree._Element) -> bool:
    """True when the paragraph's text ends in a line break (spacing typed after the text)."""
    last = None
    for r in own_runs(p):
        for c in r:
            if c.tag in _BREAK_TAGS:  # a line, page or column break: the gap before what follows
                last = "br"
            elif c.tag == W_TAB or (c.tag == W_T and (c.text or "").strip()):
                last = "text"
    return last == "br"


def insert_points(template: Template, texts: Iterable[str]) -> list[etree._Element]:
    """Insert one new bullet per text, in order, directly after the project's last bullet.

    When that bullet ends a document section (its properties hold the ``w:sectPr``), new
    bullets after it would land in the next section (another page or column layout): they
    go just before it instead, still inside the list; the bullet itself is not touched. The
    same holds for a last bullet that ends in a line break the author typed as spacing before
    the next entry: after it, the gap would sit between old and new bullets.
    """
    ppr = template.anchor.find(W_PPR)
    ends_section = ppr is not None and ppr.find(_SECT_PR) is not None
    keep_last = ends_section or ends_with_spacing(template.anchor)
    anchor = template.anchor
    added = []
    for i, text in enumerate(texts):
        p = build_bullet(template, text, template.marker_for(i))
        if keep_last:
            anchor.addprevious(p)
        else:
            anchor.addnext(p)
            anchor = p
        added.append(p)
    return added


__all__ = ["Template", "body_rpr", "build_bullet", "choose_template", "ends_with_spacing", "insert_points"]
