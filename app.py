"""Resume Customizer — the Streamlit page. Thin: settings, layout, and the ui/ components."""

from __future__ import annotations

import streamlit as st

from resume_customizer.observe.logs import log_context
from resume_customizer.ui import bulk, editor, generate, logs, metrics, sidebar, state, upload, workspace
from resume_customizer.ui.text import md_escape

st.set_page_config(page_title="Resume Customizer", page_icon="📄", layout="wide")
state.keep_inputs()
services = state.services()
session = state.session()

with log_context(session=session.log_id):
    st.title("Resume Customizer")
    st.caption(
        "Add a job's tech-stack points to each resume's most recent projects, in the resume's own "
        "style; preview, download, and email the tailored files."
    )
    smtp = sidebar.show(services.settings)
    resumes = upload.show(services, session)
    if resumes:
        tabs = st.tabs([md_escape(r.name) for r in resumes], key="resume-tabs", on_change="rerun")
        for resume, tab in zip(resumes, tabs, strict=True):
            if tab.open:
                with tab:
                    workspace.show(resume, smtp, services, session)
    forms = {r.key: editor.form_of(r, services.settings) for r in resumes}
    generate.show(resumes, forms, services, session)
    with st.sidebar:
        bulk.show(resumes, forms, smtp, services, session)
    logs.show(session)
    metrics.show(services, session)
