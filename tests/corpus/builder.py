"""Generate realistic test resumes (.docx) together with their truth, in the grader's truth format.

``build_case(layout, seed, stack_format)`` writes a resume body paragraph by paragraph and keeps
a reference to every paragraph it means as a project header or a project bullet. The truth
(paragraph indices, texts, pPr/rPr) is read from those references after the body is finished, so
it comes from what the generator built, never from detection code.

Decisions worth knowing
-----------------------
* A truth project is an experience entry that has a bullet list. An entry without bullets is not a
  project (layout K10 puts one in the middle); targets are the first ``min(3, n)`` truth projects.
* Sub-bullets (``ilvl`` 1, layout K15) are NOT listed as a project's bullets, so the format check
  insists that a new bullet looks like a top-level bullet. One exception, forced by how the grader
  finds a list's end: sub-bullets that come after the project's LAST top-level bullet are listed
  too, so "directly after the last bullet" means after the whole list, sub-bullets included.
* A project's top-level bullets share one pPr and one body rPr (``bullet_ppr``/``bullet_body_rpr``,
  canonical form as in the grader). The body rPr is the formatting of the body text; a bold
  lead-in, a hyperlink or a Symbol-font marker run is not it.
* ``literal_marker`` is the exact text prefix (marker + separator) of a literal bullet, e.g.
  ``"• "``, ``"•\\t"``, ``"\\uf0b7\\t"``; for a ``w:sym`` marker (not text) it is the ``"\\t"`` that
  follows it. The grader wants new literal bullets as one body-rPr run holding marker + text.
* An ``Environment:`` line after a list is never a bullet, even when it is typed in bullet format.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from corpus_ooxml import (
    MACRO_MAIN_CT,
    REL_TYPES,
    Font,
    Inline,
    Link,
    Mark,
    Numbering,
    R,
    StyleSheet,
    app_xml,
    canon,
    cell,
    close_cells,
    content_types_xml,
    core_xml,
    extend_template_styles,
    font_table_xml,
    inline_text,
    minimal_styles_xml,
    mk,
    para,
    parse_rels,
    picture_run,
    png_bytes,
    ppr,
    q,
    rels_xml,
    row,
    serialize,
    settings_xml,
    table,
    template_content_types,
    template_parts,
    val,
    zip_parts,
)
from corpus_text import DEGREES, EDU_NOTES, PROJECTS, ROLES, SCHOOLS, Bullet, Words
from lxml import etree

# layout -> one-line description (the report and the README of the corpus read these)
LAYOUTS: dict[str, str] = {
    "K1": "Company | Mon YYYY – Present (bold), title line, Responsibilities: heading, bullets",
    "K2": "Role | Company | City | Mon YYYY – Present on one line, bullets directly after",
    "K3": "Client: Co, City<TAB>dates / Role: / Responsibilities: / bullets / Environment:",
    "K4": "bold or Heading 2/3 line with a date range (2020–2023, 01/2020 - 03/2022, Sept. 2019 – Now, …)",
    "K5": "company | dates in a borderless 2-column table row, title line and bullets after the table",
    "K6": "whole experience section inside a table, one row per entry, header + bullets in the cell",
    "K7": "two-column page table (sidebar with bulleted skills) holding one nested table per entry",
    "K8": "one client with several 'Project N: …' entries, each with Responsibilities and Environment",
    "K9": "description paragraph, then maybe a Roles & Responsibilities/Key Responsibilities/Duties heading",
    "K10": "an entry with no bullets in the middle (not a project)",
    "K11": "fewer than three projects (1 or 2)",
    "K12": "literal markers typed in the text ('• ', '•\\t', '- ', '– ', '▪ ', '➢\\t', '● ')",
    "K13": "marker in its own Symbol/Wingdings run (\\uf0b7, \\uf0a7, \\uf0d8) or a w:sym, then the body run",
    "K14": "decimal numbered lists (numPr or the List Number style)",
    "K15": "sub-bullets (ilvl 1) under some bullets, sometimes after the last one",
    "K16": "run noise: bold lead-ins, split runs with rsids, hyperlinks, proofErr, bookmarks, paraIds",
    "K17": "Word-like resume: sdt contact block, rsids, split runs, basedOn chain, section break, photo",
    "K18": "numbering through a custom paragraph style chain, runs without direct formatting",
    "K19": "distractors: Key Achievements, bulleted skills and certifications styled like project bullets",
    "K20": "three different entry forms mixed in one resume",
}
ENTRY_FORMS = ["K1", "K2", "K3", "K4", "K5", "K8", "K9"]
INNER_FORMS = ["K1", "K2", "K3", "K4", "K9"]  # forms the feature layouts wrap
STACK_FORMATS: dict[str, str] = {
    "A": "blocks: tech line, '• ' points, blank line between techs",
    "B": "inline: 'Tech: • a • b' one line per tech",
    "C": "colon headings 'Tech:' then '• ' points",
    "D": "blocks WITHOUT blank lines between techs",
    "E": "numbered points '1. ', '2. '",
    "F": "'- ' / '* ' / '▪ ' markers",
    "G": "points with no marker, blank line between techs",
    "M": "mixed formats in one text",
}
BAD_KINDS: dict[str, str] = {
    "empty": "empty file",
    "text": "plain text renamed .docx",
    "truncated": "truncated zip",
    "docm": "macro-enabled document (vbaProject.bin) saved as .docx",
}
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
MONTHS_LONG = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
MONTHS_DOT = ["Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
FONTS = ["Calibri", "Arial", "Cambria", "Georgia", "Times New Roman", "Garamond", "Verdana", "Segoe UI"]


@dataclass
class Case:
    """One generated case: file name stem, .docx bytes, stack text and truth dict."""

    name: str
    docx_bytes: bytes
    stack_text: str
    truth: dict


# ============================================================================================
# document state
# ============================================================================================
@dataclass
class Theme:
    """Look of one resume."""

    font: str
    size: int
    color: str
    accent: str
    heading: str  # h1 | boldcaps | shaded | border | titlebold | sectiontitle
    heading_colon: bool
    flavor: str  # template | minimal
    header_footer: bool
    header_image: bool
    word_like: bool  # content control, section break, runs split as after editing
    para_ids: bool  # w14:paraId/textId and rsids on every paragraph
    explicit_font: bool  # body runs name the font (else they rely on styles/defaults)

    def body(self) -> Font:
        """Body run formatting."""
        return Font(self.font if self.explicit_font else None, self.size, self.color)


@dataclass
class BulletSpec:
    """How one list's bullets are written (pPr keyword arguments, run fonts, marker)."""

    kind: str  # numpr | style | decimal | chain | literal | symrun | symelem
    args: dict
    sub_args: dict | None
    body: Font | None
    marker: str | None = None  # literal text prefix (marker + separator)
    marker_font: Font | None = None  # symrun: the marker run's font
    marker_split: bool = False  # literal: marker in its own run
    tab_in_marker_run: bool = False  # symrun: the tab sits in the Symbol run
    list_kind: str | None = None  # numpr/decimal: the numbering definition kind

    def make_ppr(self) -> etree._Element | None:
        """A fresh pPr for a top-level bullet."""
        return ppr(**self.args)

    def make_sub_ppr(self) -> etree._Element | None:
        """A fresh pPr for a sub-bullet."""
        assert self.sub_args is not None
        return ppr(**self.sub_args)

    def renumbered(self, doc: Doc) -> BulletSpec:
        """The same look with a new numId, as Word writes a list whose numbering restarts."""
        if self.list_kind is None:
            return self
        nid = doc.numbering.num(self.list_kind)
        sub = dict(self.sub_args, num=(1, nid)) if self.sub_args else None
        return replace(self, args=dict(self.args, num=(0, nid)), sub_args=sub)

    @property
    def literal_marker(self) -> str | None:
        """The text prefix every bullet of this list starts with."""
        if self.kind in ("literal", "symrun"):
            return self.marker
        if self.kind == "symelem":
            return "\t"
        return None


@dataclass
class Project:
    """What the generator knows about one truth project."""

    layout: str
    inner_layout: str | None
    in_table: bool
    spec: BulletSpec
    fingerprint: list[tuple[etree._Element, str]] = field(default_factory=list)
    heading: str | None = None
    bullets: list[tuple[etree._Element, str]] = field(default_factory=list)
    first_top: etree._Element | None = None


class Doc:
    """A document body under construction plus the parts it needs."""

    def __init__(self, rng: random.Random, theme: Theme) -> None:
        self.rng = rng
        self.theme = theme
        self.root = mk("w:document", {"mc:Ignorable": "w14 wp14"})
        self.body = etree.SubElement(self.root, q("w:body"))
        template = theme.flavor == "template"
        self.numbering = Numbering(abstract_base=20 if template else 0, num_base=20 if template else 1)
        if template:
            self.list_bullet_num = self.list_bullet2_num = self.list_number_num = None
        else:
            self.list_bullet_num = self.numbering.num("symbol", fresh=False, style_link="ListBullet")
            self.list_bullet2_num = self.numbering.num("dot", style_link="ListBullet2", indent=1080)
            self.list_number_num = self.numbering.num("decimal", style_link="ListNumber")
        self.chain_num = self.numbering.num(
            rng.choice(["symbol", "dot", "square"]), style_link="ResumeBullet"
        )
        self.rels: list[tuple[str, str, str, bool]] = []
        self.parts: dict[str, bytes] = {}
        self.part_rels: dict[str, list[tuple[str, str, str, bool]]] = {}
        self.rsids = [f"00{rng.randrange(0x100000, 0xFFFFFF):06X}" for _ in range(6)]
        self._ids = 0
        self._para_ids: set[int] = set()
        self.sect_extra: list[etree._Element] = []
        self._picked: dict[str, object] = {}

    def pick(self, key: str, options: list) -> object:
        """A stylistic choice made once per resume (every entry of a form looks the same)."""
        if key not in self._picked:
            self._picked[key] = self.rng.choice(options)
        return self._picked[key]

    # --- ids ---------------------------------------------------------------------------
    def next_id(self) -> int:
        """A small increasing id (bookmarks, pictures)."""
        self._ids += 1
        return self._ids

    def rsid(self) -> str:
        """One of the document's revision ids."""
        return self.rng.choice(self.rsids)

    def new_rid(self) -> str:
        """A document relationship id that cannot clash with the template's rId1..rId8."""
        return f"rId{101 + len(self.rels)}"

    def hyperlink(self, target: str) -> str:
        """An external hyperlink relationship; returns its id."""
        rid = self.new_rid()
        self.rels.append((rid, REL_TYPES["hyperlink"], "https://" + target, True))
        return rid

    def image(self, rgb: tuple[int, int, int]) -> str:
        """A PNG in word/media with a document relationship; returns its id."""
        n = sum(1 for k in self.parts if k.startswith("word/media/")) + 1
        name = f"media/image{n}.png"
        self.parts["word/" + name] = png_bytes(6, 6, rgb)
        rid = self.new_rid()
        self.rels.append((rid, REL_TYPES["image"], name, False))
        return rid

    # --- paragraphs --------------------------------------------------------------------
    def p(
        self, container: etree._Element, items: list[Inline], pr: etree._Element | None = None
    ) -> etree._Element:
        """Append a paragraph (Word-like documents get paraIds and rsids on it and its runs)."""
        attrs = None
        if self.theme.para_ids:
            while True:
                pid = self.rng.randrange(0x100000, 0x7FFFFFFF)
                if pid not in self._para_ids:
                    self._para_ids.add(pid)
                    break
            r0 = self.rsid()
            attrs = {
                "w14:paraId": f"{pid:08X}",
                "w14:textId": "77777777",
                "w:rsidR": r0,
                "w:rsidRDefault": self.rsids[0],
                "w:rsidP": r0,
            }
            if self.theme.word_like:
                items = [piece for it in items for piece in self._word_runs(it)]
            else:
                for it in items:
                    if isinstance(it, R) and it.rsid is None:
                        it.rsid = self.rsid()
        el = para(items, pr, attrs)
        container.append(el)
        return el

    def _word_runs(self, it: Inline) -> list[Inline]:
        """Word-like documents: every run carries an rsid and longer runs are split, as after editing."""
        if not isinstance(it, R):
            return [it]
        if it.sym or it.page_mark or len(it.text) < 30 or "\t" in it.text or self.rng.random() < 0.4:
            if it.rsid is None:
                it.rsid = self.rsid()
            return [it]
        return [
            R(chunk, it.font, self.rsid())
            for chunk in _split_words(it.text, self.rng.randint(2, 3), self.rng)
        ]

    def finish(self) -> None:
        """Close table cells and append the final sectPr."""
        close_cells(self.body)
        sect = mk("w:sectPr")
        for ref in self.sect_extra:
            sect.append(ref)
        sect.append(mk("w:pgSz", {"w:w": "12240", "w:h": "15840"}))
        sect.append(
            mk(
                "w:pgMar",
                {
                    "w:top": "1080",
                    "w:right": "1080",
                    "w:bottom": "1080",
                    "w:left": "1080",
                    "w:header": "576",
                    "w:footer": "576",
                    "w:gutter": "0",
                },
            )
        )
        sect.append(mk("w:cols", {"w:space": "720"}))
        sect.append(mk("w:docGrid", {"w:linePitch": "360"}))
        if self.theme.para_ids:
            for k in ("w:rsidR", "w:rsidSect"):
                sect.set(q(k), self.rsids[0])
        self.body.append(sect)


# ============================================================================================
# small builders
# ============================================================================================
def heading(doc: Doc, c: etree._Element, text: str) -> None:
    """A section heading in the resume's heading style."""
    t = doc.theme
    text = text + (":" if t.heading_colon else "")
    f = t.body()
    if t.heading == "h1":
        doc.p(
            c,
            [R(text.upper() if doc.rng.random() < 0.5 else text, Font(f.name, None, t.accent))],
            ppr(style="Heading1", before=240, after=80),
        )
    elif t.heading == "boldcaps":
        doc.p(
            c,
            [R(text.upper(), f.but(bold=True, size=t.size + 4, color=t.accent))],
            ppr(keep_next=True, before=220, after=60),
        )
    elif t.heading == "shaded":
        tbl = table([10080])
        c.append(tbl)
        tc = cell(row(tbl), 10080, shade=doc.rng.choice(["D9E2F3", "E7E6E6", "DEEAF6", "FFF2CC"]))
        doc.p(tc, [R(text.upper(), f.but(bold=True, color="1F1F1F"))], ppr(before=40, after=40))
    elif t.heading == "border":
        doc.p(
            c,
            [
                R(
                    text.title() if doc.rng.random() < 0.5 else text.upper(),
                    f.but(bold=True, size=t.size + 2, color=t.accent),
                )
            ],
            ppr(keep_next=True, border_bottom=t.accent, before=200, after=80),
        )
    elif t.heading == "sectiontitle":
        doc.p(c, [R(text)], ppr(style="SectionTitle"))
    else:  # titlebold
        doc.p(c, [R(text.title(), f.but(bold=True))], ppr(keep_next=True, before=160, after=40))


def make_spec(doc: Doc, kind: str, *, shared: bool = False, body: Font | None = None) -> BulletSpec:
    """A bullet spec of ``kind`` with this resume's look (numbered kinds get their own numId)."""
    rng, t = doc.rng, doc.theme
    body = body if body is not None else t.body()
    after = rng.choice([0, 20, 40, 60])
    line = rng.choice([None, 240, 259, 276])
    jc = rng.choice([None, None, "both"])
    mark = body if rng.random() < 0.4 else None
    if kind in ("numpr", "decimal"):
        list_kind = (
            "decimal"
            if kind == "decimal"
            else rng.choice(["symbol", "symbol", "dot", "square", "arrow", "check", "dash"])
        )
        nid = doc.numbering.num(list_kind, fresh=not shared)
        style = rng.choice(["ListParagraph", None])
        ind = rng.choice([None, (720, 360), (540, 270), (360, 360)])
        common = {
            "style": style,
            "after": after,
            "line": line,
            "contextual": style is not None,
            "jc": jc,
            "mark": mark,
        }
        return BulletSpec(
            kind,
            dict(common, num=(0, nid), ind=ind),
            dict(common, num=(1, nid), ind=(ind[0] + 720, ind[1]) if ind else None),
            body,
            list_kind=list_kind,
        )
    if kind == "style":
        if rng.random() < 0.3:
            return BulletSpec(kind, {"style": "ListBullet"}, {"style": "ListBullet2"}, body)
        common = {"after": after, "line": line, "jc": jc, "mark": mark}
        return BulletSpec(kind, dict(common, style="ListBullet"), dict(common, style="ListBullet2"), body)
    if kind == "liststyle_number":
        return BulletSpec("decimal", {"style": "ListNumber", "after": after, "jc": jc}, None, body)
    if kind == "chain":
        style = rng.choice(["ResumeBullet", "ResumeBulletTight"])
        plain = Font(theme_cs=True) if rng.random() < 0.5 else None
        return BulletSpec(kind, {"style": style}, {"style": style, "num": (1, doc.chain_num)}, plain)
    if kind == "literal":
        marker = rng.choice(["• ", "•\t", "- ", "– ", "▪ ", "➢\t", "● ", "•  "])
        left, hang = rng.choice([(360, 360), (720, 270), (540, 270), (288, 288)])
        tabs = [("left", left)] if "\t" in marker else None
        return BulletSpec(
            kind,
            {"tabs": tabs, "after": after, "line": line, "ind": (left, hang), "jc": jc},
            None,
            body,
            marker=marker,
            marker_split=rng.random() < 0.4,
        )
    if kind == "symrun":
        ch, font = rng.choice(
            [("\uf0b7", "Symbol"), ("\uf0b7", "Symbol"), ("\uf0a7", "Wingdings"), ("\uf0d8", "Wingdings")]
        )
        sep = rng.choice(["\t", "\t", " "])
        left, hang = rng.choice([(360, 360), (720, 360)])
        mfont = Font(font, body.size if body else None, body.color if body else None)
        return BulletSpec(
            kind,
            {"tabs": [("left", left)], "after": after, "ind": (left, hang), "jc": jc},
            None,
            body,
            marker=ch + sep,
            marker_font=mfont,
            tab_in_marker_run=sep == "\t" and rng.random() < 0.5,
        )
    if kind == "symelem":
        left, hang = rng.choice([(360, 360), (720, 360)])
        mfont = Font("Symbol", body.size if body else None)
        return BulletSpec(
            kind,
            {"tabs": [("left", left)], "after": after, "ind": (left, hang)},
            None,
            body,
            marker_font=mfont,
        )
    raise ValueError(kind)


def _split_words(text: str, parts: int, rng: random.Random) -> list[str]:
    words = text.split(" ")
    if len(words) < parts + 1:
        return [text]
    cuts = sorted(rng.sample(range(1, len(words)), parts - 1))
    out, prev = [], 0
    for c in [*cuts, len(words)]:
        chunk = " ".join(words[prev:c])
        out.append(chunk + (" " if c < len(words) else ""))
        prev = c
    return out


def bullet_para(
    doc: Doc,
    c: etree._Element,
    spec: BulletSpec,
    b: Bullet,
    feats: frozenset[str] = frozenset(),
    gap_after: int | None = None,
) -> tuple[etree._Element, str]:
    """Append one top-level bullet; returns the paragraph and its text as the grader reads it.

    ``gap_after`` gives this bullet more space after it (people do that on a list's last item).
    """
    rng = doc.rng
    body = spec.body
    items: list[Inline] = []
    prefix = ""
    if spec.kind == "literal":
        assert spec.marker
        if spec.marker_split:
            items.append(R(spec.marker, body))
        else:
            prefix = spec.marker
    elif spec.kind == "symrun":
        assert spec.marker
        ch, sep = spec.marker[0], spec.marker[1:]
        if spec.tab_in_marker_run:
            items.append(R(ch + sep, spec.marker_font))
        else:
            items.append(R(ch, spec.marker_font))
            prefix = sep
    elif spec.kind == "symelem":
        items.append(R("", spec.marker_font, sym=("Symbol", "F0B7")))
        prefix = "\t"
    if "bookmark" in feats:
        bid = str(doc.next_id())
        items.append(Mark("bookmarkStart", {"w:id": bid, "w:name": f"_Ref{rng.randrange(10**8, 10**9)}"}))
    if b.lead:
        lead_font = body.but(bold=True) if body else Font(bold=True)
        items.append(R(prefix + b.lead + " ", lead_font))
        prefix = ""
    chunks = _split_words(b.body, rng.randint(2, 4), rng) if "split" in feats else [b.body]
    for i, chunk in enumerate(chunks):
        if "proof" in feats and i == len(chunks) - 1 and len(chunks) > 1:
            items.append(Mark("proofErr", {"w:type": "spellStart"}))
        items.append(R(prefix + chunk, body, rsid=doc.rsid() if len(chunks) > 1 else None))
        prefix = ""
        if "proof" in feats and i == len(chunks) - 1 and len(chunks) > 1:
            items.append(Mark("proofErr", {"w:type": "spellEnd"}))
    if "proof" in feats and len(chunks) == 1:
        items.insert(len(items) - 1, Mark("proofErr", {"w:type": "gramStart"}))
        items.append(Mark("proofErr", {"w:type": "gramEnd"}))
    if b.link:
        items.append(R(" (see ", body))
        items.append(Link(doc.hyperlink(b.link), [R(b.link, Font(style="Hyperlink"))]))
        items.append(R(")", body))
    if "pagemark" in feats:
        first = next(it for it in items if isinstance(it, R) and not it.sym and it.text)
        first.page_mark = True
    if "bookmark" in feats:
        items.append(Mark("bookmarkEnd", {"w:id": bid}))
    el = doc.p(c, items, spec.make_ppr() if gap_after is None else ppr(**dict(spec.args, after=gap_after)))
    return el, inline_text(items)


def sub_para(doc: Doc, c: etree._Element, spec: BulletSpec, text: str) -> etree._Element:
    """Append one sub-bullet (ilvl 1)."""
    assert spec.make_sub_ppr is not None
    return doc.p(c, [R(text, spec.body)], spec.make_sub_ppr())


def render_bullets(
    doc: Doc, c: etree._Element, proj: Project, bullets: list[Bullet], feats: Callable[[int], frozenset[str]]
) -> None:
    """Append a project's list; record its top-level bullets (and trailing sub-bullets) in ``proj``."""
    gap = doc.pick("last_gap", [None, None, 160, 240])
    for i, b in enumerate(bullets):
        el, text = bullet_para(
            doc, c, proj.spec, b, feats(i), gap if i == len(bullets) - 1 and i > 0 else None
        )
        proj.bullets.append((el, text))
        if proj.first_top is None:
            proj.first_top = el
        last = i == len(bullets) - 1
        for s in b.subs:
            sp = sub_para(doc, c, proj.spec, s)
            if last:
                proj.bullets.append((sp, s))


# ============================================================================================
# entries
# ============================================================================================
@dataclass
class Entry:
    """One job (or one client project)."""

    company: str
    city: str
    role: str
    project: str
    start: tuple[int, int]
    end: tuple[int, int] | None
    description: str
    bullets: list[Bullet]
    environment: str
    has_bullets: bool = True


def fmt_date(d: tuple[int, int] | None, style: str, rng: random.Random) -> str:
    """One end of a date range."""
    if d is None:
        return {"mon": "Present", "long": "Current", "num": "Present", "year": "Present", "dot": "Now"}.get(
            style, "Present"
        )
    y, m = d
    if style == "mon":
        return f"{MONTHS[m]} {y}"
    if style == "long":
        return f"{MONTHS_LONG[m]} {y}"
    if style == "num":
        return f"{m + 1:02d}/{y}"
    if style == "dot":
        return f"{MONTHS_DOT[m]} {y}"
    return str(y)


def date_range(e: Entry, rng: random.Random, style: str | None = None, sep: str | None = None) -> str:
    """'Jan 2020 – Present' and friends."""
    style = style or rng.choice(["mon", "mon", "long", "num", "year", "dot"])
    if sep is None:
        sep = {"long": " to ", "year": "–", "num": " - "}.get(style, " – ")
    return fmt_date(e.start, style, rng) + sep + fmt_date(e.end, style, rng)


@dataclass
class Ctx:
    """Everything an entry renderer needs."""

    doc: Doc
    words: Words
    spec_for: Callable[[str], BulletSpec]  # layout -> the spec its lists use
    feats: Callable[[int], frozenset[str]]
    projects: list[Project]
    distractors: list[str]
    dspec: BulletSpec


def _proj(ctx: Ctx, layout: str, inner: str | None, in_table: bool, form: str) -> Project:
    return Project(layout, inner, in_table, ctx.spec_for(form))


def _resp_heading(ctx: Ctx, c: etree._Element, text: str, style: str | None = None) -> str:
    doc, f = ctx.doc, ctx.doc.theme.body()
    style = style or str(doc.pick("resp.style", ["bold", "bold", "underline", "boldunder"]))
    if style == "h4":
        doc.p(c, [R(text)], ppr(style="Heading4"))
    elif style == "caps":
        text = text.upper()
        doc.p(c, [R(text, f.but(bold=True))], ppr(keep_next=True, before=60, after=20))
    else:
        doc.p(
            c,
            [R(text, f.but(bold=style != "underline", underline=style != "bold"))],
            ppr(keep_next=True, before=60, after=20),
        )
    return text


def _env(ctx: Ctx, c: etree._Element, e: Entry, spec: BulletSpec, as_bullet: bool) -> None:
    f = ctx.doc.theme.body()
    if as_bullet:  # typed in the list's own format: still not a bullet
        prefix = spec.marker if spec.kind == "literal" and spec.marker else ""
        ctx.doc.p(c, [R(prefix + "Environment: ", f.but(bold=True)), R(e.environment, f)], spec.make_ppr())
    else:
        ctx.doc.p(c, [R("Environment: ", f.but(bold=True)), R(e.environment, f)], ppr(before=60, after=120))


def render_entry(
    ctx: Ctx, c: etree._Element, e: Entry, form: str, layout: str, inner: str | None, in_table: bool = False
) -> None:
    """Append one entry in ``form``; registers a Project when it has bullets."""
    doc, rng = ctx.doc, ctx.doc.rng
    f = doc.theme.body()
    proj = _proj(ctx, layout, inner, in_table, form)
    fp = proj.fingerprint
    if form == "K1":
        line = [
            R(e.company, f.but(bold=True)),
            R(" | " + date_range(e, rng, "mon", str(doc.pick("K1.sep", [" – ", " - "]))), f),
        ]
        fp.append((doc.p(c, line, ppr(keep_next=True, before=160, after=0)), inline_text(line)))
        title = {"role": e.role, "project": "Project: " + e.project, "rolecity": e.role + ", " + e.city}[
            str(doc.pick("K1.title", ["role", "project", "rolecity"]))
        ]
        fp.append((doc.p(c, [R(title, f.but(italic=True))], ppr(keep_next=True, after=40)), title))
        if e.has_bullets:
            proj.heading = _resp_heading(
                ctx, c, str(doc.pick("K1.resp", ["Responsibilities:", "Responsibilities"]))
            )
    elif form == "K2":
        dates = date_range(
            e, rng, str(doc.pick("K2.dates", ["mon", "long", "mon"])), str(doc.pick("K2.sep", [" – ", " - "]))
        )
        txt = " | ".join([e.role, e.company, e.city, dates])
        if doc.pick("K2.allbold", [True, False]):
            items = [R(txt, f.but(bold=True))]
        else:
            items = [R(e.role, f.but(bold=True)), R(" | " + " | ".join([e.company, e.city, dates]), f)]
        fp.append((doc.p(c, items, ppr(keep_next=True, before=180, after=40)), txt))
    elif form == "K3":
        dates = date_range(e, rng, str(doc.pick("K3.dates", ["mon", "long"])), " – ")
        line = [R(f"Client: {e.company}, {e.city}", f.but(bold=True)), R("\t" + dates, f.but(bold=True))]
        fp.append(
            (
                doc.p(c, line, ppr(keep_next=True, tabs=[("right", 10080)], before=200, after=20)),
                inline_text(line),
            )
        )
        rl = [R("Role: ", f.but(bold=True)), R(e.role, f)]
        fp.append((doc.p(c, rl, ppr(keep_next=True, after=20)), inline_text(rl)))
        if e.has_bullets:
            proj.heading = _resp_heading(
                ctx,
                c,
                str(
                    doc.pick(
                        "K3.resp", ["Responsibilities:", "Responsibilities:", "Roles and Responsibilities:"]
                    )
                ),
                "bold",
            )
    elif form == "K4":
        dstyle = str(doc.pick("K4.dates", ["year", "num", "dot", "long", "mon"]))
        dates = date_range(
            e,
            rng,
            dstyle,
            None if dstyle in ("year", "num", "long") else str(doc.pick("K4.sep", [" – ", " - "])),
        )
        txt = [
            f"{e.company} — {e.role} ({dates})",
            f"{e.role}, {e.company}   {dates}",
            f"{e.company}, {e.city} | {dates}",
            f"{e.role} – {e.company}, {dates}",
        ][int(doc.pick("K4.text", [0, 1, 2, 3]))]  # type: ignore[call-overload]
        how = str(doc.pick("K4.how", ["Heading2", "Heading3", "bold"]))
        if how == "bold":
            fp.append((doc.p(c, [R(txt, f.but(bold=True))], ppr(keep_next=True, before=180, after=40)), txt))
        else:
            fp.append((doc.p(c, [R(txt)], ppr(style=how)), txt))
        if "|" in txt and doc.pick("K4.roleline", [True, True, False]):
            fp.append((doc.p(c, [R(e.role, f.but(italic=True))], ppr(keep_next=True, after=40)), e.role))
    elif form == "K5":
        tbl = table([6480, 3600])
        c.append(tbl)
        tr = row(tbl)
        left = [R(e.company, f.but(bold=True)), R(", " + e.city, f)]
        fp.append((doc.p(cell(tr, 6480), left, ppr(after=0)), inline_text(left)))
        dates = date_range(e, rng, str(doc.pick("K5.dates", ["mon", "long", "num", "year"])))
        fp.append(
            (
                doc.p(
                    cell(tr, 3600),
                    [R(dates, f.but(bold=bool(doc.pick("K5.bold", [True, False]))))],
                    ppr(after=0, jc="right"),
                ),
                dates,
            )
        )
        fp.append(
            (doc.p(c, [R(e.role, f.but(italic=True))], ppr(keep_next=True, before=20, after=40)), e.role)
        )
    elif form == "K8":
        raise ValueError("K8 is rendered by render_client")
    elif form == "K9":
        dates = date_range(e, rng, str(doc.pick("K9.dates", ["mon", "long", "num", "dot"])))
        txt = [
            f"{e.company} | {dates}",
            f"{e.role} – {e.company} ({dates})",
            f"{e.company}, {e.city}\t{dates}",
        ][int(doc.pick("K9.text", [0, 1, 2]))]  # type: ignore[call-overload]
        fp.append(
            (
                doc.p(
                    c,
                    [R(txt, f.but(bold=True))],
                    ppr(
                        keep_next=True, tabs=[("right", 10080)] if "\t" in txt else None, before=180, after=20
                    ),
                ),
                txt,
            )
        )
        if not txt.startswith(e.role):
            fp.append((doc.p(c, [R(e.role, f.but(italic=True))], ppr(after=20)), e.role))
        if doc.pick("K9.desclabel", [True, False]):
            doc.p(
                c,
                [R("Project Description: ", f.but(bold=True)), R(e.description, f)],
                ppr(after=40, jc="both"),
            )
        else:
            doc.p(c, [R(e.description, f)], ppr(after=40))
        if e.has_bullets and doc.pick("K9.heading", [True, True, True, False]):
            word = str(
                doc.pick(
                    "K9.word",
                    [
                        "Roles & Responsibilities",
                        "Key Responsibilities",
                        "Duties",
                        "Responsibilities",
                        "Roles and Responsibilities",
                    ],
                )
            )
            word += str(doc.pick("K9.colon", [":", ""]))
            proj.heading = _resp_heading(
                ctx, c, word, str(doc.pick("K9.hstyle", ["bold", "underline", "h4", "caps"]))
            )
    else:
        raise ValueError(form)
    if not e.has_bullets:
        if form != "K9":
            doc.p(c, [R(e.description, f)], ppr(after=60))
        if rng.random() < 0.5:
            _env(ctx, c, e, proj.spec, False)
        return
    render_bullets(doc, c, proj, e.bullets, ctx.feats)
    ctx.projects.append(proj)
    if form == "K3" or (form in ("K1", "K9") and doc.pick(f"{form}.env", [True, False, False])):
        _env(ctx, c, e, proj.spec, form == "K3" and bool(doc.pick("K3.envbullet", [True, False, False])))


def render_client(
    ctx: Ctx, c: etree._Element, client: Entry, subs: list[Entry], layout: str, inner: str | None
) -> None:
    """K8: 'Client: …' then 'Project 1: …', 'Project 2: …', each a project."""
    doc, rng = ctx.doc, ctx.doc.rng
    f = doc.theme.body()
    dates = date_range(client, rng, "mon", " – ")
    cl = [R(f"Client: {client.company}, {client.city}", f.but(bold=True)), R("\t" + dates, f.but(bold=True))]
    client_p = doc.p(c, cl, ppr(keep_next=True, tabs=[("right", 10080)], before=200, after=20))
    rl = [R("Role: ", f.but(bold=True)), R(client.role, f)]
    doc.p(c, rl, ppr(after=40))
    style = str(doc.pick("K8.title", ["Project {n}: {name}", "Project #{n}: {name}", "Project {n} – {name}"]))
    underline = bool(doc.pick("K8.underline", [True, False, False]))
    desc, duration = doc.pick("K8.desc", [True, False]), doc.pick("K8.duration", [True, False])
    resp = str(doc.pick("K8.resp", ["Responsibilities:", "Responsibilities"]))
    env_bullet = bool(doc.pick("K8.envbullet", [True, False, False, False]))
    for n, e in enumerate(subs, 1):
        proj = _proj(ctx, layout, inner, False, "K8")
        if n == 1:
            proj.fingerprint.append((client_p, inline_text(cl)))
        title = style.format(n=n, name=e.project)
        proj.fingerprint.append(
            (
                doc.p(
                    c,
                    [R(title, f.but(bold=True, underline=underline))],
                    ppr(keep_next=True, before=120, after=20),
                ),
                title,
            )
        )
        if desc:
            doc.p(c, [R("Description: ", f.but(bold=True)), R(e.description, f)], ppr(after=20))
        if duration:
            doc.p(
                c, [R("Duration: ", f.but(bold=True)), R(date_range(e, rng, "mon", " – "), f)], ppr(after=20)
            )
        proj.heading = _resp_heading(ctx, c, resp, "bold")
        render_bullets(doc, c, proj, e.bullets, ctx.feats)
        ctx.projects.append(proj)
        _env(ctx, c, e, proj.spec, env_bullet)


# ============================================================================================
# sections
# ============================================================================================
def contact(doc: Doc, c: etree._Element, first: str, last: str, words: Words, photo: bool) -> None:
    """Name, headline and contact line (in a content control for Word-like resumes)."""
    rng, t = doc.rng, doc.theme
    f = t.body()
    target = c
    sdt = None
    if t.word_like:
        sdt = mk(
            "w:sdt",
            None,
            mk(
                "w:sdtPr",
                None,
                val("w:alias", "Contact Info"),
                val("w:tag", "contact"),
                val("w:id", str(rng.randrange(10**8, 10**9))),
            ),
            mk("w:sdtContent"),
        )
        c.append(sdt)
        target = sdt[1]
    name_items: list[Inline] = [
        R(
            f"{first} {last}".upper() if rng.random() < 0.4 else f"{first} {last}",
            None if rng.random() < 0.5 else f.but(bold=True, size=36, color=t.accent),
        )
    ]
    namep = doc.p(
        target, name_items, ppr(style="Title") if name_items[0].font is None else ppr(jc="center", after=0)
    )  # type: ignore[union-attr]
    if photo:
        namep.insert(1, picture_run(doc.image((90, 120, 160)), doc.next_id()))
    doc.p(target, [R(ROLES[rng.randrange(len(ROLES))], f.but(italic=True))], ppr(jc="center", after=0))
    phone = f"({rng.randint(201, 989)}) 555-{rng.randint(1000, 9999)}"
    email = f"{first.lower()}.{last.lower()}@example.com"
    city = rng.choice(["Dallas, TX", "Columbus, OH", "Denver, CO", "Atlanta, GA"])
    if rng.random() < 0.5:
        doc.p(target, [R(f"{city} | {phone} | {email}", f)], ppr(jc="center", after=120))
    else:
        doc.p(target, [R(f"Phone: {phone}\tEmail: {email}", f)], ppr(tabs=[("right", 10080)], after=120))


def summary(ctx: Ctx, c: etree._Element, *, achievements: bool) -> None:
    """Summary/Profile/Objective with bullets (distractors), maybe a Key Achievements list."""
    doc, rng, w = ctx.doc, ctx.doc.rng, ctx.words
    f = doc.theme.body()
    heading(
        doc,
        c,
        rng.choice(
            ["Professional Summary", "Summary", "Profile", "Career Objective", "Summary of Qualifications"]
        ),
    )
    if rng.random() < 0.35:
        doc.p(c, [R(w.summary() + " " + w.summary(), f)], ppr(after=60, jc="both"))
    for _ in range(rng.randint(3, 6)):
        _, text = bullet_para(doc, c, ctx.dspec, Bullet(w.summary()))
        ctx.distractors.append(text)
    if achievements:
        doc.p(
            c,
            [R(rng.choice(["Key Achievements", "Key Achievements:", "Highlights"]), f.but(bold=True))],
            ppr(keep_next=True, before=120, after=20),
        )
        for _ in range(rng.randint(2, 4)):
            _, text = bullet_para(doc, c, ctx.dspec, Bullet(w.achievement()))
            ctx.distractors.append(text)


def skills(ctx: Ctx, c: etree._Element, how: str) -> None:
    """Technical Skills as a table, as 'Label: values' lines, or as bullets."""
    doc, rng, w = ctx.doc, ctx.doc.rng, ctx.words
    f = doc.theme.body()
    heading(
        doc, c, rng.choice(["Technical Skills", "Skills", "Core Competencies", "Technical Proficiencies"])
    )
    rows = w.skills(rng.randint(3, 6))
    if how == "table":
        tbl = table(
            [2880, 7200], borders=rng.random() < 0.5, style="TableGrid" if rng.random() < 0.3 else None
        )
        c.append(tbl)
        for label, values in rows:
            tr = row(tbl)
            doc.p(cell(tr, 2880), [R(label, f.but(bold=True))], ppr(after=0))
            doc.p(cell(tr, 7200), [R(values, f)], ppr(after=0))
    elif how == "table_bullets":
        tbl = table([2880, 7200], borders=True)
        c.append(tbl)
        for label, values in rows:
            tr = row(tbl)
            doc.p(cell(tr, 2880), [R(label, f.but(bold=True))], ppr(after=0))
            vc = cell(tr, 7200)
            for v in values.split(", ")[:3]:
                _, text = bullet_para(doc, vc, ctx.dspec, Bullet(v))
                ctx.distractors.append(text)
    elif how == "lines":
        for label, values in rows:
            doc.p(c, [R(label + ": ", f.but(bold=True)), R(values, f)], ppr(after=20))
    else:  # bullets "Label: values" with a bold label
        for label, values in rows:
            _, text = bullet_para(doc, c, ctx.dspec, Bullet(values, lead=label + ":"))
            ctx.distractors.append(text)


def education(ctx: Ctx, c: etree._Element) -> None:
    """Education lines, sometimes with bullets."""
    doc, rng = ctx.doc, ctx.doc.rng
    f = doc.theme.body()
    heading(doc, c, rng.choice(["Education", "Education & Training", "Academic Background"]))
    for _ in range(rng.randint(1, 2)):
        line = f"{rng.choice(DEGREES)} — {rng.choice(SCHOOLS)}, {rng.randint(2004, 2016)}"
        doc.p(c, [R(line, f)], ppr(after=20))
        if rng.random() < 0.4:
            _, text = bullet_para(doc, c, ctx.dspec, Bullet(rng.choice(EDU_NOTES)))
            ctx.distractors.append(text)


def certifications(ctx: Ctx, c: etree._Element) -> None:
    """Certifications as bullets (distractors) or plain lines."""
    doc, rng, w = ctx.doc, ctx.doc.rng, ctx.words
    heading(
        doc, c, rng.choice(["Certifications", "Licenses & Certifications", "Certifications:"]).rstrip(":")
    )
    for cert in w.certs(rng.randint(2, 4)):
        if rng.random() < 0.75:
            _, text = bullet_para(doc, c, ctx.dspec, Bullet(cert))
            ctx.distractors.append(text)
        else:
            doc.p(c, [R(cert, doc.theme.body())], ppr(after=20))


def awards(ctx: Ctx, c: etree._Element) -> None:
    """Awards as bullets (distractors)."""
    doc, rng, w = ctx.doc, ctx.doc.rng, ctx.words
    heading(doc, c, rng.choice(["Awards", "Honors & Awards", "Recognition"]))
    for a in w.awards(rng.randint(1, 3)):
        _, text = bullet_para(doc, c, ctx.dspec, Bullet(a))
        ctx.distractors.append(text)


EXPERIENCE_HEADINGS = [
    "Professional Experience",
    "Work Experience",
    "Experience",
    "Project Experience",
    "Employment History",
    "Consulting Experience",
    "Relevant Experience",
    "Work History",
]


# ============================================================================================
# the resume
# ============================================================================================
def _entries(
    words: Words, rng: random.Random, n: int, *, subs_ok: bool, lead_all: bool, link_some: bool
) -> list[Entry]:
    out = []
    year, month = rng.randint(2021, 2023), rng.randrange(12)
    end: tuple[int, int] | None = None
    for i in range(n):
        start = (year, month)
        bullets = []
        for _ in range(rng.randint(3, 8)):
            b = words.bullet(lead=lead_all, link=link_some and rng.random() < 0.2)
            if subs_ok and rng.random() < 0.3:
                b.subs = [words.sub_bullet() for _ in range(rng.randint(1, 2))]
            bullets.append(b)
        if subs_ok and i % 2 == 0 and not bullets[-1].subs:  # a list that ends in sub-bullets
            bullets[-1].subs = [words.sub_bullet()]
        out.append(
            Entry(
                words.company(),
                rng.choice(
                    [
                        "Dallas, TX",
                        "Austin, TX",
                        "Columbus, OH",
                        "Raleigh, NC",
                        "Denver, CO",
                        "Phoenix, AZ",
                        "Remote",
                        "Richmond, VA",
                        "Jersey City, NJ",
                        "Tampa, FL",
                    ]
                ),
                rng.choice(ROLES),
                rng.choice(PROJECTS),
                start,
                end,
                words.description(),
                bullets,
                words.environment(),
            )
        )
        end = (year - (1 if month == 0 else 0), (month - 1) % 12)
        year, month = year - rng.randint(1, 3), rng.randrange(12)
    return out


def _features(layout: str, rng: random.Random) -> Callable[[int], frozenset[str]]:
    if layout == "K16":
        pool = ["lead", "split", "link", "proof", "bookmark", "pagemark"]

        def noisy(i: int) -> frozenset[str]:
            return frozenset(rng.sample(pool, rng.randint(0, 3)))

        return noisy
    if layout == "K17":
        return lambda i: frozenset(rng.sample(["split", "proof", "bookmark", "pagemark"], rng.randint(1, 2)))
    if rng.random() < 0.15:
        return lambda i: frozenset({"split"})
    return lambda i: frozenset()


def build_resume(
    layout: str, rng: random.Random, words: Words
) -> tuple[Doc, list[Project], list[str], list[str], tuple[str, str]]:
    """Write one resume; returns (doc, projects, distractor texts, layout plan, (first, last))."""
    first, last = words.person()
    word_like = layout == "K17"
    theme = Theme(
        font=rng.choice(FONTS),
        size=rng.choice([19, 20, 21, 22, 22, 24]),
        color=rng.choice(["000000", "1F1F1F", "262626", "333333", "404040", "222A35"]),
        accent=rng.choice(["1F4E79", "2E74B5", "385623", "7030A0", "C45911", "0B5394", "000000"]),
        heading="sectiontitle"
        if layout in ("K17", "K18")
        else rng.choice(["h1", "boldcaps", "shaded", "border", "titlebold"]),
        heading_colon=rng.random() < 0.25,
        flavor="template" if layout in ("K17",) else rng.choice(["template", "minimal"]),
        header_footer=word_like or rng.random() < 0.4,
        header_image=word_like or rng.random() < 0.5,
        word_like=word_like,
        para_ids=word_like or layout == "K16",
        explicit_font=rng.random() < 0.8 and layout != "K18",
    )
    doc = Doc(rng, theme)
    body = doc.body

    # --- bullet kinds ------------------------------------------------------------------
    forced = {
        "K12": "literal",
        "K13": "symrun",
        "K14": "decimal",
        "K15": "numpr",
        "K17": "chain",
        "K18": "chain",
    }
    base_kind = forced.get(layout) or rng.choice(["numpr", "numpr", "style", "literal"])
    if layout == "K13" and rng.random() < 0.25:
        base_kind = "symelem"
    if layout == "K14" and rng.random() < 0.4:
        base_kind = "liststyle_number"
    if layout == "K15" and rng.random() < 0.4:
        base_kind = "style"
    shared = rng.random() < 0.5
    fresh_per_list = not shared and base_kind in ("numpr", "decimal")

    # --- plan ----------------------------------------------------------------------------
    if layout in ENTRY_FORMS or layout in ("K6", "K7"):
        inner = None
        forms_plan = [layout]
        if layout in ENTRY_FORMS and rng.random() < 0.34:
            other = rng.choice([f for f in ENTRY_FORMS if f not in (layout, "K8")])
            forms_plan = [layout, other] if rng.random() < 0.5 else [other, layout]
    elif layout == "K20":
        forms_plan = rng.sample([f for f in ENTRY_FORMS if f != "K8"], 3)
        inner = None
    else:
        inner = rng.choice(INNER_FORMS if layout != "K17" else ["K1", "K2", "K4"])
        forms_plan = [inner]

    spec_cache: dict[str, BulletSpec] = {}

    def spec_for(form: str) -> BulletSpec:
        # Word often restarts each list with a new numId: same look, one numId per list
        if fresh_per_list and form in spec_cache:
            return spec_cache[form].renumbered(doc)
        if form not in spec_cache:
            kind = base_kind
            if spec_cache and (layout == "K20" or rng.random() < 0.5):  # mixed resumes mix looks too
                kind = rng.choice(["numpr", "style", "literal"])
            spec_cache[form] = make_spec(doc, kind, shared=True)
        return spec_cache[form]

    # distractor lists (summary, skills, certifications …): the project look (hard) or another one
    if layout == "K19" or rng.random() < 0.5:
        dspec = spec_for(forms_plan[0])
    else:
        dspec = make_spec(doc, rng.choice(["style", "numpr", "literal"]), shared=True)

    n_entries = (
        rng.randint(1, 2) if layout == "K11" else rng.randint(4, 6) if layout == "K10" else rng.randint(2, 6)
    )
    entries = _entries(
        words,
        rng,
        n_entries,
        subs_ok=layout == "K15",
        lead_all=rng.random() < 0.2 and layout not in ("K16",),
        link_some=layout == "K16",
    )
    if layout == "K10":
        entries[rng.choice([1, 2])].has_bullets = False
    ctx = Ctx(doc, words, spec_for, _features(layout, rng), [], [], dspec)

    # --- sections ------------------------------------------------------------------------
    photo = word_like or (rng.random() < 0.15)
    contact(doc, body, first, last, words, photo)
    achievements = layout == "K19" or rng.random() < 0.3
    skills_how = (
        "bullets" if layout == "K19" else rng.choice(["table", "lines", "bullets", "table_bullets", "table"])
    )
    order = rng.choice(
        [
            ["summary", "skills", "experience", "education", "certs"],
            ["summary", "experience", "skills", "education", "certs", "awards"],
            ["summary", "skills", "certs", "experience", "education"],
            ["summary", "education", "skills", "experience", "awards"],
        ]
    )
    if layout == "K19":
        order = ["summary", "skills", "certs", "awards", "experience", "education"]
    plan_used: list[str] = []

    def experience(c: etree._Element) -> None:
        title = rng.choice(EXPERIENCE_HEADINGS)
        if layout == "K6" and rng.random() < 0.4:
            _section_table(ctx, c, entries, title)  # the heading is the table's first row
            plan_used.append("K6")
            return
        heading(doc, c, title)
        per = max(1, len(entries) // len(forms_plan))
        if layout == "K6":
            _section_table(ctx, c, entries, None)
            plan_used.append("K6")
            return
        if layout == "K7":
            _nested_entries(ctx, c, entries)
            plan_used.append("K7")
            return
        i = 0
        while i < len(entries):
            form = forms_plan[min(i // per, len(forms_plan) - 1)]
            lay = form if inner is None else layout
            if lay not in plan_used:
                plan_used.append(lay)
            if form == "K8":
                take = entries[i : i + rng.randint(2, 3)]
                render_client(ctx, c, take[0], take, lay, inner)
                i += len(take)
                continue
            render_entry(ctx, c, entries[i], form, lay, inner)
            i += 1

    if layout == "K7":
        _two_column(ctx, body, experience, achievements, skills_how)
    else:
        for sec in order:
            if sec == "summary":
                summary(ctx, body, achievements=achievements)
            elif sec == "skills":
                skills(ctx, body, skills_how)
                if word_like:  # a continuous section break after the skills, as Word writes it
                    brk = mk(
                        "w:sectPr",
                        None,
                        val("w:type", "continuous"),
                        mk("w:pgSz", {"w:w": "12240", "w:h": "15840"}),
                        mk(
                            "w:pgMar",
                            {
                                "w:top": "1080",
                                "w:right": "1080",
                                "w:bottom": "1080",
                                "w:left": "1080",
                                "w:header": "576",
                                "w:footer": "576",
                                "w:gutter": "0",
                            },
                        ),
                        mk("w:cols", {"w:space": "720"}),
                    )
                    doc.p(body, [], ppr(sect=brk))
            elif sec == "experience":
                experience(body)
            elif sec == "education":
                education(ctx, body)
            elif sec == "certs":
                certifications(ctx, body)
            elif sec == "awards":
                awards(ctx, body)
    if theme.header_footer:
        _header_footer(doc, f"{first} {last}")
    doc.finish()
    return doc, ctx.projects, ctx.distractors, plan_used, (first, last)


def _section_table(ctx: Ctx, c: etree._Element, entries: list[Entry], title: str | None) -> None:
    """K6: the experience section as a table, one row per entry (and maybe a heading row)."""
    doc, rng = ctx.doc, ctx.doc.rng
    f = doc.theme.body()
    two = rng.random() < 0.6
    widths = [2160, 7920] if two else [10080]
    tbl = table(widths, borders=rng.random() < 0.3)
    c.append(tbl)
    if title:
        hc = cell(row(tbl), sum(widths), span=len(widths), shade=rng.choice(["D9E2F3", "E7E6E6", "1F4E79"]))
        doc.p(hc, [R(title.upper(), f.but(bold=True, size=doc.theme.size + 2))], ppr(before=40, after=40))
    for e in entries:
        tr = row(tbl)
        proj = _proj(ctx, "K6", None, True, "K6")
        if two:
            left = cell(tr, widths[0], valign="top")
            dates = date_range(e, rng, str(doc.pick("K6.dates", ["mon", "num", "year"])))
            proj.fingerprint.append((doc.p(left, [R(dates, f.but(bold=True))], ppr(after=0)), dates))
            doc.p(left, [R(e.city, f)], ppr(after=0))
            right = cell(tr, widths[1])
            proj.fingerprint.append((doc.p(right, [R(e.company, f.but(bold=True))], ppr(after=0)), e.company))
            proj.fingerprint.append((doc.p(right, [R(e.role, f.but(italic=True))], ppr(after=40)), e.role))
            target = right
        else:
            target = cell(tr, widths[0])
            line = [R(e.company, f.but(bold=True)), R(" | " + date_range(e, rng, "mon"), f)]
            proj.fingerprint.append((doc.p(target, line, ppr(after=0)), inline_text(line)))
            proj.fingerprint.append((doc.p(target, [R(e.role, f.but(italic=True))], ppr(after=40)), e.role))
        if doc.pick("K6.resp", [True, False, False]):
            proj.heading = _resp_heading(ctx, target, "Responsibilities:", "bold")
        render_bullets(doc, target, proj, e.bullets, ctx.feats)
        ctx.projects.append(proj)


def _nested_entries(ctx: Ctx, c: etree._Element, entries: list[Entry]) -> None:
    """K7: each entry is a nested table (header row + bullets row) inside the page table's cell."""
    doc, rng = ctx.doc, ctx.doc.rng
    f = doc.theme.body()
    for e in entries:
        proj = _proj(ctx, "K7", None, True, "K7")
        inner = table([4600, 2200], borders=rng.random() < 0.3)
        c.append(inner)
        tr = row(inner)
        head = [R(e.company, f.but(bold=True)), R(" — " + e.role, f)]
        proj.fingerprint.append((doc.p(cell(tr, 4600), head, ppr(after=0)), inline_text(head)))
        dates = date_range(e, rng, str(doc.pick("K7.dates", ["mon", "num", "year"])))
        proj.fingerprint.append((doc.p(cell(tr, 2200), [R(dates, f)], ppr(after=0, jc="right")), dates))
        body_cell = cell(row(inner), 6800, span=2)
        render_bullets(doc, body_cell, proj, e.bullets, ctx.feats)
        ctx.projects.append(proj)
        doc.p(c, [], ppr(after=0))  # spacer between nested tables, as people do


def _two_column(
    ctx: Ctx,
    body: etree._Element,
    experience: Callable[[etree._Element], None],
    achievements: bool,
    skills_how: str,
) -> None:
    """K7 page: a sidebar column (skills, education, certifications) and a main column."""
    tbl = table([3240, 6840])
    body.append(tbl)
    tr = row(tbl)
    side = cell(tr, 3240, shade="F2F2F2")
    main = cell(tr, 6840)
    skills(ctx, side, "bullets" if skills_how != "table" else "lines")
    education(ctx, side)
    certifications(ctx, side)
    summary(ctx, main, achievements=achievements)
    experience(main)


def _header_footer(doc: Doc, name: str) -> None:
    """A header (name, sometimes a logo picture) and a footer with a PAGE field."""
    hdr_rels: list[tuple[str, str, str, bool]] = []
    pic = ""
    if doc.theme.header_image:
        doc.parts["word/media/logo.png"] = png_bytes(8, 4, (30, 60, 120))
        hdr_rels.append(("rId1", REL_TYPES["image"], "media/logo.png", False))
        pic = etree.tostring(picture_run("rId1", 900, 365760, 182880)).decode()
    ns = (
        'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    )
    hdr = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:hdr {ns}><w:p>'
        '<w:pPr><w:pStyle w:val="Header"/><w:jc w:val="right"/></w:pPr>'
        f'{pic}<w:r><w:t xml:space="preserve"> {name} – Résumé</w:t></w:r></w:p></w:hdr>'
    )
    ftr = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:ftr {ns}><w:p>'
        '<w:pPr><w:pStyle w:val="Footer"/>'
        '<w:jc w:val="center"/></w:pPr><w:r><w:t xml:space="preserve">Page </w:t></w:r>'
        '<w:fldSimple w:instr=" PAGE   \\* MERGEFORMAT "><w:r><w:t>1</w:t></w:r></w:fldSimple></w:p></w:ftr>'
    )
    doc.parts["word/header1.xml"] = hdr.encode()
    doc.parts["word/footer1.xml"] = ftr.encode()
    if hdr_rels:
        doc.part_rels["word/_rels/header1.xml.rels"] = hdr_rels
    h_rid, f_rid = doc.new_rid(), None
    doc.rels.append((h_rid, REL_TYPES["header"], "header1.xml", False))
    f_rid = doc.new_rid()
    doc.rels.append((f_rid, REL_TYPES["footer"], "footer1.xml", False))
    doc.sect_extra = [
        mk("w:headerReference", {"w:type": "default", "r:id": h_rid}),
        mk("w:footerReference", {"w:type": "default", "r:id": f_rid}),
    ]


def package(
    doc: Doc,
    author: str,
    *,
    main_ct: str | None = None,
    extra: dict[str, bytes] | None = None,
    extra_rels: list[tuple[str, str, str, bool]] | None = None,
) -> bytes:
    """Zip the document with its styles, numbering and other parts."""
    t = doc.theme
    sheet = StyleSheet(
        t.font,
        t.size,
        t.color,
        t.accent,
        doc.list_bullet_num,
        doc.list_bullet2_num,
        doc.list_number_num,
        doc.chain_num,
    )
    rels = list(doc.rels) + list(extra_rels or [])
    if t.flavor == "template":
        parts = template_parts()
        parts["word/styles.xml"] = extend_template_styles(parts["word/styles.xml"], sheet)
        parts["word/numbering.xml"] = doc.numbering.xml(parts["word/numbering.xml"])
        parts["docProps/core.xml"] = core_xml(author, "Resume")
        if t.para_ids:
            parts["word/settings.xml"] = settings_xml(doc.rsids)
        rels = parse_rels(parts["word/_rels/document.xml.rels"]) + rels
        ct_extra = template_content_types(parts["[Content_Types].xml"])
    else:
        parts = {
            "_rels/.rels": rels_xml(
                [
                    ("rId1", REL_TYPES["officeDocument"], "word/document.xml", False),
                    ("rId2", REL_TYPES["core"], "docProps/core.xml", False),
                    ("rId3", REL_TYPES["app"], "docProps/app.xml", False),
                ]
            ),
            "docProps/core.xml": core_xml(author, "Resume"),
            "docProps/app.xml": app_xml(),
            "word/styles.xml": minimal_styles_xml(sheet),
            "word/numbering.xml": doc.numbering.xml(None),
            "word/settings.xml": settings_xml(doc.rsids if t.para_ids else []),
            "word/fontTable.xml": font_table_xml(sorted({t.font, "Symbol", "Wingdings", "Courier New"})),
        }
        rels = [
            ("rId1", REL_TYPES["styles"], "styles.xml", False),
            ("rId2", REL_TYPES["numbering"], "numbering.xml", False),
            ("rId3", REL_TYPES["settings"], "settings.xml", False),
            ("rId4", REL_TYPES["fontTable"], "fontTable.xml", False),
            *rels,
        ]
        ct_extra = {}
    parts["word/document.xml"] = serialize(doc.root)
    parts["word/_rels/document.xml.rels"] = rels_xml(rels)
    parts.update(doc.parts)
    for name, prels in doc.part_rels.items():
        parts[name] = rels_xml(prels)
    parts.update(extra or {})
    parts["[Content_Types].xml"] = content_types_xml(list(parts), ct_extra, main_ct)
    return zip_parts(parts)


# ============================================================================================
# stack text
# ============================================================================================
def make_stack(rng: random.Random, words: Words, fmt: str) -> tuple[list[str], list[dict], str, list[str]]:
    """(techs, points [{tech, text}], stack text, variants) in ``fmt``."""
    from corpus_text import STACK_TECHS

    techs = rng.sample(STACK_TECHS, rng.randint(1, 4))
    variants: list[str] = []
    kinds_wanted = []
    if rng.random() < 0.3:
        kinds_wanted.append("long")
    if rng.random() < 0.3:
        kinds_wanted.append("unicode")
    if fmt != "G" and rng.random() < 0.35:
        kinds_wanted.append("colon")
    per_tech: list[list[str]] = []
    for tech in techs:
        per_tech.append([words.point(tech) for _ in range(rng.randint(1, 3))])
    for kind in kinds_wanted:  # replace a random point with a special one
        ti = rng.randrange(len(techs))
        pi = rng.randrange(len(per_tech[ti]))
        per_tech[ti][pi] = words.point(techs[ti], kind)
        variants.append({"long": "long_point", "unicode": "unicode", "colon": "colon_in_point"}[kind])
    points = [{"tech": t, "text": p} for t, pts in zip(techs, per_tech, strict=True) for p in pts]

    def block(tech: str, pts: list[str], sub: str, marker: str = "• ") -> str:
        if sub == "B":
            return f"{tech}: " + " ".join(f"• {p}" for p in pts)
        if sub == "C":
            return f"{tech}:\n" + "\n".join(f"{marker}{p}" for p in pts)
        if sub == "E":
            return f"{tech}\n" + "\n".join(f"{i}. {p}" for i, p in enumerate(pts, 1))
        if sub == "G":
            return f"{tech}\n" + "\n".join(pts)
        return f"{tech}\n" + "\n".join(f"{marker}{p}" for p in pts)

    if fmt == "B":
        text = "\n".join(block(t, p, "B") for t, p in zip(techs, per_tech, strict=True)) + "\n"
    elif fmt == "D":
        m = rng.choice(["• ", "- ", "▪ "])
        text = "\n".join(block(t, p, "A", m) for t, p in zip(techs, per_tech, strict=True)) + "\n"
        variants.append("no_blank_lines")
    elif fmt == "F":
        m = rng.choice(["- ", "* ", "▪ "])
        text = "\n\n".join(block(t, p, "A", m) for t, p in zip(techs, per_tech, strict=True)) + "\n"
        variants.append("marker " + m.strip())
    elif fmt == "M":
        subs = [rng.choice(["A", "B", "C", "E", "F"]) for _ in techs]
        parts = []
        for t, p, s in zip(techs, per_tech, subs, strict=True):
            parts.append(block(t, p, "A", rng.choice(["- ", "* "])) if s == "F" else block(t, p, s))
        text = "\n\n".join(parts) + "\n"
        variants.append("mixed " + "".join(subs))
    else:  # A, C, E, G
        text = "\n\n".join(block(t, p, fmt) for t, p in zip(techs, per_tech, strict=True)) + "\n"
    if rng.random() < 0.25:
        text = text.replace("\n", "\r\n")
        variants.append("crlf")
    return techs, points, text, variants


# ============================================================================================
# public API
# ============================================================================================
def build_case(layout: str, seed: int, stack_format: str) -> Case:
    """One good case: a resume in ``layout``, a stack in ``stack_format``, and their truth."""
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; known: {', '.join(LAYOUTS)}")
    if stack_format not in STACK_FORMATS:
        raise ValueError(f"unknown stack format {stack_format!r}; known: {', '.join(STACK_FORMATS)}")
    rng = random.Random(f"corpus:{layout}:{seed}:{stack_format}")
    words = Words(rng)
    doc, projects, distractors, plan, (first, last) = build_resume(layout, rng, words)
    techs, points, stack_text, variants = make_stack(rng, words, stack_format)
    name = f"{layout.lower()}_s{seed:02d}_{first.lower()}_{last.lower()}"
    data = package(doc, f"{first} {last}")

    index = {p: i for i, p in enumerate(doc.body.iter(q("w:p")))}
    k = min(3, len(projects))
    assignment = [i % k for i in range(len(points))]
    counts = [assignment.count(j) for j in range(k)]
    truth_projects = []
    for i, pj in enumerate(projects):
        assert pj.first_top is not None
        truth_projects.append(
            {
                "index": i,
                "layout": pj.layout,
                "inner_layout": pj.inner_layout,
                "in_table": pj.in_table,
                "fingerprint": [t for _, t in pj.fingerprint],
                "fingerprint_paragraph_indices": [index[e] for e, _ in pj.fingerprint],
                "responsibilities_heading": pj.heading,
                "bullets": [t for _, t in pj.bullets],
                "bullet_paragraph_indices": [index[e] for e, _ in pj.bullets],
                "bullet_ppr": canon(pj.first_top.find(q("w:pPr"))),
                "bullet_body_rpr": canon(pj.spec.body.rpr() if pj.spec.body else None),
                "literal_marker": pj.spec.literal_marker,
            }
        )
    truth = {
        "case": name,
        "set": "corpus",
        "kind": "resume",
        "layouts": sorted(set(plan) | {p.layout for p in projects}, key=lambda s: int(s[1:])),
        "layout_plan": plan,
        "stack_format": stack_format,
        "stack_variants": variants,
        "techs": techs,
        "points": points,
        "targets": k,
        "expected_counts": counts,
        "expected_assignment": assignment,
        "projects": truth_projects,
        "distractor_bullets": distractors,
        "paragraph_count": len(index),
        "docx_sha256": hashlib.sha256(data).hexdigest(),
        "generator": {
            "layout": layout,
            "description": LAYOUTS[layout],
            "seed": seed,
            "bullet_kinds": [p.spec.kind for p in projects],
            "package": doc.theme.flavor,
            "heading_style": doc.theme.heading,
            "header_footer": doc.theme.header_footer,
        },
    }
    return Case(name, data, stack_text, truth)


def build_bad_case(kind: str, seed: int) -> Case:
    """A hostile input the tool must refuse: exit non-zero, one stderr line, no output."""
    if kind not in BAD_KINDS:
        raise ValueError(f"unknown bad kind {kind!r}; known: {', '.join(BAD_KINDS)}")
    good = build_case("K1", seed, "A")
    name = f"bad_{kind}_s{seed:02d}"
    if kind == "empty":
        data = b""
    elif kind == "text":
        data = ("Curriculum vitae\n\nThis is plain text someone renamed to .docx.\n" * 20).encode()
    elif kind == "truncated":
        data = good.docx_bytes[: len(good.docx_bytes) * 3 // 5]
    else:
        rng = random.Random(f"corpus:bad:{seed}")
        doc, _, _, _, (first, last) = build_resume("K2", rng, Words(rng))
        vba = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(rng.randrange(256) for _ in range(1016))
        data = package(
            doc,
            f"{first} {last}",
            main_ct=MACRO_MAIN_CT,
            extra={"word/vbaProject.bin": vba},
            extra_rels=[("rId900", REL_TYPES["vba"], "vbaProject.bin", False)],
        )
    truth = {"case": name, "set": "corpus", "kind": "bad", "reason": BAD_KINDS[kind]}
    return Case(name, data, good.stack_text, truth)
