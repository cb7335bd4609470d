"""One resume's inputs: the stack, the projects to tailor, enrichment, the job, the email.

Every input is checked as it is typed (the stack parsed, the recipients validated, the
templates filled) and the problem said in plain words under the field. ``form_of`` reads a
resume's inputs without drawing them, for the resumes whose tab is closed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import streamlit as st

from ..config import Settings
from ..errors import CustomizerError
from ..guard.addresses import parse_recipients
from ..guard.text import clean_template
from ..mail.message import DEFAULT_BODY, DEFAULT_SUBJECT, render_template, template_values
from ..stack import EXAMPLE, StackParse
from . import state
from .services import read_stack
from .text import md_escape
from .upload import Resume

STACK_FORMATS: tuple[tuple[str, str], ...] = (
    (
        "A tech name, then its points one per line",
        "Python\n• Built REST APIs with FastAPI\n• Wrote pytest suites",
    ),
    (
        "A heading with a colon, then dashes",
        "AWS:\n- Moved batch jobs to Lambda\n- Cut costs with spot instances",
    ),
    ("Everything on one line", EXAMPLE),
    ("Numbered points", "Kafka\n1. Built streaming pipelines\n2. Tuned consumer lag alerts"),
    (
        "Pasted from Word or Markdown (sub-bullets, bold names, wrapped lines)",
        "**Docker:**\no Containerized the billing service\no Wrote multi-stage builds that cut image\n"
        "  size by half",
    ),
)
PLACEHOLDER_HELP = "Placeholders: {name}, {filename}, {techs}, {date}."


@dataclass(frozen=True)
class ResumeForm:
    """What the user entered for one resume."""

    stack_text: str
    projects: int
    enrich: bool
    job_text: str
    recipients: str
    subject: str
    body: str

    @property
    def has_stack(self) -> bool:
        """Whether a stack was entered at all."""
        return bool(self.stack_text.strip())


def _keys(resume: Resume) -> dict[str, str]:
    k = resume.key
    return {
        "stack": f"stack-{k}",
        "projects": f"projects-{k}",
        "enrich": f"enrich-{k}",
        "job": f"job-{k}",
        "to": f"to-{k}",
        "subject": f"subject-{k}",
        "body": f"body-{k}",
    }


def _defaults(settings: Settings) -> dict[str, object]:
    return {
        "stack": "",
        "projects": settings.tailor.projects,
        "enrich": False,
        "job": "",
        "to": "",
        "subject": DEFAULT_SUBJECT,
        "body": DEFAULT_BODY,
    }


def form_of(resume: Resume, settings: Settings) -> ResumeForm:
    """The resume's inputs as they stand, whether or not its tab is open."""
    keys, defaults = _keys(resume), _defaults(settings)
    v = {name: state.value(keys[name], defaults[name]) for name in keys}
    return ResumeForm(
        stack_text=str(v["stack"]),
        projects=int(v["projects"]),  # type: ignore[call-overload]
        enrich=bool(v["enrich"]),
        job_text=str(v["job"]),
        recipients=str(v["to"]),
        subject=str(v["subject"]),
        body=str(v["body"]),
    )


def _stack_feedback(text: str, settings: Settings) -> StackParse | None:
    if not text.strip():
        st.caption("Paste the job's tech stack with its bullet points (formats below).")
        return None
    try:
        parsed = read_stack(text, settings)
    except CustomizerError as exc:
        st.error(md_escape(exc.message), icon=":material/error:")
        return None
    named = ", ".join(f"{md_escape(s.name or 'no name')} ({len(s.points)})" for s in parsed.stacks)
    st.caption(f"✓ Read {len(parsed.stacks)} tech(s) and {parsed.point_count} point(s): {named}")
    for warning in parsed.warnings:
        st.warning(md_escape(warning))
    return parsed


def _recipients_feedback(text: str) -> None:
    if not text.strip():
        st.caption("Needed to send this resume: one or more addresses, separated by commas.")
        return
    try:
        addresses = parse_recipients(text)
    except CustomizerError as exc:
        st.error(md_escape(exc.message), icon=":material/error:")
        return
    st.caption(f"✓ {len(addresses)} recipient(s): {md_escape(', '.join(addresses))}")


def _template_feedback(
    resume: Resume, form: ResumeForm, parsed: StackParse | None, settings: Settings
) -> None:
    techs = [s.name for s in parsed.stacks if s.name] if parsed else []
    values = template_values(filename=resume.name, techs=techs, today=datetime.now(UTC).date())
    try:
        subject = render_template(clean_template(form.subject, settings.limits), values, field="subject")
        render_template(clean_template(form.body, settings.limits), values, field="body")
    except CustomizerError as exc:
        st.error(md_escape(exc.message), icon=":material/error:")
        return
    st.caption(f"Subject will read: {md_escape(subject)}")


def show(resume: Resume, settings: Settings) -> ResumeForm:
    """Draw the resume's inputs with their checks; return what was entered."""
    keys, defaults = _keys(resume), _defaults(settings)
    for name, key in keys.items():
        state.remember(key, defaults[name])
    left, right = st.columns([5, 4], gap="large")
    with left:
        stack_text = st.text_area(
            "Tech stack with bullet points",
            key=keys["stack"],
            height=220,
            placeholder=STACK_FORMATS[0][1],
            help="Each tech name with the points to add for it. Points are spread over the first "
            "projects in turn.",
        )
        parsed = _stack_feedback(stack_text, settings)
        with st.expander("Accepted stack formats (they can be mixed)"):
            for title, example in STACK_FORMATS:
                st.caption(title)
                st.code(example, language=None)
    with right:
        n = st.number_input(
            "Projects to tailor",
            key=keys["projects"],
            min_value=1,
            max_value=50,
            step=1,
            help="The points go to the first projects of the resume, in turn.",
        )
        st.dataframe(
            [
                {
                    "#": p.index + 1,
                    "Project": p.title,
                    "Bullets": p.bullet_count,
                    "Tailored": "✓" if i < int(n) else "",
                }
                for i, p in enumerate(resume.projects)
            ],
            hide_index=True,
            width="stretch",
            column_config={
                "#": st.column_config.NumberColumn(width=30),
                "Project": st.column_config.TextColumn(width="medium"),
                "Bullets": st.column_config.NumberColumn(width=60),
                "Tailored": st.column_config.TextColumn(width=60),
            },
            height=min(36 * (len(resume.projects) + 1) + 4, 250),
        )
        st.toggle(
            "Also add the stack's tech names to Environment lines and the Skills section",
            key=keys["enrich"],
            help="Off by default. When on, each tailored project's Environment / Technologies line "
            "gets the stack's techs it lacks, and the Skills section gets the missing ones.",
        )
    with st.expander("Job description (optional — for keyword coverage)", icon=":material/work:"):
        st.text_area(
            "Job description",
            key=keys["job"],
            height=120,
            label_visibility="collapsed",
            placeholder="Paste the job description: the preview then measures which of its keywords "
            "the resume mentions, before and after tailoring.",
        )
    st.markdown("**Email**")
    to_col, subject_col = st.columns(2)
    with to_col:
        recipients = st.text_input(
            "Recipient(s)", key=keys["to"], placeholder="client@example.com, hr@example.com"
        )
        _recipients_feedback(recipients)
    with subject_col:
        st.text_input("Subject", key=keys["subject"], help=PLACEHOLDER_HELP)
    st.text_area("Message", key=keys["body"], height=110, help=PLACEHOLDER_HELP)
    form = form_of(resume, settings)
    _template_feedback(resume, form, parsed, settings)
    return form


__all__ = ["STACK_FORMATS", "ResumeForm", "form_of", "show"]
