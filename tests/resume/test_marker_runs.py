"""A bullet marker set in a symbol font keeps its run and font in the new bullet."""

from __future__ import annotations

from resume_customizer import TechStack, tailor
from tests.docx_factory import BODY_RPR, bold, build_docx, flat, heading, para, run
from tests.resume import checks

POINT = "Rolled out feature flags for every service."
WINGDINGS = '<w:rFonts w:ascii="Wingdings" w:hAnsi="Wingdings"/><w:sz w:val="21"/>'
SYMBOL = '<w:rFonts w:ascii="Symbol" w:hAnsi="Symbol"/><w:sz w:val="21"/>'
PPR = '<w:ind w:left="360" w:hanging="360"/>'


def _resume(bullet_runs: list[str]) -> bytes:
    return build_docx(
        flat(
            heading("Experience"),
            bold("Acme Corp | Jan 2020 – Present"),
            [para(runs=r, ppr=PPR) for r in bullet_runs],
            heading("Education"),
            para("B.S., 2010"),
        )
    )


def _new_paragraph(docx: bytes) -> object:
    result = tailor(docx, [TechStack("Flags", (POINT,))])
    (idx,) = checks.inserted_indices(docx, result.docx)
    return checks.paragraphs(result.docx)[idx]


def _runs(p: object) -> list[object]:
    return list(p.iter(checks.W + "r"))


def test_a_symbol_and_its_tab_in_one_run_keep_the_symbol_in_the_new_bullet() -> None:
    sym_tab = f'<w:r><w:rPr>{WINGDINGS}</w:rPr><w:sym w:font="Wingdings" w:char="F0D8"/><w:tab/></w:r>'
    docx = _resume([sym_tab + run(t, BODY_RPR) for t in ("Shipped the app.", "Cut build time by half.")])
    new = _new_paragraph(docx)
    first = _runs(new)[0]
    sym = first.find(checks.W + "sym")
    assert sym is not None and sym.get(checks.W + "char") == "F0D8"
    assert checks.canon(first.find(checks.W + "rPr")) == checks.canon(
        checks.paragraphs(docx)[2].find(checks.W + "r").find(checks.W + "rPr")
    )
    # the tab still separates the arrow from the text, and the text is in the body font
    assert checks.text_of(new) == "\t" + POINT
    assert "Wingdings" not in checks.canon(_runs(new)[-1]).decode()


def test_a_private_use_marker_typed_in_a_symbol_font_goes_with_the_body_text() -> None:
    # LibreOffice writes a w:sym bullet as the character itself in a Symbol-font run. The new
    # bullet keeps the marker and its tab, and every text run carries the body's properties
    # (the rule the bullets' formatting is judged by), as for any typed marker.
    for font, char in ((SYMBOL, "\uf0b7"), (WINGDINGS, "\uf0d8")):
        docx = _resume(
            [run(char, font) + run("\t" + t, BODY_RPR) for t in ("Shipped the app.", "Cut costs.")]
        )
        new = _new_paragraph(docx)
        assert checks.text_of(new) == char + "\t" + POINT
        body = checks.canon(checks.paragraphs(docx)[2].findall(checks.W + "r")[1].find(checks.W + "rPr"))
        assert {checks.canon(r.find(checks.W + "rPr")) for r in _runs(new)} == {body}
