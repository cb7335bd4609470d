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
from ..errors import InputError, NoProjectsFound
from ..observe.metrics import get_registry
from ..stack import TechStack, parse_stack
from .detect import Project
from .document import LoadedResume, ResumeDocument, open_resume
from .enrich import Edit, Unplaced, enrich
from .explain import LineRole, explain
from .insert import choose_template, insert_points
from .lists import BulletList, as_project, bullet_lists, describe_found
from .plan import Placement, plan_points
from .structure import body_paragraphs
from .template_link import remove_remote_links
from .xml import qn, serialize_xml

log = logging.getLogger(__name__)


# Said when the document has no bullet list at all (see ``no_projects_message``).
NO_PROJECTS_MESSAGE = (
    "No projects found: no experience entry with bullet points, and no bullet list anywhere in the "
    "document; make each job's responsibilities a bulleted list (Word bullets or a typed •, -, –)."
)


def no_projects_message(lists: Sequence[BulletList]) -> str:
    """Why nothing can be tailored, and what was found instead, in one line."""
    if not lists:
        return NO_PROJECTS_MESSAGE
    return (
        "No projects found: no experience entry with bullet points. "
        f"Bullet lists found only under {describe_found(lists)}; pick one with --pick-list K "
        "(numbers from detect --lists or --explain), or on the page."
    )


def _check_numbers(value: object, what: str) -> tuple[int, ...] | None:
    """A pick as given (a sequence of whole numbers from 1), sorted and without repeats."""
    if value is None:
        return None
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        raise InputError(f"The {what} to tailor must be numbers like 1,3,4.")
    if not all(isinstance(n, int) and not isinstance(n, bool) and n >= 1 for n in value):
        raise InputError(f"The {what} to tailor are counted from 1: give numbers like 1,3,4.")
    if not value:
        raise InputError(f"Pick at least one of the {what} to tailor.")
    return tuple(sorted(set(value)))


@dataclass(frozen=True)
class TailorOptions:
    """How to tailor: which projects receive points, whether to enrich; upload limits and name.

    The points go round-robin over the first ``projects`` projects; or over exactly the
    ``pick``ed ones (numbers from 1, as ``detect`` prints them); or over the ``pick_lists``,
    bullet lists numbered as ``detect --lists`` prints them, each taken as a project.
    """

    projects: int = 3
    enrich: bool = False  # also add the stack's tech names to Environment lines and Skills
    limits: UploadLimits = field(default_factory=UploadLimits)
    filename: str = "resume.docx"  # only shown in messages about the file
    pick: tuple[int, ...] | None = None
    pick_lists: tuple[int, ...] | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.projects, int) or self.projects < 1:
            raise InputError("The number of projects to tailor must be a whole number of at least 1.")
        if not isinstance(self.enrich, bool):
            raise InputError("The enrich option must be true or false.")
        object.__setattr__(self, "pick", _check_numbers(self.pick, "projects"))
        object.__setattr__(self, "pick_lists", _check_numbers(self.pick_lists, "bullet lists"))
        if self.pick is not None and self.pick_lists is not None:
            raise InputError(
                "Pick either projects (--pick) or bullet lists (--pick-list), not both: the lists "
                "stand in for the projects."
            )


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
    # The tailored document itself (its tree, as written): the preview and coverage read it
    # without unzipping, checking or parsing the bytes again.
    document: ResumeDocument | None = field(default=None, compare=False, repr=False)

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


def load(
    source: bytes | ResumeDocument, *, limits: UploadLimits | None = None, filename: str = "resume.docx"
) -> LoadedResume:
    """Check, open, parse and analyse a resume (for reading); raise ``InvalidDocument`` when unsafe."""
    return open_resume(source, limits=limits, filename=filename).analysis()


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
    docx_bytes: bytes | ResumeDocument, *, limits: UploadLimits | None = None, filename: str = "resume.docx"
) -> tuple[ProjectInfo, ...]:
    """The projects found in a resume, in document order (may be empty)."""
    with get_registry().timed("resume.detect"):
        projects = project_infos(load(docx_bytes, limits=limits, filename=filename).projects)
    log.info(
        "found %d project(s) in %s", len(projects), filename, extra={"operation": "detect", "file": filename}
    )
    return projects


@dataclass(frozen=True)
class Survey:
    """What a recruiter picks from: the projects found, every bullet list, and the doubts."""

    projects: tuple[ProjectInfo, ...]
    lists: tuple[BulletList, ...]  # without their paragraphs: safe to keep and cache
    doubts: tuple[str, ...] = ()  # why the projects found should be checked (empty when sure)
    lines: tuple[LineRole, ...] = ()  # every line with the role detection gave it, and why

    @property
    def no_projects_message(self) -> str:
        """The one line said when no project was found."""
        return no_projects_message(self.lists)


def survey(
    docx_bytes: bytes | ResumeDocument, *, limits: UploadLimits | None = None, filename: str = "resume.docx"
) -> Survey:
    """The projects found in a resume, every bullet list in it, and what to check about them."""
    with get_registry().timed("resume.detect"):
        resume = load(docx_bytes, limits=limits, filename=filename)
        found = Survey(
            projects=project_infos(resume.projects),
            lists=tuple(bl.detached() for bl in bullet_lists(resume.detection)),
            doubts=tuple(resume.detection.doubts),
            lines=tuple(explain(resume.detection)),
        )
    log.info(
        "found %d project(s) and %d bullet list(s) in %s",
        len(found.projects),
        len(found.lists),
        filename,
        extra={"operation": "detect", "file": filename},
    )
    return found


def _picked(numbers: Sequence[int], found: int, word: str, how: str) -> None:
    """Refuse a number beyond what the resume has, saying what it has."""
    for n in numbers:
        if n > found:
            if not found:
                has = f"no {word}s"
            elif found == 1:
                has = f"1 {word} (1)"
            else:
                has = f"{found} {word}s (1–{found})"
            raise InputError(
                f"{word.capitalize()} {n} does not exist: this resume has {has}; run {how} to see them."
            )


def _targets(resume: LoadedResume, options: TailorOptions, warnings: list[str]) -> list[Project]:
    """The projects that receive points, in document order."""
    projects = resume.projects
    if options.pick_lists is not None:
        lists = bullet_lists(resume.detection)
        _picked(options.pick_lists, len(lists), "bullet list", "detect --lists")
        return [as_project(lists[n - 1], i) for i, n in enumerate(options.pick_lists)]
    if not projects:
        raise NoProjectsFound(no_projects_message(bullet_lists(resume.detection)))
    if options.pick is not None:
        _picked(options.pick, len(projects), "project", "detect")
        return [projects[n - 1] for n in options.pick]
    targets = min(options.projects, len(projects))
    if targets < options.projects:
        warnings.append(
            f"Only {len(projects)} project(s) with bullet points were found; "
            f"the points were spread over {targets} instead of {options.projects}."
        )
    return projects[:targets]


def explain_resume(
    docx_bytes: bytes | ResumeDocument, *, limits: UploadLimits | None = None, filename: str = "resume.docx"
) -> tuple[tuple[LineRole, ...], LoadedResume]:
    """Every line of a resume with the role detection gave it and why; and the loaded resume."""
    resume = load(docx_bytes, limits=limits, filename=filename)
    return tuple(explain(resume.detection)), resume


def tailor(
    docx_bytes: bytes | ResumeDocument,
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


def _tailor(
    docx_bytes: bytes | ResumeDocument, stacks: Sequence[TechStack] | str, options: TailorOptions
) -> TailorResult:
    if isinstance(stacks, str):
        stacks = parse_stack(stacks)
    stacks = list(stacks)
    if not any(s.points for s in stacks):
        raise InputError("There are no points to add; paste the tech stack with its bullet points.")
    # The upload's checked and parsed document, on a copy of its tree that this tailoring changes.
    source = open_resume(docx_bytes, limits=options.limits, filename=options.filename)
    resume = source.working_copy(private=source is not docx_bytes)  # opened here: no one else reads it
    warnings = list(resume.warnings)
    chosen = _targets(resume, options, warnings)
    targets = len(chosen)
    placements = plan_points(stacks, targets)
    added: set[etree._Element] = set()
    for i, project in enumerate(chosen):
        texts = [pl.point for pl in placements if pl.project == i]
        if texts:
            added.update(insert_points(choose_template(project), texts))
    enriched = (
        enrich(resume.detection, stacks, placements, targets, projects=chosen) if options.enrich else None
    )
    if enriched is not None:
        warnings.extend(enriched.warnings())
    # A remote template link would make Word contact its host: it never leaves in a tailored copy.
    replacements, removed = remove_remote_links(resume.package)
    warnings.extend(removed)
    replacements[resume.package.main_part] = serialize_xml(resume.root)
    data = resume.package.write(replacements)
    body = resume.root.find(qn("w:body"))
    paragraphs = body_paragraphs(body)
    inserted = tuple(i for i, p in enumerate(paragraphs) if p in added)
    return TailorResult(
        docx=data,
        plan=tuple(placements),
        warnings=tuple(warnings),
        projects=project_infos(chosen),
        targets=targets,
        inserted=inserted,
        edits=enriched.edits(paragraphs) if enriched is not None else (),
        unplaced=tuple(enriched.unplaced) if enriched is not None else (),
        document=source.tailored(data, resume.root),
    )


__all__ = [
    "NO_PROJECTS_MESSAGE",
    "LoadedResume",
    "ProjectInfo",
    "ResumeDocument",
    "Survey",
    "TailorOptions",
    "TailorResult",
    "detect_projects",
    "explain_resume",
    "load",
    "no_projects_message",
    "survey",
    "tailor",
]
