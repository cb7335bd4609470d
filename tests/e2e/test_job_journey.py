"""One job for three resumes in a real browser: the job's stack typed once, one resume's tab
overriding it, Generate all and the ZIP, then a reload that restores the whole workspace, and a
stack of bare tech names refused. Screenshots go to artifacts/e2e/ (job-*.png).
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest

from tests.resume.layouts import (
    client_tab_dates_with_environment,
    pipe_company_then_title,
    role_company_city_dates_one_line,
)

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(240)]

STACK_JOB = (
    "Kafka\n• Built streaming pipelines for claims events.\n• Tuned consumer lag alerts on the claims topics."
)
STACK_OWN = "Terraform:\n- Wrote Terraform modules for the data platform.\n- Automated drift checks in CI."
KAFKA = "Built streaming pipelines for claims events."
TERRAFORM = "Wrote Terraform modules for the data platform."


def _paragraphs(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


def test_one_job_for_three_resumes_survives_a_reload_and_refuses_bare_names(
    browser_page: object, app_url: str, artifacts: Path, tmp_path: Path
) -> None:
    from playwright.sync_api import Page, expect

    page: Page = browser_page  # type: ignore[assignment]
    expect.set_options(timeout=20_000)
    files = []
    for name, layout in (
        ("Jane Doe.docx", client_tab_dates_with_environment()),
        ("John Roe.docx", pipe_company_then_title()),
        ("Ann Poe.docx", role_company_city_dates_one_line()),
    ):
        (tmp_path / name).write_bytes(layout.docx)
        files.append(str(tmp_path / name))

    def shot(name: str) -> None:
        page.screenshot(path=str(artifacts / f"job-{name}.png"), full_page=True)

    page.goto(app_url)
    page.wait_for_selector('[data-testid="stApp"]')
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(files)
    for name in ("Jane Doe.docx", "John Roe.docx", "Ann Poe.docx"):
        expect(page.get_by_role("tab", name=name)).to_be_visible()

    # 1. The job's stack, typed once, for every resume.
    job_box = page.get_by_role("textbox", name="Job's tech stack (for every resume)")
    job_box.fill(STACK_JOB)
    job_box.press("Control+Enter")
    expect(page.get_by_text("Uses the job's stack").first).to_be_visible()  # the open tab (Jane) uses it
    expect(page.get_by_role("button", name="Generate all (3)")).to_be_enabled()
    shot("01-job")

    # 2. John's tab overrides the stack with his own.
    page.get_by_role("tab", name="John Roe.docx").click()
    own = page.get_by_role("textbox", name="Tech stack with bullet points")
    own.fill(STACK_OWN)
    own.press("Control+Enter")
    expect(page.get_by_text("This resume's own stack")).to_be_visible()
    shot("02-override")

    # 3. Generate all: the ZIP holds three files, John's with his own points, the others the job's.
    page.get_by_role("button", name="Generate all (3)").click()
    download_all = page.get_by_role("button", name=re.compile(r"Download all \(3 resumes, ZIP\)"))
    expect(download_all).to_be_visible()
    with page.expect_download() as got:
        download_all.click()
    saved = tmp_path / "all.zip"
    got.value.save_as(saved)
    with zipfile.ZipFile(saved) as archive:
        out = {n: _paragraphs(archive.read(n)) for n in archive.namelist()}
    assert sorted(out) == ["Ann_Poe_tailored.docx", "Jane_Doe_tailored.docx", "John_Roe_tailored.docx"]
    assert KAFKA in out["Jane_Doe_tailored.docx"] and KAFKA in out["Ann_Poe_tailored.docx"]
    assert TERRAFORM in out["John_Roe_tailored.docx"] and KAFKA not in out["John_Roe_tailored.docx"]
    shot("03-generated")

    # 4. A reload: the address carries the workspace; the files and every input come back.
    assert re.search(r"[?&]ws=[A-Za-z0-9_-]{32}", page.url), page.url
    page.reload()
    page.wait_for_selector('[data-testid="stApp"]')
    expect(page.get_by_text(re.compile(r"Restored your workspace: 3 resume\(s\)"))).to_be_visible()
    for name in ("Jane Doe.docx", "John Roe.docx", "Ann Poe.docx"):
        expect(page.get_by_role("tab", name=name)).to_be_visible()
    expect(page.get_by_role("textbox", name="Job's tech stack (for every resume)")).to_have_value(STACK_JOB)
    page.get_by_role("tab", name="John Roe.docx").click()
    expect(page.get_by_role("textbox", name="Tech stack with bullet points")).to_have_value(STACK_OWN)
    shot("04-reloaded")

    # 5. A stack of bare tech names is refused, with the example, and nothing is generated from it.
    job_box = page.get_by_role("textbox", name="Job's tech stack (for every resume)")
    job_box.fill("Java\nSpring Boot\nKafka\nAWS")
    job_box.press("Control+Enter")
    refusal = page.get_by_text(re.compile(r"tech names?\b.*\bpoints?", re.IGNORECASE))
    expect(refusal.first).to_be_visible()
    page.get_by_role("button", name="Generate all (3)").click()
    # Jane's and Ann's files are refused (their stack is the job's); only John's own is offered.
    expect(page.get_by_role("button", name=re.compile(r"Download all \(1 resume, ZIP\)"))).to_be_visible()
    with page.expect_download() as got:
        page.get_by_role("button", name=re.compile(r"Download all \(1 resume, ZIP\)")).click()
    got.value.save_as(saved)
    with zipfile.ZipFile(saved) as archive:
        assert archive.namelist() == ["John_Roe_tailored.docx"]
    shot("05-bare-names")
