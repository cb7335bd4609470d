"""What the page offers for download: clear file names and one ZIP of every tailored resume.

Pure functions (no Streamlit): AppTest cannot reach a download button's bytes, so the tests
call these directly and the browser test checks the real download.
"""

from __future__ import annotations

import io
import re
import time
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from ..guard.uploads import safe_filename, unique_names

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ZIP_MIME = "application/zip"
ZIP_NAME = "tailored_resumes.zip"
DRY_RUN_ZIP_NAME = "dry_run_messages.zip"
_NOT_WORD = re.compile(r"[^\w-]+")


def tailored_name(filename: str) -> str:
    """``Jane Doe.docx`` -> ``Jane_Doe_tailored.docx``: letters, digits, ``-`` and ``_`` only."""
    stem = safe_filename(filename).rsplit(".", 1)[0]
    stem = _NOT_WORD.sub("_", unicodedata.normalize("NFC", stem)).strip("_") or "resume"
    return safe_filename(f"{stem}_tailored.docx")


def tailored_names(filenames: Iterable[str]) -> list[str]:
    """Tailored names for a batch, unique in it ignoring case."""
    return unique_names(tailored_name(f) for f in filenames)


def build_zip(files: Sequence[tuple[str, bytes]], *, clock: Callable[[], float] = time.time) -> bytes:
    """One ZIP holding each ``(name, data)``; names are made safe and unique first.

    The .docx files are zips themselves, so they are stored, not compressed again. Each entry
    is dated when the ZIP is built (local time, as ZIP dates are read): the files were made
    now, and an archive dated 2020 looks stale in a file manager. The page builds it once per
    set of files (``generate.zip_of``), so reruns do not change its bytes.
    """
    out = io.BytesIO()
    names = unique_names(name for name, _ in files)
    now = time.localtime(clock())[:6]
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, (_, data) in zip(names, files, strict=True):
            info = zipfile.ZipInfo(name, date_time=now)
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return out.getvalue()


def zip_of_files(paths: Sequence[Path]) -> bytes:
    """One ZIP of these files under their own names, each dated when it was written (its mtime)."""
    out = io.BytesIO()
    names = unique_names(p.name for p in paths)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, path in zip(names, paths, strict=True):
            data = path.read_bytes()
            info = zipfile.ZipInfo(name, date_time=time.localtime(path.stat().st_mtime)[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return out.getvalue()


__all__ = [
    "DOCX_MIME",
    "DRY_RUN_ZIP_NAME",
    "ZIP_MIME",
    "ZIP_NAME",
    "build_zip",
    "tailored_name",
    "tailored_names",
    "zip_of_files",
]
