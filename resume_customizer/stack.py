"""Tech-stack text -> ``list[TechStack]``.

Recruiters paste stacks in many shapes, often mixed in one text:

* blocks: a tech name line, then its points one per line (``• ``, ``- ``, ``* ``, ``▪ ``, Word's
  ``o``, ``->``, ``✅``, ``1. ``, ``iv. `` or no marker), blocks separated by blank lines or not;
  a line that wraps a marked point is joined to it;
* colon headings: ``AWS:`` (or ``**AWS:**``, ``AWS：``, ``Tech Stack 1: AWS``) on its own line,
  then its points;
* inline: ``Python: • point one • point two``, ``AWS - point``, ``AWS | point``, ``1. AWS: point``,
  ``AWS<TAB>point`` rows (a ``Tech<TAB>Point`` header row is skipped), ``AWS: a; b``.

Markers are stripped, whitespace normalised, exact duplicates dropped and characters that are
not legal in XML, zero-width characters and terminal escape sequences removed. Lines that are
context rather than a tech ("Job: Senior Engineer", "Skills: Python, AWS") and whatever else
could not be read are reported in ``StackParse.warnings``. HTML and RTF source are refused.
A point that is only a tech name ("Kafka", or "Java", "Spring Boot" one per line) is a name,
never a bullet: it is left out with a warning, and a stack of names only is refused.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from .errors import CustomizerError, InputError

EXAMPLE = "Python: • Built REST APIs with FastAPI • Wrote pytest suites"
_EMPTY_MESSAGE = (
    "The tech stack has no bullet points. Write a tech name, then its points, one per line "
    f"or inline, for example: {EXAMPLE}"
)
_NAMES_ONLY_MESSAGE = (
    "The tech stack lists only tech names ({names}), no points. Under each name write what was "
    f"done with it, one point per line or inline, for example: {EXAMPLE}"
)
_MAX_NAMES_SHOWN = 6

# Characters XML 1.0 forbids, plus C1 controls (legal but never meant in a resume).
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
# Invisible characters pasted from web pages and Word (zero-width, BOM, soft hyphen, emoji
# variation selectors), and terminal escape sequences such as "\x1b[31m".
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff\ufe0e\ufe0f]")
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_BULLET_CHARS = "•●○◦▪▫■□‣⁃∙·➢➤➔➜➡❖✓✔✅☑►▶▸▹◆◇♦★☆→⇒・👉🔹🔸\uf0b7\uf0a7\uf076\uf0d8\uf0fc"
_ROMAN = r"(?:x{0,3}(?:ix|iv|vi{0,3}|i{1,3})|X{0,3}(?:IX|IV|VI{0,3}|I{1,3}))"
_MARKER = re.compile(
    rf"^(?:[{_BULLET_CHARS}]\s*|[-=]+>\s*|[-–—*+](?:\s+|$)|-(?=[A-Z])|o[ \t]+(?=\S)"
    rf"|\(?\d{{1,3}}[.)]\s+|\(?{_ROMAN}[.)]\s+|\(?[a-zA-Z][.)]\s+(?=\S{{2}}))"
)
# Markers that may follow the first one ("• - text", "1. • text"); an enumerator after a bullet
# is part of the text ("• 2) fixes shipped").
_SECOND_MARKER = re.compile(rf"^(?:[{_BULLET_CHARS}]\s*|[-=]+>\s*|[-–—*+](?:\s+|$))")
_SUB_MARKERS = frozenset("o◦○▪■▫□")  # Word's second and third list levels
_INLINE_SPLIT = {ch: re.compile(rf"\s*{re.escape(ch)}\s*") for ch in _BULLET_CHARS}
_EMPHASIS = re.compile(r"^(\*\*|__)(?P<inner>[^*_]{1,80}?)\1(?P<after>.*)$")
_HEADING_DECOR = re.compile(r"^(?:#{1,6}\s*|\*\*|__)|(?:\*\*|__)$")
_NAME_COLON = re.compile(
    rf"^(?P<name>[^:：]{{1,60}}?)\s*(?:[:：]|\s[-–—](?=\s*[{_BULLET_CHARS}]))\s*(?P<rest>.*)$"
)
# Weaker separators: "AWS - point", "AWS | point".
_NAME_DASH = re.compile(r"^(?P<name>[^:：|]{1,60}?)\s+[-–—|]\s+(?P<rest>\S.*)$")
_STACK_LABEL = re.compile(
    r"^(?:tech(?:nology)?(?:\s+stack)?|stack)(?:\s*(?:no\.|#)\s*|\s+)\d{1,3}\s*(?:[:：.)]|\s[-–—])\s*(?P<name>\S.*)$",
    re.IGNORECASE,
)
_CONTEXT_LABELS = frozenset(
    {
        "job", "job title", "title", "role", "position", "company", "client", "employer", "location",
        "candidate", "date", "level", "seniority", "skills", "key skills", "required skills",
        "skill set", "skillset", "core skills",
    }
)  # fmt: skip
_SENTENCE_END = re.compile(r"[.!?;]$")
_UNFINISHED = re.compile(r"[^.!?;:)\"”’]$")
_TRAILING_DASH = re.compile(r"\s+[-–—]+$")
_HTML = re.compile(
    r"<\s*/?\s*(?:html|body|head|ul|ol|li|p|div|span|br|h[1-6]|table|tr|td|strong|b)\b[^>]*>", re.I
)
_SURROGATE = re.compile("[\ud800-\udfff]")
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_MAX_NAME_WORDS = 6
_MAX_NAME_CHARS = 60
_MAX_LONG_NAME_WORDS = 10
_MAX_LONG_NAME_CHARS = 80


@dataclass(frozen=True)
class TechStack:
    """A tech name and the bullet points written for it."""

    name: str
    points: tuple[str, ...]


@dataclass(frozen=True)
class StackParse:
    """The stacks read from a text, and what could not be read."""

    stacks: list[TechStack]
    warnings: list[str] = field(default_factory=list)

    @property
    def point_count(self) -> int:
        """How many points in all."""
        return sum(len(s.points) for s in self.stacks)


def _invisible_gone(text: str) -> str:
    return _INVISIBLE.sub("", _ANSI.sub("", text))


def clean_text(text: str) -> str:
    """NFC-normalise, drop XML-illegal, invisible and control characters, collapse whitespace."""
    text = unicodedata.normalize("NFC", _invisible_gone(text))
    text = _ILLEGAL_XML.sub("", text)
    return " ".join(text.replace("\u00a0", " ").split())


def _strip_marker(line: str) -> tuple[str, str | None]:
    """Remove leading bullet markers; return (text, the first marker or None)."""
    m = _MARKER.match(line)
    if not m:
        return line, None
    marker = m.group(0).strip() or "-"
    rest = line[m.end() :]
    # "• - text" or "1. • text": strip every leading bullet; "• 2) fixes" keeps its "2)".
    while (m2 := _SECOND_MARKER.match(rest)) is not None and m2.end() > 0:
        rest = rest[m2.end() :]
    return rest.strip(), marker


def _demphasise(text: str) -> str:
    """``**AWS:** text`` -> ``AWS: text``; ``__AWS__`` -> ``AWS``."""
    m = _EMPHASIS.match(text)
    if not m:
        return text
    inner, after = m.group("inner").strip(), m.group("after").strip()
    if not after:
        return inner
    return f"{inner} {after}" if inner.endswith((":", "：")) or after[0] not in ":：" else inner + after


def _clean_name(name: str) -> str:
    name = _HEADING_DECOR.sub("", name.strip()).strip()
    name = name.rstrip(":：").strip()
    name = _HEADING_DECOR.sub("", name).strip()
    name = _TRAILING_DASH.sub("", clean_text(name))
    if name.endswith(".") and not name.endswith("..") and " " not in name:
        name = name[:-1]  # "Vue.js." is Vue.js
    return _without_leading_symbols(name)


def _without_leading_symbols(text: str) -> str:
    """``🚀 AWS`` -> ``AWS``: pictographs before a name or point are decoration."""
    i = 0
    while i < len(text) and (unicodedata.category(text[i]) in ("So", "Sk") or text[i].isspace()):
        i += 1
    return text[i:] if i < len(text) else text


def _clean_point(point: str) -> str:
    return _without_leading_symbols(clean_text(point))


@lru_cache(maxsize=1)
def _index() -> object | None:
    from .keywords import tech_index  # deferred: the table is compiled only when a stack is read

    try:
        return tech_index()
    except (CustomizerError, OSError):  # the table is an aid here, never a requirement
        return None


def _known_tech(text: str) -> bool:
    """Whether the whole of ``text`` names a tech the table knows ("AWS", "node.js")."""
    index = _index()
    name = _clean_name(text)
    return bool(name) and index is not None and index.resolve(name) is not None  # type: ignore[attr-defined]


def _looks_like_name(text: str, *, long: bool = False) -> bool:
    """A short label such as ``AWS``, ``Cloud Cost Management`` or ``CI/CD``."""
    t = text.strip()
    words, chars = (
        (_MAX_LONG_NAME_WORDS, _MAX_LONG_NAME_CHARS) if long else (_MAX_NAME_WORDS, _MAX_NAME_CHARS)
    )
    if not t or len(t) > chars or len(t.split()) > words:
        return False
    return not (_SENTENCE_END.search(t.rstrip(":：")) and not t.endswith((":", "：")))


def _split_inline(rest: str) -> list[str] | None:
    """``• a • b`` -> ``['a', 'b']``; None when ``rest`` does not start with a marker."""
    rest = rest.strip()
    if not rest:
        return None
    first = rest[0]
    if first in _BULLET_CHARS:
        parts = _INLINE_SPLIT[first].split(rest)
        return [p for p in parts if p.strip()]
    m = _MARKER.match(rest)
    if not m:
        return None
    marker = m.group(0).strip()
    if marker in ("-", "–", "—", "*", "+") or marker.endswith(">"):
        parts: list[str] = []
        for part in re.split(rf"(?:^|\s+){re.escape(marker)}\s+", rest):
            if parts and part[:1].islower() and _UNFINISHED.search(parts[-1]):
                parts[-1] = f"{parts[-1]} {marker} {part}"  # "ingestion - with Python": a dash in a sentence
            elif part.strip():
                parts.append(part)
        return parts
    if re.fullmatch(r"\(?\d{1,3}[.)]", marker):
        parts = re.split(r"(?:^|\s+)\(?\d{1,3}[.)]\s+", rest)
        return [p for p in parts if p.strip()]
    return [rest[m.end() :]]


def _split_semicolons(rest: str) -> list[str]:
    """``a; b`` is two points only when every part reads as a point of its own."""
    parts = [p.strip() for p in rest.split(";")]
    if len(parts) < 2 or not all(len(p.split()) >= 3 and p[0].isupper() for p in parts if p) or not parts[0]:
        return [rest]
    return [p for p in parts if p]


def _is_context(name: str, rest: str) -> bool:
    """``Job: Senior Engineer``, ``Skills: Python, AWS``: about the job, not a tech and its points."""
    if _known_tech(name):
        return False
    if " ".join(_clean_name(name).lower().split()) in _CONTEXT_LABELS:
        return True
    items = [x.strip() for x in rest.split(",")]
    return len(items) >= 2 and all(0 < len(x.split()) <= 3 for x in items) and not _SENTENCE_END.search(rest)


@dataclass
class _Block:
    name: str
    points: list[str] = field(default_factory=list)
    line_no: int = 0
    inline: bool = False  # opened by a "Name: point" line
    marked_inline: bool = False  # opened by a "1. Name: point" line
    unmarked_lines: int = 0  # point lines without a marker (wrapped lines not counted)


@dataclass
class _Line:
    no: int
    raw: str
    text: str  # marker stripped
    marker: str | None
    indent: int
    label: bool = False  # "Tech Stack 1: AWS": a heading whatever its shape
    cells: tuple[str, ...] = ()  # "AWS<TAB>point": a row pasted from a table


def _lines(text: str) -> list[_Line | None]:
    """Non-blank lines as ``_Line``; blank lines as ``None``."""
    out: list[_Line | None] = []
    text = _LINE_BREAKS.sub("\n", _invisible_gone(text))
    text = _ILLEGAL_XML.sub("", unicodedata.normalize("NFC", text))
    for no, raw in enumerate(text.split("\n"), 1):
        raw = raw.replace("\u00a0", " ")
        tabbed = bool(re.search(r"\S\t+\S", raw))
        expanded = raw.replace("\t", "    ")
        # Whitespace inside a line is one space from here on (points are collapsed anyway):
        # the marker splits below then never backtrack over a long run of spaces.
        stripped = " ".join(expanded.split())
        if not stripped:
            out.append(None)
            continue
        indent = len(expanded) - len(expanded.lstrip())
        body, marker = _strip_marker(stripped)
        body = _demphasise(body)
        label = _STACK_LABEL.match(body)
        if label and _MARKER.match(label.group("name")) is None and _looks_like_name(label.group("name")):
            body = label.group("name")
        else:
            label = None
        cells: tuple[str, ...] = ()
        if tabbed and marker is None:
            cells = tuple(c.strip() for c in raw.split("\t") if c.strip())
            body = f"{cells[0].rstrip(':：')}: {' '.join(cells[1:])}"
        out.append(_Line(no, stripped, body, marker, indent, label=bool(label), cells=cells))
    return out


def _refuse_markup(text: str) -> None:
    """HTML and RTF source are not a stack: say so rather than insert tags as points."""
    head = text.lstrip("\ufeff \t\r\n")[:2000]
    if head.startswith("{\\rtf"):
        raise InputError(
            "The tech stack looks like an RTF document, not text. "
            "Save it as plain text (.txt) or copy its text and paste that."
        )
    if head.startswith("<") and len(_HTML.findall(head)) >= 2:
        raise InputError(
            "The tech stack looks like HTML source. Paste the text as the page shows it "
            "(copy from the page, not from its source), one point per line."
        )


def _table_header(line: _Line, nxt: _Line | None) -> bool:
    """``Tech<TAB>Point``: the first row of a pasted table whose next rows are tech and point."""
    return (
        nxt is not None
        and bool(nxt.cells)
        and all(len(c.split()) <= 2 and not _SENTENCE_END.search(c) for c in line.cells)
        and len(nxt.cells[-1].split()) > 2
    )


def parse_stack_report(text: str) -> StackParse:
    """Read every tech stack in ``text``; raise ``InputError`` when there is no point at all."""
    if not isinstance(text, str):
        raise InputError("The tech stack must be text.")
    _refuse_markup(text)
    lines = _lines(text)
    blocks: list[_Block] = []
    warnings: list[str] = []
    current: _Block | None = None
    after_blank = True
    prev_marked_point = False  # the previous line was one marked point of ``current``
    marker_only = 0
    seen_tabbed = False

    def start(name: str, no: int) -> _Block:
        block = _Block(_clean_name(name), line_no=no)
        blocks.append(block)
        return block

    def skip(line: _Line, why: str) -> None:
        warnings.append(f"Line {line.no} ('{clean_text(line.raw)[:40]}') {why}; it was not read.")

    for i, line in enumerate(lines):
        if line is None:
            after_blank = True
            prev_marked_point = False
            continue
        was_marked_point, prev_marked_point = prev_marked_point, False
        nxt = next((x for x in lines[i + 1 :] if x is not None), None)
        next_is_adjacent = i + 1 < len(lines) and lines[i + 1] is not None

        if line.marker is not None and not line.text:
            marker_only += 1  # "•" or "-" alone is no point
            continue

        # "Tech<TAB>Point" header row of a pasted table.
        if line.cells and not seen_tabbed:
            seen_tabbed = True
            if _table_header(line, nxt):
                skip(line, "looks like a table header")
                continue

        # "Tech Stack 1: Python": the tech is what follows the label.
        if line.label and _looks_like_name(line.text) and ":" not in line.text:
            current = start(line.text, line.no)
            after_blank = False
            continue

        # A line that wraps the marked point above it.
        if (
            was_marked_point
            and line.marker is None
            and current is not None
            and current.points
            and _continues(line, current.points[-1], nxt if next_is_adjacent else None)
        ):
            current.points[-1] = f"{current.points[-1]} {line.text}"
            prev_marked_point = True
            continue

        m = _NAME_COLON.match(line.text)
        weak = False
        if m is None:
            m = _NAME_DASH.match(line.text)
            weak = m is not None
        name_ok = m is not None and _looks_like_name(m.group("name"))

        # Inline: "Python: • a • b", "AWS - point", "1. AWS: point".
        if m and m.group("rest") and name_ok:
            rest = m.group("rest").strip()
            parts = _split_inline(rest)
            name = m.group("name")
            if line.marker is not None:
                # "1. AWS: point" rows; under a heading, "• Note: text" stays a point.
                opens = (current is None or current.marked_inline) and (not weak or _known_tech(name))
            elif weak:
                opens = parts is None and (
                    (_known_tech(name) and (current is None or after_blank or current.inline))
                    or ((current is None or current.inline) and len(name.split()) <= 3 and name[0].isupper())
                )
            else:
                opens = parts is None and (current is None or after_blank or current.inline)
            if (parts is not None and line.marker is None) or opens:
                if line.marker is None and _is_context(m.group("name"), rest):
                    skip(line, "looks like context, not a tech and its points")
                    after_blank = False
                    continue
                current = start(m.group("name"), line.no)
                current.points.extend(parts if parts is not None else _split_semicolons(rest))
                current.inline = True
                current.marked_inline = line.marker is not None
                after_blank = False
                continue

        # Colon heading: "AWS:" on its own line (or "• AWS:").
        if m and not m.group("rest") and not weak and _looks_like_name(m.group("name")):
            current = start(m.group("name"), line.no)
            after_blank = False
            continue

        # Block heading: a short unmarked label followed by points.
        if line.marker is None and _looks_like_name(line.text, long=True):
            short = _looks_like_name(line.text)
            nxt_marked = nxt is not None and nxt.marker is not None
            followed_by_point = nxt is not None and (
                nxt_marked or not _looks_like_name(nxt.text) or nxt.indent > line.indent
            )
            block_points_marked = (
                current is not None
                and bool(current.points)
                and not current.inline
                and not current.unmarked_lines
            )
            heading = followed_by_point and (
                after_blank
                or current is None
                or block_points_marked
                or (nxt is not None and nxt.indent > line.indent)
                or _starts_unmarked_block(line, nxt, current)
            )
            if heading and (short or nxt_marked):
                current = start(line.text, line.no)
                after_blank = False
                continue
            # "AWS" then "Built Lambda functions": a known tech over unmarked points.
            if (
                _known_tech(line.text)
                and nxt is not None
                and nxt.marker is None
                and not _known_tech(nxt.text)
                and (current is None or after_blank or _starts_unmarked_block(line, nxt, current, known=True))
            ):
                current = start(line.text, line.no)
                after_blank = False
                continue
            if short and not next_is_adjacent and after_blank:
                warnings.append(
                    f"Line {line.no} ('{clean_text(line.text)[:40]}') has no points under it; it was ignored."
                )
                after_blank = False
                continue
        elif line.marker is None and _dotted_heading(line, nxt, lines, i):
            current = start(line.text, line.no)
            after_blank = False
            continue

        # A marked line that heads more-indented marked lines: "1. Java" then "   • point";
        # a numbered name over bulleted points; "• AWS" over Word's "o" sub-points.
        if (
            line.marker is not None
            and nxt is not None
            and nxt.marker is not None
            and _looks_like_name(line.text)
            and (
                nxt.indent > line.indent
                or (line.marker[0].isdigit() and not nxt.marker[0].isdigit())
                or (nxt.marker in _SUB_MARKERS and line.marker not in _SUB_MARKERS)
            )
        ):
            current = start(line.text, line.no)
            after_blank = False
            continue

        # Otherwise a point (possibly several inline points after a marker).
        if current is None:
            current = _Block("", line_no=line.no)
            blocks.append(current)
        if line.marker and line.marker in _BULLET_CHARS and line.marker in line.text:
            current.points.extend(p for p in _INLINE_SPLIT[line.marker].split(line.text) if p.strip())
        else:
            current.points.append(line.text.replace("\t", " "))
            prev_marked_point = line.marker is not None
            current.unmarked_lines += line.marker is None
        after_blank = False

    if marker_only and not any(b.points for b in blocks):
        raise InputError(
            f"The tech stack has {marker_only} bullet marker(s) with no text after them, and no points. "
            f"Write the point's text after each marker, for example: {EXAMPLE}"
        )
    return _finish(blocks, warnings)


def _continues(line: _Line, point: str, nxt: _Line | None) -> bool:
    """Whether an unmarked line wraps the marked point above it rather than starting anything."""
    lower = line.text[0].islower()
    if _UNFINISHED.search(point) and (
        lower or not (_looks_like_name(line.text) or _NAME_COLON.match(line.text))
    ):
        return True
    heads_points = nxt is not None and nxt.marker is not None and _looks_like_name(line.text)
    return lower and not heads_points


def _starts_unmarked_block(
    line: _Line, nxt: _Line | None, current: _Block | None, *, known: bool = False
) -> bool:
    """In unmarked points with no blank lines, a short label among finished sentences starts a tech."""
    if current is None or not current.points or nxt is None or nxt.marker is not None or current.inline:
        return False
    if _SENTENCE_END.search(line.text) or not (line.text[0].isupper() or not line.text[0].isalpha()):
        return False
    words = len(line.text.split())
    longer = len(nxt.text.split()) >= words + 2
    if known:
        return longer
    finished = all(_SENTENCE_END.search(p) for p in current.points)
    return words <= 3 and longer and finished and bool(_SENTENCE_END.search(nxt.text))


def _dotted_heading(line: _Line, nxt: _Line | None, lines: list[_Line | None], i: int) -> bool:
    """``Vue.js.`` between marked points: a heading whose writer ended it with a full stop."""
    t = line.text
    if not (t.endswith(".") and not t.endswith("..") and len(t.split()) <= 2 and len(t) <= 30):
        return False
    if nxt is None or nxt.marker is None or not (i + 1 < len(lines) and lines[i + 1] is not None):
        return False
    prev = lines[i - 1] if i > 0 else None
    return prev is None or prev.marker is not None


def _name_only(point: str) -> bool:
    """A point that is only a known tech's name ("Kafka", "Spring Boot."): a name, never a bullet."""
    return _known_tech(point.rstrip(".,;!"))


def _names_in(points: list[str]) -> set[str]:
    """The points of one block that are names: known techs, and single words listed among them."""
    known = {p for p in points if _name_only(p)}
    if len(known) < 2:
        return known
    # "Java / Spring Boot / Kafka / Vertx": an unknown single word in a list of names is one too.
    return known | {p for p in points if " " not in p and not _SENTENCE_END.search(p)}


def _finish(blocks: list[_Block], warnings: list[str]) -> StackParse:
    """Merge repeated names, drop empty names' blocks, duplicate and name-only points, clean the text."""
    merged: dict[str, _Block] = {}
    order: list[str] = []
    seen_points: set[str] = set()
    names: list[str] = []  # points that were only tech names, in order
    for block in blocks:
        key = block.name.casefold()
        if key not in merged:
            merged[key] = _Block(block.name, line_no=block.line_no)
            order.append(key)
        target = merged[key]
        cleaned = [_clean_point(raw.strip()) for raw in block.points]
        name_points = _names_in([p for p in cleaned if p])
        if name_points and name_points.issuperset(p for p in cleaned if p) and _known_tech(block.name):
            names.append(block.name)  # "Kafka" over "- AWS": a heading over names only
        for point in cleaned:
            if not point or not any(ch.isalnum() for ch in point):
                continue
            if point in name_points:
                names.append(point.rstrip(".,;!"))
                continue
            if point in seen_points:
                warnings.append(f"Duplicate point dropped: '{point[:50]}'.")
                continue
            seen_points.add(point)
            target.points.append(point)
    stacks: list[TechStack] = []
    for key in order:
        block = merged[key]
        if not block.points:
            if block.name:
                warnings.append(f"'{block.name}' (line {block.line_no}) has no points; it was skipped.")
            continue
        if not block.name:
            warnings.append(
                f"{len(block.points)} point(s) from line {block.line_no} have no tech name above them; "
                "they were kept without one."
            )
        stacks.append(TechStack(block.name, tuple(block.points)))
    if not stacks and names:
        raise InputError(_NAMES_ONLY_MESSAGE.format(names=_listed(names)))
    if not stacks:
        raise InputError(_EMPTY_MESSAGE)
    if names:
        warnings.insert(
            0,
            f"Left out {_listed(names, quote=True)}: a tech name alone is not a point. "
            "Write what was done with it, e.g. 'Moved batch jobs to AWS Lambda'.",
        )
    return StackParse(stacks, warnings)


def _listed(names: list[str], *, quote: bool = False) -> str:
    """``Java, Kafka, …``: the first few names, each once."""
    shown = [f"'{n}'" if quote else n for n in dict.fromkeys(names)]
    more = ", …" if len(shown) > _MAX_NAMES_SHOWN else ""
    return ", ".join(shown[:_MAX_NAMES_SHOWN]) + more


def parse_stack(text: str) -> list[TechStack]:
    """Read the tech stacks in ``text``; raise ``InputError`` when there is no point at all."""
    return parse_stack_report(text).stacks


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 saved without a byte-order mark: every other byte of ASCII text is zero."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    for zeros, other, codec in ((even, odd, "utf-16-be"), (odd, even, "utf-16-le")):
        if zeros.count(0) >= 0.3 * len(zeros) and other.count(0) <= 0.02 * len(other):
            try:
                return data[: len(data) // 2 * 2].decode(codec)
            except UnicodeDecodeError:
                return None
    return None


def _plausible_text(text: str) -> bool:
    """Decoded text a person wrote: spaces or line breaks, few controls or unassigned characters."""
    if not text:
        return True
    odd = sum(
        1
        for ch in text[:4000]
        if unicodedata.category(ch) in ("Co", "Cn", "Cs") or (ch < " " and ch not in "\t\n\r")
    )
    spaced = len(text) < 200 or any(ch in " \n\u3000" for ch in text[:2000])
    return spaced and odd <= 0.02 * min(len(text), 4000)


def decode_stack_bytes(data: bytes, *, source: str = "the stack file") -> str:
    """Decode uploaded stack bytes (UTF-8, UTF-16 with or without BOM, Windows-1252); refuse binary data."""
    not_text = InputError(f"{source} is not plain text. Save the tech stack as a UTF-8 .txt file.")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise not_text from None
        if not _plausible_text(text):
            raise not_text
        return text
    if data[:4] in (b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF"):
        raise not_text
    if b"\x00" in data[:8192]:
        text16 = _utf16_without_bom(data)
        if text16 is None or not _plausible_text(text16):
            raise not_text
        return text16
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    not_utf8 = InputError(
        f"{source} is not UTF-8 text. Open it in a text editor, save it with the UTF-8 encoding "
        "and try again."
    )
    try:
        # UTF-8 apart from halves of surrogate pairs (written by some Windows tools): drop those.
        return _SURROGATE.sub("", data.decode("utf-8-sig", errors="surrogatepass"))
    except UnicodeDecodeError:
        pass
    if _UTF8_SEQUENCE.search(data):
        raise not_utf8  # UTF-8 mixed with another encoding: any one reading would garble part of it
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise not_utf8 from None
    if sum(1 for b in data if b >= 0x80) > 0.2 * len(data) or not _plausible_text(text):
        raise not_text
    return text  # Windows-1252 (Notepad's "ANSI"): curly quotes and bullets read as written


__all__ = ["StackParse", "TechStack", "clean_text", "decode_stack_bytes", "parse_stack", "parse_stack_report"]
