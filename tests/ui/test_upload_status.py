"""The upload status under AppTest: a summary line, every refusal in full, notes on template links."""

from __future__ import annotations

from resume_customizer.config import UploadLimits
from resume_customizer.errors import InvalidDocument
from resume_customizer.guard.uploads import check_docx
from resume_customizer.ui.text import md_escape
from tests.guard.hostile import docm, legacy_doc
from tests.resume.template_docs import with_template_link

from .conftest import STACK_A, Page, rkey


def _refusal(data: bytes, name: str) -> str:
    try:
        check_docx(data, filename=name, limits=UploadLimits())
    except InvalidDocument as exc:
        return exc.message
    raise AssertionError(f"{name} was accepted")


def test_a_summary_line_and_each_refusal_in_full_are_shown_and_the_table_keeps_the_ready_ones(
    app: Page, resume_a: bytes, resume_b: bytes
) -> None:
    old, macros = legacy_doc(), docm()
    app.upload(("a.docx", resume_a), ("old.docx", old), ("b.docx", resume_b), ("macros.docx", macros))
    app.assert_clean()
    assert "**2 ready, 2 refused**" in app.texts("markdown")
    expected = [_refusal(old, "old.docx"), _refusal(macros, "macros.docx")]
    assert all(len(message) > 120 for message in expected)  # longer than a table cell shows
    assert app.texts("error") == [f"Refused — {md_escape(message)}" for message in expected]
    assert [row["File"] for row in app.table(0)] == ["a.docx", "b.docx"]


def test_only_refused_files_show_their_messages_and_no_empty_table(app: Page) -> None:
    app.upload(("notes.docx", b"plain words, not a document"))
    app.assert_clean()
    assert "**0 ready, 1 refused**" in app.texts("markdown")
    assert len(app.texts("error")) == 1
    assert not any("File" in frame.value.columns for frame in app.at.dataframe)  # the sidebar has its own


def test_a_remote_template_link_is_noted_on_upload_and_its_removal_warned_in_the_preview(
    app: Page, resume_a: bytes
) -> None:
    linked = with_template_link(resume_a, "\\\\fileserver.corp.example\\templates\\Proposal.dot")
    app.upload(("linked.docx", linked))
    app.assert_clean()
    assert "**1 ready, 0 refused**" in app.texts("markdown")
    [note] = app.texts("info")
    assert note.startswith(md_escape("linked.docx: It links to a Word template on fileserver.corp.example"))
    app.type("stack", linked, STACK_A).click(f"preview-{rkey(linked)}")
    app.assert_clean()
    assert any(
        w.startswith(md_escape("The resume linked to a Word template on fileserver.corp.example ("))
        for w in app.texts("warning")
    )


def test_a_local_template_link_is_neither_noted_nor_warned(app: Page, resume_a: bytes) -> None:
    linked = with_template_link(resume_a, "Normal.dotm")
    app.upload(("local.docx", linked))
    app.assert_clean()
    assert not app.texts("info")
    app.type("stack", linked, STACK_A).click(f"preview-{rkey(linked)}")
    app.assert_clean()
    assert not any("template" in w for w in app.texts("warning"))
