"""Preview: where each point goes, the tailored resume with the new bullets highlighted, the
warnings in plain words, keyword coverage before → after, and the download of this resume.

Tailoring and rendering run when the user presses Preview (counted by the ``preview`` rate
limit); later reruns show the kept result from the content caches at no cost. A result is
shown only while the inputs it was made from are unchanged.
"""

from __future__ import annotations

import re

import streamlit as st

from ..coverage import CoverageReport
from ..guard.text import HIGHLIGHT_CLASS
from . import state
from .downloads import DOCX_MIME, tailored_name
from .editor import ResumeForm
from .feedback import guarded
from .services import Services, Tailored, tailoring_key
from .state import Session
from .text import md_escape
from .upload import Resume

TAILORED = "rc_tailored"  # resume key -> tailoring key of what this session generated
PREVIEWED = "rc_previewed"  # resume key -> tailoring key of the preview shown
REFUSED = "rc_preview_refused"  # resume key -> tailoring key whose Preview press was refused

FIRST_NEW = "rc-first-new"  # the id of an anchor just before the first new bullet in the preview
# The preview box opens scrolled to the first new bullet (``scroll-initial-target``, no script:
# st.html runs none), is as tall as most of the window and can be dragged taller (``resize``);
# the jump link above it brings the bullet back after scrolling, in any browser.
PREVIEW_CSS = f"""<style>
.rc-preview {{ font-family: Georgia, 'Times New Roman', serif; font-size: 0.92rem; line-height: 1.35; }}
.rc-preview mark.{HIGHLIGHT_CLASS} {{ background: #fff1a8; padding: 0 2px; border-radius: 2px; }}
.rc-preview table {{ border-collapse: collapse; }}
.rc-preview td {{ vertical-align: top; padding: 2px 6px; }}
.rc-preview-box {{ height: 70vh; min-height: 20rem; overflow: auto; resize: vertical; padding: 0.75rem 1rem;
  border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 0.5rem; }}
#{FIRST_NEW} {{ scroll-initial-target: nearest; scroll-margin-top: 5rem; }}
.rc-jump {{ font-size: 0.85rem; margin-bottom: 0.4rem; }}
</style>"""
# A highlight that starts its paragraph or list item: a new bullet (an enriched line's added
# words are highlighted in the middle of it).
_FIRST_NEW_BULLET = re.compile(rf'(<(?:p|li)(?:\s[^>]*)?>\s*)<mark(?=[^>]*class="{HIGHLIGHT_CLASS}")')
_FIRST_MARK = re.compile(rf'<mark(?=[^>]*class="{HIGHLIGHT_CLASS}")')


def current_key(resume: Resume, form: ResumeForm) -> str:
    """The tailoring key of the resume's inputs as they stand."""
    return tailoring_key(
        resume.name,
        resume.data,
        form.stack_text,
        form.projects,
        form.enrich,
        pick=form.pick,
        pick_lists=form.pick_lists,
    )


def tailored_for(resume: Resume, form: ResumeForm, services: Services) -> Tailored:
    """The resume tailored with its inputs, the picked projects or lists included (cached).

    Every path (preview, download, Generate all, send one, send all) tailors through here, so
    all of them follow the recruiter's ticks.
    """
    return services.tailor(
        resume.name,
        resume.data,
        form.stack_text,
        form.projects,
        form.enrich,
        pick=form.pick,
        pick_lists=form.pick_lists,
    )


def tailor_now(resume: Resume, form: ResumeForm, services: Services) -> Tailored:
    """Tailor the resume with its current inputs (cached) and remember it for this session."""
    tailored = tailored_for(resume, form, services)
    state.bucket(TAILORED)[resume.key] = current_key(resume, form)
    return tailored


def generated(resume: Resume, form: ResumeForm, services: Services) -> Tailored | None:
    """The tailored resume for the current inputs, if this session generated it."""
    if state.bucket(TAILORED).get(resume.key) != current_key(resume, form):
        return None
    return tailored_for(resume, form, services)


def _plan(tailored: Tailored) -> None:
    result = tailored.result
    st.markdown("**Where the new points go**")
    rows = []
    for i in range(result.targets):
        mine = [pl for pl in result.plan if pl.project == i]
        for n, pl in enumerate(mine, start=1):
            rows.append(
                {"Project": result.projects[i].title, "#": n, "Tech": pl.tech or "—", "Point": pl.point}
            )
    st.dataframe(
        rows, hide_index=True, width="stretch", column_config={"#": st.column_config.NumberColumn(width=40)}
    )
    if result.edits:
        st.markdown("**Tech names added (enrichment)**")
        st.dataframe(
            [
                {
                    "Where": e.label
                    + (f" — {result.projects[e.project].title}" if e.project is not None else ""),
                    "Added": ", ".join(e.techs),
                }
                for e in result.edits
            ],
            hide_index=True,
            width="stretch",
        )
    for u in result.unplaced:
        st.warning(f"{md_escape(u.tech)} was not added: {md_escape(u.reason)}")


def _coverage_line(report: CoverageReport) -> str:
    return f"{report.percent:g}% ({len(report.found)} of {len(report.keywords)})"


def _coverage(resume: Resume, form: ResumeForm, key: str, tailored: Tailored, services: Services) -> None:
    change = services.coverage(key, resume.data, tailored, form.job_text)
    before, after = change.before, change.after
    if not after.keywords:
        return
    st.markdown(
        "**Keyword coverage** — the stack's techs"
        + (" and the job description's" if form.job_text.strip() else "")
    )
    a, b = st.columns(2)
    a.metric("Before tailoring", _coverage_line(before))
    b.metric("After tailoring", _coverage_line(after), delta=f"{after.percent - before.percent:+.1f} pts")
    found_before = {k.keyword for k in before.found}
    rows = [
        {
            "Keyword": k.keyword,
            "Before": "yes" if k.keyword in found_before else "no",
            "After": "yes" if k.found else "no",
            "Where (after)": "; ".join(f"{place} ×{n}" if n > 1 else place for place, n in k.places()),
        }
        for k in after.keywords
    ]
    st.dataframe(rows, hide_index=True, width="stretch")
    if after.missing:
        st.caption("Still missing: " + md_escape(", ".join(after.missing)))


def _body(resume: Resume, form: ResumeForm, key: str, tailored: Tailored, services: Services) -> None:
    result = tailored.result
    for warning in [*tailored.stack.warnings, *result.warnings]:
        st.warning(md_escape(warning))
    _plan(tailored)
    _coverage(resume, form, key, tailored, services)
    rendered = services.preview(key, tailored)
    st.markdown(
        f"**The tailored resume** — {rendered.highlighted} new bullet(s)"
        + (f", {rendered.edited} line(s) extended" if rendered.edited else "")
        + " highlighted"
    )
    # An empty anchor just before the first new bullet's highlight (the highlight stays as it is).
    anchor = f'<span id="{FIRST_NEW}"></span>'
    html, found = _FIRST_NEW_BULLET.subn(rf"\1{anchor}<mark", rendered.html, count=1)
    if not found:
        html, found = _FIRST_MARK.subn(f"{anchor}<mark", rendered.html, count=1)
    jump = (
        f'<div class="rc-jump"><a href="#{FIRST_NEW}">Jump to the first new bullet ↓</a></div>'
        if found
        else ""
    )
    st.html(f'{PREVIEW_CSS}{jump}<div class="rc-preview rc-preview-box">{html}</div>')


def button(resume: Resume, form: ResumeForm, services: Services, session: Session) -> None:
    """The Preview button: tailor and render now (counted by the ``preview`` rate limit when
    there is work to do: a preview already in the cache is shown again for free)."""
    clicked = st.button(
        "Preview",
        key=f"preview-{resume.key}",
        type="primary",
        disabled=not form.has_stack,
        width="stretch",
        icon=":material/visibility:",
        help=None if form.has_stack else "Paste a tech stack first.",
    )
    if clicked:
        key = current_key(resume, form)
        refused = state.bucket(REFUSED)
        refused[resume.key] = key  # until it succeeds: its message says what is wrong
        with guarded(f"previewing {resume.name}"):
            if key not in services.tailorings or key not in services.previews:
                services.limiter.hit("preview", *session.keys)
            tailored = tailor_now(resume, form, services)
            services.preview(key, tailored)
            state.bucket(PREVIEWED)[resume.key] = key
            del refused[resume.key]


def download(resume: Resume, tailored: Tailored | None) -> None:
    """This resume's download button, once it is tailored (never reruns the page)."""
    name = tailored_name(resume.name)
    if tailored is None:
        st.button(
            f"Download {name}",
            key=f"download-{resume.key}",
            disabled=True,
            width="stretch",
            icon=":material/download:",
            help="Preview (or Generate all) first.",
        )
        return
    st.download_button(
        f"Download {name}",
        data=tailored.result.docx,
        file_name=name,
        mime=DOCX_MIME,
        on_click="ignore",
        key=f"download-{resume.key}",
        width="stretch",
        icon=":material/download:",
    )


def show(resume: Resume, form: ResumeForm, tailored: Tailored | None, services: Services) -> None:
    """The preview of the current inputs, or a word on why there is none."""
    key = current_key(resume, form)
    previewed = state.bucket(PREVIEWED).get(resume.key)
    if tailored is not None and previewed == key:
        with guarded(f"showing the preview of {resume.name}"):
            _body(resume, form, key, tailored, services)
    elif previewed is not None and form.has_stack and state.bucket(REFUSED).get(resume.key) != key:
        # Not after a refused press of these inputs: its message (the stack's error, the rate
        # limit) says what is wrong, and pressing Preview again would not show a result.
        st.caption("The inputs changed since the last preview: press Preview to see the new result.")


__all__ = [
    "PREVIEWED",
    "REFUSED",
    "TAILORED",
    "button",
    "current_key",
    "download",
    "generated",
    "show",
    "tailor_now",
    "tailored_for",
]
