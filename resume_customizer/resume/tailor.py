"""Orchestration: ``tailor(docx_bytes, stacks, options) -> TailorResult``.

Load the package, walk the body, find the projects, plan which point goes where, insert the
points as clones of each project's own bullets, and write the package back with every other
part untouched. Recoverable oddities become warnings; bad input is an ``InputError``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from ..config import UploadLimits
from ..errors import InputError, InvalidDocument, NoProjectsFound
from ..guard.uploads import check_docx
from ..observe.metrics import get_registry
from ..stack import TechStack, parse_stack
from .detect import Detection, Project, detect
from .enrich import Edit, Unplaced, enrich
from .explain import LineRole, explain
from .insert import choose_template, insert_points
from .package import DocxPackage
from .plan import Placement, plan_points
from .structure import body_paragraphs, walk
from .styles import Styles
from .xml import NSMAP, parse_xml, qn, serialize_xml

log = logging.getLogger(__name__)

_STYLES_REL = "/styles"
# Parts the engine reads (under their usual names), handed over by the upload check.
_PARTS_READ = frozenset({"word/document.xml", "word/styles.xml", "word/numbering.xml"})
_NUMBERING_REL = "/numbering"

NO_PROJECTS_MESSAGE = (
    "No projects found: looked for an experience section (Experience, Work History, Projects …) "
    "whose entries (a company, client or role line, often with dates) are followed by bullet points "
    "(Word bullets or a typed •, -, –); make sure the responsibilities are a bulleted list."
)


@dataclass(frozen=True)
class TailorOptions:
    """How to tailor: how many projects receive points, whether to enrich; upload limits and name."""

    projects: int = 3
    enrich: bool = False  # also add the stack's tech names to Environment lines and Skills
    limits: UploadLimits = field(default_factory=UploadLimits)
    filename: str = "resume.docx"  # only shown in messages about the file

    def __post_init__(self) -> None:
        if not isinstance(self.projects, int) or self.projects < 1:
            raise InputError("The number of projects to tailor must be a whole number of at least 1.")
        if not isinstance(self.enrich, bool):
            raise InputError("The enrich option must be true or false.")


@dataclass(frozen=True)
class ProjectInfo:
    """A project as shown to the user: where it is and what it holds."""

    index: int
    title: str
    header: tuple[str, ...]
    bullets: tuple[str, ...]
    section: str
    responsibilities_heading: str | None
    in_table: bool

    @property
    def bullet_count(self) -> int:
        """How many bullets the project already has."""
        return len(self.bullets)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form."""
        return {
            "index": self.index,
            "title": self.title,
            "header": list(self.header),
            "bullet_count": self.bullet_count,
            "bullets": list(self.bullets),
            "section": self.section,
            "responsibilities_heading": self.responsibilities_heading,
            "in_table": self.in_table,
        }


@dataclass(frozen=True)
class TailorResult:
    """The tailored document, where each point went, and what the user should know."""

    docx: bytes
    plan: tuple[Placement, ...]
    warnings: tuple[str, ...]
    projects: tuple[ProjectInfo, ...]
    targets: int
    inserted: tuple[int, ...] = ()  # positions of the new paragraphs among body_paragraphs()
    edits: tuple[Edit, ...] = ()  # text added to existing paragraphs (enrichment)
    unplaced: tuple[Unplaced, ...] = ()  # techs enrichment could not place

    def report(self) -> dict[str, Any]:
        """A JSON-ready report of the tailoring."""
        return {
            "targets": self.targets,
            "projects": [p.as_dict() for p in self.projects],
            "plan": [
                {
                    "tech": pl.tech,
                    "point": pl.point,
                    "project": pl.project,
                    "project_title": self.projects[pl.project].title,
                }
                for pl in self.plan
            ],
            "warnings": list(self.warnings),
            "edits": [e.as_dict() for e in self.edits],
            "unplaced": [u.as_dict() for u in self.unplaced],
        }


@dataclass
class LoadedResume:
    """A parsed resume: its package, its document tree and what detection found."""

    package: DocxPackage
    root: etree._Element
    detection: Detection
    warnings: list[str] = field(default_factory=list)

    @property
    def projects(self) -> list[Project]:
        """The detected projects, in document order."""
        return self.detection.projects


_COUNT_PARAGRAPHS = etree.XPath("count(.//w:p)", namespaces=NSMAP)  # in C: no element objects made


def load(
    docx_bytes: bytes, *, limits: UploadLimits | None = None, filename: str = "resume.docx"
) -> LoadedResume:
    """Check, open, parse and analyse a resume; raise ``InvalidDocument`` when it is unsafe or unreadable."""
    limits = limits or UploadLimits()
    checked = check_docx(docx_bytes, filename=filename, limits=limits, keep=_PARTS_READ)
    package = DocxPackage.open(docx_bytes)
    package.prime(checked)  # the guard unzipped these already
    root = parse_xml(package.read(package.main_part) or b"", part=package.main_part)
    body = root.find(qn("w:body"))
    if body is None:
        raise InputError("The document has no body; re-save the resume from Word as .docx.")
    paragraphs = int(_COUNT_PARAGRAPHS(body))
    if paragraphs > limits.max_paragraphs:
        raise InvalidDocument(
            f"'{filename}' has {paragraphs} paragraphs, more than the {limits.max_paragraphs} a resume "
            "may have here (about 1,000 pages); split the document or remove what is not the resume."
        )
    styles_name = package.related_part(_STYLES_REL)
    numbering_name = package.related_part(_NUMBERING_REL)
    styles = Styles(
        package.read(styles_name, missing_ok=True) if styles_name else None,
        package.read(numbering_name, missing_ok=True) if numbering_name else None,
    )
    detection = detect(walk(body, styles))
    return LoadedResume(package, root, detection, list(detection.warnings))


def project_infos(projects: Sequence[Project]) -> tuple[ProjectInfo, ...]:
    """User-facing descriptions of the detected projects."""
    return tuple(
        ProjectInfo(
            index=p.index,
            title=p.title,
            header=tuple(p.header),
            bullets=tuple(p.bullet_texts),
            section=p.section,
            responsibilities_heading=p.responsibilities_heading,
            in_table=p.in_table,
        )
        for p in projects
    )


def detect_projects(
    docx_bytes: bytes, *, limits: UploadLimits | None = None, filename: str = "resume.docx"
) -> tuple[ProjectInfo, ...]:
    """The projects found in a resume, in document order (may be empty)."""
    with get_registry().timed("resume.detect"):
        projects = project_infos(load(docx_bytes, limits=limits, filename=filename).projects)
    log.info(
        "found %d project(s) in %s", len(projects), filename, extra={"operation": "detect", "file": filename}
    )
    return projects


def explain_resume(
    docx_bytes: bytes, *, limits: UploadLimits | None = None, filename: str = "resume.docx"
) -> tuple[tuple[LineRole, ...], LoadedResume]:
    """Every line of a resume with the role detection gave it and why; and the loaded resume."""
    resume = load(docx_bytes, limits=limits, filename=filename)
    return tuple(explain(resume.detection)), resume


def tailor(
    docx_bytes: bytes,
    stacks: Sequence[TechStack] | str,
    options: TailorOptions | None = None,
) -> TailorResult:
    """Insert the stacks' points into the resume's first projects; return the new document."""
    options = options or TailorOptions()
    with get_registry().timed("resume.tailor"):
        result = _tailor(docx_bytes, stacks, options)
    log.info(
        "tailored %s: %d point(s) into %d project(s)",
        options.filename,
        len(result.plan),
        result.targets,
        extra={"operation": "tailor", "file": options.filename},
    )
    return result


def _tailor(docx_bytes: bytes, stacks: Sequence[TechStack] | str, options: TailorOptions) -> TailorResult:
    if isinstance(stacks, str):
        stacks = parse_stack(stacks)
    stacks = list(stacks)
    if not any(s.points for s in stacks):
        raise InputError("There are no points to add; paste the tech stack with its bullet points.")
    resume = load(docx_bytes, limits=options.limits, filename=options.filename)
    projects = resume.projects
    if not projects:
        raise NoProjectsFound(NO_PROJECTS_MESSAGE)
    targets = min(options.projects, len(projects))
    placements = plan_points(stacks, targets)
    warnings = list(resume.warnings)
    if targets < options.projects:
        warnings.append(
            f"Only {len(projects)} project(s) with bullet points were found; "
            f"the points were spread over {targets} instead of {options.projects}."
        )
    added: set[etree._Element] = set()
    for i in range(targets):
        texts = [pl.point for pl in placements if pl.project == i]
        if texts:
            added.update(insert_points(choose_template(projects[i]), texts))
    enriched = enrich(resume.detection, stacks, placements, targets) if options.enrich else None
    if enriched is not None:
        warnings.extend(enriched.warnings())
    data = resume.package.write({resume.package.main_part: serialize_xml(resume.root)})
    body = resume.root.find(qn("w:body"))
    paragraphs = body_paragraphs(body)
    inserted = tuple(i for i, p in enumerate(paragraphs) if p in added)
    return TailorResult(
        docx=data,
        plan=tuple(placements),
        warnings=tuple(warnings),
        projects=project_infos(projects),
        targets=targets,
        inserted=inserted,
        edits=enriched.edits(paragraphs) if enriched is not None else (),
        unplaced=tuple(enriched.unplaced) if enriched is not None else (),
    )


__all__ = [
    "NO_PROJECTS_MESSAGE",
    "LoadedResume",
    "ProjectInfo",
    "TailorOptions",
    "TailorResult",
    "detect_projects",
    "explain_resume",
    "load",
    "tailor",
]
