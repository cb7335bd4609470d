"""The engine on resumes written by real producers (python-docx, pandoc, LibreOffice).

The cases in ``cases/`` are made by ``build.py``; their truth was computed without engine code
and is checked here again (it describes its document, and the oracle of tests/corpus scores full
marks with it). Then ``python -m resume_customizer tailor`` must get every case fully right, graded
by ../shared/eval/grade.py. Cases the engine still gets wrong are marked xfail(strict=True) with
the reason: remove the mark when the engine is fixed.
"""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path
from types import ModuleType

import pytest
from lxml import etree

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from prod_truth import load_grade, load_oracle, oracle_problems  # noqa: E402

REPO = HERE.parents[1]
CASES = HERE / "cases"
GRADE_PY = REPO.parent / "shared" / "eval" / "grade.py"
CHECKS = ("valid", "preserved", "placed", "formatted")
OK_RUN = {"rc": 0, "timed_out": False, "killed_rss": False, "spawn_error": None}

# case name -> what the engine probably misreads (one line); the lead removes a line when fixed
XFAIL: dict[str, str] = {}

NAMES = sorted(p.name[: -len(".truth.json")] for p in CASES.glob("*.truth.json"))


def _param(name: str) -> object:
    marks = [pytest.mark.xfail(strict=True, reason=XFAIL[name])] if name in XFAIL else []
    return pytest.param(name, marks=marks, id=name)


@pytest.fixture(scope="module")
def grade() -> ModuleType:
    """grade.py from ../shared/eval, imported as a module (skip when ../shared is missing)."""
    if not GRADE_PY.is_file():
        pytest.skip(f"{GRADE_PY} not found (../shared sits beside the repository)")
    return load_grade(GRADE_PY)


def truth_of(name: str) -> dict:
    return json.loads((CASES / f"{name}.truth.json").read_text(encoding="utf-8"))


def test_the_corpus_covers_every_producer_and_layout() -> None:
    truths = [truth_of(n) for n in NAMES]
    producers = {t["producer"] for t in truths}
    assert {
        "python-docx",
        "pandoc",
        "LibreOffice (HTML)",
        "LibreOffice (ODT)",
        "LibreOffice (docx round trip)",
    } <= producers
    layouts = {lay for t in truths for lay in t["layouts"]}
    assert {"CD", "RCCD", "CLI", "HD", "TR", "TX", "PN", "DS", "BR", "CLD", "TF", "RD"} <= layouts
    assert sum(f.stat().st_size for f in CASES.iterdir()) < 3_000_000


def test_no_xfail_mark_names_a_missing_case() -> None:
    assert set(XFAIL) <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_the_truth_describes_its_document(name: str, grade: ModuleType) -> None:
    t = truth_of(name)
    with zipfile.ZipFile(CASES / f"{name}.docx") as z:
        paras = grade.body_paragraphs(etree.fromstring(z.read("word/document.xml"), grade.XML_PARSER))
    assert t["paragraph_count"] == len(paras)
    k = min(3, len(t["projects"]))
    assert t["expected_assignment"] == [i % k for i in range(len(t["points"]))]
    seen: set[int] = set()
    for pj in t["projects"]:
        idx = pj["bullet_paragraph_indices"]
        assert idx == sorted(idx) and not seen & set(idx)
        seen |= set(idx)
        assert [grade.para_text(paras[i]) for i in idx] == pj["bullets"]
        assert grade.ppr_canon(paras[idx[0]]) == pj["bullet_ppr"]
        assert grade.body_rpr_canon(paras[idx[0]]) == pj["bullet_body_rpr"]
        if pj["literal_marker"]:
            assert all(b.startswith(pj["literal_marker"]) for b in pj["bullets"])
    assert not {b for pj in t["projects"] for b in pj["bullets"]} & set(t["distractor_bullets"])


@pytest.mark.parametrize("name", NAMES)
def test_the_oracle_gets_full_marks(name: str, grade: ModuleType, tmp_path: Path) -> None:
    assert oracle_problems(grade, load_oracle(), CASES / f"{name}.docx", truth_of(name), tmp_path) == []


@pytest.mark.parametrize("name", [_param(n) for n in NAMES])
def test_the_engine_tailors_the_case_fully(name: str, grade: ModuleType, tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / f"{name}.out.docx"
    argv = [
        sys.executable,
        "-m",
        "resume_customizer",
        "tailor",
        str(CASES / f"{name}.docx"),
        "--stack",
        str(CASES / f"{name}.stack.txt"),
        "--out",
        str(out),
    ]
    run = grade.run_tool(argv, str(REPO), 30, 1024, str(tmp_path / "stdout"), str(tmp_path / "stderr"))
    r = grade.grade_good(truth_of(name), str(CASES / f"{name}.docx"), str(out), run)
    stderr = (tmp_path / "stderr").read_text(encoding="utf-8", errors="replace")[-300:]
    assert {c: r[c] for c in CHECKS} == dict.fromkeys(CHECKS, True), (r["notes"], stderr)


def test_a_truth_that_names_the_wrong_project_is_caught(grade: ModuleType, tmp_path: Path) -> None:
    """The proof itself can fail: points put into the last project (beyond the first three)."""
    name = next(n for n in NAMES if len(truth_of(n)["projects"]) > 3 and len(truth_of(n)["points"]) >= 2)
    lying = truth_of(name)
    last = len(lying["projects"]) - 1
    lying["targets"] = len(lying["projects"])
    lying["expected_assignment"] = [last] * len(lying["points"])
    resume = tmp_path / f"{name}.docx"
    resume.write_bytes((CASES / f"{name}.docx").read_bytes())
    (tmp_path / f"{name}.truth.json").write_text(json.dumps(lying), encoding="utf-8")
    out = tmp_path / "o.docx"
    load_oracle().tailor_file(resume, out)
    r = grade.grade_good(truth_of(name), str(resume), str(out), OK_RUN)
    assert r["valid"] and r["preserved"] and not r["placed"]
