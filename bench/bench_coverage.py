"""Benchmark: keyword coverage of a resume, against a plain substring scan of the same text.

For each resume of the public sample set (../shared/eval/public) and its stack plus a job
description (a fixed one below), it prints the median time of

* ``coverage``  ``coverage(docx_bytes, keywords)`` — open, walk, detect, match (target < 20 ms);
* ``match``     the matching part alone: the precompiled tech matcher over every paragraph,
                with sections, projects and aliases resolved;
* ``substr``    the baseline: ``keyword.lower() in text.lower()`` for every keyword over the
                same paragraphs' text joined — no aliases, no word boundaries;
* ``regex``     a per-keyword ``\\b``-bounded regex compiled in the run, a common naive matcher;

and the ratios match/substr and match/regex. The tech table's one-time load is printed too.

    python bench/bench_coverage.py [--repeat 25] [--samples DIR]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import median_time  # noqa: E402

from resume_customizer import parse_stack  # noqa: E402
from resume_customizer.coverage import coverage, gather_keywords, measure  # noqa: E402
from resume_customizer.keywords import load_index, tech_index  # noqa: E402
from resume_customizer.resume.tailor import load  # noqa: E402

JOB = """Senior Backend Engineer (Platform). You will design gRPC and REST microservices in Java 17
and Go, deployed on AWS (EKS) with Terraform and Argo CD. Requirements: Spring Boot, Kafka,
PostgreSQL, Redis, Elasticsearch and Docker; CI/CD with GitHub Actions or Jenkins; observability
with Prometheus, Grafana or Datadog. Nice to have: Python, React, TypeScript, Snowflake, Airflow,
Flink. Experience with Agile/Scrum and TDD. Strong communication skills."""


def substring_scan(texts: list[str], names: list[str]) -> list[bool]:
    """The baseline: plain case-insensitive substring tests over the joined text."""
    low = "\n".join(texts).lower()
    return [n.lower() in low for n in names]


def regex_scan(texts: list[str], names: list[str]) -> list[bool]:
    """A naive matcher: one ``\\b``-bounded case-insensitive regex per keyword, compiled here."""
    text = "\n".join(texts)
    return [re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text, re.IGNORECASE) is not None for n in names]


def main() -> int:
    """Run the benchmark and print its figures."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=25)
    ap.add_argument("--samples", default=str(ROOT.parent / "shared" / "eval" / "public"))
    args = ap.parse_args()

    data_file = ROOT / "resume_customizer" / "data" / "aliases.toml"
    t0 = time.perf_counter()
    load_index(data_file.read_text(encoding="utf-8"))
    print(f"tech table load + compile (once per process): {(time.perf_counter() - t0) * 1e3:.1f} ms")
    index = tech_index()

    samples = sorted(Path(args.samples).glob("*.docx"))
    if not samples:
        print(f"no samples in {args.samples}")
        return 1
    print(
        f"{'sample':28} {'kw':>3} {'paras':>5} {'chars':>6} {'coverage ms':>11} {'match ms':>9} "
        f"{'substr ms':>9} {'regex ms':>9} {'m/substr':>8} {'m/regex':>8}"
    )
    totals, vs_sub, vs_re = [], [], []
    for path in samples:
        data = path.read_bytes()
        stacks = parse_stack(path.with_name(path.stem + ".stack.txt").read_text(encoding="utf-8"))
        keywords = gather_keywords((s.name for s in stacks if s.name), JOB, index)
        names = [k.name for k in keywords]
        detection = load(data).detection
        texts = [p.text for p in detection.paras]
        chars = sum(len(t) for t in texts)
        full = median_time(lambda d=data, k=keywords: coverage(d, k, index), args.repeat)
        match = median_time(lambda det=detection, k=keywords: measure(det, k, index), args.repeat)
        sub = median_time(lambda t=texts, n=names: substring_scan(t, n), args.repeat)
        rx = median_time(lambda t=texts, n=names: regex_scan(t, n), args.repeat)
        totals.append(full)
        vs_sub.append(match / sub)
        vs_re.append(match / rx)
        print(
            f"{path.stem:28} {len(names):3d} {len(texts):5d} {chars:6d} {full * 1e3:11.2f} "
            f"{match * 1e3:9.3f} {sub * 1e3:9.3f} {rx * 1e3:9.3f} {match / sub:8.1f} {match / rx:8.2f}"
        )
    print(
        f"coverage of a resume: median {statistics.median(totals) * 1e3:.2f} ms, "
        f"max {max(totals) * 1e3:.2f} ms (target < 20 ms)"
    )
    print(
        f"matching vs plain substring scan: median {statistics.median(vs_sub):.1f}x; "
        f"vs per-keyword regex: median {statistics.median(vs_re):.2f}x"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
