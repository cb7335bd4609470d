"""The content cache: keys by content hash, work done once, TTL and size bounds, metrics."""

from __future__ import annotations

import threading

import pytest

from resume_customizer.cache import ContentCache, key_for
from resume_customizer.config import CacheSettings
from resume_customizer.observe.metrics import MetricsRegistry


class FakeClock:
    """A monotonic clock moved by hand."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_key_depends_on_the_content_and_the_part_boundaries() -> None:
    docx = b"PK\x03\x04 resume bytes"
    key = key_for(docx, "Python\n- Built APIs")

    assert key == key_for(docx, "Python\n- Built APIs")
    assert len(key) == 64 and int(key, 16) >= 0
    assert key != key_for(docx, "Python\n- Built APIs ")
    assert key != key_for(docx + b"!", "Python\n- Built APIs")
    assert key_for("ab", "c") != key_for("a", "bc")
    assert key_for("é") == key_for("é".encode())  # text is hashed as its UTF-8 bytes


def test_repeated_work_is_computed_once_and_the_hits_and_misses_are_counted() -> None:
    metrics = MetricsRegistry()
    cache: ContentCache[str] = ContentCache(CacheSettings(), name="detect", metrics=metrics)
    calls: list[str] = []

    def detect() -> str:
        calls.append("run")
        return "3 projects"

    key = key_for(b"resume", "stack")
    results = [cache.get_or_compute(key, detect) for _ in range(4)]

    assert results == ["3 projects"] * 4
    assert calls == ["run"]
    assert (cache.hits, cache.misses) == (3, 1)
    assert metrics.counter("cache.hits") == 3
    assert metrics.counter("cache.misses") == 1
    assert metrics.counter("cache.detect.hits") == 3


def test_an_entry_older_than_the_ttl_is_computed_again() -> None:
    clock = FakeClock()
    cache: ContentCache[int] = ContentCache(CacheSettings(ttl_s=60), metrics=MetricsRegistry(), clock=clock)
    counter = iter(range(100))

    first = cache.get_or_compute("k", lambda: next(counter))
    clock.now = 59
    still = cache.get_or_compute("k", lambda: next(counter))
    clock.now = 61
    fresh = cache.get_or_compute("k", lambda: next(counter))

    assert (first, still, fresh) == (0, 0, 1)


def test_the_cache_holds_at_most_max_entries() -> None:
    cache: ContentCache[int] = ContentCache(CacheSettings(max_entries=3), metrics=MetricsRegistry())
    for i in range(10):
        cache.get_or_compute(f"k{i}", lambda i=i: i)

    assert len(cache) == 3
    assert cache.get("k0") is None
    assert cache.get("k9") == 9


def test_a_failed_computation_is_not_kept() -> None:
    cache: ContentCache[str] = ContentCache(CacheSettings(), metrics=MetricsRegistry())

    def broken() -> str:
        raise ValueError("corrupt docx")

    with pytest.raises(ValueError, match="corrupt docx"):
        cache.get_or_compute("k", broken)
    assert cache.get_or_compute("k", lambda: "fine") == "fine"


def test_threads_asking_for_the_same_key_at_once_share_one_computation() -> None:
    cache: ContentCache[str] = ContentCache(CacheSettings(), metrics=MetricsRegistry())
    release = threading.Event()
    entered = threading.Event()
    calls: list[int] = []
    results: list[str] = []

    def slow_preview() -> str:
        calls.append(1)
        entered.set()
        release.wait(10)
        return "<html>"

    def ask() -> None:
        results.append(cache.get_or_compute("same", slow_preview))

    askers = [threading.Thread(target=ask) for _ in range(6)]
    askers[0].start()
    assert entered.wait(10)
    for a in askers[1:]:
        a.start()
    release.set()
    for a in askers:
        a.join(10)

    assert calls == [1]
    assert results == ["<html>"] * 6
    assert (cache.hits, cache.misses) == (5, 1)
