"""Metrics: timings and their percentiles, throughput, counters, gauges, states, the sampler."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from resume_customizer.config import Settings
from resume_customizer.observe.metrics import (
    SAMPLER_THREAD_NAME,
    MetricsRegistry,
    MetricsSink,
    NullMetrics,
    get_registry,
    percentile,
)

REPO = Path(__file__).resolve().parents[2]


class FakeClock:
    """A clock that moves only when told to."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


def _run_for(registry: MetricsRegistry, clock: FakeClock, name: str, seconds: float) -> None:
    with registry.timed(name):
        clock.now += seconds


def test_percentiles_of_known_durations_match_the_textbook_values() -> None:
    clock = FakeClock()
    registry = MetricsRegistry(clock=clock)
    durations_ms = list(range(1, 101))
    random.Random(7).shuffle(durations_ms)

    for ms in durations_ms:
        _run_for(registry, clock, "tailor", ms / 1000)

    stats = registry.timer_stats("tailor")
    assert stats is not None
    assert stats.count == 100
    assert stats.p50_ms == pytest.approx(50.5)
    assert stats.p95_ms == pytest.approx(95.05)
    assert stats.max_ms == pytest.approx(100.0)
    assert stats.mean_ms == pytest.approx(50.5)


def test_percentile_interpolates_between_neighbours_like_numpy() -> None:
    values = [10.0, 20.0, 30.0, 40.0]
    assert percentile(values, 0.5) == pytest.approx(25.0)
    assert percentile(values, 0.95) == pytest.approx(38.5)
    assert percentile([7.0], 0.95) == 7.0
    assert percentile([], 0.5) == 0.0


def test_a_failing_block_is_counted_as_a_failure_and_its_error_still_raised() -> None:
    clock = FakeClock()
    registry = MetricsRegistry(clock=clock)
    _run_for(registry, clock, "send", 0.2)

    with pytest.raises(ValueError, match="refused"), registry.timed("send"):
        clock.now += 0.4
        raise ValueError("refused")

    stats = registry.timer_stats("send")
    assert stats is not None
    assert (stats.count, stats.failures, stats.success_rate) == (2, 1, 0.5)
    assert stats.max_ms == pytest.approx(400.0)


def test_timed_works_as_a_decorator_keeping_the_functions_name_and_result() -> None:
    clock = FakeClock()
    registry = MetricsRegistry(clock=clock)

    @registry.timed("detect")
    def detect(n: int) -> int:
        """Pretend to detect."""
        clock.now += 0.01
        if n < 0:
            raise ValueError("negative")
        return n * 2

    assert detect(21) == 42
    assert detect(1) == 2
    with pytest.raises(ValueError):
        detect(-1)
    stats = registry.timer_stats("detect")
    assert stats is not None
    assert (stats.count, stats.failures) == (3, 1)
    assert detect.__name__ == "detect"
    assert detect.__doc__ == "Pretend to detect."


def test_throughput_counts_completions_in_the_last_minute_only() -> None:
    clock = FakeClock()
    registry = MetricsRegistry(clock=clock)
    for _ in range(120):  # two a second for a minute
        _run_for(registry, clock, "send", 0.0)
        clock.now += 0.5

    stats = registry.timer_stats("send")
    assert stats is not None
    assert stats.per_second == pytest.approx(2.0, rel=0.05)

    clock.now += 120  # two quiet minutes later
    quiet = registry.timer_stats("send")
    assert quiet is not None
    assert quiet.per_second == 0.0
    assert quiet.count == 120


def test_counters_gauges_and_states_appear_in_the_snapshot() -> None:
    registry = MetricsRegistry(clock=FakeClock())
    registry.incr("email.sent")
    registry.incr("email.sent", 2)
    registry.incr("ratelimit.refused")
    registry.set_gauge("bulk.queue", 7)
    registry.register_state("breaker.smtp.example.com:587", lambda: "open")

    def broken() -> str:
        raise RuntimeError("sender gone")

    registry.register_state("breaker.other", broken)

    snap = registry.snapshot()
    assert snap.counters == {"email.sent": 3, "ratelimit.refused": 1}
    assert snap.gauges == {"bulk.queue": 7.0}
    assert snap.states["breaker.smtp.example.com:587"] == "open"
    assert snap.states["breaker.other"] == "unavailable: sender gone"
    json.dumps(snap.to_dict())  # plain data all the way down


def test_counts_from_many_threads_are_not_lost() -> None:
    registry = MetricsRegistry()

    def hammer() -> None:
        for _ in range(2000):
            registry.incr("email.sent")
            with registry.timed("op"):
                pass

    workers = [threading.Thread(target=hammer) for _ in range(8)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()

    assert registry.counter("email.sent") == 16_000
    stats = registry.timer_stats("op")
    assert stats is not None
    assert stats.count == 16_000


def test_the_sampler_starts_once_however_many_threads_ask(settings: Settings) -> None:
    registry = MetricsRegistry()
    start = threading.Barrier(8)
    started: list[bool] = []

    def ask() -> None:
        start.wait()
        started.extend(registry.start_sampler(settings) for _ in range(10))

    askers = [threading.Thread(target=ask) for _ in range(8)]
    try:
        for a in askers:
            a.start()
        for a in askers:
            a.join()
        assert started.count(True) == 1
        assert registry.sampler_starts == 1
        assert registry.snapshot().sampler_running
    finally:
        registry.stop_sampler()
    assert not registry.snapshot().sampler_running


def test_a_sample_reads_real_figures_and_the_history_stays_bounded(settings: Settings) -> None:
    registry = MetricsRegistry()
    registry.start_sampler(settings)  # history of 5 from the fixture's settings
    registry.stop_sampler()

    for _ in range(12):
        sample = registry.sample_once()

    snap = registry.snapshot()
    assert len(snap.samples) == 5
    assert sample.process_rss_mb > 1
    assert 0 <= sample.memory_percent <= 100
    assert sample.disk_free_mb > 0
    assert snap.gauges["process.rss_mb"] == sample.process_rss_mb


def test_the_process_registry_starts_one_sampler_however_many_reruns_configure_and_get_it(
    tmp_path: Path,
) -> None:
    script = textwrap.dedent(
        f"""
        import json, threading, time
        from pathlib import Path
        from resume_customizer.config import ObserveSettings, LogSettings, Settings
        from resume_customizer.observe.logs import configure_logging
        from resume_customizer.observe.metrics import SAMPLER_THREAD_NAME, get_registry

        settings = Settings().replace(
            data_dir=Path({str(tmp_path)!r}),
            log=LogSettings(console=False),
            observe=ObserveSettings(sample_interval_s=0.02, history=50),
        )

        def rerun():  # what every Streamlit rerun of app.py does
            for _ in range(25):
                configure_logging(settings)
                get_registry(settings).incr("page.rerun")

        reruns = [threading.Thread(target=rerun) for _ in range(4)]
        for t in reruns: t.start()
        for t in reruns: t.join()
        deadline = time.monotonic() + 10
        while len(get_registry().snapshot().samples) < 3 and time.monotonic() < deadline:
            time.sleep(0.02)
        registry = get_registry()
        print(json.dumps({{
            "sampler_threads": sum(t.name == SAMPLER_THREAD_NAME for t in threading.enumerate()),
            "starts": registry.sampler_starts,
            "samples": len(registry.snapshot().samples),
            "reruns": registry.counter("page.rerun"),
        }}))
        """
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60
    )
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout)
    assert figures["sampler_threads"] == 1
    assert figures["starts"] == 1
    assert figures["samples"] >= 3  # it is actually sampling
    assert figures["reruns"] == 100


def test_get_registry_without_settings_returns_the_same_registry_and_starts_nothing() -> None:
    before = sum(t.name == SAMPLER_THREAD_NAME for t in threading.enumerate())
    assert get_registry() is get_registry()
    assert sum(t.name == SAMPLER_THREAD_NAME for t in threading.enumerate()) == before


def test_the_null_sink_and_the_registry_both_fulfil_the_shared_contract() -> None:
    sinks: list[MetricsSink] = [NullMetrics(), MetricsRegistry()]
    for sink in sinks:
        sink.incr("email.sent")
        with sink.timed("op"):
            sink.set_gauge("g", 1.0)
    registry = sinks[1]
    assert isinstance(registry, MetricsRegistry)
    assert registry.counter("email.sent") == 1


def test_sessions_reading_within_the_max_age_share_one_snapshot_taken_once() -> None:
    clock = FakeClock()
    registry = MetricsRegistry(clock=clock)
    reads: list[int] = []
    registry.register_state("breaker", lambda: reads.append(1) or "closed")
    _run_for(registry, clock, "tailor", 0.1)

    first = registry.recent_snapshot(max_age_s=2.0)
    clock.now += 1.5
    assert registry.recent_snapshot(max_age_s=2.0) is first  # a second session, 1.5 s later
    assert len(reads) == 1  # the figures were read once

    clock.now += 1.0
    _run_for(registry, clock, "tailor", 0.1)
    fresh = registry.recent_snapshot(max_age_s=2.0)
    assert fresh is not first and len(reads) == 2
    assert fresh.timers["tailor"].count == 2


def test_many_threads_asking_at_once_take_a_single_snapshot() -> None:
    registry = MetricsRegistry()
    reads: list[int] = []
    started = threading.Barrier(8)

    def slow_state() -> str:
        reads.append(1)
        return "closed"

    registry.register_state("breaker", slow_state)
    got: list[object] = []

    def ask() -> None:
        started.wait()
        got.append(registry.recent_snapshot(max_age_s=60.0))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(reads) == 1 and len({id(s) for s in got}) == 1
