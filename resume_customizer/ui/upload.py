"""Upload: one or many .docx resumes, each with its guard status in plain words at once."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from ..errors import CustomizerError
from ..guard.uploads import check_batch, safe_filename
from ..resume.tailor import ProjectInfo
from . import persist
from .feedback import guarded, show_error
from .services import Inspection, Services
from .state import Session
from .text import md_escape, size_words

UPLOADER_KEY = "resumes"
# Streamlit caps the box of file chips at about two rows and scrolls the rest, so the third
# row shows cut in half: let it grow with the files (the status table below lists them too).
UPLOADER_CSS = (
    '<style>[data-testid="stFileUploader"] [data-testid="stFileChips"] '
    "{ max-height: none; overflow: visible; }</style>"
)
_FILES = "_rc_page_files"


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


@dataclass(frozen=True)
class _Outcome:
    """What the page says about one uploaded file: its table row, or a message in plain view."""

    name: str
    size: str
    kind: str  # ready | duplicate | refused | empty (opened, nothing to tailor)
    text: str  # the status (ready, duplicate) or the full message (refused, empty)
    notes: tuple[str, ...] = ()


def _ready_words(resume: Resume) -> str:
    """The status of a resume that can be tailored: its projects, or the lists to pick from."""
    n = len(resume.projects)
    if not n:
        k = len(resume.inspection.lists)
        return f"No projects found — pick from its {k} bullet list{'s' if k != 1 else ''} in its tab"
    found = f"{n} project{'s' if n != 1 else ''}"
    if resume.inspection.doubts:
        return f"Ready — {found} found — please check"
    return f"Ready — {found} with bullet points found"


def _outcome(name: str, size: str, resume: Resume) -> _Outcome:
    if resume.ok:
        return _Outcome(name, size, "ready", _ready_words(resume), resume.inspection.notes)
    problem = resume.inspection.problem or "it could not be read."
    return _Outcome(name, size, "empty" if problem.startswith("No projects") else "refused", problem)


def _summary(outcomes: list[_Outcome]) -> str:
    counts = {kind: sum(1 for o in outcomes if o.kind == kind) for kind in ("ready", "refused", "empty")}
    words = [f"{counts['ready']} ready", f"{counts['refused']} refused"]
    if counts["empty"]:
        words.append(f"{counts['empty']} with nothing to tailor")
    duplicates = len(outcomes) - sum(counts.values())
    if duplicates:
        words.append(f"{duplicates} duplicate{'s' if duplicates != 1 else ''} shown once")
    return ", ".join(words)


def _named(name: str, message: str) -> str:
    """The message led by the file's name, unless the message already starts with it."""
    text = message if message.startswith(f"'{name}'") else f"{name}: {message}"
    return md_escape(text)


def _show_outcomes(outcomes: list[_Outcome]) -> None:
    """A summary line, every refusal in full, notes, then the table of the files that can be used."""
    st.markdown(f"**{_summary(outcomes)}**")
    for o in outcomes:
        if o.kind == "refused":
            st.error(f"Refused — {_named(o.name, o.text)}", icon=":material/block:")
        elif o.kind == "empty":
            st.warning(f"Opened, but nothing to tailor — {_named(o.name, o.text)}", icon=":material/info:")
    for o in outcomes:
        for note in o.notes:
            st.info(_named(o.name, note), icon=":material/link_off:")
    rows = [
        {"File": o.name, "Size": o.size, "Status": o.text}
        for o in outcomes
        if o.kind in ("ready", "duplicate")
    ]
    if rows:
        st.dataframe(rows, hide_index=True, width="stretch", key="upload-status")


def show(services: Services, session: Session) -> list[Resume]:
    """The uploader and the status of each file; return this session's acceptable resumes.

    The files are those in the upload box and those restored from the saved workspace (see
    ``persist``); a file removed and added back finds its inputs again.
    """
    st.html(UPLOADER_CSS)  # style only: it takes no room on the page
    files = st.file_uploader(
        "Resumes (.docx) — drag and drop one or many",
        type=["docx"],
        accept_multiple_files=True,
        key=persist.uploader_key(),
        help="Word documents only. Each file is checked before anything opens it: size, type, "
        "macros, hidden remote content and zip bombs are refused.",
    )
    payload = persist.merge([(f.name, f.getvalue()) for f in files or ()])
    persist.restored_picker()
    st.session_state[_FILES] = payload
    store = services.store
    if not payload:
        for upload in store.uploads(session.id):
            store.remove(session.id, upload.key)
        st.info("Upload one or more resumes (.docx) to begin.", icon=":material/upload_file:")
        return []
    try:
        check_batch([(u.name, u.data) for u in payload], services.settings.limits)
    except CustomizerError as exc:
        show_error(exc, "checking the uploads")
        return []
    outcomes: list[_Outcome] = []
    resumes: list[Resume] = []
    seen: dict[str, str] = {}
    for upload_ in payload:
        original, data = upload_.name, upload_.data
        size = size_words(len(data))
        with guarded(f"checking {original}"):
            try:
                stored = store.put(session.id, original, data)
            except CustomizerError as exc:
                outcomes.append(_Outcome(safe_filename(original), size, "refused", exc.message))
                continue
            if stored.key in seen:
                outcomes.append(
                    _Outcome(original, size, "duplicate", f"Same file as {seen[stored.key]} — shown once")
                )
                continue
            seen[stored.key] = stored.name
            resume = Resume(resume_key(stored.key), stored.name, data, services.inspect(stored.name, data))
            outcomes.append(_outcome(stored.name, size, resume))
            if resume.ok:
                resumes.append(resume)
    for upload in store.uploads(session.id):
        if upload.key not in seen:  # removed: its inputs stay, so adding it back restores them
            store.remove(session.id, upload.key)
    _show_outcomes(outcomes)
    persist.clear_button(services)
    return resumes


def files() -> list[persist.Upload]:
    """Every file of the page in this run (uploaded or restored), for the workspace."""
    return list(st.session_state.get(_FILES, []))


__all__ = ["UPLOADER_KEY", "Resume", "files", "resume_key", "show"]
