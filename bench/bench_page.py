"""Benchmark: the page's rerun cost with ten uploaded resumes, and the cost of one preview.

Streamlit reruns the whole page on every interaction, so a page that redoes its work for
each uploaded file gets slower with every file. Measured in one run, with the real app.py
under Streamlit's AppTest:

* ``rerun, no resumes``       median time of a rerun of the empty page (the baseline);
* ``rerun, ten resumes``      median time of a rerun with ten resumes uploaded (target: at most
                              1.5x the baseline);
* ``rerun, ten generated``    the same with a stack in every resume and all ten tailored files
                              (and the ZIP) offered for download (informative);
* ``preview``                 what pressing Preview costs for a typical resume, uncached:
                              tailor + HTML preview (target: under 300 ms), and with the keyword
                              coverage before and after.

The resumes are the public samples (../shared/eval/public) when present, else built ones.

    python bench/bench_page.py [--repeat 15]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import median_time  # noqa: E402

SAMPLES = ROOT.parent / "shared" / "eval" / "public"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
STACK = """Kafka
• Built streaming pipelines for claims events.
• Tuned consumer lag alerts on the claims topics.
Terraform:
- Wrote Terraform modules for the data platform.
- Automated drift checks in CI."""


def interleaved(a: Callable[[], object], b: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median wall times of ``a`` and ``b``, run in turn ``repeat`` times each after a warm-up."""
    a()
    b()
    ta, tb = [], []
    for _ in range(repeat):
        for fn, times in ((a, ta), (b, tb)):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
    return statistics.median(ta), statistics.median(tb)


def resumes() -> list[tuple[str, bytes, str]]:
    """Ten (name, docx, stack) triples: the public samples, or built layouts."""
    found = sorted(SAMPLES.glob("*.docx"))[:10]
    if len(found) == 10:
        out = []
        for path in found:
            stack = path.with_suffix(".stack.txt")
            out.append((path.name, path.read_bytes(), stack.read_text() if stack.exists() else STACK))
        return out
    from tests.resume.layouts import ALL_LAYOUTS

    built = [make() for make in ALL_LAYOUTS][:10]
    return [(f"{layout.name}.docx", layout.docx, STACK) for layout in built]


def main() -> int:
    """Run the benchmark and print its figures."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=15)
    args = ap.parse_args()

    data = tempfile.mkdtemp(prefix="bench-page-")
    os.environ["RESUME_CUSTOMIZER_DATA_DIR"] = data
    os.environ["RESUME_CUSTOMIZER_LOG_CONSOLE"] = "false"
    os.environ["RESUME_CUSTOMIZER_RATELIMIT_PREVIEW"] = "10000 per minute"
    os.environ["RESUME_CUSTOMIZER_RATELIMIT_GENERATE"] = "10000 per minute"
    os.chdir(ROOT)
    from streamlit.testing.v1 import AppTest

    from resume_customizer.config import load_settings
    from resume_customizer.preview import render_preview
    from resume_customizer.ui.services import Services
    from resume_customizer.ui.text import md_escape

    files = resumes()
    empty = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    ten = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    ten.file_uploader(key="resumes").set_value([(n, d, DOCX_MIME) for n, d, _ in files]).run()
    assert not ten.exception, ten.exception
    # Interleaved, so drift on a shared machine hits both alike.
    base, uploaded = interleaved(empty.run, ten.run, args.repeat)

    for name, docx_bytes, stack in files:
        key = hashlib.sha256(docx_bytes).hexdigest()[:12]
        ten.session_state["resume-tabs"] = md_escape(name)
        ten.run()
        ten.text_area(key=f"stack-{key}").input(stack).run()
    ten.button(key="generate").click().run()
    assert not ten.exception and len(ten.get("download_button")) >= 11, "generate did not offer the files"
    base2, generated = interleaved(empty.run, ten.run, args.repeat)

    print(f"rerun, no resumes:      {base * 1e3:7.1f} ms")
    print(f"rerun, ten resumes:     {uploaded * 1e3:7.1f} ms   ratio {uploaded / base:.2f}x (target <= 1.5x)")
    print(f"rerun, ten generated:   {generated * 1e3:7.1f} ms   ratio {generated / base2:.2f}x")

    # One Preview press, uncached: a fresh Services each time (nothing kept between runs).
    settings = load_settings()
    services = Services.build(settings)
    name, docx_bytes, stack = files[0]

    def tailor_and_render() -> None:
        tailored = Services.build(settings).tailor(name, docx_bytes, stack, 3, False)
        render_preview(tailored.result)

    def with_coverage() -> None:
        fresh = Services.build(settings)
        tailored = fresh.tailor(name, docx_bytes, stack, 3, False)
        render_preview(tailored.result)
        fresh.coverage("k", docx_bytes, tailored, "")

    preview = median_time(tailor_and_render, args.repeat)
    full = median_time(with_coverage, args.repeat)
    print(f"preview ({name}): {preview * 1e3:7.1f} ms tailor + HTML (target < 300 ms)")
    print(f"preview with coverage:  {full * 1e3:7.1f} ms")
    services.metrics.stop_sampler()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
