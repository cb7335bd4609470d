"""The page's long-lived services and its cached work, without Streamlit.

One ``Services`` per process and settings (``state.services()`` keeps it in a
``st.cache_resource``): the rate limiter, the per-session upload store, the outbox, and the
content caches that keep a rerun with ten uploaded resumes fast. Every cached result is keyed
by the content hash of its inputs (``cache.key_for``), so two sessions with the same file
share the work and nothing personal is shared. The values are read-only.

Kept free of Streamlit so the benchmark and the tests can drive it directly.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ..cache import ContentCache, key_for
from ..config import Settings
from ..coverage import CoverageReport, coverage, gather_keywords
from ..errors import CustomizerError
from ..guard.ratelimit import RateLimiter
from ..guard.sessions import SessionStore
from ..guard.text import clean_stack_text
from ..mail.message import content_hash
from ..mail.outbox import Outbox
from ..observe.health import HealthReport, check_health
from ..observe.logs import configure_logging
from ..observe.metrics import MetricsRegistry, get_registry
from ..preview import Preview, render_preview
from ..resume.document import ResumeDocument
from ..resume.explain import LineRole
from ..resume.lists import BulletList
from ..resume.name import candidate_name
from ..resume.tailor import ProjectInfo, TailorOptions, TailorResult, survey, tailor
from ..resume.template_link import upload_notes
from ..stack import StackParse, parse_stack_report
from ..workspace import WorkspaceStore

log = logging.getLogger(__name__)

HEALTH_EVERY_S = 30.0  # the checks touch the disk and the outbox: not on every refresh


@dataclass(frozen=True)
class Inspection:
    """What the guards and the detector said about one uploaded file."""

    ok: bool  # passed the guards and has projects, or bullet lists to pick as projects
    problem: str | None  # why not (or why no project was found), in plain words
    projects: tuple[ProjectInfo, ...] = ()
    notes: tuple[str, ...] = ()  # what tailoring will change besides the bullets (a remote template link)
    lists: tuple[BulletList, ...] = ()  # every bullet list, to pick from when detection is wrong
    doubts: tuple[str, ...] = ()  # why the projects found should be checked
    lines: tuple[LineRole, ...] = ()  # every line as detection read it (role, reason), on request
    candidate: str | None = None  # the person's name as the resume gives it at the top (None: not found)


@dataclass(frozen=True)
class Tailored:
    """A tailored resume with what it was made from."""

    result: TailorResult
    stack: StackParse
    digest: str  # content hash of the tailored .docx, the outbox's attachment key

    @property
    def techs(self) -> list[str]:
        """The stack's tech names, in order."""
        return [s.name for s in self.stack.stacks if s.name]


@dataclass(frozen=True)
class CoverageChange:
    """Keyword coverage of the resume before and after tailoring."""

    before: CoverageReport
    after: CoverageReport


def read_stack(text: str, settings: Settings) -> StackParse:
    """The stack text checked (length, control characters) and parsed; ``InputError`` if empty."""
    return parse_stack_report(clean_stack_text(text, settings.limits))


@dataclass
class Services:
    """Long-lived, thread-safe services shared by every session of one process."""

    settings: Settings
    limiter: RateLimiter
    store: SessionStore
    metrics: MetricsRegistry
    inspections: ContentCache[Inspection]
    tailorings: ContentCache[Tailored]
    previews: ContentCache[Preview]
    coverages: ContentCache[CoverageChange]
    # Each upload guarded and parsed once; the projects table, previews, downloads and coverage
    # all read the same parsed document.
    documents: ContentCache[ResumeDocument] | None = None
    workspaces: WorkspaceStore | None = None  # saved workspaces (None: turned off)
    clock: Callable[[], float] = time.monotonic
    _outbox: Outbox | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _health: tuple[float, HealthReport] | None = field(default=None, repr=False)

    @classmethod
    def build(cls, settings: Settings) -> Services:
        """Every service for ``settings``: logging configured, the metrics sampler started."""
        configure_logging(settings)
        metrics = get_registry(settings)
        return cls(
            settings=settings,
            limiter=RateLimiter(settings, metrics=metrics),
            store=SessionStore.from_settings(settings),
            metrics=metrics,
            inspections=ContentCache(settings.cache, name="inspect", metrics=metrics),
            tailorings=ContentCache(settings.cache, name="tailor", metrics=metrics),
            previews=ContentCache(settings.cache, name="preview", metrics=metrics),
            coverages=ContentCache(settings.cache, name="coverage", metrics=metrics),
            documents=ContentCache(settings.cache, name="document", metrics=metrics),
            workspaces=WorkspaceStore.from_settings(settings),
        )

    def document(self, data: bytes, name: str = "resume.docx") -> ResumeDocument:
        """The upload guarded and parsed, once per content (``InvalidDocument`` when unsafe)."""

        def compute() -> ResumeDocument:
            return ResumeDocument.open(data, limits=self.settings.limits, filename=name)

        if self.documents is None:
            return compute()
        return self.documents.get_or_compute(key_for("document", data), compute)

    def outbox(self) -> Outbox:
        """The outbox in the data directory, opened on first use (``InputError`` if it cannot be)."""
        with self._lock:
            if self._outbox is None:
                self._outbox = Outbox.in_data_dir(self.settings.data_dir)
            return self._outbox

    def health(self) -> HealthReport:
        """The health report, run at most once every ``HEALTH_EVERY_S`` seconds."""
        with self._lock:
            kept = self._health
        if kept is not None and self.clock() - kept[0] < HEALTH_EVERY_S:
            return kept[1]
        report = check_health(self.settings)
        with self._lock:
            self._health = (self.clock(), report)
        return report

    # -- cached work ----------------------------------------------------------------------

    def inspect(self, name: str, data: bytes) -> Inspection:
        """Guard and detect one upload (cached by name and content)."""
        return self.inspections.get_or_compute(
            key_for("inspect", name, data), lambda: _inspect(self, name, data)
        )

    def tailor(
        self,
        name: str,
        data: bytes,
        stack_text: str,
        projects: int,
        enrich: bool,
        *,
        pick: tuple[int, ...] | None = None,
        pick_lists: tuple[int, ...] | None = None,
    ) -> Tailored:
        """The resume tailored with this stack and these options (cached by all of them)."""
        key = tailoring_key(name, data, stack_text, projects, enrich, pick=pick, pick_lists=pick_lists)

        def compute() -> Tailored:
            stack = read_stack(stack_text, self.settings)
            options = TailorOptions(
                projects=projects,
                enrich=enrich,
                limits=self.settings.limits,
                filename=name,
                pick=pick,
                pick_lists=pick_lists,
            )
            result = tailor(self.document(data, name), stack.stacks, options)
            return Tailored(result, stack, content_hash(result.docx))

        return self.tailorings.get_or_compute(key, compute)

    def preview(self, key: str, tailored: Tailored) -> Preview:
        """The sanitized HTML preview of a tailoring (``key`` is its ``tailoring_key``)."""
        return self.previews.get_or_compute(key, lambda: render_preview(tailored.result))

    def coverage(self, key: str, original: bytes, tailored: Tailored, job_text: str) -> CoverageChange:
        """Keyword coverage (the stack's techs and the job description's) before and after."""
        job = job_text.strip()

        def compute() -> CoverageChange:
            keywords = gather_keywords(tailored.techs, job or None)
            after = tailored.result.document or tailored.result.docx
            return CoverageChange(coverage(self.document(original), keywords), coverage(after, keywords))

        return self.coverages.get_or_compute(key_for("coverage", key, job), compute)


def tailoring_key(
    name: str,
    data: bytes,
    stack_text: str,
    projects: int,
    enrich: bool,
    *,
    pick: tuple[int, ...] | None = None,
    pick_lists: tuple[int, ...] | None = None,
) -> str:
    """The content key of one tailoring: the file, its name, the stack and the options."""
    parts = [str(projects), "enrich" if enrich else ""]
    if pick is not None:
        parts.append("pick " + ",".join(map(str, pick)))
    if pick_lists is not None:
        parts.append("lists " + ",".join(map(str, pick_lists)))
    return key_for("tailor", name, data, stack_text, *parts)


def _inspect(services: Services, name: str, data: bytes) -> Inspection:
    try:
        document = services.document(data, name)
        found = survey(document, limits=services.settings.limits, filename=name)
    except CustomizerError as exc:
        return Inspection(False, exc.message)
    notes = upload_notes(document.package)
    # Detection walked the paragraphs already (survey): the name costs a look at the top only.
    candidate = candidate_name(document, paras=document.analysis().detection.paras)
    if found.projects:
        return Inspection(
            True, None, found.projects, notes, found.lists, found.doubts, found.lines, candidate
        )
    if not found.lists:
        return Inspection(False, found.no_projects_message, lines=found.lines, candidate=candidate)
    # Not a dead end: the recruiter picks, in the resume's tab, the lists that hold the work.
    return Inspection(
        True, found.no_projects_message, (), notes, found.lists, found.doubts, found.lines, candidate
    )


__all__ = [
    "CoverageChange",
    "Inspection",
    "Services",
    "Tailored",
    "read_stack",
    "tailoring_key",
]
