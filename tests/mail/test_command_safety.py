"""``bulk`` is safe by default (issue 12): a dry run unless --send; a FIFO never hangs it; rows
read only from the manifest's folder; personal data private; a summary no cell can forge; errors
that name the real file and the real problem. Real files, a real FIFO, real aiosmtpd."""

from __future__ import annotations

import csv
import email
import email.policy
import io
import os
import re
import stat
import threading
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from resume_customizer.cli import main
from resume_customizer.errors import InputError
from resume_customizer.mail.command import read_manifest
from resume_customizer.mail.message import build_message
from resume_customizer.mail.outbox import Outbox
from tests.mail.smtp_server import STACK, MailServer, make_resume

SENDER = "recruiter@example.com"
SECRET = "Exfiltrated\n• SECRET-LINE-FROM-OUTSIDE the manifest's folder"


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No settings file or data dir of the machine leaks into these runs; the usual umask."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("RESUME_CUSTOMIZER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("RESUME_CUSTOMIZER_RETRY_INITIAL_S", "0")
    monkeypatch.setenv("RESUME_CUSTOMIZER_RETRY_JITTER_S", "0")
    old = os.umask(0o022)
    yield
    os.umask(old)


def _job(folder: Path, rows: list[list[str]]) -> Path:
    """A recruiter's folder: resumes/jane.docx, python.txt and a manifest of ``rows``."""
    (folder / "resumes").mkdir(parents=True, exist_ok=True)
    (folder / "resumes" / "jane.docx").write_bytes(make_resume("Jane Doe"))
    (folder / "python.txt").write_text(STACK, encoding="utf-8")
    manifest = folder / "manifest.csv"
    with manifest.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["resume", "stack", "recipient", "subject"])
        writer.writerows(rows)
    return manifest


def _live(server: MailServer) -> list[str]:
    return ["--smtp-host", "127.0.0.1", "--smtp-port", str(server.port), "--security", server.mode]


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _within(seconds: float, fifo: Path, call: Callable[[], object]) -> object:
    """``call()``'s result; fails (and unblocks the reader with a writer) after ``seconds``."""
    box: dict[str, object] = {}

    def target() -> None:
        box["value"] = call()

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        os.close(os.open(fifo, os.O_WRONLY))
        worker.join(5)
        pytest.fail(f"blocked on the FIFO {fifo.name} for more than {seconds} s")
    return box.get("value")


def _attached_text(eml: Path) -> str:
    """The text of the .docx attached to a written message."""
    msg = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    [part] = list(msg.iter_attachments())
    with zipfile.ZipFile(io.BytesIO(part.get_content())) as docx:
        return docx.read("word/document.xml").decode("utf-8")


# --- 5. a FIFO never hangs the run ------------------------------------------------------------


def test_a_fifo_given_as_the_manifest_is_refused_within_a_second_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "manifest.csv"
    os.mkfifo(fifo)
    code = _within(1.0, fifo, lambda: main(["bulk", str(fifo), "--sender", SENDER]))
    err = capsys.readouterr().err
    assert code == 2
    assert (
        err
        == f"error: The manifest {fifo} is a named pipe (FIFO), not a file; give the path of the .csv file.\n"
    )


def test_a_fifo_named_in_a_row_fails_that_row_only_and_blocks_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    job = tmp_path / "job"
    manifest = _job(
        job,
        [
            ["pipe.docx", "python.txt", "a@example.com", "Hi"],
            ["resumes/jane.docx", "pipe.txt", "b@example.com", "Hi"],
            ["resumes/jane.docx", "python.txt", "c@example.com", "Hi"],
        ],
    )
    os.mkfifo(job / "pipe.docx")
    os.mkfifo(job / "pipe.txt")
    items = _within(1.0, job / "pipe.docx", lambda: read_manifest(manifest))
    assert [i.problem for i in items] == [  # type: ignore[attr-defined]
        "row 2: the resume pipe.docx is a named pipe (FIFO), not a file; name the .docx file.",
        "row 3: the stack pipe.txt is a named pipe (FIFO), not a file; name the .txt file.",
        None,
    ]
    assert main(["bulk", str(manifest), "--sender", SENDER, "--dry-run", str(tmp_path / "eml")]) == 1
    out = capsys.readouterr().out
    assert "1 written" in out and "2 failed" in out
    assert [p.name for p in (tmp_path / "eml").iterdir()] == ["003-c@example.com.eml"]


# --- 6. rows read only from the manifest's folder -------------------------------------------------


def test_a_path_out_of_the_manifests_folder_fails_its_row_unless_allowed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET, encoding="utf-8")
    (outside / "other.docx").write_bytes(make_resume("Other Person"))
    job = tmp_path / "job"
    manifest = _job(
        job,
        [
            ["resumes/jane.docx", "python.txt", "a@example.com", "Hi"],
            ["resumes/jane.docx", "../outside/secret.txt", "b@example.com", "Hi"],
            ["resumes/jane.docx", str(outside / "secret.txt"), "c@example.com", "Hi"],
            ["resumes/jane.docx", "link.txt", "d@example.com", "Hi"],
            ["../outside/other.docx", "python.txt", "e@example.com", "Hi"],
            ["resumes/../resumes/jane.docx", str(job / "python.txt"), "f@example.com", "Hi"],
        ],
    )
    (job / "link.txt").symlink_to(outside / "secret.txt")  # a link does not lead out either
    fix = (
        "is outside the manifest's folder; move it there or pass --allow-outside DIR with the folder "
        "that holds it."
    )
    items = read_manifest(manifest)
    assert [i.problem for i in items] == [
        None,
        f"row 3: the stack ../outside/secret.txt {fix}",
        f"row 4: the stack {outside / 'secret.txt'} {fix}",
        f"row 5: the stack link.txt {fix}",
        f"row 6: the resume ../outside/other.docx {fix}",
        None,  # inside the folder, however it is written
    ]
    assert all("SECRET" not in i.stack_text for i in items)

    allowed = read_manifest(manifest, allow_outside=[outside])
    assert [i.problem for i in allowed] == [None] * 6
    assert [i.stack_text for i in allowed][1:4] == [SECRET] * 3


def test_the_cli_mails_no_file_from_outside_unless_allow_outside_names_its_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "elsewhere" / "passwd.txt"
    secret.parent.mkdir()
    secret.write_text(SECRET, encoding="utf-8")
    manifest = _job(tmp_path / "job", [["resumes/jane.docx", str(secret), "a@example.com", "Hi"]])
    out_dir = tmp_path / "eml"
    assert main(["bulk", str(manifest), "--sender", SENDER, "--dry-run", str(out_dir)]) == 1
    assert (
        "is outside the manifest's folder; move it there or pass --allow-outside DIR"
        in capsys.readouterr().out
    )
    assert list(out_dir.iterdir()) == []

    args = ["bulk", str(manifest), "--sender", SENDER, "--dry-run", str(out_dir)]
    assert (
        main(
            [*args, "--allow-outside", str(tmp_path / "nothing-here"), "--allow-outside", str(secret.parent)]
        )
        == 0
    )
    [eml] = list(out_dir.iterdir())
    assert "SECRET-LINE-FROM-OUTSIDE" in _attached_text(eml)


# --- 8. personal data is the owner's only ---------------------------------------------------------


def test_a_dry_run_writes_its_messages_0600_in_folders_0700(tmp_path: Path) -> None:
    manifest = _job(tmp_path / "job", [["resumes/jane.docx", "python.txt", "a@example.com", "Hi"]])
    chosen = tmp_path / "chosen" / "messages"  # --dry-run OUTDIR: what it creates is private
    assert main(["bulk", str(manifest), "--sender", SENDER, "--dry-run", str(chosen)]) == 0
    assert (_mode(chosen.parent), _mode(chosen)) == (0o700, 0o700)
    assert {_mode(p) for p in chosen.iterdir()} == {0o600}
    data = tmp_path / "data"
    assert (_mode(data), _mode(data / "logs")) == (0o700, 0o700)

    assert main(["bulk", str(manifest), "--sender", SENDER]) == 0  # the default folder
    [run_dir] = list((data / "dry-run").iterdir())
    [eml] = list(run_dir.iterdir())
    assert (_mode(data / "dry-run"), _mode(run_dir), _mode(eml)) == (0o700, 0o700, 0o600)


def test_the_outbox_and_its_wal_files_are_0600_and_an_old_readable_one_is_tightened(
    tmp_path: Path, smtp_server: MailServer
) -> None:
    path = tmp_path / "data" / "outbox.sqlite3"
    outbox = Outbox.open(path)
    outbox.ensure(["a@example.com"], "Hi", "0" * 64, sender=SENDER)
    files = [path, Path(f"{path}-wal"), Path(f"{path}-shm")]
    assert all(f.exists() for f in files)
    assert [_mode(f) for f in files] == [0o600] * 3
    assert _mode(path.parent) == 0o700
    outbox.close()

    old = tmp_path / "old" / "outbox.sqlite3"  # as an earlier version left it
    old.parent.mkdir()
    Outbox.open(old).close()
    old.chmod(0o644)
    manifest = _job(tmp_path / "job", [["resumes/jane.docx", "python.txt", "a@example.com", "Hi"]])
    args = ["bulk", str(manifest), "--sender", SENDER, "--send", "--outbox", str(old), *_live(smtp_server)]
    assert main(args) == 0
    assert len(smtp_server.received) == 1
    assert [_mode(f) for f in (old, Path(f"{old}-wal"), Path(f"{old}-shm")) if f.exists()] == [0o600] * sum(
        f.exists() for f in (old, Path(f"{old}-wal"), Path(f"{old}-shm"))
    )
    assert _mode(old) == 0o600


# --- 11. one item, one line -----------------------------------------------------------------------


def test_a_cell_with_a_line_break_or_an_escape_sequence_cannot_forge_a_line_of_the_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = _job(
        tmp_path / "job",
        [
            ["resumes/jane.docx", "python.txt", "a@example.com\r\nBcc: x@example.com", "Hi"],
            ["resumes/missing\x1b[2J.docx", "python.txt", "b@example.com", "Hi"],
            ["resumes/jane.docx", "python.txt", "c@example.com", "Hi"],
        ],
    )
    assert main(["bulk", str(manifest), "--sender", SENDER, "--dry-run", str(tmp_path / "eml")]) == 1
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert lines[0].startswith("dry run: 3 item(s): 1 written, 0 skipped, 2 failed")
    assert len(lines) == 5  # the count, three items, the dry run's last word
    assert not any(line.startswith("Bcc:") for line in lines + captured.err.splitlines())
    assert lines[1].startswith("  failed    row 2 -> a@example.com\\r\\nBcc: x@example.com: row 2: ")
    assert "\x1b" not in captured.out + captured.err
    assert "missing\\x1b[2J.docx" in lines[2]


# --- 12. wording ----------------------------------------------------------------------------------


def test_a_bulk_error_names_the_rows_own_file_not_resume_docx(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = _job(tmp_path / "job", [["resumes/Broken CV.docx", "python.txt", "a@example.com", "Hi"]])
    (tmp_path / "job" / "resumes" / "Broken CV.docx").write_text("not a Word file at all", encoding="utf-8")
    assert main(["bulk", str(manifest), "--sender", SENDER, "--dry-run", str(tmp_path / "eml")]) == 1
    out = capsys.readouterr().out
    failed = [line for line in out.splitlines() if line.startswith("  failed")]
    assert len(failed) == 1 and "'Broken CV.docx'" in failed[0] and "resume.docx" not in failed[0]


def test_a_file_name_with_a_line_break_is_refused_as_a_file_name_not_as_the_subject(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name = "Jane\r\nBcc: x@example.com.docx"
    manifest = _job(
        tmp_path / "job", [[f"resumes/{name}", "python.txt", "a@example.com", "Resume {filename}"]]
    )
    (tmp_path / "job" / "resumes" / name).write_bytes(make_resume("Jane Doe"))
    assert main(["bulk", str(manifest), "--sender", SENDER, "--dry-run", str(tmp_path / "eml")]) == 1
    out = capsys.readouterr().out
    expected = (
        "The file name 'Jane??Bcc: x@example.com.docx' contains a line break, which an attachment's "
        "name cannot hold; rename the file without it."
    )
    assert f"  failed    row 2 -> a@example.com: {expected}" in out.splitlines()
    with pytest.raises(InputError) as caught:
        build_message(
            sender=SENDER,
            recipients=["a@example.com"],
            subject="Hi",
            body="Hello",
            attachment=b"x",
            filename=name,
            message_id="<1@example.com>",
        )
    assert caught.value.message == expected


@pytest.mark.parametrize("send", [True, False], ids=["send", "dry-run"])
def test_an_outbox_that_is_not_a_database_says_so_and_how_to_move_it_aside(
    tmp_path: Path, smtp_server: MailServer, capsys: pytest.CaptureFixture[str], send: bool
) -> None:
    broken = tmp_path / "outbox.sqlite3"
    broken.write_bytes(b"these are not the bytes of an SQLite database\n" * 200)
    manifest = _job(tmp_path / "job", [["resumes/jane.docx", "python.txt", "a@example.com", "Hi"]])
    args = ["bulk", str(manifest), "--sender", SENDER, "--outbox", str(broken), *_live(smtp_server)]
    assert main([*args, *(["--send"] if send else [])]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: The outbox {broken} is not a valid outbox database (")
    assert "Move it aside (for example rename it to outbox.sqlite3.broken) and run again" in err
    assert "writable" not in err and err.count("\n") == 1
    assert smtp_server.received == []


# --- 13. a dry run unless --send ------------------------------------------------------------------


def test_bulk_without_send_is_a_dry_run_that_says_where_the_messages_are(
    tmp_path: Path, smtp_server: MailServer, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = _job(
        tmp_path / "job",
        [
            ["resumes/jane.docx", "python.txt", "a@example.com", "Hi"],
            ["resumes/jane.docx", "python.txt", "b@example.com", "Hi"],
        ],
    )
    outbox = tmp_path / "o.sqlite3"
    assert (
        main(["bulk", str(manifest), "--sender", SENDER, "--outbox", str(outbox), *_live(smtp_server)]) == 0
    )
    out = capsys.readouterr().out.splitlines()
    assert smtp_server.received == [] and not outbox.exists()
    [folder] = list((tmp_path / "data" / "dry-run").iterdir())
    assert out[-1] == f"dry run: 2 message(s) written to {folder}; nothing was sent; add --send to send."
    assert sorted(p.name for p in folder.iterdir()) == ["001-a@example.com.eml", "002-b@example.com.eml"]

    assert (
        main(
            [
                "bulk",
                str(manifest),
                "--sender",
                SENDER,
                "--outbox",
                str(outbox),
                "--send",
                *_live(smtp_server),
            ]
        )
        == 0
    )
    assert sorted(r.rcpt_tos[0] for r in smtp_server.received) == ["a@example.com", "b@example.com"]
    assert capsys.readouterr().out.startswith("2 item(s): 2 sent")


def test_send_and_dry_run_together_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manifest = _job(tmp_path / "job", [["resumes/jane.docx", "python.txt", "a@example.com", "Hi"]])
    assert main(["bulk", str(manifest), "--sender", SENDER, "--send", "--dry-run", str(tmp_path / "x")]) == 2
    assert re.fullmatch(r"error: --send sends, --dry-run writes .*not both\.\n", capsys.readouterr().err)
