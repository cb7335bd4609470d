"""Live metrics: operation timings, counters, gauges, on-demand states and a resource sampler.

One registry per process (``get_registry()``) implements the ``MetricsSink`` contract every
module records through. Recording is cheap by design (a slotted context object, one lock, a
few appends); the work of summarising (sorting for percentiles, summing throughput buckets)
happens only in ``snapshot()``, when someone looks. This is the only module importing psutil.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import math
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

import psutil

from ..config import Settings

log = logging.getLogger(__name__)

SAMPLES_KEPT = 2048  # most recent durations per operation used for percentiles
THROUGHPUT_WINDOW_S = 60  # sliding window for operations per second
# Every open metrics panel refreshes every few seconds: within this age they share one snapshot.
SNAPSHOT_MAX_AGE_S = 2.0
SAMPLER_THREAD_NAME = "resume-customizer-metrics-sampler"
_MB = 1024 * 1024

# Well-known names the sidebar reads; modules record under these so the panels find them.
EMAIL_SENT = "email.sent"
EMAIL_FAILED = "email.failed"
EMAIL_RETRIED = "email.retried"
CACHE_HITS = "cache.hits"
CACHE_MISSES = "cache.misses"
RATELIMIT_REFUSED = "ratelimit.refused"

_F = TypeVar("_F", bound=Callable[..., Any])


class MetricsSink(Protocol):
    """What every module records metrics through (see HELPERS.md)."""

    def incr(self, name: str, n: int = 1) -> None:
        """Add ``n`` to the counter ``name``."""
        ...

    def timed(self, name: str) -> AbstractContextManager[None]:
        """Time the block as one run of operation ``name``."""
        ...

    def set_gauge(self, name: str, value: float) -> None:
        """Set the gauge ``name`` to ``value``."""
        ...


class NullMetrics:
    """A sink that records nothing: the default where no registry was passed."""

    def incr(self, name: str, n: int = 1) -> None:
        """Do nothing."""

    def timed(self, name: str) -> AbstractContextManager[None]:
        """A context that does nothing."""
        return nullcontext()

    def set_gauge(self, name: str, value: float) -> None:
        """Do nothing."""


def percentile(ordered: Sequence[float], q: float) -> float:
    """The ``q`` quantile (0..1) of sorted values, interpolating linearly (numpy's default)."""
    if not ordered:
        return 0.0
    position = (len(ordered) - 1) * q
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


class _TimerStat:
    """Running figures of one operation; ``record`` is the hot path."""

    __slots__ = ("buckets", "count", "failures", "first", "lock", "max", "samples", "total")

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.count = 0
        self.failures = 0
        self.total = 0.0
        self.max = 0.0
        self.first: float | None = None
        self.samples: deque[float] = deque(maxlen=SAMPLES_KEPT)
        # [whole second, completions in it]: bounded memory however fast calls come.
        self.buckets: deque[list[int]] = deque(maxlen=THROUGHPUT_WINDOW_S + 1)

    def record(self, duration: float, failed: bool, now: float) -> None:
        second = int(now)
        with self.lock:
            self.count += 1
            if failed:
                self.failures += 1
            self.total += duration
            if duration > self.max:
                self.max = duration
            self.samples.append(duration)
            if self.first is None:
                self.first = now
            buckets = self.buckets
            if buckets and buckets[-1][0] == second:
                buckets[-1][1] += 1
            else:
                buckets.append([second, 1])


class _Timing:
    """One timed run; usable as ``with registry.timed(name):`` and as ``@registry.timed(name)``."""

    __slots__ = ("_clock", "_start", "_stat")

    def __init__(self, stat: _TimerStat, clock: Callable[[], float]) -> None:
        self._stat = stat
        self._clock = clock
        self._start = 0.0

    def __enter__(self) -> None:
        self._start = self._clock()

    def __exit__(self, exc_type: object, exc: object, tb: object) -> bool:
        end = self._clock()
        self._stat.record(end - self._start, exc_type is not None, end)
        return False

    def __call__(self, fn: _F) -> _F:
        stat, clock = self._stat, self._clock

        @functools.wraps(fn)
        def timed_call(*args: Any, **kwargs: Any) -> Any:
            with _Timing(stat, clock):
                return fn(*args, **kwargs)

        return timed_call  # type: ignore[return-value]


@dataclass(frozen=True)
class TimerStats:
    """Summary of one operation at snapshot time (durations in milliseconds)."""

    name: str
    count: int
    failures: int
    success_rate: float
    mean_ms: float
    p50_ms: float
    p95_ms: float
    max_ms: float
    per_second: float


@dataclass(frozen=True)
class Sample:
    """One reading of the resource sampler."""

    at: float  # wall-clock seconds since the epoch
    cpu_percent: float
    process_cpu_percent: float
    process_rss_mb: float
    memory_percent: float
    disk_free_mb: float


@dataclass(frozen=True)
class MetricsSnapshot:
    """Everything the sidebar and health report show, read at one moment."""

    taken_at: float
    timers: dict[str, TimerStats]
    counters: dict[str, int]
    gauges: dict[str, float]
    states: dict[str, Any]
    samples: tuple[Sample, ...]
    sampler_running: bool

    def to_dict(self) -> dict[str, Any]:
        """Plain data, for JSON."""
        return dataclasses.asdict(self)


def existing_ancestor(path: Path) -> Path:
    """``path`` or its nearest existing parent (disk figures of a directory not made yet)."""
    for candidate in (path, *path.parents):
        if candidate.exists():
            return candidate
    return Path(path.anchor or ".")


class _Sampler(threading.Thread):
    """Daemon thread reading CPU, memory and disk every ``interval`` seconds."""

    def __init__(self, registry: MetricsRegistry, interval: float) -> None:
        super().__init__(name=SAMPLER_THREAD_NAME, daemon=True)
        self._registry = registry
        self._interval = interval
        self.stop_event = threading.Event()

    def run(self) -> None:
        while True:
            try:
                self._registry.sample_once()
            except Exception:  # a failed reading must not end the sampling; it is logged
                log.exception("metrics sampler: reading failed", extra={"operation": "metrics.sample"})
            if self.stop_event.wait(self._interval):
                return


class MetricsRegistry:
    """A thread-safe registry of timings, counters, gauges, states and resource samples."""

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.perf_counter,
        wall_clock: Callable[[], float] = time.time,
        history: int = 360,
    ) -> None:
        self._clock = clock
        self._wall = wall_clock
        self._lock = threading.Lock()
        self._timers: dict[str, _TimerStat] = {}
        self._counters: dict[str, int] = {}
        self._gauges: dict[str, float] = {}
        self._states: dict[str, Callable[[], Any]] = {}
        self._samples: deque[Sample] = deque(maxlen=history)
        self._sampler: _Sampler | None = None
        self._sampler_starts = 0
        self._data_dir: Path = Path(".")
        self._process: psutil.Process | None = None
        self._recent: tuple[float, MetricsSnapshot] | None = None
        self._recent_lock = threading.Lock()  # one snapshot taken at a time for all sessions

    # MetricsSink ---------------------------------------------------------------------------

    def incr(self, name: str, n: int = 1) -> None:
        """Add ``n`` to the counter ``name``."""
        with self._lock:
            self._counters[name] = self._counters.get(name, 0) + n

    def timed(self, name: str) -> _Timing:
        """Time a block (``with``) or every call of a function (decorator) as operation ``name``."""
        stat = self._timers.get(name)
        if stat is None:
            with self._lock:
                stat = self._timers.setdefault(name, _TimerStat())
        return _Timing(stat, self._clock)

    def set_gauge(self, name: str, value: float) -> None:
        """Set the gauge ``name`` to ``value``."""
        with self._lock:
            self._gauges[name] = float(value)

    # states ---------------------------------------------------------------------------------

    def register_state(self, name: str, fn: Callable[[], Any]) -> None:
        """Read ``fn()`` at every snapshot as state ``name`` (e.g. circuit breakers)."""
        with self._lock:
            self._states[name] = fn

    # sampler --------------------------------------------------------------------------------

    def start_sampler(self, settings: Settings) -> bool:
        """Start the resource sampler unless it runs already; True when this call started it."""
        with self._lock:
            if self._sampler is not None and self._sampler.is_alive():
                return False
            self._data_dir = settings.data_dir
            if self._samples.maxlen != settings.observe.history:
                self._samples = deque(self._samples, maxlen=settings.observe.history)
            self._prime()
            self._sampler = _Sampler(self, settings.observe.sample_interval_s)
            self._sampler_starts += 1
            self._sampler.start()
            return True

    def stop_sampler(self, timeout: float = 5.0) -> None:
        """Stop the sampler thread and wait for it (tests, clean exits)."""
        with self._lock:
            sampler, self._sampler = self._sampler, None
        if sampler is not None:
            sampler.stop_event.set()
            sampler.join(timeout)

    @property
    def sampler_starts(self) -> int:
        """How many times this registry started a sampler thread."""
        return self._sampler_starts

    def _prime(self) -> None:
        # psutil's first cpu_percent(None) call only sets the reference point (returns 0.0).
        if self._process is None:
            self._process = psutil.Process()
        psutil.cpu_percent(interval=None)
        self._process.cpu_percent(interval=None)

    def sample_once(self) -> Sample:
        """Read CPU, memory and disk now; keep the reading in the bounded history."""
        if self._process is None:
            self._prime()
        process = self._process
        assert process is not None  # set by _prime
        sample = Sample(
            at=self._wall(),
            cpu_percent=float(psutil.cpu_percent(interval=None)),
            process_cpu_percent=float(process.cpu_percent(interval=None)),
            process_rss_mb=process.memory_info().rss / _MB,
            memory_percent=float(psutil.virtual_memory().percent),
            disk_free_mb=psutil.disk_usage(str(existing_ancestor(self._data_dir))).free / _MB,
        )
        with self._lock:
            self._samples.append(sample)
            self._gauges["system.cpu_percent"] = sample.cpu_percent
            self._gauges["process.cpu_percent"] = sample.process_cpu_percent
            self._gauges["process.rss_mb"] = sample.process_rss_mb
            self._gauges["system.memory_percent"] = sample.memory_percent
            self._gauges["disk.free_mb"] = sample.disk_free_mb
        return sample

    # reading --------------------------------------------------------------------------------

    def timer_stats(self, name: str) -> TimerStats | None:
        """The summary of operation ``name``, or None if it never ran."""
        stat = self._timers.get(name)
        return None if stat is None else self._summarise(name, stat, self._clock())

    def counter(self, name: str) -> int:
        """The counter's value (0 if never incremented)."""
        with self._lock:
            return self._counters.get(name, 0)

    def _summarise(self, name: str, stat: _TimerStat, now: float) -> TimerStats:
        with stat.lock:
            count, failures, total, peak = stat.count, stat.failures, stat.total, stat.max
            ordered = sorted(stat.samples)
            since = int(now) - THROUGHPUT_WINDOW_S + 1
            recent = sum(n for second, n in stat.buckets if second >= since)
            first = stat.first
        span = min(float(THROUGHPUT_WINDOW_S), max(1.0, now - first)) if first is not None else 1.0
        return TimerStats(
            name=name,
            count=count,
            failures=failures,
            success_rate=(count - failures) / count if count else 1.0,
            mean_ms=total / count * 1000 if count else 0.0,
            p50_ms=percentile(ordered, 0.50) * 1000,
            p95_ms=percentile(ordered, 0.95) * 1000,
            max_ms=peak * 1000,
            per_second=recent / span,
        )

    def _read_states(self, readers: dict[str, Callable[[], Any]]) -> dict[str, Any]:
        states: dict[str, Any] = {}
        for name, fn in readers.items():
            try:
                states[name] = fn()
            except Exception as exc:  # a broken reader must not break the sidebar; it is logged
                log.warning("metrics state %s could not be read: %s", name, exc)
                states[name] = f"unavailable: {exc}"
        return states

    def snapshot(self) -> MetricsSnapshot:
        """Every figure at this moment: timers summarised, counters, gauges, states, samples."""
        now = self._clock()
        with self._lock:
            timers = dict(self._timers)
            counters = dict(self._counters)
            gauges = dict(self._gauges)
            readers = dict(self._states)
            samples = tuple(self._samples)
            running = self._sampler is not None and self._sampler.is_alive()
        return MetricsSnapshot(
            taken_at=self._wall(),
            timers={name: self._summarise(name, stat, now) for name, stat in sorted(timers.items())},
            counters=counters,
            gauges=gauges,
            states=self._read_states(readers),
            samples=samples,
            sampler_running=running,
        )

    def recent_snapshot(self, max_age_s: float = SNAPSHOT_MAX_AGE_S) -> MetricsSnapshot:
        """A snapshot at most ``max_age_s`` old, shared by every caller in the process.

        N sessions with the metrics panel open each refresh it every few seconds; they read the
        same snapshot instead of each summarising every timer and reading every state.
        """
        with self._recent_lock:
            kept = self._recent
            if kept is not None and 0 <= self._clock() - kept[0] < max_age_s:
                return kept[1]
            snapshot = self.snapshot()
            self._recent = (self._clock(), snapshot)
            return snapshot


_registry: MetricsRegistry | None = None
_registry_lock = threading.Lock()


def get_registry(settings: Settings | None = None) -> MetricsRegistry:
    """The process-wide registry; given settings, its sampler is started (once per process)."""
    global _registry
    registry = _registry
    if registry is None:
        with _registry_lock:
            if _registry is None:
                _registry = MetricsRegistry()
            registry = _registry
    if settings is not None:
        registry.start_sampler(settings)
    return registry


__all__ = [
    "CACHE_HITS",
    "CACHE_MISSES",
    "EMAIL_FAILED",
    "EMAIL_RETRIED",
    "EMAIL_SENT",
    "RATELIMIT_REFUSED",
    "SAMPLER_THREAD_NAME",
    "SNAPSHOT_MAX_AGE_S",
    "MetricsRegistry",
    "MetricsSink",
    "MetricsSnapshot",
    "NullMetrics",
    "Sample",
    "TimerStats",
    "existing_ancestor",
    "get_registry",
    "percentile",
]
