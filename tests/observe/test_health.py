"""Health checks on good and broken setups, each failure named."""

from __future__ import annotations

import smtplib
import sqlite3
import sys
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

import pytest

from resume_customizer.config import ObserveSettings, Settings
from resume_customizer.observe.health import HealthReport, check_health

from .conftest import free_port


def smtp_probe(host: str, port: int, security: str, timeout: float) -> str:
    """A test probe: connect and EHLO, as mail.transport.probe will (plain SMTP only here)."""
    assert security == "plain"
    with smtplib.SMTP(host, port, timeout=timeout) as client:
        code, answer = client.ehlo("health.test")
        if code != 250:
            raise smtplib.SMTPResponseException(code, answer)
        return f"{code} {answer.decode(errors='replace').splitlines()[0]}"


def no_breakers() -> list[object]:
    """A breaker provider with nothing to report."""
    return []


def _check(report: HealthReport, name: str) -> tuple[bool, str]:
    (check,) = [c for c in report.checks if c.name == name]
    return check.ok, check.detail


def test_a_good_setup_is_healthy_with_every_check_named(settings: Settings) -> None:
    report = check_health(settings, breakers=no_breakers)

    assert report.ok, report.summary()
    assert report.summary() == "healthy"
    names = [c.name for c in report.checks]
    assert names == [
        "dependency python-docx",
        "dependency mammoth",
        "dependency lxml",
        "dependency python-magic",
        "data directory",
        "disk space",
        "outbox database",
        "circuit breakers",
    ]
    assert settings.data_dir.is_dir()  # created by the writability check
    assert list(settings.data_dir.iterdir()) == []  # and the probe file cleaned up


def test_a_data_dir_that_is_a_regular_file_fails_the_data_directory_check(
    settings: Settings, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x")

    report = check_health(settings.replace(data_dir=blocker), breakers=no_breakers)

    assert not report.ok
    assert [c.name for c in report.failing] == ["data directory"]
    ok, detail = _check(report, "data directory")
    assert not ok
    assert "is not a directory" in detail and "RESUME_CUSTOMIZER_DATA_DIR" in detail
    assert report.summary() == "unhealthy: data directory"


def test_a_data_dir_nobody_can_create_fails_even_for_root(settings: Settings) -> None:
    # Tests run as root, for whom chmod does not forbid anything: /proc refuses new entries.
    report = check_health(
        settings.replace(data_dir=Path("/proc/resume-customizer/data")), breakers=no_breakers
    )

    ok, detail = _check(report, "data directory")
    assert not ok
    assert "/proc/resume-customizer/data is not writable" in detail


def test_too_little_free_disk_fails_the_disk_check(settings: Settings) -> None:
    greedy = settings.replace(observe=ObserveSettings(min_disk_free_mb=10**12))

    report = check_health(greedy, breakers=no_breakers)

    assert [c.name for c in report.failing] == ["disk space"]
    assert "below" in _check(report, "disk space")[1]


def test_an_existing_outbox_is_read_without_being_changed(settings: Settings) -> None:
    settings.data_dir.mkdir(parents=True)
    outbox = settings.data_dir / "outbox.sqlite3"
    with sqlite3.connect(outbox) as conn:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("CREATE TABLE jobs (id INTEGER PRIMARY KEY, state TEXT)")
        conn.execute("INSERT INTO jobs (state) VALUES ('sent')")
    conn.close()
    before = outbox.read_bytes()

    report = check_health(settings, breakers=no_breakers)

    assert _check(report, "outbox database") == (True, f"{outbox} readable, quick_check ok")
    assert outbox.read_bytes() == before


def test_a_corrupt_outbox_fails_the_outbox_check(settings: Settings) -> None:
    settings.data_dir.mkdir(parents=True)
    (settings.data_dir / "outbox.sqlite3").write_bytes(b"this is not a database" * 100)

    report = check_health(settings, breakers=no_breakers)

    assert [c.name for c in report.failing] == ["outbox database"]
    assert "not a database" in _check(report, "outbox database")[1]


class BreakerState(Enum):
    """Like the mail package's breaker states."""

    CLOSED = "closed"
    OPEN = "open"


@dataclass
class Breaker:
    """Like the mail package's breaker view."""

    name: str
    state: BreakerState
    retry_after: float = 0.0


def test_an_open_circuit_breaker_fails_its_check_naming_the_server(settings: Settings) -> None:
    def states() -> list[object]:
        return [
            Breaker("smtp.good.example:587", BreakerState.CLOSED),
            Breaker("smtp.down.example:465", BreakerState.OPEN, retry_after=42),
        ]

    report = check_health(settings, breakers=states)

    ok, detail = _check(report, "circuit breakers")
    assert not ok
    assert detail == "smtp.good.example:587 closed; smtp.down.example:465 open (retry in 42 s)"


def test_breaker_states_given_as_mappings_or_pairs_are_understood(settings: Settings) -> None:
    report = check_health(
        settings, breakers=lambda: [{"server": "a:25", "state": "half_open"}, ("b:25", "closed")]
    )
    assert _check(report, "circuit breakers") == (True, "a:25 half-open; b:25 closed")


def test_a_breaker_provider_that_crashes_is_a_failed_check_not_a_crash(settings: Settings) -> None:
    def broken() -> list[object]:
        raise RuntimeError("sender state lost")

    report = check_health(settings, breakers=broken)

    ok, detail = _check(report, "circuit breakers")
    assert not ok
    assert "sender state lost" in detail
    assert len(report.checks) == 8  # the other checks still ran


def test_without_the_mail_package_the_breaker_check_says_so_and_passes(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "resume_customizer.mail.sender", None)  # as if not written yet

    report = check_health(settings)

    assert _check(report, "circuit breakers") == (
        True,
        "mail package not available; no circuit breakers to report",
    )


def test_a_real_smtp_server_answers_the_probe(settings: Settings, smtp_server: tuple[str, int]) -> None:
    host, port = smtp_server

    report = check_health(
        settings, smtp=(host, port), security="plain", probe=smtp_probe, breakers=no_breakers
    )

    assert report.ok, report.summary()
    ok, detail = _check(report, f"smtp {host}:{port}")
    assert ok and "answered: 250" in detail


def test_a_missing_smtp_server_fails_the_smtp_check_naming_host_and_port(settings: Settings) -> None:
    port = free_port()  # nobody listens there

    report = check_health(
        settings, smtp=("127.0.0.1", port), security="plain", probe=smtp_probe, breakers=no_breakers
    )

    assert report.summary() == f"unhealthy: smtp 127.0.0.1:{port}"
    ok, detail = _check(report, f"smtp 127.0.0.1:{port}")
    assert not ok
    assert "ConnectionRefusedError" in detail


def test_without_the_mail_transport_the_smtp_check_fails_saying_why(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "resume_customizer.mail.transport", None)

    report = check_health(settings, smtp=("127.0.0.1", 25), breakers=no_breakers)

    ok, detail = _check(report, "smtp 127.0.0.1:25")
    assert not ok
    assert "mail package unavailable" in detail


def test_a_broken_setup_names_every_failure_at_once(settings: Settings, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    port = free_port()

    report = check_health(
        settings.replace(data_dir=blocker),
        smtp=("127.0.0.1", port),
        security="plain",
        probe=smtp_probe,
        breakers=no_breakers,
    )

    assert report.to_dict()["failing"] == ["data directory", f"smtp 127.0.0.1:{port}"]
