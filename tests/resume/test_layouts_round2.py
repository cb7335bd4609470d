"""Second round of layouts that broke detection or insertion, each built as a real .docx.

A sidebar in a floating text box anchored inside a job's first bullet, a job title in the
look of the section headings, title bullets with their dates on a plain line below, a
Google Docs list restarted under a new numId, bullets drawn as inline pictures, German and
French headings and dates, and a last bullet that ends a document section.
"""

from __future__ import annotations

import re

from lxml import etree

from resume_customizer import TechStack, detect_projects, tailor
from tests.docx_factory import BODY_RPR, W_NS, build_docx, flat, para, run
from tests.resume import checks

W = f"{{{W_NS}}}"
RULE = '<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="auto"/></w:pBdr>'
HEAD_RPR = '<w:rFonts w:ascii="Calibri" w:hAnsi="Calibri"/><w:b/><w:sz w:val="24"/>'
CAPS_RPR = '<w:rFonts w:ascii="Calibri" w:hAnsi="Calibri"/><w:b/><w:sz w:val="22"/>'
ITALIC_RPR = BODY_RPR + "<w:i/>"
BOLD_BODY = BODY_RPR + "<w:b/>"

NS_DRAWING = (
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
)
MC = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
VML = 'xmlns:v="urn:schemas-microsoft-com:vml"'


def _head(text: str) -> str:
    return para(text.upper(), rpr=HEAD_RPR, ppr=RULE)


def _pts(tag: str, n: int) -> list[str]:
    return [f"Delivered the {tag} deliverable number {i + 1} ahead of schedule." for i in range(n)]


def _bullets(texts: list[str], num: int = 2, ilvl: int = 0) -> list[str]:
    return [para(t, num=(num, ilvl), ppr='<w:spacing w:after="40"/>') for t in texts]


def _floating_textbox(inner: str) -> str:
    """A run holding a floating (wp:anchor) text box, Word 2010 shape with a VML fallback."""
    drawing = (
        f"<w:drawing {NS_DRAWING}>"
        '<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="2" '
        'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="page"><wp:posOffset>228600</wp:posOffset></wp:positionH>'
        '<wp:positionV relativeFrom="page"><wp:posOffset>457200</wp:posOffset></wp:positionV>'
        '<wp:extent cx="2286000" cy="8229600"/><wp:wrapSquare wrapText="bothSides"/>'
        '<wp:docPr id="1" name="Text Box 1"/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/>'
        '<a:ext cx="2286000" cy="8229600"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>'
        f"<wps:txbx><w:txbxContent>{inner}</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp>"
        "</a:graphicData></a:graphic></wp:anchor></w:drawing>"
    )
    fallback = (
        f'<w:pict {VML}><v:shape id="tb1" '
        'style="position:absolute;margin-left:18pt;width:180pt;height:648pt">'
        f"<v:textbox><w:txbxContent>{inner}</w:txbxContent></v:textbox></v:shape></w:pict>"
    )
    return (
        f'<w:r><mc:AlternateContent {MC}><mc:Choice Requires="wps">{drawing}</mc:Choice>'
        f"<mc:Fallback>{fallback}</mc:Fallback></mc:AlternateContent></w:r>"
    )


def _sidebar() -> str:
    return "".join(
        flat(
            _head("Contact"),
            para("(415) 555-0107"),
            _head("Skills"),
            para("Python, Go, SQL"),
            para("Terraform, Kubernetes"),
            _head("Education"),
            para("M.S. Computer Science, San Jose State University"),
        )
    )


def _inserted_after(result_docx: bytes, original: bytes) -> list[str]:
    """For each inserted paragraph, the text of the original paragraph just before it."""
    ins = checks.assert_only_insertions(
        original, result_docx, len(checks.inserted_indices(original, result_docx))
    )
    all_texts = checks.texts(result_docx)
    out = []
    for i in ins:
        j = i - 1
        while j in ins:
            j -= 1
        out.append(all_texts[j].lstrip("\t"))  # text_of reads a w:tabs stop as a tab too
    return out


JOBS3 = [
    ("Chime · San Francisco · 2021 – Present", "Staff SRE", _pts("chime", 4)),
    ("Square · San Francisco · 2018 – 2021", "Senior SRE", _pts("square", 3)),
    ("Intuit · Mountain View · 2015 – 2018", "DevOps Engineer", _pts("intuit", 3)),
]
STACKS3 = [TechStack("Kafka", ("Point one.", "Point two.", "Point three."))]


# ---------------------------------------------------------------------------------------
# 1. A floating sidebar anchored in the first job's first bullet
# ---------------------------------------------------------------------------------------


def _sidebar_in_first_bullet() -> bytes:
    blocks = [para("Priya Menon", rpr='<w:b/><w:sz w:val="40"/>'), _head("Experience")]
    for k, (company, role, pts) in enumerate(JOBS3):
        blocks += [para(role, rpr=BOLD_BODY), para(company, rpr=ITALIC_RPR)]
        for j, t in enumerate(pts):
            extra = _floating_textbox(_sidebar()) if k == 0 and j == 0 else ""
            blocks.append(para(num=(2, 0), runs=run(t) + extra))
    blocks += [_head("Certifications"), para("Google Professional Cloud Architect")]
    return build_docx(blocks)


def test_a_floating_sidebar_anchored_in_a_bullet_does_not_end_the_experience() -> None:
    docx = _sidebar_in_first_bullet()
    found = detect_projects(docx)
    assert [list(p.bullets) for p in found] == [pts for _, _, pts in JOBS3]
    result = tailor(docx, STACKS3)
    assert _inserted_after(result.docx, docx) == [pts[-1] for _, _, pts in JOBS3]


def test_a_text_box_alone_in_its_paragraph_is_read_where_it_stands() -> None:
    band = para(runs=_floating_textbox(para("WORK EXPERIENCE", rpr=HEAD_RPR)))
    blocks = flat(
        _head("Summary"),
        para("Embedded engineer with eight years of firmware experience."),
        band,
        *[flat(para(f"{role} | {company}", rpr=BOLD_BODY), _bullets(pts)) for company, role, pts in JOBS3],
        _head("Education"),
        para("M.Sc. Electrical Engineering, Politecnico di Torino, 2015"),
    )
    found = detect_projects(build_docx(blocks))
    assert [list(p.bullets) for p in found] == [pts for _, _, pts in JOBS3]
    assert {p.section for p in found} == {"WORK EXPERIENCE"}


# ---------------------------------------------------------------------------------------
# 2. A job title in the look of the section headings
# ---------------------------------------------------------------------------------------


def test_a_title_line_dressed_like_a_heading_inside_an_entry_is_no_section() -> None:
    def caps(text: str) -> str:
        return para(text, rpr=CAPS_RPR, ppr='<w:spacing w:after="40"/>')

    jobs = [
        ("Accenture, Boston, MA", "Jan 2021 – Present", "SENIOR MANAGER", _pts("acc", 4)),
        ("Deloitte Consulting, Boston, MA", "Jun 2017 – Dec 2020", "TECHNOLOGY CONSULTANT", _pts("del", 4)),
        ("Cognizant, Teaneck, NJ", "Aug 2013 – May 2017", "ASSOCIATE", _pts("cog", 3)),
    ]
    blocks = flat(
        caps("SUMMARY"),
        para("Technology consultant with a decade of ERP and CRM implementation experience."),
        caps("EXPERIENCE"),
        *[
            flat(para(runs=run(company, BOLD_BODY) + run("\t" + dates)), caps(title), _bullets(pts, num=1))
            for company, dates, title, pts in jobs
        ],
        caps("EDUCATION"),
        para("B.S. Information Systems, Northeastern University, 2013"),
        caps("CERTIFICATIONS"),
        para("Salesforce Certified Administrator"),
    )
    docx = build_docx(blocks)
    found = detect_projects(docx)
    assert [list(p.bullets) for p in found] == [pts for *_, pts in jobs]
    result = tailor(docx, STACKS3)
    assert _inserted_after(result.docx, docx) == [pts[-1] for *_, pts in jobs]


# ---------------------------------------------------------------------------------------
# 3. Title bullets, the dates on a plain line below, the duties one level deeper
# ---------------------------------------------------------------------------------------


def test_a_bold_title_bullet_over_a_date_line_and_deeper_bullets_heads_an_entry() -> None:
    jobs = [
        ("Senior .NET Developer, Microsoft (via Infosys), Redmond WA", "Jan 2021 – Present", _pts("ms", 4)),
        (".NET Developer, Progressive Insurance, Mayfield OH", "Mar 2018 – Dec 2020", _pts("pg", 4)),
        ("Software Engineer, Epic Systems, Verona WI", "Jul 2015 – Feb 2018", _pts("epic", 3)),
    ]
    blocks = flat(
        para("Farhan Qureshi", rpr='<w:b/><w:sz w:val="36"/>'),
        _head("Professional Experience"),
        *[
            flat(
                para(title, num=(2, 0), rpr=BOLD_BODY),
                para(dates, rpr=ITALIC_RPR, ppr='<w:ind w:left="360"/>'),
                _bullets(pts, ilvl=1),
            )
            for title, dates, pts in jobs
        ],
        _head("Education"),
        para("B.S. Computer Science, 2015"),
    )
    docx = build_docx(blocks)
    found = detect_projects(docx)
    assert [p.title for p in found] == [title for title, _, _ in jobs]
    assert [list(p.bullets) for p in found] == [pts for *_, pts in jobs]
    result = tailor(docx, STACKS3)
    assert _inserted_after(result.docx, docx) == [pts[-1] for *_, pts in jobs]
    for p in checks.paragraphs(result.docx):
        if checks.text_of(p) in ("Point one.", "Point two.", "Point three."):
            assert p.find(f"{W}pPr/{W}numPr/{W}ilvl").get(f"{W}val") == "1"


# ---------------------------------------------------------------------------------------
# 4. Google Docs: a new numId, in the same look, after a sentence that interrupts a list
# ---------------------------------------------------------------------------------------

_GDOCS_LEVEL = (
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\u25cf"/>'
    '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr>'
    '<w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial"/></w:rPr></w:lvl>'
)
GDOCS_NUMBERING = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="{W_NS}">'
    + "".join(f'<w:abstractNum w:abstractNumId="{a}">{_GDOCS_LEVEL}</w:abstractNum>' for a in range(10, 15))
    + "".join(f'<w:num w:numId="{20 + k}"><w:abstractNumId w:val="{10 + k}"/></w:num>' for k in range(5))
    + "</w:numbering>"
)


def test_a_list_continued_under_a_new_numid_in_the_same_look_stays_one_entry() -> None:
    note = "In 2023 I also took over the billing platform team, where I owned the roadmap and planning."
    lp = '<w:spacing w:before="0" w:after="0"/><w:ind w:left="720" w:hanging="360"/>'
    jobs = [
        ("Stripe — Senior Product Manager, Mar 2021 – Present", _pts("stripe", 3), _pts("billing", 2)),
        ("Intercom — Product Manager, Jan 2018 – Feb 2021", _pts("intercom", 4), []),
        ("Workday — Associate Product Manager, Sep 2015 – Dec 2017", _pts("workday", 3), []),
    ]
    blocks = [para("Olivia Brennan", rpr='<w:b/><w:sz w:val="40"/>'), para("Experience", style="Heading1")]
    nid = 20
    for header, pts, more in jobs:
        blocks.append(para(header, style="Heading2"))
        blocks += [para(t, num=(nid, 0), ppr=lp) for t in pts]
        if more:
            blocks.append(para(note))
            nid += 1
            blocks += [para(t, num=(nid, 0), ppr=lp) for t in more]
        nid += 1
    blocks += [para("Education", style="Heading1"), para("Trinity College Dublin — B.A. Economics, 2015")]
    docx = build_docx(blocks, numbering=GDOCS_NUMBERING)
    found = detect_projects(docx)
    assert [list(p.bullets) for p in found] == [pts + more for _, pts, more in jobs]
    result = tailor(docx, STACKS3)
    assert _inserted_after(result.docx, docx) == [(pts + more)[-1] for _, pts, more in jobs]


# ---------------------------------------------------------------------------------------
# 5. Bullets drawn as a small inline picture, a tab, then the text (no numbering)
# ---------------------------------------------------------------------------------------


def _picture_run(doc_id: int) -> str:
    return (
        f"<w:r><w:drawing {NS_DRAWING}>"
        '<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="91440" cy="91440"/>'
        f'<wp:docPr id="{doc_id}" name="Picture {doc_id}" descr="bullet"/>'
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        '<pic:pic><pic:nvPicPr><pic:cNvPr id="0" name="bullet.png"/><pic:cNvPicPr/></pic:nvPicPr>'
        '<pic:blipFill><a:blip r:embed="rId5"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
        '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="91440" cy="91440"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>'
        "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
    )


def test_inline_picture_bullets_are_bullets_and_new_ones_clone_the_picture() -> None:
    jobs = [
        ("Marketing Technology Lead | IKEA Digital, Malmö | 2021 – Present", _pts("ikea", 4)),
        ("Marketing Automation Specialist | H&M Group, Stockholm | 2018 – 2021", _pts("hm", 4)),
        ("Web Analyst | Volvo Cars, Gothenburg | 2015 – 2018", _pts("volvo", 3)),
    ]
    ppr = '<w:tabs><w:tab w:val="left" w:pos="360"/></w:tabs><w:ind w:left="360" w:hanging="360"/>'
    blocks = [para("Sofia Lindgren", rpr='<w:b/><w:sz w:val="36"/>'), _head("Experience")]
    doc_id = 10
    for header, pts in jobs:
        blocks.append(para(header, rpr=BOLD_BODY))
        for t in pts:
            blocks.append(para(ppr=ppr, runs=_picture_run(doc_id) + run("\t") + run(t)))
            doc_id += 1
    blocks += [_head("Education"), para("B.A. Media Technology, 2015")]
    docx = build_docx(blocks)
    found = detect_projects(docx)
    assert [list(p.bullets) for p in found] == [pts for _, pts in jobs]
    result = tailor(docx, STACKS3)
    assert _inserted_after(result.docx, docx) == [pts[-1] for _, pts in jobs]
    body = etree.fromstring(_document_xml(result.docx)).find(f"{W}body")
    added = [
        p
        for p in body.iter(f"{W}p")
        if checks.text_of(p).endswith(("Point one.", "Point two.", "Point three."))
    ]
    assert len(added) == 3
    wp = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    r_embed = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"
    for p in added:
        assert checks.text_of(p).startswith("\t")
        blips = list(p.iter(f"{a}blip"))
        assert [b.get(r_embed) for b in blips] == ["rId5"]  # the same picture, same part: still valid
    ids = [d.get("id") for d in body.iter(f"{wp}docPr")]
    assert len(ids) == len(set(ids)), "every drawing keeps a unique id"


def _document_xml(docx: bytes) -> bytes:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return z.read("word/document.xml")


# ---------------------------------------------------------------------------------------
# 6. German and French headings and dates
# ---------------------------------------------------------------------------------------


def _intl_cv(heads: list[str], dates: list[str]) -> tuple[bytes, list[list[str]]]:
    profile, skills, experience, education = heads
    jobs = [
        ("Senior DevOps Engineer", _pts("a", 4)),
        ("DevOps Engineer", _pts("b", 4)),
        ("Admin", _pts("c", 3)),
    ]
    blocks = flat(
        para("Jonas Becker", rpr='<w:b/><w:sz w:val="36"/>'),
        _head(profile),
        para("DevOps-Ingenieur mit über zehn Jahren Erfahrung in Cloud-Plattformen."),
        _head(skills),
        para("Kubernetes, Terraform, AWS, Python"),
        _head(experience),
        *[
            flat(para(runs=run(role, BOLD_BODY) + run("\t" + d)), para("Firma GmbH, München"), _bullets(pts))
            for (role, pts), d in zip(jobs, dates, strict=True)
        ],
        _head(education),
        para("M.Sc. Informatik, Technische Universität München"),
    )
    return build_docx(blocks), [pts for _, pts in jobs]


def test_german_headings_and_dates() -> None:
    docx, expected = _intl_cv(
        ["Profil", "Kenntnisse", "Berufserfahrung", "Ausbildung"],
        ["04/2021 – heute", "01/2017 – 03/2021", "09/2013 – 12/2016"],
    )
    found = detect_projects(docx)
    assert [list(p.bullets) for p in found] == expected
    assert found[0].section == "BERUFSERFAHRUNG"


def test_french_headings_with_accents_and_dates() -> None:
    docx, expected = _intl_cv(
        ["Profil", "Compétences", "Expérience professionnelle", "Formation"],
        ["Sept. 2021 – aujourd'hui", "Janv. 2017 – Août 2021", "Sept. 2013 – Déc. 2016"],
    )
    found = detect_projects(docx)
    assert [list(p.bullets) for p in found] == expected
    assert found[0].section == "EXPÉRIENCE PROFESSIONNELLE"


def test_foreign_month_names_and_present_words_make_date_ranges() -> None:
    from resume_customizer.resume.detect import has_date_range, section_kind

    for text in (
        "Mär 2019 – Okt 2020",
        "2019 bis heute",
        "Janv. 2017 – Août 2021",
        "enero de 2019 – actualidad",
        "maio 2018 a dezembro 2020",
        "gen 2018 – oggi",
        "mrt 2016 – heden",
    ):
        assert has_date_range(text), text
    assert not has_date_range("set 10 - 12 goals")
    for text, kind in (
        ("Beruflicher Werdegang", "experience"),
        ("Experiencia laboral", "experience"),
        ("Experiência profissional", "experience"),
        ("Esperienza lavorativa", "experience"),
        ("Werkervaring", "experience"),
        ("Formación académica", "education"),
        ("Fähigkeiten", "skills"),
        ("Habilidades", "skills"),
    ):
        assert section_kind(text) == kind, text


# ---------------------------------------------------------------------------------------
# 7. The last bullet ends a document section
# ---------------------------------------------------------------------------------------

SECT_BREAK = (
    '<w:sectPr><w:type w:val="continuous"/><w:pgSz w:w="12240" w:h="15840"/>'
    '<w:pgMar w:top="1080" w:right="1080" w:bottom="1080" w:left="1080"/><w:cols w:space="720"/></w:sectPr>'
)


def test_new_bullets_stay_in_the_section_of_a_last_bullet_that_ends_it() -> None:
    blocks = [_head("Experience")]
    for company, role, pts in JOBS3:
        blocks += [para(f"{role}, {company}", rpr=BOLD_BODY)]
        blocks += [para(t, num=(2, 0), ppr=SECT_BREAK if (t == JOBS3[-1][2][-1]) else "") for t in pts]
    blocks += [_head("Education"), para("B.S. Computer Science, 2015")]
    docx = build_docx(blocks)
    result = tailor(docx, [TechStack("Kafka", tuple(f"Point {i}." for i in range(6)))])
    ins = checks.assert_only_insertions(docx, result.docx, 6)  # the original paragraphs untouched
    all_texts = checks.texts(result.docx)
    last = JOBS3[-1][2]
    section_end = all_texts.index(last[-1])
    new_in_last = [i for i in ins if all_texts.index(last[0]) < i < section_end + 1]
    assert new_in_last and all(i < section_end for i in new_in_last)
    paragraphs = checks.paragraphs(result.docx)
    assert sum(1 for p in paragraphs if p.find(f"{W}pPr/{W}sectPr") is not None) == 1
    assert re.search("cols", etree.tostring(paragraphs[section_end]).decode())


# ---------------------------------------------------------------------------------------
# 8. Undated side projects before dated jobs
# ---------------------------------------------------------------------------------------


def _projects_then_jobs(project_header: str) -> tuple[bytes, list[list[str]], list[list[str]]]:
    side = [(project_header, _pts("openrec", 3)), ("TinyLLM — distillation experiments", _pts("tiny", 2))]
    jobs = [
        ("Machine Learning Engineer — Pinterest\tJul 2021 – Present", _pts("pin", 4)),
        ("Data Scientist — Yelp\tJun 2019 – Jun 2021", _pts("yelp", 4)),
        ("Software Engineer — Samsung Research\tAug 2017 – May 2019", _pts("sam", 3)),
    ]
    blocks = flat(
        _head("Summary"),
        para("ML engineer with six years of experience shipping recommendation models."),
        _head("Projects"),
        *[flat(para(h, rpr=BOLD_BODY), _bullets(pts)) for h, pts in side],
        _head("Experience"),
        *[flat(para(h, rpr=BOLD_BODY), _bullets(pts)) for h, pts in jobs],
        _head("Education"),
        para("B.S. Computer Science, 2017"),
    )
    return build_docx(blocks), [pts for _, pts in side], [pts for _, pts in jobs]


def test_side_projects_beside_dated_jobs_are_not_targets() -> None:
    docx, _side, jobs = _projects_then_jobs("OpenRec — open-source recommender toolkit")
    found = detect_projects(docx)
    assert [list(p.bullets) for p in found] == jobs  # the recruiter can still pick them by hand
    result = tailor(docx, STACKS3)
    assert _inserted_after(result.docx, docx) == [pts[-1] for pts in jobs]


def test_dated_client_projects_keep_their_place_before_the_jobs() -> None:
    docx, side, _jobs = _projects_then_jobs("Client: Acme Bank\tJan 2022 – Present")
    found = detect_projects(docx)
    assert [list(p.bullets) for p in found][:1] == side[:1]
