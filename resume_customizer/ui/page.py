"""The main page: upload a resume, paste a stack, see where each point goes, download."""

from __future__ import annotations

import logging
from pathlib import PurePath

import streamlit as st

from ..errors import CustomizerError
from ..resume.tailor import TailorOptions, TailorResult, detect_projects, tailor
from ..stack import parse_stack_report

log = logging.getLogger(__name__)

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
STACK_HELP = """Any of these, mixed:

Python
• Built REST APIs with FastAPI

AWS:
- Moved batch jobs to Lambda

Kafka: • Built streaming pipelines • Tuned consumer lag alerts"""


@st.cache_data(show_spinner=False, max_entries=64)
def _projects(data: bytes) -> list[dict[str, object]]:
    return [p.as_dict() for p in detect_projects(data)]


def _tailored_name(filename: str) -> str:
    stem = PurePath(filename).stem or "resume"
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in stem).strip("_") or "resume"
    return f"{safe}_tailored.docx"


def _show_error(exc: Exception) -> None:
    if isinstance(exc, CustomizerError):
        st.error(exc.message)
    else:
        log.exception("unexpected error on the page")
        st.error("Something went wrong on our side; the details are in the log.")


def show() -> None:
    """Render the page."""
    st.title("Resume Customizer")
    st.caption("Add a job's tech-stack points to a resume's most recent projects, in the resume's own style.")
    upload = st.file_uploader("Resume (.docx)", type=["docx"], key="resume")
    stack_text = st.text_area(
        "Tech stack with bullet points", height=220, key="stack", help=STACK_HELP, placeholder=STACK_HELP
    )
    n = st.number_input("Projects to tailor", min_value=1, max_value=10, value=3, step=1, key="projects")
    if upload is None:
        st.info("Upload a resume to begin.")
        return
    data = upload.getvalue()
    try:
        projects = _projects(data)
    except Exception as exc:  # shown once, here, as a friendly message
        _show_error(exc)
        return
    if not projects:
        st.warning("No projects with bullet points were found in this resume.")
        return
    st.subheader("Projects found")
    st.dataframe(
        [{"#": p["index"] + 1, "Project": p["title"], "Bullets": p["bullet_count"]} for p in projects],
        hide_index=True,
        width="stretch",
    )
    if not stack_text.strip():
        return
    try:
        parsed = parse_stack_report(stack_text)
        result: TailorResult = tailor(data, parsed.stacks, TailorOptions(projects=int(n)))
    except Exception as exc:
        _show_error(exc)
        return
    for w in [*parsed.warnings, *result.warnings]:
        st.warning(w)
    st.subheader("Where each point goes")
    for i in range(result.targets):
        mine = [pl for pl in result.plan if pl.project == i]
        with st.expander(f"{result.projects[i].title} — {len(mine)} new point(s)", expanded=True):
            for pl in mine:
                st.markdown(f"- **{pl.tech or 'Points'}** — {pl.point}")
    st.download_button(
        "Download tailored resume",
        data=result.docx,
        file_name=_tailored_name(upload.name),
        mime=DOCX_MIME,
        on_click="ignore",
        key="download",
    )
