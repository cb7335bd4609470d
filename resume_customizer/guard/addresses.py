"""Address checks: recipient fields and header values, before anything reaches an email.

Entry points:

* ``parse_recipients(text)`` reads a recipients field: addresses separated by commas,
  semicolons or line breaks (``Name <addr>`` accepted, the name dropped), each checked and
  normalised by email-validator without network lookups by default, duplicates (ignoring case)
  removed, order kept. A bad address raises ``InputError`` naming it. Because line breaks only
  ever separate recipients, no address can carry a CR/LF into a header; an injection attempt
  such as ``a@x.com\\r\\nBcc: b@y.com`` is refused as the invalid address ``Bcc: b@y.com``.
* ``check_header_value(value, field)`` for any other header (subject, sender name): one line,
  no control characters, at most 998 characters (RFC 5322).
"""

from __future__ import annotations

import unicodedata

from email_validator import EmailNotValidError, validate_email

from ..errors import InputError

MAX_RECIPIENTS = 100
MAX_FIELD_CHARS = 20_000
MAX_HEADER_CHARS = 998
_SEPARATORS = ",;\r\n\x85\u2028\u2029"
_HEADER_BREAKS = frozenset("\r\n\x0b\x0c\x85\u2028\u2029")


def _shown(text: str, limit: int = 80) -> str:
    """``text`` made safe to quote in a one-line message."""
    text = "".join(c if c.isprintable() else "?" for c in text.strip())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _split(text: str) -> list[str]:
    """Split on separators outside double quotes and angle brackets; line breaks always split."""
    tokens: list[str] = []
    buf: list[str] = []
    quoted = angled = False
    for ch in text:
        if ch in _SEPARATORS and (ch in "\r\n\x85\u2028\u2029" or not (quoted or angled)):
            tokens.append("".join(buf))
            buf = []
            quoted = angled = False
            continue
        if ch == '"' and not angled:
            quoted = not quoted
        elif ch == "<" and not quoted:
            angled = True
        elif ch == ">" and not quoted:
            angled = False
        buf.append(ch)
    tokens.append("".join(buf))
    return [t.strip() for t in tokens if t.strip()]


def parse_recipients(
    text: str,
    *,
    check_deliverability: bool = False,
    required: bool = True,
    max_recipients: int = MAX_RECIPIENTS,
) -> list[str]:
    """Normalised, de-duplicated addresses from a recipients field; ``InputError`` names a bad one."""
    if not isinstance(text, str):
        raise InputError("The recipients must be text: email addresses separated by commas.")
    if len(text) > MAX_FIELD_CHARS:
        raise InputError(
            f"The recipients field is {len(text):,} characters long; the limit is {MAX_FIELD_CHARS:,}."
        )
    out: list[str] = []
    seen: set[str] = set()
    for token in _split(text):
        try:
            result = validate_email(token, check_deliverability=check_deliverability, allow_display_name=True)
        except EmailNotValidError as exc:
            reason = " ".join(str(exc).split()).rstrip(".")
            raise InputError(
                f"'{_shown(token)}' is not a valid email address ({reason}). Fix it and try again."
            ) from None
        address = result.normalized
        if any(c in _HEADER_BREAKS or not c.isprintable() for c in address):
            raise InputError(f"'{_shown(token)}' contains a line break or control character; remove it.")
        key = address.casefold()
        if key in seen:
            continue
        seen.add(key)
        out.append(address)
        if len(out) > max_recipients:
            raise InputError(f"More than {max_recipients} recipients in one field; send to fewer at a time.")
    if required and not out:
        raise InputError("Enter at least one recipient email address, for example jane@example.com.")
    return out


def check_header_value(value: str, field: str, *, max_chars: int = MAX_HEADER_CHARS) -> str:
    """``value`` NFC-normalised if it is safe as one email header line; else ``InputError``."""
    if not isinstance(value, str):
        raise InputError(f"The {field} must be text.")
    if any(c in _HEADER_BREAKS for c in value):
        raise InputError(f"The {field} must be a single line: remove the line break.")
    if any(unicodedata.category(c) == "Cc" and c != "\t" for c in value):
        raise InputError(f"The {field} contains a control character; remove it.")
    value = unicodedata.normalize("NFC", value)
    if len(value) > max_chars:
        raise InputError(f"The {field} is {len(value):,} characters long; the limit is {max_chars}.")
    return value


__all__ = ["MAX_RECIPIENTS", "check_header_value", "parse_recipients"]
