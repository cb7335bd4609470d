"""A relay with a company's private CA: ``bulk --ca-file`` sends through it, and ``health --smtp``
trusts ``smtp.ca_file`` as sending does (it reported such a server untrusted)."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from resume_customizer.cli import main
from tests.mail.smtp_server import PASSWORD, USER, Certs, MailServer
from tests.mail.test_command import make_resume

ROOT = Path(__file__).resolve().parents[2]
STACK = "Python\n• Built REST APIs with FastAPI.\n"


def _manifest(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "jane.docx").write_bytes(make_resume("Jane Doe"))
    (folder / "python.txt").write_text(STACK, encoding="utf-8")
    path = folder / "manifest.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["resume", "stack", "recipient", "subject"])
        writer.writerow(["jane.docx", "python.txt", "client@example.com", "Profile"])
    return path


def _bulk(server: MailServer, manifest: Path, tmp_path: Path, *extra: str) -> int:
    outbox = str(tmp_path / "o.sqlite3")
    return main(
        [
            "bulk", str(manifest), "--send", "--sender", "r@example.com", "--outbox", outbox,
            "--smtp-host", "127.0.0.1", "--smtp-port", str(server.port), "--security", "starttls",
            "--user", USER, "--password-env", "RC_TEST_PASSWORD", *extra,
        ]
    )  # fmt: skip


def test_bulk_trusts_a_private_ca_named_with_ca_file_and_refuses_without_it(
    tls_server: MailServer,
    certs: Certs,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("RC_TEST_PASSWORD", PASSWORD)
    manifest = _manifest(tmp_path / "job")
    assert _bulk(tls_server, manifest, tmp_path) != 0  # the system CAs do not know this relay
    assert "certificate" in capsys.readouterr().out.lower()
    assert not tls_server.received
    assert _bulk(tls_server, manifest, tmp_path, "--ca-file", str(certs.ca_pem)) == 0
    assert [r.rcpt_tos for r in tls_server.received] == [("client@example.com",)]


def _health(tmp_path: Path, server: MailServer, ca_file: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RESUME_CUSTOMIZER_")}
    env.update(
        PYTHONPATH=str(ROOT),
        RESUME_CUSTOMIZER_DATA_DIR=str(tmp_path / "data"),
        RESUME_CUSTOMIZER_OBSERVE_MIN_DISK_FREE_MB="0",
    )
    if ca_file is not None:
        env["RESUME_CUSTOMIZER_SMTP_CA_FILE"] = ca_file
    return subprocess.run(
        [sys.executable, "-m", "resume_customizer", "health", "--smtp", f"127.0.0.1:{server.port}",
         "--security", "starttls"],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60,
    )  # fmt: skip


def test_health_smtp_trusts_the_ca_file_that_sending_trusts(
    tls_server: MailServer, certs: Certs, tmp_path: Path
) -> None:
    untrusted = _health(tmp_path, tls_server, None)
    assert untrusted.returncode == 1
    assert "FAIL" in untrusted.stdout and "smtp 127.0.0.1" in untrusted.stdout
    trusted = _health(tmp_path, tls_server, str(certs.ca_pem))
    assert trusted.returncode == 0, trusted.stdout
    assert "answered" in trusted.stdout
