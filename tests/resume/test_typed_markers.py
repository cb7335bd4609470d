"""Bullets typed into the text: arrows, check marks and emoji, and typed enumerators ("1)", "2.")."""

from __future__ import annotations

import pytest

from resume_customizer import TechStack, detect_projects, tailor
from tests.docx_factory import bold, build_docx, bullets, heading, para
from tests.resume import checks

POINTS = (
    "Rolled out feature flags for every service.",
    "Moved the nightly jobs to Airflow.",
    "Cut the build time in half with remote caching.",
    "Wrote the runbook for the on-call rotation.",
    "Added contract tests for the billing API.",
    "Replaced cron scripts with Step Functions.",
)
HANGING = '<w:ind w:left="360" w:hanging="360"/>'

JOBS = (
    (
        "Acme Corp | Jan 2021 – Present",
        ["Built the pricing service.", "Ran the release train.", "Led a team."],
    ),
    ("Globex | Mar 2018 – Dec 2020", ["Migrated the ledger to Postgres.", "Tuned the Kafka consumers."]),
    ("Initech | Jun 2015 – Feb 2018", ["Automated the test suite.", "Wrote the deployment scripts."]),
    ("Hooli | 2012 – 2015", ["Supported the mail servers.", "Kept the wiki current."]),
)


def _typed(markers: list[str]) -> list[str]:
    """Four jobs whose bullets are typed with ``markers[i]`` (a format with ``{n}`` counts)."""
    blocks = [heading("Experience")]
    for (header, items), marker in zip(JOBS, markers, strict=True):
        blocks.append(bold(header))
        blocks.extend(para(marker.format(n=n) + t, ppr=HANGING) for n, t in enumerate(items, start=1))
    blocks.append(heading("Education"))
    blocks.append(para("B.Sc. Computer Science, 2011"))
    return blocks


def _added_texts(docx: bytes, n_points: int = len(POINTS)) -> list[str]:
    out = tailor(docx, [TechStack("Ops", POINTS[:n_points])]).docx
    added = checks.assert_only_insertions(docx, out, n_points)
    return [checks.texts(out)[i] for i in added]


@pytest.mark.parametrize(
    "marker",
    ["→\t", "➔ ", "✅ ", "➜ ", "➡ ", "➡\ufe0f ", "⇒ ", "► ", "▶\ufe0f ", "▸ ", "👉 ", "✓ ", "☑ ", "❯ ", "» "],
)
def test_arrow_check_and_emoji_bullets_are_typed_bullets(marker: str) -> None:
    docx = build_docx(_typed([marker] * 4))
    projects = detect_projects(docx)
    assert [p.title for p in projects][:3] == [h for h, _ in JOBS[:3]]
    assert list(projects[0].bullets) == JOBS[0][1]  # the marker is not part of the text
    for text in _added_texts(docx):
        assert text.startswith(marker) and text[len(marker) :] in POINTS


def test_each_project_keeps_its_own_typed_marker() -> None:
    docx = build_docx(_typed(["→\t", "➔ ", "✅ ", "• "]))
    added = _added_texts(docx)
    assert [t[: t.index(" ") if not t.startswith("→") else 2] for t in added] == [
        "→\t",
        "→\t",
        "➔",
        "➔",
        "✅",
        "✅",
    ]


def test_typed_enumerators_are_a_list_and_go_on_counting() -> None:
    docx = build_docx(_typed(["{n}) ", "{n}) ", "{n}) ", "{n}) "]))
    projects = detect_projects(docx)
    assert [p.title for p in projects] == [h for h, _ in JOBS]
    assert list(projects[1].bullets) == JOBS[1][1]
    # each project counts on from its own last number
    assert _added_texts(docx) == [
        "4) " + POINTS[0],
        "5) " + POINTS[3],
        "3) " + POINTS[1],
        "4) " + POINTS[4],
        "3) " + POINTS[2],
        "4) " + POINTS[5],
    ]


@pytest.mark.parametrize(
    ("marker", "next_two"),
    [
        ("{n}.\t", ("3.\t", "4.\t")),
        ("({n}) ", ("(3) ", "(4) ")),
        ("{n}. ", ("3. ", "4. ")),
    ],
)
def test_other_enumerator_forms_continue_in_their_own_format(marker: str, next_two: tuple[str, str]) -> None:
    docx = build_docx(_typed([marker] * 4))
    added = _added_texts(docx)
    # the second project has two items: its new ones are the third and the fourth
    assert added[2].startswith(next_two[0]) and added[3].startswith(next_two[1])


def test_letters_and_roman_numerals_count_in_kind() -> None:
    letters = ["a) ", "b) ", "c) "]
    roman = ["i. ", "ii. "]
    blocks = [heading("Experience"), bold(JOBS[0][0])]
    blocks += [para(m + t, ppr=HANGING) for m, t in zip(letters, JOBS[0][1], strict=True)]
    blocks += [bold(JOBS[1][0])]
    blocks += [para(m + t, ppr=HANGING) for m, t in zip(roman, JOBS[1][1], strict=True)]
    docx = build_docx(blocks)
    assert len(detect_projects(docx)) == 2
    assert _added_texts(docx, 4) == [
        "d) " + POINTS[0],
        "e) " + POINTS[2],
        "iii. " + POINTS[1],
        "iv. " + POINTS[3],
    ]


def test_first_job_typed_enumerators_then_word_numbering() -> None:
    blocks = [heading("Experience"), bold(JOBS[0][0])]
    blocks += [para(f"{n}. {t}", ppr=HANGING) for n, t in enumerate(JOBS[0][1], start=1)]
    for header, items in JOBS[1:]:
        blocks += [bold(header), *bullets(items)]
    docx = build_docx(blocks)
    projects = detect_projects(docx)
    assert [p.title for p in projects] == [h for h, _ in JOBS]
    added = _added_texts(docx)
    assert added[:2] == ["4. " + POINTS[0], "5. " + POINTS[3]]
    assert added[2:] == [POINTS[1], POINTS[4], POINTS[2], POINTS[5]]  # Word numbering: no typed marker


def test_a_lone_numbered_line_a_year_or_a_numbered_dated_header_is_no_bullet() -> None:
    blocks = [
        heading("Experience"),
        para("1. Acme Corp | Jan 2021 – Present", rpr="<w:b/>"),
        *bullets(JOBS[0][1]),
        para("2. Globex | Mar 2018 – Dec 2020", rpr="<w:b/>"),
        *bullets(JOBS[1][1]),
        heading("Education"),
        para("2011. B.Sc. Computer Science"),
        para("2012. M.Sc. Computer Science"),
        para("1. Certified Kubernetes Administrator"),
    ]
    docx = build_docx(blocks)
    projects = detect_projects(docx)
    assert [p.title for p in projects] == [
        "1. Acme Corp | Jan 2021 – Present",
        "2. Globex | Mar 2018 – Dec 2020",
    ]
    assert [list(p.bullets) for p in projects] == [JOBS[0][1], JOBS[1][1]]


def test_numbered_dated_headers_on_consecutive_lines_stay_headers() -> None:
    # Two numbered jobs in a row, the first without bullets: dated lines are headers, not items.
    blocks = [
        heading("Experience"),
        para("1. Acme Corp | Jan 2021 – Present"),
        para("2. Globex | Mar 2018 – Dec 2020"),
        *bullets(JOBS[1][1]),
    ]
    projects = detect_projects(build_docx(blocks))
    assert len(projects) == 1
    assert list(projects[0].bullets) == JOBS[1][1]
    assert "2. Globex | Mar 2018 – Dec 2020" in projects[0].header


def test_numbers_that_do_not_count_up_are_no_list() -> None:
    blocks = [heading("Experience"), bold(JOBS[0][0])]
    blocks += [para(f"{n}. {t}", ppr=HANGING) for n, t in zip((1, 1, 1), JOBS[0][1], strict=True)]
    assert detect_projects(build_docx(blocks)) == ()
