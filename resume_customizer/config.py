"""Settings: one frozen object, validated once at load.

Sources, later ones winning: the defaults below, an optional ``resume_customizer.toml``
(or the file named by ``RESUME_CUSTOMIZER_CONFIG``), environment variables prefixed
``RESUME_CUSTOMIZER_`` and, in the app, ``st.secrets`` (passed in as a mapping).

Environment names are ``RESUME_CUSTOMIZER_<FIELD>`` for top-level fields and
``RESUME_CUSTOMIZER_<SECTION>_<FIELD>`` for a section's, e.g. ``RESUME_CUSTOMIZER_DATA_DIR``
or ``RESUME_CUSTOMIZER_SMTP_PASSWORD``. This is the only module that reads ``os.environ``.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import os
import tomllib
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError

ENV_PREFIX = "RESUME_CUSTOMIZER_"
CONFIG_FILE = "resume_customizer.toml"


class Secret(str):
    """A string that never shows itself in ``repr`` or logs (passwords, tokens)."""

    def __repr__(self) -> str:
        return "Secret('***')" if self else "Secret('')"

    def reveal(self) -> str:
        """The secret value itself, for the one place that must use it."""
        return str.__str__(self)


@dataclass(frozen=True)
class TailorSettings:
    """How tailoring behaves by default."""

    projects: int = 3  # how many of the first projects receive points

    def validate(self) -> None:
        """Raise ``InputError`` when a value is out of range."""
        _check(1 <= self.projects <= 50, "tailor.projects must be between 1 and 50")


@dataclass(frozen=True)
class UploadLimits:
    """Limits on what a user may upload."""

    max_file_mb: float = 50.0
    max_batch_mb: float = 200.0
    max_files: int = 50
    max_uncompressed_mb: float = 300.0  # zip bomb: total size once expanded
    max_compression_ratio: float = 200.0  # zip bomb: per entry, expanded / compressed
    max_zip_entries: int = 2000
    # One XML part once unzipped: a resume's text is ~50 KB and 200 pages ~1.2 MB, while 20 MB
    # of tiny elements take over 1 GB to parse and analyse.
    max_xml_part_mb: float = 10.0
    max_paragraphs: int = 20_000  # ~1,000 pages
    max_stack_chars: int = 50_000
    max_template_chars: int = 20_000

    def validate(self) -> None:
        """Raise ``InputError`` when a value is out of range."""
        _check(self.max_file_mb > 0, "limits.max_file_mb must be positive")
        _check(self.max_batch_mb >= self.max_file_mb, "limits.max_batch_mb must be >= max_file_mb")
        _check(self.max_files >= 1, "limits.max_files must be at least 1")
        _check(self.max_uncompressed_mb > 0, "limits.max_uncompressed_mb must be positive")
        _check(self.max_compression_ratio > 1, "limits.max_compression_ratio must be above 1")
        _check(self.max_zip_entries >= 10, "limits.max_zip_entries must be at least 10")
        _check(self.max_xml_part_mb > 0, "limits.max_xml_part_mb must be positive")
        _check(self.max_paragraphs >= 100, "limits.max_paragraphs must be at least 100")
        _check(self.max_stack_chars >= 100, "limits.max_stack_chars must be at least 100")
        _check(self.max_template_chars >= 100, "limits.max_template_chars must be at least 100")


SECURITY_MODES = ("ssl", "starttls", "plain")


@dataclass(frozen=True)
class SmtpSettings:
    """The SMTP server and the account used to send."""

    preset: str = "custom"  # gmail | office365 | yahoo | custom
    host: str = ""
    port: int = 587
    security: str = "starttls"  # ssl | starttls | plain
    sender: str = ""
    username: str = ""
    password: Secret = field(default_factory=Secret)
    timeout_s: float = 30.0
    allow_plain_auth: bool = False  # send a password without TLS (a trusted local relay only)
    ca_file: str = ""  # extra CA bundle (PEM) to trust, e.g. a company relay's private CA

    def validate(self) -> None:
        """Raise ``InputError`` when a value is out of range."""
        _check(1 <= self.port <= 65535, "smtp.port must be between 1 and 65535")
        _check(self.security in SECURITY_MODES, "smtp.security must be one of ssl, starttls, plain")
        _check(0 < self.timeout_s <= 600, "smtp.timeout_s must be between 0 and 600 seconds")


@dataclass(frozen=True)
class RetrySettings:
    """Retry policy for transient delivery failures (used through tenacity)."""

    attempts: int = 4
    initial_s: float = 1.0
    max_s: float = 30.0
    jitter_s: float = 1.0

    def validate(self) -> None:
        """Raise ``InputError`` when a value is out of range."""
        _check(1 <= self.attempts <= 20, "retry.attempts must be between 1 and 20")
        _check(0 <= self.initial_s <= self.max_s, "retry.initial_s must be between 0 and retry.max_s")
        _check(self.jitter_s >= 0, "retry.jitter_s must not be negative")


@dataclass(frozen=True)
class BreakerSettings:
    """Circuit breaker per SMTP server."""

    failure_threshold: int = 5
    # The first pause before a probe; it doubles after each failed probe, up to reset_timeout_s.
    initial_reset_s: float = 1.0
    reset_timeout_s: float = 60.0
    # How long a message waits for a paused server before it is left pending (0: not at all).
    max_wait_s: float = 60.0

    def validate(self) -> None:
        """Raise ``InputError`` when a value is out of range."""
        _check(self.failure_threshold >= 1, "breaker.failure_threshold must be at least 1")
        _check(self.initial_reset_s > 0, "breaker.initial_reset_s must be positive")
        _check(self.reset_timeout_s > 0, "breaker.reset_timeout_s must be positive")
        _check(0 <= self.max_wait_s <= 3600, "breaker.max_wait_s must be between 0 and 3600 seconds")


@dataclass(frozen=True)
class BulkSettings:
    """Bulk tailor-and-send."""

    workers: int = 4
    rate_per_minute: float = 0.0  # 0: no cap

    def validate(self) -> None:
        """Raise ``InputError`` when a value is out of range."""
        _check(1 <= self.workers <= 32, "bulk.workers must be between 1 and 32")
        _check(self.rate_per_minute >= 0, "bulk.rate_per_minute must not be negative")


@dataclass(frozen=True)
class RateLimitSettings:
    """Per-user rate limits, in the ``limits`` library's notation."""

    preview: str = "10 per minute"
    generate: str = "20 per 5 minutes"
    bulk_run: str = "5 per 10 minutes"
    bulk_send: str = "3 per 5 minutes"
    send: str = "30 per 5 minutes"
    storage_url: str = "memory://"
    # Who a user is behind a reverse proxy: the proxies (addresses or networks, comma-separated)
    # whose X-Forwarded-For is believed, and a header they set with the signed-in user ("" none).
    trusted_proxies: str = "127.0.0.1, ::1"
    user_header: str = ""

    def validate(self) -> None:
        """Raise ``InputError`` when a value is out of range."""
        _check(bool(self.storage_url), "ratelimit.storage_url must not be empty")
        _check(
            self.storage_url.split("://", 1)[0] in ("memory", "redis", "rediss", "redis+unix"),
            "ratelimit.storage_url must start with memory://, redis://, rediss:// or redis+unix://",
        )
        for item in (x.strip() for x in self.trusted_proxies.split(",")):
            if item:
                try:
                    ipaddress.ip_network(item, strict=False)
                except ValueError:
                    raise InputError(
                        f"ratelimit.trusted_proxies: {item!r} is not an address or a network such as "
                        "10.0.0.0/8; list the reverse proxies' addresses, comma-separated."
                    ) from None


@dataclass(frozen=True)
class LogSettings:
    """Logging: level, rotating file, console, ring buffer."""

    level: str = "INFO"
    file_max_bytes: int = 10 * 1024 * 1024
    file_backups: int = 5
    json: bool = False
    console: bool = True
    ring_size: int = 1000

    def validate(self) -> None:
        """Raise ``InputError`` when a value is out of range."""
        _check(
            self.level.upper() in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"),
            "log.level must be DEBUG, INFO, WARNING, ERROR or CRITICAL",
        )
        _check(self.file_max_bytes >= 1024, "log.file_max_bytes must be at least 1024")
        _check(0 <= self.file_backups <= 100, "log.file_backups must be between 0 and 100")
        _check(10 <= self.ring_size <= 100_000, "log.ring_size must be between 10 and 100000")


@dataclass(frozen=True)
class CacheSettings:
    """Caches of detection and preview results, keyed by content hash."""

    ttl_s: float = 3600.0
    max_entries: int = 256

    def validate(self) -> None:
        """Raise ``InputError`` when a value is out of range."""
        _check(self.ttl_s > 0, "cache.ttl_s must be positive")
        _check(self.max_entries >= 1, "cache.max_entries must be at least 1")


@dataclass(frozen=True)
class ObserveSettings:
    """Metrics sampling and health thresholds."""

    sample_interval_s: float = 5.0
    history: int = 360
    min_disk_free_mb: float = 200.0

    def validate(self) -> None:
        """Raise ``InputError`` when a value is out of range."""
        _check(self.sample_interval_s > 0, "observe.sample_interval_s must be positive")
        _check(self.history >= 1, "observe.history must be at least 1")
        _check(self.min_disk_free_mb >= 0, "observe.min_disk_free_mb must not be negative")


@dataclass(frozen=True)
class WorkspaceSettings:
    """The page's saved workspace: uploads and inputs kept server-side across reloads."""

    enabled: bool = True
    keep_hours: float = 24.0  # a workspace untouched this long is deleted

    def validate(self) -> None:
        """Raise ``InputError`` when a value is out of range."""
        _check(0 < self.keep_hours <= 24 * 365, "workspace.keep_hours must be between 0 and 8760")


def _default_data_dir() -> Path:
    return Path.home() / ".resume_customizer"


@dataclass(frozen=True)
class Settings:
    """Every setting of the product, frozen."""

    data_dir: Path = field(default_factory=_default_data_dir)
    session_idle_s: float = 3600.0
    tailor: TailorSettings = field(default_factory=TailorSettings)
    limits: UploadLimits = field(default_factory=UploadLimits)
    smtp: SmtpSettings = field(default_factory=SmtpSettings)
    retry: RetrySettings = field(default_factory=RetrySettings)
    breaker: BreakerSettings = field(default_factory=BreakerSettings)
    bulk: BulkSettings = field(default_factory=BulkSettings)
    ratelimit: RateLimitSettings = field(default_factory=RateLimitSettings)
    log: LogSettings = field(default_factory=LogSettings)
    cache: CacheSettings = field(default_factory=CacheSettings)
    observe: ObserveSettings = field(default_factory=ObserveSettings)
    workspace: WorkspaceSettings = field(default_factory=WorkspaceSettings)

    def validate(self) -> None:
        """Raise ``InputError`` when any value is out of range."""
        _check(self.session_idle_s > 0, "session_idle_s must be positive")
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if dataclasses.is_dataclass(value):
                value.validate()

    def replace(self, **changes: Any) -> Settings:
        """A copy with some top-level fields or whole sections replaced, validated."""
        new = dataclasses.replace(self, **changes)
        new.validate()
        return new


def _check(ok: bool, message: str) -> None:
    if not ok:
        raise InputError(f"Invalid setting: {message}.")


_TYPE_WORDS = {bool: "true or false", int: "a whole number", float: "a number", str: "text"}


def _coerce(value: Any, kind: Any, name: str) -> Any:
    """Turn a value from TOML, env or secrets into the field's type, or raise InputError."""
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        kind = next(a for a in typing.get_args(kind) if a is not type(None))
    try:
        if kind is bool:
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in ("1", "true", "yes", "on"):
                return True
            if text in ("0", "false", "no", "off", ""):
                return False
            raise ValueError(value)
        if kind is int:
            if isinstance(value, bool):
                raise ValueError(value)
            return int(str(value).strip())
        if kind is float:
            if isinstance(value, bool):
                raise ValueError(value)
            return float(str(value).strip())
        if kind is Path:
            return Path(str(value)).expanduser()
        if kind is Secret:
            return Secret(str(value))
        if kind is str:
            if not isinstance(value, (str, int, float)):
                raise ValueError(value)
            return str(value)
    except (TypeError, ValueError):
        wanted = _TYPE_WORDS.get(kind, "value of another type")
        raise InputError(f"Invalid setting: {name} must be {wanted}, got {str(value)[:40]!r}.") from None
    raise InputError(f"Invalid setting: {name} has an unsupported type.")


_TYPE_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _TYPE_HINTS:
        _TYPE_HINTS[cls] = typing.get_type_hints(cls)
    return _TYPE_HINTS[cls]


def _apply(obj: Any, values: Mapping[str, Any], where: str) -> Any:
    """A copy of dataclass ``obj`` with ``values`` (nested mappings for sections) applied."""
    hints = _hints(type(obj))
    names = {f.name for f in dataclasses.fields(obj)}
    changes: dict[str, Any] = {}
    for key, value in values.items():
        key = str(key).lower()
        if key not in names:
            known = ", ".join(sorted(names))
            raise InputError(f"Invalid setting: unknown key '{where}{key}'; known keys: {known}.")
        current = getattr(obj, key)
        if dataclasses.is_dataclass(current):
            if not isinstance(value, Mapping):
                raise InputError(f"Invalid setting: {where}{key} must be a table of settings.")
            changes[key] = _apply(current, value, f"{where}{key}.")
        else:
            changes[key] = _coerce(value, hints[key], f"{where}{key}")
    return dataclasses.replace(obj, **changes) if changes else obj


def _env_values(env: Mapping[str, str]) -> dict[str, Any]:
    """Nested settings from ``RESUME_CUSTOMIZER_*`` environment variables."""
    out: dict[str, Any] = {}
    base = Settings.__dataclass_fields__
    sections = {n for n, f in base.items() if dataclasses.is_dataclass(f.default_factory)}  # type: ignore[arg-type]
    for raw_key, value in env.items():
        if not raw_key.startswith(ENV_PREFIX) or raw_key == ENV_PREFIX + "CONFIG":
            continue
        key = raw_key[len(ENV_PREFIX) :].lower()
        if key in base and key not in sections:
            out[key] = value
            continue
        for section in sections:
            if key.startswith(section + "_"):
                out.setdefault(section, {})[key[len(section) + 1 :]] = value
                break
    return out


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"Invalid settings file {path}: {exc}. Fix the TOML syntax.") from None
    except OSError as exc:
        raise InputError(f"Cannot read settings file {path}: {exc.strerror}.") from None


def env_value(name: str) -> str | None:
    """The environment variable ``name``, or None when unset (e.g. a password named by a CLI flag)."""
    return os.environ.get(name)


def load_settings(
    *,
    file: str | Path | None = None,
    env: Mapping[str, str] | None = None,
    secrets: Mapping[str, Any] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Settings:
    """Load and validate settings from defaults, a TOML file, the environment and secrets."""
    env = os.environ if env is None else env
    settings = Settings()
    path = Path(file) if file else None
    if path is None and env.get(ENV_PREFIX + "CONFIG"):
        path = Path(env[ENV_PREFIX + "CONFIG"]).expanduser()
    if path is None and Path(CONFIG_FILE).is_file():
        path = Path(CONFIG_FILE)
    if path is not None:
        settings = _apply(settings, _read_toml(path), "")
    settings = _apply(settings, _env_values(env), "")
    if secrets:
        known = {f.name for f in dataclasses.fields(Settings)}
        settings = _apply(settings, {k: v for k, v in secrets.items() if str(k).lower() in known}, "")
    if overrides:
        settings = _apply(settings, overrides, "")
    settings.validate()
    return settings


__all__ = [
    "BreakerSettings",
    "BulkSettings",
    "CacheSettings",
    "LogSettings",
    "ObserveSettings",
    "RateLimitSettings",
    "RetrySettings",
    "Secret",
    "Settings",
    "SmtpSettings",
    "TailorSettings",
    "UploadLimits",
    "WorkspaceSettings",
    "env_value",
    "load_settings",
]
