"""Bulk: tailor many resumes and send each to its recipient, truthfully.

A pool of worker threads (``BulkSettings.workers``, default 4) takes items one by one; each
worker holds its own SMTP connection (through its own ``Sender``) for the whole run. For each
item: take the tailored resume, build the message, look the job up in the outbox (already
sent: skipped; outcome unknown: left for the user), wait for the messages-per-minute cap,
claim the job, send with retries, record the outcome. One item failing, in any way, never
stops the others.

Tailoring is CPU work and sending is mostly waiting, so by default the engine runs in a
small pool of processes (one per core, at most one per worker, at a lower priority) a few
items ahead of the senders. Each process also composes and serializes its item's message
(``prepare``), so a worker only records and writes bytes: the CPU a worker spends is on
every message's critical path, the processes' is not.

Progress goes to ``on_event`` (called from worker threads, one call at a time) as
``BulkEvent(index, state, done, total, detail)``; ``cancel`` (a ``threading.Event``) stops
the run between items. ``dry_run_dir`` writes each message as an .eml file instead of
sending it (the outbox is only read, to mark what was already sent). The returned
``BulkSummary`` says exactly what happened to each item.

Some failures are the run's, not an item's, and stop it: the rest are reported
``not_attempted`` with the reason and stay pending in the outbox for a later run.

* A failed login or TLS setup (``SetupFailure``): until one message went through, one worker
  sends at a time, so a wrong password costs one login, not one per worker or per row.
* The server stayed paused (its breaker open) longer than ``breaker.max_wait_s``: the
  senders wait for the breaker's probe first, so a restart of a few seconds costs seconds.
* The outbox cannot record (disk full): a message the server accepted is still reported
  sent, with a note; what could not be recorded is tried again when the run ends.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import multiprocessing.connection
import os
import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email import policy
from pathlib import Path
from typing import Literal

from ..config import BreakerSettings, RetrySettings
from ..errors import CustomizerError, InputError, OutboxUnwritable, PermanentDelivery, SetupFailure
from ..guard.files import private_dir, write_private
from ..guard.text import one_line
from ..observe.logs import bind_context
from ..observe.metrics import MetricsSink, get_registry
from ..stack import parse_stack_report
from .message import (
    DEFAULT_BODY,
    DEFAULT_SUBJECT,
    Mailbox,
    Outgoing,
    Sendable,
    Wire,
    build_message,
    check_filename,
    check_header,
    content_hash,
    new_message_id,
    parse_mailbox,
    parse_mailboxes,
    parse_recipients,
    render_template,
    template_values,
)
from .outbox import Job, Outbox
from .sender import Delivery, Sender, breaker_for
from .transport import SmtpConfig, SmtpTransport

log = logging.getLogger(__name__)

ItemState = Literal[
    "queued",
    "tailoring",
    "sending",
    "sent",
    "failed",
    "unknown",
    "skipped",
    "written",
    "cancelled",
    "not_attempted",
]
FINAL_STATES: frozenset[str] = frozenset(
    {"sent", "failed", "unknown", "skipped", "written", "cancelled", "not_attempted"}
)
# Why a run stopped taking items (each item left reads "not attempted: <reason>").
OUTBOX_STOP = "the outbox cannot record (disk full?)"
SERVER_STOP = "the server was unavailable"
NOT_RECORDED = (
    "the outbox could not record this (disk full?); until it can, a later run reports the message "
    "unknown: then tell it what happened with `outbox resolve ID`"
)
OK_STATES: frozenset[str] = frozenset({"sent", "skipped", "written"})

# ``(docx, stack_text) -> docx``; for an item with picked projects it is called with them as a
# third argument, ``(docx, stack_text, pick)``.
TailorFn = Callable[..., bytes]
SenderFactory = Callable[[], Sender]


class EngineTailor:
    """The tailoring engine as a picklable ``(docx, stack_text[, pick]) -> docx`` callable.

    Picklable so that it can run in the tailoring processes; the engine is imported on the
    first call (mail/ does not need it to import).
    """

    def __init__(self, projects: int = 3) -> None:
        self.projects = projects

    def __call__(
        self,
        docx: bytes,
        stack_text: str,
        pick: tuple[int, ...] | None = None,
        *,
        filename: str = "resume.docx",
    ) -> bytes:
        from resume_customizer import TailorOptions, parse_stack, tailor

        # The item's own file name: a problem with the document names the file it is in.
        options = TailorOptions(projects=self.projects, pick=pick, filename=filename)
        return tailor(docx, parse_stack(stack_text), options).docx


def engine_tailor(projects: int = 3) -> TailorFn:
    """The real tailoring engine as a ``(docx, stack_text) -> docx`` function."""
    return EngineTailor(projects)


_POOL: ProcessPoolExecutor | None = None
_POOL_LOCK = threading.Lock()


def tailoring_pool(processes: int) -> ProcessPoolExecutor:
    """The process-wide pool of tailoring processes, started on first use and then reused.

    Tailoring is CPU work under the GIL; sending is waiting. Processes let tailoring use every
    core while the worker threads wait on SMTP. ``forkserver`` never forks this (threaded)
    process, so it is safe inside a web server; the engine is imported once, in the server.
    """
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["resume_customizer.resume.tailor", __name__])
            _POOL = ProcessPoolExecutor(
                max_workers=max(1, processes), mp_context=context, initializer=_start_tailoring_process
            )
        return _POOL


TAILORING_NICENESS = 10


def _start_tailoring_process() -> None:
    """In a new tailoring process: yield the CPU to the senders, and die with the pool's owner."""
    # The processes work a window ahead of the senders, so they can wait; the sending threads
    # and the page cannot: each message's SMTP round trips wait on them. On 2 cores this kept
    # bulk throughput steady from round to round (bench/bench_bulk_send.py).
    try:
        os.nice(TAILORING_NICENESS)
    except OSError:  # not allowed here: run at the normal priority
        pass
    _exit_with_parent()


def _exit_with_parent() -> None:
    """In a tailoring process: exit as soon as the process that owns the pool is gone.

    A pool worker blocks on its task queue, whose write end it holds itself; if the owner is
    killed (SIGKILL, OOM) the worker would wait forever, an orphan holding the owner's stdout.
    """
    parent = multiprocessing.parent_process()
    if parent is None or parent.sentinel is None:
        return
    sentinel = parent.sentinel

    def watch() -> None:
        multiprocessing.connection.wait([sentinel])
        os._exit(0)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _discard_pool(pool: ProcessPoolExecutor) -> None:
    """Forget a broken pool so the next run starts a fresh one."""
    global _POOL
    with _POOL_LOCK:
        if _POOL is pool:
            _POOL = None
    pool.shutdown(wait=False, cancel_futures=True)


def _pool_or_none(processes: int) -> ProcessPoolExecutor | None:
    """The tailoring pool when processes are wanted and can be had; None means threads."""
    if processes <= 0:
        return None
    try:
        return tailoring_pool(processes)
    except (OSError, ValueError, ImportError) as exc:
        log.warning("cannot start tailoring processes (%s); tailoring in threads", exc)
        return None


def _auto_processes(requested: int | None, tailor: TailorFn, items: int, workers: int) -> int:
    """How many tailoring processes to use: the request, or (auto) one per core up to workers."""
    if requested is not None and requested >= 0:
        return requested
    cores = os.cpu_count() or 1
    if not isinstance(tailor, EngineTailor) or cores < 2 or items < 2:
        return 0  # a test's closure cannot be pickled; one core or one item gains nothing
    return min(cores, workers)


def smtp_sender_factory(
    config: SmtpConfig,
    *,
    retry: RetrySettings,
    breaker: BreakerSettings,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    metrics: MetricsSink | None = None,
) -> SenderFactory:
    """A factory of senders, each with its own SMTP connection, sharing the server's breaker."""
    config.validate()

    def make() -> Sender:
        return Sender(
            SmtpTransport(config),
            retry=retry,
            breaker=breaker_for(config.server, breaker, clock=clock),
            sleep=sleep,
            metrics=metrics,
            breaker_wait_s=breaker.max_wait_s,
        )

    return make


@dataclass(frozen=True)
class BulkItem:
    """One resume to tailor and send to its recipient(s)."""

    resume: bytes
    filename: str
    stack_text: str
    recipients: str  # one or more addresses, separated by commas or semicolons
    subject: str = DEFAULT_SUBJECT
    body: str = DEFAULT_BODY
    label: str = ""  # how the user knows it, e.g. "row 3"
    problem: str | None = None  # an input problem found while reading it: reported as failed
    pick: tuple[int, ...] | None = None  # the projects that receive the points (None: the first N)
    # The candidate's name for {name}; None (or ""): read from the resume's top, else the file name.
    name: str | None = None


ContentKey = tuple[bytes, str, tuple[int, ...] | None]


def _content_key(item: BulkItem) -> ContentKey:
    """What makes two items' tailoring the same: the resume's bytes, the stack text, the pick."""
    return hashlib.sha256(item.resume).digest(), item.stack_text, item.pick


def tailor_item(tailor: TailorFn, item: BulkItem) -> bytes:
    """The item's resume tailored with its stack (and its picked projects, when it has some)."""
    if isinstance(tailor, EngineTailor):  # the engine names the file in what it reports
        return tailor(item.resume, item.stack_text, item.pick, filename=item.filename)
    if item.pick is None:
        return tailor(item.resume, item.stack_text)
    return tailor(item.resume, item.stack_text, item.pick)


@dataclass(frozen=True)
class Prepared:
    """An item made ready: its tailored resume, that resume's content hash, and its message.

    ``wire`` is the message serialized for SMTP with a proposed Message-ID, or None when it
    could not be composed where the tailoring ran (the sending thread then composes it and
    reports what is wrong with it).
    """

    docx: bytes
    digest: str
    wire: Wire | None = None


def compose(
    item: BulkItem, docx: bytes, *, sender: str | Mailbox, today: date, timestamp: float, message_id: str
) -> Outgoing:
    """Item's message: its recipients, subject and body from its templates, ``docx`` attached.

    The recipients keep their display names ("José Pérez <jose@example.com>") in To, and the
    sender (a ``Mailbox`` or its text) its own in From.
    """
    check_filename(item.filename)  # before the templates, whose {name} may come from it
    recipients = parse_mailboxes(item.recipients)
    techs = [s.name for s in parse_stack_report(item.stack_text).stacks]
    values = template_values(filename=item.filename, techs=techs, today=today, name=_name_of(item))
    return build_message(
        sender=sender,
        recipients=recipients,
        subject=check_header("subject", render_template(item.subject, values, field="subject")),
        body=render_template(item.body, values, field="body"),
        attachment=docx,
        filename=item.filename,
        message_id=message_id,
        timestamp=timestamp,
    )


def _name_of(item: BulkItem) -> str | None:
    """The item's own name, else the one its resume gives at the top (read by the engine, once
    per resume content); None leaves {name} to the file name."""
    if item.name and item.name.strip():
        return item.name.strip()
    if "{name}" not in item.subject and "{name}" not in item.body:
        return None  # nobody asks for it: spare the reading
    from resume_customizer.resume.name import candidate_name_in

    return candidate_name_in(item.resume, filename=item.filename)


def prepare(
    tailor: TailorFn, item: BulkItem, *, sender: str | Mailbox, today: date, timestamp: float
) -> Prepared:
    """Tailor one item and compose its message, ready to send: the tailoring processes' task.

    Composing and serializing a message costs about as much CPU as the connection's whole
    SMTP dialogue; done here, a step ahead and in parallel, it leaves the sending threads
    only bytes to write (their CPU time is on every message's critical path).
    """
    docx = tailor_item(tailor, item)
    digest = content_hash(docx)
    try:
        wire = compose(
            item, docx, sender=sender, today=today, timestamp=timestamp, message_id=new_message_id(sender)
        ).wire()
    except CustomizerError:
        wire = None
    return Prepared(docx, digest, wire)


@dataclass(frozen=True)
class BulkEvent:
    """Progress: item ``index`` entered ``state``; ``done`` of ``total`` items are finished."""

    index: int
    state: ItemState
    done: int
    total: int
    detail: str = ""


@dataclass
class ItemResult:
    """What happened to one item."""

    index: int
    label: str
    recipients: str
    state: ItemState = "queued"
    reason: str = ""
    attempts: int = 0
    sent_at: float | None = None
    eml_path: Path | None = None
    message_id: str | None = None
    job_key: str | None = None  # its outbox job (``Outbox.resolve_unknown`` takes it)
    note: str = ""  # what the user must know beyond the state (the outbox could not record it)


@dataclass(frozen=True)
class BulkSummary:
    """The truthful outcome of a bulk run; ``stopped`` says why it stopped taking items."""

    results: list[ItemResult]
    dry_run: bool
    elapsed_s: float
    stopped: str | None = None

    def of(self, state: ItemState) -> list[ItemResult]:
        """The items that ended in ``state``."""
        return [r for r in self.results if r.state == state]

    @property
    def counts(self) -> dict[str, int]:
        """How many items per final state."""
        return dict(Counter(r.state for r in self.results))

    @property
    def all_ok(self) -> bool:
        """Every item was sent, written (dry run) or skipped as already sent."""
        return all(r.state in OK_STATES for r in self.results)

    @property
    def exit_code(self) -> int:
        """0 when every item is sent/skipped/written, 1 otherwise."""
        return 0 if self.all_ok else 1

    def lines(self) -> list[str]:
        """A human summary: one count line, then one line per item that needs attention (the
        items a stopped run did not attempt: one line per reason)."""
        c = self.counts
        counts = [
            f"{c.get(s, 0)} {s}"
            for s in ("written" if self.dry_run else "sent", "skipped", "failed", "unknown", "cancelled")
        ]
        if c.get("not_attempted"):
            counts.append(f"{c['not_attempted']} not attempted")
        head = (
            f"{'dry run: ' if self.dry_run else ''}{len(self.results)} item(s): "
            + ", ".join(counts)
            + f" in {self.elapsed_s:.1f} s"
        )
        out = [head]
        left: dict[str, list[ItemResult]] = {}
        for r in self.results:
            if r.state == "not_attempted":
                left.setdefault(r.reason, []).append(r)
                continue
            if r.state == "sent":
                if r.note:
                    where = one_line(f"{r.label or f'item {r.index + 1}'} -> {r.recipients}")
                    out.append(f"  {r.state:9} {where}: {one_line(r.note)}")
                continue
            # Labels, recipients and reasons hold what the user typed: one item, one line.
            where = one_line(f"{r.label or f'item {r.index + 1}'} -> {r.recipients}")
            detail = one_line(str(r.eml_path) if r.state == "written" else r.reason)
            if r.note:
                detail += f"; {one_line(r.note)}"
            out.append(f"  {r.state:9} {where}: {detail}")
        for reason, items in left.items():
            first, last = (r.label or f"item {r.index + 1}" for r in (items[0], items[-1]))
            span = first if len(items) == 1 else f"{first} … {last}"
            out.append(
                f"  not attempted: {len(items)} item(s) ({one_line(span)}), still pending: "
                f"{one_line(reason)}; run again once that is fixed"
            )
        return out


class RateLimiter:
    """Spaces sends to at most ``per_minute`` across all workers (0: no cap)."""

    def __init__(
        self, per_minute: float, *, clock: Callable[[], float], sleep: Callable[[float], object]
    ) -> None:
        self._interval = 60.0 / per_minute if per_minute > 0 else 0.0
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._next = float("-inf")

    def wait(self) -> None:
        """Block until this caller's slot comes."""
        if self._interval <= 0:
            return
        with self._lock:
            now = self._clock()
            slot = max(now, self._next)
            self._next = slot + self._interval
        if slot > now:
            self._sleep(slot - now)


_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9@._+-]+")


class _FirstThrough:
    """Until one message went through the server's login, one worker sends at a time.

    Each worker has its own connection and logs in on its first send; with a wrong password
    or a TLS setup that fails, workers starting together would each try (and a provider
    counts each failed login against the account). The first success opens the way for all.
    """

    def __init__(self, poll_s: float = 0.1) -> None:
        self._cond = threading.Condition()
        self._open = False
        self._busy = False
        self._poll_s = poll_s

    def enter(self, halted: Callable[[], bool]) -> bool | None:
        """Wait for this worker's turn: True when it goes first (it must ``leave``), False when
        the way is open, None when ``halted()`` became true while it waited."""
        with self._cond:
            while not self._open and self._busy and not halted():
                self._cond.wait(self._poll_s)
            if halted():
                return None
            if self._open:
                return False
            self._busy = True
            return True

    def leave(self, through: bool) -> None:
        """The first worker is done: the way opens when its message went through the login."""
        with self._cond:
            self._busy = False
            self._open = self._open or through
            self._cond.notify_all()


def _went_through(delivery: Delivery) -> bool:
    """Whether the server took the login for this delivery (whatever it said of the message)."""
    if delivery.state in ("sent", "unknown"):
        return True
    return isinstance(delivery.error, PermanentDelivery) and not isinstance(delivery.error, SetupFailure)


class _Run:
    """One bulk run's shared state: results, progress, per-worker senders."""

    def __init__(
        self,
        items: Sequence[BulkItem],
        *,
        sender: str | Mailbox,
        outbox: Outbox | None,
        make_sender: SenderFactory | None,
        tailor: TailorFn,
        rate: RateLimiter,
        dry_run_dir: Path | None,
        on_event: Callable[[BulkEvent], None] | None,
        cancel: threading.Event,
        today: date,
        now: Callable[[], float],
        metrics: MetricsSink,
        executor: ProcessPoolExecutor | None = None,
        window: int = 8,
    ) -> None:
        self.items = items
        # From keeps the sender's display name; the envelope, the outbox and Message-IDs the address.
        self.sender_box = parse_mailbox(sender, field="sender")
        self.sender_address = self.sender_box.address
        self.outbox = outbox
        self.make_sender = make_sender
        self.tailor = tailor
        self.rate = rate
        self.dry_run_dir = dry_run_dir
        self.on_event = on_event
        self.cancel = cancel
        self.today = today
        self.now = now
        self.metrics = metrics
        self.results = [
            ItemResult(i, it.label or f"item {i + 1}", it.recipients) for i, it in enumerate(items)
        ]
        self._lock = threading.Lock()
        self._done = 0
        self._next = 0
        self.executor = executor
        self._window = window
        # Item index -> (the future of its preparation, whether that future's message is its own).
        self._futures: dict[int, tuple[Future[Prepared], bool]] = {}
        # One resume sent with one stack to many recipients is tailored once.
        self._by_content: dict[ContentKey, Future[Prepared]] = {}
        self._tailored_by_content: dict[ContentKey, Prepared] = {}
        self._submitted = 0
        self.stopped: str | None = None  # why the run stopped taking items
        self._first = _FirstThrough()
        # Outbox writes the disk refused, tried again when the run ends: (item, write).
        self._unrecorded: list[tuple[int, Callable[[], Job]]] = []

    # -- progress -----------------------------------------------------------------------

    def emit(self, index: int, state: ItemState, detail: str = "") -> None:
        """Record item ``index``'s new state and tell ``on_event``, one event at a time."""
        with self._lock:
            result = self.results[index]
            if state in FINAL_STATES and result.state not in FINAL_STATES:
                self._done += 1
            result.state = state
            if state in FINAL_STATES:
                result.reason = detail
            event = BulkEvent(index, state, self._done, len(self.items), detail)
            if self.on_event is not None:
                try:
                    self.on_event(event)
                except Exception:  # a broken progress display must not stop the sends
                    log.exception("progress callback failed", extra={"operation": "bulk.progress"})

    def stop(self, reason: str, detail: str = "") -> None:
        """Take no more items: the rest are reported not attempted with ``reason``."""
        with self._lock:
            if self.stopped is not None:
                return
            self.stopped = reason
        log.warning(
            "bulk run stopped taking items: %s%s",
            reason,
            f" ({detail})" if detail and detail != reason else "",
            extra={"operation": "bulk.stop"},
        )

    def halted(self) -> bool:
        """Whether the run was stopped or cancelled."""
        return self.stopped is not None or self.cancel.is_set()

    def leave_pending(self, index: int) -> None:
        """Report an item the stopped (or cancelled) run did not attempt; it stays pending."""
        if self.cancel.is_set():
            self.emit(index, "cancelled", "cancelled before sending")
        else:
            self.emit(index, "not_attempted", self.stopped or "the run stopped")

    def record(self, index: int, write: Callable[[], Job]) -> Job | None:
        """Write to the outbox; when it cannot, stop the run and keep the write for the end."""
        try:
            return write()
        except OutboxUnwritable as exc:
            detail = exc.message
        except Exception as exc:  # whatever the ledger's trouble, what happened is reported as it did
            log.exception("the outbox could not record an outcome", extra={"operation": "bulk.record"})
            detail = f"{type(exc).__name__}: {exc}"
        self.stop(OUTBOX_STOP, detail)
        with self._lock:
            self._unrecorded.append((index, write))
        return None

    def record_leftovers(self) -> None:
        """At the end: try once more what the outbox could not record during the run."""
        with self._lock:
            leftovers, self._unrecorded = self._unrecorded, []
        failed = 0
        for index, write in leftovers:
            try:
                job = write()
            except Exception:  # still not recordable: the note the item carries stays true
                failed += 1
                continue
            result = self.results[index]
            result.note = ""
            if job.state == "sent":
                result.sent_at = job.sent_at
        if leftovers:
            log.log(
                logging.WARNING if failed else logging.INFO,
                "%d of %d outcome(s) the outbox could not record during the run are recorded now",
                len(leftovers) - failed,
                len(leftovers),
                extra={"operation": "bulk.record"},
            )

    def take(self) -> int | None:
        """The next item for a worker, or None when every item was taken."""
        with self._lock:
            if self._next >= len(self.items):
                return None
            index, self._next = self._next, self._next + 1
            return index

    # -- tailoring ----------------------------------------------------------------------

    def _prefetch(self, upto: int) -> None:
        """Hand the next items to the tailoring processes, a window ahead of the senders."""
        executor = self.executor
        if executor is None:
            return
        with self._lock:
            while self._submitted < min(upto, len(self.items)) and not self.cancel.is_set():
                index = self._submitted
                item = self.items[index]
                if not item.problem:
                    key = _content_key(item)
                    try:
                        future = self._by_content.get(key)
                        own = future is None
                        if future is None:
                            future = executor.submit(
                                prepare,
                                self.tailor,
                                item,
                                sender=self.sender_box,
                                today=self.today,
                                timestamp=self.now(),
                            )
                            self._by_content[key] = future
                        self._futures[index] = (future, own)
                    except (OSError, RuntimeError, BrokenProcessPool) as exc:
                        # No processes here (a sandbox without semaphores, a pool shut down):
                        # the worker threads tailor instead.
                        log.warning(
                            "tailoring processes unavailable (%s); tailoring in threads",
                            exc,
                            extra={"operation": "bulk.tailor"},
                        )
                        self.executor = None
                        return
                self._submitted += 1

    def prepared(self, index: int) -> Prepared:
        """Item ``index`` made ready: by the processes ahead of time, or tailored here.

        The message comes along only when it was composed for this very item (an item that
        shares another's tailoring gets the resume and its hash, and composes its own).
        """
        item = self.items[index]
        executor = self.executor
        if executor is not None:
            self._prefetch(index + self._window)
            with self._lock:
                entry = self._futures.pop(index, None)
            if entry is not None:
                future, own = entry
                try:
                    done = future.result()
                    return done if own else Prepared(done.docx, done.digest)
                except (BrokenProcessPool, CancelledError):
                    # A tailoring process died (out of memory, killed), or another run found the
                    # shared pool broken and stopped it: carry on in this thread.
                    log.warning(
                        "tailoring process pool broke; tailoring in threads",
                        extra={"operation": "bulk.tailor"},
                    )
                    self.executor = None
                    _discard_pool(executor)
        key = _content_key(item)
        with self._lock:
            ready = self._tailored_by_content.get(key)
        if ready is None:
            docx = tailor_item(self.tailor, item)
            ready = Prepared(docx, content_hash(docx))
            with self._lock:
                self._tailored_by_content[key] = ready
        return ready

    def compose(self, index: int, docx: bytes, message_id: str) -> Outgoing:
        """Item ``index``'s message, composed in this thread."""
        return compose(
            self.items[index],
            docx,
            sender=self.sender_box,
            today=self.today,
            timestamp=self.now(),
            message_id=message_id,
        )

    def drop_pending(self) -> None:
        """Cancel tailoring nobody will collect (cancelled or failed items)."""
        with self._lock:
            futures, self._futures = [f for f, _ in self._futures.values()], {}
            self._by_content = {}
        for future in futures:
            future.cancel()

    # -- one worker ---------------------------------------------------------------------

    def work(self) -> None:
        """One worker: items one by one over this worker's own connection, closed at the end."""
        sender: Sender | None = None
        try:
            while (index := self.take()) is not None:
                if self.cancel.is_set():
                    self.emit(index, "cancelled", "cancelled before it started")
                    continue
                if self.stopped is not None:
                    self.leave_pending(index)
                    continue
                if sender is None and self.dry_run_dir is None and self.make_sender is not None:
                    try:
                        sender = self.make_sender()
                    except CustomizerError as exc:
                        self.emit(index, "failed", exc.message)
                        continue
                with self.metrics.timed("bulk.item"):
                    try:
                        self.process(index, sender)
                    except OutboxUnwritable as exc:  # before anything was sent: left pending
                        self.stop(OUTBOX_STOP, exc.message)
                        self.leave_pending(index)
                    except CustomizerError as exc:
                        self.emit(index, "failed", exc.message)
                    except Exception as exc:  # one item's bug must not stop this worker
                        log.exception("bulk item failed unexpectedly", extra={"operation": "bulk.item"})
                        self.emit(index, "failed", f"internal error ({type(exc).__name__}); see the log")
        finally:
            if sender is not None:
                sender.close()

    def process(self, index: int, sender: Sender | None) -> None:
        """Tailor, look up, claim and send (or write) one item."""
        item = self.items[index]
        result = self.results[index]
        if item.problem:
            self.emit(index, "failed", item.problem)
            return
        try:
            self.emit(index, "tailoring")
            recipients = parse_recipients(item.recipients)
            result.recipients = ", ".join(recipients)
            ready = self.prepared(index)
            # The message as the tailoring process composed it, or composed here; either way
            # a template's problem is reported before anything is recorded.
            message: Sendable = ready.wire or self.compose(
                index, ready.docx, new_message_id(self.sender_address)
            )
        except CustomizerError as exc:
            self.emit(index, "failed", exc.message)
            return
        except Exception as exc:  # an engine bug on one resume must not stop the others
            log.exception("tailoring failed", extra={"operation": "bulk.tailor", "file": item.filename})
            self.emit(index, "failed", f"internal error while tailoring ({type(exc).__name__}); see the log")
            return

        if self.dry_run_dir is not None:
            docx = ready.docx
            self.write_eml(
                index, recipients, item.subject, ready.digest, lambda mid: self.compose(index, docx, mid)
            )
            return
        if self.outbox is None or sender is None:
            raise InputError("A bulk send needs an outbox and an SMTP connection (or a dry-run folder).")
        if self.halted():
            self.leave_pending(index)
            return
        # The key uses the subject as written (before placeholders): a {date} in it must not
        # turn tomorrow's re-run into new jobs and duplicate emails.
        job = self.outbox.ensure(
            recipients,
            item.subject,
            ready.digest,
            sender=self.sender_address,
            message_id=message.message_id,
            filename=item.filename,
        )
        result.job_key = job.key
        if not job.sendable and job.state != "sending":  # "sending" may be a dead run's: claim decides
            self.report_existing(index, job)
            return
        first = self._first.enter(self.halted)
        if first is None:
            self.leave_pending(index)
            return
        through = False
        try:
            self.rate.wait()
            if self.halted():
                self.leave_pending(index)
                return
            claimed, job = self.outbox.claim(job.key)
            if not claimed:
                self.report_existing(index, job)
                return
            if message.message_id != job.message_id:  # a job an earlier run created: its own Message-ID
                message = self.compose(index, ready.docx, job.message_id)
            through = self.send(index, job, message, sender)
        finally:
            if first:
                self._first.leave(through)

    def send(self, index: int, job: Job, outgoing: Sendable, sender: Sender) -> bool:
        """Deliver a claimed job and record in the outbox exactly what happened; return whether
        the server took the login (the message went through, or was refused for itself)."""
        assert self.outbox is not None
        outbox = self.outbox
        result = self.results[index]
        result.message_id = job.message_id
        key = job.key
        self.emit(index, "sending")
        data_started = False

        def on_data() -> None:
            nonlocal data_started
            outbox.mark_data_started(key)
            data_started = True

        try:
            delivery = sender.deliver(outgoing, on_data=on_data)
        except OutboxUnwritable as exc:
            # The moment before the body could not be recorded, so the body was never written
            # (the transport abandoned the connection): nothing was sent.
            self.stop(OUTBOX_STOP, exc.message)
            self.record(index, lambda: outbox.release(key))
            self.leave_pending(index)
            return False
        except Exception as exc:  # a bug: record truthfully, keep the others going
            log.exception("sending failed unexpectedly", extra={"operation": "bulk.send"})
            reason = f"internal error while sending ({type(exc).__name__}); see the log"
            if data_started:
                self.finish(
                    index, "unknown", reason, lambda: outbox.mark_unknown(key, error=reason, attempts=1)
                )
            else:
                self.finish(
                    index,
                    "failed",
                    reason,
                    lambda: outbox.mark_failed(key, error=reason, retryable=True, attempts=1),
                )
            return False
        result.attempts = delivery.attempts
        if delivery.state == "sent":
            self.finish(
                index,
                "sent",
                "",
                lambda: outbox.mark_sent(key, attempts=delivery.attempts, reply=delivery.reply),
            )
        elif delivery.state == "unknown":
            self.finish(
                index,
                "unknown",
                delivery.reason,
                lambda: outbox.mark_unknown(key, error=delivery.reason, attempts=delivery.attempts),
            )
        elif delivery.state == "deferred":
            # The server stayed paused past the wait: nothing was sent; pending for a later run.
            self.stop(SERVER_STOP, delivery.reason)
            self.record(index, lambda: outbox.release(key))
            self.emit(index, "not_attempted", f"{SERVER_STOP} ({delivery.reason})")
        else:
            if isinstance(delivery.error, SetupFailure):
                # Every other message would meet the same refusal (and count against the account).
                self.stop(delivery.reason)
            self.finish(
                index,
                "failed",
                delivery.reason,
                lambda: outbox.mark_failed(
                    key, error=delivery.reason, retryable=delivery.retryable, attempts=delivery.attempts
                ),
            )
        return _went_through(delivery)

    def finish(self, index: int, state: ItemState, detail: str, write: Callable[[], Job]) -> None:
        """Record an item's outcome in the outbox and report it; the outcome is reported as it
        happened even when the outbox cannot record it (a message the server took is sent)."""
        done = self.record(index, write)
        result = self.results[index]
        if done is None:
            result.note = NOT_RECORDED
        elif state == "sent":
            result.sent_at = done.sent_at
        self.emit(index, state, detail or result.note)

    def report_existing(self, index: int, job: Job) -> None:
        """An item whose job another run already handled (or is handling)."""
        result = self.results[index]
        result.message_id = job.message_id
        result.sent_at = job.sent_at
        if job.state == "sent":
            self.emit(index, "skipped", job.describe())
        elif job.state == "unknown":
            self.emit(index, "unknown", f"not resent: {job.describe()}")
        elif job.state == "sending":
            # Not ours to send nor to report: another live run holds it. Not "unknown" either —
            # that word asks the user to check the recipient's inbox; this one only asks to wait.
            self.emit(
                index,
                "not_attempted",
                "being sent by another run right now; run again later to see its outcome",
            )
        else:
            self.emit(index, "failed", f"not resent: {job.describe()}")

    def write_eml(
        self,
        index: int,
        recipients: list[str],
        subject_template: str,
        digest: str,
        build: Callable[[str], Outgoing],
    ) -> None:
        """Dry run: write the message as an .eml file unless it was already sent."""
        assert self.dry_run_dir is not None
        job = self.outbox.find(recipients, subject_template, digest) if self.outbox is not None else None
        if job is not None and job.state == "sent":
            self.report_existing(index, job)
            return
        outgoing = build(job.message_id if job is not None else new_message_id(self.sender_address))
        name = _UNSAFE_NAME.sub("_", recipients[0])[:80]
        path = self.dry_run_dir / f"{index + 1:03d}-{name}.eml"
        try:
            write_private(path, outgoing.to_bytes(policy.default))  # personal data: owner only
        except OSError as exc:
            self.emit(index, "failed", f"cannot write {path}: {exc.strerror or exc}")
            return
        self.results[index].eml_path = path
        self.results[index].message_id = outgoing.message_id
        self.emit(index, "written", str(path))


def run_bulk(
    items: Sequence[BulkItem],
    *,
    sender: str | Mailbox,
    outbox: Outbox | None,
    make_sender: SenderFactory | None,
    tailor: TailorFn | None = None,
    workers: int = 4,
    rate_per_minute: float = 0.0,
    dry_run_dir: Path | None = None,
    on_event: Callable[[BulkEvent], None] | None = None,
    cancel: threading.Event | None = None,
    clock: Callable[[], float] = time.monotonic,
    now: Callable[[], float] = time.time,
    sleep: Callable[[float], object] | None = None,
    metrics: MetricsSink | None = None,
    tailor_processes: int | None = None,
) -> BulkSummary:
    """Tailor and send (or, with ``dry_run_dir``, write) every item; return the truthful summary.

    ``make_sender`` builds one ``Sender`` per worker (see ``smtp_sender_factory``); ``sleep``
    is used by the rate cap (default: waits that a cancel interrupts). ``tailor_processes``:
    0 tailors in the worker threads, N in N processes, None (auto) in one process per core
    (up to ``workers``) when the tailor is the engine and there is more than one item.
    ``sender`` may carry a display name ("José Pérez <jose@example.com>"): From keeps it.
    """
    if workers < 1:
        raise InputError("workers must be at least 1.")
    if rate_per_minute < 0:
        raise InputError("The rate cap must not be negative (0 means no cap).")
    sender_box = parse_mailbox(sender, field="sender")
    if dry_run_dir is not None:
        try:
            private_dir(dry_run_dir)  # what it creates is readable by the owner only
        except OSError as exc:
            raise InputError(
                f"Cannot create the dry-run folder {dry_run_dir}: {exc.strerror or exc}."
            ) from None
    elif outbox is None or make_sender is None:
        raise InputError("A bulk send needs an outbox and an SMTP connection (or a dry-run folder).")
    cancel = cancel or threading.Event()
    tailor = tailor or engine_tailor()
    processes = _auto_processes(tailor_processes, tailor, len(items), workers)
    run = _Run(
        items,
        sender=sender_box,
        outbox=outbox,
        make_sender=make_sender,
        tailor=tailor,
        rate=RateLimiter(rate_per_minute, clock=clock, sleep=sleep or cancel.wait),
        dry_run_dir=dry_run_dir,
        on_event=on_event,
        cancel=cancel,
        today=datetime.fromtimestamp(now(), UTC).date(),
        now=now,
        metrics=metrics if metrics is not None else get_registry(),
        executor=_pool_or_none(processes),
        window=2 * workers,
    )
    started = time.perf_counter()
    for i in range(len(items)):
        run.emit(i, "queued")
    threads = [
        # Each worker logs under the caller's context (its session, in the app).
        threading.Thread(target=bind_context(run.work), name=f"bulk-worker-{n}", daemon=True)
        for n in range(min(workers, len(items)))
    ]
    for t in threads:
        t.start()
    for t in threads:
        while t.is_alive():
            try:
                t.join(timeout=0.5)
            except KeyboardInterrupt:
                # Ctrl-C: finish the items in flight, cancel the rest, still report truthfully.
                cancel.set()
    run.drop_pending()
    run.record_leftovers()
    summary = BulkSummary(
        run.results,
        dry_run=dry_run_dir is not None,
        elapsed_s=time.perf_counter() - started,
        stopped=run.stopped,
    )
    log.info(
        "bulk run finished: %s",
        summary.counts,
        extra={"operation": "bulk.run", "duration_ms": round(summary.elapsed_s * 1000, 1)},
    )
    return summary


__all__ = [
    "FINAL_STATES",
    "BulkEvent",
    "BulkItem",
    "BulkSummary",
    "EngineTailor",
    "ItemResult",
    "ItemState",
    "RateLimiter",
    "SenderFactory",
    "TailorFn",
    "engine_tailor",
    "run_bulk",
    "smtp_sender_factory",
    "tailor_item",
    "tailoring_pool",
]
