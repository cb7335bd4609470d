"""Logging on a real full disk (a small tmpfs): said once on stderr, then quiet; never a traceback."""

from __future__ import annotations

import contextlib
import logging
import sys
from pathlib import Path

import pytest

from resume_customizer.config import LogSettings, Settings
from resume_customizer.observe.logs import configure_logging, log_file_path, shutdown_logging
from tests.full_disk import fill, small_filesystem


def test_a_log_file_on_a_full_disk_is_said_once_on_stderr_and_then_stays_quiet(
    capfd: pytest.CaptureFixture[str],
) -> None:
    # Before: logging's handleError printed "--- Logging error ---" and a traceback for every
    # record (66 of them in a 40-row bulk run on a filling disk).
    with small_filesystem(512) as disk:
        settings = Settings().replace(data_dir=disk / "data", log=LogSettings(console=False))
        configure_logging(settings)
        log = logging.getLogger("resume_customizer.mail.bulk")
        log.warning("written while there is room")
        filler = fill(disk)
        for i in range(200):
            log.warning("record %d that does not fit: %s", i, "x" * 200)
        err = capfd.readouterr().err
        assert "Logging error" not in err and "Traceback" not in err
        [said] = err.splitlines()
        assert said == (
            f"resume_customizer: cannot write the log file {log_file_path(settings)} "
            "(No space left on device); log records are dropped until it can."
        )
        # Room again: records are written again, and a later failure would be said again.
        filler.unlink()
        log.warning("written once there is room again")
        for handler in logging.getLogger("resume_customizer").handlers:
            handler.flush()
        assert "written once there is room again" in log_file_path(settings).read_text(encoding="utf-8")
        assert capfd.readouterr().err == ""
        shutdown_logging()


def test_a_console_that_cannot_be_written_is_said_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    with small_filesystem(256) as disk:
        fill(disk)
        full = (disk / "stderr.txt").open("w", encoding="utf-8", buffering=1)  # a redirect to a full disk
        try:
            settings = Settings().replace(data_dir=tmp_path / "data", log=LogSettings(console=True))
            monkeypatch.setattr(sys, "stderr", full)
            configure_logging(settings, console=True)
            monkeypatch.undo()  # the handler keeps the full stream; what it says goes to the real stderr
            for i in range(50):
                logging.getLogger("resume_customizer.test").warning("line %d", i)
            err = capfd.readouterr().err
        finally:
            shutdown_logging()
            with contextlib.suppress(OSError):  # what it still buffers cannot be written
                full.close()
    assert "Logging error" not in err and "Traceback" not in err
    lines = [line for line in err.splitlines() if line.startswith("resume_customizer:")]
    assert lines == [
        "resume_customizer: cannot write the console log (No space left on device); "
        "log records are dropped until it can."
    ]
