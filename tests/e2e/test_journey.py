"""A recruiter's whole journey in a real browser (Debian's chromium, Playwright), against
`streamlit run app.py`: upload two resumes, paste the stacks, preview the new bullets, pick the
project that receives them by hand, download the ZIP, then send both to a local SMTP server. A
screenshot of each step goes to artifacts/e2e/.
"""

from __future__ import annotations

import io
import re
import time
import zipfile
from collections import Counter
from pathlib import Path

import docx
import pytest

from tests.mail.smtp_server import MailServer
from tests.resume.layouts import client_tab_dates_with_environment, pipe_company_then_title

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]

STACK_JANE = (
    "Kafka\n• Built streaming pipelines for claims events.\n• Tuned consumer lag alerts on the claims topics."
)
STACK_JOHN = "Terraform:\n- Wrote Terraform modules for the data platform.\n- Automated drift checks in CI."
SENDER = "recruiter@example.com"


def _paragraphs(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


def _toggle_cell(page: object, table: object, row: int, then: str) -> None:
    """Tick or untick the last (checkbox) column of a data editor's ``row``, and wait for ``then``.

    The grid is drawn on a canvas: the cell is found by position (35 px rows under a 35 px
    header); a click selects it and Space toggles it. Each toggle reruns the page, so the next
    one waits for the text this one brings.
    """
    from playwright.sync_api import expect

    box = table.bounding_box()  # type: ignore[attr-defined]
    # The focus may sit on a button (Preview, last pressed): Space would press it as well.
    page.evaluate("document.activeElement && document.activeElement.blur()")  # type: ignore[attr-defined]
    table.click(position={"x": box["width"] - 30, "y": 35 + 35 * row + 17})  # type: ignore[attr-defined]
    page.keyboard.press("Space")  # type: ignore[attr-defined]
    expect(page.get_by_text(then)).to_be_visible()  # type: ignore[attr-defined]


def _commit(locator: object, text: str, key: str = "Enter") -> None:
    """Type into a Streamlit input and commit it (Enter for inputs, Ctrl+Enter for text areas)."""
    locator.fill(text)  # type: ignore[attr-defined]
    locator.press(key)  # type: ignore[attr-defined]


def test_a_recruiter_tailors_previews_downloads_and_sends_two_resumes(
    browser_page: object, app_url: str, mail_server: MailServer, artifacts: Path, tmp_path: Path
) -> None:
    from playwright.sync_api import Page, expect

    page: Page = browser_page  # type: ignore[assignment]
    # Each step waits on a rerun of the page; on a busy 2-core machine one can take over 5 s.
    expect.set_options(timeout=20_000)
    jane, john = tmp_path / "Jane Doe.docx", tmp_path / "John Roe.docx"
    jane.write_bytes(client_tab_dates_with_environment().docx)
    john.write_bytes(pipe_company_then_title().docx)

    def shot(name: str) -> None:
        page.screenshot(path=str(artifacts / f"{name}.png"), full_page=True)

    # 1. The page, empty.
    page.goto(app_url)
    page.wait_for_selector('[data-testid="stApp"]')
    expect(page.get_by_text("Upload one or more resumes")).to_be_visible()
    shot("01-empty")

    # 2. Two resumes dropped on the uploader: each says at once that it passed the guards.
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files([str(jane), str(john)])
    expect(page.get_by_role("tab", name="Jane Doe.docx")).to_be_visible()
    expect(page.get_by_role("tab", name="John Roe.docx")).to_be_visible()
    shot("02-uploaded")

    # 3. A stack and a recipient for each resume, in its own tab.
    for tab, stack, tech, to in (
        ("Jane Doe.docx", STACK_JANE, "Kafka", "jane.client@example.com"),
        ("John Roe.docx", STACK_JOHN, "Terraform", "john.client@example.com"),
    ):
        page.get_by_role("tab", name=tab).click()
        box = page.get_by_role("textbox", name="Tech stack with bullet points")
        _commit(box, stack, "Control+Enter")
        expect(page.get_by_text(f"✓ Read 1 tech(s) and 2 point(s): {tech} (2)")).to_be_visible()
        _commit(page.get_by_role("textbox", name="Recipient(s)"), to)
        expect(page.get_by_text(f"✓ 1 recipient(s): {to}")).to_be_visible()
    shot("03-stacks")

    # 4. Preview: the new bullets are in the rendered resume, highlighted.
    page.get_by_role("tab", name="Jane Doe.docx").click()
    page.get_by_role("button", name="Preview").click()
    marks = page.locator("mark.rc-inserted")
    expect(marks.first).to_be_visible()
    assert sorted(marks.all_inner_texts()) == [
        "Built streaming pipelines for claims events.",
        "Tuned consumer lag alerts on the claims topics.",
    ]
    page.get_by_role("heading", name="Resume Customizer").scroll_into_view_if_needed()
    shot("04-preview-top")
    marks.first.scroll_into_view_if_needed()
    shot("04-preview")

    # 4b. The recruiter picks by hand: only the fourth project receives the points. The table's
    # ticks say so, and the preview highlights the new bullets under that project.
    projects = page.locator('[data-testid="stDataFrame"]').filter(has_text="Tailor")
    projects.scroll_into_view_if_needed()
    _toggle_cell(page, projects, 0, "The points go to project(s) 2, 3, in turn.")
    _toggle_cell(page, projects, 1, "The points go to project(s) 3, in turn.")
    _toggle_cell(page, projects, 2, "Tick at least one project to receive the points.")
    _toggle_cell(page, projects, 3, "The points go to project(s) 4, in turn.")
    expect(page.get_by_text("The inputs changed since the last preview")).to_be_visible()
    # The old preview stays on screen until the new one is drawn: wait for the stale note to go
    # and for the highlighted bullets to move (a busy machine may take a few seconds). A click
    # landing during a rerun may be redrawn away: check what it did, and click again if nothing.
    stale = page.get_by_text("The inputs changed since the last preview")
    for attempt in range(3):
        page.get_by_role("button", name="Preview").click()
        try:
            expect(stale).not_to_be_visible(timeout=10_000)
            break
        except AssertionError:
            if attempt == 2:
                raise
    deadline = time.monotonic() + 20
    while True:
        html = page.locator(".rc-preview").inner_html()
        if "<mark" in html and html.index("<mark") > html.index("c4 workstream item 2"):
            break
        assert time.monotonic() < deadline, "the preview never showed the points under project 4"
        page.wait_for_timeout(250)
    expect(marks.first).to_be_visible()
    assert sorted(marks.all_inner_texts()) == [
        "Built streaming pipelines for claims events.",
        "Tuned consumer lag alerts on the claims topics.",
    ]
    html = page.locator(".rc-preview").inner_html()
    fourth = html.index("Client3 Corp")
    assert html.index("c4 workstream item 2") > fourth  # the fourth project's last bullet …
    assert html.index("<mark") > html.index("c4 workstream item 2")  # … and the new ones after it
    assert "<mark" not in html[:fourth]
    projects.scroll_into_view_if_needed()
    shot("04b-picked-project")

    # 5. Generate all, then Download all: the ZIP holds both tailored files with their points.
    page.get_by_role("button", name="Generate all (2)").click()
    download_all = page.get_by_role("button", name=re.compile(r"Download all \(2 resumes, ZIP\)"))
    expect(download_all).to_be_visible()
    download_all.scroll_into_view_if_needed()
    shot("05-generated")
    with page.expect_download() as got:
        download_all.click()
    saved = tmp_path / "all.zip"
    got.value.save_as(saved)
    assert got.value.suggested_filename == "tailored_resumes.zip"
    with zipfile.ZipFile(saved) as archive:
        assert sorted(archive.namelist()) == ["Jane_Doe_tailored.docx", "John_Roe_tailored.docx"]
        jane_out = _paragraphs(archive.read("Jane_Doe_tailored.docx"))
        john_out = _paragraphs(archive.read("John_Roe_tailored.docx"))
    assert "Built streaming pipelines for claims events." in jane_out
    assert "Tuned consumer lag alerts on the claims topics." in jane_out
    last_of_fourth = "Designed the c4 workstream item 2 with measurable results."
    assert jane_out[jane_out.index(last_of_fourth) + 1 :][:2] == [  # the picked project's, in the file
        "Built streaming pipelines for claims events.",
        "Tuned consumer lag alerts on the claims topics.",
    ]
    assert "Wrote Terraform modules for the data platform." in john_out
    assert "Automated drift checks in CI." in john_out
    expect(page.get_by_text("Generate", exact=True)).to_be_visible()  # the download did not reload the page

    # 6. Email settings in the sidebar, dry run off, send both.
    sidebar = page.locator('[data-testid="stSidebar"]')
    _commit(sidebar.get_by_role("textbox", name="Server"), "127.0.0.1")
    _commit(sidebar.get_by_role("spinbutton", name="Port"), str(mail_server.port))
    sidebar.get_by_role("combobox", name=re.compile("Security")).click()
    page.get_by_role("option", name="None").click()
    _commit(sidebar.get_by_role("textbox", name="Sender (From)"), SENDER)
    expect(sidebar.get_by_text("Enter the sender address")).to_have_count(0)  # the settings are complete
    expect(sidebar.get_by_text("Circuit breaker: closed").first).to_be_visible()
    dry_run = sidebar.get_by_role("switch", name="Dry run (write the messages, send nothing)")
    expect(dry_run).to_be_checked()  # on by default the first time
    send_all = sidebar.get_by_role("button", name="Send 2 resumes")
    for _ in range(3):  # a click landing during a rerun may be redrawn away: check what it did
        sidebar.get_by_text("Dry run (write the messages, send nothing)").click()
        try:
            expect(dry_run).not_to_be_checked(timeout=5_000)
            break
        except AssertionError:
            continue
    expect(send_all).to_be_enabled()
    send_all.click()
    expect(sidebar.get_by_text(re.compile(r"^2 sent — 2 resume\(s\) in"))).to_be_visible()
    shot("06-sent")

    received = mail_server.received
    assert Counter(r for got in received for r in got.rcpt_tos) == {
        "jane.client@example.com": 1,
        "john.client@example.com": 1,
    }
    jane_mail = next(got for got in received if "jane.client@example.com" in got.rcpt_tos)
    attachment = next(jane_mail.message.iter_attachments())
    assert attachment.get_filename() == "Jane Doe.docx"
    assert "Built streaming pipelines for claims events." in _paragraphs(attachment.get_content())
    assert jane_mail.message["From"] == SENDER

    # 7. Sending again sends nothing: the outbox knows both were sent.
    send_all.click()
    expect(sidebar.get_by_text(re.compile(r"^0 sent, 2 already sent"))).to_be_visible()
    assert len(mail_server.received) == 2
    shot("07-already-sent")

    # 8. The session's log, in the sidebar, tells the same story.
    sidebar.get_by_text("Logs (this session)").click()
    expect(sidebar.get_by_text(re.compile(r"bulk run finished: \{'skipped': 2\}")).first).to_be_visible()
    sidebar.get_by_text("Logs (this session)").scroll_into_view_if_needed()
    shot("08-logs")
