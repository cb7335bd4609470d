"""Files at the edge: reading a file a user named, and keeping the files we write private.

Entry points:

* ``read_regular(path, max_bytes)`` reads a user-named file (a manifest, a resume, a stack)
  bounded, and only when it is a regular file: a FIFO would block the reader forever, a device
  such as /dev/zero never ends, a folder cannot be read. The path is looked at with ``stat``
  first, opened with ``O_NONBLOCK`` (opening a FIFO for reading would otherwise wait for a
  writer) and the opened descriptor checked again with ``fstat`` (the path may have been
  swapped between the two). Anything else raises ``NotRegularFile`` naming what it is.
* ``private_dir(path)`` creates a folder (and its missing parents) readable by its owner only
  (0700); ``write_private(path, data)`` writes a file readable by its owner only (0600). The
  outbox, dry-run messages and logs hold recruiters' and candidates' personal data.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


class NotRegularFile(OSError):
    """The path names something other than a regular file; ``kind`` says what, in words."""

    def __init__(self, path: Path | str, kind: str) -> None:
        super().__init__(f"it is {kind}, not a regular file")
        self.strerror = f"it is {kind}, not a regular file"
        self.filename = str(path)
        self.kind = kind


def file_kind(mode: int) -> str:
    """What a ``st_mode`` is, in words: "a folder", "a named pipe (FIFO)", "a device"…"""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a regular file" if stat.S_ISREG(mode) else "not a file"


def read_regular(path: Path | str, max_bytes: int) -> bytes | None:
    """The bytes of the regular file at ``path``, or None when it holds more than ``max_bytes``.

    Never blocks on a FIFO and never reads a device: ``NotRegularFile`` says what it is
    instead. Other ``OSError``s (missing, permission denied) are the caller's to word.
    """
    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode):
        raise NotRegularFile(path, file_kind(mode))
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):  # swapped for something else after the stat
            raise NotRegularFile(path, file_kind(mode))
        chunks: list[bytes] = []
        left = max_bytes + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    return None if len(data) > max_bytes else data


def private_dir(path: Path | str) -> Path:
    """``path`` as a folder, each folder created on the way readable by its owner only (0700).

    Folders that exist already keep their mode: they may be the user's own (a --dry-run
    folder, the parent of --outbox); only what this creates is made private.
    """
    path = Path(path)
    missing: list[Path] = []
    probe = path
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):  # another process made it in the meantime
            folder.mkdir(mode=PRIVATE_DIR_MODE)
            os.chmod(folder, PRIVATE_DIR_MODE)  # mkdir's mode is filtered by the umask
    if not path.is_dir():
        raise NotADirectoryError(20, "Not a directory", str(path))
    return path


def write_private(path: Path | str, data: bytes) -> None:
    """Write ``data`` to ``path`` readable by its owner only (0600), an existing file included."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags, PRIVATE_FILE_MODE)
    try:
        os.fchmod(fd, PRIVATE_FILE_MODE)  # a file that existed keeps its mode through O_TRUNC
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def make_private(path: Path | str) -> None:
    """Make an existing file of ours readable by its owner only (0600); a missing one is skipped."""
    with contextlib.suppress(FileNotFoundError):
        if stat.S_IMODE(os.stat(path).st_mode) & 0o077:
            os.chmod(path, PRIVATE_FILE_MODE)


__all__ = [
    "PRIVATE_DIR_MODE",
    "PRIVATE_FILE_MODE",
    "NotRegularFile",
    "file_kind",
    "make_private",
    "private_dir",
    "read_regular",
    "write_private",
]
