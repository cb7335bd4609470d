"""``bulk --send`` with a wrong password: one login, one failed row, the rest pending, exit 1."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest

from resume_customizer.cli import main
from resume_customizer.mail.outbox import Outbox
from resume_customizer.observe.logs import shutdown_logging
from tests.mail.smtp_server import PASSWORD, STACK, USER, MailServer

ROWS = 10


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("RESUME_CUSTOMIZER_DATA_DIR", str(tmp_path / "data"))
    yield
    shutdown_logging()


def _manifest(folder: Path, resume: bytes) -> Path:
    folder.mkdir()
    (folder / "resume.docx").write_bytes(resume)
    (folder / "stack.txt").write_text(STACK, encoding="utf-8")
    path = folder / "manifest.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["resume", "stack", "recipient", "subject"])
        for i in range(ROWS):
            writer.writerow(["resume.docx", "stack.txt", f"client{i}@example.com", "Profile: {name}"])
    return path


def test_a_wrong_password_from_the_cli_costs_one_login_and_exits_1_saying_why_in_one_line(
    tls_server: MailServer,
    certs,  # type: ignore[no-untyped-def]
    tmp_path: Path,
    resume_docx: bytes,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("RESUME_CUSTOMIZER_SMTP_CA_FILE", str(certs.ca_pem))
    monkeypatch.setenv("SMTP_PW", "not-the-password")
    manifest = _manifest(tmp_path / "job", resume_docx)
    outbox = tmp_path / "outbox.sqlite3"
    args = [
        "bulk", str(manifest), "--send", "--smtp-host", "127.0.0.1", "--smtp-port", str(tls_server.port),
        "--security", "starttls", "--sender", USER, "--user", USER, "--password-env", "SMTP_PW",
        "--outbox", str(outbox), "--workers", "4",
    ]  # fmt: skip
    assert main(args) == 1
    out = capsys.readouterr().out.splitlines()
    assert tls_server.auth_attempts == 1 and tls_server.received == []
    assert out[0].startswith(
        "10 item(s): 0 sent, 0 skipped, 1 failed, 0 unknown, 0 cancelled, 9 not attempted"
    )
    assert out[1].startswith("  failed    row ") and f"rejected login for {USER}: 535" in out[1]
    assert out[2].startswith("  not attempted: 9 item(s) (row ") and out[2].endswith(
        "run again once that is fixed"
    )
    assert f"rejected login for {USER}: 535" in out[2] and len(out) == 3
    assert Outbox(outbox).counts()["sent"] == 0

    monkeypatch.setenv("SMTP_PW", PASSWORD)  # fixed: the rerun sends all ten, once
    assert main(args) == 0
    assert sorted(r for got in tls_server.received for r in got.rcpt_tos) == sorted(
        f"client{i}@example.com" for i in range(ROWS)
    )
