"""Details of the page that only a real browser shows (chromium via Playwright, `streamlit run
app.py`): the preview opens at the first new bullet of a long resume, offers a jump back to it
and can be dragged taller; the upload box shows every row of file chips. Screenshots go to
artifacts/e2e/."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.docx_factory import bold, build_docx, bullets, flat, heading, para

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]

STACK = (
    "Kafka\n• Built streaming pipelines for claims events.\n• Tuned consumer lag alerts on the claims topics."
)


def _long_resume() -> bytes:
    """Two pages of summary and skills before the first job: its bullets are far below the top."""
    summary = [
        para(f"Delivered outcome {i} for the claims platform, with measurable results for the business.")
        for i in range(70)
    ]
    jobs = flat(
        *[
            flat(
                bold(f"Client: Client{i} Corp, Dallas, TX\tMar 201{i} – Dec 201{i + 1}"),
                bold("Role: Java Developer"),
                bold("Responsibilities:"),
                bullets([f"Built the c{i} workstream item {n} with measurable results." for n in (1, 2, 3)]),
            )
            for i in range(3)
        ]
    )
    return build_docx(flat(para("Jordan Example"), heading("Professional Summary"), summary,
                           heading("Professional Experience"), jobs))  # fmt: skip


def _short_resume(client: str) -> bytes:
    return build_docx(
        flat(
            para("Jordan Example"),
            heading("Professional Experience"),
            bold(f"Client: {client}, Dallas, TX\tMar 2019 – Dec 2021"),
            bold("Role: Java Developer"),
            bold("Responsibilities:"),
            bullets(["Built the billing service.", "Cut the release time in half."]),
        )
    )


def _in_view(page: object, selector: str) -> bool:
    """Whether the element is inside its scroll box's visible part and inside the window."""
    return bool(
        page.evaluate(  # type: ignore[attr-defined]
            """(sel) => {
                const el = document.querySelector(sel);
                const box = el.closest('.rc-preview-box').getBoundingClientRect();
                const r = el.getBoundingClientRect();
                return r.top >= box.top && r.bottom <= box.bottom && r.top >= 0 && r.bottom <= innerHeight;
            }""",
            selector,
        )
    )


def test_the_preview_opens_at_the_first_new_bullet_and_jumps_back_to_it(
    browser_page: object, app_url: str, artifacts: Path, tmp_path: Path
) -> None:
    from playwright.sync_api import Page, expect

    page: Page = browser_page  # type: ignore[assignment]
    expect.set_options(timeout=20_000)
    page.set_viewport_size({"width": 1280, "height": 900})
    resume = tmp_path / "Jordan Example.docx"
    resume.write_bytes(_long_resume())
    page.goto(app_url)
    page.wait_for_selector('[data-testid="stApp"]')
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files([str(resume)])
    expect(page.get_by_role("tab", name="Jordan Example.docx")).to_be_visible()
    box = page.get_by_role("textbox", name="Tech stack with bullet points")
    box.fill(STACK)
    box.press("Control+Enter")
    expect(page.get_by_text("✓ Read 1 tech(s) and 2 point(s): Kafka (2)")).to_be_visible()
    page.get_by_role("button", name="Preview").click()

    first = page.locator("#rc-first-new + mark")  # the anchor sits just before the highlight
    expect(first).to_have_text("Built streaming pipelines for claims events.")
    preview = page.locator(".rc-preview-box")
    # Opened at the bullet, not at the top of the resume: the box is scrolled, the bullet in it.
    page.wait_for_function("document.querySelector('.rc-preview-box').scrollTop > 0")
    preview.scroll_into_view_if_needed()
    assert _in_view(page, "#rc-first-new + mark")
    page.screenshot(path=str(artifacts / "preview-opens-at-first-new-bullet.png"))

    # Scrolled back to the top by hand, the bullet is out of sight; the link brings it back.
    preview.evaluate("el => { el.scrollTop = 0; }")
    assert not _in_view(page, "#rc-first-new + mark")
    page.get_by_role("link", name="Jump to the first new bullet").click()
    page.wait_for_function("document.querySelector('.rc-preview-box').scrollTop > 0")
    assert _in_view(page, "#rc-first-new + mark")
    page.screenshot(path=str(artifacts / "preview-jump-to-first-new-bullet.png"))

    # The box is most of the window tall, and can be dragged taller.
    height, resize = preview.evaluate(
        "el => [el.getBoundingClientRect().height, getComputedStyle(el).resize]"
    )
    assert height >= 0.6 * 900 and resize == "vertical"


def test_the_upload_box_shows_every_row_of_file_chips(
    browser_page: object, app_url: str, artifacts: Path, tmp_path: Path
) -> None:
    from playwright.sync_api import Page, expect

    page: Page = browser_page  # type: ignore[assignment]
    expect.set_options(timeout=20_000)
    page.set_viewport_size({"width": 1280, "height": 900})
    paths = []
    for i in range(10):  # ten resumes: three rows of chips at this width
        path = tmp_path / f"Candidate {i:02d} resume.docx"
        path.write_bytes(_short_resume(f"Client{i} Corp"))
        paths.append(str(path))
    page.goto(app_url)
    page.wait_for_selector('[data-testid="stApp"]')
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(paths)
    expect(page.get_by_role("tab", name="Candidate 09 resume.docx")).to_be_visible()
    chips = page.locator('[data-testid="stFileChips"]')
    page.locator('[data-testid="stFileUploader"]').screenshot(
        path=str(artifacts / "upload-ten-file-chips.png")
    )
    # Nothing cut off: the box is as tall as its chips, and the last chip lies inside it.
    client, scroll = chips.evaluate("el => [el.clientHeight, el.scrollHeight]")
    assert scroll <= client + 1, (client, scroll)
    expect(chips.locator('[data-testid="stFileChip"]')).to_have_count(10)
    last = chips.locator('[data-testid="stFileChip"]').last.bounding_box()
    box = chips.bounding_box()
    assert last is not None and box is not None
    assert last["y"] + last["height"] <= box["y"] + box["height"] + 1
