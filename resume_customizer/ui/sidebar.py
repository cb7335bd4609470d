"""Sidebar, email settings: preset, server, security, sender, account; Test connection; breaker.

Defaults come from the settings (``resume_customizer.toml``, the environment, ``st.secrets``).
A password set on the server is never sent to the browser: the field stays empty and an empty
field means "use the server's password". A typed password is registered with the log
redaction at once, so it cannot reach a log line.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from ..config import SECURITY_MODES, Secret, Settings
from ..errors import CustomizerError, InputError
from ..mail.bulk import SenderFactory, smtp_sender_factory
from ..mail.message import parse_mailbox
from ..mail.sender import BreakerState, breaker_states
from ..mail.transport import PRESETS, SmtpConfig, get_preset, probe, tls_context
from ..observe.logs import register_secret
from . import state
from .feedback import guarded
from .text import md_escape

PROBE_TIMEOUT_S = 10.0
_PROBE_RESULT = "rc_probe_result"
_SECURITY_WORDS = {"ssl": "SSL/TLS", "starttls": "STARTTLS", "plain": "None"}


@dataclass(frozen=True)
class SmtpChoice:
    """The email settings as entered: a usable config and sender, or what is wrong with them."""

    config: SmtpConfig | None
    sender: str
    problem: str | None

    @property
    def usable(self) -> bool:
        """Whether messages can be sent with these settings."""
        return self.config is not None and self.problem is None

    def sender_factory(self, settings: Settings) -> SenderFactory:
        """Senders (one connection each) with the settings' retry policy and the server's breaker."""
        if self.config is None or self.problem:
            raise InputError(self.problem or "The email settings are incomplete.")
        return smtp_sender_factory(self.config, retry=settings.retry, breaker=settings.breaker)


def _apply_preset() -> None:
    """Fill server, port and security from the chosen preset.

    Custom empties a provider's own server (smtp.gmail.com left there would still send through
    Gmail) and puts its port and security back to the usual ones; a server the user typed stays.
    """
    chosen = PRESETS[st.session_state["smtp-preset"]]
    if chosen.key != "custom":
        st.session_state["smtp-host"] = chosen.host
        st.session_state["smtp-port"] = chosen.port
        st.session_state["smtp-security"] = chosen.security
        return
    host = str(st.session_state.get("smtp-host", "")).strip().lower()
    if any(p.host and p.host == host for p in PRESETS.values()):
        st.session_state["smtp-host"] = chosen.host
        st.session_state["smtp-port"] = chosen.port
        st.session_state["smtp-security"] = chosen.security


def _defaults(settings: Settings) -> dict[str, object]:
    smtp = settings.smtp
    preset = smtp.preset if smtp.preset in PRESETS else "custom"
    host, port, security = smtp.host, smtp.port, smtp.security
    if preset != "custom" and not smtp.host:
        p = get_preset(preset)
        host, port, security = p.host, p.port, p.security
    return {
        "smtp-preset": preset,
        "smtp-host": host,
        "smtp-port": port,
        "smtp-security": security,
        "smtp-sender": smtp.sender,
        "smtp-user": smtp.username,
        "smtp-password": "",
    }


def _breaker_words(server: str) -> str:
    mine: list[BreakerState] = [b for b in breaker_states() if b.server == server]
    if not mine:
        return "Circuit breaker: closed (nothing sent to this server yet)"
    b = mine[0]
    if b.state == "open":
        return (
            f"Circuit breaker: **open** — sending paused for {b.retry_after:.0f} s after "
            f"{b.consecutive_failures} failures in a row (last: {md_escape(b.last_error or '')})"
        )
    if b.state == "half_open":
        return "Circuit breaker: half-open — the next message tests the server"
    if not b.consecutive_failures:
        return "Circuit breaker: closed (no failures in a row)"
    return (
        f"Circuit breaker: closed ({b.consecutive_failures} of {b.failure_threshold} failures in a row; "
        f"sending pauses at {b.failure_threshold})"
    )


def _choice(settings: Settings) -> SmtpChoice:
    ss = st.session_state
    typed = str(ss["smtp-password"])
    password = Secret(typed) if typed else Secret(settings.smtp.password)
    user = str(ss["smtp-user"]).strip()
    try:
        config = SmtpConfig(
            host=str(ss["smtp-host"]).strip(),
            port=int(ss["smtp-port"]),
            security=str(ss["smtp-security"]),
            username=user,
            password=password if user else Secret(),
            timeout_s=settings.smtp.timeout_s,
            allow_plain_auth=settings.smtp.allow_plain_auth,
            tls_context=tls_context(settings.smtp.ca_file) if settings.smtp.ca_file else None,
        ).validate()
    except CustomizerError as exc:
        return SmtpChoice(None, str(ss["smtp-sender"]).strip(), exc.message)
    sender_text = str(ss["smtp-sender"]).strip()
    if not sender_text:
        return SmtpChoice(config, "", "Enter the sender address (From), for example you@example.com.")
    try:
        # "José Pérez <jose@example.com>" keeps its name: From shows it to the recipient.
        sender = str(parse_mailbox(sender_text, field="sender address"))
    except CustomizerError as exc:
        return SmtpChoice(config, sender_text, exc.message)
    return SmtpChoice(config, sender, None)


def show(settings: Settings) -> SmtpChoice:
    """The email settings panel; return the settings as entered."""
    for key, default in _defaults(settings).items():
        state.remember(key, default)
    with st.sidebar.expander(
        "Email settings (SMTP)", expanded=not settings.smtp.host, icon=":material/mail:"
    ):
        st.selectbox(
            "Provider",
            list(PRESETS),
            key="smtp-preset",
            format_func=lambda k: PRESETS[k].label,
            on_change=_apply_preset,
        )
        st.text_input("Server", key="smtp-host", placeholder="smtp.example.com")
        port_col, security_col = st.columns([2, 3])
        port_col.number_input("Port", key="smtp-port", min_value=1, max_value=65535, step=1)
        security_col.selectbox(
            "Security",
            list(SECURITY_MODES),
            key="smtp-security",
            format_func=lambda m: _SECURITY_WORDS[m],
            help="SSL/TLS: usually port 465. STARTTLS: usually 587. None: only for a local relay.",
        )
        st.text_input("Sender (From)", key="smtp-sender", placeholder="you@example.com")
        st.text_input("User name", key="smtp-user", placeholder="usually the sender address")
        password = st.text_input(
            "Password",
            key="smtp-password",
            type="password",
            placeholder="set on the server" if settings.smtp.password else "app password",
            help="For Gmail, Office 365 and Yahoo use an app password. Kept for this session only "
            "and never written to the log.",
        )
        register_secret(password)
        choice = _choice(settings)
        if choice.problem:
            st.caption(f":material/warning: {md_escape(choice.problem)}")
        if st.button("Test connection", key="smtp-test", disabled=choice.config is None, width="stretch"):
            state.bucket(_PROBE_RESULT).clear()
            with guarded("testing the connection"):
                assert choice.config is not None
                cfg = choice.config
                answer = probe(
                    cfg.host,
                    cfg.port,
                    cfg.security,
                    min(cfg.timeout_s, PROBE_TIMEOUT_S),
                    context=cfg.tls_context,
                )
                state.bucket(_PROBE_RESULT)["answer"] = (cfg.server, answer)
        kept = state.bucket(_PROBE_RESULT).get("answer")
        if kept and choice.config is not None and kept[0] == choice.config.server:
            st.success(md_escape(kept[1]), icon=":material/check_circle:")
        if choice.config is not None:
            st.caption(_breaker_words(choice.config.server))
    return choice


__all__ = ["SmtpChoice", "show"]
