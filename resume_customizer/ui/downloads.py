"""What the page offers for download: clear file names and one ZIP of every tailored resume.

Pure functions (no Streamlit): AppTest cannot reach a download button's bytes, so the tests
call these directly and the browser test checks the real download.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence

from ..guard.uploads import safe_filename, unique_names

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ZIP_MIME = "application/zip"
ZIP_NAME = "tailored_resumes.zip"
_NOT_WORD = re.compile(r"[^\w-]+")
_FIXED_TIME = (2020, 1, 1, 0, 0, 0)  # the same resumes give the same ZIP bytes


def tailored_name(filename: str) -> str:
    """``Jane Doe.docx`` -> ``Jane_Doe_tailored.docx``: letters, digits, ``-`` and ``_`` only."""
    stem = safe_filename(filename).rsplit(".", 1)[0]
    stem = _NOT_WORD.sub("_", unicodedata.normalize("NFC", stem)).strip("_") or "resume"
    return safe_filename(f"{stem}_tailored.docx")


def tailored_names(filenames: Iterable[str]) -> list[str]:
    """Tailored names for a batch, unique in it ignoring case."""
    return unique_names(tailored_name(f) for f in filenames)


def build_zip(files: Sequence[tuple[str, bytes]]) -> bytes:
    """One ZIP holding each ``(name, data)``; names are made safe and unique first.

    The .docx files are zips themselves, so they are stored, not compressed again.
    """
    out = io.BytesIO()
    names = unique_names(name for name, _ in files)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, (_, data) in zip(names, files, strict=True):
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return out.getvalue()


__all__ = ["DOCX_MIME", "ZIP_MIME", "ZIP_NAME", "build_zip", "tailored_name", "tailored_names"]
