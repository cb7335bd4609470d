"""How much ``timed()`` (and ``incr``) cost per call, against an empty ``with nullcontext()``.

Run: ``python bench/bench_metrics.py``. Both are measured in the same run, best of several
repeats, so the figures are comparable on a shared, noisy machine. Target: timed() < 5 µs.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from resume_customizer.observe.metrics import MetricsRegistry

CALLS = 200_000
REPEATS = 7
TARGET_US = 5.0


def best_per_call_us(loop: Callable[[int], None]) -> float:
    """The fastest of REPEATS runs of ``loop(CALLS)``, in microseconds per call."""
    best = float("inf")
    for _ in range(REPEATS):
        start = time.perf_counter()
        loop(CALLS)
        best = min(best, time.perf_counter() - start)
    return best / CALLS * 1e6


def main() -> None:
    """Measure and print the figures."""
    registry = MetricsRegistry()
    timed, incr = registry.timed, registry.incr

    def baseline(n: int) -> None:
        for _ in range(n):
            with nullcontext():
                pass

    def with_timed(n: int) -> None:
        for _ in range(n):
            with timed("bench.op"):
                pass

    @registry.timed("bench.decorated")
    def work() -> None:
        pass

    def empty() -> None:
        pass  # calling an empty function is the decorator's baseline

    def calls_of_empty(n: int) -> None:
        for _ in range(n):
            empty()

    def decorated_calls(n: int) -> None:
        for _ in range(n):
            work()

    def counters(n: int) -> None:
        for _ in range(n):
            incr("bench.count")

    base = best_per_call_us(baseline)
    ctx = best_per_call_us(with_timed)
    call_base = best_per_call_us(calls_of_empty)
    deco = best_per_call_us(decorated_calls)
    cnt = best_per_call_us(counters)
    snapshot_start = time.perf_counter()
    stats = registry.snapshot().timers["bench.op"]
    snapshot_ms = (time.perf_counter() - snapshot_start) * 1000

    rows = [
        ("with nullcontext() (baseline)", base, None),
        ("with registry.timed(name)", ctx, ctx - base),
        ("empty function call (baseline)", call_base, None),
        ("@registry.timed(name) call", deco, deco - call_base),
        ("registry.incr(name)", cnt, None),
    ]
    sys.stdout.write(f"{CALLS:,} calls, best of {REPEATS} runs, µs per call\n")
    for label, us, extra in rows:
        overhead = ""
        if extra is not None:
            overhead = f"  overhead {extra:5.2f} µs  ({us / (us - extra):4.1f}x baseline)"
        sys.stdout.write(f"  {label:<34} {us:6.3f}{overhead}\n")
    verdict = "meets" if ctx - base < TARGET_US else "MISSES"
    sys.stdout.write(
        f"timed() overhead {ctx - base:.2f} µs per call {verdict} the {TARGET_US:.0f} µs target; "
        f"snapshot of {stats.count:,} timings took {snapshot_ms:.2f} ms\n"
    )


if __name__ == "__main__":
    main()
