"""Why each line was read as it was: every paragraph with its role, its reason and how sure.

``detect --explain`` prints this and the page shows it on request: it is how a recruiter or
a developer sees why a project was, or was not, found.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from .classify import LABEL, SectionKind, is_env, is_resp_heading, list_key, plain_text, signature
from .dates import has_date_range
from .detect import Detection
from .structure import Para


class Role(StrEnum):
    """What a line of the resume is."""

    SECTION = "section heading"
    ENTRY = "entry header"
    DATES = "date line"
    LABEL = "responsibilities label"
    BULLET = "bullet"
    ENVIRONMENT = "environment line"
    OTHER = "other"


class Confidence(StrEnum):
    """How sure the reading of a line is."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


@dataclass(frozen=True)
class LineRole:
    """One paragraph as detection read it."""

    index: int  # position in reading order (as walked)
    text: str
    role: Role
    reason: str
    confidence: Confidence
    section: str  # the section holding it ("" before the first heading)
    project: int | None = None  # 1-based number of the project it belongs to

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form."""
        return {
            "index": self.index,
            "text": self.text,
            "role": self.role.value,
            "reason": self.reason,
            "confidence": self.confidence.value,
            "section": self.section,
            "project": self.project,
        }


def _look(p: Para) -> str:
    """How a line is dressed, in words: "Heading 1 style, bold, all caps"."""
    parts = []
    if p.heading_level is not None:
        parts.append("Title style" if p.heading_level == 0 else f"Heading {p.heading_level} style")
    elif p.style_name:
        parts.append(f"style '{p.style_name}'")
    if p.bold >= 0.6:
        parts.append("bold")
    if p.caps:
        parts.append("all caps")
    if p.border:
        parts.append("a rule")
    if p.size is not None:
        parts.append(f"{p.size / 2:g} pt")
    if p.cell is not None:
        parts.append("in a table cell")
    return ", ".join(parts) or "plain"


def _list_identity(p: Para) -> str:
    key = list_key(p)
    if key[0] == "num":
        return f"Word list {key[1]}, level {p.level}"
    if key[0] == "enum":
        return "typed numbering"
    return f"typed marker '{(p.literal or '').strip()}'"


def _header_reason(h: Para, first: bool, number: int) -> tuple[Role, str]:
    text = plain_text(h)
    starts = f"starts project {number}" if first else f"header of project {number}"
    if has_date_range(text):
        return Role.DATES, f"{starts}: holds a date range"
    if LABEL.match(text):
        return Role.ENTRY, f"{starts}: a '{text.split(':')[0].strip()}:' label"
    return Role.ENTRY, f"{starts}: a short line ({_look(h)}) above its bullets"


def explain(detection: Detection) -> list[LineRole]:
    """Every non-empty paragraph with its role, the reason for it and the confidence."""
    section_of: dict[int, tuple[str, SectionKind, Para | None]] = {}
    for s in detection.sections:
        for p in s.paras:
            section_of[p.index] = (s.title, s.kind, s.heading)
        if s.heading is not None:
            section_of[s.heading.index] = (s.title, s.kind, s.heading)
    fallback = bool(detection.doubts)
    # A heading in the look several headings share is surely one; a lone look less surely.
    looks: dict[tuple[object, ...], int] = {}
    for s in detection.sections:
        if s.heading is not None:
            looks[signature(s.heading)] = looks.get(signature(s.heading), 0) + 1
    roles: dict[int, tuple[Role, str, Confidence, int | None]] = {}
    for number, (entry, section) in enumerate(detection.entries, start=1):
        sure = (
            Confidence.MEDIUM if fallback or section.kind is not SectionKind.EXPERIENCE else Confidence.HIGH
        )
        for i, h in enumerate(entry.header):
            role, reason = _header_reason(h, i == 0, number)
            roles[h.index] = (role, reason, sure, number)
        if entry.resp is not None:
            roles[entry.resp.index] = (
                Role.LABEL,
                f"introduces the bullets of project {number}",
                sure,
                number,
            )
        for k, b in enumerate(entry.bullets, start=1):
            reason = f"bullet {k} of project {number} ({_list_identity(b)})"
            roles[b.index] = (Role.BULLET, reason, sure, number)
        if entry.env is not None:
            roles[entry.env.index] = (
                Role.ENVIRONMENT,
                f"ends the bullets of project {number}: an Environment/Technologies line",
                sure,
                number,
            )
    out: list[LineRole] = []
    for p in detection.paras:
        if not p.stripped:
            continue
        title, kind, heading = section_of.get(p.index, ("", SectionKind.TOP, None))
        if heading is p:
            shared = looks.get(signature(p), 0) >= 2
            role = Role.SECTION
            conf = Confidence.HIGH if p.heading_level is not None or shared else Confidence.MEDIUM
            named = "a section it does not name" if kind is SectionKind.OTHER else f"the {kind.value} section"
            look = f"{_look(p)}{', like the other headings' if shared else ''}"
            out.append(LineRole(p.index, p.stripped, role, f"names {named} ({look})", conf, title))
            continue
        if p.index in roles:
            role, reason, conf, number = roles[p.index]
            out.append(LineRole(p.index, p.stripped, role, reason, conf, title, number))
            continue
        where = title or "the top of the document"
        if p.is_list:
            reason = f"a list item under {where} ({_list_identity(p)}), in no project"
            if kind is SectionKind.EXPERIENCE:
                reason += ": no entry header above its list"
            out.append(LineRole(p.index, p.stripped, Role.BULLET, reason, Confidence.MEDIUM, title))
        elif is_resp_heading(p):
            out.append(
                LineRole(
                    p.index,
                    p.stripped,
                    Role.LABEL,
                    f"a list label under {where}, in no project",
                    Confidence.MEDIUM,
                    title,
                )
            )
        elif is_env(p):
            out.append(
                LineRole(
                    p.index,
                    p.stripped,
                    Role.ENVIRONMENT,
                    f"an Environment line under {where}, in no project",
                    Confidence.MEDIUM,
                    title,
                )
            )
        else:
            reason = f"text under {where}"
            if kind is SectionKind.EXPERIENCE and has_date_range(p.stripped):
                reason += ": a dated entry without bullet points"
            out.append(LineRole(p.index, p.stripped, Role.OTHER, reason, Confidence.HIGH, title))
    return out


__all__ = ["Confidence", "LineRole", "Role", "explain"]
