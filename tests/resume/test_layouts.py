"""Every layout the engine must handle: projects found, points placed, formatting cloned."""

from __future__ import annotations

import pytest

from resume_customizer import TailorOptions, TechStack, detect_projects, tailor
from tests.resume import checks
from tests.resume.layouts import ALL_LAYOUTS, Layout

LAYOUTS: list[Layout] = [make() for make in ALL_LAYOUTS]
IDS = [lay.name for lay in LAYOUTS]


def _strip_marker(text: str) -> str:
    for marker in ("•\t", "• ", "- ", "– ", "▪ ", "\uf0b7\t"):
        if text.startswith(marker):
            return text[len(marker) :]
    return text


def _points(n: int) -> list[TechStack]:
    pts = [f"Introduced stack capability number {i + 1} across the platform." for i in range(n)]
    return [TechStack("Kafka", tuple(pts[: n // 2])), TechStack("AWS", tuple(pts[n // 2 :]))]


@pytest.mark.parametrize("layout", LAYOUTS, ids=IDS)
def test_detection_finds_each_projects_bullets_in_order(layout: Layout) -> None:
    found = detect_projects(layout.docx)
    assert [[_strip_marker(b) for b in p.bullets] for p in found] == [
        [_strip_marker(b) for b in bullets] for bullets in layout.projects
    ]


@pytest.mark.parametrize("layout", LAYOUTS, ids=IDS)
def test_points_go_round_robin_directly_after_each_targets_last_bullet(layout: Layout) -> None:
    stacks = _points(7)
    points = [p for s in stacks for p in s.points]
    result = tailor(layout.docx, stacks)
    k = min(3, len(layout.projects))
    assert result.targets == k
    assert [pl.project for pl in result.plan] == [i % k for i in range(len(points))]

    inserted = checks.assert_only_insertions(layout.docx, result.docx, len(points))
    texts = checks.texts(result.docx)
    paras = checks.paragraphs(result.docx)
    for proj in range(k):
        mine = [pt for i, pt in enumerate(points) if i % k == proj]
        last_bullet = layout.projects[proj][-1]
        # the project's own last bullet, then its new points, in order
        last_idx = next(
            i
            for i, t in enumerate(texts)
            if i not in inserted and _strip_marker(t) == _strip_marker(last_bullet)
        )
        following = [_strip_marker(texts[last_idx + 1 + j]) for j in range(len(mine))]
        assert following == mine
        for j in range(len(mine)):
            new = paras[last_idx + 1 + j]
            assert last_idx + 1 + j in inserted
            assert new.getparent() is paras[last_idx].getparent(), "a new bullet left its list's container"


@pytest.mark.parametrize("layout", LAYOUTS, ids=IDS)
def test_new_bullets_carry_a_bullet_of_their_project_s_formatting(layout: Layout) -> None:
    result = tailor(layout.docx, _points(6))
    original = checks.paragraphs(layout.docx)
    by_text = {checks.text_of(p): p for p in original}
    inserted = checks.inserted_indices(layout.docx, result.docx)
    paras = checks.paragraphs(result.docx)
    for pl, idx in zip(sorted(result.plan, key=lambda pl: pl.project), inserted, strict=True):
        new = paras[idx]
        project_bullets = [by_text[t] for t in _raw_bullets(layout, pl.project, by_text)]
        assert checks.ppr(new) in {checks.ppr(b) for b in project_bullets}
        body = {_body_rpr(b) for b in project_bullets}
        assert checks.run_rprs(new) <= body
        marker = _marker(checks.text_of(project_bullets[0]))
        assert checks.text_of(new) == marker + pl.point


def _raw_bullets(layout: Layout, project: int, by_text: dict[str, object]) -> list[str]:
    wanted = [_strip_marker(b) for b in layout.projects[project]]
    return [t for t in by_text if _strip_marker(t) in wanted and t]


def _marker(text: str) -> str:
    stripped = _strip_marker(text)
    return text[: len(text) - len(stripped)]


def _body_rpr(p: object) -> bytes:
    """The rPr covering most characters (hyperlink runs aside) — the grader's definition."""
    weights: dict[bytes, int] = {}
    for r in p.iter(checks.W + "r"):  # type: ignore[attr-defined]
        if r.getparent().tag == checks.W + "hyperlink":
            continue
        if not any(c.tag in (checks.W + "t", checks.W + "tab") for c in r):
            continue
        n = sum(len(t.text or "") for t in r.iter(checks.W + "t"))
        key = checks.canon(r.find(checks.W + "rPr"))
        weights[key] = weights.get(key, 0) + n
    return max(sorted(weights.items()), key=lambda kv: kv[1])[0]


def test_fewer_projects_than_requested_spreads_over_those_found_and_warns() -> None:
    layout = next(lay for lay in LAYOUTS if lay.name == "role_company_city_dates_one_line")
    result = tailor(layout.docx, _points(5), TailorOptions(projects=3))
    assert result.targets == 2
    assert [pl.project for pl in result.plan] == [0, 1, 0, 1, 0]
    assert any("Only 2 project" in w for w in result.warnings)


def test_projects_option_limits_the_targets() -> None:
    layout = LAYOUTS[0]
    result = tailor(layout.docx, _points(4), TailorOptions(projects=1))
    assert {pl.project for pl in result.plan} == {0}


def test_an_entry_without_bullets_is_skipped_with_a_warning_naming_it() -> None:
    layout = next(lay for lay in LAYOUTS if lay.name == "sub_bullets_and_bulletless_entry")
    result = tailor(layout.docx, _points(2))
    titles = [p.title for p in result.projects]
    assert titles == ["Massive Dynamic | 2020 – Present", "Black Mesa | 2015 – 2018"]
    assert any("Aperture Science" in w and "no bullet points" in w for w in result.warnings)


def test_entries_under_an_unrecognised_heading_are_still_found_by_their_dated_headers() -> None:
    from tests.docx_factory import bold, build_docx, bullets, flat, heading

    docx = build_docx(
        flat(
            heading("Summary"),
            bullets(["Ten years of delivery.", "Led teams."], num=4),
            heading("Where I Have Worked"),
            bold("Acme Corp | Jan 2020 – Present"),
            bullets(["Built the ledger.", "Ran the cutover."]),
            bold("Globex | 2016 – 2019"),
            bullets(["Wrote the billing engine."]),
            heading("Education"),
            bold("B.S. Computer Science, 2010 – 2014"),
            bullets(["Dean's list."], num=4),
        )
    )
    found = detect_projects(docx)
    assert [p.title for p in found] == ["Acme Corp | Jan 2020 – Present", "Globex | 2016 – 2019"]
