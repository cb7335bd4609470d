"""The headless CLI as a user runs it: real processes, real files."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from resume_customizer import cli
from tests.docx_factory import bold, build_docx, flat, heading, para
from tests.resume.layouts import client_tab_dates_with_environment

ROOT = Path(__file__).resolve().parents[1]
STACK = "Kafka\n• Built streaming pipelines.\n• Tuned consumer lag alerts.\n\nAWS: • Moved jobs to Lambda."


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"RESUME_CUSTOMIZER_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [sys.executable, "-m", "resume_customizer", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    resume = tmp_path / "jane.docx"
    resume.write_bytes(client_tab_dates_with_environment().docx)
    stack = tmp_path / "stack.txt"
    stack.write_text(STACK, encoding="utf-8")
    return {"resume": resume, "stack": stack, "out": tmp_path / "out" / "jane_tailored.docx"}


def _assert_one_line_failure(proc: subprocess.CompletedProcess[str], code: int = 2) -> str:
    assert proc.returncode == code
    err = proc.stderr.strip()
    assert err and "\n" not in err, proc.stderr
    assert "Traceback" not in proc.stderr
    return err


def test_tailor_writes_the_file_and_a_report(tmp_path: Path, files: dict[str, Path]) -> None:
    files["out"].parent.mkdir()
    report = tmp_path / "report.json"
    proc = _run(
        tmp_path,
        "tailor",
        str(files["resume"]),
        "--stack",
        str(files["stack"]),
        "--out",
        str(files["out"]),
        "--report",
        str(report),
    )
    assert proc.returncode == 0, proc.stderr
    assert "Added 3 point(s) to 3 project(s)" in proc.stdout
    assert files["out"].read_bytes()[:2] == b"PK"
    data = json.loads(report.read_text(encoding="utf-8"))
    assert [p["project"] for p in data["plan"]] == [0, 1, 2]
    assert data["techs"] == ["Kafka", "AWS"]


def test_projects_option_is_honoured(tmp_path: Path, files: dict[str, Path]) -> None:
    files["out"].parent.mkdir()
    proc = _run(
        tmp_path,
        "tailor",
        str(files["resume"]),
        "--stack",
        str(files["stack"]),
        "--out",
        str(files["out"]),
        "--projects",
        "1",
    )
    assert proc.returncode == 0 and "to 1 project(s) [3]" in proc.stdout


def test_detect_lists_projects_as_json(tmp_path: Path, files: dict[str, Path]) -> None:
    proc = _run(tmp_path, "detect", str(files["resume"]), "--json")
    assert proc.returncode == 0
    projects = json.loads(proc.stdout)["projects"]
    assert [p["bullet_count"] for p in projects] == [3, 2, 4, 2]


@pytest.mark.parametrize(
    ("make_resume", "stack", "expect"),
    [
        (lambda p: p.write_bytes(b"plain text, not a document"), STACK, "not a Word .docx"),
        (lambda p: p.write_bytes(b""), STACK, "empty"),
        (lambda p: p.write_bytes(client_tab_dates_with_environment().docx[:3000]), STACK, "truncated"),
        (lambda p: None, STACK, "does not exist"),
        (lambda p: p.write_bytes(client_tab_dates_with_environment().docx), "", "no bullet points"),
        (
            lambda p: p.write_bytes(client_tab_dates_with_environment().docx),
            "Java\nSpring Boot\nKafka\nAWS",
            "only tech names (Java, Spring Boot, Kafka, AWS), no points",
        ),
        (
            lambda p: p.write_bytes(
                build_docx(flat(heading("Experience"), bold("Acme | 2020 – 2021"), para("Did things.")))
            ),
            STACK,
            "No projects found",
        ),
    ],
    ids=[
        "text-file",
        "empty-file",
        "truncated-zip",
        "missing-file",
        "empty-stack",
        "names-only-stack",
        "no-projects",
    ],
)
def test_bad_input_exits_2_with_one_line_and_writes_nothing(
    tmp_path: Path, make_resume: object, stack: str, expect: str
) -> None:
    resume = tmp_path / "in.docx"
    make_resume(resume)  # type: ignore[operator]
    stack_file = tmp_path / "stack.txt"
    stack_file.write_text(stack, encoding="utf-8")
    out = tmp_path / "out.docx"
    proc = _run(tmp_path, "tailor", str(resume), "--stack", str(stack_file), "--out", str(out))
    err = _assert_one_line_failure(proc)
    assert expect in err
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.docx")] == []


def test_a_missing_output_folder_is_a_clear_error(tmp_path: Path, files: dict[str, Path]) -> None:
    proc = _run(
        tmp_path, "tailor", str(files["resume"]), "--stack", str(files["stack"]), "--out", str(files["out"])
    )
    assert "does not exist" in _assert_one_line_failure(proc)


@pytest.mark.parametrize(
    ("out", "report", "expect"),
    [
        ("{resume}", None, "is the input file itself"),
        ("{stack}", None, "is the input file itself"),
        ("/dev/null", None, "is not a regular file"),
        ("", None, "The output path is empty"),
        ("{tmp}/out.docx", "{tmp}/missing/report.json", "The output folder"),
        ("{tmp}/out.docx", "{tmp}/out.docx", "Two outputs are the same file"),
    ],
    ids=["out-is-resume", "out-is-stack", "device", "empty", "report-folder-missing", "report-is-out"],
)
def test_a_bad_output_path_is_refused_before_anything_is_written(
    tmp_path: Path, files: dict[str, Path], out: str, report: str | None, expect: str
) -> None:
    values = {"resume": files["resume"], "stack": files["stack"], "tmp": tmp_path}
    before = {p: p.read_bytes() for p in (files["resume"], files["stack"])}
    args = ["tailor", str(files["resume"]), "--stack", str(files["stack"]), "--out", out.format(**values)]
    if report is not None:
        args += ["--report", report.format(**values)]
    assert expect in _assert_one_line_failure(_run(tmp_path, *args))
    assert {p: p.read_bytes() for p in before} == before  # the inputs are untouched
    assert not (tmp_path / "out.docx").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert Path("/dev/null").is_char_device()


def test_an_unwritable_folder_is_named_with_what_to_do(tmp_path: Path, files: dict[str, Path]) -> None:
    proc = _run(
        tmp_path, "tailor", str(files["resume"]), "--stack", str(files["stack"]), "--out", "/proc/o.docx"
    )
    err = _assert_one_line_failure(proc)
    assert err.startswith("error: Cannot write /proc/o.docx") and "choose a folder you can write to" in err


def test_a_new_output_gets_the_umasks_permissions_and_a_replaced_one_keeps_its_own(
    tmp_path: Path, files: dict[str, Path]
) -> None:
    out = tmp_path / "out.docx"
    args = ["tailor", str(files["resume"]), "--stack", str(files["stack"]), "--out", str(out)]
    assert _run(tmp_path, *args).returncode == 0
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~mask  # not mkstemp's 0o600
    out.chmod(0o640)
    assert _run(tmp_path, *args).returncode == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o640


def test_an_oversized_stack_file_names_the_real_limit(tmp_path: Path, files: dict[str, Path]) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"Python\n" + b"- built things\n" * 100_000)
    proc = _run(
        tmp_path, "tailor", str(files["resume"]), "--stack", str(big), "--out", str(tmp_path / "o.docx")
    )
    err = _assert_one_line_failure(proc)
    assert "above the 195 KB limit" in err and "images" not in err


def test_a_resume_of_too_many_paragraphs_is_refused_quickly_in_little_memory(tmp_path: Path) -> None:
    # Under every zip limit and under the XML part limit, but no resume has 250,000 paragraphs.
    import io
    import zipfile

    from tests.guard.hostile import real_docx

    src = zipfile.ZipFile(io.BytesIO(real_docx()))
    head = src.read("word/document.xml").partition(b"<w:body>")[0]
    paragraphs = b"".join(
        b"<w:p><w:r><w:t>%x</w:t></w:r></w:p>" % (i * 2654435761 % 2**32) for i in range(250_000)
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                data = head + b"<w:body>" + paragraphs + b"</w:body></w:document>"
            dst.writestr(info.filename, data)
    resume = tmp_path / "long.docx"
    resume.write_bytes(out.getvalue())
    stack = tmp_path / "s.txt"
    stack.write_text(STACK, encoding="utf-8")
    command = ["tailor", str(resume), "--stack", str(stack), "--out", str(tmp_path / "o.docx")]
    proc = subprocess.run(
        ["/usr/bin/time", "-f", "peak %M", sys.executable, "-m", "resume_customizer", *command],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={"RESUME_CUSTOMIZER_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"},
    )
    lines = [line for line in proc.stderr.splitlines() if not line.startswith("Command exited")]
    *errors, peak = lines
    assert proc.returncode == 2 and len(errors) == 1 and "250000 paragraphs" in errors[0], proc.stderr
    assert int(peak.split()[1]) < 400 * 1024  # kB
    assert not (tmp_path / "o.docx").exists()


def test_usage_errors_are_one_line_too(tmp_path: Path) -> None:
    _assert_one_line_failure(_run(tmp_path, "tailor", "x.docx"))
    _assert_one_line_failure(
        _run(tmp_path, "tailor", "x.docx", "--stack", "s", "--out", "o", "--projects", "0")
    )


def test_an_unexpected_error_is_one_generic_line_and_a_logged_traceback(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    files: dict[str, Path],
) -> None:
    def boom(*_: object, **__: object) -> int:
        raise RuntimeError("kaboom")

    monkeypatch.setenv("RESUME_CUSTOMIZER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr("resume_customizer.resume.command.detect_projects", boom)
    code = cli.main(["detect", str(files["resume"])])
    err = capsys.readouterr().err
    assert code == 1 and err.strip() == "error: unexpected internal error; see the log for details"
    log_text = "".join(p.read_text() for p in (tmp_path / "data" / "logs").glob("*.log*"))
    assert "kaboom" in log_text and "Traceback" in log_text


# Runs the CLI and, at exit, writes the process's own peak memory (VmHWM: since exec, unlike
# ru_maxrss, which Linux carries over from the forking pytest process) to the file named in argv[1].
_CLI_WITH_PEAK = (
    "import atexit, sys\n"
    "def peak():\n"
    "    with open('/proc/self/status') as fh:\n"
    "        kb = next(line.split()[1] for line in fh if line.startswith('VmHWM:'))\n"
    "    with open(sys.argv[1], 'w') as out:\n"
    "        out.write(kb)\n"
    "atexit.register(peak)\n"
    "from resume_customizer.cli import main\n"
    "sys.exit(main(sys.argv[2:]))\n"
)


def test_every_hostile_file_exits_2_with_its_own_one_line_message_in_little_memory(tmp_path: Path) -> None:
    from tests.guard.hostile import write_hostile_folder

    stack = tmp_path / "stack.txt"
    stack.write_text(STACK, encoding="utf-8")
    out = tmp_path / "out" / "tailored.docx"
    out.parent.mkdir()
    peak_file = tmp_path / "peak.txt"
    env = {"RESUME_CUSTOMIZER_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}
    for path, case in write_hostile_folder(tmp_path / "hostile"):
        argv = [
            sys.executable,
            "-c",
            _CLI_WITH_PEAK,
            str(peak_file),
            "tailor",
            str(path),
            "--stack",
            str(stack),
            "--out",
            str(out),
        ]
        proc = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        err = _assert_one_line_failure(proc)
        assert case.expected in err, (case.name, err)
        assert list(out.parent.iterdir()) == []
        peak_mb = int(peak_file.read_text()) / 1024
        assert peak_mb < 300, (case.name, peak_mb)


def test_a_rename_that_fails_names_the_output_and_what_was_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from resume_customizer.errors import InputError
    from resume_customizer.resume import command

    real = os.replace
    calls: list[object] = []

    def flaky(src: object, dst: object) -> None:
        calls.append(dst)
        if len(calls) == 2:
            raise PermissionError(13, "Permission denied")
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(command.os, "replace", flaky)
    out, report = tmp_path / "out.docx", tmp_path / "report.json"
    with pytest.raises(InputError) as caught:
        command.write_outputs([(str(out), b"docx"), (str(report), b"{}")])
    assert caught.value.message == (
        f"Cannot write {report}: Permission denied ({out} was written); choose a file you can replace."
    )
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
