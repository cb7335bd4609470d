"""Send this one: the tailored resume to its recipients, through the sidebar's SMTP settings.

The send goes through the same path as a bulk run of one item (outbox lookup, claim, retries,
circuit breaker, outcome recorded), so a message already sent is reported as "already sent
on <time>" from the outbox and never sent twice.
"""

from __future__ import annotations

import streamlit as st

from ..errors import CustomizerError, InputError
from ..guard.addresses import parse_recipients
from ..mail.bulk import ItemResult, run_bulk
from ..mail.outbox import Job
from . import state
from .bulk import item_for
from .editor import ResumeForm
from .feedback import guarded
from .preview import current_key, tailor_now
from .services import Services, Tailored
from .sidebar import SmtpChoice
from .state import Session
from .text import md_escape, state_words
from .upload import Resume

SENT = "rc_sent"  # resume key -> (what was sent: tailoring key and email fields, state, words)


def already_sent(form: ResumeForm, tailored: Tailored, services: Services) -> Job | None:
    """The outbox's job for this message when it was sent already."""
    try:
        recipients = parse_recipients(form.recipients)
    except CustomizerError:
        return None
    job = services.outbox().find(recipients, form.subject, tailored.digest)
    return job if job is not None and job.state == "sent" else None


def send_one(
    resume: Resume, form: ResumeForm, smtp: SmtpChoice, services: Services, session: Session
) -> ItemResult:
    """Tailor (cached) and send one resume; return what happened, truthfully."""
    parse_recipients(form.recipients)  # a bad address stops here, with its own message
    if not smtp.usable:
        raise InputError(f"Email settings: {smtp.problem or 'incomplete'} (sidebar, Email settings).")
    services.limiter.hit("send", *session.keys)
    tailored = tailor_now(resume, form, services)
    item = item_for(resume, form)  # recipients were checked above: no problem is set
    summary = run_bulk(
        [item],
        sender=smtp.sender,
        outbox=services.outbox(),
        make_sender=smtp.sender_factory(services.settings),
        tailor=lambda _docx, _stack: tailored.result.docx,
        workers=1,
        rate_per_minute=services.settings.bulk.rate_per_minute,
        tailor_processes=0,
    )
    return summary.results[0]


def _show_outcome(state_name: str, words: str) -> None:
    text = md_escape(words)
    if state_name == "sent":
        st.success(text, icon=":material/check_circle:")
    elif state_name == "skipped":
        st.info(f"Not sent again: {text}", icon=":material/info:")
    elif state_name == "unknown":
        st.warning(f"{text} — check the recipient's inbox before sending again.", icon=":material/help:")
    else:
        st.error(text, icon=":material/error:")


def _message_key(resume: Resume, form: ResumeForm) -> str:
    return "\n".join((current_key(resume, form), form.recipients, form.subject, form.body))


def button(resume: Resume, form: ResumeForm, smtp: SmtpChoice, services: Services, session: Session) -> None:
    """The Send this one button; a click sends (counted by the ``send`` rate limit)."""
    missing = []
    if not form.has_stack:
        missing.append("a tech stack")
    if not form.recipients.strip():
        missing.append("a recipient")
    if not smtp.usable:
        missing.append("the email settings (sidebar)")
    clicked = st.button(
        "Send this one",
        key=f"send-{resume.key}",
        disabled=bool(missing),
        help=("Needs " + ", ".join(missing) + ".") if missing else "Tailor and email this resume now.",
        width="stretch",
        icon=":material/send:",
    )
    if clicked:
        with guarded(f"sending {resume.name}"), st.spinner("Sending…"):
            outcome = send_one(resume, form, smtp, services, session)
            words = state_words(outcome.state, outcome.reason)
            if outcome.state == "sent":
                words = f"Sent to {outcome.recipients}." + (f" But {outcome.note}." if outcome.note else "")
            state.bucket(SENT)[resume.key] = (_message_key(resume, form), outcome.state, words)


def show(resume: Resume, form: ResumeForm, tailored: Tailored | None, services: Services) -> None:
    """This message's outcome, or "already sent on <time>" from the outbox."""
    kept = state.bucket(SENT).get(resume.key)
    if kept and kept[0] == _message_key(resume, form):
        _show_outcome(kept[1], kept[2])
        return
    if tailored is not None and form.recipients.strip():
        with guarded("looking up the outbox"):
            job = already_sent(form, tailored, services)
            if job is not None:
                st.info(
                    f"This resume was {md_escape(job.describe())} to {md_escape(', '.join(job.recipients))}; "
                    "sending it again reports that instead of sending twice.",
                    icon=":material/info:",
                )


__all__ = ["SENT", "already_sent", "button", "send_one", "show"]
