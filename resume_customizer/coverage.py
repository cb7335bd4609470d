"""ATS keyword coverage: which of a job's keywords a resume mentions, and where.

``coverage(document, keywords)`` walks the resume once (the engine's own walk and section
and project detection), scans each paragraph with the precompiled tech matcher
(``keywords.py``) and reports, per keyword, every paragraph that mentions it with its section
and project. Keywords are a stack's tech names and, optionally, those of a job description
(``job_keywords``); known techs are matched through their aliases ("K8s" counts for
Kubernetes, "Spring Boot" for Spring), unknown names as whole phrases in any case.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .keywords import Keyword, TechIndex, job_keywords, keywords_from_names, phrase_matcher, tech_index
from .resume.detect import Detection, SectionKind
from .resume.document import ResumeDocument, open_resume
from .resume.enrich import environment_value
from .stack import TechStack


@dataclass(frozen=True)
class Location:
    """A paragraph that mentions a keyword: its section and, in the experience, its project."""

    paragraph: int  # position among the walked body paragraphs
    section: str  # the section's kind: "skills", "experience", "summary" …
    section_title: str
    project: str | None  # the project's title when the paragraph belongs to one

    def describe(self) -> str:
        """A short human form: ``Skills (Technical Skills)``, ``Experience: Acme | 2020``."""
        title = self.section_title or ("Header" if self.section == SectionKind.TOP.value else self.section)
        if self.project:
            return f"{title}: {self.project}"
        return title


@dataclass(frozen=True)
class KeywordCoverage:
    """One keyword and every paragraph that mentions it."""

    keyword: str
    tech: str | None  # the canonical tech name when the tech table knows it
    locations: tuple[Location, ...]

    @property
    def found(self) -> bool:
        """True when the resume mentions the keyword at least once."""
        return bool(self.locations)

    def places(self) -> list[tuple[str, int]]:
        """Where it appears, grouped: (section or project, how many paragraphs), in order."""
        out: dict[str, int] = {}
        for loc in self.locations:
            key = loc.describe()
            out[key] = out.get(key, 0) + 1
        return list(out.items())

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form."""
        return {
            "keyword": self.keyword,
            "tech": self.tech,
            "count": len(self.locations),
            "locations": [
                {
                    "paragraph": loc.paragraph,
                    "section": loc.section,
                    "section_title": loc.section_title,
                    "project": loc.project,
                }
                for loc in self.locations
            ],
        }


@dataclass(frozen=True)
class CoverageReport:
    """Which keywords a resume mentions: the percentage, what is missing, where each one is."""

    keywords: tuple[KeywordCoverage, ...]

    @property
    def found(self) -> tuple[KeywordCoverage, ...]:
        """The keywords the resume mentions."""
        return tuple(k for k in self.keywords if k.found)

    @property
    def missing(self) -> tuple[str, ...]:
        """The keywords the resume never mentions."""
        return tuple(k.keyword for k in self.keywords if not k.found)

    @property
    def percent(self) -> float:
        """Share of the keywords mentioned, 0–100 (0 when there are no keywords)."""
        if not self.keywords:
            return 0.0
        return round(100.0 * len(self.found) / len(self.keywords), 1)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form."""
        return {
            "percent": self.percent,
            "found": len(self.found),
            "total": len(self.keywords),
            "missing": list(self.missing),
            "keywords": [k.as_dict() for k in self.keywords],
        }


def stack_keywords(stacks: Sequence[TechStack], index: TechIndex | None = None) -> list[Keyword]:
    """Keywords from a stack's tech names (points without a name add none)."""
    return keywords_from_names((s.name for s in stacks if s.name), index)


def gather_keywords(
    names: Iterable[str] = (), job_text: str | None = None, index: TechIndex | None = None
) -> list[Keyword]:
    """Keywords from names (a stack's) and a job description, without duplicates, names first."""
    index = index or tech_index()
    wanted = list(names)
    if job_text:
        wanted += job_keywords(job_text, index)
    return keywords_from_names(wanted, index)


def _owners(detection: Detection) -> tuple[dict[int, tuple[str, str]], dict[int, str]]:
    """Section (kind, title) and project title of each walked paragraph, by its position.

    A project owns the paragraphs from just after the previous project (or its section's
    start) to its last bullet or its Environment line (and that line's values).
    """
    section_of: dict[int, tuple[str, str]] = {}
    start_of: dict[int, int] = {}
    for s in detection.sections:
        title = s.title or ("" if s.kind is SectionKind.TOP else s.kind.value.title())
        members = ([s.heading] if s.heading is not None else []) + s.paras
        first = s.paras[0].index if s.paras else 0  # a project never owns its section's heading
        for p in members:
            section_of[p.index] = (s.kind.value, title)
            start_of[p.index] = first
    project_of: dict[int, str] = {}
    prev_end = -1
    for proj in detection.projects:
        ends = [b.index for b in proj.bullets]
        if proj.environment is not None:
            ends.append(proj.environment.index)
            value = environment_value(detection, proj.environment)
            if value is not None:
                ends.append(value[0].index)
        first_bullet = min(b.index for b in proj.bullets)
        start = max(prev_end + 1, start_of.get(first_bullet, 0))
        end = max(ends)
        for i in range(start, end + 1):
            project_of.setdefault(i, proj.title)
        prev_end = max(prev_end, end)
    return section_of, project_of


def measure(
    detection: Detection, keywords: Sequence[Keyword], index: TechIndex | None = None
) -> CoverageReport:
    """Coverage of already-resolved keywords in an already-analysed resume."""
    index = index or tech_index()
    section_of, project_of = _owners(detection)
    phrases = tuple(k.name for k in keywords if k.tech is None)
    extra = phrase_matcher(phrases) if phrases else None
    by_key: dict[str, list[Location]] = {k.key: [] for k in keywords}
    known = {k.tech.name for k in keywords if k.tech is not None}
    for p in detection.paras:
        text = p.text
        if not text.strip():
            continue
        hits: set[str] = set()
        if known:
            for m in index.find(text):
                hits |= index.closure(m.tech) & known
        if extra is not None:
            hits.update(f"\0{m.tech.name}" for m in extra.find(text))
        if not hits:
            continue
        kind, title = section_of.get(p.index, (SectionKind.TOP.value, ""))
        loc = Location(p.index, kind, title, project_of.get(p.index))
        for k in keywords:
            name = k.tech.name if k.tech is not None else f"\0{k.name}"
            if name in hits:
                by_key[k.key].append(loc)
    return CoverageReport(
        tuple(
            KeywordCoverage(k.name, k.tech.name if k.tech is not None else None, tuple(by_key[k.key]))
            for k in keywords
        )
    )


def coverage(
    docx_bytes: bytes | ResumeDocument, keywords: Iterable[str | Keyword], index: TechIndex | None = None
) -> CoverageReport:
    """Which of ``keywords`` the resume mentions, where, and the share it mentions.

    Give the upload's ``ResumeDocument`` (or a tailoring's ``result.document``) to read the
    detection it already has instead of checking and parsing bytes again.
    """
    index = index or tech_index()
    resolved: list[Keyword] = []
    seen: set[str] = set()
    for item in keywords:
        for k in [item] if isinstance(item, Keyword) else keywords_from_names([item], index):
            if k.key not in seen:
                seen.add(k.key)
                resolved.append(k)
    return measure(open_resume(docx_bytes).analysis().detection, resolved, index)


__all__ = [
    "CoverageReport",
    "KeywordCoverage",
    "Location",
    "coverage",
    "gather_keywords",
    "measure",
    "stack_keywords",
]
