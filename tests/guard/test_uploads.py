"""check_docx, read_member, check_batch and the file-name helpers against real and hostile files."""

from __future__ import annotations

import io
import re
import struct
import zipfile
from pathlib import Path

import pytest

from resume_customizer.config import UploadLimits
from resume_customizer.errors import InvalidDocument
from resume_customizer.guard import uploads
from resume_customizer.guard.uploads import (
    MAX_FILENAME_BYTES,
    ReadBudget,
    check_batch,
    check_docx,
    ole_entry_names,
    read_member,
    safe_filename,
    unique_names,
)

from . import hostile
from .hostile import HOSTILE, TRAVERSAL_NAMES, Hostile, real_docx, rezip


def refusal(data: bytes, limits: UploadLimits, filename: str = "resume.docx") -> str:
    with pytest.raises(InvalidDocument) as caught:
        check_docx(data, filename=filename, limits=limits)
    return caught.value.message


def test_a_real_docx_written_by_python_docx_passes(limits: UploadLimits) -> None:
    assert check_docx(real_docx(), filename="jane.docx", limits=limits) == {}


def test_a_docx_whose_entries_libmagic_calls_plain_zip_still_passes(limits: UploadLimits) -> None:
    # libmagic guesses from the first entries; with a large image first it only sees a zip.
    data = real_docx()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("docProps/thumbnail.jpeg", parts.pop("docProps/thumbnail.jpeg"), zipfile.ZIP_STORED)
        for name, body in parts.items():
            zf.writestr(name, body)
    assert uploads._sniff_mime(out.getvalue()) in ("application/zip", "application/octet-stream")
    assert check_docx(out.getvalue(), limits=limits) == {}


@pytest.mark.parametrize("case", HOSTILE, ids=[c.name.encode("unicode_escape").decode() for c in HOSTILE])
def test_each_hostile_file_gets_its_specific_one_line_message(
    case: Hostile, hostile_folder: list[tuple[Path, Hostile]], limits: UploadLimits
) -> None:
    path = next(p for p, c in hostile_folder if c is case)
    message = refusal(path.read_bytes(), limits, filename=path.name)
    assert case.expected in message
    assert "\n" not in message and "\r" not in message and "\x1b" not in message


def test_hostile_messages_are_all_different_kinds_of_refusal(
    hostile_folder: list[tuple[Path, Hostile]],
) -> None:
    fragments = {c.expected for _, c in hostile_folder}
    assert len(fragments) >= 15  # one specific message per kind, not one generic "invalid file"


@pytest.mark.parametrize("name", list(TRAVERSAL_NAMES))
def test_an_uploaded_name_never_reaches_a_message_as_a_path(name: str, limits: UploadLimits) -> None:
    message = refusal(b"", limits, filename=name)
    assert f"'{TRAVERSAL_NAMES[name]}' is empty" in message
    assert "/" not in message and "\\" not in message and ".." not in message


def test_size_is_refused_before_anything_is_parsed() -> None:
    small = UploadLimits(max_file_mb=0.01, max_batch_mb=1)
    message = refusal(b"%PDF" + b"\0" * 20_000, small, "big.docx")
    assert message.startswith("'big.docx' is 0.0 MB; the limit is 0.01 MB per file")


def test_an_empty_zip_archive_is_named_as_such(limits: UploadLimits) -> None:
    out = io.BytesIO()
    zipfile.ZipFile(out, "w").close()
    assert "is an empty zip archive" in refusal(out.getvalue(), limits)


def test_a_zip_of_something_else_says_it_has_no_content_types(limits: UploadLimits) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("readme.txt", "hello")
    assert "it has no [Content_Types].xml" in refusal(out.getvalue(), limits)


def test_an_opendocument_text_is_told_apart_by_libmagic(limits: UploadLimits) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", "<office:document-content/>")
    assert "is an OpenDocument file (.odt)" in refusal(out.getvalue(), limits)


def test_a_missing_main_part_is_corrupt(limits: UploadLimits) -> None:
    data = rezip(real_docx(), drop=("word/document.xml",))
    assert "its main document part 'word/document.xml' is missing" in refusal(data, limits)


def test_a_package_without_an_office_document_relationship_is_not_a_word_document(
    limits: UploadLimits,
) -> None:
    with zipfile.ZipFile(io.BytesIO(real_docx())) as zf:
        rels = zf.read("_rels/.rels").decode()
    rels = rels.replace("relationships/officeDocument", "relationships/somethingElse")
    data = rezip(real_docx(), replace={"_rels/.rels": rels.encode()})
    assert "names no main document part" in refusal(data, limits)


def test_a_part_stored_twice_is_corrupt(limits: UploadLimits) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(real_docx())) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info))
        dst.writestr("word/Document.xml", b"<x/>")  # OPC part names ignore case
    assert "holds the part 'word/Document.xml' twice" in refusal(out.getvalue(), limits)


def test_a_damaged_part_fails_its_crc_and_is_corrupt(limits: UploadLimits) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(real_docx())) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info), compress_type=zipfile.ZIP_STORED)
    data = bytearray(out.getvalue())
    at = data.find(b"<w:body>")
    data[at + 1] = ord("W")
    message = refusal(bytes(data), limits)
    assert "is corrupt: part 'word/document.xml' cannot be unzipped (Bad CRC-32" in message


def test_encrypted_zip_entries_are_refused(limits: UploadLimits) -> None:
    data = bytearray(real_docx())
    central = data.find(b"PK\x01\x02")
    while central != -1:
        flags = struct.unpack_from("<H", data, central + 8)[0]
        struct.pack_into("<H", data, central + 8, flags | 1)
        central = data.find(b"PK\x01\x02", central + 4)
    assert "has encrypted zip entries" in refusal(bytes(data), limits)


def test_the_total_uncompressed_size_is_limited_from_the_directory() -> None:
    tight = UploadLimits(max_uncompressed_mb=0.5)
    assert "would expand to 1 MB once unzipped (limit 0.5 MB); it looks like a zip bomb" in refusal(
        real_docx(), tight
    )


def test_the_number_of_zip_entries_is_limited() -> None:
    assert "zip entries (limit 10)" in refusal(real_docx(), UploadLimits(max_zip_entries=10))


def test_a_doctype_in_any_xml_part_is_refused(limits: UploadLimits) -> None:
    styles = b'<?xml version="1.0"?><!DOCTYPE x SYSTEM "http://evil.example/x.dtd"><w:styles/>'
    data = rezip(real_docx(), replace={"word/styles.xml": styles})
    assert "DOCTYPE declaration in 'word/styles.xml'" in refusal(data, limits)


def test_a_doctype_in_content_types_is_refused(limits: UploadLimits) -> None:
    data = rezip(real_docx(), edit_types=lambda t: t.replace("?>", "?><!DOCTYPE Types []>", 1))
    assert "DOCTYPE declaration in '[Content_Types].xml'" in refusal(data, limits)


def test_an_external_hyperlink_is_kept(limits: UploadLimits) -> None:
    with zipfile.ZipFile(io.BytesIO(real_docx())) as zf:
        rels = zf.read("word/_rels/document.xml.rels").decode()
    rels = rels.replace(
        "</Relationships>",
        '<Relationship Id="rIdL" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'hyperlink" Target="https://linkedin.com/in/jane" TargetMode="External"/></Relationships>',
    )
    data = rezip(real_docx(), replace={"word/_rels/document.xml.rels": rels.encode()})
    assert check_docx(data, limits=limits) == {}


def test_without_libmagic_the_structure_still_decides(
    monkeypatch: pytest.MonkeyPatch, limits: UploadLimits
) -> None:
    monkeypatch.setattr(uploads, "_magic", None)
    assert check_docx(real_docx(), limits=limits) == {}
    assert "plain text file" in refusal(b"Python\n- Built APIs\n", limits)
    assert "is a PDF file" in refusal(hostile.pdf(), limits)
    assert "legacy Word 97-2003" in refusal(hostile.legacy_doc(), limits)


# --------------------------------------------------------------------------- OLE


def test_the_ole_reader_lists_the_same_streams_as_olefile() -> None:
    olefile = pytest.importorskip("olefile")
    for data in (hostile.legacy_doc(), hostile.encrypted_docx()):
        theirs = {"/".join(path) for path in olefile.OleFileIO(data).listdir(streams=True, storages=True)}
        assert theirs <= ole_entry_names(data)


def test_an_ole_file_with_a_broken_directory_is_still_told_apart(limits: UploadLimits) -> None:
    data = bytearray(hostile.encrypted_docx())
    struct.pack_into("<I", data, 0x30, 0xFFFFFF00)  # first directory sector: nonsense
    with pytest.raises(ValueError):
        ole_entry_names(bytes(data))
    assert "password-protected" in refusal(bytes(data), limits)


def test_an_ole_file_that_is_neither_doc_nor_docx_is_named_old_office(limits: UploadLimits) -> None:
    data = hostile.build_cfb({"Workbook": b"\x09\x08"})
    assert "legacy Excel .xls workbook" in refusal(data, limits)


# --------------------------------------------------------------------------- read_member


def test_read_member_returns_the_part(limits: UploadLimits) -> None:
    with zipfile.ZipFile(io.BytesIO(real_docx())) as zf:
        assert read_member(zf, "word/document.xml", limits) == zf.read("word/document.xml")


def test_read_member_stops_at_a_lying_directory(limits: UploadLimits) -> None:
    expected = re.escape("is corrupt: part 'word/media/image1.png'")
    with (
        zipfile.ZipFile(io.BytesIO(hostile.lying_zip_bomb())) as zf,
        pytest.raises(InvalidDocument, match=expected),
    ):
        read_member(zf, "word/media/image1.png", limits, filename="liar.docx")


def test_read_member_refuses_an_honest_bomb_from_its_directory(limits: UploadLimits) -> None:
    expected = r"compressed 10\d\d to 1 \(limit 200 to 1\); it looks like a zip bomb"
    with (
        zipfile.ZipFile(io.BytesIO(hostile.zip_bomb())) as zf,
        pytest.raises(InvalidDocument, match=expected),
    ):
        read_member(zf, "word/document.xml", limits)


def test_read_member_holds_every_read_to_one_budget(limits: UploadLimits) -> None:
    budget = ReadBudget(400_000)
    with zipfile.ZipFile(io.BytesIO(real_docx())) as zf:
        read_member(zf, "word/styles.xml", limits, budget=budget)  # 349 458 bytes
        assert budget.remaining == 400_000 - 349_458
        with pytest.raises(InvalidDocument, match="zip bomb"):
            read_member(zf, "word/stylesWithEffects.xml", limits, budget=budget)


def test_read_member_names_a_missing_part(limits: UploadLimits) -> None:
    expected = re.escape("its part 'word/nothing.xml' is missing")
    with zipfile.ZipFile(io.BytesIO(real_docx())) as zf, pytest.raises(InvalidDocument, match=expected):
        read_member(zf, "word/nothing.xml", limits)


# --------------------------------------------------------------------------- batches


def test_a_batch_over_the_file_count_is_refused() -> None:
    limits = UploadLimits(max_files=2)
    with pytest.raises(InvalidDocument, match="3 files were uploaded at once; the limit is 2"):
        check_batch([("a.docx", b"x"), ("b.docx", b"x"), ("c.docx", b"x")], limits)


def test_a_batch_over_the_total_size_is_refused() -> None:
    limits = UploadLimits(max_file_mb=0.01, max_batch_mb=0.02)
    files = [(f"{i}.docx", b"\0" * 8000) for i in range(3)]
    with pytest.raises(InvalidDocument, match=re.escape("total 0.0 MB; the limit is 0.02 MB per batch")):
        check_batch(files, limits)


def test_a_batch_with_one_file_over_the_file_limit_names_it() -> None:
    limits = UploadLimits(max_file_mb=0.01, max_batch_mb=1)
    with pytest.raises(
        InvalidDocument, match=re.escape("'big.docx' is 0.0 MB; the limit is 0.01 MB per file")
    ):
        check_batch([("ok.docx", b"x"), ("../big.docx", b"\0" * 20_000)], limits)


def test_a_batch_within_limits_passes(limits: UploadLimits) -> None:
    assert check_batch([("a.docx", real_docx()), ("b.docx", real_docx())], limits) is None


# --------------------------------------------------------------------------- file names


@pytest.mark.parametrize(("name", "expected"), list(TRAVERSAL_NAMES.items()))
def test_safe_filename_keeps_one_harmless_path_component(name: str, expected: str) -> None:
    assert safe_filename(name) == expected


def test_safe_filename_cuts_long_names_but_keeps_the_extension() -> None:
    name = "é" * 300 + ".docx"
    safe = safe_filename(name)
    assert safe.endswith(".docx") and safe.startswith("éé")
    assert len(safe.encode()) <= MAX_FILENAME_BYTES


def test_safe_filename_never_returns_an_empty_name() -> None:
    assert safe_filename("\x00\x01") == "resume.docx"
    assert safe_filename(".docx") == "resume.docx"
    assert safe_filename(" . ", default="cv.pdf") == "cv.pdf"
    assert safe_filename("report", default="") == "report"
    assert safe_filename("", default="") == "file"


def test_safe_filename_replaces_characters_windows_forbids() -> None:
    assert safe_filename('a<b>c:d"e|f?g*h.docx') == "a_b_c_d_e_f_g_h.docx"


def test_unique_names_keeps_two_uploads_with_one_name_apart() -> None:
    assert unique_names(["resume.docx", "resume.docx", "Resume.DOCX", "../resume.docx"]) == [
        "resume.docx",
        "resume (2).docx",
        "Resume (3).DOCX",
        "resume (4).docx",
    ]


def test_unique_names_does_not_collide_with_a_name_it_made() -> None:
    names = unique_names(["a.docx", "a.docx", "a (2).docx"])
    assert len({n.casefold() for n in names}) == 3


def test_parts_asked_for_come_back_unzipped_exactly_as_stored(limits: UploadLimits) -> None:
    data = real_docx()
    kept = check_docx(data, limits=limits, keep={"word/document.xml", "word/styles.xml", "no/such.xml"})
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert kept == {name: zf.read(name) for name in ("word/document.xml", "word/styles.xml")}


def test_a_large_svg_picture_is_a_picture_not_an_xml_part_to_refuse(limits: UploadLimits) -> None:
    # Only XML the engine parses whole is held to limits.max_xml_part_mb; an SVG logo is scanned.
    import random

    rng = random.Random(7)
    path = "".join(f"L{rng.randrange(10**6)} {rng.randrange(10**6)} " for _ in range(800_000))
    svg = f'<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0 {path}"/></svg>'.encode()
    assert len(svg) > limits.max_xml_part_mb * 1024 * 1024
    data = rezip(
        real_docx(),
        replace={"word/media/logo.svg": svg},
        edit_types=lambda t: t.replace(
            "</Types>", '<Default Extension="svg" ContentType="image/svg+xml"/></Types>'
        ),
    )
    check_docx(data, filename="logo.docx", limits=limits)  # no refusal
