"""Resume Customizer — the Streamlit page. Thin: settings, layout, and the ui/ components."""

from __future__ import annotations

import streamlit as st

# The title first: on a cold server the imports below take about a second, and the recruiter
# should see the page's name meanwhile, not a blank or grey screen.
st.set_page_config(page_title="Resume Customizer", page_icon="📄", layout="wide")
st.title("Resume Customizer")
st.caption(
    "Add a job's tech-stack points to each resume's most recent projects, in the resume's own "
    "style; preview, download, and email the tailored files."
)

from resume_customizer.observe.logs import log_context  # noqa: E402
from resume_customizer.ui import (  # noqa: E402
    bulk,
    editor,
    generate,
    job,
    logs,
    metrics,
    persist,
    sidebar,
    state,
    upload,
    workspace,
)
from resume_customizer.ui.text import md_escape  # noqa: E402

services = state.services()
persist.attach(services)  # first: a reload's saved inputs go back before any widget is drawn
state.keep_inputs()
session = state.session()

with log_context(session=session.log_id):
    smtp = sidebar.show(services.settings)
    resumes = upload.show(services, session)
    if resumes:
        job.show(services.settings, len(resumes), editor.stack_check)
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
    persist.save(services, upload.files())
