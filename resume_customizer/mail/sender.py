"""Resilient sending: tenacity retries and a circuit breaker per SMTP server around a transport.

* Retries (tenacity): exponential backoff with jitter from ``RetrySettings``; ``sleep`` is
  injected. Only ``TransientDelivery`` is retried (connection errors, timeouts, 4xx replies);
  5xx replies and failed logins fail at once with the server's words.
* Circuit breaker: one per server (``host:port``), shared by every sender in the process.
  After ``failure_threshold`` consecutive transient failures it opens and refuses sends with
  ``CircuitOpen(retry_after)``; after ``reset_timeout_s`` one probe send is let through
  (half-open); its success closes the breaker, its failure opens it again. The clock is
  injected. ``breaker_states()`` lists every breaker for the sidebar and the health check.
* A send whose outcome is unknown (the connection broke after the message data) is never
  retried: ``Delivery.state == "unknown"``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential_jitter,
)

from ..config import BreakerSettings, RetrySettings
from ..errors import (
    CircuitOpen,
    DeliveryError,
    DeliveryUnknown,
    PermanentDelivery,
    SetupFailure,
    TransientDelivery,
)
from ..observe.metrics import MetricsSink, get_registry
from .message import Sendable
from .transport import Transport

log = logging.getLogger(__name__)


BreakerMode = Literal["closed", "open", "half_open"]


@dataclass(frozen=True)
class BreakerState:
    """A snapshot of one server's breaker, for display."""

    server: str
    state: BreakerMode
    consecutive_failures: int
    failure_threshold: int
    retry_after: float  # seconds until a probe is allowed; 0 unless open
    last_error: str | None


class CircuitBreaker:
    """Counts consecutive transient failures of one server and refuses sends while open."""

    def __init__(
        self,
        server: str,
        *,
        failure_threshold: int = 5,
        reset_timeout_s: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.server = server
        self.failure_threshold = failure_threshold
        self.reset_timeout_s = reset_timeout_s
        self._clock = clock
        self._lock = threading.Lock()
        self._mode: BreakerMode = "closed"
        self._failures = 0
        self._opened_at = 0.0
        self._probe_in_flight = False
        self._last_error: str | None = None

    def before_call(self) -> None:
        """Let a send through, or raise ``CircuitOpen`` with the seconds until the next probe."""
        with self._lock:
            if self._mode == "closed":
                return
            if self._mode == "open":
                wait = self._opened_at + self.reset_timeout_s - self._clock()
                if wait > 0:
                    raise CircuitOpen(
                        f"{self.server} failed {self._failures} times in a row (last: {self._last_error}); "
                        f"sending is paused, next try in {wait:.0f} s.",
                        retry_after=wait,
                    )
                self._mode = "half_open"
            if self._probe_in_flight:
                raise CircuitOpen(
                    f"{self.server} is being tested with one message after failures; try again in a moment.",
                    retry_after=0.0,
                )
            self._probe_in_flight = True

    def record_success(self) -> None:
        """The server answered (even with a refusal of this message): close the breaker."""
        with self._lock:
            if self._mode != "closed":
                log.info("circuit closed", extra={"operation": "breaker.close", "server": self.server})
            self._mode = "closed"
            self._failures = 0
            self._probe_in_flight = False

    def record_failure(self, error: str) -> None:
        """The server failed (connection, timeout, 4xx): count it; open at the threshold."""
        with self._lock:
            self._failures += 1
            self._last_error = error
            self._probe_in_flight = False
            if self._mode == "half_open" or self._failures >= self.failure_threshold:
                if self._mode != "open":
                    log.warning(
                        "circuit opened after %d consecutive failures",
                        self._failures,
                        extra={"operation": "breaker.open", "server": self.server},
                    )
                self._mode = "open"
                self._opened_at = self._clock()

    def release(self) -> None:
        """The call ended without telling anything about the server: free the probe slot."""
        with self._lock:
            self._probe_in_flight = False

    def state(self) -> BreakerState:
        """A snapshot of this breaker."""
        with self._lock:
            retry_after = 0.0
            mode = self._mode
            if mode == "open":
                retry_after = max(0.0, self._opened_at + self.reset_timeout_s - self._clock())
                if retry_after == 0.0:
                    mode = "half_open"
            return BreakerState(
                self.server, mode, self._failures, self.failure_threshold, retry_after, self._last_error
            )


_BREAKERS: dict[str, CircuitBreaker] = {}
_BREAKERS_LOCK = threading.Lock()


def breaker_for(
    server: str, settings: BreakerSettings, *, clock: Callable[[], float] = time.monotonic
) -> CircuitBreaker:
    """The process-wide breaker of ``server`` (``host:port``), created on first use."""
    with _BREAKERS_LOCK:
        breaker = _BREAKERS.get(server)
        if breaker is None:
            breaker = CircuitBreaker(
                server,
                failure_threshold=settings.failure_threshold,
                reset_timeout_s=settings.reset_timeout_s,
                clock=clock,
            )
            _BREAKERS[server] = breaker
        return breaker


def breaker_states() -> list[BreakerState]:
    """Every server's breaker state, sorted by server (for the sidebar and the health check)."""
    with _BREAKERS_LOCK:
        breakers = sorted(_BREAKERS.values(), key=lambda b: b.server)
    return [b.state() for b in breakers]


def reset_breakers() -> None:
    """Forget every breaker (tests, or an operator's "reset" button)."""
    with _BREAKERS_LOCK:
        _BREAKERS.clear()


DeliveryState = Literal["sent", "failed", "unknown"]


@dataclass(frozen=True)
class Delivery:
    """What happened to one message: sent, failed (with the error) or unknown."""

    state: DeliveryState
    attempts: int
    reply: str = ""
    error: DeliveryError | None = None

    @property
    def reason(self) -> str:
        """The server's words (or the error's message); empty when sent."""
        return self.error.message if self.error is not None else ""

    @property
    def retryable(self) -> bool:
        """Whether a later run may send it again: not refused for itself, not possibly delivered."""
        if self.state != "failed" or self.error is None:
            return False
        if isinstance(self.error, SetupFailure):
            return True  # login/TLS settings were wrong; the message itself was not refused
        return not isinstance(self.error, PermanentDelivery)


class Sender:
    """Sends messages through one transport with retries and the server's circuit breaker."""

    def __init__(
        self,
        transport: Transport,
        *,
        retry: RetrySettings,
        breaker: CircuitBreaker,
        sleep: Callable[[float], None] = time.sleep,
        metrics: MetricsSink | None = None,
    ) -> None:
        self._transport = transport
        self._retry = retry
        self._breaker = breaker
        self._sleep = sleep
        self._metrics: MetricsSink = metrics if metrics is not None else get_registry()

    @property
    def server(self) -> str:
        """``host:port`` of the transport's server."""
        return self._transport.server

    def close(self) -> None:
        """Close the transport's connection."""
        self._transport.close()

    def _attempt(self, outgoing: Sendable, on_data: Callable[[], None] | None) -> str:
        self._breaker.before_call()
        outcome = "neutral"
        try:
            reply = self._transport.send(outgoing, on_data=on_data)
            outcome = "success"
            return reply
        except (TransientDelivery, DeliveryUnknown) as exc:
            self._breaker.record_failure(exc.message)
            outcome = "failure"
            raise
        except PermanentDelivery:
            outcome = "success"  # the server is up and answering; it refused this message
            raise
        finally:
            if outcome == "success":
                self._breaker.record_success()
            elif outcome == "neutral":
                self._breaker.release()

    def _before_sleep(self, state: RetryCallState) -> None:
        self._metrics.incr("email.retried")
        error = state.outcome.exception() if state.outcome else None
        wait = state.next_action.sleep if state.next_action else 0.0
        log.info(
            "delivery attempt %d failed; retrying in %.1f s: %s",
            state.attempt_number,
            wait,
            error,
            extra={"operation": "email.retry", "server": self.server},
        )

    def deliver(self, outgoing: Sendable, *, on_data: Callable[[], None] | None = None) -> Delivery:
        """Send with retries; never raises a ``DeliveryError``, returns what happened."""
        r = self._retry
        attempts = 0

        def attempt() -> str:
            nonlocal attempts
            attempts += 1
            return self._attempt(outgoing, on_data)

        retrying = Retrying(
            stop=stop_after_attempt(r.attempts),
            wait=wait_exponential_jitter(multiplier=r.initial_s, max=r.max_s, jitter=r.jitter_s),
            retry=retry_if_exception_type(TransientDelivery),
            sleep=self._sleep,
            before_sleep=self._before_sleep,
            reraise=True,
        )
        recipients = ", ".join(outgoing.recipients)
        started = time.perf_counter()
        with self._metrics.timed("email.send"):
            try:
                reply = retrying(attempt)
            except DeliveryUnknown as exc:
                delivery = Delivery("unknown", attempts, error=exc)
            except CircuitOpen as exc:
                delivery = Delivery("failed", max(0, attempts - 1), error=exc)  # no attempt was made
            except DeliveryError as exc:
                delivery = Delivery("failed", attempts, error=exc)
            else:
                delivery = Delivery("sent", attempts, reply=reply)
        extra = {
            "operation": "email.send",
            "recipient": recipients,
            "server": self.server,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
        }
        if delivery.state == "sent":
            self._metrics.incr("email.sent")
            log.info("email sent after %d attempt(s)", attempts, extra=extra)
        elif delivery.state == "unknown":
            self._metrics.incr("email.unknown")
            log.warning("email outcome unknown: %s", delivery.reason, extra=extra)
        else:
            self._metrics.incr("email.failed")
            log.warning("email not sent: %s", delivery.reason, extra=extra)
        return delivery

    def send(self, outgoing: Sendable, *, on_data: Callable[[], None] | None = None) -> Delivery:
        """Send with retries; raise the ``DeliveryError`` unless the message was sent."""
        delivery = self.deliver(outgoing, on_data=on_data)
        if delivery.error is not None:
            raise delivery.error
        return delivery


__all__ = [
    "BreakerState",
    "CircuitBreaker",
    "Delivery",
    "Sender",
    "breaker_for",
    "breaker_states",
    "reset_breakers",
]
