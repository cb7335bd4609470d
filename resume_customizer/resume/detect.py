"""Detection: the resume's sections and projects, and why each line was read as it was.

Two stages. ``classify`` decides what each line is — a section heading and its kind, an
entry's header line, a ``Responsibilities`` label, a bullet, an ``Environment:`` line;
``group`` gathers the lines of the experience sections into entries and the entries with a
bullet list into projects. ``explain`` gives every paragraph its role and the reason for it,
which ``detect --explain`` prints and the page shows. Nothing here edits the document.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .classify import (
    ENVIRONMENT,
    Section,
    SectionKind,
    find_sections,
    list_key,
    section_kind,
)
from .dates import DATE_RANGE, has_date_range
from .group import Entry, Project, group_projects
from .structure import Para


@dataclass
class Detection:
    """What was found in a resume."""

    projects: list[Project]
    sections: list[Section]
    paras: list[Para]
    warnings: list[str] = field(default_factory=list)
    # Why the recruiter should check the projects found (empty when detection is sure):
    # "no experience section was recognised; …".
    doubts: list[str] = field(default_factory=list)
    entries: list[tuple[Entry, Section]] = field(default_factory=list)

    @property
    def confident(self) -> bool:
        """True when nothing about the detection calls for the recruiter's check."""
        return not self.doubts


def detect(paras: list[Para]) -> Detection:
    """Find the sections and the projects of a walked document."""
    sections = find_sections(paras)
    grouping = group_projects(sections)
    return Detection(
        projects=grouping.projects,
        sections=sections,
        paras=paras,
        warnings=grouping.warnings,
        doubts=grouping.doubts,
        entries=grouping.entries,
    )


__all__ = [
    "DATE_RANGE",
    "ENVIRONMENT",
    "Detection",
    "Entry",
    "Project",
    "Section",
    "SectionKind",
    "detect",
    "find_sections",
    "has_date_range",
    "list_key",
    "section_kind",
]
