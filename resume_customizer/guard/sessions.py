"""Per-session upload store: one user's uploads are never visible to another.

Entry point: one ``SessionStore`` per process (the UI keeps it in a ``st.cache_resource``),
used with the Streamlit session id::

    store = SessionStore.from_settings(settings)
    upload = store.put(session_id, name, data)     # idempotent: reruns re-add the same bytes
    store.uploads(session_id)                      # this session's uploads only
    store.release(session_id)                      # when the session ends

Entries are keyed by the SHA-256 of their bytes inside a session (so a Streamlit rerun that
hands the same file again stores nothing new) and hold the bytes and a sanitized, unique name
only: no settings, addresses or options. A session idle for ``settings.session_idle_s`` is
released at the next call of any method (the clock is injected, monotonic by default), so
memory is returned even when a browser tab is closed without notice. Caches shared between
sessions must be keyed by ``content_key(data)`` and hold results only, never personal settings.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ..config import Settings, UploadLimits
from ..errors import InputError
from .uploads import MB, unique_names

log = logging.getLogger(__name__)


def content_key(data: bytes) -> str:
    """The key of some bytes in any store or cache: their SHA-256, in hex."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class StoredUpload:
    """One uploaded file held for one session."""

    key: str
    name: str
    data: bytes = field(repr=False)

    @property
    def size(self) -> int:
        """Its size in bytes."""
        return len(self.data)


@dataclass
class _Session:
    last_seen: float
    uploads: dict[str, StoredUpload] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(u.size for u in self.uploads.values())


class SessionStore:
    """Uploads held per session, released when a session ends or idles out."""

    def __init__(
        self,
        *,
        idle_s: float,
        limits: UploadLimits,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if idle_s <= 0:
            raise ValueError("idle_s must be positive")
        self._idle_s = idle_s
        self._limits = limits
        self._clock = clock
        self._lock = threading.Lock()
        self._sessions: dict[str, _Session] = {}

    @classmethod
    def from_settings(
        cls, settings: Settings, *, clock: Callable[[], float] = time.monotonic
    ) -> SessionStore:
        """A store with ``settings.session_idle_s`` and ``settings.limits``."""
        return cls(idle_s=settings.session_idle_s, limits=settings.limits, clock=clock)

    def _session(self, session_id: str, now: float) -> _Session:
        """The live session (created if new), after releasing every idle one."""
        if not isinstance(session_id, str) or not session_id:
            raise ValueError("a non-empty session id is required")
        self._sweep(now)
        session = self._sessions.setdefault(session_id, _Session(now))
        session.last_seen = now
        return session

    def put(self, session_id: str, name: str, data: bytes) -> StoredUpload:
        """Hold ``data`` for the session under a safe name unique in it; the same bytes once."""
        data = bytes(data)
        key = content_key(data)
        with self._lock:
            session = self._session(session_id, self._clock())
            if key in session.uploads:
                return session.uploads[key]
            if len(data) > self._limits.max_file_mb * MB:
                raise InputError(
                    f"This file is {len(data) / MB:.1f} MB; "
                    f"the limit is {self._limits.max_file_mb:g} MB per file."
                )
            if len(session.uploads) >= self._limits.max_files:
                raise InputError(
                    f"This session already holds {len(session.uploads)} files, the limit; "
                    "remove some before uploading more."
                )
            if session.total + len(data) > self._limits.max_batch_mb * MB:
                raise InputError(
                    f"This session's uploads would exceed {self._limits.max_batch_mb:g} MB; "
                    "remove some before uploading more."
                )
            taken = [u.name for u in session.uploads.values()]
            unique = unique_names([*taken, name])[-1]
            upload = StoredUpload(key, unique, data)
            session.uploads[key] = upload
            return upload

    def get(self, session_id: str, key: str) -> StoredUpload:
        """This session's upload with ``key``; ``InputError`` when it is gone."""
        with self._lock:
            session = self._session(session_id, self._clock())
            try:
                return session.uploads[key]
            except KeyError:
                raise InputError(
                    "That upload is no longer available (the session expired); upload it again."
                ) from None

    def uploads(self, session_id: str) -> list[StoredUpload]:
        """This session's uploads, in upload order."""
        with self._lock:
            return list(self._session(session_id, self._clock()).uploads.values())

    def remove(self, session_id: str, key: str) -> None:
        """Forget one of this session's uploads (no error when it is not there)."""
        with self._lock:
            self._session(session_id, self._clock()).uploads.pop(key, None)

    def release(self, session_id: str) -> int:
        """Forget a session and its uploads; return how many uploads were released."""
        with self._lock:
            session = self._sessions.pop(session_id, None)
            return len(session.uploads) if session else 0

    def sweep(self) -> int:
        """Release every session idle for longer than the timeout; return how many."""
        with self._lock:
            return self._sweep(self._clock())

    def _sweep(self, now: float) -> int:
        idle = [sid for sid, s in self._sessions.items() if now - s.last_seen > self._idle_s]
        for sid in idle:
            released = self._sessions.pop(sid)
            log.info(
                "idle session released with %d upload(s)",
                len(released.uploads),
                extra={"operation": "sessions.expire"},
            )
        return len(idle)

    def session_count(self) -> int:
        """How many sessions hold state now."""
        with self._lock:
            return len(self._sessions)


__all__ = ["SessionStore", "StoredUpload", "content_key"]
