"""Send all's items carry the candidate's name: the one typed in the tab, else the resume's own."""

from __future__ import annotations

from resume_customizer.ui.bulk import item_for
from resume_customizer.ui.editor import ResumeForm
from resume_customizer.ui.services import Inspection
from resume_customizer.ui.upload import Resume


def _form(name: str) -> ResumeForm:
    return ResumeForm("Kafka\n• Built it.", 3, False, "", "hr@example.com", "Resume: {name}", "", name=name)


def test_the_bulk_item_takes_the_typed_name_else_the_name_found_on_the_resume() -> None:
    resume = Resume("abc", "pub01 omar barnes.docx", b"PK", Inspection(True, None, candidate="Omar Barnes"))
    assert item_for(resume, _form("")).name == "Omar Barnes"
    assert item_for(resume, _form("O. Barnes")).name == "O. Barnes"
