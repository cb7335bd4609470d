"""Generate: every resume with a stack tailored at once, a download per resume and one ZIP.

Downloads never rerun the page (``on_click="ignore"``). The ZIP is built once per set of
tailored files and kept in this session's state.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import streamlit as st

from ..cache import key_for
from . import state
from .downloads import DOCX_MIME, ZIP_MIME, ZIP_NAME, build_zip, tailored_names
from .editor import ResumeForm
from .feedback import guarded
from .preview import current_key, generated, tailor_now
from .services import Services, Tailored
from .state import Session
from .upload import Resume

_ZIP = "rc_zip"


def zip_of(done: Sequence[tuple[Resume, ResumeForm, Tailored]]) -> bytes:
    """The ZIP of these tailored resumes, built once per set and kept in session state."""
    signature = key_for(*(current_key(r, f) for r, f, _ in done))
    kept = state.bucket(_ZIP)
    if kept.get("signature") != signature:
        names = tailored_names(r.name for r, _, _ in done)
        kept["data"] = build_zip([(n, t.result.docx) for n, (_, _, t) in zip(names, done, strict=True)])
        kept["signature"] = signature
    return bytes(kept["data"])


def show(
    resumes: Sequence[Resume], forms: Mapping[str, ResumeForm], services: Services, session: Session
) -> None:
    """The Generate section: Generate all, then each tailored file and Download all."""
    st.subheader("Generate")
    with_stack = [r for r in resumes if forms[r.key].has_stack]
    if not with_stack:
        st.caption("Paste a tech stack for at least one resume, then generate the tailored files here.")
        return
    if st.button(f"Generate all ({len(with_stack)})", key="generate", type="primary"):
        with guarded("generating the tailored resumes"):
            services.limiter.hit("generate", *session.keys)
            with st.spinner("Tailoring…"):
                for r in with_stack:
                    with guarded(f"tailoring {r.name}"):
                        tailor_now(r, forms[r.key], services)
    done: list[tuple[Resume, ResumeForm, Tailored]] = []
    for r in with_stack:
        with guarded(f"preparing {r.name}"):
            tailored = generated(r, forms[r.key], services)
            if tailored is not None:
                done.append((r, forms[r.key], tailored))
    if not done:
        st.caption("Press Generate all (or Preview in a resume's tab) to make the tailored files.")
        return
    names = tailored_names(r.name for r, _, _ in done)
    columns = st.columns(3)
    for i, ((r, _, tailored), name) in enumerate(zip(done, names, strict=True)):
        columns[i % 3].download_button(
            name,
            data=tailored.result.docx,
            file_name=name,
            mime=DOCX_MIME,
            on_click="ignore",
            key=f"get-{r.key}",
            icon=":material/download:",
            width="stretch",
        )
    waiting = len(with_stack) - len(done)
    st.download_button(
        f"Download all ({len(done)} resume{'s' if len(done) != 1 else ''}, ZIP)",
        data=zip_of(done),
        file_name=ZIP_NAME,
        mime=ZIP_MIME,
        on_click="ignore",
        key="download-all",
        type="primary",
        icon=":material/folder_zip:",
    )
    if waiting:
        st.caption(f"{waiting} resume(s) with a stack are not generated yet (or their inputs changed).")


__all__ = ["show", "zip_of"]
