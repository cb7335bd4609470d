"""What a new bullet copies when the bullets carry Word's extras."""

from __future__ import annotations

from resume_customizer import TailorOptions, TechStack, tailor
from tests.docx_factory import bold, build_docx, bullets, flat, heading
from tests.resume import checks

POINTS = ("Rolled out feature flags for every service.", "Moved the nightly jobs to Airflow.")


def _tailor(docx: bytes) -> tuple[bytes, list[int]]:
    out = tailor(docx, [TechStack("Ops", POINTS)], TailorOptions(projects=1)).docx
    return out, checks.inserted_indices(docx, out)


def test_a_bullet_without_someone_elses_tracked_change_is_the_one_copied() -> None:
    change = (
        '<w:rPrChange w:id="202" w:author="Old Editor" w:date="2024-01-01T00:00:00Z">'
        "<w:rPr><w:i/></w:rPr></w:rPrChange>"
    )
    tracked = f'<w:r><w:rPr><w:sz w:val="21"/>{change}</w:rPr><w:t>Reworked the pricing service.</w:t></w:r>'
    # two bullets, each its own kind: without a preference the last (tracked) one would be copied
    items = bullets(["Shipped the app.", "Cut build time by half."])
    items[1] = items[1].replace(items[1][items[1].index("<w:r>") : items[1].rindex("</w:p>")], tracked)
    docx = build_docx(
        flat(heading("Experience"), bold("Acme Corp | Jan 2020 – Present"), items, heading("Education"))
    )
    out, added = _tailor(docx)
    for i in added:
        xml = checks.canon(checks.paragraphs(out)[i]).decode()
        assert "rPrChange" not in xml and "Old Editor" not in xml
