"""A real small filesystem (tmpfs) for the full-disk tests, and a way to fill it to the last byte.

Mounting needs root (or CAP_SYS_ADMIN); where it is not allowed the tests that need it are
skipped with the reason, since a full disk cannot be had otherwise without faking SQLite.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def small_filesystem(size_kb: int) -> Iterator[Path]:
    """A fresh tmpfs of ``size_kb`` KB mounted on a temporary folder, unmounted afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="small-fs-"))
    mount = shutil.which("mount")
    done = (
        subprocess.run(
            [mount, "-t", "tmpfs", "-o", f"size={size_kb}k,mode=0700", "tmpfs", str(folder)],
            capture_output=True,
            text=True,
        )
        if mount
        else None
    )
    if done is None or done.returncode != 0:
        folder.rmdir()
        why = done.stderr.strip() if done is not None else "no mount command"
        pytest.skip(f"cannot mount a small tmpfs here ({why}); a full disk needs one")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)
        folder.rmdir()


def fill(folder: Path, name: str = "filler") -> Path:
    """Fill the filesystem holding ``folder`` to its last byte; delete the file to free it."""
    path = folder / name
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        for size in (1 << 20, 1 << 16, 4096, 512, 64, 1):
            block = b"\0" * size
            while True:
                try:
                    if os.write(fd, block) < size:
                        break
                except OSError as exc:
                    if exc.errno != errno.ENOSPC:
                        raise
                    break
    finally:
        os.close(fd)
    return path


__all__ = ["fill", "small_filesystem"]
