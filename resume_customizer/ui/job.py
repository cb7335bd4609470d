"""The job: one stack, job description, subject and message for every uploaded resume.

A recruiter submitting ten consultants to one job types the job once, here. Each resume's tab
shows what it takes from the job and can override any of the four fields: a field left empty in
the tab uses the job's. Preview, Generate all, Send and Send all read the merged inputs
(``editor.form_of``), so they all follow the job.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from ..config import Settings
from ..mail.message import DEFAULT_BODY, DEFAULT_SUBJECT
from . import state

KEYS = {"stack": "job-stack", "job": "job-description", "subject": "job-subject", "body": "job-body"}
LABELS = {"stack": "stack", "job": "job description", "subject": "subject", "body": "message"}
PLACEHOLDER_HELP = "Placeholders: {name}, {filename}, {techs}, {date}."


@dataclass(frozen=True)
class JobForm:
    """What the recruiter entered for the job (every resume's default)."""

    stack_text: str
    job_text: str
    subject: str
    body: str

    def get(self, field: str) -> str:
        """The job's value of ``field`` (stack, job, subject, body)."""
        return {"stack": self.stack_text, "job": self.job_text, "subject": self.subject, "body": self.body}[
            field
        ]


def _defaults() -> dict[str, str]:
    return {"stack": "", "job": "", "subject": DEFAULT_SUBJECT, "body": DEFAULT_BODY}


def job_of() -> JobForm:
    """The job's inputs as they stand (drawn or not)."""
    d = _defaults()
    v = {name: str(state.value(key, d[name])) for name, key in KEYS.items()}
    return JobForm(stack_text=v["stack"], job_text=v["job"], subject=v["subject"], body=v["body"])


def show(settings: Settings, count: int, stack_feedback: Callable[[str, Settings], object]) -> JobForm:
    """The job's panel, for ``count`` uploaded resumes; ``stack_feedback(text, settings)`` checks
    the stack as it is typed (the editor's own check)."""
    d = _defaults()
    for name, key in KEYS.items():
        state.remember(key, d[name])
    with st.container(border=True):
        st.subheader("The job", anchor="the-job")
        st.caption(
            f"One stack, job description, subject and message for every resume ({count} uploaded). "
            "A resume's own tab can override any of them: a field left empty there uses the job's."
        )
        left, right = st.columns([5, 4], gap="large")
        with left:
            text = st.text_area(
                "Job's tech stack (for every resume)",
                key=KEYS["stack"],
                height=180,
                placeholder="Python\n• Built REST APIs with FastAPI\n• Wrote pytest suites",
                help="Each tech name with the points to add for it; formats under the stack box "
                "of any resume's tab.",
            )
            stack_feedback(text, settings)
            with st.expander("Job description (optional — for keyword coverage)", icon=":material/work:"):
                st.text_area(
                    "Job description (for every resume)",
                    key=KEYS["job"],
                    height=120,
                    label_visibility="collapsed",
                    placeholder="Paste the job description: each preview measures which of its "
                    "keywords the resume mentions, before and after tailoring.",
                )
        with right:
            st.text_input("Email subject (for every resume)", key=KEYS["subject"], help=PLACEHOLDER_HELP)
            st.text_area(
                "Email message (for every resume)", key=KEYS["body"], height=130, help=PLACEHOLDER_HELP
            )
    return job_of()


__all__ = ["KEYS", "LABELS", "JobForm", "job_of", "show"]
