"""Health checks an operator (CLI ``health``) and the sidebar read: one report, named checks.

Each check returns ``Check(name, ok, detail)``; a check that crashes is itself a failed check,
so one broken part never hides the others. The mail package is reached lazily by module name
(breaker states, SMTP probe): this module works, and says so, without it.
"""

from __future__ import annotations

import importlib
import logging
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from enum import Enum
from importlib import metadata
from pathlib import Path
from typing import Any

from ..config import Settings
from ..guard.files import private_dir

log = logging.getLogger(__name__)

# (what the operator installs, the module that proves it is importable)
DEPENDENCIES: tuple[tuple[str, str], ...] = (
    ("python-docx", "docx"),
    ("mammoth", "mammoth"),
    ("lxml", "lxml.etree"),
    # Importing python-magic loads libmagic through ctypes: a missing libmagic fails here.
    ("python-magic", "magic"),
)
OUTBOX_FILE = "outbox.sqlite3"
SENDER_MODULE = "resume_customizer.mail.sender"
TRANSPORT_MODULE = "resume_customizer.mail.transport"
MAX_PROBE_TIMEOUT_S = 10.0

Probe = Callable[[str, int, str, float], str]
BreakerProvider = Callable[[], list[Any]]


@dataclass(frozen=True)
class Check:
    """One health check's outcome."""

    name: str
    ok: bool
    detail: str


@dataclass(frozen=True)
class HealthReport:
    """The outcome of every check."""

    checks: tuple[Check, ...]

    @property
    def ok(self) -> bool:
        """True when every check passed."""
        return all(c.ok for c in self.checks)

    @property
    def failing(self) -> list[Check]:
        """The checks that failed."""
        return [c for c in self.checks if not c.ok]

    def summary(self) -> str:
        """``healthy`` or ``unhealthy: <failing check names>``."""
        return "healthy" if self.ok else "unhealthy: " + ", ".join(c.name for c in self.failing)

    def to_dict(self) -> dict[str, Any]:
        """Plain data, for JSON."""
        return {
            "ok": self.ok,
            "summary": self.summary(),
            "failing": [c.name for c in self.failing],
            "checks": [asdict(c) for c in self.checks],
        }


def _run(name: str, fn: Callable[[], tuple[bool, str]]) -> Check:
    try:
        ok, detail = fn()
    except Exception as exc:  # a crashing check is a failed check, not a crashed report
        log.exception("health check %s crashed", name, extra={"operation": "health"})
        return Check(name, False, f"check crashed: {type(exc).__name__}: {exc}")
    return Check(name, ok, detail)


def _existing_ancestor(path: Path) -> Path:
    # Kept here rather than imported from metrics: health must run even when psutil is broken.
    for candidate in (path, *path.parents):
        if candidate.exists():
            return candidate
    return Path(path.anchor or ".")


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc)


# --- the checks --------------------------------------------------------------------------


def check_dependencies() -> list[Check]:
    """One check per library the product needs, importable or not."""
    checks = []
    for package, module in DEPENDENCIES:

        def attempt(module: str = module, package: str = package) -> tuple[bool, str]:
            try:
                importlib.import_module(module)
            except ImportError as exc:
                return False, f"cannot import {module} ({exc}); install it: pip install {package}"
            try:
                return True, f"{package} {metadata.version(package)}"
            except metadata.PackageNotFoundError:
                return True, f"{module} importable"

        checks.append(_run(f"dependency {package}", attempt))
    return checks


def check_data_dir(data_dir: Path) -> Check:
    """The data directory exists (or can be made) and a file can be written in it."""

    def attempt() -> tuple[bool, str]:
        fix = "set RESUME_CUSTOMIZER_DATA_DIR to a writable directory"
        if data_dir.exists() and not data_dir.is_dir():
            return False, f"{data_dir} is not a directory; {fix}"
        try:
            private_dir(data_dir)  # as the outbox and the logs create it: 0700
            with tempfile.NamedTemporaryFile(dir=data_dir, prefix=".health-", delete=True) as probe:
                probe.write(b"ok")
                probe.flush()
        except OSError as exc:
            return False, f"{data_dir} is not writable ({_why(exc)}); {fix}"
        return True, f"{data_dir} writable"

    return _run("data directory", attempt)


def check_disk(data_dir: Path, min_free_mb: float) -> Check:
    """Free space on the data directory's disk is above ``min_free_mb``."""

    def attempt() -> tuple[bool, str]:
        where = _existing_ancestor(data_dir)
        try:
            free_mb = shutil.disk_usage(where).free / (1024 * 1024)
        except OSError as exc:
            return False, f"cannot read free space of {where} ({_why(exc)})"
        if free_mb < min_free_mb:
            return False, f"{free_mb:.0f} MB free on {where}, below {min_free_mb:.0f} MB; free some space"
        return True, f"{free_mb:.0f} MB free on {where} (minimum {min_free_mb:.0f} MB)"

    return _run("disk space", attempt)


def check_outbox(path: Path) -> Check:
    """The outbox database, if it exists, opens read-only and passes ``PRAGMA quick_check``."""

    def attempt() -> tuple[bool, str]:
        if not path.is_file():
            return True, f"{path} not created yet"
        try:
            # Read-only through a URI: the check must never create or change the ledger.
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=2.0)
        except sqlite3.Error as exc:
            return False, f"cannot open {path} read-only ({exc})"
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall()
        except sqlite3.Error as exc:
            return False, f"{path} is unreadable ({exc}); restore it from a backup or move it aside"
        finally:
            conn.close()
        verdict = "; ".join(str(r[0]) for r in rows)
        if verdict != "ok":
            return False, f"{path} failed its integrity check: {verdict[:200]}"
        return True, f"{path} readable, quick_check ok"

    return _run("outbox database", attempt)


def _field(item: Any, *names: str) -> Any:
    for name in names:
        value = item.get(name) if isinstance(item, Mapping) else getattr(item, name, None)
        if value is not None:
            return value
    return None


def _state_text(state: Any) -> str:
    if isinstance(state, Enum):
        state = state.value if isinstance(state.value, str) else state.name
    return str(state).lower().replace("_", "-")


def _default_breakers() -> list[Any] | None:
    """``mail.sender.breaker_states()``, or None when the mail package is not there."""
    try:
        sender = importlib.import_module(SENDER_MODULE)
    except ModuleNotFoundError as exc:
        if exc.name and SENDER_MODULE.startswith(exc.name):
            return None
        raise
    provider = getattr(sender, "breaker_states", None)
    return None if provider is None else list(provider())


def check_breakers(provider: BreakerProvider | None = None) -> Check:
    """No SMTP circuit breaker is open."""

    def attempt() -> tuple[bool, str]:
        states = _default_breakers() if provider is None else list(provider())
        if states is None:
            return True, "mail package not available; no circuit breakers to report"
        if not states:
            return True, "no circuit breakers in use yet in this process (another process's are not seen)"
        parts, all_ok = [], True
        for item in states:
            if isinstance(item, tuple) and len(item) >= 2:
                name, state, retry = item[0], item[1], None
            else:
                name = _field(item, "name", "server", "key") or "?"
                state = _field(item, "state")
                retry = _field(item, "retry_after", "retry_in")
            text = _state_text(state)
            if text == "open":
                all_ok = False
                text += f" (retry in {float(retry):.0f} s)" if isinstance(retry, (int, float)) else ""
            parts.append(f"{name} {text}")
        return all_ok, "; ".join(parts)

    return _run("circuit breakers", attempt)


def _default_probe(ca_file: str = "") -> Probe | None:
    try:
        transport = importlib.import_module(TRANSPORT_MODULE)
    except ModuleNotFoundError as exc:
        if exc.name and TRANSPORT_MODULE.startswith(exc.name):
            return None
        raise
    probe = getattr(transport, "probe", None)
    if probe is None or not ca_file:
        return probe
    context = transport.tls_context(ca_file)  # the private CA that sending trusts (smtp.ca_file)

    def with_ca(host: str, port: int, security: str, timeout: float) -> str:
        return probe(host, port, security, timeout, context=context)

    return with_ca


def check_smtp(
    host: str,
    port: int,
    security: str,
    timeout: float,
    probe: Probe | None = None,
    *,
    ca_file: str = "",
) -> Check:
    """An SMTP server accepts a connection and answers EHLO (trusting ``ca_file`` too, as sending does)."""
    name = f"smtp {host}:{port}"

    def attempt() -> tuple[bool, str]:
        use = _default_probe(ca_file) if probe is None else probe
        if use is None:
            return False, "mail package unavailable (resume_customizer.mail.transport); cannot probe SMTP"
        try:
            answer = use(host, port, security, timeout)
        except Exception as exc:  # whatever the probe met is the finding, reported as such
            return False, f"{host}:{port} ({security}) did not answer EHLO: {type(exc).__name__}: {exc}"
        return True, f"{host}:{port} ({security}) answered: {' '.join(str(answer).split())[:200]}"

    return _run(name, attempt)


def check_health(
    settings: Settings,
    *,
    smtp: tuple[str, int] | None = None,
    security: str | None = None,
    probe: Probe | None = None,
    breakers: BreakerProvider | None = None,
) -> HealthReport:
    """Run every check (the SMTP one only when ``smtp`` is given) and return the report."""
    data_dir = settings.data_dir
    checks = [
        *check_dependencies(),
        check_data_dir(data_dir),
        check_disk(data_dir, settings.observe.min_disk_free_mb),
        check_outbox(data_dir / OUTBOX_FILE),
        check_breakers(breakers),
    ]
    if smtp is not None:
        host, port = smtp
        mode = security or ("ssl" if port == 465 else settings.smtp.security)
        timeout = min(settings.smtp.timeout_s, MAX_PROBE_TIMEOUT_S)
        checks.append(check_smtp(host, port, mode, timeout, probe, ca_file=settings.smtp.ca_file))
    report = HealthReport(tuple(checks))
    if report.ok:
        log.info("health: healthy", extra={"operation": "health"})
    else:
        details = "; ".join(f"{c.name}: {c.detail}" for c in report.failing)
        log.warning("health: %s (%s)", report.summary(), details, extra={"operation": "health"})
    return report


__all__ = [
    "DEPENDENCIES",
    "BreakerProvider",
    "Check",
    "HealthReport",
    "Probe",
    "check_breakers",
    "check_data_dir",
    "check_dependencies",
    "check_disk",
    "check_health",
    "check_outbox",
    "check_smtp",
]
