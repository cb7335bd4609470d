"""The CLI as the recruiter corrects detection with it: ``detect --lists``, ``tailor --pick`` and
``--pick-list``. Real processes, real files."""

from __future__ import annotations

import io
import json
from pathlib import Path

import docx
import pytest

from tests.docx_factory import build_docx, bullets, flat, heading, para
from tests.resume.layouts import client_tab_dates_with_environment
from tests.test_cli import _assert_one_line_failure, _run

STACK = "Kafka\n• Point one.\n• Point two.\n• Point three."


def _paragraphs(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    resume = tmp_path / "jane.docx"
    resume.write_bytes(client_tab_dates_with_environment().docx)
    skills_only = tmp_path / "skills.docx"
    skills_only.write_bytes(
        build_docx(
            flat(
                para("Jordan Example"),
                heading("Skills"),
                bullets(["Java", "Python", "Go", "AWS", "Kafka", "Terraform"], num=4),
                heading("Contact"),
                bullets(["jordan@example.com", "(555) 010-0000", "Austin, TX"], num=2),
            )
        )
    )
    stack = tmp_path / "stack.txt"
    stack.write_text(STACK, encoding="utf-8")
    return {"resume": resume, "skills": skills_only, "stack": stack, "out": tmp_path / "out.docx"}


def test_detect_numbers_the_projects_from_1_and_lists_every_bullet_list_with_lists(
    tmp_path: Path, files: dict[str, Path]
) -> None:
    proc = _run(tmp_path, "detect", str(files["resume"]), "--lists")
    assert proc.returncode == 0, proc.stderr
    candidate, *lines = proc.stdout.splitlines()
    assert candidate == "Candidate: Jordan Example"
    assert lines[0] == "1. Client: Client0 Corp, Dallas, TX Mar 2010 – Dec 2011 — 3 bullet(s)"
    assert lines[3].startswith("4. Client: Client3 Corp")
    assert lines[4] == "Bullet lists (8; pick them with --pick-list K,K…):"
    assert lines[5] == "  1. Professional Summary: “Twelve years of enterprise delivery.” (2 items)"
    assert lines[7] == (
        "  3. Professional Experience › Client: Client0 Corp, Dallas, TX Mar 2010 – Dec 2011: "
        "“Built the c1 workstream item 1 with measurable results.” (3 items) — project 1"
    )
    assert len(lines) == 13


def test_detect_lists_as_json(tmp_path: Path, files: dict[str, Path]) -> None:
    proc = _run(tmp_path, "detect", str(files["skills"]), "--lists", "--json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["candidate"] == "Jordan Example"
    assert report["projects"] == []
    assert [(bl["number"], bl["section"], bl["first"], bl["count"]) for bl in report["lists"]] == [
        (1, "Skills", "Java", 6),
        (2, "Contact", "jordan@example.com", 3),
    ]


def test_detect_says_when_the_resume_names_nobody_at_its_top(tmp_path: Path) -> None:
    resume = tmp_path / "pub01 omar barnes.docx"
    resume.write_bytes(build_docx(flat(heading("Skills"), bullets(["Java", "Python"], num=4))))
    proc = _run(tmp_path, "detect", str(resume))
    assert proc.stdout.splitlines()[0] == "Candidate: not found at the top of the resume"
    proc = _run(tmp_path, "detect", str(resume), "--json")
    assert json.loads(proc.stdout)["candidate"] is None


def test_detect_without_projects_says_where_the_lists_are(tmp_path: Path, files: dict[str, Path]) -> None:
    proc = _run(tmp_path, "detect", str(files["skills"]))
    assert proc.returncode == 1
    assert proc.stdout.strip() == (
        "Candidate: Jordan Example\n"
        "No projects found: no experience entry with bullet points. Bullet lists found only under "
        "Skills (6 items) and Contact (3 items); pick one with --pick-list K (numbers from "
        "detect --lists or --explain), or on the page."
    )


def test_tailor_pick_puts_the_points_into_exactly_those_projects(
    tmp_path: Path, files: dict[str, Path]
) -> None:
    report = tmp_path / "report.json"
    args = ["tailor", str(files["resume"]), "--stack", str(files["stack"]), "--out", str(files["out"])]
    proc = _run(tmp_path, *args, "--pick", "2,4", "--report", str(report))
    assert proc.returncode == 0, proc.stderr
    assert "Added 3 point(s) to 2 project(s) [2, 1]" in proc.stdout
    plan = json.loads(report.read_text(encoding="utf-8"))["plan"]
    assert [p["project_title"].split(",")[0] for p in plan] == [
        "Client: Client1 Corp",
        "Client: Client3 Corp",
        "Client: Client1 Corp",
    ]
    texts = _paragraphs(files["out"].read_bytes())
    c2 = client_tab_dates_with_environment().projects[1]
    assert texts[texts.index(c2[-1]) + 1 : texts.index(c2[-1]) + 3] == ["Point one.", "Point three."]


def test_tailor_pick_list_makes_a_resume_without_projects_tailorable(
    tmp_path: Path, files: dict[str, Path]
) -> None:
    args = ["tailor", str(files["skills"]), "--stack", str(files["stack"]), "--out", str(files["out"])]
    refused = _run(tmp_path, *args)
    assert "Bullet lists found only under Skills (6 items)" in _assert_one_line_failure(refused)
    proc = _run(tmp_path, *args, "--pick-list", "2")
    assert proc.returncode == 0, proc.stderr
    texts = _paragraphs(files["out"].read_bytes())
    assert texts[-3:] == ["Point one.", "Point two.", "Point three."]  # after Contact's list


def test_preview_follows_the_pick_too(tmp_path: Path, files: dict[str, Path]) -> None:
    out = tmp_path / "preview.html"
    args = ["preview", str(files["resume"]), "--stack", str(files["stack"]), "--out", str(out)]
    proc = _run(tmp_path, *args, "--pick", "3")
    assert proc.returncode == 0, proc.stderr
    html = out.read_text(encoding="utf-8")
    assert html.index("Client2 Corp") < html.index("Point one.") < html.index("Client3 Corp")


@pytest.mark.parametrize(
    ("extra", "expect"),
    [
        (["--pick", "2,x"], "argument --pick: 'x' is not a number; write numbers from 1 like 1,3,4 or 2-4"),
        (["--pick", "0"], "argument --pick: the numbers start at 1"),
        (["--pick-list", "3-1"], "argument --pick-list: '3-1' counts down"),
        (["--pick", ""], "argument --pick: is empty"),
        (["--pick", "1", "--pick-list", "2"], "not allowed with argument --pick"),
        (["--pick", "5"], "error: Project 5 does not exist: this resume has 4 projects (1–4); run detect"),
        (["--pick-list", "9"], "error: Bullet list 9 does not exist: this resume has 8 bullet lists (1–8)"),
    ],
    ids=["not-a-number", "zero", "counts-down", "empty", "both", "no-such-project", "no-such-list"],
)
def test_a_bad_pick_exits_2_with_one_line_and_writes_nothing(
    tmp_path: Path, files: dict[str, Path], extra: list[str], expect: str
) -> None:
    args = ["tailor", str(files["resume"]), "--stack", str(files["stack"]), "--out", str(files["out"])]
    assert expect in _assert_one_line_failure(_run(tmp_path, *args, *extra))
    assert not files["out"].exists()


def test_detect_explain_prints_each_line_with_its_role_reason_project_and_list_number(
    tmp_path: Path, files: dict[str, Path]
) -> None:
    proc = _run(tmp_path, "detect", str(files["resume"]), "--explain")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "== Professional Experience" in out
    assert "section heading" in out and "names the experience section" in out
    assert "starts project 1" in out
    # the first bullet of project 1 carries its project and its list number (--pick-list 3)
    bullet = next(line for line in out.splitlines() if "item 1 with measurable results" in line)
    assert " P1 L3 bullet" in bullet
    assert "4 project(s) found." in out


def test_detect_explain_json_gives_every_line_its_role_and_list(
    tmp_path: Path, files: dict[str, Path]
) -> None:
    proc = _run(tmp_path, "detect", str(files["skills"]), "--explain", "--json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    roles = {line["text"]: line for line in report["lines"]}
    assert roles["Skills"]["role"] == "section heading"
    assert roles["Java"]["role"] == "bullet" and roles["Java"]["project"] is None
    assert roles["Java"]["list"] == 1 and roles["Austin, TX"]["list"] == 2
    assert "under Skills" in roles["Java"]["reason"]


def test_detect_explain_on_a_resume_without_projects_exits_1_and_says_so(
    tmp_path: Path, files: dict[str, Path]
) -> None:
    proc = _run(tmp_path, "detect", str(files["skills"]), "--explain")
    assert proc.returncode == 1
    assert "No projects with bullet points found." in proc.stdout
    assert proc.stderr == ""
