"""Every bullet list of a resume, numbered in reading order: what the recruiter picks from.

Detection can miss a resume's projects, or take the wrong ones. The recruiter then picks the
bullet lists that hold the responsibilities (``tailor --pick-list 2,5``, or ticks on the
page); each picked list becomes a target as a detected project would. A list is consecutive
list items of one list (the same numbering or typed marker); its sub-levels belong to it; a
plain sentence between two of its items does not split it, a header line (bold, dated, a
heading) or a section heading does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from .classify import same_list
from .detect import Detection, Project, Section, has_date_range
from .structure import Para

TOP_OF_DOCUMENT = "top of the document"
_SHOWN_CHARS = 80


@dataclass(frozen=True)
class BulletList:
    """One bullet list of the document, as the recruiter sees it."""

    number: int  # 1-based, in reading order
    section: str  # title of the section holding it ("" before the first heading)
    heading: str  # the nearest line above it that is not a list item ("" for none)
    first: str  # its first bullet's text, without the typed marker
    count: int  # how many items (sub-items included)
    paras: tuple[Para, ...] = field(default=(), repr=False, compare=False)
    project: int | None = None  # 1-based number of the detected project whose bullets these are

    @property
    def where(self) -> str:
        """The section's title, or "top of the document"."""
        return self.section or TOP_OF_DOCUMENT

    def detached(self) -> BulletList:
        """The same description without the paragraphs (which hold the document's tree)."""
        return replace(self, paras=())

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form."""
        return {
            "number": self.number,
            "section": self.section,
            "heading": self.heading,
            "first": self.first,
            "count": self.count,
            "project": self.project,
        }


def item_text(p: Para) -> str:
    """A list item's text without its typed marker, on one line."""
    text = p.text[len(p.literal) :] if p.literal and p.text.startswith(p.literal) else p.text
    return " ".join(text.split())


def _shorten(text: str) -> str:
    return text if len(text) <= _SHOWN_CHARS else text[: _SHOWN_CHARS - 1].rstrip() + "…"


def _is_item(p: Para) -> bool:
    return p.is_list and p.heading_level is None


def _depth(p: Para) -> tuple[int, int]:
    return (p.level, p.indent or 0)


_LABELLED = re.compile(r"^[^:]{1,30}:")  # "Project: Claims Hub", "Client: Acme"


def _interrupts_only(p: Para) -> bool:
    """A sentence that may stand between two items of one list, not a line of an entry's header."""
    text = item_text(p)
    if p.heading_level is not None or p.bold >= 0.6 or p.caps or has_date_range(text):
        return False
    if _LABELLED.match(text):
        return False
    return len(text.split()) > 14 or text.endswith((".", ";", ","))


def _lists_in(section: Section) -> list[list[Para]]:
    """The section's lists as a reader sees them, each as its items in order."""
    out: list[list[Para]] = []
    cur: list[Para] | None = None
    tops: list[Para] = []  # the current list's outermost items
    pending: Para | None = None  # one plain line after the current list's last item
    for p in section.paras:
        if not p.stripped:
            continue
        if not _is_item(p):
            if cur is not None and pending is None and _interrupts_only(p):
                pending = p
            else:
                cur, tops, pending = None, [], None
            continue
        joins = False
        if cur is not None and p.cell is tops[0].cell:
            if any(same_list(t, p) for t in tops):
                joins = True
            elif pending is None and _depth(p) > _depth(tops[0]):
                joins = True  # a sub-item, whatever its numbering
        if joins and cur is not None:
            cur.append(p)
            if _depth(p) <= _depth(tops[0]):
                tops.append(p)
        else:
            cur, tops = [p], [p]
            out.append(cur)
        pending = None
    return out


def _by_project(items: list[Para], owner: dict[int, int]) -> list[tuple[list[Para], int | None]]:
    """A list as the recruiter picks from it: one list per detected project it holds.

    Where detection took some items of a list as a project's bullets, the list's other items
    are that project's header or label lines ("1. Acme | 2019 – 2021" over its sub-bullets,
    "• Responsibilities:"), not bullets: each project's own items make one list.
    """
    if not any(id(p) in owner for p in items):
        return [(items, None)]
    out: list[tuple[list[Para], int | None]] = []
    for p in items:
        number = owner.get(id(p))
        if number is None:
            continue
        if not out or out[-1][1] != number:
            out.append(([], number))
        out[-1][0].append(p)
    return out


def _heading_above(section: Section, first: Para, after: Para | None) -> str:
    """The line that names the list: the nearest non-item line above it (since ``after``, the
    previous list's last item), passing over a short label such as "Responsibilities:"."""
    lines: list[str] = []
    started = after is None
    for p in section.paras:
        if p is first:
            break
        if p is after:
            started = True
            lines = []
            continue
        if started and p.stripped and not _is_item(p):
            lines.append(p.stripped)
    for line in reversed(lines):
        if len(line.split()) > 3 or any(ch.isdigit() for ch in line):
            return _shorten(line)
    return _shorten(lines[-1]) if lines else ""


def bullet_lists(detection: Detection) -> list[BulletList]:
    """Every bullet list in the document, in reading order, numbered from 1."""
    owner: dict[int, int] = {}
    for number, project in enumerate(detection.projects, start=1):
        for b in project.bullets:
            owner.setdefault(id(b), number)
    titles = {number: project.title for number, project in enumerate(detection.projects, start=1)}
    out: list[BulletList] = []
    for section in detection.sections:
        previous: Para | None = None
        for items, project in (part for found in _lists_in(section) for part in _by_project(found, owner)):
            heading = _heading_above(section, items[0], previous)
            previous = items[-1]
            out.append(
                BulletList(
                    number=len(out) + 1,
                    section=section.title,
                    heading=_shorten(titles[project]) if project is not None and titles[project] else heading,
                    first=_shorten(item_text(items[0])),
                    count=len(items),
                    paras=tuple(items),
                    project=project,
                )
            )
    return out


def as_project(bl: BulletList, index: int) -> Project:
    """A picked list as a target project: its heading as title, its items as bullets."""
    return Project(
        index=index,
        title=bl.heading or f"List {bl.number} ({bl.where})",
        header=[bl.heading] if bl.heading else [],
        bullets=list(bl.paras),
        section=bl.section,
        responsibilities_heading=None,
        environment=None,
    )


def describe_found(lists: Sequence[BulletList]) -> str:
    """Where the lists are, in a few words: "Skills (6 items) and Contact (3 items)"."""
    by_section: dict[str, list[BulletList]] = {}
    for bl in lists:
        by_section.setdefault(bl.section or f"the {TOP_OF_DOCUMENT}", []).append(bl)
    parts = []
    for where, found in by_section.items():
        items = sum(bl.count for bl in found)
        counted = f"{items} item{'s' if items != 1 else ''}"
        if len(found) > 1:
            counted = f"{len(found)} lists, {counted}"
        parts.append(f"{where} ({counted})")
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


__all__ = ["TOP_OF_DOCUMENT", "BulletList", "as_project", "bullet_lists", "describe_found", "item_text"]
