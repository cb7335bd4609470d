"""Saved workspaces: one recruiter's uploads and inputs, kept server-side across page reloads.

A workspace is a folder ``<data_dir>/workspaces/<id>/`` named by an unguessable id (192 random
bits, URL-safe) that the page carries in its address (``?ws=…``): whoever has the address has
the workspace, as with a shared-document link, so the id is never logged whole. It holds::

    state.json         the inputs (stack, recipients, subject, ticks, mail server settings …)
                       and the list of uploaded files in their order
    files/<sha256>     each uploaded file's bytes

Folders are 0700 and files 0600; every write goes to a temporary file renamed into place, so a
crash leaves the previous state whole. A workspace untouched for ``workspace.keep_hours`` is
deleted by the next ``purge`` (the page runs one when a session starts). Secrets are the
caller's to leave out; ``save_inputs`` refuses any key that names a password, as a last guard.

Entry point::

    store = WorkspaceStore.from_settings(settings)        # None when workspaces are off
    wid = store.create()
    store.save_inputs(wid, {"stack-ab12": "Kafka\\n- Built …"})
    store.save_files(wid, [("Jane.docx", data)])
    saved = store.load(wid)                                # None when unknown or purged
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import secrets
import shutil
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .config import Settings
from .errors import InputError

log = logging.getLogger(__name__)

_ID = re.compile(r"^[A-Za-z0-9_-]{32}$")
_STATE = "state.json"
_FILES = "files"
_VERSION = 1


def valid_id(text: object) -> bool:
    """Whether ``text`` has the shape of a workspace id (so it can never name another path)."""
    return isinstance(text, str) and bool(_ID.match(text))


def short_id(wid: str) -> str:
    """What the logs may say of a workspace: a hash prefix, never the id (it is the key)."""
    return hashlib.sha256(wid.encode()).hexdigest()[:10]


@dataclass(frozen=True)
class SavedFile:
    """One uploaded file of a workspace."""

    name: str
    key: str  # SHA-256 of the bytes
    data: bytes


@dataclass(frozen=True)
class Saved:
    """What a workspace holds."""

    inputs: dict[str, Any]
    files: tuple[SavedFile, ...]


def _plain(value: Any) -> Any:
    """A JSON-able copy of an input value (tuples become lists)."""
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(type(value).__name__)


def _tuples(value: Any) -> Any:
    """Lists back to tuples: the page keeps its ticks as tuples."""
    if isinstance(value, list):
        return tuple(_tuples(v) for v in value)
    return value


class WorkspaceStore:
    """The workspaces of one data directory."""

    def __init__(self, root: Path, keep_s: float, clock: Callable[[], float] = time.time) -> None:
        self.root = root
        self.keep_s = keep_s
        self._clock = clock

    @classmethod
    def from_settings(cls, settings: Settings) -> WorkspaceStore | None:
        """The store under the data directory, or None when workspaces are turned off."""
        if not settings.workspace.enabled:
            return None
        return cls(settings.data_dir / "workspaces", settings.workspace.keep_hours * 3600.0)

    def _folder(self, wid: str) -> Path:
        if not valid_id(wid):
            raise InputError("That workspace address is not valid: open the page without '?ws=…'.")
        return self.root / wid

    @staticmethod
    def new_id() -> str:
        """A fresh workspace id (192 random bits, 32 URL-safe characters); its folder is made by
        the first save, so a page opened and left writes nothing."""
        return secrets.token_urlsafe(24)

    def create(self) -> str:
        """A new, empty workspace on disk; its id."""
        wid = self.new_id()
        self._update(wid)
        return wid

    def exists(self, wid: str) -> bool:
        """Whether the workspace is there (and not expired)."""
        if not valid_id(wid):
            return False
        state = self.root / wid / _STATE
        try:
            return self._clock() - state.stat().st_mtime <= self.keep_s
        except OSError:
            return False

    def load(self, wid: str) -> Saved | None:
        """The workspace's inputs and files, or None when it is unknown, expired or unreadable."""
        if not self.exists(wid):
            return None
        folder = self.root / wid
        try:
            raw = json.loads((folder / _STATE).read_text(encoding="utf-8"))
            inputs = {str(k): _tuples(v) for k, v in dict(raw.get("inputs", {})).items()}
            files = []
            for entry in raw.get("files", []):
                name, key = str(entry["name"]), str(entry["key"])
                if not re.fullmatch(r"[0-9a-f]{64}", key):
                    continue
                data = (folder / _FILES / key).read_bytes()
                if hashlib.sha256(data).hexdigest() == key:
                    files.append(SavedFile(name, key, data))
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            log.warning("a saved workspace could not be read", extra={"workspace": short_id(wid)})
            return None
        return Saved(inputs, tuple(files))

    def save_inputs(self, wid: str, inputs: Mapping[str, Any]) -> None:
        """Replace the workspace's inputs (never a password: such a key is refused)."""
        secret = [k for k in inputs if "password" in k.lower() or "secret" in k.lower()]
        if secret:
            raise ValueError(f"refusing to store secret inputs: {secret}")
        plain = {}
        for key, value in inputs.items():
            with contextlib.suppress(TypeError):  # an input that is not plain data stays in the session
                plain[key] = _plain(value)
        self._update(wid, inputs=plain)

    def save_files(self, wid: str, files: Sequence[tuple[str, bytes]]) -> None:
        """Make ``files`` (name, bytes), in this order, the workspace's uploads."""
        folder = self._ensure(wid)
        entries, keep = [], set()
        for name, data in files:
            key = hashlib.sha256(data).hexdigest()
            path = folder / _FILES / key
            if not path.exists():
                self._write_bytes(path, data)
            entries.append({"name": name, "key": key})
            keep.add(key)
        self._update(wid, files=entries)
        for path in (folder / _FILES).iterdir():
            if path.name not in keep:
                path.unlink(missing_ok=True)

    def clear(self, wid: str) -> None:
        """Forget the workspace at once: its folder is deleted."""
        shutil.rmtree(self._folder(wid), ignore_errors=True)

    def purge(self) -> int:
        """Delete every workspace untouched for longer than ``keep_s``; return how many."""
        if not self.root.is_dir():
            return 0
        gone = 0
        now = self._clock()
        for folder in self.root.iterdir():
            if not valid_id(folder.name):
                continue
            try:
                touched = (folder / _STATE).stat().st_mtime
            except OSError:
                touched = folder.stat().st_mtime
            if now - touched > self.keep_s:
                shutil.rmtree(folder, ignore_errors=True)
                gone += 1
        if gone:
            log.info("expired workspaces deleted", extra={"count": gone})
        return gone

    def _ensure(self, wid: str) -> Path:
        """The workspace's folder, made (0700, with its files folder) when it is not there."""
        folder = self._folder(wid)
        if not (folder / _FILES).is_dir():
            self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
            os.chmod(self.root, 0o700)
            folder.mkdir(mode=0o700, exist_ok=True)
            (folder / _FILES).mkdir(mode=0o700, exist_ok=True)
        return folder

    def _update(self, wid: str, **changes: Any) -> None:
        path = self._ensure(wid) / _STATE
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raw = {"version": _VERSION, "inputs": {}, "files": []}
        raw.update(changes)
        self._write(path, raw)

    def _write(self, path: Path, value: Any) -> None:
        self._write_bytes(path, json.dumps(value, ensure_ascii=False, sort_keys=True).encode("utf-8"))

    def _write_bytes(self, path: Path, data: bytes) -> None:
        """Write all or nothing, 0600."""
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.chmod(tmp, 0o600)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        now = self._clock()
        os.utime(path, (now, now))  # touched now, by the clock that decides expiry


__all__ = ["Saved", "SavedFile", "WorkspaceStore", "short_id", "valid_id"]
