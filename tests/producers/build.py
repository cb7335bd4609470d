"""Build the producers corpus: resumes written by python-docx, pandoc and LibreOffice.

    python tests/producers/build.py --out DIR [--only REGEX] [--keep-sources]

Needs pandoc and LibreOffice (``apt-get install -y pandoc libreoffice-writer-nogui``). Writes
NAME.docx, NAME.stack.txt and NAME.truth.json per case; every truth is proved by the oracle of
tests/corpus scoring full marks with grade.py before the case is written. Then grade the engine:

    python ../shared/eval/grade.py --set DIR --project-dir . --cmd "python -m resume_customizer tailor"
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from prod_content import Resume, make_resume, make_stack  # noqa: E402
from prod_layouts import Options, full_bullet_text, resume_blocks  # noqa: E402
from prod_truth import (  # noqa: E402
    GRADE_PY,
    REPO,
    ProjectSpec,
    build_truth,
    load_grade,
    load_oracle,
    oracle_problems,
)
from prod_writers import (  # noqa: E402
    Look,
    fodt_document,
    html_document,
    markdown_document,
    pandoc,
    pandoc_reference,
    pydocx_document,
    soffice_convert,
)

PUBLIC = GRADE_PY.parent / "public"


@dataclass
class Spec:
    """One case to produce from invented content."""

    producer: str  # pydocx | pandoc | lohtml | lofodt
    layouts: list[str]
    stack: str
    look: dict = field(default_factory=dict)
    opts: dict = field(default_factory=dict)
    content: dict = field(default_factory=dict)
    order: tuple[str, ...] = ("summary", "skills", "experience", "education", "certifications")
    points: int | None = None


ORDER_SKILLS_LAST = ("summary", "experience", "skills", "certifications", "education")
ORDER_EDU_FIRST = ("summary", "education", "skills", "experience", "certifications")

SPECS: list[Spec] = [
    # ---- python-docx, the way a recruiter's script writes a resume --------------------------
    Spec("pydocx", ["CD"] * 4, "blocks", {"font": "Calibri", "size": 10.5}),
    Spec(
        "pydocx",
        ["RCCD"] * 3,
        "noblank",
        {"font": "Garamond", "size": 11, "color": "262626", "heading": "caps"},
        {"bold_techs": True},
        content={"leadins": True},
    ),
    Spec(
        "pydocx",
        ["CLI"] * 4,
        "colon",
        {"font": "Arial", "size": 10, "heading": "bold", "bullet_space_after": 2},
    ),
    Spec("pydocx", ["HD"] * 3, "inline", {"bullet": "literal:•\t"}, content={"date_format": "slash"}),
    Spec("pydocx", ["TR"] * 3, "numbered", {"font": "Cambria", "direct": False}, {"skills_table": True}),
    Spec("pydocx", ["TX"] * 3, "mixed", {"font": "Calibri", "size": 10}, {"cert_bullets": False}),
    Spec(
        "pydocx",
        ["PN"] * 4,
        "blocks",
        {"bullet": "symbol", "font": "Times New Roman", "size": 11},
        {"resp_heading": "Roles & Responsibilities:"},
    ),
    Spec(
        "pydocx",
        ["DS"] * 3,
        "nomarker",
        {"font": "Georgia", "size": 10},
        {"number_lists": True, "summary_bullets": False},
    ),
    Spec(
        "pydocx",
        ["CLI", "CLI", "RCCD"],
        "crlf",
        {"bullet": "List Bullet 2", "footer": "Confidential – submitted by Brightpath Staffing"},
        content={"environment": False},
    ),
    Spec(
        "pydocx",
        ["CD"] * 6,
        "colon",
        {"bullet_space_after": 0, "bullet_indent": 0.35, "color": "333333"},
        order=ORDER_SKILLS_LAST,
        points=8,
    ),
    Spec(
        "pydocx",
        ["HD"] * 3,
        "inline",
        {"bullet": "literal:- ", "entryhead": "bold"},
        {"headings_in_table": True},
        content={"date_format": "sept"},
    ),
    Spec("pydocx", ["BR"] * 2, "mixed", {"font": "Calibri", "tabs": False}, content={"leadins": True}),
    Spec(
        "pydocx",
        ["CLD"] * 3,
        "blocks",
        {"font": "Cambria", "size": 11, "heading": "bold"},
        {"heading_case": "upper colon", "skills_bullets": True, "blank_between": True},
    ),
    Spec(
        "pydocx",
        ["TF", "TF", "RD", "RD"],
        "inline",
        {"font": "Calibri Light", "color": "404040"},
        {"achievements": True},
        points=11,
    ),
    Spec(
        "pydocx",
        ["CLI"] * 3,
        "numbered",
        {"font": "Verdana", "size": 9, "tabs": False, "sep": " " * 14},
        {"heading_case": "upper"},
        content={"date_format": "hyphen"},
    ),
    Spec(
        "pydocx",
        ["RCCD"] * 3,
        "colon",
        {"font": "Calibri"},
        {"sectioned": ("skills", "experience"), "skills_bullets": True},
    ),
    Spec(
        "pydocx",
        ["HD"] * 4,
        "blocks",
        {"font": "Calibri", "contact_in_header": True, "entryhead": "bold"},
        content={"date_format": "words"},
    ),
    # ---- pandoc markdown -> docx ---------------------------------------------------------------
    Spec("pandoc", ["CD"] * 4, "blocks", {"bullet": "-"}),
    Spec("pandoc", ["RCCD"] * 3, "colon", {"bullet": "*", "reference": "serif"}, content={"leadins": True}),
    Spec(
        "pandoc",
        ["CLI"] * 3,
        "noblank",
        {"bullet": "-", "sep": " — "},
        {"link_in_bullets": True, "bold_techs": True},
    ),
    Spec("pandoc", ["HD"] * 4, "numbered", {"bullet": "+"}, content={"date_format": "words"}),
    Spec("pandoc", ["TR"] * 3, "inline", {"bullet": "-", "reference": "sans"}, {"skills_table": True}),
    Spec("pandoc", ["TX"] * 3, "mixed", {"bullet": "-"}),
    Spec(
        "pandoc",
        ["PN"] * 3,
        "nomarker",
        {"bullet": "-", "reference": "serif"},
        {"resp_heading": "Key Responsibilities"},
    ),
    Spec("pandoc", ["DS"] * 3, "blocks", {"bullet": "-", "loose": True}, order=ORDER_EDU_FIRST),
    Spec("pandoc", ["BR"] * 4, "crlf", {"bullet": "-", "heading": "bold"}),
    Spec(
        "pandoc",
        ["CD"] * 3,
        "colon",
        {"bullet": "literal:• ", "custom_style": "Resume Bullet"},
        {"summary_bullets": False},
    ),
    Spec("pandoc", ["RCCD"] * 2, "blocks", {"bullet": "1."}, {"number_lists": True}),
    Spec(
        "pandoc",
        ["CLD"] * 3,
        "mixed",
        {"bullet": "-", "reference": "sans", "heading": "bold"},
        {"heading_case": "upper colon"},
    ),
    Spec("pandoc", ["TF"] * 3, "blocks", {"bullet": "*"}, {"skills_bullets": True, "achievements": True}),
    Spec(
        "pandoc",
        ["HD", "HD", "CD", "CD"],
        "noblank",
        {"bullet": "-", "title_block": True, "reference": "serif"},
        content={"date_format": "mon"},
    ),
    Spec("pandoc", ["CLI"] * 3, "colon", {"bullet": "-", "sep": " | "}, {"track_changes": True}),
    Spec("pandoc", ["RCCD"] * 4, "inline", {"bullet": "*", "reference": "sans"}, {"track_changes": True}),
    # ---- HTML -> LibreOffice -> docx ------------------------------------------------------------
    Spec("lohtml", ["CD"] * 4, "blocks", {"bullet": "ul", "font": "Liberation Sans", "size": 10}),
    Spec(
        "lohtml",
        ["RCCD"] * 3,
        "inline",
        {"bullet": "ul-square", "heading": "caps", "font": "Liberation Serif", "size": 11},
    ),
    Spec(
        "lohtml",
        ["CLI"] * 4,
        "colon",
        {"bullet": "ul", "sep": " — "},
        {"resp_heading": "Duties:", "bold_techs": True},
    ),
    Spec(
        "lohtml", ["HD"] * 3, "numbered", {"bullet": "ul", "color": "222222"}, content={"date_format": "dots"}
    ),
    Spec("lohtml", ["TR"] * 3, "noblank", {"bullet": "ul"}, {"skills_table": True}),
    Spec("lohtml", ["TX"] * 4, "mixed", {"bullet": "ul", "font": "DejaVu Sans", "size": 9}),
    Spec("lohtml", ["PN"] * 4, "blocks", {"bullet": "ul"}),
    Spec("lohtml", ["DS"] * 3, "nomarker", {"bullet": "literal:• "}),
    Spec(
        "lohtml",
        ["CD"] * 3,
        "colon",
        {"bullet": "ul", "heading": "bold"},
        {"link_in_bullets": True},
        content={"leadins": True},
    ),
    Spec("lohtml", ["RCCD"] * 2, "crlf", {"bullet": "ol"}, {"number_lists": True}),
    Spec(
        "lohtml", ["RD"] * 3, "colon", {"bullet": "ul", "font": "Liberation Serif"}, {"blank_between": True}
    ),
    Spec(
        "lohtml",
        ["CLD"] * 4,
        "numbered",
        {"bullet": "ul"},
        {"heading_case": "upper colon", "achievements": True, "skills_bullets": True},
    ),
    Spec(
        "lohtml",
        ["CD"] * 3,
        "blocks",
        {"bullet": "ul", "inline_css": True, "font": "Arial", "size": 11},
        {"bold_techs": True},
    ),
    Spec(
        "lohtml",
        ["TF"] * 3,
        "mixed",
        {"bullet": "ul", "inline_css": True, "font": "Georgia", "size": 10.5, "color": "333333"},
        {"track_changes": True},
    ),
    # ---- flat ODT with named styles, list styles and fields -> LibreOffice -> docx ------------
    Spec(
        "lofodt",
        ["CLI"] * 4,
        "blocks",
        {"bullet": "list:▪", "heading": "caps", "font": "Carlito"},
        {"blank_between": True, "skills_bullets": True, "bold_techs": True},
    ),
    Spec(
        "lofodt",
        ["CLD"] * 3,
        "colon",
        {"bullet": "list:\uf0d8", "font": "Liberation Sans", "size": 10},
        {"heading_case": "upper colon"},
    ),
    Spec("lofodt", ["RD"] * 3, "noblank", {"bullet": "list:●", "font": "Liberation Serif", "size": 11}),
    Spec("lofodt", ["TF"] * 4, "inline", {"bullet": "list:•"}, {"number_lists": True}, points=10),
    Spec(
        "lofodt",
        ["HD"] * 3,
        "numbered",
        {"bullet": "list:–", "entryhead": "style"},
        {"achievements": True},
        content={"date_format": "years"},
    ),
    Spec("lofodt", ["TX"] * 3, "mixed", {"bullet": "list:•", "font": "DejaVu Serif", "size": 9.5}),
    Spec(
        "lofodt",
        ["PN"] * 4,
        "nomarker",
        {"bullet": "literal:•\t", "font": "Carlito"},
        {"resp_heading": "Roles & Responsibilities"},
    ),
    Spec(
        "lofodt",
        ["CD"] * 5,
        "crlf",
        {"bullet": "list:▪", "tabs": False, "sep": "      "},
        {"skills_table": True},
        points=9,
    ),
    Spec(
        "lofodt",
        ["CLI"] * 3,
        "mixed",
        {"bullet": "list:•", "heading": "caps"},
        {"sectioned": ("summary", "skills"), "skills_bullets": True, "achievements": True},
    ),
    Spec("lofodt", ["DS", "DS"], "blocks", {"bullet": "list:▪"}, {"sectioned": ("experience",)}),
]

# LibreOffice docx -> docx round trips: public samples and tests/corpus cases keep their truth
# (bullets found again by text); some python-docx cases of this corpus are round-tripped too.
ROUND_TRIP_PUBLIC = [
    "pub01_omar_barnes",
    "pub03_ethan_dubois",
    "pub05_ingrid_sato",
    "pub06_ava_kim",
    "pub07_mei_kapoor",
    "pub09_priya_nair",
]
ROUND_TRIP_CORPUS = [
    ("K7", 1, "A"),
    ("K12", 2, "C"),
    ("K13", 1, "B"),
    ("K15", 1, "D"),
    ("K17", 2, "M"),
    ("K18", 1, "E"),
]
ROUND_TRIP_OWN = [3, 5, 7]  # indexes into SPECS (python-docx cases)
# python-docx cases saved by LibreOffice as Word 97 .doc or .rtf, then opened again and saved as .docx
ROUND_TRIP_LEGACY = [(2, "doc"), (6, "doc"), (0, "rtf"), (13, "rtf")]
LEGACY_FILTERS = {"doc": "doc:MS Word 97", "rtf": "rtf:Rich Text Format"}

PRODUCERS = {
    "pydocx": "python-docx",
    "pandoc": "pandoc",
    "lohtml": "LibreOffice (HTML)",
    "lofodt": "LibreOffice (ODT)",
}
LAYOUT_NAMES = {
    "CD": "Company | dates, title line",
    "RCCD": "Role | Company | City | dates",
    "CLI": "Client:/Role:/Responsibilities:/Environment:",
    "HD": "heading or bold line with a date range",
    "TR": "company/dates in a borderless table row",
    "TX": "experience inside a table",
    "PN": "Project 1:/Project 2: under a client",
    "DS": "description paragraph before the bullets",
    "BR": "header lines split by a line break",
    "CLD": "Client:/Duration:/Role:/Description:/Responsibilities:",
    "TF": "title first, then company and dates",
    "RD": "dates alone on a right-aligned line",
}


@dataclass
class Made:
    """A case ready to be checked and written."""

    name: str
    docx: Path
    stack_text: str
    specs: list[ProjectSpec]
    points: list[tuple[str, str]]
    distractors: list[str]
    meta: dict


def specs_for(resume: Resume, look: Look, opts: Options) -> list[ProjectSpec]:
    """What we wrote for each project: layout, identifying string, bullets, typed marker."""
    out = []
    for e in resume.entries:
        hint = e.project if e.layout == "PN" else e.company
        resp = opts.resp_heading if e.layout in ("CLI", "PN") else None
        out.append(
            ProjectSpec(
                e.layout,
                hint or e.company,
                [full_bullet_text(e, i) for i in range(len(e.bullets))],
                look.literal,
                resp,
            )
        )
    return out


def case_name(producer: str, n: int, resume: Resume) -> str:
    """``pydocx03_aurelio_bianchi``."""
    person = re.sub(r"[^a-z]+", "_", resume.name.lower()).strip("_")
    return f"{producer}{n:02d}_{person}"


def produce(specs: list[Spec], work: Path, only: str | None) -> list[Made]:
    """Write every source and run the producers (LibreOffice once for all its inputs)."""
    used: set[str] = set()
    made: list[Made] = []
    lo_sources: list[Path] = []
    lo_dir = work / "lo"
    refs = {}
    counters: dict[str, int] = {}
    for spec in specs:
        counters[spec.producer] = counters.get(spec.producer, 0) + 1
        seed = zlib.crc32(f"{spec.producer}{counters[spec.producer]}".encode()) % 100_000
        resume = make_resume(seed, spec.layouts, used, **spec.content)
        stack = make_stack(seed, spec.stack, used, spec.points)
        look = Look(**spec.look)
        opts = Options(**spec.opts)
        name = case_name(spec.producer, counters[spec.producer], resume)
        if only and not re.search(only, name):
            continue
        blocks = resume_blocks(resume, opts, spec.order)
        out = work / f"{name}.docx"
        if spec.producer == "pydocx":
            pydocx_document(blocks, look, out, author="Brightpath Staffing")
        elif spec.producer == "pandoc":
            ref = None
            if look.reference:
                if look.reference not in refs:
                    ref_path = work / f"reference_{look.reference}.docx"
                    font, color = ("Cambria", "7B2C2C") if look.reference == "serif" else ("Arial", "1F4E79")
                    pandoc_reference(ref_path, font, 10.5, color)
                    refs[look.reference] = ref_path
                ref = refs[look.reference]
            pandoc(markdown_document(blocks, look), out, ref)
        elif spec.producer == "lohtml":
            src = work / "src" / f"{name}.html"
            src.parent.mkdir(exist_ok=True)
            src.write_text(html_document(blocks, look, resume.name), encoding="utf-8")
            lo_sources.append(src)
            out = lo_dir / f"{name}.docx"
        elif spec.producer == "lofodt":
            src = work / "src" / f"{name}.fodt"
            src.parent.mkdir(exist_ok=True)
            src.write_text(fodt_document(blocks, look, f"2025-{1 + seed % 12:02d}-15"), encoding="utf-8")
            lo_sources.append(src)
            out = lo_dir / f"{name}.docx"
        else:
            raise ValueError(spec.producer)
        distractors = (resume.summary if opts.summary_bullets else []) + (
            resume.certifications if opts.cert_bullets else []
        )
        distractors += [f"{k}: {v}" for k, v in resume.skills] if opts.skills_bullets else []
        distractors += resume.achievements if opts.achievements else []
        meta = {
            "producer": PRODUCERS[spec.producer],
            "layouts": sorted(set(spec.layouts), key=spec.layouts.index),
            "layout_plan": spec.layouts,
            "stack_format": stack.fmt,
            "stack_variants": [],
            "look": spec.look,
            "options": spec.opts,
        }
        made.append(
            Made(name, out, stack.text, specs_for(resume, look, opts), stack.points, distractors, meta)
        )
    # round trips of our own python-docx cases
    for i in ROUND_TRIP_OWN:
        base = next(
            (
                m
                for m in made
                if m.meta["producer"] == "python-docx" and m.name.startswith(f"pydocx{i + 1:02d}_")
            ),
            None,
        )
        if base is None:
            continue
        name = "lort_" + base.name
        src = work / "src" / f"{name}.docx"
        src.parent.mkdir(exist_ok=True)
        shutil.copyfile(base.docx, src)
        lo_sources.append(src)
        meta = dict(base.meta, producer="LibreOffice (docx round trip of python-docx)", source=base.name)
        made.append(
            Made(
                name,
                lo_dir / f"{name}.docx",
                base.stack_text,
                base.specs,
                base.points,
                base.distractors,
                meta,
            )
        )
    legacy: dict[str, list[Path]] = {}
    for i, ext in ROUND_TRIP_LEGACY:
        base = next((m for m in made if m.name.startswith(f"pydocx{i + 1:02d}_")), None)
        if base is None:
            continue
        name = f"lo{ext}_{base.name}"
        src = work / "legacy_in" / f"{name}.docx"
        src.parent.mkdir(exist_ok=True)
        shutil.copyfile(base.docx, src)
        legacy.setdefault(ext, []).append(src)
        lo_sources.append(work / "legacy" / f"{name}.{ext}")
        meta = dict(base.meta, producer=f"LibreOffice (.{ext} round trip of python-docx)", source=base.name)
        made.append(
            Made(
                name,
                lo_dir / f"{name}.docx",
                base.stack_text,
                base.specs,
                base.points,
                base.distractors,
                meta,
            )
        )
    for ext, srcs in legacy.items():
        soffice_convert(srcs, work / "legacy", LEGACY_FILTERS[ext])
    made += round_trips_of_existing(work, lo_sources, lo_dir, only)
    soffice_convert(lo_sources, lo_dir)
    return made


def specs_from_truth(truth: dict) -> list[ProjectSpec]:
    """Project specs from an existing truth (bullets without their typed marker)."""
    out = []
    for pj in truth["projects"]:
        m = pj.get("literal_marker") or ""
        hint = (pj.get("fingerprint") or [""])[0].split("\t")[0][:30]
        out.append(
            ProjectSpec(
                pj["layout"],
                hint,
                [b[len(m) :] for b in pj["bullets"]],
                None,
                pj.get("responsibilities_heading"),
            )
        )
    return out


def round_trips_of_existing(work: Path, lo_sources: list[Path], lo_dir: Path, only: str | None) -> list[Made]:
    """Public samples and tests/corpus cases, to be rewritten by LibreOffice."""
    made = []
    src_dir = work / "src"
    src_dir.mkdir(exist_ok=True)
    items: list[tuple[str, bytes, str, dict]] = []
    for pub in ROUND_TRIP_PUBLIC:
        base = PUBLIC / pub
        truth = json.loads(base.with_suffix(".truth.json").read_text(encoding="utf-8"))
        items.append(
            (
                f"lort_{pub}",
                (PUBLIC / f"{pub}.docx").read_bytes(),
                (PUBLIC / f"{pub}.stack.txt").read_text(encoding="utf-8"),
                truth,
            )
        )
    sys.path.insert(0, str(REPO / "tests" / "corpus"))
    import builder

    for layout, seed, fmt in ROUND_TRIP_CORPUS:
        c = builder.build_case(layout, seed, fmt)
        items.append((f"lort_corpus_{c.name}", c.docx_bytes, c.stack_text, c.truth))
    for name, data, stack_text, truth in items:
        if only and not re.search(only, name):
            continue
        src = src_dir / f"{name}.docx"
        src.write_bytes(data)
        lo_sources.append(src)
        meta = {
            "producer": "LibreOffice (docx round trip)",
            "source": truth["case"],
            "layouts": truth["layouts"],
            "layout_plan": truth.get("layout_plan", truth["layouts"]),
            "stack_format": truth["stack_format"],
            "stack_variants": truth.get("stack_variants", []),
        }
        points = [(p.get("tech", ""), p["text"]) for p in truth["points"]]
        made.append(
            Made(
                name,
                lo_dir / f"{name}.docx",
                stack_text,
                specs_from_truth(truth),
                points,
                truth.get("distractor_bullets", []),
                meta,
            )
        )
    return made


def write_case(m: Made, out: Path, grade: object, oracle: object, tmp: Path) -> list[str]:
    """Write the three files of a case and prove its truth; returns the oracle's problems."""
    docx_out = out / f"{m.name}.docx"
    shutil.copyfile(m.docx, docx_out)
    (out / f"{m.name}.stack.txt").write_bytes(m.stack_text.encode("utf-8"))
    truth = build_truth(grade, m.name, docx_out, m.specs, m.points, m.distractors, m.meta)  # type: ignore[arg-type]
    (out / f"{m.name}.truth.json").write_text(
        json.dumps(truth, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return oracle_problems(grade, oracle, docx_out, truth, tmp)  # type: ignore[arg-type]


def main(argv: list[str] | None = None) -> int:
    """CLI entry point."""
    ap = argparse.ArgumentParser(description="Build the producers corpus (python-docx, pandoc, LibreOffice).")
    ap.add_argument("--out", type=Path, required=True, help="directory to write the cases into")
    ap.add_argument("--only", help="regex: build only cases whose name matches")
    ap.add_argument("--keep-sources", type=Path, help="also keep the HTML/markdown sources here")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    grade = load_grade()
    oracle = load_oracle()
    with tempfile.TemporaryDirectory(prefix="producers_") as tmp_s:
        tmp = Path(tmp_s)
        made = produce(SPECS, tmp, args.only)
        bad = 0
        for m in made:
            with zipfile.ZipFile(m.docx) as z:
                z.testzip()
            problems = write_case(m, args.out, grade, oracle, tmp)
            if problems:
                bad += 1
                print(f"ORACLE FAILS {m.name}: {'; '.join(problems)}")
        if args.keep_sources:
            shutil.copytree(tmp, args.keep_sources, dirs_exist_ok=True)
    print(f"wrote {len(made)} cases to {args.out}; oracle failures: {bad}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
