"""Upload checks: is this byte string a .docx we may open, and what may we call it?

Entry points (the engine and the CLI call these before anything parses an upload):

* ``check_docx(data, filename=..., limits=settings.limits)`` raises ``InvalidDocument`` with a
  one-line message naming the problem and the fix, or returns ``None`` for an acceptable .docx;
* ``check_batch(files, limits)`` checks the count and total size of a batch, before any parsing;
* ``read_member(zf, name, limits)`` reads one zip part while enforcing the size limits (the zip
  directory can lie): use it, not ``ZipFile.read``, wherever a part of an upload is read;
* ``safe_filename(name)`` / ``unique_names(names)`` turn uploaded names into names safe for
  downloads and attachments; an uploaded name never decides a path.

The order of ``check_docx``: size (before parsing), OLE files (legacy .doc, password-protected
.docx, told apart by their streams), python-magic on the first bytes as a filter only (libmagic
may call a real .docx ``application/zip`` or ``application/octet-stream``, and a .docm a .docx),
then the zip structure decides: directory sanity and zip-bomb limits (total size, entries,
per-part ratio), macro parts, ``[Content_Types].xml`` (no macroEnabled type), then every part is
unzipped once to nowhere under a shared byte budget (declared sizes and CRCs verified, so later
reads are bounded by sizes that passed the limits), each XML part parsed by expat up to its root
element (a DOCTYPE is refused: Word never writes one and it is how entity-expansion attacks
start; nothing is ever expanded), every ``.rels`` part read whole, and last the main part found
through the ``_rels/.rels`` officeDocument relationship and its content type. A typical resume
checks in 1-2 ms; one with 20 MB of images in about 12 ms.

Decisions worth knowing:

* A Word template (.dotx, ``wordprocessingml.template.main+xml``) is refused with its own message:
  python-docx, which the engine uses, refuses it too, and a template is not what a recruiter opens.
* Relationships that make Word fetch remote content when the file is opened (an external frame,
  sub-document or OLE object) are refused: the product emails these files to third parties.
  Ordinary external hyperlinks and linked images are kept.
* An attached template (``attachedTemplate``, settings.xml's ``w:attachedTemplate``) is accepted:
  every document started from a Word template names one. A local one (``C:\\…\\Templates\\X.dotx``,
  ``Normal.dotm``, ``file:///Users/…``) is harmless and kept; a remote one (a network share, http,
  ftp — ``remote_host`` tells them apart) is how template injection delivers malware, so the engine
  removes it from the tailored copy and says so (``resume.template_link``).
* The compression-ratio limit is applied to parts larger than 1 MiB only: small XML parts of
  whitespace compress far beyond any sensible ratio and are harmless under the total limit.
* This is the only module of the package that imports ``magic``; if libmagic is missing the
  filter is skipped (logged once) and the structure checks still decide.
"""

from __future__ import annotations

import io
import logging
import posixpath
import re
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit
from xml.parsers import expat

from ..config import UploadLimits
from ..errors import InvalidDocument

log = logging.getLogger(__name__)

try:  # python-magic raises ImportError when libmagic itself is missing
    import magic as _magic
except ImportError as _exc:  # pragma: no cover - depends on the machine
    _magic = None
    log.warning("python-magic unavailable (%s); uploads are checked by structure only", _exc)

MB = 1024 * 1024
MAX_FILENAME_BYTES = 150
RATIO_FLOOR_BYTES = 1 * MB  # the compression-ratio limit applies to parts larger than this
PROLOG_SCAN_BYTES = 1 * MB  # an XML part must reach its root element within this many bytes
_CHUNK = 64 * 1024
_SNIFF_BYTES = 8192

DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOTX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_OFFICE_DOCUMENT_RELS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
    "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
)
# External relationship types that make Word fetch or run something when the file opens. An
# attached template is not among them: local ones are everywhere, and the engine removes remote ones.
_DANGEROUS_EXTERNAL = {
    "frame": "frame",
    "subDocument": "sub-document",
    "oleObject": "OLE object",
}
_OTHER_OFFICE_KINDS = (
    ("spreadsheetml", "an Excel workbook"),
    ("presentationml", "a PowerPoint presentation"),
    ("ms-excel", "an Excel workbook"),
    ("ms-powerpoint", "a PowerPoint presentation"),
)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_EMPTY_ZIP_MAGIC = b"PK\x05\x06"
_SAVE_AS_DOCX = "Save the resume in Word as a Word Document (.docx) and upload that."

# Errors the zip and zlib modules raise on damaged archives; all mean "corrupt".
_ZIP_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    struct.error,
    IndexError,
    KeyError,
    OverflowError,
    NotImplementedError,
    UnicodeDecodeError,
)


# --------------------------------------------------------------------------- single files


def check_docx(
    data: bytes, *, filename: str = "resume.docx", limits: UploadLimits, keep: Collection[str] = ()
) -> dict[str, bytes]:
    """Raise ``InvalidDocument`` with a specific one-line message unless ``data`` is a safe .docx.

    Every part is unzipped once to be checked; the parts named in ``keep`` (exact names) are
    returned unzipped, so a caller that reads them next need not unzip them again.
    """
    shown = safe_filename(filename)
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise InvalidDocument(f"'{shown}' could not be read as a file; upload it again.")
    data = bytes(data)
    try:
        return _check_docx(data, shown, limits, frozenset(keep))
    except InvalidDocument as exc:
        log.info(
            "upload refused: %s",
            exc.message,
            extra={"operation": "guard.check_docx", "file": shown},
        )
        raise


def _check_docx(data: bytes, shown: str, limits: UploadLimits, keep: frozenset[str]) -> dict[str, bytes]:
    size = len(data)
    if size == 0:
        raise InvalidDocument(f"'{shown}' is empty (0 bytes). Upload the .docx file again.")
    if size > limits.max_file_mb * MB:
        raise InvalidDocument(
            f"'{shown}' is {size / MB:.1f} MB; the limit is {limits.max_file_mb:g} MB per file. "
            "Compress or remove large images in Word, then upload it again."
        )
    if data.startswith(_OLE_MAGIC):
        raise InvalidDocument(_describe_ole(data, shown))
    mime = _sniff_mime(data)
    if not data.startswith(_ZIP_MAGIC):
        if data.startswith(_EMPTY_ZIP_MAGIC):
            raise InvalidDocument(f"'{shown}' is an empty zip archive, not a Word document. {_SAVE_AS_DOCX}")
        raise InvalidDocument(_describe_non_zip(data, shown, mime))
    _refuse_other_zip_kinds(mime, shown)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except _ZIP_ERRORS:
        raise InvalidDocument(_truncated(shown)) from None
    with zf:
        try:
            return _check_package(zf, shown, limits, keep)
        except InvalidDocument:
            raise
        except _ZIP_ERRORS as exc:
            raise InvalidDocument(
                f"'{shown}' is corrupt ({type(exc).__name__}: {str(exc)[:80]}). "
                "Save it again from Word and re-upload it."
            ) from None


def _truncated(shown: str) -> str:
    return (
        f"'{shown}' is truncated or corrupt: its zip directory is missing or damaged. "
        "Download or save it again and re-upload it."
    )


def _sniff_mime(data: bytes) -> str | None:
    """libmagic's guess from the first bytes, or None when libmagic is unavailable or fails."""
    if _magic is None:
        return None
    try:
        return str(_magic.from_buffer(data[:_SNIFF_BYTES], mime=True))
    except Exception as exc:  # libmagic errors are not fatal: the structure check still decides
        log.warning("libmagic failed: %s", exc, extra={"operation": "guard.sniff"})
        return None


def _describe_non_zip(data: bytes, shown: str, mime: str | None) -> str:
    """The message for bytes that are not a zip at all (PDF, image, text, ...)."""
    head = data[:16].lstrip()
    if mime == "application/pdf" or data.startswith(b"%PDF"):
        what = "a PDF file"
    elif mime == "text/rtf" or head.startswith(b"{\\rtf"):
        what = "an RTF file"
    elif mime is not None and mime.startswith("image/"):
        what = f"an image ({mime})"
    elif mime in ("text/html", "text/xml", "application/xml"):
        what = "a web page or XML file"
    elif (mime is not None and mime.startswith("text/")) or (mime is None and _looks_textual(data)):
        what = "a plain text file"
    else:
        what = f"not a Word document (its content looks like {mime or 'unknown binary data'})"
        return f"'{shown}' is {what}. {_SAVE_AS_DOCX}"
    return f"'{shown}' is {what}, not a Word .docx. {_SAVE_AS_DOCX}"


def _looks_textual(data: bytes) -> bool:
    try:
        data[:_SNIFF_BYTES].decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start > _SNIFF_BYTES - 4  # a multi-byte character cut at the end
    return b"\x00" not in data[:_SNIFF_BYTES]


def _refuse_other_zip_kinds(mime: str | None, shown: str) -> None:
    """Use libmagic's verdict on a zip only to name formats that are certainly not .docx."""
    if not mime:
        return
    if mime.startswith("application/vnd.oasis.opendocument"):
        raise InvalidDocument(
            f"'{shown}' is an OpenDocument file (.odt), not a .docx. In LibreOffice use "
            "File > Save As > Word 2007-365 (.docx) and upload that."
        )
    if mime in ("application/epub+zip", "application/java-archive"):
        raise InvalidDocument(f"'{shown}' is not a Word document ({mime}). {_SAVE_AS_DOCX}")


# --------------------------------------------------------------------------- OLE (CFB) files

_FREESECT, _ENDOFCHAIN = 0xFFFFFFFF, 0xFFFFFFFE
_MAXREGSECT = 0xFFFFFFFA


def ole_entry_names(data: bytes) -> set[str]:
    """Names of the storages and streams of an OLE compound file; ValueError when malformed."""
    if len(data) < 512 or not data.startswith(_OLE_MAGIC):
        raise ValueError("not an OLE file")
    byte_order, sector_shift = struct.unpack_from("<HH", data, 0x1C)
    if byte_order != 0xFFFE or sector_shift not in (9, 12):
        raise ValueError("bad OLE header")
    ssize = 1 << sector_shift
    n_sectors = max(0, (len(data) - ssize) // ssize + (1 if (len(data) - ssize) % ssize else 0))
    (n_fat,) = struct.unpack_from("<I", data, 0x2C)
    (first_dir,) = struct.unpack_from("<I", data, 0x30)
    first_difat, n_difat = struct.unpack_from("<II", data, 0x44)
    if n_fat > n_sectors:
        raise ValueError("too many FAT sectors")

    def sector(n: int) -> bytes:
        start = (n + 1) * ssize
        if n > _MAXREGSECT or start >= len(data):
            raise ValueError(f"sector {n} out of range")
        return data[start : start + ssize]

    fat_sectors = [s for s in struct.unpack_from("<109I", data, 0x4C) if s <= _MAXREGSECT]
    nxt, hops = first_difat, 0
    while len(fat_sectors) < n_fat and nxt <= _MAXREGSECT:
        hops += 1
        if hops > n_difat + 1 or hops > n_sectors:
            raise ValueError("DIFAT chain loops")
        entries = struct.unpack(f"<{ssize // 4}I", sector(nxt).ljust(ssize, b"\0"))
        fat_sectors.extend(s for s in entries[:-1] if s <= _MAXREGSECT)
        nxt = entries[-1]
    fat: list[int] = []
    for s in fat_sectors[:n_fat]:
        fat.extend(struct.unpack(f"<{ssize // 4}I", sector(s).ljust(ssize, b"\0")))
    names: set[str] = set()
    nxt, hops = first_dir, 0
    while nxt != _ENDOFCHAIN:
        hops += 1
        if nxt >= len(fat) or hops > n_sectors:
            raise ValueError("directory chain broken")
        block = sector(nxt)
        for off in range(0, len(block) - 127, 128):
            (name_len,) = struct.unpack_from("<H", block, off + 64)
            kind = block[off + 66]
            if kind in (1, 2, 5) and 2 <= name_len <= 64 and name_len % 2 == 0:
                names.add(block[off : off + name_len - 2].decode("utf-16-le", errors="replace"))
        nxt = fat[nxt]
    return names


def _describe_ole(data: bytes, shown: str) -> str:
    """Tell a legacy .doc from a password-protected .docx (both are OLE compound files)."""
    try:
        names = ole_entry_names(data)
    except (ValueError, struct.error):
        # A damaged directory: fall back to looking for the stream names themselves.
        names = {
            n for n in ("EncryptionInfo", "EncryptedPackage", "WordDocument") if n.encode("utf-16-le") in data
        }
    if {"EncryptionInfo", "EncryptedPackage"} & names:
        return (
            f"'{shown}' is a password-protected Word document; its content is encrypted and cannot be "
            "read. Open it in Word, remove the password (File > Info > Protect Document > Encrypt with "
            "Password, clear it), save and upload it again."
        )
    if "WordDocument" in names:
        return (
            f"'{shown}' is a legacy Word 97-2003 .doc file, not a .docx. Open it in Word, use "
            "File > Save As > Word Document (.docx) and upload the .docx."
        )
    if {"Workbook", "Book"} & names:
        kind = "a legacy Excel .xls workbook"
    elif "PowerPoint Document" in names:
        kind = "a legacy PowerPoint .ppt presentation"
    else:
        kind = "an old-format Office (OLE) file"
    return f"'{shown}' is {kind}, not a Word .docx. {_SAVE_AS_DOCX}"


# --------------------------------------------------------------------------- zip packages


@dataclass
class ReadBudget:
    """Uncompressed bytes one package may still yield, shared by every read from it."""

    remaining: int

    @classmethod
    def for_limits(cls, limits: UploadLimits) -> ReadBudget:
        """A fresh budget of ``limits.max_uncompressed_mb``."""
        return cls(int(limits.max_uncompressed_mb * MB))


def _bomb(shown: str, detail: str) -> InvalidDocument:
    return InvalidDocument(f"'{shown}' {detail}; it looks like a zip bomb and was refused.")


def _check_entry_sizes(info: zipfile.ZipInfo, limits: UploadLimits, shown: str) -> None:
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > RATIO_FLOOR_BYTES and ratio > limits.max_compression_ratio:
        raise _bomb(
            shown,
            f"has a part ('{_part(info.filename)}') compressed {ratio:.0f} to 1 "
            f"(limit {limits.max_compression_ratio:g} to 1)",
        )
    if info.file_size > limits.max_uncompressed_mb * MB:
        raise _bomb(
            shown,
            f"has a part ('{_part(info.filename)}') of {info.file_size / MB:.0f} MB once unzipped "
            f"(limit {limits.max_uncompressed_mb:g} MB)",
        )


def _check_xml_size(info: zipfile.ZipInfo, limits: UploadLimits, shown: str) -> None:
    """An XML part is parsed whole: refuse one far larger than any resume's before it is read."""
    if info.file_size > limits.max_xml_part_mb * MB:
        raise InvalidDocument(
            f"'{shown}' has an XML part ('{_part(info.filename)}') of {info.file_size / MB:.1f} MB once "
            f"unzipped (limit {limits.max_xml_part_mb:g} MB); a resume's text is far smaller. "
            "Save it again from Word, or split the document."
        )


def _is_picture(name: str) -> bool:
    return "/media/" in name.casefold() or name.casefold().endswith(".svg")


def _unsafe_name(name: str) -> bool:
    """A zip entry name that could point outside the package (a path traversal) or is not a part name."""
    if not name or name.startswith(("/", "\\")) or "\\" in name or "\0" in name:
        return True
    if len(name) > 1 and name[1] == ":":  # a Windows drive: C:/…
        return True
    return any(seg in ("..", ".") for seg in name.split("/"))


def _part(name: str) -> str:
    """A zip member name made safe to quote in a one-line message."""
    shown = "".join(c if c.isprintable() else "?" for c in name)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def _open_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, shown: str) -> io.BufferedIOBase:
    if info.flag_bits & 0x1:
        raise InvalidDocument(
            f"'{shown}' has encrypted zip entries; Word never writes those. Save it again from Word."
        )
    try:
        return zf.open(info)  # type: ignore[return-value]
    except NotImplementedError:
        raise InvalidDocument(
            f"'{shown}' uses a zip compression method Word does not write ({info.compress_type}). "
            "Save it again from Word and re-upload it."
        ) from None


def _bounded_chunks(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, limits: UploadLimits, budget: ReadBudget | None, shown: str
) -> Iterator[bytes]:
    """Decompressed chunks of one part, held to its declared size, the budget and the ratio limit."""
    name = info.filename
    _check_entry_sizes(info, limits, shown)
    if budget is not None and info.file_size > budget.remaining:
        raise _bomb(shown, f"would expand beyond {limits.max_uncompressed_mb:g} MB in all")
    seen = 0
    try:
        with _open_member(zf, info, shown) as fh:
            while chunk := fh.read(_CHUNK):
                seen += len(chunk)
                # The directory can lie: hold the part to its declared size and to the limits.
                if seen > info.file_size:
                    raise InvalidDocument(
                        f"'{shown}' is corrupt: part '{_part(name)}' is larger than its zip directory says."
                    )
                if budget is not None:
                    budget.remaining -= len(chunk)
                    if budget.remaining < 0:
                        raise _bomb(shown, f"would expand beyond {limits.max_uncompressed_mb:g} MB in all")
                if (
                    seen > RATIO_FLOOR_BYTES
                    and seen / max(info.compress_size, 1) > limits.max_compression_ratio
                ):
                    raise _bomb(shown, f"has a part ('{_part(name)}') compressed beyond the ratio limit")
                yield chunk
    except InvalidDocument:
        raise
    except _ZIP_ERRORS as exc:
        raise InvalidDocument(
            f"'{shown}' is corrupt: part '{_part(name)}' cannot be unzipped ({str(exc)[:60]}). "
            "Save it again from Word and re-upload it."
        ) from None
    if seen != info.file_size:
        raise InvalidDocument(
            f"'{shown}' is corrupt: part '{_part(name)}' is shorter than its zip directory says. "
            "Save it again from Word and re-upload it."
        )


def read_member(
    zf: zipfile.ZipFile,
    name: str,
    limits: UploadLimits,
    *,
    budget: ReadBudget | None = None,
    filename: str = "resume.docx",
) -> bytes:
    """Read one part of an uploaded package, enforcing the size limits while reading."""
    shown = safe_filename(filename)
    try:
        info = zf.getinfo(name)
    except KeyError:
        raise InvalidDocument(f"'{shown}' is corrupt: its part '{_part(name)}' is missing.") from None
    return b"".join(_bounded_chunks(zf, info, limits, budget, shown))


class _Stop(Exception):
    """Raised from an expat handler to stop parsing early."""


class _Doctype(Exception):
    """Raised from an expat handler when a DOCTYPE or entity declaration appears."""


def _expat(on_start: Callable[[str, dict[str, str]], None]) -> expat.XMLParserType:
    """An expat parser that refuses DOCTYPE and entities and never loads anything external."""
    parser = expat.ParserCreate(namespace_separator=" ")

    def refuse(*_: object) -> None:
        raise _Doctype

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse  # type: ignore[assignment]
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartElementHandler = on_start
    return parser


def _xml_refusal(shown: str, part: str, exc: Exception) -> InvalidDocument:
    if isinstance(exc, _Doctype):
        return InvalidDocument(
            f"'{shown}' has a DOCTYPE declaration in '{_part(part)}'; Word never writes one and it can "
            "hide an entity-expansion attack (billion laughs), so the file was refused."
        )
    return InvalidDocument(
        f"'{shown}' is corrupt: '{_part(part)}' is not well-formed XML ({exc}). Save it again from Word."
    )


def _parse_xml_part(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, limits: UploadLimits, budget: ReadBudget, shown: str
) -> list[tuple[str, dict[str, str]]]:
    """Every element (local name, attributes) of a small XML part, DOCTYPE refused."""
    _check_xml_size(info, limits, shown)
    elements: list[tuple[str, dict[str, str]]] = []
    parser = _expat(lambda tag, attrs: elements.append((tag.rsplit(" ", 1)[-1], attrs)))
    try:
        for chunk in _bounded_chunks(zf, info, limits, budget, shown):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except (_Doctype, expat.ExpatError) as exc:
        raise _xml_refusal(shown, info.filename, exc) from None
    return elements


def _verify_part(
    zf: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    limits: UploadLimits,
    budget: ReadBudget,
    shown: str,
    xml: bool,
    sink: list[bytes] | None = None,
) -> None:
    """Unzip one part (sizes and CRC checked) to nowhere or into ``sink``; for XML, parse its prolog."""

    def stop(*_: object) -> None:
        raise _Stop

    if xml and not _is_picture(info.filename):  # an SVG picture is scanned, never parsed whole
        _check_xml_size(info, limits, shown)
    parser = _expat(stop) if xml else None
    seen = 0
    try:
        for chunk in _bounded_chunks(zf, info, limits, budget, shown):
            if sink is not None:
                sink.append(chunk)
            if parser is None:
                continue
            seen += len(chunk)
            try:
                parser.Parse(chunk, False)
            except _Stop:
                parser = None  # root element reached: no DOCTYPE can follow
                continue
            if seen > PROLOG_SCAN_BYTES:
                raise InvalidDocument(
                    f"'{shown}' is corrupt: '{_part(info.filename)}' has no XML element in its "
                    f"first {PROLOG_SCAN_BYTES // MB} MB."
                )
        if parser is not None:
            parser.Parse(b"", True)  # no root element at all: raises ExpatError
    except (_Doctype, expat.ExpatError) as exc:
        raise _xml_refusal(shown, info.filename, exc) from None


def _check_package(
    zf: zipfile.ZipFile, shown: str, limits: UploadLimits, keep: frozenset[str] = frozenset()
) -> dict[str, bytes]:
    infos = zf.infolist()
    if len(infos) > limits.max_zip_entries:
        raise _bomb(shown, f"has {len(infos)} zip entries (limit {limits.max_zip_entries})")
    by_name: dict[str, zipfile.ZipInfo] = {}
    metadata_copies: list[zipfile.ZipInfo] = []
    total = 0
    for info in infos:
        if _unsafe_name(info.filename):
            raise InvalidDocument(
                f"'{shown}' has a zip entry named '{_part(info.filename)}', which points outside the "
                "document; Word never writes such names. Save it again from Word."
            )
        key = info.filename.casefold()
        if key in by_name:
            if not key.startswith("docprops/") or info.filename != by_name[key].filename:
                raise InvalidDocument(
                    f"'{shown}' is corrupt: it holds the part '{_part(info.filename)}' twice. "
                    "Save it again from Word."
                )
            # Some tools append a second copy of the document properties (a known python-docx
            # save pattern); readers take the last. Metadata the engine never reads and copies
            # through: both copies are checked below, and the file is accepted.
            metadata_copies.append(by_name[key])
        by_name[key] = info
        total += info.file_size
        _check_entry_sizes(info, limits, shown)
    if total > limits.max_uncompressed_mb * MB:
        raise _bomb(
            shown,
            f"would expand to {total / MB:.0f} MB once unzipped (limit {limits.max_uncompressed_mb:g} MB)",
        )
    _refuse_macro_names(by_name.values(), shown)
    for key in ("[content_types].xml", "_rels/.rels"):
        if key not in by_name:
            label = "[Content_Types].xml" if key.startswith("[") else key
            raise InvalidDocument(
                f"'{shown}' is a zip file but not a Word document (it has no {label}). {_SAVE_AS_DOCX}"
            )

    budget = ReadBudget.for_limits(limits)
    types = _parse_xml_part(zf, by_name["[content_types].xml"], limits, budget, shown)
    defaults, overrides = _content_types(types)
    if any(_is_macro_type(ct) for ct in _all(defaults, overrides)):
        raise InvalidDocument(_macro_message(shown))

    # Every part is unzipped once (to nowhere), so a lying directory or a bad CRC is found here
    # and later reads are bounded by sizes that passed the limits above.
    root_rels: list[tuple[str, dict[str, str]]] = []
    kept: dict[str, bytes] = {}
    for key, info in [*by_name.items(), *((c.filename.casefold(), c) for c in metadata_copies)]:
        if key == "[content_types].xml" or info.is_dir():
            continue
        if key.endswith(".rels"):
            rels = _parse_xml_part(zf, info, limits, budget, shown)
            _refuse_dangerous_rels(rels, shown)
            if key == "_rels/.rels":
                root_rels = rels
        else:
            sink: list[bytes] | None = [] if info.filename in keep else None
            _verify_part(zf, info, limits, budget, shown, _is_xml(info.filename, defaults, overrides), sink)
            if sink is not None:
                kept[info.filename] = b"".join(sink)

    main = _main_part(root_rels, shown)
    if main.casefold() not in by_name:
        raise InvalidDocument(
            f"'{shown}' is corrupt: its main document part '{_part(main)}' is missing. "
            "Save it again from Word."
        )
    _check_main_type(_content_type_of(main, defaults, overrides), shown)
    return kept


def _all(defaults: dict[str, str], overrides: dict[str, str]) -> Iterable[str]:
    yield from defaults.values()
    yield from overrides.values()


def _macro_message(shown: str) -> str:
    return (
        f"'{shown}' is a macro-enabled Word file (.docm: it contains a VBA project); macros are refused. "
        "In Word use File > Save As > Word Document (.docx) and upload that."
    )


def _refuse_macro_names(infos: Iterable[zipfile.ZipInfo], shown: str) -> None:
    for info in infos:
        base = posixpath.basename(info.filename.casefold())
        if base in ("vbaproject.bin", "vbadata.xml") or base.startswith("vbaproject"):
            raise InvalidDocument(_macro_message(shown))


def _content_types(elements: Sequence[tuple[str, dict[str, str]]]) -> tuple[dict[str, str], dict[str, str]]:
    """(extension -> type, "/part/name" -> type), both keys case-folded as OPC compares them."""
    defaults: dict[str, str] = {}
    overrides: dict[str, str] = {}
    for tag, attrs in elements:
        if tag == "Default" and "Extension" in attrs:
            defaults[attrs["Extension"].casefold()] = attrs.get("ContentType", "")
        elif tag == "Override" and "PartName" in attrs:
            part = "/" + unquote(attrs["PartName"]).lstrip("/")
            overrides[part.casefold()] = attrs.get("ContentType", "")
    return defaults, overrides


def _content_type_of(name: str, defaults: dict[str, str], overrides: dict[str, str]) -> str:
    """A part's content type: its Override, else the Default for its extension, else ''."""
    low = name.casefold()
    return overrides.get("/" + low) or defaults.get(posixpath.splitext(low)[1][1:], "")


def _is_macro_type(content_type: str) -> bool:
    low = content_type.casefold()
    return "macroenabled" in low or "vbaproject" in low


def _is_xml(name: str, defaults: dict[str, str], overrides: dict[str, str]) -> bool:
    if name.endswith("/"):
        return False
    if name.casefold().endswith((".xml", ".rels", ".vml")):
        return True
    ct = _content_type_of(name, defaults, overrides)
    return ct.endswith("+xml") or ct in ("application/xml", "text/xml")


def _refuse_dangerous_rels(rels: Sequence[tuple[str, dict[str, str]]], shown: str) -> None:
    for tag, attrs in rels:
        if tag != "Relationship" or attrs.get("TargetMode", "").casefold() != "external":
            continue
        kind = attrs.get("Type", "").rsplit("/", 1)[-1]
        if kind in _DANGEROUS_EXTERNAL:
            target = urlsplit(attrs.get("Target", "")).netloc or "an external location"
            raise InvalidDocument(
                f"'{shown}' links to an external {_DANGEROUS_EXTERNAL[kind]} ({_part(target)}) that Word "
                "would fetch when the file is opened; such links can deliver malware, so it was refused. "
                "Save a clean copy from Word and upload that."
            )


_DRIVE = re.compile(r"[A-Za-z]:")  # C:\…, C:/…: there are no one-letter URL schemes
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_SEPARATORS = "/\\"
_LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
_MAX_TARGET_CHARS = 4096  # a template path is far shorter; a longer target counts as remote
_NESTED_SCHEMES = 4  # mhtml:http://… nests two; bounded, so a crafted target costs linear time


def remote_host(target: str) -> str | None:
    """The host Word would contact to follow an external link to ``target``; None when it is local.

    Local: ``C:\\…``, ``file:///C:/…``, ``file:///Users/…``, ``Normal.dotm``, a relative path.
    Remote: a network share (``\\\\host\\share``, ``file://host/…``, ``file:///\\\\host\\…``,
    ``\\\\?\\UNC\\host\\…``), ``//host/…`` and every URL scheme but ``file`` (http, https, ftp …).
    """
    if len(target) > _MAX_TARGET_CHARS:
        return _shown_location(target[:_MAX_TARGET_CHARS])
    text = unquote(target).strip()
    url = False
    # Every scheme but file is remote (mhtml:http://… nests one URL in another): name its host.
    for _ in range(_NESTED_SCHEMES):
        scheme = _SCHEME.match(text)
        if scheme is None or len(scheme.group(1)) == 1 or scheme.group(1).casefold() == "file":
            break
        url = True
        try:
            host = urlsplit(text).hostname
        except ValueError:  # a malformed IPv6 host
            host = None
        if host:
            return host
        text = text[scheme.end() :]
    else:
        return _shown_location(target)  # a:b:c:d:…: no link Word follows looks like that
    host = _share_host(text)
    return _shown_location(target) if host is None and url else host


def _share_host(text: str) -> str | None:
    """The server of a path or ``file:`` URL on another machine; None for one on this machine."""
    if _DRIVE.match(text):
        return None
    scheme = _SCHEME.match(text)
    path = text[scheme.end() :] if scheme else text
    if scheme and path.startswith("//") and path[2:3] not in ("", *_SEPARATORS):
        # file://authority/path: an authority other than this machine is a server
        authority = re.split(r"[/\\]", path[2:], maxsplit=1)[0]
        if authority.casefold() not in _LOCAL_HOSTS and not _DRIVE.fullmatch(authority):
            return authority
        path = path[2 + len(authority) :]
    elif scheme and path.startswith("///"):
        path = path[2:]  # file:///…: an empty authority, then the path
    if len(path) - len(path.lstrip(_SEPARATORS)) < 2:
        return None  # one leading separator at most: a path on this machine
    names = [n for n in re.split(r"[/\\]", path) if n]
    if names[:1] in (["?"], ["."]):  # \\?\C:\… is local, \\?\UNC\host\… is not
        if len(names) < 3 or names[1].casefold() != "unc":
            return None
        names = names[2:]
    host = names[0].split("@", 1)[0] if names else ""  # \\host@SSL\DavWWWRoot is WebDAV
    return host or _shown_location(text)


def _shown_location(text: str) -> str:
    """A location with no host name of its own, made safe to quote."""
    return _part(text) or "an unnamed network location"


def _main_part(rels: Sequence[tuple[str, dict[str, str]]], shown: str) -> str:
    """The zip name of the main document part, from the package's officeDocument relationship."""
    for tag, attrs in rels:
        if tag == "Relationship" and attrs.get("Type") in _OFFICE_DOCUMENT_RELS:
            if attrs.get("TargetMode", "").casefold() == "external":
                break
            path = posixpath.normpath(posixpath.join("/", unquote(attrs.get("Target", ""))))
            if path in ("/", "."):
                break
            return path.lstrip("/")
    raise InvalidDocument(
        f"'{shown}' is a zip file but not a Word document (it names no main document part). {_SAVE_AS_DOCX}"
    )


def _check_main_type(content_type: str, shown: str) -> None:
    ct = content_type.casefold()
    if ct == DOCX_MAIN:
        return
    if "macroenabled" in ct:
        raise InvalidDocument(_macro_message(shown))
    if ct == DOTX_MAIN:
        raise InvalidDocument(
            f"'{shown}' is a Word template (.dotx), not a document. Create a document from it in Word, "
            "save that as a Word Document (.docx) and upload it."
        )
    for marker, what in _OTHER_OFFICE_KINDS:
        if marker in ct:
            raise InvalidDocument(f"'{shown}' is {what}, not a Word document. {_SAVE_AS_DOCX}")
    raise InvalidDocument(
        f"'{shown}' is not a Word document (its main part is '{_part(content_type or 'untyped')}'). "
        f"{_SAVE_AS_DOCX}"
    )


# --------------------------------------------------------------------------- batches


def check_batch(files: Sequence[tuple[str, bytes]], limits: UploadLimits) -> None:
    """Refuse a batch with too many files or too many bytes in all, before anything is parsed."""
    if len(files) > limits.max_files:
        raise InvalidDocument(
            f"{len(files)} files were uploaded at once; the limit is {limits.max_files}. Upload fewer files."
        )
    total = 0
    for name, data in files:
        size = len(data)
        if size > limits.max_file_mb * MB:
            raise InvalidDocument(
                f"'{safe_filename(name)}' is {size / MB:.1f} MB; "
                f"the limit is {limits.max_file_mb:g} MB per file."
            )
        total += size
    if total > limits.max_batch_mb * MB:
        raise InvalidDocument(
            f"The uploaded files total {total / MB:.1f} MB; the limit is {limits.max_batch_mb:g} MB "
            "per batch. Upload them in smaller batches."
        )


# --------------------------------------------------------------------------- file names

_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{p}{d}" for p in ("COM", "LPT") for d in "0123456789¹²³"}
)
_FORBIDDEN = re.compile(r'[<>:"|?*]')
_DOTS = re.compile(r"\.{2,}")
_EXT = re.compile(r"\.[A-Za-z0-9]{1,10}")
_DROP_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def _split_ext(name: str) -> tuple[str, str]:
    idx = name.rfind(".")
    if idx >= 0 and _EXT.fullmatch(name[idx:]):
        return name[:idx], name[idx:]
    return name, ""


def _clean_name(name: str) -> str:
    """Steps 1-6 of ``safe_filename``: no limits, reserved names or defaults applied."""
    text = "".join(c for c in name if unicodedata.category(c) not in _DROP_CATEGORIES)
    text = unicodedata.normalize("NFC", text)
    text = "".join(c for c in text if unicodedata.category(c) not in _DROP_CATEGORIES)
    text = re.split(r"[/\\]", text)[-1]  # what a user uploads never decides a folder
    text = _FORBIDDEN.sub("_", text)
    text = " ".join(text.split())
    text = _DOTS.sub(".", text).strip(" ").rstrip(".").rstrip(" ")
    if _EXT.fullmatch(text):
        return text  # an extension alone (".docx"): the caller supplies a stem
    return text.lstrip(". ")


def _fit(stem: str, ext: str, max_bytes: int) -> str:
    """``stem + ext`` with the stem cut (at a character boundary) to fit ``max_bytes`` in UTF-8."""
    room = max(1, max_bytes - len(ext.encode()))
    cut = room
    # NFC can lengthen a cut string (rarely): cut shorter until it fits.
    while len(stem.encode()) > room and cut > 0:
        stem = unicodedata.normalize("NFC", stem.encode()[:cut].decode("utf-8", errors="ignore"))
        cut -= 1
    if len(stem.encode()) > room:
        stem = ""
    return stem.rstrip(" .") + ext


def safe_filename(name: str, default: str = "resume.docx", *, max_bytes: int = MAX_FILENAME_BYTES) -> str:
    """A name safe for downloads and attachments: one path component, printable, never empty."""
    fallback_stem, fallback_ext = _split_ext(_clean_name(default) if isinstance(default, str) else "")
    if not fallback_stem:
        fallback_stem, fallback_ext = "file", fallback_ext
    text = _clean_name(name) if isinstance(name, str) else ""
    stem, ext = _split_ext(text)
    if not stem:
        stem, ext = fallback_stem, ext or fallback_ext
    if stem.split(".")[0].rstrip(" ").upper() in _RESERVED:
        stem = "_" + stem  # Windows would open a device instead of the file
    result = _fit(stem, ext, max(max_bytes, 16))
    if not _split_ext(result)[0]:  # the stem was cut away entirely
        result = _fit(fallback_stem, ext, max(max_bytes, 16))
    return result


def unique_names(names: Iterable[str], default: str = "resume.docx") -> list[str]:
    """Safe names, unique in the batch ignoring case: two ``resume.docx`` become two files."""
    taken: set[str] = set()
    counters: dict[str, int] = {}
    out: list[str] = []
    for raw in names:
        name = safe_filename(raw, default)
        candidate, base = name, name.casefold()
        n = counters.get(base, 1)
        while candidate.casefold() in taken:
            n += 1
            stem, ext = _split_ext(name)
            suffix = f" ({n})"
            candidate = _fit(stem, "", MAX_FILENAME_BYTES - len((suffix + ext).encode())) + suffix + ext
        counters[base] = n
        taken.add(candidate.casefold())
        out.append(candidate)
    return out


__all__ = [
    "DOCX_MAIN",
    "MAX_FILENAME_BYTES",
    "ReadBudget",
    "check_batch",
    "check_docx",
    "ole_entry_names",
    "read_member",
    "remote_host",
    "safe_filename",
    "unique_names",
]
