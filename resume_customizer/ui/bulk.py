"""Sidebar, send all: tailor and email every resume, with a dry run first, live and truthful.

The run is ``mail.bulk.run_bulk`` in a background thread; it lives in this session's state,
not in one script run, so a click elsewhere while it runs (even Cancel) does not lose it: the
next run of the page picks up the progress again. The tailoring goes through the page's
content cache, so a resume already previewed is not tailored again.

A message whose outcome is unknown (the connection broke after its data) is no dead end: once
the run ended, each such item offers "It arrived" (the outbox marks it sent) and "Send it
again" (pending: the next Send all sends it), the same ``Outbox.resolve_unknown`` as the
CLI's ``outbox resolve``, logged.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import streamlit as st

from ..cache import key_for
from ..errors import CustomizerError, InputError
from ..mail.bulk import BulkEvent, BulkItem, BulkSummary, run_bulk
from ..mail.message import parse_mailbox
from ..mail.outbox import Outbox
from ..observe.logs import bind_context
from . import state
from .downloads import DRY_RUN_ZIP_NAME, ZIP_MIME, zip_of_files
from .editor import ResumeForm
from .feedback import guarded
from .preview import tailored_for
from .services import Services
from .sidebar import SmtpChoice
from .state import Session
from .text import STATE_WORDS, md_escape
from .upload import Resume

log = logging.getLogger(__name__)

RUN = "rc_bulk_run"
POLL_S = 0.25
REASONS_SHOWN = 20  # reason lines under the table; a longer run says how many more there are

# The sidebar is narrow: the table says each resume's state in a word or two, and the reasons
# (why it failed, when it was sent before) follow under the table, one line each.
STATUS_WORDS: dict[str, str] = {**STATE_WORDS, "written": "written"}
_WITH_REASON = ("failed", "unknown", "cancelled", "not_attempted", "sent", "skipped")


@dataclass
class BulkRun:
    """One bulk run of this session: what each item is doing, then the summary."""

    labels: list[str]
    recipients: list[str]
    dry_run: bool
    folder: Path | None
    states: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    done: int = 0
    summary: BulkSummary | None = None
    error: str | None = None
    resolved: dict[int, tuple[str, str]] = field(default_factory=dict)  # item -> (status, reason)
    cancel: threading.Event = field(default_factory=threading.Event)
    finished: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.states = ["queued"] * len(self.labels)
        self.details = [""] * len(self.labels)

    @property
    def total(self) -> int:
        """How many items the run has."""
        return len(self.labels)

    @property
    def running(self) -> bool:
        """Whether the run is still going."""
        return not self.finished.is_set()

    def record(self, event: BulkEvent) -> None:
        """Take one progress event (called from the run's worker threads)."""
        with self.lock:
            self.states[event.index] = event.state
            self.details[event.index] = event.detail
            self.done = event.done

    def _status(self, i: int) -> tuple[str, str]:
        """Item ``i``'s state in a word or two, and its reason ("" when there is none)."""
        if i in self.resolved:
            return self.resolved[i]
        state, detail = self.states[i], self.details[i]
        return STATUS_WORDS.get(state, state), detail if state in _WITH_REASON else ""

    def rows(self) -> list[dict[str, str]]:
        """The live per-resume status table: the resume and its state, short enough for the sidebar."""
        with self.lock:
            return [{"Resume": label, "Status": self._status(i)[0]} for i, label in enumerate(self.labels)]

    def reasons(self) -> list[str]:
        """One line per item with something more to say: why it failed, when it was sent before."""
        with self.lock:
            found = [(label, self._status(i)[1]) for i, label in enumerate(self.labels)]
        return [f"{label}: {reason}" for label, reason in found if reason]

    def unresolved(self, outbox: Outbox) -> list[tuple[int, str]]:
        """(item, job key) of the finished run's items whose outcome the outbox still calls unknown."""
        if self.summary is None:
            return []
        out = []
        for r in self.summary.results:
            if r.state != "unknown" or r.job_key is None or r.index in self.resolved:
                continue
            job = outbox.get(r.job_key)
            if job is not None and job.state == "unknown":  # not one another run is sending now
                out.append((r.index, r.job_key))
        return out

    def summary_words(self) -> str:
        """What happened, in one honest line."""
        if self.error:
            return f"The run stopped: {self.error}"
        if self.summary is None:
            return f"{self.done} of {self.total} done…"
        s = self.summary
        c = s.counts
        rate = len(s.results) / s.elapsed_s if s.elapsed_s > 0 else 0.0
        if s.dry_run:
            head = f"Dry run: {c.get('written', 0)} message(s) written, none sent"
        else:
            head = f"{c.get('sent', 0)} sent"
        parts = [head]
        for name, words in (
            ("skipped", "already sent"),
            ("failed", "failed"),
            ("unknown", "unknown"),
            ("cancelled", "cancelled"),
            ("not_attempted", "not attempted"),
        ):
            if c.get(name):
                parts.append(f"{c[name]} {words}")
        line = f"{', '.join(parts)} — {len(s.results)} resume(s) in {s.elapsed_s:.1f} s ({rate:.1f}/s)"
        if s.stopped:
            line += f". The run stopped: {s.stopped}; the rest stay pending for the next Send all."
        return line


def _tailor_fn(
    resumes: Sequence[Resume], forms: Mapping[str, ResumeForm], services: Services
) -> Callable[..., bytes]:
    """``(docx, stack_text) -> docx`` through the page's cache, with each resume's own options
    (its picked projects or lists included: the page's items carry no pick of their own)."""
    inputs = {key_for(r.data, forms[r.key].stack_text): (r, forms[r.key]) for r in resumes}

    def tailor(docx: bytes, stack_text: str, _pick: tuple[int, ...] | None = None) -> bytes:
        resume, form = inputs[key_for(docx, stack_text)]
        return tailored_for(resume, form, services).result.docx

    return tailor


def item_for(resume: Resume, form: ResumeForm) -> BulkItem:
    """The bulk item for one resume and its form; a missing recipient is the item's own problem."""
    return BulkItem(
        resume=resume.data,
        filename=resume.name,
        stack_text=form.stack_text,
        recipients=form.recipients,
        subject=form.subject,
        body=form.body,
        label=resume.name,
        problem=None if form.recipients.strip() else "no recipient entered",
        # {name}: the name typed in the resume's tab, else the one found at the resume's top.
        name=form.name or resume.inspection.candidate,
    )


def items_for(resumes: Sequence[Resume], forms: Mapping[str, ResumeForm]) -> list[BulkItem]:
    """One item per resume with a stack; a missing recipient is the item's own problem."""
    return [item_for(r, forms[r.key]) for r in resumes if forms[r.key].has_stack]


def start(
    resumes: Sequence[Resume],
    forms: Mapping[str, ResumeForm],
    smtp: SmtpChoice,
    services: Services,
    session: Session,
    *,
    dry_run: bool,
    workers: int,
) -> BulkRun:
    """Check the inputs, count the run against the rate limit and start it in the background."""
    items = items_for(resumes, forms)
    if not items:
        raise InputError("No resume has a tech stack yet; paste one in a resume's tab first.")
    if not smtp.sender:
        raise InputError(
            "Enter the sender address (sidebar, Email settings) — even a dry run writes real messages."
        )
    sender = parse_mailbox(smtp.sender, field="sender address")  # From keeps its display name
    folder = None
    make_sender = None
    if dry_run:
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        folder = services.settings.data_dir / "dry-run" / f"{session.log_id}-{stamp}"
    else:
        make_sender = smtp.sender_factory(services.settings)  # unusable settings stop here
    outbox: Outbox = services.outbox()
    # Counted only once the run can start: a refusal for a missing setting costs nothing.
    services.limiter.hit("bulk_run" if dry_run else "bulk_send", *session.keys)
    run = BulkRun([i.label for i in items], [i.recipients for i in items], dry_run, folder)
    tailor = _tailor_fn(resumes, forms, services)

    def work() -> None:
        try:
            run.summary = run_bulk(
                items,
                sender=sender,
                outbox=outbox,
                make_sender=make_sender,
                tailor=tailor,
                workers=workers,
                rate_per_minute=services.settings.bulk.rate_per_minute,
                dry_run_dir=folder,
                on_event=run.record,
                cancel=run.cancel,
                tailor_processes=0,  # the page's cache tailors; most resumes are done already
            )
        except CustomizerError as exc:
            run.error = exc.message
        except Exception as exc:  # the run's thread is the edge here: report, log, never hang
            log.exception("bulk run failed", extra={"operation": "bulk.run"})
            run.error = f"internal error ({type(exc).__name__}); see the log"
        finally:
            run.finished.set()

    threading.Thread(target=bind_context(work), name="bulk-run", daemon=True).start()
    return run


def _draw(run: BulkRun, bar: object, table: object, line: object) -> None:
    fraction = run.done / run.total if run.total else 1.0
    bar.progress(fraction, text=f"{run.done} of {run.total} done")  # type: ignore[attr-defined]
    with table.container():  # type: ignore[attr-defined]
        st.dataframe(run.rows(), hide_index=True, width="stretch")
        reasons = run.reasons()
        if reasons:
            more = len(reasons) - REASONS_SHOWN
            lines = [md_escape(r) for r in reasons[:REASONS_SHOWN]]
            if more > 0:
                lines.append(f"… and {more} more")
            st.caption("  \n".join(lines))
    words = md_escape(run.summary_words())
    if run.running:
        line.caption(words)  # type: ignore[attr-defined]
    elif run.error or (run.summary and not run.summary.all_ok):
        line.warning(words)  # type: ignore[attr-defined]
    else:
        line.success(words)  # type: ignore[attr-defined]


def watch(run: BulkRun, *, poll_s: float = POLL_S, sleep: Callable[[float], object] | None = None) -> None:
    """Draw the progress bar, the status table and the summary, live until the run ends."""
    bar, table, line = st.empty(), st.empty(), st.empty()
    wait = sleep or run.finished.wait
    while run.running:
        _draw(run, bar, table, line)
        wait(poll_s)
    _draw(run, bar, table, line)
    if run.dry_run and run.summary is not None:
        dry_run_download(run.summary)


def written_files(summary: BulkSummary) -> list[Path]:
    """The .eml files a dry run wrote (still on the disk), in item order."""
    return [r.eml_path for r in summary.of("written") if r.eml_path is not None and r.eml_path.is_file()]


def dry_run_download(summary: BulkSummary) -> None:
    """Where a dry run wrote its messages, and all of them as one ZIP to download."""
    paths = written_files(summary)
    if not paths:
        return  # none was written: the table says why for each
    st.caption(
        f"{len(paths)} message(s) written as .eml files to {md_escape(str(paths[0].parent))} on the "
        "server; download them to open them in your mail program."
    )
    st.download_button(
        f"Download the {len(paths)} message(s) (ZIP)",
        data=lambda: zip_of_files(paths),  # built when pressed, not on every rerun
        file_name=DRY_RUN_ZIP_NAME,
        mime=ZIP_MIME,
        on_click="ignore",
        key="bulk-dry-run-zip",
        icon=":material/folder_zip:",
        width="stretch",
    )


RESOLVED_WORDS: dict[bool, tuple[str, str]] = {
    True: ("sent", "you said it arrived"),
    False: ("pending", "not sent: it goes out again with the next Send all"),
}


def resolve(run: BulkRun, index: int, key: str, outbox: Outbox, *, delivered: bool) -> None:
    """The user's word on an unknown item: it arrived (sent), or send it again (pending)."""
    outbox.resolve_unknown(key, delivered=delivered)
    with run.lock:
        run.resolved[index] = RESOLVED_WORDS[delivered]


def unknown_panel(run: BulkRun, services: Services) -> None:
    """For each item whose outcome is unknown: check the inbox, then "It arrived" or "Send it again"."""
    if run.summary is None or not run.summary.of("unknown"):
        return
    pending: list[tuple[int, str]] = []
    with guarded("looking up the outbox"):
        outbox = services.outbox()
        pending = run.unresolved(outbox)
    if not pending:
        return
    st.caption(
        "The server may have taken these messages: the connection broke after their data. "
        "Check the recipient's inbox (or your Sent folder), then say what happened."
    )
    for index, key in pending:
        st.markdown(f"**{md_escape(run.labels[index])}** → {md_escape(run.recipients[index])}")
        arrived_col, again_col = st.columns(2)
        arrived = arrived_col.button("It arrived", key=f"bulk-arrived-{index}", width="stretch")
        again = again_col.button("Send it again", key=f"bulk-resend-{index}", width="stretch")
        if arrived or again:
            with guarded("recording what happened to the message"):
                resolve(run, index, key, outbox, delivered=arrived)
                st.rerun()


def show(
    resumes: Sequence[Resume],
    forms: Mapping[str, ResumeForm],
    smtp: SmtpChoice,
    services: Services,
    session: Session,
) -> None:
    """The send-all panel: workers, dry run, the button, then the live run."""
    st.subheader(":material/forward_to_inbox: Send all")
    state.remember("bulk-dry-run", True)  # on by default the first time
    state.remember("bulk-workers", services.settings.bulk.workers)
    st.number_input("Parallel connections", key="bulk-workers", min_value=1, max_value=32, step=1)
    dry_run = st.toggle(
        "Dry run (write the messages, send nothing)",
        key="bulk-dry-run",
        help="Try a dry run first: every message is built and written to a folder, and nothing is sent.",
    )
    ready = [r for r in resumes if forms[r.key].has_stack]
    run: BulkRun | None = st.session_state.get(RUN)
    busy = run is not None and run.running
    label = f"{'Dry-run' if dry_run else 'Send'} {len(ready)} resume{'s' if len(ready) != 1 else ''}"
    clicked = st.button(
        label,
        key="bulk-start",
        type="primary",
        disabled=busy or not ready,
        width="stretch",
        help=None if ready else "Paste a tech stack in at least one resume's tab first.",
    )
    if clicked:
        with guarded("starting the bulk run"):
            st.session_state[RUN] = start(
                resumes,
                forms,
                smtp,
                services,
                session,
                dry_run=bool(dry_run),
                workers=int(st.session_state["bulk-workers"]),
            )
            st.rerun()  # draw the page as it is while the run goes: Send disabled, Cancel shown
    if run is None:
        st.caption(
            "Resumes without a tech stack are left out; a resume without a recipient is reported as failed."
        )
        return
    if run.running and st.button("Cancel the run", key="bulk-cancel", width="stretch"):
        run.cancel.set()
    was_running = run.running
    watch(run)
    if was_running:
        st.rerun()  # the run ended while this page watched it: draw the finished state
    unknown_panel(run, services)


__all__ = ["RUN", "BulkRun", "item_for", "items_for", "resolve", "show", "start", "unknown_panel", "watch"]
