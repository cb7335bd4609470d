"""Resilient sending: tenacity retries and a circuit breaker per SMTP server around a transport.

* Retries (tenacity): exponential backoff with jitter from ``RetrySettings``; ``sleep`` is
  injected. Only ``TransientDelivery`` is retried (connection errors, timeouts, 4xx replies);
  5xx replies and failed logins fail at once with the server's words.
* Circuit breaker: one per server (``host:port``), shared by every sender in the process.
  After ``failure_threshold`` consecutive transient failures it opens and refuses sends with
  ``CircuitOpen(retry_after)``; after a pause one probe send is let through (half-open); its
  success closes the breaker, its failure opens it again for twice the pause. The first pause
  is short (``initial_reset_s``, a server restart), the longest ``reset_timeout_s`` (a server
  that is down). The clock is injected. ``breaker_states()`` lists every breaker for the
  sidebar and the health check.
* A send that meets an open breaker waits for it (the same tenacity loop, the same injected
  sleep), up to ``breaker_wait_s`` in all; then it gives up without having sent anything:
  ``Delivery.state == "deferred"`` (the message stays pending for a later run). A failed
  probe does not use up the message's own attempts: it says the server is down, not that
  the message is refused.
* A send whose outcome is unknown (the connection broke after the message data) is never
  retried: ``Delivery.state == "unknown"``.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from tenacity import RetryCallState, Retrying, retry_if_exception_type

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
# How often a send waiting for the breaker looks again while another send probes the server.
PROBE_POLL_S = 0.1


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
        initial_reset_s: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.server = server
        self.failure_threshold = failure_threshold
        self.reset_timeout_s = reset_timeout_s
        # The first pause; None: always the longest (one fixed pause).
        self.initial_reset_s = min(initial_reset_s or reset_timeout_s, reset_timeout_s)
        self._clock = clock
        self._lock = threading.Lock()
        self._mode: BreakerMode = "closed"
        self._failures = 0
        self._opened_at = 0.0
        self._pause = self.initial_reset_s
        self._probe_in_flight = False
        self._last_error: str | None = None

    def before_call(self) -> bool:
        """Let a send through (True when it is the half-open probe), or raise ``CircuitOpen``
        with the seconds until the next probe."""
        with self._lock:
            if self._mode == "closed":
                return False
            if self._mode == "open":
                wait = self._opened_at + self._pause - self._clock()
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
            return True

    def record_success(self) -> None:
        """The server answered (even with a refusal of this message): close the breaker."""
        with self._lock:
            if self._mode != "closed":
                log.info("circuit closed", extra={"operation": "breaker.close", "server": self.server})
            self._mode = "closed"
            self._failures = 0
            self._pause = self.initial_reset_s
            self._probe_in_flight = False

    def record_failure(self, error: str) -> None:
        """The server failed (connection, timeout, 4xx): count it; open at the threshold."""
        with self._lock:
            self._failures += 1
            self._last_error = error
            self._probe_in_flight = False
            if self._mode == "half_open":
                # The probe failed: the server is still down; wait twice as long before the next.
                self._pause = min(self._pause * 2, self.reset_timeout_s)
            if self._mode == "half_open" or self._failures >= self.failure_threshold:
                if self._mode != "open":
                    log.warning(
                        "circuit opened after %d consecutive failures; next probe in %.0f s",
                        self._failures,
                        self._pause,
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
                retry_after = max(0.0, self._opened_at + self._pause - self._clock())
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
                initial_reset_s=settings.initial_reset_s,
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


DeliveryState = Literal["sent", "failed", "unknown", "deferred"]


@dataclass(frozen=True)
class Delivery:
    """What happened to one message: sent, failed (with the error), unknown, or deferred (the
    server's breaker stayed open: nothing of the message was sent, it may be sent later)."""

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
        if self.state == "deferred":
            return True
        if self.state != "failed" or self.error is None:
            return False
        if isinstance(self.error, SetupFailure):
            return True  # login/TLS settings were wrong; the message itself was not refused
        return not isinstance(self.error, PermanentDelivery)


class Sender:
    """Sends messages through one transport with retries and the server's circuit breaker.

    ``breaker_wait_s``: how long, in all, one message waits for the open breaker before it
    is deferred (0: deferred at once).
    """

    def __init__(
        self,
        transport: Transport,
        *,
        retry: RetrySettings,
        breaker: CircuitBreaker,
        sleep: Callable[[float], None] = time.sleep,
        metrics: MetricsSink | None = None,
        breaker_wait_s: float = 0.0,
    ) -> None:
        self._transport = transport
        self._retry = retry
        self._breaker = breaker
        self._sleep = sleep
        self._metrics: MetricsSink = metrics if metrics is not None else get_registry()
        self._breaker_wait_s = breaker_wait_s

    @property
    def server(self) -> str:
        """``host:port`` of the transport's server."""
        return self._transport.server

    def close(self) -> None:
        """Close the transport's connection."""
        self._transport.close()

    def _attempt(self, outgoing: Sendable, on_data: Callable[[], None] | None) -> str:
        """One try through the transport, told to the breaker (which has let it through)."""
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

    def _before_sleep(self, state: RetryCallState, tries: int) -> None:
        error = state.outcome.exception() if state.outcome else None
        wait = state.next_action.sleep if state.next_action else 0.0
        if isinstance(error, CircuitOpen):
            log.debug(
                "waiting %.1f s for the paused server",
                wait,
                extra={"operation": "email.wait", "server": self.server},
            )
            return
        self._metrics.incr("email.retried")
        log.info(
            "delivery attempt %d failed; retrying in %.1f s: %s",
            tries,
            wait,
            error,
            extra={"operation": "email.retry", "server": self.server},
        )

    def deliver(self, outgoing: Sendable, *, on_data: Callable[[], None] | None = None) -> Delivery:
        """Send with retries; never raises a ``DeliveryError``, returns what happened."""
        r = self._retry
        attempts = 0  # tries that reached the transport
        counted = 0  # of them, those that use up the message's own attempts (not probes)
        waited = 0.0  # seconds spent waiting for the open breaker
        for_breaker = False  # whether the next sleep waits for the breaker

        def attempt() -> str:
            nonlocal attempts, counted
            probe = self._breaker.before_call()  # CircuitOpen: no try was made
            attempts += 1
            counted += 0 if probe else 1
            return self._attempt(outgoing, on_data)

        def stop(state: RetryCallState) -> bool:
            error = state.outcome.exception() if state.outcome else None
            if isinstance(error, CircuitOpen):
                return waited >= self._breaker_wait_s
            return counted >= r.attempts

        def wait(state: RetryCallState) -> float:
            nonlocal for_breaker
            error = state.outcome.exception() if state.outcome else None
            for_breaker = isinstance(error, CircuitOpen)
            if isinstance(error, CircuitOpen):
                return min(max(error.retry_after, PROBE_POLL_S), max(0.0, self._breaker_wait_s - waited))
            # Exponential backoff with jitter over this message's own tries (tenacity's
            # wait_exponential_jitter, counted in tries rather than in tenacity's calls).
            return min(r.max_s, r.initial_s * 2 ** max(0, counted - 1) + random.uniform(0, r.jitter_s))

        def sleep(seconds: float) -> None:
            # Counted as it is slept (tenacity may ask for the wait before it checks the stop).
            nonlocal waited
            if for_breaker:
                waited += seconds
            self._sleep(seconds)

        retrying = Retrying(
            stop=stop,
            wait=wait,
            retry=retry_if_exception_type((TransientDelivery, CircuitOpen)),
            sleep=sleep,
            before_sleep=lambda state: self._before_sleep(state, attempts),
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
                delivery = Delivery("deferred", attempts, error=exc)  # nothing of it was sent
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
        elif delivery.state == "deferred":
            self._metrics.incr("email.deferred")
            log.warning("email not sent, the server is paused: %s", delivery.reason, extra=extra)
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
