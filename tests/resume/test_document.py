"""One upload is guarded once and parsed once: the ResumeDocument is the engine's currency from the
page's projects table to the preview, the coverage and the download."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

import resume_customizer.guard.uploads as uploads
import resume_customizer.resume.xml as xml
from resume_customizer.config import load_settings
from resume_customizer.coverage import coverage
from resume_customizer.resume.document import ResumeDocument
from resume_customizer.resume.tailor import survey, tailor
from resume_customizer.ui.services import Services, tailoring_key
from tests.resume.layouts import client_tab_dates_with_environment

STACK = "Kafka\n• Built streaming pipelines for claims.\n• Tuned consumer lag alerts.\n"


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How often the guard ran and which parts the XML parser read, in every module that uses them."""
    seen: Counter[str] = Counter()
    check, parse = uploads.check_docx, xml.parse_xml

    def counting_check(*args: object, **kwargs: object) -> object:
        seen["guard"] += 1
        return check(*args, **kwargs)  # type: ignore[arg-type]

    def counting_parse(data: bytes, *, part: str = "word/document.xml") -> object:
        seen[part] += 1
        return parse(data, part=part)

    for name, module in list(sys.modules.items()):
        if name.startswith("resume_customizer") and module is not None:
            if getattr(module, "check_docx", None) is check:
                monkeypatch.setattr(module, "check_docx", counting_check)
            if getattr(module, "parse_xml", None) is parse:
                monkeypatch.setattr(module, "parse_xml", counting_parse)
    return seen


def test_one_upload_through_the_page_is_guarded_once_and_its_document_parsed_once(
    calls: Counter[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RESUME_CUSTOMIZER_DATA_DIR", str(tmp_path))
    services = Services.build(load_settings())
    data = client_tab_dates_with_environment().docx
    inspection = services.inspect("jane.docx", data)
    assert inspection.ok and len(inspection.projects) == 4
    tailored = services.tailor("jane.docx", data, STACK, 3, False)
    key = tailoring_key("jane.docx", data, STACK, 3, False)
    preview = services.preview(key, tailored)
    change = services.coverage(key, data, tailored, "We need Kafka and Terraform.")
    assert preview.highlighted == 2
    assert "Kafka" in [k.keyword for k in change.after.found]
    assert calls["guard"] == 1
    assert calls["word/document.xml"] == 1  # the upload's; the tailored tree is read as written
    assert calls["word/numbering.xml"] <= 1


def test_tailoring_a_document_leaves_its_tree_as_it_was(calls: Counter[str]) -> None:
    data = client_tab_dates_with_environment().docx
    document = ResumeDocument.open(data)
    before = survey(document).projects
    first = tailor(document, STACK)
    second = tailor(document, STACK)
    assert first.docx == second.docx  # the second tailoring started from the same, untouched tree
    assert survey(document).projects == before
    assert tailor(data, STACK).docx == first.docx  # the same as from the bytes
    assert calls["guard"] == 2  # the document once, the bytes once


def test_coverage_of_a_tailoring_reads_the_tree_it_wrote(calls: Counter[str]) -> None:
    data = client_tab_dates_with_environment().docx
    document = ResumeDocument.open(data)
    result = tailor(document, STACK)
    parsed = calls["word/document.xml"]
    assert result.document is not None
    report = coverage(result.document, ["Kafka"])
    assert report.found and calls["word/document.xml"] == parsed
    assert coverage(result.docx, ["Kafka"]).as_dict() == report.as_dict()
