"""Helpers for the mail tests: a real aiosmtpd server on 127.0.0.1 that can misbehave on cue.

``MailServer`` wraps aiosmtpd's ``Controller`` (plain, STARTTLS or implicit TLS, with or
without AUTH). Its handler records every accepted message and consults ``faults`` — small
functions ``(stage, address, attempt) -> action`` — before answering MAIL, RCPT or DATA, so a
test can make the server answer 421/451/550, sleep past the client's timeout, or drop the
connection at a chosen moment. ``stop()`` and ``start()`` restart it on the same port;
``restart(down_s)`` does it as a real server does: new transactions refused with 421, those
under way finished, then down (connections refused) for ``down_s`` seconds. ``auth_attempts``
counts the AUTH commands the server was given.
"""

from __future__ import annotations

import asyncio
import contextlib
import email
import io
import socket
import ssl
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from pathlib import Path

import docx
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from resume_customizer.config import BreakerSettings, RetrySettings

USER, PASSWORD = "recruiter@example.com", "s3cret-pw"

# A fault: given the stage ("MAIL", "RCPT", "DATA"), the address concerned and how many times
# this address reached this stage (1 = first), return None (behave) or an action:
# "421 ..."/"451 ..."/"550 ..." (answer that), "drop" (close without answering),
# "accept-drop" (DATA only: record the message, then close without answering),
# ("sleep", seconds) (pause, then behave), ("accept-sleep", seconds) (DATA only: record the
# message, then pause before replying).
Fault = Callable[[str, str, int], object]


def free_port() -> int:
    """A free TCP port on 127.0.0.1 (aiosmtpd's Controller cannot take port 0 itself)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class Received:
    """A message the server accepted."""

    peer: tuple[str, int]
    mail_from: str
    rcpt_tos: tuple[str, ...]
    message: EmailMessage

    @property
    def message_id(self) -> str:
        """Its Message-ID header."""
        return str(self.message["Message-ID"])


class FaultyHandler:
    """Records accepted messages; misbehaves when a fault says so."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.received: list[Received] = []
        self.faults: list[Fault] = []
        self.seen: Counter[tuple[str, str]] = Counter()
        self.data_delay = 0.0  # seconds to wait after accepting a message, before replying
        self.closing = False  # shutting down: new transactions are refused with 421
        self.in_transaction = 0  # transactions between an accepted MAIL and the reply to DATA

    def _fault(self, stage: str, address: str) -> object:
        with self.lock:
            self.seen[(stage, address)] += 1
            attempt = self.seen[(stage, address)]
        for fault in self.faults:
            action = fault(stage, address, attempt)
            if action is not None:
                return action
        return None

    async def _act(self, server: object, action: object) -> str | None:
        """Carry out a fault's action; return the reply to send, or None to behave normally."""
        if action is None:
            return None
        if isinstance(action, tuple) and action[0] == "sleep":
            await asyncio.sleep(float(action[1]))
            return None
        if action == "drop":
            server.transport.close()  # type: ignore[attr-defined]
            return "421 dropped"  # written into a closed transport: the client never sees it
        text = str(action)
        if text.startswith("421"):
            asyncio.get_running_loop().call_soon(server.transport.close)  # type: ignore[attr-defined]
        return text

    async def handle_MAIL(self, server, session, envelope, address, mail_options):  # type: ignore[no-untyped-def]
        reply = await self._act(server, self._fault("MAIL", address))
        if reply:
            return reply
        with self.lock:
            if self.closing:
                asyncio.get_running_loop().call_soon(server.transport.close)
                return "421 4.3.2 shutting down"
            self.in_transaction += 1
            session.in_transaction = True
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # type: ignore[no-untyped-def]
        reply = await self._act(server, self._fault("RCPT", address))
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        try:
            return await self._data(server, session, envelope)
        finally:
            self._end_transaction(session)

    async def handle_RSET(self, server, session, envelope):  # type: ignore[no-untyped-def]
        self._end_transaction(session)
        return "250 OK"

    def _end_transaction(self, session) -> None:  # type: ignore[no-untyped-def]
        with self.lock:
            if getattr(session, "in_transaction", False):
                session.in_transaction = False
                self.in_transaction -= 1

    async def _data(self, server, session, envelope):  # type: ignore[no-untyped-def]
        action = self._fault("DATA", envelope.rcpt_tos[0] if envelope.rcpt_tos else "")
        if action == "accept-drop":
            self._record(session, envelope)
            server.transport.close()
            return "421 dropped"
        if isinstance(action, tuple) and action[0] == "accept-sleep":
            self._record(session, envelope)
            await asyncio.sleep(float(action[1]))
            return "250 Message accepted for delivery"
        reply = await self._act(server, action)
        if reply:
            return reply
        self._record(session, envelope)
        if self.data_delay:
            await asyncio.sleep(self.data_delay)
        return "250 Message accepted for delivery"

    def _record(self, session, envelope) -> None:  # type: ignore[no-untyped-def]
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.received.append(
                Received(tuple(session.peer), envelope.mail_from, tuple(envelope.rcpt_tos), message)  # type: ignore[arg-type]
            )


def _right_password(auth_data: object) -> bool:
    return (
        isinstance(auth_data, LoginPassword)
        and auth_data.login.decode() == USER
        and auth_data.password.decode() == PASSWORD
    )


class MailServer:
    """A real SMTP server on 127.0.0.1 for one test; restartable on the same port."""

    def __init__(self, mode: str = "plain", certs: Certs | None = None) -> None:
        self.mode = mode
        self.certs = certs
        self.port = free_port()
        self.handler = FaultyHandler()
        self._controller: Controller | None = None
        self.auth_attempts = 0  # AUTH commands received, right password or not

    def _authenticator(self, server, session, envelope, mechanism, auth_data):  # type: ignore[no-untyped-def]
        with self.handler.lock:
            self.auth_attempts += 1
        return AuthResult(success=_right_password(auth_data), handled=False)

    @property
    def server(self) -> str:
        """``host:port``."""
        return f"127.0.0.1:{self.port}"

    def start(self) -> MailServer:
        """Start (or restart) listening."""
        kwargs: dict[str, object] = {}
        if self.mode == "starttls":
            assert self.certs is not None
            kwargs = dict(
                tls_context=self.certs.server,
                require_starttls=True,
                authenticator=self._authenticator,
                auth_required=True,
            )
        elif self.mode == "ssl":
            assert self.certs is not None
            kwargs = dict(
                ssl_context=self.certs.server,
                authenticator=self._authenticator,
                auth_required=True,
                auth_require_tls=False,
            )
        self._controller = Controller(self.handler, hostname="127.0.0.1", port=self.port, **kwargs)
        self._controller.start()
        return self

    def stop(self) -> None:
        """Stop listening and drop every connection."""
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def running(self) -> bool:
        """Whether it listens."""
        return self._controller is not None

    def restart(self, down_s: float, *, drain_timeout_s: float = 10.0) -> float:
        """Restart as a server does: refuse new transactions (421), let those under way finish,
        stop, stay down ``down_s`` seconds, start again. Return the seconds it was down."""
        handler = self.handler
        with handler.lock:
            handler.closing = True
        deadline = time.monotonic() + drain_timeout_s
        while time.monotonic() < deadline:
            with handler.lock:
                if handler.in_transaction == 0:
                    break
            time.sleep(0.01)
        time.sleep(0.2)  # the last replies reach their clients
        self.stop()
        stopped = time.monotonic()
        time.sleep(down_s)
        with handler.lock:
            handler.closing = False
        self.start()
        return time.monotonic() - stopped

    @property
    def received(self) -> list[Received]:
        """Every accepted message so far."""
        with self.handler.lock:
            return list(self.handler.received)

    def count_for(self, address: str) -> int:
        """How many accepted messages went to ``address``."""
        return sum(address in r.rcpt_tos for r in self.received)

    def fault(self, fault: Fault) -> None:
        """Add a misbehaviour."""
        self.handler.faults.append(fault)


@dataclass(frozen=True)
class Certs:
    """A throwaway CA, the server's TLS context and a client context trusting it."""

    server: ssl.SSLContext
    client: ssl.SSLContext
    ca_pem: Path


class Sleeps:
    """An injected ``sleep`` that records the waits instead of waiting, and may act on them."""

    def __init__(self) -> None:
        self.waits: list[float] = []
        self.on_sleep: Callable[[int], None] | None = None
        self._lock = threading.Lock()

    def __call__(self, seconds: float) -> None:
        with self._lock:
            self.waits.append(seconds)
            n = len(self.waits)
        if self.on_sleep is not None:
            self.on_sleep(n)


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        """Move time forward."""
        self.now += seconds


FAST_RETRY = RetrySettings(attempts=4, initial_s=0.5, max_s=4.0, jitter_s=0.1)
LENIENT_BREAKER = BreakerSettings(failure_threshold=50, reset_timeout_s=60.0)


def make_resume(name: str = "Jane Doe", companies: int = 3) -> bytes:
    """A real resume .docx (python-docx): an experience section of projects with bullets."""
    doc = docx.Document()
    doc.add_heading(name, 0)
    doc.add_paragraph(f"Software engineer · {name.split()[0].lower()}@example.com")
    doc.add_heading("Professional Experience", 1)
    for company, role in [("Acme Corp", "Senior Engineer"), ("Globex", "Engineer"), ("Initech", "Developer")][
        :companies
    ]:
        doc.add_paragraph(f"{company} — {role}    Jan 2020 – Dec 2022")
        for i in range(3):
            doc.add_paragraph(
                f"Delivered outcome {i + 1} at {company} with measurable results", style="List Bullet"
            )
    doc.add_heading("Education", 1)
    doc.add_paragraph("BSc Computer Science, State University, 2015")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


STACK = "Python\n• Built REST APIs with FastAPI\n• Wrote pytest suites\nAWS\n• Deployed services on ECS"


class RecordingMetrics:
    """A metrics sink that remembers what it was told."""

    def __init__(self) -> None:
        self.counters: Counter[str] = Counter()
        self.timings: Counter[str] = Counter()

    def incr(self, name: str, n: int = 1) -> None:
        self.counters[name] += n

    @contextlib.contextmanager
    def timed(self, name: str) -> Iterator[None]:
        self.timings[name] += 1
        yield

    def set_gauge(self, name: str, value: float) -> None:
        pass
