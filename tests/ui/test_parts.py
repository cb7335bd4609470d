"""The page's Streamlit-free parts: download names, the ZIP, Markdown escaping, the cached services."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import docx
import pytest

from resume_customizer.config import LogSettings, ObserveSettings, Settings
from resume_customizer.observe.logs import shutdown_logging
from resume_customizer.ui.downloads import build_zip, tailored_name, tailored_names
from resume_customizer.ui.services import Services, tailoring_key
from resume_customizer.ui.text import md_escape, size_words, state_words

from .conftest import STACK_A


@pytest.mark.parametrize(
    ("uploaded", "offered"),
    [
        ("Jane Doe.docx", "Jane_Doe_tailored.docx"),
        ("Jane Doe (2).docx", "Jane_Doe_2_tailored.docx"),
        ("../../etc/passwd.docx", "passwd_tailored.docx"),
        ("José Núñez – CV.docx", "José_Núñez_CV_tailored.docx"),
        ("", "resume_tailored.docx"),
        ('<script>".docx', "script_tailored.docx"),
    ],
)
def test_a_tailored_file_gets_a_clear_safe_name(uploaded: str, offered: str) -> None:
    assert tailored_name(uploaded) == offered


def test_tailored_names_stay_unique_in_a_batch_ignoring_case() -> None:
    assert tailored_names(["a.docx", "A.docx", "a b.docx", "a_b.docx"]) == [
        "a_tailored.docx",
        "A_tailored (2).docx",
        "a_b_tailored.docx",
        "a_b_tailored (2).docx",
    ]


def test_the_zip_holds_each_file_intact_under_a_unique_name_and_is_the_same_for_the_same_files(
    resume_a: bytes, resume_b: bytes
) -> None:
    files = [("Jane.docx", resume_a), ("jane.docx", resume_b), ("../x.docx", resume_a)]
    built = build_zip(files, clock=lambda: 1_767_225_600.0)
    with zipfile.ZipFile(io.BytesIO(built)) as archive:
        assert archive.namelist() == ["Jane.docx", "jane (2).docx", "x.docx"]
        assert archive.read("jane (2).docx") == resume_b
        assert all(i.compress_type == zipfile.ZIP_STORED for i in archive.infolist())
        docx.Document(io.BytesIO(archive.read("Jane.docx")))  # opens as a Word document
    assert build_zip(files, clock=lambda: 1_767_225_600.0) == built


@pytest.mark.parametrize(
    ("n", "said"),
    [(0, "0 bytes"), (1, "1 byte"), (193, "193 bytes"), (1024, "1 KB"), (48_000, "47 KB")],
)
def test_sizes_below_a_kilobyte_are_said_in_bytes(n: int, said: str) -> None:
    assert size_words(n) == said


def test_the_zip_entries_are_dated_when_the_zip_was_built_not_2020(resume_a: bytes) -> None:
    before = datetime.now().replace(microsecond=0) - timedelta(seconds=2)
    built = build_zip([("Jane.docx", resume_a), ("John.docx", resume_a)])
    with zipfile.ZipFile(io.BytesIO(built)) as archive:
        dated = [datetime(*info.date_time) for info in archive.infolist()]
    assert all(before <= d <= datetime.now() + timedelta(seconds=2) for d in dated), dated


@pytest.mark.parametrize(
    "text",
    [
        "[click](javascript:alert(1))",
        "![x](http://evil.example/x.png)",
        ":red[alarm] **bold** _it_ `code` $x^2$ <b>tag</b>",
        "# heading | table | ~strike~ 1. item - item + item",
    ],
)
def test_md_escape_leaves_no_markdown_syntax_and_loses_no_character(text: str) -> None:
    escaped = md_escape(text)
    assert re.sub(r"\\(.)", r"\1", escaped) == text
    assert not re.search(r"(?<!\\)[\[\]()*_`$<>:#|~!]", escaped)


def test_md_escape_makes_one_line() -> None:
    assert md_escape("two\nlines\r\n  here") == "two lines here"


def test_bulk_states_read_as_plain_words() -> None:
    assert (
        state_words("skipped", "already sent on 2024-05-02 14:03 UTC")
        == "already sent on 2024-05-02 14:03 UTC"
    )
    assert state_words("failed", "550 mailbox unavailable") == "failed: 550 mailbox unavailable"
    assert state_words("written", "/tmp/x.eml") == "dry run: written, not sent"
    assert state_words("tailoring") == "tailoring"


@pytest.fixture
def services(tmp_path: Path) -> Services:
    settings = Settings().replace(
        data_dir=tmp_path / "data",
        log=LogSettings(console=False),
        observe=ObserveSettings(sample_interval_s=3600.0),
    )
    built = Services.build(settings)
    yield built  # type: ignore[misc]
    built.metrics.stop_sampler()
    shutdown_logging()


def test_a_second_tailoring_of_the_same_inputs_is_served_from_the_cache(
    services: Services, resume_a: bytes
) -> None:
    first = services.tailor("a.docx", resume_a, STACK_A, 3, False)
    hits = services.tailorings.hits
    assert services.tailor("a.docx", resume_a, STACK_A, 3, False) is first
    assert services.tailorings.hits == hits + 1
    other = services.tailor("a.docx", resume_a, STACK_A, 2, False)  # another option: another result
    assert other is not first and other.result.targets == 2
    key = tailoring_key("a.docx", resume_a, STACK_A, 3, False)
    assert services.preview(key, first) is services.preview(key, first)


def test_an_upload_the_guards_refuse_is_inspected_into_a_message_not_an_exception(services: Services) -> None:
    found = services.inspect("notes.docx", b"plain text")
    assert not found.ok and found.problem and "notes.docx" in found.problem


def test_the_health_report_is_run_at_most_once_every_thirty_seconds(services: Services) -> None:
    now = [100.0]
    services.clock = lambda: now[0]
    first = services.health()
    now[0] += 10
    assert services.health() is first
    now[0] += 25
    assert services.health() is not first


def test_every_stack_format_the_page_shows_reads_as_named_techs_with_points() -> None:
    from resume_customizer.stack import parse_stack_report
    from resume_customizer.ui.editor import STACK_FORMATS

    for title, example in STACK_FORMATS:
        parsed = parse_stack_report(example)
        assert parsed.stacks and not parsed.warnings, title
        assert all(s.name and len(s.points) >= 2 for s in parsed.stacks), title
        assert all(not p.startswith(("o ", "*", "-", "•")) for s in parsed.stacks for p in s.points), title
