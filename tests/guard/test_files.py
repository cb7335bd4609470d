"""Files at the edge: only regular files are read (a FIFO never blocks), and what we write is private."""

from __future__ import annotations

import os
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from resume_customizer.guard.files import NotRegularFile, private_dir, read_regular, write_private


@pytest.fixture
def umask_022() -> Iterator[None]:
    """The usual umask, whatever the machine's: files 0644 and folders 0755 unless made private."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _returns_within(seconds: float, fifo: Path, call: object) -> object:
    """``call()``'s result, failing (and unblocking the reader) when it takes longer than ``seconds``."""
    box: dict[str, object] = {}

    def target() -> None:
        try:
            box["value"] = call()  # type: ignore[operator]
        except BaseException as exc:  # handed back to the test
            box["error"] = exc

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        os.close(os.open(fifo, os.O_WRONLY))  # a writer lets the blocked open return
        worker.join(5)
        pytest.fail(f"still reading the FIFO after {seconds} s")
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box.get("value")


def test_a_fifo_is_refused_at_once_naming_what_it_is(tmp_path: Path) -> None:
    fifo = tmp_path / "manifest.csv"
    os.mkfifo(fifo)
    with pytest.raises(NotRegularFile) as caught:
        _returns_within(1.0, fifo, lambda: read_regular(fifo, 1000))
    assert caught.value.kind == "a named pipe (FIFO)"
    assert caught.value.strerror == "it is a named pipe (FIFO), not a regular file"


def test_a_device_and_a_folder_are_refused_and_a_file_is_read_bounded(tmp_path: Path) -> None:
    with pytest.raises(NotRegularFile, match="a device"):
        read_regular(Path("/dev/zero"), 1000)
    with pytest.raises(NotRegularFile, match="a folder"):
        read_regular(tmp_path, 1000)
    small = tmp_path / "small.txt"
    small.write_bytes(b"x" * 1000)
    assert read_regular(small, 1000) == b"x" * 1000
    assert read_regular(small, 999) is None
    with pytest.raises(FileNotFoundError):
        read_regular(tmp_path / "missing.txt", 1000)


def test_a_symlink_to_a_fifo_is_refused_too(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "stack.txt"
    link.symlink_to(fifo)
    with pytest.raises(NotRegularFile, match="FIFO"):
        _returns_within(1.0, fifo, lambda: read_regular(link, 1000))


def test_folders_it_creates_are_the_owners_only_and_existing_ones_keep_their_mode(
    tmp_path: Path, umask_022: None
) -> None:
    mine = tmp_path / "shared"
    mine.mkdir(mode=0o755)
    made = private_dir(mine / "data" / "dry-run")
    assert made == mine / "data" / "dry-run"
    assert (_mode(mine), _mode(mine / "data"), _mode(made)) == (0o755, 0o700, 0o700)
    assert private_dir(made) == made  # already there: fine


def test_a_private_file_is_0600_even_when_it_replaces_a_readable_one(tmp_path: Path, umask_022: None) -> None:
    path = tmp_path / "001-jane@example.com.eml"
    path.write_bytes(b"old")
    path.chmod(0o644)
    write_private(path, b"From: a\r\n")
    assert path.read_bytes() == b"From: a\r\n" and _mode(path) == 0o600
    fresh = tmp_path / "new.eml"
    write_private(fresh, b"x")
    assert _mode(fresh) == 0o600
