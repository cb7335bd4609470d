"""Truth for a produced .docx, computed without engine code, and its proof by the oracle.

The bullets' texts are known (we wrote them), so their paragraphs are found in the producer's
output with grade.py's own helpers; the formatting a new bullet must carry is read from them the
way grade.py reads it. The oracle of tests/corpus then inserts exactly what the truth says, and
grade.py must give that full marks.
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
import sys
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from lxml import etree

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
GRADE_PY = REPO.parent / "shared" / "eval" / "grade.py"
OK_RUN = {"rc": 0, "timed_out": False, "killed_rss": False, "spawn_error": None}
CHECKS = ("valid", "preserved", "placed", "formatted")


def load_grade(path: Path = GRADE_PY) -> ModuleType:
    """grade.py imported as a module."""
    spec = importlib.util.spec_from_file_location("producers_grade", path)
    if spec is None or spec.loader is None:
        raise RuntimeError(f"cannot import {path}")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def load_oracle() -> ModuleType:
    """tests/corpus/oracle.py (inserts exactly where a truth says)."""
    sys.path.insert(0, str(REPO / "tests" / "corpus"))
    import oracle

    return oracle


_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})


def loose(s: str) -> str:
    """Text compared loosely: NFC, straight quotes, whitespace collapsed."""
    s = unicodedata.normalize("NFC", s).translate(_QUOTES)
    return re.sub(r"\s+", " ", s).strip()


@dataclass
class ProjectSpec:
    """What we know of one project before looking at the produced file."""

    layout: str
    fingerprint_hint: str  # a string inside the entry's identifying line
    bullets: list[str]  # bullet texts as written, without any typed marker
    marker: str | None = None  # typed marker we put before each bullet, if any
    responsibilities_heading: str | None = None


class TruthError(Exception):
    """The produced document does not hold what we wrote where we expect it."""


def _in_table(p: etree._Element, grade: ModuleType) -> bool:
    return any(a.tag == grade.W + "tc" for a in p.iterancestors())


def build_truth(
    grade: ModuleType,
    case: str,
    docx_path: Path,
    specs: list[ProjectSpec],
    points: list[tuple[str, str]],
    distractors: list[str],
    meta: dict,
) -> dict:
    """The truth.json of one case, in grade.py's format (and the public samples' fields)."""
    with zipfile.ZipFile(docx_path) as z:
        root = etree.fromstring(z.read(grade.main_part_name(z)), grade.XML_PARSER)
    paras = grade.body_paragraphs(root)
    texts = [grade.para_text(p) for p in paras]
    looses = [loose(t) for t in texts]
    cursor = 0
    projects = []
    for n, spec in enumerate(specs):
        idx: list[int] = []
        markers: set[str] = set()
        for b in spec.bullets:
            want = loose(b)
            j = cursor
            while j < len(paras):
                if looses[j] == want or (looses[j].endswith(want) and len(looses[j]) - len(want) <= 3):
                    break
                j += 1
            else:
                raise TruthError(f"{case}: bullet not found after paragraph {cursor}: {b[:60]!r}")
            t = texts[j]
            cut = len(t) - len(t.lstrip()) if looses[j] == want else None
            if cut is None:
                # the typed marker is what precedes the bullet's own words
                first_word = b.split()[0]
                cut = t.find(first_word)
                if cut <= 0:
                    raise TruthError(f"{case}: cannot split marker from {t[:40]!r}")
            markers.add(t[:cut])
            idx.append(j)
            cursor = j + 1
        if len(markers) != 1:
            raise TruthError(f"{case}: project {n} has bullets with different markers {markers}")
        marker = markers.pop() or None
        if (marker or None) != (spec.marker or None) and spec.marker is not None:
            raise TruthError(f"{case}: project {n} marker {marker!r}, wrote {spec.marker!r}")
        # the identifying line: the nearest paragraph before the first bullet naming the entry
        fp = None
        lo = projects[-1]["bullet_paragraph_indices"][-1] if projects else -1
        for j in range(idx[0] - 1, lo, -1):
            if loose(spec.fingerprint_hint) in looses[j]:
                fp = j
                break
        first = paras[idx[0]]
        projects.append(
            {
                "index": n,
                "layout": spec.layout,
                "inner_layout": None,
                "in_table": _in_table(first, grade),
                "fingerprint": [texts[fp]] if fp is not None else [],
                "fingerprint_paragraph_indices": [fp] if fp is not None else [],
                "responsibilities_heading": spec.responsibilities_heading,
                "bullets": [texts[j] for j in idx],
                "bullet_paragraph_indices": idx,
                "bullet_ppr": grade.ppr_canon(first),
                "bullet_body_rpr": grade.body_rpr_canon(first),
                "literal_marker": marker,
            }
        )
    bullet_set = {j for p in projects for j in p["bullet_paragraph_indices"]}
    found_distractors = []
    for d in distractors:
        hits = [j for j, s in enumerate(looses) if s.endswith(loose(d))]
        if not hits:
            raise TruthError(f"{case}: distractor not found: {d[:60]!r}")
        if bullet_set & set(hits):
            raise TruthError(f"{case}: a distractor is a project bullet: {d[:60]!r}")
        found_distractors.append(texts[hits[0]])
    k = min(3, len(projects))
    if k == 0:
        raise TruthError(f"{case}: no projects")
    assignment = [i % k for i in range(len(points))]
    return {
        "case": case,
        "set": "producers",
        "kind": "resume",
        **meta,
        "techs": list(dict.fromkeys(t for t, _ in points)),
        "points": [{"tech": t, "text": p} for t, p in points],
        "targets": k,
        "expected_counts": [assignment.count(i) for i in range(k)],
        "expected_assignment": assignment,
        "projects": projects,
        "distractor_bullets": found_distractors,
        "paragraph_count": len(paras),
        "docx_sha256": hashlib.sha256(docx_path.read_bytes()).hexdigest(),
    }


def oracle_problems(
    grade: ModuleType, oracle: ModuleType, docx_path: Path, truth: dict, tmp: Path
) -> list[str]:
    """Grade the oracle's output for this truth; [] when it scores full marks."""
    out = tmp / (docx_path.stem + ".oracle.docx")
    oracle.tailor_file(docx_path, out)
    r = grade.grade_good(truth, str(docx_path), str(out), OK_RUN)
    out.unlink()
    return [] if all(r[c] for c in CHECKS) else [f"{c}={r[c]}" for c in CHECKS] + r["notes"]
