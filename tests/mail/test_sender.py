"""Retries (tenacity) and the circuit breaker, against a real misbehaving SMTP server."""

from __future__ import annotations

from collections import Counter

import pytest

from resume_customizer.config import BreakerSettings, RetrySettings, Secret
from resume_customizer.errors import (
    CircuitOpen,
    DeliveryUnknown,
    PermanentDelivery,
    SetupFailure,
    TransientDelivery,
)
from resume_customizer.mail.message import Outgoing, build_message, new_message_id
from resume_customizer.mail.sender import CircuitBreaker, Sender, breaker_for, breaker_states
from resume_customizer.mail.transport import SmtpConfig, SmtpTransport
from tests.mail.smtp_server import (
    FAST_RETRY,
    LENIENT_BREAKER,
    PASSWORD,
    USER,
    FakeClock,
    MailServer,
    RecordingMetrics,
    Sleeps,
    free_port,
)


def _message(to: str = "hr@example.com") -> Outgoing:
    return build_message(
        sender="recruiter@example.com",
        recipients=[to],
        subject="Resume",
        body="Attached.",
        attachment=b"docx bytes",
        filename="resume.docx",
        message_id=new_message_id("recruiter@example.com"),
    )


def _sender(
    port: int,
    sleeps: Sleeps,
    *,
    breaker: BreakerSettings = LENIENT_BREAKER,
    clock: FakeClock | None = None,
    metrics: RecordingMetrics | None = None,
    retry: RetrySettings = FAST_RETRY,
    **config: object,
) -> Sender:
    values: dict[str, object] = {"host": "127.0.0.1", "port": port, "security": "plain", "timeout_s": 3.0}
    values.update(config)
    smtp = SmtpConfig(**values)  # type: ignore[arg-type]
    return Sender(
        SmtpTransport(smtp),
        retry=retry,
        breaker=breaker_for(smtp.server, breaker, clock=clock or FakeClock()),
        sleep=sleeps,
        metrics=metrics,
        breaker_wait_s=breaker.max_wait_s,
    )


def test_421_then_451_on_the_first_attempts_is_retried_with_growing_waits_and_delivered_once(
    smtp_server: MailServer, sleeps: Sleeps
) -> None:
    # attempt 1: 421 and the connection closed; attempts 2 and 3: 451 greylisting; attempt 4: ok
    smtp_server.fault(
        lambda stage, addr, n: "421 4.3.2 shutting down" if stage == "MAIL" and n == 1 else None
    )
    smtp_server.fault(lambda stage, addr, n: "451 4.3.0 greylisted" if stage == "RCPT" and n <= 2 else None)
    metrics = RecordingMetrics()
    sender = _sender(smtp_server.port, sleeps, metrics=metrics)
    delivery = sender.deliver(_message())
    sender.close()
    assert delivery.state == "sent" and delivery.attempts == 4
    assert smtp_server.count_for("hr@example.com") == 1
    # exponential backoff with jitter: 0.5, 1, 2 (+ up to 0.1 jitter each)
    assert len(sleeps.waits) == 3
    for wait, base in zip(sleeps.waits, (0.5, 1.0, 2.0), strict=True):
        assert base <= wait <= base + 0.1
    assert metrics.counters == Counter({"email.retried": 3, "email.sent": 1})
    assert metrics.timings["email.send"] == 1


def test_a_5xx_reply_is_never_retried_and_keeps_the_servers_words(
    smtp_server: MailServer, sleeps: Sleeps
) -> None:
    smtp_server.fault(
        lambda stage, addr, n: "550 5.1.1 <hr@example.com>: no such user" if stage == "RCPT" else None
    )
    metrics = RecordingMetrics()
    delivery = _sender(smtp_server.port, sleeps, metrics=metrics).deliver(_message())
    assert delivery.state == "failed" and delivery.attempts == 1 and sleeps.waits == []
    assert isinstance(delivery.error, PermanentDelivery)
    assert "550 5.1.1 <hr@example.com>: no such user" in delivery.reason
    assert not delivery.retryable
    assert metrics.counters == Counter({"email.failed": 1})


def test_a_rejected_login_is_never_retried_but_a_later_run_may_try_again(
    tls_server: MailServer, certs, sleeps: Sleeps
) -> None:  # type: ignore[no-untyped-def]
    sender = _sender(
        tls_server.port,
        sleeps,
        security="starttls",
        username=USER,
        password=Secret(PASSWORD + "x"),
        tls_context=certs.client,
    )
    delivery = sender.deliver(_message())
    assert delivery.state == "failed" and delivery.attempts == 1 and sleeps.waits == []
    assert isinstance(delivery.error, SetupFailure) and "535" in delivery.reason
    assert delivery.retryable  # the message itself was not refused


def test_a_transient_failure_that_never_clears_gives_up_after_the_configured_attempts(
    smtp_server: MailServer, sleeps: Sleeps
) -> None:
    smtp_server.fault(lambda stage, addr, n: "451 4.3.0 try later" if stage == "RCPT" else None)
    delivery = _sender(smtp_server.port, sleeps).deliver(_message())
    assert delivery.state == "failed" and delivery.attempts == FAST_RETRY.attempts
    assert isinstance(delivery.error, TransientDelivery) and delivery.retryable
    assert len(sleeps.waits) == FAST_RETRY.attempts - 1
    assert smtp_server.received == []


def test_a_message_whose_reply_was_lost_is_unknown_and_not_resent(
    smtp_server: MailServer, sleeps: Sleeps
) -> None:
    smtp_server.fault(lambda stage, addr, n: "accept-drop" if stage == "DATA" else None)
    metrics = RecordingMetrics()
    delivery = _sender(smtp_server.port, sleeps, metrics=metrics).deliver(_message())
    assert delivery.state == "unknown" and delivery.attempts == 1 and sleeps.waits == []
    assert isinstance(delivery.error, DeliveryUnknown)
    assert smtp_server.count_for("hr@example.com") == 1
    assert metrics.counters == Counter({"email.unknown": 1})


def test_the_breaker_opens_after_consecutive_failures_fails_fast_then_probes_and_closes(
    sleeps: Sleeps, clock: FakeClock
) -> None:
    port = free_port()  # nothing listens yet: every connection is refused
    # One fixed pause of 30 s, and a sender that does not wait for it.
    settings = BreakerSettings(failure_threshold=3, initial_reset_s=30.0, reset_timeout_s=30.0, max_wait_s=0)
    retry = RetrySettings(attempts=5, initial_s=0.1, max_s=1.0, jitter_s=0.0)
    sender = _sender(port, sleeps, breaker=settings, clock=clock, retry=retry, timeout_s=1.0)

    first = sender.deliver(_message())
    # Nothing of it was sent: deferred (it stays pending), not failed.
    assert first.state == "deferred" and isinstance(first.error, CircuitOpen) and first.retryable
    assert first.attempts == 3  # the 4th attempt met the open breaker
    [state] = breaker_states()
    assert (state.server, state.state, state.consecutive_failures) == (f"127.0.0.1:{port}", "open", 3)
    assert state.retry_after == pytest.approx(30.0)

    clock.advance(10)
    second = sender.deliver(_message())
    assert isinstance(second.error, CircuitOpen) and second.attempts == 0
    assert second.error.retry_after == pytest.approx(20.0)
    assert "next try in 20 s" in second.reason and second.retryable

    server = MailServer("plain")
    server.port = port
    server.start()
    try:
        clock.advance(21)
        assert breaker_states()[0].state == "half_open"
        third = sender.deliver(_message())
        assert third.state == "sent"
        assert breaker_states()[0].state == "closed" and breaker_states()[0].consecutive_failures == 0
        assert server.count_for("hr@example.com") == 1
    finally:
        sender.close()
        server.stop()


def test_a_failed_probe_opens_the_breaker_again_and_only_one_probe_runs_at_a_time(clock: FakeClock) -> None:
    breaker = CircuitBreaker("smtp.example.com:587", failure_threshold=2, reset_timeout_s=60, clock=clock)
    breaker.record_failure("451 a")
    breaker.before_call()  # still closed after one failure
    breaker.record_failure("451 b")
    with pytest.raises(CircuitOpen, match=r"smtp.example.com:587 failed 2 times in a row \(last: 451 b\)"):
        breaker.before_call()
    clock.advance(60)
    breaker.before_call()  # the probe
    with pytest.raises(CircuitOpen, match="being tested"):
        breaker.before_call()  # a second caller while the probe is out
    breaker.record_failure("timed out")
    assert breaker.state().state == "open" and breaker.state().retry_after == pytest.approx(60)
    clock.advance(60)
    breaker.before_call()
    breaker.record_success()
    assert breaker.state().state == "closed"
    breaker.before_call()
    breaker.before_call()  # closed: anyone may send


def test_a_5xx_refusal_counts_as_the_server_answering_not_as_a_failure(
    smtp_server: MailServer, sleeps
) -> None:  # type: ignore[no-untyped-def]
    smtp_server.fault(lambda stage, addr, n: "550 5.7.1 rejected" if stage == "RCPT" else None)
    settings = BreakerSettings(failure_threshold=1, reset_timeout_s=60)
    sender = _sender(smtp_server.port, sleeps, breaker=settings)
    for _ in range(3):
        assert isinstance(sender.deliver(_message()).error, PermanentDelivery)
    assert breaker_states()[0].state == "closed"


def test_a_send_that_meets_the_open_breaker_waits_for_the_probe_and_is_delivered_once(
    sleeps: Sleeps, clock: FakeClock
) -> None:
    # The server is down for the first 5 s: two failures open the breaker for 2 s, the first
    # probe (at 2 s) fails and doubles the pause, the next (at 6 s) finds the server up again.
    port = free_port()
    settings = BreakerSettings(
        failure_threshold=2, initial_reset_s=2.0, reset_timeout_s=60.0, max_wait_s=60.0
    )
    retry = RetrySettings(attempts=3, initial_s=0.0, max_s=1.0, jitter_s=0.0)
    server = MailServer("plain")
    server.port = port

    def time_passes(n: int) -> None:
        clock.advance(sleeps.waits[-1])
        if clock.now >= 1005.0 and server._controller is None:
            server.start()

    sleeps.on_sleep = time_passes
    metrics = RecordingMetrics()
    sender = _sender(port, sleeps, breaker=settings, clock=clock, retry=retry, timeout_s=1.0, metrics=metrics)
    try:
        delivery = sender.deliver(_message())
    finally:
        sender.close()
        server.stop()
    assert delivery.state == "sent" and server.count_for("hr@example.com") == 1
    # two tries opened it, the failed probe did not use up the message's third try
    assert delivery.attempts == 4
    assert [w for w in sleeps.waits if w] == [2.0, 4.0]  # the rest are the tries' own backoff (0 s)
    assert breaker_states()[0].state == "closed"
    assert metrics.counters == Counter({"email.sent": 1, "email.retried": 3})


def test_a_send_waits_for_the_open_breaker_no_longer_than_its_limit_and_is_deferred(
    sleeps: Sleeps, clock: FakeClock
) -> None:
    port = free_port()  # never listens
    settings = BreakerSettings(failure_threshold=1, initial_reset_s=2.0, reset_timeout_s=8.0, max_wait_s=20.0)
    retry = RetrySettings(attempts=3, initial_s=0.0, max_s=1.0, jitter_s=0.0)
    sleeps.on_sleep = lambda n: clock.advance(sleeps.waits[-1])
    metrics = RecordingMetrics()
    sender = _sender(port, sleeps, breaker=settings, clock=clock, retry=retry, timeout_s=1.0, metrics=metrics)
    delivery = sender.deliver(_message())
    assert delivery.state == "deferred" and isinstance(delivery.error, CircuitOpen) and delivery.retryable
    # probes at 2, 6 (2 + 4) and 14 (6 + 8) s, each failing: the pause doubles up to 8 s; then
    # 6 s more reach the 20 s limit
    assert [w for w in sleeps.waits if w] == pytest.approx([2.0, 4.0, 8.0, 6.0])
    assert delivery.attempts == 4  # the first try and three probes
    assert metrics.counters == Counter({"email.deferred": 1, "email.retried": 4})


def test_a_failed_probe_doubles_the_pause_up_to_the_reset_timeout_and_a_success_starts_again(
    clock: FakeClock,
) -> None:
    breaker = CircuitBreaker(
        "smtp.example.com:587", failure_threshold=1, reset_timeout_s=10, initial_reset_s=2, clock=clock
    )
    breaker.record_failure("refused")
    pauses = []
    for _ in range(5):
        pauses.append(breaker.state().retry_after)
        clock.advance(pauses[-1])
        assert breaker.before_call() is True  # the probe
        breaker.record_failure("refused")
    assert pauses == [2, 4, 8, 10, 10]
    clock.advance(10)
    assert breaker.before_call() is True
    breaker.record_success()
    assert breaker.before_call() is False  # closed: not a probe
    breaker.record_failure("refused")
    assert breaker.state().retry_after == 2
