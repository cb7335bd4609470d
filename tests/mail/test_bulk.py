"""Bulk tailor-and-send against a real SMTP server that misbehaves.

After every fault: each deliverable message arrived exactly once, the rest are reported with
the reason, the outbox agrees with the summary, and a second run sends nothing new.
"""

from __future__ import annotations

import io
import logging
import threading
import zipfile
from collections import Counter
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from resume_customizer.config import BreakerSettings, RetrySettings, Secret
from resume_customizer.errors import InputError
from resume_customizer.mail.bulk import (
    BulkEvent,
    BulkItem,
    BulkSummary,
    engine_tailor,
    run_bulk,
    smtp_sender_factory,
)
from resume_customizer.mail.message import content_hash
from resume_customizer.mail.outbox import Outbox
from resume_customizer.mail.transport import SmtpConfig
from resume_customizer.observe.logs import current_context, log_context
from tests.mail.smtp_server import (
    FAST_RETRY,
    LENIENT_BREAKER,
    PASSWORD,
    STACK,
    USER,
    FakeClock,
    MailServer,
    RecordingMetrics,
    Sleeps,
    make_resume,
)

SENDER = "recruiter@example.com"


def _items(resume: bytes, n: int, *, subject: str = "Resume for {techs} ({date})") -> list[BulkItem]:
    return [
        BulkItem(
            resume=resume,
            filename=f"Candidate_{i}.docx",
            stack_text=STACK,
            recipients=f"client{i}@example.com",
            subject=subject,
            label=f"row {i + 2}",
        )
        for i in range(n)
    ]


def _run(
    server: MailServer,
    outbox: Outbox,
    items: list[BulkItem],
    sleeps: Sleeps,
    *,
    workers: int = 4,
    retry: RetrySettings = FAST_RETRY,
    breaker: BreakerSettings = LENIENT_BREAKER,
    clock: FakeClock | None = None,
    timeout_s: float = 3.0,
    tailor=None,  # type: ignore[no-untyped-def]
    **kwargs,  # type: ignore[no-untyped-def]
) -> BulkSummary:
    config: dict[str, object] = {"host": "127.0.0.1", "port": server.port, "security": server.mode}
    if server.mode != "plain":
        config.update(username=USER, password=Secret(PASSWORD), tls_context=server.certs.client)  # type: ignore[union-attr]
    config.update(kwargs.pop("smtp", {}))
    clock = clock or FakeClock()
    make_sender = smtp_sender_factory(
        SmtpConfig(timeout_s=timeout_s, **config),  # type: ignore[arg-type]
        retry=retry,
        breaker=breaker,
        sleep=sleeps,
        clock=clock,
    )
    return run_bulk(
        items,
        sender=SENDER,
        outbox=outbox,
        make_sender=make_sender,
        tailor=tailor or engine_tailor(),
        workers=workers,
        clock=clock,
        **kwargs,
    )


@pytest.fixture
def outbox(tmp_path: Path) -> Outbox:
    return Outbox.open(tmp_path / "outbox.sqlite3")


def _assert_truthful(summary: BulkSummary, server: MailServer, outbox: Outbox) -> None:
    """Sent items arrived exactly once with the outbox's Message-ID; the outbox agrees on every item."""
    arrivals = Counter(r for got in server.received for r in got.rcpt_tos)
    assert all(n == 1 for n in arrivals.values()), f"duplicates: {arrivals}"
    arrived_ids = {got.message_id for got in server.received}
    jobs = {job.recipients: job for job in outbox.jobs()}
    for result in summary.results:
        job = jobs.get((result.recipients,))
        if result.state in ("sent", "skipped"):
            assert job is not None and job.state == "sent", result
            assert arrivals[result.recipients] == 1 and job.message_id in arrived_ids
            assert result.message_id == job.message_id
        elif result.state == "unknown":
            assert job is not None and job.state == "unknown" and result.reason, result
        elif result.state == "failed":
            assert result.reason, f"{result.label} has no reason"
            assert job is None or job.state == "failed", result
            assert arrivals[result.recipients] == 0
    sent_ids = {j.message_id for j in outbox.jobs(["sent"])}
    assert sent_ids <= arrived_ids, "the outbox claims a message was sent that never arrived"


def _assert_second_run_sends_nothing_new(
    server: MailServer, outbox: Outbox, items: list[BulkItem], sleeps: Sleeps, first: BulkSummary, **kwargs
) -> BulkSummary:  # type: ignore[no-untyped-def]
    before = len(server.received)
    again = _run(server, outbox, items, sleeps, **kwargs)
    assert len(server.received) == before
    for old, new in zip(first.results, again.results, strict=True):
        if old.state == "sent":
            assert new.state == "skipped" and new.reason.startswith("already sent on ")
        elif old.state == "unknown":
            assert new.state == "unknown" and "not resent" in new.reason
    return again


def test_every_resume_is_tailored_and_sent_once_with_one_connection_per_worker(
    smtp_server: MailServer, outbox: Outbox, resume_docx: bytes, sleeps: Sleeps
) -> None:
    items = _items(resume_docx, 8)
    events: list[BulkEvent] = []
    metrics = RecordingMetrics()
    summary = _run(smtp_server, outbox, items, sleeps, on_event=events.append, metrics=metrics)
    assert summary.counts == {"sent": 8} and summary.exit_code == 0
    _assert_truthful(summary, smtp_server, outbox)
    assert len({got.peer for got in smtp_server.received}) <= 4
    # the attachment is the tailored resume: the stack's points are in it
    got = smtp_server.received[0]
    [attachment] = list(got.message.iter_attachments())
    with zipfile.ZipFile(io.BytesIO(attachment.get_content())) as z:
        assert "Built REST APIs with FastAPI" in z.read("word/document.xml").decode()
    assert got.message["Subject"].startswith("Resume for Python, AWS (")
    # progress: each item went queued -> tailoring -> sending -> sent, and done reached total
    per_item: dict[int, list[str]] = {}
    for e in events:
        per_item.setdefault(e.index, []).append(e.state)
    assert all(states == ["queued", "tailoring", "sending", "sent"] for states in per_item.values())
    assert events[-1].done == events[-1].total == 8
    assert metrics.timings["bulk.item"] == 8
    _assert_second_run_sends_nothing_new(smtp_server, outbox, items, sleeps, summary)


def test_421_and_451_on_the_first_attempts_are_retried_and_each_message_arrives_once(
    smtp_server: MailServer, outbox: Outbox, resume_docx: bytes, sleeps: Sleeps
) -> None:
    smtp_server.fault(
        lambda st, a, n: (
            "451 4.7.1 greylisted" if st == "RCPT" and a == "client1@example.com" and n <= 2 else None
        )
    )
    smtp_server.fault(
        lambda st, a, n: "421 4.3.2 busy" if st == "RCPT" and a == "client3@example.com" and n == 1 else None
    )
    smtp_server.fault(
        lambda st, a, n: (
            "451 4.3.0 queue full" if st == "DATA" and a == "client4@example.com" and n == 1 else None
        )
    )
    items = _items(resume_docx, 6)
    summary = _run(smtp_server, outbox, items, sleeps)
    assert summary.counts == {"sent": 6}
    _assert_truthful(summary, smtp_server, outbox)
    attempts = {r.recipients: r.attempts for r in summary.results}
    assert (
        attempts["client1@example.com"],
        attempts["client3@example.com"],
        attempts["client4@example.com"],
    ) == (3, 2, 2)
    assert (
        outbox.find(
            ["client1@example.com"], items[1].subject, _hash_of(outbox, "client1@example.com")
        ).attempts
        == 3
    )  # type: ignore[union-attr]
    _assert_second_run_sends_nothing_new(smtp_server, outbox, items, sleeps, summary)


def _hash_of(outbox: Outbox, recipient: str) -> str:
    [job] = [j for j in outbox.jobs() if j.recipients == (recipient,)]
    return job.attachment_sha256


def test_a_connection_dropped_before_the_data_ended_is_retried_and_after_it_is_unknown(
    smtp_server: MailServer, outbox: Outbox, resume_docx: bytes, sleeps: Sleeps
) -> None:
    # client0: dropped at RCPT once (nothing committed) -> retried, delivered once
    # client1: dropped at the end of DATA without accepting -> unknown, never resent
    # client2: accepted, then dropped before the reply -> unknown, arrived once, never resent
    smtp_server.fault(
        lambda st, a, n: "drop" if st == "RCPT" and a == "client0@example.com" and n == 1 else None
    )
    smtp_server.fault(lambda st, a, n: "drop" if st == "DATA" and a == "client1@example.com" else None)
    smtp_server.fault(lambda st, a, n: "accept-drop" if st == "DATA" and a == "client2@example.com" else None)
    items = _items(resume_docx, 5)
    summary = _run(smtp_server, outbox, items, sleeps)
    states = {r.recipients: r.state for r in summary.results}
    assert states == {
        "client0@example.com": "sent",
        "client1@example.com": "unknown",
        "client2@example.com": "unknown",
        "client3@example.com": "sent",
        "client4@example.com": "sent",
    }
    assert (
        smtp_server.count_for("client1@example.com") == 0
        and smtp_server.count_for("client2@example.com") == 1
    )
    unknown = [r for r in summary.results if r.state == "unknown"]
    assert all("may have been delivered" in r.reason for r in unknown)
    assert summary.exit_code == 1
    _assert_truthful(summary, smtp_server, outbox)
    _assert_second_run_sends_nothing_new(smtp_server, outbox, items, sleeps, summary)


def test_a_550_for_one_recipient_fails_that_item_only_and_it_is_not_resent(
    smtp_server: MailServer, outbox: Outbox, resume_docx: bytes, sleeps: Sleeps
) -> None:
    smtp_server.fault(
        lambda st, a, n: "550 5.1.1 mailbox unavailable" if a == "client2@example.com" else None
    )
    items = _items(resume_docx, 5)
    summary = _run(smtp_server, outbox, items, sleeps)
    [failed] = summary.of("failed")
    assert failed.recipients == "client2@example.com" and failed.attempts == 1
    assert "client2@example.com: 550 5.1.1 mailbox unavailable" in failed.reason
    assert len(summary.of("sent")) == 4 and sleeps.waits == []
    _assert_truthful(summary, smtp_server, outbox)
    again = _assert_second_run_sends_nothing_new(smtp_server, outbox, items, sleeps, summary)
    assert again.results[2].state == "failed" and "not resent" in again.results[2].reason
    assert any("row 4 -> client2@example.com" in line and "550" in line for line in summary.lines())


def test_a_wrong_password_stops_the_run_after_one_login_and_the_right_one_later_sends_each_once(
    tls_server: MailServer, outbox: Outbox, resume_docx: bytes, sleeps: Sleeps
) -> None:
    # Before: every worker, then every row, logged in again (10 rows: 20 AUTH commands, as
    # smtplib tried PLAIN and then LOGIN) - enough failed logins to lock a Gmail account.
    items = _items(resume_docx, 10)
    wrong = {"password": Secret("not-it")}
    summary = _run(tls_server, outbox, items, sleeps, smtp=wrong, workers=4)
    assert tls_server.auth_attempts == 1 and tls_server.received == [] and sleeps.waits == []
    assert summary.counts == {"failed": 1, "not_attempted": 9} and summary.exit_code == 1
    [failed] = summary.of("failed")
    assert f"rejected login for {USER}: 535" in failed.reason
    assert summary.stopped == failed.reason
    assert all(r.reason == failed.reason for r in summary.of("not_attempted"))
    lines = summary.lines()
    assert lines[0].startswith(
        "10 item(s): 0 sent, 0 skipped, 1 failed, 0 unknown, 0 cancelled, 9 not attempted"
    )
    [stop_line] = [line for line in lines if line.startswith("  not attempted")]
    assert stop_line.startswith("  not attempted: 9 item(s) (row ") and "535" in stop_line
    assert len(lines) == 3  # the count, the failed row, one line for the nine left
    # the failed one may be sent by a later run; the rest stay pending (or were never recorded)
    jobs = outbox.jobs()
    assert [j.state for j in jobs if j.state != "pending"] == ["failed"] and all(j.retryable for j in jobs)

    still_wrong = _run(tls_server, outbox, items, sleeps, smtp=wrong)
    assert still_wrong.counts == {"failed": 1, "not_attempted": 9} and tls_server.auth_attempts == 2
    fixed = _run(tls_server, outbox, items, sleeps)
    assert fixed.counts == {"sent": 10} and tls_server.auth_attempts <= 2 + 4  # a login per worker
    _assert_truthful(fixed, tls_server, outbox)
    _assert_second_run_sends_nothing_new(tls_server, outbox, items, sleeps, fixed)


def test_an_untrusted_certificate_stops_the_run_at_the_first_connection(
    tls_server: MailServer, outbox: Outbox, resume_docx: bytes, sleeps: Sleeps
) -> None:
    import ssl

    items = _items(resume_docx, 6)
    untrusting = {"tls_context": ssl.create_default_context()}  # the test CA is not in it
    summary = _run(tls_server, outbox, items, sleeps, smtp=untrusting)
    assert summary.counts == {"failed": 1, "not_attempted": 5} and tls_server.auth_attempts == 0
    assert "certificate that is not trusted" in summary.stopped  # type: ignore[operator]
    assert tls_server.received == []


def test_a_server_slower_than_the_timeout_is_retried_before_the_data_and_unknown_after_it(
    smtp_server: MailServer, outbox: Outbox, resume_docx: bytes, sleeps: Sleeps
) -> None:
    smtp_server.fault(
        lambda st, a, n: ("sleep", 1.0) if st == "RCPT" and a == "client0@example.com" and n == 1 else None
    )
    smtp_server.fault(
        lambda st, a, n: ("accept-sleep", 1.0) if st == "DATA" and a == "client1@example.com" else None
    )
    items = _items(resume_docx, 3)
    summary = _run(smtp_server, outbox, items, sleeps, timeout_s=0.4)
    states = {r.recipients: (r.state, r.attempts) for r in summary.results}
    assert states == {
        "client0@example.com": ("sent", 2),
        "client1@example.com": ("unknown", 1),
        "client2@example.com": ("sent", 1),
    }
    assert "timed out" in summary.results[1].reason
    # the server had accepted client1's message; only its reply came too late
    assert smtp_server.count_for("client1@example.com") == 1
    _assert_truthful(summary, smtp_server, outbox)
    _assert_second_run_sends_nothing_new(smtp_server, outbox, items, sleeps, summary, timeout_s=0.4)


def test_a_server_stopped_mid_batch_and_restarted_gets_every_message_exactly_once(
    smtp_server: MailServer, outbox: Outbox, resume_docx: bytes, sleeps: Sleeps
) -> None:
    # The server stops itself when the fourth message begins (after three were accepted and
    # before any of the fourth's data), so no message's fate is unknown; one worker keeps
    # that moment clean. The client's first backoff sleep starts it again.
    mails = {"n": 0}
    lock = threading.Lock()
    stopper: list[threading.Thread] = []
    restarted = threading.Event()

    def stop_at_the_fourth_message(stage: str, address: str, attempt: int) -> object:
        if stage != "MAIL":
            return None
        with lock:
            mails["n"] += 1
            if mails["n"] != 4:
                return None
        thread = threading.Thread(target=smtp_server.stop)
        stopper.append(thread)
        thread.start()
        return "421 shutting down"

    def restart_on_first_backoff(n: int) -> None:
        with lock:
            if stopper and not restarted.is_set():
                stopper[0].join()
                smtp_server.start()
                restarted.set()

    smtp_server.fault(stop_at_the_fourth_message)
    sleeps.on_sleep = restart_on_first_backoff
    items = _items(resume_docx, 8)
    summary = _run(smtp_server, outbox, items, sleeps, workers=1)
    assert restarted.is_set() and sleeps.waits
    assert summary.counts == {"sent": 8}
    assert sorted(r for got in smtp_server.received for r in got.rcpt_tos) == sorted(
        i.recipients for i in items
    )
    _assert_truthful(summary, smtp_server, outbox)
    _assert_second_run_sends_nothing_new(smtp_server, outbox, items, sleeps, summary)


def test_a_server_down_past_the_breaker_wait_leaves_every_item_pending_and_a_later_run_sends_them_once(
    outbox: Outbox, resume_docx: bytes, sleeps: Sleeps, clock: FakeClock
) -> None:
    # Before: the open breaker failed the rest at once ("sending is paused"). Now the sender
    # waits for it (probes at 2, 6, 14, 30 s... the pause doubling) up to breaker.max_wait_s,
    # then the run stops: nothing was sent, nothing failed, everything stays pending.
    server = MailServer("plain")  # not started: connections are refused
    breaker = BreakerSettings(failure_threshold=3, initial_reset_s=2.0, reset_timeout_s=60, max_wait_s=45)
    sleeps.on_sleep = lambda n: clock.advance(sleeps.waits[-1])  # time passes as the run sleeps
    items = _items(resume_docx, 5)
    summary = _run(server, outbox, items, sleeps, workers=1, breaker=breaker, clock=clock)
    assert summary.counts == {"not_attempted": 5} and summary.exit_code == 1
    assert summary.stopped == "the server was unavailable"
    first = summary.results[0].reason
    assert first.startswith("the server was unavailable (") and "could not be reached" in first
    assert all(r.reason == "the server was unavailable" for r in summary.results[1:])
    # waited for the breaker up to the limit (plus the tries' own backoff), no longer
    assert 45 <= clock.now - 1000 <= 60
    assert [j.state for j in outbox.jobs()] == ["pending"]  # claimed, then given back
    server.start()
    try:
        clock.advance(61)
        later = _run(server, outbox, items, sleeps, workers=1, breaker=breaker, clock=clock)
        assert later.counts == {"sent": 5}
        _assert_truthful(later, server, outbox)
        _assert_second_run_sends_nothing_new(server, outbox, items, sleeps, later, clock=clock)
    finally:
        server.stop()


def test_one_resume_failing_to_tailor_never_stops_the_others(
    smtp_server: MailServer, outbox: Outbox, resume_docx: bytes, sleeps: Sleeps
) -> None:
    items = _items(resume_docx, 4)
    items[1] = BulkItem(b"not a docx at all", "broken.docx", STACK, "client1@example.com", label="row 3")
    items[2] = BulkItem(resume_docx, "bad.docx", STACK, "not-an-address", label="row 4")
    unlucky = make_resume("Unlucky Candidate")  # the one resume the engine trips over
    items[3] = BulkItem(unlucky, "unlucky.docx", STACK, "client3@example.com", label="row 5")
    real = engine_tailor()

    def tailor(docx: bytes, stack: str) -> bytes:
        tailor.calls += 1  # type: ignore[attr-defined]
        if docx == unlucky:
            raise RuntimeError("engine bug")
        return real(docx, stack)

    tailor.calls = 0  # type: ignore[attr-defined]
    summary = _run(smtp_server, outbox, items, sleeps, workers=1, tailor=tailor)
    states = [r.state for r in summary.results]
    assert states == ["sent", "failed", "failed", "failed"]
    assert summary.results[2].reason.startswith("'not-an-address' is not a valid email address")
    assert summary.results[3].reason == "internal error while tailoring (RuntimeError); see the log"
    assert summary.results[1].reason  # the engine's own words about the broken file
    assert smtp_server.count_for("client0@example.com") == 1 and len(smtp_server.received) == 1


def test_a_dry_run_writes_eml_files_sends_nothing_and_skips_what_was_already_sent(
    smtp_server: MailServer, tmp_path: Path, resume_docx: bytes, sleeps: Sleeps
) -> None:
    items = _items(resume_docx, 3)
    outdir = tmp_path / "dry"
    dry = run_bulk(items, sender=SENDER, outbox=None, make_sender=None, dry_run_dir=outdir)
    assert dry.counts == {"written": 3} and dry.exit_code == 0 and dry.dry_run
    files = sorted(outdir.glob("*.eml"))
    assert [f.name for f in files] == [
        "001-client0@example.com.eml",
        "002-client1@example.com.eml",
        "003-client2@example.com.eml",
    ]
    msg = message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert msg["To"] == "client0@example.com" and len(list(msg.iter_attachments())) == 1
    assert smtp_server.received == []
    outbox = Outbox.open(tmp_path / "outbox.sqlite3")
    _run(smtp_server, outbox, items[:1], sleeps)
    second = run_bulk(items, sender=SENDER, outbox=outbox, make_sender=None, dry_run_dir=tmp_path / "dry2")
    assert [r.state for r in second.results] == ["skipped", "written", "written"]
    assert outbox.counts()["pending"] == 0  # a dry run creates no jobs


def test_cancelling_stops_before_the_next_item_and_a_rerun_sends_the_rest_once(
    smtp_server: MailServer, outbox: Outbox, resume_docx: bytes, sleeps: Sleeps
) -> None:
    cancel = threading.Event()

    def cancel_after_two(event: BulkEvent) -> None:
        if event.state == "sent" and event.done == 2:
            cancel.set()

    items = _items(resume_docx, 6)
    summary = _run(smtp_server, outbox, items, sleeps, workers=1, on_event=cancel_after_two, cancel=cancel)
    assert summary.counts == {"sent": 2, "cancelled": 4} and summary.exit_code == 1
    rest = _run(smtp_server, outbox, items, sleeps, workers=2)
    assert Counter(r.state for r in rest.results) == {"skipped": 2, "sent": 4}
    assert sorted(r for got in smtp_server.received for r in got.rcpt_tos) == sorted(
        i.recipients for i in items
    )


def test_the_rate_cap_spaces_sends_across_all_workers(
    smtp_server: MailServer, outbox: Outbox, resume_docx: bytes, sleeps: Sleeps, clock: FakeClock
) -> None:
    rate_sleeps = Sleeps()
    summary = _run(
        smtp_server,
        outbox,
        _items(resume_docx, 4),
        sleeps,
        rate_per_minute=30,
        clock=clock,
        sleep=rate_sleeps,
    )
    assert summary.counts == {"sent": 4}
    # the clock stands still, so each later send waits two more seconds than the one before
    assert sorted(rate_sleeps.waits) == [2.0, 4.0, 6.0]


def test_bad_run_settings_are_input_errors() -> None:
    with pytest.raises(InputError, match="not a valid email address"):
        run_bulk([], sender="nobody", outbox=None, make_sender=None, dry_run_dir=Path("/tmp"))
    with pytest.raises(InputError, match="needs an outbox"):
        run_bulk([], sender=SENDER, outbox=None, make_sender=None)
    with pytest.raises(InputError, match="workers"):
        run_bulk([], sender=SENDER, outbox=None, make_sender=None, workers=0)


def test_tailoring_in_processes_sends_the_same_documents_as_tailoring_in_threads(
    smtp_server: MailServer, tmp_path: Path, resume_docx: bytes, sleeps: Sleeps
) -> None:
    items = _items(resume_docx, 4)
    items[2] = BulkItem(b"PK\x03\x04 broken", "broken.docx", STACK, "client2@example.com", label="row 4")
    in_processes = _run(smtp_server, Outbox.open(tmp_path / "a.sqlite3"), items, sleeps, tailor_processes=2)
    in_threads = _run(smtp_server, Outbox.open(tmp_path / "b.sqlite3"), items, sleeps, tailor_processes=0)
    for summary in (in_processes, in_threads):
        assert [r.state for r in summary.results] == ["sent", "sent", "failed", "sent"]
    # the engine's own words cross the process boundary intact
    assert in_processes.results[2].reason == in_threads.results[2].reason != ""
    attachments = Counter(
        (got.rcpt_tos[0], content_hash(next(got.message.iter_attachments()).get_content()))
        for got in smtp_server.received
    )
    assert len(attachments) == 3 and set(attachments.values()) == {2}  # same document both ways


def test_a_job_another_live_run_is_sending_is_neither_resent_nor_reported_as_sent(
    smtp_server: MailServer, outbox: Outbox, resume_docx: bytes, sleeps: Sleeps
) -> None:
    items = _items(resume_docx, 2)
    # another run (this very process, so alive) claimed client0's job and is still sending it
    first = _run(smtp_server, outbox, items[1:], sleeps)
    assert first.counts == {"sent": 1}
    digest = _hash_of(outbox, "client1@example.com")  # same resume and stack: same attachment
    job = outbox.ensure(["client0@example.com"], items[0].subject, digest, sender=SENDER)
    assert outbox.claim(job.key)[0]
    summary = _run(smtp_server, outbox, items, sleeps)
    # not "unknown", which asks the user to check the inbox: it is only not this run's to send
    assert [r.state for r in summary.results] == ["not_attempted", "skipped"]
    assert "being sent by another run" in summary.results[0].reason and summary.exit_code == 1
    assert any("still pending: being sent by another run" in line for line in summary.lines())
    assert smtp_server.count_for("client0@example.com") == 0


def test_the_workers_log_under_the_callers_context(
    smtp_server: MailServer, outbox: Outbox, resume_docx: bytes, sleeps: Sleeps
) -> None:
    seen: list[object] = []

    class Catch(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(current_context().get("session"))

    handler = Catch()
    logger = logging.getLogger("resume_customizer.mail")
    logger.addHandler(handler)
    old_level = logger.level
    logger.setLevel(logging.INFO)
    try:
        with log_context(session="browser-1"):
            summary = _run(smtp_server, outbox, _items(resume_docx, 2), sleeps, workers=2, tailor_processes=0)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    assert summary.counts == {"sent": 2}
    assert seen and set(seen) == {"browser-1"}  # "email sent" from each worker, the summary line


def test_one_resume_with_one_stack_for_many_recipients_is_tailored_once(
    smtp_server: MailServer, outbox: Outbox, resume_docx: bytes, sleeps: Sleeps
) -> None:
    real = engine_tailor()
    calls: list[int] = []
    lock = threading.Lock()

    def counting(docx: bytes, stack: str) -> bytes:
        with lock:
            calls.append(1)
        return real(docx, stack)

    summary = _run(smtp_server, outbox, _items(resume_docx, 5), sleeps, workers=1, tailor=counting)
    assert summary.counts == {"sent": 5}
    assert len(calls) == 1
    attachments = {bytes(next(got.message.iter_attachments()).get_content()) for got in smtp_server.received}
    assert len(attachments) == 1  # every client got the same tailored file


def test_in_processes_items_sharing_one_tailoring_each_get_their_own_message(
    smtp_server: MailServer, outbox: Outbox, resume_docx: bytes, sleeps: Sleeps
) -> None:
    # The tailoring processes compose the message of the item that asked for the tailoring;
    # the others reuse the resume but must not reuse that message (its To, its file name).
    items = [
        BulkItem(
            resume_docx,
            f"Candidate {name}.docx",
            STACK,
            f"{name}@example.com",
            subject="For {filename}",
        )
        for name in ("ana", "ben", "cy")
    ]
    summary = _run(smtp_server, outbox, items, sleeps, workers=2, tailor_processes=2)
    assert summary.counts == {"sent": 3}
    _assert_truthful(summary, smtp_server, outbox)
    for got in smtp_server.received:
        [rcpt] = got.rcpt_tos
        name = rcpt.split("@")[0]
        assert got.message["To"] == rcpt and got.message["Subject"] == f"For Candidate {name}.docx"
        assert next(got.message.iter_attachments()).get_filename() == f"Candidate {name}.docx"
    assert (
        len({content_hash(next(g.message.iter_attachments()).get_content()) for g in smtp_server.received})
        == 1
    )


def test_in_processes_a_template_problem_fails_its_item_with_the_reason_and_the_rest_are_sent(
    smtp_server: MailServer, outbox: Outbox, resume_docx: bytes, sleeps: Sleeps
) -> None:
    items = _items(make_resume("Other Person"), 3)
    items[1] = BulkItem(resume_docx, "b.docx", STACK, "client1@example.com", subject="Hi {nickname}")
    summary = _run(smtp_server, outbox, items, sleeps, tailor_processes=2)
    assert [r.state for r in summary.results] == ["sent", "failed", "sent"]
    assert summary.results[1].reason.startswith("The subject uses unknown placeholder(s) nickname")
    assert smtp_server.count_for("client1@example.com") == 0 and outbox.jobs() and len(outbox.jobs()) == 2
    _assert_truthful(summary, smtp_server, outbox)


def test_a_resend_after_a_failed_run_carries_the_message_id_the_outbox_gave_the_job(
    smtp_server: MailServer, outbox: Outbox, resume_docx: bytes, sleeps: Sleeps
) -> None:
    # The first run fails for good at DATA (so the job exists with its Message-ID); the fault
    # gone, a re-run composes a fresh message in the processes but must send the job's id.
    smtp_server.fault(lambda st, a, n: "450 4.2.0 mailbox busy" if st == "DATA" else None)
    items = _items(resume_docx, 2)
    first = _run(smtp_server, outbox, items, sleeps, tailor_processes=2)
    assert first.counts == {"failed": 2}
    ids = {j.recipients[0]: j.message_id for j in outbox.jobs()}
    smtp_server.handler.faults.clear()
    again = _run(smtp_server, outbox, items, sleeps, tailor_processes=2)
    assert again.counts == {"sent": 2}
    assert {g.rcpt_tos[0]: g.message_id for g in smtp_server.received} == ids


def test_the_tailoring_processes_run_below_the_senders_priority() -> None:
    import os

    from resume_customizer.mail.bulk import TAILORING_NICENESS, tailoring_pool

    ours = os.nice(0)
    theirs = tailoring_pool(2).submit(os.nice, 0).result(timeout=60)
    assert theirs == min(19, ours + TAILORING_NICENESS)


def test_items_whose_pooled_tailoring_was_cancelled_by_another_run_are_tailored_here(
    smtp_server: MailServer,
    outbox: Outbox,
    resume_docx: bytes,
    sleeps: Sleeps,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Another run found the shared pool broken and stopped it, cancelling our queued work.
    from concurrent.futures import Future

    from resume_customizer.mail import bulk

    class StoppedPool:
        def submit(self, *args: object, **kwargs: object) -> Future[object]:
            future: Future[object] = Future()
            future.cancel()
            return future

        def shutdown(self, *args: object, **kwargs: object) -> None:
            pass

    monkeypatch.setattr(bulk, "_pool_or_none", lambda processes: StoppedPool())
    summary = _run(smtp_server, outbox, _items(resume_docx, 3), sleeps, tailor_processes=2)
    assert summary.counts == {"sent": 3}
    _assert_truthful(summary, smtp_server, outbox)


def test_a_server_restarted_for_a_few_seconds_mid_run_costs_seconds_and_every_message_arrives_once(
    smtp_server: MailServer, tmp_path: Path, resume_docx: bytes
) -> None:
    # Real time, real sleeps, the default breaker settings: before, in-flight failures opened
    # the breaker and most of the batch failed at once with "sending is paused".
    def run(prefix: str, outbox: Outbox) -> BulkSummary:
        make_sender = smtp_sender_factory(
            SmtpConfig(host="127.0.0.1", port=smtp_server.port, security="plain", timeout_s=5.0),
            retry=FAST_RETRY,
            breaker=BreakerSettings(),
        )
        items = [
            BulkItem(
                resume_docx, f"Candidate_{i}.docx", STACK, f"{prefix}{i}@example.com", label=f"row {i + 2}"
            )
            for i in range(20)
        ]
        return run_bulk(
            items, sender=SENDER, outbox=outbox, make_sender=make_sender, tailor=engine_tailor(), workers=4
        )

    baseline = run("calm", Outbox.open(tmp_path / "calm.sqlite3"))
    assert baseline.counts == {"sent": 20}

    down_s = 2.5
    mails = {"n": 0}
    lock = threading.Lock()
    restarts: list[threading.Thread] = []
    downtime: list[float] = []

    def restart_at_the_eighth_message(stage: str, address: str, attempt: int) -> object:
        if stage != "MAIL" or not address:
            return None
        with lock:
            mails["n"] += 1
            if mails["n"] != 8:
                return None
        thread = threading.Thread(target=lambda: downtime.append(smtp_server.restart(down_s)))
        restarts.append(thread)
        thread.start()
        return None

    smtp_server.fault(restart_at_the_eighth_message)
    outbox = Outbox.open(tmp_path / "restart.sqlite3")
    summary = run("client", outbox)
    restarts[0].join()
    assert downtime and downtime[0] >= down_s
    assert summary.counts == {"sent": 20}, summary.lines()
    arrivals = Counter(r for got in smtp_server.received for r in got.rcpt_tos if r.startswith("client"))
    assert arrivals == Counter({f"client{i}@example.com": 1 for i in range(20)})
    assert [j.state for j in outbox.jobs()] == ["sent"] * 20
    extra = summary.elapsed_s - baseline.elapsed_s
    print(f"restart: down {downtime[0]:.1f} s; run {summary.elapsed_s:.1f} s vs {baseline.elapsed_s:.1f} s")
    # a few seconds more than the time the server was down - not the breaker's 60 s
    assert extra < downtime[0] + 10, (extra, downtime)
