"""The candidate's name read from the top of the resume, on .docx files built here and on the
anonymized real-world corpus (whose names are invented, in the shapes of the originals)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from resume_customizer.resume.document import ResumeDocument
from resume_customizer.resume.name import candidate_name
from tests.docx_factory import W_NS, build_docx, bullets, cell, flat, heading, para, table
from tests.resume.test_layouts_round2 import _floating_textbox

BIG = '<w:b/><w:sz w:val="40"/>'
JOB = flat(
    heading("Experience"),
    para("Acme Corp | Senior Engineer | 2019 – 2023"),
    bullets(["Built the billing service.", "Cut the release time in half."]),
)


def _name(blocks: list[str], **kwargs: object) -> str | None:
    return candidate_name(ResumeDocument.open(build_docx(blocks, **kwargs)))  # type: ignore[arg-type]


def _with_header(docx: bytes, *paragraphs: str) -> bytes:
    """The package with its page header holding ``paragraphs`` instead of "Confidential resume"."""
    header = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:hdr xmlns:w="{W_NS}">{"".join(paragraphs)}</w:hdr>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = header.encode() if info.filename == "word/header1.xml" else zin.read(info)
            zout.writestr(info, data)
    return out.getvalue()


def test_the_name_line_at_the_top_is_the_candidate() -> None:
    blocks = flat(para("Omar Barnes", rpr=BIG), para("omar@example.com | (555) 010-0000"), *JOB)
    assert _name(blocks) == "Omar Barnes"


def test_a_resume_title_line_and_contact_lines_are_skipped() -> None:
    blocks = flat(
        para("Curriculum Vitae", rpr=BIG),
        para("Austin, TX 78701"),
        para("ethan.dubois@example.com"),
        para("ETHAN DUBOIS", rpr=BIG),
        *JOB,
    )
    assert _name(blocks) == "Ethan Dubois"


def test_an_all_caps_name_is_given_in_title_case_with_its_particles_and_hyphens() -> None:
    caps = para("JEAN-PIERRE O'BRIEN DE LA CRUZ", rpr=BIG)
    assert _name(flat(caps, *JOB)) == "Jean-Pierre O'Brien de la Cruz"
    assert _name(flat(para("Jean DUPONT"), *JOB)) == "Jean Dupont"


def test_a_name_on_the_line_of_its_contact_details_is_cut_from_them() -> None:
    blocks = flat(para("Priya Nair | priya@example.com | +1 555 010 0000 | linkedin.com/in/priya"), *JOB)
    assert _name(blocks) == "Priya Nair"


def test_name_labels_are_read_in_several_languages_and_in_a_label_cell() -> None:
    assert _name(flat(para("Lebenslauf"), para("Name: Jonas Becker"), *JOB)) == "Jonas Becker"
    assert _name(flat(para("Nombre completo:\tAlejandro Gómez Ruiz."), *JOB)) == "Alejandro Gómez Ruiz"
    label_table = table([cell(para("Naam")), cell(para("Vokig Keguton"))])
    assert _name(flat(para("Curriculum Vitae"), label_table, *JOB)) == "Vokig Keguton"


def test_a_title_styled_name_in_a_side_cell_is_found_below_the_first_heading() -> None:
    side = table(
        [
            cell(heading("About me"), para("Developer who likes compilers."), *JOB),
            cell(para("ava kim\nC++ Programmer", style="Title", rpr="")),
        ]
    )
    assert _name([side]) == "Ava Kim"


def test_the_name_in_the_page_header_is_used_when_the_body_starts_with_a_section() -> None:
    docx = _with_header(build_docx(JOB), para("LIAM COHEN"), para("liam@example.com"))
    assert candidate_name(ResumeDocument.open(docx)) == "Liam Cohen"


def test_the_fixture_header_confidential_resume_is_no_name() -> None:
    assert _name(JOB) is None


def test_a_name_in_a_floating_text_box_set_larger_than_the_rest_is_found() -> None:
    box = para(runs=_floating_textbox(para("Mei Kapoor", rpr='<w:sz w:val="56"/>')))
    blocks = flat(
        heading("Summary"),
        para("Platform engineer with ten years of distributed systems experience and a love of tools."),
        *JOB,
        box,
    )
    assert _name(blocks) == "Mei Kapoor"


@pytest.mark.parametrize(
    "top",
    [
        ["Senior Software Engineer", "jane@example.com | (555) 010-0000"],
        ["Resume", "Greater Boston Area"],
        ["Professional Summary", "Noah Fischer"],  # after a section heading: a reference, a client
        ["Acme Consulting Group LLC", "123 Main Street"],
        ["Technical Skills: Java, Python"],
        ["Austin, Texas, USA"],
    ],
)
def test_lines_that_are_no_name_give_none(top: list[str]) -> None:
    assert _name(flat(*[para(t) for t in top], *JOB)) is None


def test_short_names_are_names_not_function_words() -> None:
    assert _name(flat(para("An Nguyen"), *JOB)) == "An Nguyen"
    assert _name(flat(para("Li Na"), *JOB)) == "Li Na"


def test_credentials_and_a_surname_first_with_a_comma_are_read() -> None:
    assert _name(flat(para("Ingrid Sato, PhD"), *JOB)) == "Ingrid Sato"
    assert _name(flat(para("SUCOVES, Gevah"), *JOB)) == "Gevah Sucoves"


def test_detection_paragraphs_give_the_same_name() -> None:
    document = ResumeDocument.open(build_docx(flat(para("Omar Barnes", rpr=BIG), *JOB)))
    assert candidate_name(document, paras=document.analysis().detection.paras) == "Omar Barnes"


# What the anonymized corpus's first lines say (read by hand with dump.py); None where the
# resume names nobody at its top (a name only in a signature text box, a glued label).
REALWORLD = {
    "rw01": "Gote Risufu",
    "rw02": "Jupo Cujukiven Taleh",
    "rw03": "Gupezu Hom Sucu",
    "rw04": "Tedufo N. Fodekuba",
    "rw05": "Bekonagah Fefan",
    "rw06": "An Pufamu",
    "rw07": "Hesa Canah",  # "One-page CV", then "Hesa Canah / e-mail / phone"
    "rw08": "Zali Cinehujez",
    "rw09": "Vadubuk Budisef",  # "Vadubuk BUDISEF"
    "rw10": "Letoza Fewo",
    "rw11": "Rukoviz Dusun de Cawagobu",
    "rw12": "Jiver Suhesuk",
    "rw13": "Wobokot Lijeho",
    "rw14": "Bamem Vimono",
    "rw15": "Ligi Zeteta",  # in the page header; the body starts with the address
    "rw16": "Gozidaz Bifejo Zij",  # in the page header
    "rw17": "Pur Japo",  # a Title in the side cell: "pur japo" over "C++ Programmer"
    "rw18": "Sobese Gozorehif",  # "NAME<TAB>Sobese Gozorehif" under "Angaben zur Person"
    "rw19": "Katuz Zuwemog",  # in the page header
    "rw20": "A. Mezusadok",  # "A.Mezusadok" over the address
    "rw21": "Tabitas Rafuwora",  # in the page header
    "rw22": "Locug F. Bekej",  # the "Name" style, below the contact lines
    "rw23": "Wemapetu H",
    "rw24": "Ruzi Nahenune",  # not the Title-styled "SITE ... ENGINEER" below it
    "rw25": "Lubecoli Cihomo",
    "rw26": "Kemuhig Mubag",
    "rw27": "Cutehoveh Godizepev",  # the name, a line break, the job title
    "rw28": "Cufa L C",
    "rw29": "Vozokeseb Valamazew",  # in a Heading 1 (read by detection as a section)
    "rw30": "Galalasaku Hakocimigiv",
    "rw31": "Wazepasap Gavon",
    "rw32": "Niwari Bof P",
    "rw33": "Sesahamaz Betijo",
    "rw34": "Sihidu Gufid",
    "rw35": None,  # one word in the Title, the job in the Subtitle
    "rw36": None,  # the name only at the end of a floating sidebar
    "rw37": "Gevah Sucoves",  # "SUCOVES, Gevah"
    "rw38": "Suwib Bevih",
    "rw39": "Warawa Buvecaran",
    "rw40": "Ауахсцйсо Уяифалфч",
    "rw41": "Falazak Bujori Cekuj",
    "rw42": None,  # "SOGGETTO: Camajog Dodeco" (no name label we know)
    "rw43": "Falawigaf Zihit Radipe Sebahi",
    "rw44": "Dofome Pufegi",
    "rw45": "Rereduba Fapohok Kamucum Noniju",
    "rw46": "Mizefi Kovov de Detuvoki",
    "rw47": "Jovetub Tiroc",  # the Title "Jovetub tiroc"
    "rw48": "Gewajow K",  # the largest text, in a text box
    "rw49": "Vokig Keguton",
    "rw50": "Bufajemo H. Noton",
}
REALWORLD_DIR = Path(__file__).resolve().parents[1] / "realworld"


@pytest.mark.parametrize("case", sorted(REALWORLD))
def test_realworld_resumes_give_the_name_at_their_top(case: str) -> None:
    (path,) = REALWORLD_DIR.glob(f"{case}_*.docx")
    document = ResumeDocument.open(path.read_bytes())
    assert candidate_name(document) == REALWORLD[case]
