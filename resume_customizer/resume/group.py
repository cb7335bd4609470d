"""Entries and projects: the lines of the experience sections grouped into jobs with bullet lists.

The second stage of detection. An entry is header lines (company, client, role, dates,
``Project 2: …``), an optional description and ``Responsibilities`` label, then the bullet
list, ended by an ``Environment:`` line or the next entry's header. An entry with a bullet
list is a project: a target for new points.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .classify import (
    ENVIRONMENT,
    LABEL,
    PROJECT_WORDS,
    Section,
    SectionKind,
    heading_words,
    is_bare_label,
    is_env,
    is_header_item,
    is_headerish,
    is_label_item,
    is_resp_heading,
    list_key,
    nesting,
    plain_text,
    same_list,
    signature,
)
from .dates import DATE_RANGE, has_date_range
from .structure import Para

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
        least = min(nesting(b) for b in self.bullets)
        return [b for b in self.bullets if nesting(b) == least]


def _starts_another_entry(cur: Entry, p: Para) -> bool:
    """A dated line dressed like the entry's first line, after a description: a new entry.

    ("Aperture | 2018 – 2020", a sentence about it, then "Black Mesa | 2015 – 2018": the
    first entry had no bullets.)
    """
    if not cur.header or not has_date_range(p.stripped):
        return False
    first = cur.header[0]
    if not has_date_range(first.stripped) or _line_look(first) != _line_look(p):
        return False
    return any(not is_headerish(h) for h in cur.header[1:])


def _dressed_like_header(p: Para, cur: Entry) -> bool:
    """A line in the very dress of the entry's own first header line: the next entry's header.

    A project title with a bold name and plain details ("**Weather app** - lead, 3-person team")
    may be bold for less than most of its characters, so not read as a header by itself; in
    the same style, size and partial bold as the entry's first line, it starts the next entry.
    """
    if not cur.header or p.is_list:
        return False
    h = cur.header[0]
    return (
        not h.is_list
        and p.bold >= 0.25
        and h.bold >= 0.25
        and p.style_id == h.style_id
        and p.size == h.size
        and (p.cell is None) == (h.cell is None)
    )


def _repeats_the_header(cur: Entry, p: Para) -> int | None:
    """How many lines before ``p`` start a new entry when ``p`` repeats the header's date line.

    A header already holding a date range, and more lines after it, that meets another date
    range in the same look is several entries without bullets (a German CV's dated stations,
    each a few lines): the new entry starts as many lines before its dates as the first one
    did. None when ``p`` does not start one.
    """
    if not has_date_range(p.stripped):
        return None
    k = next((i for i, h in enumerate(cur.header) if has_date_range(h.stripped)), None)
    if k is None or k > 2 or _line_look(cur.header[k]) != _line_look(p):
        return None
    if len(cur.header) - k - 1 <= k:
        return None  # nothing of the entry's own after its dates: promotions, a second role line
    lead = cur.header[len(cur.header) - k :] if k else []
    if any(has_date_range(h.stripped) for h in lead):
        return None
    return k


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_PHONE = re.compile(r"(?:\+|\b00)?\d[\d\s().-]{7,}\d")
_URL = re.compile(r"(?:https?://|www\.)\S+|\b(?:linkedin|github|xing)\.com\S*", re.IGNORECASE)


def _is_contact_line(p: Para) -> bool:
    """A line of contact details (an e-mail, a phone number, a profile link): never a job's bullet."""
    text = plain_text(p)
    if len(text.split()) > 12:
        return False
    rest = _URL.sub(" ", _PHONE.sub(" ", _EMAIL.sub(" ", text)))
    return rest != text and len(re.sub(r"[\W_]+", "", rest)) <= len(re.sub(r"[\W_]+", "", text)) // 2


def _is_skills_list(bullets: list[Para]) -> bool:
    """Three or more items, most of them a name or two, none a sentence: skills, not duties."""
    if len(bullets) < 3:
        return False
    texts = []
    for b in bullets:
        text = plain_text(b)
        if text.endswith(".") or text.count(" ") >= 6:
            return False  # a sentence, or more than six words: a duty, not a skill
        texts.append(text)
    counts = sorted(len(t.split()) for t in texts)
    return counts[len(counts) // 2] <= 3


def _jobs_as_list_items(items: list[Para]) -> set[Para]:
    """Top-level items of a multi-level list that are jobs, their sub-items being the bullets.

    Google Docs and LibreOffice users often make each job a level-0 item of a numbered list
    ("1. Senior Engineer, Acme Corp") whose level-1 items are that job's bullets. A bullet
    with a few sub-points is no job: the list's top items count as jobs only when most of
    them (two at least) have deeper items under them and none of those reads as a sentence (a bold
    title may end in a full stop).
    """
    tops: dict[tuple[object, ...], list[Para]] = {}
    parents: set[Para] = set()
    last_top: Para | None = None

    def deeper(p: Para, top: Para) -> bool:
        if p.num is not None and top.num is not None and p.num[0] == top.num[0]:
            return p.num[1] > top.num[1]  # one list: its levels say (a stray indent does not)
        return nesting(p) > nesting(top)  # another list: deeper by level or by indent

    for p in items:
        if p.is_list and last_top is not None and deeper(p, last_top):
            parents.add(last_top)  # the last top item's child
        elif p.num is not None and p.level == 0 and p.heading_level is None:
            tops.setdefault(list_key(p), []).append(p)
            last_top = p
    jobs: set[Para] = set()
    for group in tops.values():
        with_children = [p for p in group if p in parents]
        if (
            len(with_children) >= 2
            and len(with_children) * 3 >= len(group) * 2
            and all(
                len(plain_text(p).split()) <= 20 and (p.bold >= 0.6 or not plain_text(p).endswith((".", ";")))
                for p in with_children
            )
        ):
            jobs.update(with_children)
    return jobs


def _line_look(p: Para) -> tuple[object, ...]:
    return (p.style_id, p.heading_level, p.bold >= 0.6, p.size, p.cell is not None)


def _group(paras: list[Para], *, need_strong_header: bool, warnings: list[str] | None = None) -> list[Entry]:
    """Group a region's paragraphs into entries.

    An entry is header lines, then bullets; a line that is not a bullet after the bullets
    starts the next entry, unless it merely interrupts one list (a plain sentence between
    items of the same list). ``Environment:`` ends the list; a second list heading
    (``Technical Responsibilities``, ``Achievements``) continues the same entry. Label items
    ("➢ Client : Acme") are header lines.
    """
    items = [p for p in paras if p.stripped]
    job_items = _jobs_as_list_items(items)
    entries: list[Entry] = []
    cur: Entry | None = None
    env_value_pending = False

    def new_entry() -> Entry:
        e = Entry()
        entries.append(e)
        return e

    for i, p in enumerate(items):
        nxt = items[i + 1] if i + 1 < len(items) else None
        after = items[i + 2] if i + 2 < len(items) else None
        if env_value_pending and not p.is_list:
            env_value_pending = False  # the value cell of a bare "Environment" label
            continue
        env_value_pending = False
        if is_env(p):
            if cur is not None:
                cur.env = p
                if cur.bullets:
                    cur.closed = True
            env_value_pending = ENVIRONMENT.fullmatch(plain_text(p).rstrip(":-–— ")) is not None
            continue
        if is_resp_heading(p):
            # A second list heading with no header line between ("Managerial Responsibilities:"
            # then "Technical Responsibilities:") continues the entry; after an Environment
            # line the entry is over.
            if cur is None or (cur.bullets and cur.closed):
                cur = new_entry()
            if cur.resp is None:
                cur.resp = p
            continue
        if (
            p.is_list
            and p.heading_level is None
            and p not in job_items
            and not is_header_item(p, nxt, after)
            and not _label_heads_entry(cur, p, nxt)
        ):
            if cur is None or cur.closed:
                cur = new_entry()
            cur.bullets.append(p)
            continue
        if cur is None:
            cur = new_entry()
            cur.header.append(p)
        elif cur.bullets:
            continuation = (
                not cur.closed
                and not is_headerish(p)
                and not _dressed_like_header(p, cur)
                and nxt is not None
                and nxt.is_list
                and same_list(nxt, cur.bullets[-1])
            )
            if not continuation or p in job_items:
                cur = new_entry()
                cur.header.append(p)
        elif _starts_another_entry(cur, p):
            cur = new_entry()
            cur.header.append(p)
        elif (lead := _repeats_the_header(cur, p)) is not None:
            # Entries without bullets, one after the other: the header's pattern (a title
            # line, then the dates) starts again; the lines before these dates are the next
            # entry's.
            moved = cur.header[len(cur.header) - lead :] if lead else []
            del cur.header[len(cur.header) - lead :]
            cur = new_entry()
            cur.header.extend([*moved, p])
        else:
            cur.header.append(p)

    out = []
    for e in entries:
        if not e.bullets:
            if e.header and has_date_range(e.header[0].stripped) and warnings is not None:
                warnings.append(f"'{_title(e)}' has no bullet points; it was not tailored.")
            continue
        if not e.header and e.resp is None:
            continue  # bullets under no header at all: a summary list, not a job
        if all(_is_contact_line(b) for b in e.bullets):
            continue  # a sidebar's phone and e-mail lines
        if _is_skills_list(e.bullets):
            continue  # "Git", "HTML5", "Team work": a list of skills, not of responsibilities
        if need_strong_header and not any(
            has_date_range(h.stripped) or LABEL.match(h.stripped) for h in e.header
        ):
            continue
        out.append(e)
    if len(out) >= 2 and all(_is_title_item(e) for e in out):
        return []  # each "job" holds one short item: the job's title set as a list item, no duties
    return out


def _is_title_item(e: Entry) -> bool:
    """An entry whose one list item is a few words, not a sentence: its title, not a duty."""
    if len(e.bullets) != 1:
        return False
    text = plain_text(e.bullets[0])
    return len(text.split()) <= 5 and not text.endswith((".", ";"))


def _title(e: Entry) -> str:
    """A short name for an entry: its first header line that is more than dates or a label."""
    lines = [" ".join(h.stripped.split()) for h in e.header if h.stripped]
    if not lines:
        return plain_text(e.resp) if e.resp is not None else "(untitled entry)"
    for i, line in enumerate(lines):
        if is_bare_label(line) and i + 1 < len(lines):
            return f"{line.rstrip(':')}: {lines[i + 1]}"[:120]
        if not _is_dates_only(line):
            return line[:120]
    return lines[0][:120]


def _is_dates_only(text: str) -> bool:
    rest = DATE_RANGE.sub("", text)
    return has_date_range(text) and not re.sub(r"[\W_]+", "", rest)


_SCHOOLING = re.compile(
    r"\b(?:universit(?:y|ies|ät)|college|school|institute|academy|polytechnic|bachelor'?s?|master'?s?|"
    r"[bm]\.\s?(?:s|sc|a|e|eng|tech|com|ca)\b\.?|bsc|msc|btech|mtech|bcom|mcom|bca|mca|mba|bs|ph\.?\s?d|"
    r"c?gpa|degree|diploma|graduat\w*|coursework|thesis|honou?rs|semester|"
    r"certifi\w*|licen[cs]e[ds]?|exams?|examination|courses?)\b",
    re.IGNORECASE,
)


def _strong(p: Para) -> bool:
    text = p.stripped
    return has_date_range(text) or bool(LABEL.match(text))


def _is_schooling(e: Entry) -> bool:
    """An Education or Certifications entry: its dated or labelled lines name a school or degree."""
    return any(_SCHOOLING.search(h.stripped) for h in e.header if _strong(h))


def _job_part(e: Entry, heading_looks: set[tuple[object, ...]]) -> Entry:
    """The entry without what its header swallowed before the job's own lines.

    The first job under an unread heading in Education takes the last degree line and that
    heading (dressed like the other section headings) into its header; a company name above
    the dated line stays.
    """
    first = next((i for i, h in enumerate(e.header) if _strong(h)), 0)
    cut = 0
    for i, h in enumerate(e.header[:first]):
        if signature(h) in heading_looks or _SCHOOLING.search(h.stripped):
            cut = i + 1
    e.header = e.header[cut:]
    return e


_CLIENT_LABEL = re.compile(r"^\s*(?:client|customer|employer|company)\b", re.IGNORECASE)


def _jobs_before_side_projects(entries: list[tuple[Entry, Section]]) -> list[tuple[Entry, Section]]:
    """Jobs, not side projects: a "Projects" section beside an experience section of dated jobs.

    Consultants often call their client engagements "Projects", but those carry a "Client:"
    label. Entries of a section named by project words, with no client, beside an experience
    section whose entries are dated, are side projects (a GitHub toolkit, a course project):
    the points go to the jobs. The recruiter can still pick a side project by hand.
    """
    by_section: dict[int, list[Entry]] = {}
    for e, s in entries:
        by_section.setdefault(id(s), []).append(e)
    if len(by_section) < 2:
        return entries

    def dated(e: Entry) -> bool:
        return any(_strong(h) for h in e.header)

    def for_a_client(e: Entry) -> bool:
        return any(_CLIENT_LABEL.match(plain_text(h)) for h in e.header)

    side: set[int] = set()
    has_dated_jobs = False
    for _, s in entries:
        group = by_section[id(s)]
        words = set(heading_words(s.title))
        if all(dated(x) for x in group) and not words & PROJECT_WORDS:
            has_dated_jobs = True
        elif words & PROJECT_WORDS and not any(for_a_client(x) for x in group):
            side.add(id(s))
    if not has_dated_jobs or not side:
        return entries
    return [x for x in entries if id(x[1]) not in side]


def _label_heads_entry(cur: Entry | None, p: Para, nxt: Para | None) -> bool:
    """A label item that belongs to an entry's header rather than to its bullet list.

    Before an entry's bullets it is a header line. After them it starts the next entry when
    more header lines follow (another label, a Responsibilities heading, a plain line) or
    when it carries dates; a lone "• Client: …" inside a list stays a bullet.
    """
    if not is_label_item(p):
        return False
    if cur is None or not cur.bullets or cur.closed:
        return True
    if has_date_range(plain_text(p)):
        return True
    return nxt is not None and (is_label_item(nxt) or is_resp_heading(nxt) or not nxt.is_list)


@dataclass
class Grouping:
    """The projects found, with the entries they came from and what the recruiter should check."""

    projects: list[Project]
    entries: list[tuple[Entry, Section]]
    warnings: list[str] = field(default_factory=list)
    doubts: list[str] = field(default_factory=list)


def group_projects(sections: list[Section]) -> Grouping:
    """Group the sections' lines into entries; the entries with bullets are the projects."""
    experience = [s for s in sections if s.kind is SectionKind.EXPERIENCE]
    entries: list[tuple[Entry, Section]] = []
    warnings: list[str] = []
    doubts: list[str] = []
    for s in experience:
        entries.extend((e, s) for e in _group(s.paras, need_strong_header=False, warnings=warnings))
    entries = _jobs_before_side_projects(entries)
    # No experience heading, or one we could not read ("Where I've Worked"): look first where
    # no other heading claims the text, then in the other sections — and only at entries with
    # a real header (dates, Client:). Jobs under an unread heading after Education end up in
    # Education; with no experience heading at all, its dated entries that are not schooling
    # are taken too.
    fallbacks: list[tuple[SectionKind, ...]] = [
        (SectionKind.TOP, SectionKind.EXPERIENCE),
        (SectionKind.SUMMARY, SectionKind.SKILLS, SectionKind.OTHER),
    ]
    if not experience:
        fallbacks.append((SectionKind.EDUCATION, SectionKind.CERTIFICATIONS))
    heading_looks = {signature(s.heading) for s in sections if s.heading is not None}
    for kinds in fallbacks:
        if entries:
            break
        for s in sections:
            if s.kind in kinds:
                found = _group(s.paras, need_strong_header=True)
                if s.kind in (SectionKind.EDUCATION, SectionKind.CERTIFICATIONS):
                    found = [_job_part(e, heading_looks) for e in found if not _is_schooling(e)]
                entries.extend((e, s) for e in found)
        if entries:
            where = sorted({s.title or "the top of the document" for _, s in entries})
            doubts.append(
                "no experience section was recognised; the projects were found by their dates or "
                f"labels under {' and '.join(where)}"
            )
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
    return Grouping(projects=projects, entries=entries, warnings=warnings, doubts=doubts)


__all__ = ["Entry", "Grouping", "Project", "group_projects"]
