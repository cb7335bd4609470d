"""Layout classes met in real resumes: qualified experience headings, jobs as level-0 list items,
spacing typed at the end of a list, and documents whose only lists are not jobs."""

from __future__ import annotations

import io

import docx
import pytest

from resume_customizer.errors import NoProjectsFound
from resume_customizer.resume.tailor import detect_projects, explain_resume, tailor
from tests.docx_factory import BOLD_RPR, bold, build_docx, bullets, flat, heading, para, run

STACK = (
    "Kafka\n• Point one about Kafka streams.\n• Point two about Kafka topics.\n• Point three about Kafka.\n"
)


def _texts(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


@pytest.mark.parametrize(
    "title",
    [
        "Research Experience",
        "Teaching Experience",
        "Professional Teaching & Writing Experience",
        "Internship Experience",
        "Academic Appointments",
    ],
)
def test_a_qualified_experience_heading_is_read_as_the_experience(title: str) -> None:
    data = build_docx(
        flat(
            para("Alex Example"),
            heading("Education", style=None),
            bold("State University — B.Sc. Physics, 2014 – 2018"),
            bullets(["Thesis on lasers."], num=4),
            heading(title.upper(), style=None),
            bold("Lab Assistant, Optics Lab | 2018 – 2020"),
            bullets(["Aligned the optics.", "Wrote the analysis scripts."]),
            bold("Tutor, Physics Department | 2016 – 2018"),
            bullets(["Taught first-year labs.", "Graded the reports."]),
            heading("Skills", style=None),
            bullets(["Python, C++"], num=4),
        )
    )
    projects = detect_projects(data)
    assert [p.title for p in projects] == [
        "Lab Assistant, Optics Lab | 2018 – 2020",
        "Tutor, Physics Department | 2016 – 2018",
    ]
    assert projects[0].section == title.upper()


def test_a_job_title_that_holds_the_word_experience_is_not_a_heading() -> None:
    data = build_docx(
        flat(
            heading("EXPERIENCE", style=None),
            bold("Customer Experience Lead"),
            para("Acme Corp | 2019 – 2021"),
            bullets(["Ran the support desk.", "Cut wait times."]),
            bold("Support Agent"),
            para("Beta LLC | 2016 – 2019"),
            bullets(["Answered tickets."]),
        )
    )
    titles = [p.title for p in detect_projects(data)]
    assert titles == ["Customer Experience Lead", "Support Agent"]


def _multilevel(jobs: list[tuple[str, list[str]]]) -> list[str]:
    out = []
    for job, items in jobs:
        out.append(para(job, num=(3, 0), rpr=BOLD_RPR))
        out.extend(para(t, num=(3, 1)) for t in items)
    return out


def test_jobs_as_level_zero_items_are_entries_and_new_points_go_at_the_bullets_level() -> None:
    data = build_docx(
        flat(
            heading("Work Experience"),
            _multilevel(
                [
                    ("Senior Engineer, Acme Corp (2020 – 2023)", ["Built the API.", "Ran the migration."]),
                    ("Engineer, Beta LLC (2017 – 2020)", ["Wrote the billing jobs.", "Kept the lights on."]),
                    ("Intern, Gamma Inc", ["Fixed bugs.", "Wrote tests."]),
                ]
            ),
        )
    )
    projects = detect_projects(data)
    assert [p.bullet_count for p in projects] == [2, 2, 2]
    result = tailor(data, STACK)
    out = docx.Document(io.BytesIO(result.docx))
    new = [p for p in out.paragraphs if p.text.startswith("Point ")]
    assert len(new) == 3
    for p in new:
        ilvl = p._p.pPr.numPr.ilvl.val
        assert ilvl == 1  # at the level of the job's bullets, not a new job


def test_a_bullet_with_a_few_sub_points_is_not_a_job() -> None:
    data = build_docx(
        flat(
            heading("Experience"),
            bold("Acme Corp | 2020 – 2023"),
            para("Led the platform team:", num=(3, 0)),
            para("Hired four engineers.", num=(3, 1)),
            para("Shipped the new API.", num=(3, 0)),
            para("Cut costs by 20%.", num=(3, 0)),
            bold("Beta LLC | 2017 – 2020"),
            bullets(["Wrote billing jobs."]),
        )
    )
    assert [p.bullet_count for p in detect_projects(data)] == [4, 1]


def test_a_last_bullet_ending_in_a_break_keeps_the_gap_after_the_new_bullets() -> None:
    last = para(runs=run("Kept the lights on.") + "<w:r><w:br/></w:r>", num=(2, 0))
    data = build_docx(
        flat(
            heading("Experience"),
            bold("Acme Corp | 2020 – 2023"),
            bullets(["Built the API."]),
            last,
            bold("Beta LLC | 2017 – 2020"),
            bullets(["Wrote billing jobs.", "Ran reports."]),
        )
    )
    result = tailor(
        data,
        "Kafka\n• Point one about Kafka streams.\n",
    )
    texts = _texts(result.docx)
    i = texts.index("Point one about Kafka streams.")
    assert texts[i - 1] == "Built the API."
    assert texts[i + 1] == "Kept the lights on.\n"


def test_explain_names_each_line_role_and_project() -> None:
    data = build_docx(
        flat(
            heading("Research Experience"),
            bold("Lab Assistant | 2018 – 2020"),
            bullets(["Aligned the optics."]),
            heading("Skills"),
            bullets(["Python"], num=4),
        )
    )
    lines, resume = explain_resume(data)
    by_text = {line.text: line for line in lines}
    assert by_text["Research Experience"].role.value == "section heading"
    assert by_text["Lab Assistant | 2018 – 2020"].project == 1
    assert by_text["Aligned the optics."].role.value == "bullet"
    assert by_text["Aligned the optics."].project == 1
    assert by_text["Python"].project is None
    assert "Skills" in by_text["Python"].reason
    assert resume.detection.confident


def test_a_document_whose_only_list_is_skills_is_refused() -> None:
    data = build_docx(
        flat(
            para("Alex Example"),
            heading("Skills"),
            bullets(["Python", "Java", "Kubernetes"]),
            heading("Education"),
            para("State University, B.Sc. 2014 – 2018"),
        )
    )
    with pytest.raises(NoProjectsFound):
        tailor(data, STACK)


def test_a_german_compound_heading_names_its_section() -> None:
    data = build_docx(
        flat(
            heading("Berufserfahrung"),
            bold("Entwickler, Beispiel GmbH | 03/2019 – heute"),
            bullets(["Baute die Schnittstelle.", "Betreute die Datenbank."]),
            heading("Computerkenntnisse"),
            bold("Büro | 2015 – 2019"),
            bullets(["Textverarbeitung", "Tabellen"]),
        )
    )
    assert [p.title for p in detect_projects(data)] == ["Entwickler, Beispiel GmbH | 03/2019 – heute"]


def test_dated_stations_without_bullets_do_not_make_one_project_of_the_contact_line() -> None:
    stations = []
    for year in (2016, 2018, 2020):
        stations += [para(f"01.08.{year} – 31.07.{year + 1}"), para("Verkäufer"), para("Beispiel Markt")]
    data = build_docx(
        flat(
            heading("Beruflicher Werdegang"),
            stations,
            para("- +49 160 5550000 jemand@example.com"),
            heading("Sprachen"),
            bullets(["Deutsch", "Englisch"]),
        )
    )
    with pytest.raises(NoProjectsFound) as info:
        tailor(data, STACK)
    assert "Sprachen" in info.value.message
    lines, _ = explain_resume(data)
    starts = [line.text for line in lines if line.role.value == "date line"]
    assert starts == []  # no entry has bullets: none is a project


def test_dated_stations_each_keep_their_own_title_when_the_last_has_bullets() -> None:
    stations = []
    for year in (2016, 2018):
        stations += [
            bold(f"Verkäufer {year}"),
            para(f"01.08.{year} – 31.07.{year + 1}"),
            para("Beispiel Markt"),
        ]
    data = build_docx(
        flat(
            heading("Experience"),
            stations,
            bullets(["Beriet Kunden.", "Kassierte."]),
        )
    )
    [project] = detect_projects(data)
    assert project.title == "Verkäufer 2018"


@pytest.mark.parametrize(
    "dates", ["Nov 2022 \u2011 Dec 2022", "Feb\u201923 \u2013 Apr\u201923", "2019 \u2212 2021"]
)
def test_dates_written_with_typographic_dashes_and_apostrophes_are_ranges(dates: str) -> None:
    from resume_customizer.resume.dates import has_date_range

    assert has_date_range(f"Engineer, Acme {dates}")


def test_russian_headings_name_their_sections() -> None:
    from resume_customizer.resume.classify import SectionKind, section_kind

    assert section_kind("Опыт работы") is SectionKind.EXPERIENCE
    assert section_kind("Образование") is SectionKind.EDUCATION
    assert section_kind("Ключевые навыки") is SectionKind.SKILLS


def test_a_skills_list_under_a_dated_line_is_not_a_project() -> None:
    data = build_docx(
        flat(
            para("Alex Example"),
            para("Frontend developer | 2018 – 2020"),
            bullets(["JavaScript (Node, Express)", "Git", "HTML5", "CSS3"]),
        )
    )
    with pytest.raises(NoProjectsFound):
        tailor(data, STACK)


def test_an_achievements_heading_that_more_jobs_follow_stays_in_the_experience() -> None:
    data = build_docx(
        flat(
            heading("Professional Experience"),
            bold("Analyst, Acme Corp | 2021 – 2023"),
            bullets(["Wrote the quarterly reports.", "Ran the field missions."]),
            heading("Achievements"),
            para("Took part in three projects that won awards."),
            bold("Assistant, Beta LLC | 2019 – 2021"),
            para("Duties and responsibilities included:"),
            bullets(["Kept the project files.", "Built the website."]),
            bold("Intern, Gamma Inc | 2018 – 2019"),
            para("Duties and responsibilities included:"),
            bullets(["Ran phone surveys.", "Documented the process."]),
            heading("Skills"),
            bullets(["Excel"], num=4),
        )
    )
    assert [p.bullet_count for p in detect_projects(data)] == [2, 2, 2]


def test_student_projects_beside_a_dated_job_are_not_targets() -> None:
    data = build_docx(
        flat(
            heading("Projects"),
            bold("Weather app"),
            bullets(["Built an Android app for forecasts.", "Published it on the store."]),
            bold("Chat bot"),
            bullets(["Wrote a bot that answers questions.", "Deployed it on a server."]),
            heading("Work Experience"),
            bold("Intern, Acme Corp Nov 2022 \u2011 Dec 2022"),
            bullets(["Helped build the search page.", "Wrote unit tests."]),
        )
    )
    result = tailor(data, STACK)
    assert result.targets == 1
    assert [p.title for p in result.projects] == ["Intern, Acme Corp Nov 2022 \u2011 Dec 2022"]


def test_a_dash_glued_to_the_text_is_a_bullet_where_the_resume_types_them_so() -> None:
    data = build_docx(
        flat(
            heading("Work Experience"),
            bold("Team lead, Robotics club (2019-2021)"),
            para("-Led a team of six in regional contests"),
            heading("Skills"),
            para("-C++"),
            para("-Matlab"),
        )
    )
    [project] = detect_projects(data)
    assert project.bullets == ("Led a team of six in regional contests",)
    texts = _texts(tailor(data, "Robotics\n• Point one about robots.\n").docx)
    assert texts[texts.index("-Led a team of six in regional contests") + 1] == "-Point one about robots."


def test_a_project_title_only_partly_bold_like_the_others_starts_its_own_project() -> None:
    def title(name: str, rest: str) -> str:
        return para(runs=run(name, BOLD_RPR) + run(rest))

    data = build_docx(
        flat(
            heading("PROJECTS", style=None),
            title("Storefront redesign", " - lead, 3-person team (course 411, fall term)"),
            bullets(["Built the catalogue pages.", "Wrote the checkout flow."]),
            title("Inventory bot", " - lead developer, a 2-person team (course 181, spring term)"),
            bullets(["Wrote the stock alerts.", "Deployed it to a small server."]),
            title("Traffic study", " - analyst, a 5-person team (course 722, fall term, graded A)"),
            bullets(["Cleaned the sensor data.", "Drew the charts."]),
        )
    )
    assert [p.bullet_count for p in detect_projects(data)] == [2, 2, 2]


def test_jobs_whose_only_list_item_is_their_title_are_refused() -> None:
    data = build_docx(
        flat(
            heading("Werkervaring"),
            para("Juli 2017 – Februari 2018 Voorbeeld BV"),
            bullets(["Medewerker klantenservice"]),
            para("Mei 2016 – Mei 2017 Andere BV"),
            bullets(["Magazijnmedewerker"]),
        )
    )
    with pytest.raises(NoProjectsFound):
        tailor(data, STACK)


def test_bold_title_items_over_indented_bullets_of_other_lists_are_projects() -> None:
    ind = '<w:ind w:left="835"/>'
    data = build_docx(
        flat(
            heading("Software Projects"),
            para("Chat server in Java.", num=(1, 0), rpr=BOLD_RPR),
            para("Clients connect over sockets.", num=(2, 0), ppr=ind),
            para("Messages are kept in MySQL.", num=(2, 0), ppr=ind),
            para("Weather station.", num=(1, 0), rpr=BOLD_RPR),
            para("Built on a Raspberry Pi.", num=(4, 0), ppr=ind),
            para("Posts readings every minute.", num=(4, 0), ppr=ind),
        )
    )
    assert [p.title for p in detect_projects(data)] == ["Chat server in Java.", "Weather station."]


@pytest.mark.filterwarnings("ignore:Duplicate name")
def test_a_second_copy_of_the_document_properties_is_accepted_and_kept() -> None:
    import zipfile

    data = build_docx(
        flat(heading("Experience"), bold("Acme | 2019 – 2021"), bullets(["Built the API.", "Ran reports."]))
    )
    buf = io.BytesIO(data)
    with zipfile.ZipFile(buf, "a") as z:
        z.writestr("docProps/core.xml", b'<?xml version="1.0"?><cp:coreProperties xmlns:cp="x"/>')
    doubled = buf.getvalue()
    result = tailor(doubled, STACK)
    names = [i.filename for i in zipfile.ZipFile(io.BytesIO(result.docx)).infolist()]
    assert names.count("docProps/core.xml") == 2
