"""The sidebar at its default width, in a real browser (Debian's chromium, Playwright): the send-all
table and the metrics tables show every column without cutting any off, and the Metrics panel
draws its charts only once it is opened. Screenshots go to artifacts/e2e/.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.resume.layouts import client_tab_dates_with_environment, pipe_company_then_title

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]

SENDER = "recruiter@example.com"
# Each data grid's scrolling area: wider content than box means a column is cut off.
GRID_FIT = """els => els.map(e => {
    const s = e.querySelector('.dvn-scroller');
    return {box: s.clientWidth, content: s.scrollWidth};
})"""


def _commit(locator: object, text: str, key: str = "Enter") -> None:
    locator.fill(text)  # type: ignore[attr-defined]
    locator.press(key)  # type: ignore[attr-defined]


def _afternoon_zone() -> str:
    """A time zone where it is now between 14:00 and 23:59: a 12-hour clock would say 02 to 11."""
    hour = datetime.now(UTC).hour
    shift = next(k for k in range(-12, 15) if 14 <= hour + k <= 23)
    return "UTC" if shift == 0 else f"Etc/GMT{'-' if shift > 0 else '+'}{abs(shift)}"  # Etc/GMT-5 is UTC+5


def _fits(grids: object) -> list[dict[str, int]]:
    """Each grid's box and content widths; asserts that none is cut off."""
    sizes: list[dict[str, int]] = grids.evaluate_all(GRID_FIT)  # type: ignore[attr-defined]
    assert sizes and all(s["content"] <= s["box"] for s in sizes), sizes
    return sizes


def test_the_sidebar_tables_fit_its_default_width_and_metrics_draw_only_when_opened(
    browser_page: object, app_url: str, artifacts: Path, tmp_path: Path
) -> None:
    from playwright.sync_api import Page, expect

    # A page of its own, in a time zone where it is afternoon now, at the fixtures' desktop size.
    browser = browser_page.context.browser  # type: ignore[attr-defined]
    context = browser.new_context(viewport={"width": 1400, "height": 1800}, timezone_id=_afternoon_zone())
    page: Page = context.new_page()
    expect.set_options(timeout=20_000)
    jane, john = tmp_path / "Jane Doe.docx", tmp_path / "John Roe.docx"
    jane.write_bytes(client_tab_dates_with_environment().docx)
    john.write_bytes(pipe_company_then_title().docx)
    page.goto(app_url)
    page.wait_for_selector('[data-testid="stApp"]')
    sidebar = page.locator('[data-testid="stSidebar"]')
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files([str(jane), str(john)])
    for tab, stack, tech in (
        ("Jane Doe.docx", "Kafka\n• Built streaming pipelines.\n• Tuned lag alerts.", "Kafka"),
        ("John Roe.docx", "Terraform:\n- Wrote modules.\n- Automated drift checks.", "Terraform"),
    ):
        page.get_by_role("tab", name=tab).click()
        _commit(page.get_by_role("textbox", name="Tech stack with bullet points"), stack, "Control+Enter")
        expect(page.get_by_text(f"✓ Read 1 tech(s) and 2 point(s): {tech} (2)")).to_be_visible()
    # John's has a recipient, Jane's has none: one item is written, one fails with its reason.
    _commit(page.get_by_role("textbox", name="Recipient(s)"), "john.client@example.com")
    expect(page.get_by_text("✓ 1 recipient(s): john.client@example.com")).to_be_visible()
    _commit(sidebar.get_by_role("textbox", name="Sender (From)"), SENDER)
    expect(sidebar.get_by_text("Enter the sender address")).to_have_count(0)

    # Closed, the Metrics panel has drawn nothing.
    expect(sidebar.get_by_text("Metrics", exact=True)).to_be_visible()
    assert sidebar.locator('[data-testid="stVegaLiteChart"]').count() == 0
    expect(sidebar.get_by_text("Your allowance left now")).to_have_count(0)

    sidebar.get_by_role("button", name="Dry-run 2 resumes").click()
    done = re.compile(r"^Dry run: 1 message\(s\) written, none sent, 1 failed")
    expect(sidebar.get_by_text(done)).to_be_visible()
    expect(sidebar.get_by_text("Jane Doe.docx: no recipient entered")).to_be_visible()
    run_table = sidebar.locator('[data-testid="stDataFrame"]')
    expect(run_table).to_have_count(1)
    _fits(run_table)
    run_table.scroll_into_view_if_needed()
    sidebar.screenshot(path=str(artifacts / "sidebar-send-all.png"))

    # Opened, it draws its charts and tables, every column in view.
    sidebar.get_by_text("Metrics", exact=True).click()
    expect(sidebar.get_by_text("Your allowance left now")).to_be_visible()
    expect(sidebar.locator('[data-testid="stVegaLiteChart"]').first).to_be_visible()
    operations = sidebar.locator('[data-testid="stDataFrame"]').filter(has_text="Operation")
    expect(operations).to_have_count(1)
    assert len(_fits(sidebar.locator('[data-testid="stDataFrame"]'))) == 3  # run, operations, allowance
    operations.scroll_into_view_if_needed()
    sidebar.screenshot(path=str(artifacts / "sidebar-metrics.png"))

    # The time axis is on a 24-hour clock: once the samples span a minute, its label reads
    # 14:00 to 23:59 here (the panel refreshes itself every few seconds, the sampler too).
    hour_minute = sidebar.locator('[data-testid="stVegaLiteChart"] .role-axis-label text').filter(
        has_text=re.compile(r"^\d\d:\d\d$")
    )
    expect(hour_minute.first).to_be_visible(timeout=90_000)
    hours = {int(t[:2]) for t in hour_minute.all_text_contents()}
    assert hours and all(13 <= h <= 23 for h in hours), hours
    sidebar.locator('[data-testid="stVegaLiteChart"]').first.scroll_into_view_if_needed()
    sidebar.screenshot(path=str(artifacts / "sidebar-metrics-charts.png"))

    # Closed again, it draws nothing again.
    sidebar.get_by_text("Metrics", exact=True).click()
    expect(sidebar.get_by_text("Your allowance left now")).to_have_count(0)
    expect(sidebar.locator('[data-testid="stVegaLiteChart"]')).to_have_count(0)
    context.close()
