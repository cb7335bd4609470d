"""Opt-in enrichment: the stack's tech names added to Environment lines and the Skills section.

* Environment: each target project's ``Environment:`` / ``Technologies:`` / ``Tech Stack:``
  line (a plain line, a bold label and a value run, the last bullet, or a label cell beside a
  value cell) gets the techs whose points went into that project and that it does not name
  yet — alias-aware, so "K8s" there means Kubernetes is present. Methodologies are not added.
* Skills: each tech the Skills section does not name yet goes to the row of its category (a
  table row of label cell and values cell, or a ``Label: values`` line, bulleted or not),
  chosen by the labels in ``data/aliases.toml``; what cannot be placed is reported.

The added text is one new run after the line's last text run, with that run's formatting
(never the label's), separated the way the line already separates its items. A final period
stays final ("Java, Spring." -> "Java, Spring, Kafka."). Nothing else in the paragraph changes.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from ..keywords import Tech, TechIndex, display_name, tech_index, term_key
from ..stack import TechStack
from .detect import ENVIRONMENT, Detection, Project, Section, SectionKind
from .insert import body_rpr
from .plan import Placement
from .structure import W_HYPERLINK, W_P, W_R, W_RPR, W_T, W_TC, Para
from .xml import qn

_XML_SPACE = qn("xml:space")
_LABEL_LINE = re.compile(r"^(?P<label>[^:\n]{2,40}?)\s*(?::|\s[-–—|]\s)\s*(?P<values>\S.*)$")
_SEPARATORS = (", ", "; ", " | ", " • ", " · ", " / ", ",")
_MAX_LABEL_WORDS = 5


@dataclass(frozen=True)
class Edit:
    """Text added to an existing paragraph of the tailored document."""

    kind: str  # "environment" or "skills"
    paragraph: int  # position among body_paragraphs() of the tailored document
    run: int  # position of the added run among the paragraph's w:r elements
    text: str  # the text added, separator included (a moved final period left out)
    techs: tuple[str, ...]
    label: str  # "Environment", "DevOps & Tools"
    project: int | None = None  # the project whose Environment line it is

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form."""
        return {
            "kind": self.kind,
            "paragraph": self.paragraph,
            "text": self.text,
            "techs": list(self.techs),
            "label": self.label,
            "project": self.project,
        }


@dataclass(frozen=True)
class Unplaced:
    """A tech the Skills section (or every Environment line) did not receive, and why."""

    tech: str
    reason: str

    def as_dict(self) -> dict[str, str]:
        """A JSON-ready form."""
        return {"tech": self.tech, "reason": self.reason}


@dataclass
class _Change:
    kind: str
    para: etree._Element
    run: etree._Element
    text: str
    techs: tuple[str, ...]
    label: str
    project: int | None


@dataclass
class Enrichment:
    """What enrichment did to the tree; positions are resolved once every change is made."""

    changes: list[_Change] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)

    def edits(self, paragraphs: Sequence[etree._Element]) -> tuple[Edit, ...]:
        """The changes as ``Edit`` records, positioned among the final document's paragraphs."""
        where = {p: i for i, p in enumerate(paragraphs)}
        out = []
        for c in self.changes:
            runs = list(c.para.iter(W_R))
            out.append(Edit(c.kind, where[c.para], runs.index(c.run), c.text, c.techs, c.label, c.project))
        return tuple(sorted(out, key=lambda e: e.paragraph))

    def warnings(self) -> list[str]:
        """One line for the user about what could not be placed, if anything."""
        if not self.unplaced:
            return []
        parts = [f"{u.tech} ({u.reason})" for u in self.unplaced]
        return ["Enrichment could not place: " + "; ".join(parts) + "."]


# ---------------------------------------------------------------------------------------
# Which techs
# ---------------------------------------------------------------------------------------


def stack_techs(name: str, index: TechIndex) -> list[tuple[str, Tech]]:
    """The known techs a stack's name stands for, each with the name to write."""
    clean = " ".join(name.split())
    tech = index.resolve(clean)
    if tech is not None:
        return [(display_name(clean, tech), tech)]
    return [(t.name, t) for t in index.techs_in(clean)]


def _unique(items: list[tuple[str, Tech]]) -> list[tuple[str, Tech]]:
    seen: set[str] = set()
    out = []
    for display, tech in items:
        if tech.name not in seen:
            seen.add(tech.name)
            out.append((display, tech))
    return out


# ---------------------------------------------------------------------------------------
# Paragraph surgery
# ---------------------------------------------------------------------------------------


def _plain(p: Para) -> str:
    text = p.text[len(p.literal) :] if p.literal else p.text
    return " ".join(text.split())


def _run_text(r: etree._Element) -> str:
    return "".join(t.text or "" for t in r.iter(W_T))


def _strip_ids(el: etree._Element) -> etree._Element:
    for node in el.iter():
        for name in [n for n in node.attrib if "}rsid" in n]:
            del node.attrib[name]
    return el


def separator(values: str) -> str:
    """How a line separates its items (", " unless it plainly uses something else)."""
    counts = {sep: values.count(sep) for sep in _SEPARATORS}
    counts[","] -= counts[", "]
    best = max(_SEPARATORS, key=lambda s: (counts[s], s == ", "))
    return best if counts[best] > 0 else ", "


def append_run(p: etree._Element, text: str) -> etree._Element | None:
    """Add ``text`` in a new run after the paragraph's last text run, in that run's formatting.

    A final period of the line moves to the end of the new text. Returns the new run, or None
    when the paragraph has no text run to follow.
    """
    runs = [r for r in p.iter(W_R) if _run_text(r).strip() and next(r.iterancestors(W_P)) is p]
    if not runs:
        return None
    last = runs[-1]
    anchor, in_link = last, False  # anchor: the child of the paragraph that holds the run
    while anchor.getparent() is not p:
        anchor = anchor.getparent()
        in_link = in_link or anchor.tag == W_HYPERLINK
    # A link's look (blue, underlined) is not the line's: take the paragraph's body text look.
    rpr = body_rpr(p) if in_link else last.find(W_RPR)

    texts = [t for t in last.iter(W_T) if t.text]
    final = texts[-1]
    content = final.text or ""
    trimmed = content.rstrip()
    if trimmed.endswith(".") and not trimmed.lower().endswith("etc.") and not in_link:
        final.text = trimmed[:-1]
        text += "."
    elif trimmed != content and not in_link:
        final.text = trimmed  # a trailing space would stand before the separator

    run = p.makeelement(W_R, {})
    if rpr is not None:
        run.append(_strip_ids(copy.deepcopy(rpr)))
    t = run.makeelement(W_T, {})
    t.text = text
    if text != text.strip() or "  " in text:
        t.set(_XML_SPACE, "preserve")
    run.append(t)
    anchor.addnext(run)
    return run


def _add(values: str, names: list[str]) -> str:
    """The text to append to a line whose items read ``values``."""
    sep = separator(values)
    body = sep.join(names)
    stripped = values.rstrip().rstrip(".").rstrip()
    if not stripped:
        return body
    if stripped.endswith(sep.strip()):
        return (" " if sep.endswith(" ") else "") + body
    return sep + body


# ---------------------------------------------------------------------------------------
# Environment lines
# ---------------------------------------------------------------------------------------


def environment_value(detection: Detection, env: Para) -> tuple[Para, str, str] | None:
    """The paragraph holding an Environment line's values, the label, and the values' text.

    The values follow the label in the same paragraph, or stand in the next cell of the
    label's table row, or in the next paragraph after a label alone on its line.
    """
    plain = _plain(env)
    m = ENVIRONMENT.match(plain)
    if m is None:
        return None
    label = plain[: m.end()].strip().rstrip(":-–—").strip()
    rest = plain[m.end() :].strip()
    if rest:
        return env, label, rest
    by_el = {p.el: p for p in detection.paras}
    if env.cell is not None and env.row is not None:
        after = False
        for tc in env.row.iterchildren(W_TC):
            if tc is env.cell:
                after = True
                continue
            if not after:
                continue
            paras = [by_el[q] for q in tc.iter(W_P) if q in by_el and by_el[q].stripped]
            if paras:
                return paras[-1], label, " ".join(_plain(q) for q in paras)
        return None
    for p in detection.paras[env.index + 1 :]:
        if p.stripped:
            return (p, label, _plain(p)) if not p.is_list else None
    return None


def _enrich_environments(
    detection: Detection,
    stacks: Sequence[TechStack],
    placements: Sequence[Placement],
    targets: int,
    index: TechIndex,
    out: Enrichment,
    projects: Sequence[Project] | None = None,
) -> None:
    names_by_stack = {s.name: stack_techs(s.name, index) for s in stacks if s.name}
    chosen = list(projects) if projects is not None else detection.projects[:targets]
    for i, project in enumerate(chosen[:targets]):
        if project.environment is None:
            continue
        found = environment_value(detection, project.environment)
        if found is None:
            continue
        para, label, values = found
        wanted: list[tuple[str, Tech]] = []
        for pl in placements:
            if pl.project == i:
                wanted.extend(names_by_stack.get(pl.tech, []))
        present = index.mentioned(values)
        adding: list[str] = []
        techs: list[str] = []
        for display, tech in _unique(wanted):
            if tech.name in present or not index.category(tech).environment:
                continue
            present |= index.closure(tech)
            adding.append(display)
            techs.append(tech.name)
        if not adding:
            continue
        text = _add(values, adding)
        run = append_run(para.el, text)
        if run is not None:
            out.changes.append(_Change("environment", para.el, run, text, tuple(techs), label, i))


# ---------------------------------------------------------------------------------------
# Skills section
# ---------------------------------------------------------------------------------------


@dataclass
class _Row:
    label: str
    para: Para  # where new items go
    values: str
    one_per_bullet: bool  # the values are one bullet each: not extended

    @property
    def words(self) -> str:
        t = self.label.lower().replace("&", " and ")
        return " " + " ".join(re.split(r"[^a-z0-9/+#.]+", t)).strip() + " "


def _skill_rows(section: Section, detection: Detection) -> list[_Row]:
    """The labelled rows of a Skills section: label/values table rows and ``Label: values`` lines."""
    by_el = {p.el: p for p in detection.paras}
    rows: list[_Row] = []
    table_rows: set[etree._Element] = set()
    seen: set[etree._Element] = set()
    for p in section.paras:
        row = p.row
        if row is None or row in seen:
            continue
        seen.add(row)
        cells = []
        for tc in row.iterchildren(W_TC):
            paras = [by_el[q] for q in tc.iter(W_P) if q in by_el and by_el[q].stripped]
            if paras:
                cells.append(paras)
        if len(cells) < 2:
            continue
        label = " ".join(q.stripped for q in cells[0]).strip().rstrip(":").strip()
        if not label or len(label) > 40 or len(label.split()) > _MAX_LABEL_WORDS or "," in label:
            continue
        values = cells[-1]
        one_per_bullet = len(values) > 1 and all(q.is_list for q in values)
        rows.append(_Row(label, values[-1], ", ".join(_plain(q) for q in values), one_per_bullet))
        table_rows.add(row)
    for p in section.paras:
        if not p.stripped or (p.row is not None and p.row in table_rows):
            continue
        m = _LABEL_LINE.match(_plain(p))
        if m is None:
            continue
        label = m.group("label").strip()
        if len(label.split()) > _MAX_LABEL_WORDS or "," in label:
            continue
        rows.append(_Row(label, p, m.group("values"), False))
    return rows


def _score(row: _Row, labels: Sequence[str]) -> int:
    words = row.words
    return sum(len(phrase.split()) for phrase in labels if f" {phrase} " in words)


def _row_for(tech: Tech, rows: list[_Row], index: TechIndex) -> _Row | None:
    """The row a tech belongs in: its category's, else a general row, else a fallback's."""

    def best(labels: Sequence[str]) -> _Row | None:
        scored = [(_score(r, labels), -len(r.words.split()), -i, r) for i, r in enumerate(rows)]
        scored = [s for s in scored if s[0] > 0]
        return max(scored, key=lambda s: s[:3])[3] if scored else None

    category = index.category(tech)
    found = best(category.labels)
    if found is not None:
        return found
    for r in rows:
        if term_key(r.label) in index.general_labels:
            return r
    for name in category.fallback:
        found = best(index.categories[name].labels)
        if found is not None:
            return found
    return None


def _enrich_skills(
    detection: Detection, stacks: Sequence[TechStack], index: TechIndex, out: Enrichment
) -> None:
    wanted: list[tuple[str, Tech]] = []
    for s in stacks:
        if s.name:
            wanted.extend(stack_techs(s.name, index))
    wanted = _unique(wanted)
    if not wanted:
        return
    sections = [s for s in detection.sections if s.kind is SectionKind.SKILLS]
    if not sections:
        out.unplaced.extend(Unplaced(d, "the resume has no Skills section") for d, _ in wanted)
        return
    rows = [r for s in sections for r in _skill_rows(s, detection)]
    present: set[str] = set()
    for s in sections:
        for p in s.paras:
            present |= index.mentioned(p.text)
    plan: dict[int, tuple[_Row, list[tuple[str, Tech]]]] = {}
    for display, tech in wanted:
        if tech.name in present:
            continue
        row = _row_for(tech, rows, index)
        if row is None:
            out.unplaced.append(Unplaced(display, f"no Skills row for {tech.category}"))
            continue
        if row.one_per_bullet:
            out.unplaced.append(Unplaced(display, f"the '{row.label}' row lists one skill per bullet"))
            continue
        present |= index.closure(tech)
        plan.setdefault(id(row), (row, []))[1].append((display, tech))
    for row, items in plan.values():
        text = _add(row.values, [d for d, _ in items])
        run = append_run(row.para.el, text)
        if run is None:
            out.unplaced.extend(Unplaced(d, f"the '{row.label}' row has no text to follow") for d, _ in items)
            continue
        out.changes.append(
            _Change("skills", row.para.el, run, text, tuple(t.name for _, t in items), row.label, None)
        )


def enrich(
    detection: Detection,
    stacks: Sequence[TechStack],
    placements: Sequence[Placement],
    targets: int,
    index: TechIndex | None = None,
    projects: Sequence[Project] | None = None,
) -> Enrichment:
    """Add the stack's tech names to the target projects' Environment lines and to the Skills section.

    ``projects`` are the targets (placement ``project`` i is ``projects[i]``); the first
    ``targets`` detected projects when not given.
    """
    index = index or tech_index()
    out = Enrichment()
    for s in stacks:
        if s.name and not stack_techs(s.name, index):
            out.unplaced.append(Unplaced(s.name, "not a known tech; add it to data/aliases.toml"))
    _enrich_environments(detection, stacks, placements, targets, index, out, projects)
    _enrich_skills(detection, stacks, index, out)
    return out


__all__ = [
    "Edit",
    "Enrichment",
    "Unplaced",
    "append_run",
    "enrich",
    "environment_value",
    "separator",
    "stack_techs",
]
