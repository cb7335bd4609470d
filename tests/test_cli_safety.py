"""The resume commands at the edge (issue 12): a FIFO given as an input is refused at once, a
document nested past libxml2's limit is explained in plain words, and coverage names the file."""

from __future__ import annotations

import io
import logging
import os
import threading
import zipfile
from pathlib import Path

import pytest

from resume_customizer import cli
from tests.guard.hostile import real_docx, rezip
from tests.resume.layouts import client_tab_dates_with_environment

STACK = "Kafka\n• Built streaming pipelines.\n• Tuned consumer lag alerts."


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RESUME_CUSTOMIZER_DATA_DIR", str(tmp_path / "data"))


def _main_within(seconds: float, fifo: Path, args: list[str]) -> int:
    """``cli.main(args)``; fails (and unblocks the reader with a writer) after ``seconds``."""
    box: dict[str, int] = {}
    worker = threading.Thread(target=lambda: box.setdefault("code", cli.main(args)), daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        os.close(os.open(fifo, os.O_WRONLY))
        worker.join(5)
        pytest.fail(f"blocked on the FIFO {fifo.name} for more than {seconds} s")
    return box["code"]


@pytest.mark.parametrize("which", ["resume", "stack"])
def test_a_fifo_as_the_resume_or_the_stack_is_refused_within_a_second_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], which: str
) -> None:
    resume, stack = tmp_path / "jane.docx", tmp_path / "stack.txt"
    resume.write_bytes(client_tab_dates_with_environment().docx)
    stack.write_text(STACK, encoding="utf-8")
    fifo = resume if which == "resume" else stack
    fifo.unlink()
    os.mkfifo(fifo)
    out = tmp_path / "out.docx"
    args = ["tailor", str(resume), "--stack", str(stack), "--out", str(out)]
    assert _main_within(1.0, fifo, args) == 2
    what = "Resume" if which == "resume" else "Stack file"
    expected = f"error: {what} {fifo} is a named pipe (FIFO), not a file; give the path of a file.\n"
    assert capsys.readouterr().err == expected
    assert not out.exists()


def _deeply_nested(levels: int) -> bytes:
    """A real .docx whose body holds ``levels`` nested content controls around one paragraph."""
    data = real_docx()
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    deep = "<w:sdt><w:sdtContent>" * levels + "<w:p><w:r><w:t>x</w:t></w:r></w:p>"
    deep += "</w:sdtContent></w:sdt>" * levels
    return rezip(data, replace={"word/document.xml": xml.replace("<w:body>", "<w:body>" + deep, 1).encode()})


def test_a_document_nested_past_libxml2s_limit_is_refused_in_plain_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    resume = tmp_path / "deep.docx"
    resume.write_bytes(_deeply_nested(300))
    assert cli.main(["detect", str(resume)]) == 2
    err = capsys.readouterr().err
    assert err == (
        "error: The document's word/document.xml nests its elements too deeply (over 256 levels) to be a "
        "real Word document; open it in Word and save it again as .docx, or use the original file.\n"
    )
    assert "XML_PARSE_HUGE" not in err and "corrupt" not in err


def test_coverage_tailors_under_the_files_own_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    resume, stack = tmp_path / "Jane Doe CV.docx", tmp_path / "stack.txt"
    resume.write_bytes(client_tab_dates_with_environment().docx)
    stack.write_text(STACK, encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="resume_customizer.resume.tailor"):
        assert cli.main(["coverage", str(resume), "--stack", str(stack)]) == 0
    tailored = [r for r in caplog.records if r.getMessage().startswith("tailored ")]
    assert [getattr(r, "file", None) for r in tailored] == ["Jane Doe CV.docx"]
    assert capsys.readouterr().out.startswith("Keywords (")
