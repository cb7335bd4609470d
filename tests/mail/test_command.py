"""``python -m resume_customizer bulk``: the manifest, exit codes, and a crash in the middle."""

from __future__ import annotations

import csv
import email
import email.policy
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from resume_customizer.cli import main
from resume_customizer.mail.command import parse_rate, read_manifest
from resume_customizer.mail.outbox import Outbox
from tests.mail.smtp_server import PASSWORD, STACK, USER, MailServer, make_resume

REPO = Path(__file__).resolve().parents[2]
SENDER = "recruiter@example.com"


def _manifest(
    folder: Path, rows: int, *, body: bool = True, recipient: str = "client{i}@example.com"
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "resumes").mkdir(exist_ok=True)
    (folder / "python.txt").write_text(STACK, encoding="utf-8")
    path = folder / "manifest.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["resume", "stack", "recipient", "subject", *(["body"] if body else [])])
        for i in range(rows):
            name = f"resumes/Candidate_{i}.docx"
            (folder / name).write_bytes(make_resume(f"Candidate Number{i}"))
            row = [name, "python.txt", recipient.format(i=i), "Profile: {name}"]
            writer.writerow(
                row + (["Dear client,\nplease see {filename} ({techs}).\nRegards"] if body else [])
            )
    return path


def _args(server: MailServer, manifest: Path, outbox: Path, *extra: str, send: bool = True) -> list[str]:
    """A live send (``--send``) through ``server``; ``send=False`` for the default, a dry run."""
    return [
        "bulk",
        *(["--send"] if send else []),
        str(manifest),
        "--smtp-host",
        "127.0.0.1",
        "--smtp-port",
        str(server.port),
        "--security",
        server.mode,
        "--sender",
        SENDER,
        "--outbox",
        str(outbox),
        *extra,
    ]


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No settings file or data dir of the machine leaks into these runs."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("RESUME_CUSTOMIZER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("RESUME_CUSTOMIZER_RETRY_INITIAL_S", "0")
    monkeypatch.setenv("RESUME_CUSTOMIZER_RETRY_JITTER_S", "0")


def test_the_cli_sends_every_row_once_and_a_second_run_skips_them_all(
    smtp_server: MailServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = _manifest(tmp_path / "job", 3)
    outbox = tmp_path / "outbox.sqlite3"
    assert main(_args(smtp_server, manifest, outbox)) == 0
    out = capsys.readouterr().out
    assert out.startswith("3 item(s): 3 sent, 0 skipped, 0 failed, 0 unknown, 0 cancelled")
    got = {r.rcpt_tos[0]: r.message for r in smtp_server.received}
    assert sorted(got) == ["client0@example.com", "client1@example.com", "client2@example.com"]
    msg = got["client1@example.com"]
    assert msg["Subject"] == "Profile: Candidate 1"
    body = msg.get_body(("plain",)).get_content()
    assert "please see Candidate_1.docx (Python, AWS)." in body
    assert [a.get_filename() for a in msg.iter_attachments()] == ["Candidate_1.docx"]

    assert main(_args(smtp_server, manifest, outbox)) == 0
    out = capsys.readouterr().out
    assert out.startswith("3 item(s): 0 sent, 3 skipped")
    assert "already sent on" in out and len(smtp_server.received) == 3


def test_starttls_login_takes_the_password_from_the_named_environment_variable(
    tls_server: MailServer, certs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("RESUME_CUSTOMIZER_SMTP_CA_FILE", str(certs.ca_pem))
    monkeypatch.setenv("MY_SMTP_PASSWORD", PASSWORD)
    manifest = _manifest(tmp_path / "job", 2, body=False)
    code = main(
        _args(
            tls_server, manifest, tmp_path / "o.sqlite3", "--user", USER, "--password-env", "MY_SMTP_PASSWORD"
        )
    )
    captured = capsys.readouterr()
    assert code == 0 and len(tls_server.received) == 2
    assert PASSWORD not in captured.out + captured.err


def test_a_refused_row_makes_the_exit_status_1_and_is_named_in_the_summary(
    smtp_server: MailServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    smtp_server.fault(lambda st, a, n: "550 5.1.1 unknown user" if a == "client1@example.com" else None)
    manifest = _manifest(tmp_path / "job", 3)
    assert main(_args(smtp_server, manifest, tmp_path / "o.sqlite3", "--workers", "1")) == 1
    out = capsys.readouterr().out
    assert "2 sent" in out and "1 failed" in out
    assert "failed    row 3 -> client1@example.com: 127.0.0.1:" in out and "550 5.1.1 unknown user" in out


def test_a_dry_run_writes_eml_files_and_touches_neither_the_server_nor_the_outbox(
    smtp_server: MailServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = _manifest(tmp_path / "job", 2)
    outbox = tmp_path / "o.sqlite3"
    assert main(_args(smtp_server, manifest, outbox, "--dry-run", str(tmp_path / "eml"), send=False)) == 0
    assert "dry run: 2 item(s): 2 written" in capsys.readouterr().out
    assert len(list((tmp_path / "eml").glob("*.eml"))) == 2
    assert smtp_server.received == [] and not outbox.exists()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            ["--password-env", "NOT_SET_ANYWHERE", "--user", USER],
            "NOT_SET_ANYWHERE (--password-env) is not set",
        ),
        (["--rate", "fast"], "--rate 'fast' is not a rate"),
        (["--workers", "0"], "--workers must be between 1 and 32"),
    ],
)
def test_bad_options_exit_2_with_a_one_line_reason(
    smtp_server: MailServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    extra: list[str],
    message: str,
) -> None:
    manifest = _manifest(tmp_path / "job", 1)
    assert main(_args(smtp_server, manifest, tmp_path / "o.sqlite3", *extra)) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_a_manifest_without_the_required_columns_is_refused(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "m.csv"
    bad.write_text("file,to\na.docx,x@example.com\n", encoding="utf-8")
    args = ["bulk", str(bad), "--sender", SENDER, "--dry-run", str(tmp_path / "out")]
    assert main(args) == 2
    assert "lacks column(s) resume, stack, subject (its header has 'file', 'to')" in capsys.readouterr().err


def test_rows_with_their_own_problems_fail_alone(tmp_path: Path) -> None:
    manifest = _manifest(tmp_path / "job", 2)
    with manifest.open("a", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerow(["resumes/missing.docx", "python.txt", "x@example.com", "Hi"])
        csv.writer(fh).writerow(["resumes/Candidate_0.docx", "python.txt", "", "Hi"])
    items = read_manifest(manifest)
    assert [i.problem is None for i in items] == [True, True, False, False]
    assert items[2].problem.startswith("row 4: cannot read resume")  # type: ignore[union-attr]
    assert items[3].problem == "row 5: the recipient column is empty."


def test_a_device_or_an_oversized_file_in_a_row_fails_that_row_without_reading_it_all(tmp_path: Path) -> None:
    # /dev/zero reports no size and never ends: reading it whole would eat all memory.
    manifest = _manifest(tmp_path / "job", 1)
    big_stack = manifest.parent / "huge.txt"
    big_stack.write_text("Python\n" + "- built things\n" * 20_000, encoding="utf-8")
    with manifest.open("a", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerow(["/dev/zero", "python.txt", "x@example.com", "Hi"])
        csv.writer(fh).writerow(["resumes/Candidate_0.docx", "huge.txt", "y@example.com", "Hi"])
    items = read_manifest(manifest, allow_outside=[Path("/dev")])
    assert items[0].problem is None
    assert items[1].problem == "row 3: the resume /dev/zero is a device, not a file; name the .docx file."
    assert items[2].problem is not None and "is over 50000 characters" in items[2].problem


def _job(folder: Path, manifest: bytes | str) -> Path:
    """A folder as recruiters lay it out, and a manifest written byte for byte ({dir}: the folder)."""
    for name in ("resumes/jane.docx", "My Resumes/Jane Doe.docx"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(make_resume("Jane Doe"))
    (folder / "python.txt").write_text(STACK, encoding="utf-8")
    path = folder / "manifest.csv"
    if isinstance(manifest, str):
        manifest = manifest.replace("{dir}", str(folder)).encode("utf-8")
    path.write_bytes(manifest)
    return path


_ROW = "resumes/jane.docx,python.txt,jane@x.com,Hi\r\n"
_HEAD = "resume,stack,recipient,subject\r\n"


@pytest.mark.parametrize(
    ("manifest", "expected"),
    [
        pytest.param("\ufeff" + _HEAD + _ROW, [("jane.docx", "jane@x.com", "Hi")], id="excel-utf8-bom-crlf"),
        pytest.param(
            "sep=;\r\nResume;Stack;Recipient;Subject\r\nresumes/jane.docx;python.txt;jane@x.com;Hi, you\r\n",
            [("jane.docx", "jane@x.com", "Hi, you")],
            id="excel-europe-sep-line",
        ),
        pytest.param(
            "resume;stack;recipient;subject\nresumes/jane.docx;python.txt;jane@x.com;Hi\n",
            [("jane.docx", "jane@x.com", "Hi")],
            id="semicolons",
        ),
        pytest.param(
            _HEAD.replace(",", "\t") + _ROW.replace(",", "\t"), [("jane.docx", "jane@x.com", "Hi")], id="tabs"
        ),
        pytest.param(
            (_HEAD + "resumes/jane.docx,python.txt,jane@x.com,Candidature – José\r\n").encode("cp1252"),
            [("jane.docx", "jane@x.com", "Candidature – José")],
            id="windows-1252",
        ),
        pytest.param(
            (_HEAD + _ROW).replace(",", "\t").encode("utf-16"),
            [("jane.docx", "jane@x.com", "Hi")],
            id="excel-unicode-text-utf16",
        ),
        pytest.param(
            "Resume ,Tech Stack,Recipient Email,Subject line,Notes\r\n"
            + _ROW.rstrip()
            + ",call Mon\r\n,,,,\r\n\r\n",
            [("jane.docx", "jane@x.com", "Hi")],
            id="aliases-extra-column-empty-rows",
        ),
        pytest.param(
            'CV;Stack;E-mail;Subject\r\nresumes\\jane.docx;python.txt;"Jane D <jane@x.com>; b@x.com";Hi\r\n',
            [("jane.docx", "Jane D <jane@x.com>; b@x.com", "Hi")],
            id="backslash-path-named-recipients",
        ),
        pytest.param(
            'resume,stack,to,subject\r\n"My Resumes/Jane Doe.docx",python.txt,"a@x.com, b@x.com",Hi\r\n'
            "{dir}/resumes/jane.docx,{dir}/python.txt,c@x.com,\r\n",
            [("Jane Doe.docx", "a@x.com, b@x.com", "Hi"), ("jane.docx", "c@x.com", "Resume: {name}")],
            id="spaces-absolute-default-subject",
        ),
    ],
)
def test_manifests_as_spreadsheets_save_them_are_read(
    tmp_path: Path, manifest: str | bytes, expected: list[tuple[str, str, str]]
) -> None:
    items = read_manifest(_job(tmp_path, manifest))
    assert [(i.filename, i.recipients, i.subject) for i in items] == expected
    assert [i.problem for i in items] == [None] * len(expected)
    assert all(i.resume.startswith(b"PK") and "Python" in i.stack_text for i in items)


def test_a_quoted_multi_line_body_stays_one_row_and_a_windows_1252_file_is_noted(tmp_path: Path) -> None:
    text = "resume,stack,recipient,subject,body\r\n"
    text += 'resumes/jane.docx,python.txt,a@x.com,Hi,"Dear José,\r\n\r\nsee {filename}"\r\n'
    text += "resumes/jane.docx,python.txt,b@x.com,Hi,Short\r\n"
    notes: list[str] = []
    items = read_manifest(_job(tmp_path, text.encode("cp1252")), notes=notes)
    assert [(i.label, i.body) for i in items] == [
        ("row 2", "Dear José,\n\nsee {filename}"),
        ("row 3", "Short"),
    ]
    assert items[0].resume is items[1].resume  # the same file on many rows is read once
    assert notes == [
        "manifest.csv is not UTF-8; it was read as Windows-1252 (Western European). If names or "
        "subjects look wrong in a dry run, save it as 'CSV UTF-8' instead."
    ]


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("resumes/jane.docx,python.txt", "row 2: the recipient column is empty."),
        (
            "resumes/jane.docx,,a@x.com,Hi",
            "row 2: the stack column is empty; give a .txt file or the stack text itself.",
        ),
        (
            "resumes,python.txt,a@x.com,Hi",
            "row 2: the resume resumes is a folder, not a file; name the .docx in it.",
        ),
        (
            r"C:\Users\me\jane.docx,python.txt,a@x.com,Hi",
            r"row 2: the resume C:\Users\me\jane.docx is a Windows path this computer cannot open; put the "
            "file in the manifest's folder (or below it) and write the path relative to the manifest.",
        ),
        (
            "resumes/jane.docx,python.txt,a@x.com,Hello, Jane",
            "row 2 has more cells than the header; a comma or semicolon inside a subject or body must be "
            "within double quotes (spreadsheets do this when they save).",
        ),
        (
            'resumes/jane.docx,python.txt,"Doe, Jane <jane@x.com>",Hi',
            "row 2: 'Doe' is not a valid email address (An email address must have an @-sign). "
            "Fix it and try again.",
        ),
    ],
)
def test_a_row_a_recruiter_got_wrong_fails_alone_saying_what_to_fix(
    tmp_path: Path, row: str, problem: str
) -> None:
    items = read_manifest(_job(tmp_path, f"{_HEAD}{row}\r\n{_ROW}"))
    assert [i.problem for i in items] == [problem, None]


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        (
            b"PK\x03\x04\x14\x00\x06\x00",
            "The manifest manifest.csv is a spreadsheet file, not CSV; save it as 'CSV UTF-8'",
        ),
        (
            _ROW + _ROW,
            "The first line of manifest.csv is data, not a header; add a first line: resume,stack,",
        ),
        (
            "resume,stack,Email,To,subject\r\n",
            "has two recipient columns ('Email' and 'To'); rename or delete one.",
        ),
        (
            "resume;stack;recipient\r\n",
            "lacks column(s) subject (its header has 'resume', 'stack', 'recipient')",
        ),
        (
            b"\x00r\x00e\x00s\xff",
            "The manifest manifest.csv is not text in a known encoding; save it as 'CSV UTF-8'.",
        ),
        (_HEAD + ",,,\r\n\r\n  , ,\r\n", "The manifest manifest.csv has no rows"),
    ],
)
def test_a_manifest_that_cannot_be_read_is_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], manifest: str | bytes, message: str
) -> None:
    path = _job(tmp_path, manifest)
    assert main(["bulk", str(path), "--sender", SENDER, "--dry-run", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_a_dry_run_of_an_old_european_excel_manifest_writes_the_message_as_meant(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "sep=;\r\nResume;Stack;E-mail;Subject line;Message\r\nresumes\\jane.docx;python.txt;"
    text += '"Jane D <jane@x.com>; b@x.com";Candidature – José;"Bonjour,\r\nvoir {filename}"\r\n;;;;\r\n'
    manifest = _job(tmp_path, text.encode("cp1252"))
    assert main(["bulk", str(manifest), "--sender", SENDER, "--dry-run", str(tmp_path / "eml")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("dry run: 1 item(s): 1 written") and "read as Windows-1252" in out
    (eml,) = (tmp_path / "eml").glob("*.eml")
    msg = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert (msg["Subject"], msg["To"]) == ("Candidature – José", "Jane D <jane@x.com>, b@x.com")
    assert msg.get_body(("plain",)).get_content().strip() == "Bonjour,\nvoir jane.docx"
    assert [a.get_filename() for a in msg.iter_attachments()] == ["jane.docx"]


def test_a_repeated_row_is_sent_once_and_the_summary_says_so(
    smtp_server: MailServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = _job(
        tmp_path,
        "resume,stack,recipient,subject,body\n"
        + "resumes/jane.docx,python.txt,jane@x.com,Hi,Hello\n" * 2
        + "resumes\\jane.docx,python.txt,JANE@x.com,Hi,Hello\n"  # the same row, written differently
        + "resumes/jane.docx,python.txt,jane@x.com,Hi,Another body\n",
    )
    assert main(_args(smtp_server, manifest, tmp_path / "o.sqlite3", "--workers", "4")) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("2 item(s): 1 sent, 0 skipped, 1 failed")
    assert out[1:] == [
        "  failed    row 5 -> jane@x.com: row 5: same resume, stack, recipient and subject as row 2 "
        "but another body; only one email goes to them: delete one row or change its subject.",
        "  note      row 3 repeats row 2 exactly; it is left out (one email, not two).",
        "  note      row 4 repeats row 2 exactly; it is left out (one email, not two).",
    ]
    assert [r.rcpt_tos for r in smtp_server.received] == [("jane@x.com",)]


def test_rates_read_per_minute_per_second_or_per_hour() -> None:
    assert (parse_rate("30"), parse_rate("30/min"), parse_rate("1/s"), parse_rate("600 / h")) == (
        30,
        30,
        60,
        10,
    )


def test_a_bulk_run_killed_mid_batch_and_rerun_gives_every_recipient_exactly_one_message(
    smtp_server: MailServer, tmp_path: Path
) -> None:
    rows = 12
    manifest = _manifest(tmp_path / "job", rows)
    outbox = tmp_path / "outbox.sqlite3"
    # The server accepts each message, then takes 0.3 s to say so: the kill lands while
    # messages are in flight, some of them already accepted.
    smtp_server.handler.data_delay = 0.3
    env = {**os.environ, "PYTHONPATH": str(REPO), "RESUME_CUSTOMIZER_DATA_DIR": str(tmp_path / "data")}
    command = [
        sys.executable,
        "-m",
        "resume_customizer",
        *_args(smtp_server, manifest, outbox, "--workers", "2"),
    ]
    proc = subprocess.Popen(command, env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while len(smtp_server.received) < 4 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL, "the run finished before it could be killed"
    arrived_before = len(smtp_server.received)
    assert 4 <= arrived_before < rows
    assert Outbox(outbox).counts()["sending"] >= 1  # it really died mid-send

    smtp_server.handler.data_delay = 0.0
    rerun = subprocess.run(command, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert rerun.returncode in (0, 1), rerun.stderr
    arrivals = Counter(r for got in smtp_server.received for r in got.rcpt_tos)
    assert arrivals == Counter({f"client{i}@example.com": 1 for i in range(rows)})
    counts = Outbox(outbox).counts()
    assert counts["sent"] + counts["unknown"] == rows and counts["pending"] == counts["sending"] == 0
    # whatever was in flight at the kill is reported, not silently resent
    assert f"{counts['unknown']} unknown" in rerun.stdout
    assert (rerun.returncode == 1) == (counts["unknown"] > 0)


def test_rows_the_outbox_would_take_for_one_email_are_one_row(tmp_path: Path) -> None:
    # The same resume under another name, the subject with other spacing, an address twice:
    # the outbox keys a send by content, so these rows are the first one again.
    manifest = _manifest(tmp_path / "job", 1, body=False)
    folder = manifest.parent
    (folder / "resumes" / "copy.docx").write_bytes((folder / "resumes" / "Candidate_0.docx").read_bytes())
    with manifest.open("a", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerow(
            ["resumes/copy.docx", "python.txt", "client0@example.com", "Profile:  {name}"]
        )
        csv.writer(fh).writerow(
            [
                "resumes/Candidate_0.docx",
                "python.txt",
                "client0@example.com, CLIENT0@example.com",
                "Profile: {name}",
            ]
        )
    notes: list[str] = []
    items = read_manifest(manifest, notes=notes)
    assert len(items) == 1 and items[0].problem is None
    assert [n.split(" repeats ")[0] for n in notes] == ["row 3", "row 4"]
