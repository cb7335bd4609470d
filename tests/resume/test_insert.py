"""How one new bullet is made from its project's bullets."""

from __future__ import annotations

from resume_customizer import TechStack, tailor
from tests.docx_factory import BODY_RPR, bold, build_docx, bullets, flat, heading, para, run
from tests.resume import checks

WINGDINGS = '<w:rFonts w:ascii="Wingdings" w:hAnsi="Wingdings"/><w:sz w:val="21"/>'
POINT = "Rolled out feature flags for every service."


def _resume(entry_bullets: list[str]) -> bytes:
    return build_docx(
        flat(
            heading("Experience"),
            bold("Acme Corp | Jan 2020 – Present"),
            entry_bullets,
            heading("Education"),
            para("B.S., 2010"),
        )
    )


def _new_paragraph(docx: bytes) -> object:
    result = tailor(docx, [TechStack("Flags", (POINT,))])
    (idx,) = checks.inserted_indices(docx, result.docx)
    return checks.paragraphs(result.docx)[idx]


def test_a_wingdings_letter_marker_keeps_its_own_run_and_font() -> None:
    docx = _resume([para(runs=run("Ø", WINGDINGS) + run("\tShipped the mobile app.", BODY_RPR))] * 2)
    new = _new_paragraph(docx)
    runs = list(new.iter(checks.W + "r"))
    assert checks.canon(runs[0].find(checks.W + "rPr")) == checks.canon(
        checks.paragraphs(docx)[2].find(checks.W + "r").find(checks.W + "rPr")
    )
    assert checks.text_of(new) == "Ø\t" + POINT
    assert "Wingdings" not in checks.canon(runs[1]).decode()


def test_revision_and_paragraph_ids_are_not_copied() -> None:
    docx = _resume([para("Kept the lights on.", num=(2, 0), para_id="1A2B3C4D")] * 2)
    new = _new_paragraph(docx)
    xml = checks.canon(new).decode() + str(dict(new.attrib))
    assert "paraId" not in xml and "rsid" not in xml


def test_a_section_break_on_the_last_bullet_is_not_cloned() -> None:
    sect = '<w:sectPr><w:pgSz w:w="12240" w:h="15840"/></w:sectPr>'
    docx = _resume(
        [*bullets(["One.", "Two."]), para("Three.", num=(2, 0), ppr=f'<w:spacing w:after="40"/>{sect}')]
    )
    new = _new_paragraph(docx)
    assert new.find(checks.W + "pPr").find(checks.W + "sectPr") is None
    # and it sits just before that last bullet, inside the list and in the section the
    # list belongs to: after it, it would open the next section (another page or layout)
    texts = checks.texts(tailor(docx, [TechStack("Flags", (POINT,))]).docx)
    assert texts[texts.index("Three.") - 1] == POINT


def test_a_symbol_run_without_text_is_cloned_before_the_text() -> None:
    sym = '<w:r><w:rPr><w:sz w:val="21"/></w:rPr><w:sym w:font="Symbol" w:char="F0B7"/></w:r>'
    docx = _resume([para(runs=sym + run("\tBuilt pipelines.", BODY_RPR))] * 2)
    new = _new_paragraph(docx)
    first = next(new.iter(checks.W + "r"))
    assert first.find(checks.W + "sym") is not None
    assert checks.text_of(new) == "\t" + POINT


def test_the_most_common_look_wins_over_an_odd_last_bullet() -> None:
    odd = para("Last one, with extra space after.", num=(2, 0), ppr='<w:spacing w:after="240"/>')
    docx = _resume([*bullets(["A.", "B.", "C."]), odd])
    new = _new_paragraph(docx)
    assert checks.ppr(new) == checks.ppr(checks.paragraphs(docx)[2])


def test_text_keeps_its_spaces_and_tabs() -> None:
    docx = _resume(bullets(["A.", "B."]))
    point = "Tuned  GC\tfor p99 latency."
    result = tailor(docx, [TechStack("JVM", (point,))])
    (idx,) = checks.inserted_indices(docx, result.docx)
    assert checks.text_of(checks.paragraphs(result.docx)[idx]) == point
