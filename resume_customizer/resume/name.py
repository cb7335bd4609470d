"""The candidate's name, read from the top of the resume (for ``{name}`` in subjects and bodies).

A recruiter's files are named "pub01 omar barnes.docx" or "Candidate 03.docx"; the resume
itself says "Omar Barnes" at the top. That line is looked for, in this order:

1. a paragraph in a style named for it ("Name", "CV First Name") or a ``Name: …`` label;
2. the first lines of the body (table cells and text boxes included, in reading order), up
   to the first section heading: the first one that reads as a name;
3. a Title-styled paragraph anywhere near the top (a sidebar's title cell);
4. the page header's first lines (a name set in the header of every page);
5. the one paragraph set larger than everything else (a name in a floating text box).

A name is 2–5 words (particles aside), capitalised (particles such as "de", "van" aside), with no digits, no
@, no URL and no word a section heading, a job title, an address or a document title uses
("Resume", "Curriculum Vitae", "Senior Engineer", "Acme Corp"). A wrong name is worse than
none, so anything in doubt gives None and the caller falls back to the file name. An ALL CAPS
name is given in Title Case ("JANE DOE" → "Jane Doe"; "Jean DUPONT" → "Jean Dupont").
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Sequence

from lxml import etree

from ..errors import CustomizerError
from .classify import ALL_SECTION_WORDS, SectionKind, body_font_size, fold_accents, section_kind
from .document import ResumeDocument
from .structure import Para, describe, reading_order
from .xml import R_NS, parse_xml, qn

# The name is at the top: the paragraphs further down are never read (a 40-page CV costs the
# same as a one-pager).
TOP_PARAGRAPHS = 80
FIRST_LINES = 12  # non-empty paragraphs read for the name line
HEADER_LINES = 4


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_PARTICLES = _set(
    "de da del della dei der den des di do dos das du la le lo van von ter ten zu y e bin binti bint "
    "al el ibn ben"
)
_PREFIXES = _set("mr mrs ms miss mx dr prof")
_SUFFIXES = _set("jr sr ii iii iv")
_CREDENTIALS = _set("phd ph.d md m.d mba msc ms ma bsc bs ba beng meng pe p.e cpa pmp cfa rn esq jd llm dds")
# Words a name never holds: section headings (classify's vocabulary), job titles, places and
# organisations, contact labels, document titles. Compared lower case, accents folded.
_NOT_NAME_WORDS = (
    (ALL_SECTION_WORDS - _PARTICLES)
    | _set(
        # job titles and fields
        "engineer engineers engineering developer developers development manager management consultant "
        "consultants analyst analysts architect architects designer designers administrator admin specialist "
        "scientist intern interns internship student graduate undergraduate postgraduate lead senior junior "
        "principal staff head director officer president vice founder cofounder owner technician programmer "
        "tester devops data big full stack site reliability java python javascript web frontend backend "
        "front back end software hardware cloud network networks systems system security product products "
        "business sales marketing recruiter teacher professor lecturer researcher research assistant "
        "associate coordinator executive partner partners accountant nurse attorney lawyer trainee "
        "apprentice freelancer expert certified qa ux ui ai ml sre dba hr net sap salesforce aws azure "
        "mobile ios android embedded mechanical electrical civil chemical solution solutions service "
        "services team group department science sciences digital finance financial operations support "
        "customer quality assurance test testing automation platform infrastructure database application "
        "applications games content writer editor artist photographer trainer mentor leader specialist "
        "ingenieur ingeniera ingeniero entwickler softwareentwickler berater desarrollador analista "
        "desenvolvedor sviluppatore programmatore ontwikkelaar engenheiro developpeur gerente jefe "
        "directeur responsable stagiaire etudiant estudiante studente praktikant werkstudent "
        "programmierer informatiker fachinformatiker kaufmann"
        # organisations and places
        " inc llc ltd limited gmbh ag corp corporation company plc srl bv university universitat "
        "universidad universite universita universidade college institute institut instituto school "
        "schule academy hochschule street road avenue ave drive boulevard blvd apt apartment suite "
        "city county state country remote new san los las greater"
        # contact labels
        " phone mobile mob cell tel telephone email mail address linkedin github portfolio website "
        "skype telefon telefono telefone handy adresse direccion endereco indirizzo correo date birth "
        "born nationality citizenship"
        # document titles and the like
        " resume resumes cv curriculum vitae vita lebenslauf confidential draft updated version "
        "template cover letter hoja vida curriculo levensloop name names dear hello hi welcome thank "
        "thanks you i am is are was your our for with on at by from as or not this that none"
    )
) - _PARTICLES
# Labels before a name: "Name: Jane Doe", "Nombre completo: …", "Naam<TAB>…" (accents folded).
_LABELS = (
    "full name|candidate name|name of candidate|candidate|applicant name|applicant|name|"
    "nombre completo|nombres y apellidos|apellidos y nombres?|nombre y apellidos?|nombre|"
    "nom complet|nom et prenom|prenom et nom|nom prenom|nom|"
    "vor- und nachname|vorname und nachname|name und vorname|vorname nachname|"
    "volledige naam|naam|nome completo|nome e cognome|cognome e nome|nome|имя|фио|ф\\.и\\.о\\."
)
_LABEL_LINE = re.compile(rf"^\s*(?:{_LABELS})\s*(?:[:：]\s*|\t+\s*|\s{{2,}})(?P<value>\S.*)$", re.IGNORECASE)
_BARE_LABEL = re.compile(rf"^\s*(?:{_LABELS})\s*[:：]?\s*$", re.IGNORECASE)
# "Resume", "Curriculum Vitae", "CV – Jane Doe", "Jane Doe's Resume", "Lebenslauf von …".
_DOC_TITLE = (
    r"(?:r[eé]sum[eé]|cv|c\.v\.|curriculum\s+vitae|curriculum|vitae|lebenslauf|hoja\s+de\s+vida|"
    r"curr[ií]culo)"
)
_DOC_PREFIX = re.compile(
    rf"^\s*{_DOC_TITLE}(?![^\W\d_])\s*(?:(?:of|von|de|di|van)\s+)?[:\-–—|]*\s*", re.IGNORECASE
)
_DOC_SUFFIX = re.compile(rf"\s*(?:['’]s)?\s*[:\-–—|]*\s*(?<![^\W\d_]){_DOC_TITLE}\s*$", re.IGNORECASE)
# Where a line holding the name goes on with contact details: "Jane Doe | jane@x.com | …".
_SEPARATORS = re.compile(r"\s*(?:\|+|•|·|●|▪|⋅|\t+|\s/\s|\s[–—]\s)\s*")
_CONTACT = re.compile(r"@|https?:|www\.|\.com\b|\d", re.IGNORECASE)
_WORD = re.compile(r"^[^\W\d_]+(?:[-'’.][^\W\d_]+)*\.?$")
_GLUED_INITIALS = re.compile(r"^((?:[^\W\d_]\.)+)(?=[^\W\d_]{2})")  # "A.Kumar" -> "A." "Kumar"
_ROMAN = _set("ii iii iv")
_NAME_STYLE_NOT = re.compile(
    r"company|school|job|employer|organi[sz]ation|institution|univers|position|title"
)


def candidate_name(document: ResumeDocument, *, paras: Sequence[Para] | None = None) -> str | None:
    """The person's name as the resume gives it at the top, or None when no line reads as one.

    ``paras``: the document's walked paragraphs when detection has them already (the page's
    inspection); otherwise only the first ``TOP_PARAGRAPHS`` are described here.
    """
    body = document.root.find(qn("w:body"))
    if body is None:
        return None
    if paras is None:
        elements = reading_order(body)[:TOP_PARAGRAPHS]
        paras = [describe(p, i, document.styles) for i, p in enumerate(elements)]
    else:
        paras = list(paras[:TOP_PARAGRAPHS])
    lines = [p for p in paras if p.stripped]
    body_size = body_font_size(paras)
    return (
        _by_name_style(lines)
        or _in_first_lines(lines, body_size)
        or _by_title_style(lines)
        or _in_headers(document, body)
        or _largest(lines, body_size)
    )


_BY_CONTENT: dict[bytes, str | None] = {}
_BY_CONTENT_LOCK = threading.Lock()
_BY_CONTENT_MAX = 512


def candidate_name_in(data: bytes, *, filename: str = "resume.docx") -> str | None:
    """The candidate's name in .docx bytes, read once per content; None when the file cannot be
    read or names nobody at its top (bulk items without a name of their own)."""
    key = hashlib.sha256(data).digest()
    with _BY_CONTENT_LOCK:
        if key in _BY_CONTENT:
            return _BY_CONTENT[key]
    try:
        found = candidate_name(ResumeDocument.open(data, filename=filename))
    except CustomizerError:
        found = None  # the tailoring reports what is wrong with the file
    with _BY_CONTENT_LOCK:
        if len(_BY_CONTENT) >= _BY_CONTENT_MAX:
            _BY_CONTENT.clear()
        _BY_CONTENT[key] = found
    return found


def _by_name_style(lines: list[Para]) -> str | None:
    for p in lines:
        style = p.style_name
        if "name" in style and not _NAME_STYLE_NOT.search(style):
            found = _name_in(p, lenient=True)
            if found:
                return found
    return None


def _by_title_style(lines: list[Para]) -> str | None:
    for p in lines:
        if p.heading_level == 0:
            found = _name_in(p, lenient=True)
            if found:
                return found
    return None


def _in_first_lines(lines: list[Para], body_size: int | None) -> str | None:
    """The name line among the body's first lines, or a labelled name ("Name: Jane Doe")."""
    top = lines[:FIRST_LINES]
    open_ = True  # plain lines count until the first section heading (labels count after it too)
    first = True  # the first line that is not a document title ("Resume") may carry contacts too
    for i, p in enumerate(top):
        for line in p.text.split("\n"):
            text = " ".join(line.split())
            if not text:
                continue
            labelled = _labelled(line, top[i + 1] if i + 1 < len(top) else None)
            if labelled is not None:
                return labelled or None
            if not open_:
                continue
            kind = section_kind(text)
            if kind is not None and kind is not SectionKind.OTHER:
                open_ = False
                continue
            if kind is not None or _is_doc_title(text):
                continue
            found = _name_of(line, first=first)
            first = False
            if found:
                return found
            nxt = top[i + 1] if i + 1 < len(top) else None
            joined = _split_over_two_lines(p, nxt, body_size)
            if joined:
                return joined
    return None


def _labelled(line: str, nxt: Para | None) -> str | None:
    """The name a label gives ("" when the label is there but its value is no name), else None."""
    m = _LABEL_LINE.match(fold_accents(line))
    if m is not None:
        value = line[m.start("value") :]
        return _clean(_SEPARATORS.split(value.strip())[0], lenient=False) or ""
    if _BARE_LABEL.match(fold_accents(line)) and nxt is not None:
        # "Name" in one cell of a table, the name in the next.
        return _clean(_SEPARATORS.split(nxt.stripped)[0], lenient=False) or ""
    return None


def _split_over_two_lines(p: Para, nxt: Para | None, body_size: int | None) -> str | None:
    """A first name and a surname set large on two lines of their own ("JANE" / "DOE")."""
    if nxt is None or len(p.stripped.split()) != 1 or len(nxt.stripped.split()) != 1:
        return None
    if p.style_id != nxt.style_id:
        return None  # a Title over a Subtitle is the name over the job
    if p.size is None or p.size != nxt.size or body_size is None or p.size < body_size + 4:
        return None
    return _clean(f"{p.stripped} {nxt.stripped}", lenient=False)


def _in_headers(document: ResumeDocument, body: etree._Element) -> str | None:
    """The name in the first page's header (the first section's own header, then the others)."""
    sect = next(body.iter(qn("w:sectPr")), None)
    if sect is None:
        return None
    refs = {
        r.get(qn("w:type")) or "default": r.get(f"{{{R_NS}}}id") or ""
        for r in sect.iter(qn("w:headerReference"))
    }
    first_page = sect.find(qn("w:titlePg")) is not None
    order = ["first", "default", "even"] if first_page else ["default", "first", "even"]
    for kind in order:
        rid = refs.get(kind)
        if not rid:
            continue
        try:
            part = document.package.related_part_by_id(rid)
            data = document.package.read(part, missing_ok=True) if part else None
            root = parse_xml(data, part=part or "header") if data else None
        except CustomizerError:
            continue  # an unreadable header is no name; the body is what counts
        if root is None:
            continue
        lines = [describe(p, i, document.styles) for i, p in enumerate(root.iter(qn("w:p")))]
        for p in [q for q in lines if q.stripped][:HEADER_LINES]:
            for line in p.text.split("\n"):
                text = " ".join(line.split())
                if not text or _is_doc_title(text) or section_kind(text) is not None:
                    continue
                found = _labelled(line, None) or _name_of(line, first=False)
                if found:
                    return found
    return None


def _largest(lines: list[Para], body_size: int | None) -> str | None:
    """The one line set larger than all others, well above the body text."""
    sized = [p for p in lines if p.size is not None]
    if not sized or body_size is None:
        return None
    top = max(p.size for p in sized if p.size is not None)
    biggest = [p for p in sized if p.size == top]
    if len(biggest) != 1 or top < body_size + 8:
        return None
    return _name_in(biggest[0], lenient=False)


def _name_in(p: Para, *, lenient: bool) -> str | None:
    """The name a paragraph's first line holds (a Title may go on with the job title)."""
    first = next((ln for ln in p.text.split("\n") if ln.strip()), "")
    if _is_doc_title(" ".join(first.split())):
        return None
    labelled = _labelled(first, None)
    if labelled is not None:
        return labelled or None
    return _name_of(first, first=False, lenient=lenient)


def _name_of(line: str, *, first: bool, lenient: bool = False) -> str | None:
    """The name a line reads as: the whole line, or, on a first line that goes on with contact
    details ("Jane Doe | jane@example.com"), the part before them."""
    text = _DOC_SUFFIX.sub("", _DOC_PREFIX.sub("", line.strip())).strip()
    parts = [s for s in _SEPARATORS.split(text) if s.strip()]
    if not parts:
        return None
    if len(parts) > 1 and (not first or not any(_CONTACT.search(s) for s in parts[1:])):
        return None
    return _clean(parts[0], lenient=lenient)


def _is_doc_title(text: str) -> bool:
    return bool(re.fullmatch(rf"(?:[\w\-]+\s+)?{_DOC_TITLE}[\s:.]*", text, re.IGNORECASE))


def _clean(text: str, *, lenient: bool) -> str | None:
    """``text`` as a name in its usual case, or None when it does not read as one.

    ``lenient``: the line's style says it is the name (a Title, a "Name" style), so a name
    written all in lower case ("jane doe") is taken too.
    """
    text = " ".join(text.split()).strip(" .,;:-–—")
    if not text or len(text) > 60 or _CONTACT.search(text) or ":" in text or "(" in text:
        return None
    if text.count(",") == 1:
        left, right = (s.strip() for s in text.split(","))
        if fold_accents(right).lower().replace(" ", "").rstrip(".") in _CREDENTIALS:
            text = left  # "Jane Doe, PhD"
        elif len(left.split()) == 1 and left.isupper() and len(left) > 1 and 1 <= len(right.split()) <= 2:
            text = f"{right} {left}"  # "DOE, Jane": the surname in capitals, then the given name
        else:
            return None
    elif "," in text:
        return None
    words: list[str] = []
    for w in text.split():
        m = _GLUED_INITIALS.match(w)
        if m is not None:
            words.extend([m.group(1), w[m.end() :]])
        else:
            words.append(w)
    if not 2 <= len(words) <= 7 or not all(_WORD.match(w) for w in words):
        return None
    if sum(1 for w in words if fold_accents(w).lower() not in _PARTICLES) > 5:
        return None  # "María José García de la Cruz" is a name; six capitalised words are not
    keys = [fold_accents(w).lower().rstrip(".") for w in words]
    core = [
        (w, k)
        for i, (w, k) in enumerate(zip(words, keys, strict=True))
        if not (i == 0 and k in _PREFIXES) and not (i == len(words) - 1 and i and k in _SUFFIXES)
    ]
    if any(len(k) > 1 and k in _NOT_NAME_WORDS for _, k in core):
        return None
    real = [w for w, k in core if len(k.replace(".", "")) > 1 and k not in _PARTICLES]
    if not real:
        return None
    letters = [ch for w in words for ch in w if ch.isalpha()]
    if not lenient:
        if not all(w[0].isupper() for w, k in core if k not in _PARTICLES):
            return None
    elif any(w[0].isupper() for w in words) and not words[0][0].isupper():
        return None
    if not letters:
        return None
    return " ".join(_cased(w, i, all_caps="".join(letters).isupper()) for i, w in enumerate(words))


def _cased(word: str, index: int, *, all_caps: bool) -> str:
    """A word of the name in its usual case: "DOE" → "Doe", "jean-pierre" → "Jean-Pierre"."""
    key = word.lower().rstrip(".")
    if key in _ROMAN and index:
        return word.upper()
    if key in _PARTICLES and index:
        return word.lower() if (all_caps or word.islower()) else word
    letters = [ch for ch in word if ch.isalpha()]
    if len(letters) > 1 and (all(ch.isupper() for ch in letters) or all(ch.islower() for ch in letters)):
        return re.sub(r"[^\W\d_]+", lambda m: m.group(0)[:1].upper() + m.group(0)[1:].lower(), word)
    if letters and letters[0].islower():
        return word[:1].upper() + word[1:]
    return word


__all__ = ["candidate_name", "candidate_name_in"]
