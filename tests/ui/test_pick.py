"""The page, where the recruiter corrects detection: ticks in the projects table decide where the
points go (preview, downloads, send); a resume without projects offers its bullet lists; a doubtful
detection says so. AppTest over the real app.py; a table's ticks are set as the browser sends them
(its edit state), which AppTest cannot click."""

from __future__ import annotations

import io
import zipfile

import docx

from resume_customizer.resume.tailor import survey
from resume_customizer.ui.text import md_escape
from tests.docx_factory import bold, build_docx, bullets, flat, heading, para
from tests.mail.smtp_server import MailServer
from tests.resume.layouts import client_tab_dates_with_environment

from .conftest import STACK_A, Page, rkey

STACK = STACK_A + "\nTerraform:\n- Wrote Terraform modules for the data platform."
POINTS = [
    "Built streaming pipelines for claims events.",
    "Tuned consumer lag alerts on the claims topics.",
    "Wrote Terraform modules for the data platform.",
]


def _tick(app: Page, key: str, column: str, ticks: dict[int, bool]) -> None:
    """Tick or untick rows (0-based) of the table ``key`` as the browser would, then rerun."""
    edits = {row: {column: value} for row, value in ticks.items()}
    app.at.session_state[key] = {"edited_rows": edits, "added_rows": [], "deleted_rows": []}
    app.run().assert_clean()


def _projects_with_points(data: bytes) -> list[int]:
    """For each point, the 1-based project of resume A whose bullets it follows."""
    texts = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    owner = {b: n for n, bs in enumerate(client_tab_dates_with_environment().projects, start=1) for b in bs}
    out = []
    for point in POINTS:
        j = texts.index(point) - 1
        while texts[j] in POINTS:
            j -= 1
        out.append(owner[texts[j]])
    return out


def test_unticking_project_1_and_ticking_project_4_puts_the_points_into_2_3_4_everywhere(
    app: Page, resume_a: bytes, resume_b: bytes, smtp_server: MailServer
) -> None:
    a = rkey(resume_a)
    app.upload(("Jane Doe.docx", resume_a), ("John Roe.docx", resume_b))
    app.type("stack", resume_a, STACK).type("to", resume_a, "client@example.com")
    table = app.table_with("Tailor")
    assert [r["Tailor"] for r in table] == [True, True, True, False]  # the first 3 by default
    _tick(app, f"picker-{a}-3", "Tailor", {0: False, 3: True})
    assert "The points go to project(s) 2, 3, 4, in turn." in app.texts("caption")

    app.click(f"preview-{a}").assert_clean()
    plan = app.table_with("Point")
    assert [(str(r["Project"]).split(",")[0], r["Point"]) for r in plan] == [
        ("Client: Client1 Corp", POINTS[0]),
        ("Client: Client2 Corp", POINTS[1]),
        ("Client: Client3 Corp", POINTS[2]),
    ]
    html = app.html()
    assert all(f'<mark class="rc-inserted">{p}</mark>' in html for p in POINTS)

    # The ticks stay while another resume's tab is open, and every path follows them.
    app.open_tab("John Roe.docx").open_tab("Jane Doe.docx")
    assert [r["Tailor"] for r in app.table_with("Tailor")] == [False, True, True, True]
    app.click("generate").assert_clean()
    with zipfile.ZipFile(io.BytesIO(app.at.session_state["rc_zip"]["data"])) as archive:
        assert _projects_with_points(archive.read("Jane_Doe_tailored.docx")) == [2, 3, 4]
    app.smtp(smtp_server).click(f"send-{a}").assert_clean()
    sent = next(smtp_server.received[0].message.iter_attachments()).get_content()
    assert _projects_with_points(bytes(sent)) == [2, 3, 4]


def test_another_number_of_projects_starts_again_from_the_first_ones(app: Page, resume_a: bytes) -> None:
    a = rkey(resume_a)
    app.upload(("a.docx", resume_a)).type("stack", resume_a, STACK)
    _tick(app, f"picker-{a}-3", "Tailor", {0: False})
    assert app.at.session_state[f"pick-{a}"] == (3, (2, 3))
    app.at.number_input(key=f"projects-{a}").set_value(2).run()
    app.assert_clean()
    assert [r["Tailor"] for r in app.table_with("Tailor")] == [True, True, False, False]
    app.click(f"preview-{a}").assert_clean()
    assert {str(r["Project"]).split(",")[0] for r in app.table_with("Point")} == {
        "Client: Client0 Corp",
        "Client: Client1 Corp",
    }


def test_unticking_every_project_says_to_tick_one_and_the_preview_says_why_it_cannot(
    app: Page, resume_a: bytes
) -> None:
    a = rkey(resume_a)
    app.upload(("a.docx", resume_a)).type("stack", resume_a, STACK)
    _tick(app, f"picker-{a}-3", "Tailor", {0: False, 1: False, 2: False})
    assert "Tick at least one project to receive the points." in app.texts("caption")
    app.click(f"preview-{a}").assert_clean()
    assert any("Pick at least one of the projects to tailor" in e for e in app.texts("error"))
    assert not app.html()


def _skills_only() -> bytes:
    return build_docx(
        flat(
            para("Jordan Example"),
            heading("Skills"),
            bullets(["Java", "Python", "Go", "AWS", "Kafka", "Terraform"], num=4),
            heading("Contact"),
            bullets(["jordan@example.com", "(555) 010-0000", "Austin, TX"], num=2),
        )
    )


def test_a_resume_without_projects_shows_its_lists_and_a_picked_list_makes_the_preview_work(
    app: Page,
) -> None:
    data = _skills_only()
    k = rkey(data)
    app.upload(("skills.docx", data)).type("stack", data, STACK)
    status = {r["File"]: r["Status"] for r in app.table_with("Status")}
    assert status["skills.docx"] == "No projects found — pick from its 2 bullet lists in its tab"
    assert any(w.startswith("No projects found: no experience entry") for w in app.texts("warning"))
    lists = app.table_with("Use")
    assert [(r["#"], r["Section"], r["First bullet"], r["Items"], r["Use"]) for r in lists] == [
        (1, "Skills", "Java", 6, False),
        (2, "Contact", "jordan@example.com", 3, False),
    ]
    app.click(f"preview-{k}").assert_clean()  # nothing picked yet: the engine says what to do
    assert any("pick one with \\-\\-pick\\-list" in e for e in app.texts("error"))

    _tick(app, f"lists-{k}", "Use", {0: True})
    app.click(f"preview-{k}").assert_clean()
    assert {r["Point"] for r in app.table_with("Point")} == set(POINTS)
    assert {r["Project"] for r in app.table_with("Point")} == {"List 1 (Skills)"}
    assert all(f'<mark class="rc-inserted">{p}</mark>' in app.html() for p in POINTS)


def test_a_doubtful_detection_says_please_check_in_the_status_and_near_the_table(app: Page) -> None:
    data = build_docx(
        flat(
            heading("Summary"),
            bullets(["Ten years of delivery.", "Led teams."], num=4),
            heading("Where I Have Worked"),
            bold("Acme Corp | Jan 2020 – Present"),
            bullets(["Built the ledger.", "Ran the cutover."]),
            bold("Globex | 2017 – 2019"),
            bullets(["Wrote the billing engine."]),
        )
    )
    app.upload(("doubt.docx", data))
    status = {r["File"]: r["Status"] for r in app.table_with("Status")}
    assert status["doubt.docx"] == "Ready — 2 projects found — please check"
    expected = survey(data).doubts  # the detector's own words
    assert expected
    shown = [w for w in app.texts("warning") if w.startswith("Please check the projects: ")]
    assert shown == [f"Please check the projects: {md_escape(d)}" for d in expected]


def test_the_page_shows_every_line_as_the_detector_read_it(app: Page, resume_a: bytes) -> None:
    app.upload(("Jane Doe.docx", resume_a))
    rows = app.table_with("Why")
    by_text = {r["Text"]: r for r in rows}
    heading = by_text["Professional Experience"]
    assert heading["Role"] == "section heading"
    assert "experience section" in str(heading["Why"])
    bullet = next(r for r in rows if "c1 workstream item 1" in str(r["Text"]))
    assert bullet["Role"] == "bullet" and bullet["Project"] == 1
    assert "bullet 1 of project 1" in str(bullet["Why"])
    summary = by_text["Twelve years of enterprise delivery."]
    assert summary["Project"] is None or summary["Project"] != summary["Project"]  # empty (NaN) cell
    assert "in no project" in str(summary["Why"])
