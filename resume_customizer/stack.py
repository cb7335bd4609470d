"""Tech-stack text -> ``list[TechStack]``.

Recruiters paste stacks in many shapes, often mixed in one text:

* blocks: a tech name line, then its points one per line (``• ``, ``- ``, ``* ``, ``▪ ``,
  ``1. `` or no marker), blocks separated by blank lines or not;
* colon headings: ``AWS:`` on its own line, then its points;
* inline: ``Python: • point one • point two``.

Markers are stripped, whitespace normalised, exact duplicates dropped and characters that are
not legal in XML removed. What could not be read is reported in ``StackParse.warnings``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .errors import InputError

EXAMPLE = "Python: • Built REST APIs with FastAPI • Wrote pytest suites"
_EMPTY_MESSAGE = (
    "The tech stack has no bullet points. Write a tech name, then its points, one per line "
    f"or inline, for example: {EXAMPLE}"
)

# Characters XML 1.0 forbids, plus C1 controls (legal but never meant in a resume).
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_BULLET_CHARS = "•●○◦▪▫■□‣⁃∙·➢➤❖✓✔►▸▹◆◇♦★☆→⇒\uf0b7\uf0a7\uf076\uf0d8\uf0fc"
_MARKER = re.compile(
    rf"^(?:[{_BULLET_CHARS}]\s*|[-–—*+]\s+|\(?\d{{1,2}}[.)]\s+|\(?[a-zA-Z][.)]\s+(?=\S{{2}}))"
)
_INLINE_SPLIT = {ch: re.compile(rf"\s*{re.escape(ch)}\s*") for ch in _BULLET_CHARS}
_HEADING_DECOR = re.compile(r"^(?:#{1,6}\s*|\*\*|__)|(?:\*\*|__)$")
_NAME_COLON = re.compile(rf"^(?P<name>[^:]{{1,60}}?)\s*(?::|\s[-–—](?=\s*[{_BULLET_CHARS}]))\s*(?P<rest>.*)$")
_SENTENCE_END = re.compile(r"[.!?;]$")
_MAX_NAME_WORDS = 6
_MAX_NAME_CHARS = 60


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


def clean_text(text: str) -> str:
    """NFC-normalise, drop XML-illegal and control characters, collapse whitespace."""
    text = unicodedata.normalize("NFC", text)
    text = _ILLEGAL_XML.sub("", text)
    return " ".join(text.replace("\u00a0", " ").split())


def _strip_marker(line: str) -> tuple[str, str | None]:
    """Remove leading bullet markers; return (text, the first marker or None)."""
    m = _MARKER.match(line)
    if not m:
        return line, None
    marker = m.group(0).strip()
    rest = line[m.end() :]
    # "• - text" or "1. • text": strip every leading marker.
    while (m2 := _MARKER.match(rest)) is not None:
        rest = rest[m2.end() :]
    return rest.strip(), marker


def _clean_name(name: str) -> str:
    name = _HEADING_DECOR.sub("", name.strip()).strip()
    name = name.rstrip(":").strip()
    name = _HEADING_DECOR.sub("", name).strip()
    return clean_text(name)


def _looks_like_name(text: str) -> bool:
    """A short label such as ``AWS``, ``Cloud Cost Management`` or ``CI/CD``."""
    t = text.strip()
    if not t or len(t) > _MAX_NAME_CHARS or len(t.split()) > _MAX_NAME_WORDS:
        return False
    return not (_SENTENCE_END.search(t.rstrip(":")) and not t.endswith(":"))


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
    if marker in ("-", "–", "—", "*", "+"):
        parts = re.split(rf"(?:^|\s+){re.escape(marker)}\s+", rest)
        return [p for p in parts if p.strip()]
    if re.fullmatch(r"\(?\d{1,2}[.)]", marker):
        parts = re.split(r"(?:^|\s+)\(?\d{1,2}[.)]\s+", rest)
        return [p for p in parts if p.strip()]
    return [rest[m.end() :]]


@dataclass
class _Block:
    name: str
    points: list[str] = field(default_factory=list)
    line_no: int = 0
    inline: bool = False  # opened by a "Name: point" line


@dataclass
class _Line:
    no: int
    raw: str
    text: str  # marker stripped
    marker: str | None
    indent: int


def _lines(text: str) -> list[_Line | None]:
    """Non-blank lines as ``_Line``; blank lines as ``None``."""
    out: list[_Line | None] = []
    text = _ILLEGAL_XML.sub("", unicodedata.normalize("NFC", text))
    for no, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        expanded = raw.replace("\t", "    ").replace("\u00a0", " ")
        stripped = expanded.strip()
        if not stripped:
            out.append(None)
            continue
        indent = len(expanded) - len(expanded.lstrip())
        body, marker = _strip_marker(stripped)
        out.append(_Line(no, stripped, body, marker, indent))
    return out


def parse_stack_report(text: str) -> StackParse:
    """Read every tech stack in ``text``; raise ``InputError`` when there is no point at all."""
    if not isinstance(text, str):
        raise InputError("The tech stack must be text.")
    lines = _lines(text)
    blocks: list[_Block] = []
    warnings: list[str] = []
    current: _Block | None = None
    after_blank = True

    def start(name: str, no: int) -> _Block:
        block = _Block(_clean_name(name), line_no=no)
        blocks.append(block)
        return block

    for i, line in enumerate(lines):
        if line is None:
            after_blank = True
            continue
        nxt = next((x for x in lines[i + 1 :] if x is not None), None)
        next_is_adjacent = i + 1 < len(lines) and lines[i + 1] is not None
        m = _NAME_COLON.match(line.text) if line.marker is None else None

        # Inline: "Python: • a • b"
        if m and m.group("rest") and _looks_like_name(m.group("name")):
            parts = _split_inline(m.group("rest"))
            if parts is None and (current is None or after_blank or current.inline):
                parts = [m.group("rest")]  # "Python: Built REST APIs" opening a block
            if parts is not None:
                current = start(m.group("name"), line.no)
                current.points.extend(parts)
                current.inline = True
                after_blank = False
                continue

        # Colon heading: "AWS:" on its own line.
        if m and not m.group("rest") and line.marker is None and _looks_like_name(m.group("name")):
            current = start(m.group("name"), line.no)
            after_blank = False
            continue

        # Block heading: a short unmarked label followed by points.
        if line.marker is None and _looks_like_name(line.text):
            followed_by_point = nxt is not None and (
                nxt.marker is not None or not _looks_like_name(nxt.text) or nxt.indent > line.indent
            )
            block_points_marked = (
                current is not None
                and bool(current.points)
                and all(
                    x is not None and x.marker is not None for x in lines[max(0, i - len(current.points)) : i]
                )
            )
            if followed_by_point and (
                after_blank
                or current is None
                or block_points_marked
                or (nxt is not None and nxt.indent > line.indent)
            ):
                current = start(line.text, line.no)
                after_blank = False
                continue
            if not next_is_adjacent and after_blank:
                warnings.append(
                    f"Line {line.no} ('{clean_text(line.text)[:40]}') has no points under it; it was ignored."
                )
                after_blank = False
                continue

        # A marked line that heads more-indented marked lines: "1. Java" then "   • point".
        # Or a numbered name over bulleted points: "1. Java" then "• point".
        if (
            line.marker is not None
            and nxt is not None
            and nxt.marker is not None
            and _looks_like_name(line.text)
            and (nxt.indent > line.indent or (line.marker[0].isdigit() and not nxt.marker[0].isdigit()))
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
            current.points.append(line.text)
        after_blank = False

    return _finish(blocks, warnings)


def _finish(blocks: list[_Block], warnings: list[str]) -> StackParse:
    """Merge repeated names, drop empty names' blocks and duplicate points, clean the text."""
    merged: dict[str, _Block] = {}
    order: list[str] = []
    seen_points: set[str] = set()
    for block in blocks:
        key = block.name.casefold()
        if key not in merged:
            merged[key] = _Block(block.name, line_no=block.line_no)
            order.append(key)
        target = merged[key]
        for raw in block.points:
            point = clean_text(_strip_marker(raw.strip())[0])
            if not point:
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
    if not stacks:
        raise InputError(_EMPTY_MESSAGE)
    return StackParse(stacks, warnings)


def parse_stack(text: str) -> list[TechStack]:
    """Read the tech stacks in ``text``; raise ``InputError`` when there is no point at all."""
    return parse_stack_report(text).stacks


def decode_stack_bytes(data: bytes, *, source: str = "the stack file") -> str:
    """Decode uploaded stack bytes (UTF-8, UTF-8 with BOM or UTF-16); refuse binary data."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:8192] or data[:4] in (b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF"):
        raise InputError(f"{source} is not plain text. Save the tech stack as a UTF-8 .txt file.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{source} is not UTF-8 text. Save it as UTF-8 and try again.") from None


__all__ = ["StackParse", "TechStack", "clean_text", "decode_stack_bytes", "parse_stack", "parse_stack_report"]
