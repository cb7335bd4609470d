"""One resume's tab: its inputs, the actions (Preview, Download, Send this one), the outcome
of a send and the preview, in that order."""

from __future__ import annotations

import streamlit as st

from . import editor, preview, send
from .editor import ResumeForm
from .feedback import guarded
from .services import Services, Tailored
from .sidebar import SmtpChoice
from .state import Session
from .upload import Resume


def show(resume: Resume, smtp: SmtpChoice, services: Services, session: Session) -> ResumeForm:
    """Draw the resume's tab; return its inputs."""
    form = editor.show(resume, services.settings)
    preview_col, download_col, send_col = st.columns(3)
    with preview_col:
        preview.button(resume, form, services, session)
    with send_col:
        send.button(resume, form, smtp, services, session)
    tailored: Tailored | None = None  # after the clicks: either may have just tailored it
    with guarded(f"preparing {resume.name}"):
        tailored = preview.generated(resume, form, services)
    with download_col:
        preview.download(resume, tailored)
    send.show(resume, form, tailored, services)
    preview.show(resume, form, tailored, services)
    return form


__all__ = ["show"]
