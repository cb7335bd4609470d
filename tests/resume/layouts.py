"""Resume layouts built as real .docx files, each with the projects a reader would see.

Every layout returns ``Layout(docx, projects)`` where ``projects`` lists, in document order,
each experience entry's bullets as a reader would name them. Other sections carry bullets
too, so a detector that takes any bullet list for a project fails these tests.
"""

from __future__ import annotations

from dataclasses import dataclass

from tests.docx_factory import (
    BODY_RPR,
    BOLD_RPR,
    bold,
    build_docx,
    bullets,
    cell,
    flat,
    heading,
    literal_bullets,
    para,
    run,
    table,
)


@dataclass(frozen=True)
class Layout:
    """A built resume and the bullets of its projects, in order."""

    name: str
    docx: bytes
    projects: list[list[str]]


def _b(prefix: str, n: int) -> list[str]:
    verbs = ["Built", "Designed", "Migrated", "Automated", "Led", "Tuned", "Wrote", "Reviewed"]
    return [
        f"{verbs[i % len(verbs)]} the {prefix} workstream item {i + 1} with measurable results."
        for i in range(n)
    ]


def _summary_and_skills(style: str | None = "Heading1") -> list[str]:
    return flat(
        para("Jordan Example", rpr='<w:b/><w:sz w:val="40"/>'),
        para("Senior Engineer | jordan@example.com | (555) 010-0000"),
        heading("Professional Summary", style=style),
        bullets(["Twelve years of enterprise delivery.", "Certified cloud architect."], num=4),
        heading("Technical Skills", style=style),
        bullets(["Languages: Java, Python, Go", "Cloud: AWS, Azure"], num=4),
    )


def _education(style: str | None = "Heading1") -> list[str]:
    return flat(
        heading("Education", style=style),
        bullets(["B.S. Computer Science, State University, 2010"], num=4),
        heading("Certifications", style=style),
        bullets(["AWS Solutions Architect (2021)", "CKA (2022)"], num=4),
    )


def pipe_company_then_title() -> Layout:
    """``Company | Jan 2020 – Present``, a title line, ``Responsibilities:``, List Bullet style."""
    a, b, c = _b("alpha", 4), _b("beta", 3), _b("gamma", 5)
    blocks = flat(
        _summary_and_skills(),
        heading("Professional Experience"),
        *[
            flat(
                bold(f"{co} | {dates}"),
                para(f"Project: {proj}"),
                bold("Responsibilities:"),
                [para(t, style="ListBullet", ppr='<w:spacing w:after="60"/>') for t in pts],
            )
            for co, dates, proj, pts in [
                ("Acme Corp", "Jan 2022 – Present", "Claims Hub", a),
                ("Globex", "Mar 2019 – Dec 2021", "Data Lake", b),
                ("Initech", "Jul 2015 – Feb 2019", "Billing", c),
            ]
        ],
        _education(),
    )
    return Layout("pipe_company_then_title", build_docx(blocks), [a, b, c])


def role_company_city_dates_one_line() -> Layout:
    """``Role | Company | City | Mon YYYY – Present`` with bullets directly after."""
    a, b = _b("one", 3), _b("two", 2)
    blocks = flat(
        _summary_and_skills(style=None),
        heading("WORK EXPERIENCE", style=None),
        bold("Senior Developer | Umbrella Inc | Austin, TX | Feb 2021 – Present"),
        bullets(a),
        bold("Developer | Hooli | Remote | June 2017 – January 2021"),
        bullets(b),
        _education(style=None),
    )
    return Layout("role_company_city_dates_one_line", build_docx(blocks), [a, b])


def client_tab_dates_with_environment() -> Layout:
    """``Client: X<TAB>dates``, ``Role:``, ``Responsibilities:``, bullets, ``Environment:``."""
    pts = [_b("c1", 3), _b("c2", 2), _b("c3", 4), _b("c4", 2)]
    blocks = [*_summary_and_skills(), heading("Professional Experience")]
    for i, p in enumerate(pts):
        blocks += flat(
            bold(f"Client: Client{i} Corp, Dallas, TX\tMar 201{i} – Dec 201{i + 1}"),
            bold("Role: Java Developer"),
            bold("Responsibilities:"),
            bullets(p, num=2),
            bold("Environment: Java, Spring Boot, Kafka, AWS"),
        )
    blocks += _education()
    return Layout("client_tab_dates_with_environment", build_docx(blocks), pts)


def heading_styled_line_with_dates() -> Layout:
    """Heading 2 entry lines with ``2020–2023``, ``01/2020 - 03/2022``, ``Sept. 2019 – Now``."""
    pts = [_b("h1", 2), _b("h2", 3), _b("h3", 2)]
    headers = [
        "Lead Engineer, Stark Industries, Sept. 2019 – Now",
        "Engineer, Wayne Enterprises, 01/2016 - 08/2019",
        "Analyst, Wonka Works, 2012–2016",
    ]
    blocks = [*_summary_and_skills(), heading("Experience")]
    for h, p in zip(headers, pts, strict=True):
        blocks += [para(h, style="Heading2", rpr=""), *bullets(p, num=1)]
    blocks += _education()
    return Layout("heading_styled_line_with_dates", build_docx(blocks), pts)


def table_row_company_dates() -> Layout:
    """Company and dates in a borderless table row; the title line and bullets after it."""
    pts = [_b("t1", 3), _b("t2", 2), _b("t3", 3)]
    blocks = [*_summary_and_skills(), heading("Employment History")]
    for i, p in enumerate(pts):
        blocks.append(
            table([cell(bold(f"Company{i} LLC, Boston, MA")), cell(para(f"May 20{10 + i} – Apr 20{11 + i}"))])
        )
        blocks += [para("Senior Consultant", rpr="<w:i/>"), *bullets(p)]
    blocks += _education()
    return Layout("table_row_company_dates", build_docx(blocks), pts)


def experience_inside_table(nested: bool = False) -> Layout:
    """The whole experience section in a table: one row per entry, bullets in the cell."""
    pts = [_b("x1", 3), _b("x2", 4), _b("x3", 2), _b("x4", 2)]
    rows = [[cell(heading("Professional Experience", style=None), width=9000)]]
    for i, p in enumerate(pts):
        content = [bold(f"Company{i} Group — Platform Engineer"), para("Key Responsibilities"), *bullets(p)]
        right = cell(table([cell(*content)])) if nested else cell(*content)
        rows.append([cell(para(f"Jan 20{10 + i} – Dec 20{10 + i}")), right])
    blocks = [*_summary_and_skills(), table(*rows), *_education()]
    name = "experience_inside_nested_table" if nested else "experience_inside_table"
    return Layout(name, build_docx(blocks), pts)


def client_with_numbered_projects() -> Layout:
    """One client with ``Project 1:``, ``Project 2:`` entries, then another client."""
    p1, p2, p3 = _b("p1", 3), _b("p2", 2), _b("p3", 3)
    blocks = flat(
        _summary_and_skills(),
        heading("Project Experience"),
        bold("Client: Contoso Bank, Atlanta, GA\tAug 2020 – Present"),
        bold("Role: Software Engineer II"),
        bold("Project 1: Agent Commission System"),
        bold("Responsibilities:"),
        bullets(p1),
        bold("Environment: Jenkins, Redis"),
        bold("Project 2: Claims Modernization"),
        para("Duration: Jan 2022 – Present"),
        bold("Responsibilities:"),
        bullets(p2),
        bold("Client: Fabrikam, Jersey City, NJ\tSep 2014 – May 2020"),
        bold("Project: Warehouse Upgrade"),
        bold("Responsibilities:"),
        bullets(p3),
        _education(),
    )
    return Layout("client_with_numbered_projects", build_docx(blocks), [p1, p2, p3])


def description_then_key_responsibilities() -> Layout:
    """A description paragraph, then ``Key Responsibilities`` (underlined, no colon)."""
    a, b, c = _b("d1", 2), _b("d2", 3), _b("d3", 2)
    underlined = '<w:u w:val="single"/>'
    blocks = [*_summary_and_skills(), heading("Professional Experience")]
    for i, pts in enumerate((a, b, c)):
        blocks += flat(
            bold(f"Senior Engineer, Vendor{i} Systems (2018 – 2020)"),
            para(
                "Project Description: a customer portal that lets members manage policies, claims and "
                "payments across web and mobile channels."
            ),
            para("Key Responsibilities", rpr=underlined),
            bullets(pts),
        )
    blocks += _education()
    return Layout("description_then_key_responsibilities", build_docx(blocks), [a, b, c])


def literal_markers(marker: str) -> Layout:
    """Bullets typed as text: ``• ``, ``•<TAB>``, ``- ``, ``– ``, ``▪ ``."""
    a, b, c = _b("l1", 3), _b("l2", 2), _b("l3", 2)
    blocks = flat(
        heading("SUMMARY", style=None),
        literal_bullets(["Ten years in fintech.", "Led teams of eight."], marker),
        heading("EXPERIENCE", style=None),
        bold("Initech, Austin, TX — Staff Engineer (Nov 2021 – Present)"),
        bold("Roles & Responsibilities:"),
        literal_bullets(a, marker),
        bold("Engineer | Vandelay Industries, Newark, NJ"),
        para("Mar 2018 – Oct 2021"),
        bold("Roles & Responsibilities:"),
        literal_bullets(b, marker),
        bold("Pied Piper, Palo Alto, CA — Developer (Jan 2015 – Feb 2018)"),
        bold("Duties"),
        literal_bullets(c, marker),
        heading("EDUCATION", style=None),
        literal_bullets(["M.S. Computer Science, 2014"], marker),
    )
    return Layout(f"literal_markers[{marker!r}]", build_docx(blocks), [a, b, c])


def rich_runs() -> Layout:
    """Bold lead-ins, a hyperlink, text split over runs with rsids, a Symbol-font marker run."""
    lead = (
        run("Led migration: ", BOLD_RPR)
        + run("moved 40 services to Kubernetes ", BODY_RPR, rsid="00A1")
        + run("with zero downtime.", BODY_RPR, rsid="00A2")
    )
    link = (
        run("Published the SDK on ", BODY_RPR)
        + '<w:hyperlink r:id="rId6"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr>'
        + "<w:t>GitHub</w:t></w:r></w:hyperlink>"
        + run(" for partner teams to integrate quickly.", BODY_RPR)
    )
    symbol = '<w:rFonts w:ascii="Symbol" w:hAnsi="Symbol"/><w:sz w:val="21"/>'
    sym_bullet = [
        para(runs=run("\uf0b7", symbol) + run("\tOwned the release train for the mobile app.", BODY_RPR)),
        para(runs=run("\uf0b7", symbol) + run("\tCut build times by half with remote caching.", BODY_RPR)),
    ]
    blocks = flat(
        _summary_and_skills(),
        heading("Experience"),
        bold("Acme Robotics | Jan 2021 – Present"),
        [
            para(runs=lead, num=(2, 0)),
            para(runs=link, num=(2, 0)),
            para("Mentored four engineers through promotion.", num=(2, 0)),
        ],
        bold("Soylent Corp | 2018 – 2020"),
        sym_bullet,
        _education(),
    )
    return Layout(
        "rich_runs",
        build_docx(blocks),
        [
            [
                "Led migration: moved 40 services to Kubernetes with zero downtime.",
                "Published the SDK on GitHub for partner teams to integrate quickly.",
                "Mentored four engineers through promotion.",
            ],
            [
                "\uf0b7\tOwned the release train for the mobile app.",
                "\uf0b7\tCut build times by half with remote caching.",
            ],
        ],
    )


def sub_bullets_and_bulletless_entry() -> Layout:
    """Sub-bullets under a bullet; an entry with only a paragraph (no bullets) in between."""
    a = ["Built the ledger service.", "Sub point about sharding.", "Ran the cutover."]
    c = _b("after", 2)
    blocks = flat(
        _summary_and_skills(),
        heading("Experience"),
        bold("Massive Dynamic | 2020 – Present"),
        para(a[0], num=(2, 0)),
        para(a[1], num=(2, 1)),
        para(a[2], num=(2, 0)),
        bold("Aperture Science | 2018 – 2020"),
        para("Consulted on test chamber analytics for two quarters, reporting to the CTO."),
        bold("Black Mesa | 2015 – 2018"),
        bullets(c),
        _education(),
    )
    return Layout("sub_bullets_and_bulletless_entry", build_docx(blocks), [a, c])


def environment_bullet_and_label_cells() -> Layout:
    """An ``Environment:`` line typed as the last bullet; label/value rows inside the experience table."""
    a, b = _b("e1", 3), _b("e2", 2)
    rows = [
        [cell(bold("Client")), cell(para("Northwind Traders"))],
        [cell(bold("Technologies")), cell(para("Java, Spring, Oracle"))],
        [cell(bold("Duration")), cell(para("Feb 2020 – Present"))],
    ]
    blocks = flat(
        _summary_and_skills(),
        heading("Professional Experience"),
        table(*rows, borders=True),
        bold("Responsibilities:"),
        bullets([*a, "Environment: Java, Spring, Oracle"]),
        table(
            [cell(bold("Client")), cell(para("Tailspin Toys"))],
            [cell(bold("Duration")), cell(para("Jan 2017 – Jan 2020"))],
            borders=True,
        ),
        bold("Responsibilities:"),
        bullets(b),
        _education(),
    )
    return Layout("environment_bullet_and_label_cells", build_docx(blocks), [a, b])


ALL_LAYOUTS = [
    pipe_company_then_title,
    role_company_city_dates_one_line,
    client_tab_dates_with_environment,
    heading_styled_line_with_dates,
    table_row_company_dates,
    experience_inside_table,
    lambda: experience_inside_table(nested=True),
    client_with_numbered_projects,
    description_then_key_responsibilities,
    lambda: literal_markers("• "),
    lambda: literal_markers("•\t"),
    lambda: literal_markers("- "),
    lambda: literal_markers("– "),
    lambda: literal_markers("▪ "),
    rich_runs,
    sub_bullets_and_bulletless_entry,
    environment_bullet_and_label_cells,
]
