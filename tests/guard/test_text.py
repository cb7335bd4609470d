"""Stack text and templates stay plain text; the preview HTML is sanitized."""

from __future__ import annotations

import unicodedata
from html.parser import HTMLParser

import mammoth
import pytest

from resume_customizer.config import UploadLimits
from resume_customizer.errors import InputError
from resume_customizer.guard.text import HIGHLIGHT_CLASS, clean_stack_text, clean_template, sanitize_html
from resume_customizer.stack import parse_stack

from .hostile import real_docx, rezip


def test_markup_and_word_fields_in_a_stack_are_kept_as_words(limits: UploadLimits) -> None:
    text = "Security\n• Blocked <script>alert(1)</script> in forms\n• Fixed { MERGEFIELD name } bugs"
    cleaned = clean_stack_text(text, limits)
    assert cleaned == text
    points = parse_stack(cleaned)[0].points
    assert points == ("Blocked <script>alert(1)</script> in forms", "Fixed { MERGEFIELD name } bugs")


def test_control_and_xml_illegal_characters_are_removed(limits: UploadLimits) -> None:
    text = "Py\x00thon\x07\n• Bu\x1bilt\ufffe APIs\ud800\x85• Tests\u2028done"
    assert clean_stack_text(text, limits) == "Python\n• Built APIs\n• Tests\ndone"


def test_line_breaks_of_every_kind_become_newlines_and_tabs_stay(limits: UploadLimits) -> None:
    assert clean_template("a\r\nb\rc\x0bd\te", limits) == "a\nb\nc\nd\te"


def test_text_is_nfc_normalised(limits: UploadLimits) -> None:
    decomposed = "Re\u0301sume\u0301"
    cleaned = clean_stack_text(decomposed, limits)
    assert cleaned == "Résumé" and unicodedata.is_normalized("NFC", cleaned)


def test_text_over_the_limit_is_refused_with_both_numbers() -> None:
    limits = UploadLimits(max_stack_chars=100, max_template_chars=120)
    with pytest.raises(InputError, match="tech stack is 101 characters long; the limit is 100"):
        clean_stack_text("x" * 101, limits)
    with pytest.raises(InputError, match="template is 121 characters long; the limit is 120"):
        clean_template("x" * 121, limits)
    assert clean_template("x" * 120, limits) == "x" * 120


def test_text_that_is_not_a_string_is_refused(limits: UploadLimits) -> None:
    with pytest.raises(InputError, match="must be text"):
        clean_stack_text(b"bytes", limits)  # type: ignore[arg-type]


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Collect()
    parser.feed(html)
    return parser.tags


def test_the_preview_loses_scripts_handlers_and_javascript_links() -> None:
    html = (
        '<p onclick="steal()">Hi<script>alert(1)</script></p>'
        '<a href="javascript:alert(1)">x</a><a href="JaVaScRiPt:alert(2)">y</a>'
        '<img src="x" onerror="alert(3)"><iframe src="https://evil.example"></iframe>'
        '<a href="data:text/html,&lt;script&gt;">d</a><span style="background:url(x)">s</span>'
    )
    clean = sanitize_html(html)
    assert "alert" not in clean and "steal" not in clean and "iframe" not in clean
    for tag, attrs in _tags(clean):
        assert not any(name.startswith("on") or name == "style" for name in attrs), (tag, attrs)
        assert not (attrs.get("href") or "").lower().startswith(("javascript", "data"))


def test_the_preview_keeps_what_a_resume_needs() -> None:
    html = (
        "<h1>Jane</h1><p><strong>Acme</strong> <em>2020</em></p>"
        f'<ul><li class="{HIGHLIGHT_CLASS}">new</li><li>old</li></ul>'
        f'<p><mark class="{HIGHLIGHT_CLASS} evil">inserted</mark><span class="other">x</span></p>'
        '<table><tr><td colspan="2">cell</td></tr></table>'
        '<a href="https://linkedin.com/in/jane">link</a><a href="#footnote-1">1</a>'
        '<img src="data:image/png;base64,iVBORw0KGgo=" alt="logo">'
    )
    tags = _tags(sanitize_html(html))
    names = [t for t, _ in tags]
    for wanted in ("h1", "strong", "em", "ul", "li", "mark", "table", "td", "a", "img"):
        assert wanted in names
    assert ("li", {"class": HIGHLIGHT_CLASS}) in tags
    assert ("mark", {"class": HIGHLIGHT_CLASS}) in tags
    classes = {a.get("class") or "" for _, a in tags}
    assert classes == {"", HIGHLIGHT_CLASS}  # unknown classes dropped
    assert any(t == "a" and a.get("href") == "https://linkedin.com/in/jane" for t, a in tags)
    assert any(t == "img" and (a.get("src") or "").startswith("data:image/png;base64,") for t, a in tags)


def test_an_svg_data_image_is_dropped() -> None:
    clean = sanitize_html('<img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=">')
    assert "svg" not in clean


def test_mammoth_output_of_a_docx_with_a_javascript_link_is_made_safe() -> None:
    from io import BytesIO
    from zipfile import ZipFile

    with ZipFile(BytesIO(real_docx())) as zf:
        rels = zf.read("word/_rels/document.xml.rels").decode()
        body = zf.read("word/document.xml").decode()
    rels = rels.replace(
        "</Relationships>",
        '<Relationship Id="rIdJs" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/hyperlink" Target="javascript:alert(document.cookie)" TargetMode="External"/>'
        "</Relationships>",
    )
    link = '<w:hyperlink r:id="rIdJs"><w:r><w:t>click me</w:t></w:r></w:hyperlink>'
    body = body.replace("<w:body>", f"<w:body><w:p>{link}</w:p>", 1)
    parts = {"word/_rels/document.xml.rels": rels.encode(), "word/document.xml": body.encode()}
    data = rezip(real_docx(), replace=parts)
    raw = mammoth.convert_to_html(BytesIO(data)).value
    assert "javascript:" in raw  # mammoth passes it through: that is why we sanitize
    clean = sanitize_html(raw)
    assert "javascript:" not in clean and "click me" in clean
