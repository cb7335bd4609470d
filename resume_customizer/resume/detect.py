"""Sections, projects (experience entries) and their bullet lists.

The walk gives paragraphs in reading order; this module decides which of them are section
headings, which section is the experience, and how its paragraphs group into entries:
header lines (company, client, role, dates, ``Project 2: …``), an optional description and
``Responsibilities`` heading, then the bullet list, ended by an ``Environment:`` line or the
next entry's header. Bullets in Summary, Skills, Education or Certifications are never
targets. Nothing here edits the document.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum

from .structure import Para

# ---------------------------------------------------------------------------------------
# Section headings
# ---------------------------------------------------------------------------------------


class SectionKind(StrEnum):
    """What a section of the resume is about."""

    TOP = "top"  # before the first heading: name, contact, sometimes a summary
    SUMMARY = "summary"
    SKILLS = "skills"
    EXPERIENCE = "experience"
    EDUCATION = "education"
    CERTIFICATIONS = "certifications"
    OTHER = "other"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_KIND_WORDS: list[tuple[SectionKind, frozenset[str]]] = [
    (
        SectionKind.SUMMARY,
        _words("summary profile overview objective objectives synopsis introduction about"),
    ),
    (
        SectionKind.EXPERIENCE,
        _words(
            "experience experiences employment projects project assignments engagements engagement positions"
        ),
    ),
    (
        SectionKind.SKILLS,
        _words(
            "skills skill competencies competency technologies technology expertise tools proficiency "
            "proficiencies stack strengths toolkit"
        ),
    ),
    (
        SectionKind.EDUCATION,
        _words("education academic academics qualification qualifications degree degrees schooling"),
    ),
    (
        SectionKind.CERTIFICATIONS,
        _words(
            "certifications certification certificates certificate licenses licences license licence "
            "training trainings courses coursework credentials"
        ),
    ),
    (
        SectionKind.OTHER,
        _words(
            "awards award honors honours achievements accomplishments publications patents languages "
            "interests hobbies references volunteer volunteering activities declaration memberships "
            "membership affiliations extracurricular contact personal leadership recognition recognitions"
        ),
    ),
]
# Words that may stand in a heading beside the kind words ("Professional Work Experience").
_FILLER = _words(
    "professional work relevant technical key career core and of my details information history it "
    "industry consulting client clients selected recent previous major additional other areas area "
    "software computer programming held record highlights executive brief overall domain functional "
    "soft hard the in me summary detailed employment notable significant list a qualifications personal"
)
# Words that mark an entry's sub-heading, never a section ("Key Achievements:" inside a job).
_SUBHEADING_WORDS = _words("achievements accomplishments highlights activities leadership")
_ALL_SECTION_WORDS = frozenset().union(*(w for _, w in _KIND_WORDS)) | _FILLER
_NON_WORD = re.compile(r"[^a-z0-9 ]+")


def _heading_words(text: str) -> list[str]:
    t = text.strip().lower().replace("&", " and ").replace("/", " ")
    t = _NON_WORD.sub(" ", t)
    return t.split()


def section_kind(text: str) -> SectionKind | None:
    """The kind of section a heading's text names, or None when it names none."""
    words = _heading_words(text)
    if not words or len(words) > 6 or not all(w in _ALL_SECTION_WORDS for w in words):
        return None
    wordset = set(words)
    if {"experience", "summary"} <= wordset:
        return SectionKind.SUMMARY  # "Experience Summary" is the summary, not the jobs
    for kind, vocab in _KIND_WORDS:
        if wordset & vocab:
            return kind
    return None


def _looks_like_heading(p: Para) -> bool:
    """Formatting that sets a line apart as a heading."""
    if p.heading_level is not None:
        return True
    if p.is_list:
        return False
    return p.bold >= 0.6 or p.caps or p.border or p.cell is not None or p.text.rstrip().endswith(":")


def _signature(p: Para) -> tuple[object, ...]:
    return (p.style_id, p.heading_level, p.bold >= 0.6, p.caps, p.size, p.border, p.table_depth)


@dataclass
class Section:
    """A run of paragraphs under one heading."""

    kind: SectionKind
    title: str
    heading: Para | None
    paras: list[Para] = field(default_factory=list)


def find_sections(paras: list[Para]) -> list[Section]:
    """Split the body into sections at the recognised headings."""
    candidates: list[tuple[Para, SectionKind]] = []
    for p in paras:
        text = p.stripped
        if not text or len(text) > 60:
            continue
        kind = section_kind(text)
        if kind is not None and (not p.is_list or p.heading_level is not None):
            candidates.append((p, kind))

    strong = [(p, k) for p, k in candidates if k not in (SectionKind.OTHER,) and _looks_like_heading(p)]
    strong_sigs = {_signature(p) for p, _ in strong}
    strong_levels = {p.heading_level for p, _ in strong if p.heading_level is not None}

    accepted: dict[int, SectionKind] = {}
    for p, kind in candidates:
        words = set(_heading_words(p.stripped))
        matches_others = _signature(p) in strong_sigs or (
            p.heading_level is not None and p.heading_level in strong_levels
        )
        if words & _SUBHEADING_WORDS and not (words - _SUBHEADING_WORDS - _FILLER):
            # "Key Achievements": a section only when dressed exactly like the real ones.
            if matches_others:
                accepted[p.index] = kind
            continue
        if kind is SectionKind.OTHER:
            if matches_others or (not strong and _looks_like_heading(p)):
                accepted[p.index] = kind
            continue
        if _looks_like_heading(p) or matches_others or len(_heading_words(p.stripped)) <= 3:
            accepted[p.index] = kind

    sections = [Section(SectionKind.TOP, "", None)]
    for p in paras:
        kind = accepted.get(p.index)
        if kind is not None:
            sections.append(Section(kind, p.stripped.rstrip(":").strip(), p))
        else:
            sections[-1].paras.append(p)
    return sections


# ---------------------------------------------------------------------------------------
# Lines inside the experience section
# ---------------------------------------------------------------------------------------

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_YEAR = r"(?:19|20)\d{2}"
_DATE = (
    rf"(?:{_MONTH}\s*,?\s*'?(?:{_YEAR}|\d{{2}})|\d{{1,2}}\s*[/.\-]\s*(?:{_YEAR}|\d{{2}})|"
    rf"{_YEAR}\s*[/.\-]\s*\d{{1,2}}|(?:q[1-4]\s+)?{_YEAR})"
)
_PRESENT = r"(?:present|current(?:ly)?|now|today|till\s+date|to\s+date|date|ongoing|continuing|till\s+now)"
DATE_RANGE = re.compile(
    rf"(?<![\w/]){_DATE}\s*(?:[-–—~]+|\bto\b|\btill\b|\buntil\b|\bthrough\b|\bthru\b)\s*"
    rf"(?:{_DATE}|{_PRESENT})(?![\w/])",
    re.IGNORECASE,
)
_SINCE = re.compile(rf"\b(?:since|from)\s+{_DATE}", re.IGNORECASE)
_LABEL = re.compile(
    r"^\s*(?:client|company|employer|organi[sz]ation|project(?:\s*(?:#\s*)?\d+)?(?:\s+(?:name|title))?|"
    r"role|title|designation|position|duration|period|location|team\s+size|domain|customer|"
    r"job\s+title|dates?|tenure)\s*(?:\d+\s*)?[:\-–—]",
    re.IGNORECASE,
)
_RESP_WORDS = (
    r"(?:responsibilit(?:y|ies)|duties|duty|contributions|accomplishments|achievements|tasks|"
    r"activities|deliverables|highlights|work\s+performed|functions|role\s+description)"
)
_RESP = re.compile(
    rf"^(?:(?:key|major|main|primary|core|principal|professional|job|day[- ]to[- ]day|my|roles?|"
    rf"and|&|/|,|specific|general|technical|other)\s*)*{_RESP_WORDS}"
    rf"(?:\s*(?:and|&|/|,)\s*{_RESP_WORDS})*(?:\s+(?:include|included|handled|held))?\s*[:\-–—]?$",
    re.IGNORECASE,
)
# A secondary list inside the same job ("Achievements:") continues the entry.
_RESP_SECONDARY = re.compile(
    r"(?:achievements|accomplishments|highlights|contributions|deliverables)\s*[:\-–—]?$", re.IGNORECASE
)
ENVIRONMENT = re.compile(
    r"^\s*(?:technical\s+)?(?:environment|environments|technologies(?:\s+used)?|technology(?:\s+stack)?|"
    r"tech(?:nology|nical)?\s+stack|tools(?:\s*(?:and|&)\s*technologies)?(?:\s+used)?|"
    r"technologies\s*(?:and|&)\s*tools|software(?:\s+used)?|platforms?|skills\s+used|stack)\s*[:\-–—]",
    re.IGNORECASE,
)


def has_date_range(text: str) -> bool:
    """True when the text holds a date range such as ``Jan 2020 – Present`` or ``2019-2021``."""
    return bool(DATE_RANGE.search(text) or _SINCE.search(text))


def _is_resp_heading(p: Para) -> bool:
    text = p.stripped
    return 0 < len(text) <= 60 and bool(_RESP.match(text))


def _is_env(p: Para) -> bool:
    return bool(ENVIRONMENT.match(p.stripped))


def _is_headerish(p: Para) -> bool:
    """A line that plausibly starts or continues an entry's header."""
    text = p.stripped
    if has_date_range(text) or _LABEL.match(text):
        return True
    if p.heading_level is not None or p.bold >= 0.6:
        return True
    words = text.split()
    # A short line that is not a sentence: "Acme Corp, Dallas TX", "Senior Engineer".
    return len(words) <= 14 and not text.endswith((".", ";", ","))


def _is_header_item(p: Para, nxt: Para | None) -> bool:
    """A list item that is really an entry header: "• Acme Corp | 2019 – 2021" over sub-bullets."""
    text = p.stripped
    strong = has_date_range(text) or bool(_LABEL.match(text))
    if not strong:
        return False
    if p.bold >= 0.6 and len(text.split()) <= 20:
        return True
    return nxt is not None and nxt.is_list and _nesting(nxt) > _nesting(p)


def _nesting(p: Para) -> int:
    return p.level * 10_000 + (p.indent or 0)


def list_key(p: Para) -> tuple[object, ...]:
    """What makes list items belong to the same list: numbering or typed marker."""
    if p.num is not None:
        return ("num", p.num[0])
    return ("lit", (p.literal or "").strip()[:1])


# ---------------------------------------------------------------------------------------
# Entries and projects
# ---------------------------------------------------------------------------------------


@dataclass
class Entry:
    """An experience entry as grouped from the body: header lines, bullets, environment."""

    header: list[Para] = field(default_factory=list)
    bullets: list[Para] = field(default_factory=list)
    resp: Para | None = None
    env: Para | None = None
    closed: bool = False  # the bullet list ended (Environment line or a new header)


@dataclass
class Project:
    """An experience entry with a bullet list: a target for new points."""

    index: int
    title: str
    header: list[str]
    bullets: list[Para]
    section: str
    responsibilities_heading: str | None
    environment: Para | None

    @property
    def bullet_texts(self) -> list[str]:
        """The bullets' text with any typed marker removed."""
        out = []
        for b in self.bullets:
            t = b.text[len(b.literal) :] if b.literal else b.text
            out.append(" ".join(t.split()))
        return out

    @property
    def in_table(self) -> bool:
        """True when the bullets sit in a table cell."""
        return any(b.cell is not None for b in self.bullets)

    @property
    def top_bullets(self) -> list[Para]:
        """The outermost bullets (sub-bullets left out)."""
        if not self.bullets:
            return []
        least = min(_nesting(b) for b in self.bullets)
        return [b for b in self.bullets if _nesting(b) == least]


@dataclass
class Detection:
    """What was found in a resume."""

    projects: list[Project]
    sections: list[Section]
    paras: list[Para]
    warnings: list[str] = field(default_factory=list)


def _group(paras: list[Para], *, need_strong_header: bool) -> list[Entry]:
    """Group a region's paragraphs into entries."""
    items = [p for p in paras if p.stripped]
    entries: list[Entry] = []
    cur: Entry | None = None

    def new_entry() -> Entry:
        e = Entry()
        entries.append(e)
        return e

    for i, p in enumerate(items):
        nxt = items[i + 1] if i + 1 < len(items) else None
        is_bullet = p.is_list and p.heading_level is None and not _is_header_item(p, nxt)
        if is_bullet:
            if cur is None or cur.closed:
                cur = new_entry()
            cur.bullets.append(p)
        elif _is_env(p):
            if cur is not None:
                cur.env = p
                if cur.bullets:
                    cur.closed = True
        elif _is_resp_heading(p):
            secondary = bool(_RESP_SECONDARY.search(p.stripped))
            if cur is None or (cur.bullets and (cur.closed or not secondary)):
                cur = new_entry()
            if cur.resp is None:
                cur.resp = p
        else:
            if cur is None:
                cur = new_entry()
                cur.header.append(p)
            elif cur.bullets:
                continuation = (
                    not cur.closed
                    and not _is_headerish(p)
                    and nxt is not None
                    and nxt.is_list
                    and list_key(nxt) == list_key(cur.bullets[-1])
                )
                if not continuation:
                    cur = new_entry()
                    cur.header.append(p)
            else:
                cur.header.append(p)

    out = []
    for e in entries:
        if not e.bullets:
            continue
        if need_strong_header and not any(
            has_date_range(h.stripped) or _LABEL.match(h.stripped) for h in e.header
        ):
            continue
        if not e.header and e.resp is None and out:
            # Bullets with no header of their own after a closed list: another list of
            # the same job is more likely than a new job without a name.
            pass
        out.append(e)
    return out


def _title(e: Entry) -> str:
    for h in e.header:
        t = h.stripped
        if t:
            return t.replace("\t", " ")[:120]
    return "(untitled entry)"


def detect(paras: list[Para]) -> Detection:
    """Find the sections and the projects of a walked document."""
    sections = find_sections(paras)
    experience = [s for s in sections if s.kind is SectionKind.EXPERIENCE]
    entries: list[tuple[Entry, Section]] = []
    for s in experience:
        for e in _group(s.paras, need_strong_header=False):
            if e.header or e.resp is not None:
                entries.append((e, s))
    if not entries:
        # No experience heading, or one we could not read: look in sections that are not
        # known to be something else, but only at entries with a real header (dates, Client:).
        unknown = [s for s in sections if s.kind in (SectionKind.TOP, SectionKind.EXPERIENCE)]
        for s in unknown:
            for e in _group(s.paras, need_strong_header=True):
                entries.append((e, s))
    projects = [
        Project(
            index=i,
            title=_title(e),
            header=[h.stripped for h in e.header],
            bullets=e.bullets,
            section=s.title or s.kind.value,
            responsibilities_heading=e.resp.stripped if e.resp is not None else None,
            environment=e.env,
        )
        for i, (e, s) in enumerate(entries)
    ]
    warnings: list[str] = []
    return Detection(projects=projects, sections=sections, paras=paras, warnings=warnings)


def common(items: list[tuple[object, ...]]) -> tuple[object, ...] | None:
    """The most common item, ties going to the last one seen."""
    if not items:
        return None
    counts = Counter(items)
    best = max(counts.values())
    for item in reversed(items):
        if counts[item] == best:
            return item
    return None


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
