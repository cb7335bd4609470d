"""What each line of a resume is: section headings and their kind, and the lines of an entry.

The first stage of detection. Section headings are decided by their look (style, boldness,
size, border, a label cell) shared with the other headings, plus the section noun they hold
("Research Experience", "Berufserfahrung", "Work History"). Inside a section, a line can be
an entry's header (dates, a ``Client:`` label, a short title), a ``Responsibilities`` label, a
bullet (Word numbering or a typed marker), or an ``Environment:`` line. Grouping these into
entries and projects is ``group``'s job; nothing here edits the document.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum

from .dates import has_date_range
from .structure import W_P, W_T, Para

# ---------------------------------------------------------------------------------------
# Section headings
# ---------------------------------------------------------------------------------------


class SectionKind(StrEnum):
    """What a section of the resume is about."""

    TOP = "top"  # before the first heading: name, contact, sometimes a summary
    SUMMARY = "summary"
    SKILLS = "skills"
    EXPERIENCE = "experience"
    EDUCATION = "education"
    CERTIFICATIONS = "certifications"
    OTHER = "other"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_KIND_WORDS: list[tuple[SectionKind, frozenset[str]]] = [
    (
        SectionKind.SUMMARY,
        _words(
            "summary profile overview objective objectives synopsis introduction about highlights "
            "snapshot statement "
            "profil kurzprofil zusammenfassung perfil resumen resumo profilo sommario profiel samenvatting "
            "профиль резюме себе цель"
        ),
    ),
    (
        SectionKind.EXPERIENCE,
        _words(
            "experience experiences employment projects project assignments engagements engagement positions "
            # German, French, Spanish, Portuguese, Italian, Dutch (accents folded)
            "berufserfahrung berufserfahrungen erfahrung erfahrungen praxiserfahrung projekterfahrung "
            # Russian (и for й: accents are folded)
            "опыт проекты трудовая деятельность стаж "
            "werdegang "
            "projekte parcours projets experiencia experiencias proyectos trayectoria projetos esperienza "
            "esperienze progetti werkervaring ervaring projecten loopbaan"
        ),
    ),
    (
        SectionKind.SKILLS,
        _words(
            "skills skill competencies competency technologies technology expertise tools proficiency "
            "proficiencies stack strengths toolkit "
            "kenntnisse fahigkeiten faehigkeiten kompetenzen technologien competences habilidades "
            "навыки умения компетенции технологии "
            "conoscenza capacita informatiche informatica herramientas informatica informatiques "
            "talenkennis computerkennis "
            "competencias conocimientos tecnologias conhecimentos competencias competenze conoscenze "
            "tecnologie vaardigheden kennis"
        ),
    ),
    (
        SectionKind.EDUCATION,
        _words(
            "education educational academic academics academia qualification qualifications degree "
            "degrees schooling "
            "ausbildung bildung studium schulbildung formation formations etudes formacion educacion "
            "образование "
            "estudios formacao educacao istruzione formazione opleiding opleidingen"
        ),
    ),
    (
        SectionKind.CERTIFICATIONS,
        _words(
            "certifications certification certificates certificate licenses licences license licence "
            "training trainings courses course coursework credentials workshops workshop seminars "
            "webinars moocs "
            "zertifikate zertifizierungen weiterbildung weiterbildungen certificaciones certificacoes "
            "сертификаты курсы "
            "certificazioni certificaten cursos corsi cursussen"
        ),
    ),
    (
        SectionKind.OTHER,
        _words(
            "awards award honors honours achievements accomplishments publications patents languages "
            "interests hobbies references volunteer volunteering activities declaration memberships "
            "membership affiliations extracurricular contact personal leadership recognition recognitions "
            "conferences presentations talks speaking hackathons miscellaneous passport strengths "
            "co curricular "
            "sprachen sprachkenntnisse langues idiomas linguas lingue talen interessen hobbys loisirs "
            "языки интересы хобби контакты достижения награды публикации "
            "caratteristiche straniere nevenactiviteiten gegevens hobbies datos "
            "interet interets aficiones intereses interesses interessi kontakt contacto contato contatto "
            "referenzen auszeichnungen publikationen premios publicaciones"
        ),
    ),
]
# Words that may stand in a heading beside the kind words ("Professional Work Experience").
FILLER = _words(
    "professional work relevant technical key career core and of my details information history it "
    "industry consulting client clients selected recent previous major additional other areas area "
    "software computer programming held record highlights executive brief overall domain functional "
    "soft hard the in me summary detailed employment notable significant list a qualifications personal job "
    "handled undertaken worked done background portfolio progression timeline chronology path journey "
    "attended undergone completed programs programmes program programme taken consultant freelance "
    "contract contracting "
    # German, French, Spanish, Portuguese, Italian, Dutch (accents folded)
    "berufliche beruflicher beruflichen praktische technische professionnelle professionnelles "
    "работы профессиональныи ключевые личные дополнительная информация о и "
    "accademiche accademica accademico lavorativa professionali personali altre other otras outras "
    "persoonlijke personales pessoais "
    "professionnel techniques personnelles profesional profesionales laboral laborales tecnicas "
    "profissional profissionais professionale professionali lavorativa lavorative lavorativo tecniche "
    "werk persoonlijke personliche personales pessoais personali akademische academique academica "
    "academico de des du la le et und der die y e ed en van di do da del d l centres centre"
)
# Words that mark an entry's sub-heading, never a section ("Key Achievements:" inside a job).
SUBHEADING_WORDS = _words("achievements accomplishments highlights activities leadership")
ALL_SECTION_WORDS = frozenset().union(*(w for _, w in _KIND_WORDS)) | FILLER
# Kind words that outrank a "history" phrase ("Educational Background", "Training History").
_KIND_VOCAB_NOT_JOBS = frozenset().union(
    *(w for k, w in _KIND_WORDS if k in (SectionKind.EDUCATION, SectionKind.CERTIFICATIONS))
)
_NON_WORD = re.compile(r"[^a-z0-9\u0430-\u044f\u0451 ]+")  # Latin (accents folded) and Cyrillic


_LEADING_NUMBER = re.compile(r"^\s*(?:\d{1,2}|[ivx]{1,4}|[a-h])[.)]\s+", re.IGNORECASE)
# Qualifiers a heading may carry beyond its name: "(10+ Years)", "– 8 yrs", "(Most Recent First)".
_YEARS_QUALIFIER = re.compile(
    r"(?:\b(?:over|about|around|nearly|approx\.?|more\s+than)\s+)?\b\d{1,2}(?:\.\d)?\s*(?:\+\s*)?"
    r"(?:years?|yrs?\.?)(?:\s+of)?(?![\w])",
    re.IGNORECASE,
)
_PARENTHETICAL = re.compile(r"[(\[]([^()\[\]]{1,40})[)\]]")


def _drop_qualifiers(text: str) -> str:
    """The heading without a count of years or a bracketed remark ("Most Recent First")."""
    if re.search(r":\s*\S", text):
        return text  # "Experience: 8 years" is a label with its value, not a heading
    t = _YEARS_QUALIFIER.sub(" ", text)

    def bracket(m: re.Match[str]) -> str:
        inner = m.group(1)
        # "(2)" or "(Phase 2)" names a part of something; "(Selected)", "(Most Recent First)" do not.
        return " " if re.search(r"[a-z]{3}", inner, re.IGNORECASE) and not re.search(r"\d", inner) else m[0]

    return _PARENTHETICAL.sub(bracket, t)


def fold_accents(text: str) -> str:
    """The text without diacritics: "Expérience" -> "Experience", "Fähigkeiten" -> "Fahigkeiten"."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text.replace("ß", "ss"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def heading_words(text: str) -> list[str]:
    t = _drop_qualifiers(_LEADING_NUMBER.sub("", fold_accents(text.strip())))
    t = t.lower().replace("&", " and ").replace("/", " ")
    words = _NON_WORD.sub(" ", t).split()
    if len(words) > 3 and all(len(w) == 1 for w in words):
        words = ["".join(words)]  # letter-spaced "E X P E R I E N C E"
    return [_compound_head(w) for w in words]


# German (and Dutch) join a qualifier to the section noun: "Computerkenntnisse",
# "IT-Kenntnisse", "Projekterfahrung", "Hochschulausbildung", "Softwareprojecten". The head is
# the last part; a word ending in one of these nouns names that kind of section.
_COMPOUND_HEADS = (
    "kenntnisse",
    "erfahrungen",
    "erfahrung",
    "ausbildung",
    "werdegang",
    "kompetenzen",
    "fahigkeiten",
    "faehigkeiten",
    "zertifikate",
    "zertifizierungen",
    "weiterbildungen",
    "weiterbildung",
    "projekte",
    "sprachen",
    "ervaring",
    "opleidingen",
    "opleiding",
    "vaardigheden",
    "projecten",
)


@functools.lru_cache(maxsize=4096)
def _compound_head(word: str) -> str:
    if len(word) < 9 or word in ALL_SECTION_WORDS:
        return word
    for head in _COMPOUND_HEADS:
        if word.endswith(head) and len(word) - len(head) >= 2:
            return head
    return word


PROJECT_WORDS = _words("project projects assignments engagements")
# "Work History", "Career Progression", "Professional Background", "Consulting History".
_HISTORY_WORDS = _words("history background progression timeline chronology path journey record")
_HISTORY_OWNERS = _words(
    "work career employment professional job consulting client clients contract contracting freelance "
    "consultant engagement engagements"
)


@functools.lru_cache(maxsize=4096)
def section_kind(text: str) -> SectionKind | None:
    """The kind of section a heading's text names, or None when it names none."""
    if len(text) > 120:  # six words at most, with a remark: never a paragraph's worth
        return None
    words = heading_words(text)
    if not words or len(words) > 8 or not all(w in ALL_SECTION_WORDS for w in words):
        return None
    wordset = set(words)
    if wordset & PROJECT_WORDS:
        return SectionKind.EXPERIENCE  # "Project Profile", "Projects Summary": the jobs
    if wordset & {"experience", "employment"} and wordset & {"summary", "profile", "overview"}:
        return SectionKind.SUMMARY  # "Experience Summary" is the summary, not the jobs
    if wordset & _HISTORY_WORDS and wordset & _HISTORY_OWNERS and not wordset & _KIND_VOCAB_NOT_JOBS:
        return SectionKind.EXPERIENCE  # "Work History", "Career Progression", "Client History"
    for kind, vocab in _KIND_WORDS:
        if wordset & vocab:
            return kind
    return None


# The nouns that make a heading an experience section whatever qualifies them ("Research
# Experience", "Teaching Positions", "Experiencia docente"): the head of the phrase.
_EXPERIENCE_NOUNS = _words(
    "experience experiences employment employments positions appointments internships internship "
    "assignments engagements projects career careers "
    "berufserfahrung erfahrung erfahrungen praktika projekte taetigkeiten tatigkeiten "
    "experiencia experiencias proyectos practicas experiences stages projets "
    "experiencia experiencias projetos estagios esperienza esperienze progetti tirocini "
    "ervaring werkervaring projecten stages"
)
# Words that make "… Experience" something else than the jobs: a summary of them, a skill.
_NOT_JOBS_QUALIFIERS = _words(
    "summary profile overview user customer design designer manager lead engineer developer analyst "
    "officer specialist consultant architect director head years year total"
)


@functools.lru_cache(maxsize=4096)
def qualified_section_kind(text: str) -> SectionKind | None:
    """EXPERIENCE for a heading whose head noun is an experience noun, qualified by words we do
    not know ("Research Experience", "Professional Teaching & Writing Experience",
    "Expérience de recherche"); None otherwise. Only the look of the line can confirm it."""
    if len(text) > 80 or any(ch.isdigit() for ch in text) or ":" in text.rstrip(":"):
        return None
    words = heading_words(text)
    if not 2 <= len(words) <= 6:
        return None
    unknown = [w for w in words if w not in ALL_SECTION_WORDS]
    if not 1 <= len(unknown) <= 3 or set(words) & _NOT_JOBS_QUALIFIERS:
        return None
    if words[-1] in _EXPERIENCE_NOUNS:
        return SectionKind.EXPERIENCE  # English: the noun comes last
    if words[0] in _EXPERIENCE_NOUNS:
        # Romance languages put the noun first ("Experiencia docente"); the qualifiers after it
        # are lower case there, where a job title would be capitalised ("Experience Designer").
        tail = fold_accents(text.strip()).split()[1:]
        if (tail and all(not t[:1].isupper() for t in tail)) or text.isupper():
            return SectionKind.EXPERIENCE
    return None


LABEL = re.compile(
    r"^\s*(?:client|company|employer|organi[sz]ation|project(?:\s*(?:#\s*)?\d+)?(?:\s+(?:name|title))?|"
    r"role|title|designation|position|duration|period|location|team\s+size|domain|customer|"
    r"job\s+title|dates?|tenure)\s*(?:\d+\s*)?[:\-–—]",
    re.IGNORECASE,
)
_RESP_WORDS = (
    r"(?:responsibilit(?:y|ies)|duties|duty|contributions|accomplishments|achievements|tasks|"
    r"activities|deliverables|highlights|work\s+performed|functions|role\s+description|обязанности)"
)
_RESP = re.compile(
    rf"^(?:(?:key|major|main|primary|core|principal|professional|job|day[- ]to[- ]day|my|roles?|"
    rf"and|&|/|,|specific|general|technical|other)\s*)*{_RESP_WORDS}"
    rf"(?:\s*(?:and|&|/|,)\s*{_RESP_WORDS})*(?:\s+(?:include|included|handled|held))?\s*[:\-–—]?$",
    re.IGNORECASE,
)
ENVIRONMENT = re.compile(
    r"^\s*(?:technical\s+)?(?:environment|environments|technologies(?:\s+used)?|technology(?:\s+stack)?|"
    r"tech(?:nology|nical)?\s+stack|tools(?:\s*(?:and|&)\s*technologies)?(?:\s+used)?|"
    r"technologies\s*(?:and|&)\s*tools|software(?:\s+used)?|platforms?|skills\s+used|stack)\s*(?:[:\-–—]|$)",
    re.IGNORECASE,
)


def plain_text(p: Para) -> str:
    """The paragraph's text without a typed bullet, whitespace collapsed."""
    text = p.text[len(p.literal) :] if p.literal else p.text
    return " ".join(text.split())


# "Managerial Responsibilities:", "Team Lead Duties:": any short qualifier before the word.
_RESP_QUALIFIED = re.compile(
    r"^(?:[a-z][\w'&/\-]*\s+){1,3}(?:responsibilit(?:y|ies)|duties)\s*(?P<colon>[:\-–—])?$", re.IGNORECASE
)


def is_resp_heading(p: Para) -> bool:
    text = plain_text(p)
    if not 0 < len(text) <= 60:
        return False
    if _RESP.match(text):
        return True
    m = _RESP_QUALIFIED.match(text)
    # Without a colon it must stand apart ("Other duties" may be a bullet of its own).
    return m is not None and (m.group("colon") is not None or (not p.is_list and p.bold >= 0.6))


def is_label_item(p: Para) -> bool:
    """A list item that is a header field of an entry: "➢ Client : Acme", "• Duration: 2019 – 2021"."""
    if not p.is_list:
        return False
    text = plain_text(p)
    return bool(LABEL.match(text)) and len(text.split()) <= 16 and not text.endswith((".", ";"))


def is_env(p: Para) -> bool:
    return bool(ENVIRONMENT.match(plain_text(p)))


def is_bare_label(text: str) -> bool:
    """A label with its value elsewhere: "Client:", "Environment" alone in a table cell."""
    return bool(LABEL.match(text + (":" if not text.endswith(":") else ""))) and len(text.split()) <= 3


def is_headerish(p: Para) -> bool:
    """A line that plausibly starts or continues an entry's header."""
    text = plain_text(p)
    if has_date_range(text) or LABEL.match(text):
        return True
    if p.heading_level is not None or p.bold >= 0.6:
        return True
    words = text.split()
    # A short line that is not a sentence: "Acme Corp, Dallas TX", "Senior Engineer".
    return len(words) <= 14 and not text.endswith((".", ";", ","))


def is_header_item(p: Para, nxt: Para | None, after: Para | None = None) -> bool:
    """A list item that is really an entry header: "• Acme Corp | 2019 – 2021" over sub-bullets.

    Also a bold title item whose dates (or a label) stand on a plain line below it, over
    deeper items: "• Senior Developer, Acme" / "Jan 2021 – Present" / "  ◦ Built …".
    """
    text = plain_text(p)
    strong = has_date_range(text) or bool(LABEL.match(text))
    if not strong:
        return (
            p.bold >= 0.6
            and len(text.split()) <= 20
            and not text.endswith((".", ";"))
            and nxt is not None
            and not nxt.is_list
            and is_entry_signal(nxt)
            and after is not None
            and after.is_list
            and nesting(after) > nesting(p)
        )
    if p.bold >= 0.6 and len(text.split()) <= 20:
        return True
    return nxt is not None and nxt.is_list and nesting(nxt) > nesting(p)


def nesting(p: Para) -> int:
    return p.level * 10_000 + (p.indent or 0)


def list_key(p: Para) -> tuple[object, ...]:
    """What makes list items belong to the same list: numbering or typed marker."""
    if p.num is not None:
        return ("num", p.num[0])
    if p.enum is not None:
        return ("enum", *p.enum[:3])  # "1)", "2)" … one list, whatever the number
    return ("lit", (p.literal or "").strip()[:1])


def same_list(a: Para, b: Para) -> bool:
    """Items of one list for a reader: the same numbering, or a new numId in the very same look.

    Google Docs restarts the numId after a line that interrupts a list; the items after it
    keep the style, indentation, level and marker of those before.
    """
    if list_key(a) == list_key(b):
        return True
    return (
        a.num is not None
        and b.num is not None
        and a.num_look is not None
        and a.num_look == b.num_look
        and a.level == b.level
        and a.style_id == b.style_id
        and a.indent == b.indent
    )


def looks_like_heading(p: Para, body_size: int | None) -> bool:
    """Formatting that sets a line apart as a heading."""
    if p.heading_level is not None:
        return True
    if p.literal is not None:
        return False
    if p.bold >= 0.6 or p.caps or p.border or p.text.rstrip().endswith(":"):
        return True
    if body_size is not None and p.size is not None and p.size > body_size:
        return True
    return p.cell is not None and not is_label_cell(p)


def is_label_cell(p: Para) -> bool:
    """A key in a key-value table row ("Technologies | Java, Spring"), not a heading."""
    row = p.row
    if row is None or p.cell is None:
        return False
    others = 0
    for tc in row:
        if tc is p.cell:
            continue
        for node in tc.iter(W_T):
            if (node.text or "").strip():
                others += 1
                break
    if not others:
        return False
    # A side heading ("EXPERIENCE" left of the whole section) has a long neighbour.
    neighbour_paras = sum(
        1 for tc in row if tc is not p.cell for q in tc.iter(W_P) if "".join(q.itertext()).strip()
    )
    return neighbour_paras <= 2


def signature(p: Para) -> tuple[object, ...]:
    # Caps are left out: "PROFESSIONAL SUMMARY" and "Education" often share one style.
    return (p.style_id, p.heading_level, p.bold >= 0.6, p.size, p.border, p.table_depth)


@dataclass
class Section:
    """A run of paragraphs under one heading."""

    kind: SectionKind
    title: str
    heading: Para | None
    paras: list[Para] = field(default_factory=list)


def body_font_size(paras: list[Para]) -> int | None:
    """The font size most of the text is set in (half-points), if the runs say."""
    sizes = Counter(p.size for p in paras if p.size is not None and len(p.text) > 40)
    return sizes.most_common(1)[0][0] if sizes else None


def find_sections(paras: list[Para]) -> list[Section]:
    """Split the body into sections at the recognised headings.

    Real section headings share one look (style, boldness, size, border); a resume names
    several different kinds of section with it. Lines that merely contain section words —
    a "Technologies:" label inside a job, a "Languages" cell of the skills table — have other
    looks, and are accepted only when they are unmistakably headings.
    """
    body_size = body_font_size(paras)
    candidates: list[tuple[Para, SectionKind]] = []
    for p in paras:
        text = p.stripped
        if not text or len(text) > 80 or p.literal is not None:
            continue
        kind = section_kind(text)
        if kind is None or is_label_cell(p):
            continue
        if p.num is not None and p.heading_level is None and not (p.bold >= 0.6 or p.caps):
            continue
        candidates.append((p, kind))

    groups: dict[tuple[object, ...], list[tuple[Para, SectionKind]]] = {}
    for p, kind in candidates:
        groups.setdefault(signature(p), []).append((p, kind))
    main_sig: tuple[object, ...] | None = None
    if groups:
        main_sig = max(
            groups,
            key=lambda sig: (len({k for _, k in groups[sig]}), len(groups[sig]), -groups[sig][0][0].index),
        )
    main = groups.get(main_sig, []) if main_sig is not None else []
    main_ok = bool(main) and (
        any(looks_like_heading(p, body_size) for p, _ in main) or len({k for _, k in main}) >= 3
    )
    main_levels = [p.heading_level for p, _ in main if p.heading_level is not None]

    accepted: dict[int, SectionKind] = {}
    _accept_qualified_headings(
        paras, candidates, accepted, main_sig if main_ok else None, main_levels, body_size
    )
    for p, kind in candidates:
        sig = signature(p)
        if sig == main_sig:
            if main_ok:
                accepted[p.index] = kind
            continue
        if p.heading_level is not None and main_levels and p.heading_level <= max(main_levels):
            accepted[p.index] = kind
            continue
        words = set(heading_words(p.stripped))
        subheading = bool(words & SUBHEADING_WORDS)
        if (
            kind
            in (
                SectionKind.EXPERIENCE,
                SectionKind.SUMMARY,
                SectionKind.EDUCATION,
                SectionKind.CERTIFICATIONS,
            )
            and not subheading
            and looks_like_heading(p, body_size)
            and (not p.text.rstrip().endswith(":") or (main_ok and _all_end_with_colon(main)))
        ):
            accepted[p.index] = kind
        elif (
            kind in (SectionKind.SKILLS, SectionKind.OTHER)
            and main_ok
            and p.caps
            and p.bold >= 0.6
            and p.table_depth == 0
            and not p.text.rstrip().endswith(":")
            and len(p.stripped.split()) <= 5
        ):
            # "COMPETENZE" in another style than "FORMAZIONE" but in the same bold capitals:
            # a section all the same (a "Technologies:" label inside a job has its colon).
            accepted[p.index] = kind

    # A heading in the very Heading style the known sections use names a section too, even
    # in words we do not know ("Where I Have Worked"); its kind is left open.
    top_level = min(main_levels) if main_ok and main_levels else None
    if top_level is not None:
        for p in paras:
            text = p.stripped
            if (
                p.index not in accepted
                and p.heading_level == top_level
                and text
                and len(text.split()) <= 6
                and not any(ch.isdigit() for ch in text)
                and not LABEL.match(text)
            ):
                accepted[p.index] = SectionKind.OTHER

    _drop_headings_inside_entries(paras, accepted)
    _drop_subheadings_in_experience(paras, accepted)
    if main_ok and main and all(p.caps for p, _ in main):
        _accept_unnamed_headings(paras, accepted, main_sig)

    sections = [Section(SectionKind.TOP, "", None)]
    for p in paras:
        kind = accepted.get(p.index)
        if kind is not None:
            sections.append(Section(kind, p.stripped.rstrip(":").strip(), p))
        else:
            sections[-1].paras.append(p)
    return sections


def _accept_qualified_headings(
    paras: list[Para],
    candidates: list[tuple[Para, SectionKind]],
    accepted: dict[int, SectionKind],
    main_sig: tuple[object, ...] | None,
    main_levels: list[int],
    body_size: int | None,
) -> None:
    """Accept "Research Experience", "Teaching Experience" … by their look and what follows.

    The line must be dressed like the resume's other section headings (the same look, or a
    Heading style no deeper than theirs), or look like a heading and be followed by an
    entry's header (dates, a label) before any bullet: a job title such as "Customer
    Experience Lead" is neither.
    """
    known = {p.index for p, _ in candidates}
    items = [p for p in paras if p.stripped]
    for i, p in enumerate(items):
        text = p.stripped
        if p.index in known or p.literal is not None or p.num is not None or len(text) > 80:
            continue
        if qualified_section_kind(text) is None or is_label_cell(p):
            continue
        same_look = main_sig is not None and signature(p) == main_sig
        heading_rank = p.heading_level is not None and (
            not main_levels or p.heading_level <= max(main_levels)
        )
        entry_follows = False
        if looks_like_heading(p, body_size):
            for q in items[i + 1 : i + 5]:
                if q.is_list:
                    break
                if has_date_range(plain_text(q)) or LABEL.match(plain_text(q)):
                    entry_follows = True
                    break
        if same_look or heading_rank or entry_follows:
            accepted[p.index] = SectionKind.EXPERIENCE


def _drop_subheadings_in_experience(paras: list[Para], accepted: dict[int, SectionKind]) -> None:
    """Keep the experience going past an "Achievements" heading that more jobs follow.

    A job's "Achievements" or "Highlights" may be set in the look of the section headings;
    when the lines after it hold another entry (a Responsibilities label, or dates, then
    bullets), it is part of the experience, not a section of its own.
    """
    items = [p for p in paras if p.stripped]
    kind: SectionKind | None = None
    for i, p in enumerate(items):
        if p.index not in accepted:
            continue
        if (
            kind is SectionKind.EXPERIENCE
            and accepted[p.index] is SectionKind.OTHER
            and set(heading_words(p.stripped)) & SUBHEADING_WORDS
        ):
            signal = False
            for q in items[i + 1 :]:
                if q.index in accepted:
                    break
                if not q.is_list and (is_resp_heading(q) or has_date_range(plain_text(q))):
                    signal = True
                elif signal and q.is_list:
                    del accepted[p.index]
                    break
            if p.index not in accepted:
                continue
        kind = accepted[p.index]


def _accept_unnamed_headings(
    paras: list[Para], accepted: dict[int, SectionKind], main_sig: tuple[object, ...] | None
) -> None:
    """End the experience at a line dressed like the section headings, in words we do not know.

    "TRAININGS ATTENDED" in the very look of "WORK EXPERIENCE" (all caps) after the last job
    is a section of its own. A company name in that look is not: it sits next to dates, a
    label or a Responsibilities heading ("ACME CORP" over "Engineer | 2019 – 2021"), so a
    line is taken only in an experience whose entries carry dates, when neither the lines
    just before nor the header lines after it do.
    """
    items = [p for p in paras if p.stripped]
    kind: SectionKind | None = None
    dated = False
    for i, p in enumerate(items):
        if p.index in accepted:
            kind, dated = accepted[p.index], False
            continue
        if kind is not SectionKind.EXPERIENCE:
            continue
        if has_date_range(p.stripped):
            dated = True
            continue
        text = p.stripped
        if (
            not dated
            or signature(p) != main_sig
            or not p.caps
            or p.is_list
            or len(text) > 40
            or len(text.split()) > 5
            or any(ch.isdigit() for ch in text)
            or LABEL.match(text)
            or is_env(p)
            or is_resp_heading(p)
            or set(heading_words(text)) & SUBHEADING_WORDS
        ):
            continue
        before = items[i - 1] if i else None
        if before is not None and not before.is_list and is_entry_signal(before):
            continue
        after = []
        for q in items[i + 1 : i + 7]:
            if q.index in accepted or (q.is_list and not is_label_item(q)):
                break
            after.append(q)
        if any(is_entry_signal(q) for q in after):
            continue
        accepted[p.index] = SectionKind.OTHER


# Section words that name a job as easily as a section ("TECHNOLOGY CONSULTANT", "Technical Lead").
_WEAK_SECTION_WORDS = _words("technology technologies technical technologien tecnologias tecnologie")


def _drop_headings_inside_entries(paras: list[Para], accepted: dict[int, SectionKind]) -> None:
    """Un-accept a heading-like line that sits inside an experience entry's header.

    A job title in the look of the section headings ("TECHNOLOGY CONSULTANT" between
    "Deloitte, Boston | 2017 – 2020" and that job's bullets) is not a section: a line with a
    dated or labelled line just before it and the bullets just after it is a header line, as
    is one whose only section words are weak ones ("technology") next to such a line.
    """
    items = [p for p in paras if p.stripped]
    kind: SectionKind | None = None
    for i, p in enumerate(items):
        if p.index not in accepted:
            continue
        if kind is SectionKind.EXPERIENCE and accepted[p.index] is not SectionKind.EXPERIENCE:
            before = items[i - 1] if i else None
            after = items[i + 1] if i + 1 < len(items) else None
            signal_before = (
                before is not None
                and before.index not in accepted
                and not before.is_list
                and is_header_signal(before)
            )
            bullets_after = after is not None and after.is_list and not is_label_item(after)
            signal_after = after is not None and after.index not in accepted and is_header_signal(after)
            if p.heading_level is not None and p.heading_level <= 1:
                signal_before = signal_after = False  # a Heading 1 is a section even after a job
            words = set(heading_words(p.stripped))
            weak = bool(words & _WEAK_SECTION_WORDS) and not (
                words & (ALL_SECTION_WORDS - FILLER - _WEAK_SECTION_WORDS)
            )
            if (signal_before and bullets_after) or (weak and (signal_before or signal_after)):
                del accepted[p.index]
                continue
        kind = accepted[p.index]


def is_header_signal(p: Para) -> bool:
    """A dated or labelled line of an entry's header (an Environment line ends the entry)."""
    text = plain_text(p)
    return (has_date_range(text) or bool(LABEL.match(text))) and not is_env(p)


def is_entry_signal(p: Para) -> bool:
    """A line that only an experience entry's header has: dates, a label, a list heading."""
    text = plain_text(p)
    return has_date_range(text) or bool(LABEL.match(text)) or is_resp_heading(p) or is_env(p)


def _all_end_with_colon(items: list[tuple[Para, SectionKind]]) -> bool:
    return all(p.text.rstrip().endswith(":") for p, _ in items)


__all__ = [
    "ENVIRONMENT",
    "LABEL",
    "Section",
    "SectionKind",
    "body_font_size",
    "find_sections",
    "fold_accents",
    "heading_words",
    "is_env",
    "is_label_item",
    "is_resp_heading",
    "list_key",
    "plain_text",
    "qualified_section_kind",
    "same_list",
    "section_kind",
    "signature",
]
