"""The job level: one stack, subject and message for every resume; a resume's tab overrides."""

from __future__ import annotations

import io
import zipfile

import docx

from tests.mail.smtp_server import MailServer
from tests.resume.layouts import role_company_city_dates_one_line
from tests.ui.conftest import STACK_A, STACK_B, Page, rkey

KAFKA = "Built streaming pipelines for claims events."
TERRAFORM = "Wrote Terraform modules for the data platform."


def _text(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def _three(app: Page, resume_a: bytes, resume_b: bytes) -> bytes:
    resume_c = role_company_city_dates_one_line().docx
    app.upload(("Jane Doe.docx", resume_a), ("John Roe.docx", resume_b), ("Ann Poe.docx", resume_c))
    app.at.text_area(key="job-stack").input(STACK_A).run()
    return resume_c


def test_one_job_stack_tailors_every_resume_and_one_tab_overrides_it(
    app: Page, resume_a: bytes, resume_b: bytes
) -> None:
    _three(app, resume_a, resume_b)
    app.assert_clean()
    assert "Uses the job's stack" in "".join(app.texts("caption"))  # the open tab says where it comes from
    app.open_tab("John Roe.docx").type("stack", resume_b, STACK_B)
    assert "This resume's own stack" in "".join(app.texts("caption"))
    app.click("generate").assert_clean()
    with zipfile.ZipFile(io.BytesIO(app.at.session_state["rc_zip"]["data"])) as archive:
        names = archive.namelist()
        files = {n: _text(archive.read(n)) for n in names}
    assert names == ["Jane_Doe_tailored.docx", "John_Roe_tailored.docx", "Ann_Poe_tailored.docx"]
    assert KAFKA in files["Jane_Doe_tailored.docx"] and KAFKA in files["Ann_Poe_tailored.docx"]
    assert TERRAFORM in files["John_Roe_tailored.docx"] and KAFKA not in files["John_Roe_tailored.docx"]
    # Emptying the override puts the resume back on the job's stack.
    app.type("stack", resume_b, "")
    assert "Uses the job's stack" in "".join(app.texts("caption"))


def test_send_all_uses_the_job_subject_and_message_with_each_candidate_name(
    app: Page, resume_a: bytes, resume_b: bytes, smtp_server: MailServer
) -> None:
    resume_c = _three(app, resume_a, resume_b)
    app.at.text_input(key="job-subject").input("Data engineer role: {name}").run()
    app.at.text_area(key="job-body").input("Hello,\n\nplease find {name}'s resume attached.").run()
    app.smtp(smtp_server)
    for tab, data, to in (
        ("Jane Doe.docx", resume_a, "jane.client@example.com"),
        ("John Roe.docx", resume_b, "john.client@example.com"),
        ("Ann Poe.docx", resume_c, "ann.client@example.com"),
    ):
        app.open_tab(tab).type("to", data, to)
    app.type("subject", resume_c, "Ann for the lead role")  # Ann's tab overrides the subject only
    app.open_tab("Jane Doe.docx").at.text_input(key=f"name-{rkey(resume_a)}").input("Janet Q. Doe").run()
    app.at.toggle(key="bulk-dry-run").set_value(False).run()
    assert app.at.button(key="bulk-start").label == "Send 3 resumes"
    app.click("bulk-start").assert_clean()
    got = {r.rcpt_tos[0]: r.message for r in smtp_server.received}
    assert got["jane.client@example.com"]["Subject"] == "Data engineer role: Janet Q. Doe"
    assert got["ann.client@example.com"]["Subject"] == "Ann for the lead role"
    body = got["ann.client@example.com"].get_body(("plain",)).get_content()
    assert "resume attached" in body  # the job's message, with Ann's own subject
    john = got["john.client@example.com"]
    assert john["Subject"].startswith("Data engineer role: ")
    attachment = bytes(next(john.iter_attachments()).get_content())
    assert KAFKA in _text(attachment)
