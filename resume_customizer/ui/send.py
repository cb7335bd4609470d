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
from .preview import current_key, generated, tailor_now
from .services import Services, Tailored
from .sidebar import SmtpChoice
from .state import Session
from .text import md_escape, state_words
from .upload import Resume

SENT = "rc_sent"  # resume key -> (what was sent: tailoring key and email fields, state, words)
IN_FLIGHT_POLL_S = 2.0  # how often a message still being sent is looked up again


def already_sent(form: ResumeForm, tailored: Tailored, services: Services) -> Job | None:
    """The outbox's job for this message when it was sent already."""
    try:
        recipients = parse_recipients(form.recipients)
    except CustomizerError:
        return None
    job = services.outbox().find(recipients, form.subject, tailored.digest)
    return job if job is not None and job.state == "sent" else None


def sending_now(resume: Resume, form: ResumeForm, services: Services) -> Job | None:
    """The outbox's job for this message while a live run sends it (an earlier press, retrying)."""
    try:
        tailored = generated(resume, form, services)
        if tailored is None:
            return None
        recipients = parse_recipients(form.recipients)
        outbox = services.outbox()
        job = outbox.find(recipients, form.subject, tailored.digest)
    except CustomizerError:
        return None
    return job if job is not None and outbox.being_sent(job) else None


@st.fragment(run_every=IN_FLIGHT_POLL_S)
def _still_sending(key: str, services: Services) -> None:
    """Say the message is still being sent; once it is not, redraw the page with its outcome."""
    with guarded("looking up the outbox"):
        outbox = services.outbox()
        job = outbox.get(key)
        if job is None or not outbox.being_sent(job):
            st.rerun()
        st.info(
            f"Still being sent to {md_escape(', '.join(job.recipients))} (an earlier press, retrying "
            "while the server fails); the outcome shows here when it ends.",
            icon=":material/schedule_send:",
        )


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
    sending = None if missing else sending_now(resume, form, services)
    if missing:
        why = "Needs " + ", ".join(missing) + "."
    elif sending is not None:
        why = "Still being sent: the outcome shows below when it ends."
    else:
        why = "Tailor and email this resume now."
    clicked = st.button(
        "Send this one",
        key=f"send-{resume.key}",
        disabled=bool(missing) or sending is not None,
        help=why,
        width="stretch",
        icon=":material/send:",
    )
    if clicked and sending is None:
        done = False
        with guarded(f"sending {resume.name}"), st.spinner("Sending…"):
            outcome = send_one(resume, form, smtp, services, session)
            words = state_words(outcome.state, outcome.reason)
            if outcome.state == "sent":
                words = f"Sent to {outcome.recipients}." + (f" But {outcome.note}." if outcome.note else "")
            if outcome.state != "not_attempted" or sending_now(resume, form, services) is None:
                # (Not attempted because an earlier press is still sending it: show says so.)
                state.bucket(SENT)[resume.key] = (_message_key(resume, form), outcome.state, words)
            done = True
        if done:
            st.rerun()  # the page drawn again as it is now: the sidebar's breaker was drawn before the send


def show(resume: Resume, form: ResumeForm, tailored: Tailored | None, services: Services) -> None:
    """This message's outcome, "still being sent", or "already sent on <time>" from the outbox."""
    sending = sending_now(resume, form, services) if form.recipients.strip() else None
    if sending is not None:
        _still_sending(sending.key, services)
        return
    kept = state.bucket(SENT).get(resume.key)
    if kept and kept[0] == _message_key(resume, form) and kept[1] in ("sent", "skipped"):
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
                return
    if kept and kept[0] == _message_key(resume, form):
        _show_outcome(kept[1], kept[2])  # not sent then, and the outbox knows no better now


__all__ = ["SENT", "already_sent", "button", "send_one", "sending_now", "show"]
