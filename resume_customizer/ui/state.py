"""Where the page keeps things: process-wide services, this session's identity and its inputs.

* Settings and services are built once per process (``st.cache_resource``, thread-safe): the
  settings from defaults, ``resume_customizer.toml``, the environment and ``st.secrets``.
* Everything about one user lives in ``st.session_state`` only: a random session id, the
  per-resume inputs and what was generated from them.
* Per-resume widgets live in lazy tabs: only the open tab's widgets are rendered, and Streamlit
  forgets the value of a widget that was not rendered. ``keep_inputs`` (called first on every
  run) re-assigns each remembered input so it survives while its tab is closed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from dataclasses import dataclass
from typing import Any

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from ..config import Settings, load_settings
from ..errors import CustomizerError
from ..guard.ratelimit import client_identity, user_keys
from .services import Services
from .text import md_escape

log = logging.getLogger(__name__)

_KEPT = "_rc_kept_inputs"
_SESSION = "_rc_session_id"


@dataclass(frozen=True)
class Session:
    """This browser session: its id, the id its log records carry, its rate-limit keys."""

    id: str
    log_id: str
    keys: tuple[str, ...]


def _secrets() -> dict[str, Any]:
    """``st.secrets`` as plain data; empty when the app has no secrets file."""
    try:
        return st.secrets.to_dict()
    except (FileNotFoundError, StreamlitSecretNotFoundError):
        return {}


@st.cache_resource(show_spinner=False)
def _settings(secrets_json: str) -> Settings:
    return load_settings(secrets=json.loads(secrets_json))


@st.cache_resource(show_spinner=False)
def _services(_settings_obj: Settings, fingerprint: str) -> Services:
    log.info("services started", extra={"operation": "app.start"})
    return Services.build(_settings_obj)


def settings() -> Settings:
    """The validated settings (built once per process and secrets file)."""
    return _settings(json.dumps(_secrets(), sort_keys=True, default=str))


def services() -> Services:
    """The process-wide services; on a settings error, say which setting and stop the page."""
    try:
        current = settings()
    except CustomizerError as exc:
        st.error(md_escape(exc.message))
        st.stop()
    # repr hides secrets; the services do not depend on them.
    fingerprint = hashlib.sha256(repr(current).encode()).hexdigest()
    return _services(current, fingerprint)


def session() -> Session:
    """This session's identity, created on its first run."""
    sid = st.session_state.get(_SESSION)
    if not isinstance(sid, str):
        sid = uuid.uuid4().hex
        st.session_state[_SESSION] = sid
    address = st.context.ip_address
    if not isinstance(address, str):  # None on localhost (and outside a browser, as in AppTest)
        address = None
    headers: dict[str, str] = dict(st.context.headers or {})
    limits = settings().ratelimit
    # Who the user is, for the rate limits: the address (or the user a trusted proxy names), not
    # the browser session, so a new tab or a reload starts no new allowance.
    identity = client_identity(
        address, headers, trusted_proxies=limits.trusted_proxies, user_header=limits.user_header
    )
    return Session(sid, hashlib.sha256(sid.encode()).hexdigest()[:10], user_keys(sid, identity))


def keep_inputs() -> None:
    """Keep every remembered input alive through a run in which its widget is not shown."""
    for key in list(st.session_state.get(_KEPT, ())):
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def remember(key: str, default: Any) -> str:
    """Give input ``key`` its default the first time and keep it from now on; return the key."""
    kept: set[str] = st.session_state.setdefault(_KEPT, set())
    kept.add(key)
    if key not in st.session_state:
        st.session_state[key] = default
    return key


def kept() -> set[str]:
    """The keys of every remembered input (what a saved workspace keeps)."""
    found: set[str] = st.session_state.setdefault(_KEPT, set())
    return found


def value(key: str, default: Any) -> Any:
    """The current value of input ``key`` (its default when it was never shown)."""
    return st.session_state.get(key, default)


def forget(prefix_suffix: str) -> None:
    """Forget every remembered input whose key ends with ``prefix_suffix`` (a removed resume)."""
    kept: set[str] = st.session_state.get(_KEPT, set())
    for key in [k for k in kept if k.endswith(prefix_suffix)]:
        kept.discard(key)
        st.session_state.pop(key, None)


def bucket(name: str) -> dict[str, Any]:
    """A dict in session state (per user), created on first use."""
    found = st.session_state.get(name)
    if not isinstance(found, dict):
        found = {}
        st.session_state[name] = found
    return found


__all__ = [
    "Session",
    "bucket",
    "forget",
    "keep_inputs",
    "kept",
    "remember",
    "services",
    "session",
    "settings",
    "value",
]
