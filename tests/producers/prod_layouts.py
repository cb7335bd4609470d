"""Resume content -> a producer-agnostic list of blocks (paragraphs and tables).

Each experience layout of issue 2 is one function here; the producers in ``prod_writers.py`` only
decide how a block looks (styles, numbering, fonts), never what it says.

Layout codes (truth ``layout``):
    CD    ``Company | dates`` line, then the title line
    RCCD  ``Role | Company | City | dates`` on one line
    CLI   ``Client: Company, City <TAB> dates``, ``Role:``, ``Responsibilities:``, bullets, ``Environment:``
    HD    one heading-styled (or bold) line ``Role, Company — dates``
    TR    company and dates in a borderless two-cell table row, title and bullets below it
    TX    the whole experience section inside a table (dates cell | company, title, bullets cell)
    PN    ``Client:`` line, then ``Project 1: …``/``Project 2: …`` entries with their own bullets
    DS    company/title lines, a description paragraph, then the bullets
    BR    company and title lines as one paragraph split by a line break
    CLD   consultant block: ``Client:``, ``Duration:``, ``Role:``, ``Description: …``, ``Responsibilities:``
    TF    title first (bold), then ``Company, City | dates`` in italics
    RD    company line, dates alone on a right-aligned line, then the title
"""

from __future__ import annotations

from dataclasses import dataclass, field

from prod_content import TECH_CLAUSES, Entry, Resume


@dataclass
class Run:
    """A piece of text with character formatting."""

    text: str
    bold: bool = False
    italic: bool = False
    link: str | None = None
    inserted: bool = False  # a tracked insertion (shown)
    deleted: bool = False  # a tracked deletion (not part of the text a reader sees)
    comment: str | None = None  # a reviewer's comment anchored on this run


@dataclass
class Para:
    """A paragraph block; ``kind`` says what it is for the producer to style it."""

    kind: str  # name|contact|heading|header|entryhead|sub|label|text|bullet|env|blank|sectbreak
    runs: list[Run]
    right: str | None = None  # text pushed to the right margin (tab, or a separator where no tabs)
    lines: list[list[Run]] = field(default_factory=list)  # more lines after a line break
    list_id: int = 0
    list_kind: str = "bullet"  # bullet|number
    section: str = ""
    align: str | None = None

    @property
    def text(self) -> str:
        """Plain text of the first line."""
        return "".join(r.text for r in self.runs)


@dataclass
class Table:
    """A table: rows of cells, each cell a list of blocks."""

    rows: list[list[list[Para]]]
    borders: bool = False
    widths: tuple[float, ...] = (1.6, 4.9)


Block = Para | Table


@dataclass
class Options:
    """Producer-independent layout choices."""

    number_lists: bool = False  # experience lists are numbered (1. 2. 3.) instead of bulleted
    summary_bullets: bool = True
    cert_bullets: bool = True
    skills_table: bool = False
    link_in_bullets: bool = False
    bold_techs: bool = False  # the technologies inside a bullet in bold, as consultants write them
    track_changes: bool = False  # a recruiter's tracked edits and comments in the bullets
    headings_in_table: bool = False  # section headings inside one-cell tables
    resp_heading: str = "Responsibilities:"
    blank_between: bool = False  # an empty paragraph after every entry
    heading_case: str = "as is"  # as is | upper | upper colon
    skills_bullets: bool = False  # skills as a bulleted list like the experience bullets
    achievements: bool = False  # a "Key Achievements" bulleted section before the experience
    sectioned: tuple[str, ...] = ()  # sections set apart by section breaks (two columns in ODT)


class ListIds:
    """Hands out list ids: every separate list in the document gets its own."""

    def __init__(self) -> None:
        self.n = 0

    def next(self) -> int:
        """A fresh list id."""
        self.n += 1
        return self.n


def bullet_runs(entry: Entry, i: int, opts: Options) -> list[Run]:
    """The runs of bullet ``i`` of ``entry``: an optional bold lead-in, the text, maybe a link."""
    text = entry.bullets[i]
    lead = entry.leadins[i]
    runs: list[Run] = []
    if lead:
        runs.append(Run(lead + " ", bold=True))
    if opts.link_in_bullets and i == 1 and len(entry.bullets) > 2:
        # a link in the middle of a bullet: the link's runs are not the body text
        head, _, tail = text.partition(" ")
        runs += [Run(head + " "), Run(tail[:-1], link="https://example.com/work"), Run(".")]
        return runs
    if opts.track_changes and i < 3:
        head, _, tail = text.partition(", ")
        if i == 0:  # a word deleted, the outcome inserted
            return [*runs, Run(head + ", "), Run("successfully ", deleted=True), Run(tail, inserted=True)]
        if i == 1:  # a comment on the whole bullet
            return [*runs, Run(text, comment="Please quantify this for the client.")]
        return [*runs, Run(head), Run(" (since retired)", deleted=True), Run(", " + tail)]
    clause = next((c for c in TECH_CLAUSES if c in text), None) if opts.bold_techs else None
    if clause:
        # "with Spring Boot and Kafka" -> "with " + bold "Spring Boot and Kafka"
        word, _, techs = clause.partition(" ")
        head, _, tail = text.partition(clause)
        runs += [Run(head + word + " "), Run(techs, bold=True), Run(tail)]
        return runs
    runs.append(Run(text))
    return runs


def full_bullet_text(entry: Entry, i: int) -> str:
    """What the reader sees of bullet ``i`` (lead-in included, no marker)."""
    lead = entry.leadins[i]
    return (lead + " " if lead else "") + entry.bullets[i]


def bullets(entry: Entry, ids: ListIds, opts: Options) -> list[Para]:
    """The entry's bullet list."""
    lid = ids.next()
    kind = "number" if opts.number_lists else "bullet"
    return [
        Para("bullet", bullet_runs(entry, i, opts), list_id=lid, list_kind=kind, section="experience")
        for i in range(len(entry.bullets))
    ]


def env_para(entry: Entry) -> list[Para]:
    """The ``Environment:`` line, if the entry has one."""
    if not entry.environment:
        return []
    label, _, rest = entry.environment.partition(" ")
    return [Para("env", [Run(label + " ", bold=True), Run(rest)])]


def entry_blocks(entry: Entry, prev: Entry | None, ids: ListIds, opts: Options, pn: int) -> list[Block]:
    """Blocks of one entry in its layout (``pn``: project number under its client, for PN)."""
    lay = entry.layout
    out: list[Block] = []
    if lay == "CD":
        out += [
            Para("header", [Run(f"{entry.company} | {entry.dates}", bold=True)]),
            Para("sub", [Run(entry.role, italic=True)]),
        ]
    elif lay == "RCCD":
        out.append(
            Para(
                "header",
                [Run(entry.role, bold=True), Run(f" | {entry.company} | {entry.city} | {entry.dates}")],
            )
        )
    elif lay == "CLI":
        out += [
            Para(
                "header",
                [Run("Client: ", bold=True), Run(f"{entry.company}, {entry.city}")],
                right=entry.dates,
            ),
            Para("label", [Run("Role: ", bold=True), Run(entry.role)]),
            Para("label", [Run(opts.resp_heading, bold=True)]),
        ]
    elif lay == "HD":
        out.append(Para("entryhead", [Run(f"{entry.role}, {entry.company} — {entry.dates}")]))
    elif lay == "TR":
        row = [
            [Para("header", [Run(entry.company, bold=True), Run(f", {entry.city}")])],
            [Para("header", [Run(entry.dates, bold=True)], align="right")],
        ]
        out += [Table([row], borders=False, widths=(4.5, 2.0)), Para("sub", [Run(entry.role, italic=True)])]
    elif lay == "PN":
        if prev is None or prev.layout != "PN" or prev.client_group != entry.client_group:
            out.append(Para("header", [Run("Client: ", bold=True), Run(f"{entry.company}, {entry.city}")]))
        out += [
            Para("label", [Run(f"Project {pn}: ", bold=True), Run(entry.project or "")]),
            Para("label", [Run("Role: ", bold=True), Run(entry.role)]),
            Para("label", [Run("Duration: ", bold=True), Run(entry.dates)]),
            Para("label", [Run(opts.resp_heading, bold=True)]),
        ]
    elif lay == "DS":
        out += [
            Para("header", [Run(entry.company, bold=True), Run(f" — {entry.city}")], right=entry.dates),
            Para("sub", [Run(entry.role, italic=True)]),
        ]
    elif lay == "BR":
        out.append(
            Para(
                "header",
                [Run(f"{entry.company} | {entry.dates}", bold=True)],
                lines=[[Run(entry.role, italic=True)]],
            )
        )
    elif lay == "CLD":
        out += [
            Para("header", [Run("Client: ", bold=True), Run(f"{entry.company}, {entry.city}")]),
            Para("label", [Run("Duration: ", bold=True), Run(entry.dates)]),
            Para("label", [Run("Role: ", bold=True), Run(entry.role)]),
            Para("text", [Run("Description: ", bold=True), Run(entry.description or "")]),
            Para("label", [Run(opts.resp_heading, bold=True)]),
        ]
        out += bullets(entry, ids, opts)
        out += env_para(entry)
        return out
    elif lay == "TF":
        out += [
            Para("header", [Run(entry.role, bold=True)]),
            Para("sub", [Run(f"{entry.company}, {entry.city} | {entry.dates}", italic=True)]),
        ]
    elif lay == "RD":
        out += [
            Para("header", [Run(entry.company.upper(), bold=True), Run(f", {entry.city}")]),
            Para("text", [Run(entry.dates, italic=True)], align="right"),
            Para("sub", [Run(entry.role, bold=True)]),
        ]
    else:
        raise ValueError(f"unknown layout {lay}")
    if entry.description:
        out.append(Para("text", [Run(entry.description)]))
    out += bullets(entry, ids, opts)
    out += env_para(entry)
    return out


def table_experience(resume: Resume, ids: ListIds, opts: Options) -> Table:
    """The TX layout: one row per entry, dates on the left, everything else on the right."""
    rows = []
    for e in resume.entries:
        right: list[Para] = [
            Para("header", [Run(e.company, bold=True), Run(f", {e.city}")]),
            Para("sub", [Run(e.role, italic=True)]),
        ]
        if e.description:
            right.append(Para("text", [Run(e.description)]))
        right += bullets(e, ids, opts)
        right += env_para(e)
        rows.append([[Para("text", [Run(e.dates, bold=True)])], right])
    return Table(rows, borders=False, widths=(1.4, 5.1))


def heading(text: str, opts: Options) -> Block:
    """A section heading (inside a one-cell table when the options say so)."""
    if opts.heading_case.startswith("upper"):
        text = text.upper() + (":" if opts.heading_case.endswith("colon") else "")
    p = Para("heading", [Run(text)])
    return Table([[[p]]], borders=True, widths=(6.5,)) if opts.headings_in_table else p


def resume_blocks(
    resume: Resume,
    opts: Options,
    order: tuple[str, ...] = ("summary", "skills", "experience", "education", "certifications"),
) -> list[Block]:
    """The whole resume as blocks, sections in ``order``."""
    ids = ListIds()
    out: list[Block] = [Para("name", [Run(resume.name)]), Para("contact", [Run(resume.contact)])]
    h = resume.headings
    for sec in order:
        if sec in opts.sectioned:
            out.append(Para("sectbreak", []))
        out.append(heading(h[sec], opts))
        if sec == "summary":
            if opts.summary_bullets:
                lid = ids.next()
                out += [Para("bullet", [Run(s)], list_id=lid, section="summary") for s in resume.summary]
            else:
                out.append(Para("text", [Run(" ".join(resume.summary))]))
            if opts.achievements:
                out.append(heading("Key Achievements", opts))
                lid = ids.next()
                out += [
                    Para("bullet", [Run(s)], list_id=lid, section="achievements") for s in resume.achievements
                ]
        elif sec == "skills":
            if opts.skills_bullets:
                lid = ids.next()
                out += [
                    Para("bullet", [Run(k + ": ", bold=True), Run(v)], list_id=lid, section="skills")
                    for k, v in resume.skills
                ]
            elif opts.skills_table:
                rows = [
                    [[Para("text", [Run(k, bold=True)])], [Para("text", [Run(v)])]] for k, v in resume.skills
                ]
                out.append(Table(rows, borders=True, widths=(1.6, 4.9)))
            else:
                out += [Para("text", [Run(k + ": ", bold=True), Run(v)]) for k, v in resume.skills]
        elif sec == "experience":
            if all(e.layout == "TX" for e in resume.entries):
                out.append(table_experience(resume, ids, opts))
                continue
            prev: Entry | None = None
            pn = 0
            for e in resume.entries:
                pn = (
                    pn + 1
                    if prev is not None and prev.layout == "PN" and prev.client_group == e.client_group
                    else 1
                )
                out += entry_blocks(e, prev, ids, opts, pn)
                if opts.blank_between:
                    out.append(Para("blank", []))
                prev = e
        elif sec == "education":
            out += [Para("text", [Run(s)]) for s in resume.education]
        elif sec == "certifications":
            if opts.cert_bullets:
                lid = ids.next()
                out += [
                    Para("bullet", [Run(s)], list_id=lid, section="certifications")
                    for s in resume.certifications
                ]
            else:
                out += [Para("text", [Run(s)]) for s in resume.certifications]
        if sec in opts.sectioned:
            out.append(Para("sectbreak", []))
    return out
