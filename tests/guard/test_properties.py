"""Property tests: parsers, sanitizers and validators raise only InputError and keep their invariants."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from resume_customizer.config import UploadLimits
from resume_customizer.errors import InputError, InvalidDocument
from resume_customizer.guard.addresses import check_header_value, parse_recipients
from resume_customizer.guard.text import _TAGS, clean_stack_text, clean_template, sanitize_html
from resume_customizer.guard.uploads import (
    _RESERVED,
    MAX_FILENAME_BYTES,
    check_docx,
    safe_filename,
    unique_names,
)
from resume_customizer.stack import (
    _BULLET_CHARS,
    _ILLEGAL_XML,
    clean_text,
    decode_stack_bytes,
    parse_stack,
    parse_stack_report,
)

from .hostile import legacy_doc, real_docx

PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LIMITS = UploadLimits()

# Text that looks like what people paste: names, markers, colons, numbers, odd spaces and controls.
_STACK_ALPHABET = st.sampled_from(
    [*"abcXYZ PythonAWS:;,.-*+()#_1234567890", *_BULLET_CHARS[:12], "\n", "\n", "\t", "\r", "\u00a0",
     "\x00", "\x0b", "\x85", "\u2028", "é", "e\u0301", "\ufffe", "**", "##", " - ", "1. ", "a) "]
)  # fmt: skip
stack_texts = st.one_of(
    st.text(),
    st.lists(_STACK_ALPHABET, max_size=120).map("".join),
    st.lists(
        st.tuples(
            st.text(alphabet="ABCDEFGHIJ /&+.", min_size=1, max_size=20),
            st.lists(st.text(min_size=1, max_size=40), max_size=5),
            st.sampled_from(["• ", "- ", "* ", "1. ", "", "▪ "]),
            st.sampled_from(["\n", ":\n", ": ", "\n\n"]),
        ),
        max_size=5,
    ).map(lambda blocks: "\n".join(n + sep + "\n".join(m + p for p in pts) for n, pts, m, sep in blocks)),
)


# --------------------------------------------------------------------------- stack parser


@PROPERTY
@given(stack_texts)
@example("Python: • a • b\nAWS:\n- c\n\nGo\n1. d")
@example("•")
@example("A:\n:")
def test_the_stack_parser_raises_only_input_error_and_returns_clean_points(text: str) -> None:
    try:
        report = parse_stack_report(text)
    except InputError:
        return
    assert report.stacks, "a parse without InputError has at least one stack"
    assert report.point_count == sum(len(s.points) for s in report.stacks) > 0
    seen: set[str] = set()
    names: set[str] = set()
    for stack in report.stacks:
        assert stack.name == clean_text(stack.name)
        assert stack.name.casefold() not in names, "repeated names are merged"
        names.add(stack.name.casefold())
        for point in stack.points:
            assert point and point == clean_text(point), repr(point)
            assert not _ILLEGAL_XML.search(point)
            assert point not in seen, "duplicate points are dropped"
            seen.add(point)
    assert all(isinstance(w, str) and "\n" not in w for w in report.warnings)
    assert [s.name for s in parse_stack(text)] == [s.name for s in report.stacks]


@PROPERTY
@given(st.one_of(st.none(), st.integers(), st.binary()))
def test_the_stack_parser_refuses_non_text_with_input_error(value: object) -> None:
    with pytest.raises(InputError):
        parse_stack_report(value)  # type: ignore[arg-type]


@PROPERTY
@given(
    st.one_of(
        st.binary(max_size=512),
        st.text().map(lambda t: t.encode("utf-8")),
        st.text().map(lambda t: t.encode("utf-16")),
    )
)
def test_uploaded_stack_bytes_decode_to_text_or_input_error(data: bytes) -> None:
    try:
        text = decode_stack_bytes(data)
    except InputError:
        return
    assert isinstance(text, str)


# --------------------------------------------------------------------------- file names

_NAME_ALPHABET = st.sampled_from(
    [*"abcAB.-_ /\\:*?\"<>|", "..", "../", "..\\", "CON", "nul", "com1", "LPT9", "COM¹", ".docx", ".pdf",
     "\x00", "\x1f", "\x7f", "\u202e", "\u200b", "\n", "\t", "é", "e\u0301", "日本", "\U0001f600", " ", "."]
)  # fmt: skip
names = st.one_of(st.text(), st.lists(_NAME_ALPHABET, max_size=40).map("".join), st.text(min_size=140))
_FORBIDDEN_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def assert_safe(name: str) -> None:
    assert name, "never empty"
    assert "/" not in name and "\\" not in name, name
    assert ".." not in name, name
    assert not re.search(r'[<>:"|?*]', name), name
    assert not any(unicodedata.category(c) in _FORBIDDEN_CATEGORIES for c in name), ascii(name)
    assert name == name.strip(" .") or name.startswith("_"), name
    assert not name.startswith((".", " ")) and not name.endswith((".", " ")), name
    assert len(name.encode()) <= MAX_FILENAME_BYTES, name
    assert name.split(".")[0].rstrip(" ").upper() not in _RESERVED, name
    assert unicodedata.is_normalized("NFC", name), ascii(name)


@PROPERTY
@given(names, st.one_of(st.just("resume.docx"), names))
@example("../../etc/passwd", "resume.docx")
@example("CON .docx", "resume.docx")
@example("a" * 200 + "." + "b" * 9, "x")
def test_safe_filename_always_returns_a_safe_stable_name(name: str, default: str) -> None:
    safe = safe_filename(name, default)
    assert_safe(safe)
    assert safe_filename(safe, default) == safe, "sanitizing twice changes nothing"


@PROPERTY
@given(st.lists(names, max_size=12))
def test_unique_names_are_safe_unique_and_one_per_upload(batch: list[str]) -> None:
    out = unique_names(batch)
    assert len(out) == len(batch)
    assert len({n.casefold() for n in out}) == len(out)
    for name in out:
        assert_safe(name)


@PROPERTY
@given(st.integers(min_value=2, max_value=30), names)
def test_many_uploads_with_one_name_stay_apart(count: int, name: str) -> None:
    out = unique_names([name] * count)
    assert len({n.casefold() for n in out}) == count


# --------------------------------------------------------------------------- addresses

address_texts = st.one_of(
    st.text(),
    st.lists(st.emails(), max_size=5).map(", ".join),
    st.lists(
        st.one_of(
            st.emails(), st.sampled_from(["Bcc: x@example.com", '"A, B" <a@example.com>', ";", "\r\n", "<"])
        ),
        max_size=6,
    ).map("\n".join),
)


@PROPERTY
@given(address_texts)
def test_recipients_raise_only_input_error_and_are_normal_unique_one_line(text: str) -> None:
    try:
        out = parse_recipients(text)
    except InputError as exc:
        assert "\n" not in exc.message and "\r" not in exc.message
        return
    assert out and len({a.casefold() for a in out}) == len(out)
    for address in out:
        assert not set(address) & set("\r\n\x00,;<>")
        assert parse_recipients(address) == [address], "normalised addresses are stable"


@PROPERTY
@given(st.lists(st.emails(), min_size=1, max_size=5))
def test_generated_addresses_come_back_once_each(addresses: list[str]) -> None:
    try:
        out = parse_recipients("; ".join(addresses))
    except InputError:
        assume(False)  # hypothesis' emails() allows a few forms email-validator refuses
        return
    assert len(out) == len({a.casefold() for a in out}) <= len(addresses)


@PROPERTY
@given(st.text(), st.sampled_from(["subject", "sender name"]))
def test_header_values_are_one_safe_line_or_input_error(value: str, field: str) -> None:
    try:
        out = check_header_value(value, field)
    except InputError as exc:
        assert field in exc.message
        return
    assert not re.search("[\r\n\x0b\x0c\x85\u2028\u2029\x00]", out)
    assert len(out) <= 998 and unicodedata.is_normalized("NFC", out)


# --------------------------------------------------------------------------- text

_ILLEGAL_LEFT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


@PROPERTY
@given(st.one_of(st.text(), st.lists(_STACK_ALPHABET, max_size=200).map("".join)), st.booleans())
def test_cleaned_text_is_legal_nfc_bounded_and_stable(text: str, template: bool) -> None:
    limits = UploadLimits(max_stack_chars=150, max_template_chars=150)
    clean = clean_template if template else clean_stack_text
    try:
        out = clean(text, limits)
    except InputError:
        assert len(text) > 150 or len(unicodedata.normalize("NFC", text)) > 150
        return
    assert not _ILLEGAL_LEFT.search(out) and "\r" not in out
    assert unicodedata.is_normalized("NFC", out) and len(out) <= 150
    assert clean(out, limits) == out


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


_HTML_ALPHABET = st.sampled_from(
    ["<", ">", "/", "=", '"', "'", " ", "script", "a", "img", "p", "mark", "href", "src", "onclick",
     "onerror", "javascript:", "JaVaScRiPt:", "data:", "&#106;", "\t", "\n", "\x00", "style", "class",
     "rc-inserted", "alert(1)", "<!--", "-->", "svg", "iframe", "<![CDATA[", "]]>"]
)  # fmt: skip


@PROPERTY
@given(st.one_of(st.text(), st.lists(_HTML_ALPHABET, max_size=60).map("".join)))
def test_sanitized_html_has_only_allowed_tags_and_no_active_content(html: str) -> None:
    out = sanitize_html(html)
    parser = _Tags()
    parser.feed(out)
    parser.close()
    for tag, attrs in parser.tags:
        assert tag in _TAGS, tag
        for name, value in attrs:
            assert not name.startswith("on") and name != "style", (tag, name)
            squeezed = re.sub(r"[\x00-\x20]", "", (value or "")).lower()
            assert not squeezed.startswith(("javascript:", "vbscript:")), (tag, name, value)


# --------------------------------------------------------------------------- uploads


def _stored(data: bytes) -> bytes:
    """The same package with every part stored, so mutations reach the XML itself."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info))
    return out.getvalue()


SEEDS = [real_docx(), _stored(real_docx()), legacy_doc()]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(range(len(SEEDS))),
    st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), min_size=1, max_size=8),
    st.one_of(st.none(), st.floats(0, 1)),
)
def test_a_mutated_document_is_accepted_or_refused_with_invalid_document(
    seed: int, flips: list[tuple[float, int]], cut: float | None
) -> None:
    data = bytearray(SEEDS[seed])
    for where, value in flips:
        # Half the flips land in the last 2 KB: the zip directory and the OLE tail.
        at = int(where * len(data)) if value % 2 else len(data) - 1 - int(where * min(2048, len(data)))
        data[at] = value
    if cut is not None:
        data = data[: int(cut * len(data))]
    try:
        check_docx(bytes(data), filename="fuzzed.docx", limits=LIMITS)
    except InvalidDocument as exc:
        assert "\n" not in exc.message


@PROPERTY
@given(st.binary(max_size=4096), st.sampled_from([b"", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"]))
def test_random_bytes_are_refused_with_invalid_document(data: bytes, head: bytes) -> None:
    with pytest.raises(InvalidDocument):
        check_docx(head + data, limits=LIMITS)
