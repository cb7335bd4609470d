"""One resume's inputs: the stack, the projects to tailor, enrichment, the job, the email.

Every input is checked as it is typed (the stack parsed, the recipients validated, the
templates filled) and the problem said in plain words under the field. ``form_of`` reads a
resume's inputs without drawing them, for the resumes whose tab is closed.

The projects table is where the recruiter corrects detection: its ticks say which projects
receive the points (the first N until the recruiter ticks others). When no project was found,
or the ones found are wrong, the resume's bullet lists can be ticked instead. The ticks are
kept in plain session state (a table's own edits cannot be re-assigned, and are forgotten
while its tab is closed), so the preview, the downloads and the sends all follow them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import streamlit as st

from ..config import Settings
from ..errors import CustomizerError
from ..guard.addresses import parse_recipients
from ..guard.text import clean_template
from ..mail.message import render_template, template_values
from ..stack import EXAMPLE, StackParse
from . import job, state
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
    pick: tuple[int, ...] | None = None  # the ticked projects (None: the first ``projects``)
    pick_lists: tuple[int, ...] | None = None  # bullet lists ticked to stand in for the projects
    own: frozenset[str] = frozenset()  # the job's fields this resume overrides (stack, job, subject, body)
    name: str = ""  # the candidate's name, for {name} ("" : guessed from the file name)

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
        "name": f"name-{k}",
    }


def _pick_key(resume: Resume) -> str:
    """Plain state: ``(n, ticked projects)``, the ticks made while "projects to tailor" was n."""
    return f"pick-{resume.key}"


def _lists_key(resume: Resume) -> str:
    """Plain state: the ticked bullet lists, or None."""
    return f"lists-pick-{resume.key}"


def _numbers(value: object) -> tuple[int, ...] | None:
    if not isinstance(value, tuple) or not all(isinstance(n, int) for n in value):
        return None
    return value


def _picked(resume: Resume, n: int) -> tuple[int, ...] | None:
    """The ticked projects, if the recruiter ticked others than the first ``n``."""
    stored = state.value(_pick_key(resume), None)
    if not (isinstance(stored, tuple) and len(stored) == 2 and stored[0] == n):
        return None  # never ticked, or ticked for another number of projects
    return _numbers(stored[1])


def _defaults(settings: Settings, resume: Resume | None = None) -> dict[str, object]:
    """Each input's default; the stack, job description, subject and message are empty: the
    job's are used until the resume overrides them."""
    return {
        "stack": "",
        "projects": settings.tailor.projects,
        "enrich": False,
        "job": "",
        "to": "",
        "subject": "",
        "body": "",
        "name": candidate_of(resume) if resume is not None else "",
    }


def candidate_of(resume: Resume) -> str:
    """The candidate's name as the resume gives it, else as the file name suggests."""
    found = getattr(resume.inspection, "candidate", None)
    if isinstance(found, str) and found.strip():
        return found.strip()
    return template_values(filename=resume.name, techs=(), today=datetime.now(UTC).date())["name"]


def form_of(resume: Resume, settings: Settings) -> ResumeForm:
    """The resume's inputs as they stand, whether or not its tab is open."""
    keys, defaults = _keys(resume), _defaults(settings, resume)
    v = {name: state.value(keys[name], defaults[name]) for name in keys}
    projects = int(v["projects"])  # type: ignore[call-overload]
    pick_lists = _numbers(state.value(_lists_key(resume), None)) or None
    the_job = job.job_of()
    own = frozenset(f for f in job.KEYS if str(v[f]).strip())
    merged = {f: str(v[f]) if f in own else the_job.get(f) for f in job.KEYS}
    return ResumeForm(
        stack_text=merged["stack"],
        projects=projects,
        enrich=bool(v["enrich"]),
        job_text=merged["job"],
        recipients=str(v["to"]),
        subject=merged["subject"],
        body=merged["body"],
        pick=None if pick_lists else _picked(resume, projects),
        pick_lists=pick_lists,
        own=own,
        name=str(v["name"]).strip(),
    )


def _ticked(rows: Any, column: str) -> tuple[int, ...]:
    """The "#" of every row the table returned with ``column`` ticked."""
    records: Sequence[dict[str, Any]] = rows.to_dict("records") if hasattr(rows, "to_dict") else rows
    return tuple(int(r["#"]) for r in records if r.get(column))


def _project_picker(resume: Resume, n: int) -> None:
    """The projects found, each with a tick: the ticked ones receive the points."""
    projects = resume.projects
    key = _pick_key(resume)
    default = tuple(p.index + 1 for p in projects[:n])
    picked = _picked(resume, n)
    if picked is None:
        st.session_state[key] = None  # the number changed: the first n again
    ticked = set(picked if picked is not None else default)
    rows = [
        {"#": p.index + 1, "Project": p.title, "Bullets": p.bullet_count, "Tailor": p.index + 1 in ticked}
        for p in projects
    ]
    edited = st.data_editor(
        rows,
        key=f"picker-{resume.key}-{n}",  # a new number of projects starts from the first n again
        hide_index=True,
        width="stretch",
        num_rows="fixed",
        disabled=["#", "Project", "Bullets"],
        column_config={
            "#": st.column_config.NumberColumn(width=30),
            "Project": st.column_config.TextColumn(width="medium"),
            "Bullets": st.column_config.NumberColumn(width=60),
            "Tailor": st.column_config.CheckboxColumn(
                width=60, help="Tick the projects that receive the points"
            ),
        },
        height=min(36 * (len(projects) + 1) + 4, 250),
    )
    chosen = _ticked(edited, "Tailor")
    st.session_state[key] = None if chosen == default else (n, chosen)
    if not chosen:
        st.caption("Tick at least one project to receive the points.")
    elif chosen != default:
        st.caption(f"The points go to project(s) {', '.join(map(str, chosen))}, in turn.")
    for doubt in resume.inspection.doubts:
        st.warning(f"Please check the projects: {md_escape(doubt)}", icon=":material/help:")


def _list_picker(resume: Resume) -> None:
    """Every bullet list of the resume, each with a tick: the ticked ones stand in for projects."""
    lists = resume.inspection.lists
    key = _lists_key(resume)
    ticked = set(_numbers(state.value(key, None)) or ())
    rows = [
        {
            "#": bl.number,
            "Section": bl.where,
            "Above it": bl.heading,
            "First bullet": bl.first,
            "Items": bl.count,
            "Use": bl.number in ticked,
        }
        for bl in lists
    ]
    edited = st.data_editor(
        rows,
        key=f"lists-{resume.key}",
        hide_index=True,
        width="stretch",
        num_rows="fixed",
        disabled=["#", "Section", "Above it", "First bullet", "Items"],
        column_config={
            "#": st.column_config.NumberColumn(width=30),
            "Items": st.column_config.NumberColumn(width=50),
            "Use": st.column_config.CheckboxColumn(width=50, help="Tick the lists that receive the points"),
        },
        height=min(36 * (len(lists) + 1) + 4, 320),
    )
    chosen = _ticked(edited, "Use")
    st.session_state[key] = chosen or None
    if chosen:
        st.caption(f"The points go to list(s) {', '.join(map(str, chosen))}, in turn.")


def _explanation(resume: Resume) -> None:
    """Every line of the resume with the role the detector gave it and why (on request)."""
    lines = resume.inspection.lines
    if not lines:
        return
    title = "Why these projects? Every line as the detector read it"
    with st.expander(title, icon=":material/manage_search:"):
        st.caption(
            "Each line of the resume with the role it was given (section heading, entry header, "
            "bullet …), the project it belongs to and the reason. Use it to see why a project was or "
            "was not found; then tick the right projects or lists above."
        )
        st.dataframe(
            [
                {
                    "Project": line.project,
                    "Role": line.role.value,
                    "Text": line.text,
                    "Why": f"{line.reason} ({line.confidence.value})",
                }
                for line in lines
            ],
            hide_index=True,
            width="stretch",
            column_config={"Text": st.column_config.TextColumn(width="medium")},
        )


def _targets(resume: Resume, n: int) -> None:
    """Where the points go: the projects table, or the bullet lists when no project was found."""
    state.remember(_pick_key(resume), None)
    state.remember(_lists_key(resume), None)
    _targets_tables(resume, n)
    _explanation(resume)


def _targets_tables(resume: Resume, n: int) -> None:
    if not resume.projects:
        st.warning(
            "No projects found: no experience entry with bullet points. Tick the bullet lists that "
            "hold a job's responsibilities: the points go to those, in turn.",
            icon=":material/checklist:",
        )
        _list_picker(resume)
        return
    _project_picker(resume, n)
    if not resume.inspection.lists:
        return
    with st.expander("Not the right projects? Use bullet lists instead", icon=":material/checklist:"):
        _list_picker(resume)
        if _numbers(state.value(_lists_key(resume), None)):
            st.caption("The ticked lists are used instead of the projects above.")


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


def stack_check(text: str, settings: Settings) -> StackParse | None:
    """The stack typed anywhere on the page (a resume's tab, the job) checked, said under it."""
    return _stack_feedback(text, settings)


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
    values = template_values(
        filename=resume.name, techs=techs, today=datetime.now(UTC).date(), name=form.name or None
    )
    try:
        subject = render_template(clean_template(form.subject, settings.limits), values, field="subject")
        render_template(clean_template(form.body, settings.limits), values, field="body")
    except CustomizerError as exc:
        st.error(md_escape(exc.message), icon=":material/error:")
        return
    st.caption(f"Subject will read: {md_escape(subject)}")


def _stack_source(stack_text: str, settings: Settings) -> StackParse | None:
    """Under the resume's stack box: its own stack checked, or which stack of the job it uses."""
    if stack_text.strip():
        st.caption(":material/edit_note: This resume's own stack (the job's is not used for it).")
        return _stack_feedback(stack_text, settings)
    shared = job.job_of().stack_text
    if not shared.strip():
        st.caption(
            "Paste the stack under **The job** (for every resume) or here (for this resume only); "
            "formats below."
        )
        return None
    st.caption(":material/link: Uses the job's stack (type here to give this resume its own):")
    return _stack_feedback(shared, settings)


def _inherits(form: ResumeForm, fields: tuple[str, ...]) -> None:
    """A word on which of ``fields`` come from the job and which this resume overrides."""
    own = [job.LABELS[f] for f in fields if f in form.own]
    shared = [job.LABELS[f] for f in fields if f not in form.own]
    words = []
    if shared:
        words.append(f":material/link: the job's {' and '.join(shared)}")
    if own:
        words.append(f":material/edit_note: this resume's own {' and '.join(own)} (overrides the job's)")
    st.caption("Uses " + "; ".join(words) + ".")


def show(resume: Resume, settings: Settings) -> ResumeForm:
    """Draw the resume's inputs with their checks; return what was entered."""
    keys, defaults = _keys(resume), _defaults(settings, resume)
    for name, key in keys.items():
        state.remember(key, defaults[name])
    the_job = job.job_of()
    left, right = st.columns([5, 4], gap="large")
    with left:
        stack_text = st.text_area(
            "Tech stack with bullet points",
            key=keys["stack"],
            height=220,
            placeholder="Empty: the job's stack is used. Type a stack here to use another for this "
            "resume only."
            if the_job.stack_text.strip()
            else STACK_FORMATS[0][1],
            help="Each tech name with the points to add for it. Points are spread over the first "
            "projects in turn. Left empty, the job's stack is used.",
        )
        parsed = _stack_source(stack_text, settings)
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
            help="The points go to the first projects of the resume, in turn; tick others in the "
            "table to choose them yourself.",
        )
        _targets(resume, int(n))
        st.toggle(
            "Also add the stack's tech names to Environment lines and the Skills section",
            key=keys["enrich"],
            help="Off by default. When on, each tailored project's Environment / Technologies line "
            "gets the stack's techs it lacks, and the Skills section gets the missing ones.",
        )
    with st.expander("This resume's own job description (optional)", icon=":material/work:"):
        st.text_area(
            "Job description",
            key=keys["job"],
            height=120,
            label_visibility="collapsed",
            placeholder="Empty: the job's description is used. Paste another here for this resume "
            "only: the preview then measures which of its keywords the resume mentions.",
        )
    st.markdown("**Email**")
    to_col, name_col = st.columns(2)
    with to_col:
        recipients = st.text_input(
            "Recipient(s)", key=keys["to"], placeholder="client@example.com, hr@example.com"
        )
        _recipients_feedback(recipients)
    with name_col:
        st.text_input(
            "Candidate name ({name})",
            key=keys["name"],
            help="Read from the top of the resume (from the file name when the resume gives none); "
            "correct it here.",
        )
    st.text_input(
        "Subject",
        key=keys["subject"],
        placeholder=the_job.subject,
        help=PLACEHOLDER_HELP + " Left empty, the job's subject is used.",
    )
    st.text_area(
        "Message",
        key=keys["body"],
        height=110,
        placeholder=the_job.body,
        help=PLACEHOLDER_HELP + " Left empty, the job's message is used.",
    )
    form = form_of(resume, settings)
    _inherits(form, ("job", "subject", "body"))
    _template_feedback(resume, form, parsed, settings)
    return form


__all__ = ["STACK_FORMATS", "ResumeForm", "candidate_of", "form_of", "show", "stack_check"]
