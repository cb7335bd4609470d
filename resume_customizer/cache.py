"""Results kept by the content hash of their inputs, so repeated work is not redone.

Detection and preview results depend only on the bytes of the file and the text of the stack:
``key_for(docx_bytes, stack_text)`` names them, ``ContentCache.get_or_compute`` returns the
kept result or computes it once, even when several threads ask for the same key at once.
Cached values are shared between callers: treat them as read-only.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from cachetools import TTLCache

from .config import CacheSettings
from .observe.metrics import CACHE_HITS, CACHE_MISSES, MetricsSink, get_registry

_T = TypeVar("_T")


def key_for(*parts: bytes | str) -> str:
    """A sha256 hex digest of the parts; ("ab", "c") and ("a", "bc") get different keys."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else bytes(part)
        # The length prefix keeps part boundaries in the hash.
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


class ContentCache(Generic[_T]):
    """A thread-safe TTL + size-bounded cache keyed by content hash, counting hits and misses."""

    def __init__(
        self,
        settings: CacheSettings,
        *,
        name: str = "content",
        metrics: MetricsSink | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.name = name
        self._cache: TTLCache[str, Any] = TTLCache(
            maxsize=settings.max_entries, ttl=settings.ttl_s, timer=clock
        )
        self._lock = threading.Lock()
        # One lock per key being computed: the same work asked twice at once is done once.
        self._inflight: dict[str, threading.Lock] = {}
        self._metrics: MetricsSink = metrics if metrics is not None else get_registry()
        self.hits = 0
        self.misses = 0

    def _count(self, hit: bool) -> None:
        with self._lock:
            if hit:
                self.hits += 1
            else:
                self.misses += 1
        total = CACHE_HITS if hit else CACHE_MISSES
        self._metrics.incr(total)
        # Per cache too ("cache.detect.hits"), to tell detection from preview in the sidebar.
        self._metrics.incr(f"cache.{self.name}.{total.split('.')[1]}")

    def _lookup(self, key: str) -> tuple[bool, Any]:
        with self._lock:
            try:
                return True, self._cache[key]
            except KeyError:
                return False, None

    def get(self, key: str) -> _T | None:
        """The kept value for ``key``, or None (counted as a hit or a miss)."""
        found, value = self._lookup(key)
        self._count(found)
        return value if found else None

    def get_or_compute(self, key: str, fn: Callable[[], _T]) -> _T:
        """The kept value for ``key``, or ``fn()`` computed once, kept and returned.

        An exception from ``fn`` propagates and nothing is kept.
        """
        found, value = self._lookup(key)
        if found:
            self._count(True)
            return value  # type: ignore[no-any-return]
        with self._lock:
            key_lock = self._inflight.setdefault(key, threading.Lock())
        with key_lock:
            # Another thread may have computed it while this one waited.
            found, value = self._lookup(key)
            if found:
                self._count(True)
                return value  # type: ignore[no-any-return]
            self._count(False)
            try:
                value = fn()
                with self._lock:
                    self._cache[key] = value
            finally:
                with self._lock:
                    if self._inflight.get(key) is key_lock:
                        del self._inflight[key]
        return value  # type: ignore[no-any-return]

    def __contains__(self, key: object) -> bool:
        """Whether a value is kept for ``key`` (not counted as a hit or a miss)."""
        with self._lock:
            return key in self._cache

    def clear(self) -> None:
        """Forget every kept value."""
        with self._lock:
            self._cache.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._cache)


__all__ = ["ContentCache", "key_for"]
