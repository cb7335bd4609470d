"""Benchmark: tailoring speed against python-docx's own open + save, measured in the same run.

For each resume of the public sample set (../shared/eval/public) and of the real-world corpus
(tests/realworld: real resumes from public repositories, anonymized) it prints the median time of

* ``docx``   python-docx ``Document(f)`` + ``save()`` — the baseline;
* ``floor``  unzip, parse and re-serialize word/document.xml alone, rezip — the least any
             tool that edits the document must do;
* ``tailor`` ``tailor(docx_bytes, parse_stack(text))`` — the product;

and the ratios tailor/docx (target <= 0.6 on the samples, median <= 0.8 on the real-world
resumes) and tailor/floor. Then it builds resumes of 10 to
200 pages, tailors them (target: 200 pages under 2 s) and shows that detection time grows
linearly with the number of paragraphs (time per paragraph roughly constant).

    python bench/bench_tailor.py [--repeat 15] [--samples DIR]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import zipfile
from pathlib import Path

import docx
from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import median_time  # noqa: E402

from resume_customizer import parse_stack, tailor  # noqa: E402
from resume_customizer.errors import CustomizerError  # noqa: E402
from resume_customizer.resume.tailor import load  # noqa: E402
from resume_customizer.stack import TechStack  # noqa: E402
from tests.docx_factory import bold, build_docx, bullets, heading, para  # noqa: E402


def python_docx_roundtrip(data: bytes) -> None:
    """The baseline: python-docx opens and saves the file."""
    d = docx.Document(io.BytesIO(data))
    d.save(io.BytesIO())


def floor_roundtrip(data: bytes) -> None:
    """The floor: unzip, parse and re-serialize word/document.xml, rezip everything."""
    zin = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            raw = zin.read(info)
            if info.filename == "word/document.xml":
                raw = etree.tostring(
                    etree.fromstring(raw), xml_declaration=True, encoding="UTF-8", standalone=True
                )
            zout.writestr(info, raw)


def big_resume(pages: int) -> bytes:
    """A resume of about ``pages`` pages: ~one entry of 8 bullets per half page."""
    blocks = [
        para("Big Resume"),
        heading("Summary"),
        *bullets(["Long career."], num=4),
        heading("Experience"),
    ]
    for i in range(pages * 2):
        blocks.append(bold(f"Company {i} | Jan {1990 + i % 30} – Dec {1991 + i % 30}"))
        blocks.append(bold("Responsibilities:"))
        blocks += bullets(
            [
                f"Delivered capability {i}.{j} for the platform team with measurable outcomes."
                for j in range(8)
            ]
        )
    blocks += [heading("Education"), para("B.S., 2000")]
    return build_docx(blocks)


def _sample_table(title: str, folder: Path, repeat: int, *, target: float) -> None:
    """Per resume of ``folder`` (with its ``.stack.txt``): baseline, floor, tailor and the ratios."""
    samples = sorted(
        p for p in folder.glob("*.docx") if p.with_name(p.name[: -len(".docx")] + ".stack.txt").exists()
    )
    if not samples:
        print(f"no resumes in {folder}; skipping the {title}")
        return
    ratios, floor_ratios, refused = [], [], 0
    print(f"{title} ({folder})")
    print(f"{'resume':34} {'docx ms':>8} {'floor ms':>9} {'tailor ms':>10} {'t/docx':>7} {'t/floor':>8}")
    for path in samples:
        data = path.read_bytes()
        stack_path = path.with_name(path.name[: -len(".docx")] + ".stack.txt")
        stacks = parse_stack(stack_path.read_text(encoding="utf-8"))
        try:
            tailor(data, stacks)
        except CustomizerError:
            refused += 1  # a document without projects: refused, timed below all the same
        base = median_time(lambda d=data: python_docx_roundtrip(d), repeat)
        floor = median_time(lambda d=data: floor_roundtrip(d), repeat)
        ours = median_time(lambda d=data, s=stacks: _tailor_or_refuse(d, s), repeat)
        ratios.append(ours / base)
        floor_ratios.append(ours / floor)
        print(
            f"{path.stem[:34]:34} {base * 1e3:8.2f} {floor * 1e3:9.2f} {ours * 1e3:10.2f} "
            f"{ours / base:7.2f} {ours / floor:8.2f}"
        )
    print(
        f"{title}: n={len(samples)} ({refused} refused); median ratio tailor/python-docx: "
        f"{statistics.median(ratios):.2f} (target <= {target:.2f}), max {max(ratios):.2f}; "
        f"tailor/floor: {statistics.median(floor_ratios):.2f}"
    )
    print()


def _tailor_or_refuse(data: bytes, stacks: list[TechStack]) -> None:
    try:
        tailor(data, stacks)
    except CustomizerError:
        pass


def main() -> int:
    """Run the benchmark and print its figures."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--samples", default=str(ROOT.parent / "shared" / "eval" / "public"))
    ap.add_argument("--realworld", default=str(ROOT / "tests" / "realworld"))
    args = ap.parse_args()

    _sample_table("public samples", Path(args.samples), args.repeat, target=0.6)
    _sample_table("real-world resumes", Path(args.realworld), args.repeat, target=0.8)

    print()
    print(f"{'pages':>5} {'paragraphs':>10} {'detect ms':>10} {'us/para':>8} {'tailor ms':>10}")
    stacks = parse_stack("Kafka\n" + "\n".join(f"• Point {i} about streaming at scale." for i in range(9)))
    rows = []
    for pages in (10, 25, 50, 100, 200):
        data = big_resume(pages)
        n = len(load(data).detection.paras)
        det = median_time(lambda d=data: load(d), max(5, args.repeat // 2))
        full = median_time(lambda d=data: tailor(d, stacks), max(5, args.repeat // 2))
        rows.append((n, det))
        print(f"{pages:5d} {n:10d} {det * 1e3:10.1f} {det / n * 1e6:8.1f} {full * 1e3:10.1f}")
    # Linear: the times sit on a straight line through the sizes (least squares, R^2 near 1).
    ns, ts = [n for n, _ in rows], [t for _, t in rows]
    mean_n, mean_t = statistics.fmean(ns), statistics.fmean(ts)
    slope = sum((n - mean_n) * (t - mean_t) for n, t in rows) / sum((n - mean_n) ** 2 for n in ns)
    fitted = [mean_t + slope * (n - mean_n) for n in ns]
    r2 = 1 - sum((t - f) ** 2 for t, f in zip(ts, fitted, strict=True)) / sum((t - mean_t) ** 2 for t in ts)
    print(f"detection time vs paragraphs: {slope * 1e6:.1f} us per paragraph, linear fit R^2 = {r2:.3f}")
    print(f"200-page resume tailored in {full:.2f} s (target < 2 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
