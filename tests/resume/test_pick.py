"""The recruiter corrects detection: picked projects, bullet lists picked as projects, and a
"no projects" message that says what was found instead. Real .docx files built here."""

from __future__ import annotations

import io

import docx
import pytest

from resume_customizer import InputError, NoProjectsFound, TailorOptions, TechStack, tailor
from resume_customizer.resume.lists import bullet_lists
from resume_customizer.resume.plan import parse_pick
from resume_customizer.resume.tailor import NO_PROJECTS_MESSAGE, load, survey
from tests.docx_factory import bold, build_docx, bullets, flat, heading, literal_bullets, para
from tests.resume.layouts import client_tab_dates_with_environment

POINTS = [f"Introduced picked capability number {i + 1} across the platform." for i in range(5)]
STACKS = [TechStack("Kafka", tuple(POINTS[:3])), TechStack("Terraform", tuple(POINTS[3:]))]


def _paragraphs(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


def _where_points_went(data: bytes, projects: list[list[str]]) -> dict[str, int]:
    """Each new point -> the 1-based project whose bullets it follows (new bullets go after them)."""
    texts = _paragraphs(data)
    owner = {b: n for n, bullets_ in enumerate(projects, start=1) for b in bullets_}
    out = {}
    for point in POINTS:
        i = texts.index(point)
        j = i - 1
        while texts[j] in POINTS:
            j -= 1
        out[point] = owner[texts[j]]
    return out


def _no_experience_resume() -> bytes:
    """Bullets only under Skills (6 items) and Contact (3 items): no experience entry at all."""
    return build_docx(
        flat(
            para("Jordan Example", rpr='<w:b/><w:sz w:val="40"/>'),
            heading("Skills"),
            bullets(["Java", "Python", "Go", "AWS", "Kafka", "Terraform"], num=4),
            heading("Contact"),
            bullets(["jordan@example.com", "(555) 010-0000", "Austin, TX"], num=2),
        )
    )


# --- pick -------------------------------------------------------------------------------------


def test_picked_projects_receive_the_points_round_robin_in_document_order() -> None:
    layout = client_tab_dates_with_environment()  # four projects
    result = tailor(layout.docx, STACKS, TailorOptions(pick=(4, 2, 3)))
    went = _where_points_went(result.docx, layout.projects)
    assert [went[p] for p in POINTS] == [2, 3, 4, 2, 3]
    assert result.targets == 3
    assert [p.index + 1 for p in result.projects] == [2, 3, 4]
    assert [pl.project for pl in result.plan] == [0, 1, 2, 0, 1]


def test_a_report_names_the_picked_projects() -> None:
    layout = client_tab_dates_with_environment()
    report = tailor(layout.docx, STACKS, TailorOptions(pick=(1, 4))).report()
    titles = {pl["point"]: pl["project_title"] for pl in report["plan"]}
    assert titles[POINTS[0]].startswith("Client: Client0 Corp")
    assert titles[POINTS[1]].startswith("Client: Client3 Corp")
    assert [p["index"] for p in report["projects"]] == [0, 3]


def test_the_default_still_takes_the_first_n_projects() -> None:
    layout = client_tab_dates_with_environment()
    went = _where_points_went(tailor(layout.docx, STACKS, TailorOptions(projects=2)).docx, layout.projects)
    assert [went[p] for p in POINTS] == [1, 2, 1, 2, 1]


def test_enrichment_extends_the_environment_line_of_the_picked_project_only() -> None:
    layout = client_tab_dates_with_environment()
    stacks = [TechStack("Terraform", ("Wrote Terraform modules for the data platform.",))]
    result = tailor(layout.docx, stacks, TailorOptions(pick=(3,), enrich=True))
    environments = [t for t in _paragraphs(result.docx) if t.startswith("Environment:")]
    assert [("Terraform" in t) for t in environments] == [False, False, True, False]
    assert [e.project for e in result.edits if e.kind == "environment"] == [0]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"pick": (5,)},
            "Project 5 does not exist: this resume has 4 projects (1–4); run detect to see them.",
        ),
        (
            {"pick_lists": (9,)},
            "Bullet list 9 does not exist: this resume has 8 bullet lists (1–8); run detect --lists to "
            "see them.",
        ),
    ],
)
def test_a_number_beyond_the_resume_is_refused_saying_what_it_has(
    options: dict[str, tuple[int, ...]], message: str
) -> None:
    with pytest.raises(InputError) as caught:
        tailor(client_tab_dates_with_environment().docx, STACKS, TailorOptions(**options))  # type: ignore[arg-type]
    assert caught.value.message == message


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"pick": (1,), "pick_lists": (2,)}, "not both"),
        ({"pick": ()}, "at least one"),
        ({"pick": (0, 2)}, "counted from 1"),
        ({"pick_lists": "1,2"}, "numbers like 1,3,4"),
    ],
)
def test_a_pick_that_makes_no_sense_is_refused_before_anything_is_read(
    options: dict[str, object], words: str
) -> None:
    with pytest.raises(InputError, match=words):
        TailorOptions(**options)  # type: ignore[arg-type]


def test_a_pick_is_kept_sorted_without_repeats() -> None:
    assert TailorOptions(pick=(3, 1, 3)).pick == (1, 3)


@pytest.mark.parametrize(
    ("text", "numbers"),
    [("1,3,4", (1, 3, 4)), ("2-4", (2, 3, 4)), (" 4; 1 1 ", (1, 4)), ("1 – 2, 5", (1, 2, 5)), ("", None)],
)
def test_picks_are_read_as_people_write_them(text: str, numbers: tuple[int, ...] | None) -> None:
    assert parse_pick(text) == numbers


@pytest.mark.parametrize("text", ["x", "1,,b", "0", "4-2", "1-9999", "1.5"])
def test_a_pick_that_is_not_numbers_from_1_says_what_is_wrong(text: str) -> None:
    with pytest.raises(ValueError):
        parse_pick(text)


# --- bullet lists -----------------------------------------------------------------------------


def test_every_bullet_list_is_numbered_in_reading_order_with_its_section_heading_and_project() -> None:
    layout = client_tab_dates_with_environment()
    lists = bullet_lists(load(layout.docx).detection)
    assert [(bl.number, bl.section, bl.count, bl.project) for bl in lists] == [
        (1, "Professional Summary", 2, None),
        (2, "Technical Skills", 2, None),
        (3, "Professional Experience", 3, 1),
        (4, "Professional Experience", 2, 2),
        (5, "Professional Experience", 4, 3),
        (6, "Professional Experience", 2, 4),
        (7, "Education", 1, None),
        (8, "Certifications", 2, None),
    ]
    assert lists[2].heading == "Client: Client0 Corp, Dallas, TX Mar 2010 – Dec 2011"
    assert lists[2].first == layout.projects[0][0]
    assert [p.stripped for p in lists[3].paras] == layout.projects[1]


def test_sub_items_belong_to_their_list_and_a_sentence_between_items_does_not_split_it() -> None:
    data = build_docx(
        flat(
            para("Jordan Example"),
            literal_bullets(["jordan@example.com", "Austin, TX"]),
            heading("Interests"),
            para("Open source", num=(2, 0)),
            para("Maintainer of two libraries", num=(2, 1)),
            para("This line only interrupts the list, as a note between its items does."),
            para("Running", num=(2, 0)),
            bold("Volunteering 2019 – 2021"),
            para("Food bank driver", num=(2, 0)),
        )
    )
    lists = bullet_lists(load(data).detection)
    assert [(bl.where, bl.heading, bl.first, bl.count) for bl in lists] == [
        ("top of the document", "Jordan Example", "jordan@example.com", 2),  # typed "• " left out
        ("Interests", "", "Open source", 3),
        ("Interests", "Volunteering 2019 – 2021", "Food bank driver", 1),  # a dated line starts another
    ]


def test_a_survey_gives_the_lists_without_their_paragraphs_and_the_doubts() -> None:
    found = survey(_no_experience_resume())
    assert found.projects == () and found.doubts == ()
    assert [(bl.number, bl.where, bl.count, bl.paras) for bl in found.lists] == [
        (1, "Skills", 6, ()),
        (2, "Contact", 3, ()),
    ]


# --- pick_lists -------------------------------------------------------------------------------


def test_picked_lists_stand_in_for_projects_when_none_was_found() -> None:
    data = _no_experience_resume()
    result = tailor(data, STACKS, TailorOptions(pick_lists=(1,)))
    texts = _paragraphs(result.docx)
    assert texts[texts.index("Terraform") + 1 : texts.index("Contact")] == POINTS
    new = docx.Document(io.BytesIO(result.docx)).paragraphs[texts.index(POINTS[0])]
    num_id = new._p.pPr.numPr.numId.val  # the list's own Word numbering, cloned
    assert num_id == 4
    assert result.targets == 1 and result.projects[0].section == "Skills"


def test_points_go_round_robin_over_the_picked_lists() -> None:
    result = tailor(_no_experience_resume(), STACKS, TailorOptions(pick_lists=(2, 1)))
    texts = _paragraphs(result.docx)
    skills = texts[texts.index("Terraform") + 1 : texts.index("Contact")]
    contact = texts[texts.index("Austin, TX") + 1 :]
    assert skills == [POINTS[0], POINTS[2], POINTS[4]]
    assert contact == [POINTS[1], POINTS[3]]


def test_picking_a_projects_list_tailors_exactly_as_picking_the_project() -> None:
    data = client_tab_dates_with_environment().docx
    by_list = tailor(data, STACKS, TailorOptions(pick_lists=(4,)))
    by_project = tailor(data, STACKS, TailorOptions(pick=(2,)))
    assert by_list.docx == by_project.docx
    assert by_list.inserted == by_project.inserted


# --- nothing found ----------------------------------------------------------------------------


def test_no_projects_says_in_one_line_where_the_bullet_lists_are_and_how_to_pick_one() -> None:
    with pytest.raises(NoProjectsFound) as caught:
        tailor(_no_experience_resume(), STACKS)
    assert caught.value.message == (
        "No projects found: no experience entry with bullet points. Bullet lists found only under "
        "Skills (6 items) and Contact (3 items); pick one with --pick-list K (numbers from "
        "detect --lists or --explain), or on the page."
    )


def test_no_projects_and_no_lists_says_so() -> None:
    letter = build_docx([heading("Experience"), bold("Acme | 2020 – 2021"), para("Did things.")])
    with pytest.raises(NoProjectsFound) as caught:
        tailor(letter, STACKS)
    assert caught.value.message == NO_PROJECTS_MESSAGE
    assert "no bullet list anywhere" in NO_PROJECTS_MESSAGE and "\n" not in NO_PROJECTS_MESSAGE


def test_lists_in_one_section_are_counted_together() -> None:
    data = build_docx(
        flat(
            para("Jordan Example"),
            literal_bullets(["jordan@example.com"]),
            heading("Skills"),
            bullets(["Java", "Go"], num=4),
            bold("Cloud platforms and build tooling"),
            bullets(["Git"], num=4),
        )
    )
    with pytest.raises(
        NoProjectsFound, match=r"the top of the document \(1 item\) and Skills \(2 lists, 3 items\);"
    ):
        tailor(data, STACKS)
