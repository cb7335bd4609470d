"""Logging setup: a rotating file, a console, a ring buffer for the UI, and redaction everywhere.

``configure_logging`` is the only place that attaches handlers, to the ``resume_customizer``
logger. It is idempotent per process: Streamlit re-runs the page script on every interaction,
and each re-run calling it again must not add handlers. Every handler carries one filter that
stamps the context fields (operation, file, recipient, duration_ms, session) and redacts
secrets from the message, its arguments, extra fields and exception text, so no handler,
present or added later in the chain, ever sees a password. A file or console handler that
cannot write (a full disk, a closed stream) says so once on stderr and then stays quiet until
it can write again: never a "--- Logging error ---" traceback per record.
"""

from __future__ import annotations

import base64
import contextvars
import functools
import json
import logging
import logging.handlers
import re
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO, TypeVar

from ..config import Secret, Settings
from ..errors import InputError
from ..guard.files import private_dir

ROOT_LOGGER = "resume_customizer"
LOG_FILE_NAME = "resume_customizer.log"
CONTEXT_FIELDS: tuple[str, ...] = ("operation", "file", "recipient", "duration_ms", "session")
REDACTED = "***"
# Shorter registered values would blank out ordinary words all over the log.
MIN_SECRET_LENGTH = 4

# Marks the handlers this module owns, on the handler objects themselves, so a re-imported
# module (Streamlit reloads edited modules) still recognises what an earlier import attached.
_MARK = "_resume_customizer_handler"
_CONFIG_ATTR = "_resume_customizer_logging_config"

_T = TypeVar("_T")
log = logging.getLogger(__name__)

# --- context -----------------------------------------------------------------------------

_context: contextvars.ContextVar[Mapping[str, Any] | None] = contextvars.ContextVar(
    "resume_customizer_log_context", default=None
)


@contextmanager
def log_context(
    *,
    session: str | None = None,
    operation: str | None = None,
    file: str | None = None,
    recipient: str | None = None,
) -> Iterator[None]:
    """Stamp every record logged inside the block (this thread/task) with these context fields."""
    given = {"session": session, "operation": operation, "file": file, "recipient": recipient}
    merged = {**(_context.get() or {}), **{k: v for k, v in given.items() if v is not None}}
    token = _context.set(merged)
    try:
        yield
    finally:
        _context.reset(token)


def current_context() -> dict[str, Any]:
    """The context fields in force here (a copy)."""
    return dict(_context.get() or {})


def bind_context(fn: Callable[..., _T]) -> Callable[..., _T]:
    """``fn`` wrapped to run with the caller's log context, for worker threads and pools."""
    fields = dict(_context.get() or {})

    @functools.wraps(fn)
    def bound(*args: Any, **kwargs: Any) -> _T:
        token = _context.set(fields)
        try:
            return fn(*args, **kwargs)
        finally:
            _context.reset(token)

    return bound


# --- redaction ---------------------------------------------------------------------------

_SECRET_KEY = (
    r"(?:app[_\- ]?)?pass(?:word|wd|phrase)?|pwd|secret|client[_\-]?secret|"
    r"(?:access[_\-]?|auth[_\-]?|refresh[_\-]?)?token|api[_\-]?key|access[_\-]?key"
)
_KEY_NAME = re.compile(rf"(?i)(?:^|[_\-])(?:{_SECRET_KEY})$")
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # password=..., "password": "...", SMTP_PASSWORD: ... (quoted or bare values)
    (
        re.compile(
            rf"(?i)(?<![A-Za-z0-9])({_SECRET_KEY})(['\"]?\s*[=:]\s*)"
            r"(\"[^\"]*\"|'[^']*'|b'[^']*'|b\"[^\"]*\"|[^\s,;&'\"}\])]+)"
        ),
        r"\1\2" + REDACTED,
    ),
    (
        re.compile(r"(?i)\bAUTH\s+(PLAIN|LOGIN|XOAUTH2|OAUTHBEARER|CRAM-MD5)\s+[A-Za-z0-9+/=]+"),
        r"AUTH \1 " + REDACTED,
    ),
    (re.compile(r"(?i)\bBearer\s+[A-Za-z0-9\-._~+/]+=*"), "Bearer " + REDACTED),
    (re.compile(r"(?i)\bBasic\s+[A-Za-z0-9+/]{8,}=*"), "Basic " + REDACTED),
    # credentials inside URLs: smtp://user:pass@host
    (re.compile(r"(://[^:/@\s]+):[^@/\s]+@"), r"\1:" + REDACTED + "@"),
)

_secrets: set[str] = set()
_secrets_lock = threading.Lock()
_secret_pattern: re.Pattern[str] | None = None


def register_secret(value: str | Secret | None) -> None:
    """Redact this exact value (and its base64 form, as AUTH LOGIN sends it) from every log."""
    global _secret_pattern
    if not value:
        return
    text = value.reveal() if isinstance(value, Secret) else str(value)
    if len(text) < MIN_SECRET_LENGTH:
        return
    forms = {text, base64.b64encode(text.encode()).decode().rstrip("=")}
    with _secrets_lock:
        if forms <= _secrets:
            return
        _secrets.update(forms)
        # Longest first, so a secret that contains another is removed whole.
        ordered = sorted(_secrets, key=len, reverse=True)
        _secret_pattern = re.compile("|".join(re.escape(s) for s in ordered))


def redact(text: str) -> str:
    """``text`` with passwords, AUTH strings, tokens and registered secrets replaced by ***."""
    if not text:
        return text
    pattern = _secret_pattern
    if pattern is not None:
        text = pattern.sub(REDACTED, text)
    for regex, replacement in _PATTERNS:
        text = regex.sub(replacement, text)
    return text


_STANDARD_ATTRS = frozenset(logging.LogRecord("x", 0, "", 0, "", (), None).__dict__) | {
    "message",
    "asctime",
    "taskName",
}
_REDACTED_MARK = "_resume_customizer_redacted"


def _mask_secret_args(args: Any) -> Any:
    """Arguments with every ``Secret`` replaced (and registered, so it is caught elsewhere too)."""
    if isinstance(args, Mapping):
        return {k: _mask_one(v) for k, v in args.items()}
    if isinstance(args, tuple):
        return tuple(_mask_one(a) for a in args)
    return _mask_one(args)


def _mask_one(value: Any) -> Any:
    if isinstance(value, Secret):
        register_secret(value)
        return REDACTED
    return value


def _redact_record(record: logging.LogRecord) -> None:
    """Redact the record in place, once, whichever handler sees it first."""
    if getattr(record, _REDACTED_MARK, False):
        return
    if record.args:
        record.args = _mask_secret_args(record.args)
    try:
        message = record.getMessage()
    except (TypeError, ValueError, KeyError) as exc:
        # A broken format string must not lose the record (nor crash the caller).
        message = f"{record.msg!s} (unformattable arguments: {exc})"
    record.msg = redact(message)
    record.args = None
    if record.exc_info and record.exc_info[0] is not None:
        record.exc_text = logging.Formatter().formatException(record.exc_info)
    # The exception object itself may carry the secret in its args: keep only the text.
    record.exc_info = None
    if record.exc_text:
        record.exc_text = redact(record.exc_text)
    if record.stack_info:
        record.stack_info = redact(record.stack_info)
    for key, value in list(record.__dict__.items()):
        if key in _STANDARD_ATTRS or key.startswith("_"):
            continue
        if _KEY_NAME.search(key):
            setattr(record, key, REDACTED)
        elif isinstance(value, Secret):
            register_secret(value)
            setattr(record, key, REDACTED)
        elif isinstance(value, str):
            setattr(record, key, redact(value))
        elif value is not None and not isinstance(value, (int, float, bool)):
            shown = repr(value)
            cleaned = redact(shown)
            if cleaned != shown:
                setattr(record, key, cleaned)
    setattr(record, _REDACTED_MARK, True)


class _RecordFilter(logging.Filter):
    """Stamps the context fields and redacts secrets; attached to every handler we own."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Always keep the record, after stamping and redacting it."""
        context = _context.get() or {}
        for name in CONTEXT_FIELDS:
            if getattr(record, name, None) is None:
                setattr(record, name, context.get(name))
        _redact_record(record)
        return True


# --- formatting --------------------------------------------------------------------------


def _context_suffix(record: logging.LogRecord) -> str:
    parts = [
        f"{name}={value}" for name in CONTEXT_FIELDS if (value := getattr(record, name, None)) is not None
    ]
    return f" [{' '.join(parts)}]" if parts else ""


class TextFormatter(logging.Formatter):
    """One line per record: time, level, logger, message, then the context fields."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)-8s %(name)s: %(message)s")

    def formatMessage(self, record: logging.LogRecord) -> str:
        """The line with the context fields appended."""
        return super().formatMessage(record) + _context_suffix(record)


_COLOURS = {
    logging.DEBUG: "\033[2m",
    logging.INFO: "\033[36m",
    logging.WARNING: "\033[33m",
    logging.ERROR: "\033[31m",
    logging.CRITICAL: "\033[1;31m",
}
_RESET = "\033[0m"


class ColourFormatter(TextFormatter):
    """The text format with the level's ANSI colour, for a terminal."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        """The line in its level's colour."""
        colour = _COLOURS.get(record.levelno, "")
        return f"{colour}{super().formatMessage(record)}{_RESET}" if colour else super().formatMessage(record)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, context, extras, exception."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as a JSON line."""
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key in _STANDARD_ATTRS or key.startswith("_") or value is None:
                continue
            entry[key] = value
        if record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = record.stack_info
        return json.dumps(entry, default=str, ensure_ascii=False)


# --- ring buffer -------------------------------------------------------------------------


@dataclass(frozen=True)
class LogRecordView:
    """A log record as the sidebar shows it (already redacted)."""

    created: float
    level: str
    levelno: int
    logger: str
    message: str
    operation: str | None = None
    file: str | None = None
    recipient: str | None = None
    duration_ms: float | None = None
    session: str | None = None
    exc_text: str | None = None

    @property
    def time(self) -> str:
        """Local wall-clock time of the record, HH:MM:SS."""
        return time.strftime("%H:%M:%S", time.localtime(self.created))

    def line(self) -> str:
        """A one-line rendering: time, level, message and context."""
        context = [
            f"{name}={value}"
            for name in ("operation", "file", "recipient", "duration_ms")
            if (value := getattr(self, name)) is not None
        ]
        tail = f" [{' '.join(context)}]" if context else ""
        return f"{self.time} {self.level} {self.message}{tail}"

    def matches(self, needle: str) -> bool:
        """Whether the lowercase ``needle`` occurs in the message, logger, context or exception."""
        fields = (self.message, self.logger, self.operation, self.file, self.recipient, self.exc_text)
        return any(needle in str(f).lower() for f in fields if f)


class RingBufferHandler(logging.Handler):
    """Keeps the last ``capacity`` records in memory for the UI."""

    def __init__(self, capacity: int) -> None:
        super().__init__(logging.DEBUG)
        self._records: deque[LogRecordView] = deque(maxlen=capacity)

    @property
    def capacity(self) -> int:
        """How many records are kept."""
        return self._records.maxlen or 0

    def resize(self, capacity: int) -> None:
        """Keep up to ``capacity`` records from now on (the newest are kept)."""
        with self.lock:  # type: ignore[union-attr]
            self._records = deque(self._records, maxlen=capacity)

    def emit(self, record: logging.LogRecord) -> None:
        """Store a view of the record."""
        duration = getattr(record, "duration_ms", None)
        self._records.append(
            LogRecordView(
                created=record.created,
                level=record.levelname,
                levelno=record.levelno,
                logger=record.name,
                message=record.getMessage(),
                operation=_text_or_none(getattr(record, "operation", None)),
                file=_text_or_none(getattr(record, "file", None)),
                recipient=_text_or_none(getattr(record, "recipient", None)),
                duration_ms=duration if isinstance(duration, (int, float)) else None,
                session=_text_or_none(getattr(record, "session", None)),
                exc_text=record.exc_text or None,
            )
        )

    def snapshot(self) -> list[LogRecordView]:
        """The records kept, oldest first."""
        with self.lock:  # type: ignore[union-attr]
            return list(self._records)


def _text_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


_LEVELS = {
    "DEBUG": logging.DEBUG,
    "INFO": logging.INFO,
    "WARNING": logging.WARNING,
    "ERROR": logging.ERROR,
    "CRITICAL": logging.CRITICAL,
}


def records(
    level: str | int = "INFO", search: str = "", session: str | None = None, limit: int | None = None
) -> list[LogRecordView]:
    """Kept records at ``level`` or above containing ``search``; of one ``session`` when given."""
    if isinstance(level, int):
        threshold = level
    else:
        try:
            threshold = _LEVELS[level.upper()]
        except KeyError:
            raise InputError(f"Unknown log level {level!r}; use DEBUG, INFO, WARNING or ERROR.") from None
    ring = _ring_handler()
    if ring is None:
        return []
    needle = search.strip().lower()
    found = [
        r
        for r in ring.snapshot()
        if r.levelno >= threshold
        # A session panel shows that session's records and nothing else (no unowned records
        # either: a worker that lost its context must not leak into every user's panel).
        and (session is None or r.session == session)
        and (not needle or r.matches(needle))
    ]
    return found[-limit:] if limit else found


# --- handlers that fail quietly ------------------------------------------------------------


class _QuietFailures(logging.Handler):
    """A handler that cannot write says so once on stderr, then stays quiet until it writes again.

    ``logging.Handler.handleError`` prints a traceback for every record it could not write: on
    a full disk, hundreds of them, burying what the user needs to read.
    """

    _failing = False  # the last record could not be written (and that was said)
    _failed_now = False  # the record being emitted could not be written

    def emit(self, record: logging.LogRecord) -> None:
        """Write the record; note when writing works again after a failure."""
        self._failed_now = False
        super().emit(record)
        if self._failing and not self._failed_now:
            self._failing = False  # it writes again: a later failure is worth saying again

    def handleError(self, record: logging.LogRecord) -> None:
        """Say once, on stderr, that this handler cannot write and why; then nothing."""
        self._failed_now = True
        self._say(sys.exc_info()[1])

    def flush(self) -> None:
        """Flush; a stream that cannot take the buffered records is said once, not raised."""
        try:
            super().flush()
        except (OSError, ValueError) as exc:
            self._failed_now = True
            self._say(exc)

    def close(self) -> None:
        """Close; what was buffered and cannot be written is dropped (said once), not raised."""
        try:
            super().close()
        except (OSError, ValueError) as exc:
            self._say(exc)

    def _say(self, error: BaseException | None) -> None:
        if self._failing:
            return
        self._failing = True
        reason = getattr(error, "strerror", None) or str(error or "") or type(error).__name__
        filename = getattr(self, "baseFilename", None)
        target = f"the log file {filename}" if filename else "the console log"
        try:
            sys.stderr.write(
                f"resume_customizer: cannot write {target} ({reason}); "
                "log records are dropped until it can.\n"
            )
            sys.stderr.flush()
        except (OSError, ValueError, AttributeError):
            return  # stderr itself cannot be written either (or is gone): nothing else to tell


class QuietRotatingFileHandler(_QuietFailures, logging.handlers.RotatingFileHandler):
    """The rotating log file; a full disk is said once, not per record."""


class QuietStreamHandler(_QuietFailures, logging.StreamHandler):  # type: ignore[type-arg]
    """The console log; a stream that cannot be written is said once, not per record."""


# --- configuration -----------------------------------------------------------------------

_configure_lock = threading.Lock()


def _owned_handlers(logger: logging.Logger) -> list[logging.Handler]:
    return [h for h in logger.handlers if getattr(h, _MARK, False)]


def _ring_handler() -> RingBufferHandler | None:
    for handler in _owned_handlers(logging.getLogger(ROOT_LOGGER)):
        if isinstance(handler, RingBufferHandler):
            return handler
    return None


def _own(handler: logging.Handler) -> logging.Handler:
    setattr(handler, _MARK, True)
    handler.addFilter(_RecordFilter())
    return handler


def log_file_path(settings: Settings) -> Path:
    """Where the rotating log file of these settings lives."""
    return settings.data_dir / "logs" / LOG_FILE_NAME


def _stderr_is_tty() -> bool:
    stream: TextIO | None = sys.stderr
    try:
        return bool(stream is not None and stream.isatty())
    except (AttributeError, ValueError):  # replaced or closed streams
        return False


def configure_logging(settings: Settings, *, console: bool | None = None) -> None:
    """Attach the file, console and ring-buffer handlers once per process (re-runs are no-ops).

    ``console=None`` follows ``settings.log.console`` and shows the console only on a TTY;
    ``False`` never writes to the console (the CLI: errors reach the user as one line, the
    traceback goes to the file). Calling again with other settings replaces the handlers.
    A log file that cannot be written is reported as a warning, not raised: the app (and
    ``health``) must still run on a broken data directory.
    """
    if settings.smtp.password:
        register_secret(settings.smtp.password)
    want_console = (settings.log.console and _stderr_is_tty()) if console is None else console
    key = (str(settings.data_dir), settings.log, want_console)
    logger = logging.getLogger(ROOT_LOGGER)
    problem: str | None = None
    with _configure_lock:
        if getattr(logger, _CONFIG_ATTR, None) == key and _ring_handler() is not None:
            return
        ring = _ring_handler()
        for handler in _owned_handlers(logger):
            if handler is not ring:
                logger.removeHandler(handler)
                handler.close()
        if ring is None:
            ring = RingBufferHandler(settings.log.ring_size)
            logger.addHandler(_own(ring))
        elif ring.capacity != settings.log.ring_size:
            ring.resize(settings.log.ring_size)

        path = log_file_path(settings)
        try:
            private_dir(path.parent)  # the data directory too, when this creates it: 0700
            file_handler = QuietRotatingFileHandler(
                path,
                maxBytes=settings.log.file_max_bytes,
                backupCount=settings.log.file_backups,
                encoding="utf-8",
            )
        except OSError as exc:
            problem = f"cannot write the log file {path}: {exc.strerror or exc}; logging to memory only"
        else:
            file_handler.setFormatter(JsonFormatter() if settings.log.json else TextFormatter())
            logger.addHandler(_own(file_handler))

        if want_console:
            stream = sys.stderr
            console_handler = QuietStreamHandler(stream)
            colour = bool(getattr(stream, "isatty", lambda: False)())
            console_handler.setFormatter(ColourFormatter() if colour else TextFormatter())
            logger.addHandler(_own(console_handler))

        logger.setLevel(settings.log.level.upper())
        setattr(logger, _CONFIG_ATTR, key)
    if problem:
        log.warning(problem, extra={"operation": "configure_logging"})


def shutdown_logging() -> None:
    """Detach and close every handler ``configure_logging`` attached (tests, clean exits)."""
    logger = logging.getLogger(ROOT_LOGGER)
    with _configure_lock:
        for handler in _owned_handlers(logger):
            logger.removeHandler(handler)
            handler.close()
        if hasattr(logger, _CONFIG_ATTR):
            delattr(logger, _CONFIG_ATTR)
        logger.setLevel(logging.NOTSET)


__all__ = [
    "CONTEXT_FIELDS",
    "ColourFormatter",
    "JsonFormatter",
    "LogRecordView",
    "QuietRotatingFileHandler",
    "QuietStreamHandler",
    "RingBufferHandler",
    "TextFormatter",
    "bind_context",
    "configure_logging",
    "current_context",
    "log_context",
    "log_file_path",
    "records",
    "redact",
    "register_secret",
    "shutdown_logging",
]
