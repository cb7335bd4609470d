"""Experience headings in many words, and entries whose parts look like other things.

Each resume is a real .docx: headings a reader takes for the experience section whatever
words they use, jobs under a heading we cannot name, label lines typed as bullets, two
responsibility lists in one job, and a section after the last job that is not a job.
"""

from __future__ import annotations

import pytest

from resume_customizer import TechStack, detect_projects, tailor
from tests.docx_factory import BODY_RPR, BOLD_RPR, bold, build_docx, flat, para, run
from tests.resume import checks

RULE = '<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="auto"/></w:pBdr>'
HEAD_RPR = '<w:rFonts w:ascii="Calibri" w:hAnsi="Calibri"/><w:b/><w:sz w:val="24"/>'
ARROW_RPR = '<w:rFonts w:ascii="Segoe UI Symbol" w:hAnsi="Segoe UI Symbol"/><w:sz w:val="21"/>'
ARROW_PPR = '<w:ind w:left="720" w:hanging="360"/>'


def _head(text: str) -> str:
    """A section heading in bold caps with a rule under it (direct formatting, no style)."""
    return para(text.upper(), rpr=HEAD_RPR, ppr=RULE)


def _list(texts: list[str]) -> list[str]:
    return [para(t, style="ListBullet", ppr='<w:spacing w:after="40"/>') for t in texts]


def _arrow(text: str) -> str:
    """A bullet typed as "➢<tab>" in its own run, the text in the body font."""
    return para(runs=run("➢\t", ARROW_RPR) + run(text, BODY_RPR), ppr=ARROW_PPR)


def _pts(tag: str, n: int) -> list[str]:
    return [f"Delivered the {tag} deliverable number {i + 1} ahead of schedule." for i in range(n)]


JOBS = [
    (
        "Client: Kaiser Permanente, Oakland, CA\tJan 2021 – Present",
        "Role: Senior Oracle DBA",
        _pts("kaiser", 4),
    ),
    ("Client: Walgreens, Deerfield, IL\tMar 2018 – Dec 2020", "Role: Oracle DBA", _pts("walgreens", 3)),
    ("Client: Caterpillar, Peoria, IL\tJun 2015 – Feb 2018", "Role: Database Administrator", _pts("cat", 4)),
    ("Client: HCL Technologies, Chennai\tJul 2012 – May 2015", "Role: Junior DBA", _pts("hcl", 2)),
]


def _client_jobs() -> list[str]:
    return flat(
        *[
            flat(
                bold(client),
                bold(role),
                bold("Responsibilities:"),
                _list(pts),
                para("Environment: Oracle 19c, RAC, Data Guard, RMAN"),
            )
            for client, role, pts in JOBS
        ]
    )


def _before_experience() -> list[str]:
    """Summary, Education and Certifications (with bullets) before the jobs."""
    return flat(
        para("Mohammed Arif", rpr='<w:b/><w:sz w:val="36"/>'),
        _head("Summary"),
        para("Oracle DBA with ten years of experience in RAC, Data Guard and cloud migrations."),
        _head("Education"),
        para("B.E. Computer Science, Anna University, 2012"),
        _head("Certifications"),
        _list(["Oracle Certified Professional 19c", "AWS Certified Database – Specialty"]),
    )


@pytest.mark.parametrize(
    "title",
    [
        "Professional Experience (10+ Years)",
        "Work Experience – 10+ Years",
        "Experience (Most Recent First)",
        "Consulting History",
        "Client History",
        "Project Portfolio",
        "Professional Background",
        "Career Progression",
        "Consulting Experience",
        "Engagements",
        "Assignments",
    ],
)
def test_an_experience_heading_in_other_words_or_with_a_remark_names_the_jobs(title: str) -> None:
    docx = build_docx(flat(_before_experience(), _head(title), _client_jobs()))
    found = detect_projects(docx)
    assert [list(p.bullets) for p in found] == [pts for _, _, pts in JOBS]
    assert {p.section for p in found} == {title.upper()}


def test_jobs_under_an_unread_heading_after_education_are_found_there() -> None:
    docx = build_docx(flat(_before_experience(), _head("Where I Have Made A Difference"), _client_jobs()))
    found = detect_projects(docx)
    assert [list(p.bullets) for p in found] == [pts for _, _, pts in JOBS]
    assert found[0].title.startswith("Client: Kaiser Permanente")


def test_a_dated_degree_with_bullets_is_not_a_job_even_when_the_jobs_heading_is_unread() -> None:
    docx = build_docx(
        flat(
            _head("Education"),
            bold("M.S. Computer Science, State University\tAug 2009 – May 2011"),
            _list(["Thesis on distributed query planning.", "Teaching assistant for databases."]),
            _head("Where I Have Made A Difference"),
            _client_jobs(),
        )
    )
    assert [list(p.bullets) for p in detect_projects(docx)] == [pts for _, _, pts in JOBS]


def test_education_entries_with_dates_and_bullets_stay_out_when_an_experience_section_exists() -> None:
    docx = build_docx(
        flat(
            _head("Experience"),
            bold("Acme Corp | Jan 2020 – Present"),
            _list(_pts("acme", 3)),
            _head("Education"),
            bold("Research Assistant, Data Lab\tAug 2009 – May 2011"),
            _list(["Built the lab's ingestion pipeline.", "Published two papers."]),
        )
    )
    assert [list(p.bullets) for p in detect_projects(docx)] == [_pts("acme", 3)]


# ---------------------------------------------------------------------------------------
# Label lines typed as bullets ("➢ Client : …") are the entry's header
# ---------------------------------------------------------------------------------------

PROJECTS = [
    ("Project #1: S/4HANA Conversion", "Johnson Controls", "Feb 2022 – Present", _pts("s4", 4)),
    ("Project #2: Order-to-Cash Rollout", "Whirlpool", "Jan 2019 – Jan 2022", _pts("o2c", 3)),
    ("Project #3: Plant Maintenance Support", "Cummins", "Jun 2016 – Dec 2018", _pts("pm", 4)),
    ("Project #4: Vendor Portal", "Tata Steel", "Jul 2013 – May 2016", _pts("vendor", 2)),
]


def _project_details(*, responsibilities: bool) -> bytes:
    blocks = [_head("Professional Summary"), para("SAP ABAP consultant with eleven years of delivery.")]
    blocks.append(_head("Project Details"))
    for title, client, dates, pts in PROJECTS:
        blocks.append(para(title, rpr=BOLD_RPR + '<w:u w:val="single"/>'))
        for label in (
            f"Client : {client}",
            "Role : Senior ABAP Consultant",
            f"Duration : {dates}",
            "Team Size : 8",
        ):
            blocks.append(_arrow(label))
        if responsibilities:
            blocks.append(bold("Responsibilities:"))
        blocks.extend(_arrow(t) for t in pts)
    blocks += [_head("Education"), para("B.Tech. Mechanical Engineering, Andhra University, 2012")]
    return build_docx(blocks)


@pytest.mark.parametrize("responsibilities", [True, False], ids=["with-heading", "without-heading"])
def test_label_lines_typed_as_bullets_are_the_header_not_bullets(responsibilities: bool) -> None:
    found = detect_projects(_project_details(responsibilities=responsibilities))
    assert [list(p.bullets) for p in found] == [pts for *_, pts in PROJECTS]
    assert [p.title for p in found] == [title for title, *_ in PROJECTS]
    assert all(
        "Client : " + client in p.header[1] for p, (_, client, *_) in zip(found, PROJECTS, strict=True)
    )


def test_points_go_after_the_responsibilities_of_each_project_not_after_its_labels() -> None:
    docx = _project_details(responsibilities=True)
    points = [f"Adopted stack practice {i}." for i in range(1, 4)]
    result = tailor(docx, [TechStack("Stack", tuple(points))])
    texts = checks.texts(result.docx)
    for (*_, pts), point in zip(PROJECTS, points, strict=False):
        assert texts[texts.index("➢\t" + pts[-1]) + 1] == "➢\t" + point


def test_a_lone_label_like_bullet_inside_a_list_stays_a_bullet() -> None:
    pts = [
        "Designed the claims API.",
        "Role: owner of the release train for two quarters",
        "Cut costs by 20%.",
    ]
    docx = build_docx(
        flat(_head("Experience"), bold("Acme Corp | Jan 2020 – Present"), [_arrow(t) for t in pts])
    )
    assert [list(p.bullets) for p in detect_projects(docx)] == [pts]


# ---------------------------------------------------------------------------------------
# Two responsibility lists in one job; a section after the jobs that is not a job
# ---------------------------------------------------------------------------------------


def test_two_responsibility_lists_under_one_header_are_one_project() -> None:
    managerial, technical = _pts("managerial", 3), _pts("technical", 3)
    later = _pts("later", 4)
    docx = build_docx(
        flat(
            _head("Professional Experience"),
            bold("Client: JPMorgan Chase, Jersey City, NJ\tOct 2020 – Present"),
            bold("Role: Engineering Manager"),
            bold("Managerial Responsibilities:"),
            _list(managerial),
            bold("Technical Responsibilities:"),
            _list(technical),
            para("Environment: Java, Spring Boot, Kafka"),
            bold("Client: State Street, Boston, MA\tJun 2010 – Apr 2013"),
            bold("Role: Developer"),
            bold("Responsibilities:"),
            _list(later),
            para("Environment: Java"),
        )
    )
    found = detect_projects(docx)
    assert [list(p.bullets) for p in found] == [managerial + technical, later]
    assert found[0].responsibilities_heading == "Managerial Responsibilities:"
    result = tailor(docx, [TechStack("Kafka", ("Point one.", "Point two."))])
    texts = checks.texts(result.docx)
    assert texts[texts.index(technical[-1]) + 1] == "Point one."
    assert texts[texts.index(later[-1]) + 1] == "Point two."


def _two_jobs_then(heading: str, items: list[str]) -> bytes:
    return build_docx(
        flat(
            _head("Objective"),
            para("Python developer looking to grow in backend engineering."),
            _head("Work Experience"),
            bold("Python Developer | Shopify, Ottawa, ON | Jun 2022 – Present"),
            _list(_pts("shopify", 4)),
            bold("Software Intern | Ubisoft, Montréal, QC | May 2021 – Aug 2021"),
            _list(_pts("ubisoft", 3)),
            _head(heading),
            _list(items),
            _head("Education"),
            para("B.Eng. Software Engineering, Polytechnique Montréal, 2022"),
        )
    )


@pytest.mark.parametrize(
    "heading",
    ["Trainings Attended", "Workshops", "Conferences", "Personal Details", "Open Source", "Side Quests"],
)
def test_a_section_after_the_last_job_in_the_headings_look_is_not_a_job(heading: str) -> None:
    docx = _two_jobs_then(
        heading, ["Docker and Kubernetes Fundamentals – 2022", "Advanced Python – Coursera"]
    )
    assert [list(p.bullets) for p in detect_projects(docx)] == [_pts("shopify", 4), _pts("ubisoft", 3)]


def test_a_company_name_in_the_headings_look_over_a_dated_role_is_still_a_job() -> None:
    docx = build_docx(
        flat(
            _head("Work Experience"),
            bold("Python Developer | Shopify | Jun 2022 – Present"),
            _list(_pts("shopify", 2)),
            _head("Globex Corporation"),
            bold("Senior Engineer\tMar 2019 – May 2022"),
            _list(_pts("globex", 3)),
            _head("Education"),
            para("B.Eng., 2018"),
        )
    )
    found = detect_projects(docx)
    assert [list(p.bullets) for p in found] == [_pts("shopify", 2), _pts("globex", 3)]
    assert found[1].header[0] == "GLOBEX CORPORATION"
