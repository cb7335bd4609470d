"""The HTML preview: new bullets highlighted, nothing else marked, nothing unsafe passed on."""

from __future__ import annotations

import re

from resume_customizer import TechStack, tailor
from resume_customizer.preview import render_preview, slim_styles
from tests.docx_factory import STYLES, bold, build_docx, bullets, flat, heading, para
from tests.resume.layouts import client_tab_dates_with_environment, literal_markers

POINTS = ("Built Kafka Streams topologies.", "Added schema-registry checks.", "Tuned consumer lag alerts.")


def _marked(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", m) for m in re.findall(r'<mark class="rc-inserted">(.*?)</mark>', html)]


def test_each_inserted_bullet_and_nothing_else_is_highlighted() -> None:
    result = tailor(client_tab_dates_with_environment().docx, [TechStack("Kafka", POINTS)])
    preview = render_preview(result)
    assert preview.highlighted == 3
    assert sorted(_marked(preview.html)) == sorted(POINTS)
    assert "Client0 Corp" in preview.html  # the rest of the resume is there, unmarked


def test_typed_markers_are_highlighted_with_their_bullet() -> None:
    result = tailor(literal_markers("• ").docx, [TechStack("Kafka", POINTS[:1])])
    assert _marked(render_preview(result).html) == ["• " + POINTS[0]]


def test_markup_in_points_and_links_in_the_resume_reach_the_page_as_harmless_text() -> None:
    link = '<w:hyperlink r:id="rId6"><w:r><w:t>portfolio</w:t></w:r></w:hyperlink>'
    docx = build_docx(
        flat(
            heading("Experience"),
            bold("Acme | 2020 – 2022"),
            bullets(["Built things."]),
            para(runs=link),
            heading("Education"),
        )
    )
    evil = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    html = render_preview(tailor(docx, [TechStack("X", (evil,))])).html
    tags = _tags(html)
    assert "script" not in {t for t, _ in tags} and "img" not in {t for t, _ in tags}
    assert not [a for _, attrs in tags for a, _ in attrs if a.startswith("on")]
    assert "&lt;script&gt;" in html  # kept as words, never as markup


def _tags(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    from html.parser import HTMLParser

    found: list[tuple[str, list[tuple[str, str | None]]]] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, attrs))

    Collect().feed(html)
    return found


def test_slimming_keeps_the_styles_the_document_reaches_and_drops_the_rest() -> None:
    document = b'<w:p><w:pPr><w:pStyle w:val="MyBullets"/></w:pPr></w:p>'
    slim = slim_styles(STYLES.encode(), document, None)
    for kept in (b'w:styleId="MyBullets"', b'w:styleId="ListBullet"', b'w:styleId="Normal"'):
        assert kept in slim  # used, its basedOn chain, the default
    assert b'w:styleId="Heading2"' not in slim
    assert b"<w:docDefaults>" in slim
