"""SMTP transport: the only module that imports smtplib.

One ``SmtpTransport`` holds at most one connection: opened on the first send (no I/O in the
constructor), logged in once, reused for the next messages and opened again when the server
dropped it while idle. Every socket operation has the configured timeout.

The SMTP transaction is driven step by step (MAIL, RCPT, DATA, body) rather than through
``sendmail`` so the transport knows how far it got when something breaks:

* before the body's final dot is sent, the server cannot have accepted the message: the
  failure is ``TransientDelivery`` (4xx, connection, timeout) or ``PermanentDelivery`` (5xx);
* after the final dot, a missing reply means the server may have accepted it:
  ``DeliveryUnknown``, never retried blindly.

Errors are translated here, with the server and the account in the message and never the
password: "smtp.example.com:587 rejected login for x@y: 535 5.7.8 Bad credentials".
"""

from __future__ import annotations

import logging
import re
import smtplib
import socket
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from ..config import SECURITY_MODES, Secret, SmtpSettings
from ..errors import (
    DeliveryError,
    DeliveryUnknown,
    InputError,
    PermanentDelivery,
    SetupFailure,
    TransientDelivery,
)
from .message import Sendable

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Preset:
    """A known provider's SMTP server, port and security mode."""

    key: str
    label: str
    host: str
    port: int
    security: str


PRESETS: dict[str, Preset] = {
    "gmail": Preset("gmail", "Gmail", "smtp.gmail.com", 587, "starttls"),
    "office365": Preset("office365", "Office 365", "smtp.office365.com", 587, "starttls"),
    "yahoo": Preset("yahoo", "Yahoo", "smtp.mail.yahoo.com", 465, "ssl"),
    "custom": Preset("custom", "Custom", "", 587, "starttls"),
}


def get_preset(key: str) -> Preset:
    """The preset named ``key`` (gmail, office365, yahoo, custom)."""
    try:
        return PRESETS[key.strip().lower()]
    except KeyError:
        raise InputError(f"Unknown SMTP preset '{key}'; choose one of {', '.join(PRESETS)}.") from None


@dataclass(frozen=True)
class SmtpConfig:
    """Where and how to connect: server, security mode, account, timeouts."""

    host: str
    port: int
    security: str = "starttls"
    username: str = ""
    password: Secret = field(default_factory=Secret, repr=False)
    timeout_s: float = 30.0
    allow_plain_auth: bool = False
    tls_context: ssl.SSLContext | None = field(default=None, repr=False, compare=False)
    local_hostname: str | None = None

    @property
    def server(self) -> str:
        """``host:port``, the name of this server in messages and in the breaker registry."""
        return f"{self.host}:{self.port}"

    def validate(self) -> SmtpConfig:
        """Return self when usable; ``InputError`` says which setting to fix."""
        if not self.host.strip():
            raise InputError("No SMTP host set; choose a preset or enter the server's host name.")
        if not 1 <= self.port <= 65535:
            raise InputError(f"SMTP port {self.port} is out of range; use 465 (ssl), 587 (starttls) or 25.")
        if self.security not in SECURITY_MODES:
            raise InputError(f"SMTP security '{self.security}' is unknown; use ssl, starttls or plain.")
        if not 0 < self.timeout_s <= 600:
            raise InputError("The SMTP timeout must be between 0 and 600 seconds.")
        if self.username and not self.password:
            raise InputError(f"An SMTP user ({self.username}) is set but no password; provide the password.")
        if self.username and self.security == "plain" and not self.allow_plain_auth:
            raise InputError(
                f"Refusing to send the password for {self.username} to {self.server} without TLS; "
                "use ssl or starttls (or allow_plain_auth for a trusted local relay)."
            )
        return self

    @classmethod
    def from_settings(
        cls,
        smtp: SmtpSettings,
        *,
        host: str | None = None,
        port: int | None = None,
        security: str | None = None,
        username: str | None = None,
        password: Secret | None = None,
        ca_file: str | None = None,
    ) -> SmtpConfig:
        """A config from the ``smtp`` settings (a preset fills host/port/mode), overridden by flags."""
        ca = ca_file if ca_file is not None else smtp.ca_file
        base = (smtp.host, smtp.port, smtp.security)
        if smtp.preset and smtp.preset != "custom" and not smtp.host:
            chosen = get_preset(smtp.preset)
            base = (chosen.host, chosen.port, chosen.security)
        return cls(
            host=host if host is not None else base[0],
            port=port if port is not None else base[1],
            security=security if security is not None else base[2],
            username=username if username is not None else smtp.username,
            password=password if password is not None else Secret(smtp.password),
            timeout_s=smtp.timeout_s,
            allow_plain_auth=smtp.allow_plain_auth,
            tls_context=tls_context(ca) if ca else None,
        )


def tls_context(ca_file: str | None = None) -> ssl.SSLContext:
    """A verifying TLS client context, trusting ``ca_file`` (PEM) on top of the system CAs."""
    context = ssl.create_default_context()
    if ca_file:
        try:
            context.load_verify_locations(cafile=ca_file)
        except (OSError, ssl.SSLError) as exc:
            raise InputError(
                f"Cannot load the CA file {ca_file}: {exc}; give a PEM certificate file."
            ) from None
    return context


class Transport(Protocol):
    """What the sender needs from a transport (a real SMTP one, or a test's)."""

    @property
    def server(self) -> str:
        """``host:port`` of the server."""
        ...

    def send(self, outgoing: Sendable, *, on_data: Callable[[], None] | None = None) -> str:
        """Deliver one message; return the server's reply to the data."""
        ...

    def close(self) -> None:
        """Close the connection, if any."""
        ...


_CRLF_DOT = re.compile(rb"(?m)^\.")
# Login mechanisms in the order tried: PLAIN and LOGIN (over TLS) before CRAM-MD5, which needs
# the password stored in clear on the server and fails on many that offer it.
_AUTH_MECHANISMS = ("PLAIN", "LOGIN", "CRAM-MD5")
_AUTH_METHODS = {"PLAIN": "auth_plain", "LOGIN": "auth_login", "CRAM-MD5": "auth_cram_md5"}


def _reply_text(code: int, reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    return f"{code} {' '.join(text.split())}".strip()


def _reply_error(
    code: int, text: str, *, permanent: type[PermanentDelivery] = PermanentDelivery
) -> DeliveryError:
    """A 4xx reply is transient, anything else (5xx, odd codes) permanent."""
    return TransientDelivery(text) if 400 <= code < 500 else permanent(text)


def _os_reason(exc: BaseException) -> str:
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return "timed out"
    if isinstance(exc, socket.gaierror):
        return f"host name not found ({exc.strerror or exc})"
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


class SmtpTransport:
    """A reusable SMTP connection: SSL, STARTTLS or plain, one login per connection."""

    def __init__(self, config: SmtpConfig) -> None:
        self._config = config.validate()
        self._smtp: smtplib.SMTP | None = None
        self.connections_opened = 0  # how many connections this transport opened (tests, metrics)

    @property
    def server(self) -> str:
        """``host:port`` of the server."""
        return self._config.server

    @property
    def config(self) -> SmtpConfig:
        """The connection settings."""
        return self._config

    def __enter__(self) -> SmtpTransport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- connection ---------------------------------------------------------------------

    def _context(self) -> ssl.SSLContext:
        return self._config.tls_context or ssl.create_default_context()

    def _open(self) -> smtplib.SMTP:
        cfg = self._config
        where = cfg.server
        try:
            if cfg.security == "ssl":
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                    cfg.host,
                    cfg.port,
                    timeout=cfg.timeout_s,
                    context=self._context(),
                    local_hostname=cfg.local_hostname,
                )
            else:
                smtp = smtplib.SMTP(
                    cfg.host, cfg.port, timeout=cfg.timeout_s, local_hostname=cfg.local_hostname
                )
        except smtplib.SMTPConnectError as exc:
            text = f"{where} refused the connection: {_reply_text(exc.smtp_code, exc.smtp_error)}"
            raise _reply_error(exc.smtp_code, text) from None
        except ssl.SSLCertVerificationError as exc:
            raise SetupFailure(
                f"{where} presented a certificate that is not trusted ({exc.verify_message}); "
                "check the host name or add the server's CA (smtp.ca_file)."
            ) from None
        except ssl.SSLError as exc:
            raise SetupFailure(
                f"TLS with {where} failed ({exc.reason or exc}); port 465 uses ssl, 587 uses starttls."
            ) from None
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            raise TransientDelivery(f"{where} could not be reached: {_os_reason(exc)}.") from None
        try:
            self._handshake(smtp)
        except BaseException:
            _quietly_close(smtp)
            raise
        self.connections_opened += 1
        log.debug("SMTP connection opened", extra={"operation": "smtp.connect", "server": where})
        return smtp

    def _handshake(self, smtp: smtplib.SMTP) -> None:
        cfg = self._config
        where = cfg.server
        try:
            code, reply = smtp.ehlo()
            if not 200 <= code < 300:
                code, reply = smtp.helo()
                if not 200 <= code < 300:
                    raise _reply_error(code, f"{where} refused EHLO/HELO: {_reply_text(code, reply)}")
            if cfg.security == "starttls":
                if not smtp.has_extn("starttls"):
                    raise SetupFailure(
                        f"{where} does not offer STARTTLS; use ssl (port 465) or check the port."
                    )
                try:
                    smtp.starttls(context=self._context())
                except smtplib.SMTPResponseException as exc:
                    text = f"{where} refused STARTTLS: {_reply_text(exc.smtp_code, exc.smtp_error)}"
                    raise _reply_error(exc.smtp_code, text, permanent=SetupFailure) from None
                smtp.ehlo()  # the server forgets everything it said before TLS
            if cfg.username:
                self._login(smtp)
        except DeliveryError:
            raise
        except ssl.SSLCertVerificationError as exc:
            raise SetupFailure(
                f"{where} presented a certificate that is not trusted ({exc.verify_message}); "
                "check the host name or add the server's CA (smtp.ca_file)."
            ) from None
        except ssl.SSLError as exc:
            raise SetupFailure(f"TLS with {where} failed ({exc.reason or exc}).") from None
        except smtplib.SMTPResponseException as exc:
            text = f"{where} refused the session: {_reply_text(exc.smtp_code, exc.smtp_error)}"
            raise _reply_error(exc.smtp_code, text) from None
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            raise TransientDelivery(
                f"{where} closed the connection during the greeting: {_os_reason(exc)}."
            ) from None

    def _login(self, smtp: smtplib.SMTP) -> None:
        cfg = self._config
        who = f"{cfg.server} rejected login for {cfg.username}"
        if not smtp.has_extn("auth"):
            hint = " (it may offer AUTH only over TLS)" if cfg.security == "plain" else ""
            raise SetupFailure(
                f"{cfg.server} does not offer AUTH{hint}; check the security mode or drop the user."
            )
        # One AUTH command per login: smtplib's login() tries every mechanism the server offers
        # after a refusal, so a wrong password would count twice or three times against the
        # account (providers lock accounts after a few failed logins).
        offered = smtp.esmtp_features.get("auth", "").upper().split()
        mechanism = next((m for m in _AUTH_MECHANISMS if m in offered), None)
        if mechanism is None:
            raise SetupFailure(
                f"{cfg.server} offers no login method this client speaks (it offers {' '.join(offered)}); "
                f"it needs one of {', '.join(_AUTH_MECHANISMS)}."
            )
        smtp.user, smtp.password = cfg.username, cfg.password.reveal()
        try:
            code, reply = smtp.auth(mechanism, getattr(smtp, _AUTH_METHODS[mechanism]))
            if code not in (235, 503):  # 503: already authenticated
                raise smtplib.SMTPAuthenticationError(code, reply)
        except smtplib.SMTPAuthenticationError as exc:
            text = f"{who}: {_reply_text(exc.smtp_code, exc.smtp_error)}"
            # 454 "temporary authentication failure" is the server's trouble, worth retrying.
            raise _reply_error(exc.smtp_code, text, permanent=SetupFailure) from None
        except smtplib.SMTPNotSupportedError:
            raise SetupFailure(
                f"{cfg.server} does not offer AUTH; check the security mode or drop the user."
            ) from None
        except smtplib.SMTPException as exc:
            if isinstance(exc, smtplib.SMTPServerDisconnected):
                raise TransientDelivery(f"{cfg.server} closed the connection during login.") from None
            raise SetupFailure(f"{who}: {exc}") from None

    def describe(self) -> str:
        """Open the connection (no login) and say what answered: banner, AUTH methods, TLS."""
        if self._smtp is None:
            self._smtp = self._open()
        smtp = self._smtp
        auth = smtp.esmtp_features.get("auth", "").strip()
        banner = (smtp.ehlo_resp or b"").decode("utf-8", "replace").splitlines()[:1]
        parts = [f"{self.server} answered ({self._config.security})"]
        if banner:
            parts.append(banner[0][:80])
        parts.append(f"AUTH {auth}" if auth else "no AUTH offered")
        if smtp.has_extn("smtputf8"):
            parts.append("SMTPUTF8")
        return "; ".join(parts)

    def close(self) -> None:
        """Say QUIT and close the connection; a dead connection is simply dropped."""
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            try:
                smtp.quit()
            except (smtplib.SMTPException, OSError):
                log.debug(
                    "QUIT failed; connection dropped", extra={"operation": "smtp.quit", "server": self.server}
                )
            finally:
                _quietly_close(smtp)

    def _drop(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            _quietly_close(smtp)

    # -- sending ------------------------------------------------------------------------

    def send(self, outgoing: Sendable, *, on_data: Callable[[], None] | None = None) -> str:
        """Deliver one message on the (re)used connection; return the server's final reply.

        ``on_data`` is called after the server said 354 and before the body is written:
        the moment from which a broken connection leaves the outcome unknown.
        """
        reused = self._smtp is not None
        if self._smtp is None:
            self._smtp = self._open()
        try:
            return self._transaction(self._smtp, outgoing, on_data)
        except _StaleConnection as stale:
            self._drop()
            if not reused:
                raise TransientDelivery(f"{self.server} {stale.reason}") from None
            log.info(
                "SMTP connection was dropped by the server; reconnecting",
                extra={"operation": "smtp.reconnect", "server": self.server},
            )
        self._smtp = self._open()
        try:
            return self._transaction(self._smtp, outgoing, on_data)
        except _StaleConnection as stale:
            self._drop()
            raise TransientDelivery(f"{self.server} {stale.reason}") from None

    def _transaction(self, smtp: smtplib.SMTP, outgoing: Sendable, on_data: Callable[[], None] | None) -> str:
        where = self.server
        utf8 = outgoing.smtputf8
        options: list[str] = []
        if utf8:
            if not smtp.has_extn("smtputf8"):
                raise PermanentDelivery(f"{where} does not accept non-ASCII addresses (no SMTPUTF8).")
            options = ["SMTPUTF8", "BODY=8BITMIME"]
        data = outgoing.smtp_bytes()

        # MAIL FROM: a dead reused connection shows here, before anything was committed.
        try:
            code, reply = smtp.mail(outgoing.sender, options)
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            raise _StaleConnection(f"closed the connection before MAIL FROM: {_os_reason(exc)}.") from None
        if code == 421:
            raise _StaleConnection(f"is closing the connection: {_reply_text(code, reply)}")
        try:
            if code != 250:
                self._reset(smtp, code)
                raise _reply_error(
                    code, f"{where} refused sender {outgoing.sender}: {_reply_text(code, reply)}"
                )

            refused: list[tuple[str, int, str]] = []
            for rcpt in outgoing.recipients:
                code, reply = smtp.rcpt(rcpt)
                if code not in (250, 251):
                    refused.append((rcpt, code, _reply_text(code, reply)))
                    if code == 421:
                        break
            if refused:
                # A job goes to all its recipients or to none: the outbox row stays truthful.
                self._reset(smtp, refused[-1][1])
                words = "; ".join(f"{r}: {t}" for r, _, t in refused)
                transient = any(400 <= c < 500 for _, c, _ in refused)
                cls = TransientDelivery if transient else PermanentDelivery
                raise cls(f"{where} refused recipient(s) {words}")

            code, reply = smtp.docmd("DATA")
            if code != 354:
                self._reset(smtp, code)
                raise _reply_error(code, f"{where} refused DATA: {_reply_text(code, reply)}")
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            self._drop()
            raise TransientDelivery(
                f"{where} closed the connection before the message was sent: {_os_reason(exc)}."
            ) from None

        if on_data is not None:
            try:
                on_data()
            except BaseException:
                self._drop()  # the server waits for a body; abandon the connection
                raise
        body = _CRLF_DOT.sub(b"..", data)
        if not body.endswith(b"\r\n"):
            body += b"\r\n"
        try:
            smtp.send(body + b".\r\n")
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            # The final dot was not written, so the server cannot have accepted the message.
            self._drop()
            raise TransientDelivery(
                f"{where} closed the connection while the message was sent: {_os_reason(exc)}."
            ) from None
        try:
            code, reply = smtp.getreply()
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            self._drop()
            raise DeliveryUnknown(
                f"{where} sent no reply after the message data ({_os_reason(exc)}); "
                "it may have been delivered. Check the recipient's mailbox before sending again."
            ) from None
        text = _reply_text(code, reply)
        if code != 250:
            self._reset(smtp, code)
            raise _reply_error(
                code, f"{where} rejected the message for {', '.join(outgoing.recipients)}: {text}"
            )
        return text

    def _reset(self, smtp: smtplib.SMTP, code: int) -> None:
        """After a refusal: RSET to reuse the connection, or drop it when the server is closing it."""
        if code == 421:
            self._drop()
            return
        try:
            smtp.rset()
        except (smtplib.SMTPException, OSError):
            self._drop()


class _StaleConnection(Exception):
    """Internal: the connection was found dead before anything of the message was committed."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _quietly_close(smtp: smtplib.SMTP) -> None:
    try:
        smtp.close()
    except OSError:
        log.debug("closing an SMTP socket failed", extra={"operation": "smtp.close"})


def probe(
    host: str, port: int, security: str, timeout: float, *, context: ssl.SSLContext | None = None
) -> str:
    """Connect and greet (EHLO, STARTTLS when asked) without logging in; describe what answered."""
    config = SmtpConfig(host=host, port=port, security=security, timeout_s=timeout, tls_context=context)
    with SmtpTransport(config) as transport:
        return transport.describe()


__all__ = [
    "PRESETS",
    "DeliveryUnknown",
    "Preset",
    "SetupFailure",
    "SmtpConfig",
    "SmtpTransport",
    "Transport",
    "get_preset",
    "probe",
    "tls_context",
]
