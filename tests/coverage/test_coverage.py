"""Keyword coverage of real .docx resumes, before and after a real tailoring, and its CLI command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from resume_customizer import TailorOptions, TechStack, tailor
from resume_customizer.coverage import coverage, gather_keywords, stack_keywords
from tests.docx_factory import bold, build_docx, bullets, cell, flat, heading, para, table
from tests.test_cli import _run

ROOT = Path(__file__).resolve().parents[2]


def _resume() -> bytes:
    return build_docx(
        flat(
            para("Jordan Example", rpr='<w:b/><w:sz w:val="40"/>'),
            heading("Professional Summary"),
            bullets(["Twelve years of Java delivery on K8s."], num=4),
            heading("Technical Skills"),
            table(
                [cell(bold("Languages")), cell(para("Java, Python"))],
                [cell(bold("DevOps & Tools")), cell(para("Docker, Jenkins"))],
            ),
            heading("Professional Experience"),
            bold("Acme Corp | Jan 2022 – Present"),
            bold("Responsibilities:"),
            bullets(["Built the claims service in Java on Postgres.", "Ran the cutover."]),
            bold("Environment: Java, PostgreSQL, Jenkins"),
            bold("Globex | Mar 2019 – Dec 2021"),
            bullets(["Wrote the ingestion jobs.", "Tuned the batch windows."]),
            bold("Initech | Jul 2015 – Feb 2019"),
            bullets(["Maintained the billing engine.", "Automated the month-end close."]),
            heading("Education"),
            para("B.S. Computer Science, State University, 2010"),
        )
    )


STACKS = [
    TechStack("Kafka", ("Built Kafka consumers for the claims events.", "Tuned Kafka consumer lag alerts.")),
    TechStack("Kubernetes", ("Moved the batch jobs to Kubernetes CronJobs.",)),
    TechStack("Terraform", ("Provisioned the staging accounts.",)),
    TechStack("Cloud Cost Management", ("Cut the monthly cloud bill by a third.",)),
]


def test_found_keywords_say_where_they_are_by_section_and_project() -> None:
    report = coverage(_resume(), ["Java", "PostgreSQL", "Kubernetes", "Kafka"])
    assert report.missing == ("Kafka",)
    assert report.percent == 75.0
    java = report.keywords[0]
    where = java.places()
    assert ("Professional Summary", 1) in where
    assert ("Technical Skills", 1) in where
    assert (
        "Professional Experience: Acme Corp | Jan 2022 – Present",
        2,
    ) in where  # a bullet and its Environment
    kinds = {loc.section for loc in java.locations}
    assert kinds == {"summary", "skills", "experience"}
    postgres = report.keywords[1]
    assert [loc.project for loc in postgres.locations] == ["Acme Corp | Jan 2022 – Present"] * 2


def test_an_alias_in_the_resume_counts_for_the_keyword() -> None:
    report = coverage(_resume(), ["Kubernetes"])
    assert report.keywords[0].tech == "Kubernetes"
    assert [loc.section for loc in report.keywords[0].locations] == ["summary"]  # "on K8s."


def test_an_unknown_keyword_is_matched_as_a_whole_phrase_in_any_case() -> None:
    report = coverage(_resume(), ["billing engine", "bill"])
    assert [k.found for k in report.keywords] == [True, False]


def test_a_section_heading_belongs_to_its_section_not_to_the_first_project() -> None:
    (heading_kw,) = coverage(_resume(), ["professional experience"]).keywords
    assert [(loc.section, loc.project) for loc in heading_kw.locations] == [("experience", None)]


def test_coverage_rises_after_a_real_tailoring_and_again_with_enrichment() -> None:
    docx = _resume()
    keywords = stack_keywords(STACKS)
    assert [k.name for k in keywords] == ["Kafka", "Kubernetes", "Terraform", "Cloud Cost Management"]
    before = coverage(docx, keywords)
    assert before.percent == 25.0 and before.missing == ("Kafka", "Terraform", "Cloud Cost Management")

    after = coverage(tailor(docx, STACKS).docx, keywords)
    assert after.percent == 50.0
    assert after.missing == ("Terraform", "Cloud Cost Management")
    kafka = after.keywords[0]
    assert {loc.project for loc in kafka.locations} == {
        "Acme Corp | Jan 2022 – Present",
        "Globex | Mar 2019 – Dec 2021",
    }

    enriched = coverage(tailor(docx, STACKS, TailorOptions(enrich=True)).docx, keywords)
    assert enriched.percent == 75.0
    assert enriched.missing == ("Cloud Cost Management",)
    terraform = enriched.keywords[2]
    assert ("Technical Skills", 1) in terraform.places()  # DevOps & Tools row


def test_job_keywords_join_the_stack_s_without_duplicates() -> None:
    kws = gather_keywords(["K8s", "Kafka"], "We run Kubernetes, Kafka and Flink on AWS.")
    assert [k.name for k in kws] == ["K8s", "Kafka", "Flink", "AWS"]


def test_no_keywords_is_zero_percent_not_an_error() -> None:
    assert coverage(_resume(), []).percent == 0.0


# ---------------------------------------------------------------------------------------
# CLI
# ---------------------------------------------------------------------------------------


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    resume = tmp_path / "jordan.docx"
    resume.write_bytes(_resume())
    stack = tmp_path / "stack.txt"
    stack.write_text(
        "\n\n".join(f"{s.name}\n" + "\n".join(f"• {p}" for p in s.points) for s in STACKS), encoding="utf-8"
    )
    job = tmp_path / "job.txt"
    job.write_text(
        "Requirements: Java, Kafka, Flink and Snowflake. Strong Communication skills.", encoding="utf-8"
    )
    return {"resume": resume, "stack": stack, "job": job}


def test_the_coverage_command_prints_before_and_after(tmp_path: Path, files: dict[str, Path]) -> None:
    proc = _run(tmp_path, "coverage", str(files["resume"]), "--stack", str(files["stack"]))
    assert proc.returncode == 0, proc.stderr
    assert "Coverage: 25% (1/4) before, 50% (2/4) after tailoring" in proc.stdout
    assert "Missing: Terraform, Cloud Cost Management" in proc.stdout


def test_the_coverage_command_with_a_job_and_enrichment_prints_json(
    tmp_path: Path, files: dict[str, Path]
) -> None:
    proc = _run(
        tmp_path,
        "coverage",
        str(files["resume"]),
        "--stack",
        str(files["stack"]),
        "--job",
        str(files["job"]),
        "--enrich",
        "--json",
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["keywords"] == [
        "Kafka",
        "Kubernetes",
        "Terraform",
        "Cloud Cost Management",
        "Java",
        "Flink",
        "Snowflake",
    ]
    assert data["before"]["missing"] == ["Kafka", "Terraform", "Cloud Cost Management", "Flink", "Snowflake"]
    assert data["after"]["percent"] > data["before"]["percent"]
    assert "Terraform" in data["gained"]
    assert any(e["kind"] == "skills" for e in data["edits"])


def test_tailor_with_enrich_writes_the_edits_in_its_report(tmp_path: Path, files: dict[str, Path]) -> None:
    out, report = tmp_path / "out.docx", tmp_path / "report.json"
    proc = _run(
        tmp_path,
        "tailor",
        str(files["resume"]),
        "--stack",
        str(files["stack"]),
        "--out",
        str(out),
        "--report",
        str(report),
        "--enrich",
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(report.read_text(encoding="utf-8"))
    assert {(e["kind"], e["label"]) for e in data["edits"]} == {
        ("environment", "Environment"),
        ("skills", "DevOps & Tools"),
    }
    assert "environment: 'Environment' line += 'Kafka, Terraform'" in proc.stdout


def test_a_stack_without_names_and_no_job_is_a_one_line_error(tmp_path: Path, files: dict[str, Path]) -> None:
    files["stack"].write_text("• Built things.\n• Shipped things.\n", encoding="utf-8")
    proc = _run(tmp_path, "coverage", str(files["resume"]), "--stack", str(files["stack"]))
    assert proc.returncode == 2
    assert proc.stderr.strip().startswith("error: There are no keywords") and "\n" not in proc.stderr.strip()
