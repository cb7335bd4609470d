"""Write the generated corpus: NAME.docx, NAME.stack.txt and NAME.truth.json per case.

    python tests/corpus/generate.py --out DIR [--seeds N] [--only LAYOUT] [--no-bad]

Every layout gets seeds 1..N; the stack format rotates with layout and seed so every format
meets every kind of layout. Then grade with:

    python /work/shared/eval/grade.py --set DIR --project-dir . --cmd "python tests/corpus/oracle.py"
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from builder import BAD_KINDS, LAYOUTS, STACK_FORMATS, Case, build_bad_case, build_case

DEFAULT_SEEDS = 3


def stack_format_for(layout: str, seed: int) -> str:
    """The stack format a (layout, seed) pair gets: a rotation over all formats."""
    formats = list(STACK_FORMATS)
    return formats[(int(layout[1:]) * 3 + seed) % len(formats)]


def cases(seeds: int, only: str | None = None, bad: bool = True) -> Iterator[Case]:
    """Every case of the corpus, in a stable order."""
    for layout in LAYOUTS:
        if only and layout != only:
            continue
        for seed in range(1, seeds + 1):
            yield build_case(layout, seed, stack_format_for(layout, seed))
    if bad and not only:
        for kind in BAD_KINDS:
            yield build_bad_case(kind, 1)


def write_case(case: Case, out: Path) -> None:
    """Write the three files of one case (stack text written as is, CRLF kept)."""
    (out / f"{case.name}.docx").write_bytes(case.docx_bytes)
    (out / f"{case.name}.stack.txt").write_bytes(case.stack_text.encode("utf-8"))
    (out / f"{case.name}.truth.json").write_text(
        json.dumps(case.truth, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def main(argv: list[str] | None = None) -> int:
    """CLI entry point."""
    ap = argparse.ArgumentParser(description="Write the generated resume corpus.")
    ap.add_argument("--out", type=Path, required=True, help="directory to write the cases into")
    ap.add_argument("--seeds", type=int, default=DEFAULT_SEEDS, help=f"seeds per layout ({DEFAULT_SEEDS})")
    ap.add_argument("--only", choices=list(LAYOUTS), help="one layout only (no bad cases)")
    ap.add_argument("--no-bad", action="store_true", help="leave out the bad-input cases")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    n = 0
    for case in cases(args.seeds, args.only, not args.no_bad):
        write_case(case, args.out)
        n += 1
    print(f"wrote {n} cases to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
