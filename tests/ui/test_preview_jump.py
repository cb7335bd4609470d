"""The preview marks where the first new bullet is, so the box opens there and a link jumps
back to it (the browser side is in tests/e2e/test_page_details.py)."""

from __future__ import annotations

from .conftest import STACK_A, Page, rkey


def test_the_preview_anchors_the_first_new_bullet_and_links_to_it(app: Page, resume_a: bytes) -> None:
    app.upload(("Jane Doe.docx", resume_a)).type("stack", resume_a, STACK_A)
    app.click(f"preview-{rkey(resume_a)}")
    app.assert_clean()
    html = app.html()
    first = '<span id="rc-first-new"></span><mark class="rc-inserted">Built streaming pipelines'
    assert first in html and html.count('id="rc-first-new"') == 1
    assert html.index('<a href="#rc-first-new">Jump to the first new bullet') < html.index(first)
    assert "scroll-initial-target: nearest" in html and "resize: vertical" in html
