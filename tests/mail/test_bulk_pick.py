"""Bulk with picked projects: the manifest's ``projects`` column, sent through a real SMTP server
(aiosmtpd on 127.0.0.1), and the tailoring shared only between items with the same pick."""

from __future__ import annotations

import csv
import io
import threading
from pathlib import Path

import docx
import pytest

from resume_customizer.cli import main
from resume_customizer.mail.bulk import BulkItem, engine_tailor, run_bulk
from resume_customizer.mail.command import read_manifest
from tests.mail.smtp_server import STACK, MailServer, make_resume

SENDER = "recruiter@example.com"
POINTS = ["Built REST APIs with FastAPI", "Wrote pytest suites", "Deployed services on ECS"]
COMPANIES = ["Acme Corp", "Globex", "Initech"]


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No settings file or data dir of the machine leaks into these runs."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("RESUME_CUSTOMIZER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("RESUME_CUSTOMIZER_RETRY_INITIAL_S", "0")
    monkeypatch.setenv("RESUME_CUSTOMIZER_RETRY_JITTER_S", "0")


def _companies_with_points(data: bytes) -> dict[str, list[str]]:
    """Each company -> the new points that follow its bullets in the tailored resume."""
    out: dict[str, list[str]] = {}
    company = ""
    for p in docx.Document(io.BytesIO(data)).paragraphs:
        for name in COMPANIES:
            if p.text.startswith(f"{name} — "):
                company = name
        if p.text in POINTS:
            out.setdefault(company, []).append(p.text)
    return out


def _manifest(folder: Path, rows: list[tuple[str, str]], header: str = "projects") -> Path:
    """One resume, one stack; a row per (recipient, projects)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "jane.docx").write_bytes(make_resume("Jane Doe"))
    (folder / "python.txt").write_text(STACK, encoding="utf-8")
    path = folder / "manifest.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["resume", "stack", "recipient", "subject", header])
        for recipient, projects in rows:
            writer.writerow(["jane.docx", "python.txt", recipient, "Profile: {name}", projects])
    return path


def _args(server: MailServer, manifest: Path, outbox: Path) -> list[str]:
    return [
        "bulk", str(manifest),
        "--smtp-host", "127.0.0.1", "--smtp-port", str(server.port), "--security", server.mode,
        "--sender", SENDER, "--outbox", str(outbox), "--workers", "2", "--send",
    ]  # fmt: skip


def test_each_row_sends_the_resume_tailored_into_its_own_projects(
    smtp_server: MailServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = _manifest(
        tmp_path / "job",
        [("a@example.com", ""), ("b@example.com", "3"), ("c@example.com", "1,3"), ("d@example.com", "2-3")],
    )
    assert main(_args(smtp_server, manifest, tmp_path / "outbox.sqlite3")) == 0, capsys.readouterr()
    got = {
        r.rcpt_tos[0]: bytes(next(r.message.iter_attachments()).get_content()) for r in smtp_server.received
    }
    assert _companies_with_points(got["a@example.com"]) == {  # empty: the first N (3)
        "Acme Corp": [POINTS[0]],
        "Globex": [POINTS[1]],
        "Initech": [POINTS[2]],
    }
    assert _companies_with_points(got["b@example.com"]) == {"Initech": POINTS}
    assert _companies_with_points(got["c@example.com"]) == {
        "Acme Corp": [POINTS[0], POINTS[2]],
        "Initech": [POINTS[1]],
    }
    assert _companies_with_points(got["d@example.com"]) == {
        "Globex": [POINTS[0], POINTS[2]],
        "Initech": [POINTS[1]],
    }


def test_a_bad_projects_value_fails_that_row_alone_saying_what_to_fix(
    smtp_server: MailServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = _manifest(
        tmp_path / "job", [("a@example.com", "2"), ("b@example.com", "two"), ("c@example.com", "5")]
    )
    assert main(_args(smtp_server, manifest, tmp_path / "outbox.sqlite3")) == 1
    out = capsys.readouterr().out
    assert "1 sent" in out and "2 failed" in out
    assert (
        "failed    row 3 -> b@example.com: row 3: the projects column 'two' is not a list of project "
        "numbers ('two' is not a number); write them like 1,3,4 (numbers from detect), or leave it "
        "empty for the first projects."
    ) in out
    assert (
        "failed    row 4 -> c@example.com: Project 5 does not exist: this resume has 3 projects (1–3); "
        "run detect to see them."
    ) in out
    assert [list(r.rcpt_tos) for r in smtp_server.received] == [["a@example.com"]]


def test_two_rows_alike_but_for_their_projects_are_two_emails_with_two_files(
    smtp_server: MailServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = _manifest(tmp_path / "job", [("a@example.com", "1"), ("a@example.com", "2")])
    outbox = tmp_path / "outbox.sqlite3"
    assert main(_args(smtp_server, manifest, outbox)) == 0
    assert "repeats row" not in capsys.readouterr().out
    files = [bytes(next(r.message.iter_attachments()).get_content()) for r in smtp_server.received]
    assert sorted(list(_companies_with_points(f)) for f in files) == [["Acme Corp"], ["Globex"]]
    assert main(_args(smtp_server, manifest, outbox)) == 0  # the outbox knows both: nothing resent
    assert "0 sent, 2 skipped" in capsys.readouterr().out and len(smtp_server.received) == 2


def test_the_projects_column_is_read_under_its_aliases_and_quoted_lists(tmp_path: Path) -> None:
    path = _manifest(
        tmp_path / "job", [("a@example.com", "1, 3"), ("b@example.com", "")], "Projects to tailor"
    )
    items = read_manifest(path)
    assert [(i.pick, i.problem) for i in items] == [((1, 3), None), (None, None)]
    plain = tmp_path / "plain"
    plain.mkdir()
    job = tmp_path / "job"
    (plain / "m.csv").write_text(
        f'resume;stack;recipient;subject;project\n"{job}/jane.docx";"{job}/python.txt";a@x.com;Hi;2\n',
        encoding="utf-8",
    )
    assert [i.pick for i in read_manifest(plain / "m.csv")] == [(2,)]


def test_items_share_one_tailoring_only_when_they_pick_the_same_projects(tmp_path: Path) -> None:
    real = engine_tailor()
    calls: list[tuple[int, ...] | None] = []
    lock = threading.Lock()

    def counting(docx_: bytes, stack: str, pick: tuple[int, ...] | None = None) -> bytes:
        with lock:
            calls.append(pick)
        return real(docx_, stack, pick)

    resume = make_resume("Jane Doe")
    items = [
        BulkItem(resume, "jane.docx", STACK, f"c{i}@example.com", label=f"row {i + 2}", pick=pick)
        for i, pick in enumerate([None, None, (2,), (2,), (1, 3)])
    ]
    summary = run_bulk(
        items,
        sender=SENDER,
        outbox=None,
        make_sender=None,
        tailor=counting,
        workers=1,
        dry_run_dir=tmp_path / "eml",
        tailor_processes=0,
    )
    assert summary.counts == {"written": 5}
    assert calls == [None, (2,), (1, 3)]
