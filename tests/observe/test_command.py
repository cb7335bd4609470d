"""``python -m resume_customizer health`` in a real subprocess: exit codes, JSON, named failures."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from .conftest import free_port

REPO = Path(__file__).resolve().parents[2]


def run_cli(tmp_path: Path, *args: str, data_dir: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the CLI with a private data directory and no settings file from the caller."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("RESUME_CUSTOMIZER_")}
    env.update(
        PYTHONPATH=str(REPO),
        RESUME_CUSTOMIZER_DATA_DIR=str(data_dir or tmp_path / "data"),
        RESUME_CUSTOMIZER_OBSERVE_MIN_DISK_FREE_MB="0",
    )
    return subprocess.run(
        [sys.executable, "-m", "resume_customizer", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,  # no resume_customizer.toml here
        timeout=60,
    )


def test_health_json_on_a_good_setup_exits_0_with_every_check_passing(tmp_path: Path) -> None:
    done = run_cli(tmp_path, "health", "--json")

    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(done.stdout)
    assert report["ok"] is True
    assert report["failing"] == []
    assert {c["name"] for c in report["checks"]} >= {"data directory", "disk space", "outbox database"}
    assert done.stderr == ""


def test_health_writes_its_verdict_to_the_log_file_in_the_data_dir(tmp_path: Path) -> None:
    done = run_cli(tmp_path, "health")

    assert done.returncode == 0, done.stdout + done.stderr
    log_text = (tmp_path / "data" / "logs" / "resume_customizer.log").read_text()
    assert "health: healthy [operation=health]" in log_text
    assert done.stdout.rstrip().endswith("healthy")


def test_health_on_a_broken_setup_exits_1_naming_the_failures(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    port = free_port()

    done = run_cli(tmp_path, "health", "--json", "--smtp", f"127.0.0.1:{port}", data_dir=blocker)

    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert report["failing"] == ["data directory", f"smtp 127.0.0.1:{port}"]
    assert "Traceback" not in done.stderr


def test_health_in_text_ends_with_the_failing_checks_named(tmp_path: Path) -> None:
    done = run_cli(tmp_path, "health", data_dir=Path("/proc/resume-customizer"))

    assert done.returncode == 1
    lines = done.stdout.strip().splitlines()
    assert lines[-1] == "unhealthy: data directory"
    assert any(line.startswith("FAIL  data directory") for line in lines)


def test_a_malformed_smtp_target_is_bad_input_exit_2(tmp_path: Path) -> None:
    done = run_cli(tmp_path, "health", "--smtp", "smtp.example.com")

    assert done.returncode == 2
    assert done.stderr.strip() == (
        "error: --smtp expects HOST:PORT with a port from 1 to 65535, got 'smtp.example.com'."
    )
