"""Read and write the .docx zip package.

Only the parts we change are re-encoded; every other part is copied through as the very
bytes it was stored as (compressed data included), so styles, numbering, headers, footers,
media and settings come out exactly as they went in — and quickly.
"""

from __future__ import annotations

import copy
import io
import struct
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..errors import InvalidDocument
from .xml import PKG_REL_NS, parse_xml

DEFAULT_MAIN_PART = "word/document.xml"
_OFFICE_DOCUMENT = "/officeDocument"
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")
_LOCAL_SIG = b"PK\x03\x04"
# Parts we read are bounded: a real resume's document.xml is a few MB at most.
MAX_PART_BYTES = 200 * 1024 * 1024


@dataclass
class DocxPackage:
    """An opened .docx: its zip, the name of its main part and lazily read parts."""

    data: bytes
    zf: zipfile.ZipFile
    main_part: str
    _cache: dict[str, bytes | None] = field(default_factory=dict)
    _relations: list[tuple[str, str]] | None = None
    _relation_ids: dict[str, str] = field(default_factory=dict)  # rId -> part name

    @classmethod
    def open(cls, data: bytes) -> DocxPackage:
        """Open .docx bytes; raise ``InvalidDocument`` when they are not a Word package."""
        if not data:
            raise InvalidDocument("The file is empty; upload the resume as a .docx file.")
        if data[:4] == b"\xd0\xcf\x11\xe0":
            raise InvalidDocument(
                "This is an old Word .doc or a password-protected file, not a .docx; "
                "open it in Word, remove any password and save it as .docx."
            )
        try:
            zf = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, OSError, ValueError):
            raise InvalidDocument(
                "The file is not a .docx (not a valid zip package) or it is truncated; "
                "save the resume from Word as .docx and upload it again."
            ) from None
        names = set(zf.namelist())
        if "[Content_Types].xml" not in names:
            raise InvalidDocument(
                "The file is a zip but not a Word document ([Content_Types].xml is missing); "
                "upload a .docx saved by Word."
            )
        pkg = cls(data, zf, DEFAULT_MAIN_PART)
        pkg.main_part = pkg._find_main_part(names)
        return pkg

    def _find_main_part(self, names: set[str]) -> str:
        rels = self.read("_rels/.rels", missing_ok=True)
        if rels:
            root = parse_xml(rels, part="_rels/.rels")
            for rel in root.iter(f"{{{PKG_REL_NS}}}Relationship"):
                if rel.get("Type", "").endswith(_OFFICE_DOCUMENT) and rel.get("TargetMode") != "External":
                    target = rel.get("Target", "").lstrip("/")
                    if target in names:
                        return target
        if DEFAULT_MAIN_PART in names:
            return DEFAULT_MAIN_PART
        raise InvalidDocument(
            "The package has no main document part (word/document.xml); upload a .docx saved by Word."
        )

    def prime(self, parts: Mapping[str, bytes]) -> None:
        """Take parts already unzipped (and checked) elsewhere, so ``read`` need not unzip them."""
        for name, data in parts.items():
            if name in self.zf.NameToInfo:
                self._cache[name] = data

    def read(self, name: str, *, missing_ok: bool = False) -> bytes | None:
        """The uncompressed bytes of a part (cached); None when missing and ``missing_ok``."""
        if name in self._cache:
            return self._cache[name]
        try:
            info = self.zf.getinfo(name)
        except KeyError:
            if missing_ok:
                self._cache[name] = None
                return None
            raise InvalidDocument(
                f"The document has no {name} part; re-save it from Word as .docx."
            ) from None
        if info.file_size > MAX_PART_BYTES:
            raise InvalidDocument(f"The document's {name} is implausibly large; it may be a zip bomb.")
        try:
            with self.zf.open(info) as fh:
                data = fh.read(MAX_PART_BYTES + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError):
            raise InvalidDocument(
                f"The document's {name} part is corrupt or encrypted; re-save the resume from Word as .docx."
            ) from None
        if len(data) > MAX_PART_BYTES:
            raise InvalidDocument(f"The document's {name} is implausibly large; it may be a zip bomb.")
        self._cache[name] = data
        return data

    def related_part(self, rel_type_suffix: str) -> str | None:
        """Name of the main part's related part whose relationship type ends with the suffix."""
        if self._relations is None:
            self._relations = self._read_relations()
        for rel_type, name in self._relations:
            if rel_type.endswith(rel_type_suffix):
                return name
        return None

    def related_part_by_id(self, rel_id: str) -> str | None:
        """Name of the main part's related part with relationship id ``rel_id`` (an r:id), if any."""
        if self._relations is None:
            self._relations = self._read_relations()
        return self._relation_ids.get(rel_id)

    def _read_relations(self) -> list[tuple[str, str]]:
        folder, _, base = self.main_part.rpartition("/")
        rels_name = f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"
        rels = self.read(rels_name, missing_ok=True)
        out: list[tuple[str, str]] = []
        if not rels:
            return out
        for rel in parse_xml(rels, part=rels_name).iter(f"{{{PKG_REL_NS}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            name = target.lstrip("/") if target.startswith("/") else _join(folder, target)
            if name in self.zf.NameToInfo:
                out.append((rel.get("Type", ""), name))
                self._relation_ids[rel.get("Id", "")] = name
        return out

    def write(self, replacements: Mapping[str, bytes]) -> bytes:
        """A new package: ``replacements`` re-encoded, every other part copied byte for byte."""
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in self.zf.infolist():
                if info.filename in replacements:
                    new = zipfile.ZipInfo(info.filename, date_time=info.date_time)
                    new.compress_type = zipfile.ZIP_DEFLATED
                    new.external_attr = info.external_attr
                    new.create_system = info.create_system
                    zout.writestr(new, replacements[info.filename], compresslevel=6)
                else:
                    _copy_raw(self.data, info, zout)
        return out.getvalue()


def _join(folder: str, target: str) -> str:
    parts = (folder.split("/") if folder else []) + target.split("/")
    out: list[str] = []
    for p in parts:
        if p == "..":
            if out:
                out.pop()
        elif p and p != ".":
            out.append(p)
    return "/".join(out)


def _copy_raw(data: bytes, info: zipfile.ZipInfo, zout: zipfile.ZipFile) -> None:
    """Copy one entry's stored (compressed) bytes into ``zout`` without re-encoding them."""
    off = info.header_offset
    header = data[off : off + _LOCAL_HEADER.size]
    if len(header) < _LOCAL_HEADER.size or header[:4] != _LOCAL_SIG:
        raise InvalidDocument(
            f"The zip entry {info.filename} is damaged; re-save the resume from Word as .docx."
        )
    fields = _LOCAL_HEADER.unpack(header)
    name_len, extra_len = fields[-2], fields[-1]
    start = off + _LOCAL_HEADER.size + name_len + extra_len
    payload = data[start : start + info.compress_size]
    if len(payload) != info.compress_size:
        raise InvalidDocument(
            f"The zip entry {info.filename} is truncated; re-save the resume from Word as .docx."
        )
    new = copy.copy(info)
    new.flag_bits &= ~0x08  # sizes and CRC go in the local header; no data descriptor follows
    new.extra = _strip_zip64(info.extra)
    fp = zout.fp
    assert fp is not None
    new.header_offset = fp.tell()
    fp.write(new.FileHeader())
    fp.write(payload)
    zout.filelist.append(new)
    zout.NameToInfo[new.filename] = new
    zout.start_dir = fp.tell()
    zout._didModify = True  # type: ignore[attr-defined]


def _strip_zip64(extra: bytes) -> bytes:
    """Drop the zip64 extra field; ``FileHeader`` writes a fresh one when sizes need it."""
    out = bytearray()
    i = 0
    while i + 4 <= len(extra):
        tag, size = struct.unpack("<HH", extra[i : i + 4])
        if tag != 0x0001:
            out += extra[i : i + 4 + size]
        i += 4 + size
    return bytes(out)


__all__ = ["DEFAULT_MAIN_PART", "DocxPackage"]
