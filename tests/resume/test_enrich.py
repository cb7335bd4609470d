"""Enrichment: tech names appended to Environment lines and Skills rows, in their own look.

Every shape of Environment line and Skills section the engine recognises is built as a real
.docx; each test checks the appended text, its formatting (the XML of the new run), that the
label run is untouched, and that nothing else in the document changed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from resume_customizer import TailorOptions, TechStack, parse_stack, tailor
from resume_customizer.resume import tailor as tailor_module
from resume_customizer.resume.structure import body_paragraphs
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
from tests.resume import checks
from tests.resume.enrich_checks import assert_only_appends, paragraph_texts, root_of
from tests.resume.layouts import ALL_LAYOUTS, Layout

W = checks.W
ENRICH = TailorOptions(enrich=True)
PUBLIC = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "public"
ITALIC_RPR = (
    '<w:rFonts w:ascii="Georgia" w:hAnsi="Georgia"/><w:i/><w:color w:val="1F3864"/><w:sz w:val="20"/>'
)


def _stack(*names: str) -> list[TechStack]:
    return [
        TechStack(n, (f"Delivered a production capability with {n} number {i + 1}.",))
        for i, n in enumerate(names)
    ]


def _resume(
    entries: list[list[str]],
    skills: list[str] | None = None,
    *,
    skills_heading: str = "Technical Skills",
) -> bytes:
    """A resume: Skills (when given), then one Client entry per item of ``entries`` (its env blocks)."""
    blocks = [para("Jordan Example", rpr='<w:b/><w:sz w:val="40"/>'), heading("Professional Summary")]
    blocks += bullets(["Twelve years of enterprise delivery."], num=4)
    if skills is not None:
        blocks += [heading(skills_heading), *skills]
    blocks.append(heading("Professional Experience"))
    for i, env in enumerate(entries):
        blocks += flat(
            bold(f"Client: Client{i} Corp, Dallas, TX\tMar 201{i} – Dec 201{i + 1}"),
            bold("Responsibilities:"),
            bullets([f"Built the client{i} ledger service.", f"Ran the client{i} cutover."]),
            env,
        )
    blocks += [heading("Education"), para("B.S. Computer Science, State University, 2010")]
    return build_docx(blocks)


def _edited(result: object, kind: str) -> list[str]:
    texts = paragraph_texts(result.docx)  # type: ignore[attr-defined]
    return [texts[e.paragraph] for e in result.edits if e.kind == kind]  # type: ignore[attr-defined]


def _new_run(result: object, index: int = 0) -> tuple[object, object]:
    e = result.edits[index]  # type: ignore[attr-defined]
    p = body_paragraphs(root_of(result.docx).find(W + "body"))[e.paragraph]  # type: ignore[attr-defined]
    return p, list(p.iter(W + "r"))[e.run]


# ---------------------------------------------------------------------------------------
# Off by default, and byte-identical when off
# ---------------------------------------------------------------------------------------

LAYOUTS: list[Layout] = [make() for make in ALL_LAYOUTS]
SAMPLES = sorted(PUBLIC.glob("*.docx")) if PUBLIC.is_dir() else []


def _cases() -> list[tuple[str, bytes, list[TechStack]]]:
    stacks = _stack("Kafka", "Kubernetes", "Go")
    out = [(lay.name, lay.docx, stacks) for lay in LAYOUTS]
    for path in SAMPLES:
        text = path.with_name(path.stem + ".stack.txt").read_text(encoding="utf-8")
        out.append((path.stem, path.read_bytes(), parse_stack(text)))
    return out


CASES = _cases()


def test_enrichment_is_off_by_default() -> None:
    assert TailorOptions().enrich is False


@pytest.mark.parametrize(("name", "docx", "stacks"), CASES, ids=[c[0] for c in CASES])
def test_with_enrichment_off_the_enricher_never_runs_and_only_bullets_are_inserted(
    name: str, docx: bytes, stacks: list[TechStack], monkeypatch: pytest.MonkeyPatch
) -> None:
    default = tailor(docx, stacks)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("enrich() ran with enrichment off")

    monkeypatch.setattr(tailor_module, "enrich", refuse)
    off = tailor(docx, stacks, TailorOptions(enrich=False))
    assert off.docx == default.docx  # byte for byte
    assert off.edits == () and off.unplaced == ()
    assert off.report()["edits"] == []
    checks.assert_only_insertions(docx, off.docx, len(off.plan))


@pytest.mark.parametrize(("name", "docx", "stacks"), CASES, ids=[c[0] for c in CASES])
def test_with_enrichment_on_only_bullets_and_appended_text_change(
    name: str, docx: bytes, stacks: list[TechStack]
) -> None:
    off = tailor(docx, stacks)
    on = tailor(docx, stacks, ENRICH)
    assert on.inserted == off.inserted or len(on.inserted) == len(off.inserted)
    assert_only_appends(docx, on)


def test_public_samples_with_environment_lines_get_their_projects_techs() -> None:
    path = PUBLIC / "pub08_liam_cohen.docx"
    if not path.exists():
        pytest.skip("the public samples are not beside the repo")
    stacks = parse_stack(path.with_name(path.stem + ".stack.txt").read_text(encoding="utf-8"))
    result = tailor(path.read_bytes(), stacks, ENRICH)
    env = _edited(result, "environment")
    assert env and all(t.startswith("Environment: ") for t in env)
    assert any(t.endswith(", Kubernetes, Airflow") for t in env)


# ---------------------------------------------------------------------------------------
# Environment lines
# ---------------------------------------------------------------------------------------


def test_a_plain_environment_line_gets_the_missing_techs_in_its_own_run_formatting() -> None:
    docx = _resume([[para("Environment: Java, Spring Boot, AWS")]])
    result = tailor(docx, _stack("Kafka", "Kubernetes", "AWS"), ENRICH)
    assert _edited(result, "environment") == ["Environment: Java, Spring Boot, AWS, Kafka, Kubernetes"]
    p, new = _new_run(result)
    first = next(p.iter(W + "r"))
    assert checks.canon(new.find(W + "rPr")) == checks.canon(first.find(W + "rPr"))
    assert result.edits[0].techs == ("Kafka", "Kubernetes")
    assert_only_appends(docx, result)


def test_a_bold_label_run_keeps_its_look_and_the_names_take_the_value_run_s_formatting() -> None:
    env = para(runs=run("Environment: ", BOLD_RPR) + run("Java, Oracle", ITALIC_RPR))
    docx = _resume([[env]])
    original_label = next(
        body_paragraphs(root_of(docx).find(W + "body"))[i] for i in [_index_of(docx, "Environment")]
    )
    result = tailor(docx, _stack("Kafka"), ENRICH)
    assert _edited(result, "environment") == ["Environment: Java, Oracle, Kafka"]
    p, new = _new_run(result)
    runs = list(p.iter(W + "r"))
    assert checks.canon(runs[0]) == checks.canon(next(original_label.iter(W + "r")))  # label untouched
    assert checks.canon(new.find(W + "rPr")) == checks.canon(runs[1].find(W + "rPr"))
    assert new.find(W + "rPr").find(W + "b") is None and new.find(W + "rPr").find(W + "i") is not None
    assert_only_appends(docx, result)


def _index_of(docx: bytes, start: str) -> int:
    return next(i for i, t in enumerate(paragraph_texts(docx)) if t.startswith(start))


def test_an_environment_line_typed_as_the_last_word_bullet_is_extended() -> None:
    docx = _resume([bullets(["Environment: Java, Oracle"])])
    result = tailor(docx, _stack("Kafka"), ENRICH)
    assert _edited(result, "environment") == ["Environment: Java, Oracle, Kafka"]
    assert_only_appends(docx, result)


def test_an_environment_line_with_a_typed_bullet_is_extended() -> None:
    docx = _resume([literal_bullets(["Environment: Java, Oracle"])])
    result = tailor(docx, _stack("Kafka"), ENRICH)
    assert _edited(result, "environment") == ["• Environment: Java, Oracle, Kafka"]
    assert_only_appends(docx, result)


def test_an_environment_label_cell_gets_the_names_in_its_value_cell() -> None:
    row = table([cell(bold("Environment")), cell(para("Java, Spring, Oracle", rpr=ITALIC_RPR))])
    docx = _resume([[row]])
    result = tailor(docx, _stack("Kafka", "Go"), ENRICH)
    assert _edited(result, "environment") == ["Java, Spring, Oracle, Kafka, Go"]
    assert result.edits[0].label == "Environment"
    _, new = _new_run(result)
    assert new.find(W + "rPr").find(W + "i") is not None
    assert_only_appends(docx, result)


def test_a_label_alone_on_its_line_gets_the_names_in_the_next_paragraph() -> None:
    docx = _resume([[bold("Environment:"), para("Java, Oracle")]])
    result = tailor(docx, _stack("Kafka"), ENRICH)
    assert _edited(result, "environment") == ["Java, Oracle, Kafka"]
    assert_only_appends(docx, result)


@pytest.mark.parametrize("label", ["Technologies:", "Tech Stack:", "Technologies Used:", "Environment -"])
def test_other_environment_labels_are_extended_too(label: str) -> None:
    docx = _resume([[para(f"{label} Java, Oracle")]])
    result = tailor(docx, _stack("Kafka"), ENRICH)
    assert _edited(result, "environment") == [f"{label} Java, Oracle, Kafka"]


def test_a_final_period_stays_final() -> None:
    docx = _resume([[para(runs=run("Environment: ", BOLD_RPR) + run("Java, Oracle.", BODY_RPR))]])
    result = tailor(docx, _stack("Kafka"), ENRICH)
    assert _edited(result, "environment") == ["Environment: Java, Oracle, Kafka."]
    assert result.edits[0].text == ", Kafka"
    assert_only_appends(docx, result)


@pytest.mark.parametrize(
    ("values", "expected"),
    [("Java | Oracle", "Java | Oracle | Kafka"), ("Java; Oracle", "Java; Oracle; Kafka")],
)
def test_the_line_s_own_separator_is_used(values: str, expected: str) -> None:
    docx = _resume([[para(f"Environment: {values}")]])
    result = tailor(docx, _stack("Kafka"), ENRICH)
    assert _edited(result, "environment") == [f"Environment: {expected}"]


@pytest.mark.parametrize(
    ("values", "stack_name"),
    [
        ("Java, K8s, Oracle", "Kubernetes"),
        ("Java, Kubernetes", "K8s"),
        ("Java, Postgres", "PostgreSQL"),
        ("Java, Spring Boot", "Spring"),
        ("JS, Oracle", "JavaScript"),
        ("C#, dotnet", ".NET"),
        ("GCP, Node", "Google Cloud"),
        ("Java, CI / CD", "CICD"),
    ],
)
def test_a_tech_already_named_by_an_alias_is_not_appended_again(values: str, stack_name: str) -> None:
    docx = _resume([[para(f"Environment: {values}")]])
    result = tailor(docx, _stack(stack_name), ENRICH)
    assert _edited(result, "environment") == []


def test_a_name_that_only_looks_like_a_listed_one_is_still_appended() -> None:
    docx = _resume([[para("Environment: JavaScript, C++, C#, Golang-free tooling")]])
    result = tailor(docx, _stack("Java", "C"), ENRICH)
    assert _edited(result, "environment") == [
        "Environment: JavaScript, C++, C#, Golang-free tooling, Java, C"
    ]


def test_each_project_gets_only_the_techs_of_the_points_it_received() -> None:
    envs = [[para("Environment: Java")], [para("Environment: Java")], [para("Environment: Java")]]
    docx = _resume(envs)
    result = tailor(docx, _stack("Kafka", "AWS"), ENRICH)  # Kafka -> project 0, AWS -> project 1
    assert _edited(result, "environment") == ["Environment: Java, Kafka", "Environment: Java, AWS"]
    assert [e.project for e in result.edits] == [0, 1]


def test_methodologies_and_unknown_names_are_not_put_in_environment_lines() -> None:
    docx = _resume([[para("Environment: Java")]])
    result = tailor(
        docx, _stack("Agile", "Cloud Cost Management", "Kafka"), TailorOptions(projects=1, enrich=True)
    )
    assert _edited(result, "environment") == ["Environment: Java, Kafka"]
    assert any(u.tech == "Cloud Cost Management" and "not a known tech" in u.reason for u in result.unplaced)


def test_a_stack_name_that_merely_contains_a_tech_adds_that_tech() -> None:
    docx = _resume([[para("Environment: Java")]])
    result = tailor(docx, _stack("AWS Cloud Services"), ENRICH)
    assert _edited(result, "environment") == ["Environment: Java, AWS"]


def test_the_stack_s_own_spelling_is_written_unless_it_differs_only_in_case() -> None:
    docx = _resume([[para("Environment: Java")]])
    result = tailor(docx, _stack("K8s", "kafka"), TailorOptions(projects=1, enrich=True))
    assert _edited(result, "environment") == ["Environment: Java, K8s, Kafka"]


# ---------------------------------------------------------------------------------------
# Skills section
# ---------------------------------------------------------------------------------------

SKILL_TABLE = table(
    [cell(bold("Languages")), cell(para("Java, Python", rpr=ITALIC_RPR))],
    [cell(bold("DevOps & Tools")), cell(para("Docker, Jenkins"))],
    [cell(bold("Databases")), cell(para("Oracle, Redis"))],
    borders=True,
)


def _skills_result(skills: list[str], *names: str, **kw: str) -> object:
    docx = _resume([[]], skills, **kw)
    result = tailor(docx, _stack(*names), ENRICH)
    assert_only_appends(docx, result)
    return result


def test_a_skills_table_row_of_the_tech_s_category_gets_it_in_its_values_cell() -> None:
    result = _skills_result([SKILL_TABLE], "Go", "Kubernetes", "Postgres")
    assert _edited(result, "skills") == [
        "Java, Python, Go",
        "Docker, Jenkins, Kubernetes",
        "Oracle, Redis, Postgres",
    ]
    assert [e.label for e in result.edits] == ["Languages", "DevOps & Tools", "Databases"]
    _, new = _new_run(result, 0)
    assert new.find(W + "rPr").find(W + "i") is not None  # the values cell's look


def test_label_value_lines_get_the_tech_after_their_values() -> None:
    lines = [
        para(runs=run("Languages: ", BOLD_RPR) + run("Java, Python", BODY_RPR)),
        para(runs=run("Cloud: ", BOLD_RPR) + run("AWS, Azure", BODY_RPR)),
    ]
    result = _skills_result(lines, "Go", "GCP", "Java")
    assert _edited(result, "skills") == ["Languages: Java, Python, Go", "Cloud: AWS, Azure, GCP"]
    p, new = _new_run(result, 0)
    assert checks.canon(new.find(W + "rPr")) == checks.canon(list(p.iter(W + "r"))[1].find(W + "rPr"))


def test_bulleted_label_lines_get_the_tech_too() -> None:
    result = _skills_result(bullets(["Languages: Java, Python, Go", "Cloud: AWS, Azure"], num=4), "Scala")
    assert _edited(result, "skills") == ["Languages: Java, Python, Go, Scala"]


def test_several_techs_of_one_row_go_in_one_run_in_stack_order() -> None:
    result = _skills_result([SKILL_TABLE], "Kotlin", "Scala")
    assert _edited(result, "skills") == ["Java, Python, Kotlin, Scala"]
    assert len(result.edits) == 1 and result.edits[0].techs == ("Kotlin", "Scala")


def test_a_tech_the_skills_section_names_anywhere_is_not_added() -> None:
    result = _skills_result([SKILL_TABLE], "K8s", "Docker")
    skills = [
        table(
            [cell(bold("Cloud")), cell(para("AWS, K8s"))],
            [cell(bold("DevOps & Tools")), cell(para("Docker, Jenkins"))],
        )
    ]
    again = _skills_result(skills, "Kubernetes")
    assert _edited(again, "skills") == []
    assert _edited(result, "skills") == ["Docker, Jenkins, K8s"]


def test_a_category_without_a_row_falls_back_or_is_reported() -> None:
    result = _skills_result([SKILL_TABLE], "Airflow", "Agile", "Cloud Cost Management")
    assert _edited(result, "skills") == ["Docker, Jenkins, Airflow"]  # data -> tools fallback
    reasons = {u.tech: u.reason for u in result.unplaced}
    assert reasons["Agile"] == "no Skills row for methodologies"
    assert "not a known tech" in reasons["Cloud Cost Management"]
    assert any("Agile" in w for w in result.warnings)


def test_a_general_row_takes_what_no_category_row_takes() -> None:
    lines = [para("Languages: Java, Python"), para("Other: Git, JIRA")]
    result = _skills_result(lines, "Kafka", "Go")
    assert _edited(result, "skills") == ["Languages: Java, Python, Go", "Other: Git, JIRA, Kafka"]


def test_a_row_listing_one_skill_per_bullet_is_reported_not_changed() -> None:
    skills = [table([cell(bold("Languages")), cell(*bullets(["Java", "Python"]))])]
    result = _skills_result(skills, "Go")
    assert _edited(result, "skills") == []
    assert [(u.tech, u.reason) for u in result.unplaced] == [
        ("Go", "the 'Languages' row lists one skill per bullet")
    ]


def test_without_a_skills_section_every_tech_is_reported() -> None:
    result = _skills_result([], "Go")  # a heading only, no rows: still a section
    docx = _resume([[]])
    none = tailor(docx, _stack("Go"), ENRICH)
    assert [(u.tech, u.reason) for u in none.unplaced] == [("Go", "the resume has no Skills section")]
    assert [(u.tech, u.reason) for u in result.unplaced] == [("Go", "no Skills row for languages")]


def test_the_report_lists_every_edit_and_what_was_not_placed() -> None:
    docx = _resume([[para("Environment: Java")]], [SKILL_TABLE])
    result = tailor(docx, _stack("Kafka", "Agile"), TailorOptions(projects=1, enrich=True))
    report = result.report()
    assert [(e["kind"], e["text"]) for e in report["edits"]] == [
        ("skills", ", Kafka"),
        ("environment", ", Kafka"),
    ]
    assert report["unplaced"] == [{"tech": "Agile", "reason": "no Skills row for methodologies"}]


def test_the_preview_marks_only_the_added_runs() -> None:
    pytest.importorskip("resume_customizer.guard.text")
    from resume_customizer.preview import render_preview

    docx = _resume([[para(runs=run("Environment: ", BOLD_RPR) + run("Java, Oracle", BODY_RPR))]])
    result = tailor(docx, _stack("Kafka"), ENRICH)
    preview = render_preview(result)
    # the class may be dropped by the sanitizer's allow-list: the mark itself is the highlight
    assert re.search(r"Java, Oracle<mark[^>]*>, Kafka</mark>", preview.html), preview.html[-400:]
    assert preview.html.count("<mark") == 2  # the new bullet's run and the added run, nothing else
    assert preview.edited == 1
