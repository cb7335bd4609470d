"""Upload: one or many .docx resumes, each with its guard status in plain words at once."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from ..errors import CustomizerError
from ..guard.uploads import check_batch
from ..resume.tailor import ProjectInfo
from . import state
from .feedback import guarded, show_error
from .services import Inspection, Services
from .state import Session
from .text import size_words

UPLOADER_KEY = "resumes"


@dataclass(frozen=True)
class Resume:
    """One uploaded file of this session, under a name safe to show and unique in the session."""

    key: str  # a prefix of its content hash: widget keys, state, caches
    name: str
    data: bytes
    inspection: Inspection

    @property
    def ok(self) -> bool:
        """Whether it passed the guards and has projects to tailor."""
        return self.inspection.ok

    @property
    def projects(self) -> tuple[ProjectInfo, ...]:
        """The projects found in it."""
        return self.inspection.projects


def resume_key(content_key: str) -> str:
    """The short key of a resume in widget keys (its content hash's first 12 hex digits)."""
    return content_key[:12]


def _status(resume: Resume | None, problem: str | None) -> str:
    if resume is None:
        return f"Refused — {problem}"
    if resume.ok:
        n = len(resume.projects)
        return f"Ready — {n} project{'s' if n != 1 else ''} with bullet points found"
    if resume.inspection.problem and resume.inspection.problem.startswith("No projects"):
        return f"Opened, but nothing to tailor — {resume.inspection.problem}"
    return f"Refused — {resume.inspection.problem}"


def show(services: Services, session: Session) -> list[Resume]:
    """The uploader and the status of each file; return this session's acceptable resumes."""
    files = st.file_uploader(
        "Resumes (.docx) — drag and drop one or many",
        type=["docx"],
        accept_multiple_files=True,
        key=UPLOADER_KEY,
        help="Word documents only. Each file is checked before anything opens it: size, type, "
        "macros, hidden remote content and zip bombs are refused.",
    )
    store = services.store
    if not files:
        for upload in store.uploads(session.id):
            store.remove(session.id, upload.key)
        st.info("Upload one or more resumes (.docx) to begin.", icon=":material/upload_file:")
        return []
    payload = [(f.name, f.getvalue()) for f in files]
    try:
        check_batch(payload, services.settings.limits)
    except CustomizerError as exc:
        show_error(exc, "checking the uploads")
        return []
    rows: list[dict[str, str]] = []
    resumes: list[Resume] = []
    seen: dict[str, str] = {}
    for original, data in payload:
        with guarded(f"checking {original}"):
            try:
                stored = store.put(session.id, original, data)
            except CustomizerError as exc:
                rows.append(
                    {"File": original, "Size": size_words(len(data)), "Status": _status(None, exc.message)}
                )
                continue
            if stored.key in seen:
                rows.append(
                    {
                        "File": original,
                        "Size": size_words(len(data)),
                        "Status": f"Same file as {seen[stored.key]} — shown once",
                    }
                )
                continue
            seen[stored.key] = stored.name
            resume = Resume(resume_key(stored.key), stored.name, data, services.inspect(stored.name, data))
            rows.append({"File": stored.name, "Size": size_words(len(data)), "Status": _status(resume, None)})
            if resume.ok:
                resumes.append(resume)
    for upload in store.uploads(session.id):
        if upload.key not in seen:  # removed from the uploader: forget it and its inputs
            store.remove(session.id, upload.key)
            state.forget(f"-{resume_key(upload.key)}")
    st.dataframe(rows, hide_index=True, width="stretch", key="upload-status")
    return resumes


__all__ = ["UPLOADER_KEY", "Resume", "resume_key", "show"]
