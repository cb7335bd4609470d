"""The generated corpus is deterministic, opens in python-docx, and its truth is gradable.

The last point is proved with the grader's own functions: the oracle (which inserts exactly what
the truth says) must get full marks on every good case and refuse every bad one properly.
"""

from __future__ import annotations

import importlib.util
import io
import json
import sys
import zipfile
from pathlib import Path
from types import ModuleType

import docx
import pytest
from lxml import etree

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import builder  # noqa: E402
import generate  # noqa: E402
import oracle  # noqa: E402

SHARED = Path(__file__).resolve().parents[3] / "shared"
GRADE_PY = SHARED / "eval" / "grade.py"
OK_RUN = {"rc": 0, "timed_out": False, "killed_rss": False, "spawn_error": None}


@pytest.fixture(scope="module")
def grade() -> ModuleType:
    """grade.py from ../shared/eval, imported as a module."""
    if not GRADE_PY.is_file():
        pytest.skip(f"{GRADE_PY} not found (../shared sits beside the repository)")
    spec = importlib.util.spec_from_file_location("corpus_grade", GRADE_PY)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[builder.Case]]:
    """The default corpus (what generate.py writes without options), written to a temp dir."""
    out = tmp_path_factory.mktemp("corpus")
    cases = list(generate.cases(generate.DEFAULT_SEEDS))
    for case in cases:
        generate.write_case(case, out)
    return out, cases


def good(cases: list[builder.Case]) -> list[builder.Case]:
    return [c for c in cases if c.truth["kind"] == "resume"]


def body_paragraphs(data: bytes, grade: ModuleType) -> list[etree._Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return grade.body_paragraphs(etree.fromstring(z.read("word/document.xml")))


def test_the_same_seed_builds_the_same_bytes_and_another_seed_does_not() -> None:
    for layout in ("K1", "K7", "K13", "K17"):
        a = builder.build_case(layout, 5, "M")
        b = builder.build_case(layout, 5, "M")
        c = builder.build_case(layout, 6, "M")
        assert (a.name, a.docx_bytes, a.stack_text, a.truth) == (b.name, b.docx_bytes, b.stack_text, b.truth)
        assert a.docx_bytes != c.docx_bytes
    bad1, bad2 = builder.build_bad_case("docm", 1), builder.build_bad_case("docm", 1)
    assert bad1.docx_bytes == bad2.docx_bytes


def test_every_layout_and_stack_format_is_in_the_default_corpus(
    corpus: tuple[Path, list[builder.Case]],
) -> None:
    _, cases = corpus
    assert {c.truth["generator"]["layout"] for c in good(cases)} == set(builder.LAYOUTS)
    assert {c.truth["stack_format"] for c in good(cases)} == set(builder.STACK_FORMATS)
    assert {c.truth["reason"] for c in cases if c.truth["kind"] == "bad"} == set(builder.BAD_KINDS.values())
    assert len({c.name for c in cases}) == len(cases)


def test_every_good_case_opens_with_python_docx(corpus: tuple[Path, list[builder.Case]]) -> None:
    out, cases = corpus
    for case in good(cases):
        document = docx.Document(str(out / f"{case.name}.docx"))
        assert document.paragraphs, case.name


def test_truth_describes_the_document_it_came_with(
    corpus: tuple[Path, list[builder.Case]], grade: ModuleType
) -> None:
    _, cases = corpus
    for case in good(cases):
        t = case.truth
        paras = body_paragraphs(case.docx_bytes, grade)
        assert t["paragraph_count"] == len(paras), case.name
        k = min(3, len(t["projects"]))
        assert t["targets"] == k and k >= 1, case.name
        assert t["expected_assignment"] == [i % k for i in range(len(t["points"]))], case.name
        assert sum(t["expected_counts"]) == len(t["points"]), case.name
        seen: set[int] = set()
        for pj in t["projects"]:
            idx = pj["bullet_paragraph_indices"]
            assert idx == sorted(idx) and not seen & set(idx), case.name
            seen |= set(idx)
            assert [grade.para_text(paras[i]) for i in idx] == pj["bullets"], case.name
            assert [grade.para_text(paras[i]) for i in pj["fingerprint_paragraph_indices"]] == pj[
                "fingerprint"
            ], case.name
            assert grade.ppr_canon(paras[idx[0]]) == pj["bullet_ppr"], case.name
            assert grade.body_rpr_canon(paras[idx[0]]) == (pj["bullet_body_rpr"] or ""), case.name
            if pj["literal_marker"]:
                assert all(b.startswith(pj["literal_marker"]) for b in pj["bullets"]), case.name
        # distractor bullets are never project bullets
        project_texts = {b for pj in t["projects"] for b in pj["bullets"]}
        assert not project_texts & set(t["distractor_bullets"]), case.name


def test_the_oracle_gets_full_marks_from_the_grader(
    corpus: tuple[Path, list[builder.Case]], grade: ModuleType, tmp_path: Path
) -> None:
    out, cases = corpus
    failures = []
    for case in good(cases):
        resume = out / f"{case.name}.docx"
        result = tmp_path / f"{case.name}.out.docx"
        oracle.tailor_file(resume, result)
        truth = json.loads((out / f"{case.name}.truth.json").read_text(encoding="utf-8"))
        r = grade.grade_good(truth, str(resume), str(result), OK_RUN)
        if not all(r[c] for c in ("valid", "preserved", "placed", "formatted")):
            failures.append((case.name, r["notes"]))
    assert failures == []


def test_the_oracle_refuses_bad_inputs_as_the_grader_wants(
    corpus: tuple[Path, list[builder.Case]], grade: ModuleType, tmp_path: Path
) -> None:
    out, cases = corpus
    bad = [c for c in cases if c.truth["kind"] == "bad"]
    assert len(bad) == len(builder.BAD_KINDS)
    for case in bad:
        run_dir = tmp_path / case.name
        out_dir = run_dir / "out"
        out_dir.mkdir(parents=True)
        argv = [
            sys.executable,
            str(HERE / "oracle.py"),
            str(out / f"{case.name}.docx"),
            "--stack",
            str(out / f"{case.name}.stack.txt"),
            "--out",
            str(out_dir / "o.docx"),
        ]
        run = grade.run_tool(argv, str(HERE), 30, 1024, str(run_dir / "stdout"), str(run_dir / "stderr"))
        ok, notes = grade.grade_bad(run, str(out_dir), (run_dir / "stderr").read_text(), 1024, 30)
        assert ok, (case.name, notes)


def test_a_misplaced_point_is_caught_by_the_grader(
    corpus: tuple[Path, list[builder.Case]], grade: ModuleType, tmp_path: Path
) -> None:
    """Sanity check of the proof itself: a truth that lies about the targets fails the grader."""
    _, cases = corpus
    case = next(c for c in good(cases) if len(c.truth["projects"]) > 3 and len(c.truth["points"]) >= 2)
    lying = json.loads(json.dumps(case.truth))
    lying["targets"] = len(lying["projects"])
    lying["expected_assignment"] = [len(lying["projects"]) - 1] * len(lying["points"])
    resume = tmp_path / f"{case.name}.docx"
    resume.write_bytes(case.docx_bytes)
    (tmp_path / f"{case.name}.truth.json").write_text(json.dumps(lying), encoding="utf-8")
    oracle.tailor_file(resume, tmp_path / "o.docx")
    r = grade.grade_good(case.truth, str(resume), str(tmp_path / "o.docx"), OK_RUN)
    assert r["valid"] and r["preserved"] and not r["placed"]
